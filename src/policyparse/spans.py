"""Half-open character spans [start, end) into the decoded original text."""
from __future__ import annotations

Span = tuple[int, int]


def strip_span(text: str, span: Span, chars: str | None = None) -> Span:
    """Shrink `span` so that it neither starts nor ends with white space (or `chars`).

    >>> strip_span("  ab \\n", (0, 6))
    (2, 4)
    >>> strip_span("   ", (0, 3))
    (3, 3)
    """
    s, e = span
    while s < e and (text[s].isspace() if chars is None else text[s] in chars):
        s += 1
    while e > s and (text[e - 1].isspace() if chars is None else text[e - 1] in chars):
        e -= 1
    return (s, e)


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
    """
    start, end = span if span is not None else (0, len(text))
    out: list[Span] = []
    i = start
    while i < end:
        j = i
        while j < end and text[j] not in "\r\n":
            j += 1
        out.append((i, j))
        if j >= end:
            return out
        i = j + 2 if text.startswith("\r\n", j) and j + 1 < end else j + 1
        if i >= end:
            break
    return out
