"""专栏 boxes: the label and its title, then a body of items (list-style: `items`), a table, or paragraphs;
a trailing 注： line as the note.

A box's head is "专栏N  title" at the start of a line, or, in a copy that lost its line breaks, after a
sentence end ("…挑战。专栏1　title…"). Its title may run straight into the body ("专栏 1 研发重点智能制造
总体技术。重点研究…"): it then ends at a paragraph break (a run of spaces), at the first item number, or
after the first title word (data/tables/box_title_tails.txt: 重点, 工程, 示范 …) before the first item's
label.

A list-style body comes in four forms, told by its first line (`body_form`):

  numbered   1． (1) ① 一、 or "01 关键核心技术" in sequence; short group lines ("打造智慧养老场景：")
             between them are not items;
  labelled   "水泥行业：重点形成…" -- a short label and a colon opens each item;
  sentence   "智能切割成形装备。型材智能切割装备…" -- a short label sentence opens each item;
  plain      unnumbered paragraphs, one item each.

An item runs on over the lines that follow while its sentence is unfinished (a copy with hard-wrapped
lines); after a finished sentence only the next item continues the box. Items glued into one line are
split where the next item opens after a sentence end. A line of a page number alone is skipped.
"""
from __future__ import annotations

from collections.abc import Iterator
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
from .cells import (BOX_LABEL, Line, has_sep, heading, is_header_cell, is_label, is_note, is_strong, item_marker,
                    next_nonblank, squeeze, strip_span)

# ------------------------------------------------------------------ the head: label and title

HEAD_RE = regex.compile(rf"""
    [ \t]{{0,8}}
    (?P<label>{BOX_LABEL})(?![\d])                                  # 专栏1 / 专栏 12 / 专栏三 / 任务专栏4
    (?P<gap>[ \t:]{{0,8}})                                           # "专栏1  title" / "专栏1:title"
""", regex.VERBOSE)
#: a 专栏 label followed by a gap; inside a line it must follow a sentence end (a copy that lost its breaks)
GAPPED_LABEL_RE = regex.compile(rf"{BOX_LABEL}[ \t:]")
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
        if any(_opens(f, norm, p, end, None) for f in (LABELLED, SENTENCE)):
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

NUMBERED, LABELLED, SENTENCE, PLAIN = "numbered", "labelled", "sentence", "plain"
ITEM_LABEL_RE = regex.compile(r"[ \t]{0,8}[^\s,;:!?。、()\[\]《》]{1,16}?[ ]{0,2}:")   # "水泥行业："
LABEL_SENTENCE_RE = regex.compile(r"[ \t]{0,8}[^\s,;:!?。《》]{2,20}?。(?=[ ]{0,4}\S)")  # "智能涂装装备。"
LABEL_ONLY_RE = regex.compile(r"[ \t]{0,8}[^\s,;:!?。《》]{2,20}。")
GROUP_LINE_RE = regex.compile(r"[ \t]{0,8}[^\s,;!?。]{2,20}:[ \t]{0,8}$")              # "创新智慧养老服务："
PAGE_NO_RE = regex.compile(r"[ \t]{0,8}[-—]?[ ]{0,2}\d{1,3}[ ]{0,2}[-—]?[ \t]{0,8}$")  # a page number
SENTENCE_END_RE = regex.compile(r"[。;!?][ \t]{0,8}$")
FULL_STOP_RE = regex.compile(r"。")
#: where a glued item may open: after a sentence end, a gap, and perhaps a page number ("- 9 -")
BREAK_RE = regex.compile(r"[。;!?](?P<gap>[ ]{0,40})(?:[-—][ ]{0,2}\d{1,3}[ ]{0,2}[-—][ ]{0,4})?(?=\S)")


class Seg(NamedTuple):
    span: Span                # stripped, in the text
    line: int                 # index of its line
    blanks: int               # blank lines before it (0 inside a line)


