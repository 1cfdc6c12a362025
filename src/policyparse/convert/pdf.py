"""A PDF with a text layer -> its text: reading order, paragraphs re-joined, tables as " | " rows, page
headers / footers / numbers kept as lines of their own and returned as noise.

Reading: pypdfium2 (PDFium, the engine of Chrome's viewer) gives each character with its box, and each
path object (table rules) with its bounds; everything else is plain Python over those boxes.

1. **Lines.** PDFium's own line breaks, each line with the union of its characters' boxes; lines are
   put in reading order (top to bottom, left to right within a visual row).
2. **Tables.** Ruled tables (cell borders drawn as lines or rectangles, as Word and WPS print them)
   are found from the rules: a connected group of horizontal and vertical rules with at least two
   columns. Each character inside goes to the grid cell under its centre; cells without a rule
   between them are merged; a row becomes "cell | cell | …" (a cell spanning rows repeats in each
   row it covers, as in the HTML and DOCX readers).
3. **Furniture.** A page's first or last line is a running header / footer when it is a page number
   ("- 3 -", "— 3 —", "第3页", "3/12", "3") or when its text (digits aside) repeats at the same end of
   at least 40% of the pages (and of two pages or more).
4. **Paragraphs.** A line broken by the page width continues in the next line: it reaches the right
   margin, ends without sentence punctuation, and the next line has the same size, no first-line
   indent and no heading marker (一、 （一） 1． 第X章 …). Across a page break the same test runs over
   the furniture, which is then moved below the paragraph (still a line of its own, still noise). A
   table that goes on over a page break is kept whole the same way, and its header row, repeated at
   the top of the next page, is left out (it is print furniture, like the running header).
5. A PDF whose pages carry no characters at all is a scan: InputError, "no text layer (scanned?) —
   OCR it first".
"""
from __future__ import annotations

import bisect
import ctypes
import re
import statistics
from dataclasses import dataclass, field

from ..diagnostics import InputError
from ..heads import is_heading
from ..normalize import normalize
from . import Converted

RULE = 2.5            # pt: a path thinner than this is a rule; also the tolerance for coordinates
FURNITURE_SHARE = 0.4  # a first/last line repeated on >= 40% of pages (and >= 2) is a running header/footer
SENTENCE_END = "。！？；：!?;:…"
CLOSERS = "”’」』）)】〉》\"'"
_PAGE_NUMBER = re.compile(r"""^\s*(?:
      [-—–－~·•]*\s*\d{1,4}\s*[-—–－~·•]*          # - 3 -  — 3 —  3
    | 第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?   # 第3页 / 第3页 共12页
    | \d{1,4}\s*/\s*\d{1,4}                         # 3/12
    | (?i:page)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?  # Page 3 of 12
    )\s*$""", re.VERBOSE)
_DIGITS = re.compile(r"\d+")
_LATIN = re.compile(r"[A-Za-z,.]")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


@dataclass(slots=True)
class Line:
    text: str
    left: float
    right: float
    top: float
    bottom: float
    page: int
    furniture: bool = False
    table_row: bool = False

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass(slots=True)
class _Page:
    lines: list[Line] = field(default_factory=list)
    height: float = 0.0


def pdf_to_text(data: bytes, name: str) -> Converted:
    """The PDF's text (see the module docstring)."""
    import pypdfium2 as pdfium
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        why = str(exc)
        if "password" in why.lower():
            raise InputError(f"{name}: the PDF is password-protected; remove the password and parse it again") from None
        raise InputError(f"{name}: not a readable PDF ({why})") from None
    try:
        pages = [_read_page(pdf[i], i) for i in range(len(pdf))]
    finally:
        pdf.close()
    if not any(p.lines for p in pages):
        raise InputError(f"{name}: the PDF has no text layer (scanned?) — OCR it first (e.g. ocrmypdf "
                         "--language chi_sim) and parse the result")
    _mark_furniture(pages)
    text, noise = _assemble(pages)
    return Converted(text, "pdf", "pdf", tuple(noise))


# ---------------------------------------------------------------- one page -> lines

