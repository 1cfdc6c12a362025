"""Sections (SPEC §3): the case table, the lossless partition, levels, and generated documents."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casesupport import load_cases
from policyparse.normalize import normalize
from policyparse.records import TableHit, Text
from policyparse.sections import build_sections
from policyparse.split import split_documents

ROOT = Path(__file__).resolve().parent.parent
RAW = sorted((ROOT / "data" / "raw").glob("*.txt"))


def _table(span):
    return TableHit(id="tb", label=None, title=None, columns=(), rows=(), items=(), span=span)


def _run(raw: str, table_texts=(), span=None):
    t = Text(raw, normalize(raw))
    tables = []
    for tt in table_texts:
        i = raw.index(tt)
        tables.append(_table((i, i + len(tt))))
    return t, build_sections(t, span or (0, len(raw)), tables)


def check_partition(raw: str, span, items) -> None:
    """Preamble + every section's own text tile `span` exactly; the tree is well formed."""
    start, end = span
    by_id = {s.id: s for s in items}
    pieces = [(s.span[0], s.own_end) for s in items]
    first = items[0].span[0] if items else end
    pieces.append((start, first))
    pos = start
    for s, e in sorted(pieces):
        assert s == pos, f"gap or overlap at {pos}..{s}"
        assert e >= s
        pos = e
    assert pos == end
    for k, s in enumerate(items, 1):
        assert s.id == f"s{k}"
        assert start <= s.span[0] < s.span[1] <= end
        assert s.span[0] <= s.own_end <= s.span[1]
        assert raw[s.span[0]:s.span[0] + len(s.marker)] == s.marker          # span starts AT the marker
        assert raw[s.title_span[0]:s.title_span[1]] == s.title
        assert s.title and s.title == s.title.strip()
        if s.parent is None:
            assert s.level == 1
        else:
            p = by_id[s.parent]
            assert s.level == p.level + 1
            assert p.span[0] < s.span[0] and s.span[1] <= p.span[1]


@pytest.mark.parametrize("case", load_cases("sections"))
def test_case(case):
    raw = case["text"]
    t, found = _run(raw, case.get("tables") or ())
    got = [{"marker": s.marker, "level": s.level, "title": s.title} for s in found.items]
    want = [{"marker": str(e["marker"]), "level": e["level"], "title": str(e["title"])} for e in case["expect"]]
    assert got == want
    check_partition(raw, (0, len(raw)), found.items)
    if "warnings" in case:
        assert [str(w.code) for w in found.warnings] == case["warnings"]
        for w in found.warnings:
            assert w.span is not None and w.span[0] < w.span[1]


@pytest.mark.parametrize("path", RAW, ids=[p.name[:3] for p in RAW])
def test_lossless_on_every_seed(path):
    raw = path.read_text(encoding="utf-8")
    t = Text(raw, normalize(raw))
    spans = [(0, len(raw))] + [d.span for d in split_documents(t).items]
    for span in spans:
        items = build_sections(t, span, []).items
        check_partition(raw, span, items)


def test_tables_empty_and_given_agree_outside_tables():
    """Passing a table span removes only the headings inside it; the rest keeps its levels."""
    raw = (ROOT / "data" / "raw" / "003_3a734993eeac515a.txt").read_text(encoding="utf-8")
    box = raw.index("专栏3")
    box_end = raw.index("服务业与现代农业深度融合")
    _, without = _run(raw)
    _, with_box = _run(raw, [raw[box:box_end]])
    inside = [s for s in without.items if box <= s.span[0] < box_end]
    assert not inside                                # the 专栏 fallback already keeps the box out
    assert [(s.marker, s.level, s.title) for s in without.items] == \
           [(s.marker, s.level, s.title) for s in with_box.items]


def test_seed_000_numbers_straight_through():
    """1．…20． numbered through the 扶持政策 part sit one level under each （一）."""
    raw = (ROOT / "data" / "raw" / "000_5cd63e4d015b51ae.txt").read_text(encoding="utf-8")
    _, found = _run(raw)
    items = [s for s in found.items if s.marker.endswith("．")]
    assert [s.marker for s in items] == [f"{n}．" for n in range(1, 21)]
    assert {s.level for s in items} == {3}
    assert not found.warnings


def test_span_ends_where_the_closing_heading_starts():
    raw = "前言。\n一、总体要求\n正文一。\n\u3000\u3000二、主要任务\n正文二。"
    _, found = _run(raw)
    a, b = found.items
    assert raw[a.span[0]:a.span[1]] == "一、总体要求\n正文一。\n\u3000\u3000"    # indentation stays before
    assert raw[b.span[0]:b.span[1]] == "二、主要任务\n正文二。"


def test_document_span_inside_a_file():
    raw = "网站首页\n一、甲\n（一）乙\n二、丙\n页脚"
    span = (raw.index("一、"), raw.index("页脚"))
    t, found = _run(raw, span=span)
    check_partition(raw, span, found.items)
    assert [s.marker for s in found.items] == ["一、", "（一）", "二、"]


