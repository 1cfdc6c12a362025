"""Where a regulation's or a report's issuer and date come from: the adoption note, the signature, the
place a work report names."""
from __future__ import annotations

from typing import NamedTuple

import regex

from ..docyear import OPENING, is_work_report
from ..heads import (ADATE, ADOPTED_LINE_RE, ADOPTION, ADOPTION_HISTORY_MAX, CDATE, DOCNUM, NOTE_OPENING,
                     SPACED_NAME_RE, Kind)
from ..lines import Line, Lines
from ..orgs import is_org
from ..records import Text
from ..spans import Span
from .head import date_from_report_lead, date_on_docnum_line
from .oneline import ADOPTION_AFTER, HEAD_WINDOW, run_on_report_date
from .patterns import _fold, _out, _p, _printed, iso_date
from .signature import _signature  # noqa: F401 (the signature block: its own module)
from ..lexicons import compile_on_use


class Adoption(NamedTuple):
    issuer: str               # the body as printed, session included ("北京市第十五届人民代表大会常务委员会")
    date: str                 # ISO
    order: str | None         # "中华人民共和国国务院令第580号" when promulgated by a 令


ADOPTION_RE = compile_on_use(ADOPTION, regex.VERBOSE)


def _adoption(t: Text, lines: Lines, h: int, title_span: Span | None = None) -> Adoption | None:
    """The latest dated part of a regulation's adoption note in the head ("…通过", "…修正", "…令第N号公布"):
    its body is the issuer and its date the document's date, the text in force being the latest revision.

    >>> from policyparse.normalize import normalize
    >>> raw = "# 某条例\\n\\n1994年5月21日 北京市第十届人民代表大会常务委员会第十次会议通过\\n\\n" \\
    ...       "2016年11月25日北京市第十四届人民代表大会常务委员会第三十一次会议通过的《关于修改部分地方性法规的决定》修正\\n\\n第一条 目的。\\n"
    >>> from policyparse.meta.head import head_end
    >>> tx = Text(raw, normalize(raw)); ls = Lines(tx, (0, len(raw)))
    >>> _adoption(tx, ls, head_end(ls))
    Adoption(issuer='北京市第十四届人民代表大会常务委员会', date='2016-11-25', order=None)
    """
    best: tuple[bool, str, str, regex.Match] | None = None
    last_order: tuple[str, str] | None = None     # (date, 令 number) of the latest line that prints one
    # each note as (the raw text its match indexes, the match in that text normalised): on a line of its own, over
    # lines a PDF copy wrapped (read joined), or run on after the title of a copy that lost its breaks
    notes = [(t.raw[ln.span[0]:ln.span[1]], m) for ln in lines[:h + 1] if ln.kind == Kind.ADOPTED
             for m in ADOPTION_RE.finditer(ln.norm)] + _wrapped_notes(t, lines, h)
    for raw, m in notes or _run_on_notes(t, title_span):
        if not m.group("order") and not is_org(_fold(m.group("org"))):
            continue                          # "…常务委员会公告公布": no body's name before the act
        date = iso_date(m.group("date"))
        if m.group("order") and date and (last_order is None or date >= last_order[0]):
            last_order = (date, _printed(raw[m.start("org"):m.end("order")]))
        # a province's 批准 of a city's regulation approves what the city adopted: the city's adoption
        # (or revision) is the act, its body the issuer; an approval counts only where nothing else does
        # a city's numbered 公告 publishing it ("…常务委员会公告第78号公布") gives the number, not the date:
        # the date is the adoption's, as for a province's 批准
        key = (m.group("act") != "批准" and not (m.group("order") or "").startswith("公告"), date or "")
        if date and (best is None or key >= best[:2]):
            best = (*key, raw, m)
    if best is None:
        return None
    _, date, raw, m = best
    issuer = _printed(raw[m.start("org"):m.end("org")])
    order = _printed(raw[m.start("org"):m.end("order")]) if m.group("order") else None
    # a later revision by a 决定 prints no 令 of its own: the latest 令 printed is still the number
    order = order or (last_order[1] if last_order else None)
    return Adoption(issuer, date, order) if is_org(_fold(issuer)) or order else None


