"""indicator_key: which comparable indicator a target measures ("全省生产总值增长" -> "gdp_growth").

Reads: an indicator phrase as a target names it (or as printed, with or without its value), and
optionally the target's unit and kind. Writes: nothing. Raises: nothing on content.

The vocabulary is data: data/reports/indicator_keys.yaml (one entry per key: its Chinese name, the
units it may carry, the phrasings it covers) and data/reports/indicator_words.yaml (the words folded
on both sides). The rule, in three steps:

1. `canonical()` folds the phrase and every phrasing the same way: widths, scope words (全省/全市/我区),
   change words (年均增长 / 比上年增长 / 增速 -> 增长; 降低 / 减少 -> 下降), frames cut from the end
   (…预期目标, …控制在, a deadline year …一九八五年), a value at the end (6%左右) cut off and its unit kept.
2. The longest phrasing that ENDS the canonical phrase wins (a Chinese noun phrase ends in its head:
   人均地区生产总值增长 ends in 人均地区生产总值增长, not only in 地区生产总值增长). What stands before
   it must be deadlines, frames and scope only (`left` words, years, plan periods, place names); a
   modifier such as 高技术 or 人均 there, a list (A和B, 、) or 分别 means the phrase is not (only) this
   indicator, and it gets no key.
3. The key's unit class must admit the unit: a growth key wants %, a level key anything but %.
A target of kind "growth" whose phrase names no change (the parser cut 增长 off) is looked up with 增长
first; only a phrase no growth phrasing covers stands bare (居民消费价格涨幅, 能耗强度, 农村贫困人口).
Anything else is null: never a guess.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import regex

from ..lexicons import alternation, compile_on_use, load_map
from ..normalize import normalize

KEYS_FILE = "reports/indicator_keys.yaml"
WORDS_FILE = "reports/indicator_words.yaml"

PERCENT = frozenset({"%", "‰"})
POINTS = frozenset({"个百分点", "百分点"})
RATIOS = frozenset({"倍"})                     # 翻一番 -> 2倍: a multiple, neither a level nor a rate
UNIT_CLASSES = ("percent", "rate", "quantity", "any")

# A value at the end of a phrase given with its number: "国内生产总值增长6.5%左右", "粮食产量1.3万亿斤以上".
TRAILING_VALUE_RE = compile_on_use(r"""
    (?<! [A-Za-z\d.] )                              # not PM2.5 / M2 / 5G: a number of its own
    (?: [约近超逾] )?                                # 约5% / 近1万亿元
    (?:
        \d[\d,]*(?:\.\d+)?                           # 6.5 / 1,200
        (?: [%％]? [-~至到—–－] \d[\d,]*(?:\.\d+)? )?   # 6-6.5 / 4.5至5 / 6.5%－7%
        (?P<unit> %|‰|个百分点|百分点|(?![年月日])\p{Han}{1,6}? )?  # % / 万亿斤 / 家; never a date (2025年)
      |
        百分之[零〇一二两三四五六七八九十百点]+           # 百分之七点五
        (?: [至到] (?:百分之)? [零〇一二两三四五六七八九十百点]+ )?
    )
    (?: 左右|以上|以内|以下|上下|之间 )?              # qualifier words after the unit
    $
