"""A form's grid of prompts and blanks (layout C; SPEC §6, issue 14): rows read from the empty cells.

An annex form (申报书 附2) may print a grid whose first column is one cell spanning the whole body -- the
blank to fill in, named only in the header ("具体场景名称（与上面表格对应）") -- and whose rows are prompts
with the blanks beside them, some rows labelling the columns anew for another kind of item:

    具体场景名称（与上面表格对应）  关键装备种类  名称  规格/型号  供应商  备注     <- the header
    （在系统中选择……，可填写多个）    　           　    　          　            <- a prompt and its blanks
    关键软件种类  名称  规格/型号  供应商                                           <- the columns for software
    （在系统中选择……，可填写多个）    　  　  　
    工艺名称  应用描述
    （可填写多个）  　

Printed one cell per line, the empty cells as ideographic spaces (fillers.py), nothing marks the rows but the
blanks: a printed cell after an empty one opens a row, and so does a prompt printed wholly in brackets. Each
row fills the columns after the spanning one from the left; the cells it leaves out are empty ("").
"""
from __future__ import annotations

import regex

from .cells import Piece

# a prompt printed wholly in brackets: "（可填写多个）", "（在系统中选择研发设计类、……，可填写多个）" (bounded)
PROMPT_RE = regex.compile(r"[(（][^()（）]{1,160}[)）]")
MIN_ROWS = 3


def grid_rows(pieces: list[Piece], n: int) -> list[list[Piece]] | None:
    """The rows of a form's grid whose first column spans the body, from the pieces under its n-column header
    (layout C, empty cells as pieces without text); None when the pieces do not read as such a grid.

    The first row must be a prompt and its blanks filling every column but the spanning one, ending in a blank;
    the grid ends before a row that would not fit beside the spanning column.

    >>> ps = [Piece(((0, 1),), x) for x in ("（可多选）", "", "", "种类", "名称", "说明", "（可填写多个）", "",
    ...                                      "1", "甲", "乙", "丙")]
    >>> [[p.text for p in r] for r in grid_rows(ps, 4)]
    [['（可多选）', '', ''], ['种类', '名称', '说明'], ['（可填写多个）', '']]
    >>> grid_rows([Piece(((0, 1),), x) for x in ("1", "甲市", "6.5", "2", "乙市", "7")], 4) is None
    True
    """
    if n < 3 or not pieces or not PROMPT_RE.fullmatch(pieces[0].text):
        return None
    rows: list[list[Piece]] = []
    cur: list[Piece] = []
    for p in pieces:
        if p.text and cur and (not cur[-1].text or PROMPT_RE.fullmatch(p.text)):
            rows.append(cur)
            cur = []
        cur.append(p)
    if cur:
        rows.append(cur)
    first = rows[0]
    if len(first) != n - 1 or first[-1].text:
        return None                                # the first row fills every column beside the spanning one
    k = next((r for r, row in enumerate(rows) if len(row) > n - 1), len(rows))
    rows = rows[:k]
    return rows if len(rows) >= MIN_ROWS else None
