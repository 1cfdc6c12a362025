"""Mutation fuzzer (issue 16): mutants of real documents through the command line, every output checked.

    python tools/mutate.py                         # 5 000 mutants of tests/data/real_sample, seed 0
    python tools/mutate.py --count 500 --seed 7 --jobs 2 --save mutate-failures
    python tools/mutate.py --parity-of data/raw tests/heldout/raw DIR   # parity only, of unmutated files

Each mutant is a real document (tests/data/real_sample/*.txt) with 1-4 edits: lines deleted, duplicated
or swapped; control characters (ESC, DEL, NEL, C1), zero-width characters and bidirectional controls
inserted; then saved with one of the line ends LF / CRLF / CR and one of the encodings utf-8, utf-8-sig,
gb18030, utf-16 (every combination equally often), and in one case of seven cut in the middle of a
character. All mutants go through `policyparse extract DIR -o OUT` twice, with --jobs 1 and --jobs 2.

Failures (exit status 1 when there is any):
  cli          the run crashed, printed a traceback or an "internal error", or exited with other than 0/1
  missing      a mutant got neither an output file nor a `path: reason` line
  determinism  --jobs 1 and --jobs 2 wrote different bytes (or refused different inputs)
  json         an output is not JSON
  schema       an output does not validate against the committed JSON Schema
  strict       an output does not validate strictly against the models (as `validate` reads it)
  spans        a span, id or section_id is inconsistent, or a text is not original[span] in the source
  invariants   a contract invariant of tests/invariants.py is broken (tiling, titles, markers ...)
  decode       the source did not decode to the text that was saved (or, cut, to its prefix + U+FFFD)
Refusals (a mutant that is not text any more, e.g. too many control characters) are counted, not failures.

Reported apart (they are the stages' to fix, not failures of this run): LF / CRLF / CR structure parity:
the same mutant parsed in-process with each line end must give the same documents (spans mapped,
`text` fields compared without their \\r).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

SAMPLE = ROOT / "tests" / "data" / "real_sample"
LINE_ENDS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16")
CONTROLS = ["\x1b", "\x1b[31m", "\x1b]0;title\x07", "\x7f", "\x85", "\x9b", "\x0b", "\x0c", "\x1c", "\x07"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e",
        "\u200f", "\u061c"]
SEPARATORS = ["\u2028", "\u2029", "\u3000", "\u00a0"]
CUT_EVERY = 7                                   # one mutant in seven is cut inside a character
FAILURES = ("cli", "missing", "determinism", "json", "schema", "strict", "spans", "invariants", "decode")


# --- mutants ------------------------------------------------------------------------------------------

def seeds() -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n"))
            for p in sorted(SAMPLE.glob("*.txt"))]


def mutate_text(text: str, rnd: random.Random) -> tuple[str, list[str]]:
    """1-4 edits of an LF text; returns (text, names of the edits)."""
    ops = []
    for _ in range(rnd.randint(1, 4)):
        lines = text.split("\n")
        op = rnd.choice(["delete", "duplicate", "swap", "control", "zero-width", "bidi", "separator", "delete-block"])
        i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "delete-block" and len(lines) > 2:
            a, b = sorted((i, j))
            del lines[a:min(b + 1, a + 20)]                           # up to 20 lines
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        else:
            pool = {"control": CONTROLS, "zero-width": ZERO_WIDTH, "bidi": BIDI, "separator": SEPARATORS}.get(op, CONTROLS)
            line = lines[i]
            k = rnd.randint(0, len(line))
            lines[i] = line[:k] + rnd.choice(pool) + line[k:]
        ops.append(op)
        text = "\n".join(lines)
    return text, ops


def mutant(seed: int, k: int, sources: list[tuple[str, str]]) -> dict:
    """Mutant number k: its LF text, how it is saved, its bytes, and the text those bytes must decode to."""
    rnd = random.Random(f"{seed}:{k}")
    name, base = sources[rnd.randrange(len(sources))]
    lf, ops = mutate_text(base, rnd)
    ending = list(LINE_ENDS)[k % 3]
    encoding = ENCODINGS[(k // 3) % len(ENCODINGS)]
    text = lf.replace("\n", LINE_ENDS[ending])
    data = text.encode(encoding)
    bom_read = encoding == "utf-8" and text.startswith("\ufeff")     # a leading U+FEFF in UTF-8 is a BOM
    expect = text[1:] if bom_read else text
    cut = False
    if k % CUT_EVERY == CUT_EVERY - 1:
        multi = [i for i, c in enumerate(text) if i > 0 and not c.isascii()]
        if multi:
            i = rnd.choice(multi)
            head, whole = text[:i].encode(encoding), text[:i + 1].encode(encoding)
            if len(whole) - len(head) > 1:
                data = whole[:len(head) + 1]                            # one byte into character i
                expect = expect[:i - bom_read] + "\ufffd"
                cut = True
    return {"k": k, "seed_doc": name, "ops": ops, "ending": ending, "encoding": encoding, "cut": cut,
            "lf": lf, "data": data, "expect": expect}


# --- checking one mutant (runs in worker processes through policyparse.batch) ------------------------

def check_one(job) -> dict:
    """Every check of one mutant; returns {"fail": [(kind, message)], "parity": [(variant, message)], ...}."""
    k, path, out1, out2, refused1, refused2, seed, count_seeds = job
    from invariants import check_result, schema_validator
    from policyparse.decode import decode
    from policyparse.diagnostics import PolicyParseError
    from policyparse.validation import consistency_problems, source_problems, strict_result
    m = mutant(seed, k, _SOURCES)
    fail: list[tuple[str, str]] = []
    res = {"k": k, "fail": fail, "parity": [], "refused": None, "warnings": []}
    e1, e2 = os.path.exists(out1), os.path.exists(out2)
    if (refused1 is None) != (refused2 is None) or e1 != e2:
        fail.append(("determinism", f"--jobs 1: {refused1 or 'written'}; --jobs 2: {refused2 or 'written'}"))
    if refused1 is not None:
        res["refused"] = refused1
        if e1:
            fail.append(("cli", f"refused ({refused1}) but an output was written"))
    elif not e1:
        fail.append(("missing", "no output and no `path: reason` line"))
    else:
        raw1, raw2 = Path(out1).read_bytes(), Path(out2).read_bytes() if os.path.exists(out2) else b""
        if raw1 != raw2:
            fail.append(("determinism", "--jobs 1 and --jobs 2 outputs differ"))
        try:
            obj = json.loads(raw1)
        except ValueError as exc:
            fail.append(("json", str(exc)))
            obj = None
        if obj is not None:
            errors = list(schema_validator().iter_errors(obj))
            if errors:
                fail.append(("schema", f"{errors[0].message[:200]} at {list(errors[0].path)}"))
            try:
                result = strict_result(obj)
            except Exception as exc:  # noqa: BLE001 - what we count
                fail.append(("strict", str(exc).splitlines()[0][:300]))
                result = None
            if result is not None:
                res["warnings"] = [w.code for w in result.warnings]
                probs = consistency_problems(result)
                why, more = source_problems(result)
                if why:
                    fail.append(("spans", f"source not compared: {why}"))
                if probs or more:
                    fail.append(("spans", (probs + more)[0][:300]))
                try:
                    text = decode(m["data"]).text
                    if text != m["expect"]:
                        at = next((i for i, (a, b) in enumerate(zip(text, m["expect"])) if a != b),
                                  min(len(text), len(m["expect"])))
                        fail.append(("decode", f"decoded text differs from the saved text at {at}"))
                    check_result(text, result)
                except PolicyParseError as exc:
                    fail.append(("decode", f"parsed by the CLI, refused in-process: {exc}"))
                except AssertionError as exc:
                    fail.append(("invariants", str(exc)[:300]))
    res["parity"] = parity(m["lf"])
    return res


def parity(lf: str) -> list[tuple[str, str]]:
    """Differences between the LF, CRLF and CR parses of one text (first difference of each)."""
    from invariants import crlf_mapper, crlf_to_lf_view
    from policyparse import parse_text
    ref = _view(parse_text(lf))
    out = []
    crlf = lf.replace("\n", "\r\n")
    got = crlf_to_lf_view(_view(parse_text(crlf)), crlf_mapper(crlf))
    diff = first_difference(ref, got)
    if diff:
        out.append(("CRLF", diff))
    cr = lf.replace("\n", "\r")
    diff = first_difference(ref, _cr_view(_view(parse_text(cr))))
    if diff:
        out.append(("CR", diff))
    return out


def _view(result) -> dict:
    """What must not depend on the line ends: documents, noise spans, warning codes."""
    return {"documents": [d.model_dump(mode="json") for d in result.documents],
            "noise": [{"span": list(x)} for x in result.noise],
            "warnings": sorted(w.code for w in result.warnings)}


def _cr_view(obj, key=None):
    if isinstance(obj, dict):
        return {k: _cr_view(v, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_cr_view(v) for v in obj]
    if isinstance(obj, str) and key == "text":
        return obj.replace("\r", "\n")
    return obj


def first_difference(a, b, path="") -> str | None:
    """Where two dumps first differ, e.g. 'documents.0.targets: 3 items vs 5'."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a.keys() | b.keys():
            if k not in a or k not in b:
                return f"{path}{k}: only in one"
        for k in a:
            d = first_difference(a[k], b[k], f"{path}{k}.")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path.rstrip('.')}: {len(a)} items vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}{i}.")
            if d:
                return d
        return None
    if a != b:
        return f"{path.rstrip('.')}: {str(a)[:60]!r} vs {str(b)[:60]!r}"
    return None


