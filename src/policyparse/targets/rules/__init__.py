"""The rules that drop a quantity: each has a name, a one-line reason, a test and a clause gate, tried in order.

A quantity of a sentence is a target unless one of `EXCLUSIONS` drops it (the first that applies wins, and
its name is what `policyparse explain` prints and what a case's `dropped_by:` names). Every rule reads a
`Candidate`: the quantity, the clause around it and what the sentence judge knows at that point.

A rule is made where it is defined, by `@rule("name", "why", gate=...)` (targets/candidate.py), with its
patterns right above it and its gate beside it, in the module of its family:

- money.py: policy-parameter, budget-line, funds-needed, reward-condition;
- norms.py (norms and time): normative-limit, article-standard, submission-quota, project-structure, frequency-duty,
  event-threshold, activity-duration, reporting-time-limit, requirement, conditional;
- stats.py (what is or was): statistic-word, perfective, past-year, existence-count, nation-count,
  cumulative, forecast, ungoverned;
- phrase.py (the shape of the phrase): scope-sum, text-count, baseline-of-change, modifier, attribute-value,
  small-chinese-numeral, programme-name, size-class, people-class, round-the-clock, gloss, focus.

`ORDER` says in which order they are tried.

>>> [r.name for r in EXCLUSIONS][:4]
['policy-parameter', 'budget-line', 'statistic-word', 'perfective']
"""
from __future__ import annotations

from ..candidate import Candidate, Rule
from . import money, norms, phrase, stats

FAMILIES = (money, norms, stats, phrase)

ORDER = (
    "policy-parameter", "budget-line", "statistic-word", "perfective", "past-year", "frequency-duty", "scope-sum",
    "text-count", "baseline-of-change", "modifier", "attribute-value", "small-chinese-numeral", "existence-count",
    "nation-count", "cumulative", "normative-limit", "article-standard", "submission-quota", "project-structure",
    "funds-needed", "forecast", "event-threshold", "activity-duration", "reporting-time-limit", "programme-name",
    "size-class", "people-class", "round-the-clock", "gloss", "focus", "requirement", "conditional", "ungoverned",
    "reward-condition",
)

DEFINED: dict[str, Rule] = {r.name: r for family in FAMILIES for r in vars(family).values() if isinstance(r, Rule)}
EXCLUSIONS: tuple[Rule, ...] = tuple(DEFINED[name] for name in ORDER)


def first_exclusion(c: Candidate) -> Rule | None:
    """The first rule that drops `c`, or None (the quantity may be a target). A rule's clause gate is asked
    once per clause, and only when a quantity of the clause reaches the rule (no earlier rule dropped it):
    the rules whose gate held so far (`c.rules`, in order) are tried first, then the gates after the last
    one asked (`c.gated`), in order. A gate reads the clause alone, so every quantity of the clause meets the
    same rules; a clause whose quantities all fall to its first rules never asks the others."""
    if c.rules is None:
        c.rules, c.gated = [], 0
    for rule in c.rules:
        if rule.test(c):
            return rule
    for i in range(c.gated, len(EXCLUSIONS)):
        rule = EXCLUSIONS[i]
        if rule.gate is None or rule.gate(c):
            c.rules.append(rule)
            if rule.test(c):
                c.gated = i + 1
                return rule
    c.gated = len(EXCLUSIONS)
    return None
