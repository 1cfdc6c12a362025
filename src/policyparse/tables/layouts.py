"""The three flattened layouts of a table body -> pieces (SPEC §1, §6).

  A  one row per line, cells separated by " | " or tabs;
  B  one cell per line behind a leading tab, rows separated by blank lines (a line without the tab
     continues the cell above: "2018年" / "基数");
  C  one cell per line with blank lines between cells and nothing marking the rows; an extra blank
     line stands for an empty cell, a row-spanning cell is printed only in its first row. A web or PDF
     copy may print the blank lines as lines of spaces and each empty cell as an ideographic space, on a
     line of its own or inside the separator line ("  \u3000  \u3000  ": two empty cells).
"""
from __future__ import annotations

import regex

from .. import markers
from .align import emission_of
from .categories import category_level
from .cells import (BREAK_AFTER_RE, CONTINUED_RE, MAX_WORK, NUMBER_RE, PLACEHOLDER_RE, SEP_RE, SPACE_RE,
                    Line, Piece, has_sep, heading, is_header_cell, is_label, is_note, is_strong, squeeze,
                    strip_span, style, units)
from .fillers import empty_cells, fillers_are_cells
from .headers import strong_header


# a Markdown table's alignment row under its header: "| --- | :---: | ---: |" (bounded)
MD_RULE_RE = regex.compile(r"""[ \t]{0,8} \|?                                  # an optional leading pipe
                               (?:[ \t]{0,4} :?-{3,40}:? [ \t]{0,4} \|){1,40}    # cells of dashes, each closed
                               (?:[ \t]{0,4} :?-{3,40}:? [ \t]{0,4})?            # the last, unclosed""",
                        regex.VERBOSE)


def split_row(line: Line, fixed_first: str = "row", borders: bool = True) -> list[Piece]:
    """Layout A: one line -> its cells. With `borders` (the table's header row is framed "| a | b |"),
    an outer "|" at either end opens or closes no cell; without, " | | c" starts with two empty cells."""
    s0, txt = line.span[0], line.text
    bounds = [0]
    if "\t" not in txt:                          # the usual " | " rows: plain string splitting
        pos = 0
        for part in txt.split("|")[:-1]:
            pos += len(part)
            bounds += (pos, pos + 1)
            pos += 1
    else:
        for m in SEP_RE.finditer(txt):
            bounds += (m.start(), m.end())
    bounds.append(len(txt))
    out: list[Piece] = []
    last = len(bounds) // 2 - 1
    for k in range(last + 1):
        a, b = bounds[2 * k], bounds[2 * k + 1]
        seg = txt[a:b]
        body = seg.strip()
        if not body and (k == 0 or k == last) and last > 0 and "|" in txt and (borders or not txt.strip()):
            continue
        lo = a + len(seg) - len(seg.lstrip())
        out.append(Piece(((s0 + lo, s0 + lo + len(body)),), squeeze(body), 0, "in"))
    if out:
        out[0] = out[0]._replace(fixed=fixed_first)
    return out


def layout_of(lines: list[Line], i: int) -> str:
    if i >= len(lines):
        return "C"
    if has_sep(lines[i]):
        return "A"
    if lines[i].text.startswith("\t"):
        return "B"
    return "C"


def pieces_a(lines: list[Line], i: int) -> tuple[list[list[Piece]], int]:
    """Rows of layout A from line i; returns (rows, index after the last row line)."""
    rows, end, borders = [], i, True
    while i < len(lines):
        ln = lines[i]
        if ln.blank:
            i += 1
            continue
        if CONTINUED_RE.match(ln.text) or MD_RULE_RE.fullmatch(ln.text):   # （续表）: the same table after a
            i += 1                                # page break; "| --- | :---: |": a Markdown copy's alignment row
            continue
        if rows and not has_sep(ln) and _category_line(lines, i, rows[0]):
            sp = strip_span(ln)                   # "一、改革投资审批等制度": a category row (categories.py)
            rows.append([Piece((sp,), squeeze(ln.text), 0, "cat")])
            i += 1
            end = i
            continue
        if not has_sep(ln) or is_label(ln):
            break
        if not rows:
            framed = ln.text.strip()
            borders = framed.startswith("|") and framed.endswith("|")   # (" |  | 总序号": empty cells, no frame)
        row = split_row(ln, borders=borders)
        if rows and _new_header(row, rows[0]):
            break                                 # the next table's header row, printed right after
        filled = [p for p in row if p.text]
        if rows and len(filled) == 1 and filled[0] is row[0] and category_level(row[0].text):
            row = [row[0]._replace(fixed="cat")]  # "一、… |  |  |": a category row printed as a row
        rows.append(row)
        i += 1
        end = i
    return rows, end


