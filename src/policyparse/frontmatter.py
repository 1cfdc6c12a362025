"""A Markdown note's YAML front matter ("---" / "id: …" / "issuer:" / "- 国务院" / "---") at the start of a text:
where it ends, so that the line classification reads its lines as the note's metadata block (lines.kinds,
lines.Lines) and the stages that read a document's title lines skip it (targets/parts.title_region)."""
from __future__ import annotations

import regex

FRONT_MATTER_MAX = 6000        # characters: a front matter block longer than this is no metadata block
# one line of a YAML front matter: "key: value", "key:", "- item" (a list under the key above); bounded
FRONT_MATTER_LINE_RE = regex.compile(r"[ \t]{0,8}(?:-[ \t]{1,4}\S"                  # - item
                                     r"|[\w\u4e00-\u9fff][\w\u4e00-\u9fff .-]{0,40}:(?:[ \t]|$))")   # key: value


def front_matter_end(norm: str) -> int:
    """Where the YAML front matter that opens a Markdown note ends ("---" / "id: …" / "issuer:" / "- 国务院" / "---"),
    past its closing rule; 0 when the text opens with none (every line between the rules must read as YAML).

    >>> front_matter_end("---\\ntitle: 某方案\\nissuer:\\n- 国务院\\n---\\n# 某方案\\n")
    33
    >>> front_matter_end("---\\n正文第一段。\\n---\\n")
    0
    """
    if not norm.startswith("---"):
        return 0
    first = norm.find("\n")
    if first < 0 or norm[3:first].strip():
        return 0
    pos = first + 1
    while pos < min(len(norm), FRONT_MATTER_MAX):
        end = norm.find("\n", pos)
        end = len(norm) if end < 0 else end
        line = norm[pos:end].strip()
        if line == "---":
            return end + 1 if end < len(norm) else end
        if line and not FRONT_MATTER_LINE_RE.match(norm, pos, end):
            return 0
        pos = end + 1
    return 0
