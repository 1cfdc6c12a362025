"""Indicator tables -> targets: one target per row of a table with a target column ("2022年目标", or
"2020年 | 2025年" columns: the later year is the target)."""
from __future__ import annotations

from collections.abc import Sequence

import regex

from ..explain import note
from ..normalize import normalize
from ..numerals import parse_number, split_multiplier
from ..records import Baseline, TableHit, TargetHit, Text
from ..spans import Span
from .parts import TITLE_PERIOD_RE
from .quantities import ARABIC
from .years import PLAN_NAME, plan_end


TARGET_COL_RE = regex.compile(r"(?P<year>(?:19|20)\d{2})\s?年?\s?(?:目标|预期|规划)|^目标值?$|目标值"
                              r"|^(?:预期|规划)(?:目标)?值$|^预期目标$")     # "预期值": not the attribute "预期性"
# a table whose target column names no year takes the plan period its title names ("“十四五”时期主要指标" -> 2025,
# "主要指标（2021—2025年）" -> 2025)
PLAN_NAME_RE = regex.compile(PLAN_NAME, regex.VERBOSE)
BASE_COL_RE = regex.compile(r"(?P<year>(?:19|20)\d{2})\s?年?\s?(?:基数|基期|现状|基准|实际)|^基数$|基期值")
YEAR_IN_COL_RE = regex.compile(r"[(（]\s?((?:19|20)\d{2})\s?年?\s?[)）]")     # "目标值（2025年）"
YEAR_COL_RE = regex.compile(r"^((?:19|20)\d{2})\s?年?(?:\(.{0,8}\))?$")    # "2025年", "2025年(预计)"
UNIT_IN_NAME_RE = regex.compile(r"\([^()]{1,10}\)$")                         # "地区生产总值(亿元)"
CELL_RE = regex.compile(rf"""
    ^\s?(?P<pre>[≥>≤<]|约|不低于|不少于|超过|不超过|不高于)?\s?
    (?P<change>下降|降低|减少|提高|提升|增长|增加)?\s?      # "下降15%": a committed change of the level
    (?P<open>[(\[〔【])?\s?                # "〔5〕" "[5]" "(5)": a 规划 table's 5-year cumulative figure
    (?P<num>{ARABIC})(?:\s?[—–~～\-]\s?(?P<max>{ARABIC}))?
    \s?(?P<unit>[^\d\s()\[\]〔〕【】]{{0,8}}?)
    (?(open)\s?[)\]〕】])                  # a bracket opened must close (no bracket inside the unit)
    (?P<suffix>左右|以上|以内|以下)?\s?$
    """, regex.VERBOSE)                      # anchored, every repeat bounded: linear
CHANGE_DIRECTION = {"下降": "decrease", "降低": "decrease", "减少": "decrease",
                    "提高": "increase", "提升": "increase", "增长": "increase", "增加": "increase"}
CELL_PRE = {"≥": "at_least", ">": "at_least", "≤": "at_most", "<": "at_most", "约": "approx",
            "不低于": "at_least", "不少于": "at_least", "超过": "at_least", "不超过": "at_most",
            "不高于": "at_most"}


def tables_targets(t: Text, tables: Sequence[TableHit], in_review, doc_year: int | None
                   ) -> tuple[list[TargetHit], list[Span]]:
    """The targets of the document's indicator tables, and the spans of those tables (their text is read as rows,
    not prose). A table in a review part (`in_review`: "发展基础", "“十四五”规划执行情况") reports how the last plan
    went: its values are statistics."""
    hits: list[TargetHit] = []
    covered: list[Span] = []
    for tb in tables:
        rows = table_targets(t, tb, doc_year)
        if rows is None:
            continue
        covered.append(tb.span)
        if in_review(tb.span[0]):
            for h in rows:
                note("targets", h.value_span, "dropped", "in-review-table", t.raw[h.value_span[0]:h.value_span[1]])
        else:
            hits.extend(rows)
    return hits, covered


def table_targets(t: Text, tb: TableHit, doc_year: int | None) -> list[TargetHit] | None:
    """Targets from an indicator table's target column; None when the table has no such column."""
    cols = [normalize(c or "").replace(" ", "") for c in tb.columns]
    if not tb.rows:
        return None
    tcols = [i for i, c in enumerate(cols) if TARGET_COL_RE.search(c)]
    tcol = tcols[0] if tcols else None
    bcol = next((i for i, c in enumerate(cols) if BASE_COL_RE.search(c)), None)
    year = byear = None
    if tcol is not None:
        dated = [(i, _column_year(cols[i], tb)) for i in tcols]
        year = dated[0][1]
        # several target columns, each its year ("目标值（2025年）| 目标值（2035年）"): a target per row and column
        later = [(i, y) for i, y in dated[1:] if y is not None and year is not None and y > year]
    else:                                     # 规划 tables: "2020年 | 2025年": the later year is the target
        years = [(int(m.group(1)), i) for i, c in enumerate(cols) if (m := YEAR_COL_RE.match(c))]
        if len(years) < 2 and not (years and doc_year and years[0][0] > doc_year):
            return None
        year, tcol = max(years)
        later = []
        if len(years) >= 2 and bcol is None:
            byear, bcol = min(years)
    if bcol is not None and byear is None:
        bm = BASE_COL_RE.search(cols[bcol])
        byear = int(bm.group("year")) if bm and bm.group("year") else None
    # the indicator column; of several levels ("一级指标 | 二级指标 | 三级指标") the last, the one measured
    named = [i for i, c in enumerate(cols) if "指标" in c and "类" not in c and "属性" not in c
             and not c.endswith("单位") and (tcol is None or i < tcol)]          # (not "指标单位": the unit)
    icol = named[-1] if named else next((i for i, c in enumerate(cols) if c in ("项目", "名称", "内容")), None)
    if icol is None:
        return None
    ucol = next((i for i, c in enumerate(cols) if c in ("单位", "计量单位", "指标单位")), None)
    out = []
    for col, col_year in [(tcol, year), *later]:
        out += _column_targets(t, tb, col, col_year, icol, ucol, bcol, byear)
    return out


