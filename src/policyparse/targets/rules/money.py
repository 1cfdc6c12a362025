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
LEVEL_CHANGE_RE = regex.compile(r"(?:电价|水价|气价|养老金|收费标准|利率|融资成本)(?:水平)?"   # the level
                                r"[^,;。]{0,4}?(?:再|平均)?"                   # "今年再", "平均"
                                r"(?:降低|下降|提高|上调|下调)\s?$")            # its change, right before the value


FUND = "基金"                        # in every FUND_SIZE_RE match: a clause without it is not searched


def policy_gate(c: Candidate) -> bool:
    """A policy word, a fund's size or a per-recipient cap in the clause."""
    return c.clause_has(c.lex.policy) or (c.in_clause(FUND) and c.clause_has(FUND_SIZE_RE)) \
        or c.clause_has(PER_RECIPIENT_RE)


@rule("policy-parameter", "补贴/奖励/税率/收费/基金规模, or a money cap per recipient (每家…不超过50万元), in the "
      "clause: a parameter of the policy", gate=policy_gate,
      needs=lambda lex: (lex.policy, FUND, PER_RECIPIENT_RE))
def policy_parameter(c: Candidate) -> bool:
    if c.q.unit in ("%", "％", "个百分点", "百分点") and LEVEL_CHANGE_RE.search(c.norm, c.cs, c.q.span[0]):
        return False            # "一般工商业平均电价再降低10%", "基本养老金再提高10%": a level's change (SPEC §4)
    if c.q.unit.lstrip("万千百").startswith(FUNDED_UNITS) and FUNDED_BEFORE_RE.search(
            c.norm, max(c.cs, c.q.span[0] - 8), c.q.span[0]):
        return False            # "每年选拔资助50名高层次人才": how many are funded is a commitment (SPEC §4)
    if c.q.unit.lstrip("万千百").startswith(RECIPIENT_UNITS) and DISBURSED_BEFORE_RE.search(
            c.norm, max(c.cs, c.q.span[0] - 32), c.q.span[0]):
        return False            # "发放城镇住房保障家庭租赁补贴不少于3万户": how many receive it is a commitment
    return (c.clause_has(c.lex.policy) and _policy_word(c)) or c.clause_has(FUND_SIZE_RE) or (
        bool(MONEY_UNIT_RE.search(c.q.unit)) and c.q.qualifier == "at_most" and c.clause_has(PER_RECIPIENT_RE))


def _policy_word(c: Candidate) -> bool:
    """A policy word of the clause other than a validity period that qualifies what is counted ("有效期内高新技术企业
    达8200家": the firms whose status is in force; "有效期3年" stays a parameter), and other than 征收 before a count of
    households or an area ("完成旧改征收3万户以上": expropriation for renewal, not a levy, which is money or a rate)."""
    levy = bool(MONEY_UNIT_RE.search(c.q.unit)) or c.q.unit in ("%", "％", "‰")
    return any(not (m.group() == "有效期" and c.norm.startswith("内", m.end())) and (m.group() != "征收" or levy)
               for m in c.lex.policy.finditer(c.norm, c.cs, c.ce))


# the people, units or projects a policy funds, counted right after the funding verb: "选拔资助50名", "支持100个…项目"
FUNDED_BEFORE_RE = regex.compile(r"(?:(?:资助|支持|扶持|补助|奖励|表彰)(?:培养|培育|建设|引进)?"   # the funding verb
                                 r"|(?:资助|支持)[^,，;；。]{0,8}?项目)"            # "拟资助重点支持项目约6项"
                                 r"\s?(?:约|近|不少于|超过|不超过)?\s?$")                 # right before the value
FUNDED_UNITS = ("名", "人", "个", "家", "项", "所", "支", "批", "位")
# a benefit paid out, then how many receive it: "发放城镇住房保障家庭租赁补贴不少于3万户" (bounded, one clause)
DISBURSED_BEFORE_RE = regex.compile(r"发放[^,，;；。]{0,20}?(?:补贴|补助|救助金|津贴|救助)"
                                    r"\s?(?:不少于|超过|约|近)?\s?$")
RECIPIENT_UNITS = ("户", "人", "名", "家", "人次", "户次")


# ---------------------------------------------------------------- budget-line

BUDGET_OR_DEFICIT = "赤字"
# a clause that is only a change ("增长18%"): its subject is the clause before it
GROWTH_ONLY_RE = regex.compile(r"^\s?(?:同比|年均|平均)?(?:增长|增加|提高|下降|降低|减少)\s?(?:约|近)?$")
GROWS_RE = regex.compile(r"增长|增加|提高|扩大|压减|削减")     # a budget grows or is cut ("一般性支出压减5%以上")


def budget_gate(c: Candidate) -> bool:
    """赤字 in the clause, or a budget word in the sentence up to the clause end."""
    return c.in_clause(BUDGET_OR_DEFICIT) or c.sentence_first(c.lex.budget) < c.ce


