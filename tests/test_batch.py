"""The batch machinery (policyparse.batch) through its API: which inputs, bounded reads, the written-set,
running in order on workers, failures as `name: reason` lines (issues 16, 18, 20)."""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from policyparse import batch
from policyparse.batch import Input, Options, Outputs, collect, read, run
from policyparse.diagnostics import InputError, PolicyParseError
from policyparse.output import terminal_safe

DOC = "一、发展目标\n到2025年，全市服务业增加值占地区生产总值比重达到55%左右。\n"


# --- work functions (module level: they run in worker processes) --------------------------------------

def square(item):
    if item.name == "boom":
        raise RuntimeError("a bug")
    if item.name == "refused":
        raise InputError("refused: not a text file")
    if item.name == "die":
        os._exit(3)                                   # a worker killed mid-item (OOM killer, segfault)
    return int(item.path) ** 2


def pid_of(item):
    import time
    time.sleep(0.02)                                  # long enough for both workers to take items
    return os.getpid()


def sleepy_write(item):
    """Writes a partial file, sleeps, cleans up in `finally`: what write_atomic does with its temp file."""
    import time
    if item.name == "quick":
        return 0
    path = Path(item.path)
    try:
        path.write_text("partial", encoding="utf-8")
        time.sleep(60)
    finally:
        path.unlink()
    return 1


def make(names):
    return [Input(str(n) if str(n).isdigit() else "0", str(n), str(n)) for n in names]


# --- run ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", [1, 2])
def test_run_yields_in_input_order_with_failures_named(jobs, capsys):
    items = make([3, 1, "boom", 2, "refused", 5]) + [Input("x", "bad.txt", "bad.txt", "not a regular file (FIFO)")]
    out = list(run(items, square, Options(jobs=jobs)))
    assert [o.value for o in out] == [9, 1, None, 4, None, 25, None]
    assert [o.error for o in out] == [
        None, None, "boom: internal error (RuntimeError: a bug); please report this file", None,
        "refused: not a text file", None, "bad.txt: not a regular file (FIFO)"]
    err = capsys.readouterr().err.splitlines()           # every failure is printed, one line each
    assert err == [o.error for o in out if o.error]


def test_run_uses_several_processes():
    pids = {o.value for o in run(make(range(40)), pid_of, Options(jobs=2))}
    assert os.getpid() not in pids and len(pids) == 2


def test_a_dead_worker_fails_only_its_item():
    out = list(run(make([1, 2, "die", 3, 4, 5, 6]), square, Options(jobs=2)))
    errors = {o.item.name: o.error for o in out if o.error}
    assert list(errors) == ["die"] and errors["die"].startswith("die: a worker process died while working on")
    assert [o.value for o in out if not o.error] == [1, 4, 9, 16, 25, 36]


def test_stopped_workers_clean_up(tmp_path):
    """Ctrl-C or an early stop terminates the workers with SIGTERM, which they turn into SystemExit: a file
    being written is cleaned up, never left half-written (a temp file was left behind before)."""
    import time
    items = [Input("q", "quick", "q")] + [Input(str(tmp_path / f"w{k}"), f"w{k}", f"w{k}") for k in range(2)]
    gen = run(items, sleepy_write, Options(jobs=3))
    assert next(gen).value == 0
    deadline = time.monotonic() + 30
    while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(list(tmp_path.iterdir())) == 2                          # both workers are mid-write
    t0 = time.monotonic()
    gen.close()
    assert time.monotonic() - t0 < 5 and list(tmp_path.iterdir()) == []


def test_run_restores_the_garbage_collector():
    import gc
    assert gc.isenabled()
    list(run(make([1, 2, 3]), square, Options(jobs=1)))
    list(run(make([1, 2, 3]), square, Options(jobs=2)))
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_stopping_early_stops_the_workers():
    gen = run(make(range(200)), square, Options(jobs=2))
    next(gen)
    gen.close()                                          # e.g. stdout closed: nothing keeps running
    import multiprocessing as mp
    assert not [p for p in mp.active_children() if p.is_alive()]


# --- collect --------------------------------------------------------------------------------------------

