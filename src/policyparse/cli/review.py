"""`policyparse review`: one self-contained HTML review page per input, and an index page for a batch.

Inputs go through the batch machinery (batch.collect/run: --jobs, the progress bar, `path: reason` lines,
FIFOs and link loops refused and counted); each worker parses its input, renders its page and writes it
itself, and sends back only the counts the index shows.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import typer

from ._app import app
from ._common import PATHS_HELP, collect_inputs, encoding_option, jobs_option, max_bytes_option, quiet_option


def _page_names(files: list[str], with_index: bool) -> list[str]:
    """One output name per input: its stem, made unique in this run (a/x.txt and b/x.txt -> x, x.2), never
    `index` when an index page is written.

    >>> _page_names(["a/x.txt", "b/x.txt", "index.txt", "-"], True)
    ['x', 'x.2', 'index.2', 'stdin']
    """
    taken = {"index"} if with_index else set()
    out = []
    for f in files:
        stem = "stdin" if f == "-" else Path(f).stem or "input"
        name, n = stem, 1
        while name in taken:
            n += 1
            name = f"{stem}.{n}"
        taken.add(name)
        out.append(name)
    return out


class PageJob(NamedTuple):
    """One review page to write: the input (batch.run names failures after it) and where its page goes."""

    input: object
    encoding: str
    max_bytes: int
    target: str


def write_page(job: PageJob) -> dict:
    """Parse one input, render its page, write it (atomically); the counts the index shows (in a worker)."""
    from ..batch import parse_with_text
    from ..diagnostics import InputError
    from ..output import write_atomic
    from ..review import counts, render_page
    result, text = parse_with_text(job.input, job.encoding, job.max_bytes)
    name = job.input.name
    try:
        if text is None:
            raise ValueError("the text the spans index could not be read again")
        write_atomic(Path(job.target), render_page(result, text, name=name))
    except (ValueError, OSError) as exc:
        raise InputError(f"{name}: no review page ({exc})") from None
    return counts(result)


@app.command()
def review(
    paths: list[str] = typer.Argument(..., help=PATHS_HELP),
    out: Path = typer.Option(..., "-o", "--out",
                             help="A folder (one OUT/<stem>.html per input, plus OUT/index.html for a directory "
                                  "or several inputs), or a .html file for one input."),
    encoding: str = encoding_option(),
    jobs: int = jobs_option(),
    max_bytes: int = max_bytes_option(),
    quiet: bool = quiet_option("No progress bar; print nothing but errors."),
):
    """Write HTML review pages: the source text with every section heading, target, responsibility and table
    marked, beside the outline, a sortable targets table, the tables and the warnings (no network needed)."""
    from ..output import output_path, write_atomic
    from ..review import render_index

    inputs = collect_inputs(paths)
    files = [i.path for i in inputs]
    single = len(paths) == 1 and len(files) == 1 and not Path(paths[0]).is_dir()
    to_file = out.suffix.lower() in (".html", ".htm")
    if to_file and not single:
        raise typer.BadParameter("a .html output takes one input file; give a folder for several",
                                 param_hint="-o")
    folder = out.parent if to_file else out
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise typer.BadParameter(f"cannot use {folder} as the output folder ({exc.strerror})",
                                 param_hint="-o") from None

    with_index = not single
    pages = {}
    jobs_ = []
    for inp, stem in zip(inputs, _page_names(files, with_index)):
        try:
            target = out if to_file else output_path(folder, stem, "html")
        except ValueError as exc:
            inp = inp._replace(problem=f"no review page ({exc})")
            target = None
        pages[inp.path] = target
        jobs_.append(PageJob(inp, encoding, max_bytes, str(target)))

    from .. import batch
    entries, written = [], []
    for o in batch.run(jobs_, write_page, batch.Options(jobs=jobs, quiet=quiet, label="pages")):
        inp = o.item.input
        if o.error is not None:
            entries.append({"source": inp.name, "page": None, "counts": None, "error": o.error})
            continue
        target = pages[inp.path]
        written.append(target)
        entries.append({"source": inp.name, "page": target.name, "counts": o.value, "error": None})
    failed = sum(1 for e in entries if e["error"])
    if with_index:
        index = output_path(folder, "index", "html")
        title = paths[0] if len(paths) == 1 else f"{len(files)} inputs"
        write_atomic(index, render_index(entries, title=title))
        written.append(index)
    if not quiet:
        typer.echo(f"wrote {len(written) - with_index} review page(s)"
                   + (f" and {folder / 'index.html'}" if with_index else f": {written[0]}" if written else ""),
                   err=True)
    raise typer.Exit(1 if failed else 0)
