"""The document year: the year 今年 means in a document (SPEC §2).

Tried in order, first found wins (`YEAR_SOURCES`, each a named rule):
1. `date`: the year of the document's date (成文日期, a work report's delivery date);
2. `title`: one year printed in the title ("2026年吉林省政府工作报告", "包头市2022年…考评办法"); a plan
   period ("（2021—2023年）") is a span of years, not one;
3. `work-report-plan`: a work report (title 政府工作报告, or "我代表…向大会…报告" in its opening) plans the year
   after the one it reviews ("一、2023年工作回顾" → 2024, "刚刚过去的1984年" → 1985) or names it
   ("三、2024年政府工作任务", "2012年主要任务", "对今年…2013年工作提出建议" → 2013).
The document's `date` itself stays null unless a date is printed.

>>> doc_year("2026年吉林省政府工作报告", "", None), doc_year("XX行动计划(2021—2023年)", "", None)
(2026, None)
>>> doc_year("某省第十四个五年规划和二〇三五年远景目标纲要", "", None), doc_year("面向2030年的某某发展规划", "", None)
(None, None)
>>> doc_year(None, "各位代表:\\n现在,我代表国务院向大会报告政府工作。\\n一、2023年工作回顾\\n", None)
2024
>>> doc_year(None, "各位代表:\\n我代表国务院向大会作政府工作报告。\\n二、2008年主要任务\\n", "2008-03-05")
2008
>>> doc_year(None, "各位代表:\\n我代表国务院,向大会作政府工作报告。\\n二、关于1 9 9 8 年政府工作的建议\\n", None)
1998
>>> doc_year(None, "各位代表:\\n现在,我代表国务院向大会作政府工作报告。\\n首先报告2001年的工作\\n", None)
2002
>>> doc_year(None, "各位代表:\\n我受国务院的委托,现在向大会提出关于1980、1981年国民经济计划安排的报告。", None)
1980
>>> doc_year(None, "各位代表:\\n我代表国务院向大会作政府工作报告。\\n…国务院确定1987年经济体制改革的主要任务是…", None)
1987
>>> doc_year(None, "各位代表:\\n我代表国务院向大会作政府工作报告。\\n…取得进展。1987年,我们要继续扩大开放。", None)
1987
>>> doc_year(None, "各位代表: 我代表国务院向大会作政府工作报告。 一、过去一年工作回顾 2004年,全国各族人民…", None)
2005
"""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import regex

from .lexicons import compile_on_use, load_map
from .lines import unwrapped
from .numerals import YEAR_DIGITS, cn_to_number, year_value

# a year as printed (numerals.YEAR_DIGITS: 2024, 二〇二四 / 一九八四 digit by digit, OCR "1 9 9 3")
YEAR = rf"(?P<y>{YEAR_DIGITS})"

# one year in a title, not inside a period "2021—2023年" or "2021-2023" (GUARD: literal context, bounded)
# (not a horizon: "…二〇三五年远景目标纲要", "面向2030年的…", "到2025年…", "2030年前碳达峰…": the year the
# document looks to)
TITLE_YEAR_RE = compile_on_use(rf"(?<![\d〇○零一二三四五六七八九][—\-–~至到])(?<![\d])(?<!到|至|面向|迈向){YEAR}(?=年)"
                              rf"(?!年?[—\-–~至到])(?!年(?:前|(?:的)?(?:远景|愿景)))")   # "2030年前碳达峰…"
PERIOD_RE = compile_on_use(r"(?:19|20)\d{2}\s{0,2}年?\s{0,2}[—\-–~至到]\s{0,2}(?:19|20)?\d{2}")

