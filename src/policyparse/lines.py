"""The lines of a text: where they start and end (\\n, \\r\\n and a lone \\r alike), which are web noise, and
what each non-blank line is (heads.classify), computed once and looked up by bisection.

Every stage that asks "where does the line holding this position end?" uses a LineIndex instead of
scanning for "\\n" (which misses CR-only files and is quadratic when asked per position).

>>> idx = LineIndex("一、总则\\r第一条 目的\\r\\n\\n附则")
>>> idx.line_end(1), idx.next_line(1), idx.line_start(8), idx.line_no(14)
(4, 5, 5, 4)
>>> [str(line_kind(x)) for x in ("来源:重庆市政府网", "您当前的位置:首页投资指南招商政策",
...                         "defb39cc27b54ec69fce60097872afaf.png", "丨丨", "重庆市人民政府", "一、总则")]
['site', 'site', 'inline', 'inline', 'issuer', 'marker']
"""
from __future__ import annotations

import bisect
import itertools
import operator
from array import array
from functools import lru_cache
from typing import NamedTuple

import regex

from . import markers
from .frontmatter import FRONT_MATTER_MAX, front_matter_end
from .heads import Kind, classify, is_running_text
from .lexicons import compile_on_use, std_on_use
from .records import Text
from .spans import Span
from .webnoise import INLINE, SITE, breadcrumb_segments, noise_patterns

# one stripped non-blank line: first to last non-space character (str.isspace's set), never across \r \n;
# a Markdown heading's hashes ("# 标题", "## 第一章 总则") are formatting and stay outside (SPEC §1)
LINE = compile_on_use(r"(?:\#{1,6}[ \t]{1,4}(?=[^\s#]))?(?P<line>[^\s\x1c-\x1f\x85](?:[^\r\n]*[^\s\x1c-\x1f\x85])?)")
LINE_GROUP = 1      # LINE's group `line`, asked by number: a third faster than by name, once per line
LINE_BREAK = compile_on_use(r"\r\n|\r|\n")


class LineIndex:
    """Line starts and ends of a text (or of a span of it), found once; lookups bisect.

    A line ends at \\n, \\r\\n or a lone \\r; `line_end(pos)` is where the break of pos's line starts.
    Built once per text by the pipeline and shared by the stages (a lookup is O(log n); a backwards
    `rfind("\\n")` per position is quadratic on a long line and blind to CR-only files). Offsets are kept
    in arrays (16 bytes a line, not 72 as two lists of ints).

    >>> idx = LineIndex("ab\\r\\ncd\\ref\\n")
    >>> list(idx.ends), list(idx.nexts), idx.line_end(7), idx.next_line(8), idx.line_start(5)
    ([2, 6, 9], [4, 7, 10], 9, 10, 4)
    """

    __slots__ = ("text", "lo", "hi", "ends", "nexts", "_strip_starts", "_strip_ends")

    def __init__(self, text: str, span: Span | None = None):
        self.text = text
        self.lo, self.hi = span if span is not None else (0, len(text))
        self.ends, self.nexts = _breaks(text, self.lo, self.hi)
        self._strip_starts: list[int] | None = None

    def stripped(self, span: Span) -> list[Span]:
        """`list(stripped_lines(text, span))` for a span inside the index's, from one scan of the whole text
        kept by the index (the splitter and every document's metadata ask for their lines: one scan, not one
        per stage). A line the span's ends cut through is scanned again from the cut, as stripped_lines would.

        >>> idx = LineIndex("  ab \\n## 标题\\ncd ef\\n")
        >>> [idx.stripped(sp) for sp in ((0, 18), (3, 15), (9, 18))]
        [[(2, 4), (9, 11), (12, 17)], [(3, 4), (9, 11), (12, 14)], [(9, 11), (12, 17)]]
        """
        if self._strip_starts is None:
            found = [m.span(LINE_GROUP) for m in LINE.finditer(self.text, self.lo, self.hi)]   # stripped_lines
            self._strip_starts, self._strip_ends = [s for s, _ in found], [e for _, e in found]
        starts, ends = self._strip_starts, self._strip_ends
        a, b = span
        i, j = bisect.bisect_right(ends, a), bisect.bisect_left(starts, b)     # the lines that reach into the span
        if j < len(starts) and max(a, self.line_start(starts[j])) < b:
            # a Markdown line's "## " the span ends in: the scan of the span reads the hashes as the line
            cut = max(a, self.line_start(starts[j]))
            return (self.stripped((a, cut)) if cut > a else []) + self._rescan(starts[j], a, b)
        out: list[Span] = []
        for k in range(i, j):                   # only the first and the last line can be cut by the span
            out += [(starts[k], ends[k])] if a <= starts[k] and ends[k] <= b else self._rescan(starts[k], a, b)
        return out

    def _rescan(self, pos: int, a: int, b: int) -> list[Span]:
        """stripped_lines of the line holding `pos`, cut to [a, b)."""
        return list(stripped_lines(self.text, (max(a, self.line_start(pos)), min(b, self.line_end(pos)))))

    def line_end(self, pos: int) -> int:
        i = bisect.bisect_left(self.ends, pos)
        return self.ends[i] if i < len(self.ends) else self.hi

    def next_line(self, pos: int) -> int:
        """Start of the line after the one holding `pos` (or the span end)."""
        i = bisect.bisect_left(self.ends, pos)
        return self.nexts[i] if i < len(self.nexts) else self.hi

    def line_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.nexts, pos)
        return self.nexts[i - 1] if i > 0 else self.lo

    def line_no(self, pos: int) -> int:
        """1-based number of the line holding `pos` (counted from the span start)."""
        return bisect.bisect_right(self.nexts, pos) + 1


