"""`policyparse flatten`: inputs -> Parquet tables (files, documents, sections, targets, responsibilities,
tables, table_cells, warnings), on this machine or on a Dask cluster."""
from __future__ import annotations

import sys
from typing import Optional

import typer

from ._app import app
from ._common import Engine, _stderr


def _storage_options(pairs: list[str]) -> dict | None:
    """KEY=VALUE pairs for fsspec; values read as YAML scalars (true, 3, anon)."""
    import yaml
    out = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        if not eq or not key:
            raise typer.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--storage-option")
        out[key] = yaml.safe_load(value) if value else ""
    return out or None


@app.command()
def flatten(
    paths: list[str] = typer.Argument(..., help="Files, folders (every *.txt, *.html, *.htm, *.docx and *.pdf under "
                                                "them) or fsspec URLs (s3://bucket/prefix/, gs://…/*.txt)."),
    out: str = typer.Option(..., "-o", "--out", help="Output folder or URL: OUT/<table>/part-NNNNN.parquet."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local processes, or a Dask cluster."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="Dask scheduler address (tcp://host:8786) or scheduler file; "
                                                 "default: a LocalCluster on this machine."),
    jobs: int = typer.Option(0, "--jobs", "-j",
                             help="Local worker processes, or LocalCluster workers (0 = all cores)."),
    partition_mb: float = typer.Option(8.0, "--partition-mb", help="Input megabytes per partition (one task, "
                                                                  "one part file per table)."),
    encoding: str = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ..."),
    max_bytes: int = typer.Option(50 * 1024 * 1024, "--max-bytes", help="Refuse inputs larger than this."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace the tables already in OUT."),
    storage_option: list[str] = typer.Option([], "--storage-option", "-S",
                                             help="fsspec option KEY=VALUE for URLs (repeatable), e.g. anon=true."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary."),
):
    """Parse inputs into Parquet tables for pandas, polars and DuckDB (one folder per table)."""
    raise typer.Exit(run(paths, out, fmt="parquet", engine=engine.value, scheduler=scheduler, jobs=jobs,
                         partition_mb=partition_mb, encoding=encoding, max_bytes=max_bytes, overwrite=overwrite,
                         storage_options=_storage_options(storage_option), quiet=quiet))


def run(paths: list[str], out: str, *, fmt: str = "parquet", engine: str = "local", scheduler: str | None = None,
        jobs: int = 0, partition_mb: float = 8.0, encoding: str = "auto", max_bytes: int = 50 * 1024 * 1024,
        overwrite: bool = False, storage_options: dict | None = None, quiet: bool = False) -> int:
    """The work of `flatten`, and of `extract --format parquet` / `extract --engine dask` (fmt parquet,
    json or jsonl; json and jsonl only on Dask): returns the exit code (0, or 1 when an input failed)."""
    err = _stderr()
    try:
        from .. import parquet
        if fmt == "parquet":
            import pyarrow  # noqa: F401
        if engine == "dask":
            import distributed  # noqa: F401
    except ImportError as exc:
        extra = "dask" if engine == "dask" else "parquet"
        err.print(f"this needs {exc.name}: pip install 'policyparse[{extra}]'", markup=False, highlight=False)
        return 1
    if engine != "dask" and fmt != "parquet":
        raise typer.BadParameter(f"--format {fmt} with the local engine is extract's own path", param_hint="--format")
    paths, refused = _refuse_unsafe(paths)
    if not paths and refused:
        return 1
    if not parquet.list_inputs(paths, storage_options):
        raise typer.BadParameter("no input files found", param_hint="PATHS")

    def report(part):
        for _, error in part.failures:
            err.print(error, markup=False, highlight=False, soft_wrap=True)

    kw = dict(partition_mb=partition_mb, encoding=encoding, max_bytes=max_bytes, overwrite=overwrite,
              storage_options=storage_options, on_part=report)
    try:
        if engine == "dask":
            from .. import distributed as ppd
            summary = ppd.run(paths, out, fmt=fmt, scheduler=scheduler, workers=jobs or None, **kw)
        else:
            if scheduler:
                raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
            summary = parquet.flatten(paths, out, jobs=jobs, **kw)
    except ValueError as exc:                      # an output folder that already holds tables
        err.print(str(exc), markup=False, highlight=False)
        return 1
    except KeyboardInterrupt:
        err.print("interrupted: the part files written so far are complete; run again with --overwrite",
                  markup=False)
        raise typer.Exit(130) from None
    if not quiet:
        _summary(err, summary, out, refused)
    sys.stdout.flush()
    return 1 if summary.failures or refused else 0


def _refuse_unsafe(paths: list[str]) -> tuple[list[str], int]:
    """Local inputs through batch.collect, the one folder walk: what it refuses (a FIFO, socket or device,
    a loop of links, a link leading out of the folder given) is printed as `path: reason` and counted,
    never opened; a folder's refused entries are left out by locations.list_inputs, a refused path given
    by name is left out here. A missing file given by name goes on: it becomes a `files` row.
    Returns (the paths to flatten, how many inputs were refused)."""
    from ..batch import collect, say
    from ..locations import is_url
    local = [p for p in paths if not is_url(p) and p != "-"]
    refused = [i for i in collect(local)
               if i.problem and not (i.path in local and i.problem.startswith("cannot read ("))]
    for inp in refused:
        say(f"{inp.name}: {inp.problem}")
    given = {i.path for i in refused}
    return [p for p in paths if p not in given], len(refused)


def _summary(err, summary, out: str, refused: int = 0) -> None:
    from rich.table import Table
    t = Table(show_header=True, header_style="bold", title=f"{out}: {summary.partitions} partitions, "
              f"{summary.bytes / 1e6:.1f} MB in {summary.seconds:.2f}s", title_justify="left")
    t.add_column("files", justify="right")
    t.add_column("failed", justify="right")
    for name in summary.rows:
        if name != "files":
            t.add_column(name, justify="right")
    t.add_row(str(summary.files + refused), str(len(summary.failures) + refused),
              *(str(v) for k, v in summary.rows.items() if k != "files"))
    err.print(t)
