"""Deadlines and other year mentions, relative deadlines (今年/年底前/十四五) and plan periods, classified
(YearMark). The parts of a document a year scopes (a one-year plan, a work report's plan part) are in parts.py."""
from __future__ import annotations

import re
from typing import NamedTuple

import regex

from ..docyear import plan_period_end
from ..lexicons import RE_DIGIT, RE_SPACE
from ..numerals import YEAR_DIGITS, cn_to_number, year_value
from .firsts import near_words
from .vocab import vocab  # noqa: F401 (doctests)

# the n-th five-year plan (十n五) ends in 1955 + 5n: 十二五 2015, 十三五 2020, 十四五 2025, 十五五 2030
# One grammar for a five-year plan's name: 十一五…十七五 anywhere; the older 六五/七五/八五/九五 and 十五 only in
# quotes or before 计划/时期/期间/规划 (bare, they are numbers: "十五个", "七五折"). The period ends in
# plan_period_end(name without its 五): 十四五 -> 2025, 十一五 -> 2010, 十五 -> 2005, 七五 -> 1990. Reports of the
# 1980s and 1990s spell the name out: "第六个五年计划期间" (the 6th: 1985), "第七个五年计划" (1990).
PLAN_NAME = r"""(?:十[一二三四五六七]五
               |(?<=[“"])(?:[六七八九]|十)五(?=[”"])
               |(?:[六七八九]|十)五(?=计划|时期|期间|规划|期末)
               |第[一二三四五六七八九十]{1,3}个五年(?=计划))"""
_LONG_PLAN_RE = regex.compile(r"第(?P<n>[一二三四五六七八九十]{1,3})个五年")


def century_year(phrase: str, doc_year: int | None) -> int | None:
    """The year "本世纪末" / "本世纪中叶" / "世纪之交" names in a document of `doc_year`.

    >>> century_year("本世纪末", 1985), century_year("本世纪中叶", 2021), century_year("本世纪末", None)
    (2000, 2050, None)
    """
    if doc_year is None:
        return None
    if doc_year < 2000:
        return 2000 if phrase != "本世纪中叶" else 1950
    return {"本世纪末": 2100, "本世纪中叶": 2050}.get(phrase, 2000)


def plan_end(name: str) -> int | None:
    """The last year of the plan `name` (a PLAN_NAME match).

    >>> plan_end("十四五"), plan_end("十一五"), plan_end("十五"), plan_end("七五"), plan_end("第六个五年")
    (2025, 2010, 2005, 1990, 1985)
    """
    long = _LONG_PLAN_RE.match(name)
    return plan_period_end(long.group("n") if long else name[:-1])



YEAR_RE = regex.compile(r"""
    (?<![\d—–~\-〇○零一二三四五六七八九十])            # not the end of a period "2019—2022年"
    (?P<year>""" + YEAR_DIGITS + r""")\s?年              # 2025年, 一九九○年, OCR "1 9 9 0 年"
    (?:\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?            # "2019年12月31日前"
      | (?:主汛期|梅汛期|台汛期|汛期|春节|年中|上半年|下半年|[一二三四]季度)(?=前|以前|之前)   # "2020年主汛期前"
    )?
    (?P<post>底前|末前|年底前|底以前|以前|之前|前|底|末|以来|起|开始|初|的?基础上|水平上)?
    """, regex.VERBOSE)
# an undated plan's schedule: a year, then the step it takes ("2016年启动…", "2018年全面推广…"): bounded
UNDATED_PLAN_VERB_RE = regex.compile(r"[,，]?\s?(?:全面|进一步|基本|力争|要|将)?(?:启动|建成|完成|实现|培育|推广|扩大|达到|形成|覆盖)")
# A deadline whose four digits name no year of a modern plan (a copy's garbled digits: "到8985年", "0403年底前"):
# still a deadline — it governs its values and stops an earlier year from dating them — but its year is null
# (after 到/至, or before 底前/以前/之前/前; the two ways in one group before the digits they share: a scan
# the engine runs 8 times faster than an alternation of two lookbehind-led branches)
GARBLED_DEADLINE_RE = regex.compile(r"""(?:(?<=到|至)\s?                                  # "到8985年"
                                         |(?<![\d.])(?=\d{4}\s?年(?:底前|以前|之前|前)))   # "0403年底前"
                                        (?![12][09]\d{2})\d{4}\s?年""", regex.VERBOSE)
