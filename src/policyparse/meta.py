"""Document metadata (title, 发文字号, issuer, 成文日期, recipients) inside one document span.

Reads: the text (norm for matching, raw for output) and one document span. Writes: nothing.
Raises: nothing on content; a field that is not printed is None, never a guess.

The knowledge of what a document HEAD looks like (issuer line, title lines, 发文字号 line, 主送 line,
web metadata block, signature + date) lives here; split.py uses the same line classifier to find
where documents start.

>>> from policyparse.normalize import normalize
>>> raw = "重庆市人民政府\\n关于印发重庆市现代服务业发展计划\\n（2019—2022年）的通知\\n渝府发〔2019〕32号\\n" \\
...       "各区县（自治县）人民政府，市政府各部门：\\n现将《计划》印发给你们。\\n重庆市人民政府\\n二〇一九年十一月二十五日\\n"
>>> m = extract_meta(Text(raw, normalize(raw)), (0, len(raw)))
>>> m.title, m.doc_number, m.issuer, m.date, m.recipients
('重庆市人民政府关于印发重庆市现代服务业发展计划（2019—2022年）的通知', '渝府发〔2019〕32号', '重庆市人民政府', '2019-11-25', '各区县（自治县）人民政府，市政府各部门')
"""
from __future__ import annotations

import datetime
from enum import StrEnum
from functools import cache
import dataclasses
from typing import NamedTuple

import regex

from .lexicons import alternation, load_list, load_map
from .records import MetaHit, Text
from .spans import Span, strip_span


class Kind(StrEnum):
    """What one (stripped, width-folded) line is, as far as document heads are concerned."""

    BLANK = "blank"
    META = "meta"              # a field of a web metadata block: "发文字号：国办发〔2021〕22号"
    DOCNUM = "docnum"          # the whole line is a 发文字号 (optionally bracketed)
    DATE = "date"              # the whole line is a date: "2019年11月25日", "二〇一九年十一月二十五日"
    END = "end"                # "（此件公开发布）" and its kin: a cover letter ends here
    REPORT_DATE = "report"     # "——2026年1月27日在海南省第七届人民代表大会第五次会议上"
    MARKER = "marker"          # starts with a heading number: 一、 (一) 1. (1) 第一章 ①
    RECIP = "recip"            # 主送 line: units, ending in "："
    ISSUER = "issuer"          # the whole line is one or more body names: "重庆市人民政府"
    TITLE = "title"            # a title line: has 关于, or ends with a genre word (通知/意见/方案…)
    WRAPPER = "wrapper"        # news wrapper: "近日，X印发了《Y》…"
    BODY = "body"              # running text (sentence punctuation or long)
    SHORT = "short"            # any other short line


# ---------------------------------------------------------------- patterns (built on first use)

CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
            "六": 6, "七": 7, "八": 8, "九": 9}

# 发文字号: agency abbreviation + year in one of the bracket styles + serial + 号.
# Width-folded text: （） are (), ［］ are []; 〔〕【】〖〗 stay as printed. All quantifiers bounded.
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

# a heading number at the start of a line (sections.py owns headings; here it only ends a head)
MARKER = r"""^(?: [一二三四五六七八九十百]{1,4}[ \t]{0,2}[、.]
              | \([ \t]{0,2}[一二三四五六七八九十百]{1,4}[ \t]{0,2}\)
              | \d{1,3}[ \t]{0,2}[、)]                   # 1、 1)
              | \d{1,3}\.(?![\d.])                        # 1.  (not 1.5万亿元)
              | \d{1,3}(?:\.\d{1,3}){1,4}(?=\s|[^\d.%年月日万亿千百个元倍吨])   # 1.1 编制目的
              | \([ \t]{0,2}\d{1,3}[ \t]{0,2}\)
              | 第[一二三四五六七八九十百零〇\d]{1,5}[章节条部分]
              | [①-⑳㈠-㈩⑴-⒇] )"""


class _P(NamedTuple):
    docnum: regex.Pattern
    docnum_line: regex.Pattern
    date_any: regex.Pattern
    date_line: regex.Pattern
    end: regex.Pattern
    report_date: regex.Pattern
    marker: regex.Pattern
    issuer_line: regex.Pattern
    org: regex.Pattern
    title_genre_end: regex.Pattern
    recip: regex.Pattern
    recip_label: regex.Pattern
    wrapper: regex.Pattern
    field: regex.Pattern
    field_kind: dict
    speaker: regex.Pattern
    signer: regex.Pattern
    order_name: regex.Pattern
    order_no: regex.Pattern
    adopted: regex.Pattern
    adopted_by: regex.Pattern
    session_words: regex.Pattern
    level: regex.Pattern
    report_place: regex.Pattern
    period_line: regex.Pattern
    title_docnum: regex.Pattern
    attach_label: regex.Pattern
    sentence: regex.Pattern
    signed_date: regex.Pattern
    org_last: str           # last characters an issuer line can end with (a cheap gate)
    genre_last: str         # last characters of the title genre words


