"""Header rows and captions: where a header run starts and stops, header cells broken across lines, a
header repeated after a page break, the next table's header, and the caption line above a header.
"""
from __future__ import annotations

import regex

from ..records import Text
from .categories import CODE_RE
from .cells import (MAX_COLUMNS, SPACE_RE, YEAR_FRAG_RE, YEAR_HEAD_RE, Line, Piece, columns, has_sep, heading,
                    is_header_cell, is_label, is_strong, item_marker, line_start, squeeze, strip_span)


CAPTION_END_RE = regex.compile(r"[;:,]$|。")                 # a sentence, not a table caption
# a form's fill-in line printed between a table's caption and its header: "推荐单位（盖章）：", "填报单位：" (bounded)
FILL_IN_RE = regex.compile(r"^[^。;,，:：]{0,16}(?:单位|盖章|填报人|填表人|日期)[^。;,，:：]{0,6}[:：]$")
ATTACHMENT_RE = regex.compile(r"^附件\s{0,3}\d{0,2}$")
ATTACHMENT_PREFIX_RE = regex.compile(r"附件\s{0,3}\d{0,2}\s{0,3}[:：]\s{0,3}")   # 附件1：title
# A table number leading a caption ("表1  title", "表 1:title", "附表2 title", "表1-1 title"): the
# table's label; the rest of the line is its title. Bounded digits and gaps (no backtracking risk).
TABLE_NO_RE = regex.compile(r"""
    (?P<label>附?表[ ]{0,2}\d{1,3}(?:[-.][ ]{0,1}\d{1,3}){0,2})   # 表1 / 表 1 / 附表2 / 表1-1
    (?![\d%])                                                           # not 表10% or a number
    [ \t:.、]{0,8}                                                       # the gap before the title
""", regex.VERBOSE)


# a header cell's note printed on a line of its own, under the cell: "联系方式" / "（手机号）" (bounded)
BRACKETED_RE = regex.compile(r"[(（][^()（）]{1,30}[)）]")


def join_header(cells: list[Piece]) -> list[Piece]:
    """Join header cells broken across lines: "2018年" + "基数" -> "2018年基数", "联系方式" + "（手机号）".

    >>> [p.text for p in join_header([Piece(((0, 1),), x) for x in ("序号", "联系方式", "（手机号）", "备注")])]
    ['序号', '联系方式（手机号）', '备注']
    """
    v = columns()
    out: list[Piece] = []
    for c in cells:
        h = c.text
        if out:
            prev = out[-1].text
            joined = prev + h
            # a bare year goes on with a year suffix or a short fragment, never with a header of its
            # own ("2025年" + "属性" are two columns)
            if (YEAR_FRAG_RE.match(prev) and not YEAR_HEAD_RE.match(h)
                    and (h in v.year_suffix or (len(h) <= 4 and not is_header_cell(h)))) \
                    or (prev not in v.words and joined in v.words) or BRACKETED_RE.fullmatch(h) \
                    or (joined in v.start and len(prev) <= 2 and len(h) <= 2):   # "指标" + "属性": 指标属性
                out[-1] = Piece(out[-1].spans + c.spans, joined, out[-1].gap, out[-1].fixed)
                continue
        out.append(c)
    return out


ATTACHMENT_LABEL_END_RE = regex.compile(r"附件\s{0,3}\d{1,2}\s{0,3}[:：]?")    # a piece that is only "附件2："


def before_heading(pieces: list[Piece], n: int) -> int:
    """Layout C: how many pieces come before a section heading that ends the table.

    A piece led by a heading marker (二、 (一) 第X章 1.1 3.) is a cell of this table only when the
    table numbers its own cells that way: an outline marker (一、 (一) 第X章 1.1) must be of a kind
    the cells already use, or a 1 in the first row (a 一、 group opening the body) or right after a
    piece numbered with another outline kind (a (一) sub-group opening under a 一、 group); an item marker
    (1. (1) ①) must be a 1 or of a kind the cells already use (a list in every measure).
    """
    seen: dict[str, set[int]] = {}
    before = None                                  # the heading kind of the piece before
    for k, p in enumerate(pieces):
        if k >= n and p.text.startswith("附件") and ATTACHMENT_LABEL_END_RE.fullmatch(p.text.strip()):
            return k                               # "附件2：": the next attachment, after this table
        h = heading(p.text)
        prev, before = before, (h[0] if h else None)
        if h is None:
            continue
        kind, num = h
        nums = seen.setdefault(kind, set())
        if is_strong(kind):
            ok = bool(nums) or (num == 1 and (k < n or (prev is not None and is_strong(prev) and prev != kind)))
        else:                                      # items inside cells: any row may open a list
            ok = num == 1 or bool(nums)
        if not ok:
            return k
        nums.add(num)
    return len(pieces)


