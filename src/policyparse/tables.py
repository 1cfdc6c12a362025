"""专栏 boxes and header-row tables, recovered from flattened text -> TableHit.

Reads: the normalised text of one document span. Writes: nothing. Raises: nothing on content.

A table starts at a "专栏N  title" line or at a header row (目标任务 / 工作措施 / 牵头单位 …, see
data/tables/columns.yaml). Its body reaches us in one of three flattened layouts:

  A  one row per line, cells separated by " | " or tabs;
  B  one cell per line behind a leading tab, rows separated by blank lines (a line without the tab
     continues the cell above: "2018年" / "基数");
  C  one cell per line with blank lines between cells and nothing marking the rows; an extra blank
     line stands for an empty cell, a row-spanning cell is printed only in its first row.

All three become a sequence of *pieces* (one line, or one separated part of a line). A Viterbi pass
assigns every piece to a column: it may open a new cell in the current row, continue the cell
before it (a cell broken across lines, a multi-paragraph measure), or open a new row. Scores come
from how well a piece fits the column's type (a number in 2022年目标, a unit list in 牵头单位 …) and
from the cost of skipped or missing cells. Layouts A and B fix the row breaks; layout C leaves them
to the pass. A box whose body is numbered items (1．2．…) is list-style: `items`, no rows.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple
from functools import cache, lru_cache

import regex

from . import markers
from .diagnostics import Code, Diagnostic
from .lexicons import alternation, load_list, load_map
from .records import Found, TableHit, Text
from .spans import Span

# ------------------------------------------------------------------ patterns (matched on t.norm)

CN_NUM = "[一二三四五六七八九十百零〇]"

LABEL_RE = regex.compile(rf"""
    ^[ \t]{{0,8}}                                   # indentation (U+3000 is a space in norm)
    (?P<label>专栏[ ]{{0,2}}(?:\d{{1,3}}|{CN_NUM}{{1,4}}))   # 专栏1 / 专栏 12 / 专栏三
    (?![\d])
    [ \t:]{{0,8}}                                   # "专栏1  title" / "专栏1:title"
    (?P<title>[^\n]{{0,80}}?)                       # title on the same line (bounded)
    [ \t]{{0,20}}$
""", regex.VERBOSE)

# Heading numbers come from markers.py (the one grammar); tables name the styles it uses by short kinds.
KIND = {"cn_dun": "cn", "cn_paren": "cnpar", "ar_dot": "num", "ar_paren": "par", "circled": "circ"}
#: an outline heading (一、 (一) 第X章 1.1) ends a table; list items (1. (1) ①) live inside cells
STRONG_HEADINGS = frozenset({"chap", "cn", "cnpar"})
ITEM_KINDS = frozenset({"num", "par", "circ", "cn"})      # the numbered items of a list-style box


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
YEAR_HEAD_RE = regex.compile(r"^(?:19|20)\d{2}年?")           # 2018年 / 2022年目标
YEAR_FRAG_RE = regex.compile(r"^(?:19|20)\d{2}(?:年|年底|年末)?$")  # a header broken after the year
DATE_RE = regex.compile(r"(?:19|20)\d{2}年|\d{1,2}月|年底|年内|长期|持续|季度|上半年|下半年")
SPACED_RE = regex.compile(r"^\p{Han}(?:[ ]{1,8}\p{Han}){1,12}$")  # 指  标  名  称 (bounded)
CJK_GAP_RE = regex.compile(r"(?<=[\p{Han}\p{P}])\s{1,40}(?=[\p{Han}\p{P}])")   # any Unicode space
BREAK_AFTER_RE = regex.compile(r"[。；;:!?！？]$")
SPACE_RE = regex.compile(r"\s+")
HAS_SPACE_RE = regex.compile(r"\s")
LIST_SEP_RE = regex.compile(r"[、,，;；]")                    # between the units of a unit list
SERIAL_RE = regex.compile(r"^\d{1,3}$")
DIGIT_RE = regex.compile(r"\d")
CAPTION_END_RE = regex.compile(r"[;:,]$|。")                 # a sentence, not a table caption
ATTACHMENT_RE = regex.compile(r"^附件\s{0,3}\d{0,2}$")
ATTACHMENT_PREFIX_RE = regex.compile(r"附件\s{0,3}\d{0,2}\s{0,3}[:：]\s{0,3}")   # 附件1：title
CONTINUED_RE = regex.compile(r"^[ \t]{0,8}[(（]?续(?:上)?表[)）]?[ \t]{0,8}$")        # （续表）
SENTENCE_RE = regex.compile(r"[。;,!?]")   # a sentence, not a caption (norm: ，；→ , ;)
# A table number leading a caption ("表1  title", "表 1:title", "附表2 title", "表1-1 title"): the
# table's label; the rest of the line is its title. Bounded digits and gaps (no backtracking risk).
TABLE_NO_RE = regex.compile(r"""
    (?P<label>附?表[ ]{0,2}\d{1,3}(?:[-.][ ]{0,1}\d{1,3}){0,2})   # 表1 / 表 1 / 附表2 / 表1-1
    (?![\d%])                                                           # not 表10% or a number
    [ \t:.、]{0,8}                                                       # the gap before the title
