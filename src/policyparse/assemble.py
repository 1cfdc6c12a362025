"""Records -> contract models: ids, section_id by position, texts sliced from the original."""
from __future__ import annotations

import hashlib

from collections.abc import Iterable, Iterator, Sequence

from .diagnostics import Diagnostic
from .models import Document, ParseResult, Source
from .outline import SectionIndex
from .records import DocHit, DutyHit, MetaHit, SectionHit, TableHit, TargetHit
from .spans import Span


def assemble(text: str, doc_id: str, doc: DocHit, meta: MetaHit, sections: Sequence[SectionHit],
             tables: Sequence[TableHit], targets: Iterable[TargetHit], duties: Sequence[DutyHit]) -> dict:
    """One document as a plain dict in the shape of models.Document (its section trees, targets and
    responsibilities as generators: to_document validates them one at a time)."""
    index = SectionIndex.of(sections)

    def sid(span: Span) -> str | None:
        s = index.at(span[0])
        return f"{doc_id}.{s.id}" if s else None

    return {
        "id": doc_id,
        "title": meta.title, "alt_titles": list(meta.alt_titles), "doc_number": meta.doc_number,
        "issuer": meta.issuer, "date": meta.date, "recipients": meta.recipients,
        "year": meta.year, "place": meta.place,
        "span": doc.span,
        "sections": _trees(doc_id, sections),
        "targets": _targets(text, doc_id, targets, sid),
        "responsibilities": (
            {"id": f"{doc_id}.r{k}", "section_id": sid(r.span), "task": r.task, "lead": list(r.lead),
             "support": list(r.support), "text": text[r.span[0]:r.span[1]], "span": r.span}
            for k, r in enumerate(duties, 1)),
        "tables": [
            {"id": f"{doc_id}.{t.id}", "label": t.label, "title": t.title, "section_id": sid(t.span),
             "columns": list(t.columns), "rows": [list(r) for r in t.rows], "items": list(t.items),
             "note": t.note, "span": t.span}
            for t in tables],
    }


def _targets(text: str, doc_id: str, targets: Iterable[TargetHit], sid) -> Iterator[dict]:
    """The targets' dicts, one at a time as validation takes them (on dense text the dicts of all targets never
    exist at once beside their models); targets that quote one sentence share its text (one str, one lookup
    of its section)."""
    span = quote = section = None
    prefix = f"{doc_id}.t"
    # (a TargetHit unpacked at once, in its fields' order: one per value on dense text, where 15 attribute
    # reads cost more than the dict they fill)
    for k, (tspan, value_span, year, indicator, value, value_max, unit, qualifier, normalized, direction,
            baseline, kind, headline) in enumerate(targets, 1):
        if tspan != span:
            span, quote, section = tspan, text[tspan[0]:tspan[1]], sid(tspan)
        yield {"id": f"{prefix}{k}", "section_id": section, "year": year, "indicator": indicator,
               "value": value, "value_max": value_max, "unit": unit, "qualifier": qualifier,
               "text": quote, "span": tspan, "value_span": value_span,
               "normalized": {"value": normalized[0], "unit": normalized[1]} if normalized else None,
               "direction": direction,
               "baseline": {"year": baseline.year, "value": baseline.value} if baseline else None,
               "kind": kind, "headline": headline}


def _trees(doc_id: str, sections: Sequence[SectionHit]) -> Iterator[dict]:
    """The section trees of a document, root by root, each built as validation reaches it: the sections come
    flat in document order, each after its parent (sections._tree), so a root's tree ends where the next root
    starts, and on heading-dense text the nodes of one tree at a time exist as dicts."""
    root: dict | None = None
    nodes: dict[str, dict] = {}
    for s in sections:
        node = {"id": f"{doc_id}.{s.id}", "marker": s.marker, "level": s.level, "title": s.title,
                "span": s.span, "title_span": s.title_span, "children": []}
        if s.parent in nodes:
            nodes[s.parent]["children"].append(node)
        else:
            if root is not None:
                yield root
            root, nodes = node, {}
        nodes[s.id] = node
    if root is not None:
        yield root


def let_go(items: list) -> Iterator:
    """The items of a list handed over, in order, each dropped from it once taken (the pipeline hands a
    document's target hits to assemble so: on dense text they then never all live beside their models)."""
    items.reverse()
    while items:
        yield items.pop()


def to_document(document: dict) -> Document:
    """One assembled document, validated (the pipeline validates each as soon as it is assembled)."""
    return Document.model_validate(document)


def to_model(text: str, documents: Sequence[dict | Document], noise: Sequence[Span],
             warnings: Sequence[Diagnostic], *, path: str | None, encoding: str, sha256: str | None) -> ParseResult:
    """Validate once, at the edge (documents already validated by to_document are taken as they are); the
    source's hash is the text's (UTF-8) unless the bytes' hash is given."""
    sha = sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return ParseResult(
        source=Source(path=path, sha256=sha, encoding=encoding, chars=len(text)),
        documents=[d if isinstance(d, Document) else Document.model_validate(d) for d in documents],
        noise=list(noise),
        warnings=[{"code": str(w.code), "message": w.message, "span": w.span} for w in warnings],
    )
