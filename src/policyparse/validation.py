"""Reading outputs back, strictly, and checking them: what `policyparse validate` does.

* `load_outputs(path)`: the objects of a .json (one, an array, or a stream), .jsonl or .yaml output.
* `strict_result(obj)`: a ParseResult validated strictly (no "5" for 5, no true for 1, finite numbers).
* `consistency_problems(result)`: ids, section_ids, spans and levels the models cannot check.
* `source_problems(result)`: every text against original[span] when the source file can be read.
"""
from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

import yaml
import yaml.constructor
import yaml.resolver

# --- strict readers for `validate` ----------------------------------------------------------------------
# Outputs are read as JSON-shaped data only: strings, decimal integers, finite floats, booleans, null,
# lists and mappings. YAML gets libyaml's parser (C; it refuses nesting deeper than 1000) with a
# resolver that knows only the JSON types: no base-60 integers (pure-Python construction of "1:2:3…"
# was 28 s per MB), no timestamps, no merge keys; aliases and explicit tags are refused before anything
# is constructed, so an alias bomb costs one pass over its text.

SCHEMA_RESOURCE = "schemas/parse_result.schema.json"       # packaged copy of the committed schema


def packaged_schema() -> str:
    """The JSON Schema shipped inside the package (what `schema --check` compares with the models)."""
    from importlib import resources
    return resources.files("policyparse").joinpath(*SCHEMA_RESOURCE.split("/")).read_text(encoding="utf-8")


class _JsonResolver(yaml.resolver.BaseResolver):
    """Plain scalars resolve to the JSON types (YAML 1.2 core schema, decimal numbers only)."""


_JsonResolver.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                    list("tTfF"))
_JsonResolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"),
                                    ["~", "n", "N", ""])
_JsonResolver.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]{1,4000}$"),
                                    list("-+0123456789"))
_JsonResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]{1,400}|[0-9]{1,400}(?:\.[0-9]{0,400})?)(?:[eE][-+]?[0-9]{1,5})?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))
_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}


class _JsonConstructor(yaml.constructor.SafeConstructor):
    def construct_yaml_int(self, node):
        value = self.construct_scalar(node)
        if not re.fullmatch(r"[-+]?[0-9]{1,4000}", value):
            raise yaml.YAMLError(f"not a decimal integer: {value[:40]!r} (line {node.start_mark.line + 1})")
        return int(value)

    def construct_yaml_float(self, node):
        value = self.construct_scalar(node)
        number = float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                       .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
        if not math.isfinite(number):
            raise yaml.YAMLError(f"not a finite number: {value!r} (line {node.start_mark.line + 1})")
        return number


_JsonConstructor.add_constructor("tag:yaml.org,2002:int", _JsonConstructor.construct_yaml_int)
_JsonConstructor.add_constructor("tag:yaml.org,2002:float", _JsonConstructor.construct_yaml_float)
_Parser = yaml.cyaml.CParser if getattr(yaml, "__with_libyaml__", False) else None


if _Parser is not None:
    class _YamlLoader(_Parser, _JsonConstructor, _JsonResolver):
        def __init__(self, stream):
            _Parser.__init__(self, stream)
            _JsonConstructor.__init__(self)
            _JsonResolver.__init__(self)
else:                                                           # pragma: no cover - pure-Python fallback
    class _YamlLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                      _JsonConstructor, _JsonResolver):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _JsonConstructor.__init__(self)
            _JsonResolver.__init__(self)


