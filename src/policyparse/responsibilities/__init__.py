"""Responsibilities: "（牵头单位：A、B；配合单位：C）" -> DutyHit(task, lead, support, form).

Reads: the text, the document span, the section index (the task is the title of the item an assignment
closes), the tables (a task table gives one responsibility per row). Writes: nothing. Raises: nothing
on content.

The forms (SPEC §5), each named; a hit carries the name of the form that read it (DutyHit.form):
- table-row       rows of a task table with 牵头单位 / 责任单位 / 配合单位 / 指导部门 / 责任部门 columns
- bracket-label   （牵头部门：X） （牵头单位：A、B；配合单位：C） （责任单位：A，有关主管部门）
                  【责任单位：X】 （牵头单位为A） and a label after a deadline or a score, with an infix:
                  （6月底完成，牵头考核单位：X） （0.5分）（…，责任单位：X、Y） （…，配合考核单位：Z）
- bracket-verb    （A、B主办，C协办） （A牵头，B、C参与） （A、B、C等按职责分工负责） （A会同B、C负责）
                  （A、B指导）
- bracket-units   "…课程体系。（装备信息中心、教科院）": unit names alone closing an item, when the document
                  closes at least BARE_CONVENTION items so (all lead, as （A、B负责）)
- line-label      "责任单位：A、B等，各县（市、区）政府" on a line of its own under an item
- run-in          "……，由A牵头，B配合。", also at a clause start after a group name (应急预案 working
                  groups): "综合协调组：省生态环境厅牵头，省应急管理厅、省公安厅参与。"
Roles: 牵头/主办 lead; 负责/责任/指导 lead too (all of them); 配合/协办/参与 support. Under the convention
"列第一位者为牵头单位" (stated once in a document) the first unit named to lead (else the first responsible
one) is the lead and all others support (roles.py).

The package: units.py (unit names and lists), roles.py (role words, resolution), forms.py (the clause
grammar and where assignments are printed), tasks.py (which task an assignment closes), rows.py (task
tables). Role words, label infixes and suffixes, qualifiers and unit endings are data:
data/responsibilities/*.
"""
from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from ..diagnostics import Code, Diagnostic
from ..explain import note
from ..lines import LineIndex
from ..outline import SectionIndex
from ..records import DutyHit, Found, SectionHit, TableHit, Text
from ..spans import Span, contains
from .forms import assignment, brackets, label_lines, run_ins, unknown_label
from .roles import LEAD, RESP, SUPPORT, has_role_word, label_role, resolve, states_first_listed
from .rows import table_rows
from .tasks import Tasks
from .units import is_unit, split_units, unit_spans
from ..lexicons import compile_on_use

__all__ = ["DROPS", "FORMS", "LEAD", "RESP", "SUPPORT", "extract_responsibilities", "is_unit", "label_role",
           "split_units"]

STAGE = "responsibilities"
#: the forms, in the order they are read (the rule `policyparse explain` names for a kept assignment)
FORMS = ("table-row", "bracket-label", "bracket-verb", "bracket-units", "line-label", "run-in")
#: why a bracket holding a role word assigns nobody (the rule named for a dropped one)
DROPS = ("no-unit-list", "unknown-label", "inside-task-table", "below-convention", "inside-bracket")


class _Doc:
    """What every form reads of one document: the text, its span, its tasks, the convention, the
    spans of its task tables (a bracket or line inside one is read as part of its row)."""

    def __init__(self, t: Text, span: Span, sections: Sequence[SectionHit] | SectionIndex,
                 lines: LineIndex | None):
        self.t, self.span = t, span
        self.lines = lines
        self.tasks = Tasks(t, sections, lines)
        self.first_listed = states_first_listed(t.norm, *span)
        self.task_tables: list[Span] = []
        self._starts: list[int] = []
        self._reach: list[int] = []

    def index_task_tables(self) -> None:
        """Sort the task tables found for in_task_table's bisection (once, after the table rows)."""
        self.task_tables.sort()
        self._starts = [a for a, _ in self.task_tables]
        self._reach = list(itertools.accumulate((b for _, b in self.task_tables), max))

    def in_task_table(self, pos: int) -> bool:
        """Is `pos` inside one of the task tables? (bisection: a document may hold 10^4 small tables)"""
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and self._reach[i] > pos


def _table_rows(doc: _Doc, tables: Sequence[TableHit]) -> list[DutyHit]:
    out = []
    for table in tables:
        if contains(doc.span, table.span):
            rows = table_rows(doc.t, table, doc.first_listed)
            if rows:
                doc.task_tables.append(table.span)
                out += rows
                for r in rows:
                    note(STAGE, r.span, "kept", "table-row", r.task)
    return out


