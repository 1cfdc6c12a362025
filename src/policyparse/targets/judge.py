"""The sentence judge: which quantities of a sentence are targets, and the rule that drops each of the others."""
from __future__ import annotations

import bisect
from functools import cache, lru_cache

import regex

from ..explain import note
from ..lexicons import load_list
from ..numerals import split_multiplier
from ..records import Baseline, TargetHit, Text
from ..spans import Span, strip_span
from .context import clauses
from .indicators import (
    GROWTH_HEADS,
    clean_indicator,
    clean_out,
    indicator_span,
    is_elliptic,
    subject,
)
from .quantities import Quantity
from .candidate import Candidate
from .rules import first_exclusion
from .rules.money import reward_start
from .rules.phrase import BASELINE_FROM_RE
from .vocab import R, vocab
from .years import YearMark


def judge_sentence(t: Text, ss: int, se: int, qs: list[Quantity], marks: list[YearMark],
                    forward: bool, para_year: int | None, lex, narrative: bool = False,
                    ctx: dict | None = None, dated: bool = True, article: bool = False,
                    planned: bool = False) -> list[TargetHit]:
    """The targets of one sentence. `ctx` carries the last indicator of the paragraph across sentences."""
    ctx = {} if ctx is None else ctx
    norm = t.norm
    out: list[TargetHit] = []
    last_subject = ""
    parts = clauses(norm, ss, se)
    reward_at = reward_start(norm, ss, se, lex.reward)   # clauses before a reward clause are its conditions
    seen: dict = {}                                # sentence tests the rules made (shared by its clauses)
    qpos = [q.span[0] for q in qs]                 # positions, found once: every lookup below bisects
    mpos = [m.pos for m in marks]
    listed_items: list[str] = []                  # the sentence's last 分别 list (_respectively)
    # one candidate per sentence, moved to each clause (Candidate.to_clause), then along its quantities
    c = Candidate(norm, qs[0], 0, qs, ss, se, ss, se, "", marks, mpos, forward, narrative, para_year, reward_at,
                  lex, seen=seen, dated=dated, article=article, planned=planned)
    for cs, ce in parts:
        cq = qs[bisect.bisect_left(qpos, cs):bisect.bisect_left(qpos, ce)]
        if not cq:
            last_subject = _named_subject(norm[cs:ce], last_subject)
            continue
        listed_years = _distributed_years(norm, cs, ce, marks, cq)
        first_of_clause = len(out)
        prev_end = cs
        post_end: int | None = None
        baseline: Quantity | None = None
        baseline_zone: Span = (0, 0)
        accepted_end: int | None = None
        modified_from: int | None = None
        year_at: tuple[int, int | None] = (-1, None)   # (mark index, its year) of the clause's last value
        quote = strip_span(t.raw, (cs, ce), CLAUSE_PUNCT)   # the clause its targets quote
        plain = t.raw[cs:ce] == norm[cs:ce]            # printed as normalised: its units are (_unit_out)
        c.to_clause(cq, cs, ce)                        # moved along its quantities: the clause's facts found once
        for k, q in enumerate(cq):
            qs_, qe = q.span
            pre = norm[prev_end:qs_]
            seg_start = prev_end
            prev_end = qe
            if post_end is not None and post_end <= qs_:
                seg_start = post_end                       # "建成5家A、100家B": B's text starts after A
            # -- exclusions (rules/: the first named rule that applies drops the quantity) ------------
            c.q, c.k, c.pre = q, k, pre
            c.accepted_end, c.accepted = accepted_end, bool(out)     # (what `listed` and `continued` read)
            c.governor = norm[cs:modified_from] if modified_from is not None else None
            rule = first_exclusion(c)
            if rule is not None:
                note("targets", q.span, "dropped", rule.name, t.raw[qs_:qe])
                if rule.name == "baseline-of-change":
                    prev_end = seg_start                   # "由12个工作日…" is the baseline of the next
                    baseline = q
                    bm = BASELINE_FROM_RE.search(norm, max(cs, qs_ - 14), qs_)
                    baseline_zone = (bm.start() if bm else qs_, qe)   # "由今年预计的3%": its 今年 is no deadline
                elif rule.name == "modifier":
                    modified_from = qs_                    # the words before the modifier: the verb
                continue                                   # governs across it ("培育年收入超1亿元的…10家")
            modified_from = None
            # -- indicator ---------------------------------------------------------------------------
            ind_span = indicator_span(norm, seg_start, qs_, qe, ce, lex)
            post_end = ind_span[1] if ind_span[0] >= qe else None
            ind = clean_out(t, ind_span)
            rate = lex.rate_tail.search(norm, max(cs, qs_ - 3), qs_) if q.unit in ("%", "个百分点") else None
            if rate and ind and not ind.endswith(rate.group().strip()) and ind_span[1] <= rate.start():
                ind += t.raw[rate.start():rate.start() + len(rate.group().strip())]   # "资费降低15%": a change
            if not ind and ctx.get("last") and q.unit == ctx.get("unit"):
                ind = ctx["last"]                              # "到2035年，达到70%": the same indicator again
            elif is_elliptic(ind) and last_subject and not ind.startswith(last_subject):
                ind = last_subject + ind                       # the subject of this clause group comes first:
            elif 0 < len(ind) <= 2 and ctx.get("last", "").endswith(ind):   # no filling across ;/。 then
                ind = ctx["last"]                              # "…客户办电环节至4个…，进一步压减环节至3个"
            if ind and not is_elliptic(ind) and ind_span[1] <= qs_:
                last_subject = subject(ind)
            if not ind:
                note("targets", q.span, "dropped", "no-indicator", t.raw[qs_:qe])
                continue
            i = bisect.bisect_left(mpos, qs_)          # the values between two marks share their year (_year_for
            if baseline or year_at[0] != i:            # reads the position only through i), unless a baseline's
                year_at = (-1, _baseline_year(marks, baseline_zone, qs_, para_year, ce)) if baseline \
                    else (i, _year_for(marks, mpos, qs_, para_year, ce))    # marks are left out
            year = listed_years.get(qs_) or year_at[1]
            base = Baseline(None, float(baseline.value)) if baseline and baseline.unit == q.unit else None
            baseline = None
            verb_from = ind_span[1] if cs <= ind_span[1] <= qs_ else cs   # the words between indicator and value
            out.append(_hit(t, quote, q, year, ind, norm[verb_from:qs_], lex, base, plain and qe <= ce))
            note("targets", q.span, "kept", "target", t.raw[qs_:qe])
            ctx["last"], ctx["unit"] = ind, q.unit
            accepted_end = qe
        out[first_of_clause:] = _doubled_together(t, _respectively(t, cs, ce, out[first_of_clause:], lex,
                                                                  listed_items))
    return out


