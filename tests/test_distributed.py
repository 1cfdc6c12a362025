"""The Dask path (policyparse.distributed) on a real dask.distributed LocalCluster of 2 worker processes:
its Parquet tables equal the local path's, its JSON equals `extract`'s, failures are rows, and a
partition whose worker dies is split and retried so that no input is lost."""
from __future__ import annotations

import os
import subprocess
import sys

import cloudpickle
import dask
import pytest
from distributed import Client, LocalCluster

from conftest import ROOT
from policyparse import distributed as ppd
from policyparse import flat, parquet

SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))
REAL = sorted((ROOT / "tests" / "real" / "raw").glob("*.txt"))[::3][:20]     # a slice of the real corpus


@pytest.fixture(scope="module")
def client():
    # worker-saturation 1.0: a worker holds only the task it runs, so a worker killed by one input takes
    # no innocent queued task with it; allowed-failures 0: the first death marks the task failed (the
    # default retries three times, which the crash test would wait for).
    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0,
                          "distributed.scheduler.allowed-failures": 0}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        c = Client(cluster)
        try:
            yield c
        finally:
            c.close()
            cluster.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The seeds, a slice of the real corpus, a binary file and a missing one (both become failure rows)."""
    bad = tmp_path_factory.mktemp("bad") / "binary.txt"
    bad.write_bytes(b"\x00\x01PK\x03\x04" * 100)
    return [str(p) for p in SEEDS + REAL] + [str(bad), str(bad.parent / "missing.txt")]


@pytest.fixture(scope="module")
def local_tables(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    summary = parquet.flatten(inputs, str(out), jobs=1)
    assert summary.files == len(inputs)
    return out


def test_dask_parquet_equals_local(client, inputs, local_tables, tmp_path):
    summary = ppd.run(inputs, str(tmp_path), client=client, partition_mb=0.2)
    assert summary.files == len(inputs) and summary.partitions > 4       # partitioned: many tasks, many parts
    assert {f for f, _ in summary.failures} == set(inputs[-2:])
    for table in flat.TABLES:
        parts = sorted((tmp_path / table).glob("part-*.parquet"))
        assert len(parts) == summary.partitions, table
        got, want = parquet.read_table(str(tmp_path), table), parquet.read_table(str(local_tables), table)
        assert got.num_rows == want.num_rows and got.equals(want), table
    files = parquet.read_table(str(tmp_path), "files").to_pylist()
    assert [r["file"] for r in files] == sorted(inputs)                  # every input once, failed or not
    errors = {r["file"]: r["error"] for r in files if not r["ok"]}
    assert "not a text file" in errors[inputs[-2]] or "binary" in errors[inputs[-2]]
    assert "No such file" in errors[inputs[-1]]
    counts = {t: parquet.read_table(str(tmp_path), t).num_rows for t in ("documents", "targets", "sections")}
    assert counts["documents"] >= len(SEEDS) + len(REAL) and counts["targets"] > 300 and counts["sections"] > 500


def test_dask_json_equals_extract(client, tmp_path):
    """fmt=json writes what `policyparse extract DIR -o OUT` writes, byte for byte; jsonl the same objects."""
    src = ROOT / "data" / "raw"
    ppd.run([str(src)], str(tmp_path / "dask"), fmt="json", client=client)
    ppd.run([str(src)], str(tmp_path / "lines"), fmt="jsonl", client=client, partition_mb=0.1)
    r = subprocess.run([sys.executable, "-m", "policyparse", "extract", str(src), "-o", str(tmp_path / "local"), "-q"],
                       capture_output=True, check=False)
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "dask").iterdir()) and len(names) == len(SEEDS)
    for name in names:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    import json
    parts = sorted((tmp_path / "lines").glob("part-*.jsonl"))
    lines = [json.loads(line) for p in parts for line in p.read_text(encoding="utf-8").splitlines()]
    assert len(parts) > 1
    assert lines == [json.loads((tmp_path / "local" / n).read_text(encoding="utf-8")) for n in names]


def _crash_on(job):
    """A worker that dies (as on a segfault or the OOM killer) when its partition holds 003_*."""
    if any(os.path.basename(i.file).startswith("003_") for i in job.inputs):
        os._exit(1)
    return parquet.flatten_part(job)


def test_killed_worker_partition_is_split_and_the_file_recorded(client, tmp_path):
    cloudpickle.register_pickle_by_value(sys.modules[__name__])          # ship _crash_on to the workers
    try:
        paths = [str(p) for p in SEEDS]
        summary = ppd.run(paths, str(tmp_path), client=client, work=_crash_on, min_partitions=1)  # one task
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    crash = next(p for p in paths if os.path.basename(p).startswith("003_"))
    assert [f for f, _ in summary.failures] == [crash]
    assert "worker failed while parsing it" in summary.failures[0][1]
    files = parquet.read_table(str(tmp_path), "files").to_pylist()
    assert [r["file"] for r in files] == sorted(paths)
    assert [r["file"] for r in files if not r["ok"]] == [crash]
    # the crashed partition's own parts were removed; its files were retried one by one (part-N-K)
    for table in flat.TABLES:
        names = {p.name.removesuffix(".parquet") for p in (tmp_path / table).iterdir()}
        assert names == {f"part-00000-{k:03d}" for k in range(len(paths))}, (table, names)
    docs = parquet.read_table(str(tmp_path), "documents").to_pylist()
    assert {d["file"] for d in docs} == set(paths) - {crash}


def test_library_bag_and_dataframe(client, local_tables, inputs):
    """parsed_bag / table_bag / to_dataframe for people who build their own graphs: the same rows."""
    some = [str(p) for p in SEEDS] + inputs[-2:]
    bag = ppd.parsed_bag(some, partitions=3)
    assert bag.npartitions >= 3
    parsed = bag.compute()
    assert [p.file for p in parsed] == some and [p.file for p in parsed if p.error] == inputs[-2:]
    want = [r for r in parquet.read_table(str(local_tables), "responsibilities").to_pylist() if r["file"] in some]
    rows = ppd.table_bag(bag, "responsibilities").compute()
    assert sorted(rows, key=lambda r: (r["file"], r["document_id"], r["span_start"], r["responsibility_id"])) == want
    df = ppd.to_dataframe(bag, "targets").compute()
    local = [r for r in parquet.read_table(str(local_tables), "targets").to_pylist() if r["file"] in some]
    assert list(df.columns) == list(local[0]) and str(df["value"].dtype) == "double[pyarrow]"
    assert sorted(zip(df["file"], df["target_id"], df["value"])) == sorted(
        (r["file"], r["target_id"], r["value"]) for r in local)


def test_cli_engine_dask_on_a_scheduler(client, tmp_path):
    """`flatten --engine dask --scheduler ADDRESS` uses that cluster; exit 1 with the failure on stderr."""
    missing = tmp_path / "missing.txt"
    r = subprocess.run([sys.executable, "-m", "policyparse", "flatten", str(ROOT / "data" / "raw"), str(missing),
                        "-o", str(tmp_path / "out"), "--engine", "dask", "--scheduler", client.scheduler.address],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 1, r.stderr
    assert f"{missing}: cannot read" in r.stderr
    assert parquet.read_table(str(tmp_path / "out"), "files").num_rows == len(SEEDS) + 1
    again = subprocess.run([sys.executable, "-m", "policyparse", "flatten", str(ROOT / "data" / "raw"),
                            "-o", str(tmp_path / "out"), "--engine", "dask", "--scheduler", client.scheduler.address],
                           capture_output=True, text=True, check=False)
    assert again.returncode == 1 and "already holds Parquet tables" in again.stderr
