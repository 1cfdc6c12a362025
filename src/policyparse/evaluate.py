"""Scoring predictions against gold annotations (SPEC §7): the figures behind `policyparse eval`.

Gold files are YAML (`source`, `documents: [{title, alt_titles, doc_number, issuer, date, sections,
targets, responsibilities, tables}]`); predictions are ParseResult dicts (what `extract` writes).
Everything here is a pure function over plain dicts, so a prediction can come from a file or straight
from `parse_file(...).model_dump(mode="json")`.

The rules, per file:
- documents are paired by affinity (发文字号, title, shared section titles, shared target values);
  an unpaired gold document is scored against an empty one, and the sections, targets and
  responsibilities of an unpaired predicted document all count as false positives;
- sections: same level, same marker (folded) and titles where one is a prefix of the other, matched
  in order (longest common subsequence); P/R/F1;
- targets: equal value in base units (万/亿/万亿 folded into the number) with the same unit, and the
  same year where gold gives one; each gold target takes the free prediction whose indicator is
  most alike; P/R/F1, then indicator (bigram Dice ≥ 0.5 or containment) and qualifier agreement
  over the matched pairs;
- responsibilities: equal lead sets and equal support sets (folded); P/R/F1;
- tables: paired by label, else by title prefix; columns and cells compared by position over the
  gold rows, items by position on their first 20 characters;
- metadata: title equals the title or an alt_title (dash variants folded), issuer equal or one
  ending with the other (≥ 4 characters), doc_number and date exactly (folded).

Scoring compares strings and never maps offsets, so it folds with NFKC (which may change lengths),
unlike normalize.py.
"""
from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

import regex

# ---------------------------------------------------------------- folding

WHITE_RE = regex.compile(r"\s+")               # a single class, one quantifier: linear
TITLE_TAIL = "。.;；:：,，、"                     # dropped from the end of titles
DASHES = str.maketrans(dict.fromkeys("—–－‐‑‒―─", "-"))


def fold(s: Any) -> str:
    """Width-folded (NFKC) text without white space; None is "".

    >>> fold("（一）　总体 要求")
    '(一)总体要求'
    >>> fold("ＡＢ１２"), fold(None)
    ('AB12', '')
    """
    if s is None:
        return ""
    return WHITE_RE.sub("", unicodedata.normalize("NFKC", str(s)))


def fold_title(s: Any) -> str:
    """fold(), dash variants as "-", trailing punctuation dropped.

    >>> fold_title("合川区实施方案（2021—2023年）。")
    '合川区实施方案(2021-2023年)'
    """
    t = fold(s).translate(DASHES)
    return t.rstrip(TITLE_TAIL)


def prefix_match(a: str, b: str) -> bool:
    """Both non-empty and one starts with the other.

    >>> prefix_match("发展目标", "发展目标和路径"), prefix_match("目标", "发展目标"), prefix_match("", "x")
    (True, False, False)
    """
    return bool(a) and bool(b) and (a.startswith(b) or b.startswith(a))


def bigrams(s: Any) -> set[str]:
    """Character bigrams of fold(s); a one-character string is its own bigram.

    >>> sorted(bigrams("增加值")), bigrams("值"), bigrams("")
    (['加值', '增加'], {'值'}, set())
    """
    t = fold(s)
    if len(t) < 2:
        return {t} if t else set()
    return {t[i:i + 2] for i in range(len(t) - 1)}


def dice(a: Any, b: Any) -> float:
    """Dice coefficient of the character bigrams.

    >>> dice("服务业增加值", "服务业增加值比重")
    0.8333333333333334
    >>> dice("", "x")
    0.0
    """
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def indicator_agrees(gold: Any, pred: Any) -> bool:
    """Same indicator: one contains the other (folded), or bigram Dice ≥ 0.5.

    >>> indicator_agrees("软件业务收入", "全区软件业务收入")
    True
    >>> indicator_agrees("服务业增加值年均增长", "服务业增加值增长")
    True
    >>> indicator_agrees("常住人口城镇化率", "森林覆盖率")
    False
    """
    g, p = fold(gold), fold(pred)
    if g and p and (g in p or p in g):
        return True
    return dice(gold, pred) >= 0.5


# ---------------------------------------------------------------- quantities

MULTIPLIERS = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4))   # longest first


