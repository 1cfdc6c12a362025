"""Rules about norms and time: a limit or requirement set for others, a regulation's standard, an applicant's
quota, a call's project structure, a duty's frequency, an event's grading threshold, a schedule, a reporting time
limit, a condition.

Each rule's patterns stand right above it, its clause gate beside it (targets/candidate.py says what a gate is).
"""
from __future__ import annotations

import regex

from ...lexicons import alternation, load_list
from ..candidate import Candidate, any_quantity, clause_holds, rule
from ..quantities import Quantity

# ---------------------------------------------------------------- normative-limit

# a rule the text sets for others, not an outcome it commits to: "不得超过2个", "原则上不少于6个月"
NORMATIVE_RE = regex.compile(r"不得|不应|不宜|原则上|应当|须|必须"
                             r"|可以(?:少于|多于|低于|高于|不超过|超过|节约|少用|减少)"   # "可以少于5人": a permission;
                             #                              "可以节约标准煤200万吨": an estimate of an effect
                             r"|一般(?:为|不|应)")                         # "一般为3人或5人": as a rule


@rule("normative-limit", "\"不得超过2个\", \"原则上不少于6个月\": a rule set for others, no deadline",
      gate=clause_holds(NORMATIVE_RE))
def normative_limit(c: Candidate) -> bool:
    """A rule set for others ("不得超过2个"), unless the clause gives it a year of its own; a regulation's 当年
    ("不得低于当年…的百分之四十") is each year it applies to, no deadline."""
    return (c.clause_has(NORMATIVE_RE)
            and not any(m.kind == "forward" and m.year is not None and c.cs <= m.pos < c.ce
                        and c.norm[m.pos:m.end] != "当年" for m in c.marks))


# ---------------------------------------------------------------- article-standard

# a commitment word in the sentence: the article sets a goal ("力争新能源汽车产量突破50万辆")
STRIVE_RE = regex.compile(r"力争|确保|争取|努力")


def article_gate(c: Candidate) -> bool:
    """In a regulation's article."""
    return c.article


@rule("article-standard", "\"每户不超过80平方米\" in a 第X条 article, no deadline: a standard the regulation sets",
      gate=article_gate)
def article_standard(c: Candidate) -> bool:
    """A value in a regulation's article with no deadline of its own: a standard the regulation sets for those it
    governs ("每户不超过80平方米", "公示期不少于5个工作日"; SPEC §4 "a price or standard set"), not a goal. An
    article that sets a dated goal ("第五条 到2025年，…产量达到20万辆。公共充电桩达到2万个") dates the sentences
    after it and commits with 力争: no standard there."""
    return c.article and not c.explicit_deadline() and STRIVE_RE.search(c.norm, c.ss, c.se) is None


# ---------------------------------------------------------------- per-unit-staffing

# "每个乡镇（街道）建立不少于20人的防汛应急救援队伍", "每个社区配备不少于2名网格员": the headcount every unit of a kind
# must staff (每 + a measure word + the unit, in the clause before the value; bounded), no deadline of its own
PER_UNIT_RE = regex.compile(r"每(?:一)?(?:个|家|所)?[^,;。]{0,8}?(?:乡镇|街道|村|社区|县|区|市|单位|学校|医院|企业|"
                            r"园区|网格|小区|站|机构|部门|队)")
HEADCOUNT_UNITS = ("人", "名")


def per_unit_gate(c: Candidate) -> bool:
    return c.q.unit in HEADCOUNT_UNITS and c.q.qualifier in ("at_least", "at_most") and not c.explicit_deadline() \
        and c.clause_has(PER_UNIT_RE)


@rule("per-unit-staffing", "\"每个乡镇建立不少于20人的防汛应急救援队伍\": the headcount each unit must staff",
      gate=per_unit_gate, needs=lambda lex: (PER_UNIT_RE,))
def per_unit_staffing(c: Candidate) -> bool:
    """A floor or cap of people every unit of a kind must staff ("每个乡镇（街道）建立不少于20人的…队伍"), without a
    deadline of its own: a standard the document sets (SPEC §4). Facilities per unit ("每个县至少建成1所…") stay
    targets: the dev sets' gold counts them."""
    return per_unit_gate(c) and PER_UNIT_RE.search(c.norm, c.cs, c.q.span[0]) is not None


# ---------------------------------------------------------------- submission-quota

# a call for applications' quota: what each region or unit may put forward ("推荐项目不超过10个", "限报1项")
SUBMISSION_RE = regex.compile(r"(?:推荐|申报|报送|限报)")


@rule("submission-quota", "\"各省推荐项目不超过10个\", \"每个单位限报1项\": how many an applicant may submit",
      gate=clause_holds(SUBMISSION_RE))
def submission_quota(c: Candidate) -> bool:
    """"各省、自治区、直辖市推荐项目不超过10个": a ceiling on what applicants submit, not a level to reach."""
    return (c.q.qualifier == "at_most" or c.norm.startswith("限报", max(c.cs, c.q.span[0] - 2))) \
        and bool(SUBMISSION_RE.search(c.norm, c.cs, c.q.span[0]))


