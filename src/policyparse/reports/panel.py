"""The researcher's panel: one row per document, one column per indicator_key (`policyparse panel`).

Reads: document rows and target rows (rows.py). Writes: nothing. Raises: nothing.

Which target fills a cell, when a document has several for one key:
1. by default only headline targets (SPEC §4: the passage a document introduces as its main targets)
   are candidates; with `all_targets` every target is;
2. among the candidates, a headline target first; else one whose year is the document's year (this
   year's target, not a five-year-plan target quoted before it); else the first in document order.
The long form says how many candidates there were (`candidates`), so a choice can be checked.

Wide form: file, document_id, place, year, title, then per key `<key>` (the value as the text states
it: 5左右, 6.5-7, ≥6) and the machine columns `<key>.value`, `<key>.value_max`, `<key>.qualifier`,
`<key>.unit`, `<key>.year`. Long form: one row per (document, key) that has a value.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from .indicators import key_names

PANEL_FIELDS = ("file", "document_id", "place", "year", "title")
CELL_FIELDS = ("value", "value_max", "qualifier", "unit", "year")
LONG_FIELDS = PANEL_FIELDS + ("indicator_key", "indicator_name", "stated", "value", "value_max", "qualifier",
                              "unit", "target_year", "headline", "indicator", "line", "text", "candidates")


def pick(candidates: Sequence[dict], document_year: int | None) -> dict:
    """The target row that fills a cell (see the module docstring).

    >>> rows = [{"headline": False, "year": 2020, "stated": "≥6.5"}, {"headline": False, "year": 2016,
    ...         "stated": "6.5-7"}, {"headline": True, "year": 2016, "stated": "6.5-7左右"}]
    >>> pick(rows, 2016)["stated"], pick(rows[:2], 2016)["stated"], pick(rows[:1], 2016)["stated"]
    ('6.5-7左右', '6.5-7', '≥6.5')
    """
    for r in candidates:
        if r["headline"]:
            return r
    for r in candidates:
        if document_year is not None and r["year"] == document_year:
            return r
    return candidates[0]


def cells(documents: Sequence[dict], targets: Iterable[dict], *, all_targets: bool = False
          ) -> dict[tuple[str, str], dict[str, tuple[dict, int]]]:
    """(file, document_id) -> key -> (the chosen target row, how many candidates there were)."""
    by_doc: dict[tuple[str, str], dict[str, list[dict]]] = {}
    for t in targets:
        if t["indicator_key"] and (all_targets or t["headline"]):
            by_doc.setdefault((t["file"], t["document_id"]), {}).setdefault(t["indicator_key"], []).append(t)
    years = {(d["file"], d["document_id"]): d["year"] for d in documents}
    return {doc: {k: (pick(c, years.get(doc)), len(c)) for k, c in keys.items()} for doc, keys in by_doc.items()}


def panel_keys(found: dict, keys: Sequence[str] | None = None) -> list[str]:
    """The key columns: `keys` as given, else every key with a cell, in the vocabulary's order."""
    if keys:
        return list(keys)
    used = {k for per_doc in found.values() for k in per_doc}
    return [k for k in key_names() if k in used]


def wide(documents: Sequence[dict], targets: Iterable[dict], *, all_targets: bool = False,
         keys: Sequence[str] | None = None) -> tuple[list[str], list[list]]:
    """The panel, one row per document: (header, rows).

    >>> docs = [{"file": "a.txt", "document_id": "d1", "place": "全国", "year": 2024, "title": "政府工作报告",
    ...          "issuer": "国务院", "date": "2024-03-05"}]
    >>> t = {"file": "a.txt", "document_id": "d1", "indicator_key": "gdp_growth", "headline": True,
    ...      "year": 2024, "stated": "5左右", "value": 5.0, "value_max": None, "qualifier": "approx", "unit": "%"}
    >>> header, rows = wide(docs, [t])
    >>> header[5:8]
    ['gdp_growth', 'gdp_growth.value', 'gdp_growth.value_max']
    >>> rows[0][:7]
    ['a.txt', 'd1', '全国', 2024, '政府工作报告', '5左右', 5.0]
    """
    found = cells(documents, targets, all_targets=all_targets)
    columns = panel_keys(found, keys)
    header = list(PANEL_FIELDS) + [c for k in columns for c in (k, *(f"{k}.{f}" for f in CELL_FIELDS))]
    rows = []
    for d in documents:
        per_doc = found.get((d["file"], d["document_id"]), {})
        row = [d[f] for f in PANEL_FIELDS]
        for k in columns:
            t = per_doc.get(k, (None, 0))[0]
            row += [t["stated"], *(t[f] for f in CELL_FIELDS)] if t else [None] * (1 + len(CELL_FIELDS))
        rows.append(row)
    return header, rows


def long(documents: Sequence[dict], targets: Iterable[dict], *, all_targets: bool = False,
         keys: Sequence[str] | None = None) -> tuple[list[str], list[list]]:
    """The panel, one row per (document, key) with a value: (LONG_FIELDS, rows)."""
    found = cells(documents, targets, all_targets=all_targets)
    columns = panel_keys(found, keys)
    names = key_names()
    rows = []
    for d in documents:
        per_doc = found.get((d["file"], d["document_id"]), {})
        for k in columns:
            if k not in per_doc:
                continue
            t, n = per_doc[k]
            rows.append([d[f] for f in PANEL_FIELDS] + [
                k, names.get(k), t["stated"], t["value"], t["value_max"], t["qualifier"], t["unit"], t["year"],
                t["headline"], t.get("indicator"), t.get("line"), t.get("text"), n])
    return list(LONG_FIELDS), rows

