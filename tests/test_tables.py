"""Tables (SPEC §6): the case table, 003 vs 004 (one plan, two layouts), spans, hostile input, CLI."""
from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from casesupport import load_cases
from policyparse.cli import app
from policyparse.decode import decode
from policyparse.normalize import normalize
from policyparse.records import Text
from policyparse.tables import parse_tables

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


def _run(raw: str, span=None):
    t = Text(raw, normalize(raw))
    return parse_tables(t, span or (0, len(raw)))


def _cell_ok(got: str, want: str) -> bool:
    """A wanted cell ending in "…" is a prefix; otherwise the cell must be equal."""
    if want is None:
        return got is None
    if want.endswith("…"):
        return got.startswith(want[:-1])
    return got == want


def fold(s: str) -> str:
    return regex.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


@pytest.mark.parametrize("case", load_cases("tables"))
def test_case(case):
    raw = case["text"]
    found = _run(raw)
    want = case["expect"]
    assert len(found.items) == len(want), [(h.label, h.title) for h in found.items]
    for a, b in zip(found.items, found.items[1:]):     # two tables never overlap
        assert a.span[1] <= b.span[0], (a.span, b.span)
    for hit, exp in zip(found.items, want):
        for key in ("label", "title", "note"):
            if key in exp:
                assert getattr(hit, key) == exp[key], key
        if "columns" in exp:
            assert list(hit.columns) == exp["columns"]
        if "types" in exp:
            assert list(hit.column_types) == exp["types"]
        assert len(hit.column_types) == len(hit.columns)
        assert all(len(r) == len(hit.columns) for r in hit.rows)
        if "rows_total" in exp:
            assert len(hit.rows) == exp["rows_total"]
        for i, row in enumerate(exp.get("rows", [])):
            got = hit.rows[i]
            assert len(got) == len(row), (i, got)
            for k, (g, w) in enumerate(zip(got, row)):
                assert _cell_ok(g, w), (i, k, g, w)
        if "items" in exp:
            assert len(hit.items) == len(exp["items"])
            for g, w in zip(hit.items, exp["items"]):
                assert _cell_ok(g, w), (g, w)
        printed = raw[hit.span[0]:hit.span[1]]
        if "span_start" in exp:
            assert printed.startswith(exp["span_start"]), printed[:40]
        if "span_end" in exp:
            assert printed.endswith(exp["span_end"]), printed[-40:]
        # one span per row, inside the table, in order; each printed cell slices to its text
        assert len(hit.row_spans) == len(hit.rows) == len(hit.cell_spans)
        for row, where, rspan in zip(hit.rows, hit.cell_spans, hit.row_spans):
            for cell, sp in zip(row, where):
                if sp is not None:
                    assert rspan[0] <= sp[0] < sp[1] <= rspan[1]
                    assert regex.sub(r"\s+", "", raw[sp[0]:sp[1]]) == regex.sub(r"\s+", "", cell)
        prev = hit.span[0]
        for s, e in hit.row_spans:
            assert hit.span[0] <= s < e <= hit.span[1]
            assert s >= prev
            prev = s
    if "warnings" in case:
        assert [str(w.code) for w in found.warnings] == case["warnings"]


def _doc(name: str) -> str:
    path = next(RAW.glob(f"{name}_*.txt"))
    return decode(path.read_bytes(), "auto", name=str(path)).text


def _first_plan_span(raw: str) -> tuple[int, int]:
    """004 concatenates documents; the plan of 003 is the first one, up to the next 通知's 文号."""
    return (0, raw.index("渝府发〔2019〕33号"))


def test_003_and_004_give_the_same_tables():
    """The same plan printed in layout B (003) and layout C (004, a web copy) gives the same tables.

    The one known difference is in the data: the web copy lost the unit 家 of indicator 9.
    """
    a = _run(_doc("003")).items
    raw4 = _doc("004")
    b = _run(raw4, _first_plan_span(raw4)).items
    assert [h.label for h in a] == [h.label for h in b] == [f"专栏{k}" for k in range(1, 13)]
    for x, y in zip(a, b):
        assert fold(x.title) == fold(y.title)
        assert [fold(c) for c in x.columns] == [fold(c) for c in y.columns]
        assert [fold(i) for i in x.items] == [fold(i) for i in y.items]
        assert fold(x.note) == fold(y.note)
        assert len(x.rows) == len(y.rows)
        for rx, ry in zip(x.rows, y.rows):
            if x.label == "专栏1" and rx[1] == "9":
                assert (rx[3], ry[3]) == ("家", "")
                rx, ry = rx[:3] + rx[4:], ry[:3] + ry[4:]
            assert [fold(c) for c in rx] == [fold(c) for c in ry]
    assert len(a[0].rows) == 20 and len(a[1].rows) == 10