# ---------------------------------------------------------------- project-structure

# the parts a call's project is built of (data/targets/project_structure.txt), before the value in its clause
# or right after it ("项目设1名项目负责人")
PROJECT_PART_RE = regex.compile(alternation(load_list("targets/project_structure.txt")))


@rule("project-structure", "\"项目下设课题数不超过5个\": how a call's project is built, not a target",
      gate=clause_holds(PROJECT_PART_RE))
def project_structure(c: Candidate) -> bool:
    """"项目下设课题数不超过5个", "参加单位总数不超过10家", "每个课题设1名课题负责人": the shape a call for
    proposals sets for each project (a rule of the call); "拟资助项目10项" (how many it funds) stays."""
    return PROJECT_PART_RE.search(c.norm, c.cs, min(c.ce, c.q.span[1] + 6)) is not None


# ---------------------------------------------------------------- frequency-duty

# "每年至少开展一次评估": a frequency (every year / quarter / month) before a count of times
FREQUENCY_RE = regex.compile(r"每(?:[一二两三四五\d]{1,2}个?)?(?:年|季度|半年|月|周)")
FREQUENCY_MAX = 12          # "每年至少开展一次评估", "每季度召开2次": a duty's frequency; "每年提供服务不少于100次"
                            # is a yearly volume to reach


def frequency_gate(c: Candidate) -> bool:
    """A count of times after 每年/每季度… in the clause."""
    return any(q.unit in ("次", "轮") for q in c.cq) and c.clause_has(FREQUENCY_RE)


@rule("frequency-duty", "\"每年至少开展一次评估\": a frequency, not a level to reach", gate=frequency_gate,
      needs=lambda lex: (FREQUENCY_RE,))
def frequency_duty(c: Candidate) -> bool:
    return c.q.unit in ("次", "轮") and c.q.value <= FREQUENCY_MAX \
        and bool(FREQUENCY_RE.search(c.norm, c.cs, c.q.span[0]))


# ---------------------------------------------------------------- event-threshold

# "造成30人以上死亡", "或者1亿元以上直接经济损失的": the grading threshold of an event (应急预案 事件分级), a
# condition ending in 的 or naming the harm caused (bounded look-ahead inside the clause)
CONSEQUENCE_RE = regex.compile(r"造成|死亡|重伤|受伤|失踪|经济损失|中断行车|中断运行|受灾|转移安置")
# A definition's thresholds: "重大船舶污染事故，是指船舶溢油500吨以上不足1000吨的" (a class defined, no level)
DEFINITION_RE = regex.compile(r"是指|系指|指的是")


def event_gate(c: Candidate) -> bool:
    """The harm or a definition in the clause, or a clause that ends in 的."""
    return c.clause_has(CONSEQUENCE_RE) or c.clause_has(DEFINITION_RE) or c.norm[c.cs:c.ce].rstrip().endswith("的")


@rule("event-threshold", "\"造成30人以上死亡\", \"…1亿元以上直接经济损失的\": an event's grading threshold",
      gate=event_gate, needs=lambda lex: (CONSEQUENCE_RE, DEFINITION_RE, "的"))
def event_threshold(c: Candidate) -> bool:
    """A grading threshold of an event: the clause names the harm (造成…死亡), is a condition ending in 的, or
    defines a class ("…事故，是指船舶溢油500吨以上不足1000吨")."""
    clause = c.norm[c.cs:c.ce].rstrip()
    return bool(CONSEQUENCE_RE.search(clause)) or (clause.endswith("的") and c.q.qualifier in ("at_least", "at_most")) \
        or bool(DEFINITION_RE.search(clause))


# ---------------------------------------------------------------- activity-duration

# the time an activity is given: "集中2-3个月时间，开展换届选举", "用3周时间完成排查" (the verb right before)
SPENT_BEFORE_RE = regex.compile(r"(?:集中|利用|用|为期|历时|花|未来)\s?$")   # "未来0—15天的预报": a horizon
SPAN_UNITS = ("个月", "周", "天", "日", "年", "个工作日", "工作日")


def _span_of_time(q: Quantity) -> bool:
    """A span of time."""
    return q.unit.endswith(SPAN_UNITS)


duration_gate = any_quantity(_span_of_time)


@rule("activity-duration", "\"集中2-3个月时间，开展…\": the time an activity is given", gate=duration_gate)
def activity_duration(c: Candidate) -> bool:
    """How long an activity is given ("集中2-3个月时间，开展…选举"): its schedule, not a level to reach."""
    return c.q.unit.endswith(SPAN_UNITS) and bool(SPENT_BEFORE_RE.search(c.norm, max(c.cs, c.q.span[0] - 3),
                                                                        c.q.span[0]))


# ---------------------------------------------------------------- reporting-time-limit

