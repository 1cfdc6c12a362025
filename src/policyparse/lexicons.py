"""Vocabulary files under data/<stage>/: one entry a line (.txt, `#` comments) or a mapping (.yaml).

Loaded on first use with importlib.resources, cached; nothing is read at import time.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

import regex
import yaml


@cache
def _data_root():
    return resources.files("policyparse").joinpath("data")     # found once: 4 ms of a cold start for ~50 files


def _read(name: str) -> str:
    return _data_root().joinpath(*name.split("/")).read_text(encoding="utf-8")


# libyaml's safe loader when PyYAML was built with it (the same safe subset, about 8x faster: the data
# maps cost 11 ms of a cold start with the pure-Python one), else the pure-Python SafeLoader
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_list(name: str) -> tuple[str, ...]:
    """Entries of data/<name>: one per line, `#` starts a comment, blank lines ignored."""
    out = []
    for line in _read(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@cache
def load_map(name: str) -> Mapping:
    """A YAML mapping from data/<name> (safe_load only), read-only all the way down: the result is cached
    and shared by every caller, so mappings inside are MappingProxyType and lists are tuples.

    >>> m = load_map("targets/qualifier_suffix.yaml")
    >>> m["左右"], type(m).__name__
    ('approx', 'mappingproxy')
    >>> m["左右"] = "point"
    Traceback (most recent call last):
    TypeError: 'mappingproxy' object does not support item assignment
    """
    data = yaml.load(_read(name), Loader=_SAFE_LOADER) or {}
    if not isinstance(data, dict):
        raise ValueError(f"data/{name} is not a mapping")
    return _frozen(data)


def _frozen(value):
    """`value` with every dict made a read-only MappingProxyType and every list a tuple.

    >>> _frozen({"a": [1, {"b": [2]}]})["a"][1]["b"]
    (2,)
    """
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


class LazyPattern:
    """A compiled pattern that compiles itself on first use: `X_RE = compile_on_use(r"…")`, then
    `X_RE.search(…)` exactly as with `regex.compile`. Compiling costs 0.2-3 ms a pattern and a cold start
    compiled ~360 of them, of which a one-file `extract` uses about 160 (issue 20): a pattern a stage
    needs only on some texts now costs nothing on the others.

    The first attribute looked up compiles the pattern and copies the compiled pattern's methods and
    attributes onto the instance, so later look-ups are plain attribute reads (no `__getattr__`; as fast
    as the compiled pattern's own). `.pattern` is the source and never compiles. Not a `regex.Pattern`:
    hand `regex` functions the pattern, not this (`regex.sub(X_RE, …)` → `X_RE.sub(…)`).

    >>> digits = compile_on_use(r"[0-9]+")
    >>> digits.pattern, "findall" in vars(digits)
    ('[0-9]+', False)
    >>> digits.findall("a12b3"), digits.groups, "findall" in vars(digits)
    (['12', '3'], 0, True)
    """

    def __init__(self, pattern: str, flags: int = 0, compiler=None):
        self.pattern, self._flags, self._compiler = pattern, flags, compiler or regex.compile

    def __getattr__(self, name: str):             # only for a name the instance lacks: the first use
        if name.startswith("__") or name == "_compiler":
            raise AttributeError(name)
        compiled = self._compiler(self.pattern, self._flags)
        for attr in dir(compiled):
            if not attr.startswith("_") and attr != "pattern":      # (std_re's pattern is spelt out)
                setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"compile_on_use({self.pattern!r}, {self._flags!r})"


def compile_on_use(pattern: str, flags: int = 0) -> regex.Pattern:
    """`regex.compile(pattern, flags)`, done on first use (LazyPattern): for module constants and the
    patterns of a stage's cached vocabulary."""
    return LazyPattern(pattern, flags)    # type: ignore[return-value]   (behaves as one; see LazyPattern)


def std_on_use(pattern: str, flags: int = 0) -> re.Pattern:
    """`std_re(pattern, flags)`, done on first use (LazyPattern): a pattern in the shared syntax that is tried
    very often (the heading-number grammar: `re` matches it 2-3x faster than `regex`)."""
    return LazyPattern(pattern, flags, std_re)    # type: ignore[return-value]


# Two engines. `regex` reads what the standard library's `re` cannot (other Unicode properties, lookbehinds of
# several widths, partial matches, named lists); `re` skips ahead to the first characters of a plain word
# alternation, so a lexicon search runs 2-4 times faster with it, and matches the heading grammar and the
# quantity pattern 2-3 times faster. `std_re` compiles a pattern with `re`, reading \s, \d and \p{Han} as `regex`
# does (re's \s also takes \x1c-\x1f; its \d lacks the digits Unicode added after its tables): the same
# matches, tests/test_targets.py checks the three classes on every code point.
RE_SPACE = r"\t\n\x0b\x0c\r\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
RE_DIGIT = (r"\d\U00010d40-\U00010d49\U000116d0-\U000116e3\U00011bf0-\U00011bf9\U00011de0-\U00011de9"
            r"\U00011f50-\U00011f59\U00016130-\U00016139\U00016d70-\U00016d79\U0001ccf0-\U0001ccf9"
            r"\U0001e4f0-\U0001e4f9\U0001e5f1-\U0001e5fa")
STD_CLASSES = {"s": RE_SPACE, "d": RE_DIGIT}
# \p{Han} as `regex` reads it (its Unicode tables; the same test checks every code point)
RE_HAN = (r"\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf"
          r"\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00016fe2-\U00016fe3\U00016ff0-\U00016ff6"
          r"\U00020000-\U0002a6df\U0002a700-\U0002b81e\U0002b820-\U0002cead\U0002ceb0-\U0002ebe0"
          r"\U0002ebf0-\U0002ee5d\U0002f800-\U0002fa1d\U00030000-\U0003134a\U00031350-\U00033479")
STD_PROPERTIES = {r"\p{Han}": RE_HAN}


def std_re(pattern: str, flags: int = 0) -> re.Pattern:
    r"""`pattern` (in the syntax both engines share) compiled by `re`, its \s, \d and \p{Han} spelt out as
    `regex` reads them; a class that differs otherwise (\w, \b, other \p …) is refused.

    >>> std_re(r"[\s,]\d").pattern == "[" + RE_SPACE + ",]" + "[" + RE_DIGIT + "]"
    True
    >>> std_re(r"\w")
    Traceback (most recent call last):
    ValueError: std_re: \w reads differently in re and regex
    """
    return re.compile(std_source(pattern, flags), flags)


# what std_source steps over: a run of characters it copies as they are, an escape, or one of [ ] #
_STD_TOKEN_RE = re.compile(r"[^\\\[\]#]+|\\.?|.", re.DOTALL)


def std_source(pattern: str, flags: int = 0) -> str:
    r"""The source `std_re` compiles: `pattern` with \s, \d and \p{Han} spelt out (inside a class as a range,
    outside as a class of its own), a VERBOSE comment copied as it is. Runs of plain characters are copied
    whole (the patterns are long: 47 of them at every start).

    >>> std_source(r"[\d,]\p{Han}# \s", re.VERBOSE) == "[" + RE_DIGIT + ",][" + RE_HAN + "]# \\s"
    True
    """
    out, i, in_class, n = [], 0, False, len(pattern)
    while i < n:
        token = _STD_TOKEN_RE.match(pattern, i).group()
        ch = token[0]
        if ch == "\\":
            esc = token[1:]
            prop = next((p for p in STD_PROPERTIES if pattern.startswith(p, i)), None)
            if esc in STD_CLASSES or prop:
                cls = STD_PROPERTIES[prop] if prop else STD_CLASSES[esc]
                out.append(cls if in_class else "[" + cls + "]")
                i += len(prop) if prop else 2
                continue
            if esc and esc in "SDwWbBpPLNX":
                raise ValueError(f"std_re: \\{esc} reads differently in re and regex")
        elif ch == "]" and in_class:
            in_class = False
        elif ch == "[" and not in_class:
            in_class = True
        elif ch == "#" and not in_class and flags & re.VERBOSE:    # a comment, to the end of its line
            end = pattern.find("\n", i)
            token = pattern[i:len(pattern) if end < 0 else end]
        out.append(token)
        i += len(token)
    return "".join(out)


def prefiltered(at_re, pattern, text: str, start: int, end: int) -> Iterator:
    """`pattern`'s matches in text[start:end] as its search finds them (leftmost, no overlaps), trying it only
    at the positions `at_re` finds: `at_re` must find a superset of the matches' starts (docs/architecture.md,
    "Fast searches": a small `re` pattern skips to them fast, where `regex` would try `pattern` everywhere).

    >>> import re
    >>> [m.group() for m in prefiltered(re.compile("[0-9]"), regex.compile(r"(?<![0-9])[0-9]+年"), "1年22年x3", 0, 9)]
    ['1年', '22年']
    """
    last = start
    for c in at_re.finditer(text, start, end):
        if c.start() >= last and (m := pattern.match(text, c.start(), end)):
            yield m
            last = m.end()


def alternation(words) -> str:
    """A regex alternation of `words`: deduplicated, longest first, escaped.

    >>> alternation(["元", "亿元", "元"])
    '(?:亿元|元)'
    """
    uniq = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(regex.escape(w) for w in uniq) + ")"
