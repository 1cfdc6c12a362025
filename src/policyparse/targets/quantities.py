"""Quantities: every number with its unit ("3—5个", "1.4万亿元以上", "翻一番", "百分之五十", "PUE值不超过1.3")."""
from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

import regex

from ..explain import note
from ..lexicons import alternation, load_list, load_map, prefiltered, std_re
from ..numerals import CN_NUMERAL_CHARS, cn_to_number, parse_number
from ..spans import Span
from .firsts import near_words
from .vocab import R, by_first_char, vocab

TIME_UNITS = ("工作日", "天", "小时", "分钟", "日", "周")
# after a bare 万/亿, the people or households counted ("3200万农村人口", "500万农村沼气用户"): the unit is
# 万人 / 万户 (bounded: the noun phrase is at most 8 characters, no punctuation)
COUNTED_AFTER_RE = regex.compile(r"\p{Han}{0,6}?(?:(?P<people>人口|农民|劳动力|职工|群众|居民|学生|毕业生|贫困人口)"
                                 r"|(?P<household>用户|农户|家庭户))")

ARABIC = r"\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,6})?|\d{1,13}(?:\.\d{1,6})?"   # 3,000 / 1.4 / 45 (bounded)
# An OCR'd scan that letter-spaced its digits: "粮食总产量稳定在4 9 2 5 0 万吨", "增长1 0 ％" — single digits
# one space apart, after a Chinese character (a flattened table's "1 1 信息…" row numbers follow no
# character), a unit following; bounded.
SPACED = r"(?<=\p{Han})\d(?:\x20\d){1,12}(?=\x20?[^\d\s])"
# 一万 / 三千五百: bounded and atomic (no backtracking inside a run of numeral characters: "一一一…" is
# tried once per position, not ten times), and never starting with a bare 万/亿 ("亿元" is no number).
CHINESE = (rf"(?>[{CN_NUMERAL_CHARS.replace('万', '').replace('亿', '')}][{CN_NUMERAL_CHARS}]{{0,9}}"
           r"(?:点[零〇一二三四五六七八九]{1,4})?)")          # 十一点六: a decimal written in Chinese


@cache
def quantity_re(units: str | None = None) -> re.Pattern:
    """Number + unit (+ qualifier suffix). Every repeat is bounded, nothing nests: linear time. (`units`: the unit
    alternation, by default `by_first_char` of the unit words; tests/test_targets_fast.py compares it with theirs.)

    Written in the syntax both engines share (each look-behind of one width) and compiled by `re` (std_re), which
    matches it 2-3x faster than `regex`; tests/test_targets_fast.py checks both engines give the same matches."""
    return std_re(quantity_source(units), re.VERBOSE)


