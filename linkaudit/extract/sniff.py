"""What kind of piece a text is (HTML, Markdown, reStructuredText, plain text; escaped HTML or not).

Content first, file extension second; every check is a bounded scan of the first 64 KiB, linear in
what it reads.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from linkaudit.extract.escaped import escaped_attribute_tag, looks_escaped
from linkaudit.extensions import EXTENSION_KINDS, PIECE_EXTENSIONS
from linkaudit.models import DocumentKind

__all__ = ["PIECE_EXTENSIONS", "opens_html_document", "sniff_kind"]

# Formats whose extension settles the kind: their text may quote markup of other kinds.
_DECLARED_KINDS = frozenset({DocumentKind.MARKDOWN, DocumentKind.RST})
_SNIFF_CHARS = 64 * 1024
_SPACES = re.compile(r"\s*")
_HTML_OPENING = re.compile(r"<(?:!doctype\s+html|html)\b", re.I)
_HTML_TAG = re.compile(
    r"</?(?:p|div|a|span|article|main|section|header|footer|nav|h[1-6]|ul|ol|li|table|tr|td|body|head|"
    r"meta|link|title|br|img|em|strong|b|i|blockquote|figure|script|style)\b[^<>]*>",
    re.I,
)
_MARKDOWN_MARKER = re.compile(
    r"^(?:#{1,6}[ \t]+\S|```|~~~|\[[^\]\n]+\]:[ \t]*\S)|\]\([^)\s\]]*\)|^\s{0,3}[-*+][ \t]+\[[^\]\n]+\]",
    re.M,
)
# Escaped tag openers and escaped attribute quotes: what a JavaScript string literal of HTML holds.
_ESCAPED_MARKUP = re.compile(r"\\(?:u003[cC]|x3[cC])|=\s*\\[\"']")
# An escaped link opener, or a plain <a> whose href quote is escaped (see ``escaped_attribute_tag``).
_ESCAPED_LINK_OPENER = re.compile(r"(?:\\u003[cC]|\\x3[cC])a\s", re.IGNORECASE)
_ESCAPED_MIN_BULK = 200
_FRONT_MATTER_START = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n")


def sniff_kind(text: str, name: str | None) -> tuple[DocumentKind, bool]:
    """(kind, escaped) of a piece: what its content shows first, its file extension second.

    A Markdown extension or front matter settles it: a writer's Markdown may quote escaped HTML in
    a code block. Escaped HTML wins over real markup only when it is the bulk of the markup, so a
    page whose JSON-LD quotes a little escaped HTML is still read as the page it is.
    """
    sample = text[:_SNIFF_CHARS]
    by_extension = EXTENSION_KINDS.get(_extension(name))
    if by_extension in _DECLARED_KINDS:
        return by_extension, False
    if _FRONT_MATTER_START.match(sample):
        return DocumentKind.MARKDOWN, False
    # Escaped HTML with no escaped link in it has no citation to give: a note that mentions
    # \u003c is text.
    if looks_escaped(sample) and _has_escaped_link(sample):
        escaped_tags = _count(_ESCAPED_MARKUP, sample, limit=_ESCAPED_MIN_BULK)
        if escaped_tags >= 2 and escaped_tags > _count(_HTML_TAG, sample, limit=_ESCAPED_MIN_BULK):
            return DocumentKind.HTML, True
    if opens_html_document(sample):
        return DocumentKind.HTML, False
    html_tags = _count(_HTML_TAG, sample, limit=20)
    markdown_marks = _count(_MARKDOWN_MARKER, sample, limit=20)
    if html_tags >= 3 and markdown_marks == 0:
        return DocumentKind.HTML, False
    if markdown_marks >= 1 and html_tags == 0:
        return DocumentKind.MARKDOWN, False
    by_extension = EXTENSION_KINDS.get(_extension(name))
    if by_extension is not None and not (by_extension is DocumentKind.TEXT and markdown_marks):
        return by_extension, False
    if html_tags > markdown_marks:
        return DocumentKind.HTML, False
    if markdown_marks:
        return DocumentKind.MARKDOWN, False
    return DocumentKind.TEXT, False


def _has_escaped_link(text: str) -> bool:
    return _ESCAPED_LINK_OPENER.search(text) is not None or escaped_attribute_tag(text, link=True) is not None


def opens_html_document(text: str) -> bool:
    """Whether the text starts as an HTML document: after an XML declaration and comments, a
    doctype or <html>. A scan, not a regex: each character is looked at once."""
    position = _SPACES.match(text).end()
    if text.startswith("<?xml", position):
        end = text.find(">", position)
        if end == -1:
            return False
        position = _SPACES.match(text, end + 1).end()
    while text.startswith("<!--", position):
        end = text.find("-->", position + 4)
        if end == -1:
            return False
        position = _SPACES.match(text, end + 3).end()
    return _HTML_OPENING.match(text, position) is not None


def _count(pattern: re.Pattern[str], text: str, *, limit: int) -> int:
    count = 0
    for _ in pattern.finditer(text):
        count += 1
        if count >= limit:
            break
    return count


def _extension(name: str | None) -> str:
    if not name:
        return ""
    path = urlsplit(name).path if "://" in name else name
    return os.path.splitext(path)[1].lower()
