"""Bytes -> text. UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

Line ends are kept as they are (CRLF, CR): every offset refers to the decoded text.

Decoding never guesses silently: when the bytes decode but the result looks like another encoding read
wrongly (Big5 read as GB18030, a GB18030 file with UTF-8 lines), the result carries a
`decode.low_confidence` warning; an input cut in the middle of a character (an interrupted download)
decodes with U+FFFD for the partial bytes and a `decode.truncated` warning.
"""
from __future__ import annotations

import codecs
import functools
import re
from typing import NamedTuple

from .diagnostics import Code, DecodeError, Diagnostic, InputError
from .lexicons import compile_on_use

ENCODINGS = ("utf-8", "gb18030")

# C0 controls other than \t \n \v \f \r, and DEL. GB18030 reads almost any byte string without a NUL, so
# binary data (compressed, images without NULs in the sniffed part) can "decode"; it then shows up as
# control characters, which real documents carry only as stray singles (a Word \x07, a \x1a at EOF).
_CONTROL = compile_on_use(r"[\x00-\x08\x0e-\x1f\x7f]")   # a single class, no repetition: linear
CONTROL_SHARE = 0.01                                      # more than 1% of characters -> not text

# How a GB18030 reading of simplified Chinese looks. A real document's non-ASCII characters are GB2312
# hanzi and punctuation (plus general punctuation, CJK symbols, full-width forms, no-break space); Big5
# or UTF-8 bytes read as GB18030 give mostly other characters: hanzi outside GB2312 and kana / Greek /
# Cyrillic / box drawing / private use. Measured: seeds and the 387 real documents hold 0.00-0.005 of
# such "odd" characters (133 in 3.1 M characters); the same texts saved as Big5 0.79-0.90, UTF-8 read
# as GB18030 0.67-0.75. One `re` class (a bitmap lookup) finds them at ~2 ms per MB of real text.
ODD_SHARE = 0.10                 # more than this share of odd characters (in the first SAMPLE): warn
SAMPLE = 1 << 16
ODD_MIN = 20                     # ... of at least this many non-ASCII characters (two in a near-empty file: no)
DENSE = (6, 13)                  # ... or 6 odd characters within 13: a stretch in another encoding
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "cp936", "936", "euc-cn", "euccn", "hz"}

# A decode error at the very end, from a cut input: how each codec reports it
_TRUNCATED = ("unexpected end of data", "incomplete multibyte sequence", "truncated data")


class Decoded(NamedTuple):
    text: str
    encoding: str
    warnings: tuple[Diagnostic, ...] = ()


def decode(data: bytes, encoding: str = "auto", *, name: str = "<input>") -> Decoded:
    """Decode `data`; `encoding` "auto" sniffs BOMs, then tries UTF-8, then GB18030.

    >>> decode("到2025年".encode("gb18030"))[:2]
    ('到2025年', 'gb18030')
    >>> decode(codecs.BOM_UTF8 + "一、".encode()).encoding
    'utf-8-sig'
    >>> d = decode("一、总则".encode()[:-1])                # cut inside 则
    >>> d.text, d.encoding, [(str(w.code), w.span) for w in d.warnings]
    ('一、总\\ufffd', 'utf-8', [('decode.truncated', (3, 4))])
    >>> d.warnings[0].message
    'the input ends inside a character (2 bytes of it); they were read as U+FFFD'
    >>> [str(w.code) for w in decode("國務院關於印發政府工作報告的通知，請認真貫徹執行。".encode("big5")).warnings]
    ['decode.low_confidence']
    >>> decode(bytes(range(1, 128)), name="a.bin")
    Traceback (most recent call last):
    policyparse.diagnostics.InputError: a.bin: not a text file (27 control characters in 127 as utf-8; binary data?)
    """
    decoded = _decode(data, encoding, name)
    n = len(_CONTROL.findall(decoded.text))
    if n and n > CONTROL_SHARE * len(decoded.text):
        raise InputError(f"{name}: not a text file ({n} control characters in {len(decoded.text)} as "
                         f"{decoded.encoding}; binary data?)")
    if _codec_name(decoded.encoding) in _GB_FAMILY:
        odd = _odd_reading(data, decoded.text)
        if odd:
            decoded = decoded._replace(warnings=(*decoded.warnings, odd))
    return decoded


def _decode(data: bytes, encoding: str, name: str) -> Decoded:
    if encoding != "auto":
        try:
            return _tolerant(data, encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise DecodeError(f"{name}: cannot decode as {encoding} ({exc}); try --encoding auto") from None
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _tolerant(data[3:], "utf-8")._replace(encoding="utf-8-sig")
        except UnicodeDecodeError:
            _fail(name, "UTF-8 BOM but invalid UTF-8")
    why = None
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):      # FF FE 00 00 is a UTF-32 BOM or a UTF-16 BOM before U+0000: try both
            try:
                return _tolerant(data, enc)
            except UnicodeDecodeError as exc:
                why = why or f"{enc} BOM but invalid {enc}: {exc.reason}"
    if why:
        _fail(name, why)
    if b"\x00" in data:
        raise InputError(f"{name}: not a text file (NUL bytes found; binary data or UTF-16 without a BOM)")
    for enc in ENCODINGS:
        try:
            return _tolerant(data, enc)
        except UnicodeDecodeError:
            continue
    _fail(name, "lines in UTF-8 and lines in GB18030 mixed; save it in one encoding" if _mixed(data)
          else "neither UTF-8 nor GB18030")
    raise AssertionError  # unreachable


