"""专栏 boxes: the label and its title, then a body of items (list-style: `items`), a table, or paragraphs;
a trailing 注： line as the note.

A box's head is "专栏N  title" at the start of a line, or, in a copy that lost its line breaks, after a
sentence end ("…挑战。专栏1　title…"). Its title may run straight into the body ("专栏 1 研发重点智能制造
总体技术。重点研究…"): it then ends at a paragraph break (a run of spaces), at the first item number, or
after the first title word (data/tables/box_title_tails.txt: 重点, 工程, 示范 …) before the first item's
label.

A list-style body (items.py) is numbered, labelled, label-sentence or plain paragraphs.
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

import regex

from .. import markers
from ..diagnostics import Diagnostic
from ..lexicons import alternation, load_list
from ..records import Text
from ..spans import Span
from .body import Draft, parse_body
from .glued import find_header, glued_note, parse_glued
from .headers import line_after
from .items import LABELLED, SENTENCE, item_opens, numbered_item, read_items
from .cells import (BOX_LABEL, GAPPED_LABEL_RE, Line, has_sep, is_header_cell, is_label, is_note, item_marker,
                    line_start,
                    next_nonblank, squeeze, strip_span)

# ------------------------------------------------------------------ the head: label and title

HEAD_RE = regex.compile(rf"""
    [ \t]{{0,8}}
    (?P<label>{BOX_LABEL})(?![\d])                                  # 专栏1 / 专栏 12 / 专栏三 / 任务专栏4
    (?P<gap>[ \t:]{{0,8}})                                           # "专栏1  title" / "专栏1:title"
