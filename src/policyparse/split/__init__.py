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

>>> raw = ("首页 > 政策\\n重庆市人民政府\\n关于印发X方案的通知\\n渝府发〔2019〕1号\\n各区县人民政府:\\n"
...        "现将《X方案》印发给你们。\\n来源:重庆日报\\n")
>>> s = split_documents(Text(raw, raw))
>>> [raw[a:b][:7] for a, b in (d.span for d in s.items)], [raw[a:b] for a, b in s.noise]
(['重庆市人民政府'], ['首页 > 政策', '来源:重庆日报'])
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

import regex

from ..diagnostics import Code, Diagnostic
from ..heads import Kind, ends_like_title
from ..lexicons import compile_on_use, load_list
from ..lines import INLINE, NOISE_MAX, SITE, LineIndex, kinds, paragraphs, stripped_lines
from ..records import DocHit, Text
from ..spans import Span
from .starts import ENDED, HEAD, Row, starts_of

# a web title, its date line, a work report's "——…在…会议上" line, or a metadata block (a field's value may be
# printed on its own line)
BYLINE_HEAD = {Kind.TITLE, Kind.META, Kind.SHORT, Kind.DATE, Kind.BODY, Kind.DOCNUM, Kind.ISSUER, Kind.REPORT_DATE}


