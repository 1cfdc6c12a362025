"""The Dask path: corpora in folders or object storage, parsed on a Dask cluster.

Each task takes one partition (a run of input files, ~8 MB), reads the files itself (local paths or
fsspec URLs: s3://, gs://, hdfs://, … with the user's fsspec backend), parses them with
`reading.parse_bytes` — the function the local path uses — and writes its own outputs: a part file
of every flat table (parquet.py), or JSON per file, or one JSON Lines part. Only counts and failures
come back to the client. A file that cannot be read or parsed is a row (`files.ok = false`, `error`);
a partition whose task dies (a worker killed by the OS, a crash in native code) is split and run file
by file, and a file that still kills its worker is recorded as failed: no input is ever lost.

Command line (cli/flatten.py; `extract --engine dask` calls the same `run`):

    policyparse flatten s3://bucket/policies/ -o s3://bucket/tables/ --engine dask --scheduler tcp://10.0.0.5:8786

Library, for people who build their own Dask graphs::

    from policyparse import distributed as ppd
    bag = ppd.parsed_bag("s3://bucket/2025/**/*.txt", storage_options={"anon": False})  # Bag of Parsed
    targets = ppd.table_bag(bag, "targets")            # Bag of flat rows (dicts), flat.COLUMNS["targets"]
    df = ppd.to_dataframe(bag, "targets")               # dask.dataframe with the Parquet schema's dtypes
    summary = ppd.run(["data/raw"], "out/", client=client)   # what the CLI does

dask, distributed and pyarrow are imported inside functions: `import policyparse` never loads them.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import NamedTuple

from . import flat, parquet
from .parquet import MAX_BYTES, PARTITION_MB, Job, PartResult, Summary

FORMATS = ("parquet", "json", "jsonl")


class Parsed(NamedTuple):
    """One input as a Dask bag holds it: the ParseResult, or the error that stopped it."""

    file: str
    result: object | None        # policyparse.models.ParseResult
    error: str | None


# --- clusters ---------------------------------------------------------------------------------------

def connect(scheduler: str | None = None, workers: int | None = None):
    """A dask.distributed Client: to the scheduler at `scheduler` (tcp://host:8786, or a scheduler
    file path), else to a new LocalCluster of `workers` single-threaded processes (all cores by
    default; parsing holds the GIL, so processes, not threads). Close it when done."""
    from distributed import Client, LocalCluster
    if scheduler:
        if os.path.isfile(scheduler):
            return Client(scheduler_file=scheduler)
        return Client(scheduler)
    cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    client = Client(cluster)
    client._policyparse_cluster = cluster          # closed with the client by close()
    return client


def close(client) -> None:
    cluster = getattr(client, "_policyparse_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def _threads(client) -> int:
    return max(1, sum(client.nthreads().values()))


# --- the driver -------------------------------------------------------------------------------------

def run(paths: Sequence[str], outdir: str, *, fmt: str = "parquet", client=None, scheduler: str | None = None,
        workers: int | None = None, partition_mb: float = PARTITION_MB, min_partitions: int | None = None,
        encoding: str = "auto",
        max_bytes: int = MAX_BYTES, overwrite: bool = False, storage_options: dict | None = None,
        work: Callable[[Job], PartResult] | None = None,
        on_part: Callable[[PartResult], None] | None = None) -> Summary:
    """Parse every input under `paths` on a Dask cluster and write `fmt` under `outdir` (a folder or
    an fsspec URL): Parquet tables (parquet.py), one JSON per input (mirroring its path under the
    folder given) or JSON Lines parts (`part-NNNNN.jsonl`, one line per input). Uses `client`, or
    connects to `scheduler`, or starts a LocalCluster of `workers` processes (closed afterwards).
    Partitions hold ~`partition_mb` of input each, and there are at least `min_partitions` of them
    (default: 4 per worker thread, so that every worker has several) where the inputs allow.
    Failures are in the returned Summary (and, for Parquet, in the `files` table)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    t0 = time.perf_counter()
    own = client is None
    if own:
        client = connect(scheduler, workers)
    try:
        if fmt == "parquet":
            parquet.prepare(str(outdir), overwrite, storage_options)
        at_least = min_partitions if min_partitions is not None else 4 * _threads(client)
        jobs = parquet.jobs_for(paths, str(outdir), min_partitions=at_least, partition_mb=partition_mb,
                                encoding=encoding, max_bytes=max_bytes, storage_options=storage_options)
        work = work or (parquet.flatten_part if fmt == "parquet" else _json_part if fmt == "json" else _jsonl_part)
        summary = _drive(client, jobs, work, fmt, on_part)
    finally:
        if own:
            close(client)
    summary.seconds = time.perf_counter() - t0
    return summary


def _drive(client, jobs: list[Job], work, fmt: str, on_part) -> Summary:
    """Run every job; a job whose task fails is split into one job per file; a one-file job that
    fails is written (Parquet) or reported as that file's failure."""
    from distributed import as_completed
    summary = Summary()
    pending = {f: job for job, f in zip(jobs, client.map(work, jobs, pure=False))}
    done = as_completed(list(pending))
    for fut in done:
        job = pending.pop(fut)
        try:
            part = fut.result()
        except Exception as exc:  # noqa: BLE001 - a killed worker, a crash, an unwritable output
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            fut.release()
            if len(job.inputs) > 1:
                _discard(job, fmt)
                singles = [job._replace(name=f"{job.name}-{k:03d}", inputs=(inp,)) for k, inp in enumerate(job.inputs)]
                for s, f in zip(singles, client.map(work, singles, pure=False)):
                    pending[f] = s
                    done.add(f)
                continue
            part = _lost(job, reason, fmt)
        summary.add(part)
        if on_part:
            on_part(part)
    return summary


