"""Category rows inside a table (SPEC §6): "一、改革投资审批等制度（共8项）", "（五）资源效率".

A category row is printed as a row of its own, above the rows it covers; the header has no column for it.
It is never a section heading and never the end of the table: it becomes a category cell, filled down into
every row up to the next category of its level, in a column of its own at the front of the table (header
"", type `category`). Layouts A and B print it as a line without cell separators or as a row of one cell
(the layout marks that piece `fixed="cat"`); in layout C (one cell per line) a short numbered piece is one
when the header has no category column to hold it, and so are the letter codes of a standards system
("A 基础共性", "AA 基础", "AB 安全", "B 关键技术", "BA 智能装备"): printed only in the first row of their group,
one level per code letter, and taken as categories only when they nest (a two-letter code under its one-letter
parent) and run in order, so that a cell "AI 芯片" alone stays a cell. Codes run into a row of a standards list
("A基础共性AA通用物联网术语", layout F) are cut by `run_in_codes`.
"""
from __future__ import annotations

from typing import NamedTuple

import regex

from .. import markers
from .cells import Piece

#: a count closing a category: "（共5项）", "(共计28项)", "（3项）", "（6家）" (a directory's providers)
COUNT_RE = regex.compile(r"\((?:共计?)?\d{1,3}(?:项|个|条|家)\)$")
MAX_CATEGORY = 40
#: the outline styles a category row is numbered with, outermost first
LEVELS = ("cn_dun", "cn_paren")
#: a group named with its ordinal: "行动一：再造发展新极行动（…）", "任务二：…", "专项行动三：…" (bounded)
NAMED_ORDINAL_RE = regex.compile(r"(?:专项)?(?:行动|任务|工程|板块)[一二三四五六七八九十]{1,3}[:：]\s?\p{Han}")
#: a standards system's category code and name: "A 基础共性", "AA 基础", "BA 智能装备" (bounded)
CODE_RE = regex.compile(r"""
    ^(?P<code>[A-Z]{1,3})            # the code: one letter per level (A / AA / ABA)
    [ ]{1,4}                         # a gap (a space in the PDF copy)
    \p{Han}[^。;:!?]{0,29}$           # the name: Han first, short, no sentence punctuation
""", regex.VERBOSE)
CODE_LEVELS = ("code1", "code2", "code3")   # a code's level: its number of letters


def first_counted(s: str) -> bool:
    """The first category row of a list, closing with its count ("一、稳就业促就业类（6家）"): one that may stand even
    above the table's header (the header printed again under each category).

    >>> [first_counted(s) for s in ("一、稳就业促就业类（6家）", "一、主要目标", "二、产融对接类（13家）")]
    [True, False, False]
    """
    s = s.strip()
    m = markers.marker_at(s, indent=False)
    return category_level(s) == "cn_dun" and m is not None and m.number == 1 \
        and bool(COUNT_RE.search(s.replace("（", "(").replace("）", ")")))


def category_level(s: str) -> str | None:
    """The level of a category row's text ("cn_dun", "cn_paren", or "count" for an unnumbered one with a
    count), None when the text is no category row.

    >>> category_level("一、改革投资审批等制度（共8项）"), category_level("(五)资源效率")
    ('cn_dun', 'cn_paren')
    >>> category_level("便利企业开办和经营(共3项)"), category_level("1.推行并联审批")
    ('count', None)
    >>> category_level("(一)加强组织领导。各区县政府要落实属地责任。") is None
    True
    """
    s = s.strip()
    if not s or len(s) > MAX_CATEGORY or "。" in s or s.endswith((":", "：")):
        return None
    if NAMED_ORDINAL_RE.match(s):
        return "named"                        # "行动一：再造发展新极行动": a task list's named group
    m = markers.marker_at(s, indent=False)
    if m is not None:
        return m.style if m.style in LEVELS and m.span[1] < len(s) else None
    return "count" if COUNT_RE.search(s.replace("（", "(").replace("）", ")")) else None


class Category(NamedTuple):
    at: int                   # index (in the pieces without categories) of the first piece it covers
    level: str
    piece: Piece