@cache
def _p() -> _P:
    suffix = alternation(load_list("meta/org_suffixes.txt"))
    genre = alternation(load_list("meta/title_genres.txt"))
    fields = load_map("meta/web_fields.yaml")
    field_kind, labels = {}, []
    for kind, words in fields.items():
        for w in words:
            # "标      题" / "索 引 号": spaces between the label's characters are common (gov.cn pads
            # labels to one width: up to 6 spaces between two characters)
            field_kind[w] = kind
            labels.append(w)
    label_alt = "|".join(r"\s{0,8}".join(regex.escape(c) for c in w)
                         for w in sorted(set(labels), key=len, reverse=True))
    # one body name: up to 30 Han characters ending with a body suffix (lazy, bounded)
    org = rf"[\p{{Han}}〔〕]{{0,30}}?{suffix}"
    X = regex.VERBOSE
    return _P(
        docnum=regex.compile(DOCNUM, X),
        docnum_line=regex.compile(rf"""^[(\[【〔]?\s{{0,2}} (?P<dn>{DOCNUM}) \s{{0,2}}[)\]】〕]?
                                       (?:\s{{1,20}}签发人\s{{0,2}}:.{{1,20}}
                                         | \s{{1,20}}(?:{ADATE}|{CDATE}))?$""", X),   # "皖政办秘〔2022〕21号  2022年3月15日"
        date_any=regex.compile(rf"{ADATE}|{CDATE}|{IDATE}"),
        date_line=regex.compile(rf"^\(?\s{{0,2}}(?:{ADATE}|{CDATE})\s{{0,2}}\)?$"),
        # a cover letter's closing note: "（此件公开发布）" "（此件主动公开）" "（此页无正文）", or an
        # editorial note "（本文有删减）" "（有删减）" "（略有删节）"; anchored both ends, bounded repeats
        end=regex.compile(r"""^\(?\s{0,2}(?:此(?:件|页).{1,8}
                                      |(?:本文|全文|原文|内容)?\s{0,2}(?:略有|有所|有|略)?\s{0,2}删(?:减|节))\s{0,2}\)?$""", X),
        # "——2026年1月27日在…会议上" (or the same in brackets) under a work report's title
        report_date=regex.compile(rf"^(?:[—\-–―]{{1,4}}|\()\s{{0,2}}(?:{ADATE}|{CDATE}).{{0,60}}(?:会议|大会)上\)?$"),
        marker=regex.compile(MARKER, X),
        # the whole line is body names separated by spaces / 、 / , (or a red header "…人民政府文件")
        issuer_line=regex.compile(rf"^{org}(?:[\s、,]{{1,8}}{org}){{0,9}}(?:文件)?$"),
        org=regex.compile(rf"^(?:{org})(?:[\s、,和]{{1,8}}(?:{org})){{0,9}}$"),
        title_genre_end=regex.compile(rf"{genre}(?:\([^()]{{1,20}}\))?$"),
        # 主送 line: ends with ":", names units; "各位代表：" and "…如下：" are not recipients
        recip=regex.compile(r"""^(?!各位|附件)(?!.{0,200}(?:如下|以下|关于|通知|现将|要求|主要|包括))
                                 .{2,300}?(?:政府|部门|单位|委员会|委|厅|局|办|处|公司|企业|机构|兵团|学校|
                                            高校|院|所|中心|街道|镇|乡|区县|部|署|会|组)
                                 [^:]{0,30}:$""", X),
        recip_label=regex.compile(r"^主送(?:机关|单位)?\s{0,2}:\s{0,2}"),
        wrapper=regex.compile(r"""^(?:[\p{Han}]{2,12}\d{1,2}月\d{1,2}日电\s{0,4})?    # 新华社北京7月2日电
                                   (?:(?:近日|日前|今天|今日|近期|\d{1,2}月\d{1,2}日)\s{0,2},?\s{0,2})?
                                   (?P<org>[^,。《》:]{2,80}?) (?:近日|日前)? (?:联合)?
                                   (?:印发|发布|出台|公布|下发|制定印发|印发实施)了?
                                   《(?P<title>[^《》]{4,100})》""", X),
        field=regex.compile(rf"(?P<label>{label_alt})\s{{0,4}}:\s{{0,4}}"),
        field_kind=field_kind,
        speaker=regex.compile(r"我代表(?P<org>[^,，。]{2,30}?(?:人民政府|政府))"),
        # "市长　唐良智" signing a 政府令: an office and a 2-4 character name
        signer=regex.compile(r"^(?:省长|市长|县长|区长|州长|旗长|主任|部长|局长|署长|总理|主席|书记|厅长|委员长)"
                             r"\s{0,6}[\p{Han}·]{2,5}$"),
        order_name=regex.compile(r"^[\p{Han}]{2,24}令$"),                 # "重庆市人民政府令"
        order_no=regex.compile(r"^\(?\s{0,2}第\s{0,2}\d{1,5}\s{0,2}号\s{0,2}\)?$"),   # "第330号"
        # "（2019年11月25日重庆市第五届人民代表大会常务委员会第十三次会议通过）" under a regulation's title
        # (a revised regulation goes on: "…通过　根据2022年…第二次修正)"; the first date is the adoption)
        adopted=regex.compile(rf"^\(\s{{0,2}}(?:{ADATE}|{CDATE})[^()]{{0,160}}"
                              rf"(?:通过|公布|发布|印发|批准|修正|修订|修改)\s{{0,2}}\)$"),
        # the body that adopted it: "…日 湖北省第十四届人民代表大会常务委员会 第九次会议通过" (org lazy
        # and bounded; a fixed "第…次…会议" must follow it)
        adopted_by=regex.compile(rf"""^\(\s{{0,2}}(?:{ADATE}|{CDATE})\s{{0,2}}
                                      (?!在)(?P<org>[^()\s,、;:]{{2,40}}?)\s{{0,2}}
                                      第[一二三四五六七八九十百零〇\d]{{1,5}}次(?:全体|常务)?(?:会议|全会)
                                      (?:审议)?(?:通过|批准|修正|修订|修改)""", X),   # not "…会议上" (a report)
        # the session inside a body's name: "第十四届" / "十四届" (dropped from an issuer)
        session_words=regex.compile(r"第?[一二三四五六七八九十百零〇\d]{1,5}届"),
        # an issuer without its place name: "市人民政府" (work report: "我代表市人民政府")
        level=regex.compile(r"^(?P<level>自治区|自治州|自治县|省|市|县|区|州|盟|旗)(?=(?:人民)?政府$)"),
        # where a work report prints its place: "在重庆市第六届人民代表大会…" or the title
        # "2024年重庆市政府工作报告" (place lazy and bounded, a fixed word follows it)
        report_place=regex.compile(r"""在(?P<place>\p{Han}{2,20}?)第?[一二三四五六七八九十百\d]{1,4}届人民代表大会
                                       | ^(?:(?:19|20)\d{2}\s{0,2}年度?)?(?P<place>\p{Han}{2,20}?)(?:人民)?政府工作报告
                                       | ^(?P<place>\p{Han}{2,20}?)代?(?:省长|市长|县长|区长|州长|旗长|盟长|主席)
                                         \s{0,6}[\p{Han}·]{2,5}$      # "重庆市市长　胡衡华" under the title""",
                                    X),
        period_line=regex.compile(r"^\([^()]{1,20}\)$"),
        # "…的通知（皖政办秘〔2022〕21号）": a 发文字号 printed in brackets at the end of the title line
        title_docnum=regex.compile(rf"\(\s{{0,2}}(?P<dn>{DOCNUM})\s{{0,2}}\)$", X),
        attach_label=regex.compile(r"^附\s{0,2}件\s{0,2}\d{0,3}\s{0,2}(?::.{0,80})?$"),
        sentence=regex.compile(r"[。;!?]|:(?!$)"),          # a closing ":" is not a sentence
        signed_date=regex.compile(rf"^(?P<org>[^\s。,;:]{{2,40}}(?:\s{{1,6}}[^\s。,;:]{{2,40}}){{0,3}})\s{{2,40}}"
                                  rf"(?P<date>{ADATE}|{CDATE})$"),
        org_last="".join({w[-1] for w in load_list("meta/org_suffixes.txt")}) + "件",
        genre_last="".join({w[-1] for w in load_list("meta/title_genres.txt")}),
    )


