"""专栏 boxes and header-row tables, recovered from flattened text.

Stage not yet implemented: no tables.
"""
from __future__ import annotations

from .records import Found, TableHit
from .spans import Span


def parse_tables(text: str, span: Span) -> Found[TableHit]:
    return Found(())
