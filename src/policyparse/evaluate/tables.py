"""Scoring the tables of one paired document (SPEC §7): tables paired by label, else by title
prefix; columns and cells compared by position over the gold rows; list items by position on their
first 20 characters."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .areas import leftovers
from .fold import dice, fold, fold_title, prefix_match
from .tally import Miss, TableTally


def find_table(g: dict, pool: list[dict]) -> dict | None:
    """The first free predicted table with the gold label, else the first whose title prefix-matches.

    >>> find_table({"label": "专栏2", "title": "x"}, [{"title": "x"}, {"label": "专栏 2"}])
    {'label': '专栏 2'}
    """
    if g.get("label"):
        for p in pool:
            if fold(p.get("label")) == fold(g.get("label")):
                return p
    if g.get("title"):
        for p in pool:
            if prefix_match(fold_title(p.get("title")), fold_title(g.get("title"))):
                return p
    return None


def item_matches(gold: Any, pred: Any) -> bool:
    """List items agree on their first 20 folded characters (one a prefix of the other).

    >>> item_matches("1．建设软件园，引进企业100家", "1.建设软件园")
    True
    """
    return prefix_match(fold(pred)[:20], fold(gold)[:20])


def table_name(t: dict) -> str:
    return " ".join(str(x) for x in (t.get("label"), t.get("title")) if x) or "(untitled table)"


def show_table(t: dict) -> str:
    return f"{table_name(t)} ({len(t.get('rows') or [])} rows, {len(t.get('items') or [])} items)"


def near_table(g: dict, p: dict) -> float:
    """Titles alike (bigram Dice ≥ 0.5, e.g. a 附件： label kept in the title). 0 otherwise."""
    sim = dice(fold_title(g.get("title")), fold_title(p.get("title")))
    return sim if sim >= 0.5 else 0.0


def show_cells(cells: Sequence[tuple[int, Any]]) -> str:
    """Numbered cells, "(none)" for a missing one.

    >>> show_cells([(0, "指标"), (2, None)])
    "[1] '指标', [3] (none)"
    """
    return ", ".join(f"[{k + 1}] {'(none)' if c is None else repr(str(c))}" for k, c in cells)


def compare_cells(gold: Sequence, pred: Sequence) -> tuple[int, list[int]]:
    """(cells equal after folding, positions that differ), over the gold cells.

    >>> compare_cells(["服务业增加值", "8%"], ["服务业增加值", "８％", "x"])
    (2, [])
    >>> compare_cells(["a", "b"], ["a"])
    (1, [1])
    """
    bad = [k for k, c in enumerate(gold) if k >= len(pred) or fold(pred[k]) != fold(c)]
    return len(gold) - len(bad), bad


def row_misses(name: str, doc: str, grows: Sequence, prows: Sequence) -> tuple[int, list[Miss]]:
    """(cells right, one miss line per differing row) over the gold rows."""
    ok_total, misses = 0, []
    for i, row in enumerate(grows):
        prow = prows[i] if i < len(prows) else []
        ok, bad = compare_cells(row, prow)
        ok_total += ok
        if bad and i >= len(prows):
            misses.append(Miss("tables", "differs", doc, gold=f"{name} row {i + 1}: " + " | ".join(map(str, row)),
                               pred=f"(no row {i + 1}; {len(prows)} rows predicted)"))
        elif bad:
            misses.append(Miss("tables", "differs", doc, gold=f"{name} row {i + 1}: " + show_cells(
                [(k, row[k]) for k in bad]), pred=show_cells([(k, prow[k] if k < len(prow) else None)
                                                             for k in bad])))
    return ok_total, misses


def score_tables(gold: list[dict], pred: list[dict], doc: str) -> tuple[TableTally, list[Miss]]:
    """Tables paired by label, else title prefix; columns and cells by position over the gold
    rows; items by position on their first 20 characters. One miss line per differing row."""
    pool, tally, misses = list(pred), TableTally(gold=len(gold)), []
    unfound: list[dict] = []
    for g in gold:
        name = table_name(g)
        gcols, grows, gitems = g.get("columns") or [], g.get("rows") or [], g.get("items") or []
        tally.cols_n += len(gcols)
        tally.cells_n += sum(len(r) for r in grows)
        tally.items_n += len(gitems)
        p = find_table(g, pool)
        if p is None:
            unfound.append(g)
            continue
        pool.remove(p)
        tally.found += 1
        pcols, prows, pitems = p.get("columns") or [], p.get("rows") or [], p.get("items") or []
        ok, bad = compare_cells(gcols, pcols)
        tally.cols_ok += ok
        if bad:
            misses.append(Miss("tables", "differs", doc, gold=f"{name} columns: " + show_cells(
                [(k, gcols[k]) for k in bad]), pred=show_cells([(k, pcols[k] if k < len(pcols) else None)
                                                                for k in bad])))
        ok, lines = row_misses(name, doc, grows, prows)
        tally.cells_ok += ok
        misses += lines
        for i, it in enumerate(gitems):
            if i < len(pitems) and item_matches(it, pitems[i]):
                tally.items_ok += 1
            else:
                misses.append(Miss("tables", "differs", doc, gold=f"{name} item {i + 1}: {str(it)[:40]!r}",
                                   pred=repr(str(pitems[i])[:40]) if i < len(pitems) else "(none)"))
    misses += leftovers("tables", doc, unfound, pool, set(), set(), show_table, near_table, lambda g, p: "title")
    return tally, misses