def _brackets(doc: _Doc, warnings: list[Diagnostic]) -> list[DutyHit]:
    out: list[DutyHit] = []
    bare: list[DutyHit] = []                            # brackets of unit names alone closing an item
    t = doc.t
    for (ps, pe), (bs, be), has_role, body in brackets(t, *doc.span):
        if doc.in_task_table(ps):
            if has_role:
                note(STAGE, (ps, pe), "dropped", "inside-task-table", t.raw[ps:pe])
            continue
        if not has_role:                                # "（督办单位：…）": a label we do not know
            if label := unknown_label(t, bs, be):
                warnings.append(Diagnostic(Code.RESP_UNKNOWN_MARKER, f"unknown role label {label!r}",
                                           (ps, pe)))
                note(STAGE, (ps, pe), "dropped", "unknown-label", label)
            elif units := _closing_units(t, ps, pe, bs, be):
                bare.append(DutyHit(span=(ps, pe), task=doc.tasks.at(ps), lead=units, support=(),
                                    form="bracket-units"))
            continue
        lead, support, kind = assignment(body, doc.first_listed)
        if lead:
            out.append(DutyHit(span=(ps, pe), task=doc.tasks.at(ps), lead=lead, support=support,
                               form=f"bracket-{kind}"))
            note(STAGE, (ps, pe), "kept", f"bracket-{kind}", t.raw[ps:pe])
        else:                                           # "（负责人）", "（以下简称…指导小组）"
            note(STAGE, (ps, pe), "dropped", "no-unit-list", t.raw[ps:pe])
    kept = len(bare) >= BARE_CONVENTION                 # the document's convention: every item closes with
    for d in bare:                                      # the units responsible, no role word printed
        note(STAGE, d.span, "kept" if kept else "dropped", "bracket-units" if kept else "below-convention",
             t.raw[slice(*d.span)])
    return out + (bare if kept else [])


BARE_CONVENTION = 3          # brackets of unit names alone that make the form a document's convention


def _closing_units(t: Text, ps: int, pe: int, bs: int, be: int) -> tuple[str, ...]:
    """"…形成贯通基础教育的人工智能教育课程体系。（装备信息中心、教科院）": a bracket of unit names alone that
    closes an item (after its last sentence, at the line end) names the units responsible for it (lead);
    () when the bracket is anything else."""
    norm = t.norm
    if ps == 0 or norm[ps - 1] != "。" or norm[pe:pe + 1] not in ("", "\n", "\r"):
        return ()
    units = [t.out(a, b) for a, b in unit_spans(t, bs, be)]
    if not units or not all(is_unit(u) and not ENTERPRISE_END_RE.search(u) for u in units) \
            or len("".join(units)) < (be - bs) * UNITS_SHARE:
        return ()
    return tuple(units)


# a company or a cooperative named after an item is its winner or owner (a 名单), no responsible unit
ENTERPRISE_END_RE = compile_on_use(r"(?:公司|集团|合作社|企业|工作室|实验室)$")
UNITS_SHARE = 0.6            # the unit names cover most of the bracket (separators and 等 aside)


def _label_lines(doc: _Doc) -> list[DutyHit]:
    out = []
    for (bs, be), parts in label_lines(doc.t, *doc.span):
        if doc.in_task_table(bs):
            continue
        lead, support = resolve(parts, doc.first_listed)
        if lead:
            out.append(DutyHit(span=(bs, be), task=doc.tasks.at(bs), lead=lead, support=support,
                               form="line-label"))
            note(STAGE, (bs, be), "kept", "line-label", doc.t.raw[bs:be])
    return out


def _run_ins(doc: _Doc, held: list[Span]) -> list[DutyHit]:
    """The run-in assignments outside the task tables and outside the brackets already read (`held`, sorted):
    "（任务分工：A牵头，B配合；时限：…）" is one assignment, not a bracket and a run-in after its colon."""
    out = []
    starts = [a for a, _ in held]
    for span, lead, support in run_ins(doc.t, *doc.span, doc.first_listed, doc.lines):
        i = bisect.bisect_right(starts, span[0]) - 1
        if i >= 0 and span[1] <= held[i][1]:
            note(STAGE, span, "dropped", "inside-bracket", doc.t.raw[slice(*span)])
            continue
        if lead and not doc.in_task_table(span[0]):
            out.append(DutyHit(span=span, task=doc.tasks.run_in(span[0]), lead=lead, support=support,
                               form="run-in"))
            note(STAGE, span, "kept", "run-in", doc.t.raw[slice(*span)])
    return out


def _may_assign(norm: str, start: int, end: int) -> bool:
    """Can [start, end) hold a bracket, line or run-in assignment, or an unknown "…单位：" label? Every
    one of them holds a role word (牵头 / 负责 / 配合 …: roles.yaml) or, for the unknown label, 单位 or 部门;
    a bracket of unit names alone follows a sentence end."""
    return has_role_word(norm, start, end) or norm.find("单位", start, end) >= 0 or norm.find("部门", start, end) >= 0 \
        or norm.find("。(", start, end) >= 0            # a bracket closing an item: maybe units alone


def extract_responsibilities(t: Text, span: Span, sections: Sequence[SectionHit] | SectionIndex,
                             tables: Sequence[TableHit], *, lines: LineIndex | None = None) -> Found[DutyHit]:
    """Every explicit assignment of units to a task inside `span`.

    >>> from policyparse.normalize import normalize
    >>> s = "（一）金融服务。引导金融机构下沉服务。（牵头部门：财政局）"
    >>> [(d.task, d.lead, d.support, d.form) for d in extract_responsibilities(
    ...     Text(s, normalize(s)), (0, len(s)), [], []).items]
    [('（一）金融服务', ('财政局',), (), 'bracket-label')]
    """
    doc = _Doc(t, span, sections, lines)
    warnings: list[Diagnostic] = []
    hits = _table_rows(doc, tables)                     # first: the other forms skip the task tables
    doc.index_task_tables()
    if _may_assign(t.norm, *span):                      # the cheap gate: no role word, no label, no form
        held = _brackets(doc, warnings)
        hits += held + _label_lines(doc) + _run_ins(doc, [d.span for d in held])
    hits.sort(key=lambda d: d.span)
    return Found(tuple(hits), tuple(warnings))
