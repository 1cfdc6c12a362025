"""What the commands share: options, the batch of a reporting command, messages, terminal-safe text, and
the finishing touches every command gets (`-h`, plain help with an example section, stdout errors).

For command modules:
* `Batch(paths, encoding, jobs=1, quiet=False, max_bytes=..., label="files")`: the inputs of a command
  (batch.collect: files, folders, "-"; usage problems exit 2); `.each(work)` runs `work(Job)` on `jobs`
  processes through batch.run (progress bar on a terminal, `path: reason` lines, Ctrl-C) and yields
  `(Input, value)` in input order; `.finish(**counts)` prints the summary (unless quiet) and returns
  the exit code (1 when an input failed). `work` is a module-level function (or a functools.partial
  of one) returning small rows, not a ParseResult: only what the command aggregates crosses processes.
* `Parsed(paths, encoding, jobs=1, quiet=True)`: a Batch yielding `(path, ParseResult)` (for callers
  that want whole results; the commands send rows instead).
* `safe(text)`: titles and names made harmless for a terminal (escape sequences, bidi controls shown).
* `numbered(table_id, total)`: "tb7" -> "tb07" when the document has 10-99 tables (names that sort).
* `encoding_option()`, `jobs_option()`, `quiet_option()`, `max_bytes_option()`: the shared options
  (`--encoding` checks the codec: an unknown one is a usage error, exit 2).
* `EXAMPLES`: the examples shown at the end of each command's --help.
"""
from __future__ import annotations

import errno
import functools
import os
import sys
import time
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any, NamedTuple

import typer

from ..batch import MAX_BYTES, STDIN, STDIN_NAME, Input, say  # noqa: F401 - say is for the command modules
from ..runtime import cached_patterns

ENCODING_HELP = "auto (BOM, UTF-8, GB18030), or any codec name: utf-8, gb18030, utf-16, big5 ..."
PATHS_HELP = ("Files, directories (every *.txt, *.html, *.htm, *.docx and *.pdf under them, recursively; the "
              "format is found from the content) or - for stdin.")


def _stderr():
    """A rich console on stderr, at least 120 columns when not a terminal (for commands that print
    tables there; one-line messages go through `say`, which never wraps)."""
    from rich.console import Console
    c = Console(stderr=True)
    if not c.is_terminal:
        c.width = max(c.width, 120)
    return c


def safe(text: str | None) -> str:
    r"""`text` for a terminal: escape sequences and bidi controls shown as \x1b, \u202e (see
    output.terminal_safe); None -> "".

    >>> safe("标题\x1b[2J"), safe(None)
    ('标题\\x1b[2J', '')
    """
    from ..output import terminal_safe
    return terminal_safe(text or "")


def table_suffix(result, doc, table) -> str:
    """".d1.tb01": the part of a table's file name after the input's stem, numbers padded so that
    file names sort (tb01 … tb10 when a document has 10 or more tables)."""
    d, t = table.id.split(".", 1) if "." in table.id else (doc.id, table.id)
    return f".{numbered(d, len(result.documents))}.{numbered(t, len(doc.tables))}"


def numbered(item_id: str, total: int) -> str:
    """An id whose number is zero-padded to the width of `total`, so that file names sort:

    >>> [numbered(f"tb{k}", 12) for k in (1, 2, 10)]
    ['tb01', 'tb02', 'tb10']
    >>> numbered("tb3", 9), numbered("d1.tb3", 120)
    ('tb3', 'd1.tb003')
    """
    head = item_id.rstrip("0123456789")
    digits = item_id[len(head):]
    return head + digits.zfill(len(str(max(total, 1)))) if digits else item_id


def check_encoding(value: str) -> str:
    """Typer callback: "auto" or a known text codec; anything else is a usage error (exit 2)."""
    import codecs
    if value == "auto":
        return value
    try:
        ok = codecs.lookup(value)._is_text_encoding
    except LookupError:
        ok = False
    if not ok:
        raise typer.BadParameter(f"unknown text encoding {value!r} (try auto, utf-8, gb18030, utf-16, big5)")
    return value


def encoding_option():
    """The `--encoding` option every command shares."""
    return typer.Option("auto", "--encoding", help=ENCODING_HELP, callback=check_encoding)


def jobs_option():
    """The `--jobs` option every batch command shares (pass it to Parsed)."""
    return typer.Option(1, "--jobs", "-j", min=0, help="Worker processes (0 = all cores).")


