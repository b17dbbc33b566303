"""Where each link's address starts in the file as written, and which addresses the parser left out.

libxml2 gives each element a source line that is only a hint (the line where a start tag *ends*,
and it stops counting at 65535), so every address's exact place is found by scanning the text for
`<a ... href=...>` tags (and `<blockquote>`/`<q>` with `cite=`) in document order with a cursor
that only moves forward, checking each candidate's value against the parsed one.
"""

from __future__ import annotations

import functools
import html as html_entities
from html.entities import html5 as html5_entities
import re
from collections.abc import Callable
from dataclasses import dataclass

import lxml.etree

from linkaudit.extract.common import LineIndex
from linkaudit.models import Document, Location

__all__ = ["HREF_ATTRIBUTE", "HrefLocator", "Markup", "Positions", "unescape_attribute"]

Element = lxml.etree._Element

# What is skipped whole: comments, and scripts, styles, text areas and the other elements the HTML
# standard reads as text (a title, an iframe's fallback, xmp, noembed, noframes) up to their end
# tags (or the end of the markup): an href written in them is text, not a link. Each is written as
# runs of a character class broken by single checked characters rather than as a lazy ".*?": the
# same matches, three times faster on real pages (the lazy form tests for the end at every
# character of every inline script). A start tag closed by "/>" holds nothing, as libxml2 reads it (<script src="a.js"/>, an SVG's
# <title/>): the links after it are in the tree.
def _up_to_end_tag(tag: str) -> str:
    return rf"{tag}\b(?:[^>]*(?<=/)>|[^<]*(?:<(?!/{tag}\s*>)[^<]*)*(?:</{tag}\s*>)?)"


_TEXT_ELEMENTS = ("script", "style", "textarea", "title", "iframe", "xmp", "noembed", "noframes")
# "<" is matched once, and only before a letter that may start a skipped tag are they tried: the
# scan then costs what it did with three of them.
_SKIPPED = (
    rf"<(?=[!{''.join(sorted({tag[0] for tag in _TEXT_ELEMENTS}))}])"
    r"(?:!--[^-]*(?:-(?!->)[^-]*)*(?:-->)?|" + "|".join(_up_to_end_tag(tag) for tag in _TEXT_ELEMENTS) + ")"
)
# A tag's attributes as the HTML standard reads them: a quote opens a quoted value only right after
# "=" (and spaces). Anywhere else it is a character like any other: in `target=_blank">` the value is
# `_blank"` and the tag ends at the ">"; read as an opening quote, it would run on to the next
# quote in the page and put every later link out of place.
_ATTRIBUTES = r"""(?:[^>=]+|=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))*"""
_LINK_TAG = rf"|<(a|blockquote|q)(?=[\s/>])({_ATTRIBUTES})>?"
_SCAN = re.compile(_SKIPPED + _LINK_TAG, re.IGNORECASE | re.DOTALL)
# Every tag read whole, so that markup quoted in another tag's attribute (a tooltip, a JSON
# blob in a data- attribute) is not taken for a link. Slower: used only to confirm what the
# tree lacks.
_SCAN_EVERY_TAG = re.compile(_SKIPPED + _LINK_TAG + rf"|<[A-Za-z][A-Za-z0-9:-]*{_ATTRIBUTES}>?", re.IGNORECASE | re.DOTALL)
# A character reference (as in the standard library's html module).
_REFERENCE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
# One attribute of a tag's attributes as the standard reads them: spaces and "/" between; a name
# running to a space, "/", ">" or "=" (a leading "=" is part of it); and, after "=" and spaces, a
# value quoted or running to a space or ">". A name with no "=" after it has the empty value
# (`<a href target=_top>`), and a name or value quoted inside another value is not an attribute.
def _first_attribute(name: str) -> re.Pattern[str]:
    """The first attribute called ``name`` (any case) of a tag's attributes, read one by one as
    the standard reads them (a name, then perhaps "=" and a value: quoted, or up to a space or
    ">"), in one match: the engine walks past the others in C, each taken whole and never given
    back (possessive), so a tag without one fails in linear time."""
    other = rf"""(?>(?!{name}(?:[\s/>=]|$))(?:=|[^\s/>=])[^\s/>=]*+(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?+)"""
    value = r"""(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?"""
    return re.compile(rf"(?:[\s/]*+{other})*+[\s/]*+({name})(?=[\s/>=]|$){value}", re.IGNORECASE)