# Where YEAR_RE and GARBLED_DEADLINE_RE may match: supersets of their starts (docs/architecture.md, "Fast searches";
# \d and \s spelt as `regex` reads them, lexicons.RE_DIGIT / RE_SPACE). A year: its first character (1 2 一 二) not
# inside a number or a period, then the rest of a year (Arabic, letter-spaced or Chinese) and 年. A garbled
# deadline: a space (a line break too: [\s\S], not .) or digit right after 到/至, or a digit not inside a number
# before three more and 年.
YEAR_AT_RE = re.compile(
    rf"[12一二](?<![0-9—–~\-〇○零一二三四五六七八九十].)"
    rf"(?=[{RE_DIGIT}]{{3}}[{RE_SPACE}]?年|[ ][{RE_DIGIT}][ ][{RE_DIGIT}][ ][{RE_DIGIT}][{RE_SPACE}]?年"
    rf"|[〇○零九一二三四五六七八][〇○零一二三四五六七八九]{{2}}[{RE_SPACE}]?年)")
GARBLED_AT_RE = re.compile(
    rf"[{RE_SPACE}{RE_DIGIT}](?:(?<=[到至][\s\S])|(?<=[{RE_DIGIT}])(?<![0-9.].)(?=[{RE_DIGIT}]{{3}}[{RE_SPACE}]?年))")
# Every match of YEAR_RE and of GARBLED_DEADLINE_RE holds a 年 4 to `reach` characters after its start (the year's
# digits, a space, 年; a garbled deadline's may start at the space after 到), so both are tried only at their
# prefilter's candidates that far before a 年, which a literal scan finds far faster than either prefilter's
# character class (`_before_nian`).
NIAN_RE = re.compile("年")
# A garbled deadline's digits are no modern year ((?![12][09]\d{2})): a 年 right after "19xx"/"20xx" (or "10xx",
# "29xx") ends none (its digits are that year, and no space comes between them and 年).
MODERN_CENTURIES = frozenset(("19", "20", "10", "29"))
YEAR_REACH = 8                    # "1 9 9 3 年": 7 characters, a space, 年
GARBLED_REACH = 6                 # "到 8985 年": the match starts at the space after 到
HORIZON_NAME_RE = regex.compile(r"\s?的?(?:远景目标|远景规划|愿景)")   # right after a bare year: a plan's name
PRICE_BASIS_RE = regex.compile(r"\s?的?(?:不变价|可比价|价格)")   # right after a bare year
PLAN_OF_YEAR_RE = regex.compile(r"\s?度?\s?的?\s?\p{Han}{0,4}?(?:计划|主要目标|预期目标|目标|任务|工作安排)")   # after a bare year: "2024年度资助计划"
EVENT_TIME_RE = regex.compile(r"\s?\d{1,2}\s?(?:时|点)(?!前|以前|之前)")   # the hour after a full date
# A year inside the name of a goal or plan that a verb takes as its object: "落实2030年应对气候变化国家自主
# 贡献目标", "制定2030年前碳排放达峰行动方案", "对标(锚定)2035年远景目标". It names the goal; it is no deadline
# of the sentence or of the text after it. Verb right before the year; the name bounded, one clause.
NAMING_VERB_RE = regex.compile(r"(?:落实|制定|编制|出台|印发|实施|对标|对接|围绕|服务|服从|衔接|锚定|瞄准|对照"
                               r"|考虑了?|着眼于?)\s?$")     # "充分考虑了2035年…的阶段性要求": context, no deadline
