"""Quantitative targets: "到2025年，全区软件业务收入达100亿元以上" -> TargetHit.

Reads: the text (`norm` for matching, `raw` for output strings), the document span, its sections and
tables. Writes: nothing. Raises: nothing on content.

How a quantity becomes a target (SPEC §4):
1. `quantity_re()` finds every number + unit (Arabic or Chinese numerals, ranges, %, 个百分点, 翻一番,
   100多家); `BARE_VALUE_RE` the few unitless index values ("PUE值不超过1.3").
2. Each quantity is judged inside its clause: policy parameters (补贴/奖励/税率…), statistics (a past
   year, 截至/同比/已…), modifiers ("营业收入超10亿元的企业达15家": the 10亿元 qualifies the subject)
   and baselines ("由12个工作日缩减至7个") are dropped; so are ordinals (第十三届, 第3批) and whatever sits in a
   list of applicants' conditions ("应当具备下列条件：（一）资产总额不低于300万元", a 申报条件 section).
3. What is left is a target when its context is forward-looking (a deadline in the sentence, in an
   earlier sentence of the paragraph, in a goal section, or a work report's 预期目标), or when a
   commitment verb governs it ("建成3—5个…", "压减…至4个", "控制在50个工作日以内").
4. `year` comes from the nearest deadline in the sentence, then the paragraph, then the goal section
   or a heading that prints a year ("三、2025年重点工作"), then a one-year plan's title ("XX市2024年…工作
   要点") or a work report's part about this year; null when nothing sets it.
5. `indicator` is the text before the value (or the noun after it: "建成20个智能工厂") without deadline,
   scope, verbs and adverbs; elliptic subjects come from the clause before ("…，占…比重45%左右").
6. `headline` marks the targets of the passage the document introduces as its main targets (headline.py).

Rows of indicator tables (a "2022年目标" column, or "2020年 | 2025年" columns) become targets, one per row.

Cost: one regex pass each for quantities, years and forward words over the span; sentences without a
quantity are never judged. Backtracking guards: every repeat is bounded, numeral runs are atomic, and
suffix tests use anchored matches on reversed strings instead of `$`-searches. jieba is not used: the
lexicon rules reach the indicator agreement goal without it (and `--version` never imports it).

>>> [(h.year, h.indicator, h.value, h.unit, h.qualifier) for h in extract_targets(
...     text_of("到2025年，全区软件业务收入达100亿元以上。"), (0, 24), [], []).items]
[(2025, '软件业务收入', 100, '亿元', 'at_least')]
"""
from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence

import regex

from ..diagnostics import Code, Diagnostic
from ..explain import note
from ..heads import Kind, classify
from ..lexicons import std_re
from ..lines import LineIndex
from ..records import Found, SectionHit, TableHit, TargetHit, Text
from ..outline import SectionIndex
from ..spans import Span
from .context import SENTENCE_RE, Sections, condition_regions, paragraph_gaps, paragraphs_at, spec_regions
from .headline import mark_headline
from .judge import judge_sentence
from .quantities import bare_values, find_quantities
from .table_rows import tables_targets
from .vocab import text_of, vocab  # noqa: F401 (text_of: doctests)
from .wraps import compact
from .parts import annual_scope, attachment_years, goal_opening, own_period, plan_period, title_region
from .years import YearMark, opens_review, year_marks


def extract_targets(t: Text, span: Span, sections: Sequence[SectionHit], tables: Sequence[TableHit],
                    *, doc_year: int | None = None, lines: LineIndex | None = None) -> Found[TargetHit]:
    """Every committed quantity in the document `span`; spans index the original text (`lines`: the text's
    line index, when the caller has one)."""
    t = lf_lines(t, span)
    index = lines if lines is not None and lines.text is t.norm else None     # (not for the stage's LF copy)
    hits, covered = tables_targets(t, tables, Sections(sections).in_background if tables else None, doc_year)
    hits.extend(_prose(t, span, sections, covered, doc_year, index))
    hits.sort(key=lambda h: (h.span[0], h.value_span[0]))
    hits = mark_headline(t.norm, span, sections, hits)
    warnings = tuple(Diagnostic(Code.TARGET_NO_YEAR, f"no deadline year for target {h.indicator!r}", h.value_span)
                     for h in hits if h.year is None)
    return Found(tuple(hits), warnings)


