"""The character set an HTML page declares in its own markup."""

from __future__ import annotations

import re

__all__ = ["meta_charset"]

# As the HTML encoding prescan reads it: spaces may surround "=", the value may be quoted, and the
# match stays inside one tag.
_META_CHARSET = re.compile(rb"<meta[^<>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def meta_charset(head: bytes) -> str | None:
    """The charset a <meta> tag in ``head`` (the first bytes of a page) names, or None."""
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii", errors="replace") if match else None
