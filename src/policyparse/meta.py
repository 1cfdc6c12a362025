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
import datetime
from functools import cache
from typing import NamedTuple

import regex

from .docyear import doc_year
from .place import place_of
from .heads import ADATE, ADOPTION, ANNOUNCES_RE, CDATE, DOCNUM, IDATE, Kind, genre_alternation, heads
from .lines import Line, Lines, is_noise
from .numerals import cn_digits, cn_to_number
from .orgs import is_org
from .records import MetaHit, Text
from .spans import Span, strip_span


class _P(NamedTuple):
    """The patterns of the metadata fields (the head-line patterns are heads.heads())."""

    docnum: regex.Pattern
    date_any: regex.Pattern
    recip_label: regex.Pattern
    speaker: regex.Pattern
    signer: regex.Pattern
    order_name: regex.Pattern
    order_no: regex.Pattern
    level: regex.Pattern
    report_place: regex.Pattern
    period_line: regex.Pattern
    title_docnum: regex.Pattern
    glued_docnum: regex.Pattern
    attach_label: regex.Pattern
    signed_date: regex.Pattern


@cache
def _p() -> _P:
    X = regex.VERBOSE
    GENRE_TAIL = genre_alternation()
    return _P(
        docnum=regex.compile(DOCNUM, X),
        date_any=regex.compile(rf"{ADATE}|{CDATE}|{IDATE}"),
        recip_label=regex.compile(r"^主送(?:机关|单位)?\s{0,2}:\s{0,2}"),
        # "我代表国务院，向大会…" / "我代表海南省人民政府向大会…" (the body ends before 向, a comma or the line end)
        speaker=regex.compile(r"我代表(?P<org>[^,，。向]{2,30}?(?:人民政府|政府|国务院))(?=[,，、。\s]|向|$)"),
        # "市长　唐良智" signing a 政府令: an office and a 2-4 character name
        signer=regex.compile(r"^(?:省长|市长|县长|区长|州长|旗长|主任|部长|局长|署长|总理|主席|书记|厅长|委员长)"
                             r"\s{0,6}[\p{Han}·]{2,5}$"),
        order_name=regex.compile(r"^[\p{Han}]{2,24}令$"),                 # "重庆市人民政府令"
        order_no=regex.compile(r"^\(?\s{0,2}第\s{0,2}\d{1,5}\s{0,2}号\s{0,2}\)?$"),   # "第330号"
        # an issuer without its place name: "市人民政府" (work report: "我代表市人民政府")
        level=regex.compile(r"^(?P<level>自治区|自治州|自治县|省|市|县|区|州|盟|旗)(?=(?:人民)?政府$)"),
        # where a work report prints its place: "在重庆市第六届人民代表大会…" or the title
        # "2024年重庆市政府工作报告" (place lazy and bounded, a fixed word follows it)
        report_place=regex.compile(r"""在(?P<place>\p{Han}{2,20}?)第?[一二三四五六七八九十百\d]{1,4}届人民代表大会
                                       | ^(?:(?:19|20)\d{2}\s{0,2}年度?)?(?P<place>\p{Han}{2,20}?)(?:人民)?政府工作报告
                                       | ^(?P<place>\p{Han}{2,20}?)代?(?:省长|市长|县长|区长|州长|旗长|盟长|主席)
                                         \s{0,6}[\p{Han}·]{2,5}$      # "重庆市市长　胡衡华" under the title""",
                                    X),
        period_line=regex.compile(r"^\([^()]{1,20}\)$"),
        # "…的通知（皖政办秘〔2022〕21号）": a 发文字号 printed in brackets at the end of the title line
        title_docnum=regex.compile(rf"\(\s{{0,2}}(?P<dn>{DOCNUM})\s{{0,2}}\)$", X),
        # a crawl that lost the line break: "…的实施意见国办发〔2020〕24号" (then maybe the 主送 run on)
        glued_docnum=regex.compile(rf"(?<={GENRE_TAIL})(?P<dn>{DOCNUM})", X),
        attach_label=regex.compile(r"^附\s{0,2}件\s{0,2}\d{0,3}\s{0,2}(?::.{0,80})?$"),
        signed_date=regex.compile(rf"^(?P<org>[^\s。,;:]{{2,40}}(?:\s{{1,6}}[^\s。,;:]{{2,40}}){{0,3}})\s{{2,40}}"
                                  rf"(?P<date>{ADATE}|{CDATE})$"),
    )


