"""Quantitative targets.

Stage not yet implemented: no targets.
"""
from __future__ import annotations

from collections.abc import Sequence

from .records import Found, SectionHit, TableHit, TargetHit, Text
from .spans import Span


def extract_targets(t: Text, span: Span, sections: Sequence[SectionHit], tables: Sequence[TableHit],
                    *, doc_year: int | None = None) -> Found[TargetHit]:
    return Found(())
