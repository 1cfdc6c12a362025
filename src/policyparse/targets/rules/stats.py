"""Rules about what is or was, not what is committed to: a statistic, a past year, a completed action, a
forecast, a count of what exists, and a value no deadline or commitment verb governs.

Each rule's patterns stand right above it, its clause gate beside it (targets/candidate.py says what a gate is).
"""
from __future__ import annotations

import bisect

import regex

from ...lexicons import std_re
from ..candidate import Candidate, rule
from ..indicators import BENEFICIARY_RE, clean_indicator
from ..quantities import prefix_qualifier
from ..years import PLAN_BASE_RE

# ---------------------------------------------------------------- statistic-word

QUOTE_REACH = 12            # characters: a short quoted name ("“丝路云品电商节”")


def _in_quote(norm: str, pos: int) -> bool:
    """pos lies inside a short “…” quote (opened at most QUOTE_REACH characters before, closed as soon after).

    >>> n = "开展“全国网上年货节”活动，比上年增长"
    >>> _in_quote(n, n.find("上年")), _in_quote(n, n.rfind("上年"))
    (True, False)
    """
    o = norm.rfind("“", max(0, pos - QUOTE_REACH), pos)
    return o >= 0 and norm.rfind("”", o, pos) < 0 and norm.find("”", pos, pos + QUOTE_REACH) >= 0


# a verb that rebuilds what exists, right before 现有: "改扩建现有20个中央生活类救灾物资储备库" commits to the work
# (SPEC §4: new or rebuilt things are targets; counts of what exists are not)
REBUILD_BEFORE_RE = regex.compile(r"(?:改扩建|改建|扩建|改造|提升|升级|整合|修缮|更新)$")


def _plan_base(c: Candidate, m) -> bool:
    """The 期间 of a plan period that is the base of a change: "比“六五”期间增长近百分之七十"."""
    b = PLAN_BASE_RE.search(c.norm, max(c.cs, m.start() - 12), m.end())
    return b is not None and b.end() == m.end()


def _forward_in_clause(c: Candidate) -> bool:
    return any(m.kind == "forward" for m in c.marks[bisect.bisect_left(c.mpos, c.cs):bisect.bisect_left(c.mpos, c.ce)])


def stats_gate(c: Candidate) -> bool:
    """A statistics word (截至, 同比, 已 …) in the clause."""
    return c.clause_has(c.lex.stats)


@rule("statistic-word", "截至/同比/已/现有/以来 in the clause: a statistic", gate=stats_gate,
      needs=lambda lex: (lex.stats,))
def statistic_word(c: Candidate) -> bool:
    found = c.facts.get("statistic-word")          # a property of the clause: asked once per clause
    if found is None:
        found = c.facts["statistic-word"] = any(
            (m.group() != "期间" or not (_forward_in_clause(c) or _plan_base(c, m)))   # "今年迎峰度夏期间":
            #                                     a forward period; "比“六五”期间增长70%": a period as the base
            and not _in_quote(c.norm, m.start())              # "“全国网上年货节”" holds no 上年
            and not (m.group() == "现有" and REBUILD_BEFORE_RE.search(c.norm, max(c.cs, m.start() - 4), m.start()))
            for m in c.lex.stats.finditer(c.norm, c.cs, c.ce))
    return found


# ---------------------------------------------------------------- perfective

# A verb with the perfective 了 before the value: "同时梳理了企业和个人各100余项事项" reports what was done
# (not 为了/除了/了解: purpose, exception, "understand"). Searched in the words before the value.
PERFECTIVE_RE = regex.compile(r"(?<!为|除|不得)"                                   # not 为了, 除了, 不得了
                              r"(?:梳理|编制|制定|出台|印发|完成|建成|开展|组织|召开|举办|发布|新增|累计|实现|取消"
                              r"|形成|培育|认定|创建|推出|引进|吸引|落地|开工|签约|办理|受理|处理|查处|收到|征集"
                              r"|提升|提高|增长|增加|下降|降低|减少|节省|节约|花费|缩短|压缩)了")   # "产能提升了10%"


def perfective_gate(c: Candidate) -> bool:
    """A 了 in the clause (the words before a value lie inside it)."""
    return c.in_clause("了")


@rule("perfective", "\"梳理了…各100余项\": a verb with 了, an action done, not a commitment", gate=perfective_gate,
      needs=lambda lex: ("了",))
def perfective(c: Candidate) -> bool:
    """"梳理了企业和个人各100余项全生命周期事项": a completed action, not a commitment (no explicit deadline)."""
    return bool(PERFECTIVE_RE.search(c.pre)) and not c.explicit_deadline()


# ---------------------------------------------------------------- past-year

def past_year_gate(c: Candidate) -> bool:
    """A stats year mark before the clause end."""
    at = c.seen.get("stats-mark")
    if at is None:
        at = c.seen["stats-mark"] = min((m.pos for m in c.marks if m.kind == "stats"), default=c.se)
    return at < c.ce


