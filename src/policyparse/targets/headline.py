"""Headline targets (SPEC §4, recommended): the targets of the passage a document introduces as its main
targets, so that a corpus gives one comparable row per indicator.

Two ways a document introduces that passage:
- a section titled for it: "（三）主要目标", "二、总体目标", "三、发展目标", "（二）基本目标。“十二五”末，…",
  "二、工作思路和主要目标", "（三）规划目标。" (MAIN_TITLE_RE): every target in its own text (table rows
  included) and in child sections that still speak of targets ("（一）到2025年", "1.近期目标");
- a sentence that opens it in running text: "今年发展主要预期目标是：国内生产总值增长5%左右；…",
  "今年经济增长预期目标为7%左右", "2025年的主要目标是：" (MAIN_CUE_RE): the targets from the cue to the end of
  its sentence, or, when the cue ends its line ("…目标是："), the lines after it up to the next heading.

A work report's sections about the five-year plan ("二、“十三五”时期主要目标任务和重大举措") are not its headline
passage: there only the cue counts (its title words name tasks, not targets: `目标任务` is not a title cue).

Reads the normalized text (`norm`: ：→: ；→;), the sections and the targets found. Writes nothing.

>>> from policyparse.records import TargetHit
>>> t = "今年发展主要预期目标是:国内生产总值增长5%左右;城镇新增就业1200万人以上。其他目标:粮食产量1.3万亿斤。"
>>> hits = [TargetHit((0, 10), (18, 22), 2024, "国内生产总值增长", 5, None, "%", "approx"),
...         TargetHit((0, 10), (45, 52), 2024, "粮食产量", 1.3, None, "万亿斤", "point")]
>>> [h.headline for h in mark_headline(t, (0, len(t)), [], hits)]
[True, False]
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence

import regex

from ..outline import SectionIndex
from ..records import SectionHit, TargetHit
from ..spans import Span
from .firsts import near_words

# A section title that names the main targets: "主要目标", "总体目标", "发展目标", "基本目标", "工作目标",
# "预期目标", "行动目标", "主要指标" — not "目标任务" (a work report's plan chapter: tasks) nor "保障目标".
MAIN_TITLE_RE = regex.compile(r"""
    (?:主要|总体|发展|基本|工作|预期|行动|建设|规划|战略)目标(?!任务|责任|考核)
  | (?:阶段|路径|思路)(?:及|和|与)目标$                # "（三）建设阶段及目标", "（三）发展路径和目标"
  | (?:主要|发展)指标
""", regex.X)

# A child heading that still speaks of targets: "（一）到2025年", "1.近期目标", "（二）主要指标". Other children
# ("2.综合改善城市空气环境质量", where a crawl lost the next chapter's heading) end the passage.
GOAL_CHILD_RE = regex.compile(r"目标|指标|(?:19|20)\d{2}\s?年|近期|中期|远期|阶段")

# A sentence that opens the main-target passage in running text. On `norm` (：→:).
MAIN_CUE_RE = regex.compile(r"""
    (?:主要)?预期目标(?:是|为)?:?                    # "今年发展主要预期目标是：" "经济增长预期目标为7%左右"
  | 增长预期(?:是|为)                               # "今年的经济增长预期为7%左右"
  | (?:主要|总体|发展|基本)目标(?:是|为):?           # "2025年的主要目标是："
  | 实现以下(?:主要|发展)?目标:                      # "要实现以下发展目标："
  | 调控目标,?\s?(?:定为|是|为):?                    # "经济增长速度的调控目标定为８％", "…宏观调控目标，定为…"
  | 主要指标(?:安排)?如下[。:]                       # "1981年国民经济计划主要指标安排如下。" (the list below)
  | (?:今年|本年)(?:的)?计划(?:要求)?                # a work report's plan: "今年计划国内生产总值增长百分之九",
  | (?:今年|本年)[^,。;\n]{1,12}?计划增长            # "今年计划要求，…", "今年国民生产总值计划增长百分之八",
  | 年的计划,?\s?要求                                # "１９８２年的计划，要求…"
""", regex.X)

# Every MAIN_CUE_RE match holds one of these words at most 2 characters after its start ("(主要)预期目标", "增长预期",
# "主要目标", "主要指标", "今年…计划"): the cue is tried only there (firsts.near_words).
MAIN_CUE_WORDS = ("预期", "目标", "指标", "实现以下", "调控", "今年", "本年", "年的计划")
MAIN_CUE_BACK = 2

SENTENCE_END_RE = regex.compile(r"[。!?\n]")


def main_passages(norm: str, span: Span, sections: Sequence[SectionHit]) -> list[Span]:
    """The spans of the main-target passages in the document `span`, in text order.

    >>> main_passages("二、主要目标\\n到2025年,产值达100亿元。\\n三、重点任务", (0, 30),
    ...               [SectionHit("s1", "二、", 1, "主要目标", (0, 20), (2, 6), 20)])
    [(0, 20)]
    """
    index = SectionIndex.of(sections)
    items = index.items                                            # in document order
    starts = [s.span[0] for s in items]
    goal_child = [bool(GOAL_CHILD_RE.search(c.title or "")) for c in items]
    out: list[Span] = []
    done_to = -1                                                   # children already taken by an outer one
    for n, sec in enumerate(items):
        if span[0] <= sec.span[0] < span[1] and MAIN_TITLE_RE.search(sec.title or ""):
            out.append((sec.span[0], sec.own_end))
            last = bisect.bisect_left(starts, sec.span[1])         # its descendants: the items up to its end
            out.extend(items[c].span for c in range(max(n + 1, done_to), last) if goal_child[c])
            done_to = max(done_to, last)
    for m in near_words(MAIN_CUE_RE, MAIN_CUE_WORDS, MAIN_CUE_BACK, norm, *span):
        line_end = norm.find("\n", m.end(), span[1])
        line_end = span[1] if line_end < 0 else line_end
        if m.group().endswith((":", "。")) and not norm[m.end():line_end].strip():
            nxt = bisect.bisect_right(starts, m.end())            # the lines after, up to the next heading
            end = starts[nxt] if nxt < len(starts) else span[1]
        else:
            stop = SENTENCE_END_RE.search(norm, m.end(), span[1])
            end = stop.end() if stop else span[1]
        out.append((m.start(), min(end, span[1])))
    return sorted(out)


def mark_headline(norm: str, span: Span, sections: Sequence[SectionHit],
                  hits: Sequence[TargetHit]) -> list[TargetHit]:
    """The targets with `headline` set when their value lies in a main-target passage."""
    if not hits:
        return []                                   # no passage to look for (10^5 headings, no target)
    passages = _merged(main_passages(norm, span, sections))
    if not passages:
        return list(hits)
    ends = [e for _, e in passages]
    out = []
    for h in hits:
        pos = h.value_span[0]
        i = bisect.bisect_right(ends, pos)                         # the first passage ending after pos
        inside = i < len(passages) and passages[i][0] <= pos
        out.append(h._replace(headline=True) if inside and not h.headline else h)
    return out


def _merged(spans: list[Span]) -> list[Span]:
    """Sorted spans with overlaps joined (a bisect on their ends then finds the one around a position)."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
