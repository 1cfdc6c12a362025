"""专栏 boxes and header-row tables, recovered from flattened text -> TableHit.

Reads: the normalised text of one document span. Writes: nothing. Raises: nothing on content.

A table starts at a "专栏N  title" line or at a header row (目标任务 / 工作措施 / 牵头单位 …, see
data/tables/columns.yaml). Its body reaches us in one of three flattened layouts (layouts.py), which all
become a sequence of *pieces* (cells.py). A Viterbi pass (align.py) assigns every piece to a column: it may
open a new cell in the current row, continue the cell before it (a cell broken across lines, a
multi-paragraph measure), or open a new row. body.py turns the assignment into rows (filling row-spanning
cells down); boxes.py reads 专栏 boxes, whose body may be numbered items (list-style: `items`, no rows).

Modules, bottom up: cells (lines, pieces, cell patterns, column types) < align (emission, transitions,
Viterbi) < headers (header rows, captions) < layouts (A/B/C -> pieces) < body (one table) < boxes (专栏)
< this module (where tables start; TableHit).
"""
from __future__ import annotations

from bisect import bisect_right

from ..diagnostics import Diagnostic
from ..records import Found, TableHit, Text
from ..spans import Span
from .body import Draft, parse_body
from .boxes import box, finish
from .cells import MAX_COLUMNS, Line, has_sep, is_header_cell, label_match, lines_of, strip_span, vocab
from .headers import strong_header, title_before
from .layouts import split_row


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
    v = vocab()
    cands = [m.start() for m in v["first_re"].finditer(t.norm, span[0], span[1])
             if v["start_re"].match(t.norm, m.start(), span[1])]
    if cands:
        lines = lines_of(t, span)
        starts = [ln.span[0] for ln in lines]
    else:
        lines, starts = [], []
    done = 0                                     # lines before this index belong to a table already
    for pos in cands:
        i = bisect_right(starts, pos) - 1
        if i < done or i < 0:
            continue
        ln = lines[i]
        m = label_match(ln)
        d = box(t, lines, i, m, warnings) if m else None
        if d is None:
            d = _header_table(t, lines, i, warnings, floor=done)
        if d is not None and drafts and d.start < drafts[-1].end_pos:
            d = None                             # two tables never overlap (defensive)
        if d is not None:
            drafts.append(d)
            done = max(d.end, i + 1)
    hits = []
    for n, d in enumerate(drafts, 1):
        hits.append(TableHit(
            id=f"tb{n}", label=d.label, title=d.title, columns=tuple(d.columns),
            rows=tuple(tuple(r) for r in d.rows), items=tuple(d.items),
            span=(d.start, d.end_pos),
            note=d.note, row_spans=tuple(d.row_spans), cell_spans=tuple(d.cell_spans or ())))
    return Found(tuple(hits), tuple(warnings))


def _header_table(t: Text, lines: list[Line], i: int, warnings: list[Diagnostic],
                  floor: int = 0) -> Draft | None:
    ln = lines[i]
    if not is_header_cell(ln.text) and not has_sep(ln):
        return None
    if has_sep(ln):
        cells = [p.text for p in split_row(ln)]
    else:
        cells, j = [], i
        while j < len(lines) and len(cells) < 2 * MAX_COLUMNS:
            if lines[j].blank:
                j += 1
                continue
            if not is_header_cell(lines[j].text):
                break
            cells.append(lines[j].text)
            j += 1
    if not strong_header(cells):
        return None
    parsed = parse_body(t, lines, i, in_box=False, warnings=warnings)
    if parsed is None:
        return None
    cols, rows, (spans, cells), end, end_pos = parsed
    if not rows:
        return None
    label, title, tj = title_before(t, lines, i, floor)
    start = strip_span(lines[tj])[0] if tj is not None else strip_span(ln)[0]
    d = Draft(label, title, start, cols, rows, spans, [], end, cell_spans=cells)
    return finish(t, lines, d, end, end_pos)
