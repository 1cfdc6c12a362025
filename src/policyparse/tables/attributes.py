"""Layout D's indicator table with an attribute column: a plan's 主要指标 box whose cells a crawl ran together,
its last column 属性 holding 约束性 / 预期性 (data/tables/attributes.txt; SPEC §6, issue 14).

    指　　标2015年2020年〔累计〕1属性生态环境质量1.空气质量地级及以上城市2空气质量优良天数比率（%）76.7＞80-约束性
    细颗粒物未达标地级及以上城市浓度下降（%）--〔18〕约束性…污染物排放总量5.主要污染物排放总量减少（%）化学需氧量--〔10〕
    约束性氨氮--〔10〕二氧化硫--〔15〕…

Every plan's indicator table has this shape: the indicator's name, one value per value column (a number, "-", a
five-year sum 〔18〕, ＞80, 15左右, 90以上; an empty cell printed as a space), then the attribute word, which closes
the row. A row's values are the first run of exactly as many values as there are value columns, followed by the
attribute, the next name or the next group number (digits before the run -- a footnote glued to the name,
"挥发性有机物5" -- stay in the name); of the ways to cut the run, the one whose values lie closest together
(54|56, not 5|456). The text before a row's name may open categories: the group number in sequence ("1.空气质量",
"5.主要污染物排放总量减少（%）") and, before it, a top category ("生态环境质量"). A group's name ends at its unit in
brackets when the row's name follows it ("5.…减少（%）化学需氧量"), or after the thing its indicators measure
(data/tables/group_tails.txt: "1.空气质量" + "地级及以上城市2空气质量优良天数比率（%）"); a group of one row is its own
indicator ("7.国家重点保护野生动植物保护率（%）": the group cell and the name); otherwise the end of the group's name
is not printed, and the group cell holds the whole text. A row printed without its attribute shares the one above (a
merged cell); categories fill down, in columns of their own before the name (header "", as in every layout).
"""
from __future__ import annotations

import math
from functools import cache
from typing import NamedTuple

import regex

from ..lexicons import alternation, load_list
from ..records import Text
from ..spans import Span, strip_span
from .cells import attribute_words, column_type, squeeze

# one value cell: ＞80 / 15左右 / 90以上 / 76.7 / 5.6个百分点 / 〔18〕 / - ; an empty cell printed as a space (bounded)
VALUE_RE = regex.compile(r"""
    (?:[<>≥≤]|约)?\d{1,9}(?:\.\d{1,4})?(?:%|‰|个百分点|百分点|倍)?(?:左右|以上|以下|以内)?
  | 〔[-+]?\d{1,6}(?:\.\d{1,4})?〕                       # a five-year sum
  | [-—/]                                                # no value
  | [ ]                                                  # an empty cell
""", regex.VERBOSE)
VALUE_START = frozenset("<>≥≤约〔-—/0123456789")
NUM_RE = regex.compile(r"\d+(?:\.\d+)?")
HAN_RE = regex.compile(r"[\p{Han}(（]")
BRACKET_END_RE = regex.compile(r"[)）]")
NOTE_RE = regex.compile(r"注[:：]")
EOL_RE = regex.compile(r"[\r\n]")
ATTR_HEADERS = frozenset({"属性", "指标属性"})
SUM_HEAD_RE = regex.compile(r"(?P<year>(?:19|20)\d{2}[ ]{0,2}年)(?P<sum>〔[^〔〕\n]{1,4}〕)")   # 2020年〔累计〕
MAX_ROWS = 400
HAN_RUN_RE = regex.compile(r"\p{Han}")
MIN_NAME = 4                    # Han characters of a row's name after its group's name
MAX_NAME = 80                   # characters before a row's values (its categories and name)
MAX_CUTS = 200                  # ways to cut one run kept
MAX_STEPS = 400                # partial cuts looked at from one start (bounded work on a hostile run of digits)


@cache
def _attr_re() -> regex.Pattern:
    return regex.compile(r"[ ]{0,2}(?:" + alternation(sorted(attribute_words())) + ")")


class AttrRow(NamedTuple):
    cells: list[Span | None]     # top category, group, name, values …, attribute (None: not printed in this row)


def is_attribute_header(cols: list[str]) -> bool:
    """The header closes with the attribute column (属性) after at least one value column."""
    return len(cols) >= 3 and cols[-1].replace(" ", "") in ATTR_HEADERS


def split_sums(cols: list[str]) -> list[str]:
    """Value headers with the five-year sum as a column of its own: "2020年〔累计〕" -> "2020年", "〔累计〕".

    >>> split_sums(["指标", "2015年", "2020年〔累计〕", "属性"])
    ['指标', '2015年', '2020年', '〔累计〕', '属性']
    """
    out = []
    for c in cols:
        m = SUM_HEAD_RE.fullmatch(c)
        out += [m.group("year"), m.group("sum")] if m else [c]
    return out


