"""Targets (SPEC §4): the case table in cases/targets.yaml, plus stage properties."""
from __future__ import annotations

import time

import pytest
from casesupport import case_input, load_cases

from policyparse.normalize import normalize
from policyparse.records import SectionHit, Text
from policyparse.targets import extract_targets, find_quantities

KEYS = ("year", "indicator", "value", "value_max", "unit", "qualifier", "headline")


def run(case: dict):
    text, t, sections, tables = case_input(case, label="专栏1")
    return text, extract_targets(t, (0, len(text)), sections, tables, doc_year=case.get("doc_year"))


@pytest.mark.parametrize("case", load_cases("targets"))
def test_case(case):
    text, found = run(case)
    got = []
    for h, want in zip(found.items, case["expect"]):
        g = {k: getattr(h, k) for k in KEYS if k in want}
        if "baseline" in want:                # the baseline's value, or null for none
            g["baseline"] = h.baseline.value if h.baseline else None
        if "span_text" in want:
            g["span_text"] = text[h.value_span[0]:h.value_span[1]]
        if "quote" in want:
            g["quote"] = text[h.span[0]:h.span[1]]
        got.append(g)
    got += [{"extra": (h.indicator, h.value, h.unit)} for h in found.items[len(case["expect"]):]]
    assert got == case["expect"]
    assert all(h.span[0] <= h.value_span[0] < h.value_span[1] <= h.span[1] for h in found.items)


def test_case_table_is_large_and_balanced():
    cases = [p.values[0] for p in load_cases("targets")]
    negatives = [c for c in cases if not c["expect"]]
    assert len(cases) >= 60 and len(negatives) * 3 >= len(cases)


def test_every_qualifier_word_is_covered():
    """Every word of the qualifier lexicons reads as its qualifier."""
    from policyparse.lexicons import load_map
    for word, qual in load_map("targets/qualifier_suffix.yaml").items():
        unit = "个工作日" if word in ("内", "之内") else "家"
        text = f"到2025年，全市培育企业20{unit}{word}。"
        q = find_quantities(normalize(text), 0, len(text))
        assert [(x.value, x.qualifier) for x in q] == [(20, qual)], word
    for word, qual in load_map("targets/qualifier_prefix.yaml").items():
        text = f"到2025年，全市企业数量{word}20家。"
        q = find_quantities(normalize(text), 0, len(text))
        assert [(x.value, x.qualifier) for x in q] == [(20, qual)], word


def test_spans_point_into_the_original_and_quote_the_value():
    text = "到２０２５年，全区软件业务收入达１００亿元以上；旅游总收入达到50亿元。"
    (a, b), _ = extract_targets(Text(text, normalize(text)), (0, len(text)), [], [], doc_year=2020)
    assert text[a.value_span[0]:a.value_span[1]] == "１００亿元以上"
    assert text[a.span[0]:a.span[1]] == "全区软件业务收入达１００亿元以上"
    assert (a.unit, a.normalized) == ("亿元", (1e10, "元"))
    assert text[b.value_span[0]:b.value_span[1]] == "50亿元"


def test_normalized_direction_baseline_kind():
    text = "到2025年，全市服务业增加值达到1.4万亿元，新增就业5万人，社会物流总费用占地区生产总值比重下降至12.5%左右，办理时限由20个工作日压减至10个工作日。"
    hits = extract_targets(Text(text, normalize(text)), (0, len(text)), [], []).items
    by = {h.value: h for h in hits}
    assert by[1.4].normalized == (1.4e12, "元")
    assert by[5].normalized == (5e4, "人")
    assert (by[12.5].direction, by[12.5].kind) == ("decrease", "share")
    assert by[10].baseline is not None and by[10].baseline.value == 20 and by[10].direction == "decrease"


def test_section_year_does_not_leak_out_of_a_goal_section():
    text = "一、发展目标\n到2025年，全市软件业务收入达100亿元。\n二、重点任务\n建设1所职业院校。"
    goal = SectionHit(id="s1", marker="一、", level=1, title="发展目标", span=(0, text.index("二、")),
                      title_span=(2, 6), own_end=text.index("二、"))
    task = SectionHit(id="s2", marker="二、", level=1, title="重点任务", span=(text.index("二、"), len(text)),
                      title_span=(text.index("重点任务"), text.index("重点任务") + 4), own_end=len(text))
    hits = extract_targets(Text(text, normalize(text)), (0, len(text)), [goal, task], []).items
    assert [(h.value, h.year) for h in hits] == [(100, 2025), (1, None)]


