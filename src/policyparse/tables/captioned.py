"""Tables known by their caption: "表2 嘉定区海绵城市系统方案编制计划表" over a header of words no vocabulary knows
("年份" / "系统方案编制区域" / "…面积（平方公里）" / "达标评估计划"), one cell a line (layout C, SPEC §1).

Without known header words the number of columns is not read from the header; it is the one under which the cells
line up: every row below the header prints, column by column, the same kind of cell as the first row does (a
year, a number, a short name, a sentence). Of the column counts under which at least MIN_ROWS rows line up, the
one that lines up the most cells wins (not rows of short names only: a header's second line); the table ends at
the first row that breaks the pattern (the heading after it). A header with a word the vocabulary knows is left to
the header-row readers (headers.py, body.py); a header over two levels of cells with merged rows is not read.
"""
from __future__ import annotations

import re

import regex

from ..records import Text
from .body import Draft
from .boxes import finish
from .cells import NUMBER_RE, PLACEHOLDER_RE, Line, column_type, is_header_cell, squeeze, strip_span
from .headers import TABLE_NO_RE
from .layouts import pieces_c

# a caption alone on its line: a table number, then a title without a sentence end (bounded; `re`: scanned over
# the whole document, only where a line opens with 表)
CAPTION_RE = re.compile(r"^[ \t]{0,8}附?表[ ]{0,2}\d{1,3}(?:[-.]\d{1,3}){0,2}[ \t:.、]{0,4}"
                        r"[^\s\d。;!?][^\n。;!?]{1,40}$", re.MULTILINE)
MIN_ROWS = 2              # rows that line up under a column count
MAX_COLUMNS = 8           # header cells read
HEAD_CELL_MAX = 20        # characters of a header cell
SHORT = 12                # a cell this short, without a comma, is a name; longer, a text
YEAR_CELL_RE = regex.compile(r"(?:19|20)\d{2}\s?年(?:\s?[-—–至~]\s?(?:(?:19|20)\d{2}\s?年)?)?"   # 2024年, 2020年-2023年
                             r"(?:\d{1,2}月)?(?:底|前|内)?")


def caption_heads(norm: str, a: int, b: int) -> list[int]:
    """The offsets of the caption lines inside [a, b) ("表2 嘉定区…计划表")."""
    if norm.find("表", a, b) < 0:
        return []
    return [m.start() for m in CAPTION_RE.finditer(norm, a, b)]


def _kind(text: str) -> str:
    """What a cell prints: an empty mark, a year, a number, a short name or a text.

    >>> [_kind(x) for x in ("/", "2024年", "4.42", "马陆社区", "结合文化环、活力谷和未来塔等地标建筑群建设。")]
    ['empty', 'year', 'number', 'name', 'text']
    """
    s = text.strip()
    if PLACEHOLDER_RE.match(s):
        return "empty"
    if YEAR_CELL_RE.fullmatch(s):
        return "year"
    if NUMBER_RE.match(s.lstrip("<>≤≥约 ")):             # (the cells' own number grammar, a bound before it)
        return "number"
    return "name" if len(s) <= SHORT and not any(c in s for c in ",，、。;；") else "text"


def _header_cell(text: str) -> bool:
    s = text.strip()
    return 0 < len(s) <= HEAD_CELL_MAX and _kind(s) in ("name", "text") and not any(c in s for c in "。;；:：")


def _lined_up(kinds: list[str], n: int) -> int:
    """How many rows of n cells, from the start of `kinds`, print in each column the kind the first row does."""
    if len(kinds) < n * MIN_ROWS:
        return 0
    first = kinds[:n]
    rows = 0
    for r in range(len(kinds) // n):
        row = kinds[r * n:(r + 1) * n]
        if any(k != f and "empty" not in (k, f) for k, f in zip(row, first)):
            break
        rows += 1
    return rows


def captioned_table(t: Text, lines: list[Line], i: int) -> Draft | None:
    """The table under the caption at line i, or None (a header the vocabulary reads, cells that line up under no
    column count, a caption over a table of another layout).

    >>> txt = ("表2 编制计划表\\n年份\\n编制区域\\n面积（平方公里）\\n2024年\\n马陆社区\\n4.42\\n2025年\\n工业区1\\n"
    ...        "14.00\\n（三）下一节\\n")
    >>> from .cells import lines_of
    >>> d = captioned_table(Text(txt, txt), lines_of(Text(txt, txt), (0, len(txt))), 0)
    >>> d.label, d.title, d.columns
    ('表2', '编制计划表', ['年份', '编制区域', '面积（平方公里）'])
    >>> d.rows
    [['2024年', '马陆社区', '4.42'], ['2025年', '工业区1', '14.00']]
    """
    pieces, kept = pieces_c(lines, i + 1, t.raw)
    if len(pieces) < 2 + MIN_ROWS * 2 or any(ln.text.count("\t") or " | " in ln.text for ln in lines[i + 1:i + 4]):
        return None
    kinds = [_kind(p.text) for p in pieces]
    best: tuple[int, int] | None = None                  # (cells lined up, column count)
    for n in range(2, MAX_COLUMNS + 1):
        if n >= len(pieces) or not _header_cell(pieces[n - 1].text):
            break
        rows = _lined_up(kinds[n:], n)
        if all(k == "name" for k in kinds[n:2 * n]):
            continue                                     # short names only: a header's second line, not rows
        if rows >= MIN_ROWS and (best is None or rows * n > best[0]):
            best = (rows * n, n)
    if best is None:
        return None
    n = best[1]
    head = [squeeze(t.out(*p.span)) for p in pieces[:n]]
    if any(is_header_cell(p.text) for p in pieces[:n]) or all(k in ("name", "text") for k in kinds[n:2 * n]) and n > 2:
        return None                                      # the vocabulary's readers; or rows of words only
    rows, row_spans, cell_spans = [], [], []
    for r in range(best[0] // n):
        cells = pieces[n + r * n:n + (r + 1) * n]
        rows.append([squeeze(t.out(*p.span)) for p in cells])
        cell_spans.append(tuple(p.span for p in cells))
        row_spans.append((cells[0].span[0], cells[-1].span[1]))
    a, b = strip_span(lines[i])
    m = TABLE_NO_RE.match(t.norm, a, b)
    label = "".join(t.out(m.start("label"), m.end("label")).split()) if m else None
    title = squeeze(t.out(m.end() if m else a, b)) or None
    types = [column_type(h, last=(c == n - 1)) for c, h in enumerate(head)]
    end = kept[n + len(rows) * n - 1] + 1
    d = Draft(label, title, a, head, rows, row_spans, [], end, cell_spans=cell_spans, column_types=types)
    return finish(t, lines, d, end, row_spans[-1][1])

