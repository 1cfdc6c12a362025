"""Reports (policyparse.reports, policyparse.place): indicator keys, places, target rows, and the files
a researcher opens — CSV with a BOM and .xlsx read back with Chinese headers and values intact."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from casesupport import load_cases, load_rows
from policyparse.cli import app
from policyparse.pipeline import parse_text
from policyparse.place import place_of
from policyparse.reports.indicators import canonical, indicator_key, keys, vocab
from policyparse.reports.rows import TARGET_FIELDS, document_rows, target_rows

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "heldout" / "raw"

# The keys fixed by the indicator_key definitions (docs/researchers.md lists them with their names).
FIXED_KEYS = """gdp_growth gdp gdp_per_capita industry_va_growth manufacturing_share services_share
    budget_revenue_growth budget_revenue fixed_investment_growth retail_sales_growth retail_sales cpi
    unemployment_surveyed unemployment_registered urban_jobs income_growth urban_income_growth rural_income_growth
    grain_output foreign_trade_growth foreign_trade exports_growth foreign_investment energy_intensity energy_total
    carbon_intensity water_intensity non_fossil_share pollutant_reduction pm25 good_air_days water_quality
    forest_cover forest_stock rd_intensity digital_economy_share patents_per_10k high_tech_enterprises urbanization
    life_expectancy education_years basic_pension_coverage doctors_per_1000 childcare_per_1000 elderly_beds
    poverty_reduction housing_renovation shantytown_renovation affordable_housing high_standard_farmland
    arable_land m2_growth social_financing_growth g5_base_stations""".split()


# ------------------------------------------------------------------------------------------ the vocabulary

def test_the_vocabulary_has_exactly_the_fixed_keys_in_order():
    assert [k.key for k in keys()] == FIXED_KEYS and len(FIXED_KEYS) >= 40


def test_every_key_has_a_chinese_name_and_phrasings():
    for k in keys():
        assert re.search(r"[\u4e00-\u9fff]", k.name), k.key
        assert k.phrasings and k.unit in ("percent", "rate", "quantity", "any")


def test_no_phrasing_belongs_to_two_keys():
    assert vocab().clashes == []


def test_every_key_matches_its_own_name():
    """A key's Chinese name is a phrasing of it (the spreadsheet title names what the column holds)."""
    misses = [k.key for k in keys() if indicator_key(k.name) != k.key]
    assert misses == []


@pytest.mark.parametrize("case", load_rows("indicator_examples", "phrase", "unit", "kind"))
def test_indicator_key(case):
    """Real phrasings with the unit and kind that decide the key (tests/cases/indicator_examples.yaml): growth
    vs level, no unit but a printed value, a growth target's kind, class ranges, years as deadlines."""
    assert indicator_key(case["phrase"], case.get("unit"), case.get("kind")) == case["key"]


def test_a_growth_target_whose_phrase_lost_its_change_word_is_read_by_its_kind():
    assert indicator_key("固定资产投资", "%") is None
    assert indicator_key("固定资产投资", "%", "growth") == "fixed_investment_growth"


def test_canonical_folds_widths_scope_and_change_words():
    assert canonical("全市地区生产总值比上年增长６．５％左右") == ("地区生产总值增长", "%")
    assert canonical("单位ＧＤＰ能耗降低") == ("单位GDP能耗下降", None)


@pytest.mark.parametrize("case", load_cases("indicator_phrases"))
def test_indicator_phrases_by_class(case):
    """Real phrasings by class (tests/cases/indicator_phrases.yaml): older wordings, measure words, change
    phrases the parser leaves off, growth vs level by the target's kind."""
    assert indicator_key(case["phrase"], case["unit"], case["kind"]) == case["key"]


def test_never_a_key_for_empty_or_junk():
    for junk in ("", "增长", "提高", "的", "%", "9%", "（", "”", "分别", "x" * 10000, "增长" * 5000):
        assert indicator_key(junk, "%") is None


# ------------------------------------------------------------------------------------------------ place

@pytest.mark.parametrize("case", load_rows("places", "title", "issuer", "head"))
def test_place_of(case):
    """tests/cases/places.yaml: the region from the issuer, the title or the head of the text."""
    assert place_of(case.get("title"), case.get("issuer"), case.get("head")) == case["place"]