def test_only_inside_the_document_span():
    text = "到2025年，全市软件业务收入达100亿元。\n到2025年，全市旅游总收入达50亿元。"
    cut = text.index("\n")
    hits = extract_targets(Text(text, normalize(text)), (cut + 1, len(text)), [], []).items
    assert [h.value for h in hits] == [50]


def test_never_raises_and_stays_linear_on_hostile_text():
    for text in ["", "到2025年", "1" * 20000, "一" * 20000, "到2025年，" + "达100亿元以上，" * 5000,
                 "（" * 10000 + "100%", "、" * 10000 + "3—5个"]:
        t0 = time.perf_counter()
        extract_targets(Text(text, normalize(text)), (0, len(text)), [], [], doc_year=2020)
        assert time.perf_counter() - t0 < 2.0


def test_cli_targets_csv_and_jsonl(tmp_path):
    import csv
    import io
    import json
    from typer.testing import CliRunner
    from policyparse.cli import app
    f = tmp_path / "a.txt"
    f.write_text("某区人民政府关于印发服务业发展方案的通知\n一、发展目标\n到2025年，全区软件业务收入达100亿元，"
                 "旅游总收入达到50亿元以上。\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["targets", str(f), "--format", "csv"])
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["year"], x["indicator"], float(x["value"]), x["unit"], x["qualifier"]) for x in rows] == [
        ("2025", "软件业务收入", 100.0, "亿元", "point"), ("2025", "旅游总收入", 50.0, "亿元", "at_least")]
    assert float(rows[0]["normalized_value"]) == 1e10 and rows[0]["normalized_unit"] == "元"
    r = CliRunner().invoke(app, ["targets", str(f), "--format", "jsonl"])
    assert [json.loads(line)["value"] for line in r.stdout.splitlines()] == [100, 50]
    r = CliRunner().invoke(app, ["targets", str(tmp_path / "missing.txt")])
    assert r.exit_code == 1


from hypothesis import given, settings, strategies as st  # noqa: E402

PIECES = ["到2025年，", "2019年底前", "今年", "“十四五”时期", "全市", "软件业务收入", "达", "突破", "不低于", "100", "1.4",
          "一万", "3—5", "万亿元", "%", "个百分点", "家", "个工作日", "以上", "左右", "以内", "翻一番", "，", "。", "；",
          "\n", "\t", "（", "）", "、", "给予", "奖励", "2018年", "由", "至", "的", "占", "比重", "第3", "IPv6", "专栏1"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.one_of(st.none(), st.integers(1990, 2040)))
def test_property_never_raises_and_spans_hold(pieces, doc_year):
    text = "".join(pieces)
    found = extract_targets(Text(text, normalize(text)), (0, len(text)), [], [], doc_year=doc_year)
    for h in found.items:
        assert 0 <= h.span[0] <= h.value_span[0] < h.value_span[1] <= h.span[1] <= len(text)
        assert h.indicator and h.unit is not None and h.value == h.value
        assert h.qualifier in ("point", "approx", "at_least", "at_most", "range")
        assert (h.value_max is not None) == (h.qualifier == "range")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_property_arbitrary_text(text):
    extract_targets(Text(text, normalize(text)), (0, len(text)), [], [], doc_year=2020)


def test_work_report_review_part_is_history_and_this_year_part_is_targets():
    """Through the whole pipeline (sections decide the parts): the review is history, the part about this
    year holds targets of the report's year even where a sentence names no deadline."""
    from policyparse.pipeline import parse_text
    text = ("政府工作报告\n——2025年1月15日在某市第十七届人民代表大会第五次会议上\n"
            "一、2024年工作回顾\n过去一年，全市新建5G基站4000个，地区生产总值增长5.1%。\n"
            "二、2025年工作安排\n今年主要预期目标是：地区生产总值增长6%左右。\n"
            "扎实推进城市更新，改造城镇老旧小区300个，城市生活垃圾回收利用率达到40%。\n")
    got = [(t.year, t.value, t.unit) for d in parse_text(text).documents for t in d.targets]
    assert got == [(2025, 6, "%"), (2025, 300, "个"), (2025, 40, "%")]


def dropped(case: dict) -> list[str]:
    """The names of the rules that dropped a quantity of the case (explain.py notes), or not-a-quantity."""
    from policyparse.explain import collecting
    text, t, sections, tables = case_input(case, label="专栏1")
    with collecting() as log:
        extract_targets(t, (0, len(text)), sections, tables, doc_year=case.get("doc_year"))
    return sorted({v.rule for v in log if v.verdict == "dropped"}) or ["not-a-quantity"]


