"""The work of `policyparse extract`: plan the outputs, parse and serialise each input in a worker
(which writes its own output file), stream to stdout in input order otherwise, summarise."""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from .inputs import STDIN, Input, parse
from .messages import code_summary, summary
from .outputs import Outputs, write_file
from .pool import Options, run

class ExtractJob(NamedTuple):
    input: Input
    target: str | None                 # where the worker writes the output; None: hand it back for stdout
    fmt: str
    encoding: str
    max_bytes: int
    problem: str | None = None


COUNTS = ("documents", "sections", "targets", "responsibilities", "tables", "warnings")


def extract_one(job: ExtractJob) -> tuple[str | None, tuple[int, ...], tuple[str, ...]]:
    """Parse and serialise one input; write it to `job.target` (atomically) or return the text for
    stdout. Returns (text or None, counts in COUNTS order, the warning codes the input raised)."""
    from ..diagnostics import InputError
    result = parse(job.input, job.encoding, job.max_bytes)
    payload = serialise(result, job.fmt) if job.target is None else None
    docs = result.documents
    counts = (len(docs), sum(_count_sections(d.sections) for d in docs), sum(len(d.targets) for d in docs),
              sum(len(d.responsibilities) for d in docs), sum(len(d.tables) for d in docs), len(result.warnings))
    codes = tuple(sorted({str(w.code) for w in result.warnings}))
    if job.target is None:
        return payload, counts, codes
    try:
        write_file(Path(job.target), file_pieces(result, job.fmt))
    except OSError as exc:
        raise InputError(f"{job.input.name}: cannot write {job.target} ({exc.strerror or exc})") from None
    return None, counts, codes


def serialise(result, fmt: str) -> str:
    """One ParseResult as json (indented), jsonl (one line) or yaml (one document, starting `---`)."""
    if fmt == "yaml":
        from ..output import dump
        return "---\n" + dump(result.model_dump(mode="json"), "yaml")
    # pydantic's serialiser: the same bytes as json.dumps(ensure_ascii=False) on these models (checked on
    # the seeds and 300 generated texts), but json.dumps(indent=...) runs in pure Python: 2 s for 10^5 sections
    return result.model_dump_json(indent=1 if fmt == "json" else None) + "\n"


def file_pieces(result, fmt: str) -> Iterator[bytes]:
    """What `serialise` writes, as UTF-8 bytes in pieces for a file: json and jsonl from pydantic's own UTF-8
    output (no str of 2-4 bytes a character, no encoding), a long list a run of items at a time
    (output.json_pieces: the whole text never in memory at once)."""
    if fmt == "yaml":
        yield serialise(result, fmt).encode("utf-8")
        return
    from ..models import to_json
    from ..output import json_pieces
    yield from json_pieces(result, to_json, 1 if fmt == "json" else None)
    yield b"\n"


def _count_sections(nodes) -> int:
    return sum(1 + _count_sections(n.children) for n in nodes)


def elapsed(t0: float) -> float:
    return time.perf_counter() - t0


def plan_extract(inputs: Sequence[Input], outdir: str | os.PathLike | None, fmt: str, encoding: str,
                 max_bytes: int, skip_existing: bool = False) -> tuple[list[ExtractJob], int]:
    """One ExtractJob per input, its output path claimed in the written-set (mirrored under `outdir`);
    an input whose output cannot be claimed carries the reason as its problem. With `skip_existing`,
    inputs whose output file exists are left out. Returns (jobs, number skipped)."""
    from ..output import EXT
    jobs: list[ExtractJob] = []
    skipped = 0
    outputs = Outputs(outdir, inputs) if outdir is not None else None
    for inp in inputs:
        target = problem = None
        if outputs is not None and not inp.problem:
            try:
                path = outputs.target(inp, EXT[fmt])
                problem = outputs.claim(path, inp.name)
                target = str(path)
            except ValueError as exc:
                problem = str(exc)
            if problem is None and skip_existing and os.path.lexists(target):
                skipped += 1
                continue
        jobs.append(ExtractJob(inp, target, fmt, encoding, max_bytes, problem and f"cannot write output ({problem})"))
    return jobs, skipped


def input_size(job: ExtractJob) -> int:
    """The size of a job's input file in bytes (0 for stdin or a file that cannot be read): its cost."""
    try:
        return os.stat(job.input.path).st_size if job.input.path != STDIN and not job.input.problem else 0
    except OSError:
        return 0


def run_extract(jobs: Sequence[ExtractJob], options: Options, *, skipped: int = 0) -> int:
    """Run `extract_one` over `jobs`: outputs written by the workers (or streamed to stdout in input
    order), failures reported, the summary printed unless quiet. Returns the exit code (0 or 1)."""
    t0 = time.perf_counter()
    totals = [0] * len(COUNTS)
    failed = 0
    by_code: dict[str, list[str]] = {}                 # warning code -> the inputs that raised it
    if options.cost is None and all(job.target is not None for job in jobs):   # results are small: any order
        options = replace(options, cost=input_size)
    for o in run(jobs, extract_one, options):
        if o.error is not None:
            failed += 1
            continue
        payload, counts, codes = o.value
        if payload is not None:
            sys.stdout.write(payload)
        totals = [a + b for a, b in zip(totals, counts)]
        for code in codes:
            by_code.setdefault(code, []).append(o.item.input.name)
    sys.stdout.flush()
    if not options.quiet:
        counts = {"files": len(jobs) + skipped, "failed": failed}
        if skipped:
            counts["skipped"] = skipped
        summary({**counts, **dict(zip(COUNTS, totals))}, elapsed(t0))
        if by_code:
            code_summary(by_code)
    return 1 if failed else 0