def _column_year(col: str, tb: TableHit) -> int | None:
    """The year a target column names: before its 目标 ("2025年目标"), in brackets after it ("目标值（2025年）"), a
    plan period ("“十五五”目标值"), else the period of the table's title."""
    ym = TARGET_COL_RE.search(col)
    if ym and ym.group("year"):
        return int(ym.group("year"))
    if (yb := YEAR_IN_COL_RE.search(col)) is not None:
        return int(yb.group(1))
    return _title_period_end(col) or _title_period_end(tb.title)


def _column_targets(t: Text, tb: TableHit, tcol: int, year: int | None, icol: int, ucol: int | None,
                    bcol: int | None, byear: int | None) -> list[TargetHit]:
    """The targets of one target column, a row each."""
    out = []
    for r, row in enumerate(tb.rows):
        def cell(i: int | None, row: list = row) -> str:
            return (row[i] if i is not None and i < len(row) and row[i] else "").strip()
        val = CELL_RE.match(normalize(cell(tcol)))
        ind = cell(icol)
        if not val or not ind:
            continue
        unit_in_name = UNIT_IN_NAME_RE.search(normalize(ind)) if ucol is None else None
        if unit_in_name:                      # "地区生产总值（亿元）": the unit is printed in the name
            ind, name_unit = ind[:unit_in_name.start()].rstrip(), ind[unit_in_name.start() + 1:-1]
        else:
            name_unit = ""
        v = parse_number(val.group("num"))
        vmax = parse_number(val.group("max")) if val.group("max") else None
        unit = cell(ucol) or name_unit or val.group("unit") or ""
        if val.group("unit") and not cell(ucol) and not name_unit:
            unit = val.group("unit")
        qual = ("range" if vmax is not None else
                {"左右": "approx", "以上": "at_least", "以内": "at_most", "以下": "at_most"}.get(val.group("suffix") or "")
                or CELL_PRE.get(val.group("pre") or "", "point"))
        base = None
        if bcol is not None:
            bv = CELL_RE.match(normalize(cell(bcol)))
            if bv:
                base = Baseline(byear, float(parse_number(bv.group("num"))))
        rspan = tb.row_spans[r] if r < len(tb.row_spans) else tb.span
        vspan = _cell_span(t, rspan, [cell(i) for i in range(len(row))], tcol)
        mult, bunit = split_multiplier(unit)
        if bunit.startswith("个") and len(bunit) > 1 and bunit != "个百分点":
            bunit = bunit[1:]
        kind = "share" if (unit == "%" and ("比重" in ind or "率" in ind or "占比" in ind)) else "level"
        out.append(TargetHit(span=rspan, value_span=vspan, year=year, indicator=ind, value=v, value_max=vmax,
                             unit=unit, qualifier=qual, normalized=(float(v) * mult, bunit),
                             direction=CHANGE_DIRECTION.get(val.group("change") or ""), baseline=base,
                             kind="change" if val.group("change") else kind))
    return out


def _title_period_end(title: str | None) -> int | None:
    """The last year of the plan period a table's title names, or None.

    >>> _title_period_end("“十四五”时期主要指标"), _title_period_end("主要指标（2021—2025年）"), _title_period_end("主要指标")
    (2025, 2025, None)
    """
    if not title:
        return None
    title = normalize(title)
    if m := TITLE_PERIOD_RE.search(title):
        return int(m.group("b")) if int(m.group("a")) < int(m.group("b")) else None
    m = PLAN_NAME_RE.search(title)
    return plan_end(m.group()) if m else None


def _cell_span(t: Text, rspan: Span, cells: list[str], col: int) -> Span:
    """Span of cell `col` inside the row, found by walking the cells in order through the row text."""
    cur = rspan[0]
    for i, c in enumerate(cells):
        if not c:
            continue
        j = t.raw.find(c, cur, rspan[1])
        if j < 0:
            continue
        if i == col:
            return (j, j + len(c))
        cur = j + len(c)
    return rspan


