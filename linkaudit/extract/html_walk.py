"""The reader-visible text of HTML content, walked in document order, and the links in it.

Each block of prose (a paragraph, a list item, a table cell) gets its text as a reader sees it, so
that a link's anchor and the sentence around it (its claim) can be cut from it. Given the article
whose furniture is told apart, each link also takes the role of the innermost container around it
that is page furniture.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Protocol

import lxml.etree

from linkaudit.extract.body import ArticleBody, text_length
from linkaudit.extract.boilerplate import continues_a_sentence, same_site_list_role
from linkaudit.extract.claims import sentence_text
from linkaudit.extract.common import element_text, readable_text, link_target

__all__ = ["SKIP_MARKER", "Link", "TextWalk", "carries_skip_marker"]

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
# Of those, the ones that may hold links in the tree: listed, not read as the page's text.
_HOLDING_LINKS = frozenset({"noscript", "template", "svg", "math", "object", "select"})


Element = lxml.etree._Element
_OPENING = itertools.repeat(None)  # paired with each child: to be opened, not closed
_COMMENT = lxml.etree.Comment  # the tag of a comment node


@dataclass(slots=True)
class _Block:
    parts: list[str] = field(default_factory=list)
    length: int = 0
    text: str = ""
    linked: bool = False  # a link's anchor and claim are cut from its text: kept when walked

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)


@dataclass(slots=True)
class Link:
    element: Element
    block: _Block
    start: int
    end: int = 0
    heading: str | None = None
    ignored: bool = False
    alt_texts: tuple[str, ...] = ()  # most links have no picture: no list made for each
    attribute: str = "href"  # "cite" for the source of a <blockquote> or <q>
    quotation: str = ""  # what a <blockquote> or <q> with a cite says
    role: str | None = None  # why the container makes it page furniture, not a citation
    written: str = ""  # the address (href or cite) as the parser reads it
    lone: bool = False  # the address is the element's only attribute: no Robust Links, no marker
    # The anchor and claim once cut: the rules that tell furniture apart read them several times.
    _anchor: str | None = field(default=None, repr=False, compare=False)
    _claim: str | None = field(default=None, repr=False, compare=False)

    @property
    def anchor(self) -> str:
        """The link's text as a reader sees it (a picture's alt text when it has none). Read once
        the walk is over: its block's text is whole only then."""
        if self._anchor is None:
            if self.attribute == "cite":
                self._anchor = ""  # a quotation's source has no link text; its claim is the quotation
            else:
                text = readable_text(self.block.text[self.start : self.end])
                self._anchor = text or readable_text(" ".join(self.alt_texts))
        return self._anchor

    @property
    def claim(self) -> str:
        """The sentence around the link (see ``anchor`` for when it may be read)."""
        if self._claim is None:
            if self.attribute == "cite":
                self._claim = self.quotation
            else:
                self._claim = sentence_text(self.block.text, self.start, self.end) or self.anchor
        return self._claim


_QUOTES = frozenset({"blockquote", "q"})
_LISTS = frozenset({"ul", "ol"})
_BOXES = frozenset({"div", "section", "table", "p"})  # judged as a list of links when they hold no prose