def _numbered(s: str, kind: str | None = None, number: int | None = None):
    """(kind, number, end of marker) of a numbered item opening `s`, "01 智能场景" included."""
    m = item_marker(s)
    if m is not None:
        return m if (kind is None or m[0] == kind) and (number is None or m[1] == number) else None
    mk = markers.marker_at(s)
    if mk is None or mk.style != "dec1" or mk.span[0] > 8 or (kind and kind != "dec1") \
            or (number is not None and mk.number != number):
        return None
    end = mk.span[1]
    while end < len(s) and s[end] in " \t" and end - mk.span[1] < 4:
        end += 1
    return "dec1", mk.number, end


def body_form(first: str, second: str | None) -> str:
    """The form of a list-style body from its first line (and the second, after a group line).

    >>> body_form("01 关键核心技术", None), body_form("打造智慧养老场景:", "1.家庭养老床位:依托…")
    ('numbered', 'numbered')
    >>> body_form("水泥行业:重点形成矿山智能钻爆。", None), body_form("智能涂装装备。VOC处理装置等。", None)
    ('labelled', 'sentence')
    >>> body_form("建立跨部门协调机制,定期会商。", None)
    'plain'
    """
    if _numbered(first) or (second is not None and GROUP_LINE_RE.match(first) and _numbered(second)):
        return NUMBERED
    if ITEM_LABEL_RE.match(first):
        return LABELLED
    if LABEL_SENTENCE_RE.match(first):
        return SENTENCE
    return PLAIN


def _opens(form: str, norm: str, p: int, end: int, kind: str | None) -> bool:
    """Does an item of the body's form open at p? (A numbered line never opens a labelled item.)"""
    numbered = _numbered(norm[p:min(end, p + 12)], kind)
    if form == NUMBERED or numbered or _outline(norm, p, end):
        return form == NUMBERED and numbered is not None
    if form == LABELLED:
        return ITEM_LABEL_RE.match(norm, p, end) is not None
    if form == SENTENCE:
        return LABEL_SENTENCE_RE.match(norm, p, end) is not None
    return False


def _outline(norm: str, p: int, end: int) -> bool:
    """A section heading number (一、 (一) 第X章) at p: the text after the box, glued to its last line."""
    mk = markers.marker_at(norm, p, min(end, p + 12), indent=False)
    return mk is not None and mk.style in markers.OUTLINE


def _segments(t: Text, lines: list[Line], i: int, pos: int, form: str, kind: str | None) -> Iterator[Seg]:
    """The body from offset `pos` on line i: lines, split where a glued item or a paragraph opens."""
    blanks = 0
    while i < len(lines):
        ln = lines[i]
        a = max(pos, ln.span[0])
        if ln.blank or not t.norm[a:ln.span[1]].strip():
            blanks += 1
            i += 1
            continue
        b = ln.span[1]
        cur = a
        for m in BREAK_RE.finditer(t.norm, a, b):
            p = m.end()
            if form == SENTENCE and LABEL_ONLY_RE.fullmatch(t.norm, cur, m.start() + 1):
                continue                             # a label sentence is followed by its item's body
            if len(m.group("gap")) >= 2 or _opens(form, t.norm, p, b, kind) or _outline(t.norm, p, b) \
                    or GAPPED_LABEL_RE.match(t.norm, p, b):          # the next box, in the same line
                yield Seg(_strip(t.norm, cur, m.start() + 1), i, blanks)
                blanks, cur = 0, p
        yield Seg(_strip(t.norm, cur, b), i, blanks)
        blanks = 0
        i += 1


def _strip(norm: str, a: int, b: int) -> Span:
    while a < b and norm[a] in " \t":
        a += 1
    while b > a and norm[b - 1] in " \t":
        b -= 1
    return a, b


