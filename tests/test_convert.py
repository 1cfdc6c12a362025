"""Inputs other than plain text (issue 18): HTML pages, .docx, text-layer PDFs -> text; spans index it.

The round trip: each seed of data/raw is published again as a government site's HTML page, a Word
document (python-docx) and a PDF (fpdf2, CJK font, running header, page numbers, ruled tables), then
parsed; the sections and targets found must agree with those found from the seed's .txt
(targets F1 >= 0.95, the bar of issue 18). The figures are printed with `pytest -s -k agreement`.
"""
from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

import convert_build as cb
from policyparse.cli import app
from policyparse.convert import Converted, convert, detect, to_text
from policyparse.diagnostics import InputError
from policyparse.evaluate import score_file
from policyparse.evaluate.documents import flatten_sections
from policyparse.pipeline import parse_text
from policyparse.reading import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))
DATA = Path(__file__).parent / "data" / "convert"
BAR = 0.95
needs_font = pytest.mark.skipif(cb.cjk_font() is None, reason="no CJK font (make test installs fonts-wqy-zenhei)")
runner = CliRunner()

BUILD = {"html": cb.build_html, "docx": cb.build_docx, "pdf": cb.build_pdf}


@cache
def built(stem: str, fmt: str) -> bytes:
    seed = next(p for p in SEEDS if p.stem == stem)
    return BUILD[fmt](seed.read_text(encoding="utf-8"))


@cache
def reference(stem: str) -> dict:
    seed = next(p for p in SEEDS if p.stem == stem)
    ref = parse_text(seed.read_text(encoding="utf-8")).model_dump(mode="json")
    for d in ref["documents"]:                       # the scorer's gold side is flat
        d["sections"] = flatten_sections(d["sections"])
    return ref


def _params():
    for fmt in ("html", "docx", "pdf"):
        for seed in SEEDS:
            marks = [needs_font] if fmt == "pdf" else []
            yield pytest.param(seed.stem, fmt, id=f"{fmt}-{seed.stem[:3]}", marks=marks)


# ---------------------------------------------------------------- agreement with the .txt

@pytest.mark.parametrize("stem, fmt", list(_params()))
def test_agreement_with_txt(stem, fmt):
    result = parse_bytes(built(stem, fmt), path=f"{stem}.{fmt}")
    assert result.source.format == fmt
    figures = score_file(reference(stem), result.model_dump(mode="json")).figures()
    print(f"\n{fmt} {stem}: " + ", ".join(f"{k}={figures[k]:.3f}" for k in
                                         ("targets.f1", "sections.f1", "responsibilities.f1", "documents.paired_rate")))
    assert figures["targets.f1"] >= BAR
    assert figures["sections.f1"] >= BAR
    assert figures["documents.paired_rate"] >= BAR


# ---------------------------------------------------------------- spans index the converted text

def _cli_text(path: Path) -> str:
    out = runner.invoke(app, ["text", str(path)], catch_exceptions=False)
    assert out.exit_code == 0, out.stderr
    return out.stdout_bytes.decode("utf-8")


@pytest.mark.parametrize("fmt", [pytest.param("html"), pytest.param("docx"),
                                 pytest.param("pdf", marks=needs_font)])
def test_text_command_prints_what_spans_index(fmt, tmp_path):
    stem = SEEDS[3].stem                      # the seed with 专栏 tables
    f = tmp_path / f"plan.{fmt}"
    f.write_bytes(built(stem, fmt))
    text = _cli_text(f)
    out = runner.invoke(app, ["extract", str(f), "--quiet"], catch_exceptions=False)
    assert out.exit_code == 0
    res = json.loads(out.stdout)
    src = res["source"]
    assert src["format"] == fmt and src["chars"] == len(text)
    assert src["sha256"] == hashlib.sha256(f.read_bytes()).hexdigest()
    assert src["text_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    n = 0
    for d in res["documents"]:
        for item in d["targets"] + d["responsibilities"]:
            a, b = item["span"]
            assert text[a:b] == item["text"]
            n += 1
        for s in flatten_sections(d["sections"]):
            a, b = s["title_span"]
            assert s["title"].replace(" ", "") in text[a:b].replace(" ", "")
    assert n > 50
    for a, b in res["noise"]:
        assert 0 <= a < b <= len(text)


def test_plain_text_is_unchanged():
    data = SEEDS[0].read_bytes()
    res = parse_bytes(data, path=str(SEEDS[0]))
    assert res.source.format == "text" and res.source.text_sha256 is None
    assert to_text(data) == Converted(data.decode("utf-8"), "text", "utf-8")


# ---------------------------------------------------------------- detection by content

@pytest.mark.parametrize("head, name, kind", [
    (b"<!DOCTYPE html>\n<html><body>x</body></html>", "a.txt", "html"),          # content, not extension
    (b"\xef\xbb\xbf<html><head><meta charset=utf-8>", None, "html"),
    (b"<!-- saved from url=(0045)http://www.gov.cn/ -->\r\n<HTML><HEAD>", None, "html"),
    (b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">", None, "html"),
    ("<div><p>一、总体要求</p></div>".encode(), "page.htm", "html"),         # a fragment: the name decides
    ("<div><p>一、总体要求</p></div>".encode(), "page.txt", None),
    ("一、总体要求\n到2025年".encode(), "page.html", None),                     # no markup: plain text
    ("<!-- 注释 -->\n# 标题\n## 第一章 总则".encode(), None, None),            # a Markdown copy stays text
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "x.txt", "pdf"),
    (b"PK\x03\x04\x14\x00", "x", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "x.doc", "ole2"),
])
def test_detect(head, name, kind):
    assert detect(head, name) == kind


