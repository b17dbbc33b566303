"""Where a link stands among the others: its block, its list item, its neighbours, its words.

The rules of link_groups and link_rows judge a link by the links and text around it; these are the
shared readings of that neighbourhood.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import lxml.etree

from linkaudit.extract.boilerplate import offers_document
from linkaudit.extract.common import collapse_whitespace, element_text, link_target
from linkaudit.extract.html_walk import Link
from linkaudit.extract.sites import is_same_site, is_sister_site

Element = lxml.etree._Element

__all__ = [
    "Element", "adjacent", "block_element", "is_whole_block_link", "letters", "links_by_line", "list_item", "names_sources", "quoted", "text_of",
]


def quoted(element: Element) -> bool:
    """Inside a quotation: an embedded post the piece quotes names its author's account."""
    return any(ancestor.tag in ("blockquote", "q") for ancestor in element.iterancestors())


# A list of the piece's sources opens each item with a work's title too.
_SOURCE_WORDS = frozenset({"references", "reference", "footnotes", "footnote", "notes", "citations", "sources", "bibliography", "literatur", "quellen", "einzelnachweise"})


def names_sources(container: Element) -> bool:
    element: Element | None = container
    for _ in range(3):
        if element is None:
            return False
        names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if not _SOURCE_WORDS.isdisjoint(re.findall(r"[a-z]+", names)):
            return True
        element = element.getparent()
    return False


def list_item(element: Element) -> Element | None:
    parent = element.getparent()
    for _ in range(4):
        if parent is None or parent.tag == "li":
            return parent
        parent = parent.getparent()
    return None


def is_whole_block_link(link: Link, *, site: str | None, base: str | None) -> bool:
    if link.attribute != "href" or link.role is not None or link.end - link.start < 0.25 * link.block.length - 40:
        return False  # the link's text is not most of its block's (cheap: no text is built)
    written = link.element.get("href") or ""
    target = link_target(written, base)[0]
    if not (is_same_site(target, written, site) or is_sister_site(target, site)) or offers_document(target):
        return False
    anchor = letters(link.anchor)
    return bool(anchor) and anchor == letters(link.block.text)


def letters(text: str) -> str:
    """Text without bullets, separators and signs ("§ molar", "» Headline", "Reddit | Instagram")."""
    return collapse_whitespace(_SIGNS.sub(" ", text))


_SIGNS = re.compile(r"[^\w'’.,:!?&()-]+")


def adjacent(earlier: Link, later: Link) -> bool:
    """Whether two links' blocks follow each other with nothing but blank blocks between."""
    blocks = earlier.block, later.block
    if blocks[0] is blocks[1]:
        return False
    return earlier.element.getparent() is not None and _blank_between(earlier, later)


def _blank_between(earlier: Link, later: Link) -> bool:
    # The text that follows the earlier link's block element and precedes the later one's.
    first, second = block_element(earlier), block_element(later)
    if first is None or second is None:
        return False
    sibling = first.getnext()
    while sibling is not None and sibling is not second:
        shows = isinstance(sibling.tag, str) and collapse_whitespace(element_text(sibling))
        if shows or collapse_whitespace(sibling.tail or ""):
            return False
        sibling = sibling.getnext()
    return sibling is second and not collapse_whitespace(first.tail or "")


# Paragraph-like blocks; list items are judged as a list (see boilerplate.same_site_list_role).
_LIST_TAGS = frozenset({"li", "dd", "dt", "td", "th"})
_BLOCK_TAGS = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6"})


def block_element(link: Link) -> Element | None:
    element = link.element.getparent()
    while element is not None and element.tag not in _BLOCK_TAGS:
        if element.tag in _LIST_TAGS:
            return None
        element = element.getparent()
    return element


def text_of(element: Element) -> str:
    """The words a link shows (a picture's alt text is not shown)."""
    return element_text(element).strip()


def links_by_line(links: Sequence[Link]) -> dict[tuple[int, str], list[int]]:
    """The indices of the links with no role yet, by the line they stand in (their block and
    claim): the links a row or a label line is made of."""
    by_line: dict[tuple[int, str], list[int]] = {}
    for index, link in enumerate(links):
        if link.attribute == "href" and link.role is None:
            by_line.setdefault((id(link.block), link.claim), []).append(index)
    return by_line