@rule("budget-line", "赤字/国债/专项债/预算/安排…亿元/转移支付: a budget arrangement (SPEC §4)", gate=budget_gate)
def budget_line(c: Candidate) -> bool:
    """Money the budget arranges, a deficit, bonds, transfers: a work report's budget, not a target."""
    if MONEY_UNIT_RE.search(c.q.unit):
        # after a count the budget word governed ("安排首批重大项目1678个、年度投资1.1万亿元": it arranges projects),
        # money is a budget line only when its own words name one; after money ("转移支付增加约1.5万亿元、规模近
        # 9.8万亿元"), the clause's budget word still governs it
        if c.k > 0 and not MONEY_UNIT_RE.search(c.cq[c.k - 1].unit):
            return bool(c.lex.budget.search(c.pre))
        return c.clause_has(c.lex.budget)
    if c.q.unit not in ("%", "％"):
        return False
    # a rate of the budget: "赤字率3%", "一般性转移支付规模增长12.2%", "“三公”经费再压减3%左右",
    # "…增长18%" right after such a clause
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


# ---------------------------------------------------------------- project-investment

# A project's investment, named to size or fund it: "推进总投资103.7亿元的棚户区改造工程", "投资6.6亿元，实施…景区
# 基础设施建设" (the amount alone in its clause, a project verb next) — like a budget line, no level to reach
# (SPEC §4); a sector's volume ("完成铁路投资8000亿元") is one. Bounded look around the value.
INVESTMENT_BEFORE_RE = regex.compile(r"(?:总投资|投资总额|投资|总额)(?:为|约|达)?\s?$")
PROJECT_OF_RE = regex.compile(r"\s?的")
FUNDED_NEXT_RE = regex.compile(r"\s?[,，]\s?(?:实施|建设|推进|启动|完成|新建|改造|开工|续建)")


@rule("project-investment", "\"推进总投资103.7亿元的棚户区改造工程\": the investment that sizes or funds a project",
      gate=clause_holds(regex.compile("投资|总额")))
def project_investment(c: Candidate) -> bool:
    q, norm = c.q, c.norm
    if q.unit[-1:] != "元" or not INVESTMENT_BEFORE_RE.search(norm, max(c.cs, q.span[0] - 6), q.span[0]):
        return False
    if PROJECT_OF_RE.match(norm, q.span[1], c.ce):
        return True                                 # the project's size, before 的
    alone = not norm[c.cs:q.span[0]].strip(" ,，").removesuffix("总投资").removesuffix("投资")
    return alone and q.span[1] >= c.ce - 1 and bool(FUNDED_NEXT_RE.match(norm, c.ce, c.se))


# ---------------------------------------------------------------- reward-condition

# A reward word that gives nothing here: a standard or policy named ("城乡低保和优抚对象补助标准也进一步提高",
# "落实乡村教师…享受乡镇工作补贴和生活补助政策") — the clauses before it are no conditions of a reward
NAMED_REWARD_AFTER_RE = regex.compile(r"\s?(?:标准|政策|制度|机制|办法|资金)")
NAMED_REWARD_BEFORE_RE = regex.compile(r"(?:落实|执行|享受|完善|健全)[^,;。]{0,16}$")
# a grant by performance: "根据平台建设运营和服务企业情况，每年给予…补助" — the values before it are the
# recipient's duties, not thresholds (bounded look back to the clause start)
BY_PERFORMANCE_RE = regex.compile(r"(?:根据|视|按照|依据)[^,;。]{0,24}(?:情况|绩效|考核|评估|成效)")
REWARD_CLAUSE_BACK = 40
# the reward given per item of the count before it: "…，每个项目给予最高200万元补助"
PER_ITEM_REWARD_RE = regex.compile(r"[,;，；]\s?(?:对)?每(?:个|家|项|名|人|户|所|位)[^,;。]{0,12}$")


def reward_start(norm: str, ss: int, se: int, reward_re: regex.Pattern) -> int:
    """Where the sentence's reward clause starts: its first reward word that gives something (else the sentence
    end)."""
    for m in reward_re.finditer(norm, ss, se):
        if NAMED_REWARD_AFTER_RE.match(norm, m.end(), se) \
                or NAMED_REWARD_BEFORE_RE.search(norm, max(ss, m.start() - 20), m.start()):
            continue
        return m.start()
    return se


def reward_gate(c: Candidate) -> bool:
    """A reward clause comes later in the sentence."""
    return c.ce <= c.reward_at < c.se


@rule("reward-condition", "a condition of the reward the sentence goes on to give", gate=reward_gate)
def reward_condition(c: Candidate) -> bool:
    """A threshold of the reward the sentence goes on to give ("年主营业务收入达到1亿元、5亿元，每年分别给予…
    奖励"), unless the reward is granted by performance ("…服务企业不少于500家，根据平台服务企业情况，每年给予…"):
    then the values are the recipient's duties."""
    if not c.ce <= c.reward_at < c.se:
        return False
    back = max(c.ce, c.reward_at - REWARD_CLAUSE_BACK)
    if PER_ITEM_REWARD_RE.search(c.norm, back, c.reward_at):
        return False            # "支持100个…项目，每个项目给予…": the count is how many are funded, no threshold
    return BY_PERFORMANCE_RE.search(c.norm, back, c.reward_at) is None
