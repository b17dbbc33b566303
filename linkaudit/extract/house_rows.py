"""The house's rows of links: a line of nothing but links, one of them the site's own furniture.

Under a piece a site sets a row of its own links ("Reuse this content · The Trust Project",
"Impressum · Über uns · Kontakt"). One of them gives the row away by its own words or address (a
rights service, a legal page, a sign-up); the others, the site's about or contact page, look like
any link to the site. They share the row, so they share its role.
"""

from __future__ import annotations

from collections.abc import Sequence

from linkaudit.extract.boilerplate import link_role
from linkaudit.extract.common import link_target
from linkaudit.extract.container_roles import NAVIGATION
from linkaudit.extract.html_walk import Link
from linkaudit.extract.link_blocks import letters, links_by_line
from linkaudit.extract.sites import is_same_site, is_sister_site

__all__ = ["house_rows"]

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