_FIRST_OF = {"href": _first_attribute("href"), "cite": _first_attribute("cite")}
HREF_ATTRIBUTE = re.compile(r"""(?:^|[\s"'/])href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`]+))""", re.IGNORECASE)
# How many <a href> tags past the cursor a parsed link may be matched with before giving up.
_LOOKAHEAD_TAGS = 32


@dataclass(slots=True)
class Markup:
    """The HTML to parse and the way back from its offsets to the file on disk."""

    text: str
    to_raw: Callable[[int], int]



class HrefLocator:
    """Finds where each link's address (an <a href>, or the cite of a <blockquote> or <q>) starts
    in the markup, in document order; and which such addresses the parser left out of the tree.

    The markup's link tags are scanned once; each of the tree's links, in document order, is
    matched with the first of the next ``_LOOKAHEAD_TAGS`` tags (past the last one matched) that
    holds its address, so the whole costs one pass over the text and a bounded number of
    comparisons per link."""

    def __init__(self, markup: str) -> None:
        self._markup = markup
        # Each link tag of the markup, in document order: what it is matched by (the attribute
        # and the address as the parser reads it, stripped), where its address starts, and the
        # address's offset and value as written (kept for what the tree lacks).
        self._keys: list[tuple[str, str]] = []
        self._starts: list[int] = []
        self._written: list[tuple[int, str]] = []
        for match in _SCAN.finditer(markup):
            found = _address(match)
            if found is not None:
                offset, written, kind = found
                value = unescape_attribute(_newlines(written))
                self._keys.append((kind, value.strip()))
                self._starts.append(offset + len(written) - len(written.lstrip()))
                self._written.append((offset, value))
        self._cursor = 0  # the first tag past the last one matched
        self._passed: list[int] = []  # tags skipped over by a match
        self._values: set[str] = set()

    def locate_all(self, root: Element) -> dict[Element, int]:
        places: dict[Element, int] = {}
        for element in root.iter("a", "blockquote", "q"):
            attribute = "href" if element.tag == "a" else "cite"
            value = element.get(attribute)
            if value is None:
                continue
            wanted = value.strip()
            self._values.add(wanted)
            offset = self._next((attribute, wanted))
            if offset is not None:
                places[element] = offset
        return places

    def unread(self) -> list[tuple[int, str]]:
        """(offset, address as written) of each link in the markup whose address no link in the
        tree has: what the parser left out (a tag it read differently is not counted)."""
        unmatched = (*self._passed, *range(self._cursor, len(self._written)))
        candidates = [self._written[index] for index in unmatched]
        missing = [(offset, written) for offset, written in candidates if written.strip() not in self._values]
        if not missing:
            return missing
        tags = {found[0] for match in _SCAN_EVERY_TAG.finditer(self._markup) if (found := _address(match)) is not None}
        return [(offset, written) for offset, written in missing if offset in tags]

    def _next(self, key: tuple[str, str]) -> int | None:
        start = self._cursor
        try:
            index = self._keys.index(key, start, start + _LOOKAHEAD_TAGS)
        except ValueError:
            return None
        self._cursor = index + 1
        self._passed.extend(range(start, index))
        return self._starts[index]


