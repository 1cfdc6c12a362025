"""str -> str of the same length: full-width ASCII and punctuation variants folded 1:1.

Never NFKC (it changes lengths and erases ① and ⑴). Offsets in the result equal offsets in the input.
"""
from __future__ import annotations

import re

_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}   # ！..～ -> !..~
_TABLE.update({
    0x3000: " ",        # ideographic space
    0x00A0: " ",        # no-break space
    0x2002: " ", 0x2003: " ", 0x2009: " ", 0x200B: " ",
    0xFEFF: " ",        # stray BOM / zero-width no-break space
    0xFF0E: ".",        # fullwidth full stop (also in the block; explicit for clarity)
    0x3014: "〔", 0x3015: "〕",
    0xFE59: "(", 0xFE5A: ")",
    0xFE55: ":", 0xFE54: ";", 0xFE50: ",",
    0xFE52: ".",        # small full stop: "1﹒" is "1．" (SPEC §3)
    0xFE51: "、",       # small ideographic comma
    0x200C: " ", 0x200D: " ", 0x2060: " ",     # zero-width (non-)joiner, word joiner
})
# Private-use characters (a PDF font's glyphs with no Unicode meaning, "现批复如下：\ue004一、原则同意…")
# read as a space: they separate, they never name a character a pattern looks for.
PRIVATE_USE = range(0xE000, 0xF900)
PRIVATE_USE_CHARS = "".join(map(chr, PRIVATE_USE))
# The ideographic brackets （） and ： are in the U+FF01 block; 〔〕【】 stay as printed.
_TABLE = {k: (ord(v) if isinstance(v, str) else v) for k, v in _TABLE.items()}

# str.translate looks every character up in the table (about 10 M characters/s on Chinese text); the
# characters to fold are a few per cent of a policy text. So: the most frequent ones (， U+3000 （ ） ；
# ：) are replaced with str.replace (a C loop each), and the rest found by one character-class pass.
# Same result as text.translate(_TABLE), 5-9x faster on documents (tests/test_properties.py checks it).
_CHARS = {chr(k): chr(v) for k, v in _TABLE.items()}
_COMMON = "，\u3000（）；：！？"
_REST_RE = re.compile("[" + "".join(re.escape(c) for c in _CHARS if c not in _COMMON) + "\ue000-\uf8ff]")
# the 6 400 private-use characters, added with dict.fromkeys (a C loop: 4 ms less at start-up than dict comprehensions)
_TABLE.update(dict.fromkeys(PRIVATE_USE, ord(" ")))
_CHARS.update(dict.fromkeys(PRIVATE_USE_CHARS, " "))
_SMALL = 64         # characters: below this, one translate call is cheaper than the passes


def _fold(m: re.Match) -> str:
    return _CHARS[m.group()]


# ... except right after an item number opening a line, where a PDF font put its own glyph for the number's
# full stop ("　　1\ue010突破大模型关键核心技术"): there it reads as "." (the one rule beyond the table).
_PUA_RE = re.compile("[\ue000-\uf8ff]")
_NUMBER_PUA_RE = re.compile("(?:\\A|(?<=[\r\n]))([ \t\u3000\u00a0]{0,8}[0-9]{1,2})[\ue000-\uf8ff]")   # \n, \r\n, \r


# Markup left in a text copied from a web page or a Markdown collection: the tags of text formatting ('<p id="t1">',
# "<b>", "</p>", "<br>"), white-space entities ("&emsp;", "&nbsp;"), and a Markdown attribute list after a heading
# ('## 第一章 总则{align="center"}'): read as spaces, one for each character (offsets stay), so that
# "<p>&emsp;&emsp;<b>第一条</b>&emsp;为了…" opens its line with the article's number (SPEC §1, Markdown copies).
# Only these tag names and entities; bounded, one line.
_MARKUP_RE = re.compile(r"""
      </?(?:p|b|br|span|div|strong|em|i|u|font|center|sup|sub|a|li|ul|ol|h[1-6])(?:\s[^<>\n]{0,300})?\s?/?>
    | &(?:emsp|ensp|nbsp|thinsp|\#12288|\#160|\#8195|\#8194);
    | \{(?:[.\#][\w-]{1,30}|[\w-]{1,30}="[^"\n]{0,60}")(?:[ ](?:[.\#][\w-]{1,30}|[\w-]{1,30}="[^"\n]{0,60}")){0,4}\}
""", re.VERBOSE)


def _blank(m: re.Match) -> str:
    return " " * (m.end() - m.start())


# Markdown strong emphasis ("**发布日期**: 2025-10-31", "**上海市…行动方案**"): the asterisks are formatting, read as
# spaces (the words kept). The emphasised words open with a word character, not a list comma or a space (so a name
# masked with asterisks, "张**、李**", is left as printed); one line, bounded.
_STRONG_RE = re.compile(r"\*\*(?=[^\s*、,，。;；:：])([^*\n]{1,300}?)(?<=[^\s*])\*\*|\*\*\*\*(?=[^*])")
#                                                       (an empty pair "****": an editor's leftover)


def _unstrong(m: re.Match) -> str:
    return "  " + m.group(1) + "  " if m.group(1) is not None else "    "


# Markdown emphasis with underscores around Chinese words ("_发布时间：2024-05-30_ _来源：中国政府网_"): the underscores
# are formatting, read as spaces; not inside a name or an identifier ("fetched_at", "P_2024_SC"): the emphasised
# words open and close with a Han character or a CJK/full-width mark, the underscores stand beside no letter or digit
_EMPHASIS_RE = re.compile(r"(?<![A-Za-z0-9_])_(?=[　-鿿＀-￯])([^_\n]{1,120}?)"
                          r"(?<=[　-鿿＀-￯\]0-9])_(?![A-Za-z0-9_])")


def _unemphasis(m: re.Match) -> str:
    return " " + m.group(1) + " "


def normalize(text: str) -> str:
    """Fold widths one character to one character.

    >>> normalize("（一）１．到２０２５年：")
    '(一)1.到2025年:'
    >>> s = "\\u3000\\u3000①⑴㈠"; len(normalize(s)) == len(s)
    True
    >>> normalize("\\u3000\\u30001\\ue010突破关键技术\\ue004。")
    '  1.突破关键技术 。'
    >>> normalize('<p id="t1">&emsp;<b>第一条</b>为了…</p>')
    '                    第一条    为了…    '
    >>> normalize("**发布日期**: 2025年 张**、李**")
    '  发布日期  : 2025年 张**、李**'
    >>> normalize("**行动方案（2026—2030年****）**")
    '  行动方案(2026—2030年    )  '
    >>> normalize("_发布时间：2024-05-30_ _来源：中国政府网_ fetched_at")
    ' 发布时间:2024-05-30   来源:中国政府网  fetched_at'
    """
    if ("<" in text or "&" in text or "{" in text) and _MARKUP_RE.search(text):
        text = _MARKUP_RE.sub(_blank, text)
    if "**" in text:
        text = _STRONG_RE.sub(_unstrong, text)
    if "_" in text:
        text = _EMPHASIS_RE.sub(_unemphasis, text)
    if text.isascii():                  # no key of the table is ASCII
        return text
    if _PUA_RE.search(text):
        text = _NUMBER_PUA_RE.sub(lambda m: m.group(1) + ".", text)
    if len(text) < _SMALL:
        return text.translate(_TABLE)
    for c in _COMMON:
        if c in text:
            text = text.replace(c, _CHARS[c])
    return _REST_RE.sub(_fold, text)
