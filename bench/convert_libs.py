#!/usr/bin/env python3
"""Why convert/ uses lxml, the standard library and pypdfium2: the candidates measured side by side.

Not part of `make bench` (the alternatives are not dependencies). To rerun:
    .venv/bin/pip install selectolax pdfminer.six pypdf beautifulsoup4
    .venv/bin/python bench/convert_libs.py
Inputs: the five seeds published as HTML / DOCX / PDF by tests/convert_build.py. For each candidate:
CPU seconds per MB of input (best of 3 after a warm-up), and the cold import in a fresh process.
The candidates do less than convert/ (no tables, no furniture, no paragraph joining) unless said.
"""
from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))


def cpu(fn, files, repeat=3) -> float:
    fn(files[0][1])
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for _, b in files:
            fn(b)
        best = min(best, time.process_time() - t)
    return best


def cold_import(stmt: str) -> float:
    code = f"import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(3))


# ---------------------------------------------------------------- HTML candidates

def html_ours(b):
    from policyparse.convert.html import html_to_text
    return html_to_text(b, "x").text


def html_lxml_parse_only(b):
    from lxml import etree
    return etree.fromstring(b.decode("gb18030"), etree.HTMLParser())


def html_selectolax(b):
    from selectolax.lexbor import LexborHTMLParser
    tree = LexborHTMLParser(b.decode("gb18030"))
    for n in tree.css("script, style, nav"):
        n.decompose()
    return tree.body.text(separator="\n")


def html_stdlib(b):
    from html.parser import HTMLParser

    class P(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.out, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                self.skip += 1
            elif tag in ("p", "div", "br", "tr", "li", "h1"):
                self.out.append("\n")

        def handle_endtag(self, tag):
            if tag in ("script", "style"):
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                self.out.append(data)

    p = P()
    p.feed(b.decode("gb18030"))
    return "".join(p.out)


def html_bs4(b):
    from bs4 import BeautifulSoup
    return BeautifulSoup(b.decode("gb18030"), "lxml").get_text("\n")


# ---------------------------------------------------------------- DOCX candidates

def docx_ours(b):
    from policyparse.convert.docx import docx_to_text
    return docx_to_text(b, "x").text


def docx_python_docx(b):
    import docx
    d = docx.Document(io.BytesIO(b))
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        out += [" | ".join(c.text for c in row.cells) for row in t.rows]
    return "\n".join(out)


# ---------------------------------------------------------------- PDF candidates

def pdf_ours(b):
    from policyparse.convert.pdf import pdf_to_text
    return pdf_to_text(b, "x").text


def pdf_pdfium_plain(b):
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(b)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def pdf_pdfminer(b):
    from pdfminer.high_level import extract_text
    return extract_text(io.BytesIO(b))


def pdf_pypdf(b):
    import pypdf
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(b)).pages)


CANDIDATES = {
    "html": [("convert/html.py (lxml, full converter)", html_ours, "import lxml.etree"),
             ("lxml parse only", html_lxml_parse_only, "import lxml.etree"),
             ("selectolax (lexbor) text()", html_selectolax, "import selectolax.lexbor"),
             ("stdlib html.parser", html_stdlib, "import html.parser"),
             ("BeautifulSoup(lxml) get_text", html_bs4, "import bs4")],
    "docx": [("convert/docx.py (zipfile + ElementTree)", docx_ours, "import zipfile, xml.etree.ElementTree"),
             ("python-docx paragraphs + tables", docx_python_docx, "import docx")],
    "pdf": [("convert/pdf.py (pypdfium2 + boxes, full converter)", pdf_ours, "import pypdfium2, pypdfium2.raw"),
            ("pypdfium2 get_text_range only", pdf_pdfium_plain, "import pypdfium2"),
            ("pdfminer.six extract_text (layout)", pdf_pdfminer, "import pdfminer.high_level"),
            ("pypdf extract_text", pdf_pypdf, "import pypdf")],
}


def main() -> int:
    import convert_build as cb
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
    build = {"html": cb.build_html, "docx": cb.build_docx, "pdf": cb.build_pdf}
    for fmt, cands in CANDIDATES.items():
        files = [(n, build[fmt](t)) for n, t in seeds]
        size = sum(len(b) for _, b in files) / 1e6
        print(f"{fmt}: {len(files)} files, {size:.2f} MB")
        for label, fn, stmt in cands:
            try:
                sec = cpu(fn, files)
            except ImportError as exc:
                print(f"  {label:52} not installed ({exc.name})")
                continue
            print(f"  {label:52} {size / sec:7.2f} MB/s of input (CPU)   cold import {cold_import(stmt) * 1000:5.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
