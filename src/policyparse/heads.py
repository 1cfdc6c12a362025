"""What one line of a document head is: title, issuer, 发文字号, date, 主送, metadata field, wrapper, body.

The line classifier and the patterns of a document's head (SPEC §2), shared by the splitter (where does a
document start?) and the metadata stage (which line is the title, the 文号, the date?). It classifies one
stripped, width-folded line at a time; it knows nothing of the lines around it.

>>> [str(classify(x)) for x in ("渝府发〔2019〕32号", "(皖政办秘〔2021〕82号)", "重庆市人民政府",
...                        "关于印发重庆市现代服务业发展计划", "二〇一九年十一月二十五日", "(此件公开发布)")]
['docnum', 'docnum', 'issuer', 'title', 'date', 'end']
>>> [str(classify(x)) for x in ("各区县(自治县)人民政府,市政府各部门,有关单位:", "(一)发展基础。", "各位代表:")]
['recip', 'marker', 'short']
"""
from __future__ import annotations

import re
from enum import StrEnum
from functools import cache, lru_cache
from typing import NamedTuple

import regex

from . import markers
from .lexicons import alternation, compile_on_use, load_list, load_map
from .orgs import is_org, org_last_chars, org_name_pattern


class Kind(StrEnum):
    """What one (stripped, width-folded) line is, as far as document heads are concerned."""

    BLANK = "blank"
    META = "meta"              # a field of a web metadata block: "发文字号：国办发〔2021〕22号"
    DOCNUM = "docnum"          # the whole line is a 发文字号 (optionally bracketed)
    DATE = "date"              # the whole line is a date: "2019年11月25日", "二〇一九年十一月二十五日"
    END = "end"                # "（此件公开发布）" and its kin: a cover letter ends here
    REPORT_DATE = "report"     # "——2026年1月27日在海南省第七届人民代表大会第五次会议上"
    ADOPTED = "adopted"        # a regulation's dated adoption / promulgation note, bracketed or not:
                               # "2022年11月25日 北京市第十五届人民代表大会常务委员会第四十五次会议通过"
    MARKER = "marker"          # starts with a heading number: 一、 (一) 1. (1) 第一章 ①
    RECIP = "recip"            # 主送 line: units, ending in "："
    ISSUER = "issuer"          # the whole line is one or more body names: "重庆市人民政府"
    TITLE = "title"            # a title line: has 关于, or ends with a genre word (通知/意见/方案…)
    WRAPPER = "wrapper"        # news wrapper: "近日，X印发了《Y》…"
    BODY = "body"              # running text (sentence punctuation or long)
    SHORT = "short"            # any other short line


# ---------------------------------------------------------------- pattern sources shared with meta.py
# Width-folded text: （） are (), ［］ are []; 〔〕【】〖〗 stay as printed. All quantifiers bounded.

# 发文字号: agency abbreviation + year in one of the bracket styles + serial + 号.
DOCNUM = r"""
    (?: [\p{Han}A-Za-z]{1,16} \s{0,2}                     # 渝府发 / 皖政办秘 / 国办函
        [〔\[【(〖] \s{0,2} (?:19|20)\d{2} \s{0,2} [〕\]】)〗]  # 〔2019〕 [2019] 【2019】 (2019)
        \s{0,2} 第?\s{0,2} \d{1,5} \s{0,2} 号                 # 32号 / 第32号
      | [\p{Han}]{2,20}令 \s{0,2} \(? 第 \s{0,2} \d{1,5} \s{0,2} 号 \)?   # 国务院令第708号
    )"""

ADATE = r"(?P<y>(?:19|20)\d{2})\s{0,2}年\s{0,2}(?P<m>\d{1,2})\s{0,2}月\s{0,2}(?P<d>\d{1,2})\s{0,2}日"
CDATE = (r"(?P<cy>[〇○零O0一二三四五六七八九]{4})\s{0,2}年\s{0,2}(?P<cm>[一二三四五六七八九十]{1,3})"
         r"\s{0,2}月\s{0,2}(?P<cd>[一二三四五六七八九十]{1,3})\s{0,2}日")
