"""Organisation names: whether a string is one or more bodies' names ("重庆市人民政府", "市场监管总局办公厅").

The one home of "what an issuing body's name ends with" (data/common/org_suffixes.txt), read by the line
classifier (an issuer line, a signature) and by the metadata stage (the issuer before 关于 in a title).

>>> is_org("重庆市人民政府"), is_org("市场监管总局、国家发展改革委"), is_org("现将方案印发给你们")
(True, True, False)
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

import regex

from .lexicons import alternation, compile_on_use, load_list


class _Orgs(NamedTuple):
    name: str                 # regex source of one body's name (lazy, bounded): 0-30 Han (or “”) + a suffix
    names: regex.Pattern      # the whole string is 1-10 names, separated by spaces / 、 / , / 和
    last: str                 # characters a name can end with (a cheap gate before the regex)


@cache
def _orgs() -> _Orgs:
    suffixes = load_list("common/org_suffixes.txt")
    name = rf"[\p{{Han}}〔〕“”]{{0,30}}?{alternation(suffixes)}"   # (a programme's quoted name: “三地一区”建设领导小组)
    return _Orgs(name=name,
                 names=compile_on_use(rf"^(?:{name})(?:[\s、,和]{{1,8}}(?:{name})){{0,9}}$"),
                 last="".join({w[-1] for w in suffixes}))


def org_name_pattern() -> str:
    """The regex source of one body's name, for patterns that embed it."""
    return _orgs().name


def org_last_chars() -> str:
    """Characters a body's name can end with."""
    return _orgs().last


def is_org(name: str) -> bool:
    """`name` (width-folded, without line breaks) is one or more bodies' names."""
    return bool(name) and name[-1] in _orgs().last and bool(_orgs().names.match(name))
