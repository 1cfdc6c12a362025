"""The bottom of the tables stage: lines and pieces, cell patterns, and column typing.

A `Line` is one printed line of the document span; a `Piece` is one cell's worth of printed text (a line,
one " | " part of a line, a tab cell with its continuation lines). Column types come from the header words
in data/tables/columns.yaml; heading numbers from markers.py (the one grammar), read through `heading()`,
`item_marker()` and `style()`.
"""
from __future__ import annotations

from functools import cache, lru_cache
from typing import NamedTuple

import regex

from .. import markers
from ..lexicons import alternation, load_list, load_map
from ..records import Text
from ..spans import Span


CN_NUM = "[一二三四五六七八九十百零〇]"
# The one pattern of a box label: 专栏1 / 专栏 12 / 专栏三, and the kinds some plans prefix (任务专栏4, 重点专栏2)
BOX_PREFIXES = ("任务", "重点", "工程", "项目")
BOX_LABEL = rf"(?:{'|'.join(BOX_PREFIXES)})?专栏[ ]{{0,2}}(?:\d{{1,3}}|{CN_NUM}{{1,4}})"
#: a box label followed by a gap; inside a line it must follow a sentence end (a copy that lost its breaks)
GAPPED_LABEL_RE = regex.compile(rf"{BOX_LABEL}[ \t:]")
LABEL_RE = regex.compile(rf"""
    ^[ \t]{{0,8}}                                   # indentation (U+3000 is a space in norm)
    (?P<label>{BOX_LABEL})                          # 专栏1 / 专栏 12 / 专栏三 / 任务专栏4
    (?![\d])
    [ \t:]{{0,8}}                                   # "专栏1  title" / "专栏1:title"
    (?P<title>[^\n]{{0,80}}?)                       # title on the same line (bounded)
    [ \t]{{0,20}}$
""", regex.VERBOSE)
# Heading numbers come from markers.py (the one grammar); tables name the styles it uses by short kinds.
KIND = {"cn_dun": "cn", "cn_paren": "cnpar", "ar_dot": "num", "ar_paren": "par", "circled": "circ"}
#: an outline heading (一、 (一) 第X章 1.1) ends a table; list items (1. (1) ①) live inside cells
STRONG_HEADINGS = frozenset({"chap", "cn", "cnpar"})
ITEM_KINDS = frozenset({"num", "par", "circ", "cn", "cnpar"})   # the numbered items of a list-style box


def _kind(style: str) -> str:
    if style in markers.CHAPTERS:
        return "chap"
    if style.startswith("dec") and style != "dec1":
        return "dotted" + style[3:]
    return KIND.get(style, style)


def is_strong(kind: str) -> bool:
    """An outline heading kind (a table ends at it).

    >>> is_strong("cnpar"), is_strong("dotted2"), is_strong("num")
    (True, True, False)
    """
    return kind in STRONG_HEADINGS or kind.startswith("dotted")


def item_marker(s: str):
    """The (kind, number, end) of a box item marker a line starts with (1． (1) ① 一、), else None.

    >>> item_marker("  2.推进建设"), item_marker("二、任务"), item_marker("1.5万家") is None
    (('num', 2, 4), ('cn', 2, 2), True)
    """
    m = markers.marker_at(s)
    if m is None or m.span[0] > 8:                 # indentation: up to 8 spaces or tabs
        return None
    kind = _kind(m.style)
    if kind not in ITEM_KINDS:
        return None
    end = m.span[1]
    while end < len(s) and s[end] in " \t" and end - m.span[1] < 4:
        end += 1
    return kind, m.number, end


