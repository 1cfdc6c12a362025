"""The signature block of a document: the body's name (or the signer) above the date that closes the cover
letter or the document, on lines of their own or run into a line of text (a crawl that lost the breaks)."""
from __future__ import annotations

import regex

from ..heads import Kind, heads
from ..lexicons import compile_on_use
from ..lines import Lines
from ..orgs import is_org
from ..records import Text
from .patterns import _out, _p, iso_date


DATE_ACTS = ("签发", "印发", "发布", "成文")     # "2018年7月30日签发": a date line naming the act
LONG_HEAD_LINE = 200       # characters: a head line this long holds body text as well


def _signature_in_running_line(t: Text, lines: Lines, h: int, k: int) -> tuple[str | None, str | None] | None:
    """A signature inside a line of running text (a crawl that lost the breaks), or None."""
    p, n = _p(), lines.text(k)
    # "…确保改革措施落地见效。国务院办公厅2020年7月15日（此件公开发布）": a signature glued on; the
    # attached document may run on after it ("国 务 院  二○一一年十二月十五日  国家环境保护…规划")
    for m in p.glued_signature.finditer(n):
        if is_org(regex.sub(r"\s+", "", m.group("org"))):
            s0 = lines[k].span[0]
            org = _out(t, (s0 + m.start("org"), s0 + m.end("org")))
            return "、".join(_names(org)), iso_date(m.group("date"))
    for m in p.attach_glued_signature.finditer(n):                      # "附件:《…》山东省人民政府办公厅2021年2月24日附件…"
        if is_org(m.group("org")) and iso_date(m.group("date")):
            s0 = lines[k].span[0]
            return _out(t, (s0 + m.start("org"), s0 + m.end("org"))), iso_date(m.group("date"))
    if (m := p.glued_signer_date.search(n)) and iso_date(m.group("date")):
        return None, iso_date(m.group("date"))                           # "…施行。总理 李克强 2019年10月22日"
    if (m := p.attach_signed.match(n)) and iso_date(m.group("date")):
        return None, iso_date(m.group("date"))                           # "附件：…国务院办公厅 2018年7月24日"
    if k > h and lines[k - 1].kind == Kind.ISSUER and (m := p.date_run_on.match(n)):
        return _out(t, lines[k - 1].span), iso_date(m.group("date"))    # name above, date opening
    return None


def _names(line: str) -> list[str]:
    """The bodies one signature line names: "广东省发展改革委 广东省能源局" (two bodies side by side) -> both, as
    printed; a name spaced out ("国　务　院") or a line whose pieces are not all bodies' names -> the line.

    >>> _names("陕西省发展和改革委员会    陕西省林业局"), _names("国务院办公厅")
    (['陕西省发展和改革委员会', '陕西省林业局'], ['国务院办公厅'])
    """
    names = line.split()
    return names if len(names) > 1 and all(map(is_org, names)) else [line]


def _date_opening(t: Text, lines: Lines, k: int, n: str) -> tuple[str | None, str | None] | None:
    """A date opening line k, the attached title glued on, under a signer ("总理 温家宝" above "二○○六年九月十九日
    防治…条例") or a body's name ("国务院" above "二○○七年十一月二十二日 国家环境保护“十一五”规划")."""
    p = _p()
    if (m := p.date_run_on.match(n)) is None:
        return None
    if p.signer.match(lines[k - 1].norm):
        return None, iso_date(m.group("date"))
    if lines[k].kind != Kind.DATE and lines[k - 1].kind == Kind.ISSUER and iso_date(m.group("date")):
        return _out(t, lines[k - 1].span), iso_date(m.group("date"))
    return None


JOINT_SIGNERS_MAX = 24      # body names on lines of their own over one date: a joint notice of many bureaus


