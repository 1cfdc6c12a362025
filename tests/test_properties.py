"""Hypothesis properties (issue 8, STYLE B5): on arbitrary and on policy-like text, parse_text never raises,
every span is in bounds and slices to its item's text, sections and preamble tile each document, output
validates against the committed schema and round-trips, parsing is deterministic (also across hash seeds),
and the same text saved with CRLF / BOM / UTF-16 gives the same documents. Bounded to about a minute."""
from __future__ import annotations

import codecs
import json
import os
import random
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from invariants import check_result, check_serialisation, crlf_mapper, crlf_to_lf_view
from policylike import lines, random_text
from policyparse import parse_text
from policyparse.decode import decode
from policyparse.normalize import normalize
from policyparse.reading import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
BINARY = frozenset(chr(c) for c in (*range(0, 9), *range(14, 32), 127))   # refused by decode as "not text"
BOUNDED = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Characters the genre is made of, plus anything: CJK, full-width forms, CJK punctuation, circled numbers.
GENRE_CHARS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
    st.characters(min_codepoint=0x3000, max_codepoint=0x3020),
    st.characters(min_codepoint=0x2460, max_codepoint=0x2490),
    st.sampled_from(list("0123456789.、()（）一二三十第章节条年月日%万亿元\n\r\t 　|—:：;；。专栏")),
    st.characters(),
)


def _docs(result):
    return [d.model_dump(mode="json") for d in result.documents]


def _all_checks(text):
    result = parse_text(text)
    check_result(text, result)
    check_serialisation(result)
    return result


@settings(max_examples=250, **BOUNDED)
@given(st.text(max_size=400))
def test_arbitrary_unicode(text):
    _all_checks(text)


@settings(max_examples=250, **BOUNDED)
@given(st.text(GENRE_CHARS, max_size=400))
def test_genre_characters(text):
    _all_checks(text)


@settings(max_examples=400, **BOUNDED)
@given(lines())
def test_policy_like_text(text):
    _all_checks(text)


@settings(max_examples=150, **BOUNDED)
@given(st.randoms(use_true_random=False))
def test_policy_like_text_mutated(rnd):
    _all_checks(random_text(rnd))


@settings(max_examples=150, **BOUNDED)
@given(lines())
def test_deterministic(text):
    a, b = parse_text(text), parse_text(text)
    assert a.model_dump_json() == b.model_dump_json()


def test_deterministic_across_hash_seeds():
    """Set and dict orders must not leak into the output: two interpreters with different PYTHONHASHSEED."""
    rnd = random.Random(8)
    texts = [random_text(rnd) for _ in range(40)] + [p.read_text(encoding="utf-8")
                                                   for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
    code = ("import sys, json, hashlib\nfrom policyparse import parse_text\n"
            "texts = json.load(sys.stdin)\n"
            "print(json.dumps([hashlib.sha256(parse_text(t).model_dump_json().encode()).hexdigest() "
            "for t in texts]))")
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        p = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True,
                           env=env, timeout=120)
        assert p.returncode == 0, p.stderr
        outs.append(json.loads(p.stdout))
    diff = [i for i, (a, b) in enumerate(zip(*outs)) if a != b]
    assert not diff, f"outputs differ between hash seeds for inputs {diff}: e.g. {texts[diff[0]][:200]!r}"


@settings(max_examples=150, **BOUNDED)
@given(lines())
def test_crlf_bom_utf16_copies_give_same_documents(text):
    text = "".join(c for c in text if c not in BINARY)     # bytes with those are refused, tested elsewhere
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    reference = _docs(parse_text(lf))
    crlf = lf.replace("\n", "\r\n")
    b = parse_text(crlf)
    check_result(crlf, b)
    assert crlf_to_lf_view(_docs(b), crlf_mapper(crlf)) == reference
    for data in (codecs.BOM_UTF8 + lf.encode(), lf.encode("utf-16"), codecs.BOM_UTF16_BE + lf.encode("utf-16-be")):
        assert _docs(parse_bytes(data)) == reference
    gb = lf.encode("gb18030")
    if lf.isascii() or not _is_utf8(gb):           # see test_decode_round_trips
        assert _docs(parse_bytes(gb)) == reference


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


@settings(max_examples=300, **BOUNDED)
@given(st.text())
def test_normalize_preserves_length_and_is_idempotent(s):
    n = normalize(s)
    assert len(n) == len(s)
    assert normalize(n) == n
    assert all(a == b or ord(b) < 0x80 or b in "〔〕" for a, b in zip(s, n))   # only folds to ASCII (or 〔〕)