def line_after(lines: list[Line], i: int, pos: int) -> int:
    """The index of the first line from i on that starts at or after offset `pos`."""
    end = i
    while end < len(lines) and lines[end].span[0] < pos:
        end += 1
    return end


def next_header(pieces: list[Piece], head: list[str]) -> int:
    """Layouts B and C: where a run of header cells other than the table's own header opens the
    next table (a repeat of the own header is the same table after a page break)."""
    own = [SPACE_RE.sub("", h) for h in head]
    k = 0
    while k < len(pieces):
        if not is_header_cell(pieces[k].text):
            k += 1
            continue
        run = header_run(pieces[k:k + 3 * MAX_COLUMNS])
        texts = [q.text for q in pieces[k:k + run]]
        joined = [SPACE_RE.sub("", q.text) for q in join_header(pieces[k:k + run])]
        if run >= 2 and strong_header(texts) and joined[:len(own)] != own and joined != own[:len(joined)] \
                and not _relabels(joined, own):
            return k
        k += max(1, run)                          # past a repeat of the own header (or one cell)
    return len(pieces)


def _relabels(run: list[str], own: list[str]) -> bool:
    """A form's row naming the own columns anew for another kind of item (关键软件种类 / 名称 / 规格/型号 / 供应商
    under 关键装备种类 / 名称 / 规格/型号 / 供应商 / 备注): its first cell opens no table of its own, every
    other cell is one of the own header's. A row of the same table, not the next table's header.

    >>> _relabels(["关键软件种类", "名称", "规格/型号"], ["场景名称", "关键装备种类", "名称", "规格/型号", "备注"])
    True
    >>> _relabels(["项目名称", "单位", "2020年"], ["指标名称", "单位", "2020年"])
    False
    """
    v = columns()
    return len(run) >= 3 and run[0] not in v.start and run[0] not in v.exact["serial"] \
        and all(h in own[1:] for h in run[1:])


def drop_repeats(pieces: list[Piece], head: list[str]) -> list[Piece]:
    """Layout C: drop the header where a page break printed it again (one table, SPEC §6)."""
    h = len(head)
    out, k = [], 0
    while k < len(pieces):
        if h >= 2 and [p.text for p in pieces[k:k + h]] == head:
            k += h
            continue
        out.append(pieces[k])
        k += 1
    return out


# A numbered form (序号 first): every cell before the first row's number is a header, however long its
# instruction ("具体场景描述（结合要素条件进行描述，300字以内，可配图）"); the first row opens with 1 or 示例,
# after the category cells printed in a group's first row (a standards list's "A 基础共性", "AA 基础").
FIRST_ROW_RE = regex.compile(r"1|01|一|示例:?|例:?")
FORM_HEADER_MAX = 80           # characters of one header cell with its instruction (no sentence end)
MAX_LEAD_CATEGORIES = 3        # category cells before the first row's number (one per code level)


def header_run(pieces: list[Piece]) -> int:
    """How many leading pieces of layout C form the header row.

    >>> from policyparse.tables.cells import Piece
    >>> cells = ("序号", "场景名称", "场景描述（300字以内，可配图）", "备注", "示例", "人机协同")
    >>> ps = [Piece(((0, 1),), x, 0, "in") for x in cells]
    >>> header_run(ps)
    4
    """
    k = 0
    while k < len(pieces) and k < 3 * MAX_COLUMNS and is_header_cell(pieces[k].text):
        k += 1
    if k >= 1:
        k = max(k, form_run([p.text for p in pieces[:MAX_COLUMNS + MAX_LEAD_CATEGORIES + 1]]))
    return k