ITEM_SEP_RE = regex.compile(r"、|和|及|与")
OWN_MODAL_RE = regex.compile(r"(?:要|将|应|需|也|都)+$")   # "年均要(分别增长)": 要 is no part of the indicator
CARRIED_PREFIX_MAX = 6     # characters a clause may print before its 分别 and still take the list before it ("年均")
# "均为12%左右", "均增长5%": one value for each of the subjects before it (not 人均/年均/平均/均衡)
# the one value for each of a list: "M2和社会融资规模余额预期增长均为12%左右", "化学需氧量、氨氮排放都要减少2%左右"
ALL_EACH_RE = regex.compile(r"(?<![人年户日月平])均(?:为|要|达到|达|增长|提高|下降|超过)"
                            r"|(?<![首])都要?(?:为|达到|达|增长|提高|下降|减少|降低|超过)")
CHANGE_TAIL_RE = regex.compile(r"(?:预期)?(?:增长|下降|提高|降低|减少)$")
# the measure a list of substances or sectors shares, printed once after the last ("二氧化硫、氮氧化物排放量")
OWN_MEASURE_RE = regex.compile(r"[量率度额数值耗重]$")   # an item that names its measure: "用水量", "能耗"
SHARED_HEAD_RE = regex.compile(r"(?:排放量|排放总量|排放|消耗量|使用量|产量|覆盖率|普及率|利用率"
                               r"|产业规模|营业收入|产值)$")          # "电子信息、…、装备制造业产业规模"
GOAL_NAME_END_RE = regex.compile(r"目标$")          # a clause that names the goal the next clause sets
MODAL_TAIL_RE = regex.compile(r"(?:要|将|应|需|均|都|也)+$")     # "氨氮排放量要(分别下降)"
# the verb after 分别 that names the change: "分别下降", "分别增长", "分别提高到" (kept on each indicator)
# a list of substances or products with the measure printed once and one change, no 分别: "今年化学需氧量、
# 氨氮排放量要下降2%" is a target for each (one clause; items short, see SHARED_ITEM_MAX)
SHARED_CHANGE_RE = regex.compile(r"、[^,，;；。、]{1,12}?(?P<head>排放量|排放总量|排放|消耗量|使用量|产量)"
                                 r"(?:要|将|需)?\s?(?P<verb>下降|降低|减少|增长|提高|削减)")
