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


def write_atomic(path: Path, text: str | bytes) -> None:
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
        with (os.fdopen(fd, "wb") if isinstance(text, bytes)            # .xlsx from the reports
              else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
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


def consistency_problems(result) -> list[str]:
    """What the models cannot see in a ParseResult: spans outside the text or outside their document,
    start > end, overlapping documents, duplicate ids, a child whose level is not its parent's + 1.

    >>> from .models import ParseResult
    >>> r = ParseResult.model_validate({"source": {"sha256": "0", "encoding": "utf-8", "chars": 5},
    ...     "documents": [{"id": "d1", "span": [0, 9]}]})
    >>> consistency_problems(r)
    ['d1: span [0, 9] is outside the text [0, 5]']
    """
    problems: list[str] = []
    seen: set[str] = set()

    def span_ok(who, span, outer, what):
        s, e = span
        if not (outer[0] <= s <= e <= outer[1]):
            problems.append(f"{who}: span [{s}, {e}] is outside {what} [{outer[0]}, {outer[1]}]")

    def new_id(i):
        if i in seen:
            problems.append(f"duplicate id {i}")
        seen.add(i)

    whole = (0, result.source.chars)
    prev_end = 0
    for doc in result.documents:
        new_id(doc.id)
        span_ok(doc.id, doc.span, whole, "the text")
        if doc.span[0] < prev_end:
            problems.append(f"{doc.id}: overlaps the previous document")
        prev_end = max(prev_end, doc.span[1])
        stack = [(n, None) for n in reversed(doc.sections)]
        while stack:
            n, parent = stack.pop()
            new_id(n.id)
            span_ok(n.id, n.span, parent.span if parent else doc.span, parent.id if parent else doc.id)
            span_ok(f"{n.id} title", n.title_span, n.span, n.id)
            if n.level != (parent.level + 1 if parent else 1):
                problems.append(f"{n.id}: level {n.level} under {parent.id if parent else doc.id}")
            stack.extend((c, n) for c in reversed(n.children))
        for item in (*doc.targets, *doc.responsibilities, *doc.tables):
            new_id(item.id)
            span_ok(item.id, item.span, doc.span, doc.id)
        for t in doc.targets:
            span_ok(f"{t.id} value", t.value_span, t.span, t.id)
    for sp in result.noise:
        span_ok("noise", sp, whole, "the text")
    for w in result.warnings:
        if w.span is not None:
            span_ok(f"warning {w.code}", w.span, whole, "the text")
    return problems
