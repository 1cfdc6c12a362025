"""Build real-shaped HTML, DOCX and PDF files from a seed .txt (used by tests/test_convert.py and bench).

The seed's lines become paragraphs; every table the parser finds in the seed's .txt with columns and
rows (专栏1, the task-division table) becomes a real table (an HTML <table>, a Word table, a ruled
PDF table), the way the document was published before it was scraped to text:

- HTML: a GB2312-labelled page (bytes in GB18030, as the sites serve them) with a script, a style,
  a navigation bar, a breadcrumb, an <h1>, a 发布时间/来源 line, 【打印】【关闭】, a copyright
  footer; paragraphs in <p> (source lines wrapped inside long paragraphs, entities for nbsp and quotes).
- DOCX: python-docx paragraphs and tables, a page header and a page-number footer (not body text).
- PDF: fpdf2 with a CJK TrueType font (WenQuanYi Zen Hei or Noto CJK from Debian's fonts-* packages),
  A4, 16 pt body with paragraphs wrapped by the page width, a running header and "- N -" page numbers.
"""
from __future__ import annotations

import html
import io
from pathlib import Path

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)


def cjk_font() -> str | None:
    return next((f for f in FONT_CANDIDATES if Path(f).exists()), None)


def blocks(text: str) -> list[tuple]:
    """The seed as ("p", line) and ("table", rows) blocks, in order. Tables come from the parser's own
    reading of the .txt (columns + rows); the lines they were flattened into are replaced."""
    from policyparse import parse_text
    res = parse_text(text)
    tables = sorted((t for d in res.documents for t in d.tables if t.columns and t.rows), key=lambda t: t.span)
    out, pos = [], 0
    for t in tables:
        a, b = t.span
        out += [("p", ln) for ln in _lines(text[pos:a])]
        span_lines = _lines(text[a:b])
        if span_lines and (t.label or t.title) and (t.label or t.title) in span_lines[0]:
            out.append(("p", span_lines[0]))                     # 专栏1 title line above the table
        out.append(("table", [list(t.columns)] + [list(r) for r in t.rows]))
        out += [("p", ln) for ln in span_lines if ln.startswith(("注", "备注"))]
        pos = b
    out += [("p", ln) for ln in _lines(text[pos:])]
    return out


def _lines(s: str) -> list[str]:
    return [ln.rstrip() for ln in s.splitlines() if ln.strip()]


def head_lines(text: str) -> set[str]:
    """Lines the parser reads as a document's title (or alt title) or 发文字号: a PDF prints them centred."""
    from policyparse import parse_text
    heads: set[str] = set()
    titles = [t for d in parse_text(text).documents for t in (d.title, *d.alt_titles, d.doc_number) if t]
    for ln in _lines(text):
        s = ln.strip()
        if len(s) >= 4 and any(s in t for t in titles):
            heads.add(s)
    return heads


def first_title(text: str) -> str:
    from policyparse import parse_text
    docs = parse_text(text).documents
    return next((d.title for d in docs if d.title), "政策文件")


# ---------------------------------------------------------------- HTML

NAV = ["首页", "政务公开", "政策文件", "政策解读", "办事服务", "互动交流"]


