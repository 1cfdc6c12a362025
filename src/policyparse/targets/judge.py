"""The sentence judge: which quantities of a sentence are targets, and the rule that drops each of the others."""
from __future__ import annotations

import regex

from ..numerals import split_multiplier
from ..records import Baseline, TargetHit, Text
from ..spans import Span, strip_span
from .context import clauses
from .indicators import GROWTH_HEADS, clean_indicator, clean_out, indicator_span, is_elliptic, subject
from .quantities import Quantity, prefix_qualifier
from .vocab import R
from .years import YearMark

FUND_SIZE_RE = regex.compile(r"""
    基金\s?(?:总)?规模
  | (?:设立|组建|成立|设置|发起|筹建|出资|注资|规模)[^,;。]{0,24}基金
  | 基金[^,;。]{0,4}(?:安排|列支|统筹)               # money drawn from a fund: "引导基金中安排不少于20亿元"
    """, regex.VERBOSE)
# A count that only sums up the scope of a measure: "改造范围:…,共计36个小区" (a 范围/对象 description
# before the 共计/合计 it follows in the same sentence, and the list it opens: "…共计36个小区、4800户").
# Bounded: {0,60} and {0,20} without a sentence end, searched in a 64-character window.
SCOPE_SUM_RE = regex.compile(r"(?:范围|对象|清单|名单)[^。;]{0,60}?(?:共计|合计|总计|共)[^,;。]{0,20}$")
# A quantifier word alone is never an indicator ("共计", "全部"): what is counted follows the value.

def judge_sentence(t: Text, ss: int, se: int, qs: list[Quantity], marks: list[YearMark],
                    forward: bool, para_year: int | None, lex, narrative: bool = False,
                    ctx: dict | None = None) -> list[TargetHit]:
    """The targets of one sentence. `ctx` carries the last indicator of the paragraph across sentences."""
    ctx = {} if ctx is None else ctx
    norm = t.norm
    out: list[TargetHit] = []
    last_subject = ""
    parts = clauses(norm, ss, se)
    reward = lex.reward.search(norm, ss, se)
    reward_at = reward.start() if reward else se      # clauses before a reward clause are its conditions
    for cs, ce in parts:
        cq = [q for q in qs if cs <= q.span[0] < ce]
        ctext = norm[cs:ce]
        if not cq:
            ind = clean_indicator(ctext)
            if ind and not last_subject and not R(r"\d").search(ind):
                last_subject = subject(ind)          # "服务业增加值规模不断扩大，占…比重45%左右"
            continue
        policy = bool(lex.policy.search(norm, cs, ce) or FUND_SIZE_RE.search(norm, cs, ce))
        clause_fwd = any(m.kind == "forward" and cs <= m.pos < ce for m in marks)
        stats_word = any(m.group() != "期间" or not clause_fwd    # "今年迎峰度夏期间": a forward period
                         for m in lex.stats.finditer(norm, cs, ce))
        prev_end = cs
        post_end: int | None = None
        baseline: Quantity | None = None
        accepted_end: int | None = None
        modified_from: int | None = None
        for k, q in enumerate(cq):
            qs_, qe = q.span
            pre = norm[prev_end:qs_]
            seg_start = prev_end
            prev_end = qe
            if post_end is not None and post_end <= qs_:
                seg_start = post_end                       # "建成5家A、100家B": B's text starts after A
            after = norm[qe:ce]
            # -- exclusions --------------------------------------------------------------------------
            if policy or stats_word:
                continue
            if _is_stat(marks, qs_, cs, forward):
                continue
            if q.unit in ("次", "轮") and R(r"每(?:[一二两三四五\d]{1,2}个?)?(?:年|季度|半年|月|周)").search(norm, cs, qs_):
                continue                                       # "每年至少开展一次评估": a frequency duty
            if SCOPE_SUM_RE.search(norm, max(ss, qs_ - 64), qs_):
                continue                                       # "改造范围:…共计36个小区、4800户"
            if lex.text_nouns.match(after):
                continue                                       # "23项扶持政策" describes the text
            if R(r"(?:由|从|自)\s?$").search(norm[max(cs, qs_ - 2):qs_]):
                prev_end = seg_start                           # "由12个工作日…" is the baseline of the next
                baseline = q
                continue
            nxt = cq[k + 1] if k + 1 < len(cq) else None
            if nxt is not None and _is_modifier(norm, q, nxt, lex):
                modified_from = qs_                            # the words before the modifier
                continue
            if after.startswith("的") and k > 0 and not R(r"[、,和及]").search(norm[cq[k - 1].span[1]:qs_]):
                continue                                       # "建成20个年交易额超10亿元的市场群"
            if q.chinese and not (forward and (q.span[1] - q.span[0] - len(q.unit) >= 2 or
                                               lex.objverb_tail.search(norm, max(cs, qs_ - 4), qs_))):
                continue                                       # "三个作用": 一/两/三 + unit only after a verb
            gap = R(r"\([^()]{0,80}\)").sub("", norm[accepted_end:qs_]) if accepted_end is not None else ""
            listed = accepted_end is not None and R(r"[^,;]{0,10}、[^,;]{0,10}").fullmatch(gap)
            continued = bool(out) and q.qualifier != "point"   # "形成5—10家…企业，服务中小外贸企业2000家以上"
            if modified_from is not None:                      # "培育年收入超1亿元的龙头企业10家": the verb
                pre, modified_from = norm[cs:modified_from], None  # governs across its modifier
            if not forward and (narrative or not (listed or continued
                                                  or _governed(norm, q, pre, cs, lex, plan=para_year is not None))):
                continue                                       # "实现市级90%以上、区县级70%以上…"
            if ce <= reward_at < se:
                continue                                       # a condition of the reward that follows
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
                continue
            year = _year_for(marks, qs_, para_year)
            base = Baseline(None, float(baseline.value)) if baseline and baseline.unit == q.unit else None
            baseline = None
            verb_from = ind_span[1] if cs <= ind_span[1] <= qs_ else cs   # the words between indicator and value
            out.append(_hit(t, (cs, ce), q, year, ind, norm[verb_from:qs_], lex, base))
            ctx["last"], ctx["unit"] = ind, q.unit
            accepted_end = qe
    return out


