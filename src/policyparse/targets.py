"""Quantitative targets: "到2025年，全区软件业务收入达100亿元以上" -> TargetHit.

Reads: the text (`norm` for matching, `raw` for output strings), the document span, its sections and
tables. Writes: nothing. Raises: nothing on content.

How a quantity becomes a target (SPEC §4):
1. `quantity_re()` finds every number + unit (Arabic or Chinese numerals, ranges, %, 个百分点, 翻一番,
   100多家); `BARE_VALUE_RE` the few unitless index values ("PUE值不超过1.3").
2. Each quantity is judged inside its clause: policy parameters (补贴/奖励/税率…), statistics (a past
   year, 截至/同比/已…), modifiers ("营业收入超10亿元的企业达15家": the 10亿元 qualifies the subject)
   and baselines ("由12个工作日缩减至7个") are dropped; so are ordinals (第十三届, 第3批) and whatever sits in a
   list of applicants' conditions ("应当具备下列条件：（一）资产总额不低于300万元", a 申报条件 section).
3. What is left is a target when its context is forward-looking (a deadline in the sentence, in an
   earlier sentence of the paragraph, in a goal section, or a work report's 预期目标), or when a
   commitment verb governs it ("建成3—5个…", "压减…至4个", "控制在50个工作日以内").
4. `year` comes from the nearest deadline in the sentence, then the paragraph, then the goal section
   or a heading that prints a year ("三、2025年重点工作"), then a one-year plan's title ("XX市2024年…工作
   要点") or a work report's part about this year; null when nothing sets it.
5. `indicator` is the text before the value (or the noun after it: "建成20个智能工厂") without deadline,
   scope, verbs and adverbs; elliptic subjects come from the clause before ("…，占…比重45%左右").

Rows of indicator tables (a "2022年目标" column, or "2020年 | 2025年" columns) become targets, one per row.

Cost: one regex pass each for quantities, years and forward words over the span; sentences without a
quantity are never judged. Backtracking guards: every repeat is bounded, numeral runs are atomic, and
suffix tests use anchored matches on reversed strings instead of `$`-searches. jieba is not used: the
lexicon rules reach the indicator agreement goal without it (and `--version` never imports it).

>>> [(h.year, h.indicator, h.value, h.unit, h.qualifier) for h in extract_targets(
...     _text("到2025年，全区软件业务收入达100亿元以上。"), (0, 24), [], []).items]
[(2025, '软件业务收入', 100, '亿元', 'at_least')]
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

import regex

from . import markers
from .diagnostics import Code, Diagnostic
from .lexicons import alternation, load_list, load_map
from .normalize import normalize
from .numerals import CN_NUMERAL_CHARS, parse_number, split_multiplier
from .docyear import is_work_report
from .outline import SectionIndex
from .records import Baseline, Found, SectionHit, TableHit, TargetHit, Text
from .spans import Span, strip_span

# ---------------------------------------------------------------------------------------------- patterns

ARABIC = r"\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,6})?|\d{1,13}(?:\.\d{1,6})?"   # 3,000 / 1.4 / 45 (bounded)
# 一万 / 三千五百: bounded and atomic (no backtracking inside a run of numeral characters: "一一一…" is
# tried once per position, not ten times), and never starting with a bare 万/亿 ("亿元" is no number).
CHINESE = rf"(?>[{CN_NUMERAL_CHARS.replace('万', '').replace('亿', '')}][{CN_NUMERAL_CHARS}]{{0,9}})"


@cache
def quantity_re() -> regex.Pattern:
    """Number + unit (+ qualifier suffix). Every repeat is bounded, nothing nests: linear time."""
    unit_words = load_list("targets/units.txt")
    units = alternation(unit_words)
    first = regex.escape("".join(sorted({w[0] for w in unit_words} | set("万亿千百多余"))))
    suffix = alternation(load_map("targets/qualifier_suffix.yaml"))
    cn = CN_NUMERAL_CHARS
    return regex.compile(rf"""
        (?<![\dA-Za-z.第{cn}])                           # not inside a number (Arabic or Chinese: the
                                                         # 十三次 of 三十三次), a code (IPv6, DN100), 第3
        (?<!第\s)                                        # ordinals are never values: 第 3 次, 第十三届
        (?:
            (?P<fan>翻\s?(?P<fan_n>一|两|二|三)?\s?番)      # 翻一番 / 翻两番 / 翻番
          |
            百分之(?P<pct>{ARABIC}|{CHINESE})               # 百分之五十
            (?P<pct_suffix>{suffix})?                      # 百分之十三左右: qualified like "13%左右"
          |
            (?<=逾|超|超过|突破|达|达到)                       # "逾万亿元", "突破千亿元": a multiplier
            (?P<mult_only>万亿|千亿|百亿|亿)(?=元|美元)        # alone stands for one of it
          |
            (?:(?P<num>{ARABIC})|(?P<cn>{CHINESE}))         # 100 / 1.4 / 一万
            (?:\s?%?\s?(?:[—–~～\-]{{1,2}}|至|到)\s?         # 3—5个 / 3至5家 / 3%-5%
               (?P<num_max>{ARABIC}|{CHINESE}))?
            (?=\s?[{first}—–~～\-至到%])                     # fail fast unless a unit (or range) can follow
            (?P<more>多|余)?                                 # "100多家", "50余个": more than
            \s?
            (?P<unit>(?:万亿|千亿|百亿|亿|千万|百万|万)?{units}   # 万亿元 / 万个坐席 / % / 家
                    (?:\((?!含)[^()\d,;。%]{{1,3}}\)             # 万套(间): an alternative unit in brackets
                      |/(?:年|日|天|小时|月|周)(?![\d{cn}]))?      # 万吨/年: a per-time suffix (not "/年度")
                    |万亿|亿|万)                                # a bare multiplier: "突破1.4万亿"
            (?:\(含\)(?=以上|以下|以内))?                    # "50家(含)以上": inclusive floor
            (?P<suffix>{suffix})?                          # 左右 / 以上 / 以内
            (?!级)                                         # "百亿级市场", "10亿级": a class, not a value
        )
        """, regex.VERBOSE)


# A deadline or another year mention. The scan starts at the digits (fast); the word that governs the
# year is read from the few characters before it (`YEAR_PRE_WORDS`). The class decides what it means (see
# `year_marks`). YEAR_PHRASE_RE (pre + year) cuts whole year phrases out of indicators.
YEAR_RE = regex.compile(r"""
    (?<![\d—–~\-])                                   # not the end of a period "2019—2022年"
    (?P<year>(?:19|20)\d{2})\s?年
    (?:\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?)?            # "2019年12月31日前"
    (?P<post>底前|末前|年底前|底以前|以前|之前|前|底|末|以来|起|开始|初|的?基础上|水平上)?
    """, regex.VERBOSE)
YEAR_PRE_WORDS = ("力争到", "力争至", "展望到", "截止到", "展望", "截至", "截止",   # longest first
                  "到", "至", "较", "比", "与", "同", "自", "从", "于")
YEAR_PHRASE_RE = regex.compile("(?:" + "|".join(YEAR_PRE_WORDS) + r")?\s?" + YEAR_RE.pattern, regex.VERBOSE)

# Relative deadlines and plan periods: one pattern per kind (RELATIVE_PARTS, scanned separately: each
# starts with a plain character set the engine can skip to, which an alternation of lookbehinds defeats)
# and their alternation RELATIVE_RE (to cut them out of short indicator strings).
RELATIVE_PARTS = (
    ("this", r"(?<![\d年])(?P<this>今年|本年度|本年|年内|年底前|当年)(?!以来)"),   # not the 年底前 of "2019年底前"
    ("this", r"(?<![\d年去上前])(?P<end>年底)(?!前|以来)"),   # "到年底": not 2019年底, 去年底, 上年底
    ("this", r"(?<![\d年])(?P<month>\d{1,2}月(?:底|\d{1,2}日)?(?:前|以前))"),      # "6月底前" is this year
    ("whole", r"(?<![\d年])(?P<whole>全年)(?!以来)"),  # "全年完成…100个": this year, in a one-year plan
    ("next", r"(?P<next>明年|下一年)"),
    ("plan", r"(?P<plan>十(?P<plan_n>[二三四五六七])五)[”\"]?(?P<plan_post>时期|期间|末|规划期|期末)?"),
    ("within", r"(?<![\d一二三两四五六七八九十])(?P<within>[一二三两四五六七八九十\d]{1,2}年(?:内|左右时间|时间))"),
)                                                    # "3年内": forward, year unknown
RELATIVE_RE = regex.compile("|".join(p for _, p in RELATIVE_PARTS))
# A plan period as the baseline of a change: "较“十四五”末", "比十三五期末" (cut out of indicators; bounded).
PLAN_BASE_RE = regex.compile(r"(?:较|比|与|同)\s?[“\"]?十[二三四五六七]五[”\"]?(?:时期|期间|规划期末|期末|末)?(?:相比)?")
# A plan period that names a year's place in it ("今年是“十四五”开局之年", "“十三五”收官之年"): the year
# meant is this one (今年, the document's year), not the period's end. Anchored after the plan, bounded {0,4}.
PLAN_YEAR_NAME_RE = regex.compile(r"[”\"]?\s?(?:规划)?(?:的)?[^,;。]{0,4}?(?:开局|收官|关键|起步|决胜|攻坚|冲刺|承上启下|谋篇布局|"
                                  r"全面推进|深化|落实)[^,;。]{0,2}?之年")
_RELATIVE_SCANS = tuple((kind, regex.compile(p)) for kind, p in RELATIVE_PARTS)


def relative_matches(norm: str, start: int, end: int) -> list[tuple[str, regex.Match]]:
    """RELATIVE_RE's matches (leftmost first, no overlaps, the earlier kind wins a tie), from one scan per kind.

    >>> [(k, m.group()) for k, m in relative_matches("三年内完成,今年,十四五时期", 0, 14)]
    [('within', '三年内'), ('this', '今年'), ('plan', '十四五时期')]
    """
    found = sorted(((m.start(), i, kind, m) for i, (kind, r) in enumerate(_RELATIVE_SCANS)
                    for m in r.finditer(norm, start, end)), key=lambda x: (x[0], x[1]))
    out, last = [], -1
    for s, _, kind, m in found:
        if s >= last:
            out.append((kind, m))
            last = m.end()
    return out


SENTENCE_RE = regex.compile(r"[^。;!?\n]{1,2000}[。;!?]?")        # bounded: a run-on line splits
CLAUSE_SPLIT_RE = regex.compile(r"[,:;。!?|\t]")        # clause ends (norm: ，→, ：→: ；→;)
BRACKET_RE = regex.compile(r"[(“\[]")
CLAUSE_OR_BRACKET_RE = regex.compile(r"[(“\[)”\],:;。!?|\t]")
# the n-th five-year plan (十n五) ends in 1955 + 5n: 十二五 2015, 十三五 2020, 十四五 2025, 十五五 2030
PLAN_END = {"二": 2015, "三": 2020, "四": 2025, "五": 2030, "六": 2035, "七": 2040}
TIME_UNITS = ("工作日", "天", "小时", "分钟", "日")
GROWTH_HEADS = ("年均增长", "年均增速", "增长", "增速", "同比增长", "增幅")


# The size of a fund the policy sets up is a parameter of the policy, not a target: "设立规模10亿元的…基金",
# "基金规模不低于5亿元", "组建总规模50亿元的产业基金". Bounded gaps ({0,24}, no comma), no nesting.
FUND_SIZE_RE = regex.compile(r"""
    基金\s?(?:总)?规模
  | (?:设立|组建|成立|设置|发起|筹建|出资|注资|规模)[^,;。]{0,24}基金
  | 基金[^,;。]{0,4}(?:安排|列支|统筹)               # money drawn from a fund: "引导基金中安排不少于20亿元"
    """, regex.VERBOSE)
# A count that only sums up the scope of a measure: "改造范围:…,共计36个小区" (a 范围/对象 description
# before the 共计/合计 it follows in the same sentence, and the list it opens: "…共计36个小区、4800户").
# Bounded: {0,60} and {0,20} without a sentence end, searched in a 64-character window.
SCOPE_SUM_RE = regex.compile(r"(?:范围|对象|清单|名单)[^。;]{0,60}?(?:共计|合计|总计|共)[^,;。]{0,20}$")
# A quantifier word alone is never an indicator ("共计", "全部"): what is counted follows the value.
QUANTIFIER_ONLY_RE = regex.compile(r"(?:共计|合计|全部|累计|总计|共|总共|一共)\s?")

# Verbs that make a condition word the object of a task ("完善认定标准", "制定申报条件"): no list follows.
CONDITION_TASK_LB = r"(?<!完善|制定|建立|健全|研究|出台|修订|修改|明确|统一|规范|细化|优化|调整|提高|放宽|降低)"
_R = cache(regex.compile)        # inline patterns below are compiled once, on first use


def _text(s: str) -> Text:
    """A Text for doctests and tests."""
    return Text(s, normalize(s))


def _rev_alt(words) -> str:
    """An alternation of the reversed words (to match suffixes at the start of a reversed string).

    >>> _rev_alt(["达到", "达"])
    '(?:到达|达)'
    """
    return alternation([w[::-1] for w in words])


@cache
def _lex():
    """Compiled vocabulary (loaded on first use)."""
    def alt(name):
        return regex.compile(alternation(load_list(f"targets/{name}.txt")))
    return {
        # a word used as a modifier is no parameter: "补贴性职业技能培训" is a kind of training (the
        # lookahead is one character); 最高/最多 cap a subsidy only before an amount or a grant verb
        # ("最高补贴50万元", "最高不超过"), not inside an indicator ("最高用电负荷的5%"); a fund word
        # followed by "支持的" modifies a noun and sets nothing
        "policy": regex.compile("(?:" + alternation(load_list("targets/policy_words.txt")) + r"|最[高多]"
                                r"(?=\s?(?:可|额|限额|不超过|不高于|给予|补贴|补助|奖励|资助|支持|按|为|\d|"
                                rf"[{CN_NUMERAL_CHARS}])))(?!性)"
                                # a fund that qualifies the subject: "专项资金支持的企业新增专利不少于1000件"
                                r"(?!(?:支持|扶持|资助|补助|引导|带动|撬动)的)"),
        "stats": alt("stats_words"),
        "goal": alt("goal_titles"),
        "forward_words": alt("forward_words"),
        "text_nouns": regex.compile("^[^,]{0,4}" + alternation(load_list("targets/text_nouns.txt"))),
        "background": alt("background_titles"),
        # a paragraph that opens by reviewing past work: at its start, after a numbering marker (anchored)
        "review_open": regex.compile(r"[ \t]{0,4}" + LEAD_MARKER_RE.pattern + r"[ \t]{0,2}"
                                     + alternation(load_list("targets/review_openers.txt")), regex.VERBOSE),
        "change": alt("change_verbs"),
        "rate_tail": regex.compile(alternation(load_list("targets/rate_verbs.txt")) + r"\s?$"),
        # a heading that names conditions ("三、申报条件"), not a task about them ("完善认定标准")
        "condition_title": regex.compile(CONDITION_TASK_LB + alternation(load_list("targets/condition_words.txt"))),
        "condition": regex.compile(                         # bounded gaps: {0,6} and {0,4}, no nesting
            r"(?:具备|符合|满足)[^,。;\n]{0,6}?(?:下列|以下|如下)[^,。;\n]{0,4}?(?:条件|标准|要求)"
            r"|(?:下列|以下|如下)(?:基本)?条件"
            r"|" + CONDITION_TASK_LB + alternation(load_list("targets/condition_words.txt"))
            + r"(?=[ \t]?(?:(?:为|是|如下)?:|。|\r|\n|$))"),      # "申报条件:", a run-in "申报条件。"
        "reward": regex.compile(alternation(load_list("targets/reward_words.txt")) + "(?!性)"),
        "scope": regex.compile(r"^(?:" + alternation(load_list("targets/scope.txt"))[3:-1] + ")"),
        "verbs_tail": regex.compile(alternation(load_list("targets/verbs.txt")) + r"$"),
        "adverbs_tail": regex.compile(alternation(load_list("targets/adverbs.txt")) + r"$"),
        "adverbs_head": regex.compile(r"^" + alternation(load_list("targets/adverbs.txt"))),
        # a leading object verb, maybe after 累计 ("累计建成5G基站": 5G基站), never a flow head (新增, 累计新增)
        "objverb_head": regex.compile(r"^(?!" + alternation(load_list("targets/indicator_heads.txt")) + ")"
                                      + r"(?:累计\s?(?!" + alternation(load_list("targets/indicator_heads.txt")) + "))?"
                                      + alternation(load_list("targets/object_verbs.txt"))),
        "objverb_tail": regex.compile(alternation(load_list("targets/object_verbs.txt")) + r"$"),
        "objverb_lead": regex.compile(r"^" + alternation(load_list("targets/object_verbs.txt")
                                                         + load_list("targets/indicator_heads.txt"))),
        "head": regex.compile("(?:" + "|".join([                    # bounded repeat of plain words
            alternation(load_list("targets/lead_words.txt")), alternation(load_list("targets/adverbs.txt")),
            alternation(load_list("targets/scope.txt")), r"[\s,、:“\"]"]) + "){0,8}"),
        "tail_rev": regex.compile("(?:" + "|".join([                # reversed words, bounded repeat
            "(?:" + _rev_alt(load_list("targets/object_verbs.txt")) + ")?"
            + _rev_alt(load_map("targets/qualifier_prefix.yaml")),
            _rev_alt(load_list("targets/verbs.txt")), _rev_alt(load_list("targets/adverbs.txt")),
            r"[\s,、:]"]) + "){0,8}"),
        "prefix": load_map("targets/qualifier_prefix.yaml"),
        "prefix_tail": regex.compile("(?P<q>" + alternation(load_map("targets/qualifier_prefix.yaml")) + ")"
                                     + "(?:" + alternation(load_list("targets/object_verbs.txt")) + r")?\s?$"),
        "suffix": load_map("targets/qualifier_suffix.yaml"),
        "direction": load_map("targets/direction.yaml"),
        "direction_re": regex.compile(alternation(load_map("targets/direction.yaml"))),
        "link": regex.compile(alternation([w for w in load_list("targets/verbs.txt") if len(w) > 1] +
                                          ["达", "为"])),
        "commit": regex.compile(alternation(load_list("targets/commit_verbs.txt"))),
    }


# ---------------------------------------------------------------------------------------------- quantities

@dataclass(frozen=True, slots=True)
class Quantity:
    """One number with its unit inside the text; spans are absolute."""

    span: Span                 # the quantity as printed, suffix included
    value: float
    value_max: float | None
    unit: str                  # as printed ("万亿元", "%", "倍")
    qualifier: str
    chinese: bool = False      # written with Chinese numerals


# A unitless value of an index or ratio: "PUE值不超过1.3", "基尼系数控制在0.4以内". Only after a word that
# names such a measure and a verb or qualifier word (the number alone carries no unit to recognise it by).
BARE_VALUE_RE = regex.compile(rf"""
    (?:值|系数|指数|PUE)                               # the measure names itself unitless
    (?:不超过|不高于|不低于|低于|高于|控制在|保持在|稳定在|降至|降到|下降到|达到|达|为)
    (?P<num>{ARABIC})
    (?P<suffix>以内|以下|以上|左右)?
    (?=[,;。)\s]|$)                                    # the value ends the clause
    """, regex.VERBOSE)


def _bare_values(norm: str, start: int, end: int, lex) -> list[Quantity]:
    """Unitless index values ("PUE值不超过1.3" -> 1.3, unit "", at_most)."""
    out = []
    for m in BARE_VALUE_RE.finditer(norm, start, end):
        v = _num(m.group("num"))
        if v is None:
            continue
        s, e = m.start("num"), m.end()
        suffix = m.group("suffix")
        qual = lex["suffix"][suffix] if suffix else (_prefix_qualifier(norm, s, start, lex) or "point")
        out.append(Quantity((s, e), v, None, "", qual))
    return out


def _num(s: str) -> float | None:
    v = parse_number(s)
    return None if v is None else v


def find_quantities(norm: str, start: int, end: int) -> list[Quantity]:
    """Every quantity in norm[start:end].

    >>> [(q.value, q.value_max, q.unit, q.qualifier) for q in find_quantities(
    ...     "形成3—5个平台,收入超过1.4万亿元,增长7%左右,较2015年翻一番", 0, 36)]
    [(3, 5, '个', 'range'), (1.4, None, '万亿元', 'at_least'), (7, None, '%', 'approx'), (2, None, '倍', 'point')]
    """
    lex = _lex()
    out: list[Quantity] = []
    for m in quantity_re().finditer(norm, start, end):
        s, e = m.span()
        chinese = False
        if m.group("fan"):
            n = {"两": 2, "二": 2, "三": 3}.get(m.group("fan_n") or "", 1)
            out.append(Quantity((s, e), 2 ** n, None, "倍", "point"))
            continue
        if m.group("mult_only"):
            mult = m.group("mult_only")
            um = _R(r"美元|元").match(norm, e, e + 2)
            unit = mult + um.group()
            e = um.end()
            out.append(Quantity((s, e), {"万亿": 1, "千亿": 1000, "百亿": 100, "亿": 1}[mult],
                                None, unit if mult in ("万亿", "亿") else "亿" + um.group(),
                                _prefix_qualifier(norm, s, start, lex) or "point"))
            continue
        if m.group("pct"):
            v = _num(m.group("pct"))
            if v is not None:
                ps_ = m.group("pct_suffix")
                if ps_ == "内":                   # only time limits take a bare 内
                    e, ps_ = m.end("pct"), None
                qual = lex["suffix"][ps_] if ps_ else (_prefix_qualifier(norm, s, start, lex) or "point")
                out.append(Quantity((s, e), v, None, "%", qual))
            continue
        if m.group("cn") and m.group("unit") in ("万亿", "亿", "万"):
            continue                              # "千亿", "百万": a Chinese numeral needs a real unit
        if _ordinal_or_period(norm, m, e):
            continue                              # "十九届二中全会", "十四五期间", "二期工程"
        text = m.group("num") or m.group("cn")
        v = _num(text)
        if v is None:
            continue
        if m.group("cn"):
            chinese = True
        vmax = _num(m.group("num_max")) if m.group("num_max") else None
        if vmax is not None and vmax <= v:
            vmax = None
        unit = m.group("unit")
        suffix = m.group("suffix")
        if suffix == "内" and not unit.endswith(TIME_UNITS):
            e = m.end("unit")                     # "10家内" is not a ceiling; only time limits take 内
            suffix = None
        if vmax is not None:
            qual = "range"
        elif m.group("more") and not suffix:
            qual = "at_least"
        elif suffix:
            qual = lex["suffix"][suffix]
        else:
            qual = _prefix_qualifier(norm, s, start, lex) or "point"
        out.append(Quantity((s, e), v, vmax, unit, qual, chinese))
    return _distribute(norm, start, out, lex) if "分别" in norm[start:end] else out


# "分别压缩至30小时和1小时以内", "分别达到30、50家以上": a coordination after 分别 whose last member carries
# the unit or the qualifier; both distribute over the earlier members. Bounded: the number is ARABIC.
COORD_TAIL_RE = regex.compile(r"\s?(?:和|与|及|、)\s?$")
COORD_NUM_RE = regex.compile(rf"(?<![\d.])(?P<num>{ARABIC})\s?(?:和|与|及|、)\s?$")


def _distribute(norm: str, floor: int, qs: list[Quantity], lex) -> list[Quantity]:
    """Spread the qualifier (and the unit) of the last member of a 分别-coordination over its members.

    >>> [(q.value, q.unit, q.qualifier) for q in find_quantities("分别压缩至30小时和1小时以内", 0, 16)]
    [(30, '小时', 'at_most'), (1, '小时', 'at_most')]
    >>> [(q.value, q.unit, q.qualifier) for q in find_quantities("分别达到30、50家以上", 0, 13)]
    [(30, '家', 'at_least'), (50, '家', 'at_least')]
    """
    out = list(qs)
    for k in range(len(out) - 1, -1, -1):
        q = out[k]
        s = q.span[0]
        sep = norm.rfind("分别", max(floor, s - 30), s)
        if sep < 0 or _R(r"[,;。]").search(norm, sep, s):
            continue                              # 分别 governs only its own clause
        suffix = regex.search(r"(?:以上|以内|以下|左右)$", norm[q.span[0]:q.span[1]])
        if k > 0:
            p = out[k - 1]
            if (suffix and p.qualifier == "point" and p.value_max is None and p.span[0] > sep
                    and COORD_TAIL_RE.fullmatch(norm, p.span[1], s)):
                out[k - 1] = Quantity(p.span, p.value, None, p.unit, q.qualifier, p.chinese)
        m = COORD_NUM_RE.search(norm, max(sep, s - 20), s)
        if m and (k == 0 or out[k - 1].span[1] <= m.start()):   # "30和1小时以内": a bare first member
            v = _num(m.group("num"))
            if v is not None:
                out.insert(k, Quantity(m.span("num"), v, None, q.unit, q.qualifier if suffix else "point"))
    return out


# After a number + 届/次, the names of congresses and plenary sessions: "十九届四中全会", "14次党代会". With
# Chinese numerals these are ordinals even without 第 (no policy counts its congresses in targets).
SESSION_AFTER_RE = regex.compile(r"\s?(?:[一二三四五六七八九十]{1,2}中)?(?:全会|全体会议|党代会|代表大会|人大|会议|中央委员会)")
# 期 counts issues and sessions ("培训不少于12期"); not a period ("十四五期间", "期末"), a project phase ("二期
# 工程") or a term. Only Arabic numerals count: Chinese ones before 期 are almost always phases.
PERIOD_AFTER_RE = regex.compile(r"间|末|初|中|内|工程|项目|建设|规划|改造|扩建")


def _ordinal_or_period(norm: str, m: regex.Match, e: int) -> bool:
    """A congress or session ordinal ("十九届", "二十届二中全会") or a period/phase ("十四五期间", "二期工程"):
    no value. `m` is a quantity_re match, `e` its end.

    >>> [bool(_ordinal_or_period(n, quantity_re().match(n), len(n) - k)) for n, k in
    ...  [("十九届四中全会", 4), ("3届博览会", 3), ("十四五期间", 1), ("12期", 0), ("2期工程", 2)]]
    [True, False, True, False, True]
    """
    unit = m.group("unit")
    if unit == "届":
        return bool(m.group("cn")) or bool(SESSION_AFTER_RE.match(norm, e))
    if unit == "次":
        return bool(SESSION_AFTER_RE.match(norm, e))
    if unit == "期":
        return bool(m.group("cn")) or bool(PERIOD_AFTER_RE.match(norm, e))
    return False


def _prefix_qualifier(norm: str, s: int, floor: int, lex) -> str | None:
    """Qualifier from the words right before a quantity ("超过60%", "不低于3万个坐席")."""
    m = lex["prefix_tail"].search(norm, max(floor, s - 9), s)    # "超过60%", "至少完成2次"
    return lex["prefix"][m.group("q")] if m else None


# ---------------------------------------------------------------------------------------------- years

@dataclass(frozen=True, slots=True)
class YearMark:
    pos: int
    end: int
    kind: str                  # "forward" (a deadline), "stats" (a past statistic), "base" (较2015年)
    year: int | None
    explicit: bool = False     # 到2025年 / 2019年底前 (not a bare year, a plan period or 今年)
    weak: bool = False         # 全年 in a dated document that is no one-year plan: the document's year
                               # unless the sentence or the paragraph sets another one


def year_marks(norm: str, start: int, end: int, doc_year: int | None, *, annual: bool = False,
               period: tuple[int, int] | None = None) -> list[YearMark]:
    """Year mentions in norm[start:end], classified. `period` is the plan's period from its title
    ("(2023—2025年)"): in an undated plan, a bare year inside it is forward.

    >>> [(m.kind, m.year) for m in year_marks("到2025年,2019年底前,截至2018年底,较2015年,今年,“十四五”时期", 0, 41, 2020)]
    [('forward', 2025), ('forward', 2019), ('stats', 2018), ('base', 2015), ('forward', 2020), ('forward', 2025)]
    """
    out: list[YearMark] = []
    for m in YEAR_RE.finditer(norm, start, end):
        y, post = int(m.group("year")), m.group("post") or ""
        before = norm[max(start, m.start() - 4):m.start()].rstrip()
        pre = next((w for w in YEAR_PRE_WORDS if before.endswith(w)), "")
        if pre in ("截至", "截止", "截止到") or post == "以来":
            kind = "stats"
        elif pre in ("较", "比", "与", "同") or post.endswith("上"):
            kind = "base"
        elif pre in ("自", "从") or post in ("起", "开始", "初"):
            kind = "other"
        elif pre in ("到", "至") and doc_year is not None and y < doc_year and not post.endswith("前"):
            kind = "stats"                        # "从2015年的X增加到2020年的Y" in a 2021 report: history
        elif pre in ("到", "至", "力争到", "力争至", "展望", "展望到") or post.endswith("前"):
            kind = "deadline"                     # an explicit deadline: forward even in a background section
        elif doc_year is not None:
            kind = "stats" if y < doc_year else "forward"
        elif period is not None and period[0] < y <= period[1]:
            kind = "forward"                      # "2025年…装机达到500万千瓦" in an undated 2023—2025 plan
        else:
            kind = "other"
        out.append(YearMark(m.start(), m.end(), "forward" if kind == "deadline" else kind, y, kind == "deadline"))
    for kind, m in relative_matches(norm, start, end):
        if kind == "this":
            out.append(YearMark(m.start(), m.end(), "forward", doc_year))
        elif kind == "whole":                     # 全年 is this year in a one-year plan or report,
            if annual:                            # and (weakly) in any dated document
                out.append(YearMark(m.start(), m.end(), "forward", doc_year))
            elif doc_year is not None:
                out.append(YearMark(m.start(), m.end(), "forward", doc_year, weak=True))
        elif kind == "next":
            out.append(YearMark(m.start(), m.end(), "forward", doc_year + 1 if doc_year else None))
        elif kind == "plan":
            y = PLAN_END[m.group("plan_n")]
            if PLAN_YEAR_NAME_RE.match(norm, m.end(), min(end, m.end() + 12)):
                continue                          # "今年是“十四五”开局之年": names this year, sets no deadline
            before = norm[max(start, m.start() - 5):m.start()].rstrip(" “\"")
            if before.endswith(("较", "比", "与", "同", "相比")):
                out.append(YearMark(m.start(), m.end(), "base", y))   # "较“十四五”末翻一番": the baseline
                continue
            if before.endswith(("到", "至", "展望", "展望到")) and (doc_year is None or y >= doc_year):
                out.append(YearMark(m.start(), m.end(), "forward", y, True))   # "展望“十五五”", "到十五五末"
                continue
            # a period that ended before the document's year (or, in an undated plan, before the period its
            # title prints: "(2021—2025年)") is history: "“十三五”期间…优良天数比例达到61.5%" reviews it
            ref = doc_year if doc_year is not None else (period[0] if period else None)
            if ref is not None and y < ref:
                out.append(YearMark(m.start(), m.end(), "stats", y))
            elif doc_year is not None and y - 5 >= doc_year and not m.group("plan_post"):
                continue                          # a plan named in passing ("编制十五五规划")
            else:
                out.append(YearMark(m.start(), m.end(), "forward", y))
        else:
            out.append(YearMark(m.start(), m.end(), "forward", None))
    out.sort(key=lambda k: k.pos)
    return out


# ---------------------------------------------------------------------------------------------- indicators

# A past plan period opening a paragraph: "“十三五”时期，…", "十三五以来" (past when it ended before the
# document's year). Anchored at the paragraph start; bounded.
REVIEW_PLAN_RE = regex.compile(r"[ \t]{0,4}“?十(?P<n>[二三四五六])五”?(?:规划)?(?:时期|期间|以来)")


def _opens_review(norm: str, ps: int, pe: int, doc_year: int | None, lex) -> bool:
    """A paragraph that opens by reviewing past work ("五年来,…", "过去一年,…", "“十三五”时期,…").

    >>> _opens_review("五年来,地区生产总值年均增长7.6%", 0, 19, 2021, _lex())
    True
    >>> [_opens_review("“十三五”时期,全市…", 0, 12, y, _lex()) for y in (2021, 2018)]
    [True, False]
    """
    if lex["review_open"].match(norm, ps, pe):
        return True
    m = REVIEW_PLAN_RE.match(norm, ps, pe)
    return bool(m) and doc_year is not None and PLAN_END[m.group("n")] < doc_year


# An age class right after a count of people: "65岁以上", "60周岁及以上", "3至6岁", "十八岁以下" (anchored,
# bounded digits, no nesting).
AGE_CLASS_RE = regex.compile(r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s?(?:(?:至|到|[—–~\-])\s?(?:\d{1,3}|[一二三四五六七八九十]{1,3}))?"
                             r"\s?周?岁(?:及以上|以上|及以下|以下)?(?:的)?")
# A beneficiary before the value: "为10万名老年人…", "年内向5000户家庭…" (the last word before it, when
# nothing measured precedes it: then 为 is no linking verb).
BENEFICIARY_RE = regex.compile(r"(?:为|向|给)\s?$")
# A distributive scope before an object verb ("每个地级市", "各县(市、区)"): what is counted follows the value.
DISTRIBUTIVE_RE = regex.compile(r"(?:每|各)[^,;]{0,12}$")
# Numbering at the start of an indicator: a heading number (markers.py) or a run-in enumerator, up to three
# ("(四)", "一、", "1.", "第五条", "一是地区生产总值增长6%左右;二是…", "其一", "首先"), each with a bounded gap.
LEAD_MARKER_RE = regex.compile(rf"""
    (?:(?:{markers.PLAIN_MARKER}
        |[一二三四五六七八九十]{{1,2}}是(?!否)              # a run-in enumerator: "一是…;二是…"
        |其[一二三四五六七八九十]|首先|其次)[,:\s]?){{0,3}}
    """, regex.VERBOSE | regex.V0)
# "A达到B的5%": the indicator is A (the part of B it reaches); B is at most 20 characters, no comma.
OF_WHOLE_RE = regex.compile(r"(?:达到|相当于|达)[^,]{1,20}的$")


@lru_cache(maxsize=8192)
def clean_indicator(s: str) -> str:
    """What is measured: deadline words, scope words, verbs and adverbs cut away.

    >>> clean_indicator("到2025年,全区软件业务收入达")
    '软件业务收入'
    >>> clean_indicator("全区检验检测机构数量稳步增长达到")
    '检验检测机构数量'
    >>> clean_indicator("年均增长")
    '年均增长'
    >>> clean_indicator("(四)专职服务人员不少于"), clean_indicator("可调节负荷能力达到最高用电负荷的")
    ('专职服务人员', '可调节负荷能力')
    """
    lex = _lex()
    s = _R(r"(?:由|从)\s?[\d一二三四五六七八九十两][^,]{0,24}$").sub("", s)   # "…时间由20日缩减至"
    s = YEAR_PHRASE_RE.sub("", s)
    s = PLAN_BASE_RE.sub("", s)                           # "较“十四五”末": a baseline period
    s = RELATIVE_RE.sub("", s)
    s = s.strip(" \t,、:;“”\"'")
    s = s[LEAD_MARKER_RE.match(s).end():]                # never a numbering marker: "(四)专职服务人员"
    s = s[lex["head"].match(s).end():]                   # leading 力争/其中/scope/adverbs (anchored)
    s = s.lstrip("的")                                   # "…超1亿元的龙头企业": the modifier's 的
    rev = s[::-1]                                         # trailing verbs/adverbs: an anchored match on
    cut = lex["tail_rev"].match(rev).end()               # the reversed string instead of a $-search
    s = s[:len(s) - cut]                                 # nothing left: only verbs were there
    m = OF_WHOLE_RE.search(s)                            # "负荷能力达到最高用电负荷的": what reaches a share
    if m and m.start() > 0:
        s = s[:m.start()]
    return s.rstrip(" ,、:的")


def _subject(ind: str) -> str:
    """The subject of an indicator: "金融业增加值占地区生产总值比重" -> "金融业增加值".

    >>> _subject("金融业增加值占地区生产总值比重"), _subject("服务业增加值规模不断扩大")
    ('金融业增加值', '服务业增加值')
    """
    m = _R(r"占|规模|总量|水平|不断|持续|进一步|稳步|更加|保持|年均|增长|增速|的").search(ind)
    return ind[:m.start()] if m and m.start() > 0 else ind


def _is_elliptic(ind: str) -> bool:
    return not ind or ind.startswith(("占", "年均", "比重", "增长", "增速", "同比", "较")) or ind in GROWTH_HEADS


# ---------------------------------------------------------------------------------------------- conditions

# The numbering marker a line starts with, and its depth (smaller is higher): 第一章 < 第一条 < 一、 < (一)
# < 1. < 1.1 < (1) < ①. Every repeat is bounded.
def _line_depth(norm: str, s: int) -> int | None:
    """Depth of the numbering marker the line at s starts with; None for an unnumbered line.

    >>> _line_depth("(二)服务场地", 0), _line_depth("1.1 总则", 0), _line_depth("第五条 申报", 0), _line_depth("资产", 0)
    (3, 5, 1, None)
    """
    m = markers.marker_at(norm, s)
    return None if m is None else markers.depth(m)


def condition_regions(norm: str, span: Span, lex) -> list[Span]:
    """Where applicants' conditions are listed: from an intro ("应当具备下列条件:", "申报条件:") to the end of
    its line, then over the numbered lines below it that sit deeper than the intro's own marker (the first
    item sets the depth; a line as high as the intro's, an unnumbered line or 60 lines end the list).

    >>> t = "第五条 申报单位应当具备下列条件:\\n(一)资产总额不低于300万元;\\n(二)人员不少于10人。\\n第六条 到2025年,建成10个。"
    >>> [t[s:e][-8:] for s, e in condition_regions(t, (0, len(t)), _lex())]
    ['员不少于10人。']
    """
    out: list[Span] = []
    lo, hi = span
    for m in lex["condition"].finditer(norm, lo, hi):
        if out and m.start() < out[-1][1]:
            continue
        ls = max(lo, norm.rfind("\n", lo, m.start()) + 1)
        intro = _line_depth(norm, ls)
        intro = 1 if intro is None else intro            # an unnumbered intro: items sit below 第X条
        e = norm.find("\n", m.end(), hi)
        end = hi if e < 0 else e
        item_depth = None
        for _ in range(60):                               # bounded: a list of at most 60 lines
            if end >= hi:
                break
            ns = end + 1
            while ns < hi and norm[ns] in "\r\n":      # blank lines inside the list
                ns += 1
            d = _line_depth(norm, ns)
            if d is None or d <= intro or (item_depth is not None and d < item_depth):
                break
            item_depth = d if item_depth is None else item_depth
            e = norm.find("\n", ns, hi)
            end = hi if e < 0 else e
        out.append((m.start(), end))
    return out


# ---------------------------------------------------------------------------------------------- annual plans

# The title of a one-year plan: "XX市2024年数字经济工作要点", "关于印发2024年…行动方案的通知". Not a period
# ("2024—2026年", "2023至2025年") and not a deadline ("到2025年", "2025年前"). Bounded: {0,40} without a newline.
ANNUAL_TITLE_RE = regex.compile(r"""
    (?<![\d—–~\-至到])(?P<year>(?:19|20)\d{2})\s?年(?![\d—–~\-至底末前])
    [^\n]{0,40}?
    (?:工作要点|工作计划|行动方案|行动计划|重点工作|工作方案|实施方案|工作安排|工作任务|任务清单|推进计划)
    """, regex.VERBOSE)
WORK_REPORT_RE = regex.compile(r"政府工作报告")
TITLE_YEAR_RE = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s?年")
# Where a work report turns to this year: a heading about this year's work, or a line opening with 今年.
THIS_YEAR_PART_RE = regex.compile(r"今年|本年|工作安排|总体要求|主要目标|预期目标|重点工作|主要任务|工作任务")
THIS_YEAR_LINE_RE = regex.compile(r"(?:^|\n)[ \t]{0,4}今年")


def _title_region(norm: str, span: Span, sections: Sequence[SectionHit]) -> Span:
    """The document's first lines before its first numbered heading: at most 3 lines and 400 characters
    (a title, maybe over two lines, or a document number and the title)."""
    lo, hi = span
    first = min((s.span[0] for s in sections if lo <= s.span[0] < hi), default=hi)
    end = min(first, lo + 400)
    pos, lines = lo, 0
    while pos < end and lines < 3:
        e = norm.find("\n", pos, end)
        if e < 0:
            return (lo, end)
        if norm[pos:e].strip():
            lines += 1
        pos = e + 1
    return (lo, min(pos, end))


# The period a plan's title prints: "(2023—2025年)", "2021-2025年", "2023至2025年". Bounded, no nesting.
TITLE_PERIOD_RE = regex.compile(r"(?<!\d)(?P<a>(?:19|20)\d{2})\s?年?\s?(?:[—–~\-]{1,2}|至|到)\s?(?P<b>(?:19|20)\d{2})\s?年")


TITLE_PLAN_RE = regex.compile(r"十(?P<n>[二三四五六七])五[”\"]?\s?[^\n]{0,30}?规划")   # bounded gap, one line


def plan_period(norm: str, region: Span) -> tuple[int, int] | None:
    """(first, last) year of the period printed in the title region, or None.

    >>> plan_period("XX市新能源发展行动方案(2023—2025年)", (0, 23))
    (2023, 2025)
    >>> plan_period("XX市“十四五”生态环境保护规划", (0, 17))
    (2021, 2025)
    """
    m = TITLE_PERIOD_RE.search(norm, *region)
    if not m:                                  # "XX市“十四五”生态环境保护规划": the named plan's five years
        p = TITLE_PLAN_RE.search(norm, *region)
        return (PLAN_END[p.group("n")] - 4, PLAN_END[p.group("n")]) if p else None
    a, b = int(m.group("a")), int(m.group("b"))
    return (a, b) if a < b <= a + 15 else None


class Annual(NamedTuple):
    year: int | None
    start: int                # undated commitments from here on are that year's
    report: bool              # a work report (its plan part also holds narrative and statistics)


def annual_scope(norm: str, span: Span, sections: Sequence[SectionHit], doc_year: int | None,
                 secs: "_Sections") -> Annual | None:
    """(year, from) when the document is a one-year plan or a work report: undated commitments from
    position `from` on are targets of that year. A plan's year is the one its title prints; a report's
    is the document's own year, and only its part about this year counts (from the first heading about
    this year's work, or the first line opening with 今年).

    >>> t = "XX市2024年数字经济工作要点\\n一、推动测试道路扩展至200公里。"
    >>> annual_scope(t, (0, len(t)), [], None, _Sections([]))
    Annual(year=2024, start=0, report=False)
    >>> annual_scope("XX市数字经济发展行动方案(2024—2026年)", (0, 25), [], 2024, _Sections([]))
    """
    ts, te = _title_region(norm, span, sections)
    report = bool(WORK_REPORT_RE.search(norm, ts, te)) or is_work_report(None, norm[span[0]:span[0] + 3000])
    m = ANNUAL_TITLE_RE.search(norm, ts, te)
    if m and not report:
        return Annual(int(m.group("year")), span[0], False)
    if not report:
        return None
    ty = TITLE_YEAR_RE.search(norm, ts, te)
    year = doc_year if doc_year is not None else (int(ty.group("year")) if ty else None)
    if year is None:
        return None
    for sec in sorted(sections, key=lambda x: x.span[0]):
        title = norm[sec.title_span[0]:sec.title_span[1]]
        if (THIS_YEAR_PART_RE.search(title) or f"{year}年" in title) and sec.id not in secs.background_ids:
            return Annual(year, sec.span[0], True)
    line = THIS_YEAR_LINE_RE.search(norm, ts, span[1])
    return Annual(year, line.start(), True) if line else None


# ---------------------------------------------------------------------------------------------- sections

class _Sections:
    """Innermost section at a position; whether it sits in a goal section; the goal section's span."""

    def __init__(self, sections: Sequence[SectionHit] | SectionIndex):
        self.index = SectionIndex.of(sections)
        self.secs = self.index.items
        lex = _lex()
        # All titles in one string, one line each (no title holds a newline once joined: they are cut at
        # line ends), so each vocabulary is one regex pass however many headings there are (10^5 lines).
        joined = normalize("\n".join((s.title or "").replace("\n", " ") for s in self.secs))
        line_starts = [0]
        for s_ in self.secs[:-1]:
            line_starts.append(line_starts[-1] + len((s_.title or "")) + 1)

        def ids(rx) -> set[str]:
            return {self.secs[bisect.bisect_right(line_starts, m.start()) - 1].id for m in rx.finditer(joined)}
        self.goal_ids = ids(lex["goal"])
        self.background_ids = ids(lex["background"])
        self.condition_ids = ids(lex["condition_title"])
        self._title_years: dict[str, int | None] = {}

    def chain(self, pos: int) -> tuple[SectionHit, ...]:
        """Sections containing pos, innermost first."""
        return self.index.chain(pos)

    def title_year(self, pos: int, norm: str, doc_year: int | None) -> int | None:
        """A forward year printed in the title of a section around pos (innermost first)."""
        for s in self.chain(pos):
            if s.id in self.background_ids:
                return None
            if s.id not in self._title_years:        # each title is read once
                title = norm[s.title_span[0]:s.title_span[1]]
                fwd = [m for m in year_marks(norm, *s.title_span, doc_year) if m.kind == "forward" and m.year
                       ] if ("年" in title or "十" in title or "月" in title) else []   # every year word has one
                self._title_years[s.id] = fwd[-1].year if fwd else None
            if self._title_years[s.id] is not None:
                return self._title_years[s.id]
        return None

    def in_conditions(self, pos: int) -> bool:
        """Inside a section titled as applicants' conditions ("申报条件", "认定标准")."""
        return bool(self.condition_ids) and any(s.id in self.condition_ids for s in self.chain(pos))

    def in_background(self, pos: int) -> bool:
        return any(s.id in self.background_ids for s in self.chain(pos))

    def goal_span(self, pos: int) -> Span | None:
        for s in self.chain(pos):
            if s.id in self.goal_ids:
                return s.span
        return None


