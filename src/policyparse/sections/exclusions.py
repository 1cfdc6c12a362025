"""Markers that are no headings: inside a 专栏 box or table, a 目录's entries, an 附件/注 list, a run-in
enumeration ("（1）…；（2）…" in one sentence)."""
from __future__ import annotations

import bisect

from ..numerals import to_chinese
from ..spans import Span
from .scan import (BLANK_LINE_RE, BOX_ITEM_STYLES, RUN_IN_STYLES, RUN_IN_WINDOW, PARA_GAP_RE, SPACE_RE,
                   TOC_LINE_MAX, TOC_MAX_ENTRIES, _Cand, _Scanner, _vocab)
from ..lexicons import compile_on_use


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
    """A 目录 label and the heading entries after it, up to where the body repeats the first entry (among
    the next TOC_MAX_ENTRIES candidates), else up to the first prose line (within TOC_MAX_ENTRIES * 3
    lines).

    Both searches are lookups, not scans per label (10^4 labels each followed by a heading cost 10^4 x
    400 key computations before): each candidate's key is computed once, and its next repeat found by
    bisection in the list of candidates with the same key; the prose lines are listed once and the
    first one after a label found by bisection.
    """
    norm, (start, end) = sc.t.norm, sc.span
    toc_re = _vocab().toc
    out = []
    starts = [c.marker[0] for c in cands]
    same: dict[tuple, list[int]] | None = None      # key -> indexes of the candidates with it, ascending
    keys: list[tuple] = []
    prose: list[int] | None = None                 # starts of the prose lines of the span, ascending

    def key(c: _Cand) -> tuple[str, int | None, str]:
        return c.style, c.number, SPACE_RE.sub("", norm[c.title[0]:c.title[1]])[:6]

    for m in toc_re.finditer(norm, start, end):
        i = bisect.bisect_right(starts, m.end())
        if i >= len(cands):
            continue
        if same is None:
            keys = [key(c) for c in cands]
            same = {}
            for k, kk in enumerate(keys):
                same.setdefault(kk, []).append(k)
        repeats = same[keys[i]]
        r = bisect.bisect_right(repeats, i)
        if r < len(repeats) and repeats[r] < i + TOC_MAX_ENTRIES:   # bounded: a 目录 lists a few hundred
            out.append((m.start(), cands[repeats[r]].marker[0]))      # headings at most
            continue
        # no repeat: the entries run until the first prose line (or TOC_MAX_ENTRIES * 3 lines on)
        pos = sc.next_line(m.end())
        if pos < end:
            if prose is None:
                prose = _prose_line_starts(sc)
            nexts = sc.lines.nexts
            j = bisect.bisect_left(nexts, pos)             # nexts[j] == pos: the line after a break
            k = j + TOC_MAX_ENTRIES * 3
            limit = nexts[k] if k < len(nexts) else end
            p = bisect.bisect_left(prose, pos)
            pos = min(limit, prose[p] if p < len(prose) else end)
        out.append((m.start(), min(pos, end)))
    if cands and not out:                          # keys of the first entries only: bounded
        out += _unlabelled_toc(sc, cands, [key(c) for c in cands[:TOC_MAX_ENTRIES]])
    return out


def _unlabelled_toc(sc: _Scanner, cands: list[_Cand], keys: list[tuple]) -> list[Span]:
    """A contents list printed without a 目录 label (legal-database exports): the document opens with a run of
    headings and no prose between them ("第一章 总则 / 第二章 规划与建设管控 / … / 第六章 附则"), and the body
    then repeats the run's first heading ("第一章 总则" followed by 第一条). The run, up to the repeat, is the
    目录. At least TOC_MIN_UNLABELLED entries; the repeat among the next TOC_MAX_ENTRIES candidates."""
    first = keys[0]
    r = next((k for k in range(1, len(keys)) if keys[k] == first), None)
    if r is None or r < TOC_MIN_UNLABELLED:
        return []
    a, b = cands[0].marker[0], cands[r].marker[0]
    if b - a > r * TOC_LINE_MAX:
        return []                                  # longer than its entries could be: the text of a document
                                                   # (a file of two plans run into one line, each "一、环境形势")
    prose = _prose_line_starts(sc)
    p = bisect.bisect_right(prose, a)
    if p < len(prose) and prose[p] < b:            # prose between the entries: an outline, not a 目录
        return []
    return [(a, b)]


TOC_MIN_UNLABELLED = 3       # entries of a contents list printed without its label