@rule("past-year", "a past year opens the clause or sentence: \"2021年，全省…为2.3万亿元\"", gate=past_year_gate)
def past_year(c: Candidate) -> bool:
    """A stats year in the clause, or before the quantity in a sentence without any deadline."""
    for k in range(bisect.bisect_left(c.mpos, c.q.span[0]) - 1, -1, -1):    # the nearest such mark before it
        if c.marks[k].kind in ("stats", "forward"):
            return c.marks[k].kind == "stats"       # "2021年，全省…为2.3万亿元": the sentence's own year
    return False


# ---------------------------------------------------------------- existence-count

# "全国有24万多户", "现在全国有100多个城市", "拥有9亿多劳动力": a count of what exists (bounded look-back)
EXISTENCE_RE = regex.compile(r"(?:有|拥有|现有|共有|还有|尚有)(?![量率])"      # not the indicator "…专利拥有量"
                             r"[着了]?[^,;。、的达为到]{0,6}?(?:约|近|超过)?\s?$")


def existence_gate(c: Candidate) -> bool:
    """有 (有, 拥有, 现有 …) in the clause."""
    return c.in_clause("有")


@rule("existence-count", "\"全国有24万多户国有小企业\": a count of what exists (SPEC §4)", gate=existence_gate,
      needs=lambda lex: ("有",))
def existence_count(c: Candidate) -> bool:
    m = EXISTENCE_RE.search(c.norm, max(c.cs, c.q.span[0] - 10), c.q.span[0])
    if m is None or c.explicit_deadline():
        return False
    return not (m.group().startswith("现有")               # "改扩建现有20个…储备库": the existing, rebuilt
                and REBUILD_BEFORE_RE.search(c.norm, max(c.cs, m.start() - 4), m.start()))


# ---------------------------------------------------------------- nation-count

# The country described by its people: "56个民族", "五十多个民族", "十亿人民", "13亿人口的发展中大国",
# "我国有13亿人口、9亿劳动力": counts of what the nation is, never a level to reach (the value's own words,
# bounded; "覆盖农村5亿人口" and "农村贫困人口减少1000万" are not matched: no 民族/人民, no 的大国 after).
NATION_COUNT_RE = regex.compile(r"\s?(?:多)?\s?(?:个民族|亿人民|亿(?:人口|农民|劳动力)(?=的?(?:大国|国家|发展中)))")
NATION_LIST_RE = regex.compile(r"(?:有|拥有)[^,;。]{0,6}?亿(?:人口|人民)、\s?$")     # "我国有13亿人口、9亿劳动力"


NATION_WORDS_RE = std_re("民族|人民|人口|农民|劳动力")     # what the nation is described by (one search a clause)


def nation_gate(c: Candidate) -> bool:
    """民族, 人民, 人口, 农民 or 劳动力 in the clause."""
    return c.clause_has(NATION_WORDS_RE)


@rule("nation-count", "\"56个民族\", \"十亿人民\", \"13亿人口的大国\": the nation described, not a target",
      gate=nation_gate, needs=lambda lex: (NATION_WORDS_RE,))
def nation_count(c: Candidate) -> bool:
    qs, qe = c.q.span
    if NATION_LIST_RE.search(c.norm, max(c.cs, qs - 16), qs):
        return True
    # the words after the value's digits: the unit the quantity took may hold 亿 or 个 already
    start = qs
    while start < qe and (c.norm[start].isdigit() or c.norm[start] in ".一二三四五六七八九十百千两"):
        start += 1
    return NATION_COUNT_RE.match(c.norm, start, min(len(c.norm), qe + 8)) is not None


# ---------------------------------------------------------------- cumulative

# "累计完成839个村落单馆建设", "累计提供电子证照共享服务79亿次": a running total up to now, before the value in
# its clause (bounded look-back); with a deadline ("到2025年，累计建成5G基站10万个") it is a target, and the
# gate keeps such sentences out.
CUMULATIVE_RE = regex.compile(r"累计[^,;。]{0,24}$")


def cumulative_gate(c: Candidate) -> bool:
    """累计 in the clause and no deadline or forward word governs the sentence."""
    return not c.forward and c.in_clause("累计")


@rule("cumulative", "\"累计完成839个…\" with no deadline: a running total so far, not a commitment",
      gate=cumulative_gate, needs=lambda lex: ("累计",))
def cumulative(c: Candidate) -> bool:
    return not c.forward and bool(CUMULATIVE_RE.search(c.norm, max(c.cs, c.q.span[0] - 26), c.q.span[0]))


# ---------------------------------------------------------------- forecast