def lf_lines(t: Text, span: Span) -> Text:
    """`t` with the stage's copy of the normalised text ending every line in \\n (a lone \\r becomes \\n;
    \\r\\n becomes \\n and a space, indentation to every pattern): the same length, so spans still index the
    original, and every pattern of the stage (sentences, paragraphs, condition lists, cue lines, title
    lines) reads CR and CRLF copies as it reads LF ones.

    >>> lf_lines(Text("a\\rb\\r\\nc", "a\\rb\\r\\nc"), (0, 6)).norm
    'a\\nb\\n c'
    """
    if t.norm.find("\r", span[0], span[1]) < 0:
        return t
    return Text(t.raw, t.norm.replace("\r\n", "\n ").replace("\r", "\n"))


def _prose(t: Text, span: Span, sections: Sequence[SectionHit], covered: list[Span],
           doc_year: int | None, index: LineIndex | None = None) -> list[TargetHit]:
    """The prose targets; a hard-wrapped copy is read with its soft breaks cut out (wraps.py), and its
    spans mapped back to the original text."""
    secs = SectionIndex.of(sections).items
    c = compact(t, span, sorted(sec.span[0] for sec in secs), index)
    if c is None:
        return _drop_restatements(t, _prose_targets(t, span, sections, covered, doc_year, index))

    def fwd(sp: Span) -> Span:
        return c.forward(sp[0]), c.forward(sp[1])
    csecs = [dataclasses.replace(x, span=fwd(x.span), title_span=fwd(x.title_span), own_end=c.forward(x.own_end))
             for x in secs if span[0] <= x.span[0] < span[1]]
    found = _drop_restatements(c.text, _prose_targets(c.text, (0, len(c.text.raw)), csecs,
                                                      [fwd(x) for x in covered], doc_year))
    return [h._replace(span=c.back(h.span), value_span=c.back(h.value_span)) for h in found]


# A short quoted name: a slogan or a programme ("最多跑一次", "一件事一次办", "双10万"): a number inside
# it is part of the name (bounded, no nesting, one line).
QUOTED_NAME_RE = regex.compile(r"“[^“”\n]{1,12}”")
HEAD_SCAN = 3000      # characters of a document's head read for adoption notes


def adoption_notes(norm: str, span: Span, sections: Sequence[SectionHit]) -> list[Span]:
    """The lines of a regulation's history before its first heading ("2015年7月23日…会议《关于修改〈…〉等12件
    地方性法规的决定》第一次修正"): when it was adopted and amended, no target (heads.Kind.ADOPTED).

    >>> t = "某市条例\\n2024年12月31日某市人大常委会会议《关于修改〈某市条例〉等10件地方性法规的决定》修正\\n第一条"
    >>> adoption_notes(t, (0, len(t)), [])
    [(5, 51)]
    """
    first = min((sec.span[0] for sec in sections if span[0] <= sec.span[0] < span[1]), default=span[1])
    end, out, pos = min(first, span[0] + HEAD_SCAN), [], span[0]
    while pos < end:
        e = norm.find("\n", pos, end)
        e = end if e < 0 else e
        line = norm[pos:e].strip()
        if "年" in line and classify(line) == Kind.ADOPTED:
            out.append((pos, e))
        pos = e + 1
    return out


# A sentence that comes back to a target already stated: "提出国内生产总值增长8%左右，主要考虑…",
# "经济增长预期目标为5%左右，综合考虑了…" (GUARD: literal words).
RESTATES_RE = std_re(r"提出|预期目标|增长预期|增长目标|目标定为|调控目标|这个目标|这一目标|主要考虑|综合考虑")
# ... or that explains it in the words after it: "把居民消费价格涨幅控制在3.5%左右，是充分考虑各方面因素后作出的选择",
# "城镇调查失业率5.5%左右，体现了…的要求" (the rest of the sentence, bounded by RESTATES_REACH)
EXPLAINS_RE = std_re(r"考虑|体现了|作出的选择|表明了?我们|兼顾了|目的在于|主要是为了")
RESTATES_REACH = 40


# A goal list's dash item: "——创新能力。打造…" (also "--" in OCR copies); anchored, bounded indent.
DASH_ITEM_RE = regex.compile(r"[ \t]{0,4}(?:——|—|--|-)")
# A paragraph that announces a list: "…主要指标安排如下。", "…主要目标是：" (at its end; GUARD: bounded).
LIST_LEAD_RE = regex.compile(r"(?:如下|下列|以下|目标是|指标是|任务是)\s?[:。]?\s*$")


def _explained_after(norm: str, at: int) -> bool:
    """The rest of the sentence after a target explains it ("，是充分考虑各方面因素后作出的选择")."""
    end = norm.find("。", at, at + RESTATES_REACH)
    return EXPLAINS_RE.search(norm, at, end if end >= 0 else min(len(norm), at + RESTATES_REACH)) is not None


def _drop_restatements(t: Text, hits: list[TargetHit]) -> list[TargetHit]:
    """A target stated again in a sentence that explains it (same year, value, range, unit and qualifier
    as an earlier one, in a sentence with a restating word) is the same commitment: keep the first.

    >>> hs = extract_targets(text_of("今年主要预期目标是:国内生产总值增长8%左右。提出国内生产总值增长8%左右,主要考虑"
    ...                              "保持经济平稳。"), (0, 47), [], [], doc_year=2008).items
    >>> [(h.year, h.indicator, h.value) for h in hs]
    [(2008, '国内生产总值增长', 8)]
    >>> hs = extract_targets(text_of("今年主要预期目标是:城镇调查失业率5.5%左右。城镇调查失业率5.5%左右,体现了稳就业"
    ...                              "的要求。"), (0, 44), [], [], doc_year=2025).items
    >>> [(h.year, h.indicator, h.value) for h in hs]
    [(2025, '城镇调查失业率', 5.5)]
    """
    seen: set[tuple] = set()
    restates: dict[Span, bool] = {}       # the targets of one clause quote the same span: its words read once
    out = []
    for h in hits:
        key = (h.year, h.value, h.value_max, h.unit.replace("％", "%"), h.qualifier)
        if key in seen:
            again = restates.get(h.span)
            if again is None:
                again = restates[h.span] = bool(RESTATES_RE.search(t.norm, h.span[0], h.span[1])
                                                or _explained_after(t.norm, h.span[1]))
            if again:
                note("targets", h.value_span, "dropped", "restatement", t.raw[h.value_span[0]:h.value_span[1]])
                continue
        seen.add(key)
        out.append(h)
    return out


