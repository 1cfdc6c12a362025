"""Empty cells of layout C as web, PDF and word-processor copies print them: an ideographic or no-break space on a
line of its own, ideographic spaces between runs of plain spaces in a separator line, or parted by tabs.
"""
from __future__ import annotations

import regex

from .cells import Line

FILLER = frozenset("\u3000\xa0")     # an ideographic or no-break space: what an empty cell of a web table holds
# A separator line holding empty cells, as a PDF copy of a web table prints it: one ideographic space per
# empty cell between runs of plain spaces ("  \u3000  ", "  \u3000  \u3000  "); bounded runs.
PADDED_EMPTY_RE = regex.compile(r"[ ]{1,8}(?:\u3000[ ]{1,8}){1,16}")
# A line of empty cells as a word processor's copy prints a row's blank cells: ideographic spaces parted by
# tabs ("\u3000\t\u3000\t\u3000": three), a trailing tab closing the last ("\u3000\t": one); bounded.
TABBED_EMPTY_RE = regex.compile(r"\u3000(?:\t\u3000){0,16}\t?")
EMPTY_CELL_WINDOW = 400             # lines looked at


def fillers_are_cells(lines: list[Line], i: int, raw: str) -> bool:
    """Layout C copied from a web table: cells a separator line apart ("  "), an empty cell printed as a
    line of an ideographic space ("\u3000"), or as ideographic spaces inside a separator line ("  \u3000  ",
    one per empty cell). Judged on the first lines: never when no separator line is plain (every blank
    line would then be a separator) or when fillers sit in separators some other way (no telling them apart).

    >>> from policyparse.tables.cells import Line
    >>> raw = "序号\\n  \\n\\u3000\\n"
    >>> fillers_are_cells([Line((0, 2), "序号"), Line((3, 5), "  "), Line((6, 7), " ")], 0, raw)
    True
    >>> fillers_are_cells([Line((0, 2), "序号"), Line((6, 7), " ")], 0, raw)
    False
    """
    plain = False
    for k in range(i, min(len(lines), i + EMPTY_CELL_WINDOW)):
        ln = lines[k]
        if not ln.blank:
            continue
        if empty_cells(ln, raw):
            continue
        if set(raw[ln.span[0]:ln.span[1]]) & FILLER:
            return False                    # separators with fillers some other way: no telling them apart
        plain = True
    return plain


def empty_cells(ln: Line, raw: str) -> tuple[int, ...]:
    """The offsets of the empty cells a blank line holds: one for a line of fillers ("\u3000"), one per
    ideographic space between plain spaces ("  \u3000  \u3000  "); () for any other line.

    >>> from policyparse.tables.cells import Line
    >>> raw = "GB/T 1\\n  \\u3000  \\u3000  \\n\\u3000\\n  \\n\\u3000\\t\\u3000\\t"
    >>> [empty_cells(Line(sp, " "), raw) for sp in ((7, 15), (16, 17), (18, 20), (21, 25))]
    [(9, 12), (16,), (), (21, 23)]
    """
    a, b = ln.span
    printed = raw[a:b]
    if printed and all(c in FILLER for c in printed):
        return (a,)
    if PADDED_EMPTY_RE.fullmatch(printed) or TABBED_EMPTY_RE.fullmatch(printed):
        return tuple(a + n for n, c in enumerate(printed) if c == "\u3000")
    return ()
