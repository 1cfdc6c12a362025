"""The review page and the index page: a ParseResult and its source text -> one self-contained HTML file.

Reads the result and the text the spans index; never calls a stage. Everything the reader sees passes
through Jinja2 with autoescape on: text, titles, fields, table cells. The page's data for the field
inspector is a JSON block (Jinja's `tojson`, which escapes <, >, & and '), its one script is allowed by
its sha256 in the page's Content-Security-Policy, so even a mistake in escaping could not run a script
that came from a document.
"""
from __future__ import annotations

import base64
import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .marks import Event, Mark, events, merge

LEGEND = (  # kind, label, what the mark covers; the toggle group it belongs to
    ("heading", "section heading", "the heading's number and title", "heading"),
    ("target", "target", "the clause a target was read from", "target"),
    ("value", "target value", "the quantity as printed", "target"),
    ("indicator", "indicator", "the indicator's name, where it is printed as such", "target"),
    ("duty", "responsibility", "the task with its lead and supporting units", "duty"),
    ("table", "table", "a 专栏 box or a header-row table", "table"),
    ("warn", "warning", "the span a warning points at", "warn"),
    ("noise", "noise", "site boilerplate and stray lines", "noise"),
)
QUALIFIER = {"point": "=", "approx": "≈ 左右", "at_least": "≥ 以上", "at_most": "≤ 以下", "range": "range"}
_EOL = re.compile(r"\r\n|\r|\n")


