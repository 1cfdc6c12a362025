"""docs/cli.md is what the commands' --help prints (STYLE B7: docs that cannot drift)."""
from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))

import clidoc  # noqa: E402


def test_cli_reference_is_generated_from_help():
    current = clidoc.DOC.read_text(encoding="utf-8")
    assert current == clidoc.render(), "docs/cli.md is out of date: run `make docs`"


def test_cli_reference_covers_every_command():
    from typer.main import get_command
    from policyparse.cli import app
    text = clidoc.DOC.read_text(encoding="utf-8")
    for name in get_command(app).commands:
        assert f"## policyparse {name}\n" in text
