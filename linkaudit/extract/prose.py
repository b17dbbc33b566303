"""Where a page's prose is: each paragraph's weight, how much of it each element holds, and which
of it sits in furniture (a comment, a teaser, an author box, a menu) and so is not the article's.

A paragraph of prose is text that is not mostly link text. Body choice (body.py, article_blocks.py)
reads the page through this survey: how much prose an element holds, how long its text is and how
much of it is link text, how many links it has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import lxml.etree

from linkaudit.extract.common import element_text
from linkaudit.extract.container_roles import ADVERT, AUTHOR, COMMENT, FOOTER, RELATED, container_role, is_aside

__all__ = ["LINK_DENSE", "PROSE_MIN_CHARS", "ProseSurvey", "text_length"]

Element = lxml.etree._Element

_OWN_TEXT_TAGS = frozenset({"div", "section", "td", "blockquote", "dd", "li"})
_XPATH_SPACE = " \t\r\n"  # the whitespace XPath's normalize-space() drops (not a no-break space)
_INLINE_TAGS = frozenset(
    {"a", "em", "strong", "b", "i", "u", "span", "code", "abbr", "cite", "q", "small", "sup", "sub", "mark", "font", "time"}
)
PROSE_MIN_CHARS = 25
LINK_DENSE = 0.5  # a block whose text is more than half link text is a list of links, not prose
_FEW_CHILDREN = 32  # more, and serialising the element whole is cheaper than one child at a time
_AD_PROSE = 400  # characters of prose (whitespace aside) no advert holds: its blurb is a line or two


class ProseSurvey:
    """Prose paragraphs of a page (its <body>) and how much of them each element holds."""

    def __init__(self, whole: Element, marks_body: Callable[[Element], bool] = lambda element: False) -> None:
        self.whole = whole
        self._text_lengths: dict[Element, tuple[int, int]] = {}
        self._link_counts: dict[Element, int] = {}
        self._roles: dict[Element, str | None] = {}
        weights = {block: weight for block in _candidate_blocks(whole) if (weight := self._prose_weight(block))}
        self.total, totals = _totals(weights)
        self._all_prose = totals
        # Prose inside furniture (a comment, a teaser, an author box, a menu) is not the article's;
        # a container that holds most of the page's prose is no furniture, whatever its name says.
        self._most = self.total / 2
        bodies = _marked_bodies(totals, marks_body, self.total)
        # Each element's furniture role, "" for none.
        furniture: dict[Element, str] = {whole: ""}
        furniture.update(dict.fromkeys(_teaser_cards(whole), RELATED))
        for block in weights:
            path: list[Element] = []
            element: Element | None = block
            verdict = ""
            while element is not None:
                known = furniture.get(element)
                if known is not None:
                    verdict = known
                    break
                path.append(element)
                if totals[element] >= self._most and self._marked_article(element, marks_body):
                    break  # the article itself, even where broken markup nests it in a sidebar
                if totals[element] < self._most or is_aside(element):
                    role = self.announced_role(element)
                    if role is not None:
                        verdict = role
                        break
                elif bodies and (role := self.announced_role(element)) in _BOXES and _beside_any(element, bodies):
                    verdict = role or ""
                    break
                element = element.getparent()
            for visited in path:
                furniture[visited] = verdict
        # The article's candidate paragraphs and the prose each weighs.
        self.weights = {block: weight for block, weight in weights.items() if not furniture[block]}
        # A footer's prose is the site's, never a thread's posts (see body.choose_body).
        self.footer_prose = sum(weight for block, weight in weights.items() if furniture[block] == FOOTER)
        self.total, self._prose_totals = _totals(self.weights)

    def announced_role(self, element: Element) -> str | None:
        """The furniture role a container's name announces (see container_roles.container_role),
        unless it is an advert's name on a block of the piece's prose: a CMS may mark every
        section of a piece as one ads can be set in ("TestReport__Section--Ads"); an advert
        itself says a line or two."""
        # Asked again of the same containers by the text walk: worked out once per element.
        if element in self._roles:
            return self._roles[element]
        role = container_role(element)
        if role == ADVERT and self._all_prose.get(element, 0) >= _AD_PROSE:
            role = None
        self._roles[element] = role
        return role

    def _marked_article(self, element: Element, marks_body: Callable[[Element], bool]) -> bool:
        """Whether the page marks an element as its article: an <article> whose name announces no
        furniture, or a body its CMS marks (itemprop=articleBody, "entry-content"). Holding most of
        the page's prose, it is the article even inside a furniture container (a sidebar left
        unclosed wraps what follows it); that container's role covers only what lies outside it."""
        if element.tag == "article":
            return self.announced_role(element) is None
        # A landmark (role=main) names where the page's main part is, menus and teasers with it.
        return marks_body(element) and (element.get("role") or "").lower() != "main"

    def holds_own_prose(self, element: Element) -> int:
        """How much prose an element holds, furniture or not (characters)."""
        return self._all_prose.get(element, 0)

    def holds_most_prose(self, element: Element) -> bool:
        return self._prose_totals.get(element, 0) >= self._most

    def prose_in(self, element: Element) -> int:
        """How much of the page's prose outside furniture an element holds (characters)."""
        return self._prose_totals.get(element, 0)

    def _prose_weight(self, block: Element) -> int:
        if block.tag in _OWN_TEXT_TAGS:
            own = _visible_length((block.text or "") + "".join(child.tail or "" for child in block))
            own += sum(self.lengths(child)[0] for child in block if child.tag in _INLINE_TAGS)
            if own < PROSE_MIN_CHARS:
                return 0
            total, linked = own, sum(self.lengths(child)[1] for child in block if child.tag in _INLINE_TAGS)
        else:
            total, linked = self.lengths(block)
        if not total or linked > LINK_DENSE * total:
            return 0
        return total - linked

    def lengths(self, element: Element) -> tuple[int, int]:
        """Characters of visible text in an element, and how many of them are link text."""
        known = self._text_lengths.get(element)
        if known is None:
            # A leaf (most links) has no child measured: no walk of its children is set up.
            if 0 < len(element) <= _FEW_CHILDREN and any(child in self._text_lengths for child in element):
                known = self._text_lengths[element] = self._added_up(element)
                return known
            total = text_length(element)
            # A link's length is asked again for each container around it: kept with the rest.
            linked = total if element.tag == "a" else sum(self.lengths(link)[0] for link in element.iter("a"))
            known = self._text_lengths[element] = (total, linked)
        return known

    def _added_up(self, element: Element) -> tuple[int, int]:
        """``lengths`` from the children's, when one of a few children is already measured: the
        ancestors of the densest prose are measured one after another, and the text of each
        would otherwise be serialised again whole. Lengths add up: an element's text is its own,
        then each child's (a comment shows none) and tail; its link text is its links'."""
        known = self._text_lengths
        total = _visible_length(element.text or "")
        linked = 0
        for child in element:
            if isinstance(child.tag, str):
                lengths = known.get(child)
                total += lengths[0] if lengths is not None else text_length(child)
                # A link's own lengths count its text as linked once; a link nested in it counts too.
                if lengths is not None and child.tag != "a":
                    linked += lengths[1]
                else:
                    linked += sum(self.lengths(link)[0] for link in child.iter("a"))
            if tail := child.tail:
                total += _visible_length(tail)
        return total, (total if element.tag == "a" else linked)

    def link_count(self, element: Element) -> int:
        known = self._link_counts.get(element)
        if known is None:
            known = self._link_counts[element] = sum(1 for _ in element.iter("a"))
        return known

    def link_density(self, element: Element) -> float:
        """The share of an element's text that is link text (1 for an element without text)."""
        total, linked = self.lengths(element)
        return linked / total if total else 1.0


