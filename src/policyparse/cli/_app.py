"""The typer `app` every command module registers on (below them; cli/__init__.py imports them all)."""
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
