"""A Word .docx -> its text: body paragraphs and tables in document order.

Read straight from the package's XML with the standard library (zipfile + ElementTree's C parser): no
dependency, and faster than python-docx, which builds a proxy object per paragraph and run and does
not render list numbering (measured in docs/inputs.md).

- A paragraph is a line: its runs' text (w:t), tabs as "\\t", manual line breaks (w:br, w:cr) as line
  breaks; deleted revisions (w:del), field codes (w:instrText) and the fallback copies of
  mc:AlternateContent are left out; text boxes (w:txbxContent) become lines after their paragraph.
- List numbering that Word draws (w:numPr on the paragraph or its style) is written out as printed,
  from numbering.xml: "一、" (chineseCounting), "（一）", "1．", "(1)", "①" ... with start values,
  overrides and restarts per level, so heading markers are in the text as on the page.
- A table is one line per row, cells joined by " | " (a cell's paragraphs joined by a space; a
  vertically merged cell repeats in the rows it covers); nested tables are flattened into their cell.
- Page headers and footers (separate parts) and footnotes are not body text and are not read.
"""
from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

from ..diagnostics import InputError
from ..numerals import to_chinese
from .result import Converted

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_XML = 200 * 1024 * 1024          # an unpacked document.xml larger than this is refused (zip bombs)
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def is_docx(data: bytes, name: str = "<input>") -> bool:
    """A ZIP archive holding word/document.xml; InputError for a ZIP that cannot be opened."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{name}: a damaged ZIP archive or .docx ({exc})") from None


def docx_to_text(data: bytes, name: str) -> Converted:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            doc = _xml(z, "word/document.xml", name)
            numbering = _xml(z, "word/numbering.xml", name, optional=True)
            styles = _xml(z, "word/styles.xml", name, optional=True)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"{name}: a damaged .docx ({exc})") from None
    body = doc.find(f"{W}body")
    if body is None:
        return Converted("", "docx", "utf-8")
    reader = _Reader(_Numbering(numbering, styles))
    lines: list[str] = []
    reader.block(body, lines)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(ln.rstrip() for ln in lines)).strip("\n")
    return Converted(text, "docx", "utf-8")


def _xml(z: zipfile.ZipFile, part: str, name: str, optional: bool = False):
    try:
        info = z.getinfo(part)
    except KeyError:
        if optional:
            return None
        raise InputError(f"{name}: a .docx without {part}") from None
    if info.file_size > MAX_XML:
        raise InputError(f"{name}: {part} unpacks to {info.file_size} bytes, over the limit of {MAX_XML}")
    try:
        return ET.fromstring(z.read(part))
    except ET.ParseError as exc:
        raise InputError(f"{name}: a damaged .docx ({part}: {exc})") from None


class _Reader:
    def __init__(self, numbering: _Numbering):
        self.numbering = numbering

    def block(self, parent, lines: list[str]) -> None:
        """Paragraphs and tables under `parent`, in order (content controls and revisions looked into)."""
        for el in parent:
            tag = el.tag
            if tag == f"{W}p":
                boxes: list[str] = []
                lines.append(self.paragraph(el, boxes))
                lines += boxes
            elif tag == f"{W}tbl":
                lines += self.table(el)
            elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}ins", f"{W}customXml", f"{W}smartTag"):
                self.block(el, lines)
            elif tag == f"{MC}AlternateContent":
                choice = el.find(f"{MC}Choice")
                if choice is not None:
                    self.block(choice, lines)

    def paragraph(self, p, boxes: list[str]) -> str:
        label = self.numbering.label(p)
        parts: list[str] = [label] if label else []
        self._runs(p, parts, boxes)
        return "".join(parts)

    def _runs(self, el, parts: list[str], boxes: list[str]) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab" and el.tag == f"{W}r":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                if child.get(f"{W}type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{W}sym":
                parts.append(_sym(child.get(f"{W}char")))
            elif tag == f"{W}txbxContent":
                self.block(child, boxes)
            elif tag in (f"{W}del", f"{W}instrText", f"{W}delText", f"{W}pPr", f"{W}rPr", f"{MC}Fallback",
                         f"{W}fldData", f"{W}footnoteReference", f"{W}endnoteReference"):
                continue
            else:                      # runs, hyperlinks, insertions, fields, smart tags, drawings, Choice
                self._runs(child, parts, boxes)

    def table(self, tbl) -> list[str]:
        out: list[str] = []
        above: dict[int, str] = {}                       # grid column -> text of a vertically merged cell
        for tr in _rows(tbl):
            cells, col, starts = [], 0, False
            for tc in tr.findall(f"{W}tc"):
                pr = tc.find(f"{W}tcPr")
                grid = pr.find(f"{W}gridSpan") if pr is not None else None
                span = _int(grid.get(f"{W}val")) if grid is not None else 1
                vmerge = pr.find(f"{W}vMerge") if pr is not None else None
                if vmerge is not None and vmerge.get(f"{W}val") != "restart":
                    text = above.get(col, "")              # a continued merged cell: repeat its text
                else:
                    text = self.cell(tc)
                    starts = True
                    if vmerge is not None:
                        above[col] = text
                    else:
                        above.pop(col, None)
                cells.append(text)
                col += max(1, span)
            if starts and any(c.strip() for c in cells):
                out.append(" | ".join(c.replace("|", "｜") for c in cells))
        return out

    def cell(self, tc) -> str:
        lines: list[str] = []
        self.block(tc, lines)
        out = ""
        for ln in (ln.replace("\n", " ").strip() for ln in lines):
            if not ln:
                continue
            if out and not (_CJK.match(out[-1]) and _CJK.match(ln[0])):
                out += " "
            out += ln
        return out


def _rows(tbl):
    """A table's own rows, in order (rows wrapped in a content control included; nested tables not)."""
    for el in tbl:
        if el.tag == f"{W}tr":
            yield el
        elif el.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            yield from _rows(el)


