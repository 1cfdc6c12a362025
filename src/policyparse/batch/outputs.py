"""Where outputs go: the written-set of one run (mirrored paths, never twice, never over an input,
never outside the folder), written atomically."""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .inputs import INPUT_SUFFIXES, STDIN, Input, _key

class Outputs:
    """The written-set of one run: every output file is claimed once, never outside `outdir`, never
    over an input of the run. Safe to consult in the parent and write in the workers (targets are
    claimed before any work starts)."""

    def __init__(self, outdir: str | os.PathLike, inputs: Iterable[Input] = ()):
        self.dir = Path(outdir)
        self.real_dir = Path(os.path.realpath(self.dir))
        self._real: dict[str, str] = {}              # folder -> its realpath (one lookup per folder)
        self.owner: dict[str, str] = {}
        self.inputs: dict[str, str] = {}
        self.input_keys: dict[tuple[int, int], str] = {}
        for inp in inputs:
            self.add_input(inp)

    def _realpath(self, path: Path | str) -> str:
        """realpath of a file: its folder's realpath (cached) joined with its name."""
        folder, name = os.path.split(os.fspath(path))
        if folder not in self._real:
            self._real[folder] = os.path.realpath(folder or ".")
        return os.path.join(self._real[folder], name)

    def add_input(self, inp: Input) -> None:
        if inp.path != STDIN:
            self.inputs[self._realpath(inp.path)] = inp.name
            key = _key(inp.path)
            if key:
                self.input_keys[key] = inp.name

    def target(self, inp: Input, ext: str, extra: str = "") -> Path:
        """DIR/<rel with its suffix replaced by `extra`.`ext`> (ValueError for a name leaving DIR).

        >>> o = Outputs("out")
        >>> o.target(Input("in/2025/北京.txt", "in/2025/北京.txt", "2025/北京.txt"), "json").as_posix()
        'out/2025/北京.json'
        >>> o.target(Input("x.json", "x.json", "x.json"), "json").as_posix()
        'out/x.json.json'
        >>> o.target(Input("-", "<stdin>", "stdin"), "csv", ".d1.tb01").as_posix()
        'out/stdin.d1.tb01.csv'
        """
        rel = PurePosixPath(inp.rel)
        parts = list(rel.parts)
        if not parts or any(p in ("", ".", "..") or "\x00" in p or "\\" in p for p in parts):
            raise ValueError(f"refusing output name {inp.rel!r}: empty, '.', '..' or a path separator")
        stem = rel.stem if rel.suffix.lower() in INPUT_SUFFIXES else rel.name
        if stem in ("", ".", "..") or stem.startswith(".."):
            raise ValueError(f"refusing output name {stem!r}: path separators or '..'")
        out = self.dir.joinpath(*parts[:-1], f"{stem}{extra}.{ext}")
        real_parent = Path(os.path.dirname(self._realpath(out.parent / "x")))
        if not (real_parent == self.real_dir or self.real_dir in real_parent.parents):
            raise ValueError(f"refusing output {out}: outside {self.dir}")
        return out

    def claim(self, path: Path, owner: str) -> str | None:
        """None when `path` is free for `owner`; else why not (written for another input, or an input)."""
        real = self._realpath(path)
        if real in self.owner and self.owner[real] != owner:
            return f"{path} was already written for {self.owner[real]}"
        if real in self.inputs:
            return f"{path} is an input of this run ({self.inputs[real]}); refusing to replace it"
        key = _key(str(path))
        if key is not None and key in self.input_keys:
            return f"{path} is an input of this run ({self.input_keys[key]}); refusing to replace it"
        self.owner[real] = owner
        return None

    def write(self, path: Path, text: str, owner: str) -> None:
        """Claim `path` for `owner` and write `text` atomically (ValueError when refused, OSError)."""
        why = self.claim(path, owner)
        if why:
            raise ValueError(why)
        write_file(path, text)


def write_file(path: Path, text: str | bytes | Iterable[bytes]) -> None:
    from ..output import write_atomic
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
