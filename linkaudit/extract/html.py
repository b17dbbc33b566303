"""Citations in HTML: full pages, fragments, and HTML hidden in JavaScript string literals.

lxml (libxml2) parses: it is several times faster than html5lib and recovers from broken markup.
This module puts the stages together: the article is chosen (body.py), its text walked
(html_walk.py), each link placed exactly in the file (html_locate.py) and told a citation or
furniture (boilerplate.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from linkaudit.extract.body import ArticleBody, choose_body
from linkaudit.extract.boilerplate import NAVIGATION, declared_role, link_role, offers_document, site_of
from linkaudit.extract.common import ABSOLUTE_WEB_URL, element_text, link_target, non_citation_reason
from linkaudit.extract.escaped import escaped_again, literal_spans, unescape_spans, unescape_with_map
from linkaudit.extract.html_locate import HREF_ATTRIBUTE, HrefLocator, Markup, Positions
from linkaudit.extract.html_walk import SKIP_MARKER, Link, TextWalk, carries_skip_marker
from linkaudit.extract.link_groups import group_roles
from linkaudit.extract.offers import piece_buttons, where_to_buy
from linkaudit.extract.nesting import MAX_NESTING, readable_markup
from linkaudit.extract.page_facts import HeadTags, canonical_url, document_base, head_title_of, page_title
from linkaudit.extract.piece_sources import further_boxes, ingredient_blocks, piece_sources, side_box_links, source_line_after
from linkaudit.extract.robust_links import original_url, version_date, version_url
from linkaudit.models import Citation, Document, Location, NonCitation, claim_id_for

# The link-level helpers are also Markdown's (raw HTML in Markdown): they are reached from here.
__all__ = [
    "HREF_ATTRIBUTE",
    "SKIP_MARKER",
    "HtmlExtraction",
    "IN_SCRIPTS_ONLY",
    "carries_skip_marker",
    "extract_html",
    "head_title",
    "original_url",
    "version_date",
    "version_url",
]

_FULL_PAGE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_NOT_BLANK = re.compile(r"\S")
# Spelt out in both cases rather than ignoring case: the search for "</" then runs in C.
_HTML_END = re.compile(r"</(?:[hH][tT][mM][lL]|[bB][oO][dD][yY])[\t\n\f\r ]*>")
_CLOSED_HTML = re.compile(r"""<[hH][tT][mM][lL](?=[\t\n\f\r /])(?:[^>"']|"[^"]*"|'[^']*')*/>""")
_HTML_START_CHARS = 64 * 1024  # where a page's <html> tag is looked for
# What may follow a page's end tags: blanks, comments, scripts, styles and more end tags of the
# page, read possessively (a failed match is not tried again from inside a comment or script).
_TRAILER = re.compile(
    r"(?>\s+|<!--.*?(?:-->|\Z)|<script\b.*?(?:</script\s*>|\Z)|<style\b.*?(?:</style\s*>|\Z)|</(?:html|body)[\t\n\f\r ]*>)*+",
    re.IGNORECASE | re.DOTALL,
)


def _early_ends_blanked(markup: str) -> str:
    """The markup with each </html> and </body> that more of the page follows blanked out. What
    follows each end tag is read as far as it is notes (``_TRAILER``) once: an end tag inside
    a run already read shares its answer, so a page of a million end tags is read once over."""
    run_end, blanked, pieces = -1, 0, []
    for match in _HTML_END.finditer(markup):
        if match.end() > run_end:
            found = _TRAILER.match(markup, match.end())
            run_end = found.end() if found is not None else match.end()
        if run_end != len(markup):
            pieces += (markup[blanked : match.start()], " " * (match.end() - match.start()))
            blanked = match.end()
    return "".join((*pieces, markup[blanked:])) if pieces else markup  # most pages: none, and no copy


Element = lxml.etree._Element


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    title: str | None
    citations: tuple[Citation, ...]
    non_citations: tuple[NonCitation, ...]
    warnings: tuple[str, ...] = ()
    # The article's text, when it was looked for in the markup, found there, and cites nothing: the
    # HTML its scripts carry is then read only for the links of its own sentences (a CMS may keep
    # the linked copy of the article there, beside its menus). None for a page drawn by its
    # scripts, whose article, if it has one, is all in that HTML.
    article_text: str | None = None
    # The tree of the document as written, when it is what was read (not escaped HTML, not nesting
    # flattened): dating reads the same tree instead of parsing the page again, and may change it.
    page_tree: lxml.html.HtmlElement | None = field(default=None, compare=False, repr=False)


def _prepare(document: Document) -> Markup:
    raw = document.text
    if not document.escaped:
        return Markup(raw, lambda offset: offset)
    decoded, offsets = unescape_spans(raw, literal_spans(raw))
    if escaped_again(decoded):
        twice, inner = unescape_with_map(decoded)
        return Markup(twice, lambda offset: offsets[inner[offset]])
    return Markup(decoded, offsets.__getitem__)


# huge_tree: libxml2 otherwise stops building the tree 256 levels down, and every link in
# unclosed markup past that depth would be lost without a word. (Past about 2,045 levels it stops
# all the same: see nesting.py.)
_PARSER = lxml.etree.HTMLParser(huge_tree=True)
# A text with a character past U+FFFF (an emoji) is handed to libxml2 as UTF-8 bytes: as a str of
# that width lxml hands it over as UCS-4, which libxml2 converts a third slower than it parses
# the same text in UTF-8 (the same tree: text, tails and source lines, on 83 real pages).
_UTF8_PARSER = lxml.etree.HTMLParser(huge_tree=True, encoding="utf-8")
# lxml.html's elements, which htmldate reads, chosen by a fixed class rather than lxml.html's own
# lookup, which calls Python for each element object made (parsing real pages and walking them
# three times: 9.5 ms a page with that lookup, 7.0 ms with a fixed class, 5.6 ms with plain lxml).
for _parser in (_PARSER, _UTF8_PARSER):
    _parser.set_element_class_lookup(
        lxml.etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )


def _parse(markup: str) -> Element | None:
    # lxml refuses str input that declares an encoding; blank it out, keeping every offset.
    declaration = _XML_DECLARATION.match(markup)
    if declaration:
        markup = " " * declaration.end() + markup[declaration.end() :]
    if not _NOT_BLANK.search(markup):  # not markup.strip(), which copies the whole page
        return None
    # libxml2 drops all that follows an </html> (a page that closes it after its head and then
    # opens its body, or writes links after it), and sets what follows a </body> outside the body;
    # the standard reads both on, into the body. Such an end tag is blanked out, keeping every
    # offset. One followed only by comments, scripts and styles (a cache's or an archive's note)
    # is left: there is nothing after it to read.
    markup = _early_ends_blanked(markup)
    # Nor is <html /> an empty page, as libxml2 reads it: the standard ignores the "/" of any
    # element but a void one. It is blanked out.
    if (closed := _CLOSED_HTML.search(markup, 0, _HTML_START_CHARS)) is not None:
        markup = f"{markup[: closed.end() - 2]} {markup[closed.end() - 1 :]}"
    try:
        if _has_astral_characters(markup):
            with contextlib.suppress(UnicodeEncodeError):  # a stray byte kept as a surrogate: read as a str
                return lxml.etree.fromstring(markup.encode("utf-8"), _UTF8_PARSER)
        return lxml.etree.fromstring(markup, _PARSER)
    except (lxml.etree.LxmlError, ValueError):
        return None


def _has_astral_characters(text: str) -> bool:
    """Whether a str holds a character past U+FFFF, told in constant time by its size: CPython
    keeps a str in 1, 2 or 4 bytes a character, the widest its characters need. (A text of a few
    dozen characters is never told so: it is read as a str, as before.)"""
    return not text.isascii() and sys.getsizeof(text) > 3 * len(text) + 100


def extract_html(document: Document, *, scope: str = "article", base_url: str | None = None) -> HtmlExtraction:
    """Every citation in an HTML document (or JS-escaped HTML when ``document.escaped``)."""
    markup = _prepare(document)
    root = _parse(markup.text)
    if root is None:
        return HtmlExtraction(None, (), (), ())
    warnings: list[str] = []
    parsed = root
    root, places, unread = _read_every_link(markup.text, root, warnings)
    head = HeadTags.of(root)
    base = document_base(head, base_url or document.base_url)
    full_page = bool(_FULL_PAGE.search(markup.text, 0, 200_000))
    article, told_apart = _article(root, scope=scope, full_page=full_page)
    if not article.roots:
        warnings.append(f"{article.found_by} (a paywall or a stub?): none of its links taken as citations; --scope all takes them all")
    page_url = base_url or document.base_url
    site = site_of(page_url or canonical_url(head))
    before, after = ingredient_blocks(article.roots) if told_apart else ((), ())
    boxes = further_boxes(article.roots) if told_apart else ()
    # A fragment (no page around it) is all piece, but a link can still say by itself that it is
    # furniture (its rel, a share address, a picture's credit line). --scope all takes every link.
    by_itself = not told_apart and scope != "all"
    walk, reasons = _read_links(
        article, before + article.roots + after, boxes, told_apart=told_apart, by_itself=by_itself, site=site, base=base, page_url=page_url
    )
    if told_apart and article.roots and None not in reasons:
        # An article whose text cites nothing gives its sources, if it has any, in a box beside
        # its text, which may stand in a column or an aside named as the site's, or in a source
        # line right after its text.
        side_boxes = further_boxes(article.roots, in_side_columns=True) + source_line_after(article.roots)
        if not set(side_boxes) <= set(boxes):
            walk, reasons = _read_links(article, before + article.roots + after, side_boxes, told_apart=True, site=site, base=base, page_url=page_url)
    positions = Positions(document, markup, places)
    citations: list[Citation] = []
    non_citations: list[NonCitation] = []
    for link, reason in zip(walk.links, reasons):
        written = link.written
        location = positions.location(link.element, written, warnings)
        if reason is not None:
            non_citations.append(NonCitation(written, reason, location))
            continue
        citations.append(_citation(link, written, location, base, warnings))
    for element, container in walk.unshown:
        written = element.get("href", "")
        non_citations.append(NonCitation(written, f"{UNSHOWN} <{container}>", positions.location(element, written, warnings)))
    for offset, written in unread:
        line, column = positions.raw_position(offset)
        non_citations.append(NonCitation(written, NOT_READ, Location(document.source, line, column)))
    if unread:
        warnings.append(f"{len(unread)} link(s) in the markup could not be read by the HTML parser; listed as not read")
    return HtmlExtraction(
        title=page_title(head),
        citations=tuple(citations),
        non_citations=tuple(non_citations),
        warnings=tuple(warnings),
        article_text=_uncited_text(article, citations) if told_apart and article.prose_found else None,
        page_tree=root if root is parsed and not document.escaped else None,
    )


def _read_every_link(text: str, root: Element, warnings: list[str]) -> tuple[Element, dict[Element, int], list[tuple[int, str]]]:
    """The tree, each link's place in the text, and the links the tree lacks. When the parser
    stopped at its depth limit, the text is read again with the excess nesting flattened."""
    locator = HrefLocator(text)
    places = locator.locate_all(root)
    unread = locator.unread()
    flat = readable_markup(text) if unread else None
    flat_root = _parse(flat) if flat is not None else None
    if flat is None or flat_root is None:
        return root, places, unread
    warnings.append(f"read again without the page's end tags and nesting past {MAX_NESTING} levels, so that no link is lost")
    locator = HrefLocator(flat)
    places = locator.locate_all(flat_root)
    return flat_root, places, locator.unread()


NOT_READ = "not read: the HTML parser dropped it (malformed or nested too deeply)"
UNSHOWN = "not in the page's text: inside"  # + the element, <noscript> or <template>
# A link the page's scripts carry beside the article its markup holds, in none of its sentences.
IN_SCRIPTS_ONLY = "in the page's scripts, outside its article"


def _read_links(
    article: ArticleBody,
    roots: tuple[Element, ...],
    boxes: tuple[Element, ...],
    *,
    told_apart: bool,
    by_itself: bool = False,
    site: str | None,
    base: str | None,
    page_url: str | None,
) -> tuple[TextWalk, list[str | None]]:
    """The links of the article's roots and of the boxes beside it (those not inside the roots),
    each with why it is not a citation, or None for a citation. With ``by_itself``, where the page's
    furniture is not told apart, a link is still furniture when it says so by itself."""
    walk = TextWalk(article if told_apart else None, site=site, base=base)
    walk.run(roots + tuple(box for box in boxes if not _inside(box, roots)))
    grouped = group_roles(walk.links, site=site, base=base, page=page_url) if told_apart else {}
    offers = where_to_buy(walk.links, site=site, base=base) if told_apart else set()
    if told_apart:
        offers |= {index for index in piece_buttons(walk.links, site=site, base=base) if index not in grouped}
    sources = piece_sources(walk.links, site=site, base=base) if told_apart else set()
    if told_apart and boxes:
        house, given = side_box_links(walk.links, boxes, site=site, base=base)
        grouped.update(house)
        sources |= given
    reasons: list[str | None] = []
    for index, link in enumerate(walk.links):
        written = link.written
        plain = ABSOLUTE_WEB_URL.match(written) and "[" not in written and "{" not in written
        reason = None if plain else non_citation_reason(written)
        if reason is None and told_apart and index not in sources:
            target = link_target(written, base)[0]
            kept = index in offers or (link.role == NAVIGATION and offers_document(target))
            reason = None if kept else link.role or grouped.get(index)
            if not reason:
                reason = link_role(link.element, written, target, site=site, page=page_url, anchor=link.anchor, claim=link.claim)
        elif reason is None and by_itself:
            reason = declared_role(link.element, written, link_target(written, base)[0], anchor=link.anchor, claim=link.claim)
        reasons.append(reason)
    return walk, reasons


def _inside(element: Element, roots: tuple[Element, ...]) -> bool:
    return any(ancestor in roots for ancestor in element.iterancestors())


# --- choosing the article body ---------------------------------------------------------------


def _uncited_text(article: ArticleBody, citations: list[Citation]) -> str | None:
    if any(not citation.internal for citation in citations):
        return None
    return " ".join(element_text(root) for root in article.roots)


def _article(root: Element, *, scope: str, full_page: bool) -> tuple[ArticleBody, bool]:
    """The elements whose links count, and whether the furniture inside them is told apart."""
    body = root.find("body")
    whole = body if body is not None else root
    if scope == "all" or not full_page:
        return ArticleBody((whole,), "whole page"), False
    return choose_body(whole), True





def _citation(link: Link, written: str, location: Location, base: str | None, warnings: list[str]) -> Citation:
    url, internal = link_target(written, base)
    version: str | None = None
    version_dated: dt.date | None = None
    # Robust Links' attributes come beside the address: a link with one attribute has none.
    if not link.lone:
        attributes = link.element.attrib  # a new view of the element at each reading: read once
        url, internal = original_url(attributes, base) or (url, internal)
        version = version_url(attributes, base)
        version_dated = version_date(attributes, location, warnings)
    claim = link.claim  # cut once and kept by the link (see Link.anchor)
    # Fields by position, in the order Citation declares them: naming them costs a third of the
    # record again, once per link.
    return Citation(url, written, link.anchor, claim, claim_id_for(claim), location, link.heading, internal, version, version_dated, link.ignored)


def head_title(text: str) -> str | None:
    """The title the head of a page's markup gives (its <title>, else og:title), read from the
    markup up to its </head> (of a page with none, its first ``_HEAD_CHARS``)."""
    end = _HEAD_END.search(text, 0, _HEAD_CHARS)
    root = _parse(text[: end.end() if end else _HEAD_CHARS])
    return None if root is None else head_title_of(HeadTags.of(root))


_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_HEAD_CHARS = 200_000
