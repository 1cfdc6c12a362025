"""Layout D: a table whose cells a crawl ran together (SPEC §1 glued copies; issue 14 class 6).

    序号改革举措主要内容一、改革投资审批等制度1企业投资项目承诺制改革　　山西开展…。2“多规合一”…
    专栏2　“十一五”主要环保指标 指标2005年2010年“十一五” / 增减情况1化学需氧量排放总量（万吨）14141270-10%2…

The header is a run of header words with nothing between them (`header_at`): words of the column
vocabulary (letter-spaced or not), year heads (2010年, 2005年计划目标, 2015年比2010年增长) and plan-period heads
(“十一五”增减情况); a year or a period at the end of a line takes the word that opens the next line.
The rows are told by their running number, which must go on in sequence:

  text rows       (no number column): the number, then cells parted by a run of spaces (U+3000 U+3000); the
                  last cell runs over paragraphs up to the next number after a sentence end. Category rows
                  "一、…" before a number are filled down (categories.py);
  indicator rows  (number columns): the number, the indicator name up to its unit in brackets, then the
                  values run together ("14141270-10%"). Of the ways to cut them into the columns, the one
                  whose change column agrees with the two values before it is taken (1414 → 1270 is -10%;
                  69.4 → 75 is 5.6个百分点); a row printed without its number shares the one above (a merged cell).
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

import regex

from .. import markers
from ..lexicons import alternation, load_list
from ..records import Text
from ..spans import Span
from .attributes import attribute_table, is_attribute_header
from .cells import column_type, columns, squeeze

# ------------------------------------------------------------------ the header

YEAR = r"(?:19|20)\d{2}[ ]{0,2}年"
PERIOD = r"[“\"]?十[一二三四五六七八九]{0,2}五[”\"]?"
PERIOD_SUFFIX = ("增减情况", "增减", "目标", "期间", "累计", "增长", "变化", "年均增长")
BREAK = r"(?:[ \t]*(?:\r\n|\r|\n)){1,8}[ \t]{0,12}"       # a line break, blank lines, indentation
EOL_RE = regex.compile(r"[\r\n]")
FOOTNOTE_RE = regex.compile(r"\d{1,2}(?=\p{Han})")               # a footnote's number glued to a header word


@cache
def _token_re() -> regex.Pattern:
    v = columns()
    spaced = sorted({r"[ ]{0,4}".join(map(regex.escape, w)) for w in v.words | v.start if len(w) >= 2},
                    key=lambda w: (-len(w), w))        # longest first, then by text: the same pattern in every process
    year_suffix = alternation(sorted(v.year_suffix))
    return regex.compile(rf"""
        (?P<year> {YEAR} (?: 比{YEAR}(?:增长|下降|增减|减少|提高)? | (?:{BREAK})? (?:{year_suffix}) )?
                  (?:〔[^〔〕\n]{{1,4}}〕)? )                   # 2020年〔累计〕: a 5-year sum
      | (?P<period> {PERIOD} (?: (?:{BREAK})? (?:{alternation(PERIOD_SUFFIX)}) )? )
      | (?P<word> {"|".join(spaced)} )
    """, regex.VERBOSE)


def header_at(norm: str, p: int, end: int) -> list[Span]:
    """The header words glued together from p on (nothing between them), as spans.

    >>> s = "序号改革举措主要内容一、改革投资审批等制度1企业"
    >>> [s[a:b] for a, b in header_at(s, 0, len(s))]
    ['序号', '改革举措', '主要内容']
    >>> s = "指标2005年2010年“十一五”\\n\\n增减情况1化学"
    >>> [s[a:b].replace("\\n", "/") for a, b in header_at(s, 0, len(s))]
    ['指标', '2005年', '2010年', '“十一五”//增减情况']
    """
    out: list[Span] = []
    tok = _token_re()
    while p < end and len(out) < 16:
        m = tok.match(norm, p, end)
        if m is None and out and (f := FOOTNOTE_RE.match(norm, p, end)):
            m = tok.match(norm, f.end(), end)         # "〔累计〕1属性": a footnote digit between two header words
        if m is None or m.end() == p:
            break
        out.append(m.span())
        p = m.end()
    return out


def find_header(norm: str, a: int, b: int, tails: regex.Pattern | None = None) -> int | None:
    """Where a glued header of at least two words opens inside [a, b) (after a box's title), else None.

    The title may end in a header word ("…主要指标序号指标…"): a run that holds 序号 opens there; a run
    glued to the title whose first word ends the title (one of `tails`: 指标, 重点 …) opens after it.
    """
    tok, p = _token_re(), a
    while p < b:
        first = tok.search(norm, p, b)                 # the next header word (one pass in the engine)
        if first is None:
            return None
        p = first.start()
        run = header_at(norm, p, b)
        if not (len(run) >= 2 and _run_ends_in_data(norm, run[-1][1], b)):
            p += 1
            continue
        for x, _ in run:
            if norm.startswith("序号", x):
                return x
        glued = p > a and norm[p - 1] not in " \t"
        if glued and tails is not None and len(run) >= 3 and tails.fullmatch(norm, *run[0]):
            return run[1][0]
        return p
    return None


def _run_ends_in_data(norm: str, p: int, b: int) -> bool:
    """After a header run: a row number, a category, an indicator name, the line's end -- not more title."""
    return p >= b or norm[p] in "0123456789一 \t\r\n" or HAN_RE.match(norm[p]) is not None


# ------------------------------------------------------------------ rows

NAME_RE = regex.compile(r"[^\n]{1,60}?\([^()\n]{1,10}\)(?=[-+<>≥≤~约\d〔/])")   # "化学需氧量排放总量(万吨)"
NAME_PLAIN_RE = regex.compile(r"[^\d\n]{1,60}?(?=[-+<>≥≤]?\d)")
NOT_NAME_RE = regex.compile(r"[。,;:]|^注")                  # a sentence or a note, not an indicator
STREAM_RE = regex.compile(r"(?:[-+<>≥≤~/.%‰〔〕\d]|个百分点|百分点|倍){1,80}")
VALUE_RE = regex.compile(r"""
    (?:[-+]?[<>≥≤]?|约)(?:0|[1-9]\d{0,8})(?:\.\d{1,4})?(?:%|‰|个百分点|百分点|倍)?   # -10% / >43 / 5.6个百分点
  | 〔\d{1,6}(?:\.\d{1,4})?〕                                                      # 〔18〕: a 5-year sum
  | [-/—]                                                                           # no value
""", regex.VERBOSE)
NUM_RE = regex.compile(r"-?\d+(?:\.\d+)?")
HAN_RE = regex.compile(r"\p{Han}")
VALUE_START = frozenset("-+<>≥≤约〔/—0123456789")
PARA_RE = regex.compile(r"[ \t]{2,40}")
# ... or one space after a sentence end: where a single-line copy that keeps one U+3000 a paragraph break
# (lines.PARAGRAPH_GAP_RE) goes on after the note ("…内为五年累计数。　第三章　…")
NOTE_STOP_RE = regex.compile(r"[ \t]{2,40}|(?<=[。;!?])[ \t]")
SENT_END = "。;!?"
FIRST_CELL = 40                  # the longest first text cell (a measure's name) before its border


class Glued(NamedTuple):
    columns: list[str]
    types: list[str]
    rows: list[list[str]]
    row_spans: list[Span]
    cell_spans: list[tuple[Span | None, ...]]
    end_pos: int


def parse_glued(t: Text, p: int, limit: int) -> Glued | None:
    """The glued table whose header starts at p (the text ends at `limit`), or None."""
    run = header_at(t.norm, p, limit)
    if len(run) < 2:
        return None
    cols = [squeeze(t.out(a, b)) for a, b in run]
    if is_attribute_header(cols):
        return Glued(*attribute_table(t, run[-1][1], limit, cols))
    types = [column_type(c, last=(k == len(cols) - 1)) for k, c in enumerate(cols)]
    pos = run[-1][1]
    rows = (_indicator_rows if "number" in types else _text_rows)(t, pos, limit, types)
    if rows is None:
        return Glued(cols, types, [], [], [], run[-1][1])
    body, cats, end = rows
    if "serial" not in types and body:                 # the numbers are printed, their header is not
        cols, types = [""] + cols, ["serial"] + types
    out = Glued(cols, types, [], [], [], end)
    for cells in body:
        out.rows.append([squeeze(t.out(a, b)) if (a, b) != (0, 0) else "" for a, b in cells])
        real = [c for c in cells if c != (0, 0)]
        out.row_spans.append((real[0][0], real[-1][1]))
        out.cell_spans.append(tuple(c if c != (0, 0) else None for c in cells))
    if cats:
        out.columns.insert(0, "")
        out.types.insert(0, "category")
        for row, cat in zip(out.rows, cats):
            row.insert(0, squeeze(t.out(*cat)) if cat else "")
        out.cell_spans[:] = [(None,) + c for c in out.cell_spans]
    for k in range(1, len(out.rows)):                 # a cell left out is shared with the row above
        for c, cell in enumerate(out.rows[k]):
            if not cell and out.types[c] in ("serial", "category"):
                out.rows[k][c] = out.rows[k - 1][c]
    return out


def _serial_at(norm: str, p: int, n: int, cells: int = 0) -> int | None:
    """The end of row number n printed at p, else None: not the start of a longer number; and, in a row
    of `cells` >= 2 text cells, followed by a short first cell and a run of spaces (the cell border)
    -- else not followed by a quantity's unit ("。3项由政府…")."""
    s = str(n)
    if not norm.startswith(s, p):
        return None
    e = p + len(s)
    if e >= len(norm) or norm[e].isdigit() or norm[e] in ".%":
        return None
    if cells >= 2:
        gap = PARA_RE.search(norm, e, min(len(norm), e + FIRST_CELL))
        return e if gap is not None and not any(c in SENT_END for c in norm[e:gap.start()]) else None
    return None if markers.quantity_follows(norm, e) else e


def _text_rows(t: Text, pos: int, limit: int, types: list[str]):
    """Rows of text cells: (rows of cell spans, category span per row, end offset), or None."""
    norm = t.norm
    n_cells = len(types) - (1 if types and types[0] == "serial" else 0)
    rows, cats, cat, serial, expect_cat, end = [], [], None, 1, 1, pos
    while pos < limit:
        q = _skip_space(norm, pos, limit)
        mk = markers.marker_at(norm, q, min(limit, q + 12), indent=False)
        if mk is not None and mk.style == "cn_dun" and mk.number == expect_cat:
            nxt = _find_serial(norm, mk.span[1], min(limit, q + 60), serial, n_cells)
            if nxt is None:
                break
            cat, expect_cat, q = (q, nxt), expect_cat + 1, nxt
        e = _serial_at(norm, q, serial, n_cells)
        if e is None:
            break
        stop = _next_row(norm, e, limit, serial + 1, expect_cat, n_cells)
        body_end = _trim(norm, e, stop)
        cells = [(q, e)] + _split_cells(norm, e, body_end, n_cells)
        rows.append(cells)
        cats.append(cat)
        serial, pos, end = serial + 1, stop, body_end
    if not rows:
        return None
    return rows, (cats if any(cats) else []), end


def _find_serial(norm: str, a: int, b: int, n: int, cells: int) -> int | None:
    for p in range(a, b):
        if _serial_at(norm, p, n, cells) is not None and not norm[p - 1].isdigit():
            return p
    return None


def _next_row(norm: str, p: int, limit: int, serial: int, cat: int, cells: int) -> int:
    """Where the row after the one at p opens: after a sentence end, the next number or category; a
    line that opens with a heading, a box label or a note ends the table; else the text's end."""
    k = p
    while k < limit:
        ch = norm[k]
        if ch in SENT_END:
            q = _skip_space(norm, k + 1, limit)
            if _serial_at(norm, q, serial, cells) is not None:
                return q
            mk = markers.marker_at(norm, q, min(limit, q + 12), indent=False)
            if mk is not None and mk.style == "cn_dun" and mk.number == cat:
                return q
        elif ch == "\n":
            q = _skip_space(norm, k + 1, limit)
            if q < limit and (markers.marker_at(norm, q, min(limit, q + 12), indent=False)
                              or norm.startswith(("专栏", "注:", "附件"), q)):
                return k
        k += 1
    return limit


def _split_cells(norm: str, a: int, b: int, n: int) -> list[Span]:
    """n cells from [a, b): the first n-1 parted by runs of spaces, the last runs to b."""
    cells, cur = [], a
    for m in PARA_RE.finditer(norm, a, b):
        if len(cells) == n - 1:
            break
        if m.start() > cur:
            cells.append((cur, m.start()))
            cur = m.end()
    cells.append(_strip_span(norm, cur, b))
    return cells + [(0, 0)] * (n - len(cells))


def _indicator_rows(t: Text, pos: int, limit: int, types: list[str]):
    """Rows of an indicator table: (rows of cell spans, no categories, end offset), or None."""
    norm = t.norm
    first_num = next(k for k, ty in enumerate(types) if ty == "number")
    n_values = len(types) - first_num
    change = len(types) >= 3 and types[-2] == types[-3] == "number"
    rows, serial, end = [], 1, pos
    while pos < limit:
        q = _skip_space(norm, pos, limit, newlines=False)
        e = _serial_at(norm, q, serial)
        if e is None and (not rows or not HAN_RE.match(norm[q:q + 1])):
            break                                         # neither the next number nor a row without one
        name_at = e if e is not None else q
        m = NAME_RE.match(norm, name_at, limit) or (NAME_PLAIN_RE.match(norm, name_at, limit) if e else None)
        if m is None or not HAN_RE.search(m.group()) or NOT_NAME_RE.search(m.group()):
            break                                         # a row without its number needs a unit in brackets
        s = STREAM_RE.match(norm, m.end(), limit)
        if s is None:
            break
        stream_end = s.end()
        nxt = str(serial + 1 if e is not None else serial)
        if norm.startswith(nxt, stream_end - len(nxt)) and HAN_RE.match(norm[stream_end:stream_end + 1]):
            stream_end -= len(nxt)                        # the next row's number, glued to this row's values
        values, err = _best_split(norm, m.end(), stream_end, n_values, change)
        if values is None or (e is None and change and err > 0.2):
            break                                         # ... and values that agree with each other
        rows.append([(q, e) if e is not None else (0, 0), (name_at, m.end())] + values)
        serial += 1 if e is not None else 0
        pos = end = stream_end
    if not rows:
        return None
    return rows, [], end


def _best_split(norm: str, a: int, b: int, n: int, change: bool) -> tuple[list[Span] | None, float]:
    """Cut [a, b) into n values; with a change column last, the cut whose change agrees best (and how
    far off it is, relative: 0 agrees, 1 does not)."""
    cuts = list(_cuts(norm, a, b, n))
    if not cuts:
        return None, 1.0

    def score(cut: list[Span]) -> tuple:
        vals = [_number(norm[x:y]) for x, y in cut]
        err = 1.0
        if change and None not in vals[-3:]:
            base, target, delta = vals[-3:]
            rel = (target - base) / base * 100 if base else None
            err = min(abs(target - base - delta), abs(rel - delta) if rel is not None else 1e9) / max(1.0, abs(delta))
        decimals = {len(norm[x:y].split(".")[1]) if "." in norm[x:y] else 0 for x, y in cut if "." in norm[x:y]}
        return (min(err, 1.0), len(decimals), -min(y - x for x, y in cut))

    best = min(cuts, key=score)
    return best, score(best)[0]


MAX_CUTS = 400                   # ways to cut one row's values looked at (the cuts are few in practice)


def _cuts(norm: str, a: int, b: int, n: int):
    """Ways to read [a, b) as n values (VALUE_RE each, nothing left over), at most MAX_CUTS of them.

    `ends[p]` lists where a value starting at p may end; `can[k][p]`: [p, b) reads as k values. The walk
    only follows steps that can finish, so every path it starts yields a cut.
    """
    ends = {p: [e for e in range(min(b, p + 16), p, -1)
                if (e == b or norm[e] in VALUE_START) and VALUE_RE.fullmatch(norm, p, e)]
            for p in range(a, b) if norm[p] in VALUE_START}
    can = [{b}]
    for k in range(1, n + 1):
        can.append({p for p, es in ends.items() if any(e in can[k - 1] for e in es)})
    if a not in can[n]:
        return
    count = 0
    stack = [(a, n, [])]
    while stack and count < MAX_CUTS:
        p, k, path = stack.pop()
        if k == 0:
            count += 1
            yield path
            continue
        for e in reversed(ends[p]):
            if e in can[k - 1]:
                stack.append((e, k - 1, path + [(p, e)]))


def _number(s: str) -> float | None:
    m = NUM_RE.search(s)
    return float(m.group()) if m else None




@cache
def _note_re() -> regex.Pattern:
    return regex.compile(alternation(load_list("tables/notes.txt")))      # 注: / 注① / 说明: …


def glued_note(norm: str, p: int, limit: int) -> Span | None:
    """A 注： note right after a glued table (on its line): up to a run of spaces that is not followed by
    the note's next numbered part ("　 ②…")."""
    a = _skip_space(norm, p, limit, newlines=False)
    if not _note_re().match(norm, a, limit):
        return None
    b = a
    while True:
        stop = NOTE_STOP_RE.search(norm, b, limit)
        eol = EOL_RE.search(norm, b, limit)            # \n, \r\n or a lone \r
        line_end = limit if eol is None else eol.start()
        if stop is None or stop.start() > line_end:
            return a, _trim(norm, a, line_end)
        mk = markers.marker_at(norm, stop.end(), min(limit, stop.end() + 8), indent=False)
        if mk is None or mk.style not in markers.ITEMS:   # ② (2) 2. go on with the note
            return a, stop.start()
        b = stop.end()


def _skip_space(norm: str, p: int, limit: int, newlines: bool = True) -> int:
    spaces = " \t\r\n" if newlines else " \t"
    while p < limit and norm[p] in spaces:
        p += 1
    return p


def _trim(norm: str, a: int, b: int) -> int:
    while b > a and norm[b - 1] in " \t\r\n":
        b -= 1
    return b


def _strip_span(norm: str, a: int, b: int) -> Span:
    while a < b and norm[a] in " \t\r\n":
        a += 1
    return a, _trim(norm, a, b)
