"""Unit names (SPEC §5): which strings name a unit, and how a printed list of units splits.

"市经济信息委〔市中小企业局〕、工业和信息化部、全国总工会等和各省级人民政府" -> three units, as printed.

The rules, in the order unit_spans applies them:
- pieces      a list splits on 、 ， , ； ; nested brackets stay inside their unit (〔市中小企业局〕);
- clean       leading words (由, 具体由 …) and trailing qualifiers (等, 按职责分工, 分别 …) come off a unit;
- 等和        "A等和B" always splits (SPEC §5); "A等B" splits when B is a unit of its own ("能源局等省有关
              部门"); a bare class noun after 等 ("市财政局等部门") is dropped;
- 和/及/与    split only where both sides are units of their own, tried from the right: a name holding 和
              stays whole (工业和信息化部: 工业 is no unit; 中央和国家机关工委: 中央 is only an ending;
              有关部门和单位: 单位 is a bare class noun; bare_words.txt);
- shared suffix  bare pieces before 、 share the next unit's organ name: "各州、市人民政府",
              "济南、青岛、烟台市政府" are one unit each.
Whether a string ends like a unit is the organisation-name test of orgs.py (an issuing body's name) or
one of the endings only assignments use (data/responsibilities/unit_suffixes.txt: 部门, 单位, 各地区, 区 …).
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import NamedTuple

import regex

from ..lexicons import alternation, compile_on_use, load_list
from ..normalize import normalize
from ..orgs import is_org
from ..records import Text
from ..spans import Span

# One unit inside a list: name characters and nested brackets, up to a separator.
PIECE_RE = compile_on_use(r"""
    (?: [^、,;。!?()〔〕\[\]【】\r\n]  # a character of a name (、 , ; end a unit; a unit never spans 。
      | \( [^()\r\n]{0,40} \)           #   nor a line end)
      | 〔 [^〔〕\r\n]{0,40} 〕          # nested brackets stay inside the unit:
      | 【 [^【】\r\n]{0,40} 】          #   市经济信息委〔市中小企业局〕
      | \[ [^\[\]\r\n]{0,40} \]
    ){1,160}                            # GUARD: bounded; branches start on different characters
