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

from linkaudit.extract.claims import sentence_text
from linkaudit.extract.common import LineIndex, collapse_whitespace, non_citation_reason, resolve_url
from linkaudit.extract.escaped import literal_spans, unescape_spans
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
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_COMMENT_SECTIONS = frozenset(
    {"comments", "comment-list", "commentlist", "comments-area", "comment-section", "disqus_thread", "respond"}
)
# Where CMSs put the article body, most specific first; "article" and "main" come after them
# because a page may hold several <article> teasers around the real body.
_BODY_CLASSES = (
    "entry-content",
    "post-content",
    "article-body",
    "article-content",
    "article__body",
    "story-body",
    "post-body",
    "content-body",
)
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_ABSOLUTE_WEB_URL = re.compile(r"\s*https?://", re.IGNORECASE)
_FULL_PAGE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_SCAN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<script\b.*?(?:</script\s*>|\Z)"
    r"|<style\b.*?(?:</style\s*>|\Z)"
    r"|<textarea\b.*?(?:</textarea\s*>|\Z)"
    r"|<a(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>?",
    re.IGNORECASE | re.DOTALL,
)
HREF_ATTRIBUTE = re.compile(r"""(?:^|[\s"'/])href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
# How many <a href> tags past the cursor a parsed link may be matched with before giving up.
_LOOKAHEAD_TAGS = 32


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
# unclosed markup past that depth would be lost without a word.
_PARSER = lxml.html.HTMLParser(huge_tree=True)


def _parse(markup: str) -> lxml.html.HtmlElement | None:
    # lxml refuses str input that declares an encoding; blank it out, keeping every offset.
    declaration = _XML_DECLARATION.match(markup)
    if declaration:
        markup = " " * declaration.end() + markup[declaration.end() :]
    if not markup.strip():
        return None
    try:
        return lxml.html.document_fromstring(markup, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None


def extract_html(document: Document, *, scope: str = "article", base_url: str | None = None) -> HtmlExtraction:
    """Every citation in an HTML document (or JS-escaped HTML when ``document.escaped``)."""
    markup = _prepare(document)
    root = _parse(markup.text)
    if root is None:
        return HtmlExtraction(None, (), (), ())
    warnings: list[str] = []
    base = _document_base(root, base_url or document.base_url)
    full_page = bool(_FULL_PAGE.search(markup.text, 0, 200_000))
    content, excluding = _content_root(root, scope=scope, full_page=full_page)
    places = _HrefLocator(markup.text).locate_all(root)
    walk = _Walk(excluding=excluding)
    walk.run(content)
    positions = _Positions(document, markup, places)
    citations: list[Citation] = []
    non_citations: list[NonCitation] = []
    for link in walk.links:
        written = link.element.get("href") or ""
        location = positions.location(link.element, written, warnings)
        reason = None if _ABSOLUTE_WEB_URL.match(written) and "[" not in written else non_citation_reason(written)
        if reason is not None:
            non_citations.append(NonCitation(written, reason, location))
            continue
        citations.append(_citation(link, written, location, base, warnings))
    return HtmlExtraction(
        title=_title(root),
        citations=tuple(citations),
        non_citations=tuple(non_citations),
        warnings=tuple(warnings),
    )


# --- choosing the article body ---------------------------------------------------------------


def _content_root(
    root: lxml.html.HtmlElement, *, scope: str, full_page: bool
) -> tuple[lxml.html.HtmlElement, bool]:
    """The element whose links count, and whether page chrome inside it is left out."""
    body = root.find("body")
    whole = body if body is not None else root
    if scope == "all" or not full_page:
        return whole, False
    ranked: dict[int, list[lxml.html.HtmlElement]] = {}
    for element in root.iter(lxml.etree.Element):
        rank = _body_rank(element)
        if rank is not None:
            ranked.setdefault(rank, []).append(element)
    for rank in sorted(ranked):
        candidates = ranked[rank]
        best = candidates[0] if len(candidates) == 1 else max(candidates, key=_text_length)
        if _text_length(best) > 0:
            return best, True
    return _densest_block(whole), True


def _body_rank(element: lxml.html.HtmlElement) -> int | None:
    """How surely an element is the article body (lower is surer), or None when it is not."""
    attributes = element.attrib
    if attributes.get("itemprop") == "articleBody":
        return 0
    classes = attributes.get("class")
    if classes:
        names = classes.split()
        for rank, name in enumerate(_BODY_CLASSES, start=1):
            if name in names:
                return rank
    tag = element.tag
    if tag == "article":
        return 20
    if tag == "main":
        return 21
    if attributes.get("role") == "main":
        return 22
    return 23 if attributes.get("id") == "content" else None


def _text_length(element: lxml.html.HtmlElement) -> int:
    return len("".join(element.itertext()).strip())


def _densest_block(whole: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Where the article is when nothing names it: the innermost element holding every block of
    prose on the page. Prose is a paragraph, or a div or section with text of its own, that is
    not mostly link text (menus, related links) and not inside navigation, sidebars or comments.
    An article of several sections is kept whole; nothing around it is taken."""
    blocks = [block for block in whole.iter(*_PROSE_TAGS) if _is_prose(block)]
    if not blocks:
        return whole
    common = [*reversed(list(blocks[0].iterancestors())), blocks[0]]
    for block in blocks[1:]:
        lineage = {id(element) for element in (block, *block.iterancestors())}
        while common and id(common[-1]) not in lineage:
            common.pop()
    container = common[-1] if common else whole
    # A lone paragraph is prose, not a container: its parent holds the rest of the article.
    return container.getparent() if container.tag == "p" and container.getparent() is not None else container


_PROSE_TAGS = ("p", "div", "section", "td", "blockquote")
_PROSE_MIN_CHARS = 25


def _is_prose(block: lxml.html.HtmlElement) -> bool:
    # Any paragraph counts, however short (a closing line may carry a citation); a container
    # counts only for a real run of text of its own, not its children's.
    if block.tag == "p":
        length = _text_length(block)
    else:
        length = len(((block.text or "") + "".join(child.tail or "" for child in block)).strip())
        length += sum(_text_length(child) for child in block if child.tag in _INLINE_TAGS)
        if length < _PROSE_MIN_CHARS:
            return False
    if not length:
        return False
    linked = sum(_text_length(link) for link in block.iter("a"))
    if linked > 0.5 * max(length, _text_length(block)):
        return False
    return not any(_is_chrome(ancestor) for ancestor in (block, *block.iterancestors()))


_INLINE_TAGS = frozenset({"a", "em", "strong", "b", "i", "span", "code", "abbr", "cite", "q", "small", "sup", "sub", "mark"})


def _is_chrome(element: lxml.html.HtmlElement) -> bool:
    """Navigation, banners, sidebars, footers and reader comments: not the article's own text."""
    tag = element.tag
    if not isinstance(tag, str):
        return False
    if tag.lower() in _CHROME_TAGS:
        return True
    if (element.get("role") or "").lower() in _CHROME_ROLES:
        return True
    names = set((element.get("class") or "").lower().split())
    names.add((element.get("id") or "").lower())
    return not names.isdisjoint(_COMMENT_SECTIONS)


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
    element: lxml.html.HtmlElement
    block: _Block
    start: int
    end: int = 0
    heading: str | None = None
    ignored: bool = False
    alt_texts: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        text = collapse_whitespace(self.block.text[self.start : self.end])
        return text or collapse_whitespace(" ".join(self.alt_texts))

    @property
    def claim(self) -> str:
        sentence = sentence_text(self.block.text, self.start, self.end)
        return sentence or self.anchor


class _Walk:
    """One pass over the content in document order, building each block's reader-visible text."""

    def __init__(self, *, excluding: bool) -> None:
        self.excluding = excluding
        self.links: list[_Link] = []
        self.blocks: list[_Block] = []
        self._stack: list[_Block] = []
        self._open_link: _Link | None = None
        self._heading: str | None = None
        self._skip_next = False

    def run(self, content: lxml.html.HtmlElement) -> None:
        self._open_block()
        pending: list[tuple[lxml.html.HtmlElement, bool]] = [(content, False)]
        while pending:
            element, closing = pending.pop()
            if closing:
                self._end(element, keep_tail=element is not content)
                continue
            tag = element.tag
            if not isinstance(tag, str):
                self._note_non_element(element)
                continue
            if element is not content and self._left_out(element):
                self._current.add(element.tail or "")
                continue
            self._start(element)
            pending.append((element, True))
            pending.extend((child, False) for child in reversed(element))
        self._close_block()
        for block in self.blocks:
            block.text = "".join(block.parts)

    def _left_out(self, element: lxml.html.HtmlElement) -> bool:
        return element.tag.lower() in _INVISIBLE or (self.excluding and _is_chrome(element))

    def _note_non_element(self, node: lxml.html.HtmlElement) -> None:
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

    def _start(self, element: lxml.html.HtmlElement) -> None:
        tag = element.tag
        if isinstance(tag, str) and tag.lower() in _BLOCKS and self._open_link is None:
            self._current.add("\n\n")
            self._open_block()
        elif tag == "br":
            self._current.add("\n")
        if tag == "a" and element.get("href") is not None and self._open_link is None:
            self._open_link = _Link(
                element=element,
                block=self._current,
                start=self._current.length,
                heading=self._heading,
                ignored=self._skip_next or carries_skip_marker(element.attrib),
            )
            self._skip_next = False
        if tag == "img" and self._open_link is not None and element.get("alt"):
            self._open_link.alt_texts.append(element.get("alt") or "")
        self._current.add(element.text or "")

    def _end(self, element: lxml.html.HtmlElement, *, keep_tail: bool = True) -> None:
        tag = element.tag
        link = self._open_link
        if link is not None and link.element is element:
            link.end = link.block.length
            self.links.append(link)
            self._open_link = None
        if isinstance(tag, str) and tag.lower() in _BLOCKS and self._open_link is None and len(self._stack) > 1:
            block = self._close_block()
            if tag.lower() in _HEADINGS:
                self._heading = collapse_whitespace("".join(block.parts)) or self._heading
        if keep_tail:
            self._current.add(element.tail or "")


def carries_skip_marker(attributes: Mapping[str, str]) -> bool:
    """`data-linkaudit="skip"` or the class `linkaudit-skip` on a link."""
    if (attributes.get("data-linkaudit") or "").strip().lower() == "skip":
        return True
    return SKIP_MARKER in (attributes.get("class") or "").split()


def _citation(link: _Link, written: str, location: Location, base: str | None, warnings: list[str]) -> Citation:
    # Most links are absolute web URLs: they need no parsing to be classified or resolved.
    # As browsers do, tabs and line breaks inside an href are dropped (a long URL wrapped in the source).
    target = _TAB_OR_NEWLINE.sub("", written) if _TAB_OR_NEWLINE.search(written) else written
    url, internal = (target.strip(), False) if _ABSOLUTE_WEB_URL.match(target) else resolve_url(target, base)
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
    """Finds where each <a href> value starts in the markup, in document order."""

    def __init__(self, markup: str) -> None:
        self._markup = markup
        self._cursor = 0

    def locate_all(self, root: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, int]:
        places: dict[lxml.html.HtmlElement, int] = {}
        for element in root.iter("a"):
            value = element.get("href")
            if value is None:
                continue
            offset = self._next(value)
            if offset is not None:
                places[element] = offset
        return places

    def _next(self, value: str) -> int | None:
        wanted = value.strip()
        seen = 0
        for match in _SCAN.finditer(self._markup, self._cursor):
            attributes = match.group(1)
            if attributes is None:
                continue  # a comment, script or style: links in there are not in the tree
            href = HREF_ATTRIBUTE.search(attributes)
            if href is None:
                continue
            group = next(index for index in (1, 2, 3) if href.group(index) is not None)
            written = href.group(group)
            if html_entities.unescape(written).strip() == wanted:
                self._cursor = match.end()
                leading = len(written) - len(written.lstrip())
                return match.start(1) + href.start(group) + leading
            seen += 1
            if seen >= _LOOKAHEAD_TAGS:
                return None
        return None


class _Positions:
    """Turns a link into its Location in the file as on disk."""

    def __init__(self, document: Document, markup: _Markup, places: dict[lxml.html.HtmlElement, int]) -> None:
        self._source = document.source
        self._markup = markup
        self._places = places
        self._lines = LineIndex(document.text)
        self._markup_lines = LineIndex(markup.text)

    def location(self, element: lxml.html.HtmlElement, written: str, warnings: list[str]) -> Location:
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

    def _fallback(self, element: lxml.html.HtmlElement, written: str) -> int | None:
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
        text = collapse_whitespace(found if isinstance(found, str) else found.text_content())
        if text:
            return text
    return None


def _title(root: lxml.html.HtmlElement) -> str | None:
    return (
        _first_text(root, "//title")
        or _first_text(root, "//meta[@property='og:title' or @name='og:title']/@content")
        or _first_text(root, "//h1")
    )
