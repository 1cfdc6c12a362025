"""Messages of a batch on stderr: one line per message, terminal-safe, never wrapped when stderr is
not a terminal; the summary table."""
from __future__ import annotations

import sys

_CONSOLE = None


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _console():
    global _CONSOLE
    if _CONSOLE is None or _CONSOLE.file is not sys.stderr:
        from rich.console import Console
        _CONSOLE = Console(stderr=True)
    return _CONSOLE


def say(line: str) -> None:
    """One message on stderr, escape sequences made visible; never wrapped when stderr is not a terminal
    (each message stays one line for grep), soft-wrapped by the terminal otherwise."""
    from ..output import terminal_safe
    line = terminal_safe(line)
    if _stderr_is_terminal():
        _console().print(line, markup=False, highlight=False, soft_wrap=True)
    else:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def summary(counts: dict[str, int | float | str], seconds: float) -> None:
    """The table printed after a batch (stderr): one column per count, then the seconds."""
    from rich.table import Table
    t = Table(show_header=True, header_style="bold")
    for col in (*counts, "seconds"):
        t.add_column(col, justify="right")
    t.add_row(*(str(v) for v in counts.values()), f"{seconds:.2f}")
    console = _console()
    if not console.is_terminal:
        console.width = max(console.width, 200)
    console.print(t)


def code_summary(by_code: dict[str, list[str]], shown: int = 3) -> None:
    """Per warning code: how many inputs raised it and the first few of them (stderr), most frequent
    first: the corpus triage in one table (`docs/warnings.md` says what each code asks you to check)."""
    from rich.table import Table
    from ..output import terminal_safe
    t = Table(show_header=True, header_style="bold")
    for col, just in (("warning", "left"), ("files", "right"), ("e.g.", "left")):
        t.add_column(col, justify=just)
    for code, names in sorted(by_code.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        shown_names = ", ".join(n.rsplit("/", 1)[-1] for n in names[:shown]) + (" …" if len(names) > shown else "")
        t.add_row(code, str(len(names)), terminal_safe(shown_names))
    console = _console()
    if not console.is_terminal:
        console.width = max(console.width, 200)
    console.print(t)