# a glued copy's adoption history run on after the title ("…条例1994年5月21日…会议通过2016年11月25日…修正第一章总则
# 第一条…"): it opens right at the title's end (oneline.ADOPTION_AFTER) and ends where the body does, at the first
# chapter, article or 目录, or at a sentence end (bounded by heads.ADOPTION_HISTORY_MAX)
RUN_ON_NOTE_AT_RE = compile_on_use(ADOPTION_AFTER)
RUN_ON_NOTE_END_RE = compile_on_use(r"第[一1]\s{0,2}[章条]|目\s{0,2}录|。")


# a head line that opens with a date but names no act, wrapped at the page width (a PDF copy): its act is on the
# next line or the one after ("2017年9月22日…第四十一次会议《关" / "于修改〈北京市审计条例〉的决定》修正")
DATE_OPENING_RE = compile_on_use(NOTE_OPENING)
WRAP_LINES = 2          # continuation lines a wrapped note may take


def _wrapped_notes(t: Text, lines: Lines, h: int) -> list[tuple[str, regex.Match]]:
    """The adoption notes of the head broken over lines, each read with its lines joined as one.

    >>> from policyparse.normalize import normalize
    >>> raw = "某市审计条例\\n2012年7月27日 某市第十三届人民代表大会常务委员会第三十四次会议通过\\n" \\
    ...       "2017年9月22日 某市第十四届人民代表大会常务委员会第四十一次会议《关\\n于修改〈某市审计条例〉的决定》修正\\n" \\
    ...       "第一章　总　　则\\n第一条 为了规范审计工作，制定本条例。\\n"
    >>> from policyparse.meta.head import head_end
    >>> tx = Text(raw, normalize(raw)); ls = Lines(tx, (0, len(raw)))
    >>> [(m.group("date"), r[m.start("org"):m.end("org")]) for r, m in _wrapped_notes(tx, ls, head_end(ls))]
    [('2017年9月22日', '某市第十四届人民代表大会常务委员会')]
    """
    out: list[tuple[str, regex.Match]] = []
    for k in range(min(h + 1, len(lines))):
        if lines[k].kind == Kind.ADOPTED or not DATE_OPENING_RE.match(lines[k].norm):
            continue
        for j in range(k + 1, min(k + 1 + WRAP_LINES, len(lines), h + 1)):
            if lines[j].kind in (Kind.ADOPTED, Kind.MARKER) or DATE_OPENING_RE.match(lines[j].norm):
                break                             # the next note, or the body's first heading
            norm = "".join(lines[i].norm for i in range(k, j + 1))
            if ADOPTED_LINE_RE.match(norm):
                raw = "".join(t.raw[lines[i].span[0]:lines[i].span[1]] for i in range(k, j + 1))
                out += [(raw, m) for m in ADOPTION_RE.finditer(norm)]
                break
    return out


def _run_on_notes(t: Text, title_span: Span | None) -> list[tuple[str, regex.Match]]:
    """The adoption notes of a one-line copy, run on after its title (matched in the whole text).

    >>> n = "某市条例1994年5月21日某市第十届人民代表大会常务委员会第十次会议通过2016年11月25日某市第十四届人民代表大会常务委员会" \\
    ...     "第三十一次会议通过的《关于修改部分地方性法规的决定》修正第一章总则第一条为了规范，2020年1月1日前完成。"
    >>> [m.group("date") for _, m in _run_on_notes(Text(n, n), (0, 4))]
    ['1994年5月21日', '2016年11月25日']
    >>> n = "某市条例第一条为了规范，1994年5月21日某市人民代表大会常务委员会会议通过。"
    >>> _run_on_notes(Text(n, n), (0, 4))
    []
    """
    norm = t.norm
    if title_span is None or not RUN_ON_NOTE_AT_RE.match(norm, title_span[1], min(len(norm), title_span[1] + 120)):
        return []
    limit = min(len(norm), title_span[1] + ADOPTION_HISTORY_MAX)
    end = RUN_ON_NOTE_END_RE.search(norm, title_span[1], limit)
    return [(t.raw, m) for m in ADOPTION_RE.finditer(norm, title_span[1], end.start() if end else limit)]


def _report_place(t: Text, lines: Lines, h: int, level: str) -> str | None:
    """The place a work report names in its head (session line, title, speaker) when it ends with
    the speaker's `level` (市 for "我代表市人民政府"): "在重庆市第六届人民代表大会…" -> "重庆市"."""
    p = _p()
    for ln in lines[:max(h, 1)]:                   # a one-line copy: its head is the first line's start
        for m in p.report_place.finditer(ln.norm, 0, min(len(ln.norm), HEAD_WINDOW)):
            a, b = m.span("place")
            if b - a > len(level) and m.group("place").endswith(level):
                return t.out(ln.span[0] + a, ln.span[0] + b)
    return None


