"""The head of a document: where it ends, its title lines, its web metadata block, the title printed after
a cover letter (the attached plan's own title), and the dates printed in it (with the 文号, in a news lead)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..docyear import from_title as title_year
from ..heads import (ADATE, ATTACHMENT_LABEL_RE, CDATE, NEWS_DATELINE_RE, Kind, broken_title, heads, is_red_header_tail,
                     title_over_lines)
from ..lexicons import compile_on_use
from ..lines import Lines, is_noise
from ..records import Text
from ..orgs import is_org
from ..spans import Span, strip_span
from .patterns import _out, _p, iso_date

if TYPE_CHECKING:
    from .sources import HeadFacts


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
        ok = ln.kind == Kind.TITLE or (j == i and ln.kind == Kind.ISSUER) or (j == i and _broken_title(lines, i)) \
            or (j == i and _title_over_lines(lines, i)) \
            or (not done and j > i and ln.kind == Kind.SHORT and len(ln.norm) <= 40 and "," not in ln.norm) \
            or (not done and j > i and ln.kind == Kind.ISSUER and not text.startswith(ln.norm))
        if not ok:
            return j
        text += ln.norm
        j += 1
    return j


def _title_start(lines: Lines, k: int) -> bool:
    """A title starts at lines[k]: a title line, an issuer line whose next line begins with 关于, or a
    title broken inside a word ("政府工作报" / "告": two short lines that make a title together)."""
    ln = lines[k]
    if ln.kind == Kind.TITLE:
        return True
    return (ln.kind == Kind.ISSUER and k + 1 < len(lines) and lines[k + 1].kind == Kind.TITLE
            and lines[k + 1].norm.startswith("关于") and not is_red_header_tail(ln.norm)
            and not _names_run_on_above(lines, k)) \
        or _broken_title(lines, k) or _title_over_lines(lines, k)


def _names_run_on_above(lines: Lines, k: int) -> bool:
    """The line above names bodies side by side and breaks inside its last name ("广东省发展改革委 广东省能源局
    广东省工业和信息化厅 广东省" / "生态环境厅 广东省国资委 中国人民银行广东省分行"): lines[k] ends a header of joint
    issuers wrapped over lines, it does not open a title ("…分行关于印发…")."""
    pieces = lines[k - 1].norm.split() if k > 0 else []
    return len(pieces) >= 2 and all(map(is_org, pieces[:-1])) and not is_org(pieces[-1])


def head_title_start(lines: Lines, h: int) -> tuple[int | None, int | None]:
    """Where the title of the head (lines[:h]) starts: the first title — unless it is a page's title over the
    page's metadata block ("# “十四五”国家应急体系规划" / "发布日期: …" / "来源: …") and the document prints its
    own head below it, a title right over its 文号, 主送 or date ("国务院关于印发" / "“十四五”…规划的通知" / "国发〔2021〕36号"):
    then that one, and the page's title (an alt title) second: (start, page title's start or None)."""
    first = next((k for k in range(h) if _title_start(lines, k)), None)
    if first is None:
        return None, None
    e = _title_group(lines, first)
    if e >= h or lines[e].kind != Kind.META:
        return first, None
    for k in range(e + 1, h):
        if _title_start(lines, k):
            g = _title_group(lines, k)
            if g < h and lines[g].kind in (Kind.DOCNUM, Kind.RECIP, Kind.DATE):
                return k, first
    return first, None


TITLE_OVER_LINES_MAX = 48       # characters of a title printed over two lines on a cover


def _title_over_lines(lines: Lines, k: int) -> bool:
    """A cover's title over two lines, the first without a genre word: "石化行业智能制造标准体系" / "建设指南",
    "智能网联汽车生产企业及产品准入" / "管理指南（试行）" (the document's first line; joined, a title)."""
    if k != 0 or k + 1 >= len(lines) or lines[k].kind != Kind.SHORT or lines[k + 1].kind != Kind.TITLE:
        return False
    first, second = lines[k].norm.strip(), lines[k + 1].norm.strip()
    # not a label over a title ("政策解读" / "《…》政策解读", "附件" / "…行动计划")
    return not second.startswith(("《", "关于")) and not ATTACHMENT_LABEL_RE.match(first) \
        and not NEWS_DATELINE_RE.match(first) \
        and title_over_lines(first, second, TITLE_OVER_LINES_MAX)


def _broken_title(lines: Lines, k: int) -> bool:
    """lines[k] and lines[k + 1] are one title broken inside a word (heads.broken_title)."""
    return k + 1 < len(lines) and broken_title(lines[k].norm, lines[k + 1].norm)


CELL_EDGE = " \t\u3000|"     # white space and the cell separators of a flattened metadata table
EMPTY_VALUE_RE = regex.compile(r"[-—–/／无]{1,2}|暂无|空")    # a field printed empty: "文号: -", "发文字号：无"
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
            vs, ve = strip_span(t.norm, (vs, ve), CELL_EDGE)   # a flattened table: "发文机关： | X | 成文日期： | Y"
            if vs >= ve and a + 1 == len(ms) and k + 1 < len(lines) and lines[k + 1].kind != Kind.META:
                vs, ve = lines[k + 1].span          # value printed on the next line
            if kind and vs < ve and kind not in out and not EMPTY_VALUE_RE.fullmatch(t.norm, vs, ve):
                out[kind] = (_out(t, (vs, ve)), (vs, ve))
    return out


# ---------------------------------------------------------------- the stage



def _attached_titles(t: Text, lines: Lines, h: int) -> list[str]:
    """The title printed after a cover letter's end ("（此件公开发布）" or signature date): the attached
    plan's own title, e.g. "重庆市现代服务业发展计划" + "（2019—2022年）"."""
    p = _p()
    k = next((i for i in range(h, len(lines)) if "此" in lines.text(i) and lines[i].kind == Kind.END), None)
    if k is None:
        k = next((i for i in range(h, len(lines)) if lines.text(i)[-1] in "日)" and lines[i].kind == Kind.DATE and i > 0 and (
        lines[i - 1].kind == Kind.ISSUER or p.signer.match(lines[i - 1].norm))), None)
    if k is None:                        # a decree: the promulgation sentence, signer and date on one line,
        k = next((i for i in range(h, min(h + 4, len(lines))) if p.glued_signer_date.search(lines.text(i))
                  or p.signer_date.match(lines.text(i))), None)          # or the signer and the date on one
    if k is None:
        return []
    i = k + 1
    while i < len(lines) and i - k <= 3 and (lines[i].kind == Kind.END or p.attach_label.match(lines[i].norm)
                                             or is_noise(lines.text(i))):      # "— 2 —": a page number
        i += 1
    if i < len(lines) and (g := p.legal_title_glued.match(lines[i].norm)):
        return [t.out(lines[i].span[0], lines[i].span[0] + g.end("title")).strip()]   # "…管理条例第一章　总则"
    if i >= len(lines) or lines[i].kind not in (Kind.TITLE, Kind.SHORT, Kind.ISSUER):
        return []
    e = i + 1
    while e < len(lines) and e - i < 4 and lines[e].kind in (Kind.TITLE, Kind.SHORT) \
            and len(lines[e].norm) <= 60 and not heads().title_genre_end.search(
                "".join(ln.norm for ln in lines[i:e]).rstrip(")")):
        e += 1
    if e < len(lines) and p.period_line.match(lines[e].norm) and lines[e].kind != Kind.DOCNUM:
        e += 1
    spans = [ln.span for ln in lines[i:e]]
    if lead := END_NOTE_LEAD_RE.match(lines[i].norm):       # "（此件公开发布）　国家突发环境事件应急预案": the
        spans[0] = (spans[0][0] + lead.end(), spans[0][1])   # cover letter's note glued before the title
    text = "".join(t.out(*sp).strip() for sp in spans)
    return [text] if len(text) >= 4 else []


# the note that closes a cover letter, glued before the attached title (a single-line copy), bounded
END_NOTE_LEAD_RE = compile_on_use(r"\(此件[^()]{0,12}\)\s{0,4}(?=\S)")


# ---- dates printed in the head (date sources of sources.DATE_SOURCES)

def date_on_docnum_line(f: HeadFacts) -> str | None:
    """The date printed with the 文号 on the head's 文号 line: "（皖发[2012]18号 2012年9月10日）" (a Party and government
    decision's head), "皖政办秘〔2022〕21号  2022年3月15日"."""
    for k in range(min(f.h, len(f.lines))):
        ln = f.lines[k]
        if ln.kind == Kind.DOCNUM and (m := DOCNUM_DATE_RE.search(ln.norm)):
            return iso_date(m.group("date"))
    return None


DOCNUM_DATE_RE = compile_on_use(rf"号\s{{1,20}}(?P<date>{ADATE}|{CDATE})")


def date_from_report_lead(f: HeadFacts) -> str | None:
    """A report printed as newspaper excerpts: "本报讯 2月4日，市长X在市十六届人大七次会议上作政府工作报告时指出" — the
    day of delivery without its year, which the title gives ("2026年保定市政府工作报告")."""
    # the head's title line, and the 标题 field's (a record's "正文：" line may leave the head a title without year)
    spans = [sp for sp in (f.title_span, f.fields["title"][1] if "title" in f.fields else None) if sp]
    year = next((y for sp in spans if (y := title_year(f.t.norm[sp[0]:sp[1]], "", None)) is not None), None)
    if year is None:
        return None
    end = max(sp[1] for sp in spans)
    m = REPORT_LEAD_RE.search(f.t.norm, end, min(len(f.t.norm), end + REPORT_LEAD_REACH))
    return f"{year}-{int(m.group('m')):02d}-{int(m.group('d')):02d}" if m else None


REPORT_LEAD_RE = compile_on_use(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s?[,，]?[^。\n]{0,30}?在[^。\n]{0,40}?"
                                r"会议上(?:作|所作)[^。\n]{0,4}政府工作报告")
REPORT_LEAD_REACH = 1500     # characters after the title in which a news lead names the day
