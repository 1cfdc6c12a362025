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
    removed: list[Span] = []
    for (s, e), (ns, _) in zip(lines, lines[1:]) if width is not None else ():
        if e - s < width - FULL_SLACK or norm[e - 1] in HARD_ENDS:
            continue
        between = norm[e:ns]
        if between.count("\n") + between.count("\r") - between.count("\r\n") != 1:
            continue                                  # a blank line between: a paragraph end
        c = bisect.bisect_left(cuts, ns)
        if c < len(cuts) and cuts[c] == ns:
            continue                                  # the next line opens a section
        removed.append((e, ns))
    if subs:
        removed = sorted(set(removed) | set(subs))
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
