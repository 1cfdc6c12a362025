"""Layout F: a standards list printed one row per line by a PDF copy, cells parted by single spaces or run
together (SPEC §1, §6; issue 14).

    总                                             序号一级分类二级分类标准名称标准层级状态标准号/计划号
    序                                             1 A基础共性AA通用物联网术语国家标准已发布GB/T33745-2017
    号                                              2 A基础共性AB安全工业控制网络安全风险评估规范国家标准已发布GB
    标准名称 标准号/计划号 对应国际标准号            /T26333-2010
    状态
    A 基础共性
    AA 通用
    1 信息技术 词汇 GB/T 5271 ISO/IEC 2382 已发布

The header is read whole (its lines joined, one character a line or several words a line) and must be made
of the words of data/tables/standards.yaml only, with a standard's name and its number or status among them.
Each row opens with its running number(s) -- the first counts 1, 2, 3 … -- and runs over lines until the
next row; page numbers and the header repeated after a page break are skipped. A row's cells after the name
are read from its end by their grammar (the status word, the level word, a national standard's number or a
plan number, an international number, a committee), in the header's order; the name is what is left.
Category codes (SPEC §6) printed on lines of their own ("A 基础共性" / "AA 通用") are filled down into columns
of their own; codes run into the row after its number fill the header's 一级分类/二级分类 columns: a code's
name ends where the next, longer code begins, and the innermost code's name is what every row of its group
begins with (at least categories.MIN_GROUP rows), else the name the document gave that code in an earlier list, else
the end of its (short) line, else the code stands alone. A list whose last column is a text (重点方向) has no
grammar to close its rows: a row runs to the next number, and the list ends at a blank line.
"""
from __future__ import annotations

from typing import NamedTuple

import regex

from ..records import Text
from ..spans import Span
from .body import Draft
from .boxes import finish
from .categories import CODE_RE, code_lines, run_in_codes, skip_spaces
from .cells import Line, column_type, heading, is_label, line_start, squeeze
from .headers import ATTACHMENT_RE, title_before
from .stdcells import TailReader, tail_reader, vocab

MAX_HEADER_LINES = 16           # lines one header is printed over (one character a line)
MAX_HEADER_CHARS = 200          # characters of one header line
MAX_ROW_CHARS = 400             # characters of one row (its lines joined)
MAX_ROWS = 2000
CARRIED_MAX = 12                # characters of a name's last word carried over a page break (after the header)
FIGURE_READ = ""                # key of `known` set once the document's code lines were read
SHORT_LINE = 0.6                # a line shorter than this share of the table's width was ended on purpose
# a row's running numbers at the line's start: "1 1 信息技术 …", " 2 A基础共性…", "14 14"
ROW_START_RE = regex.compile(r"[ \t]{0,8}(?P<s1>\d{1,4})(?:[ \t]{1,4}(?P<s2>\d{1,4}))?(?=[ \t]|$)")
PAGE_NO_RE = regex.compile(r"[ \t]{0,8}[-—]?[ ]?\d{1,3}[ ]?[-—]?[ \t]{0,8}")     # "38", "- 38 -"
HAN_RE = regex.compile(r"\p{Han}")
SPACES_RE = regex.compile(r"\s+")
EOL_RE = regex.compile(r"[\r\n]")
def standards_heads(norm: str, a: int, b: int) -> list[int]:
    """The lines inside [a, b) that hold a layout-F list's name header among other header words (their starts)."""
    if norm.find("标准", a, b) < 0:
        return []
    v = vocab()
    out = []
    for m in v.name_re.finditer(norm, a, b):
        ls = line_start(norm, m.start(), a, window=MAX_HEADER_CHARS)
        eol = EOL_RE.search(norm, m.end(), b)
        le = b if eol is None else eol.start()
        if len(_header_words(SPACES_RE.sub("", norm[max(ls, a):le]))) < 2:
            continue                              # the name's header alone on its line: one cell a line (layout C)
        out.append(max(ls, a))
    return out


def _header_words(s: str) -> list[str]:
    """The header words `s` is made of, in order; [] unless it is made of them only."""
    header_re = vocab().header_re
    out, p = [], 0
    while p < len(s):
        m = header_re.match(s, p)
        if m is None:
            return []
        out.append(m.group())
        p = m.end()
    return out


