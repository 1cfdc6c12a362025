"""The rules that drop a quantity: each has a name, a one-line reason and a test, tried in order.

A quantity of a sentence is a target unless one of `EXCLUSIONS` drops it (the first that applies wins, and
its name is what `policyparse explain` prints and what a case's `dropped_by:` names). Every rule reads a
`Candidate`: the quantity, the clause around it and what the sentence judge knows at that point.

>>> [r.name for r in EXCLUSIONS][:4]
['policy-parameter', 'budget-line', 'statistic-word', 'perfective']
"""
from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import NamedTuple

import regex

from . import candidate as g
from .candidate import Candidate
from .indicators import clean_indicator
from .quantities import Quantity, prefix_qualifier
from .rule_words import (FUND_SIZE_RE, SCOPE_SUM_RE, FREQUENCY_RE, EXISTENCE_RE, NORMATIVE_RE, NORMATIVE_SOFT_RE, MONEY_UNIT_RE,
                         MULTIPLIER_HEAD_RE, GROWTH_ONLY_RE, GROWS_RE, COUNT_UNITS, CLASS_NOUN_RE, NOUN_OF_RE,
                         FORECAST_RE, COHORT_RE, FUNDS_NEEDED_RE, CONSEQUENCE_RE, DEFINITION_RE, DUTY_AFTER_RE, TIME_UNITS,
                         SPENT_BEFORE_RE, SPAN_UNITS, PER_RECIPIENT_RE, LEVEL_CHANGE_RE, EXCEEDED_RE,
                         ON_THE_BASIS_RE, CONDITION_OPEN_RE, SUBMISSION_RE, PROGRAMME_NAME_RE,
                         REWARD_FRAME_OPEN_RE, REWARD_FRAME_CLOSE_RE, REWARD_FRAME_WORD_RE)
from .vocab import R, Vocab

class Rule(NamedTuple):
    name: str
    why: str                        # one line, with an example
    test: Callable[[Candidate], bool]
    gate: Callable[[Candidate], bool] | None = None   # holds for a clause whenever `test` can (candidate.py)


def policy_parameter(c: Candidate) -> bool:
    if c.q.unit in ("%", "％") and LEVEL_CHANGE_RE.search(c.norm, c.cs, c.q.span[0]):
        return False            # "一般工商业平均电价再降低10%", "基本养老金再提高10%": a level's change (SPEC §4)
    return c.clause_has(c.lex.policy) or c.clause_has(FUND_SIZE_RE) or (
        bool(MONEY_UNIT_RE.search(c.q.unit)) and c.q.qualifier == "at_most" and c.clause_has(PER_RECIPIENT_RE))


def activity_duration(c: Candidate) -> bool:
    """How long an activity is given ("集中2-3个月时间，开展…选举"): its schedule, not a level to reach."""
    return c.q.unit.endswith(SPAN_UNITS) and bool(SPENT_BEFORE_RE.search(c.norm, max(c.cs, c.q.span[0] - 3),
                                                                        c.q.span[0]))


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


def statistic_word(c: Candidate) -> bool:
    found = c.facts.get("statistic-word")          # a property of the clause: asked once per clause
    if found is None:
        found = c.facts["statistic-word"] = any(
            (m.group() != "期间" or not _forward_in_clause(c))   # "今年迎峰度夏期间": a forward period
            and not _in_quote(c.norm, m.start())              # "“全国网上年货节”" holds no 上年
            for m in c.lex.stats.finditer(c.norm, c.cs, c.ce))
    return found


def _forward_in_clause(c: Candidate) -> bool:
    return any(m.kind == "forward" for m in c.marks[bisect.bisect_left(c.mpos, c.cs):bisect.bisect_left(c.mpos, c.ce)])