def _breaks(text: str, lo: int, hi: int) -> tuple[array, array]:
    """(where each line break in [lo, hi) starts, where the line after it starts), as arrays.

    LF-only text (the common case) is cut with str.split and summed with C iterators; text holding a
    \\r goes through the regex (\\r\\n is one break, a lone \\r one too).

    >>> [list(a) for a in _breaks("a\\nbc\\n\\nd", 0, 7)], [list(a) for a in _breaks("a\\r\\nb\\rc", 0, 6)]
    ([[1, 4, 5], [2, 5, 6]], [[1, 4], [3, 5]])
    >>> [list(a) for a in _breaks("a\\r\\nb", 0, 2)]
    [[1], [2]]
    """
    seg = text if (lo, hi) == (0, len(text)) else text[lo:hi]
    if "\r" not in seg:
        lens = map(len, seg.split("\n"))
        ends = array("q", map(operator.add, itertools.accumulate(lens), range(lo, hi + 1)))
        ends.pop()                                   # the text after the last break
        return ends, array("q", map((1).__add__, ends))
    ends, nexts = array("q"), array("q")
    for m in LINE_BREAK.finditer(text, lo, hi):      # endpos = hi: a \r\n cut by the span end counts as \r
        ends.append(m.start())
        nexts.append(m.end())
    return ends, nexts


def stripped_lines(text: str, span: Span | None = None):
    """(start, end) of every non-blank line in `span`, without surrounding white space.

    >>> list(stripped_lines("  ab \\r\\n\\n c"))
    [(2, 4), (9, 10)]
    >>> list(stripped_lines("# 标题\\n## 第一章 总则"))
    [(2, 4), (8, 14)]
    """
    a, b = span if span is not None else (0, len(text))
    return (m.span(LINE_GROUP) for m in LINE.finditer(text, a, b))


class Line(NamedTuple):
    span: Span        # stripped, into the text
    kind: Kind
    norm: str         # the width-folded stripped line


# A line this long may hold several paragraphs kept apart by runs of spaces only (SPEC §1: a single-line copy,
# "…的通知　　（余府发〔2012〕3号）　　各县（区）人民政府…：　　…"); the head's lines are read from its paragraphs,
# and sections/ reads headings after such runs (one figure for both)
LONG_LINE = 200
WRAP_RE = compile_on_use(r"[ \t\u3000]*(?:\r\n|\r|\n)[ \t\u3000]*")      # a line break and the margins around it


def unwrapped(text: str) -> str:
    """`text` with its line breaks (and the margins around them) taken out: what a PDF copy wrapped at the page
    width, read for its words ("国\\n务院相关部门" -> "国务院相关部门"; never for offsets).

    >>> unwrapped("向第十届全国人 \\n　民代表大会"), unwrapped("一行")
    ('向第十届全国人民代表大会', '一行')
    """
    return WRAP_RE.sub("", text) if "\n" in text or "\r" in text else text