# ---------------------------------------------------------------------------------------------- stage

def extract_targets(t: Text, span: Span, sections: Sequence[SectionHit], tables: Sequence[TableHit],
                    *, doc_year: int | None = None) -> Found[TargetHit]:
    """Every committed quantity in the document `span`; spans index the original text."""
    hits: list[TargetHit] = []
    covered: list[Span] = []
    for tb in tables:
        rows = _table_targets(t, tb, doc_year)
        if rows is not None:
            hits.extend(rows)
            covered.append(tb.span)
    hits.extend(_prose_targets(t, span, sections, covered, doc_year))
    hits.sort(key=lambda h: (h.span[0], h.value_span[0]))
    warnings = tuple(Diagnostic(Code.TARGET_NO_YEAR, f"no deadline year for target {h.indicator!r}", h.value_span)
                     for h in hits if h.year is None)
    return Found(tuple(hits), warnings)


def _prose_targets(t: Text, span: Span, sections: Sequence[SectionHit], covered: list[Span],
                   doc_year: int | None) -> list[TargetHit]:
    """Targets in running text. One regex pass each for quantities, year mentions and forward words over
    the whole span; paragraphs and sentences then only look their items up (bisect), so the cost is
    linear in the text and the per-sentence work is spent on sentences that hold a quantity."""
    norm = t.norm
    secs = _Sections(sections)
    lex = _lex()
    out: list[TargetHit] = []
    annual = annual_scope(norm, span, sections, doc_year, secs)
    if annual is not None and doc_year is None:
        doc_year = annual.year                 # 今年 in an undated one-year plan: the title's year
    quantities = sorted(find_quantities(norm, *span) + _bare_values(norm, *span, lex), key=lambda q: q.span)
    conditions = condition_regions(norm, span, lex)
    if conditions or secs.condition_ids:               # applicants' thresholds are parameters, not targets
        cstarts = [c[0] for c in conditions]
        quantities = [q for q in quantities if not secs.in_conditions(q.span[0]) and not (
            (i := bisect.bisect_right(cstarts, q.span[0]) - 1) >= 0 and q.span[0] < conditions[i][1])]
    qpos = [q.span[0] for q in quantities]
    marks = year_marks(norm, *span, doc_year, annual=annual is not None,
                       period=plan_period(norm, _title_region(norm, span, sections)) if doc_year is None else None)
    mpos = [m.pos for m in marks]
    fwords = [m.start() for m in lex["forward_words"].finditer(norm, *span)]

    def between(pos: list[int], items: list, s: int, e: int) -> list:
        return items[bisect.bisect_left(pos, s):bisect.bisect_left(pos, e)]

    def has_fword(s: int, e: int) -> bool:
        return bisect.bisect_left(fwords, e) > bisect.bisect_left(fwords, s)

    goal_year: dict[Span, int | None] = {}     # last deadline seen inside each goal section
    for ps, pe in _paragraphs_at(norm, span, sorted(set(qpos) | set(mpos))):
        if any(c[0] <= ps < c[1] for c in covered):
            continue
        pq = between(qpos, quantities, ps, pe)
        pmarks = between(mpos, marks, ps, pe)
        gspan = secs.goal_span(ps) if (pq or pmarks) else None
        if not pq:
            years = [m.year for m in pmarks if m.kind == "forward" and m.year is not None]
            if gspan is not None and years:
                goal_year[gspan] = years[-1]
            continue
        para_year: int | None = None
        para_forward = False
        narrative = secs.in_background(ps) or (   # a paragraph of statistics, or a background section
            any(m.kind == "stats" for m in pmarks) and not any(m.kind == "forward" and not m.weak for m in pmarks)
            and not has_fword(ps, pe))
        if gspan is not None:
            para_year = goal_year.get(gspan)
            para_forward = True
            if para_year is None:
                para_year = secs.title_year(gspan[0], norm, doc_year)
        if para_year is None:                 # "三、2025年重点工作": a heading that sets the year
            para_year = secs.title_year(ps, norm, doc_year)
            para_forward = para_forward or para_year is not None
        background = secs.in_background(ps) or _opens_review(norm, ps, pe, doc_year, lex)
        narrative = narrative or background
        if para_year is None and annual is not None and ps >= annual.start and not background:
            para_year = annual.year               # a one-year plan: its commitments are that year's; a work
            para_forward = not annual.report      # report's plan part alone does not make every number a
                                                  # commitment (it also reports and explains)
        ctx: dict = {}
        stats_carry: YearMark | None = None   # a past year opening a sentence scopes it up to its 。
        for sm in SENTENCE_RE.finditer(norm, ps, pe):
            ss, se = sm.span()
            smarks = between(mpos, marks, ss, se)
            if any(m.weak for m in smarks) and (any(not m.weak and m.kind in ("forward", "stats") for m in smarks)
                                                or lex["stats"].search(norm, ss, se)):
                smarks = [m for m in smarks if not m.weak]     # "到2027年，全年…": the sentence's own year;
                                                               # "全年…同比提高": a finished year's figure
            opens_stats = bool(smarks) and smarks[0].kind == "stats" and len(norm[ss:smarks[0].pos].strip()) <= 6
            if stats_carry is not None and not opens_stats and not any(
                    m.kind == "forward" and not m.weak for m in smarks):
                smarks = [YearMark(ss, ss, "stats", stats_carry.year)] + [m for m in smarks if not m.weak]
            stats_carry = ((smarks[0] if opens_stats else stats_carry) if norm[se - 1:se] == ";" else None)
            if background:                    # "“十三五”时期…达到65%" in 发展基础 is history
                smarks = [m if m.explicit or m.kind != "forward" else YearMark(m.pos, m.end, "stats", m.year)
                          for m in smarks]
            fwd = [m for m in smarks if m.kind == "forward"]
            sent_forward = bool(fwd) or (not background and has_fword(ss, se))
            qs = [q for q in between(qpos, quantities, ss, se) if q.span[1] <= se]
            if qs:
                # in a work report's plan part, a sentence without a deadline or forward word of its own
                # keeps only the quantities a commitment governs ("新增农村沼气用户500万户", not "全国有24万多户…")
                out.extend(_judge_sentence(t, ss, se, qs, smarks, sent_forward or para_forward,
                                           para_year, lex, narrative and not sent_forward, ctx))
            years = [m.year for m in fwd if m.year is not None and not m.weak]
            if fwd and not all(m.weak for m in fwd):
                para_forward = True
                if years:
                    para_year = years[-1]
            if gspan is not None and years:
                goal_year[gspan] = years[-1]
    return out


