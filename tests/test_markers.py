"""The heading-number grammar: tests/cases/markers.yaml, one case per printed form."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casesupport import load_cases
from policyparse.markers import marker_at
from policyparse.normalize import normalize


@pytest.mark.parametrize("case", load_cases("markers"))
def test_case(case):
    m = marker_at(normalize(case["line"]))
    assert (m.style if m else None) == case["style"]
    if m and "number" in case:
        assert m.number == case["number"]


MARKERISH = list("第编篇部分章节条(（)）一二三四五六七八九十百零〇两0123456789、.．。 \t\u3000\n\r-①⑴⒈㈠㊀甲乙") + ["\u3251", "\u32b1"]


@settings(max_examples=1500, deadline=None)
@given(st.text(st.sampled_from(MARKERISH), max_size=60))
def test_may_start_is_a_superset_of_the_markers_starts(text):
    """Every position where MARKER matches (as the glued search asks it: after text, anywhere in a line) is one
    MAY_START_RE finds: the search that tries MARKER only there finds every marker."""
    import regex

    from policyparse import markers
    norm = normalize(text)
    starts = {m.start() for m in markers.MAY_START_RE.finditer(norm)}
    marker = regex.compile(f"(?:{markers.MARKER})", markers.FLAGS)
    assert all(p in starts for p in range(len(norm)) if marker.match(norm, p))


INDENTS = st.sampled_from(["", " ", "  ", "\t", "    ", "## ", " # ", "**", "  **", "#", "*", "\u3000"])
PIECES = st.lists(st.sampled_from(MARKERISH + ["一、", "(二)", "1.", "第三条", "。", ";", ":", "  "]), max_size=8)
LINES = st.lists(st.tuples(INDENTS, PIECES.map("".join), st.sampled_from(["\n", "\r\n", "。 ", "; ", "。\t", ":\t "])), max_size=8)


@settings(max_examples=800, deadline=None)
@given(LINES.map(lambda ls: "".join(i + p + e for i, p, e in ls)), st.data())
def test_prefiltered_searches_find_what_the_searches_find(text, data):
    """The section scanner's line-start and run-in paragraph searches, tried only where their re prefilters
    point, find exactly the matches of the plain searches (LF text; a lone CR takes the plain search): a marker
    after a line start's indentation, a run of spaces and a marker after a sentence end (the prefilters hold
    the anchors; the patterns tried there do not repeat them)."""
    import regex

    from policyparse import markers
    from policyparse.lexicons import prefiltered
    from policyparse.sections import scan
    norm = normalize(text).replace("\r", "")
    a = data.draw(st.integers(0, len(norm)))
    b = data.draw(st.integers(a, len(norm)))
    plain_head = regex.compile("^" + scan.HEAD_RE.pattern, markers.FLAGS | regex.MULTILINE)
    plain_para = regex.compile("(?<=[。;!?:])" + scan.PARA_RE.pattern, markers.FLAGS)
    for at, rx, plain in ((scan.HEAD_AT_LINE_RE, scan.HEAD_RE, plain_head), (scan.PARA_AT_RE, scan.PARA_RE, plain_para)):
        assert [m.span() for m in prefiltered(at, rx, norm, a, b)] == [m.span() for m in plain.finditer(norm, a, b)]


@settings(max_examples=800, deadline=None)
@given(LINES.map(lambda ls: "".join(i + p + e for i, p, e in ls)))
def test_grammar_compiled_by_re_matches_as_regex_reads_it(text):
    """The heading-number grammar and the patterns built on it are compiled by `re` (lexicons.std_on_use): at every
    position each matches as `regex` compiling the same source does (span, groups, the style that matched; for
    LEAD_MARKER_RE, a repeat of markers whose end alone is read, span and groups: the engines name a different
    last group inside a repeat)."""
    import regex

    from policyparse import markers
    from policyparse.sections import glued, scan
    from policyparse.targets.vocab import LEAD_MARKER_RE, LEAD_MARKER_SOURCE
    norm = normalize(text)
    pairs = [(markers.LINE_RE, markers.LINE_RE.pattern, True), (markers.MARKER_RE, markers.MARKER_RE.pattern, True),
             (scan._inline_re, scan._inline_re.pattern, True), (scan._head_cr_re, scan._head_cr_re.pattern, True),
             (glued._glued_re, glued._glued_re.pattern, True), (LEAD_MARKER_RE, LEAD_MARKER_SOURCE, False)]
    for std, source, named in pairs:
        rx = regex.compile(source, markers.FLAGS)
        for p in range(len(norm) + 1):
            a, b = rx.match(norm, p), std.match(norm, p)
            assert (a and (a.span(), a.groups(), named and a.lastgroup)) == \
                (b and (b.span(), b.groups(), named and b.lastgroup)), source[:40]
