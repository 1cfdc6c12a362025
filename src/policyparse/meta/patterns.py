"""The patterns of the metadata fields (the head-line patterns are heads.heads()), dates, and the two
small helpers every part of the stage uses."""
from __future__ import annotations

import datetime
from functools import cache
from typing import NamedTuple

import regex

from ..heads import ADATE, ATTACHMENT_LABEL, CDATE, DOCNUM, IDATE, genre_alternation
from ..numerals import cn_digits, cn_to_number
from ..records import Text
from ..spans import Span
from ..lexicons import compile_on_use

# a signer: the office, then the name ("总　理　　李克强", "省长 张三")
SIGNER = r"(?:省长|市长|县长|区长|州长|旗长|主任|部长|局长|署长|总\s{0,4}理|主席|书记|厅长|委员长)\s{0,6}[\p{Han}·]{2,5}"


class _P(NamedTuple):
    """The patterns of the metadata fields (the head-line patterns are heads.heads())."""

    docnum: regex.Pattern
    date_any: regex.Pattern
    recip_label: regex.Pattern
    speaker: regex.Pattern
    signer: regex.Pattern
    order_name: regex.Pattern
    decree_head: regex.Pattern
    order_no: regex.Pattern
    level: regex.Pattern
    report_place: regex.Pattern
    period_line: regex.Pattern
    docnum_recip: regex.Pattern
    title_docnum: regex.Pattern
    glued_docnum: regex.Pattern
    attach_label: regex.Pattern
    legal_title_glued: regex.Pattern
    title_glued_preamble: regex.Pattern
    legal_title_noted: regex.Pattern
    signer_date: regex.Pattern
    signed_date: regex.Pattern
    glued_signature: regex.Pattern
    attach_glued_signature: regex.Pattern
    glued_signer_date: regex.Pattern
    attach_signed: regex.Pattern
    date_run_on: regex.Pattern