""", regex.VERBOSE)

TYPES = ("serial", "org", "date", "unit", "number", "category", "name", "text")
FILL_DOWN = frozenset({"category"})
MAX_WORK = 2_000_000       # cap on pieces x columns^2 for one table (the Viterbi pass's cost)
MAX_COLUMNS = 16


@cache
def _vocab() -> dict:
    data = load_map("tables/columns.yaml")
    exact = {t: {w for w in data.get("exact", {}).get(t, [])} for t in TYPES}
    contains = {t: tuple(data.get("contains", {}).get(t, [])) for t in TYPES}
    words = set().union(*exact.values()).union(*(set(v) for v in contains.values()))
    return {
        "order": tuple(data["order"]), "exact": exact, "contains": contains, "words": words,
        "start": frozenset(data["start"]), "year_suffix": frozenset(data["year_suffix"]),
        # a unit name's ending, then an optional alias in brackets: 市政府办公厅(市大数据局) (bounded)
        "org_re": regex.compile(alternation(load_list("tables/org_suffix.txt"))
                                + r"(?:[(（][^()（）]{1,20}[)）])?(?:等)?$"),
        "units": frozenset(load_list("tables/units.txt")),
        "note_re": regex.compile(r"^[ \t]{0,8}" + alternation(load_list("tables/notes.txt"))),
        # where a table can open: a 专栏 label, or a line led by a header word that stands alone or
        # is followed by a cell separator (bounded runs only)
        "start_re": regex.compile(
            r"[ \t|]{0,8}(?:专栏|" + alternation(words) + r"(?:[ \t]{0,8}(?=[\r\n]|\Z)|[ ]{0,4}[|\t]))"),
        # a cheap first pass for it: a line whose first character could start one of those words
        "first_re": regex.compile(
            r"(?:^|(?<=\r))[ \t|]{0,8}[专" + "".join(sorted({regex.escape(w[0]) for w in words})) + "]",
            regex.MULTILINE),
    }


# ------------------------------------------------------------------ small helpers

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
    >>> column_type("重点集聚区", last=True), column_type("某某", last=False)
    ('text', 'name')
    """
    v = _vocab()
    h = SPACE_RE.sub("", header)
    if YEAR_HEAD_RE.match(h):
        return "number"
    for t in v["order"]:
        if h in v["exact"][t]:
            return t
    for t in v["order"]:
        if any(w in h for w in v["contains"][t]):
            return t
    return "text" if last else "name"


@lru_cache(maxsize=4096)
def is_header_cell(s: str) -> bool:
    """A cell that reads as a column header (vocabulary, a year head, or letter-spaced).

    >>> is_header_cell("指  标  名  称"), is_header_cell("2018年"), is_header_cell("服务业增加值")
    (True, True, False)
    """
    h = SPACE_RE.sub("", s)
    if not h or len(h) > 12:
        return False
    v = _vocab()
    if h in v["words"] or YEAR_FRAG_RE.match(h) or h in v["year_suffix"]:
        return True
    if YEAR_HEAD_RE.match(h) and any(h.endswith(w) for w in v["year_suffix"] | {"目标", "基数"}):
        return True
    if SPACED_RE.match(s.strip()):
        return True
    # a short head ending in a typed keyword: 年均增速, 配合部门, 工作措施 (not 规模: 总量规模 is data)
    return len(h) <= 8 and any(h.endswith(w) for t in TYPES for w in v["contains"][t] if len(w) >= 2)


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
    org_re = _vocab()["org_re"]
    good = sum(1 for p in parts if len(p) <= 30 and org_re.search(p.strip()))
    return good >= max(1, 0.7 * len(parts))


def _org_share(s: str) -> float:
    parts = [p.strip() for p in LIST_SEP_RE.split(s) if p.strip()]
    org_re = _vocab()["org_re"]
    return sum(1 for p in parts if len(p) <= 30 and org_re.search(p)) / len(parts) if parts else 0.0


@lru_cache(maxsize=65536)
def style(s: str) -> str:
    """The numbering style a cell starts with ("" when none).

    >>> style("一、开办企业"), style("(2)完善管理人制度"), style("12.降低电力价格"), style("总量规模")
    ('cn', 'par', 'num', '')
    """
    m = markers.marker_at(s.strip(), indent=False)
    return KIND.get(m.style, "") if m else ""


# ------------------------------------------------------------------ pieces and their scores

class Piece(NamedTuple):
    spans: tuple[Span, ...]      # printed parts (a tab cell plus its continuation lines)
    text: str                    # normalised text, squeezed
    gap: int = 0                 # blank lines before it beyond the table's usual spacing
    fixed: str | None = None     # "row": must open a row; "in": must open a cell in the row; None: free

    @property
    def span(self) -> Span:
        return (self.spans[0][0], self.spans[-1][1]) if self.spans else (0, 0)


def emission(p: Piece, typ: str) -> float:
    """How well a piece fits a column type: about +2 (clearly fits) .. -3 (clearly does not)."""
    return emission_of(p.text, typ)


@lru_cache(maxsize=65536)
def emission_of(s: str, typ: str) -> float:
    if not s:
        return 0.0
    n = len(s)
    is_num = bool(NUMBER_RE.match(s))
    placeholder = bool(PLACEHOLDER_RE.match(s))
    sentence = "。" in s or n > 60
    st = style(s)
    if typ == "serial":
        return 2.0 if SERIAL_RE.match(s) else (-1.0 if is_num else -3.0)
    if typ == "number":
        if is_num:
            return 2.0
        if placeholder:
            return 1.0
        return 0.3 if (n <= 12 and DIGIT_RE.search(s)) else -3.0
    if typ == "unit":
        if is_num or sentence or n > 10:
            return -3.0
        if s in _vocab()["units"]:
            return 2.0
        return 0.5 if not DIGIT_RE.search(s) and n <= 6 else -1.5
    if typ == "org":
        if is_org_list(s):
            return 2.0
        if not sentence and not st and n <= 80 and _org_share(s) >= 0.5:
            return 1.0
        if placeholder:
            return 0.5
        return -3.0 if (sentence or st) else -1.5
    if typ == "date":
        if DATE_RE.search(s) and n <= 30:
            return 2.0
        return -1.0 if n <= 20 else -3.0
    if typ == "category":
        if is_num:
            return -2.0
        if sentence or n > 30 or st in ("num", "par", "circ"):
            return -3.0 if sentence or n > 30 else -1.0
        if st in ("cn", "cnpar"):                  # 一、开办企业: the usual task-table group
            return 1.5
        return 1.0 if n <= 16 else 0.0
    if typ == "name":
        if is_num:
            return -2.0
        if sentence:
            return -1.0
        return 1.0 if n <= 40 else 0.0
    # text
    if is_num:
        return -1.0
    if st in ("cn", "cnpar") and not sentence and n <= 16:
        return 0.5                                 # reads more like a group heading
    if st or sentence or n >= 15:
        return 1.5
    return -1.0 if n < 8 else 0.5


def continuation(prev: Piece, p: Piece, typ: str) -> float | None:
    """The cost of `p` continuing the cell that `prev` is in, or None when it cannot."""
    if not p.text or not prev.text or p.fixed:
        return None
    if typ in ("serial", "number", "unit", "date"):
        return None
    if typ == "text":
        return -1.5 if style(p.text) in ("cn", "cnpar") else 0.0   # 二、… opens a group, not a paragraph
    if typ == "org":
        if prev.text.endswith(("、", ",", "，")):
            return -0.3
        return 0.8 if _org_broken_midword(prev.text, p.text) else -1.5
    # short cells broken across lines: "信息科技服" / "务产业园区"
    if style(p.text) or BREAK_AFTER_RE.search(prev.text):
        return None
    if len(prev.text) + len(p.text) > 24:
        return None
    return -0.5 if len(prev.text) <= 8 and len(p.text) <= 8 else -1.0