# A verb with the perfective 了 before the value: "同时梳理了企业和个人各100余项事项" reports what was done
# (not 为了/除了/了解: purpose, exception, "understand"). Searched in the words before the value.
PERFECTIVE_RE = regex.compile(r"(?<!为|除|不得)(?:梳理|编制|制定|出台|印发|完成|建成|开展|组织|召开|举办|发布|新增|累计|实现|取消"
                              r"|形成|培育|认定|创建|推出|引进|吸引|落地|开工|签约|办理|受理|处理|查处|收到|征集"
                              r"|提升|提高|增长|增加|下降|降低|减少|节省|节约|花费|缩短|压缩)了")   # "产能提升了10%"


def perfective(c: Candidate) -> bool:
    """"梳理了企业和个人各100余项全生命周期事项": a completed action, not a commitment (no explicit deadline)."""
    return bool(PERFECTIVE_RE.search(c.pre)) and not c.explicit_deadline()


def past_year(c: Candidate) -> bool:
    """A stats year in the clause, or before the quantity in a sentence without any deadline."""
    for k in range(bisect.bisect_left(c.mpos, c.q.span[0]) - 1, -1, -1):    # the nearest such mark before it
        if c.marks[k].kind in ("stats", "forward"):
            return c.marks[k].kind == "stats"       # "2021年，全省…为2.3万亿元": the sentence's own year
    return False


FREQUENCY_MAX = 12          # "每年至少开展一次评估", "每季度召开2次": a duty's frequency; "每年提供服务不少于100次"
                            # is a yearly volume to reach


def frequency_duty(c: Candidate) -> bool:
    return c.q.unit in ("次", "轮") and c.q.value <= FREQUENCY_MAX \
        and bool(FREQUENCY_RE.search(c.norm, c.cs, c.q.span[0]))


def scope_sum(c: Candidate) -> bool:
    return bool(SCOPE_SUM_RE.search(c.norm, max(c.ss, c.q.span[0] - 64), c.q.span[0]))


def text_count(c: Candidate) -> bool:
    """"23项扶持政策": a count of the text's own items; not when they are to take effect ("推动25项举措落地生效"),
    nor a size that is no count of items ("裁减军队员额20万的任务": a bare 万, no counting word)."""
    if c.q.unit in ("万", "亿", "万亿"):
        return False            # a bare multiplier counts people or things, never the text's own items
    m = c.lex.text_nouns.match(c.after)
    return bool(m) and not TAKES_EFFECT_RE.match(c.after, m.end())


# what a count of measures is to do: take effect, be carried out ("…举措落地生效", "…政策落实到位")
TAKES_EFFECT_RE = regex.compile(r"\s?(?:落地|生效|见效|落实|实施|兑现|到位)")
QUOTE_REACH = 12            # characters: a short quoted name ("“丝路云品电商节”")


def _in_quote(norm: str, pos: int) -> bool:
    """pos lies inside a short “…” quote (opened at most QUOTE_REACH characters before, closed as soon after).

    >>> n = "开展“全国网上年货节”活动，比上年增长"
    >>> _in_quote(n, n.find("上年")), _in_quote(n, n.rfind("上年"))
    (True, False)
    """
    o = norm.rfind("“", max(0, pos - QUOTE_REACH), pos)
    return o >= 0 and norm.rfind("”", o, pos) < 0 and norm.find("”", pos, pos + QUOTE_REACH) >= 0


# the start of a change: "由12个工作日…", "从人均8.7万元提高到…" (a per-head or average word may come between)
BASELINE_FROM_RE = regex.compile(r"""(?:由|从|自)\s?
    (?:(?:今年|去年|上年|目前|现在|当前|(?:19|20)\d{2}\s?年)(?:底|末)?)?   # "由今年预计的3%提高到4%"
    (?:预计|实际)?的?\s?(?:人均|户均|平均|年均)?\s?$""", regex.X)


def baseline_of_change(c: Candidate) -> bool:
    """"由12个工作日压减至5个", "在连续两年增长13%的基础上": the starting value of a change."""
    return bool(BASELINE_FROM_RE.search(c.norm[max(c.cs, c.q.span[0] - 14):c.q.span[0]])) \
        or bool(ON_THE_BASIS_RE.match(c.norm, c.q.span[1], c.ce))