# the run of spaces between two such paragraphs, in the raw text: two or more spaces (U+3000, tabs alike), or one
# U+3000 (a cell that kept one ideographic space for each paragraph break); pieces of a name spaced out ("国　务　院",
# "第　559　号") are joined again below
PARAGRAPH_GAP_RE = compile_on_use(r"[ \t\u3000\xa0]{2,}|\u3000")
# ... after a sentence end or a colon: where the paragraph of a single-line copy ends for sure (the targets stage
# cuts a long line there; a gap elsewhere may be a name spaced out or a table's cells)
# (led by the sentence end, not a look-behind: the standard engine then skips to it, 1.3x faster than `regex`)
SENTENCE_GAP_RE = std_on_use(r"[。!?:;！？：；](?:[ \t\u3000\xa0]{2,}|\u3000)")


def sentence_gaps(raw: str, span: Span) -> list[int]:
    """Where a paragraph starts after a SENTENCE_GAP_RE run in `span` (sorted; one pass; the caller keeps those on
    lines of LONG_LINE characters or more).

    >>> sentence_gaps("为此提出如下目标：\u3000国内生产总值增长5%左右。  城镇新增就业1200万人。", (0, 38))
    [10, 25]
    """
    return [m.end() for m in SENTENCE_GAP_RE.finditer(raw, *span)]


SPACED_OUT = 3          # characters: pieces this short in a row are a name spaced out, one paragraph


def paragraphs(raw: str, spans: list[Span]) -> list[Span]:
    """`spans` with each line of LONG_LINE characters or more cut into the paragraphs its runs of spaces
    keep apart (when the first of them ends within LONG_LINE characters).

    >>> raw = "关于印发方案的通知　　（余府发〔2012〕3号）　　各县（区）人民政府：" + "现予印发，请认真遵照执行。" * 20
    >>> [raw[s:e][:8] for s, e in paragraphs(raw, [(0, len(raw))])]
    ['关于印发方案的通', '（余府发〔201', '各县（区）人民政']
    >>> paragraphs("一、总则　　目的", [(0, 8)])
    [(0, 8)]
    >>> raw = "中华人民共和国国务院令　第　559　号　《条例》已经国务院常务会议通过。" + "自公布之日起施行。" * 20
    >>> [raw[s:e][:11] for s, e in paragraphs(raw, [(0, len(raw))])]
    ['中华人民共和国国务院令', '第\u3000559\u3000号', '《条例》已经国务院常务']
    >>> raw = "请认真贯彻执行。　　国　　务　　院　　二○一一年十二月十五日　　" + "保护环境是我国的基本国策。" * 20
    >>> [raw[s:e][:11] for s, e in paragraphs(raw, [(0, len(raw))])]
    ['请认真贯彻执行。', '国\u3000\u3000务\u3000\u3000院', '二○一一年十二月十五日', '保护环境是我国的基本国']
    """
    out: list[Span] = []
    for s, e in spans:
        if e - s < LONG_LINE:
            out.append((s, e))
            continue
        first = PARAGRAPH_GAP_RE.search(raw, s, min(e, s + LONG_LINE))
        if first is None:                      # a head run into its body ("…的通知各设区市…:为认真落实…"): a
            out.append((s, e))                 # line for meta/oneline.py, whatever runs of spaces come later
            continue
        pieces, pos, short = [], s, False      # short: out[-1] is a run of short pieces (a name spaced out)
        for m in PARAGRAPH_GAP_RE.finditer(raw, s, e):
            if m.start() > pos:
                pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, e))
        for a, b in pieces:
            if b - a <= SPACED_OUT and short:
                out[-1] = (out[-1][0], b)      # "国　　务　　院": one paragraph
                continue
            out.append((a, b))
            short = b - a <= SPACED_OUT
    return out


class Lines:
    """The non-blank lines of a span, classified on first access (a long document is mostly body text
    that the metadata never needs to look at); a line that holds paragraphs kept apart by runs of spaces
    (a single-line copy) as those paragraphs."""

    def __init__(self, t: Text, span: Span, index: LineIndex | None = None):
        self._norm = t.norm
        spans = index.stripped(span) if index is not None else list(stripped_lines(t.norm, span))
        self.spans = paragraphs(t.raw, spans)
        self._cache: dict[int, Line] = {}
        self._fm_end = front_matter_end(t.norm) if span[0] < FRONT_MATTER_MAX else 0   # a note's front matter

    def __len__(self) -> int:
        return len(self.spans)

    def text(self, k: int) -> str:
        s, e = self.spans[k]
        return self._norm[s:e]

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self.spans)))]
        if k < 0:
            k += len(self.spans)
        ln = self._cache.get(k)
        if ln is None:
            n = self.text(k)
            kind = Kind.META if self.spans[k][0] < self._fm_end and n != "---" else classify(n)
            ln = self._cache[k] = Line(self.spans[k], kind, n)
        return ln


