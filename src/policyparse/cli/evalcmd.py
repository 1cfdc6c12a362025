"""`policyparse eval`: accuracy against gold annotations (SPEC §7)."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from . import app


@app.command("eval")
def eval_(
    pred: list[Path] = typer.Argument(..., help="Directories (or files) of outputs <stem>.json, or of input texts "
                                                "<stem>.txt, which are then parsed in-process."),
    gold: Path = typer.Option(..., "--gold", help="Directory of gold annotations <stem>.yaml."),
    as_json: bool = typer.Option(False, "--json", help="Print every figure and count as JSON."),
    minimum: list[str] = typer.Option([], "--min", metavar="METRIC=VALUE",
                                      help="Exit 1 when a figure is below VALUE (repeatable), e.g. targets.f1=0.8."),
    show_misses: bool = typer.Option(False, "--show-misses",
                                     help="List gold items not found, predicted items not in gold, and differences."),
):
    """Score predictions against gold annotations (SPEC §7): per-file table and overall figures."""
    from ..evaluate import Score, below_minimum, evaluate, parse_minimum, render_misses, render_table, report_json
    if not gold.is_dir():
        raise typer.BadParameter(f"{gold} is not a directory", param_hint="--gold")
    for p in pred:
        if not p.exists():
            raise typer.BadParameter(f"{p} does not exist", param_hint="PRED")
    try:
        minimums = [parse_minimum(m, Score().figures()) for m in minimum]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--min")
    report = evaluate(gold, pred)
    if not report.files:
        typer.echo(f"{gold}: no gold files (*.yaml) found", err=True)
        raise typer.Exit(2)
    for problem in report.problems:
        typer.echo(problem, err=True)
    if as_json:
        sys.stdout.write(report_json(report, misses=show_misses))
    else:
        sys.stdout.write(render_table(report))
        if show_misses:
            sys.stdout.write("\nmisses\n" + (render_misses(report) or "  none\n"))
    failed = below_minimum(report.total.figures(), minimums)
    if failed:
        typer.echo("below minimum: " + ", ".join(failed), err=True)
        raise typer.Exit(1)
