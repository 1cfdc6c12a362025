# A verbatim copy of the reference scorer (../shared/tools/score.py, sha256 dc34e29119993ec2), kept so that
# tests/test_eval.py can check `policyparse eval` against it without reading ../shared. Do not edit:
# re-copy it when the shared scorer changes.
#!/usr/bin/env python3
"""Score policyparse predictions against gold YAML annotations (rules: SPEC.md section 7).

usage: score.py --gold GOLD_DIR --pred PRED_DIR [--json] [--min METRIC=VALUE ...]

For every GOLD_DIR/<stem>.yaml it reads PRED_DIR/<stem>.json (a ParseResult). Prints a table of
per-file and overall figures; with --min (e.g. --min targets.f1=0.8) exits 1 when a figure is lower.
Only the standard library and PyYAML are needed.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

import yaml

# ---------------------------------------------------------------- normalising

_SPACE = re.compile(r"\s+")
_TRAIL = "。.;；:：,，、"


def fold(s: str | None) -> str:
    """Width-fold (NFKC) and drop all white space."""
    if s is None:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(s)))


_DASHES = str.maketrans({c: "-" for c in "—–－‐‑‒―─"})


def fold_title(s: str | None) -> str:
    """fold(), trailing punctuation dropped, dash variants unified ("2021—2023年" = "2021-2023年")."""
    t = fold(s).translate(_DASHES)
    while t and t[-1] in _TRAIL:
        t = t[:-1]
    return t


def prefix_match(a: str, b: str) -> bool:
    if not a or not b:
        return False
    return a.startswith(b) or b.startswith(a)


def bigrams(s: str) -> set[str]:
    s = fold(s)
    return {s[i:i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def dice(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def indicator_ok(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa and fb and (fa in fb or fb in fa):
        return True
    return dice(a, b) >= 0.5


_MULT = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4))


def base_quantity(value, unit) -> tuple[float, str] | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    u = fold(unit)
    for prefix, m in _MULT:
        if u.startswith(prefix) and len(u) > len(prefix):
            v, u = v * m, u[len(prefix):]
            break
    if len(u) >= 2 and u.startswith("个") and not u.startswith("个百分点"):
        u = u[1:]
    if u in ("百分之", "percent"):
        u = "%"
    return v, u


def same_number(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


# ---------------------------------------------------------------- reading predictions


def flatten_sections(nodes, out=None):
    out = [] if out is None else out
    for n in nodes or []:
        out.append(n)
        flatten_sections(n.get("children") or [], out)
    return out


def pred_documents(obj) -> list[dict]:
    if isinstance(obj, list):
        docs = []
        for o in obj:
            docs.extend(pred_documents(o))
        return docs
    if isinstance(obj, dict):
        if "documents" in obj:
            return list(obj["documents"] or [])
        if "sections" in obj or "targets" in obj:
            return [obj]
    return []


# ---------------------------------------------------------------- matching helpers


def align(gold: list, pred: list, ok) -> int:
    """Largest order-preserving matching (LCS) under predicate ok."""
    n, m = len(gold), len(pred)
    if not n or not m:
        return 0
    prev = [0] * (m + 1)
    for i in range(1, n + 1):
        cur = [0] * (m + 1)
        g = gold[i - 1]
        for j in range(1, m + 1):
            cur[j] = prev[j - 1] + 1 if ok(g, pred[j - 1]) else max(prev[j], cur[j - 1])
        prev = cur
    return prev[m]


def prf(tp: int, n_gold: int, n_pred: int) -> dict:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "gold": n_gold, "pred": n_pred, "p": p, "r": r, "f1": f}


def section_key(s: dict) -> tuple[int, str, str]:
    return int(s.get("level") or 0), fold(s.get("marker")), fold_title(s.get("title"))


def section_ok(g, p) -> bool:
    return g[0] == p[0] and g[1] == p[1] and prefix_match(g[2], p[2])


def score_sections(gdoc, pdoc) -> dict:
    g = [section_key(s) for s in gdoc.get("sections") or []]
    p = [section_key(s) for s in flatten_sections(pdoc.get("sections") or [])]
    return prf(align(g, p, section_ok), len(g), len(p))


def score_targets(gdoc, pdoc) -> dict:
    gold = gdoc.get("targets") or []
    pred = pdoc.get("targets") or []
    used = set()
    tp = ind_ok = qual_ok = 0
    for gt in gold:
        gq = base_quantity(gt.get("value"), gt.get("unit"))
        if gq is None:
            continue
        best, best_sim = None, -1.0
        for j, pt in enumerate(pred):
            if j in used:
                continue
            pq = base_quantity(pt.get("value"), pt.get("unit"))
            if pq is None or pq[1] != gq[1] or not same_number(pq[0], gq[0]):
                continue
            if gt.get("year") is not None and pt.get("year") != gt.get("year"):
                continue
            sim = dice(gt.get("indicator", ""), pt.get("indicator", ""))
            if sim > best_sim:
                best, best_sim = j, sim
        if best is None:
            continue
        used.add(best)
        tp += 1
        pt = pred[best]
        ind_ok += indicator_ok(gt.get("indicator", ""), pt.get("indicator", ""))
        qual_ok += (gt.get("qualifier") or "point") == (pt.get("qualifier") or "point")
    out = prf(tp, len(gold), len(pred))
    out["indicator_ok"], out["qualifier_ok"] = ind_ok, qual_ok
    return out


def unit_set(units) -> tuple:
    return tuple(sorted(fold(u) for u in units or [] if fold(u)))


def score_responsibilities(gdoc, pdoc) -> dict:
    gold = [(unit_set(r.get("lead")), unit_set(r.get("support"))) for r in gdoc.get("responsibilities") or []]
    pred = [(unit_set(r.get("lead")), unit_set(r.get("support"))) for r in pdoc.get("responsibilities") or []]
    pool = list(pred)
    tp = 0
    for g in gold:
        if g in pool:
            pool.remove(g)
            tp += 1
    return prf(tp, len(gold), len(pred))


def score_tables(gdoc, pdoc) -> dict:
    gold = gdoc.get("tables") or []
    pred = list(pdoc.get("tables") or [])
    found = cols_ok = cols_n = cells_ok = cells_n = items_ok = items_n = 0
    for gt in gold:
        match = None
        for pt in pred:
            if gt.get("label") and fold(pt.get("label")) == fold(gt.get("label")):
                match = pt
                break
        if match is None:
            for pt in pred:
                if gt.get("title") and prefix_match(fold_title(pt.get("title")), fold_title(gt.get("title"))):
                    match = pt
                    break
        gcols = [fold(c) for c in gt.get("columns") or []]
        grows = gt.get("rows") or []
        gitems = gt.get("items") or []
        cols_n += len(gcols)
        cells_n += sum(len(r) for r in grows)
        items_n += len(gitems)
        if match is None:
            continue
        pred.remove(match)
        found += 1
        pcols = [fold(c) for c in match.get("columns") or []]
        cols_ok += sum(1 for i, c in enumerate(gcols) if i < len(pcols) and pcols[i] == c)
        prows = match.get("rows") or []
        for i, row in enumerate(grows):
            prow = prows[i] if i < len(prows) else []
            cells_ok += sum(1 for k, c in enumerate(row) if k < len(prow) and fold(prow[k]) == fold(c))
        pitems = [fold(x) for x in match.get("items") or []]
        for i, it in enumerate(gitems):
            if i < len(pitems) and prefix_match(pitems[i][:20], fold(it)[:20]):
                items_ok += 1
    return {"gold": len(gold), "found": found, "cols_ok": cols_ok, "cols_n": cols_n,
            "cells_ok": cells_ok, "cells_n": cells_n, "items_ok": items_ok, "items_n": items_n}


META = ("title", "doc_number", "issuer", "date")


def score_meta(gdoc, pdoc) -> dict:
    out = {}
    for k in META:
        gv = gdoc.get(k)
        if gv in (None, ""):
            continue
        pv = pdoc.get(k) if pdoc else None
        if k == "title":
            cands = [pv] + list((pdoc or {}).get("alt_titles") or [])
            ok = any(fold_title(c) == fold_title(gv) for c in cands if c)
        elif k == "issuer":  # "重庆市万盛经开区管委会" (title) and "万盛经开区管委会" (signature) are one body
            a, b = sorted((fold(pv), fold(gv)), key=len)
            ok = a == b or (len(a) >= 4 and b.endswith(a))
        else:
            ok = fold(pv) == fold(gv)
        out[k] = (int(ok), 1)
    return out


# ---------------------------------------------------------------- pairing documents


def doc_affinity(gdoc, pdoc) -> float:
    s = 0.0
    if gdoc.get("doc_number") and fold(gdoc["doc_number"]) == fold(pdoc.get("doc_number")):
        s += 3
    if gdoc.get("title") and pdoc.get("title") and dice(gdoc["title"], pdoc["title"]) > 0.6:
        s += 2
    g = {fold_title(x.get("title"))[:12] for x in gdoc.get("sections") or []}
    p = {fold_title(x.get("title"))[:12] for x in flatten_sections(pdoc.get("sections") or [])}
    if g and p:
        s += 2 * len(g & p) / len(g | p)
    gt = {base_quantity(t.get("value"), t.get("unit")) for t in gdoc.get("targets") or []}
    pt = {base_quantity(t.get("value"), t.get("unit")) for t in pdoc.get("targets") or []}
    gt.discard(None)
    pt.discard(None)
    if gt and pt:
        s += len(gt & pt) / len(gt | pt)
    return s


def pair_documents(gdocs, pdocs):
    pairs, used = [], set()
    scored = sorted(((doc_affinity(g, p), i, j) for i, g in enumerate(gdocs) for j, p in enumerate(pdocs)),
                    reverse=True)
    taken_g = set()
    for s, i, j in scored:
        if s <= 0.05 or i in taken_g or j in used:
            continue
        taken_g.add(i)
        used.add(j)
        pairs.append((i, j))
    mapping = dict(pairs)
    return [(g, pdocs[mapping[i]] if i in mapping else None) for i, g in enumerate(gdocs)], len(pdocs)


# ---------------------------------------------------------------- driver

EMPTY = {"sections": [], "targets": [], "responsibilities": [], "tables": []}


def add(acc: dict, part: dict):
    for k, v in part.items():
        if isinstance(v, (int, float)) and k not in ("p", "r", "f1"):
            acc[k] = acc.get(k, 0) + v


def finish(acc: dict) -> dict:
    out = dict(acc)
    if "gold" in acc and "pred" in acc:
        out.update(prf(acc.get("tp", 0), acc["gold"], acc["pred"]))
    return out


def score_file(gold: dict, pred_obj) -> dict:
    gdocs = gold.get("documents") or []
    pdocs = pred_documents(pred_obj)
    pairs, n_pred_docs = pair_documents(gdocs, pdocs)
    res = {"documents": {"gold": len(gdocs), "pred": n_pred_docs, "paired": sum(1 for _, p in pairs if p)}}
    acc = {"sections": {}, "targets": {}, "responsibilities": {}, "tables": {}, "meta": {}}
    for g, p in pairs:
        p = p or EMPTY
        add(acc["sections"], score_sections(g, p))
        add(acc["targets"], score_targets(g, p))
        add(acc["responsibilities"], score_responsibilities(g, p))
        add(acc["tables"], score_tables(g, p))
        for k, (ok, n) in score_meta(g, p if p is not EMPTY else None).items():
            acc["meta"][k + "_ok"] = acc["meta"].get(k + "_ok", 0) + ok
            acc["meta"][k + "_n"] = acc["meta"].get(k + "_n", 0) + n
    # predictions in unpaired predicted documents count as false positives
    paired_ids = {id(p) for _, p in pairs if p}
    for p in pdocs:
        if id(p) in paired_ids:
            continue
        acc["sections"]["pred"] = acc["sections"].get("pred", 0) + len(flatten_sections(p.get("sections")))
        acc["targets"]["pred"] = acc["targets"].get("pred", 0) + len(p.get("targets") or [])
        acc["responsibilities"]["pred"] = acc["responsibilities"].get("pred", 0) + len(p.get("responsibilities") or [])
    for k in ("sections", "targets", "responsibilities"):
        res[k] = finish(acc[k])
    res["tables"] = acc["tables"]
    res["meta"] = acc["meta"]
    return res


def summarise(results: dict) -> dict:
    tot = {"sections": {}, "targets": {}, "responsibilities": {}, "tables": {}, "meta": {}, "documents": {}}
    for r in results.values():
        for k in tot:
            add(tot[k], r.get(k, {}))
    out = {k: finish(v) for k, v in tot.items()}
    t = out["targets"]
    if t.get("tp"):
        t["indicator_acc"] = t["indicator_ok"] / t["tp"]
        t["qualifier_acc"] = t["qualifier_ok"] / t["tp"]
    tb = out["tables"]
    tb["found_rate"] = tb.get("found", 0) / tb["gold"] if tb.get("gold") else 1.0
    tb["col_acc"] = tb.get("cols_ok", 0) / tb["cols_n"] if tb.get("cols_n") else 1.0
    tb["cell_acc"] = tb.get("cells_ok", 0) / tb["cells_n"] if tb.get("cells_n") else 1.0
    tb["item_acc"] = tb.get("items_ok", 0) / tb["items_n"] if tb.get("items_n") else 1.0
    m = out["meta"]
    ok = sum(v for k, v in m.items() if k.endswith("_ok"))
    n = sum(v for k, v in m.items() if k.endswith("_n"))
    m["acc"] = ok / n if n else 1.0
    d = out["documents"]
    d["paired_rate"] = d.get("paired", 0) / d["gold"] if d.get("gold") else 1.0
    return out


def flat_figures(summary: dict) -> dict:
    fig = {}
    for k in ("sections", "targets", "responsibilities"):
        for m in ("p", "r", "f1"):
            fig[f"{k}.{m}"] = summary[k].get(m, 0.0)
    for m in ("indicator_acc", "qualifier_acc"):
        fig[f"targets.{m}"] = summary["targets"].get(m, 0.0)
    for m in ("found_rate", "col_acc", "cell_acc", "item_acc"):
        fig[f"tables.{m}"] = summary["tables"][m]
    fig["meta.acc"] = summary["meta"]["acc"]
    fig["documents.paired_rate"] = summary["documents"]["paired_rate"]
    return fig


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", required=True, type=Path)
    ap.add_argument("--pred", required=True, type=Path)
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    ap.add_argument("--min", action="append", default=[], metavar="METRIC=VALUE")
    args = ap.parse_args(argv)

    results = {}
    for gpath in sorted(args.gold.glob("*.yaml")):
        gold = yaml.safe_load(gpath.read_text(encoding="utf-8"))
        stem = Path(gold.get("source") or gpath.stem).stem
        ppath = args.pred / f"{stem}.json"
        try:
            pred = json.loads(ppath.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"{stem}: no usable prediction ({exc.__class__.__name__})", file=sys.stderr)
            pred = {"documents": []}
        results[stem] = score_file(gold, pred)
    if not results:
        print("no gold files found", file=sys.stderr)
        return 2
    summary = summarise(results)
    figs = flat_figures(summary)
    if args.json:
        print(json.dumps({"files": results, "summary": summary, "figures": figs}, ensure_ascii=False, indent=1))
    else:
        print(f"{'file':28} {'docs':>7} {'sect F1':>8} {'targ F1':>8} {'resp F1':>8}")
        for stem, r in results.items():
            d = r["documents"]
            print(f"{stem[:28]:28} {d['paired']:>3}/{d['gold']:<3} {r['sections']['f1']:8.3f} "
                  f"{r['targets']['f1']:8.3f} {r['responsibilities']['f1']:8.3f}")
        for k, v in figs.items():
            print(f"{k:28} {v:.3f}")
    failed = []
    for spec in args.min:
        name, _, val = spec.partition("=")
        if name not in figs:
            print(f"unknown metric {name}", file=sys.stderr)
            return 2
        if figs[name] < float(val):
            failed.append(f"{name}={figs[name]:.3f}<{val}")
    if failed:
        print("below minimum: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
