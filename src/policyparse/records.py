"""Internal records passed between stages: frozen dataclasses (TargetHit: a NamedTuple), spans into the original text.

Pydantic is not used here; `models.py` validates once, at the edge.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Literal, NamedTuple, TypeVar

from .diagnostics import Diagnostic
from .spans import Span

T = TypeVar("T")
Qualifier = Literal["point", "approx", "at_least", "at_most", "range"]
Direction = Literal["increase", "decrease", "keep"]


class Text(NamedTuple):
    """One decoded text in two views with identical offsets.

    Match patterns on `norm` (width-folded, see normalize.py); slice every output string from `raw`
    (the characters as printed), using the same positions.
    """

    raw: str
    norm: str

    def out(self, start: int, end: int) -> str:
        """The printed characters of [start, end)."""
        return self.raw[start:end]


class Found(NamedTuple, Generic[T]):
    """What every stage returns: its items and the warnings it raised."""

    items: tuple[T, ...]
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class DocHit:
    """One document inside a file."""

    span: Span


@dataclass(frozen=True, slots=True)
class MetaHit:
    title: str | None = None
    alt_titles: tuple[str, ...] = ()
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None          # ISO yyyy-mm-dd
    recipients: str | None = None
    year: int | None = None          # the year 今年 means (SPEC §2): date, title, or a work report's plan year
    place: str | None = None         # the region the document is about


@dataclass(frozen=True, slots=True)
class SectionHit:
    """A numbered heading and everything up to the next heading that closes it.

    `span` runs from the marker to the end of the section including its children;
    `own_end` is where its own text stops (the first child's start, or `span[1]`).
    """

    id: str                           # "s1", "s2", ... in document order
    marker: str                       # as printed: "（一）", "1．", "第一章"
    level: int                        # 1 = outermost
    title: str
    span: Span
    title_span: Span
    own_end: int
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class TableHit:
    id: str                           # "tb1", ...
    label: str | None                 # "专栏1"
    title: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    items: tuple[str, ...]
    span: Span
    note: str | None = None
    row_spans: tuple[Span, ...] = ()  # one per row, into the original text
    # per row, per column: where the cell is printed (first to last printed part); None when the
    # cell is empty or was filled down from a row above
    cell_spans: tuple[tuple[Span | None, ...], ...] = ()
    column_types: tuple[str, ...] = ()  # one per column: serial/org/date/unit/number/category/name/text


@dataclass(frozen=True, slots=True)
class Baseline:
    year: int | None
    value: float


class TargetHit(NamedTuple):
    """A target as the stage found it. A NamedTuple, not a frozen dataclass like the others: dense text holds
    tens of thousands, and a tuple is built three times faster (`hit._replace(…)` for a changed copy)."""

    span: Span                        # the source sentence (or table row)
    value_span: Span                  # the quantity as printed: "45%左右"
    year: int | None
    indicator: str
    value: float
    value_max: float | None
    unit: str
    qualifier: Qualifier
    normalized: tuple[float, str] | None = None   # base units: (1.4e12, "元")
    direction: Direction | None = None
    baseline: Baseline | None = None
    kind: str | None = None           # level / growth / share / count / change
    headline: bool = False            # in the passage introduced as the main targets (SPEC §4)


@dataclass(frozen=True, slots=True)
class DutyHit:
    span: Span                        # the assignment as printed, or the table row
    task: str
    lead: tuple[str, ...]
    support: tuple[str, ...] = field(default=())
    form: str = ""                    # the named form that read it (responsibilities.FORMS)
