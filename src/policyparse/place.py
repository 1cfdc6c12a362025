"""The region a document is about: "山东省人民政府办公厅" -> "山东省", "国务院" -> "全国".

Reads: a document's issuer, title and the text at its head. Writes: nothing. Raises: nothing.

Where it looks, in order (the first that names a region wins):
1. the issuer — a place name at its start ("重庆市璧山区人民政府办公室" -> "璧山区"), or a national
   organ ("国务院", "工业和信息化部", "国家发展改革委 财政部") -> "全国";
2. the title, at its start after a year or 关于印发 ("2026年吉林省政府工作报告" -> "吉林省",
   "北京市城乡规划条例" -> "北京市", "国务院关于…" -> "全国");
3. the head text: "我代表X人民政府" / "我受国务院的委托" (a work report speaks for a government), the
   meeting line "在X第十四届人民代表大会第三次会议上" / "向全国人民代表大会报告", or a recipients line
   addressed to the provinces ("各省、自治区、直辖市人民政府，…：" -> "全国").
A place name is a run of Han characters ending in an administrative suffix (data/place/suffixes.txt:
省/自治区/市/县/区/自治州/旗/盟/地区…). When a name is a chain ("山东省济南市", "北京市东城区") the most
specific region is given, as printed — a lower level only where an organ's name follows it
(data/place/organs.txt: "济南市市中区人民政府" -> "市中区", but "威海市精致城市建设条例" -> "威海市").
National documents get "全国": their region is known (the whole country), so they are not null;
null means no region could be told.
"""
from __future__ import annotations

from functools import cache

import regex

from .lexicons import alternation, compile_on_use, load_list
from .normalize import normalize

NATIONAL = "全国"


# The body of a region name before its suffix: 1-4 Han characters ("乌鲁木齐" 市, "西海岸新" 区), up to 12
# before an 自治 suffix ("克孜勒苏柯尔克孜" 自治州) or 兵团 ("新疆生产建设" 兵团). Longer runs are
# phrases ("促进智慧城" 市), not names.
MAX_BODY, MAX_BODY_AUTONOMOUS = 4, 12
# A first character that makes a phrase of a name: 本届省, 该市, 各区, 全省, 我市, 的市.
NOT_FIRST = frozenset("本该各全我每其此的和与及在")


@cache
def _patterns() -> tuple:
    suffixes = load_list("place/suffixes.txt")
    # One region: the shortest run of Han characters that ends in a suffix ("宁夏回族" + "自治区").
    unit = compile_on_use(rf"\p{{Han}}{{1,{MAX_BODY_AUTONOMOUS}}}?{alternation(suffixes)}")
    national_start = compile_on_use(alternation(load_list("place/national_prefixes.txt")))
    national_organ = compile_on_use(rf"\p{{Han}}{{1,12}}?{alternation(load_list('place/national_organs.txt'))}"
                                   rf"(?:办公厅|办公室)?(?=$|[\s、,，]|关于)")
    organ = compile_on_use(alternation(load_list("place/organs.txt")))
    return unit, tuple(sorted(suffixes, key=lambda w: (-len(w), w))), frozenset(load_list("place/not_places.txt")), \
        national_start, national_organ, organ


def _is_region(name: str) -> bool:
    """Is `name` (one Han run ending in a suffix) a plausible region name?

    >>> [_is_region(x) for x in ("山东省", "城市", "促进智慧城市", "本届省", "克孜勒苏柯尔克孜自治州")]
    [True, False, False, False, True]
    """
    _, suffixes, not_places, *_ = _patterns()
    suffix = next((x for x in suffixes if name.endswith(x)), "")
    body = len(name) - len(suffix)
    limit = MAX_BODY_AUTONOMOUS if suffix.startswith("自治") or suffix == "兵团" else MAX_BODY
    return bool(suffix) and 1 <= body <= limit and name not in not_places and name[0] not in NOT_FIRST


