"""Rules about the shape of the phrase a value sits in: a value that qualifies another or the thing counted, a
size class, a programme's name, a small Chinese numeral, a count of the text's own items, the sum of a scope,
the starting value of a change.

Each rule's patterns stand right above it, its clause gate beside it (targets/candidate.py says what a gate is).
"""
from __future__ import annotations

import regex

from ..candidate import Candidate, any_quantity, clause_holds, rule
from ..quantities import Quantity
from ...lexicons import std_re
from ..vocab import R, Vocab
from .norms import TIME_UNITS

# counting words: a value in one of these counts things (a target "培育100个以上示范企业"); any other unit
# measures them, and a measured value right before a noun is a class of it ("时速120公里以上线路")
COUNT_UNITS = ("个", "家", "项", "所", "座", "条", "名", "人", "户", "种", "批", "类", "套", "台", "辆", "张",
               "场", "次", "件", "部", "处", "支", "只", "栋", "间", "位", "款", "篇", "册", "份", "期", "轮", "例",
               "头")

# ---------------------------------------------------------------- scope-sum

# A count that only sums up the scope of a measure: "改造范围:…,共计36个小区" (a 范围/对象 description
# before the 共计/合计 it follows in the same sentence, and the list it opens: "…共计36个小区、4800户").
# Bounded: {0,60} and {0,20} without a sentence end, searched in a 64-character window.
SCOPE_NOUNS = "范围|对象|清单|名单"
SCOPE_SUM_RE = regex.compile(rf"(?:{SCOPE_NOUNS})[^。;]{{0,60}}?(?:共计|合计|总计|共)[^,;。]{{0,20}}$")
SCOPE_NOUN_RE = regex.compile(SCOPE_NOUNS)         # what scope-sum needs first (its clause gate)


def scope_gate(c: Candidate) -> bool:
    """A 范围/对象/清单/名单 word in the sentence before the clause end."""
    return c.sentence_first(SCOPE_NOUN_RE) < c.ce


@rule("scope-sum", "\"改造范围:…共计36个小区\": the scope of a measure summed up", gate=scope_gate)
def scope_sum(c: Candidate) -> bool:
    return bool(SCOPE_SUM_RE.search(c.norm, max(c.ss, c.q.span[0] - 64), c.q.span[0]))


# ---------------------------------------------------------------- text-count

# what a count of measures is to do: take effect, be carried out ("…举措落地生效", "…政策落实到位")
TAKES_EFFECT_RE = regex.compile(r"\s?(?:落地|生效|见效|落实|实施|兑现|到位)")


def text_count_gate(c: Candidate) -> bool:
    """A noun of the text's own items (政策, 措施 …) in the clause."""
    return c.clause_has(c.lex.text_noun)


@rule("text-count", "\"23项扶持政策\": a count that describes the text itself", gate=text_count_gate,
      needs=lambda lex: (lex.text_noun,))
def text_count(c: Candidate) -> bool:
    """"23项扶持政策": a count of the text's own items; not when they are to take effect ("推动25项举措落地生效"),
    nor a size that is no count of items ("裁减军队员额20万的任务": a bare 万, no counting word)."""
    if c.q.unit in ("万", "亿", "万亿"):
        return False            # a bare multiplier counts people or things, never the text's own items
    if not c.q.unit.lstrip("万亿").startswith(COUNT_UNITS) and c.q.unit not in ("%", "％"):
        return False            # "556.8万亩油料种植任务": an area (a measure) is the task's size, no count of items
                                # (a share stays: "电价平均再降低10%的要求", the text's own requirement)
    m = c.lex.text_nouns.match(c.after)
    return bool(m) and not TAKES_EFFECT_RE.match(c.after, m.end())


# ---------------------------------------------------------------- policy-package

# a package of measures named by its count of articles: "鼓励引导民间投资新36条", "民营经济31条" being carried out
PACKAGE_GATE_RE = regex.compile(r"落实|贯彻|执行|用好|兑现|新\s?\d")
PACKAGE_VERB_RE = regex.compile(r"落实|贯彻|执行|用好|兑现")
PACKAGE_END_RE = regex.compile(r"\s?(?:措施|政策|意见|举措)?\s?(?:[,;。、)]|$)")    # the articles end the clause


