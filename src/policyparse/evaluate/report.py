"""A run: gold files and predictions loaded, every file scored, thresholds checked, and the
figures rendered as the `policyparse eval` table, the misses list or JSON."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import score_file
from .tally import META_FIELDS, Miss, Score

# ---------------------------------------------------------------- a run over files

@dataclass
class Report:
    files: dict[str, Score]
    problems: list[str] = field(default_factory=list)   # unreadable or missing predictions

    @property
    def total(self) -> Score:
        out = Score()
        for s in self.files.values():
            out = out + s
        return out

    def as_dict(self, misses: bool = False) -> dict:
        total = self.total
        return {"files": {k: v.as_dict(misses) for k, v in self.files.items()},
                "summary": total.as_dict(), "figures": total.figures(), "problems": self.problems}


def gold_stem(gold: Mapping, path: Path) -> str:
    """The stem predictions are looked up by: the gold's `source` file name, else the YAML's name.

    >>> gold_stem({"source": "000_ab.txt"}, Path("x.yaml")), gold_stem({}, Path("g/001.yaml"))
    ('000_ab', '001')
    """
    return Path(str(gold.get("source") or path.stem)).stem


def load_gold(gold_dir: str | Path) -> list[tuple[str, dict]]:
    import yaml
    out = []
    for path in sorted(Path(gold_dir).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out.append((gold_stem(data, path), data))
    return out


OUTPUT_SUFFIXES = (".json", ".jsonl", ".yaml", ".yml")


def index_predictions(paths: Iterable[str | Path], exclude: str | Path | None = None) -> dict[str, Path]:
    """stem -> file: outputs (.json/.jsonl/.yaml) win over input texts (.txt, parsed in-process);
    an earlier PRED argument wins over a later one. Never the gold files themselves, the *.yaml
    directly in `exclude` (`eval --gold data/gold data` must not score the gold against itself);
    input texts kept beside the gold (`eval --gold set set/texts`) are read."""
    skip = {g.resolve() for g in Path(exclude).glob("*.yaml")} if exclude is not None else set()
    found: dict[str, tuple[int, Path]] = {}
    for order, base in enumerate(map(Path, paths)):
        candidates = sorted(base.rglob("*")) if base.is_dir() else [base]
        for f in candidates:
            suffix = f.suffix.lower()
            if suffix not in (*OUTPUT_SUFFIXES, ".txt") or not f.is_file():
                continue
            if f.resolve() in skip:
                continue
            rank = (order, 0 if suffix in OUTPUT_SUFFIXES else 1)
            if f.stem not in found or rank < found[f.stem][0]:
                found[f.stem] = (rank, f)
    return {stem: f for stem, (_, f) in found.items()}


def load_prediction(path: Path) -> Any:
    """A prediction read from an output file, or made by parsing an input text in-process."""
    if path.suffix.lower() == ".txt":
        from ..diagnostics import PolicyParseError
        from ..reading import parse_file
        try:
            return parse_file(path).model_dump(mode="json")
        except PolicyParseError:
            raise
        except Exception as exc:  # noqa: BLE001 - a bug in a stage costs this file, not the run
            raise ValueError(f"internal error while parsing ({type(exc).__name__}: {exc})") from exc
    from ..validation import load_outputs
    return load_outputs(path)


def evaluate(gold_dir: str | Path, pred_paths: Sequence[str | Path]) -> Report:
    """Score every gold file in `gold_dir` against its prediction found in `pred_paths`."""
    from ..diagnostics import PolicyParseError
    index = index_predictions(pred_paths, exclude=gold_dir)
    report = Report(files={})
    for stem, gold in load_gold(gold_dir):
        path, pred = index.get(stem), None
        if path is None:
            report.problems.append(f"{stem}: no prediction found (scored as empty)")
        else:
            try:
                pred = load_prediction(path)
            except (OSError, ValueError, PolicyParseError) as exc:   # yaml/json errors are ValueErrors
                report.problems.append(f"{stem}: unusable prediction {path} ({exc}); scored as empty")
        report.files[stem] = score_file(gold, pred)
    return report


# ---------------------------------------------------------------- thresholds and text output

def parse_minimum(spec: str, known: Iterable[str]) -> tuple[str, float]:
    """"targets.f1=0.8" -> ("targets.f1", 0.8); ValueError for an unknown name or a bad number.

    >>> parse_minimum("meta.acc=0.75", ["meta.acc"])
    ('meta.acc', 0.75)
    >>> parse_minimum("meta.ac=1", ["meta.acc"])
    Traceback (most recent call last):
    ValueError: unknown metric 'meta.ac' (one of: meta.acc)
    """
    name, eq, value = spec.partition("=")
    name, known = name.strip(), list(known)
    if not eq:
        raise ValueError(f"{spec!r}: expected METRIC=NUMBER")
    if name not in known:
        raise ValueError(f"unknown metric {name!r} (one of: {', '.join(known)})")
    try:
        return name, float(value)
    except ValueError:
        raise ValueError(f"{spec!r}: expected METRIC=NUMBER") from None


def below_minimum(figures: Mapping[str, float], minimums: Iterable[tuple[str, float]]) -> list[str]:
    """The thresholds a run falls short of, as "name=actual<minimum".

    >>> below_minimum({"targets.f1": 0.71, "meta.acc": 0.9}, [("targets.f1", 0.75), ("meta.acc", 0.8)])
    ['targets.f1=0.710<0.75']
    """
    return [f"{name}={figures[name]:.3f}<{value:g}" for name, value in minimums if not figures[name] >= value]


def render_table(report: Report) -> str:
    """Per-file rows, then the overall figures with their counts and `--min` names."""
    head = (f"{'file':26} {'docs':>7} {'sect F1':>8} {'targ F1':>8} {'resp F1':>8} {'meta':>7} "
            f"{'tables':>7} {'cells':>9}")
    lines = [head, "-" * len(head)]
    for stem, s in report.files.items():
        d, t, m = s.documents, s.tables, s.meta
        lines.append(f"{stem[:26]:26} {d.paired:>3}/{d.gold:<3} {s.sections.f1:8.3f} {s.targets.f1:8.3f} "
                     f"{s.responsibilities.f1:8.3f} {m.ok:>3}/{m.n:<3} {t.found:>3}/{t.gold:<3} "
                     f"{t.cells_ok:>4}/{t.cells_n:<4}")
    tot = report.total
    lines += ["", "overall"]
    for name in ("sections", "targets", "responsibilities"):
        x = getattr(tot, name)
        lines.append(f"  {name:17} P {x.p:.3f}  R {x.r:.3f}  F1 {x.f1:.3f}   "
                     f"(matched {x.tp}, gold {x.gold}, predicted {x.pred})")
    tg, tb, m, d = tot.targets, tot.tables, tot.meta, tot.documents
    lines.append(f"  {'targets agree':17} indicator {tg.indicator_acc:.3f} ({tg.indicator_ok}/{tg.tp})  "
                 f"qualifier {tg.qualifier_acc:.3f} ({tg.qualifier_ok}/{tg.tp})")
    lines.append(f"  {'targets headline':17} P {tg.headline_p:.3f}  R {tg.headline_r:.3f}  F1 {tg.headline_f1:.3f}   "
                 f"(both {tg.headline_tp}, gold {tg.headline_gold}, predicted {tg.headline_pred})")
    lines.append(f"  {'tables':17} found {tb.found_rate:.3f} ({tb.found}/{tb.gold})  columns {tb.col_acc:.3f} "
                 f"({tb.cols_ok}/{tb.cols_n})  cells {tb.cell_acc:.3f} ({tb.cells_ok}/{tb.cells_n})  "
                 f"items {tb.item_acc:.3f} ({tb.items_ok}/{tb.items_n})")
    lines.append(f"  {'metadata':17} " + "  ".join(
        f"{k} {getattr(m, f'{k}_ok')}/{getattr(m, f'{k}_n')}" for k in META_FIELDS) + f"  acc {m.acc:.3f}")
    lines.append(f"  {'documents':17} paired {d.paired}/{d.gold} ({d.paired_rate:.3f}), predicted {d.pred}")
    lines += ["", "figures (names for --min)"]
    lines += [f"  {k:30} {v:.3f}" for k, v in tot.figures().items()]
    return "\n".join(lines) + "\n"


KIND_HEADINGS = {"missed": "gold, not found", "near": "near misses (gold, and the unmatched prediction most like it)",
                 "spurious": "predicted, not in gold", "differs": "matched, but differs"}
AREAS = ("documents", "meta", "sections", "targets", "responsibilities", "tables")


def clip(s: str, n: int = 80) -> str:
    """One line of at most n characters.

    >>> clip("一二三\\n四五", 4)
    '一二三…'
    """
    s = " ".join(s.split())
    return s if len(s) <= n else s[:n - 1] + "…"


def render_misses(report: Report) -> str:
    """Every disagreement, grouped by file, document, area and kind."""
    lines: list[str] = []
    for stem, s in report.files.items():
        if not s.misses:
            continue
        lines.append(f"== {stem}")
        docs: dict[str, list[Miss]] = {}
        for m in s.misses:
            docs.setdefault(m.doc, []).append(m)
        for doc, ms in docs.items():
            lines.append(f"  -- {doc}")
            for area in AREAS:
                for kind, heading in KIND_HEADINGS.items():
                    group = [m for m in ms if m.area == area and m.kind == kind]
                    if not group:
                        continue
                    lines.append(f"    {area}: {heading} ({len(group)})")
                    for m in group:
                        if kind in ("differs", "near"):
                            lines.append(f"      gold {clip(m.gold, 110)}")
                            lines.append(f"      pred {clip(m.pred, 110)}" + (f"   [{m.why} differs]" if m.why else ""))
                        else:
                            lines.append(f"      {clip(m.gold if kind == 'missed' else m.pred, 115)}")
                        if m.text:
                            lines.append(f"           « {clip(m.text, 105)} »")
    return "\n".join(lines) + ("\n" if lines else "")


def report_json(report: Report, misses: bool = False) -> str:
    return json.dumps(report.as_dict(misses), ensure_ascii=False, indent=1) + "\n"