# the words of a heading that announces a review part, up to its 回顾 (总结): "过去五年的回顾", "一、2023年工作回顾",
# "过去五年国内工作的基本总结" (one
# grammar for docyear and targets/years.py; bounded, no sentence punctuation)
REVIEW_TITLE = r"[^\r\n。,;:]{0,30}(?:回顾|基本总结)"
# an unnumbered heading line that opens a report's plan part: "今后五年的主要任务", "今后五年建设和改革的目标、方针和
# 任务" (short, no sentence punctuation; anchored by the callers at a line start)
# where a heading line starts: after a break, or (a single-line copy, SPEC §1: "…增长7.8%。　　今年…") after the run of
# two or more spaces that keeps two paragraphs apart; and where it ends (the `regex` look-behind, of bounded width)
LINE_START = r"(?:(?<![^\r\n])|(?<=\S[ \t]{2,8}))"
# the margin after it: indentation, and a Markdown copy's heading hashes (formatting, not text: "## 一、…的回顾")
MARGIN = r"[ \t]{0,8}+(?:\#{1,6}[ \t]{1,4})?+"           # (possessive: the hashes are never title text)
LINE_END = r"(?=[\r\n]|$|[ \t]{2})"
PLAN_PART_LINE = r"(?:今后|今年|明年)[^\r\n。,，]{0,20}(?:任务|安排|目标)[^\r\n。,，]{0,6}" + LINE_END
# a work report's opening: "我代表国务院(,)向大会(作|报告)…" (older: "我受国务院的委托，向大会报告…"); or its title
WORK_REPORT_RE = compile_on_use(r"政府工作报告"
                               r"|我(?:代表|受)[^,。\r\n]{2,30}?(?:的委托)?[,，]?\s{0,2}(?:现在)?向[^。\r\n]{0,30}?(?:报告|作)")
# the year it reviews: "一、2023年工作回顾", "1996年国内工作的回顾", "刚刚过去的1984年", "过去的2011年",
# "首先报告2001年的工作" (the review announced as the report's first part)
_reviewed_re = compile_on_use(rf"""(?:{YEAR}年(?:国内)?(?:政府)?工作(?:的)?回顾
                                  | (?:刚刚)?过去的{YEAR}年
                                  | (?:首先|先)(?:报告|回顾)\s?{YEAR}\s?年(?:的)?(?:政府)?工作)""", regex.VERBOSE)
# the year it plans: "2024年政府工作任务", "2008年主要任务", "2019年经济社会发展总体要求", "…1981年国民经济计划",
# "对今年(2013年)工作提出建议", "二、关于1998年政府工作的建议", "确定1987年经济体制改革的主要任务是", "1987年，我们要…"
_planned_re = compile_on_use(rf"""{YEAR}年(?:的)?(?:(?:主要|重点)(?:工作)?任务|(?:政府)?工作任务|重点工作|工作安排
                                          |经济社会发展总体要求|国民经济(?:和社会发展)?计划)
                              | 对{YEAR}年(?:的)?(?:政府)?工作提出(?:建议|意见)
                              | 确定{YEAR}年[^。\r\n]{{0,16}}?的(?:主要|重点)?任务是
                              | (?<![\d年])(?<=[。\r\n]\s{{0,4}}){YEAR}年[,，]?我们要
                              | 关于{YEAR}\s?年(?:的)?(?:政府)?工作的(?:建议|意见|安排|任务)""", regex.VERBOSE)
# two years planned together, the first right before the planned one: "1980、1981年国民经济计划"
_two_years_re = compile_on_use(rf"{YEAR}年?、(?=\s?(?:19|20)\d{{2}}年)")
# a review heading without a year, and the first year printed after it: "一、过去一年工作回顾\n2004年，…"
_undated_review_re = compile_on_use(rf"""(?:过去一年|去年|上一年)(?:的)?(?:政府)?工作(?:的)?回顾
                                       [^\r\n]{{0,10}}(?:\r\n|\r|\n)
                                       \s{{0,20}}[^\r\n]{{0,60}}?{YEAR}年""", regex.VERBOSE)
# a plan period under review: "一、“十一五”时期国民经济和社会发展的回顾" -> the period's last year + 1
_period_review_re = compile_on_use(r"[“\"]?(?P<n>[一二三四五六七八九十]{1,3})五[”\"]?(?:时期|期间)[^\r\n。]{0,30}回顾")
# a review part: from a heading line that names a review ("一、过去五年政府工作的回顾") to the next 一、 heading
# (a line starts after \n, \r\n or a lone \r: old Mac files break lines with \r alone)
# (or an unnumbered part heading "过去五年的回顾" and the plan part's "今后五年的主要任务" line after it)
_review_heading_re = compile_on_use(LINE_START + MARGIN + r"(?:[一二三四五六七八九十]{1,2}[、.])?" + REVIEW_TITLE
                                  + r"[^\r\n。]{0,10}" + LINE_END)
