"""Views of parsed documents: `outline`, `units`, `tables`, `targets` (and the output helpers `panel` shares).

The rows come from the library (policyparse.reports); this module only parses options, feeds inputs
through and writes the table. Inputs go through `_inputs()`, the one place to switch to the shared batch
machinery (progress bar, --jobs, --quiet) when it lands.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ._app import app
from ._common import Parsed, table_suffix

PATHS_HELP = "Files, directories (every *.txt under them) or - for stdin."


class OutFmt(str, Enum):
    """Formats of the flat reports (`targets`, `units`, `panel`): the same columns in each."""

    auto = "auto"          # a table on a terminal, else CSV (with -o: from the file's extension)
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    xlsx = "xlsx"


class Labels(str, Enum):
    key = "key"
    zh = "zh"


def _inputs(paths: list[str], encoding: str, *, text: bool = False):
    """(inputs, iterator of (name, ParseResult, text)). With `text`, the decoded text the spans index
    (None for stdin) comes along: line numbers need it. An unreadable input is printed as
    `path: reason` and counted in `inputs.failed`."""
    inputs = Parsed(paths, encoding)

    def each():
        for path, result in inputs:
            yield (("<stdin>" if path == "-" else path), result,
                   _text(path, encoding) if text and path != "-" else None)
    return inputs, each()


def _text(path: str, encoding: str) -> str | None:
    """The text the spans of a just-parsed file index (decoded, or converted from HTML/DOCX/PDF), read
    again: Parsed hands over only the result. None if it cannot be had (the rows then carry no line)."""
    from ..convert import to_text
    from ..diagnostics import PolicyParseError
    try:
        with open(path, "rb") as fh:
            return to_text(fh.read(), encoding, name=path).text
    except (OSError, PolicyParseError):
        return None


def _resolve(fmt: OutFmt, out: Optional[Path]) -> str:
    if fmt is not OutFmt.auto:
        return fmt.value
    if out is not None:
        return {".jsonl": "jsonl", ".xlsx": "xlsx"}.get(out.suffix.lower(), "csv")
    return "table" if sys.stdout.isatty() else "csv"


def emit(fmt: OutFmt, out: Optional[Path], header: list[str], rows: list[list], *, bom: bool, labels: Labels,
         sheet: str, table_columns: list[str], right: tuple[str, ...] = (), extra_sheets=()) -> None:
    """Write one flat table: to -o FILE (atomically) or stdout; a rich table shows `table_columns` only."""
    from ..reports.render import payload, rich_table, zh_header
    kind = _resolve(fmt, out)
    shown = zh_header(header) if labels is Labels.zh else header
    if kind == "table":
        if out is not None:
            raise typer.BadParameter("-o needs csv, jsonl or xlsx", param_hint="--format")
        from rich.console import Console
        idx = [header.index(c) for c in table_columns]
        names = [shown[i] for i in idx]
        console = Console()
        if not console.is_terminal:
            console.width = min(max(console.width, 120), 160)
        console.print(rich_table(names, ([r[i] for i in idx] for r in rows),
                                 right=[shown[header.index(c)] for c in right]), markup=False, highlight=False)
        return
    if kind == "xlsx" and out is None and sys.stdout.isatty():
        raise typer.BadParameter("an .xlsx is binary: give -o FILE.xlsx or redirect stdout", param_hint="--format")
    try:
        data = payload(kind, shown, rows, bom=bom, sheet=sheet, extra_sheets=extra_sheets)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    if out is not None:
        from ..output import write_atomic
        try:
            write_atomic(out, data)
        except OSError as exc:
            typer.echo(f"{out}: cannot write ({exc.strerror or exc})", err=True)
            raise typer.Exit(1) from None
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)
    sys.stdout.flush()


FMT_OPTION = typer.Option(OutFmt.auto, "--format", "-f",
                          help="auto (a table on a terminal, else csv; with -o from the extension), table, csv, "
                               "jsonl or xlsx.")
OUT_OPTION = typer.Option(None, "-o", "--out", help="Write the table to this file (atomically).")
BOM_OPTION = typer.Option(False, "--bom", help="CSV with a UTF-8 BOM, so Excel on Chinese Windows opens it right.")
LABELS_OPTION = typer.Option(Labels.key, "--labels", help="Column titles: key (field names) or zh (Chinese).")
ENCODING_OPTION = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ...")


@app.command()
def outline(
    paths: list[str] = typer.Argument(..., help="Files, directories (every *.txt under them) or - for stdin."),
    encoding: str = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ..."),
):
    """Print the section tree of each document: a rich tree on a terminal, indented text when piped."""
    inputs, results = _inputs(paths, encoding)
    tty = sys.stdout.isatty()
    for name, result, _ in results:
        if tty:
            _outline_rich(name, result)
        else:
            _outline_plain(name, result)
    raise typer.Exit(1 if inputs.failed else 0)


def _outline_label(doc, n: int) -> str:
    return doc.title or f"(document {n}, untitled)"


def _outline_plain(name: str, result) -> None:
    lines = [f"# {name}"]

    def walk(nodes, depth):
        for s in nodes:
            lines.append(f"{'  ' * depth}{s.marker}{s.title}")
            walk(s.children, depth + 1)

    for n, doc in enumerate(result.documents, 1):
        lines.append(f"== {_outline_label(doc, n)}")
        walk(doc.sections, 1)
    sys.stdout.write("\n".join(lines) + "\n")


def _outline_rich(name: str, result) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree
    root = Tree(f"[bold]{escape(name)}[/bold]")

    def walk(nodes, branch):
        for s in nodes:
            walk(s.children, branch.add(f"[cyan]{escape(s.marker)}[/cyan]{escape(s.title)}"))

    for n, doc in enumerate(result.documents, 1):
        walk(doc.sections, root.add(f"[bold green]{escape(_outline_label(doc, n))}[/bold green]"))
    Console().print(root)


@app.command()
def units(
    paths: list[str] = typer.Argument(..., help=PATHS_HELP),
    fmt: OutFmt = FMT_OPTION,
    out: Optional[Path] = OUT_OPTION,
    bom: bool = BOM_OPTION,
    labels: Labels = LABELS_OPTION,
    encoding: str = ENCODING_OPTION,
):
    """Who does what: per unit, how many tasks it leads and supports, with the task titles."""
    from ..reports.units import UNIT_FIELDS, unit_rows, unit_summary
    inputs, results = _inputs(paths, encoding)
    docs = []
    for name, result, _ in results:
        docs += [(d.title or name, d.responsibilities) for d in result.documents]
    summary = unit_summary(docs)
    if not summary:
        typer.echo("no responsibilities found", err=True)
    if summary or _resolve(fmt, out) != "table":
        if _resolve(fmt, out) == "table":
            _units_table(summary)
        else:
            emit(fmt, out, list(UNIT_FIELDS), [list(r.values()) for r in unit_rows(summary)], bom=bom,
                 labels=labels, sheet="units", table_columns=[])
    raise typer.Exit(1 if inputs.failed else 0)


def _units_table(summary: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table
    table = Table(show_header=True, header_style="bold", show_lines=False)
    for col, justify in (("unit", "left"), ("lead", "right"), ("support", "right"), ("tasks", "left")):
        table.add_column(col, justify=justify, overflow="fold")
    for r in summary:
        tasks = [f"[lead] {x}" for x in r["lead_tasks"]] + [f"[support] {x}" for x in r["support_tasks"]]
        table.add_row(r["unit"], str(r["lead"]), str(r["support"]), "\n".join(tasks), end_section=True)
    console = Console()
    if not console.is_terminal:
        console.width = min(max(console.width, 120), 160)
    console.print(table, markup=False, highlight=False)


class TablesFmt(str, Enum):
    table = "table"
    csv = "csv"


@app.command()
def tables(
    paths: list[str] = typer.Argument(..., help="Files, directories (every *.txt under them) or - for stdin."),
    fmt: TablesFmt = typer.Option(TablesFmt.table, "--format", "-f",
                                  help="table (rich, one per table) or csv (long form: one line per cell)."),
    out: Optional[Path] = typer.Option(None, "-o", "--out",
                                       help="With csv: write DIR/<stem>.<document>.<table>.csv, one file per table."),
    encoding: str = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ..."),
):
    """Print or export the tables (专栏 boxes, indicator and task tables) of each document."""
    from ..output import csv_text
    inputs, results = _inputs(paths, encoding)
    if out is not None and fmt is not TablesFmt.csv:
        raise typer.BadParameter("-o needs --format csv", param_hint="--out")
    failed = found = 0
    long_rows: list[list] = []
    console = None
    for name, result, _ in results:
        for doc in result.documents:
            for tb in doc.tables:
                found += 1
                head = list(tb.columns) if tb.columns else ["item"]
                body = [list(r) for r in tb.rows] if tb.columns else [[x] for x in tb.items]
                if fmt is TablesFmt.csv and out is not None:
                    try:                            # the run's written-set; names that sort (tb01 … tb12)
                        inputs.write(out, name, table_suffix(result, doc, tb), "csv", csv_text(head, body))
                    except (ValueError, OSError) as exc:
                        failed += 1
                        typer.echo(f"{name}: cannot write {tb.id} ({exc})", err=True)
                elif fmt is TablesFmt.csv:
                    for r, row in enumerate(body, 1):
                        for c, value in enumerate(row):
                            long_rows.append([name, doc.id, tb.id, tb.label or "", tb.title or "", r,
                                              head[c] if c < len(head) else "", value])
                else:
                    if console is None:
                        from rich.console import Console
                        console = Console()
                        if not console.is_terminal:
                            console.width = max(console.width, 160)
                    _print_table(console, name, doc, tb, head, body)
    if fmt is TablesFmt.csv and out is None:
        sys.stdout.write(csv_text(["file", "document", "table", "label", "title", "row", "column", "value"],
                                  long_rows))
    if not found:
        typer.echo("no tables found", err=True)
    sys.stdout.flush()
    raise typer.Exit(1 if failed or inputs.failed else 0)


def _print_table(console, name: str, doc, tb, head: list[str], body: list[list[str]]) -> None:
    from rich.table import Table
    caption = " ".join(x for x in (tb.label, tb.title) if x) or tb.id
    table = Table(title=f"{name} · {doc.title or doc.id} · {caption}", caption=tb.note, show_header=True,
                  header_style="bold", show_lines=True, title_justify="left")
    for col in head:
        table.add_column(col, overflow="fold")
    for row in body:
        table.add_row(*row)
    console.print(table, markup=False, highlight=False)


TARGET_TABLE = ["place", "year", "line", "indicator", "indicator_key", "stated", "unit", "headline", "text"]


@app.command()
def targets(
    paths: list[str] = typer.Argument(..., help=PATHS_HELP),
    fmt: OutFmt = FMT_OPTION,
    out: Optional[Path] = OUT_OPTION,
    headline: bool = typer.Option(False, "--headline", help="Only the headline targets (主要预期目标 and the like)."),
    bom: bool = BOM_OPTION,
    labels: Labels = LABELS_OPTION,
    encoding: str = ENCODING_OPTION,
):
    """The numbers documents commit to: one row per target, with its document (place, year, issuer), section,
    line, indicator and indicator_key, value as stated and normalised, and the quote."""
    from ..reports.rows import TARGET_FIELDS, iter_cells, target_rows
    inputs, results = _inputs(paths, encoding, text=True)
    rows = []
    for name, result, text in results:
        rows += [r for r in target_rows(name, result, text) if r["headline"] or not headline]
    if not rows:
        typer.echo("no targets found", err=True)
    if rows or _resolve(fmt, out) != "table":
        emit(fmt, out, list(TARGET_FIELDS), list(iter_cells(rows, TARGET_FIELDS)), bom=bom, labels=labels,
             sheet="targets", table_columns=TARGET_TABLE, right=("year", "line", "stated"))
    raise typer.Exit(1 if inputs.failed else 0)
