"""Every contract invariant (tests/invariants.py) on every text the repository holds, as printed and in the layouts
of tests/test_real_layouts.py: real documents break what generated ones do not (a 第X条 title that ran into a
"2.2" heading a later step added was invalid JSON for `validate`, session 12, on tel_train133 as printed)."""
from __future__ import annotations

import pytest
from conftest import ROOT
from invariants import check_result
from test_real_layouts import glued, spaced, wrapped

from policyparse.decode import decode
from policyparse.pipeline import parse_text

SETS = ("data/raw", "tests/heldout/raw", "tests/real/raw", "tests/fresh/raw", "tests/data/work_reports", "tests/data/real_sample")


def _texts():
    for d in SETS:
        for f in sorted((ROOT / d).glob("*.txt")):
            yield f"{d}/{f.name}", decode(f.read_bytes(), name=f.name).text      # (some are GB18030)


@pytest.mark.parametrize("layout", [None, spaced, glued, wrapped], ids=["printed", "spaced", "glued", "wrapped"])
def test_every_text_keeps_the_contract(layout):
    failed = []
    for name, text in _texts():
        if layout is not None:
            text = layout(name, text)
        try:
            check_result(text, parse_text(text, path=name))
        except AssertionError as e:
            failed.append(f"{name}: {e}")
    assert not failed, f"{len(failed)} texts break the contract, first: {failed[:3]}"
