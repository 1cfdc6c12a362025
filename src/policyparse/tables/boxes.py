"""专栏 boxes: the label line and its title, then a body of numbered items (list-style: `items`), a
table, or unnumbered paragraphs; a trailing 注： line as the note."""
from __future__ import annotations

from ..diagnostics import Diagnostic
from ..records import Text
from ..spans import Span
from .body import Draft, parse_body
from .cells import (SPACE_RE, Line, has_sep, heading, is_header_cell, is_label, is_note, is_strong,
                    item_marker, next_nonblank, squeeze, strip_span)


def _items(t: Text, lines: list[Line], i: int) -> tuple[list[str], int]:
    """A list-style box from line i: numbered items -> texts without their markers."""
    first = item_marker(lines[i].text)
    kind = first[0] if first else None
    items: list[list[Span]] = []
    end = i
    expect = 1
    blank_before = False
    blanks = 0
    spacing: list[int] = []              # blank lines between consecutive items
    while i < len(lines):
        ln = lines[i]
        if ln.blank:
            blank_before = True
            blanks += 1
            i += 1
            continue
        m = item_marker(ln.text)
        if m and m[0] == kind and m[1] == expect:
            if len(items) >= 2 and blanks > max(spacing):
                break                                # farther apart than the items: the next heading
            if items:
                spacing.append(blanks)
            items.append([(ln.span[0] + m[2], strip_span(ln)[1])])
            expect += 1
        elif items and not blank_before and not is_label(ln) and not m and not heading(ln.text):
            items[-1].append(strip_span(ln))        # a wrapped item line (a heading ends the box)
        else:
            break
        blank_before = False
        blanks = 0
        end = i + 1
        i += 1
    texts = ["".join(squeeze(t.out(a, b)) for a, b in sp) for sp in items]
    return texts, end


def finish(t: Text, lines: list[Line], d: Draft, end: int, end_pos: int) -> Draft:
    """Attach a trailing 注： line (within two blank lines) as the note; set the end."""
    j = end
    blanks = 0
    while j < len(lines) and lines[j].blank and blanks < 3:
        j += 1
        blanks += 1
    if j < len(lines) and is_note(lines[j]):
        a, b = strip_span(lines[j])
        d.note = t.out(a, b).strip()
        end, end_pos = j + 1, b
    d.end, d.end_pos = end, end_pos
    return d


def box(t: Text, lines: list[Line], i: int, m, warnings: list[Diagnostic]) -> Draft | None:
    ln = lines[i]
    a, _ = strip_span(ln)
    label = squeeze(t.out(ln.span[0] + m.start("label"), ln.span[0] + m.end("label")))
    label = SPACE_RE.sub("", label)
    title = squeeze(t.out(ln.span[0] + m.start("title"), ln.span[0] + m.end("title"))) or None
    body = next_nonblank(lines, i + 1)
    if title is None and body < len(lines):
        cand = lines[body].text.strip()
        if cand and len(cand) <= 40 and "。" not in cand and not item_marker(cand) \
                and not is_header_cell(cand) and not has_sep(lines[body]) \
                and not lines[body].text.startswith("\t"):
            title = squeeze(t.out(*strip_span(lines[body])))
            body = next_nonblank(lines, body + 1)
    d = Draft(label, title, a, [], [], [], [], i + 1)
    if body >= len(lines) or is_label(lines[body]):
        return finish(t, lines, d, i + 1, strip_span(ln)[1])
    if item_marker(lines[body].text):
        items, end = _items(t, lines, body)
        d.items = items
        return finish(t, lines, d, end, strip_span(lines[end - 1])[1])
    parsed = parse_body(t, lines, body, in_box=True, warnings=warnings)
    if parsed is None:
        # an unnumbered box body: its paragraphs up to the first blank line are the items
        j, sp = body, []
        while j < len(lines) and not lines[j].blank and not is_label(lines[j]) \
                and not (sp and is_strong((heading(lines[j].text) or ("",))[0])):   # 三、… ends it
            sp.append(strip_span(lines[j]))
            j += 1
        d.items = [squeeze(t.out(x, y)) for x, y in sp]
        return finish(t, lines, d, j, sp[-1][1] if sp else strip_span(ln)[1])
    cols, rows, (spans, cells), end, end_pos = parsed
    d.columns, d.rows, d.row_spans, d.cell_spans = cols, rows, spans, cells
    return finish(t, lines, d, end, end_pos)