def modifier(c: Candidate) -> bool:
    return c.k + 1 < len(c.cq) and is_modifier(c.norm, c.q, c.cq[c.k + 1], c.lex)


def attribute_value(c: Candidate) -> bool:
    if c.after.startswith("的") and c.k > 0 and not R(r"[、,和及]").search(c.norm[c.cq[c.k - 1].span[1]:c.q.span[0]]):
        return True
    # "把14亿多中国人的饭碗…": the count names a noun that then qualifies another (no verb commits to it)
    return bool(NOUN_OF_RE.match(c.after)) and not (
        c.lex.objverb_tail.search(c.norm, max(c.cs, c.q.span[0] - 6), c.q.span[0])
        or c.lex.link.search(c.norm, max(c.cs, c.q.span[0] - 4), c.q.span[0]))


def small_chinese_numeral(c: Candidate) -> bool:
    """一/两/三 + a unit is a target only after a verb under a deadline; a lone 一…十 (一个, 两个) needs the
    sentence's own deadline or a forward word right before it (力争/确保)."""
    q, norm = c.q, c.norm
    digits = q.span[1] - q.span[0] - len(q.unit) + len(MULTIPLIER_HEAD_RE.match(q.unit).group())   # "两万人": 2
    if not q.chinese:
        return False
    if digits <= 1 and q.value <= 10 and not (c.explicit_deadline() or c.lex.forward_words.search(
            norm, max(c.cs, q.span[0] - 8), q.span[0])):
        return True                               # "全力支持两个特别行政区", not "力争培育一个示范小区"
    return not (c.forward and (digits >= 2 or c.lex.objverb_tail.search(norm, max(c.cs, q.span[0] - 4), q.span[0])))


def existence_count(c: Candidate) -> bool:
    return bool(EXISTENCE_RE.search(c.norm, max(c.cs, c.q.span[0] - 10), c.q.span[0])) and not c.explicit_deadline()


def normative_limit(c: Candidate) -> bool:
    """A rule set for others ("不得超过2个"), unless the clause gives it a year of its own; a regulation's 当年
    ("不得低于当年…的百分之四十") is each year it applies to, no deadline."""
    return (c.clause_has(NORMATIVE_RE)
            and not any(m.kind == "forward" and m.year is not None and c.cs <= m.pos < c.ce
                        and c.norm[m.pos:m.end] != "当年" for m in c.marks))


def requirement(c: Candidate) -> bool:
    """A bare 应 or 建议 outside a goal passage, no deadline of its own in the clause: what others must do
    ("应以自动驾驶模式…进行过合计不少于240小时的道路测试", "机构数量建议不少于3家"), not a level the document
    commits to."""
    return not c.forward and c.clause_has(NORMATIVE_SOFT_RE) and not any(
        m.kind == "forward" and m.year is not None and c.cs <= m.pos < c.ce for m in c.marks)


def programme_name(c: Candidate) -> bool:
    """"实施新一轮千亿斤粮食产能提升行动": a measured value (not a count) that opens a programme's name."""
    unit = c.q.unit.lstrip("万亿千百")
    if not unit or unit.startswith(COUNT_UNITS) or unit in ("%", "％", "‰") or c.k + 1 < len(c.cq):
        return False
    return bool(PROGRAMME_NAME_RE.match(c.norm, c.q.span[1], c.ce))


def article_standard(c: Candidate) -> bool:
    """A value in a regulation's article with no deadline of its own: a standard the regulation sets for those it
    governs ("每户不超过80平方米", "公示期不少于5个工作日"; SPEC §4 "a price or standard set"), not a goal."""
    return c.article and not c.explicit_deadline()


