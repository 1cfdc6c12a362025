"""The command line (issue 3 and issue 8): inputs, formats, exit codes, stdout carries data only,
batch safety (a bad file costs nothing else, atomic outputs, nothing outside -o DIR, Ctrl-C)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from invariants import check_result, check_serialisation
from policyparse.cli import app
from policyparse.models import ParseResult
from policyparse.output import output_path, write_atomic
from policyparse.validation import load_json_values

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "policyparse"
SEED = sorted((ROOT / "data" / "raw").glob("*.txt"))[0]
DOC = ("某市人民政府办公室关于印发某市促进服务业发展若干措施的通知\n"
       "一、发展目标\n到2025年，全市服务业增加值占地区生产总值比重达到55%左右。\n"
       "二、保障措施\n（一）加强组织领导（牵头单位：市发展改革委；配合单位：市财政局）。\n")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def batch(tmp_path):
    """in/: two good texts, one binary file, one file in a sub-folder, and a non-.txt file."""
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(DOC, encoding="utf-8")
    (d / "b.txt").write_bytes(PNG)
    (d / "c.txt").write_text(DOC.replace("55%", "60%"), encoding="gb18030")
    (d / "sub" / "d.txt").write_text(DOC, encoding="utf-16")
    (d / "notes.md").write_text("# not an input\n", encoding="utf-8")
    return d


def leftovers(d: Path):
    """Temporary files a write left behind."""
    return [p.name for p in d.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]


# --- inputs and formats ---------------------------------------------------------------------------

def test_file_to_stdout_is_valid_json(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    r = run("extract", f)
    assert r.exit_code == 0, r.stderr
    result = ParseResult.model_validate_json(r.stdout)
    assert result.source.path == str(f)
    check_result(DOC, result)
    check_serialisation(result)
    assert "documents" in r.stderr and "seconds" in r.stderr       # the summary goes to stderr


def test_quiet_leaves_stderr_empty(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    r = run("extract", "--quiet", f)
    assert r.exit_code == 0 and r.stderr == ""
    json.loads(r.stdout)


def test_stdin():
    r = run("extract", "-q", "-", input=DOC.encode("gb18030"))
    assert r.exit_code == 0, r.stderr
    result = ParseResult.model_validate_json(r.stdout)
    assert (result.source.path, result.source.encoding, result.source.chars) == (None, "gb18030", len(DOC))


def test_stdin_binary_is_a_clean_error():
    r = run("extract", "-", input=PNG)
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.startswith("<stdin>: not a text file (")            # stdin is <stdin> everywhere
    assert "Traceback" not in r.stderr


def test_directory_with_out(batch, tmp_path):
    out = tmp_path / "out"
    r = run("extract", batch, "-o", out)
    assert r.exit_code == 1                                    # b.txt is binary
    assert r.stdout == ""                                      # -o: nothing on stdout
    assert f"{batch / 'b.txt'}: not a text file (" in r.stderr
    assert "Traceback" not in r.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == ["a.json", "c.json", "sub/d.json"]
    for name, encoding in (("a", "utf-8"), ("c", "gb18030"), ("sub/d", "utf-16")):
        result = ParseResult.model_validate_json((out / f"{name}.json").read_text(encoding="utf-8"))
        assert result.source.encoding == encoding
    assert leftovers(out) == []


def test_batch_output_equals_single_file_output(batch, tmp_path):
    out = tmp_path / "out"
    run("extract", "-q", batch, "-o", out)
    single = run("extract", "-q", batch / "a.txt")
    assert (out / "a.json").read_text(encoding="utf-8") == single.stdout


@pytest.mark.parametrize("fmt", ["json", "yaml", "jsonl"])
def test_formats_agree(tmp_path, fmt):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    reference = json.loads(run("extract", "-q", f).stdout)
    text = run("extract", "-q", "--format", fmt, f).stdout
    loaded = yaml.safe_load(text) if fmt == "yaml" else json.loads(text)
    assert loaded == reference
    if fmt == "jsonl":
        assert text.count("\n") == 1 and text.endswith("\n")
    out = tmp_path / "out"
    assert run("extract", "-q", "-f", fmt, f, "-o", out).exit_code == 0
    assert (out / f"a.{fmt}").read_text(encoding="utf-8") == text
    assert run("validate", out / f"a.{fmt}").exit_code == 0


@pytest.mark.parametrize("fmt", ["json", "yaml", "jsonl"])
def test_several_inputs_to_stdout(batch, fmt):
    r = run("extract", "-q", "-f", fmt, batch / "a.txt", batch / "c.txt", batch / "sub" / "d.txt")
    assert r.exit_code == 0
    if fmt == "json":
        objs = load_json_values(r.stdout)                 # indented objects one after another
    elif fmt == "yaml":
        objs = list(yaml.safe_load_all(r.stdout))         # one YAML document each
    else:
        objs = [json.loads(line) for line in r.stdout.splitlines()]   # one line each (pandas read_json lines=True)
    assert [o["source"]["path"] for o in objs] == [str(batch / "a.txt"), str(batch / "c.txt"),
                                                    str(batch / "sub" / "d.txt")]
    for o in objs:
        ParseResult.model_validate(o)


def test_stdout_with_a_failing_file_is_still_valid(batch):
    r = run("extract", "-q", batch / "a.txt", batch / "b.txt", batch / "c.txt")
    assert r.exit_code == 1
    assert len(load_json_values(r.stdout)) == 2


# --- exit codes -----------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["extract"],                                   # no PATH
    ["extract", "--format", "xml", "-"],           # bad enum
    ["extract", "--no-such-option", "-"],
    ["extract", "-", "-"],                         # stdin twice
    ["extract", "--encoding", "nosuch", "-"],      # an unknown codec (issue 18: was exit 1)
    ["extract", "--encoding", "rot13", "-"],       # a codec, but not a text encoding
    ["extract", "--jobs", "-1", "-"],
    ["extract", "--skip-existing", "-"],           # needs -o
    ["extract", "--quiet", "true", "-"],           # --quiet is a flag: "true" is an input... that does not exist
    ["outline", "--encoding", "nosuch", "-"],
    ["targets", "--encoding", "nosuch", "-"],
    ["units", "--encoding", "nosuch", "-"],
    ["tables", "--encoding", "nosuch", "-"],
    ["outline", "-", "-"],
    ["validate"],
    ["frobnicate"],
], ids=["no-path", "bad-format", "bad-option", "stdin-twice", "no-such-encoding", "not-a-text-codec",
        "negative-jobs", "skip-existing-without-out", "quiet-takes-no-value", "outline-encoding",
        "targets-encoding", "units-encoding", "tables-encoding", "outline-stdin-twice", "validate-no-file",
        "unknown-command"])
def test_usage_errors_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, args, input=b"")
    if args[1:3] == ["--quiet", "true"]:          # not a usage error: the file "true" does not exist
        assert r.exit_code == 1 and "true: cannot read" in r.stderr
        return
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert r.stdout == ""
    assert not isinstance(r.exception, Exception) or isinstance(r.exception, SystemExit)


def test_empty_directory_is_a_usage_error(tmp_path):
    r = run("extract", tmp_path)
    assert r.exit_code == 2 and "no input files" in r.stderr


def test_missing_file_exits_1(tmp_path):
    r = run("extract", tmp_path / "nope.txt")
    assert r.exit_code == 1 and f"{tmp_path / 'nope.txt'}: cannot read" in r.stderr


def test_max_bytes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    size = f.stat().st_size
    assert run("extract", "-q", "--max-bytes", size, f).exit_code == 0
    r = run("extract", "-q", "--max-bytes", size - 1, f)
    assert r.exit_code == 1 and f"{size} bytes is over the limit of {size - 1}" in r.stderr
    r = run("extract", "-q", "--max-bytes", 100, "-", input=DOC.encode() * 1000)
    assert r.exit_code == 1 and "over the limit of 100" in r.stderr and r.stdout == ""


# --- batch safety ---------------------------------------------------------------------------------

def test_a_bug_in_a_stage_fails_only_that_file(batch, tmp_path, monkeypatch):
    import policyparse.reading as reading
    real = reading.parse_bytes

    def flaky(data, *, path=None, **kw):
        if Path(path).name == "c.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return real(data, path=path, **kw)
    monkeypatch.setattr(reading, "parse_bytes", flaky)
    out = tmp_path / "out"
    r = run("extract", "-q", batch, "-o", out)
    assert r.exit_code == 1
    assert f"{batch / 'c.txt'}: internal error (RecursionError" in r.stderr
    assert sorted(p.name for p in out.rglob("*.json")) == ["a.json", "d.json"]


def test_outputs_are_streamed_not_accumulated(batch, tmp_path, monkeypatch):
    """When input k is parsed, the outputs of inputs 1..k-1 are already on disk."""
    import policyparse.reading as reading
    real = reading.parse_bytes
    out = tmp_path / "out"
    seen = []

    def watching(data, *, path=None, **kw):
        on_disk = sorted(p.stem for p in out.iterdir()) if out.exists() else []
        seen.append((Path(path).stem, on_disk))
        return real(data, path=path, **kw)
    monkeypatch.setattr(reading, "parse_bytes", watching)
    files = [batch / "a.txt", batch / "c.txt", batch / "sub" / "d.txt"]
    assert run("extract", "-q", *files, "-o", out).exit_code == 0
    assert seen == [("a", []), ("c", ["a"]), ("d", ["a", "c"])]


def test_failed_write_leaves_no_file(tmp_path, monkeypatch):
    target = tmp_path / "a.json"

    def broken(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomic(target, "{}\n")
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_replaces_whole_file(tmp_path):
    target = tmp_path / "a.json"
    target.write_text("old and much longer content\n", encoding="utf-8")
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("stem", ["../x", "..", ".", "a/b", "a\\b", "", "\x00x", "..x"])
def test_output_path_refuses_names_leaving_dir(tmp_path, stem):
    with pytest.raises(ValueError, match="refusing output name"):
        output_path(tmp_path, stem, "json")


def test_nothing_is_written_outside_out(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "..txt").write_text(DOC, encoding="utf-8")          # stem "." -> refused
    (src / "a.txt").write_text(DOC, encoding="utf-8")
    (src / "link.txt").write_text(DOC, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.json"
    victim.write_text("precious\n", encoding="utf-8")
    (out / "link.json").symlink_to(victim)                     # a planted symlink in DIR
    before = sorted(p.name for p in tmp_path.iterdir())
    r = run("extract", "-q", src / "..txt", src / "a.txt", src / "link.txt", "-o", out)
    assert r.exit_code == 1 and "refusing output name '.'" in r.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"  # the symlink was not followed
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (out / "a.json").is_file()
    assert leftovers(out) == []


def test_out_mirrors_the_folders_of_a_directory_input(tmp_path):
    """Issue 18: 2025/北京.txt and 2026/北京.txt -> OUT/2025/北京.json and OUT/2026/北京.json."""
    for sub, text in (("2025", DOC), ("2026", DOC.replace("55%", "60%"))):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "北京.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    r = run("extract", "-q", tmp_path / "in", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == ["2025/北京.json", "2026/北京.json"]
    for sub in ("2025", "2026"):
        path = json.loads((out / sub / "北京.json").read_text(encoding="utf-8"))["source"]["path"]
        assert path == str(tmp_path / "in" / sub / "北京.txt")


def test_same_output_name_twice_is_refused_not_overwritten(tmp_path):
    """Two directories given, each with a.txt: both map to OUT/a.json; the second is refused."""
    for sub, text in (("x", DOC), ("y", DOC.replace("55%", "60%"))):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    r = run("extract", "-q", tmp_path / "x", tmp_path / "y", "-o", out)
    assert r.exit_code == 1
    assert f"{tmp_path / 'y' / 'a.txt'}: cannot write output ({out / 'a.json'} was already written for " \
           f"{tmp_path / 'x' / 'a.txt'})" in r.stderr
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["source"]["path"].endswith("x/a.txt")


def test_stdout_carries_data_only_in_a_real_pipe(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    p = subprocess.run([BIN, "extract", "-", "--format", "jsonl"], input=f.read_bytes(), capture_output=True,
                       timeout=60)
    assert p.returncode == 0, p.stderr
    [line] = p.stdout.decode().splitlines()
    ParseResult.model_validate_json(line)
    assert b"documents" in p.stderr                        # the summary table went to stderr


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_leaves_only_complete_files(tmp_path, jobs):
    """SIGINT to the whole process group (what a terminal's Ctrl-C does) in the middle of a batch."""
    src = tmp_path / "in"
    src.mkdir()
    body = SEED.read_text(encoding="utf-8")
    n = 300
    for i in range(n):
        (src / f"f{i:03d}.txt").write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    # SIGINT as a terminal leaves it: a runner started in the background of a shell ignores SIGINT, and its children
    # would inherit that (the batch would then finish and the test say nothing)
    p = subprocess.Popen([BIN, "extract", src, "-o", out, "--jobs", str(jobs)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and any(out.glob("*.json"))):
        time.sleep(0.005)
    os.killpg(p.pid, signal.SIGINT)
    stdout, stderr = p.communicate(timeout=60)
    written = sorted(out.glob("*.json"))
    if p.returncode == 0:
        pytest.skip(f"the batch finished ({len(written)} files) before the signal arrived")
    assert p.returncode == 130, stderr.decode()
    msg = stderr.decode()
    assert "Traceback" not in msg, msg
    import re
    m = re.search(r"interrupted after (\d+) of (\d+) files", msg)
    assert m and int(m.group(2)) == n, msg
    assert 1 <= len(written) < n
    assert int(m.group(1)) <= len(written)              # workers write their own outputs: a few more may be done
    assert leftovers(out) == []
    for w in written:
        ParseResult.model_validate_json(w.read_text(encoding="utf-8"))   # complete, valid files only


# --- validate ---------------------------------------------------------------------------------------

@pytest.fixture
def good_output(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    return json.loads(run("extract", "-q", f).stdout)


def test_validate_accepts_extract_outputs(tmp_path, good_output):
    files = []
    for fmt in ("json", "yaml", "jsonl"):
        out = tmp_path / f"o{fmt}"
        run("extract", "-q", "-f", fmt, tmp_path / "a.txt", "-o", out)
        files.append(out / f"a.{fmt}")
    r = run("validate", *files)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count(": ok (1 result; texts compared with the source)") == 3


@pytest.mark.parametrize("corrupt", [
    lambda d: d["documents"][0].__setitem__("span", "0-10"),
    lambda d: d["documents"][0].__setitem__("surprise", 1),
    lambda d: d.pop("source"),
    lambda d: d["source"].__setitem__("chars", "many"),
    lambda d: d["documents"].append({"id": "d2"}),
    lambda d: d["documents"][0].__setitem__("span", [0, d["source"]["chars"] + 1]),
    lambda d: d["documents"][0].__setitem__("span", [5, 2]),
    lambda d: d["documents"].append(dict(d["documents"][0])),
    lambda d: d["noise"].append([-1, 3]),
], ids=["bad-span", "extra-field", "missing-source", "wrong-type", "incomplete-document", "span-past-text",
        "span-backwards", "duplicate-document", "negative-noise"])
def test_validate_rejects_corrupted_output(tmp_path, good_output, corrupt):
    corrupt(good_output)
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(good_output, ensure_ascii=False), encoding="utf-8")
    ok = tmp_path / "ok.json"
    ok.write_text(run("extract", "-q", tmp_path / "a.txt").stdout, encoding="utf-8")
    r = run("validate", ok, f)
    assert r.exit_code == 1
    assert f"{ok}: ok" in r.stdout
    assert f"{f}: invalid (object 1:" in r.stderr


@pytest.mark.parametrize("name,text,why", [
    ("truncated.json", '{"schema_version": "1.0", "source": {', "Expecting"),
    ("empty.json", "[]", "no object found"),
    ("deep.json", "[" * 100_000 + "]" * 100_000, "recursion"),
    ("bomb.yaml", "a: &a ['x','x','x','x','x','x','x','x','x']\n"
                  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
     "aliases are not allowed"),
    ("tagged.yaml", "schema_version: !!python/object/apply:os.system ['touch PWNED']\n", "tags are not allowed"),
    ("custom-tag.yaml", "source: !include /etc/passwd\n", "tags are not allowed"),
    ("not-utf8.json", None, "codec"),
], ids=lambda x: x if isinstance(x, str) and len(x) < 20 else "")
def test_validate_rejects_hostile_files(tmp_path, monkeypatch, name, text, why):
    monkeypatch.chdir(tmp_path)
    f = tmp_path / name
    if text is None:
        f.write_bytes(b'{"a": "\xff\xfe"}')
    else:
        f.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    r = run("validate", f)
    assert time.perf_counter() - t0 < 5
    assert r.exit_code == 1
    assert r.stderr.startswith(f"{f}: invalid (") and why in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "PWNED").exists()


def test_out_that_is_a_file_is_a_usage_error(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    r = run("extract", f, "-o", f)
    assert r.exit_code == 2 and "cannot use" in r.stderr
    assert f.read_text(encoding="utf-8") == DOC


def test_interrupt_inside_write_leaves_no_temp_file(tmp_path, monkeypatch):
    def interrupted(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "fdopen", interrupted)      # right after the temp file was created
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "a.json", "{}\n")
    assert list(tmp_path.iterdir()) == []


def test_outputs_get_the_usual_file_mode(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    write_atomic(tmp_path / "a.json", "{}\n")
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_not_read():
    """Regular files only (issue 16): a device given as input is refused before any byte is read."""
    import resource

    def cap():                                          # 2 GB address space: a runaway read fails fast
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    try:
        p = subprocess.run([BIN, "extract", "-q", "/dev/zero"], capture_output=True, timeout=10, preexec_fn=cap)
    except subprocess.TimeoutExpired:
        pytest.fail("reading /dev/zero did not stop")
    assert p.returncode == 1
    assert p.stderr.decode() == "/dev/zero: not a regular file (character device); refused\n"


def test_validate_accepts_every_seed_output(tmp_path):
    out = tmp_path / "out"
    assert run("extract", "-q", ROOT / "data" / "raw", "-o", out, "-f", "jsonl").exit_code == 0
    files = sorted(out.iterdir())
    r = run("validate", *files)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count(": ok") == len(files) == len(list((ROOT / "data" / "raw").glob("*.txt")))


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_cli_json_equals_the_models_dump(fmt):
    """The CLI serialises with pydantic (fast); it must say exactly what model_dump says, for every seed."""
    from policyparse import parse_file
    for seed in sorted((ROOT / "data" / "raw").glob("*.txt")):
        out = run("extract", "-q", "-f", fmt, seed).stdout
        assert json.loads(out) == parse_file(seed).model_dump(mode="json")
        assert out.endswith("\n") and (out.count("\n") == 1) == (fmt == "jsonl")


# --- issue 18: the edges a new user meets ---------------------------------------------------------------

COMMANDS = ["extract", "schema", "validate", "eval", "outline", "units", "targets", "tables", "panel", "review", "text",
            "explain", "flatten"]


@pytest.mark.parametrize("name", COMMANDS)
def test_help_short_option_flags_and_an_example(name):
    r = runner.invoke(app, [name, "-h"])
    assert r.exit_code == 0 and r.stdout.startswith("Usage: ")
    assert r.stdout == runner.invoke(app, [name, "--help"]).stdout
    assert "<bool>" not in r.stdout                                # flags are shown as flags
    assert "Examples:" in r.stdout and f"policyparse {name}" in r.stdout.split("Examples:")[1]


def test_quiet_is_a_flag_not_a_value():
    r = runner.invoke(app, ["extract", "-h"])
    assert "-q, --quiet " in r.stdout and "--quiet <" not in r.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml"])
def test_stdout_shape_does_not_depend_on_the_number_of_inputs(tmp_path, fmt):
    """One object per input, one after another, whether one input is given or two (issue 18)."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(DOC, encoding="utf-8")
    b.write_text(DOC.replace("55%", "60%"), encoding="utf-8")
    one_a = run("extract", "-q", "-f", fmt, a).stdout
    one_b = run("extract", "-q", "-f", fmt, b).stdout
    both = run("extract", "-q", "-f", fmt, a, b).stdout
    assert both == one_a + one_b
    if fmt == "yaml":
        assert one_a.startswith("---\n") and len(list(yaml.safe_load_all(both))) == 2
    elif fmt == "jsonl":
        assert [json.loads(x)["source"]["path"] for x in both.splitlines()] == [str(a), str(b)]
    else:
        assert isinstance(json.loads(one_a), dict) and len(load_json_values(both)) == 2


def test_empty_input_is_a_warning_not_silence(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    r = run("extract", "-q", f)
    assert r.exit_code == 0
    assert [w["code"] for w in json.loads(r.stdout)["warnings"]] == ["input.empty"]
    r = run("extract", "-q", "-", input=b" \r\n\t\n")
    assert [w["code"] for w in json.loads(r.stdout)["warnings"]] == ["input.empty"]


def test_big5_is_a_warning_not_silent_garbage(tmp_path):
    f = tmp_path / "big5.txt"
    f.write_bytes("臺北市政府關於印發臺北市促進產業發展若干措施的通知\n一、發展目標\n到2025年，全市產值達到100億元。\n".encode("big5"))
    r = run("extract", "-q", f)
    assert r.exit_code == 0
    [w] = [w for w in json.loads(r.stdout)["warnings"] if w["code"] == "decode.low_confidence"]
    assert "Big5" in w["message"] and "--encoding" in w["message"]
    ok = json.loads(run("extract", "-q", "--encoding", "big5", f).stdout)
    assert ok["documents"][0]["title"].startswith("臺北市政府關於印發") and not ok["warnings"]


def test_skip_existing_resumes_a_batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a", "b", "c"):
        (src / f"{name}.txt").write_text(DOC, encoding="utf-8")
    out = tmp_path / "out"
    assert run("extract", "-q", src, "-o", out).exit_code == 0
    (out / "b.json").unlink()                                   # the batch was interrupted before b
    (out / "a.json").write_text("kept\n", encoding="utf-8")     # proof that a is not redone
    r = run("extract", src, "-o", out, "--skip-existing")
    assert r.exit_code == 0, r.stderr
    assert (out / "a.json").read_text(encoding="utf-8") == "kept\n"
    ParseResult.model_validate_json((out / "b.json").read_text(encoding="utf-8"))
    assert "skipped" in r.stderr                                # the summary says how many were left out
    row = [line for line in r.stderr.splitlines() if "│" in line][-1]
    assert [c.strip() for c in row.strip("│ ").split("│")][:3] == ["3", "0", "2"]   # files, failed, skipped


def test_stdin_has_one_name_everywhere(tmp_path):
    assert run("outline", "-", input=DOC.encode()).stdout.startswith("# <stdin>\n")
    rows = run("targets", "-", "-f", "jsonl", input=DOC.encode()).stdout.splitlines()
    assert rows and all(json.loads(x)["file"] == "<stdin>" for x in rows)
    assert run("extract", "-", input=b"\x00binary").stderr.startswith("<stdin>: ")
    out = tmp_path / "out"
    assert run("extract", "-q", "-", "-o", out, input=DOC.encode()).exit_code == 0
    assert [p.name for p in out.iterdir()] == ["stdin.json"]
    assert json.loads((out / "stdin.json").read_text(encoding="utf-8"))["source"]["path"] is None


@pytest.mark.parametrize("command", ["extract", "outline", "units", "targets", "tables", "panel", "review"])
def test_stdin_reads_are_bounded_for_every_command(command, tmp_path):
    """Issue 16: `outline -` read 400 MB before refusing. An endless stdin is read to the limit (50 MB by
    default, outline's here; --max-bytes 1 MB for the others), then refused."""
    import threading
    limit = 50 * 1024 * 1024 if command == "outline" else 1 << 20
    args = [BIN, command, "-"] + (["--max-bytes", str(limit)] if command != "outline" else []) + (
        ["-o", tmp_path / "r"] if command == "review" else [])
    p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    fed = [0]

    def feed():
        chunk = "一、总则\n".encode() * 10_000
        try:
            while fed[0] < 20 * limit:
                p.stdin.write(chunk)
                fed[0] += len(chunk)
        except (BrokenPipeError, OSError):
            pass
    t = threading.Thread(target=feed, daemon=True)
    t.start()
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 1
    t.join(timeout=10)
    assert err.startswith(f"<stdin>: more than {limit} bytes, over the limit of {limit}"), err[:300]
    assert fed[0] <= limit + (4 << 20)                          # the pipe held a little more, no further


def test_output_never_replaces_an_input(tmp_path):
    """Issue 16: an input named x.json in the -o folder was overwritten by its own parse."""
    out = tmp_path / "out"
    out.mkdir()
    x = out / "x.json"
    x.write_text(DOC, encoding="utf-8")
    r = run("extract", "-q", x, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert x.read_text(encoding="utf-8") == DOC                # untouched
    assert json.loads((out / "x.json.json").read_text(encoding="utf-8"))["source"]["path"] == str(x)


def test_tables_csv_names_sort_and_never_write_twice(tmp_path):
    seed = next(p for p in sorted((ROOT / "data" / "raw").glob("*.txt"))
                if sum(len(d.tables) for d in __import__("policyparse").parse_file(p).documents) >= 10)
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "t.txt").write_bytes(seed.read_bytes())
    out = tmp_path / "T"
    r = run("tables", tmp_path / "a" / "t.txt", tmp_path / "b" / "t.txt", "-f", "csv", "-o", out)
    assert r.exit_code == 1
    names = sorted(p.name for p in out.iterdir())
    assert names[:10] == [f"t.d1.tb{k:02d}.csv" for k in range(1, 11)]      # tb01 … tb10: sorts right
    assert f"{out / 't.d1.tb01.csv'} was already written for {tmp_path / 'a' / 't.txt'}" in r.stderr
    assert leftovers(out) == []
    r = run("tables", tmp_path, "-f", "csv", "-o", tmp_path / "M")           # a directory: mirrored, no clash
    assert r.exit_code == 0, r.stderr
    assert {p.parent.name for p in (tmp_path / "M").rglob("*.csv")} == {"a", "b"}


def test_failed_stdout_is_one_line_without_traceback(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    with open("/dev/full", "w") as full:
        p = subprocess.run([BIN, "extract", "-q", ROOT / "data" / "raw"], stdout=full, stderr=subprocess.PIPE,
                           timeout=120)
    assert p.returncode == 1
    assert p.stderr.decode() == "policyparse: cannot write to stdout (No space left on device)\n"


def test_broken_pipe_is_one_line_without_traceback():
    p = subprocess.Popen([BIN, "extract", "-q", "-f", "jsonl", ROOT / "data" / "raw", ROOT / "data" / "raw" / "."],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.read(10)
    p.stdout.close()                                           # like `| head -c 10`
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 1
    assert err == "policyparse: stdout was closed before the output ended (broken pipe); stopped\n", err


def test_error_lines_never_wrap_when_stderr_is_not_a_terminal(tmp_path):
    long = tmp_path / ("很长的文件名" * 12) / ("很长的文件名" * 12) / ("很长的文件名" * 12) / "x.txt"
    p = subprocess.run([BIN, "extract", "-q", long], capture_output=True, timeout=60)
    assert p.returncode == 1
    assert p.stderr.decode() == f"{long}: cannot read (No such file or directory)\n"


def test_escape_sequences_in_names_are_shown_not_obeyed(tmp_path):
    evil = tmp_path / "a\x1b]0;pwned\x07\u202e.txt"
    r = run("extract", "-q", evil)
    assert r.exit_code == 1
    assert "\x1b" not in r.stderr and "\u202e" not in r.stderr and "\\x1b]0;pwned\\x07\\u202e" in r.stderr


# --- validate: strict, and against the source (issues 16 and 18) ------------------------------------

@pytest.fixture
def extracted(tmp_path):
    """(source file, its output as a dict) for a document with a target and a responsibility."""
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    data = json.loads(run("extract", "-q", f).stdout)
    assert data["documents"][0]["targets"] and data["documents"][0]["responsibilities"]
    return f, data


def _validate(tmp_path, obj, name="x.json", text=None):
    f = tmp_path / name
    f.write_text(text if text is not None else json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return run("validate", f)


@pytest.mark.parametrize("corrupt,why", [
    (lambda d: d["documents"][0]["targets"][0].__setitem__("value", "55"), "valid number"),
    (lambda d: d["documents"][0]["sections"][0].__setitem__("level", True), "valid integer"),
    (lambda d: d["documents"][0]["sections"][0].__setitem__("level", 1.0), "valid integer"),
    (lambda d: d["source"].__setitem__("chars", -1), "greater than or equal to 0"),
    (lambda d: d["source"].__setitem__("chars", "50"), "valid integer"),
    (lambda d: d["documents"][0]["targets"][0].__setitem__("section_id", "d1.s99"), "no section of d1"),
    (lambda d: d["documents"][0]["targets"][0].__setitem__("text", "到2030年，服务业增加值占比达到60%左右。"),
     "is not the source at"),
    (lambda d: d["documents"][0]["responsibilities"][0].__setitem__(
        "span", [x + 1 for x in d["documents"][0]["responsibilities"][0]["span"]]), "is not the source at"),
    (lambda d: d["documents"][0]["sections"][0].__setitem__("title", "发展目的"), "is not the source at"),
], ids=["string-for-float", "bool-for-int", "float-for-int", "negative-chars", "string-for-int",
        "dangling-section-id", "text-replaced", "span-moved", "title-replaced"])
def test_validate_is_strict(tmp_path, extracted, corrupt, why):
    _, data = extracted
    corrupt(data)
    r = _validate(tmp_path, data)
    assert r.exit_code == 1 and why in r.stderr, r.stderr


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_validate_refuses_non_finite_numbers(tmp_path, extracted, number):
    _, data = extracted
    text = json.dumps(data, ensure_ascii=False)
    value = json.dumps(data["documents"][0]["targets"][0]["value"])
    text = text.replace(f'"value": {value}', f'"value": {number}', 1)
    assert number in text
    r = _validate(tmp_path, None, text=text)
    assert r.exit_code == 1 and "is not a number JSON allows" in r.stderr or "finite" in r.stderr, r.stderr


def test_validate_refuses_yaml_nan(tmp_path, extracted):
    _, data = extracted
    data["documents"][0]["targets"][0]["value"] = 0.5
    text = yaml.safe_dump(data, allow_unicode=True).replace("value: 0.5", "value: .nan")
    r = _validate(tmp_path, None, "x.yaml", text)
    assert r.exit_code == 1 and "not a finite number" in r.stderr, r.stderr


def test_jsonl_is_split_at_newlines_only(tmp_path):
    """U+2028 inside a JSON string is a character: valid `extract -f jsonl` output validates."""
    f = tmp_path / "a.txt"
    f.write_text(DOC.replace("全市服务业", "全市\u2028服务业"), encoding="utf-8")
    out = tmp_path / "out"
    assert run("extract", "-q", "-f", "jsonl", f, "-o", out).exit_code == 0
    assert "\u2028" in (out / "a.jsonl").read_text(encoding="utf-8")
    r = run("validate", out / "a.jsonl")
    assert r.exit_code == 0, r.stderr


def test_validate_says_when_it_could_not_compare_with_the_source(tmp_path, extracted):
    f, data = extracted
    out = tmp_path / "a.json"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "texts compared with the source" in run("validate", out).stdout
    f.write_text(DOC + "又一行。\n", encoding="utf-8")          # the source changed after extraction
    r = run("validate", out)
    assert r.exit_code == 0 and "texts NOT compared with the source" in r.stdout and "has changed" in r.stdout
    f.unlink()
    r = run("validate", out)
    assert r.exit_code == 0 and "NOT compared" in r.stdout and "source not readable" in r.stdout
    r = run("validate", "--no-source", out)
    assert r.exit_code == 0 and "--no-source" in r.stdout


def test_validate_reads_a_json_stream_of_several_results(tmp_path, batch):
    f = tmp_path / "all.json"
    f.write_text(run("extract", "-q", batch / "a.txt", batch / "c.txt").stdout, encoding="utf-8")
    r = run("validate", f)
    assert r.exit_code == 0 and ": ok (2 results; texts compared with the source)" in r.stdout


@pytest.mark.parametrize("name,text,why", [
    ("base60.yaml", "schema_version: " + "1:" * 300_000 + "1\n", "source"),    # a string now, not an int
    ("tag.yaml", "source: !<" + "x" * 5_000_000 + "> 1\n", "tags are not allowed"),
    ("shorttag.yaml", "source: !" + "x" * 5_000_000 + " 1\n", "tags are not allowed"),
    ("int-tag.yaml", "source: !!int " + "1:" * 300_000 + "1\n", "not a decimal integer"),
    ("timestamp.yaml", "schema_version: 2024-01-02\nsource: {sha256: '0', encoding: utf-8, chars: 0}\n", None),
], ids=["base-60", "huge-verbatim-tag", "huge-tag", "explicit-int-tag", "timestamp-is-a-string"])
def test_yaml_cannot_be_made_slow(tmp_path, name, text, why):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    t0 = time.process_time()
    r = run("validate", f)
    seconds = time.process_time() - t0
    assert seconds < 3, f"{name}: {seconds:.2f} s"             # it was 28 s per MB of base-60 integers
    if why is None:
        assert r.exit_code == 0, r.stderr
    else:
        assert r.exit_code == 1 and why in r.stderr, r.stderr[:300]


def test_explain_lists_rules_for_a_file(tmp_path):
    """`policyparse explain FILE`: one line per decision with the rule's name (kept targets, dropped quantities,
    metadata sources)."""
    f = tmp_path / "a.txt"
    f.write_text("某市人民政府关于印发方案的通知\n一、发展目标\n到2025年，全市软件业务收入达100亿元。"
                 "对新建项目给予50万元补贴。\n某市人民政府\n2024年3月1日\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["explain", str(f)])
    assert r.exit_code == 0, r.output
    rows = [line.split("\t") for line in r.output.splitlines()]
    assert ["d1", "L3", "targets", "kept", "target", "100亿元"] in rows
    assert ["d1", "L3", "targets", "dropped", "policy-parameter", "50万元"] in rows
    assert any(r[2:5] == ["meta", "issuer", "title-prefix"] for r in rows)
    r = CliRunner().invoke(app, ["explain", str(f), "--json", "--dropped"])
    assert r.exit_code == 0 and all('"dropped"' in line for line in r.output.splitlines())


def test_validate_compares_converted_sources(tmp_path):
    """An HTML page (and so any converted input): validate converts it again and compares every text."""
    from convert_build import build_html
    page = tmp_path / "page.html"
    page.write_bytes(build_html(DOC))
    out = tmp_path / "out"
    assert run("extract", "-q", page, "-o", out).exit_code == 0
    data = json.loads((out / "page.json").read_text(encoding="utf-8"))
    assert data["source"]["format"] == "html"
    r = run("validate", out / "page.json")
    assert r.exit_code == 0 and "texts compared with the source" in r.stdout, (r.stdout, r.stderr)
    t = data["documents"][0]["targets"][0]
    t["text"] = t["text"][:-1] + "。"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = run("validate", bad)
    assert r.exit_code == 1 and "is not the source at" in r.stderr


# --- the reporting commands share extract's batch machinery (issue 17) ------------------------------------

VIEWS = {                                   # command -> extra arguments giving a machine-readable stdout
    "outline": [], "units": ["-f", "csv"], "targets": ["-f", "jsonl"], "tables": ["-f", "csv"],
    "panel": ["-f", "csv", "--all"], "review": None,
}


@pytest.fixture
def views_in(tmp_path):
    """Two seeds, a work report (for the panel), and a binary file that fails."""
    d = tmp_path / "in"
    d.mkdir()
    for p in sorted((ROOT / "data" / "raw").glob("*.txt"))[1:4:2]:     # 001 (responsibilities), 003 (tables)
        (d / p.name).write_bytes(p.read_bytes())
    (d / "report.txt").write_bytes(sorted((ROOT / "tests" / "data" / "work_reports").glob("*.txt"))[-1].read_bytes())
    (d / "bad.txt").write_bytes(PNG)
    return d


@pytest.mark.parametrize("command", [c for c in VIEWS if VIEWS[c] is not None])
def test_views_jobs_quiet_exit_codes_and_failure_lines(views_in, command):
    one = run(command, views_in, *VIEWS[command], "--jobs", "1", "-q")
    two = run(command, views_in, *VIEWS[command], "-j", "2", "-q")
    assert one.exit_code == two.exit_code == 1                          # bad.txt failed, the others are there
    assert one.stdout == two.stdout and len(one.stdout) > 200
    assert one.stderr == two.stderr and one.stderr.startswith(f"{views_in / 'bad.txt'}: not a text file")
    assert one.stderr.count("\n") == 1                                 # one line: `path: reason`, nothing more
    loud = run(command, views_in, *VIEWS[command])
    assert loud.stdout == one.stdout
    head = [ln for ln in loud.stderr.splitlines() if "files" in ln and "failed" in ln]
    assert head, loud.stderr                                           # the summary table (stderr, not with -q)
    good = run(command, *sorted(p for p in views_in.iterdir() if p.name != "bad.txt"), *VIEWS[command], "-q")
    assert good.exit_code == 0 and good.stderr == "", good.stderr


def test_review_jobs_2_writes_the_pages_of_jobs_1(views_in, tmp_path):
    r1 = run("review", views_in, "-o", tmp_path / "one", "-q")
    r2 = run("review", views_in, "-o", tmp_path / "two", "-q", "-j", "2")
    assert r1.exit_code == r2.exit_code == 1 and r1.stderr == r2.stderr and r1.stderr.count("\n") == 1
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "two").iterdir()) and "index.html" in names and len(names) == 4
    for n in names:
        assert (tmp_path / "one" / n).read_bytes() == (tmp_path / "two" / n).read_bytes(), n


@pytest.mark.parametrize("work", ["outline_of", "duties_of", "tables_of", "target_rows_of", "panel_rows_of"])
def test_workers_send_rows_not_parse_results(work):
    """The per-input value that crosses from a worker to the parent holds plain rows: no model objects,
    and a fraction of the ParseResult's size."""
    import pickle
    from policyparse import batch
    from policyparse.cli import panel, views
    from policyparse.cli._common import Job
    fn = getattr(views, work, None) or getattr(panel, work)
    seed = max(sorted((ROOT / "data" / "raw").glob("*.txt")), key=lambda p: p.stat().st_size)
    job = Job(batch.collect([str(seed)])[0], "auto", batch.MAX_BYTES)
    sent = pickle.dumps(fn(job), protocol=pickle.HIGHEST_PROTOCOL)
    whole = pickle.dumps(batch.parse(job.input), protocol=pickle.HIGHEST_PROTOCOL)
    assert b"policyparse.models" not in sent and b"pydantic" not in sent
    assert len(sent) < len(whole) / 2, (len(sent), len(whole))


HOSTILE_DOC = ("某市人民政府关于印发某市促进服务业发展\x1b[31m若干措施的通知\u202e\n"
               + "为加快服务业发展，结合本市实际，制定本措施。\n" * 60
               + "一、发展目标\x1b]0;pwned\x07\n到2025年，全市服务业增加值占地区生产总值比重达到55%左右\x1b[2J。\n"
               "二、保障措施\n（一）加强组织领导（牵头单位：市发展改革委\x1b[31m；配合单位：市财政局）。\n"
               "专栏1 重点工程\x1b[5m\n序号 | 任务\x1b[1m | 牵头单位\n1 | 推进建设\u202e | 市财政局\n2 | 完善设施 | 市商务局\n")


@pytest.mark.parametrize("args", [["outline"], ["targets", "-f", "table"], ["tables"], ["units", "-f", "table"],
                                  ["panel", "-f", "table", "--all"]])
def test_document_text_on_a_terminal_is_shown_not_obeyed(tmp_path, args):
    """Titles, headings, quotes, table cells and unit names carry escape sequences and bidi controls
    into the terminal views: they are shown (\\x1b, \\u202e), never sent raw."""
    f = tmp_path / "evil.txt"
    f.write_text(HOSTILE_DOC, encoding="utf-8")
    r = run(*args, f, "-q")
    assert r.exit_code == 0, r.stderr
    assert "\x1b" not in r.stdout and "\u202e" not in r.stdout and "\x07" not in r.stdout
    assert "\\x1b" in r.stdout or "\\u202e" in r.stdout, r.stdout


def test_csv_keeps_the_text_as_it_is(tmp_path):
    """Only what a terminal shows is made safe: CSV and JSON Lines carry the document's characters."""
    f = tmp_path / "evil.txt"
    f.write_text(HOSTILE_DOC, encoding="utf-8")
    rows = [json.loads(x) for x in run("targets", f, "-f", "jsonl", "-q").stdout.splitlines()]
    assert rows and all("\x1b[31m" in r["title"] and "\x1b[2J" in r["text"] for r in rows)
    assert "\x1b[5m" in run("tables", f, "-f", "csv", "-q").stdout


# --- directories: every input format (issue 18) -----------------------------------------------------------

def test_a_directory_holds_one_of_each_format(tmp_path):
    """A folder of .txt, .html, .htm, .docx and .pdf: every one is an input (format from the content),
    a .md is not; targets and extract find the same target in each."""
    sys.path.insert(0, str(ROOT / "tests"))
    import convert_build as cb
    if cb.cjk_font() is None:
        pytest.skip("no CJK font for the PDF (make test installs fonts-wqy-zenhei)")
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "a.txt").write_text(DOC, encoding="utf-8")
    (d / "b.html").write_bytes(cb.build_html(DOC))
    (d / "c.htm").write_bytes(cb.build_html(DOC, charset="utf-8"))
    (d / "d.docx").write_bytes(cb.build_docx(DOC))
    (d / "e.pdf").write_bytes(cb.build_pdf(DOC))
    (d / "notes.md").write_text("# not an input\n到2025年达到99%。\n", encoding="utf-8")
    from policyparse.batch import collect
    assert [i.rel for i in collect([str(d)])] == ["a.txt", "b.html", "c.htm", "d.docx", "e.pdf"]
    rows = [json.loads(x) for x in run("targets", d, "-f", "jsonl", "-q").stdout.splitlines()]
    assert sorted(Path(r["file"]).name for r in rows if r["value"] == 55) == ["a.txt", "b.html", "c.htm", "d.docx",
                                                                             "e.pdf"]
    assert all(r["line"] for r in rows)                               # the converted text was had: lines
    out = tmp_path / "out"
    r = run("extract", d, "-o", out, "-q")
    assert r.exit_code == 0, r.stderr
    formats = {p.name: json.loads(p.read_text(encoding="utf-8"))["source"]["format"] for p in out.iterdir()}
    assert formats == {"a.json": "text", "b.json": "html", "c.json": "html", "d.json": "docx", "e.json": "pdf"}
    assert "*.docx" in run("extract", "-h").stdout and "*.pdf" in run("targets", "-h").stdout


# --- extract --format parquet / --engine dask (issue 20) ----------------------------------------------------

def _tables(folder):
    from policyparse import flat, parquet
    return {t: parquet.read_table(str(folder), t) for t in flat.TABLES}


def test_extract_parquet_writes_the_tables_of_flatten(tmp_path):
    raw = ROOT / "data" / "raw"
    r = run("extract", raw, "--format", "parquet", "-o", tmp_path / "e", "-q")
    assert r.exit_code == 0 and r.stdout == "", r.stderr
    assert run("flatten", raw, "-o", tmp_path / "f", "-q", "-j", "1").exit_code == 0
    got, want = _tables(tmp_path / "e"), _tables(tmp_path / "f")
    assert all(got[t].equals(want[t]) for t in want) and got["targets"].num_rows > 100
    again = run("extract", raw, "-f", "parquet", "-o", tmp_path / "e")
    assert again.exit_code == 1 and "already holds Parquet tables" in again.stderr
    assert run("extract", raw, "-f", "parquet", "-o", tmp_path / "e", "--overwrite", "-q").exit_code == 0


def test_extract_output_url_keeps_its_double_slash():
    """-o is a string: memory://bucket/x (an fsspec URL, as s3://bucket/x) is not turned into memory:/bucket/x."""
    import fsspec
    from policyparse import parquet
    url = "memory://pp-test/extract-out"
    r = run("extract", SEED, "-f", "parquet", "-o", url, "-q")
    try:
        assert r.exit_code == 0, r.stderr
        assert parquet.read_table(url, "files").column("file").to_pylist() == [str(SEED)]
        assert not Path("memory:").exists()
    finally:
        fsspec.filesystem("memory").rm("/pp-test", recursive=True)


@pytest.mark.parametrize("args,hint", [
    (["-f", "parquet"], "-o"),                                         # parquet writes files
    (["--engine", "dask"], "-o"),
    (["--engine", "dask", "-f", "yaml", "-o", "X"], "--format"),
    (["-f", "parquet", "-o", "X", "--skip-existing"], "--skip-existing"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler"),             # only with dask
    (["-o", "s3://bucket/out"], "-o"),                                 # a URL needs parquet or dask
    (["--overwrite", "-o", "X"], "--overwrite"),
])
def test_extract_engine_and_parquet_usage_errors(tmp_path, monkeypatch, args, hint):
    monkeypatch.chdir(tmp_path)
    r = run("extract", SEED, *args)
    assert r.exit_code == 2 and hint in r.stderr, r.stderr
    assert run("extract", "-", "-f", "parquet", "-o", "X", input=DOC.encode()).exit_code == 2   # stdin: no


def test_extract_engine_dask_on_a_local_cluster(tmp_path):
    """`extract --engine dask --scheduler ADDRESS` (one in-process LocalCluster worker, to keep it cheap;
    tests/test_distributed.py runs two worker processes): its JSON equals the local extract's, byte for
    byte, and its Parquet tables equal flatten's; a missing input fails with its line and exit 1."""
    from distributed import LocalCluster
    raw = ROOT / "data" / "raw"
    assert run("extract", raw, "-o", tmp_path / "local", "-q").exit_code == 0
    assert run("flatten", raw, "-o", tmp_path / "flat", "-q", "-j", "1").exit_code == 0
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        addr = cluster.scheduler_address
        r = run("extract", raw, "--engine", "dask", "--scheduler", addr, "-o", tmp_path / "dask", "-q")
        assert r.exit_code == 0, r.stderr
        p = run("extract", raw, tmp_path / "missing.txt", "--engine", "dask", "--scheduler", addr, "-f", "parquet",
                "-o", tmp_path / "dpq", "-q")
    names = sorted(x.name for x in (tmp_path / "local").iterdir())
    assert names == sorted(x.name for x in (tmp_path / "dask").iterdir()) and len(names) == 5
    for n in names:
        assert (tmp_path / "dask" / n).read_bytes() == (tmp_path / "local" / n).read_bytes(), n
    assert p.exit_code == 1 and f"{tmp_path / 'missing.txt'}: cannot read" in p.stderr
    got, want = _tables(tmp_path / "dpq"), _tables(tmp_path / "flat")
    for t in want:
        if t != "files":
            assert got[t].equals(want[t]), t
    assert got["files"].num_rows == want["files"].num_rows + 1


# --- FIFOs and loops count in review and flatten too ------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", ["review", "flatten", "targets"])
def test_a_fifo_or_loop_in_a_folder_is_reported_and_counted(tmp_path, command):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(DOC, encoding="utf-8")
    os.mkfifo(d / "fifo.txt")                              # nobody writes: opening it would block for ever
    (d / "sub" / "up").symlink_to("..")                    # a folder loop
    args = {"review": ["-o", tmp_path / "out"], "flatten": ["-o", tmp_path / "out", "-j", "1"], "targets": ["-f", "csv"]}
    p = subprocess.run([BIN, command, d, *args[command], "-q"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 1, p.stderr
    assert f"{d / 'fifo.txt'}: not a regular file (FIFO); refused" in p.stderr
    assert f"{d / 'sub' / 'up'}: folder already read (a symbolic link loop?); skipped" in p.stderr
    if command == "flatten":
        from policyparse import parquet
        assert parquet.read_table(str(tmp_path / "out"), "files").column("file").to_pylist() == [str(d / "a.txt")]
    if command == "review":
        assert (tmp_path / "out" / "a.html").exists() and "fifo.txt" in (tmp_path / "out" / "index.html").read_text()


# --- the progress bar never takes stdout ------------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args", [["extract", "-f", "jsonl"], ["targets", "-f", "jsonl"]])
def test_progress_bar_on_a_terminal_leaves_redirected_stdout_alone(tmp_path, args):
    """stderr a terminal (the bar shows), stdout a file: every byte of data reaches the file. (rich
    redirects sys.stdout into its console while a bar is live; once that sent the whole JSON to stderr.)"""
    import pty
    master, slave = pty.openpty()
    out = tmp_path / "out.jsonl"
    with open(out, "wb") as fh:
        p = subprocess.Popen([BIN, args[0], ROOT / "data" / "raw", *args[1:]], stdout=fh, stderr=slave,
                             stdin=subprocess.DEVNULL)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    assert p.wait(timeout=120) == 0
    os.close(master)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(x) for x in lines)
    assert b'"documents"' not in shown and b'"indicator"' not in shown        # no data on the terminal
    assert b"files" in shown                                                 # the summary is there


# --- a worker stopped inside a finaliser -----------------------------------------------------------------

def test_sigterm_inside_a_finaliser_still_stops_a_worker_quietly():
    """The parent stops its workers with SIGTERM (Ctrl-C, an early stop); one that lands inside a `__del__`
    (the collector runs them between files) used to print "Exception ignored … Traceback" and let the
    worker go on. It stops, quietly, once out of the finaliser."""
    code = ("import os, signal, time\nfrom policyparse.batch import pool\npool._worker_init()\n"
            "class Slow:\n    def __del__(self):\n        os.kill(os.getpid(), signal.SIGTERM)\n        time.sleep(0.05)\n"
            "Slow()\ntime.sleep(3)\nprint('went on', flush=True)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 128 + signal.SIGTERM and "went on" not in r.stdout and r.stderr == "", r.stderr