IDATE = r"(?P<iy>(?:19|20)\d{2})\s{0,2}[-./]\s{0,2}(?P<im>\d{1,2})\s{0,2}[-./]\s{0,2}(?P<id>\d{1,2})"

# A news item's dateline opening a paragraph ("新华社北京1月4日电（记者 赵文君）4日召开的国务院常务会议…"): in split, a page
# that collects news items glued after a document (each item a document of its own); in the metadata stage, a line
# over a title that is no half of it ("新华社北京2月13日电" / "中共中央 国务院关于…的意见"). Anchored, bounded.
NEWS_AGENCIES = ("新华社", "中新社", "人民日报")      # what NEWS_DATELINE_RE opens with (a literal test first)
NEWS_DATELINE_RE = compile_on_use(rf"^(?:{'|'.join(NEWS_AGENCIES)})[\p{{Han}}]{{0,8}}?"
                                  r"\d{1,2}\s?月\s?\d{1,2}\s?日\s?(?:电|讯)")

# "…印发《Y》。全文如下:" hands over to the document it announces (GUARD: anchored at the line end, bounded gaps)
# a short name printed with spaces between its characters ("科 技 部"): bounded, Han only
SPACED_NAME_RE = compile_on_use(r"^\p{Han}(?:[ ]{1,3}\p{Han}){1,11}$")
ANNOUNCES_RE = compile_on_use(r"(?:全文|内容|原文|全文内容)如下[ \t]{0,4}[:。]?[ \t]{0,4}$")
# an attachment label ("附件", "附件1", "附 件 2", "附件三"), the one source of its spelling: alone on its line in split
# (`ATTACHMENT_LABEL_RE`: a head right under it is the document above's enclosure), or with its title after a colon
# in the metadata stage (an attached plan's title)
ATTACHMENT_LABEL = r"附\s{0,2}件\s{0,2}[0-9一二三四五六七八九十]{0,3}"
ATTACHMENT_LABEL_RE = compile_on_use(rf"^{ATTACHMENT_LABEL}\s{{0,2}}:?$")


# One dated part of a regulation's adoption note: the date, the body (with its session as printed, lazy and
# bounded), the meeting or the 令 number, then the act. A note may hold several parts (通过 … 根据 … 修正);
# the latest is the text in force. GUARD: every gap bounded, the body cannot hold brackets or punctuation.
# the act an adoption note names: adopted, promulgated, approved, amended, revised (one alternation for every reader
# of adoption notes: the head's lines here, a one-line copy's title end, a glued copy's first article)
ADOPTION_ACT = r"(?:通过|公布|发布|批准|修正|修订|修改)"
ADOPTION = rf"""
    (?P<date> {ADATE} | {CDATE} ) \s{{0,2}}
    (?:
        (?!在)(?P<org> [^()\s,、;:《》<>]{{2,40}}? ) \s{{0,2}}
        (?: 第[一二三四五六七八九十百零〇\d]{{1,5}}次? (?:全体|常务)? (?:会议|全会)         # …第九次会议 (次 lost: 第四会议)
          | (?P<order> (?:令|公告) \s{{0,2}} 第 \s{{0,2}} \d{{1,5}} \s{{0,2}} 号 ) )       # …国务院令第580号,
                                                                           # …常务委员会公告第78号
      | 《 \s{{0,2}} (?P<org> [^()\s,、;:《》<>]{{2,20}}? ) 关于 [^《》]{{0,80}}? 决定 \s{{0,2}} 》   # 《国务院关于修改…的决定》
      | (?!在)(?P<org> [^()\s,、;:《》<>]{{2,40}}? ) \s{{0,2}} (?=发布|公布|批准)           # "国家计划委员会发布"
    )
    [^()]{{0,120}}?                                                                # 通过的《关于修改…的决定》
    (?P<act> {ADOPTION_ACT} )
"""
# A line that is (part of) an adoption note: opens with a date (after a bracket or 根据) and names an act;
# or an entry-into-force line "2022年7月1日 施行" (head text, no adoption). GUARD: bounded, anchored.
# where a note opens: a date, after a bracket or 根据 (anchored)
NOTE_OPENING = rf"^\(?\s{{0,2}}(?:根据\s{{0,2}})?(?:{ADATE}|{CDATE})"
ADOPTED_LINE_RE = compile_on_use(rf"""{NOTE_OPENING}[^。;]{{0,200}}?
                                     (?:{ADOPTION_ACT}|施行)[^。;]{{0,40}}$""", regex.VERBOSE)


