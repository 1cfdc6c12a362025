"""Which inputs a batch has, and reading them: regular files only, bounded, stdin named <stdin>.

See the package docstring (policyparse.batch) for the rules and the API.
"""
from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from .messages import say

STDIN = "-"
STDIN_NAME = "<stdin>"                       # the one name of stdin in messages, reports and summaries
STDIN_STEM = "stdin"                         # ... and in output file names (DIR/stdin.json)
SUFFIXES = (".txt",)                         # what a directory walk collects
INPUT_SUFFIXES = {".txt", ".text", ".htm", ".html", ".docx", ".pdf"}   # replaced by the output's extension
MAX_BYTES = 50 * 1024 * 1024

class Input(NamedTuple):
    """One input: `path` to open ("-" for stdin), `name` to show, `rel` (POSIX) under its root for
    mirrored outputs, and `problem` when it cannot be read (then it is reported, never opened)."""

    path: str
    name: str
    rel: str
    problem: str | None = None


def _kind(mode: int) -> str:
    return ("FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else
            "character device" if stat.S_ISCHR(mode) else "block device" if stat.S_ISBLK(mode) else
            "directory" if stat.S_ISDIR(mode) else "special file")


def _not_regular(mode: int) -> str:
    return f"not a regular file ({_kind(mode)}); refused"


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
            for inp in _walk(p, tuple(s.lower() for s in suffixes)):
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


def _key(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _strerror(exc: OSError) -> str:
    import errno
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return exc.strerror or str(exc)


def _walk(root: str, suffixes: tuple[str, ...]) -> Iterator[Input]:
    """Every file under `root` ending in `suffixes`, sorted by relative path; problems as inputs."""
    real_root = os.path.realpath(root)
    found: list[Input] = []
    visited = {_key(root)}

    def inside(real: str) -> bool:
        return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)

    def visit(folder: str, rel: PurePosixPath):
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.append(Input(folder, folder, rel.as_posix(), f"cannot read folder ({_strerror(exc)})"))
            return
        for e in entries:
            r = rel / e.name
            path = os.path.join(folder, e.name)
            wanted = e.name.lower().endswith(suffixes)
            try:
                is_link = e.is_symlink()
                st = os.stat(path)                    # follows links; ELOOP for a loop of links
            except OSError as exc:
                if wanted or is_link:
                    found.append(Input(path, path, r.as_posix(), f"cannot read ({_strerror(exc)})"))
                continue
            if is_link and (wanted or stat.S_ISDIR(st.st_mode)):
                target = os.path.realpath(path)
                if not inside(target):
                    found.append(Input(path, path, r.as_posix(),
                                       f"symbolic link to {target}, outside {root}; refused"))
                    continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in visited:
                    found.append(Input(path, path, r.as_posix(), "folder already read (a symbolic link loop?); "
                                                                 "skipped"))
                    continue
                visited.add(key)
                visit(path, r)
            elif wanted:
                found.append(Input(path, path, r.as_posix(),
                                   None if stat.S_ISREG(st.st_mode) else _not_regular(st.st_mode)))

    visit(root, PurePosixPath())
    return iter(found)


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
    from ..diagnostics import PolicyParseError
    from ..pipeline import parse_bytes
    data = read(inp, max_bytes)
    try:
        return parse_bytes(data, path=None if inp.path == STDIN else inp.path, encoding=encoding,
                           max_bytes=max_bytes)
    except PolicyParseError as exc:
        msg = str(exc)
        if inp.path == STDIN and msg.startswith("<input>:"):      # the library's name for nameless bytes
            raise type(exc)(STDIN_NAME + msg[len("<input>"):]) from None
        raise