# ---------------------------------------------------------------- helpers (doctested)


def iso_date(text: str) -> str | None:
    """The first date in `text` as ISO yyyy-mm-dd; None when there is none or it is not a real date.

    >>> iso_date("2019年11月25日"), iso_date("二〇一九年十一月二十五日"), iso_date("2021-07-02")
    ('2019-11-25', '2019-11-25', '2021-07-02')
    >>> iso_date("二〇二〇年二月三十日") is None, iso_date("无") is None
    (True, True)
    """
    m = _p().date_any.search(text)
    if not m:
        return None
    try:
        if m.group("y"):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        elif m.group("cy"):
            y = int("".join(str(CN_DIGIT[c]) for c in m.group("cy")))
            mo, d = _cn_small(m.group("cm")), _cn_small(m.group("cd"))
        else:
            y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        return datetime.date(y, mo, d).isoformat()
    except (ValueError, TypeError, KeyError):
        return None


def _cn_small(s: str) -> int:
    """A Chinese numeral 1..39 as used for months and days.

    >>> [_cn_small(x) for x in ("五", "十", "十一", "二十", "二十五", "三十一")]
    [5, 10, 11, 20, 25, 31]
    """
    if "十" not in s:
        return CN_DIGIT[s] if len(s) == 1 else int("".join(str(CN_DIGIT[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (CN_DIGIT[tens] if tens else 1) * 10 + (CN_DIGIT[ones] if ones else 0)


def classify(line: str, heading: bool | None = None) -> Kind:
    """The kind of one stripped, width-folded line.

    >>> [str(classify(x)) for x in ("渝府发〔2019〕32号", "(皖政办秘〔2021〕82号)", "重庆市人民政府",
    ...                        "关于印发重庆市现代服务业发展计划", "二〇一九年十一月二十五日", "(此件公开发布)")]
    ['docnum', 'docnum', 'issuer', 'title', 'date', 'end']
    >>> [str(classify(x)) for x in ("各区县(自治县)人民政府,市政府各部门,有关单位:", "(一)发展基础。", "各位代表:")]
    ['recip', 'marker', 'short']
    """
    p = _p()
    if not line:
        return Kind.BLANK
    n = len(line)
    if heading or (heading is None and p.marker.match(line)):     # the caller may already know
        return Kind.MARKER
    if n > 60 and "。" in line and not line.endswith(":"):
        # fast path for running text (most lines): only a news wrapper matters
        if "《" in line and n <= 400 and p.wrapper.match(line):
            return Kind.WRAPPER
        return Kind.BODY
    if n <= 2:
        return Kind.SHORT
    # each pattern below is gated by a cheap test on characters it cannot match without
    if ":" in line and n <= 400 and p.field.match(line):
        return Kind.META
    last = line[-1]
    if n <= 60:
        if "号" in line and p.docnum_line.match(line):
            return Kind.DOCNUM
        if last in "日)" and "年" in line and p.date_line.match(line):
            return Kind.DATE
        if ("此" in line or "删" in line) and p.end.match(line):
            return Kind.END
    if line[0] in "—-–―(" and "会" in line and p.report_date.match(line):
        return Kind.REPORT_DATE
    if n <= 300 and last == ":" and _recipients(line[:-1]):
        return Kind.RECIP
    punct = p.sentence.search(line) is not None
    if not punct and n <= 80:
        if "关于" not in line and last in p.org_last and p.issuer_line.match(line):
            return Kind.ISSUER
        if "关于" in line or ((last in p.genre_last or last == ")") and p.title_genre_end.search(line)):
            return Kind.TITLE
    if "《" in line and n <= 400 and p.wrapper.match(line):
        return Kind.WRAPPER
    if punct or n > 80:
        return Kind.BODY
    return Kind.SHORT


def ends_like_title(line: str) -> bool:
    """The (width-folded) line ends with a title genre word: a title that is complete on its line.

    >>> ends_like_title("关于印发X方案的通知"), ends_like_title("重庆市人民政府关于印发重庆市")
    (True, False)
    """
    return bool(_p().title_genre_end.search(line))


def heading_pattern() -> regex.Pattern:
    """The compiled heading-number pattern (anchored at the start of a stripped line)."""
    return _p().marker


def is_heading(line: str) -> bool:
    """The line starts with a heading number (一、 (一) 1. (1) 第一章 ①).

    >>> is_heading("(一)发展基础。"), is_heading("1.5万亿元"), is_heading("第三章 保障措施")
    (True, False, True)
    """
    return bool(_p().marker.match(line))


def _recipients(body: str) -> bool:
    """A 主送 line without its closing colon: several units, a 各… list, or one body's name."""
    p = _p()
    if body.startswith("各") or regex.search(r"[、,]", body):
        return bool(p.recip.match(body + ":"))
    return _is_org(body)


class Line(NamedTuple):
    span: Span        # stripped, into the text
    kind: Kind
    norm: str         # the width-folded stripped line


# one stripped non-blank line: first to last non-space character (str.isspace's set), never across \r \n
LINE = regex.compile(r"[^\s\x1c-\x1f\x85](?:[^\r\n]*[^\s\x1c-\x1f\x85])?")


def stripped_lines(text: str, span: Span | None = None):
    """(start, end) of every non-blank line in `span`, without surrounding white space.

    >>> list(stripped_lines("  ab \\r\\n\\n c"))
    [(2, 4), (9, 10)]
    """
    a, b = span if span is not None else (0, len(text))
    return (m.span() for m in LINE.finditer(text, a, b))


class Lines:
    """The non-blank lines of a span, classified on first access (a long document is mostly body text
    that the metadata never needs to look at)."""

    def __init__(self, t: Text, span: Span):
        self._norm = t.norm
        self.spans = [m.span() for m in LINE.finditer(t.norm, span[0], span[1])]
        self._cache: dict[int, Line] = {}

    def __len__(self) -> int:
        return len(self.spans)

    def text(self, k: int) -> str:
        s, e = self.spans[k]
        return self._norm[s:e]

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self.spans)))]
        if k < 0:
            k += len(self.spans)
        ln = self._cache.get(k)
        if ln is None:
            n = self.text(k)
            ln = self._cache[k] = Line(self.spans[k], classify(n), n)
        return ln