def quantity_source(units: str | None = None) -> str:
    """quantity_re's pattern."""
    unit_words = load_list("targets/units.txt")
    units = units if units is not None else by_first_char(unit_words)
    first = regex.escape("".join(sorted({w[0] for w in unit_words} | set("万亿千百多余"))))
    suffix = alternation(load_map("targets/qualifier_suffix.yaml"))
    cn = CN_NUMERAL_CHARS
    return rf"""
        (?<![\dA-Za-z.第{cn}])                           # not inside a number (Arabic or Chinese: the
                                                         # 十三次 of 三十三次), a code (IPv6, DN100), 第3
        (?<!第\s)                                        # ordinals are never values: 第 3 次, 第十三届
        (?<!图)(?<!图\s)(?<!如表)(?<!如表\s)              # a figure or table cited: "如图1所示", "见表2"
        (?<!见表)(?<!见表\s)(?<!附表)(?<!附表\s)
        (?:
            (?P<fan>翻\s?(?P<fan_n>一|两|二|三)?\s?番)      # 翻一番 / 翻两番 / 翻番
          |
            百分之(?P<pct>{ARABIC}|{CHINESE})               # 百分之五十
            (?:\s?(?:[—–~～\-]{{1,2}}|至|到)\s?(?:百分之)?     # 百分之八至九: a range
               (?P<pct_max>{ARABIC}|{CHINESE}))?
            (?P<pct_suffix>{suffix})?                      # 百分之十三左右: qualified like "13%左右"
          |
            (?P<frac_den>十[一二三四五六七八九]?|[二三四五六七八九])分之(?P<frac_num>[一二三四五六七八九])   # 三分之一
            (?P<frac_suffix>{suffix})?
          |
            (?<![一二三四五六七八九十多])(?P<half>一半)(?P<half_suffix>{suffix})?    # 压减一半, 一半以上
          |
            (?:(?<=逾)|(?<=超)|(?<=超过)|(?<=突破)|(?<=达)|(?<=达到))   # "逾万亿元", "突破千亿元": a multiplier
            (?P<mult_only>(?:万亿|千亿|百亿|亿)(?=元|美元|级\s?(?:[,;。、]|$))   # alone stands for one of it ("达到万亿级"
                                                         # at the clause end: a magnitude reached); "达到万家以上":
              |万(?=家|个|人|项|户|名|所|台|套|辆|件|条))       # one 万 of a count
          |
            (?:(?P<num>{SPACED}|{ARABIC})|(?P<cn>{CHINESE}))   # 100 / 1.4 / 一万 / OCR'd "4 9 2 5 0"
            (?:\s?%?\s?(?P<min_mult>万亿|亿|万)?               # 3—5个 / 3至5家 / 3%-5%; "700万到800万吨":
               \s?(?:[—–~～\-]{{1,2}}|至|到)\s?                # the first value's multiplier printed too
               (?P<num_max>{ARABIC}|{CHINESE}))?
            (?=\s?[{first}—–~～\-至到%])                     # fail fast unless a unit (or range) can follow
            (?P<more>多|余)?                                 # "100多家", "50余个": more than
            \s?
            (?P<unit>(?:万亿|千亿|百亿|亿|千万|百万|万)?{units}   # 万亿元 / 万个坐席 / % / 家
                    (?:\((?!含)[^()\d,;。%]{{1,3}}\)             # 万套(间): an alternative unit in brackets
                      |/(?:年|日|天|小时|月|周)(?![\d{cn}]))?      # 万吨/年: a per-time suffix (not "/年度")
                    |(?:万亿|亿|万)级(?=\s?(?:[,;。、]|$))          # "均达到7000亿级" at the clause end: a magnitude
                    |万亿|亿|万)                                # a bare multiplier: "突破1.4万亿"
            (?:\(含\)(?=以上|以下|以内))?                    # "50家(含)以上": inclusive floor
            (?P<suffix>{suffix})?                          # 左右 / 以上 / 以内
            (?!级)                                         # "百亿级市场", "10亿级企业": a class, not a value
        )
        """


@cache
def quantity_at_re() -> re.Pattern:
    """Where quantity_re can match: a superset of its matches' starts, for a search that tries it only there
    (the standard library's `re` skips to a character class; `regex`, searching the pattern itself, tries
    it at every digit and numeral: 233 -> 90 ms over the real corpus, the same matches). A candidate is a
    digit or numeral not inside a number, whose run of number characters (digits, numerals, "," "." 点,
    spaces) is followed, after at most two spaces, by what may follow a number (a unit's first character,
    a range, %); or the first character of 翻番, 百分之, N分之M, 一半, or a bare multiplier before its unit.
    Zero-width after the first character, so every candidate is found. tests/test_targets.py holds it a
    superset."""
    def cls(chars: str) -> str:
        return "".join("\\" + c if c in "\\]^-[" else c for c in chars)
    cn = cls(CN_NUMERAL_CHARS)
    after = cls("".join(sorted({w[0] for w in load_list("targets/units.txt")} | set("万亿千百多余")))) + "—–~～\\-至到%"
    return re.compile(
        rf"[0-9{cn}翻](?<![0-9A-Za-z.第{cn}].)"                      # not inside a number (quantity_re's look-behind)
        rf"(?:(?<=[0-9{cn}])(?=[0-9{cn},.点零〇\x20]{{0,40}}\s{{0,2}}[{after}])"
        rf"|(?<=翻)|(?<=百)(?=分之)|(?<=[十二三四五六七八九])(?=[一二三四五六七八九]?分之)|(?<=一)(?=半)"
        rf"|(?<=[万千百亿])(?=亿?(?:元|美元|级|家|个|人|项|户|名|所|台|套|辆|件|条)))")