def _paragraphs_at(norm: str, span: Span, points: list[int]):
    """The non-blank lines (paragraphs) holding at least one of the sorted `points`, each once, in order.
    Lines without a quantity or a year are never visited: the cost follows the points, not the lines."""
    lo, hi = span
    i, n = 0, len(points)
    while i < n:
        p = points[i]
        s = norm.rfind("\n", lo, p) + 1                 # search \r only inside the \n-line: each search
        s = max(s, lo, norm.rfind("\r", max(s, lo), p) + 1)   # stays within one line (no O(n) rescans)
        e = norm.find("\n", p, hi)
        e = hi if e < 0 else e
        r = norm.find("\r", p, e)
        e = r if r >= 0 else e
        ps, pe = strip_span(norm, (s, e))
        if ps < pe:
            yield ps, pe
        while i < n and points[i] < e + 1:
            i += 1


def _clauses(norm: str, ss: int, se: int) -> list[Span]:
    """Comma/colon clauses of a sentence; commas inside brackets do not split."""
    if not BRACKET_RE.search(norm, ss, se):              # the common case: one regex pass
        out, start = [], ss
        for m in CLAUSE_SPLIT_RE.finditer(norm, ss, se):
            out.append((start, m.start()))
            start = m.end()
        out.append((start, se))
        return [c for c in out if c[0] < c[1]]
    out, start, depth = [], ss, 0
    for m in CLAUSE_OR_BRACKET_RE.finditer(norm, ss, se):    # only the characters that matter
        i, ch = m.start(), m.group()
        if ch in "(“[":
            depth += 1
        elif ch in ")”]" and depth:
            depth -= 1
        elif depth == 0 and ch in ",:;。!?|\t":
            out.append((start, i))
            start = i + 1
    out.append((start, se))
    return [c for c in out if c[0] < c[1]]


