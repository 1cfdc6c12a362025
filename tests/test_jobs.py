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