_SOURCES: list = []


# --- the run ------------------------------------------------------------------------------------------

def _file_parity(path: str) -> list[tuple[str, str]]:
    from policyparse.decode import decode
    lf = decode(Path(path).read_bytes()).text.replace("\r\n", "\n").replace("\r", "\n")
    return parity(lf)


def parity_of(folders: list[Path], jobs: int) -> int:
    """Parity breaks of real files as they are (the stages' to-do list); exit 0 either way."""
    from policyparse import batch
    files = sorted(str(p) for d in folders for p in d.rglob("*.txt"))
    breaks = collections.Counter()
    for o in batch.run(files, _file_parity, batch.Options(jobs=jobs, quiet=True)):
        for variant, msg in (o.value or []):
            breaks[variant] += 1
            print(f"{variant:4s}  {o.item}: {msg[:160]}")
    print(f"{len(files)} files: " + ", ".join(f"LF vs {v}: {breaks[v]} differ" for v in ("CRLF", "CR")))
    return 0


def run_cli(src: Path, out: Path, jobs: int) -> tuple[int, str, float]:
    exe = Path(sys.executable).parent / "policyparse"
    t0 = time.perf_counter()
    p = subprocess.run([str(exe), "extract", "-q", str(src), "-o", str(out), "--jobs", str(jobs)],
                       capture_output=True, timeout=3600)
    return p.returncode, p.stderr.decode("utf-8", "replace"), time.perf_counter() - t0