def header_start(lines: list[Line], i: int, floor: int = 0) -> int | None:
    """The first line of the layout-F header that holds line i, or None."""
    head = _read_header(lines, i, floor)
    return head[0] if head else None


def _read_header(lines: list[Line], i: int, floor: int) -> tuple[int, int, list[str]] | None:
    """The header around line i (which holds the name's header): (first line, line after it, its words)."""
    first = i
    while first - 1 >= floor and i - first < MAX_HEADER_LINES and not lines[first - 1].blank \
            and len(SPACES_RE.sub("", lines[first - 1].text)) <= 3 and HAN_RE.search(lines[first - 1].text):
        first -= 1                                # "总" / "序" / "号": a head printed one character a line
    last = i + 1
    while last < len(lines) and last - first < MAX_HEADER_LINES and not lines[last].blank \
            and not ROW_START_RE.match(lines[last].text) and not CODE_RE.match(lines[last].text.strip()):
        last += 1
    for a in range(first, i + 1):                 # the longest run of lines that reads as a header
        for e in range(last, i, -1):
            words = _header_words("".join(SPACES_RE.sub("", ln.text) for ln in lines[a:e]))
            if words:
                return a, e, words
    return None


class _Row(NamedTuple):
    chars: str                   # the row's printed text, norm, lines joined
    pos: list[int]               # the offset of each character (-1: a space put between two lines)
    serial: int


def standards_table(t: Text, lines: list[Line], i: int, floor: int = 0,
                    known: dict[str, str] | None = None) -> Draft | None:
    """The layout-F table whose header holds line i, or None. `known`: the names of category codes read so
    far in the document (code -> name), filled in by this table."""
    head = _read_header(lines, i, floor)
    if head is None:
        return None
    first, j, words = head
    v = vocab()
    kinds = [v.kind[w] for w in words]
    free = kinds[-1] in ("name", "text")          # the last column is the name or a text: no grammar closes a row
    if kinds[0] != "serial" or not ({"name", "text"} & set(kinds)) \
            or not ({"number", "status"} & set(kinds) or (free and "category" in kinds)):
        return None
    serials = next(k for k, x in enumerate(kinds) if x != "serial")
    name_at = kinds.index("name") if "name" in kinds else kinds.index("text")
    tail_re = tail_reader(tuple(kinds[name_at + 1:]))
    rows: list[_Row] = []
    cats: list[list[str]] = []                    # the category lines in force for each row
    cur: list[str] = []
    squeezed_head = "".join(words)
    end_line, after_break = j, False
    while j < len(lines) and len(rows) < MAX_ROWS:
        ln = lines[j]
        txt = ln.text.strip()
        m = ROW_START_RE.match(ln.text)
        complete = bool(rows) and (free or _complete(tail_re, kinds[-1], rows[-1]))
        if not txt:
            if free and rows:
                break                             # a text table ends at a blank line
            j += 1
            continue
        if m is not None and int(m.group("s1")) == len(rows) + 1 and (serials == 1 or m.group("s2")) \
                and (serials == 2 or m.end() < len(ln.text.rstrip()) or (free and _content_follows(lines, j))):
            rows.append(_row_from(t, ln, m.end(), len(rows) + 1))
            cats.append(list(cur))
            end_line, after_break = j + 1, False
        elif "category" not in kinds and (c := CODE_RE.fullmatch(txt)) and _nests(c.group("code"), cur):
            depth = len(c.group("code")) - 1
            cur = cur[:depth] + [squeeze(t.out(ln.span[0] + ln.text.find(txt), ln.span[0] + len(ln.text.rstrip())))]
        elif rows and (PAGE_NO_RE.fullmatch(ln.text) or (complete and SPACES_RE.sub("", txt) in squeezed_head)):
            after_break = True                    # a page number, the header again after a page break
        elif rows and (not complete or (free and heading(ln.text) is None and not ATTACHMENT_RE.match(txt))) \
                and len(rows[-1].pos) < MAX_ROW_CHARS and not is_label(ln):
            rows[-1] = _join(t, rows[-1], ln)     # the row goes on
            end_line = j + 1
        elif after_break and len(txt) <= CARRIED_MAX and HAN_RE.match(txt) and not ATTACHMENT_RE.match(txt):
            m_tail = tail_re.fullmatch(rows[-1].chars)     # a word of the name carried over the page break
            rows[-1] = _join(t, rows[-1], ln, at=m_tail.end("lead"))
            after_break = False
        else:
            break
        j += 1
    if rows and not (_complete(tail_re, kinds[-1], rows[-1]) if not free else _has_content(tail_re, rows[-1])):
        rows.pop()                                # a last row cut short: no row
    if len(rows) < 2:
        return None
    return _draft(t, lines, i, first, floor, words, kinds, rows, cats, tail_re, serials, end_line,
                  {} if known is None else known)


