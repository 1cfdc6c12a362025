"""Parquet output (flat.py, parquet.py, `policyparse flatten`): the flat tables mirror the JSON contract,
and pandas and DuckDB read them; plain commands never import the heavy libraries."""
from __future__ import annotations

import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from conftest import ROOT
from policyparse import flat, parquet
from policyparse.decode import decode
from policyparse.reading import parse_file
from policyparse.reports.rows import TARGET_FIELDS, target_rows

SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))


def _sections(nodes):
    for n in nodes:
        yield n
        yield from _sections(n.children)


def test_targets_columns_are_the_corpus_table_and_the_contract():
    names = [c for c, _ in flat.COLUMNS["targets"]]
    assert set(names) == set(TARGET_FIELDS) | {"section_id", "baseline_year", "baseline_value"}
    assert [c for c in names if c in TARGET_FIELDS] == list(TARGET_FIELDS)          # in the corpus table's order


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_rows_mirror_the_contract(path):
    result = parse_file(path)
    text = decode(path.read_bytes()).text
    t = flat.rows(str(path), result, text)
    docs = result.documents
    assert len(t["documents"]) == len(docs) and len(t["warnings"]) == len(result.warnings)
    assert len(t["sections"]) == sum(len(list(_sections(d.sections))) for d in docs)
    assert len(t["targets"]) == sum(len(d.targets) for d in docs)
    assert len(t["responsibilities"]) == sum(len(d.responsibilities) for d in docs)
    assert len(t["tables"]) == sum(len(d.tables) for d in docs)
    assert len(t["table_cells"]) == sum(len(r) for d in docs for tb in d.tables for r in tb.rows)
    for row in (r for rows in t.values() for r in rows):
        assert row["file"] == str(path)
    [f] = t["files"]
    assert f["ok"] and f["sha256"] == result.source.sha256 and f["chars"] == len(text)
    targets = {(d.id, x.id): x for d in docs for x in d.targets}
    corpus = target_rows(str(path), result, text)                       # the corpus table (reports/rows.py)
    assert [{k: r[k] for k in TARGET_FIELDS} for r in t["targets"]] == corpus
    for r in t["targets"]:
        x = targets[r["document_id"], r["target_id"]]
        assert (r["section_id"], r["year"], r["indicator"], r["value"], r["value_max"], r["qualifier"],
                r["direction"], r["kind"], r["headline"]) == (
                x.section_id, x.year, x.indicator, x.value, x.value_max, x.qualifier, x.direction, x.kind, x.headline)
        assert (r["baseline_year"], r["baseline_value"]) == ((x.baseline.year, x.baseline.value) if x.baseline
                                                             else (None, None))
        assert text[r["span_start"]:r["span_end"]] == x.text and r["text"] == " ".join(x.text.split())
        assert r["line"] == text.count("\n", 0, r["value_start"]) + 1
    by_id = {(r["document_id"], r["section_id"]): r for r in t["sections"]}
    for r in t["sections"]:
        parent = by_id.get((r["document_id"], r["parent_id"]))
        assert r["level"] == (parent["level"] + 1 if parent else 1)
        assert r["path"].endswith(f"{r['marker']}{r['title']}".strip())
    assert [r["ordinal"] for r in t["sections"] if r["document_id"] == "d1"] == list(
        range(1, 1 + sum(1 for r in t["sections"] if r["document_id"] == "d1")))


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    """The seeds, a file without targets, and a binary file, flattened by two local worker processes."""
    extra = tmp_path_factory.mktemp("extra")
    (extra / "short.txt").write_text("关于做好春节期间工作的通知\n各单位：请做好值班工作。\n", encoding="utf-8")
    (extra / "binary.txt").write_bytes(b"\x00\x01\x02PK" * 200)
    out = tmp_path_factory.mktemp("out")
    summary = parquet.flatten([str(p) for p in SEEDS] + [str(extra)], str(out), jobs=2)
    assert summary.files == len(SEEDS) + 2 and summary.partitions > 1
    assert [f for f, _ in summary.failures] == [str(extra / "binary.txt")]
    return out, [parse_file(p) for p in SEEDS], extra


