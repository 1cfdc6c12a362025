"""Writers (json / jsonl / yaml / csv), atomic files, and strict readers for `validate`."""
from __future__ import annotations

import csv
import io
import json
import os
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

FORMATS = ("json", "jsonl", "yaml")
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


def write_atomic(path: Path, text: str) -> None:
    """Write to a temp file in the same folder, then rename: readers never see half a file.

    The temp name is chosen before the file exists, so an interrupt (Ctrl-C) at any point can remove it:
    with tempfile.mkstemp a KeyboardInterrupt landing after its open() but before it returned left a
    stray `.name.tmp` behind. The file gets the usual 0o666 & ~umask mode (mkstemp's 0o600 would make
    every output private to its writer).
    """
    path = Path(path)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)   # O_EXCL: never through a symlink
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (alias bombs) and explicit tags."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            ev = self.peek_event()
            raise yaml.YAMLError(f"aliases are not allowed (line {ev.start_mark.line + 1})")
        ev = self.peek_event()
        tag = getattr(ev, "tag", None)
        implicit = getattr(ev, "implicit", True)
        if tag is not None and not (implicit is True or (isinstance(implicit, tuple) and any(implicit))):
            raise yaml.YAMLError(f"tags are not allowed ({tag}, line {ev.start_mark.line + 1})")
        return super().compose_node(parent, index)


def load_outputs(path: str | os.PathLike) -> list:
    """The ParseResult-shaped objects in a .json / .jsonl / .yaml file (no validation here)."""
    p = Path(path)
    text = p.read_text(encoding="utf-8-sig")
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if suffix in (".yaml", ".yml"):
        return [d for d in yaml.load_all(text, Loader=_StrictLoader) if d is not None]
    obj = json.loads(text)
    return obj if isinstance(obj, list) else [obj]
