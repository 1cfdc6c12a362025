"""专栏 boxes and header-row tables, recovered from flattened text.

Stage not yet implemented: no tables.
"""
from __future__ import annotations

from .records import Found, TableHit, Text
from .spans import Span


def parse_tables(t: Text, span: Span) -> Found[TableHit]:
    return Found(())
