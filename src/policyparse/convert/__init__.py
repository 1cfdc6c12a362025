"""Bytes of another format -> the text that spans index: HTML pages, .docx files, text-layer PDFs.

Reads: the input bytes (and its name, as a hint only). Writes: nothing. Raises: InputError for a file
of a known format that cannot be turned into text (a scanned PDF, a password, an old .doc, a broken
archive). Content is never judged here: the stages that follow classify every line.

The format is found from the bytes (`detect`): "%PDF-" near the start; a ZIP archive holding
word/document.xml; markup that opens like a page (<!DOCTYPE html>, <html>, <head>, <meta>, <body>,
after any BOM, white space, <?xml?> and <!-- comments -->). The name's extension only decides a close
call: a file named .htm/.html that opens with any tag. Everything else is plain text for decode.py.

The libraries behind each format (lxml, pypdfium2) are imported only when an input of that format
arrives, so plain-text parsing and `policyparse --version` never pay for them.

>>> detect(b"<!DOCTYPE html><html><body><p>x</p></body></html>"), detect("一、总体要求".encode())
('html', None)
>>> detect(b"<!-- comment -->\\n# \\xe6\\xa0\\x87\\xe9\\xa2\\x98")   # a Markdown copy with a comment: text
>>> detect(b"<p>a</p>", "page.htm"), detect(b"%PDF-1.7\\n..."), detect(b"PK\\x03\\x04...")
('html', 'pdf', 'zip')
"""
from __future__ import annotations

import re

from ..diagnostics import InputError
from .result import Converted


# What a page's first tag looks like, after a BOM, white space, an XML declaration and comments
# (a page saved by IE starts with <!-- saved from url=(0045)http://... -->).
_PAGE_START = re.compile(rb"""
    \A (?: \xef\xbb\xbf )?                          # UTF-8 BOM
    (?: \s | <\?xml[^>]{0,200}\?> | <!--.{0,2000}?--> )*   # declaration, comments
    < (?: !doctype\s+html | html | head | meta | body | title ) [\s>/]
""", re.VERBOSE | re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s|<!--.{0,2000}?-->)*<[a-zA-Z!]", re.DOTALL)
_UTF16_PAGE = re.compile(r"\A\ufeff?\s*<(?:!doctype\s+html|html|head|meta|body)[\s>/]", re.IGNORECASE)
_HTML_EXT = (".htm", ".html", ".shtml", ".xhtml", ".mht")

_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # the old binary Office formats (.doc, .wps, .xls)


def detect(data: bytes, name: str | None = None) -> str | None:
    """"html", "pdf", "zip", "ole2" from the content (the name only breaks a tie for HTML); None: text."""
    head = data[:4096]
    if _PDF_HEADER.search(data[:1024]):         # the header may follow up to 1 KB of junk (ISO 32000 7.5.2)
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(OLE2):
        return "ole2"
    if _PAGE_START.match(head):
        return "html"
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):          # a page saved as UTF-16 (Notepad "Unicode")
        try:
            if _UTF16_PAGE.match(head[:512].decode("utf-16", errors="ignore")):
                return "html"
        except UnicodeError:
            pass
    if name and name.lower().endswith(_HTML_EXT) and _ANY_TAG.match(head):
        return "html"
    return None


def to_text(data: bytes, encoding: str = "auto", *, name: str | None = None) -> Converted:
    """The text that spans index, for any input: converted (HTML, DOCX, PDF) or decoded (plain text,
    format "text"). `policyparse text` prints it and parse_bytes parses it, so the two always agree."""
    converted = convert(data, name, encoding=encoding)
    if converted is not None:
        return converted
    from ..decode import decode
    decoded = decode(data, encoding, name=name or "<input>")
    return Converted(decoded.text, "text", decoded.encoding, warnings=decoded.warnings)


def convert(data: bytes, name: str | None = None, *, encoding: str = "auto") -> Converted | None:
    """Turn an HTML page, a .docx or a text-layer PDF into text; None for anything else (plain text,
    decoded by decode.py as before). Raises InputError for a known format that yields no text.
    `encoding` (other than "auto") is the charset of an HTML page; the other formats say their own."""
    label = name or "<input>"
    kind = detect(data, name)
    if kind is None:
        return None
    if kind == "pdf":
        from .pdf import pdf_to_text
        return pdf_to_text(data, label)
    if kind == "html":
        from .html import html_to_text
        return html_to_text(data, label, encoding=encoding)
    if kind == "ole2":
        raise InputError(f"{label}: an old binary Office file (.doc/.wps/.xls), which policyparse cannot "
                         "read; save it as .docx (or PDF) and parse that")
    from .docx import docx_to_text, is_docx
    if not is_docx(data, label):
        raise InputError(f"{label}: a ZIP archive that is not a .docx (no word/document.xml); "
                         "save the document as .docx, HTML or PDF and parse that")
    return docx_to_text(data, label)
