"""Document metadata (title, 发文字号, issuer, 成文日期, recipients) inside one document span.

Reads: the text (norm for matching, raw for output) and one document span. Writes: nothing.
Raises: nothing on content; a field that is not printed is None, never a guess.

What one head line is (issuer line, title line, 发文字号 line, 主送 line, metadata field, wrapper) is
heads.py's; this module picks the fields from the classified lines of one document.

>>> from policyparse.normalize import normalize
>>> raw = "重庆市人民政府\\n关于印发重庆市现代服务业发展计划\\n（2019—2022年）的通知\\n渝府发〔2019〕32号\\n" \\
...       "各区县（自治县）人民政府，市政府各部门：\\n现将《计划》印发给你们。\\n重庆市人民政府\\n二〇一九年十一月二十五日\\n"
>>> m = extract_meta(Text(raw, normalize(raw)), (0, len(raw)))
>>> m.title, m.doc_number, m.issuer, m.date, m.recipients
('重庆市人民政府关于印发重庆市现代服务业发展计划（2019—2022年）的通知', '渝府发〔2019〕32号', '重庆市人民政府', '2019-11-25', '各区县（自治县）人民政府，市政府各部门')
"""
from __future__ import annotations

import dataclasses

from ..docyear import explain_year
from ..explain import note
from ..heads import ANNOUNCES_RE, Kind, heads
from ..lexicons import compile_on_use
from ..lines import Line, LineIndex, Lines
from ..place import place_of
from ..records import MetaHit, Text
from ..spans import Span
from .oneline import one_line_head
from .head import _attached_titles, _fields, _title_group, head_end, head_title_start
from .patterns import _fold, _out, _p, iso_date  # noqa: F401 (iso_date: re-exported for tests)
from .sources import DATE_SOURCES, ISSUER_SOURCES, HeadFacts, _adoption, _signature

def _first(sources, facts: HeadFacts, field: str, span: Span) -> str | None:
    """The value of the first named source that gives one (noted for `policyparse explain`)."""
    for source in sources:
        value = source.rule(facts)
        if value:
            note("meta", span, field, source.name, value)
            return value
    return None


# a collection's running number before a title line ("80-江西省2023年防汛抗旱工作要点", "16_河南省防汛应急预案"): not a
# year range ("2021-2023年…": a digit follows the dash), never a heading number (those lines are markers)
INDEX_PREFIX_RE = compile_on_use(r"\d{1,4}[ \t]?[-_][ \t]?(?=\p{Han})")


def extract_meta(t: Text, span: Span, lines: LineIndex | None = None) -> MetaHit:
    """Title, alt titles, 发文字号, issuer, 成文日期 (ISO) and 主送 of the document at `span` (`lines`: the
    text's line index, when the caller has one)."""
    # no stage catches its own errors: a bug here once lost every field of glued decrees without a trace
    # (a 文号 "令第561号" without brackets); `make fuzz` and the batch's failure rows now see such a bug
    return _extract(t, span, lines)


WRAPPED_HEAD = {Kind.TITLE, Kind.ISSUER, Kind.DOCNUM, Kind.META, Kind.RECIP}