TIME_UNITS = ("工作日", "天", "小时", "分钟", "日", "个工作日", "个小时")     # (size-class reads them too)
# "24小时内举行新闻发布会", "15个工作日内将书面报告报送…": a time limit of a reporting or response duty (or a
# clearance standard: "符合正常放行条件的48小时内放行")
DUTY_AFTER_RE = regex.compile(r"[^,;。]{0,12}?"
                              r"(?:报告|报送|上报|通报|发布|举行|召开|启动|到达|赶赴|赶到|抵达|作出|答复|回复|放行|通关)")


def _time_at_most(q: Quantity) -> bool:
    """A time at most ("24小时内"), or a range of times (the 内 after "1～2天" is read by the rule)."""
    return q.unit.endswith(TIME_UNITS) and q.qualifier in ("at_most", "range")


time_limit_gate = any_quantity(_time_at_most)


# an event the time limit counts from, earlier in the sentence: "力争灾后1～2天内完成环境清理，3天内全面恢复供电…"
EVENT_BEFORE_RE = regex.compile(r"(?:灾后|受灾后|事发后|发生后|接报后|接警后|启动后|接到[^,;。]{0,8}?后)")


@rule("reporting-time-limit", "\"24小时内举行新闻发布会\", \"灾后3天内恢复供电\": the time limit of a reporting or "
      "response duty", gate=time_limit_gate)
def reporting_time_limit(c: Candidate) -> bool:
    """How soon a report or response is due ("24小时内举行新闻发布会", "灾后1～2天内完成环境清理，3天内…"): a rule of
    procedure counted from an event, not a level."""
    qe = c.q.span[1]
    within = c.q.qualifier == "at_most" or (c.q.qualifier == "range" and "内" in c.norm[qe - 1:qe + 1])
    if not (c.q.unit.endswith(TIME_UNITS) and within) or c.lex.change.search(c.pre):
        return False
    return bool(DUTY_AFTER_RE.match(c.norm, c.q.span[1], c.ce)) \
        or EVENT_BEFORE_RE.search(c.norm, c.ss, c.q.span[0]) is not None


# ---------------------------------------------------------------- requirement

# a modal 应 before a verb, or 建议 before a level, ahead of the value in its clause: a requirement or
# recommendation for others ("应以自动驾驶模式…进行过合计不少于240小时", "机构数量建议不少于3家") — a rule only
# outside a goal passage, where "上线率应不低于95%" states the goal; not a word that holds 应 or 建议 ("出庭应诉率",
# "应答率", "代表建议和政协委员提案满意率", "政策建议30篇"), nor 应 before a commitment verb ("项目应实现不少于3种…")
NORMATIVE_SOFT_RE = regex.compile(
    r"""(?<![相适供反效响对回呼照感答顺报理])应(?:当|该)?     # a modal 应 (not 相应, 适应, 供应, 响应 …)
        (?=以|在|对|按|由|具备|满足|符合|进行|配备|设置|提供|保留|留存|不低于|不少于|不超过|不高于|不得)   # + a verb
      | 建议(?=\s?(?:不低于|不少于|不超过|不高于|为|按|采用|在|以))""",   # 建议 recommending a level, not the noun
    regex.VERBOSE)


def requirement_gate(c: Candidate) -> bool:
    """No deadline or forward word governs the sentence, and a bare 应/建议 is in the clause."""
    return not c.forward and c.clause_has(NORMATIVE_SOFT_RE)


@rule("requirement", "\"应以…进行过合计不少于240小时的测试\", \"建议不少于3家\": a bare 应/建议 outside a goal "
      "passage, a requirement on others", gate=requirement_gate, needs=lambda lex: (NORMATIVE_SOFT_RE,))
def requirement(c: Candidate) -> bool:
    """A bare 应 or 建议 outside a goal passage, no deadline of its own in the clause: what others must do
    ("应以自动驾驶模式…进行过合计不少于240小时的道路测试", "机构数量建议不少于3家"), not a level the document
    commits to."""
    return not c.forward and NORMATIVE_SOFT_RE.search(c.norm, c.cs, c.q.span[0]) is not None and not any(
        m.kind == "forward" and m.year is not None and c.cs <= m.pos < c.ce for m in c.marks)   # before the value


# ---------------------------------------------------------------- conditional

# a sentence that opens with a condition: "只要…", "如果…", "假如…" (the sentence start, then at most 40 characters)
CONDITION_OPEN_RE = regex.compile(r"\s{0,4}(?:只要|如果|假如|倘若|若能)[^。;]{0,40}")


def condition_gate(c: Candidate) -> bool:
    """The sentence opens with 只要/如果 … (asked once per sentence)."""
    hit = c.seen.get("condition-open")
    if hit is None:
        hit = c.seen["condition-open"] = CONDITION_OPEN_RE.match(c.norm, c.ss, c.se) is not None
    return hit


@rule("conditional", "\"只要…保持8%至9%的增长率，…\": the value states a condition, not a commitment",
      gate=condition_gate)
def conditional(c: Candidate) -> bool:
    """"只要我们能够再连续若干年保持百分之八至百分之九的增长率": a condition the sentence reasons from."""
    return bool(CONDITION_OPEN_RE.match(c.norm, c.ss, c.q.span[0]))
