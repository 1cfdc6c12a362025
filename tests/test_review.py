"""`policyparse review`: the page builder (pure), the command, and the pages in headless Chromium.

The browser tests drive Debian's /usr/bin/chromium over the DevTools protocol (tests/review/cdp.py, no
third-party driver). `make test` and `.ci/run` install Chromium when it is missing, so these tests fail,
never skip, on a machine without it.
"""
from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from policyparse import parse_file, parse_text
from policyparse.cli import app
from policyparse.review import check_text, render_page, source_text
from policyparse.review.marks import KINDS, Mark, events, merge
from policyparse.review.page import _csp_hash, _static, _walk, build, counts

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "review"))
from cdp import CHROMIUM, Browser  # noqa: E402

SEEDS = sorted((HERE.parent / "data" / "raw").glob("*.txt"))
LARGEST_REAL = HERE / "review" / "data" / "hfs_guowuyuanguanyuyinfashisanwushengtaihuan.txt"
# line ends and encodings the seeds lack: CRLF, CR alone, GB18030, UTF-16
ODD = [HERE / "heldout" / "raw" / n for n in ("02_linyi_14th_plan.txt", "06_dalian_shangwu_2025.txt",
                                              "08_xinjiang_lenglian_2019.txt", "10_luyi_web_2017.txt")]

HOSTILE = (
    "关于<script>window.__pp_pwned=1</script>的通知\n"
    "各区县：\n"
    "一、总体要求<img src=x onerror=\"window.__pp_pwned=2\">\n"
    "（一）发展目标。到2025年，全市<b>软件业务收入</b>达100亿元以上（牵头单位：市经济信息委<script>window.__pp_pwned=3"
    "</script>；配合单位：市财政局）。\n"
    "二、</pre></section><script>window.__pp_pwned=4</script>保障措施\n"
    "\"'&amp; <!-- --> ]]> </script><svg onload=\"window.__pp_pwned=5\"></svg>\n"
)


def _as_dom(s: str) -> str:
    """What the HTML parser makes of the text's line ends (CRLF and CR become LF)."""
    return s.replace("\r\n", "\n").replace("\r", "\n")


# -- marks: the nesting of overlapping spans (pure) ---------------------------------------------------