# Cell separators of layout A: " | " (or a bare "|"), or a tab after content.
SEP_RE = regex.compile(r"[ ]{0,4}\|[ ]{0,4}|(?<=\S)[ ]{0,4}\t[ \t]{0,8}(?=\S)")
HAS_SEP_RE = regex.compile(r"\S[ ]{0,4}(?:\||\t)[ \t]{0,8}\S|^[ ]{0,4}\|.{0,400}\|")
NUMBER_RE = regex.compile(r"""
    ^[-+]?\d{1,12}(?:[.,]\d{1,6})?                  # 10656 / 12.7 / 1,942
    (?:[ ]{0,2}[-—~～至][ ]{0,2}\d{1,12}(?:\.\d{1,6})?)?   # 3—5
    [ ]{0,2}(?:%|‰|个百分点|百分点|倍|万亿|万|亿)?   # 7% / 0.4个百分点
    (?:左右|以上|以下|以内)?$                        # 5%左右
""", regex.VERBOSE)
PLACEHOLDER_RE = regex.compile(r"^(?:[-—–/、]{1,3}|无|暂无|—{1,2}|-{1,2})$")
# a plan period as a header's year: "“十四五”完成值", "十五五目标值" (quoted or not; bounded)
PLAN_HEAD = r"[\"“]?十[一二三四五]?五[\"”]?(?:时期|期末|末)?"
YEAR_HEAD_RE = regex.compile(r"^(?:(?:19|20)\d{2}年?|" + PLAN_HEAD + ")")     # 2018年 / 2022年目标 / “十四五”目标值
YEAR_FRAG_RE = regex.compile(r"^(?:(?:19|20)\d{2}(?:年|年底|年末)?|" + PLAN_HEAD + ")$")   # a header broken after
                                                                                        # the year or the period
DATE_RE = regex.compile(r"(?:19|20)\d{2}年|\d{1,2}月|年底|年内|长期|持续|季度|上半年|下半年")
SPACED_RE = regex.compile(r"^\p{Han}(?:[ ]{1,8}\p{Han}){1,12}$")  # 指  标  名  称 (bounded)
CJK_GAP_RE = regex.compile(r"(?<=[\p{Han}\p{P}])\s{1,40}(?=[\p{Han}\p{P}])")   # any Unicode space
BREAK_AFTER_RE = regex.compile(r"[。；;:!?！？]$")
SPACE_RE = regex.compile(r"\s+")
# a form's header cell with its fill-in instruction in brackets: 具体场景名称（与上面表格对应） (bounded)
NOTED_HEAD_RE = regex.compile(r"(?P<head>[^()（）]{2,12})[(（](?P<note>[^()（）]{1,30})[)）]")
HAS_SPACE_RE = regex.compile(r"\s")
LIST_SEP_RE = regex.compile(r"[、,，;；]")                    # between the units of a unit list
SERIAL_RE = regex.compile(r"^(?:\d{1,3}|示例|例|…{1,2}|\.{3,6})$")   # a form's worked example row: "示例";
                                                                # its last row "……": more rows to fill in
DIGIT_RE = regex.compile(r"\d")
CONTINUED_RE = regex.compile(r"^[ \t]{0,8}[(（]?续(?:上)?表[)）]?[ \t]{0,8}$")        # （续表）
SENTENCE_RE = regex.compile(r"[。;,!?]")   # a sentence, not a caption (norm: ，；→ , ;)
TYPES = ("serial", "org", "date", "unit", "number", "category", "name", "text")
FILL_DOWN = frozenset({"category"})
MAX_WORK = 2_000_000       # cap on pieces x columns^2 for one table (the Viterbi pass's cost)
MAX_COLUMNS = 16


class Columns(NamedTuple):
    """The column vocabulary of data/tables/columns.yaml (see that file for the rules)."""
    order: tuple[str, ...]                   # types in the order their rules are tried
    exact: dict[str, frozenset[str]]         # type -> headers that are exactly one of these
    contains: dict[str, tuple[str, ...]]     # type -> headers that contain one of these
    words: frozenset[str]                    # every header word
    start: frozenset[str]                    # headers that can open a table outside a box
    year_suffix: frozenset[str]              # what follows a year in a header broken across lines


@cache
def columns() -> Columns:
    data = load_map("tables/columns.yaml")
    exact = {t: frozenset(data.get("exact", {}).get(t, [])) for t in TYPES}
    contains = {t: tuple(data.get("contains", {}).get(t, [])) for t in TYPES}
    words = frozenset().union(*exact.values()).union(*(set(v) for v in contains.values()))
    return Columns(tuple(data["order"]), exact, contains, words, frozenset(data["start"]),
                   frozenset(data["year_suffix"]))


@cache
def org_re() -> regex.Pattern:
    """A unit name's ending, then an optional alias in brackets: 市政府办公厅(市大数据局) (bounded)."""
    return regex.compile(alternation(load_list("tables/org_suffix.txt")) + r"(?:[(（][^()（）]{1,20}[)）])?(?:等)?$")