ORG_HEAD_RE = regex.compile(r"^[市省区县州盟旗乡镇各]")      # how a unit name usually starts
ORG_TAIL_FRAG_RE = regex.compile(r"[^、,，;；]{1,4}")               # the first part of the next line


def _org_broken_midword(prev: str, nxt: str) -> bool:
    """A unit name broken across lines: "市农业农村局、市大数据发" / "展局".

    The previous line ends mid-word (a Han character, no punctuation, its last unit has no unit
    ending), the next line starts with a short fragment (at most 4 characters before any list
    separator, not how a unit name starts), and the two together end like a unit name.

    >>> _org_broken_midword("市农业农村局、市大数据发", "展局"), _org_broken_midword("市商务局", "市财政局")
    (True, False)
    >>> _org_broken_midword("市交通运输局、市邮政管", "理局、市财政局"), _org_broken_midword("市农业农村局", "展局")
    (True, False)
    """
    if not prev or not nxt or not regex.match(r"\p{Han}", prev[-1]) or prev[-1] == "等":
        return False
    org_re = _vocab()["org_re"]
    last = LIST_SEP_RE.split(prev)[-1].strip()
    if not last or org_re.search(last) or ORG_HEAD_RE.match(nxt):
        return False
    m = ORG_TAIL_FRAG_RE.match(nxt)              # bounded: at most 4 characters
    if not m or (m.end() < len(nxt) and not LIST_SEP_RE.match(nxt, m.end())):
        return False
    return len(last) + m.end() <= 30 and bool(org_re.search(last + m.group()))


MAX_GAP = 4                 # extra blank lines beyond this count as this many


@cache
def _transitions(types: tuple[str, ...]) -> tuple:
    """Transition scores for a column set: same-row moves and new-row moves, by gap and fixedness.

    same[fixed][gap][i][j] (j > i), new[gap][i][j]: a row that stops after column i and a new row
    that starts at column j; `last[i]`: closing the final row after column i.
    """
    n = len(types)
    fill = [t in FILL_DOWN for t in types]

    def lead(j: int) -> float:                   # a row that starts at column j
        return sum(-0.1 if fill[c] else -1.5 for c in range(j))

    def trail(i: int, gap: int) -> float:        # a row that stops after column i
        missing = n - 1 - i                      # empty (hinted) or merged with the row above
        per = 0.6 if i > 0 else 1.2              # a row of one cell is rarely the whole row
        return -0.2 * min(missing, gap) - per * max(0, missing - gap)

    def skip(i: int, j: int, gap: int, fixed: bool) -> float:
        k = j - i - 1                            # printed rows (A, B) lose cells at the end, not inside
        return -0.3 * min(k, gap) - (2.5 if fixed else 1.2) * max(0, k - gap) - (0.3 if gap > k else 0.0)

    same = tuple(tuple(tuple(tuple(skip(i, j, g, f) if j > i else None for j in range(n)) for i in range(n))
                       for g in range(MAX_GAP + 1)) for f in (False, True))
    new = tuple(tuple(tuple(trail(i, g) + lead(j) for j in range(n)) for i in range(n))
                for g in range(MAX_GAP + 1))
    first = tuple(sum(-1.5 for c in range(j)) for j in range(n))
    last = tuple(trail(i, 0) for i in range(n))
    return same, new, first, last


class Aligner:
    """The Viterbi pass, run forward incrementally: `extend` to more pieces, `path` for a prefix.

    The forward scores of piece k depend only on pieces[:k + 1], so a longer window reuses the
    work done for a shorter one, and the best alignment of any prefix is a backtrack away.
    """

    def __init__(self, pieces: list[Piece], types: list[str]):
        self.pieces, self.types, self.n = pieces, list(types), len(types)
        self.same, self.new, self.first, self.last = _transitions(tuple(types))
        self.opened: list[list[float]] = []       # best score with piece k opening a cell in column j
        self.contd: list[list[float]] = []        # ... continuing the cell above it in column j
        self.back_o: list[list[tuple[int, int, bool] | None]] = []   # (prev column, prev kind, new row)
        self.back_c: list[list[int]] = []         # prev kind

    def extend(self, upto: int) -> None:
        NEG, n, types, pieces = float("-inf"), self.n, self.types, self.pieces
        for k in range(len(self.opened), min(upto, len(pieces))):
            p = pieces[k]
            em = [emission_of(p.text, t) for t in types]
            if k == 0:
                self.opened.append([self.first[j] + em[j] for j in range(n)])
                self.contd.append([NEG] * n)
                self.back_o.append([None] * n)
                self.back_c.append([0] * n)
                continue
            po, pc = self.opened[-1], self.contd[-1]
            prev = [(po[i], 0) if po[i] >= pc[i] else (pc[i], 1) for i in range(n)]
            g = min(p.gap, MAX_GAP)
            sm, nw = self.same[p.fixed == "in"][g], self.new[g]
            may_stay, may_break = p.fixed != "row", p.fixed != "in"
            row_o, row_b = [NEG] * n, [None] * n
            for j in range(n):
                best, arg = NEG, None
                for i in range(n):
                    v0, c0 = prev[i]
                    if v0 == NEG:
                        continue
                    if may_stay and j > i:
                        v = v0 + sm[i][j]
                        if v > best:
                            best, arg = v, (i, c0, False)
                    if may_break:
                        v = v0 + nw[i][j]
                        if v > best:
                            best, arg = v, (i, c0, True)
                if arg is not None:
                    row_o[j], row_b[j] = best + em[j], arg
            row_c, row_cb = [NEG] * n, [0] * n
            before = pieces[k - 1]
            for j in range(n):
                if prev[j][0] > NEG:
                    cost = continuation(before, p, types[j])
                    if cost is not None:
                        row_c[j], row_cb[j] = prev[j][0] + cost + em[j], prev[j][1]
            self.opened.append(row_o)
            self.contd.append(row_c)
            self.back_o.append(row_b)
            self.back_c.append(row_cb)

    def path(self, m: int) -> list[tuple[int, int, bool]]:
        """(row, column, continues-previous-cell) for pieces[:m]; rows numbered from 0."""
        self.extend(m)
        m = min(m, len(self.opened))
        if m <= 0:
            return []
        NEG = float("-inf")
        best, state = NEG, (0, 0)
        for j in range(self.n):
            for c, v in ((0, self.opened[m - 1][j]), (1, self.contd[m - 1][j])):
                if v > NEG and v + self.last[j] > best:
                    best, state = v + self.last[j], (j, c)
        steps: list[tuple[int, bool, bool]] = []   # (column, cont, new_row) backwards
        j, c = state
        for k in range(m - 1, -1, -1):
            if c == 1:
                steps.append((j, True, False))
                c = self.back_c[k][j]
                continue
            b = self.back_o[k][j]
            steps.append((j, False, b is None or b[2]))
            if b is None:
                break
            j, c = b[0], b[1]
        steps.reverse()
        out, row = [], -1
        for col, cont, new_row in steps:
            if new_row:
                row += 1
            out.append((row, col, cont))
        return out


