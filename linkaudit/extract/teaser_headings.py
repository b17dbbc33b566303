"""Teasers told by the heading above them: the site's other articles under "Auch interessant".

A block of links to the site's own pages reads as the piece's sources until the heading above it
says what it is: the site's other articles ("Related posts", "Das könnte Sie auch interessieren").
The heading may stand as a heading, in a wrapper of its own, or as a short line of its own,
and the links may follow as a row of cards each of which stands under it. A short label of its own
ending in a colon ("Lue seuraavaksi:") over headlines of the site's own, each linked whole, says the
same whatever its words, unless it announces further information or sources. A box about the
writer ("Zur Person", "About the author") is told the same way: its links are the writer's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from linkaudit.extract.common import element_text
from linkaudit.extract.container_roles import AUTHOR, RELATED
from linkaudit.extract.furniture_words import FURTHER_HEADINGS, SOURCE_LABEL
from linkaudit.extract.html_walk import Link
from linkaudit.extract.link_blocks import Element, is_whole_block_link, letters, text_of
from linkaudit.extract.sites import is_own_page

__all__ = ["headed_teasers"]

# A heading that introduces the site's other articles ("Auch interessant", "Related posts").
_TEASER_HEADING = re.compile(
    r"^(?:auch interessant|(?:das|diese \w+) könnten? (?:dich|sie) auch interessieren|mehr zum thema|lesen sie auch|weitere artikel"
    r"|verwandte (?:artikel|beiträge|themen)|ähnliche (?:artikel|beiträge)|weitere (?:beiträge|news|nachrichten|meldungen)|meistgelesen"
    r"|related(?: posts| articles| stories| content| coverage| news)?|you (?:may|might) also like|more stories|also read|read also"
    r"|read next|recommended (?:articles|stories|for you)|most (?:read|popular)|popular (?:posts|articles|stories)"
    r"|lee también|leer también|te puede interesar|noticias relacionadas|art[íi]culos relacionados|otras noticias|lo más leído"
    r"|lire aussi|à lire aussi|à lire également|sur le même sujet|articles similaires|leggi anche|leia também|czytaj (?:też|także)"
    # The editors' pick of another article ("Redaktionstipp", "Lesetipp", "Editor's pick").
    r"|redaktionstipps?|lesetipps?|tipp der redaktion|unser (?:lese)?tipp|empfehlung der redaktion|editor'?s picks?|la recomendación del editor)"
    # "Mehr zum Thema auf <site>", "Related posts from <site>": the site named after the heading.
    r"(?:\s(?:auf|bei|von|on|from|sur|en|de)\s[\w .-]{1,30})?\W*$",
    re.IGNORECASE,
)
# A heading over a box about the writer ("Zur Person", "About the author"): the writer's own pages
# and company, linked from a note on who wrote the piece, not its sources.
_AUTHOR_HEADING = re.compile(
    r"^(?:zur person|über (?:den autor|die autorin|die autoren|uns autoren)|about the (?:author|authors|writer|contributor)s?|the author"
    r"|sobre (?:el|la|o|a) (?:autor|autora)|à propos de l'auteur|l'auteur|o autorze|sull'autore|over de auteur)\W*$",
    re.IGNORECASE,
)
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_LINE_TAGS = frozenset({"p", "div", "strong", "b", "span"})  # a line set as a heading by its style
_HEADED_DEPTH = 3  # containers between a teaser's link and the block its heading introduces
_AUTHOR_BOX_DEPTH = 4  # a note on the writer: its paragraph, its emphasis, its box and the box's inner wrapper
_CARD_TEXT = 200  # letters of a teaser card (a date, a headline, a count of comments); prose says more


def headed_teasers(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """Links to the site's own pages in a block that a heading introduces as the site's other
    articles ("<h4>Auch interessant</h4><ul><li><a>headline</a></li></ul>"): teasers, however
    few. A link to another site under such a heading stays a citation."""
    roles: dict[int, str] = {}
    headed: dict[Element, bool] = {}  # by container: the links of one block share the answer
    labelled: dict[Element, bool] = {}  # by container: under a label over the site's own cards
    about_author: dict[Element, bool] = {}
    headings: dict[Element, Element | None] = {}  # by container: the heading it stands under

    def labels_own_cards(heading: Element) -> bool:
        """A short label of its own ending in a colon over cards that link only the site's own
        pages (a list of other sites' pages under "Archiv:" or "Videos:" is the piece's)."""
        return _is_teaser_label(letters(text_of(heading))) and all(_links_own_pages(card, site=site, base=base) for card in _cards_after(heading))

    for index, link in enumerate(links):
        if link.attribute != "href" or link.role is not None:
            continue
        if link.heading is not None and _under_heading(link.element, headings, about_author, _SAYS_ABOUT_AUTHOR, _AUTHOR_BOX_DEPTH):
            roles[index] = AUTHOR  # any site's: the writer's company, their own blog
            continue
        if not is_own_page(link.element.get("href") or "", site=site, base=base):
            continue
        if _under_heading(link.element, headings, headed, _SAYS_TEASERS):
            roles[index] = RELATED
        elif len(link.anchor.split()) >= _HEADLINE_WORDS and is_whole_block_link(link, site=site, base=base):
            if _under_heading(link.element, headings, labelled, labels_own_cards):
                roles[index] = RELATED  # "<p><strong>Lue seuraavaksi:</strong></p>" over headlines
    return roles


def _cards_after(heading: Element) -> Iterator[Element]:
    """The cards set after a heading (or after the wrapper holding only it), up to the first block
    that is not one."""
    start = heading if heading.getnext() is not None else heading.getparent()
    sibling = start.getnext() if start is not None else None
    while sibling is not None and (not isinstance(sibling.tag, str) or _is_card(sibling)):
        if isinstance(sibling.tag, str):
            yield sibling
        sibling = sibling.getnext()


def _links_own_pages(card: Element, *, site: str | None, base: str | None) -> bool:
    return all(is_own_page(anchor.get("href") or "", site=site, base=base) for anchor in card.iter("a"))


_HEADLINE_WORDS = 3
# A short label ending in a colon, that is not one of further information or of sources.
_LABEL_LINE = re.compile(r"^(?=\w)(?!.*,)(?:\S+\s){0,3}\S+:$")


def _words_say(words: re.Pattern[str]) -> Callable[[Element], bool]:
    return lambda heading: words.match(letters(text_of(heading))) is not None


_SAYS_TEASERS = _words_say(_TEASER_HEADING)
_SAYS_ABOUT_AUTHOR = _words_say(_AUTHOR_HEADING)


def _is_teaser_label(text: str) -> bool:
    line = " ".join(text.split())
    if not _LABEL_LINE.match(line) or SOURCE_LABEL.fullmatch(line):
        return False
    return letters(line).strip(" :.").lower() not in FURTHER_HEADINGS


def _under_heading(
    element: Element, headings: dict[Element, Element | None], headed: dict[Element, bool], says: Callable[[Element], bool], depth: int = _HEADED_DEPTH
) -> bool:
    """Whether a link stands in a block (or a block's block) whose heading ``says`` what it is
    (``headings``: each container's heading, as far as found)."""
    container = element.getparent()
    for _ in range(depth):
        if container is None:
            return False
        if container not in headed:
            heading = _heading_before(container, headings)
            headed[container] = heading is not None and says(heading)
        if headed[container]:
            return True
        container = container.getparent()
    return False


def _heading_before(container: Element, known: dict[Element, Element | None]) -> Element | None:
    """The heading a block stands under: its nearest earlier sibling that is not a comment or a
    card like itself (a row of <article> cards or of headline paragraphs under one heading), the
    heading itself, a wrapper that holds only it ("<div><h2>Auch interessant...</h2></div>"), or a
    short line of its own that only says what follows ("<p>Diese Artikel könnten dich auch
    interessieren:</p>"). ``known``: the heading of each container already asked."""
    if container in known:
        return known[container]
    sibling = container.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getprevious()  # a comment between them
    if sibling is None or sibling.tag != container.tag or not _is_card(container):
        heading = known[container] = _heading_in(sibling, container)
        return heading
    # Each card of a row stands under the heading of the cards before it: the row is walked back
    # once, not again from each of its cards (a list of 300 headlines, 45,000 steps).
    row = [container]
    while sibling is not None and (not isinstance(sibling.tag, str) or (sibling.tag == container.tag and _is_card(sibling))):
        if sibling in known:
            heading = known[sibling]
            break
        if isinstance(sibling.tag, str):
            row.append(sibling)
        sibling = sibling.getprevious()
    else:
        heading = _heading_in(sibling, container)
    known.update(dict.fromkeys(row, heading))
    return heading


def _heading_in(sibling: Element | None, container: Element) -> Element | None:
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getprevious()  # a comment between them
    if sibling is None:
        return None
    if sibling.tag in _HEADING_TAGS or (sibling.tag == container.tag and _is_short(sibling)):
        return sibling
    if sibling.tag in _LINE_TAGS and sibling.find(".//a") is None and _is_short(sibling):
        return sibling  # "<p><strong>Verwandte Artikel:</strong></p>" over a list
    children = [child for child in sibling if isinstance(child.tag, str)]
    if len(children) == 1 and children[0].tag in _HEADING_TAGS and letters(text_of(sibling)) == letters(text_of(children[0])):
        return children[0]
    return None


def _is_card(element: Element) -> bool:
    """A teaser card or a headline paragraph: a link and a few words, not a paragraph of prose."""
    return element.find(".//a") is not None and _is_short(element)


_RAW_BOUND = 5  # characters of markup's text per letter counted, whitespace and signs included


def _is_short(element: Element) -> bool:
    # The text as libxml2 joins it (what XPath's string-length(.) measures, without setting up an
    # evaluation), bounded before its letters are read: a section of the page is no card.
    text = element_text(element)
    if len(text) > _RAW_BOUND * _CARD_TEXT:
        return False
    return len(letters(text.strip())) <= _CARD_TEXT
