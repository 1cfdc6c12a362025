"""What every format reader (html.py, docx.py, pdf.py) returns; below them and the package's entry points."""
from __future__ import annotations

from typing import NamedTuple

from ..spans import Span


class Converted(NamedTuple):
    text: str                        # what spans index; `policyparse text FILE` prints exactly this
    format: str                      # "html" | "docx" | "pdf"
    encoding: str                    # the page's charset (html); "utf-8" (docx XML); "pdf" (text layer)
    noise: tuple[Span, ...] = ()     # page furniture the converter recognised (PDF headers, footers, page numbers)
    warnings: tuple = ()             # decode.py's Diagnostics (decode.truncated, decode.low_confidence) for text