def test_empty_and_blank_spans():
    for raw in ("", "   \n\n", "没有编号的正文。"):
        t, found = _run(raw)
        assert found.items == ()


# ---------------------------------------------------------------------------- generated documents

MARKERS = ["一、", "二、", "三、", "十一、", "（一）", "(二)", "（十二）", "1．", "2.", "3、", "（1）", "(2)", "3）",
           "①", "②", "第一章", "第二节", "第三条", "1.1", "2.3.1", "1", "㈠", "⑴", "⒉"]
TITLES = ["总体要求", "指导思想。以习近平新时代中国特色社会主义思想为指导", "发展目标：到2025年",
          "1.5万亿元", "2018年，全市服务业增加值", "", "  ", "（2）推进", "①②", "——坚持创新", "专栏1  主要指标",
          "目录", "附件：1．名单", "总则　　第一条　为规范", "加快发展；支持企业"]
INDENTS = ["", "\u3000\u3000", "\t", "  ", " \t\u3000"]
ENDS = ["\n", "\r\n", "\r", "\n\n", ""]
BODY = ["", "正文内容。", "到2025年，服务业增加值达到1.4万亿元左右。", "一是加强领导，二是强化保障。"]

line = st.tuples(st.sampled_from(INDENTS), st.sampled_from(MARKERS + ["", "——"]), st.sampled_from(TITLES),
                 st.sampled_from(ENDS), st.sampled_from(BODY), st.sampled_from(ENDS)).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, max_size=25), st.integers(0, 5), st.integers(0, 5))
def test_generated_documents_tile_exactly(lines, cut_front, cut_back):
    raw = "".join(lines)
    start = min(cut_front, len(raw))
    end = max(start, len(raw) - cut_back)
    t = Text(raw, normalize(raw))
    found = build_sections(t, (start, end), [])
    check_partition(raw, (start, end), found.items)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(raw):
    t = Text(raw, normalize(raw))
    found = build_sections(t, (0, len(raw)), [])
    check_partition(raw, (0, len(raw)), found.items)


# ---------------------------------------------------------------------------- policyparse outline

def test_outline_prints_an_indented_tree_when_piped():
    from typer.testing import CliRunner
    from policyparse.cli import app
    result = CliRunner().invoke(app, ["outline", str(ROOT / "data" / "raw" / "001_bf2cfd4f73d52add.txt")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# ") and lines[1].startswith("== ")
    i = lines.index("  一、总体要求")
    assert lines[i + 1] == "    (一)指导思想"
    assert "  四、保障措施" in lines


def test_outline_reports_an_unreadable_file():
    from typer.testing import CliRunner
    from policyparse.cli import app
    result = CliRunner().invoke(app, ["outline", str(ROOT / "no-such-file.txt")])
    assert result.exit_code == 1


def test_many_headings_on_one_line_do_not_recurse():
    raw = "一、甲\u3000\u3000" * 20000 + "\n" + "第一章　总则　　" * 20000
    t, found = _run(raw)
    assert len(found.items) == 40000
    check_partition(raw, (0, len(raw)), found.items)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, min_size=1, max_size=20), st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), max_size=3))
def test_generated_documents_with_table_spans(lines, cuts):
    """Arbitrary table spans (possibly cutting lines) remove headings without breaking the tiling."""
    raw = "".join(lines)
    n = len(raw)
    spans = [(int(min(a, b) * n), int(max(a, b) * n)) for a, b in cuts]
    t = Text(raw, normalize(raw))
    found = build_sections(t, (0, n), [_table(s) for s in spans])
    check_partition(raw, (0, n), found.items)
    for s in found.items:
        assert not any(a <= s.span[0] < b for a, b in spans)


def test_numbering_warnings_are_capped_per_document():
    raw = "三、重复标题\n" * 200
    _, found = _run(raw)
    assert len(found.items) == 200
    assert len(found.warnings) == 51
    assert "150 more" in found.warnings[-1].message     # 200 headings, each one off: 50 listed + 150


def test_one_giant_line_of_markers_stays_linear():
    """Each heading's scans are bounded, so 3x the markers on one line costs about 3x, not 9x (the least of three
    runs each: one run on a shared machine can take twice its time)."""
    import time

    def cost(n):
        raw = "一、总体要求\u3000\u3000" * n
        t = Text(raw, normalize(raw))
        runs = []
        for _ in range(3):
            t0 = time.process_time()
            items = build_sections(t, (0, len(raw)), []).items
            runs.append(time.process_time() - t0)
        return min(runs), len(items)

    small, n_small = cost(5000)
    big, n_big = cost(15000)
    assert n_small == 5000 and n_big == 15000
    assert big < 6 * small + 0.05