def doc_lines(t: Text, span: Span) -> Lines:
    """The non-blank lines of `span`, stripped, classified lazily."""
    return Lines(t, span)


def _out(t: Text, span: Span) -> str:
    """Printed text of a span with white-space runs folded to one space."""
    return regex.sub(r"\s+", " ", t.out(*span)).strip()


def _fold(s: str) -> str:
    return regex.sub(r"\s+", "", s)


def _is_org(name: str) -> bool:
    return bool(_p().org.match(name))


def _title_group(lines: Lines, i: int) -> int:
    """End index (exclusive) of the title that starts at lines[i]: title lines joined until the
    genre word (plus a bracketed period/"(试行)" line printed under it)."""
    p = _p()
    j, text = i, ""
    while j < len(lines) and j - i < 6:
        ln = lines[j]
        if j > i and ln.kind == Kind.DOCNUM:          # "（皖政办秘〔2022〕21号）" under the title
            return j
        done = bool(p.title_genre_end.search(text))   # "…发展计划" may still go on: "(2019—2022年)的通知"
        if done and p.period_line.match(ln.norm):
            return j + 1
        if done and ln.kind == Kind.TITLE and ("关于" in ln.norm or text.startswith(ln.norm)):
            return j                                  # the same title printed again (web + database)
        ok = ln.kind == Kind.TITLE or (j == i and ln.kind == Kind.ISSUER) \
            or (not done and j > i and ln.kind == Kind.SHORT and len(ln.norm) <= 40 and "," not in ln.norm) \
            or (not done and j > i and ln.kind == Kind.ISSUER and not text.startswith(ln.norm))
        if not ok:
            return j
        text += ln.norm
        j += 1
    return j