def _int(v, default: int = 1) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


def _sym(code: str | None) -> str:
    """A w:sym glyph: Symbol/Wingdings codes sit in the private-use area F0xx; keep the character."""
    try:
        cp = int(code or "", 16)
    except ValueError:
        return ""
    return chr(cp - 0xF000) if 0xF020 <= cp <= 0xF0FF else chr(cp)


# ---------------------------------------------------------------- list numbering

_CAPITALS = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")     # 大写数字 of legal numbering
FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
    "decimalFullWidth2": lambda n: str(n).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
    "decimalHalfWidth": str,
    "chineseCounting": to_chinese,
    "chineseCountingThousand": to_chinese,
    "chineseLegalSimplified": lambda n: to_chinese(n).translate(_CAPITALS),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "ideographZodiac": lambda n: "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12],
    "japaneseCounting": to_chinese,
    "taiwaneseCounting": to_chinese,
    "taiwaneseCountingThousand": to_chinese,
    "decimalEnclosedCircle": lambda n: chr(0x245F + n) if 1 <= n <= 20 else f"({n})",
    "decimalEnclosedCircleChinese": lambda n: chr(0x245F + n) if 1 <= n <= 20 else f"({n})",
    "ideographEnclosedCircle": lambda n: chr(0x3220 + n - 1) if 1 <= n <= 10 else f"({to_chinese(n)})",
    "decimalEnclosedParen": lambda n: chr(0x2473 + n) if 1 <= n <= 20 else f"({n})",
    "decimalEnclosedFullstop": lambda n: chr(0x2487 + n) if 1 <= n <= 20 else f"{n}.",
    "lowerLetter": lambda n: _letters(n).lower(),
    "upperLetter": lambda n: _letters(n),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": lambda n: _roman(n),
    "ordinal": lambda n: f"{n}.",
    "cardinalText": str,
    "ordinalText": str,
    "none": lambda n: "",
}


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


