"""text -> documents [DocHit] and noise [Span] (site boilerplate outside any document).

Stage not yet implemented beyond the trivial split: the whole non-blank text is one document.
"""
from __future__ import annotations

from typing import NamedTuple

from .diagnostics import Diagnostic
from .records import DocHit
from .spans import Span, strip_span


class Split(NamedTuple):
    items: tuple[DocHit, ...]
    noise: tuple[Span, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()


def split_documents(text: str) -> Split:
    """The documents of one file.

    >>> split_documents("  一、总则\\n").items
    (DocHit(span=(2, 5)),)
    >>> split_documents("   ").items
    ()
    """
    span = strip_span(text, (0, len(text)))
    return Split(items=(DocHit(span),) if span[0] < span[1] else ())
