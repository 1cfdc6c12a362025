"""Parquet output: the flat tables of flat.py as partitioned datasets, `DIR/<table>/part-NNNNN.parquet`.

One part file per table per partition (a partition is a run of input files, ~`partition_mb` of them),
written by whoever parsed that partition: a local worker process or a Dask worker (distributed.py).
The parent only lists the inputs, hands out partitions and adds up what comes back; no parsed data
passes through it. Every table directory reads as one dataset:

    pandas.read_parquet("out/targets")                       # pyarrow engine
    polars.read_parquet("out/targets/*.parquet")
    duckdb.sql("SELECT * FROM 'out/targets/*.parquet'")

Every input is one row of `files`: `ok = true`, or `ok = false` with the `error` (`path: reason`) that
`extract` would print. The schema (flat.COLUMNS) is stored in every part, with the contract's
schema_version in the file metadata, so empty parts still say what their columns are.

pyarrow (and fsspec, for URLs) are imported here, inside functions: `import policyparse` and plain
`extract` never load them.
"""
from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from . import flat

# where the inputs come from (files, folders, URLs), re-exported: policyparse.parquet is the engines' API
from .locations import MAX_BYTES, PARTITION_MB, SUFFIXES, Input, is_url, list_inputs, partitions, read_input  # noqa: F401
from .locations import join as _join

PART = "part-{}.parquet"             # part-00003.parquet; a partition split after a crash: part-00003-001


# --- schema -----------------------------------------------------------------------------------------

@functools.cache
def schema(table: str):
    """The pyarrow schema of one flat table (flat.COLUMNS), with the contract's schema_version."""
    import pyarrow as pa
    from .models import SCHEMA_VERSION
    span = pa.struct([("start", pa.int64()), ("end", pa.int64())])
    types = {"string": pa.string(), "bool": pa.bool_(), "int32": pa.int32(), "int64": pa.int64(),
             "float64": pa.float64(), "list<string>": pa.list_(pa.string()), "list<span>": pa.list_(span)}
    return pa.schema([pa.field(name, types[kind], nullable=name not in flat.KEYS)
                      for name, kind in flat.COLUMNS[table]],
                     metadata={"policyparse.schema_version": SCHEMA_VERSION, "policyparse.table": table})


def to_arrow(table: str, rows: Sequence[dict]):
    """A pyarrow Table of `rows` (flat.py dicts) with the table's schema."""
    import pyarrow as pa
    sch = schema(table)
    return pa.table([pa.array([r[name] for r in rows], type=sch.field(name).type) for name in sch.names],
                    schema=sch)


# --- one partition: read, parse, flatten, write -----------------------------------------------------

class Job(NamedTuple):
    """One partition's work, small enough to send to any worker. `name` names its part files."""

    name: str
    inputs: tuple[Input, ...]
    outdir: str
    encoding: str = "auto"
    max_bytes: int = MAX_BYTES
    storage_options: dict | None = None


class PartResult(NamedTuple):
    """What a worker hands back: counts and failures, never the parsed data."""

    name: str
    files: int
    bytes: int
    failures: tuple[tuple[str, str], ...]           # (file, `file: reason`)
    rows: dict                                      # table -> rows written
    cpu_seconds: float


def parse_input(file: str, encoding: str = "auto", max_bytes: int = MAX_BYTES,
                storage_options: dict | None = None):
    """(bytes read, ParseResult or None, error or None, the bytes) for one input, through reading.parse_bytes,
    the function every engine uses. Never raises: unreadable input is `file: reason`, a bug in a stage
    `file: internal error (…)`, as `extract` reports them."""
    from .diagnostics import PolicyParseError
    from .reading import parse_bytes
    data = b""
    try:
        data = read_input(file, max_bytes, storage_options)
        return len(data), parse_bytes(data, path=file, encoding=encoding, max_bytes=max_bytes), None, data
    except PolicyParseError as exc:
        return len(data), None, str(exc), data
    except Exception as exc:  # noqa: BLE001 - one bad file (even RecursionError) must not cost the partition
        return len(data), None, f"{file}: internal error ({type(exc).__name__}: {exc}); please report this file", data


def text_of(result, data: bytes) -> str | None:
    """The text the result's spans index (for line numbers): the input decoded again with the encoding
    found (about 1 % of the parse), or an HTML/DOCX/PDF input converted again."""
    try:
        if result.source.format == "text":
            from .decode import decode
            text = decode(data, result.source.encoding).text
        else:
            from .convert import to_text
            text = to_text(data, "auto", name=result.source.path or "<input>").text
    except Exception:  # noqa: BLE001 - only line numbers depend on it
        return None
    return text if len(text) == result.source.chars else None


