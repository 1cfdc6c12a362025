"""Category rows inside a table (SPEC §6): "一、改革投资审批等制度（共8项）", "（五）资源效率".

A category row is printed as a row of its own, above the rows it covers; the header has no column for it.
It is never a section heading and never the end of the table: it becomes a category cell, filled down into
every row up to the next category of its level, in a column of its own at the front of the table (header
"", type `category`). Layouts A and B print it as a line without cell separators or as a row of one cell
(the layout marks that piece `fixed="cat"`); in layout C (one cell per line) a short numbered piece is one
when the header has no category column to hold it.
"""
from __future__ import annotations

from typing import NamedTuple

import regex

from .. import markers
from .cells import Piece

#: a count closing a category: "（共5项）", "(共计28项)", "（3项）"
COUNT_RE = regex.compile(r"\((?:共计?)?\d{1,3}(?:项|个|条)\)$")
MAX_CATEGORY = 40
#: the outline styles a category row is numbered with, outermost first
LEVELS = ("cn_dun", "cn_paren")


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
    m = markers.marker_at(s, indent=False)
    if m is not None:
        return m.style if m.style in LEVELS and m.span[1] < len(s) else None
    return "count" if COUNT_RE.search(s.replace("（", "(").replace("）", ")")) else None


class Category(NamedTuple):
    at: int                   # index (in the pieces without categories) of the first piece it covers
    level: str
    piece: Piece


def pull_categories(pieces: list[Piece], *, free: bool) -> tuple[list[Piece], list[Category]]:
    """The pieces without their category rows, and the category rows with where they apply.

    Layouts A and B have marked them (`fixed="cat"`); in layout C (`free`) every short numbered piece is
    one. The piece after a category opens a row.
    """
    rest: list[Piece] = []
    cats: list[Category] = []
    for p in pieces:
        level = category_level(p.text) if (p.fixed == "cat" or free) else None
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
    order = {lv: k for k, lv in enumerate(("count",) + LEVELS)}
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