@cache
def _env():
    import jinja2
    env = jinja2.Environment(loader=jinja2.PackageLoader("policyparse.review", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env


@cache
def _static(name: str) -> str:
    return resources.files("policyparse.review").joinpath("static", name).read_text(encoding="utf-8")


def _csp_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


@dataclass
class Chunk:
    """One block of the text pane: a document, or text between documents (noise, stray lines)."""
    doc_id: str | None
    label: str
    events: list[Event]
    blank: bool = False          # only white space: printed (nothing is left out) but not named


@dataclass
class PageModel:
    name: str
    source: dict
    documents: list[dict] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    duties: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    items: dict = field(default_factory=dict)          # item id -> {kind, label, fields} for the inspector
    counts: Counter = field(default_factory=Counter)   # marks per toggle kind


def _walk(sections):
    for s in sections:
        yield s
        yield from _walk(s.children)


def _num(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e15 else f"{v:g}"


class _Lines:
    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in _EOL.finditer(text)]

    def of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos)


def _indicator_span(text: str, t) -> tuple[int, int] | None:
    """Where the indicator is printed as such: its last occurrence on the target's line before the value
    (or inside the clause); None when the parser built the indicator from words that are not adjacent."""
    ind = t.indicator
    if not ind:
        return None
    a, b = t.span
    line_start = max(text.rfind("\n", 0, a), text.rfind("\r", 0, a)) + 1
    limit = max(b, t.value_span[0])
    i = text.rfind(ind, line_start, limit)
    return (i, i + len(ind)) if i >= 0 else None


def check_text(result, text: str, name: str) -> None:
    """Refuse a text that is not the one the result's spans index (its length, and its sha256 where the
    result records one): the page would mark the wrong characters."""
    if len(text) != result.source.chars:
        raise ValueError(f"{name}: the text has {len(text)} characters, the result indexes {result.source.chars}")
    want = result.source.text_sha256
    if want and hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != want:
        raise ValueError(f"{name}: the text is not the one the result's spans index (text_sha256 differs)")


def build(result, text: str, name: str) -> PageModel:
    """The page's model: chunks of events for the text pane, rows for the side panel, fields per item."""
    check_text(result, text, name)
    lines = _Lines(text)
    src = result.source
    pm = PageModel(name=name, source={"path": src.path or name, "format": src.format, "encoding": src.encoding,
                                      "characters": src.chars, "lines": len(lines.starts), "sha256": src.sha256,
                                      "schema": result.schema_version})
    marks: list[Mark] = []

    def item(iid: str, kind: str, label: str, span, fields: list) -> None:
        where = [] if span is None else [("span", f"[{span[0]}, {span[1]})"), ("line", str(lines.of(span[0])))]
        pm.items[iid] = {"kind": kind, "label": label,
                         "fields": [[k, v] for k, v in [*fields, *where] if v not in (None, "", [])]}

    for n, d in enumerate(result.documents, 1):
        dname = d.title or f"(document {n}, untitled)"
        doc = {"id": d.id, "n": n, "name": dname, "anchor": f"doc-{d.id}",
               "meta": [(k, v) for k, v in (
                   ("title", d.title), ("other titles", "；".join(d.alt_titles)), ("document number", d.doc_number),
                   ("issuer", d.issuer), ("date", d.date), ("recipients", d.recipients),
                   ("year", d.year), ("place", d.place), ("span", f"[{d.span[0]}, {d.span[1]})"),
                   ("lines", f"{lines.of(d.span[0])}–{lines.of(max(d.span[0], d.span[1] - 1))}"),
                   ) if v not in (None, "")],
               "outline": [], "counts": {}}
        titles = {}
        for s in _walk(d.sections):
            titles[s.id] = f"{s.marker}{s.title}"
            end = max(s.title_span[1], s.span[0] + len(s.marker))
            end = min(max(end, s.span[0]), s.span[1])
            marks.append(Mark(s.span[0], end, "heading", (s.id,), anchor=f"h-{s.id}"))
            item(s.id, "heading", f"{s.marker}{s.title}", s.span,
                 [("id", s.id), ("level", str(s.level)), ("marker", s.marker), ("title", s.title),
                  ("title span", f"[{s.title_span[0]}, {s.title_span[1]})")])

        def outline(nodes):
            return [{"id": s.id, "anchor": f"h-{s.id}", "label": f"{s.marker}{s.title}", "level": s.level,
                     "children": outline(s.children)} for s in nodes]
        doc["outline"] = outline(d.sections)

        for t in d.targets:
            marks.append(Mark(*t.span, "target", (t.id,)))
            marks.append(Mark(*t.value_span, "value", (t.id,)))
            ind = _indicator_span(text, t)
            if ind:
                marks.append(Mark(*ind, "indicator", (t.id,)))
            value = _num(t.value) + (f"–{_num(t.value_max)}" if t.value_max is not None else "")
            pm.targets.append({"id": t.id, "doc": n, "year": t.year, "indicator": t.indicator, "value": value,
                               "sort_value": t.normalized.value if t.normalized else t.value, "unit": t.unit,
                               "qualifier": t.qualifier, "headline": t.headline,
                               "section": titles.get(t.section_id or "", ""), "line": lines.of(t.span[0])})
            item(t.id, "target", f"{t.indicator} {value}{t.unit}", t.span,
                 [("id", t.id), ("year", _num(t.year)), ("indicator", t.indicator), ("value", value),
                  ("unit", t.unit), ("qualifier", f"{t.qualifier} ({QUALIFIER.get(t.qualifier, '')})"),
                  ("headline", "yes" if t.headline else "no"),
                  ("normalized", f"{_num(t.normalized.value)} {t.normalized.unit}" if t.normalized else None),
                  ("direction", t.direction), ("kind", t.kind),
                  ("baseline", f"{_num(t.baseline.value)} ({t.baseline.year or 'no year'})" if t.baseline else None),
                  ("section", titles.get(t.section_id or "", t.section_id)), ("text", t.text),
                  ("value as printed", text[t.value_span[0]:t.value_span[1]]),
                  ("value span", f"[{t.value_span[0]}, {t.value_span[1]})")])
        for r in d.responsibilities:
            marks.append(Mark(*r.span, "duty", (r.id,)))
            pm.duties.append({"id": r.id, "doc": n, "task": r.task, "lead": "、".join(r.lead),
                              "support": "、".join(r.support), "line": lines.of(r.span[0])})
            item(r.id, "duty", r.task, r.span,
                 [("id", r.id), ("task", r.task), ("lead", "、".join(r.lead)), ("support", "、".join(r.support)),
                  ("section", titles.get(r.section_id or "", r.section_id)), ("text", r.text)])
        for tb in d.tables:
            marks.append(Mark(*tb.span, "table", (tb.id,)))
            caption = " ".join(x for x in (tb.label, tb.title) if x) or tb.id
            pm.tables.append({"id": tb.id, "doc": n, "caption": caption, "columns": tb.columns, "rows": tb.rows,
                              "item_list": tb.items, "note": tb.note, "line": lines.of(tb.span[0])})
            item(tb.id, "table", caption, tb.span,
                 [("id", tb.id), ("label", tb.label), ("title", tb.title), ("columns", "｜".join(tb.columns)),
                  ("rows", str(len(tb.rows)) if tb.columns else None),
                  ("items", str(len(tb.items)) if tb.items else None), ("note", tb.note),
                  ("section", titles.get(tb.section_id or "", tb.section_id))])
        doc["counts"] = {"sections": len(titles), "targets": len(d.targets), "duties": len(d.responsibilities),
                         "tables": len(d.tables)}
        pm.documents.append(doc)

    for n, (a, b) in enumerate(result.noise, 1):
        marks.append(Mark(a, b, "noise", (f"n{n}",)))
        item(f"n{n}", "noise", "noise", (a, b), [("text", text[a:b][:200])])
    for n, w in enumerate(result.warnings, 1):
        wid = f"w{n}"
        if w.span is not None:
            marks.append(Mark(*w.span, "warn", (wid,)))
        pm.warnings.append({"id": wid, "code": w.code, "message": w.message, "has_span": w.span is not None,
                            "line": lines.of(w.span[0]) if w.span else None})
        item(wid, "warn", w.code, w.span, [("code", w.code), ("message", w.message)])

    marks = merge([m for m in marks if 0 <= m.start <= m.end <= len(text)])
    keys = {m: i for i, m in enumerate(marks)}
    pm.counts.update(m.kind for m in marks)
    pm.chunks = _chunks(result, text, marks, keys)
    return pm


def _chunks(result, text: str, marks: list[Mark], keys: dict) -> list[Chunk]:
    out: list[Chunk] = []
    pos = 0
    docs = sorted(result.documents, key=lambda d: d.span[0])
    for n, d in enumerate(docs, 1):
        a, b = d.span
        if a > pos:
            out.append(Chunk(None, "outside the documents", events(text, marks, pos, a, keys, last=False),
                             blank=not text[pos:a].strip()))
        final = b >= len(text)
        out.append(Chunk(d.id, d.title or f"(document {n}, untitled)", events(text, marks, a, b, keys, last=final)))
        pos = max(pos, b)
    if pos < len(text) or not out:   # the text after the last document (or all of it, when none was found)
        out.append(Chunk(None, "outside the documents" if docs else "text (no document found)",
                         events(text, marks, pos, len(text), keys), blank=bool(docs) and not text[pos:].strip()))
    return out


def render_page(result, text: str, *, name: str) -> str:
    """The self-contained HTML review page of one parsed input."""
    from .. import __version__
    pm = build(result, text, name)
    script = _static("review.js")
    return _env().get_template("page.html.j2").render(
        pm=pm, css=_markup(_static("review.css")), script=_markup(script), script_hash=_csp_hash(script),
        legend=LEGEND, version=__version__)


def _markup(s: str):
    from markupsafe import Markup
    return Markup(s)


def counts(result) -> dict:
    """What the index page shows per input: documents, sections, targets, responsibilities, tables, and
    the warnings by code."""
    docs = result.documents
    return {"documents": len(docs), "sections": sum(sum(1 for _ in _walk(d.sections)) for d in docs),
            "targets": sum(len(d.targets) for d in docs),
            "responsibilities": sum(len(d.responsibilities) for d in docs),
            "tables": sum(len(d.tables) for d in docs),
            "warnings": dict(sorted(Counter(w.code for w in result.warnings).items()))}


def render_index(entries: list[dict], *, title: str) -> str:
    """The index page: one row per input, `entries` = {source, page (relative link) or None, counts or None,
    error or None}."""
    from .. import __version__
    total = Counter()
    codes = Counter()
    for e in entries:
        if e.get("counts"):
            c = e["counts"]
            total.update({k: v for k, v in c.items() if k != "warnings"})
            codes.update(c["warnings"])
    return _env().get_template("index.html.j2").render(
        entries=entries, title=title, total=total, codes=dict(sorted(codes.items())),
        css=_markup(_static("review.css")), version=__version__)
