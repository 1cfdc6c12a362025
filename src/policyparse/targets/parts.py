"""The parts of a document a year scopes: a one-year plan's title year, a work report's plan part (from its
heading or 今年 line) and review part, a plan's period printed in its title (SPEC §2, §4)."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

import regex

from ..docyear import LINE_START, MARGIN, PLAN_PART_LINE, REVIEW_TITLE, is_work_report, plan_period_end
from ..frontmatter import FRONT_MATTER_MAX, front_matter_end
from ..numerals import cn_to_number
from ..records import SectionHit
from ..spans import Span
from .years import PLAN_NAME, YearMark, plan_end

# The title of a one-year plan: "XX市2024年数字经济工作要点", "关于印发2024年…行动方案的通知". Not a period
# ("2024—2026年", "2023至2025年") and not a deadline ("到2025年", "2025年前"). Bounded: {0,40} without a newline.
ANNUAL_TITLE_RE = regex.compile(r"""
    (?<![\d—–~\-至到])(?P<year>(?:19|20)\d{2})
    (?: \s?年(?![\d—–~\-至底末前]) [^\n]{0,40}?    # "XX市2024年数字经济工作要点"
      | (?!\d) \s? (?=行动方案|工作要点|行动计划|工作计划) )   # "数字山东2021行动方案": 年 left out, the genre right after
    (?:工作要点|工作计划|行动方案|行动计划|重点工作|工作方案|实施方案|工作安排|工作任务|任务清单|推进计划
      |工作的意见|工作意见                           # "关于做好2019年本区无偿献血工作的意见"
      |工作的?总体思路是                             # a 要点 without its title: "2018年…标准化工作的总体思路是："
      |考评办法|考核办法|考评方案|考核方案|考评细则|考核细则|目标任务)   # a year's assessment: "包头市2022年…考评办法"
    """, regex.VERBOSE)
WORK_REPORT_RE = regex.compile(r"政府工作报告")
TITLE_YEAR_RE = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s?年")
# Where a work report turns to this year: a heading about this year's work, or a line opening with 今年.
# an unnumbered heading of the report's part about its year, on a line of its own: "2024年工作安排建议", "2026年主要工作"
YEAR_WORK_LINE_RE = regex.compile(LINE_START + MARGIN + r"(?P<y>(?:19|20)\d{2})\s?年(?:的)?(?:政府)?(?:工作安排|主要工作|重点工作|"
                                  r"工作任务|主要任务)(?:建议)?[ \t]*(?=[\r\n]|$)")
THIS_YEAR_PART_RE = regex.compile(r"今年|本年|工作安排|总体要求|主要目标|预期目标|重点工作|主要任务|工作任务")
# a line that opens the part about this year: "今年…", "2002年是…非常重要的一年" (the report's own year)
THIS_YEAR_LINE_RE = regex.compile(LINE_START + MARGIN + r"(?:今年|(?P<y>(?:19|20)\d{2})\s?年"    # docyear's
                                   r"(?:是|(?:的)?(?:主要|重点)(?:工作|任务)[ \t]*(?=[\r\n]|$)))")   # or a heading
                                   # of its own: "2026年主要工作" (a copy that prints the parts unnumbered)


def title_region(norm: str, span: Span, sections: Sequence[SectionHit]) -> Span:
    """The document's first lines before its first numbered heading: at most 3 lines and 400 characters
    (a title, maybe over two lines, or a document number and the title)."""
    lo, hi = span
    if lo < FRONT_MATTER_MAX and (fm := front_matter_end(norm)) > lo:
        lo = min(fm, hi)                          # a Markdown note's front matter: the page's title follows it
    first = min((s.span[0] for s in sections if lo <= s.span[0] < hi), default=hi)
    end = min(first, lo + 400)
    pos, lines = lo, 0
    while pos < end and lines < 3:
        e = norm.find("\n", pos, end)
        if e < 0:
            return (lo, end)
        if norm[pos:e].strip():
            lines += 1
        pos = e + 1
    return (lo, min(pos, end))


# The period a plan's title prints: "(2023—2025年)", "2021-2025年", "2023至2025年". Bounded, no nesting.
TITLE_PERIOD_RE = regex.compile(r"(?<!\d)(?P<a>(?:19|20)\d{2})\s?年?\s?(?:[—–~\-]{1,2}|至|到)\s?(?P<b>(?:19|20)\d{2})\s?年")


TITLE_PLAN_RE = regex.compile(r"(?P<p>" + PLAN_NAME + r")[”\"]?\s?[^\n]{0,30}?规划", regex.VERBOSE)   # bounded, one line


# a work report on a five-year plan says so in its opening: "作关于…第六个五年计划的报告" (bounded)
REPORT_ON_PLAN_RE = regex.compile(r"关于[^。\n]{0,40}?第(?P<n>[一二三四五六七八九十]{1,3})个五年计划(?:草案)?的报告")
REPORT_OPENING = 600         # characters of a report in which it names the plan it presents


def plan_period(norm: str, region: Span, opening: Span | None = None) -> tuple[int, int] | None:
    """(first, last) year of the period printed in the title region — or, for an undated report on a five-year
    plan, named in its `opening` — or None.

    >>> plan_period("XX市新能源发展行动方案(2023—2025年)", (0, 23))
    (2023, 2025)
    >>> plan_period("XX市“十四五”生态环境保护规划", (0, 17))
    (2021, 2025)
    >>> plan_period("各位代表：现在，我代表国务院，作关于我国国民经济和社会发展第六个五年计划的报告。", (0, 5), (0, 42))
    (1981, 1985)
    """
    m = TITLE_PERIOD_RE.search(norm, *region)
    if not m:                                  # "XX市“十四五”生态环境保护规划": the named plan's five years
        p = TITLE_PLAN_RE.search(norm, *region)
        end = plan_end(p.group("p")) if p else None
        if end is None and opening is not None and (r := REPORT_ON_PLAN_RE.search(
                norm, opening[0], min(opening[1], opening[0] + REPORT_OPENING))):
            end = plan_period_end(r.group("n"))
        return (end - 4, end) if end else None
    a, b = int(m.group("a")), int(m.group("b"))
    return (a, b) if a < b <= a + 15 else None


# the opening of a sentence that names another plan ("为贯彻落实《“十四五”智能制造发展规划》", "根据《…行动计划
# (2023—2025年)》"): the period is that plan's, not the document's own (anchored at the line start, bounded)
NAMES_ANOTHER_PLAN_RE = regex.compile(r"[ \t\u3000]{0,8}(?:为了?|根据|按照|依据|依照|贯彻|落实|结合|对照|围绕)")

FIELD_LABEL_RE = regex.compile(r"^[ \t\u3000#]{0,8}[^\s，,。；;：:]{1,6}[：:]")     # a field's name: "标题:", "名称："


def own_period(norm: str, region: Span) -> tuple[int, int] | None:
    """The period of the document's own title (plan_period), or None when the title region's line that prints it
    reads as a sentence: it opens by naming another plan, or sentence punctuation comes before the period.

    >>> own_period("上海市交通领域精细化管理三年行动计划(2024-2026年)\\n", (0, 29))
    (2024, 2026)
    >>> own_period("标题: 关于印发XX市行动计划(2024-2026年)的通知\\n", (0, 32))
    (2024, 2026)
    >>> own_period(" 为贯彻落实《“十四五”智能制造发展规划》,工业和信息化部…", (0, 30)) is None
    True
    """
    period = plan_period(norm, region)
    if period is None:
        return None
    m = TITLE_PERIOD_RE.search(norm, *region) or TITLE_PLAN_RE.search(norm, *region)
    line = norm.rfind("\n", region[0], m.start()) + 1 or region[0]
    head = FIELD_LABEL_RE.sub("", norm[line:m.start()], count=1)     # "标题: …" (a web copy's field)
    if NAMES_ANOTHER_PLAN_RE.match(head) or any(c in head for c in "，,。；;：:"):
        return None
    return period


class Annual(NamedTuple):
    year: int | None
    start: int                # undated commitments from here on are that year's
    report: bool              # a work report (its plan part also holds narrative and statistics)
    review: int | None = None  # a report's review part announced by an unnumbered line starts here (up to `start`,
    review_end: int | None = None   # or up to the heading of a longer plan part: "今后五年的主要任务")
    heading: int | None = None  # an unnumbered heading naming the year's work ("2024年工作安排建议") starts here: the
                                # part under it plans that year, as a numbered one ("二、2024年工作安排") does

    @property
    def review_until(self) -> int:
        return self.start if self.review_end is None else min(self.start, self.review_end)


# an unnumbered line announcing a report's review part: "首先报告2001年的工作", "过去五年的回顾", "一年来的工作回顾"
# the heading line of a report's plan part after an unnumbered review part (docyear.PLAN_PART_LINE, at a line start)
# an unnumbered part heading: a short line alone between blank lines, no sentence punctuation (bounded)
PART_LINE_RE = regex.compile(r"\n[ \t]*\n[ \t]*(?P<line>[^\s。,，;；:：!！?？、]{4,30})[ \t]*\n[ \t]*\n")
PART_YEARS_RE = regex.compile(r"[\r\n \t]*今后(?P<n>[二三四五六七八九十])年")   # the N years that part plans
PLAN_PART_LINE_RE = regex.compile(LINE_START + MARGIN + PLAN_PART_LINE)
REVIEW_LINE_RE = regex.compile(LINE_START + MARGIN + r"""   # docyear's line start and margin (hashes, possessive)
    (?![一二三四五六七八九十]{1,2}[、.]|第[一二三四五六七八九十]{1,2}[章部])   # numbered: a section (read there)
    (?:(?:首先|先)(?:报告|回顾)\s?(?:19|20)\d{2}\s?年(?:的)?(?:政府)?工作
      |[^\r\n。,;:]{0,30}执行情况                                          # "六五计划前两年的执行情况"
      |""" + REVIEW_TITLE + r""")                                          # docyear.REVIEW_TITLE
    [^\r\n。]{0,10}(?=[\r\n]|[ \t]{2})""", regex.VERBOSE)                     # (or a paragraph gap: SPEC §1)


def annual_scope(norm: str, span: Span, sections: Sequence[SectionHit], doc_year: int | None,
                 background_ids: Collection[str] = frozenset()) -> Annual | None:
    """(year, from) when the document is a one-year plan or a work report: undated commitments from
    position `from` on are targets of that year. A plan's year is the one its title prints; a report's
    is the document's own year, and only its part about this year counts (from the first heading about
    this year's work, or the first line opening with 今年).

    >>> t = "XX市2024年数字经济工作要点\\n一、推动测试道路扩展至200公里。"
    >>> annual_scope(t, (0, len(t)), [], None)
    Annual(year=2024, start=0, report=False, review=None, review_end=None, heading=None)
    >>> annual_scope("XX市数字经济发展行动方案(2024—2026年)", (0, 25), [], 2024)
    >>> t = "各位代表:\\n我代表国务院向大会作政府工作报告。\\n2001年是…\\n2002年是非常重要的一年。"
    >>> annual_scope(t, (0, len(t)), [], 2002).start == t.index("2002年是")
    True
    >>> t = "各位代表:\\n我代表国务院向大会作政府工作报告。\\n首先报告2001年的工作\\n…增长4.2%。\\n2002年是重要的一年。"
    >>> annual_scope(t, (0, len(t)), [], 2002).review == t.index("首先")
    True
    >>> t = "各位代表:  我代表国务院向大会作政府工作报告。  过去一年,国内生产总值增长7.3%。  今年预期增长7%左右。"
    >>> annual_scope(t, (0, len(t)), [], 2002).start == t.index("今年")     # a single-line copy (SPEC §1)
    True
    >>> t = "各位代表:\\n我代表市人民政府，向大会报告工作。\\n2024年工作安排建议\\n2024年是关键一年。\\n设置投放点2000个。"
    >>> annual_scope(t, (0, len(t)), [], 2024).heading == t.index("2024年工作安排")   # an unnumbered heading
    True
    >>> t = "各位代表:\\n我代表国务院向大会作政府工作报告。\\n## 首先报告2001年的工作\\n…增长7.3%。\\n## 今年的主要任务\\n…"
    >>> annual_scope(t, (0, len(t)), [], 2002).review == t.index("## 首先")   # a Markdown copy (SPEC §1)
    True
    """
    ts, te = title_region(norm, span, sections)
    report = bool(WORK_REPORT_RE.search(norm, ts, te)) or is_work_report(None, norm[span[0]:span[0] + 3000])
    m = ANNUAL_TITLE_RE.search(norm, ts, te)
    if m and not report:
        return Annual(int(m.group("year")), span[0], False)
    if not report:
        return None
    ty = TITLE_YEAR_RE.search(norm, ts, te)
    year = doc_year if doc_year is not None else (int(ty.group("year")) if ty else None)
    if year is None:
        return None
    for sec in sorted(sections, key=lambda x: x.span[0]):
        title = norm[sec.title_span[0]:sec.title_span[1]]
        if (THIS_YEAR_PART_RE.search(title) or f"{year}年" in title) and sec.id not in background_ids:
            return Annual(year, sec.span[0], True)
    this = next((ln for ln in THIS_YEAR_LINE_RE.finditer(norm, ts, span[1])
                 if ln.group("y") is None or int(ln.group("y")) == year), None)
    # an unnumbered review part ("过去五年的回顾") ends at the heading of the plan part ("今后五年的主要任务"):
    # that part plans the period, not this year, which starts only where a line opens with 今年
    review = REVIEW_LINE_RE.search(norm, ts, this.start() if this else span[1])
    plan = PLAN_PART_LINE_RE.search(norm, review.end(), this.start() if this else span[1]) if review else None
    if this is None and plan is None:
        if review is None or (part := PART_LINE_RE.search(norm, review.end(), span[1])) is None:
            return None
        # "六五计划前两年的执行情况" … "全面实现六五计划的主要措施": an unnumbered review part in a report on a
        # longer plan runs to the next unnumbered part heading; nothing after it is dated as this year's
        return Annual(year, span[1], True, review.start(), part.start("line"))
    if this is None and (n := PART_YEARS_RE.match(norm, plan.start())) and (k := cn_to_number(n.group("n"))):
        # "今后五年的主要任务" after the review part, and no line about this year: the part plans the N years
        # from the report's own on, its undated commitments are of the last ("今后五年…" in 1988: 1992)
        return Annual(year + k - 1, plan.start(), True, review.start() if review else None, plan.start())
    heading = YEAR_WORK_LINE_RE.search(norm, ts, this.start()) if this else None
    return Annual(year, this.start() if this else span[1], True, review.start() if review else None,
                  plan.start() if plan else None,
                  heading.start() if heading and int(heading.group("y")) == year else None)


# A goal paragraph's opening: "到2027年，…" / "力争到2025年…" (not a task's "2019年底前，…": each task has its own)
# ... after the label of the goal it states ("总体目标：到2025年，…"; anchored, bounded)
GOAL_LABEL_RE = regex.compile(r"[ \t]{0,4}(?:总体|发展|主要|近期|中期|总)?目标\s?:\s?")
GOAL_OPENING_RE = regex.compile(r"[ \t]{0,4}(?:力争)?(?:到|至)\s?(?:19|20)\d{2}\s?年(?:底|末)?\s?[,，]")
# ... or with a plan period that is still ahead: "“十三五”期间，国家组织实施…25项重点工程" (the year mark says
# whether the period is ahead of the document; anchored, bounded indent)
PLAN_OPENING_RE = regex.compile(r"[ \t]{0,4}[“\"]?(?:" + PLAN_NAME + r")[”\"]?(?:时期|期间)\s?[,，]", regex.VERBOSE)


def goal_opening(norm: str, ps: int, pe: int, pmarks: list[YearMark], annual) -> list[YearMark]:
    """The deadline a goal paragraph opens with ("到2027年，…", "力争到2025年…"), or its last sentence opens
    with ("…打造世界级集聚区。到2026年，我市人工智能产业总体水平处于全国前列，…。"), outside a work report."""
    if annual is not None and annual.report:
        return []
    last = norm.rfind("。", ps, max(ps, pe - 2)) + 1 or ps       # the last sentence's start (or the paragraph's)
    for start in dict.fromkeys((ps, last)):
        if lab := GOAL_LABEL_RE.match(norm, start, pe):           # "总体目标：到2025年，…"
            start = lab.end()
        found = [m for m in pmarks if m.kind == "forward" and m.year is not None and 0 <= m.pos - start <= 5
                 and (GOAL_OPENING_RE.match(norm, start, pe) if m.explicit else PLAN_OPENING_RE.match(norm, start, pe))]
        if found:
            return found
    return []


# An attachment that sets one year's goals: its label alone on a line ("附件2"), its caption on the next line naming the
# year and the goals ("2019年街镇（园区）生活垃圾分类目标任务分解表"); bounded, one line each
ATTACHMENT_LINE_RE = regex.compile(LINE_START + r"[ \t]{0,8}附\s{0,2}件\s{0,2}[0-9一二三四五六七八九十]{1,3}[ \t]{0,4}:?[ \t]{0,4}(?=[\r\n]|$)")
YEAR_GOALS_CAPTION_RE = regex.compile(r"[ \t\r\n]{0,12}(?P<y>(?:19|20)\d{2})\s?年(?![\d—–~\-至])[^\r\n。]{0,40}?"
                                      r"(?:目标|任务|计划|指标)")


# ... or a plan period whose projects it lists ("附件8" / "“十四五”期间公园城市绿化建设项目资金测算表": its last year)
PERIOD_CAPTION_RE = regex.compile(r"[ \t\r\n]{0,12}[“\"]?(?P<p>" + PLAN_NAME + r")[”\"]?\s?(?:期间|时期)", regex.VERBOSE)


def attachment_years(norm: str, span: Span) -> list[tuple[int, int, int]]:
    """(start, end, year) of the attachments whose caption names one year's goals, or the plan period its projects
    belong to: up to the next attachment label.

    >>> t = "附件2\\n2019年街镇生活垃圾分类目标任务分解表\\n罗店镇\\n创建达标小区61个\\n附件3\\n“十四五”期间建设项目表\\n"
    >>> [(a, y) for a, _, y in attachment_years(t, (0, len(t)))]
    [(0, 2019), (39, 2025)]
    """
    if norm.find("附", *span) < 0:
        return []
    labels = [m.start() for m in ATTACHMENT_LINE_RE.finditer(norm, *span)]
    out = []
    for k, a in enumerate(labels):
        m = ATTACHMENT_LINE_RE.match(norm, a, span[1])
        end = labels[k + 1] if k + 1 < len(labels) else span[1]
        if (c := YEAR_GOALS_CAPTION_RE.match(norm, m.end(), span[1])):
            out.append((a, end, int(c.group("y"))))
        elif (p := PERIOD_CAPTION_RE.match(norm, m.end(), span[1])) and (y := plan_end(p.group("p"))):
            out.append((a, end, y))
    return out