@rule("policy-package", "\"落实…民间投资新36条\": a policy package named by its count of articles",
      gate=clause_holds(PACKAGE_GATE_RE))
def policy_package(c: Candidate) -> bool:
    """"认真落实国务院关于鼓励引导民间投资新36条", "落实民营经济31条", "出台促进民间投资新10条": N条 closing the
    clause names a package (carried out, or new); "新增省级步行街5条", "打造3条市级特色商业街区" count things."""
    if c.q.unit != "条" or not PACKAGE_END_RE.match(c.norm, c.q.span[1], c.ce):
        return False
    return c.norm[c.q.span[0] - 1:c.q.span[0]] == "新" or bool(PACKAGE_VERB_RE.search(c.norm, c.cs, c.q.span[0]))


# ---------------------------------------------------------------- baseline-of-change

# the start of a change: "由12个工作日…", "从人均8.7万元提高到…" (a per-head or average word may come between);
# the judge reads it too (a baseline's 今年 is no deadline)
BASELINE_FROM_RE = regex.compile(r"""(?:由|从|自)\s?
    (?:(?:今年|去年|上年|目前|现在|当前|(?:19|20)\d{2}\s?年)(?:底|末)?)?   # "由今年预计的3%提高到4%"
    (?:预计|实际)?的?\s?(?:人均|户均|平均|年均)?\s?$""", regex.X)
# a value that a change starts from: "在连续两年增长13%的基础上" (right after the value)
ON_THE_BASIS_RE = regex.compile(r"\s?的?基础上")
CHANGE_START_RE = regex.compile(r"[由从自]|基础上")          # what either needs: "由12个…", "…的基础上"


@rule("baseline-of-change", "\"由12个工作日压减至5个\": the starting value of a change",
      gate=clause_holds(CHANGE_START_RE))
def baseline_of_change(c: Candidate) -> bool:
    """"由12个工作日压减至5个", "在连续两年增长13%的基础上": the starting value of a change."""
    return bool(BASELINE_FROM_RE.search(c.norm[max(c.cs, c.q.span[0] - 14):c.q.span[0]])) \
        or bool(ON_THE_BASIS_RE.match(c.norm, c.q.span[1], c.ce))


# ---------------------------------------------------------------- modifier

# the words between a value and the next one, read for every value of a clause with two (hot on dense lists):
# two modifiers, "、带动能力强的龙头企业" (it opens with 、 and holds a 的: both tested before the search)
TWO_MODIFIERS_RE = regex.compile(r"、[^,;、\d]{1,16}的[^,;、\d]{1,30}$")
LIST_GAP_RE = std_re(r"[、,和及与;]")           # a list: "1个A、15个B" (re: the one search most values end at)
HAS_END_RE = regex.compile(r"有\s?$")
SIZE_CLASS_END_RE = regex.compile(r"(?:及)?以[上下]$")
CLASSED_NOUN_RE = regex.compile(r"[^\d,;。、的]{1,8}")


def is_modifier(norm: str, q: Quantity, nxt: Quantity, lex: Vocab) -> bool:
    """q sits in the subject of nxt: "营业收入超10亿元的…企业达15家", "1亿元以上物流企业达到100家"."""
    between = norm[q.span[1]:nxt.span[0]]
    if between.startswith("、") and "的" in between and TWO_MODIFIERS_RE.match(between):
        return True                           # "收入超1亿元、带动能力强的龙头企业12家": two modifiers
    if not between or LIST_GAP_RE.search(between):
        return False                          # a list: "1个A、15个B"
    if "(" in between and ")" not in between:
        return False                          # "达到2.5%（全国平均水平为2.4%）": the next value is in an aside
    if lex.link.search(between) or HAS_END_RE.search(between):
        return True                           # "…1亿元以上物流企业达到100家"
    if (SIZE_CLASS_END_RE.search(norm, q.span[0], q.span[1]) and nxt.unit != q.unit
            and CLASSED_NOUN_RE.fullmatch(between)):
        return True                           # "实施500万元以上项目1500个": a size class of what is counted
    before = norm[max(0, q.span[0] - 4):q.span[0]]
    return not (lex.objverb_tail.search(before) or lex.link.search(before))   # "超百亿元企业10家"


