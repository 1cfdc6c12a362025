"""The pipeline: normalise -> split -> per document: meta, tables, sections, targets, duties, checks -> assemble
(each document validated at once). Bytes and files are read by reading.py."""
from __future__ import annotations

from .assemble import assemble, let_go, to_document, to_model
from .checks import EMPTY_INPUT, document_checks, file_checks
from .lines import LineIndex
from .meta import extract_meta
from .models import ParseResult
from .normalize import normalize
from .outline import SectionIndex
from .records import Text
from .responsibilities import extract_responsibilities
from .runtime import no_cyclic_gc
from .sections import build_sections
from .split import split_documents
from .tables import parse_tables
from .targets import extract_targets


def parse_text(text: str, *, path: str | None = None, encoding: str = "str", sha256: str | None = None) -> ParseResult:
    """Parse one decoded text (which may hold several documents); every span indexes `text`."""
    with no_cyclic_gc():
        t = Text(text, normalize(text))                     # len(t.norm) == len(text)
        lines = LineIndex(t.norm)                           # line ends found once, handed on
        split = split_documents(t, lines)
        documents, warnings = [], [*split.warnings, *([] if text.strip() else [EMPTY_INPUT])]
        for n, doc in enumerate(split.items, 1):
            meta, tables = extract_meta(t, doc.span, lines), parse_tables(t, doc.span)
            sections = build_sections(t, doc.span, tables.items, lines=lines)
            index = SectionIndex(sections.items)            # built once, handed to every stage
            targets = extract_targets(t, doc.span, index, tables.items, doc_year=meta.year, lines=lines)
            duties = extract_responsibilities(t, doc.span, index, tables.items, lines=lines)
            warnings += [*tables.warnings, *sections.warnings, *targets.warnings, *duties.warnings, *document_checks(
                t, doc.span, meta, sections.items, tables.items, targets.items, duties.items)]
            hits, targets = let_go([*targets.items]), None  # validated one by one, let go: peak memory on dense text
            documents.append(to_document(assemble(text, f"d{n}", doc, meta, index, tables.items, hits, duties.items)))
        warnings += file_checks(t, split.items, [(bool(d.sections), bool(d.targets)) for d in documents])
        return to_model(text, documents, split.noise, warnings, path=path, encoding=encoding, sha256=sha256)
