"""HTML start tags found at a citation's place, read with the exact place of every attribute.

A piece is edited as it is on disk. For JavaScript-escaped HTML the tag is read in the decoded
text and every place is mapped back to the escaped file, and whatever is written is escaped the
way the file escapes the same characters (``\\u0022`` stays ``\\u0022``).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

from linkaudit.extract.escaped import literal_spans, unescape_spans

__all__ = ["Attribute", "HtmlView", "StartTag", "attribute_text", "escape_attribute"]

_START_TAG = re.compile(r"<a(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(
    r"(?P<name>[^\s\"'>/=]+)(?:\s*=\s*(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>[^\s\"'=<>`]+)))?"
)
_END_TAG = re.compile(r"</a\s*>", re.IGNORECASE)
# Escaped in an escaped piece unless its neighbours show another spelling: a quote may end the
# string literal, and markup characters are what such pieces hide.
_ALWAYS_ESCAPED = frozenset('\\"\'<>')
# How far back from an href value its tag may start: attributes before href are short.
_TAG_REACH = 8192


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str  # lower-cased
    value: str  # entities decoded
    value_start: int  # offsets in the view (without quotes); equal to value_end for a bare name
    value_end: int
    quote: str  # '"', "'" or "" (unquoted or no value)
    end: int  # end of the whole attribute


@dataclass(frozen=True, slots=True)
class StartTag:
    start: int  # the "<"
    end: int  # after the ">"
    attributes: tuple[Attribute, ...]
    close: int | None  # start of the matching "</a>", None when the link is never closed
    close_end: int | None

    def attribute(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.name == name), None)

    @property
    def insertion_point(self) -> int:
        """Where new attributes go: right after the last one, so "/>" and spacing stay as written."""
        return self.attributes[-1].end if self.attributes else self.start + 2


@dataclass(slots=True)
class HtmlView:
    """The markup a piece's links live in, with the way back to the file and out to it."""

    raw: str
    text: str
    offsets: list[int] | None = None  # per character of ``text``, its offset in ``raw`` (escaped only)
    _spellings: dict[str, str] = field(default_factory=dict)
    _delimiters: str = ""

    @classmethod
    def of(cls, raw: str, *, escaped: bool) -> HtmlView:
        if not escaped:
            return cls(raw, raw)
        spans = literal_spans(raw)
        text, offsets = unescape_spans(raw, spans)
        view = cls(raw, text, offsets)
        view._delimiters = "".join(sorted({raw[start - 1] for start, _ in spans if start > 0 and raw[start - 1] in "\"'`"}))
        return view

    def to_raw(self, position: int) -> int:
        return position if self.offsets is None else self.offsets[position]

    def from_raw(self, offset: int) -> int | None:
        """The view position of the character at file offset ``offset``, None when none starts there."""
        if self.offsets is None:
            return offset
        index = bisect.bisect_left(self.offsets, offset)
        return index if index < len(self.offsets) and self.offsets[index] == offset else None

    def tag_with_href_at(self, position: int) -> StartTag | None:
        """The ``<a>`` start tag whose href value begins at ``position``."""
        floor = max(0, position - _TAG_REACH)
        opening = self.text.rfind("<", floor, position)
        while opening != -1:
            match = _START_TAG.match(self.text, opening)
            if match is not None and match.end() > position:
                attributes = tuple(_attributes(self.text, match.start(1), match.end(1)))
                href = next((a for a in attributes if a.name == "href"), None)
                if href is not None and href.value_start <= position <= href.value_start + _leading_blanks(href):
                    close = _END_TAG.search(self.text, match.end())
                    following = self.text.find("<a", match.end(), close.start()) if close else -1
                    if close is None or following != -1 and _START_TAG.match(self.text, following):
                        return StartTag(match.start(), match.end(), attributes, None, None)
                    return StartTag(match.start(), match.end(), attributes, close.start(), close.end())
                return None
            opening = self.text.rfind("<", floor, opening)
        return None

    def encode(self, text: str) -> str:
        """``text`` (markup) as the file writes it: escaped like its neighbours in escaped pieces."""
        if self.offsets is None:
            return text
        return "".join(self._spelling(character) for character in text)

    def learn_spellings(self, start: int, end: int) -> None:
        """Note how the file writes each character of ``text[start:end]`` (its tag), to write alike."""
        if self.offsets is None:
            return
        for index in range(start, end):
            written = self.raw[self.offsets[index] : self.offsets[index + 1]]
            if written != self.text[index]:
                self._spellings.setdefault(self.text[index], written)

    def _spelling(self, character: str) -> str:
        known = self._spellings.get(character)
        if known is not None:
            return known
        if character in _ALWAYS_ESCAPED or character in self._delimiters or ord(character) < 0x20:
            return f"\\u{ord(character):04x}"
        return character


def _leading_blanks(attribute: Attribute) -> int:
    value = attribute.value
    return len(value) - len(value.lstrip()) if value else 0


def _attributes(text: str, start: int, end: int) -> list[Attribute]:
    found: list[Attribute] = []
    for match in _ATTRIBUTE.finditer(text, start, end):
        for group, quote in (("double", '"'), ("single", "'"), ("bare", "")):
            if match.group(group) is not None:
                value_start, value_end = match.span(group)
                found.append(Attribute(match.group("name").lower(), html.unescape(match.group(group)), value_start, value_end, quote, match.end()))
                break
        else:
            found.append(Attribute(match.group("name").lower(), "", match.end(), match.end(), "", match.end()))
    return found


def escape_attribute(value: str, quote: str = '"') -> str:
    """An attribute value as markup inside ``quote`` (ampersands and that quote as entities)."""
    escaped = value.replace("&", "&amp;")
    return escaped.replace('"', "&quot;") if quote != "'" else escaped.replace("'", "&#39;")


def attribute_text(name: str, value: str) -> str:
    """`` name="value"``, ready to insert after a tag's last attribute."""
    return f' {name}="{escape_attribute(value)}"'
