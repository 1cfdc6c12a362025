"""The characters a match of a pattern can start with (`first_chars`): a text holding none of them holds no match,
which a set test of its characters tells without a search (the judge asks it of each clause before the rules'
clause gates, see rules.first_exclusion)."""
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
