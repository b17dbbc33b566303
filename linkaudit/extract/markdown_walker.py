"""Walking markdown-it's tokens: where each link's URL is written, and its anchor and claim.

Tokens carry block line ranges only, so every URL is located by scanning that block's lines in the
file with a cursor that only moves forward, preferring an occurrence in link-destination position
(after "(" or "<"). Reference-style links are located at their definition's URL, since that is the
text a writer edits to fix the link. Inline HTML links and MDX components are read from their tags;
HTML blocks are handed to the HTML extractor whole.
"""

from __future__ import annotations

import html
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import lxml.etree
import lxml.html
from markdown_it import MarkdownIt
from markdown_it.token import Token

from linkaudit.extract import claims, html as html_extract, text as text_extract
from linkaudit.extract.common import readable_text
from linkaudit.extract.markdown_locate import UrlLocator
from linkaudit.extract.markdown_markup import MARKUP, TEMPLATE, code_shown, is_shortcode, urls_in_tag
from linkaudit.extract.markdown_parser import LABEL, LINK_FORM, WALKED, WRITTEN, BareUrl, ProseText
from linkaudit.models import Citation, Document, DocumentKind, NonCitation

__all__ = ["Found", "Walker"]

_QUOTE_MARKERS = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)+", re.MULTILINE)
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_EMPTY_DESTINATION = re.compile(r"\]\([ \t]*(?:<>)?[ \t]*\)")
# A heading's attributes, which Pandoc, Quarto, kramdown, VitePress and Docusaurus take off its
# text: "## Testing {#testing}", "### Shortcodes {.unlisted}".
_HEADING_ATTRIBUTES = re.compile(r"[ \t]+\{[#.][^{}\n]*\}[ \t]*\Z")
_HTML_LINK_OPEN = re.compile(r"<a(?=[\s/>])", re.IGNORECASE)
_HTML_LINK_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
# MDX: a JSX component (a capitalised tag name, <Card>, <Docs.Link>) with an href is a link.
_COMPONENT_OPEN = re.compile(r"<[A-Z][\w.]*(?=[\s/>])")
_COMPONENT_CLOSE = re.compile(r"</[A-Z][\w.]*\s*>")
_COMPONENT_NAME = re.compile(r"(</?)([A-Z][\w.]*)(?=[\s/>])")
_SELF_CLOSED = re.compile(r"/\s*>\Z")
_PLACE = operator.attrgetter("location.line", "location.column")  # of a link found in an HTML block
# A link_open token's markup says how the link was written.
_LINK_KINDS = {"autolink": "autolink", "linkify": "autolink", "linkaudit-bare": "bare"}


@dataclass(slots=True)
class _Link:
    href: str
    kind: str  # "link", "autolink", "bare", "image", "html", "shortcode", "template"
    plain_start: int
    plain_end: int = 0
    anchor: str = ""
    tag: str = ""  # for "html": the <a ...> tag as written; for "bare": the URL as written
    attributes: dict[str, str] | None = None  # for "html": the tag's attributes, entities decoded
    label: str = ""  # for "reference": the normalised label of its definition
    found: tuple[int, str] | None = None  # for "html": where its href stands, found at the opening tag


class Found(NamedTuple):
    """A link the walker found, as a reader meets it. (A tuple made by tuple.__new__: a record's
    own constructor is a Python function, once per link.)"""

    written: str
    offset: int
    href: str
    kind: str
    anchor: str
    claim: str
    order: tuple[int, int]  # (block start, place in block): the order a reader meets links
    use_line: int  # where the link is used (differs from the location for reference links)
    attributes: dict[str, str] | None = None


_new_found = tuple.__new__


@dataclass(slots=True)
class _Block:
    """One inline run (paragraph, heading, table cell) and where its lines sit in the file."""

    start: int
    end: int
    cursor: int
    plain: list[str] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)  # runs of pieces already joined: fewer objects
    length: int = 0

    def add(self, piece: str) -> None:
        self.plain.append(piece)
        self.length += len(piece)
        if len(self.plain) >= 4096:
            self.joined.append("".join(self.plain))
            self.plain.clear()

    def text(self) -> str:
        return "".join(self.joined) + "".join(self.plain)