GOAL_BY_RE = regex.compile(r"(?:根据|按照|围绕|对照|为了|为)到?\s?$")   # "根据到本世纪末…的目标"
NAMED_GOAL_RE = regex.compile(r"[^,;。:!?\n“”]{0,24}?(?:目标|行动方案|方案|规划|纲要|议程|愿景|战略|要求|需要)")
YEAR_PRE_WORDS = ("力争到", "力争至", "展望到", "截止到", "展望", "截至", "截止",   # longest first
                  "到", "至", "较", "比", "与", "同", "自", "从", "于")
YEAR_PRE_SET = frozenset(YEAR_PRE_WORDS)       # (1 to 3 characters each)
YEAR_PHRASE_RE = regex.compile("(?:" + "|".join(YEAR_PRE_WORDS) + r")?\s?" + YEAR_RE.pattern, regex.VERBOSE)

# Relative deadlines and plan periods: one pattern per kind (RELATIVE_PARTS, scanned separately: each
# starts with a plain character set the engine can skip to, which an alternation of lookbehinds defeats)
# and their alternation RELATIVE_RE (to cut them out of short indicator strings). Beside each, the words one of
# which every match holds, starting at most `back` characters after the match's start: a kind is tried only at
# the positions up to `back` before one of its words (`firsts.near_words`: str.find is much cheaper than a pass of a
# pattern that opens with a look-behind, which `regex` tries at every position).
RELATIVE_PARTS = (
    ("this", r"(?<![\d年])(?P<this>今年|本年度|本年|年内|年底前|当年)(?!以来)",   # not the 年底前 of "2019年底前"
     ("今年", "本年", "年内", "年底前", "当年"), 0),
    ("this", r"(?<![\d年去上前])(?P<end>年底)(?!前|以来)", ("年底",), 0),   # "到年底": not 2019年底, 去年底, 上年底
    ("this", r"(?<![\d年])(?P<month>\d{1,2}月(?:底|\d{1,2}日)?(?:前|以前))", ("月",), 2),   # "6月底前" is this year
    ("whole", r"(?<![\d年])(?P<whole>全年)(?!以来)", ("全年",), 0),  # "全年完成…100个": this year, in a one-year plan
    ("next", r"(?P<next>明年|下一年)", ("明年", "下一年"), 0),
    ("century", r"(?P<century>本世纪末|本世纪中叶|世纪之交)", ("世纪",), 1),   # "到本世纪末…翻两番" in a 1985 report
    ("plan", r"(?P<plan>" + PLAN_NAME + r")[”\"]?(?P<plan_post>计划期间|计划时期|计划期末|时期|期间|末|规划期|期末)?",
     ("五",), 5),                                   # "第十一个五年计划": 五 is at most 5 characters in
    ("ahead", r"(?:今后|未来)(?P<ahead>[二三两四五六七八九十]|\d)年(?!来|前|以前)", ("今后", "未来"), 0),   # "今后五年"
    ("within", r"(?<![\d一二三两四五六七八九十])(?P<within>[一二三两四五六七八九十\d]{1,2}年(?:内|左右时间|时间))",
     ("年内", "年时间", "年左右时间"), 2),
)                                                    # "3年内": forward, year unknown
RELATIVE_RE = regex.compile("|".join(p for _, p, _, _ in RELATIVE_PARTS), regex.VERBOSE)
# A plan period as the baseline of a change: "较“十四五”末", "比十三五期末" (cut out of indicators; bounded).
PLAN_BASE_RE = regex.compile(r"(?:较|比|与|同)\s?[“\"]?" + PLAN_NAME + r"[”\"]?(?:时期|期间|规划期末|期末|末)?(?:相比)?",
                             regex.VERBOSE)
