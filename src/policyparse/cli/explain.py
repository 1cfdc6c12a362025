"""`policyparse explain`: which named rule kept or dropped every candidate quantity, and where each
metadata field came from."""
from __future__ import annotations

import json
import sys

import typer

from ._app import app


@app.command()
def explain(
    path: str = typer.Argument(..., help="One file (plain text, HTML, .docx or PDF)."),
    encoding: str = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ..."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per decision (JSONL)."),
    dropped_only: bool = typer.Option(False, "--dropped", help="Only the quantities a rule dropped."),
):
    """List every decision of the parse with the rule that made it: each candidate quantity (kept as a
    target, or dropped by a named rule of targets/rules/) and each metadata field's source (issuer from
    the adoption note, year from the work report's plan part …). Example: policyparse explain report.txt"""
    from ..convert import to_text
    from ..diagnostics import PolicyParseError
    from ..explain import collecting
    from ..lines import LineIndex
    from ..pipeline import parse_text
    try:
        with open(path, "rb") as fh:
            converted = to_text(fh.read(), encoding, name=path)
    except OSError as exc:
        typer.echo(f"{path}: cannot read ({exc.strerror or exc})", err=True)
        raise typer.Exit(1) from None
    except PolicyParseError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    with collecting() as log:
        result = parse_text(converted.text, path=path)
    lines = LineIndex(converted.text)
    docs = [(d.span, d.id) for d in result.documents]

    def doc_of(pos: int) -> str:
        return next((i for (a, b), i in docs if a <= pos < b), "-")

    for v in log:
        if dropped_only and v.verdict != "dropped":
            continue
        row = {"document": doc_of(v.span[0]), "stage": v.stage, "line": lines.line_no(v.span[0]),
               "span": list(v.span), "verdict": v.verdict, "rule": v.rule, "text": v.detail}
        if as_json:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(f"{row['document']}\tL{row['line']}\t{row['stage']}\t{row['verdict']}\t{row['rule']}\t"
                             f"{_printable(v.detail)[:60]}\n")
    sys.stdout.flush()


def _printable(s: str) -> str:
    """Control characters (escape sequences, bidi controls) shown as their code points, never sent raw."""
    return "".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in s)