# A deadline or another year mention. The scan starts at the digits (fast); the word that governs the
# year is read from the few characters before it (`YEAR_PRE_WORDS`). The class decides what it means (see
# `year_marks`). YEAR_PHRASE_RE (pre + year) cuts whole year phrases out of indicators.


class Quantity(NamedTuple):
    """One number with its unit inside the text; spans are absolute. (A NamedTuple, not a frozen dataclass: a
    dense text makes one per number, and a tuple is built three times faster; nothing compares or hashes them.)"""

    span: Span                 # the quantity as printed, suffix included
    value: float
    value_max: float | None
    unit: str                  # as printed ("万亿元", "%", "倍")
    qualifier: str
    chinese: bool = False      # written with Chinese numerals


# A unitless value of an index or ratio: "PUE值不超过1.3", "基尼系数控制在0.4以内". Only after a word that
# names such a measure and a verb or qualifier word (the number alone carries no unit to recognise it by).
BARE_VALUE_RE = std_re(rf"""
    (?:值|系数|指数|PUE|电能利用效率)                    # the measure names itself unitless (PUE: 电能利用效率)
    (?:\([A-Za-z]{{1,8}}\))?                            # its abbreviation in brackets: "电能利用效率（PUE）"
    (?:不超过|不高于|不低于|低于|高于|控制在|保持在|稳定在|降至|降到|下降到|达到|达|为)
    (?P<num>{ARABIC})
    (?P<suffix>以内|以下|以上|左右)?
    (?=[,;。)\s]|$)                                    # the value ends the clause
    """, re.VERBOSE)
BARE_VALUE_NEEDS = ("值", "系数", "指数", "PUE", "电能利用效率")     # every match opens with one of them


# A length of time or an age as the value of a measure that is itself a span of years: "平均受教育年限提高到
# 11.3年", "人均预期寿命再提高1岁", "平均寿命达到80岁". 年 and 岁 are no units elsewhere (2025年 is a date,
# "3年内" a deadline, "65岁以上" an age class), so only after such a measure's name and a verb (bounded).
MEASURE_VALUE_RE = std_re(rf"""
    (?:年限|寿命|年龄|工龄|学制)
    (?:再|要|将)?
    (?:提高到|提高至|提高|提升到|提升至|延长到|延长至|延长|增加到|增加|达到|达|保持在|稳定在|为)
    (?P<num>{ARABIC})
    (?P<unit>年|岁|周岁)
    (?P<suffix>以上|以下|左右)?
    (?![\d月度底末前内后以])                            # not a date or a deadline ("2年内", "5年以后")
    """, re.VERBOSE)
MEASURE_VALUE_NEEDS = ("年限", "寿命", "年龄", "工龄", "学制")


def bare_values(norm: str, start: int, end: int, lex) -> list[Quantity]:
    """Unitless index values ("PUE值不超过1.3" -> 1.3, unit "", at_most) and spans of years as a measure's
    value ("受教育年限提高到11.3年" -> 11.3, unit 年).

    >>> [(q.value, q.unit) for q in bare_values("平均受教育年限提高到11.3年,人均预期寿命再提高1岁,3年内完成", 0, 33, None)]
    [(11.3, '年'), (1, '岁')]
    """
    out = []
    for rx, unit_group, needs in ((BARE_VALUE_RE, None, BARE_VALUE_NEEDS),
                                  (MEASURE_VALUE_RE, "unit", MEASURE_VALUE_NEEDS)):
        for m in near_words(rx, needs, 0, norm, start, end):   # every match opens with one of the names
            v = _num(m.group("num"))
            if v is None:
                continue
            s, e = m.start("num"), m.end()
            suffix = m.group("suffix")
            if suffix:
                qual = lex.suffix[suffix]
            else:
                qual = (prefix_qualifier(norm, s, start, lex) if lex is not None else None) or "point"
            out.append(Quantity((s, e), v, None, m.group(unit_group) if unit_group else "", qual))
    return out