def _judge_sentence(t: Text, ss: int, se: int, qs: list[Quantity], marks: list[YearMark],
                    forward: bool, para_year: int | None, lex, narrative: bool = False,
                    ctx: dict | None = None) -> list[TargetHit]:
    """The targets of one sentence. `ctx` carries the last indicator of the paragraph across sentences."""
    ctx = {} if ctx is None else ctx
    norm = t.norm
    out: list[TargetHit] = []
    last_subject = ""
    clauses = _clauses(norm, ss, se)
    reward = lex["reward"].search(norm, ss, se)
    reward_at = reward.start() if reward else se      # clauses before a reward clause are its conditions
    for cs, ce in clauses:
        cq = [q for q in qs if cs <= q.span[0] < ce]
        ctext = norm[cs:ce]
        if not cq:
            ind = clean_indicator(ctext)
            if ind and not last_subject and not _R(r"\d").search(ind):
                last_subject = _subject(ind)          # "服务业增加值规模不断扩大，占…比重45%左右"
            continue
        policy = bool(lex["policy"].search(norm, cs, ce) or FUND_SIZE_RE.search(norm, cs, ce))
        clause_fwd = any(m.kind == "forward" and cs <= m.pos < ce for m in marks)
        stats_word = any(m.group() != "期间" or not clause_fwd    # "今年迎峰度夏期间": a forward period
                         for m in lex["stats"].finditer(norm, cs, ce))
        prev_end = cs
        post_end: int | None = None
        baseline: Quantity | None = None
        accepted_end: int | None = None
        modified_from: int | None = None
        for k, q in enumerate(cq):
            qs_, qe = q.span
            pre = norm[prev_end:qs_]
            seg_start = prev_end
            prev_end = qe
            if post_end is not None and post_end <= qs_:
                seg_start = post_end                       # "建成5家A、100家B": B's text starts after A
            after = norm[qe:ce]
            # -- exclusions --------------------------------------------------------------------------
            if policy or stats_word:
                continue
            if _is_stat(marks, qs_, cs, forward):
                continue
            if q.unit in ("次", "轮") and _R(r"每(?:[一二两三四五\d]{1,2}个?)?(?:年|季度|半年|月|周)").search(norm, cs, qs_):
                continue                                       # "每年至少开展一次评估": a frequency duty
            if SCOPE_SUM_RE.search(norm, max(ss, qs_ - 64), qs_):
                continue                                       # "改造范围:…共计36个小区、4800户"
            if lex["text_nouns"].match(after):
                continue                                       # "23项扶持政策" describes the text
            if _R(r"(?:由|从|自)\s?$").search(norm[max(cs, qs_ - 2):qs_]):
                prev_end = seg_start                           # "由12个工作日…" is the baseline of the next
                baseline = q
                continue
            nxt = cq[k + 1] if k + 1 < len(cq) else None
            if nxt is not None and _is_modifier(norm, q, nxt, lex):
                modified_from = qs_                            # the words before the modifier
                continue
            if after.startswith("的") and k > 0 and not _R(r"[、,和及]").search(norm[cq[k - 1].span[1]:qs_]):
                continue                                       # "建成20个年交易额超10亿元的市场群"
            if q.chinese and not (forward and (q.span[1] - q.span[0] - len(q.unit) >= 2 or
                                               lex["objverb_tail"].search(norm, max(cs, qs_ - 4), qs_))):
                continue                                       # "三个作用": 一/两/三 + unit only after a verb
            gap = _R(r"\([^()]{0,80}\)").sub("", norm[accepted_end:qs_]) if accepted_end is not None else ""
            listed = accepted_end is not None and _R(r"[^,;]{0,10}、[^,;]{0,10}").fullmatch(gap)
            continued = bool(out) and q.qualifier != "point"   # "形成5—10家…企业，服务中小外贸企业2000家以上"
            if modified_from is not None:                      # "培育年收入超1亿元的龙头企业10家": the verb
                pre, modified_from = norm[cs:modified_from], None  # governs across its modifier
            if not forward and (narrative or not (listed or continued
                                                  or _governed(norm, q, pre, cs, lex, plan=para_year is not None))):
                continue                                       # "实现市级90%以上、区县级70%以上…"
            if ce <= reward_at < se:
                continue                                       # a condition of the reward that follows
            # -- indicator ---------------------------------------------------------------------------
            ind_span = _indicator_span(norm, seg_start, qs_, qe, ce, lex)
            post_end = ind_span[1] if ind_span[0] >= qe else None
            ind = _clean_out(t, ind_span)
            rate = lex["rate_tail"].search(norm, max(cs, qs_ - 3), qs_) if q.unit in ("%", "个百分点") else None
            if rate and ind and not ind.endswith(rate.group().strip()) and ind_span[1] <= rate.start():
                ind += t.raw[rate.start():rate.start() + len(rate.group().strip())]   # "资费降低15%": a change
            if not ind and ctx.get("last") and q.unit == ctx.get("unit"):
                ind = ctx["last"]                              # "到2035年，达到70%": the same indicator again
            elif _is_elliptic(ind) and last_subject and not ind.startswith(last_subject):
                ind = last_subject + ind                       # the subject of this clause group comes first:
            elif 0 < len(ind) <= 2 and ctx.get("last", "").endswith(ind):   # no filling across ;/。 then
                ind = ctx["last"]                              # "…客户办电环节至4个…，进一步压减环节至3个"
            if ind and not _is_elliptic(ind) and ind_span[1] <= qs_:
                last_subject = _subject(ind)
            if not ind:
                continue
            year = _year_for(marks, qs_, para_year)
            base = Baseline(None, float(baseline.value)) if baseline and baseline.unit == q.unit else None
            baseline = None
            verb_from = ind_span[1] if cs <= ind_span[1] <= qs_ else cs   # the words between indicator and value
            out.append(_hit(t, (cs, ce), q, year, ind, norm[verb_from:qs_], lex, base))
            ctx["last"], ctx["unit"] = ind, q.unit
            accepted_end = qe
    return out


