"""Where a quantity sits: sentences and clauses, paragraphs, goal / background / condition sections, and
the lists of applicants' conditions (whose thresholds are parameters, not targets)."""
from __future__ import annotations

import bisect
from collections.abc import Sequence

import regex

from .. import markers
from ..lexicons import std_re
from ..normalize import normalize
from ..outline import SectionIndex
from ..records import SectionHit
from ..lines import LONG_LINE, PARAGRAPH_GAP_RE, LineIndex, sentence_gaps
from ..spans import Span, strip_span
from .vocab import vocab
from .parts import TITLE_PERIOD_RE
from .years import year_marks

# (plain classes: `re` reads them as `regex` does, with less cost per call: they run per paragraph and sentence)
SENTENCE_RE = std_re(r"[^。;!?\n]{1,2000}[。;!?]?")        # bounded: a run-on line splits
CLAUSE_SPLIT_RE = std_re(r"[,:;。!?|\t]")        # clause ends (norm: ，→, ：→: ；→;)
BRACKET_RE = std_re(r"[(“\[]")
CLAUSE_OR_BRACKET_RE = std_re(r"[(“\[)”\],:;。!?|\t\"]")
# the n-th five-year plan (十n五) ends in 1955 + 5n: 十二五 2015, 十三五 2020, 十四五 2025, 十五五 2030


# The numbering marker a line starts with, and its depth (smaller is higher): 第一章 < 第一条 < 一、 < (一)
# < 1. < 1.1 < (1) < ①. Every repeat is bounded.
def _line_depth(norm: str, s: int) -> int | None:
    """Depth of the numbering marker the line at s starts with; None for an unnumbered line.

    >>> _line_depth("(二)服务场地", 0), _line_depth("1.1 总则", 0), _line_depth("第五条 申报", 0), _line_depth("资产", 0)
    (3, 5, 1, None)
    """
    m = markers.marker_at(norm, s)
    return None if m is None else markers.depth(m)


def condition_regions(norm: str, span: Span, lex) -> list[Span]:
    """Where applicants' conditions are listed: from an intro ("应当具备下列条件:", "申报条件:") to the end of
    its line, then over the numbered lines below it that sit deeper than the intro's own marker (the first
    item sets the depth; a line as high as the intro's, an unnumbered line or 60 lines end the list). In a
    single-line copy (SPEC §1) a line is a paragraph its runs of spaces keep apart (lines.sentence_gaps), so
    a list of conditions never reaches over the rest of the document.

    >>> t = "第五条 申报单位应当具备下列条件:\\n(一)资产总额不低于300万元;\\n(二)人员不少于10人。\\n第六条 到2025年,建成10个。"
    >>> [t[s:e][-8:] for s, e in condition_regions(t, (0, len(t)), vocab())]
    ['员不少于10人。']
    >>> u = "二、申报条件  应当具备下列条件:  (一)资产不低于300万元。  三、目标  到2025年,建成10个试点。" + "有" * 200
    >>> [u[s:e].strip() for s, e in condition_regions(u, (0, len(u)), vocab())]
    ['具备下列条件:  (一)资产不低于300万元。']
    """
    out: list[Span] = []
    lo, hi = span
    gaps: list[int] | None = None

    def paragraph(p: int, ls: int) -> Span:
        """The line holding p (ls: its start); on a line of LONG_LINE characters or more, the paragraph."""
        nonlocal gaps
        e = norm.find("\n", p, hi)
        e = hi if e < 0 else e
        if e - ls < LONG_LINE:
            return ls, e
        gaps = sentence_gaps(norm, span) if gaps is None else gaps
        g = bisect.bisect_right(gaps, p)
        return max(ls, gaps[g - 1] if g else ls), (gaps[g] if g < len(gaps) and gaps[g] < e else e)

    for m in lex.condition.finditer(norm, lo, hi):
        if out and m.start() < out[-1][1]:
            continue
        ls = max(lo, norm.rfind("\n", lo, m.start()) + 1)
        ps, end = paragraph(m.start(), ls)
        intro = _line_depth(norm, ps)
        intro = 1 if intro is None else intro            # an unnumbered intro: items sit below 第X条
        item_depth = None
        for _ in range(60):                               # bounded: a list of at most 60 lines
            if end >= hi:
                break
            ns = end
            while ns < hi and norm[ns] in " \t\r\n\u3000":   # blank lines (and indentation) inside the list
                if norm[ns] in "\r\n":
                    ls = ns + 1
                ns += 1
            d = _line_depth(norm, ns)
            if d is None or d <= intro or (item_depth is not None and d < item_depth):
                break
            item_depth = d if item_depth is None else item_depth
            end = paragraph(ns, ls)[1]
        out.append((m.start(), end))
    return out