SHARED_ITEM_MAX = 12
CHANGE_AFTER_RE = regex.compile(r"(?:分别|均|都)\s?(?:要|将)?\s?"
                                r"(?P<verb>下降|降低|减少|增长|提高|提升|增加|削减|压减|压缩)")


@cache
def _measure_ends() -> tuple[str, ...]:
    return tuple(load_list("targets/measure_ends.txt"))


FAN_RE = regex.compile(r"翻\s?(?:一|两|二|三)?\s?番")


def _doubled_together(t: Text, hits: list[TargetHit]) -> list[TargetHit]:
    """ "国内生产总值和城乡居民人均收入比2010年翻一番": two subjects joined by 和/与 double each, one target
    each (as 分别 would say). Only for a clause's single 翻番 value.

    >>> from policyparse.targets import extract_targets
    >>> from policyparse.targets.vocab import text_of
    >>> t = text_of("到2020年国内生产总值和城乡居民人均收入比2010年翻一番,工业和信息化部直属单位收入翻一番。")
    >>> [(h.indicator, h.value) for h in extract_targets(t, (0, len(t.raw)), [], []).items]
    [('国内生产总值', 2), ('城乡居民人均收入', 2), ('工业和信息化部直属单位收入', 2)]
    """
    if len(hits) != 1 or not FAN_RE.fullmatch(t.norm, *hits[0].value_span):
        return hits
    items = [x for x in regex.split(r"和|与", hits[0].indicator) if x]
    if len(items) != 2 or not all(x.endswith(_measure_ends()) for x in items):
        return hits
    return [hits[0]._replace(indicator=x) for x in items]


def _respectively(t: Text, cs: int, ce: int, hits: list[TargetHit], lex,
                  listed: list[str] | None = None) -> list[TargetHit]:
    """A 分别 list (SPEC §4): "A、B、C分别下降23%、15%、18%" -> one indicator each; "A、B要分别下降2%" -> the
    one value for each of A and B. The items are the subject before 分别, split at 、/和/及/与; a measure printed
    once after the last item goes with each ("二氧化硫、氮氧化物排放量要分别下降3%"). A clause that goes on with
    as many values and no subject list of its own keeps the sentence's last list (`listed`, updated here):
    "A、B分别达到1000亿元、500亿元，年均分别增长12%、15%" -> "A年均增长", "B年均增长"."""
    norm = t.norm
    at = norm.find("分别", cs, ce)
    each = bare = None
    if at < 0 and hits and _has_each_word(norm, cs, ce) and (each := ALL_EACH_RE.search(norm, cs, ce)):
        at = each.start()                          # "M2和社会融资规模余额预期增长均为12%左右": the one value each
    if at < 0 and len(hits) == 1 and (bare := SHARED_CHANGE_RE.search(norm, cs, hits[0].value_span[0])):
        at = bare.end("head")                      # "化学需氧量、氨氮排放量要下降2%": the measure printed once
    if at < 0 or not hits:
        return hits
    subject_text = clean_indicator(norm[cs:at])
    items = [MODAL_TAIL_RE.sub("", x) for x in ITEM_SEP_RE.split(subject_text) if x]
    items = [x for x in items if x]
    if bare and (len(items) < 2 or any(len(x) > SHARED_ITEM_MAX for x in items)):
        return hits
    after = [h for h in hits if h.value_span[0] > at]
    if len(items) < 2 and not each and listed and len(after) == len(listed) > 1 \
            and len(subject_text) <= CARRIED_PREFIX_MAX and is_elliptic(subject_text):
        own = OWN_MODAL_RE.sub("", subject_text)
        items = [x + own for x in listed]           # "年均分别增长…": the list before, with the clause's own words
    elif len(items) >= 2 and not each and listed is not None:
        listed[:] = items
    if len(items) < 2 or not after or (each and len(after) != 1):
        return hits
    if each:
        items = _share_tail(items, CHANGE_TAIL_RE)         # "M2和社会融资规模余额预期增长": the change printed once
    verb = (m.group("verb") if (m := CHANGE_AFTER_RE.match(norm, at, ce)) else bare.group("verb") if bare else "")
    # "二氧化硫、氮氧化物排放量": the measure printed once; with several values, not onto an item that may name
    # its own ("用水量、能耗、二氧化碳排放量分别下降23%、15%、18%")
    items = _share_tail(items, SHARED_HEAD_RE, keep_own=len(after) > 1)
    names = [item if item.endswith(verb) else item + verb for item in items]
    if len(after) == len(items):
        renamed = {id(h): _unit_of_list(h, after[-1].unit)._replace(indicator=name) for h, name in zip(after, names)}
        return [renamed.get(id(h), h) for h in hits]
    if len(after) == 1:
        h = after[0]
        return [x for x in hits if x is not h] + [h._replace(indicator=name) for name in names]
    return hits


