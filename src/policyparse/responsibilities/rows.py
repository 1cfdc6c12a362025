"""Task tables (SPEC §5): one assignment per row of a table whose columns include 牵头单位 / 责任单位 /
配合单位 (or 指导部门 / 责任部门); its task is the title of the row's task cell.

- role columns   a column whose name is a role label (roles.label_role);
- task column    the first other column named like a task (任务 / 事项 / 举措 / 措施 / 内容 / 工作), not a
                 number, deadline or note column; a category filled down a column ("一、开办企业" on
                 every row) names a group, so the next column holds the task then;
- role cells     a cell that labels its own roles ("牵头：A；配合：B") or names them with verbs
                 ("A牵头，B、C配合") reads with the assignment grammar; else its units take the column's role.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..normalize import normalize
from ..records import DutyHit, TableHit, Text
from ..spans import Span, line_spans
from .forms import body_parts
from .roles import LEAD, RESP, Part, label_role, resolve
from .units import clean, fold, split_units
from ..lexicons import compile_on_use

TASK_COLUMN_RE = compile_on_use(r"任务|事项|举措|措施|内容|工作")
NUMBER_COLUMN_RE = compile_on_use(r"^(?:序号|编号|时限|完成时限|完成时间|时间|备注)$")
CELL_TITLE_END_RE = compile_on_use(r"[。;:]|(?<=\S)\(\d{1,2}\)")   # 。；： or a "(1)" after the title


def cell_title(cell: str) -> str:
    """The title of a task cell: up to its first 。；： or a following "(1)".

    >>> cell_title("1.精简企业开办流程(1)除涉及前置审批事项外，企业名称不再实行预先核准。")
    '1.精简企业开办流程'
    >>> cell_title("（2）明确审批时限。按照原则进一步压减。"), cell_title("推进农村人居环境整治")
    ('（2）明确审批时限', '推进农村人居环境整治')
    """
    m = CELL_TITLE_END_RE.search(normalize(cell))
    return (cell[:m.start()] if m else cell).strip()


def _filled_down(rows: Sequence[Sequence[str]], col: int) -> bool:
    """Does some non-empty cell of `col` repeat the cell above it (a category filled down)?"""
    column = [r[col] if col < len(r) else "" for r in rows]
    return any(a.strip() and a == b for a, b in zip(column, column[1:]))


def _row_task(t: Text, span: Span, cell: str) -> str:
    """The task of a row: the title of its task cell. When the cell was printed over several lines and
    its first line is a line of its own ("2.压减企业开办耗时" above the measures), that line is the title."""
    flat = "".join(cell.split())
    for ls, le in line_spans(t.raw, span):
        line = t.raw[ls:le].strip()
        if len(line) >= 4 and flat.startswith("".join(line.split())):
            return cell_title(line) if len("".join(line.split())) < len(flat) else cell_title(cell)
    return cell_title(cell)


def cell_parts(role: str, cell: str) -> list[Part]:
    """The units of a role cell; a cell that labels or verbs its own roles says who is who.

    >>> cell_parts("resp", "市公安局、市民政局")
    [('resp', ['市公安局', '市民政局'])]
    >>> cell_parts("resp", "牵头：市发展改革委；配合：市财政局")
    [('lead', ['市发展改革委']), ('support', ['市财政局'])]
    >>> cell_parts("resp", "市经信局牵头，市发改委、市科技局配合")
    [('lead', ['市经信局']), ('support', ['市发改委', '市科技局'])]
    """
    return [(r, list(units)) for r, units in _cell_parts(role, cell)]


@lru_cache(maxsize=4096)
def _cell_parts(role: str, cell: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """cell_parts, cached (a task table repeats its role cells: "市财政局" in row after row)."""
    c = Text(cell, normalize(cell))
    parts, _ = body_parts(c, *clean(c.norm, 0, len(cell)))
    return tuple((r, tuple(units)) for r, units in (parts or [(role, split_units(cell))]))


def _task_column(table: TableHit, roles: Sequence[str | None]) -> int | None:
    names = [fold(c) for c in table.columns]
    free = [k for k, r in enumerate(roles) if r is None and not NUMBER_COLUMN_RE.match(names[k])]
    free = sorted(free, key=lambda k: not TASK_COLUMN_RE.search(names[k]))   # 任务/事项/举措 … first
    while len(free) > 1 and _filled_down(table.rows, free[0]):
        free = free[1:]
    return free[0] if free else None


def table_rows(t: Text, table: TableHit, first_listed: bool) -> list[DutyHit]:
    """One responsibility per row of a task table (a table with a 牵头/责任/配合… column)."""
    roles = [label_role(c) for c in table.columns]
    if not any(r in (LEAD, RESP) for r in roles):
        return []
    header = "".join(fold(c) for c in table.columns)
    task_col = _task_column(table, roles)
    out = []
    for i, row in enumerate(table.rows):
        if fold("".join(row)) == header:
            continue                                    # a header repeated after a page break
        parts = [q for k, role in enumerate(roles) if role and k < len(row) for q in cell_parts(role, row[k])]
        lead, support = resolve(parts, first_listed)
        if not lead:
            continue
        span = table.row_spans[i] if len(table.row_spans) == len(table.rows) else table.span
        task = _row_task(t, span, row[task_col]) if task_col is not None and task_col < len(row) else ""
        out.append(DutyHit(span=span, task=task, lead=lead, support=support, form="table-row"))
    return out
