"""Bytes -> text. UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

Line ends are kept as they are (CRLF, CR): every offset refers to the decoded text.
"""
from __future__ import annotations

import codecs
from typing import NamedTuple

import regex

from .diagnostics import DecodeError, InputError

ENCODINGS = ("utf-8", "gb18030")

# C0 controls other than \t \n \v \f \r, and DEL. GB18030 reads almost any byte string without a NUL, so
# binary data (compressed, images without NULs in the sniffed part) can "decode"; it then shows up as
# control characters, which real documents carry only as stray singles (a Word \x07, a \x1a at EOF).
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")   # a single class, no repetition: linear
CONTROL_SHARE = 0.01                                      # more than 1% of characters -> not text


class Decoded(NamedTuple):
    text: str
    encoding: str


def decode(data: bytes, encoding: str = "auto", *, name: str = "<input>") -> Decoded:
    """Decode `data`; `encoding` "auto" sniffs BOMs, then tries UTF-8, then GB18030.

    >>> decode("到2025年".encode("gb18030"))
    Decoded(text='到2025年', encoding='gb18030')
    >>> decode(codecs.BOM_UTF8 + "一、".encode()).encoding
    'utf-8-sig'
    >>> decode(bytes(range(1, 128)), name="a.bin")
    Traceback (most recent call last):
    policyparse.diagnostics.InputError: a.bin: not a text file (27 control characters in 127 as utf-8; binary data?)
    """
    decoded = _decode(data, encoding, name)
    n = len(_CONTROL.findall(decoded.text))
    if n and n > CONTROL_SHARE * len(decoded.text):
        raise InputError(f"{name}: not a text file ({n} control characters in {len(decoded.text)} as "
                         f"{decoded.encoding}; binary data?)")
    return decoded


def _decode(data: bytes, encoding: str, name: str) -> Decoded:
    if encoding != "auto":
        try:
            return Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise DecodeError(f"{name}: cannot decode as {encoding} ({exc}); try --encoding auto") from None
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8", errors="strict"), "utf-8-sig") if _ok(data[3:], "utf-8") \
            else _fail(name, "UTF-8 BOM but invalid UTF-8")
    why = None
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):      # FF FE 00 00 is a UTF-32 BOM or a UTF-16 BOM before U+0000: try both
            try:
                return Decoded(data.decode(enc), enc)
            except UnicodeDecodeError as exc:
                why = why or f"{enc} BOM but invalid {enc}: {exc.reason}"
    if why:
        _fail(name, why)
    if b"\x00" in data:
        raise InputError(f"{name}: not a text file (NUL bytes found; binary data or UTF-16 without a BOM)")
    for enc in ENCODINGS:
        try:
            return Decoded(data.decode(enc), enc)
        except UnicodeDecodeError:
            continue
    _fail(name, "neither UTF-8 nor GB18030")
    raise AssertionError  # unreachable


def _ok(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
        return True
    except UnicodeDecodeError:
        return False


def _fail(name: str, why: str):
    raise DecodeError(f"{name}: not a text file ({why}); tried {', '.join(ENCODINGS)}; "
                      "pass --encoding if you know it")
