"""Errors (only for input we cannot read) and warning codes (for everything else)."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .spans import Span


class PolicyParseError(Exception):
    """Base class: the CLI prints the message (and hint) and exits 1."""


class DecodeError(PolicyParseError):
    """Bytes that no supported encoding reads as text."""


class InputError(PolicyParseError):
    """Input that is not a text file at all: binary (NUL bytes), over --max-bytes, unreadable path."""


class Code(StrEnum):
    """Machine-readable warning codes; content problems never raise."""

    NUMBERING_SKIP = "numbering.skip"
    """A heading number skips one or more values (一、 then 三、)."""
    NUMBERING_RESTART = "numbering.restart"
    """A heading style starts again at 1 where it was expected to continue."""
    NUMBERING_REPEAT = "numbering.repeat"
    """A heading number repeats or goes back (三、 after 三、, 5． after 7．), other than a restart at 1."""
    TEXT_UNASSIGNED = "text.unassigned"
    """Non-blank text that belongs to no document (and is not known boilerplate)."""
    TABLE_RAGGED = "table.ragged"
    """A table row has fewer or more cells than the header."""
    TARGET_NO_YEAR = "target.no_year"
    """A target whose deadline year could not be determined."""
    RESP_UNKNOWN_MARKER = "resp.unknown_marker"
    """A parenthetical that looks like an assignment but uses an unknown role word."""
    RESP_UNREAD = "resp.unread"
    """An assignment form is printed (a 牵头单位： label, a （…牵头） bracket) but the document has no
    responsibility: a form the stage does not read? (checks.py)"""
    TABLE_UNREAD = "table.unread"
    """A 专栏 heading or a " | " table row is printed but the document has no table. (checks.py)"""
    REPORT_NO_YEAR = "report.no_year"
    """A work report without its year, or with targets of which none is of its year. (checks.py)"""
    DOC_TITLE_ONLY = "doc.title_only"
    """A short document with no section and no target before another one: a head torn from its body?
    (checks.py)"""
    INPUT_EMPTY = "input.empty"
    """The input holds no text (zero bytes, or only white space): no documents."""
    DECODE_LOW_CONFIDENCE = "decode.low_confidence"
    """The bytes decode without error, but the characters look like another encoding read wrongly
    (Big5, or lines in UTF-8 inside a GB18030 file): pass --encoding if you know it."""
    DECODE_TRUNCATED = "decode.truncated"
    """The input ends in the middle of a character (a cut download): the partial bytes became U+FFFD."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: Code
    message: str
    span: Span | None = None