# ---------------------------------------------------------------- helpers (doctested)


def iso_date(text: str) -> str | None:
    """The first date in `text` as ISO yyyy-mm-dd; None when there is none or it is not a real date.

    >>> iso_date("2019年11月25日"), iso_date("二〇一九年十一月二十五日"), iso_date("2021-07-02")
    ('2019-11-25', '2019-11-25', '2021-07-02')
    >>> iso_date("二〇二〇年二月三十日") is None, iso_date("无") is None
    (True, True)
    """
    m = _p().date_any.search(text)
    if not m:
        return None
    try:
        if m.group("y"):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        elif m.group("cy"):
            y = cn_digits(m.group("cy"))
            mo, d = cn_to_number(m.group("cm")), cn_to_number(m.group("cd"))
        else:
            y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        return datetime.date(y, mo, d).isoformat()
    except (ValueError, TypeError, KeyError):
        return None


def _out(t: Text, span: Span) -> str:
    """Printed text of a span with white-space runs folded to one space."""
    return regex.sub(r"\s+", " ", t.out(*span)).strip()


def _fold(s: str) -> str:
    return regex.sub(r"\s+", "", s)


def _title_group(lines: Lines, i: int) -> int:
    """End index (exclusive) of the title that starts at lines[i]: title lines joined until the
    genre word (plus a bracketed period/"(试行)" line printed under it)."""
    p = _p()
    j, text = i, ""
    while j < len(lines) and j - i < 6:
        ln = lines[j]
        if j > i and ln.kind == Kind.DOCNUM:          # "（皖政办秘〔2022〕21号）" under the title
            return j
        done = bool(heads().title_genre_end.search(text))   # "…发展计划" may still go on: "(2019—2022年)的通知"
        if done and p.period_line.match(ln.norm):
            return j + 1
        if done and ln.kind == Kind.TITLE and ("关于" in ln.norm or text.startswith(ln.norm)):
            return j                                  # the same title printed again (web + database)
        if not done and j > i and "号" in ln.norm and (m := p.glued_docnum.search(ln.norm)) \
                and m.start() <= 40 and "," not in ln.norm[:m.start()]:
            return j + 1                              # "“十一五”规划的通知国发〔2007〕37号各省…:" ends it
        ok = ln.kind == Kind.TITLE or (j == i and ln.kind == Kind.ISSUER) \
            or (not done and j > i and ln.kind == Kind.SHORT and len(ln.norm) <= 40 and "," not in ln.norm) \
            or (not done and j > i and ln.kind == Kind.ISSUER and not text.startswith(ln.norm))
        if not ok:
            return j
        text += ln.norm
        j += 1
    return j


def _title_start(lines: Lines, k: int) -> bool:
    """A title starts at lines[k]: a title line, or an issuer line whose next line begins with 关于."""
    ln = lines[k]
    if ln.kind == Kind.TITLE:
        return True
    return (ln.kind == Kind.ISSUER and k + 1 < len(lines) and lines[k + 1].kind == Kind.TITLE
            and lines[k + 1].norm.startswith("关于"))


HEAD_MAX = 40      # non-blank lines; a metadata block plus a title printed twice fits well inside


def head_end(lines: Lines) -> int:
    """Index of the first line after the document head (issuer, title, 发文字号, 主送, metadata block)."""
    for k in range(min(len(lines), HEAD_MAX)):
        kind = lines[k].kind
        if kind in (Kind.BODY, Kind.END, Kind.WRAPPER) and is_noise(lines.text(k)):
            continue        # "来源:… 发布时间:…" / "【字体:大 中 小】" between the title and the 文号/主送
        if kind in (Kind.BODY, Kind.MARKER, Kind.END, Kind.WRAPPER):
            return k
    return min(len(lines), HEAD_MAX)