def _fixed_rows(pieces: list[Piece], types: list[str]) -> list[tuple[int, int, bool]]:
    """Layouts A and B: the rows are printed; a full row maps cell to column, a short one is aligned."""
    out: list[tuple[int, int, bool]] = []
    k, row, n = 0, 0, len(types)
    while k < len(pieces):
        e = k + 1
        while e < len(pieces) and pieces[e].fixed != "row":
            e += 1
        group = pieces[k:e]
        if len(group) == n:
            out += [(row, c, False) for c in range(n)]
            row += 1
        else:
            path = viterbi(group, types)
            out += [(row + r, c, cont) for r, c, cont in path]
            row += path[-1][0] + 1 if path else 1
        k = e
    return out


def viterbi(pieces: list[Piece], types: list[str]) -> list[tuple[int, int, bool]]:
    """Assign every piece to (row, column, continues-previous-cell); rows numbered from 0."""
    if not pieces or not types:
        return []
    return Aligner(pieces, types).path(len(pieces))


# ------------------------------------------------------------------ the document's lines

class Line(NamedTuple):
    span: Span
    text: str            # norm, as printed (not stripped)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


EOL_RE = regex.compile(r"\r\n|\r|\n")


def _lines(t: Text, span: Span) -> list[Line]:
    """The lines of `span` without their terminators (one regex pass, no per-character loop)."""
    out, pos, end = [], span[0], span[1]
    for m in EOL_RE.finditer(t.norm, span[0], end):
        out.append(Line((pos, m.start()), t.norm[pos:m.start()]))
        pos = m.end()
    if pos < end:
        out.append(Line((pos, end), t.norm[pos:end]))
    return out


def _next_nonblank(lines: list[Line], i: int) -> int:
    while i < len(lines) and lines[i].blank:
        i += 1
    return i


def _strip_span(line: Line) -> Span:
    s, e = line.span
    txt = line.text
    a = len(txt) - len(txt.lstrip())
    b = len(txt.rstrip())
    return (s + a, s + b) if b > a else (s + a, s + a)


def _is_note(line: Line) -> bool:
    return bool(_vocab()["note_re"].match(line.text))


def _label(line: Line):
    """The 专栏 label match of a line, unless the "title" is a sentence (专栏1所列指标……。)."""
    m = LABEL_RE.match(line.text)
    if m and not SENTENCE_RE.search(m.group("title")):
        return m
    return None


def _is_label(line: Line) -> bool:
    return _label(line) is not None


def _has_sep(line: Line) -> bool:
    return bool(HAS_SEP_RE.search(line.text.strip("\n")))


# ------------------------------------------------------------------ the three layouts -> pieces

def _split_row(line: Line, fixed_first: str = "row") -> list[Piece]:
    """Layout A: one line -> its cells (an outer "|" at either end opens or closes no cell)."""
    s0, txt = line.span[0], line.text
    bounds = [0]
    if "\t" not in txt:                          # the usual " | " rows: plain string splitting
        pos = 0
        for part in txt.split("|")[:-1]:
            pos += len(part)
            bounds += (pos, pos + 1)
            pos += 1
    else:
        for m in SEP_RE.finditer(txt):
            bounds += (m.start(), m.end())
    bounds.append(len(txt))
    out: list[Piece] = []
    last = len(bounds) // 2 - 1
    for k in range(last + 1):
        a, b = bounds[2 * k], bounds[2 * k + 1]
        seg = txt[a:b]
        body = seg.strip()
        if not body and (k == 0 or k == last) and last > 0 and "|" in txt:
            continue
        lo = a + len(seg) - len(seg.lstrip())
        out.append(Piece(((s0 + lo, s0 + lo + len(body)),), squeeze(body), 0, "in"))
    if out:
        out[0] = out[0]._replace(fixed=fixed_first)
    return out


def _layout(lines: list[Line], i: int) -> str:
    if i >= len(lines):
        return "C"
    if _has_sep(lines[i]):
        return "A"
    if lines[i].text.startswith("\t"):
        return "B"
    return "C"


def _pieces_a(lines: list[Line], i: int) -> tuple[list[list[Piece]], int]:
    """Rows of layout A from line i; returns (rows, index after the last row line)."""
    rows, end = [], i
    while i < len(lines):
        ln = lines[i]
        if ln.blank:
            i += 1
            continue
        if CONTINUED_RE.match(ln.text):           # （续表）: the same table after a page break
            i += 1
            continue
        if not _has_sep(ln) or _is_label(ln):
            break
        row = _split_row(ln)
        if rows and _new_header(row, rows[0]):
            break                                 # the next table's header row, printed right after
        rows.append(row)
        i += 1
        end = i
    return rows, end


def _new_header(row: list[Piece], head: list[Piece]) -> bool:
    """Layout A: a row made of header words only, other than the table's own header (a repeat)."""
    texts = [p.text for p in row]
    return len(texts) >= 2 and all(is_header_cell(x) for x in texts) and _strong_header(texts) \
        and [SPACE_RE.sub("", x) for x in texts] != [SPACE_RE.sub("", p.text) for p in head]


