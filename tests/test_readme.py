"""The README's examples run (STYLE B7): its Python blocks are executed, and every option its command
lines use exists in that command's --help."""
from __future__ import annotations

import contextlib
import io
import re
import shlex

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from policyparse.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)
COMMAND_LINES = [line.split("  #")[0].strip() for block in re.findall(r"```\n(.*?)```", README, re.S)
                 for line in block.splitlines() if line.startswith("policyparse ")]


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_python_block_runs(code, tmp_path, monkeypatch):
    import ast
    for node in ast.walk(ast.parse(code)):                # optional extras (pandas, duckdb, polars): skip
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
        for name in names:
            pytest.importorskip(name.split(".")[0])
    monkeypatch.chdir(ROOT)
    if '"tables/' in code:                               # the Parquet tables the shell example above writes
        r = CliRunner().invoke(app, ["flatten", "-q", "data/raw", "-o", str(tmp_path / "tables"), "--jobs", "1"])
        assert r.exit_code == 0, r.output
        monkeypatch.chdir(tmp_path)
    if "all.jsonl" in code:                              # the file the shell example above it writes
        r = CliRunner().invoke(app, ["extract", "-q", "-f", "jsonl", "data/raw"])
        (tmp_path / "all.jsonl").write_text(r.stdout, encoding="utf-8")
        code = code.replace('"all.jsonl"', repr(str(tmp_path / "all.jsonl")))
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(compile(code, "README.md", "exec"), {})
    assert "Traceback" not in out.getvalue()


def test_there_are_examples():
    assert len(BLOCKS) >= 2 and len(COMMAND_LINES) >= 15


@pytest.mark.parametrize("line", COMMAND_LINES)
def test_command_line_options_exist(line):
    words = shlex.split(line.split("|")[0].split(">")[0].split("<")[0])
    name = words[1]
    if name.startswith("-"):
        assert name == "--version"
        return
    r = CliRunner().invoke(app, [name, "--help"])
    assert r.exit_code == 0, line
    for w in words[2:]:
        if w.startswith("-") and w != "-":
            assert re.search(rf"(^|[\s,]){re.escape(w.split('=')[0])}([\s,/]|$)", r.stdout, re.M), f"{line}: {w}"