def flatten_files(files: Iterable[str], encoding: str = "auto", max_bytes: int = MAX_BYTES,
                  storage_options: dict | None = None) -> tuple[dict[str, list[dict]], int]:
    """The flat rows of `files` (parsed one at a time) and the bytes read."""
    out = flat.empty()
    total = 0
    for file in files:
        n, result, error, data = parse_input(file, encoding, max_bytes, storage_options)
        total += n
        got = flat.failed(file, error) if result is None else flat.rows(file, result, text_of(result, data))
        for name, rows in got.items():
            out[name] += rows
    return out, total


def flatten_part(job: Job) -> PartResult:
    """Parse one partition and write its part file of every table (the work of one task)."""
    c0 = time.process_time()
    tables, n_bytes = flatten_files([i.file for i in job.inputs], job.encoding, job.max_bytes,
                                    job.storage_options)
    write_part(tables, job.outdir, job.name, job.storage_options)
    failures = tuple((r["file"], r["error"]) for r in tables["files"] if not r["ok"])
    return PartResult(job.name, len(job.inputs), n_bytes, failures, {k: len(v) for k, v in tables.items()},
                      time.process_time() - c0)


def write_part(tables: dict[str, list[dict]], outdir: str, name: str, storage_options: dict | None = None) -> None:
    """One part file per table (empty ones too: every part says what its columns are)."""
    for table, rows in tables.items():
        write_table(to_arrow(table, rows), part_path(outdir, table, name), storage_options)


def part_path(outdir: str, table: str, name: str) -> str:
    return _join(str(outdir), table, PART.format(name))


def write_table(table, where: str, storage_options: dict | None = None) -> None:
    """Write one part file: locally to a temp name then renamed (readers never see half a file; a
    retried task replaces its own part), to a URL through fsspec (one object, written whole)."""
    import pyarrow.parquet as pq
    if is_url(where):
        import fsspec
        with fsspec.open(where, "wb", **(storage_options or {})) as fh:
            pq.write_table(table, fh, compression="zstd")
        return
    from .output import atomic_target
    os.makedirs(os.path.dirname(where), exist_ok=True)
    with atomic_target(where) as tmp:
        pq.write_table(table, str(tmp), compression="zstd")


# --- the output folder ------------------------------------------------------------------------------

def prepare(outdir: str, overwrite: bool = False, storage_options: dict | None = None) -> None:
    """Refuse a folder that already holds tables (parts of two runs would mix), or with `overwrite`
    remove their part files first. Raises ValueError with what to do."""
    if is_url(outdir):
        import fsspec
        fs, root = fsspec.core.url_to_fs(outdir, **(storage_options or {}))
        old = [p for t in flat.TABLES for p in (fs.glob(f"{root.rstrip('/')}/{t}/part-*.parquet") or [])]
        remove = fs.rm
    else:
        old = [str(p) for t in flat.TABLES for p in Path(outdir, t).glob("part-*.parquet")]
        remove = os.unlink
    if old and not overwrite:
        raise ValueError(f"{outdir} already holds Parquet tables ({len(old)} part files): "
                         "choose an empty folder or pass --overwrite")
    for p in old:
        remove(p)


def read_table(outdir: str, table: str, storage_options: dict | None = None):
    """One table of a flattened folder as a pyarrow Table, rows in flat.ORDER (whatever engine or
    partitioning wrote it)."""
    import pyarrow.dataset as ds
    if is_url(outdir):
        import fsspec
        fs, root = fsspec.core.url_to_fs(outdir, **(storage_options or {}))
        data = ds.dataset(f"{root.rstrip('/')}/{table}", format="parquet", filesystem=fs, schema=schema(table))
    else:
        data = ds.dataset(os.path.join(outdir, table), format="parquet", schema=schema(table))
    return data.to_table().sort_by([(k, "ascending") for k in flat.ORDER[table]])


# --- the local engine -------------------------------------------------------------------------------

@dataclass
class Summary:
    """What a flatten run did: inputs, bytes, rows per table, failures, time."""

    files: int = 0
    bytes: int = 0
    partitions: int = 0
    rows: dict = field(default_factory=lambda: {t: 0 for t in flat.TABLES})
    failures: list = field(default_factory=list)      # (file, `file: reason`)
    seconds: float = 0.0
    worker_cpu_seconds: float = 0.0

    def add(self, part: PartResult) -> None:
        self.partitions += 1
        self.files += part.files
        self.bytes += part.bytes
        self.failures += part.failures
        self.worker_cpu_seconds += part.cpu_seconds
        for k, v in part.rows.items():
            self.rows[k] += v