def _candidate_blocks(whole: Element) -> list[Element]:
    """Paragraphs, and containers with text of their own (most wrappers have none), in document
    order: what ".//p | .//pre | .//*[self::div or …][text()[normalize-space()] or font]" selects,
    found by lxml's walk by tag, twice as fast as the XPath union (which sorts what it finds)."""
    blocks: list[Element] = []
    for element in whole.iter("p", "pre", *_OWN_TEXT_TAGS):
        if element is whole:
            continue
        if element.tag in ("p", "pre") or _has_own_text(element):
            blocks.append(element)
    return blocks


def _has_own_text(element: Element) -> bool:
    text = element.text
    if text and text.strip(_XPATH_SPACE):
        return True
    for child in element:
        if child.tag == "font":
            return True
        text = child.tail
        if text and text.strip(_XPATH_SPACE):
            return True
    return False


# Boxes about the piece that may hold more prose than it (a long author box, a comment thread);
# a page's footer or menus holding most of its prose are another matter (a page drawn in them).
_BOXES = frozenset({AUTHOR, COMMENT, RELATED})
# A body the page marks as the article ("entry-content", itemprop=articleBody) holding this share
# of the prose is the piece, even beside a furniture box that holds more (a long author box).
_MARKED_SHARE = 0.25


def _marked_bodies(totals: dict[Element, int], marks_body: Callable[[Element], bool], total: int) -> list[Element]:
    """The marked article bodies that hold a fair share of the page's prose."""
    return [element for element, held in totals.items() if held >= _MARKED_SHARE * total and marks_body(element)]


