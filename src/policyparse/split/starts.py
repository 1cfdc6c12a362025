"""Where documents start among the classified lines of one region (split's step 3): heads, and the genre cues
that start a document without one (a news dateline, a regulation's title over its history, a text glued under a
signature, a series of same-form titles, a news wrapper, a 政策解读 label)."""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

import regex

from ..heads import (ANNOUNCES_RE, ATTACHMENT_LABEL_RE, NEWS_AGENCIES, NEWS_DATELINE_RE, Kind, broken_title,
                     glued_head, heads, title_over_lines)
from ..lexicons import compile_on_use, load_list
from ..spans import Span

HEAD = {Kind.TITLE, Kind.ISSUER, Kind.DOCNUM, Kind.META, Kind.RECIP, Kind.REPORT_DATE, Kind.ADOPTED}
ENDED = {Kind.DATE, Kind.END}


class Row(NamedTuple):
    span: Span                  # the stripped line
    kind: str                   # SITE / INLINE / a heads.Kind
    norm: str


def _head_runs(rows: list[Row]) -> list[tuple[int, int]]:
    """Maximal runs [a, b) of head lines (a metadata value printed on the line after its label, and
    a short line between two title lines, count as head lines)."""
    runs, a = [], None
    for k, r in enumerate(rows):
        head = r.kind in HEAD or (
            k > 0 and rows[k - 1].kind == Kind.META and rows[k - 1].norm.endswith(":")
            and len(r.norm) <= 80) or (
            r.kind == Kind.SHORT and 0 < k < len(rows) - 1 and rows[k - 1].kind == Kind.TITLE
            and rows[k + 1].kind == Kind.TITLE) or _in_broken_title(rows, k)
        if head and a is None:
            a = k
        elif not head and a is not None:
            runs.append((a, k))
            a = None
    if a is not None:
        runs.append((a, len(rows)))
    return runs


def _in_broken_title(rows: list[Row], k: int) -> bool:
    """rows[k] is one half of a title broken inside a word ("政府工作报" / "告"), or the first line of a title
    whose second line is a title by itself ("国务院办公厅对全国政协十届三次会议" / "第2741号提案的答复")."""
    return rows[k].kind == Kind.SHORT and (
        (k + 1 < len(rows) and (broken_title(rows[k].norm, rows[k + 1].norm) or _title_first_line(rows, k)))
        or (k > 0 and broken_title(rows[k - 1].norm, rows[k].norm)))


TITLE_OVER_LINES_MAX = 60   # characters of a title printed over two lines


def _title_first_line(rows: list[Row], k: int) -> bool:
    """rows[k] (short, no sentence, not a label) over a title line, the two a title together."""
    a, b = rows[k].norm, rows[k + 1].norm
    return rows[k + 1].kind == Kind.TITLE and len(a) >= 6 and not ATTACHMENT_LABEL_RE.match(a) \
        and title_over_lines(a, b, TITLE_OVER_LINES_MAX)


def _trim(rows: list[Row], a: int, b: int) -> int:
    """First row of the head inside run [a, b): a leading issuer line belongs to the head only when
    the title "关于…" (or a 发文字号) follows it; otherwise it is the previous text's last cell or
    signature."""
    k = a
    while k < b:
        r = rows[k]
        if r.kind in (Kind.DOCNUM, Kind.META, Kind.TITLE, Kind.REPORT_DATE) or (
                k + 1 < b and r.kind == Kind.SHORT and broken_title(r.norm, rows[k + 1].norm)):
            return k
        e = k + 1                   # a joint red header: body names stacked on lines of their own above it
        while r.kind == Kind.ISSUER and e < b and e - k < 6 and rows[e].kind == Kind.ISSUER:
            e += 1
        if r.kind == Kind.ISSUER and e < b and (
                rows[e].kind in (Kind.DOCNUM, Kind.META)            # the site/issuer name over a metadata block
                or (rows[e].kind == Kind.TITLE and rows[e].norm.startswith("关于"))):
            return k
        if r.kind == Kind.RECIP:
            return k
        k += 1
    return b


