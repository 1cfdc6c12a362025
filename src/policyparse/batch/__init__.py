"""Batches for the command line: which inputs, where outputs go, worker processes, progress, summary.

Every command that reads many inputs goes through here, so all of them share `--jobs`, the progress bar,
`--quiet`, the `path: reason` lines on stderr and the exit codes. The library (`parse_*`) knows nothing
of processes, terminals or files to write; this module holds that process state (the pool, signals, the
cyclic garbage collector switched off in the workers) and the file-system rules:

* a directory contributes every `*.txt`, `*.html`, `*.htm`, `*.docx` and `*.pdf` under it (SUFFIXES; the
  format itself is found from the content by convert/), recursively, in sorted order;
* inputs are regular files only: a FIFO, socket or device is refused with a reason (never read, so it
  never blocks); inside a directory, every input (see SUFFIXES) that is not a regular file, every
  symbolic link that leads outside the directory given, and every loop is reported, never skipped
  silently;
* stdin (`-`, shown as `<stdin>` everywhere) is read to at most `--max-bytes` (+1 byte to detect it);
* outputs go under `-o DIR` at the input's path relative to the directory given (2025/北京.txt ->
  DIR/2025/北京.json); one written-set per run refuses a second output of the same name and an output
  that would replace an input; files are written atomically, by the workers themselves.

API (all a command needs)::

    from policyparse import batch
    inputs = batch.collect(paths)                      # [Input]; problems travel with the input
    for o in batch.run(inputs, work, batch.Options(jobs=2, label="outline")):
        if o.error is None:
            use(o.item, o.value)                       # value = work(item), computed in a worker
    raise typer.Exit(1 if any failure else 0)

* `collect(paths, suffixes=SUFFIXES) -> list[Input]`: files as given, directories walked (sorted),
  "-" for stdin; duplicates (the same file twice) dropped. `Input.problem` says why one cannot be read.
* `read(inp, max_bytes) -> bytes` and `parse(inp, encoding, max_bytes) -> ParseResult`: bounded reads
  of regular files and stdin (a terminal on stdin gets "reading stdin (Ctrl-D to end)");
  `parse_with_text(inp, encoding, max_bytes) -> (ParseResult, text or None)`: also the text the spans
  index (decoded or converted again from the bytes read once), for line numbers and review pages.
* `run(items, work, options) -> Iterator[Outcome(item, value, error)]`: `work(item)` (a module-level
  function, so it can be sent to workers) for each item, on `options.jobs` processes, outcomes in
  input order as soon as they are ready. An item with a `problem` fails without being scheduled; a
  `PolicyParseError` becomes `name: reason`, any other exception `name: internal error (...)`; every
  failure is printed on stderr (one line, never wrapped, terminal-safe) and yielded. Ctrl-C stops the
  pool, says how far the batch got, and exits 130. The progress bar (stderr, a terminal only) leaves
  stdout alone unless stdout is that same terminal. `work` should return what the caller aggregates
  (counts, rows), not whole ParseResults: every value is pickled to the parent.
* `Outputs(outdir, inputs)`: the written-set. `target(inp, ext)` -> the mirrored path, `claim(path,
  owner)` -> None or the reason it is refused, `write(path, text, owner)` claims and writes atomically.
* `say(line)`: one message line on stderr; `summary(counts, seconds)`: the table after a batch.
* `extract_one(job)`: the work of `policyparse extract` (parse, serialise, write or hand back).
"""
from __future__ import annotations

from .extract import COUNTS, ExtractJob, extract_one, plan_extract, run_extract, serialise
from .inputs import (INPUT_SUFFIXES, MAX_BYTES, STDIN, STDIN_NAME, STDIN_STEM, SUFFIXES, Input, collect, parse,
                     parse_with_text, read)
from .messages import say, summary
from .outputs import Outputs, write_file
from .pool import Options, Outcome, cores, run, warm_up

__all__ = ["COUNTS", "ExtractJob", "INPUT_SUFFIXES", "Input", "MAX_BYTES", "Options", "Outcome", "Outputs", "STDIN",
           "STDIN_NAME", "STDIN_STEM", "SUFFIXES", "collect", "cores", "extract_one", "parse", "parse_with_text",
           "plan_extract", "read", "run", "run_extract", "say", "serialise", "summary", "warm_up", "write_file"]