class TextWalk:
    """One pass over the content in document order, building each block's reader-visible text.

    Given the ``article`` whose furniture is told apart, each link also takes the role of the
    innermost container around it that is page furniture (a share bar, a tag list, an author box,
    a comment, a box of links to the site's own pages), which makes it a non-citation."""

    def __init__(self, article: ArticleBody | None, *, site: str | None = None, base: str | None = None) -> None:
        self.article = article
        self.site = site
        self.base = base
        self.links: list[Link] = []
        # Links inside elements whose content is no text of the page (<noscript>, <template>),
        # with the element's name: listed as not citations, never lost without a word.
        self.unshown: list[tuple[Element, str]] = []
        self._linked_blocks: list[_Block] = []
        self._stack: list[_Block] = []
        self._open_link: Link | None = None
        self._heading: str | None = None
        self._skip_next = False
        self._role: str | None = None
        self._role_owner: Element | None = None

    def run(self, roots: tuple[Element, ...]) -> None:
        for content in roots:
            self._run_one(content)
        for block in self._linked_blocks:
            block.text = "".join(block.parts)
            block.parts = []

    def _run_one(self, content: Element) -> None:
        self._open_block()
        # (element, None) to open it; (element, its tag in lower case) to close it.
        pending: list[tuple[Element, str | None]] = [(content, None)]
        pop, push, push_all, stack = pending.pop, pending.append, pending.extend, self._stack
        while pending:
            element, closing = pop()
            if closing is not None:
                self._end(element, closing, keep_tail=element is not content)
                continue
            tag = element.tag
            if not isinstance(tag, str):
                self._note_non_element(element)
                continue
            name = tag.lower()
            if element is not content and name in _INVISIBLE:
                if name in _HOLDING_LINKS:
                    self.unshown.extend((link, name) for link in element.iter("a") if link.get("href") is not None)
                if tail := element.tail:
                    stack[-1].add(tail)
                continue
            if self.article is not None and self._role is None and element is not content:
                self._enter_role(element)
            self._start(element, name)
            if len(element):
                push((element, name))
                push_all(zip(reversed(element), _OPENING))
            else:  # a leaf (most links) is closed at once: nothing queued for it
                self._end(element, name, keep_tail=element is not content)
        self._let_go(self._close_block())

    def _enter_role(self, element: Element) -> None:
        assert self.article is not None
        role = self.article.role_of(element)
        if role is None and (element.tag in _LISTS or element.tag in _BOXES and not self.article.prose_in(element)):
            role = self._list_role(element)
        if role is not None:
            self._role, self._role_owner = role, element

    def _list_role(self, element: Element) -> str | None:
        hrefs = [href for link in element.iter("a") if (href := link.get("href")) is not None]
        if len(hrefs) < 3 or continues_a_sentence(element):
            return None  # most boxes asked hold a link or two: their addresses are not resolved
        items = [(href, link_target(href, self.base)[0]) for href in hrefs]
        text = text_length(element)
        linked = sum(text_length(link) for link in element.iter("a"))
        return same_site_list_role(items, self.site, text, linked)

    def _note_non_element(self, node: Element) -> None:
        # Comments carry the skip marker; comments, processing instructions and entities
        # show nothing but their tail.
        if node.tag is _COMMENT and (node.text or "").strip().lower() == SKIP_MARKER:
            self._skip_next = True
        if tail := node.tail:
            self._stack[-1].add(tail)

    def _open_block(self) -> None:
        self._stack.append(_Block())

    def _close_block(self) -> _Block:
        block = self._stack.pop()
        if self._stack:
            self._stack[-1].add("\n\n")
        return block

    @staticmethod
    def _let_go(block: _Block) -> None:
        # Only the text of a block with links is read again: a long page's other paragraphs are
        # not all held until the end of the walk.
        if not block.linked:
            block.parts.clear()

    @property
    def _current(self) -> _Block:
        return self._stack[-1]

    def _start(self, element: Element, name: str) -> None:
        tag = element.tag
        if name in _BLOCKS and self._open_link is None:
            self._current.add("\n\n")
            self._open_block()
        elif tag == "br":
            self._current.add("\n")
        if tag == "a":
            if self._open_link is None:
                # The attributes read in one call (cheaper than a single get): the address, and
                # whether any other attribute could carry the skip marker or Robust Links.
                attributes = element.items()
                href = _value_of(attributes, "href")
                if href is not None:
                    self._open_link = self._link(element, "href", href, attributes)
                    self.links.append(self._open_link)
        elif tag in _QUOTES and (cite := element.get("cite")) is not None:
            quote = self._link(element, "cite", cite, element.items())
            quote.quotation = readable_text(element_text(element))
            self.links.append(quote)
        elif tag == "img" and self._open_link is not None and element.get("alt"):
            self._open_link.alt_texts += (element.get("alt") or "",)
        if text := element.text:
            self._stack[-1].add(text)

    def _link(self, element: Element, attribute: str, written: str, attributes: list[tuple[str, str]]) -> Link:
        block = self._current
        if not block.linked:
            block.linked = True
            self._linked_blocks.append(block)
        lone = len(attributes) == 1
        # Fields by position (element, block, start, end, heading, ignored, alt_texts, attribute,
        # quotation, role, written, lone): naming them costs a third of the record again, once per link.
        link = Link(
            element,
            block,
            block.length,
            0,
            self._heading,
            self._skip_next or (not lone and carries_skip_marker(dict(attributes))),
            (),
            attribute,
            "",
            self._role,
            written,
            lone,
        )
        self._skip_next = False
        return link

    def _end(self, element: Element, name: str, *, keep_tail: bool = True) -> None:
        link = self._open_link
        if link is not None and link.element is element:
            link.end = link.block.length
            self._open_link = None
        if name in _BLOCKS and self._open_link is None and len(self._stack) > 1:
            block = self._close_block()
            if name in _HEADINGS:
                self._heading = readable_text("".join(block.parts)) or self._heading
            self._let_go(block)
        if element is self._role_owner:
            self._role, self._role_owner = None, None
        if keep_tail and (tail := element.tail):
            self._stack[-1].add(tail)


def _value_of(attributes: list[tuple[str, str]], name: str) -> str | None:
    """The value of the attribute ``name`` in an element's ``items()``, as ``get`` would give it."""
    for key, value in attributes:
        if key == name:
            return value
    return None


class _Attributes(Protocol):
    def get(self, key: str) -> str | None: ...


def carries_skip_marker(attributes: _Attributes) -> bool:
    """`data-linkaudit="skip"` or the class `linkaudit-skip` on a link."""
    if (attributes.get("data-linkaudit") or "").strip().lower() == "skip":
        return True
    return SKIP_MARKER in (attributes.get("class") or "").split()