def _check_node(root) -> None:
    """Refuse aliases (a node reached twice) and tags outside the JSON types, before constructing."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise yaml.YAMLError(f"aliases are not allowed (line {node.start_mark.line + 1})")
        seen.add(id(node))
        if node.tag not in _TAGS:
            raise yaml.YAMLError(f"tags are not allowed ({node.tag[:60]}, line {node.start_mark.line + 1})")
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))


def load_yaml(text: str) -> list:
    r"""The documents of a YAML text, as JSON-shaped data (see above); YAMLError for anything else.

    >>> load_yaml("a: 1:30\nb: 2024-01-02\nc: [1, 2.5, true, null]\n")
    [{'a': '1:30', 'b': '2024-01-02', 'c': [1, 2.5, True, None]}]
    >>> load_yaml("a: &x [1]\nb: *x\n")
    Traceback (most recent call last):
    yaml.error.YAMLError: aliases are not allowed (line 1)
    """
    loader = _YamlLoader(text)
    docs = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            _check_node(node)
            docs.append(loader.construct_document(node))
    finally:
        loader.dispose()
    return [d for d in docs if d is not None]


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text[:40]}")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


_JSON = json.JSONDecoder(parse_float=_finite, parse_constant=_no_constant)


def load_json_values(text: str) -> list:
    r"""Every JSON value in `text`: one value, or several one after another (what `extract -f json`
    prints for several inputs). NaN / Infinity / 1e999 are refused.

    >>> load_json_values('{"a": 1}\n{"a": 2}\n')
    [{'a': 1}, {'a': 2}]
    >>> load_json_values('{"a": NaN}')
    Traceback (most recent call last):
    ValueError: NaN is not a number JSON allows
    """
    values, pos, end = [], 0, len(text)
    ws = re.compile(r"[ \t\n\r]*")
    pos = ws.match(text, pos).end()
    while pos < end:
        value, pos = _JSON.raw_decode(text, pos)
        values.append(value)
        pos = ws.match(text, pos).end()
    return values


def load_outputs(path: str | os.PathLike, max_bytes: int = 1 << 30) -> list:
    r"""The ParseResult-shaped objects in a .json / .jsonl / .yaml file (no validation here). JSON lines
    are split at "\n" only (U+2028 inside a string is a character, not a line end); a .json file may
    hold one object, an array of objects, or objects one after another."""
    from .batch import Input, read
    p = Path(path)
    data = read(Input(str(p), str(p), p.name), max_bytes)
    text = data.decode("utf-8-sig")
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        out = []
        for n, line in enumerate(text.split("\n"), 1):
            if line.strip(" \t\r"):
                try:
                    out.append(_JSON.decode(line))
                except ValueError as exc:
                    raise ValueError(f"line {n}: {exc}") from None
        return out
    if suffix in (".yaml", ".yml"):
        return load_yaml(text)
    values = load_json_values(text)
    if len(values) == 1 and isinstance(values[0], list):
        return values[0]
    return values


def strict_result(obj):
    """A ParseResult from one loaded object, validated strictly (no "5" for 5, no true for 1, finite
    numbers only); pydantic's ValidationError or ValueError otherwise."""
    from .models import ParseResult
    return ParseResult.model_validate_json(json.dumps(obj, ensure_ascii=False, allow_nan=False), strict=True)