def _signature(t: Text, lines: Lines, h: int) -> tuple[str | None, str | None]:
    """(issuer, ISO date) of the first signature block after the head: body-name lines directly
    above a date line; a date line alone counts when an END marker follows or the document ends."""
    p = _p()
    # a head line that runs on into the body (a crawl that lost the breaks) may carry the signature too
    first = next((j for j in range(h) if len(lines.text(j)) > LONG_HEAD_LINE), h)
    for k in range(first, len(lines)):
        n = lines.text(k)
        if "年" not in n or "日" not in n:
            continue
        if m := p.signer_date.match(n):
            return None, iso_date(m.group("date"))              # "总 理　 温家宝　　 二○○九年九月九日"
        if k > h and (found := _date_opening(t, lines, k, n)) is not None:
            return found
        if len(n) > 90 or lines[k].kind == Kind.BODY:
            found = _signature_in_running_line(t, lines, h, k)
            if found is not None:
                return found
            continue                                                             # the attached text's line
        if n[-1] not in "日)" and not n.endswith(DATE_ACTS):
            continue
        if DRAFT_DATE_RE.match(n) and k > h and lines[k - 1].kind == Kind.ISSUER:
            return _out(t, lines[k - 1].span), None   # a draft signed "工业和信息化部…" / "2024年月日": no date yet
        if lines[k].kind != Kind.DATE:
            # "重庆市人民政府    2019年11月25日": the signature and its date on one line
            m = p.signed_date.match(n)
            if m and is_org(regex.sub(r"\s+", "", m.group("org"))) and (k + 1 == len(lines) or len(n) <= 60):
                s0 = lines[k].span[0]
                return _out(t, (s0 + m.start("org"), s0 + m.end("org"))), iso_date(m.group("date"))
            continue
        names, j = [], k - 1
        while j >= h and lines[j].kind == Kind.ISSUER and k - j <= JOINT_SIGNERS_MAX:
            names.insert(0, _out(t, lines[j].span))      # each line as printed ("A B" side by side stays one)
            j -= 1
        if not names and k > h and (sealed := SEALED_FOR_RE.match(lines[k - 1].norm)) and is_org(sealed.group("org")):
            s0 = lines[k - 1].span[0]                    # "（国家粮食局办公室代章）": the office seals for its body
            return _out(t, (s0 + sealed.start("org"), s0 + sealed.end("org"))), iso_date(lines[k].norm)
        last = k + 1 == len(lines)
        signed = j >= h and k - j <= 2 and bool(_p().signer.match(lines[j].norm))
        # a cover letter's date line right before the title of the document it issues ("二○一二年一月九日" /
        # "新余市绿色建筑管理办法"), after the letter's last sentence
        attached = not last and lines[k - 1].kind == Kind.BODY and lines[k + 1].kind in (Kind.TITLE, Kind.SHORT) \
            and heads().title_genre_end.search(lines[k + 1].norm) is not None
        closes = "(此件" in n                  # "2021年1月26日（此件公开发布）": the note on the date's own line
        if names or signed or last or attached or closes or lines[k + 1].kind == Kind.END:
            return ("、".join(names) or None), iso_date(lines[k].norm)   # names on lines of their own: a list
    if len(lines) > h + 1 and lines[-1].kind == Kind.ISSUER and lines[-2].kind == Kind.BODY:
        return _out(t, lines[-1].span), None      # "…感谢你们的支持！ / 民政部": a reply signed without a date
    return None, None


# a draft's date line, month and day left blank: "2024年月日", "2024年 月 日"
DRAFT_DATE_RE = compile_on_use(r"^\s{0,8}(?:19|20)\d{2}\s{0,2}年\s{0,6}月\s{0,6}日\s{0,4}$")


# a seal applied on a body's behalf by its office, on the line above the date: "（国家粮食局办公室代章）"
SEALED_FOR_RE = compile_on_use(r"^\(?\s{0,2}(?P<org>[^\s()]{2,30}?)\s{0,2}办公(?:室|厅)\s{0,2}代章\s{0,2}\)?$")
