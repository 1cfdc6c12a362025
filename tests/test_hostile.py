"""Hostile inputs (issue 8): empty, blank, a 5 MB line, 10^5 headings, 10^4 nested brackets, long runs of
every character a pattern repeats. Each must keep every invariant and never raise; the goal is 2 s of CPU
per MB (plus a fixed 0.25 s), which `make bench --hostile` reports shape by shape (speed is a benchmark's
business, on a machine whose speed it states). Here a run fails past three times the goal (GUARD: a slower
machine passes, a super-linear path does not), and the issue-16 shapes must scale linearly from 0.25 to 1 MB
(at most SCALING x the time for 4x the input), which holds on any machine. Each input runs in a forked child, so a hang is reported as
a timeout instead of stalling the suite. (`make fuzz` runs the same inputs at 4x the size.)

Time is the child's CPU time: parsing is single-threaded, and on a shared machine wall time measures the
neighbours. The child is killed once its wall time passes 4x the budget (+2 s)."""
from __future__ import annotations

import json
import os
import select
import signal
import time
import traceback

import pytest

from invariants import check_result
from policylike import hostile_inputs
from policyparse import parse_text

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")]

SECONDS_PER_MB = 2.0               # the goal (issue 16); `make bench --hostile` reports each shape against it
GUARD = 3.0                        # what a test run allows: GUARD x the goal. CPU time on this shared host has
                                   # run 1.5x slower for minutes at a time (a fresh-clone run measured 4.9 s/MB
                                   # on a shape the bench measured at 3.5), so a slower machine or a noisy
                                   # moment passes, and a super-linear path (the reproducers: 12-60 s/MB at
                                   # 1 MB) still fails
FIXED = 0.25                       # per-call overhead allowed on top, so tiny inputs are not judged per MB
SCALING = 8.0                      # 4x the input may cost at most 8x the time (linear: 4x; quadratic: 16x;
                                   # one noisy run measured 6.7x on a linear shape)


def _seed(name: str) -> str:
    from pathlib import Path
    return (Path(__file__).resolve().parent.parent / "data" / "raw" / name).read_text(encoding="utf-8")


def _times(unit: str, mb: float) -> str:
    return unit * max(1, int(mb * 1e6 / len(unit.encode("utf-8"))))


# The stage-level reproducers of issue 16, at about 1 MB (bench/bench.py --hostile times them at 1, 10 and
# 50 MB). Before: 目录 labels 59 s per MB (a scan of 400 keys per label), task tables quadratic (a task-table
# test per bracket), floating boilerplate quadratic.
ISSUE16_AT = [            # each builder takes a size in MB (about)
    ("toc-labels-each-before-a-heading",
     lambda mb: "".join("目录\n%s、标题%d\n" % ("一二三四五六七八九"[i % 9], i) for i in range(int(40000 * mb)))),
    ("task-tables-with-parentheticals",
     lambda mb: _times("序号 | 任务 | 牵头单位\n1 | 推进建设（市财政局牵头） | 市财政局\n\n正文，推进工作。（牵头单位：市科技局）\n\n", mb)),
    ("floating-boilerplate-lines", lambda mb: "".join(f"扫描二维码{i}\n" for i in range(int(46000 * mb)))),
    ("cr-only-seed", lambda mb: _times(_seed("002_7a18ffccc570aa4e.txt").replace("\r\n", "\n").replace("\n", "\r"),
                                       2 * mb)),
    ("run-in-1)-items-one-line", lambda mb: "".join(f"{i % 50 + 1})推进第{i}项建设;" for i in range(int(30000 * mb)))),
    ("run-in-1)-items-with-deadlines",
     lambda mb: "".join(f"{i})任务{i}，到2025年完成{i}个。" for i in range(1, int(22000 * mb)))),
    ("run-in-lead-and-support-lines", lambda mb: _times("综合协调组：市应急管理局牵头，市公安局、市财政局配合。\n", mb)),
    ("heading-dense-lines", lambda mb: "".join(f"{'一二三四五六七八九'[i % 9]}、标题{i}\n（一）子标题\n1．条目\n"
                                               for i in range(int(22000 * mb)))),
    # a clause's quantities pass only the rules whose clause gate holds (targets/rules/), asked once per clause
    ("dense-quantities-one-line", lambda mb: _times("到2025年，软件收入达100亿元、增长10%、企业500家、人才2万人，", mb)),
]
ISSUE16 = [(name, (lambda b: lambda: b(1.0))(build)) for name, build in ISSUE16_AT]
CASES = [*hostile_inputs(1.0), *ISSUE16]