def quiet_option(what: str = "No progress bar and no summary."):
    """The `--quiet/-q` flag (a flag: `--quiet true` would read "true" as an input)."""
    return typer.Option(False, "--quiet", "-q", help=what)


def max_bytes_option():
    """The `--max-bytes` option every command that reads inputs shares."""
    return typer.Option(MAX_BYTES, "--max-bytes", min=0, help="Refuse inputs larger than this (stdin included).")


def collect_inputs(paths: list[str]):
    """batch.collect, with the usage errors of an empty or doubled input list (exit 2)."""
    from ..batch import collect
    if paths.count(STDIN) > 1:
        raise typer.BadParameter("'-' (stdin) may be given once", param_hint="PATHS")
    inputs = collect(paths)
    if not inputs:
        raise typer.BadParameter("no input files found", param_hint="PATHS")
    return inputs


class Job(NamedTuple):
    """What a worker gets for one input (batch.run names failures after `input`)."""

    input: Input
    encoding: str
    max_bytes: int


class Batch:
    """The inputs of a command and their run through the batch machinery (see the module docstring).
    An unreadable input is printed as `name: reason` on stderr and counted in `failed`, never raised;
    reads are bounded by `max_bytes`, stdin included."""

    def __init__(self, paths: list[str], encoding: str = "auto", *, jobs: int = 1, quiet: bool = False,
                 max_bytes: int = MAX_BYTES, label: str = "files", warm: Callable[[], None] | None = None):
        self.encoding = check_encoding(encoding)
        self.warm = warm                        # run once before the workers fork (default: batch.warm_up)
        self.inputs = collect_inputs(paths)
        self.files = [i.path for i in self.inputs]
        self.jobs, self.quiet, self.max_bytes, self.label = jobs, quiet, max_bytes, label
        self.failed = 0
        self._outputs = None
        self._t0 = time.perf_counter()

    def each(self, work: Callable[[Job], Any]) -> Iterator[tuple[Input, Any]]:
        """(input, work(Job)) for every input that did not fail, in input order."""
        from .. import batch
        jobs = [Job(inp, self.encoding, self.max_bytes) for inp in self.inputs]
        for o in batch.run(jobs, work, batch.Options(jobs=self.jobs, quiet=self.quiet, label=self.label,
                                                                  warm=self.warm)):
            if o.error is not None:
                self.failed += 1
                continue
            yield o.item.input, o.value

    def finish(self, **counts: int) -> int:
        """The summary on stderr (files, failed, then `counts`, seconds) unless quiet; the exit code."""
        if not self.quiet:
            from ..batch import summary
            summary({"files": len(self.inputs), "failed": self.failed, **counts}, time.perf_counter() - self._t0)
        return 1 if self.failed else 0

    def write(self, out, path: str, suffix: str, ext: str, text: str):
        """Write `text` for the input `path` (its path or display name) to DIR/<the input's relative path,
        suffix replaced by `suffix`.`ext`>, through the run's written-set (never twice, never over an
        input, never outside DIR); ValueError / OSError."""
        from ..batch import Outputs
        if self._outputs is None or self._outputs.dir != out:
            self._outputs = Outputs(out, self.inputs)
        inp = next(i for i in self.inputs if path in (i.path, i.name))
        target = self._outputs.target(inp, ext, suffix)
        self._outputs.write(target, text, inp.name)
        return target


class Parsed(Batch):
    """A Batch yielding (path, ParseResult), path "-" for stdin (whole results cross processes: for
    callers that need them; the commands send rows instead)."""

    def __init__(self, paths: list[str], encoding: str = "auto", *, jobs: int = 1, quiet: bool = True,
                 max_bytes: int = MAX_BYTES):
        super().__init__(paths, encoding, jobs=jobs, quiet=quiet, max_bytes=max_bytes)

    def __iter__(self):
        for inp, result in self.each(parse_job):
            yield inp.path, result


def parse_job(job: Job):
    """The ParseResult of one input."""
    from ..batch import parse
    return parse(job.input, job.encoding, job.max_bytes)


def parse_job_with_text(job: Job):
    """(ParseResult, the text its spans index or None) of one input, for work functions that need both."""
    from ..batch import parse_with_text
    return parse_with_text(job.input, job.encoding, job.max_bytes)