ADOPTION_HISTORY_MAX = 3000       # characters of a regulation's amendment history run onto one line


def _adoption_history(line: str) -> bool:
    """A regulation's adoption and amendment notes run together on one line ("1997年7月1日 施行根据2001年…第一次修正
    根据2004年…第二次修正…"): every part from a 根据 on is an adoption note of its own (each part bounded).

    >>> _adoption_history("1997年7月1日 施行" + "根据2001年8月18日某省人民代表大会常务委员会第二十二次会议批准的决定第一次修正" * 8)
    True
    """
    parts = regex.split(r"(?=根据)", line)
    return len(parts) >= 2 and all(len(x) <= 260 and ADOPTED_LINE_RE.match(x) for x in parts if x.strip())


class _Heads(NamedTuple):
    glued_head: regex.Pattern
    docnum_line: regex.Pattern
    date_line: regex.Pattern
    end: regex.Pattern
    report_date: regex.Pattern
    issuer_line: regex.Pattern
    imprint: regex.Pattern
    title_genre_end: regex.Pattern
    recip: regex.Pattern
    wrapper: regex.Pattern
    field: regex.Pattern
    field_kind: dict
    sentence: regex.Pattern
    org_last: str           # last characters an issuer line can end with (a cheap gate)
    genre_last: str         # last characters of the title genre words


