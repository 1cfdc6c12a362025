"""text -> documents [DocHit] and noise [Span] (site boilerplate outside any document).

Stage not yet implemented beyond the trivial split: the whole non-blank text is one document.
"""
from __future__ import annotations

from typing import NamedTuple

from .diagnostics import Diagnostic
from .records import DocHit, Text
from .spans import Span, strip_span


class Split(NamedTuple):
    items: tuple[DocHit, ...]
    noise: tuple[Span, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()


def split_documents(t: Text) -> Split:
    """The documents of one file.

    >>> split_documents(Text("  一、总则\\n", "  一、总则\\n")).items
    (DocHit(span=(2, 6)),)
    """
    span = strip_span(t.norm, (0, len(t.norm)))
    return Split(items=(DocHit(span),) if span[0] < span[1] else ())