# ---------------------------------------------------------------- web noise



NOISE_MAX = 200     # characters; a longer line is never web furniture
MEMO_MAX = 40       # short lines repeat (table cells, "%", "—"): their kind is remembered per file


def kinds(norm: str, spans: list[Span]) -> list[str]:
    """SITE / INLINE / heads.Kind of each stripped line `norm[s:e]`.

    Order: a heading number wins (a numbered heading is document text, never web furniture), then the
    anchored noise entries (not tried on running text, heads.is_running_text: no furniture line of 889
    corpus files is one, and it is most lines), the unanchored ones, then heads.classify. Regex calls cost more than the
    Python around them, so: the unanchored entries run once over the text and are mapped to lines by
    bisection; an anchored test is skipped when the line's first character cannot begin a match (decided
    once per distinct character with a partial match, _gate); short lines are memoised per call."""
    sc = noise_patterns()
    starts = [s for s, _ in spans]
    floating: dict[int, str] = {}
    for pats, kind in ((sc.inline_floating, INLINE), (sc.site_floating, SITE)):
        for pat in pats:
            for m in pat.finditer(norm, starts[0] if starts else 0, spans[-1][1] if spans else 0):
                i = bisect.bisect_right(starts, m.start()) - 1
                if i >= 0 and m.start() < spans[i][1]:
                    floating[i] = kind
    memo: dict[str, str] = {}
    out: list[str] = []
    fm_end = front_matter_end(norm) if spans and spans[0][0] < FRONT_MATTER_MAX else 0
    for i, (s, e) in enumerate(spans):
        line = norm[s:e]
        if s < fm_end:                    # a Markdown note's front matter: its metadata block, its --- rules noise
            out.append(INLINE if line == "---" else Kind.META)
            continue
        short = e - s <= MEMO_MAX
        if short and i not in floating and (kind := memo.get(line)) is not None:
            out.append(kind)
            continue
        g = _gate(line[0])
        if line[-1] == ")" and "](" in line and LINK_LINE_RE.match(line):
            kind = INLINE                 # "1. [首页](https://…/index.html "首页")": a page's link, not a heading
        elif g[0] and (mk := markers.marker_at(line)) is not None and mk.style != "dec1":
            kind = Kind.MARKER
        elif e - s > NOISE_MAX:
            kind = classify(line, heading=False)
        elif g[1] and not is_running_text(line) and (m := sc.anchored.match(line)):
            kind = SITE if m.lastgroup == "site" else INLINE
        elif i in floating:
            kind = floating[i]
        else:
            kind = classify(line, heading=False)
        if short and i not in floating:
            memo[line] = kind
        out.append(kind)
    if SITE in out:
        breadcrumb_segments(norm, spans, out)
    return out


# a line that is one Markdown link, maybe numbered as a list item: a page's navigation ("1. [首页](… "首页")",
# "2. [主动公开公文库](…)"), short anchor text; bounded
LINK_LINE_RE = regex.compile(r"(?:[0-9]{1,2}\.[ \t]{1,4}|[-*][ \t]{1,4})?\[[^\]\n]{1,24}\]\([^)\s]{1,300}"
                             r"(?:[ \t]{1,4}\"[^\"\n]{0,40}\")?\)$")


@lru_cache(maxsize=8192)
def _gate(first: str) -> tuple[bool, bool]:
    """Whether a line opening with the character `first` may hold a heading number, and an anchored noise
    entry (a partial match of the character alone): the same for every file, so decided once a process."""
    return (markers.LINE_PARTIAL_RE.match(first, partial=True) is not None,
            noise_patterns().anchored.match(first, partial=True) is not None)


def line_kind(line: str) -> str:
    """SITE, INLINE or the heads.Kind of one stripped, width-folded line."""
    return kinds(line, [(0, len(line))])[0] if line else Kind.BLANK


def is_noise(line: str) -> bool:
    """The line is web furniture (boilerplate or a stray artefact).

    >>> is_noise("来源:泉州市人民政府办公室 发布时间:2023-04-12"), is_noise("现将《办法》印发给你们。")
    (True, False)
    """
    return line_kind(line) in (SITE, INLINE)