def modifier_gate(c: Candidate) -> bool:
    """A quantity qualifies the next one, so the clause has two."""
    return len(c.cq) > 1


@rule("modifier", "\"营业收入超10亿元的企业达15家\": the value qualifies what is counted", gate=modifier_gate)
def modifier(c: Candidate) -> bool:
    return c.k + 1 < len(c.cq) and is_modifier(c.norm, c.q, c.cq[c.k + 1], c.lex)


# ---------------------------------------------------------------- attribute-value

# "14亿多中国人的饭碗": a short noun, then 的 (bounded)
NOUN_OF_RE = regex.compile(r"^\p{Han}{1,4}的")


def attribute_gate(c: Candidate) -> bool:
    """A 的 after the value."""
    return c.in_clause("的")


@rule("attribute-value", "\"建成20个年交易额超10亿元的市场群\": an attribute of the counted thing", gate=attribute_gate,
      needs=lambda lex: ("的",))
def attribute_value(c: Candidate) -> bool:
    if c.after.startswith("的") and c.k > 0 and not R(r"[、,和及]").search(c.norm[c.cq[c.k - 1].span[1]:c.q.span[0]]):
        return True
    # "把14亿多中国人的饭碗…": the count names a noun that then qualifies another (no verb commits to it)
    return bool(NOUN_OF_RE.match(c.after)) and not (
        c.lex.objverb_tail.search(c.norm, max(c.cs, c.q.span[0] - 6), c.q.span[0])
        or c.lex.link.search(c.norm, max(c.cs, c.q.span[0] - 4), c.q.span[0]))


# ---------------------------------------------------------------- small-chinese-numeral

MULTIPLIER_HEAD_RE = regex.compile(r"(?:万亿|亿|万)?")   # a Chinese numeral's multiplier, read into its unit


def _chinese(q: Quantity) -> bool:
    """A value written in Chinese numerals."""
    return q.chinese


chinese_gate = any_quantity(_chinese)


# a floor right before the numeral (and the verb that builds what it counts): "每个乡镇至少建成一所…"
BUILD_BEFORE_RE = regex.compile(r"(?:至少|不少于)(?:建成|建设|办好|培育|打造|创建|设立|建立|配备)?\s?$")


# what is built, counted in words: "一座公园", "两条滨河路", "五所中小学" (not 个 or 家: "建设一个…的政府")
BUILT_UNITS = frozenset(("座", "条", "所", "处", "栋"))


@rule("small-chinese-numeral", "\"三个作用\", \"一个国家\": 一/两/三 + unit without a committed count",
      gate=chinese_gate)
def small_chinese_numeral(c: Candidate) -> bool:
    """一/两/三 + a unit is a target only after a verb under a deadline; a lone 一…十 (一个, 两个) needs the
    sentence's own deadline or a forward word right before it (力争/确保)."""
    q, norm = c.q, c.norm
    printed = sum(not ch.isspace() for ch in norm[q.span[0]:q.span[1]])   # "两　个", a line wrap in a copy: 1 digit
    digits = printed - len(q.unit) + len(MULTIPLIER_HEAD_RE.match(q.unit).group())                 # "两万人": 2
    if not q.chinese:
        return False
    if BUILD_BEFORE_RE.search(norm, max(c.cs, q.span[0] - 6), q.span[0]):
        return False                              # "每个乡镇至少建成一所…幼儿园": a floor for each
    if c.para_year is not None and q.unit in BUILT_UNITS and norm.find("每", c.cs, q.span[0]) < 0 and (
            c.lex.objverb_tail.search(norm, max(c.cs, q.span[0] - 6), q.span[0]) or c.listed
            or (c.accepted and not norm[c.cs:q.span[0]].strip(" ,，、"))):
        return False                              # a report's plan part: "建设一座标志性公园…，一条…、两条风情滨河路"
                                                  # (not a standard for each: "每个乡镇办好一所卫生院")
    if digits <= 1 and q.value <= 10 and not (c.explicit_deadline() or c.lex.forward_words.search(
            norm, max(c.cs, q.span[0] - 8), q.span[0])):
        return True                               # "全力支持两个特别行政区", not "力争培育一个示范小区"
    return not (c.forward and (digits >= 2 or c.lex.objverb_tail.search(norm, max(c.cs, q.span[0] - 4), q.span[0])
                               or (q.value == 100 and len(HUNDREDS_RE.findall(norm, c.ss, c.se)) >= HUNDREDS_MIN)))


