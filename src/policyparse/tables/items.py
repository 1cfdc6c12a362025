"""List-style box bodies: the items of a 专栏 whose body is a list, not a table.

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
from typing import NamedTuple

import regex

from .. import markers
from ..records import Text
from ..spans import Span
from ..spans import strip_span as trim_span
from .cells import GAPPED_LABEL_RE, Line, heading, is_label, is_strong, item_marker, squeeze, strip_span

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


def numbered_item(s: str, kind: str | None = None, number: int | None = None):
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
    if numbered_item(first) or (second is not None and GROUP_LINE_RE.match(first) and numbered_item(second)):
        return NUMBERED
    if ITEM_LABEL_RE.match(first):
        return LABELLED
    if LABEL_SENTENCE_RE.match(first):
        return SENTENCE
    return PLAIN


def item_opens(form: str, norm: str, p: int, end: int, kind: str | None) -> bool:
    """Does an item of the body's form open at p? (A numbered line never opens a labelled item.)"""
    numbered = numbered_item(norm[p:min(end, p + 12)], kind)
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
            if len(m.group("gap")) >= 2 or item_opens(form, t.norm, p, b, kind) or _outline(t.norm, p, b) \
                    or GAPPED_LABEL_RE.match(t.norm, p, b):          # the next box, in the same line
                yield Seg(trim_span(t.norm, (cur, m.start() + 1), " \t"), i, blanks)
                blanks, cur = 0, p
        yield Seg(trim_span(t.norm, (cur, b), " \t"), i, blanks)
        blanks = 0
        i += 1


def read_items(t: Text, lines: list[Line], i: int, pos: int) -> tuple[list[str], int, int]:
    """A list-style body from offset `pos` on line i: (item texts, index of the line after, end offset)."""
    first = _first_two(t, lines, i, pos)
    form = body_form(*first)
    start = numbered_item(first[0]) or numbered_item(first[1] or "")
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
            num = numbered_item(s, kind, expect)
            opened = num[2] if num else None
            if opened is None and GROUP_LINE_RE.match(s) and not seg.blanks:
                continue                             # "创新智慧养老服务：" above the next items
        elif form in (LABELLED, SENTENCE):
            opened = 0 if item_opens(form, t.norm, seg.span[0], lines[seg.line].span[1], None) else None
            if opened is None and form == SENTENCE and items and not seg.blanks and _finished(t, items[-1]) \
                    and not heading(s) and not numbered_item(s) and not _outline(t.norm, seg.span[0], seg.span[1]):
                opened = 0                           # a paragraph without its label sentence, as in a plain body
        elif not items or (not seg.blanks and _finished(t, items[-1])):
            opened = 0
        if opened is not None and not (form == PLAIN and items and is_strong((heading(s) or ("",))[0])):
            gap = 1 if form == NUMBERED and kind is not None and not is_strong(kind) else 0
            if len(items) >= 2 and seg.blanks > max(*spacing, gap):
                break                                # farther apart than the items: the next heading (one
                                                     # blank line before the next item number 3. is a paragraph
                                                     # gap; before an outline number 三、 it ends the box)
            if items:
                spacing.append(seg.blanks)
            items.append([(seg.span[0] + opened, seg.span[1])])
            expect += 1
        elif items and not seg.blanks and not _finished(t, items[-1]) and not heading(s) and not numbered_item(s):
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