def _newlines(value: str) -> str:
    """A value with its line breaks as the parser reads them: the standard turns each CR LF, and
    each CR alone, of the input into LF before anything else (a CR written as &#13; stays)."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def unescape_attribute(value: str) -> str:
    """An attribute value as the parser reads it: as the HTML standard says for attributes, a
    named reference without its ";" is left as written when a letter, digit or "=" follows
    ("&sectionId=" in a query is not "§ionId=")."""
    return _REFERENCE.sub(_attribute_reference, value) if "&" in value else value


def _attribute_reference(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.startswith("#") or name in html5_entities:
        return html_entities.unescape(match.group(0))
    for end in range(len(name) - 1, 1, -1):
        if name[:end] in html5_entities:
            if name[end].isalnum() or name[end] == "=":
                return match.group(0)
            return html5_entities[name[:end]] + name[end:]
    return match.group(0)


def _address(match: re.Match[str]) -> tuple[int, str, str] | None:
    """Where a scanned tag's address starts, the address as written, and its attribute name."""
    attributes = match.group(2)
    if attributes is None:
        return None  # a comment, script or style: links in there are not in the tree
    name = "href" if match.group(1) in {"a", "A"} else "cite"  # <a>, or <blockquote> and <q>
    if name not in attributes.lower():
        return None
    found = _FIRST_OF[name].match(attributes)  # the first of the name counts, as for the parser
    if found is None:
        return None
    group = found.lastindex or 1  # the one quoting style that matched, if any
    if group == 1:  # a bare name: its empty value is placed right after it
        return match.start(2) + found.end(1), "", name
    return match.start(2) + found.start(group), found.group(group), name


class _ForwardLines:
    """(line, column) of offsets in a text asked in increasing order, as links come: the line
    breaks between one offset and the next are counted in C (str.count), and no index of every
    line of the page is built. An offset before the last one asked is placed by such an index,
    built then, once."""

    __slots__ = ("_index", "_line", "_offset", "_start", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0  # the last offset asked, on line _line, which starts at _start
        self._line = 1
        self._start = 0
        self._index: LineIndex | None = None

    def position(self, offset: int) -> tuple[int, int]:
        if offset < self._offset:
            return self.index.position(offset)
        text, last = self._text, self._offset
        breaks = text.count("\n", last, offset)
        if breaks:
            self._line += breaks
            self._start = text.rfind("\n", last, offset) + 1
        self._offset = offset
        return self._line, offset - self._start + 1

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self._text)
        return self._index


class Positions:
    """Turns a link into its Location in the file as on disk."""

    def __init__(self, document: Document, markup: Markup, places: dict[Element, int]) -> None:
        self._source = document.source
        self._document_text = document.text
        self._markup = markup
        self._places = places
        self._lines = _ForwardLines(document.text)

    @functools.cached_property
    def _markup_lines(self) -> LineIndex:
        # Only a link the scan did not place needs it: most pages never build it.
        return self._lines.index if self._markup.text is self._document_text else LineIndex(self._markup.text)

    def raw_position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the file on disk of an offset in the parsed markup."""
        return self._lines.position(self._markup.to_raw(offset))

    def location(self, element: Element, written: str, warnings: list[str]) -> Location:
        offset = self._places.get(element)
        if offset is None:
            offset = self._fallback(element, written)
            if offset is None:
                line = element.sourceline or 1
                location = Location(self._source, line, 1)
                warnings.append(f"line {location.line}: could not find the exact column of {written!r}")
                return location
        line, column = self._lines.position(self._markup.to_raw(offset))
        return Location(self._source, line, column)

    def _fallback(self, element: Element, written: str) -> int | None:
        """The written value's first occurrence near its element's line, else anywhere."""
        needle = written.strip()
        if not needle:
            return None
        line = element.sourceline or 1
        try:
            start = self._markup_lines.offset(line, 1) if line < 65535 else 0
        except IndexError:
            start = 0
        # The line libxml2 reports is where the start tag ends: look a little before it too.
        start = max(0, self._markup.text.rfind("<", 0, start + 1))
        found = self._markup.text.find(needle, start)
        if found == -1:
            found = self._markup.text.find(needle)
        return None if found == -1 else found

