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


LONG_LIST = 2048     # a list of more items is written this many at a time (json_pieces)


def json_pieces(result, to_json, indent: int | None, *, chunk: int = LONG_LIST) -> Iterator[bytes]:
    """A ParseResult's UTF-8 JSON in pieces that join to `to_json(result, indent)` byte for byte (`to_json`:
    models.to_json, which writes a model or a list of models as pydantic does). A list of more than `chunk`
    items is written `chunk` items at a time, and a document that holds one on its own, so the whole text need
    never exist at once (on dense text it is 25 times the input, and pydantic's one buffer of it twice that
    while it grows)."""
    yield from _pieces(result, indent, b"", chunk, to_json)


def _pieces(model, indent: int | None, pad: bytes, chunk: int, to_json) -> Iterator[bytes]:
    """`model`'s JSON with every line after its first indented by `pad` (as it is printed inside its holder)."""
    long = [name for name, value in model if isinstance(value, list) and _long(name, value, chunk)]
    text = to_json(model.model_copy(update={name: [] for name in long}) if long else model, indent)
    step = b" " * (indent or 0)
    cuts = []
    for name in long:
        # the key of the emptied list: one line at the object's own depth when indented (a nested object's
        # keys sit deeper), the only such key in the object when not (a string's quotes are escaped)
        key = (b"\n" + step + b'"' if indent else b'"') + name.encode() + (b'": []' if indent else b'":[]')
        at = text.find(key)
        if at < 0 or text.find(key, at + 1) >= 0:         # (never seen: then the model is written whole)
            yield _indented(to_json(model, indent), pad)
            return
        cuts.append((at + len(key) - 2, name))
    start = 0
    for cut, name in cuts:
        yield _indented(text[start:cut], pad)
        yield from _list_pieces(name, getattr(model, name), indent, pad + step, chunk, to_json)
        start = cut + 2
    yield _indented(text[start:], pad)


def _long(name: str, value: list, chunk: int) -> bool:
    """A list written in pieces: a long one, or the documents when one of them holds a long one."""
    return len(value) > chunk or (name == "documents" and any(
        isinstance(v, list) and _long(n, v, chunk) for d in value for n, v in d))


def _list_pieces(name: str, items: list, indent: int | None, pad: bytes, chunk: int, to_json) -> Iterator[bytes]:
    """A long list's JSON, its key's line indented by `pad`: documents one by one, other items `chunk` at a time
    (each run of items written as a list of its own, without its brackets)."""
    step = b" " * (indent or 0)
    inner = pad + step
    yield b"[\n" if indent else b"["
    for k in range(0, len(items), 1 if name == "documents" else chunk):
        if k:
            yield b",\n" if indent else b","
        if name == "documents":
            yield inner
            yield from _pieces(items[k], indent, inner, chunk, to_json)
        else:
            run = to_json(items[k:k + chunk], indent)
            yield pad + _indented(run[2:-2], pad) if indent else run[1:-1]   # (its items one step in already)
    yield b"\n" + pad + b"]" if indent else b"]"


def _indented(text: bytes, pad: bytes) -> bytes:
    return text.replace(b"\n", b"\n" + pad) if pad else text


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


def write_atomic(path: Path, text: str | bytes | Iterable[bytes]) -> None:
    """Write `text` (or bytes: the .xlsx of the reports; or pieces of bytes: a long JSON, written as they come)
    through `atomic_target`. The file gets the usual 0o666 & ~umask mode (mkstemp's 0o600 would make every
    output private to its writer)."""
    with atomic_target(path) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)   # O_EXCL: never through a symlink
        if isinstance(text, str):
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.writelines([text] if isinstance(text, bytes) else text)
