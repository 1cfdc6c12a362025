"""Rules about money: a parameter of the policy, a budget line, the money a plan needs, a reward's condition.

Each rule's patterns stand right above it, its clause gate beside it (targets/candidate.py says what a gate is).
"""
from __future__ import annotations

import regex

from ..candidate import Candidate, clause_holds, rule

# ---------------------------------------------------------------- policy-parameter

# the size of a fund, or money drawn from one
FUND_SIZE_RE = regex.compile(r"""
    基金\s?(?:总)?规模
  | (?:设立|组建|成立|设置|发起|筹建|出资|注资|规模)[^,;。]{0,24}基金
  | 基金[^,;。]{0,4}(?:安排|列支|统筹)               # money drawn from a fund: "引导基金中安排不少于20亿元"
    """, regex.VERBOSE)
# a cap per recipient: "每家企业不超过50万元", "每个项目最高200万元" (a rule of the support, not a level)
PER_RECIPIENT_RE = regex.compile(r"每(?:家|个|户|人|项|所|名|位|次)|单(?:个|项|家|笔|户)")   # "单个项目不超过…"
MONEY_UNIT_RE = regex.compile(r"元$|美元")
# a price or benefit level and its relative change right before the value: "平均电价再降低10%",
# "基本养老金今年再提高10%" (a committed change of a level, SPEC §4; a rate's new value "税率降至13%" stays a
# parameter)
LEVEL_CHANGE_RE = regex.compile(r"(?:电价|水价|气价|养老金|收费标准)(?:水平)?"   # the level
                                r"[^,;。]{0,4}?(?:再|平均)?"                   # "今年再", "平均"
                                r"(?:降低|下降|提高|上调|下调)\s?$")            # its change, right before the value


def policy_gate(c: Candidate) -> bool:
    """A policy word, a fund's size or a per-recipient cap in the clause."""
    return c.clause_has(c.lex.policy) or c.clause_has(FUND_SIZE_RE) or c.clause_has(PER_RECIPIENT_RE)


@rule("policy-parameter", "补贴/奖励/税率/收费/基金规模, or a money cap per recipient (每家…不超过50万元), in the "
      "clause: a parameter of the policy", gate=policy_gate)
def policy_parameter(c: Candidate) -> bool:
    if c.q.unit in ("%", "％") and LEVEL_CHANGE_RE.search(c.norm, c.cs, c.q.span[0]):
        return False            # "一般工商业平均电价再降低10%", "基本养老金再提高10%": a level's change (SPEC §4)
    return c.clause_has(c.lex.policy) or c.clause_has(FUND_SIZE_RE) or (
        bool(MONEY_UNIT_RE.search(c.q.unit)) and c.q.qualifier == "at_most" and c.clause_has(PER_RECIPIENT_RE))


# ---------------------------------------------------------------- budget-line

BUDGET_OR_DEFICIT = "赤字"
# a clause that is only a change ("增长18%"): its subject is the clause before it
GROWTH_ONLY_RE = regex.compile(r"^\s?(?:同比|年均|平均)?(?:增长|增加|提高|下降|降低|减少)\s?(?:约|近)?$")
GROWS_RE = regex.compile(r"增长|增加|提高|扩大")


def budget_gate(c: Candidate) -> bool:
    """赤字 in the clause, or a budget word in the sentence up to the clause end."""
    return c.in_clause(BUDGET_OR_DEFICIT) or c.sentence_first(c.lex.budget) < c.ce


@rule("budget-line", "赤字/国债/专项债/预算/安排…亿元/转移支付: a budget arrangement (SPEC §4)", gate=budget_gate)
def budget_line(c: Candidate) -> bool:
    """Money the budget arranges, a deficit, bonds, transfers: a work report's budget, not a target."""
    if MONEY_UNIT_RE.search(c.q.unit):
        return c.clause_has(c.lex.budget)
    if c.q.unit not in ("%", "％"):
        return False
    # a rate of the budget: "赤字率3%", "一般性转移支付规模增长12.2%", "…增长18%" right after such a clause
    clause = c.norm[c.cs:c.q.span[0]]
    if "赤字" in clause:
        return True
    if "占" in clause or "比重" in clause:          # a share ("财政性教育经费支出占国内生产总值的比重4%")
        return False                                # is an indicator, not a budget line
    return (bool(c.lex.budget.search(clause)) and bool(GROWS_RE.search(clause))) or (
        GROWTH_ONLY_RE.match(clause) is not None and bool(c.lex.budget.search(c.norm, c.ss, c.cs)))


# ---------------------------------------------------------------- funds-needed

# An estimate of the money a plan needs: "全社会环保投资需求约3.4万亿元", "环保投资约需占同期国内生产总值的1.35%"
FUNDS_NEEDED_RE = regex.compile(r"约需|投资需求|资金需求")


@rule("funds-needed", "\"环保投资需求约3.4万亿元\": an estimate of the money needed",
      gate=clause_holds(FUNDS_NEEDED_RE))
def funds_needed(c: Candidate) -> bool:
    """"全社会环保投资需求约3.4万亿元": the money the plan is estimated to need, not a level to reach."""
    return c.clause_has(FUNDS_NEEDED_RE)


# ---------------------------------------------------------------- reward-condition

# A reward's condition, framed as one: the sentence opens with 对/凡/经 ("对…首次突破1000亿元的企业，给予…"),
# a 的 closes the condition before the reward ("…达到2000万元的，分别给予…"), or the clause names a first
# crossing or a recognition ("首次达到", "每认定1家") — without a frame, a subsidy after a task list leaves the
# tasks targets ("完成3万套…建设任务，落实…补贴政策")
REWARD_FRAME_OPEN_RE = regex.compile(r"\s{0,4}(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）.、．]\s?)?"   # an item number
                                     r"(?:(?:今年|明年|每年|年内)[,，]?)?"                      # a time
                                     r"(?:对|凡|经)")
REWARD_FRAME_CLOSE_RE = regex.compile(r"的\s?[,;，；]|的(?:企业|单位|项目|个人|人才|团队|机构|园区|平台)[,;，；]")
REWARD_FRAME_WORD_RE = regex.compile(r"首次|每认定|每新增|新认定|认定为|被认定")


def reward_gate(c: Candidate) -> bool:
    """A reward clause comes later in the sentence."""
    return c.ce <= c.reward_at < c.se


@rule("reward-condition", "a condition of the reward the sentence goes on to give", gate=reward_gate)
def reward_condition(c: Candidate) -> bool:
    """A threshold of the reward the sentence goes on to give: the value sits in a condition framed as one
    ("对…首次突破1000亿元的法人企业，给予…", "…达到2000万元的，分别给予…"), not in a task list that a subsidy
    merely follows ("完成3万套…建设任务，落实…补贴政策")."""
    if not c.ce <= c.reward_at < c.se:
        return False
    return bool(REWARD_FRAME_OPEN_RE.match(c.norm, c.ss, c.q.span[0])
                or REWARD_FRAME_CLOSE_RE.search(c.norm, c.q.span[1], c.reward_at)
                or c.clause_has(REWARD_FRAME_WORD_RE))
