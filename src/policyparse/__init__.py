"""policyparse: Chinese government policy documents (plain text) -> validated structured data.

>>> from policyparse import parse_text
>>> parse_text("到2025年，全区软件业务收入达100亿元。").source.chars
22
"""
__version__ = "0.1.0"
__all__ = ["parse_bytes", "parse_text", "parse_file", "ParseResult", "__version__"]


def __getattr__(name: str):
    # Lazy: `policyparse --version` and `import policyparse` stay cheap (no pydantic, no regex tables).
    if name == "parse_text":
        from .pipeline import parse_text
        return parse_text
    if name in ("parse_bytes", "parse_file"):
        from . import reading
        return getattr(reading, name)
    if name == "ParseResult":
        from .models import ParseResult
        return ParseResult
    raise AttributeError(f"module 'policyparse' has no attribute {name!r}")