def _title_start(lines: Lines, k: int) -> bool:
    """A title starts at lines[k]: a title line, or an issuer line whose next line begins with 关于."""
    ln = lines[k]
    if ln.kind == Kind.TITLE:
        return True
    return (ln.kind == Kind.ISSUER and k + 1 < len(lines) and lines[k + 1].kind == Kind.TITLE
            and lines[k + 1].norm.startswith("关于"))


HEAD_MAX = 40      # non-blank lines; a metadata block plus a title printed twice fits well inside


def head_end(lines: Lines) -> int:
    """Index of the first line after the document head (issuer, title, 发文字号, 主送, metadata block)."""
    for k in range(min(len(lines), HEAD_MAX)):
        kind = lines[k].kind
        if kind in (Kind.BODY, Kind.END, Kind.WRAPPER) and _web_noise(lines.text(k)):
            continue        # "来源:… 发布时间:…" / "【字体:大 中 小】" between the title and the 文号/主送
        if kind in (Kind.BODY, Kind.MARKER, Kind.END, Kind.WRAPPER):
            return k
    return min(len(lines), HEAD_MAX)


def _web_noise(line: str) -> bool:
    """The line is web furniture (split.py's boilerplate and stray-artefact lists).

    >>> _web_noise("来源:泉州市人民政府办公室 发布时间:2023-04-12"), _web_noise("现将《办法》印发给你们。")
    (True, False)
    """
    from .split import INLINE, SITE, line_kind     # split imports this module: import on use
    return line_kind(line) in (SITE, INLINE)


