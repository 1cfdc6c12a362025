"""The Viterbi pass: every piece to (row, column, continues-the-cell-above).

Scores come from how well a piece fits its column's type (`emission`: a number in 2022年目标, a unit list
in 牵头单位 …), from the cost of a piece going on with the cell above it (`continuation`: a cell broken
across lines, a multi-paragraph measure) and from the cost of skipped or missing cells (`_transitions`).
Layouts A and B fix the row breaks (`fixed_rows`); layout C leaves them to the pass, and
`consistent_prefix` cuts the pass where the text stops looking like the table.
"""
from __future__ import annotations

from functools import cache, lru_cache

import regex

from .cells import (BREAK_AFTER_RE, DATE_RE, DIGIT_RE, FILL_DOWN, LIST_SEP_RE, NUMBER_RE, PLACEHOLDER_RE,
                    SERIAL_RE, Piece, attribute_words, is_org_list, org_re, org_share, style, units)


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
        if is_num or sentence or n > 10 or s in attribute_words():
            return -3.0
        if s in units():
            return 2.0
        return 0.5 if not DIGIT_RE.search(s) and n <= 6 else -1.5
    if typ == "org":
        if is_org_list(s):
            return 2.0
        if not sentence and not st and n <= 80 and org_share(s) >= 0.5:
            return 1.0
        if placeholder:
            return 0.5
        return -3.0 if (sentence or st) else -1.5
    if typ == "date":
        if DATE_RE.search(s) and n <= 30:
            return 2.0
        return -1.0 if n <= 20 else -3.0
    if typ == "category":
        if is_num or s in units():             # "平方米": a unit of measure, no group
            return -2.0
        if sentence or n > 30 or st in ("num", "par", "circ"):
            return -3.0 if sentence or n > 30 else -1.0
        if st in ("cn", "cnpar"):                  # 一、开办企业: the usual task-table group
            return 1.5
        # a group's name is short ("民生改善", "智慧管理"); a longer cell where the group is left out of a row (it
        # spans the rows above) is rather the row's own name ("“建筑可阅读”线下走读线路数")
        return 1.0 if n <= 8 else (0.5 if n <= 16 else 0.0)
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
    if typ == "number" and NUMBER_RE.match(prev.text) and p.text.strip() in units():
        return 1.0                               # "120.14" / "平方公里": a value's unit broken onto the next line
    if typ in ("serial", "number", "unit", "date"):
        return None
    if typ == "text":
        return -1.5 if style(p.text) in ("cn", "cnpar") else 0.0   # 二、… opens a group, not a paragraph
    if typ == "org":
        if prev.text.endswith(("、", ",", "，")):
            return -0.3
        return 0.8 if _org_broken_midword(prev.text, p.text) else -1.5
    # short cells broken across lines: "信息科技服" / "务产业园区"; not a value ("≥2000") and not after a closed
    # word of its own (an indicator's 属性: "预期性" / "≥2000" are two cells)
    if style(p.text) or BREAK_AFTER_RE.search(prev.text) or NUMBER_RE.match(p.text) or PLACEHOLDER_RE.match(p.text) \
            or prev.text.strip() in attribute_words():
        return None
    if len(prev.text) + len(p.text) > 24:
        return None
    return -0.5 if len(prev.text) <= 8 and len(p.text) <= 8 else -1.0


HAN_RE = regex.compile(r"\p{Han}")
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
    if not prev or not nxt or not HAN_RE.match(prev[-1]) or prev[-1] == "等":
        return False
    ends = org_re()
    last = LIST_SEP_RE.split(prev)[-1].strip()
    if not last or ends.search(last) or ORG_HEAD_RE.match(nxt):
        return False
    m = ORG_TAIL_FRAG_RE.match(nxt)              # bounded: at most 4 characters
    if not m or (m.end() < len(nxt) and not LIST_SEP_RE.match(nxt, m.end())):
        return False
    return len(last) + m.end() <= 30 and bool(ends.search(last + m.group()))


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


OUT_OF_SEQUENCE = -3.0      # a serial column's score for a number out of its table's running sequence
SEQUENCE_MIN = 3            # running numbers found in sequence before the sequence is trusted