@pytest.mark.parametrize("case", [c for c in load_cases("targets") if "dropped_by" in c.values[0]])
def test_case_dropped_by_its_named_rule(case):
    want = case["dropped_by"]
    assert dropped(case) == (sorted(want) if isinstance(want, list) else [want])


def test_every_exclusion_rule_has_a_case():
    """Each named rule that drops a quantity is exercised by at least one case that names it."""
    from policyparse.targets.rules import EXCLUSIONS
    named: set[str] = set()
    for p in load_cases("targets"):
        want = p.values[0].get("dropped_by")
        named.update(want if isinstance(want, list) else [want] if want else [])
    rules = {r.name for r in EXCLUSIONS} | {"restatement", "applicant-condition", "project-spec", "ordinal-or-period", "quoted-name",
                                            "adoption-note", "in-review-table"}
    assert rules <= named, f"rules without a case: {sorted(rules - named)}"


def test_every_rule_defined_is_tried_once_and_has_a_gate():
    """Each `@rule` of targets/rules/ is in `ORDER` once (a rule left out of it would never be tried), and
    its name is unique across the families (two rules of one name: `DEFINED` would keep only one)."""
    from policyparse.targets.candidate import Rule
    from policyparse.targets.rules import FAMILIES, ORDER
    names = [r.name for family in FAMILIES for r in vars(family).values() if isinstance(r, Rule)]
    assert len(ORDER) == len(set(ORDER)) and sorted(names) == sorted(ORDER)
    assert all(r.gate is not None for family in FAMILIES for r in vars(family).values() if isinstance(r, Rule))


def test_a_rule_drops_a_quantity_only_where_its_clause_gate_holds(monkeypatch):
    """Each rule's gate (beside it in targets/rules/) is asked once per clause and closes the rule for the clause's
    quantities: it must hold wherever the rule applies. Every rule is asked of every quantity of the seeds and
    the cases (not only up to the first that drops it)."""
    from pathlib import Path
    from policyparse import parse_text
    from policyparse.targets import judge
    from policyparse.targets.rules import EXCLUSIONS, open_gates
    closed: list[tuple[str, str]] = []
    first_exclusion = judge.first_exclusion

    def every_rule(c):
        closed.extend((r.name, c.norm[c.cs:c.ce]) for r in EXCLUSIONS if r.test(c) and not r.gate(c))
        gates = open_gates(c)                 # a gate its clause's characters close never holds
        closed.extend((r.name + " (needs)", c.norm[c.cs:c.ce]) for i, r in enumerate(EXCLUSIONS)
                      if not gates >> i & 1 and r.gate(c))
        return first_exclusion(c)
    monkeypatch.setattr(judge, "first_exclusion", every_rule)
    for case in load_cases("targets"):
        run(case.values[0])
    for seed in sorted((Path(__file__).resolve().parent.parent / "data" / "raw").glob("*.txt")):
        parse_text(seed.read_text(encoding="utf-8"))
    assert closed == []


def test_every_negative_case_names_its_rule():
    assert [p.values[0]["id"] for p in load_cases("targets")
            if not p.values[0]["expect"] and "dropped_by" not in p.values[0]] == []


def test_work_report_plan_part_keeps_committed_values_only():
    """In a work report's part about this year, a sentence without its own deadline keeps a value a
    committing verb governs ("达到40%") and drops a count of what exists ("有各类学校500所")."""
    from policyparse.pipeline import parse_text
    text = ("政府工作报告\n——2025年1月20日在某市第十七届人民代表大会第四次会议上\n各位代表：现在，我代表市人民政府向大会报告工作。\n"
            "一、2024年工作回顾\n全市有各类学校480所。\n二、2025年重点工作\n城市生活垃圾回收利用率达到40%，全市有各类学校500所。\n")
    got = [(t.year, t.indicator, t.value) for d in parse_text(text).documents for t in d.targets]
    assert got == [(2025, "城市生活垃圾回收利用率", 40)]


RAW = __import__("pathlib").Path(__file__).resolve().parent.parent / "data" / "raw"


@pytest.mark.parametrize("seed", sorted(p.name for p in RAW.glob("*.txt")))
def test_explain_names_a_rule_for_every_candidate_quantity(seed):
    """`policyparse explain` on a seed: every quantity the grammar finds gets a verdict (kept as a target,
    or dropped by a named rule); none is dropped silently."""
    from policyparse.explain import collecting
    from policyparse.pipeline import parse_text
    from policyparse.targets.quantities import bare_values, find_quantities
    from policyparse.targets.vocab import vocab
    text = (RAW / seed).read_text(encoding="utf-8")
    with collecting() as log:
        result = parse_text(text)
    norm = normalize(text)
    found = set()
    for d in result.documents:
        a, b = d.span
        found |= {q.span for q in find_quantities(norm, a, b) + bare_values(norm, a, b, vocab())}
    noted = {v.span for v in log if v.stage == "targets"}
    table_rows = {t.value_span for d in result.documents for t in d.targets}
    assert found - noted - table_rows == set()
    assert all(v.rule for v in log if v.verdict == "dropped")


