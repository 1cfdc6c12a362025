"""The targets stage's fast paths find what the plain searches find (hypothesis: each fails when the shortcut
skips a match)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.lexicons import load_list
from policyparse.normalize import normalize

YEARISH = ["1", "2", "9", "0", "19", "20", "2025", "1 9 9 3", "2 0 2 5", "一", "二", "〇", "○", "零", "九", "十", "二〇二五",
           "一九九○", "年", "年年", "年底前", "以前", "前", "到", "至", " ", "\u3000", "—", "-", "~", ".", "8985", "0403",
           "截至", "较", "月", "12月31日", "日", "推进", "，", "\n", "到 8985年", "至 0403年", "到\n8985年",
           "到 8985 年", "1 9 9 3 年", "二〇二五 年", "1985", "2985", "2099", "1099年", "到2985年", "0403年前", "到0985年",
           "0999年底前", "到8199 年", "至3209 年"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(YEARISH), max_size=24).map("".join), st.floats(0, 1), st.floats(0, 1))
def test_years_tried_before_nian_are_the_searches_matches(text, a, b):
    """Trying YEAR_RE and GARBLED_DEADLINE_RE only shortly before a 年 finds their searches' matches, in any span
    (a and b: where it starts and ends, as fractions of the text)."""
    from policyparse.targets.years import (GARBLED_AT_RE, GARBLED_DEADLINE_RE, GARBLED_REACH, YEAR_AT_RE, YEAR_REACH,
                                           YEAR_RE, _before_nian)
    norm = normalize(text)
    start, end = sorted((int(a * len(norm)), int(b * len(norm))))
    for at, rx, reach, garbled in ((YEAR_AT_RE, YEAR_RE, YEAR_REACH, False),
                                   (GARBLED_AT_RE, GARBLED_DEADLINE_RE, GARBLED_REACH, True)):
        assert [m.span() for m in _before_nian(at, rx, reach, norm, start, end, garbled)] == \
            [m.span() for m in rx.finditer(norm, start, end)]


QUANTITYISH = ["1", "2", "0", "3,000", "1.5", "4 9", " ", "\t", "一", "二", "十", "百", "千", "万", "亿", "两", "点", "半",
               "分之", "百分之", "—", "至", "多", "余", "以上", "左右", "(含)", "/年", "(间)", "级", "，", "。", "推进"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(QUANTITYISH + ["个", "个月", "个百分点", "人次", "人", "吨标准煤/万元", "吨", "元/人", "TOPS",
                                               "TOPS/w", "T", "万千瓦", "千瓦时", "平方"]), max_size=20).map("".join),
       st.lists(st.sampled_from(load_list("targets/units.txt")), max_size=6))
def test_units_by_first_char_match_as_their_alternation(text, units):
    """quantity_re with its units grouped by first character matches as with their plain alternation, at every
    position: the same span and groups."""
    from policyparse.lexicons import alternation
    from policyparse.targets.quantities import quantity_re
    plain = quantity_re(alternation(load_list("targets/units.txt")))
    norm = normalize(text + "".join(units) + text)
    for p in range(len(norm)):
        a, b = plain.match(norm, p), quantity_re().match(norm, p)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(QUANTITYISH + ["图", "如表", "见表 ", "附表", "第 ", "逾", "超", "超过", "突破", "达", "达到",
                                               "翻", "番", "一半", "三分之一", "个", "家", "元", "亿元", "万吨", "%", "美元",
                                               "万家", "级", "内", "A", "年", "人", "\u3000", "\n"]), max_size=20)
       .map("".join))
def test_quantity_re_matches_as_regex_reads_its_pattern(text):
    """quantity_re is compiled by `re` (its look-behinds each of one width): at every position it matches as
    `regex` compiling the same pattern does, with the same span and groups."""
    import re

    import regex

    from policyparse.targets.quantities import quantity_re, quantity_source
    assert isinstance(quantity_re(), re.Pattern)
    by_regex = regex.compile(quantity_source(), regex.VERBOSE)
    norm = normalize(text)
    for p in range(len(norm)):
        a, b = by_regex.match(norm, p), quantity_re().match(norm, p)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


RELATIVEISH = ["今年", "本年度", "本年", "年内", "年底前", "当年", "年底", "去年", "上", "前", "以来", "2019", "年", "月", "12", "6",
               "月底", "日", "以前", "全年", "明年", "下一年", "本世纪末", "本世纪中叶", "世纪之交", "世纪", "十四五", "十五", "七五",
               "“", "”", "\"", "计划", "时期", "期间", "末", "规划期", "第", "第六个五年", "第十一个五年", "个", "五", "十", "一",
               "三", "两", "今后", "未来", "3", "年时间", "年左右时间", " ", ",", "完成", "12月底前", "10月31日前", "第二十一个五年",
               "十二年内", "10年左右时间", "本世纪末"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(RELATIVEISH), max_size=20).map("".join), st.floats(0, 1), st.floats(0, 1))
def test_relative_kinds_tried_near_their_words_are_their_searches(text, a, b):
    """Each relative-year kind, tried only up to `back` characters before one of its words, finds its search's
    matches in any span (a and b: where it starts and ends, as fractions of the text)."""
    from policyparse.targets.firsts import near_words
    from policyparse.targets.years import _RELATIVE_SCANS
    norm = normalize(text)
    start, end = sorted((int(a * len(norm)), int(b * len(norm))))
    for _, rx, words, back in _RELATIVE_SCANS:
        assert [m.span() for m in near_words(rx, words, back, norm, start, end)] == \
            [m.span() for m in rx.finditer(norm, start, end)]


CUEISH = ["主要", "预期", "目标", "是", "为", ":", "增长", "总体", "发展", "基本", "实现以下", "调控", ",", " ", "定为", "指标",
          "安排", "如下", "。", "今年", "本年", "的", "计划", "要求", "国民生产总值", "年", "1982", "\n", "任务", "本年计划",
          "主要指标如下。", "今年国民生产总值计划增长", "年的计划,要求", "增长预期为", "实现以下发展目标:", "调控目标,定为"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(CUEISH), max_size=20).map("".join), st.floats(0, 1), st.floats(0, 1))
def test_main_cues_tried_near_their_words_are_the_searchs(text, a, b):
    """MAIN_CUE_RE tried only up to MAIN_CUE_BACK characters before one of MAIN_CUE_WORDS finds its search's matches."""
    from policyparse.targets.headline import MAIN_CUE_BACK, MAIN_CUE_RE, MAIN_CUE_WORDS
    from policyparse.targets.firsts import near_words
    norm = normalize(text)
    start, end = sorted((int(a * len(norm)), int(b * len(norm))))
    assert [m.span() for m in near_words(MAIN_CUE_RE, MAIN_CUE_WORDS, MAIN_CUE_BACK, norm, start, end)] == \
        [m.span() for m in MAIN_CUE_RE.finditer(norm, start, end)]