def _lost(job: Job, reason: str, fmt: str) -> PartResult:
    """The one file of a job whose task failed even alone: a failure (a `files` row for Parquet)."""
    if fmt == "parquet":
        return parquet.lost(job, reason)
    (inp,) = job.inputs
    error = f"{inp.file}: worker failed while parsing it ({reason}); please report this file"
    return PartResult(job.name, 1, max(inp.size, 0), ((inp.file, error),), {"files": 1}, 0.0)


def _discard(job: Job, fmt: str) -> None:
    """Remove what a failed task may have written before it failed (its retries write other names)."""
    import fsspec
    paths = ([parquet.part_path(job.outdir, t, job.name) for t in flat.TABLES] if fmt == "parquet" else
             [parquet._join(job.outdir, f"part-{job.name}.jsonl")] if fmt == "jsonl" else [])
    for p in paths:
        fs, path = fsspec.core.url_to_fs(p, **(job.storage_options or {}))
        if fs.exists(path):
            fs.rm(path)


# --- JSON outputs -----------------------------------------------------------------------------------

def _json_part(job: Job) -> PartResult:
    """One JSON file per input, at its path under the folder given (2025/a.txt -> OUT/2025/a.json)."""
    return _text_part(job, lambda inp, result: _write_text(
        parquet._join(job.outdir, *_json_name(inp.rel).split("/")), result.model_dump_json(indent=1) + "\n",
        job.storage_options))


def _json_name(rel: str) -> str:
    """The JSON output's path for an input's path under its folder.

    >>> _json_name("2025/北京.txt"), _json_name("README")
    ('2025/北京.json', 'README.json')
    """
    from pathlib import PurePosixPath
    return PurePosixPath(rel).with_suffix(".json").as_posix()


def _jsonl_part(job: Job) -> PartResult:
    """One JSON Lines part per partition, one line per parsed input, in input order."""
    lines: list[str] = []
    part = _text_part(job, lambda inp, result: lines.append(result.model_dump_json() + "\n"))
    _write_text(parquet._join(job.outdir, f"part-{job.name}.jsonl"), "".join(lines), job.storage_options)
    return part


def _text_part(job: Job, emit) -> PartResult:
    c0 = time.process_time()
    failures, n_bytes, docs = [], 0, 0
    for inp in job.inputs:
        n, result, error, _ = parquet.parse_input(inp.file, job.encoding, job.max_bytes, job.storage_options)
        n_bytes += n
        if result is None:
            failures.append((inp.file, error))
            continue
        docs += len(result.documents)
        emit(inp, result)
    return PartResult(job.name, len(job.inputs), n_bytes, tuple(failures),
                      {"files": len(job.inputs), "documents": docs}, time.process_time() - c0)


def _write_text(where: str, text: str, storage_options: dict | None) -> None:
    if parquet.is_url(where):
        import fsspec
        with fsspec.open(where, "w", encoding="utf-8", **(storage_options or {})) as fh:
            fh.write(text)
        return
    from pathlib import Path
    from .output import write_atomic
    Path(where).parent.mkdir(parents=True, exist_ok=True)
    write_atomic(Path(where), text)


# --- for people who build their own graphs ----------------------------------------------------------

def parsed_bag(paths: str | Sequence[str], *, partition_mb: float = PARTITION_MB, partitions: int = 1,
               encoding: str = "auto", max_bytes: int = MAX_BYTES, storage_options: dict | None = None):
    """A dask.bag of `Parsed(file, result, error)`, one per input, a partition per ~`partition_mb`
    of input (at least `partitions` of them). Nothing is read until the bag is computed; each task
    reads its own files."""
    import dask
    import dask.bag as db
    inputs = parquet.list_inputs([paths] if isinstance(paths, str) else paths, storage_options)
    runs = parquet.partitions(inputs, partition_mb, at_least=partitions)
    return db.from_delayed([dask.delayed(_parse_run, pure=True)(tuple(i.file for i in run), encoding, max_bytes,
                                                                storage_options) for run in runs])


def _parse_run(files: tuple[str, ...], encoding: str, max_bytes: int, storage_options: dict | None) -> list[Parsed]:
    out = []
    for file in files:
        _, result, error, _ = parquet.parse_input(file, encoding, max_bytes, storage_options)
        out.append(Parsed(file, result, error))
    return out


def rows_of(parsed: Parsed, table: str) -> list[dict]:
    """The flat rows of one Parsed in `table` (flat.COLUMNS[table]); a failure is a `files` row."""
    if parsed.result is None:
        return flat.failed(parsed.file, parsed.error)[table]
    return flat.rows(parsed.file, parsed.result)[table]


def table_bag(bag, table: str):
    """A dask.bag of the flat rows (dicts) of `table` over a bag of Parsed."""
    if table not in flat.COLUMNS:
        raise ValueError(f"unknown table {table!r}: one of {', '.join(flat.TABLES)}")
    return bag.map(rows_of, table).flatten()


def to_dataframe(bag, table: str):
    """A dask.dataframe of `table` over a bag of Parsed, typed as the Parquet schema (pyarrow dtypes)."""
    import dask
    import dask.dataframe as dd
    parts = table_bag(bag, table).to_delayed()
    return dd.from_delayed([dask.delayed(_frame)(p, table) for p in parts], meta=_frame([], table))


def _frame(rows: list[dict], table: str):
    import pandas as pd
    return parquet.to_arrow(table, list(rows)).to_pandas(types_mapper=pd.ArrowDtype)