def test_pandas_reads_every_table(tables):
    out, results, _ = tables
    for name in flat.TABLES:
        df = pd.read_parquet(out / name)
        assert list(df.columns) == [c for c, _ in flat.COLUMNS[name]], name
    targets = pd.read_parquet(out / "targets", dtype_backend="pyarrow")
    assert len(targets) == sum(len(d.targets) for r in results for d in r.documents)
    assert str(targets["value"].dtype) == "double[pyarrow]" and str(targets["year"].dtype) == "int32[pyarrow]"
    want = sorted((r.source.path, d.id, t.id, t.value) for r in results for d in r.documents for t in d.targets)
    assert sorted(zip(targets["file"], targets["document_id"], targets["target_id"], targets["value"])) == want
    duties = pd.read_parquet(out / "responsibilities")
    assert sum(len(x) for x in duties["lead"]) == sum(len(x.lead) for r in results for d in r.documents
                                                       for x in d.responsibilities)


def test_duckdb_reads_and_joins(tables):
    out, results, extra = tables
    con = duckdb.connect()
    for name in flat.TABLES:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{out}/{name}/*.parquet')")
    n_targets = sum(len(d.targets) for r in results for d in r.documents)
    assert con.execute("SELECT count(*) FROM targets").fetchone()[0] == n_targets
    got = dict(con.execute("SELECT d.issuer, count(*) FROM targets t JOIN documents d USING (file, document_id) "
                           "GROUP BY ALL").fetchall())
    want: dict = {}
    for r in results:
        for d in r.documents:
            if d.targets:
                want[d.issuer] = want.get(d.issuer, 0) + len(d.targets)
    assert got == want
    leads = con.execute("SELECT count(*) FROM (SELECT unnest(lead) FROM responsibilities)").fetchone()[0]
    assert leads == sum(len(x.lead) for r in results for d in r.documents for x in d.responsibilities)
    failed = con.execute("SELECT file, error FROM files WHERE NOT ok").fetchall()
    assert failed == [(str(extra / "binary.txt"), failed[0][1])] and "binary.txt" in failed[0][1]
    # a file without targets still has its documents row; span columns slice the text
    assert con.execute(f"SELECT title FROM documents WHERE file = '{extra / 'short.txt'}'").fetchone()[0] \
        == "关于做好春节期间工作的通知"
    cells = con.execute("SELECT count(*) FROM table_cells c JOIN tables t USING (file, document_id, table_id)")
    assert cells.fetchone()[0] == sum(len(row) for r in results for d in r.documents for tb in d.tables
                                      for row in tb.rows)
    meta = con.execute(f"SELECT value FROM parquet_kv_metadata('{out}/targets/part-00000.parquet') "
                       "WHERE key = 'policyparse.schema_version'").fetchone()[0]
    assert meta.decode() == "1.1"


def test_jobs_1_and_2_write_equal_tables(tables, tmp_path):
    out, _, extra = tables
    parquet.flatten([str(p) for p in SEEDS] + [str(extra)], str(tmp_path), jobs=1)
    for name in flat.TABLES:
        assert parquet.read_table(str(tmp_path), name).equals(parquet.read_table(str(out), name)), name


def test_cli_flatten_local(tmp_path):
    cmd = [sys.executable, "-m", "policyparse", "flatten", str(SEEDS[0]), "-o", str(tmp_path / "o")]
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert r.returncode == 0 and r.stdout == "" and "targets" in r.stderr, r.stderr
    again = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert again.returncode == 1 and "already holds Parquet tables" in again.stderr
    over = subprocess.run(cmd[:4] + [str(SEEDS[1])] + cmd[5:] + ["--overwrite", "-q"], capture_output=True,
                          text=True, check=False)
    assert over.returncode == 0 and over.stderr == ""
    assert parquet.read_table(str(tmp_path / "o"), "files").column("file").to_pylist() == [str(SEEDS[1])]
    bad = subprocess.run(cmd[:-1] + [str(tmp_path / "p"), "--scheduler", "tcp://127.0.0.1:1"], capture_output=True,
                         text=True, check=False)
    assert bad.returncode == 2 and "--engine dask" in bad.stderr


HEAVY = ("pyarrow", "dask", "distributed", "pandas", "duckdb", "fsspec", "numpy")
PROBE = """
import sys
from policyparse.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--version"], ["extract", str(SEEDS[0]), "-q"]], ids=["version", "extract"])
def test_plain_commands_import_no_heavy_library(args, tmp_path):
    r = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args, *(["-o", str(tmp_path)] if
                        args[0] == "extract" else [])], capture_output=True, text=True, check=False)
    assert r.stderr.strip().splitlines()[-1] == "[]", r.stderr


def _crash_local(job):
    """A worker process that dies (as on a segfault or the OOM killer) when its partition holds 003_*."""
    import os
    if any(os.path.basename(i.file).startswith("003_") for i in job.inputs):
        os._exit(1)
    return parquet.flatten_part(job)


def test_local_pool_survives_a_dying_worker(tmp_path):
    """The local engine's pool: jobs in flight when a worker dies are split and rerun; the file that kills
    its worker alone becomes a failure row; the run ends (a multiprocessing.Pool would hang)."""
    paths = [str(p) for p in SEEDS]
    jobs = parquet.jobs_for(paths, str(tmp_path), min_partitions=2)
    assert any(len(j.inputs) > 1 for j in jobs)
    parts = list(parquet._pooled(jobs, 2, work_fn=_crash_local))
    crash = next(p for p in paths if p.rsplit("/", 1)[-1].startswith("003_"))
    assert [f for p in parts for f, _ in p.failures] == [crash]
    files = parquet.read_table(str(tmp_path), "files").to_pylist()
    assert [r["file"] for r in files] == sorted(paths)
    assert [r["file"] for r in files if not r["ok"]] == [crash]
    assert parquet.read_table(str(tmp_path), "documents").num_rows == sum(
        len(parse_file(p).documents) for p in paths if p != crash)


def test_html_input_rows_index_the_converted_text(tmp_path):
    """An HTML page given directly goes through parse_bytes' conversion; its rows say so and their line
    numbers count lines of the converted text (what `policyparse text` prints)."""
    from convert_build import build_html
    from policyparse.convert import to_text
    page = tmp_path / "page.html"
    page.write_bytes(build_html(SEEDS[0].read_text(encoding="utf-8")))
    t = flat.rows(str(page), *_parsed(page))
    assert t["files"][0]["format"] == "html" and t["targets"]
    text = to_text(page.read_bytes(), "auto", name=str(page)).text
    for r in t["targets"]:
        assert r["line"] == text.count("\n", 0, r["value_start"]) + 1


def _parsed(path):
    n, result, error, data = parquet.parse_input(str(path))
    assert error is None and n == len(data)
    return result, parquet.text_of(result, data)


def test_fsspec_urls_in_and_out():
    """A bucket prefix in, a bucket prefix out (fsspec's in-memory filesystem stands in for s3:// or gs://)."""
    import fsspec
    fs = fsspec.filesystem("memory")
    for p in SEEDS[:2]:
        fs.pipe(f"/pp-test/in/2025/{p.name}", p.read_bytes())
    summary = parquet.flatten(["memory://pp-test/in/"], "memory://pp-test/out", jobs=1)
    try:
        assert summary.files == 2 and not summary.failures
        files = parquet.read_table("memory://pp-test/out", "files").column("file").to_pylist()
        assert files == [f"memory:///pp-test/in/2025/{p.name}" for p in SEEDS[:2]]
        assert parquet.read_table("memory://pp-test/out", "targets").num_rows == sum(
            len(d.targets) for p in SEEDS[:2] for d in parse_file(p).documents)
    finally:
        fs.rm("/pp-test", recursive=True)