# A plan period that names a year's place in it ("今年是“十四五”开局之年", "“十三五”收官之年"): the year
# meant is this one (今年, the document's year), not the period's end. Anchored after the plan, bounded {0,4}.
PLAN_YEAR_NAME_RE = regex.compile(r"[”\"]?\s?(?:规划)?(?:的)?[^,;。]{0,4}?(?:开局|收官|关键|起步|决胜|攻坚|冲刺|承上启下|谋篇布局|"
                                  r"全面推进|深化|落实)[^,;。]{0,2}?之年")
# A plan period whose start or end a sentence marks ("确保“十五五”良好开局", "“十四五”开好局起好步", "推动“十四五”规划圆满
#收官", "完成国家“十五五”考核目标"): context, not a deadline (SPEC §4). Anchored after the plan, bounded.
PLAN_MILESTONE_RE = regex.compile(r"[”\"]?\s?(?:规划)?(?:时期|期间)?[^,;。]{0,6}?(?:开局|开好局|起好步|开门红|收官|考核目标)")
# a plan period naming the plan itself ("“十三五”规划", "十四五规划纲要"): context, not a deadline (SPEC §4)
PLAN_NAMED_RE = regex.compile(r"[”\"]?\s?规划")
# the period a sentence prepares for: "为“十五五”开好局奠定基础", "为第七个五年计划期间…创造更好的条件"
# (after 为 + a plan period; one clause, bounded)
PREPARES_RE = regex.compile(r"[^,，;；。]{0,24}?(?:奠定|打下|创造|做好准备|开好局|起好步)")
_RELATIVE_SCANS = tuple((kind, regex.compile(p, regex.VERBOSE), words, back) for kind, p, words, back in RELATIVE_PARTS)
# every word some kind needs, as one search: a span holding none of them holds no relative year (a title, a clause)
RELATIVE_ANY_RE = re.compile("|".join(sorted({re.escape(w) for _, _, words, _ in RELATIVE_PARTS for w in words},
                                              key=lambda w: (-len(w), w))))


def _before_nian(at_re: re.Pattern, pattern: regex.Pattern, reach: int, norm: str, start: int, end: int,
                 garbled: bool = False):
    """`pattern`'s matches in norm[start:end] as `lexicons.prefiltered(at_re, pattern, …)` finds them (its search's),
    for a pattern each of whose matches holds a 年 4 to `reach` characters after its start: `pattern` is tried only
    at the candidates `at_re` finds in the `reach` characters before each 年 (up to 4 before it), in order.
    `garbled`: the pattern is GARBLED_DEADLINE_RE, which no 年 printed right after a modern year ("2025年") ends.

    >>> [m.group() for m in _before_nian(YEAR_AT_RE, YEAR_RE, YEAR_REACH, "2024年、2025年底前,1 9 9 3 年", 0, 24)]
    ['2024年', '2025年底前', '1 9 9 3 年']
    >>> [m.group() for m in _before_nian(GARBLED_AT_RE, GARBLED_DEADLINE_RE, GARBLED_REACH, "到\\n8985年,0403年底前", 0, 15)]
    ['\\n8985年', '0403年']
    """
    last = tried = start                          # the end of the last match; the first candidate not yet tried
    for y in NIAN_RE.finditer(norm, start, end):
        p = y.start()
        lo = max(last, tried, p - reach)
        if lo > p - 4 or (garbled and norm[p - 4:p - 2] in MODERN_CENTURIES and norm[p - 2:p].isascii()
                          and norm[p - 2:p].isdigit()):
            continue
        tried = p - 3
        for c in at_re.finditer(norm, lo, p + 1):    # (its look-aheads reach the 年; its look-behinds see before lo)
            s = c.start()
            if s > p - 4:
                break
            if s >= last and (m := pattern.match(norm, s, end)):
                yield m
                last = m.end()