@settings(max_examples=300, **BOUNDED)
@given(st.text(GENRE_CHARS | st.sampled_from("，\u3000（）；：！？\uff0e\ufe52\u00a0\u3014"), min_size=0, max_size=300))
def test_normalize_is_the_translate_table(s):
    """The fast path (str.replace of the frequent characters, one class pass for the rest) is the table,
    except the one rule beyond it: an item number's private-use full stop at a line start ("1\ue010") reads "."
    (its doctest; hypothesis found "0\ue000"), and the markup read as spaces (HTML tags, Markdown strong: their
    doctests; hypothesis found "<p>"), and underscore emphasis around Chinese words."""
    from policyparse.normalize import _EMPHASIS_RE, _MARKUP_RE, _NUMBER_PUA_RE, _STRONG_RE, _TABLE
    assume(not _NUMBER_PUA_RE.search(s) and not _MARKUP_RE.search(s) and not _STRONG_RE.search(s)
           and not _EMPHASIS_RE.search(s))
    assert normalize(s) == s.translate(_TABLE)


def test_an_item_numbers_private_use_stop_reads_as_a_full_stop():
    assert normalize("0\ue000") == "0." and normalize("说明\ue000") == "说明 "
    assert normalize("\n 12\ue010突破") == "\n 12.突破" and normalize("第12\ue010") == "第12 "


# Text a decoder can round-trip: no NUL and no other binary control character (those are refused as
# "not a text file"), and no lone surrogates (not encodable).
TEXT_CHARS = st.characters(blacklist_categories=("Cs",),
                           blacklist_characters=[chr(c) for c in (*range(0, 9), *range(14, 32), 127)])


@settings(max_examples=200, **BOUNDED)
@given(st.text(TEXT_CHARS, max_size=200), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_decode_round_trips(s, enc):
    data = s.encode(enc)
    if enc == "utf-8":
        assume(not s.startswith("\ufeff"))        # that would be read as a BOM, by design
    if enc == "gb18030":
        try:                                        # GB18030 bytes that happen to be valid UTF-8 are read as
            data.decode("utf-8")                    # UTF-8 (UTF-8 is tried first); real documents never are
            assume(s.isascii())
        except UnicodeDecodeError:
            pass
    d = decode(data)
    assert d.text == s
    assert d.encoding == {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030",
                          "utf-16": "utf-16"}[enc] or (enc == "gb18030" and s.isascii() and d.encoding == "utf-8")


@settings(max_examples=200, **BOUNDED)
@given(st.binary(max_size=300))
def test_decode_never_raises_anything_but_its_errors(data):
    from policyparse.diagnostics import PolicyParseError
    try:
        d = decode(data)
    except PolicyParseError as exc:
        assert str(exc).startswith("<input>: ")
    else:
        assert isinstance(d.text, str)


@settings(max_examples=300, **BOUNDED)
@given(st.text(st.sampled_from(list("ab \t\u3000\r\n一、")), max_size=40), st.data())
def test_span_helpers(text, data):
    from policyparse.spans import line_spans, strip_span
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    lines = line_spans(text, (a, b))
    assert all(not set(text[s:e]) & {"\r", "\n"} for s, e in lines)
    # the first line starts the span, one terminator separates lines, at most one ends the span
    assert not lines or lines[0][0] == a
    for (_, e1), (s2, _) in zip(lines, lines[1:]):
        assert text[e1:s2] in ("\n", "\r", "\r\n")
    tail = text[lines[-1][1]:b] if lines else text[a:b]
    assert tail in ("", "\n", "\r", "\r\n") and (lines or tail == "")
    s, e = strip_span(text, (a, b))
    assert a <= s <= e <= b and text[s:e] == text[a:b].strip()


@settings(max_examples=400, **BOUNDED)
@given(st.text(st.sampled_from(list("ab# \t\u3000\x1c\x85\r\n一")), max_size=40), st.data())
def test_line_index_stripped_equals_a_scan_of_the_span(text, data):
    """LineIndex.stripped (one scan of the whole text, a cut line scanned again) is stripped_lines of the span."""
    from policyparse.lines import LineIndex, stripped_lines
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert LineIndex(text).stripped((a, b)) == list(stripped_lines(text, (a, b)))
