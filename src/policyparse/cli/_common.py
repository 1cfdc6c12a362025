"""What the commands share: the stderr console, input expansion, the parsed-input iterator."""
from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path

import typer


def _stderr():
    from rich.console import Console
    c = Console(stderr=True)
    if not c.is_terminal:
        c.width = max(c.width, 120)
    return c


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given; a directory becomes every *.txt under it, sorted; "-" is stdin."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append("-")
        elif os.path.isdir(p):
            out.extend(str(f) for f in sorted(Path(p).rglob("*.txt")) if f.is_file())
        else:
            out.append(p)
    return out


class Parsed:
    """The inputs of a reporting command, parsed one at a time: yields (path, ParseResult); an
    unreadable input is printed as `path: reason` on stderr and counted in `failed`, never raised."""

    def __init__(self, paths: list[str], encoding: str):
        self.files = expand_paths(paths)
        if not self.files:
            raise typer.BadParameter("no input files found", param_hint="PATHS")
        self.encoding = encoding
        self.failed = 0

    def __iter__(self):
        from ..diagnostics import PolicyParseError
        from ..pipeline import parse_bytes, parse_file
        for path in self.files:
            try:
                result = (parse_bytes(sys.stdin.buffer.read(), encoding=self.encoding) if path == "-"
                          else parse_file(path, encoding=self.encoding))
            except PolicyParseError as exc:
                self.failed += 1
                typer.echo(str(exc), err=True)
                continue
            yield path, result


class ReportFmt(str, Enum):
    """Formats of the one-row-per-item reports (`units`, `targets`)."""

    table = "table"
    csv = "csv"
    jsonl = "jsonl"
