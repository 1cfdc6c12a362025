"""Headings in a crawl that lost every line break and space (SPEC §1): "…现提出以下意见。一、持续提升投资建设
便利度（一）优化再造投资项目前期审批流程。…（国家发展改革委牵头…负责）（二）进一步提升…".

A marker glued to the text before it is a heading when it continues the numbering in sequence (the next
number of a style already seen: "…（责任单位：…）１０．" after ９．) — or, on a line far longer than any
paragraph (`LONG_LINE`: a crawl that lost its breaks), when it starts a style: 一、 where none came before,
（一） again once a higher heading opened — and it sits where a heading can start: after a sentence end or a
closing bracket, or inside the title of the heading accepted just before it (whose title then ends there:
"一、持续提升投资建设便利度" / "（一）优化再造…"). Anything else (a "（一）" in running text, a number that
breaks the sequence) stays text.
"""
from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import replace

import regex

from .. import markers
from ..lexicons import lazy
from ..spans import Span
from .scan import _Cand, _Scanner

LONG_LINE = 200                     # characters: a line this long may hold several paragraphs run together
GLUED_STYLES = ("bian", "pian", "bu", "zhang", "jie", "tiao", "cn_dun", "cn_paren", "ar_dot", "ar_paren", "circled")
OPENS_AFTER = frozenset("。!?;)」”】〕")          # a heading may follow a sentence end or a closing bracket,
# or the colon that opens a notice's body parts: "…现将有关事项通知如下:一、提高政治站位…"
INTRO_COLON_RE = regex.compile(r"(?:如下|以下[\p{Han}]{0,4})\s?:$")
# a marker anywhere inside a line (the line-start ones are found already); styles filtered above; searched
# on the long lines only ...
_glued_re = lazy(rf"(?<=[^\s])(?={markers.MARKER_START})(?:{markers.MARKER})", markers.FLAGS)
# ... and, over the whole span in one pass, a marker right after a sentence end, a closing bracket or a
# colon (the only glued markers a shorter line can hold). The same matches as _glued_re's on such a line:
# no marker holds one of these characters but as its last, so no match of one hides a match of the other.
_opens_re = lazy(rf"(?<=[{''.join(sorted(OPENS_AFTER | {':'}))}])(?={markers.MARKER_START})(?:{markers.MARKER})",
                 markers.FLAGS)


def glued_candidates(sc: _Scanner, cands: list[_Cand], skip: Callable[[int], bool]) -> list[_Cand]:
    """`cands` plus the glued headings of the span's long lines, in document order (titles of headings that
    a glued heading interrupts are cut there); `skip(pos)` says a position is inside a table, box or 目录."""
    norm, (start, end) = sc.t.norm, sc.span
    found: list[_Cand] = []
    long_line: set[int] = set()                     # marker positions on lines of LONG_LINE or more
    long_lines = _long_lines(sc)
    long_starts = [a for a, _ in long_lines]
    for pos, le in long_lines:
        for m in _glued_re().finditer(norm, pos, le):
            if m.lastgroup not in GLUED_STYLES:
                continue
            c = sc._from_match(m, True)
            if c is not None and not skip(c.marker[0]):
                found.append(c)
                long_line.add(c.marker[0])
    for m in _opens_re().finditer(norm, start, end):    # in a title only where paragraphs were glued together
        if m.lastgroup not in GLUED_STYLES:
            continue
        i = bisect.bisect_right(long_starts, m.start()) - 1
        if i >= 0 and m.start() < long_lines[i][1]:
            continue                                # on a long line: found above
        c = sc._from_match(m, True)
        if c is not None and not skip(c.marker[0]):
            found.append(c)
    if not found:
        return cands
    found.sort(key=lambda c: c.marker[0])
    have = {c.marker[0] for c in cands}
    merged = sorted([*cands, *(c for c in found if c.marker[0] not in have)], key=lambda c: c.marker[0])
    glued_at = {c.marker[0] for c in found} - have
    out: list[_Cand] = []
    last: dict[str, int] = {}                       # last accepted number of each style
    reopened: set[str] = set()                      # styles a higher heading has opened again since
    for c in merged:
        if c.marker[0] in glued_at:
            if out and c.marker[0] == out[-1].title[0]:
                continue                            # no heading whose title would be empty: "一、（一）…"
            if not _continues(norm, c, out[-1] if out else None, last, reopened, c.marker[0] in long_line):
                continue
            c = replace(c, glued=True)
        if out and out[-1].title[0] < c.marker[0] < out[-1].title[1]:
            out[-1] = replace(out[-1], title=(out[-1].title[0], sc._rstrip(out[-1].title[0], c.marker[0])))
        out.append(c)
        last[c.style] = c.number or 0
        reopened.discard(c.style)
        reopened.update(s for s in last if _rank(s) > _rank(c.style))
    return out


def _long_lines(sc: _Scanner) -> list[Span]:
    """(start, end) of the span's lines of LONG_LINE characters or more (from the line index: no walk
    over the lines in Python).

    The first line starts at the span start (a span may start mid-line); each line ends at its break or
    the span end."""
    (start, end), lines = sc.span, sc.lines
    nexts, ends = lines.nexts, lines.ends
    j0, j1 = bisect.bisect_right(nexts, start), bisect.bisect_left(nexts, end)
    line_starts = itertools.chain((start,), nexts[j0:j1])             # lines after a break, inside the span
    line_ends = itertools.chain(ends[bisect.bisect_left(ends, start):j1 + 1], (end,))   # the last: span end
    return [(a, b) for a, b in zip(line_starts, map(min, line_ends, itertools.repeat(end)))
            if b - a >= LONG_LINE]


def _rank(style: str) -> int:
    return markers.USUAL_ORDER.index(style) if style in markers.USUAL_ORDER else len(markers.USUAL_ORDER)


def _continues(norm: str, c: _Cand, prev: _Cand | None, last: dict[str, int], reopened: set[str],
               on_long_line: bool) -> bool:
    """A glued marker continues the numbering in sequence and sits where a heading can start."""
    in_title = prev is not None and prev.title[0] < c.marker[0] <= prev.title[1]
    if not (in_title or norm[c.marker[0] - 1] in OPENS_AFTER
            or INTRO_COLON_RE.search(norm, max(0, c.marker[0] - 10), c.marker[0])):
        return False
    n = last.get(c.style)
    if n is not None and c.number == n + 1:
        return True
    return on_long_line and c.number == 1 and (n is None or c.style in reopened)   # a style starts, or
                                                                  # starts again below a new higher heading
