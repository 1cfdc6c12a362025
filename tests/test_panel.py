"""`policyparse panel`: one row per document, one column per indicator_key."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from policyparse.cli import app
from policyparse.models import ParseResult
from policyparse.reports import panel
from policyparse.reports.rows import document_rows, target_rows

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "tests" / "data" / "work_reports"
HELDOUT = ROOT / "tests" / "heldout" / "raw"


def _target(n, indicator, value, *, year=2024, headline=False, qualifier="approx", unit="%", value_max=None,
            kind="growth"):
    text = f"{indicator}{value}{unit}"
    return {"id": f"t{n}", "section_id": None, "year": year, "indicator": indicator, "value": value,
            "value_max": value_max, "unit": unit, "qualifier": qualifier, "text": text, "span": [n * 100, n * 100 + 9],
            "value_span": [n * 100 + 2, n * 100 + 5], "kind": kind, "headline": headline}


def _result(path, docs):
    return ParseResult.model_validate({
        "source": {"path": path, "sha256": "0", "encoding": "utf-8", "chars": 10000},
        "documents": [{"id": f"d{i}", "span": [i * 3000, i * 3000 + 2999], **d} for i, d in enumerate(docs, 1)]})


# A plan-year report whose explanation repeats the target, a five-year target before it, and a
# document with no target at all: the synthetic shapes the choice rules are about.
SYNTHETIC = _result("a.txt", [
    {"title": "政府工作报告", "issuer": "山东省人民政府", "year": 2024, "targets": [
        _target(1, "全省生产总值年均增长", 5.5, year=2025, qualifier="at_least"),      # the plan period's
        _target(2, "全省生产总值增长", 5, headline=True),                             # the headline passage
        _target(3, "经济增长预期目标", 5),                                            # its explanation
        _target(4, "城镇新增就业", 110, qualifier="at_least", unit="万人", kind="count")]},
    {"title": "关于印发某方案的通知", "issuer": "济南市人民政府", "year": 2024, "targets": []},
])


def _rows(result=SYNTHETIC):
    return document_rows("a.txt", result), target_rows("a.txt", result)


def test_default_panel_takes_headline_targets_only():
    header, rows = panel.wide(*_rows())
    assert header[:6] == ["file", "document_id", "place", "year", "title", "gdp_growth"]
    assert "urban_jobs" not in header                              # not in the headline passage
    assert [r[:6] for r in rows] == [["a.txt", "d1", "山东省", 2024, "政府工作报告", "5左右"],
                                     ["a.txt", "d2", "济南市", 2024, "关于印发某方案的通知", None]]
    cell = dict(zip(header, rows[0]))
    assert (cell["gdp_growth.value"], cell["gdp_growth.value_max"], cell["gdp_growth.qualifier"],
            cell["gdp_growth.unit"], cell["gdp_growth.year"]) == (5, None, "approx", "%", 2024)


def test_all_prefers_the_headline_then_this_year_then_the_first():
    header, rows = panel.wide(*_rows(), all_targets=True)
    cell = dict(zip(header, rows[0]))
    assert cell["gdp_growth"] == "5左右" and cell["urban_jobs"] == "≥110"
    no_headline = _result("a.txt", [{"year": 2024, "targets": [
        _target(1, "全省生产总值年均增长", 5.5, year=2025, qualifier="at_least"), _target(3, "经济增长预期目标", 6)]}])
    header, rows = panel.wide(*_rows(no_headline), all_targets=True)
    assert dict(zip(header, rows[0]))["gdp_growth"] == "6左右"          # this year's, not the plan period's
    undated = _result("a.txt", [{"targets": [_target(1, "全省生产总值年均增长", 5.5, year=2025, qualifier="at_least"),
                                             _target(3, "经济增长预期目标", 6, year=None)]}])
    header, rows = panel.wide(*_rows(undated), all_targets=True)
    assert dict(zip(header, rows[0]))["gdp_growth"] == "≥5.5"           # no year to tell: the first


def test_long_form_counts_the_candidates():
    header, rows = panel.long(*_rows(), all_targets=True)
    got = {r[header.index("indicator_key")]: r for r in rows}
    gdp = dict(zip(header, got["gdp_growth"]))
    assert (gdp["stated"], gdp["candidates"], gdp["headline"], gdp["indicator_name"]) == ("5左右", 3, True, "地区生产总值增长")
    assert len(rows) == 2                                               # the document without targets has none


def test_keys_fix_the_columns_even_when_empty():
    header, rows = panel.wide(*_rows(), keys=["cpi", "gdp_growth"])
    assert header[5::6] == ["cpi", "gdp_growth"] and rows[0][5] is None and rows[0][11] == "5左右"


# ------------------------------------------------------------------- the national work reports, real text

# The GDP growth target of each report, as read in its text (1983 states none; 1992 names GNP).
GDP_GROWTH = {1983: None, 1992: "6", 1994: "9", 1999: "7左右", 2005: "8左右", 2013: "7.5左右", 2019: "6-6.5",
              2021: "≥6", 2024: "5左右"}


def _year(path: str) -> int:
    return int(re.search(r"gwr(\d{4})", path).group(1))


def test_panel_of_national_work_reports_has_one_row_each_and_their_gdp_growth():
    files = [str(REPORTS / f"ald_gwr{y}_guowuyuan.txt") for y in sorted(GDP_GROWTH)]
    r = CliRunner().invoke(app, ["panel", *files, "--all"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert sorted(_year(x["file"]) for x in rows) == sorted(GDP_GROWTH)
    assert {_year(x["file"]): x["gdp_growth"] or None for x in rows} == GDP_GROWTH
    assert {x["place"] for x in rows if _year(x["file"]) != 1983} == {"全国"}
    by = {_year(x["file"]): x for x in rows}
    assert (by[2019]["gdp_growth.value"], by[2019]["gdp_growth.value_max"], by[2019]["gdp_growth.qualifier"]) == (
        "6", "6.5", "range")
    assert (by[2021]["gdp_growth.qualifier"], by[2024]["gdp_growth.unit"]) == ("at_least", "%")


def test_panel_of_provincial_and_city_reports(tmp_path):
    out = tmp_path / "panel.xlsx"
    files = [str(HELDOUT / n) for n in ("01_jx_gzbg_2024.txt", "01_gzbg_jiangxi_2025.txt", "01_linshui_gzbg_2023.txt",
                                        "02_my_gzbg_2023.txt")]
    r = CliRunner().invoke(app, ["panel", *files, "--all", "-o", str(out), "--labels", "zh"])
    assert r.exit_code == 0, r.output
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book["panel"].iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:5] == ["文件", "文档编号", "地区", "年份", "标题"] and "地区生产总值增长" in header
    got = {(row[2], row[3]): row[header.index("地区生产总值增长")] for row in rows[1:]}
    assert got == {("江西省", 2024): "5左右", ("江西省", 2025): "5.5左右", ("邻水县", 2023): "6.5左右",
                   ("绵阳市", 2023): "6.5左右"}
    keys = dict(list(book["indicator_keys"].iter_rows(values_only=True))[1:])
    assert keys["gdp_growth"] == "地区生产总值增长" and len(keys) >= 40


def test_panel_long_jsonl_and_bom_csv(tmp_path):
    path = str(REPORTS / "ald_gwr2024_guowuyuan.txt")
    r = CliRunner().invoke(app, ["panel", path, "--all", "--long", "-f", "jsonl"])
    objs = {o["indicator_key"]: o for o in map(json.loads, r.stdout.splitlines())}
    gdp = objs["gdp_growth"]
    assert (gdp["stated"], gdp["place"], gdp["indicator"]) == ("5左右", "全国", "国内生产总值增长")
    assert gdp["candidates"] >= 1 and gdp["line"] > 1 and "5%左右" in gdp["text"]
    out = tmp_path / "p.csv"
    r = CliRunner().invoke(app, ["panel", path, "--all", "--bom", "-o", str(out), "--keys", "gdp_growth,cpi"])
    assert r.exit_code == 0 and out.read_bytes().startswith(b"\xef\xbb\xbf")
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert (row["gdp_growth"], row["cpi"]) == ("5左右", "3左右")


def test_panel_rejects_an_unknown_key(tmp_path):
    r = CliRunner().invoke(app, ["panel", str(REPORTS / "ald_gwr2024_guowuyuan.txt"), "--keys", "gdp_grwth"])
    assert r.exit_code == 2 and "gdp_grwth" in r.output


@pytest.mark.parametrize("args", [["--long"], []])
def test_panel_without_targets_still_lists_the_document(tmp_path, args):
    f = tmp_path / "x.txt"
    f.write_text("关于做好某项工作的通知\n各单位：请认真落实。\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["panel", str(f), *args])
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == (0 if args else 1)
