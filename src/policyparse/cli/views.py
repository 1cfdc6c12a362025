"""Views of parsed documents: `outline`, `units`, `tables`, `targets`."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import Parsed, ReportFmt, display_name, table_suffix


@app.command()
def outline(
    paths: list[str] = typer.Argument(..., help="Files, directories (every *.txt under them) or - for stdin."),
    encoding: str = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ..."),
):
    """Print the section tree of each document: a rich tree on a terminal, indented text when piped."""
    inputs = Parsed(paths, encoding)
    tty = sys.stdout.isatty()
    for path, result in inputs:
        name = "<stdin>" if path == "-" else path
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
    paths: list[str] = typer.Argument(..., help="Files, directories (every *.txt under them) or - for stdin."),
    fmt: ReportFmt = typer.Option(ReportFmt.table, "--format", "-f", help="table (rich), csv or jsonl."),
    encoding: str = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ..."),
):
    """Who does what: per unit, how many tasks it leads and supports, with the task titles."""
    import csv
    import json
    from ..responsibilities import unit_summary
    inputs = Parsed(paths, encoding)
    docs = []
    for path, result in inputs:
        docs += [(d.title or path, d.responsibilities) for d in result.documents]
    rows = unit_summary(docs)
    if fmt is ReportFmt.jsonl:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt is ReportFmt.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["unit", "lead", "support", "total", "lead_tasks", "support_tasks", "documents"])
        for r in rows:
            w.writerow([r["unit"], r["lead"], r["support"], r["lead"] + r["support"], "；".join(r["lead_tasks"]),
                        "；".join(r["support_tasks"]), "；".join(r["documents"])])
    else:
        from rich.console import Console
        from rich.table import Table
        table = Table(show_header=True, header_style="bold", show_lines=False)
        for col, justify in (("unit", "left"), ("lead", "right"), ("support", "right"), ("tasks", "left")):
            table.add_column(col, justify=justify, overflow="fold")
        for r in rows:
            tasks = [f"[lead] {x}" for x in r["lead_tasks"]] + [f"[support] {x}" for x in r["support_tasks"]]
            table.add_row(r["unit"], str(r["lead"]), str(r["support"]), "\n".join(tasks), end_section=True)
        console = Console()
        if not console.is_terminal:
            console.width = max(console.width, 160)
        if rows:
            console.print(table, markup=False, highlight=False)
        else:
            typer.echo("no responsibilities found", err=True)
    sys.stdout.flush()
    raise typer.Exit(1 if inputs.failed else 0)


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
    from ..output import csv_text, output_path, write_atomic
    inputs = Parsed(paths, encoding)
    if out is not None and fmt is not TablesFmt.csv:
        raise typer.BadParameter("-o needs --format csv", param_hint="--out")
    failed = found = 0
    long_rows: list[list] = []
    console = None
    for path, result in inputs:
        name = "<stdin>" if path == "-" else path
        stem = "stdin" if path == "-" else Path(path).stem
        for doc in result.documents:
            for tb in doc.tables:
                found += 1
                head = list(tb.columns) if tb.columns else ["item"]
                body = [list(r) for r in tb.rows] if tb.columns else [[x] for x in tb.items]
                if fmt is TablesFmt.csv and out is not None:
                    try:
                        inputs.write(out, path, table_suffix(result, doc, tb), "csv", csv_text(head, body))
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


@app.command()
def targets(
    paths: list[str] = typer.Argument(..., help="Files, directories (every *.txt under them) or - for stdin."),
    fmt: ReportFmt = typer.Option(ReportFmt.table, "--format", "-f", help="table (rich), csv or jsonl."),
    encoding: str = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ..."),
):
    """The numbers documents commit to: one row per target (document, section, year, indicator, value, unit,
    qualifier, normalised value, quote)."""
    import csv
    import json
    from ..targets import ROW_FIELDS, target_rows
    inputs = Parsed(paths, encoding)
    rows = []
    for path, result in inputs:
        rows += target_rows(display_name(path), result)
    if fmt is ReportFmt.jsonl:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt is ReportFmt.csv:
        w = csv.DictWriter(sys.stdout, fieldnames=ROW_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table
        table = Table(show_header=True, header_style="bold", show_lines=False)
        for col, justify in (("document", "left"), ("section", "left"), ("year", "right"), ("indicator", "left"),
                             ("value", "right"), ("unit", "left"), ("qualifier", "left"),
                             ("normalized", "right"), ("quote", "left")):
            table.add_column(col, justify=justify, overflow="fold")
        for r in rows:
            value = f"{r['value']:g}" + (f"–{r['value_max']:g}" if r["value_max"] is not None else "")
            norm = f"{r['normalized_value']:.4g} {r['normalized_unit']}" if r["normalized_value"] is not None else ""
            table.add_row(r["document"], r["section"], "" if r["year"] is None else str(r["year"]), r["indicator"],
                          value, r["unit"], r["qualifier"], norm, r["quote"])
        console = Console()
        if not console.is_terminal:
            console.width = max(console.width, 200)
        if rows:
            console.print(table, markup=False, highlight=False)
        else:
            typer.echo("no targets found", err=True)
    sys.stdout.flush()
    raise typer.Exit(1 if inputs.failed else 0)
