"""String folding and quantities: what "equal" means when gold and predictions are compared.

Scoring compares strings and never maps offsets, so it folds with NFKC (which may change lengths),
unlike normalize.py. Quantities are compared in base units: the SPEC §7 multipliers 万/亿/万亿 go
into the number (their factors come from the one table in numerals.py).
"""
from __future__ import annotations

import unicodedata
from typing import Any

from ..numerals import MULTIPLIERS as ALL_MULTIPLIERS
from ..lexicons import compile_on_use

WHITE_RE = compile_on_use(r"\s+")               # a single class, one quantifier: linear
TITLE_TAIL = "。.;；:：,，、"                     # dropped from the end of titles
DASHES = str.maketrans(dict.fromkeys("—–－‐‑‒―─", "-"))

#: the multipliers SPEC §7 folds into the number (万/亿/万亿, as the reference scorer does); 千万, 百万,
#: 千亿 and 百亿 stay part of the unit, so that the figures equal the reference scorer's everywhere
SCORED_MULTIPLIERS = ("万亿", "亿", "万")
MULTIPLIERS = tuple((prefix, factor) for prefix, factor in ALL_MULTIPLIERS if prefix in SCORED_MULTIPLIERS)


def fold(s: Any) -> str:
    """Width-folded (NFKC) text without white space; None is "".

    >>> fold("（一）　总体 要求")
    '(一)总体要求'
    >>> fold("ＡＢ１２"), fold(None)
    ('AB12', '')
    """
    if s is None:
        return ""
    return WHITE_RE.sub("", unicodedata.normalize("NFKC", str(s)))


def fold_title(s: Any) -> str:
    """fold(), dash variants as "-", trailing punctuation dropped.

    >>> fold_title("合川区实施方案（2021—2023年）。")
    '合川区实施方案(2021-2023年)'
    """
    t = fold(s).translate(DASHES)
    return t.rstrip(TITLE_TAIL)


def prefix_match(a: str, b: str) -> bool:
    """Both non-empty and one starts with the other.

    >>> prefix_match("发展目标", "发展目标和路径"), prefix_match("目标", "发展目标"), prefix_match("", "x")
    (True, False, False)
    """
    return bool(a) and bool(b) and (a.startswith(b) or b.startswith(a))


def bigrams(s: Any) -> set[str]:
    """Character bigrams of fold(s); a one-character string is its own bigram.

    >>> sorted(bigrams("增加值")), bigrams("值"), bigrams("")
    (['加值', '增加'], {'值'}, set())
    """
    t = fold(s)
    if len(t) < 2:
        return {t} if t else set()
    return {t[i:i + 2] for i in range(len(t) - 1)}


def dice(a: Any, b: Any) -> float:
    """Dice coefficient of the character bigrams.

    >>> dice("服务业增加值", "服务业增加值比重")
    0.8333333333333334
    >>> dice("", "x")
    0.0
    """
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def indicator_agrees(gold: Any, pred: Any) -> bool:
    """Same indicator: one contains the other (folded), or bigram Dice ≥ 0.5.

    >>> indicator_agrees("软件业务收入", "全区软件业务收入")
    True
    >>> indicator_agrees("服务业增加值年均增长", "服务业增加值增长")
    True
    >>> indicator_agrees("常住人口城镇化率", "森林覆盖率")
    False
    """
    g, p = fold(gold), fold(pred)
    if g and p and (g in p or p in g):
        return True
    return dice(gold, pred) >= 0.5


def split_multiplier(unit: str) -> tuple[float, str]:
    """(factor, rest) of a folded unit: a leading 万/亿/万亿 as its factor (the longest; never the whole
    unit, so a bare "万" stays a unit), else 1.0 and the unit.

    >>> split_multiplier("万亿元"), split_multiplier("万个坐席"), split_multiplier("万"), split_multiplier("%")
    ((1000000000000.0, '元'), (10000.0, '个坐席'), (1.0, '万'), (1.0, '%'))
    """
    return next(((factor, unit[len(prefix):]) for prefix, factor in MULTIPLIERS
                 if unit.startswith(prefix) and len(unit) > len(prefix)), (1.0, unit))


#: units that are another unit's spelling, after the multiplier is gone
UNIT_SPELLINGS = {"百分之": "%", "percent": "%"}


def base_unit(unit: str) -> str:
    """A unit without its multiplier, as compared: a leading 个 dropped (a measure word, but not from
    个百分点), 百分之 and percent as %.

    >>> base_unit("个坐席"), base_unit("个百分点"), base_unit("个"), base_unit("百分之")
    ('坐席', '个百分点', '个', '%')
    """
    if len(unit) >= 2 and unit.startswith("个") and not unit.startswith("个百分点"):
        unit = unit[1:]
    return UNIT_SPELLINGS.get(unit, unit)


def base_quantity(value: Any, unit: Any) -> tuple[float, str] | None:
    """(value, unit) in base units: split_multiplier, then base_unit. None when the value is not a number.

    >>> base_quantity(1.4, "万亿元") == base_quantity(14000, "亿元") == (1.4e12, "元")
    True
    >>> base_quantity(3, "万个坐席"), base_quantity(2, "个百分点"), base_quantity(45, "％")
    ((30000.0, '坐席'), (2.0, '个百分点'), (45.0, '%'))
    >>> base_quantity(5, "千万元"), base_quantity(2, "万")          # not a SPEC §7 multiplier; a bare 万
    ((5.0, '千万元'), (2.0, '万'))
    >>> base_quantity("n/a", "%") is None
    True
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    factor, rest = split_multiplier(fold(unit))
    return number * factor, base_unit(rest)


def same_number(a: float, b: float) -> bool:
    """Equal up to a relative 1e-6 (floats from different multipliers).

    >>> same_number(1.4 * 1e12, 14000 * 1e8), same_number(45.0, 45.5)
    (True, False)
    """
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))
