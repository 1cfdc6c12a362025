"""Inputs that may be local paths or fsspec URLs (s3://, gs://, hdfs://, memory://): listing files under
folders, prefixes and globs with their sizes, cutting them into partitions, reading one within a size
limit, joining a path under an output location. Used by the Parquet and Dask engines (parquet.py,
distributed.py); fsspec is imported only for a URL. `walk_folder` is the one walk of a local folder, for
every command (batch.collect builds its inputs from it): which files are inputs (SUFFIXES), and what
is refused with a reason (FIFOs and devices, loops, links leading out of the folder).

Reads: the file system or the store named by a URL. Writes: nothing. Raises: InputError from read_input.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import NamedTuple

PARTITION_MB = 8.0                  # about four seconds of parsing per partition on one core
MAX_BYTES = 50 * 1024 * 1024
# what a folder (or a bucket prefix) contributes: plain text and the formats convert/ turns into text
# (the format itself is found from the content, so a page saved as .txt is still read as HTML)
SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")


def is_url(path: str) -> bool:
    """A location fsspec opens (s3://, gs://, hdfs://, memory://, file://), not a local path.

    >>> is_url("s3://bucket/2025/"), is_url("data/raw"), is_url("C:/x")
    (True, False, False)
    """
    return "://" in str(path)


class Input(NamedTuple):
    """One input: `file` to open (a local path as given, or a URL with its protocol), its size in
    bytes (-1: missing), and `rel`, its path under the folder or prefix it was found in (POSIX)."""

    file: str
    size: int
    rel: str


def list_inputs(paths: Iterable[str], storage_options: dict | None = None,
                suffixes: Sequence[str] = SUFFIXES) -> list[Input]:
    """Every input: a file as given; every file ending in `suffixes` under a folder (walk_folder: what it
    refuses is left out here, the command reports it) or a bucket prefix, sorted; a glob
    (`s3://b/2025/*/*.txt`) expanded by fsspec. Local paths stay as given (the names `extract`
    prints), URLs keep their protocol. A missing input is listed with size -1: it becomes a failure
    row, not an exception."""
    out: list[Input] = []
    for p in paths:
        p = str(p)
        if is_url(p):
            out.extend(_list_url(p, storage_options or {}, tuple(suffixes)))
        elif os.path.isdir(p):
            out.extend(Input(f, os.path.getsize(f), rel) for f, rel, problem in walk_folder(p, suffixes) if not problem)
        else:
            out.append(Input(p, os.path.getsize(p) if os.path.isfile(p) else -1, Path(p).name))
    return out


def walk_folder(root: str, suffixes: Sequence[str] = SUFFIXES) -> list[tuple[str, str, str | None]]:
    """(path, path under `root` in POSIX form, problem or None) of every file under `root` whose name ends
    in `suffixes` (any case), sorted by name folder by folder; what cannot be read safely comes with the
    reason, never skipped silently: a FIFO, socket or device; a loop of links; a folder reached twice; a
    symbolic link leading outside `root`.

    >>> walk_folder("/nonexistent")
    [('/nonexistent', '.', 'cannot read folder (No such file or directory)')]
    """
    wanted_ends = tuple(x.lower() for x in suffixes)
    real_root = os.path.realpath(root)
    found: list[tuple[str, str, str | None]] = []
    visited = {file_key(root)}

    def inside(real: str) -> bool:
        return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)

    def visit(folder: str, rel: PurePosixPath):
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.append((folder, rel.as_posix(), f"cannot read folder ({os_reason(exc)})"))
            return
        for e in entries:
            r = (rel / e.name).as_posix()
            path = os.path.join(folder, e.name)
            wanted = e.name.lower().endswith(wanted_ends)
            try:
                is_link = e.is_symlink()
                st = os.stat(path)                    # follows links; ELOOP for a loop of links
            except OSError as exc:
                if wanted or is_link:
                    found.append((path, r, f"cannot read ({os_reason(exc)})"))
                continue
            if is_link and (wanted or stat.S_ISDIR(st.st_mode)):
                target = os.path.realpath(path)
                if not inside(target):
                    found.append((path, r, f"symbolic link to {target}, outside {root}; refused"))
                    continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in visited:
                    found.append((path, r, "folder already read (a symbolic link loop?); skipped"))
                    continue
                visited.add(key)
                visit(path, PurePosixPath(r))
            elif wanted:
                found.append((path, r, None if stat.S_ISREG(st.st_mode) else not_regular(st.st_mode)))

    visit(root, PurePosixPath())
    return found


def not_regular(mode: int) -> str:
    """Why a file that is not a regular file is refused (it is never opened, so it never blocks)."""
    kind = ("FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else
            "character device" if stat.S_ISCHR(mode) else "block device" if stat.S_ISBLK(mode) else
            "directory" if stat.S_ISDIR(mode) else "special file")
    return f"not a regular file ({kind}); refused"


def file_key(path: str) -> tuple[int, int] | None:
    """(device, inode) of `path` (links followed), None when it cannot be read: one file under two names."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def os_reason(exc: OSError) -> str:
    """An OSError as the reason in `path: cannot read (reason)`."""
    import errno
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return exc.strerror or str(exc)


def _list_url(url: str, storage_options: dict, suffixes: tuple[str, ...]) -> list[Input]:
    import fsspec
    fs, path = fsspec.core.url_to_fs(url, **storage_options)
    if any(ch in path for ch in "*?["):
        found = fs.glob(path, detail=True)
        root = path[:min(path.find(ch) for ch in "*?[" if ch in path)].rsplit("/", 1)[0]
    elif fs.isdir(path):
        found = {k: v for k, v in fs.find(path, detail=True).items() if k.lower().endswith(suffixes)}
        root = path
    else:
        return [Input(url, fs.size(path) if fs.exists(path) else -1, path.rsplit("/", 1)[-1])]
    root = root.rstrip("/") + "/"
    return [Input(fs.unstrip_protocol(k), int(v.get("size") or 0), k[len(root):] if k.startswith(root) else k)
            for k, v in sorted(found.items()) if v.get("type", "file") == "file"]


def partitions(inputs: Sequence[Input], partition_mb: float = PARTITION_MB,
               at_least: int = 1) -> list[tuple[Input, ...]]:
    """Consecutive runs of inputs of about `partition_mb` each, and at least `at_least` runs when
    there are that many inputs (so that every worker gets several), in input order.

    >>> runs = partitions([Input(f, 5, f) for f in "abc"], partition_mb=1e-5)
    >>> [[i.file for i in run] for run in runs]
    [['a', 'b'], ['c']]
    >>> [[i.file for i in run] for run in partitions([Input(f, 5, f) for f in "abc"], at_least=3)]
    [['a'], ['b'], ['c']]
    """
    total = sum(max(i.size, 0) for i in inputs)
    size = min(partition_mb * 1e6, total / max(1, min(at_least, len(inputs))))
    out: list[tuple[Input, ...]] = []
    run: list[Input] = []
    filled = 0
    for inp in inputs:
        run.append(inp)
        filled += max(inp.size, 0)
        if filled >= size:
            out.append(tuple(run))
            run, filled = [], 0
    if run:
        out.append(tuple(run))
    return out


def read_input(file: str, max_bytes: int = MAX_BYTES, storage_options: dict | None = None) -> bytes:
    """The bytes of one input, at most `max_bytes` (InputError beyond, or when it cannot be read)."""
    from .diagnostics import InputError
    try:
        if is_url(file):
            import fsspec
            with fsspec.open(file, "rb", **(storage_options or {})) as fh:
                data = fh.read(max_bytes + 1)
        else:
            with open(file, "rb") as fh:
                data = fh.read(max_bytes + 1)
    except (OSError, ValueError) as exc:
        raise InputError(f"{file}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    if len(data) > max_bytes:
        raise InputError(f"{file}: over the limit of {max_bytes} bytes (raise --max-bytes)")
    return data


def join(outdir: str, *parts: str) -> str:
    """`parts` under `outdir`: "/"-joined under a URL, os.path.join for a local folder.

    >>> join("s3://b/out/", "targets", "part-00001.parquet")
    's3://b/out/targets/part-00001.parquet'
    """
    return "/".join([outdir.rstrip("/"), *parts]) if is_url(outdir) else os.path.join(outdir, *parts)