def _num(s: str) -> float | None:
    return parse_number(s.replace(" ", ""))          # OCR'd "4 9 2 5 0": the spaces go


def find_quantities(norm: str, start: int, end: int) -> list[Quantity]:
    """Every quantity in norm[start:end].

    >>> [(q.value, q.value_max, q.unit, q.qualifier) for q in find_quantities(
    ...     "形成3—5个平台,收入超过1.4万亿元,增长7%左右,较2015年翻一番", 0, 36)]
    [(3, 5, '个', 'range'), (1.4, None, '万亿元', 'at_least'), (7, None, '%', 'approx'), (2, None, '倍', 'point')]
    >>> [(q.value, q.unit, q.qualifier) for q in find_quantities("文件压减三分之一以上,清偿一半以上", 0, 17)]
    [(33.3333333333, '%', 'at_least'), (50.0, '%', 'at_least')]
    >>> [(q.value, q.unit) for q in find_quantities("总产值达到一万六千七百七十亿元,培养三十万人,两万亿元,一亿二千万人次", 0, 36)]
    [(16770, '亿元'), (30, '万人'), (2, '万亿元'), (120000000, '人次')]
    >>> [(q.value, q.unit) for q in find_quantities("总产量稳定在4 9 2 5 0 万吨,增长1 0 %或者更多", 0, 28)]
    [(49250, '万吨'), (10, '%')]
    """
    lex = vocab()
    out: list[Quantity] = []
    rx = quantity_re()
    groups = [rx.groupindex[g] for g in ("num", "cn", "unit", "num_max", "suffix", "more", "min_mult")]   # by number
    for m in prefiltered(quantity_at_re(), rx, norm, start, end):
        s, e = m.span()
        chinese = False
        if not "0" <= norm[s] <= "9":             # the forms a character leads (翻一番, 逾万亿, 三分之一, 一半, 百分之,
                                                  # 一万): a match of digits is a plain number, its groups unasked
            if m.group("fan"):
                n = {"两": 2, "二": 2, "三": 3}.get(m.group("fan_n") or "", 1)
                out.append(Quantity((s, e), 2 ** n, None, "倍", "point"))
                continue
            if m.group("mult_only"):
                mult = m.group("mult_only")
                um = R(r"美元|元|家|个|人次|人|项|户|名|所|台|套|辆|件|条|级").match(norm, e, e + 2)
                e = um.end()
                sm = R(alternation(lex.suffix)).match(norm, e, e + 4) if mult == "万" else None
                if sm:                                # "达到万家以上"
                    e = sm.end()
                out.append(Quantity((s, e), {"万亿": 1, "千亿": 1000, "百亿": 100, "亿": 1, "万": 1}[mult],
                                    None, mult + um.group() if mult in ("万亿", "亿", "万") else "亿" + um.group(),
                                    lex.suffix[sm.group()] if sm else (prefix_qualifier(norm, s, start, lex) or "point")))
                continue
            if m.group("frac_den") or m.group("half"):   # a fraction is a share: 三分之一 = 33.3%, 一半 = 50%
                if m.group("half"):
                    v, sfx = 50.0, m.group("half_suffix")
                else:
                    v, sfx = 100 * cn_to_number(m.group("frac_num")) / cn_to_number(m.group("frac_den")), \
                        m.group("frac_suffix")
                if sfx == "内":
                    e, sfx = e - 1, None
                qual = lex.suffix[sfx] if sfx else (prefix_qualifier(norm, s, start, lex) or "point")
                out.append(Quantity((s, e), round(v, 10), None, "%", qual))   # a share, no small count
                continue
            if m.group("pct"):
                v = _num(m.group("pct"))
                if v is not None:
                    ps_ = m.group("pct_suffix")
                    if ps_ == "内":                   # only time limits take a bare 内
                        e, ps_ = m.end("pct"), None
                    qual = lex.suffix[ps_] if ps_ else (prefix_qualifier(norm, s, start, lex) or "point")
                    vmax = _num(m.group("pct_max")) if m.group("pct_max") else None
                    if vmax is not None and vmax > v:
                        qual = "range"
                    out.append(Quantity((s, e), v, vmax if qual == "range" else None, "%", qual))
                continue
            if m.group("cn") and m.group("unit") in ("万亿", "亿", "万"):
                continue                              # "千亿", "百万": a Chinese numeral needs a real unit
        num, cn, unit, num_max, suffix, more, mm = m.group(*groups)
        if mm and not unit.startswith(mm):
            continue                              # "5000万到1亿元": the two values in different multipliers
        if norm.startswith(load_map("targets/unit_word_starts.yaml").get(unit, ()), m.end("unit")):
            continue                              # "建国30周年", "5.3处置": a word the unit opens (data file)
        if unit in ORDINAL_UNITS and _ordinal_or_period(norm, m, e):
            note("targets", (s, e), "dropped", "ordinal-or-period", norm[s:e])
            continue                              # "十九届二中全会", "十四五期间", "二期工程"
        text = num or cn
        if cn and (mult := CN_MULTIPLIER_TAIL_RE.search(text)) and mult.start() > 0 \
                and not num_max and not unit.startswith(("万", "亿")) \
                and not (mult.group() == "万" and "亿" in text):      # "一亿二千万人次" is one number
            text, unit = text[:mult.start()], mult.group() + unit   # "一万六千七百七十亿元": 16770 亿元, as "16770亿元"
        v = int(text) if text.isdigit() else _num(text)     # (digits alone: parse_number's int, without its tests)
        if v is None:
            continue
        if cn:
            chinese = True
        vmax = _num(num_max) if num_max else None
        if vmax is not None and vmax <= v:
            vmax = None
        if suffix == "内" and not unit.endswith(TIME_UNITS):
            e = m.end("unit")                     # "10家内" is not a ceiling; only time limits take 内
            suffix = None
        elif suffix == "上下" and norm.startswith("游", e):
            e = m.end("unit")                     # "1个上下游企业": up- and downstream, not "about"
            suffix = None
        if vmax is not None:
            qual = "range"
        elif more and not suffix:
            qual = "at_least"
        elif suffix:
            qual = lex.suffix[suffix]
        else:
            qual = prefix_qualifier(norm, s, start, lex) or "point"
            if qual == "at_least" and BREAKTHROUGH_RE.search(norm, max(start, s - 3), s) \
                    and COUNT_NOUN_AFTER_RE.match(norm, e, min(end, e + 2)) and not unit.startswith(("万", "亿")):
                qual = "point"                    # "突破50项关键共性技术": the verb's object, not "over 50"
        if unit in ("万", "亿") and (who := COUNTED_AFTER_RE.match(norm, e, min(end, e + 12))):
            unit += "户" if who.group("household") else "人"   # "3200万农村人口", "500万农村沼气用户"
        if unit in ("%", "％") and v >= RUN_TOGETHER_PERCENT:
            note("targets", (s, e), "dropped", "run-together-digits", norm[s:e])
            continue                              # "21165110011831.5%": a flattened table's cells run together
        out.append(tuple.__new__(Quantity, ((s, e), v, vmax, unit, qual, chinese)))   # (skips its Python __new__)
    return _distribute(norm, start, out, lex) if "分别" in norm[start:end] else out


