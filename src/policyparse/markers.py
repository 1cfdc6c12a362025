"""The heading-number grammar (SPEC §3): every printed form of a heading number, named by its style.

One grammar for every stage that asks "does this line open with a heading number, and of which kind?":
sections (every outline style), lines (a document head ends at a numbered line), tables (a strong
heading ends a table; a box's numbered items), targets (how deep a line's number sits). Each stage
filters by style; none writes its own copy. tests/cases/markers.yaml says, for each printed form,
whether it is a heading and of which style.

Patterns run on the width-folded text (normalize.py): （一） is (一), １． is 1., U+3000 is a space.

>>> [(m.style, m.number) for m in map(marker_at, ("第十二章 附则", "(三)任务", "1.2.3 响应", "⑷", "二、目标"))]
[('zhang', 12), ('cn_paren', 3), ('dec3', 3), ('ar_paren', 4), ('cn_dun', 2)]
>>> marker_at("1.5万亿元") is None, marker_at("一、二、三产业") is None
(True, True)

Every character a marker can start with is in MARKER_START (a search for markers may skip the others):

>>> chars = (chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c < 0xE000)
>>> starts = [c for c in chars if regex.match(MARKER, c, FLAGS, partial=True)]
>>> len(starts) > 50, [c for c in starts if not regex.match(MARKER_START, c)]
(True, [])
"""
from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

import regex

from .lexicons import compile_on_use, load_map, std_on_use
from .numerals import cn_to_number

# ---------------------------------------------------------------------------------------- the grammar
# Guards against backtracking: every repeat is bounded ({1,6}, {0,40}); the alternatives are disjoint by
# their first characters, so a failed position costs a few steps.

CN = "一二三四五六七八九十百零〇两"            # Chinese numerals used in heading numbers
CN_NUM = f"[{CN}]"
ORDINAL = rf"(?:[{CN}]{{1,6}}|[0-9]{{1,3}})"      # 第…章 takes 第十二章 or 第12章

MARKER = rf"""
    (?P<bian>   第{ORDINAL}编 )                                 # 第一编 (a code's books)
  | (?P<pian>   第{ORDINAL}篇 )                                 # 第一篇 (a 规划纲要's parts)
  | (?P<bu>     第{ORDINAL}部分 )                               # 第一部分
  | (?P<zhang>  第{ORDINAL}章 )                                 # 第一章
  | (?P<jie>    第{ORDINAL}节 )                                 # 第一节
  | (?P<tiao>   第{ORDINAL}条 )                                 # 第一条
  | (?P<cn_paren> \([ ]?(?:{CN_NUM}{{1,4}}|-(?=[ ]?\)\p{{Han}}))[ ]?\) | [\u3220-\u3229]  # (一) ㈠; OCR "(-)": (一)
                | (?<![^\s]){CN_NUM}{{1,3}}\)(?=\p{{Han}}) )                  # OCR lost "(": "二)标准体系内容"
  | (?P<cn_dun> {CN_NUM}{{1,4}} [ ]? [、.] (?!{CN_NUM}{{1,3}}[、,]) )   # 一、 一. "二 、" -- not "一、二、三产业"
  | (?P<ar_paren> \([ ]?[0-9]{{1,3}}[ ]?\) | [0-9]{{1,3}}\)(?![0-9]) | [\u2474-\u2487] )   # (1) 1) ⑴
  | (?P<dec> [0-9]{{1,2}} (?:\.[0-9]{{1,2}}){{1,3}} (?![0-9.%A-Za-z]) )  # 1.1 / 1.1.1 outline numbers
  | (?P<ar_dot> [0-9]{{1,3}} [ ]? [.、] (?:(?![0-9.])|(?=(?:19|20)[0-9]{{2}}年)|(?=[0-9][A-Za-z]))  # 1. 1、 "1 ."
                | [0-9]{{1,3}}。(?=\p{{Han}})                  # OCR read "." as "。": "12。道德品行不端…"
                | [\u2488-\u249b] )        # -- not "1.5万亿元", "1、2号线"; "1．2025年目标", "1．5G网络建设" are; ⒈
  | (?P<circled> [\u2460-\u2473\u3251-\u325f\u32b1-\u32bf] )    # ① .. ㊿
  | (?P<dec1> [0-9]{{1,2}} (?=[ \t]) )                              # "1 总则" (only beside 1.1 numbering)
"""
FLAGS = regex.VERBOSE | regex.V0

#: the characters a marker can start with (the first characters of the branches above). The engine does
#: not find this set in the alternation by itself: a pattern that searches for a marker anywhere in a text
#: leads with `(?={MARKER_START})` and skips every other position (7x faster over a document). Checked
#: against the grammar for every character in the module docstring.
MARKER_START = rf"[第(\u3220-\u3229{CN}0-9\u2460-\u249b\u3251-\u325f\u32b1-\u32bf]"