def test_place_of_real_work_reports():
    for name, place in (("01_jx_gzbg_2024.txt", "江西省"), ("01_linshui_gzbg_2023.txt", "邻水县"),
                        ("02_my_gzbg_2023.txt", "绵阳市"), ("01_chengbei_report.txt", "城北区")):
        text = (HELDOUT / name).read_text(encoding="utf-8")
        [doc] = document_rows(name, parse_text(text), text)
        assert doc["place"] == place, name


# ------------------------------------------------------------------------------------------- target rows

REPORT = ("2026年山东省政府工作报告\n\n一、2025年工作回顾\n全省生产总值增长5.5％。\n"
          "二、2026年工作安排\n今年经济社会发展的主要预期目标是：全省生产总值增长５％左右，城镇新增就业110万人以上，"
          "居民消费价格涨幅3%左右。\n")


def test_target_rows_carry_document_place_line_and_key():
    rows = target_rows("r.txt", parse_text(REPORT), REPORT)
    assert [tuple(r) for r in rows] == [TARGET_FIELDS] * len(rows)
    by = {r["indicator_key"]: r for r in rows}
    gdp = by["gdp_growth"]
    assert (gdp["place"], gdp["line"], gdp["unit"], gdp["stated"], gdp["indicator_name"]) == (
        "山东省", 6, "%", "5左右", "地区生产总值增长")
    assert REPORT[gdp["value_start"]:gdp["value_end"]] == "５％左右"
    assert REPORT[gdp["span_start"]:gdp["span_end"]].startswith("全省生产总值")
    assert gdp["section"] == "二、2026年工作安排"
    assert by["urban_jobs"]["stated"] == "≥110" and by["cpi"]["stated"] == "3左右"


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_numbers_count_every_kind_of_line_end(eol):
    text = REPORT.replace("\n", eol)
    [gdp] = [r for r in target_rows("r.txt", parse_text(text), text) if r["indicator_key"] == "gdp_growth"]
    assert gdp["line"] == 6


def test_without_the_text_line_is_null_and_a_wrong_text_is_not_used():
    result = parse_text(REPORT)
    assert {r["line"] for r in target_rows("r.txt", result)} == {None}
    assert {r["line"] for r in target_rows("r.txt", result, REPORT + "x")} == {None}


# ------------------------------------------------------------------------------------ files, read back

def _write(tmp_path, name="山东.txt", text=REPORT):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_targets_is_csv_when_piped_with_the_same_columns_as_jsonl(tmp_path):
    f = _write(tmp_path)
    r = CliRunner().invoke(app, ["targets", str(f)])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0]) == list(TARGET_FIELDS)
    r2 = CliRunner().invoke(app, ["targets", str(f), "-f", "jsonl"])
    objs = [json.loads(line) for line in r2.stdout.splitlines()]
    assert [list(o) for o in objs] == [list(TARGET_FIELDS)] * len(rows)
    assert [o["indicator_key"] for o in objs] == [x["indicator_key"] or None for x in rows]


def test_bom_csv_reads_back_in_excel_encoding(tmp_path):
    f = _write(tmp_path)
    out = tmp_path / "目标.csv"
    r = CliRunner().invoke(app, ["targets", str(f), "-o", str(out), "--bom", "--labels", "zh"])
    assert r.exit_code == 0, r.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0])[:5] == ["文件", "文档编号", "标题", "发文机关", "地区"]
    gdp = next(x for x in rows if x["指标键"] == "gdp_growth")
    assert (gdp["地区"], gdp["标题"], gdp["指标名称"], gdp["表述"], gdp["单位"]) == (
        "山东省", "2026年山东省政府工作报告", "地区生产总值增长", "5左右", "%")


def test_xlsx_reads_back_with_chinese_headers_and_values(tmp_path):
    f = _write(tmp_path)
    out = tmp_path / "targets.xlsx"
    r = CliRunner().invoke(app, ["targets", str(f), "-o", str(out), "--labels", "zh"])
    assert r.exit_code == 0, r.output
    book = openpyxl.load_workbook(out, read_only=True)
    sheet = book["targets"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:5] == ["文件", "文档编号", "标题", "发文机关", "地区"] and len(header) == len(TARGET_FIELDS)
    gdp = dict(zip(header, next(x for x in rows[1:] if x[header.index("指标键")] == "gdp_growth")))
    assert (gdp["地区"], gdp["指标"], gdp["表述"], gdp["数值"], gdp["行号"], gdp["主要目标"]) == (
        "山东省", "生产总值增长", "5左右", 5, 6, True)        # the 主要预期目标 passage (SPEC §4)
    assert isinstance(gdp["数值"], (int, float)) and gdp["上限"] is None


