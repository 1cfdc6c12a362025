"""Indicators: what a quantity measures, as printed ("到2025年，全区软件业务收入达" -> "软件业务收入"), cut of
deadline, scope, verb and adverb words; or the noun after the value ("建成20个智能工厂")."""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import regex

from ..records import Text
from ..spans import Span
from ..lexicons import load_list
from .vocab import LEAD_MARKER_RE, R, vocab
from .years import PLAN_BASE_RE, RELATIVE_ANY_RE, RELATIVE_RE, YEAR_PHRASE_RE

GROWTH_HEADS = ("年均增长", "年均增速", "增长", "增速", "同比增长", "增幅")
@lru_cache(maxsize=1)
def _scope_words() -> frozenset[str]:
    return frozenset(load_list("targets/scope.txt"))      # 全省, 全市, 我区…: where, not what


QUANTIFIER_ONLY_RE = regex.compile(r"(?:共计|合计|全部|累计|总计|共|总共|一共)\s?")
EACH_TAIL_RE = regex.compile(r"(?<=[^人年户日月平])(?:均|都)(?:要|将)?$")   # not 人均/年均/平均
NOTHING_AFTER_RE = regex.compile(r"\s?(?:[、,;。]|$)")   # the value ends its clause or list member
# A modal word, as an indicator may carry it: "还要", "也将", "再", "要再" (one pattern, its uses below)
MODAL = r"(?:还|也|并|仍)?(?:要|将|再)(?:再|要)?"
NOT_A_WORD_END = r"(?<![主重需必纲提摘概只])"     # 主要, 重要, 需要, 必要, 纲要, 提要, 摘要, 概要, 只要 are words
MODAL_ONLY_RE = regex.compile(r"(?:还|也|并|仍)?(?:要|将|需|须|再)(?:再|要)?")   # (with 需/须: the whole indicator)
MODAL_LEAD_RE = regex.compile(r"(?:(?:还|也|仍)?(?:要|将)|再)?再?")     # before an object verb (vocab objverb_head)
# a modal word left at an indicator's end once its verb is cut ("农村贫困人口再(减少1000万)", "项目要(减少三分之一)")
LEFT_MODAL_RE = regex.compile(NOT_A_WORD_END + MODAL + "$")
# a total's word before the value ("保障性住房、棚户区改造住房共(1000万套)"), never the end of 公共
TOTAL_TAIL_RE = regex.compile(r"(?<!公)(?:共计|合计|总计|总共|一共|共)$")
# ... and before the change an indicator keeps ("城镇新增就业再增加", "城镇登记失业率再下降")
MODAL_BEFORE_CHANGE_RE = regex.compile(r"(?<=\p{Han})" + NOT_A_WORD_END + MODAL
                                       + r"(?=(?:增加|增长|下降|减少|提高|降低|提升|扩大|缩短|压减)$)")
# a causative or disposal word opening an indicator ("力争使城镇登记失业率…", "把试点的范围扩大到…"), not 使用/把握
CAUSATIVE_LEAD_RE = regex.compile(r"(?:要|将)?(?:使|把)(?![用握])")

# Verbs that make a condition word the object of a task ("完善认定标准", "制定申报条件"): no list follows.

AGE_CLASS_RE = regex.compile(r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s?(?:(?:至|到|[—–~\-])\s?(?:\d{1,3}|[一二三四五六七八九十]{1,3}))?"
                             r"\s?周?岁(?:及以上|以上|及以下|以下)?(?:的)?")
# A beneficiary before the value: "为10万名老年人…", "年内向5000户家庭…" (the last word before it, when
# nothing measured precedes it: then 为 is no linking verb).
BENEFICIARY_RE = regex.compile(r"(?:为|向|给|对)\s?$")   # (对: "对248座农村危旧桥梁进行改造", the things worked on)
# A distributive scope before an object verb ("每个地级市", "各县(市、区)"): what is counted follows the value.
DISTRIBUTIVE_RE = regex.compile(r"(?:每|各)[^,;]{0,12}$")
# Numbering at the start of an indicator: a heading number (markers.py) or a run-in enumerator, up to three
# ("(四)", "一、", "1.", "第五条", "一是地区生产总值增长6%左右;二是…", "其一", "首先"), each with a bounded gap.
OF_WHOLE_RE = regex.compile(r"(?:达到|相当于|达)[^,]{1,20}的$")


