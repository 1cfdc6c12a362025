"""str -> str of the same length: full-width ASCII and punctuation variants folded 1:1.

Never NFKC (it changes lengths and erases ① and ⑴). Offsets in the result equal offsets in the input.
"""
from __future__ import annotations

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
})
# The ideographic brackets （） and ： are in the U+FF01 block; 〔〕【】 stay as printed.
_TABLE = {k: (ord(v) if isinstance(v, str) else v) for k, v in _TABLE.items()}


def normalize(text: str) -> str:
    """Fold widths one character to one character.

    >>> normalize("（一）１．到２０２５年：")
    '(一)1.到2025年:'
    >>> s = "\\u3000\\u3000①⑴㈠"; len(normalize(s)) == len(s)
    True
    """
    return text.translate(_TABLE)