def starts_of(rows: list[Row]) -> list[int]:
    """Indexes of the rows (of one region, noise removed) where a document starts."""
    starts: list[int] = []
    for a, b in _head_runs(rows):
        k = _trim(rows, a, b)
        if k >= b:
            continue
        kinds = [r.kind for r in rows[k:b]]
        has = set(kinds)
        docnums = {rows[i].norm for i in range(k, b) if rows[i].kind == Kind.DOCNUM}
        if len(docnums) > 1:             # a list of documents (a table of 文号), not a head
            continue
        strong = (Kind.RECIP in has and has & {Kind.TITLE, Kind.ISSUER, Kind.DOCNUM}) \
            or (Kind.DOCNUM in has and Kind.TITLE in has) \
            or kinds.count(Kind.META) >= 2 or Kind.REPORT_DATE in has
        after_end = k == 0 or rows[k - 1].kind in ENDED
        if strong or (after_end and has & {Kind.RECIP, Kind.DOCNUM}):
            starts.append(k)
    for k, r in enumerate(rows):
        if r.kind == Kind.WRAPPER and (k == 0 or rows[k - 1].kind in ENDED):
            starts.append(k)
        elif r.kind == Kind.TITLE and glued_head(r.norm):
            starts.append(k)                 # "…的意见国办发〔2014〕69号各省…": a crawl's glued head
    # a news item's dateline, after text of a document above (under a page's head alone it opens that page's text)
    starts += [k for k in range(1, len(rows)) if rows[k].norm.startswith(NEWS_AGENCIES)   # (a row never opens
               and NEWS_DATELINE_RE.match(rows[k].norm)                                   # with a blank)
               and any(r.kind not in HEAD and r.kind != Kind.SHORT for r in rows[:k])]
    starts += _legal_titles_with_history(rows)
    starts += _untitled_after_signature(rows)
    starts += _same_form_titles(rows)
    starts = _wrapped_heads(rows, sorted(set(starts)))
    label, label_max, label_words = _interpretation_label()
    for k in range(len(rows) - 1):      # "政策解读" over "《…》政策解读": the interpretation of the document above
        if len(rows[k].norm) <= label_max and rows[k].norm.startswith(label_words) and label.match(rows[k].norm) \
                and _INTERPRETATION_TITLE_RE.match(rows[k + 1].norm):
            starts.append(k)
        elif k > 0 and rows[k - 1].kind in ENDED and rows[k].norm.startswith("《") \
                and _INTERPRETATION_TITLE_RE.match(rows[k].norm):
            starts.append(k)            # "（此件公开发布）" / "《…》政策解读": right after the document's end
    return _without_enclosures(rows, _titled_blocks(rows, sorted(set(starts))))


def _titled_blocks(rows: list[Row], starts: list[int]) -> list[int]:
    """`starts` without the title below a metadata block that names it in its title field ("标题: X关于…的通知" /
    "文号: …" / "> a collection's note" / "# X关于…的通知"): the block is that document's head, one document.

    >>> M, B, T = Kind.META, Kind.BODY, Kind.TITLE
    >>> rows = [Row((0, 1), M, "标题: 某市关于某事的通知"), Row((2, 3), M, "文号: 某府发〔2024〕1号"),
    ...         Row((4, 5), B, "> 本文由脚本提取"), Row((6, 7), T, "某市关于某事的通知"), Row((8, 9), B, "正文。")]
    >>> _titled_blocks(rows, [0, 3])
    [0]
    """
    out: list[int] = []
    for k in starts:
        # the head's title: this row, or one a few rows below a 文号 / issuers that open the head
        title = next((r.norm for r in rows[k:k + HEAD_TITLE_REACH] if r.kind == Kind.TITLE), None)
        if out and title is not None and any(
                r.kind == Kind.META and (m := heads().field.match(r.norm)) and heads().field_kind.get(
                    "".join(m.group("label").split())) == "title" and _names(title, r.norm[m.end():].strip())
                for r in rows[out[-1]:k]):
            continue
        out.append(k)
    return out


HEAD_TITLE_REACH = 8    # rows of a head above its title (文号, issuers one a line)


def _names(title: str, field: str) -> bool:
    """The title is the field's, or the notice that issues the document the field names ("国务院关于印发《2024—2025年
    节能降碳行动方案》的通知" under "title: 2024—2025年节能降碳行动方案")."""
    return title == field or (len(field) >= 4 and f"《{field}》" in title)