def _pieces_b(lines: list[Line], i: int) -> tuple[list[list[Piece]], int]:
    """Row groups of layout B (tab cells, blank lines between rows) from line i."""
    rows: list[list[Piece]] = []
    cur: list[Piece] = []
    end = i
    after_blank = True
    while i < len(lines):
        ln = lines[i]
        if ln.blank and not (ln.text.startswith("\t") and (cur or _tab_cell_follows(lines, i))):
            if cur:
                rows.append(cur)
                cur = []
            after_blank = True
            i += 1
            continue
        if ln.text.startswith("\t"):              # a cell; a bare tab is an empty cell
            sp = _strip_span(ln)
            txt = ln.text.strip()
            cur.append(Piece((sp,) if txt else ((ln.span[1], ln.span[1]),), squeeze(txt), 0,
                             "row" if not cur else "in"))
        elif cur and not after_blank and _continues_cell(lines, i, cur[-1]):
            # a broken cell goes on without its tab ("2018年" / "基数")
            last = cur[-1]
            cur[-1] = Piece(last.spans + (_strip_span(ln),), last.text + squeeze(ln.text),
                            last.gap, last.fixed)
        else:
            break
        after_blank = False
        end = i + 1
        i += 1
    if cur:
        rows.append(cur)
    return rows, end


FRAGMENT_RE = regex.compile(r"^\p{Han}{1,3}$")     # the tail of a name broken across tab lines: "模"


def _join_broken(r: list[Piece], types: list[str]) -> list[Piece] | None:
    """Layout B: a row block one cell longer than the columns, where a name cell was broken over two
    tab lines ("新型储能装机规" / "模" / "万千瓦" / "320"): the row with that cell joined, or None.

    The first piece must be an unfinished name (no number, no closing punctuation), the second a
    short fragment (not a unit word), and every cell after the joined one must fit its column type,
    with at least one unit or number column among them to vouch for the alignment.
    """
    n = len(types)
    if len(r) != n + 1:
        return None
    units = _vocab()["units"]
    for k in range(n):
        a, b = r[k], r[k + 1]
        if types[k] not in ("name", "category", "text") or not a.text or not FRAGMENT_RE.match(b.text) \
                or b.text in units or NUMBER_RE.match(a.text) or PLACEHOLDER_RE.match(a.text) \
                or BREAK_AFTER_RE.search(a.text) or style(a.text) or len(a.text) > 24:
            continue
        rest = r[k + 2:]
        tail = types[k + 1:]
        if not any(t in ("unit", "number") for t in tail) \
                or not all(emission_of(p.text, t) > 0 for p, t in zip(rest, tail)):
            continue
        joined = Piece(a.spans + b.spans, a.text + b.text, a.gap, a.fixed)
        return r[:k] + [joined] + rest
    return None


def _tab_separated(r: list[Piece], types: list[str]) -> list[list[Piece]] | None:
    """Layout B: a block whose rows are parted by tab-only lines instead of blank lines.

    A tab-only line is an empty cell, unless empty cells fall at every row boundary: at least two of
    them, each part between them exactly a row (or a row with one broken name cell, see _join_broken).
    Returns the rows, or None when the empty cells are not such a consistent separator.
    """
    n = len(types)
    if sum(1 for p in r if not p.text) < 2:
        return None
    parts, cur = [], []
    for p in r:
        if p.text:
            cur.append(p)
        else:
            parts.append(cur)
            cur = []
    parts.append(cur)
    if not parts[0]:
        parts = parts[1:]                        # a separator before the first row
    if parts and not parts[-1]:
        parts = parts[:-1]                       # and after the last
    if len(parts) < 2 or not all(len(x) == n or (len(x) == n + 1 and _join_broken(x, types))
                                 for x in parts):
        return None
    return [[x[0]._replace(fixed="row")] + x[1:] for x in parts]


def _continues_cell(lines: list[Line], i: int, prev: Piece) -> bool:
    """Layout B: whether line i, printed without the leading tab, goes on with the cell `prev`.

    Anything else ends the table: a 专栏 label, a note, a row of layout A, a section heading at the
    margin (一、 (一) 第X章 1.1; an item 1. (1) ① only when the cell itself is such a list), and
    body text after a finished cell (a number, or a sentence) that no tab cell follows.
    """
    ln = lines[i]
    if _is_label(ln) or _is_note(ln) or _has_sep(ln) or CONTINUED_RE.match(ln.text):
        return False
    h = heading(ln.text)
    if h and (is_strong(h[0]) or style(prev.text) != h[0]):
        return False
    if _tab_cell_follows(lines, i):               # tab cells go on right after it: inside the row
        return True
    p, here = prev.text, ln.text.strip()
    if len(here) > 40 and len(p) <= 12:          # a paragraph after a short, finished cell
        return False
    return bool(p) and not NUMBER_RE.match(p) and not PLACEHOLDER_RE.match(p) \
        and not BREAK_AFTER_RE.search(p)


def _tab_cell_follows(lines: list[Line], i: int) -> bool:
    """A bare-tab line opens a row (an empty first cell) when a tab cell follows directly."""
    return i + 1 < len(lines) and lines[i + 1].text.startswith("\t") and not lines[i + 1].blank


def _pieces_c(lines: list[Line], i: int) -> tuple[list[Piece], int]:
    """Pieces of layout C from line i up to a hard stop (a label, a note, a run of blank lines)."""
    raw: list[tuple[int, int]] = []      # (line index, blank lines before)
    blanks = 0
    while i < len(lines) and len(raw) < MAX_WORK // 4:
        ln = lines[i]
        if ln.blank:
            blanks += 1
            i += 1
            continue
        if raw and (_is_label(ln) or _is_note(ln)):
            break
        if CONTINUED_RE.match(ln.text):           # （续表）: the table goes on after a page break
            i += 1
            continue
        raw.append((i, blanks))
        blanks = 0
        i += 1
    gaps = [b for _, b in raw[1:60]]
    usual = max(set(gaps), key=lambda g: (gaps.count(g), -g)) if gaps else 0   # the usual spacing
    pieces = []
    for n, (li, b) in enumerate(raw):
        ln = lines[li]
        pieces.append(Piece((_strip_span(ln),), squeeze(ln.text), 0 if n == 0 else max(0, b - usual)))
    return pieces, [li for li, _ in raw]


# ------------------------------------------------------------------ headers

