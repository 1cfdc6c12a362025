"""Tasks (SPEC §5): the title of the item an assignment closes.

Tried in order (each a named source, see Tasks.at):
- heading-line    the assignment sits on its item's heading line: "（一）加强组织领导（牵头单位：…）"
                  -> the heading text before it;
- inline-heading  a run-on line (a single-line copy, SPEC §1) holds the item's number after a sentence
                  end: "…。（三）深入推进“多规合一”。…（自然资源部牵头，…）" -> 深入推进“多规合一”;
- section         the title of the innermost section around it (the section index of outline.py);
- line            no section: the start of its line up to the first 。；：, or the line above when the
                  assignment starts its line ("责任单位：…" under the item).
A run-in assignment ("抢险救援组：市应急管理局牵头，…", "一、污染处置组。由环境保护部牵头，…") closes
the working group named just before it, when that name ends like a group (group_suffixes.txt).
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import cache

import regex

from ..lexicons import alternation, compile_on_use, load_list
from ..lines import LineIndex
from ..markers import CN, FLAGS, MARKER_START, PLAIN_MARKER, family, marker_at
from ..normalize import normalize
from ..outline import SectionIndex
from ..records import SectionHit, Text

TITLE_WINDOW = 400          # characters looked back for a line's title (a one-line page must stay O(1))
HEADING_WINDOW = 3000       # characters looked back for an inline item number on a run-on line

# A short label that a run-in assignment follows on its line: "  综合协调组：" (GUARD: bounded, fullmatch).
_run_in_label_re = compile_on_use(r"[ \t]{0,8}(?P<label>[^\s,;。:()]{3,20})[ \t]{0,3}:[ \t]{0,3}")
# The clause before a run-in assignment naming its group with an item number: "一、污染处置组。" (fullmatch).
_numbered_group_re = compile_on_use(rf"[ \t]{{0,8}}(?:{PLAIN_MARKER})[ \t]{{0,3}}(?P<label>[^\s,;。:()]{{2,20}})"
                                  rf"[ \t]{{0,3}}[。:][ \t]{{0,3}}", FLAGS)
# An item number inside a run-on line: after a sentence end or a closing bracket ("。（三）深入推进…",
# "…负责）（二）进一步…"), or a bracketed Chinese number anywhere ("…便利度（一）优化…"). (finditer)
_inline_heading_re = compile_on_use(rf"""
    (?: (?<= [。!?)] ) [ \t]{{0,8}}          # after a sentence end or a closing bracket
      | (?= \( [{CN}]{{1,3}} \) ) )          # or "(一)" wherever it stands
    (?={MARKER_START})                       # (lets the engine skip to a marker's first character)
    (?P<marker> {PLAIN_MARKER} )