@cache
def heads() -> _Heads:
    """The head patterns, built on first use from data/heads/ and data/common/."""
    genres = load_list("heads/title_genres.txt")
    genre = genre_alternation()
    field_kind, labels = {}, []
    for kind, words in load_map("heads/web_fields.yaml").items():
        for w in words:
            field_kind[w] = kind
            labels.append(w)
    # "标      题" / "索 引 号": gov.cn pads labels to one width (up to 8 spaces between two characters)
    label_alt = "|".join(r"\s{0,8}".join(regex.escape(c) for c in w)
                         for w in sorted(set(labels), key=lambda w: (-len(w), w)))
    org = org_name_pattern()
    X = regex.VERBOSE
    return _Heads(
        # a crawl that lost its line breaks: the title and its 文号 open a line the body runs on in
        # ("国务院办公厅关于推行环境污染第三方治理的意见国办发〔2014〕69号各省、自治区…"): a document starts
        # (no comma in the title: "为贯彻落实《…关于…的指导意见》等文件精神，根据《…办法》（沪…〔2023〕11号）" is a sentence)
        glued_head=compile_on_use(rf"""^(?P<title>[^。!?;:,]{{0,40}}?关于[^。!?;:,]{{2,80}}?{genre})
                                      (?P<dn>(?![^〔\[【(〖]{{0,16}}的){DOCNUM})""", X),   # no 的 in the agency
        docnum_line=compile_on_use(rf"""^[(\[【〔]?\s{{0,2}} (?P<dn>{DOCNUM})
                                       (?:\s{{1,8}}(?:{ADATE}|{CDATE}))?     # "（皖发[2012]18号 2012年9月10日）"
                                       \s{{0,2}}[)\]】〕]?
                                       (?:\s{{1,20}}签发人\s{{0,2}}:.{{1,20}}
                                         | \s{{1,20}}(?:{ADATE}|{CDATE}))?$""", X),   # "皖政办秘〔2022〕21号  2022年3月15日"
        # a date alone on its line, maybe bracketed or followed by what happened that day ("2018年7月30日签发")
        date_line=compile_on_use(rf"^\(?\s{{0,2}}(?:{ADATE}|{CDATE})\s{{0,2}}\)?(?:签发|印发|发布|成文)?"
                                rf"\s{{0,8}}(?:\(此件[^()]{{1,10}}\))?$"),      # "2021年1月26日（此件公开发布）"
        # a cover letter's closing note: "（此件公开发布）" "（此件主动公开）" "（此页无正文）", or an
        # editorial note "（本文有删减）" "（有删减）" "（略有删节）"; anchored both ends, bounded repeats
        end=compile_on_use(r"""^\(?\s{0,2}(?:此(?:件|页).{1,8}
                                      |(?:本文|全文|原文|内容)?\s{0,2}(?:略有|有所|有|略)?\s{0,2}删(?:减|节))\s{0,2}\)?$""", X),
        # the imprint line of an official document's 版记, which ends it: "济南市工业和信息化局办公室  2022年3月10日印发"
        imprint=compile_on_use(rf"^{org}\s{{1,40}}(?:{ADATE}|{CDATE})\s{{0,4}}印发$"),
        # "——2026年1月27日在…会议上" (with or without the dash, or in brackets) under a work report's title
        # (a copy may print the speaker after it: "…第四次会议上 陕西省省长 赵刚", or run on: "…第二次会议上驻马店市
        # 人民政府市长李跃勇"; bounded)
        report_date=compile_on_use(rf"^(?:[—\-–―]{{1,4}}|\()?\s{{0,2}}(?:{ADATE}|{CDATE}).{{0,60}}(?:会议|大会)上\)?"
                                   r"(?:\s{0,4}[\p{Han}]{0,12}?(?:省长|市长|主席|区长|州长|县长|总理)\s{0,2}[\p{Han}]{2,4})?$"),
        # the whole line is body names separated by spaces / 、 / , (or a red header "…人民政府文件")
        # (or bodies side by side wrapped inside the last one's name, after its place: "广东省发展改革委 广东省能源局
        # 广东省工业和信息化厅 广东省" over "生态环境厅 广东省国资委 …": a joint header over two lines)
        issuer_line=compile_on_use(rf"^{org}(?:[\s、,]{{1,8}}{org}){{0,9}}(?:文件)?$"
                                   rf"|^{org}(?:[\s、,]{{1,8}}{org}){{1,9}}\s{{1,8}}\p{{Han}}{{1,6}}?(?:省|市|县|区|州)$"),
        # (or with a dash subtitle: "…申报指南--人工智能医疗器械方向", "…规划——以…为重点"; bounded)
        title_genre_end=compile_on_use(rf"{genre}(?:\([^()]{{1,20}}\))?(?:\s?(?:——|--)[^\s。,;:!?—-]{{2,30}})?$"),
        # 主送 line: ends with ":", names units; "各位代表：" and "…如下：" are not recipients
        recip=compile_on_use(r"""^(?!各位|附件)(?!.{0,200}(?:如下|以下|关于|通知|现将|要求|主要|包括))
                                 .{2,300}?(?:政府|部门|单位|委员会|委|厅|局|办|处|公司|企业|机构|兵团|学校|
                                            高校|院|所|中心|街道|镇|乡|区县|部|署|会|组)
                                 [^:]{0,30}:$""", X),
        wrapper=compile_on_use(r"""^(?:[\p{Han}]{2,12}\d{1,2}月\d{1,2}日电\s{0,4})?    # 新华社北京7月2日电
                                   (?:(?:近日|日前|今天|今日|近期|\d{1,2}月\d{1,2}日)\s{0,2},?\s{0,2})?
                                   (?P<org>[^,。《》:]{2,80}?) (?:近日|日前)? (?:联合)?
                                   (?:印发|发布|出台|公布|下发|制定印发|印发实施)了?
                                   《(?P<title>[^《》]{4,100})》""", X),
        field=compile_on_use(rf"(?P<label>{label_alt})\s{{0,4}}:\s{{0,4}}"),
        field_kind=field_kind,
        sentence=compile_on_use(r"[。;!?]|:(?!$)"),          # a closing ":" is not a sentence
        org_last=org_last_chars() + "件",
        genre_last="".join({w[-1] for w in genres}),
    )