def _fields(t: Text, lines: Lines, upto: int) -> dict[str, tuple[str, Span]]:
    """Web metadata block fields in lines[:upto]: kind -> (value as printed, span)."""
    out: dict[str, tuple[str, Span]] = {}
    for k in range(upto):
        ln = lines[k]
        if ln.kind != Kind.META:
            continue
        ms = list(heads().field.finditer(ln.norm))
        for a, m in enumerate(ms):
            kind = heads().field_kind.get(regex.sub(r"\s+", "", m.group("label")))
            vs = ln.span[0] + m.end()
            ve = ln.span[0] + (ms[a + 1].start() if a + 1 < len(ms) else len(ln.norm))
            vs, ve = strip_span(t.norm, (vs, ve))
            if vs >= ve and a + 1 == len(ms) and k + 1 < len(lines) and lines[k + 1].kind != Kind.META:
                vs, ve = lines[k + 1].span          # value printed on the next line
            if kind and vs < ve and kind not in out:
                out[kind] = (_out(t, (vs, ve)), (vs, ve))
    return out


# ---------------------------------------------------------------- the stage


def extract_meta(t: Text, span: Span) -> MetaHit:
    """Title, alt titles, 发文字号, issuer, 成文日期 (ISO) and 主送 of the document at `span`."""
    try:
        return _extract(t, span)
    except Exception:                     # pragma: no cover - stages never raise on content
        return MetaHit()


WRAPPED_HEAD = {Kind.TITLE, Kind.ISSUER, Kind.DOCNUM, Kind.META, Kind.RECIP}


def _extract(t: Text, span: Span) -> MetaHit:
    p = _p()
    lines = Lines(t, span)
    if not lines:
        return MetaHit()
    for i in range(min(4, len(lines) - 1)):
        # a news wrapper over the document it announces ("全文如下:" / its issuer or 文号 below), possibly under
        # the news headline and a byline: the head below names the document; the wrapper fills in only what
        # that head does not print
        if lines[i].kind == Kind.WRAPPER and lines[i + 1].kind in WRAPPED_HEAD \
                and (ANNOUNCES_RE.search(lines[i].norm) or (i == 0 and lines[1].kind != Kind.TITLE)):
            inner = _extract(t, (lines[i + 1].span[0], span[1]))
            if inner.title:
                outer = _extract(t, (span[0], lines[i].span[1]))
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
    for k in range(h):
        if _title_start(lines, k):
            e = _title_group(lines, k)
            last = lines[e - 1]
            end = last.span[1]
            if ")" in last.norm and (m := p.title_docnum.search(last.norm)) and m.start() > 0:
                end = last.span[0] + m.start()               # the 文号 is not part of the title
                title_docnum = t.out(last.span[0] + m.start("dn"), last.span[0] + m.end("dn"))
            elif "号" in last.norm and (m := p.glued_docnum.search(last.norm)) and m.start() > 0:
                end = last.span[0] + m.start()               # "…的通知国发〔2007〕37号各省、…:" (glued)
                title_docnum = t.out(last.span[0] + m.start("dn"), last.span[0] + m.end("dn"))
            head_title_span = (lines[k].span[0], end)
            titles.append("".join(t.out(*ln.span).strip() for ln in lines[k:e - 1])
                          + t.out(last.span[0], end).strip())
            break
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
    titles += _attached_titles(t, lines, h)
    uniq: list[str] = []
    for x in titles:
        if x and _fold(x) not in {_fold(u) for u in uniq}:
            uniq.append(x)
    title = uniq[0] if uniq else None

    # ---- 发文字号: a head line that is only a number, or the metadata field
    doc_number = None
    if "doc_number" in fields:
        m = p.docnum.search(fields["doc_number"][0])
        doc_number = m.group(0) if m else fields["doc_number"][0]
    else:
        for a in range(min(h, len(lines) - 1)):          # "重庆市人民政府令" / "第330号"
            if p.order_name.match(lines[a].norm) and p.order_no.match(lines[a + 1].norm):
                doc_number = _out(t, lines[a].span) + t.out(*lines[a + 1].span).strip("()（） ")
                break
        for ln in lines[:h] if doc_number is None else ():
            if ln.kind == Kind.DOCNUM:
                m = heads().docnum_line.match(ln.norm)
                doc_number = t.out(ln.span[0] + m.start("dn"), ln.span[0] + m.end("dn"))
                break
        doc_number = doc_number or title_docnum

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

    issuer = None
    if "issuer" in fields:
        issuer = fields["issuer"][0]
    elif head_title_span is not None:
        # the issuer opens the title: "X关于…", "X印发…的通知", "X转发Y关于…的通知" (the first verb wins)
        tn = t.norm[head_title_span[0]:head_title_span[1]]
        m = regex.search(r"关于|印发|转发|批转|颁发", tn)
        if m and is_org(regex.sub(r"\s+", "", tn[:m.start()])):
            issuer = _out(t, (head_title_span[0], head_title_span[0] + m.start()))
    if issuer is None and "title" in fields:
        # a metadata block's 标题 field opens with the issuer the same way ("标题:X关于印发…的通知")
        fs, fe = fields["title"][1]
        m = regex.search(r"关于|印发|转发|批转|颁发", t.norm, pos=fs, endpos=fe)
        if m and is_org(regex.sub(r"\s+", "", t.norm[fs:m.start()])):
            issuer = _out(t, (fs, m.start()))
    if issuer is None and doc_number and (m := regex.match(r"^([\p{Han}]{2,24})令\s{0,4}[(（]?第", doc_number)) \
            and is_org(m.group(1)):
        issuer = m.group(1)                       # 政府令: "重庆市人民政府令第330号" -> 重庆市人民政府
    adoption = _adoption(t, lines, h)
    if issuer is None and adoption:
        issuer = adoption.issuer                   # a regulation: the body of its latest adoption note
    if doc_number is None and adoption and adoption.order:
        doc_number = adoption.order                # "…国务院令第580号公布": the 令 number is its 文号
    if issuer is None and sig_issuer:
        issuer = sig_issuer
    if issuer is None and head_title_span is not None:
        # "title / 安徽省人民政府办公厅 / 文号": an issuer line under the title, before the 主送
        for ln in lines[:h]:
            if ln.span[0] >= head_title_span[1] and ln.kind == Kind.ISSUER:
                issuer = regex.sub(r"\s{0,4}文件$", "", _out(t, ln.span)) or None
                break
            if ln.kind == Kind.RECIP:
                break
    if issuer is None and wm:
        org = wm.group("org").strip()
        if all(is_org(x) for x in regex.split(r"[、,和]", org) if x):
            issuer = t.out(wrapper.span[0] + wm.start("org"), wrapper.span[0] + wm.end("org")).strip()
    if issuer is None:
        for ln in lines[h:h + 8]:
            if m := p.speaker.search(ln.norm):
                issuer = t.out(ln.span[0] + m.start("org"), ln.span[0] + m.end("org"))
                if lv := p.level.match(m.group("org")):          # "我代表市人民政府": the place is
                    place = _report_place(t, lines, h, lv.group("level"))   # printed in the head
                    if place:
                        issuer = place + issuer[lv.end():]
                break

    date = None
    if "date" in fields:
        date = iso_date(fields["date"][0])
    if date is None:
        date = sig_date
    if date is None and adoption:
        date = adoption.date
    if date is None:
        for ln in lines[:h + 1]:
            if ln.kind == Kind.REPORT_DATE:
                date = iso_date(ln.norm)
                break

    year = doc_year(title, t.norm[span[0]:min(span[1], span[0] + YEAR_SCAN)], date)
    place = place_of(title, issuer, t.raw[span[0]:min(span[1], span[0] + PLACE_SCAN)])
    return MetaHit(title=title, alt_titles=tuple(uniq[1:]), doc_number=doc_number, issuer=issuer,
                   date=date, recipients=recipients, year=year, place=place)


