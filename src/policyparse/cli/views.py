"""Views of parsed documents: `outline`, `units`, `tables`, `targets` (and the output helpers `panel` shares).

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
from ._common import (PATHS_HELP, Batch, Job, encoding_option, jobs_option, max_bytes_option, parse_job,
                      parse_job_with_text, quiet_option, safe, table_suffix)


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


def _resolve(fmt: OutFmt, out: Optional[Path]) -> str:
    if fmt is not OutFmt.auto:
        return fmt.value
    if out is not None:
        return {".jsonl": "jsonl", ".xlsx": "xlsx"}.get(out.suffix.lower(), "csv")
    return "table" if sys.stdout.isatty() else "csv"


def _console():
    """A rich console on stdout; when piped (a rich table asked for with -f table), 120-160 columns."""
    from rich.console import Console
    console = Console()
    if not console.is_terminal:
        console.width = min(max(console.width, 120), 160)
    return console


def emit(fmt: OutFmt, out: Optional[Path], header: list[str], rows: list[list], *, bom: bool, labels: Labels,
         sheet: str, table_columns: list[str], right: tuple[str, ...] = (), extra_sheets=()) -> None:
    """Write one flat table: to -o FILE (atomically) or stdout; a rich table shows `table_columns` only
    (terminal-safe: see render.rich_table)."""
    from ..reports.render import payload, rich_table, zh_header
    kind = _resolve(fmt, out)
    shown = zh_header(header) if labels is Labels.zh else header
    if kind == "table":
        if out is not None:
            raise typer.BadParameter("-o needs csv, jsonl or xlsx", param_hint="--format")
        idx = [header.index(c) for c in table_columns]
        names = [shown[i] for i in idx]
        _console().print(rich_table(names, ([r[i] for i in idx] for r in rows),
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


def _batch(paths: list[str], encoding: str, jobs: int, quiet: bool, max_bytes: int, fmt: OutFmt | None = None,
           out: Optional[Path] = None, rows: bool = False) -> Batch:
    """The command's inputs (usage errors exit 2 before any work: a bad --format/-o pair too); with
    `rows`, the report vocabularies are compiled before the workers fork (see warm_rows)."""
    if fmt is not None and out is not None and _resolve(fmt, out) == "table":
        raise typer.BadParameter("-o needs csv, jsonl or xlsx", param_hint="--format")
    return Batch(paths, encoding, jobs=jobs, quiet=quiet, max_bytes=max_bytes, warm=warm_rows if rows else None)


def warm_rows() -> None:
    """batch.warm_up, then the vocabularies target and document rows need (indicator keys, places):
    compiled once in the parent, inherited by every forked worker (~40 ms each otherwise)."""
    from ..batch import warm_up
    from ..pipeline import parse_text
    from ..reports.rows import document_rows, target_rows
    warm_up()
    text = "2026年山东省政府工作报告\n今年主要预期目标是：全省生产总值增长6％左右。\n"
    result = parse_text(text)
    target_rows("-", result, text)
    document_rows("-", result, text)


FMT_OPTION = typer.Option(OutFmt.auto, "--format", "-f",
                          help="auto (a table on a terminal, else csv; with -o from the extension), table, csv, "
                               "jsonl or xlsx.")
OUT_OPTION = typer.Option(None, "-o", "--out", help="Write the table to this file (atomically).")
BOM_OPTION = typer.Option(False, "--bom", help="CSV with a UTF-8 BOM, so Excel on Chinese Windows opens it right.")
LABELS_OPTION = typer.Option(Labels.key, "--labels", help="Column titles: key (field names) or zh (Chinese).")


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


@app.command()
def units(
    paths: list[str] = typer.Argument(..., help=PATHS_HELP),
    fmt: OutFmt = FMT_OPTION,
    out: Optional[Path] = OUT_OPTION,
    bom: bool = BOM_OPTION,
    labels: Labels = LABELS_OPTION,
    encoding: str = encoding_option(),
    jobs: int = jobs_option(),
    max_bytes: int = max_bytes_option(),
    quiet: bool = quiet_option(),
):
    """Who does what: per unit, how many tasks it leads and supports, with the task titles."""
    from ..reports.units import UNIT_FIELDS, unit_rows, unit_summary
    inputs = _batch(paths, encoding, jobs, quiet, max_bytes, fmt, out)
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
            emit(fmt, out, list(UNIT_FIELDS), [list(r.values()) for r in unit_rows(summary)], bom=bom,
                 labels=labels, sheet="units", table_columns=[])
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


@app.command()
def targets(
    paths: list[str] = typer.Argument(..., help=PATHS_HELP),
    fmt: OutFmt = FMT_OPTION,
    out: Optional[Path] = OUT_OPTION,
    headline: bool = typer.Option(False, "--headline", help="Only the headline targets (主要预期目标 and the like)."),
    bom: bool = BOM_OPTION,
    labels: Labels = LABELS_OPTION,
    encoding: str = encoding_option(),
    jobs: int = jobs_option(),
    max_bytes: int = max_bytes_option(),
    quiet: bool = quiet_option(),
):
    """The numbers documents commit to: one row per target, with its document (place, year, issuer), section,
    line, indicator and indicator_key, value as stated and normalised, and the quote."""
    from ..reports.rows import TARGET_FIELDS
    inputs = _batch(paths, encoding, jobs, quiet, max_bytes, fmt, out, rows=True)
    rows: list[tuple] = []
    documents = 0
    for _, (n_docs, got) in inputs.each(functools.partial(target_rows_of, headline=headline)):
        documents += n_docs
        rows += got
    if not rows:
        typer.echo("no targets found", err=True)
    if rows or _resolve(fmt, out) != "table":
        emit(fmt, out, list(TARGET_FIELDS), rows, bom=bom, labels=labels,
             sheet="targets", table_columns=TARGET_TABLE, right=("year", "line", "stated"))
    raise typer.Exit(inputs.finish(documents=documents, targets=len(rows)))
