"""Heading candidates: a numbering marker at a line start (or after a title and a run of spaces, or after a
sentence end and a paragraph indent), its style, number and title."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import regex

from .. import markers
from ..lexicons import compile_on_use, load_map, prefiltered, std_on_use
from ..lines import LONG_LINE, LineIndex
from ..records import Text
from ..spans import Span

CN_NUM = markers.CN_NUM
MARKER = markers.MARKER
INDENT = markers.INDENT
FLAGS = regex.VERBOSE | regex.V0

# a marker at the start of a line, after bounded indentation (^ after \n: the fast path) ...
# (markers.LINE_RE, compiled by `re`: tried where HEAD_AT_LINE_RE below found a line start, and where a document
# starts mid-line)
HEAD_RE = markers.LINE_RE
# ... and the same where lines may also end in a lone \r (old Mac files): 7x slower, used only then
_head_cr_re = std_on_use(rf"(?<![^\r\n]) (?=[ \t\#*_]|{markers.MARKER_START}) (?P<indent>{INDENT}) (?:{MARKER})",
                         re.VERBOSE)
LONE_CR_RE = compile_on_use(r"\r(?!\n)")
# an ordinal opening a title ("第二类医疗器械…") and the character after its numeral: a structural unit (第二款,
# 第三节) makes the line a cross-reference, anything else a title (bounded)
ORDINAL_UNIT_RE = compile_on_use(r"第[一二三四五六七八九十百零〇两\d]{1,5}(?P<u>.)")
UNIT_WORDS = "章节条款项目编篇部"
# a second heading on the same line: a run of spaces, then a marker ("总则　　第一条")
_inline_re = std_on_use(rf"(?P<gap>[ \t]{{1,40}}) (?:{MARKER})", re.VERBOSE)
# a paragraph start inside a line: end of a sentence (or a list-opening colon), a run of spaces, a marker
# ("…。　　二、", "…以下内容：　　（一）")
# (_inline_re, tried only after a sentence end: where PARA_AT_RE below found one)
PARA_RE = _inline_re
# where HEAD_RE and PARA_RE may match (supersets, for searches that try them only there, lexicons.prefiltered: the
# standard library's `re` finds a line start or a sentence end before a space faster than `regex` tries the
# patterns at every position; the section stage 638 -> 554 ms over the real corpus with MAY_START_RE's glued
# search): a line start, its indentation, then where a marker may start; a space after a sentence end
HEAD_AT_LINE_RE = re.compile(r"^[ \t\#*_]{0,60}(?:" + markers.MAY_START_RE.pattern + ")", re.MULTILINE)
PARA_AT_RE = re.compile(r"[ \t](?<=[。;!?:][ \t])")
# where such a run-together paragraph ends: a run of two or more spaces (a copy that kept its paragraphs apart
# by spaces only, SPEC §1: "…（责任单位：市科技局）　　2.优化…"; an enumeration never has one inside)
PARA_GAP_RE = compile_on_use(r"(?<=\S)[ \t]{2,40}")
TITLE_STOP_RE = compile_on_use(r"[。;:]")                          # 。 ；;  ：: (norm folds the widths)
BLANK_LINE_RE = compile_on_use(r"[ \t]*(?:\r\n|\r|\n)")
# a 目录 entry: dot leaders and a page number at the end of the line ("一、总体要求……………3")
toc_leader_re = compile_on_use(r"(?:[.…·•]{3,40}|[ \t]{4,40})[ \t]{0,4}[0-9]{1,4}[ \t]{0,4}$")
HAN_RE = compile_on_use(r"\p{Han}")
SPACE_RE = compile_on_use(r"[ \t]+")
# a title that opens with a Roman numeral is text, not a quantity: "4.1.1 Ⅰ级、Ⅱ级响应", "4.1.3 IV级响应"
# (Ⅰ..ↈ U+2160-U+2188 as one character; ASCII I/V/X only as a bounded run of at most 4 before a Han
# character or a list comma, so "1.1 Ideas" or "2.1 XML" stays out)
_roman_title_re = compile_on_use(r"[\u2160-\u2188]|[IVX]{1,4}[ ]{0,2}(?=\p{Han}|[、,])")

USUAL_ORDER = markers.USUAL_ORDER
CHAPTERS = markers.CHAPTERS
RUN_IN_STYLES = markers.RUN_IN                         # mid-sentence （1）…（2）… enumerations
BOX_ITEM_STYLES = markers.ITEMS                        # the numbered items of a 专栏 box
TOC_MAX_ENTRIES = 400                                  # a 目录 lists at most this many headings
MAX_NUMBERING_WARNINGS = 50                            # per document; the rest are counted in one more
TITLE_MAX = 300                                        # characters; longer titles are cut (guards scans)
RUN_IN_WINDOW = 600                                    # characters a run-in enumeration is looked for in
PARAGRAPH_MIN = 8                   # characters of running text after a run of spaces that end a title there
TITLE_GAP_MAX = 60                  # characters of a title in which that run of spaces is looked for
ONE_SPACE_TITLE_MAX = 20            # characters of a title a second heading may follow behind one space
GLUED_TITLE_MAX = 12                # characters of a title glued to its outline number, ended by a space
HAN_RUN_RE = regex.compile(r"\p{Han}{2,12}")   # ("5.1.1启动条件 当出现…": the title before the space; fullmatch)
# that run of spaces, in the raw text (U+3000 and tabs are as wide as two spaces), and the running text after it
PARAGRAPH_GAP_RE = compile_on_use(rf"(?:[ \t\u3000\xa0]{{2,40}}|[\t\u3000])(?=[^ \t\u3000\xa0\r\n]{{{PARAGRAPH_MIN}}})")
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




marker_number = markers.number



@dataclass(slots=True)
class _Cand:
    style: str                 # "dec" is split by depth into "dec2", "dec3"... for ranking
    marker: Span
    title: Span
    number: int | None
    line_end: int
    inline: bool = False       # found after a heading's title on the same line
    prefix: int | None = None  # the first number of an outline number: 2 for "2.1.3"
    glued: bool = False        # glued to the text before it in a crawl that lost its breaks (glued.py)


def _gap_width(raw: str, s: int, e: int) -> int:
    """Visual width of a run of spaces: U+3000 and tabs count 2.

    >>> _gap_width("总则\\u3000 \\t第一条", 2, 5)
    5
    """
    return e - s + raw.count("\u3000", s, e) + raw.count("\t", s, e)


class _Scanner:
    """Finds heading candidates inside one document span."""

    def __init__(self, t: Text, span: Span, lines: LineIndex | None = None):
        self.t, self.span = t, span
        # every line end, once (the pipeline's index of the whole text, or one of the span): a search per
        # heading would be quadratic on a giant one-line text
        self.lines = lines if lines is not None else LineIndex(t.norm, span)
        self._last: dict[str, int] = {}     # the last number read of each style, in document order
        self._stop = (0, 0, False)          # the last look for a title's end (_stop_in)
        self._heads: set[int] = set()       # where the line-start markers found by candidates() start

    def line_end(self, pos: int) -> int:
        """Where the line holding `pos` ends (its break, or the span end)."""
        return min(self.lines.line_end(pos), self.span[1])

    def next_line(self, pos: int) -> int:
        """Start of the line after the one holding `pos` (or the span end)."""
        return min(self.lines.next_line(pos), self.span[1])

    def candidates(self) -> list[_Cand]:
        norm, raw, (start, end) = self.t.norm, self.t.raw, self.span
        if LONE_CR_RE.search(norm, start, end):
            matches = list(_head_cr_re.finditer(norm, start, end))
        else:                                   # HEAD_RE tried at the line starts where a marker may follow
            matches = list(prefiltered(HEAD_AT_LINE_RE, HEAD_RE, norm, start, end))
        self._heads = {m.start() for m in matches}
        if start > 0 and norm[start - 1] not in "\r\n":            # a span that starts mid-line
            m0 = HEAD_RE.match(norm, start, end)
            if m0 and (not matches or matches[0].start() != start):
                matches.insert(0, m0)
        # paragraphs run together on one line (web copies): "…。　　二、主要任务"
        paras = [m for m in prefiltered(PARA_AT_RE, PARA_RE, norm, start, end) if _gap_width(raw, *m.span("gap")) >= 2]
        # (the marker's group asked by number, m.lastindex: the group m.lastgroup names, a third faster)
        found = sorted([(m.start(m.lastindex), m, False) for m in matches]
                       + [(m.start(m.lastindex), m, True) for m in paras], key=lambda x: x[0])
        out: list[_Cand] = []
        seen: set[int] = set()
        for _, m, inline in found:
            cand = self._from_match(m, inline)
            while cand is not None and cand.marker[0] not in seen:     # a loop, not recursion:
                seen.add(cand.marker[0])                              # a line may hold 10^5 markers
                out.append(cand)
                self._last[cand.style] = cand.number
                cand = self._split_title(cand)
        out.sort(key=lambda c: c.marker[0])
        return out

    def _from_match(self, m, inline: bool, last: int | None = None) -> _Cand | None:
        """The candidate of a marker match (`last`: the number of its style read just before, when the caller
        keeps its own: the glued pass; else the scanner's)."""
        style = m.lastgroup
        ms, me = m.span(m.lastindex)                      # the group `style` names, by number
        cand = self._title(style, ms, me, self.line_end(me), last)
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
        for im in _inline_re.finditer(norm, ts, min(cand.line_end, te + 80)):   # gap <= 40, marker <= 40
            gs, ge = im.span("gap")
            if gs > te:
                break
            if gs <= ts:
                continue
            wide = _gap_width(self.t.raw, gs, ge) >= 2
            if not wide and gs - ts > ONE_SPACE_TITLE_MAX:
                continue
            more = self._from_match(im, True)
            if more is not None and (wide or self._first_child(cand, more)):
                cand.title = (ts, self._rstrip(ts, gs))
                return more
        return None

    def _first_child(self, cand: _Cand, more: _Cand) -> bool:
        """A heading behind a short title and one space ("1 总则 1.1 指导思想", "二、落实责任体系 （五）强化…"): a
        heading of another style that opens its numbering or continues it (not "坚持两项原则 (3)…" out of sequence)."""
        return more.style != cand.style and more.number in (1, self._last.get(more.style, 0) + 1)

    def _rstrip(self, s: int, e: int) -> int:
        while e > s and self.t.norm[e - 1] in " \t*_":    # "**（一）指导思想**": Markdown emphasis
            e -= 1
        return e

    def _title_start(self, style: str, me: int, le: int) -> int:
        """Where the title after a marker starts: past spaces and Markdown emphasis ("**第一条** 为了…"), and past the
        colon that parts a chapter-level marker numbered in words from its title ("第一部分：发展基础")."""
        norm, ts = self.t.norm, me
        while ts < le and norm[ts] in " \t*_":
            ts += 1
        if style in CHAPTERS and ts + 1 < le and norm[ts] == ":" and norm[ts + 1] not in "\r\n" \
                and not any(ch.isdigit() for ch in norm[max(0, me - 5):me]):   # (not a standard's "第1部分：…")
            ts += 1
            while ts < le and norm[ts] in " \t":
                ts += 1
        return ts

    def _title(self, style: str, ms: int, me: int, le: int, last: int | None = None) -> _Cand | None:
        norm = self.t.norm
        ts = self._title_start(style, me, le)
        window = min(le, ts + TITLE_MAX)                 # bounded: a title is never longer than this
        stop = self._stop_in(ts, window) if ts < window else None     # (a marker alone on its line: no look)
        te = window if stop is None else stop
        if stop is not None:
            # a colon inside an unclosed bracket ("优化营商环境（牵头单位：…）"): the title ends at the bracket
            opening = norm.rfind("(", ts, te)
            if opening > ts and norm.find(")", opening, te) < 0:
                te = opening
        if te - ts > 2 and (norm.find(" ", ts + 2, te) >= 0 or norm.find("\t", ts + 2, te) >= 0) \
                and le - self.lines.line_start(ms) >= LONG_LINE:    # (cheap tests first: most titles hold no space)
            te = self._paragraph_cut(ts, te)              # "一、总体要求　　以习近平…": the title ends at the spaces
        if style in ("dec", "dec1") and ts == me and te - ts > GLUED_TITLE_MAX:
            te = self._glued_title_end(ts, te)
        te = self._rstrip(ts, te)
        marker = norm[ms:me]
        if style == "dec" and ts >= te and stop is None and (ts > me or me == le):
            nt = self._next_line_title(le)                # "1.1" alone on its line, "适用范围" below (a PDF copy)
            if nt is not None and HAN_RE.match(norm, nt[0]) and not markers.quantity_follows(norm, *nt):
                ts, te = nt
        if style in ("dec", "dec1"):
            if not self._outline_ok(style, me, ts, te, le):
                return None
            if style == "dec":
                style = f"dec{marker.count('.') + 1}"
        elif style in CHAPTERS and ts < le and norm[ts] in "第、," and not self._ordinal_title(
                style, marker, me, ts, le, last):
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

    def _ordinal_title(self, style: str, marker: str, me: int, ts: int, le: int, last: int | None) -> bool:
        """A chapter-level marker whose title opens with an ordinal is a heading, not a reference ("第三章第二节
        规定…"), when the ordinal counts no part of a text (类, not 章/节/条/款…) and a space parts it from the marker
        ("第二十四条　第二类医疗器械…"), or it continues the numbering: after a space whatever it counts ("第三条
        第二条规定的…" right after 第二条), glued only when it counts no part of a text ("…原则。第八条第一类医疗
        器械…" right after 第七条, in a copy without breaks)."""
        u = ORDINAL_UNIT_RE.match(self.t.norm, ts, le) if self.t.norm[ts] == "第" else None
        if u is None:
            return False
        continues = marker_number(style, marker) == (self._last.get(style, 0) if last is None else last) + 1
        if ts > me:
            return u.group("u") not in UNIT_WORDS or continues
        return u.group("u") not in UNIT_WORDS and continues

    def _paragraph_cut(self, ts: int, te: int) -> int:
        """On a long line (paragraphs kept apart by runs of spaces only, SPEC §1), where the title [ts, te) ends:
        before the first run of spaces of width 2 or more, within its first TITLE_GAP_MAX characters and after its
        second, that running text of PARAGRAPH_MIN characters or more follows ("总体要求　　以习近平…", not
        "总　　则" nor "总则　　第一条"). Bounded: one search of at most TITLE_GAP_MAX + PARAGRAPH_MIN characters.

        >>> t = "一、总体要求　　以习近平新时代中国特色社会主义思想为指导"
        >>> from policyparse.normalize import normalize
        >>> sc = _Scanner(Text(t, normalize(t)), (0, len(t)))
        >>> t[2:sc._paragraph_cut(2, len(t))], t[2:sc._paragraph_cut(2, 6)], t[2:sc._paragraph_cut(2, 12)]
        ('总体要求', '总体要求', '总体要求')
        >>> u = "一、准入审批类　　应用一：形式审查　　人工智能技术在药品注册的形式审查中可以发挥作用。"
        >>> sc = _Scanner(Text(u, normalize(u)), (0, len(u)))
        >>> u[2:sc._paragraph_cut(2, 12)]
        '准入审批类'
        """
        # (the search may end past te: the running text after the spaces may hold the stop, "应用一：形式审查")
        m = PARAGRAPH_GAP_RE.search(self.t.raw, ts + 2, min(self.span[1], ts + TITLE_GAP_MAX + PARAGRAPH_MIN))
        return m.start() if m is not None and m.start() < min(te, ts + TITLE_GAP_MAX) else te

    def _stop_in(self, ts: int, window: int) -> int | None:
        """Where the first 。;: in [ts, window) is (TITLE_STOP_RE), or None.

        Remembers what it read: on a line of 10^5 markers each title looks up to TITLE_MAX characters ahead,
        and the next title's look starts inside the last one's, so the line is read once, not 300 times."""
        a, b, found = self._stop                          # no stop in [a, b); `found`: one at b
        if not a <= ts <= b:
            a, b, found = ts, ts, False
        if not found and b < window:
            m = TITLE_STOP_RE.search(self.t.norm, b, window)
            b, found = (m.start(), True) if m else (window, False)
        self._stop = (a, b, found)
        return b if found and b < window else None

    def _outline_ok(self, style: str, me: int, ts: int, te: int, le: int) -> bool:
        """"1.1 编制目的" is a heading; "1.5万亿元", "3 个工作日" are quantities."""
        norm = self.t.norm
        if ts >= te or markers.quantity_follows(norm, ts, te):
            return False                                  # "2.3 万人次", "1.5 年内" (not "人员保障")
        if not (HAN_RE.match(norm, ts) or _roman_title_re.match(norm, ts, te)):
            return False
        if style == "dec1" or ts > me:
            return True
        # "1.1编制目的" with no space: only a short line without sentence punctuation, or a short title up to a space
        return (le - ts <= 30 and not regex.search(r"[,。;]", norm[ts:le])) \
            or (te < le and norm[te] == " " and HAN_RUN_RE.fullmatch(norm, ts, te) is not None)

    def _glued_title_end(self, ts: int, te: int) -> int:
        """"5.1.1启动条件 当出现以下情况之一的，…": a title glued to its outline number ends at the first space, when
        only Han characters come before it (at most GLUED_TITLE_MAX); else te."""
        sp = self.t.norm.find(" ", ts, ts + GLUED_TITLE_MAX + 1)
        return sp if sp > ts and HAN_RUN_RE.fullmatch(self.t.norm, ts, sp) else te

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
        if pos >= end or pos in self._heads or HEAD_RE.match(norm, pos, end):
            return None                                      # (a line known to open with a marker: no look)
        e = self.line_end(pos)
        s = pos
        while s < e and norm[s] in " \t":
            s += 1
        e = self._rstrip(s, e)
        if s >= e or e - s > 30 or "。" in norm[s:e]:
            return None
        return (s, e)