def _read_page(page, index: int) -> _Page:
    import pypdfium2.raw as R
    width, height = page.get_size()
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        raw = tp.raw
        rect = R.FS_RECTF()
        chars = []                      # (char, left, right, bottom, top); None for a line break
        for i in range(n):
            cp = R.FPDFText_GetUnicode(raw, i)
            ch = chr(cp) if 0 < cp < 0x110000 else ""
            if ch in ("\r", "\n"):
                chars.append(None)
                continue
            if not R.FPDFText_GetLooseCharBox(raw, i, rect):
                continue
            chars.append((ch, rect.left, rect.right, rect.bottom, rect.top))
    finally:
        tp.close()
    tables = _tables(page, R)
    out = _Page(height=height)
    in_table = [False] * len(chars)
    if tables:
        for k, c in enumerate(chars):
            if c is not None and not c[0].isspace():
                cx, cy = (c[1] + c[2]) / 2, (c[3] + c[4]) / 2
                for t in tables:
                    if t.add(c, cx, cy):
                        in_table[k] = True
                        break
    run: list[tuple] = []
    for k, c in enumerate(chars):
        if c is None or in_table[k]:            # a line break, or a character of a table cell
            if (line := _line(run, index)) is not None:
                out.lines.append(line)
            run = []
        else:
            run.append(c)
    if (line := _line(run, index)) is not None:
        out.lines.append(line)
    for t in tables:
        out.lines += t.rows(index)
    _reading_order(out.lines)
    return out


def _line(run: list[tuple], page: int) -> Line | None:
    text = "".join(c[0] for c in run).strip()
    boxes = [c for c in run if not c[0].isspace()]
    if not text or not boxes:
        return None
    return Line(text, min(c[1] for c in boxes), max(c[2] for c in boxes),
                max(c[4] for c in boxes), min(c[3] for c in boxes), page)


def _reading_order(lines: list[Line]) -> None:
    """Top to bottom; lines sharing a visual row (vertical overlap over half the smaller height) left
    to right. PDFium's stream order is kept where it already agrees."""
    lines.sort(key=lambda ln: -ln.top)
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and _same_row(lines[i], lines[j]):
            j += 1
        if j - i > 1:
            lines[i:j] = sorted(lines[i:j], key=lambda ln: ln.left)
        i = j


def _same_row(a: Line, b: Line) -> bool:
    overlap = min(a.top, b.top) - max(a.bottom, b.bottom)
    return overlap > 0.5 * min(a.height, b.height)


# ---------------------------------------------------------------- ruled tables

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


class _Table:
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

    def rows(self, page: int) -> list[Line]:
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
                out.append(Line(" | ".join(c.replace("|", "｜") for c in cells), self.left, self.right,
                                self.ys[i], self.ys[i + 1], page, table_row=True))
        return out


def _tables(page, R) -> list[_Table]:
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
            out.append(_Table(gh, gv))
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
        if out and _LATIN.match(out[-1]) and _LATIN.match(s[0]) and \
                last[2] < widest - 0.6 * (last[4] - last[3]):
            out += " "
        out += s
        last = ln[-1]
    return out.strip()


# ---------------------------------------------------------------- furniture

def _mark_furniture(pages: list[_Page]) -> None:
    """Page numbers and running headers/footers among each page's first and last lines."""
    def key(line: Line) -> str:
        return _DIGITS.sub("#", "".join(line.text.split()))

    ends = []
    for p in pages:
        body = [ln for ln in p.lines if not ln.table_row]
        ends.append((body[:2], body[-2:]))
    counts: dict[tuple[str, str], int] = {}
    for top, bottom in ends:
        for where, group in (("top", top), ("bottom", bottom)):
            for k in {key(ln) for ln in group}:
                counts[where, k] = counts.get((where, k), 0) + 1
    need = max(2, FURNITURE_SHARE * len(pages))
    for p, (top, bottom) in zip(pages, ends):
        for where, group in (("top", top), ("bottom", bottom)):
            for ln in (group if where == "top" else reversed(group)):     # outermost first
                if not (_PAGE_NUMBER.match(ln.text) or counts.get((where, key(ln)), 0) >= need):
                    break                  # the first body line ends the page's furniture
                ln.furniture = True


# ---------------------------------------------------------------- paragraphs

