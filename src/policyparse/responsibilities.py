"""Responsibilities: "（牵头单位：A、B；配合单位：C）" -> DutyHit(task, lead, support).

Reads: the text, the document span, the section tree (the task is the title of the item an
assignment closes), the tables (a task table gives one responsibility per row). Writes: nothing.
Raises: nothing on content.

The forms (SPEC §5), matched on the width-folded text, unit names sliced from the original:
- labelled parentheticals   （牵头部门：X） （牵头单位：A、B；配合单位：C） （责任单位：A，有关主管部门）
- verb parentheticals       （A、B主办，C协办） （A牵头，B、C参与） （A、B、C等按职责分工负责）
                            （A会同B、C负责） （A牵头，B、C等按职责分工负责: B, C support）
- labelled lines            "责任单位：A、B等，各县（市、区）政府" on a line of its own under an item
- the sentence form         "……由A牵头，B配合。", also run in at a clause start (应急预案 working groups):
                            "综合协调组：省生态环境厅牵头，省应急管理厅、省公安厅参与。"
- task-table rows           columns 牵头单位 / 责任单位 / 配合单位 / 指导部门 / 责任部门
- the convention "列第一位者为牵头单位" (stated once in a document): a list of responsible units
  (负责 / 责任单位) then gives its first unit as the lead and the others as support.
Role words, label suffixes, qualifiers and unit endings are data: data/responsibilities/*.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from .diagnostics import Code, Diagnostic
from .lexicons import alternation, load_list, load_map
from .normalize import normalize
from .outline import SectionIndex
from .records import DutyHit, Found, SectionHit, TableHit, Text
from .spans import Span, contains, line_spans

LEAD, RESP, SUPPORT = "lead", "resp", "support"

# A parenthetical, with at most one nested pair inside it ("各区县(自治县)人民政府"); some web copies
# print the assignment in lenticular brackets instead: "【责任单位：市发展改革委】".
PAREN_RE = regex.compile(r"""
    (?|                                 # branch reset: both branches fill group "body"
        \(                              # opening bracket; the normalised text folds （ to (
        (?P<body>
            (?: [^()\n]                 # any character but a bracket or a line end
              | \( [^()\n]{0,40} \)     # one nested pair stays inside: 各区县(自治县)人民政府
            ){1,600}                    # GUARD: bounded; the two branches start on different characters,
        )                               #   so every position has one way to match (no backtracking blow-up)
        \)
      | 【 (?P<body> [^【】\n]{1,600} ) 】   # GUARD: bounded, no nesting
    )
""", regex.VERBOSE)

# A line of its own that starts with a role label: "责任单位：市卫生健康委等，各县（市、区）政府" under an item.
LINE_LABEL_RE = regex.compile(r"""
    ^ [ \t]{0,8}                        # indentation (the normalised text folds U+3000 to a space)
    (?P<body>
        \p{Han}{2,10} [ \t]{0,3} :       # a label and its colon
        [^\n]{1,600}                     # GUARD: bounded, one line
    )
""", regex.VERBOSE | regex.MULTILINE)

# "列第一位者为牵头单位" / "排在第一位的为牵头部门" / "列在首位的为牵头单位": the first-listed convention.
FIRST_LISTED_RE = regex.compile(r"""
    (?: 列 | 排 ) (?: 在 | 于 | 名 )?    # 列 / 排在 / 排名
    (?: 第一 (?: 位 | 个 | 名 )? | 首位 )
    (?: 的 | 者 )? (?: 单位 | 部门 )?
    (?: 为 | 是 ) 牵头                  # …为牵头单位 / …是牵头部门
  | 第一个? (?: 单位 | 部门 ) (?: 为 | 是 ) 牵头
""", regex.VERBOSE)

# A unit marked as the lead inside a list: "市发展改革委（牵头）、市财政局".
MARKED_LEAD_RE = regex.compile(r"""
    ^ (?P<name> .{1,60}? )              # GUARD: bounded lazy name
    \s{0,2} [(〔【\[] \s{0,2} 牵头 (?: 单位 | 部门 )? \s{0,2} [)〕】\]] $