class Engine(str, Enum):
    """Where `extract` and `flatten` run: worker processes here, or a Dask cluster."""

    local = "local"
    dask = "dask"


# --- what every command gets --------------------------------------------------------------------------

EXAMPLES = {
    "extract": ["policyparse extract notice.txt > notice.json",
                "policyparse extract corpus/ -o out/ --jobs 0      # out/2025/北京.json for corpus/2025/北京.txt",
                "policyparse extract corpus/ -o out/ --skip-existing   # resume an interrupted batch",
                "policyparse extract a.txt b.txt -f jsonl | jq .documents[].title",
                "curl -s URL | policyparse extract - -q",
                "policyparse extract corpus/ -f parquet -o tables/ -j 0   # the flat tables of `flatten`",
                "policyparse extract s3://bucket/2025/ -o s3://bucket/json/ --engine dask --scheduler tcp://host:8786"],
    "schema": ["policyparse schema > parse_result.schema.json",
               "policyparse schema --check                       # the packaged schema is current?"],
    "validate": ["policyparse validate out/*.json", "policyparse validate all.jsonl results.yaml"],
    "eval": ["policyparse eval --gold data/gold data/raw",
             "policyparse eval --gold data/gold out/ --show-misses --min targets.f1=0.9"],
    "outline": ["policyparse outline notice.txt", "policyparse outline corpus/ > outlines.txt"],
    "units": ["policyparse units corpus/ -f csv > who.csv"],
    "targets": ["policyparse targets plan.txt", "policyparse targets corpus/ -f csv > targets.csv",
                "policyparse targets corpus/ -j 0 -q -o targets.xlsx     # all cores, no progress bar"],
    "tables": ["policyparse tables plan.txt", "policyparse tables corpus/ -f csv -o tables/"],
    "panel": ["policyparse panel reports/ -o panel.xlsx", "policyparse panel reports/ --long -o cells.csv --bom"],
    "review": ["policyparse review notice.txt -o notice.html", "policyparse review corpus/ -o review/ -j 0"],
    "text": ["policyparse text plan.pdf > plan.txt", "policyparse text - < page.html"],
    "explain": ["policyparse explain notice.txt", "policyparse explain notice.txt --json --dropped"],
    "flatten": ["policyparse flatten corpus/ -o tables/",
                "policyparse flatten s3://bucket/2025/ -o s3://bucket/tables/ --engine dask --scheduler tcp://host:8786"],
}


def _epilog(name: str) -> str | None:
    lines = EXAMPLES.get(name)
    return "Examples:\n\n\b\n" + "\n".join(f"  {x}" for x in lines) if lines else None


def finish(app: typer.Typer) -> None:
    """Called once the commands are registered: `-h` as well as `--help`; plain help (flags shown as
    flags, no boxes, errors never wrapped); an Examples section per command; metavars in CAPITALS;
    a failed stdout (broken pipe, a full disk) ends with one message instead of a traceback."""
    import inspect
    from typer.models import ArgumentInfo
    app.rich_markup_mode = None
    app.info.context_settings = {"help_option_names": ["-h", "--help"]}
    for info in app.registered_commands:
        name = info.name or info.callback.__name__.lower().replace("_", "-")
        info.epilog = info.epilog or _epilog(name)
        for p in inspect.signature(info.callback).parameters.values():
            if isinstance(p.default, ArgumentInfo) and p.default.metavar is None:
                p.default.metavar = p.name.upper()
        info.callback = guard_stdout(info.callback)


_STDOUT_ERRORS = {errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EBADF,
                  getattr(errno, "EDQUOT", errno.ENOSPC)}


def guard_stdout(command):
    """Flush stdout before the command ends; a write that fails (reader gone, disk full) prints one
    line and exits 1, and stdout is pointed at /dev/null so the interpreter's last flush stays quiet."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            try:
                with cached_patterns():                 # runtime.py: the patterns compiled in an earlier run
                    return command(*args, **kwargs)
            finally:
                sys.stdout.flush()
        except OSError as exc:
            if exc.errno not in _STDOUT_ERRORS:
                raise
            _silence_stdout()
            if exc.errno == errno.EPIPE:
                say("policyparse: stdout was closed before the output ended (broken pipe); stopped")
            else:
                say(f"policyparse: cannot write to stdout ({exc.strerror or exc})")
            raise typer.Exit(1) from None
    return wrapper


def _silence_stdout() -> None:
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass
