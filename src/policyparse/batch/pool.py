"""Running one function over many items, in order, on worker processes: the pool, its process state
(signals, the cyclic garbage collector), Ctrl-C, the progress bar."""
from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .inputs import STDIN_NAME, Input
from .messages import _console, _stderr_is_terminal, say

@dataclass(frozen=True)
class Options:
    jobs: int = 1                  # worker processes; 0 = every core this process may use
    quiet: bool = False            # no progress bar
    label: str = "files"           # what the progress bar counts
    warm: Callable[[], None] | None = None   # run once in the parent before forking (default: a small parse)
    cost: Callable[[Any], int] | None = None # a guess of an item's work (its size): workers take the costliest
                                             # first, so a batch does not end waiting on one big file


class Outcome(NamedTuple):
    item: Any
    value: Any
    error: str | None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def warm_up() -> None:
    """Import the stages and compile their cached patterns once (forked workers inherit them)."""
    from ..pipeline import parse_text
    parse_text("一、总体要求\n（一）发展目标。到2025年，全市软件业务收入达100亿元（牵头单位：市经济信息委）。\n"
               "专栏1 重点工程\n序号 | 任务 | 牵头单位\n1 | 推进建设 | 市财政局\n")


def _name(item) -> str:
    inp = item if isinstance(item, Input) else getattr(item, "input", None)
    return getattr(inp, "name", None) or getattr(item, "name", None) or str(item)


def _problem(item) -> str | None:
    inp = item if isinstance(item, Input) else getattr(item, "input", None)
    return getattr(item, "problem", None) or getattr(inp, "problem", None)


def _call(work: Callable, item) -> tuple[Any, str | None]:
    """Run `work(item)` and turn any exception into a `name: reason` line (runs in the workers)."""
    from ..diagnostics import PolicyParseError
    try:
        return work(item), None
    except PolicyParseError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a bug in a stage (even RecursionError) must not stop the batch
        return None, f"{_name(item)}: internal error ({type(exc).__name__}: {exc}); please report this file"
    finally:
        if _IN_WORKER:
            gc.collect()              # cyclic garbage of this item (cheap: the warm heap is frozen)


_IN_WORKER = False


def _worker_init() -> None:
    """Process state of a worker: Ctrl-C is the parent's to handle (it stops the workers, so a
    terminal's SIGINT to the process group prints one message, not a traceback per worker); the
    objects inherited from the parent's warm-up are frozen out of the cyclic collector, which is off
    while a file is parsed and run once between files."""
    import signal
    global _IN_WORKER
    _IN_WORKER = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)       # the parent stops the batch: clean up, then exit
    sys.unraisablehook = _unraisable
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})     # blocked by the parent around fork
    gc.freeze()
    gc.disable()


def _stop_worker(signum, frame):
    """SIGTERM from the parent (Ctrl-C, or the caller stopped early): raise SystemExit, so that an output
    being written is removed by write_atomic's clean-up instead of left as a temp file."""
    raise SystemExit(128 + signum)


def _unraisable(info) -> None:
    """The SystemExit of a SIGTERM that landed inside a finaliser (`__del__`, run by the collector) cannot
    propagate: Python would print "Exception ignored … Traceback" and go on parsing. Raise it again 1 ms
    later instead, outside the finaliser (again if it lands in one)."""
    import signal
    if isinstance(info.exc_value, SystemExit) and hasattr(signal, "setitimer"):
        signal.signal(signal.SIGALRM, lambda signum, frame: _stop_worker(signal.SIGTERM, frame))
        signal.setitimer(signal.ITIMER_REAL, 0.001)
        return
    sys.__unraisablehook__(info)