def test_xlsx_to_a_pipe_is_the_workbook_itself(tmp_path):
    f = _write(tmp_path)
    r = CliRunner().invoke(app, ["targets", str(f), "-f", "xlsx"])
    assert r.exit_code == 0 and r.stdout_bytes[:2] == b"PK"          # a zip container
    book = openpyxl.load_workbook(io.BytesIO(r.stdout_bytes), read_only=True)
    assert next(book["targets"].iter_rows(values_only=True))[0] == "file"


def test_units_writes_the_same_table_to_csv_and_xlsx(tmp_path):
    doc = _write(tmp_path, "a.txt", "一、任务\n（一）甲。（牵头单位：市财政局；配合单位：市税务局）\n（二）乙。（牵头单位：市税务局）\n")
    r = CliRunner().invoke(app, ["units", str(doc)])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert r.exit_code == 0 and rows[0]["unit"] == "市税务局" and rows[0]["total"] == "2"
    out = tmp_path / "units.xlsx"
    assert CliRunner().invoke(app, ["units", str(doc), "-o", str(out)]).exit_code == 0
    values = list(openpyxl.load_workbook(out, read_only=True)["units"].iter_rows(values_only=True))
    assert values[1][:4] == ("市税务局", 1, 1, 2)


def test_a_failed_input_is_reported_and_the_others_are_written(tmp_path):
    f = _write(tmp_path)
    r = CliRunner().invoke(app, ["targets", str(f), str(tmp_path / "missing.txt")])
    assert r.exit_code == 1
    assert "missing.txt" in r.stderr and "国内" not in r.stderr
    assert len(list(csv.DictReader(io.StringIO(r.stdout)))) == 3


def test_the_researchers_doc_lists_every_key_and_the_readme_the_workflow():
    doc = (ROOT / "docs" / "researchers.md").read_text(encoding="utf-8")
    assert [k.key for k in keys() if f"`{k.key}`" not in doc] == []
    for word in ("`place`", "`year`", "`headline`", "`indicator_key`"):
        assert f"**{word}**" in doc
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## The researcher's table", 1)[1].split("```")[1]
    assert len([line for line in block.splitlines() if line.startswith("policyparse ")]) == 3


def test_chinese_titles_cover_every_column_and_key_names_are_unique():
    from policyparse.lexicons import load_map
    from policyparse.reports.panel import CELL_FIELDS, LONG_FIELDS
    from policyparse.reports.rows import DOCUMENT_FIELDS
    from policyparse.reports.units import UNIT_FIELDS
    labels = load_map("reports/labels.yaml")
    fields = set(TARGET_FIELDS) | set(LONG_FIELDS) | set(DOCUMENT_FIELDS) | set(UNIT_FIELDS)
    assert sorted(fields - set(labels["fields"])) == [] and set(CELL_FIELDS) <= set(labels["cell"])
    names = [k.name for k in keys()]
    assert len(set(names)) == len(names)
    assert len(set(labels["fields"].values())) == len(labels["fields"])    # `unit` (单位) serves targets and units


def test_line_numbers_of_a_converted_page_count_lines_of_its_text(tmp_path):
    """An HTML input: `line` counts lines of the text the spans index (what `policyparse text` prints)."""
    page = tmp_path / "报告.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><title>2026年山东省政府工作报告</title></head>'
                    "<body>\n<h1>2026年山东省政府工作报告</h1>\n<p>二、2026年工作安排</p>\n"
                    "<p>今年经济社会发展的主要预期目标是：全省生产总值增长5%左右。</p>\n</body></html>\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["targets", str(page), "-f", "jsonl"])
    [row] = [json.loads(line) for line in r.stdout.splitlines()]
    text = CliRunner().invoke(app, ["text", str(page)]).stdout
    assert (row["place"], row["indicator_key"], row["stated"]) == ("山东省", "gdp_growth", "5左右")
    assert text.splitlines()[row["line"] - 1].endswith("全省生产总值增长5%左右。")
