"""The heading-number grammar: tests/cases/markers.yaml, one case per printed form."""
from __future__ import annotations

import pytest

from casesupport import load_cases
from policyparse.markers import marker_at
from policyparse.normalize import normalize


@pytest.mark.parametrize("case", load_cases("markers"))
def test_case(case):
    m = marker_at(normalize(case["line"]))
    assert (m.style if m else None) == case["style"]
    if m and "number" in case:
        assert m.number == case["number"]
