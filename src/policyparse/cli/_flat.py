"""The flat reports' shared parts (`targets`, `units`, `panel`): their formats, the options they all take
(report_command), the batch of inputs and the writer of one table (emit)."""
from __future__ import annotations

import functools
import inspect
import sys
from enum import Enum
from pathlib import Path
from typing import NamedTuple, Optional, get_type_hints

import typer

from ._app import app
from ._common import Batch, encoding_option, jobs_option, max_bytes_option, quiet_option


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


class ReportOptions(NamedTuple):
    """The options every flat report takes after its own, declared as a command's parameters are (type,
    typer option); report_command adds them to the command and hands them to it as one `opts`."""

    bom: bool = BOM_OPTION
    labels: Labels = LABELS_OPTION
    encoding: str = encoding_option()
    jobs: int = jobs_option()
    max_bytes: int = max_bytes_option()
    quiet: bool = quiet_option()

    def inputs(self, paths: list[str], fmt: OutFmt, out: Optional[Path], rows: bool = False) -> Batch:
        """The command's inputs (see _batch)."""
        return _batch(paths, self.encoding, self.jobs, self.quiet, self.max_bytes, fmt, out, rows=rows)


def report_command(fn):
    """`app.command()` for a flat report, sqlite-utils' shared-options decorator: the command's options are
    `fn`'s own (all but `opts`), then those of ReportOptions, which reach `fn` together as `opts`."""
    own = inspect.signature(fn, eval_str=True)
    types = get_type_hints(ReportOptions)
    shared = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=types[name])
              for name, option in ReportOptions._field_defaults.items()]

    @functools.wraps(fn)
    def command(**kwargs):
        opts = ReportOptions(*(kwargs.pop(name) for name in ReportOptions._fields))
        return fn(**kwargs, opts=opts)

    command.__signature__ = own.replace(parameters=[p for p in own.parameters.values() if p.name != "opts"] + shared)
    return app.command()(command)
