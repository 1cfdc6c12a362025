"""Marks over the source text, and the flat open/text/close events that print them as nested elements.

A mark is a half-open span of one kind (section heading, target sentence, target value, indicator,
responsibility, table, warning, noise) carrying the ids of the items it shows. Marks may overlap in any
way: a value inside a target inside a responsibility inside a table nests; an indicator that starts
before its target's clause crosses it. `events()` turns them into properly nested elements: a mark that
crosses the end of one opened before it is closed there and reopened after it, so it prints as several
segments sharing one key (`k`); the marks opened first (the outer ones) always stay whole.

Pure functions of (text, marks): no HTML here, the template prints the events.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import NamedTuple

# Outer first when two marks have the same extent; also the legend's order.
KINDS = ("table", "heading", "duty", "target", "indicator", "value", "warn", "noise")
RANK = {k: i for i, k in enumerate(KINDS)}
SECONDARY = frozenset({"indicator", "warn", "noise"})   # cut to fit inside the others, never splitting them


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    kind: str
    ids: tuple[str, ...]
    anchor: str | None = None      # an HTML id for the first segment (section headings)


class Event(NamedTuple):
    """`t`: text; `o`: open a segment of mark `k`; `c`: close the innermost segment; `a`: an empty
    anchor (a zero-length mark, e.g. a warning at a position). `cont` marks a segment that continues a
    mark begun earlier (so the template can leave off start-only decorations)."""
    op: str
    text: str = ""
    kind: str = ""
    k: int = 0
    ids: str = ""
    anchor: str = ""
    cont: bool = False


def merge(marks: list[Mark]) -> list[Mark]:
    """One mark per (start, end, kind): the ids of duplicates are joined (several targets in one clause).

    >>> for m in merge([Mark(0, 5, "target", ("t1",)), Mark(0, 5, "target", ("t2",)), Mark(0, 5, "value", ("t1",))]):
    ...     print(m)
    Mark(start=0, end=5, kind='target', ids=('t1', 't2'), anchor=None)
    Mark(start=0, end=5, kind='value', ids=('t1',), anchor=None)
    """
    out: dict[tuple[int, int, str], Mark] = {}
    for m in marks:
        key = (m.start, m.end, m.kind)
        old = out.get(key)
        if old is None:
            out[key] = m
        else:
            ids = old.ids + tuple(i for i in m.ids if i not in old.ids)
            out[key] = Mark(m.start, m.end, m.kind, ids, old.anchor or m.anchor)
    return sorted(out.values(), key=lambda m: (m.start, -m.end, RANK[m.kind]))


def events(text: str, marks: list[Mark], lo: int, hi: int, keys: dict[Mark, int], *, last: bool = True
           ) -> list[Event]:
    """The events printing text[lo:hi] with the marks that touch it (clipped to it); `keys` gives each
    mark its key, shared by all its segments, in this chunk and others. A zero-length mark at `hi` is
    printed here only when this is the `last` chunk (else the next chunk, which starts there, has it).

    Marks of the kinds in SECONDARY (indicator, warning, noise) are cut first where a primary mark
    starts or ends, so they never split a heading, a table, a responsibility, a target or its value:

    >>> ms = merge([Mark(0, 6, "duty", ("r1",)), Mark(2, 4, "value", ("t1",)), Mark(3, 8, "warn", ("w1",))])
    >>> keys = {m: i for i, m in enumerate(ms)}
    >>> [(e.op, e.text or e.kind) for e in events("abcdefgh", ms, 0, 8, keys)]   # doctest: +NORMALIZE_WHITESPACE
    [('o', 'duty'), ('t', 'ab'), ('o', 'value'), ('t', 'c'), ('o', 'warn'), ('t', 'd'), ('c', ''), ('c', ''),
     ('o', 'warn'), ('t', 'ef'), ('c', ''), ('c', ''), ('o', 'warn'), ('t', 'gh'), ('c', '')]

    Primary marks that cross: the one opened first stays whole, the other is closed and reopened.

    >>> ms = merge([Mark(0, 4, "duty", ("r1",)), Mark(2, 6, "target", ("t1",))])
    >>> [(e.op, e.text or e.kind, e.cont) for e in events("abcdef", ms, 0, 6, {m: i for i, m in enumerate(ms)})]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('o', 'duty', False), ('t', 'ab', False), ('o', 'target', False), ('t', 'cd', False), ('c', '', False),
     ('c', '', False), ('o', 'target', True), ('t', 'ef', False), ('c', '', False)]
    """
    out: list[Event] = []
    touching = [m for m in marks if (m.start < hi and m.end > lo) or (m.start == m.end and lo <= m.start < hi)
                or (last and m.start == m.end == hi)]
    cuts = sorted({p for m in touching if m.kind not in SECONDARY for p in (m.start, m.end) if lo < p < hi})
    pieces: list[tuple[int, int, Mark]] = []         # (start, end) clipped to the chunk, cut where needed
    for m in touching:
        a, b = max(m.start, lo), min(m.end, hi)
        if m.kind in SECONDARY and a < b:
            for p in cuts[bisect.bisect_right(cuts, a):bisect.bisect_left(cuts, b)]:
                pieces.append((a, p, m))
                a = p
        pieces.append((a, b, m))
    pieces.sort(key=lambda x: (x[0], -x[1], RANK[x[2].kind]))
    stack: list[tuple[Mark, int]] = []               # (mark, the end of its open piece)
    pos = lo
    i = 0

    def open_(m: Mark, start: int) -> None:
        cont = start > m.start
        out.append(Event("o", kind=m.kind, k=keys[m], ids=" ".join(m.ids),
                         anchor="" if cont or not m.anchor else m.anchor, cont=cont))

    def text_to(p: int) -> None:
        nonlocal pos
        if p > pos:
            out.append(Event("t", text[pos:p]))
            pos = p

    while i < len(pieces) or stack:
        next_start = pieces[i][0] if i < len(pieces) else None
        next_end = min(e for _, e in stack) if stack else None
        if next_end is not None and (next_start is None or next_end <= next_start):
            text_to(next_end)
            j = next(n for n, (_, e) in enumerate(stack) if e == next_end)    # the outermost piece ending here
            above = [(m, e) for m, e in stack[j + 1:] if e > next_end]        # crossing it: split them
            out.extend(Event("c") for _ in stack[j:])
            del stack[j:]
            for m, e in above:
                open_(m, next_end)
                stack.append((m, e))
            continue
        a, b, m = pieces[i]
        i += 1
        text_to(a)
        if a == b:
            if m.start == m.end:
                out.append(Event("a", kind=m.kind, k=keys[m], ids=" ".join(m.ids), anchor=m.anchor or ""))
            continue
        open_(m, a)
        stack.append((m, b))
    text_to(hi)
    return out
