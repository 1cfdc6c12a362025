"""Half-open character spans [start, end) into the decoded original text."""
from __future__ import annotations

from .lexicons import compile_on_use

Span = tuple[int, int]


def strip_span(text: str, span: Span, chars: str | None = None) -> Span:
    """Shrink `span` so that it neither starts nor ends with white space (or `chars`).

    >>> strip_span("  ab \\n", (0, 6))
    (2, 4)
    >>> strip_span("   ", (0, 3))
    (3, 3)
    >>> strip_span("--a-", (0, 4), "-")
    (2, 3)
    """
    s, e = span
    piece = text[s:e]                           # str.strip runs in C (a Python loop was 1 s on 10 MB of blanks)
    left = piece.lstrip(chars)
    a = s + len(piece) - len(left)
    return (a, a + len(left.rstrip(chars))) if left else (e, e)


def contains(outer: Span, inner: Span) -> bool:
    """True when `inner` lies inside `outer`.

    >>> contains((0, 10), (2, 5)), contains((0, 10), (5, 11))
    (True, False)
    """
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def overlaps(a: Span, b: Span) -> bool:
    """True when the two spans share at least one character.

    >>> overlaps((0, 3), (2, 5)), overlaps((0, 3), (3, 5))
    (True, False)
    """
    return a[0] < b[1] and b[0] < a[1]


def line_spans(text: str, span: Span | None = None) -> list[Span]:
    """Spans of the lines inside `span`, without their line terminators (\\n, \\r\\n or \\r).

    >>> line_spans("a\\r\\nbc\\n\\nd")
    [(0, 1), (3, 5), (6, 6), (7, 8)]
    >>> line_spans("ab\\n"), line_spans(""), line_spans("\\n"), line_spans("a\\r\\nb", (0, 2))
    ([(0, 2)], [], [(0, 0)], [(0, 1)])
    """
    start, end = span if span is not None else (0, len(text))
    out: list[Span] = []
    i = start
    for m in _EOL.finditer(text, start, end):   # endpos = end: a \r\n cut by the span end counts as \r
        out.append((i, m.start()))
        i = m.end()
    if i < end:
        out.append((i, end))
    return out


_EOL = compile_on_use(r"\r\n|\r|\n")              # one terminator; no repetition, linear
