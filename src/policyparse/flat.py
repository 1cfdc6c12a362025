"""Flat tables of ParseResults: one row per file, document, section, target, responsibility, table,
table cell and warning, the shape Parquet, pandas, polars and DuckDB read.

The columns mirror the JSON contract (SPEC §2): every field of every item is a column, a span
[start, end) becomes `span_start`/`span_end`, the section tree becomes rows with `parent_id`, `level`
and `ordinal` (document order), and each row carries the keys that join the tables: `file` and
`document_id` (and `table_id` for cells). The `targets` table is the corpus table of reports/rows.py
(document title, issuer, place, date and year, section path, line, headline, indicator_key, stated
value …, the rows `policyparse targets` writes as CSV) plus the contract's section_id and baseline, so
that it reads on its own; like there, its `text` has runs of whitespace folded to one space and its
`unit` is width-folded (the span columns point at the characters as printed). A file that could not be
parsed is one `files` row with `ok = false` and its `error`: never dropped.

Reads: ParseResults (and, optionally, the decoded text their spans index, for line numbers). Writes:
nothing. No pyarrow here: the column types are named (`string`, `int64`, …) and parquet.py maps them.

>>> from policyparse.pipeline import parse_text
>>> text = "关于加快发展的意见\\n一、发展目标\\n到2025年，全市软件业务收入达100亿元以上（牵头单位：市经济信息委）。\\n"
>>> t = rows("a.txt", parse_text(text), text)
>>> [len(t[name]) for name in TABLES], TABLES[:4]
([1, 1, 1, 1, 1, 0, 0, 0], ('files', 'documents', 'sections', 'targets'))
>>> r = t["targets"][0]
>>> (r["line"], r["section"], r["indicator"], r["value"], r["unit"], r["qualifier"], r["year"])
(3, '一、发展目标', '软件业务收入', 100.0, '亿元', 'at_least', 2025)
"""
from __future__ import annotations

from collections.abc import Sequence

from .reports.rows import document_place, target_rows

# Column names and types, per table, in order. Types: string, bool, int32, int64, float64,
# list<string>, list<span> (a list of {start, end}). Every column is nullable unless named in KEYS.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "files": (
        ("file", "string"), ("ok", "bool"), ("error", "string"),
        ("schema_version", "string"), ("sha256", "string"), ("encoding", "string"), ("chars", "int64"),
        ("format", "string"), ("text_sha256", "string"),
        ("documents", "int32"), ("warnings", "int32"), ("noise", "list<span>"),
    ),
    "documents": (
        ("file", "string"), ("document_id", "string"), ("title", "string"), ("alt_titles", "list<string>"),
        ("doc_number", "string"), ("issuer", "string"), ("date", "string"), ("recipients", "string"),
        ("year", "int32"), ("place", "string"), ("span_start", "int64"), ("span_end", "int64"),
        ("sections", "int32"), ("targets", "int32"), ("responsibilities", "int32"), ("tables", "int32"),
    ),
    "sections": (
        ("file", "string"), ("document_id", "string"), ("section_id", "string"), ("parent_id", "string"),
        ("ordinal", "int32"), ("level", "int32"), ("marker", "string"), ("title", "string"), ("path", "string"),
        ("span_start", "int64"), ("span_end", "int64"), ("title_start", "int64"), ("title_end", "int64"),
    ),
    # the corpus table's columns (reports/rows.py TARGET_FIELDS, the rows of `policyparse targets`), plus
    # the contract's section_id and baseline
    "targets": (
        ("file", "string"), ("document_id", "string"), ("title", "string"), ("issuer", "string"),
        ("place", "string"), ("date", "string"), ("document_year", "int32"),
        ("section_id", "string"), ("section", "string"), ("line", "int32"),
        ("span_start", "int64"), ("span_end", "int64"), ("value_start", "int64"), ("value_end", "int64"),
        ("target_id", "string"), ("headline", "bool"), ("year", "int32"), ("indicator", "string"),
        ("indicator_key", "string"), ("indicator_name", "string"), ("value", "float64"), ("value_max", "float64"),
        ("unit", "string"), ("qualifier", "string"), ("stated", "string"), ("normalized_value", "float64"),
        ("normalized_unit", "string"), ("direction", "string"), ("kind", "string"),
        ("baseline_year", "int32"), ("baseline_value", "float64"), ("text", "string"),
    ),
    "responsibilities": (
        ("file", "string"), ("document_id", "string"), ("responsibility_id", "string"), ("section_id", "string"),
        ("section", "string"), ("task", "string"), ("lead", "list<string>"), ("support", "list<string>"),
        ("text", "string"), ("span_start", "int64"), ("span_end", "int64"),
    ),
    "tables": (
        ("file", "string"), ("document_id", "string"), ("table_id", "string"), ("label", "string"),
        ("title", "string"), ("section_id", "string"), ("section", "string"), ("columns", "list<string>"),
        ("rows", "int32"), ("items", "list<string>"), ("note", "string"),
        ("span_start", "int64"), ("span_end", "int64"),
    ),
    "table_cells": (
        ("file", "string"), ("document_id", "string"), ("table_id", "string"), ("row", "int32"),
        ("column", "int32"), ("column_name", "string"), ("value", "string"),
    ),
    "warnings": (
        ("file", "string"), ("code", "string"), ("message", "string"), ("span_start", "int64"), ("span_end", "int64"),
    ),
}
TABLES = tuple(COLUMNS)
KEYS = {"file", "ok"}            # never null
# What identifies a row (and sorts a table the same way whichever engine or partitioning wrote it).
ORDER: dict[str, tuple[str, ...]] = {
    "files": ("file",), "documents": ("file", "document_id"),
    "sections": ("file", "document_id", "ordinal"), "targets": ("file", "document_id", "span_start", "target_id"),
    "responsibilities": ("file", "document_id", "span_start", "responsibility_id"),
    "tables": ("file", "document_id", "table_id"), "table_cells": ("file", "document_id", "table_id", "row", "column"),
    "warnings": ("file", "span_start", "code", "message"),
}

