"""Furniture and sources told by a link's row and place: icon rows, short lists of the site's
pages, lone headlines between paragraphs, byline names, the site's own services, and the shop
buttons of a where-to-buy piece that are its sources after all.
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
    "byline_names", "called_ours", "icon_rows", "lone_headlines", "machinery_lines", "own_services", "paywall_offers", "shop_calls", "short_link_lists",
    "where_to_buy",
]

_ICON_ROW_MIN = 3  # links in a row; a pair could be two pictures the piece shows


def icon_rows(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """A row of links without words of their own (icons, logos) to three or more other sites:
    "listen on" podcast platforms, "follow us" icons, a partners' logo wall. A picture the piece
    shows linked to its source stands alone, or links one host again and again (a video's)."""
    roles: dict[int, str] = {}
    run: list[int] = []
    hosts: set[str] = set()

    def close() -> None:
        if len(run) >= _ICON_ROW_MIN and len(hosts) >= _ICON_ROW_MIN and not _introduced_row(links[run[0]], links[run[-1]]):
            roles.update(dict.fromkeys(run, SOCIAL))

    for index, link in enumerate(links):
        if link.attribute != "href" or link.role is not None:
            continue
        written = link.element.get("href") or ""
        target = link_target(written, base)[0]
        wordless = not text_of(link.element) and not quoted(link.element)
        if wordless and not is_same_site(target, written, site) and not is_sister_site(target, site):
            if run and not _side_by_side(links[run[-1]], link):
                close()
                run, hosts = [], set()
            run.append(index)
            hosts.add(registered_domain((urlsplit(target).hostname or "").lower()))
            continue
        close()
        run, hosts = [], set()
    close()
    return roles


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


# A price shown next to a link ("172,99 EUR", "€ 19,90", "$12.99"): a where-to-buy table or box.
_PRICE = re.compile(r"(?:\d[\d.,]*\s?(?:€|eur|usd|chf|£|\$)(?!\w))|(?:(?:€|£|\$|eur|usd|chf)\s?\d[\d.,]*)", re.IGNORECASE)
_PRICE_DEPTH = 5  # containers looked through between a button and its table's prices
_TABLE_TEXT = 3000  # a table of a few products, not the whole piece
# An ad server's click address: an advertisement's offer, whatever price it shows.
_AD_CLICK = re.compile(r"^https?://(?:[\w-]+\.)*(?:doubleclick\.net|googleadservices\.com|adform\.net|adnxs\.com)/", re.IGNORECASE)
_HOLDS_PARAGRAPH = lxml.etree.XPath("boolean(self::p or .//p[string-length(normalize-space()) > 80])")
_CAROUSEL_WORDS = frozenset({"slider", "carousel", "gallery", "slideshow"})


def where_to_buy(links: Sequence[Link], *, site: str | None, base: str | None) -> set[int]:
    """Links a container made furniture that are the piece's after all: in a where-to-buy piece,
    a price table's buttons to the retailers ("Zum Angebot"), the button that closes each item of
    a list piece ("Mehr Info" under each place it presents) and product pictures in a slider
    that lead to another site. A picture is judged by where it leads; a teaser leads to the site's
    own pages, a retailer's offer next to its price is what the piece points its reader to."""
    kept: set[int] = set()
    for index, link in enumerate(links):
        if link.attribute != "href" or link.role not in (RELATED, NAVIGATION):
            continue
        written = link.element.get("href") or ""
        target = link_target(written, base)[0]
        if is_same_site(target, written, site) or is_sister_site(target, site) or not target.startswith(("http://", "https://")) or _AD_CLICK.match(target):
            continue
        if link.role == NAVIGATION and (_button_beside_price(link.element) or _button_closing_list_item(link.element)):
            kept.add(index)
        elif link.role == RELATED and not text_of(link.element) and link.element.find(".//img") is not None and _in_carousel(link.element):
            kept.add(index)
    return kept


# A call to buy ("Hier bestellen!", "Buy now", "Mehr Detail und bestellen!") or a store named as
# where to get a thing ("auf Amazon", "on iTunes"), the link's whole words.
_BUY_CALL = re.compile(
    r"\b(?:bestellen|vorbestellen|kaufen)\b"  # German puts the verb last: "Hier bestellen!"
    r"|^(?:buy|order|purchase|pre-?order|acheter|commander|comprar|compra|acquista|zamów|kup)\b(?!\s+(?:of|by|and)\b)"
    r"|^(?:auf|bei|im|on|at|in|from|sur|en)\s+(?:amazon|itunes|apple music|app store|google play|ebay)\b",
    re.IGNORECASE,
)
_BUY_CALL_WORDS = 8  # a call says little; a sentence that orders something says more


def shop_calls(links: Sequence[Link]) -> dict[int, str]:
    """A link that is a call to buy standing alone on its line ("Hier bestellen!" under a book
    the page presents): the seller's offer, not a source. A store named in a sentence of the
    piece stays a citation, and so does a where-to-buy table's button beside its price."""
    roles: dict[int, str] = {}
    for index, link in enumerate(links):
        if link.attribute != "href" or link.role is not None:
            continue
        anchor = letters(link.anchor)
        if not anchor or len(anchor.split()) > _BUY_CALL_WORDS or not _BUY_CALL.search(anchor):
            continue
        if anchor == letters(link.block.text) and not _button_beside_price(link.element):
            roles[index] = ADVERT
    return roles


def _button_beside_price(element: Element) -> bool:
    if len(letters(text_of(element)).split()) > 4:
        return False  # a button says little
    ancestor = element.getparent()
    for _ in range(_PRICE_DEPTH):
        if ancestor is None:
            return False
        text = collapse_whitespace(element_text(ancestor))
        if len(text) > _TABLE_TEXT or _HOLDS_PARAGRAPH(ancestor):
            return False  # the piece's text around the button, not a table of offers
        if _PRICE.search(text):
            return True
        ancestor = ancestor.getparent()
    return False


_ITEM_HEADING = lxml.etree.XPath("boolean(.//h2 or .//h3 or .//h4)")
_LIST_ITEMS = 3  # items of a list piece; two could be a piece's pair of sections


def _button_closing_list_item(element: Element) -> bool:
    """Whether a button is the link of one item of a list piece: the item (a heading and a
    paragraph about one place or product) is one of several alike, side by side."""
    if len(letters(text_of(element)).split()) > 4:
        return False  # a button says little
    item = element.getparent()
    for _ in range(_PRICE_DEPTH):
        if item is None or item.getparent() is None:
            return False
        if _HOLDS_PARAGRAPH(item):
            break
        item = item.getparent()
    else:
        return False
    if not _ITEM_HEADING(item):
        return False
    alike = [sibling for sibling in item.getparent() if sibling.tag == item.tag and sibling.get("class") == item.get("class")]
    return len(alike) >= _LIST_ITEMS and all(_ITEM_HEADING(sibling) and _HOLDS_PARAGRAPH(sibling) for sibling in alike)


def _in_carousel(element: Element) -> bool:
    for ancestor in element.iterancestors():
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".lower()
        if not _CAROUSEL_WORDS.isdisjoint(re.findall(r"[a-z]+", names)):
            return True
        if ancestor.tag in ("article", "main", "body"):
            return False
    return False


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