# A funded project's acceptance specification in a call for proposals (申报指南): "考核指标：…完成时间不高于6h；
# …申请发明专利不少于15项" states what every funded project must deliver — a condition of the call, not a
# number the issuer commits to reach (SPEC §4: a standard set). The label, then the lines up to the next one
# that opens with a numbering marker or a run-in label ("有关说明：", "研究内容："), or a blank line.
SPEC_LABEL_RE = regex.compile(r"(?:考核指标|验收指标)\s?:")
CALL_ITEM_RE = regex.compile(r"研究内容\s?:")       # a call's project item: where 考核指标 are specifications
LINE_END_RE = regex.compile(r"[\r\n]")
RUN_IN_LABEL_RE = regex.compile(r"[ \t]{0,4}\p{Han}{2,8}\s?:")
SPEC_MAX_LINES = 30          # bounded: a specification runs over a few wrapped lines
LIST_GOES_ON = frozenset("、,")   # a line ending so is cut inside a list (a PDF copy wrapped at the page width)


def _wrapped_at(norm: str, end: int, ns: int) -> bool:
    """The line ending at `end` was cut by a page-width wrap, so the "marker" opening the next (at `ns`) is no
    item of its own: the line ends inside a list ("Doc 4444、" / "880、…") or inside a number ("DOC 9" / "880、…")."""
    last = norm[end - 1] if end > 0 else ""
    return last in LIST_GOES_ON or (last.isdigit() and norm[ns].isdigit())


def spec_regions(norm: str, span: Span) -> list[Span]:
    """Where a call for proposals lists a project's acceptance specification ("考核指标：…"); only in a call
    (its items say 研究内容：), never in a plan that happens to label its targets 考核指标.

    >>> t = "1.1 机器人系统研究内容:研制样机。考核指标:完成时间不高于6h;\\n具备至少50台/天的能力。\\n有关说明:由省厅组织。"
    >>> [t[s:e][-10:] for s, e in spec_regions(t, (0, len(t)))]
    ['少50台/天的能力。']
    >>> spec_regions("考核指标:到2025年,新建5G基站1万个。", (0, 22))
    []
    >>> t = "研究内容:研究管制技术。考核指标:符合ICAO Doc 4444、\\n880、DOC 9896的要求;冲突消解率达到99%以上。\\n2.2 下一项"
    >>> [t[s:e][-8:] for s, e in spec_regions(t, (0, len(t)))]        # a PDF copy's wrap inside a list
    ['达到99%以上。']
    """
    lo, hi = span
    if CALL_ITEM_RE.search(norm, lo, hi) is None:
        return []
    out: list[Span] = []
    for m in SPEC_LABEL_RE.finditer(norm, lo, hi):
        if out and m.start() < out[-1][1]:
            continue
        e = LINE_END_RE.search(norm, m.end(), hi)
        end = hi if e is None else e.start()
        for _ in range(SPEC_MAX_LINES):
            ns = end + (2 if norm.startswith("\r\n", end) else 1)
            if ns >= hi or norm[ns] in "\r\n" or RUN_IN_LABEL_RE.match(norm, ns, hi) or (
                    markers.marker_at(norm, ns) is not None and not _wrapped_at(norm, end, ns)):
                break
            e = LINE_END_RE.search(norm, ns, hi)
            end = hi if e is None else e.start()
        out.append((m.start(), end))
    return out


# A background word that is the object of a task: "（七）聚力完善产业发展环境", "优化营商发展环境" (the verb within
# six characters before it, no clause break between) — a task section, not a description of the present.
TASK_BEFORE_RE = regex.compile(r"(?:完善|优化|营造|改善|打造|构建|健全|提升|强化|夯实|巩固|加强|筑牢|厚植|增强|改进|解决|破解|应对)"
                            r"[^,;:。\n]{0,6}$")   # "强化农业农村发展基础", "解决存在问题": a task, not a background


