"""Explanations: which named rule kept or dropped each candidate, and where a metadata field came from.

The stages call `note(...)` at every decision that has a name (a quantity dropped by "budget-line", an
issuer taken "from-adoption-note"). Outside `collecting()` a note costs one context-variable lookup and
records nothing, so a normal parse pays nothing for it; inside, the notes of that parse (and only that
one: the variable is per thread and per task) are collected for `policyparse explain FILE`.

>>> with collecting() as log:
...     note("targets", (3, 8), "dropped", "budget-line", "5000亿元")
>>> [(v.stage, v.verdict, v.rule) for v in log]
[('targets', 'dropped', 'budget-line')]
>>> note("targets", (0, 1), "kept", "target")            # not collecting: nothing happens
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple

from .spans import Span


class Verdict(NamedTuple):
    stage: str          # "targets", "meta", "year"
    span: Span          # what was judged (a quantity as printed, a metadata line)
    verdict: str        # "kept" / "dropped" for a candidate; the field name for metadata ("issuer")
    rule: str           # the rule's name ("budget-line", "from-adoption-note")
    detail: str = ""    # the printed text, or the value chosen


_LOG: ContextVar[list[Verdict] | None] = ContextVar("policyparse_explain", default=None)


def note(stage: str, span: Span, verdict: str, rule: str, detail: str = "") -> None:
    """Record one decision when a caller is collecting; otherwise do nothing."""
    log = _LOG.get()
    if log is not None:
        log.append(Verdict(stage, span, verdict, rule, detail))


@contextmanager
def collecting() -> Iterator[list[Verdict]]:
    """Collect the notes made inside the block."""
    log: list[Verdict] = []
    token = _LOG.set(log)
    try:
        yield log
    finally:
        _LOG.reset(token)
