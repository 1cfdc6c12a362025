"""Symptoms of a likely miss, as coded warnings: what a reader of the output should look at first.

Each check compares what the text prints with what the stages read from it, for one document (or the
documents of one file). A symptom is a question, not a verdict: "牵头单位：" printed but no responsibility
read may be a form the stage does not know, or a sentence that only names the label. Summed over a batch
(`extract` prints the files per code), the same counts as a triage of the corpus, in one command.

Reads: the normalised text, a document's span and its records. Writes: nothing. Raises: nothing.

>>> from policyparse.records import MetaHit, Text
>>> from policyparse.normalize import normalize
>>> t = "关于X的通知\\n（一）建立台账（牵头单位：市发展改革委）\\n"
>>> [d.code.value for d in document_checks(Text(t, normalize(t)), (0, len(t)), MetaHit(), [], [], [], [])]
['resp.unread']
"""
from __future__ import annotations

from collections.abc import Sequence

import regex

from .diagnostics import Code, Diagnostic
from .docyear import is_work_report
from .records import DocHit, DutyHit, MetaHit, SectionHit, TableHit, TargetHit, Text
from .spans import Span
from .lexicons import compile_on_use

# SPEC §5 forms of an assignment: a role label ("牵头单位：", "责任部门:", "牵头考核单位：") or a bracket that
# assigns ("（市财政局牵头）", "（各区县负责）"). On `norm` (：→:, （→( ). GUARD: bounded, no nesting.
ROLE_LABEL_RE = compile_on_use(r"""
    (?:牵头|责任|配合|主办|协办)(?:考核)?(?:单位|部门)\s?:
  | \([^()\n]{2,60}(?:牵头(?!人)[^()\n]{0,40}|负责)\)
""", regex.X)

# a 专栏 box heading, or a row of a table flattened with " | " (two separators between text)
BOX_RE = compile_on_use(r"(?m)^[ \t\u3000]{0,8}专栏\s?[0-9一二三四五六七八九十]{1,3}")
PIPE_ROW_RE = compile_on_use(r"(?m)^[^\n|]{0,200}\S \| \S[^\n|]{0,200} \| ")

EMPTY_INPUT = Diagnostic(Code.INPUT_EMPTY, "the input holds no text (empty or only white space)")
TITLE_ONLY_MAX = 300            # characters: a "document" this short with nothing in it is a head torn off


def document_checks(t: Text, span: Span, meta: MetaHit, sections: Sequence[SectionHit],
                    tables: Sequence[TableHit], targets: Sequence[TargetHit],
                    duties: Sequence[DutyHit]) -> list[Diagnostic]:
    """The symptoms of one document."""
    norm, (s, e) = t.norm, span
    out: list[Diagnostic] = []
    if not duties and (m := ROLE_LABEL_RE.search(norm, s, e)):
        out.append(Diagnostic(Code.RESP_UNREAD, f"an assignment is printed ({t.out(*m.span())!r}) but no "
                                                "responsibility was read", m.span()))
    if not tables and ((m := BOX_RE.search(norm, s, e)) or (m := PIPE_ROW_RE.search(norm, s, e))):
        out.append(Diagnostic(Code.TABLE_UNREAD, f"a box or table row is printed ({t.out(*m.span())[:30]!r}) "
                                                 "but no table was read", m.span()))
    if is_work_report(meta.title, norm[s:min(e, s + 3000)]):
        if meta.year is None:
            out.append(Diagnostic(Code.REPORT_NO_YEAR, "a work report whose year (the year it plans) was not "
                                                       "found: its 今年 targets have no year", (s, s)))
        elif not any(x.year == meta.year for x in targets):
            out.append(Diagnostic(Code.REPORT_NO_YEAR, f"a work report of {meta.year} with no target for "
                                                       f"{meta.year}", (s, s)))
    return out


def file_checks(t: Text, docs: Sequence[DocHit], records: Sequence[tuple[bool, bool]]) -> list[Diagnostic]:
    """Symptoms across the documents of one file: a short document with no section and no target before
    another (a head torn from its body). `records` holds (has sections, has targets) per document.

    >>> from policyparse.records import Text
    >>> t = Text("关于X的通知\\n\\n正文", "关于X的通知\\n\\n正文")
    >>> [d.code.value for d in file_checks(t, [DocHit((0, 6)), DocHit((8, 10))], [(False, False), (False, False)])]
    ['doc.title_only']
    """
    out = []
    for doc, (has_sections, has_targets), _ in zip(docs, records, docs[1:]):
        a, b = doc.span
        if b - a < TITLE_ONLY_MAX and not has_sections and not has_targets:
            out.append(Diagnostic(Code.DOC_TITLE_ONLY, f"a short document with nothing in it before the next one "
                                                       f"({_lf(t.out(a, b))[:30]!r}): a head torn from its body?",
                                  (a, b)))
    return out


def _lf(text: str) -> str:
    """An excerpt for a message, its line ends written \\n whatever the file uses (LF/CRLF/CR parity)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