""", regex.VERBOSE)
SENTENCE_BEFORE_RE = regex.compile(r"[。;!?][ ]{0,4}$")
PARA_GAP_RE = regex.compile(r"[ \t]{2,40}")            # a paragraph break inside a line (U+3000 pairs)
TITLE_STOP_RE = regex.compile(r"[。:]")                 # the first item's label ends here
SENTENCE_PUNCT_RE = regex.compile(r"[,;!?]")            # a sentence, not a title (norm: ，；→ , ;)
MAX_TITLE = 80
HEAD_WINDOW = 400


@cache
def _tails() -> regex.Pattern:
    return regex.compile(alternation(load_list("tables/box_title_tails.txt")))


class Head(NamedTuple):
    label: Span
    title: Span | None
    body: int | None          # where the body starts inside the label's line (None: on the next line)
    glued: bool = False       # more text follows the title on its line: the box has no body of its own
    table: bool = False       # the body is a table whose cells were run together (glued.py)


def read_head(norm: str, pos: int, end: int, *, midline: bool = False) -> Head | None:
    """The label, title and body start of a box head at `pos` (the line runs to `end`), or None.

    >>> s = "专栏 1 船舶智能制造研发重点智能制造总体技术。重点研究新模式。"
    >>> h = read_head(s, 0, len(s)); s[slice(*h.title)], s[h.body:h.body + 8]
    ('船舶智能制造研发重点', '智能制造总体技术')
    >>> s = "专栏3 环境保护重点城市名单(共113个)  1.确保实现减排目标。"   # the text after the box
    >>> h = read_head(s, 0, len(s)); s[slice(*h.title)], h.body, h.glued
    ('环境保护重点城市名单(共113个)', None, True)
    >>> read_head("专栏1所列指标按年度分解落实,各区县抓好工作。", 0, 23) is None
    True
    """
    m = HEAD_RE.match(norm, pos, end)
    if m is None or (midline and not m.group("gap")):
        return None
    a = m.end()
    end = min(end, a + HEAD_WINDOW)               # a head is read within its first characters
    rest = norm[a:end].rstrip()
    b = a + len(rest)
    if not rest:
        return Head(m.span("label"), None, None)
    header = find_header(norm, a, min(b, a + MAX_TITLE + 40), _tails())
    if header is not None and not SENTENCE_PUNCT_RE.search(norm, a, header):   # "…主要指标序号指标名称2000年…"
        return _title_head(m, norm, a, header, header)._replace(table=True)
    glued = [x for x in (PARA_GAP_RE.search(norm, a, b), TITLE_STOP_RE.search(norm, a, b)) if x]
    if not m.group("gap") or not glued:
        # the whole rest of the line is the title (a sentence there: a box mentioned in the text)
        if len(rest) > MAX_TITLE or SENTENCE_PUNCT_RE.search(rest) or "。" in rest:
            return None
        return Head(m.span("label"), (a, b), None)
    stop = min(glued, key=lambda x: x.start())
    first = _first_item_number(norm, a, stop.start())
    if first is not None:                          # "…控制单元（一）长江流域…": the items start there
        return _title_head(m, norm, a, first, first)
    if SENTENCE_PUNCT_RE.search(norm, a, stop.start()):
        return None
    if stop.group().startswith((" ", "\t")):        # a paragraph break ends the title; labelled items may
        p = stop.end()                                # follow, anything else is the text after the box
        if any(item_opens(f, norm, p, end, None) for f in (LABELLED, SENTENCE)):
            return _title_head(m, norm, a, stop.start(), p)
        return _title_head(m, norm, a, stop.start(), None)._replace(glued=True)
    tail = _tails().search(norm, a, stop.start())   # the title's last word, then the first item's label
    if tail is not None and tail.end() < stop.start():
        return _title_head(m, norm, a, tail.end(), tail.end())
    return Head(m.span("label"), None, a)


def _title_head(m, norm: str, a: int, title_end: int, body: int | None) -> Head | None:
    title_end = a + len(norm[a:title_end].rstrip())
    if title_end - a > MAX_TITLE:
        return Head(m.span("label"), None, a)
    return Head(m.span("label"), (a, title_end) if title_end > a else None, body)


def _first_item_number(norm: str, a: int, b: int) -> int | None:
    """Where an item number 1 ((一) 一、 1. (1) ①) opens after some title text in [a, b), else None."""
    for p in range(a + 2, b):
        if norm[p] in "(一1①⑴":
            mk = markers.marker_at(norm, p, b, indent=False)
            if mk and mk.number == 1 and mk.style in markers.ITEMS | {"cn_dun", "cn_paren"}:
                return p
    return None


def gapped_labels(norm: str, start: int, end: int) -> list[int]:
    """Where a box label followed by a gap opens (a head inside a line, in single-line and glued copies, if
    it follows a sentence end or the table before it: see `after_sentence`)."""
    return [m.start() for m in GAPPED_LABEL_RE.finditer(norm, start, end)]


def after_sentence(norm: str, pos: int, line_start: int) -> bool:
    """A sentence end (and up to four spaces) before `pos` on its line."""
    return SENTENCE_BEFORE_RE.search(norm, max(line_start, pos - 5), pos) is not None


# ------------------------------------------------------------------ the body: items

def finish(t: Text, lines: list[Line], d: Draft, end: int, end_pos: int) -> Draft:
    """Attach a trailing 注： line (within two blank lines) as the note; set the end."""
    j = end
    blanks = 0
    while j < len(lines) and lines[j].blank and blanks < 3:
        j += 1
        blanks += 1
    if j < len(lines) and is_note(lines[j]):
        a, b = strip_span(lines[j])
        d.note = t.out(a, b).strip()
        end, end_pos = j + 1, b
    d.end, d.end_pos = end, end_pos
    return d


def box(t: Text, lines: list[Line], i: int, pos: int, warnings: list[Diagnostic], *,
        midline: bool = False) -> Draft | None:
    """The box whose label is at `pos` on line i, or None when the label is no box head."""
    ln = lines[i]
    head = read_head(t.norm, pos, ln.span[1], midline=midline)
    if head is None:
        return None
    label = "".join(t.out(*head.label).split())
    title = squeeze(t.out(*head.title)) if head.title else None
    a = head.label[0]
    d = Draft(label, title, a, [], [], [], [], i + 1)
    head_end = head.title[1] if head.title else head.label[1]
    if head.table:                                 # a table whose cells were run together
        g = parse_glued(t, head.body, lines[-1].span[1])
        if g is not None:
            d.columns, d.column_types, d.rows = g.columns, g.types, g.rows
            d.row_spans, d.cell_spans = g.row_spans, g.cell_spans
            note = glued_note(t.norm, g.end_pos, lines[-1].span[1])
            if note:
                d.note = t.out(*note).strip()
            end_pos = note[1] if note else g.end_pos
            return finish(t, lines, d, line_after(lines, i, end_pos), end_pos)
    if head.body is not None:                      # the body goes on in the label's line
        items, end, end_pos = read_items(t, lines, i, head.body)
        d.items = items
        return finish(t, lines, d, end if items else i + 1, end_pos if items else head_end)
    if head.glued:
        return finish(t, lines, d, i + 1, head_end)
    body = next_nonblank(lines, i + 1)
    if title is None and body < len(lines):
        cand = lines[body].text.strip()
        if cand and len(cand) <= 40 and "。" not in cand and not item_marker(cand) \
                and not is_header_cell(cand) and not has_sep(lines[body]) \
                and not lines[body].text.startswith("\t"):
            title = d.title = squeeze(t.out(*strip_span(lines[body])))
            head_end = strip_span(lines[body])[1]
            body = next_nonblank(lines, body + 1)
    if body >= len(lines) or is_label(lines[body]):
        return finish(t, lines, d, i + 1, head_end)
    parsed = None
    if not numbered_item(lines[body].text):
        parsed = parse_body(t, lines, body, in_box=True, warnings=warnings)
    if parsed is None:
        items, end, end_pos = read_items(t, lines, body, lines[body].span[0])
        d.items = items
        return finish(t, lines, d, end if items else i + 1, end_pos if items else head_end)
    d.columns, d.column_types, d.rows = parsed.columns, parsed.types, parsed.rows
    d.row_spans, d.cell_spans = parsed.row_spans, parsed.cell_spans
    return finish(t, lines, d, parsed.end, parsed.end_pos)


# ------------------------------------------------------------------ a box without its label

#: the caption of a box printed without a 专栏 label: a short line naming what the box lists, ending in 重点
#: ("智能装备标准建设重点"); its body must be label-sentence items ("传感器与仪器仪表标准。可靠性设计…")
UNLABELLED_CAPTION_RE = regex.compile(r"[ \t]{0,8}(?P<title>[^\s,;:!?。、()（）《》]{2,24}重点)[ \t]*")
MIN_UNLABELLED_ITEMS = 2


UNLABELLED_END_RE = regex.compile(r"重点[ \t]*(?=[\r\n])")     # the caption's end: found fast


def unlabelled_heads(norm: str, a: int, b: int) -> list[int]:
    """The starts of the lines inside [a, b) that may caption a box printed without its label."""
    out = []
    for m in UNLABELLED_END_RE.finditer(norm, a, b):
        start = line_start(norm, m.start(), a, window=40)
        if m.start() - start <= 32:
            out.append(start)
    return out


def unlabelled_box(t: Text, lines: list[Line], i: int) -> Draft | None:
    """The box captioned by line i, printed without a 专栏 label (a PDF copy of a standards guide's
    "…建设重点" boxes), or None: the caption (no heading number) and, on the next line, at least two
    label-sentence items (items.py)."""
    cap = UNLABELLED_CAPTION_RE.fullmatch(lines[i].text)
    body = i + 1
    if cap is None or body >= len(lines) or item_marker(cap.group("title")) \
            or not item_opens(SENTENCE, t.norm, lines[body].span[0], lines[body].span[1], None):
        return None
    items, end, end_pos = read_items(t, lines, body, lines[body].span[0])
    if len(items) < MIN_UNLABELLED_ITEMS:
        return None
    a = lines[i].span[0] + cap.start("title")
    d = Draft(None, squeeze(t.out(a, lines[i].span[0] + cap.end("title"))), a, [], [], [], items, end)
    return finish(t, lines, d, end, end_pos)
