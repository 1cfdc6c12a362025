"""Document split and metadata: the case tables, and data/raw/004's seven documents against its gold."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from casesupport import load_cases

from policyparse.decode import decode
from policyparse.heads import classify
from policyparse.meta import extract_meta, iso_date
from policyparse.normalize import normalize
from policyparse.records import Text
from policyparse.lines import SITE, line_kind
from policyparse.split import split_documents

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
GOLD = ROOT / "data" / "gold"


def _text(raw: str) -> Text:
    return Text(raw, normalize(raw))


def _read(path: Path) -> Text:
    return _text(decode(path.read_bytes(), "auto", name=str(path)).text)


def _first_line(raw: str, span) -> str:
    return raw[span[0]:span[1]].splitlines()[0].strip()


def _last_line(raw: str, span) -> str:
    return raw[span[0]:span[1]].splitlines()[-1].strip()


# ---------------------------------------------------------------- case tables

SPLIT = load_cases("split")
META = load_cases("meta")


@pytest.mark.parametrize("case", [c for c in SPLIT if "line" in c.values[0]])
def test_noise_line(case):
    kind = line_kind(normalize(case["line"]))
    got = kind if kind in (SITE, "inline") else None
    assert got == case["noise"], f"{case['line']!r}: {kind}"


@pytest.mark.parametrize("case", [c for c in SPLIT if "text" in c.values[0]])
def test_split_case(case):
    t = _text(case["text"])
    s = split_documents(t)
    got = [{"first": _first_line(t.raw, d.span), "last": _last_line(t.raw, d.span)} for d in s.items]
    assert got == case["documents"]
    for d in s.items:                                   # spans neither start nor end with white space
        a, b = d.span
        assert a < b and not t.raw[a].isspace() and not t.raw[b - 1].isspace()
    if "noise" in case:
        assert [t.raw[a:b] for a, b in s.noise] == case["noise"]
    assert sorted({str(w.code) for w in s.warnings}) == sorted(set(case.get("warnings", [])))
    for w in s.warnings:                                # a warning points at the text it is about
        assert w.span and t.raw[w.span[0]:w.span[1]].strip()


@pytest.mark.parametrize("case", [c for c in META if "date" in c.values[0]])
def test_iso_date(case):
    assert iso_date(normalize(case["date"])) == case["iso"]


@pytest.mark.parametrize("case", [c for c in META if "line" in c.values[0]])
def test_line_kind(case):
    assert str(classify(normalize(case["line"]))) == case["kind"]


@pytest.mark.parametrize("case", [c for c in META if "text" in c.values[0]])
def test_meta_case(case):
    t = _text(case["text"])
    m = extract_meta(t, (0, len(t.raw)))
    for field, want in case["expect"].items():
        got = getattr(m, field)
        if field == "alt_titles":
            got = list(got)
        assert got == want, f"{field}: {got!r} != {want!r}"
        if field in ("doc_number", "recipients") and want:
            flat = "".join(t.raw.split())           # a 令 number may be printed over two lines
            assert "".join(want.split()) in flat, f"{field} is not printed as such in the text"


# ---------------------------------------------------------------- the seeds against their gold


def _gold(stem: str) -> dict:
    return yaml.safe_load(next(GOLD.glob(f"{stem}*.yaml")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(RAW.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_documents_match_gold(path):
    t = _read(path)
    gold = _gold(path.stem)["documents"]
    s = split_documents(t)
    assert len(s.items) == len(gold)
    starts = [t.raw.count("\n", 0, d.span[0]) + 1 for d in s.items]
    assert starts == [g["first_line"] for g in gold]
    prev_end = 0
    for d, g in zip(s.items, gold):
        a, b = d.span
        assert prev_end <= a < b and not t.raw[a].isspace() and not t.raw[b - 1].isspace()
        prev_end = b
        m = extract_meta(t, d.span)
        for field in ("title", "doc_number", "date"):
            assert getattr(m, field) == g.get(field), field
        if g.get("issuer"):                     # the scorer's rule: equal, or one ends with the other
            short, long_ = sorted(((m.issuer or "").replace(" ", ""), g["issuer"].replace(" ", "")), key=len)
            assert short and long_.endswith(short), (m.issuer, g["issuer"])
        for alt in g.get("alt_titles") or []:
            assert alt in m.alt_titles


def test_004_no_site_boilerplate_inside_a_document():
    path = next(RAW.glob("004*.txt"))
    t = _read(path)
    s = split_documents(t)
    assert len(s.items) == 7
    site, inline = [], []
    pos = 0
    for line in t.norm.splitlines(keepends=True):
        st = line.strip()
        if st:
            start = pos + line.index(st[0])
            kind = line_kind(st)
            if kind == SITE:
                site.append((start, start + len(st)))
            elif kind == "inline":
                inline.append((start, start + len(st)))
        pos += len(line)
    assert len(site) >= 8                   # header, breadcrumb, three 来源 lines, footer, copyright
    for a, b in site:
        assert not any(d.span[0] <= a < d.span[1] for d in s.items), t.raw[a:b]
    # every boilerplate and stray line is reported as noise
    assert set(site) | set(inline) == set(s.noise)
    # the only text outside documents is noise or white space
    covered = sorted([d.span for d in s.items] + list(s.noise))
    pos = 0
    for a, b in covered:
        assert not t.raw[pos:a].strip(), t.raw[pos:a][:40]
        pos = max(pos, b)
    assert not t.raw[pos:].strip()
    assert not s.warnings


def test_split_is_fast_and_total_on_hostile_input():
    big = "一" * 1_000_000                             # one 1 MB line
    many = "来源:x\n(一)\n渝府发〔2019〕1号\n各区县人民政府:\n" * 25_000   # 100k short lines
    for raw in (big, many, "", "\n\n\n", "〔" * 5000 + "号"):
        t0 = time.perf_counter()
        t = _text(raw)
        s = split_documents(t)
        for d in s.items[:50]:
            extract_meta(t, d.span)
        assert time.perf_counter() - t0 < 5, f"{len(raw)} chars took too long"