# ---------------------------------------------------------------- named sources of the issuer and the date
# Each is tried in order; the first that gives a value wins (`policyparse explain` names it). They read the
# facts the head gives once (HeadFacts), never the whole document again.

class HeadFacts(NamedTuple):
    t: Text
    lines: Lines
    h: int                                   # the first line after the head
    fields: dict                             # web metadata block: kind -> (value, span)
    title_span: Span | None                  # the head title as printed
    doc_number: str | None
    wrapper: Line | None                     # a news wrapper line "X印发《Y》" and its match
    wrapper_match: regex.Match | None
    adoption: Adoption | None                # a regulation's latest adoption note
    sig_issuer: str | None                   # the signature block: body names above a date line
    sig_date: str | None
    one_line_issuer: str | None = None       # a one-line copy's red header name before its 文号


class Source(NamedTuple):
    name: str
    rule: object                             # HeadFacts -> str | None


ISSUING_VERB = compile_on_use(r"关于|印发|转发|批转|颁发")


def issuer_from_field(f: HeadFacts) -> str | None:
    return f.fields["issuer"][0] if "issuer" in f.fields else None


def issuer_from_title(f: HeadFacts) -> str | None:
    """The issuer opens the title: "X关于…", "X印发…的通知", "X转发Y关于…的通知" (the first verb wins)."""
    if f.title_span is None:
        return None
    tn = f.t.norm[f.title_span[0]:f.title_span[1]]
    m = ISSUING_VERB.search(tn)
    if m and is_org(regex.sub(r"\s+", "", tn[:m.start()])):
        issuer = _out(f.t, (f.title_span[0], f.title_span[0] + m.start()))
        parts = issuer.split()                  # "中共中央 国务院关于…": joint issuers, named as a signature lists
        if len(parts) > 1 and all(is_org(x) for x in parts):                                   # them
            return "、".join(parts)
        if f.sig_issuer and "政府" in issuer and "人民政府" not in issuer \
                and f.sig_issuer.replace("人民政府", "政府") == issuer:
            return f.sig_issuer                 # "淮安市政府办公室关于…" signed 淮安市人民政府办公室: the full name
        return issuer
    return None


def issuer_from_title_field(f: HeadFacts) -> str | None:
    """A metadata block's 标题 field opens with the issuer the same way ("标题:X关于印发…的通知")."""
    if "title" not in f.fields:
        return None
    fs, fe = f.fields["title"][1]
    m = ISSUING_VERB.search(f.t.norm, fs, fe)
    if m and is_org(regex.sub(r"\s+", "", f.t.norm[fs:m.start()])):
        return _out(f.t, (fs, m.start()))
    return None


def issuer_from_one_line_header(f: HeadFacts) -> str | None:
    return f.one_line_issuer


def issuer_from_order_number(f: HeadFacts) -> str | None:
    """政府令: "重庆市人民政府令第330号" -> 重庆市人民政府; a national body's 令 without the state's name
    ("中华人民共和国国务院令第722号" -> 国务院, as its 国发 notices are issued)."""
    m = regex.match(r"^(?:中华人民共和国)?([\p{Han}]{2,24})令\s{0,4}[(（]?第", f.doc_number or "")
    if m is None and (f.doc_number or "").startswith("第"):     # "第330号" under its own heading line
        for ln in f.lines[:max(f.h, 1)]:                          # "重庆市人民政府令"
            if m := ORDER_LINE_RE.match(ln.norm):
                break
    return m.group(1) if m and is_org(m.group(1)) else None


ORDER_LINE_RE = compile_on_use(r"^[ \t\u3000]{0,8}(?:中华人民共和国)?([\p{Han}]{2,24})令[ \t\u3000]{0,8}(?:$|第)")   # or run on


def issuer_from_adoption(f: HeadFacts) -> str | None:
    return f.adoption.issuer if f.adoption else None


def issuer_from_signature(f: HeadFacts) -> str | None:
    return f.sig_issuer


RED_HEADER_SUFFIX_RE = compile_on_use(r"\s{0,4}文\s{0,2}件$")


