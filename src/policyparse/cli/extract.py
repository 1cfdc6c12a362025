"""`policyparse extract`: parse inputs into JSON / JSONL / YAML, one object per input file."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ._app import app
from ._common import PATHS_HELP, collect_inputs, encoding_option, jobs_option, quiet_option
from ..batch import MAX_BYTES


class Fmt(str, Enum):
    json = "json"
    jsonl = "jsonl"
    yaml = "yaml"


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help=PATHS_HELP),
    out: Optional[Path] = typer.Option(None, "-o", "--out", metavar="DIR",
                                       help="Write one file per input under DIR, at the input's path inside the "
                                            "directory given (corpus/2025/北京.txt -> DIR/2025/北京.json)."),
    fmt: Fmt = typer.Option(Fmt.json, "--format", "-f",
                            help="json (indented), jsonl (one line) or yaml (a --- document): one object per input."),
    encoding: str = encoding_option(),
    jobs: int = jobs_option(),
    max_bytes: int = typer.Option(MAX_BYTES, "--max-bytes", min=0, help="Refuse inputs larger than this."),
    skip_existing: bool = typer.Option(False, "--skip-existing",
                                       help="With -o: leave out inputs whose output file exists (resume a batch)."),
    quiet: bool = quiet_option(),
):
    """Parse policy documents into structured data: one ParseResult object per input.

    On stdout the shape never depends on how many inputs there are: one object per input, in input
    order. json prints indented objects one after another (a stream, as jq reads it; json.loads reads
    one, use jsonl to read several in Python), jsonl one object per line, yaml one document per input,
    each starting with ---. With -o DIR each input gets its own file and stdout stays empty.
    Failures print `path: reason` on stderr; exit 1 if any input failed, 2 for a usage error.
    """
    from .. import batch
    inputs = collect_inputs(paths)
    if skip_existing and out is None:
        raise typer.BadParameter("--skip-existing needs -o DIR", param_hint="--skip-existing")
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise typer.BadParameter(f"cannot use {out} as the output folder ({exc.strerror})",
                                     param_hint="-o") from None
    planned, skipped = batch.plan_extract(inputs, out, fmt.value, encoding, max_bytes, skip_existing)
    code = batch.run_extract(planned, batch.Options(jobs=jobs, quiet=quiet, label="files"), skipped=skipped)
    raise typer.Exit(code)