def _governed(norm: str, q: Quantity, pre: str, cs: int, lex, *, plan: bool = False) -> bool:
    """Without a deadline around, a quantity is a target only when a commitment governs it:
    an object verb right before it ("建成3—5个"), a change verb ("压减…至4个"), a qualified value
    after a linking verb ("满意度达85%以上"), or, in a plan part with a year (a work report's part about
    this year), a committing verb before a plain value ("回收利用率达到40%")."""
    qs = q.span[0]
    if lex["objverb_tail"].search(norm, max(cs, qs - 6), qs):
        return True
    if lex["change"].search(pre):
        return True
    if len(pre) <= 16 and lex["objverb_lead"].match(clean_indicator(pre)):
        return True                                   # "建成5G基站10万座": a verb-led clause
    if plan and lex["commit"].search(pre):
        return True
    return q.qualifier != "point" and bool(lex["link"].search(pre) or _prefix_qualifier(norm, qs, cs, lex))


def _is_stat(marks: list[YearMark], pos: int, cs: int, forward: bool) -> bool:
    """A stats year in the clause, or before the quantity in a sentence without any deadline."""
    before = [m for m in marks if m.pos < pos and m.kind in ("stats", "forward")]
    return bool(before) and before[-1].kind == "stats"     # "2021年，全省…为2.3万亿元": the sentence's own year