def _assemble(pages: list[_Page]) -> tuple[str, list[tuple[int, int]]]:
    body = [ln for p in pages for ln in p.lines if not ln.furniture and not ln.table_row]
    if body:
        rights = sorted(ln.right for ln in body)
        margin = rights[int(0.9 * (len(rights) - 1))]
        size = statistics.median(ln.height for ln in body)
    else:
        margin, size = 0.0, 10.0
    lefts = {}
    for p in pages:
        ls = [ln.left for ln in p.lines if not ln.furniture and not ln.table_row]
        if ls:
            lefts[p.lines[0].page] = min(ls)

    out: list[str] = []
    noise: list[tuple[int, int]] = []
    pos = 0
    held: list[Line] = []                  # furniture waiting for the paragraph it interrupted to end
    prev: Line | None = None
    open_para = False

    def emit_line(s: str, is_noise: bool) -> None:
        nonlocal pos
        if out:
            out.append("\n")
            pos += 1
        out.append(s)
        if is_noise:
            noise.append((pos, pos + len(s)))
        pos += len(s)

    def flush_held() -> None:
        for f in held:
            emit_line(f.text, True)
        held.clear()

    header_row = None                      # the first row of the table being read
    for p in pages:
        for ln in p.lines:
            in_table = prev is not None and prev.table_row
            if ln.furniture:
                if open_para or in_table:
                    held.append(ln)        # a paragraph or a table goes on over the page break
                else:
                    emit_line(ln.text, True)
                continue
            if ln.table_row and in_table:
                if ln.page != prev.page and ln.text == header_row:
                    continue               # the header row repeated on the next page: print furniture, dropped
                emit_line(ln.text, False)
            elif prev is not None and open_para and not ln.table_row and \
                    _continues(prev, ln, margin, size, lefts.get(ln.page, ln.left), _open_bracket(out)):
                sep = " " if _LATIN.match(prev.text[-1]) and _LATIN.match(ln.text[0]) and \
                    prev.right < margin - 0.6 * size else ""    # English words wrapped whole; else mid-word
                out.append(sep + ln.text)
                pos += len(sep) + len(ln.text)
            else:
                flush_held()
                emit_line(ln.text, False)
                if ln.table_row:
                    header_row = ln.text
            prev = ln
            open_para = not ln.table_row
    flush_held()
    return "".join(out), noise


def _open_bracket(out: list[str]) -> bool:
    """The paragraph being written has an unclosed bracket: "（牵头单位：" broken after its colon."""
    para = ""
    for piece in reversed(out):
        k = piece.rfind("\n")
        if k >= 0:
            para = piece[k + 1:] + para
            break
        para = piece + para
        if len(para) > 2000:
            break
    return para.count("（") + para.count("(") > para.count("）") + para.count(")")


def _continues(a: Line, b: Line, margin: float, size: float, left: float, in_bracket: bool = False) -> bool:
    """Line b continues the paragraph of line a (a was broken by the page width).

    >>> A = Line("到2025年，全市服务业增加值占地区生产总值", 90, 500, 700, 684, 0)
    >>> _continues(A, Line("比重达到55%左右。", 90, 300, 680, 664, 0), 500, 16, 90)
    True
    >>> _continues(A, Line("（一）指导思想。", 90, 220, 680, 664, 0), 500, 16, 90)
    False
    >>> _continues(Line("一、总体要求", 90, 200, 700, 684, 0), Line("x", 90, 99, 680, 664, 0), 500, 16, 90)
    False
    >>> B, C = Line("（牵头单位：", 90, 500, 700, 684, 0), Line("市发展改革委）", 90, 200, 680, 664, 0)
    >>> _continues(B, C, 500, 16, 90), _continues(B, C, 500, 16, 90, in_bracket=True)
    (False, True)
    """
    if a.right < margin - 1.5 * size:                       # a short line ends its paragraph
        return False
    tail = a.text.rstrip(CLOSERS + " ")
    if not tail or (tail[-1] in SENTENCE_END and not in_bracket):
        return False
    if abs(a.height - b.height) > 0.25 * max(a.height, b.height):   # another size: a title, a note
        return False
    centred = abs((b.left + b.right) / 2 - (left + margin) / 2) < size     # a centred title's last line
    if b.left > left + 1.2 * size and not centred:          # a first-line indent starts a paragraph
        return False
    if a.page == b.page and (a.bottom - b.top) > 1.2 * max(a.height, b.height):  # a gap: a new block
        return False
    return not is_heading(normalize(b.text))