@cache
def _p() -> _P:
    X = regex.VERBOSE
    GENRE_TAIL = genre_alternation()
    return _P(
        docnum=compile_on_use(DOCNUM, X),
        date_any=compile_on_use(rf"{ADATE}|{CDATE}|{IDATE}"),
        recip_label=compile_on_use(r"^主送(?:机关|单位)?\s{0,2}:\s{0,2}"),
        # "我代表国务院，向大会…" / "我代表海南省人民政府向大会…" (the body ends before 向, a comma or the line end);
        # older reports: "我受国务院的委托，向大会报告…"
        speaker=compile_on_use(r"(?:我(?:代表|受)|(?<!\p{Han})受)(?P<org>[^,，。向]{0,30}?(?:人民政府|国务院|政府))"
                              r"(?=[,，、。\s]|向|的?委托|$)"),   # "我受国务院的委托", "…，受国务院委托，现就…报告如下"
        # "市长　唐良智" signing a 政府令: an office and a 2-4 character name
        signer=compile_on_use(rf"^{SIGNER}$"),
        # a decree's promulgation sentence with the signer and the date glued on: "…自2020年1月1日起施行。
        # 总　理　　李克强                2019年10月22日"
        # ... or with the decreed text's title run on after the date, in a copy that lost every break: then only
        # after the promulgation sentence's "…施行。" ("施行。总理温家宝二○○九年九月九日防治船舶污染…条例第一章…")
        glued_signer_date=compile_on_use(rf"[。]\s{{0,8}}{SIGNER}\s{{0,40}}(?P<date>{ADATE}|{CDATE})\s{{0,20}}$"
                                         rf"|施行\s{{0,2}}。\s{{0,8}}{SIGNER}\s{{0,40}}(?P<date>{ADATE}|{CDATE})"),
        order_name=compile_on_use(r"^[\p{Han}]{2,24}令$"),                 # "重庆市人民政府令"
        # a decree's number line with its promulgation sentence run on: "中华人民共和国国务院令第　475　号　　《…》已经…"
        decree_head=compile_on_use(r"^(?P<name>(?:中华人民共和国)?[\p{Han}]{2,24}?令)\s{0,4}(?P<dn>第\s{0,4}\d{1,5}\s{0,4}号)"),
        # "第330号", or its promulgation sentence run on: "第　561　号　　《…条例》已经…"
        order_no=compile_on_use(r"^\(?\s{0,2}第\s{0,4}\d{1,5}\s{0,4}号\s{0,2}\)?(?=$|\s{0,4}《)"),
        # an issuer without its place name: "市人民政府" (work report: "我代表市人民政府")
        level=compile_on_use(r"^(?P<level>自治区|自治州|自治县|省|市|县|区|州|盟|旗)(?=(?:人民)?政府$)"),
        # where a work report prints its place: "在重庆市第六届人民代表大会…" or the title
        # "2024年重庆市政府工作报告" (place lazy and bounded, a fixed word follows it)
        report_place=compile_on_use(r"""在(?P<place>\p{Han}{2,20}?)第?[一二三四五六七八九十百\d]{1,4}届人民代表大会
                                       | ^(?:(?:19|20)\d{2}\s{0,2}年度?)?(?P<place>\p{Han}{2,20}?)(?:人民)?政府工作报告
                                       | ^(?P<place>\p{Han}{2,20}?)代?(?:省长|市长|县长|区长|州长|旗长|盟长|主席)
                                         \s{0,6}[\p{Han}·]{2,5}$      # "重庆市市长　胡衡华" under the title""",
                                    X),
        period_line=compile_on_use(rf"^\((?!\s{{0,2}}(?:{ADATE}|{CDATE})\s{{0,2}}\)$)[^()]{{1,20}}\)(?:\s{{0,2}}\((?!\s{{0,2}}(?:{ADATE}|{CDATE})\s{{0,2}}\)$)[^()]{{1,20}}\))?$"),
        # "(试行)", "(2021 版)(征求意见稿)",
        # "(2021—2023年)" under a title go with it; a full date "（一九九〇年十二月五日）" is the document's date
        # "…的通知（皖政办秘〔2022〕21号）": a 发文字号 printed in brackets at the end of the title line
        # a 文号 line with the 主送 run on (a crawl that lost the break): "国办发〔2015〕94号各省、自治区…:"
        docnum_recip=compile_on_use(rf"^(?P<dn>{DOCNUM})\s{{0,4}}(?=[^\s\d])[^。\n]{{2,300}}:$", X),
        title_docnum=compile_on_use(rf"\(\s{{0,2}}(?P<dn>{DOCNUM})\s{{0,2}}\)$", X),
        # a crawl that lost the line break: "…的实施意见国办发〔2020〕24号" (then maybe the 主送 run on)
        # ("…的意见\xa0国发 〔2011〕 35 号": a space or two between)
        glued_docnum=compile_on_use(rf"(?<={GENRE_TAIL})\s{{0,4}}(?P<dn>(?![^〔\[【(〖]{{0,16}}的){DOCNUM})", X),  # 的: no agency
        attach_label=compile_on_use(rf"^{ATTACHMENT_LABEL}\s{{0,2}}(?::.{{0,80}})?$"),
        # a regulation's title with its first chapter or article run on (a crawl that lost the break)
        # a regulation's title with its history note opening on the same line: "建设项目环境保护管理条例（1998年11月
        # 29日中华人民共和国国务院令第253号发布" (the note closes lines below)
        legal_title_noted=compile_on_use(r"^(?P<title>[^\s。,;:《》()]{2,40}?(?:条例|办法|规定|细则|规则|章程|准则|法))"
                                        r"\s{0,2}\(\s{0,2}(?:19|20)\d{2}\s{0,2}年"),
        # a crawl that lost the break after the title: "智能航运发展指导意见为认真贯彻党的十九大…" (the title ends in a
        # genre word, the preamble opens with 为…/根据/按照; bounded, no punctuation inside the title)
        title_glued_preamble=compile_on_use(rf"^(?P<title>[^\s。,;:《》]{{4,40}}?{GENRE_TAIL})(?=为(?:了|认真|深入|全面|加快|"
                                           rf"进一步|贯彻|推动|促进|落实|切实)|根据|按照)"),
        legal_title_glued=compile_on_use(r"^(?P<title>[^\s。,;:《》]{2,40}?(?:条例|办法|规定|细则|规则|章程|准则))"
                                        r"\s{0,4}第一[章条]"),
        # a signer and the date on one line: "总 理　 温家宝　　　　 二○○九年九月九日"
        signer_date=compile_on_use(rf"^{SIGNER}\s{{1,40}}(?P<date>{ADATE}|{CDATE})\s{{0,8}}$"),
        signed_date=compile_on_use(rf"^(?P<org>[^\s。,;:]{{2,40}}(?:\s{{1,6}}[^\s。,;:]{{2,40}}){{0,3}})\s{{1,40}}"
                                  rf"(?P<date>{ADATE}|{CDATE})\s{{0,8}}(?:印发|发布|签发)?\s{{0,4}}"
                                  rf"(?:\(此件[^()]{{1,10}}\))?$"),   # "国家标准化管理委员会 2020年8月 4 日印发"
        # a crawl that glued the signature to the last sentence: "…落地见效。国务院办公厅2020年7月15日（此件公开发布）"
        # (or to the contact line closing the letter: "联系人:…029-8855XXXX陕西省发展和改革委员会 陕西省林业局2021年5月11日")
        # (searched in a line's last 160 characters; the name lazy and bounded, no punctuation inside)
        glued_signature=compile_on_use(rf"(?:^|[。!?)]|(?<=(?:联系人|电话|手机|传真)[^。]{{0,80}}?[\dXx]))\s{{0,80}}(?P<org>\p{{Han}}(?:\s{{1,3}}\p{{Han}}){{1,11}}"
                                      rf"|\p{{Han}}[^\s。,;:!?()\d]{{1,29}}?(?:\s{{1,6}}[^\s。,;:!?()\d]{{2,30}}?){{0,3}})\s{{0,80}}(?P<date>{ADATE}|{CDATE})"),
                                      # then the end, a 此件 note, or the attached document run on
                                      # ("…二○一一年十二月十五日 国家环境保护…规划", OCR: "…2021年4月1日会议报名回执")
        # an attachment label with the signature glued on: "附件：部分地方优化营商环境典型做法国务院办公厅  2018年7月24日
        # （此件公开发布）" (the name cannot be told from the attachment's title; the date can)
        # an attachment's title in 《》 with the signature glued on, the attachment run on after it (OCR, one
        # line): "附件:《…完成计划表》山东省人民政府办公厅2021年2月24日附件…" (name lazy, bounded, no punctuation)
        # (or the last attachment's title ends in a genre word: "附件:1.…名单2.关于印发《…》的通知山东省应急管理厅
        # 2020年6月5日附件…"; the name never opens with 的; prefix and name lazy and bounded)
        attach_glued_signature=compile_on_use(rf"附\s{{0,2}}件\s{{0,2}}\d{{0,3}}\s{{0,2}}:[^。;\n]{{2,200}}?"
                                             rf"(?:》|{GENRE_TAIL}|名单|表)\s{{0,8}}(?!的)"
                                             rf"(?P<org>[^\s。,;:!?()《》\d]{{2,30}}?)\s{{0,8}}(?P<date>{ADATE}|{CDATE})"
                                             rf"(?=\s{{0,20}}(?:$|\(此件|附\s{{0,2}}件))"),
        attach_signed=compile_on_use(rf"^附\s{{0,2}}件\s{{0,2}}\d{{0,3}}\s{{0,2}}:[^。;]{{2,80}}?\s{{0,80}}"
                                    rf"(?P<date>{ADATE}|{CDATE})\s{{0,20}}(?:\(此件[^()]{{1,10}}\))?$"),
        # a date opening a line that runs on with the attached document ("二○○七年十一月二十二日 国家环境保护…")
        date_run_on=compile_on_use(rf"^(?P<date>{ADATE}|{CDATE})\s{{1,8}}\S"),
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
    return _printed(t.out(*span))


def _printed(raw: str) -> str:
    """Printed text with white-space runs folded to one space (of a string: a note read over wrapped lines)."""
    return regex.sub(r"\s+", " ", raw).strip()


def _fold(s: str) -> str:
    return regex.sub(r"\s+", "", s)


