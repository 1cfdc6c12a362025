"""`policyparse text`: print the text that spans index (a page, .docx or PDF converted; a text decoded)."""
from __future__ import annotations

import sys

import typer

from ._app import app


@app.command()
def text(
    path: str = typer.Argument(..., help="One file (plain text, HTML, .docx or PDF) or - for stdin."),
    encoding: str = typer.Option("auto", "--encoding", help="auto, utf-8, gb18030, utf-16 ... (text and HTML)"),
    max_bytes: int = typer.Option(50 * 1024 * 1024, "--max-bytes", help="Refuse inputs larger than this."),
):
    """Print exactly the text that every span of `extract` indexes, as UTF-8: original[start:end] of
    any item is text[start:end] of this output. Example: policyparse text notice.pdf > notice.txt"""
    from ..convert import to_text
    from ..diagnostics import PolicyParseError
    name = None if path == "-" else path
    try:
        from ..batch import collect, read                # bounded; regular files only (a FIFO never blocks)
        data = read(collect([path])[0], max_bytes)
        converted = to_text(data, encoding, name=name)
    except PolicyParseError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    sys.stdout.buffer.write(converted.text.encode("utf-8", "surrogatepass"))
    sys.stdout.flush()
