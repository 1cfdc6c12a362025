"""Bytes and files -> a ParseResult: the size limit, decoding (decode.py) or conversion of HTML, DOCX and PDF
(convert/), then the pipeline over the text; the spans of the result index that text (SPEC §1)."""
from __future__ import annotations

import hashlib
import os

from .convert import to_text
from .diagnostics import InputError
from .locations import MAX_BYTES
from .models import ParseResult, Warning_
from .pipeline import parse_text


def parse_bytes(data: bytes, *, path: str | None = None, encoding: str = "auto",
                max_bytes: int = MAX_BYTES) -> ParseResult:
    """Decode and parse raw bytes; raises PolicyParseError only for unreadable input."""
    return parse_source(data, path=path, encoding=encoding, max_bytes=max_bytes)[0]


def parse_source(data: bytes, *, path: str | None = None, encoding: str = "auto",
                 max_bytes: int = MAX_BYTES) -> tuple[ParseResult, str]:
    """parse_bytes, and the text the result's spans index (decoded, or converted from HTML/DOCX/PDF)."""
    name = path or "<input>"
    if len(data) > max_bytes:
        raise InputError(f"{name}: {len(data)} bytes is over the limit of {max_bytes} (raise --max-bytes)")
    src = to_text(data, encoding, name=name)            # convert/: HTML, DOCX, PDF -> text; else decode.py
    result = parse_text(src.text, path=path, encoding=src.encoding, sha256=hashlib.sha256(data).hexdigest())
    if src.format != "text":                             # spans index the converted text; say so
        result.source.format = src.format
        result.source.text_sha256 = hashlib.sha256(src.text.encode("utf-8", "surrogatepass")).hexdigest()
        result.noise = sorted({*map(tuple, result.noise), *src.noise})
    result.warnings[:0] = [Warning_(code=w.code, message=w.message, span=w.span) for w in src.warnings]
    return result, src.text


def parse_file(path: str | os.PathLike, *, encoding: str = "auto", max_bytes: int = MAX_BYTES) -> ParseResult:
    """Read and parse one file."""
    p = os.fspath(path)
    try:
        size = os.path.getsize(p)
        if size > max_bytes:
            raise InputError(f"{p}: {size} bytes is over the limit of {max_bytes} (raise --max-bytes)")
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)          # bounded even where getsize() lies (devices, FIFOs)
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    return parse_bytes(data, path=p, encoding=encoding, max_bytes=max_bytes)
