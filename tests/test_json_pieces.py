"""Long outputs written in pieces (issue 16, memory): `output.json_pieces` must join to pydantic's one buffer
byte for byte, whatever the run length; `extract -o` writes it; the section trees reach validation root by root
(`assemble._trees`) and must nest as the flat sections' parent ids say."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from policylike import random_text
from policyparse import parse_text
from policyparse.assemble import _trees
from policyparse.cli import app
from policyparse.models import to_json
from policyparse.normalize import normalize
from policyparse.output import json_pieces
from policyparse.records import Text
from policyparse.sections import build_sections

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted((ROOT / "tests" / "real" / "raw").glob("*.txt"))
FILES = sorted((ROOT / "data" / "raw").glob("*.txt")) + REAL[::25]
DENSE = "到2025年，软件收入达100亿元、增长10%、企业500家、人才2万人，" * 800       # over 3 000 targets, one document


@pytest.fixture(scope="module")
def results():
    out = {p.name: parse_text(p.read_text(encoding="utf-8")) for p in FILES}
    assert any(len(r.documents) > 1 for r in out.values())        # a file of several documents is among them
    return out


@pytest.mark.parametrize("indent", [1, None, 2])
@pytest.mark.parametrize("chunk", [1, 2, 5])
def test_pieces_join_to_the_one_buffer(results, indent, chunk):
    for name, r in results.items():
        assert b"".join(json_pieces(r, to_json, indent, chunk=chunk)) == to_json(r, indent), name


@pytest.mark.parametrize("indent", [1, None])
def test_a_long_list_is_written_a_run_at_a_time(indent):
    r = parse_text(DENSE)
    assert len(r.documents[0].targets) > 3000
    pieces = list(json_pieces(r, to_json, indent, chunk=500))
    whole = to_json(r, indent)
    assert b"".join(pieces) == whole
    assert max(map(len, pieces)) < len(whole) / 5                 # no piece holds most of the text
    json.loads(b"".join(pieces))


@pytest.mark.parametrize("indent", [1, None])
def test_a_holder_whose_emptied_list_cannot_be_found_is_written_whole(indent):
    """The fallback of json_pieces: when the emptied list's key is not where it is looked for, the model is
    written in one piece, and the pieces still join to the one buffer."""
    r = parse_text(DENSE)

    def hiding(value, indent_):          # a writer that prints an empty targets list with a space inside
        text = to_json(value, indent_)
        return text.replace(b'"targets": []', b'"targets": [ ]').replace(b'"targets":[]', b'"targets":[ ]')
    pieces = list(json_pieces(r, hiding, indent, chunk=500))
    assert b"".join(pieces) == to_json(r, indent)
    assert any(len(p) > len(to_json(r, indent)) / 2 for p in pieces)     # the document came whole


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_extract_writes_a_long_output_as_it_prints_it(tmp_path, fmt):
    src = tmp_path / "dense.txt"
    src.write_text(DENSE, encoding="utf-8")
    runner = CliRunner()
    printed = runner.invoke(app, ["extract", "-q", "-f", fmt, str(src)])
    written = runner.invoke(app, ["extract", "-q", "-f", fmt, str(src), "-o", str(tmp_path / "out")])
    assert printed.exit_code == written.exit_code == 0, (printed.stderr, written.stderr)
    assert (tmp_path / "out" / f"dense.{fmt}").read_bytes() == printed.stdout.encode("utf-8")


def _nested(doc_id: str, sections) -> list[dict]:
    """The trees by the parent ids, every node kept until the end (what assemble did before _trees)."""
    nodes, roots = {}, []
    for s in sections:
        node = {"id": f"{doc_id}.{s.id}", "marker": s.marker, "level": s.level, "title": s.title,
                "span": s.span, "title_span": s.title_span, "children": []}
        nodes[s.id] = node
        (nodes[s.parent]["children"] if s.parent in nodes else roots).append(node)
    return roots


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_section_trees_root_by_root_nest_as_the_parent_ids_say(seed):
    text = random_text(random.Random(seed))
    t = Text(text, text)
    sections = build_sections(t, (0, len(text)), ()).items
    assert list(_trees("d1", sections)) == _nested("d1", sections)


def test_section_trees_of_the_real_corpus():
    for p in REAL[::7]:
        text = p.read_text(encoding="utf-8")
        t = Text(text, normalize(text))
        sections = build_sections(t, (0, len(text)), ()).items
        assert list(_trees("d1", sections)) == _nested("d1", sections), p.name


def _heading_dense(n: int) -> str:
    return "".join(f"{'一二三四五六七八九'[i % 9]}、标题{i}\n（一）子标题\n1．条目\n" for i in range(n))


@pytest.mark.parametrize("text", [DENSE * 4, _heading_dense(6000)], ids=["dense-quantities", "heading-dense"])
def test_peak_memory_of_a_dense_text_written_to_a_file(text):
    """Parse + what `extract -o` writes, the peak of Python's allocations per input byte (issue 16: every
    quantity and heading becomes an object; 106-125x before the output was written in pieces and the hits and
    dicts were let go as validated, 77-78x after)."""
    import tracemalloc
    from policyparse.batch.extract import file_pieces
    parse_text("一、总则\n")                           # imports and caches outside the measure
    size = len(text.encode("utf-8"))
    tracemalloc.start()
    try:
        written = sum(len(piece) for piece in file_pieces(parse_text(text), "json"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert written > 15 * size                        # the output alone is many times the input
    assert peak < 85 * size, f"{peak / size:.0f}x the input"
