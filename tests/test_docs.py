"""Docs that cannot drift: every CLI command has help text and is shown in the README."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from policyparse.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(get_command(app).commands)


def test_the_cli_has_the_contract_commands():
    assert {"extract", "schema", "validate", "eval", "outline", "targets", "units", "tables"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_is_in_readme(name):
    cmd = get_command(app).commands[name]
    assert (cmd.help or "").strip(), f"{name} has no help text"
    assert f"policyparse {name}" in README, f"README shows no `policyparse {name}` example"
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_readme_two_commands_come_first():
    first_block = README.split("```", 2)[1]
    assert "make run" in first_block and "make test" in first_block