class Walker(UrlLocator):
    """Reads the tokens of one piece: its links (``found``, ``html_found``), headings and title."""

    def __init__(
        self,
        text: str,
        parser: MarkdownIt,
        references: dict[str, dict[str, object]],
        base_url: str | None,
        *,
        jsx: bool = False,
        source: str = "",
    ) -> None:
        super().__init__(text, parser, references)
        self.jsx = jsx
        self.source = source  # the piece's: its HTML blocks' links are placed in it
        self.found: list[Found] = []
        # Links of HTML blocks, extracted whole by the HTML extractor, with their reading order
        # and their (line, column) in the piece (their own location is in the block).
        self.html_found: list[tuple[tuple[int, int], Citation | NonCitation, int, int]] = []
        self.base_url = base_url
        self.headings: list[tuple[int, str]] = []  # (1-based line, text)
        self.first_h1: str | None = None
        self.warnings: list[str] = []
        # Where each footnote is marked: an inline note ("^[...]") is moved to the foot with no
        # lines of its own, and is written in the block that marks it.
        self.footnote_marks: dict[object, list[int]] = {}

    # -- tokens --

    def walk(self, tokens: Sequence[Token]) -> None:
        last_map: list[int] | None = None
        heading_level = quotes = 0
        for token in tokens:
            if token.map is not None:
                last_map = token.map
            if token.type in ("blockquote_open", "blockquote_close"):
                quotes += 1 if token.type == "blockquote_open" else -1
            elif token.type == "footnote_open" and token.meta.get("id") in self.footnote_marks:
                last_map = self.footnote_marks[token.meta.get("id")]  # a note's own paragraph has lines, if any
            elif token.type == "heading_open":
                heading_level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
            elif token.type == "heading_close":
                heading_level = 0
            elif token.type == "html_block" and token.map is not None:
                self._html_block(token.map, quoted=quotes > 0)
            elif token.type == "inline" and last_map is not None and not token.meta.get(WALKED):
                plain = self._inline(token, token.map or last_map)
                if heading_level:
                    line = self.lines.position(self._line_offset((token.map or last_map)[0]))[0]
                    self._add_heading(line, heading_level, readable_text(_HEADING_ATTRIBUTES.sub("", plain)))

    def _add_heading(self, line: int, level: int, heading: str) -> None:
        self.headings.append((line, heading))
        if level == 1 and self.first_h1 is None and heading:
            self.first_h1 = heading

    def _inline(self, token: Token, line_map: list[int]) -> str:
        return self.inline_children(token.children or (), line_map)

    def inline_children(self, children: Iterable[Token | ProseText | BareUrl], line_map: list[int]) -> str:
        start = self._line_offset(line_map[0])
        block = _Block(start=start, end=self._line_offset(line_map[1]), cursor=start)
        open_links: list[_Link] = []
        placed: list[tuple[_Link, int, str] | None] = []
        for child in children:
            kind = child.type
            if kind == "text":
                assert not isinstance(child, BareUrl)
                if not open_links and ("://" in child.content or "www." in child.content):
                    placed.extend(self._bare_links(block, child.content))
                block.add(child.content)
            elif isinstance(child, BareUrl):  # read as its link_open, text and link_close tokens would be
                start = block.length
                block.add(child.href)
                # By position (href, kind, plain_start, plain_end, anchor, tag): once a link.
                placed.append(self._place(block, _Link(child.href, "bare", start, block.length, "", child.written)))
            elif isinstance(child, ProseText):
                raise AssertionError("prose text is of type text")
            elif kind == "link_open":
                link_kind = _LINK_KINDS.get(child.markup, "link")
                if child.meta.get(LINK_FORM) == "reference":
                    link_kind = "reference"
                link = _Link(str(child.attrs.get("href", "")), link_kind, block.length)
                link.tag, link.label = str(child.meta.get(WRITTEN, "")), str(child.meta.get(LABEL, ""))
                open_links.append(link)
            elif kind == "link_close" and open_links:
                link = open_links.pop()
                link.plain_end = block.length
                placed.append(self._place(block, link))
            elif kind == "image":
                alt = child.content
                image = _Link(str(child.attrs.get("src", "")), "image", block.length)
                block.add(alt)
                image.plain_end = block.length
                placed.append(self._place(block, image))
            elif kind == "html_inline":
                self._html_inline(block, child.content, open_links, placed)
            elif kind == "code_inline":
                self._skip_past(block, child.content)
                block.add(code_shown(child.content))
            elif kind == MARKUP:
                self._markup(block, child.content, child.markup, placed)
            elif kind in ("softbreak", "hardbreak"):
                block.add("\n")
            elif kind == "footnote_ref":
                self.footnote_marks.setdefault(child.meta.get("id"), line_map)
        plain = block.text()
        self._record(plain, block.start, [entry for entry in placed if entry is not None])
        return plain

    def _html_inline(
        self, block: _Block, tag: str, open_links: list[_Link], placed: list[tuple[_Link, int, str] | None]
    ) -> None:
        if self.jsx and (_COMPONENT_OPEN.match(tag) or _COMPONENT_CLOSE.match(tag)):
            self._component(block, tag, open_links, placed)
        elif _HTML_LINK_CLOSE.match(tag):
            for index in range(len(open_links) - 1, -1, -1):
                if open_links[index].kind == "html":
                    link = open_links.pop(index)
                    link.plain_end = block.length
                    placed.append(self._place(block, link))
                    break
        elif _HTML_LINK_OPEN.match(tag):
            attributes = _tag_attributes(tag)
            if attributes is not None and "href" in attributes:  # <a name=...> is a target, not a link
                link = _Link(attributes["href"], "html", block.length, tag=tag, attributes=attributes)
                # Found now, before what the link wraps (a code span, an image) moves the cursor on.
                link.found = self._locate_in_tag(block, tag)
                self._skip_past(block, tag)  # the whole tag: another attribute may quote a later link's URL
                if link.found is not None:
                    block.cursor = max(block.cursor, link.found[0] + len(link.found[1]))
                open_links.append(link)
        else:
            self._skip_past(block, tag)  # a comment or another tag may quote a later link's URL

    def _markup(self, block: _Block, written: str, kind: str, placed: list[tuple[_Link, int, str] | None]) -> None:
        """A template tag or an attribute block: no text. A web address written in a tag is no
        citation (an argument to something the site renders), but is listed where it is written."""
        urls = urls_in_tag(written) if kind == TEMPLATE else []
        if urls:
            position = self.text.find(written, block.cursor, block.end)
            link_kind = "shortcode" if is_shortcode(written) else "template"
            for start, url in urls:
                # markdown-it gives a tag as written, save the indentation of continued lines in a
                # list or a quote: then the address alone is looked for.
                found = (position + start, url) if position != -1 else self._search([url], block.cursor, block.end, in_destination=False)
                placed.append(self._advance(block, _Link(url, link_kind, block.length, block.length), found))
        self._skip_past(block, written)  # an attribute may quote a later link's URL

    def _component(
        self, block: _Block, tag: str, open_links: list[_Link], placed: list[tuple[_Link, int, str] | None]
    ) -> None:
        """A JSX component in MDX: with an href it is a link, self-closed or wrapping its anchor."""
        if _COMPONENT_CLOSE.match(tag):
            opening = "<" + tag[2:].rstrip(" \t\n>")
            for index in range(len(open_links) - 1, -1, -1):
                if open_links[index].tag.startswith(opening):
                    link = open_links.pop(index)
                    link.plain_end = block.length
                    placed.append(self._place(block, link))
                    break
            return
        attributes = _tag_attributes(_COMPONENT_NAME.sub(lambda m: m.group(1) + "a", tag, count=1))
        if attributes is None or "href" not in attributes:
            return
        link = _Link(attributes["href"], "html", block.length, tag=tag, attributes=attributes)
        link.found = self._locate_in_tag(block, tag)
        if link.found is not None:
            block.cursor = max(block.cursor, link.found[0] + len(link.found[1]))
        if _SELF_CLOSED.search(tag):
            link.plain_end = block.length
            placed.append(self._place(block, link))
        else:
            open_links.append(link)

    def _html_block(self, line_map: list[int], *, quoted: bool) -> None:
        start, end = self._line_offset(line_map[0]), self._line_offset(line_map[1])
        markup = self.text[start:end]
        if quoted:  # the quote's ">" markers are not HTML: blanked, so that columns stay the file's
            markup = _QUOTE_MARKERS.sub(lambda marker: " " * len(marker.group()), markup)
        for heading in _HTML_HEADING.finditer(markup):
            line = self.lines.position(start + heading.start())[0]
            self._add_heading(line, int(heading.group(1)), readable_text(_TAG.sub(" ", html.unescape(heading.group(2)))))
        if "href" not in markup.lower():
            return
        if self.jsx:  # <Card href=...> read as <a href=...>, every column kept
            markup = _COMPONENT_NAME.sub(lambda m: m.group(1) + "a" + " " * (len(m.group(2)) - 1), markup)
        block = Document(source=self.source, text=markup, kind=DocumentKind.HTML)
        extraction = html_extract.extract_html(block, scope="all", base_url=self.base_url)
        items: list[Citation | NonCitation] = [*extraction.citations, *extraction.non_citations]
        items.sort(key=_PLACE)
        line, column = self.lines.position(start)
        for number, item in enumerate(items):
            # From the block's own place to the file's: later lines shift down, its first line right too.
            place = item.location
            shifted = (place.line + line - 1, place.column + (column - 1 if place.line == 1 else 0))
            self.html_found.append(((start, number), item, *shifted))
        self.warnings.extend(extraction.warnings)

    def _bare_links(self, block: _Block, content: str) -> Iterator[tuple[_Link, int, str] | None]:
        for start, end in text_extract.find_bare_urls(content):
            written = content[start:end]
            href = "https://" + written if written.lower().startswith("www.") else written
            link = _Link(href, "bare", block.length + start, block.length + end)
            found = self._search([written], block.cursor, block.end, in_destination=False)
            yield self._advance(block, link, found)

    def _place(self, block: _Block, link: _Link) -> tuple[_Link, int, str] | None:
        if not link.href:
            # "[text]()": a link whose URL was left out, listed where the URL belongs.
            empty = _EMPTY_DESTINATION.search(self.text, block.cursor, block.end) if link.kind == "link" else None
            return None if empty is None else self._advance(block, link, (empty.start() + 2, ""))
        if link.kind == "html":
            return self._advance(block, link, link.found)
        if link.kind == "bare" and link.tag:
            # As _search finds one candidate outside a destination: its first place past the cursor.
            position = self.text.find(link.tag, block.cursor, block.end)
            return self._advance(block, link, None if position == -1 else (position, link.tag))
        if link.kind == "reference":
            # [text][label] is fixed where its label is defined; the paragraph may hold the same URL
            # inline in another link, which must keep its own place.
            found = self._reference_definition(link.href, link.label)
            return self._advance(block, link, found or self.locate(block.cursor, block.end, link.href, "link"))
        return self._advance(block, link, self.locate(block.cursor, block.end, link.href, link.kind))

    def _locate_in_tag(self, block: _Block, tag: str) -> tuple[int, str] | None:
        # markdown-it gives the tag as written, save the indentation or "> " of continued lines
        # in a list or a quote: find the tag, else its href value alone.
        value = html_extract.HREF_ATTRIBUTE.search(tag)
        if value is None:
            return None
        group = next(number for number in (1, 2, 3) if value.group(number) is not None)
        position = self.text.find(tag, block.cursor, block.end)
        if position != -1:
            return position + value.start(group), value.group(group)
        position = self.text.find(value.group(group), block.cursor, block.end)
        return (position, value.group(group)) if position != -1 and value.group(group) else None

    def _advance(self, block: _Block, link: _Link, found: tuple[int, str] | None) -> tuple[_Link, int, str] | None:
        if found is None:
            # Written in a way we cannot match (rare escapes): keep the link, point at its block
            # and say so, rather than lose a citation.
            offset = block.start + len(self.text[block.start : block.end]) - len(
                self.text[block.start : block.end].lstrip()
            )
            line = self.lines.position(offset)[0]
            self.warnings.append(f"line {line}: could not find where {link.href} is written; reported at its paragraph")
            return link, offset, link.href
        offset, written = found
        if block.start <= offset < block.end:
            block.cursor = max(block.cursor, offset + len(written))
        return link, offset, written

    def _skip_past(self, block: _Block, code: str) -> None:
        # A URL in a code span must not be taken for a later link to the same URL.
        position = self.text.find(code, block.cursor, block.end) if code else -1
        if position != -1:
            block.cursor = position + len(code)

    def _record(self, plain: str, block_start: int, placed: list[tuple[_Link, int, str]]) -> None:
        if not placed:
            return
        use_line = self.lines.position(block_start)[0]
        sentence_around = claims.sentence_around
        append = self.found.append
        for number, (link, offset, written) in enumerate(placed):
            anchor = readable_text(plain[link.plain_start : link.plain_end])
            bounds = sentence_around(plain, link.plain_start, link.plain_end)
            claim = claims.claim_window(plain, *bounds, link.plain_start, link.plain_end)
            order = (block_start, number)
            append(_new_found(Found, (written, offset, link.href, link.kind, anchor, claim, order, use_line, link.attributes)))


def _tag_attributes(tag: str) -> dict[str, str] | None:
    """The attributes of one start tag, entities decoded, or None when it cannot be read."""
    try:
        element = lxml.html.fragment_fromstring(tag + "</a>")
    except (lxml.etree.ParserError, ValueError):
        return None
    return {str(name): str(value) for name, value in element.attrib.items()}