def jobs_for(paths: Sequence[str], outdir: str, *, min_partitions: int = 1, partition_mb: float = PARTITION_MB,
             encoding: str = "auto", max_bytes: int = MAX_BYTES, storage_options: dict | None = None) -> list[Job]:
    """The partitions of `paths` as Jobs, at least `min_partitions` of them where the inputs allow."""
    inputs = list_inputs(paths, storage_options)
    parts = partitions(inputs, partition_mb, at_least=min_partitions)
    return [Job(f"{i:05d}", run, str(outdir), encoding, max_bytes, storage_options) for i, run in enumerate(parts)]


def flatten(paths: Sequence[str], outdir: str, *, jobs: int = 1, partition_mb: float = PARTITION_MB,
            encoding: str = "auto", max_bytes: int = MAX_BYTES, overwrite: bool = False,
            storage_options: dict | None = None,
            on_part: Callable[[PartResult], None] | None = None) -> Summary:
    """Flatten `paths` (files, folders, URLs) into Parquet tables under `outdir` on this machine:
    `jobs` worker processes (0 = all cores), each writing the parts it parsed."""
    t0 = time.perf_counter()
    jobs = (os.cpu_count() or 1) if jobs == 0 else max(1, jobs)
    prepare(str(outdir), overwrite, storage_options)
    work = jobs_for(paths, str(outdir), min_partitions=4 * jobs if jobs > 1 else 1, partition_mb=partition_mb,
                    encoding=encoding, max_bytes=max_bytes, storage_options=storage_options)
    summary = Summary()
    if jobs > 1 and len(work) > 1:
        from .pipeline import parse_text
        # modules and cached lexicons loaded once, before the fork: workers inherit them (pyarrow too, and
        # pandas, which pyarrow imports on its first array: ~0.5 s of CPU per worker otherwise)
        parse_text("一、总体要求\n到2025年，全市软件业务收入达100亿元（牵头单位：市经济信息委）。\n")
        for name in flat.TABLES:
            to_arrow(name, [])
        import pyarrow.parquet  # noqa: F401
        results = _pooled(work, min(jobs, len(work)))
    else:
        results = map(flatten_part, work)
    for part in results:
        summary.add(part)
        if on_part:
            on_part(part)
    summary.seconds = time.perf_counter() - t0
    return summary


def _pooled(work: list[Job], workers: int, work_fn: Callable[[Job], PartResult] | None = None):
    """PartResults of `work` on a process pool. A worker that dies (the OOM killer, a crash) breaks the
    pool and every job in flight with it: those jobs run again in a new pool, split into one job per
    file; a one-file job that broke a pool runs alone in a pool of its own, and a file that kills that
    one too is recorded as failed (a `files` row). No input is lost, and the pool never hangs."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool
    fn = work_fn or flatten_part
    ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
    pending, alone = list(work), False
    while pending:
        broken: list[Job] = []
        for batch in ([[j] for j in pending] if alone else [pending]):
            with ProcessPoolExecutor(1 if alone else workers, mp_context=ctx) as pool:
                futures = {pool.submit(fn, j): j for j in batch}
                for f in as_completed(futures):
                    try:
                        yield f.result()
                    except BrokenProcessPool:
                        broken.append(futures[f])
        pending = []
        for job in broken:
            if len(job.inputs) > 1:
                _remove_part(job)
                pending += [job._replace(name=f"{job.name}-{k:03d}", inputs=(i,)) for k, i in enumerate(job.inputs)]
            elif alone:
                yield lost(job, "the worker process died")
            else:
                pending.append(job)
        alone = not any(len(j.inputs) > 1 for j in broken) and bool(pending)


def lost(job: Job, reason: str) -> PartResult:
    """A one-file job whose worker died even with the file alone: its `files` row says so."""
    (inp,) = job.inputs
    error = f"{inp.file}: worker failed while parsing it ({reason}); please report this file"
    rows = flat.failed(inp.file, error)
    write_part(rows, job.outdir, job.name, job.storage_options)
    return PartResult(job.name, 1, max(inp.size, 0), ((inp.file, error),), {k: len(v) for k, v in rows.items()}, 0.0)


def _remove_part(job: Job) -> None:
    """Remove what a job that died may have written (its retries write other names)."""
    for table in flat.TABLES:
        where = part_path(job.outdir, table, job.name)
        if is_url(where):
            import fsspec
            fs, path = fsspec.core.url_to_fs(where, **(job.storage_options or {}))
            if fs.exists(path):
                fs.rm(path)
        elif os.path.exists(where):
            os.unlink(where)
