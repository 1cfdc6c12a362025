"""Table-driven cases: tests/cases/<stage>.yaml -> pytest params with ids.

A case with `status: known-failure` runs as xfail(strict=True): fixing it forces moving the case.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

CASES = Path(__file__).parent / "cases"


def load_cases(name: str) -> list:
    """pytest.param(case, id=case["id"]) for every case in tests/cases/<name>.yaml."""
    cases = yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8")) or []
    out = []
    for case in cases:
        marks = [pytest.mark.xfail(strict=True, reason=case.get("why", "known failure"))] \
            if case.get("status") == "known-failure" else []
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out
