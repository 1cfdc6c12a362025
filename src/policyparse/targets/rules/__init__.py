"""The rules that drop a quantity: each has a name, a one-line reason, a test and a clause gate, tried in order.

A quantity of a sentence is a target unless one of `EXCLUSIONS` drops it (the first that applies wins, and
its name is what `policyparse explain` prints and what a case's `dropped_by:` names). Every rule reads a
`Candidate`: the quantity, the clause around it and what the sentence judge knows at that point.

A rule is made where it is defined, by `@rule("name", "why", gate=...)` (targets/candidate.py), with its
patterns right above it and its gate beside it, in the module of its family:

- money.py: policy-parameter, budget-line, funds-needed, reward-condition;
- norms.py (norms and time): normative-limit, article-standard, per-unit-staffing, submission-quota, project-structure,
  frequency-duty, event-threshold, activity-duration, reporting-time-limit, requirement, conditional;
- stats.py (what is or was): statistic-word, perfective, past-year, existence-count, nation-count,
  cumulative, forecast, ungoverned;
- phrase.py (the shape of the phrase): scope-sum, text-count, policy-package, baseline-of-change, modifier,
  attribute-value, small-chinese-numeral, programme-name, size-class, people-class, round-the-clock, focus,
  book-title;
- asides.py (values in brackets and formulas): gloss, aside-reference, formula-weight, grade.

`ORDER` says in which order they are tried.

>>> [r.name for r in EXCLUSIONS][:4]
['policy-parameter', 'budget-line', 'statistic-word', 'perfective']
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from typing import NamedTuple

from ..candidate import Candidate, Rule, shape_of
from ..firsts import first_chars
from ..vocab import vocab
from . import asides, money, norms, phrase, stats

FAMILIES = (money, norms, stats, phrase, asides)

ORDER = (
    "policy-parameter", "budget-line", "statistic-word", "perfective", "past-year", "frequency-duty", "scope-sum",
    "text-count", "policy-package", "baseline-of-change", "modifier", "attribute-value", "small-chinese-numeral",
    "existence-count", "nation-count", "cumulative", "normative-limit", "article-standard", "per-unit-staffing",
    "submission-quota",
    "project-structure", "funds-needed", "project-investment", "forecast", "event-threshold", "activity-duration",
    "reporting-time-limit",
    "programme-name", "size-class", "people-class", "round-the-clock", "gloss", "focus", "requirement", "conditional",
    "ungoverned", "reward-condition", "book-title", "formula-weight", "aside-reference", "grade",
)

DEFINED: dict[str, Rule] = {r.name: r for family in FAMILIES for r in vars(family).values() if isinstance(r, Rule)}
EXCLUSIONS: tuple[Rule, ...] = tuple(DEFINED[name] for name in ORDER)


class Needs(NamedTuple):
    """Which gates a clause's characters leave open: the rules (bit i: `EXCLUSIONS[i]`) each character opens,
    and the rules whose gates are asked whatever the characters (no `needs`). And which its quantities leave
    open: the rules whose gate needs a quantity of some shape (`candidate.any_quantity`), with the test of each."""
    by_char: dict[str, int]
    always: int
    chars: frozenset[str]                                  # by_char's keys
    by_shape: tuple[tuple[int, Callable], ...]             # (bit, the gate's `holds`)
    shaped: int                                            # the bits of by_shape
    shapes: dict                                           # shape_of(q) -> the bits of by_shape it opens (as met)


@cache
def needs() -> Needs:
    """The table of the rules' `needs` (read once): a word needs its first character, a pattern the characters
    its matches can start with (`firsts.first_chars`; a pattern they cannot be listed for leaves its gate always
    asked)."""
    lex = vocab()
    by_char: dict[str, int] = {}
    always = 0
    for i, r in enumerate(EXCLUSIONS):
        chars: set[str] | None = None if r.needs is None else set()
        for item in (r.needs(lex) if r.needs is not None else ()):
            first = frozenset(item[0]) if isinstance(item, str) else first_chars(item)
            if first is None:
                chars = None
                break
            chars |= first
        if chars is None:
            always |= 1 << i
        for ch in chars or ():
            by_char[ch] = by_char.get(ch, 0) | 1 << i
    by_shape = tuple((1 << i, r.gate.holds) for i, r in enumerate(EXCLUSIONS) if hasattr(r.gate, "holds"))
    return Needs(by_char, always, frozenset(by_char), by_shape, sum(bit for bit, _ in by_shape), {})


def open_gates(c: Candidate) -> int:
    """The rules whose gates the clause's characters and its quantities' shapes leave open (a bit per rule of
    `EXCLUSIONS`)."""
    table = needs()
    found = table.always
    by_char = table.by_char
    for ch in c.chars() & table.chars:
        found |= by_char[ch]
    if found & table.shaped:
        shapes = table.shapes
        opened = 0
        for q in c.cq:
            shape = shape_of(q)
            bits = shapes.get(shape)
            if bits is None:                            # a shape not met before: each test asked once
                bits = shapes[shape] = sum(bit for bit, holds in table.by_shape if holds(q))
            opened |= bits
        found &= ~table.shaped | opened
    return found


@lru_cache(maxsize=8192)
def _in_order(gates: int) -> tuple[tuple[int, Rule], ...]:
    """The rules of the `gates` bits, with their index, in `EXCLUSIONS` order (the clauses of the seeds and the
    real corpus open some 3400 sets of gates, most of them many times: each set is spelt out once)."""
    return tuple((i, r) for i, r in enumerate(EXCLUSIONS) if gates >> i & 1)


def first_exclusion(c: Candidate) -> Rule | None:
    """The first rule that drops `c`, or None (the quantity may be a target). A rule's clause gate is asked
    once per clause, and only when a quantity of the clause reaches the rule (no earlier rule dropped it):
    the rules whose gate held so far (`c.rules`, in order) are tried first, then the gates after the last
    one asked (`c.gated`), in order. A gate reads the clause alone, so every quantity of the clause meets the
    same rules; a clause whose quantities all fall to its first rules never asks the others. A gate whose
    `needs` the clause does not print is closed without asking it (`open_gates`)."""
    if c.rules is None:
        c.rules, c.gated, c.open = [], 0, open_gates(c)
    for rule in c.rules:
        if rule.test(c):
            return rule
    # the open gates not asked yet, in order (a rule whose gate cannot hold, nothing it needs being printed, is
    # never visited); once all are asked, the clause's later quantities stop here
    rest = c.open >> c.gated << c.gated
    if not rest:
        c.gated = len(EXCLUSIONS)
        return None
    for i, rule in _in_order(rest):
        if rule.gate is None or rule.gate(c):
            c.rules.append(rule)
            if rule.test(c):
                c.gated = i + 1
                return rule
    c.gated = len(EXCLUSIONS)
    return None