YEAR_SCAN = 200_000     # characters of a document searched for its year (GUARD: bounded on a huge file)
PLACE_SCAN = 3000       # characters of a document's head read for the place it is about


class Adoption(NamedTuple):
    issuer: str               # the body as printed, session included ("北京市第十五届人民代表大会常务委员会")
    date: str                 # ISO
    order: str | None         # "中华人民共和国国务院令第580号" when promulgated by a 令


ADOPTION_RE = regex.compile(ADOPTION, regex.VERBOSE)


def _adoption(t: Text, lines: Lines, h: int) -> Adoption | None:
    """The latest dated part of a regulation's adoption note in the head ("…通过", "…修正", "…令第N号公布"):
    its body is the issuer and its date the document's date, the text in force being the latest revision.

    >>> from policyparse.normalize import normalize
    >>> raw = "# 某条例\\n\\n1994年5月21日 北京市第十届人民代表大会常务委员会第十次会议通过\\n\\n" \\
    ...       "2016年11月25日北京市第十四届人民代表大会常务委员会第三十一次会议通过的《关于修改部分地方性法规的决定》修正\\n\\n第一条 目的。\\n"
    >>> tx = Text(raw, normalize(raw)); ls = Lines(tx, (0, len(raw)))
    >>> _adoption(tx, ls, head_end(ls))
    Adoption(issuer='北京市第十四届人民代表大会常务委员会', date='2016-11-25', order=None)
    """
    best: tuple[str, int, regex.Match] | None = None
    for ln in lines[:h + 1]:
        if ln.kind != Kind.ADOPTED:
            continue
        for m in ADOPTION_RE.finditer(ln.norm):
            date = iso_date(m.group("date"))
            if date and (best is None or date >= best[0]):
                best = (date, ln.span[0], m)
    if best is None:
        return None
    date, s0, m = best
    issuer = _out(t, (s0 + m.start("org"), s0 + m.end("org")))
    order = _out(t, (s0 + m.start("org"), s0 + m.end("order"))) if m.group("order") else None
    return Adoption(issuer, date, order) if is_org(_fold(issuer)) or order else None