def _category_line(lines: list[Line], i: int, head: list[Piece]) -> bool:
    """Layout A: line i, printed without separators, is a category row of the table: a category's
    text (categories.py), and the next printed line is a row of the table (not another header)."""
    if not category_level(lines[i].text):
        return False
    j = i + 1
    while j < len(lines) and (lines[j].blank or CONTINUED_RE.match(lines[j].text)):
        j += 1
    if j >= len(lines) or not has_sep(lines[j]) or is_label(lines[j]):
        return False
    row = split_row(lines[j])
    return not _new_header(row, head) or _same_header(row, head)


def _same_header(row: list[Piece], head: list[Piece]) -> bool:
    return [SPACE_RE.sub("", p.text) for p in row] == [SPACE_RE.sub("", p.text) for p in head]


def _new_header(row: list[Piece], head: list[Piece]) -> bool:
    """Layout A: a row made of header words only, other than the table's own header (a repeat)."""
    texts = [p.text for p in row]
    return len(texts) >= 2 and all(is_header_cell(x) for x in texts) and strong_header(texts) \
        and [SPACE_RE.sub("", x) for x in texts] != [SPACE_RE.sub("", p.text) for p in head]


def pieces_b(lines: list[Line], i: int) -> tuple[list[list[Piece]], int]:
    """Row groups of layout B (tab cells, blank lines between rows) from line i."""
    rows: list[list[Piece]] = []
    cur: list[Piece] = []
    end = i
    after_blank = True
    while i < len(lines):
        ln = lines[i]
        if ln.blank and not (ln.text.startswith("\t") and (cur or _tab_cell_follows(lines, i))):
            if cur:
                rows.append(cur)
                cur = []
            after_blank = True
            i += 1
            continue
        if ln.text.startswith("\t"):              # a cell; a bare tab is an empty cell
            sp = strip_span(ln)
            txt = ln.text.strip()
            cur.append(Piece((sp,) if txt else ((ln.span[1], ln.span[1]),), squeeze(txt), 0,
                             "row" if not cur else "in"))
        elif cur and not after_blank and _continues_cell(lines, i, cur[-1]):
            # a broken cell goes on without its tab ("2018年" / "基数")
            last = cur[-1]
            cur[-1] = Piece(last.spans + (strip_span(ln),), last.text + squeeze(ln.text),
                            last.gap, last.fixed)
        elif rows and category_level(ln.text) and _tab_row_follows(lines, i):
            if cur:                               # "一、…" at the margin between tab rows: a category row
                rows.append(cur)
            rows.append([Piece((strip_span(ln),), squeeze(ln.text), 0, "cat")])
            cur = []
            after_blank = True
            end = i + 1
            i += 1
            continue
        else:
            break
        after_blank = False
        end = i + 1
        i += 1
    if cur:
        rows.append(cur)
    return rows, end


FRAGMENT_RE = regex.compile(r"^\p{Han}{1,3}$")     # the tail of a name broken across tab lines: "模"


def join_broken(r: list[Piece], types: list[str]) -> list[Piece] | None:
    """Layout B: a row block one cell longer than the columns, where a name cell was broken over two
    tab lines ("新型储能装机规" / "模" / "万千瓦" / "320"): the row with that cell joined, or None.

    The first piece must be an unfinished name (no number, no closing punctuation), the second a
    short fragment (not a unit word), and every cell after the joined one must fit its column type,
    with at least one unit or number column among them to vouch for the alignment.
    """
    n = len(types)
    if len(r) != n + 1:
        return None
    known = units()
    for k in range(n):
        a, b = r[k], r[k + 1]
        if types[k] not in ("name", "category", "text") or not a.text or not FRAGMENT_RE.match(b.text) \
                or b.text in known or NUMBER_RE.match(a.text) or PLACEHOLDER_RE.match(a.text) \
                or BREAK_AFTER_RE.search(a.text) or style(a.text) or len(a.text) > 24:
            continue
        rest = r[k + 2:]
        tail = types[k + 1:]
        if not any(t in ("unit", "number") for t in tail) \
                or not all(emission_of(p.text, t) > 0 for p, t in zip(rest, tail)):
            continue
        joined = Piece(a.spans + b.spans, a.text + b.text, a.gap, a.fixed)
        return r[:k] + [joined] + rest
    return None