#: where MARKER may start: a superset of its matches' starts, each a marker's first character then what must
#: follow it (第, an opening bracket or a numbered symbol; Chinese numerals before 、 . or ); digits before . 、 ) 。
#: or a space), for a search that tries MARKER only there (the standard library's `re` skips to a character
#: class; `regex`, searching MARKER itself, tries every position). tests/test_markers.py holds it a superset.
MAY_START_RE = re.compile(
    MARKER_START + r"(?:(?<=[第(\u3220-\u3229\u2460-\u24ff\u3251-\u325f\u32b1-\u32bf])"
    rf"|(?<=[{CN}])(?=[{CN}]{{0,3}}[ ]?[、.]|[{CN}]{{0,2}}\))"
    r"|(?<=[0-9])(?=[0-9]{0,2}[ ]?[.、)。]|[0-9]?[ \t]))")

#: the grammar without the context-dependent "1 总则" (for patterns that embed it where no context is known);
#: its group names are prefixed "m_" so that it can sit inside a pattern with groups of its own
PLAIN_MARKER = regex.sub(r"\(\?P<(\w+)>", r"(?P<m_\1>", MARKER.split("  | (?P<dec1>")[0])
#: a marker exactly at a position (no indentation). The grammar is in the syntax both engines share and is
#: tried at every line start of every stage: compiled by the standard library's `re` (lexicons.std_on_use, its
#: \s and \p{Han} spelt out as `regex` reads them), which matches it 2-3x faster
STD_FLAGS = re.VERBOSE
MARKER_RE = std_on_use(MARKER, STD_FLAGS)
#: indentation in front of a line's marker: spaces and tabs, or Markdown heading hashes ("## 第一章"), then maybe
#: Markdown's strong emphasis ("**（三）推进数据共享。**")
INDENT = r"(?:(?:[ \t]{0,4}\#{1,6}[ \t]{0,4}|[ \t]{0,40})(?:\*\*|__)?)"
INDENT_CHARS = frozenset(" \t#*_")      # what INDENT can start with
#: a marker after a line's indentation, at a position where a line starts (call with .match)
LINE_RE = std_on_use(rf"(?P<indent>{INDENT})(?:{MARKER})", STD_FLAGS)
#: the same with `regex`, for a partial match (whether a line opening with a character may hold a marker)
LINE_PARTIAL_RE = compile_on_use(LINE_RE.pattern, FLAGS)

#: styles in their usual order, outermost first (SPEC §3: 章 > 节 > 一、 > （一） > 1． > （1） > ①)
USUAL_ORDER = ("bian", "pian", "bu", "zhang", "jie", "tiao", "cn_dun", "cn_paren", "ar_dot", "ar_paren",
               "circled")
#: 第X编/篇/部分/章/节/条
CHAPTERS = frozenset({"bian", "pian", "bu", "zhang", "jie", "tiao"})
#: a document's outline proper: a table never holds one (it ends there); lists live in cells and boxes
OUTLINE = CHAPTERS | {"cn_dun", "cn_paren", "dec"}
#: list items: the numbered items of a 专栏 box or of a cell
ITEMS = frozenset({"ar_dot", "ar_paren", "circled"})
#: styles a mid-sentence enumeration uses ("（1）…；（2）…" in one paragraph)
RUN_IN = frozenset({"cn_paren", "ar_paren", "circled"})


class Marker(NamedTuple):
    style: str          # a name above; "dec" is split by depth: "dec2" for 1.1, "dec3" for 1.1.1
    span: tuple[int, int]
    number: int         # the number it carries: (十二) -> 12, 1.2.3 -> 3


def family(style: str) -> str:
    """ "dec2", "dec3" -> "dec"; other styles are their own family.

    >>> family("dec3"), family("cn_dun")
    ('dec', 'cn_dun')
    """
    return "dec" if style.startswith("dec") and style != "dec1" else style


