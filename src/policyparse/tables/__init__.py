"""专栏 boxes and header-row tables, recovered from flattened text -> TableHit.

Reads: the normalised text of one document span. Writes: nothing. Raises: nothing on content.

A table starts at a "专栏N  title" head (at a line's start, or after a sentence end in a copy that lost its
line breaks) or at a header row (目标任务 / 工作措施 / 牵头单位 …, see data/tables/columns.yaml). Its body
reaches us in one of several flattened layouts: A (" | " or tab rows), B (tab cells), C (one cell per line)
-- all three become *pieces* that a Viterbi pass assigns to columns --, D (cells run together by a
crawl), read by its running numbers, E (a numbered list parted by single spaces), F (a standards list, its
cells read by their grammar from the row's ends) or G (measured values parted by single spaces, measured.py).
An annex may be a table: 附件N, its title, then a header row (two header cells suffice there). Category rows
("一、…（共5项）") become a filled-down column of their own. A box's body may instead be items (list-style: `items`,
no rows).

Each TableHit hands on, besides the contract fields, `column_types` (one of cells.TYPES per column:
serial/org/date/unit/number/category/name/text), `row_spans` and `cell_spans` (where each cell is printed;
None when filled down), so that later stages need not type the columns again.

Modules, bottom up:
  cells       lines and pieces, cell patterns, column types from the header words, heading numbers
  align       emission and continuation scores, transitions, the Viterbi pass, layout C's consistent prefix
  headers     header runs, header cells broken across lines, repeated headers, the caption above a header
  categories  category rows: what one is, pulling them out of the pieces, filling them down
  fillers     the empty cells of layout C (ideographic spaces on lines of their own, in separators, between tabs)
  layouts     layouts A, B, C -> pieces
  body        one table body: header, pieces, alignment, fill-down, rows and spans
  glued       layout D: glued header words, text rows and indicator rows of a crawl
  attributes  layout D's indicator table closing with its 属性 column (约束性 / 预期性)
  spaced      layout E: a numbered two-column list printed with single spaces (a PDF copy)
  forms       a form without a header row: labels and blanks under category rows (申请表)
  measured    layout G: a technical table of measured values, one row a line, cells parted by single spaces
  blocks      layout C's rows as blocks parted by blank lines (a directory under counted category rows)
  grids       a form's grid beside a spanning first column: prompts and blanks, rows read from the empty cells
  standards   layout F: a standards list, one row a line, cells read by their grammar (a PDF copy)
  stdcells    layout F's header words and cell grammar (data/tables/standards.yaml)
  boxes       专栏 heads (label, title glued or not) and list-style bodies (numbered, labelled, plain)
  __init__    where tables start; header-row and glued tables; TableHit
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

import regex

from ..diagnostics import Diagnostic
from ..lexicons import alternation
from ..records import Found, TableHit, Text
from ..spans import Span
from .body import Draft, parse_body
from .categories import first_counted
from .boxes import after_sentence, box, finish, gapped_labels, unlabelled_box, unlabelled_heads
from .cells import BOX_PREFIXES, MAX_COLUMNS, SPACE_RE, Line, columns, has_sep, is_header_cell, lines_of, strip_span
from .glued import header_at, parse_glued
from .headers import (annex_header, annex_heads, form_run, line_after, noted_heads, numbered_rows, strong_header,
                      title_before)
from .layouts import split_row
from .forms import form_captions, form_table
from .captioned import caption_heads, captioned_table
from .measured import measured_heads, measured_table
from .rowruns import row_run_heads
from .spaced import spaced_table
from .standards import header_start, standards_heads, standards_table


NONSPACE_RE = regex.compile(r"\S")


@cache
def _starts() -> tuple[tuple[re.Pattern, re.Pattern], regex.Pattern]:
    """Where a table can open: (a cheap first pass -- a line whose first two characters could start a header
    word or 专栏 --, then the check: a 专栏 label, or a header word that stands alone on its line or is
    followed by a cell separator). Bounded runs only."""
    words = columns().words
    # the first two characters of what can open a table (a header word, a glued header's first word -- letter-spaced
    # or not --, a box label), as the first pass asks them
    heads = {w[:2] for w in (*words, *columns().start, *BOX_PREFIXES, "专栏", "序号", "编号")}
    first = r"[ \t|]{0,8}(?:" + "|".join(sorted(
        regex.escape(h[0]) + (r"[ ]{0,4}" + regex.escape(h[1]) if len(h) > 1 else "") for h in heads)) + ")"
    # (compiled by the standard library's `re`, which finds ^ after \n far faster than `regex`: 3 893 -> 1 045
    # candidate lines and 0.53 -> 0.39 s for the stage over the real corpus; literal characters only, the same
    # matches. A text with a \r in it also needs lines that start after a lone \r: the look-behind, slower in `re`,
    # is added only then.)
    first_re = re.compile(r"^" + first, re.MULTILINE), re.compile(r"(?:^|(?<=\r))" + first, re.MULTILINE)
    start_re = regex.compile(
        r"[ \t|]{0,8}(?:(?:" + "|".join(BOX_PREFIXES) + ")?专栏|"
        + alternation(words) + r"(?:[ \t]{0,8}(?=[\r\n]|\Z)|[ ]{0,4}[|\t])"
        + r"|(?:序号|编号)[ \u3000]{1,4}\p{Han})")     # layout E: "序号 检测项目" (spaced.py)
    return first_re, start_re


def parse_tables(t: Text, span: Span) -> Found[TableHit]:
    """Every 专栏 box and header-row table inside `span` (one document).

    >>> txt = "专栏1  主要目标\\n\\t指标\\n\\t2018年\\n基数\\n\\n\\t服务业增加值\\n\\t10656\\n\\n正文。"
    >>> hit = parse_tables(Text(txt, txt), (0, len(txt))).items[0]
    >>> hit.label, hit.title, hit.columns, hit.rows
    ('专栏1', '主要目标', ('指标', '2018年基数'), (('服务业增加值', '10656'),))
    """
    try:
        return _parse_tables(t, span)
    except RecursionError:      # pragma: no cover - defensive; content must never raise
        return Found(())


def _parse_tables(t: Text, span: Span) -> Found[TableHit]:
    drafts: list[Draft] = []
    warnings: list[Diagnostic] = []
    # Only lines that can open a table are looked at: one regex pass finds them.
    (lf_first, cr_first), start_re = _starts()
    first_re = cr_first if t.norm.find("\r", span[0], span[1]) >= 0 else lf_first
    cands = [m.start() for m in first_re.finditer(t.norm, span[0], span[1])
             if start_re.match(t.norm, m.start(), span[1]) or _glued_header(t.norm, m.start(), span[1])]
    std = standards_heads(t.norm, *span)
    forms = form_captions(t.norm, *span)
    unlabelled = unlabelled_heads(t.norm, *span)
    annexes = annex_heads(t.norm, *span)
    measured = measured_heads(t.norm, *span)
    runs = row_run_heads(t.norm, span)          # a header of words not known, over rows of its number of cells
    captions = caption_heads(t.norm, *span)      # ... or under a caption, one cell a line (captioned.py)
    cands += noted_heads(t.norm, *span)          # a form's header opening with a cell and its fill-in note
    if cands or std or forms or unlabelled or annexes or measured or runs or captions \
            or "专栏" in t.norm[span[0]:span[1]]:
        lines = lines_of(t, span)
        starts = [ln.span[0] for ln in lines]
    else:
        lines, starts = [], []
    done, done_pos = 0, span[0]                  # lines before `done`, text before `done_pos`: in a table
    codes: dict[str, str] = {}                   # a standards system's category codes, named once per document
    heads = [(pos, False, "", -1) for pos in cands] + [(pos, True, "", -1) for pos in gapped_labels(t.norm, *span)]
    heads += [(pos, False, "rows", -1) for pos in runs]      # (read as rows before any reader of its words)
    for pos in std:                              # a standards list: from its header's first line (layout F)
        i = bisect_right(starts, pos) - 1
        if (first := header_start(lines, i)) is not None:
            heads.append((lines[first].span[0], False, "std", i))
    heads += [(pos, False, "form", -1) for pos in forms]      # a form of labels and blanks under its caption
    heads += [(pos, False, "box", -1) for pos in unlabelled]  # a box printed without its 专栏 label
    for pos in annexes:                          # an annex that is a table: its header row under its title
        if (h := annex_header(lines, bisect_right(starts, pos) - 1)) is not None:
            heads.append((lines[h].span[0], False, "annex", h))
    heads += [(pos, False, "measured", -1) for pos in measured]   # rows of measured values (layout G)
    heads += [(pos, False, "captioned", -1) for pos in captions]  # a caption over cells that line up
    for pos, midline, kind, std_line in sorted(heads, key=lambda h: (h[0], not h[2])):
        i = bisect_right(starts, pos) - 1
        if i < 0 or pos < done_pos or (i < done and not midline):
            continue
        if midline and not (after_sentence(t.norm, pos, lines[i].span[0])
                            or not NONSPACE_RE.search(t.norm, done_pos, pos)):   # right after a glued table
            continue
        d = _draft(t, lines, kind, i, pos, std_line, midline, done, codes, warnings)
        if d is not None and drafts and d.start < drafts[-1].end_pos:
            d = None                             # two tables never overlap (defensive)
        if d is not None:
            drafts.append(d)
            done, done_pos = max(d.end, i + 1), d.end_pos
    hits = []
    for n, d in enumerate(drafts, 1):
        hits.append(TableHit(
            id=f"tb{n}", label=d.label, title=d.title, columns=tuple(d.columns),
            rows=tuple(tuple(r) for r in d.rows), items=tuple(d.items),
            span=(d.start, d.end_pos),
            note=d.note, row_spans=tuple(d.row_spans), cell_spans=tuple(d.cell_spans or ()),
            column_types=tuple(d.column_types or ())))
    return Found(tuple(hits), tuple(warnings))


def _draft(t: Text, lines: list[Line], kind: str, i: int, pos: int, std_line: int, midline: bool, done: int,
           codes: dict[str, str], warnings: list[Diagnostic]) -> Draft | None:
    """The table a head of `kind` opens at line i (offset pos), or None."""
    if kind == "form":
        return form_table(t, lines, i, floor=done)
    if kind == "box":
        return unlabelled_box(t, lines, i)
    if kind == "annex":
        return _header_table(t, lines, i, warnings, floor=done, annex=True)
    if kind == "measured":
        return measured_table(t, lines, i)
    if kind == "captioned":
        return captioned_table(t, lines, i)
    if kind == "rows":
        return _header_table(t, lines, i, warnings, floor=done, shaped=True)
    if kind == "std":
        d = standards_table(t, lines, std_line, floor=done, known=codes)
    else:
        d = box(t, lines, i, pos, warnings, midline=midline)
    if d is None and not midline:                # a header-row table where no list or box reads
        d = _header_table(t, lines, i, warnings, floor=done)
    return d


def _header_above(lines: list[Line], i: int, floor: int) -> int:
    """Layout C: a header cell that no word list names opens the header a line (or a blank line) above the one a
    header word opened ("任务类型" / "序号" / "工作任务" / "推进单位": 任务类型 is read by its typed ending)."""
    if has_sep(lines[i]) or lines[i].text.startswith("\t"):
        return i
    j = i - 1
    while j > floor and j >= i - 2 and lines[j].blank:
        j -= 1
    txt = lines[j].text.strip() if j > floor and not lines[j].blank else ""
    words = columns().words
    return j if txt and txt.replace(" ", "") not in words and is_header_cell(txt) else i


def _lead_category(lines: list[Line], i: int, floor: int) -> Line | None:
    """The first category row of a directory printed right above its one-cell-a-line header (layout C), each
    category above the header again ("一、稳就业促就业类（6家）" / "序号" / "服务商名称" …): one table."""
    j = i - 1
    while j > floor and lines[j].blank:
        j -= 1
    if j < max(floor, 0) or has_sep(lines[i]) or lines[i].text.startswith("\t"):
        return None
    return lines[j] if first_counted(lines[j].text) else None


def _glued_header(norm: str, pos: int, end: int) -> bool:
    """A line led by three header words run together, the first one that opens a table (序号改革举措主要内容)."""
    p = pos
    while p < end and norm[p] in " \t|":
        p += 1
    if not _start_word_re().match(norm, p, min(end, p + 120)):
        return False                             # a cheap look first: most lines open with no such word
    run = header_at(norm, p, min(end, p + 120))
    return len(run) >= 3 and SPACE_RE.sub("", norm[run[0][0]:run[0][1]]) in columns().start


@cache
def _start_word_re() -> regex.Pattern:
    """A word that opens a table (columns' `start`), letter-spaced or not, as header_at reads it."""
    return regex.compile("|".join(r"[ ]{0,4}".join(map(regex.escape, w))
                                  for w in sorted(columns().start, key=lambda w: (-len(w), w))))


def _glued_table(t: Text, lines: list[Line], i: int, floor: int) -> Draft | None:
    """A header-row table whose cells a crawl ran together (glued.py), from line i."""
    ln = lines[i]
    a, _ = strip_span(ln)
    g = parse_glued(t, a, lines[-1].span[1])
    if g is None or not g.rows:
        return None
    label, title, tj = title_before(t, lines, i, floor)
    start = strip_span(lines[tj])[0] if tj is not None else a
    d = Draft(label, title, start, g.columns, g.rows, g.row_spans, [], i + 1, cell_spans=g.cell_spans,
              column_types=g.types)
    return finish(t, lines, d, line_after(lines, i, g.end_pos), g.end_pos)


def _header_table(t: Text, lines: list[Line], i: int, warnings: list[Diagnostic],
                  floor: int = 0, annex: bool = False, shaped: bool = False) -> Draft | None:
    """A header-row table from line i; `shaped`: rows of its number of cells follow (rowruns.py), so the header
    needs no known words."""
    i = _header_above(lines, i, floor)
    ln = lines[i]
    if (d := spaced_table(t, lines, i, floor)) is not None:
        return d
    if _glued_header(t.norm, ln.span[0], ln.span[1]):
        return _glued_table(t, lines, i, floor)
    if not is_header_cell(ln.text) and not has_sep(ln):
        return None
    form, texts = 0, []
    if has_sep(ln):
        cells = [p.text for p in split_row(ln)]
    else:
        j = i                                    # the next lines' texts (bounded: a header and two rows)
        while j < len(lines) and len(texts) <= 2 * MAX_COLUMNS + 1:
            if not lines[j].blank:
                texts.append(lines[j].text)
            j += 1
        k = next((n for n, x in enumerate(texts[:MAX_COLUMNS + 1]) if not is_header_cell(x)),
                 min(len(texts), MAX_COLUMNS + 1))
        form = form_run(texts[:MAX_COLUMNS + 1])  # a numbered form: every cell before its first row
        cells = texts[:max(k, form)]
        if form > k and sum(map(is_header_cell, cells)) >= 2:
            cells = cells[:1] + [c for c in cells[1:] if is_header_cell(c)]   # 序号 and a row "1" below it: the
                                                                                 # header words it has suffice
    if not shaped and not strong_header(cells, annex=annex) and not (form and numbered_rows(texts, form)):
        return None
    lead = _lead_category(lines, i, floor)
    parsed = parse_body(t, lines, i, in_box=False, warnings=warnings, lead=lead)
    if parsed is None:
        return None
    if not parsed.rows and not parsed.blank_rows:     # a blank form keeps its header
        return None
    label, title, tj = title_before(t, lines, i, floor) if lead is None else (None, None, None)
    start = strip_span(lines[tj])[0] if tj is not None else strip_span(lead or ln)[0]
    d = Draft(label, title, start, parsed.columns, parsed.rows, parsed.row_spans, [], parsed.end,
              cell_spans=parsed.cell_spans, column_types=parsed.types)
    return finish(t, lines, d, parsed.end, parsed.end_pos)