@contextlib.contextmanager
def _sigint_blocked():
    """SIGINT held back (not lost) while workers are forked: a child inherits the mask, so it cannot be
    interrupted before it ignores SIGINT; the parent gets a pending Ctrl-C when the mask is restored."""
    import signal
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _worker(conn, todo: Sequence, order: Sequence[int], work: Callable, counter, lock) -> None:
    """Take the next place in `order` from the shared counter, do that item, send (index, value, error).
    One small message per item costs the parent ~7 µs (measured: 20 000 items, 2 workers); a result is
    never held back, so a worker that dies loses only the item it was working on."""
    _worker_init()
    try:
        while True:
            with lock:
                i = counter.value
                counter.value = i + 1
            if i >= len(order):
                break
            j = order[i]
            conn.send((j, *_call(work, todo[j])))
    except OSError:                                   # the parent is gone or stopped the batch
        pass
    finally:
        conn.close()


class _Pool:
    """`jobs` forked workers over a list known in advance: the list is inherited (not sent), each
    worker pulls indices from a shared counter (load balancing) and sends each result back.
    A worker that dies (killed, out of memory) costs only the items it held: they fail with a reason,
    the others go on. Iterating yields (index, value, error) in completion order."""

    def __init__(self, jobs: int, todo: Sequence, work: Callable, order: Sequence[int] | None = None):
        import multiprocessing as mp
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        self.n = len(todo)
        self.todo = todo
        self.counter = ctx.RawValue("q", 0)
        self.lock = ctx.Lock()
        self.procs: dict = {}
        with _sigint_blocked():                      # a worker ignores Ctrl-C from its first instruction
            for _ in range(jobs):
                recv, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_worker, args=(send, todo, range(self.n) if order is None else order, work,
                                                         self.counter, self.lock), daemon=True)
                proc.start()
                send.close()
                self.procs[recv] = proc

    def __iter__(self) -> Iterator[tuple[int, Any, str | None]]:
        from multiprocessing.connection import wait
        reported = bytearray(self.n)
        seen = 0
        while self.procs:
            for conn in wait(list(self.procs)):
                try:
                    i, value, error = conn.recv()
                except (EOFError, OSError):              # the worker finished (or died)
                    self.procs.pop(conn).join()
                    conn.close()
                    continue
                reported[i] = 1
                seen += 1
                yield i, value, error
        if seen < self.n:                                # a worker died while working on these items
            for i in range(self.n):
                if not reported[i]:
                    yield i, None, (f"{_name(self.todo[i])}: a worker process died while working on this input "
                                    "(out of memory? killed?)")

    def stop(self) -> None:
        for proc in self.procs.values():
            proc.terminate()                         # SIGTERM: the worker cleans up (see _stop_worker)
        for conn, proc in self.procs.items():
            proc.join(timeout=5)
            if proc.is_alive():                      # stuck in one long C call: no clean-up possible
                proc.kill()
                proc.join()
            conn.close()
        self.procs.clear()


def run(items: Sequence, work: Callable, options: Options = Options()) -> Iterator[Outcome]:
    """`work(item)` for every item, in order; see the module docstring. Failures are printed and yielded."""
    items = list(items)
    jobs = cores() if options.jobs == 0 else max(1, options.jobs)
    todo = [it for it in items if not _problem(it)]
    parallel = jobs > 1 and len(todo) > 1 and not any(_name(it) == STDIN_NAME for it in todo)
    progress = _Progress(len(items), options) if len(items) > 1 else None
    pool = None
    done = 0
    was_enabled = gc.isenabled()
    sigint = _Sigint()
    try:
        if parallel:
            (options.warm or warm_up)()
            gc.freeze()                               # shared pages stay shared in the forked workers
            pool = _Pool(min(jobs, len(todo)), todo, work, dispatch_order(todo, options.cost))
            results = _in_order(pool, len(todo))
        else:
            gc.disable()
            results = (_call(work, it) for it in todo)
        for item in items:
            sigint.check()                            # Ctrl-C while the caller held the last outcome
            problem = _problem(item)
            if problem:
                value, error = None, f"{_name(item)}: {problem}"
            else:
                value, error = next(results)
                if not parallel and done + 1 < len(items):   # the same process state as a worker's:
                    with sigint.deferred():                   # (finalisers run here would swallow Ctrl-C)
                        gc.collect()                          # this item's cyclic garbage, then the
                        gc.freeze()                           # survivors (imports, caches) out of reach
            done += 1
            if error is not None:
                say(error)
            if progress:
                progress.advance()
            sigint.check()
            yield Outcome(item, value, error)
    except KeyboardInterrupt:
        if pool:
            pool.stop()
        if progress:
            progress.stop()
            progress = None
        say(f"interrupted after {done} of {len(items)} {options.label}" + ("" if not parallel else
            " (the workers may have finished a few more)") + "; only complete outputs were written")
        raise SystemExit(130) from None
    finally:
        sigint.restore()
        if pool:
            pool.stop()                               # finished: nothing left; stopped early: terminated
        if progress:
            progress.stop()
        if was_enabled:
            gc.enable()
        gc.unfreeze()