def _items(t: Text, lines: list[Line], i: int, pos: int) -> tuple[list[str], int, int]:
    """A list-style body from offset `pos` on line i: (item texts, index of the line after, end offset)."""
    first = _first_two(t, lines, i, pos)
    form = body_form(*first)
    start = _numbered(first[0]) or _numbered(first[1] or "")
    kind = start[0] if (form == NUMBERED and start) else None
    items: list[list[Span]] = []
    expect, spacing, end_line, end_pos = 1, [], i + 1, pos
    widths: list[int] = []                           # lengths of the wrapped lines so far
    for seg in _segments(t, lines, i, pos, form, kind):
        s = t.norm[seg.span[0]:seg.span[1]]
        if PAGE_NO_RE.match(s) and items:
            continue                                 # a page number of a PDF copy
        if GAPPED_LABEL_RE.match(s) or is_label(_line(t, seg)):
            break                                    # the next box
        opened = None
        if form == NUMBERED:
            num = _numbered(s, kind, expect)
            opened = num[2] if num else None
            if opened is None and GROUP_LINE_RE.match(s) and not seg.blanks:
                continue                             # "创新智慧养老服务：" above the next items
        elif form in (LABELLED, SENTENCE):
            opened = 0 if _opens(form, t.norm, seg.span[0], lines[seg.line].span[1], None) else None
            if opened is None and form == SENTENCE and items and not seg.blanks and _finished(t, items[-1]) \
                    and not heading(s) and not _numbered(s) and not _outline(t.norm, seg.span[0], seg.span[1]):
                opened = 0                           # a paragraph without its label sentence, as in a plain body
        elif not items or (not seg.blanks and _finished(t, items[-1])):
            opened = 0
        if opened is not None and not (form == PLAIN and items and is_strong((heading(s) or ("",))[0])):
            if len(items) >= 2 and seg.blanks > max(spacing):
                break                                # farther apart than the items: the next heading
            if items:
                spacing.append(seg.blanks)
            items.append([(seg.span[0] + opened, seg.span[1])])
            expect += 1
        elif items and not seg.blanks and not _finished(t, items[-1]) and not heading(s) and not _numbered(s):
            cut = _overlong(t.norm, seg.span, widths)
            items[-1].append((seg.span[0], cut or seg.span[1]))    # a wrapped line of an unfinished item
            if cut:
                end_line, end_pos = seg.line + 1, cut
                break
            if seg.span == strip_span(lines[seg.line]):
                widths.append(seg.span[1] - seg.span[0])
        else:
            break
        end_line, end_pos = seg.line + 1, seg.span[1]
    texts = ["".join(squeeze(t.out(a, b)) for a, b in sp) for sp in items]
    return texts, end_line, end_pos


WIDE = 1.35                                          # a line this much wider than the box's lines


def _overlong(norm: str, span: Span, widths: list[int]) -> int | None:
    """A hard-wrapped box (a PDF text layer) whose line runs far wider than its other lines: the page's
    text after the box was glued to its last line. Where the box ends (after the line's first sentence
    end), else None.

    >>> _overlong("母机、协作机器人等新型装备。聚力研发工业软件产品。推动装备制造商、高校、科研院", (0, 40),
    ...           [27, 28, 27, 26])
    14
    """
    if len(widths) < 4:
        return None
    usual = sorted(widths)[len(widths) // 2]
    if span[1] - span[0] <= WIDE * usual:
        return None
    m = FULL_STOP_RE.search(norm, span[0], span[1] - 1)
    return m.end() if m else None


def _finished(t: Text, item: list[Span]) -> bool:
    a, b = item[-1]
    return bool(SENTENCE_END_RE.search(t.norm, a, b))


def _line(t: Text, seg: Seg) -> Line:
    return Line(seg.span, t.norm[seg.span[0]:seg.span[1]])


def _first_two(t: Text, lines: list[Line], i: int, pos: int) -> tuple[str, str | None]:
    segs = _segments(t, lines, i, pos, PLAIN, None)
    texts = [t.norm[s.span[0]:s.span[1]] for _, s in zip(range(2), segs)]
    return texts[0] if texts else "", texts[1] if len(texts) > 1 else None


# ------------------------------------------------------------------ the box

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
        items, end, end_pos = _items(t, lines, i, head.body)
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
    if not _numbered(lines[body].text):
        parsed = parse_body(t, lines, body, in_box=True, warnings=warnings)
    if parsed is None:
        items, end, end_pos = _items(t, lines, body, lines[body].span[0])
        d.items = items
        return finish(t, lines, d, end if items else i + 1, end_pos if items else head_end)
    d.columns, d.column_types, d.rows = parsed.columns, parsed.types, parsed.rows
    d.row_spans, d.cell_spans = parsed.row_spans, parsed.cell_spans
    return finish(t, lines, d, parsed.end, parsed.end_pos)