def tab_separated(r: list[Piece], types: list[str]) -> list[list[Piece]] | None:
    """Layout B: a block whose rows are parted by tab-only lines instead of blank lines.

    A tab-only line is an empty cell, unless empty cells fall at every row boundary: at least two of
    them, each part between them exactly a row (or a row with one broken name cell, see join_broken).
    Returns the rows, or None when the empty cells are not such a consistent separator.
    """
    n = len(types)
    if sum(1 for p in r if not p.text) < 2:
        return None
    parts, cur = [], []
    for p in r:
        if p.text:
            cur.append(p)
        else:
            parts.append(cur)
            cur = []
    parts.append(cur)
    if not parts[0]:
        parts = parts[1:]                        # a separator before the first row
    if parts and not parts[-1]:
        parts = parts[:-1]                       # and after the last
    if len(parts) < 2 or not all(len(x) == n or (len(x) == n + 1 and join_broken(x, types))
                                 for x in parts):
        return None
    return [[x[0]._replace(fixed="row")] + x[1:] for x in parts]


def _continues_cell(lines: list[Line], i: int, prev: Piece) -> bool:
    """Layout B: whether line i, printed without the leading tab, goes on with the cell `prev`.

    Anything else ends the table: a 专栏 label, a note, a row of layout A, a section heading at the
    margin (一、 (一) 第X章 1.1; an item 1. (1) ① only when the cell itself is such a list), and
    body text after a finished cell (a number, or a sentence) that no tab cell follows.
    """
    ln = lines[i]
    if is_label(ln) or is_note(ln) or has_sep(ln) or CONTINUED_RE.match(ln.text):
        return False
    h = heading(ln.text)
    if h and (is_strong(h[0]) or style(prev.text) != h[0]):
        return False
    if _tab_cell_follows(lines, i):               # tab cells go on right after it: inside the row
        return True
    p, here = prev.text, ln.text.strip()
    if len(here) > 40 and len(p) <= 12:          # a paragraph after a short, finished cell
        return False
    return bool(p) and not NUMBER_RE.match(p) and not PLACEHOLDER_RE.match(p) \
        and not BREAK_AFTER_RE.search(p)


def _tab_row_follows(lines: list[Line], i: int) -> bool:
    """The next printed line after line i is a tab cell."""
    j = i + 1
    while j < len(lines) and lines[j].blank and not lines[j].text.startswith("\t"):
        j += 1
    return j < len(lines) and lines[j].text.startswith("\t") and bool(lines[j].text.strip())


def _tab_cell_follows(lines: list[Line], i: int) -> bool:
    """A bare-tab line opens a row (an empty first cell) when a tab cell follows directly."""
    return i + 1 < len(lines) and lines[i + 1].text.startswith("\t") and not lines[i + 1].blank