def form_run(texts: list[str]) -> int:
    """A numbered form's header led by a serial head (序号, 总序号 …; layout C): how many cells come before
    its first row (its number, or the category codes before it), whatever they say ("标准号/计划号",
    "标准状态"); 0 when no first row follows within MAX_COLUMNS cells.

    >>> form_run(["序号", "标准号/计划号", "标准名称", "标准状态", "1", "GB/T 40647-2021"])
    4
    >>> form_run(["总序号", "分序号", "标准名称", "状态", "A 基础共性", "AA 基础", "1", "1"])
    4
    >>> form_run(["序号", "正文。"]), form_run(["总序号", "A 基础共性", "说明。"])
    (0, 0)
    >>> form_run(["序号", "地区", "GDP 增速(%)", "1", "甲市", "6.5"])     # a header cell, no category code
    3
    >>> form_run(["序号", "技术名称", "关键参数（两到三个核心参数）", "备注", "", "", "", ""])   # a blank form
    4
    """
    if not texts or SPACE_RE.sub("", texts[0]) not in columns().exact["serial"]:
        return 0
    j = 1
    while j < len(texts) and j < MAX_COLUMNS and not _first_row(texts, j) \
            and len(texts[j]) <= FORM_HEADER_MAX and "。" not in texts[j]:
        j += 1
    return j if j < len(texts) and j < MAX_COLUMNS and _first_row(texts, j) else 0


def numbered_rows(texts: list[str], h: int) -> bool:
    """Below a numbered form's h header cells (form_run), its first two rows open with 1 and 2, h cells apart:
    the header is a table's whatever its words ("序号" / "检测项目" / "1" / "交通信号识别及响应" / "2" / …).

    >>> numbered_rows(["序号", "检测项目", "1", "交通信号识别", "2", "障碍物识别"], 2)
    True
    >>> numbered_rows(["序号", "检测项目", "1", "交通信号识别", "说明。", "2"], 2)
    False
    """
    return h >= 2 and len(texts) > 2 * h and [SPACE_RE.sub("", texts[k * h]) for k in (1, 2)] == ["1", "2"]


def _first_row(texts: list[str], j: int) -> bool:
    """texts[j] opens a form's first row: its number, maybe after category codes (A 基础共性 / AA 基础), or
    an empty cell (a blank form printed with filler cells, "" here: layouts.pieces_c)."""
    if texts[j] == "":
        return True
    k, last = j, ""
    while k < len(texts) and k - j < MAX_LEAD_CATEGORIES and (m := CODE_RE.match(texts[k].strip())) \
            and m.group("code")[:-1] == last:      # the codes nest from one letter: "A 基础共性", "AA 基础"
        last = m.group("code")                     # (not a header cell such as "GDP 增速(%)")
        k += 1
    return k < len(texts) and bool(FIRST_ROW_RE.fullmatch(SPACE_RE.sub("", texts[k])))


# a line closing with a bracketed note, as a form's first header cell does: "具体场景名称（与上面表格对应）" (norm
# folds （） to ()); found from the closing bracket at the line's end, a literal the scan finds fast (bounded)
NOTE_CLOSE_RE = regex.compile(r"\)(?=[ \t]{0,8}(?:[\r\n]|\Z))")
NOTED_LINE_RE = regex.compile(r"[ \t]{0,8}\p{Han}{2,12}\([^()\r\n。]{1,30}\)")


def noted_heads(norm: str, a: int, b: int) -> list[int]:
    """The starts of the lines inside [a, b) that are a header cell with its fill-in note in brackets
    ("具体场景名称(与上面表格对应)"): where a form's header row may open.

    >>> noted_heads("说明\\n具体场景名称(与上面表格对应)\\n本项目(试点)围绕……\\n", 0, 40)
    [3]
    """
    out = []
    for m in NOTE_CLOSE_RE.finditer(norm, a, b):
        start = line_start(norm, m.start(), a, window=48)
        if NOTED_LINE_RE.fullmatch(norm, start, m.end()) and is_header_cell(norm[start:m.end()]):
            out.append(start)
    return out


# an annex label alone on its line, as an annex that is a table opens: "附件1" (bounded)
ANNEX_LINE_RE = regex.compile(r"(?:^|(?<=\r))[ \t]{0,8}附件[ \t]{0,3}\d{1,2}[ \t]{0,8}(?=[\r\n]|\Z)", regex.MULTILINE)


def annex_heads(norm: str, a: int, b: int) -> list[int]:
    """Where an annex label line ("附件1") inside [a, b) stands: an annex may be a table, its title on the next
    line and its header row below (SPEC §6; tables/__init__ reads the header as `annex_header` allows)."""
    return [m.start() for m in ANNEX_LINE_RE.finditer(norm, a, b)]


