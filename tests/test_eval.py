"""`policyparse eval`: the scoring rules (tests/cases/eval.yaml) and the command over the seeds."""
from __future__ import annotations

import json
from pathlib import Path
import shutil

import pytest
from casesupport import load_cases
from conftest import ROOT
from typer.testing import CliRunner

from policyparse.cli import app
from policyparse.evaluate import Report, Score, index_predictions, render_misses, render_table, score_file

GOLD = ROOT / "data" / "gold"
RAW = ROOT / "data" / "raw"
runner = CliRunner()

DEFAULT_TITLE = "测试通知"   # gold and prediction pair on it unless a case sets its own


def _docs(case: dict, side: str) -> list[dict]:
    if f"{side}_docs" in case:
        return case[f"{side}_docs"]
    doc = dict(case[side])
    doc.setdefault("title", DEFAULT_TITLE)
    return [doc]


def _value(score: Score, name: str):
    area, count = name.split(".")
    return getattr(getattr(score, area), count)


@pytest.mark.parametrize("case", load_cases("eval"))
def test_scoring_rule(case):
    score = score_file({"documents": _docs(case, "gold")}, {"documents": _docs(case, "pred")})
    got = {name: _value(score, name) for name in case["expect"]}
    assert got == case["expect"]


def test_run_figures_sum_the_files():
    gold = {"documents": [{"title": DEFAULT_TITLE, "targets": [{"year": 2025, "indicator": "a", "value": 1,
                                                                "unit": "亿元"}]}]}
    hit = {"documents": [{"title": DEFAULT_TITLE, "targets": [{"year": 2025, "indicator": "a", "value": 1,
                                                               "unit": "亿元"}]}]}
    report = Report(files={"x": score_file(gold, hit), "y": score_file(gold, {"documents": []})})
    figures = report.total.figures()
    assert (report.total.targets.tp, report.total.targets.gold) == (1, 2)
    assert figures["targets.r"] == 0.5 and figures["targets.p"] == 1.0
    assert figures["documents.paired_rate"] == 0.5


def test_misses_show_what_to_fix():
    gold = {"documents": [{"title": DEFAULT_TITLE,
                           "sections": [{"level": 1, "marker": "一、", "title": "总体要求"}],
                           "targets": [{"year": 2025, "indicator": "软件业务收入", "value": 100, "unit": "亿元"}]}]}
    pred = {"documents": [{"title": DEFAULT_TITLE,
                           "sections": [{"level": 1, "marker": "一、", "title": "总体要求", "children": []}],
                           "targets": [{"year": 2018, "indicator": "服务业增加值占比", "value": 52.3, "unit": "%",
                                        "text": "2018年，服务业增加值占比达52.3%。"}]}]}
    text = render_misses(Report(files={"f": score_file(gold, pred)}))
    assert "targets: gold, not found (1)" in text and "软件业务收入 = 100 亿元" in text
    assert "targets: predicted, not in gold (1)" in text and "2018年，服务业增加值占比达52.3%。" in text
    assert "sections" not in text                          # the matched heading is not listed


def test_near_misses_name_what_differs():
    gold = {"documents": [{"title": DEFAULT_TITLE,
                           "sections": [{"level": 2, "marker": "（一）", "title": "指导思想"}],
                           "targets": [{"year": 2025, "indicator": "电子信息产业营收", "value": 1.3, "unit": "万亿元"}],
                           "responsibilities": [{"task": "补齐乡镇商贸设施短板", "lead": ["商务部"],
                                                 "support": ["国家发展改革委", "财政部"]}]}]}
    pred = {"documents": [{"title": DEFAULT_TITLE,
                           "sections": [{"level": 3, "marker": "（一）", "title": "指导思想", "children": []}],
                           "targets": [{"year": None, "indicator": "电子信息产业营收", "value": 13000, "unit": "亿元",
                                        "text": "力争电子信息产业营收达到1.3万亿元"}],
                           "responsibilities": [{"task": "补齐乡镇商贸设施短板", "lead": ["商务部", "国家发展改革委",
                                                                                 "财政部"], "support": []}]}]}
    score = score_file(gold, pred)
    assert (score.sections.tp, score.targets.tp, score.responsibilities.tp) == (0, 0, 0)   # counts unchanged
    near = {m.area: m.why for m in score.misses if m.kind == "near"}
    assert near == {"sections": "level", "targets": "year", "responsibilities": "lead, support"}
    assert not [m for m in score.misses if m.kind in ("missed", "spurious")]