def _prose_line_starts(sc: _Scanner) -> list[int]:
    """Starts of the span's lines that follow a break and are prose (_line_is_prose), ascending."""
    norm, (start, end) = sc.t.norm, sc.span
    lines = sc.lines
    nexts, ends = lines.nexts, lines.ends
    out = []
    for j in range(bisect.bisect_left(nexts, start), bisect.bisect_left(nexts, end)):
        a = nexts[j]
        e = min(ends[j + 1] if j + 1 < len(ends) else lines.hi, end)
        if _line_is_prose(norm, a, e):
            out.append(a)
    return out


# A table's notes begun at the end of its (glued) last line: "…〔27〕预期性注：1.〔　〕内为五年累计数。"
# then "2.空气质量评价覆盖…" on the lines below: notes, no headings (bounded, to the line's end).
GLUED_NOTE_RE = compile_on_use(r"注[ \t]{0,2}:[ \t]{0,4}1[.、][^\r\n]{0,300}(?=[\r\n]|$)")


def _item_below(sc: _Scanner, by_start: dict, le: int, end: int) -> bool:
    """The first line after the one ending at `le` (across one blank line) opens a numbered name (1. / (1))."""
    norm, pos = sc.t.norm, sc.next_line(le) if le < end else end
    if pos < end and (b := BLANK_LINE_RE.match(norm, pos, end)):
        pos = b.end()
    while pos < end and norm[pos] in " \t":
        pos += 1
    c = by_start.get(pos)
    return c is not None and c.style in ("ar_dot", "ar_paren")


NAME_TAIL_MAX = 40          # characters of the rest of an attachment's name on a line of its own
ITEM_AFTER_LABEL_RE = compile_on_use(r"[ \t]{0,4}(?::[ \t]{0,4})?\d{1,2}[.、]")    # "附件：1．…" (norm: ． -> .)


def _attachment_regions(sc: _Scanner, cands: list[_Cand]) -> list[Span]:
    """"附件：1．…" (or "注：") and the numbered attachment names (notes) on the lines right after it."""
    norm, (start, end) = sc.t.norm, sc.span
    att_re = _vocab().att
    by_start = {c.marker[0]: c for c in cands if not c.inline}
    out = []
    labels = [*att_re.finditer(norm, start, end), *GLUED_NOTE_RE.finditer(norm, start, end)]
    for m in sorted(labels, key=lambda x: x.start()):
        pos, stop = sc.next_line(m.end()), sc.next_line(m.end())
        # a name may go on over a line only right after a numbered name ("附件：1．…联席会" / "议成员…清单" / "2．…")
        blanks, wrapped = 0, not ITEM_AFTER_LABEL_RE.match(norm, m.end(), sc.line_end(m.start()))
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
            if c is None and le - s <= NAME_TAIL_MAX and "。" not in norm[s:le] and not wrapped \
                    and _item_below(sc, by_start, le, end):
                wrapped = True                    # an attachment's name broken over a line ("…联席会" / "议成员单位
                pos = sc.next_line(le) if le < end else end   # 工作任务清单"), the next name numbered below it
                continue
            if c is None or c.style not in ("ar_dot", "ar_paren"):
                break
            wrapped = False
            stop = pos = sc.next_line(le) if le < end else end
        out.append((m.start(), stop))
    return out


HEADING_TITLE_MAX = 40     # characters: a heading's title ends (。) within this many after its marker
_PAREN_NUMBER_RE = compile_on_use(r"[\u2474-\u2487\u3220-\u3229]")     # ⑴..⒇ ㈠..㈩: a bracketed number


def _run_in(norm: str, c: _Cand) -> bool:
    """"（1）…；（2）…" on one line: an enumeration inside a sentence, not headings."""
    if c.style not in RUN_IN_STYLES or c.number is None:
        return False
    seg_end = min(c.line_end, c.marker[1] + RUN_IN_WINDOW)  # up to the end of the paragraph (or line)
    if c.style != "circled" and norm.find("(", c.marker[1], seg_end) < 0 \
            and not _PAREN_NUMBER_RE.search(norm, c.marker[1], seg_end):
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
    for x in nxt:
        i = line.find(x) if x else -1
        if i < 0:
            continue
        if not c.inline and i > 0 and line[i - 1] == "。" and "。" in line[:HEADING_TITLE_MAX]:
            return False       # "(一)准确把握建设重点。要厘清…。(二)赋予…": a line-start heading whose title
        return True            # ends at a 。, its siblings after sentence ends: paragraphs that lost their breaks
    return False


