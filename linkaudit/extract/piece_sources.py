"""Links that belong to the piece although where they stand, or how their address looks, reads as
furniture.

The furniture rules drop whole containers (an article's footer), lists of the site's own pages
(teaser lists) and addresses shaped like a site's topic pages. Three places inside a piece look like
that and are still its own:

- a source line in the article's footer ("Quelle: <a>Golem</a>", "Source: <a>Reuters</a>"): the
  label says the link is where the piece's facts come from;
- a list of the site's own articles nested in a list item of the piece's prose (see
  enumerations.py, read as the page is walked);
- a topic page of the site given under a further-information heading ("Weiterführende
  Informationen", "Further reading"): a reference the piece gives, not a tag label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from linkaudit.extract.boilerplate import is_taxonomy_page
from linkaudit.extract.common import link_target
from linkaudit.extract.container_roles import FOOTER
from linkaudit.extract.link_blocks import letters
from linkaudit.extract.sites import is_same_site, is_sister_site

if TYPE_CHECKING:
    from linkaudit.extract.html_walk import Link

__all__ = ["piece_sources"]

# A line that opens with the label of a source, in the languages of the pages read: German,
# English, Spanish, Portuguese, Italian, French, Dutch, Swedish, Danish/Norwegian, Polish.
_SOURCE_LABEL = re.compile(
    r"\s*(?:quellen?|sources?|fuentes?|fontes?|fonti|bronn?(?:en)?|källa|källor|kilder?|źródło|źródła|via)\s*:\s*",
    re.IGNORECASE,
)
_SOURCE_LINE = 160  # characters of a footer's source line; more is a paragraph, read by the other rules
# Headings of a box of references after a piece (by their letters only, lower case). Not "Mehr zum
# Thema" or "Related": those announce the site's other articles.
_FURTHER_HEADINGS = frozenset(
    {
        "weiterführende informationen",
        "weiterführende links",
        "weitere informationen",
        "mehr informationen",
        "further information",
        "further reading",
        "more information",
        "useful links",
        "external links",
        "pour en savoir plus",
        "liens utiles",
        "para saber más",
        "enlaces de interés",
        "per saperne di più",
        "link utili",
    }
)


def piece_sources(links: Sequence[Link], *, site: str | None, base: str | None) -> set[int]:
    """The links (by their index in ``links``) that are the piece's although their container or
    their address reads as furniture: source lines in its footer, the site's topic pages under
    a further-information heading."""
    kept: set[int] = set()
    for index, link in enumerate(links):
        if link.attribute != "href":
            continue
        written = link.element.get("href") or ""
        target = link_target(written, base)[0]
        own = is_same_site(target, written, site) or is_sister_site(target, site)
        if link.role == FOOTER and not own and _on_a_source_line(link.anchor, link.claim):
            kept.add(index)
        elif link.role is None and own and is_taxonomy_page(target) and _under_further_heading(link.heading):
            kept.add(index)
    return kept


def _on_a_source_line(anchor: str, claim: str) -> bool:
    """Whether a link's line is a source label followed by links alone ("Quelle: Golem",
    "Sources: dpa, Reuters")."""
    if not anchor or len(claim) > _SOURCE_LINE:
        return False
    label = _SOURCE_LABEL.match(claim)
    return label is not None and anchor in claim[label.end() :]


def _under_further_heading(heading: str | None) -> bool:
    return heading is not None and letters(heading).strip(" :.").lower() in _FURTHER_HEADINGS