# a sentence of round goals in words ("突破百项前沿关键核心技术，形成百项标志性产品，打造百家领军企业，
# 开拓百项典型应用场景")
HUNDREDS_RE = regex.compile(r"(?<![一二三四五六七八九十千万])百(?:项|家|个|款|种)")
HUNDREDS_MIN = 3


# ---------------------------------------------------------------- programme-name

# A measured value inside a programme's name: "实施新一轮千亿斤粮食产能提升行动", "加快全国新增千亿斤粮食生产能力
# 建设": the value, its noun and a programme word run to the clause end with no verb between — the name of
# what is carried out, not a level (a level reads "新增粮食产能1000亿斤")
PROGRAMME_NAME_RE = regex.compile(r"(?!用于|用在|投向|投入)\p{Han}{1,10}?"            # not money put to a use
                                  r"(?:提升|生产能力|产能)?(?:行动|工程|规划|计划|建设|战略)"   # the programme word
                                  r"(?:规划|方案|计划)?\s?$")                       # its plan, at the clause end
PROGRAMME_WORD_RE = regex.compile(r"行动|工程|规划|计划|建设|战略")
# a verb that launches a programme, right before its value: "实施新一轮…", "加快实施411公里…", "启动…"
LAUNCH_BEFORE_RE = regex.compile(r"(?:实施|开展|启动)(?:新一轮|新一批|全国|全省|全市)?(?:新增)?\s?$")


@rule("programme-name", "\"实施新一轮千亿斤粮食产能提升行动\": a measured value in the name of a programme",
      gate=clause_holds(PROGRAMME_WORD_RE))
def programme_name(c: Candidate) -> bool:
    """"实施新一轮千亿斤粮食产能提升行动": a measured value (not a count) that opens a programme's name — after a
    verb that launches it (实施/开展/启动), or a round figure in words ("新增千亿斤…建设"); "完成5万亩高标准农田
    建设" completes a level and stays."""
    unit = c.q.unit.lstrip("万亿千百")
    if not unit or unit.startswith(COUNT_UNITS) or unit in ("%", "％", "‰") or c.k + 1 < len(c.cq):
        return False
    named = (c.q.chinese and c.q.span[1] - c.q.span[0] - len(c.q.unit) <= 1) \
        or LAUNCH_BEFORE_RE.search(c.norm, max(c.cs, c.q.span[0] - 12), c.q.span[0]) is not None
    return named and bool(PROGRAMME_NAME_RE.match(c.norm, c.q.span[1], c.ce))


# ---------------------------------------------------------------- size-class

# after a measured value (and 以上/以下, （含）), a noun it classifies: "线路", "的脱硝设施" — not "的水平/目标"
CLASS_NOUN_RE = regex.compile(r"(?:\(含\))?"                                        # "（含）"
                              r"(?P<de>的(?!水平|目标|增长|增速|幅度|规模|比重|比例))?"   # 的, not of a level
                              r"(?![和及与或并且等])\p{Han}")                          # the noun, no conjunction


# a share that classes the noun names what it measures right before it: "效率不低于60%的脱硝设施", "含量在5%以下的"
MEASURED_BEFORE_RE = regex.compile(r"(?:率|度|量|比例|比重|占比|含量|浓度|系数)"
                                   r"(?:不低于|不高于|高于|低于|超过|大于|小于|达到|在|为)?\s?$")


# a product's measure and its comparator right before the value: "噪音水平0.6Pa以内", "能效比超过1TFLOPS/w"
SPEC_BEFORE_RE = regex.compile(r"(?:水平|精度|能效比|性能|功率|速率|带宽|时延|分辨率|容量|寿命|信噪比)"
                               r"(?:达到|超过|高于|低于|不低于|不高于|优于|大于|小于)?\s?$")