def _pre_word(before: str) -> str:
    """The longest of YEAR_PRE_WORDS that `before` (the text before a year) ends in, or "".

    >>> _pre_word("力争到"), _pre_word("较"), _pre_word("全省")
    ('力争到', '较', '')
    """
    if before[-3:] in YEAR_PRE_SET:
        return before[-3:]
    if before[-2:] in YEAR_PRE_SET:
        return before[-2:]
    return before[-1:] if before[-1:] in YEAR_PRE_SET else ""


def relative_matches(norm: str, start: int, end: int) -> list[tuple[str, regex.Match]]:
    """The relative years of [start, end), one scan per kind: every kind's matches, leftmost first, a match that
    starts inside an earlier one dropped, the earlier kind winning a tie. (Close to RELATIVE_RE's own matches,
    but not the same where matches of two kinds overlap: a kind's scan does not restart after another kind.)

    >>> [(k, m.group()) for k, m in relative_matches("三年内完成,今年,十四五时期", 0, 14)]
    [('within', '三年内'), ('this', '今年'), ('plan', '十四五时期')]
    """
    if not RELATIVE_ANY_RE.search(norm, start, end):
        return []
    found = sorted(((m.start(), i, kind, m) for i, (kind, r, words, back) in enumerate(_RELATIVE_SCANS)
                    for m in near_words(r, words, back, norm, start, end)), key=lambda x: (x[0], x[1]))
    out, last = [], -1
    for s, _, kind, m in found:
        if s >= last:
            out.append((kind, m))
            last = m.end()
    return out




class YearMark(NamedTuple):
    """A year mention, classified (a NamedTuple, as `quantities.Quantity`: built once per mention)."""

    pos: int
    end: int
    kind: str                  # "forward" (a deadline), "stats" (a past statistic), "base" (较2015年)
    year: int | None
    explicit: bool = False     # 到2025年 / 2019年底前 (not a bare year, a plan period or 今年)
    weak: bool = False         # 全年 in a dated document that is no one-year plan: the document's year
                               # unless the sentence or the paragraph sets another one
    aside_end: int | None = None   # inside a bracketed aside ("（其中2014年完成20个）"): where the aside closes;
                                   # it dates nothing after that