ARTICLE_MARKER_RE = regex.compile(r"\s{0,4}第\s?[一二三四五六七八九十百零〇两\d]{1,6}\s?条")


# The words of a title that say what its section is (a goal, a background): its first characters. A heading glued to
# its first paragraph (a copy without breaks) has a title that runs on into that paragraph's words ("一、1996年国内工作的
# 回顾1996年是实施“九五”计划和2010年远景目标纲要的第一年…": a review, not a goal part).
TITLE_VOCAB_MAX = 30


class Sections:
    """Innermost section at a position; whether it sits in a goal section; the goal section's span."""

    def __init__(self, sections: Sequence[SectionHit] | SectionIndex):
        self.index = SectionIndex.of(sections)
        self.secs = self.index.items
        lex = vocab()
        # All titles in one string, one line each (no title holds a newline once joined: they are cut at
        # line ends), so each vocabulary is one regex pass however many headings there are (10^5 lines).
        titles = [(s.title or "")[:TITLE_VOCAB_MAX].replace("\n", " ") for s in self.secs]
        joined = normalize("\n".join(titles))
        line_starts = [0]
        for title in titles[:-1]:
            line_starts.append(line_starts[-1] + len(title) + 1)

        def ids(rx) -> set[str]:
            return {self.secs[bisect.bisect_right(line_starts, m.start()) - 1].id for m in rx.finditer(joined)}
        self.goal_ids = ids(lex.goal)
        # (a title that names the goals too is no background: "“十三五”时期发展成就和“十四五”时期主要目标任务"; its
        # review paragraphs are told by their own words, "过去五年，…")
        self.background_ids = {self.secs[bisect.bisect_right(line_starts, m.start()) - 1].id
                               for m in lex.background.finditer(joined)
                               if not TASK_BEFORE_RE.search(joined, max(0, m.start() - 8), m.start())} - self.goal_ids
        self.condition_ids = ids(lex.condition_title)
        self._title_years: dict[str, int | None] = {}

    def chain(self, pos: int) -> tuple[SectionHit, ...]:
        """Sections containing pos, innermost first."""
        return self.index.chain(pos)

    def title_year(self, pos: int, norm: str, doc_year: int | None) -> int | None:
        """A forward year printed in the title of a section around pos (innermost first)."""
        for s in self.chain(pos):
            if s.id in self.background_ids:
                return None
            if s.id not in self._title_years:        # each title is read once
                title = norm[s.title_span[0]:s.title_span[1]]
                fwd = [m for m in year_marks(norm, *s.title_span, doc_year) if m.kind == "forward" and m.year
                       ] if ("年" in title or "十" in title or "月" in title) else []   # every year word has one
                year = fwd[-1].year if fwd else None
                if year is None and (pm := TITLE_PERIOD_RE.search(norm, *s.title_span)) \
                        and int(pm.group("a")) < int(pm.group("b")) and (doc_year is None or int(pm.group("b")) >= doc_year):
                    year = int(pm.group("b"))        # "1. 总体目标（2013-2025年）": the period's last year
                self._title_years[s.id] = year
            if self._title_years[s.id] is not None:
                return self._title_years[s.id]
        return None

    def in_conditions(self, pos: int) -> bool:
        """Inside a section titled as applicants' conditions ("申报条件", "认定标准")."""
        return bool(self.condition_ids) and any(s.id in self.condition_ids for s in self.chain(pos))

    def in_article(self, pos: int) -> bool:
        """Inside a regulation's article (a 第X条 section)."""
        return any(ARTICLE_MARKER_RE.match(s.marker) for s in self.chain(pos))

    def in_background(self, pos: int) -> bool:
        return any(s.id in self.background_ids for s in self.chain(pos))

    def goal_span(self, pos: int) -> Span | None:
        for s in self.chain(pos):
            if s.id in self.goal_ids:
                return s.span
        return None



