"""Roles (SPEC §5): which role a label or a verb names, and how the roles of one assignment resolve.

- labels    "牵头单位：", "配合部门：", "责任单位为", with an infix: "牵头考核单位：", "配合考核单位："
            (stem + infix + suffix: roles.yaml, label_infixes.txt, label_suffixes.txt)
- verbs     "A、B牵头", "C配合", "D按职责分工负责", "E、F指导" (roles.yaml)
- roles     lead (牵头 / 主办), resp (负责 / 责任 / 指导: responsible), support (配合 / 协办 / 参与)
- resolve   lead = the lead units and every responsible unit, support = the support units (SPEC §5:
            "all of them"); under the convention "列第一位者为牵头单位" (stated once in a document) the
            first unit named to lead (else the first responsible one) is the lead, all others support.
- marked    "市发展改革委（牵头）、市财政局" inside one list: the marked unit leads, the others support.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Literal, NamedTuple

import regex

from ..lexicons import alternation, compile_on_use, load_list, load_map
from ..lines import unwrapped
from ..normalize import normalize
from .units import dedupe, fold

Role = Literal["lead", "resp", "support"]
LEAD: Role = "lead"
RESP: Role = "resp"
SUPPORT: Role = "support"
Part = tuple[Role, Sequence[str]]        # one role and the units named with it, as printed


class _Vocab(NamedTuple):
    label_role: dict[str, Role]     # label stem -> role: 牵头 -> lead, 责任 -> resp, 配合 -> support
    verb_role: dict[str, Role]      # role verb -> role: 牵头 -> lead, 负责 -> resp, 参与 -> support
    label_re: regex.Pattern         # stem + infix + suffix: 牵头考核单位 (fullmatch)
    key_re: regex.Pattern           # any stem or verb: a body without one assigns nobody


@cache
def _vocab() -> _Vocab:
    roles = load_map("responsibilities/roles.yaml")
    labels, verbs = roles["labels"], roles["verbs"]
    infixes = alternation(load_list("responsibilities/label_infixes.txt"))
    suffixes = alternation(load_list("responsibilities/label_suffixes.txt"))
    return _Vocab(
        label_role=labels, verb_role=verbs,
        label_re=compile_on_use(rf"(?P<stem>{alternation(labels)})(?:{infixes})?(?:{suffixes})?"),
        key_re=compile_on_use(alternation([*labels, *verbs])),
    )


def verb_role(verb: str) -> Role:
    """The role a verb names.

    >>> verb_role("牵头"), verb_role("负责"), verb_role("参与"), verb_role("指导")
    ('lead', 'resp', 'support', 'resp')
    """
    return _vocab().verb_role[verb]


def verb_words(*roles: Role) -> tuple[str, ...]:
    """The role verbs naming one of `roles` (every verb when none is given).

    >>> verb_words("support")
    ('协办', '配合', '参与', '协助', '协同', '参加')
    """
    return tuple(v for v, r in _vocab().verb_role.items() if not roles or r in roles)


def has_role_word(norm: str, start: int, end: int) -> bool:
    """Does [start, end) hold a role stem or verb at all (a cheap gate before the grammar)?"""
    return _vocab().key_re.search(norm, start, end) is not None


def starts_with_role_word(norm: str, start: int, end: int) -> bool:
    return _vocab().key_re.match(norm, start, end) is not None


def label_stem(label: str) -> str | None:
    """The role stem of a label ("牵头考核单位" -> 牵头), or None when the label names no role."""
    m = _vocab().label_re.fullmatch(fold(label))
    return m.group("stem") if m else None


@lru_cache(maxsize=1024)
def label_role(label: str) -> Role | None:
    """The role a label names: "牵头单位" -> lead, "配合部门" -> support, "责任单位" -> resp, else None.

    >>> label_role("牵头单位"), label_role("配合部门"), label_role("责任单位"), label_role("完成时限")
    ('lead', 'support', 'resp', None)
    >>> label_role("牵头考核单位"), label_role("配合考核单位"), label_role("牵头负责单位"), label_role("牵头领导")
    ('lead', 'support', 'lead', None)
    """
    stem = label_stem(label)
    return None if stem is None else _vocab().label_role[stem]


# "列第一位者为牵头单位" / "排在第一位的为牵头部门" / "列在首位的为牵头单位": the first-listed convention.
FIRST_LISTED_RE = compile_on_use(r"""
    (?: 列 | 排 ) (?: 在 | 于 | 名 )?    # 列 / 排在 / 排名
    (?: 第一 (?: 位 | 个 | 名 )? | 首位 )
    (?: 的 | 者 )? (?: 单位 | 部门 )?
    (?: 为 | 是 ) 牵头                  # …为牵头单位 / …是牵头部门
  | 第一个? (?: 单位 | 部门 ) (?: 为 | 是 ) 牵头
