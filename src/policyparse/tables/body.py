"""One table body: header and pieces from its layout, the alignment, fill-down, the rows and their spans."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ..diagnostics import Code, Diagnostic
from ..records import Text
from ..spans import Span
from .align import Aligner, consistent_prefix, fixed_rows
from .categories import category_columns, category_level, fill, pull_categories
from .cells import (FILL_DOWN, MAX_COLUMNS, MAX_WORK, SPACE_RE, Line, Piece, column_type, squeeze,
                    strip_span)
from .blocks import block_rows
from .grids import grid_rows
from .headers import before_heading, drop_repeats, header_run, join_header, line_after, next_header
from .layouts import join_broken, layout_of, pieces_a, pieces_b, pieces_c, tab_separated


@dataclass
class Draft:
    label: str | None
    title: str | None
    start: int
    columns: list[str]
    rows: list[list[str]]
    row_spans: list[Span]
    items: list[str]
    end: int                     # index of the line after the table
    note: str | None = None
    end_pos: int = 0             # offset after the table's last printed character
    cell_spans: list = None      # per row, per column: where the cell is printed
    column_types: list = None    # per column: its type (cells.TYPES)


class Body(NamedTuple):
    """A table body as read: header texts and their types, rows with their spans, where it ends."""
    columns: list[str]
    types: list[str]
    rows: list[list[str]]
    row_spans: list[Span]
    cell_spans: list
    end: int                     # index of the line after the table
    end_pos: int                 # offset after its last printed character
    blank_rows: int = 0          # rows of empty cells only (a blank form's lines to fill in): not kept as rows


def cell_text(t: Text, pieces: list[Piece]) -> str:
    if len(pieces) == 1 and len(pieces[0].spans) == 1:
        a, b = pieces[0].spans[0]
        return squeeze(t.raw[a:b])
    return "".join(squeeze(t.out(a, b)) for p in pieces for a, b in p.spans)


@dataclass
class _Row:
    texts: list[str]
    span: Span
    cells: list[Span | None]  # where each column's cell is printed (None: not printed in this row)
    cols: list[int]          # columns that received a piece
    gap_after: int           # extra blank lines after the row's last piece (empty-cell hints)
    gaps_inside: int
    first: int = 0           # index of its first piece


def _rows_from_assignment(t: Text, pieces: list[Piece], path, n: int) -> list[_Row]:
    out = []
    k, m = 0, len(path)
    while k < m:
        r = path[k][0]
        cells: list[list[Piece]] = [[] for _ in range(n)]
        e = k
        while e < m and path[e][0] == r:
            cells[path[e][1]].append(pieces[e])
            e += 1
        texts = [cell_text(t, c) if c else "" for c in cells]
        real = [p.span for p in pieces[k:e] if p.spans[0][1] > p.spans[0][0]] or [pieces[k].span]
        where = [(c[0].span[0], c[-1].span[1]) if c and c[0].text else None for c in cells]
        out.append(_Row(texts, (real[0][0], max(y for _, y in real)), where, [c for c in range(n) if cells[c]],
                        pieces[e].gap if e < len(pieces) else 0, sum(p.gap for p in pieces[k + 1:e]), k))
        k = e
    return out


def _align(t: Text, pieces: list[Piece], types: list[str], header: list[str], *, free: bool,
           warnings: list[Diagnostic]):
    """Pieces -> rows of cell texts (filled down, repeated headers dropped), row spans, end offset.

    `free` (layout C): a cell printed only in the first of the rows it spans is filled down into the
    rows that leave it out at their start or end; an extra blank line marks a truly empty cell.
    Layouts A and B print empty cells, so only category columns are filled down there.
    """
    n = len(types)
    if not pieces or not n:
        return [], ([], [], []), 0
    if free:
        # Layout C runs on until the text stops looking like the table. Align a window, keep the
        # consistent prefix; widen the window only while the whole of it still fits.
        aligner = Aligner(pieces, types)
        window = 512
        while True:
            part = pieces[:window]
            path = aligner.path(len(part))
            used = consistent_prefix(part, path, types)
            last_row = next(k for k, (r, _, _) in enumerate(path) if r == path[-1][0])
            if window >= len(pieces) or used < last_row:    # the window's last row may be cut short
                break
            window *= 4
        pieces = pieces[:used]
        if used < len(part):
            path = aligner.path(used)
    else:
        path = fixed_rows(pieces, types)
    built = _rows_from_assignment(t, pieces, path, n) if pieces else []
    hfold = [SPACE_RE.sub("", h) for h in header]
    rows: list[list[str]] = []
    spans: list[Span] = []
    cell_spans: list[tuple[Span | None, ...]] = []
    firsts: list[int] = []
    for row in built:
        texts = row.texts
        folded = [SPACE_RE.sub("", x) for x in texts]
        if hfold and sum(1 for a, b in zip(folded, hfold) if a and a == b) >= max(2, (2 * n + 2) // 3):
            continue                                   # header repeated after a page break
        prev = rows[-1] if rows else None
        first, last = row.cols[0], row.cols[-1]
        if free:
            inner = [c for c in range(first, last + 1) if c not in row.cols]
            trailing = list(range(last + 1, n))
            if prev is not None:
                for c in range(first):                 # printed in an earlier row only
                    texts[c] = texts[c] or prev[c]
                for c in inner:                        # a cell spanning rows right after the running number
                    if all(types[d] == "serial" for d in range(first, c) if d in row.cols) and not texts[c]:
                        texts[c] = prev[c]             # ("2" / (加强组织领导) / 将…纳入…): printed in the first
                inner = [c for c in inner if not texts[c]]     # of its rows only
                if trailing and row.gap_after == 0:    # merged cells at the row's end
                    for c in trailing:
                        texts[c] = prev[c]
            if inner and row.gaps_inside < len(inner):
                warnings.append(Diagnostic(Code.TABLE_RAGGED,
                                           f"table row has no cell for column(s) {', '.join(header[c] for c in inner)}",
                                           row.span))
        else:
            if prev is not None:
                for c in range(n):
                    if not texts[c] and types[c] in FILL_DOWN and all(
                            texts[d] == "" or types[d] in FILL_DOWN for d in range(c)):
                        texts[c] = prev[c]
            lead_fill = 0
            while lead_fill < first and types[lead_fill] in FILL_DOWN:
                lead_fill += 1
            if len(row.cols) + lead_fill < n:
                warnings.append(Diagnostic(Code.TABLE_RAGGED,
                                           f"table row has {len(row.cols)} of {n} cells", row.span))
        rows.append(texts)
        spans.append(row.span)
        cell_spans.append(tuple(row.cells))
        firsts.append(row.first)
    end = pieces[-1].span[1] if pieces else 0
    return rows, (spans, cell_spans, firsts), end


def _fixed(t: Text, rows_of: list[list[Piece]], n: int, skip: int = 0, starts: list[int] | None = None):
    """Rows already parted (a grid's, a block's) as _align returns them: `skip` leading columns empty (a grid's
    spanning first column), each row's pieces in the columns after them, the rest empty; `starts`, the index of
    each row's first piece among the pieces read (when a row joined some)."""
    rows, spans, cell_spans, firsts, k = [], [], [], [], 0
    for r, row in enumerate(rows_of):
        pad = n - skip - len(row)
        rows.append([""] * skip + [cell_text(t, [p]) if p.text else "" for p in row] + [""] * pad)
        printed = [p.span for p in row if p.text]
        spans.append((printed[0][0], printed[-1][1]))
        cell_spans.append((*(None,) * skip, *(p.span if p.text else None for p in row), *(None,) * pad))
        firsts.append(starts[r] if starts else k)
        k += len(row)
    return rows, (spans, cell_spans, firsts), spans[-1][1]      # after the last printed cell


