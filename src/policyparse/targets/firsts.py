"""The characters a match of a pattern can start with (`first_chars`): a text holding none of them holds no match,
which a set test of its characters tells without a search (the judge asks it of each clause before the rules'
clause gates, see rules.first_exclusion). And the search of a pattern each of whose matches holds one of a few words
near its start, tried only there (`near_words`: years' relative kinds, headline's cues, quantities' bare values)."""
from __future__ import annotations

import re
from re import _constants as sre, _parser as sre_parse   # the standard library's parse of a pattern

import regex

RANGE_MAX = 256                    # a character range wider than this is not spelt out (first_chars gives up)


_FIRST: dict[int, tuple] = {}      # id(pattern) -> (pattern, its first characters): first_chars, found once


def first_chars(pattern: re.Pattern | regex.Pattern) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with, or None when they cannot be listed (a negated or
    wide class, \\d, ., an empty match …). A match lies inside the text searched, so a text that holds none of
    them holds no match. Read from the standard library's parse of the pattern (a pattern it cannot parse: None).

    >>> sorted(first_chars(re.compile(r"(?<!应)(?:不得|须)|原则上")))
    ['不', '原', '须']
    >>> first_chars(re.compile(r"\\d+")), first_chars(re.compile(r"(?:约)?"))
    (None, None)
    """
    known = _FIRST.get(id(pattern))
    if known is None:
        known = _FIRST[id(pattern)] = (pattern, _first_of(pattern))   # the pattern kept: its id stays its own
    return known[1]


def _first_of(pattern: re.Pattern | regex.Pattern) -> frozenset[str] | None:
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags & re.VERBOSE)
    except re.error:
        return None                                  # syntax only `regex` reads (\\p{Han}, wide lookbehinds)
    first, nullable = _first(list(parsed))
    return None if first is None or nullable else frozenset(first)


def _first(items: list) -> tuple[set[str] | None, bool]:
    """(first characters, can match empty) of a sequence of parsed items."""
    out: set[str] = set()
    for op, av in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue                                 # zero width: a lookaround or an anchor
        if op is sre.LITERAL:
            return out | {chr(av)}, False
        if op is sre.IN:
            chars = _class_chars(av)
            return (None, False) if chars is None else (out | chars, False)
        if op is sre.BRANCH:
            first, nullable = set(), False
            for alt in av[1]:
                f, n = _first(list(alt))
                if f is None:
                    return None, False
                first |= f
                nullable = nullable or n
        elif op is sre.SUBPATTERN:
            first, nullable = _first(list(av[-1]))
        elif op is sre.ATOMIC_GROUP:
            first, nullable = _first(list(av))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            first, nullable = _first(list(av[2]))
            nullable = nullable or av[0] == 0
        else:
            return None, False                       # any character, a category, a group reference …
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


def _class_chars(items: list) -> set[str] | None:
    """The characters of a parsed class, or None (negated, a category, a wide range)."""
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] <= RANGE_MAX:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return out


def near_words(pattern: regex.Pattern, words: tuple[str, ...], back: int, norm: str, start: int, end: int):
    """`pattern`'s matches in norm[start:end] as its search finds them, for a pattern each of whose matches holds one
    of `words` starting at most `back` characters after the match's start: tried only at the positions up to `back`
    before an occurrence of a word, in order (none: no search at all).

    >>> [m.group() for m in near_words(regex.compile(r"\\d{1,2}月"), ("月",), 2, "1月,12月,月", 0, 9)]
    ['1月', '12月']
    """
    found = []
    for w in words:
        i = norm.find(w, start, end)
        while i >= 0:
            found.append(i)
            i = norm.find(w, i + 1, end)
    found.sort()
    last = tried = start                          # the end of the last match; the first position not yet tried
    for o in found:
        for s in range(max(last, tried, o - back), o + 1):
            if s >= last and (m := pattern.match(norm, s, end)):
                yield m
                last = m.end()
        tried = max(tried, o + 1)
