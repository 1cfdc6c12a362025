"""Scoring the item lists of one paired document: sections, targets, responsibilities (SPEC §7).

Each `score_x(gold, pred, doc)` takes the gold items and the predicted items of one document pair
and returns (tally, misses). The counts follow SPEC §7; the misses are presentation only.

Targets also report **headline** agreement (SPEC §4: `headline: true` on the targets of the passage
a document introduces as its main targets). Over the matched target pairs plus the unmatched items:
- headline_p  = matched pairs flagged headline on both sides / predicted targets flagged headline;
- headline_r  = matched pairs flagged headline on both sides / gold targets flagged headline;
- headline_f1 = their harmonic mean.
An unmatched gold headline target therefore costs recall and an unmatched predicted one precision,
as in the target F1 itself; with no headline on either side all three are 1. A target without the
field counts as not headline. These figures are in addition to SPEC §7's, which they do not change.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .fold import base_quantity, dice, fold, fold_title, indicator_agrees, prefix_match, same_number
from .tally import Miss, Tally, TargetTally

# ---------------------------------------------------------------- what was not matched


def leftovers(area: str, doc: str, gold: Sequence[dict], pred: Sequence[dict], got_g: set[int], got_p: set[int],
              show: Callable[[dict], str], near: Callable[[dict, dict], float],
              why: Callable[[dict, dict], str] = lambda g, p: "") -> list[Miss]:
    """Misses for the unmatched items. A gold item and the unmatched prediction with the highest
    `near` similarity (> 0) are shown together as a near miss; the rest as missed / spurious.
    Presentation only: the counts were made before.

    >>> ms = leftovers("targets", "d", [{"v": 1}, {"v": 2}], [{"v": 1.0, "text": "s"}], set(), set(),
    ...                show=lambda x: str(x["v"]), near=lambda g, p: float(g["v"] == p["v"]))
    >>> [(m.kind, m.gold, m.pred, m.text) for m in ms]
    [('near', '1', '1.0', 's'), ('missed', '2', '', '')]
    """
    g_left = [g for i, g in enumerate(gold) if i not in got_g]
    p_left = [p for j, p in enumerate(pred) if j not in got_p]
    out = []
    for g in g_left:
        best, best_sim = None, 0.0
        for k, p in enumerate(p_left):
            sim = near(g, p)
            if sim > best_sim:
                best, best_sim = k, sim
        if best is None:
            out.append(Miss(area, "missed", doc, gold=show(g)))
        else:
            p = p_left.pop(best)
            out.append(Miss(area, "near", doc, gold=show(g), pred=show(p), text=p.get("text") or "", why=why(g, p)))
    out += [Miss(area, "spurious", doc, pred=show(p), text=p.get("text") or "") for p in p_left]
    return out


def differing(g: dict, p: dict, parts: Mapping[str, Callable[[dict], Any]]) -> str:
    """Names of the parts that differ between two items.

    >>> differing({"level": 1, "marker": "一、"}, {"level": 2, "marker": "一、"},
    ...           {"level": lambda s: s.get("level"), "marker": lambda s: fold(s.get("marker"))})
    'level'
    """
    return ", ".join(name for name, get in parts.items() if get(g) != get(p))


# ---------------------------------------------------------------- sections

def lcs_pairs(gold: Sequence, pred: Sequence, ok: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    """A largest order-preserving matching of gold and pred under `ok`, as index pairs.

    >>> lcs_pairs("abcd", "xbyd", str.__eq__)
    [(1, 1), (3, 3)]
    >>> lcs_pairs("ab", "ba", str.__eq__)          # crossing pairs cannot both count
    [(0, 1)]
    """
    n, m = len(gold), len(pred)
    if not n or not m:
        return []
    table = [[0] * (m + 1)]
    for i in range(1, n + 1):
        prev, cur, g = table[-1], [0] * (m + 1), gold[i - 1]
        for j in range(1, m + 1):
            cur[j] = prev[j - 1] + 1 if ok(g, pred[j - 1]) else max(prev[j], cur[j - 1])
        table.append(cur)
    pairs, i, j = [], n, m
    while i and j:
        if table[i][j] == table[i - 1][j - 1] + 1 and ok(gold[i - 1], pred[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def section_key(s: dict) -> tuple[int, str, str]:
    """(level, folded marker, folded title).

    >>> section_key({"level": 2, "marker": "（一）", "title": "指导思想。"})
    (2, '(一)', '指导思想')
    """
    return int(s.get("level") or 0), fold(s.get("marker")), fold_title(s.get("title"))


def section_matches(g: tuple, p: tuple) -> bool:
    """Same level and marker; titles where one is a prefix of the other.

    >>> section_matches(section_key({"level": 1, "marker": "一、", "title": "总体要求"}),
    ...                 section_key({"level": 1, "marker": "一、", "title": "总体要求和发展目标"}))
    True
    """
    return g[0] == p[0] and g[1] == p[1] and prefix_match(g[2], p[2])


def show_section(s: dict) -> str:
    return f"L{s.get('level')} {s.get('marker') or ''}{s.get('title') or ''}"


def near_section(g: dict, p: dict) -> float:
    """The same title (prefix) under another level or marker; or the same marker and level with a
    similar title. 0 when neither."""
    gk, pk = section_key(g), section_key(p)
    if prefix_match(gk[2], pk[2]):
        return 1.0 + 0.5 * (gk[1] == pk[1]) + 0.25 * (gk[0] == pk[0])
    return dice(gk[2], pk[2]) if gk[:2] == pk[:2] and dice(gk[2], pk[2]) >= 0.5 else 0.0


SECTION_PARTS = {"level": lambda s: section_key(s)[0], "marker": lambda s: section_key(s)[1],
                 "title": lambda s: section_key(s)[2]}


def score_sections(gold: list[dict], pred: list[dict], doc: str) -> tuple[Tally, list[Miss]]:
    gk, pk = [section_key(s) for s in gold], [section_key(s) for s in pred]
    pairs = lcs_pairs(gk, pk, section_matches)
    misses = leftovers("sections", doc, gold, pred, {i for i, _ in pairs}, {j for _, j in pairs},
                       show_section, near_section, lambda g, p: differing(g, p, SECTION_PARTS))
    return Tally(len(pairs), len(gold), len(pred)), misses


# ---------------------------------------------------------------- targets

def show_target(t: dict) -> str:
    value = t.get("value")
    if t.get("value_max") is not None:
        value = f"{value}–{t.get('value_max')}"
    year = t.get("year")
    return (f"{year if year is not None else '----'} {t.get('indicator') or '?'} = {value} "
            f"{t.get('unit') or ''} ({t.get('qualifier') or 'point'})")


def near_target(g: dict, p: dict) -> float:
    """The same number in base units (another year or unit), best with a like indicator; or a like
    indicator with the same year and another number. 0 when neither."""
    gq, pq = base_quantity(g.get("value"), g.get("unit")), base_quantity(p.get("value"), p.get("unit"))
    like = dice(g.get("indicator", ""), p.get("indicator", ""))
    if gq is not None and pq is not None and same_number(gq[0], pq[0]):
        return 1.0 + like
    if indicator_agrees(g.get("indicator", ""), p.get("indicator", "")) and g.get("year") == p.get("year"):
        return 0.9 * like
    return 0.0


TARGET_PARTS = {"year": lambda t: t.get("year"),
                "value": lambda t: round((base_quantity(t.get("value"), t.get("unit")) or (None,))[0] or 0, 6),
                "unit": lambda t: (base_quantity(t.get("value"), t.get("unit")) or (None, fold(t.get("unit"))))[1],
                "indicator": lambda t: fold(t.get("indicator"))}


def is_headline(t: dict) -> bool:
    """A target flagged `headline` (absent: not).

    >>> is_headline({"headline": True}), is_headline({}), is_headline({"headline": None})
    (True, False, False)
    """
    return bool(t.get("headline"))


def count_headlines(targets: Iterable[dict]) -> int:
    return sum(map(is_headline, targets))


def match_targets(gold: Sequence[dict], pred: Sequence[dict]) -> dict[int, int]:
    """Greedy, gold in order: each gold target takes the free prediction with the same base
    quantity (and year, where gold has one) whose indicator is most alike (first of equals).
    Returns pred index -> gold index.

    >>> match_targets([{"value": 1.3, "unit": "万亿元", "year": 2025, "indicator": "营收"}],
    ...               [{"value": 1.3, "unit": "万亿元", "year": 2024}, {"value": 13000, "unit": "亿元",
    ...                 "year": 2025, "indicator": "营业收入"}])
    {1: 0}
    """
    pred_q = [base_quantity(p.get("value"), p.get("unit")) for p in pred]
    taken: dict[int, int] = {}
    for gi, g in enumerate(gold):
        gq = base_quantity(g.get("value"), g.get("unit"))
        best, best_sim = None, -1.0
        for pj, p in enumerate(pred):
            pq = pred_q[pj]
            if (pj in taken or gq is None or pq is None or pq[1] != gq[1] or not same_number(pq[0], gq[0])
                    or (g.get("year") is not None and p.get("year") != g.get("year"))):
                continue
            sim = dice(g.get("indicator", ""), p.get("indicator", ""))
            if sim > best_sim:
                best, best_sim = pj, sim
        if best is not None:
            taken[best] = gi
    return taken


def score_targets(gold: list[dict], pred: list[dict], doc: str) -> tuple[TargetTally, list[Miss]]:
    """Matches (match_targets), then indicator, qualifier and headline agreement per pair."""
    taken = match_targets(gold, pred)
    tally, misses = TargetTally(gold=len(gold), pred=len(pred), headline_gold=count_headlines(gold),
                                headline_pred=count_headlines(pred)), []
    for pj, gi in sorted(taken.items(), key=lambda kv: kv[1]):    # gold order, as they were matched
        g, p = gold[gi], pred[pj]
        tally.tp += 1
        if indicator_agrees(g.get("indicator", ""), p.get("indicator", "")):
            tally.indicator_ok += 1
        else:
            misses.append(Miss("targets", "differs", doc, gold=f"indicator {g.get('indicator')!r}",
                               pred=f"indicator {p.get('indicator')!r}", text=p.get("text") or ""))
        if (g.get("qualifier") or "point") == (p.get("qualifier") or "point"):
            tally.qualifier_ok += 1
        else:
            misses.append(Miss("targets", "differs", doc, gold=f"qualifier {g.get('qualifier') or 'point'}",
                               pred=f"qualifier {p.get('qualifier') or 'point'} ({show_target(p)})",
                               text=p.get("text") or ""))
        if is_headline(g) and is_headline(p):
            tally.headline_tp += 1
        elif is_headline(g) != is_headline(p):
            misses.append(Miss("targets", "differs", doc, gold=f"headline {is_headline(g)} ({show_target(g)})",
                               pred=f"headline {is_headline(p)}", text=p.get("text") or ""))
    misses += leftovers("targets", doc, gold, pred, set(taken.values()), set(taken), show_target, near_target,
                        lambda g, p: differing(g, p, TARGET_PARTS))
    return tally, misses


# ---------------------------------------------------------------- responsibilities

def unit_set(units: Iterable[Any] | None) -> tuple[str, ...]:
    """Folded, non-empty unit names, sorted (a set that keeps duplicates).

    >>> unit_set(["市财政局", " 市发展改革委", ""])
    ('市发展改革委', '市财政局')
    """
    return tuple(sorted(u for u in map(fold, units or []) if u))


def show_duty(r: dict) -> str:
    lead = "、".join(r.get("lead") or [])
    support = "、".join(r.get("support") or [])
    task = (r.get("task") or "").strip()
    return f"{task[:30] or '?'} — lead {lead or '-'}" + (f"; support {support}" if support else "")


def near_duty(g: dict, p: dict) -> float:
    """The same task (title prefix), or shared units. 0 when neither."""
    gu = set(unit_set(g.get("lead"))) | set(unit_set(g.get("support")))
    pu = set(unit_set(p.get("lead"))) | set(unit_set(p.get("support")))
    shared = len(gu & pu) / len(gu | pu) if gu | pu else 0.0
    if prefix_match(fold_title(g.get("task")), fold_title(p.get("task"))):
        return 1.0 + shared
    return shared


DUTY_PARTS = {"lead": lambda r: unit_set(r.get("lead")), "support": lambda r: unit_set(r.get("support"))}


def score_responsibilities(gold: list[dict], pred: list[dict], doc: str) -> tuple[Tally, list[Miss]]:
    """Multiset match on (lead set, support set); the task is not compared."""
    key = lambda r: (unit_set(r.get("lead")), unit_set(r.get("support")))  # noqa: E731
    free: dict[tuple, list[int]] = {}
    for j, p in enumerate(pred):
        free.setdefault(key(p), []).append(j)
    got_g, got_p = set(), set()
    for i, g in enumerate(gold):
        slot = free.get(key(g))
        if slot:
            got_g.add(i)
            got_p.add(slot.pop(0))
    misses = leftovers("responsibilities", doc, gold, pred, got_g, got_p, show_duty, near_duty,
                       lambda g, p: differing(g, p, DUTY_PARTS))
    return Tally(len(got_g), len(gold), len(pred)), misses