def _extract(t: Text, span: Span, index: LineIndex | None = None) -> MetaHit:
    p = _p()
    lines = Lines(t, span, index)
    if not lines:
        return MetaHit()
    for i in range(min(4, len(lines) - 1)):
        # a news wrapper over the document it announces ("全文如下:" / its issuer or 文号 below), possibly under
        # the news headline and a byline: the head below names the document; the wrapper fills in only what
        # that head does not print
        if lines[i].kind == Kind.WRAPPER and lines[i + 1].kind in WRAPPED_HEAD \
                and (ANNOUNCES_RE.search(lines[i].norm) or (i == 0 and lines[1].kind != Kind.TITLE)):
            inner = _extract(t, (lines[i + 1].span[0], span[1]), index)
            if inner.title:
                outer = _extract(t, (span[0], lines[i].span[1]), index)
                return dataclasses.replace(inner, issuer=inner.issuer or outer.issuer)
            break
    h = head_end(lines)
    fields = _fields(t, lines, h)

    # ---- titles: metadata field, head title lines, news wrapper; first found is the title
    titles: list[str] = []
    title_docnum = None
    if "title" in fields:
        titles.append(fields["title"][0])
    head_title_span: Span | None = None
    k, page = head_title_start(lines, h)
    if k is not None:
        e = _title_group(lines, k)
        last = lines[e - 1]
        end = last.span[1]
        if ")" in last.norm and (m := p.title_docnum.search(last.norm)) and m.start() > 0:
            end = last.span[0] + m.start()               # the 文号 is not part of the title
            title_docnum = t.out(last.span[0] + m.start("dn"), last.span[0] + m.end("dn"))
        elif "号" in last.norm and (m := p.glued_docnum.search(last.norm)) and m.start() > 0:
            end = last.span[0] + m.start()               # "…的通知国发〔2007〕37号各省、…:" (glued)
            title_docnum = t.out(last.span[0] + m.start("dn"), last.span[0] + m.end("dn"))
        start = lines[k].span[0]
        if ix := INDEX_PREFIX_RE.match(t.norm, start, lines[k].span[1]):
            start = ix.end()                             # "80-江西省2023年防汛抗旱工作要点": a collection's file index
        head_title_span = (start, end)
        pieces = [(start, lines[k].span[1]), *(ln.span for ln in lines[k + 1:e - 1]), (last.span[0], end)] \
            if e - 1 > k else [(start, end)]
        titles.append("".join(t.out(*sp).strip() for sp in pieces))
    if page is not None:                                 # the page's own title over its metadata block
        titles.append("".join(t.out(*ln.span).strip() for ln in lines[page:_title_group(lines, page)]))
    wrapper = next((ln for ln in lines[:3] if ln.kind == Kind.WRAPPER), None)
    wm = heads().wrapper.match(wrapper.norm) if wrapper else None
    if head_title_span and (hm := heads().wrapper.match(t.norm[head_title_span[0]:head_title_span[1]])) \
            and hm.end() == head_title_span[1] - head_title_span[0] and "\n" not in hm.group(0):
        # a news headline "X印发《Y》": the document's title is Y, its issuer X
        wrapper, wm = Line(head_title_span, Kind.WRAPPER, hm.string), hm
        titles.insert(len(titles) - 1, t.out(head_title_span[0] + hm.start("title"),
                                             head_title_span[0] + hm.end("title")))
        head_title_span = None
    if wm and not titles:
        titles.append(t.out(wrapper.span[0] + wm.start("title"), wrapper.span[0] + wm.end("title")))
    if not titles and lines and (g := p.legal_title_noted.match(lines[0].norm)):
        titles.append(t.out(lines[0].span[0], lines[0].span[0] + g.end("title")))   # "…条例（1998年…发布"
        head_title_span = (lines[0].span[0], lines[0].span[0] + g.end("title"))
    if not titles and lines and (g := p.title_glued_preamble.match(lines[0].norm)):
        head_title_span = (lines[0].span[0], lines[0].span[0] + g.end("title"))
        titles.append(t.out(*head_title_span))           # "…指导意见为认真贯彻…": the break lost
    one = one_line_head(t, span) if not titles else None
    if one is not None and one.title:              # an OCR'd one-line copy: the head runs into the body
        titles.append(one.title)
        head_title_span = one.title_span
    titles += _attached_titles(t, lines, h)
    if titles and lines and p.order_name.match(lines[0].norm):
        titles.append(_out(t, lines[0].span))     # a decree's heading line ("中华人民共和国国务院令"): an alt title
    uniq: list[str] = []
    for x in titles:
        x = x.replace("**", "") if "**" in x else x     # Markdown emphasis inside a title ("…（2026—2030年****）")
        if x and _fold(x) not in {_fold(u) for u in uniq}:
            uniq.append(x)
    title = uniq[0] if uniq else None

    # ---- 发文字号: a head line that is only a number, or the metadata field
    doc_number = None
    if "doc_number" in fields:
        m = p.docnum.search(fields["doc_number"][0])
        doc_number = m.group(0) if m else fields["doc_number"][0]
    else:
        for a in range(min(h, len(lines) - 1)):          # "重庆市人民政府令" / "第330号": the number line as
            if p.order_name.match(lines[a].norm) and (no := p.order_no.match(lines[a + 1].norm)):
                s1 = lines[a + 1].span[0]             # printed (the 令 line is an alt title), one span
                doc_number = t.out(s1, s1 + no.end()).strip("()（） \u3000\xa0")
                break
        for ln in lines[:h] if doc_number is None else ():
            if ln.kind == Kind.DOCNUM:
                m = heads().docnum_line.match(ln.norm)
                doc_number = t.out(ln.span[0] + m.start("dn"), ln.span[0] + m.end("dn"))
                break
        decree = p.decree_head.match(lines[0].norm) if lines else None
        # a glued decree's "…令第561号" is read below as its printed head is (the number its 文号, the 令 its title)
        doc_number = doc_number or title_docnum or (one.doc_number if one and not decree else None)
        if doc_number is None and (m := decree):
            s0 = lines[0].span[0]                 # "中华人民共和国国务院令第　475　号　　《…》已经": the number is its
            doc_number = t.out(s0 + m.start("dn"), s0 + m.end("dn"))    # 文号, the 令 its heading (title when
            name = t.out(s0, s0 + m.end("name"))                       # the head prints no other)
            if title is None:
                title = name
            elif _fold(name) not in {_fold(u) for u in uniq}:
                uniq.append(name)
        for ln in lines[:min(h + 2, 6)] if doc_number is None else ():
            if m := p.docnum_recip.match(ln.norm):                   # "国办发〔2015〕94号各省、…国务院各部委…:"
                doc_number = t.out(ln.span[0] + m.start("dn"), ln.span[0] + m.end("dn"))
                break

    # ---- 主送
    recipients = None
    if "recipients" in fields:
        recipients = fields["recipients"][0]
    else:
        r = next((ln for ln in lines[:h + 1] if ln.kind == Kind.RECIP), None)
        if r:
            s = r.span[0] + (m.end() if (m := p.recip_label.match(r.norm)) else 0)
            recipients = t.out(s, r.span[1] - 1).strip() or None

    # ---- signature (issuer lines directly above a date line) and 成文日期
    sig_issuer, sig_date = _signature(t, lines, h)

    adoption = _adoption(t, lines, h, head_title_span)
    if doc_number is None and adoption and adoption.order:
        doc_number = adoption.order                # "…国务院令第580号公布": the 令 number is its 文号
    facts = HeadFacts(t, lines, h, fields, head_title_span, doc_number, wrapper, wm, adoption, sig_issuer, sig_date,
                      one.issuer if one else None)
    issuer = _first(ISSUER_SOURCES, facts, "issuer", span)
    date = _first(DATE_SOURCES, facts, "date", span)

    year, year_rule = explain_year(title, t.norm[span[0]:min(span[1], span[0] + YEAR_SCAN)], date)
    if year is not None:
        note("meta", span, "year", year_rule, str(year))
    for field, value in (("title", title), ("doc_number", doc_number), ("recipients", recipients)):
        if value:
            note("meta", span, field, "head", value)
    place = place_of(title, issuer, t.raw[span[0]:min(span[1], span[0] + PLACE_SCAN)])
    return MetaHit(title=title, alt_titles=tuple(uniq[1:]), doc_number=doc_number, issuer=issuer,
                   date=date, recipients=recipients, year=year, place=place)



YEAR_SCAN = 200_000     # characters of a document searched for its year (GUARD: bounded on a huge file)
PLACE_SCAN = 3000       # characters of a document's head read for the place it is about


