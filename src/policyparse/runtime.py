"""Run-time settings of a parse that are no stage's business."""
from __future__ import annotations

import contextlib
import gc
import re
import sys


@contextlib.contextmanager
def no_cyclic_gc():
    """A parse allocates many short-lived acyclic objects; the cyclic collector's repeated passes over
    them cost about half the time on heading-dense inputs (measured: 3.9 s -> 2.0 s for 10^5 headings)
    and nothing is freed by them. Reference counting still frees everything; the collector is
    re-enabled (if it was on) when the parse ends.

    Re-enabled as it is, the collector's next pass would walk every object the parse made and still holds
    (the result, 0.12-0.16 s per MB on dense inputs) and free none: a parse leaves no cyclic garbage
    (measured on the real corpus and the hostile shapes). So they are moved to the oldest generation
    unscanned first (freeze, then unfreeze), as they would reach it anyway; skipped when the program has
    frozen objects of its own, which unfreeze would release."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


# -- compiled patterns kept between runs ---------------------------------------------------------------
# The `regex` module parses and optimises a pattern in Python: the ~340 patterns of a parse cost 0.13-0.19 s of
# CPU per process, a third of a cold `policyparse extract` of one file (the parse itself: 0.01 s). What that
# work ends in is the argument list of `_regex.compile` (ints, strings, lists, dicts): kept in a marshal file,
# keyed by the pattern, its flags and the regex version, a pattern is rebuilt by the C compiler alone. The
# command line turns this on around a command (`cached_patterns`); a library caller's process is left alone.
PATTERN_CACHE_ENV = "POLICYPARSE_PATTERN_CACHE"        # a file path, or "0" to keep no cache
_MEMO_MAX = 4096                                      # patterns held per process (as regex's own cache does)
_FILE_MAX = 1_500_000   # bytes: a file grown past it keeps the patterns of the last run only (a pattern built
                        # per process, as an alternation in set order, is new to every run: the file stays small)
_ACTIVE: list[str] = []                               # the cache in use (one at a time)
_re_compiler = re._compiler                           # (the standard library's pattern compiler)


def pattern_cache_path() -> str | None:
    """Where the compiled patterns are kept: $POLICYPARSE_PATTERN_CACHE, else the user's cache folder
    ($XDG_CACHE_HOME or ~/.cache)/policyparse; None when turned off ("0") or no folder is known."""
    import os

    import regex
    where = os.environ.get(PATTERN_CACHE_ENV)
    if where == "0":
        return None
    if where:
        return where
    base = os.environ.get("XDG_CACHE_HOME") or (os.path.join(os.path.expanduser("~"), ".cache")
                                                if os.path.expanduser("~") != "~" else None)
    if not base:
        return None
    # (-2: the files before it kept the standard library's own patterns too, some spelt anew in every run)
    return os.path.join(base, "policyparse", f"patterns-2-regex{regex.__version__}-py{sys.version_info[0]}"
                        f"{sys.version_info[1]}.marshal")


@contextlib.contextmanager
def cached_patterns(path: str | None = None):
    """Within the block, `regex` builds a pattern it has built before (in any run that used `path`) from the
    kept compiler arguments; patterns new to the file are added to it when the block ends (written whole,
    atomically; a file that cannot be read or written is ignored). Patterns with named lists or a locale
    are compiled as usual. The compiled patterns are the ones `regex` itself makes: same code, same flags."""
    import threading

    import regex
    from regex import _main

    path = pattern_cache_path() if path is None else path
    if path is None or _ACTIVE or not _hooks_known(_main):
        yield                                          # turned off, or already on (a command run by a command)
        return
    kept = _load(path)
    orig, c_compile = _main._compile, _main._regex.compile
    new: dict = {}
    used: set = set()                                  # the kept entries this run asked for
    memo: dict = {}
    seen: list = []
    lock = threading.Lock()

    def capture(*args):
        seen.append(args)
        return c_compile(*args)

    def compile_(pattern, flags, ignore_unused, kwargs, cache_it):
        if kwargs or type(pattern) is not str or int(flags) & (regex.LOCALE | regex.DEBUG):
            return orig(pattern, flags, ignore_unused, kwargs, cache_it)
        key = (pattern, int(flags), int(regex.DEFAULT_VERSION))
        done = memo.get(key)
        if done is not None:
            return done
        args = kept.get(key)
        if args is not None:
            used.add(key)
            try:
                done = c_compile(*args)
            except Exception:                          # noqa: BLE001 - a stale entry: compile as usual
                done = None
        if done is None:
            with lock:                                 # one capture at a time (a command may run threads)
                seen.clear()
                _main._regex.compile = capture
                try:
                    done = orig(pattern, flags, ignore_unused, kwargs, False)
                finally:
                    _main._regex.compile = c_compile
            if len(seen) == 1 and seen[0][0] == pattern and not int(seen[0][1]) & regex.LOCALE:
                a = seen[0]
                new[key] = (a[0], int(a[1]), *a[2:9], int(a[9]), a[10])
        if cache_it and len(memo) < _MEMO_MAX:
            memo[key] = done
        return done

    _main._compile = compile_
    std = _StdCompile(kept, used, new, lock)
    if std.hooks_known:
        _re_compiler.compile = std
    _ACTIVE.append(path)
    try:
        yield
    finally:
        _main._compile = orig
        if std.hooks_known:
            _re_compiler.compile = std.orig
        _ACTIVE.pop()
        if new:
            _save(path, kept, used, new)


# The standard library's `re` does the same in Python (the heading grammar and the quantity pattern it compiles,
# lexicons.std_re: 5-9 ms each): its compiler ends in `_sre.compile(pattern, flags, code, groups, groupindex,
# indexgroup)`, kept the same way under ("re", pattern, flags, _sre.MAGIC) in the same file.
class _SreCapture:
    """`_sre` with its `compile` recording the arguments it is given (everything else read from `_sre`)."""

    def __init__(self, real, seen: list):
        self._real, self._seen = real, seen

    def __getattr__(self, name: str):
        return getattr(self._real, name)

    def compile(self, *args):
        self._seen.append(args)
        return self._real.compile(*args)


class _StdCompile:
    """A stand-in for `re._compiler.compile(p, flags)` that builds a kept pattern from its `_sre.compile`
    arguments and captures those of a new one."""

    def __init__(self, kept: dict, used: set, new: dict, lock):
        import inspect
        self.kept, self.used, self.new, self.lock = kept, used, new, lock
        self.orig = _re_compiler.compile
        sre = getattr(_re_compiler, "_sre", None)
        try:
            params = tuple(inspect.signature(self.orig).parameters)
        except (TypeError, ValueError):
            params = ()
        self.hooks_known = params == ("p", "flags") and callable(getattr(sre, "compile", None)) \
            and isinstance(getattr(sre, "MAGIC", None), int)
        self.magic = getattr(sre, "MAGIC", None)

    def __call__(self, p, flags=0):
        if type(p) is not str:
            return self.orig(p, flags)
        key = ("re", p, int(flags), self.magic)
        args = self.kept.get(key)
        sre = _re_compiler._sre
        if args is not None:
            self.used.add(key)
            try:
                return sre.compile(*args)
            except Exception:                          # noqa: BLE001 - a stale entry: compile as usual
                pass
        seen: list = []
        with self.lock:                                # one capture at a time
            _re_compiler._sre = _SreCapture(sre, seen)
            try:
                done = self.orig(p, flags)
            finally:
                _re_compiler._sre = sre
        if len(seen) == 1 and seen[0][0] == p and _asked_by_us():
            a = seen[0]
            self.new[key] = (a[0], int(a[1]), [int(x) for x in a[2]], int(a[3]),   # (opcodes: int subclasses)
                             {str(k): int(v) for k, v in a[4].items()}, tuple(a[5]))
        return done


def _asked_by_us(depth: int = 12) -> bool:
    """Is a policyparse module (not this one) among the callers of this `re` compile? Only such patterns are
    kept: the standard library compiles patterns of its own inside the block, some spelt anew in every
    process (tokenize's string prefixes come from a set), and keeping them rewrote the file on every run."""
    frame = sys._getframe(2)
    while frame is not None and depth:
        name = frame.f_globals.get("__name__", "")
        if name.startswith("policyparse.") and name != __name__:
            return True
        frame, depth = frame.f_back, depth - 1
    return False


# the private hooks of `regex` this relies on, as regex 2023-2026 define them; any other shape: no cache
_COMPILE_PARAMS = ("pattern", "flags", "ignore_unused", "kwargs", "cache_it")


def _hooks_known(main) -> bool:
    """Does `regex._main` have the `_compile(pattern, flags, ignore_unused, kwargs, cache_it)` and
    `_regex.compile` this module wraps? (A later regex that changes them runs without the cache.)"""
    import inspect
    try:
        params = tuple(inspect.signature(main._compile).parameters)
    except (AttributeError, TypeError, ValueError):
        return False
    return params == _COMPILE_PARAMS and callable(getattr(getattr(main, "_regex", None), "compile", None))


def _load(path: str) -> dict:
    """The kept patterns of the file at `path` ({} when it is missing or unreadable)."""
    import marshal
    try:
        with open(path, "rb") as fh:
            kept = marshal.loads(fh.read())   # (marshal.load(fh) reads object by object: 80-130 ms, not 6)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return kept if isinstance(kept, dict) else {}


def _save(path: str, kept: dict, used: set, new: dict) -> None:
    """The file at `path` rewritten whole (a temporary file, then os.replace) with the new patterns added; past
    _FILE_MAX bytes, with this run's patterns only. A file that cannot be written is left as it was."""
    import marshal
    import os
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        blob = marshal.dumps({**kept, **new})
        if len(blob) > _FILE_MAX:
            blob = marshal.dumps({**{k: kept[k] for k in used}, **new})
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass
