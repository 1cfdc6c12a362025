"""Structural invariants every ParseResult must satisfy, whatever the stages find.

Shared by test_properties.py (hypothesis), test_hostile.py, test_decode.py and tools/fuzz.py, so a rule is
written once. Each check raises AssertionError with a message naming the item; none depends on what a
stage extracts, only on the contract (SPEC §1-3, STYLE B4): spans are half-open offsets into the decoded
original, `text` fields are the original at their span, ids are unique, sections nest, and sections
plus the preamble tile each document ("nothing is lost").
"""
from __future__ import annotations

import bisect
import json
import math
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "data" / "schemas" / "parse_result.schema.json"
BLANK = " \t\r\n\u3000\u00a0\ufeff\f\v"


def _in(outer, inner, what):
    assert 0 <= outer[0] <= inner[0] <= inner[1] <= outer[1], f"{what}: span {inner} not inside {outer}"


def walk_sections(nodes, parent=None):
    """(section, parent) pairs in document order."""
    for n in nodes:
        yield n, parent
        yield from walk_sections(n.children, n)


def tiles(doc) -> list[tuple[int, int, str]]:
    """The pieces a document's text falls into: preamble, then each section's own text.

    A section's own text runs from its span start to its first child's start (or its span end).
    """
    s0, e0 = doc.span
    flat = [n for n, _ in walk_sections(doc.sections)]
    if not flat:
        return [(s0, e0, "preamble")]
    pieces = [(s0, flat[0].span[0], "preamble")]
    for n in flat:
        own_end = n.children[0].span[0] if n.children else n.span[1]
        pieces.append((n.span[0], own_end, n.id))
    return pieces


def check_tiling(text: str, doc) -> None:
    """Preamble + every section's own text cover the document exactly once.

    Between two pieces only blank characters may be left out (the sections stage may start a span at
    the marker rather than at the indentation before it, and end one before trailing blank lines);
    nothing printable may be uncovered, and no character may be covered twice.
    """
    s0, e0 = doc.span
    pieces = tiles(doc)
    pos = s0
    for s, e, who in pieces:
        assert s <= e, f"{doc.id}: piece {who} has negative length {(s, e)}"
        assert s >= pos, f"{doc.id}: piece {who} {(s, e)} overlaps the previous piece (ends at {pos})"
        gap = text[pos:s]
        assert not gap.strip(BLANK), f"{doc.id}: text {gap[:40]!r} at {pos} lies in no section nor the preamble"
        pos = e
    assert pos <= e0, f"{doc.id}: last piece ends at {pos}, after the document end {e0}"
    tail = text[pos:e0]
    assert not tail.strip(BLANK), f"{doc.id}: text {tail[:40]!r} at {pos} lies in no section"


def check_result(text: str, result) -> None:
    """Every contract invariant of `result` = parse_text(text)."""
    n = len(text)
    assert result.source.chars == n, f"source.chars {result.source.chars} != {n}"
    whole = (0, n)
    prev_end = 0
    for k, doc in enumerate(result.documents, 1):
        assert doc.id == f"d{k}", f"document {k} has id {doc.id}"
        _in(whole, doc.span, doc.id)
        assert doc.span[0] >= prev_end, f"{doc.id} overlaps the previous document"
        prev_end = doc.span[1]
        _check_document(text, doc)
    prev = 0
    for sp in result.noise:          # boilerplate between documents, or stray lines (image names) inside one
        _in(whole, sp, "noise")
        assert sp[0] < sp[1] and sp[0] >= prev, f"noise {sp}: empty, unsorted or overlapping the previous"
        assert text[sp[0]:sp[1]].strip(BLANK), f"noise {sp} is blank"
        prev = sp[1]
    for w in result.warnings:
        assert w.code and "." in w.code, f"warning code {w.code!r} is not dotted"
        if w.span is not None:
            _in(whole, w.span, f"warning {w.code}")


def _check_document(text: str, doc) -> None:
    ids = {doc.id}

    def new_id(i):
        assert i.startswith(doc.id + "."), f"id {i} does not start with {doc.id}."
        assert i not in ids, f"duplicate id {i}"
        ids.add(i)

    sections = {}
    for node, parent in walk_sections(doc.sections):
        new_id(node.id)
        sections[node.id] = node
        _in(doc.span if parent is None else parent.span, node.span, node.id)
        assert node.level == (1 if parent is None else parent.level + 1), \
            f"{node.id}: level {node.level} under {parent.id if parent else 'the document'}"
        _in(node.span, node.title_span, f"{node.id} title")
        assert node.title == text[node.title_span[0]:node.title_span[1]], \
            f"{node.id}: title {node.title!r} != original[title_span] {text[slice(*node.title_span)]!r}"
        body = text[node.span[0]:node.span[1]].lstrip(BLANK)
        assert node.marker and body.startswith(node.marker), \
            f"{node.id}: marker {node.marker!r} is not where its span starts ({body[:10]!r})"
        for a, b in zip(node.children, node.children[1:]):
            assert a.span[1] <= b.span[0], f"{a.id} and {b.id} overlap"
    for a, b in zip(doc.sections, doc.sections[1:]):
        assert a.span[1] <= b.span[0], f"{a.id} and {b.id} overlap"
    check_tiling(text, doc)

    def check_section_id(item, kind):
        if item.section_id is None:
            return
        assert item.section_id in sections, f"{item.id}: unknown section_id {item.section_id}"
        sec = sections[item.section_id]
        assert sec.span[0] <= item.span[0] < max(sec.span[1], sec.span[0] + 1), \
            f"{item.id}: {kind} at {item.span} is not inside its section {sec.id} {sec.span}"

    for t in doc.targets:
        new_id(t.id)
        _in(doc.span, t.span, t.id)
        assert t.text == text[t.span[0]:t.span[1]], f"{t.id}: text != original[span]"
        _in(t.span, t.value_span, f"{t.id} value_span")
        for v in (t.value, t.value_max, t.normalized.value if t.normalized else None,
                  t.baseline.value if t.baseline else None):
            assert v is None or math.isfinite(v), f"{t.id}: non-finite number {v}"
        check_section_id(t, "target")
    for r in doc.responsibilities:
        new_id(r.id)
        _in(doc.span, r.span, r.id)
        assert r.text == text[r.span[0]:r.span[1]], f"{r.id}: text != original[span]"
        check_section_id(r, "responsibility")
    for tb in doc.tables:
        new_id(tb.id)
        _in(doc.span, tb.span, tb.id)
        check_section_id(tb, "table")


@cache
def schema_validator():
    import jsonschema
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def check_serialisation(result) -> None:
    """The JSON dump validates against the committed schema and round-trips through the models."""
    from policyparse.models import ParseResult
    dumped = result.model_dump_json()
    errors = sorted(schema_validator().iter_errors(json.loads(dumped)), key=lambda e: list(e.path))
    assert not errors, f"schema: {errors[0].message} at {list(errors[0].path)}"
    assert ParseResult.model_validate_json(dumped) == result, "model_validate_json(dump) differs"


# --- comparing a CRLF copy with its LF original --------------------------------------------------------

def crlf_mapper(crlf_text: str):
    """Offset in the CRLF text -> offset in the same text with every \\r\\n turned into \\n."""
    crs = [i for i, c in enumerate(crlf_text) if c == "\r"]   # only \r\n pairs exist in these copies

    def to_lf(p: int) -> int:
        return p - bisect.bisect_left(crs, p)
    return to_lf


def crlf_to_lf_view(obj, to_lf, key=None):
    """The dumped documents of a CRLF parse, with spans mapped to LF offsets and \\r removed from texts
    sliced out of the original (`text`). Titles, markers, units... must already be free of \\r."""
    if isinstance(obj, dict):
        return {k: crlf_to_lf_view(v, to_lf, k) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        if key in ("span", "title_span", "value_span") and len(obj) == 2 and all(isinstance(x, int) for x in obj):
            return [to_lf(obj[0]), to_lf(obj[1])]
        return [crlf_to_lf_view(v, to_lf) for v in obj]
    if isinstance(obj, str) and key == "text":
        return obj.replace("\r\n", "\n")
    return obj
