"""text -> documents [DocHit] and noise [Span] (web boilerplate outside documents).

Reads: the width-folded text. Writes: nothing. Raises: nothing on content.

One file may hold several documents (a scraped page concatenating notices, news items wrapping a
document). The file is read line by line:

1. **Noise** (lines.py). A line matching data/lines/boilerplate.txt (breadcrumb, 来源:, 主办/承办, copyright,
   备案号, 二维码, …) is site boilerplate: noise AND a hard boundary that no document spans.
   A line matching data/lines/inline_noise.txt (a stray image file name, a run of separators) is
   noise that may sit inside an article: it never starts or ends a document.
2. **Regions.** The boundaries cut the file into regions; each region holds zero or more documents.
3. **Document starts** come from genre cues (heads.classify): a HEAD is a run of head lines (issuer
   line, title lines, 发文字号 line, metadata fields, 主送 line). A head starts a new document when it
   is *strong* (主送 under a title/issuer/发文字号; a 发文字号 under a title; a metadata block; the
   "——…会议上" line of a work report), or when it carries a 主送 or 发文字号 right after the previous
   document ended (signature date, "（此件公开发布）"). A news wrapper line ("近日，X印发了《Y》")
   after an ending starts one too; a wrapper that says 全文如下 (or sits right above a head) heads the
   document it announces. A "政策解读" label over a "《…》政策解读" title starts the interpretation that
   follows a document. A title alone after a cover letter is its attachment, not a new document.
4. A document runs from its start to the last non-noise line before the next start or boundary.
   Leading text of a region that forms no document (a few short lines, no cue) -> `text.unassigned`.

>>> raw = "首页 > 政策\\n重庆市人民政府\\n关于印发X方案的通知\\n渝府发〔2019〕1号\\n各区县人民政府:\\n现将《X方案》印发给你们。\\n来源:重庆日报\\n"
>>> s = split_documents(Text(raw, raw))
>>> [raw[a:b][:7] for a, b in (d.span for d in s.items)], [raw[a:b] for a, b in s.noise]
(['重庆市人民政府'], ['首页 > 政策', '来源:重庆日报'])
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

import regex

from .diagnostics import Code, Diagnostic
from .lexicons import compile_on_use, load_list
from .heads import ANNOUNCES_RE, Kind, broken_title, ends_like_title, glued_head
from .lines import INLINE, NOISE_MAX, SITE, LineIndex, kinds, stripped_lines
from .records import DocHit, Text
from .spans import Span

HEAD = {Kind.TITLE, Kind.ISSUER, Kind.DOCNUM, Kind.META, Kind.RECIP, Kind.REPORT_DATE, Kind.ADOPTED}
ENDED = {Kind.DATE, Kind.END}
BYLINE_HEAD = {Kind.TITLE, Kind.META, Kind.SHORT, Kind.DATE, Kind.BODY, Kind.DOCNUM, Kind.ISSUER,   # a web title, its date
               Kind.REPORT_DATE}   # line, a work report's "——…在…会议上" line, or a metadata block (a field's value
                                   # may be printed on its own line)


class Split(NamedTuple):
    items: tuple[DocHit, ...]
    noise: tuple[Span, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()


class Row(NamedTuple):
    span: Span                  # the stripped line
    kind: str                   # SITE / INLINE / a heads.Kind
    norm: str


GAP_BYLINE = 3      # site lines between a title (or metadata block) and its body: 来源 / 字体 / 打印
GAP_HEAD = 8        # ... and between a title and its 文号 / 主送 (来源, 发布时间, 浏览次数, 字体, 打印, 分享…)


def _rows(t: Text, lines: LineIndex | None = None) -> list[Row]:
    """Every non-blank line, stripped and classified (from the text's line index when one is given)."""
    norm = t.norm
    spans = lines.stripped((0, len(norm))) if lines is not None else list(stripped_lines(norm))
    return [Row(sp, k, norm[sp[0]:sp[1]]) for sp, k in zip(spans, kinds(norm, spans))]


@cache
def _link_label() -> tuple[regex.Pattern, tuple[str, ...]]:
    """The link label pattern, and the words it opens with (a literal test first)."""
    words = tuple(load_list("split/link_labels.txt"))
    alt = "|".join(regex.escape(w) for w in words)
    return compile_on_use(rf"(?:{alt})[ \t]{{0,4}}(?::|$)"), words        # GUARD: literal words, bounded gap


LINK_KINDS = {Kind.TITLE, Kind.SHORT, Kind.DATE, Kind.MARKER, SITE, INLINE}   # what a link line can look like
HEAD_NEXT = {Kind.DOCNUM, Kind.RECIP, Kind.META}    # what follows a document's title line in its head
LINKS_MAX = 30      # link lines in one block


def _head_after_site(rows: list[Row], j: int) -> bool:
    """Whether the title at rows[j] heads a document whose 文号 / 主送 / metadata follows it across a run
    of site lines ("title / 来源:… 发布时间:… / 琼府〔2019〕45号"), up to GAP_HEAD of them."""
    k = j + 1
    while k < len(rows) and k - j <= GAP_HEAD and rows[k].kind in (SITE, INLINE):
        k += 1
    return k > j + 1 and k < len(rows) and rows[k].kind in HEAD_NEXT


def _link_blocks(norm: str, rows: list[Row]) -> list[Row]:
    """A "相关链接：" block is site noise: the label line and the link lines after it (titles of other
    pages). The block ends at a wider line gap than the one between the label and its first link (a
    blank line; a double-spaced scrape needs two), at a line no link looks like (running text, an
    issuer, a 文号, a 主送 line), and at the next document's title: a title line followed by its 文号 /
    主送 / metadata (directly or across a few site lines: 来源, 发布时间), a title cut over two lines (the
    first not ending in a genre word) followed by one, or a title line (ending like a title) printed
    between two site lines ("【字体:大 中 小】 / title / 来源:…"): a page's head, not a link.

    >>> n = "相关链接:\\n关于开展安全检查的通知\\n关于印发X方案的通知\\n渝府发〔2024〕5号\\n"
    >>> [str(r.kind) for r in _link_blocks(n, _rows(Text(n, n)))]
    ['site', 'site', 'title', 'docnum']
    >>> n = "相关链接:\\n关于开展安全检查的通知\\n【打印本页】\\n关于印发X方案的通知\\n来源:市政府办公室\\n渝府发〔2024〕5号\\n"
    >>> [str(r.kind) for r in _link_blocks(n, _rows(Text(n, n)))]
    ['site', 'site', 'site', 'title', 'site', 'docnum']
    """
    label, words = _link_label()
    out = list(rows)
    k = 0
    while k < len(out):
        r = out[k]
        if len(r.norm) > NOISE_MAX or not r.norm.startswith(words) or not label.match(r.norm):
            k += 1
            continue
        out[k] = r._replace(kind=SITE)
        spacing = None
        j = k + 1
        while j < len(out) and j - k <= LINKS_MAX:
            cur, gap = out[j], norm.count("\n", out[j - 1].span[1], out[j].span[0])
            spacing = gap if spacing is None else spacing
            nxt = out[j + 1].kind if j + 1 < len(out) else None
            nxt2 = out[j + 2].kind if j + 2 < len(out) else None
            if (gap > spacing or cur.kind not in LINK_KINDS or "。" in cur.norm
                    or (cur.kind == Kind.TITLE and (nxt in HEAD_NEXT or _head_after_site(rows, j)))
                    or (cur.kind == Kind.TITLE and not ends_like_title(cur.norm) and nxt == Kind.TITLE
                        and nxt2 in HEAD_NEXT)
                    or (cur.kind == Kind.TITLE and ends_like_title(cur.norm) and j - 1 > k
                        and rows[j - 1].kind == SITE and nxt == SITE)):
                break
            out[j] = cur._replace(kind=SITE)
            j += 1
        k = j
    return out


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
    """rows[k] is one half of a title broken inside a word ("政府工作报" / "告")."""
    return rows[k].kind == Kind.SHORT and (
        (k + 1 < len(rows) and broken_title(rows[k].norm, rows[k + 1].norm))
        or (k > 0 and broken_title(rows[k - 1].norm, rows[k].norm)))


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


def _starts(rows: list[Row]) -> list[int]:
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
    starts += [k for k in range(1, len(rows)) if rows[k].norm.startswith(NEWS_AGENCIES)   # (a row never opens
               and NEWS_DATELINE_RE.match(rows[k].norm)]                                  # with a blank)
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
    return sorted(set(starts))


# A news item's dateline opening a paragraph ("新华社北京1月4日电（记者 赵文君）4日召开的国务院常务会议…"): a page
# that collects news items glued after a document; each item is a document of its own (anchored, bounded)
NEWS_AGENCIES = ("新华社", "中新社", "人民日报")      # what NEWS_DATELINE_RE opens with (a literal test first)
NEWS_DATELINE_RE = compile_on_use(rf"^(?:{'|'.join(NEWS_AGENCIES)})[\p{{Han}}]{{0,8}}?\d{{1,2}}\s?月\s?\d{{1,2}}\s?日\s?(?:电|讯)")


# A regulation's title with its history note opening ("建设项目环境保护管理条例（1998年11月29日…发布" / "根据
# 2017年7月16日《…决定》修订）"): the amended regulation printed in full after the 决定 that amends it.
# Anchored, the title bounded and without sentence punctuation.
LEGAL_TITLE_NOTE_RE = compile_on_use(r"^[^\s。,;:《》()]{2,40}?(?:条例|办法|规定|细则|规则|法)\s{0,2}"
                                    r"(?:\(\s{0,2}(?:19|20)\d{2}\s{0,2}年[^()]{0,80})?$")


def _legal_titles_with_history(rows: list[Row]) -> list[int]:
    """Rows (after the first) where a regulation's title stands over its adoption history: a new document.

    >>> rows = [Row((0, 1), Kind.TITLE, "国务院关于修改《X条例》的决定"), Row((2, 3), Kind.BODY, "国务院决定对《X条例》作如下修改:…。"),
    ...         Row((4, 5), Kind.SHORT, "某某条例(1998年11月29日国务院令第253号发布"), Row((6, 7), Kind.ADOPTED, "根据…修订)")]
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


def _forms_document(rows: list[Row]) -> bool:
    """Leading text of a region is a document of its own when it has running text or a head cue."""
    return any(r.kind not in (Kind.SHORT, Kind.ISSUER, Kind.DATE, Kind.END) for r in rows)


def split_documents(t: Text, lines: LineIndex | None = None) -> Split:
    """The documents of one file, the noise lines, and warnings for text in no document (`lines`: the
    text's line index, when the caller has one).

    >>> split_documents(Text("  一、总则\\n", "  一、总则\\n")).items
    (DocHit(span=(2, 6)),)
    """
    rows = _link_blocks(t.norm, _rows(t, lines))
    noise = tuple(r.span for r in rows if r.kind in (SITE, INLINE))
    docs: list[DocHit] = []
    warnings: list[Diagnostic] = []

    regions: list[list[Row]] = [[]]
    gap = [0]                                       # site lines before each region
    for r in rows:
        if r.kind == SITE:
            if regions[-1]:
                regions.append([])
                gap.append(0)
            gap[-1] += 1
        elif r.kind != INLINE:
            regions[-1].append(r)

    # A news page prints "title / 来源:… / body", a policy page "metadata block / 【字体:大 中 小】 / body":
    # a title (or a metadata block) that ends a region right before a short run of site lines goes with
    # the body below (the site lines stay in `noise`, inside that document). A city page may print a
    # longer run (来源, 浏览次数, 字体, 打印, 分享) between the title and the 文号 / 主送 lines of its head.
    carried = [0] * len(regions)
    for n in range(len(regions) - 1):
        cur, nxt = regions[n], regions[n + 1]
        k = len(cur)
        while k > 0 and len(cur) - k < 24 and cur[k - 1].kind in BYLINE_HEAD:
            k -= 1
        while k < len(cur) and cur[k].kind not in (Kind.TITLE, Kind.META):   # it starts with a title
            k += 1                                                            # or a metadata field
        tail = cur[k:]
        if len(tail) > 4 and sum(r.kind == Kind.META for r in tail) < 2:      # only a block is long
            k = len(cur)
        # a 文号 or 主送 line cannot open a body: it continues the head above across a longer run
        limit = GAP_HEAD if nxt and nxt[0].kind in (Kind.DOCNUM, Kind.RECIP) else GAP_BYLINE
        if k < len(cur) and nxt and gap[n + 1] <= limit and (k == 0 or cur[k - 1].kind in ENDED | {Kind.BODY}):
            carried[n + 1] = len(cur) - k
            regions[n + 1] = cur[k:] + nxt
            del cur[k:]

    for region, carry in zip(regions, carried):
        if not region:
            continue
        starts = _starts(region)
        if carry and (not starts or starts[0] <= carry):
            starts = [0] + [k for k in starts if k > carry]
        if not starts or starts[0] > 0:
            lead = region[:starts[0]] if starts else region
            if _forms_document(lead):
                starts.insert(0, 0)
            else:
                span = (lead[0].span[0], lead[-1].span[1])
                warnings.append(Diagnostic(Code.TEXT_UNASSIGNED,
                                           f"text outside any document: {t.out(*span)[:40]!r}", span))
        for n, k in enumerate(starts):
            last = region[(starts[n + 1] if n + 1 < len(starts) else len(region)) - 1]
            docs.append(DocHit((region[k].span[0], last.span[1])))
    return Split(items=tuple(docs), noise=noise, warnings=tuple(warnings))
