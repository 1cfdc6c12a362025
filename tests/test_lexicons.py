"""Integrity of the vocabulary files under src/policyparse/data/ (STYLE B3, after dateparser's data tests).

Generic over whatever files exist: every file loads through lexicons.py; no entry is duplicated or carries
stray white space; mapping values lie in the set the code accepts, where that set can be told; every data
file is read by some module, and every file a module names exists.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import get_args

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from policyparse import records
from policyparse.lexicons import load_list, load_map

PKG = Path(__file__).resolve().parent.parent / "src" / "policyparse"
DATA = PKG / "data"
FILES = sorted(p for p in DATA.rglob("*") if p.is_file() and not p.name.startswith(".")
               and "__pycache__" not in p.parts)
TXT = [p for p in FILES if p.suffix == ".txt"]
YAML = [p for p in FILES if p.suffix in (".yaml", ".yml")]
SOURCES = {p: p.read_text(encoding="utf-8") for p in PKG.rglob("*.py")}
EDGE_SPACE = " \t\u3000\u00a0\ufeff"


def rel(p: Path) -> str:
    return p.relative_to(DATA).as_posix()


def ids(paths):
    return [rel(p) for p in paths]


def test_there_are_data_files_to_check():
    assert FILES or not any(("load_list(" in s or "load_map(" in s) for n, s in SOURCES.items()
                            if n.name != "lexicons.py")


def test_only_known_formats():
    assert [rel(p) for p in FILES if p.suffix not in (".txt", ".yaml", ".yml")] == []


@pytest.mark.parametrize("path", TXT, ids=ids(TXT))
def test_txt_list(path):
    raw = path.read_text(encoding="utf-8")
    assert not raw.startswith("\ufeff"), "BOM at the start"
    assert "\r" not in raw, "CR line ends"
    entries = load_list(rel(path))
    assert entries, "no entries"
    problems = []
    for n, line in enumerate(raw.splitlines(), 1):
        body, hashed, _ = line.partition("#")
        if not body.strip():
            continue
        entry = body.rstrip(" ") if hashed else body      # spaces before a trailing comment are layout
        if entry != entry.strip(EDGE_SPACE) or "\t" in entry:
            problems.append(f"line {n}: stray white space in {line!r}")
    seen = {}
    for e in entries:
        if e in seen:
            problems.append(f"duplicate entry {e!r}")
        seen[e] = True
    assert not problems, "\n".join(problems)


class _DupKeyLoader(yaml.SafeLoader):
    """safe_load that fails on a repeated mapping key (PyYAML silently keeps the last one)."""

    def construct_mapping(self, node, deep=False):
        keys = set()
        for k, _ in node.value:
            key = self.construct_object(k, deep=True)
            if key in keys:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", k.start_mark)
            keys.add(key)
        return super().construct_mapping(node, deep)


def _strings(obj, where=""):
    """(where, string) for every string key and value inside a loaded YAML object."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield f"{where}/{k}", k
            yield from _strings(v, f"{where}/{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _strings(v, f"{where}[{i}]")
    elif isinstance(obj, str):
        yield where, obj


def _lists(obj, where=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _lists(v, f"{where}/{k}")
    elif isinstance(obj, list):
        yield where, obj
        for i, v in enumerate(obj):
            yield from _lists(v, f"{where}[{i}]")


def _thawed(value):
    """A load_map result as yaml.safe_load gives it (dicts and lists), to compare with the file."""
    if isinstance(value, Mapping):
        return {k: _thawed(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thawed(v) for v in value]
    return value


@pytest.mark.parametrize("path", YAML, ids=ids(YAML))
def test_yaml(path):
    raw = path.read_text(encoding="utf-8")
    data = yaml.load(raw, Loader=_DupKeyLoader)            # no duplicate keys
    assert data, "empty"
    if isinstance(data, dict):
        assert _thawed(load_map(rel(path))) == data         # loads through lexicons.py, read-only
    problems = [f"{w}: stray white space in {s!r}" for w, s in _strings(data) if s != s.strip(EDGE_SPACE) or not s]
    for w, items in _lists(data):
        hashable = [x for x in items if isinstance(x, (str, int, float))]
        dups = sorted({x for x in hashable if hashable.count(x) > 1}, key=str)
        if dups:
            problems.append(f"{w}: duplicate entries {dups}")
    assert not problems, "\n".join(problems)


def _read_only(value) -> bool:
    if isinstance(value, Mapping):
        return isinstance(value, MappingProxyType) and all(map(_read_only, value.values()))
    return not isinstance(value, (list, set, dict)) and (not isinstance(value, tuple) or all(map(_read_only, value)))


@pytest.mark.parametrize("path", YAML, ids=ids(YAML))
def test_a_loaded_mapping_is_read_only(path):
    """load_map's result is cached and shared: no caller can change it for the others."""
    data = load_map(rel(path))
    assert isinstance(data, MappingProxyType) and _read_only(data)
    with pytest.raises(TypeError):
        data["x"] = 1                                  # type: ignore[index]


# --- mapping values in their allowed sets ------------------------------------------------------------

LITERALS = {"qualifier": set(get_args(records.Qualifier)), "direction": set(get_args(records.Direction))}


def _flat_str_maps(obj, where=""):
    if isinstance(obj, dict):
        if obj and all(isinstance(v, str) for v in obj.values()):
            yield where or "/", obj
        for k, v in obj.items():
            yield from _flat_str_maps(v, f"{where}/{k}")


@pytest.mark.parametrize("path", YAML, ids=ids(YAML))
def test_values_of_a_known_kind_stay_in_their_set(path):
    """A word -> value mapping that uses one qualifier (or direction) value must use only those values:
    a typo such as `at_leats` would otherwise silently never match."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = []
    for where, mapping in _flat_str_maps(data):
        values = set(mapping.values())
        for name, allowed in LITERALS.items():
            if values & allowed and not values <= allowed:
                problems.append(f"{where}: {sorted(values - allowed)} are not {name} values {sorted(allowed)}")
    assert not problems, "\n".join(problems)


def _file_rules():
    """(file, check) where the allowed set is known from the code or from the file itself."""
    def roles(d):
        from policyparse import responsibilities as m
        allowed = {getattr(m, n) for n in ("LEAD", "RESP", "SUPPORT")}
        return [f"{part}/{k}: {v!r} not in {sorted(allowed)}" for part in d for k, v in d[part].items()
                if v not in allowed]

    def columns(d):
        order = set(d["order"])
        return [f"{part}: column type {t!r} not in order {sorted(order)}" for part, rules in d.items()
                if isinstance(rules, Mapping) for t in rules if t not in order]

    def web_fields(d):
        allowed = {f.name for f in dataclasses.fields(records.MetaHit)} | {"other", "publisher"}   # (publisher:
        return [f"{k!r} is not a MetaHit field nor 'other'" for k in d if k not in allowed]  # the issuer's last source)

    return [("responsibilities/roles.yaml", roles), ("tables/columns.yaml", columns),
            ("heads/web_fields.yaml", web_fields)]


@pytest.mark.parametrize("name,check", _file_rules(), ids=[n for n, _ in _file_rules()])
def test_file_specific_value_sets(name, check):
    if not (DATA / name).exists():
        pytest.skip(f"{name} does not exist (any more)")
    assert check(load_map(name)) == []


# --- references both ways -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", FILES, ids=ids(FILES))
def test_every_data_file_is_read_by_a_module(path):
    """The path appears in some module, or its stem is quoted in the stage module of the same name
    (targets/ builds `f"targets/{name}.txt"` from a list of names); a stage package counts as its module."""
    name = rel(path)
    if any(name in src for src in SOURCES.values()):
        return
    stage = PKG / f"{path.parent.name}.py"
    src = SOURCES.get(stage, "") + "".join(v for k, v in SOURCES.items() if k.parent.name == path.parent.name)
    assert re.search(rf"""["']{re.escape(path.stem)}["']""", src), f"data/{name} is read by no module"


CALL = re.compile(r"""load_(?:list|map)\(\s*["']([^"'{}]+)["']""")


@pytest.mark.parametrize("module", sorted(SOURCES), ids=lambda p: p.name)
def test_every_named_data_file_exists(module):
    missing = [n for n in CALL.findall(SOURCES[module]) if not (DATA / n).is_file()]
    assert missing == []


def _std_source_char_by_char(pattern: str, flags: int = 0) -> str:
    """std_source as it was first written, one character at a time (the oracle of the test below)."""
    from policyparse.lexicons import STD_CLASSES, STD_PROPERTIES
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            esc = pattern[i + 1:i + 2]
            prop = next((p for p in STD_PROPERTIES if pattern.startswith(p, i)), None)
            if esc in STD_CLASSES or prop:
                cls = STD_PROPERTIES[prop] if prop else STD_CLASSES[esc]
                out.append(cls if in_class else "[" + cls + "]")
                i += len(prop) if prop else 2
                continue
            if esc and esc in "SDwWbBpPLNX":
                raise ValueError(esc)
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class and ch == "]":
            in_class = False
        elif not in_class and ch == "[":
            in_class = True
        elif not in_class and ch == "#" and flags & re.VERBOSE:
            end = pattern.find("\n", i)
            end = len(pattern) if end < 0 else end
            out.append(pattern[i:end])
            i = end
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["\\", "[", "]", "#", "\n", "s", "d", "p", "{Han}", "\\p{Han}", "a", "年", "-",
                                 "^", " ", "\\s", "\\d", "w"]), max_size=30),
       st.sampled_from([0, re.VERBOSE]))
def test_std_source_reads_a_pattern_as_one_character_at_a_time_did(parts, flags):
    from policyparse.lexicons import std_source
    pattern = "".join(parts)
    try:
        want = _std_source_char_by_char(pattern, flags)
    except ValueError:
        with pytest.raises(ValueError):
            std_source(pattern, flags)
        return
    assert std_source(pattern, flags) == want