def refusals(stderr: str, src: Path) -> tuple[dict[str, str], list[str]]:
    """{mutant path: reason} from `path: reason` lines; lines that are not clean refusals."""
    refused, bad = {}, []
    for line in stderr.splitlines():
        m = re.match(rf"({re.escape(str(src))}/\S+?\.txt): (.*)$", line)
        if not m:
            bad.append(line)
            continue
        refused[m.group(1)] = m.group(2)
        if "internal error" in m.group(2) or "worker process died" in m.group(2):
            bad.append(line)
    return refused, bad


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=5000, help="mutants (default 5000)")
    ap.add_argument("--seed", type=int, default=0, help="fixed seed: the same mutants every run (default 0)")
    ap.add_argument("--jobs", type=int, default=0, help="processes for the checks (default: all cores)")
    ap.add_argument("--no-parity", action="store_true", help="skip the LF/CRLF/CR parity parses")
    ap.add_argument("--save", type=Path, help="copy failing mutants (and the first parity breaks) here")
    ap.add_argument("--keep", type=Path, help="keep the mutants and outputs in this folder")
    ap.add_argument("--parity-of", type=Path, nargs="+", metavar="DIR",
                    help="no mutants: list the LF/CRLF/CR parity breaks of every *.txt under these folders")
    args = ap.parse_args(argv)
    if args.parity_of:
        return parity_of(args.parity_of, args.jobs)
    global _SOURCES
    _SOURCES = seeds()
    if not _SOURCES:
        print(f"no seeds in {SAMPLE}", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="policyparse-mutate-"))
    src, out1, out2 = work / "mutants", work / "out-j1", work / "out-j2"
    for d in (src, out1, out2):
        shutil.rmtree(d, ignore_errors=True)
    t_start = time.perf_counter()
    kinds = collections.Counter()
    paths = []
    for k in range(args.count):
        m = mutant(args.seed, k, _SOURCES)
        p = src / f"{k // 500:03d}" / f"m{k:05d}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(m["data"])
        paths.append(p)
        kinds.update([m["encoding"], m["ending"], *(["cut"] if m["cut"] else []), *m["ops"]])
    mb = sum(p.stat().st_size for p in paths) / 1e6
    t_gen = time.perf_counter() - t_start
    rc1, err1, s1 = run_cli(src, out1, 1)
    rc2, err2, s2 = run_cli(src, out2, 2)
    refused1, bad1 = refusals(err1, src)
    refused2, bad2 = refusals(err2, src)
    counts = collections.Counter()
    failures: list[tuple[str, int, str]] = []
    for rc, bad, label in ((rc1, bad1, "--jobs 1"), (rc2, bad2, "--jobs 2")):
        if rc not in (0, 1):
            counts["cli"] += 1
            failures.append(("cli", -1, f"{label}: exit {rc}"))
        for line in bad:                                    # internal errors, tracebacks, stray lines
            m = re.search(r"/m(\d{5})\.txt: ", line)
            counts["cli"] += 1
            failures.append(("cli", int(m.group(1)) if m else -1, f"{label}: {line[:300]}"))

    from policyparse import batch
    jobs = []
    for k, p in enumerate(paths):
        rel = p.relative_to(src).with_suffix(".json")
        jobs.append((k, str(p), str(out1 / rel), str(out2 / rel), refused1.get(str(p)), refused2.get(str(p)),
                     args.seed, len(_SOURCES)))
    if args.no_parity:
        global parity
        parity = lambda lf: []                                          # noqa: E731
    t0 = time.perf_counter()
    parity_breaks: dict[str, list] = {"CRLF": [], "CR": []}
    reasons = collections.Counter()
    warnings = collections.Counter()
    for o in batch.run(jobs, check_one, batch.Options(jobs=args.jobs, quiet=True, label="mutants")):
        if o.error:
            counts["cli"] += 1
            failures.append(("cli", o.item[0], o.error))
            continue
        r = o.value
        if r["refused"] and "internal error" not in r["refused"]:
            reasons[re.sub(r"\d+", "N", r["refused"].split(" (")[0])] += 1
        warnings.update(r["warnings"])
        for kind, msg in r["fail"]:
            counts[kind] += 1
            failures.append((kind, r["k"], msg))
        for variant, msg in r["parity"]:
            parity_breaks[variant].append((r["k"], msg))
    t_check = time.perf_counter() - t0

    n_fail = sum(counts[k] for k in FAILURES)
    print(f"mutants:            {args.count} of {len(_SOURCES)} real documents, seed {args.seed}, {mb:.1f} MB "
          f"(generated in {t_gen:.1f} s)")
    print("  saved as:         " + ", ".join(f"{e} {kinds[e]}" for e in (*ENCODINGS, *LINE_ENDS)) +
          f"; cut inside a character {kinds['cut']}")
    print("  edits:            " + ", ".join(f"{op} {kinds[op]}" for op in
                                              ("delete", "delete-block", "duplicate", "swap", "control",
                                               "zero-width", "bidi", "separator")))
    print(f"cli runs:           --jobs 1 {s1:.1f} s (exit {rc1}), --jobs 2 {s2:.1f} s (exit {rc2}): "
          f"{s1 / s2 if s2 else 0:.2f}x")
    print(f"clean refusals:     {sum(reasons.values())}" + ("" if not reasons else " (" + "; ".join(
        f"{why}: {n}" for why, n in reasons.most_common()) + ")"))
    print("warnings seen:      " + (", ".join(f"{c} {n}" for c, n in warnings.most_common()) or "none"))
    print(f"failures:           {n_fail} (" + ", ".join(f"{k} {counts[k]}" for k in FAILURES) + ")")
    by_kind = collections.defaultdict(list)
    for kind, k, msg in failures:
        by_kind[kind].append((k, msg))
    for kind, items in by_kind.items():
        for k, msg in items[:3]:
            print(f"  {kind}: mutant {k}: {msg}")
    if not args.no_parity:
        for variant, breaks in parity_breaks.items():
            print(f"parity LF vs {variant}:{' ' * (6 - len(variant))}{len(breaks)} of {args.count} mutants differ"
                  + ("" if not breaks else " (stages' to fix; not counted as failures)"))
            fields = collections.Counter(re.sub(r"\.\d+", ".N", msg.split(":")[0]) for _, msg in breaks)
            for field, n in fields.most_common(8):
                k0, msg0 = next((k, msg) for k, msg in breaks if re.sub(r"\.\d+", ".N", msg.split(":")[0]) == field)
                print(f"    {n:5d}  {field}   e.g. mutant {k0} ({mutant(args.seed, k0, _SOURCES)['seed_doc']}): {msg0[:120]}")
            docs = collections.Counter(mutant(args.seed, k, _SOURCES)["seed_doc"] for k, _ in breaks)
            if docs:
                print("    by document: " + ", ".join(f"{d} {n}" for d, n in docs.most_common()))
    print(f"checks:             {t_check:.1f} s; total {time.perf_counter() - t_start:.1f} s; files in {work}"
          + ("" if args.keep else " (removed)"))
    if args.save and (failures or any(parity_breaks.values())):
        args.save.mkdir(parents=True, exist_ok=True)
        keep = {k for _, k, _ in failures if k >= 0}
        keep |= {k for breaks in parity_breaks.values() for k, _ in breaks[:20]}
        for k in sorted(keep):
            m = mutant(args.seed, k, _SOURCES)
            (args.save / f"m{k:05d}.{m['encoding']}.{m['ending']}.txt").write_bytes(m["data"])
        print(f"saved {len(keep)} mutants to {args.save}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if n_fail else 0


if __name__ == "__main__":
    _SOURCES = seeds()
    sys.exit(main())
