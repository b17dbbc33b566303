"""Page text made safe to show: control characters out, lines cut at a word, links only to the web."""

from __future__ import annotations

import re
import urllib.parse

__all__ = ["clean", "domain", "is_web_url", "shorten"]

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode bidi overrides that can
# make text read differently from what it is (CVE-2021-42574 style), and the code points XML
# forbids (lone surrogates, U+FFFE, U+FFFF).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def clean(text: str | None) -> str:
    """Page text with control characters removed: safe to put in a terminal, XML or HTML."""
    return _UNSAFE.sub("", text or "")


def shorten(text: str, limit: int) -> str:
    """Text on one line, cut at a word boundary with an ellipsis when longer than ``limit``."""
    flat = " ".join(clean(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: max(limit - 1, 0)]
    if " " in cut and not flat[len(cut)].isspace():
        cut = cut[: cut.rindex(" ")]  # never end in the middle of a word
    return cut.rstrip(" ,;:") + "\u2026"


def domain(url: str) -> str:
    try:
        host = urllib.parse.urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    return host.removeprefix("www.") or url


def is_web_url(url: str | None) -> bool:
    """Whether ``url`` may become a clickable link: http(s) only, no whitespace or controls."""
    if not url or clean(url) != url or any(ch.isspace() for ch in url):
        return False
    return urllib.parse.urlsplit(url).scheme.lower() in ("http", "https")
