"""The house rules that keep the code findable (issue 15, docs/architecture.md): no module over 400 lines,
no import circle between policyparse's modules, and the regexes kept in data files anchored and bounded."""
from __future__ import annotations

import ast
import re
import re._parser as sre_parse      # the standard library's own regex parser (the data files use `re` syntax)
import subprocess
import sys
import time
from pathlib import Path

import pytest
import regex

from policyparse.lexicons import load_list

PKG = Path(__file__).resolve().parents[1] / "src" / "policyparse"
MAX_LINES = 400


# ---------------------------------------------------------------- module size

def test_no_module_is_over_400_lines():
    sizes = {p.relative_to(PKG.parent).as_posix(): p.read_bytes().count(b"\n") for p in PKG.rglob("*.py")}
    assert len(sizes) > 50 and "convert/pdf.py" in {n.split("policyparse/", 1)[1] for n in sizes}   # sub-packages too
    over = {name: n for name, n in sorted(sizes.items()) if n > MAX_LINES}
    assert not over, f"modules over {MAX_LINES} lines (split them by concern): {over}"


# ---------------------------------------------------------------- the import graph

def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _imports(tree: ast.AST):
    """Every import statement, at module level or inside functions and classes; not the body of an
    `if TYPE_CHECKING:` block (never executed, so no circle at run time)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child
            elif _type_checking_only(child):
                todo.extend(child.orelse)
            else:
                todo.append(child)


def import_graph(root: Path) -> dict[str, set[str]]:
    """module -> the modules of the same top-level package it imports. `from X import a` counts as an
    import of the module X.a when there is one, else of X; relative imports are resolved."""
    top = root.name
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for mod, path in files.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        deps: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in files)
                continue
            if node.level:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target != top and not target.startswith(top + "."):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                deps.add(sub if sub in files else target)
        deps.discard(mod)
        graph[mod] = {d for d in deps if d in files}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One import circle per strongly connected component of two modules or more (Tarjan), as a path
    a -> b -> ... -> a."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    comps: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(comp)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    out = []
    for comp in comps:                 # a shortest way back to the start, inside the component
        start = min(comp)
        paths = {start: [start]}
        todo = [start]
        while todo and start not in paths.get("@back", []):
            v = todo.pop(0)
            for w in sorted(graph[v] & comp):
                if w == start:
                    paths.setdefault("@back", paths[v] + [start])
                elif w not in paths:
                    paths[w] = paths[v] + [w]
                    todo.append(w)
        out.append(paths["@back"])
    return out


def test_no_import_circle():
    found = cycles(import_graph(PKG))
    assert not found, "import circles (move what both sides need one floor down, see docs/architecture.md): " + \
        "; ".join(" -> ".join(c) for c in found)


def test_the_graph_sees_imports_inside_functions_and_relative_ones():
    g = import_graph(PKG)
    assert "policyparse.split" in g["policyparse.pipeline"]            # module level, relative
    assert "policyparse.pipeline" in g["policyparse.batch.pool"]       # inside a function (`from ..pipeline`)
    assert "policyparse.markers" in g["policyparse.lines"]             # `from . import markers`: the module


def test_a_circle_through_a_function_level_import_is_found(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .sub import b\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text("def f():\n    from ..c import x\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n"
                              "def g():\n    from pkg.sub import b\n")
    (pkg / "d.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n")
    assert cycles(import_graph(pkg)) == [["pkg.c", "pkg.sub.b", "pkg.c"]]
    (pkg / "a.py").write_text("from . import c\n")          # a package's submodule importing its parent is one too
    (pkg / "c.py").write_text("from pkg import a\n")
    assert cycles(import_graph(pkg)) == [["pkg.a", "pkg.c", "pkg.a"]]


# ---------------------------------------------------------------- the floors of docs/architecture.md

DOC = PKG.parents[1] / "docs" / "architecture.md"
STAGE_FLOOR = 3


def unit(module: str) -> str:
    """The top-level module or package a module belongs to: policyparse.convert.pdf -> "convert"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def doc_floors() -> dict[str, int]:
    """unit -> floor, from the table under "## Import floors" in docs/architecture.md."""
    out: dict[str, int] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*(\d)\.[^|]*\|([^|]*)\|", line)
        if m:
            for name in re.findall(r"`([^`]+)`", m.group(2)):
                out[name.rstrip("/")] = int(m.group(1))
    return out