def _out_of_sequence(pieces: list[Piece]) -> frozenset[int]:
    """The pieces that print a small whole number but do not go on with the table's running numbers (1, 2, 3 …,
    each followed by a piece that is no number: its row's next cell): values, not 序号 ("…预期性 / 2 / 2 / 商办楼宇…":
    the first 2 is row 1's target, the second opens row 2; "…预期性 / 50 / 惠民生 / 4 / …": 50 is a value).

    >>> ps = [Piece(((0, 1),), x) for x in ("1", "甲", "2", "2", "乙", "25", "3", "丙", "50", "丁", "4", "戊")]
    >>> sorted(_out_of_sequence(ps))
    [2, 5, 8]

    A number before an indicator's 属性 is its row's value, never the next row's 序号 ("…处 / 4 / 预期性 / 4 / …"):
    >>> ps = [Piece(((0, 1),), x) for x in ("1", "甲", "2", "预期性", "2", "乙", "3", "约束性", "3", "丙",
    ...                                       "4", "预期性", "4", "丁", "5", "预期性")]
    >>> sorted(_out_of_sequence(ps))
    [2, 6, 10, 14]
    """
    expected, found, numbers = 1, 0, []
    for k, p in enumerate(pieces):
        if not (p.text.isdigit() and len(p.text) <= 3):
            continue
        numbers.append(k)
        nxt = pieces[k + 1].text if k + 1 < len(pieces) else ""
        if int(p.text) == expected and nxt and not NUMBER_RE.match(nxt) and nxt.strip() not in attribute_words():
            expected += 1
            found += 1
            numbers.pop()
    return frozenset(numbers) if found >= SEQUENCE_MIN else frozenset()


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
        # (one running number only: a standards list's 总序号 and 分序号 start again in every group)
        self.unserial = _out_of_sequence(pieces) if list(types).count("serial") == 1 else frozenset()

    def extend(self, upto: int) -> None:
        NEG, n, types, pieces = float("-inf"), self.n, self.types, self.pieces
        cols = range(n)
        for k in range(len(self.opened), min(upto, len(pieces))):
            p = pieces[k]
            em = [emission_of(p.text, t) for t in types]
            if k in self.unserial:                # a number that breaks the running numbers: a value, not a 序号
                em = [OUT_OF_SEQUENCE if t == "serial" else e for t, e in zip(types, em)]
            if k == 0:
                self.opened.append([self.first[j] + em[j] for j in cols])
                self.contd.append([NEG] * n)
                self.back_o.append([None] * n)
                self.back_c.append([0] * n)
                continue
            po, pc = self.opened[-1], self.contd[-1]
            prev = [(po[i], 0) if po[i] >= pc[i] else (pc[i], 1) for i in cols]
            g = min(p.gap, MAX_GAP)
            sm, nw = self.same[p.fixed == "in"][g], self.new[g]
            may_stay, may_break = p.fixed != "row", p.fixed != "in"
            # Column j's best predecessor: the candidates in the order (i ascending, staying in the row
            # before breaking it), the first strictly best kept. Looping i outside keeps that order per j.
            best, row_b = [NEG] * n, [None] * n
            for i, (v0, c0) in enumerate(prev):
                if v0 == NEG:
                    continue
                if may_stay:
                    to = sm[i]
                    for j in range(i + 1, n):
                        if (v := v0 + to[j]) > best[j]:
                            best[j], row_b[j] = v, (i, c0, False)
                if may_break:
                    to = nw[i]
                    for j in cols:
                        if (v := v0 + to[j]) > best[j]:
                            best[j], row_b[j] = v, (i, c0, True)
            row_o = [best[j] + em[j] if row_b[j] is not None else NEG for j in cols]
            row_c, row_cb = [NEG] * n, [0] * n
            before = pieces[k - 1]
            costs: dict[str, float | None] = {}
            for j in cols:
                if prev[j][0] > NEG:
                    typ = types[j]
                    cost = costs[typ] if typ in costs else costs.setdefault(typ, continuation(before, p, typ))
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


def fixed_rows(pieces: list[Piece], types: list[str]) -> list[tuple[int, int, bool]]:
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


def consistent_prefix(pieces: list[Piece], path, types: list[str]) -> int:
    """Layout C: the number of pieces before the first row that does not look like the table."""
    seen: dict[int, list[str]] = {}
    lengths: dict[int, int] = {}
    row_first: dict[int, int] = {}
    for k, (r, _c, _cont) in enumerate(path):
        row_first.setdefault(r, k)
    rows_cells: dict[int, list[tuple[int, Piece, bool]]] = {}
    for k, (r, c, cont) in enumerate(path):
        rows_cells.setdefault(r, []).append((c, pieces[k], cont))
    single: dict[int, int] = {}          # column -> rows so far in which it held one piece
    most: dict[int, int] = {}            # column -> most pieces it held in one row so far
    openers: list[str] = []              # numbering style of each row's first piece
    opener_cols: set[int] = set()        # columns that rows so far opened in
    last_no = 0                          # the last running number (序号) a row printed
    for r in sorted(rows_cells):
        cells = rows_cells[r]
        bad = False
        total = sum(emission(p, types[c]) for c, p, _cont in cells)
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
        serials = [int(p.text) for c, p, cont in cells if types[c] == "serial" and not cont and p.text.isdigit()]
        next_no = bool(serials) and serials[0] == last_no + 1
        if serials:
            last_no = serials[0]
        for c, p, cont in cells:
            mx = lengths.get(c)
            if not cont and types[c] != "text" and r >= 2 and mx is not None and len(p.text) > max(20, 3 * mx) \
                    and not next_no:
                bad = True                 # far longer than anything this column held (unless the row goes on with
                                           # the running numbers: a long indicator name, a goal stated in words)
        if bad:
            return row_first[r]
        # a column that always held one paragraph does not suddenly run on: the table ended
        for k_, (c, _p, cont) in enumerate(cells):
            if cont and types[c] == "text" and r >= 3 and single.get(c, 0) == r:
                return row_first[r] + k_
        # a multi-paragraph column that runs on far beyond any earlier row: the table ended
        counts: dict[int, int] = {}
        for k_, (c, _p, cont) in enumerate(cells):
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
