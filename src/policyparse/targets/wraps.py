"""Hard-wrapped copies: a PDF's printed lines kept as text lines ("…培育15家以上智\\n能制造标杆企业…",
"面向不\\n少于 10 个应用场景").

In such a copy a line break is usually no paragraph end: a sentence, its deadline, its qualifier and its
indicator run over several lines, words split in two. The targets stage reads a wrapped copy joined: the
soft breaks (with the line's trailing and the next line's leading white space) are cut out of a compact
copy of the document, the stage runs on it, and every span it returns is mapped back to the original
text, so that spans still index the decoded original and quotes come out as printed.

A copy is wrapped when many of its lines have nearly the same length (the page width, `WIDTH_MIN` or more
characters) and end without a sentence end. A break is soft when the line before it is that long and
ends without 。！？：；, and the next line is not blank and starts no section.

In any copy, the two breaks around a symbol's subscript printed on a line of its own are soft too (a web
copy's <sub>: "广义货币M\\n2\\n和社会融资规模余额预期增长均为12%左右", "细颗粒物（PM\\n2.5\\n）浓度下降10%").

>>> from policyparse.normalize import normalize
>>> from policyparse.records import Text
>>> raw = ("到2027年，轻工业培育15家以上智\\n能制造标杆企业，打造一批轻工业数字\\n"
...        "化转型典型场景和成熟的解决方案。\\n") * 4
>>> c = compact(Text(raw, normalize(raw)), (0, len(raw)), [])
>>> c.text.raw[:38]
'到2027年，轻工业培育15家以上智能制造标杆企业，打造一批轻工业数字化转型'
>>> c.back((17, 25)), raw[17:26]
((17, 26), '智\\n能制造标杆企业')
>>> c.forward(18), c.forward(19)
(18, 18)
>>> compact(Text("短行。\\n另一行。\\n", "短行。\\n另一行。\\n"), (0, 9), []) is None
True
"""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from ..lexicons import load_list, std_re
from ..lines import LineIndex, stripped_lines
from ..records import Text
from ..spans import Span

WIDTH_MIN = 15          # characters: a page line is at least this long
BAND = 2                # a wrapped line is within this many characters of the page width ...
FULL_SLACK = 3          # ... and a line at least width - FULL_SLACK long is full (digits print narrower)
SHARE = 0.3             # the share of lines that must look wrapped
LINES_MIN = 8           # and at least this many of them
HARD_ENDS = frozenset("。!?:;")     # norm: ！？：；→ !?:;
PAGE_NUMBER_RE = std_re(r"[-—–]?[ \t]?[0-9]{1,3}[ \t]?[-—–]?")     # a page's number inside the text: "3", "- 3 -"
# a symbol ending its line, its subscript (a number) alone on the next, the sentence going on below; the
# symbol is no part of a longer Latin word (data/targets/subscript_stems.txt)
BREAK = r"[ \t]*(?:\r\n|\r|\n)[ \t]*"
SUBSCRIPT_RE = std_re(r"(?:" + "|".join(sorted(load_list("targets/subscript_stems.txt"), key=len, reverse=True))
                      + rf")(?P<b1>{BREAK})[0-9]{{1,2}}(?:\.[0-9])?(?P<b2>{BREAK})(?=[^\s])")
LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def subscript_breaks(norm: str, span: Span) -> list[Span]:
    """The line breaks (with the white space around them) before and after every subscript line in `span`.

    >>> s = "广义货币M\\n2\\n预期增长12%左右。\\nPM\\n2.5\\n浓度。COM\\n2\\n项。"
    >>> [s[a:b] for a, b in subscript_breaks(s, (0, len(s)))]
    ['\\n', '\\n', '\\n', '\\n']
    >>> subscript_breaks(s, (0, len(s)))[2:]
    [(21, 22), (25, 26)]
    """
    out: list[Span] = []
    for m in SUBSCRIPT_RE.finditer(norm, *span):
        if m.start() > span[0] and norm[m.start() - 1] in LATIN:
            continue                                  # "COM", "EXPO": a word, not a symbol
        out += [m.span("b1"), m.span("b2")]
    return out


def wrap_width(norm: str, lines: list[Span]) -> int | None:
    """The page width of a hard-wrapped copy, or None."""
    lengths = [e - s for s, e in lines if e - s >= WIDTH_MIN]
    if not lengths:
        return None
    width, _ = Counter(lengths).most_common(1)[0]
    wrapped = sum(1 for s, e in lines if abs((e - s) - width) <= BAND and norm[e - 1] not in HARD_ENDS)
    return width if wrapped >= LINES_MIN and wrapped >= SHARE * len(lines) else None


