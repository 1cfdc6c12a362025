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

from casesupport import load_cases
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


# Real phrasings from the documents (shared real corpus, tests/heldout, data/raw), with the target's unit
# where the unit decides growth vs level. (The blind ≥200-phrase table is tests/cases/indicator_keys.yaml.)
CASES = [
    # GDP growth, as national and local reports spell it
    ("国内生产总值增长", "%", "gdp_growth"),
    ("全省生产总值增长", "%", "gdp_growth"),
    ("地区生产总值年均增长", "%", "gdp_growth"),
    ("国民生产总值计划增长", "％", "gdp_growth"),                # 1993: GNP
    ("经济增长速度的调控目标定", "％", "gdp_growth"),          # 1997
    ("经济增长预期", "％", "gdp_growth"),                      # 1999
    ("中央提出经济增长预期目标", "%", "gdp_growth"),
    ("经济年均增长", "%", "gdp_growth"),
    ("今后五年国内生产总值年均增长", "%", "gdp_growth"),
    ("山东省地区生产总值增长", "%", "gdp_growth"),
    # not GDP growth
    ("人均地区生产总值增长", "%", "gdp_per_capita"),
    ("科技进步对经济增长的贡献率", "%", None),
    ("服务业对经济增长的贡献率", "%", None),
    ("县域生产总值年均增长", "%", None),
    ("地区生产总值增长", "亿元", None),                        # an absolute increase is no rate
    ("我国国民生产总值将增长", "倍", None),                    # 翻番: a multiple
    ("国民收入也安排为比增长", "％", None),
    ("工业总产值增长", "％", None),
    ("城镇居民人均可支配收入和农村居民人均纯收入年均实际增长", "%", None),   # two quantities
    ("规模以上工业增加值、固定资产投资、社会消费品零售总额分别增长", "%", None),
    ("单位国内生产总值能耗和二氧化碳排放降低", "%", None),
    # levels vs growth
    ("地区生产总值", "亿元", "gdp"),
    ("我国经济总量", "万亿元", "gdp"),
    ("地区生产总值", "%", None),
    ("一般公共预算收入增长", "%", "budget_revenue_growth"),
    ("社会消费品零售总额年均增长", "%", "retail_sales_growth"),
    ("社会消费品零售总额", "万亿元", "retail_sales"),
    ("社会商品零售总额增长", "%", "retail_sales_growth"),      # the older name of the same statistic
    ("全社会固定资产投资增长", "%", "fixed_investment_growth"),
    ("五年全社会固定资产投资", "万亿元", None),                # no key for the level
    ("铁路投资", "亿元", None),
    ("进出口总额预期增长", "%", "foreign_trade_growth"),
    ("外贸进出口", "亿元", "foreign_trade"),
    ("服务贸易进出口总额", "亿美元", None),
    ("出口额增长", "％", "exports_growth"),
    ("实际使用外资", "亿美元", "foreign_investment"),
    # prices, jobs, income
    ("居民消费价格涨幅", "%", "cpi"),
    ("把居民消费价格涨幅", "%", "cpi"),
    ("居民消费价格总水平上升", "％", "cpi"),
    ("商品零售价格涨幅", "％", None),
    ("城镇调查失业率", "%", "unemployment_surveyed"),
    ("城镇登记失业率", "％", "unemployment_registered"),
    ("城镇新增就业", "万人", "urban_jobs"),
    ("新增城镇就业", "万人", "urban_jobs"),
    ("下岗失业人员再就业", "万人", None),
    ("农民人均纯收入实际增长", "％", "rural_income_growth"),
    ("城镇居民人均可支配收入增长", "%", "urban_income_growth"),
    ("农村居民人均纯收入", "元", None),                        # a level: the key is a growth rate
    # output, energy, environment
    ("粮食产量", "万亿斤", "grain_output"),
    ("粮食综合生产能力", "万亿斤", "grain_output"),
    ("粮食播种面积", "万亩", None),
    ("单位国内生产总值能耗降低", "%", "energy_intensity"),
    ("单位工业增加值能耗", "吨标准煤/万元", None),
    ("单位地区生产总值二氧化碳排放降低", "%", "carbon_intensity"),
    ("交通运输二氧化碳排放强度下降", "%", None),
    ("非化石能源消费比重", "%", "non_fossil_share"),
    ("非化石能源装机比重", "%", None),
    ("化学需氧量、氨氮排放量要下降", "%", "pollutant_reduction"),
    ("二氧化硫、化学需氧量排放量都要减少", "%", "pollutant_reduction"),
    ("重点区域内重点重金属污染物排放量降低", "%", None),
    ("细颗粒物（PM2.5）年均浓度", "微克/立方米", "pm25"),
    ("地级及以上城市空气质量优良天数比率", "%", "good_air_days"),
    ("地表水达到或好于Ⅲ类水体比例", "%", "water_quality"),
    ("地表水国控断面劣Ⅴ类水质比例", "%", None),
    ("地级及以上城市集中式饮用水水源水质达到或优于Ⅲ类比例", "%", None),
    ("森林覆盖率", "%", "forest_cover"),
    ("森林蓄积量增加", "亿立方米", "forest_stock"),
    ("单位面积森林蓄积量", "立方米", None),
    # innovation, digital, society
    ("研究与试验发展经费支出占国内生产总值比重", "%", "rd_intensity"),
    ("全社会研发经费投入强度", "%", "rd_intensity"),
    ("全社会研发经费投入年均增长", "%", None),
    ("规模以上工业企业研究与试验发展经费占主营业务收入的比重", "%", None),
    ("数字经济核心产业增加值占地区生产总值比重", "%", "digital_economy_share"),
    ("数字经济规模", "万亿元", None),
    ("万人发明专利拥有量", "件", "patents_per_10k"),
    ("新增高新技术企业", "家", "high_tech_enterprises"),
    ("高新技术产业产值占规模以上工业总产值比重", "%", None),
    ("常住人口城镇化率", "%", "urbanization"),
    ("城镇化率提高", "个百分点", "urbanization"),
    ("服务业增加值占地区生产总值比重", "%", "services_share"),
    ("服务业增加值在国内生产总值中的比重提高", "个百分点", "services_share"),
    ("现代服务业增加值占服务业增加值比重", "%", None),
    ("金融业增加值占地区生产总值比重", "%", None),
    ("高技术制造业增加值占规模以上工业增加值比重", "%", None),
    ("规上工业增加值增长", "%", "industry_va_growth"),
    ("新开工改造城镇老旧小区", "万个", "housing_renovation"),
    ("县城老旧小区改造", "个", None),
    ("城镇棚户区住房改造", "万套", "shantytown_renovation"),
    ("筹集建设保障性租赁住房", "万套（间）", "affordable_housing"),
    ("新建高标准农田", "万亩", "high_standard_farmland"),
    ("农村贫困人口", "万人", "poverty_reduction"),
    ("广义货币M2预期增长目标拟定", "%", "m2_growth"),
    ("社会融资规模余额增长", "%", "social_financing_growth"),
    ("累计新增地方社会融资规模", "万亿元", None),
    ("新建5G基站", "万个", "g5_base_stations"),
    ("5G移动电话用户", "亿户", None),
]


