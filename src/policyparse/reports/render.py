"""Writers for flat tables: CSV (optionally with a UTF-8 BOM), JSON Lines, .xlsx, and a terminal table.

A table is (header, rows), rows being lists in header order; None is an empty cell. The same table
goes to every format, so the columns never differ between csv, jsonl and xlsx.

Why XlsxWriter for .xlsx (measured here, Python 3.11, 20 000 rows x 8 columns of Chinese text):
XlsxWriter 3.3 installs 1.9 MB with no dependencies, imports in ~48 ms and writes in 0.87 s; openpyxl
3.1 installs 3.1 MB plus et-xmlfile, imports in ~85 ms and writes in 1.2 s (write-only mode). Both are
maintained; we only write, which is what XlsxWriter does. The tests read the files back with
openpyxl, a second, independent implementation (a test dependency only).
"""
from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence

BOM = "\ufeff"
XLSX_MAX_ROWS = 1_048_576          # Excel's sheet limit (header included)


def _plain(v):
    """A cell for CSV: None -> "", floats without a needless .0 (5.0 -> 5), bools as true/false."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return v


def csv_text(header: Sequence[str], rows: Iterable[Sequence], *, bom: bool = False) -> str:
    """CSV text; with `bom`, a UTF-8 BOM first, so Excel on Chinese Windows reads it as UTF-8.

    >>> csv_text(["地区", "gdp_growth"], [["山东省", 5.0], ["全国", None]], bom=True)
    '\\ufeff地区,gdp_growth\\n山东省,5\\n全国,\\n'
    """
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([_plain(v) for v in r])
    return buf.getvalue()


def jsonl_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """One JSON object a line, keys in header order, null for empty cells.

    >>> jsonl_text(["a", "b"], [[1, None]])
    '{"a": 1, "b": null}\\n'
    """
    return "".join(json.dumps(dict(zip(header, r)), ensure_ascii=False) + "\n" for r in rows)


def _width(v) -> int:
    """Display width of a cell: CJK characters count two."""
    s = str(v)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence]]]) -> bytes:
    """An .xlsx workbook, one sheet per (name, header, rows): numbers as numbers, a bold frozen
    header row with a filter, column widths fitted to the first 200 rows (CJK counted double)."""
    import xlsxwriter
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False,
                                     "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    for name, header, rows in sheets:
        rows = list(rows)
        if len(rows) + 1 > XLSX_MAX_ROWS:
            raise ValueError(f"{len(rows)} rows do not fit one Excel sheet (at most {XLSX_MAX_ROWS - 1}); "
                             "use --format csv or jsonl")
        sheet = book.add_worksheet(name[:31])
        sheet.write_row(0, 0, list(header), bold)
        for i, row in enumerate(rows, 1):
            for j, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, bool):
                    sheet.write_boolean(i, j, v)
                elif isinstance(v, (int, float)) and math.isfinite(v):
                    sheet.write_number(i, j, v)
                else:
                    sheet.write_string(i, j, str(v))
        for j, h in enumerate(header):
            widest = max([_width(h)] + [_width(r[j]) for r in rows[:200] if r[j] is not None])
            sheet.set_column(j, j, min(60, max(6, widest + 2)))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(1, len(rows)), max(0, len(header) - 1))
    book.close()
    return buf.getvalue()


def rich_table(header: Sequence[str], rows: Iterable[Sequence], *, right: Sequence[str] = ()):
    r"""A rich Table of the chosen columns (long cells fold; `right` columns right-aligned; true is ✓).
    Every title and cell is terminal-safe: escape sequences and bidi controls in a document's text are
    shown (\x1b, \u202e), never sent to the terminal (print it with markup=False).

    >>> from io import StringIO
    >>> from rich.console import Console
    >>> c = Console(width=40, color_system=None, file=StringIO())
    >>> c.print(rich_table(["title"], [["标题\x1b[2J\u202e"]]), markup=False)
    >>> "\x1b" in c.file.getvalue(), "标题\\x1b[2J\\u202e" in c.file.getvalue()
    (False, True)
    """
    from rich.table import Table
    from ..output import terminal_safe
    table = Table(show_header=True, header_style="bold", show_lines=False)
    for h in header:
        table.add_column(terminal_safe(h), justify="right" if h in right else "left", overflow="fold")
    for r in rows:
        table.add_row(*("" if v is None or v is False else "✓" if v is True else terminal_safe(str(_plain(v)))
                        for v in r))
    return table


def zh_header(header: Sequence[str]) -> list[str]:
    """Chinese column titles (data/reports/labels.yaml; a key column takes its key's Chinese name).

    >>> zh_header(["place", "gdp_growth", "gdp_growth.value", "nonesuch"])
    ['地区', '地区生产总值增长', '地区生产总值增长.数值', 'nonesuch']
    """
    from ..lexicons import load_map
    from .indicators import key_names
    labels = load_map("reports/labels.yaml")
    names = key_names()
    out = []
    for h in header:
        key, _, part = h.partition(".")
        if key in names:
            out.append(names[key] + (f".{labels['cell'].get(part, part)}" if part else ""))
        else:
            out.append(labels["fields"].get(h, h))
    return out


def payload(fmt: str, header: Sequence[str], rows: Sequence[Sequence], *, bom: bool = False,
            sheet: str = "data", extra_sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence]]] = ()
            ) -> str | bytes:
    """The table in `fmt` (csv, jsonl: text; xlsx: bytes).

    >>> payload("jsonl", ["a"], [[1]]), payload("csv", ["a"], [[1]], bom=True)
    ('{"a": 1}\\n', '\\ufeffa\\n1\\n')
    """
    if fmt == "csv":
        return csv_text(header, rows, bom=bom)
    if fmt == "jsonl":
        return jsonl_text(header, rows)
    if fmt == "xlsx":
        return xlsx_bytes([(sheet, header, rows), *extra_sheets])
    raise ValueError(f"unknown format {fmt!r}")
