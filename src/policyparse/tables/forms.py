"""A form without a header row: an annex's 申请表 / 登记表 whose cells are labels and the blanks beside them, in
groups under numbered category rows, printed one cell per line (layout C; SPEC §6, issue 14).

    国家某某平台接入申请表
    一、申请机构信息
      (a separator line)
    申请单位名称
      　  (an empty cell: the blank to fill in)
    申请单位类型
    ◻高校 ◻中等职业学校
    ◻其他
    二、联系人信息
    …

The caption ends in a form's name (data/tables/form_captions.txt) and the body opens with the first category
row ("一、…"). Each row is a label (short, no sentence) and its value (a blank, or the choices printed in it);
categories ("二、…", in sequence) fill down into a column of their own. The rows end where the cells stop
pairing up (a label left empty, a sentence, a value that is a category) or at the form's end. The form has no
header: its columns are "" (category, label, value).
"""
from __future__ import annotations

import re
from functools import cache

import regex

from .. import markers
from ..lexicons import alternation, load_list, std_re
from ..records import Text
from .body import Draft
from .boxes import finish
from .cells import Line, Piece, line_start, next_nonblank, squeeze, strip_span
from .headers import line_after
from .layouts import pieces_c

FIRST_WINDOW = 16               # lines of a form looked at first (three rows, their separators)
MAX_FORM_LINES = 600            # lines of one form read (bounded work per caption)
MAX_CAPTION = 40
MAX_LABEL = 30
MIN_ROWS = 3
SENTENCE_RE = regex.compile(r"[。;；!?！？]")


@cache
def _caption_end_re() -> re.Pattern:
    """A form's name closing a line (…申请表, …登记表): a literal alternation, found fast (by the standard
    library's `re`, lexicons.std_re: it searches an alternation of words 3x faster than `regex`, the same matches)."""
    return std_re("(?:%s)[ \\t]*(?=[\\r\\n]|\\Z)" % alternation(load_list("tables/form_captions.txt")))


def form_captions(norm: str, a: int, b: int) -> list[int]:
    """The starts of the lines inside [a, b) that may caption a form: short lines ending in a form's name."""
    out = []
    for m in _caption_end_re().finditer(norm, a, b):
        start = line_start(norm, m.start(), a, window=MAX_CAPTION + 16)
        if m.start() - start <= MAX_CAPTION + 8 and norm[start:m.start()].strip():
            out.append(start)
    return out


def form_table(t: Text, lines: list[Line], i: int, floor: int = 0) -> Draft | None:
    """The form whose caption is line i, or None."""
    j = next_nonblank(lines, i + 1)
    if j >= len(lines) or _category(lines[j].text.strip(), 1) is None:
        return None
    for size in (FIRST_WINDOW, MAX_FORM_LINES):   # a short look first: most captions head no such form
        window = lines[j:j + size]                # spans are offsets: a slice of the lines reads the same
        pieces, _ = pieces_c(window, 0, t.raw)
        rows, row_spans, cell_spans, k = _pairs(t, pieces)
        if k < len(pieces) - 1 or j + size >= len(lines) or len(rows) < MIN_ROWS:
            break
    if len(rows) < MIN_ROWS:
        return None
    end_pos = row_spans[-1][1]
    a, _ = strip_span(lines[i])
    d = Draft(None, squeeze(t.out(*strip_span(lines[i]))), a, ["", "", ""], rows, row_spans, [],
              line_after(lines, i, end_pos), cell_spans=cell_spans, column_types=["category", "name", "text"])
    return finish(t, lines, d, line_after(lines, i, end_pos), end_pos)


def _pairs(t: Text, pieces: list[Piece]):
    """Rows of (category, label, value) from the pieces, their spans, and how many pieces they took."""
    rows: list[list[str]] = []
    row_spans, cell_spans = [], []
    cat: Piece | None = None
    fresh = False                                 # the category was printed right above this row
    number, k = 1, 0
    while k < len(pieces):
        p = pieces[k]
        if _category(p.text, number) is not None:
            cat, fresh, number, k = p, True, number + 1, k + 1
            continue
        if k + 1 >= len(pieces) or not _label(p) or _category(pieces[k + 1].text, number) is not None \
                or cat is None:
            break
        v = pieces[k + 1]
        rows.append([squeeze(t.out(*cat.span)), _text(t, p), _text(t, v)])
        cell_spans.append((cat.span if fresh else None, p.span, v.span if v.text else None))
        row_spans.append((cat.span[0] if fresh else p.span[0], max(p.span[1], v.span[1])))
        fresh = False
        k += 2
    return rows, row_spans, cell_spans, k


def _category(s: str, number: int) -> int | None:
    """The category row numbered `number` ("二、联系人信息"), else None."""
    m = markers.marker_at(s, indent=False)
    if m is None or m.style != "cn_dun" or m.number != number or m.span[1] >= len(s) or SENTENCE_RE.search(s):
        return None
    return number


def _label(p: Piece) -> bool:
    return bool(p.text) and len(p.text) <= MAX_LABEL and not SENTENCE_RE.search(p.text)


def _text(t: Text, p: Piece) -> str:
    return "".join(squeeze(t.out(a, b)) for a, b in p.spans) if p.text else ""