def run_isolated(text: str, timeout: float) -> dict:
    """Parse `text` in a forked child. Returns {'seconds', 'error', counts...}; the child is killed when
    parsing takes longer than `timeout` (then 'error' says so), so a slow stage costs at most its budget."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:                                        # child: never returns
        os.close(r)
        try:
            t0 = time.process_time()
            result = parse_text(text)
            os.write(w, (json.dumps({"seconds": time.process_time() - t0}) + "\n").encode())
            try:
                check_result(text, result)
                error = None
            except AssertionError as exc:
                error = f"invariant broken: {str(exc)[:500]}"
            msg = {"error": error, "documents": len(result.documents),
                   "sections": sum(1 for d in result.documents for _ in _walk(d.sections)),
                   "targets": sum(len(d.targets) for d in result.documents)}
        except BaseException:                           # noqa: BLE001 - reported to the parent
            msg = {"error": "raised " + traceback.format_exc(limit=-4)[-1500:]}
        os.write(w, (json.dumps(msg) + "\n").encode())
        os._exit(0)
    os.close(w)
    out: dict = {}
    buf = b""
    t0 = time.perf_counter()
    try:
        for wait in (timeout, 120.0):                   # the parse, then the invariant checks
            while b"\n" not in buf:
                left = wait - (time.perf_counter() - t0)
                ready, _, _ = select.select([r], [], [], max(left, 0))
                chunk = os.read(r, 65536) if ready else b""
                if not chunk:
                    os.kill(pid, signal.SIGKILL)
                    if not ready:
                        out.setdefault("error", f"over budget: killed after {wait:.1f} s")
                    else:
                        out.setdefault("error", "the child died")
                    return out
                buf += chunk
            line, buf = buf.split(b"\n", 1)
            out.update(json.loads(line))
            if "seconds" not in out:                    # raised before timing
                return out
            t0 = time.perf_counter()
        return out
    finally:
        os.close(r)
        os.waitpid(pid, 0)


def _walk(nodes):
    for n in nodes:
        yield n
        yield from _walk(n.children)


@pytest.fixture(scope="module", autouse=True)
def warm():
    parse_text("一、总则\n（一）目标。到2025年，全市软件业务收入达到100亿元以上（牵头单位：市财政局）。\n专栏1 指标\n")


@pytest.mark.parametrize("name,build", CASES, ids=[c.values[0] if hasattr(c, "values") else c[0] for c in CASES])
def test_hostile_input(name, build, record_property):
    text = build()
    mb = len(text.encode("utf-8", "surrogatepass")) / 1e6
    limit = GUARD * SECONDS_PER_MB * mb + FIXED
    out = run_isolated(text, timeout=4 * limit + 2)
    assert out.get("error") is None, f"{name} ({mb:.2f} MB, limit {limit:.2f} s): {out['error']}"
    record_property("seconds_per_mb", out["seconds"] / max(mb, 1e-9))
    assert out["seconds"] <= limit, (f"{name}: {out['seconds']:.2f} s for {mb:.2f} MB "
                                     f"({out['seconds'] / max(mb, 1e-9):.2f} s/MB; limit {limit:.2f} s)")


@pytest.mark.parametrize("name,build", ISSUE16_AT, ids=[c[0] for c in ISSUE16_AT])
def test_issue16_shape_scales_linearly(name, build):
    """Machine-independent: the same shape at 0.25 and 1 MB; the larger costs at most SCALING x the smaller
    (each the best of two runs, CPU time), so no stage is super-linear on it."""
    small, large = build(0.25), build(1.0)
    ts = min(run_isolated(small, timeout=60)["seconds"] for _ in range(2))
    tl = min(run_isolated(large, timeout=240)["seconds"] for _ in range(2))
    ratio = len(large) / len(small)
    assert tl <= SCALING / 4 * ratio * max(ts, 0.02), (f"{name}: {ts:.3f} s at {len(small)} chars, {tl:.3f} s at "
                                                         f"{len(large)} chars ({tl / max(ts, 1e-9):.1f}x)")


def test_cli_refuses_over_max_bytes_without_parsing(tmp_path):
    """The size cap is checked before reading: a 60 MB file is refused at once with the default cap."""
    from typer.testing import CliRunner
    from policyparse.cli import app
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(60 * 1024 * 1024)                   # sparse: no 60 MB written
    t0 = time.perf_counter()
    r = CliRunner().invoke(app, ["extract", "-q", str(big)])
    assert time.perf_counter() - t0 < 2
    assert r.exit_code == 1 and "over the limit of 52428800" in r.stderr


# --- the file system and the command line (issue 16) ---------------------------------------------------

def _cli(*args, timeout=30, **kw):
    import subprocess
    import sys
    from pathlib import Path
    exe = Path(sys.executable).parent / "policyparse"
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, timeout=timeout, **kw)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", ["extract", "outline", "targets", "units", "tables"])
def test_a_fifo_given_directly_is_refused_and_never_blocks(tmp_path, command):
    fifo = tmp_path / "in.txt"
    os.mkfifo(fifo)                                      # nobody ever writes: opening it to read would block
    p = _cli(command, fifo)
    assert p.returncode == 1
    assert p.stderr.decode().startswith(f"{fifo}: not a regular file (FIFO); refused\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_hostile_folder_is_reported_item_by_item(tmp_path):
    """FIFOs, loops and links leaving the folder are reported with a reason (exit 1); the good file is parsed;
    nothing from outside the folder reaches the output."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "good.txt").write_text("一、总则\n到2025年，全市软件业务收入达100亿元。\n", encoding="utf-8")
    os.mkfifo(src / "fifo.txt")
    (src / "loop.txt").symlink_to("loop.txt")
    (src / "sub" / "up").symlink_to("..")
    secret = tmp_path / "hostname"
    secret.write_text("SECRET-HOST\n", encoding="utf-8")
    (src / "host.txt").symlink_to(secret)
    out = tmp_path / "out"
    p = _cli("extract", "-q", src, "-o", out)
    err = p.stderr.decode()
    assert p.returncode == 1
    assert err.splitlines() == [
        f"{src / 'fifo.txt'}: not a regular file (FIFO); refused",
        f"{src / 'host.txt'}: symbolic link to {secret}, outside {src}; refused",
        f"{src / 'loop.txt'}: cannot read (symbolic link loop)",
        f"{src / 'sub' / 'up'}: folder already read (a symbolic link loop?); skipped",
    ]
    assert sorted(x.name for x in out.rglob("*")) == ["good.json"]
    assert "SECRET-HOST" not in (out / "good.json").read_text(encoding="utf-8")


def test_a_symlink_given_directly_is_followed(tmp_path):
    """The user named it: a link given on the command line is read (only links met in a walk are fenced)."""
    real = tmp_path / "real.txt"
    real.write_text("一、总则\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(real)
    p = _cli("extract", "-q", tmp_path / "link.txt")
    assert p.returncode == 0, p.stderr
