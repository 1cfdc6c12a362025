"""Command line: a thin layer over the library. Heavy imports happen inside the commands."""
from __future__ import annotations

import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Chinese government policy documents (plain text) into structured data.")


class Fmt(str, Enum):
    json = "json"
    jsonl = "jsonl"
    yaml = "yaml"


def _version(value: bool):
    if value:
        typer.echo(f"policyparse {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")):
    """policyparse: sections, targets, responsibilities, tables and metadata of policy documents."""


def _stderr():
    from rich.console import Console
    c = Console(stderr=True)
    if not c.is_terminal:
        c.width = max(c.width, 120)
    return c


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given; a directory becomes every *.txt under it, sorted; "-" is stdin."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append("-")
        elif os.path.isdir(p):
            out.extend(str(f) for f in sorted(Path(p).rglob("*.txt")) if f.is_file())
        else:
            out.append(p)
    return out


class _Parsed:
    """The inputs of a reporting command, parsed one at a time: yields (path, ParseResult); an
    unreadable input is printed as `path: reason` on stderr and counted in `failed`, never raised."""

    def __init__(self, paths: list[str], encoding: str):
        self.files = expand_paths(paths)
        if not self.files:
            raise typer.BadParameter("no input files found", param_hint="PATHS")
        self.encoding = encoding
        self.failed = 0

    def __iter__(self):
        from .diagnostics import PolicyParseError
        from .pipeline import parse_bytes, parse_file
        for path in self.files:
            try:
                result = (parse_bytes(sys.stdin.buffer.read(), encoding=self.encoding) if path == "-"
                          else parse_file(path, encoding=self.encoding))
            except PolicyParseError as exc:
                self.failed += 1
                typer.echo(str(exc), err=True)
                continue
            yield path, result


def _work(args) -> tuple[str, str | None, str | None, tuple]:
    """Parse and serialise one input (runs in worker processes with --jobs). Never raises on content."""
    path, fmt, encoding, max_bytes = args
    from .diagnostics import PolicyParseError
    from .output import dump
    from .pipeline import parse_bytes, parse_file
    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)     # never more than the cap (+1 to detect it)
            result = parse_bytes(data, path=None, encoding=encoding, max_bytes=max_bytes)
        else:
            result = parse_file(path, encoding=encoding, max_bytes=max_bytes)
    except PolicyParseError as exc:
        return path, None, str(exc), ()
    except Exception as exc:  # noqa: BLE001 - a bug in a stage (even RecursionError) must not stop the batch
        return path, None, f"{path}: internal error ({type(exc).__name__}: {exc}); please report this file", ()
    docs = result.documents
    counts = (len(docs), sum(_count_sections(d.sections) for d in docs), sum(len(d.targets) for d in docs),
              sum(len(d.responsibilities) for d in docs), sum(len(d.tables) for d in docs))
    if fmt == "yaml":
        payload = dump(result.model_dump(mode="json"), fmt)
    else:   # pydantic's serialiser: the same bytes as json.dumps(ensure_ascii=False) on these models (checked
        # on the seeds and 300 generated texts), but json.dumps(indent=...) runs in pure Python: 2 s for 10^5 sections
        payload = result.model_dump_json(indent=1 if fmt == "json" else None) + "\n"
    return path, payload, None, counts