def dispatch_order(todo: Sequence, cost: Callable[[Any], int] | None) -> list[int] | None:
    """The order the workers take the items in: costliest first (longest processing time first: the batch
    ends on small items, not on a big one begun last; 100 seed copies at --jobs 2 end up to 0.1 s sooner),
    ties in input order; None (input order) without a cost.

    >>> dispatch_order(["a", "bbb", "cc", "ddd"], len)
    [1, 3, 2, 0]
    """
    if cost is None:
        return None
    costs = [cost(it) for it in todo]
    return sorted(range(len(todo)), key=lambda i: -costs[i])


def _in_order(pool: _Pool, n: int) -> Iterator[tuple[Any, str | None]]:
    """(value, error) of items 0..n-1 in order, from the pool's completion order."""
    waiting: dict[int, tuple] = {}
    nxt = 0
    for i, value, error in pool:
        waiting[i] = (value, error)
        while nxt in waiting:
            yield waiting.pop(nxt)
            nxt += 1


class _Sigint:
    """Ctrl-C during a batch, handled inside `run` whenever it lands: a KeyboardInterrupt raised in a
    finaliser (`__del__` run by the garbage collector between files) would be swallowed with a stray
    traceback, and one raised in the caller's loop body would skip the message; there the handler only
    sets a flag, checked before and after every file. Installed only where Python's own handler is (not where
    SIGINT is ignored, e.g. under nohup), and only in the main thread."""

    def __init__(self):
        import signal
        import threading
        self.hit = self.defer = False
        self.previous = None
        if threading.current_thread() is threading.main_thread() and \
                signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self.previous = signal.signal(signal.SIGINT, self._handler)

    def _handler(self, signum, frame):
        self.hit = True
        if self.defer:
            return
        while frame is not None:                     # raise only inside run(): the consumer's code between
            if frame.f_code is run.__code__:         # two outcomes is not ours to interrupt (the flag stops
                raise KeyboardInterrupt              # the batch when it asks for the next outcome)
            frame = frame.f_back

    @contextlib.contextmanager
    def deferred(self):
        self.defer = True
        try:
            yield
        finally:
            self.defer = False

    def check(self):
        if self.hit:
            raise KeyboardInterrupt

    def restore(self):
        if self.previous is not None:
            import signal
            signal.signal(signal.SIGINT, self.previous)
            self.previous = None


def _stdout_is_stderr_terminal() -> bool:
    """stdout is the terminal the progress bar draws on (stderr's)."""
    try:
        return sys.stdout.isatty() and os.path.samestat(os.fstat(sys.stdout.fileno()), os.fstat(sys.stderr.fileno()))
    except (AttributeError, ValueError, OSError):
        return False


class _Progress:
    """A rich progress bar on stderr, only on a terminal and without --quiet."""

    def __init__(self, total: int, options: Options):
        self.bar = None
        if options.quiet or not _stderr_is_terminal():
            return
        from rich.progress import Progress
        # rich redirects sys.stdout through the bar's console (stderr) while the bar shows: right only when
        # stdout is that same terminal; data for a file or a pipe must reach stdout itself
        self.bar = Progress(console=_console(), transient=True, redirect_stdout=_stdout_is_stderr_terminal())
        self.task = self.bar.add_task(options.label, total=total)
        self.bar.start()

    def advance(self):
        if self.bar:
            self.bar.advance(self.task)

    def stop(self):
        if self.bar:
            self.bar.stop()
            self.bar = None