def build_html(text: str, *, charset: str = "gb2312") -> bytes:
    title = first_title(text)
    body = []
    for kind, val in blocks(text):
        if kind == "p":
            body.append(f'<p style="text-indent:2em;">{_wrap(_esc(val))}</p>')
        else:
            rows = "\n".join("<tr>" + "".join(f"<td><p>{_esc(c)}</p></td>" for c in r) + "</tr>" for r in val)
            body.append(f'<table border="1" cellspacing="0" class="MsoTableGrid">\n<tbody>\n{rows}\n</tbody></table>')
    nav = "".join(f'<li><a href="/{i}/">{n}</a></li>' for i, n in enumerate(NAV))
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{_esc(title)}_重庆市人民政府网</title>
<style type="text/css">.content p {{ line-height: 2em; }} /* 一、不是正文 */</style>
<script type="text/javascript">var title = "一、总体要求"; document.write("<p>到2025年达到100亿元</p>");</script>
</head>
<body>
<div class="top"><a href="/">重庆市人民政府网</a></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政策文件</div>
<div class="article">
<h1>{_esc(title)}</h1>
<div class="info">发布时间：2020-09-03&nbsp;&nbsp;来源：市政府办公厅 【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="content" id="zoom">
{chr(10).join(body)}
</div>
<div class="tools">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
</div>
<div class="footer">版权所有：重庆市人民政府办公厅 &nbsp; 渝ICP备05003300号</div>
<noscript><p>请启用JavaScript</p></noscript>
</body>
</html>
"""
    return page.encode("gb18030")


def _esc(s: str) -> str:
    s = html.escape(s, quote=False)
    return s.replace("\xa0", "&nbsp;").replace("“", "&ldquo;").replace("”", "&rdquo;")


def _wrap(s: str, width: int = 60) -> str:
    """Long paragraphs wrapped in the page source, as CMS editors save them: a source line break
    after about `width` characters, where it falls between two Chinese characters."""
    out, last = [], 0
    for i in range(1, len(s)):
        if i - last >= width and _is_cjk(s[i - 1]) and _is_cjk(s[i]):
            out.append(s[last:i])
            last = i
    out.append(s[last:])
    return "\n".join(out)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# ---------------------------------------------------------------- DOCX

def build_docx(text: str) -> bytes:
    import docx
    from docx.shared import Pt
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(16)
    sec = d.sections[0]
    sec.header.paragraphs[0].text = "重庆市人民政府行政规范性文件"
    sec.footer.paragraphs[0].text = "— 1 —"
    for kind, val in blocks(text):
        if kind == "p":
            d.add_paragraph(val)
        else:
            ncol = max(len(r) for r in val)
            tbl = d.add_table(rows=len(val), cols=ncol)
            tbl.style = "Table Grid"
            for row, tr in zip(val, tbl.rows):                 # row.cells once per row: tbl.cell() is O(n)
                for cell, tc in zip(row, tr.cells):
                    tc.text = cell
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- PDF

def build_pdf(text: str, *, header: str = "重庆市人民政府行政规范性文件") -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace
    font = cjk_font()
    if font is None:
        raise RuntimeError("no CJK font: apt-get install fonts-wqy-zenhei")

    class Doc(FPDF):
        def header(self):
            self.set_font("cjk", size=10)
            self.set_y(12)
            self.cell(0, 6, header, align="C")
            self.set_y(self.t_margin)

        def footer(self):
            self.set_y(-18)
            self.set_font("cjk", size=12)
            self.cell(0, 8, f"- {self.page_no()} -", align="C")

    pdf = Doc(format="A4")
    pdf.set_margins(28, 30, 26)
    pdf.set_auto_page_break(True, margin=28)
    pdf.add_font("cjk", fname=font)
    pdf.add_page()
    heads = head_lines(text)
    for kind, val in blocks(text):
        if kind == "p" and val.strip() in heads:          # titles and 发文字号: centred, titles larger
            big = "号" not in val[-2:]
            pdf.set_font("cjk", size=20 if big else 16)
            pdf.multi_cell(0, 12 if big else 9, val.strip(), align="C", wrapmode="CHAR", new_x="LMARGIN", new_y="NEXT")
        elif kind == "p":                                   # body: a first-line indent of two characters
            pdf.set_font("cjk", size=16)
            pdf.multi_cell(0, 9, "\u3000\u3000" + val.strip(), align="L", wrapmode="CHAR",
                           new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("cjk", size=9)
            ncol = max(len(r) for r in val)
            widths = _col_widths(val, ncol)
            with pdf.table(col_widths=widths, line_height=5, first_row_as_headings=True,
                           headings_style=FontFace(emphasis=None), wrapmode="CHAR") as tbl:
                for row in val:
                    r = tbl.row()
                    for c in range(ncol):
                        r.cell(row[c] if c < len(row) else "")
    return bytes(pdf.output())


def _col_widths(rows: list[list[str]], ncol: int) -> tuple[int, ...]:
    longest = [max((len(r[c]) if c < len(r) else 0) for r in rows) for c in range(ncol)]
    return tuple(max(4, min(n, 40)) for n in longest)


def build_scanned_pdf() -> bytes:
    """An image-only PDF (a scan): one page holding a picture and no text."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw
    img = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(img)
    for y in range(80, 760, 24):
        draw.rectangle((60, y, 540, y + 10), fill=40)          # lines of "print"
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())
