"""`policyparse eval`: the scoring rules (tests/cases/eval.yaml) and the command over the seeds."""
from __future__ import annotations

import json
import shutil

import pytest
from casesupport import load_cases
from conftest import ROOT
from typer.testing import CliRunner

from policyparse.cli import app
from policyparse.evaluate import Report, Score, index_predictions, render_misses, score_file

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