def _governed(norm: str, q: Quantity, pre: str, cs: int, lex, *, plan: bool = False) -> bool:
    """Without a deadline around, a quantity is a target only when a commitment governs it:
    an object verb right before it ("建成3—5个"), a change verb ("压减…至4个"), a qualified value
    after a linking verb ("满意度达85%以上"), or, in a plan part with a year (a work report's part about
    this year), a committing verb before a plain value ("回收利用率达到40%")."""
    qs = q.span[0]
    if lex.objverb_tail.search(norm, max(cs, qs - 6), qs):
        return True
    if lex.change.search(pre):
        return True
    if len(pre) <= 16 and lex.objverb_lead.match(clean_indicator(pre)):
        return True                                   # "建成5G基站10万座": a verb-led clause
    if plan and lex.commit.search(pre):
        return True
    return q.qualifier != "point" and bool(lex.link.search(pre) or prefix_qualifier(norm, qs, cs, lex))


def _is_stat(marks: list[YearMark], pos: int, cs: int, forward: bool) -> bool:
    """A stats year in the clause, or before the quantity in a sentence without any deadline."""
    before = [m for m in marks if m.pos < pos and m.kind in ("stats", "forward")]
    return bool(before) and before[-1].kind == "stats"     # "2021年，全省…为2.3万亿元": the sentence's own year


def _is_modifier(norm: str, q: Quantity, nxt: Quantity, lex) -> bool:
    """q sits in the subject of nxt: "营业收入超10亿元的…企业达15家", "1亿元以上物流企业达到100家"."""
    between = norm[q.span[1]:nxt.span[0]]
    if R(r"、[^,;、\d]{1,16}的[^,;、\d]{1,30}$").match(between):
        return True                           # "收入超1亿元、带动能力强的龙头企业12家": two modifiers
    if R(r"[、,和及与;]").search(between) or not between:
        return False                          # a list: "1个A、15个B"
    if lex.link.search(between) or R(r"有\s?$").search(between):
        return True                           # "…1亿元以上物流企业达到100家"
    if (R(r"(?:及)?以[上下]$").search(norm, q.span[0], q.span[1]) and nxt.unit != q.unit
            and R(r"[^\d,;。、的]{1,8}").fullmatch(between)):
        return True                           # "实施500万元以上项目1500个": a size class of what is counted
    before = norm[max(0, q.span[0] - 4):q.span[0]]
    return not (lex.objverb_tail.search(before) or lex.link.search(before))   # "超百亿元企业10家"



def _year_for(marks: list[YearMark], pos: int, para_year: int | None) -> int | None:
    fwd = [m for m in marks if m.kind == "forward" and not (m.weak and para_year is not None)]
    before = [m for m in fwd if m.pos < pos]
    for m in reversed(before):
        if m.year is not None:
            return m.year
    if before:                              # "3年内" / "今年" in an undated document
        return None
    after = [m for m in fwd if m.year is not None]
    if after:
        return after[0].year
    return para_year


def _hit(t: Text, clause: Span, q: Quantity, year: int | None, indicator: str, before: str, lex,
         baseline: Baseline | None = None) -> TargetHit:
    mult, base = split_multiplier(q.unit)
    if q.unit in ("万亿", "亿", "万"):
        mult, base = {"万亿": 1e12, "亿": 1e8, "万": 1e4}[q.unit], ""
    if base.startswith("个") and len(base) > 1 and base != "个百分点":
        base = base[1:]
    value = q.value
    normalized = (float(value) * mult, base) if base or mult != 1 else None
    d = None
    for m in lex.direction_re.finditer(before[-12:] if before else ""):
        d = lex.direction[m.group()]
    if q.unit == "倍":
        d = "increase"
    if "比重" in indicator or "占比" in indicator or "比例" in indicator or indicator.endswith("率"):
        kind = "share"
    elif any(indicator.endswith(g) or g in indicator[-4:] for g in GROWTH_HEADS):
        kind = "growth"
    elif q.unit == "倍" or (d == "decrease" and q.unit == "%"):
        kind = "change"
    elif base in ("家", "个", "所", "座", "条", "栋", "项", "件", "名", "人", "人次", "户", "次", "种", "坐席"):
        kind = "count"
    else:
        kind = "level"
    cs, ce = strip_span(t.raw, clause, " \t\u3000，,：:；;。")
    # The clause split stops at a tab, while a quantity may run across one ("15\t个"): the quoted clause
    # always covers the quantity it reports.
    cs, ce = min(cs, q.span[0]), max(ce, q.span[1])
    return TargetHit(span=(cs, ce), value_span=q.span, year=year, indicator=indicator, value=value,
                     value_max=q.value_max, unit=_unit_out(t, q),
                     qualifier=q.qualifier, normalized=normalized, direction=d, baseline=baseline, kind=kind)


def _unit_out(t: Text, q: Quantity) -> str:
    """The unit as printed (from raw, at the position the normalised match found it)."""
    raw = t.raw[q.span[0]:q.span[1]]
    norm = t.norm[q.span[0]:q.span[1]]
    i = norm.rfind(q.unit)
    return raw[i:i + len(q.unit)] if i >= 0 else q.unit


