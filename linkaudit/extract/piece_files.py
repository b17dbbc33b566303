"""Files and licences a piece shows as its subject, where their links look like furniture: a block
of the documents it reports on under a heading of its own after it, the badges of the licences it
explains.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import lxml.etree

from linkaudit.extract.boilerplate import offers_document
from linkaudit.extract.common import element_text, link_target
from linkaudit.extract.container_roles import container_role
from linkaudit.extract.link_blocks import letters

if TYPE_CHECKING:
    from linkaudit.extract.html_walk import Link

__all__ = ["documents_box", "licences_shown"]

Element = lxml.etree._Element

_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_HEADING_CHARS = 40


def documents_box(heading: Element) -> Element | None:
    """The block under a heading of its own that offers nothing but documents ("Wettkampfdaten"
    over the competition's start lists and results as PDF files): the files the piece reports
    on, however many, whatever the heading says. A block with a page among its links is a menu."""
    if heading.tag not in _HEADING_TAGS or len(element_text(heading)) > _HEADING_CHARS or heading.find(".//a") is not None:
        return None
    box = heading.getnext()
    while box is not None and not isinstance(box.tag, str):
        box = box.getnext()
    if box is None:
        return None
    links = list(box.iter("a"))
    # Each file named in words: a banner picture linked to a file is an advert ("Redakteure gesucht!").
    if not links or not all(offers_document(link.get("href") or "") and letters(element_text(link)).strip() for link in links):
        return None
    return None if any(container_role(inner) is not None for inner in box.iter()) else box  # an advert inside: the site's


# A licence's deed: linked from a picture's credit, or shown by the piece that explains licences.
_LICENCE_DEED = re.compile(r"^https?://(?:[a-z0-9-]+\.)*creativecommons\.org/(?:licenses|publicdomain)/", re.IGNORECASE)
_LICENCES_SHOWN = 3  # different licences' badges; one or two credit the pictures of the piece


def licences_shown(links: Sequence[Link], base: str | None) -> set[int]:
    """Badges of three or more different licences, each a picture linked to its deed, in the
    piece's own blocks (a licence explainer's "by", "by-nc", "by-nd" … under the text that
    explains them): the licences the piece is about, not a credit of its pictures."""
    badges: dict[str, list[int]] = {}
    for index, link in enumerate(links):
        if link.attribute != "href" or link.role is not None or "creativecommons" not in link.written:
            continue
        target = link_target(link.written, base)[0]
        if _LICENCE_DEED.match(target) and link.element.find(".//img") is not None and not letters(element_text(link.element)).strip():
            badges.setdefault(target, []).append(index)
    if len(badges) < _LICENCES_SHOWN:
        return set()
    return {index for indices in badges.values() for index in indices}
