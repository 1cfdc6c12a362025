"""Flat rows of a ParseResult: one per document, one per target (the `targets` command, the panel,
and any flat-table writer such as Parquet later). Every row of one kind has the same fields, in the
same order, whatever the output format.

Reads: a ParseResult (the output contract) and, optionally, the decoded text its spans index (for
line numbers and the head text `place` falls back on). Writes: nothing. Raises: nothing on content.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

from ..normalize import normalize
from ..place import place_of
from .indicators import indicator_key, key_names
from ..lexicons import compile_on_use

DOCUMENT_FIELDS = ("file", "document_id", "place", "year", "title", "issuer", "date")

TARGET_FIELDS = (
    "file", "document_id", "title", "issuer", "place", "date", "document_year",   # the document
    "section", "line", "span_start", "span_end", "value_start", "value_end",       # where
    "target_id", "headline", "year", "indicator", "indicator_key", "indicator_name",
    "value", "value_max", "unit", "qualifier", "stated",                         # the target
    "normalized_value", "normalized_unit", "direction", "kind", "text",
)

HEAD_CHARS = 3000          # the head text place_of reads when a document has no place of its own
LINE_BREAK_RE = compile_on_use(r"\r\n|\r|\n")


class Lines:
    """1-based line numbers of offsets into one text (\\n, \\r\\n and a lone \\r each end a line).

    >>> Lines("a\\r\\nb\\rc\\nd").line(7)
    4
    """

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in LINE_BREAK_RE.finditer(text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def number(v: float | None) -> str:
    """A value as a person writes it: no trailing .0, no exponent.

    >>> number(5.0), number(7.5), number(12000000.0), number(0.000012)
    ('5', '7.5', '12000000', '0.000012')
    """
    if v is None:
        return ""
    text = f"{v:.12f}".rstrip("0").rstrip(".")
    return text or "0"


def _round(v: float) -> float:
    """A normalised value without float noise from the multiplier (4.06万亿 -> 4059999999999.9995).

    >>> _round(4059999999999.9995), _round(0.1 + 0.2)
    (4060000000000.0, 0.3)
    """
    return float(f"{v:.12g}")


def stated(value: float, value_max: float | None, qualifier: str) -> str:
    """The value as the text states it, without its unit: 5左右, 4.5-5, ≥5, ≤3.

    >>> stated(5, None, "approx"), stated(6.5, 7, "range"), stated(6, None, "at_least")
    ('5左右', '6.5-7', '≥6')
    >>> stated(3.5, None, "at_most"), stated(8, None, "point"), stated(8, 9, "approx")
    ('≤3.5', '8', '8-9左右')
    """
    text = number(value) if value_max is None else f"{number(value)}-{number(value_max)}"
    return {"approx": f"{text}左右", "at_least": f"≥{text}", "at_most": f"≤{text}"}.get(qualifier, text)


def section_paths(sections: Sequence) -> dict[str, str]:
    """Section id -> "marker title > marker title" from the outermost heading down.

    >>> from types import SimpleNamespace as S
    >>> tree = [S(id="s1", marker="一、", title="总体要求", children=[
    ...     S(id="s1.1", marker="（一）", title="发展目标", children=[])])]
    >>> section_paths(tree)["s1.1"]
    '一、总体要求 > （一）发展目标'
    """
    paths: dict[str, str] = {}
    stack = [(n, "") for n in reversed(sections)]
    while stack:
        n, prefix = stack.pop()
        label = f"{n.marker}{n.title}".strip()
        paths[n.id] = f"{prefix} > {label}" if prefix else label
        stack.extend((c, paths[n.id]) for c in reversed(n.children))
    return paths


def document_place(doc, text: str | None) -> str | None:
    """The document's `place`, or (while the pipeline leaves it null) what place_of finds."""
    if doc.place:
        return doc.place
    head = text[doc.span[0]:doc.span[0] + HEAD_CHARS] if text else None
    return place_of(doc.title, doc.issuer, head)


def _usable(result, text: str | None) -> str | None:
    """The text, if it is the one the result's spans index."""
    return text if text is not None and len(text) == result.source.chars else None


def document_rows(path: str, result, text: str | None = None) -> list[dict]:
    """One row per document: DOCUMENT_FIELDS."""
    text = _usable(result, text)
    return [dict(zip(DOCUMENT_FIELDS, (path, d.id, document_place(d, text), d.year, d.title, d.issuer, d.date)))
            for d in result.documents]


def target_rows(path: str, result, text: str | None = None) -> list[dict]:
    """One flat row per target of a ParseResult: TARGET_FIELDS.

    `text` is the decoded text the spans index (line numbers need it; without it `line` is None).
    Units are width-folded (％ -> %); `stated` is the value as the text states it (5左右, ≥6);
    `indicator_key` is the comparable indicator (null when none matches, see indicators.py).

    >>> from policyparse.pipeline import parse_text
    >>> text = "2026年山东省政府工作报告\\n今年主要预期目标是：全省生产总值增长6％左右。"
    >>> [r] = target_rows("a.txt", parse_text(text), text)
    >>> (r["place"], r["line"], r["indicator"], r["indicator_key"], r["unit"], r["stated"])
    ('山东省', 2, '生产总值增长', 'gdp_growth', '%', '6左右')
    """
    text = _usable(result, text)
    lines = Lines(text) if text is not None else None
    names = key_names()
    rows = []
    for doc in result.documents:
        paths = section_paths(doc.sections)
        place = document_place(doc, text)
        for t in doc.targets:
            unit = normalize(t.unit)
            key = indicator_key(t.indicator, unit, t.kind)
            norm = t.normalized
            rows.append(dict(zip(TARGET_FIELDS, (
                path, doc.id, doc.title, doc.issuer, place, doc.date, doc.year,
                paths.get(t.section_id or "", ""), lines.line(t.value_span[0]) if lines else None,
                t.span[0], t.span[1], t.value_span[0], t.value_span[1],
                t.id, t.headline, t.year, t.indicator, key, names.get(key) if key else None,
                t.value, t.value_max, unit, t.qualifier, stated(t.value, t.value_max, t.qualifier),
                _round(norm.value) if norm else None, norm.unit if norm else None, t.direction, t.kind,
                " ".join(t.text.split())))))
    return rows


def iter_cells(rows: Sequence[dict], fields: Sequence[str]) -> Iterator[list]:
    """The rows as lists in `fields` order (for CSV and spreadsheet writers)."""
    for r in rows:
        yield [r.get(f) for f in fields]
