"""Numbered headings -> levels -> a lossless section tree (SPEC §3).

Reads: the text (patterns run on `t.norm`), one document span, the tables found in it.
Writes: nothing. Raises: nothing on content.

1. **Candidates.** A numbering marker at the start of a line (after spaces, U+3000, tabs) -- or on the
   same line after a heading's title and a run of spaces ("第一章　总则　　第一条　…"), or after a
   sentence end and a paragraph indent when a web copy lost its line breaks ("…。　　二、") --
   followed by a title. Dropped: markers inside a table or 专栏 box (the tables passed in; a box they
   miss is bounded here), the entries of a 目录, the numbered list under an 附件 or 注 label, run-in
   enumerations ("（1）…；（2）…" in one paragraph), and numbers that are quantities or dates
   ("2018年…", "1.5万亿元…", "2.3 万人次…").
2. **Levels.** Marker styles rank by first appearance in the document; the usual styles keep their usual
   order among themselves (章 > 节 > 条 > 一、 > （一） > 1． > （1） > ①) whatever order they first appear
   in. A heading closes every open section of its own rank or below and nests in the rest; `level` is
   its depth in the resulting tree.
3. **Spans.** A section runs from its marker to the marker of the heading that closes it (or the end of
   the document); its own text stops at its first child.

Lossless: the preamble [doc start, first marker) and every section's own text [span[0], own_end) tile
the document span exactly. The indentation in front of a marker (and the line break before it) is
attributed to the text that precedes the heading -- the previous section's own text, or the preamble --
so that a span starts exactly at its marker, as printed, and the tiling has no gap.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Code, Diagnostic
from ..lines import LineIndex
from ..records import Found, SectionHit, TableHit, Text
from ..spans import Span
from ..normalize import PRIVATE_USE, PRIVATE_USE_CHARS
from .glued import glued_candidates
from .tocguided import toc_guided
from .exclusions import _Regions, _attachment_regions, _box_regions, _run_in, _toc_regions
from .scan import DIGITS, MAX_NUMBERING_WARNINGS, TOC_LINE_MAX, USUAL_ORDER, _Cand, _Scanner, toc_leader_re

def _rank_styles(order: list[str]) -> dict[str, int]:
    """Ranks from first appearance; the usual styles re-sorted among the positions they occupy;
    decimal outline depths as one family, in depth order.

    >>> r = _rank_styles(["cn_dun", "ar_dot", "cn_paren"])      # SPEC: 一、, then 1．, then （一）
    >>> sorted(r, key=r.get)
    ['cn_dun', 'cn_paren', 'ar_dot']
    >>> r = _rank_styles(["dec3", "ar_paren", "dec2"])           # "2.1.1", "（1）", then "1.4"
    >>> sorted(r, key=r.get)
    ['dec2', 'dec3', 'ar_paren']
    """
    # decimal outline depths count as one family, placed where the first of them appears
    families: list[str] = []
    for s in order:
        f = "dec" if s.startswith("dec") else s
        if f not in families:
            families.append(f)
    slots = [i for i, f in enumerate(families) if f in USUAL_ORDER]
    for i, f in zip(slots, sorted((f for f in families if f in USUAL_ORDER), key=USUAL_ORDER.index)):
        families[i] = f
    final: list[str] = []
    for f in families:                     # inside the family, depth order: 1 > 1.1 > 1.1.1
        final.extend(sorted((s for s in order if s.startswith("dec")), key=_decimal_depth)
                     if f == "dec" else [f])
    return {s: i for i, s in enumerate(final)}


def _decimal_depth(style: str) -> int:
    """ "dec1" -> 1, "dec3" -> 3 (the number of components of an outline number)."""
    return int(style[3:])




def build_sections(t: Text, span: Span, tables: Sequence[TableHit], *,
                   lines: LineIndex | None = None) -> Found[SectionHit]:
    """The section tree of the document at `span`, flat in document order (parents by id).

    >>> raw = "通知正文\\n一、总体要求\\n（一）指导思想。以…为指导。\\n二、重点任务\\n"
    >>> from policyparse.normalize import normalize
    >>> [(s.id, s.marker, s.level, s.title, s.parent) for s in
    ...  build_sections(Text(raw, normalize(raw)), (0, len(raw)), []).items]
    [('s1', '一、', 1, '总体要求', None), ('s2', '（一）', 2, '指导思想', 's1'), ('s3', '二、', 1, '重点任务', None)]
    """
    start, end = max(0, span[0]), min(len(t.norm), span[1])
    if start >= end:
        return Found(())
    sc = _Scanner(t, (start, end), lines)           # the pipeline's line index of the text, if given
    cands = sc.candidates()
    if not any(c.style.startswith("dec") and c.style != "dec1" for c in cands):
        cands = [c for c in cands if c.style != "dec1"]          # "1 总则" only beside 1.1 numbering

    table_regions = _Regions(tb.span for tb in tables)
    outside = [c for c in cands if not table_regions.covers(c.marker[0])]
    excluded = _Regions([*_box_regions(sc, outside, table_regions), *_toc_regions(sc, outside),
                         *_attachment_regions(sc, outside)])
    norm = t.norm
    kept: list[_Cand] = []
    for c in outside:
        if excluded.covers(c.marker[0]):
            continue
        if _run_in(norm, c) or (c.line_end - c.marker[1] <= TOC_LINE_MAX and norm[c.line_end - 1] in DIGITS
                                and toc_leader_re.search(norm, c.marker[1], c.line_end)):
            continue
        kept.append(c)
    kept = glued_candidates(sc, kept, lambda pos: table_regions.covers(pos) or excluded.covers(pos))
    kept = toc_guided(sc, kept, lambda pos: table_regions.covers(pos) or excluded.covers(pos))
    return _tree(t, (start, end), _outline_roots(kept))


def _outline_roots(cands: list[_Cand]) -> list[_Cand]:
    """In 1.1-style outlines, "1、总则" / "1. 总则" is the outline's first depth when the next
    outline number under it starts with its number ("1、总则" … "1.1 编制目的")."""
    if not any(c.style.startswith("dec") and c.style != "dec1" for c in cands):
        return cands
    out = list(cands)
    for i, c in enumerate(cands):
        if c.style != "ar_dot" or c.number is None:
            continue
        for d in cands[i + 1:]:
            if d.style == "ar_dot" or d.style == "dec1":
                break
            if d.style.startswith("dec"):
                if d.prefix == c.number:
                    out[i] = _Cand("dec1", c.marker, c.title, c.number, c.line_end, c.inline)
                break
    return _with_siblings(out)


def _with_siblings(cands: list[_Cand]) -> list[_Cand]:
    """A "3." that roots "3.1" takes its run of siblings with it ("1.", "2.", "3." … "7." then "7.1"): one
    outline depth, not "3." nested under "2." (the run: ar_dot/dec1 numbers in sequence, read past the
    decimal headings between them, up to any other heading)."""
    out = list(cands)
    roots = [i for i, c in enumerate(cands) if c.style == "dec1"]
    for i in roots:
        for step in (-1, 1):
            n, k = cands[i].number, i + step
            while 0 <= k < len(cands):
                d = out[k]
                if d.style.startswith("dec") and d.style != "dec1":
                    k += step
                    continue
                if d.style not in ("ar_dot", "dec1") or d.number != n + step:
                    break
                if d.style == "ar_dot":
                    out[k] = _Cand("dec1", d.marker, d.title, d.number, d.line_end, d.inline)
                n, k = d.number, k + step
    return out


def _tree(t: Text, span: Span, cands: list[_Cand]) -> Found[SectionHit]:
    order: list[str] = []
    for c in cands:
        if c.style not in order:
            order.append(c.style)
    rank = _rank_styles(order)

    n, raw = len(cands), t.raw
    ends = [span[1]] * n
    parents: list[int | None] = [None] * n
    levels = [0] * n
    first_child: list[int | None] = [None] * n
    stack: list[tuple[int, int]] = []                  # (rank, index); ranks increase upwards
    warnings: list[Diagnostic] = []
    muted = 0
    last_in_parent: dict[tuple[int | None, str], int] = {}
    last_global: dict[str, int] = {}
    for i, c in enumerate(cands):
        r, start = rank[c.style], c.marker[0]
        while stack and stack[-1][0] >= r:
            ends[stack.pop()[1]] = start
        parent = stack[-1][1] if stack else None
        parents[i] = parent
        levels[i] = len(stack) + 1
        if parent is not None and first_child[parent] is None:
            first_child[parent] = start
        stack.append((r, i))
        fault = _numbering(c, parent, last_in_parent, last_global)
        if fault:
            if len(warnings) < MAX_NUMBERING_WARNINGS:        # (the message only for a warning listed)
                warnings.append(Diagnostic(fault[0], _numbering_message(raw, c, *fault), c.marker))
            else:
                muted += 1
    if muted:
        warnings.append(Diagnostic(Code.NUMBERING_SKIP, f"{muted} more numbering warnings in this document "
                                   "not listed", (cands[0].marker[0], span[1])))

    items = []
    ids = [f"s{i + 1}" for i in range(n)]
    printed: dict[str, str] = {}                      # one str per marker as printed (heading-dense text: memory)
    for i, c in enumerate(cands):                     # (positional: a frozen record's keywords cost more)
        own_end, parent, (ms, me), (ts, te) = first_child[i], parents[i], c.marker, c.title
        if i + 1 < n and te > cands[i + 1].marker[0]:   # a title never runs into the next heading (one that a
            te = max(ts, cands[i + 1].marker[0])         # later step added: tocguided's "2.2" after "(6)…")
            while te > ts and raw[te - 1].isspace():
                te -= 1
        marker = raw[ms:me]
        items.append(SectionHit(
            ids[i], printed.get(marker) or printed.setdefault(marker, _printed_marker(marker)), levels[i],
            raw[ts:te], (ms, ends[i]), (ts, te), ends[i] if own_end is None else own_end,
            None if parent is None else ids[parent]))
    return Found(tuple(items), tuple(warnings))


# A PDF font's private-use glyph printed as the number's stop ("1\ue010", read as "1." by normalize): the
# marker as printed is the number without it.
def _printed_marker(m: str) -> str:
    return m.rstrip(PRIVATE_USE_CHARS) if m and ord(m[-1]) in PRIVATE_USE else m


def _numbering(c: _Cand, parent: int | None, last_in_parent: dict, last_global: dict
               ) -> tuple[Code, int | None, int | None] | None:
    """numbering.skip / .restart / .repeat against the previous sibling of the same style: the code, the
    previous sibling's number and the last number of the style anywhere (None when there is none)."""
    num = c.number
    if num is None:
        return None
    key = (parent, c.style)
    prev = last_in_parent.get(key)
    last_in_parent[key] = num
    glob = last_global.get(c.style)
    last_global[c.style] = num
    if prev is None:
        if num == 1 or (glob is not None and num == glob + 1):
            return None
        return Code.NUMBERING_SKIP, prev, glob
    if num == prev + 1:
        return None
    if num == 1:
        return Code.NUMBERING_RESTART, prev, glob
    if num > prev + 1:
        return Code.NUMBERING_SKIP, prev, glob
    return Code.NUMBERING_REPEAT, prev, glob


def _numbering_message(raw: str, c: _Cand, code: Code, prev: int | None, glob: int | None) -> str:
    if prev is None:
        return (f"{_printed(raw, c)} is the first of its style here; "
                f"expected 1" + (f" or {glob + 1}" if glob is not None else ""))
    if code == Code.NUMBERING_RESTART:
        return f"{_printed(raw, c)} starts again at 1 after {prev}"
    if code == Code.NUMBERING_SKIP:
        return f"{_printed(raw, c)} skips from {prev} to {c.number}"
    return f"{_printed(raw, c)} goes back from {prev} to {c.number}"


def _printed(raw: str, c: _Cand) -> str:
    return raw[c.marker[0]:c.marker[1]]

