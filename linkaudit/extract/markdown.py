"""Citations in Markdown: CommonMark with GFM tables, strikethrough and footnotes.

markdown-it-py parses; this module walks its tokens and finds where each link's URL is written.
Tokens carry block line ranges only, so every URL is located by scanning that block's lines in the
file with a cursor that only moves forward, preferring an occurrence in link-destination position
(after "(" or "<"). Reference-style links are located at their definition's URL, since that is
the text a writer edits to fix the link.

Bare URLs in running text count as citations; URLs in code spans and code blocks do not. Images
are embedded media, not sources: an image's alt text serves as the anchor of a link around it, and
a bare image is listed as a non-citation. ``<!-- linkaudit-skip -->`` on a link's line or the
line before marks that link ignored.

Raw HTML counts too: an ``<a href>`` written inline in a paragraph is a link of that paragraph
(with its Robust Links and skip attributes), and an HTML block is handed to the HTML extractor.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
import re
from dataclasses import dataclass

from linkaudit.extract import claims, html as html_extract
from linkaudit.extract.common import LineIndex, readable_text, non_citation_reason, resolve_url, template_tag_reason
from linkaudit.extract.front_matter import split_front_matter
from linkaudit.extract.markdown_parser import WALKER, markdown_parser, nesting_allowed
from linkaudit.extract.markdown_walker import Walker
from linkaudit.models import Citation, Document, Location, NonCitation, claim_id_for

__all__ = ["SKIP_MARKER", "MarkdownExtraction", "extract_markdown", "split_front_matter"]

# The marker is HTML's: a comment whose text is the word, in any case and spacing.
SKIP_MARKER = html_extract.SKIP_MARKER
_SKIP_COMMENT = re.compile(r"<!--[ \t\r\n]*" + re.escape(SKIP_MARKER) + r"[ \t\r\n]*-->", re.IGNORECASE)
# Why a link of these kinds is no citation: a reader sees an image, not a link to it; an address
# written in a template tag is an argument to what the site renders there (a shortcode embeds
# a video, as an HTML page's <video> or <iframe> does; those are no links either).
_NOT_FOLLOWED = {"image": "embedded image", "shortcode": "embedded by a shortcode", "template": "template tag"}
_MDX_EXTENSION = ".mdx"
# Web URLs that the shared classifier would call citations and resolve to themselves: http(s),
# printable ASCII with no blanks (nothing to strip), no brackets (so urlsplit cannot reject an
# IPv6 host) and no "{" (which may open a template tag). Most links in a piece are like this; they skip two urlsplit calls.
_PLAIN_WEB_URL = re.compile(r"https?://[!-Z\\^-z|-~]*\Z")
_ORDER = operator.itemgetter(0)  # of an entry: (its order, its link)
_FOUND_ORDER = operator.attrgetter("order")  # of a link the walker found


@dataclass(frozen=True, slots=True)
class MarkdownExtraction:
    title: str | None
    front_matter: dict[str, object]
    citations: tuple[Citation, ...]
    non_citations: tuple[NonCitation, ...] = ()
    warnings: tuple[str, ...] = ()


def extract_markdown(document: Document, *, base_url: str | None = None) -> MarkdownExtraction:
    """Every link in a Markdown piece, with its anchor, claim, heading and place in the file."""
    front_matter, body, warnings = split_front_matter(document.text)
    parser = markdown_parser()
    references: dict[str, dict[str, object]] = {}  # filled by the block stage, before any inline is read
    jsx = (document.path or document.source).lower().endswith(_MDX_EXTENSION)
    walker = Walker(document.text, parser, references, base_url, jsx=jsx, source=document.source)
    env: dict[str, object] = {"references": references, WALKER: walker}
    nesting = nesting_allowed(body)
    parser.options["maxNesting"] = nesting
    tokens = parser.parse(body, env)
    walker.walk(tokens)
    too_deep = any(token.level >= nesting - 1 for token in tokens)
    del tokens, env  # a long paragraph's token holds its whole text: not kept while citations are built
    claims.forget_blocks()
    if too_deep:
        warnings.append(f"blocks nested over {nesting} levels deep (a list counts two): what lies deeper was not read")
    skip_lines = _skip_marker_lines(document.text)
    heading_lines = sorted(walker.headings, key=lambda entry: entry[0])
    entries = _markdown_entries(document, walker, base_url, skip_lines, heading_lines)
    for order, item, line, column in walker.html_found:
        place = item.location  # the block's own: the piece's place when the block starts it
        location = place if place.line == line and place.column == column else Location(document.source, line, column)
        entries.append((order, _moved(item, location, skip_lines, heading_lines)))
    if walker.html_found:
        entries.sort(key=_ORDER)
    citations = tuple(item for _, item in entries if isinstance(item, Citation))
    non_citations = tuple(item for _, item in entries if isinstance(item, NonCitation))
    title = front_matter.get("title")
    return MarkdownExtraction(
        title=readable_text(str(title)) if title else walker.first_h1,
        front_matter=front_matter,
        citations=citations,
        non_citations=non_citations,
        warnings=tuple(warnings + walker.warnings),
    )


def _markdown_entries(
    document: Document,
    walker: Walker,
    base_url: str | None,
    skip_lines: frozenset[int],
    heading_lines: list[tuple[int, str]],
) -> list[tuple[tuple[int, int], Citation | NonCitation]]:
    """The links markdown-it found, in reading order, as citations and non-citations."""
    entries: list[tuple[tuple[int, int], Citation | NonCitation]] = []
    position = walker.lines.position
    plain_web_url = _PLAIN_WEB_URL.match
    warnings = walker.warnings
    source = document.source
    # Last first, so that each link's record is let go as its citation is made.
    pending = sorted(walker.found, key=_FOUND_ORDER, reverse=True)
    walker.found.clear()
    while pending:
        found = pending.pop()
        line, column = position(found.offset)
        location = Location(source, line, column)
        href = found.href
        # The test is on the link as written too: markdown-it percent-encodes a template tag's
        # braces in an href ("https://{{< meta sub >}}quarto.org" gives "https://%7B%7B...").
        if found.kind not in _NOT_FOLLOWED and plain_web_url(href) and "{" not in found.written:
            url, internal = href, False  # what non_citation_reason and resolve_url would give
        else:
            reason = _NOT_FOLLOWED.get(found.kind) or non_citation_reason(href)
            # markdown-it escapes "{" in an href: a template tag shows only in the link as written.
            reason = reason or template_tag_reason(found.written)
            if reason is not None:
                entries.append((found.order, NonCitation(found.written, reason, location)))
                continue
            url, internal = resolve_url(href, base_url)
        # The marker may stand before the link's definition or before the sentence that uses it.
        ignored = _marked(skip_lines, line, found.use_line) if skip_lines else False
        version_url: str | None = None
        version_date: dt.date | None = None
        if found.attributes is not None:
            ignored = ignored or html_extract.carries_skip_marker(found.attributes)
            url, internal = html_extract.original_url(found.attributes, base_url) or (url, internal)
            version_url = html_extract.version_url(found.attributes, base_url)
            version_date = html_extract.version_date(found.attributes, location, warnings)
        # Fields by position, in the order Citation declares them: naming them costs a third of
        # the record again, once per link.
        citation = Citation(
            url,
            found.written,
            found.anchor,
            found.claim,
            claim_id_for(found.claim),
            location,
            _heading_for(heading_lines, found.use_line) if heading_lines else None,
            internal,
            version_url,
            version_date,
            ignored,
        )
        entries.append((found.order, citation))
    return entries


def _moved(
    item: Citation | NonCitation, location: Location, skip_lines: frozenset[int], heading_lines: list[tuple[int, str]]
) -> Citation | NonCitation:
    """A link of an HTML block, placed in the piece: its location, and the heading and skip marker
    of its line there. (Built field by field: ``dataclasses.replace`` costs several times more, and
    an HTML block may hold thousands of links.)"""
    # Where the block starts the piece, ``location`` is the link's own: the same object, told
    # apart without comparing field by field.
    same_place = item.location is location or item.location == location
    if isinstance(item, NonCitation):
        return item if same_place else NonCitation(item.written, item.reason, location)
    heading = _heading_for(heading_lines, location.line) if heading_lines else None
    ignored = item.ignored or _marked(skip_lines, location.line)
    if same_place and item.heading == heading and item.ignored == ignored:
        return item  # a block at the top of the piece, its links placed in it already
    return Citation(  # by position, as in _markdown_entries
        item.url,
        item.written,
        item.anchor,
        item.claim,
        item.claim_id,
        location,
        heading,
        item.internal,
        item.version_url,
        item.version_date,
        ignored,
    )


def _marked(skip_lines: frozenset[int], *lines: int) -> bool:
    """Whether the skip marker stands on one of ``lines`` or on the line before it."""
    return bool(skip_lines) and any(line in skip_lines or line - 1 in skip_lines for line in lines)


def _skip_marker_lines(text: str) -> frozenset[int]:
    if SKIP_MARKER not in text.lower():
        return frozenset()
    index = LineIndex(text)
    return frozenset(index.position(found.start())[0] for found in _SKIP_COMMENT.finditer(text))


def _heading_for(headings: list[tuple[int, str]], line: int) -> str | None:
    index = bisect.bisect_right(headings, (line, "\U0010ffff")) - 1
    return headings[index][1] or None if index >= 0 else None