def _worker_init() -> None:
    """Workers ignore Ctrl-C: the parent alone stops the batch (terminating the pool), so a terminal's
    SIGINT to the whole process group prints one message instead of a traceback per worker."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _count_sections(nodes) -> int:
    return sum(1 + _count_sections(n.children) for n in nodes)


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files, directories (every *.txt under them) or - for stdin."),
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write DIR/<stem>.<ext> for each input."),
    fmt: Fmt = typer.Option(Fmt.json, "--format", "-f", help="Output format."),
    encoding: str = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ..."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes for batches (0 = all cores)."),
    max_bytes: int = typer.Option(50 * 1024 * 1024, "--max-bytes", help="Refuse inputs larger than this."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
):
    """Parse policy documents into JSON / JSONL / YAML (one object per input file)."""
    from .output import EXT, output_path, write_atomic
    files = expand_paths(paths)
    if not files:
        raise typer.BadParameter("no input files found", param_hint="PATHS")
    if files.count("-") > 1:
        raise typer.BadParameter("'-' (stdin) may be given once", param_hint="PATHS")
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise typer.BadParameter(f"cannot use {out} as the output folder ({exc.strerror})", param_hint="-o")
    err = _stderr()
    to_stdout = out is None
    many_json = to_stdout and fmt is Fmt.json and len(files) > 1
    jobs = os.cpu_count() or 1 if jobs == 0 else max(1, jobs)
    tasks = [(f, fmt.value, encoding, max_bytes) for f in files]
    totals = [0, 0, 0, 0, 0]
    failed = done = 0
    written: dict[str, str] = {}          # output file name -> the input it was written for
    t0 = time.perf_counter()
    progress = None
    if not quiet and len(files) > 1 and err.is_terminal:
        from rich.progress import Progress
        progress = Progress(console=err, transient=True)
        progress.start()
        bar = progress.add_task("extract", total=len(files))
    pool = None
    try:
        if jobs > 1 and len(files) > 1 and "-" not in files:
            import multiprocessing as mp
            from .pipeline import parse_text
            # Warm the modules and the cached lexicons once in the parent: forked workers inherit them
            # instead of each paying the import and first-use cost.
            parse_text("一、总体要求\n（一）发展目标。到2025年，全市软件业务收入达100亿元（牵头单位：市经济信息委）。\n")
            pool = mp.get_context("fork" if hasattr(os, "fork") else "spawn").Pool(jobs, initializer=_worker_init)
            results = pool.imap(_work, tasks, chunksize=1)
        else:
            results = map(_work, tasks)
        first = True
        for path, payload, error, counts in results:
            done += 1
            if progress:
                progress.advance(bar)
            if error is not None:
                failed += 1
                err.print(f"[red]{error}[/red]" if err.is_terminal else error, markup=err.is_terminal,
                          highlight=False, soft_wrap=True)
                continue
            totals = [a + b for a, b in zip(totals, counts)]
            if to_stdout:
                if many_json:
                    sys.stdout.write(("[\n" if first else ",\n") + payload.rstrip("\n"))
                elif fmt is Fmt.yaml and not first:
                    sys.stdout.write("---\n" + payload)
                else:
                    sys.stdout.write(payload)
                first = False
            else:
                stem = "stdin" if path == "-" else Path(path).stem
                try:
                    target = output_path(out, stem, EXT[fmt.value])
                    if target.name in written:   # a/x.txt and b/x.txt: never overwrite an output of this run
                        raise ValueError(f"{target} was already written for {written[target.name]}")
                    write_atomic(target, payload)
                    written[target.name] = path
                except (ValueError, OSError) as exc:
                    failed += 1
                    err.print(f"{path}: cannot write output ({exc})", markup=False, highlight=False)
        if many_json:
            sys.stdout.write("[]\n" if first else "\n]\n")
        sys.stdout.flush()
    except KeyboardInterrupt:
        if pool:
            pool.terminate()
        if progress:
            progress.stop()
        err.print(f"interrupted after {done} of {len(files)} files; only complete outputs were written",
                  markup=False)
        raise typer.Exit(130)
    finally:
        if pool:
            pool.close()
        if progress:
            progress.stop()
    seconds = time.perf_counter() - t0
    if not quiet:
        _summary(err, len(files), failed, totals, seconds)
    raise typer.Exit(1 if failed else 0)


def _summary(err, n_files, failed, totals, seconds):
    from rich.table import Table
    t = Table(title=None, show_header=True, header_style="bold")
    for col in ("files", "failed", "documents", "sections", "targets", "responsibilities", "tables", "seconds"):
        t.add_column(col, justify="right")
    t.add_row(str(n_files), str(failed), *(str(x) for x in totals), f"{seconds:.2f}")
    err.print(t)


@app.command()
def schema(
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write the schema here instead of stdout."),
    check: bool = typer.Option(False, "--check", help="Exit 1 if FILE (default: the committed schema) is out of date."),
):
    """Print (or write, or check) the JSON Schema of the output."""
    import json
    from .models import json_schema
    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if check:
        target = out or Path("data/schemas/parse_result.schema.json")
        try:
            current = target.read_text(encoding="utf-8")
        except OSError as exc:
            typer.echo(f"{target}: cannot read ({exc.strerror})", err=True)
            raise typer.Exit(1)
        if current != text:
            typer.echo(f"{target} is out of date: run `policyparse schema -o {target}`", err=True)
            raise typer.Exit(1)
        typer.echo(f"{target} is up to date", err=True)
        return
    if out:
        from .output import write_atomic
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(out, text)
        except OSError as exc:
            typer.echo(f"{out}: cannot write ({exc.strerror or exc})", err=True)
            raise typer.Exit(1)
    else:
        sys.stdout.write(text)


@app.command()
def validate(files: list[Path] = typer.Argument(..., help="JSON, JSONL or YAML outputs of `extract`.")):
    """Check outputs against the models and spans against the text; per-file errors; exit 1 if any is invalid."""
    from pydantic import ValidationError
    from .models import ParseResult
    from .output import consistency_problems, load_outputs
    bad = 0
    for f in files:
        try:
            objs = load_outputs(f)
            if not objs:
                raise ValueError("no object found")
            for i, obj in enumerate(objs):
                try:
                    result = ParseResult.model_validate(obj)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    loc = ".".join(str(x) for x in first["loc"])
                    raise ValueError(f"object {i + 1}: {exc.error_count()} error(s); first at {loc}: {first['msg']}")
                problems = consistency_problems(result)
                if problems:
                    raise ValueError(f"object {i + 1}: {len(problems)} inconsistent span(s) or id(s); "
                                     f"first: {problems[0]}")
            typer.echo(f"{f}: ok ({len(objs)} result{'s' if len(objs) != 1 else ''})")
        except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, never a traceback
            bad += 1
            typer.echo(f"{f}: invalid ({exc})", err=True)
    raise typer.Exit(1 if bad else 0)


@app.command("eval")
def eval_(
    pred: list[Path] = typer.Argument(..., help="Directories (or files) of outputs <stem>.json, or of input texts "
                                                "<stem>.txt, which are then parsed in-process."),
    gold: Path = typer.Option(..., "--gold", help="Directory of gold annotations <stem>.yaml."),
    as_json: bool = typer.Option(False, "--json", help="Print every figure and count as JSON."),
    minimum: list[str] = typer.Option([], "--min", metavar="METRIC=VALUE",
                                      help="Exit 1 when a figure is below VALUE (repeatable), e.g. targets.f1=0.8."),
    show_misses: bool = typer.Option(False, "--show-misses",
                                     help="List gold items not found, predicted items not in gold, and differences."),
):
    """Score predictions against gold annotations (SPEC §7): per-file table and overall figures."""
    from .evaluate import Score, below_minimum, evaluate, parse_minimum, render_misses, render_table, report_json
    if not gold.is_dir():
        raise typer.BadParameter(f"{gold} is not a directory", param_hint="--gold")
    for p in pred:
        if not p.exists():
            raise typer.BadParameter(f"{p} does not exist", param_hint="PRED")
    try:
        minimums = [parse_minimum(m, Score().figures()) for m in minimum]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--min")
    report = evaluate(gold, pred)
    if not report.files:
        typer.echo(f"{gold}: no gold files (*.yaml) found", err=True)
        raise typer.Exit(2)
    for problem in report.problems:
        typer.echo(problem, err=True)
    if as_json:
        sys.stdout.write(report_json(report, misses=show_misses))
    else:
        sys.stdout.write(render_table(report))
        if show_misses:
            sys.stdout.write("\nmisses\n" + (render_misses(report) or "  none\n"))
    failed = below_minimum(report.total.figures(), minimums)
    if failed:
        typer.echo("below minimum: " + ", ".join(failed), err=True)
        raise typer.Exit(1)


@app.command()
def outline(
    paths: list[str] = typer.Argument(..., help="Files, directories (every *.txt under them) or - for stdin."),
    encoding: str = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ..."),
):
    """Print the section tree of each document: a rich tree on a terminal, indented text when piped."""
    inputs = _Parsed(paths, encoding)
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


class ReportFmt(str, Enum):
    """Formats of the one-row-per-item reports (`units`, `targets`)."""

    table = "table"
    csv = "csv"
    jsonl = "jsonl"


@app.command()
def units(
    paths: list[str] = typer.Argument(..., help="Files, directories (every *.txt under them) or - for stdin."),
    fmt: ReportFmt = typer.Option(ReportFmt.table, "--format", "-f", help="table (rich), csv or jsonl."),
    encoding: str = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ..."),
):
    """Who does what: per unit, how many tasks it leads and supports, with the task titles."""
    import csv
    import json
    from .responsibilities import unit_summary
    inputs = _Parsed(paths, encoding)
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
    from .output import csv_text, output_path, write_atomic
    inputs = _Parsed(paths, encoding)
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
                    out.mkdir(parents=True, exist_ok=True)
                    try:
                        write_atomic(output_path(out, f"{stem}.{tb.id}", "csv"), csv_text(head, body))
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
    from .targets import ROW_FIELDS, target_rows
    inputs = _Parsed(paths, encoding)
    rows = []
    for path, result in inputs:
        rows += target_rows("stdin" if path == "-" else path, result)
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