_next_part_re = compile_on_use(LINE_START + MARGIN + r"(?:[一二三四五六七八九十]{1,2}[、.]|" + PLAN_PART_LINE + ")")
# ... in a copy that lost its breaks (SPEC §1): a numbered part heading right after a sentence end (glued, or after
# the one U+3000 a spreadsheet cell keeps, which normalize makes one space), its title run into its first paragraph
# ("…提出意见。一、过去五年工作回顾第十一届…"); its part ends at the next one so placed (read only when the review
# heading itself was found so: a printed paragraph's "…。二、…" is no part heading)
GLUED_PART = r"(?<=[。!?][ \t]{0,8})[一二三四五六七八九十]{1,2}、"
_glued_review_heading_re = compile_on_use(GLUED_PART + REVIEW_TITLE)
_glued_next_part_re = compile_on_use(GLUED_PART)
# "…提出意见。一、过去一年工作回顾2004年，全国…": an undated review heading so placed, and the year its part opens with
_glued_undated_review_re = compile_on_use(rf"{GLUED_PART}(?:过去一年|去年|上一年)(?:的)?(?:政府)?工作(?:的)?回顾"
                                          rf"[ \t]{{0,8}}[^\r\n。]{{0,60}}?{YEAR}年")
_any_year_re = compile_on_use(rf"(?<!\d){YEAR}年")
OPENING = 3000          # characters of a work report in which its opening is looked for
SCAN = 200_000          # characters searched for the plan cues (GUARD: bounded on a huge file)


def _year(m: regex.Match) -> int | None:
    return year_value(m.group("y"))


def from_date(title: str | None, text: str, date: str | None) -> int | None:
    return int(date[:4]) if date else None


def from_title(title: str | None, text: str, date: str | None) -> int | None:
    if not title:
        return None
    t = PERIOD_RE.sub("", title)
    years = {_year(m) for m in TITLE_YEAR_RE.finditer(t)}
    years.discard(None)
    return years.pop() if len(years) == 1 else None


def is_work_report(title: str | None, text: str) -> bool:
    """A government work report: its title says so, or its opening does ("我代表国务院，向大会作政府工作报告").

    >>> is_work_report(None, "各位代表：我受国务院的委托，向大会报告关于一九七九年国民经济计划的安排。")
    True
    >>> is_work_report(None, "各位代表：我受国务院的委托，现在向大会提出关于1980、1981年国民经济计划安排的报告。")
    True
    """
    return bool(title and "政府工作报告" in title) or bool(WORK_REPORT_RE.search(opening(text)))


def opening(text: str) -> str:
    """The first OPENING characters of a document, its line breaks taken out where a PDF copy wrapped a sentence
    at the page width ("向第十届全国人\\n民代表大会第一次会议报告"): the opening is read for words, never for places.

    >>> opening("我代表国务院，向第十届全国人\\n民代表大会第一次会议报告。\\n一、回顾")
    '我代表国务院，向第十届全国人民代表大会第一次会议报告。一、回顾'
    """
    return unwrapped(text[:OPENING])


def from_work_report(title: str | None, text: str, date: str | None) -> int | None:
    if not is_work_report(title, text):
        return None
    planned = _planned_re.search(text, 0, SCAN)
    reviewed = _reviewed_re.search(text, 0, SCAN)
    if planned and (not reviewed or planned.start() < reviewed.start() or _year(reviewed) is None):
        y = _year(planned)
        # "关于1980、1981年国民经济计划安排的报告": the plans of this year and the next, delivered this year
        two = _two_years_re.search(text, max(0, planned.start() - 6), planned.start() + 6)
        return y - 1 if y is not None and two is not None and _year(two) == y - 1 else y
    if reviewed and (y := _year(reviewed)) is not None:
        return y + 1
    if m := _undated_review_re.search(text, 0, SCAN) or _glued_undated_review_re.search(text, 0, SCAN):
        y = _year(m)
        return None if y is None else y + 1
    if (m := _period_review_re.search(text, 0, SCAN)) and (end := plan_period_end(m.group("n"))):
        return end + 1
    return _after_review_part(text)


