"""The work-report check (issue 14): `policyparse eval --gdp GOLD.yaml PRED...`.

Does the parser give each national work report's growth target for the year the report plans, with
the gold's year, value, range and qualifier? The gold (tests/real/gdp_gold.yaml, annotated blind) is
a YAML list, one entry per report: `file`, `plan_year`, `stated`, `indicator_kind` (gdp / gnp /
gross_output), `value`, `value_max`, `unit`, `qualifier` and the `quote` the target is printed in.

A predicted target is a growth target (`growth_kind`) when its unit is % and its indicator names the
growth of GDP, GNP or the economy (国内生产总值/地区生产总值/生产总值/GDP/经济增长/经济增速 → gdp,
国民生产总值 → gnp), or of 工农业总产值 (gross_output, the measure of the early 1980s), and is no share,
per-head or per-unit figure. gdp and gnp are one family: a report planning 国民生产总值 is right
with a gnp or a gdp target; gross_output only with gross_output.

Outcome of a report whose gold states a target (`stated: true`):
- found: a growth target of the gold's family with the gold's year, value, value_max and qualifier;
- otherwise the target printed at the gold quote (its value inside the quote) is judged:
  wrong indicator (not a growth target of the family), wrong year (only the year differs, e.g. null),
  wrong value (value, range or qualifier differ; `differs` names them, the year too when it differs);
- with nothing at the quote, a growth target of the family elsewhere for the plan year is a wrong
  value, one with the gold's value, range and qualifier for another year a wrong year;
- missing: none of these.
`found_rate` = found / stated reports. A report whose gold states none (`stated: false`) is right
("none") when the parser gives no growth target for the plan year, else "spurious";
`none_rate` = none / not-stated reports.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from .areas import show_target
from .documents import pred_documents
from .fold import base_quantity, fold, same_number
from ..lexicons import compile_on_use

GROWTH_OF_RE = compile_on_use(r"""
    (?P<gross_output> 工农业(?:生产)?总产值 )          # gross output of industry and agriculture (1980s)
  | (?P<gnp> 国民生产总值 )                            # gross national product (to 1993)
  | (?P<gdp> 国内生产总值 | 地区生产总值 | 生产总值     # gross domestic product
           | GDP | 经济增长 | 经济增速 )                # 经济增长速度的调控目标, 经济增长预期目标
""", regex.VERBOSE)
GROWTH_WORD_RE = compile_on_use(r"增长|增速|递增|速度|增幅")
NOT_GROWTH_RE = compile_on_use(r"""
    人均 | 单位 | 占 | 比重 | 比例 | 贡献 | 能耗 | 翻      # per head, per unit of GDP, a share, a contribution
""", regex.VERBOSE)
FAMILY = {"gdp": "output", "gnp": "output", "gross_output": "gross_output"}
FOUND, NONE = "found", "none"
WRONG_YEAR, WRONG_VALUE, WRONG_INDICATOR, MISSING, SPURIOUS = (
    "wrong year", "wrong value", "wrong indicator", "missing", "spurious")
STATED_OUTCOMES = (FOUND, WRONG_YEAR, WRONG_VALUE, WRONG_INDICATOR, MISSING)
FIGURES = ("gdp.found_rate", "gdp.found", "gdp.none_rate")


def growth_kind(target: Mapping) -> str | None:
    """gdp / gnp / gross_output when `target` is that aggregate's growth in %, else None.

    >>> [growth_kind({"indicator": i, "value": 8, "unit": u}) for i, u in [("国内生产总值增长", "%"),
    ...     ("经济增长速度的调控目标定", "％"), ("国民生产总值计划增长", "%"), ("工农业总产值的增长速度", "%")]]
    ['gdp', 'gdp', 'gnp', 'gross_output']
    >>> [growth_kind({"indicator": i, "value": 4, "unit": u}) for i, u in [("单位国内生产总值能耗降低", "%"),
    ...     ("研发经费支出占国内生产总值比重", "%"), ("国内生产总值增长", "万亿元"), ("工业总产值增长", "%")]]
    [None, None, None, None]
    """
    indicator = fold(target.get("indicator"))
    quantity = base_quantity(target.get("value"), target.get("unit"))
    if quantity is None or quantity[1] != "%" or NOT_GROWTH_RE.search(indicator):
        return None
    m = GROWTH_OF_RE.search(indicator)
    if m is None or not GROWTH_WORD_RE.search(indicator):
        return None
    return m.lastgroup


@dataclass(frozen=True)
class GdpGold:
    """One report's gold entry."""

    file: str
    plan_year: int
    stated: bool
    kind: str | None = None
    value: float | None = None
    value_max: float | None = None
    qualifier: str | None = None
    quote: str = ""

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    @classmethod
    def from_entry(cls, e: Mapping) -> GdpGold:
        return cls(file=str(e["file"]), plan_year=int(e["plan_year"]), stated=bool(e.get("stated")),
                   kind=e.get("indicator_kind"), value=e.get("value"), value_max=e.get("value_max"),
                   qualifier=e.get("qualifier"), quote=str(e.get("quote") or ""))

    def show(self) -> str:
        if not self.stated:
            return "not stated"
        value = f"{self.value:g}" + (f"–{self.value_max:g}" if self.value_max is not None else "")
        return f"{self.kind} {value}% {self.qualifier or 'point'}"