@pytest.mark.parametrize("phrase,unit,key", CASES, ids=[f"{p}-{u}" for p, u, _ in CASES])
def test_indicator_key(phrase, unit, key):
    assert indicator_key(phrase, unit) == key


@pytest.mark.parametrize("phrase,key", [
    ("今年经济社会发展的主要预期目标是：国内生产总值增长8%左右", "gdp_growth"),
    ("国民生产总值增长百分之六", "gdp_growth"),
    ("粮食产量1.3万亿斤以上", "grain_output"),
    ("地区生产总值达到5000亿元", "gdp"),
    ("城镇新增就业1100万人以上", "urban_jobs"),
    ("细颗粒物（PM2.5）浓度", "pm25"),                       # PM2.5 is a name, not a value
    ("到2025年全市5G基站", "g5_base_stations"),
])
def test_a_phrase_with_its_value_printed_gives_its_unit(phrase, key):
    assert indicator_key(phrase) == key


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


@pytest.mark.parametrize("phrase,unit,kind,key", [
    # a growth target whose phrase lost its change word: the growth key, never the level key
    ("社会消费品零售总额", "%", "growth", "retail_sales_growth"),
    ("社会消费品零售总额", None, "growth", "retail_sales_growth"),      # unit unknown: still the growth
    ("地区生产总值", "亿元", "growth", None),                          # an increase of N亿元: no key
    ("国民生产总值", "亿元", "growth", None),
    ("地区生产总值", "亿元", "level", "gdp"),
    # a phrase that measures the change itself stands bare
    ("居民消费价格涨幅", "%", "growth", "cpi"),
    ("单位地区生产总值能耗", "%", "growth", "energy_intensity"),
    ("氮氧化物排放总量", "%", "growth", "pollutant_reduction"),
    ("农村贫困人口", "万人", "growth", "poverty_reduction"),
    ("森林覆盖率", "个百分点", "growth", "forest_cover"),
    # the growth phrasing decides even where the bare phrase would be a level of another unit class
    ("城镇新增就业", "%", "growth", None),
])
def test_a_growth_target_reads_its_growth_key_first(phrase, unit, kind, key):
    assert indicator_key(phrase, unit, kind) == key