def code_levels(texts: list[str]) -> dict[int, str]:
    """The letter-coded categories among a table's cells (layout C): index -> level ("code1" …).

    A code is taken when it goes on the hierarchy so far: a one-letter code after the last one-letter code
    (B after A), a longer code under the current code one letter shorter and after its last sibling (AB
    after AA under A). None is taken unless one nests (a two-letter code under its parent): a single
    "AI 芯片" or "C 端消费" is a cell.

    >>> code_levels(["A 基础共性", "AA 基础", "1", "AB 安全", "2", "B 关键技术", "BA 智能装备", "3"])
    {0: 'code1', 1: 'code2', 3: 'code2', 5: 'code1', 6: 'code2'}
    >>> code_levels(["1", "AI 芯片研发平台", "2", "C 端数字消费平台"])
    {}
    >>> code_levels(["A 基础", "AA 术语", "AI 芯片", "AB 安全"])     # AI goes on the hierarchy; AB, after it, not
    {0: 'code1', 1: 'code2', 2: 'code2'}
    """
    current: list[str] = []              # the codes in force, outermost first
    found: dict[int, str] = {}
    nested = False
    for k, s in enumerate(texts):
        m = CODE_RE.match(s.strip()) if len(s) <= 40 else None
        if m is None:
            continue
        code = m.group("code")
        depth = len(code) - 1
        if depth > len(current) or (depth and current[depth - 1] != code[:-1]):
            continue                     # no parent in force
        if depth < len(current) and code <= current[depth]:
            continue                     # not after its last sibling
        current = current[:depth] + [code]
        found[k] = CODE_LEVELS[depth]
        nested = nested or depth > 0
    return found if nested else {}


def pull_categories(pieces: list[Piece], *, free: bool, named: bool = False) -> tuple[list[Piece], list[Category]]:
    """The pieces without their category rows, and the category rows with where they apply.

    Layouts A and B have marked them (`fixed="cat"`); in layout C (`free`) every short numbered piece is
    one, and every letter code of a standards system (code_levels); with `named` (layout C beside a category
    column of the header's own) a group named with its ordinal ("行动一：…") is one. The piece after a category
    opens a row.
    """
    rest: list[Piece] = []
    cats: list[Category] = []
    codes = code_levels([p.text for p in pieces]) if free else {}
    for n, p in enumerate(pieces):
        level = codes.get(n) or (category_level(p.text) if (p.fixed == "cat" or free) else None) or (
            "named" if named and category_level(p.text) == "named" else None)
        if p.fixed == "cat" and level is None:
            level = "count"                            # an unnumbered row of one cell, marked by its layout
        if level is not None:
            cats.append(Category(len(rest), level, p))
            continue
        if cats and cats[-1].at == len(rest):
            p = p._replace(fixed="row")
        rest.append(p)
    return rest, cats


def category_columns(cats: list[Category]) -> list[str]:
    """The levels that get a column, outermost first.

    >>> from .cells import Piece
    >>> category_columns([Category(0, "cn_paren", Piece((), "")), Category(3, "cn_dun", Piece((), ""))])
    ['cn_dun', 'cn_paren']
    """
    order = {lv: k for k, lv in enumerate(("count", "named") + CODE_LEVELS + LEVELS)}
    return sorted({c.level for c in cats}, key=order.__getitem__)


def fill(firsts: list[int], cats: list[Category], levels: list[str], text) -> list[list[str]]:
    """For each row (given the index of its first piece) its category cells, one per level: the latest
    category of that level above it, cleared when a category of an outer level comes between."""
    out: list[list[str]] = []
    cur = {lv: "" for lv in levels}
    k = 0
    for first in firsts:
        while k < len(cats) and cats[k].at <= first:
            c = cats[k]
            cur[c.level] = text(c.piece)
            for lv in levels[levels.index(c.level) + 1:]:
                cur[lv] = ""                            # a new outer category opens afresh
            k += 1
        out.append([cur[lv] for lv in levels])
    return out


# ------------------------------------------------------------------ codes run into a row (layout F)

MAX_CODE_NAME = 12              # characters of a category code's name
MIN_GROUP = 3                   # rows that must share a run-in code's name before it is split off by it