def test_other_binary_office_files_say_what_to_do():
    with pytest.raises(InputError, match=r"old binary Office file .*save it as \.docx"):
        convert(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "a.doc")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("content.xml", "<x/>")
    with pytest.raises(InputError, match="not a .docx"):
        convert(buf.getvalue(), "a.odt")


# ---------------------------------------------------------------- HTML

def test_html_saved_page_gb2312():
    """A hand-saved page (tests/data/convert/saved_page_gb2312.html): GB2312 label, IE comment, layout
    tables, nav, scripts, a data table with rowspan, <br> lines, entities."""
    data = (DATA / "saved_page_gb2312.html").read_bytes()
    c = convert(data, "saved_page_gb2312.html")
    assert (c.format, c.encoding) == ("html", "gb18030")
    lines = c.text.split("\n")
    assert "var" not in c.text and "font-size" not in c.text and "首页 | 机构" not in c.text   # script, style, nav
    assert "您当前的位置：首页\xa0>\xa0政务公开\xa0>\xa0政策文件" in lines                      # kept for split; &nbsp; kept
    assert any("来源：" in ln and "发布时间：" in ln for ln in lines)
    assert "【打印】【关闭】" in lines
    assert "一、总体要求" in lines and "（一）发展目标。" in lines                                # <br> lines
    assert "到2025年，全市服务业增加值达到1.5万亿元，“十四五”时期年均增长7%左右。" in lines     # entities, joined source lines
    assert "指标 | 单位 | 2020年 | 2025年" in lines
    assert "服务业增加值 | 亿元 | 10656 | 15000" in lines
    assert "服务业增加值 | 增速 | 7% | 7%左右" in lines                                          # rowspan repeated
    res = parse_bytes(data, path="saved_page_gb2312.html")
    doc = res.documents[0]
    assert doc.title == "某市人民政府关于印发某市现代服务业发展计划的通知"
    assert [s["marker"] for s in flatten_sections([s.model_dump() for s in doc.sections])][:3] == ["一、", "（一）", "二、"]
    assert any(t.value == 1.5 and t.unit == "万亿元" for t in doc.targets)
    noise = [c.text[a:b] for a, b in res.noise]                 # site lines kept as text, classified by split
    assert noise[0].startswith("您当前的位置") and "【打印】【关闭】" in noise


def test_html_charset_sniffed_when_label_is_wrong():
    page = '<html><head><meta charset="utf-8"></head><body><p>一、到2025年</p></body></html>'
    c = convert(page.encode("gbk"), "x.html")                  # labelled UTF-8, served as GBK
    assert (c.text, c.encoding) == ("一、到2025年", "gb18030")
    c = convert(b"\xff\xfe" + page.replace('charset="utf-8"', "").encode("utf-16-le"), "x.html")
    assert c.text == "一、到2025年"
    c = convert(page.encode("gbk"), "x.html", encoding="gb18030")   # --encoding wins
    assert c.text == "一、到2025年"


def test_html_layout_table_is_read_as_blocks():
    page = ("<html><body><table><tr><td><table><tr><td>菜单</td></tr></table></td>"
            "<td><p>一、总体要求</p><p>到2025年，达到100亿元。</p></td></tr></table></body></html>")
    assert convert(page.encode(), "x.html").text.split("\n") == ["菜单", "一、总体要求", "到2025年，达到100亿元。"]


# ---------------------------------------------------------------- DOCX