def empty() -> dict[str, list[dict]]:
    return {name: [] for name in TABLES}


def failed(file: str, error: str) -> dict[str, list[dict]]:
    """The rows of a file that could not be parsed: one `files` row saying why.

    >>> failed("x.txt", "x.txt: not a text file")["files"][0]["error"]
    'x.txt: not a text file'
    """
    out = empty()
    out["files"].append(_row("files", file=file, ok=False, error=error))
    return out


def rows(file: str, result, text: str | None = None) -> dict[str, list[dict]]:
    """Every table's rows for one ParseResult. `text` (the decoded text the spans index) gives the
    targets their `line`; without it, or when it is not that text, `line` is null."""
    if text is not None and len(text) != result.source.chars:
        text = None
    src = result.source
    out = empty()
    out["files"].append(_row(
        "files", file=file, ok=True, schema_version=result.schema_version, sha256=src.sha256,
        encoding=src.encoding, chars=src.chars, format=src.format, text_sha256=src.text_sha256,
        documents=len(result.documents), warnings=len(result.warnings),
        noise=[{"start": s, "end": e} for s, e in result.noise]))
    for w in result.warnings:
        s, e = w.span if w.span is not None else (None, None)
        out["warnings"].append(_row("warnings", file=file, code=w.code, message=w.message, span_start=s, span_end=e))
    for doc in result.documents:
        _document(out, file, doc, text)
    # the corpus table's rows, as `policyparse targets` and the panel build them
    items = {(doc.id, t.id): t for doc in result.documents for t in doc.targets}
    for r in target_rows(file, result, text):
        t = items[r["document_id"], r["target_id"]]
        out["targets"].append(_row("targets", **r, section_id=t.section_id,
                                   baseline_year=t.baseline.year if t.baseline else None,
                                   baseline_value=t.baseline.value if t.baseline else None))
    return out


def _document(out: dict[str, list[dict]], file: str, doc, text: str | None) -> None:
    d = doc.id
    paths = _sections(out["sections"], file, d, doc.sections)
    out["documents"].append(_row(
        "documents", file=file, document_id=d, title=doc.title, alt_titles=list(doc.alt_titles),
        doc_number=doc.doc_number, issuer=doc.issuer, date=doc.date, recipients=doc.recipients, year=doc.year,
        place=document_place(doc, text), span_start=doc.span[0], span_end=doc.span[1], sections=len(paths),
        targets=len(doc.targets), responsibilities=len(doc.responsibilities), tables=len(doc.tables)))
    for r in doc.responsibilities:
        out["responsibilities"].append(_row(
            "responsibilities", file=file, document_id=d, responsibility_id=r.id, section_id=r.section_id,
            section=paths.get(r.section_id or ""), task=r.task, lead=list(r.lead), support=list(r.support),
            text=r.text, span_start=r.span[0], span_end=r.span[1]))
    for tb in doc.tables:
        out["tables"].append(_row(
            "tables", file=file, document_id=d, table_id=tb.id, label=tb.label, title=tb.title,
            section_id=tb.section_id, section=paths.get(tb.section_id or ""), columns=list(tb.columns),
            rows=len(tb.rows), items=list(tb.items), note=tb.note, span_start=tb.span[0], span_end=tb.span[1]))
        for i, row in enumerate(tb.rows, 1):
            for c, value in enumerate(row):
                out["table_cells"].append(_row(
                    "table_cells", file=file, document_id=d, table_id=tb.id, row=i, column=c,
                    column_name=tb.columns[c] if c < len(tb.columns) else None, value=value))


def _sections(out: list[dict], file: str, doc_id: str, nodes: Sequence) -> dict[str, str]:
    """Append the section rows (document order) and return section id -> path ("一、… > （一）…")."""
    paths: dict[str, str] = {}
    stack = [(n, None, "") for n in reversed(nodes)]
    while stack:
        n, parent, prefix = stack.pop()
        label = f"{n.marker}{n.title}".strip()
        paths[n.id] = path = f"{prefix} > {label}" if prefix else label
        out.append(_row("sections", file=file, document_id=doc_id, section_id=n.id, parent_id=parent,
                        ordinal=len(paths), level=n.level, marker=n.marker, title=n.title, path=path,
                        span_start=n.span[0], span_end=n.span[1], title_start=n.title_span[0],
                        title_end=n.title_span[1]))
        stack.extend((c, n.id, path) for c in reversed(n.children))
    return paths


_NAMES = {table: frozenset(name for name, _ in cols) for table, cols in COLUMNS.items()}


def _row(table: str, **values) -> dict:
    """A row with every column of `table` (missing ones null), in column order."""
    assert values.keys() <= _NAMES[table], f"not a column of {table}: {set(values) - _NAMES[table]}"
    return {name: values.get(name) for name, _ in COLUMNS[table]}
