"""Tables known by their shape: a run of rows with the same number of cells (SPEC §1, one row per line with
cells separated by " | " or tabs; SPEC §6, header rows recognised by their words "and the like").

A header's words say a table starts where its words are known (header words, columns.yaml). A header whose
words are not known ("一级分类 | 二级分类 | 标准名称 | 标准层级 | 状态", "频率范围 | 最大电平 | 测量带宽 | 检波方式")
still opens a table when the lines below it print the same number of cells: GRID_ROWS such rows, each
right below the last (a blank line between allowed), are the evidence the words would have been. The header
itself must read as one: every cell short, no sentence in it.

>>> rows = "频率范围 | 最大电平 | 测量带宽\\n30MHz-1GHz | -36dBm | 100kHz\\n1GHz-12.75GHz | -30dBm | 1MHz\\n"
>>> row_run_heads("正文。\\n" + rows, (0, 80))
[4]
>>> row_run_heads("正文。\\n甲 | 乙\\n丙。\\n", (0, 11))
[]
>>> row_run_heads("索引号:\\t1\\n主题分类:\\t城建\\n发布机构:\\t区政府\\n", (0, 30))
[]
"""
from __future__ import annotations

import re

from ..spans import Span

GRID_ROWS = 2              # rows below the header with its number of cells ...
WIDE_ROWS, WIDE = 1, 4     # ... or one, under a header of this many cells or more
HEAD_CELL_MAX = 40         # characters of a header cell
# a line holding a cell separator (" | " between printed characters, or a tab inside the line): looked for only
# in the lines where a "|" or a tab is printed
# (cells.HAS_SEP_RE and cells.SEP_RE read a row once it is a table's; these count a line's cells as printed,
# empty ones at the ends too, which cells.SEP_RE's look-arounds leave out, and are `re` patterns for the scan)
SEP_CHAR_RE = re.compile(r"[|\t]")
SEP_RE = re.compile(r"\S[ ]{0,4}\|[ ]{0,4}\S|\S[ ]{0,4}\t")
CELL_SEP_RE = re.compile(r"[ ]{0,4}\|[ ]{0,4}|[ ]{0,4}\t[ \t]{0,8}")
SENTENCE_END = ("。", ";", "!", "?")       # norm: ；！？ folded


def _cells(line: str) -> list[str]:
    """The cells of a row as printed: a framed row "| a | b |" counts its borders as empty cells at both ends,
    as every row of its table does; " | a | b" opens with an empty cell."""
    return CELL_SEP_RE.split(line.strip(" "))


def _is_header(cells: list[str]) -> bool:
    """Short cells, no sentence, no label ending in a colon (a page's key-value lines "索引号：\t…")."""
    cells = cells[1:-1] if len(cells) > 2 and not cells[0] and not cells[-1] else cells     # a framed row
    return len(cells) >= 2 and any(cells) and all(len(c) <= HEAD_CELL_MAX and not c.endswith(SENTENCE_END)
                                                  and not c.endswith(":") and "。" not in c for c in cells)


def row_run_heads(norm: str, span: Span) -> list[int]:
    """Where a header line opens a run of GRID_ROWS or more rows with its number of cells (its start offset)."""
    if norm.find("|", *span) < 0 and norm.find("\t", *span) < 0:
        return []
    found = _sep_lines(norm, span)
    out: list[int] = []
    k = 0
    while k < len(found):
        start, end, n = found[k]
        run = k + 1
        while run < len(found) and found[run][2] == n and _next_to(norm, found[run - 1][1], found[run][0]):
            run += 1
        if run - k - 1 >= (WIDE_ROWS if n >= WIDE else GRID_ROWS) and _is_header(_cells(norm[start:end])):
            out.append(start)
            k = run
        else:
            k += 1
    return out


def _sep_lines(norm: str, span: Span) -> list[tuple[int, int, int]]:
    """(start, end, number of cells) of each line in `span` that holds a cell separator. One pass: a line's
    start is looked for back to the last line read, never further (linear in the span)."""
    a, b = span
    cr = norm.find("\r", a, b) >= 0
    out: list[tuple[int, int, int]] = []
    line_end = a
    for m in SEP_CHAR_RE.finditer(norm, a, b):
        p = m.start()
        if p < line_end:
            continue                              # a line read already
        start = norm.rfind("\n", line_end, p) + 1
        if cr:
            start = max(start, norm.rfind("\r", line_end, p) + 1)
        start = max(start, line_end)
        e = norm.find("\n", p, b)
        line_end = b if e < 0 else e
        if cr and (e := norm.find("\r", p, line_end)) >= 0:
            line_end = e
        if SEP_RE.search(norm, start, line_end):
            out.append((start, line_end, len(_cells(norm[start:line_end]))))
    return out


def _next_to(norm: str, end: int, start: int) -> bool:
    """Line `start` follows the line ending at `end` with at most one blank line between."""
    between = norm[end:start]
    return not between.strip() and between.count("\n") + between.count("\r") - between.count("\r\n") <= 2
