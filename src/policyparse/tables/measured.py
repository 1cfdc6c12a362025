"""Layout G: a technical requirement's table of measured values that a PDF copy printed one row a line, its cells
parted by single spaces (SPEC §1, §6; issue 14).

    六、频谱发射模板要求
    距信道边缘偏移
    频率
    20MHz 带宽
    发射功率限值
    测量带宽 检波方式
    0-1MHz -21dBm 30kHz 有效值检波
    1-2.5MHz -10dBm 1MHz 有效值检波

Each row opens with a measured value (a number or a range and its unit, data/tables/measure_units.txt: 0-1MHz,
30MHz-1GHz) and has as many cells as the first row; a value printed with spaces ("1 GHz - 12.75 GHz") is one cell.
The header is the lines between the heading above and the first row: the last of them holds the cells that fit on
one line, the lines above it the other cells, each broken over the same number of lines (a wrapped header cell).
No caption is printed: the heading right above the header names the table, also across rows without a header of
their own printed between them (the previous table's next page, which the PDF's reading order put after the
heading). The rows end at a line that is no row.
"""
from __future__ import annotations

from functools import cache

import regex

from .. import markers
from ..lexicons import alternation, load_list
from ..records import Text
from ..spans import Span
from .body import Draft
from .boxes import finish
from .cells import Line, column_type, heading, squeeze, strip_span
from .headers import title_before

TOKEN_RE = regex.compile(r"\S{1,60}")
JOINER_TOKENS = frozenset("-~～—–至")                                      # "1 GHz - 12.75 GHz": one range
SENTENCE_RE = regex.compile(r"[。;；:：,，]")
MIN_ROWS = 3
MIN_CELLS = 3
MAX_CELLS = 8
MAX_HEADER_LINES = 8
MAX_HEADER_LINE = 24            # characters of one header line
MAX_ROWS = 400
MIN_LINE, MAX_LINE = 5, 200     # characters of a row line


@cache
def _measure_re() -> regex.Pattern:
    """A measured value: 0-1MHz / -21dBm / 30MHz-1GHz / 1 GHz - 12.75 GHz; it ends in its unit (bounded)."""
    value = rf"[-+]?\d{{1,6}}(?:\.\d{{1,4}})?(?:[ ]?(?:{_units()}))?"
    return regex.compile(rf"{value}(?:(?:[-~～—–至]|[ ][-~～—–至][ ]){value})?(?<=\p{{L}})")


@cache
def _units() -> str:
    return alternation(load_list("tables/measure_units.txt"))


@cache
def _opens_row_re() -> regex.Pattern:
    """A line that may open a row: a value (or range) ending in its unit, then a space (bounded)."""
    value = rf"[-+]?\d{{1,6}}(?:\.\d{{1,4}})?(?:[ ]?(?:{_units()}))?"
    return regex.compile(rf"[ \t]{{0,8}}{value}(?:[-~～]{value})?(?<=\p{{L}})[ ]")


# the cheap first pass: a line end, then a line that opens with a number (or range) and a Latin letter (a unit);
# one literal first, for a fast scan (bounded)
VALUE_LEAD = r"[ \t]{0,8}[-+]?\d[\d.]{0,10}(?:[-~～][-+]?\d[\d.]{0,10})?[ ]?[A-Za-zμ]"
LF_NUMBER_RE = regex.compile(r"\n" + VALUE_LEAD)
CR_NUMBER_RE = regex.compile(r"\r" + VALUE_LEAD)


def measured_heads(norm: str, a: int, b: int) -> list[int]:
    """Where a line inside [a, b) may open a row of measured values (measured_table tells).

    >>> measured_heads("0-1MHz -21dBm 30kHz 有效值检波\\r\\n1-2.5MHz -10dBm 1MHz 有效值检波\\r说明", 0, 60)
    [0, 27]
    """
    breaks = (LF_NUMBER_RE, CR_NUMBER_RE) if norm.find("\r", a, b) >= 0 else (LF_NUMBER_RE,)
    starts = {a} | {m.start() + 1 for rx in breaks for m in rx.finditer(norm, a, b)}
    opens = _opens_row_re()
    return sorted(p for p in starts if p < b and opens.match(norm, p, b))


def _cells(norm: str, a: int, b: int) -> list[Span]:
    """The cells of one row line [a, b): its single-space parts, a number and its unit or a range's parts joined.

    >>> s = "1 GHz - 12.75 GHz -30dBm 1MHz 峰值检波"
    >>> [s[x:y] for x, y in _cells(s, 0, len(s))]
    ['1 GHz - 12.75 GHz', '-30dBm', '1MHz', '峰值检波']
    >>> s = "0-1MHz -21dBm 30kHz 有效值检波"
    >>> [s[x:y] for x, y in _cells(s, 0, len(s))]
    ['0-1MHz', '-21dBm', '30kHz', '有效值检波']
    """
    out: list[Span] = []
    for m in TOKEN_RE.finditer(norm, a, b):
        tok = m.group()
        if out:
            prev = norm[out[-1][0]:out[-1][1]]
            if tok in JOINER_TOKENS or prev[-1] in JOINER_TOKENS \
                    or (prev[-1].isdigit() and _measure_re().fullmatch(norm, out[-1][0], m.end())):
                out[-1] = (out[-1][0], m.end())    # "1" + "GHz", "1 GHz" + "-", "1 GHz -" + "12.75"
                continue
        out.append(m.span())
    return out


