"""Who does what: per unit, the tasks it leads and supports (the `units` command).

Reads: responsibilities (the models, or the stage's DutyHits: anything with `task`, `lead`, `support`).
Writes: nothing. Raises: nothing.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..normalize import normalize

UNIT_FIELDS = ("unit", "lead", "support", "total", "lead_tasks", "support_tasks", "documents")


def _key(name: str) -> str:
    """Width-folded, without white space: two printings of one unit share it."""
    return "".join(normalize(name).split())


def unit_summary(documents: Iterable[tuple[str, Iterable]]) -> list[dict]:
    """Per unit: how many tasks it leads and supports, with the task titles.

    `documents` yields (document title, responsibilities), each responsibility having `task`,
    `lead` and `support` (the models or DutyHits). Units are keyed width-folded without spaces;
    the first printed form is shown. Sorted by tasks led, then supported, then name.

    >>> from policyparse.records import DutyHit
    >>> rows = unit_summary([("d", [DutyHit((0, 1), "T1", ("市财政局",), ("市税务局",)),
    ...                           DutyHit((1, 2), "T2", ("市税务局",))])])
    >>> [(r["unit"], r["lead"], r["support"]) for r in rows]
    [('市税务局', 1, 1), ('市财政局', 1, 0)]
    """
    by_key: dict[str, dict] = {}
    for title, duties in documents:
        for d in duties:
            for role in ("lead", "support"):
                for u in getattr(d, role):
                    row = by_key.setdefault(_key(u), {"unit": u, "lead": 0, "support": 0, "lead_tasks": [],
                                                      "support_tasks": [], "documents": []})
                    row[role] += 1
                    row[f"{role}_tasks"].append(d.task)
                    if title and title not in row["documents"]:
                        row["documents"].append(title)
    return sorted(by_key.values(), key=lambda r: (-r["lead"], -r["support"], r["unit"]))


def unit_rows(summary: list[dict]) -> list[dict]:
    """The summary flattened for CSV and spreadsheets: UNIT_FIELDS, lists joined with "；".

    >>> unit_rows([{"unit": "市财政局", "lead": 1, "support": 0, "lead_tasks": ["甲", "乙"],
    ...             "support_tasks": [], "documents": ["d"]}])[0]["lead_tasks"]
    '甲；乙'
    """
    return [{"unit": r["unit"], "lead": r["lead"], "support": r["support"], "total": r["lead"] + r["support"],
             "lead_tasks": "；".join(r["lead_tasks"]), "support_tasks": "；".join(r["support_tasks"]),
             "documents": "；".join(r["documents"])} for r in summary]