def _join_header(cells: list[Piece]) -> list[Piece]:
    """Join header cells broken across lines: "2018年" + "基数" -> "2018年基数"."""
    v = _vocab()
    out: list[Piece] = []
    for c in cells:
        h = c.text
        if out:
            prev = out[-1].text
            joined = prev + h
            # a bare year goes on with a year suffix or a short fragment, never with a header of its
            # own ("2025年" + "属性" are two columns)
            if (YEAR_FRAG_RE.match(prev) and not YEAR_HEAD_RE.match(h)
                    and (h in v["year_suffix"] or (len(h) <= 4 and not is_header_cell(h)))) \
                    or (prev not in v["words"] and joined in v["words"]):
                out[-1] = Piece(out[-1].spans + c.spans, joined, out[-1].gap, out[-1].fixed)
                continue
        out.append(c)
    return out


def _before_heading(pieces: list[Piece], n: int) -> int:
    """Layout C: how many pieces come before a section heading that ends the table.

    A piece led by a heading marker (二、 (一) 第X章 1.1 3.) is a cell of this table only when the
    table numbers its own cells that way: an outline marker (一、 (一) 第X章 1.1) must be of a kind
    the cells already use, or a 1 in the first row (a 一、 group opening the body); an item marker
    (1. (1) ①) must be a 1 or of a kind the cells already use (a list in every measure).
    """
    seen: dict[str, set[int]] = {}
    for k, p in enumerate(pieces):
        h = heading(p.text)
        if h is None:
            continue
        kind, num = h
        nums = seen.setdefault(kind, set())
        if is_strong(kind):
            ok = bool(nums) or (num == 1 and k < n)
        else:                                      # items inside cells: any row may open a list
            ok = num == 1 or bool(nums)
        if not ok:
            return k
        nums.add(num)
    return len(pieces)


def _line_after(lines: list[Line], i: int, pos: int) -> int:
    """The index of the first line from i on that starts at or after offset `pos`."""
    end = i
    while end < len(lines) and lines[end].span[0] < pos:
        end += 1
    return end


def _next_header(pieces: list[Piece], head: list[str]) -> int:
    """Layouts B and C: where a run of header cells other than the table's own header opens the
    next table (a repeat of the own header is the same table after a page break)."""
    own = [SPACE_RE.sub("", h) for h in head]
    k = 0
    while k < len(pieces):
        if not is_header_cell(pieces[k].text):
            k += 1
            continue
        run = _header_run(pieces[k:k + 3 * MAX_COLUMNS])
        texts = [q.text for q in pieces[k:k + run]]
        joined = [SPACE_RE.sub("", q.text) for q in _join_header(pieces[k:k + run])]
        if run >= 2 and _strong_header(texts) and joined[:len(own)] != own and joined != own[:len(joined)]:
            return k
        k += max(1, run)                          # past a repeat of the own header (or one cell)
    return len(pieces)


def _drop_repeats(pieces: list[Piece], head: list[str]) -> list[Piece]:
    """Layout C: drop the header where a page break printed it again (one table, SPEC §6)."""
    h = len(head)
    out, k = [], 0
    while k < len(pieces):
        if h >= 2 and [p.text for p in pieces[k:k + h]] == head:
            k += h
            continue
        out.append(pieces[k])
        k += 1
    return out


def _header_run(pieces: list[Piece]) -> int:
    """How many leading pieces of layout C form the header row."""
    k = 0
    while k < len(pieces) and k < 3 * MAX_COLUMNS and is_header_cell(pieces[k].text):
        k += 1
    return k


def _strong_header(cells: list[str]) -> bool:
    v = _vocab()
    hs = [SPACE_RE.sub("", c) for c in cells]
    good = [h for h in hs if is_header_cell(h)]
    if len(good) < 2 or len(good) < 0.6 * len(hs):
        return False
    return any(h in v["start"] or any(w in h for w in v["contains"]["org"]) for h in hs) or len(good) >= 3


# ------------------------------------------------------------------ one table

@dataclass
class _Draft:
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


def _cell_text(t: Text, pieces: list[Piece]) -> str:
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
        texts = [_cell_text(t, c) if c else "" for c in cells]
        real = [p.span for p in pieces[k:e] if p.spans[0][1] > p.spans[0][0]] or [pieces[k].span]
        where = [(c[0].span[0], c[-1].span[1]) if c and c[0].text else None for c in cells]
        out.append(_Row(texts, (real[0][0], max(y for _, y in real)), where, [c for c in range(n) if cells[c]],
                        pieces[e].gap if e < len(pieces) else 0, sum(p.gap for p in pieces[k + 1:e])))
        k = e
    return out


def _consistent_prefix(pieces: list[Piece], path, types: list[str]) -> int:
    """Layout C: the number of pieces before the first row that does not look like the table."""
    seen: dict[int, list[str]] = {}
    lengths: dict[int, int] = {}
    row_first: dict[int, int] = {}
    for k, (r, c, cont) in enumerate(path):
        row_first.setdefault(r, k)
    rows_cells: dict[int, list[tuple[int, Piece, bool]]] = {}
    for k, (r, c, cont) in enumerate(path):
        rows_cells.setdefault(r, []).append((c, pieces[k], cont))
    single: dict[int, int] = {}          # column -> rows so far in which it held one piece
    most: dict[int, int] = {}            # column -> most pieces it held in one row so far
    openers: list[str] = []              # numbering style of each row's first piece
    opener_cols: set[int] = set()        # columns that rows so far opened in
    for r in sorted(rows_cells):
        cells = rows_cells[r]
        bad = False
        total = sum(emission(p, types[c]) for c, p, cont in cells)
        if r >= 2 and total < 0:
            bad = True
        c0, p0, _ = cells[0]
        styles = seen.get(c0, [])
        if (c0 == 0 or c0 not in opener_cols) and r >= 2 and len(styles) >= 2 \
                and len(set(styles)) == 1 and style(p0.text) != styles[0]:
            bad = True                     # 一、… 二、… then a plain line: not a group of this table
        opener_cols.add(c0)
        if r >= 3 and all(openers) and not style(p0.text):
            bad = True                     # every row so far opened with a number, this one does not
        openers.append(style(p0.text))
        for c, p, cont in cells:
            mx = lengths.get(c)
            if not cont and types[c] != "text" and r >= 2 and mx is not None and len(p.text) > max(20, 3 * mx):
                bad = True                 # far longer than anything this column held
        if bad:
            return row_first[r]
        # a column that always held one paragraph does not suddenly run on: the table ended
        for k_, (c, p, cont) in enumerate(cells):
            if cont and types[c] == "text" and r >= 3 and single.get(c, 0) == r:
                return row_first[r] + k_
        # a multi-paragraph column that runs on far beyond any earlier row: the table ended
        counts: dict[int, int] = {}
        for k_, (c, p, cont) in enumerate(cells):
            counts[c] = counts.get(c, 0) + 1
            if cont and types[c] == "text" and r >= 3 and counts[c] > 2 * most.get(c, 1) + 1:
                return row_first[r] + k_
        for c, p, cont in cells:
            if not cont:
                seen.setdefault(c, []).append(style(p.text))
                lengths[c] = max(lengths.get(c, 0), len(p.text))
        for c, k_ in counts.items():
            most[c] = max(most.get(c, 0), k_)
        for c in range(len(types)):
            if counts.get(c, 1) == 1:
                single[c] = single.get(c, 0) + 1
    return len(pieces)