def issuer_from_red_header(f: HeadFacts) -> str | None:
    """A joint document's red header above its title: body names stacked on lines of their own (or side by
    side), then the 文号 or the header's "文件" ("济南市工业和信息化局 / 济 南 市 公 安 局 / 济南市城乡交通
    运输局 / 济工信装备字〔2022〕1号 / 文件"): every body, in order, joined by 、."""
    top = f.title_span[0] if f.title_span is not None else None
    names: list[str] = []
    closed = False
    for ln in f.lines[:f.h]:
        if top is not None and ln.span[0] >= top:
            break
        txt = _out(f.t, ln.span).strip()
        if ln.kind == Kind.ISSUER and not closed:
            body = RED_HEADER_SUFFIX_RE.sub("", txt)
            if RED_HEADER_SUFFIX_RE.search(txt):
                closed = True
            if not body:
                continue
            if SPACED_NAME_RE.match(body):
                names.append(body.replace(" ", ""))          # "济 南 市 公 安 局": one name spaced out
            else:
                names.extend(x for x in regex.split(r"[\s、,，]+", body) if x)
        elif ln.kind == Kind.DOCNUM and names:
            closed = True
        elif names and not closed:
            return None                                       # names, then something else: no red header
    return "、".join(names) if closed and len(names) >= 2 else None


def issuer_from_line_under_title(f: HeadFacts) -> str | None:
    """"title / 安徽省人民政府办公厅 / 文号": an issuer line under the title, before the 主送."""
    if f.title_span is None:
        return None
    for ln in f.lines[:f.h]:
        if ln.span[0] >= f.title_span[1] and ln.kind == Kind.ISSUER:
            return regex.sub(r"\s{0,4}文件$", "", _out(f.t, ln.span)) or None
        if ln.kind == Kind.RECIP:
            break
    return None


def issuer_from_wrapper(f: HeadFacts) -> str | None:
    """"近日，X印发了《Y》": X, when it is one or more bodies' names."""
    wm = f.wrapper_match
    if wm is None or f.wrapper is None:
        return None
    org = wm.group("org").strip()
    if all(is_org(x) for x in regex.split(r"[、,和]", org) if x):
        return f.t.out(f.wrapper.span[0] + wm.start("org"), f.wrapper.span[0] + wm.end("org")).strip()
    return None


def issuer_from_speaker(f: HeadFacts) -> str | None:
    """A work report: "我代表海南省人民政府…" -> 海南省人民政府 ("我代表市人民政府": the place printed in the head)."""
    p = _p()
    found = next(((f.t.raw[ln.span[0]:ln.span[1]], m) for ln in f.lines[f.h:f.h + 8]
                  if (m := p.speaker.search(ln.norm))), None)
    if found is None:                      # "…我代\n表国务院向大会报告…": a PDF copy wrapped the opening, read joined
        pairs = range(f.h, min(f.h + 8, len(f.lines) - 1))
        found = next(((f.t.raw[a.span[0]:a.span[1]] + f.t.raw[b.span[0]:b.span[1]], m)
                      for a, b in ((f.lines[i], f.lines[i + 1]) for i in pairs)
                      if (m := p.speaker.search(a.norm + b.norm))), None)
    if found is None:
        return None
    raw, m = found
    issuer = raw[m.start("org"):m.end("org")]
    if lv := p.level.match(m.group("org")):
        place = _report_place(f.t, f.lines, f.h, lv.group("level"))
        if place:
            issuer = place + issuer[lv.end():]
    return issuer


# A work report's speaker line in its head: "湖南省省长 毛伟明", "河北省代省长 王正谱", "国务院总理 李强" (anchored,
# bounded): the government the head of it speaks for
SPEAKER_LINE_RE = compile_on_use(r"""^(?:(?P<place>\p{Han}{1,12}?(?:省|自治区|市|州|盟|县|区|旗))(?:人民政府)?
                                     (?:代理|代)?(?:省长|主席|市长|州长|盟长|县长|区长|旗长)
                                    |(?P<state>国务院)(?:代理)?总理)
                                   \s{0,6}\p{Han}{2,4}$""", regex.VERBOSE)
SPEAKER_SCAN = 12                    # head lines read for it