def _fields(t: Text, lines: Lines, upto: int) -> dict[str, tuple[str, Span]]:
    """Web metadata block fields in lines[:upto]: kind -> (value as printed, span)."""
    p = _p()
    out: dict[str, tuple[str, Span]] = {}
    for k in range(upto):
        ln = lines[k]
        if ln.kind != Kind.META:
            continue
        ms = list(p.field.finditer(ln.norm))
        for a, m in enumerate(ms):
            kind = p.field_kind.get(regex.sub(r"\s+", "", m.group("label")))
            vs = ln.span[0] + m.end()
            ve = ln.span[0] + (ms[a + 1].start() if a + 1 < len(ms) else len(ln.norm))
            vs, ve = strip_span(t.norm, (vs, ve))
            if vs >= ve and a + 1 == len(ms) and k + 1 < len(lines) and lines[k + 1].kind != Kind.META:
                vs, ve = lines[k + 1].span          # value printed on the next line
            if kind and vs < ve and kind not in out:
                out[kind] = (_out(t, (vs, ve)), (vs, ve))
    return out


# ---------------------------------------------------------------- the stage


def extract_meta(t: Text, span: Span) -> MetaHit:
    """Title, alt titles, 发文字号, issuer, 成文日期 (ISO) and 主送 of the document at `span`."""
    try:
        return _extract(t, span)
    except Exception:                     # pragma: no cover - stages never raise on content
        return MetaHit()


# "…印发《Y》。全文如下:" hands over to the document it announces (GUARD: anchored at the line end, bounded gaps)
ANNOUNCES_RE = regex.compile(r"(?:全文|内容|原文|全文内容)如下[ \t]{0,4}[:。]?[ \t]{0,4}$")
WRAPPED_HEAD = {Kind.TITLE, Kind.ISSUER, Kind.DOCNUM, Kind.META, Kind.RECIP}


