"""Citations in HTML: full pages, fragments, and HTML hidden in JavaScript string literals.

lxml (libxml2) parses: it is several times faster than html5lib, recovers from broken markup, and
gives each element a source line. The line is only a hint (libxml2 records the line where a start
tag *ends* and stops counting at 65535), so every href's exact place is found by scanning the
text for `<a ... href=...>` tags in document order with a cursor that only moves forward, checking
each candidate's value against the parsed one.
"""

from __future__ import annotations

import datetime as dt
import html as html_entities
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from linkaudit.extract.body import ArticleBody, choose_body, text_length
from linkaudit.extract.boilerplate import link_role, same_site_list_role, site_of
from linkaudit.extract.claims import sentence_text
from linkaudit.extract.common import LineIndex, collapse_whitespace, non_citation_reason, resolve_url
from linkaudit.extract.escaped import literal_spans, unescape_spans
from linkaudit.extract.nesting import MAX_NESTING, readable_markup
from linkaudit.models import Citation, Document, Location, NonCitation, claim_id_for

__all__ = ["HREF_ATTRIBUTE", "HtmlExtraction", "carries_skip_marker", "extract_html", "version_date", "version_url"]

SKIP_MARKER = "linkaudit-skip"

# Elements whose text starts and ends a block of prose: sentences never run across them.
_BLOCKS = frozenset(
    """
    p li td th blockquote h1 h2 h3 h4 h5 h6 figcaption caption dd dt pre div section article
    main ul ol dl table tr tbody thead tfoot figure header footer aside nav address details summary
    form fieldset center body html hr
    """.split()
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "select"})
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_ABSOLUTE_WEB_URL = re.compile(r"\s*https?://", re.IGNORECASE)
_FULL_PAGE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_SCAN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<script\b.*?(?:</script\s*>|\Z)"
    r"|<style\b.*?(?:</style\s*>|\Z)"
    r"|<textarea\b.*?(?:</textarea\s*>|\Z)"
    r"|<(a|blockquote|q)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>?",
    re.IGNORECASE | re.DOTALL,
)
HREF_ATTRIBUTE = re.compile(r"""(?:^|[\s"'/])href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
CITE_ATTRIBUTE = re.compile(r"""(?:^|[\s"'/])cite\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
# How many <a href> tags past the cursor a parsed link may be matched with before giving up.
_LOOKAHEAD_TAGS = 32


Element = lxml.etree._Element


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    title: str | None
    citations: tuple[Citation, ...]
    non_citations: tuple[NonCitation, ...]
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class _Markup:
    """The HTML to parse and the way back from its offsets to the file on disk."""

    text: str
    to_raw: Callable[[int], int]


def _prepare(document: Document) -> _Markup:
    raw = document.text
    if not document.escaped:
        return _Markup(raw, lambda offset: offset)
    decoded, offsets = unescape_spans(raw, literal_spans(raw))
    return _Markup(decoded, offsets.__getitem__)


# huge_tree: libxml2 otherwise stops building the tree 256 levels down, and every link in
# unclosed markup past that depth would be lost without a word. (Past about 2,045 levels it stops
# all the same: see _readable_markup.)
_PARSER = lxml.etree.HTMLParser(huge_tree=True)


def _parse(markup: str) -> Element | None:
    # lxml refuses str input that declares an encoding; blank it out, keeping every offset.
    declaration = _XML_DECLARATION.match(markup)
    if declaration:
        markup = " " * declaration.end() + markup[declaration.end() :]
    if not markup.strip():
        return None
    try:
        return lxml.etree.fromstring(markup, _PARSER)
    except (lxml.etree.LxmlError, ValueError):
        return None


def extract_html(document: Document, *, scope: str = "article", base_url: str | None = None) -> HtmlExtraction:
    """Every citation in an HTML document (or JS-escaped HTML when ``document.escaped``)."""
    markup = _prepare(document)
    root = _parse(markup.text)
    if root is None:
        return HtmlExtraction(None, (), (), ())
    warnings: list[str] = []
    root, places, unread = _read_every_link(markup.text, root, warnings)
    base = _document_base(root, base_url or document.base_url)
    full_page = bool(_FULL_PAGE.search(markup.text, 0, 200_000))
    article, told_apart = _article(root, scope=scope, full_page=full_page)
    page_url = base_url or document.base_url
    walk = _Walk(article if told_apart else None, site=site_of(page_url or _canonical(root)), base=base)
    walk.run(article.roots)
    positions = _Positions(document, markup, places)
    citations: list[Citation] = []
    non_citations: list[NonCitation] = []
    for link in walk.links:
        written = link.element.get(link.attribute) or ""
        location = positions.location(link.element, written, warnings)
        reason = None if _ABSOLUTE_WEB_URL.match(written) and "[" not in written else non_citation_reason(written)
        if reason is None and told_apart:
            target = _target(written, base)[0]
            reason = link.role or link_role(
                link.element, written, target, site=walk.site, page=page_url, anchor=link.anchor, claim=link.claim
            )
        if reason is not None:
            non_citations.append(NonCitation(written, reason, location))
            continue
        citations.append(_citation(link, written, location, base, warnings))
    for offset, written in unread:
        line, column = positions.raw_position(offset)
        non_citations.append(NonCitation(written, NOT_READ, Location(document.source, line, column)))
    if unread:
        warnings.append(f"{len(unread)} link(s) in the markup could not be read by the HTML parser; listed as not read")
    return HtmlExtraction(
        title=_title(root),
        citations=tuple(citations),
        non_citations=tuple(non_citations),
        warnings=tuple(warnings),
    )


def _read_every_link(text: str, root: Element, warnings: list[str]) -> tuple[Element, dict[Element, int], list[tuple[int, str]]]:
    """The tree, each link's place in the text, and the links the tree lacks. When the parser
    stopped at its depth limit, the text is read again with the excess nesting flattened."""
    locator = _HrefLocator(text)
    places = locator.locate_all(root)
    unread = locator.unread()
    flat = readable_markup(text) if unread else None
    flat_root = _parse(flat) if flat is not None else None
    if flat is None or flat_root is None:
        return root, places, unread
    warnings.append(f"read again without the page's end tags and nesting past {MAX_NESTING} levels, so that no link is lost")
    locator = _HrefLocator(flat)
    places = locator.locate_all(flat_root)
    return flat_root, places, locator.unread()


NOT_READ = "not read: the HTML parser dropped it (malformed or nested too deeply)"


def _target(written: str, base: str | None) -> tuple[str, bool]:
    """The absolute URL a link points at, and whether it is internal (relative with no base).
    As browsers do, tabs and line breaks inside an href are dropped (a long URL wrapped in the source)."""
    target = _TAB_OR_NEWLINE.sub("", written) if _TAB_OR_NEWLINE.search(written) else written
    return (target.strip(), False) if _ABSOLUTE_WEB_URL.match(target) else resolve_url(target, base)


def _canonical(root: Element) -> str | None:
    return _first_text(root, "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href") or _first_text(
        root, "//meta[@property='og:url']/@content"
    )


# --- choosing the article body ---------------------------------------------------------------


def _article(root: Element, *, scope: str, full_page: bool) -> tuple[ArticleBody, bool]:
    """The elements whose links count, and whether the furniture inside them is told apart."""
    body = root.find("body")
    whole = body if body is not None else root
    if scope == "all" or not full_page:
        return ArticleBody((whole,), "whole page"), False
    return choose_body(whole), True


# --- walking the text ----------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    parts: list[str] = field(default_factory=list)
    length: int = 0
    text: str = ""

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)


@dataclass(slots=True)
class _Link:
    element: Element
    block: _Block
    start: int
    end: int = 0
    heading: str | None = None
    ignored: bool = False
    alt_texts: list[str] = field(default_factory=list)
    attribute: str = "href"  # "cite" for the source of a <blockquote> or <q>
    quotation: str = ""  # what a <blockquote> or <q> with a cite says
    role: str | None = None  # why the container makes it page furniture, not a citation

    @property
    def anchor(self) -> str:
        if self.attribute == "cite":
            return ""  # a quotation's source has no link text; its claim is the quotation
        text = collapse_whitespace(self.block.text[self.start : self.end])
        return text or collapse_whitespace(" ".join(self.alt_texts))

    @property
    def claim(self) -> str:
        if self.attribute == "cite":
            return self.quotation
        sentence = sentence_text(self.block.text, self.start, self.end)
        return sentence or self.anchor


_QUOTES = frozenset({"blockquote", "q"})
_LISTS = frozenset({"ul", "ol"})
_BOXES = frozenset({"div", "section", "table", "p"})  # judged as a list of links when they hold no prose


class _Walk:
    """One pass over the content in document order, building each block's reader-visible text.

    Given the ``article`` whose furniture is told apart, each link also takes the role of the
    innermost container around it that is page furniture (a share bar, a tag list, an author box,
    a comment, a box of links to the site's own pages), which makes it a non-citation."""

    def __init__(self, article: ArticleBody | None, *, site: str | None = None, base: str | None = None) -> None:
        self.article = article
        self.site = site
        self.base = base
        self.links: list[_Link] = []
        self.blocks: list[_Block] = []
        self._stack: list[_Block] = []
        self._open_link: _Link | None = None
        self._heading: str | None = None
        self._skip_next = False
        self._role: str | None = None
        self._role_owner: Element | None = None

    def run(self, roots: tuple[Element, ...]) -> None:
        for content in roots:
            self._run_one(content)
        for block in self.blocks:
            block.text = "".join(block.parts)

    def _run_one(self, content: Element) -> None:
        self._open_block()
        pending: list[tuple[Element, bool]] = [(content, False)]
        while pending:
            element, closing = pending.pop()
            if closing:
                self._end(element, keep_tail=element is not content)
                continue
            tag = element.tag
            if not isinstance(tag, str):
                self._note_non_element(element)
                continue
            if element is not content and tag.lower() in _INVISIBLE:
                self._current.add(element.tail or "")
                continue
            if self.article is not None and self._role is None and element is not content:
                self._enter_role(element)
            self._start(element)
            pending.append((element, True))
            pending.extend((child, False) for child in reversed(element))
        self._close_block()

    def _enter_role(self, element: Element) -> None:
        assert self.article is not None
        role = self.article.role_of(element)
        if role is None and (element.tag in _LISTS or element.tag in _BOXES and not self.article.prose_in(element)):
            role = self._list_role(element)
        if role is not None:
            self._role, self._role_owner = role, element

    def _list_role(self, element: Element) -> str | None:
        items = [(link.get("href") or "", _target(link.get("href") or "", self.base)[0]) for link in element.iter("a") if link.get("href") is not None]
        if len(items) < 3:
            return None
        text = text_length(element)
        linked = sum(text_length(link) for link in element.iter("a"))
        return same_site_list_role(items, self.site, text, linked)

    def _note_non_element(self, node: Element) -> None:
        # Comments carry the skip marker; comments, processing instructions and entities
        # show nothing but their tail.
        if node.tag is lxml.etree.Comment and (node.text or "").strip().lower() == SKIP_MARKER:
            self._skip_next = True
        self._current.add(node.tail or "")

    def _open_block(self) -> None:
        block = _Block()
        self.blocks.append(block)
        self._stack.append(block)

    def _close_block(self) -> _Block:
        block = self._stack.pop()
        if self._stack:
            self._stack[-1].add("\n\n")
        return block

    @property
    def _current(self) -> _Block:
        return self._stack[-1]

    def _start(self, element: Element) -> None:
        tag = element.tag
        if isinstance(tag, str) and tag.lower() in _BLOCKS and self._open_link is None:
            self._current.add("\n\n")
            self._open_block()
        elif tag == "br":
            self._current.add("\n")
        if tag == "a" and element.get("href") is not None and self._open_link is None:
            self._open_link = self._link(element, "href")
            self.links.append(self._open_link)
        elif tag in _QUOTES and element.get("cite") is not None:
            quote = self._link(element, "cite")
            quote.quotation = collapse_whitespace("".join(element.itertext()))
            self.links.append(quote)
        if tag == "img" and self._open_link is not None and element.get("alt"):
            self._open_link.alt_texts.append(element.get("alt") or "")
        self._current.add(element.text or "")

    def _link(self, element: Element, attribute: str) -> _Link:
        link = _Link(
            element=element,
            block=self._current,
            start=self._current.length,
            heading=self._heading,
            ignored=self._skip_next or carries_skip_marker(element.attrib),
            attribute=attribute,
            role=self._role,
        )
        self._skip_next = False
        return link

    def _end(self, element: Element, *, keep_tail: bool = True) -> None:
        tag = element.tag
        link = self._open_link
        if link is not None and link.element is element:
            link.end = link.block.length
            self._open_link = None
        if isinstance(tag, str) and tag.lower() in _BLOCKS and self._open_link is None and len(self._stack) > 1:
            block = self._close_block()
            if tag.lower() in _HEADINGS:
                self._heading = collapse_whitespace("".join(block.parts)) or self._heading
        if element is self._role_owner:
            self._role, self._role_owner = None, None
        if keep_tail:
            self._current.add(element.tail or "")


def carries_skip_marker(attributes: Mapping[str, str]) -> bool:
    """`data-linkaudit="skip"` or the class `linkaudit-skip` on a link."""
    if (attributes.get("data-linkaudit") or "").strip().lower() == "skip":
        return True
    return SKIP_MARKER in (attributes.get("class") or "").split()


def _citation(link: _Link, written: str, location: Location, base: str | None, warnings: list[str]) -> Citation:
    url, internal = _target(written, base)
    claim = link.claim
    return Citation(
        url=url,
        written=written,
        anchor=link.anchor,
        claim=claim,
        claim_id=claim_id_for(claim),
        location=location,
        heading=link.heading,
        internal=internal,
        version_url=version_url(link.element.attrib, base),
        version_date=version_date(link.element.attrib, location, warnings),
        ignored=link.ignored,
    )


def version_url(attributes: Mapping[str, str], base: str | None) -> str | None:
    """Robust Links' data-versionurl, resolved against the base."""
    value = (attributes.get("data-versionurl") or "").strip()
    return resolve_url(value, base)[0] if value else None


def version_date(attributes: Mapping[str, str], location: Location, warnings: list[str]) -> dt.date | None:
    """Robust Links' data-versiondate: YYYY-MM-DD or a full ISO 8601 date-time."""
    value = (attributes.get("data-versiondate") or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        warnings.append(f"line {location.line}, column {location.column}: data-versiondate {value!r} is not a YYYY-MM-DD date; ignored")
        return None


# --- places in the file ----------------------------------------------------------------------


class _HrefLocator:
    """Finds where each link's address (an <a href>, or the cite of a <blockquote> or <q>) starts
    in the markup, in document order; and which such addresses the parser left out of the tree."""

    def __init__(self, markup: str) -> None:
        self._markup = markup
        self._cursor = 0
        self._passed: list[tuple[int, str, str]] = []
        self._values: set[str] = set()

    def locate_all(self, root: Element) -> dict[Element, int]:
        places: dict[Element, int] = {}
        for element in root.iter("a", "blockquote", "q"):
            attribute = "href" if element.tag == "a" else "cite"
            value = element.get(attribute)
            if value is None:
                continue
            self._values.add(value.strip())
            offset = self._next(attribute, value)
            if offset is not None:
                places[element] = offset
        return places

    def unread(self) -> list[tuple[int, str]]:
        """(offset, address as written) of each link in the markup whose address no link in the
        tree has: what the parser left out (a tag it read differently is not counted)."""
        rest = [found for match in _SCAN.finditer(self._markup, self._cursor) if (found := _address(match)) is not None]
        candidates = [(offset, html_entities.unescape(written)) for offset, written, _ in (*self._passed, *rest)]
        return [(offset, written) for offset, written in candidates if written.strip() not in self._values]

    def _next(self, attribute: str, value: str) -> int | None:
        wanted = value.strip()
        skipped: list[tuple[int, str, str]] = []
        for match in _SCAN.finditer(self._markup, self._cursor):
            found = _address(match)
            if found is None:
                continue
            offset, written, kind = found
            if kind == attribute and html_entities.unescape(written).strip() == wanted:
                self._cursor = match.end()
                self._passed.extend(skipped)
                return offset + len(written) - len(written.lstrip())
            skipped.append(found)
            if len(skipped) >= _LOOKAHEAD_TAGS:
                return None
        return None


def _address(match: re.Match[str]) -> tuple[int, str, str] | None:
    """Where a scanned tag's address starts, the address as written, and its attribute name."""
    attributes = match.group(2)
    if attributes is None:
        return None  # a comment, script or style: links in there are not in the tree
    is_link = len(match.group(1)) == 1  # <a>, not <blockquote> or <q>
    found = (HREF_ATTRIBUTE if is_link else CITE_ATTRIBUTE).search(attributes)
    if found is None:
        return None
    group = found.lastindex or 1  # the one quoting style that matched
    return match.start(2) + found.start(group), found.group(group), "href" if is_link else "cite"


class _Positions:
    """Turns a link into its Location in the file as on disk."""

    def __init__(self, document: Document, markup: _Markup, places: dict[Element, int]) -> None:
        self._source = document.source
        self._markup = markup
        self._places = places
        self._lines = LineIndex(document.text)
        self._markup_lines = self._lines if markup.text is document.text else LineIndex(markup.text)

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


# --- page facts ------------------------------------------------------------------------------


def _document_base(root: lxml.html.HtmlElement, given: str | None) -> str | None:
    """The base for relative links: a <base href> applies on top of the page's own URL."""
    for element in root.iter("base"):
        href = (element.get("href") or "").strip()
        if href:
            resolved, internal = resolve_url(href, given)
            return given if internal else resolved
    return given


def _first_text(root: lxml.html.HtmlElement, xpath: str) -> str | None:
    for found in root.xpath(xpath):
        text = collapse_whitespace(found if isinstance(found, str) else "".join(found.itertext()))
        if text:
            return text
    return None


def _title(root: lxml.html.HtmlElement) -> str | None:
    return (
        _first_text(root, "//title")
        or _first_text(root, "//meta[@property='og:title' or @name='og:title']/@content")
        or _first_text(root, "//h1")
    )
