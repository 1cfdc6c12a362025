"""Writers (json / jsonl / yaml / csv), atomic files, terminal-safe text; reading outputs back is validation.py."""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import yaml

EXT = {"json": "json", "jsonl": "jsonl", "yaml": "yaml", "csv": "csv"}


def dump(data: dict, fmt: str) -> str:
    """Serialise one plain dict (a ParseResult's model_dump) in `fmt`, ending with a newline."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    if fmt == "yaml":
        # libyaml's emitter when present (same output, ~10x faster on 10^5 sections); safe either way
        return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True,
                         sort_keys=False, width=1000)
    raise ValueError(f"unknown format {fmt!r}")


# Characters a terminal acts on instead of printing: C0 controls (ESC starts CSI/OSC sequences), DEL,
# C1 controls (U+009B is a one-character CSI), bidirectional overrides and isolates (they reorder what is
# shown: "Trojan Source"), line/paragraph separators. Tab and newline are kept unless asked.
_UNSAFE = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F),
           *range(0x2066, 0x206A), 0x2028, 0x2029]
_SAFE_TABLE = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _UNSAFE}


def terminal_safe(text: str, keep: str = "\t\n") -> str:
    r"""`text` with every character a terminal would act on shown as an escape (ESC -> \x1b, RLO ->
    \u202e); the characters in `keep` pass. For titles, names and messages printed to a terminal.

    >>> terminal_safe("标题\x1b[31m红\u202e")
    '标题\\x1b[31m红\\u202e'
    >>> terminal_safe("a\tb\nc", keep="")
    'a\\x09b\\x0ac'
    """
    table = _SAFE_KEEP_TAB_NL if keep == "\t\n" else {k: v for k, v in _SAFE_TABLE.items() if chr(k) not in keep}
    return text.translate(table)


_SAFE_KEEP_TAB_NL = {k: v for k, v in _SAFE_TABLE.items() if chr(k) not in "\t\n"}


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """CSV that opens cleanly in spreadsheets (UTF-8 BOM added by the writer) and pandas."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def output_path(outdir: str | os.PathLike, stem: str, ext: str) -> Path:
    """DIR/<stem>.<ext>, refusing anything that would land outside DIR.

    >>> output_path("out", "a", "json").as_posix()
    'out/a.json'
    >>> output_path("out", "../x", "json")
    Traceback (most recent call last):
    ValueError: refusing output name '../x': path separators or '..'
    """
    if not stem or "/" in stem or "\\" in stem or stem in (".", "..") or stem.startswith("..") or "\x00" in stem:
        raise ValueError(f"refusing output name {stem!r}: path separators or '..'")
    base = Path(outdir)
    out = base / f"{stem}.{ext}"
    if out.resolve().parent != base.resolve():
        raise ValueError(f"refusing output name {stem!r}: outside {outdir}")
    return out


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike) -> Iterator[Path]:
    """A temp name in `path`'s folder to write to: renamed over `path` when the block ends, removed
    when it raises (KeyboardInterrupt too). Readers never see half a file.

    The temp name is chosen before the file exists, so an interrupt (Ctrl-C) at any point can remove it:
    with tempfile.mkstemp a KeyboardInterrupt landing after its open() but before it returned left a
    stray `.name.tmp` behind.

    >>> import tempfile; d = Path(tempfile.mkdtemp())
    >>> with atomic_target(d / "a.txt") as tmp:
    ...     _ = tmp.write_text("x")
    >>> sorted(p.name for p in d.iterdir())
    ['a.txt']
    >>> import shutil; shutil.rmtree(d)
    """
    path = Path(path)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write `text` (or bytes: the .xlsx of the reports) through `atomic_target`. The file gets the usual
    0o666 & ~umask mode (mkstemp's 0o600 would make every output private to its writer)."""
    with atomic_target(path) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)   # O_EXCL: never through a symlink
        with (os.fdopen(fd, "wb") if isinstance(text, bytes)
              else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            fh.write(text)