def _extract(t: Text, span: Span) -> MetaHit:
    p = _p()
    lines = doc_lines(t, span)
    if not lines:
        return MetaHit()
    for i in range(min(4, len(lines) - 1)):
        # a news wrapper over the document it announces ("全文如下:" / its issuer or 文号 below), possibly under
        # the news headline and a byline: the head below names the document; the wrapper fills in only what
        # that head does not print
        if lines[i].kind == Kind.WRAPPER and lines[i + 1].kind in WRAPPED_HEAD \
                and (ANNOUNCES_RE.search(lines[i].norm) or (i == 0 and lines[1].kind != Kind.TITLE)):
            inner = _extract(t, (lines[i + 1].span[0], span[1]))
            if inner.title:
                outer = _extract(t, (span[0], lines[i].span[1]))
                return dataclasses.replace(inner, issuer=inner.issuer or outer.issuer)
            break
    h = head_end(lines)
    fields = _fields(t, lines, h)

    # ---- titles: metadata field, head title lines, news wrapper; first found is the title
    titles: list[str] = []
    title_docnum = None
    if "title" in fields:
        titles.append(fields["title"][0])
    head_title_span: Span | None = None
    for k in range(h):
        if _title_start(lines, k):
            e = _title_group(lines, k)
            last = lines[e - 1]
            end = last.span[1]
            if ")" in last.norm and (m := p.title_docnum.search(last.norm)) and m.start() > 0:
                end = last.span[0] + m.start()               # the 文号 is not part of the title
                title_docnum = t.out(last.span[0] + m.start("dn"), last.span[0] + m.end("dn"))
            head_title_span = (lines[k].span[0], end)
            titles.append("".join(t.out(*ln.span).strip() for ln in lines[k:e - 1])
                          + t.out(last.span[0], end).strip())
            break
    wrapper = next((ln for ln in lines[:3] if ln.kind == Kind.WRAPPER), None)
    wm = p.wrapper.match(wrapper.norm) if wrapper else None
    if head_title_span and (hm := p.wrapper.match(t.norm[head_title_span[0]:head_title_span[1]])) \
            and hm.end() == head_title_span[1] - head_title_span[0] and "\n" not in hm.group(0):
        # a news headline "X印发《Y》": the document's title is Y, its issuer X
        wrapper, wm = Line(head_title_span, Kind.WRAPPER, hm.string), hm
        titles.insert(len(titles) - 1, t.out(head_title_span[0] + hm.start("title"),
                                             head_title_span[0] + hm.end("title")))
        head_title_span = None
    if wm and not titles:
        titles.append(t.out(wrapper.span[0] + wm.start("title"), wrapper.span[0] + wm.end("title")))
    titles += _attached_titles(t, lines, h)
    uniq: list[str] = []
    for x in titles:
        if x and _fold(x) not in {_fold(u) for u in uniq}:
            uniq.append(x)
    title = uniq[0] if uniq else None

    # ---- 发文字号: a head line that is only a number, or the metadata field
    doc_number = None
    if "doc_number" in fields:
        m = p.docnum.search(fields["doc_number"][0])
        doc_number = m.group(0) if m else fields["doc_number"][0]
    else:
        for a in range(min(h, len(lines) - 1)):          # "重庆市人民政府令" / "第330号"
            if p.order_name.match(lines[a].norm) and p.order_no.match(lines[a + 1].norm):
                doc_number = _out(t, lines[a].span) + t.out(*lines[a + 1].span).strip("()（） ")
                break
        for ln in lines[:h] if doc_number is None else ():
            if ln.kind == Kind.DOCNUM:
                m = p.docnum_line.match(ln.norm)
                doc_number = t.out(ln.span[0] + m.start("dn"), ln.span[0] + m.end("dn"))
                break
        doc_number = doc_number or title_docnum

    # ---- 主送
    recipients = None
    if "recipients" in fields:
        recipients = fields["recipients"][0]
    else:
        r = next((ln for ln in lines[:h + 1] if ln.kind == Kind.RECIP), None)
        if r:
            s = r.span[0] + (m.end() if (m := p.recip_label.match(r.norm)) else 0)
            recipients = t.out(s, r.span[1] - 1).strip() or None

    # ---- signature (issuer lines directly above a date line) and 成文日期
    sig_issuer, sig_date = _signature(t, lines, h)

    issuer = None
    if "issuer" in fields:
        issuer = fields["issuer"][0]
    elif head_title_span is not None:
        # the issuer opens the title: "X关于…", "X印发…的通知", "X转发Y关于…的通知" (the first verb wins)
        tn = t.norm[head_title_span[0]:head_title_span[1]]
        m = regex.search(r"关于|印发|转发|批转|颁发", tn)
        if m and _is_org(regex.sub(r"\s+", "", tn[:m.start()])):
            issuer = _out(t, (head_title_span[0], head_title_span[0] + m.start()))
    if issuer is None and "title" in fields:
        # a metadata block's 标题 field opens with the issuer the same way ("标题:X关于印发…的通知")
        fs, fe = fields["title"][1]
        m = regex.search(r"关于|印发|转发|批转|颁发", t.norm, pos=fs, endpos=fe)
        if m and _is_org(regex.sub(r"\s+", "", t.norm[fs:m.start()])):
            issuer = _out(t, (fs, m.start()))
    if issuer is None and doc_number and (m := regex.match(r"^([\p{Han}]{2,24})令\s{0,4}[(（]?第", doc_number)) \
            and _is_org(m.group(1)):
        issuer = m.group(1)                       # 政府令: "重庆市人民政府令第330号" -> 重庆市人民政府
    if issuer is None:
        issuer = _adopted_by(t, lines, h)         # a regulation: the body whose session adopted it
    if issuer is None and sig_issuer:
        issuer = sig_issuer
    if issuer is None and head_title_span is not None:
        # "title / 安徽省人民政府办公厅 / 文号": an issuer line under the title, before the 主送
        for ln in lines[:h]:
            if ln.span[0] >= head_title_span[1] and ln.kind == Kind.ISSUER:
                issuer = regex.sub(r"\s{0,4}文件$", "", _out(t, ln.span)) or None
                break
            if ln.kind == Kind.RECIP:
                break
    if issuer is None and wm:
        org = wm.group("org").strip()
        if all(_is_org(x) for x in regex.split(r"[、,和]", org) if x):
            issuer = t.out(wrapper.span[0] + wm.start("org"), wrapper.span[0] + wm.end("org")).strip()
    if issuer is None:
        for ln in lines[h:h + 8]:
            if m := p.speaker.search(ln.norm):
                issuer = t.out(ln.span[0] + m.start("org"), ln.span[0] + m.end("org"))
                if lv := p.level.match(m.group("org")):          # "我代表市人民政府": the place is
                    place = _report_place(t, lines, h, lv.group("level"))   # printed in the head
                    if place:
                        issuer = place + issuer[lv.end():]
                break

    date = None
    if "date" in fields:
        date = iso_date(fields["date"][0])
    if date is None:
        date = sig_date
    if date is None:
        for ln in lines[:h + 1]:
            if ln.kind == Kind.REPORT_DATE or p.adopted.match(ln.norm) or p.adopted_by.match(ln.norm):
                date = iso_date(ln.norm)
                break

    return MetaHit(title=title, alt_titles=tuple(uniq[1:]), doc_number=doc_number, issuer=issuer,
                   date=date, recipients=recipients)


