"""The counters: integer tallies that add up across documents and files, the rates derived from
them, the `Miss` records behind `--show-misses`, and `Score`, the figures of one file or a run."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import ClassVar


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


def prf(tp: int, gold: int, pred: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of `tp` matches among `gold` and `pred` items. Nothing predicted:
    precision 1 when gold is empty too, else 0; nothing in gold: recall 1.

    >>> prf(3, 4, 6)
    (0.5, 0.75, 0.6)
    >>> prf(0, 0, 0), prf(0, 2, 0)
    ((1.0, 1.0, 1.0), (0.0, 0.0, 0.0))
    """
    p = ratio(tp, pred, empty=0.0 if gold else 1.0)
    r = ratio(tp, gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def agreements(**rates: str):
    """Class decorator, under @dataclass: for each `rate=name`, the counts `<name>_ok` and `<name>_n`
    (ints, 0; fields after the class's own, in this order) and the property `rate`, their ratio.

    >>> @dataclass
    ... @agreements(cell_acc="cells")
    ... class Cells(Counts):
    ...     gold: int = 0
    >>> c = Cells(2, cells_ok=3, cells_n=4); (c.cell_acc, Cells().cell_acc, c.as_dict())
    (0.75, 1.0, {'gold': 2, 'cells_ok': 3, 'cells_n': 4})
    """
    def add(cls):
        notes = dict(cls.__dict__.get("__annotations__", {}))
        for rate, name in rates.items():
            ok, n = f"{name}_ok", f"{name}_n"
            for count in (ok, n):
                notes[count] = "int"
                setattr(cls, count, 0)
            setattr(cls, rate, property(lambda self, ok=ok, n=n: ratio(getattr(self, ok), getattr(self, n))))
        cls.__annotations__ = notes
        return cls
    return add


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

    p = property(lambda self: prf(self.tp, self.gold, self.pred)[0])
    r = property(lambda self: prf(self.tp, self.gold, self.pred)[1])
    f1 = property(lambda self: prf(self.tp, self.gold, self.pred)[2])


@dataclass
class TargetTally(Tally):
    """Targets: P/R/F1 of the matches (SPEC §7), indicator and qualifier agreement over the matched
    pairs, and headline P/R/F1 (see areas.score_targets): `headline_tp` matched pairs flagged
    `headline` on both sides, `headline_gold` gold targets flagged, `headline_pred` predicted ones.

    >>> t = TargetTally(tp=4, gold=5, pred=6, headline_tp=2, headline_gold=4, headline_pred=2)
    >>> (t.headline_p, t.headline_r, round(t.headline_f1, 3))
    (1.0, 0.5, 0.667)
    """

    indicator_ok: int = 0
    qualifier_ok: int = 0
    headline_tp: int = 0
    headline_gold: int = 0
    headline_pred: int = 0
    RATES = ("p", "r", "f1", "indicator_acc", "qualifier_acc", "headline_p", "headline_r", "headline_f1")

    indicator_acc = property(lambda self: ratio(self.indicator_ok, self.tp, empty=0.0))
    qualifier_acc = property(lambda self: ratio(self.qualifier_ok, self.tp, empty=0.0))
    headline_p = property(lambda self: prf(self.headline_tp, self.headline_gold, self.headline_pred)[0])
    headline_r = property(lambda self: prf(self.headline_tp, self.headline_gold, self.headline_pred)[1])
    headline_f1 = property(lambda self: prf(self.headline_tp, self.headline_gold, self.headline_pred)[2])


@dataclass
@agreements(col_acc="cols", cell_acc="cells", item_acc="items")
class TableTally(Counts):
    gold: int = 0
    found: int = 0
    RATES = ("found_rate", "col_acc", "cell_acc", "item_acc")

    found_rate = property(lambda self: ratio(self.found, self.gold))


META_FIELDS = ("title", "doc_number", "issuer", "date")


@dataclass
@agreements(**{f"{k}_acc": k for k in META_FIELDS})
class MetaTally(Counts):
    RATES = ("acc", "title_acc", "doc_number_acc", "issuer_acc", "date_acc")

    @property
    def acc(self) -> float:
        return ratio(self.ok, self.n)

    @property
    def ok(self) -> int:
        return sum(getattr(self, f"{k}_ok") for k in META_FIELDS)

    @property
    def n(self) -> int:
        return sum(getattr(self, f"{k}_n") for k in META_FIELDS)


@dataclass
class DocTally(Counts):
    gold: int = 0
    pred: int = 0
    paired: int = 0
    RATES = ("paired_rate",)

    paired_rate = property(lambda self: ratio(self.paired, self.gold))


@dataclass(frozen=True)
class Miss:
    """One disagreement, for `--show-misses`.

    `kind`: "missed" (gold, not found), "spurious" (predicted, not in gold), "near" (a gold item
    not found shown beside the unmatched prediction most like it: the same number with another year
    or unit, the same heading at another level; counted as one missed and one spurious item),
    "differs" (matched, but a part disagrees: indicator, qualifier, headline, cells, a metadata field).
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
    """The figures of one file, or of a whole run (Score + Score).

    >>> sorted(Score().figures())[:3]
    ['documents.paired_rate', 'meta.acc', 'meta.date_acc']
    """

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
