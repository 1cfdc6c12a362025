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

import re
import statistics
from dataclasses import dataclass, field

from ..diagnostics import InputError
from ..heads import is_heading
from ..normalize import normalize
from .result import Converted
from .pdfgrid import LATIN, tables as ruled_tables

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
    tables = ruled_tables(page, R)
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
        out.lines += [Line(text, t.left, t.right, top, bottom, index, table_row=True) for text, top, bottom in t.rows()]
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
    for top, bottom in ends:
        for where, group in (("top", top), ("bottom", bottom)):
            for ln in (group if where == "top" else reversed(group)):     # outermost first
                if not (_PAGE_NUMBER.match(ln.text) or counts.get((where, key(ln)), 0) >= need):
                    break                  # the first body line ends the page's furniture
                ln.furniture = True


# ---------------------------------------------------------------- paragraphs

def _measures(pages: list[_Page]) -> tuple[float, float, dict[int, float]]:
    """The body text's right margin (the 90th percentile of line ends), its line height (the median),
    and each page's left margin."""
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
    return margin, size, lefts


def _assemble(pages: list[_Page]) -> tuple[str, list[tuple[int, int]]]:
    margin, size, lefts = _measures(pages)
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
                sep = " " if LATIN.match(prev.text[-1]) and LATIN.match(ln.text[0]) and \
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