@cache
def units() -> frozenset[str]:
    """Units of measure printed alone in a 单位 column."""
    return frozenset(load_list("tables/units.txt"))


@cache
def attribute_words() -> frozenset[str]:
    """约束性 / 预期性 …: a plan indicator's 属性 (data/tables/attributes.txt), a cell complete in itself."""
    return frozenset(load_list("tables/attributes.txt"))


@cache
def note_re() -> regex.Pattern:
    """A table's trailing note line: 注： / 说明： / 资料来源：…"""
    return regex.compile(r"^[ \t]{0,8}" + alternation(load_list("tables/notes.txt")))


def squeeze(s: str) -> str:
    """Drop layout padding between CJK characters; trim.

    >>> squeeze("  指  标  名  称 "), squeeze("重    点    集    聚    区"), squeeze("GDP per capita")
    ('指标名称', '重点集聚区', 'GDP per capita')
    """
    s = s.strip()
    return CJK_GAP_RE.sub("", s) if HAS_SPACE_RE.search(s) else s


def column_type(header: str, *, last: bool = False) -> str:
    """The type of a column from its header.

    >>> [column_type(h) for h in ("序号", "指标名称", "单位", "2022年目标", "牵头单位", "指标类别")]
    ['serial', 'name', 'unit', 'number', 'org', 'category']
    >>> column_type("重点集聚区", last=True), column_type("某某", last=False), column_type("面积(公顷)")
    ('text', 'name', 'number')
    """
    v = columns()
    h = SPACE_RE.sub("", header)
    if YEAR_HEAD_RE.match(h):
        return "number"
    for t in v.order:
        if h in v.exact[t]:
            return t
    for t in v.order:
        if any(w in h for w in v.contains[t]):
            return t
    if h[-1:] in (")", "）") and (m := UNIT_HEAD_RE.search(h)) and m.group(1) in units():
        return "number"                            # "面积(公顷)", "长度（公里）": a measure in its unit
    return "text" if last else "name"


UNIT_HEAD_RE = regex.compile(r"[(（]([^()（）]{1,6})[)）]$")   # the bracketed unit closing a header

@lru_cache(maxsize=4096)
def is_header_cell(s: str) -> bool:
    """A cell that reads as a column header (vocabulary, a year head, or letter-spaced).

    >>> is_header_cell("指  标  名  称"), is_header_cell("2018年"), is_header_cell("服务业增加值")
    (True, True, False)
    """
    h = SPACE_RE.sub("", s)
    if h[-1:] in (")", "）") and (m := NOTED_HEAD_RE.fullmatch(h)) and "。" not in m.group("note"):
        h = m.group("head")                        # 具体场景名称（与上面表格对应）: the header and its fill-in note
    if not h or len(h) > 12:
        return False
    v = columns()
    if h in v.words or YEAR_FRAG_RE.match(h) or h in v.year_suffix:
        return True
    if YEAR_HEAD_RE.match(h) and any(h.endswith(w) for w in v.year_suffix | {"目标", "基数"}):
        return True
    if SPACED_RE.match(s.strip()):
        return True
    # a short head ending in a typed keyword: 年均增速, 配合部门, 工作措施 (not 规模: 总量规模 is data)
    return len(h) <= 8 and any(h.endswith(w) for t in TYPES for w in v.contains[t] if len(w) >= 2)


def is_org_list(s: str) -> bool:
    """A cell listing units: every part (split on 、，,；) ends like a unit name.

    >>> is_org_list("市住房城乡建委、市规划自然资源局"), is_org_list("加强部门间数据共享。")
    (True, False)
    """
    s = s.strip()
    if not s or len(s) > 300 or "。" in s:
        return False
    parts = [p for p in LIST_SEP_RE.split(s) if p.strip()]
    if not parts:
        return False
    ends = org_re()
    good = sum(1 for p in parts if len(p) <= 30 and ends.search(p.strip()))
    return good >= max(1, 0.7 * len(parts))


def org_share(s: str) -> float:
    parts = [p.strip() for p in LIST_SEP_RE.split(s) if p.strip()]
    ends = org_re()
    return sum(1 for p in parts if len(p) <= 30 and ends.search(p)) / len(parts) if parts else 0.0