class Compact(NamedTuple):
    """The document with its soft breaks cut out, and the way back to the original positions."""
    text: Text
    offset: int                  # the compact text starts at this original position
    cut_at: list[int]            # compact positions where a cut was made (sorted)
    orig_a: list[int]            # the original start and end of each cut range
    orig_b: list[int]
    cum: list[int]               # characters cut by the first i cuts (cum[0] = 0)

    def back_pos(self, pos: int, end: bool = False) -> int:
        """The original position of compact position `pos`; an end position stays before the cut at it."""
        i = bisect.bisect_left(self.cut_at, pos) if end else bisect.bisect_right(self.cut_at, pos)
        return self.offset + pos + self.cum[i]

    def back(self, span: Span) -> Span:
        return self.back_pos(span[0]), self.back_pos(span[1], end=True)

    def forward(self, pos: int) -> int:
        """The compact position of original position `pos` (inside a cut range: where the cut was made)."""
        i = bisect.bisect_right(self.orig_a, pos)
        if i and pos < self.orig_b[i - 1]:
            return self.cut_at[i - 1]
        return pos - self.offset - self.cum[i]


def _soft_breaks(norm: str, lines: list[Span], width: int, cuts: Sequence[int]) -> list[Span]:
    """The soft breaks of a copy wrapped at `width`, each with the white space around it; a page number printed
    between two lines of one paragraph ("数字化研发设计\\n1\\n工具普及率达到90%") is cut out with both its breaks.

    >>> ls = [(0, 4), (5, 6), (7, 11), (12, 16)]
    >>> _soft_breaks("一二三四\\n1\\n五六七八\\n九十。", ls, 4, [])
    [(4, 7), (11, 12)]
    """
    out: list[Span] = []
    k = 0
    while k + 1 < len(lines):
        (s, e), (ns, ne) = lines[k], lines[k + 1]
        k += 1
        if e - s < width - FULL_SLACK or norm[e - 1] in HARD_ENDS:
            continue
        if PAGE_NUMBER_RE.fullmatch(norm, ns, ne) and k + 1 < len(lines) and _one_break(norm, e, ns) \
                and _one_break(norm, ne, lines[k + 1][0]) and not _opens(cuts, lines[k + 1][0]):
            out.append((e, lines[k + 1][0]))       # the page number and both breaks
            k += 1
            continue
        if _one_break(norm, e, ns) and not _opens(cuts, ns):
            out.append((e, ns))
    return out


def _one_break(norm: str, a: int, b: int) -> bool:
    """[a, b) holds one line break (a blank line between is a paragraph end)."""
    between = norm[a:b]
    return between.count("\n") + between.count("\r") - between.count("\r\n") == 1


def _opens(cuts: Sequence[int], pos: int) -> bool:
    """A section starts at `pos` (`cuts` sorted)."""
    c = bisect.bisect_left(cuts, pos)
    return c < len(cuts) and cuts[c] == pos


def compact(t: Text, span: Span, cuts: Sequence[int], index: LineIndex | None = None) -> Compact | None:
    """The document `span` of `t` with its soft breaks cut out, or None when the copy is not hard-wrapped.
    `cuts` (sorted) are section starts: a break before one is a paragraph end; `index`: the line index of
    t.norm, when the caller has one."""
    norm = t.norm
    subs = subscript_breaks(norm, span) if norm.find("\n", *span) >= 0 or norm.find("\r", *span) >= 0 else []
    lines = index.stripped(span) if index is not None else list(stripped_lines(norm, span))
    width = wrap_width(norm, lines)
    if width is None and not subs:
        return None
    removed = _soft_breaks(norm, lines, width, cuts) if width is not None else []
    if subs:                                          # (a subscript line is also a page number's shape: one cut)
        merged: list[Span] = []
        for a, b in sorted(set(removed) | set(subs)):
            if merged and a < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        removed = merged
    if not removed:
        return None
    raw_parts, norm_parts, cut_at, cum = [], [], [], [0]
    pos = span[0]
    for a, b in removed:
        raw_parts.append(t.raw[pos:a])
        norm_parts.append(norm[pos:a])
        cut_at.append(a - span[0] - cum[-1])
        cum.append(cum[-1] + b - a)
        pos = b
    raw_parts.append(t.raw[pos:span[1]])
    norm_parts.append(norm[pos:span[1]])
    return Compact(Text("".join(raw_parts), "".join(norm_parts)), span[0], cut_at,
                   [a for a, _ in removed], [b for _, b in removed], cum)