def run_in_codes(leads: list[tuple[str, frozenset[int]]], levels: int, known: dict[str, str]) -> list[list]:
    """For each row's lead (its text before the later cells, and where a short line ended in it) the spans of
    its `levels` run-in category cells (None: not printed, filled down from the row above).

    A code's cell runs to where the next, longer code begins ("A基础共性AA通用…": "A基础共性"); else to the end
    of the name every row of its group begins with, for a group of MIN_GROUP rows or more ("AA通用"); else to
    the name the document gave that code before (`known`, which this fills in); else to the end of its line;
    else it is the code alone.

    >>> run_in_codes([(x, frozenset()) for x in ("A基础共性AA通用物联网术语", "A基础共性AA通用信息技术词汇",
    ...                                           "A基础共性AA通用批控制")], 2, {})
    [[(0, 5), (5, 9)], [(0, 5), (5, 9)], [(0, 5), (5, 9)]]
    >>> leads = [("AH赋能技术软件产品标准", frozenset({6})), ("AE评价能力成熟度标准", frozenset())]
    >>> run_in_codes(leads, 2, {"AE": "评价"})       # a line ended after "赋能技术"; a name read before
    [[None, (0, 6)], [None, (0, 4)]]
    """
    out: list[list] = []
    open_ends: dict[str, list[tuple[int, int, int]]] = {}     # code -> (row, level, where its name starts)
    for n, (text, _breaks) in enumerate(leads):
        cells: list = [None] * levels
        p = skip_spaces(text, 0)
        while (m := CODE_AT_RE.match(text, p)) is not None and len(m.group()) <= levels:
            code, depth = m.group(), len(m.group()) - 1
            if any(cells[depth:]):
                break
            nxt = regex.compile(regex.escape(code) + r"[A-Z](?=\p{Han})").search(text, m.end(), m.end() + 40)
            if nxt is None:                        # the innermost code: its name's end is decided below
                open_ends.setdefault(code, []).append((n, depth, m.end()))
                cells[depth] = (p, m.end())
                break
            cells[depth] = (p, _trim_spaces(text, p, nxt.start()))
            known.setdefault(code, text[m.end():cells[depth][1]])
            p = nxt.start()
        out.append(cells)
    for code, where in open_ends.items():
        shared = _common_prefix([leads[n][0][at:] for n, _, at in where]) if len(where) >= MIN_GROUP else ""
        if shared:
            known[code] = shared
        for n, depth, at in where:
            text, breaks = leads[n]
            name = shared or known.get(code, "")
            if name and text.startswith(name, at):
                end = at + len(name)
            else:
                end = min((x for x in breaks if at < x <= at + MAX_CODE_NAME), default=at)
                if end > at:
                    known.setdefault(code, text[at:end])
            out[n][depth] = (out[n][depth][0], _trim_spaces(text, at, end))
    return out


CODE_AT_RE = regex.compile(r"[A-Z]{1,3}(?=\p{Han})")      # a category code run into its name: "AA通用"


def skip_spaces(s: str, p: int) -> int:
    while p < len(s) and s[p] == " ":
        p += 1
    return p


def _trim_spaces(s: str, a: int, b: int) -> int:
    while b > a and s[b - 1] == " ":
        b -= 1
    return b


def _common_prefix(texts: list[str]) -> str:
    """What every text begins with, short of the whole of any of them."""
    lo, hi = min(texts), max(texts)
    k = 0
    while k < len(lo) and k < len(hi) and lo[k] == hi[k]:
        k += 1
    return lo[:min(k, min(len(x) for x in texts) - 1)]


# a line of a standards system's figure that names its codes: " BB物料数据及模型", " BC公用工程数据及模型 BCB能源输转"
CODE_LINE_RE = regex.compile(r"[ \t]{0,8}(?:[A-Z]{1,3}\p{Han}[^\sA-Z]{0,15}[ \t]{0,4}){1,4}")
CODE_NAME_RE = regex.compile(r"(?P<code>[A-Z]{1,3})(?P<name>\p{Han}[^\sA-Z]{0,15})")


def code_lines(lines) -> dict[str, str]:
    """The names a document gives its category codes on lines of their own (a standards system's figure,
    printed as text): code -> name.

    >>> from .cells import Line
    >>> code_lines([Line((0, 0), x) for x in (" BB物料数据及模型", " BC公用工程 BCB能源输转", "正文A。")])
    {'BB': '物料数据及模型', 'BC': '公用工程', 'BCB': '能源输转'}
    """
    out: dict[str, str] = {}
    for ln in lines:
        if len(ln.text) <= 80 and CODE_LINE_RE.fullmatch(ln.text.rstrip()):
            for m in CODE_NAME_RE.finditer(ln.text):
                out.setdefault(m.group("code"), m.group("name").rstrip())
    return out
