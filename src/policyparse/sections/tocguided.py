"""Headings of a one-line copy found through its printed table of contents.

An OCR'd or crawled copy that lost every break may still print its 目录 as one run of outline entries
("1.总则1.1编制目的1.2编制依据…8.3预案实施时间") and then the body, where each heading runs into its paragraph
("1.1编制目的建立健全…"). No sentence end stands before those headings, so glued.py cannot take them; the
table of contents names them: an entry (number and title) printed again after the table is that heading.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator

import regex

from ..lexicons import compile_on_use
from ..lines import LineIndex
from .scan import _Cand, _Scanner

# One entry: an outline number (1. / 1.1 / 1.1.1, a space allowed after a dot: OCR "1. 2") and a short title
# without digits or sentence punctuation. Bounded, no nesting.
ENTRY_RE = compile_on_use(r"(?P<num>[0-9]{1,2}(?:\.[ \t]?[0-9]{1,2}){0,2})(?P<dot>\.)?[ \t]?"
                         r"(?P<title>[^\d\s。,;:、()!?]{2,16})")
MIN_ENTRIES = 8              # a run this long, entry after entry, is a table of contents
MAX_ENTRIES = 300            # ... and no table is longer (a longer run is a list, not a 目录)
MAX_GAP = 2                  # characters allowed between two entries of the run (spaces, never a break)
MAX_TABLES = 2               # a document prints its table of contents once (twice with an attachment's)
BODY_REACH = 50_000          # characters after the previous heading searched for the next entry


# Where a title follows an outline number: the number's last digit, what ENTRY_RE allows between, and two
# characters of a title. Every entry holds one, its number's last digit at most NUM_REACH characters after
# the entry's start and TITLE_REACH before its end; the scan for it does not backtrack, so text without
# titles (a run of "1.1" or of digits, where ENTRY_RE tries every way to split the numbers) costs little.
TITLE_START_RE = compile_on_use(r"[0-9]\.?[ \t]?[^\d\s。,;:、()!?]{2}")
NUM_REACH = 9                # "12.\t12.\t12": ten characters
TITLE_REACH = 19             # the digit, a dot, a space, sixteen characters of title
ENTRY_STEP = 30              # two entries of a run: the second's digit at most this far after the first's
                             # (TITLE_REACH + MAX_GAP + NUM_REACH)


def _entries(norm: str, start: int, end: int, lines: LineIndex) -> Iterator[regex.Match]:
    """ENTRY_RE's matches in [start, end) wherever a run can be: in the stretches of at least MIN_ENTRIES
    title starts, each within ENTRY_STEP of the one before and on its line. Elsewhere (a year, a quantity,
    a lone "1.1", one "1．条目" a line) no run can form, and nothing is searched.

    The same matches as one search over the span in those stretches: an entry lies within NUM_REACH before
    and TITLE_REACH after its own title start and holds no line break, and the entries of a run are in one
    stretch.

    >>> n = "1.11.11.1 " + "1.1总则" * 8 + "2025年"
    >>> [m.group() for m in _entries(n, 0, 60, LineIndex(n))][-2:]
    ['1.1总则', '1.1总则']
    >>> n = "1.11.11.1 1.2总则1.3 适用范围1.1"
    >>> list(_entries(n, 0, 40, LineIndex(n)))
    []
    """
    stretch: list[int] = []                                 # title starts close together, on one line
    for a in TITLE_START_RE.finditer(norm, start, end):
        if stretch and (a.start() - stretch[-1] > ENTRY_STEP or lines.line_end(stretch[-1]) < a.start()):
            yield from _stretch_entries(norm, stretch, start, end)
            stretch = []
        stretch.append(a.start())
    yield from _stretch_entries(norm, stretch, start, end)


def _stretch_entries(norm: str, stretch: list[int], start: int, end: int) -> Iterator[regex.Match]:
    if len(stretch) < MIN_ENTRIES:
        return iter(())
    return ENTRY_RE.finditer(norm, max(start, stretch[0] - NUM_REACH), min(end, stretch[-1] + TITLE_REACH))


def _runs(norm: str, start: int, end: int, lines: LineIndex) -> list[list[regex.Match]]:
    """Runs of entries printed one right after the other, on one line (`lines.line_end(p) < q`: a line break
    between p and q; no entry holds one)."""
    runs: list[list[regex.Match]] = []
    cur: list[regex.Match] = []
    for m in _entries(norm, start, end, lines):
        if cur and (m.start() - cur[-1].end() > MAX_GAP or lines.line_end(cur[-1].end()) < m.start()
                    or _key(m) == _key(cur[0])):                                       # a gap, or the body
            if len(cur) >= MIN_ENTRIES:                                                # starts over at 1.
                runs.append(cur)
            cur = []
        if "." in m.group("num") or m.group("dot"):
            cur.append(m)
        elif cur:
            if len(cur) >= MIN_ENTRIES:
                runs.append(cur)
            cur = []
    if len(cur) >= MIN_ENTRIES:
        runs.append(cur)
    return runs


def _key(m: regex.Match) -> str:
    return _squeeze(m.group("num")) + (m.group("dot") or "")


def _squeeze(num: str) -> str:
    return num.replace(" ", "").replace("\t", "")


# the outline number printed right before a title (a space may follow each dot: OCR "1. 2")
NUMBER_BEFORE_RE = compile_on_use(r"(?<![0-9.])(?P<num>[0-9]{1,2}(?:\.[ \t]?[0-9]{1,2}){0,2}\.?)[ \t]?$")
TRIES = 20                   # occurrences of a title looked at for its number


def _printed_again(norm: str, key: str, title: str, pos: int, end: int):
    """((marker span), (title span)) where the entry `key` + `title` is printed again in [pos, end)."""
    i = norm.find(title, pos, end)
    for _ in range(TRIES):
        if i < 0:
            return None
        n = NUMBER_BEFORE_RE.search(norm, max(pos, i - 12), i)
        if n and _squeeze(n.group("num")) == key:
            return (n.start("num"), n.end("num")), (i, i + len(title))
        i = norm.find(title, i + 1, end)
    return None


def toc_guided(sc: _Scanner, cands: list[_Cand], skip: Callable[[int], bool]) -> list[_Cand]:
    """`cands` plus the headings a one-line table of contents names and the body prints again."""
    norm, (start, end) = sc.t.norm, sc.span
    if end - start < 200 or "." not in norm[start:end]:
        return cands
    runs = [r for r in _runs(norm, start, end, sc.lines) if len(r) <= MAX_ENTRIES][:MAX_TABLES]
    if not runs:
        return cands
    # the table's own entries are no headings (SPEC §3): drop what other passes took from the run
    starts = [r[0].start() for r in runs]                # runs are in text order and never overlap

    def in_run(p: int) -> bool:
        k = bisect.bisect_right(starts, p) - 1
        return k >= 0 and p < runs[k][-1].end()
    cands = [c for c in cands if not in_run(c.marker[0])]
    have = {c.marker[0] for c in cands}
    found: list[_Cand] = []
    for run in runs:
        pos = run[-1].end()
        for m in run:
            hit = _printed_again(norm, _key(m), m.group("title"), pos, min(end, pos + BODY_REACH))
            if hit is None:
                continue
            (ms, me), (ts, te) = hit
            pos = te
            if ms in have or skip(ms):
                continue
            parts = _key(m).rstrip(".").split(".")
            style = f"dec{len(parts)}"          # "4.附则": the outline's first depth (dec1), as the table says
            found.append(_Cand(style, (ms, me), (ts, te), int(parts[-1]), sc.line_end(ms), inline=True,
                               prefix=int(parts[0]), glued=True))
    return sorted([*cands, *found], key=lambda c: c.marker[0])