def paragraph_gaps(raw: str, span: Span, secs: Sequence[SectionHit]) -> list[int]:
    """Where a paragraph of a single-line copy starts (SPEC §1; sorted, for paragraphs_at): after a run of spaces
    that follows a sentence end (lines.sentence_gaps), or one that follows a heading's title ("第三节　主要目标　到2020年，
    …": the paragraph opens with its deadline, as printed on lines of their own).

    >>> t = "第三节　主要目标　到2020年，生态环境质量总体改善。　到2025年，全面改善。"
    >>> paragraph_gaps(t, (0, len(t)), [SectionHit("s1", "第三节", 1, "主要目标", (0, len(t)), (4, 8), len(t))])
    [9, 28]
    """
    gaps = sentence_gaps(raw, span)
    after_titles = [g.end() for sec in secs if span[0] < sec.title_span[1] < span[1]
                    and raw[sec.title_span[1]] in " \t\u3000\xa0"       # (most titles end at their line's end)
                    and (g := PARAGRAPH_GAP_RE.match(raw, sec.title_span[1], span[1]))]
    return sorted({*gaps, *after_titles}) if after_titles else gaps


def paragraphs_at(norm: str, span: Span, points: list[int], cuts: Sequence[int] = (), index: LineIndex | None = None,
                  gaps: Sequence[int] = ()):
    """The non-blank lines (paragraphs) holding at least one of the sorted `points`, each once, in order; a
    line is also cut where a section starts inside it (`cuts`, sorted: a crawl that glued its sections onto one
    line). Lines are found once with a LineIndex (\n, \r\n and a lone \r alike) and looked up by bisection:
    the cost follows the points, not the lines, whatever the line ends. `index`: the text's LineIndex, when the
    caller has one: cut to the span, its lines are the span's own (they differ only at a \r\n whose \r is just
    before the span, and no point is its \n: a point there would be a garbled deadline's \n after 到/至).
    `gaps` (sorted): where a paragraph of a single-line copy starts after a run of spaces (lines.sentence_gaps),
    cut only in a line of LONG_LINE characters or more.

    >>> t = "一、A到2025年达10个。\\r二、B增长5%。"
    >>> [t[a:b] for a, b in paragraphs_at(t, (0, len(t)), [8, 17])]
    ['一、A到2025年达10个。', '二、B增长5%。']
    >>> u = "一、A达10个。二、B增长5%。"
    >>> [u[a:b] for a, b in paragraphs_at(u, (0, len(u)), [5, 12], [8])]
    ['一、A达10个。', '二、B增长5%。']
    """
    lo, hi = span
    if index is None or index.text is not norm or not index.lo <= lo <= hi <= index.hi:
        index = LineIndex(norm, span)           # (the text's own index, when given, reads the same lines here)
    i, n = 0, len(points)
    while i < n:
        p = points[i]
        s, e = max(lo, index.line_start(p)), min(hi, index.line_end(p))
        c = bisect.bisect_right(cuts, p)
        if c > 0 and cuts[c - 1] > s:
            s = cuts[c - 1]                       # a section starts inside this line before p
        if c < len(cuts) and cuts[c] < e:
            e = cuts[c]                           # ... or after it
        if gaps and index.line_end(p) - index.line_start(p) >= LONG_LINE:
            g = bisect.bisect_right(gaps, p)      # a single-line copy: its paragraphs kept apart by runs of spaces
            if g > 0 and gaps[g - 1] > s:
                s = gaps[g - 1]
            if g < len(gaps) and gaps[g] < e:
                e = gaps[g]
        ps, pe = strip_span(norm, (s, e))
        if ps < pe:
            yield ps, pe
        while i < n and points[i] < e:
            i += 1
        if i < n and points[i] == e and e == hi:
            break


def clauses(norm: str, ss: int, se: int) -> list[Span]:
    """Comma/colon clauses of a sentence; commas inside brackets do not split."""
    if not BRACKET_RE.search(norm, ss, se):              # the common case: one regex pass
        out, start = [], ss
        for m in CLAUSE_SPLIT_RE.finditer(norm, ss, se):
            out.append((start, m.start()))
            start = m.end()
        out.append((start, se))
        return [c for c in out if c[0] < c[1]]
    out, start, open_ = [], ss, []
    for m in CLAUSE_OR_BRACKET_RE.finditer(norm, ss, se):    # only the characters that matter
        i, ch = m.start(), m.group()
        if ch in "(“[":
            open_.append(ch)
        elif ch in ")”]" and open_:
            open_.pop()
        elif ch == '"':
            if open_ and open_[-1] == "“":                   # “桂惠贷": a copy that closes a curly quote straight
                open_.pop()
        elif not open_ and ch in ",:;。!?|\t":
            out.append((start, i))
            start = i + 1
    out.append((start, se))
    return [c for c in out if c[0] < c[1]]