# 对 as the preposition of what is acted on ("对效率低于70%的机组实施改造"), not inside a word ("绝对精度")
ACTED_ON_RE = regex.compile(r"(?:^|(?<=[^\p{Han}]|要|将|并|再|应|须))对")


def _product_spec(c: Candidate) -> bool:
    """A measure and its comparator before the value, then 的 and the product ("绝对精度100Pa以内、噪音水平0.6Pa以内的
    压力传感器"), with no count of the product after it and no 对 (what is acted on) before: a spec to reach."""
    if not SPEC_BEFORE_RE.search(c.norm, max(c.cs, c.q.span[0] - 8), c.q.span[0]) \
            or ACTED_ON_RE.search(c.norm, c.cs, c.q.span[0]):
        return False
    de = c.norm.find("的", c.q.span[1], c.ce)
    return de >= 0 and all(q.span[0] < de for q in c.cq[c.k + 1:])


def _bounded(q: Quantity) -> bool:
    """A value with 以上/以下 (or 不低于 …)."""
    return q.qualifier in ("at_least", "at_most")


bounded_gate = any_quantity(_bounded)


@rule("size-class", "\"时速120公里以上线路\": a measured value classing the noun after it", gate=bounded_gate)
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
    if _product_spec(c):
        return False               # "噪音水平0.6Pa以内的压力传感器实现商用": the spec of what is to be made
    if unit in ("%", "％", "‰") and not MEASURED_BEFORE_RE.search(c.norm, max(c.cs, c.q.span[0] - 12), c.q.span[0]):
        return False               # "扩大到全国50%以上的城市", "全省50%以上的文化馆": a share of them, no measure
    if PROMOTE_BEFORE_RE.search(c.norm, max(c.cs, c.q.span[0] - 4), c.q.span[0]):
        return True                # "推动30万千瓦以上现役煤电机组节能降碳改造": the units of that class are promoted
    qual = c.lex.prefix_tail.search(c.norm, max(c.cs, c.q.span[0] - 9), c.q.span[0])    # "完成不少于421公里…改造"
    at = qual.start() if qual else c.q.span[0]
    return not c.lex.objverb_tail.search(c.norm, max(c.cs, at - 6), at)


# verbs that promote what a class holds, no count of it: "推动30万千瓦以上现役煤电机组…改造" (right before the value)
PROMOTE_BEFORE_RE = regex.compile(r"(?:推动|推进|支持|鼓励|引导)\s?$")


# a headcount that classes a place or a body after it: "20人以上的自然村", "100人以下…示范矿井" (the noun is
# counted in its own unit, not in people); bounded to the clause, 16 characters
PEOPLE_CLASSED_RE = regex.compile(r"(?:\(含\))?的?[^,;。]{0,14}?(?:村|镇|乡|社区|企业|单位|学校|医院|矿井|城市|县)"
                                  r"(?:[^,;。]{0,6}?(?:覆盖|建设|全覆盖))?\s?$")


@rule("people-class", "\"20人以上的自然村4G网络覆盖\": a headcount classing the place after it", gate=bounded_gate)
def people_class(c: Candidate) -> bool:
    """"基本实现20人以上的自然村4G网络覆盖": a number of people with 以上/以下 that classes a place or body
    (a village, a mine, a firm by its size); "培育100人以上的创新团队" counts no place and stays."""
    return c.q.unit in ("人", "万人") and c.q.qualifier in ("at_least", "at_most") \
        and PEOPLE_CLASSED_RE.match(c.norm, c.q.span[1], c.ce) is not None


# ---------------------------------------------------------------- round-the-clock

# "24小时在线监控", "7×24小时服务": how a service runs, not an amount (bounded: the words right after)
ROUND_THE_CLOCK_RE = regex.compile(r"[”\"]?(?:全天候|在线|值守|值班|服务|监控|监测|不间断|运行|开放|热线|响应|受理)")
# "7×24小时": the week's days times the day's hours (the 24 after "7×" or "7*")
WEEK_TIMES_RE = regex.compile(r"7\s?[×*]\s?$")


