"""The section index of one document: which section holds a position, and the chain of sections around it.

Built once per document by the pipeline from the section tree and handed to every stage that asks
"which section is this in?" (targets: a goal or background section; responsibilities: the task an
assignment closes; assemble: a hit's section_id).

>>> from policyparse.records import SectionHit
>>> secs = [SectionHit("s1", "一、", 1, "总体要求", (0, 50), (2, 6), 10),
...         SectionHit("s2", "（一）", 2, "发展目标", (10, 30), (13, 17), 30, parent="s1")]
>>> idx = SectionIndex(secs)
>>> idx.at(12).id, idx.at(40).id, idx.at(60), [s.id for s in idx.chain(20)]
('s2', 's1', None, ['s2', 's1'])
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence

from .records import SectionHit


class SectionIndex:
    """Innermost section containing a position (sections are nested, given in any order)."""

    __slots__ = ("items", "starts", "by_id", "_chains")

    def __init__(self, sections: Sequence[SectionHit]):
        self.items: tuple[SectionHit, ...] = tuple(sorted(sections, key=lambda s: s.span[0]))
        self.starts = [s.span[0] for s in self.items]
        self.by_id = {s.id: s for s in self.items}
        self._chains: dict[int, tuple[SectionHit, ...]] = {}

    @classmethod
    def of(cls, sections: Sequence[SectionHit] | SectionIndex) -> SectionIndex:
        """`sections` as an index (an index is returned as it is)."""
        return sections if isinstance(sections, SectionIndex) else cls(sections)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def parent(self, s: SectionHit) -> SectionHit | None:
        return self.by_id.get(s.parent) if s.parent else None

    def at(self, pos: int) -> SectionHit | None:
        """The innermost section whose span holds `pos`: the nearest heading before it, or an ancestor."""
        i = bisect.bisect_right(self.starts, pos) - 1
        s = self.items[i] if i >= 0 else None
        while s is not None and not (s.span[0] <= pos < s.span[1]):
            s = self.parent(s)
        return s

    def chain(self, pos: int) -> tuple[SectionHit, ...]:
        """The sections holding `pos`, innermost first (cached: a paragraph asks several times)."""
        got = self._chains.get(pos)
        if got is None:
            out, s = [], self.at(pos)
            while s is not None:
                out.append(s)
                s = self.parent(s)
            got = self._chains[pos] = tuple(out)
        return got
