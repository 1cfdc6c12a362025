"""Flat rows of targets for reports (moves to the reports module)."""
from __future__ import annotations


ROW_FIELDS = ("file", "document", "section", "year", "indicator", "value", "value_max", "unit", "qualifier",
              "normalized_value", "normalized_unit", "direction", "kind", "quote")


def target_rows(path: str, result) -> list[dict]:
    """One flat row per target of a ParseResult (for `policyparse targets`): document title, section path,
    the contract fields, the normalised value and the quote.

    >>> from policyparse.pipeline import parse_text
    >>> rows = target_rows("a.txt", parse_text("到2025年，全区软件业务收入达1.4万亿元以上。"))
    >>> [(r["year"], r["indicator"], r["value"], r["unit"], r["qualifier"], r["normalized_value"]) for r in rows]
    [(2025, '软件业务收入', 1.4, '万亿元', 'at_least', 1400000000000.0)]
    """
    rows = []
    for doc in result.documents:
        paths: dict[str, str] = {}

        def walk(nodes, prefix: str) -> None:
            for n in nodes:
                label = f"{n.marker}{n.title}".strip()
                paths[n.id] = f"{prefix} > {label}" if prefix else label
                walk(n.children, paths[n.id])

        walk(doc.sections, "")
        for tg in doc.targets:
            norm = tg.normalized
            rows.append({
                "file": path, "document": doc.title or "", "section": paths.get(tg.section_id or "", ""),
                "year": tg.year, "indicator": tg.indicator, "value": tg.value, "value_max": tg.value_max,
                "unit": tg.unit, "qualifier": tg.qualifier,
                "normalized_value": norm.value if norm else None, "normalized_unit": norm.unit if norm else None,
                "direction": tg.direction, "kind": tg.kind, "quote": " ".join(tg.text.split())})
    return rows