def size_class(c: Candidate) -> bool:
    """"时速120公里以上线路", "300平方米以下个体工商户", "效率不低于60%的脱硝设施": a measured value that
    classifies the noun after it (a size class), not a level to reach."""
    unit = c.q.unit.lstrip("万亿千百")
    if not unit or unit.startswith(COUNT_UNITS) or unit.endswith(TIME_UNITS) \
            or c.q.qualifier not in ("at_least", "at_most"):
        return False
    m = CLASS_NOUN_RE.match(c.norm, c.q.span[1], c.ce)
    if m is None or (unit in ("%", "％", "‰") and not m.group("de")):   # "70%以上依申请类…事项": X% of them
        return False
    if unit in ("%", "％", "‰") and not clean_indicator(c.pre):
        return False               # "全省50%以上的文化馆具备…": nothing measured before it, a share of them
    return not c.lex.objverb_tail.search(c.norm, max(c.cs, c.q.span[0] - 6), c.q.span[0])


def submission_quota(c: Candidate) -> bool:
    """"各省、自治区、直辖市推荐项目不超过10个": a ceiling on what applicants submit, not a level to reach."""
    return (c.q.qualifier == "at_most" or c.norm.startswith("限报", max(c.cs, c.q.span[0] - 2))) \
        and bool(SUBMISSION_RE.search(c.norm, c.cs, c.q.span[0]))


def funds_needed(c: Candidate) -> bool:
    """"全社会环保投资需求约3.4万亿元": the money the plan is estimated to need, not a level to reach."""
    return c.clause_has(FUNDS_NEEDED_RE)


def forecast(c: Candidate) -> bool:
    """"预计今年高校毕业生超过1170万人", "将高达765万人": a forecast of what will happen, not a commitment."""
    return (bool(FORECAST_RE.search(c.norm, c.cs, c.q.span[0]))
            or bool(COHORT_RE.search(c.norm, max(c.cs, c.q.span[0] - 20), c.q.span[0]))) and not c.explicit_deadline()


def event_threshold(c: Candidate) -> bool:
    """A grading threshold of an event: the clause names the harm (造成…死亡), is a condition ending in 的, or
    defines a class ("…事故，是指船舶溢油500吨以上不足1000吨")."""
    clause = c.norm[c.cs:c.ce].rstrip()
    return bool(CONSEQUENCE_RE.search(clause)) or (clause.endswith("的") and c.q.qualifier in ("at_least", "at_most")) \
        or bool(DEFINITION_RE.search(clause))


def reporting_time_limit(c: Candidate) -> bool:
    """How soon a report or response is due ("24小时内举行新闻发布会"): a rule of procedure, not a level."""
    return c.q.unit.endswith(TIME_UNITS) and c.q.qualifier == "at_most" and bool(
        DUTY_AFTER_RE.match(c.norm, c.q.span[1], c.ce)) and not c.lex.change.search(c.pre)


def conditional(c: Candidate) -> bool:
    """"只要我们能够再连续若干年保持百分之八至百分之九的增长率": a condition the sentence reasons from."""
    return bool(CONDITION_OPEN_RE.match(c.norm, c.ss, c.q.span[0]))


def ungoverned(c: Candidate) -> bool:
    if c.forward:
        return False
    return c.narrative or not (c.listed or c.continued or governed(c, c.governor if c.governor is not None
                                                                   else c.pre))


def reward_condition(c: Candidate) -> bool:
    """A threshold of the reward the sentence goes on to give: the value sits in a condition framed as one
    ("对…首次突破1000亿元的法人企业，给予…", "…达到2000万元的，分别给予…"), not in a task list that a subsidy
    merely follows ("完成3万套…建设任务，落实…补贴政策")."""
    if not c.ce <= c.reward_at < c.se:
        return False
    return bool(REWARD_FRAME_OPEN_RE.match(c.norm, c.ss, c.q.span[0])
                or REWARD_FRAME_CLOSE_RE.search(c.norm, c.q.span[1], c.reward_at)
                or c.clause_has(REWARD_FRAME_WORD_RE))


