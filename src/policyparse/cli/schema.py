"""`policyparse schema` and `policyparse validate`: the output contract."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ._app import app
from ._common import say


def _committed_schemas() -> list[tuple[str, str | None]]:
    """(where, text or None when unreadable) of every committed copy this installation can see: the one
    in the package, and data/schemas/ of the source checkout the package runs from (if it does)."""
    from ..validation import SCHEMA_RESOURCE, packaged_schema
    try:
        found = [(f"policyparse/{SCHEMA_RESOURCE} (packaged)", packaged_schema())]
    except OSError:
        found = [(f"policyparse/{SCHEMA_RESOURCE} (packaged)", None)]
    root = Path(__file__).resolve().parents[3]                  # <root>/src/policyparse/cli/schema.py
    repo = root / "data" / "schemas" / "parse_result.schema.json"
    if (root / "pyproject.toml").is_file() and repo.is_file():
        found.append((str(repo), repo.read_text(encoding="utf-8")))
    return found


@app.command()
def schema(
    out: Optional[Path] = typer.Option(None, "-o", "--out", metavar="FILE",
                                       help="Write the schema to FILE instead of stdout (with --check: check FILE)."),
    check: bool = typer.Option(False, "--check", help="Exit 1 if FILE, or the committed schema (packaged, and "
                                                      "data/schemas/ of a source checkout), is out of date."),
):
    """Print (or write, or check) the JSON Schema of the output. --check works from any folder."""
    import json
    from ..models import json_schema
    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if check:
        if out is not None:
            try:
                targets = [(str(out), out.read_text(encoding="utf-8"))]
            except OSError as exc:
                say(f"{out}: cannot read ({exc.strerror})")
                raise typer.Exit(1) from None
        else:
            targets = _committed_schemas()
        stale = 0
        for where, current in targets:
            if current is None:
                say(f"{where}: cannot read")
                stale += 1
            elif current != text:
                say(f"{where} is out of date: run `make schema` (or `policyparse schema -o FILE`)")
                stale += 1
            else:
                say(f"{where} is up to date")
        raise typer.Exit(1 if stale else 0)
    if out:
        from ..batch import write_file
        try:
            write_file(out, text)
        except OSError as exc:
            say(f"{out}: cannot write ({exc.strerror or exc})")
            raise typer.Exit(1) from None
    else:
        sys.stdout.write(text)


@app.command()
def validate(
    files: list[Path] = typer.Argument(..., help="JSON, JSONL or YAML outputs of `extract`."),
    source: bool = typer.Option(True, "--source/--no-source",
                                help="Compare spans with the source files named in source.path (default on)."),
):
    """Check outputs: strict types against the models (no "5" for 5, no NaN), spans and ids, and, where
    the source file can be read and its sha256 matches, every text against original[span]. Prints
    `FILE: ok (...)` and says whether the source was compared; exit 1 if any file is invalid."""
    from pydantic import ValidationError
    from ..validation import consistency_problems, load_outputs, source_problems, strict_result
    bad = 0
    for f in files:
        try:
            objs = load_outputs(f)
            if not objs:
                raise ValueError("no object found")
            unchecked: list[str] = []
            for i, obj in enumerate(objs, 1):
                try:
                    result = strict_result(obj)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    loc = ".".join(str(x) for x in first["loc"])
                    raise ValueError(f"object {i}: {exc.error_count()} error(s); "
                                     f"first at {loc}: {first['msg']}") from None
                problems = consistency_problems(result)
                if source and not problems:
                    why, problems = source_problems(result)
                    if why:
                        unchecked.append(why)
                if problems:
                    raise ValueError(f"object {i}: {len(problems)} inconsistent span(s), id(s) or text(s); "
                                     f"first: {problems[0]}")
            n = len(objs)
            if not source:
                note = "spans not compared with the source (--no-source)"
            elif not unchecked:
                note = "texts compared with the source"
            elif len(unchecked) == n:
                note = f"texts NOT compared with the source: {unchecked[0]}"
            else:
                note = (f"texts compared with the source for {n - len(unchecked)}; "
                        f"not for {len(unchecked)}: {unchecked[0]}")
            typer.echo(f"{f}: ok ({n} result{'s' if n != 1 else ''}; {note})")
        except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, never a traceback
            bad += 1
            say(f"{f}: invalid ({exc})")
    raise typer.Exit(1 if bad else 0)
