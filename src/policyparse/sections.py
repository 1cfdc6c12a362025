"""Numbered headings -> levels -> a lossless section tree (SPEC §3).

Reads: the text (patterns run on `t.norm`), one document span, the tables found in it.
Writes: nothing. Raises: nothing on content.

1. **Candidates.** A numbering marker at the start of a line (after spaces, U+3000, tabs) -- or on the
   same line after a heading's title and a run of spaces ("第一章　总则　　第一条　…"), or after a
   sentence end and a paragraph indent when a web copy lost its line breaks ("…。　　二、") --
   followed by a title. Dropped: markers inside a table or 专栏 box (the tables passed in; a box they
   miss is bounded here), the entries of a 目录, the numbered list under an 附件 or 注 label, run-in
   enumerations ("（1）…；（2）…" in one paragraph), and numbers that are quantities or dates
   ("2018年…", "1.5万亿元…", "2.3 万人次…").
2. **Levels.** Marker styles rank by first appearance in the document; the usual styles keep their usual
   order among themselves (章 > 节 > 条 > 一、 > （一） > 1． > （1） > ①) whatever order they first appear
   in. A heading closes every open section of its own rank or below and nests in the rest; `level` is
   its depth in the resulting tree.
3. **Spans.** A section runs from its marker to the marker of the heading that closes it (or the end of
   the document); its own text stops at its first child.

Lossless: the preamble [doc start, first marker) and every section's own text [span[0], own_end) tile
the document span exactly. The indentation in front of a marker (and the line break before it) is
attributed to the text that precedes the heading -- the previous section's own text, or the preamble --
so that a span starts exactly at its marker, as printed, and the tiling has no gap.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import regex

from . import markers
from .diagnostics import Code, Diagnostic
from .numerals import to_chinese
from .lexicons import load_map
from .records import Found, SectionHit, TableHit, Text
from .spans import Span

# ---------------------------------------------------------------------------------------- patterns
# All patterns run on the normalised text: （一） is (一), １． is 1., U+3000 is a space.
# Guards against backtracking: every repeat is bounded ({0,40}, {1,6}); alternatives are disjoint
# by their first characters, so a failed position costs a few steps.

CN_NUM = markers.CN_NUM
MARKER = markers.MARKER
INDENT = markers.INDENT
FLAGS = regex.VERBOSE | regex.V0

# a marker at the start of a line, after bounded indentation (^ after \n: the fast path) ...
HEAD_RE = regex.compile(rf"^ (?P<indent>{INDENT}) (?:{MARKER})", FLAGS | regex.MULTILINE)
# ... and the same where lines may also end in a lone \r (old Mac files): 7x slower, used only then
HEAD_CR_RE = regex.compile(rf"(?<![^\r\n]) (?P<indent>{INDENT}) (?:{MARKER})", FLAGS)
LONE_CR_RE = regex.compile(r"\r(?!\n)")
# the same, anchored wherever .match() is called (a document that starts mid-line)
HEAD_AT_RE = markers.LINE_RE
# a second heading on the same line: a run of spaces, then a marker ("总则　　第一条")
INLINE_RE = regex.compile(rf"(?P<gap>[ \t]{{1,40}}) (?:{MARKER})", FLAGS)
# a paragraph start inside a line: end of a sentence, a run of spaces, a marker ("…。　　二、")
PARA_RE = regex.compile(rf"(?<=[。;!?]) (?P<gap>[ \t]{{1,40}}) (?:{MARKER})", FLAGS)
PARA_GAP_RE = regex.compile(r"(?<=[。;!?])[ \t]{2,40}")     # where such a run-together paragraph ends
TITLE_STOP_RE = regex.compile(r"[。;:]")                          # 。 ；;  ：: (norm folds the widths)
LINE_END_RE = regex.compile(r"[\r\n]")
BLANK_LINE_RE = regex.compile(r"[ \t]*(?:\r\n|\r|\n)")
# a 目录 entry: dot leaders and a page number at the end of the line ("一、总体要求……………3")
TOC_LEADER_RE = regex.compile(r"(?:[.…·•]{3,40}|[ \t]{4,40})[ \t]{0,4}[0-9]{1,4}[ \t]{0,4}$")
HAN_RE = regex.compile(r"\p{Han}")
SPACE_RE = regex.compile(r"[ \t]+")
# a title that opens with a Roman numeral is text, not a quantity: "4.1.1 Ⅰ级、Ⅱ级响应", "4.1.3 IV级响应"
# (Ⅰ..ↈ U+2160-U+2188 as one character; ASCII I/V/X only as a bounded run of at most 4 before a Han
# character or a list comma, so "1.1 Ideas" or "2.1 XML" stays out)
ROMAN_TITLE_RE = regex.compile(r"[\u2160-\u2188]|[IVX]{1,4}[ ]{0,2}(?=\p{Han}|[、,])")

USUAL_ORDER = markers.USUAL_ORDER
CHAPTERS = markers.CHAPTERS
RUN_IN_STYLES = markers.RUN_IN                         # mid-sentence （1）…（2）… enumerations
BOX_ITEM_STYLES = markers.ITEMS                        # the numbered items of a 专栏 box
TOC_MAX_ENTRIES = 400                                  # a 目录 lists at most this many headings
MAX_NUMBERING_WARNINGS = 50                            # per document; the rest are counted in one more
TITLE_MAX = 300                                        # characters; longer titles are cut (guards scans)
RUN_IN_WINDOW = 600                                    # characters a run-in enumeration is looked for in
TOC_LINE_MAX = 120                                     # a 目录 entry line is shorter than this
DIGITS = frozenset("0123456789")

def _label_re(words: Sequence[str], tail: str) -> regex.Pattern:
    """A line-start label made of `words` (spaces allowed between the characters), then `tail`."""
    spaced = "|".join("[ \t]{0,4}".join(regex.escape(ch) for ch in w) for w in words)
    return regex.compile(rf"(?<![^\r\n])[ \t]{{0,40}}(?:{spaced}){tail}")


class _Vocab(NamedTuple):
    box: regex.Pattern                # "专栏3  title" label lines
    toc: regex.Pattern                # "目  录"
    att: regex.Pattern                # "附件：" / "注：" labels of numbered lists


@cache
def _vocab() -> _Vocab:
    """Vocabulary from data/sections/, loaded on first use."""
    labels = load_map("sections/labels.yaml")
    return _Vocab(
        box=_label_re(labels["box"], rf"[ \t]{{0,4}}(?:[0-9]{{1,3}}|{CN_NUM}{{1,4}})"   # 专栏3 / 专栏三
                      r"(?=[^\r\n。]{0,60}(?:[\r\n]|$))"),                            # on a short line
        toc=_label_re(labels["toc"], r"[ \t]{0,40}(?=[\r\n]|$)"),                       # alone on its line
        att=_label_re([*labels["attachment"], *labels["note"]],
                      r"[ \t]{0,4}[0-9]{0,2}[ \t]{0,4}(?::|(?=[\r\n]|$))"),          # 附件： 附件1 注：
    )


# ---------------------------------------------------------------------------------------- helpers

marker_number = markers.number


def _rank_styles(order: list[str]) -> dict[str, int]:
    """Ranks from first appearance; the usual styles re-sorted among the positions they occupy;
    decimal outline depths as one family, in depth order.

    >>> r = _rank_styles(["cn_dun", "ar_dot", "cn_paren"])      # SPEC: 一、, then 1．, then （一）
    >>> sorted(r, key=r.get)
    ['cn_dun', 'cn_paren', 'ar_dot']
    >>> r = _rank_styles(["dec3", "ar_paren", "dec2"])           # "2.1.1", "（1）", then "1.4"
    >>> sorted(r, key=r.get)
    ['dec2', 'dec3', 'ar_paren']
    """
    # decimal outline depths count as one family, placed where the first of them appears
    families: list[str] = []
    for s in order:
        f = "dec" if s.startswith("dec") else s
        if f not in families:
            families.append(f)
    slots = [i for i, f in enumerate(families) if f in USUAL_ORDER]
    for i, f in zip(slots, sorted((f for f in families if f in USUAL_ORDER), key=USUAL_ORDER.index)):
        families[i] = f
    final: list[str] = []
    for f in families:                     # inside the family, depth order: 1 > 1.1 > 1.1.1
        final.extend(sorted((s for s in order if s.startswith("dec")), key=_decimal_depth)
                     if f == "dec" else [f])
    return {s: i for i, s in enumerate(final)}


def _decimal_depth(style: str) -> int:
    """ "dec1" -> 1, "dec3" -> 3 (the number of components of an outline number)."""
    return int(style[3:])


@dataclass(slots=True)
class _Cand:
    style: str                 # "dec" is split by depth into "dec2", "dec3"... for ranking
    marker: Span
    title: Span
    number: int | None
    line_end: int
    inline: bool = False       # found after a heading's title on the same line
    prefix: int | None = None  # the first number of an outline number: 2 for "2.1.3"


def _gap_width(raw: str, s: int, e: int) -> int:
    """Visual width of a run of spaces: U+3000 and tabs count 2."""
    return sum(2 if ch in "\u3000\t" else 1 for ch in raw[s:e])


class _Scanner:
    """Finds heading candidates inside one document span."""

    def __init__(self, t: Text, span: Span):
        self.t, self.span = t, span
        # every line end, once: a search per heading would be quadratic on a giant one-line text
        self.ends = [m.start() for m in LINE_END_RE.finditer(t.norm, span[0], span[1])]

    def line_end(self, pos: int) -> int:
        i = bisect.bisect_left(self.ends, pos)
        return self.ends[i] if i < len(self.ends) else self.span[1]

    def next_line(self, pos: int) -> int:
        """Start of the line after the one holding `pos` (or the span end)."""
        e = self.line_end(pos)
        if e >= self.span[1]:
            return self.span[1]
        return e + 2 if self.t.norm.startswith("\r\n", e) else e + 1

    def candidates(self) -> list[_Cand]:
        norm, raw, (start, end) = self.t.norm, self.t.raw, self.span
        head_re = HEAD_CR_RE if LONE_CR_RE.search(norm, start, end) else HEAD_RE
        matches = list(head_re.finditer(norm, start, end))
        if start > 0 and norm[start - 1] not in "\r\n":            # a span that starts mid-line
            m0 = HEAD_AT_RE.match(norm, start, end)
            if m0 and (not matches or matches[0].start() != start):
                matches.insert(0, m0)
        # paragraphs run together on one line (web copies): "…。　　二、主要任务"
        paras = [m for m in PARA_RE.finditer(norm, start, end) if _gap_width(raw, *m.span("gap")) >= 2]
        found = sorted([(m.start(m.lastgroup), m, False) for m in matches]
                       + [(m.start(m.lastgroup), m, True) for m in paras], key=lambda x: x[0])
        out: list[_Cand] = []
        seen: set[int] = set()
        for _, m, inline in found:
            cand = self._from_match(m, inline)
            while cand is not None and cand.marker[0] not in seen:     # a loop, not recursion:
                seen.add(cand.marker[0])                              # a line may hold 10^5 markers
                out.append(cand)
                cand = self._split_title(cand)
        out.sort(key=lambda c: c.marker[0])
        return out

    def _from_match(self, m, inline: bool) -> _Cand | None:
        style = m.lastgroup
        ms, me = m.span(style)
        cand = self._title(style, ms, me, self.line_end(me))
        if cand is not None:
            cand.inline = inline
        return cand

    def _split_title(self, cand: _Cand) -> _Cand | None:
        """A second heading inside this title: a run of spaces, then a marker ("总则　　第一条").

        Cuts `cand.title` before the spaces and returns the second heading, or None."""
        norm = self.t.norm
        ts, te = cand.title
        if ts >= te or te > cand.line_end or (norm.find(" ", ts, te) < 0 and norm.find("\t", ts, te) < 0):
            return None                                   # no run of spaces inside: nothing to split
        for im in INLINE_RE.finditer(norm, ts, min(cand.line_end, te + 80)):   # gap <= 40, marker <= 40
            gs, ge = im.span("gap")
            if gs > te:
                break
            if gs <= ts or _gap_width(self.t.raw, gs, ge) < 2:
                continue
            more = self._from_match(im, True)
            if more is not None:
                cand.title = (ts, self._rstrip(ts, gs))
                return more
        return None

    def _rstrip(self, s: int, e: int) -> int:
        while e > s and self.t.norm[e - 1] in " \t":
            e -= 1
        return e

    def _title(self, style: str, ms: int, me: int, le: int) -> _Cand | None:
        norm = self.t.norm
        ts = me
        while ts < le and norm[ts] in " \t":
            ts += 1
        window = min(le, ts + TITLE_MAX)                 # bounded: a title is never longer than this
        stop = TITLE_STOP_RE.search(norm, ts, window)
        te = stop.start() if stop else window
        if stop is not None:
            # a colon inside an unclosed bracket ("优化营商环境（牵头单位：…）"): the title ends at the bracket
            opening = norm.rfind("(", ts, te)
            if opening > ts and norm.find(")", opening, te) < 0:
                te = opening
        te = self._rstrip(ts, te)
        marker = norm[ms:me]
        if style in ("dec", "dec1"):
            if not self._outline_ok(style, me, ts, te, le):
                return None
            if style == "dec":
                style = f"dec{marker.count('.') + 1}"
        elif style in CHAPTERS and ts < le and norm[ts] in "第、,":
            return None                                   # "第三章第二节规定…", "第一条、第二条"
        if ts >= te:
            if style.startswith("dec") or stop is not None:
                return None
            nt = self._next_line_title(le)                # "第一章" alone, its title on the next line
            if nt is None:
                return None
            ts, te = nt
        number = int(marker) if style == "dec1" else marker_number(
            "dec" if style.startswith("dec") else style, marker)
        if not number:
            return None                                   # "（十四五）", "(0)": not a heading number
        prefix = int(marker.split(".", 1)[0]) if style.startswith("dec") else None
        return _Cand(style, (ms, me), (ts, te), number, le, prefix=prefix)

    def _outline_ok(self, style: str, me: int, ts: int, te: int, le: int) -> bool:
        """"1.1 编制目的" is a heading; "1.5万亿元", "3 个工作日" are quantities."""
        norm = self.t.norm
        if ts >= te or markers.quantity_follows(norm, ts, te):
            return False                                  # "2.3 万人次", "1.5 年内" (not "人员保障")
        if not (HAN_RE.match(norm, ts) or ROMAN_TITLE_RE.match(norm, ts, te)):
            return False
        if style == "dec1" or ts > me:
            return True
        # "1.1编制目的" with no space: only a short line without sentence punctuation
        return le - ts <= 30 and not regex.search(r"[,。;]", norm[ts:le])

    def _next_line_title(self, le: int) -> Span | None:
        """The next non-blank line as a title, if it is short and is not itself a heading."""
        norm, end = self.t.norm, self.span[1]
        pos = self.next_line(le) if le < end else end
        for _ in range(3):                                   # at most two blank lines between
            if pos >= end:
                return None
            b = BLANK_LINE_RE.match(norm, pos, end)
            if not b:
                break
            pos = b.end()
        if pos >= end or HEAD_AT_RE.match(norm, pos, end):
            return None
        e = self.line_end(pos)
        s = pos
        while s < e and norm[s] in " \t":
            s += 1
        e = self._rstrip(s, e)
        if s >= e or e - s > 30 or "。" in norm[s:e]:
            return None
        return (s, e)


# ---------------------------------------------------------------------------------------- exclusions

class _Regions:
    """Sorted, possibly overlapping spans; `covers(pos)` in O(log n)."""

    def __init__(self, spans):
        self.spans = sorted(s for s in spans if s[0] < s[1])
        self.starts = [s[0] for s in self.spans]
        self.reach = []                                      # running max of ends
        m = -1
        for s in self.spans:
            m = max(m, s[1])
            self.reach.append(m)

    def covers(self, pos: int) -> bool:
        if not self.starts:
            return False
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.reach[i] > pos


def _line_is_prose(norm: str, s: int, e: int) -> bool:
    """A paragraph of running text (it ends a 专栏 box that has no table span)."""
    text = norm[s:e].strip()
    return len(text) >= 20 and "。" in text and not norm[s:s + 1] == "\t"


def _box_regions(sc: _Scanner, cands: list[_Cand], tables: _Regions) -> list[Span]:
    """专栏 boxes that no table span covers: from the label to the first line that leaves the box.

    A box holds its label line, then cells or numbered items of one style. It ends at a heading of
    another style, a paragraph of prose, another box label, or the document end.
    """
    norm, (start, end) = sc.t.norm, sc.span
    box_re = _vocab().box
    starts = [c.marker[0] for c in cands]
    out = []
    for m in box_re.finditer(norm, start, end):
        if tables.covers(m.end() - 1):
            continue
        pos = sc.next_line(m.end())
        item: _Cand | None = None
        stop = end
        while pos < end:
            le = sc.line_end(pos)
            i = bisect.bisect_left(starts, pos)
            cand = cands[i] if i < len(cands) and starts[i] < le else None
            if cand is not None:
                # items: one list style, numbered from 1 on; anything else is the body again
                if item is None:
                    ok = cand.style in BOX_ITEM_STYLES and cand.number == 1
                else:
                    ok = cand.style == item.style and cand.number == (item.number or 0) + 1
                if not ok:
                    stop = pos
                    break
                item = cand
            elif box_re.match(norm, pos, end) or _line_is_prose(norm, pos, le):
                stop = pos
                break
            pos = sc.next_line(le) if le < end else end
        out.append((m.start(), stop))
    return out


def _toc_regions(sc: _Scanner, cands: list[_Cand]) -> list[Span]:
    """A 目录 label and the heading entries after it, up to where the body repeats the first entry."""
    norm, (start, end) = sc.t.norm, sc.span
    toc_re = _vocab().toc
    out = []
    starts = [c.marker[0] for c in cands]

    def key(c: _Cand) -> tuple[str, int | None, str]:
        return c.style, c.number, SPACE_RE.sub("", norm[c.title[0]:c.title[1]])[:6]

    for m in toc_re.finditer(norm, start, end):
        i = bisect.bisect_right(starts, m.end())
        after = cands[i:i + TOC_MAX_ENTRIES]          # bounded: a 目录 lists a few hundred headings at most
        if not after:
            continue
        first_key = key(after[0])
        stop = next((c.marker[0] for c in after[1:] if key(c) == first_key), None)
        if stop is None:                         # no repeat: the entries run until the first prose line
            pos = sc.next_line(m.end())
            for _ in range(TOC_MAX_ENTRIES * 3):
                if pos >= end:
                    break
                le = sc.line_end(pos)
                if _line_is_prose(norm, pos, le):
                    break
                pos = sc.next_line(le) if le < end else end
            stop = min(pos, end)
        out.append((m.start(), stop))
    return out


def _attachment_regions(sc: _Scanner, cands: list[_Cand]) -> list[Span]:
    """"附件：1．…" (or "注：") and the numbered attachment names (notes) on the lines right after it."""
    norm, (start, end) = sc.t.norm, sc.span
    att_re = _vocab().att
    by_start = {c.marker[0]: c for c in cands if not c.inline}
    out = []
    for m in att_re.finditer(norm, start, end):
        pos, stop = sc.next_line(m.end()), sc.next_line(m.end())
        blanks = 0
        while pos < end:
            b = BLANK_LINE_RE.match(norm, pos, end)
            if b:
                blanks += 1
                if blanks > 1:
                    break
                pos = b.end()
                continue
            blanks = 0
            le = sc.line_end(pos)
            s = pos
            while s < le and norm[s] in " \t":
                s += 1
            c = by_start.get(s)
            if c is None or c.style not in ("ar_dot", "ar_paren"):
                break
            stop = pos = sc.next_line(le) if le < end else end
        out.append((m.start(), stop))
    return out


def _run_in(norm: str, c: _Cand) -> bool:
    """"（1）…；（2）…" on one line: an enumeration inside a sentence, not headings."""
    if c.style not in RUN_IN_STYLES or c.number is None:
        return False
    seg_end = min(c.line_end, c.marker[1] + RUN_IN_WINDOW)  # up to the end of the paragraph (or line)
    if c.style != "circled" and norm.find("(", c.marker[1], seg_end) < 0 \
            and not any(0x2474 <= ord(ch) <= 0x2487 or 0x3220 <= ord(ch) <= 0x3229
                        for ch in norm[c.marker[1]:seg_end] if ord(ch) > 0x2400):
        return False                                   # no bracket after the marker: nothing run in
    n = c.number + 1
    if c.style == "cn_paren":
        nxt = [f"({to_chinese(n)})", chr(0x3220 + n - 1) if n <= 10 else None]
    elif c.style == "ar_paren":
        nxt = [f"({n})", chr(0x2474 + n - 1) if n <= 20 else None]
    else:
        o = ord(norm[c.marker[0]])
        nxt = [chr(o + 1)]
    gap = PARA_GAP_RE.search(norm, c.marker[1], seg_end)
    if gap:
        seg_end = gap.start()
    line = norm[c.marker[1]:seg_end]
    return any(x and x in line for x in nxt)


# ---------------------------------------------------------------------------------------- the stage

def build_sections(t: Text, span: Span, tables: Sequence[TableHit]) -> Found[SectionHit]:
    """The section tree of the document at `span`, flat in document order (parents by id).

    >>> raw = "通知正文\\n一、总体要求\\n（一）指导思想。以…为指导。\\n二、重点任务\\n"
    >>> from .normalize import normalize
    >>> [(s.id, s.marker, s.level, s.title, s.parent) for s in
    ...  build_sections(Text(raw, normalize(raw)), (0, len(raw)), []).items]
    [('s1', '一、', 1, '总体要求', None), ('s2', '（一）', 2, '指导思想', 's1'), ('s3', '二、', 1, '重点任务', None)]
    """
    start, end = max(0, span[0]), min(len(t.norm), span[1])
    if start >= end:
        return Found(())
    sc = _Scanner(t, (start, end))
    cands = sc.candidates()
    if not any(c.style.startswith("dec") and c.style != "dec1" for c in cands):
        cands = [c for c in cands if c.style != "dec1"]          # "1 总则" only beside 1.1 numbering

    table_regions = _Regions(tb.span for tb in tables)
    outside = [c for c in cands if not table_regions.covers(c.marker[0])]
    excluded = _Regions([*_box_regions(sc, outside, table_regions), *_toc_regions(sc, outside),
                         *_attachment_regions(sc, outside)])
    norm = t.norm
    kept: list[_Cand] = []
    for c in outside:
        if excluded.covers(c.marker[0]):
            continue
        if _run_in(norm, c) or (c.line_end - c.marker[1] <= TOC_LINE_MAX and norm[c.line_end - 1] in DIGITS
                                and TOC_LEADER_RE.search(norm, c.marker[1], c.line_end)):
            continue
        kept.append(c)
    return _tree(t, (start, end), _outline_roots(kept))


def _outline_roots(cands: list[_Cand]) -> list[_Cand]:
    """In 1.1-style outlines, "1、总则" / "1. 总则" is the outline's first depth when the next
    outline number under it starts with its number ("1、总则" … "1.1 编制目的")."""
    if not any(c.style.startswith("dec") and c.style != "dec1" for c in cands):
        return cands
    out = list(cands)
    for i, c in enumerate(cands):
        if c.style != "ar_dot" or c.number is None:
            continue
        for d in cands[i + 1:]:
            if d.style == "ar_dot" or d.style == "dec1":
                break
            if d.style.startswith("dec"):
                if d.prefix == c.number:
                    out[i] = _Cand("dec1", c.marker, c.title, c.number, c.line_end, c.inline)
                break
    return out


def _tree(t: Text, span: Span, cands: list[_Cand]) -> Found[SectionHit]:
    order: list[str] = []
    for c in cands:
        if c.style not in order:
            order.append(c.style)
    rank = _rank_styles(order)

    n, raw = len(cands), t.raw
    ends = [span[1]] * n
    parents: list[int | None] = [None] * n
    levels = [0] * n
    first_child: list[int | None] = [None] * n
    stack: list[tuple[int, int]] = []                  # (rank, index); ranks increase upwards
    warnings: list[Diagnostic] = []
    muted = 0
    last_in_parent: dict[tuple[int | None, str], int] = {}
    last_global: dict[str, int] = {}
    for i, c in enumerate(cands):
        r, start = rank[c.style], c.marker[0]
        while stack and stack[-1][0] >= r:
            ends[stack.pop()[1]] = start
        parent = stack[-1][1] if stack else None
        parents[i] = parent
        levels[i] = len(stack) + 1
        if parent is not None and first_child[parent] is None:
            first_child[parent] = start
        stack.append((r, i))
        warn = _numbering(c, parent, last_in_parent, last_global, raw)
        if warn:
            if len(warnings) < MAX_NUMBERING_WARNINGS:
                warnings.append(warn)
            else:
                muted += 1
    if muted:
        warnings.append(Diagnostic(Code.NUMBERING_SKIP, f"{muted} more numbering warnings in this document "
                                   "not listed", (cands[0].marker[0], span[1])))

    items = []
    for i, c in enumerate(cands):
        own_end = first_child[i]
        items.append(SectionHit(
            id=f"s{i + 1}", marker=raw[c.marker[0]:c.marker[1]], level=levels[i],
            title=raw[c.title[0]:c.title[1]], span=(c.marker[0], ends[i]), title_span=c.title,
            own_end=ends[i] if own_end is None else own_end,
            parent=None if parents[i] is None else f"s{parents[i] + 1}"))
    return Found(tuple(items), tuple(warnings))


def _numbering(c: _Cand, parent: int | None, last_in_parent: dict, last_global: dict,
               raw: str) -> Diagnostic | None:
    """numbering.skip / .restart / .repeat against the previous sibling of the same style."""
    num = c.number
    if num is None:
        return None
    key = (parent, c.style)
    prev = last_in_parent.get(key)
    last_in_parent[key] = num
    glob = last_global.get(c.style)
    last_global[c.style] = num
    if prev is None:
        if num == 1 or (glob is not None and num == glob + 1):
            return None
        return Diagnostic(Code.NUMBERING_SKIP, f"{_printed(raw, c)} is the first of its style here; "
                          f"expected 1" + (f" or {glob + 1}" if glob is not None else ""), c.marker)
    if num == prev + 1:
        return None
    if num == 1:
        return Diagnostic(Code.NUMBERING_RESTART, f"{_printed(raw, c)} starts again at 1 after {prev}", c.marker)
    if num > prev + 1:
        return Diagnostic(Code.NUMBERING_SKIP, f"{_printed(raw, c)} skips from {prev} to {num}", c.marker)
    return Diagnostic(Code.NUMBERING_REPEAT, f"{_printed(raw, c)} goes back from {prev} to {num}", c.marker)


def _printed(raw: str, c: _Cand) -> str:
    return raw[c.marker[0]:c.marker[1]]