def _is_modifier(norm: str, q: Quantity, nxt: Quantity, lex) -> bool:
    """q sits in the subject of nxt: "营业收入超10亿元的…企业达15家", "1亿元以上物流企业达到100家"."""
    between = norm[q.span[1]:nxt.span[0]]
    if _R(r"、[^,;、\d]{1,16}的[^,;、\d]{1,30}$").match(between):
        return True                           # "收入超1亿元、带动能力强的龙头企业12家": two modifiers
    if _R(r"[、,和及与;]").search(between) or not between:
        return False                          # a list: "1个A、15个B"
    if lex["link"].search(between) or _R(r"有\s?$").search(between):
        return True                           # "…1亿元以上物流企业达到100家"
    if (_R(r"(?:及)?以[上下]$").search(norm, q.span[0], q.span[1]) and nxt.unit != q.unit
            and _R(r"[^\d,;。、的]{1,8}").fullmatch(between)):
        return True                           # "实施500万元以上项目1500个": a size class of what is counted
    before = norm[max(0, q.span[0] - 4):q.span[0]]
    return not (lex["objverb_tail"].search(before) or lex["link"].search(before))   # "超百亿元企业10家"


def _indicator_span(norm: str, seg: int, qs: int, qe: int, ce: int, lex) -> Span:
    """Where the indicator is printed: before the quantity, or after it ("建成20个智能工厂")."""
    raw_pre = norm[seg:qs]
    chg = lex["change"].search(raw_pre)
    if chg:                                   # "将企业开办流程简化为A、B、C 3个环节": the subject before the verb
        head = clean_indicator(raw_pre[:chg.start()])
        objv = lex["objverb_head"].match(head)
        if objv and objv.end() < len(head):     # "推动测试道路扩展至200公里": the road, not the push
            head = head[objv.end():]
        if head:
            i = norm.rfind(head, seg, seg + chg.start())
            if i >= 0:
                return (i, i + len(head))
        tail = clean_indicator(_R(r"(?:至|到|为|在)\s?$").sub("", raw_pre[chg.end():]))
        if tail:                              # "分别压减高、低压客户办电环节至4个": the object after it
            i = norm.rfind(tail, seg + chg.end(), qs)
            if i >= 0:
                return (i, i + len(tail))
    pre = clean_indicator(raw_pre)
    objv = lex["objverb_head"].match(pre)
    if objv:
        pre = pre[objv.end():]
    if QUANTIFIER_ONLY_RE.fullmatch(pre):
        pre = ""                              # "完成全部1250户的竣工验收": what is done follows the value
    elif BENEFICIARY_RE.fullmatch(pre):
        pre = ""                              # "年内向5000户家庭提供…": a preposition alone is no indicator
    has = pre.endswith("有")                  # "其他领域有15个以上标志性项目落地": pre + post
    verb_led = pre if objv and not _is_elliptic(pre) else ""   # "完成高标准农田建设20万亩": when nothing
    if pre.endswith("等") or lex["objverb_tail"].search(pre):   # follows the unit, the object is before it
        pre = ""                              # "新增A、B等5家基地", "在高校重新认定30家中心": the noun follows
    elif DISTRIBUTIVE_RE.match(pre) and lex["objverb_tail"].search(raw_pre.rstrip()):
        pre = ""                              # "每个地级市至少建成1个公共实训基地": the scope, not what is counted
    if pre and not _is_elliptic(pre) and not has:
        i = norm.rfind(pre, seg, qs)
        return (i, i + len(pre)) if i >= 0 else (seg, qs)
    # post-nominal: the noun phrase after the unit, up to the clause end (or a verb that closes it)
    m = _R(r"[^,;。]{1,60}").match(norm[qe:ce])
    if not m:
        pre = pre or verb_led
        return (qs, qs) if not pre else (norm.rfind(pre, seg, qs), norm.rfind(pre, seg, qs) + len(pre))
    post = m.group()
    lead = _R(r"(?:规模)?的").match(post)               # "1万坐席规模的服务外包基地"
    if lead:
        qe, post = qe + lead.end(), post[lead.end():]
    # An age or size class of the people counted is no part of what is done: "为10万名65岁以上老年人…"
    # (anchored, bounded digits; the class stays in the text, the indicator starts at the noun).
    age = AGE_CLASS_RE.match(post)
    if age and age.end() < len(post):
        qe, post = qe + age.end(), post[age.end():]
    # "为N名X免费开展健康体检": a service done for the people counted; the indicator is what is done
    # (the whole phrase after the value), so 开展/推行 do not end it here.
    if not pre and BENEFICIARY_RE.search(raw_pre):
        cut = _R(r"[、和及](?=\d)").search(post)
    else:
        cut = _R(r"(?:的?(?:规模|落地|入驻|上云上平台)|开展|推行|[、和及](?=\d))").search(post)
    s = qe
    e = qe + (cut.start() if cut and cut.start() > 0 else len(post))
    if pre and not has:
        i = norm.rfind(pre, seg, qs)
        if i >= 0:
            return (i, i + len(pre))
    return (s, e)


