"""An HTML page (as saved from a government site) -> its text, one line per paragraph.

- Encoding: a BOM, else <meta charset> / <meta http-equiv content="...charset=..."> / <?xml encoding?>
  in the first 4 KB (GB2312 and GBK read as their superset GB18030; Big5 as Big5-HKSCS), else UTF-8,
  else GB18030. A declared charset the bytes contradict is dropped for the sniffed one.
- Dropped as furniture: <head>, script/style/noscript/template, form controls, embedded objects, and
  navigation (<nav>, role=navigation/menu, and link lists whose id/class says nav/menu). Everything
  else stays as text, site lines included (来源：, 发布时间：, 【打印】【关闭】, breadcrumbs): split.py
  classifies those lines, so the page keeps what it printed.
- Block elements and <br> end lines; white space inside a paragraph collapses to one space, and to
  nothing where a source line break fell between two Chinese characters; entities are decoded.
- A data table becomes one line per row, cells joined by " | " (a row-spanning cell is repeated in the
  rows it covers); a layout table (one that holds another table) is read as blocks.

Parser: lxml (libxml2's HTML parser): fast, tolerant of the broken markup these sites serve, and the
tree walk (iterwalk + skip_subtree) runs in C. Measured against selectolax and html.parser in
docs/inputs.md.
"""
from __future__ import annotations

import codecs
import itertools
import re

from ..diagnostics import InputError
from .result import Converted

BLOCK_BREAK, LINE_BREAK = "\x00", "\x01"      # never in parsed HTML text (XML forbids both)

BLOCK = frozenset("""
    address article aside blockquote body caption center dd details dialog dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu ol p pre section
    summary table tbody td tfoot th thead tr ul legend
""".split())
SKIP = frozenset("""
    head script style noscript template svg math canvas iframe frame frameset object embed applet audio
    video map select option optgroup button input textarea datalist nav title meta link base
""".split())
NAV_ROLES = frozenset({"navigation", "menu", "menubar", "banner", "search"})
NAV_NAME = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|topnav|mainnav|subnav|sitemap)(?:$|[\s_\d-])", re.I)
_SEPARATORS = re.compile(r"[\s|｜/>»·•-]+")
LINK_SHARE = 0.8                 # a nav/menu-named block counts as furniture when links are >= 80% of its text

_META_CHARSET = re.compile(rb"""
    <meta [^>]{0,600}? charset \s* = \s* ["']? \s* (?P<cs>[A-Za-z0-9_.:-]{1,40})   # <meta charset=x>, "...; charset=x"
  | <\?xml [^>]{0,200}? encoding \s* = \s* ["'] (?P<xcs>[A-Za-z0-9_.:-]{1,40})     # <?xml ... encoding="..."?>
""", re.VERBOSE | re.IGNORECASE)
ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
           "gb18030": "gb18030", "hz-gb-2312": "hz", "big5": "big5hkscs", "big5-hkscs": "big5hkscs",
           "x-x-big5": "big5hkscs", "utf8": "utf-8", "unicode": "utf-8"}
WESTERN = {"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252"}

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"      # ideographs, CJK punctuation, full-width forms
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACE_RUN = re.compile(r"[ \t\r\n\f]+")
_BREAK_RUN = re.compile(rf"[ \t]*[{BLOCK_BREAK}{LINE_BREAK}][{BLOCK_BREAK}{LINE_BREAK} \t]*")
_JOIN = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t\n]*(?=[{_CJK}])")   # a source line break between Chinese characters


def html_to_text(data: bytes, name: str, *, encoding: str = "auto") -> Converted:
    """The page's text (see the module docstring); `encoding` other than "auto" overrides the page's."""
    if encoding != "auto":
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            from ..diagnostics import DecodeError
            raise DecodeError(f"{name}: cannot decode as {encoding} ({exc}); try --encoding auto") from None
    else:
        text, encoding = decode_page(data)
    from lxml import etree
    text = re.sub(r"\A\ufeff?\s*<\?xml[^>]*\?>", "", text)      # lxml refuses str input with an encoding declaration
    if not text.strip():
        return Converted("", "html", encoding)
    try:
        root = etree.fromstring(text, etree.HTMLParser(remove_comments=True, remove_pis=True,
                                                       huge_tree=True, no_network=True))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"{name}: looks like HTML but cannot be parsed ({exc})") from None
    if root is None:
        return Converted("", "html", encoding)
    return Converted(_lines(_collect(root, etree)), "html", encoding)