class Split(NamedTuple):
    items: tuple[DocHit, ...]
    noise: tuple[Span, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()


GAP_BYLINE = 3      # site lines between a title (or metadata block) and its body: 来源 / 字体 / 打印
GAP_HEAD = 8        # ... and between a title and its 文号 / 主送 (来源, 发布时间, 浏览次数, 字体, 打印, 分享…)


def _rows(t: Text, lines: LineIndex | None = None) -> list[Row]:
    """Every non-blank line, stripped and classified (from the text's line index when one is given); a long
    line that holds paragraphs kept apart by runs of spaces (a single-line copy, SPEC §1) as those paragraphs."""
    norm = t.norm
    spans = paragraphs(t.raw, lines.stripped((0, len(norm))) if lines is not None else list(stripped_lines(norm)))
    return [Row(sp, k, norm[sp[0]:sp[1]]) for sp, k in zip(spans, kinds(norm, spans))]


@cache
def _link_label() -> tuple[regex.Pattern, tuple[str, ...]]:
    """The link label pattern, and the words it opens with (a literal test first)."""
    words = tuple(load_list("split/link_labels.txt"))
    alt = "|".join(regex.escape(w) for w in words)
    return compile_on_use(rf"(?:{alt})[ \t]{{0,4}}(?::|>{{1,2}}|»|$)"), words   # GUARD: literal words, bounded gap
                                                                     # ("相关链接>>": a link's arrow)


LINK_KINDS = {Kind.TITLE, Kind.SHORT, Kind.DATE, Kind.MARKER, SITE, INLINE}   # what a link line can look like
HEAD_NEXT = {Kind.DOCNUM, Kind.RECIP, Kind.META}    # what follows a document's title line in its head
LINKS_MAX = 30      # link lines in one block
LINK_BODY_MAX = 40  # a link's title with a colon reads as running text ("解读省政府工作报告：在…中前行"): as a link
                    # when no longer than this, without a sentence end, and right over site lines


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
    >>> n = ("相关链接:\\n关于开展安全检查的通知\\n【打印本页】\\n关于印发X方案的通知\\n来源:市政府办公室\\n"
    ...      "渝府发〔2024〕5号\\n")
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
            if (gap > spacing or "。" in cur.norm or (cur.kind not in LINK_KINDS and not (
                    cur.kind == Kind.BODY and len(cur.norm) <= LINK_BODY_MAX and nxt in (SITE, None)))
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


def _forms_document(rows: list[Row]) -> bool:
    """Leading text of a region is a document of its own when it has running text or a head cue."""
    return any(r.kind not in (Kind.SHORT, Kind.ISSUER, Kind.DATE, Kind.END) for r in rows)


# a font-size widget's label over its buttons, one a line ("【字体：" / "大" / "中" / "小" / "】")
WIDGET_LABEL_RE = compile_on_use(r"^【?\s{0,4}(?:字体|字号)\s{0,4}:$")
WIDGET_BUTTONS_MAX = 6      # lines of buttons under the label
BREADCRUMB_ITEM_MAX = 12    # characters of a breadcrumb item printed on a line of its own


def _page_widgets(rows: list[Row]) -> list[Row]:
    """A page's furniture that only its neighbours show: the buttons under a font-size label ("大" / "中" / "小",
    one or two characters a line) are inline noise, and a short item next to a breadcrumb's lone ">" line (or
    repeating the item before it) is site boilerplate ("首页" / ">" / "云南要闻" / "云南要闻").

    >>> n = "【字体:\\n大\\n中\\n小\\n】\\n首页\\n>\\n云南要闻\\n云南要闻\\n2026年政府工作报告\\n"
    >>> [str(r.kind) for r in _page_widgets(_rows(Text(n, n)))]
    ['site', 'inline', 'inline', 'inline', 'inline', 'site', 'inline', 'site', 'site', 'title']
    """
    out = list(rows)
    for k, r in enumerate(out):
        if k == 0 and r.kind == Kind.TITLE and r.norm.startswith("【") and PAGE_TITLE_RE.match(r.norm):
            out[k] = r._replace(kind=SITE)           # the page's browser title: "【…的意见(…号)】-国家发展和改革委员会"
        elif r.kind == SITE and r.norm.endswith(":") and WIDGET_LABEL_RE.match(r.norm):
            for j in range(k + 1, min(len(out), k + 1 + WIDGET_BUTTONS_MAX)):
                if len(out[j].norm) > 2 or out[j].kind not in (Kind.SHORT, INLINE):
                    break
                out[j] = out[j]._replace(kind=INLINE)
        elif r.kind == INLINE and r.norm in (">", "»", "›"):
            for j in (k - 1, k + 1):
                if 0 <= j < len(out) and out[j].kind in (Kind.SHORT, Kind.TITLE) \
                        and len(out[j].norm) <= BREADCRUMB_ITEM_MAX and not PUNCT_RE.search(out[j].norm):
                    out[j] = out[j]._replace(kind=SITE)
                    while j + 1 < len(out) and out[j + 1].norm == out[j].norm and j + 1 != k:
                        j += 1                        # the page's column heading repeats the last item
                        out[j] = out[j]._replace(kind=SITE)
    return out


PUNCT_RE = compile_on_use(r"[。,;:!?]")
# a page's browser title printed first: the document's title in 【】, a dash, the site's name (bounded)
PAGE_TITLE_RE = compile_on_use(r"^【[^】\n]{4,160}】\s{0,2}[-—_|]{1,2}\s{0,2}[^\s,。]{2,30}$")


def _regions(rows: list[Row]) -> tuple[list[list[Row]], list[int]]:
    """The rows cut at site boilerplate (a hard boundary) into regions, inline noise left out, and the number
    of site lines before each region."""
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
    return regions, gap


def _carry_heads(regions: list[list[Row]], gap: list[int]) -> tuple[list[list[Row]], list[int]]:
    """A news page prints "title / 来源:… / body", a policy page "metadata block / 【字体:大 中 小】 / body":
    a title (or a metadata block) that ends a region right before a short run of site lines goes with
    the body below (the site lines stay in `noise`, inside that document). A city page may print a
    longer run (来源, 浏览次数, 字体, 打印, 分享) between the title and the 文号 / 主送 lines of its head.
    Returns the regions and how many rows each took from the region above."""
    carried = [0] * len(regions)
    for n in range(len(regions) - 1):
        cur, nxt = regions[n], regions[n + 1]
        k = len(cur)
        while k > 0 and len(cur) - k < 24 and cur[k - 1].kind in BYLINE_HEAD:
            k -= 1
        while k < len(cur) and cur[k].kind not in (Kind.TITLE, Kind.META):   # it starts with a title
            k += 1                                                            # or a metadata field
        if 0 < k < len(cur) and cur[0].kind == Kind.META and all(r.kind in HEAD for r in cur[:k]):
            k = 0                           # a note's front matter over the page's head: the whole region is head
        tail = cur[k:]
        if len(tail) > 4 and sum(r.kind == Kind.META for r in tail) < 2:      # only a block is long
            k = len(cur)
        # a 文号 or 主送 line cannot open a body: it continues the head above across a longer run; nor can a
        # report's "——…会议上" line, under its title across a news page's furniture (SPEC §2)
        limit = GAP_HEAD if nxt and nxt[0].kind in (Kind.DOCNUM, Kind.RECIP, Kind.REPORT_DATE) else GAP_BYLINE
        report = bool(nxt) and nxt[0].kind == Kind.REPORT_DATE and k < len(cur) and cur[-1].kind == Kind.TITLE
        if k < len(cur) and nxt and gap[n + 1] <= limit and (
                k == 0 or cur[k - 1].kind in ENDED | {Kind.BODY} or report):
            carried[n + 1] = len(cur) - k
            regions[n + 1] = cur[k:] + nxt
            del cur[k:]
    return regions, carried


REPEAT_ROWS_MAX = 3     # rows of a page widget that repeats the page's title and opening sentence
REPEAT_LONG = 20        # ... one of them at least this long (a sentence, not a title alone)
REPEAT_SCAN = 4000      # characters from the file's start where what it repeats is printed


def _repeats_above(norm: str, region: list[Row]) -> bool:
    """A short region after site lines whose every line is printed above it already: a share card or print
    preview repeating the page's title and first sentence ("2026年某省政府工作报告 / 各位代表：现在，我代表…"),
    no document of its own.

    >>> n = ("某省政府工作报告\\n各位代表：\\n现在，我代表省人民政府，向大会报告工作。\\n正文。\\n打印本页\\n"
    ...      "某省政府工作报告\\n各位代表：现在，我代表省人民政府，向大会报告工作。\\n")
    >>> rows = _rows(Text(n, n))
    >>> _repeats_above(n, rows[5:]), _repeats_above(n, rows[3:4])
    (True, False)
    """
    if len(region) > REPEAT_ROWS_MAX or not any(len(r.norm) >= REPEAT_LONG for r in region):
        return False
    above = "".join(norm[:min(region[0].span[0], REPEAT_SCAN)].split())     # the page's head: bounded, linear
    return all("".join(r.norm.split()) in above for r in region)


def _head_printed_again(region: list[Row], below: list[Row] | None) -> bool:
    """A region of head lines only (a title, its delivery line) that the next region prints again among its first
    lines: a page's header above its breadcrumb ("陕西省2026年政府工作报告 / 2026年1月27日在…会议上" / 首页 > … /
    the same two lines / 时间：… / body), no document of its own."""
    if not below or len(region) > REPEAT_ROWS_MAX or any(r.kind not in HEAD for r in region):
        return False
    again = {r.norm for r in below[:GAP_HEAD + len(region)]}
    return all(r.norm in again for r in region)


def _page_title_over_head(seg: list[Row], below: list[Row]) -> bool:
    """A title-only start (a title and its date line, nothing else) whose title the next document's head prints
    again over its first lines: a page's title above the printed head ("政府工作报告——2025年1月13日在…会议上" /
    "2025年01月23日" / "政府工作报告" / "——2025年1月13日在…会议上"), no document of its own.

    >>> n = ("政府工作报告——2025年1月13日在省人民代表大会第三次会议上\\n2025年01月23日\\n政府工作报告\\n"
    ...      "——2025年1月13日在省人民代表大会第三次会议上\\n各位代表：\\n")
    >>> rows = _rows(Text(n, n))
    >>> _page_title_over_head(rows[:2], rows[2:]), _page_title_over_head(rows[2:4], rows[4:])
    (True, False)
    """
    if not below or len(seg) > REPEAT_ROWS_MAX or any(r.kind not in HEAD | {Kind.DATE} for r in seg):
        return False
    titles = ["".join(r.norm.split()) for r in seg if r.kind == Kind.TITLE]
    head = "".join("".join(r.norm.split()) for r in below[:REPEAT_ROWS_MAX] if r.kind in HEAD)
    return bool(titles) and all(len(x) <= len(head) and x in head for x in titles)


def split_documents(t: Text, lines: LineIndex | None = None) -> Split:
    """The documents of one file, the noise lines, and warnings for text in no document (`lines`: the
    text's line index, when the caller has one).

    >>> split_documents(Text("  一、总则\\n", "  一、总则\\n")).items
    (DocHit(span=(2, 6)),)
    """
    rows = _page_widgets(_link_blocks(t.norm, _rows(t, lines)))
    noise = tuple(r.span for r in rows if r.kind in (SITE, INLINE))
    docs: list[DocHit] = []
    warnings: list[Diagnostic] = []

    regions, gap = _regions(rows)
    for n, region in enumerate(regions):            # a head printed again below the breadcrumb: the first is noise
        if region and _head_printed_again(region, next((r for r in regions[n + 1:] if r), None)):
            noise += tuple(r.span for r in region)
            regions[n] = []
    regions, carried = _carry_heads(regions, gap)
    for region, carry in zip(regions, carried):
        if not region:
            continue
        if docs and _repeats_above(t.norm, region):
            noise += tuple(r.span for r in region)          # a share card's preview of the page's head
            continue
        starts = starts_of(region)
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
            end = starts[n + 1] if n + 1 < len(starts) else len(region)
            if n + 1 < len(starts) and _page_title_over_head(region[k:end], region[end:]):
                noise += tuple(r.span for r in region[k:end])    # the page's title over the printed head
                continue
            docs.append(DocHit((region[k].span[0], region[end - 1].span[1])))
    return Split(items=tuple(docs), noise=tuple(sorted(noise)), warnings=tuple(warnings))
