"""indicator_key against a blind table of real phrasings (tests/cases/indicator_keys.yaml).

The table was written from the key list alone (docs/researchers.md; the phrasings of the vocabulary were
not seen) by someone who did not write the vocabulary: 474 phrasings from the real corpus, each with the
key it should get or null. Issue 17 asks for at least 95 % agreement and no wrong key.
"""
from __future__ import annotations

import re
from functools import cache

import pytest

from casesupport import CASES
from policyparse.normalize import normalize
from policyparse.reports.indicators import indicator_key

import yaml


@cache
def cases() -> list[dict]:
    return yaml.safe_load((CASES / "indicator_keys.yaml").read_text(encoding="utf-8"))


def split() -> tuple[list[dict], list[dict]]:
    """The table cut in two, deterministically: the cases sorted by id, even positions DEV, odd HOLDOUT.

    The vocabulary work (issue 17) looked only at DEV misses; HOLDOUT was scored, never read, so its
    agreement is the honest estimate of how the matcher does on phrasings it was not tuned on.
    """
    ordered = sorted(cases(), key=lambda c: c["id"])
    return ordered[0::2], ordered[1::2]


def score(table: list[dict]) -> tuple[int, list[tuple[str, str | None, str | None]]]:
    """(number right, [(id, key, predicted) for every wrong key]) of a list of cases."""
    got = [(c, predict(c)) for c in table]
    return (sum(p == c["key"] for c, p in got),
            [(c["id"], c["key"], p) for c, p in got if p is not None and p != c["key"]])


def unit_of(value_text: str) -> str:
    """The unit printed with the value, as the parser gives it: "5.5%左右" -> "%", "1100万人以上" -> "万人",
    "百分之八点一" -> "%" (targets/quantities.py reads 百分之 as a percentage)."""
    v = normalize(value_text).replace(" ", "")
    if "%" in v or v.lstrip("约近超逾").startswith("百分之"):
        return "%"
    m = re.search(r"[\d.]+(?:\s*[~\-—–－至到]\s*[\d.]+)?(?P<unit>[^\d\s.]*?)(?:左右|以上|以下|以内)?$", v)
    return m.group("unit") if m else ""


def predict(case: dict) -> str | None:
    kind = "growth" if case.get("value_kind") == "growth" else None
    return indicator_key(case["phrase"], unit_of(str(case["value_text"])), kind)


def test_table_is_large_and_has_nulls():
    assert len(cases()) >= 200 and sum(c["key"] is None for c in cases()) >= 50


def test_the_split_is_a_partition_by_sorted_id():
    dev, holdout = split()
    ids = sorted(c["id"] for c in cases())
    assert len(set(ids)) == len(ids), "case ids must be unique for the split to be deterministic"
    assert [c["id"] for c in dev] == ids[0::2] and [c["id"] for c in holdout] == ids[1::2]
    assert len(dev) - len(holdout) in (0, 1)


def test_agreement_at_least_95_percent_and_no_wrong_key():
    right, wrong = score(cases())
    assert not wrong, f"{len(wrong)} wrong keys, e.g. {wrong[:10]}"
    assert right / len(cases()) >= 0.95, f"agreement {right}/{len(cases())} = {right / len(cases()):.3f}"


@pytest.mark.parametrize("half", ["dev", "holdout"])
def test_each_half_at_least_95_percent_and_no_wrong_key(half):
    """The bar holds on HOLDOUT too, the half the vocabulary was not tuned on (first scores, issue 17:
    DEV 205/237 with 1 wrong key, HOLDOUT 210/237 with 1 wrong key)."""
    table = dict(zip(("dev", "holdout"), split()))[half]
    right, wrong = score(table)
    assert not wrong, f"{len(wrong)} wrong keys in {half}"     # ids only: the HOLDOUT phrases stay unread
    assert right / len(table) >= 0.95, f"{half}: agreement {right}/{len(table)} = {right / len(table):.3f}"


@pytest.mark.parametrize("value_text,unit", [("5.5%左右", "%"), ("1100万人以上", "万人"), ("1.3万亿斤", "万亿斤"),
                                             ("6.5%－7%", "%"), ("１２．９％", "%"), ("18亿亩", "亿亩"),
                                             ("百分之七点五", "%"), ("百分之四至百分之五", "%")])
def test_unit_of(value_text, unit):
    assert unit_of(value_text) == unit