class _Numbering:
    """Counters of Word's automatic numbering, advanced paragraph by paragraph in document order.

    >>> _Numbering(None, None).label(ET.fromstring(f'<w:p xmlns:w="{W[1:-1]}"/>'))
    ''
    """

    def __init__(self, numbering, styles):
        self.levels: dict[str, dict[int, dict]] = {}        # abstractNumId -> ilvl -> {fmt, text, start, restart, suff}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}   # numId -> (abstractNumId, ilvl -> startOverride)
        self.style_num: dict[str, tuple[str, int]] = {}     # paragraph style -> (numId, ilvl)
        self.counters: dict[str, list[int]] = {}            # abstractNumId -> counter per level
        self.started: dict[str, set[int]] = {}              # numId -> levels whose startOverride was applied
        if numbering is not None:
            for a in numbering.findall(f"{W}abstractNum"):
                lv = {}
                for lvl in a.findall(f"{W}lvl"):
                    lv[_int(lvl.get(f"{W}ilvl"), 0)] = {
                        "fmt": _val(lvl, "numFmt") or "decimal", "text": _val(lvl, "lvlText"),
                        "start": _int(_val(lvl, "start"), 1), "restart": _val(lvl, "lvlRestart"),
                        "suff": _val(lvl, "suff") or "tab", "legal": lvl.find(f"{W}isLgl") is not None}
                self.levels[a.get(f"{W}abstractNumId")] = lv
            for num in numbering.findall(f"{W}num"):
                overrides = {}
                for o in num.findall(f"{W}lvlOverride"):
                    so = o.find(f"{W}startOverride")
                    if so is not None:
                        overrides[_int(o.get(f"{W}ilvl"), 0)] = _int(so.get(f"{W}val"), 1)
                self.nums[num.get(f"{W}numId")] = (_val(num, "abstractNumId"), overrides)
        if styles is not None:
            for st in styles.findall(f"{W}style"):
                np_ = st.find(f"{W}pPr/{W}numPr")
                if np_ is not None and _val(np_, "numId"):
                    self.style_num[st.get(f"{W}styleId")] = (_val(np_, "numId"), _int(_val(np_, "ilvl"), 0))

    def label(self, p) -> str:
        """The number Word prints before paragraph `p` ("" when it is not numbered), counted."""
        ppr = p.find(f"{W}pPr")
        num_id, ilvl = None, 0
        if ppr is not None:
            np_ = ppr.find(f"{W}numPr")
            if np_ is not None:
                num_id, ilvl = _val(np_, "numId"), _int(_val(np_, "ilvl"), 0)
            style = _val(ppr, "pStyle")
            if style in self.style_num:
                s_num, s_lvl = self.style_num[style]
                num_id = num_id or s_num
                if np_ is None or _val(np_, "ilvl") is None:
                    ilvl = s_lvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, [0] * 9)
        started = self.started.setdefault(num_id, set())
        lvl = levels[ilvl]
        if ilvl in overrides and ilvl not in started:
            started.add(ilvl)
            counters[ilvl] = overrides[ilvl] - 1
        elif counters[ilvl] == 0:
            counters[ilvl] = lvl["start"] - 1
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):                    # a higher level restarts the levels below it
            if deeper in levels and levels[deeper]["restart"] != "0":
                counters[deeper] = 0
        if lvl["fmt"] == "bullet" or lvl["text"] is None:
            return ""
        text = re.sub(r"%([1-9])", lambda m: self._render(levels, counters, int(m.group(1)) - 1, lvl["legal"]),
                      lvl["text"])
        if text and lvl["suff"] != "nothing" and text[-1].isalnum():
            text += " "
        return text

    def _render(self, levels: dict, counters: list[int], k: int, legal: bool) -> str:
        n = counters[k] or (levels[k]["start"] if k in levels else 1)
        fmt = "decimal" if legal else (levels[k]["fmt"] if k in levels else "decimal")
        return FORMATS.get(fmt, str)(n)


def _val(el, child: str) -> str | None:
    c = el.find(f"{W}{child}")
    return c.get(f"{W}val") if c is not None else None