""", FLAGS)
TITLE_END_RE = compile_on_use(r"[。;:!?]")
SENTENCE_START_RE = compile_on_use(r"[。;!?]")
CLAUSE_START_RE = compile_on_use(r"[。;:!?\r\n]")


@cache
def _group_end_re() -> regex.Pattern:
    return compile_on_use(rf"(?:{alternation(load_list('responsibilities/group_suffixes.txt'))})$")


class Tasks:
    """The task an assignment at a position closes."""

    def __init__(self, t: Text, sections: Sequence[SectionHit] | SectionIndex, lines: LineIndex | None = None):
        self.t = t
        self.index = SectionIndex.of(sections)
        self.lines = lines if lines is not None else LineIndex(t.norm)
        self._scanned = 0                               # _last_heading: scanned up to here,
        self._heading: regex.Match | None = None        #   and the last number found

    def at(self, pos: int) -> str:
        s = self.index.at(pos)
        if s is not None:
            ts, te = s.title_span
            if ts <= pos < te:                          # heading-line
                return self.t.out(ts, pos).strip()
        inline = self._inline_heading(pos, s)
        if inline:
            return inline
        return s.title if s is not None else self._line_title(pos)

    def run_in(self, pos: int) -> str:
        """The task of an assignment run in after a group name: "抢险救援组：市应急管理局牵头，…" ->
        抢险救援组. The name is the whole clause before the assignment ("label：" on its line, or an item
        number and the name closed by 。); a heading on that line (a section whose title starts on it) is
        the item instead, and so is the enclosing section when there is no group name."""
        norm = self.t.norm
        ls = self._start_within(max(0, pos - TITLE_WINDOW), pos)
        i = bisect.bisect_right(self.index.starts, pos) - 1
        heading_here = i >= 0 and ls <= self.index.items[i].title_span[0] < pos
        m = _run_in_label_re.fullmatch(norm, ls, pos)
        if m and not heading_here and _group_end_re().search(m.group("label")):
            return self.t.out(*m.span("label"))
        e = pos
        while e > ls and norm[e - 1] in " \t":
            e -= 1
        cs = _last_end(norm, max(ls, pos - 60), e - 1)     # the clause before the one that just ended
        m = _numbered_group_re.fullmatch(norm, cs, pos)
        if m and _group_end_re().search(m.group("label")):
            return self.t.out(*m.span("label"))
        return self.at(pos)

    def _inline_heading(self, pos: int, section: SectionHit | None) -> str:
        """The title of the last item number printed inside the line before `pos`, after the section's
        own title: on a run-on line any outline number ("…负责）（二）进一步…"); on an ordinary line only a
        later sibling of the section's own number ("…（责任单位：X）２２．鼓励研发…"). "" when none."""
        norm = self.t.norm
        lo = max(0, pos - HEADING_WINDOW)
        ls = self._start_within(lo, pos)
        le = self.lines.line_end(pos)
        if le >= min(len(norm), pos + HEADING_WINDOW):     # no line end within the window
            le = min(len(norm), pos + HEADING_WINDOW)
        run_on = le - ls > TITLE_WINDOW
        lo = max(lo, ls, section.title_span[1] if section is not None else 0)
        if run_on:
            last = self._last_heading(lo, pos)
        elif section is not None and lo < pos:
            last = _sibling_after(norm, section, lo, pos)
        else:
            return ""
        if last is None:
            return ""
        ts = last.end("marker")
        m = TITLE_END_RE.search(norm, ts, pos)
        te = m.start() if m else pos
        nested = _inline_heading_re.search(norm, ts, te)     # "一、持续提升…便利度（一）优化…": the
        return self.t.out(ts, nested.start() if nested else te).strip()   # title ends at the next number

    def _last_heading(self, lo: int, pos: int) -> regex.Match | None:
        """The last inline item number in [lo, pos). Assignments come in text order, so the scan goes on
        from where the previous call stopped: a one-line page costs one pass, not one window per hit."""
        if pos < self._scanned or (self._heading is not None and self._heading.start() < lo - HEADING_WINDOW):
            self._scanned, self._heading = lo, None     # a jump back (another form) or far ahead: restart
        for m in _inline_heading_re.finditer(self.t.norm, max(lo, self._scanned - 8), pos):
            self._heading = m                           # (8: a number straddling the last stop)
        self._scanned = pos
        h = self._heading
        return h if h is not None and lo <= h.start() < pos else None

    def _line_title(self, pos: int) -> str:
        """The start of the line up to its first 。；： (or up to the assignment); for an assignment
        that starts its line ("责任单位：…"), the title of the nearest non-blank line above."""
        norm = self.t.norm
        ls, end = self._line_start(pos), pos
        for _ in range(8):                              # GUARD: look at most 8 lines up
            m = TITLE_END_RE.search(norm, ls, end)
            title = self.t.out(ls, m.start() if m else end).strip()
            if title or ls == 0:
                return title
            end = ls - 1                                # the line above, without its line end
            ls = self._line_start(end)
        return ""

    def _start_within(self, lo: int, pos: int) -> int:
        """Start of the line holding `pos` when the break before it lies in [lo, pos), else 0 (the line
        began too far back to look for). A break is \\n, \\r\\n or \\r (the line index)."""
        ls = self.lines.line_start(pos)
        return ls if ls - 1 >= lo else 0

    def _line_start(self, pos: int) -> int:
        """Start of the line holding `pos`, or of the sentence when the line began too far back."""
        lo = max(0, pos - TITLE_WINDOW)
        ls = self._start_within(lo, pos)
        if ls == 0 and lo > 0:
            m = SENTENCE_START_RE.search(self.t.norm, lo, pos)
            ls = m.end() if m else lo
        return ls


def _sibling_after(norm: str, section: SectionHit, lo: int, pos: int) -> regex.Match | None:
    """The last item number in [lo, pos) of the section's own style with a higher number: the next
    item printed on the same line as the section's text."""
    own = marker_at(normalize(section.marker), indent=False) if section.marker else None
    if own is None:
        return None
    last = None
    for m in _inline_heading_re.finditer(norm, lo, pos):
        k = marker_at(norm, m.start("marker"), m.end("marker"), indent=False)
        if k is not None and family(k.style) == family(own.style) and k.number > own.number:
            last = m
    return last


def _last_end(norm: str, lo: int, pos: int) -> int:
    """The position after the last clause end (。；：！？ or a line end) in [lo, pos), else lo."""
    last = lo
    for m in CLAUSE_START_RE.finditer(norm, lo, pos):
        last = m.end()
    return last