def _report_place(t: Text, lines: Lines, h: int, level: str) -> str | None:
    """The place a work report names in its head (session line, title, speaker) when it ends with
    the speaker's `level` (市 for "我代表市人民政府"): "在重庆市第六届人民代表大会…" -> "重庆市"."""
    p = _p()
    for ln in lines[:h]:
        for m in p.report_place.finditer(ln.norm):
            a, b = m.span("place")
            if b - a > len(level) and m.group("place").endswith(level):
                return t.out(ln.span[0] + a, ln.span[0] + b)
    return None


def _signature(t: Text, lines: Lines, h: int) -> tuple[str | None, str | None]:
    """(issuer, ISO date) of the first signature block after the head: body-name lines directly
    above a date line; a date line alone counts when an END marker follows or the document ends."""
    p = _p()
    for k in range(h, len(lines)):
        n = lines.text(k)
        if len(n) > 90 or n[-1] not in "日)" or "年" not in n:
            continue
        if lines[k].kind != Kind.DATE:
            # "重庆市人民政府    2019年11月25日": the signature and its date on one line
            m = p.signed_date.match(n)
            if m and is_org(regex.sub(r"\s+", "", m.group("org"))) and (k + 1 == len(lines) or len(n) <= 60):
                s0 = lines[k].span[0]
                return _out(t, (s0 + m.start("org"), s0 + m.end("org"))), iso_date(m.group("date"))
            continue
        names, j = [], k - 1
        while j >= h and lines[j].kind == Kind.ISSUER and k - j <= 4:
            names.insert(0, _out(t, lines[j].span))
            j -= 1
        last = k + 1 == len(lines)
        signed = j >= h and k - j <= 2 and bool(_p().signer.match(lines[j].norm))
        if names or signed or last or lines[k + 1].kind == Kind.END:
            return (" ".join(names) or None), iso_date(lines[k].norm)
    return None, None


def _attached_titles(t: Text, lines: Lines, h: int) -> list[str]:
    """The title printed after a cover letter's end ("（此件公开发布）" or signature date): the attached
    plan's own title, e.g. "重庆市现代服务业发展计划" + "（2019—2022年）"."""
    p = _p()
    k = next((i for i in range(h, len(lines)) if "此" in lines.text(i) and lines[i].kind == Kind.END), None)
    if k is None:
        k = next((i for i in range(h, len(lines)) if lines.text(i)[-1] in "日)" and lines[i].kind == Kind.DATE and i > 0 and (
        lines[i - 1].kind == Kind.ISSUER or p.signer.match(lines[i - 1].norm))), None)
    if k is None:
        return []
    i = k + 1
    while i < len(lines) and i - k <= 3 and (lines[i].kind == Kind.END or p.attach_label.match(lines[i].norm)):
        i += 1
    if i >= len(lines) or lines[i].kind not in (Kind.TITLE, Kind.SHORT, Kind.ISSUER):
        return []
    e = i + 1
    while e < len(lines) and e - i < 4 and lines[e].kind in (Kind.TITLE, Kind.SHORT) \
            and len(lines[e].norm) <= 60 and not heads().title_genre_end.search(
                "".join(ln.norm for ln in lines[i:e]).rstrip(")")):
        e += 1
    if e < len(lines) and p.period_line.match(lines[e].norm) and lines[e].kind != Kind.DOCNUM:
        e += 1
    text = "".join(t.out(*ln.span).strip() for ln in lines[i:e])
    return [text] if len(text) >= 4 else []
