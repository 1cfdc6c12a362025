"""Layout C with rows as blocks: one cell per line, nothing between the cells of a row, a blank line between rows
(a directory copied from a web page; SPEC §6, issue 14).

    1
    脉脉（北京市淘天下科技有限公司）
    脉脉“企业号”；                 <- a cell broken after a list's semicolon: it goes on below
    “重启2020”专题活动
    …
    18610723315
                                   <- the blank line that ends the row
    2
    北京微令信息科技有限公司

Each block opens with the row's number, in sequence (the table's first column is 序号); a block longer than the
header joins a line to the one above it where that one stops at a list's semicolon ("；"), then two short lines (no
sentence, not led by a digit) after the row's second cell: a cell listing several names one a line; then a short
last line goes on with the cell above it ("0755-86013388" / "转828820"). A block that still does not fit leaves the
table to the alignment pass (align.py).
"""
from __future__ import annotations

import regex

from ..records import Text
from .cells import Piece

MIN_ROWS = 3
SEMICOLON_END_RE = regex.compile(r"[;；]$")
NUMBER_RE = regex.compile(r"\d{1,4}")
SENTENCE_RE = regex.compile(r"[。;；,，]")
SHORT = 30                      # characters of a line that names one item
TAIL = 12                       # characters of a short last line (an extension after a telephone number)


def block_rows(t: Text, pieces: list[Piece], types: list[str]) -> tuple[list[list[Piece]], list[int]] | None:
    """The rows of a table whose rows are blocks parted by blank lines (a piece's `gap`, or a row opened after a
    category row: `fixed="row"`), each opening with its number, and the index of each row's first piece; None when
    the pieces do not read so.

    >>> ps = [Piece(((0, 1),), x, g) for x, g in (("1", 0), ("甲公司", 0), ("甲平台；", 0), ("乙活动", 0),
    ...       ("电话1", 0), ("2", 1), ("乙公司", 0), ("丙平台", 0), ("电话2", 0), ("3", 1), ("丙公司", 0),
    ...       ("丁平台", 0), ("电话3", 0))]
    >>> rows, starts = block_rows(Text("x" * 9, "x" * 9), ps, ["serial", "org", "name", "text"])
    >>> [[p.text for p in r] for r in rows], starts       # doctest: +NORMALIZE_WHITESPACE
    ([['1', '甲公司', '甲平台；乙活动', '电话1'], ['2', '乙公司', '丙平台', '电话2'],
      ['3', '丙公司', '丁平台', '电话3']], [0, 5, 9])
    """
    n = len(types)
    if n < 3 or types[0] != "serial" or not pieces:
        return None
    blocks: list[list[Piece]] = []
    starts: list[int] = []
    number = 0
    for k, p in enumerate(pieces):
        if k == 0 or p.gap or p.fixed == "row":
            if not NUMBER_RE.fullmatch(p.text) or int(p.text) not in (number + 1, 1):
                return None                        # a block opens with its row's number, in sequence (or afresh)
            number = int(p.text)
            blocks.append([p])
            starts.append(k)
        else:
            blocks[-1].append(p)
    if len(blocks) < MIN_ROWS or any(len(b) < n for b in blocks):
        return None
    out = []
    for b in blocks:
        row = _fit(t, b, n)
        if row is None:
            return None
        out.append(row)
    return out, starts


def _fit(t: Text, block: list[Piece], n: int) -> list[Piece] | None:
    """The block's pieces joined into n cells: after a semicolon first, then two short lines after the row's second
    cell (a cell listing several names, one a line: "协同创新平台" / "百城万企帮扶行动"), then a short last line."""
    for broken in (_after_semicolon, _short_pair, _tail):
        k = 2                                      # never into the row's number
        while len(block) > n and k < len(block):
            if broken(block, k):
                a, b = block[k - 1], block[k]
                block = block[:k - 1] + [Piece(a.spans + b.spans, a.text + b.text, a.gap, a.fixed)] + block[k + 1:]
                continue
            k += 1
    return block if len(block) == n else None


def _after_semicolon(block: list[Piece], k: int) -> bool:
    """Piece k goes on with the one above it, which stops at a list's semicolon."""
    return bool(SEMICOLON_END_RE.search(block[k - 1].text))


def _short_pair(block: list[Piece], k: int) -> bool:
    """Pieces k - 1 and k, after the row's second cell, each name one item (short, no sentence, no number first)."""
    return k >= 3 and all(len(p.text) <= SHORT and not SENTENCE_RE.search(p.text) and not p.text[:1].isdigit()
                          for p in block[k - 1:k + 1])


def _tail(block: list[Piece], k: int) -> bool:
    """The row's short last line goes on with the cell above it: "0755-86013388" / "转828820"."""
    return k == len(block) - 1 and len(block[k].text) <= TAIL and not SENTENCE_RE.search(block[k].text)