# a document named in a text: "国家地震局《关于…意见的报告》已经国务院同意，现转发给你们" (bounded, no nesting)
NAMED_DOCUMENT_RE = compile_on_use(r"《([^《》\n]{4,120})》")
TITLE_ROWS_MAX = 4      # lines a title is printed over


def _without_enclosures(rows: list[Row], starts: list[int]) -> list[int]:
    """`starts` without the heads of texts that the document above encloses: a head right under an attachment
    label ("附件1" / "关于…调研情况的报告" / "国务院：" / …: the report a 复函 encloses), or a head whose title the
    document above names as what it forwards or issues ("国家地震局《关于…意见的报告》…现转发给你们" … "关于…意见的报告
    / 国务院：/ …"). The enclosed text has a head of its own (title, 主送, signature), yet it is part of the
    letter that sends it: one document (SPEC §2; its title is an alt_title).

    >>> T, B = Kind.TITLE, Kind.BODY
    >>> rows = [Row((0, 1), T, "国务院办公厅转发甲局关于乙工作意见报告的通知"),
    ...         Row((2, 3), B, "甲局《关于乙工作意见的报告》已经国务院同意，现转发。"),
    ...         Row((4, 5), Kind.DATE, "1996年2月5日"), Row((6, 7), T, "关于乙工作意见的报告"),
    ...         Row((8, 9), Kind.RECIP, "国务院:")]
    >>> _without_enclosures(rows, [0, 3])
    [0]
    """
    out: list[int] = []
    for s in starts:
        if out and (ATTACHMENT_LABEL_RE.match(rows[s - 1].norm) or _named_above(rows, out[-1], s)):
            continue
        out.append(s)
    return out


def _named_above(rows: list[Row], a: int, s: int) -> bool:
    """The title of the head at rows[s] (over up to TITLE_ROWS_MAX lines) is a document named in 《》 in
    rows[a:s] (the same name, or one with the issuer in front)."""
    parts = []
    for r in rows[s:s + TITLE_ROWS_MAX]:
        if r.kind not in (Kind.TITLE, Kind.SHORT):
            break
        parts.append(r.norm)
    title = "".join("".join(parts).split())
    if len(title) < 4:
        return False
    for r in rows[a:s]:
        if "《" in r.norm:
            for m in NAMED_DOCUMENT_RE.finditer(r.norm):
                name = "".join(m.group(1).split())
                if name == title or name.endswith(title) or title.endswith(name):
                    return True
    return False




# A regulation's title with its history note opening ("建设项目环境保护管理条例（1998年11月29日…发布" / "根据
# 2017年7月16日《…决定》修订）"): the amended regulation printed in full after the 决定 that amends it.
# Anchored, the title bounded and without sentence punctuation.
LEGAL_TITLE_NOTE_RE = compile_on_use(r"^[^\s。,;:《》()]{2,40}?(?:条例|办法|规定|细则|规则|法)\s{0,2}"
                                    r"(?:\(\s{0,2}(?:19|20)\d{2}\s{0,2}年[^()]{0,80})?$")


def _legal_titles_with_history(rows: list[Row]) -> list[int]:
    """Rows (after the first) where a regulation's title stands over its adoption history: a new document.

    >>> rows = [Row((0, 1), Kind.TITLE, "国务院关于修改《X条例》的决定"),
    ...         Row((2, 3), Kind.BODY, "国务院决定对《X条例》作如下修改:…。"),
    ...         Row((4, 5), Kind.SHORT, "某某条例(1998年11月29日国务院令第253号发布"),
    ...         Row((6, 7), Kind.ADOPTED, "根据…修订)")]
    >>> _legal_titles_with_history(rows)
    [2]
    """
    first_body = next((j for j, r in enumerate(rows) if r.kind in (Kind.BODY, Kind.MARKER)), len(rows))
    return [k - 1 for k in range(first_body + 2, len(rows)) if rows[k].kind == Kind.ADOPTED  # after a body, not
            and rows[k - 1].kind in (Kind.SHORT, Kind.TITLE)                                # the head's own
            and LEGAL_TITLE_NOTE_RE.match(rows[k - 1].norm)]                                # title again