def test_collect_walks_sorted_and_keeps_the_relative_path(tmp_path):
    for rel in ("b/2.txt", "a/1.txt", "a/x.md", "c.txt", "b/sub/3.TXT"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(DOC, encoding="utf-8")
    got = collect([str(tmp_path)])
    assert [i.rel for i in got] == ["a/1.txt", "b/2.txt", "b/sub/3.TXT", "c.txt"]
    assert all(i.problem is None for i in got)


def test_collect_keeps_a_file_reached_twice_once(tmp_path):
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    got = collect([str(tmp_path / "a.txt"), str(tmp_path), str(tmp_path / "a.txt")])
    assert [i.path for i in got] == [str(tmp_path / "a.txt")]


def test_collect_names_stdin_once_and_one_way():
    [inp] = collect(["-"])
    assert (inp.path, inp.name, inp.rel) == ("-", "<stdin>", "stdin")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_collect_reports_what_it_cannot_read(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "ok.txt").write_text(DOC, encoding="utf-8")
    os.mkfifo(root / "fifo.txt")
    (root / "loop.txt").symlink_to("loop.txt")                     # a loop of symbolic links
    (root / "sub" / "up").symlink_to("..")                         # a folder loop
    outside = tmp_path / "secret.txt"
    outside.write_text("secret\n", encoding="utf-8")
    (root / "leak.txt").symlink_to(outside)                        # leaves the input root
    (root / "inside.txt").symlink_to(root / "ok.txt")              # stays inside: fine (the same file)
    (root / "sub" / "deep.txt").symlink_to("../ok.txt")
    os.mkfifo(root / "fifo.dat")                                   # not a *.txt: not an input at all
    got = {i.rel: i.problem for i in collect([str(root)])}
    assert got == {
        "fifo.txt": "not a regular file (FIFO); refused",
        "leak.txt": f"symbolic link to {outside}, outside {root}; refused",
        "loop.txt": "cannot read (symbolic link loop)",
        "inside.txt": None,                      # first of the two names of ok.txt in sorted order
        "sub/up": "folder already read (a symbolic link loop?); skipped",
    }


# --- read -----------------------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_read_refuses_a_fifo_without_blocking(tmp_path):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)                                  # nobody writes: a blocking open would hang here
    with pytest.raises(InputError, match=r"f\.txt: not a regular file \(FIFO\); refused"):
        read(Input(str(fifo), str(fifo), "f.txt"))


def test_read_bounds_stdin(monkeypatch):
    class Endless(io.RawIOBase):
        given = 0

        def readinto(self, b):
            b[:] = b"a" * len(b)
            Endless.given += len(b)
            return len(b)

        def readable(self):
            return True
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    with pytest.raises(InputError, match=r"^<stdin>: more than 1000 bytes, over the limit of 1000"):
        read(Input("-", "<stdin>", "stdin"), max_bytes=1000)
    assert Endless.given < 1_000_000                    # a bounded read, not "read it all, then refuse"


def test_read_says_how_to_end_stdin_on_a_terminal(monkeypatch, capsys):
    class Tty(io.BytesIO):
        def isatty(self):
            return True

    class Stdin:
        buffer = Tty(DOC.encode())
        closed = False

        def isatty(self):
            return True
    monkeypatch.setattr(sys, "stdin", Stdin())
    assert read(Input("-", "<stdin>", "stdin")) == DOC.encode()
    assert capsys.readouterr().err == "reading stdin (Ctrl-D to end)\n"


def test_parse_names_stdin_in_errors(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x00\x01binary")))
    with pytest.raises(PolicyParseError, match=r"^<stdin>: not a text file"):
        batch.parse(Input("-", "<stdin>", "stdin"))


# --- the written-set ------------------------------------------------------------------------------------

def test_outputs_mirror_and_refuse_a_second_claim(tmp_path):
    o = Outputs(tmp_path / "out")
    a = Input("x/2025/北京.txt", "x/2025/北京.txt", "2025/北京.txt")
    b = Input("y/2025/北京.txt", "y/2025/北京.txt", "2025/北京.txt")
    target = o.target(a, "json")
    assert target == tmp_path / "out" / "2025" / "北京.json"
    assert o.claim(target, a.name) is None
    assert o.claim(target, a.name) is None                           # the same owner may claim again
    assert o.claim(o.target(b, "json"), b.name) == f"{target} was already written for x/2025/北京.txt"


def test_outputs_refuse_to_replace_an_input(tmp_path):
    src = tmp_path / "in.json"
    src.write_text("{}", encoding="utf-8")
    link = tmp_path / "out" / "a.json"
    link.parent.mkdir()
    os.link(src, link)                                                # the same file under another name
    inp = Input(str(src), str(src), "in.json")
    o = Outputs(tmp_path / "out", [inp])
    assert "is an input of this run" in o.claim(link, "other")
    assert "is an input of this run" in Outputs(tmp_path, [inp]).claim(src, "other")
    with pytest.raises(ValueError, match="is an input of this run"):
        Outputs(tmp_path, [inp]).write(src, "[]", "other")
    assert src.read_text(encoding="utf-8") == "{}"


@pytest.mark.parametrize("rel", ["../x.txt", "a/../../x.txt", "..txt", "./", "a\\b.txt", "x\x00.txt"])
def test_outputs_never_leave_the_folder(tmp_path, rel):
    with pytest.raises(ValueError, match="refusing output"):
        Outputs(tmp_path).target(Input(rel, rel, rel), "json")


def test_outputs_refuse_a_planted_folder_link(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "2025").symlink_to(tmp_path)                               # out/2025 -> outside out/
    with pytest.raises(ValueError, match="outside"):
        Outputs(out).target(Input("a", "a", "2025/a.txt"), "json")


# --- messages -------------------------------------------------------------------------------------------

def test_say_keeps_one_line_and_shows_escapes(capsys):
    name = "/" + "很长的路径" * 60 + "\x1b[2J\u202e.txt"
    batch.say(f"{name}: cannot read (No such file or directory)")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "\u202e" not in err
    assert err == terminal_safe(name) + ": cannot read (No such file or directory)\n"
    assert "\\x1b[2J\\u202e.txt" in err