def issuer_from_speaker_line(f: HeadFacts) -> str | None:
    """A work report without "我代表…": its speaker line, "湖南省省长 毛伟明" -> 湖南省人民政府 (a mayor's speech
    "在…大会上的讲话" is his, not his government's)."""
    title = f.t.out(*f.title_span) if f.title_span else None
    start = f.lines[0].span[0] if len(f.lines) else 0           # this document's opening, not the file's
    if not is_work_report(title, f.t.norm[start:start + OPENING]):
        return None
    for ln in f.lines[:min(len(f.lines), f.h + SPEAKER_SCAN)]:
        if len(ln.norm) <= 30 and (m := SPEAKER_LINE_RE.match(ln.norm.strip())):
            return m.group("state") or m.group("place") + "人民政府"
    return None


ISSUER_SOURCES: tuple[Source, ...] = (
    Source("metadata-field", issuer_from_field),
    Source("title-prefix", issuer_from_title),
    Source("title-field-prefix", issuer_from_title_field),
    Source("order-number", issuer_from_order_number),
    Source("one-line-red-header", issuer_from_one_line_header),
    Source("adoption-note", issuer_from_adoption),
    Source("red-header", issuer_from_red_header),
    Source("signature", issuer_from_signature),
    Source("line-under-title", issuer_from_line_under_title),
    Source("news-wrapper", issuer_from_wrapper),
    Source("speaker", issuer_from_speaker),
    Source("speaker-line", issuer_from_speaker_line),
    Source("publisher-field", lambda f: f.fields["publisher"][0] if "publisher" in f.fields else None),   # last
)


def date_from_field(f: HeadFacts) -> str | None:
    return iso_date(f.fields["date"][0]) if "date" in f.fields else None


def date_from_signature(f: HeadFacts) -> str | None:
    return f.sig_date


def date_from_adoption(f: HeadFacts) -> str | None:
    return f.adoption.date if f.adoption else None


# a work report's delivery line wrapped over two lines: "——2023年1月12日在广东省第十四届" / "人民代表大会第一次会议上"
REPORT_DATE_OPEN_RE = compile_on_use(rf"^(?:[—\-–―]{{1,4}}|\()\s{{0,2}}(?P<date>{ADATE}|{CDATE})\s{{0,2}}在[^。,;:]{{2,40}}$")
REPORT_DATE_CLOSE_RE = compile_on_use(r"^[^。,;:]{0,40}(?:会议|大会)上\)?$")


REPORT_DATE_REACH = 30     # lines from the document's start: a news page prints its own head above the report's


def date_from_report_line(f: HeadFacts) -> str | None:
    """A work report's "——2026年1月27日在…会议上" (on one line, or wrapped over two), in the head or under a page's
    own head (title, 时间, 来源, 【打印】, 分享到) above the report's printed title."""
    for k, ln in enumerate(f.lines[:max(f.h + 1, REPORT_DATE_REACH)]):
        if ln.kind == Kind.REPORT_DATE:
            return iso_date(ln.norm)
        if (m := REPORT_DATE_OPEN_RE.match(ln.norm)) and k + 1 < len(f.lines) \
                and REPORT_DATE_CLOSE_RE.match(f.lines[k + 1].norm):
            return iso_date(m.group("date"))
    return None


# a date in brackets right after the title (and its 文号): older State Council documents print their date there,
# "国务院关于进一步加强环境保护工作的决定国发〔1990〕65号（一九九〇年十二月五日）" (bounded, anchored at the title's end)
BRACKET_DATE_RE = compile_on_use(rf"\s{{0,8}}(?:{DOCNUM}\s{{0,8}})?\((?:{DOCNUM}\s{{1,8}})?(?P<date>{ADATE}|{CDATE})\)",
                                 regex.VERBOSE)    # "（一九九〇年十二月五日）", "（皖发[2012]18号 2012年9月10日）"


def date_under_title(f: HeadFacts) -> str | None:
    """"…的决定（一九九〇年十二月五日）": the date printed in brackets under or right after the title."""
    if f.title_span is None:
        return None
    n = f.t.norm
    m = BRACKET_DATE_RE.match(n, f.title_span[1], min(len(n), f.title_span[1] + 60))
    return iso_date(m.group("date")) if m else None


DATE_SOURCES: tuple[Source, ...] = (
    Source("metadata-field", date_from_field),
    Source("signature", date_from_signature),
    Source("adoption-note", date_from_adoption),
    Source("report-date-line", date_from_report_line),
    Source("report-date-run-on", lambda f: run_on_report_date(f.t.norm, f.title_span)),   # one-line copies
    Source("date-under-title", date_under_title),
    Source("docnum-line", date_on_docnum_line),
    Source("report-news-lead", date_from_report_lead),
)
