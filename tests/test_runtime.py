"""runtime.cached_patterns: the compiled patterns a command keeps between runs (cold start, issue 20)."""
from __future__ import annotations

import marshal

import regex

from policyparse.runtime import cached_patterns, pattern_cache_path

PATTERNS = [(r"(?P<y>(?:19|20)\d{2})年(?:底|末)?前?", 0), (r"[一二三四五六七八九十]{1,3}、\s*(\S+)", regex.VERBOSE),
            (r"(?<![\d.])\d+(?:\.\d+)?(?:万|亿)?(?:元|个|%)", regex.IGNORECASE)]
TEXT = "到2025年底前，新建3个、投资1.5亿元。十二、 保障措施 2019年末"


def _run() -> list:
    return [[m.span() for m in regex.compile(p, f).finditer(TEXT)] + [regex.compile(p, f).flags] for p, f in PATTERNS]


def test_kept_patterns_match_as_compiled_ones(tmp_path):
    path = str(tmp_path / "sub" / "patterns.marshal")
    fresh = _run()
    with cached_patterns(path):
        first = _run()
    kept = marshal.loads(open(path, "rb").read())
    assert {k[0] for k in kept} >= {p for p, _ in PATTERNS}
    with cached_patterns(path):
        again = _run()
        assert regex.compile(PATTERNS[0][0]) is regex.compile(PATTERNS[0][0])   # one object, as regex's cache
    assert fresh == first == again


def test_an_unreadable_cache_is_ignored_and_replaced(tmp_path):
    path = tmp_path / "patterns.marshal"
    path.write_bytes(b"\x00not marshal")
    with cached_patterns(str(path)):
        assert _run()
    assert isinstance(marshal.loads(path.read_bytes()), dict)


def test_turned_off_by_the_environment(monkeypatch):
    monkeypatch.setenv("POLICYPARSE_PATTERN_CACHE", "0")
    assert pattern_cache_path() is None


def test_an_unknown_regex_internals_shape_runs_without_the_cache(tmp_path, monkeypatch):
    from regex import _main

    def _compile(pattern, flags, kwargs):            # a different private signature: nothing is wrapped
        raise AssertionError("not to be called")
    original = _main._compile
    monkeypatch.setattr(_main, "_compile", _compile)
    path = tmp_path / "patterns.marshal"
    with cached_patterns(str(path)):
        assert _main._compile is _compile
    monkeypatch.setattr(_main, "_compile", original)
    assert not path.exists()
    assert _run() == _run()


def test_re_patterns_are_kept_too(tmp_path, monkeypatch):
    """Patterns compiled by the standard library's `re` (lexicons.std_re: the heading grammar, quantity_re) are
    kept the same way: the second run builds them from the kept arguments, without `re`'s compiler."""
    import re
    from re import _compiler

    from policyparse.lexicons import std_re
    pats = [(r"(?<=\p{Han})\d{1,3}(?:个|亿元)", 0), (r"(?P<n>十二|[一二])、\s?(?P<t>[^\s,]{1,4})", re.VERBOSE)]

    def run() -> list:
        re.purge()                                   # (re's own per-process cache would answer otherwise)
        return [[(m.span(), m.groups()) for m in std_re(p, f).finditer(TEXT)] for p, f in pats]
    path = str(tmp_path / "patterns.marshal")
    fresh = run()
    with cached_patterns(path):
        first = run()
    assert sum(1 for k in marshal.loads(open(path, "rb").read()) if k[0] == "re") == len(pats)

    def no_compiler(*args, **kwargs):
        raise AssertionError("a kept pattern is not compiled again")
    with cached_patterns(path):
        monkeypatch.setattr(_compiler, "_code", no_compiler)
        again = run()
    monkeypatch.undo()
    assert fresh == first == again and fresh[0] and fresh[1]


def test_only_our_own_re_patterns_are_kept(tmp_path):
    """A pattern another module compiles inside the block (the standard library's tokenize spells one anew in every
    process, its string prefixes taken from a set) is compiled as usual and not kept: keeping it rewrote the file
    on every run and filled it with variants."""
    import os
    import re

    from policyparse.lexicons import std_re
    path = str(tmp_path / "patterns.marshal")
    ours, theirs = r"(?:专栏|附表)\d{1,2}号", r"(?:theirs)\d{1,2}x"
    re.purge()
    with cached_patterns(path):
        assert std_re(ours).match("专栏12号") and re.compile(theirs).match("theirs1x")
    kept = {k[1] for k in marshal.loads(open(path, "rb").read()) if k[0] == "re"}
    assert std_re(ours).pattern in kept and theirs not in kept
    stamp = os.stat(path).st_mtime_ns
    re.purge()
    with cached_patterns(path):
        assert std_re(ours).match("专栏1号") and re.compile(theirs).match("theirs2x")
    assert os.stat(path).st_mtime_ns == stamp                  # nothing new: the file is not written again
