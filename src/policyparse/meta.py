"""Document metadata (title, 发文字号, issuer, date, recipients) inside one document span.

Stage not yet implemented: every field is null.
"""
from __future__ import annotations

from .records import MetaHit, Text
from .spans import Span


def extract_meta(t: Text, span: Span) -> MetaHit:
    return MetaHit()