def _clean_out(t: Text, span: Span) -> str:
    """The indicator as printed, cleaned the same way as the normalised copy."""
    s, e = span
    if s < 0 or e <= s:
        return ""
    norm = t.norm[s:e]
    cleaned = clean_indicator(norm)
    if not cleaned:
        return ""
    i = norm.find(cleaned)
    return t.raw[s + i:s + i + len(cleaned)] if i >= 0 else cleaned


def _year_for(marks: list[YearMark], pos: int, para_year: int | None) -> int | None:
    fwd = [m for m in marks if m.kind == "forward" and not (m.weak and para_year is not None)]
    before = [m for m in fwd if m.pos < pos]
    for m in reversed(before):
        if m.year is not None:
            return m.year
    if before:                              # "3年内" / "今年" in an undated document
        return None
    after = [m for m in fwd if m.year is not None]
    if after:
        return after[0].year
    return para_year


def _hit(t: Text, clause: Span, q: Quantity, year: int | None, indicator: str, before: str, lex,
         baseline: Baseline | None = None) -> TargetHit:
    mult, base = split_multiplier(q.unit)
    if q.unit in ("万亿", "亿", "万"):
        mult, base = {"万亿": 1e12, "亿": 1e8, "万": 1e4}[q.unit], ""
    if base.startswith("个") and len(base) > 1 and base != "个百分点":
        base = base[1:]
    value = q.value
    normalized = (float(value) * mult, base) if base or mult != 1 else None
    d = None
    for m in lex["direction_re"].finditer(before[-12:] if before else ""):
        d = lex["direction"][m.group()]
    if q.unit == "倍":
        d = "increase"
    if "比重" in indicator or "占比" in indicator or "比例" in indicator or indicator.endswith("率"):
        kind = "share"
    elif any(indicator.endswith(g) or g in indicator[-4:] for g in GROWTH_HEADS):
        kind = "growth"
    elif q.unit == "倍" or (d == "decrease" and q.unit == "%"):
        kind = "change"
    elif base in ("家", "个", "所", "座", "条", "栋", "项", "件", "名", "人", "人次", "户", "次", "种", "坐席"):
        kind = "count"
    else:
        kind = "level"
    cs, ce = strip_span(t.raw, clause, " \t\u3000，,：:；;。")
    # The clause split stops at a tab, while a quantity may run across one ("15\t个"): the quoted clause
    # always covers the quantity it reports.
    cs, ce = min(cs, q.span[0]), max(ce, q.span[1])
    return TargetHit(span=(cs, ce), value_span=q.span, year=year, indicator=indicator, value=value,
                     value_max=q.value_max, unit=_unit_out(t, q),
                     qualifier=q.qualifier, normalized=normalized, direction=d, baseline=baseline, kind=kind)