# A share of 100 000 % or more is no share: the digits of a flattened table's cells ran together
# ("增减情况119951800254927.8%")
RUN_TOGETHER_PERCENT = 100_000

# The multiplier that ends a Chinese numeral before its unit goes with the unit, as it does after Arabic digits
# ("五千亿元" -> 5000 亿元, "三十万人" -> 30 万人, "两万亿元" -> 2 万亿元)
CN_MULTIPLIER_TAIL_RE = regex.compile(r"(?:万亿|亿|万)$")

# 突破 before a count and its noun is the verb "achieve a breakthrough in" (the count is what is achieved),
# not "exceed": "突破50项关键技术" (point) vs "营业收入突破1000亿元" (at_least; no noun follows the value)
BREAKTHROUGH_RE = regex.compile(r"突破\s?$")
COUNT_NOUN_AFTER_RE = regex.compile(r"\s?\p{Han}")

# "分别压缩至30小时和1小时以内", "分别达到30、50家以上": a coordination after 分别 whose last member carries
# the unit or the qualifier; both distribute over the earlier members. Bounded: the number is ARABIC.
COORD_TAIL_RE = regex.compile(r"\s?(?:和|与|及|、)\s?$")
COORD_NUM_RE = regex.compile(rf"(?<![\d.])(?P<num>{ARABIC})\s?(?:和|与|及|、)\s?$")