# a change's start at the end of an indicator: "由20日缩减至", "从人均8.7万元提高到", "由今年预计的3%提高到"
BASELINE_TAIL_RE = regex.compile(r"""(?:由|从)\s?
    (?:(?:今年|去年|上年|目前|现在|当前|(?:19|20)\d{2}\s?年)(?:底|末)?)?(?:预计|实际)?的?\s?(?:人均|户均|平均|年均)?\s?
    [\d一二三四五六七八九十两][^,]{0,24}$""", regex.X)


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
    >>> clean_indicator("三年内参保率均提高到"), clean_indicator("城乡居民人均")
    ('参保率', '城乡居民人均')
    """
    lex = vocab()
    # each cut only where a word it needs is printed (the same string otherwise, without a pass over it)
    if "由" in s or "从" in s:
        s = BASELINE_TAIL_RE.sub("", s)                   # "…时间由20日缩减至", "…由今年预计的3%提高到"
    if "年" in s:
        s = YEAR_PHRASE_RE.sub("", s)                     # a year phrase ends in 年
    if "五" in s:
        s = PLAN_BASE_RE.sub("", s)                       # "较“十四五”末": a baseline period
    if RELATIVE_ANY_RE.search(s):                         # a word one of RELATIVE_RE's kinds needs
        s = RELATIVE_RE.sub("", s)
    s = _strip_quotes(s.strip(" \t,、:;\"'"))
    s = s[LEAD_MARKER_RE.match(s).end():]                # never a numbering marker: "(四)专职服务人员"
    s = s[lex.head.match(s).end():]                   # leading 力争/其中/scope/adverbs (anchored)
    s = s.lstrip("的")                                   # "…超1亿元的龙头企业": the modifier's 的
    if lead := CAUSATIVE_LEAD_RE.match(s):            # (kept when only a scope word follows: "要使全国80%以上的…")
        rest = s[lead.end():]
        rest = rest[lex.head.match(rest).end():]
        if rest and not lex.tail_rev.fullmatch(rest[::-1]):
            s = rest
    rev = s[::-1]                                         # trailing verbs/adverbs: an anchored match on
    cut = lex.tail_rev.match(rev).end()               # the reversed string instead of a $-search
    s = s[:len(s) - cut]                                 # nothing left: only verbs were there
    # the cuts at the end, each tried only when the string ends in a character its match ends in (`_last`)
    m = OF_WHOLE_RE.search(s) if _last(s) == "的" else None   # "负荷能力达到最高用电负荷的": what reaches a share
    if m and m.start() > 0:
        s = s[:m.start()]
    if _last(s) in EACH_TAIL_ENDS:
        s = EACH_TAIL_RE.sub("", s)                      # "参保率均(提高到90%)": 均 says "each", it is no noun
    if len(s) > 2:
        if _last(s) in LEFT_MODAL_ENDS:
            s = LEFT_MODAL_RE.sub("", s)
        if _last(s) in TOTAL_TAIL_ENDS:
            s = TOTAL_TAIL_RE.sub("", s)
        if _last(s) in CHANGE_ENDS:
            s = MODAL_BEFORE_CHANGE_RE.sub("", s)
    return s.rstrip(" ,、:的")


# The last character of a match of each $-anchored cut of clean_indicator (a string ending in none of them is
# left as it is, without a search)
EACH_TAIL_ENDS = "均都要将"              # EACH_TAIL_RE
LEFT_MODAL_ENDS = "要将再"               # LEFT_MODAL_RE (MODAL)
TOTAL_TAIL_ENDS = "计共"                 # TOTAL_TAIL_RE
CHANGE_ENDS = "加长降少高低升大短减"       # MODAL_BEFORE_CHANGE_RE: the change words it looks ahead to


def _last(s: str) -> str:
    """The character a match anchored at the end ($) of `s` ends with: the last one, or the one before a final
    newline (where $ matches too); "" for an empty string.

    >>> _last("达到的"), _last("均\\n"), _last("")
    ('的', '均', '')
    """
    return s[-2:-1] if s.endswith("\n") else s[-1:]


def _strip_quotes(s: str) -> str:
    """Quotes at the ends, but never one half of a quoted name ("“人工智能＋”典型示范应用场景" keeps its “).

    >>> _strip_quotes("“人工智能+”典型场景"), _strip_quotes("“十四五”"), _strip_quotes("“数字标签”等")
    ('“人工智能+”典型场景', '十四五', '“数字标签”等')
    >>> _strip_quotes('“桂惠贷"投放')          # a curly quote closed straight
    '“桂惠贷"投放'
    """
    while s and s[0] in "“”" and not (s[0] == "“" and ("”" in s[1:-1] or '"' in s[1:-1])):
        s = s[1:].lstrip(" \t,、:;")
    while s and s[-1] in "“”" and not (s[-1] == "”" and "“" in s[1:-1]):
        s = s[:-1].rstrip(" \t,、:;")
    return s


@lru_cache(maxsize=8192)
def subject(ind: str) -> str:
    """The subject of an indicator: "金融业增加值占地区生产总值比重" -> "金融业增加值".

    >>> subject("金融业增加值占地区生产总值比重"), subject("服务业增加值规模不断扩大")
    ('金融业增加值', '服务业增加值')
    """
    m = R(r"占|规模|总量|水平|不断|持续|进一步|稳步|更加|保持|年均|增长|增速|的").search(ind)
    return ind[:m.start()] if m and m.start() > 0 else ind


@lru_cache(maxsize=8192)
def is_elliptic(ind: str) -> bool:
    return not ind or ind.startswith(("占", "年均", "比重", "增长", "增速", "同比", "较")) or ind in GROWTH_HEADS



class Before(NamedTuple):
    """What the words before a value say about its indicator (`words_before`)."""
    found: Span | None          # the indicator around a change verb, relative to the words' start
    pre: str                    # the indicator before the value, if any
    has: bool                   # "…有15个以上标志性项目落地": the words end in 有 (pre + post)
    verb_led: str               # "完成高标准农田建设20万亩": the indicator when nothing follows
    ends_in_verb: str
    noun_follows: bool          # the words end in 等 or an object verb: the noun follows the value (unless
                                # nothing does)
    distributive: bool          # "每个地级市至少建成": the scope, not what is counted
    bare_verb: str = ""         # "今年要关停1000万千瓦": the verb alone (after a modal), when nothing names the object


@lru_cache(maxsize=8192)
def words_before(raw_pre: str) -> Before:
    """The reading of the words between a value and the quantity before it (or its clause start): they alone
    decide it, so a phrase met again (a list's "、", "增长") is read once."""
    lex = vocab()
    chg = lex.change.search(raw_pre)
    if chg:                                   # "将企业开办流程简化为A、B、C 3个环节": the subject before the verb
        head = clean_indicator(raw_pre[:chg.start()])
        objv = lex.objverb_head.match(head)
        if objv and objv.end() < len(head):     # "推动测试道路扩展至200公里": the road, not the push
            head = head[objv.end():]
        if MODAL_ONLY_RE.fullmatch(head):
            head = ""                           # "今年再减少农村贫困人口1000万": 再 is no subject; the object is
        if head:
            i = raw_pre.rfind(head, 0, chg.start())
            if i >= 0:
                return Before((i, i + len(head)), "", False, "", "", False, False)
        tail = clean_indicator(R(r"(?:至|到|为|在)\s?$").sub("", raw_pre[chg.end():]))
        if tail:                              # "分别压减高、低压客户办电环节至4个": the object after it
            i = raw_pre.rfind(tail, chg.end())
            if i >= 0:
                return Before((i, i + len(tail)), "", False, "", "", False, False)
    pre = clean_indicator(raw_pre)
    objv = lex.objverb_head.match(pre)
    bare_verb = ""                            # "今年要关停1000万千瓦": the verb alone, when nothing names the object
    if objv:                                  # (after a modal word; a bare verb leaves it to the clause before)
        if objv.end() == len(pre) and (modal := MODAL_LEAD_RE.match(pre).end()):
            bare_verb = pre[modal:]
        pre = pre[objv.end():]
    if QUANTIFIER_ONLY_RE.fullmatch(pre) or (objv and pre in _scope_words()):
        pre = ""                              # "完成全部1250户的竣工验收", "完成全省1000所学校周边…治理": what is
                                              # done follows the value
    elif pre in ("及", "和", "与", "以及", "并"):
        pre = ""                              # "150个示范街道及50个示范基地": a coordinator after the first noun
    elif MODAL_ONLY_RE.fullmatch(pre):
        pre = ""                              # "今年要完成800万…脱贫任务": a modal left of the verb is no indicator
    elif BENEFICIARY_RE.fullmatch(pre):
        pre = ""                              # "年内向5000户家庭提供…": a preposition alone is no indicator
    has = pre.endswith("有")                  # "其他领域有15个以上标志性项目落地": pre + post
    verb_led = pre if objv and not is_elliptic(pre) else ""   # "完成高标准农田建设20万亩": when nothing
    tail_verb = lex.objverb_tail.search(pre)
    ends_in_verb = pre if tail_verb and not lex.objverb_tail.fullmatch(pre) else ""
    noun_follows = pre.endswith("等") or bool(tail_verb)
    distributive = bool(DISTRIBUTIVE_RE.match(pre) and lex.objverb_tail.search(raw_pre.rstrip()))
    return Before(None, pre, has, verb_led, ends_in_verb, noun_follows, distributive, bare_verb)


def indicator_span(norm: str, seg: int, qs: int, qe: int, ce: int, lex) -> Span:
    """Where the indicator is printed: before the quantity, or after it ("建成20个智能工厂"). (`lex`: the stage's
    vocabulary, which `words_before` reads.)"""
    raw_pre = norm[seg:qs]
    before = words_before(raw_pre)
    if before.found is not None:
        return (seg + before.found[0], seg + before.found[1])
    pre, has, verb_led, ends_in_verb = before.pre, before.has, before.verb_led, before.ends_in_verb
    if before.noun_follows and not NOTHING_AFTER_RE.match(norm, qe, ce):
        pre = ""                              # "新增A、B等5家基地", "在高校重新认定30家中心": the noun follows
                                              # (not when a list goes on: "脱硫改造1500万千瓦、脱硝改造…")
    elif before.distributive:
        pre = ""                              # "每个地级市至少建成1个公共实训基地": the scope, not what is counted
    if pre and not has:
        i = norm.rfind(pre, seg, qs)
        if i >= 0:        # (an elliptic one too, "增长10%": whatever follows the value, the words before name it)
            return (i, i + len(pre))
        if not is_elliptic(pre):
            return (seg, qs)
    # post-nominal: the noun phrase after the unit, up to the clause end (or a verb that closes it)
    m = POST_PHRASE_RE.match(norm, qe, ce)
    if m and VALUE_LIST_RE.match(m.group()):
        m = None                              # "分别突破2.2万亿元、2.4万亿元": a list of values, no noun after
    if not m:                                 # nothing follows: "城镇棚户区住房改造2000万套" names it before
        pre = pre or verb_led or ends_in_verb or before.bare_verb
        return (qs, qs) if not pre else (norm.rfind(pre, seg, qs), norm.rfind(pre, seg, qs) + len(pre))
    post = m.group()
    lead = POST_LEAD_RE.match(post)                   # "1万坐席规模的服务外包基地"
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
        cut = VALUE_NEXT_RE.search(post)
    else:
        cut = POST_END_RE.search(post)
    return (qe, qe + (cut.start() if cut and cut.start() > 0 else len(post)))


# the post-nominal indicator (indicator_span): the phrase after the value, up to the clause end ...
POST_PHRASE_RE = regex.compile(r"[^,;。]{1,60}")
VALUE_LIST_RE = regex.compile(r"[、和及]\s?\d")        # ... unless a list of values goes on
POST_LEAD_RE = regex.compile(r"(?:规模)?的")            # ... without a leading 的
VALUE_NEXT_RE = regex.compile(r"\s?[、和及]\s?(?=\d)")   # ... up to the next value, or a verb that closes it
POST_END_RE = regex.compile(r"(?:的?(?:规模|落地|入驻|上云上平台)|开展|推行|\s?[、和及]\s?(?=\d|[一二两三四五六七八九十]"
                         r"[十百千万]?[座条所处栋个家项]))")     # "一条…环路、两条风情滨河路": the next count


def clean_out(t: Text, span: Span) -> str:
    """The indicator as printed, cleaned the same way as the normalised copy."""
    s, e = span
    if s < 0 or e <= s:
        return ""
    norm = t.norm[s:e]
    cleaned = clean_indicator(norm)
    if not cleaned:
        return ""
    i = norm.find(cleaned)
    out = t.raw[s + i:s + i + len(cleaned)] if i >= 0 else cleaned
    return WRAP_RE.sub("", out) if "\n" in out or "\r" in out else out    # "示范企\n业": a wrapped word


WRAP_RE = regex.compile(r"[ \t]{0,8}[\r\n]+[ \t\u3000]{0,8}")    # a line break inside a wrapped indicator