def test_every_module_has_a_floor_and_a_line_in_the_module_map():
    floors = doc_floors()
    graph = import_graph(PKG)
    assert sorted({unit(m) for m in graph} - set(floors)) == [], "add them to the floors table"
    assert sorted(set(floors) - {unit(m) for m in graph}) == [], "the floors table names modules that are gone"
    text = DOC.read_text(encoding="utf-8")
    unnamed = [p.relative_to(PKG).as_posix() for p in sorted(PKG.rglob("*.py"))
               if f"`{p.relative_to(PKG).as_posix()}`" not in text]
    assert unnamed == [], "add a line to the module map of docs/architecture.md"


def test_imports_go_down_the_floors_and_stages_never_import_each_other():
    floors = doc_floors()
    wrong = []
    for a, deps in import_graph(PKG).items():
        for b in deps:
            ua, ub = unit(a), unit(b)
            if ua == ub or ua not in floors or ub not in floors:
                continue
            if floors[ub] > floors[ua]:
                wrong.append(f"{a} (floor {floors[ua]}) imports {b} (floor {floors[ub]})")
            elif floors[ua] == floors[ub] == STAGE_FLOOR:
                wrong.append(f"stage {a} imports stage {b}: hand it on as a record through pipeline.py")
    assert wrong == []


# ---------------------------------------------------------------- what the pipeline and --version load

# Third-party packages a parse may load: the contract models (pydantic and its helpers), regex, PyYAML.
# Everything else (lxml, pypdfium2, jinja2, XlsxWriter, pyarrow, dask, rich, typer ...) belongs to one input
# format, one command or one engine, and is imported there.
PIPELINE_MAY_LOAD = {"pydantic", "pydantic_core", "annotated_types", "typing_extensions", "typing_inspection",
                     "regex", "yaml", "_yaml"}