@cache
def glued_head(line: str) -> regex.Match | None:
    """A title and its 文号 at the start of a line whose body runs on (a crawl that lost its breaks).

    >>> glued_head("国务院办公厅关于推行环境污染第三方治理的意见国办发〔2014〕69号各省、自治区…").group("dn")
    '国办发〔2014〕69号'
    """
    return heads().glued_head.match(line, 0, 200) if "关于" in line and "号" in line else None


def genre_alternation() -> str:
    """The title genre words (通知/意见/方案/条例…) as one regex alternation, longest first."""
    return alternation(load_list("heads/title_genres.txt"))


def is_heading(line: str) -> bool:
    """The (stripped, width-folded) line starts with a heading number (一、 (一) 1. (1) 第一章 ①); the
    context-dependent "1 总则" does not count here.

    >>> is_heading("(一)发展基础。"), is_heading("1.5万亿元"), is_heading("第三章 保障措施"), is_heading("## 第一章 总则")
    (True, False, True, True)
    """
    m = markers.marker_at(line)
    return m is not None and m.style != "dec1"


# the end of a red header ("…人民政府文件") printed on a line of its own: "文件", "文 件" (read by split and meta)
RED_HEADER_TAIL_RE = compile_on_use(r"文[ \u3000]{0,2}件")


def is_red_header_tail(line: str) -> bool:
    """A line that is only the red header's "文件" (stripped, width-folded)."""
    return RED_HEADER_TAIL_RE.fullmatch(line) is not None


RUNNING_TEXT_MIN = 60       # characters: a longer line with a sentence end in it is running text


def is_running_text(line: str) -> bool:
    """A line of running text: long, with a 。 in it, not a label ending in ":" (most lines of a document).

    >>> is_running_text("为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，结合本市实际，现提出以下措施。" * 2)
    True
    >>> is_running_text("来源：市政府办公室。"), is_running_text("现将有关事项通知如下，请各单位认真贯彻执行。" * 3 + ":")
    (False, False)
    """
    return len(line) > RUNNING_TEXT_MIN and "。" in line and not line.endswith(":")


LONG_TITLE_MAX = 160   # characters: a title with 关于 and a genre word at its end, no sentence punctuation or comma


PLACE_LAST = "省市县区州"      # a joint header wrapped after the place of its last body's name (issuer_line)


