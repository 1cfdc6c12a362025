"""Layout E: a numbered two-column list whose cells a PDF copy separated by a single space (SPEC §1, §6).

    附件1
    智能网联汽车自动驾驶功能通用检测项目
    序号 检测项目
    1 交通信号识别及响应（包括交通信号灯、交通标志、交
    通标线等）
    2 道路交通基础设施与障碍物识别及响应

The header is 序号 (or 编号) and one header cell; each row opens with the next number (1, 2, 3 … in order)
and a space; a line that opens with no number continues the row above when that row's line is full (a cell
broken by the page width: as long as the widest row, and at least FULL_LINE_MIN characters).
The table ends at a blank line, a note (注/※), a 附件 or 专栏 line, a heading, or a number out of sequence.
"""
from __future__ import annotations

import regex

from ..records import Text
from .body import Draft
from .boxes import finish
from .cells import Line, column_type, heading, is_label, is_note, squeeze, strip_span
from .headers import title_before

# "序号 检测项目": the serial header, one to four spaces, one header cell of 2-16 characters (no punctuation)
SPACED_HEADER_RE = regex.compile(
    r"""[ \t\u3000]{0,8}
        (?P<serial> 序号 | 编号 )
        [ \u3000]{1,4}
        (?P<column> [\p{Han}A-Za-z（）()]{2,16} )
        [ \t\u3000]*""", regex.VERBOSE)
# "1 交通信号识别及响应…": a row's number, a space, its text
SPACED_ROW_RE = regex.compile(
    r"""[ \t\u3000]{0,8}
        (?P<n> \d{1,3} )
        [ \u3000]{1,4}
        (?P<text> \S.*? )
        [ \t\u3000]*""", regex.VERBOSE)
# a line that starts something else: a 附件 line, a note mark
OTHER_START_RE = regex.compile(r"[ \t\u3000]{0,8}(?:附件|附表|※|注[:：])")
MAX_ROWS = 500                  # bounded: a longer run is no such list
MAX_CONTINUATIONS = 3           # lines one cell may be broken over
FULL_LINE_MIN = 18              # characters: a line this long (or as long as the widest row) may go on below
# a line after the rows that starts something else: "以上材料一式三份…", "说明：…", "备注：…"
AFTER_TABLE_RE = regex.compile(r"[ \t\u3000]{0,8}(?:以上|上述|说明|备注)")


def spaced_table(t: Text, lines: list[Line], i: int, floor: int = 0) -> Draft | None:
    """The layout-E table whose header is line i, or None.

    >>> txt = "检测项目\\n序号 检测项目\\n1 交通信号识别及响应（包括交通信号灯、交\\n通标线等）\\n2 车辆定位\\n※ 注意。"
    >>> from .cells import lines_of
    >>> d = spaced_table(Text(txt, txt), lines_of(Text(txt, txt), (0, len(txt))), 1)
    >>> d.title, d.columns, d.rows
    ('检测项目', ['序号', '检测项目'], [['1', '交通信号识别及响应（包括交通信号灯、交通标线等）'], ['2', '车辆定位']])
    """
    head = SPACED_HEADER_RE.fullmatch(lines[i].text)
    if head is None:
        return None
    columns = [head.group("serial"), head.group("column")]
    rows: list[list[str]] = []
    row_spans, cell_spans = [], []
    parts: list[tuple[int, int]] = []            # the printed parts of the open row's second cell
    j, conts, widest = i + 1, 0, 0
    line_start = 0                               # where the open cell's last printed line starts

    def close() -> None:
        cell = "".join(squeeze(t.out(a, b)) for a, b in parts)
        rows[-1].append(cell)
        cell_spans[-1].append((parts[0][0], parts[-1][1]))
        row_spans[-1] = (row_spans[-1][0], parts[-1][1])

    while j < len(lines) and len(rows) < MAX_ROWS:
        ln = lines[j]
        if ln.blank or is_note(ln) or is_label(ln) or OTHER_START_RE.match(ln.text):
            break
        m = SPACED_ROW_RE.fullmatch(ln.text)
        if m is not None and int(m.group("n")) == len(rows) + 1:
            if rows:
                close()
            s0 = ln.span[0]
            n_span = (s0 + m.start("n"), s0 + m.end("n"))
            rows.append([m.group("n")])
            row_spans.append((n_span[0], n_span[1]))
            cell_spans.append([n_span])
            parts, conts = [(s0 + m.start("text"), s0 + m.end("text"))], 0
            widest, line_start = max(widest, ln.span[1] - ln.span[0]), s0
        elif rows and m is None and conts < MAX_CONTINUATIONS and heading(ln.text) is None \
                and t.norm[parts[-1][1] - 1:parts[-1][1]] not in ("。", ";", "；") \
                and parts[-1][1] - line_start >= max(FULL_LINE_MIN, widest - 2) \
                and not AFTER_TABLE_RE.match(ln.text):
            a, b = strip_span(ln)
            parts.append((a, b))
            line_start = ln.span[0]
            conts += 1
        else:
            break
        j += 1
    if len(rows) < 2:
        return None
    close()
    label, title, tj = title_before(t, lines, i, floor)
    start = strip_span(lines[tj])[0] if tj is not None else strip_span(lines[i])[0]
    types = [column_type(columns[0]), column_type(columns[1], last=True)]
    d = Draft(label, title, start, columns, rows, row_spans, [], j, cell_spans=cell_spans, column_types=types)
    return finish(t, lines, d, j, row_spans[-1][1])
