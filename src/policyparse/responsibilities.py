"""Responsibilities: who leads, who supports.

Stage not yet implemented: no responsibilities.
"""
from __future__ import annotations

from collections.abc import Sequence

from .records import DutyHit, Found, SectionHit, TableHit, Text
from .spans import Span


def extract_responsibilities(t: Text, span: Span, sections: Sequence[SectionHit],
                             tables: Sequence[TableHit]) -> Found[DutyHit]:
    return Found(())