def differing(gold: GdpGold, t: Mapping) -> list[str]:
    """The parts of target `t` that differ from the gold: year, value, value_max, qualifier.

    >>> g = GdpGold("r.txt", 2016, True, "gdp", 6.5, 7, "range")
    >>> differing(g, {"year": None, "value": 6.5, "value_max": 7.0, "qualifier": "range"})
    ['year']
    >>> differing(g, {"year": 2016, "value": 6.5, "qualifier": "at_least"})
    ['value_max', 'qualifier']
    """
    def same(a: Any, b: Any) -> bool:
        if a is None or b is None:
            return a is None and b is None
        try:
            return same_number(float(a), float(b))
        except (TypeError, ValueError):
            return False
    out = []
    if t.get("year") != gold.plan_year:
        out.append("year")
    for name in ("value", "value_max"):
        if not same(getattr(gold, name), t.get(name)):
            out.append(name)
    if (gold.qualifier or "point") != (t.get("qualifier") or "point"):
        out.append("qualifier")
    return out


def at_quote(quote: str, t: Mapping) -> bool:
    """The target's printed value lies inside an occurrence of `quote` in its sentence (`text` is
    original[span], so offsets inside it map to the document).

    >>> t = {"text": "今年国内生产总值增长8%左右，居民消费价格涨幅3%左右。",
    ...      "span": [100, 128], "value_span": [110, 112]}
    >>> at_quote("国内生产总值增长8%左右", t), at_quote("居民消费价格涨幅3%左右", t)
    (True, False)
    """
    text, span, vspan = t.get("text") or "", t.get("span"), t.get("value_span")
    if not quote or not span or not vspan:
        return False
    if text and text in quote:
        return True
    start = text.find(quote)
    while start >= 0:
        qs = span[0] + start
        if vspan[0] < qs + len(quote) and vspan[1] > qs:
            return True
        start = text.find(quote, start + 1)
    return False


@dataclass(frozen=True)
class GdpRow:
    gold: GdpGold
    outcome: str
    target: Mapping | None = None       # the predicted target the outcome is about
    differs: str = ""                   # what differs, for the wrong ones
    note: str = ""


def check_report(gold: GdpGold, targets: Sequence[Mapping]) -> GdpRow:
    """The outcome for one report, given every target the parser gave for it (see the module doc).

    >>> g = GdpGold("r.txt", 2024, True, "gdp", 5, None, "approx", "国内生产总值增长5%左右")
    >>> t = {"indicator": "国内生产总值增长", "value": 5.0, "unit": "%", "qualifier": "approx", "year": None,
    ...      "text": "国内生产总值增长5%左右", "span": [0, 12], "value_span": [8, 10]}
    >>> r = check_report(g, [t]); (r.outcome, r.differs)
    ('wrong year', 'year')
    >>> check_report(g, [{**t, "year": 2024}]).outcome, check_report(g, []).outcome
    ('found', 'missing')
    """
    family = FAMILY.get(gold.kind or "")
    kinds = [growth_kind(t) for t in targets]
    if not gold.stated:
        hits = [t for t, k in zip(targets, kinds) if k and t.get("year") == gold.plan_year]
        return GdpRow(gold, SPURIOUS, hits[0], note=f"{len(hits)} growth target(s) for {gold.plan_year}") \
            if hits else GdpRow(gold, NONE)
    cands = [t for t, k in zip(targets, kinds) if k and FAMILY[k] == family]
    for t in cands:
        if not differing(gold, t):
            return GdpRow(gold, FOUND, t)
    here = [(FAMILY.get(k or "") != family, len(differing(gold, t)), n)
            for n, (t, k) in enumerate(zip(targets, kinds)) if at_quote(gold.quote, t)]
    if here:
        other_family, _, n = min(here)
        t, diff = targets[n], differing(gold, targets[n])
        if other_family:
            return GdpRow(gold, WRONG_INDICATOR, t, ", ".join(["indicator", *diff]))
        return GdpRow(gold, WRONG_YEAR if diff == ["year"] else WRONG_VALUE, t, ", ".join(diff))
    elsewhere = " (not at the gold quote)"
    this_year = [t for t in cands if t.get("year") == gold.plan_year]
    if this_year:
        t = min(this_year, key=lambda t: len(differing(gold, t)))
        return GdpRow(gold, WRONG_VALUE, t, ", ".join(differing(gold, t)), note=elsewhere)
    other_year = [t for t in cands if differing(gold, t) == ["year"]]
    if other_year:
        return GdpRow(gold, WRONG_YEAR, other_year[0], "year", note=elsewhere)
    return GdpRow(gold, MISSING, note=f"{len(cands)} other growth target(s)" if cands else "")


