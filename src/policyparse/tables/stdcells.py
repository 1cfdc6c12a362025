"""The cells of a standards list (layout F, standards.py): the header words of each kind of column and the
grammar of each kind of cell (data/tables/standards.yaml), and a row read from its end, cell by cell.

    >>> r = tail_reader(("intl", "org", "status")).fullmatch("增材制造 术语 ISO 17296-1:2014 ASTM 已发布")
    >>> r.group("lead"), r.group("intl"), r.group("org"), r.group("status")
    ('增材制造 术语', 'ISO 17296-1:2014', 'ASTM', '已发布')
    >>> r = tail_reader(("number", "intl", "org", "status")).fullmatch("互操作 GB/T 32855 ISO 11354-1:2011,IDT 已发布")
    >>> r.group("intl")
    'ISO 11354-1:2011,IDT'
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

import regex

from ..lexicons import alternation, load_map


# a national, sector or group standard's number (GB/T 34044.1-2019, GB/T 30976.1～30976.2, GBT 12643-2013,
# HJ477-2009, T/CISA 120-2020) -- not an international body's -- or a plan number (20182049-T-339); bounded
NATIONAL = r"""(?:(?!{bodies})[A-Z]{{1,4}}(?:[ ]?/[ ]?[A-Z]{{1,6}})?[ ]?\d{{1,6}}(?:\.\d{{1,3}})?
                 (?:[ ]?[~～-][ ]?\d{{1,6}}(?:\.\d{{1,3}})?){{0,2}}
              |\d{{8}}-[A-Z]-\d{{3}})"""


class Vocab(NamedTuple):
    kind: dict                  # header word -> column kind
    header_re: regex.Pattern    # one header word
    name_re: regex.Pattern      # the header of the name column (or of a text column closing the row)
    cell: dict                  # column kind -> pattern of its cell


@cache
def vocab() -> Vocab:
    data = load_map("tables/standards.yaml")
    kind = {w: k for k, words in data["columns"].items() for w in words}
    bodies = alternation(data["bodies"])
    cell = {
        "status": alternation(data["status"]),
        "level": alternation(data["level"]),
        "number": NATIONAL.format(bodies=bodies),
        # an international number: a body, an optional type, the number (ISO/TR 10623-1992, IEC 61512-1:1997)
        # … and how it was adopted (ISO 11354-1:2011,IDT: identical / MOD: modified / NEQ: not equivalent)
        "intl": rf"(?:{bodies})(?:[ ]?/?[ ]?(?:TR|TS|PAS))?[ ]?\d{{1,6}}(?:[-.]\d{{1,4}}){{0,3}}(?::\d{{4}})?"
                r"(?:[ ]?[,，][ ]?(?:IDT|MOD|NEQ))?",
        # a committee: a body and its TC / SC / JTC numbers (IEC TC65, ISO/IEC JTC1 SC32, IEC/SC65E)
        "org": rf"(?:{bodies})(?:[ ]?/?[ ]?(?:JTC|TC|SC)[ ]?\d{{1,3}}[A-Z]?){{0,3}}",
    }
    return Vocab(kind, regex.compile(alternation(kind)),
                  regex.compile(alternation(w for w, k in kind.items() if k in ("name", "text"))), cell)


class _Tail:
    """A row read from its end: each later column's cell (or None), and the lead before them (the name)."""

    def __init__(self, chars: str, spans: dict[str, tuple[int, int] | None]):
        self.chars, self.spans = chars, spans

    def span(self, k: str) -> tuple[int, int]:
        return self.spans[k] or (-1, -1)

    def start(self, k: str) -> int:
        return self.span(k)[0]

    def end(self, k: str) -> int:
        return self.span(k)[1]

    def group(self, k: str) -> str | None:
        sp = self.spans.get(k)
        return self.chars[sp[0]:sp[1]] if sp else None


class TailReader:
    """Reads a row's later cells from its end, right to left, each by its grammar (one backward search per
    cell: linear), the name being what is left; `fullmatch` as a regex's, None when no name is left."""

    def __init__(self, kinds: tuple[str, ...]):
        v = vocab()
        self.kinds = kinds
        self.cell = {k: regex.compile(r"(?r)(?:" + v.cell.get(k, r"[^ ]{1,40}") + r")[ ]{0,4}\Z", regex.VERBOSE)
                     for k in kinds}

    def fullmatch(self, chars: str, pos: int = 0) -> _Tail | None:
        end = len(chars)
        spans: dict[str, tuple[int, int] | None] = {}
        for k in reversed(self.kinds):
            m = self.cell[k].search(chars, pos, end)
            if m is None or m.start() == pos:
                spans[k] = None
                continue
            e = m.end()
            while e > m.start() and chars[e - 1] == " ":
                e -= 1
            spans[k] = (m.start(), e)
            end = m.start()
        a = pos
        while a < end and chars[a] == " ":
            a += 1
        while end > a and chars[end - 1] == " ":
            end -= 1
        if a >= end:
            return None
        spans["lead"] = (a, end)
        return _Tail(chars, spans)


@cache
def tail_reader(kinds: tuple[str, ...]) -> TailReader:
    """The row after its number(s): the name, then each later column's cell (optional), to the end."""
    return TailReader(kinds)
