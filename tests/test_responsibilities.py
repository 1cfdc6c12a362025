"""Responsibilities (SPEC §5): the case table in cases/responsibilities.yaml, plus stage properties."""
from __future__ import annotations

import time

import pytest
from casesupport import case_input, load_cases

from policyparse.normalize import normalize
from policyparse.records import Text
from policyparse.reports.units import unit_summary
from policyparse.explain import collecting
from policyparse.responsibilities import DROPS, FORMS, extract_responsibilities, split_units


def run(case: dict):
    """The case's text, what the stage found, and the verdicts it noted (policyparse.explain)."""
    text, t, sections, tables = case_input(case, label=None)
    with collecting() as log:
        found = extract_responsibilities(t, (0, len(text)), sections, tables)
    return text, found, [v for v in log if v.stage == "responsibilities"]


@pytest.mark.parametrize("case", load_cases("responsibilities"))
def test_case(case):
    text, found, log = run(case)
    got = [{"lead": list(d.lead), "support": list(d.support)} for d in found.items]
    assert got == [{"lead": e["lead"], "support": e["support"]} for e in case["expect"]]
    for d, e in zip(found.items, case["expect"]):
        assert 0 <= d.span[0] < d.span[1] <= len(text)
        if "span_text" in e:
            assert text[d.span[0]:d.span[1]] == e["span_text"]
        if "task" in e:
            assert d.task == e["task"]
    if "form" in case:                            # the named form that reads the case (FORMS)
        assert case["form"] in FORMS
        assert {d.form for d in found.items} == {case["form"]}
        assert {v.rule for v in log if v.verdict == "kept"} == {case["form"]}
    if "dropped_by" in case:                      # the named rule that drops a candidate (DROPS)
        assert case["dropped_by"] in DROPS
        assert case["dropped_by"] in {v.rule for v in log if v.verdict == "dropped"}
    assert sorted(str(w.code) for w in found.warnings) == sorted(case.get("warnings", []))


def test_every_form_and_drop_rule_has_a_case():
    named = {c.values[0].get("form") for c in load_cases("responsibilities")} | \
            {c.values[0].get("dropped_by") for c in load_cases("responsibilities")}
    assert set(FORMS) | set(DROPS) <= named


def test_units_are_sliced_from_the_printed_text():
    text = "推进改革。（牵头单位：市经济信息委〔市中小企业局〕；配合单位：市国资委）"
    found = extract_responsibilities(Text(text, normalize(text)), (0, len(text)), [], [])
    (d,) = found.items
    for unit in d.lead + d.support:
        assert unit in text                       # as printed: full-width brackets kept


def test_only_inside_the_document_span():
    a = "推进改革。（牵头单位：市财政局）"
    text = a + "\n" + a
    found = extract_responsibilities(Text(text, normalize(text)), (len(a) + 1, len(text)), [], [])
    assert [d.span[0] for d in found.items] == [len(a) + 1 + a.index("（")]


def test_empty_support_cell_and_blank_cells():
    assert split_units("") == []
    assert split_units("  ") == []
    assert split_units("市公安局、 市人力社保局 ") == ["市公安局", "市人力社保局"]


def test_unit_summary_counts_lead_and_support():
    text = "（一）甲。（牵头单位：市财政局；配合单位：市税务局）\n（二）乙。（牵头单位：市税务局）"
    found = extract_responsibilities(Text(text, normalize(text)), (0, len(text)), [], [])
    rows = {r["unit"]: r for r in unit_summary([("doc", found.items)])}
    assert (rows["市税务局"]["lead"], rows["市税务局"]["support"]) == (1, 1)
    assert (rows["市财政局"]["lead"], rows["市财政局"]["support"]) == (1, 0)


@pytest.mark.parametrize("hostile", [
    "（" * 20000,
    "（牵头单位：" + "市财政局、" * 5000,
    ("（" + "、" * 300) * 200,
    "由" * 20000 + "牵头，" + "配合。",
    "(" + "a" * 100000,
    "责任单位:" + "、" * 50000,
])
def test_hostile_input_is_fast_and_quiet(hostile):
    t0 = time.perf_counter()
    found = extract_responsibilities(Text(hostile, normalize(hostile)), (0, len(hostile)), [], [])
    assert time.perf_counter() - t0 < 2.0
    assert all(0 <= d.span[0] <= d.span[1] <= len(hostile) for d in found.items)


def test_units_command_csv_and_jsonl(tmp_path):
    import csv
    import io
    import json

    from typer.testing import CliRunner

    from policyparse.cli import app
    doc = tmp_path / "a.txt"
    doc.write_text("一、任务\n（一）甲。（牵头单位：市财政局；配合单位：市税务局）\n（二）乙。（牵头单位：市税务局）\n",
                   encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["units", str(doc), "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = {r["unit"]: r for r in csv.DictReader(io.StringIO(res.stdout))}
    assert (rows["市税务局"]["lead"], rows["市税务局"]["support"]) == ("1", "1")
    res = runner.invoke(app, ["units", str(doc), "-f", "jsonl"])
    assert res.exit_code == 0
    objs = [json.loads(line) for line in res.stdout.splitlines()]
    assert {o["unit"]: o["lead"] for o in objs} == {"市财政局": 1, "市税务局": 1}
    res = runner.invoke(app, ["units", str(tmp_path / "missing.txt")])
    assert res.exit_code == 1