def attribute_rows(norm: str, p: int, limit: int, n_values: int) -> tuple[list[AttrRow], int]:
    """The rows from p: (rows, the offset after the last row).

    >>> s = "大类1.甲组甲指标（%）76.7>80-约束性乙指标（%）--〔18〕约束性2.单一指标（个）5456 预期性注：说明"
    >>> rows, end = attribute_rows(s, 0, len(s), 3)
    >>> [[s[c[0]:c[1]] if c else None for c in r.cells] for r in rows]   # doctest: +NORMALIZE_WHITESPACE
    [['大类', '1.甲组甲指标（%）', '甲组甲指标（%）', '76.7', '>80', '-', '约束性'],
     [None, None, '乙指标（%）', '-', '-', '〔18〕', '约束性'],
     [None, '2.单一指标（个）', '单一指标（个）', '54', '56', ' ', '预期性']]
    """
    rows: list[AttrRow] = []
    group, pos, end = 1, p, p
    attr = _attr_re()
    while pos < limit and len(rows) < MAX_ROWS:
        if NOTE_RE.match(norm, pos):
            break
        run = _next_values(norm, pos, limit, n_values, group)
        if run is None:
            break
        a, cut = run
        top, grp, name, group = _categories(norm, pos, a, group)
        if name is None:
            break
        e = cut[-1][1]
        m = attr.match(norm, e, limit)
        att = (m.end() - len(m.group().lstrip()), m.end()) if m else None
        rows.append(AttrRow([top, grp, name] + list(cut) + [att]))
        pos = end = m.end() if m else e
    return _split_groups(norm, rows), end


def _categories(norm: str, a: int, b: int, group: int) -> tuple[Span | None, Span | None, Span | None, int]:
    """The text [a, b) before a row's values: (top category, group, name, the next group number)."""
    g = _group_at(norm, a, b, group)
    if g is None:
        return None, None, (strip_span(norm, (a, b), " \t") if b > a else None), group
    top = strip_span(norm, (a, g), " \t") if g > a else None
    close = BRACKET_END_RE.search(norm, g, b)
    if close is not None and close.end() < b:           # "5.…减少（%）化学需氧量": the group ends at its unit
        return top, (g, close.end()), strip_span(norm, (close.end(), b), " \t"), group + 1
    marker_end = g + len(str(group)) + 1
    return top, (g, b), (marker_end, b), group + 1      # one row, or no telling where the group's name ends


def _split_groups(norm: str, rows: list[AttrRow]) -> list[AttrRow]:
    """A group of several rows printed without its unit, its name and the first row's run together: the group's
    name ends after what its indicators measure ("1.空气质量" + "地级及以上城市2空气质量优良天数比率（%）"). A group
    of one row stays its own indicator ("7.国家重点保护野生动植物保护率（%）")."""
    out = list(rows)
    for k, r in enumerate(rows):
        grp, name = r.cells[1], r.cells[2]
        if grp is None or name is None or grp[1] != name[1] or k + 1 >= len(rows) or rows[k + 1].cells[1]:
            continue
        tail = _group_tail_re().search(norm, name[0], name[1])
        if tail is not None and len(HAN_RUN_RE.findall(norm, tail.end(), name[1])) >= MIN_NAME:
            rest = strip_span(norm, (tail.end(), name[1]), " \t")
            out[k] = AttrRow([r.cells[0], (grp[0], tail.end()), rest, *r.cells[3:]])
    return out


@cache
def _group_tail_re() -> regex.Pattern:
    """The end of a group's name printed without its unit: 空气质量 / 生态状况 (data/tables/group_tails.txt)."""
    return regex.compile(alternation(load_list("tables/group_tails.txt")))


def _group_at(norm: str, a: int, b: int, group: int) -> int | None:
    """Where the group number `group` ("5." before a name) opens inside [a, b), else None."""
    mark = f"{group}."
    k = norm.find(mark, a, b)
    while k >= 0:
        nxt = k + len(mark)
        if (k == a or not norm[k - 1].isdigit()) and nxt < b and not norm[nxt].isdigit():
            return k
        k = norm.find(mark, k + 1, b)
    return None


def _next_values(norm: str, p: int, limit: int, n: int, group: int) -> tuple[int, list[Span]] | None:
    """The first run of exactly n values after p, within MAX_NAME characters (and its best cut), else None.
    The text before it must hold a name (some character that is no value)."""
    k = p
    while k < min(limit, p + MAX_NAME):
        if NOTE_RE.match(norm, k):
            return None
        if norm[k] in VALUE_START and k > p and not _inside_number(norm, k):
            cuts = _cuts(norm, k, limit, n, group)
            if cuts:
                return k, min(cuts, key=lambda c: _spread(norm, c))
        k += 1
    return None