def consistency_problems(result) -> list[str]:
    """What the models cannot see in a ParseResult: spans outside the text or outside their document,
    start > end, overlapping documents, duplicate ids, a child whose level is not its parent's + 1, a
    section_id naming no section of its document.

    >>> from .models import ParseResult
    >>> r = ParseResult.model_validate({"source": {"sha256": "0", "encoding": "utf-8", "chars": 5},
    ...     "documents": [{"id": "d1", "span": [0, 9]}]})
    >>> consistency_problems(r)
    ['d1: span [0, 9] is outside the text [0, 5]']
    """
    problems: list[str] = []
    seen: set[str] = set()

    def span_ok(who, span, outer, what):
        s, e = span
        if not (outer[0] <= s <= e <= outer[1]):
            problems.append(f"{who}: span [{s}, {e}] is outside {what} [{outer[0]}, {outer[1]}]")

    def new_id(i):
        if i in seen:
            problems.append(f"duplicate id {i}")
        seen.add(i)

    whole = (0, result.source.chars)
    prev_end = 0
    for doc in result.documents:
        new_id(doc.id)
        span_ok(doc.id, doc.span, whole, "the text")
        if doc.span[0] < prev_end:
            problems.append(f"{doc.id}: overlaps the previous document")
        prev_end = max(prev_end, doc.span[1])
        sections = set()
        stack = [(n, None) for n in reversed(doc.sections)]
        while stack:
            n, parent = stack.pop()
            new_id(n.id)
            sections.add(n.id)
            span_ok(n.id, n.span, parent.span if parent else doc.span, parent.id if parent else doc.id)
            span_ok(f"{n.id} title", n.title_span, n.span, n.id)
            if n.level != (parent.level + 1 if parent else 1):
                problems.append(f"{n.id}: level {n.level} under {parent.id if parent else doc.id}")
            stack.extend((c, n) for c in reversed(n.children))
        for item in (*doc.targets, *doc.responsibilities, *doc.tables):
            new_id(item.id)
            span_ok(item.id, item.span, doc.span, doc.id)
            if item.section_id is not None and item.section_id not in sections:
                problems.append(f"{item.id}: section_id {item.section_id} is no section of {doc.id}")
        for t in doc.targets:
            span_ok(f"{t.id} value", t.value_span, t.span, t.id)
    for sp in result.noise:
        span_ok("noise", sp, whole, "the text")
    for w in result.warnings:
        if w.span is not None:
            span_ok(f"warning {w.code}", w.span, whole, "the text")
    return problems


def source_problems(result, max_bytes: int = 50 * 1024 * 1024) -> tuple[str | None, list[str]]:
    """Compare `result` with the source file it names: (why it could not be compared, or None; problems).

    Compared when `source.path` can be read and its sha256 is `source.sha256`: the text the spans index
    (decoded, or converted from HTML/DOCX/PDF the way `extract` did, and then also checked against
    `source.text_sha256`) has `source.chars` characters, and every `text` (targets, responsibilities),
    section title and marker is that text at its span."""
    import hashlib
    from .batch import Input, read
    from .convert import to_text
    from .diagnostics import PolicyParseError
    src = result.source
    if src.path is None:
        return "no source path (read from stdin)", []
    try:
        data = read(Input(src.path, src.path, Path(src.path).name), max_bytes)
    except PolicyParseError as exc:
        return f"source not readable ({str(exc).split(': ', 1)[-1]})", []
    if hashlib.sha256(data).hexdigest() != src.sha256:
        return f"{src.path} has changed since it was parsed (sha256 differs)", []
    try:
        converted = to_text(data, "auto", name=src.path)
        if converted.encoding != src.encoding:                # extract was given --encoding
            converted = to_text(data, src.encoding, name=src.path)
    except PolicyParseError as exc:
        return f"source not readable as {src.format} in {src.encoding} ({exc})", []
    if converted.format != src.format:
        return f"{src.path} reads as {converted.format} now, not {src.format} (another version of policyparse?)", []
    text = converted.text
    if src.text_sha256 and hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != src.text_sha256:
        return None, [f"source.text_sha256 differs from the text {src.path} converts to"]
    if len(text) != src.chars:
        return None, [f"source.chars is {src.chars} but {src.path} holds {len(text)} characters"]
    problems = []

    def same(who, what, value, span):
        s, e = span
        if value != text[s:e]:
            problems.append(f"{who}: {what} {_short(value)} is not the source at [{s}, {e}] ({_short(text[s:e])})")

    for doc in result.documents:
        stack = list(doc.sections)
        while stack:
            n = stack.pop()
            same(n.id, "title", n.title, n.title_span)
            if not text[n.span[0]:n.span[1]].lstrip().startswith(n.marker):
                problems.append(f"{n.id}: marker {_short(n.marker)} is not where its span starts")
            stack.extend(n.children)
        for item in (*doc.targets, *doc.responsibilities):
            same(item.id, "text", item.text, item.span)
    return None, problems


def _short(s: str, n: int = 30) -> str:
    return repr(s if len(s) <= n else s[:n] + "…")