EXCLUSIONS: tuple[Rule, ...] = (      # name, why, test, gate (candidate.py: asked once per clause)
    Rule("policy-parameter", "补贴/奖励/税率/收费/基金规模, or a money cap per recipient (每家…不超过50万元), in the "
         "clause: a parameter of the policy", policy_parameter, g.policy_gate),
    Rule("budget-line", "赤字/国债/专项债/预算/安排…亿元/转移支付: a budget arrangement (SPEC §4)", budget_line,
         g.budget_gate),
    Rule("statistic-word", "截至/同比/已/现有/以来 in the clause: a statistic", statistic_word, g.stats_gate),
    Rule("perfective", "\"梳理了…各100余项\": a verb with 了, an action done, not a commitment", perfective,
         g.perfective_gate),
    Rule("past-year", "a past year opens the clause or sentence: \"2021年，全省…为2.3万亿元\"", past_year,
         g.past_year_gate),
    Rule("frequency-duty", "\"每年至少开展一次评估\": a frequency, not a level to reach", frequency_duty,
         g.frequency_gate),
    Rule("scope-sum", "\"改造范围:…共计36个小区\": the scope of a measure summed up", scope_sum, g.scope_gate),
    Rule("text-count", "\"23项扶持政策\": a count that describes the text itself", text_count, g.text_count_gate),
    Rule("baseline-of-change", "\"由12个工作日压减至5个\": the starting value of a change", baseline_of_change,
         g.baseline_gate),
    Rule("modifier", "\"营业收入超10亿元的企业达15家\": the value qualifies what is counted", modifier, g.modifier_gate),
    Rule("attribute-value", "\"建成20个年交易额超10亿元的市场群\": an attribute of the counted thing", attribute_value,
         g.attribute_gate),
    Rule("small-chinese-numeral", "\"三个作用\", \"一个国家\": 一/两/三 + unit without a committed count",
         small_chinese_numeral, g.chinese_gate),
    Rule("existence-count", "\"全国有24万多户国有小企业\": a count of what exists (SPEC §4)", existence_count,
         g.existence_gate),
    Rule("normative-limit", "\"不得超过2个\", \"原则上不少于6个月\": a rule set for others, no deadline", normative_limit,
         g.normative_gate),
    Rule("article-standard", "\"每户不超过80平方米\" in a 第X条 article, no deadline: a standard the regulation sets",
         article_standard, g.article_gate),
    Rule("submission-quota", "\"各省推荐项目不超过10个\", \"每个单位限报1项\": how many an applicant may submit",
         submission_quota, g.submission_gate),
    Rule("funds-needed", "\"环保投资需求约3.4万亿元\": an estimate of the money needed", funds_needed, g.funds_gate),
    Rule("forecast", "\"预计今年高校毕业生超过1170万人\": a forecast, not a commitment", forecast, g.forecast_gate),
    Rule("event-threshold", "\"造成30人以上死亡\", \"…1亿元以上直接经济损失的\": an event's grading threshold",
         event_threshold, g.event_gate),
    Rule("activity-duration", "\"集中2-3个月时间，开展…\": the time an activity is given", activity_duration,
         g.duration_gate),
    Rule("reporting-time-limit", "\"24小时内举行新闻发布会\": the time limit of a reporting duty", reporting_time_limit,
         g.time_limit_gate),
    Rule("programme-name", "\"实施新一轮千亿斤粮食产能提升行动\": a measured value in the name of a programme",
         programme_name, g.programme_gate),
    Rule("size-class", "\"时速120公里以上线路\": a measured value classing the noun after it", size_class,
         g.bounded_gate),
    Rule("requirement", "\"应以…进行过合计不少于240小时的测试\", \"建议不少于3家\": a bare 应/建议 outside a goal passage, a "
         "requirement on others", requirement, g.requirement_gate),
    Rule("conditional", "\"只要…保持8%至9%的增长率，…\": the value states a condition, not a commitment", conditional,
         g.condition_gate),
    Rule("ungoverned", "no deadline and no commitment verb governs the value", ungoverned, g.unforwarded_gate),
    Rule("reward-condition", "a condition of the reward the sentence goes on to give", reward_condition, g.reward_gate),
)


def open_rules(c: Candidate) -> tuple[Rule, ...]:
    """The rules, in order, whose gate holds for c's clause: the only ones that may drop its quantities."""
    return tuple(rule for rule in EXCLUSIONS if rule.gate is None or rule.gate(c))


