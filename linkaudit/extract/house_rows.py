"""The house's rows of links: a line of nothing but links, one of them the site's own furniture.

Under a piece a site sets a row of its own links ("Reuse this content · The Trust Project",
"Impressum · Über uns · Kontakt"). One of them gives the row away by its own words or address (a
rights service, a legal page, a sign-up); the others, the site's about or contact page, look like
any link to the site. They share the row, so they share its role.

A line of nothing but the site's pages joined by path signs ("El Salvador / judicial", "Home › News")
is the breadcrumb, wherever it stands. A list of the site's pages that holds the page itself ("Baumgutachten (diese Seite)", the current
item of a section's menu) is that section's menu, set beside or inside the piece: the page does
not cite itself, and the pages listed with it are its siblings, not its sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from linkaudit.extract.boilerplate import link_role
from linkaudit.extract.common import link_target
from linkaudit.extract.container_roles import NAVIGATION
from linkaudit.extract.html_walk import Link
from linkaudit.extract.link_blocks import Element, letters, links_by_line, list_item
from linkaudit.extract.sites import is_own_page, is_same_site, is_sister_site

__all__ = ["breadcrumb_lines", "house_rows", "menus_holding_the_page"]

_BETWEEN = 3  # letters a row may hold besides its links ("|", "·", "or")


def house_rows(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """The site's own pages in a line of links where another link is furniture by itself."""
    roles: dict[int, str] = {}
    for (_, claim), indices in links_by_line(links).items():
        if len(indices) < 2 or not _only_links(claim, [links[index].anchor for index in indices]):
            continue
        own, furniture = [], False
        for index in indices:
            link = links[index]
            written = link.element.get("href") or ""
            target = link_target(written, base)[0]
            if link_role(link.element, written, target, site=site, page=None, anchor=link.anchor, claim=claim) is not None:
                furniture = True
            elif is_same_site(target, written, site) or is_sister_site(target, site):
                own.append(index)
        if furniture:
            roles.update(dict.fromkeys(own, NAVIGATION))
    return roles


def _only_links(claim: str, anchors: list[str]) -> bool:
    rest = claim
    for anchor in anchors:
        if not anchor:
            return False  # a picture or an icon: what the row says is not known
        rest = rest.replace(anchor, " ", 1)
    return len(letters(rest).replace(" ", "")) <= _BETWEEN


_MENU_ITEMS = 3  # links in a list; two could be a pair of pages the piece names
_LISTS = frozenset({"ul", "ol"})


def menus_holding_the_page(links: Sequence[Link], *, site: str | None, base: str | None, page: str | None) -> dict[int, str]:
    """The site's own pages in a list of them that also links the page itself (not a jump within
    it): a section's menu."""
    here = _page_key(page)
    if here is None:
        return {}
    name = here[1].rsplit("/", 1)[-1]  # the page's own file name, which a link to it spells out
    if not any(name in (link.element.get("href") or "") for link in links):
        return {}
    by_list: dict[Element, list[int]] = {}
    for index, link in enumerate(links):
        item = list_item(link.element) if link.attribute == "href" else None
        owner = item.getparent() if item is not None else None
        if owner is not None and owner.tag in _LISTS:
            by_list.setdefault(owner, []).append(index)
    roles: dict[int, str] = {}
    for indices in by_list.values():
        if len(indices) < _MENU_ITEMS:
            continue
        targets = {}
        for index in indices:
            written = links[index].element.get("href") or ""
            target = link_target(written, base)[0]
            if not (is_same_site(target, written, site) or is_sister_site(target, site)):
                break
            targets[index] = (written, target)
        else:
            itself = [index for index, (written, target) in targets.items() if "#" not in written and _page_key(target) == here]
            if itself:
                roles.update((index, NAVIGATION) for index in indices if index not in itself)
    return roles


def _page_key(url: str | None) -> tuple[str, str, str] | None:
    """A page's address as a site's links may spell it: without scheme, "www.", fragment or a
    closing slash."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return (parts.hostname or "").removeprefix("www."), parts.path.rstrip("/"), parts.query


_PATH_SIGNS = "/›>»→"
_ONLY_PATH_SIGNS = re.compile(f"^[\\s{_PATH_SIGNS}]*$")


def breadcrumb_lines(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """The site's own pages in a line of nothing but links joined by path signs: a breadcrumb."""
    roles: dict[int, str] = {}
    for (_, claim), indices in links_by_line(links).items():
        if len(indices) < 2 or not any(sign in claim for sign in _PATH_SIGNS):
            continue
        rest = claim
        for index in indices:
            anchor = links[index].anchor
            if not anchor:
                break
            rest = rest.replace(anchor, " ", 1)
        else:
            if _ONLY_PATH_SIGNS.match(rest) and all(is_own_page(links[index].element.get("href") or "", site=site, base=base) for index in indices):
                roles.update(dict.fromkeys(indices, NAVIGATION))
    return roles