def _prose_targets(t: Text, span: Span, sections: Sequence[SectionHit], covered: list[Span],
                   doc_year: int | None, index: LineIndex | None = None) -> list[TargetHit]:
    """Targets in running text. One regex pass each for quantities, year mentions and forward words over
    the whole span; paragraphs and sentences then only look their items up (bisect), so the cost is
    linear in the text and the per-sentence work is spent on sentences that hold a quantity."""
    norm = t.norm
    secs = Sections(sections)
    lex = vocab()
    out: list[TargetHit] = []
    annual = annual_scope(norm, span, sections, doc_year, secs.background_ids)
    if annual is not None and doc_year is None:
        doc_year = annual.year                 # 今年 in an undated one-year plan: the title's year
    quantities = sorted(find_quantities(norm, *span) + bare_values(norm, *span, lex), key=lambda q: q.span)
    conditions = condition_regions(norm, span, lex)
    if conditions or secs.condition_ids:               # applicants' thresholds are parameters, not targets
        quantities = _outside(t, quantities, conditions, "applicant-condition", secs.in_conditions)
    if specs := spec_regions(norm, span):              # a call's 考核指标: what every funded project must deliver
        quantities = _outside(t, quantities, specs, "project-spec")
    names = [m.span() for m in QUOTED_NAME_RE.finditer(norm, *span)]
    if names:                                          # "实现“最多跑一次”", "“一件事一次办”": a name, no value
        nstarts = [a for a, _ in names]

        def in_name(q) -> bool:
            i = bisect.bisect_right(nstarts, q.span[0]) - 1
            hit = i >= 0 and q.span[1] <= names[i][1]
            if hit:
                note("targets", q.span, "dropped", "quoted-name", t.raw[q.span[0]:q.span[1]])
            return hit
        quantities = [q for q in quantities if not in_name(q)]
    notes = adoption_notes(norm, span, sections)
    if notes:                                          # "…《关于修改〈…〉等10件地方性法规的决定》第二次修正"

        def in_note(q) -> bool:
            hit = any(a <= q.span[0] < b for a, b in notes)
            if hit:
                note("targets", q.span, "dropped", "adoption-note", t.raw[q.span[0]:q.span[1]])
            return hit
        quantities = [q for q in quantities if not in_note(q)]
    if not quantities:
        return out                                     # no value, no target: the year and paragraph scans skipped
    qpos = [q.span[0] for q in quantities]
    region = title_region(norm, span, sections)      # the document's title lines (read three times below)
    period = plan_period(norm, region, span)
    if period is None and annual is not None and annual.report and doc_year is not None and annual.year > doc_year:
        period = (doc_year, annual.year)               # a report's "今后五年" part: its "五年内" ends in that year
    marks = year_marks(norm, *span, doc_year, annual=annual is not None,
                       review_until=annual.review_until if annual is not None and annual.report else None,
                       period=period)
    mpos = [m.pos for m in marks]
    # a plan titled with its period ("…三年行动计划(2024-2026年)", "“十四五”…规划"): a commitment no deadline dates
    # is due by the period's end (SPEC §4: a plan period resolves to its last year); not a report or one-year plan
    own = own_period(norm, region) if period is not None and annual is None else None
    undated = own[1] if own is not None else None
    fwords = [m.start() for m in lex.forward_words.finditer(norm, *span)]

    def between(pos: list[int], items: list, s: int, e: int) -> list:
        return items[bisect.bisect_left(pos, s):bisect.bisect_left(pos, e)]

    def has_fword(s: int, e: int) -> bool:
        return bisect.bisect_left(fwords, e) > bisect.bisect_left(fwords, s)

    # a 通报 of typical practices, a summary of experience: the whole document reports the past
    doc_background = bool(lex.background_doc.search(norm, *region))
    goal_year: dict[Span, int | None] = {}     # last deadline seen inside each goal section
    list_lead: tuple[int, int, bool] | None = None   # (year, until, dashed): a dated line that announces the
                                                     # list below (dashed: only its "——" paragraphs)
    cuts = [sec.span[0] for sec in secs.secs if span[0] < sec.span[0] < span[1]]
    gaps = paragraph_gaps(t.raw, span, secs.secs)   # a single-line copy's paragraphs (SPEC §1)
    attached = attachment_years(norm, span)
    for ps, pe in paragraphs_at(norm, span, sorted(set(qpos) | set(mpos)), cuts, index, gaps):
        inside = next((c for c in covered if c[0] <= ps < c[1]), None)
        if inside is not None:
            for q in between(qpos, quantities, ps, min(pe, inside[1])):   # read as the table's rows instead
                note("targets", q.span, "dropped", "in-indicator-table", t.raw[q.span[0]:q.span[1]])
            if pe <= inside[1]:
                continue
            ps = inside[1]                     # a glued copy: the text after the table goes on in its line
        pq = between(qpos, quantities, ps, pe)
        pmarks = between(mpos, marks, ps, pe)
        gspan = secs.goal_span(ps) if (pq or pmarks) else None
        if not pq:
            years = [m.year for m in pmarks if m.kind == "forward" and m.year is not None]
            if gspan is not None and years:
                goal_year[gspan] = years[-1]
            lead_years = years or [m.year for m in pmarks if m.kind == "other" and m.year is not None
                                   and not m.explicit]
            opens = goal_opening(norm, ps, pe, pmarks, annual)
            if opens and gspan is not None:   # "总体目标：到2025年，…。到2035年，…": the deadline it opens with
                goal_year[gspan] = opens[0].year      # dates its section, not the vision it closes with
            if opens:
                # "到2027年，轻工骨干企业基本实现数字化改造全覆盖，…。" then "数字化普及率显著提升。…达到90%": a goal
                # paragraph opening with its deadline dates the paragraphs below it in its section
                inner = secs.chain(ps)
                list_lead = (opens[0].year, _lead_end(inner, span, annual, ps), opens[0].pos - ps > 4)
            elif lead_years and not doc_background and LIST_LEAD_RE.search(norm, max(ps, pe - 12), pe):
                # "1981年国民经济计划主要指标安排如下。": the year of the list below (a bare year in an undated
                # text too: it names what the list plans), up to the end of its section; not in a letter that
                # reports back ("2004年8月…考察。…现将有关情况函复如下：")
                inner = secs.chain(ps)
                list_lead = (lead_years[-1], _lead_end(inner, span, annual, ps), False)
            continue
        para_year: int | None = None
        para_forward = False
        narrative = doc_background or secs.in_background(ps) or (   # a paragraph of statistics, or a background section
            any(m.kind == "stats" for m in pmarks) and not any(m.kind == "forward" and not m.weak for m in pmarks)
            and not has_fword(ps, pe))
        # a regulation's article sets standards, not goals — unless the paragraph states a deadline
        article = gspan is None and secs.in_article(ps) and not any(m.kind == "forward" and m.explicit for m in pmarks)
        if gspan is not None:
            para_year = goal_year.get(gspan)
            para_forward = True
            if para_year is None:
                para_year = secs.title_year(gspan[0], norm, doc_year)
        if para_year is None and list_lead is not None and ps < list_lead[1] and not secs.in_background(ps) \
                and (not list_lead[2] or DASH_ITEM_RE.match(norm, ps, pe)):     # (not into a 发展回顾 section)
            para_year, para_forward = list_lead[0], True
        if para_year is None:                 # "三、2025年重点工作": a heading that sets the year
            para_year = secs.title_year(ps, norm, doc_year)
            para_forward = para_forward or para_year is not None
        if para_year is None and attached:    # "附件2 / 2019年街镇…目标任务分解表": the attachment's year
            para_year = next((y for a, b, y in attached if a <= ps < b), None)
            para_forward = para_forward or para_year is not None
        reviews = opens_review(norm, ps, pe, doc_year, lex)
        if reviews:                           # "过去五年，…" under "…发展成就和“十四五”时期主要目标任务": the
            para_forward = False              # paragraph reviews, though its section also sets goals
        background = doc_background or secs.in_background(ps) or reviews or (   # a report's review part
            annual is not None and annual.review is not None and annual.review <= ps < annual.review_until)
        narrative = narrative or background
        if para_year is None and annual is not None and ps >= annual.start and not background:
            para_year = annual.year               # a one-year plan: its commitments are that year's; a work
            # report's plan part alone does not make every number a commitment (it also reports and explains),
            # unless a heading of its own names the year's work ("2024年工作安排建议", as "二、2024年…" does)
            para_forward = not annual.report or (annual.heading is not None and ps >= annual.heading)
        ctx: dict = {}
        stats_carry: YearMark | None = None   # a past year opening a sentence scopes it up to its 。
        for sm in SENTENCE_RE.finditer(norm, ps, pe):
            ss, se = sm.span()
            smarks = between(mpos, marks, ss, se)
            if any(m.weak for m in smarks) and (any(not m.weak and m.kind in ("forward", "stats") for m in smarks)
                                                or lex.stats.search(norm, ss, se)):
                smarks = [m for m in smarks if not m.weak]     # "到2027年，全年…": the sentence's own year;
                                                               # "全年…同比提高": a finished year's figure
            opens_stats = bool(smarks) and smarks[0].kind == "stats" and len(norm[ss:smarks[0].pos].strip()) <= 6
            if stats_carry is not None and not opens_stats and not any(
                    m.kind == "forward" and not m.weak for m in smarks):
                smarks = [YearMark(ss, ss, "stats", stats_carry.year)] + [m for m in smarks if not m.weak]
            stats_carry = ((smarks[0] if opens_stats else stats_carry) if norm[se - 1:se] == ";" else None)
            if not background and ss > ps and lex.review_words.search(norm, ss, se) \
                    and lex.review_open.match(norm, ss, se):
                background = narrative = True     # "…至关重要。过去一年，…取得了很大成绩。国内生产总值增长10.3%":
                para_forward, para_year = False, None     # the rest of the paragraph reviews
            if background:                    # "“十三五”时期…达到65%" in 发展基础 is history
                smarks = [m if m.explicit or m.kind != "forward" else YearMark(m.pos, m.end, "stats", m.year)
                          for m in smarks]
            fwd = [m for m in smarks if m.kind == "forward"]
            sent_forward = bool(fwd) or (not background and has_fword(ss, se))
            sq = between(qpos, quantities, ss, se)
            qs = [q for q in sq if q.span[1] <= se]
            for q in sq:
                if q.span[1] > se:                           # runs over the sentence end: no value of it
                    note("targets", q.span, "dropped", "across-sentence-end", t.raw[q.span[0]:q.span[1]])
            if qs:
                # in a work report's plan part, a sentence without a deadline or forward word of its own
                # keeps only the quantities a commitment governs ("新增农村沼气用户500万户", not "全国有24万多户…")
                found = judge_sentence(t, ss, se, qs, smarks, sent_forward or para_forward, para_year, lex,
                                       narrative and not sent_forward, ctx, dated=doc_year is not None, article=article,
                                       planned=undated is not None and not background)
                if undated is not None and not background and not any(
                        m.kind == "forward" and m.year is None for m in smarks):    # ("3年内" unresolved: null)
                    found = [h if h.year is not None else h._replace(year=undated) for h in found]
                out.extend(found)
            years = [m.year for m in fwd if m.year is not None and not m.weak and m.aside_end is None]
            # a deadline named in a review part ("提出到2020年…目标") dates nothing after it
            if fwd and not all(m.weak for m in fwd) and not background:
                para_forward = True
                if years and (para_year is None or len(set(years)) == 1):
                    para_year = years[-1]     # (several years, "2027年、2028年分别建成…": none of them dates the
                                              # next sentence; the year that governed before still does)
            if gspan is not None and years:
                goal_year[gspan] = years[-1]
        if opens := goal_opening(norm, ps, pe, pmarks, annual):
            # "到2027年，基本构建形成…:--创新成果快速推广应用。…200项…" then "--场景创新生态加快起势。…20个以上":
            # a goal paragraph that opens with its deadline dates the paragraphs below it, with values or not
            inner = secs.chain(ps)
            list_lead = (opens[0].year, _lead_end(inner, span, annual, ps), opens[0].pos - ps > 4)
    return out


def _lead_end(inner, span: Span, annual, ps: int) -> int:
    """Where a list announced by a dated lead ends: its section's end, but never past the start of a report's part
    about this year ("“十五五”时期主要目标任务是：…" does not date "2026年主要工作" printed after it unnumbered)."""
    end = inner[0].span[1] if inner else span[1]
    return min(end, annual.start) if annual is not None and annual.report and annual.start > ps else end


def _outside(t: Text, quantities: list, regions: list[Span], rule: str, also=None) -> list:
    """The quantities outside `regions` (sorted, disjoint) and not at a position `also` accepts; the others are
    dropped by `rule` (noted for `policyparse explain`)."""
    starts = [a for a, _ in regions]
    kept = []
    for q in quantities:
        i = bisect.bisect_right(starts, q.span[0]) - 1
        if (also is not None and also(q.span[0])) or (i >= 0 and q.span[0] < regions[i][1]):
            note("targets", q.span, "dropped", rule, t.raw[q.span[0]:q.span[1]])
        else:
            kept.append(q)
    return kept



