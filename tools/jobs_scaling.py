"""Measure the local batch: `extract --jobs N` wall time on a folder of copies of the seeds, and the
parent process's own CPU per file (what caps scaling: with P ms of parent CPU per file and W ms of worker
CPU per file, N workers cannot go faster than W/P files in the time of one).

    python tools/jobs_scaling.py [--files 100] [--jobs 1 2] [--repeat 5] [--format json] [--stdout] [--tiny]

Prints medians of --repeat runs. Wall times on a shared machine measure the neighbours too: the load
average is printed with them.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_batch(where: Path, n: int, tiny: bool = False) -> Path:
    """n copies of the seeds (or, with `tiny`, of a one-line notice: the parent's per-file cost shows)."""
    seeds = sorted((ROOT / "data" / "raw").glob("*.txt"))
    src = where / "in"
    src.mkdir(parents=True)
    for i in range(n):
        s = seeds[i % len(seeds)]
        data = "一、总则\n到2025年，全市软件业务收入达100亿元。\n".encode() if tiny else s.read_bytes()
        (src / f"{i:05d}_{s.name}").write_bytes(data)
    return src


def one_run(src: Path, out: Path | None, jobs: int, fmt: str) -> dict:
    """In-process, like the CLI: returns wall seconds, parent CPU seconds, children CPU seconds."""
    from policyparse import batch
    if out is not None and out.exists():
        shutil.rmtree(out)
    inputs = batch.collect([str(src)])
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    c0, w0 = time.process_time(), time.perf_counter()
    planned, _ = batch.plan_extract(inputs, out, fmt, "auto", batch.MAX_BYTES)
    sink = open(os.devnull, "w")
    real, sys.stdout = sys.stdout, sink
    try:
        code = batch.run_extract(planned, batch.Options(jobs=jobs, quiet=True))
    finally:
        sys.stdout = real
        sink.close()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert code == 0
    return {"wall": wall, "parent_cpu": cpu, "children_cpu": (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--format", default="json")
    ap.add_argument("--stdout", action="store_true", help="stream to stdout (/dev/null) instead of -o DIR")
    ap.add_argument("--tiny", action="store_true", help="one-line files: what the parent costs per file")
    args = ap.parse_args(argv)
    from policyparse import batch
    batch.warm_up()                               # the CLI pays this once per run in both cases
    with tempfile.TemporaryDirectory() as tmp:
        src = make_batch(Path(tmp), args.files, args.tiny)
        mb = sum(p.stat().st_size for p in src.iterdir()) / 1e6
        out = None if args.stdout else Path(tmp) / "out"
        res = {}
        for j in args.jobs:
            runs = [one_run(src, out, j, args.format) for _ in range(args.repeat)]
            res[j] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        load = os.getloadavg()
    print(f"{args.files} files, {mb:.2f} MB, format {args.format}, {'stdout' if args.stdout else '-o DIR'}; "
          f"medians of {args.repeat}; load average {load[0]:.2f} {load[1]:.2f}")
    base = res[args.jobs[0]]["wall"]
    for j, r in res.items():
        print(f"  --jobs {j}: wall {r['wall']:.3f} s ({base / r['wall']:.2f}x --jobs {args.jobs[0]}), parent CPU "
              f"{r['parent_cpu'] * 1000 / args.files:.2f} ms/file, workers CPU {r['children_cpu']:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