BARE_MULTIPLIERS = frozenset(("万", "亿", "万亿", "千万", "百万"))


def _unit_of_list(h: TargetHit, last_unit: str) -> TargetHit:
    """A value of a 分别 list printed with its multiplier alone takes the base unit the list's last value prints:
    "分别达1.28万亿、1.18万亿、8200亿元" -> 1.28 万亿元."""
    mult, base = split_multiplier(last_unit)
    if h.unit not in BARE_MULTIPLIERS or mult == 1 or not base:
        return h
    m, b = split_multiplier(h.unit + base)
    return h._replace(unit=h.unit + base, normalized=(float(h.value) * m, b))


def _share_tail(items: list[str], tail_re: regex.Pattern, keep_own: bool = False) -> list[str]:
    """The tail `tail_re` finds on the last item goes with every item that lacks one.

    >>> _share_tail(["二氧化硫", "氮氧化物排放量"], SHARED_HEAD_RE)
    ['二氧化硫排放量', '氮氧化物排放量']
    """
    tail = tail_re.search(items[-1])
    if tail is None or tail.start() == 0:
        return items
    return [x if tail_re.search(x) or (keep_own and OWN_MEASURE_RE.search(x)) else x + tail.group() for x in items]


def _has_each_word(norm: str, cs: int, ce: int) -> bool:
    """均 or 都, one of which every ALL_EACH_RE match holds: a clause without them is not searched."""
    return norm.find("均", cs, ce) >= 0 or norm.find("都", cs, ce) >= 0


def _distributed_years(norm: str, cs: int, ce: int, marks: list[YearMark], cq: list[Quantity]) -> dict[int, int]:
    """"2024年、2025年分别突破2.2万亿元、2.4万亿元": the years listed before 分别 go, in order, to the values
    after it (only when both lists are as long). Value position -> year.

    >>> from policyparse.targets.years import year_marks
    >>> from policyparse.targets.quantities import find_quantities
    >>> n = "2024年、2025年分别突破2.2万亿元、2.4万亿元"
    >>> _distributed_years(n, 0, len(n), year_marks(n, 0, len(n), 2024), find_quantities(n, 0, len(n)))
    {15: 2024, 22: 2025}
    """
    at = norm.find("分别", cs, ce)
    if at < 0:
        return {}
    years = [m.year for m in marks if cs <= m.pos < at and m.kind in ("forward", "other") and m.year is not None]
    after = [q for q in cq if q.span[0] > at]
    if len(years) < 2 or len(years) != len(after):
        return {}
    return {q.span[0]: y for q, y in zip(after, years)}


def _named_subject(ctext: str, last_subject: str) -> str:
    """The subject a clause without values names for the clauses after it (else `last_subject`): "服务业增加值
    规模不断扩大，占…比重45%左右": the subject; "今年经济增长速度的宏观调控目标，定为百分之八至九": the goal."""
    ind = clean_indicator(ctext)
    names_goal = ind and GOAL_NAME_END_RE.search(ctext.rstrip())
    if ind and (not last_subject or names_goal) and not R(r"\d").search(ind):
        return ind if names_goal else subject(ind)
    return last_subject


def _baseline_year(marks: list[YearMark], zone: Span, pos: int, para_year: int | None, clause_end: int) -> int | None:
    """`_year_for` without the marks of a baseline's zone ("由今年预计的3%": its 今年 is no deadline)."""
    kept = [m for m in marks if not (zone[0] <= m.pos < zone[1])]
    return _year_for(kept, [m.pos for m in kept], pos, para_year, clause_end)


def _year_for(marks: list[YearMark], mpos: list[int], pos: int, para_year: int | None,
              clause_end: int | None = None) -> int | None:
    """The year of the nearest forward mark before pos that gives one (None when the nearest ones give none:
    "3年内", 今年 undated); with none before, the first forward year after; else the paragraph's year. Where the
    paragraph has a year, a mark in a later clause is that clause's own ("完成营造林1000万亩，“十四五”末森林覆盖率
    达到23.5%": the first value keeps the year of the plan part)."""
    weak_unusable = para_year is not None         # a usable mark: forward, and not weak where the paragraph has a year
    i = bisect.bisect_left(mpos, pos)
    seen = False
    for k in range(i - 1, -1, -1):                # backwards from pos: the nearest first
        m = marks[k]
        if m.kind == "forward" and not (m.weak and weak_unusable) and (m.aside_end is None or m.aside_end > pos):
            if m.year is not None:
                return m.year
            seen = True
    if seen:
        return None
    reach = clause_end if para_year is not None and clause_end is not None else None
    return next((m.year for m in marks[i:] if m.kind == "forward" and not (m.weak and weak_unusable)
                 and m.year is not None and (reach is None or m.pos < reach)), para_year)