def _tolerant(data: bytes, enc: str) -> Decoded:
    """`data` decoded strictly, except that a character cut off by the end of the input becomes U+FFFD
    (with a warning). Raises UnicodeDecodeError for anything else, LookupError for an unknown codec."""
    try:
        codecs.lookup(enc)
        if not codecs.lookup(enc)._is_text_encoding:          # rot13, base64: not a text encoding
            raise LookupError(f"{enc} is not a text encoding")
        return Decoded(data.decode(enc), enc)
    except UnicodeDecodeError as exc:
        if exc.reason not in _TRUNCATED or exc.end != len(data) or len(data) - exc.start > 4:
            raise
        text = data[:exc.start].decode(enc) + "\ufffd"         # raises if the rest is not valid either
        cut = len(data) - exc.start
        return Decoded(text, enc, (Diagnostic(
            Code.DECODE_TRUNCATED, f"the input ends inside a character ({cut} byte{'s' if cut > 1 else ''} "
            "of it); they were read as U+FFFD", (len(text) - 1, len(text))),))


def _codec_name(enc: str) -> str:
    try:
        return codecs.lookup(enc).name
    except LookupError:
        return enc


@functools.cache
def _odd_pattern() -> re.Pattern:
    """A character class of what simplified Chinese text is made of; built on first use (~15 ms)."""
    cps = {*range(0x80), 0xA0, 0xFEFF, *range(0x2000, 0x2070), *range(0x3000, 0x3040), *range(0xFF00, 0xFFF0)}
    for lead in (*range(0xA1, 0xA4), *range(0xB0, 0xF8)):       # GB2312 punctuation rows, hanzi rows
        for trail in range(0xA1, 0xFF):
            try:
                cps.add(ord(bytes((lead, trail)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    ranges: list[list[int]] = []
    for c in sorted(cps):
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return re.compile("[^" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                                     for a, b in ranges) + "]")


def _odd_share(text: str) -> tuple[int, int]:
    """(odd, non-ASCII) character counts of `text` read as simplified Chinese (see ODD_SHARE).

    >>> _odd_share("到2025年，达100亿元"), _odd_share("ｶﾀｶﾅ и ж")
    ((0, 6), (2, 6))
    """
    return len(_odd_pattern().findall(text)), len(text) - len(text.encode("ascii", errors="ignore"))


def _odd_reading(data: bytes, text: str) -> Diagnostic | None:
    """A `decode.low_confidence` warning when `text` (read as GB18030) does not look like Chinese text."""
    odd, total = _odd_share(text[:SAMPLE])
    if total >= ODD_MIN and odd > ODD_SHARE * total:
        also = [enc for enc in ("big5", "utf-8") if _decodes(data, enc)]
        hint = f"; it also decodes as {' and '.join(also)}" if also else ""
        return Diagnostic(Code.DECODE_LOW_CONFIDENCE,
                          f"{odd} of {total} non-ASCII characters near the start are rare or symbols when read "
                          f"as GB18030: probably another encoding (Big5?){hint}; pass --encoding if you know it")
    n, width = DENSE
    at = [m.start() for m in _odd_pattern().finditer(text)]
    dense = [at[i] for i in range(len(at) - n + 1) if at[i + n - 1] - at[i] < width]
    if not dense:
        return None
    line = (text.rfind("\n", 0, dense[0]) + 1, len(text))
    end = min((k for k in (text.find("\n", dense[0]), text.find("\r", dense[0])) if k >= 0), default=len(text))
    return Diagnostic(Code.DECODE_LOW_CONFIDENCE,
                      f"{len(at)} odd characters in {len(text)} when read as GB18030, some in dense stretches: "
                      "mixed encodings? (UTF-8 or Big5 lines in a GB18030 file); the first is at the span given",
                      (max(line[0], text.rfind("\r", 0, dense[0]) + 1), end))


def _decodes(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
        return True
    except UnicodeDecodeError:
        return False


def _mixed(data: bytes) -> bool:
    """True when every line decodes as UTF-8 or as GB18030 but the whole does not as either."""
    lines = re.split(rb"\r\n|\r|\n", data)
    kinds = set()
    for line in lines:
        if line.isascii():
            continue
        if _decodes(line, "utf-8"):
            kinds.add("utf-8")
        elif _decodes(line, "gb18030"):
            kinds.add("gb18030")
        else:
            return False
    return kinds == {"utf-8", "gb18030"}


def _fail(name: str, why: str):
    raise DecodeError(f"{name}: not a text file ({why}); tried {', '.join(ENCODINGS)}; "
                      "pass --encoding if you know it")
