"""Numbered headings -> levels -> a lossless section tree.

Stage not yet implemented: no sections.
"""
from __future__ import annotations

from collections.abc import Sequence

from .records import Found, SectionHit, TableHit, Text
from .spans import Span


def build_sections(t: Text, span: Span, tables: Sequence[TableHit]) -> Found[SectionHit]:
    return Found(())