REVIEWISH = ["五年来", "过去五年", "过去的一年", "回顾过去", "一年来", "这一年", "一、", "(一)", "1.", "一是", "其一", "首先", " ", "\t",
             ",", ":", "年", "过去", "五", "来", "回顾", "全市", "。"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(REVIEWISH), max_size=12).map("".join))
def test_a_review_opening_holds_one_of_its_words(text):
    """review_open matches only where review_words finds one of its words (the cheap search asked first)."""
    from policyparse.targets.vocab import vocab
    lex = vocab()
    norm = normalize(text)
    assert not lex.review_open.match(norm) or lex.review_words.search(norm)


BAREISH = ["值", "系数", "指数", "PUE", "电能利用效率", "(PUE)", "不超过", "控制在", "达到", "为", "1.3", "0.4", "以内", "以下", ",",
           "。", "年限", "寿命", "年龄", "提高到", "延长至", "11.3", "年", "岁", "周岁", "以上", " ", "再", "数值", "基尼系数",
           "系数不超过1.3。", "PUE值不超过1.3,", "电能利用效率(PUE)低于1.25 ", "年限提高到11.3年", "寿命再提高1岁", "工龄为30年"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(BAREISH), max_size=16).map("".join), st.floats(0, 1), st.floats(0, 1))
def test_bare_values_tried_at_their_names_are_their_searchs(text, a, b):
    """BARE_VALUE_RE and MEASURE_VALUE_RE, tried only where one of their names is printed, find their searches'
    matches (every match opens with a name)."""
    from policyparse.targets.firsts import near_words
    from policyparse.targets.quantities import BARE_VALUE_NEEDS, BARE_VALUE_RE, MEASURE_VALUE_NEEDS, MEASURE_VALUE_RE
    norm = normalize(text)
    start, end = sorted((int(a * len(norm)), int(b * len(norm))))
    for rx, needs in ((BARE_VALUE_RE, BARE_VALUE_NEEDS), (MEASURE_VALUE_RE, MEASURE_VALUE_NEEDS)):
        assert [m.span() for m in near_words(rx, needs, 0, norm, start, end)] == \
            [m.span() for m in rx.finditer(norm, start, end)]