def test_004_task_table_whole():
    raw = _doc("004")
    start = raw.index("重庆市人民政府办公厅\n\n关于印发重庆市营商环境优化提升工作方案的通知")
    end = raw.index("重庆市人民政府关于印发重庆市深化")
    hits = _run(raw, (start, end)).items
    assert len(hits) == 1
    tb = hits[0]
    assert tb.columns == ("目标任务", "工作措施", "牵头单位", "配合单位")
    assert len(tb.rows) == 150
    assert tb.rows[-1][0] == "二十、包容普惠创新" and tb.rows[-1][2] == "市交通局"
    # every row has a task group and a measure; lead units are unit lists
    assert all(r[0] and r[1] and r[2] for r in tb.rows)


def test_tables_stay_inside_their_span_and_do_not_overlap():
    raw = _doc("003")
    hits = _run(raw, (100, len(raw) - 100)).items
    prev = 100
    for h in hits:
        assert 100 <= h.span[0] < h.span[1] <= len(raw) - 100
        assert h.span[0] >= prev
        prev = h.span[1]
        assert h.id == f"tb{hits.index(h) + 1}"


TABLEISH = st.lists(st.sampled_from([
    "专栏1  目标", "指标名称", "单位", "2025年目标", "序号", "牵头单位", "配合单位", "目标任务", "工作措施",
    "1", "2", "亿元", "%", "市发展改革委", "一、总体要求", "(1)加强领导。", "1.推进改革", "注:说明",
    "", "", "\t", "\t指标", "a | b | c", "|", "10656", "服务业增加值", "重点集聚区", "信息科技服",
]), max_size=60).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLEISH)
def test_never_raises_and_spans_are_sane(raw):
    found = _run(raw)
    for h in found.items:
        assert 0 <= h.span[0] <= h.span[1] <= len(raw)
        assert len(h.row_spans) == len(h.rows)
        assert all(len(r) == len(h.columns) for r in h.rows)


def test_long_blank_line_table_is_fast():
    row = "{n}\n\n服务业增加值{n}\n\n亿元\n\n{n}00\n\n"
    raw = "专栏1  目标\n\n序号\n\n指标名称\n\n单位\n\n2025年目标\n\n" + "".join(
        row.format(n=n) for n in range(1, 3000)) + "三、保障措施\n"
    t0 = time.perf_counter()
    hits = _run(raw).items
    assert time.perf_counter() - t0 < 10
    assert len(hits) == 1 and len(hits[0].rows) == 2999