def base_quantity(value: Any, unit: Any) -> tuple[float, str] | None:
    """(value, unit) in base units: a 万/亿/万亿 prefix goes into the number, a leading 个 is
    dropped (not from 个百分点), 百分之 is %. None when the value is not a number.

    >>> base_quantity(1.4, "万亿元") == base_quantity(14000, "亿元") == (1.4e12, "元")
    True
    >>> base_quantity(3, "万个坐席"), base_quantity(2, "个百分点"), base_quantity(45, "％")
    ((30000.0, '坐席'), (2.0, '个百分点'), (45.0, '%'))
    >>> base_quantity("n/a", "%") is None
    True
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    u = fold(unit)
    for prefix, factor in MULTIPLIERS:
        if u.startswith(prefix) and len(u) > len(prefix):     # a bare "万" stays a unit
            v, u = v * factor, u[len(prefix):]
            break
    if len(u) >= 2 and u.startswith("个") and not u.startswith("个百分点"):
        u = u[1:]
    if u in ("百分之", "percent"):
        u = "%"
    return v, u


def same_number(a: float, b: float) -> bool:
    """Equal up to a relative 1e-6 (floats from different multipliers).

    >>> same_number(1.4 * 1e12, 14000 * 1e8), same_number(45.0, 45.5)
    (True, False)
    """
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


# ---------------------------------------------------------------- counts

@dataclass
class Counts:
    """Integer tallies that add up field by field across documents and files."""

    RATES: ClassVar[tuple[str, ...]] = ()          # derived figures, reported beside the counts

    def __add__(self, other):
        return type(self)(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def as_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in self.RATES:
            out[name] = getattr(self, name)
        return out


def ratio(ok: int, n: int, empty: float = 1.0) -> float:
    """ok / n, or `empty` when there is nothing to count.

    >>> ratio(3, 4), ratio(0, 0), ratio(0, 0, empty=0.0)
    (0.75, 1.0, 0.0)
    """
    return ok / n if n else empty


@dataclass
class Tally(Counts):
    """Matches against gold and predicted items: precision, recall, F1.

    >>> t = Tally(tp=3, gold=4, pred=6); (round(t.p, 3), t.r, round(t.f1, 3))
    (0.5, 0.75, 0.6)
    >>> Tally(0, 0, 0).f1, Tally(0, 2, 0).p
    (1.0, 0.0)
    """

    tp: int = 0
    gold: int = 0
    pred: int = 0
    RATES = ("p", "r", "f1")

    @property
    def p(self) -> float:
        return ratio(self.tp, self.pred, empty=0.0 if self.gold else 1.0)

    @property
    def r(self) -> float:
        return ratio(self.tp, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class TargetTally(Tally):
    indicator_ok: int = 0
    qualifier_ok: int = 0
    RATES = ("p", "r", "f1", "indicator_acc", "qualifier_acc")

    @property
    def indicator_acc(self) -> float:
        return ratio(self.indicator_ok, self.tp, empty=0.0)

    @property
    def qualifier_acc(self) -> float:
        return ratio(self.qualifier_ok, self.tp, empty=0.0)


@dataclass
class TableTally(Counts):
    gold: int = 0
    found: int = 0
    cols_ok: int = 0
    cols_n: int = 0
    cells_ok: int = 0
    cells_n: int = 0
    items_ok: int = 0
    items_n: int = 0
    RATES = ("found_rate", "col_acc", "cell_acc", "item_acc")

    @property
    def found_rate(self) -> float:
        return ratio(self.found, self.gold)

    @property
    def col_acc(self) -> float:
        return ratio(self.cols_ok, self.cols_n)

    @property
    def cell_acc(self) -> float:
        return ratio(self.cells_ok, self.cells_n)

    @property
    def item_acc(self) -> float:
        return ratio(self.items_ok, self.items_n)


META_FIELDS = ("title", "doc_number", "issuer", "date")


@dataclass
class MetaTally(Counts):
    title_ok: int = 0
    title_n: int = 0
    doc_number_ok: int = 0
    doc_number_n: int = 0
    issuer_ok: int = 0
    issuer_n: int = 0
    date_ok: int = 0
    date_n: int = 0
    RATES = ("acc", "title_acc", "doc_number_acc", "issuer_acc", "date_acc")

    @property
    def acc(self) -> float:
        return ratio(sum(getattr(self, f"{k}_ok") for k in META_FIELDS),
                     sum(getattr(self, f"{k}_n") for k in META_FIELDS))

    title_acc = property(lambda self: ratio(self.title_ok, self.title_n))
    doc_number_acc = property(lambda self: ratio(self.doc_number_ok, self.doc_number_n))
    issuer_acc = property(lambda self: ratio(self.issuer_ok, self.issuer_n))
    date_acc = property(lambda self: ratio(self.date_ok, self.date_n))


@dataclass
class DocTally(Counts):
    gold: int = 0
    pred: int = 0
    paired: int = 0
    RATES = ("paired_rate",)

    @property
    def paired_rate(self) -> float:
        return ratio(self.paired, self.gold)


@dataclass(frozen=True)
class Miss:
    """One disagreement, for `--show-misses`.

    `kind`: "missed" (gold, not found), "spurious" (predicted, not in gold), "near" (a gold item
    not found shown beside the unmatched prediction most like it: the same number with another year
    or unit, the same heading at another level; counted as one missed and one spurious item),
    "differs" (matched, but a part disagrees: indicator, qualifier, cells, a metadata field).
    `doc` names the gold document.
    """

    area: str                 # sections / targets / responsibilities / tables / meta / documents
    kind: str
    doc: str
    gold: str = ""
    pred: str = ""
    text: str = ""            # the predicted item's source text, when it has one
    why: str = ""             # for a near miss: what differs ("year", "unit", "level", ...)


@dataclass
class Score:
    """The figures of one file, or of a whole run (Score + Score)."""

    documents: DocTally = field(default_factory=DocTally)
    sections: Tally = field(default_factory=Tally)
    targets: TargetTally = field(default_factory=TargetTally)
    responsibilities: Tally = field(default_factory=Tally)
    tables: TableTally = field(default_factory=TableTally)
    meta: MetaTally = field(default_factory=MetaTally)
    misses: list[Miss] = field(default_factory=list)

    def __add__(self, other: Score) -> Score:
        return Score(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def figures(self) -> dict[str, float]:
        """Flat metric names, as `--min` takes them: "targets.f1", "meta.acc", ..."""
        out: dict[str, float] = {}
        for f in fields(self):
            part = getattr(self, f.name)
            if isinstance(part, Counts):
                for rate in part.RATES:
                    out[f"{f.name}.{rate}"] = getattr(part, rate)
        return out

    def as_dict(self, misses: bool = False) -> dict:
        out = {f.name: getattr(self, f.name).as_dict() for f in fields(self) if f.name != "misses"}
        if misses:
            out["misses"] = [m.__dict__ for m in self.misses]
        return out


# ---------------------------------------------------------------- reading predictions

def flatten_sections(nodes: Iterable[dict] | None) -> list[dict]:
    """Pre-order list of a section tree (predictions nest; gold is flat already).

    >>> [s["title"] for s in flatten_sections([{"title": "a", "children": [{"title": "b"}]}, {"title": "c"}])]
    ['a', 'b', 'c']
    """
    out: list[dict] = []
    stack = list(reversed(list(nodes or [])))
    while stack:                                  # iterative: a deep tree cannot overflow
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.get("children") or []))
    return out


def pred_documents(obj: Any) -> list[dict]:
    """The documents of a prediction: a ParseResult dict, a list of them, or a bare document.

    >>> len(pred_documents([{"documents": [{}, {}]}, {"sections": []}]))
    3
    """
    if isinstance(obj, list):
        return [d for o in obj for d in pred_documents(o)]
    if isinstance(obj, dict):
        if "documents" in obj:
            return list(obj["documents"] or [])
        if "sections" in obj or "targets" in obj:
            return [obj]
    return []


# ---------------------------------------------------------------- what was not matched

def leftovers(area: str, doc: str, gold: Sequence[dict], pred: Sequence[dict], got_g: set[int], got_p: set[int],
              show: Callable[[dict], str], near: Callable[[dict, dict], float],
              why: Callable[[dict, dict], str] = lambda g, p: "") -> list[Miss]:
    """Misses for the unmatched items. A gold item and the unmatched prediction with the highest
    `near` similarity (> 0) are shown together as a near miss; the rest as missed / spurious.
    Presentation only: the counts were made before.

    >>> ms = leftovers("targets", "d", [{"v": 1}, {"v": 2}], [{"v": 1.0, "text": "s"}], set(), set(),
    ...                show=lambda x: str(x["v"]), near=lambda g, p: float(g["v"] == p["v"]))
    >>> [(m.kind, m.gold, m.pred, m.text) for m in ms]
    [('near', '1', '1.0', 's'), ('missed', '2', '', '')]
    """
    g_left = [g for i, g in enumerate(gold) if i not in got_g]
    p_left = [p for j, p in enumerate(pred) if j not in got_p]
    out = []
    for g in g_left:
        best, best_sim = None, 0.0
        for k, p in enumerate(p_left):
            sim = near(g, p)
            if sim > best_sim:
                best, best_sim = k, sim
        if best is None:
            out.append(Miss(area, "missed", doc, gold=show(g)))
        else:
            p = p_left.pop(best)
            out.append(Miss(area, "near", doc, gold=show(g), pred=show(p), text=p.get("text") or "", why=why(g, p)))
    out += [Miss(area, "spurious", doc, pred=show(p), text=p.get("text") or "") for p in p_left]
    return out


# ---------------------------------------------------------------- sections

def lcs_pairs(gold: Sequence, pred: Sequence, ok: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    """A largest order-preserving matching of gold and pred under `ok`, as index pairs.

    >>> lcs_pairs("abcd", "xbyd", str.__eq__)
    [(1, 1), (3, 3)]
    >>> lcs_pairs("ab", "ba", str.__eq__)          # crossing pairs cannot both count
    [(0, 1)]
    """
    n, m = len(gold), len(pred)
    if not n or not m:
        return []
    table = [[0] * (m + 1)]
    for i in range(1, n + 1):
        prev, cur, g = table[-1], [0] * (m + 1), gold[i - 1]
        for j in range(1, m + 1):
            cur[j] = prev[j - 1] + 1 if ok(g, pred[j - 1]) else max(prev[j], cur[j - 1])
        table.append(cur)
    pairs, i, j = [], n, m
    while i and j:
        if table[i][j] == table[i - 1][j - 1] + 1 and ok(gold[i - 1], pred[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def section_key(s: dict) -> tuple[int, str, str]:
    """(level, folded marker, folded title).

    >>> section_key({"level": 2, "marker": "（一）", "title": "指导思想。"})
    (2, '(一)', '指导思想')
    """
    return int(s.get("level") or 0), fold(s.get("marker")), fold_title(s.get("title"))


def section_matches(g: tuple, p: tuple) -> bool:
    """Same level and marker; titles where one is a prefix of the other.

    >>> section_matches(section_key({"level": 1, "marker": "一、", "title": "总体要求"}),
    ...                 section_key({"level": 1, "marker": "一、", "title": "总体要求和发展目标"}))
    True
    """
    return g[0] == p[0] and g[1] == p[1] and prefix_match(g[2], p[2])


def show_section(s: dict) -> str:
    return f"L{s.get('level')} {s.get('marker') or ''}{s.get('title') or ''}"


def near_section(g: dict, p: dict) -> float:
    """The same title (prefix) under another level or marker; or the same marker and level with a
    similar title. 0 when neither."""
    gk, pk = section_key(g), section_key(p)
    if prefix_match(gk[2], pk[2]):
        return 1.0 + 0.5 * (gk[1] == pk[1]) + 0.25 * (gk[0] == pk[0])
    return dice(gk[2], pk[2]) if gk[:2] == pk[:2] and dice(gk[2], pk[2]) >= 0.5 else 0.0


def differing(g: dict, p: dict, parts: Mapping[str, Callable[[dict], Any]]) -> str:
    """Names of the parts that differ between two items.

    >>> differing({"level": 1, "marker": "一、"}, {"level": 2, "marker": "一、"},
    ...           {"level": lambda s: s.get("level"), "marker": lambda s: fold(s.get("marker"))})
    'level'
    """
    return ", ".join(name for name, get in parts.items() if get(g) != get(p))


SECTION_PARTS = {"level": lambda s: section_key(s)[0], "marker": lambda s: section_key(s)[1],
                 "title": lambda s: section_key(s)[2]}


def score_sections(gold: list[dict], pred: list[dict], doc: str) -> tuple[Tally, list[Miss]]:
    gk, pk = [section_key(s) for s in gold], [section_key(s) for s in pred]
    pairs = lcs_pairs(gk, pk, section_matches)
    misses = leftovers("sections", doc, gold, pred, {i for i, _ in pairs}, {j for _, j in pairs},
                       show_section, near_section, lambda g, p: differing(g, p, SECTION_PARTS))
    return Tally(len(pairs), len(gold), len(pred)), misses


# ---------------------------------------------------------------- targets

def show_target(t: dict) -> str:
    value = t.get("value")
    if t.get("value_max") is not None:
        value = f"{value}–{t.get('value_max')}"
    year = t.get("year")
    return (f"{year if year is not None else '----'} {t.get('indicator') or '?'} = {value} "
            f"{t.get('unit') or ''} ({t.get('qualifier') or 'point'})")


def near_target(g: dict, p: dict) -> float:
    """The same number in base units (another year or unit), best with a like indicator; or a like
    indicator with the same year and another number. 0 when neither."""
    gq, pq = base_quantity(g.get("value"), g.get("unit")), base_quantity(p.get("value"), p.get("unit"))
    like = dice(g.get("indicator", ""), p.get("indicator", ""))
    if gq is not None and pq is not None and same_number(gq[0], pq[0]):
        return 1.0 + like
    if indicator_agrees(g.get("indicator", ""), p.get("indicator", "")) and g.get("year") == p.get("year"):
        return 0.9 * like
    return 0.0


TARGET_PARTS = {"year": lambda t: t.get("year"),
                "value": lambda t: round((base_quantity(t.get("value"), t.get("unit")) or (None,))[0] or 0, 6),
                "unit": lambda t: (base_quantity(t.get("value"), t.get("unit")) or (None, fold(t.get("unit"))))[1],
                "indicator": lambda t: fold(t.get("indicator"))}


def score_targets(gold: list[dict], pred: list[dict], doc: str) -> tuple[TargetTally, list[Miss]]:
    """Greedy, gold in order: each gold target takes the free prediction with the same base
    quantity (and year, where gold has one) whose indicator is most alike."""
    pred_q = [base_quantity(p.get("value"), p.get("unit")) for p in pred]
    taken: dict[int, int] = {}                                  # pred index -> gold index
    tally, misses = TargetTally(gold=len(gold), pred=len(pred)), []
    for gi, g in enumerate(gold):
        gq = base_quantity(g.get("value"), g.get("unit"))
        best, best_sim = None, -1.0
        for pj, p in enumerate(pred):
            pq = pred_q[pj]
            if (pj in taken or gq is None or pq is None or pq[1] != gq[1] or not same_number(pq[0], gq[0])
                    or (g.get("year") is not None and p.get("year") != g.get("year"))):
                continue
            sim = dice(g.get("indicator", ""), p.get("indicator", ""))
            if sim > best_sim:                                   # first of equals wins
                best, best_sim = pj, sim
        if best is None:
            continue
        taken[best] = gi
        p = pred[best]
        tally.tp += 1
        if indicator_agrees(g.get("indicator", ""), p.get("indicator", "")):
            tally.indicator_ok += 1
        else:
            misses.append(Miss("targets", "differs", doc, gold=f"indicator {g.get('indicator')!r}",
                               pred=f"indicator {p.get('indicator')!r}", text=p.get("text") or ""))
        if (g.get("qualifier") or "point") == (p.get("qualifier") or "point"):
            tally.qualifier_ok += 1
        else:
            misses.append(Miss("targets", "differs", doc, gold=f"qualifier {g.get('qualifier') or 'point'}",
                               pred=f"qualifier {p.get('qualifier') or 'point'} ({show_target(p)})",
                               text=p.get("text") or ""))
    misses += leftovers("targets", doc, gold, pred, set(taken.values()), set(taken), show_target, near_target,
                        lambda g, p: differing(g, p, TARGET_PARTS))
    return tally, misses


# ---------------------------------------------------------------- responsibilities

def unit_set(units: Iterable[Any] | None) -> tuple[str, ...]:
    """Folded, non-empty unit names, sorted (a set that keeps duplicates).

    >>> unit_set(["市财政局", " 市发展改革委", ""])
    ('市发展改革委', '市财政局')
    """
    return tuple(sorted(u for u in map(fold, units or []) if u))


def show_duty(r: dict) -> str:
    lead = "、".join(r.get("lead") or [])
    support = "、".join(r.get("support") or [])
    task = (r.get("task") or "").strip()
    return f"{task[:30] or '?'} — lead {lead or '-'}" + (f"; support {support}" if support else "")


def near_duty(g: dict, p: dict) -> float:
    """The same task (title prefix), or shared units. 0 when neither."""
    gu = set(unit_set(g.get("lead"))) | set(unit_set(g.get("support")))
    pu = set(unit_set(p.get("lead"))) | set(unit_set(p.get("support")))
    shared = len(gu & pu) / len(gu | pu) if gu | pu else 0.0
    if prefix_match(fold_title(g.get("task")), fold_title(p.get("task"))):
        return 1.0 + shared
    return shared


DUTY_PARTS = {"lead": lambda r: unit_set(r.get("lead")), "support": lambda r: unit_set(r.get("support"))}


def score_responsibilities(gold: list[dict], pred: list[dict], doc: str) -> tuple[Tally, list[Miss]]:
    """Multiset match on (lead set, support set); the task is not compared."""
    key = lambda r: (unit_set(r.get("lead")), unit_set(r.get("support")))  # noqa: E731
    free: dict[tuple, list[int]] = {}
    for j, p in enumerate(pred):
        free.setdefault(key(p), []).append(j)
    got_g, got_p = set(), set()
    for i, g in enumerate(gold):
        slot = free.get(key(g))
        if slot:
            got_g.add(i)
            got_p.add(slot.pop(0))
    misses = leftovers("responsibilities", doc, gold, pred, got_g, got_p, show_duty, near_duty,
                       lambda g, p: differing(g, p, DUTY_PARTS))
    return Tally(len(got_g), len(gold), len(pred)), misses


# ---------------------------------------------------------------- tables

def find_table(g: dict, pool: list[dict]) -> dict | None:
    """The first free predicted table with the gold label, else the first whose title prefix-matches."""
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
        for i, row in enumerate(grows):
            prow = prows[i] if i < len(prows) else []
            ok, bad = compare_cells(row, prow)
            tally.cells_ok += ok
            if bad and i >= len(prows):
                misses.append(Miss("tables", "differs", doc, gold=f"{name} row {i + 1}: " + " | ".join(map(str, row)),
                                   pred=f"(no row {i + 1}; {len(prows)} rows predicted)"))
            elif bad:
                misses.append(Miss("tables", "differs", doc, gold=f"{name} row {i + 1}: " + show_cells(
                    [(k, row[k]) for k in bad]), pred=show_cells([(k, prow[k] if k < len(prow) else None)
                                                                 for k in bad])))
        for i, it in enumerate(gitems):
            if i < len(pitems) and item_matches(it, pitems[i]):
                tally.items_ok += 1
            else:
                misses.append(Miss("tables", "differs", doc, gold=f"{name} item {i + 1}: {str(it)[:40]!r}",
                                   pred=repr(str(pitems[i])[:40]) if i < len(pitems) else "(none)"))
    misses += leftovers("tables", doc, unfound, pool, set(), set(), show_table, near_table, lambda g, p: "title")
    return tally, misses


# ---------------------------------------------------------------- metadata

def issuer_matches(gold: Any, pred: Any) -> bool:
    """Equal, or the longer ends with the shorter of at least 4 characters (a place name dropped).

    >>> issuer_matches("重庆市万盛经开区管委会", "万盛经开区管委会"), issuer_matches("重庆市人民政府", "人民政府")
    (True, True)
    >>> issuer_matches("合川区人民政府", "政府"), issuer_matches("市政府", None)
    (False, False)
    """
    a, b = sorted((fold(gold), fold(pred)), key=len)
    return a == b or (len(a) >= 4 and b.endswith(a))


def meta_matches(name: str, gold: Any, pred_doc: dict | None) -> bool:
    pd = pred_doc or {}
    if name == "title":
        want = fold_title(gold)
        return any(fold_title(c) == want for c in [pd.get("title"), *(pd.get("alt_titles") or [])] if c)
    if name == "issuer":
        return issuer_matches(gold, pd.get("issuer"))
    return fold(pd.get(name)) == fold(gold)


def score_meta(gold: dict, pred: dict | None, doc: str) -> tuple[MetaTally, list[Miss]]:
    tally, misses = MetaTally(), []
    for name in META_FIELDS:
        g = gold.get(name)
        if g in (None, ""):
            continue                                             # gold says nothing: not scored
        setattr(tally, f"{name}_n", 1)
        if meta_matches(name, g, pred):
            setattr(tally, f"{name}_ok", 1)
        else:
            misses.append(Miss("meta", "differs", doc, gold=f"{name} {g!r}",
                               pred=f"{name} {(pred or {}).get(name)!r}"))
    return tally, misses


# ---------------------------------------------------------------- documents

def doc_affinity(g: dict, p: dict) -> float:
    """How alike a gold and a predicted document are: 3 for the 发文字号, 2 for a similar title,
    up to 2 for shared section titles, up to 1 for shared target quantities."""
    score = 0.0
    if g.get("doc_number") and fold(g["doc_number"]) == fold(p.get("doc_number")):
        score += 3
    if g.get("title") and p.get("title") and dice(g["title"], p["title"]) > 0.6:
        score += 2
    gs = {fold_title(s.get("title"))[:12] for s in g.get("sections") or []}
    ps = {fold_title(s.get("title"))[:12] for s in flatten_sections(p.get("sections"))}
    if gs and ps:
        score += 2 * len(gs & ps) / len(gs | ps)
    gq = {base_quantity(t.get("value"), t.get("unit")) for t in g.get("targets") or []} - {None}
    pq = {base_quantity(t.get("value"), t.get("unit")) for t in p.get("targets") or []} - {None}
    if gq and pq:
        score += len(gq & pq) / len(gq | pq)
    return score


def pair_documents(gold: list[dict], pred: list[dict]) -> list[int | None]:
    """For each gold document, the index of its predicted document (or None): best affinity first,
    each used once; an affinity of 0.05 or less pairs nothing. Ties go to the later pair, as the
    reference scorer breaks them, so that both give the same figures.

    >>> g = [{"title": "关于印发A方案的通知"}, {"title": "B办法"}]
    >>> pair_documents(g, [{"title": "B办法"}, {"title": "关于印发A方案的通知"}])
    [1, 0]
    """
    ranked = sorted(((doc_affinity(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)),
                    reverse=True)
    out: list[int | None] = [None] * len(gold)
    used: set[int] = set()
    for s, i, j in ranked:
        if s > 0.05 and out[i] is None and j not in used:
            out[i] = j
            used.add(j)
    return out


def doc_label(n: int, total: int, doc: dict) -> str:
    title = (doc.get("title") or "").strip()
    return f"doc {n}/{total}" + (f" {title[:40]}" if title else "")


def score_file(gold: Mapping, pred: Any) -> Score:
    """Score one file's prediction (ParseResult dict, or None for a missing one) against its gold.

    >>> gold = {"documents": [{"title": "A", "sections": [{"level": 1, "marker": "一、", "title": "总则"}]}]}
    >>> pred = {"documents": [{"title": "A", "sections": [{"level": 1, "marker": "一、", "title": "总则",
    ...                                                   "children": []}]}]}
    >>> s = score_file(gold, pred); (s.documents.paired, s.sections.f1, s.meta.acc)
    (1, 1.0, 1.0)
    """
    gdocs = list(gold.get("documents") or [])
    pdocs = pred_documents(pred)
    pairing = pair_documents(gdocs, pdocs)
    score = Score(documents=DocTally(gold=len(gdocs), pred=len(pdocs),
                                     paired=sum(j is not None for j in pairing)))
    empty: dict = {}
    for n, (g, j) in enumerate(zip(gdocs, pairing), 1):
        doc = doc_label(n, len(gdocs), g)
        p = pdocs[j] if j is not None else empty
        parts = (
            ("sections", score_sections(g.get("sections") or [], flatten_sections(p.get("sections")), doc)),
            ("targets", score_targets(g.get("targets") or [], p.get("targets") or [], doc)),
            ("responsibilities", score_responsibilities(g.get("responsibilities") or [],
                                                        p.get("responsibilities") or [], doc)),
            ("tables", score_tables(g.get("tables") or [], p.get("tables") or [], doc)),
            ("meta", score_meta(g, p if j is not None else None, doc)),
        )
        if j is None:
            score.misses.append(Miss("documents", "missed", doc, gold=(
                f"no predicted document paired: {len(g.get('sections') or [])} sections, "
                f"{len(g.get('targets') or [])} targets, {len(g.get('responsibilities') or [])} "
                f"responsibilities, {len(g.get('tables') or [])} tables all missed")))
        for name, (tally, misses) in parts:
            setattr(score, name, getattr(score, name) + tally)
            if j is not None:                                    # an unpaired document is one line
                score.misses.extend(misses)
    paired = set(pairing)
    for j, p in enumerate(pdocs):                                # unpaired predictions: all false positives
        if j in paired:
            continue
        n_sec, n_tg, n_rs = (len(flatten_sections(p.get("sections"))), len(p.get("targets") or []),
                             len(p.get("responsibilities") or []))
        score.sections.pred += n_sec
        score.targets.pred += n_tg
        score.responsibilities.pred += n_rs
        score.misses.append(Miss("documents", "spurious", f"predicted {p.get('id') or j + 1}", pred=(
            f"{(p.get('title') or '(untitled)')[:40]}: not paired with any gold document; "
            f"{n_sec} sections, {n_tg} targets, {n_rs} responsibilities count as false positives")))
    return score


# ---------------------------------------------------------------- a run over files

@dataclass
class Report:
    files: dict[str, Score]
    problems: list[str] = field(default_factory=list)   # unreadable or missing predictions

    @property
    def total(self) -> Score:
        out = Score()
        for s in self.files.values():
            out = out + s
        return out

    def as_dict(self, misses: bool = False) -> dict:
        total = self.total
        return {"files": {k: v.as_dict(misses) for k, v in self.files.items()},
                "summary": total.as_dict(), "figures": total.figures(), "problems": self.problems}


def gold_stem(gold: Mapping, path: Path) -> str:
    """The stem predictions are looked up by: the gold's `source` file name, else the YAML's name.

    >>> gold_stem({"source": "000_ab.txt"}, Path("x.yaml")), gold_stem({}, Path("g/001.yaml"))
    ('000_ab', '001')
    """
    return Path(str(gold.get("source") or path.stem)).stem


def load_gold(gold_dir: str | Path) -> list[tuple[str, dict]]:
    import yaml
    out = []
    for path in sorted(Path(gold_dir).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out.append((gold_stem(data, path), data))
    return out


OUTPUT_SUFFIXES = (".json", ".jsonl", ".yaml", ".yml")


def index_predictions(paths: Iterable[str | Path], exclude: str | Path | None = None) -> dict[str, Path]:
    """stem -> file: outputs (.json/.jsonl/.yaml) win over input texts (.txt, parsed in-process);
    an earlier PRED argument wins over a later one. Nothing under `exclude` (the gold directory:
    `eval --gold data/gold data` must not score the gold against itself)."""
    skip = Path(exclude).resolve() if exclude is not None else None
    found: dict[str, tuple[int, Path]] = {}
    for order, base in enumerate(map(Path, paths)):
        candidates = sorted(base.rglob("*")) if base.is_dir() else [base]
        for f in candidates:
            suffix = f.suffix.lower()
            if suffix not in (*OUTPUT_SUFFIXES, ".txt") or not f.is_file():
                continue
            if skip is not None and f.resolve().is_relative_to(skip):
                continue
            rank = (order, 0 if suffix in OUTPUT_SUFFIXES else 1)
            if f.stem not in found or rank < found[f.stem][0]:
                found[f.stem] = (rank, f)
    return {stem: f for stem, (_, f) in found.items()}


def load_prediction(path: Path) -> Any:
    """A prediction read from an output file, or made by parsing an input text in-process."""
    if path.suffix.lower() == ".txt":
        from .diagnostics import PolicyParseError
        from .pipeline import parse_file
        try:
            return parse_file(path).model_dump(mode="json")
        except PolicyParseError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bug in a stage costs this file, not the run
            raise ValueError(f"internal error while parsing ({type(exc).__name__}: {exc})") from exc
    from .output import load_outputs
    return load_outputs(path)


def evaluate(gold_dir: str | Path, pred_paths: Sequence[str | Path]) -> Report:
    """Score every gold file in `gold_dir` against its prediction found in `pred_paths`."""
    from .diagnostics import PolicyParseError
    index = index_predictions(pred_paths, exclude=gold_dir)
    report = Report(files={})
    for stem, gold in load_gold(gold_dir):
        path, pred = index.get(stem), None
        if path is None:
            report.problems.append(f"{stem}: no prediction found (scored as empty)")
        else:
            try:
                pred = load_prediction(path)
            except (OSError, ValueError, PolicyParseError) as exc:   # yaml/json errors are ValueErrors
                report.problems.append(f"{stem}: unusable prediction {path} ({exc}); scored as empty")
        report.files[stem] = score_file(gold, pred)
    return report


# ---------------------------------------------------------------- thresholds and text output

def parse_minimum(spec: str, known: Iterable[str]) -> tuple[str, float]:
    """"targets.f1=0.8" -> ("targets.f1", 0.8); ValueError for an unknown name or a bad number.

    >>> parse_minimum("meta.acc=0.75", ["meta.acc"])
    ('meta.acc', 0.75)
    >>> parse_minimum("meta.ac=1", ["meta.acc"])
    Traceback (most recent call last):
    ValueError: unknown metric 'meta.ac' (one of: meta.acc)
    """
    name, eq, value = spec.partition("=")
    name, known = name.strip(), list(known)
    if not eq:
        raise ValueError(f"{spec!r}: expected METRIC=NUMBER")
    if name not in known:
        raise ValueError(f"unknown metric {name!r} (one of: {', '.join(known)})")
    try:
        return name, float(value)
    except ValueError:
        raise ValueError(f"{spec!r}: expected METRIC=NUMBER") from None


def below_minimum(figures: Mapping[str, float], minimums: Iterable[tuple[str, float]]) -> list[str]:
    """The thresholds a run falls short of, as "name=actual<minimum".

    >>> below_minimum({"targets.f1": 0.71, "meta.acc": 0.9}, [("targets.f1", 0.75), ("meta.acc", 0.8)])
    ['targets.f1=0.710<0.75']
    """
    return [f"{name}={figures[name]:.3f}<{value:g}" for name, value in minimums if not figures[name] >= value]


def render_table(report: Report) -> str:
    """Per-file rows, then the overall figures with their counts and `--min` names."""
    head = (f"{'file':26} {'docs':>7} {'sect F1':>8} {'targ F1':>8} {'resp F1':>8} {'meta':>7} "
            f"{'tables':>7} {'cells':>9}")
    lines = [head, "-" * len(head)]
    for stem, s in report.files.items():
        d, t, m = s.documents, s.tables, s.meta
        n_meta = sum(getattr(m, f"{k}_n") for k in META_FIELDS)
        ok_meta = sum(getattr(m, f"{k}_ok") for k in META_FIELDS)
        lines.append(f"{stem[:26]:26} {d.paired:>3}/{d.gold:<3} {s.sections.f1:8.3f} {s.targets.f1:8.3f} "
                     f"{s.responsibilities.f1:8.3f} {ok_meta:>3}/{n_meta:<3} {t.found:>3}/{t.gold:<3} "
                     f"{t.cells_ok:>4}/{t.cells_n:<4}")
    tot = report.total
    lines += ["", "overall"]
    for name in ("sections", "targets", "responsibilities"):
        x = getattr(tot, name)
        lines.append(f"  {name:17} P {x.p:.3f}  R {x.r:.3f}  F1 {x.f1:.3f}   "
                     f"(matched {x.tp}, gold {x.gold}, predicted {x.pred})")
    tg, tb, m, d = tot.targets, tot.tables, tot.meta, tot.documents
    lines.append(f"  {'targets agree':17} indicator {tg.indicator_acc:.3f} ({tg.indicator_ok}/{tg.tp})  "
                 f"qualifier {tg.qualifier_acc:.3f} ({tg.qualifier_ok}/{tg.tp})")
    lines.append(f"  {'tables':17} found {tb.found_rate:.3f} ({tb.found}/{tb.gold})  columns {tb.col_acc:.3f} "
                 f"({tb.cols_ok}/{tb.cols_n})  cells {tb.cell_acc:.3f} ({tb.cells_ok}/{tb.cells_n})  "
                 f"items {tb.item_acc:.3f} ({tb.items_ok}/{tb.items_n})")
    lines.append(f"  {'metadata':17} " + "  ".join(
        f"{k} {getattr(m, f'{k}_ok')}/{getattr(m, f'{k}_n')}" for k in META_FIELDS) + f"  acc {m.acc:.3f}")
    lines.append(f"  {'documents':17} paired {d.paired}/{d.gold} ({d.paired_rate:.3f}), predicted {d.pred}")
    lines += ["", "figures (names for --min)"]
    lines += [f"  {k:30} {v:.3f}" for k, v in tot.figures().items()]
    return "\n".join(lines) + "\n"


KIND_HEADINGS = {"missed": "gold, not found", "near": "near misses (gold, and the unmatched prediction most like it)",
                 "spurious": "predicted, not in gold", "differs": "matched, but differs"}
AREAS = ("documents", "meta", "sections", "targets", "responsibilities", "tables")


def clip(s: str, n: int = 80) -> str:
    """One line of at most n characters.

    >>> clip("一二三\\n四五", 4)
    '一二三…'
    """
    s = " ".join(s.split())
    return s if len(s) <= n else s[:n - 1] + "…"


def render_misses(report: Report) -> str:
    """Every disagreement, grouped by file, document, area and kind."""
    lines: list[str] = []
    for stem, s in report.files.items():
        if not s.misses:
            continue
        lines.append(f"== {stem}")
        docs: dict[str, list[Miss]] = {}
        for m in s.misses:
            docs.setdefault(m.doc, []).append(m)
        for doc, ms in docs.items():
            lines.append(f"  -- {doc}")
            for area in AREAS:
                for kind, heading in KIND_HEADINGS.items():
                    group = [m for m in ms if m.area == area and m.kind == kind]
                    if not group:
                        continue
                    lines.append(f"    {area}: {heading} ({len(group)})")
                    for m in group:
                        if kind in ("differs", "near"):
                            lines.append(f"      gold {clip(m.gold, 110)}")
                            lines.append(f"      pred {clip(m.pred, 110)}" + (f"   [{m.why} differs]" if m.why else ""))
                        else:
                            lines.append(f"      {clip(m.gold if kind == 'missed' else m.pred, 115)}")
                        if m.text:
                            lines.append(f"           « {clip(m.text, 105)} »")
    return "\n".join(lines) + ("\n" if lines else "")


def report_json(report: Report, misses: bool = False) -> str:
    return json.dumps(report.as_dict(misses), ensure_ascii=False, indent=1) + "\n"