def pieces_c(lines: list[Line], i: int, raw: str | None = None) -> tuple[list[Piece], list[int]]:
    """Pieces of layout C from line i up to a hard stop (a label, a note, the next 附件); with the original
    text `raw`, also the empty cells that a web or PDF copy prints as ideographic spaces (_empty_cells)."""
    found: list[tuple[int, int, int | None]] = []     # (line index, blank lines before, empty cell's offset)
    blanks = 0
    fillers = raw is not None and fillers_are_cells(lines, i, raw)
    while i < len(lines) and len(found) < MAX_WORK // 4:
        ln = lines[i]
        empty = empty_cells(ln, raw) if fillers and ln.blank else ()
        if ln.blank and not empty:
            blanks += 1
            i += 1
            continue
        if found and (is_label(ln) or is_note(ln) or APPENDIX_LABEL_RE.match(ln.text.strip())):
            break                                 # "附件4", "附3", "附表2" above the next form: a new part
        if CONTINUED_RE.match(ln.text):           # （续表）: the table goes on after a page break
            i += 1
            continue
        for pos in empty or (None,):              # a line of empty cells gives one piece per cell
            found.append((i, blanks, pos))
            blanks = 0
        i += 1
    # the usual spacing, from cells printed between plain separators (an empty cell's line is its separator too)
    gaps = [b for n, (_, b, pos) in enumerate(found[1:60], 1) if pos is None and found[n - 1][2] is None]
    usual = max(set(gaps), key=lambda g: (gaps.count(g), -g)) if gaps else 0
    pieces: list[Piece] = []
    kept: list[int] = []
    for n, (li, b, pos) in enumerate(found):
        gap = 0 if n == 0 else max(0, b - usual)
        if pos is not None:                       # an empty cell: no text, a zero-width span where it is printed
            pieces.append(Piece(((pos, pos),), "", gap))
            kept.append(li)
            continue
        ln = lines[li]
        if n and usual >= 1 and b == 0 and found[n - 1][2] is None \
                and _indent(ln.text) == _indent(lines[found[n - 1][0]].text) \
                and not is_header_cell(ln.text):  # cells a blank line apart: a line right below another at its
            prev = pieces[-1]                     # margin goes on with its cell ("本标准规定了…。" / "本标准适用于…。")
            pieces[-1] = Piece(prev.spans + (strip_span(ln),), prev.text + squeeze(ln.text), prev.gap)
            continue
        pieces.append(Piece((strip_span(ln),), squeeze(ln.text), gap))
        kept.append(li)
    return _join_open_lists(*_join_lead_ins(pieces, kept))


def _join_open_lists(pieces: list[Piece], kept: list[int]) -> tuple[list[Piece], list[int]]:
    """Layout C: a cell that ends in a list comma goes on in the next piece, however the copy spaced them (a unit
    list broken over a blank line: "区绿化市容局、" / "区农业农村委").

    >>> ps = [Piece(((0, 1),), x) for x in ("9", "各街镇", "区绿化市容局、", "区农业农村委", "2019年")]
    >>> [p.text for p in _join_open_lists(ps, [0, 1, 2, 3, 4])[0]]
    ['9', '各街镇', '区绿化市容局、区农业农村委', '2019年']
    """
    if not any(p.text.endswith("、") for p in pieces):
        return pieces, kept
    out: list[Piece] = []
    out_kept: list[int] = []
    for p, k in zip(pieces, kept):
        if out and out[-1].text.endswith("、") and p.text and not p.text.isdigit():
            prev = out[-1]
            out[-1] = Piece(prev.spans + p.spans, prev.text + p.text, prev.gap, prev.fixed)
            continue
        out.append(p)
        out_kept.append(k)
    return out, out_kept


LEAD_IN_MAX = 20                    # characters of a cell's lead-in ("示例：", "包括：")


def _join_lead_ins(pieces: list[Piece], kept: list[int]) -> tuple[list[Piece], list[int]]:
    """Layout C: a short lead-in ending in a colon ("示例：") and the numbered list under it (1. … 2. …,
    in sequence from 1, one style) are one cell, however the copy spaced them.

    >>> ps = [Piece(((0, 1),), x) for x in ("1", "示例：", "1. 模式创新", "2. ……", "2")]
    >>> [p.text for p in _join_lead_ins(ps, [0, 1, 2, 3, 4])[0]]
    ['1', '示例：1. 模式创新2. ……', '2']
    """
    if not any(p.text.endswith((":", "：")) for p in pieces):
        return pieces, kept
    out: list[Piece] = []
    out_kept: list[int] = []
    k = 0
    while k < len(pieces):
        p = pieces[k]
        e = k + 1
        if p.text.endswith((":", "：")) and len(p.text) <= LEAD_IN_MAX:
            first = markers.marker_at(pieces[e].text, indent=False) if e < len(pieces) else None
            if first is not None and first.number == 1 and first.style in markers.ITEMS:
                want = 2
                e += 1
                while e < len(pieces) and (m := markers.marker_at(pieces[e].text, indent=False)) \
                        and m.style == first.style and m.number == want:
                    want += 1
                    e += 1
                p = Piece(sum((q.spans for q in pieces[k:e]), ()), "".join(q.text for q in pieces[k:e]), p.gap)
        out.append(p)
        out_kept.append(kept[k])
        k = e
    return out, out_kept


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


APPENDIX_LABEL_RE = regex.compile(r"附(?:件|表)?\s{0,3}\d{1,2}(?:[-－—–]\d{1,2})?$")   # 附件4 / 附2 / 附件4-2
