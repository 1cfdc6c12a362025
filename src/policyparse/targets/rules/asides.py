"""Rules about values in brackets and formulas: a bracket that spells out the value before it (a gloss), one that
gives the reference point the target is compared with, a term's weight in a scoring formula; and a value that
names a grade (…万吨级).

Each rule's patterns stand right above it, its clause gate beside it (targets/candidate.py says what a gate is).
"""
from __future__ import annotations

import regex

from ..candidate import Candidate, clause_holds, rule

# ---------------------------------------------------------------- gloss

# a bracket right after a value, spelling it out: "14EFlops（每秒百亿亿次浮点运算）" (open bracket within 4)
GLOSS_OPEN_RE = regex.compile(r"\((?:即|每秒|相当于|约)?\s?$")


@rule("gloss", "\"14EFlops（每秒百亿亿次浮点运算）\": a value in brackets spelling out the one before",
      gate=clause_holds(regex.compile(r"\(")))
def gloss(c: Candidate) -> bool:
    """A value in brackets right after another value of the clause restates it ("（每秒百亿亿次…）",
    "（即1.5万亿元）"); the value before is the target."""
    if c.k == 0:
        return False
    prev_end = c.cq[c.k - 1].span[1]
    return 0 < c.q.span[0] - prev_end <= 5 and GLOSS_OPEN_RE.search(c.norm, prev_end, c.q.span[0]) is not None


# ---------------------------------------------------------------- formula-weight

# A term's weight in a scoring formula: "考评分值=日常监测（60%）+实地调研（20%）+…+第三方评估（10%）". The clause holds
# "=" and "+"; the value stands alone in brackets right after the term it weighs.
FORMULA_EQUALS_RE = regex.compile(r"=")
WEIGHT_OPEN_RE = regex.compile(r"\(\s?$")
WEIGHT_CLOSE_RE = regex.compile(r"\s?\)\s?(?:\+|$)")


@rule("formula-weight", "\"分值=日常监测（60%）+实地调研（20%）\": a term's weight in a formula, not a target",
      gate=clause_holds(FORMULA_EQUALS_RE))
def formula_weight(c: Candidate) -> bool:
    a, b = c.q.span
    return "+" in c.norm[c.cs:c.ce] and WEIGHT_OPEN_RE.search(c.norm, max(c.cs, a - 2), a) is not None \
        and WEIGHT_CLOSE_RE.match(c.norm, b, c.ce) is not None


# ---------------------------------------------------------------- aside-reference

# A value in brackets after the clause's value, compared with it: "研发投入强度达到2.5%（全国平均水平为2.4%）",
# "（上年为1.8%）", "（目前为65%）": a reference point, not a second target. The bracket opens after the value
# before and is still open; its words before the value name the reference (bounded).
ASIDE_REFERENCE_RE = regex.compile(r"\((?:[^()]{0,12}?(?:全国|全省|全市|全区|平均|上年|去年|同期|目前|现为|现状|基期"
                                   r"|基准))[^()]{0,12}$")


@rule("aside-reference", "\"达到2.5%（全国平均水平为2.4%）\": the reference point the target is compared with",
      gate=clause_holds(regex.compile(r"\(")))
def aside_reference(c: Candidate) -> bool:
    if c.k == 0:
        return False
    prev_end = c.cq[c.k - 1].span[1]
    return c.norm.find("(", prev_end, c.q.span[0]) >= 0 \
        and ASIDE_REFERENCE_RE.search(c.norm, prev_end, c.q.span[0]) is not None


# ---------------------------------------------------------------- grade

# A value that names a grade ("防城港30万吨级航道", "百万千瓦级机组", "5万吨级泊位"): 级 right after the value or
# its unit (a tonnage or power unit the quantity pattern leaves out): the value classes what follows, no amount.
GRADE_RE = regex.compile(r"级")
GRADE_AFTER_RE = regex.compile(r"(?:吨|千瓦|兆瓦|瓦|伏|千伏|立方米|标箱)?级")


@rule("grade", "\"推进防城港30万吨级航道建设\": a value naming a grade (…吨级, …千瓦级), not an amount",
      gate=clause_holds(GRADE_RE))
def grade(c: Candidate) -> bool:
    return GRADE_AFTER_RE.match(c.norm, c.q.span[1], c.ce) is not None