def decode_page(data: bytes) -> tuple[str, str]:
    """The page's characters and the encoding that read them.

    >>> decode_page('<meta charset="gb2312"><p>一、总体要求</p>'.encode("gbk"))
    ('<meta charset="gb2312"><p>一、总体要求</p>', 'gb18030')
    >>> decode_page('<meta charset="iso-8859-1"><p>到2025年</p>'.encode())[1]
    'utf-8'
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    m = _META_CHARSET.search(data[:4096])
    declared = (m.group("cs") or m.group("xcs")).decode("ascii").lower() if m else None
    tries = []
    if declared and not (declared in WESTERN and not data.isascii()):
        tries.append(ALIASES.get(declared, declared))
    tries += ["utf-8", "gb18030"]
    for enc in dict.fromkeys(tries):
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    enc = tries[0] if _known(tries[0]) else "utf-8"
    return data.decode(enc, errors="replace"), enc


def _known(enc: str) -> bool:
    try:
        codecs.lookup(enc)
        return True
    except LookupError:
        return False


def _collect(root, etree) -> str:
    """The page's text with BLOCK_BREAK / LINE_BREAK marks, white space not yet collapsed."""
    out: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped = None
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if tag in SKIP or _is_nav(el):
                walker.skip_subtree()
                skipped = el
                continue
            if tag == "table" and _is_data_table(el):
                out.append(BLOCK_BREAK + _table(el, etree) + BLOCK_BREAK)
                walker.skip_subtree()
                skipped = el
                continue
            if tag == "br":
                out.append(LINE_BREAK)
            elif tag in BLOCK:
                out.append(BLOCK_BREAK)
            if el.text:
                out.append(_pre(el.text) if tag == "pre" else el.text)
        else:
            if el is not skipped and tag in BLOCK:
                out.append(BLOCK_BREAK)
            skipped = None
            if el.tail and el is not root:
                out.append(el.tail)
    return "".join(out)


def _pre(s: str) -> str:
    return s.replace("\r\n", "\n").replace("\n", LINE_BREAK)


def _is_nav(el) -> bool:
    """Clearly navigation: <nav>, an ARIA navigation/menu role, or a block named nav/menu whose text
    is (almost) all links."""
    role = (el.get("role") or "").lower()
    if role in NAV_ROLES:
        return True
    names = f"{el.get('id') or ''} {el.get('class') or ''}"
    if not NAV_NAME.search(names):
        return False
    total = len(_SEPARATORS.sub("", "".join(el.itertext())))
    if not total:
        return True
    linked = sum(len(_SEPARATORS.sub("", "".join(a.itertext()))) for a in el.iter("a"))
    return linked >= LINK_SHARE * total


def _is_data_table(table) -> bool:
    """A table that holds no other table and has a row of two cells or more. A page laid out with
    nested tables, or a one-column table holding the article, is read as blocks."""
    if next(itertools.islice(table.iter("table"), 1, None), None) is not None:   # iter() yields the table first
        return False
    return any(sum(1 for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")) >= 2
               for tr in table.iter("tr"))


def _own_rows(table):
    for tr in table.iter("tr"):
        p = tr.getparent()
        while p is not None and p.tag != "table":
            p = p.getparent()
        if p is table:
            yield tr


def _table(table, etree) -> str:
    """One line per row, cells joined by " | "; a rowspan cell repeats in the rows it covers."""
    lines, pending = [], {}                      # column -> (text, rows still covered)
    caption = table.find("caption")
    if caption is not None:
        lines.append(_cell_text(caption, etree))
    for tr in _own_rows(table):
        row, col = [], 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            while col in pending:
                row.append(_take(pending, col))
                col += 1
            text = _cell_text(cell, etree)
            span = _int(cell.get("rowspan"))
            if span > 1:
                pending[col] = (text, span - 1)
            row.append(text)
            col += max(1, min(_int(cell.get("colspan")), 1000))
        while col in pending or any(c > col for c in pending):
            if col in pending:
                row.append(_take(pending, col))
            col += 1
        if any(c.strip() for c in row):
            lines.append(" | ".join(row))
    return LINE_BREAK.join(lines)


def _take(pending: dict, col: int) -> str:
    text, left = pending[col]
    if left <= 1:
        del pending[col]
    else:
        pending[col] = (text, left - 1)
    return text


def _int(v) -> int:
    if v is None:
        return 1
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return 1


def _cell_text(cell, etree) -> str:
    """A cell's text on one line: its own line breaks vanish between Chinese characters, else a space."""
    if len(cell) == 0:                                  # the usual cell: text only, no markup inside
        s = _SPACE_RUN.sub(_space, cell.text or "").strip(" ")
    else:
        s = _JOIN.sub("", _lines(_collect(cell, etree)))
    return s.replace("\n", " ").replace("|", "｜")      # a "|" inside a cell would split it


def _lines(marked: str) -> str:
    """Collapse white space the way a browser does, then one line per block (at most one blank line).

    >>> _lines("\\x00  一、总体\\n  要求 \\x00\\x00 to  be \\x01\\x01x\\x00")
    '一、总体要求\\nto be\\n\\nx'
    """
    s = _SPACE_RUN.sub(_space, marked)
    s = _BREAK_RUN.sub(_break, s)
    return s.strip(" \n")


def _space(m: re.Match) -> str:
    """A run of ASCII white space: nothing where it held a line break between two Chinese characters,
    else one space."""
    if "\n" in m.group() or "\r" in m.group():
        s, a, b = m.string, m.start(), m.end()
        if a and b < len(s) and _CJK_CHAR.match(s[a - 1]) and _CJK_CHAR.match(s[b]):
            return ""
    return " "


def _break(m: re.Match) -> str:
    n = m.group().count(LINE_BREAK)
    return "\n" * max(1, min(n, 2)) if n else "\n"