def parse_body(t: Text, lines: list[Line], i: int, *, in_box: bool, warnings: list[Diagnostic],
               lead: Line | None = None):
    """Columns, rows, row spans and the index after the table, for a body starting at line i; `lead`, a
    category row printed above the header (layout C: its first category; the header repeats under the next).

    Returns None when no table can be read there.
    """
    layout = layout_of(lines, i)
    if layout == "A":
        rows, end = pieces_a(lines, i)
        if not rows:
            return None
        header = rows[0]                         # cells are delimited: never joined across " | " / tab
        data = rows[1:]
        pieces = [p for r in data for p in r]
    elif layout == "B":
        rows, end = pieces_b(lines, i)
        if not rows:
            return None
        k = header_run(rows[0])
        if 2 <= k < len(rows[0]):                # no blank line after the header: rows unmarked too
            rows = [rows[0][:k], rows[0][k:]] + rows[1:]
        header = join_header(rows[0])
        n_head = len(header)
        htypes = [column_type(squeeze(h.text), last=(c == n_head - 1)) for c, h in enumerate(header)]
        groups = []
        for r in rows[1:]:
            groups += tab_separated(r, htypes) or [r]
        groups = [join_broken(r, htypes) or r if len(r) == n_head + 1 else r for r in groups]
        pieces = []
        for r in groups:
            if len(r) == 1 and n_head >= 2 and category_level(r[0].text):
                r = [r[0]._replace(fixed="cat")]  # a row of one cell "一、…": a category row
            if len(r) > n_head:                  # several rows in one group: let the pass find them
                r = [r[0]._replace(fixed="row")] + [p._replace(fixed="cell") for p in r[1:]]
            pieces += r
        cut = next_header(pieces, [h.text for h in header])
        if cut < len(pieces):                    # the next table's header, printed right after
            pieces = pieces[:cut]
            end = line_after(lines, i, pieces[-1].span[1] if pieces else header[-1].span[1])
    else:
        pieces_all, idx = pieces_c(lines, i, t.raw)
        k = header_run(pieces_all)
        if k == 0:
            return None
        header = join_header(pieces_all[:k])
        pieces = drop_repeats(pieces_all[k:], [p.text for p in pieces_all[:k]])
        if lead is not None:
            pieces = [Piece((strip_span(lead),), squeeze(lead.text))] + pieces
        pieces = pieces[:before_heading(pieces, len(join_header(pieces_all[:k])))]
        pieces = pieces[:next_header(pieces, [p.text for p in join_header(pieces_all[:k])])]
        end = idx[-1] + 1 if idx else i
    header = header[:MAX_COLUMNS]
    cols = [squeeze(cell_text(t, [h])) for h in header]
    n = len(cols)
    if n < 2 and not in_box:
        return None
    types = [column_type(h, last=(c == n - 1)) for c, h in enumerate(cols)]
    if len(pieces) > MAX_WORK // (n * n):
        pieces = pieces[:MAX_WORK // (n * n)]
    grid = grid_rows(pieces, n) if layout == "C" else None
    if grid is not None:                         # a form's grid beside a spanning first column (grids.py)
        cats, (rows, (row_spans, cell_spans, firsts), last) = [], _fixed(t, grid, n, skip=1)
    else:
        pieces, cats = pull_categories(pieces, free=(layout == "C" and "category" not in types), named=layout == "C")
        blocks = block_rows(t, pieces, types) if layout == "C" else None
        if blocks is not None:                   # rows as blocks parted by blank lines (blocks.py)
            rows, (row_spans, cell_spans, firsts), last = _fixed(t, blocks[0], n, starts=blocks[1])
        else:
            rows, (row_spans, cell_spans, firsts), last = _align(t, pieces, types, cols, free=(layout == "C"),
                                                                warnings=warnings)
    if cats and rows:                            # category rows: a filled-down column of their own
        levels = category_columns([c for c in cats if c.at <= firsts[-1]])
        cells = fill(firsts, cats, levels, lambda p: cell_text(t, [p]))
        cols, types = [""] * len(levels) + cols, ["category"] * len(levels) + types
        rows = [c + r for c, r in zip(cells, rows)]
        cell_spans = [(None,) * len(levels) + tuple(s) for s in cell_spans]
    if layout == "C":
        # the table ends after its last aligned piece; find that line
        end_pos = last if rows else (header[-1].span[1] if header else lines[i].span[1])
        end = line_after(lines, i, end_pos)
    end_pos = strip_span(lines[max(end, i + 1) - 1])[1]
    keep = [k for k, r in enumerate(rows) if any(r)]
    blank = len(rows) - len(keep)
    if blank:                                    # a blank form's rows to fill in: nothing printed in them
        rows, row_spans, cell_spans = ([x[k] for k in keep] for x in (rows, row_spans, cell_spans))
    return Body(cols, types, rows, row_spans, cell_spans, end, end_pos, blank)
