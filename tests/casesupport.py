"""Table-driven cases: tests/cases/<stage>.yaml -> pytest params with ids.

A case with `status: known-failure` runs as xfail(strict=True): fixing it forces moving the case.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policyparse.normalize import normalize
from policyparse.records import SectionHit, TableHit, Text

CASES = Path(__file__).parent / "cases"


def load_cases(name: str) -> list:
    """pytest.param(case, id=case["id"]) for every case in tests/cases/<name>.yaml."""
    cases = yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8")) or []
    out = []
    for case in cases:
        marks = [pytest.mark.xfail(strict=True, reason=case.get("why", "known failure"))] \
            if case.get("status") == "known-failure" else []
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out


def load_rows(name: str, *id_fields: str) -> list:
    """pytest.param(row, id=...) for every row of tests/cases/<name>.yaml, a table whose rows have no id:
    the id joins the row's `id_fields` that are given (pytest numbers the ids that repeat)."""
    rows = yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8")) or []
    return [pytest.param(row, id="-".join(str(row[f]) for f in id_fields if row.get(f) is not None))
            for row in rows]


def case_input(case: dict, label: str | None = None) -> tuple[str, Text, list[SectionHit], list[TableHit]]:
    """The stage inputs a case describes: `text`, or a `table` {columns, rows, title?} laid out one row per line
    (cells joined by " | ", with row spans), and optionally a `title` (and its `marker`, e.g. 第十三条) for one
    section around the text."""
    tables: list[TableHit] = []
    if "table" in case:
        spec = case["table"]
        lines = [" | ".join(spec["columns"])] + [" | ".join(r) for r in spec["rows"]]
        text = "\n".join(lines)
        spans, pos = [], len(lines[0]) + 1
        for line in lines[1:]:
            spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        tables.append(TableHit(id="tb1", label=label, title=spec.get("title"), columns=tuple(spec["columns"]),
                               rows=tuple(tuple(r) for r in spec["rows"]), items=(), span=(0, len(text)),
                               row_spans=tuple(spans)))
    else:
        text = case["text"]
    sections: list[SectionHit] = []
    if "title" in case:
        i = max(text.find(case["title"]), 0)
        sections.append(SectionHit(id="s1", marker=case.get("marker", ""), level=1, title=case["title"], span=(0, len(text)),
                                   title_span=(i, i + len(case["title"])), own_end=len(text)))
    return text, Text(text, normalize(text)), sections, tables