def year_marks(norm: str, start: int, end: int, doc_year: int | None, *, annual: bool = False,
               period: tuple[int, int] | None = None, review_until: int | None = None) -> list[YearMark]:
    """Year mentions in norm[start:end], classified. `period` is the plan's period from its title
    ("(2023—2025年)"): in an undated plan, a bare year inside it is forward. `review_until`: where a work
    report's part about this year starts; 全年 before it is the year under review ("全年…实现利润4657亿元").

    >>> [(m.kind, m.year) for m in year_marks("到2025年,2019年底前,截至2018年底,较2015年,今年,“十四五”时期", 0, 41, 2020)]
    [('forward', 2025), ('forward', 2019), ('stats', 2018), ('base', 2015), ('forward', 2020), ('forward', 2025)]
    >>> [(m.kind, m.year) for m in year_marks("落实2030年应对气候变化国家自主贡献目标。制定2030年前碳达峰行动方案", 0, 37, 2021)]
    [('other', 2030), ('other', 2030)]
    >>> [(m.kind, m.year) for m in year_marks("全年实现利润4657亿元。今年全年增长7%", 0, 20, 2002, annual=True, review_until=12)]
    [('stats', 2001), ('forward', 2002)]
    """
    out: list[YearMark] = []
    for m in _before_nian(YEAR_AT_RE, YEAR_RE, YEAR_REACH, norm, start, end):
        ms, me = m.span()
        digits, post = m.group("year", "post")
        y, post = int(digits) if digits.isdigit() else year_value(digits), post or ""
        before = norm[max(start, ms - 4):ms].rstrip()
        pre = _pre_word(before)
        if not pre and post in ("", "前") and NAMING_VERB_RE.search(norm, max(start, ms - 3), ms) \
                and NAMED_GOAL_RE.match(norm, me, min(end, me + 30)):
            kind = "other"                        # "落实2030年…自主贡献目标": the goal's name, no deadline
        elif pre in ("截至", "截止", "截止到") or post == "以来":
            kind = "stats"
        elif not post and HORIZON_NAME_RE.match(norm, me, min(end, me + 6)):
            kind = "other"                        # "“九五”计划和2010年远景目标纲要": a plan's name, no deadline
        elif not post and PRICE_BASIS_RE.match(norm, me, min(end, me + 6)):
            kind = "base"                         # "按一九八○年不变价格计算": the prices' year, no statistic
        elif pre in ("较", "比", "与", "同") or post.endswith("上"):
            kind = "base"
        elif pre in ("自", "从") or post in ("起", "开始", "初"):
            kind = "other"
        elif not post and "日" in m.group() and EVENT_TIME_RE.match(norm, me, min(end, me + 6)):
            kind = "stats"                        # "2021年1月7日8时，…出现首封": the time of an event, reported
        elif pre in ("到", "至") and doc_year is not None and y < doc_year and not post.endswith("前"):
            kind = "stats"                        # "从2015年的X增加到2020年的Y" in a 2021 report: history
        elif post.endswith("前") and doc_year is not None and y < doc_year - 1:
            kind = "stats"                        # "对2000年底以前发布的756件…" in a 2003 report: a past date
        elif pre in ("到", "至", "力争到", "力争至", "展望", "展望到") or post.endswith("前"):
            kind = "deadline"                     # an explicit deadline: forward even in a background section
        elif not post and PLAN_OF_YEAR_RE.match(norm, me, min(end, me + 8)) \
                and (doc_year is None or y >= doc_year):
            kind = "forward"                      # "１９８２年的计划，要求…", "2025年的主要目标是": the year planned
        elif doc_year is not None:
            kind = "stats" if y < doc_year else "forward"
        elif period is not None and period[0] < y <= period[1]:
            kind = "forward"                      # "2025年…装机达到500万千瓦" in an undated 2023—2025 plan
        elif not post and UNDATED_PLAN_VERB_RE.match(norm, me, min(end, me + 6)):
            kind = "forward"                      # "2016年启动50个以上…项目" in an undated plan: the year of a step
        else:
            kind = "other"
        out.append(YearMark(ms, me, "forward" if kind == "deadline" else kind, y, kind == "deadline"))
    for m in _before_nian(GARBLED_AT_RE, GARBLED_DEADLINE_RE, GARBLED_REACH, norm, start, end, garbled=True):
        out.append(YearMark(m.start(), m.end(), "forward", None, True))   # "到8985年": a deadline, its year lost
    for kind, m in relative_matches(norm, start, end):
        if kind == "this":
            out.append(YearMark(m.start(), m.end(), "forward", doc_year))
        elif kind == "whole":                     # 全年 is this year in a one-year plan or report,
            if review_until is not None and m.start() < review_until and doc_year is not None:
                out.append(YearMark(m.start(), m.end(), "stats", doc_year - 1))   # a report's review part
            elif annual:                          # and (weakly) in any dated document
                out.append(YearMark(m.start(), m.end(), "forward", doc_year))
            elif doc_year is not None:
                out.append(YearMark(m.start(), m.end(), "forward", doc_year, weak=True))
        elif kind == "next":
            out.append(YearMark(m.start(), m.end(), "forward", doc_year + 1 if doc_year else None))
        elif kind == "century":
            if GOAL_BY_RE.search(norm, max(start, m.start() - 4), m.start()) \
                    and NAMED_GOAL_RE.match(norm, m.end(), min(end, m.end() + 30)):
                continue                          # "根据到本世纪末…达到小康水平的目标": the goal named, no deadline
            out.append(YearMark(m.start(), m.end(), "forward",    # an undated plan: its period's start
                                century_year(m.group(), doc_year if doc_year is not None else (period or (None,))[0])))
        elif kind == "plan":
            y = plan_end(m.group("plan"))
            if PLAN_YEAR_NAME_RE.match(norm, m.end(), min(end, m.end() + 12)):
                continue                          # "今年是“十四五”开局之年": names this year, sets no deadline
            if PLAN_MILESTONE_RE.match(norm, m.end(), min(end, m.end() + 14)) \
                    and not norm[max(start, m.start() - 3):m.start()].rstrip(" “\"").endswith(("到", "至")):
                continue                          # "确保“十五五”良好开局": the period's start marked, no deadline
            if not m.group("plan_post") and PLAN_NAMED_RE.match(norm, m.end(), min(end, m.end() + 4)) \
                    and not norm[max(start, m.start() - 3):m.start()].rstrip(" “\"").endswith(("到", "至")):
                continue                          # "启动一批“十三五”规划重大项目": the plan named, no deadline
            if m.group("plan").startswith("第") and not m.group("plan_post"):
                continue                          # "相当于第七个五年计划规定的增长速度": the plan named, no period
            before = norm[max(start, m.start() - 5):m.start()].rstrip(" “\"")
            if before.endswith("为") and PREPARES_RE.match(norm, m.end(), min(end, m.end() + 30)):
                continue                          # "为第七个五年计划期间…奠定更好的基础": what it prepares for
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
        elif kind == "ahead":                     # "今后五年" in a 1993 report: 1993—1997, its goals of 1997
            k = m.group("ahead")
            n = int(k) if k.isdigit() else cn_to_number(k)
            out.append(YearMark(m.start(), m.end(), "forward", doc_year + n - 1 if doc_year and n else None))
        else:                                     # "3年内": forward, year unknown, unless it spans the
            k = m.group("within").split("年")[0]                 # period of the undated plan it is in
            n = int(k) if k.isdigit() else cn_to_number(k)
            y = period[1] if period is not None and n == period[1] - period[0] + 1 else None
            out.append(YearMark(m.start(), m.end(), "forward", y))   # ("五年内…" in a report on a 五年计划)
    out.sort(key=lambda k: k.pos)
    return [_in_aside(norm, m, start, end) if "(" in norm[max(start, m.pos - ASIDE_REACH):m.pos] else m for m in out]