""", regex.VERBOSE)

# Words that may join two units inside one piece ("各地区和有关部门", "国务院相关部门和单位及各地区").
CONJ_RE = compile_on_use(r"以及|和|及|与")

# A bracket ending a name: "市经济信息委〔市中小企业局〕" ends like 委 once it is off.
ALIAS_TAIL_RE = compile_on_use(r"(?:\([^()]*\)|〔[^〔〕]*〕|【[^【】]*】|\[[^\[\]]*\])$")

# The last run of name characters: the part of a unit the organisation-name test reads.
NAME_TAIL_RE = compile_on_use(r"[\p{Han}〔〕]{1,40}$")


class _Vocab(NamedTuple):
    unit_end_re: regex.Pattern      # endings only assignments use: 部门 / 单位 / 各地区 / 区 / 街道 …
    qual_tail_re: regex.Pattern     # 等 / 按职责分工 / 分别 … at the end of a unit
    lead_word_re: regex.Pattern     # 由 / 具体由 / 责成 … before the first unit
    after_deng: frozenset           # 部门 / 单位 / 成员单位 …: a class noun closing a list after 等
    bare_words: frozenset           # 部门 / 单位 / 中央 …: no unit of their own beside 和
    bare_level_re: regex.Pattern    # "各州", "有关区", "市", "自治区" (fullmatch only)
    actor_end_re: regex.Pattern     # 企业 / 高校 / 院所 …: actors, never a sector's department


@cache
def _vocab() -> _Vocab:
    levels = alternation(load_list("responsibilities/place_levels.txt"))
    return _Vocab(
        unit_end_re=compile_on_use(rf"(?:{alternation(load_list('responsibilities/unit_suffixes.txt'))})$"),
        qual_tail_re=compile_on_use(rf"(?:{alternation(load_list('responsibilities/qualifiers.txt'))})$"),
        lead_word_re=compile_on_use(alternation(load_list("responsibilities/leading.txt"))),
        after_deng=frozenset(load_list("responsibilities/after_deng.txt")),
        bare_words=frozenset(load_list("responsibilities/bare_words.txt")),
        bare_level_re=compile_on_use(rf"(?:各|有关|相关)?(?:{levels})"),
        actor_end_re=compile_on_use(rf"(?:{alternation(load_list('responsibilities/actor_suffixes.txt'))})$"),
    )


def fold(s: str) -> str:
    """Width-folded, without white space: the key under which two printings of a unit are one.

    >>> fold("市经济信息委（市中小企业局） "), fold("牵头 单位")
    ('市经济信息委(市中小企业局)', '牵头单位')
    """
    return _fold_name(s) if len(s) <= NAME_MAX else "".join(normalize(s).split())


NAME_MAX = 40       # characters: a unit's name (is_unit's bound); the names of a document repeat in every task


@lru_cache(maxsize=8192)
def _fold_name(s: str) -> str:
    return "".join(normalize(s).split())


@lru_cache(maxsize=8192)
def is_unit(name: str) -> bool:
    """Does `name` read as a unit (it ends like one) rather than as a phrase?

    >>> is_unit("市经济信息委〔市中小企业局〕"), is_unit("有关部门"), is_unit("各地区")
    (True, True, True)
    >>> is_unit("各县（市、区）政府（管委会）"), is_unit("中国（山东）自由贸易试验区济南片区管委会")
    (True, True)
    >>> is_unit("工业"), is_unit("2023年底前完成"), is_unit("社会力量")
    (False, False, False)
    """
    name = normalize(name).strip()
    if not 2 <= len(name) <= 40 or "的" in name or any(c.isdigit() for c in name):
        return False
    core = ALIAS_TAIL_RE.sub("", name) or name          # 市经济信息委〔市中小企业局〕 ends like 委
    if _vocab().unit_end_re.search(core):
        return True
    tail = NAME_TAIL_RE.search(core)
    return tail is not None and is_org(tail.group())


def _own_unit(name: str) -> bool:
    """A unit that can stand on its own beside 和: not a bare word (a class noun, a bare ending).

    >>> _own_unit("各地区"), _own_unit("中央"), _own_unit("单位"), _own_unit("工业")
    (True, False, False, False)
    """
    name = name.strip()
    return name not in _vocab().bare_words and is_unit(name)


def clean(norm: str, s: int, e: int) -> Span:
    """Trim spaces, a leading 由 / 具体由 …, and trailing qualifiers (等, 按职责分工, 分别 …) from a unit span.

    >>> n = "具体由市财政局等按职责分工"
    >>> n.__getitem__(slice(*clean(n, 0, len(n))))
    '市财政局'
    """
    v = _vocab()
    while True:
        while s < e and norm[s].isspace():
            s += 1
        while e > s and norm[e - 1].isspace():
            e -= 1
        m = v.lead_word_re.match(norm, s, e)
        if m and e - m.end() >= 2:
            s = m.end()
            continue
        m = v.qual_tail_re.search(norm, s, e)
        if m and m.start() > s:
            e = m.start()
            continue
        return s, e


def _class_phrase(text: str) -> bool:
    """"部门", "部门和单位": class nouns only, naming no unit (dropped after 等)."""
    return all(p.strip() in _vocab().after_deng for p in CONJ_RE.split(text))


def _split_conj(norm: str, s: int, e: int) -> list[Span]:
    """Split one piece at 等和 always; at 等 before a unit; at 和/及/与 where both sides stand alone.

    >>> n = "国务院相关部门和单位及各地区"
    >>> [n[a:b] for a, b in _split_conj(n, 0, len(n))]
    ['国务院相关部门和单位', '各地区']
    >>> n = "中央和国家机关工委"
    >>> [n[a:b] for a, b in _split_conj(n, 0, len(n))]
    ['中央和国家机关工委']
    >>> n = "市财政局等部门和单位"
    >>> [n[a:b] for a, b in _split_conj(n, 0, len(n))]
    ['市财政局']
    """
    text = norm[s:e]
    k = text.find("等和")
    if k > 0:
        return _split_conj(norm, s, s + k) + _split_conj(norm, s + k + 2, e)
    k = text.find("等")
    if 0 < k < len(text) - 1 and is_unit(text[:k]):
        rest = text[k + 1:].strip()
        if _class_phrase(rest) or not is_unit(rest):
            return [(s, s + k)]
        return [(s, s + k)] + _split_conj(norm, s + k + 1, e)
    for m in reversed(list(CONJ_RE.finditer(text))):     # from the right: "…部门和单位及各地区"
        left, right = text[:m.start()], text[m.end():]
        if _own_unit(left) and _own_unit(right):
            return _split_conj(norm, s, s + m.start()) + [(s + m.end(), e)]
    return [(s, e)]


BARE_NAME_RE = compile_on_use(r"\p{Han}{2,4}")          # "济南", "财政": a name without its organ (fullmatch)


def _bare(norm: str, s: int, e: int) -> bool:
    """A piece that names no organ of its own: a bare level ("各州", "市", "自治区": place_levels.txt) or
    a short name that does not end like a unit ("济南", "财政")."""
    v = _vocab()
    return bool(v.bare_level_re.fullmatch(norm, s, e)
                or (BARE_NAME_RE.fullmatch(norm, s, e) and not is_unit(norm[s:e])))


def _shared_suffix(norm: str, pieces: list[Span]) -> list[Span]:
    """Join bare pieces before 、 to the unit that ends them: "各州、市人民政府", "济南、青岛、烟台市政府"
    and "财政、税务部门" are one unit each, as printed.

    A shared-suffix coordination (各州人民政府、市人民政府) prints the organ name once; bare pieces
    (see _bare) join the following piece when they are separated by 、 alone and that piece ends like a
    unit. Units are slices of the text, so the joined unit is not expanded.

    >>> n = "各州、市人民政府,各行政公署"
    >>> [n[a:b] for a, b in _shared_suffix(n, [(0, 2), (3, 8), (9, 14)])]
    ['各州、市人民政府', '各行政公署']
    >>> n = "济南、青岛、烟台市政府"
    >>> [n[a:b] for a, b in _shared_suffix(n, [(0, 2), (3, 5), (6, 11)])]
    ['济南、青岛、烟台市政府']
    >>> n = "市财政局、市税务局"
    >>> [n[a:b] for a, b in _shared_suffix(n, [(0, 4), (5, 9)])]
    ['市财政局', '市税务局']
    """
    out, i = [], 0
    while i < len(pieces):
        j = i
        while (j + 1 < len(pieces) and norm[pieces[j][1]:pieces[j + 1][0]] == "、"
               and _bare(norm, *clean(norm, *pieces[j]))):
            j += 1
        if j > i:
            s, e = clean(norm, *pieces[j])
            if not _bare(norm, s, e) and is_unit(norm[s:e]):
                out.append((pieces[i][0], pieces[j][1]))
                i = j + 1
                continue
        out.append(pieces[i])
        i += 1
    return out


# A list closed by 等 and a class noun ("水利、交通运输、国资委、监狱、国网江西电力公司等部门"): the class noun names
# every piece, so a bare sector name is a unit of its own (水利: the water department) and shares no organ name
# with the piece after it. (The class nouns: after_deng.txt. "等相关部门": 相关部门 is a generic unit of its own,
# SPEC §5, and stays one.)
def _class_closed(norm: str, start: int, end: int) -> tuple[int, Span | None] | None:
    """(where the closing 等 is, the generic unit after it or None) of a list closed by a class noun, or None.

    >>> n = "水利、交通运输、国资委等相关部门"
    >>> _class_closed(n, 0, len(n)), _class_closed(n, 0, len(n) - 4)
    ((11, (12, 16)), None)
    >>> _class_closed("水利、交通运输等部门", 0, 10), _class_closed("市财政局、市税务局", 0, 9)
    ((7, None), None)
    """
    k = norm.rfind("等", start, end)
    if k <= start:
        return None
    a, b = clean(norm, k + 1, end)
    if norm.startswith(("相关", "有关"), a):
        return (k, (a, b)) if _class_phrase(norm[a + 2:b]) else None
    return (k, None) if a < b and _class_phrase(norm[a:b]) else None


SECTOR_RE = compile_on_use(r"(?:各级)?\p{Han}{2,6}(?:<\p{Han}{1,6}>|\(\p{Han}{1,6}\))?")   # "水利", "住建<城管>"


def sector_units(norm: str, start: int, end: int) -> list[Span] | None:
    """The units of [start, end) when its pieces name departments by their sector, the list being closed by 等 and
    a class noun ("各级防办、应急管理、水利等部门"): each piece is a unit (SPEC §5: split lists on 、); else None.

    >>> n = "应急管理、水利、住建<城管>等相关部门"
    >>> [n[a:b] for a, b in sector_units(n, 0, len(n))], sector_units("应急管理、水利", 0, 7)
    (['应急管理', '水利', '住建<城管>', '相关部门'], None)
    """
    closed = _class_closed(norm, start, end)
    if closed is None:
        return None
    k, generic = closed
    pieces = [clean(norm, *m.span()) for m in PIECE_RE.finditer(norm, start, k)]
    if not all(is_unit(norm[a:b]) or (SECTOR_RE.fullmatch(norm, a, b) and not _vocab().actor_end_re.search(norm, a, b))
               for a, b in pieces):
        return None
    return pieces + ([generic] if generic else [])


def unit_spans(t: Text, start: int, end: int) -> list[Span]:
    """Spans of the units listed in [start, end): split on 、，,；; and at 等和; nested brackets kept.

    >>> t = Text("市经济信息委〔市中小企业局〕、市通信管理局", normalize("市经济信息委〔市中小企业局〕、市通信管理局"))
    >>> [t.out(*s) for s in unit_spans(t, 0, len(t.raw))]
    ['市经济信息委〔市中小企业局〕', '市通信管理局']
    >>> s = "工业和信息化部、全国总工会等和各省级人民政府"
    >>> t = Text(s, normalize(s))
    >>> [t.out(*s) for s in unit_spans(t, 0, len(t.raw))]
    ['工业和信息化部', '全国总工会', '各省级人民政府']
    >>> t = Text("电力公司等和各市、州、县人民政府", normalize("电力公司等和各市、州、县人民政府"))
    >>> [t.out(*s) for s in unit_spans(t, 0, len(t.raw))]
    ['电力公司', '各市、州、县人民政府']
    """
    # Split at 和/及/等和 first, then join shared-suffix chains: in "A等和各市、州、县人民政府" the bare
    # level 各市 is only visible once 等和 has cut it from A. A list of sectors closed by "等部门" is cut at
    # its 等, each piece a unit.
    if (sectors := sector_units(t.norm, start, end)) is not None:
        return sectors
    parts: list[Span] = []
    for m in PIECE_RE.finditer(t.norm, start, end):
        for s, e in _split_conj(t.norm, *clean(t.norm, *m.span())):
            s, e = clean(t.norm, s, e)
            if e > s:
                parts.append((s, e))
    return [clean(t.norm, s, e) for s, e in _shared_suffix(t.norm, parts)]


def split_units(text: str) -> list[str]:
    """The units named in a string (a table cell), as printed.

    >>> split_units("市公安局、市人力社保局、重庆市税务局")
    ['市公安局', '市人力社保局', '重庆市税务局']
    >>> split_units("市规划自然资源局等按职责分工")
    ['市规划自然资源局']
    >>> split_units("有关部门和单位"), split_units("")
    (['有关部门和单位'], [])
    """
    t = Text(text, normalize(text))
    return [t.out(s, e) for s, e in unit_spans(t, 0, len(text))]


def dedupe(names: Iterable[str]) -> tuple[str, ...]:
    """Names in order, each once (compared width-folded).

    >>> dedupe(["市财政局", "市财政局 ", "市税务局"])
    ('市财政局', '市税务局')
    """
    seen, out = set(), []
    for n in names:
        key = fold(n)
        if key and key not in seen:
            seen.add(key)
            out.append(n)
    return tuple(out)
