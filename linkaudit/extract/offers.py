"""Where the piece sends its reader to buy or to act, and the site's own calls to buy: a price
table's buttons to the retailers, the button closing each item of a list piece, a slider's product
pictures, a button among the piece's blocks to the page it presents, all citations; a call to buy
standing alone on its line, the seller's offer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

import lxml.etree

from linkaudit.extract.boilerplate import is_site_search, link_role
from linkaudit.extract.common import collapse_whitespace, element_text, link_target
from linkaudit.extract.container_roles import ADVERT, NAVIGATION, RELATED, container_role, is_button
from linkaudit.extract.html_walk import Link
from linkaudit.extract.link_blocks import Element, letters, text_of
from linkaudit.extract.sites import is_same_site, is_sister_site, registered_domain

__all__ = ["piece_buttons", "shop_calls", "where_to_buy"]


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


def piece_buttons(links: Sequence[Link], *, site: str | None, base: str | None) -> set[int]:
    """Buttons under a picture among the piece's own blocks that lead to another site's page
    ("Open Account" under the picture of the exchange a review presents): where the piece sends
    its reader, not the site's call to act. Only a button in words named so by its own class,
    in no menu, and no furniture by its address or words (a search, an ad server's click, a
    donation)."""
    kept: set[int] = set()
    for index, link in enumerate(links):
        if link.attribute != "href" or link.role != NAVIGATION or not is_button(link.element) or _in_a_menu(link.element):
            continue
        if not _under_a_picture(link.element):
            continue  # a button after a paragraph or alone: the site's call to act (an app, a partner)
        if not letters(text_of(link.element)).strip():
            continue  # an icon ("follow us", an app store's logo): a button of the piece says where it leads
        written = link.element.get("href") or ""
        target = link_target(written, base)[0]
        if is_same_site(target, written, site) or is_sister_site(target, site) or not target.startswith(("http://", "https://")):
            continue
        if _named_after(target, site):
            continue  # the site's own tool on a platform ("chefkoch-einkaufsliste.firebaseapp.com")
        if _AD_CLICK.match(target) or is_site_search(target):
            continue
        if link_role(link.element, written, target, site=site, page=None, anchor=link.anchor, claim=link.claim) is None:
            kept.add(index)
    return kept


_PICTURE_DEPTH = 3  # wrappers climbed from a button to the block that stands under a picture


def _under_a_picture(element: Element) -> bool:
    """Whether a button stands right under a picture of the piece (a figure, or a block showing a
    picture and no words, linked nowhere): the picture of the thing it leads to, as a card in a
    review shows."""
    current: Element | None = element
    for _ in range(_PICTURE_DEPTH):
        if current is None:
            return False
        before = current.getprevious()
        while before is not None and (not isinstance(before.tag, str) or _is_blank(before)):
            before = before.getprevious()
        if before is not None:
            # A picture linked to a page is a teaser card (a book the house sells), not the piece's.
            shows_picture = before.tag in ("figure", "img") or (before.find(".//img") is not None and not letters(element_text(before)).strip())
            return shows_picture and before.tag != "a" and before.find(".//a") is None
        current = current.getparent()
    return False


def _is_blank(element: Element) -> bool:
    return element.tag != "img" and element.find(".//img") is None and not letters(element_text(element)).strip()


def _named_after(url: str, site: str | None) -> bool:
    """Whether another host's name holds the site's ("chefkoch-einkaufsliste" for chefkoch.de)."""
    if site is None:
        return False
    name = registered_domain(site).split(".")[0]
    host = (urlsplit(url).hostname or "").lower()
    return len(name) >= _SITE_NAME_MIN and name in host


_SITE_NAME_MIN = 4  # a name of three letters ("ard", "orf") turns up inside other hosts' names by chance


def _in_a_menu(element: Element) -> bool:
    """Whether a container named as the site's navigation holds the link (the button's own class
    aside): then the menu, not the button, made it furniture."""
    for ancestor in element.iterancestors():
        if ancestor.tag in _PIECE_LANDMARKS:
            return False
        if container_role(ancestor) == NAVIGATION:
            return True
    return False


_PIECE_LANDMARKS = frozenset({"article", "main", "body"})


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
