"""Pydantic v2 models of the output contract (SPEC §2). The only module that imports pydantic."""
from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from .records import Direction, Qualifier     # the internal records' value sets: one definition

SCHEMA_VERSION = "1.1"
SpanModel = tuple[int, int]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def model_post_init(self, context: Any, /) -> None:
        """Memory: pydantic gives every instance its own set of the fields it was given (728 bytes for a
        section's 7, as much as the rest of the instance). An instance given all its fields (every one the
        pipeline makes) shares its class's set instead: the same names, so `model_fields_set`, `exclude_unset`
        and a later assignment (adding a name already there) behave as before; a copy gets its own set.
        Peak memory on heading-dense text: about a third less."""
        cls = type(self)
        full = _ALL_FIELDS.get(cls)
        if full is None:
            full = _ALL_FIELDS.setdefault(cls, set(cls.model_fields))
        if len(self.__pydantic_fields_set__) == len(full):
            _FIELDS_SET.__set__(self, full)


_ALL_FIELDS: dict[type, set[str]] = {}      # model class -> the names of all its fields (one set per class)
# the slot that holds an instance's set, written directly (object.__setattr__ looks it up along the class's bases
# first: one per model instance, tens of thousands on dense text)
_FIELDS_SET = BaseModel.__dict__["__pydantic_fields_set__"]


class Warning_(_Strict):
    code: str = Field(description="dotted machine-readable code, e.g. numbering.skip")
    message: str
    span: SpanModel | None = None


class Source(_Strict):
    path: str | None = None
    sha256: str = Field(description="sha256 of the input bytes as read")
    encoding: str
    chars: int = Field(ge=0, description="characters of the decoded (or converted) text that spans index")
    format: Literal["text", "html", "docx", "pdf"] = Field(
        "text", description="what the input was; spans index the text it was turned into")
    text_sha256: str | None = Field(
        None, description="sha256 (UTF-8) of the text that spans index, when it differs from the input bytes")


class Section(_Strict):
    id: str
    marker: str
    level: int = Field(ge=1)
    title: str
    span: SpanModel
    title_span: SpanModel
    children: list["Section"] = Field(default_factory=list)


class Normalized(_Strict):
    value: float
    unit: str


class BaselineModel(_Strict):
    year: int | None = None
    value: float


class Target(_Strict):
    id: str
    section_id: str | None
    year: int | None
    indicator: str
    value: float
    value_max: float | None = None
    unit: str
    qualifier: Qualifier
    text: str = Field(description="the source sentence (or table row) = original[span]")
    span: SpanModel
    value_span: SpanModel = Field(description="the quantity as printed")
    normalized: Normalized | None = None
    direction: Direction | None = None
    baseline: BaselineModel | None = None
    kind: str | None = None
    headline: bool = Field(False, description="one of the targets the document introduces as its main "
                                              "targets (主要预期目标, 主要目标是, 发展目标：)")


class Responsibility(_Strict):
    id: str
    section_id: str | None
    task: str
    lead: list[str]
    support: list[str] = Field(default_factory=list)
    text: str
    span: SpanModel


class Table(_Strict):
    id: str
    label: str | None = None
    title: str | None = None
    section_id: str | None = None
    columns: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    items: list[str] = Field(default_factory=list)
    note: str | None = None
    span: SpanModel


class Document(_Strict):
    id: str
    title: str | None = None
    alt_titles: list[str] = Field(default_factory=list)
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None
    recipients: str | None = None
    year: int | None = Field(None, description="the year 今年 means in the document: its date's year, else a year "
                                               "in its title, else (work reports) the year its text plans")
    place: str | None = Field(None, description="the region the document is about (省/市/县/区), from its issuer, "
                                                "title or 我代表X; null when unknown")
    span: SpanModel
    sections: list[Section] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)


class ParseResult(_Strict):
    schema_version: str = SCHEMA_VERSION
    source: Source
    documents: list[Document] = Field(default_factory=list)
    noise: list[SpanModel] = Field(default_factory=list,
                                   description="site boilerplate and stray artefacts (image names, separator runs): "
                                               "spans between documents, or stray lines inside one")
    warnings: list[Warning_] = Field(default_factory=list)


def json_schema() -> dict:
    """The JSON Schema of ParseResult, as committed at data/schemas/parse_result.schema.json."""
    schema = ParseResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "policyparse ParseResult"
    return schema


def to_json(value: BaseModel | list[BaseModel], indent: int | None) -> bytes:
    """The UTF-8 JSON of a model, or of a non-empty list of models of one class, as pydantic writes it (what a
    model that holds it writes, but for the indentation of its lines: they start at the left margin)."""
    if isinstance(value, BaseModel):
        return value.__pydantic_serializer__.to_json(value, indent=indent)
    return _list_adapter(type(value[0])).dump_json(value, indent=indent)


@cache
def _list_adapter(item: type) -> TypeAdapter:
    return TypeAdapter(list[item])       # (built for the first long list of its kind a process writes)