@pytest.mark.parametrize("phrase,key", [
    ("地表水国控断面Ⅰ—Ⅲ类比例", "water_quality"),      # class I to III written as a range, every dash
    ("地表水国控断面Ⅰ～Ⅲ类比例", "water_quality"),
    ("地表水国控断面I-III类水质比例", "water_quality"),
    ("地表水国控断面Ⅰ—Ⅴ类比例", None),
    ("县级及以上城市集中式饮用水水源Ⅰ—Ⅲ类比例", None),
])
def test_a_class_range_folds_to_class_iii_or_better(phrase, key):
    assert indicator_key(phrase, "%") == key


@pytest.mark.parametrize("phrase,unit,key", [
    ("社会商品零售总额一九八五年将", "亿元", "retail_sales"),          # a deadline year after the indicator
    ("国内生产总值2025年", "万亿元", "gdp"),
    ("一九九〇年国民生产总值", "亿元", "gdp"),                          # and before it, in Chinese numerals
    ("国内生产总值一九八五", "亿元", None),                             # no 年: not a year
])
def test_years_in_chinese_numerals_are_deadlines(phrase, unit, key):
    assert indicator_key(phrase, unit) == key


def test_never_a_key_for_empty_or_junk():
    for junk in ("", "增长", "提高", "的", "%", "9%", "（", "”", "分别", "x" * 10000, "增长" * 5000):
        assert indicator_key(junk, "%") is None


# ------------------------------------------------------------------------------------------------ place

@pytest.mark.parametrize("title,issuer,head,place", [
    (None, "山东省人民政府办公厅", None, "山东省"),
    (None, "重庆市璧山区人民政府办公室", None, "璧山区"),
    (None, "济南市市中区人民政府", None, "市中区"),
    (None, "宁夏回族自治区财政厅 宁夏回族自治区工业和信息化厅", None, "宁夏回族自治区"),
    (None, "景宁畲族自治县人民政府", None, "景宁畲族自治县"),
    (None, "中共山东省委 山东省人民政府", None, "山东省"),
    (None, "国务院办公厅", None, "全国"),
    (None, "中共中央 国务院", None, "全国"),
    (None, "工业和信息化部办公厅 国家发展改革委办公厅", None, "全国"),
    (None, "市场监管总局办公厅", None, "全国"),
    (None, "国家市场监督管理总局", None, "全国"),
    ("2026年吉林省政府工作报告", None, None, "吉林省"),
    ("# 北京市城乡规划条例", None, None, "北京市"),
    ("# 上海市商品交易市场管理条例", None, None, "上海市"),
    ("# 威海市精致城市建设条例", None, None, "威海市"),
    ("广州市人民政府关于印发广州市…的通知", None, None, "广州市"),
    ("关于印发济南市数字经济发展规划的通知", None, None, "济南市"),
    ("关于促进智慧城市健康发展的指导意见", None, None, None),
    ("# 城市房地产管理法", None, None, None),
    ("国务院关于加强环境保护重点工作的意见", None, None, "全国"),
    ("政府工作报告", None, "各位代表：现在，我代表海南省人民政府，向大会报告政府工作", "海南省"),
    ("政府工作报告", None, "——2025年1月在四川省第十四届人民代表大会第三次会议上", "四川省"),
    ("政府工作报告", None, "现在，我代表国务院，向大会报告政府工作", "全国"),
    ("政府工作报告", None, "我代表省人民政府，向大会报告政府工作", None),
    ("政府工作报告", None, None, None),
    (None, "运输局", None, None),
])
def test_place_of(title, issuer, head, place):
    assert place_of(title, issuer, head) == place


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
