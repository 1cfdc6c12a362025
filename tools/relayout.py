"""The real development set's gold tables re-laid in each layout SPEC §1 lists, and how much the parser
gets back: a robustness figure on real table content (only the layout is ours).

    python tools/relayout.py            # one line per layout: tables found, cells right
    python tools/relayout.py --misses   # and the tables each layout loses

Layouts: pipe (one row a line, " | "), tabs (one row a line, tabs), cells (one cell a line, a blank line
between cells), tabcells (one cell a line behind a tab, a blank line between rows). tests/test_relayout.py
gates the pipe layout, the one the HTML, .docx and PDF converters print.
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
GOLD = ROOT / "tests" / "real" / "gold"


def fold(s) -> str:
    return re.sub(r"\s+", "", str(s if s is not None else ""))


def layouts(cols: list, rows: list[list]):
    table = [cols] + rows
    yield "pipe", "\n".join(" | ".join(map(str, r)) for r in table)
    yield "tabs", "\n".join("\t".join(map(str, r)) for r in table)
    yield "cells", "\n\n".join("\n\n".join(map(str, r)) for r in table)
    yield "tabcells", "\n\n".join("\n".join("\t" + str(c) for c in r) for r in table)


def gold_tables():
    for f in sorted(GOLD.glob("*.yaml")):
        d = yaml.safe_load(f.read_text(encoding="utf-8"))
        for doc in d if isinstance(d, list) else d.get("documents", []):
            for t in doc.get("tables") or []:
                cols, rows = t.get("columns") or [], t.get("rows") or []
                if cols and rows and all(len(r) == len(cols) for r in rows):
                    yield f.stem, t


def measure(names=("pipe", "tabs", "cells", "tabcells")):
    """(tables found, tables, cells right, cells, misses) per layout name."""
    from policyparse.pipeline import parse_text
    tables, found, cells, ok = (collections.Counter() for _ in range(4))
    misses = collections.defaultdict(list)
    for stem, t in gold_tables():
        cols, rows = t["columns"], t["rows"]
        caption = f"{t['label']}　{t.get('title') or ''}" if t.get("label") else (t.get("title") or "附表")
        for name, body in layouts(cols, rows):
            if name not in names:
                continue
            text = f"一、总体要求\n推进各项工作。\n{caption}\n{body}\n\n二、保障措施\n加强组织领导。\n"
            got = [x for d in parse_text(text).documents for x in d.tables if len(x.columns) == len(cols)]
            tables[name] += 1
            cells[name] += len(cols) * len(rows)
            if not got:
                misses[name].append(f"{stem} ({len(cols)}x{len(rows)}): not found")
                continue
            found[name] += 1
            k = sum(fold(a) == fold(b) for gr, wr in zip(got[0].rows, rows) for a, b in zip(gr, wr))
            ok[name] += k
            if k < len(cols) * len(rows):
                misses[name].append(f"{stem} ({len(cols)}x{len(rows)}): {k} cells right")
    return found, tables, ok, cells, misses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    found, tables, ok, cells, misses = measure()
    for name in tables:
        print(f"{name:9s} tables found {found[name]}/{tables[name]}  cells {ok[name]}/{cells[name]} = "
              f"{ok[name] / cells[name]:.3f}")
        if args.misses:
            for m in misses[name]:
                print("   ", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
