"""`policyparse review`: one self-contained HTML review page per input, and an index page for a batch."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from ._app import app
from ._common import expand_paths


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


@app.command()
def review(
    paths: list[str] = typer.Argument(..., help="Files, directories (every *.txt under them) or - for stdin."),
    out: Path = typer.Option(..., "-o", "--out",
                             help="A folder (one OUT/<stem>.html per input, plus OUT/index.html for a directory "
                                  "or several inputs), or a .html file for one input."),
    encoding: str = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ..."),
    max_bytes: int = typer.Option(50 * 1024 * 1024, "--max-bytes", help="Refuse inputs larger than this."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
):
    """Write HTML review pages: the source text with every section heading, target, responsibility and table
    marked, beside the outline, a sortable targets table, the tables and the warnings (no network needed)."""
    from ..diagnostics import PolicyParseError
    from ..output import output_path, write_atomic
    from ..pipeline import parse_bytes, parse_file
    from ..review import counts, render_index, render_page, source_text, text_of_bytes

    files = expand_paths(paths)
    if not files:
        raise typer.BadParameter("no input files found", param_hint="PATHS")
    if files.count("-") > 1:
        raise typer.BadParameter("'-' (stdin) may be given once", param_hint="PATHS")
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
    names = _page_names(files, with_index)
    entries, failed, written = [], 0, []
    for path, stem in zip(files, names):
        shown = "<stdin>" if path == "-" else path
        try:
            if path == "-":
                data = sys.stdin.buffer.read(max_bytes + 1)
                result = parse_bytes(data, encoding=encoding, max_bytes=max_bytes)
                text = text_of_bytes(data, encoding)
            else:
                result = parse_file(path, encoding=encoding, max_bytes=max_bytes)
                text = source_text(path, encoding)
            target = out if to_file else output_path(folder, stem, "html")
            write_atomic(target, render_page(result, text, name=shown))
        except (PolicyParseError, ValueError, OSError) as exc:
            failed += 1
            typer.echo(f"{shown}: no review page ({exc})" if not isinstance(exc, PolicyParseError) else str(exc),
                       err=True)
            entries.append({"source": shown, "page": None, "counts": None, "error": str(exc)})
            continue
        written.append(target)
        entries.append({"source": shown, "page": target.name, "counts": counts(result), "error": None})
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
