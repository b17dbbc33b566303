"""One line of untrusted text (a file name, page text) made safe for a terminal or a CI log.

A file may be named "a\\n::error file=x::pwned.md" and a page title may hold an escape sequence:
printed as they are, they start a forged CI workflow command on a line of their own, or drive the
terminal. Every control character (line breaks and tabs included), Unicode line and paragraph
separators and the bidirectional overrides are shown escaped instead, as Python writes them, so
the text stays on its line and reads as what it is.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with each control character escaped (``\\n``, ``\\x1b``, ``\\u2028``)."""
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
