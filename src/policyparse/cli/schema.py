"""`policyparse schema` and `policyparse validate`: the output contract."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from . import app


@app.command()
def schema(
    out: Optional[Path] = typer.Option(None, "-o", "--out", help="Write the schema here instead of stdout."),
    check: bool = typer.Option(False, "--check", help="Exit 1 if FILE (default: the committed schema) is out of date."),
):
    """Print (or write, or check) the JSON Schema of the output."""
    import json
    from ..models import json_schema
    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if check:
        target = out or Path("data/schemas/parse_result.schema.json")
        try:
            current = target.read_text(encoding="utf-8")
        except OSError as exc:
            typer.echo(f"{target}: cannot read ({exc.strerror})", err=True)
            raise typer.Exit(1)
        if current != text:
            typer.echo(f"{target} is out of date: run `policyparse schema -o {target}`", err=True)
            raise typer.Exit(1)
        typer.echo(f"{target} is up to date", err=True)
        return
    if out:
        from ..output import write_atomic
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(out, text)
        except OSError as exc:
            typer.echo(f"{out}: cannot write ({exc.strerror or exc})", err=True)
            raise typer.Exit(1)
    else:
        sys.stdout.write(text)


@app.command()
def validate(files: list[Path] = typer.Argument(..., help="JSON, JSONL or YAML outputs of `extract`.")):
    """Check outputs against the models and spans against the text; per-file errors; exit 1 if any is invalid."""
    from pydantic import ValidationError
    from ..models import ParseResult
    from ..output import consistency_problems, load_outputs
    bad = 0
    for f in files:
        try:
            objs = load_outputs(f)
            if not objs:
                raise ValueError("no object found")
            for i, obj in enumerate(objs):
                try:
                    result = ParseResult.model_validate(obj)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    loc = ".".join(str(x) for x in first["loc"])
                    raise ValueError(f"object {i + 1}: {exc.error_count()} error(s); first at {loc}: {first['msg']}")
                problems = consistency_problems(result)
                if problems:
                    raise ValueError(f"object {i + 1}: {len(problems)} inconsistent span(s) or id(s); "
                                     f"first: {problems[0]}")
            typer.echo(f"{f}: ok ({len(objs)} result{'s' if len(objs) != 1 else ''})")
        except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, never a traceback
            bad += 1
            typer.echo(f"{f}: invalid ({exc})", err=True)
    raise typer.Exit(1 if bad else 0)
