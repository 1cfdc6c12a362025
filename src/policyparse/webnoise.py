"""Web furniture: which lines of a scraped page are site boilerplate (a boundary no document spans) or stray
inline noise (an image file name, a run of separators), from the data files data/lines/boilerplate.txt and
inline_noise.txt, and the breadcrumb printed one segment a line. lines.kinds reads them line by line.
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

import regex

from .lexicons import compile_on_use, load_list
from .spans import Span

SITE = "site"          # site boilerplate line: noise and a boundary
INLINE = "inline"      # stray artefact: noise, not a boundary


class _Noise(NamedTuple):
    """The noise tests, compiled once: `anchored` holds the ^-anchored entries of both data files as one
    alternation (groups `site` and `inline`, tried with .match); the unanchored entries of each file are
    searched over the whole text, as a few alternations (see _floating)."""

    anchored: regex.Pattern
    site_floating: tuple[regex.Pattern, ...]
    inline_floating: tuple[regex.Pattern, ...]


def _alt(ps) -> str:
    return "|".join(f"(?:{p})" for p in ps)


def _floating(entries: list[str]) -> tuple[regex.Pattern, ...]:
    """The unanchored entries as alternations searched over the whole text: the entries that open with
    an inline flag group ("(?i:copyright|…)") apart from the rest, as one case-insensitive branch in an
    alternation keeps the engine from skipping ahead to a branch's first character (136 ms -> 22 ms on
    1.5 M characters here). Searching them apart finds the same lines (an entry never matches a break,
    and a line is noise when some entry matches in it)."""
    flagged = [p for p in entries if p.startswith("(?") and p[2:3].isalpha()]
    plain = [p for p in entries if p not in flagged]
    return tuple(regex.compile(_alt(group)) for group in (flagged, plain) if group)


@cache
def noise_patterns() -> _Noise:
    # every entry is anchored or bounded (see the data files and tests/test_lexicons.py)
    site, inline = load_list("lines/boilerplate.txt"), load_list("lines/inline_noise.txt")
    anchored = (f"(?P<site>{_alt([p for p in site if p.startswith('^')])})"
                f"|(?P<inline>{_alt([p for p in inline if p.startswith('^')])})")
    return _Noise(compile_on_use(anchored), _floating([p for p in site if not p.startswith("^")]),
                  _floating([p for p in inline if not p.startswith("^")]))


# A breadcrumb printed one segment a line under its label: "当前位置：" / "首页" / ">>" / "要闻", then the page's
# title. The label (a boilerplate line that ends with its colon) and 首页 are site noise, the separators inline
# noise (both from the data files); a short line right after a separator is a segment (noise) too, and the first
# line after a segment that no separator precedes (the title) ends it; the last segment printed again on the next
# line is the column's heading ("海东要闻" / "海东要闻"), noise as well.
BREADCRUMB_LABEL_MAX = 12        # characters of the label line ("您当前的位置：")
BREADCRUMB_SEGMENT_MAX = 8       # characters of one segment ("要闻", "政策文件", "省政府文件")
BREADCRUMB_MAX = 16              # lines below the label
HAN_RE = regex.compile(r"\p{Han}")


def breadcrumb_segments(norm: str, spans: list[Span], out: list[str]) -> None:
    """Mark the segments of every one-segment-a-line breadcrumb in `out` (the kinds of `spans`) as inline noise.

    >>> from policyparse.lines import kinds, stripped_lines
    >>> t = "当前位置:\\n首页\\n>>\\n要闻\\n政府工作报告——2025年1月13日在省人民代表大会上"
    >>> [str(k) for k in kinds(t, list(stripped_lines(t)))]
    ['site', 'site', 'inline', 'inline', 'title']
    >>> t = "来源:\\n人民网\\n政府工作报告"                    # a label over no separator: nothing more
    >>> [str(k) for k in kinds(t, list(stripped_lines(t)))]
    ['site', 'site', 'title']
    """
    for i, (s, e) in enumerate(spans):
        if out[i] != SITE or e - s > BREADCRUMB_LABEL_MAX or norm[e - 1] != ":":
            continue
        after_sep = False
        for j in range(i + 1, min(len(spans), i + 1 + BREADCRUMB_MAX)):
            a, b = spans[j]
            if out[j] == INLINE and not HAN_RE.search(norm, a, b):    # ">>", "/": a separator
                after_sep = True
            elif out[j] == SITE:                            # "首页"
                after_sep = False
            elif after_sep and b - a <= BREADCRUMB_SEGMENT_MAX:
                out[j], after_sep = INLINE, False
                if j + 1 < len(spans) and norm[a:b] == norm[slice(*spans[j + 1])]:
                    out[j + 1] = INLINE                     # the column's name printed again as its heading
                    break
            else:
                break