def _unit_out(t: Text, q: Quantity) -> str:
    """The unit as printed (from raw, at the position the normalised match found it)."""
    raw = t.raw[q.span[0]:q.span[1]]
    norm = t.norm[q.span[0]:q.span[1]]
    i = norm.rfind(q.unit)
    return raw[i:i + len(q.unit)] if i >= 0 else q.unit


# ---------------------------------------------------------------------------------------------- tables

TARGET_COL_RE = regex.compile(r"(?P<year>(?:19|20)\d{2})\s?年?\s?(?:目标|预期|规划)|^目标值?$|目标值")
BASE_COL_RE = regex.compile(r"(?P<year>(?:19|20)\d{2})\s?年?\s?(?:基数|基期|现状|基准|实际)|^基数$|基期值")
YEAR_COL_RE = regex.compile(r"^((?:19|20)\d{2})\s?年?(?:\(.{0,8}\))?$")    # "2025年", "2025年(预计)"
UNIT_IN_NAME_RE = regex.compile(r"\([^()]{1,10}\)$")                         # "地区生产总值(亿元)"
CELL_RE = regex.compile(rf"""
    ^\s?(?P<pre>[≥>≤<]|约|不低于|不少于|超过|不超过|不高于)?\s?
    (?P<open>[(\[〔【])?\s?                # "〔5〕" "[5]" "(5)": a 规划 table's 5-year cumulative figure
    (?P<num>{ARABIC})(?:\s?[—–~～\-]\s?(?P<max>{ARABIC}))?
    \s?(?P<unit>[^\d\s()\[\]〔〕【】]{{0,8}}?)
    (?(open)\s?[)\]〕】])                  # a bracket opened must close (no bracket inside the unit)
    (?P<suffix>左右|以上|以内|以下)?\s?$
    """, regex.VERBOSE)                      # anchored, every repeat bounded: linear
CELL_PRE = {"≥": "at_least", ">": "at_least", "≤": "at_most", "<": "at_most", "约": "approx",
            "不低于": "at_least", "不少于": "at_least", "超过": "at_least", "不超过": "at_most",
            "不高于": "at_most"}


def _table_targets(t: Text, tb: TableHit, doc_year: int | None) -> list[TargetHit] | None:
    """Targets from an indicator table's target column; None when the table has no such column."""
    cols = [normalize(c or "").replace(" ", "") for c in tb.columns]
    if not tb.rows:
        return None
    tcol = next((i for i, c in enumerate(cols) if TARGET_COL_RE.search(c)), None)
    bcol = next((i for i, c in enumerate(cols) if BASE_COL_RE.search(c)), None)
    year = byear = None
    if tcol is not None:
        ym = TARGET_COL_RE.search(cols[tcol])
        year = int(ym.group("year")) if ym and ym.group("year") else None
    else:                                     # 规划 tables: "2020年 | 2025年": the later year is the target
        years = [(int(m.group(1)), i) for i, c in enumerate(cols) if (m := YEAR_COL_RE.match(c))]
        if len(years) < 2 and not (years and doc_year and years[0][0] > doc_year):
            return None
        year, tcol = max(years)
        if len(years) >= 2 and bcol is None:
            byear, bcol = min(years)
    if bcol is not None and byear is None:
        bm = BASE_COL_RE.search(cols[bcol])
        byear = int(bm.group("year")) if bm and bm.group("year") else None
    icol = next((i for i, c in enumerate(cols) if "指标" in c and "类" not in c and "属性" not in c),
                next((i for i, c in enumerate(cols) if c in ("项目", "名称", "内容")), None))
    if icol is None:
        return None
    ucol = next((i for i, c in enumerate(cols) if c in ("单位", "计量单位")), None)
    out = []
    for r, row in enumerate(tb.rows):
        cell = lambda i: (row[i] if i is not None and i < len(row) and row[i] else "").strip()
        val = CELL_RE.match(normalize(cell(tcol)))
        ind = cell(icol)
        if not val or not ind:
            continue
        unit_in_name = UNIT_IN_NAME_RE.search(normalize(ind)) if ucol is None else None
        if unit_in_name:                      # "地区生产总值（亿元）": the unit is printed in the name
            ind, name_unit = ind[:unit_in_name.start()].rstrip(), ind[unit_in_name.start() + 1:-1]
        else:
            name_unit = ""
        v = parse_number(val.group("num"))
        vmax = parse_number(val.group("max")) if val.group("max") else None
        unit = cell(ucol) or name_unit or val.group("unit") or ""
        if val.group("unit") and not cell(ucol) and not name_unit:
            unit = val.group("unit")
        qual = ("range" if vmax is not None else
                {"左右": "approx", "以上": "at_least", "以内": "at_most", "以下": "at_most"}.get(val.group("suffix") or "")
                or CELL_PRE.get(val.group("pre") or "", "point"))
        base = None
        if bcol is not None:
            bv = CELL_RE.match(normalize(cell(bcol)))
            if bv:
                base = Baseline(byear, float(parse_number(bv.group("num"))))
        rspan = tb.row_spans[r] if r < len(tb.row_spans) else tb.span
        vspan = _cell_span(t, rspan, [cell(i) for i in range(len(row))], tcol)
        mult, bunit = split_multiplier(unit)
        if bunit.startswith("个") and len(bunit) > 1 and bunit != "个百分点":
            bunit = bunit[1:]
        kind = "share" if (unit == "%" and ("比重" in ind or "率" in ind or "占比" in ind)) else "level"
        out.append(TargetHit(span=rspan, value_span=vspan, year=year, indicator=ind, value=v, value_max=vmax,
                             unit=unit, qualifier=qual, normalized=(float(v) * mult, bunit),
                             direction=None, baseline=base, kind=kind))
    return out


def _cell_span(t: Text, rspan: Span, cells: list[str], col: int) -> Span:
    """Span of cell `col` inside the row, found by walking the cells in order through the row text."""
    cur = rspan[0]
    for i, c in enumerate(cells):
        if not c:
            continue
        j = t.raw.find(c, cur, rspan[1])
        if j < 0:
            continue
        if i == col:
            return (j, j + len(c))
        cur = j + len(c)
    return rspan
