"""Full ParseResult per seed file, diffed against tests/golden/<stem>.json.

A change in output shows up here as a readable diff; accuracy itself is scored by `policyparse eval`.
Run `pytest tests/test_golden.py --update-golden` after an intended change, and review the diff in git.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyparse import parse_file

ROOT = Path(__file__).resolve().parent.parent
RAW = sorted((ROOT / "data" / "raw").glob("*.txt"))
GOLDEN = Path(__file__).parent / "golden"


def _flat(obj, path="$"):
    """Leaf paths -> values, so that a failure names the first differing field."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _flat(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _flat(v, f"{path}[{i}]")
        if not obj:
            yield path, []
    else:
        yield path, obj


@pytest.mark.parametrize("raw", RAW, ids=[p.stem[:3] for p in RAW])
def test_golden(raw: Path, request):
    got = parse_file(raw).model_dump(mode="json")
    got["source"]["path"] = raw.name            # machine-independent
    golden = GOLDEN / f"{raw.stem}.json"
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    assert golden.exists(), f"{golden} missing: run pytest tests/test_golden.py --update-golden"
    want = json.loads(golden.read_text(encoding="utf-8"))
    if got != want:
        a, b = dict(_flat(want)), dict(_flat(got))
        diffs = [k for k in dict.fromkeys([*a, *b]) if a.get(k, "<missing>") != b.get(k, "<missing>")]
        shown = "\n".join(f"{k}: {a.get(k, '<missing>')!r} -> {b.get(k, '<missing>')!r}" for k in diffs[:15])
        pytest.fail(f"{len(diffs)} field(s) differ from {golden.name}:\n{shown}")
