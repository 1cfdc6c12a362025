"""`policyparse eval`: accuracy against gold annotations (SPEC §7), or the work-report GDP check."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from ._app import app


@app.command("eval")
def eval_(
    pred: list[Path] = typer.Argument(..., help="Directories (or files) of outputs <stem>.json, or of input texts "
                                                "<stem>.txt, which are then parsed in-process."),
    gold: Path = typer.Option(None, "--gold", help="Directory of gold annotations <stem>.yaml."),
    gdp: Path = typer.Option(None, "--gdp", help="Instead of --gold: a GDP-target gold of work reports (e.g. "
                                                 "tests/real/gdp_gold.yaml); checks each report's growth target."),
    as_json: bool = typer.Option(False, "--json", help="Print every figure and count as JSON."),
    minimum: list[str] = typer.Option([], "--min", metavar="METRIC=VALUE",
                                      help="Exit 1 when a figure is below VALUE (repeatable), e.g. targets.f1=0.8 "
                                           "or gdp.found_rate=0.5."),
    show_misses: bool = typer.Option(False, "--show-misses",
                                     help="List gold items not found, predicted items not in gold, and differences."),
):
    """Score predictions against gold annotations (SPEC §7): per-file table and overall figures; or, with
    --gdp, check each work report's GDP growth target (docs/evaluation.md)."""
    from ..evaluate import Score, below_minimum, evaluate, parse_minimum, render_misses, render_table, report_json
    if (gold is None) == (gdp is None):
        raise typer.BadParameter("give either --gold DIR or --gdp FILE", param_hint="--gold/--gdp")
    if gold is not None and not gold.is_dir():
        raise typer.BadParameter(f"{gold} is not a directory", param_hint="--gold")
    if gdp is not None and not gdp.is_file():
        raise typer.BadParameter(f"{gdp} is not a file", param_hint="--gdp")
    for p in pred:
        if not p.exists():
            raise typer.BadParameter(f"{p} does not exist", param_hint="PRED")
    if gdp is not None:
        from ..evaluate.gdp import FIGURES
        known = FIGURES
    else:
        known = tuple(Score().figures())
    try:
        minimums = [parse_minimum(m, known) for m in minimum]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--min") from None
    if gdp is not None:
        figures = _gdp(gdp, pred, as_json)
    else:
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
        figures = report.total.figures()
    failed = below_minimum(figures, minimums)
    if failed:
        typer.echo("below minimum: " + ", ".join(failed), err=True)
        raise typer.Exit(1)


def _gdp(gold: Path, pred: list[Path], as_json: bool) -> dict[str, float]:
    from ..evaluate.gdp import check_gdp, gdp_json, render_gdp
    try:
        report = check_gdp(gold, pred)
    except (ValueError, KeyError, TypeError) as exc:             # a malformed gold file
        raise typer.BadParameter(f"{gold}: {exc}", param_hint="--gdp") from None
    if not report.rows:
        typer.echo(f"{gold}: no reports in the gold", err=True)
        raise typer.Exit(2)
    for problem in report.problems:
        typer.echo(problem, err=True)
    sys.stdout.write(gdp_json(report) if as_json else render_gdp(report))
    return report.figures()