def marker_at(norm: str, pos: int = 0, endpos: int | None = None, *, indent: bool = True) -> Marker | None:
    """The heading number at `pos` (after a line's indentation when `indent`), or None.

    A decimal outline number must be followed by a title, not a unit ("1.5万亿元", "2.3 万人次"); the
    context-dependent "1 总则" (dec1) is returned as such for the caller to accept or not.

    >>> marker_at("## 第一章 总则").style, marker_at("  (一)发展基础。").span
    ('zhang', (2, 5))
    >>> marker_at("1.1 编制目的").style, marker_at("2.3 万人次") is None, marker_at("3 个工作日")
    ('dec2', True, None)
    """
    end = len(norm) if endpos is None else endpos
    if not (indent and norm[pos:pos + 1] in INDENT_CHARS) and not MAY_START_RE.match(norm, pos, end):
        return None                                   # no marker can start here (a cheap look first)
    m = (LINE_RE if indent else MARKER_RE).match(norm, pos, end)
    if m is None:
        return None
    style = m.lastgroup
    ms, me = m.span(style)
    text = norm[ms:me]
    if style in ("dec", "dec1") and quantity_follows(norm, me, end):
        return None
    if style == "dec1" and not _title_follows(norm, me, end):
        return None
    if style == "dec":
        style = f"dec{text.count('.') + 1}"
    n = number(style, text)
    return None if n is None else Marker(style, (ms, me), n)    # "(十四五)", "(0)": no heading number


def _title_follows(norm: str, pos: int, end: int) -> bool:
    while pos < end and norm[pos] in " \t":
        pos += 1
    return pos < end and bool(_HAN_RE.match(norm, pos))


_HAN_RE = compile_on_use(r"\p{Han}")


@cache
def number(style: str, marker: str) -> int | None:
    """The number a (width-folded) marker carries: "(十二)" -> 12, "1.2.3" -> 3, "⑷" -> 4.

    >>> [number(s, m) for s, m in [("cn_paren", "(十二)"), ("dec3", "1.2.3"), ("ar_paren", "⑷"),
    ...                             ("circled", "③"), ("zhang", "第五章"), ("ar_dot", "7、"), ("bu", "第二部分")]]
    [12, 3, 4, 3, 5, 7, 2]
    >>> number("cn_paren", "(十四五)") is None
    True
    """
    if len(marker) == 1 and not ("0" <= marker <= "9"):
        o = ord(marker)
        for lo, hi, base in ((0x2460, 0x2473, 1), (0x3251, 0x325F, 21), (0x32B1, 0x32BF, 36),
                             (0x2474, 0x2487, 1), (0x2488, 0x249B, 1), (0x3220, 0x3229, 1)):
            if lo <= o <= hi:
                return o - lo + base
        return None
    if style.startswith("dec") and style != "dec1":
        return int(marker.rsplit(".", 1)[1])
    core = marker.strip("()、.。第章节条编篇部分 ")
    if core == "-":
        return 1                                  # OCR's "(-)": (一)
    if not core:
        return None
    if core.isascii() and core.isdigit():
        return int(core) or None
    n = cn_to_number(core)
    return n if n and n < 1000 else None


def depth(marker: Marker) -> int:
    """How deep a marker's line sits in the usual outline (smaller is outer): chapters 0, 条 1, 一、 2,
    （一） 3, 1． 4 (1.1 5, 1.1.1 6 …), （1） 8, ① 9.

    >>> [depth(marker_at(x)) for x in ("第五条 申报", "(二)服务场地", "1.1 总则", "③")]
    [1, 3, 5, 9]
    """
    s = marker.style
    if s in CHAPTERS:
        return 1 if s == "tiao" else 0
    if s.startswith("dec"):
        return 4 if s == "dec1" else 4 + int(s[3:]) - 1
    return {"cn_dun": 2, "cn_paren": 3, "ar_dot": 4, "ar_paren": 8, "circled": 9}[s]


# ---------------------------------------------------------------------------------------- quantities

class _Units(NamedTuple):
    words: dict[str, str]     # unit character -> characters that make it an ordinary word instead
    long: tuple[str, ...]     # units of several characters ("小时", "公里"): always a unit


@cache
def _units() -> _Units:
    table = {str(k): str(v or "") for k, v in load_map("common/quantity_units.yaml").items()}
    return _Units({k: v for k, v in table.items() if len(k) == 1}, tuple(k for k in table if len(k) > 1))


QUALIFIER_AFTER = ("以上", "以下", "左右", "以内")


def quantity_follows(norm: str, pos: int, end: int | None = None) -> bool:
    """After a number at `pos`, a unit or a qualifier: the number was a quantity, not a heading number
    ("1.5万亿元", "2.3 万人次", "1.2左右"); a word that starts like a unit is no unit ("1.1 人员保障").

    >>> [quantity_follows(x, 3) for x in ("1.5万亿元", "2.3 万人次", "1.1 人员保障", "1.2左右", "2.5小时", "1.1 小组")]
    [True, True, False, True, True, False]
    """
    end = len(norm) if end is None else end
    while pos < end and norm[pos] in " \t":
        pos += 1
    if pos >= end:
        return False
    if norm.startswith(QUALIFIER_AFTER, pos) or norm.startswith(_units().long, pos):
        return True
    word = _units().words.get(norm[pos])
    return word is not None and not (pos + 1 < end and norm[pos + 1] in word)
