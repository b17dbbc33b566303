"""Furniture told by a link's row and place: icon rows, short lists of the site's pages, lone
headlines between paragraphs, byline names, the site's own services, paywall offers, machinery
lines. (Offers and calls to buy: offers.py.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

import lxml.etree

from linkaudit.extract.boilerplate import is_machinery_line, offers_document
from linkaudit.extract.common import collapse_whitespace, element_text, link_target
from linkaudit.extract.container_roles import ADVERT, AUTHOR, NAVIGATION, RELATED, SOCIAL
from linkaudit.extract.html_walk import Link
from linkaudit.extract.link_blocks import (
    Element,
    adjacent,
    block_element,
    is_whole_block_link,
    letters,
    list_item,
    names_sources,
    quoted,
    text_of,
)
from linkaudit.extract.sites import is_same_site, is_sister_site, registered_domain

__all__ = [
    "byline_names", "called_ours", "icon_rows", "logo_sections", "lone_headlines", "machinery_lines", "own_services", "paywall_offers", "short_link_lists",
]

_ICON_ROW_MIN = 3  # links in a row; a pair could be two pictures the piece shows


def icon_rows(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """A row of links without words of their own (icons, logos) to three or more other sites:
    "listen on" podcast platforms, "follow us" icons, a partners' logo wall. A picture the piece
    shows linked to its source stands alone, or links one host again and again (a video's). A row
    the piece introduces is its own (see logo_sections)."""
    roles: dict[int, str] = {}
    for run in _icon_runs(links, site=site, base=base):
        if not _introduced_row(links[run[0]], links[run[-1]]):
            roles.update(dict.fromkeys(run, SOCIAL))
    return roles


def logo_sections(links: Sequence[Link], *, site: str | None, base: str | None) -> set[int]:
    """The logos of a row the piece introduces by a heading and a sentence of its own: each
    links an organisation the piece names, whatever its picture's shape (a wide logo is no
    banner there)."""
    return {index for run in _icon_runs(links, site=site, base=base) if _introduced_row(links[run[0]], links[run[-1]]) for index in run}


def _icon_runs(links: Sequence[Link], *, site: str | None, base: str | None) -> list[list[int]]:
    """Runs of wordless links side by side to three or more other sites."""
    runs: list[list[int]] = []
    run: list[int] = []
    hosts: set[str] = set()

    def close() -> None:
        if len(run) >= _ICON_ROW_MIN and len(hosts) >= _ICON_ROW_MIN:
            runs.append(run)

    for index, link in enumerate(links):
        if link.attribute != "href" or link.role is not None:
            continue
        written = link.element.get("href") or ""
        wordless = not text_of(link.element) and not quoted(link.element)
        if not wordless:
            close()
            run, hosts = [], set()
            continue
        target = link_target(written, base)[0]
        if not is_same_site(target, written, site) and not is_sister_site(target, site):
            if run and not _side_by_side(links[run[-1]], link):
                close()
                run, hosts = [], set()
            run.append(index)
            hosts.add(registered_domain((urlsplit(target).hostname or "").lower()))
            continue
        close()
        run, hosts = [], set()
    close()
    return runs


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INTRO_WORDS = 8  # a sentence saying what the pictures stand for; fewer is a label ("Partner")


def _introduced_row(first: Link, last: Link) -> bool:
    """Whether a row of pictures is a section of the piece: the section's heading and a sentence
    of its own say what they show ("Teilnehmende Unternehmen", then "klicke auf das Firmenlogo
    und finde alle Stellenangebote!"; "We work with the following organizations …"), so each
    logo links the organisation the piece names. A "listen on" or "follow us" row has no such
    section; a partners' wall has a heading at most."""
    row = next((ancestor for ancestor in first.element.iterancestors() if last.element in ancestor.iterdescendants("a")), None)
    if row is None or letters(element_text(row)).strip():
        return False
    intro = _previous_element(row)
    if intro is None or intro.tag in _HEADINGS or intro.find(".//a") is not None:
        return False
    heading = _previous_element(intro)
    return heading is not None and heading.tag in _HEADINGS and len(element_text(intro).split()) >= _INTRO_WORDS


def _previous_element(element: Element) -> Element | None:
    sibling = element.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getprevious()
    return sibling


def _side_by_side(earlier: Link, later: Link) -> bool:
    """Whether two links follow each other with no words between: in one block, in blocks next
    to each other, or in items of one list."""
    if earlier.block is later.block:
        return not letters(earlier.block.text[earlier.end : later.start]).strip(" ,.:|-")
    if adjacent(earlier, later):
        return True
    items = list_item(earlier.element), list_item(later.element)
    return items[0] is not None and items[1] is not None and items[0].getparent() is items[1].getparent()


def short_link_lists(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """A list of two whose items are each nothing but a link to one of the site's pages ("One
    virus, two Americas" under a box's heading): headlines of its other pieces. (Longer lists of
    the site's links are told apart as the page is walked.) A pair naming other sites' pages, or
    the site's documents, is the piece's."""
    by_list: dict[Element, list[int]] = {}
    for index, link in enumerate(links):
        item = link.element.getparent()
        if link.attribute == "href" and link.role is None and item is not None and item.tag == "li" and item.getparent() is not None:
            by_list.setdefault(item.getparent(), []).append(index)
    roles: dict[int, str] = {}
    for container, indices in by_list.items():
        items = [child for child in container if isinstance(child.tag, str)]
        if len(items) != 2 or len(indices) != 2 or names_sources(container):
            continue
        whole = [
            index
            for index in indices
            if letters(links[index].anchor) == letters(text_of(links[index].element.getparent())) and _opens_own_page(links[index], site=site, base=base)
        ]
        if len(whole) == 2:
            roles.update(dict.fromkeys(whole, RELATED))
    return roles


def _opens_own_page(link: Link, *, site: str | None, base: str | None) -> bool:
    written = link.element.get("href") or ""
    target = link_target(written, base)[0]
    return (is_same_site(target, written, site) or is_sister_site(target, site)) and not offers_document(target)


# An article's address: a slug of several words or a number of the CMS ("…-zum-dritten-mal_60022.html").
_ARTICLE_SLUG = re.compile(r"(?:[^\W_]+[-_]){3,}[^\W_]+|\d{5,}")
_HEADLINE_WORDS = 4  # a headline says something; "Kontakt" or "Shop" alone is a label
_PROSE_BEFORE = 80  # characters of the paragraph before a lone headline: the piece's prose


def lone_headlines(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """A paragraph (or a picture's caption) that is nothing but one link to one of the site's
    articles, set between paragraphs of the piece's prose (">> Ennesto Monté lässt sich …"): a
    teaser of another article in the middle of the text. The same article linked on words of a
    sentence is a citation."""
    roles: dict[int, str] = {}
    for index, link in enumerate(links):
        if not is_whole_block_link(link, site=site, base=base):
            continue
        target = link_target(link.element.get("href") or "", base)[0]
        path = urlsplit(target).path
        segments = [segment for segment in path.split("/") if segment]
        if not segments or not _ARTICLE_SLUG.search(segments[-1]) or len(link.anchor.split()) < _HEADLINE_WORDS:
            continue
        block = block_element(link)
        if block is not None and _between_prose(block):
            roles[index] = RELATED
    return roles


def _between_prose(block: Element) -> bool:
    """Whether the block follows a paragraph of prose and the text goes on after it (blank
    paragraphs skipped), in its own container or, for a block wrapped alone (a figure in a
    paragraph), in its wrapper's. A link closing the text, or announced by the paragraph before
    ("… finden Sie hier:"), is the piece's pointer to more."""
    element: Element | None = block
    for _ in range(3):
        if element is None:
            return False
        before, after = _shown_sibling(element, backwards=True), _shown_sibling(element, backwards=False)
        if before is not None:
            text = collapse_whitespace(element_text(before))
            return before.tag == "p" and len(text) >= _PROSE_BEFORE and not text.endswith(":") and after is not None
        element = element.getparent()
    return False


def _shown_sibling(element: Element, *, backwards: bool) -> Element | None:
    sibling = element.getprevious() if backwards else element.getnext()
    while sibling is not None and (not isinstance(sibling.tag, str) or not collapse_whitespace(element_text(sibling))):
        sibling = sibling.getprevious() if backwards else sibling.getnext()
    return sibling


# "Von <a>Roland Brockmann</a> und <a>Sebastian Drescher</a>": the words a byline is made of, each a
# word of its own ("Die <a>Klimabewegung schäumt.</a>" is a sentence, not "di" and "e").
_BYLINE_WORDS = re.compile(
    # A press release's issuer line ("Herausgeber: <a>WindCo SE</a>") names who wrote it, as a byline does.
    r"^(?:by|von|por|par|di|door|av|af|de|text|texto|text und fotos?|photos?|fotos?|herausgeber|publisher|issued by|éditeur|editor)\s*:?(?:\s+(?:and|und|y|et|e|en|och|og)|\s*[&,])*\s*$",
    re.IGNORECASE,
)


def byline_names(links: Sequence[Link]) -> dict[int, str]:
    """A line that is only a byline ("Von <a>Roland Brockmann</a> und <a>Sebastian Drescher</a>",
    "By <a>Jane Doe</a>"): the authors' names, linked to their own sites, are not the piece's
    sources. A name linked inside a sentence ("wie von <a>Jane Doe</a> berichtet") stays a citation."""
    by_line: dict[tuple[int, str], list[int]] = {}
    for index, link in enumerate(links):
        if link.attribute == "href" and link.role is None and link.anchor:
            by_line.setdefault((id(link.block), link.claim), []).append(index)
    roles: dict[int, str] = {}
    for (_, claim), indices in by_line.items():
        rest = claim
        for index in indices:
            rest = rest.replace(links[index].anchor, " ", 1)
        names = all(1 <= len(links[index].anchor.split()) <= 3 and links[index].anchor[:1].isupper() for index in indices)
        if names and _BYLINE_WORDS.match(rest.strip()):
            roles.update(dict.fromkeys(indices, AUTHOR))
    return roles


# "unseren Brandfinder", "our shop", "notre boutique": the site names a service of its own.
_OUR = re.compile(r"\b(?:unser(?:e[nmrs]?)?|our|notre|nos|nuestr[oa]s?|nostr[oaie]|onze|ons|vår[ta]?)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
_MENU_LINKS = lxml.etree.XPath("//nav//a[@href] | //*[@role='navigation']//a[@href] | //header//a[@href]")


def called_ours(link: Link) -> bool:
    """Whether the words just before a link call what it leads to the site's own ("our shop: ")."""
    return bool(_OUR.search(link.block.text[max(0, link.start - 40) : link.start]))


def own_services(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """A link on the name of one of the site's own services that its main menu lists by the same
    name ("Kennt ihr schon unseren Brandfinder? … mit unserem <a>Brandfinder</a>",
    peppermynta.de-Strickmode.html): the site promoting itself, not a source. The site's article
    or guide named in a sentence in other words ("our <a>monthly valuations</a>") stays."""
    candidates = []
    for index, link in enumerate(links):
        written = link.element.get("href") or ""
        if link.attribute != "href" or link.role is not None or not link.anchor:
            continue
        target = link_target(written, base)[0]
        if not is_same_site(target, written, site):
            continue
        if called_ours(link):
            candidates.append((index, (target.split("#", 1)[0].rstrip("/"), link.anchor.casefold())))
    if not candidates:
        return {}
    root = links[candidates[0][0]].element.getroottree().getroot()
    menu = {
        (link_target(a.get("href") or "", base)[0].split("#", 1)[0].rstrip("/"), collapse_whitespace(element_text(a)).casefold())
        for a in _MENU_LINKS(root)
    }
    return {index: ADVERT for index, item in candidates if item in menu}


_MACHINERY_TEXT = 80  # a line's characters, room left for the whitespace of indented markup
# A paywall's words inside the text: "please subscribe to …", "already a subscriber, you can log in".
_SUBSCRIBE_CALL = re.compile(
    r"\b(?:please subscribe|subscribe (?:to|now|today)|already a subscriber|(?:jetzt )?abonnieren sie|jetzt abonnieren|abo abschlie(?:ß|ss)en"
    r"|abonnez-vous|suscr[íi]bete|assine (?:já|agora))\b",
    re.IGNORECASE,
)


def paywall_offers(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """The site's own pages linked in a paragraph that asks the reader to subscribe (its offers,
    its log-in): the paywall's channel, not a source. Another site named there stays a citation."""
    roles: dict[int, str] = {}
    asks: dict[int, bool] = {}  # by block: a block's text is read once, however many links it holds
    for index, link in enumerate(links):
        if link.attribute != "href" or link.role is not None:
            continue
        key = id(link.block)
        if key not in asks:
            asks[key] = bool(_SUBSCRIBE_CALL.search(link.block.text))
        written = link.element.get("href") or ""
        if asks[key] and is_same_site(link_target(written, base)[0], written, site):
            roles[index] = SOCIAL
    return roles


def machinery_lines(links: Sequence[Link]) -> dict[int, str]:
    """Every link of a short line that names the tool a post was made or posted with ("Posted
    from Diigo. The rest of my favorite links are here."): the tool's, however each is worded."""
    lines: dict[int, bool] = {}  # by block, read once
    roles: dict[int, str] = {}
    for index, link in enumerate(links):
        if link.attribute != "href" or link.role is not None:
            continue
        key = id(link.block)
        if key not in lines:
            text = link.block.text
            lines[key] = len(text) <= 4 * _MACHINERY_TEXT and is_machinery_line(collapse_whitespace(text))
        if lines[key]:
            roles[index] = NAVIGATION
    return roles
