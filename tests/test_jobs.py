"""`extract --jobs N`: the same outputs, in the same order, as `--jobs 1`."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

RAW = ROOT / "data" / "raw"


def _batch(tmp_path, n=8):
    """Seeds copied under new names, large and small interleaved, so workers finish out of order."""
    seeds = sorted(RAW.glob("*.txt"), key=lambda p: -p.stat().st_size)
    src = tmp_path / "in"
    src.mkdir()
    for i in range(n):
        seed = seeds[(i * 3) % len(seeds)]
        (src / f"{i:02d}_{seed.name}").write_bytes(seed.read_bytes())
    return src


def _extract(*args):
    return subprocess.run([sys.executable, "-m", "policyparse", "extract", *args, "-q"],
                          capture_output=True, check=False)


def test_jobs_outputs_identical_to_one_job(tmp_path):
    src = _batch(tmp_path)
    one, two = tmp_path / "j1", tmp_path / "j2"
    r1, r2 = _extract(str(src), "-o", str(one), "--jobs", "1"), _extract(str(src), "-o", str(two), "--jobs", "2")
    assert r1.returncode == r2.returncode == 0, (r1.stderr, r2.stderr)
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir()) and len(names) == 8
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_jobs_stdout_order_identical(tmp_path):
    src = _batch(tmp_path)
    r1 = _extract(str(src), "--format", "jsonl", "--jobs", "1")
    r2 = _extract(str(src), "--format", "jsonl", "--jobs", "2")
    r0 = _extract(str(src), "--format", "jsonl", "--jobs", "0")          # 0 = all cores
    assert r1.returncode == r2.returncode == r0.returncode == 0
    assert r1.stdout == r2.stdout == r0.stdout and len(r1.stdout.splitlines()) == 8


def test_jobs_same_failures_and_outputs_with_bad_inputs(tmp_path):
    """A binary file and a missing file among good ones: the same `path: reason` lines, the same outputs."""
    src = _batch(tmp_path, n=6)
    (src / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    one, two = tmp_path / "j1", tmp_path / "j2"
    r1 = _extract(str(src), str(tmp_path / "nope.txt"), "-o", str(one), "--jobs", "1")
    r2 = _extract(str(src), str(tmp_path / "nope.txt"), "-o", str(two), "--jobs", "2")
    assert r1.returncode == r2.returncode == 1
    assert r1.stderr == r2.stderr and r1.stderr.count(b"\n") == 2
    assert sorted(p.name for p in one.iterdir()) == sorted(p.name for p in two.iterdir())


def test_parsed_inputs_in_order_on_workers():
    """The reporting commands' iterator (cli._common.Parsed) gives the same results with jobs=2."""
    from policyparse.cli._common import Parsed
    seeds = [str(p) for p in sorted(RAW.glob("*.txt"))]
    one = [(p, r.model_dump()) for p, r in Parsed(seeds, jobs=1)]
    two = [(p, r.model_dump()) for p, r in Parsed(seeds, jobs=2)]
    assert one == two and [p for p, _ in one] == seeds


def _pid_and_item(item):
    import os
    return os.getpid(), item


def test_costliest_items_first_results_in_input_order():
    """With a cost, the workers take the costliest items first (a batch does not end on a big file begun
    last); the outcomes still come back in input order, one per item."""
    from policyparse.batch.pool import Options, run
    items = ["a" * n for n in (1, 9, 3, 7, 5, 2)]
    out = list(run(items, _pid_and_item, Options(jobs=2, quiet=True, cost=len, warm=lambda: None)))
    assert [o.item for o in out] == items and [o.value[1] for o in out] == items
    assert all(o.error is None for o in out)


def test_dispatch_order_costliest_first_ties_in_input_order():
    from policyparse.batch.pool import dispatch_order
    assert dispatch_order(["bb", "a", "cc", "ddd"], len) == [3, 0, 2, 1]
    assert dispatch_order(["bb", "a"], None) is None


def test_stdin_among_files_with_jobs(tmp_path):
    src = _batch(tmp_path, n=3)
    files = sorted(str(p) for p in src.iterdir())
    data = (RAW / sorted(p.name for p in RAW.glob("*.txt"))[0]).read_bytes()
    r = subprocess.run([sys.executable, "-m", "policyparse", "extract", files[0], "-", files[1], "-f", "jsonl",
                        "-q", "--jobs", "2"], input=data, capture_output=True, check=False)
    assert r.returncode == 0, r.stderr
    paths = [__import__("json").loads(x)["source"]["path"] for x in r.stdout.splitlines()]
    assert paths == [files[0], None, files[1]]