def _third_party_loaded(code: str) -> set[str]:
    """Top-level names of the installed packages that running `code` in a fresh interpreter imports
    (what the interpreter loads at start-up, such as setuptools' .pth hooks, is left out)."""
    probe = ("import sys, sysconfig\nbefore = set(sys.modules)\n" + code +
             "\nsite = {sysconfig.get_paths()[k] for k in ('purelib', 'platlib')}\n"
             "print(' '.join(sorted({n.split('.')[0] for n, m in list(sys.modules.items()) if n not in before\n"
             "    and any(str(getattr(m, '__file__', None) or '').startswith(s) for s in site)})))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_pipeline_imports_nothing_heavy():
    loaded = _third_party_loaded("from policyparse import parse_text\n"
                                 "parse_text('一、总体要求\\n到2025年，全市软件业务收入达100亿元（牵头单位：市经济信息委）。\\n')")
    assert {"pydantic", "regex"} <= loaded                   # the probe sees site-packages
    assert loaded - PIPELINE_MAY_LOAD <= {"policyparse"}, sorted(loaded - PIPELINE_MAY_LOAD)


def test_version_loads_only_the_command_line():
    loaded = _third_party_loaded("from typer.testing import CliRunner\nfrom policyparse.cli import app\n"
                                 "assert CliRunner().invoke(app, ['--version']).stdout.startswith('policyparse ')")
    assert "typer" in loaded
    assert not loaded & (PIPELINE_MAY_LOAD - {"typing_extensions"}), sorted(loaded & PIPELINE_MAY_LOAD)


def test_version_has_one_source():
    import importlib.metadata

    import policyparse
    assert importlib.metadata.version("policyparse") == policyparse.__version__
    import tomllib
    conf = tomllib.loads((PKG.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in conf["project"] and "version" in conf["project"]["dynamic"]
    assert conf["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "policyparse.__version__"}


# ---------------------------------------------------------------- regexes kept in data files

NOISE_FILES = ("lines/boilerplate.txt", "lines/inline_noise.txt")
NOISE_ENTRIES = [(f, p) for f in NOISE_FILES for p in load_list(f)]
UNBOUNDED = sre_parse.MAXREPEAT


def _walk(items):
    """(op, av) of every node of a parsed pattern, nested ones included."""
    for op, av in items:
        yield op, av
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
            yield from _walk(av[2])
        elif op == sre_parse.SUBPATTERN:
            yield from _walk(av[3])
        elif op == sre_parse.BRANCH:
            for branch in av[1]:
                yield from _walk(branch)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            yield from _walk(av[1])
        elif op == sre_parse.ATOMIC_GROUP:
            yield from _walk(av)
        elif op == sre_parse.GROUPREF_EXISTS:
            yield from _walk(av[1])
            if av[2]:
                yield from _walk(av[2])


def _problems(pattern: str) -> list[str]:
    tree = sre_parse.parse(pattern)
    nodes = list(_walk(tree))
    out = []
    unbounded = []
    for op, av in nodes:
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT) and av[1] == UNBOUNDED:
            unbounded.append(f"{{{av[0]},}}")
    if unbounded:
        out.append("unbounded repeat (*, + or {n,}): " + " ".join(unbounded))
    begins = [k for k, (op, av) in enumerate(nodes) if op == sre_parse.AT and av == sre_parse.AT_BEGINNING]
    if pattern.startswith("^"):
        if list(tree)[:1] != [(sre_parse.AT, sre_parse.AT_BEGINNING)]:
            out.append("starts with ^ but is an alternation: ^ anchors only its first branch")
        elif len(begins) > 1:
            out.append("a second ^ inside the pattern")
    elif begins:
        out.append("a ^ that does not start the pattern (the loader tries only entries starting with ^ at the line start)")
    for op, av in nodes:                              # never a line break: [ \t], not \s
        if op == sre_parse.LITERAL and av in (10, 13):
            out.append("matches a line break")
        if op == sre_parse.IN and (sre_parse.NEGATE, None) not in av and \
                any(x == (sre_parse.CATEGORY, sre_parse.CATEGORY_SPACE) or
                    (x[0] == sre_parse.LITERAL and x[1] in (10, 13)) for x in av):
            out.append("a class that matches a line break (write [ \\t], not \\s)")
    return out


@pytest.mark.parametrize("name,pattern", NOISE_ENTRIES, ids=[f"{f.split('/')[1]}:{p[:24]}" for f, p in NOISE_ENTRIES])
def test_a_noise_regex_compiles_is_anchored_and_bounded(name, pattern):
    regex.compile(pattern)                                     # as lines.py compiles it (the `regex` module)
    assert not _problems(pattern), f"data/{name}: {pattern}: {_problems(pattern)}"


@pytest.mark.parametrize("pattern,problem", [
    (r"^来源.*:", "unbounded"), (r"^来源.+?:", "unbounded"), (r"^来源[ \t]{2,}:", "unbounded"),
    (r"(?:a|b)(?:c{1,3})*", "unbounded"), (r"(?=x+)y", "unbounded"), (r"x^y", "does not start"),
    (r"^a|b", "alternation"), (r"^a(?:^b)", "second ^"), (r"^来源\s{0,4}:", "line break"),
    (r"^来源[^:\n]{0,4}\n", "line break"),
    (r"^来源[ \t]{0,4}:", None), (r"二维码", None), (r"^[^\s。,;:]{1,80}\.(?i:png)$", None),
])
def test_the_checker_finds_what_it_forbids(pattern, problem):
    found = _problems(pattern)
    if problem is None:
        assert found == []
    else:
        assert any(problem in f for f in found), found


HOSTILE_N = 100_000


def _hostile_lines(pattern: str) -> list[str]:
    """100 000-character lines: plain runs, and runs cycling through the pattern's own characters (the
    ones most likely to drive its repeats: separators, keywords, digits)."""
    own = "".join(dict.fromkeys(ch for ch in pattern if not ch.isspace() and ch not in "()?:^$\\{}"))
    lines = [c * HOSTILE_N for c in "a中 1|-:."]
    lines.append((own * (HOSTILE_N // max(1, len(own)) + 1))[:HOSTILE_N])
    lines.append(("政务公开 | " * HOSTILE_N)[:HOSTILE_N])
    return lines


@pytest.mark.parametrize("name,pattern", NOISE_ENTRIES, ids=[f"{f.split('/')[1]}:{p[:24]}" for f, p in NOISE_ENTRIES])
def test_a_noise_regex_is_fast_on_a_hostile_line(name, pattern):
    compiled = regex.compile(pattern)
    for line in _hostile_lines(pattern):
        t0 = time.perf_counter()
        compiled.match(line)
        compiled.search(line)        # the unanchored entries are searched over whole texts (lines.kinds)
        took = time.perf_counter() - t0
        assert took < 0.5, f"data/{name}: {pattern[:60]} took {took:.2f} s on {line[:12]!r}…"


def test_the_pipeline_fits_one_screen():
    """pipeline.py reads in one screen (issue 15: at most 40 lines); reading bytes and files is reading.py's."""
    n = len((PKG / "pipeline.py").read_text(encoding="utf-8").splitlines())
    assert n <= 40, f"pipeline.py has {n} lines"
