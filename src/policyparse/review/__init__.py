"""Review pages: each extraction shown in its source text, in a browser (`policyparse review`).

    from policyparse import parse_file
    from policyparse.review import render_page, source_text
    html = render_page(parse_file(path), source_text(path), name=path)

The page generator reads a ParseResult and the text its spans index; it never calls a stage.
"""
from __future__ import annotations

import os

from .page import check_text, counts, render_index, render_page

__all__ = ["source_text", "text_of_bytes", "render_page", "render_index", "counts", "check_text"]


def text_of_bytes(data: bytes, encoding: str = "auto", *, name: str = "<input>") -> str:
    """The text the spans of `parse_bytes(data)` index: today the decoded bytes.

    >>> text_of_bytes("一、总体要求\\r\\n".encode("gb18030"))
    '一、总体要求\\r\\n'
    """
    from ..decode import decode
    return decode(data, encoding, name=name).text


def source_text(path: str | os.PathLike, encoding: str = "auto") -> str:
    """The text the spans of `parse_file(path)` index (the one place to change when inputs other than
    plain text are converted before parsing)."""
    with open(path, "rb") as fh:
        return text_of_bytes(fh.read(), encoding, name=os.fspath(path))

