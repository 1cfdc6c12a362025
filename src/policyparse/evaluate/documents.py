"""One file: reading a prediction's documents, pairing them with the gold documents, metadata, and
`score_file`, which scores every area of every pair (SPEC §7).

Documents are paired by affinity (发文字号, title, shared section titles, shared target values); an
unpaired gold document is scored against an empty one, and the sections, targets and
responsibilities of an unpaired predicted document all count as false positives.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .areas import count_headlines, score_responsibilities, score_sections, score_targets
from .fold import base_quantity, dice, fold, fold_title
from .tables import score_tables
from .tally import META_FIELDS, DocTally, MetaTally, Miss, Score

# ---------------------------------------------------------------- reading predictions


def flatten_sections(nodes: Iterable[dict] | None) -> list[dict]:
    """Pre-order list of a section tree (predictions nest; gold is flat already).

    >>> [s["title"] for s in flatten_sections([{"title": "a", "children": [{"title": "b"}]}, {"title": "c"}])]
    ['a', 'b', 'c']
    """
    out: list[dict] = []
    stack = list(reversed(list(nodes or [])))
    while stack:                                  # iterative: a deep tree cannot overflow
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.get("children") or []))
    return out


def pred_documents(obj: Any) -> list[dict]:
    """The documents of a prediction: a ParseResult dict, a list of them, or a bare document.

    >>> len(pred_documents([{"documents": [{}, {}]}, {"sections": []}])), pred_documents(None)
    (3, [])
    """
    match obj:
        case list():
            return [d for o in obj for d in pred_documents(o)]
        case dict() if "documents" in obj:                 # a ParseResult
            return list(obj["documents"] or [])
        case dict() if "sections" in obj or "targets" in obj:
            return [obj]                                   # a document
        case _:
            return []


# ---------------------------------------------------------------- metadata

def issuer_matches(gold: Any, pred: Any) -> bool:
    """Equal, or the longer ends with the shorter of at least 4 characters (a place name dropped).

    >>> issuer_matches("重庆市万盛经开区管委会", "万盛经开区管委会"), issuer_matches("重庆市人民政府", "人民政府")
    (True, True)
    >>> issuer_matches("合川区人民政府", "政府"), issuer_matches("市政府", None)
    (False, False)
    """
    a, b = sorted((fold(gold), fold(pred)), key=len)
    return a == b or (len(a) >= 4 and b.endswith(a))


def meta_matches(name: str, gold: Any, pred_doc: dict | None) -> bool:
    """Title: the title or an alt_title (fold_title); issuer: issuer_matches; others: fold() equal.

    >>> meta_matches("title", "A方案（2021—2023年）", {"title": "x", "alt_titles": ["A方案(2021-2023年)"]})
    True
    """
    pd = pred_doc or {}
    if name == "title":
        want = fold_title(gold)
        return any(fold_title(c) == want for c in [pd.get("title"), *(pd.get("alt_titles") or [])] if c)
    if name == "issuer":
        return issuer_matches(gold, pd.get("issuer"))
    return fold(pd.get(name)) == fold(gold)


def score_meta(gold: dict, pred: dict | None, doc: str) -> tuple[MetaTally, list[Miss]]:
    tally, misses = MetaTally(), []
    for name in META_FIELDS:
        g = gold.get(name)
        if g in (None, ""):
            continue                                             # gold says nothing: not scored
        setattr(tally, f"{name}_n", 1)
        if meta_matches(name, g, pred):
            setattr(tally, f"{name}_ok", 1)
        else:
            misses.append(Miss("meta", "differs", doc, gold=f"{name} {g!r}",
                               pred=f"{name} {(pred or {}).get(name)!r}"))
    return tally, misses


# ---------------------------------------------------------------- documents

def overlap(a: set, b: set) -> float:
    """|a ∩ b| / |a ∪ b|; 0 when either is empty.

    >>> overlap({1, 2}, {2, 3}), overlap(set(), {1})
    (0.3333333333333333, 0.0)
    """
    return len(a & b) / len(a | b) if a and b else 0.0


def heading_keys(sections: Iterable[dict]) -> set[str]:
    """The first 12 characters of each section title (fold_title): what documents share in outline."""
    return {fold_title(s.get("title"))[:12] for s in sections}


def quantities(doc: dict) -> set[tuple[float, str]]:
    """The target quantities of a document in base units."""
    return {base_quantity(t.get("value"), t.get("unit")) for t in doc.get("targets") or []} - {None}


def doc_affinity(g: dict, p: dict) -> float:
    """How alike a gold and a predicted document are: the weighted sum of four cues.

    >>> d = {"title": "B办法", "doc_number": "国发〔2020〕1号"}
    >>> doc_affinity(d, dict(d))
    5.0
    """
    same_number = bool(g.get("doc_number")) and fold(g["doc_number"]) == fold(p.get("doc_number"))
    like_title = bool(g.get("title") and p.get("title")) and dice(g["title"], p["title"]) > 0.6
    cues = ((3, same_number),                                       # the same 发文字号
            (2, like_title),                                        # titles of bigram Dice over 0.6
            (2, overlap(heading_keys(g.get("sections") or []), heading_keys(flatten_sections(p.get("sections"))))),
            (1, overlap(quantities(g), quantities(p))))             # shared target quantities
    return sum(weight * share for weight, share in cues)


def pair_documents(gold: list[dict], pred: list[dict]) -> list[int | None]:
    """For each gold document, the index of its predicted document (or None): best affinity first,
    each used once; an affinity of 0.05 or less pairs nothing. Ties go to the later pair, as the
    reference scorer breaks them, so that both give the same figures.

    >>> g = [{"title": "关于印发A方案的通知"}, {"title": "B办法"}]
    >>> pair_documents(g, [{"title": "B办法"}, {"title": "关于印发A方案的通知"}])
    [1, 0]
    """
    ranked = sorted(((doc_affinity(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)),
                    reverse=True)
    out: list[int | None] = [None] * len(gold)
    used: set[int] = set()
    for s, i, j in ranked:
        if s > 0.05 and out[i] is None and j not in used:
            out[i] = j
            used.add(j)
    return out


def doc_label(n: int, total: int, doc: dict) -> str:
    title = (doc.get("title") or "").strip()
    return f"doc {n}/{total}" + (f" {title[:40]}" if title else "")


def score_file(gold: Mapping, pred: Any) -> Score:
    """Score one file's prediction (ParseResult dict, or None for a missing one) against its gold.

    >>> gold = {"documents": [{"title": "A", "sections": [{"level": 1, "marker": "一、", "title": "总则"}]}]}
    >>> pred = {"documents": [{"title": "A", "sections": [{"level": 1, "marker": "一、", "title": "总则",
    ...                                                   "children": []}]}]}
    >>> s = score_file(gold, pred); (s.documents.paired, s.sections.f1, s.meta.acc)
    (1, 1.0, 1.0)
    """
    gdocs = list(gold.get("documents") or [])
    pdocs = pred_documents(pred)
    pairing = pair_documents(gdocs, pdocs)
    score = Score(documents=DocTally(gold=len(gdocs), pred=len(pdocs),
                                     paired=sum(j is not None for j in pairing)))
    empty: dict = {}
    for n, (g, j) in enumerate(zip(gdocs, pairing), 1):
        doc = doc_label(n, len(gdocs), g)
        p = pdocs[j] if j is not None else empty
        parts = (
            ("sections", score_sections(g.get("sections") or [], flatten_sections(p.get("sections")), doc)),
            ("targets", score_targets(g.get("targets") or [], p.get("targets") or [], doc)),
            ("responsibilities", score_responsibilities(g.get("responsibilities") or [],
                                                        p.get("responsibilities") or [], doc)),
            ("tables", score_tables(g.get("tables") or [], p.get("tables") or [], doc)),
            ("meta", score_meta(g, p if j is not None else None, doc)),
        )
        if j is None:
            score.misses.append(Miss("documents", "missed", doc, gold=(
                f"no predicted document paired: {len(g.get('sections') or [])} sections, "
                f"{len(g.get('targets') or [])} targets, {len(g.get('responsibilities') or [])} "
                f"responsibilities, {len(g.get('tables') or [])} tables all missed")))
        for name, (tally, misses) in parts:
            setattr(score, name, getattr(score, name) + tally)
            if j is not None:                                    # an unpaired document is one line
                score.misses.extend(misses)
    paired = set(pairing)
    for j, p in enumerate(pdocs):                                # unpaired predictions: all false positives
        if j in paired:
            continue
        n_sec, n_tg, n_rs = (len(flatten_sections(p.get("sections"))), len(p.get("targets") or []),
                             len(p.get("responsibilities") or []))
        score.sections.pred += n_sec
        score.targets.pred += n_tg
        score.targets.headline_pred += count_headlines(p.get("targets") or [])
        score.responsibilities.pred += n_rs
        score.misses.append(Miss("documents", "spurious", f"predicted {p.get('id') or j + 1}", pred=(
            f"{(p.get('title') or '(untitled)')[:40]}: not paired with any gold document; "
            f"{n_sec} sections, {n_tg} targets, {n_rs} responsibilities count as false positives")))
    return score
