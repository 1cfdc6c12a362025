"""Views of parsed documents: `outline`, `units`, `tables`, `targets` (the flat reports' options and writer,
which `panel` shares too, are in _flat.py).

The rows come from the library (policyparse.reports); this module parses options, runs the inputs through
the batch machinery (`_common.Batch`: --jobs, the progress bar, --quiet, `path: reason` lines, exit codes)
and writes the table. Each command's work function runs in the workers and sends back small rows (tuples
of the report's fields), never a whole ParseResult; the parent only adds them up and renders. Everything
shown on a terminal (titles, names, cells) goes through `safe()`; CSV, JSON Lines and .xlsx carry the
text as it is.
"""
from __future__ import annotations

import functools
import sys
from enum import Enum
from pathlib import Path
from typing import NamedTuple, Optional

import typer

from ._app import app
from ._common import (PATHS_HELP, Job, encoding_option, jobs_option, max_bytes_option, parse_job, parse_job_with_text,
                      quiet_option, safe, table_suffix)
from ._flat import FMT_OPTION, OUT_OPTION, OutFmt, ReportOptions, _batch, _console, _resolve, emit, report_command


# --- outline ------------------------------------------------------------------------------------------

class Outline(NamedTuple):
    """One document's outline, as a worker sends it: its label and (depth, marker, title) in tree order."""

    label: str
    headings: list[tuple[int, str, str]]


def outline_of(job: Job) -> list[Outline]:
    """The outlines of one input's documents (runs in a worker)."""
    result = parse_job(job)
    out = []
    for n, doc in enumerate(result.documents, 1):
        headings: list[tuple[int, str, str]] = []
        stack = [(s, 0) for s in reversed(doc.sections)]
        while stack:                                       # pre-order, without recursion (10^5 headings)
            s, depth = stack.pop()
            headings.append((depth, s.marker, s.title))
            stack.extend((c, depth + 1) for c in reversed(s.children))
        out.append(Outline(doc.title or f"(document {n}, untitled)", headings))
    return out


@app.command()
def outline(
    paths: list[str] = typer.Argument(..., help=PATHS_HELP),
    encoding: str = encoding_option(),
    jobs: int = jobs_option(),
    max_bytes: int = max_bytes_option(),
    quiet: bool = quiet_option(),
):
    """Print the section tree of each document: a rich tree on a terminal, indented text when piped.
    Titles are shown terminal-safe (escape sequences and bidi controls as \\x1b, \\u202e)."""
    inputs = _batch(paths, encoding, jobs, quiet, max_bytes)
    tty = sys.stdout.isatty()
    documents = sections = 0
    for inp, docs in inputs.each(outline_of):
        documents += len(docs)
        sections += sum(len(d.headings) for d in docs)
        if tty:
            _outline_rich(inp.name, docs)
        else:
            _outline_plain(inp.name, docs)
    sys.stdout.flush()
    raise typer.Exit(inputs.finish(documents=documents, sections=sections))


def _outline_plain(name: str, docs: list[Outline]) -> None:
    lines = [f"# {safe(name)}"]
    for doc in docs:
        lines.append(f"== {safe(doc.label)}")
        lines += [f"{'  ' * (depth + 1)}{safe(marker)}{safe(title)}" for depth, marker, title in doc.headings]
    sys.stdout.write("\n".join(lines) + "\n")


