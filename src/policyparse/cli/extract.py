"""`policyparse extract`: parse inputs into JSON / JSONL / YAML, one object per input file."""
from __future__ import annotations

import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import _stderr, expand_paths


class Fmt(str, Enum):
    json = "json"
    jsonl = "jsonl"
    yaml = "yaml"


def _work(args) -> tuple[str, str | None, str | None, tuple]:
    """Parse and serialise one input (runs in worker processes with --jobs). Never raises on content."""
    path, fmt, encoding, max_bytes = args
    from ..diagnostics import PolicyParseError
    from ..output import dump
    from ..pipeline import parse_bytes, parse_file
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
    from ..output import EXT, output_path, write_atomic
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
            from ..pipeline import parse_text
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