def _has_content(tail_re: TailReader, row: _Row) -> bool:
    m = ROW_START_RE.match(row.chars)
    return m is not None and tail_re.fullmatch(row.chars, m.end()) is not None


def _content_follows(lines: list[Line], j: int) -> bool:
    """A row's number alone on line j opens the row when its content follows on the next line (not another
    number: a page number)."""
    return j + 1 < len(lines) and bool(lines[j + 1].text.strip()) and not ROW_START_RE.match(lines[j + 1].text)


def _complete(tail_re: TailReader, last: str, row: _Row) -> bool:
    """The row holds its last column's cell at its end (the status word, the standard's number …)."""
    m = tail_re.fullmatch(row.chars)
    return m is not None and m.group(last) is not None


def _nests(code: str, cur: list[str]) -> bool:
    """A category code goes on the hierarchy in force: one letter, or its parent's code and one letter."""
    depth = len(code) - 1
    if depth == 0:
        return True
    return depth <= len(cur) and cur[depth - 1].startswith(code[:-1])


def _row_from(t: Text, ln: Line, at: int, serial: int) -> _Row:
    a = ln.span[0]
    return _Row(t.norm[a:ln.span[1]], list(range(a, ln.span[1])), serial)


def _join(t: Text, row: _Row, ln: Line, at: int | None = None) -> _Row:
    """A row going on over the next line: joined straight between Han characters, else with a space; with
    `at`, the line goes in there (the end of the name) instead of at the row's end."""
    a, b = ln.span
    s = t.norm[a:b].strip()
    a += t.norm[a:b].find(s[:1]) if s else 0
    if at is not None:
        return _Row(row.chars[:at] + s + row.chars[at:], row.pos[:at] + list(range(a, a + len(s))) + row.pos[at:],
                    row.serial)
    glue = "" if row.chars and HAN_RE.match(row.chars.rstrip()[-1:] or "x") and HAN_RE.match(s[:1] or "x") else " "
    chars = row.chars.rstrip()
    pos = row.pos[:len(chars)]
    return _Row(chars + glue + s, pos + [-1] * len(glue) + list(range(a, a + len(s))), row.serial)


def _breaks(t: Text, r: _Row, a: int, b: int, width: int) -> frozenset[int]:
    """Where, inside the row's characters [a, b), a short line ended (relative to a): a line well short of the
    table's width (`width`) was ended on purpose ("4 AH赋能技术" / "软件产品…"), not wrapped by the page."""
    out = set()
    for k in range(max(a, 1), b):
        if r.pos[k] < 0 or (r.pos[k - 1] >= 0 and r.pos[k] != r.pos[k - 1] + 1):
            last = r.pos[k - 1] if r.pos[k - 1] >= 0 else r.pos[k - 2]
            if last - _line_start(t.norm, last) + 1 < SHORT_LINE * width:
                out.add(k - a + (1 if r.pos[k] < 0 else 0))
    return frozenset(out)


def _line_start(norm: str, p: int) -> int:
    return line_start(norm, p, window=MAX_ROW_CHARS)


def _width(t: Text, rows: list[_Row]) -> int:
    """The table's width: its longest printed line."""
    widest = 0
    for r in rows:
        for k, p in enumerate(r.pos):
            if p >= 0 and (k + 1 == len(r.pos) or r.pos[k + 1] != p + 1):
                widest = max(widest, p - _line_start(t.norm, p) + 1)
    return widest


