"""Headings in a crawl that lost every line break and space (SPEC §1): "…现提出以下意见。一、持续提升投资建设
便利度（一）优化再造投资项目前期审批流程。…（国家发展改革委牵头…负责）（二）进一步提升…".

A marker glued to the text before it is a heading when it continues the numbering in sequence (the next
number of a style already seen: "…（责任单位：…）１０．" after ９．) — or, on a line far longer than any
paragraph (`LONG_LINE`: a crawl that lost its breaks), when it starts a style: 一、 where none came before,
（一） again once a higher heading opened — and it sits where a heading can start: after a sentence end or a
closing bracket, or inside the title of the heading accepted just before it (whose title then ends there:
"一、持续提升投资建设便利度" / "（一）优化再造…"). Anything else (a "（一）" in running text, a number that
breaks the sequence) stays text.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .. import markers
from ..heads import ADATE, ADOPTION_ACT, CDATE
from ..lexicons import compile_on_use, prefiltered, std_on_use
from .scan import LONG_LINE, SPACE_RE, TOC_MAX_ENTRIES, _Cand, _Scanner, _gap_width
GLUED_STYLES = ("bian", "pian", "bu", "zhang", "jie", "tiao", "cn_dun", "cn_paren", "ar_dot", "ar_paren", "circled")
# a marker anywhere inside a line (the line-start ones are found already); styles filtered above
# (after spaces inside a line only for 第X章/第X条: "第二章　环境影响评价　　第八条　…")
# (led by the markers' first characters, which the engine does not find by itself: a 7x faster search)
# (the look-behind "(?<=[^\s][ \t\u3000]{0,4})" spelt as one fixed width per count of spaces: then `re` compiles
# it, markers.STD_FLAGS, and matches it 2-3x faster than `regex`)
_AFTER_TEXT = "|".join(rf"(?<=[^\s][ \t\u3000]{{{n}}})" for n in range(5))
_glued_re = std_on_use(rf"(?={markers.MARKER_START})(?:{_AFTER_TEXT})(?:{markers.MARKER})", markers.STD_FLAGS)
# where _glued_re may match: where a marker may start (markers.MAY_START_RE), not right after a line break
# (its look-behind wants a non-space character at most four spaces before; a line-start marker was found by
# the scanner already)
_GLUED_AT_RE = re.compile(r"(?<![\r\n])(?:" + markers.MAY_START_RE.pattern + ")")
OPENS_AFTER = frozenset("。!?;)」”】〕")          # a heading may follow a sentence end or a closing bracket,
# or the colon that opens a notice's body parts: "…现将有关事项通知如下:一、提高政治站位…"
OPENS_AFTER_COLON = OPENS_AFTER | {":"}
INTRO_COLON_RE = compile_on_use(r"(?:如下|以下)[\p{Han}]{0,4}\s?:\s{0,4}$")   # "作如下修改：", "提出以下意见："
# ... or a short label after a sentence end that announces the items below it: "…负责）具体措施：1．及时总结…"
LABEL_COLON_RE = compile_on_use(r"[。;!?)」”】〕]\s{0,2}\p{Han}{2,8}\s?:\s{0,2}$")
# ... a label that is a noun ("具体措施：", "重点任务："); after a sentence ("支持方向包括：", "要重点做好：")
# only items that carry a label of their own open headings ("具体包括：1）党员管理：…"), not an inline list
# ("（1）技术改造；…")
LABEL_NOUN_RE = compile_on_use(r"(?:措施|任务|举措|要求|内容|目标|做法|事项|重点|安排|路径|原则|职责|分工|步骤|环节)"
                              r"\s?:\s{0,2}$")
# ... or a legal clause that announces a list: "…有下列情形之一的，依法依规追究责任：（一）…" (bounded window)
# or a definition that lists: "…排放地是指：（一）…", or a body's duties: "…主管部门…，主要职责是：（一）…",
# "…负责以下…工作：（一）…" (for the legal item style （一） only: "主要包括：（1）…" and "包括:1.…" are
# enumerations inside a sentence)
LIST_COLON_RE = compile_on_use(r"(?:(?:下列|以下)[^。;:!?]{0,60}|是指|职责(?:是|为|包括))\s?:$")
LIST_COLON_WINDOW = 72
# Chapter-level markers (第X编/章/节) name a heading wherever a sentence ends: "…为举报人保密。第二章　环境影响
#评价　　第八条　…" — a reference to a chapter is written inside a sentence ("本条例第二章规定的"), never right after
# its end. The first chapter or article may also follow a legal title whose line break was lost ("…管理条例第一章").
CHAPTER_STYLES = frozenset({"bian", "pian", "bu", "zhang", "jie"})
LEGAL_STYLES = CHAPTER_STYLES | {"tiao"}          # ... and 第X条
CHAPTER_TITLE_MAX = 40      # characters: a chapter's title before the first article glued to it ("第一章总 则第一条 …")
# An attachment label and its title right before a glued 一、 (no sentence end between, bounded): the
# attachment's own numbering starts
ATTACHMENT_BEFORE_RE = compile_on_use(r"(?<![按见照如依据附详参])附件"      # a label, not "按附件格式"
                                      r"\s?\d{0,2}\s?:?\s?[^。;!?:,，《》]{2,70}$")   # a title: no sentence, no comma
ATTACHMENT_WINDOW = 80
# ... or after the head of a regulation whose breaks were lost, when its first article follows the chapter's short
# title: "…常务委员会第二十五次会议批准第一章总则第一条为了…" (a reference to 第一章 is never followed by 第一条)
ARTICLE_ONE_RE = compile_on_use(r"[^。;:,，]{1,36}?第[一1]条")
# (not a reference to the document itself: "依照本办法第一章规定的…")
LEGAL_TITLE_END_RE = compile_on_use(r"(?<![本该此])(?:条\s?例|办\s?法|规\s?定|细\s?则|规\s?则|章\s?程|准\s?则)\s{0,4}$")
# ... or after the adoption note that follows such a title ("…条例2004年9月3日中华人民共和国国务院令第416号公布第一条
# 为了…", "…会议通过第一章总则第一条…"): a date, then the act that ends the note (bounded, one clause)
ADOPTION_END_RE = compile_on_use(rf"(?:{ADATE}|{CDATE})[^。;!?]{{0,100}}?{ADOPTION_ACT}\s{{0,2}}\)?\s{{0,4}}$")
ADOPTION_END_WINDOW = 140


def glued_candidates(sc: _Scanner, cands: list[_Cand], skip: Callable[[int], bool]) -> list[_Cand]:
    """`cands` plus the glued headings of the span's long lines, in document order (titles of headings that
    a glued heading interrupts are cut there); `skip(pos)` says a position is inside a table, box or 目录."""
    found, long_line, parted_at, heads_lines = _glued_markers(sc, skip)
    found = _without_contents(sc.t.norm, found)
    if not found:
        return cands
    norm = sc.t.norm
    have = {c.marker[0] for c in cands}
    merged = sorted([*cands, *(c for c in found if c.marker[0] not in have)], key=lambda c: c.marker[0])
    glued_at = {c.marker[0] for c in found} - have
    out: list[_Cand] = []
    last: dict[str, int] = {}                       # last accepted number of each style
    reopened: set[str] = set()                      # styles a higher heading has opened again since
    for c in merged:
        if c.marker[0] in glued_at:
            if out and c.marker[0] == out[-1].title[0]:
                continue                            # no heading whose title would be empty: "一、（一）…"
            if not (c.marker[0] in heads_lines and c.style in HEADING_TAIL_STYLES) \
                    and not _continues(norm, c, out[-1] if out else None, last, reopened, c.marker[0] in long_line,
                                       c.marker[0] in parted_at):
                continue
            c = replace(c, glued=True)
        if out and out[-1].title[0] == c.marker[0] and out[-1].glued:
            out.pop()                               # a glued heading whose title this one is: "1\t一.\t一.…"
        elif out and out[-1].title[0] < c.marker[0] < out[-1].title[1]:
            out[-1] = replace(out[-1], title=(out[-1].title[0], sc._rstrip(out[-1].title[0], c.marker[0])))
        out.append(c)
        last[c.style] = c.number or 0
        reopened.discard(c.style)
        rank = _rank(c.style)
        reopened.update(s for s in last if _rank(s) > rank)
    return out


def _glued_markers(sc: _Scanner, skip: Callable[[int], bool]) -> tuple[list[_Cand], set[int], set[int], set[int]]:
    """The markers inside the span's lines where a glued heading may stand (not yet checked against the numbering):
    the candidates, and which of them sit on a long line, after a run of spaces there, or head their line."""
    norm, start = sc.t.norm, sc.span[0]
    found: list[_Cand] = []
    long_line: set[int] = set()                     # marker positions on lines of LONG_LINE or more
    parted_at: set[int] = set()                     # ... and, of those, markers after a run of spaces
    heads_lines: set[int] = set()                   # markers whose title ends their line above a heading
    seen: dict[str, int | None] = {}                # the last number read of each style, lower styles forgotten
    pos = le = -1
    is_long = False
    # _glued_re tried where a marker may start (_GLUED_AT_RE): 151 -> 98 ms over the real corpus
    for m in prefiltered(_GLUED_AT_RE, _glued_re, norm, start, sc.span[1]):
        style, ms = m.lastgroup, m.start()
        if style not in GLUED_STYLES:
            continue
        if ms >= le:                                          # a new line: its start and end, inside the span
            pos = max(start, sc.lines.line_start(ms))         # (once per line: a line may hold 10^5 markers)
            le = sc.line_end(ms)
            is_long = le - pos >= LONG_LINE
        before = _before(norm, ms)
        chapter = style in LEGAL_STYLES
        spaced = norm[ms - 1].isspace()
        # paragraphs run together on a long line, kept apart by a run of spaces only (SPEC §1: a single-line copy,
        # "…产业协同创新能力明显提高。　　（二）…", "…（责任单位：市科技局）  2.优化…", "…严格评估考核  第一章　…")
        parted = spaced and is_long and _gap_width(sc.t.raw, _gap_start(sc.t.raw, ms), ms) >= 2
        # a look at the next line, for the styles it can let in
        heads_line = style in HEADING_TAIL_STYLES and _heads_its_line(sc, ms, m.end(), le)
        number = markers.number(style, m.group(m.lastindex))
        if spaced and not chapter and before not in OPENS_AFTER_COLON and not heads_line:
            if not parted or not _may_continue(seen, style, number):
                continue                            # "…机器人。 三、推进…": a sentence end, a space, a marker
        previous = seen.get(style)
        _seen(seen, style, number)
        legal = chapter and (spaced or LEGAL_TITLE_END_RE.search(norm, max(pos, ms - 12), ms))
        if not (is_long or heads_line or before in OPENS_AFTER_COLON or legal):
            continue                                # in a title only where paragraphs were glued together
        c = sc._from_match(m, True, previous or 0)
        if c is not None and not skip(c.marker[0]):
            found.append(c)
            if is_long:
                long_line.add(c.marker[0])
            if parted:
                parted_at.add(c.marker[0])
            if heads_line:
                heads_lines.add(c.marker[0])
    return found, long_line, parted_at, heads_lines


CONTENTS_MIN = 3             # entries of a 目录 run into a long line (at most scan.TOC_MAX_ENTRIES)
ENTRY_MAX = 40               # characters of one entry's title
ENTRY_STOP_RE = compile_on_use(r"[。;:!?]")


def _without_contents(norm: str, found: list[_Cand]) -> list[_Cand]:
    """`found` less the entries of a 目录 run into a long line (a single-line copy of a 规划: "目　　录　　第一章　发展
    形势　第一节　取得积极进展　第二章…　　第一章　发展形势　　党中央…"): a run of at least CONTENTS_MIN markers with
    nothing but a short title between each and the next, whose first heading the body repeats right after the run.
    Linear: each marker's key once, the runs of entries as counts."""
    if len(found) <= CONTENTS_MIN:
        return found

    def key(c: _Cand) -> tuple:
        m = SPACE_RE.search(norm, c.title[0], c.title[1])
        return c.style, c.number, norm[c.title[0]:m.start() if m else c.title[1]][:6]

    keys = [key(c) for c in found]
    # entries[k]: how many markers from k on are entries (a short title, then the next marker)
    entries = [0] * (len(found) + 1)
    for k in range(len(found) - 2, -1, -1):
        a, b = found[k].marker[1], found[k + 1].marker[0]
        entry = 0 < b - a <= ENTRY_MAX + 4 and not ENTRY_STOP_RE.search(norm, a, b)
        entries[k] = entries[k + 1] + 1 if entry else 0
    drop: set[int] = set()
    first_at: dict[tuple, int] = {}
    for k, kk in enumerate(keys):
        i = first_at.get(kk)
        if i is not None and i not in drop and CONTENTS_MIN <= k - i <= TOC_MAX_ENTRIES and entries[i] >= k - i:
            drop.update(range(i, k))                # the run i..k-1 lists the headings; k is the body's first
        first_at.setdefault(kk, k)
    return [c for k, c in enumerate(found) if k not in drop] if drop else found


def _may_continue(seen: dict[str, int | None], style: str, n: int | None) -> bool:
    """A marker that only its run of spaces lets in may continue the numbering (_continues decides): the first
    of its style read here, the next number of its style, or a 1 that is no repeat of the 1 just read (so
    "一.<tab>一.<tab>一.…" is looked at once, not 30 000 times: a title read for each costs 25 µs)."""
    last = seen.get(style)
    return n is not None and (last is None or n == last + 1 or (n == 1 and last != 1))


def _seen(seen: dict[str, int | None], style: str, n: int | None) -> None:
    """Remembers a marker's number `n` for its style, and forgets the styles below it (they start again)."""
    seen[style] = n
    rank = _rank(style)
    for other in [s for s in seen if _rank(s) > rank]:
        del seen[other]


# A glued marker whose title runs to its line's end, short and without a sentence end, with the next line
# opening on a heading number: "…确保基金安全。二、加强“两库”建设和应用\n(一)准确把握…" is a heading
# whatever stands before it (OCR lost the break; the numbering before it may be garbled).
HEADING_TAIL_STYLES = frozenset({"cn_dun", "zhang", "jie", "bian", "pian", "bu"})
HEADING_TAIL_MAX = 40
HEADING_TAIL_AFTER = OPENS_AFTER | {",", "，"}     # a sentence end, a closing bracket or a comma before it
TAIL_STOP_RE = compile_on_use(r"[。;!?:,]")


def _heads_its_line(sc: _Scanner, ms: int, me: int, le: int) -> bool:
    norm = sc.t.norm
    if le - me > HEADING_TAIL_MAX or le <= me or TAIL_STOP_RE.search(norm, me, le) \
            or _before(norm, ms) not in HEADING_TAIL_AFTER:
        return False                                # never inside a number: the 一、 of "十一、"
    nxt = sc.next_line(ms)
    return nxt < sc.span[1] and markers.marker_at(norm, nxt, min(sc.span[1], nxt + 12)) is not None


def _gap_start(raw: str, pos: int) -> int:
    """Where the run of spaces (at most 4 characters) right before `pos` starts; scan._gap_width measures it.

    >>> [_gap_width(t, _gap_start(t, k), k) for t, k in (("考核　第一章", 3), ("考核 第一章", 3), ("考核  第一章", 4))]
    [2, 1, 2]
    """
    s = pos
    while s > max(0, pos - 4) and raw[s - 1] in " \t\u3000\xa0":
        s -= 1
    return s


def _before(norm: str, pos: int) -> str:
    """The last character before `pos` that is no space, looking back at most 4 characters ("" if none).

    >>> _before("处理。\xa0 第二章", 5), _before("本条例第二章", 3)
    ('。', '例')
    """
    if pos > 0 and not norm[pos - 1].isspace():
        return norm[pos - 1]                      # the usual case: nothing between
    return norm[max(0, pos - 5):pos].rstrip()[-1:]


_RANKS = {style: k for k, style in enumerate(markers.USUAL_ORDER)}


def _rank(style: str) -> int:
    """The style's place in markers.USUAL_ORDER (after all of them when it is not there)."""
    return _RANKS.get(style, len(_RANKS))


def _continues(norm: str, c: _Cand, prev: _Cand | None, last: dict[str, int], reopened: set[str],
               on_long_line: bool, parted: bool = False) -> bool:
    """A glued marker continues the numbering in sequence and sits where a heading can start (`parted`: after
    the run of spaces that keeps the paragraphs of a long line apart, a paragraph start wherever it stands)."""
    in_title = prev is not None and prev.title[0] < c.marker[0] <= prev.title[1]
    opens = parted or _before(norm, c.marker[0]) in OPENS_AFTER    # "…处理。\xa0第二章　评　　价": past the spaces
    if c.style in LEGAL_STYLES and not opens:
        # a chapter or article inside a sentence is a reference ("依照本条例第二章的规定"): only after a chapter's
        # title on the same line ("第二章　环境影响评价　　第八条　…") or after a legal title (below)
        # (or a section inside its chapter's title: "第二章经营资质第一节巡游出租车第八条…")
        in_title = prev is not None and prev.style in CHAPTER_STYLES and _nests_in(c.style, prev.style) \
            and (norm[c.marker[0] - 1].isspace() or c.number == 1 or c.number == last.get(c.style, -1) + 1) \
            and prev.marker[0] < c.marker[0] <= min(prev.title[1] + 8, prev.marker[1] + CHAPTER_TITLE_MAX)
    after_legal_title = c.number == 1 and c.style in LEGAL_STYLES \
        and bool(LEGAL_TITLE_END_RE.search(norm, max(0, c.marker[0] - 12), c.marker[0])
                 or ADOPTION_END_RE.search(norm, max(0, c.marker[0] - ADOPTION_END_WINDOW), c.marker[0]) or (
            c.style in CHAPTER_STYLES and ARTICLE_ONE_RE.match(norm, c.title[0], c.title[0] + CHAPTER_TITLE_MAX)))
    list_intro = c.style == "cn_paren" and norm[c.marker[0] - 1] == ":" and bool(
        LIST_COLON_RE.search(norm, max(0, c.marker[0] - LIST_COLON_WINDOW), c.marker[0]))
    # an attachment's title glued before its first heading: "…附件不得担任村党组织成员的主要情形一、不得担任…"
    # (the numbering starts again)
    after_attachment = c.number == 1 and c.style == "cn_dun" and bool(
        ATTACHMENT_BEFORE_RE.search(norm, max(0, c.marker[0] - ATTACHMENT_WINDOW), c.marker[0]))
    if after_attachment:
        return True
    intro = None                                      # "现批复如下：一、…" (read only when it decides)
    if not (in_title or after_legal_title or opens or list_intro):
        intro = _intro(norm, c.marker[0]) and (
            INTRO_COLON_RE.search(norm, max(0, c.marker[0] - 12), c.marker[0]) is not None
            or LABEL_NOUN_RE.search(norm, max(0, c.marker[0] - 8), c.marker[0]) is not None
            or norm.startswith(":", c.title[1]))                 # an item with a label of its own
        if not intro:
            return False
    if c.number == 1 and (list_intro or (intro if intro is not None else _intro(norm, c.marker[0]))):
        return True                                   # "…有下列情形之一的，…：（一）…", "现批复如下：一、…"
    n = last.get(c.style)
    if n is not None and c.number == n + 1:
        return True
    if c.style in CHAPTER_STYLES and (n is None or after_legal_title):
        return True                                               # a chapter after a sentence end
    if c.number == 1 and prev is not None and prev.style in CHAPTER_STYLES and in_title \
            and _nests_in(c.style, prev.style):
        return True                                               # "第一章　总　　则　　第一条　…"
    return on_long_line and c.number == 1 and (n is None or c.style in reopened)   # a style starts, or
                                                                  # starts again below a new higher heading


def _nests_in(style: str, chapter: str) -> bool:
    """An article in any chapter-level unit; a 节 in a 章."""
    return style == "tiao" or (style == "jie" and chapter == "zhang")


def _intro(norm: str, pos: int) -> bool:
    """A colon that opens a list right before `pos`: "现批复如下：", "…负责）具体措施：" (a label after a sentence end).

    >>> _intro("…按职责分工负责)具体措施:", 15), _intro("主要包括:", 5)
    (True, False)
    """
    if ":" not in norm[max(0, pos - 5):pos]:
        return False                                  # both forms end in a colon (and at most 4 spaces)
    return bool(INTRO_COLON_RE.search(norm, max(0, pos - 12), pos)
                or LABEL_COLON_RE.search(norm, max(0, pos - 14), pos))