# a forecast: "预计", "将高达" before the value (bounded by the clause)
FORECAST_RE = regex.compile(r"预计(?:今年|全年|明年)|将高达|有望达到")
# the size of this year's cohort of graduates, right before the value ("今年高校毕业生795万人", "…将达727万人",
# "…超过1000万人"): who will arrive, not what the government commits to (not "…毕业生就业率保持在90%以上")
COHORT_RE = regex.compile(r"(?:今年|明年)(?:全国)?(?:普通)?高校毕业生(?:人数)?"
                          r"(?:预计|将)?(?:高?达|超过|为|规模为?)?\s?$")


def forecast_gate(c: Candidate) -> bool:
    """预计今年 … in the clause, or a cohort of graduates."""
    return c.clause_has(FORECAST_RE) or c.in_clause("毕业生")


@rule("forecast", "\"预计今年高校毕业生超过1170万人\": a forecast, not a commitment", gate=forecast_gate,
      needs=lambda lex: (FORECAST_RE, "毕业生"))
def forecast(c: Candidate) -> bool:
    """"预计今年高校毕业生超过1170万人", "将高达765万人": a forecast of what will happen, not a commitment."""
    return (bool(FORECAST_RE.search(c.norm, c.cs, c.q.span[0]))
            or bool(COHORT_RE.search(c.norm, max(c.cs, c.q.span[0] - 20), c.q.span[0]))) and not c.explicit_deadline()


# ---------------------------------------------------------------- ungoverned

# A share of a group and what it is to reach: "…的文化馆具备数字服务能力", "…的县实现全覆盖" (bounded).
SHARE_PREDICATE_RE = regex.compile(r"的\p{Han}{1,12}?(?:具备|实现|达到|完成|建成|开展|接入|纳入|通过)")
QUOTED_NAMES_RE = regex.compile(r"(?:“[^“”\n]{1,20}”[、和及与]?){1,12}(?:等)?")   # bounded, no nesting
# named examples closed by 等 before the count: "东二环、北三环等", "主城区银杏路等" (one clause, bounded)
EXAMPLES_RE = regex.compile(r"[^，,。；;：:“”]{1,40}等")
# the people served or the things worked on, fronted by 为/向/给/对 (indicators.BENEFICIARY_RE) before the verb:
# "为64万名孕妇提供…筛查", "对20处…隐患点实施工程治理" (the verb within the clause after the value; bounded)
FRONTED_VERB_RE = regex.compile(r"[^,;。]{0,30}?(?:提供|开展|进行|实施|完成|发放|给予|落实)")
# a value described as exceeded, right before it: "超7亿", "超过10亿人", "突破3000万", "逾500家"
EXCEEDED_RE = regex.compile(r"(?:超过|超|突破|逾)\s?$")


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
    if c.para_year is not None and (v := lex.objverb_lead.match(pre.strip())) \
            and EXAMPLES_RE.fullmatch(pre.strip(), v.end()):
        return True                                   # "续建东二环、北三环等12条道路": examples, then the count (in a
                                                      # part a year scopes: a report's plan part)
    if c.para_year is not None and lex.commit.search(pre):
        return True
    if c.para_year is not None and q.qualifier in ("at_least", "at_most") and not norm[q.span[1]:c.ce].strip():
        return True               # "新增取得…证书的劳动者50万人次以上": a floor closing its clause, in a part a year
                                  # scopes (a report's plan part, a year's 民生实事 list); not "80%以上的财政收入来自…"
    if (c.para_year is not None or c.planned) and BENEFICIARY_RE.search(norm, max(cs, qs - 3), qs) \
            and FRONTED_VERB_RE.search(norm, q.span[1], c.ce):
        return True                                   # "为2.2万户特殊困难老年人家庭开展适老化改造", "对248座农村危旧
                                                      # 桥梁进行改造": the people served or the things worked on
    if q.unit in ("%", "％") and q.qualifier in ("at_least", "at_most") and not clean_indicator(pre) \
            and SHARE_PREDICATE_RE.match(norm, q.span[1], c.ce):
        return True                                   # "全省50%以上的文化馆具备数字服务能力": a share to reach a state
    # a qualified value after a linking verb ("满意度达85%以上"); in a document without any year, a value
    # described as exceeded ("活跃用户数超7亿", "超过10亿人") only where a paragraph sets a year: an undated
    # report's statistics; a requirement's floor ("实现不少于3种…") stays a commitment
    if not c.dated and c.para_year is None and EXCEEDED_RE.search(norm, max(cs, qs - 3), qs):
        return False
    return q.qualifier != "point" and bool(lex.link.search(pre) or prefix_qualifier(norm, qs, cs, lex))


def unforwarded_gate(c: Candidate) -> bool:
    """No deadline or forward word governs the sentence."""
    return not c.forward


@rule("ungoverned", "no deadline and no commitment verb governs the value", gate=unforwarded_gate)
def ungoverned(c: Candidate) -> bool:
    if c.forward:
        return False
    return c.narrative or not (c.listed or c.continued or governed(c, c.governor if c.governor is not None
                                                                   else c.pre))
