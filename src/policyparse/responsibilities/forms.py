"""The assignment grammar (SPEC §5): the clauses of one assignment, and where assignments are printed.

One assignment is a run of clauses split at ， ； 。 outside nested brackets. Each clause is one of
- label     "牵头单位：A、B" / "牵头考核单位：X" / "责任单位为A": a role label, then its units; unit-only
            clauses that follow belong to the same label ("责任单位：市政府办公厅，有关主管部门");
- verb      "A、B牵头" / "C等按职责分工负责" / "D会同E、F负责" (D leads, E and F support) / "G、H指导";
- units     "A、B" with no role yet: it joins the next verb clause ("A，B负责");
- lead-in   anything else before the roles — a deadline or a score ("6月底完成，牵头考核单位：X") — is
            no unit and is skipped. Once a sentence ends (。), only a new label continues the assignment:
            a note after it ("以下各项任务均需地方各级人民政府落实，不再列出") is not read.
Where assignments are printed (each a named form, see __init__.py): in a bracket after a task, on a
line of its own under the task, run in a sentence ("由A牵头，B配合。"), in a task table's role cells.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import NamedTuple

import regex

from ..lexicons import alternation, compile_on_use, load_list, std_re
from ..lines import LineIndex, unwrapped
from ..normalize import normalize
from ..records import Text
from ..spans import Span
from .roles import (LEAD, RESP, SUPPORT, Part, has_role_word, label_role, label_stem, resolve,
                    starts_with_role_word, verb_role, verb_words)
from .units import clean, is_unit, sector_units, unit_spans

# A bracket after a task, with at most one nested pair inside ("各区县(自治县)人民政府"); some web copies
# print the assignment in lenticular brackets instead: "【责任单位：市发展改革委】".
PAREN_RE = compile_on_use(r"""
    (?|                                 # branch reset: both branches fill group "body"
        \(                              # opening bracket; the normalised text folds （ to (
        (?P<body>
            (?: [^()\r\n]               # any character but a bracket or a line end (\n, \r\n or \r)
              | \( [^()\r\n]{0,40} \)   # one nested pair stays inside: 各区县(自治县)人民政府
              | (?:\r\n|\r|\n) (?![ \t]*[\r\n])   # a line break, not a blank line: a PDF copy wraps its
            ){1,600}                    #   lines at the page width ("（国家发展改革委牵头，国\n务院相关部门…）")
        )                               # GUARD: bounded; the branches start on different characters, so every
                                        #   position has one way to match (no backtracking blow-up)
        \)
      | 【 (?P<body> [^【】\r\n]{1,600} ) 】   # GUARD: bounded, no nesting
    )
""", regex.VERBOSE)

# A line of its own that starts with a role label: "责任单位：市卫生健康委等，各县（市、区）政府" under an item.
LINE_LABEL_RE = compile_on_use(r"""
    (?<! [^\r\n] ) [ \t]{0,8}           # a line start (after \n, \r\n or \r), indentation (the normalised
    (?P<body>                           #   text folds U+3000 to a space)
        \p{Han}{2,10} [ \t]{0,3} :       # a label and its colon
        [^\r\n]{1,600}                   # GUARD: bounded, one line
    )