""", regex.VERBOSE)

# A label before a colon inside a parenthetical: "牵头单位:", "配合部门:", "完成时限:", "责任单位为".
SEGMENT_LABEL_RE = regex.compile(r"""
    (?: ^ | (?<= [(;,。\s] ) )         # after the opening bracket or a separator
    \s{0,3}
    (?P<label> \p{Han}{2,10}? )         # GUARD: bounded run of Han characters
    \s{0,3}
    (?: :                               # the colon (norm folds ： to :)
      | (?<= 单位 | 部门 ) 为 )           # or "牵头单位为…"
""", regex.VERBOSE)

SENTENCE_END_RE = regex.compile(r"[。!?]")           # norm folds ！？ to ASCII

# One unit inside a list: name characters and nested brackets, up to a separator.
PIECE_RE = regex.compile(r"""
    (?: [^、,;。!?()〔〕\[\]【】\n]    # a character of a name (、 , ; end a unit; a unit never spans 。)
      | \( [^()\n]{0,40} \)             # nested brackets stay inside the unit:
      | 〔 [^〔〕\n]{0,40} 〕            #   市经济信息委〔市中小企业局〕
      | 【 [^【】\n]{0,40} 】
      | \[ [^\[\]\n]{0,40} \]
    ){1,160}                            # GUARD: bounded; branches start on different characters
""", regex.VERBOSE)

# Words that join two units inside one piece ("各地区和有关部门"); split only when both sides are units,
# so that 工业和信息化部 and 文化和旅游部 stay whole.
CONJ_RE = regex.compile(r"以及|和|及|与")


@dataclass(frozen=True, slots=True)
class _Lex:
    """Vocabulary and the patterns built from it, loaded on first use."""

    label_role: dict
    verb_role: dict
    label_re: regex.Pattern
    key_re: regex.Pattern
    clause_re: regex.Pattern
    sentence_re: regex.Pattern
    qual_tail_re: regex.Pattern
    lead_word_re: regex.Pattern
    unit_end_re: regex.Pattern
    actor_end_re: regex.Pattern
    after_deng: frozenset
    not_line_labels: frozenset
    group_end_re: regex.Pattern
    bare_level_re: regex.Pattern
    level_start_re: regex.Pattern


@cache
def _lex() -> _Lex:
    roles = load_map("responsibilities/roles.yaml")
    labels, verbs = roles["labels"], roles["verbs"]
    suffixes = alternation(load_list("responsibilities/label_suffixes.txt"))
    quals = alternation(load_list("responsibilities/qualifiers.txt"))
    tails = alternation(load_list("responsibilities/verb_tails.txt"))
    levels = alternation(load_list("responsibilities/place_levels.txt"))
    support_verbs = alternation(v for v, r in verbs.items() if r == SUPPORT)
    lead_verbs = alternation(v for v, r in verbs.items() if r in (LEAD, RESP))
    resp_verbs = alternation(v for v, r in verbs.items() if r == RESP)
    label_re = regex.compile(rf"(?P<stem>{alternation(labels)})(?:{suffixes})?")
    key_re = regex.compile(alternation([*labels, *verbs]))
    clause_re = regex.compile(rf"""
        (?P<units> .{{1,400}}? )         # the unit list (anchored by .match) (lazy: qualifiers and verb come off its end)
        (?: {quals} ){{0,4}}             # 等 / 按职责分工 / 分别 …  GUARD: fixed words, at most 4
        (?P<verb> {alternation(verbs)} )
        (?: {tails} )?                   # 负责落实 / 配合实施
        $
    """, regex.VERBOSE)
    sentence_re = regex.compile(rf"""
        (?: 由                                  # "……，由A牵头，B配合。" anywhere in a sentence
          | (?<= [。;:!?\n] ) [ \t]{{0,8}}      # or run in at a clause start, after a group name:
        )                                       #   "综合协调组：省生态环境厅牵头，省公安厅参与。"
        (?P<lead> [^,;。:()\n由]{{2,120}}? )     # GUARD: lazy, bounded, stops at punctuation
        (?: {lead_verbs} ) (?: 负责 )? ,
        (?P<support> [^,;。:()\n]{{2,200}}? )
        (?: {quals} ){{0,4}}
        (?: {support_verbs} | {resp_verbs} ) (?: {tails} )?   # B负责 beside an explicit lead: B supports
        (?= [。;!]                              # the assignment ends the sentence,
          | , (?: 主要 | 具体 )? (?: 负责 | 承担 )  #   or the group's duties follow: "…参加，负责…"
          | \s* (?: \n | $ ) )
    """, regex.VERBOSE)
    return _Lex(
        label_role=labels, verb_role=verbs, label_re=label_re, key_re=key_re, clause_re=clause_re,
        sentence_re=sentence_re,
        qual_tail_re=regex.compile(rf"(?:{quals})$"),
        lead_word_re=regex.compile(alternation(load_list("responsibilities/leading.txt"))),
        unit_end_re=regex.compile(rf"(?:{alternation(load_list('responsibilities/unit_suffixes.txt'))})$"),
        actor_end_re=regex.compile(rf"(?:{alternation(load_list('responsibilities/actor_suffixes.txt'))})$"),
        after_deng=frozenset(load_list("responsibilities/after_deng.txt")),
        not_line_labels=frozenset(load_list("responsibilities/not_line_labels.txt")),
        group_end_re=regex.compile(rf"(?:{alternation(load_list('responsibilities/group_suffixes.txt'))})$"),
        bare_level_re=regex.compile(rf"各?(?:{levels})"),        # fullmatch only: "各州", "市", "自治区"
        level_start_re=regex.compile(rf"各?(?:{levels})\p{{Han}}"),   # "市人民政府", "直辖市人民政府"
    )


# --------------------------------------------------------------------------- units

ALIAS_TAIL_RE = regex.compile(r"(?:\([^()]*\)|〔[^〔〕]*〕|【[^【】]*】|\[[^\[\]]*\])$")   # a bracket ending a name


def fold(s: str) -> str:
    """Width-folded, without white space: the key under which two printings of a unit are one.

    >>> fold("市经济信息委（市中小企业局） "), fold("牵头 单位")
    ('市经济信息委(市中小企业局)', '牵头单位')
    """
    return "".join(normalize(s).split())


def is_unit(name: str) -> bool:
    """Does `name` read as a unit (it ends like one) rather than as a phrase?

    >>> is_unit("市经济信息委〔市中小企业局〕"), is_unit("有关部门"), is_unit("各地区")
    (True, True, True)
    >>> is_unit("各县（市、区）政府（管委会）")
    True
    >>> is_unit("工业"), is_unit("2023年底前完成"), is_unit("社会力量")
    (False, False, False)
    """
    name = normalize(name).strip()
    if not 2 <= len(name) <= 40 or "的" in name or any(c.isdigit() for c in name):
        return False
    core = ALIAS_TAIL_RE.sub("", name)                  # 市经济信息委〔市中小企业局〕 ends like 委
    return bool(_lex().unit_end_re.search(core or name))


def _clean(norm: str, s: int, e: int) -> Span:
    """Trim spaces, a leading 由 / 具体由 …, and trailing qualifiers (等, 按职责分工, 分别 …) from a unit span."""
    lex = _lex()
    while True:
        while s < e and norm[s].isspace():
            s += 1
        while e > s and norm[e - 1].isspace():
            e -= 1
        m = lex.lead_word_re.match(norm, s, e)
        if m and e - m.end() >= 2:
            s = m.end()
            continue
        m = lex.qual_tail_re.search(norm, s, e)
        if m and m.start() > s:
            e = m.start()
            continue
        return s, e


def _split_conj(norm: str, s: int, e: int) -> list[Span]:
    """Split one piece at 和/及/与 where both sides are units; at 等和 always; at 等 before a unit.

    "等" closes a list: "A、B等和C" -> A, B, C; "能源局等省有关部门" -> 能源局, 省有关部门;
    "市财政局等部门" -> 市财政局 (a bare class noun after 等 is dropped, see after_deng.txt).
    """
    lex = _lex()
    text = norm[s:e]
    k = text.find("等和")
    if k > 0:
        return _split_conj(norm, s, s + k) + _split_conj(norm, s + k + 2, e)
    k = text.find("等")
    if 0 < k < len(text) - 1 and is_unit(text[:k]):
        rest = text[k + 1:].strip()
        if rest in lex.after_deng or not is_unit(rest):
            return [(s, s + k)]
        return [(s, s + k)] + _split_conj(norm, s + k + 1, e)
    for m in CONJ_RE.finditer(text):
        left, right = text[:m.start()], text[m.end():]
        if is_unit(left) and is_unit(right):
            return [(s, s + m.start())] + _split_conj(norm, s + m.end(), e)
    return [(s, e)]


def _shared_suffix(norm: str, pieces: list[Span]) -> list[Span]:
    """Join bare levels before 、 to the unit that ends them: "各州、市人民政府" is one unit as printed.

    A shared-suffix coordination (各州人民政府、市人民政府) prints the organ name once; a piece that is
    only a level (各州, 市, 自治区: place_levels.txt) joins the following pieces when they are separated
    by 、 alone and the last one starts with a level and ends like a unit.

    >>> n = "各州、市人民政府,各行政公署"
    >>> [n[a:b] for a, b in _shared_suffix(n, [(0, 2), (3, 8), (9, 14)])]
    ['各州、市人民政府', '各行政公署']
    >>> n = "市财政局、市税务局"
    >>> [n[a:b] for a, b in _shared_suffix(n, [(0, 4), (5, 9)])]
    ['市财政局', '市税务局']
    """
    lex = _lex()
    out, i = [], 0
    while i < len(pieces):
        j = i
        while (j + 1 < len(pieces) and norm[pieces[j][1]:pieces[j + 1][0]] == "、"
               and lex.bare_level_re.fullmatch(norm, *_clean(norm, *pieces[j]))):
            j += 1
        if j > i:
            s, e = _clean(norm, *pieces[j])
            if (not lex.bare_level_re.fullmatch(norm, s, e) and lex.level_start_re.match(norm, s, e)
                    and is_unit(norm[s:e])):
                out.append((pieces[i][0], pieces[j][1]))
                i = j + 1
                continue
        out.append(pieces[i])
        i += 1
    return out


def unit_spans(t: Text, start: int, end: int) -> list[Span]:
    """Spans of the units listed in [start, end): split on 、，,；; and at 等和; nested brackets kept.

    >>> t = Text("市经济信息委〔市中小企业局〕、市通信管理局", normalize("市经济信息委〔市中小企业局〕、市通信管理局"))
    >>> [t.out(*s) for s in unit_spans(t, 0, len(t.raw))]
    ['市经济信息委〔市中小企业局〕', '市通信管理局']
    >>> t = Text("工业和信息化部、全国总工会等和各省级人民政府", normalize("工业和信息化部、全国总工会等和各省级人民政府"))
    >>> [t.out(*s) for s in unit_spans(t, 0, len(t.raw))]
    ['工业和信息化部', '全国总工会', '各省级人民政府']
    >>> t = Text("电力公司等和各市、州、县人民政府", normalize("电力公司等和各市、州、县人民政府"))
    >>> [t.out(*s) for s in unit_spans(t, 0, len(t.raw))]
    ['电力公司', '各市、州、县人民政府']
    """
    # Split at 和/及/等和 first, then join shared-suffix chains: in "A等和各市、州、县人民政府" the bare
    # level 各市 is only visible once 等和 has cut it from A.
    parts: list[Span] = []
    for m in PIECE_RE.finditer(t.norm, start, end):
        for s, e in _split_conj(t.norm, *_clean(t.norm, *m.span())):
            s, e = _clean(t.norm, s, e)
            if e > s:
                parts.append((s, e))
    return [_clean(t.norm, s, e) for s, e in _shared_suffix(t.norm, parts)]


def split_units(text: str) -> list[str]:
    """The units named in a string (a table cell), as printed.

    >>> split_units("市公安局、市人力社保局、重庆市税务局")
    ['市公安局', '市人力社保局', '重庆市税务局']
    >>> split_units("市规划自然资源局等按职责分工")
    ['市规划自然资源局']
    >>> split_units("")
    []
    """
    t = Text(text, normalize(text))
    return [t.out(s, e) for s, e in unit_spans(t, 0, len(text))]


# --------------------------------------------------------------------------- roles

def _dedupe(names: Iterable[str]) -> tuple[str, ...]:
    seen, out = set(), []
    for n in names:
        key = fold(n)
        if key and key not in seen:
            seen.add(key)
            out.append(n)
    return tuple(out)


def resolve(parts: Sequence[tuple[str, Sequence[str]]], first_listed: bool
            ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(role, units) parts -> (lead, support).

    牵头/主办 units lead; 配合/协办/参与 units support; 负责/责任 units lead too, except under the
    first-listed convention with no explicit lead: then the first of them leads, the rest support.

    >>> resolve([("resp", ["A", "B"])], False)
    (('A', 'B'), ())
    >>> resolve([("resp", ["A", "B", "C"])], True)
    (('A',), ('B', 'C'))
    >>> resolve([("lead", ["A"]), ("resp", ["B"]), ("support", ["C"])], True)
    (('A', 'B'), ('C',))
    """
    parts = [q for role, units in parts for q in _marked(role, units)]
    explicit = any(role == LEAD and units for role, units in parts)
    lead: list[str] = []
    support: list[str] = []
    for role, units in parts:
        if role == SUPPORT:
            support.extend(units)
        elif role == LEAD or not first_listed or explicit:
            lead.extend(units)
        else:                                           # first-listed: the first responsible unit leads
            head = [] if lead else list(units[:1])
            lead.extend(head)
            support.extend(units[len(head):])
    lead_t = _dedupe(lead)
    keys = {fold(u) for u in lead_t}
    return lead_t, tuple(u for u in _dedupe(support) if fold(u) not in keys)


def _marked(role: str, units: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Units marked "（牵头）" lead; the others of a responsible list then support.

    >>> _marked("resp", ["市发展改革委（牵头）", "市财政局"])
    [('lead', ['市发展改革委']), ('support', ['市财政局'])]
    >>> _marked("resp", ["市财政局"])
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


@lru_cache(maxsize=1024)
def label_role(label: str) -> str | None:
    """The role a label names: "牵头单位" -> lead, "配合部门" -> support, "责任单位" -> resp, else None.

    >>> label_role("牵头单位"), label_role("配合部门"), label_role("责任单位"), label_role("完成时限")
    ('lead', 'support', 'resp', None)
    """
    lex = _lex()
    name = fold(label)
    m = lex.label_re.fullmatch(name)
    if not m:
        return None
    return lex.label_role[m.group("stem")]


def _labelled(t: Text, s: int, e: int) -> list[tuple[str, list[str]]] | None:
    """"牵头单位:A、B;配合单位:C" -> [(lead, [A, B]), (support, [C])]; None when it is not this form."""
    labels = list(SEGMENT_LABEL_RE.finditer(t.norm, s, e))
    if not labels or labels[0].start() != s or all(label_role(m.group("label")) is None for m in labels):
        return None
    parts = []
    for k, m in enumerate(labels):
        role = label_role(m.group("label"))
        stop = labels[k + 1].start() if k + 1 < len(labels) else e
        end_m = SENTENCE_END_RE.search(t.norm, m.end(), stop)   # the unit list ends with its sentence:
        stop = end_m.start() if end_m else stop                 #   "…。以下各项任务均需…落实" is no unit
        if role is not None:
            parts.append((role, [t.out(*u) for u in unit_spans(t, m.end(), stop)]))
    return parts


def _top_level_commas(norm: str, s: int, e: int) -> list[Span]:
    """Clauses of [s, e) split at , ; and 。 outside nested brackets; a clause closed by a sentence
    end (。!?) is followed by an empty (i, i) marker span, so callers can see where a sentence ends.

    >>> b = "A负责。B"
    >>> _top_level_commas(b, 0, len(b))
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
            if c in "。!?":
                out.append((start, start))          # the sentence-end marker
    out.append((start, e))
    return out


def _verb_clauses(t: Text, s: int, e: int) -> list[tuple[str, list[str]]]:
    """"A牵头,B、C参与" -> [(lead, [A]), (support, [B, C])]; clauses that are not assignments are skipped.

    A clause must end with a role verb and list only units before it; a clause of units with no verb
    joins the next clause ("A,B负责"); anything else (a deadline, "下同") is ignored. Next to an
    explicit lead, responsible units support: "A牵头,B按职责分工负责" -> [(lead, [A]), (support, [B])].

    >>> b = "商务部牵头,国家发展改革委、财政部等按职责分工负责"
    >>> _verb_clauses(Text(b, b), 0, len(b))
    [('lead', ['商务部']), ('support', ['国家发展改革委', '财政部'])]
    """
    lex = _lex()
    parts: list[tuple[str, list[str]]] = []
    pending: list[Span] = []
    for cs, ce in _top_level_commas(t.norm, s, e):
        if cs == ce:                                    # a sentence end closes the assignment: what follows
            if parts:                                   #   ("以下各项任务均需地方各级人民政府落实，…下同") is a
                break                                   #   note on the convention, not more units
            pending = []
            continue
        cs, ce = _clean(t.norm, cs, ce)
        if ce <= cs:
            continue
        m = lex.clause_re.match(t.norm, cs, ce)
        if m is None:
            spans = unit_spans(t, cs, ce)
            pending = pending + spans if spans and all(is_unit(t.norm[a:b]) for a, b in spans) else []
            continue
        role = lex.verb_role[m.group("verb")]
        us, ue = m.span("units")
        k = t.norm.find("会同", us, ue)                   # A会同B、C负责: A leads, B and C support
        if k >= 0:
            heads, rest = unit_spans(t, us, k), unit_spans(t, k + 2, ue)
        else:
            heads, rest = pending + unit_spans(t, us, ue), []
        pending = []
        if not heads or not all(is_unit(t.norm[a:b]) for a, b in heads + rest):
            continue
        parts.append((role, [t.out(*u) for u in heads]))
        if rest:
            parts.append((SUPPORT, [t.out(*u) for u in rest]))
    # "A牵头，B、C等按职责分工负责": once a unit is named the lead, the units that are merely
    # responsible beside it support it (what the first-listed convention gives for the same list).
    if any(role == LEAD for role, _ in parts):
        parts = [(SUPPORT if role == RESP else role, units) for role, units in parts]
    return parts


@lru_cache(maxsize=4096)
def _assignment(body: str, first_listed: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(lead, support) named by a parenthetical's body as printed; ((), ()) when it assigns nobody.

    Cached: a document repeats its assignments ("（责任单位：有关主管部门）" eleven times).

    >>> _assignment("牵头单位：市委编办；配合单位：各开发区管委会、有关区政府", False)
    (('市委编办',), ('各开发区管委会', '有关区政府'))
    >>> _assignment("以下简称开发区管委会", False)
    ((), ())
    """
    b = Text(body, normalize(body))
    s, e = _clean(b.norm, 0, len(body))
    parts = _labelled(b, s, e)
    if parts is None:
        parts = _verb_clauses(b, s, e)
    return resolve(parts, first_listed)


# --------------------------------------------------------------------------- tasks

class _Tasks:
    """The task an assignment at a position closes: the title of the innermost section around it."""

    def __init__(self, t: Text, sections: Sequence[SectionHit] | SectionIndex):
        self.t = t
        self.index = SectionIndex.of(sections)
        self.sections = self.index.items
        self.starts = self.index.starts

    def at(self, pos: int) -> str:
        s = self.index.at(pos)
        if s is not None:
            ts, te = s.title_span
            if ts <= pos < te:                          # "（一）加强组织领导（牵头单位：…）" on the heading line
                return self.t.out(ts, pos).strip()
            return s.title
        return self._line_title(pos)

    def run_in(self, pos: int) -> str:
        """The task of an assignment run in after a label: "抢险救援组：市应急管理局牵头，…" -> 抢险救援组.

        The label is the whole line before the assignment and names a group (group_suffixes.txt); a heading on that line (a section whose
        title starts on it) is the item instead, and so is the enclosing section when there is no label.
        """
        ls = self.t.norm.rfind("\n", max(0, pos - TITLE_WINDOW), pos) + 1
        i = bisect.bisect_right(self.starts, pos) - 1
        heading_here = i >= 0 and ls <= self.sections[i].title_span[0] < pos
        m = RUN_IN_LABEL_RE.fullmatch(self.t.norm, ls, pos)
        if m and not heading_here and _lex().group_end_re.search(m.group("label")):
            return self.t.out(*m.span("label"))
        return self.at(pos)

    def _line_title(self, pos: int) -> str:
        """No section: the start of the line up to its first 。；： (or up to the assignment); for an
        assignment that starts its line ("责任单位：…"), the title of the nearest non-blank line above.
        Only the last TITLE_WINDOW characters are looked at (a one-line page must not cost O(n) per hit)."""
        norm = self.t.norm
        ls, end = self._line_start(pos), pos
        for _ in range(8):                              # GUARD: look at most 8 lines up
            m = TITLE_END_RE.search(norm, ls, end)
            title = self.t.out(ls, m.start() if m else end).strip()
            if title or ls == 0:
                return title
            end = ls - 1                                # the line above, without its line end
            ls = self._line_start(end)
        return ""

    def _line_start(self, pos: int) -> int:
        """Start of the line holding `pos`, or of the sentence when the line began too far back."""
        lo = max(0, pos - TITLE_WINDOW)
        ls = self.t.norm.rfind("\n", lo, pos) + 1
        if ls == 0 and lo > 0:
            m = SENTENCE_START_RE.search(self.t.norm, lo, pos)
            ls = m.end() if m else lo
        return ls


TITLE_WINDOW = 400
# A short label that a run-in assignment follows on its line: "  综合协调组：" (GUARD: bounded, fullmatch).
RUN_IN_LABEL_RE = regex.compile(r"[ \t]{0,8}(?P<label>[^\s,;。:()]{3,20})[ \t]{0,3}:[ \t]{0,3}")
TITLE_END_RE = regex.compile(r"[。;:]")
SENTENCE_START_RE = regex.compile(r"[。;!?]")


# --------------------------------------------------------------------------- tables

TASK_COLUMN_RE = regex.compile(r"任务|事项|举措|措施|内容|工作")
NUMBER_COLUMN_RE = regex.compile(r"^(?:序号|编号|时限|完成时限|完成时间|时间|备注)$")


CELL_TITLE_END_RE = regex.compile(r"[。;:]|(?<=\S)\(\d{1,2}\)")   # 。；： or a "(1)" after the title


def cell_title(cell: str) -> str:
    """The title of a task cell: up to its first 。；： or a following "(1)".

    >>> cell_title("1.精简企业开办流程(1)除涉及前置审批事项外，企业名称不再实行预先核准。")
    '1.精简企业开办流程'
    >>> cell_title("（2）明确审批时限。按照原则进一步压减。"), cell_title("推进农村人居环境整治")
    ('（2）明确审批时限', '推进农村人居环境整治')
    """
    m = CELL_TITLE_END_RE.search(normalize(cell))
    return (cell[:m.start()] if m else cell).strip()


def _filled_down(rows: Sequence[Sequence[str]], col: int) -> bool:
    """Does some non-empty cell of `col` repeat the cell above it (a category filled down)?"""
    column = [r[col] if col < len(r) else "" for r in rows]
    return any(a.strip() and a == b for a, b in zip(column, column[1:]))


def _row_task(t: Text, span: Span, cell: str) -> str:
    """The task of a row: the title of its task cell. When the cell was printed over several lines and
    its first line is a line of its own ("2.压减企业开办耗时" above the measures), that line is the title."""
    flat = "".join(cell.split())
    for ls, le in line_spans(t.raw, span):
        line = t.raw[ls:le].strip()
        if len(line) >= 4 and flat.startswith("".join(line.split())):
            return cell_title(line) if len("".join(line.split())) < len(flat) else cell_title(cell)
    return cell_title(cell)


def _cell_parts(role: str, cell: str) -> list[tuple[str, list[str]]]:
    """The units of a role cell; a cell that labels its own roles ("牵头：A；配合：B") says who is who.

    >>> _cell_parts("resp", "市公安局、市民政局")
    [('resp', ['市公安局', '市民政局'])]
    >>> _cell_parts("resp", "牵头：市发展改革委；配合：市财政局")
    [('lead', ['市发展改革委']), ('support', ['市财政局'])]

    A cell that names roles with verbs reads with the grammar of a parenthetical:

    >>> _cell_parts("resp", "市经信局牵头，市发改委、市科技局配合")
    [('lead', ['市经信局']), ('support', ['市发改委', '市科技局'])]
    """
    c = Text(cell, normalize(cell))
    s, e = _clean(c.norm, 0, len(cell))
    labelled = _labelled(c, s, e)
    if labelled:
        return labelled
    verbs = [(r, us) for r, us in _verb_clauses(c, s, e) if us]
    return verbs or [(role, split_units(cell))]


def _table_duties(t: Text, table: TableHit, first_listed: bool) -> list[DutyHit]:
    """One responsibility per row of a task table (a table with a 牵头/责任/配合… column)."""
    roles = [label_role(c) for c in table.columns]
    if not any(r in (LEAD, RESP) for r in roles):
        return []
    names = [fold(c) for c in table.columns]
    free = [k for k, r in enumerate(roles) if r is None and not NUMBER_COLUMN_RE.match(names[k])]
    free = sorted(free, key=lambda k: not TASK_COLUMN_RE.search(names[k]))   # 任务/事项/举措 … first
    # A category filled down a column ("一、开办企业" on every row) names a group, not the row's task:
    # then the row's task is the title of the next column ("1.精简企业开办流程(1)…" -> its title).
    while len(free) > 1 and _filled_down(table.rows, free[0]):
        free = free[1:]
    task_col = free[0] if free else None
    out = []
    for i, row in enumerate(table.rows):
        parts = [q for k, role in enumerate(roles) if role and k < len(row) for q in _cell_parts(role, row[k])]
        if fold("".join(row)) == "".join(names):
            continue                                    # a header repeated after a page break
        lead, support = resolve(parts, first_listed)
        if not lead:
            continue
        span = table.row_spans[i] if len(table.row_spans) == len(table.rows) else table.span
        task = _row_task(t, span, row[task_col]) if task_col is not None and task_col < len(row) else ""
        out.append(DutyHit(span=span, task=task, lead=lead, support=support))
    return out


# --------------------------------------------------------------------------- the stage

def extract_responsibilities(t: Text, span: Span, sections: Sequence[SectionHit],
                             tables: Sequence[TableHit]) -> Found[DutyHit]:
    """Every explicit assignment of units to a task inside `span`.

    >>> s = "（一）金融服务。引导金融机构下沉服务。（牵头部门：财政局）"
    >>> [(d.task, d.lead, d.support) for d in extract_responsibilities(Text(s, normalize(s)), (0, len(s)), [], []).items]
    [('（一）金融服务', ('财政局',), ())]
    """
    lex = _lex()
    start, end = span
    first_listed = FIRST_LISTED_RE.search(t.norm, start, end) is not None
    tasks = _Tasks(t, sections)
    hits: list[DutyHit] = []
    warnings: list[Diagnostic] = []
    task_tables = []
    for table in tables:
        if contains(span, table.span):
            rows = _table_duties(t, table, first_listed)
            if rows:
                task_tables.append(table.span)
                hits.extend(rows)

    def in_task_table(pos: int) -> bool:
        return any(a <= pos < b for a, b in task_tables)

    for m in PAREN_RE.finditer(t.norm, start, end):
        bs, be = m.span("body")
        if in_task_table(m.start()):
            continue
        if not lex.key_re.search(t.norm, bs, be):
            first = SEGMENT_LABEL_RE.match(t.norm, *_clean(t.norm, bs, be))   # "（督办单位：…）": unknown
            if first and first.group("label").endswith(("单位", "部门")):
                warnings.append(Diagnostic(Code.RESP_UNKNOWN_MARKER,
                                           f"unknown role label {first.group('label')!r}", m.span()))
            continue
        lead, support = _assignment(t.raw[bs:be], first_listed)
        if lead:
            hits.append(DutyHit(span=m.span(), task=tasks.at(m.start()), lead=lead, support=support))

    # Labelled lines; consecutive ones ("牵头单位：A" then "配合单位：B") form one assignment.
    groups: list[tuple[Span, list]] = []
    for m in LINE_LABEL_RE.finditer(t.norm, start, end):
        bs, be = _clean(t.norm, *m.span("body"))
        if in_task_table(bs) or not lex.key_re.match(t.norm, bs, be):
            continue
        first = SEGMENT_LABEL_RE.match(t.norm, bs, be)
        stem = lex.label_re.match(first.group("label")) if first else None
        if stem is None or stem.group("stem") in lex.not_line_labels:
            continue                                    # "主办：…网 承办：…" is a site footer
        parts = _labelled(t, bs, be) or []
        if not parts or not all(is_unit(u) for _, units in parts for u in units):
            continue
        if groups and not t.norm[groups[-1][0][1]:bs].strip():
            groups[-1] = ((groups[-1][0][0], be), groups[-1][1] + parts)
        else:
            groups.append(((bs, be), parts))
    for (bs, be), parts in groups:
        lead, support = resolve(parts, first_listed)
        if lead:
            hits.append(DutyHit(span=(bs, be), task=tasks.at(bs), lead=lead, support=support))

    for m in lex.sentence_re.finditer(t.norm, start, end):
        if in_task_table(m.start()):
            continue
        lead_units = unit_spans(t, *m.span("lead"))
        support_units = unit_spans(t, *m.span("support"))
        names = [t.norm[a:b] for a, b in lead_units + support_units]
        if lead_units and support_units and all(is_unit(n) and not lex.actor_end_re.search(n) for n in names):
            hits.append(DutyHit(span=m.span(), task=tasks.run_in(m.start()),
                                lead=_dedupe(t.out(*u) for u in lead_units),
                                support=_dedupe(t.out(*u) for u in support_units)))
    hits.sort(key=lambda d: d.span)
    return Found(tuple(hits), tuple(warnings))


# The `units` report moved to reports/units.py; re-exported for tests/test_responsibilities.py.
from .reports.units import unit_summary  # noqa: E402,F401