ASIDE_REACH = 30      # characters: a bracketed aside's opening before its year, and its closing after it


def _in_aside(norm: str, m: YearMark, start: int, end: int) -> YearMark:
    """The mark with where its bracketed aside closes ("完成58个片区建设（其中2014年完成20个）；…35%以上": 2014 dates the 20,
    not the values after the bracket)."""
    o = norm.rfind("(", max(start, m.pos - ASIDE_REACH), m.pos)
    c = norm.find(")", m.end, min(end, m.end + ASIDE_REACH))
    return m._replace(aside_end=c + 1) if o >= 0 and c >= 0 and norm.find(")", o, m.pos) < 0 else m




# A past plan period opening a paragraph: "“十三五”时期，…", "十三五以来" (past when it ended before the
# document's year). Anchored at the paragraph start; bounded.
REVIEW_PLAN_RE = regex.compile(r"[ \t]{0,4}“?(?P<p>" + PLAN_NAME + r")”?(?:规划)?(?:时期|期间|以来)", regex.VERBOSE)


def opens_review(norm: str, ps: int, pe: int, doc_year: int | None, lex) -> bool:
    """A paragraph that opens by reviewing past work ("五年来,…", "过去一年,…", "“十三五”时期,…").

    >>> opens_review("五年来,地区生产总值年均增长7.6%", 0, 19, 2021, vocab())
    True
    >>> [opens_review("“十三五”时期,全市…", 0, 12, y, vocab()) for y in (2021, 2018)]
    [True, False]
    """
    if lex.review_words.search(norm, ps, pe) and lex.review_open.match(norm, ps, pe):
        return True
    m = REVIEW_PLAN_RE.match(norm, ps, pe)
    return bool(m) and doc_year is not None and (plan_end(m.group("p")) or 0) < doc_year