PARTY_RE = compile_on_use(r"^(?:中共|中国共产党)(?!中央)")                   # 中共山东省委 -> 山东省委
TITLE_LEAD_RE = compile_on_use(r"""
    ^[\#\s]*                                      # a Markdown copy's "# 北京市…条例"
    (?: (?:19|20)\d\d年(?:度)? )?              # 2026年吉林省政府工作报告
    (?: 关于(?:印发|转发|公布) )?              # 关于印发济南市…的通知 (not bare 关于: 关于促进智慧城市…)
    [《“"]?                                      # 关于印发《山东省…》
""", regex.VERBOSE)
# "我代表海南省人民政府" / "我代表国务院"; the meeting line "在浙江省第十四届人民代表大会…" /
# "在第十四届全国人民代表大会…". Group x is handed to _region_at_start.
_speaker_re = compile_on_use(r"我(?:代表|受)(?P<x>国务院|[^\s,，。;；:：]{2,30}?(?:人民政府|政府))")
_meeting_re = compile_on_use(r"""
    [在向] (?P<x> [^\s,，。;；:：]{2,20}? | 第[一二三四五六七八九十\d]{1,4}届(?=全国) | (?=全国) )
    (?: 第[一二三四五六七八九十\d]{1,4}届 )? (?:全国)? 人民代表大会
""", regex.VERBOSE)


# A national document addresses the provinces: a recipients line "各省、自治区、直辖市人民政府，国务院各部委、
# 各直属机构：" (or "…及新疆生产建设兵团工业和信息化主管部门：").
_provinces_addressed_re = compile_on_use(r"(?<![^\r\n])[ \t\u3000]*各省、自治区、直辖市[^\r\n]{0,200}?[:：]")


def _clean(s: str | None) -> str:
    return regex.sub(r"\s+", " ", normalize(s or "")).strip()


def _region_at_start(s: str) -> str | None:
    """The most specific region named at the start of `s` (None if it starts with none, "全国" if it
    starts with a national organ).

    >>> _region_at_start("山东省人民政府办公厅"), _region_at_start("济南市市中区人民政府")
    ('山东省', '市中区')
    >>> _region_at_start("国家发展改革委 财政部"), _region_at_start("工业和信息化部办公厅")
    ('全国', '全国')
    >>> _region_at_start("广州市人民政府"), _region_at_start("运输局")
    ('广州市', None)
    """
    unit, _, _, national_start, national_organ, organ = _patterns()
    s = PARTY_RE.sub("", s)
    if national_start.match(s):
        return NATIONAL
    found, pos = [], 0                                   # the chain: 山东省 / 济南市 / 市中区
    while (m := unit.match(s, pos)) and _is_region(m.group()):
        found.append(m)
        pos = m.end()
    # A lower level counts only where an organ's name follows it: 济南市市中区人民政府, not
    # 上海市商品交易市场 or 威海市精致城市建设条例.
    for m in reversed(found[1:]):
        if organ.match(s, m.end()):
            return m.group()
    if found:
        return found[0].group()
    if national_organ.match(s):
        return NATIONAL
    return None


def place_of(title: str | None, issuer: str | None, head_text: str | None = None) -> str | None:
    """The region the document is about, or None when no region can be told.

    >>> place_of(None, "山东省人民政府办公厅"), place_of("2026年吉林省政府工作报告", None)
    ('山东省', '吉林省')
    >>> place_of("政府工作报告", "国务院"), place_of("北京市城乡规划条例", None)
    ('全国', '北京市')
    >>> place_of("政府工作报告", None, "各位代表：现在，我代表海南省人民政府，向大会报告政府工作")
    '海南省'
    >>> place_of("政府工作报告", None, "——2026年1月在浙江省第十四届人民代表大会第四次会议上")
    '浙江省'
    >>> place_of("政府工作报告", None, "——2024年3月5日在第十四届全国人民代表大会第二次会议上")
    '全国'
    >>> place_of(None, None, "现在，我受国务院的委托，向全国人民代表大会报告政府工作。")
    '全国'
    >>> place_of("“十四五”智能制造发展规划", None, "各省、自治区、直辖市及计划单列市工业和信息化主管部门：\\n…")
    '全国'
    >>> place_of("关于印发《重庆市璧山区数字经济发展规划》的通知", "重庆市璧山区人民政府办公室")
    '璧山区'
    >>> place_of("# 威海市精致城市建设条例", None), place_of("政府工作报告", None)
    ('威海市', None)
    """
    issuer_c = _clean(issuer)
    if issuer_c:
        found = _region_at_start(issuer_c)
        if found:
            return found
    title_c = _clean(title)
    if title_c:
        found = _region_at_start(title_c[TITLE_LEAD_RE.match(title_c).end():])
        if found:
            return found
    head = _clean(head_text)
    m = _speaker_re.search(head)
    if m and _region_at_start(m.group("x")):
        return _region_at_start(m.group("x"))
    m = _meeting_re.search(head)
    if m:
        x = m.group("x")
        return NATIONAL if not x or x.startswith("第") else (x if _region_at_start(x) == x else None)
    if _provinces_addressed_re.search(normalize(head_text or "")):
        return NATIONAL
    return None
