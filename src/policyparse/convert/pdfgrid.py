"""The ruled tables of a PDF page (cell borders drawn as lines or rectangles, as Word and WPS print them):
found from the page's path objects, read into rows of "cell | cell | …" (step 2 of convert/pdf.py).

A table is a connected group of horizontal and vertical rules with at least two columns. Each character
inside goes to the grid cell under its centre; cells without a rule between them are merged; a cell
spanning rows repeats in each row it covers (as in the HTML and DOCX readers).
Reads: pypdfium2 page objects and character boxes (passed in). Writes: nothing.
"""
from __future__ import annotations

import bisect
import re

RULE = 2.5            # pt: a path thinner than this is a rule; also the tolerance for coordinates
LATIN = re.compile(r"[A-Za-z,.]")      # a character of a Latin word: lines wrapped there join with a space

class _Union:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int) -> None:
        self.p[self.find(a)] = self.find(b)


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= RULE:
            continue
        out.append(v)
    return out


def _by_edge(rules: list[tuple], edges: list[float]) -> dict[float, list[tuple[float, float]]]:
    """Each rule's extent under the clustered edge (ascending `edges`) it lies on."""
    out: dict[float, list[tuple[float, float]]] = {}
    for pos, a, b in rules:
        k = bisect.bisect_left(edges, pos - RULE)
        if k < len(edges) and abs(edges[k] - pos) <= RULE:
            out.setdefault(edges[k], []).append((a, b))
    return out


class Table:
    """A ruled grid: column edges xs (ascending), row edges ys (descending), and which neighbouring
    grid cells are merged (no rule between them)."""

    def __init__(self, hs: list[tuple], vs: list[tuple]):
        self.xs = _cluster([v[0] for v in vs])
        self.ys = _cluster([h[0] for h in hs])[::-1]
        self.left, self.right, self.top, self.bottom = self.xs[0], self.xs[-1], self.ys[0], self.ys[-1]
        nr, nc = len(self.ys) - 1, len(self.xs) - 1
        self.nr, self.nc = nr, nc
        self.cells = _Union(nr * nc)
        at_y = _by_edge(hs, self.ys[::-1])          # rules under each row edge / beside each column edge
        at_x = _by_edge(vs, self.xs)
        for i in range(nr - 1):                     # no rule between rows i and i+1 over column j: merged
            rules = at_y.get(self.ys[i + 1], ())
            for j in range(nc):
                mid = (self.xs[j] + self.xs[j + 1]) / 2
                if not any(a - RULE <= mid <= b + RULE for a, b in rules):
                    self.cells.union(i * nc + j, (i + 1) * nc + j)
        for j in range(nc - 1):
            rules = at_x.get(self.xs[j + 1], ())
            for i in range(nr):
                mid = (self.ys[i] + self.ys[i + 1]) / 2
                if not any(a - RULE <= mid <= b + RULE for a, b in rules):
                    self.cells.union(i * nc + j, i * nc + j + 1)
        self.chars: dict[int, list[tuple]] = {}
        self._neg_ys = [-y for y in self.ys]

    def add(self, c: tuple, cx: float, cy: float) -> bool:
        if not (self.left < cx < self.right and self.bottom < cy < self.top):
            return False
        j = bisect.bisect_right(self.xs, cx) - 1
        i = bisect.bisect_right(self._neg_ys, -cy) - 1
        if not (0 <= i < self.nr and 0 <= j < self.nc):
            return False
        self.chars.setdefault(self.cells.find(i * self.nc + j), []).append(c)
        return True

    def rows(self) -> list[tuple[str, float, float]]:
        """(" | "-joined cells, top, bottom) of each row that starts a cell and holds any text."""
        texts = {cell: _cell_text(chars) for cell, chars in self.chars.items()}
        out = []
        for i in range(self.nr):
            cells, starts = [], False
            for j in range(self.nc):
                root = self.cells.find(i * self.nc + j)
                if j and root == self.cells.find(i * self.nc + j - 1):
                    continue                                  # the same cell spanning columns
                starts |= i == 0 or root != self.cells.find((i - 1) * self.nc + j)
                cells.append(texts.get(root, ""))
            if starts and any(cells):
                out.append((" | ".join(c.replace("|", "｜") for c in cells), self.ys[i], self.ys[i + 1]))
        return out


def tables(page, R) -> list[Table]:
    """Ruled tables on the page: connected rules with two columns or more."""
    hs, vs = [], []                     # (y, x0, x1) and (x, y0, y1)
    for obj in page.get_objects(filter=(R.FPDF_PAGEOBJ_PATH,), max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if h <= RULE and w > RULE:
            hs.append(((top + bottom) / 2, left, right))
        elif w <= RULE and h > RULE:
            vs.append(((left + right) / 2, bottom, top))
        elif w > RULE and h > RULE:
            hs += [(top, left, right), (bottom, left, right)]
            vs += [(left, bottom, top), (right, bottom, top)]
    if len(hs) < 2 or len(vs) < 3 or len(hs) * len(vs) > 4_000_000:    # a drawing, not a table
        return []
    edges = [("h", e) for e in hs] + [("v", e) for e in vs]
    u = _Union(len(edges))
    hi = [k for k, (d, _) in enumerate(edges) if d == "h"]
    vi = [k for k, (d, _) in enumerate(edges) if d == "v"]
    vs_sorted = sorted(vi, key=lambda k: edges[k][1][0])
    vxs = [edges[k][1][0] for k in vs_sorted]
    for a in hi:
        y, x0, x1 = edges[a][1]
        for b in vs_sorted[bisect.bisect_left(vxs, x0 - RULE):bisect.bisect_right(vxs, x1 + RULE)]:
            _, y0, y1 = edges[b][1]
            if y0 - RULE <= y <= y1 + RULE:
                u.union(a, b)
    groups: dict[int, list[int]] = {}
    for k in range(len(edges)):
        groups.setdefault(u.find(k), []).append(k)
    out = []
    for members in groups.values():
        gh = [edges[k][1] for k in members if edges[k][0] == "h"]
        gv = [edges[k][1] for k in members if edges[k][0] == "v"]
        if len(_cluster([h[0] for h in gh])) >= 2 and len(_cluster([v[0] for v in gv])) >= 3:
            out.append(Table(gh, gv))
    return out


def _cell_text(chars: list[tuple]) -> str:
    """A cell's characters line by line, lines joined without a space unless a Latin word was wrapped
    whole (the line ends short of the cell's widest line)."""
    chars = sorted(chars, key=lambda c: -c[4])
    lines: list[list[tuple]] = []
    for c in chars:
        if lines and min(lines[-1][-1][4], c[4]) - max(lines[-1][-1][3], c[3]) > 0.5 * (c[4] - c[3]):
            lines[-1].append(c)
        else:
            lines.append([c])
    for ln in lines:
        ln.sort(key=lambda c: c[1])
    widest = max(ln[-1][2] for ln in lines)
    out, last = "", None
    for ln in lines:
        s = ""
        for k, c in enumerate(ln):
            if k and c[1] - ln[k - 1][2] > 0.3 * (c[4] - c[3]):
                s += " "
            s += c[0]
        if out and LATIN.match(out[-1]) and LATIN.match(s[0]) and \
                last[2] < widest - 0.6 * (last[4] - last[3]):
            out += " "
        out += s
        last = ln[-1]
    return out.strip()