@lru_cache(maxsize=65536)
def style(s: str) -> str:
    """The numbering style a cell starts with ("" when none).

    >>> style("一、开办企业"), style("(2)完善管理人制度"), style("12.降低电力价格"), style("总量规模")
    ('cn', 'par', 'num', '')
    """
    m = markers.marker_at(s.strip(), indent=False)
    return KIND.get(m.style, "") if m else ""


class Piece(NamedTuple):
    spans: tuple[Span, ...]      # printed parts (a tab cell plus its continuation lines)
    text: str                    # normalised text, squeezed
    gap: int = 0                 # blank lines before it beyond the table's usual spacing
    fixed: str | None = None     # "row": must open a row; "in": must open a cell in the row; None: free

    @property
    def span(self) -> Span:
        return (self.spans[0][0], self.spans[-1][1]) if self.spans else (0, 0)


class Line(NamedTuple):
    span: Span
    text: str            # norm, as printed (not stripped)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


EOL_RE = regex.compile(r"\r\n|\r|\n")


def lines_of(t: Text, span: Span) -> list[Line]:
    """The lines of `span` without their terminators (one regex pass, no per-character loop)."""
    out, pos, end = [], span[0], span[1]
    for m in EOL_RE.finditer(t.norm, span[0], end):
        out.append(Line((pos, m.start()), t.norm[pos:m.start()]))
        pos = m.end()
    if pos < end:
        out.append(Line((pos, end), t.norm[pos:end]))
    return out


def line_start(norm: str, p: int, floor: int = 0, window: int = 400) -> int:
    """Where the line holding offset p starts (after \\n, \\r\\n or a lone \\r), looking back at most
    `window` characters (then p - window: a longer line) and never before `floor`.

    >>> line_start("ab\\rcd\\nef", 7), line_start("abcdef", 5, window=2), line_start("abc", 2)
    (6, 3, 0)
    """
    lo = max(floor, p - window)
    k = max(norm.rfind("\n", lo, p), norm.rfind("\r", lo, p))
    return k + 1 if k >= 0 else lo


def next_nonblank(lines: list[Line], i: int) -> int:
    while i < len(lines) and lines[i].blank:
        i += 1
    return i


def strip_span(line: Line) -> Span:
    s, e = line.span
    txt = line.text
    a = len(txt) - len(txt.lstrip())
    b = len(txt.rstrip())
    return (s + a, s + b) if b > a else (s + a, s + a)


def is_note(line: Line) -> bool:
    return bool(note_re().match(line.text))


def label_match(line: Line):
    """The 专栏 label match of a line, unless the "title" is a sentence (专栏1所列指标……。)."""
    m = LABEL_RE.match(line.text)
    if m and not SENTENCE_RE.search(m.group("title")):
        return m
    return None


def is_label(line: Line) -> bool:
    return label_match(line) is not None


def has_sep(line: Line) -> bool:
    """The line separates cells with " | " or a tab (both branches of HAS_SEP_RE need one: a literal test first)."""
    text = line.text
    return ("|" in text or "\t" in text) and bool(HAS_SEP_RE.search(text.strip("\n")))


def heading(s: str) -> tuple[str, int] | None:
    """The (kind, number) of a section-heading marker a line starts with (indentation of spaces only: a
    tab opens a cell of layout B), or None.

    >>> heading("二、重点任务"), heading("  (一)强化算力支撑"), heading("第三章 保障措施")
    (('cn', 2), ('cnpar', 1), ('chap', 3))
    >>> heading("1.2.3 应急响应"), heading("3.加强协同"), heading("1.5万家企业"), heading("\\t二、任务")
    (('dotted3', 3), ('num', 3), None, None)
    >>> heading("1.1编制目的"), heading("2.5小时"), heading("0.8公顷以上")
    (('dotted2', 1), None, None)
    """
    m = markers.marker_at(s)
    if m is None or m.style == "dec1" or m.number is None or m.span[0] > 8 or "\t" in s[:m.span[0]]:
        return None
    kind = _kind(m.style)
    if kind.startswith("dotted") and not HAN_AFTER_RE.match(s, m.span[1]):
        return None                                # a value, not a heading number: 0.8公顷 / 1.2 km
    return kind, m.number


HAN_AFTER_RE = regex.compile(r"[ ]{0,4}\p{Han}")