def is_row(norm: str, ln: Line) -> list[Span] | None:
    """The cells of a row of measured values on line `ln` (its first cell a value with its unit), else None."""
    a, b = strip_span(ln)
    if not MIN_LINE <= b - a <= MAX_LINE or not (norm[a].isdigit() or norm[a] in "-+"):
        return None
    cells = _cells(norm, a, b)
    if not MIN_CELLS <= len(cells) <= MAX_CELLS or not _measure_re().fullmatch(norm, *cells[0]):
        return None
    return cells


def measured_table(t: Text, lines: list[Line], i: int) -> Draft | None:
    """The layout-G table whose first row is line i, its header the lines above it; None without such a header."""
    first = is_row(t.norm, lines[i])
    if first is None or (i > 0 and (above := is_row(t.norm, lines[i - 1])) is not None and len(above) == len(first)):
        return None                              # not the first row of its run
    n = len(first)
    h = i
    while h > 0 and i - h < MAX_HEADER_LINES and _header_line(t.norm, lines[h - 1]):
        h -= 1
    head = _columns(t, lines[h:i], n)
    if head is None:
        return None
    columns, h = head[0], h + head[1]            # lines above a header printed whole: a caption, not the header
    rows, row_spans, cell_spans, j = [], [], [], i
    while j < len(lines) and len(rows) < MAX_ROWS and (cells := is_row(t.norm, lines[j])) is not None \
            and len(cells) == n:
        rows.append([squeeze(t.out(a, b)) for a, b in cells])
        cell_spans.append(tuple(cells))
        row_spans.append((cells[0][0], cells[-1][1]))
        j += 1
    if len(rows) < MIN_ROWS:
        return None
    above = h - 1
    while above >= 0 and i - above <= MAX_HEADER_LINES + MAX_ROWS and (c := is_row(t.norm, lines[above])) is not None \
            and len(c) == n:
        above -= 1                               # header-less rows: a page of the table before, printed after the
    title = _heading_title(t, lines[above]) if above >= 0 else None     # heading (a PDF's reading order)
    label = None
    if title is None and above == h - 1:
        label, title, _ = title_before(t, lines, h)     # a caption right above the header ("表2 …")
    types = [column_type(c, last=(k == n - 1)) for k, c in enumerate(columns)]
    d = Draft(label, title, strip_span(lines[h])[0], columns, rows, row_spans, [], j, cell_spans=cell_spans,
              column_types=types)
    return finish(t, lines, d, j, row_spans[-1][1])


def _header_line(norm: str, ln: Line) -> bool:
    """A line of the header above the rows: short, no sentence, no heading, no row."""
    a, b = strip_span(ln)
    return 0 < b - a <= MAX_HEADER_LINE and not SENTENCE_RE.search(norm, a, b) \
        and heading(ln.text) is None and is_row(norm, ln) is None


def _columns(t: Text, head: list[Line], n: int) -> tuple[list[str], int] | None:
    """The n header cells of the header lines, and how many lines above them are no part of the header: the last
    line's single-space parts, then the lines above it parted evenly among the other cells (each broken over as
    many lines); a last line with all n cells is the whole header. None when the lines do not part evenly.

    >>> from .cells import Line
    >>> txt = "距信道边缘偏移 频率 20MHz 带宽 发射功率限值 测量带宽 检波方式"
    >>> spans = [(0, 7), (8, 10), (11, 19), (20, 26), (27, 36)]
    >>> _columns(Text(txt, txt), [Line(sp, txt[slice(*sp)]) for sp in spans], 4)
    (['距信道边缘偏移频率', '20MHz 带宽发射功率限值', '测量带宽', '检波方式'], 0)
    """
    if not head:
        return None
    last = [squeeze(t.out(*m.span())) for m in TOKEN_RE.finditer(t.norm, *strip_span(head[-1]))]
    rest, above = n - len(last), head[:-1]
    if rest == 0:
        return last, len(above)
    if rest < 0 or len(above) % rest:
        return None
    per = len(above) // rest
    broken = ["".join(squeeze(t.out(*strip_span(ln))) for ln in above[k * per:(k + 1) * per]) for k in range(rest)]
    return broken + last, 0


def _heading_title(t: Text, ln: Line) -> str | None:
    """The title of the numbered heading on line `ln` ("六、频谱发射模板要求" -> "频谱发射模板要求"), else None."""
    m = markers.marker_at(t.norm, ln.span[0], ln.span[1])
    if m is None or heading(ln.text) is None:
        return None
    b = strip_span(ln)[1]
    return (squeeze(t.out(m.span[1], b)) or None) if m.span[1] < b else None