""", regex.VERBOSE)

# A label at the start of a clause, or after white space inside it: "牵头单位:", "完成时限:", "责任单位为".
LABEL_RE = compile_on_use(r"""
    (?: ^ | (?<= [\s(【,;。] ) )         # the clause start (or a space inside it)
    (?P<label> \p{Han}{2,10}? )         # GUARD: bounded lazy run of Han characters
    [ \t]{0,3}
    (?: :                               # the colon (norm folds ： to :)
      | (?<= 单位 | 部门 ) 为 )           # or "牵头单位为…"
""", regex.VERBOSE)

SENTENCE_END = "。!?"                   # norm folds ！？ to ASCII


class _Vocab(NamedTuple):
    clause_re: regex.Pattern        # a verb clause (match, anchored at its end)
    not_line_labels: frozenset      # 主办 / 承办 / 协办: no assignment line (site footers)
    deadline_re: regex.Pattern      # a digit or a schedule word: 2023年底前完成, 长期坚持


@cache
def _vocab() -> _Vocab:
    quals = alternation(load_list("responsibilities/qualifiers.txt"))
    tails = alternation(load_list("responsibilities/verb_tails.txt"))
    clause_re = compile_on_use(rf"""
        (?P<units> .{{1,400}}? )         # the unit list (lazy: qualifiers and verb come off its end)
        (?: {quals} ){{0,4}}             # 等 / 按职责分工 / 分别 …  GUARD: fixed words, at most 4
        (?P<verb> {alternation(verb_words())} )
        (?: {tails} )?                   # 负责落实 / 配合实施
        $
    """, regex.VERBOSE)
    return _Vocab(clause_re=clause_re,
                  not_line_labels=frozenset(load_list("responsibilities/not_line_labels.txt")),
                  deadline_re=compile_on_use(rf"\d|{alternation(load_list('responsibilities/deadline_words.txt'))}"))


class _RunInVocab(NamedTuple):
    trigger_re: re.Pattern          # a lead verb and its comma: the part every run-in holds (finditer)
    sentence_re: regex.Pattern      # the run-in form (finditer, one line at a time)
    actor_end_re: regex.Pattern     # 企业 / 高校 / 院所 …: actors a running sentence names, no units


@cache
def _run_in_vocab() -> _RunInVocab:
    """The run-in patterns, compiled when a document first holds a trigger (most hold none)."""
    quals = alternation(load_list("responsibilities/qualifiers.txt"))
    tails = alternation(load_list("responsibilities/verb_tails.txt"))
    first, second = alternation(verb_words(LEAD, RESP)), alternation(verb_words(SUPPORT, RESP))
    # Every part of the form stays on one line (no class below takes \r or \n; the lookarounds only peek
    # at the line's ends), so the form is looked for only on the lines that hold its trigger.
    sentence_re = compile_on_use(rf"""
        (?: 由                                  # "……，由A牵头，B配合。" anywhere in a sentence
          | (?<= [。;:!?\r\n] ) [ \t]{{0,8}}    # or run in at a clause start, after a group name:
        )                                       #   "综合协调组：省生态环境厅牵头，省公安厅参与。"
        (?P<lead> [^,;。:()\r\n由]{{2,120}}? )   # GUARD: lazy, bounded, stops at punctuation
        (?P<v1> {first} ) (?: 负责 )? ,
        (?P<support> [^,;。:()\r\n]{{2,200}}? )
        (?: {quals} ){{0,4}}
        (?P<v2> {second} ) (?: {tails} )?
        (?= [。;!]                              # the assignment ends the sentence,
          | , (?: 主要 | 具体 )? (?: 负责 | 承担 )  #   or the group's duties follow: "…参加，负责…"
          | \s* (?: \n | $ ) )                   #   or its line (searched with endpos = the line end)
    """, regex.VERBOSE)
    actors = alternation(load_list("responsibilities/actor_suffixes.txt"))
    # (the trigger, literal words, compiled by the standard library's `re` (lexicons.std_re): it searches an
    # alternation of words 3-4x faster than `regex`, with the same matches)
    return _RunInVocab(trigger_re=std_re(rf"(?:{first})(?:负责)?,"), sentence_re=sentence_re,
                       actor_end_re=compile_on_use(rf"(?:{actors})$"))


def clauses(norm: str, s: int, e: int) -> list[Span]:
    """Clauses of [s, e) split at , ; and 。 outside nested brackets; a clause closed by a sentence
    end (。!?) is followed by an empty (i, i) marker span, so callers can see where a sentence ends.

    >>> b = "A负责。B"
    >>> clauses(b, 0, len(b))
    [(0, 3), (4, 4), (4, 5)]
    """
    out, depth, start = [], 0, s
    for i in range(s, e):
        c = norm[i]
        if c in "(〔【[":
            depth += 1
        elif c in ")〕】]":
            depth = max(0, depth - 1)
        elif c in ",;。!?" and depth == 0:
            out.append((start, i))
            start = i + 1
            if c in SENTENCE_END:
                out.append((start, start))          # the sentence-end marker
    out.append((start, e))
    return out


def _label_cut(norm: str, spans: list[Span]) -> list[Span]:
    """Clauses cut again before a role label printed after white space: "牵头单位：A　配合单位：B".

    >>> n = "牵头单位:A 配合单位:B"
    >>> [n[a:b] for a, b in _label_cut(n, [(0, len(n))])]
    ['牵头单位:A ', '配合单位:B']
    """
    out = []
    for cs, ce in spans:
        cuts = [m.start() for m in LABEL_RE.finditer(norm, cs + 1, ce)
                if norm[m.start() - 1].isspace() and label_role(m.group("label"))]
        for a, b in zip([cs, *cuts], [*cuts, ce]):
            out.append((a, b))
    return out


def _units(t: Text, s: int, e: int) -> list[str] | None:
    """The units of [s, e) as printed, or None when some piece is no unit."""
    spans = unit_spans(t, s, e)
    ok = spans and (all(is_unit(t.norm[a:b]) for a, b in spans) or sector_units(t.norm, s, e) is not None)
    return [t.out(*u) for u in spans] if ok else None


def _label_units(t: Text, s: int, e: int) -> list[str] | None:
    """The units of a clause that continues a role label's list ("责任单位：区农业农村委，有关镇街"):
    every piece ends like a unit or at least holds no deadline (2023年底前完成, 长期坚持)."""
    spans = unit_spans(t, s, e)
    ok = spans and all(is_unit(t.norm[a:b]) or not _vocab().deadline_re.search(t.norm, a, b) for a, b in spans)
    return [t.out(*u) for u in spans] if ok else None


def _verb_clause(t: Text, s: int, e: int, pending: list[str]) -> list[Part] | None:
    """ "A、B牵头" -> [(lead, [A, B])]; "A会同B、C负责" -> [(resp, [A]), (support, [B, C])]; None when the
    clause is not a verb clause over units."""
    m = _vocab().clause_re.match(t.norm, s, e)
    if m is None:
        return None
    us, ue = m.span("units")
    k = t.norm.find("会同", us, ue)                       # A会同B、C负责: A leads, B and C support
    heads = _units(t, us, k if k >= 0 else ue)
    rest = _units(t, k + 2, ue) if k >= 0 else []
    if heads is None or rest is None:
        return None
    out: list[Part] = [(verb_role(m.group("verb")), pending + heads)]
    return out + [(SUPPORT, rest)] if rest else out


# Units that implement what a named lead unit leads: "（A牵头，B配合，各市政府落实）", "（A牵头，各有关部门
# 分头落实）": they support it (no 牵头 in the bracket: "各区县人民政府落实" names the responsible units).
IMPLEMENTS_RE = compile_on_use(r"(?:分头)?落实\s?$")


def body_parts(t: Text, s: int, e: int) -> tuple[list[Part], str]:
    """The (role, units) parts an assignment's clauses name, and its kind: "label" when a role label
    names them, else "verb"; ([], "") when it assigns nobody.

    >>> b = "6月底完成,牵头考核单位:市发展改革委;配合考核单位:市财政局"
    >>> body_parts(Text(b, b), 0, len(b))
    ([('lead', ['市发展改革委']), ('support', ['市财政局'])], 'label')
    >>> b = "省大数据局牵头,省发展改革委配合,各市政府落实"
    >>> body_parts(Text(b, b), 0, len(b))
    ([('lead', ['省大数据局']), ('support', ['省发展改革委']), ('support', ['各市政府'])], 'verb')
    >>> b = "商务部牵头,国家发展改革委、财政部等按职责分工负责"
    >>> body_parts(Text(b, b), 0, len(b))
    ([('lead', ['商务部']), ('resp', ['国家发展改革委', '财政部'])], 'verb')
    >>> b = "任务分工:各级防办牵头,各级防指成员单位按照职责分工配合;时限:3月底前完成"
    >>> body_parts(Text(b, b), 0, len(b))
    ([('lead', ['各级防办']), ('support', ['各级防指成员单位'])], 'verb')
    """
    parts: list[Part] = []
    kind = ""
    pending: list[str] = []             # units waiting for their verb: "A,B负责"
    open_label: list[str] | None = None  # the units of the label still open: "责任单位:A,有关主管部门"
    ended = False                       # a sentence has ended after some parts: only a label continues
    for cs, ce in _label_cut(t.norm, clauses(t.norm, s, e)):
        if cs == ce:
            ended, pending, open_label = bool(parts), [], None
            continue
        cs, ce = clean(t.norm, cs, ce)
        if ce <= cs:
            continue
        lab = LABEL_RE.search(t.norm, cs, ce)
        if lab is not None and (lab.start() == cs or label_role(lab.group("label"))):
            role = label_role(lab.group("label"))
            pending, open_label = [], None
            if role is not None:                        # 完成时限: closes the open label, names nobody
                open_label = [t.out(*u) for u in unit_spans(t, *clean(t.norm, lab.end(), ce))]
                parts.append((role, open_label))
                kind = "label"
                continue
            # a label that names no role but introduces verb clauses: "任务分工：A牵头，B配合；时限：…"
            if ended or not has_role_word(t.norm, lab.end(), ce):
                continue
            cs = clean(t.norm, lab.end(), ce)[0]
        if ended:
            break
        verb = _verb_clause(t, cs, ce, pending)
        if verb is not None:
            if IMPLEMENTS_RE.search(t.norm, cs, ce) and any(role == LEAD for role, _ in parts):
                verb = [(SUPPORT if role == RESP else role, units) for role, units in verb]
            parts += verb
            kind = kind or "verb"
            pending, open_label = [], None
            continue
        units = _label_units(t, cs, ce) if open_label is not None else _units(t, cs, ce)
        if units is not None and open_label is not None:
            open_label += units
        elif units is not None:
            pending = pending + units
        else:                                           # a deadline, a score, "下同": no unit
            pending, open_label = [], None
    return [(r, us) for r, us in parts if us], kind if parts else ""


@lru_cache(maxsize=4096)
def assignment(body: str, first_listed: bool) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """(lead, support, kind) named by an assignment's text as printed; ((), (), "") when it assigns nobody.

    Cached: a document repeats its assignments ("（责任单位：有关主管部门）" eleven times).

    >>> assignment("牵头单位：市委编办；配合单位：各开发区管委会、有关区政府", False)
    (('市委编办',), ('各开发区管委会', '有关区政府'), 'label')
    >>> assignment("以下简称开发区管委会", False)
    ((), (), '')
    """
    b = Text(body, normalize(body))
    parts, kind = body_parts(b, *clean(b.norm, 0, len(body)))
    lead, support = resolve(parts, first_listed)
    return (lead, support, kind) if lead else ((), (), "")


# --------------------------------------------------------------------------- where they are printed

def brackets(t: Text, start: int, end: int) -> Iterator[tuple[Span, Span, bool, str]]:
    """(bracket span, body span, whether the body holds a role word, the body as printed) of every bracket in
    [start, end); a body a PDF copy wrapped over lines is printed without its breaks ("国\n务院" -> "国务院")."""
    for m in PAREN_RE.finditer(t.norm, start, end):
        bs, be = m.span("body")
        body = t.raw[bs:be]
        if "\n" in body or "\r" in body:
            body = unwrapped(body)
            yield m.span(), (bs, be), has_role_word(normalize(body), 0, len(body)), body
        else:
            yield m.span(), (bs, be), has_role_word(t.norm, bs, be), body


def unknown_label(t: Text, s: int, e: int) -> str | None:
    """A bracket that opens with an unknown "…单位：" / "…部门：" label ("（督办单位：…）"): its label."""
    m = LABEL_RE.match(t.norm, *clean(t.norm, s, e))
    return m.group("label") if m and m.group("label").endswith(("单位", "部门")) else None


def label_lines(t: Text, start: int, end: int) -> Iterator[tuple[Span, list[Part]]]:
    """Lines of their own that start with a role label and list only units; consecutive ones
    ("牵头单位：A" then "配合单位：B") form one assignment."""
    not_line = _vocab().not_line_labels
    group: tuple[Span, list[Part]] | None = None
    for m in LINE_LABEL_RE.finditer(t.norm, start, end):
        bs, be = clean(t.norm, *m.span("body"))
        if not starts_with_role_word(t.norm, bs, be):
            continue
        first = LABEL_RE.match(t.norm, bs, be)
        stem = label_stem(first.group("label")) if first else None
        if stem is None or stem in not_line:
            continue                                    # "主办：…网 承办：…" is a site footer
        parts, kind = body_parts(t, bs, be)
        if kind != "label" or not all(is_unit(u) for _, units in parts for u in units):
            continue
        if group and not t.norm[group[0][1]:bs].strip():
            group = ((group[0][0], be), group[1] + parts)
        else:
            if group:
                yield group
            group = ((bs, be), parts)
    if group:
        yield group


def run_ins(t: Text, start: int, end: int, first_listed: bool, lines: LineIndex | None = None
            ) -> Iterator[tuple[Span, tuple[str, ...], tuple[str, ...]]]:
    """(span, lead, support) of every run-in assignment whose both sides are units and no actors
    ("由龙头企业牵头，高校、科研院所参与" describes a consortium: actor_suffixes.txt).

    The form is read only on the lines that hold its trigger ("牵头，" "负责，"): one pass of a literal
    alternation over the text instead of the form's lazy scan after every punctuation mark; each line
    is searched with endpos at its end (the same matches, as the form never crosses a line end).

    >>> s = "一、组织。由市财政局牵头，市科技局配合。\\n其他工作。"
    >>> [(s[a:b], lead, sup) for (a, b), lead, sup in run_ins(Text(s, normalize(s)), 0, len(s), False)]
    [('由市财政局牵头，市科技局配合', ('市财政局',), ('市科技局',))]
    """
    if start >= end:
        return
    v = _run_in_vocab()
    norm = t.norm
    if lines is None:
        lines = LineIndex(norm, (start, end))
    done = -1                                             # the last line searched (by its start)
    for trig in v.trigger_re.finditer(norm, start, end):
        ls = max(lines.line_start(trig.start()), start)
        if ls <= done:
            continue
        done = ls
        for m in v.sentence_re.finditer(norm, ls, min(lines.line_end(trig.start()), end)):
            heads, rest = unit_spans(t, *m.span("lead")), unit_spans(t, *m.span("support"))
            names = [norm[a:b] for a, b in heads + rest]
            if heads and rest and all(is_unit(n) and not v.actor_end_re.search(n) for n in names):
                parts: list[Part] = [(verb_role(m.group("v1")), [t.out(*u) for u in heads]),
                                     (verb_role(m.group("v2")), [t.out(*u) for u in rest])]
                lead, support = resolve(parts, first_listed)
                yield m.span(), lead, support
