"""What a rule reads and what a rule is: the `Candidate` (one quantity of a clause, with what the sentence judge
knows) and the `Rule` (a name, a reason, a test of a candidate and a clause gate), made by `@rule`.

A gate is a cheap test of the clause alone (its text, its quantities, the sentence around it) that holds
whenever its rule can apply to some quantity of the clause: a word the rule's pattern needs, a unit or
qualifier it asks for. The gates are asked once per clause (`rules.first_exclusion`); a quantity then passes, in
`EXCLUSIONS` order, only the rules whose gate held. A gate never decides on its own: it only saves asking
a rule that would say no (tests/test_targets.py checks that on every quantity of the corpora).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from ..lexicons import std_re
from .firsts import first_chars
from .quantities import Quantity
from .vocab import Vocab
from .years import YearMark


@dataclass(slots=True)
class Candidate:
    """One quantity of a clause, with what the judge knows when it is judged. The judge makes one per sentence
    and moves it from clause to clause (`to_clause`), then from quantity to quantity (q, k, pre, accepted_end,
    accepted, governor); the rest is the clause's or the sentence's."""

    norm: str
    q: Quantity
    k: int                          # index in the clause's quantities
    cq: list[Quantity]              # the clause's quantities
    cs: int                         # clause start, end
    ce: int
    ss: int                         # sentence start, end
    se: int
    pre: str                        # the text since the previous quantity (or the clause start)
    marks: list[YearMark]           # the sentence's year marks ...
    mpos: list[int]                 # ... and their positions (sorted: lookups bisect)
    forward: bool                   # a deadline or forward word governs the sentence (or paragraph)
    narrative: bool                 # a paragraph of statistics or a background section
    para_year: int | None
    reward_at: int                  # where the sentence's reward clause starts (or its end)
    lex: Vocab
    accepted_end: int | None = None  # where the clause's last accepted value ends (None: none yet)
    accepted: bool = False          # the sentence has an accepted value before this one
    governor: str | None = None     # the words a commitment verb may sit in (pre, or before a modifier)
    seen: dict = field(default_factory=dict)    # sentence tests already made (shared by its clauses)
    dated: bool = True              # the document has a year (a date, a title year, a report's plan year)
    article: bool = False           # the paragraph sits in a regulation's article (第X条), outside a goal section
    planned: bool = False           # a period plan's ("十五五"规划) part whose undated commitments are the
                                    # period's (not a background section): for the verbs of `governed`
    facts: dict = field(default_factory=dict)   # clause tests already made (shared by its quantities)
    rules: list | None = None       # the rules whose gate held for this clause, so far (rules.first_exclusion)
    gated: int = 0                  # how many of `rules.EXCLUSIONS` have had their gate asked
    open: int = 0                   # the rules whose gates its characters leave open (rules.open_gates)

    def to_clause(self, cq: list[Quantity], cs: int, ce: int) -> None:
        """Move to the next clause of the sentence (its quantities `cq`, its span): the clause's facts and gates
        start anew; what the judge sets per quantity it sets before each is judged."""
        self.q, self.k, self.cq, self.cs, self.ce = cq[0], 0, cq, cs, ce
        self.pre, self.accepted_end, self.accepted, self.governor = "", None, False, None
        self.facts, self.rules, self.gated, self.open = {}, None, 0, 0

    @property
    def listed(self) -> bool:
        """Follows an accepted quantity of the clause in a 、-list (asked only by the rules that read it)."""
        return self.accepted_end is not None and _listed(self.norm[self.accepted_end:self.q.span[0]])

    @property
    def continued(self) -> bool:
        """"形成5—10家…，服务…2000家以上", "推动超过2万家企业实施数字化转型，…数字化率达到70%": a value after an
        accepted one of the sentence, qualified or right after a linking verb, continues the commitment."""
        qs = self.q.span[0]
        return self.accepted and (self.q.qualifier != "point"
                                  or LINK_BEFORE_RE.search(self.norm, max(self.cs, qs - 3), qs) is not None)

    @property
    def after(self) -> str:
        return self.norm[self.q.span[1]:self.ce]

    def clause_has(self, pattern: regex.Pattern) -> bool:
        """Does the clause hold `pattern`? (Asked once per clause: the quantities of a clause share it.) A clause
        without any character a match of `pattern` can start with (`first_chars`) is answered without a search."""
        key = id(pattern)                  # (a re.Pattern hashes its whole compiled code: an id is cheaper)
        hit = self.facts.get(key)
        if hit is None:
            first = first_chars(pattern)
            if first is not None and self.chars().isdisjoint(first):
                hit = self.facts[key] = False
            else:
                hit = self.facts[key] = pattern.search(self.norm, self.cs, self.ce) is not None
        return hit

    def chars(self) -> frozenset[str]:
        """The characters of the clause (found once per clause)."""
        found = self.facts.get(CHARS)
        if found is None:
            found = self.facts[CHARS] = frozenset(self.norm[self.cs:self.ce])
        return found

    def in_clause(self, word: str) -> bool:
        return self.norm.find(word, self.cs, self.ce) >= 0

    def sentence_first(self, pattern: regex.Pattern) -> int:
        """Where `pattern` first matches in the sentence (its end when nowhere); asked once per sentence. For
        a pattern without anchors or lookarounds, a match inside [ss, x) means this is below x."""
        at = self.seen.get(id(pattern))
        if at is None:
            m = pattern.search(self.norm, self.ss, self.se)
            at = self.seen[id(pattern)] = m.start() if m else self.se
        return at

    def explicit_deadline(self) -> bool:
        """An explicit deadline (到2025年, 2019年底前) in the sentence."""
        return any(m.kind == "forward" and m.explicit for m in self.marks)


CHARS = "clause-characters"        # the key of `Candidate.chars` in its facts
BRACKETED_RE = std_re(r"\([^()]{0,80}\)")
LIST_GAP_RE = std_re(r"[^,;]{0,10}、[^,;]{0,10}")
LINK_BEFORE_RE = std_re(r"(?:达到|提高到|提升到|提升至|提高至|增长到|降低到|降至|控制在)\s?$")


def _listed(gap: str) -> bool:
    """The text since the last accepted value is a 、 between two list members (brackets aside).

    >>> _listed("、"), _listed("(含)、新增"), _listed(",新增"), _listed("中央生活类救灾物资储备库和")
    (True, True, False, True)
    """
    if "(" in gap:
        gap = BRACKETED_RE.sub("", gap)
    if len(gap) > 21:
        return False
    if "、" in gap:
        return LIST_GAP_RE.fullmatch(gap) is not None
    return gap.endswith(("和", "及", "与")) and "," not in gap and ";" not in gap   # "20个A和35个B"


class Rule(NamedTuple):
    """A named rule that drops a quantity (targets/rules/): what `policyparse explain` prints, what a case's
    `dropped_by:` names."""

    name: str
    why: str                        # one line, with an example
    test: Callable[[Candidate], bool]
    gate: Callable[[Candidate], bool] | None = None   # holds for a clause whenever `test` can
    # what the gate needs in the clause: patterns and words (given the vocabulary), one of which must be printed
    # there whenever the gate holds; a clause without any of their first characters skips the gate (None: asked)
    needs: Callable[[Vocab], Iterable] | None = None


def rule(name: str, why: str, *, gate: Callable[[Candidate], bool] | None = None,
         needs: Callable[[Vocab], Iterable] | None = None) -> Callable[[Callable[[Candidate], bool]], Rule]:
    """Make the decorated test a `Rule` of that name; `rules.ORDER` says where it is tried.

    >>> @rule("never", "drops nothing", gate=lambda c: False)
    ... def never(c):
    ...     return False
    >>> never.name, never.test(None)
    ('never', False)
    """
    def make(test: Callable[[Candidate], bool]) -> Rule:
        return Rule(name, why, test, gate, needs if needs is not None else getattr(gate, "needs", None))
    return make


def any_quantity(holds: Callable[[Quantity], bool]) -> Callable[[Candidate], bool]:
    """The gate of a rule that needs a quantity of the clause `holds` for. `holds` reads only a quantity's
    unit, qualifier and `chinese` (its shape, `shape_of`): rules.open_gates asks it once per shape met, and
    closes the gate of a clause none of whose quantities' shapes it holds for without asking the gate."""
    def gate(c: Candidate) -> bool:
        return any(holds(q) for q in c.cq)
    gate.holds = holds                           # type: ignore[attr-defined]
    gate.__doc__ = holds.__doc__
    return gate


def shape_of(q: Quantity) -> tuple[str, str, bool]:
    """What an `any_quantity` gate reads of a quantity."""
    return q.unit, q.qualifier, q.chinese


def clause_holds(pattern: regex.Pattern) -> Callable[[Candidate], bool]:
    """The gate of a rule that needs `pattern` in the clause (found once per clause: `Candidate.clause_has`)."""
    def gate(c: Candidate) -> bool:
        return c.clause_has(pattern)
    gate.needs = lambda lex: (pattern,)          # type: ignore[attr-defined]
    return gate