def test_std_re_reads_space_and_digit_as_regex_does():
    """Patterns the stages compile with `re` (lexicons.std_re) spell \\s, \\d and \\p{Han} out as `regex` reads them,
    on every code point (the heading-number grammar, markers.py, is compiled so)."""
    import re

    import regex
    from policyparse.lexicons import std_re
    every = "".join(map(chr, range(0x110000)))
    for cls in (r"\s", r"\d", r"[\s,]", r"[^\d.]", r"\p{Han}", r"[^\p{Han}\s]"):
        assert [m.start() for m in std_re(cls).finditer(every)] == [m.start() for m in regex.finditer(cls, every)], cls
    assert isinstance(std_re(r"\s"), re.Pattern)


QUANTITYISH = ["1", "2", "0", "3,000", "1.5", "4 9", " ", "\u3000", "\t", "一", "二", "十", "百", "千", "万", "亿", "两",
               "零", "点", "半", "翻", "番", "分之", "百分之", "亿元", "万吨", "个", "家", "%", "％", "—", "-", "至", "到",
               "多", "余", "以上", "左右", "第", "图", "表", "逾", "达到", "级", "元", "美元", "(含)", "/年", "A", ".",
               "，", "。", "人次", "倍", "推进", "\n", "一半", "三分之一", "翻一番", "翻番", "百分之五十", "逾万亿元", "突破千亿",
               "达到万家", "达到万亿级，", "突破亿级。", "十三五", "3—5个", "700万到800万吨", "50余个", "4 9 2 5 0 万吨"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(QUANTITYISH), max_size=30).map("".join))
def test_quantity_prefilter_is_a_superset_of_the_quantities(text):
    """Every position where quantity_re matches is one quantity_at_re finds: the search that tries the
    pattern only there finds every quantity."""
    from policyparse.targets.quantities import quantity_at_re, quantity_re
    norm = normalize(text)
    at = {m.start() for m in quantity_at_re().finditer(norm)}
    assert all(p in at for p in range(len(norm)) if quantity_re().match(norm, p))


YEARISH = ["1", "2", "9", "0", "19", "20", "2025", "1 9 9 3", "一", "二", "〇", "○", "零", "九", "十", "二〇二五", "一九九○",
           "年", "年底前", "以前", "前", "到", "至", " ", "\u3000", "—", "-", "~", ".", "8985", "0403", "截至", "较", "月",
           "日", "推进", "，", "\n", "到 8985年", "至 0403年", "到\n8985年"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(YEARISH), max_size=24).map("".join))
def test_year_prefilters_are_supersets(text):
    """Every position where YEAR_RE or GARBLED_DEADLINE_RE matches is one their prefilters find."""
    from policyparse.targets.years import GARBLED_AT_RE, GARBLED_DEADLINE_RE, YEAR_AT_RE, YEAR_RE
    norm = normalize(text)
    for at, rx in ((YEAR_AT_RE, YEAR_RE), (GARBLED_AT_RE, GARBLED_DEADLINE_RE)):
        starts = {m.start() for m in at.finditer(norm)}
        assert all(p in starts for p in range(len(norm)) if rx.match(norm, p))


def test_a_period_preamble_does_not_date_the_review_section_below_it():
    """A 规划 whose preamble opens with its period ("“十四五”时期，是…的第一个五年") and whose first section reviews the
    last period: the preamble dates no paragraph of the review (real: a district 十四五 规划, tests/fresh)."""
    from policyparse.pipeline import parse_text
    text = ("黄浦区历史风貌保护和利用“十四五”规划\n“十四五”时期，是我国开启全面建设社会主义现代化国家新征程的第一个五年，"
            "编制本规划。\n一、“十三五”发展回顾\n城区面貌大幅改善。目前全区有优秀历史建筑289处，不可移动文物539处，"
            "拥有37条风貌保护道路、36条风貌保护街巷。\n二、主要任务\n（一）推动旧区改造\n到2025年，完成旧改征收3万户。\n")
    (doc,) = parse_text(text).documents
    assert [(t.year, t.value) for t in doc.targets] == [(2025, 3)]