def first_exclusion(c: Candidate) -> Rule | None:
    """The first rule that drops `c`, or None (the quantity may be a target). The clause's gates are asked
    with its first quantity; its other quantities reuse the answer (the judge moves `c` along the clause)."""
    if c.rules is None:
        c.rules = open_rules(c)
    for rule in c.rules:
        if rule.test(c):
            return rule
    return None


# A share of a group and what it is to reach: "…的文化馆具备数字服务能力", "…的县实现全覆盖" (bounded).
SHARE_PREDICATE_RE = regex.compile(r"的\p{Han}{1,12}?(?:具备|实现|达到|完成|建成|开展|接入|纳入|通过)")


QUOTED_NAMES_RE = regex.compile(r"(?:“[^“”\n]{1,20}”[、和及与]?){1,12}(?:等)?")   # bounded, no nesting


def governed(c: Candidate, pre: str) -> bool:
    """Without a deadline around, a quantity is a target only when a commitment governs it:
    an object verb right before it ("建成3—5个"), a change verb ("压减…至4个"), a qualified value
    after a linking verb ("满意度达85%以上"), or, in a plan part with a year (a work report's part about
    this year), a committing verb before a plain value ("回收利用率达到40%")."""
    norm, q, cs, lex = c.norm, c.q, c.cs, c.lex
    qs = q.span[0]
    if lex.objverb_tail.search(norm, max(cs, qs - 6), qs):
        return True
    if lex.change.search(pre):
        return True
    if len(pre) <= 16 and lex.objverb_lead.match(clean_indicator(pre)):
        return True                                   # "建成5G基站10万座": a verb-led clause
    if (v := lex.objverb_lead.match(pre.strip())) and QUOTED_NAMES_RE.fullmatch(pre.strip(), v.end()):
        return True                                   # "开展“年货节”“网购节”6个促销活动": names, then the count
    if c.para_year is not None and lex.commit.search(pre):
        return True
    if q.unit in ("%", "％") and q.qualifier in ("at_least", "at_most") and not clean_indicator(pre) \
            and SHARE_PREDICATE_RE.match(norm, q.span[1], c.ce):
        return True                                   # "全省50%以上的文化馆具备数字服务能力": a share to reach a state
    # a qualified value after a linking verb ("满意度达85%以上"); in a document without any year, a value
    # described as exceeded ("活跃用户数超7亿", "超过10亿人") only where a paragraph sets a year: an undated
    # report's statistics; a requirement's floor ("实现不少于3种…") stays a commitment
    if not c.dated and c.para_year is None and EXCEEDED_RE.search(norm, max(cs, qs - 3), qs):
        return False
    return q.qualifier != "point" and bool(lex.link.search(pre) or prefix_qualifier(norm, qs, cs, lex))


def is_modifier(norm: str, q: Quantity, nxt: Quantity, lex: Vocab) -> bool:
    """q sits in the subject of nxt: "营业收入超10亿元的…企业达15家", "1亿元以上物流企业达到100家"."""
    between = norm[q.span[1]:nxt.span[0]]
    if R(r"、[^,;、\d]{1,16}的[^,;、\d]{1,30}$").match(between):
        return True                           # "收入超1亿元、带动能力强的龙头企业12家": two modifiers
    if R(r"[、,和及与;]").search(between) or not between:
        return False                          # a list: "1个A、15个B"
    if lex.link.search(between) or R(r"有\s?$").search(between):
        return True                           # "…1亿元以上物流企业达到100家"
    if (R(r"(?:及)?以[上下]$").search(norm, q.span[0], q.span[1]) and nxt.unit != q.unit
            and R(r"[^\d,;。、的]{1,8}").fullmatch(between)):
        return True                           # "实施500万元以上项目1500个": a size class of what is counted
    before = norm[max(0, q.span[0] - 4):q.span[0]]
    return not (lex.objverb_tail.search(before) or lex.link.search(before))   # "超百亿元企业10家"