def _numbered_docx() -> bytes:
    """python-docx paragraphs numbered by Word (一、 / （一） / 1．), a table with a vertical merge."""
    import docx
    from docx.oxml import parse_xml
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(f"""<w:abstractNum {W} w:abstractNumId="90">
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
      <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
      <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="%3．"/><w:suff w:val="nothing"/></w:lvl>
    </w:abstractNum>"""))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def para(text, level=None):
        p = d.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    para("某市人民政府关于印发某市促进服务业发展若干措施的通知")
    para("总体要求", 0)
    para("发展目标。", 1)
    para("到2025年，全市服务业增加值达到1.5万亿元。", None)
    para("主要任务。", 1)
    para("培育市场主体。", 2)
    para("壮大产业集群。", 2)
    para("保障措施", 0)
    para("加强组织领导。", 1)
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["指标", "单位", "2025年"], ["服务业增加值", "亿元", "15000"], ["", "%", "7"]]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    t.cell(1, 0).merge(t.cell(2, 0))                          # vMerge restart / continue
    para("此件公开发布。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_numbering_and_tables_in_order():
    c = convert(_numbered_docx(), None)                        # stdin: no name, found by content
    assert c.format == "docx"
    assert c.text.split("\n") == [
        "某市人民政府关于印发某市促进服务业发展若干措施的通知",
        "一、总体要求", "（一）发展目标。", "到2025年，全市服务业增加值达到1.5万亿元。", "（二）主要任务。",
        "１．培育市场主体。", "２．壮大产业集群。", "二、保障措施", "（一）加强组织领导。",
        "指标 | 单位 | 2025年", "服务业增加值 | 亿元 | 15000", "服务业增加值 | % | 7",
        "此件公开发布。"]
    res = parse_bytes(_numbered_docx())
    markers = [s["marker"] for s in flatten_sections([s.model_dump() for s in res.documents[0].sections])]
    assert markers == ["一、", "（一）", "（二）", "１．", "２．", "二、", "（一）"]


def test_docx_damaged():
    data = _numbered_docx()
    with pytest.raises(InputError, match="damaged"):
        convert(data[: len(data) // 2], "cut.docx")            # no central directory
    with pytest.raises(InputError, match="damaged"):
        convert(data.replace(b"word/document.xml", b"word/document.xmX", 1), "bad.docx")


# ---------------------------------------------------------------- PDF

@needs_font
def test_pdf_furniture_is_noise_and_paragraphs_are_joined():
    seed = SEEDS[3]
    data = built(seed.stem, "pdf")
    c = convert(data, "plan.pdf")
    noise = [c.text[a:b] for a, b in c.noise]
    pages = c.text.count("重庆市人民政府行政规范性文件")
    assert pages > 20 and noise.count("重庆市人民政府行政规范性文件") == pages      # the running header
    assert {f"- {n} -" for n in range(1, pages + 1)} <= set(noise)                   # every page number
    assert all(len(n) < 20 for n in noise)                                            # nothing else
    lines = set(c.text.split("\n"))
    joined = {ln.replace(" ", "") for ln in lines}                       # "G DP": a Latin wrap gets a space
    n = 0
    for para in seed.read_text(encoding="utf-8").splitlines():                       # long paragraphs re-joined
        p = para.strip().replace(" ", "")
        if len(p) > 120 and p.endswith("。") and "|" not in p:
            assert any(p in ln or (ln in p and len(ln) > 100) for ln in joined), p[:40]
            n += 1
    assert n > 20
    assert "专栏1 重庆市现代服务业主要发展目标" in c.text.replace("\u2002", " ")
    assert "总量规模 | 1 | 服务业增加值 | 亿元 | 10656 | 14000 | 7%" in lines           # a ruled table row


@needs_font
def test_scanned_pdf_is_a_clear_error(tmp_path):
    data = cb.build_scanned_pdf()
    with pytest.raises(InputError, match=r"no text layer \(scanned\?\) — OCR it first"):
        parse_bytes(data, path="scan.pdf")
    f = tmp_path / "scan.pdf"
    f.write_bytes(data)
    out = runner.invoke(app, ["extract", str(f), "--quiet"])
    assert out.exit_code == 1 and "no text layer (scanned?) — OCR it first" in out.stderr
    out = runner.invoke(app, ["text", str(f)])
    assert out.exit_code == 1 and "OCR it first" in out.stderr and out.stdout == ""


def test_broken_pdf():
    with pytest.raises(InputError, match="not a readable PDF"):
        convert(b"%PDF-1.4\n" + bytes(range(256)) * 4, "broken.pdf")


# ---------------------------------------------------------------- cost

def test_converters_are_imported_lazily():
    """Plain text (and --version) never load lxml or pypdfium2."""
    code = ("import sys; from policyparse import parse_bytes; parse_bytes('一、总体要求'.encode()); "
            "print(sorted(m for m in ('lxml', 'pypdfium2', 'docx', 'fpdf') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