# ---------------------------------------------------------------- a run

@dataclass
class GdpReport:
    rows: list[GdpRow]
    problems: list[str] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter(r.outcome for r in self.rows)

    def figures(self) -> dict[str, float]:
        """`--min` names: gdp.found_rate (found / stated), gdp.found, gdp.none_rate.

        >>> g = GdpGold("a.txt", 2000, True, "gdp", 7, None, "approx")
        >>> GdpReport([GdpRow(g, FOUND), GdpRow(g, MISSING)]).figures()
        {'gdp.found_rate': 0.5, 'gdp.found': 1.0, 'gdp.none_rate': 1.0}
        """
        c = self.counts()
        stated = sum(c[k] for k in STATED_OUTCOMES)
        unstated = c[NONE] + c[SPURIOUS]
        return {"gdp.found_rate": c[FOUND] / stated if stated else 1.0, "gdp.found": float(c[FOUND]),
                "gdp.none_rate": c[NONE] / unstated if unstated else 1.0}

    def as_dict(self) -> dict:
        return {"reports": [{"file": r.gold.file, "plan_year": r.gold.plan_year, "gold": r.gold.show(),
                             "outcome": r.outcome, "differs": r.differs, "note": r.note,
                             "target": dict(r.target) if r.target is not None else None} for r in self.rows],
                "counts": dict(self.counts()), "figures": self.figures(), "problems": self.problems}


def load_gdp_gold(path: str | Path) -> list[GdpGold]:
    import yaml
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of reports")
    return [GdpGold.from_entry(e) for e in data]


def check_gdp(gold_path: str | Path, pred_paths: Iterable[str | Path]) -> GdpReport:
    """Each report of the gold, parsed (a .txt) or read (an output), checked."""
    from ..diagnostics import PolicyParseError
    from .report import index_predictions, load_prediction
    index = index_predictions(pred_paths, exclude=gold_path)
    report = GdpReport(rows=[])
    for gold in load_gdp_gold(gold_path):
        path, pred = index.get(gold.stem), None
        if path is None:
            report.problems.append(f"{gold.stem}: no prediction found (its targets count as none)")
        else:
            try:
                pred = load_prediction(path)
            except (OSError, ValueError, PolicyParseError) as exc:
                report.problems.append(f"{gold.stem}: unusable prediction {path} ({exc})")
        targets = [t for d in pred_documents(pred) for t in d.get("targets") or []]
        report.rows.append(check_report(gold, targets))
    return report


def pad(s: str, width: int) -> str:
    """`s` clipped and padded to `width` terminal columns (a CJK character takes two).

    >>> pad("国内生产总值", 8) + "|", pad("ab", 4) + "|"
    ('国内生… |', 'ab  |')
    """
    cols = lambda c: 2 if unicodedata.east_asian_width(c) in "WF" else 1  # noqa: E731
    out, used = "", 0
    for n, c in enumerate(s):
        if used + cols(c) > width or (used + cols(c) == width and n < len(s) - 1):
            out, used = out + "…", used + 1
            break
        out, used = out + c, used + cols(c)
    return out + " " * (width - used)


def render_gdp(report: GdpReport) -> str:
    head = f"{'report':24} {'plan':>4}  {pad('gold', 26)} {pad('parser', 48)} outcome"
    lines = [head, "-" * (len(head) + 20)]
    for r in report.rows:
        shown = show_target(r.target) if r.target is not None else "-"
        outcome = r.outcome + (f" ({r.differs})" if r.differs else "") + (f" {r.note}" if r.note else "")
        lines.append(f"{r.gold.stem[:24]:24} {r.gold.plan_year:>4}  {pad(r.gold.show(), 26)} {pad(shown, 48)} "
                     f"{outcome}")
    c, fig = report.counts(), report.figures()
    stated = sum(c[k] for k in STATED_OUTCOMES)
    lines += ["", f"stated {stated}: found {c[FOUND]}/{stated} ({fig['gdp.found_rate']:.3f}), "
                  + ", ".join(f"{k} {c[k]}" for k in STATED_OUTCOMES[1:]),
              f"not stated {c[NONE] + c[SPURIOUS]}: none {c[NONE]}, spurious {c[SPURIOUS]}",
              "", "figures (names for --min)"]
    lines += [f"  {k:30} {v:.3f}" for k, v in fig.items()]
    return "\n".join(lines) + "\n"


def gdp_json(report: GdpReport) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=1) + "\n"
