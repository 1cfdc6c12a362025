"""Which inputs a batch has, and reading them: regular files only, bounded, stdin named <stdin>.

See the package docstring (policyparse.batch) for the rules and the API.
"""
from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from ..locations import SUFFIXES, file_key as _key, not_regular as _not_regular, os_reason as _strerror, walk_folder
from ..locations import MAX_BYTES  # noqa: F401 (one size limit for every reader; re-exported by batch)
from .messages import say

STDIN = "-"
STDIN_NAME = "<stdin>"                       # the one name of stdin in messages, reports and summaries
STDIN_STEM = "stdin"                         # ... and in output file names (DIR/stdin.json)
INPUT_SUFFIXES = {".txt", ".text", ".htm", ".html", ".docx", ".pdf"}   # replaced by the output's extension


class Input(NamedTuple):
    """One input: `path` to open ("-" for stdin), `name` to show, `rel` (POSIX) under its root for
    mirrored outputs, and `problem` when it cannot be read (then it is reported, never opened)."""

    path: str
    name: str
    rel: str
    problem: str | None = None


def collect(paths: Iterable[str], suffixes: Sequence[str] = SUFFIXES) -> list[Input]:
    """The inputs named by `paths`: files as given, every file ending in `suffixes` under a directory
    (sorted, recursive), "-" for stdin. The same file reached twice is kept once.

    >>> [i.name for i in collect(["-"])]
    ['<stdin>']
    >>> collect(["/nonexistent/x.txt"])[0].problem
    'cannot read (No such file or directory)'
    """
    out: list[Input] = []
    seen: set[tuple[int, int]] = set()
    for p in paths:
        if p == STDIN:
            out.append(Input(STDIN, STDIN_NAME, STDIN_STEM))
            continue
        try:
            st = os.stat(p)
        except OSError as exc:
            out.append(Input(p, p, Path(p).name, f"cannot read ({_strerror(exc)})"))
            continue
        if stat.S_ISDIR(st.st_mode):
            for path, rel, problem in walk_folder(p, suffixes):      # the one folder walk (locations.py)
                inp = Input(path, path, rel, problem)
                key = _key(inp.path)
                if key is None or key not in seen:
                    out.append(inp)
                    if key is not None:
                        seen.add(key)
        elif stat.S_ISREG(st.st_mode):
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                out.append(Input(p, p, Path(p).name))
        else:
            out.append(Input(p, p, Path(p).name, _not_regular(st.st_mode)))
    return out


def read(inp: Input, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of one input, at most `max_bytes` (InputError beyond). Only regular files and stdin:
    the file is opened without blocking and checked after opening (no race with a swapped-in FIFO)."""
    from ..diagnostics import InputError
    if inp.problem:
        raise InputError(f"{inp.name}: {inp.problem}")
    if inp.path == STDIN:
        if sys.stdin is None or sys.stdin.closed:
            raise InputError(f"{STDIN_NAME}: cannot read (stdin is closed)")
        if sys.stdin.isatty():
            say("reading stdin (Ctrl-D to end)")
        stream = getattr(sys.stdin, "buffer", sys.stdin)
        data = _read_up_to(stream.read, max_bytes + 1)
    else:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(inp.path, flags)
        except OSError as exc:
            raise InputError(f"{inp.name}: cannot read ({_strerror(exc)})") from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise InputError(f"{inp.name}: {_not_regular(st.st_mode)}")
            if st.st_size > max_bytes:
                raise InputError(f"{inp.name}: {st.st_size} bytes is over the limit of {max_bytes} "
                                 "(raise --max-bytes)")
            data = _read_up_to(lambda n: os.read(fd, n), max_bytes + 1)
        except OSError as exc:
            raise InputError(f"{inp.name}: cannot read ({_strerror(exc)})") from None
        finally:
            os.close(fd)
    if len(data) > max_bytes:
        raise InputError(f"{inp.name}: more than {max_bytes} bytes, over the limit of {max_bytes} "
                         "(raise --max-bytes)")
    return data


def _read_up_to(read_some: Callable[[int], bytes], n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = read_some(min(n - got, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def parse(inp: Input, encoding: str = "auto", max_bytes: int = MAX_BYTES):
    """ParseResult of one input (PolicyParseError, named after the input, when it cannot be read)."""
    from ..reading import parse_bytes
    return _named(inp, parse_bytes, read(inp, max_bytes), encoding, max_bytes)


def parse_with_text(inp: Input, encoding: str = "auto", max_bytes: int = MAX_BYTES):
    """(ParseResult, the text its spans index) of one input: the commands that show line numbers or the
    source text (targets, panel, review) need both; the text is the one the parse decoded (or converted
    from HTML/DOCX/PDF), not a second decoding (a PDF's conversion is ~2/3 of its parse)."""
    from ..reading import parse_source
    return _named(inp, parse_source, read(inp, max_bytes), encoding, max_bytes)


def _named(inp: Input, parse_fn, data: bytes, encoding: str, max_bytes: int):
    """`parse_fn(data, ...)` with stdin's one name in its errors."""
    from ..diagnostics import PolicyParseError
    try:
        return parse_fn(data, path=None if inp.path == STDIN else inp.path, encoding=encoding, max_bytes=max_bytes)
    except PolicyParseError as exc:
        msg = str(exc)
        if inp.path == STDIN and msg.startswith("<input>:"):      # the library's name for nameless bytes
            raise type(exc)(STDIN_NAME + msg[len("<input>"):]) from None
        raise
