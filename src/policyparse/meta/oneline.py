"""The head of a document printed on one line (an OCR'd scan, a spreadsheet cell): the red header, the 文号,
the title and the 主送 run into the body ("鲁委〔2021〕145号中共山东省委山东省人民政府关于调整…的通知各市党委和
人民政府…:经省委研究…"). Read only when the document's first line is far longer than a head line, or when a shorter one runs on from a
title into 主送 or a sentence (a one-line 通知 of 300 characters).

>>> from policyparse.normalize import normalize
>>> raw = ("山东省交通运输厅鲁交城市函(2020)39号关于商请会签《应急预案》的函省委宣传部,省发展改革委:为做好…" * 1) + "。" * 400
>>> h = one_line_head(Text(raw, normalize(raw)), (0, len(raw)))
>>> h.title, h.doc_number, h.issuer
('关于商请会签《应急预案》的函', '鲁交城市函(2020)39号', '山东省交通运输厅')
>>> raw = "鲁委〔2021〕145号中共山东省委山东省人民政府关于调整机构设置形式的通知各市党委和人民政府:经省委研究,调整如下。"
>>> h = one_line_head(Text(raw, normalize(raw)), (0, len(raw)))
>>> h.title, h.doc_number
('中共山东省委山东省人民政府关于调整机构设置形式的通知', '鲁委〔2021〕145号')
>>> raw = "山东省人民政府办公厅办公厅便函〔2021〕68号山东省人民政府办公厅关于建立工作台账的预备通知省直有关部门:按照部署。"
>>> h = one_line_head(Text(raw, normalize(raw)), (0, len(raw)))
>>> h.doc_number, h.issuer
('办公厅便函〔2021〕68号', '山东省人民政府办公厅')
>>> one_line_head(Text("关于印发方案的通知", "关于印发方案的通知"), (0, 9)) is None
True
>>> raw = "山东省数字经济发展行动方案（2021—2023）  为贯彻落实《纲要》，制定本方案。一、总体要求。"
>>> one_line_head(Text(raw, normalize(raw)), (0, len(raw))).title
'山东省数字经济发展行动方案（2021—2023）'
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

import regex

from ..heads import ADATE, ADOPTION_ACT, CDATE, DOCNUM, genre_alternation, heads
from ..orgs import is_org
from ..records import Text
from ..spans import Span
from ..lexicons import compile_on_use
from .patterns import iso_date

FIRST_BREAK_RE = compile_on_use(r"[\r\n]")
LONG_FIRST_LINE = 400        # characters: a first line this long holds the head and the body together,
RUN_ON_BODY_RE = compile_on_use(r"[:。]")   # ... and so does a shorter one whose title runs on into 主送: / a sentence
HEAD_WINDOW = 500            # the head is looked for in the first characters of that line


class OneLineHead(NamedTuple):
    title: str | None
    title_span: Span | None
    doc_number: str | None
    issuer: str | None


@cache
def _title_re() -> regex.Pattern:
    """关于 … a genre word not inside 《》, or 印发《…》的通知 (bounded, no sentence end inside); the text before
    关于 / 印发 is read separately."""
    return compile_on_use(rf"(?:关于(?:[^。;:!?《》〈〉\s]|\s(?!\s)|《[^》\n]{{1,80}}》|〈[^〉\n]{{1,80}}〉){{2,100}}?|印发《[^》\n]{{2,80}}》的?)"
                         rf"{genre_alternation()}(?![》〉”」的]|\([^()]{{1,24}}\)的)")
    # (a genre word inside 《…》 or a nested 〈…〉 ends no title, nor one before 的: "…意见的通知", "…方案（2024—2026年）
    # 的通知", "《国务院关于修改〈…条例〉的决定》"; a title holds no stray 》: "…〈某办法〉的决定》修正…第一条…办法";
    # nor a paragraph gap: "关于国内建设　　根据…会议的决议" is a part heading and a sentence)


# the usual first words of a plan's or notice's body, right after its title when the break was lost
# ("…发展规划“十四五”时期是…", "…行动方案（2021—2023）为深入贯彻…", "…若干措施为加快…")
BODY_OPENING = (r"为(?:了|深入|全面|贯彻|加快|进一步|推动|推进|落实|促进|加强|切实|更好|大力|积极|认真|抢抓|把握|"
                r"巩固|持续)|根据|按照|近年来|当前|\s?“十[一二三四五六]五”时期")


@cache
def _lead_title_re() -> regex.Pattern:
    """A title without 关于 opening the line (a law's name in 《》 inside it: "某市实施《中华人民共和国档案法》办法"), then
    the first paragraph's indent ("山东省“十三五”科技创新规划　　为深入实施…", "…行动方案（2021—2023）  为…") or its usual
    first words: a genre word (a bracketed period after it), then two or more spaces, or 为深入/根据/“十四五”时期…, or
    what follows a title in a copy without breaks (BODY_START_AFTER)"""
    return compile_on_use(rf"\s{{0,4}}(?P<title>(?:[^\s。;:!?,《》>|/]|《[^《》\s。]{{1,40}}》){{2,60}}?"   # no breadcrumb
                         rf"(?:{genre_alternation()})"
                         rf"(?:\([^()\s]{{1,24}}\))?)(?:\s{{2,8}}(?=\S)|\s{{0,2}}(?={BODY_OPENING})"
                         rf"|(?={REPORT_DATE_AFTER})"        # a work report's "——2024年1月23日在…会议上" run on
                         rf"|(?={ADOPTION_AFTER})"           # a regulation's adoption note run on
                         rf"|(?={BODY_START_AFTER}))")       # its contents, first chapter or article, or cover date


# what follows a plan's or a regulation's title when the breaks were lost: its 目录, its first chapter or article, or
# the month on its cover ("“十四五”智能制造发展规划目录一、…", "…管理规范（试行）第一章总则第一条…", "…建设指南（2022版）
# 2022年11月目录…")
BODY_START_AFTER = r"\s{0,2}(?:目\s?录|第[一1]\s?[章条]|(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月)"


# a work report's date line run on after its title ("政府工作报告——2024年1月23日在…第二次会议上省长…"):
# a dash or a bracket, the date, and where it was delivered (bounded, one sentence)
REPORT_DATE_AFTER = (rf"\s{{0,8}}(?:[—\-–―]{{1,4}}|\()\s{{0,2}}(?P<date>{ADATE}|{CDATE})"
                     rf"[^。;!?]{{0,60}}?(?:会议|大会)上")
RUN_ON_REPORT_DATE_RE = compile_on_use(REPORT_DATE_AFTER)
# a regulation's adoption note run on after its title ("北京市审计条例2012年7月27日北京市第十三届…会议通过"): a date,
# then the act within one clause (bounded)
ADOPTION_AFTER = rf"\s{{0,2}}\(?\s{{0,2}}(?:{ADATE}|{CDATE})[^。;!?]{{0,80}}?{ADOPTION_ACT}"


def run_on_report_date(norm: str, title_span: Span | None) -> str | None:
    """"政府工作报告——2024年1月23日在…会议上…" on one line with the body: the ISO date right after the title.

    >>> n = "政府工作报告——2024年1月23日在浙江省第十四届人民代表大会第二次会议上省长王浩各位代表:"
    >>> run_on_report_date(n, (0, 6)), run_on_report_date("政府工作报告各位代表:", (0, 6))
    ('2024-01-23', None)
    """
    if title_span is None:
        return None
    m = RUN_ON_REPORT_DATE_RE.match(norm, title_span[1], min(len(norm), title_span[1] + 120))
    return iso_date(m.group("date")) if m else None


DOCNUM_RE = compile_on_use(DOCNUM, regex.VERBOSE)
# where a red header or a 文号 stops and the issuer of the title may begin: "…145号中共山东省委…关于"
HEADER_STOP_RE = compile_on_use(r"[号\d)\]〕】·•]")
BRACKET_RE = compile_on_use(r"[〔\[【(〖]")
# a telegram form's class field printed right before the 文号 ("等级 特急·明电 鲁政办发明电〔2021〕1号")
# ... or the end of the red header itself ("陕西省林业局文件陕发改能电力[2021] 634号")
TELEGRAM_CLASS_RE = compile_on_use(r"(?:[明密]电|文件)(?=\p{Han})")
# a red header's body name: a full name with its level or kind, not a 文号's abbreviated agency ("鲁政办")
HEADER_NAME_RE = compile_on_use(r"[省市县区州旗部局厅委院署行]|政府")
DOUBLED_RE = compile_on_use(r"(\p{Han}{2,4})\1")       # a word printed twice: the header's last, the 文号's first


RECIP_SCAN = 200            # characters after a title read for its 主送 line


def _addressed_title(norm: str, start: int, end: int) -> regex.Match | None:
    """The first title in [start, end) that runs on into a 主送 ("…的函各市人民政府，省政府有关部门:"), else the
    first title: a form's printed draft title ("公文稿纸…关于印发《…》的通知各市…") comes before the letter's own."""
    first = None
    for m in _title_re().finditer(norm, start, end):
        first = first or m
        colon = norm.find(":", m.end(), min(len(norm), m.end() + RECIP_SCAN))
        if colon > m.end() and "。" not in norm[m.end():colon] and heads().recip.match(norm[m.end():colon + 1]):
            return m
    return first


def one_line_head(t: Text, span: Span) -> OneLineHead | None:
    """The head fields of a document whose first line runs on into its body, or None."""
    norm, (start, end) = t.norm, span
    nl = FIRST_BREAK_RE.search(norm, start, end)          # \n, \r\n or a lone \r (old Mac files)
    first_end = end if nl is None else nl.start()
    window = min(first_end, start + HEAD_WINDOW)
    title_m = _addressed_title(norm, start, window)
    lead = _lead_title_re().match(norm, start, window)
    if lead is not None and title_m is not None and title_m.start() < lead.end():
        lead = None                                     # the 关于 title is the head's own
    if first_end - start < LONG_FIRST_LINE and not (
            (title_m or lead) and RUN_ON_BODY_RE.search(norm, (lead or title_m).end(), first_end)):
        return None
    dn = DOCNUM_RE.search(norm, start, window)
    if dn is not None and (tc := TELEGRAM_CLASS_RE.match(norm, dn.start(), dn.end())):
        dn = DOCNUM_RE.match(norm, tc.end(), dn.end()) or dn     # "特急·明电鲁政办发明电〔2021〕1号"
    bracket = BRACKET_RE.search(norm, dn.start(), dn.end()) if dn is not None else None
    if bracket is None:     # "…国务院令第416号": a decree's number, which the decree head or the adoption note reads
        dn = None           # (its match here may start anywhere before the body's name: "…3日中华人民共和国…")
    doc_number = t.raw[dn.start():dn.end()] if dn else None
    title = title_span = None
    issuer = None
    if bracket is not None:                     # "山东省交通运输厅鲁交城市函(2020)39号": the red header's name,
        agency_end = bracket.start()            # then the 文号's own agency
        top = agency_end - 2
        if twice := DOUBLED_RE.search(norm, dn.start(), agency_end):   # "山东省人民政府办公厅办公厅便函〔2021〕68号":
            top = min(top, twice.start() + len(twice.group(1)))      # the second 办公厅 opens the 文号
        for cut in range(top, dn.start() + 1, -1):
            name = norm[dn.start():cut]
            if len(name) >= 5 and HEADER_NAME_RE.search(name) and is_org(name):
                tc = TELEGRAM_CLASS_RE.match(norm, cut, dn.end())     # "…林业局文件陕发改能电力[2021] 634号"
                issuer, doc_number = t.raw[dn.start():cut], t.raw[(tc.end() if tc else cut):dn.end()]
                break
    if title_m:
        ts = title_m.start()
        pre_start = start
        for m in HEADER_STOP_RE.finditer(norm, start, ts):     # the org right before 关于, after any header
            pre_start = m.end()
        if ts - pre_start >= 2 and not is_org(norm[pre_start:ts]):
            # "山东省应急管理厅公文稿纸…，有关企业山东省应急管理厅关于…": the recipients of a draft printed
            # before; the issuer is the longest tail that the letterhead opening the line names too
            pre_start = next((k for k in range(pre_start, ts - 1)
                              if norm.startswith(norm[k:ts], start) and is_org(norm[k:ts])), ts)
        if ts - pre_start >= 2 and is_org(norm[pre_start:ts]):
            issuer, ts = t.raw[pre_start:ts], pre_start     # the title opens with its issuer
        title_span = (ts, title_m.end())
        title = t.raw[ts:title_m.end()]
    if lead is not None:                          # the title that opens the line wins over a 关于 in the body
        title_span = lead.span("title")
        title = t.raw[title_span[0]:title_span[1]]
    if title is None and doc_number is None:
        return None
    return OneLineHead(title, title_span, doc_number, issuer)