def annex_header(lines: list[Line], i: int) -> int | None:
    """The line index of the header row of an annex opened by the label on line i: the line after its title (a
    short line, no sentence), when it is a header cell; None otherwise."""
    j = i + 1
    while j < len(lines) and lines[j].blank:
        j += 1
    if j >= len(lines):
        return None
    txt = lines[j].text.strip()
    if not txt or len(txt) > 50 or CAPTION_END_RE.search(txt) or item_marker(txt) or has_sep(lines[j]):
        return None
    k = j + 1
    while k < len(lines) and lines[k].blank:
        k += 1
    return k if k < len(lines) and is_header_cell(lines[k].text) else None


def strong_header(cells: list[str], *, annex: bool = False) -> bool:
    """Header cells that open a table: at least two, most of them header words, one of them a word that opens a
    table (or a unit list's, or three header words). Under an annex's title, two header cells and nothing else
    suffice: the annex is the table ("附件1" / "…课程体系参考建议" / "课程板块" / "参考课程方向").

    >>> strong_header(["课程板块", "参考课程方向"]), strong_header(["课程板块", "参考课程方向"], annex=True)
    (False, True)
    """
    v = columns()
    hs = [SPACE_RE.sub("", c) for c in cells]
    good = [h for h in hs if is_header_cell(h)]
    if annex and len(good) >= 2 and len(good) == len(hs):
        return True
    if len(good) < 2 or len(good) < 0.6 * len(hs):
        return False
    return any(h in v.start or any(w in h for w in v.contains["org"]) for h in hs) or len(good) >= 3


# a numbered heading printed right above a header row, as its caption: "1. 智能制造优秀场景" (a list of forms)
NUMBERED_CAPTION_RE = regex.compile(r"""
    \d{1,2}[.．][ ]{0,2}                         # 1. / 2．
    (?P<title>[\p{Han}A-Za-z0-9“”（）()、/]{2,30})   # a short name: no sentence punctuation
""", regex.VERBOSE)


def title_before(t: Text, lines: list[Line], i: int, floor: int = 0):
    """The caption of a header-row table, the short line just above its header: (label, title, line).

    A leading table number (表1 / 附表2 / 表1-1) is the label, the rest the title. A numbered heading right
    above the header ("1. 智能制造优秀场景", maybe a blank line between, as a crawl prints every paragraph) gives
    the title without its number, and no line: it stays a heading.

    Never a line before `floor` (the previous table's lines) nor a row of layout A.
    """
    j = i - 1
    blanks = 0
    while j >= 0 and lines[j].blank and blanks < 3:
        j -= 1
        blanks += 1
    if j > floor and FILL_IN_RE.match(lines[j].text.strip()):
        j -= 1                                    # "推荐单位（盖章）：" between the caption and the header
        while j >= 0 and lines[j].blank and blanks < 3:
            j -= 1
            blanks += 1
    if j < floor or j < 0 or lines[j].blank or has_sep(lines[j]):
        return None, None, None
    txt = lines[j].text.strip()
    if blanks <= 1 and (cap := NUMBERED_CAPTION_RE.fullmatch(txt)):  # "1. 智能制造优秀场景" right above the
        a = lines[j].span[0] + lines[j].text.find(cap.group("title"))   # header: the caption is also
        return None, squeeze(t.out(a, a + len(cap.group("title")))), None         # a heading, left outside the table
    if not txt or len(txt) > 50 or CAPTION_END_RE.search(txt) or item_marker(txt) \
            or ATTACHMENT_RE.match(txt) or is_label(lines[j]):
        return None, None, None
    a, b = strip_span(lines[j])
    m = ATTACHMENT_PREFIX_RE.match(t.norm, a, b)           # 附件：重点任务分工表 -> the caption
    if m and m.end() < b:
        a = m.end()
    label, a = _split_table_no(t, a, b)
    return label, (squeeze(t.out(a, b)) or None) if a < b else None, j


def _split_table_no(t: Text, a: int, b: int) -> tuple[str | None, int]:
    """A caption at [a, b) led by a table number ("表1  title"): (label "表1", where the title starts).

    >>> _split_table_no(Text("表 1-2：主要指标", "表 1-2:主要指标"), 0, 10)
    ('表1-2', 6)
    >>> _split_table_no(Text("表彰先进", "表彰先进"), 0, 4)
    (None, 0)
    """
    m = TABLE_NO_RE.match(t.norm, a, b)
    if not m:
        return None, a
    return SPACE_RE.sub("", t.out(m.start("label"), m.end("label"))), m.end()