def _draft(t: Text, lines: list[Line], i: int, first: int, floor: int, words: list[str], kinds: list[str],
           rows: list[_Row], cats: list[list[str]], tail_re, serials: int, end_line: int,
           known: dict[str, str]) -> Draft:
    n_cat = max(len(c) for c in cats)
    out_rows, row_spans, cell_spans = [], [], []
    run_in = [k for k, x in enumerate(kinds) if x == "category"]
    name_at = kinds.index("name") if "name" in kinds else kinds.index("text")
    leads = []
    for r in rows:
        m = ROW_START_RE.match(r.chars)
        lead_cells: list[tuple[int, int]] = [m.span("s1")] + ([m.span("s2")] if serials == 2 else [])
        tm = tail_re.fullmatch(r.chars, m.end())
        leads.append((r, lead_cells, tm))
    if run_in and not known.get(FIGURE_READ):
        for code, name in code_lines(lines).items():     # the code system the document prints (its figure)
            known.setdefault(code, name)
        known[FIGURE_READ] = "1"
    width = _width(t, rows) if run_in else 0
    groups = run_in_codes([(tm.group("lead"), _breaks(t, r, *tm.span("lead"), width)) for r, _, tm in leads],
                           len(run_in), known) if run_in else None
    prev: list[str] = []
    for n, (r, lead_cells, tm) in enumerate(leads):
        spans: list[tuple[int, int] | None] = [None] * n_cat
        cells = [""] * n_cat
        for k in range(n_cat):
            cells[k] = cats[n][k] if k < len(cats[n]) else ""
        for sp in lead_cells:
            cells.append(_text(t, r, *sp))
            spans.append(_span(r, *sp))
        if run_in:
            base = a = tm.start("lead")
            for cut in groups[n]:                  # the run-in category cells (filled down), then the name
                if cut is None:
                    cells.append(prev[len(cells)] if prev else "")
                    spans.append(None)
                    continue
                cells.append(_text(t, r, base + cut[0], base + cut[1]))
                spans.append(_span(r, base + cut[0], base + cut[1]))
                a = base + cut[1]
            a = skip_spaces(r.chars, a)
            cells.append(_text(t, r, a, tm.end("lead")))
            spans.append(_span(r, a, tm.end("lead")))
        else:
            cells.append(_text(t, r, *tm.span("lead")))
            spans.append(_span(r, *tm.span("lead")))
        for k in kinds[name_at + 1:]:
            if tm.group(k) is None:
                cells.append("")
                spans.append(None)
            else:
                cells.append(_text(t, r, *tm.span(k)))
                spans.append(_span(r, *tm.span(k)))
        out_rows.append(cells)
        prev = cells
        cell_spans.append(tuple(spans))
        real = [p for p in r.pos if p >= 0]
        row_spans.append((real[0] + len(r.chars) - len(r.chars.lstrip()), real[-1] + 1))
    columns = [""] * n_cat + list(words)
    types = ["category"] * n_cat + [
        "category" if k == "category" else "serial" if k == "serial" else column_type(w, last=(c == len(words) - 1))
        for c, (w, k) in enumerate(zip(words, kinds))]
    label, title, tj = title_before(t, lines, first, floor)
    start = lines[tj].span[0] + len(lines[tj].text) - len(lines[tj].text.lstrip()) if tj is not None \
        else lines[first].span[0] + len(lines[first].text) - len(lines[first].text.lstrip())
    d = Draft(label, title, start, columns, out_rows, row_spans, [], end_line, cell_spans=cell_spans,
              column_types=types)
    return finish(t, lines, d, end_line, row_spans[-1][1])


def _text(t: Text, r: _Row, a: int, b: int) -> str:
    return squeeze("".join(t.raw[p] if p >= 0 else " " for p in r.pos[a:b]))


def _span(r: _Row, a: int, b: int) -> Span | None:
    """Where the cell [a, b) of the row is printed: None when it runs over a line break."""
    while a < b and r.chars[a] == " ":
        a += 1
    while b > a and r.chars[b - 1] == " ":
        b -= 1
    if a >= b or -1 in r.pos[a:b] or r.pos[b - 1] - r.pos[a] != b - 1 - a:
        return None
    return r.pos[a], r.pos[b - 1] + 1