# the first part of a body: numbering that starts again from 一、 / 第一章 marks a new text
FIRST_PART_RE = compile_on_use(r"^[ \t]{0,4}(?:一、|第一章)")
RUN_ON_BODY = 60        # characters: a running-text line, not a 联系人/抄送 note under a signature


SAME_FORM_TAIL = 10     # characters two titles share at their end to be titles of one series


def _same_form_titles(rows: list[Row]) -> list[int]:
    """A file that prints several documents of one series, each with its title and nothing else of a head
    ("“综合交通运输与智能交通”重点专项2021年度项目申报指南建议（征求意见稿）" … "“制造基础技术与关键部件”重点专项
    2021年度项目申报指南建议（征求意见稿）"): a later title line after running text that ends like the first
    title (the same last SAME_FORM_TAIL characters, the names differing) starts a document.

    >>> T, B = Kind.TITLE, Kind.BODY
    >>> rows = [Row((0, 1), T, "“甲”重点专项2021年度项目申报指南"), Row((2, 3), B, "为落实…。"),
    ...         Row((4, 5), T, "“乙丙”重点专项2021年度项目申报指南"), Row((6, 7), B, "为落实…。")]
    >>> _same_form_titles(rows)
    [2]
    """
    first = next((k for k, r in enumerate(rows) if r.kind == Kind.TITLE), None)
    if first is None or len(rows[first].norm) <= SAME_FORM_TAIL:
        return []
    tail = rows[first].norm[-SAME_FORM_TAIL:]
    return [k for k in range(first + 1, len(rows) - 1)
            if rows[k].kind == Kind.TITLE and rows[k].norm.endswith(tail) and rows[k].norm != rows[first].norm
            and rows[k - 1].kind == Kind.BODY and rows[k + 1].kind == Kind.BODY]


def _untitled_after_signature(rows: list[Row]) -> list[int]:
    """A text printed without its head right after another's signature (a crawl that glued two texts):
    "最高人民法院 / 2018年12月7日 / 今后五年是…" — running text under a signature block whose numbering
    starts again at 一、 (after the one above had its own 一、) is a new document. A title, an attachment
    label or a note under the signature is not (those are attachments or the same document)."""
    signed = [k for k in range(1, len(rows) - 1)
              if rows[k].kind == Kind.DATE and rows[k - 1].kind == Kind.ISSUER and rows[k + 1].kind == Kind.BODY
              and len(rows[k + 1].norm) >= RUN_ON_BODY]
    if not signed:
        return []                        # (the 一、 lines are read only under a signature)
    firsts = [k for k, r in enumerate(rows) if FIRST_PART_RE.match(r.norm)]      # in text order
    return [k + 1 for k in signed if firsts and firsts[0] < k < firsts[-1]]


WRAP_GAP = 2            # lines between such a wrapper and the head it announces (a date line, a source line)


def _wrapped_heads(rows: list[Row], starts: list[int]) -> list[int]:
    """A news wrapper heads the document it announces: when it says 全文如下 (内容如下, 原文如下) or the
    document's head follows on the next line, the head's start moves up to the wrapper; the wrapper is
    no document of its own."""
    out = list(starts)
    for k, r in enumerate(rows):
        if r.kind != Kind.WRAPPER:
            continue
        limit = k + 1 + (WRAP_GAP if ANNOUNCES_RE.search(r.norm) else 0)
        nxt = [s for s in out if k < s <= limit]
        if nxt:
            out = [s for s in out if s != nxt[0]]
            out.append(k)
    return sorted(set(out))


@cache
def _interpretation_label() -> tuple[regex.Pattern, int, tuple[str, ...]]:
    """The interpretation label pattern, the longest line it can match (its longest word, the gap, the
    colon, a $ before a final \\n): a longer line is never asked, and the words it opens with (a literal
    test first)."""
    words = load_list("split/interpretation_labels.txt")
    alt = "|".join(regex.escape(w) for w in words)
    return compile_on_use(rf"^(?:{alt})[ \t]{{0,4}}:?$"), max(map(len, words), default=0) + 6, tuple(words)


# "《关于…的实施意见》政策解读" / "关于…的实施意见解读" (GUARD: bounded title length, no sentence end)
_INTERPRETATION_TITLE_RE = compile_on_use(r"^[^。!?;]{2,120}?(?:政策解读|解读|答记者问)$")