def _after_review_part(text: str) -> int | None:
    """The year after the latest one a review part speaks of more than once ("过去五年…的回顾": "从1997年的…
    增加到2002年的…" -> 2003).

    >>> _after_review_part("过去五年的回顾\\n由一九七八年的…增加到一九八二年的…。一九八二年…。"
    ...                    "\\n今后五年的主要任务\\n到一九八七年…")
    1983
    >>> _after_review_part("我代表国务院向大会报告。一、过去五年工作回顾五年来，产值从2007年的…增加到2012年的…，"
    ...                    "2012年…。二、今年的总体要求到2015年…2015年…")      # a copy without breaks
    2013
    """
    m, next_part = _review_heading_re.search(text, 0, SCAN), _next_part_re
    if m is None:
        m, next_part = _glued_review_heading_re.search(text, 0, SCAN), _glued_next_part_re
    if m is None:
        return None
    nxt = next_part.search(text, m.end(), SCAN)
    counts: dict[int, int] = {}
    for ym in _any_year_re.finditer(text, m.end(), nxt.start() if nxt else min(len(text), SCAN)):
        y = _year(ym)
        if y is not None:
            counts[y] = counts.get(y, 0) + 1
    repeated = [y for y, n in counts.items() if n >= 2]
    return max(repeated) + 1 if repeated else None


def plan_period_end(n: str) -> int | None:
    """The last year of the N-th five-year plan ("十一" -> 2010; the 1st ran 1953-1957, the 2nd 1958-1962,
    the 3rd 1966-1970 after three years of adjustment, and every later one five years on).

    >>> plan_period_end("十一"), plan_period_end("十四"), plan_period_end("六"), plan_period_end("一")
    (2010, 2025, 1985, 1957)
    """
    k = cn_to_number(n)
    if not k:
        return None
    return 1952 + 5 * k if k <= 2 else 1955 + 5 * k


# the session a national report is delivered to, named in its opening: "向第五届全国人民代表大会第一次会议作…报告"
# (a report to a new congress names no session: "向第五届全国人民代表大会作政府工作报告", its first)
_npc_session_re = compile_on_use(r"向第(?P<n>[一二三四五六七八九十]{1,3})届全国人民代表大会"
                      r"(?:第(?P<m>[一二三四五六七八九十]{1,2})次会议)?")


def from_npc_session(title: str | None, text: str, date: str | None) -> int | None:
    """An undated national work report delivered to the M-th session of the N-th NPC: that session's year.

    >>> from_npc_session(None, "各位代表：现在，我代表国务院，向第五届全国人民代表大会第一次会议作政府工作报告。", None)
    1978
    >>> from_npc_session(None, "各位代表！现在，我代表国务院，向第六届全国人民代表大会作政府工作报告。", None)
    1983
    """
    if not is_work_report(title, text):
        return None
    m = _npc_session_re.search(opening(text))
    first = load_map("common/npc_terms.yaml").get(m.group("n")) if m else None
    return None if first is None else int(first) + (cn_to_number(m.group("m")) if m.group("m") else 1) - 1


# an estimate of a year still in progress: "一九八二年预计比一九八一年增长百分之五" (the report's own year)
_estimate_re = compile_on_use(rf"(?<!\d){YEAR}年(?:全年)?预计")


def from_estimate(title: str | None, text: str, date: str | None) -> int | None:
    """An undated work report that estimates a year's results ("一九八二年预计…", at least twice) is
    delivered in that year (the latest one so estimated).

    >>> from_estimate(None, "我代表国务院，向大会作报告。一九八二年预计比一九八一年增长百分之五，"
    ...                     "一九八二年预计达到三亿吨。", None)
    1982
    """
    if not is_work_report(title, text):
        return None
    counts: dict[int, int] = {}
    for m in _estimate_re.finditer(text, 0, SCAN):
        if (y := _year(m)) is not None:
            counts[y] = counts.get(y, 0) + 1
    years = [y for y, n in counts.items() if n >= 2]
    return max(years) if years else None


class YearSource(NamedTuple):
    name: str
    rule: Callable[[str | None, str, str | None], int | None]


YEAR_SOURCES = (YearSource("date", from_date), YearSource("title", from_title),
                YearSource("work-report-plan", from_work_report), YearSource("npc-session", from_npc_session),
                YearSource("report-estimate", from_estimate))


def explain_year(title: str | None, text: str, date: str | None) -> tuple[int | None, str | None]:
    """(the document year, the name of the rule that gave it)."""
    for source in YEAR_SOURCES:
        y = source.rule(title, text, date)
        if y is not None and 1949 <= y <= 2100:
            return y, source.name
    return None, None


def doc_year(title: str | None, text: str, date: str | None) -> int | None:
    """The year 今年 means in a document with this title, (normalised) text and ISO date."""
    return explain_year(title, text, date)[0]
