"""The pipeline: decode (or convert HTML/DOCX/PDF) -> normalise -> split -> per document: meta, tables, sections, targets, duties."""
from __future__ import annotations

import contextlib
import gc
import hashlib
import os

from .assemble import assemble, to_document, to_model
from .checks import document_checks, file_checks
from .convert import to_text
from .diagnostics import Code, Diagnostic, InputError
from .lines import LineIndex
from .meta import extract_meta
from .models import ParseResult, Warning_
from .records import Text
from .normalize import normalize
from .outline import SectionIndex
from .responsibilities import extract_responsibilities
from .sections import build_sections
from .split import split_documents
from .tables import parse_tables
from .targets import extract_targets

MAX_BYTES = 50 * 1024 * 1024


@contextlib.contextmanager
def _no_cyclic_gc():
    """A parse allocates many short-lived acyclic objects; the cyclic collector's repeated passes over
    them cost about half the time on heading-dense inputs (measured: 3.9 s -> 2.0 s for 10^5 headings)
    and nothing is freed by them. Reference counting still frees everything; the collector is
    re-enabled (if it was on) when the parse ends."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def parse_text(text: str, *, path: str | None = None, encoding: str = "str",
               sha256: str | None = None) -> ParseResult:
    """Parse one decoded text (which may hold several documents)."""
    with _no_cyclic_gc():
        return _parse(text, path=path, encoding=encoding, sha256=sha256)


def _parse(text: str, *, path: str | None, encoding: str, sha256: str | None) -> ParseResult:
    t = Text(text, normalize(text))                          # len(t.norm) == len(text)
    lines = LineIndex(t.norm)                                # \n, \r\n and \r: built once, handed on
    split = split_documents(t)
    documents, warnings = [], list(split.warnings)
    if not text.strip():
        warnings.append(Diagnostic(Code.INPUT_EMPTY, "the input holds no text (empty or only white space)"))
    contents = []                                            # (sections, targets) per document
    for n, doc in enumerate(split.items, 1):
        document, records = _document(t, lines, f"d{n}", doc, warnings)
        documents.append(to_document(document))            # validated now: the dict goes at once
        contents.append(records)
    warnings += file_checks(t, split.items, contents)
    sha = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return to_model(text, documents, split.noise, warnings, path=path, encoding=encoding, sha256=sha)


def _document(t: Text, lines: LineIndex, doc_id: str, doc, warnings: list) -> tuple[dict, tuple]:
    """The stages over one document: the document assembled as a plain dict (validated by the caller at
    once: a heading-dense text holds 10^5 sections, and every document's dict alive until the end was the
    peak of memory) and its (sections, targets) for the checks across documents."""
    meta = extract_meta(t, doc.span)
    tables = parse_tables(t, doc.span)
    sections = build_sections(t, doc.span, tables.items, lines=lines)
    index = SectionIndex(sections.items)                    # built once, handed to every stage
    targets = extract_targets(t, doc.span, index, tables.items, doc_year=meta.year)
    duties = extract_responsibilities(t, doc.span, index, tables.items, lines=lines)
    warnings += [*tables.warnings, *sections.warnings, *targets.warnings, *duties.warnings,
                 *document_checks(t, doc.span, meta, sections.items, tables.items, targets.items, duties.items)]
    return (assemble(t.raw, doc_id, doc, meta, index, tables.items, targets.items, duties.items),
            (sections.items, targets.items))


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
