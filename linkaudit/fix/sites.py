"""Where and how each citation is written in its piece: the syntax around the recorded place.

The extractors record where a link's URL starts in the file (line and column). What a fix
needs beyond that (where the URL ends, the tag or the parentheses around it, a definition's
title) is read here from the text at that place, and checked against what the extractor saw:
a citation whose place does not hold its URL is left alone, never guessed at.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from markdown_it.helpers import parseLinkTitle

from linkaudit.extract.common import LineIndex
from linkaudit.fix.markup import HtmlView, StartTag
from linkaudit.models import Citation

__all__ = ["LinkSite", "SiteKind", "find_site"]


class SiteKind(enum.StrEnum):
    HTML = "html"  # <a href="..."> in HTML, escaped HTML or raw HTML inside Markdown
    INLINE = "inline"  # [text](url "title")
    REFERENCE = "reference"  # [label]: url "title"
    AUTOLINK = "autolink"  # <https://...>
    BARE = "bare"  # https://... in running text


@dataclass(frozen=True, slots=True)
class LinkSite:
    """One written link. Offsets are into the view's text (the file itself except for escaped HTML)."""

    kind: SiteKind
    url_start: int
    url_end: int
    end: int  # just after the whole link: ")", ">", the URL, the definition's title, or "</a>"
    tag: StartTag | None = None  # for HTML
    has_title: bool = False  # for a reference definition
    angle: bool = False  # the destination is written <between angle brackets>


# "[label]:" at the start of a line (in a quote or a list item too); "[^1]:" is a footnote, not a definition.
_DEFINITION_LEAD = re.compile(r"[ \t>]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?[ \t]{0,3}\[(?!\^)(?:[^\[\]\\]|\\.)+\]:[ \t]*(?:\r?\n[ \t>]*)?")


def find_site(view: HtmlView, lines: LineIndex, citation: Citation, *, markdown: bool) -> LinkSite | None:
    """The link ``citation`` was read from, or None when its recorded place does not hold it."""
    try:
        offset = lines.offset(citation.location.line, citation.location.column)
    except IndexError:
        return None
    position = view.from_raw(offset)
    if position is None:
        return None
    tag = view.tag_with_href_at(position)
    if tag is not None:
        href = tag.attribute("href")
        assert href is not None
        # Extractors record an href as written or with its entities decoded: either is this link.
        if citation.written.strip() not in (href.value.strip(), view.text[href.value_start : href.value_end].strip()):
            return None
        return LinkSite(SiteKind.HTML, href.value_start, href.value_end, tag.close_end or tag.end, tag)
    if not markdown or not view.text.startswith(citation.written, position):
        return None
    return _markdown_site(view.text, position, position + len(citation.written))


def _markdown_site(text: str, start: int, end: int) -> LinkSite | None:
    angle = text[start - 1 : start] == "<" and text[end : end + 1] == ">"
    before = start - 1 if angle else start
    after = end + 1 if angle else end
    opener = before - 1
    while opener >= 0 and text[opener] in " \t\r\n":
        opener -= 1
    if opener >= 1 and text[opener] == "(" and text[opener - 1] == "]":
        close = _inline_end(text, after)
        return None if close is None else LinkSite(SiteKind.INLINE, start, end, close, angle=angle)
    if _after_definition_label(text, before):
        found = _definition_end(text, after)
        if found is None:
            return None
        return LinkSite(SiteKind.REFERENCE, start, end, found[0], has_title=found[1], angle=angle)
    if angle:
        return LinkSite(SiteKind.AUTOLINK, start, end, end + 1, angle=True)
    return LinkSite(SiteKind.BARE, start, end, end)


def _after_definition_label(text: str, position: int) -> bool:
    """Whether ``position`` follows "[label]:" (on its line, or at the end of the line before)."""
    line_start = text.rfind("\n", 0, position) + 1
    if _DEFINITION_LEAD.fullmatch(text, line_start, position):
        return True
    if line_start and not text[line_start:position].strip(" \t>"):
        previous = text.rfind("\n", 0, line_start - 1) + 1
        return bool(_DEFINITION_LEAD.fullmatch(text, previous, position))
    return False


def _skip_blanks(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t":
        position += 1
    return position


def _skip_space(text: str, position: int) -> int:
    """Past blanks and at most one line break (as a link may span two lines)."""
    position = _skip_blanks(text, position)
    for newline in ("\r\n", "\n", "\r"):
        if text.startswith(newline, position):
            return _skip_blanks(text, position + len(newline))
    return position


def _title_end(text: str, position: int) -> int | None:
    if text[position : position + 1] not in ("\"", "'", "("):
        return None
    title = parseLinkTitle(text, position, len(text))
    return title.pos if title.ok else None


def _inline_end(text: str, position: int) -> int | None:
    """Just after the ")" closing an inline link whose destination ends at ``position``."""
    scan = _skip_space(text, position)
    if scan > position and (title_end := _title_end(text, scan)) is not None:
        scan = _skip_space(text, title_end)
    return scan + 1 if text[scan : scan + 1] == ")" else None


def _line_end(text: str, position: int) -> int:
    found = text.find("\n", position)
    if found == -1:
        return len(text)
    return found - 1 if text[found - 1 : found] == "\r" else found


def _definition_end(text: str, position: int) -> tuple[int, bool] | None:
    """(end of a definition whose URL ends at ``position``, whether it has a title)."""
    scan = _skip_blanks(text, position)
    line_end = _line_end(text, position)
    if scan >= line_end:
        # A title may stand on the next line; else the definition ends with its URL's line.
        following = _skip_space(text, scan)
        title_end = _title_end(text, following) if following > scan else None
        if title_end is not None and _skip_blanks(text, title_end) == _line_end(text, title_end):
            return _line_end(text, title_end), True
        return line_end, False
    if scan == position or (title_end := _title_end(text, scan)) is None:
        return None
    return (line_end, True) if _skip_blanks(text, title_end) == _line_end(text, title_end) else None