""", regex.VERBOSE)


def states_first_listed(norm: str, start: int, end: int) -> bool:
    """Does the document state "列第一位者为牵头单位"?

    >>> states_first_listed("（注：各项任务中列在首位的为牵头单位。）", 0, 20)
    True
    >>> states_first_listed("（省委教育工委、团省委负责，列\\n第一位者为牵头部门，下同）", 0, 30)   # a PDF copy's wrap
    True
    """
    if FIRST_LISTED_RE.search(norm, start, end) is not None:
        return True
    # wrapped at the page width (a PDF copy, SPEC §1): read once more with the line breaks taken out
    return norm.find("牵", start, end) >= 0 and FIRST_LISTED_RE.search(unwrapped(norm[start:end])) is not None


# A unit marked as the lead inside a list: "市发展改革委（牵头）、市财政局".
MARKED_LEAD_RE = compile_on_use(r"""
    ^ (?P<name> .{1,60}? )              # GUARD: bounded lazy name
    \s{0,2} [(〔【\[] \s{0,2} 牵头 (?: 单位 | 部门 )? \s{0,2} [)〕】\]] $
""", regex.VERBOSE)


def marked(role: Role, units: Sequence[str]) -> list[Part]:
    """Units marked "（牵头）" lead; the others of a responsible list then support.

    >>> marked("resp", ["市发展改革委（牵头）", "市财政局"])
    [('lead', ['市发展改革委']), ('support', ['市财政局'])]
    >>> marked("resp", ["市财政局"])
    [('resp', ['市财政局'])]
    """
    if role == SUPPORT:
        return [(role, list(units))]
    marks = [MARKED_LEAD_RE.match(normalize(u)) for u in units]
    if not any(marks):
        return [(role, list(units))]
    lead = [u[:m.end("name")].strip() for u, m in zip(units, marks) if m]
    rest = [u for u, m in zip(units, marks) if not m]
    return [(LEAD, lead), (SUPPORT if role == RESP else role, rest)]


def resolve(parts: Sequence[Part], first_listed: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(role, units) parts -> (lead, support).

    牵头/主办 units lead; 配合/协办/参与 units support; 负责/责任/指导 units lead too (SPEC §5: all of
    them). Under the first-listed convention the first unit named to lead or be responsible is the lead
    and every other unit supports (SPEC §5: "then the first unit is the lead and the others support").

    >>> resolve([("resp", ["A", "B"])], False), resolve([("lead", ["A"]), ("resp", ["B"])], False)
    ((('A', 'B'), ()), (('A', 'B'), ()))
    >>> resolve([("resp", ["A", "B", "C"])], True), resolve([("lead", ["A", "B"]), ("resp", ["C"])], True)
    ((('A',), ('B', 'C')), (('A',), ('B', 'C')))
    """
    parts = [q for role, units in parts for q in marked(role, units)]
    lead: list[str] = []
    support: list[str] = []
    if first_listed:
        ordered = [u for role, units in parts if role == LEAD for u in units] + \
                  [u for role, units in parts if role == RESP for u in units]
        lead, support = ordered[:1], ordered[1:]
    else:
        lead = [u for role, units in parts if role != SUPPORT for u in units]
    support += [u for role, units in parts if role == SUPPORT for u in units]
    lead_t = dedupe(lead)
    keys = {fold(u) for u in lead_t}
    return lead_t, tuple(u for u in dedupe(support) if fold(u) not in keys)