def classify(line: str, heading: bool | None = None) -> Kind:
    """The kind of one stripped, width-folded line (`heading`: the caller already knows whether it opens
    with a heading number)."""
    p = heads()
    if not line:
        return Kind.BLANK
    n = len(line)
    if heading or (heading is None and is_heading(line)):
        return Kind.MARKER
    if "关于" in line and "号" in line and p.glued_head.match(line, 0, 200):
        return Kind.TITLE                     # a title with its 文号 glued on, the body run on after it
    if is_running_text(line):
        # fast path for running text (most lines): only a news wrapper matters
        if "《" in line and n <= 400 and p.wrapper.match(line):
            return Kind.WRAPPER
        return Kind.BODY
    if is_red_header_tail(line):
        return Kind.ISSUER                    # the red header's "…文件" on a line of its own (a PDF copy)
    if n <= 2:
        return Kind.SHORT
    if n <= 24 and " " in line and SPACED_NAME_RE.match(line) and p.issuer_line.match(line.replace(" ", "")):
        return Kind.ISSUER                    # "科 技 部", "国 务 院": a name spaced out to a width
    # each pattern below is gated by a cheap test on characters it cannot match without
    if ":" in line and n <= 400 and (p.field.match(line) or (line[0] in "-*" and p.field.match(line[1:].lstrip()))):
        return Kind.META                      # (or a Markdown list item: "- **制定机关**：…")
    last = line[-1]
    if n <= 60:
        if "号" in line and p.docnum_line.match(line):
            return Kind.DOCNUM
        if (last in "日)" or line.endswith(("签发", "印发", "发布", "成文"))) and "年" in line \
                and p.date_line.match(line):
            return Kind.DATE
        if ("此" in line or "删" in line) and p.end.match(line):
            return Kind.END
    if n <= 100 and line.endswith("印发") and "年" in line and p.imprint.match(line):
        return Kind.END                       # the 版记's imprint line ends the document
    if "会" in line and "年" in line and p.report_date.match(line):
        return Kind.REPORT_DATE
    if n <= 260 and "年" in line and "。" not in line and ADOPTED_LINE_RE.match(line):
        return Kind.ADOPTED
    if 260 < n <= ADOPTION_HISTORY_MAX and "根据" in line and "。" not in line and _adoption_history(line):
        return Kind.ADOPTED
    if n <= 300 and last == ":" and "。" not in line and _recipients(line[:-1]):   # (a sentence is no 主送 list)
        return Kind.RECIP
    punct = p.sentence.search(line) is not None or "我代表" in line   # a work report's speaker line is prose
    if not punct and n <= 80:
        if "关于" not in line and (last in p.org_last or last in PLACE_LAST) and p.issuer_line.match(line):
            return Kind.ISSUER
        if last != ":" and ("关于" in line or ((last in p.genre_last or last == ")" or "--" in line or "——" in line)
                                              and p.title_genre_end.search(line))):
            return Kind.TITLE                 # (a line that announces what follows, "…现答复如下：", is no title)
    if not punct and n <= LONG_TITLE_MAX and "关于" in line and "," not in line and last in p.genre_last \
            and p.title_genre_end.search(line):
        return Kind.TITLE                     # a long issuer's "…办公室关于印发…实施意见的通知" (81-160 characters, no
                                              # comma: "为深入贯彻…关于…的重要论述…,制定如下措施" is a sentence)
    if "《" in line and n <= 400 and p.wrapper.match(line):
        return Kind.WRAPPER
    if punct or n > 80:
        return Kind.BODY
    return Kind.SHORT


@lru_cache(maxsize=4096)               # split.py asks each pair of short lines twice (from either line)
def broken_title(first: str, second: str) -> bool:
    """Two short lines (width-folded) that are a title only together: a title broken inside a word
    ("政府工作报" / "告"). Both lines classify as short; joined, the line is a title of at most 40 characters.

    >>> broken_title("政府工作报", "告"), broken_title("国务院总理", "李克强")
    (True, False)
    """
    if not first or not second or len(first) + len(second) > 40:
        return False
    if second[-1] not in heads().genre_last and second[-1] != ")" and "关于" not in first + second:
        return False                       # fast path: no title ends so (every short line of a text is asked)
    return (classify(first) == Kind.SHORT and classify(second) == Kind.SHORT
            and classify(first + second) == Kind.TITLE)


TITLE_SENTENCE_RE = re.compile(r"[,。;:!?]")


def title_over_lines(first: str, second: str, limit: int) -> bool:
    """Two lines (width-folded) that are one title printed over two lines, the first without its genre word:
    "石化行业智能制造标准体系" / "建设指南", "国务院办公厅对全国政协十届三次会议" / "第2741号提案的答复" (at most `limit`
    characters together, no sentence mark in the first).

    >>> title_over_lines("石化行业智能制造标准体系", "建设指南", 48), title_over_lines("现将有关事项通知如下:", "关于X的通知", 48)
    (True, False)
    """
    return len(first) + len(second) <= limit and not TITLE_SENTENCE_RE.search(first) \
        and not ends_like_title(first) and classify(first + second) == Kind.TITLE


def ends_like_title(line: str) -> bool:
    """The (width-folded) line ends with a title genre word: a title that is complete on its line.

    >>> ends_like_title("关于印发X方案的通知"), ends_like_title("重庆市人民政府关于印发重庆市")
    (True, False)
    """
    return bool(heads().title_genre_end.search(line))


def _recipients(body: str) -> bool:
    """A 主送 line without its closing colon: several units, a 各… list, or one body's name."""
    if body.startswith("各") or regex.search(r"[、,]", body):
        return bool(heads().recip.match(body + ":"))
    return is_org(body)