@st.composite
def _marked_text(draw):
    text = draw(st.text(alphabet="ab\n中文", min_size=0, max_size=40))
    n = len(text)
    marks = []
    for i in range(draw(st.integers(0, 8))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        marks.append(Mark(a, b, draw(st.sampled_from(KINDS)), (f"x{i}",)))
    cut = sorted(draw(st.lists(st.integers(0, n), max_size=3)))
    return text, merge(marks), [0, *cut, n]


@settings(max_examples=300, deadline=None)
@given(_marked_text())
def test_events_nest_and_keep_every_mark_text(case):
    text, marks, cuts = case
    keys = {m: i for i, m in enumerate(marks)}
    printed, pieces, anchors = [], {}, Counter()
    for n, (lo, hi) in enumerate(zip(cuts, cuts[1:]), 1):
        stack = []
        for e in events(text, marks, lo, hi, keys, last=n == len(cuts) - 1):
            if e.op == "t":
                printed.append(e.text)
                for k in stack:
                    pieces[k] = pieces.get(k, "") + e.text
            elif e.op == "o":
                assert e.k not in stack
                stack.append(e.k)
                pieces.setdefault(e.k, "")
            elif e.op == "c":
                stack.pop()
            else:
                anchors[e.k] += 1
        assert stack == []                                            # every segment closed in its chunk
    assert "".join(printed) == text                                   # the text once, in order
    for m in marks:
        if m.start == m.end:
            assert anchors[keys[m]] == 1
        else:
            assert pieces[keys[m]] == text[m.start:m.end]             # the segments add up to the span


def test_outer_marks_stay_whole_and_crossing_ones_split():
    text = "到2025年全市收入达100亿元以上"
    marks = merge([Mark(0, len(text), "duty", ("r1",)), Mark(7, len(text), "target", ("t1",)),
                   Mark(9, 17, "value", ("t1",)), Mark(3, 11, "warn", ("w1",))])
    keys = {m: i for i, m in enumerate(marks)}
    opens = Counter(e.kind for e in events(text, marks, 0, len(text), keys) if e.op == "o")
    assert opens == {"duty": 1, "target": 1, "value": 1, "warn": 3}     # only the warning is cut (at 7 and 9)


# -- the page as HTML (no browser) --------------------------------------------------------------------

def test_hostile_text_is_escaped_everywhere():
    result = parse_text(HOSTILE)
    html = render_page(result, HOSTILE, name="<script>x</script>.txt")
    assert len(re.findall(r"<script\b", html, re.I)) == 2                # the data block and the page's script
    assert not re.search(r"<(img|svg)\b", html, re.I) and "<b>软件业务收入</b>" not in html
    assert "</pre></section><script>" not in html
    assert "&lt;script&gt;window.__pp_pwned=1&lt;/script&gt;" in html
    data = re.search(r'<script type="application/json" id="pp-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data and json.loads(data)                         # tojson escapes < > & '


def test_the_script_is_allowed_by_its_hash_only():
    html = render_page(parse_text("一、总体要求\n"), "一、总体要求\n", name="a.txt")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert f"script-src '{_csp_hash(_static('review.js'))}'" in csp and "unsafe-inline" not in csp.split("script-src")[1]
    assert "default-src 'none'" in csp
    assert not re.search(r"\b(src|href)=\"(https?:)?//", html)           # nothing fetched from a network


def test_the_text_must_be_the_one_the_spans_index():
    result = parse_text("一、总体要求\n到2025年，收入达100亿元。\n")
    with pytest.raises(ValueError, match="characters"):
        check_text(result, "一、总体要求\n", "a.txt")


def test_seed_page_model_marks_every_item():
    path = SEEDS[-1]
    result = parse_file(path)
    pm = build(result, source_text(path), path.name)
    n_targets = sum(len(d.targets) for d in result.documents)
    n_duties = sum(len(d.responsibilities) for d in result.documents)
    assert len(pm.targets) == n_targets and len(pm.duties) == n_duties
    assert len(pm.chunks) >= len(result.documents) > 1
    assert {d.id for d in result.documents} <= {c.doc_id for c in pm.chunks}


# -- the command --------------------------------------------------------------------------------------

def test_review_a_directory_writes_pages_and_an_index(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for p in SEEDS[:2]:
        (src / p.name).write_bytes(p.read_bytes())
    (src / "sub" / SEEDS[0].name).write_bytes(SEEDS[0].read_bytes())     # same stem in a subfolder
    (src / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    r = CliRunner().invoke(app, ["review", str(src), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1                                              # one input failed, the rest written
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted([f"{SEEDS[0].stem}.html", f"{SEEDS[0].stem}.2.html", f"{SEEDS[1].stem}.html",
                            "index.html"])
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    c = counts(parse_file(SEEDS[1]))
    row = re.search(rf'<a href="{SEEDS[1].stem}.html">.*?</tr>', index, re.S).group(0)
    assert [int(x) for x in re.findall(r'<td class="num">(\d+)</td>', row)] == [
        c["documents"], c["sections"], c["targets"], c["responsibilities"], c["tables"]]
    for code, n in c["warnings"].items():
        assert f"<code>{code}</code> {n}" in row
    assert "bad.txt" in index and "not a text file" in index


def test_review_one_file_to_a_html_path(tmp_path):
    out = tmp_path / "deep" / "page.html"
    r = CliRunner().invoke(app, ["review", str(SEEDS[0]), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    r = CliRunner().invoke(app, ["review", str(SEEDS[0]), str(SEEDS[1]), "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2


# -- in the browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` and .ci/run install it (apt-get install chromium)")
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Review pages of the seeds, the largest real document and the hostile text, written by the command."""
    folder = tmp_path_factory.mktemp("review-pages")
    raw = folder / "in"
    raw.mkdir()
    for p in [*SEEDS, LARGEST_REAL, *ODD]:
        (raw / p.name).write_bytes(p.read_bytes())
    (raw / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (raw / '<img src=x onerror="window.__pp_pwned=9">.txt').write_text(HOSTILE, encoding="utf-8")
    r = CliRunner().invoke(app, ["review", str(raw), "-o", str(folder / "out")])
    assert r.exit_code == 0, r.output
    return folder / "out"


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    d = tmp_path_factory.getbasetemp() / "review-screenshots"
    d.mkdir(exist_ok=True)
    return d


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _shot(page, path: Path) -> None:
    """A screenshot of the page, checked to be a PNG the size of the window."""
    page.screenshot(path)
    assert _png_size(path) == (1400, 900)


def _open(browser, page_file: Path, width=1400, height=900):
    page = browser.page(width, height)
    page.goto(page_file.as_uri())
    assert page.eval("typeof window.__ppReady") == "number", page.console_errors
    return page


MARK_TEXTS = """(() => {
  const byId = {};
  for (const kind of ['target', 'duty']) {
    const seg = {};
    for (const el of document.querySelectorAll('#text .k-' + kind)) {
      seg[el.dataset.k] = (seg[el.dataset.k] || {ids: el.dataset.ids.split(' '), text: ''});
      seg[el.dataset.k].text += el.textContent;
    }
    for (const s of Object.values(seg)) for (const id of s.ids) (byId[id] = byId[id] || []).push(s.text);
  }
  return byId;
})()"""


@pytest.mark.browser
@pytest.mark.parametrize("seed", [*SEEDS, LARGEST_REAL, *ODD], ids=lambda p: p.stem[:12])
def test_every_target_and_responsibility_has_its_mark(browser, pages, seed):
    result = parse_file(seed)
    text = source_text(seed)
    with closing(_open(browser, pages / f"{seed.stem}.html")) as page:
        marks = page.eval(MARK_TEXTS)
        items = [x for d in result.documents for x in (*d.targets, *d.responsibilities)]
        assert items, "a seed with nothing to check"
        missing = [(x.id, text[x.span[0]:x.span[1]]) for x in items
                   if _as_dom(text[x.span[0]:x.span[1]]) not in marks.get(x.id, [])]
        assert not missing
        assert page.console_errors == []


def _in_view(page, element_js: str) -> bool:
    return page.eval(f"""(() => {{
        const el = {element_js}, pane = document.getElementById('text');
        const r = el.getBoundingClientRect(), p = pane.getBoundingClientRect();
        return r.top >= p.top && r.bottom <= p.bottom && r.height > 0;
    }})()""")


@pytest.mark.browser
def test_outline_click_scrolls_the_heading_into_view(browser, pages, shots):
    result = parse_file(SEEDS[-1])
    last = result.documents[-1].sections[-1]                  # far down a 7-document file
    with closing(_open(browser, pages / f"{SEEDS[-1].stem}.html")) as page:
        heading = f"document.getElementById('h-{last.id}')"
        assert not _in_view(page, heading)
        page.click(f'#tab-outline a[data-section="{last.id}"]')
        time.sleep(0.2)
        assert _in_view(page, heading)
        assert page.eval(f"{heading}.textContent") == f"{last.marker}{last.title}"
        assert page.eval(f"{heading}.classList.contains('flash')")
        assert page.console_errors == []


@pytest.mark.browser
def test_targets_table_sorts_and_a_row_goes_to_its_value(browser, pages, shots):
    seed = SEEDS[-1]
    result = parse_file(seed)
    with closing(_open(browser, pages / f"{seed.stem}.html")) as page:
        page.click('#tabs button[data-tab="targets"]')
        assert page.eval("document.getElementById('tab-targets').hidden") is False
        # sort by value: the numeric sort keys ascend (then descend on a second click)
        col = page.eval("[...document.querySelectorAll('#targets-table thead th')].findIndex(th => th.textContent == 'value')")
        page.click(f"#targets-table thead th:nth-child({col + 1})")
        values = page.eval(f"[...document.querySelectorAll('#targets-table tbody tr')].map(r => parseFloat(r.cells[{col}].dataset.v))")
        assert values == sorted(values) and len(values) == sum(len(d.targets) for d in result.documents)
        page.click(f"#targets-table thead th:nth-child({col + 1})")
        values = page.eval(f"[...document.querySelectorAll('#targets-table tbody tr')].map(r => parseFloat(r.cells[{col}].dataset.v))")
        assert values == sorted(values, reverse=True)
        # a row far down the text: click -> its value mark is scrolled into view and flashes
        t = result.documents[-1].targets[-1]
        value = f"document.querySelector('#text .k-value[data-ids~=\"{t.id}\"]')"
        page.eval("document.getElementById('text').scrollTop = 0")
        assert not _in_view(page, value)
        page.click(f'#targets-table tr[data-item="{t.id}"]')
        time.sleep(0.2)
        assert _in_view(page, value)
        assert page.eval(f"{value}.classList.contains('flash')")
        assert page.eval(f"{value}.textContent") == _as_dom(source_text(seed)[t.value_span[0]:t.value_span[1]])
        # a click on a mark shows its fields
        page.eval("document.getElementById('inspector').hidden = true")
        page.click(f'#text .k-value[data-ids~="{t.id}"]')
        shown = page.eval("document.getElementById('inspector').hidden ? null : document.getElementById('inspector-body').innerText")
        assert shown and t.indicator in shown and t.id in shown and t.unit in shown
        _shot(page, shots / "review-004-target-clicked.png")
        assert page.console_errors == []


@pytest.mark.browser
def test_toggles_search_and_warnings(browser, pages):
    seed = SEEDS[-1]
    text = source_text(seed)
    result = parse_file(seed)
    with closing(_open(browser, pages / f"{seed.stem}.html")) as page:
        bg = "getComputedStyle(document.querySelector('#text .k-value')).backgroundColor"
        assert page.eval(bg) != "rgba(0, 0, 0, 0)"
        page.click('#legend input[data-toggle="target"]')
        assert page.eval("document.body.classList.contains('hide-target')")
        assert page.eval(bg) == "rgba(0, 0, 0, 0)"
        # search: every occurrence found, across mark boundaries
        needle = "服务业"
        page.click("#q")
        page.type_text(needle)
        page.key("Enter", keycode=13)
        time.sleep(0.3)
        assert page.eval("document.getElementById('q-count').textContent") == f"1 / {text.count(needle)}"
        assert page.eval("CSS.highlights.get('pp-search').size") == text.count(needle)
        # a warning with a span: click -> the span is in view
        n, w = next((n, w) for n, w in enumerate(result.warnings, 1) if w.span and w.span[0] > 20000)
        page.click('#tabs button[data-tab="warnings"]')
        page.eval("document.getElementById('text').scrollTop = 0")
        page.click(f'#tab-warnings li[data-item="w{n}"]')
        time.sleep(0.2)
        assert _in_view(page, f"document.querySelector('#text .k-warn[data-ids~=\"w{n}\"]')")
        # tables are real tables
        assert page.eval("document.querySelectorAll('#tab-tables table.data').length") == sum(
            1 for d in result.documents for tb in d.tables if tb.columns)
        assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("name", ["hostile", '<img src=x onerror="window.__pp_pwned=9">', "index"])
def test_hostile_input_executes_nothing(browser, pages, shots, name):
    with closing(_open(browser, pages / f"{name}.html") if name != "index" else browser.page()) as page:
        if name == "index":
            page.goto((pages / "index.html").as_uri())
            page.click("#files a")                                 # follow a link to a hostile page
            time.sleep(0.5)
        assert page.eval("typeof window.__pp_pwned") == "undefined"
        assert page.eval("document.querySelectorAll('img, svg, iframe, object, embed, #text b').length") == 0
        if name == "index":
            return
        assert page.eval("document.scripts.length") == 2
        shown = page.eval("document.getElementById('text').textContent")
        for piece in ("<script>window.__pp_pwned=1</script>", '<img src=x onerror="window.__pp_pwned=2">',
                      "</pre></section><script>window.__pp_pwned=4</script>"):
            assert piece in shown
        page.click('#tabs button[data-tab="duties"]')
        page.click("#tab-duties li.go")                          # inspector shows the hostile unit as text
        assert "<script>window.__pp_pwned=3</script>" in page.eval("document.getElementById('inspector-body').textContent")
        assert page.eval("typeof window.__pp_pwned") == "undefined"
        if name == "hostile":
            _shot(page, shots / "review-hostile.png")
        assert page.console_errors == []


@pytest.mark.browser
def test_largest_real_document_page_loads_without_errors(browser, pages, shots):
    with closing(_open(browser, pages / f"{LARGEST_REAL.stem}.html")) as page:
        result = parse_file(LARGEST_REAL)
        ids = page.eval("[...new Set([...document.querySelectorAll('#text .k-target')].flatMap(e => e.dataset.ids.split(' ')))]")
        assert sorted(ids) == sorted(t.id for d in result.documents for t in d.targets) and len(ids) > 50
        assert page.eval("document.querySelectorAll('#tab-outline a[data-section]').length") == sum(
            1 for d in result.documents for _ in _walk(d.sections))
        _shot(page, shots / "review-largest-real.png")
        assert page.console_errors == []


@pytest.mark.browser
def test_a_text_without_documents_and_an_empty_warning_span(browser, tmp_path):
    text = "这是一句话。\n"
    result = parse_text(text)
    result = result.model_copy(update={"documents": [], "warnings": [*result.warnings, type(result).model_validate(
        {"source": result.source.model_dump(), "warnings": [{"code": "text.unassigned", "message": "m",
                                                             "span": [3, 3]}]}).warnings[0]]})
    page_file = tmp_path / "p.html"
    page_file.write_text(render_page(result, text, name="p.txt"), encoding="utf-8")
    with closing(_open(browser, page_file)) as page:
        assert page.eval("[...document.querySelectorAll('pre.src')].map(p => p.textContent).join('')") == text
        assert "no document found" in page.eval("document.getElementById('text').textContent")
        n = len(result.warnings)
        assert page.eval(f"document.querySelectorAll('#text .k-warn.anchor[data-ids~=\"w{n}\"]').length") == 1
        page.click('#tabs button[data-tab="warnings"]')
        page.click(f'#tab-warnings li[data-item="w{n}"]')
        assert "text.unassigned" in page.eval("document.getElementById('inspector-body').textContent")
        assert page.console_errors == []