@rule("round-the-clock", "\"实行24小时在线监控\": how a service runs, not an amount",
      gate=clause_holds(regex.compile(ROUND_THE_CLOCK_RE.pattern + r"|[×*]\s?24")))
def round_the_clock(c: Candidate) -> bool:
    """"对所有重点工业污染源实行24小时在线监控": 24 hours that describe how something runs; "24小时内办结" is a
    time limit (read elsewhere) and "缩短至24小时" a level."""
    return c.q.value == 24 and c.q.unit in ("小时", "个小时") and c.q.qualifier == "point" \
        and (ROUND_THE_CLOCK_RE.match(c.norm, c.q.span[1], min(c.ce, c.q.span[1] + 4)) is not None
             or WEEK_TIMES_RE.search(c.norm, max(c.cs, c.q.span[0] - 4), c.q.span[0]) is not None)


# ---------------------------------------------------------------- focus

# "以580个优先控制单元为重点", "以城市黑臭水体整治和343个水质需改善控制单元为重点": a count inside 以…为重点
# names where a measure concentrates, not a level to reach. 以 stands within 24 characters before the value
# (at the clause start, after a mark, or after a modal: "要以…"; not 可以/所以/予以, not 以上/以下), 为重点 …
# within 16 after it; neither past a clause mark.
FOCUS_WORDS = r"为(?:重点|核心|主体|抓手|突破口|载体|主线|引领)"
FOCUS_AFTER_RE = regex.compile(rf"[^,;。]{{0,16}}?{FOCUS_WORDS}")
FOCUS_BEFORE_RE = regex.compile(r"(?:^|(?<=[^\p{Han}]|[要并和将还也]))以(?![上下内外来前后及便])[^,;。]{0,24}$")


# a count right after a verb of focus: "聚焦12个省级主导产业" names where the work concentrates (bounded)
FOCUS_VERB_BEFORE_RE = regex.compile(r"(?:聚焦|围绕|紧扣)\s?$")
# ... or inside the 针对 phrase that names what a measure addresses: "针对首年关税为零的2034种、5年内关税减让显著的
# 2725种出口商品，…加大市场开拓力度" (the goods it targets, counted as they are; bounded, within the clause)
TARGETED_BEFORE_RE = regex.compile(r"针对[^,;。]{0,40}$")


@rule("focus", "\"以580个优先控制单元为重点\", \"聚焦12个省级主导产业\", \"针对…的2034种出口商品\": a count "
      "naming where a measure concentrates", gate=clause_holds(regex.compile(FOCUS_WORDS + "|聚焦|围绕|紧扣|针对")))
def focus(c: Candidate) -> bool:
    qs, qe = c.q.span
    if FOCUS_VERB_BEFORE_RE.search(c.norm, max(c.cs, qs - 4), qs) \
            or TARGETED_BEFORE_RE.search(c.norm, max(c.cs, qs - 42), qs):
        return True
    return FOCUS_BEFORE_RE.search(c.norm, max(c.cs, qs - 26), qs) is not None \
        and FOCUS_AFTER_RE.match(c.norm, qe, c.ce) is not None


# ---------------------------------------------------------------- book-title

# A number inside the title of another document: "…会议《关于修改〈某市条例〉等二十五件地方性法规的决定》修正",
# "印发《某省3年攻坚行动方案》": part of a name, not a value this document sets. An adoption note on a line of
# its own is never judged (targets.adoption_notes); run into the body (a copy that lost its breaks), its
# quantities come here. The 《 is open before the value and its 》 follows it, both within the clause (titles
# print no comma as a rule; clauses() splits at none inside 《》, which it does not count as brackets).
BOOK_CLOSE_RE = regex.compile(r"》")


@rule("book-title", "\"《关于修改〈…〉等二十五件地方性法规的决定》\": a number inside another document's title",
      gate=clause_holds(BOOK_CLOSE_RE))
def book_title(c: Candidate) -> bool:
    a, b = c.q.span
    opened = c.norm.rfind("《", c.cs, a)
    return opened >= 0 and c.norm.find("》", opened, a) < 0 and c.norm.find("》", b, c.ce) >= 0
