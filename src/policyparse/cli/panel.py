"""`policyparse panel`: one row per document, one column per indicator_key (the researcher's table)."""
from __future__ import annotations

import functools

from pathlib import Path
from typing import Optional

import typer

from ._common import PATHS_HELP, Job, parse_job_with_text
from ._flat import FMT_OPTION, OUT_OPTION, OutFmt, ReportOptions, _resolve, emit, report_command


def panel_rows_of(job: Job, all_targets: bool = False) -> tuple[list[tuple], list[tuple]]:
    """The document rows of one input and the target rows that can fill a cell (an indicator_key;
    headline unless `all_targets`), as tuples in DOCUMENT_FIELDS / TARGET_FIELDS order (runs in a
    worker; the parent builds the panel from them)."""
    from ..reports.rows import document_rows, target_rows
    result, text = parse_job_with_text(job)
    name = job.input.name
    return ([tuple(r.values()) for r in document_rows(name, result, text)],
            [tuple(r.values()) for r in target_rows(name, result, text)
             if r["indicator_key"] and (all_targets or r["headline"])])


@report_command
def panel(
    paths: list[str] = typer.Argument(..., help=PATHS_HELP),
    fmt: OutFmt = FMT_OPTION,
    out: Optional[Path] = OUT_OPTION,
    all_targets: bool = typer.Option(False, "--all", help="Every target is a candidate, not only the headline ones "
                                                          "(a headline target still wins, then this year's)."),
    long_form: bool = typer.Option(False, "--long", help="One row per document and key (with the indicator, line, "
                                                         "quote and number of candidates) instead of one per "
                                                         "document."),
    keys: Optional[str] = typer.Option(None, "--keys", help="Comma-separated keys to show, in this order (default: "
                                                            "every key with a value, in the vocabulary's order)."),
    *, opts: ReportOptions,                       # --bom, --labels, --encoding, --jobs, --max-bytes, --quiet
):
    """The researcher's table: one row per document (file, place, year, title), one column per indicator_key,
    each cell the value as the text states it (5左右, 6.5-7, ≥6) with machine columns beside it."""
    from ..reports import panel as p
    from ..reports.indicators import key_names
    from ..reports.rows import DOCUMENT_FIELDS, TARGET_FIELDS
    names = key_names()
    wanted = [k.strip() for k in keys.split(",") if k.strip()] if keys else None
    unknown = [k for k in wanted or () if k not in names]
    if unknown:
        raise typer.BadParameter(f"unknown key(s) {', '.join(unknown)}; see docs/researchers.md", param_hint="--keys")
    inputs = opts.inputs(paths, fmt, out, rows=True)
    documents, targets = [], []
    for _, (docs, found) in inputs.each(functools.partial(panel_rows_of, all_targets=all_targets)):
        documents += [dict(zip(DOCUMENT_FIELDS, d)) for d in docs]
        targets += [dict(zip(TARGET_FIELDS, t)) for t in found]
    build = p.long if long_form else p.wide
    header, rows = build(documents, targets, all_targets=all_targets, keys=wanted)
    if not documents:
        typer.echo("no documents found", err=True)
    elif not any(h not in p.PANEL_FIELDS for h in header) and not long_form:
        typer.echo("no " + ("" if all_targets else "headline ") + "target has an indicator_key"
                   + ("" if all_targets else " (try --all)"), err=True)
    if _resolve(fmt, out) == "table":
        shown = list(p.PANEL_FIELDS[2:]) + ([h for h in header if h in names] if not long_form else
                                            ["indicator_key", "stated", "unit", "target_year", "candidates"])
    else:
        shown = []
    key_sheet = ("indicator_keys", ["indicator_key", "indicator_name"], [[k, v] for k, v in names.items()])
    emit(fmt, out, header, rows, bom=opts.bom, labels=opts.labels, sheet="panel", table_columns=shown,
         extra_sheets=[key_sheet])
    raise typer.Exit(inputs.finish(documents=len(documents), candidates=len(targets), rows=len(rows)))