def _align(t: Text, pieces: list[Piece], types: list[str], header: list[str], *, free: bool,
           warnings: list[Diagnostic]):
    """Pieces -> rows of cell texts (filled down, repeated headers dropped), row spans, end offset.

    `free` (layout C): a cell printed only in the first of the rows it spans is filled down into the
    rows that leave it out at their start or end; an extra blank line marks a truly empty cell.
    Layouts A and B print empty cells, so only category columns are filled down there.
    """
    n = len(types)
    if not pieces or not n:
        return [], ([], []), 0
    if free:
        # Layout C runs on until the text stops looking like the table. Align a window, keep the
        # consistent prefix; widen the window only while the whole of it still fits.
        aligner = Aligner(pieces, types)
        window = 512
        while True:
            part = pieces[:window]
            path = aligner.path(len(part))
            used = _consistent_prefix(part, path, types)
            last_row = next(k for k, (r, _, _) in enumerate(path) if r == path[-1][0])
            if window >= len(pieces) or used < last_row:    # the window's last row may be cut short
                break
            window *= 4
        pieces = pieces[:used]
        if used < len(part):
            path = aligner.path(used)
    else:
        path = _fixed_rows(pieces, types)
    built = _rows_from_assignment(t, pieces, path, n) if pieces else []
    hfold = [SPACE_RE.sub("", h) for h in header]
    rows: list[list[str]] = []
    spans: list[Span] = []
    cell_spans: list[tuple[Span | None, ...]] = []
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
    end = pieces[-1].span[1] if pieces else 0
    return rows, (spans, cell_spans), end


def _items(t: Text, lines: list[Line], i: int) -> tuple[list[str], int]:
    """A list-style box from line i: numbered items -> texts without their markers."""
    first = item_marker(lines[i].text)
    kind = first[0] if first else None
    items: list[list[Span]] = []
    end = i
    expect = 1
    blank_before = False
    blanks = 0
    spacing: list[int] = []              # blank lines between consecutive items
    while i < len(lines):
        ln = lines[i]
        if ln.blank:
            blank_before = True
            blanks += 1
            i += 1
            continue
        m = item_marker(ln.text)
        if m and m[0] == kind and m[1] == expect:
            if len(items) >= 2 and blanks > max(spacing):
                break                                # farther apart than the items: the next heading
            if items:
                spacing.append(blanks)
            items.append([(ln.span[0] + m[2], _strip_span(ln)[1])])
            expect += 1
        elif items and not blank_before and not _is_label(ln) and not m and not heading(ln.text):
            items[-1].append(_strip_span(ln))        # a wrapped item line (a heading ends the box)
        else:
            break
        blank_before = False
        blanks = 0
        end = i + 1
        i += 1
    texts = ["".join(squeeze(t.out(a, b)) for a, b in sp) for sp in items]
    return texts, end


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


def _title_before(t: Text, lines: list[Line], i: int, floor: int = 0):
    """The caption of a header-row table, the short line just above its header: (label, title, line).

    A leading table number (表1 / 附表2 / 表1-1) is the label, the rest the title.

    Never a line before `floor` (the previous table's lines) nor a row of layout A.
    """
    j = i - 1
    blanks = 0
    while j >= 0 and lines[j].blank and blanks < 3:
        j -= 1
        blanks += 1
    if j < floor or j < 0 or lines[j].blank or _has_sep(lines[j]):
        return None, None, None
    txt = lines[j].text.strip()
    if not txt or len(txt) > 50 or CAPTION_END_RE.search(txt) or item_marker(txt) \
            or ATTACHMENT_RE.match(txt) or _is_label(lines[j]):
        return None, None, None
    a, b = _strip_span(lines[j])
    m = ATTACHMENT_PREFIX_RE.match(t.norm, a, b)           # 附件：重点任务分工表 -> the caption
    if m and m.end() < b:
        a = m.end()
    label, a = _split_table_no(t, a, b)
    return label, (squeeze(t.out(a, b)) or None) if a < b else None, j


def _split_table_no(t: Text, a: int, b: int) -> tuple[str | None, int]:
    """A caption at [a, b) led by a table number ("表1  title"): (label "表1", where the title starts).

    >>> _split_table_no(Text("表 1-2：主要指标", "表 1-2:主要指标"), 0, 10)
    ('表1-2', 6)
    >>> _split_table_no(Text("表彰先进", "表彰先进"), 0, 4)
    (None, 0)
    """
    m = TABLE_NO_RE.match(t.norm, a, b)
    if not m:
        return None, a
    return SPACE_RE.sub("", t.out(m.start("label"), m.end("label"))), m.end()