def _outline_rich(name: str, docs: list[Outline]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree
    root = Tree(f"[bold]{escape(safe(name))}[/bold]")
    for doc in docs:
        branches = [root.add(f"[bold green]{escape(safe(doc.label))}[/bold green]")]
        for depth, marker, title in doc.headings:
            del branches[depth + 1:]
            branches.append(branches[depth].add(f"[cyan]{escape(safe(marker))}[/cyan]{escape(safe(title))}"))
    Console().print(root)


# --- units --------------------------------------------------------------------------------------------

class Duty(NamedTuple):
    """A responsibility as units needs it (unit_summary reads task, lead, support)."""

    task: str
    lead: tuple[str, ...]
    support: tuple[str, ...]


def duties_of(job: Job) -> list[tuple[str | None, list[Duty]]]:
    """(document title, its responsibilities) per document of one input (runs in a worker)."""
    result = parse_job(job)
    return [(d.title, [Duty(r.task, tuple(r.lead), tuple(r.support)) for r in d.responsibilities])
            for d in result.documents]


@report_command
def units(
    paths: list[str] = typer.Argument(..., help=PATHS_HELP),
    fmt: OutFmt = FMT_OPTION,
    out: Optional[Path] = OUT_OPTION,
    *, opts: ReportOptions,                       # --bom, --labels, --encoding, --jobs, --max-bytes, --quiet
):
    """Who does what: per unit, how many tasks it leads and supports, with the task titles."""
    from ..reports.units import UNIT_FIELDS, unit_rows, unit_summary
    inputs = opts.inputs(paths, fmt, out)
    docs = []
    for inp, per_doc in inputs.each(duties_of):
        docs += [(title or inp.name, duties) for title, duties in per_doc]
    summary = unit_summary(docs)
    if not summary:
        typer.echo("no responsibilities found", err=True)
    if summary or _resolve(fmt, out) != "table":
        if _resolve(fmt, out) == "table":
            _units_table(summary)
        else:
            emit(fmt, out, list(UNIT_FIELDS), [list(r.values()) for r in unit_rows(summary)], bom=opts.bom,
                 labels=opts.labels, sheet="units", table_columns=[])
    raise typer.Exit(inputs.finish(documents=len(docs), responsibilities=sum(len(d) for _, d in docs),
                                   units=len(summary)))


def _units_table(summary: list[dict]) -> None:
    from rich.table import Table
    table = Table(show_header=True, header_style="bold", show_lines=False)
    for col, justify in (("unit", "left"), ("lead", "right"), ("support", "right"), ("tasks", "left")):
        table.add_column(col, justify=justify, overflow="fold")
    for r in summary:
        tasks = [f"[lead] {safe(x)}" for x in r["lead_tasks"]] + [f"[support] {safe(x)}" for x in r["support_tasks"]]
        table.add_row(safe(r["unit"]), str(r["lead"]), str(r["support"]), "\n".join(tasks), end_section=True)
    _console().print(table, markup=False, highlight=False)


# --- tables -------------------------------------------------------------------------------------------

class TablesFmt(str, Enum):
    table = "table"
    csv = "csv"


class TableRows(NamedTuple):
    """One table as a worker sends it."""

    document_id: str
    document_title: str | None
    table_id: str
    label: str | None
    title: str | None
    note: str | None
    head: list[str]
    body: list[list[str]]
    suffix: str                       # ".d1.tb01": its file name after the input's stem (names that sort)


def tables_of(job: Job) -> tuple[int, list[TableRows]]:
    """(number of documents, the tables of one input) (runs in a worker)."""
    result = parse_job(job)
    out = []
    for doc in result.documents:
        for tb in doc.tables:
            head = list(tb.columns) if tb.columns else ["item"]
            body = [list(r) for r in tb.rows] if tb.columns else [[x] for x in tb.items]
            out.append(TableRows(doc.id, doc.title, tb.id, tb.label, tb.title, tb.note, head, body,
                                 table_suffix(result, doc, tb)))
    return len(result.documents), out


@app.command()
def tables(
    paths: list[str] = typer.Argument(..., help=PATHS_HELP),
    fmt: TablesFmt = typer.Option(TablesFmt.table, "--format", "-f",
                                  help="table (rich, one per table) or csv (long form: one line per cell)."),
    out: Optional[Path] = typer.Option(None, "-o", "--out",
                                       help="With csv: write DIR/<stem>.<document>.<table>.csv, one file per table "
                                            "(at the input's path inside a directory given)."),
    encoding: str = encoding_option(),
    jobs: int = jobs_option(),
    max_bytes: int = max_bytes_option(),
    quiet: bool = quiet_option(),
):
    """Print or export the tables (专栏 boxes, indicator and task tables) of each document."""
    from ..output import csv_text
    if out is not None and fmt is not TablesFmt.csv:
        raise typer.BadParameter("-o needs --format csv", param_hint="--out")
    inputs = _batch(paths, encoding, jobs, quiet, max_bytes)
    failed = found = documents = 0
    long_rows: list[list] = []
    console = None
    for inp, (n_docs, found_tables) in inputs.each(tables_of):
        name = inp.name
        documents += n_docs
        for tb in found_tables:
            found += 1
            if fmt is TablesFmt.csv and out is not None:
                try:                            # the run's written-set; names that sort (tb01 … tb12)
                    inputs.write(out, name, tb.suffix, "csv", csv_text(tb.head, tb.body))
                except (ValueError, OSError) as exc:
                    failed += 1
                    typer.echo(f"{name}: cannot write {tb.table_id} ({exc})", err=True)
            elif fmt is TablesFmt.csv:
                for r, row in enumerate(tb.body, 1):
                    for c, value in enumerate(row):
                        long_rows.append([name, tb.document_id, tb.table_id, tb.label or "", tb.title or "", r,
                                          tb.head[c] if c < len(tb.head) else "", value])
            else:
                if console is None:
                    console = _console()
                _print_table(console, name, tb)
    if fmt is TablesFmt.csv and out is None:
        sys.stdout.write(csv_text(["file", "document", "table", "label", "title", "row", "column", "value"],
                                  long_rows))
    if not found:
        typer.echo("no tables found", err=True)
    sys.stdout.flush()
    code = inputs.finish(documents=documents, tables=found)
    raise typer.Exit(1 if failed or code else 0)


def _print_table(console, name: str, tb: TableRows) -> None:
    from rich.table import Table
    caption = " ".join(x for x in (tb.label, tb.title) if x) or tb.table_id
    table = Table(title=safe(f"{name} · {tb.document_title or tb.document_id} · {caption}"),
                  caption=safe(tb.note) if tb.note else None, show_header=True,
                  header_style="bold", show_lines=True, title_justify="left")
    for col in tb.head:
        table.add_column(safe(col), overflow="fold")
    for row in tb.body:
        table.add_row(*(safe(x) for x in row))
    console.print(table, markup=False, highlight=False)


# --- targets ------------------------------------------------------------------------------------------

TARGET_TABLE = ["place", "year", "line", "indicator", "indicator_key", "stated", "unit", "headline", "text"]


def target_rows_of(job: Job, headline: bool = False) -> tuple[int, list[tuple]]:
    """(number of documents, the target rows of one input as tuples in TARGET_FIELDS order) (runs in a
    worker; line numbers from the text the spans index)."""
    from ..reports.rows import target_rows
    result, text = parse_job_with_text(job)
    rows = target_rows(job.input.name, result, text)
    return len(result.documents), [tuple(r.values()) for r in rows if r["headline"] or not headline]


@report_command
def targets(
    paths: list[str] = typer.Argument(..., help=PATHS_HELP),
    fmt: OutFmt = FMT_OPTION,
    out: Optional[Path] = OUT_OPTION,
    headline: bool = typer.Option(False, "--headline", help="Only the headline targets (主要预期目标 and the like)."),
    *, opts: ReportOptions,                       # --bom, --labels, --encoding, --jobs, --max-bytes, --quiet
):
    """The numbers documents commit to: one row per target, with its document (place, year, issuer), section,
    line, indicator and indicator_key, value as stated and normalised, and the quote."""
    from ..reports.rows import TARGET_FIELDS
    inputs = opts.inputs(paths, fmt, out, rows=True)
    rows: list[tuple] = []
    documents = 0
    for _, (n_docs, got) in inputs.each(functools.partial(target_rows_of, headline=headline)):
        documents += n_docs
        rows += got
    if not rows:
        typer.echo("no targets found", err=True)
    if rows or _resolve(fmt, out) != "table":
        emit(fmt, out, list(TARGET_FIELDS), rows, bom=opts.bom, labels=opts.labels,
             sheet="targets", table_columns=TARGET_TABLE, right=("year", "line", "stated"))
    raise typer.Exit(inputs.finish(documents=documents, targets=len(rows)))
