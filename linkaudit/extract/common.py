"""Helpers every extractor shares: positions, whitespace, URL classification."""

from __future__ import annotations

import bisect
import functools
import re
from urllib.parse import urljoin, urlsplit

import lxml.etree

__all__ = [
    "ABSOLUTE_WEB_URL",
    "LineIndex",
    "collapse_whitespace",
    "element_text",
    "link_target",
    "non_citation_reason",
    "template_tag_reason",
    "readable_text",
    "resolve_url",
]

_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_LINE_BREAK = re.compile("\n")
_MATCH_END = re.Match.end
ABSOLUTE_WEB_URL = re.compile(r"\s*https?://", re.IGNORECASE)
_NOT_CITATION_SCHEMES = {
    "mailto": "e-mail address",
    "tel": "telephone number",
    "javascript": "script link",
    "data": "inline data",
    "sms": "text-message link",
}
_TEMPLATE_TAG = "template tag"


def collapse_whitespace(text: str) -> str:
    # Every whitespace character but the space is non-printable, so printable text with no doubled,
    # leading or trailing space is already collapsed: most anchors and claims skip the regex.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    # str.split() splits at the characters r"\s" matches (both ask str.isspace), five times as fast.
    return " ".join(text.split())


# An element's text, its descendants' tails included and its own tail not: what
# "".join(element.itertext()) gives, joined by libxml2 without a Python string made of each piece
# first (3 times as fast for a lone element, 10 times for a section of a page).
element_text = functools.partial(lxml.etree.tostring, method="text", encoding="unicode", with_tail=False)


def readable_text(text: str) -> str:
    """Text as it reads, for an anchor, a claim, a heading or a title: ``collapse_whitespace``,
    without the marks that have no form of their own (soft hyphens, zero-width spaces, word
    joiners, byte-order marks), which pages set inside words ("Sym&shy;bol&shy;bild") for where a
    line may break. Those marks are not printable: printable text has none to drop."""
    if not text.isprintable() and _FORMLESS.search(text) is not None:
        text = _FORMLESS.sub("", text)
    return collapse_whitespace(text)


# Not the zero-width (non-)joiners: they change how Persian, Indic scripts and emoji are drawn.
_FORMLESS = re.compile("[\u00ad\u200b\u2060\ufeff]")


class LineIndex:
    """Turns 0-based character offsets into 1-based (line, column) pairs."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        # Mapped in C over the regex's matches: no Python step per line.
        self._starts = [0, *map(_MATCH_END, _LINE_BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    @property
    def line_starts(self) -> list[int]:
        """The offset where each line starts (read-only: shared, not copied)."""
        return self._starts

    def offset(self, line: int, column: int) -> int:
        return self._starts[line - 1] + column - 1


def non_citation_reason(written: str) -> str | None:
    """Why a link is not a citation, or None when it is one."""
    stripped = written.strip()
    if not stripped:
        return "empty link"
    if stripped.startswith("#"):
        return "in-page fragment"
    if (reason := template_tag_reason(stripped)) is not None:
        return reason
    try:
        parts = urlsplit(stripped)
    except ValueError as error:  # "https://[your-domain]/": a placeholder, not an address
        return f"malformed URL ({error})"
    scheme = parts.scheme.lower() if ":" in stripped else ""
    if scheme in _NOT_CITATION_SCHEMES:
        return _NOT_CITATION_SCHEMES[scheme]
    if scheme and scheme not in ("http", "https"):
        return f"{scheme}: link"
    return None


def template_tag_reason(written: str) -> str | None:
    """"template tag" for a link written with Liquid, Jinja, Hugo or Handlebars left unrendered:
    its address exists only once the site is built ("{{ site.repository }}/issues",
    "{% link _docs/index.md %}"). Give the link as written: a parser's href has "{" escaped."""
    return _TEMPLATE_TAG if "{{" in written or "{%" in written else None


def resolve_url(written: str, base: str | None) -> tuple[str, bool]:
    """The absolute URL to check, and whether the link is internal (relative with no base)."""
    stripped = written.strip()
    if stripped.startswith("//"):
        return "https:" + stripped, False
    try:
        if urlsplit(stripped).scheme in ("http", "https"):
            return stripped, False
        if base:
            return urljoin(base, stripped), False
    except ValueError:
        pass  # a malformed base cannot place the link: it stays internal, listed and not checked
    return stripped, True


def link_target(written: str, base: str | None) -> tuple[str, bool]:
    """The absolute URL an href points at, and whether it is internal (relative with no base).
    As browsers do, tabs and line breaks inside it are dropped (a long URL wrapped in the source)."""
    # A printable string holds no tab or line break: most hrefs skip the pattern's search.
    target = written if written.isprintable() or not _TAB_OR_NEWLINE.search(written) else _TAB_OR_NEWLINE.sub("", written)
    return (target.strip(), False) if ABSOLUTE_WEB_URL.match(target) else resolve_url(target, base)
