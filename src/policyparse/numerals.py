"""Numerals: Arabic and Chinese numbers, and the multipliers 万/亿 that units carry.

A small grammar written for policy text (cn2an's in-text transform corrupts words, chinese2digits reads
十四五 as 55): convert only an isolated numeral, never a word that merely contains numeral characters.

>>> cn_to_number("一万"), cn_to_number("三千五百"), cn_to_number("两"), cn_to_number("十五")
(10000, 3500, 2, 15)
>>> parse_number("1,200.5"), parse_number("一百二十万"), parse_number("45")
(1200.5, 1200000, 45)
"""
from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9,
          "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

#: characters a Chinese numeral is made of (used to build the quantity pattern in targets.py)
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

#: leading multipliers a written unit may carry: "万亿元" -> (1e12, "元")
MULTIPLIERS = (("万亿", 1e12), ("千亿", 1e11), ("百亿", 1e10), ("亿", 1e8), ("千万", 1e7), ("百万", 1e6),
               ("万", 1e4))


def _section(s: str) -> int | None:
    """A numeral below 10000 ("三千零五", "十二", "五"); None when malformed."""
    total, digit, seen_unit = 0, None, 10_000
    for ch in s:
        if ch in DIGITS:
            if digit is not None and digit != 0 and DIGITS[ch] != 0:
                return None                      # two digits in a row: "一二" is not a number here
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= seen_unit:
                return None                      # units must fall: 千 > 百 > 十
            seen_unit = unit
            total += (1 if digit is None else digit) * unit   # "十五": an omitted 一 before 十
            digit = None
        else:
            return None
    return total + (digit or 0)


def cn_to_number(s: str) -> int | None:
    """The value of a Chinese numeral, or None when `s` is not one.

    >>> cn_to_number("一亿二千万"), cn_to_number("十万"), cn_to_number("零"), cn_to_number("一二")
    (120000000, 100000, 0, None)
    >>> cn_to_number("两万五千"), cn_to_number("五百零三"), cn_to_number("万"), cn_to_number("")
    (25000, 503, None, None)
    """
    if not s or s[0] in BIG_UNITS:
        return None
    total, rest = 0, s
    for big, mult in (("亿", 100_000_000), ("万", 10_000)):
        if big in rest:
            head, _, rest = rest.partition(big)
            if big in rest:                      # 万万: not produced by policy text
                return None
            v = cn_to_number(head) if ("万" in head and big == "亿") else _section(head)
            if v is None or (v == 0 and head not in ("零", "〇")):
                return None
            total += v * mult
    if rest:
        v = _section(rest.lstrip("零〇"))
        if v is None:
            return None
        total += v
    return total


def cn_digits(s: str) -> int | None:
    """A number written digit by digit, as years are: "二〇一九" -> 2019; None when a character is no digit.

    >>> cn_digits("二〇一九"), cn_digits("一九九七"), cn_digits("二零二四"), cn_digits("二十")
    (2019, 1997, 2024, None)
    """
    out = 0
    for ch in s:
        d = DIGITS.get(ch, CIRCLE_ZEROS.get(ch))
        if d is None:
            return None
        out = out * 10 + d
    return out if s else None


#: a year as printed: 2024 (width-folded), 二〇二四 / 一九九○ digit by digit, or an OCR copy's "1 9 9 3" (no group)
YEAR_DIGITS = (r"(?:19|20)\d{2}|1[ ]9[ ]\d[ ]\d|2[ ]0[ ]\d[ ]\d"
               r"|[一二][〇○零九一二三四五六七八][〇○零一二三四五六七八九]{2}")


def year_value(s: str) -> int | None:
    """The year a YEAR_DIGITS match names.

    >>> year_value("2024"), year_value("一九九○"), year_value("1 9 9 3"), year_value("二〇二五")
    (2024, 1990, 1993, 2025)
    """
    s = s.replace(" ", "")
    return int(s) if s.isdigit() else cn_digits(s)


#: zeros written with letters or digits inside Chinese years ("二O一九", "二0一九")
CIRCLE_ZEROS = {"O": 0, "0": 0}


def parse_number(s: str) -> float | int | None:
    """An Arabic number (thousands commas allowed) or a Chinese numeral; None otherwise.

    >>> parse_number("十一点六"), parse_number("十二点零五")
    (11.6, 12.05)
    >>> parse_number("12.5"), parse_number("3,000"), parse_number("两"), parse_number("abc")
    (12.5, 3000, 2, None)
    """
    s = s.strip()
    if not s:
        return None
    if s[0].isdigit():
        t = s.replace(",", "")
        try:
            return int(t) if t.isdigit() else float(t)
        except ValueError:
            return None
    if "点" in s:                                  # "十一点六" = 11.6, "百分之十二点八" (digits after 点)
        whole, _, frac = s.partition("点")
        w, f = cn_to_number(whole), cn_digits(frac)
        return None if w is None or f is None or not frac else float(f"{w}.{frac_digits(frac)}")
    return cn_to_number(s)


def frac_digits(s: str) -> str:
    """The digits after a Chinese decimal point, as printed: "零六" -> "06"."""
    return "".join(str(DIGITS[c]) for c in s)


def to_chinese(n: int) -> str:
    """The Chinese numeral of a non-negative integer below 10^16 (the inverse of `cn_to_number`).

    >>> to_chinese(10000), to_chinese(15), to_chinese(1003), to_chinese(120000000), to_chinese(0)
    ('一万', '十五', '一千零三', '一亿二千万', '零')
    >>> to_chinese(1000500000000), to_chinese(100100)
    ('一万零五亿', '十万零一百')
    """
    if n == 0:
        return "零"
    return _cn(n, leading=True)


def _cn(n: int, leading: bool) -> str:
    digits = "零一二三四五六七八九"
    for mult, name in ((100_000_000, "亿"), (10_000, "万")):
        if n >= mult:
            head, rest = divmod(n, mult)
            out = _cn(head, leading) + name
            if rest:
                out += ("零" if rest < mult // 10 else "") + _cn(rest, leading=False)
            return out
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            bare_ten = d == 1 and unit == 10 and leading and not out         # 十二, not 一十二
            out += ("零" if zero else "") + ("" if bare_ten else digits[d]) + name
            zero = False
        elif out:
            zero = True
    return out


def split_multiplier(unit: str) -> tuple[float, str]:
    """(multiplier, base unit) of a unit as written.

    >>> split_multiplier("万亿元"), split_multiplier("万人"), split_multiplier("%"), split_multiplier("万")
    ((1000000000000.0, '元'), (10000.0, '人'), (1, '%'), (1, '万'))
    """
    for prefix, mult in MULTIPLIERS:
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return mult, unit[len(prefix):]
    return 1, unit
