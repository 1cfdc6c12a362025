"""What a rule of rules.py reads: the `Candidate` (one quantity of a clause, with what the sentence judge knows),
and the clause gates that let a clause's quantities skip the rules that cannot drop any of them.

A gate is a cheap test of the clause alone (its text, its quantities, the sentence around it) that holds
whenever its rule can apply to some quantity of the clause: a word the rule's pattern needs, a unit or
qualifier it asks for. The gates are asked once per clause (`open_rules`); a quantity then passes, in
`EXCLUSIONS` order, only the rules whose gate held. A gate never decides on its own: it only saves asking
a rule that would say no (tests/test_targets.py checks that on every quantity of the corpora).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .quantities import Quantity
from .rule_words import (FUND_SIZE_RE, FREQUENCY_RE, NORMATIVE_RE, PER_RECIPIENT_RE, SCOPE_NOUN_RE, FORECAST_RE,
                         FUNDS_NEEDED_RE, CONSEQUENCE_RE, DEFINITION_RE, CONDITION_OPEN_RE, SPAN_UNITS, TIME_UNITS,
                         SUBMISSION_RE, NORMATIVE_SOFT_RE)
from .vocab import Vocab
from .years import YearMark


@dataclass(slots=True)
class Candidate:
    """One quantity of a clause, with what the judge knows when it is judged. The judge makes one per clause
    and moves it from quantity to quantity (q, k, pre, listed, continued, governor); the rest is the clause's."""

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
    listed: bool = False            # follows an accepted quantity in a 、-list
    continued: bool = False         # a qualified value after an accepted one in the sentence
    governor: str | None = None     # the words a commitment verb may sit in (pre, or before a modifier)
    seen: dict = field(default_factory=dict)    # sentence tests already made (shared by its clauses)
    dated: bool = True              # the document has a year (a date, a title year, a report's plan year)
    article: bool = False           # the paragraph sits in a regulation's article (第X条), outside a goal section
    facts: dict = field(default_factory=dict)   # clause tests already made (shared by its quantities)
    rules: tuple | None = None      # the rules whose gate holds for this clause (rules.first_exclusion)

    @property
    def after(self) -> str:
        return self.norm[self.q.span[1]:self.ce]

    def clause_has(self, pattern: regex.Pattern) -> bool:
        """Does the clause hold `pattern`? (Asked once per clause: the quantities of a clause share it.)"""
        hit = self.facts.get(pattern)
        if hit is None:
            hit = self.facts[pattern] = pattern.search(self.norm, self.cs, self.ce) is not None
        return hit

    def in_clause(self, word: str) -> bool:
        return self.norm.find(word, self.cs, self.ce) >= 0

    def sentence_first(self, pattern: regex.Pattern) -> int:
        """Where `pattern` first matches in the sentence (its end when nowhere); asked once per sentence. For
        a pattern without anchors or lookarounds, a match inside [ss, x) means this is below x."""
        at = self.seen.get(pattern)
        if at is None:
            m = pattern.search(self.norm, self.ss, self.se)
            at = self.seen[pattern] = m.start() if m else self.se
        return at

    def explicit_deadline(self) -> bool:
        """An explicit deadline (到2025年, 2019年底前) in the sentence."""
        return any(m.kind == "forward" and m.explicit for m in self.marks)


# --- the gates: each names the rule of rules.py it opens, and what that rule cannot do without --------------

BUDGET_OR_DEFICIT = "赤字"
CHANGE_START_RE = regex.compile(r"[由从自]|基础上")          # baseline-of-change: "由12个…", "…的基础上"


def policy_gate(c: Candidate) -> bool:
    """policy-parameter: a policy word, a fund's size or a per-recipient cap in the clause."""
    return c.clause_has(c.lex.policy) or c.clause_has(FUND_SIZE_RE) or c.clause_has(PER_RECIPIENT_RE)


def budget_gate(c: Candidate) -> bool:
    """budget-line: 赤字 in the clause, or a budget word in the sentence up to the clause end."""
    return c.in_clause(BUDGET_OR_DEFICIT) or c.sentence_first(c.lex.budget) < c.ce


def stats_gate(c: Candidate) -> bool:
    """statistic-word: a statistics word (截至, 同比, 已 …) in the clause."""
    return c.clause_has(c.lex.stats)


def perfective_gate(c: Candidate) -> bool:
    """perfective: a 了 in the clause (the words before a value lie inside it)."""
    return c.in_clause("了")