def _parse_body(t: Text, lines: list[Line], i: int, *, in_box: bool, warnings: list[Diagnostic]):
    """Columns, rows, row spans and the index after the table, for a body starting at line i.

    Returns None when no table can be read there.
    """
    layout = _layout(lines, i)
    if layout == "A":
        rows, end = _pieces_a(lines, i)
        if not rows:
            return None
        header = rows[0]                         # cells are delimited: never joined across " | " / tab
        data = rows[1:]
        pieces = [p for r in data for p in r]
    elif layout == "B":
        rows, end = _pieces_b(lines, i)
        if not rows:
            return None
        k = _header_run(rows[0])
        if 2 <= k < len(rows[0]):                # no blank line after the header: rows unmarked too
            rows = [rows[0][:k], rows[0][k:]] + rows[1:]
        header = _join_header(rows[0])
        n_head = len(header)
        htypes = [column_type(squeeze(h.text), last=(c == n_head - 1)) for c, h in enumerate(header)]
        groups = []
        for r in rows[1:]:
            groups += _tab_separated(r, htypes) or [r]
        groups = [_join_broken(r, htypes) or r if len(r) == n_head + 1 else r for r in groups]
        pieces = []
        for r in groups:
            if len(r) > n_head:                  # several rows in one group: let the pass find them
                r = [r[0]._replace(fixed="row")] + [p._replace(fixed="cell") for p in r[1:]]
            pieces += r
        cut = _next_header(pieces, [h.text for h in header])
        if cut < len(pieces):                    # the next table's header, printed right after
            pieces = pieces[:cut]
            end = _line_after(lines, i, pieces[-1].span[1] if pieces else header[-1].span[1])
    else:
        pieces_all, idx = _pieces_c(lines, i)
        k = _header_run(pieces_all)
        if k == 0:
            return None
        header = _join_header(pieces_all[:k])
        pieces = _drop_repeats(pieces_all[k:], [p.text for p in pieces_all[:k]])
        pieces = pieces[:_before_heading(pieces, len(_join_header(pieces_all[:k])))]
        pieces = pieces[:_next_header(pieces, [p.text for p in _join_header(pieces_all[:k])])]
        end = idx[-1] + 1 if idx else i
    header = header[:MAX_COLUMNS]
    cols = [squeeze(_cell_text(t, [h])) for h in header]
    n = len(cols)
    if n < 2 and not in_box:
        return None
    types = [column_type(h, last=(c == n - 1)) for c, h in enumerate(cols)]
    if len(pieces) > MAX_WORK // (n * n):
        pieces = pieces[:MAX_WORK // (n * n)]
    rows, spans, last = _align(t, pieces, types, cols, free=(layout == "C"), warnings=warnings)
    if layout == "C":
        # the table ends after its last aligned piece; find that line
        end_pos = last if rows else (header[-1].span[1] if header else lines[i].span[1])
        end = _line_after(lines, i, end_pos)
    end_pos = _strip_span(lines[max(end, i + 1) - 1])[1]
    return cols, rows, spans, end, end_pos


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
    drafts: list[_Draft] = []
    warnings: list[Diagnostic] = []
    # Only lines that can open a table are looked at: one regex pass finds them.
    v = _vocab()
    cands = [m.start() for m in v["first_re"].finditer(t.norm, span[0], span[1])
             if v["start_re"].match(t.norm, m.start(), span[1])]
    if cands:
        lines = _lines(t, span)
        starts = [ln.span[0] for ln in lines]
    else:
        lines, starts = [], []
    done = 0                                     # lines before this index belong to a table already
    for pos in cands:
        i = bisect_right(starts, pos) - 1
        if i < done or i < 0:
            continue
        ln = lines[i]
        m = _label(ln)
        d = _box(t, lines, i, m, warnings) if m else None
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


def _finish(t: Text, lines: list[Line], d: _Draft, end: int, end_pos: int) -> _Draft:
    """Attach a trailing 注： line (within two blank lines) as the note; set the end."""
    j = end
    blanks = 0
    while j < len(lines) and lines[j].blank and blanks < 3:
        j += 1
        blanks += 1
    if j < len(lines) and _is_note(lines[j]):
        a, b = _strip_span(lines[j])
        d.note = t.out(a, b).strip()
        end, end_pos = j + 1, b
    d.end, d.end_pos = end, end_pos
    return d


def _box(t: Text, lines: list[Line], i: int, m, warnings: list[Diagnostic]) -> _Draft | None:
    ln = lines[i]
    a, _ = _strip_span(ln)
    label = squeeze(t.out(ln.span[0] + m.start("label"), ln.span[0] + m.end("label")))
    label = SPACE_RE.sub("", label)
    title = squeeze(t.out(ln.span[0] + m.start("title"), ln.span[0] + m.end("title"))) or None
    body = _next_nonblank(lines, i + 1)
    if title is None and body < len(lines):
        cand = lines[body].text.strip()
        if cand and len(cand) <= 40 and "。" not in cand and not item_marker(cand) \
                and not is_header_cell(cand) and not _has_sep(lines[body]) \
                and not lines[body].text.startswith("\t"):
            title = squeeze(t.out(*_strip_span(lines[body])))
            body = _next_nonblank(lines, body + 1)
    d = _Draft(label, title, a, [], [], [], [], i + 1)
    if body >= len(lines) or _is_label(lines[body]):
        return _finish(t, lines, d, i + 1, _strip_span(ln)[1])
    if item_marker(lines[body].text):
        items, end = _items(t, lines, body)
        d.items = items
        return _finish(t, lines, d, end, _strip_span(lines[end - 1])[1])
    parsed = _parse_body(t, lines, body, in_box=True, warnings=warnings)
    if parsed is None:
        # an unnumbered box body: its paragraphs up to the first blank line are the items
        j, sp = body, []
        while j < len(lines) and not lines[j].blank and not _is_label(lines[j]) \
                and not (sp and is_strong((heading(lines[j].text) or ("",))[0])):   # 三、… ends it
            sp.append(_strip_span(lines[j]))
            j += 1
        d.items = [squeeze(t.out(x, y)) for x, y in sp]
        return _finish(t, lines, d, j, sp[-1][1] if sp else _strip_span(ln)[1])
    cols, rows, (spans, cells), end, end_pos = parsed
    d.columns, d.rows, d.row_spans, d.cell_spans = cols, rows, spans, cells
    return _finish(t, lines, d, end, end_pos)


def _header_table(t: Text, lines: list[Line], i: int, warnings: list[Diagnostic],
                  floor: int = 0) -> _Draft | None:
    ln = lines[i]
    if not is_header_cell(ln.text) and not _has_sep(ln):
        return None
    if _has_sep(ln):
        cells = [p.text for p in _split_row(ln)]
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
    if not _strong_header(cells):
        return None
    parsed = _parse_body(t, lines, i, in_box=False, warnings=warnings)
    if parsed is None:
        return None
    cols, rows, (spans, cells), end, end_pos = parsed
    if not rows:
        return None
    label, title, tj = _title_before(t, lines, i, floor)
    start = _strip_span(lines[tj])[0] if tj is not None else _strip_span(ln)[0]
    d = _Draft(label, title, start, cols, rows, spans, [], end, cell_spans=cells)
    return _finish(t, lines, d, end, end_pos)