def _adopted_by(t: Text, lines: Lines, h: int) -> str | None:
    """The body named in a regulation's adoption note "（2024年3月28日湖北省第十四届人民代表大会常务委员会
    第九次会议通过）" in the head, its session words dropped: "湖北省人民代表大会常务委员会"."""
    p = _p()
    for ln in lines[:h + 1]:
        if ln.norm[0] != "(" or not (m := p.adopted_by.match(ln.norm)):   # the note may go on over
            continue                                                      # lines: ")" is not required
        s0, (a, b) = ln.span[0], m.span("org")
        parts, pos = [], a
        for w in p.session_words.finditer(ln.norm, a, b):
            parts.append(t.out(s0 + pos, s0 + w.start()))
            pos = w.end()
        parts.append(t.out(s0 + pos, s0 + b))
        name = "".join(parts)
        return name if _is_org(_fold(name)) else None
    return None


def _report_place(t: Text, lines: Lines, h: int, level: str) -> str | None:
    """The place a work report names in its head (session line, title, speaker) when it ends with
    the speaker's `level` (市 for "我代表市人民政府"): "在重庆市第六届人民代表大会…" -> "重庆市"."""
    p = _p()
    for ln in lines[:h]:
        for m in p.report_place.finditer(ln.norm):
            a, b = m.span("place")
            if b - a > len(level) and m.group("place").endswith(level):
                return t.out(ln.span[0] + a, ln.span[0] + b)
    return None


def _signature(t: Text, lines: Lines, h: int) -> tuple[str | None, str | None]:
    """(issuer, ISO date) of the first signature block after the head: body-name lines directly
    above a date line; a date line alone counts when an END marker follows or the document ends."""
    p = _p()
    for k in range(h, len(lines)):
        n = lines.text(k)
        if len(n) > 90 or n[-1] not in "日)" or "年" not in n:
            continue
        if lines[k].kind != Kind.DATE:
            # "重庆市人民政府    2019年11月25日": the signature and its date on one line
            m = p.signed_date.match(n)
            if m and _is_org(regex.sub(r"\s+", "", m.group("org"))) and (k + 1 == len(lines) or len(n) <= 60):
                s0 = lines[k].span[0]
                return _out(t, (s0 + m.start("org"), s0 + m.end("org"))), iso_date(m.group("date"))
            continue
        names, j = [], k - 1
        while j >= h and lines[j].kind == Kind.ISSUER and k - j <= 4:
            names.insert(0, _out(t, lines[j].span))
            j -= 1
        last = k + 1 == len(lines)
        signed = j >= h and k - j <= 2 and bool(_p().signer.match(lines[j].norm))
        if names or signed or last or lines[k + 1].kind == Kind.END:
            return (" ".join(names) or None), iso_date(lines[k].norm)
    return None, None


def _attached_titles(t: Text, lines: Lines, h: int) -> list[str]:
    """The title printed after a cover letter's end ("（此件公开发布）" or signature date): the attached
    plan's own title, e.g. "重庆市现代服务业发展计划" + "（2019—2022年）"."""
    p = _p()
    k = next((i for i in range(h, len(lines)) if "此" in lines.text(i) and lines[i].kind == Kind.END), None)
    if k is None:
        k = next((i for i in range(h, len(lines)) if lines.text(i)[-1] in "日)" and lines[i].kind == Kind.DATE and i > 0 and (
        lines[i - 1].kind == Kind.ISSUER or p.signer.match(lines[i - 1].norm))), None)
    if k is None:
        return []
    i = k + 1
    while i < len(lines) and i - k <= 3 and (lines[i].kind == Kind.END or p.attach_label.match(lines[i].norm)):
        i += 1
    if i >= len(lines) or lines[i].kind not in (Kind.TITLE, Kind.SHORT, Kind.ISSUER):
        return []
    e = i + 1
    while e < len(lines) and e - i < 4 and lines[e].kind in (Kind.TITLE, Kind.SHORT) \
            and len(lines[e].norm) <= 60 and not p.title_genre_end.search(
                "".join(ln.norm for ln in lines[i:e]).rstrip(")")):
        e += 1
    if e < len(lines) and p.period_line.match(lines[e].norm) and lines[e].kind != Kind.DOCNUM:
        e += 1
    text = "".join(t.out(*ln.span).strip() for ln in lines[i:e])
    return [text] if len(text) >= 4 else []