def test_long_standards_list_keeps_its_empty_cells_and_codes():
    """One cell per line between lines of spaces, empty cells as ideographic spaces in a separator line,
    letter-coded categories in a group's first row: read the same far past the first lines, and fast."""
    head = ["总序号", "分序号", "标准名称", "标准号/计划号", "对应国际标准号", "所属的国际标准组织", "状态"]
    parts = ["附件：重点标准清单\n" + "\n  \n".join(head)]
    n_rows, groups = 3000, ("A 基础共性", "B 关键技术", "C 行业应用")
    for n in range(1, n_rows + 1):
        g, k = divmod(n - 1, n_rows // 3)
        cells = ([groups[g], f"{groups[g][0]}A 第一类"] if k == 0 else []) + [str(n), str(k + 1), f"某某技术 规范{n}"]
        row = "\n  \n".join(cells) + f"\n  \nGB/T {n}-2020"
        row += "\n  \u3000  \u3000  \n已发布" if n % 2 else f"\n  \nISO {n}\n  \u3000  \n制定中"
        parts.append(row)
    raw = "\n  \n".join(parts) + "\n"
    t0 = time.perf_counter()
    hits = _run(raw).items
    assert time.perf_counter() - t0 < 10
    assert len(hits) == 1 and len(hits[0].rows) == n_rows
    rows = hits[0].rows
    assert rows[0] == ("A 基础共性", "AA 第一类", "1", "1", "某某技术规范1", "GB/T 1-2020", "", "", "已发布")
    assert rows[-1] == ("C 行业应用", "CA 第一类", "3000", "1000", "某某技术规范3000", "GB/T 3000-2020", "ISO 3000",
                        "", "制定中")
    assert all(r[8] == ("已发布" if int(r[2]) % 2 else "制定中") for r in rows)


def test_cli_tables_csv_and_rich(tmp_path):
    runner = CliRunner()
    path = next(RAW.glob("003_*.txt"))
    res = runner.invoke(app, ["tables", "--format", "csv", str(path)])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "file,document,table,label,title,row,column,value"
    assert any(",专栏1," in x and ",2022年目标,14000" in x for x in lines)
    res = runner.invoke(app, ["tables", "--format", "csv", "-o", str(tmp_path), str(path)])
    assert res.exit_code == 0, res.output
    first = (tmp_path / f"{path.stem}.d1.tb01.csv").read_text(encoding="utf-8").splitlines()
    assert first[0] == "指标类别,序号,指标名称,单位,2018年基数,2022年目标,年均增速"
    assert first[1] == "总量规模,1,服务业增加值,亿元,10656,14000,7%"
    res = runner.invoke(app, ["tables", str(path)])
    assert res.exit_code == 0 and "重庆市现代服务业主要发展目标" in res.stdout


@pytest.mark.parametrize("sep", [" | ", "\t"])
def test_bare_year_header_table_feeds_the_targets_stage(sep):
    """Delimited rows under "指标 | 2020年 | 2025年 | 属性": four columns, and the "2025年" column
    becomes the 2025 targets (with the 2020 baseline) once the table stage reads it right."""
    from policyparse.pipeline import parse_text
    rows = [["指标", "2020年", "2025年", "属性"], ["地区生产总值（亿元）", "4805.3", "6500", "预期性"],
            ["森林覆盖率（%）", "62.1", "63", "约束性"]]
    body = "\n".join(sep.join(r) for r in rows)
    text = f"某市国民经济和社会发展第十四个五年规划\n\n一、主要目标\n\n专栏1  主要指标\n{body}\n\n二、重点任务\n\n加快发展。\n"
    doc = parse_text(text).documents[0]
    assert [list(doc.tables[0].columns)] == [rows[0]]
    got = {(x.indicator, x.year, x.value) for x in doc.targets}
    assert ("地区生产总值", 2025, 6500.0) in got and ("森林覆盖率", 2025, 63.0) in got


@pytest.mark.parametrize("name, raw", [
    # layout G: 10^5 rows of measured values under one header, and as many header-less runs between headings
    ("measured-rows", "频率范围 最大电平 测量带宽 检波方式\n" + "".join(
        f"{n}MHz-{n + 1}MHz -36dBm 100kHz 峰值检波\n" for n in range(100_000))),
    ("measured-runs-between-headings", "".join(
        f"{'一二三四五六七八九'[n % 9]}、要求\n1MHz -3dBm 1kHz 检波\n2MHz -3dBm 1kHz 检波\n" for n in range(40_000))),
    # a header cell with its note on every line; an annex label and title on every other line
    ("noted-heads", "具体场景名称（与上面表格对应）\n" * 60_000),
    ("annex-heads", "".join(f"附件{n % 99}\n某某清单\n课程板块\n" for n in range(40_000))),
    # a form's grid of 10^5 prompts and blanks
    ("grid-prompts", "具体场景名称（与上面表格对应）\n\n关键装备种类\n\n名称\n\n规格/型号\n\n备注\n\n"
     + "（可填写多个）\n\n\u3000\t\u3000\t\u3000\n" * 100_000),
])
def test_new_layouts_stay_linear_on_hostile_input(name, raw):
    """Layout G, the heads of noted header cells and annex tables, and the grid reader: bounded work per line."""
    t0 = time.perf_counter()
    found = _run(raw)
    assert time.perf_counter() - t0 < 10, name
    assert all(0 <= h.span[0] <= h.span[1] <= len(raw) for h in found.items)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["a", "甲", " ", "|", "\t", "\n", "\r", "\r\n"]), max_size=60).map("".join), st.data())
def test_row_run_lines_are_the_lines_holding_a_separator(text, data):
    """rowruns._sep_lines (one pass over the separators) finds exactly the lines a line-by-line read finds."""
    from policyparse.tables import rowruns
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    naive = []
    for m in regex.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text[a:b]):
        line = m.group().rstrip("\r\n")
        s = a + m.start()
        if line and rowruns.SEP_RE.search(line):
            naive.append((s, s + len(line), len(rowruns._cells(line))))
        if m.end() == m.start():
            break
    assert rowruns._sep_lines(text, (a, b)) == naive