RESPECTIVELY_REACH = 40    # characters from 分别 to a list member it qualifies ("分别突破3000亿元、4000亿元、1500亿元")


def _distribute(norm: str, floor: int, qs: list[Quantity], lex) -> list[Quantity]:
    """Spread the qualifier (and the unit) of the last member of a 分别-coordination over its members.

    >>> [(q.value, q.unit, q.qualifier) for q in find_quantities("分别压缩至30小时和1小时以内", 0, 16)]
    [(30, '小时', 'at_most'), (1, '小时', 'at_most')]
    >>> [(q.value, q.unit, q.qualifier) for q in find_quantities("分别达到30、50家以上", 0, 13)]
    [(30, '家', 'at_least'), (50, '家', 'at_least')]
    >>> [(q.value, q.qualifier) for q in find_quantities("分别突破2.2万亿元、2.4万亿元", 0, 19)]
    [(2.2, 'at_least'), (2.4, 'at_least')]
    >>> [q.qualifier for q in find_quantities("分别突破3000亿元、4000亿元、1500亿元", 0, 25)]
    ['at_least', 'at_least', 'at_least']
    """
    out = list(qs)
    for k in range(len(out) - 1, -1, -1):
        q = out[k]
        s = q.span[0]
        sep = norm.rfind("分别", max(floor, s - 30), s)
        if sep < 0 or R(r"[,;。]").search(norm, sep, s):
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
    # "分别突破2.2万亿元、2.4万亿元": a qualifying verb right after 分别 qualifies every member of the list
    for k, q in enumerate(out):
        sep = norm.rfind("分别", max(floor, q.span[0] - RESPECTIVELY_REACH), q.span[0])
        if sep < 0 or q.qualifier != "point" or q.value_max is not None:
            continue
        head = lex.prefix_tail.search(norm, sep + 2, min(sep + 8, q.span[0] + 1))
        first = next((x for x in out if x.span[0] > sep), None)
        if head is None and first is not None and first is not q and first.qualifier != "point" \
                and lex.prefix_tail.search(norm, sep + 2, first.span[0]) \
                and not R(r"[,;。]").search(norm, sep, q.span[0]):
            out[k] = Quantity(q.span, q.value, None, q.unit, first.qualifier, q.chinese)
    return out


# After a number + 届/次, the names of congresses and plenary sessions: "十九届四中全会", "14次党代会". With
# Chinese numerals these are ordinals even without 第 (no policy counts its congresses in targets).
SESSION_AFTER_RE = regex.compile(r"\s?(?:[一二三四五六七八九十]{1,2}中)?(?:全会|全体会议|党代会|代表大会|人大|会议|中央委员会)")
# 期 counts issues and sessions ("培训不少于12期"); not a period ("十四五期间", "期末"), a project phase ("二期
# 工程") or a term. Only Arabic numerals count: Chinese ones before 期 are almost always phases.
PERIOD_AFTER_RE = regex.compile(r"间|末|初|中|内|工程|项目|建设|规划|改造|扩建")


ORDINAL_UNITS = frozenset(("届", "次", "期"))       # the units _ordinal_or_period reads


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


def prefix_qualifier(norm: str, s: int, floor: int, lex) -> str | None:
    """Qualifier from the words right before a quantity ("超过60%", "不低于3万个坐席")."""
    m = lex.prefix_tail.search(norm, max(floor, s - 9), s)    # "超过60%", "至少完成2次"
    if m is None and norm.find(" ", max(floor, s - 12), s) >= 0:   # "不 少于 10 个": a word cut by a wrap or
        m = lex.prefix_tail.search(norm[max(floor, s - 12):s].replace(" ", ""))   # spaced out
    return lex.prefix[m.group("q")] if m else None