def _beside_any(element: Element, bodies: list[Element]) -> bool:
    """Whether one of the marked bodies is neither inside an element nor around it: a furniture
    box beside the marked article is furniture however much prose it holds."""
    ancestors = set(element.iterancestors())
    return any(body is not element and body not in ancestors and not _inside(body, element) for body in bodies)


def _inside(element: Element, container: Element) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


def _totals(weights: dict[Element, int]) -> tuple[int, dict[Element, int]]:
    """All the prose, and how much of it each element holds."""
    totals: dict[Element, int] = {}
    for block, weight in weights.items():
        element: Element | None = block
        while element is not None:
            totals[element] = totals.get(element, 0) + weight
            element = element.getparent()
    return sum(weights.values()), totals


_CARD_DEPTH = 3  # wrappers between a card's headline and the card
_CARDS_MIN = 3  # cards in a row; two could be a piece's pair of sections


def _teaser_cards(whole: Element) -> list[Element]:
    """Teasers of the site's other pieces, each a headline linked to its page with an excerpt
    under it (a "next posts" row): three or more sibling blocks of one tag and class, each headed
    by a linked headline, all to one host. Their excerpts are prose, but not the piece's. A
    listicle's items, headed by links to the things they present, lead to many hosts."""
    groups: dict[tuple[int, str, str], list[tuple[Element, str]]] = {}
    for heading in _linked_headings(whole):
        link = heading.find("a")
        if text_length(link) + 2 < text_length(heading):
            continue  # a heading with a link in it, not a linked headline
        card = heading
        for _ in range(_CARD_DEPTH):
            parent = card.getparent()
            if parent is None or parent is whole:
                break
            card = parent
            if card.get("class"):
                break
        parent = card.getparent()
        if parent is None or card is heading:
            continue
        groups.setdefault((id(parent), card.tag, card.get("class") or ""), []).append((card, _host_of(link.get("href") or "")))
    cards: list[Element] = []
    for members in groups.values():
        distinct = {id(card): card for card, _ in members}
        if len(distinct) >= _CARDS_MIN and len({host for _, host in members}) == 1:
            cards.extend(distinct.values())
    return cards


def _linked_headings(whole: Element) -> Iterator[Element]:
    """Headings that are a link to another page (not an anchor of their own section): headlines.
    What ".//*[self::h2 or self::h3 or self::h4][a[@href and not(starts-with(@href, '#'))]]"
    selects, found by lxml's walk by tag (the XPath tests every element of the page)."""
    for heading in whole.iter("h2", "h3", "h4"):
        if heading is not whole and any(not href.startswith("#") for link in heading.iterchildren("a") if (href := link.get("href")) is not None):
            yield heading


def _host_of(href: str) -> str:
    """The host a link names, "" for a relative one."""
    try:
        return (urlsplit(href.strip()).hostname or "").removeprefix("www.")
    except ValueError:
        return "?"


def text_length(element: Element) -> int:
    """Characters of an element's text, not counting whitespace (markup is indented at will)."""
    # Serialised as text (common.element_text) rather than by XPath's string(), which sets up an
    # evaluation for each element (a third slower).
    return _visible_length(element_text(element))


def _visible_length(text: str) -> int:
    return len("".join(text.split()))