def _inside_number(norm: str, k: int) -> bool:
    """A run starting at k would start inside a number ("76.7": not at "6", nor at ">" of "76.7>80"); a footnote
    digit glued to a name ("有机物5--〔10〕") is no number.

    >>> s = "率76.7>80-有机物5--"
    >>> [_inside_number(s, k) for k in (2, 5, 12)]
    [True, True, False]
    """
    prev = norm[k - 1]
    if prev == ".":
        return True
    if not prev.isdigit():
        return False
    return norm[k].isdigit() or norm[k] == "." or norm[k - 2:k - 1] in tuple("0123456789.")


def _cuts(norm: str, a: int, limit: int, n: int, group: int) -> list[list[Span]]:
    """Ways to read n values from a that end where the row may end: at the attribute, a note, the next name
    (no value follows) or the next group number."""
    out: list[list[Span]] = []
    stack: list[tuple[int, list[Span]]] = [(a, [])]
    attr = _attr_re()
    steps = 0
    while stack and len(out) < MAX_CUTS and steps < MAX_STEPS:
        q, path = stack.pop()
        steps += 1
        if len(path) == n:
            if q >= limit or attr.match(norm, q, limit) or norm.startswith(f"{group}.", q) \
                    or (norm[q] not in VALUE_START and norm[q] not in " ." and not norm[q - 1].isdigit()) \
                    or (norm[q] not in VALUE_START and norm[q] not in " ." and HAN_RE.match(norm[q])):
                out.append(path)
            continue
        if q >= limit or (path and norm[q] == " " and path[-1][1] - path[-1][0] == 1 and norm[q - 1] == " "):
            continue
        for e in range(min(limit, q + 16), q, -1):
            if VALUE_RE.fullmatch(norm, q, e) and (norm[q] != " " or len(path) == n - 1):
                stack.append((e, path + [(q, e)]))
    return out


def _spread(norm: str, cut: list[Span]) -> float:
    """How far apart the numbers of one row lie (log ratios of neighbours): the smaller, the likelier."""
    nums = [float(m.group()) for x, y in cut if (m := NUM_RE.search(norm, x, y)) and not norm.startswith("〔", x)]
    return sum(abs(math.log((u + 1e-6) / (v + 1e-6))) for u, v in zip(nums, nums[1:]) if u > 0 and v > 0) \
        + sum(1.0 for u in nums if u == 0)


def attribute_table(t: Text, pos: int, limit: int, cols: list[str]) -> tuple:
    """An indicator table closing with its attribute column (attributes.py): the reading of the value headers
    (the five-year sum a column of its own, or not) that reads more rows closed by their attribute: the fields
    of glued.Glued (columns, types, rows, row spans, cell spans, end offset)."""
    eol = EOL_RE.search(t.norm, pos, limit)
    limit = limit if eol is None else eol.start()      # a glued table is one line
    best = None
    for heads in (split_sums(cols), cols) if split_sums(cols) != cols else (cols,):
        rows, end = attribute_rows(t.norm, pos, limit, len(heads) - 2)
        closed = sum(1 for r in rows if r.cells[-1])       # rows closed by their attribute
        if best is None or (closed, len(rows)) > best[0]:
            best = ((closed, len(rows)), list(heads), rows, end)
    _, heads, rows, end = best
    if not rows:
        return cols, [column_type(c) for c in cols], [], [], [], pos
    keep = [k for k in (0, 1) if any(r.cells[k] for r in rows)]     # the category levels in use: top, group
    levels = len(keep)
    columns = [""] * levels + heads                    # category columns first, as every layout prints them
    types = ["category"] * levels + ["name"] + ["number"] * (len(heads) - 2) + ["category"]
    out_rows: list[list[str]] = []
    row_spans: list[Span] = []
    cell_spans: list[tuple] = []
    prev: list[str] = []
    for r in rows:
        cells = [r.cells[k] for k in keep] + r.cells[2:]
        texts = [squeeze(t.out(*c)) if c else "" for c in cells]
        spans = [c if c and texts[k] else None for k, c in enumerate(cells)]
        for k in list(range(levels)) + [len(cells) - 1]:
            if cells[k] is None and prev:               # filled down: a category, a merged attribute
                texts[k] = prev[k]
        out_rows.append(texts)
        cell_spans.append(tuple(spans))
        real = [c for c in spans if c]
        row_spans.append((min(a for a, _ in real), max(b for _, b in real)))
        prev = texts
    return columns, types, out_rows, row_spans, cell_spans, end