CLAUSE_PUNCT = " \t\u3000，,：:；;。"                 # stripped off the clause a target quotes
GROWTH_HEAD_RE = regex.compile("|".join(sorted(GROWTH_HEADS, key=len, reverse=True)))   # all 4 chars or fewer
COUNT_BASES = frozenset(("家", "个", "所", "座", "条", "栋", "项", "件", "名", "人", "人次", "户", "次", "种", "坐席"))


@cache
def _base_unit(unit: str) -> tuple[float, str]:
    """(multiplier, base unit) of a target's unit: a bare 万/亿 is a multiplier of nothing; 个 before a
    counting word goes.

    >>> _base_unit("万"), _base_unit("万个坐席"), _base_unit("个百分点")
    ((10000.0, ''), (10000.0, '坐席'), (1, '个百分点'))
    """
    mult, base = split_multiplier(unit)
    if unit in ("万亿", "亿", "万"):
        mult, base = {"万亿": 1e12, "亿": 1e8, "万": 1e4}[unit], ""
    if base.startswith("个") and len(base) > 1 and base != "个百分点":
        base = base[1:]
    return mult, base


def _hit(t: Text, quote: Span, q: Quantity, year: int | None, indicator: str, before: str, lex,
         baseline: Baseline | None = None, plain: bool = False) -> TargetHit:
    """The target of q; `quote` is its clause, stripped of blanks and punctuation (CLAUSE_PUNCT). `plain`: q lies
    in a stretch printed as normalised (its unit is printed as it is)."""
    mult, base = _base_unit(q.unit)
    value = q.value
    normalized = (float(value) * mult, base) if base or mult != 1 else None
    d = _direction(before[-12:]) if before else None
    if q.unit == "倍":
        d = "increase"
    kind = _measure_kind(indicator)                # a share or a growth by its name; else by unit and verb
    if kind is None:
        kind = "change" if q.unit == "倍" or (d == "decrease" and q.unit == "%") \
            else "count" if base in COUNT_BASES else "level"
    # The clause split stops at a tab, while a quantity may run across one ("15\t个"): the quoted clause
    # always covers the quantity it reports.
    qs, qe = q.span
    span = (quote[0] if quote[0] <= qs else qs, quote[1] if quote[1] >= qe else qe)
    # (every field, in TargetHit's order, straight to tuple.__new__: a dense text makes one per value, and the
    # NamedTuple's own __new__, a Python function, costs as much again)
    unit = q.unit if plain else _unit_out(t, q)
    return _new_hit(TargetHit, (span, q.span, year, indicator, value, q.value_max, unit, q.qualifier,
                                normalized, d, baseline, kind, False))


_new_hit = tuple.__new__


@lru_cache(maxsize=8192)
def _direction(words: str) -> str | None:
    """The direction the last direction word of `words` (the end of the words before a value) names.

    >>> _direction("保持增长"), _direction("控制在"), _direction("达到")
    ('increase', 'keep', None)
    """
    lex = vocab()
    d = None
    for m in lex.direction_re.finditer(words):
        d = lex.direction[m.group()]
    return d


@lru_cache(maxsize=8192)
def _measure_kind(indicator: str) -> str | None:
    """ "share" or "growth" when the indicator's name says so (else the unit and the verb decide).

    >>> _measure_kind("服务业增加值比重"), _measure_kind("软件收入年均增长"), _measure_kind("软件收入")
    ('share', 'growth', None)
    """
    if "比重" in indicator or "占比" in indicator or "比例" in indicator or indicator.endswith("率"):
        return "share"
    if GROWTH_HEAD_RE.search(indicator, max(0, len(indicator) - 4)):     # a growth head in its last 4 chars
        return "growth"
    return None


def _unit_out(t: Text, q: Quantity) -> str:
    """The unit as printed (from raw, at the position the normalised match found it)."""
    raw = t.raw[q.span[0]:q.span[1]]
    norm = t.norm[q.span[0]:q.span[1]]
    if raw == norm:
        return q.unit                          # printed as normalised: the unit itself
    i = norm.rfind(q.unit)
    return raw[i:i + len(q.unit)] if i >= 0 else q.unit


