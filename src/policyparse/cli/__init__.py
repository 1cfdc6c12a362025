"""Command line: a thin layer over the library, one module per group of commands.

Heavy imports happen inside the commands, so `policyparse --version` stays cheap.
"""
from __future__ import annotations

import typer

from .. import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Chinese government policy documents (plain text) into structured data.")


def _version(value: bool):
    if value:
        typer.echo(f"policyparse {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")):
    """policyparse: sections, targets, responsibilities, tables and metadata of policy documents."""


# Each module registers its commands on `app` (imported for that side effect, in help order).
from . import extract, schema, evalcmd, views, panel  # noqa: E402,F401
from . import review  # noqa: E402,F401
from . import text  # noqa: E402,F401  (policyparse text FILE: the text spans index)
from . import explain  # noqa: E402,F401  (policyparse explain FILE: the rule behind every decision)
from . import flatten  # noqa: E402,F401  (policyparse flatten: Parquet tables, local or on Dask)

from ._common import finish  # noqa: E402

finish(app)      # -h, plain help with examples, quiet stdout errors: for every command