def past_year_gate(c: Candidate) -> bool:
    """past-year: a stats year mark before the clause end."""
    at = c.seen.get("stats-mark")
    if at is None:
        at = c.seen["stats-mark"] = min((m.pos for m in c.marks if m.kind == "stats"), default=c.se)
    return at < c.ce


def frequency_gate(c: Candidate) -> bool:
    """frequency-duty: a count of times after 每年/每季度… in the clause."""
    return any(q.unit in ("次", "轮") for q in c.cq) and c.clause_has(FREQUENCY_RE)


def scope_gate(c: Candidate) -> bool:
    """scope-sum: a 范围/对象/清单/名单 word in the sentence before the clause end."""
    return c.sentence_first(SCOPE_NOUN_RE) < c.ce


def text_count_gate(c: Candidate) -> bool:
    """text-count: a noun of the text's own items (政策, 措施 …) in the clause."""
    return c.clause_has(c.lex.text_noun)


def baseline_gate(c: Candidate) -> bool:
    """baseline-of-change: 由/从/自 or 基础上 in the clause."""
    return c.clause_has(CHANGE_START_RE)


def modifier_gate(c: Candidate) -> bool:
    """modifier: a quantity qualifies the next one, so the clause has two."""
    return len(c.cq) > 1


def attribute_gate(c: Candidate) -> bool:
    """attribute-value: a 的 after the value."""
    return c.in_clause("的")


def chinese_gate(c: Candidate) -> bool:
    """small-chinese-numeral: a value written in Chinese numerals."""
    return any(q.chinese for q in c.cq)


def existence_gate(c: Candidate) -> bool:
    """existence-count: 有 (有, 拥有, 现有 …) in the clause."""
    return c.in_clause("有")


def normative_gate(c: Candidate) -> bool:
    """normative-limit: 不得, 原则上 … in the clause."""
    return c.clause_has(NORMATIVE_RE)


def submission_gate(c: Candidate) -> bool:
    """submission-quota: 推荐/申报/报送/限报 in the clause."""
    return c.clause_has(SUBMISSION_RE)


def funds_gate(c: Candidate) -> bool:
    """funds-needed: 约需/投资需求/资金需求 in the clause."""
    return c.clause_has(FUNDS_NEEDED_RE)


def forecast_gate(c: Candidate) -> bool:
    """forecast: 预计今年 … in the clause, or a cohort of graduates."""
    return c.clause_has(FORECAST_RE) or c.in_clause("毕业生")


def event_gate(c: Candidate) -> bool:
    """event-threshold: the harm or a definition in the clause, or a clause that ends in 的."""
    return c.clause_has(CONSEQUENCE_RE) or c.clause_has(DEFINITION_RE) or c.norm[c.cs:c.ce].rstrip().endswith("的")


def duration_gate(c: Candidate) -> bool:
    """activity-duration: a span of time."""
    return any(q.unit.endswith(SPAN_UNITS) for q in c.cq)


def time_limit_gate(c: Candidate) -> bool:
    """reporting-time-limit: a time at most ("24小时内")."""
    return any(q.unit.endswith(TIME_UNITS) and q.qualifier == "at_most" for q in c.cq)


def bounded_gate(c: Candidate) -> bool:
    """size-class: a value with 以上/以下 (or 不低于 …)."""
    return any(q.qualifier in ("at_least", "at_most") for q in c.cq)


def condition_gate(c: Candidate) -> bool:
    """conditional: the sentence opens with 只要/如果 …"""
    hit = c.seen.get("condition-open")
    if hit is None:
        hit = c.seen["condition-open"] = CONDITION_OPEN_RE.match(c.norm, c.ss, c.se) is not None
    return hit


def unforwarded_gate(c: Candidate) -> bool:
    """ungoverned: no deadline or forward word governs the sentence."""
    return not c.forward


def reward_gate(c: Candidate) -> bool:
    """reward-condition: a reward clause comes later in the sentence."""
    return c.ce <= c.reward_at < c.se


PROGRAMME_WORD_RE = regex.compile(r"行动|工程|规划|计划|建设|战略")


def programme_gate(c: Candidate) -> bool:
    """programme-name: a programme word in the clause."""
    return c.clause_has(PROGRAMME_WORD_RE)


def requirement_gate(c: Candidate) -> bool:
    """requirement: no deadline or forward word governs the sentence, and a bare 应/建议 is in the clause."""
    return not c.forward and c.clause_has(NORMATIVE_SOFT_RE)


def article_gate(c: Candidate) -> bool:
    """article-standard: in a regulation's article, no explicit deadline in the sentence."""
    return c.article and not c.explicit_deadline()
