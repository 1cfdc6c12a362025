"""numerals.py: the Chinese numeral grammar (doctests hold the spec; here the round trip and edges)."""
from __future__ import annotations

import doctest

import pytest
from hypothesis import given, strategies as st

from policyparse import numerals
from policyparse.numerals import cn_to_number, parse_number, split_multiplier, to_chinese


def test_doctests():
    assert doctest.testmod(numerals).failed == 0


@given(st.integers(min_value=0, max_value=10 ** 12))
def test_round_trip(n):
    assert cn_to_number(to_chinese(n)) == n


@pytest.mark.parametrize("text,value", [
    ("十", 10), ("十一", 11), ("二十", 20), ("一百零一", 101), ("一千零一十", 1010), ("两万", 20000),
    ("三亿五千万", 350_000_000), ("一万零五亿", 1_000_500_000_000), ("壹仟", 1000), ("〇", 0),
])
def test_values(text, value):
    assert cn_to_number(text) == value


@pytest.mark.parametrize("text", ["十四五", "一二三", "百千", "万", "亿元", "十十", "五五", "两两"])
def test_not_numerals(text):
    """Words built of numeral characters that are not numbers (十四五 is a plan, not 55)."""
    assert cn_to_number(text) is None


def test_arabic():
    assert parse_number("1,234.5") == 1234.5 and parse_number("007") == 7 and parse_number("1.2.3") is None


@pytest.mark.parametrize("unit,mult,base", [
    ("万亿元", 1e12, "元"), ("亿美元", 1e8, "美元"), ("万人次", 1e4, "人次"), ("%", 1, "%"), ("个百分点", 1, "个百分点"),
])
def test_split_multiplier(unit, mult, base):
    assert split_multiplier(unit) == (mult, base)
