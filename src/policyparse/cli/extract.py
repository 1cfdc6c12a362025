"""`policyparse extract`: parse inputs into JSON / JSONL / YAML, one object per input file; Parquet tables
and the Dask engine through flatten's `run` (the same tables as `policyparse flatten`)."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ._app import app
from ._common import PATHS_HELP, Engine, collect_inputs, encoding_option, jobs_option, max_bytes_option, quiet_option


class Fmt(str, Enum):
    json = "json"
    jsonl = "jsonl"
    yaml = "yaml"
    parquet = "parquet"


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help=PATHS_HELP + " With --engine dask (or --format parquet), fsspec "
                                                            "URLs too: s3://bucket/prefix/, gs://…/*.txt."),
    out: Optional[str] = typer.Option(None, "-o", "--out", metavar="DIR",
                                      help="Write one file per input under DIR, at the input's path inside the "
                                           "directory given (corpus/2025/北京.txt -> DIR/2025/北京.json); for "
                                           "parquet, DIR/<table>/part-NNNNN.parquet. A URL (s3://bucket/out) "
                                           "with --engine dask or --format parquet."),
    fmt: Fmt = typer.Option(Fmt.json, "--format", "-f",
                            help="json (indented), jsonl (one line) or yaml (a --- document): one object per input; "
                                 "parquet: the flat tables of `policyparse flatten` (needs -o)."),
    engine: Engine = typer.Option(Engine.local, "--engine",
                                  help="local processes, or a Dask cluster (json, jsonl or parquet, with -o)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                            help="With --engine dask: the scheduler (tcp://host:8786) or a scheduler "
                                                 "file; default: a LocalCluster of --jobs workers here."),
    encoding: str = encoding_option(),
    jobs: int = jobs_option(),
    max_bytes: int = max_bytes_option(),
    skip_existing: bool = typer.Option(False, "--skip-existing",
                                       help="With -o: leave out inputs whose output file exists (resume a batch)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="With --format parquet: replace the tables in DIR."),
    storage_option: list[str] = typer.Option([], "--storage-option", "-S", metavar="KEY=VALUE",
                                             help="fsspec option for URLs (repeatable), e.g. anon=true."),
    quiet: bool = quiet_option(),
):
    """Parse policy documents into structured data: one ParseResult object per input.

    On stdout the shape never depends on how many inputs there are: one object per input, in input
    order. json prints indented objects one after another (a stream, as jq reads it; json.loads reads
    one, use jsonl to read several in Python), jsonl one object per line, yaml one document per input,
    each starting with ---. With -o DIR each input gets its own file and stdout stays empty.
    --format parquet writes the tables `policyparse flatten` writes; --engine dask runs on a Dask
    cluster (json: one file per input, jsonl: one part per partition, parquet: the tables).
    Failures print `path: reason` on stderr; exit 1 if any input failed, 2 for a usage error.
    """
    if fmt is Fmt.parquet or engine is Engine.dask:
        raise typer.Exit(_via_flatten(paths, out, fmt, engine, scheduler, encoding, jobs, max_bytes, skip_existing,
                                      overwrite, storage_option, quiet))
    for flag, given in (("--scheduler", scheduler), ("--overwrite", overwrite), ("--storage-option", storage_option)):
        if given:
            raise typer.BadParameter(f"{flag} needs --engine dask or --format parquet", param_hint=flag)
    from .. import batch
    from ..locations import is_url
    if out is not None and is_url(out):
        raise typer.BadParameter("an output URL needs --engine dask or --format parquet", param_hint="-o")
    inputs = collect_inputs(paths)
    if skip_existing and out is None:
        raise typer.BadParameter("--skip-existing needs -o DIR", param_hint="--skip-existing")
    outdir = Path(out) if out is not None else None
    if outdir is not None:
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise typer.BadParameter(f"cannot use {outdir} as the output folder ({exc.strerror})",
                                     param_hint="-o") from None
    planned, skipped = batch.plan_extract(inputs, outdir, fmt.value, encoding, max_bytes, skip_existing)
    code = batch.run_extract(planned, batch.Options(jobs=jobs, quiet=quiet, label="files"), skipped=skipped)
    raise typer.Exit(code)


def _via_flatten(paths: list[str], out: str | None, fmt: Fmt, engine: Engine, scheduler: str | None, encoding: str,
                 jobs: int, max_bytes: int, skip_existing: bool, overwrite: bool, storage_option: list[str],
                 quiet: bool) -> int:
    """Parquet (local or Dask) and the Dask engine: cli/flatten.py's `run`, with extract's usage errors."""
    from .flatten import _storage_options, run
    what = "--format parquet" if engine is Engine.local else "--engine dask"
    if out is None:
        raise typer.BadParameter(f"{what} writes files: give -o DIR (or a URL)", param_hint="-o")
    if fmt is Fmt.yaml:
        raise typer.BadParameter("--engine dask writes json, jsonl or parquet", param_hint="--format")
    if "-" in paths:
        raise typer.BadParameter(f"stdin (-) cannot go to {what}: give files, folders or URLs", param_hint="PATHS")
    if skip_existing:
        raise typer.BadParameter(f"--skip-existing is for the local json/jsonl/yaml outputs, not {what}",
                                 param_hint="--skip-existing")
    if overwrite and fmt is not Fmt.parquet:
        raise typer.BadParameter("--overwrite is for --format parquet", param_hint="--overwrite")
    return run(paths, out, fmt=fmt.value, engine=engine.value, scheduler=scheduler, jobs=jobs, encoding=encoding,
               max_bytes=max_bytes, overwrite=overwrite, storage_options=_storage_options(storage_option),
               quiet=quiet)