# ------------------------------------------------------------------ the command


def test_eval_over_seed_texts_runs():
    res = runner.invoke(app, ["eval", "--gold", str(GOLD), str(RAW), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert sorted(data["files"]) == sorted(p.stem for p in RAW.glob("*.txt"))
    assert data["summary"]["documents"]["gold"] >= len(data["files"])
    for name in ("sections.f1", "targets.f1", "responsibilities.f1", "targets.indicator_acc", "tables.cell_acc",
                 "meta.acc", "documents.paired_rate"):
        assert 0.0 <= data["figures"][name] <= 1.0


def test_eval_of_outputs_equals_eval_of_texts(tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["extract", str(RAW), "-o", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    from_outputs = json.loads(runner.invoke(app, ["eval", "--gold", str(GOLD), str(out), "--json"]).stdout)
    from_texts = json.loads(runner.invoke(app, ["eval", "--gold", str(GOLD), str(RAW), "--json"]).stdout)
    assert from_outputs["figures"] == from_texts["figures"]


def test_table_and_misses_text(tmp_path):
    res = runner.invoke(app, ["eval", "--gold", str(GOLD), str(RAW), "--show-misses"])
    assert res.exit_code == 0, res.output
    assert "figures (names for --min)" in res.stdout and "targets.f1" in res.stdout
    assert "\nmisses\n" in res.stdout


def test_min_thresholds_exit_codes(tmp_path):
    base = ["eval", "--gold", str(GOLD), str(RAW), "--json"]
    figures = json.loads(runner.invoke(app, base).stdout)["figures"]
    assert runner.invoke(app, base + ["--min", "sections.f1=0"]).exit_code == 0
    assert runner.invoke(app, base + ["--min", "documents.paired_rate=-1", "--min", "meta.acc=0"]).exit_code == 0
    above = min(figures["targets.f1"] + 0.01, 1.01)
    res = runner.invoke(app, base + ["--min", f"targets.f1={above}"])
    assert res.exit_code == 1 and "targets.f1" in res.stderr
    assert runner.invoke(app, base + ["--min", "targets.f2=0.5"]).exit_code == 2       # unknown metric
    assert runner.invoke(app, base + ["--min", "targets.f1"]).exit_code == 2           # no value


def test_missing_prediction_is_scored_empty(tmp_path):
    one = next(iter(sorted(RAW.glob("*.txt"))))
    shutil.copy(one, tmp_path / one.name)
    res = runner.invoke(app, ["eval", "--gold", str(GOLD), str(tmp_path), "--json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert len(data["problems"]) == len(list(GOLD.glob("*.yaml"))) - 1
    assert "no prediction found" in res.stderr


def test_gold_directory_is_never_a_prediction():
    res = runner.invoke(app, ["eval", "--gold", str(GOLD), str(GOLD.parent), "--json"])
    data = json.loads(res.stdout)
    # data/ holds data/gold and data/raw: the texts are parsed, the gold files are not read as outputs
    index = index_predictions([GOLD.parent], exclude=GOLD)
    assert {index[p.stem].suffix for p in GOLD.glob("*.yaml")} == {".txt"}
    assert not data["problems"]
    assert data["figures"] == json.loads(runner.invoke(app, ["eval", "--gold", str(GOLD), str(RAW),
                                                             "--json"]).stdout)["figures"]


def test_texts_kept_inside_the_gold_directory_are_read(tmp_path):
    """An annotation set often keeps its texts beside the gold (set/*.yaml, set/texts/*.txt)."""
    import shutil
    shutil.copytree(GOLD, tmp_path / "set")
    shutil.copytree(RAW, tmp_path / "set" / "texts")
    index = index_predictions([tmp_path / "set" / "texts"], exclude=tmp_path / "set")
    assert {index[p.stem].suffix for p in GOLD.glob("*.yaml")} == {".txt"}
    res = runner.invoke(app, ["eval", "--gold", str(tmp_path / "set"), str(tmp_path / "set" / "texts"), "--json"])
    assert not json.loads(res.stdout)["problems"]


# ------------------------------------------------------------------ equal to the reference scorer
# tests/reference_score.py is a verbatim copy of the shared tools/score.py (SPEC §7). `policyparse eval`
# must give the same figure for every name the reference prints, on the parser's own predictions and on
# predictions generated from the gold by random edits (each edit one the rules must see through or count).

import copy  # noqa: E402
import functools  # noqa: E402
import random  # noqa: E402

import reference_score  # noqa: E402

GOLD_SETS = {"seeds": (GOLD, RAW), "heldout": (ROOT / "tests" / "heldout" / "gold", ROOT / "tests" / "heldout" / "raw"),
             "real": (ROOT / "tests" / "real" / "gold", ROOT / "tests" / "real" / "raw")}
WIDE = str.maketrans("0123456789()%:", "０１２３４５６７８９（）％：")
OUR_ONLY = {"targets.headline_p", "targets.headline_r", "targets.headline_f1",
            "meta.title_acc", "meta.doc_number_acc", "meta.issuer_acc", "meta.date_acc"}


def _nest(flat: list[dict]) -> list[dict]:
    """A flat gold section list as a predicted tree (children by level)."""
    roots, stack = [], []
    for s in flat:
        node = {**s, "children": []}
        while stack and stack[-1]["level"] >= (node.get("level") or 0):
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)
    return roots


def _edit_target(t: dict, rng: random.Random) -> dict:
    t = dict(t)
    k = rng.randrange(9)
    if k == 0 and isinstance(t.get("value"), (int, float)) and str(t.get("unit") or "").startswith(("万", "亿")):
        unit = str(t["unit"])                          # 1.4万亿元 -> 14000亿元, 3万人 -> 30000人
        t["value"], t["unit"] = (t["value"] * 10000, unit[1:]) if unit.startswith("万") else (t["value"] * 1e8, unit[1:])
    elif k == 1:
        t["year"] = rng.choice([None, (t.get("year") or 2025) + 1])
    elif k == 2:
        t["qualifier"] = rng.choice(["point", "approx", "at_least", None])
    elif k == 3:
        t["indicator"] = rng.choice(["", "全区" + str(t.get("indicator") or ""), "森林覆盖率"])
    elif k == 4:
        t["unit"] = str(t.get("unit") or "").translate(WIDE)
    elif k == 5 and isinstance(t.get("value"), (int, float)):
        t["value"] = t["value"] + 1
    elif k == 6:
        t["unit"] = "个" + str(t.get("unit") or "")
    elif k == 7 and isinstance(t.get("value"), (int, float)) and str(t.get("unit") or "").startswith("万"):
        t["value"], t["unit"] = t["value"] / 1000, "千" + str(t["unit"])      # 1000万元 -> 1千万元: not folded
    t["headline"] = rng.random() < 0.3
    return t


def _edit_doc(g: dict, rng: random.Random, pool: list[dict]) -> dict:
    """A predicted document made from a gold one by random edits."""
    keep = lambda xs: [x for x in xs or [] if rng.random() > 0.15]  # noqa: E731
    p = {k: g.get(k) for k in ("title", "doc_number", "issuer", "date")}
    if rng.random() < 0.2:
        p["title"] = str(g.get("title") or "").replace("—", "-") + rng.choice(["", "。", "（征求意见稿）"])
    if rng.random() < 0.2:
        p["alt_titles"], p["title"] = [p["title"]] if p["title"] else [], "关于印发的通知"
    if rng.random() < 0.2:
        p["issuer"] = rng.choice([str(g.get("issuer") or "")[2:], "人民政府", None])
    if rng.random() < 0.1:
        p["date"] = "2024-01-01"
    sections = []
    for s in keep(g.get("sections")):
        s = dict(s)
        r = rng.random()
        if r < 0.08:
            s["level"] = (s.get("level") or 1) + 1
        elif r < 0.16:
            s["marker"] = str(s.get("marker") or "").translate(WIDE).replace("（", "(").replace("）", ")")
        elif r < 0.24:
            s["title"] = str(s.get("title") or "") + rng.choice(["和主要措施", "。", " "])
        elif r < 0.3:
            s["title"] = str(s.get("title") or "")[:2]
        sections.append(s)
    if rng.random() < 0.3:
        sections.insert(rng.randrange(len(sections) + 1), {"level": 1, "marker": "一、", "title": "总体要求"})
    targets = [_edit_target(t, rng) if rng.random() < 0.5 else dict(t) for t in keep(g.get("targets"))]
    if targets and rng.random() < 0.3:
        targets.append(dict(rng.choice(targets)))          # a duplicate: one of them is spurious
    if pool and rng.random() < 0.3:
        targets.append(_edit_target(rng.choice(pool), rng))
    rng.shuffle(targets)
    duties = []
    for d in keep(g.get("responsibilities")):
        d = {**d, "lead": list(d.get("lead") or []), "support": list(d.get("support") or [])}
        r = rng.random()
        if r < 0.15:
            d["lead"], d["support"] = d["lead"] + d["support"], []
        elif r < 0.25:
            d["lead"] = [u.translate(WIDE) + " " for u in d["lead"]]
        elif r < 0.3:
            d["support"].append("有关部门")
        duties.append(d)
    tables = []
    for t in keep(g.get("tables")):
        t = copy.deepcopy(t)
        r = rng.random()
        if r < 0.15:
            t["label"] = None
        elif r < 0.3:
            t["title"] = "附件：" + str(t.get("title") or "")
        rows = [list(row) for row in t.get("rows") or []]
        if rows and rng.random() < 0.4:
            i = rng.randrange(len(rows))
            rows[i] = rows[i][:-1] if rng.random() < 0.5 else [str(c).translate(WIDE) for c in rows[i]]
        if rows and rng.random() < 0.2:
            rows = rows[1:]
        t["rows"] = rows
        if t.get("items") and rng.random() < 0.3:
            t["items"] = [str(x)[:5] for x in t["items"]][::-1]
        if t.get("columns") and rng.random() < 0.2:
            t["columns"] = list(t["columns"])[1:]
        tables.append(t)
    return {**p, "sections": _nest(sections), "targets": targets, "responsibilities": duties, "tables": tables}


def _edit_file(gold: dict, rng: random.Random) -> dict:
    gdocs = list(gold.get("documents") or [])
    pool = [t for d in gdocs for t in d.get("targets") or []]
    docs = [_edit_doc(g, rng, pool) for g in gdocs if rng.random() > 0.1]
    if docs and rng.random() < 0.2:                       # a document split in two: the tail is unpaired
        d = docs[0]
        half = len(d["sections"]) // 2
        docs.insert(1, {"title": None, "sections": d["sections"][half:], "targets": d["targets"][::2],
                        "responsibilities": [], "tables": []})
        d["sections"] = d["sections"][:half]
    if rng.random() < 0.15:
        docs.append({"title": "网站声明", "sections": [{"level": 1, "marker": "一、", "title": "版权", "children": []}],
                     "targets": [{"year": 2025, "indicator": "x", "value": 1, "unit": "%", "headline": True}]})
    rng.shuffle(docs)
    return {"documents": docs}


def _both(gold_dir, pred_dir, capsys) -> tuple[dict, dict]:
    res = runner.invoke(app, ["eval", "--gold", str(gold_dir), str(pred_dir), "--json"])
    assert res.exit_code == 0, res.output
    capsys.readouterr()
    assert reference_score.main(["--gold", str(gold_dir), "--pred", str(pred_dir), "--json"]) == 0
    return json.loads(res.stdout), json.loads(capsys.readouterr().out)


def _assert_same(ours: dict, ref: dict):
    assert set(ours["figures"]) == set(ref["figures"]) | OUR_ONLY
    assert {k: ours["figures"][k] for k in ref["figures"]} == ref["figures"]
    for stem, r in ref["files"].items():                   # every count of every file, too
        o = ours["files"][stem]
        for area, counts in r.items():
            got = {k: o[area][k] for k in counts if k not in ("p", "r", "f1")}
            assert got == {k: v for k, v in counts.items() if k not in ("p", "r", "f1")}, (stem, area)


@functools.cache
def _gold_set(name: str) -> list[tuple[str, dict]]:
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = []
    for path in sorted(GOLD_SETS[name][0].glob("*.yaml")):
        gold = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        out.append((Path(gold.get("source") or path.stem).stem, gold))
    return out


@pytest.mark.parametrize("name", sorted(GOLD_SETS))
@pytest.mark.parametrize("seed", range(6))
def test_equals_reference_on_generated_predictions(name, seed):
    """In-process (the gold loaded once): each file's prediction is made by random edits, written as
    JSON and read back (a few are missing or cut short: both score those as empty)."""
    rng = random.Random(f"{name}-{seed}")
    ours, ref = {}, {}
    for stem, gold in _gold_set(name):
        text = "" if rng.random() < 0.05 else json.dumps(_edit_file(gold, rng), ensure_ascii=False)
        if rng.random() < 0.03:
            text = text[: len(text) // 2]
        try:
            pred = json.loads(text)
        except ValueError:
            pred = None
        ours[stem] = score_file(gold, pred)
        ref[stem] = reference_score.score_file(gold, pred if pred is not None else {"documents": []})
    summary = reference_score.summarise(ref)
    figures = reference_score.flat_figures(summary)
    _assert_same(Report(files=ours).as_dict(), {"files": ref, "figures": figures})
    assert figures["targets.f1"] < 1.0 and figures["sections.f1"] < 1.0     # the edits bite


@pytest.mark.parametrize("name", sorted(GOLD_SETS))
def test_equals_reference_on_parser_predictions(name, tmp_path, capsys):
    gold_dir, raw_dir = GOLD_SETS[name]
    res = runner.invoke(app, ["extract", str(raw_dir), "-o", str(tmp_path), "--quiet"])
    assert res.exit_code == 0, res.output
    _assert_same(*_both(gold_dir, tmp_path, capsys))


# ------------------------------------------------------------------ headline figures


def _t(value, headline=None, year=2025, indicator="国内生产总值增长"):
    t = {"year": year, "indicator": indicator, "value": value, "unit": "%", "qualifier": "approx"}
    if headline is not None:
        t["headline"] = headline
    return t


HEADLINE_CASES = [
    # id, gold targets, predicted targets, (headline_tp, headline_gold, headline_pred), (p, r, f1)
    ("all-found-and-flagged", [_t(5, True), _t(3, True)], [_t(5, True), _t(3, True)], (2, 2, 2), (1.0, 1.0, 1.0)),
    ("one-flag-missing", [_t(5, True), _t(3, True)], [_t(5, True), _t(3, False)], (1, 2, 1), (1.0, 0.5, 2 / 3)),
    ("flag-on-a-non-headline-gold", [_t(5, True), _t(3)], [_t(5, True), _t(3, True)], (1, 1, 2), (0.5, 1.0, 2 / 3)),
    ("flagged-but-unmatched", [_t(5, True)], [_t(5, True, year=2024)], (0, 1, 1), (0.0, 0.0, 0.0)),
    ("gold-headline-not-found", [_t(5, True), _t(3)], [_t(3)], (0, 1, 0), (0.0, 0.0, 0.0)),
    ("no-field-is-not-headline", [_t(5)], [_t(5)], (0, 0, 0), (1.0, 1.0, 1.0)),
    ("flags-only-in-prediction", [_t(5)], [_t(5, True)], (0, 0, 1), (0.0, 1.0, 0.0)),
]


@pytest.mark.parametrize("gold,pred,counts,rates", [c[1:] for c in HEADLINE_CASES],
                         ids=[c[0] for c in HEADLINE_CASES])
def test_headline_figures(gold, pred, counts, rates):
    score = score_file({"documents": [{"title": DEFAULT_TITLE, "targets": gold}]},
                       {"documents": [{"title": DEFAULT_TITLE, "targets": pred}]})
    tg = score.targets
    assert (tg.headline_tp, tg.headline_gold, tg.headline_pred) == counts
    assert (tg.headline_p, tg.headline_r, tg.headline_f1) == pytest.approx(rates)
    figures = score.figures()
    assert (figures["targets.headline_p"], figures["targets.headline_r"]) == pytest.approx(rates[:2])


def test_headline_does_not_change_the_target_figures():
    gold = [_t(5, True), _t(3, True), _t(1)]
    flagged = score_file({"documents": [{"title": DEFAULT_TITLE, "targets": gold}]},
                         {"documents": [{"title": DEFAULT_TITLE, "targets": [_t(5, True), _t(3), _t(9, True)]}]})
    plain = score_file({"documents": [{"title": DEFAULT_TITLE, "targets": [{k: v for k, v in t.items()
                                                                          if k != "headline"} for t in gold]}]},
                       {"documents": [{"title": DEFAULT_TITLE, "targets": [_t(5), _t(3), _t(9)]}]})
    spec = [k for k in plain.figures() if "headline" not in k]
    assert {k: flagged.figures()[k] for k in spec} == {k: plain.figures()[k] for k in spec}
    assert [m.gold for m in flagged.misses if m.kind == "differs"] == ["headline True (2025 国内生产总值增长 = 3 % (approx))"]


def test_headline_of_an_unpaired_predicted_document_counts():
    gold = {"documents": [{"title": DEFAULT_TITLE, "targets": [_t(5, True)]}]}
    pred = {"documents": [{"title": DEFAULT_TITLE, "targets": [_t(5, True)]},
                          {"title": "网站声明", "targets": [_t(7, True), _t(8)]}]}
    tg = score_file(gold, pred).targets
    assert (tg.headline_tp, tg.headline_gold, tg.headline_pred, tg.pred) == (1, 1, 2, 3)
    text = render_table(Report(files={"f": score_file(gold, pred)}))
    assert "targets headline" in text and "(both 1, gold 1, predicted 2)" in text


# ------------------------------------------------------------------ the work-report GDP check

from policyparse.evaluate import gdp as G  # noqa: E402

WORK_REPORTS = ROOT / "tests" / "data" / "work_reports"
GDP_GOLD = ROOT / "tests" / "real" / "gdp_gold.yaml"
G2024 = G.GdpGold("r.txt", 2024, True, "gdp", 5, None, "approx", "国内生产总值增长5%左右")
SENT = "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上。"


def _gt(indicator="国内生产总值增长", value=5.0, year=2024, qualifier="approx", at=(19, 21), unit="%", **kw):
    """A predicted target of SENT (span 100..), its value printed at `at` within the sentence."""
    return {"indicator": indicator, "value": value, "unit": unit, "qualifier": qualifier, "year": year,
            "text": SENT, "span": [100, 100 + len(SENT)], "value_span": [100 + at[0], 100 + at[1]], **kw}


GDP_CASES = [
    # id, gold, targets, outcome, differs
    ("found", G2024, [_gt()], "found", ""),
    ("found-anywhere", G2024, [_gt(at=(0, 2))], "found", ""),
    ("year-null", G2024, [_gt(year=None)], "wrong year", "year"),
    ("qualifier-lost", G2024, [_gt(qualifier="point")], "wrong value", "qualifier"),
    ("other-value-and-year", G2024, [_gt(value=6.0, year=2023)], "wrong value", "year, value"),
    ("indicator-at-quote", G2024, [_gt(indicator="预期目标", year=None)], "wrong indicator", "indicator, year"),
    ("best-reading-at-quote", G2024, [_gt(indicator="目标", year=None), _gt(year=None)], "wrong year", "year"),
    ("elsewhere-this-year", G2024, [_gt(value=6.0, at=(40, 44))], "wrong value", "value"),
    ("elsewhere-other-year", G2024, [_gt(year=2023, at=(40, 44))], "wrong year", "year"),
    ("share-is-no-growth", G2024, [_gt(indicator="赤字占国内生产总值比重", at=(40, 44))], "missing", ""),
    ("other-family", G.GdpGold("r.txt", 1981, True, "gross_output", 5, None, "approx", "国内生产总值增长5%左右"),
     [_gt(year=1981)], "wrong indicator", "indicator"),
    ("gnp-for-gdp-family", G.GdpGold("r.txt", 1992, True, "gnp", 5, None, "approx", "x"),
     [_gt(indicator="国民生产总值增长", year=1992)], "found", ""),
    ("missing", G2024, [], "missing", ""),
    ("not-stated-none", G.GdpGold("r.txt", 2000, False), [_gt(year=1999)], "none", ""),
    ("not-stated-spurious", G.GdpGold("r.txt", 2000, False), [_gt(year=2000)], "spurious", ""),
]


@pytest.mark.parametrize("gold,targets,outcome,differs", [c[1:] for c in GDP_CASES], ids=[c[0] for c in GDP_CASES])
def test_gdp_outcome(gold, targets, outcome, differs):
    row = G.check_report(gold, targets)
    assert (row.outcome, row.differs) == (outcome, differs)


def test_gdp_gold_matches_the_copied_reports():
    """Every report of the gold is in tests/data/work_reports, with its quote on its line."""
    golds = G.load_gdp_gold(GDP_GOLD)
    assert sorted(g.file for g in golds) == sorted(p.name for p in WORK_REPORTS.glob("*.txt"))
    import yaml
    for e in yaml.safe_load(GDP_GOLD.read_text(encoding="utf-8")):
        if e["stated"]:
            line = (WORK_REPORTS / e["file"]).read_text(encoding="utf-8").split("\n")[e["line"] - 1]
            assert e["quote"] in line, e["file"]


def _gdp_output(tmp_path, stem, targets):
    doc = {"id": "d1", "title": "政府工作报告", "span": [0, 10], "sections": [], "targets": targets,
           "responsibilities": [], "tables": []}
    (tmp_path / f"{stem}.json").write_text(json.dumps({"documents": [doc]}, ensure_ascii=False), encoding="utf-8")


def test_gdp_command_on_outputs(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("""\
- {file: a.txt, plan_year: 2024, stated: true, indicator_kind: gdp, value: 5, value_max: null, qualifier: approx,
   quote: 国内生产总值增长5%左右}
- {file: b.txt, plan_year: 2024, stated: true, indicator_kind: gdp, value: 5, value_max: null, qualifier: approx,
   quote: 国内生产总值增长5%左右}
- {file: c.txt, plan_year: 2000, stated: false}
- {file: d.txt, plan_year: 2001, stated: true, indicator_kind: gdp, value: 7, value_max: null, qualifier: approx,
   quote: 经济增长预期目标为7%左右}
""", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    _gdp_output(out, "a", [_gt()])
    _gdp_output(out, "b", [_gt(year=None)])
    _gdp_output(out, "c", [_gt(year=2000)])
    res = runner.invoke(app, ["eval", "--gdp", str(gold), str(out), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [r["outcome"] for r in data["reports"]] == ["found", "wrong year", "spurious", "missing"]
    assert data["figures"] == {"gdp.found_rate": 1 / 3, "gdp.found": 1.0, "gdp.none_rate": 0.0}
    assert "d: no prediction found" in res.stderr
    res = runner.invoke(app, ["eval", "--gdp", str(gold), str(out)])
    assert "stated 3: found 1/3 (0.333), wrong year 1, wrong value 0, wrong indicator 0, missing 1" in res.stdout
    assert runner.invoke(app, ["eval", "--gdp", str(gold), str(out), "--min", "gdp.found_rate=0.3"]).exit_code == 0
    res = runner.invoke(app, ["eval", "--gdp", str(gold), str(out), "--min", "gdp.found_rate=0.5"])
    assert res.exit_code == 1 and "gdp.found_rate=0.333<0.5" in res.stderr
    assert runner.invoke(app, ["eval", "--gdp", str(gold), str(out), "--min", "targets.f1=0"]).exit_code == 2
    assert runner.invoke(app, ["eval", "--gdp", str(gold), "--gold", str(GOLD), str(out)]).exit_code == 2
    assert runner.invoke(app, ["eval", str(out)]).exit_code == 2


def test_gdp_command_parses_the_work_reports():
    res = runner.invoke(app, ["eval", "--gdp", str(GDP_GOLD), str(WORK_REPORTS), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert len(data["reports"]) == 42 and not data["problems"]
    assert sum(data["counts"].values()) == 42
    found = [r for r in data["reports"] if r["outcome"] == "found"]
    assert all(r["target"]["year"] == r["plan_year"] for r in found)