""", regex.VERBOSE)

QUOTES = "“”\"'‘’《》〈〉「」『』"
ASIDE_RE = compile_on_use(r"[(〔【][^()〔〕【】]{0,30}[)〕】]")   # (PM2.5) / (助理) / (包括村办工业); bounded
STRAY_BRACKET_RE = compile_on_use(r"[()〔〕【】]")
TEMPLATE_RE = compile_on_use(r"\[([^\[\]]*)\]|\{([A-Z_0-9]+)(\+?)\}")   # [a|b] optional, {ALIAS}, {ALIAS+}
LIST_SEP = ("、", "和", "及", "与", "以及")
PLACE_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "省", "市", "县", "区", "州", "旗", "盟")
# Deadlines and plan periods before an indicator: 到2025年 / 2025年底 / “十四五”时期 / 十五五末.
# The older reports write the year in Chinese numerals (一九八五年); a deadline may also follow the indicator
# ("社会商品零售总额一九八五年将达到…"), where it is cut off like a tail.
YEAR = (r"(?:到|至|截至)?(?:(?:19|20)\d\d|一九[〇○零一二三四五六七八九]{2}|二[〇○零][〇○零一二三四五六七八九]{2})"
        r"年(?:底|末|前)?")
YEAR_RE = compile_on_use(YEAR)
TRAILING_YEAR_RE = compile_on_use(YEAR + "$")
HAN_RUN_RE = compile_on_use(r"\p{Han}+")
PLAN_RE = compile_on_use(r"[“\"]?十[一二三四五六七八九]?五[”\"]?(?:规划)?(?:时期|期间|末|期末)?")


@dataclass(frozen=True, slots=True)
class Key:
    """One indicator key of the vocabulary."""

    key: str
    name: str
    unit: str                      # percent | rate | quantity | any
    phrasings: tuple[str, ...]     # as written in the data file (templates)


class _Vocab:
    """The compiled vocabulary: canonical phrasing -> key, and the folding patterns."""

    def __init__(self) -> None:
        words = load_map(WORDS_FILE)
        data = load_map(KEYS_FILE)
        self.aliases: dict[str, list[str]] = {k: list(v) for k, v in words["aliases"].items()}
        same = {normalize(k).upper(): normalize(v).upper() for k, v in words["same"].items()}
        self.same = same
        self.same_re = regex.compile(alternation(same))
        self.scope_re = regex.compile(alternation(words["scope"]))
        change = {w: "增长" for w in words["growth"]} | {w: "下降" for w in words["decrease"]} | \
                 {w: "提高" for w in words["rise"]}
        self.change = change
        self.change_re = regex.compile(alternation(change) + "(?!值)")   # 增加值 is value added
        self.infix_re = regex.compile(rf"(?:{alternation(words['infix'])})+(?={alternation(change)}(?!值))")
        self.tails_re = regex.compile(rf"(?:{alternation(words['tails'])})$")
        self.left_words = frozenset(words["left"]) | {":", ","}
        self.left_max = max(len(w) for w in self.left_words)
        self.keys: dict[str, Key] = {}
        listable = set()
        for key, entry in data.items():
            unit = entry.get("unit", "any")
            if unit not in UNIT_CLASSES:
                raise ValueError(f"data/{KEYS_FILE}: {key}: unit {unit!r} is not one of {UNIT_CLASSES}")
            self.keys[key] = Key(key, entry["name"], unit, tuple(entry["phrasings"]))
            for p in entry["phrasings"]:
                listable |= {m.group(2) for m in TEMPLATE_RE.finditer(p) if m.group(3)}
        # A run of listable alias words (化学需氧量、氨氮) folds to the alias's first word.
        self.lists = [(regex.compile(rf"{alt}(?:{alternation(LIST_SEP)}{alt})+"), self.aliases[a][0])
                      for a in sorted(listable) for alt in [alternation(self.aliases[a])]]
        self.table: dict[str, str] = {}
        self.clashes: list[str] = []
        for k in self.keys.values():
            for p in k.phrasings:
                for literal in self.expand(p):
                    c = self.fold(literal)
                    # a share or rate may name its change: 比重提高4个百分点, 失业率下降到4%
                    for form in (c, c + "提高", c + "下降") if k.unit == "rate" else (c,):
                        if self.table.setdefault(form, k.key) != k.key:
                            self.clashes.append(f"{literal!r} ({form}) is both {self.table[form]} and {k.key}")
        self.longest = max(map(len, self.table))

    def expand(self, template: str) -> list[str]:
        """Every literal a phrasing template stands for.

        >>> sorted(vocab().expand("城镇[常住]居民人均可支配收入增长"))
        ['城镇居民人均可支配收入增长', '城镇常住居民人均可支配收入增长']
        """
        parts: list[list[str]] = []
        pos = 0
        for m in TEMPLATE_RE.finditer(template):
            parts.append([template[pos:m.start()]])
            if m.group(1) is not None:
                parts.append(["", *m.group(1).split("|")])
            else:
                parts.append(self.aliases[m.group(2)])
            pos = m.end()
        parts.append([template[pos:]])
        return ["".join(p) for p in itertools.product(*parts)]

    def fold(self, phrase: str) -> str:
        """Steps 2-6 of `canonical` (no value stripping)."""
        s = normalize(phrase).upper()
        s = "".join(ch for ch in s if not ch.isspace() and ch not in QUOTES)
        s = ASIDE_RE.sub("", s)
        s = STRAY_BRACKET_RE.sub("", s)
        s = self.same_re.sub(lambda m: self.same[m.group()], s)
        for pattern, first in self.lists:
            s = pattern.sub(first, s)
        s = self.scope_re.sub("", s)
        s = self.infix_re.sub("", s)
        s = self.change_re.sub(lambda m: self.change[m.group()], s)
        s = s.strip(":,;。、")                        # punctuation left at either end (a set of characters)
        while True:
            m = self.tails_re.search(s) or TRAILING_YEAR_RE.search(s)
            if m is None or m.start() == 0:
                return s
            s = s[:m.start()].rstrip(":,;、")

    def left_ok(self, left: str) -> bool:
        """Is `left` made only of frames, deadlines, scope and place names? (A walk over the positions
        reachable from the start: linear in len(left) times the longest word.)"""
        reach = [False] * (len(left) + 1)
        reach[0] = True
        for i in range(len(left)):
            if not reach[i]:
                continue
            for n in range(1, min(self.left_max, len(left) - i) + 1):
                if left[i:i + n] in self.left_words:
                    reach[i + n] = True
            for r in (YEAR_RE, PLAN_RE):
                m = r.match(left, i)
                if m:
                    reach[m.end()] = True
            han = HAN_RUN_RE.match(left, i, min(len(left), i + 11))   # a place name: 2-11 Han characters
            for e in range(i + 2, han.end() + 1 if han else 0):
                if any(left.endswith(s, i, e) and e - i > len(s) for s in PLACE_SUFFIXES):
                    reach[e] = True
        return reach[len(left)]


@cache
def vocab() -> _Vocab:
    """The vocabulary, compiled on first use."""
    return _Vocab()


def canonical(phrase: str) -> tuple[str, str | None]:
    """The canonical form of an indicator phrase, and the unit of a value printed at its end.

    >>> canonical("全省生产总值年均增长6.5%左右")
    ('生产总值增长', '%')
    >>> canonical("中央提出经济增长预期目标")
    ('中央提出经济增长', None)
    >>> canonical("细颗粒物（PM2.5）浓度降低")
    ('细颗粒物浓度下降', None)
    """
    v = vocab()
    s = normalize(phrase).strip()
    unit = None
    m = TRAILING_VALUE_RE.search(s.replace(" ", "")) if s else None
    if m and m.start() > 0:
        body = s.replace(" ", "")
        unit = "%" if m.group().lstrip("约近超逾").startswith("百分之") else m.group("unit")
        s = body[:m.start()]
    return v.fold(s), unit


def unit_class_ok(key_unit: str, unit: str | None) -> bool:
    """Does a unit fit a key's unit class? Unknown units always fit.

    >>> unit_class_ok("percent", "%"), unit_class_ok("percent", "亿元"), unit_class_ok("quantity", "%")
    (True, False, False)
    >>> unit_class_ok("rate", "个百分点"), unit_class_ok("quantity", None), unit_class_ok("quantity", "倍")
    (True, True, False)
    """
    if unit is None or key_unit == "any":
        return True
    if key_unit == "percent":
        return unit in PERCENT
    if key_unit == "rate":
        return unit in PERCENT or unit in POINTS
    return unit not in PERCENT and unit not in POINTS and unit not in RATIOS


def indicator_key(indicator: str, unit: str | None = None, kind: str | None = None) -> str | None:
    """The key of the comparable indicator a phrase names, or None.

    `unit` is the target's unit (width-folded or not); when it is None, a value printed at the end of
    the phrase gives it. `kind` is the target's kind: a "growth" target whose phrase names no change
    (the parser cut 增长 off) is read as growth where the vocabulary has a growth phrasing for it, and
    never as the level: "地区生产总值" with kind growth and unit 亿元 (an increase of N亿元) gets no key.

    >>> indicator_key("地区生产总值增长", "%"), indicator_key("全省生产总值增长6%左右")
    ('gdp_growth', 'gdp_growth')
    >>> indicator_key("地区生产总值", "亿元"), indicator_key("地区生产总值增长", "亿元")
    ('gdp', None)
    >>> indicator_key("人均地区生产总值增长", "%"), indicator_key("高技术制造业增加值占比", "%")
    ('gdp_per_capita', None)
    >>> indicator_key("单位国内生产总值能耗和二氧化碳排放降低", "%")
    >>> indicator_key("城乡居民人均可支配收入分别增长", "%")
    >>> indicator_key("化学需氧量、氨氮排放量要下降", "%")
    'pollutant_reduction'
    >>> indicator_key("社会消费品零售总额", "%", "growth"), indicator_key("地区生产总值", "亿元", "growth")
    ('retail_sales_growth', None)
    >>> indicator_key("居民消费价格涨幅", "%", "growth"), indicator_key("农村贫困人口", "万人", "growth")
    ('cpi', 'poverty_reduction')
    """
    if not indicator or "分别" in indicator:
        return None
    v = vocab()
    phrase, printed_unit = canonical(indicator)
    unit = normalize(unit).strip() if unit else printed_unit
    unit = unit or None
    if kind == "growth" and not phrase.endswith(CHANGE_HEADS):
        # The parser cut the change word off ("社会消费品零售总额" + 增长11.6%): the phrase with 增长 is
        # what the target measures. Only when no phrasing names that does the bare phrase stand: a phrase
        # that measures a change itself (居民消费价格涨幅, 能耗强度, 二氧化硫排放量, 减少贫困人口).
        found = _lookup(v, phrase + "增长")
        if found is not _NOTHING:
            return _fits(v, found, unit)
    return _fits(v, _lookup(v, phrase), unit)


CHANGE_HEADS = ("增长", "下降", "提高")
_NOTHING = object()          # no phrasing ends the phrase (as opposed to None: one does, but its left is not frames)


def _lookup(v: _Vocab, phrase: str) -> str | None | object:
    """The key of the longest phrasing that ends `phrase`; None when one does but what stands before it
    is more than frames and scope; _NOTHING when none does."""
    for i in range(max(0, len(phrase) - v.longest), len(phrase)):
        key = v.table.get(phrase[i:])
        if key is not None:
            return key if v.left_ok(phrase[:i]) else None
    return _NOTHING


def _fits(v: _Vocab, found: str | None | object, unit: str | None) -> str | None:
    """`found` when it is a key whose unit class admits `unit`, else None."""
    if not isinstance(found, str):
        return None
    return found if unit_class_ok(v.keys[found].unit, unit) else None


def key_names() -> dict[str, str]:
    """key -> Chinese name, in the vocabulary's order (the column order of a panel)."""
    return {k.key: k.name for k in vocab().keys.values()}


def keys() -> tuple[Key, ...]:
    """The keys of the vocabulary, in its order."""
    return tuple(vocab().keys.values())
