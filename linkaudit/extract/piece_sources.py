"""Links that belong to the piece although where they stand, or how their address looks, reads as
furniture.

The furniture rules drop whole containers (an article's footer), lists of the site's own pages
(teaser lists) and addresses shaped like a site's topic pages. These places inside a piece look like
that and are still its own:

- a source line in the article's footer or its meta row ("Quelle: <a>Golem</a>", "Source:
  <a>Reuters</a>", a "Quelle" button beside the link): the label says the link is where the piece's
  facts come from;
- another site's page linked on words inside a sentence set in a teaser box ("Erfahren Sie <a>hier</a>
  mehr über die Geschichte der Filmstadt"), or anywhere in an <aside> set between two paragraphs of
  the piece (a tour's dates and "Tickets: <a>Eventim</a>, <a>Reservix</a>" in a box inside an item
  on the band): further reading, not a teaser's headline;
- a topic page of the site given under a further-information heading ("Weiterführende
  Informationen", "Further reading"): a reference the piece gives, not a tag label;
- a recipe's ingredients set in a block of their own beside its preparation (a sibling <article>
  "Zutaten" before the steps): the piece, with the articles its ingredients link to;
- a box under such a heading set beside the article ("En savoir plus" in the column next to a press
  release: its PDF, the decree it reports): its documents and other sites' pages are the piece's
  sources, its links to the site's other pages the site's own furniture, an account on a network
  its channel. When the article's text cites nothing, such a box is read even in a column or an
  aside that is the site's furniture by its name (a news item's info column, a press release's
  aside of further links): a piece that links nothing in its text gives its sources, if it has any,
  there; so too a source line set right after such an article in a block of its own ("Quelle: <a>UN
  Program Pushes …</a>" in the widget after the post's text);
- a block set after the article under a heading of its own that offers nothing but files named in
  words (a competition's start lists and results as PDF files under "Wettkampfdaten"): the
  documents the piece reports on, however many, whatever the heading says;
- badges of three or more different licences, each a picture linked to its deed, among the piece's
  blocks (a licence explainer's "by", "by-nc", "by-sa"): the licences it explains, where one
  licence's badge credits a picture.
(The last two are read in piece_files.py.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import lxml.etree

from linkaudit.extract.boilerplate import is_taxonomy_page, link_role, offers_document
from linkaudit.extract.common import element_text, link_target
from linkaudit.extract.container_roles import FOOTER, HEADER, NAVIGATION, RELATED, SOCIAL, container_role, is_aside
from linkaudit.extract.furniture_words import FOLLOW_CALL, FURTHER_HEADINGS, SOURCE_LABEL
from linkaudit.extract.link_blocks import letters
from linkaudit.extract.link_groups import is_profile_url
from linkaudit.extract.link_rows import logo_sections
from linkaudit.extract.piece_files import documents_box, licences_shown
from linkaudit.extract.sites import is_same_site, is_sister_site

if TYPE_CHECKING:
    from linkaudit.extract.html_walk import Link

__all__ = ["further_boxes", "ingredient_blocks", "piece_sources", "side_box_links", "source_line_after"]

Element = lxml.etree._Element

# Containers whose links a source line may still be the piece's: its footer, its meta row (date,
# source, categories as buttons), not a teaser, a comment or a share bar.
_SOURCE_LINE_ROLES = frozenset({FOOTER, NAVIGATION, HEADER})
_SOURCE_LINE = 160  # characters of a footer's source line; more is a paragraph, read by the other rules
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# A recipe's ingredients, by the block's class or its heading.
_INGREDIENT_CLASS = re.compile(r"ingredient|zutaten|ingr[ée]dient", re.IGNORECASE)
_INGREDIENT_HEADINGS = frozenset({"zutaten", "ingredients", "ingrédients", "ingredientes", "ingredienti", "składniki", "ingrediënten"})
_RECIPE_DEPTH = 2  # wrappers around the article whose siblings may be its ingredients
_BESIDE = 5  # wrappers around the article's last block whose later siblings may hold its box
_BOX_LINKS = 8  # a box of the piece's documents and sources is short; a longer one is a site's menu
_HEADING_CHARS = 40
# A box named for the site's other articles is their teaser box, whatever its heading says
# ("cssArticleRelated", "not_relacionadas": names run together, not read word by word).
_RELATED_NAME = re.compile(r"related|relacionad|teaser|recommend|empfehl", re.IGNORECASE)


def piece_sources(links: Sequence[Link], *, site: str | None, base: str | None) -> set[int]:
    """The links (by their index in ``links``) that are the piece's although their container or
    their address reads as furniture: source lines in its footer or its meta row, the site's topic
    pages under a further-information heading, another site's page linked on words of a sentence
    set in a teaser box or in a box among the piece's paragraphs."""
    kept: set[int] = set()
    further: dict[str, bool] = {}  # by heading: the links of one section share the answer
    for index, link in enumerate(links):
        if link.attribute != "href":
            continue
        # The cheap tests first: most links are in neither place, and resolving costs.
        in_footer = link.role in _SOURCE_LINE_ROLES
        among_paragraphs = _box_among_paragraphs(link.element) if link.role == RELATED else None
        in_teaser_box = link.role == RELATED and (among_paragraphs is not None or _is_a_sentence_of_its_own(link.anchor, link.claim))
        if not in_footer and not in_teaser_box:
            heading = link.heading
            if link.role is not None or heading is None:
                continue
            if heading not in further:
                further[heading] = _under_further_heading(heading)
            if not further[heading]:
                continue
        written = link.element.get("href") or ""
        target = link_target(written, base)[0]
        own = is_same_site(target, written, site) or is_sister_site(target, site)
        if in_teaser_box:
            # "Erfahren Sie <a>hier</a> mehr über die Geschichte der Filmstadt" in a box: further
            # reading, unless the link is furniture by itself (a credit, a legal notice).
            if not own and target.startswith(("http://", "https://")) and not _in_sidebar(link.element if among_paragraphs is None else among_paragraphs):
                if link_role(link.element, written, target, site=site, page=None, anchor=link.anchor, claim=link.claim) is None:
                    kept.add(index)
        elif in_footer:
            if not own and (_on_a_source_line(link.anchor, link.claim) or _labelled_as_source(link.element)):
                kept.add(index)
        elif own and is_taxonomy_page(target):
            kept.add(index)
    return kept | licences_shown(links, base) | logo_sections(links, site=site, base=base)


_ASIDE_DEPTH = 6
_PARAGRAPH = 80


def _box_among_paragraphs(element: Element) -> Element | None:
    """The <aside> a link stands in, when it is set between two paragraphs of the piece's prose."""
    box: Element | None = element
    for _ in range(_ASIDE_DEPTH):
        box = box.getparent() if box is not None else None
        if box is None:
            return None
        if box.tag == "aside":
            return box if _prose_beside(box, backwards=True) and _prose_beside(box, backwards=False) else None
    return None


def _prose_beside(element: Element, *, backwards: bool) -> bool:
    sibling = element.getprevious() if backwards else element.getnext()
    while sibling is not None and (not isinstance(sibling.tag, str) or not element_text(sibling).strip()):
        sibling = sibling.getprevious() if backwards else sibling.getnext()
    return sibling is not None and sibling.tag == "p" and len(element_text(sibling)) >= _PARAGRAPH


def _in_sidebar(element: Element) -> bool:
    """Whether a link stands in a sidebar or one of its widgets: the site's, not a box of the piece."""
    return any(is_aside(ancestor) or "widget" in (ancestor.get("class") or "").lower() for ancestor in element.iterancestors())


# A box's line that is the site's own notice: a call to follow it, the licence of its texts.
_HOUSE_LINE = re.compile(r"\blizenz|\blicen[cs]e|\blicencia|\blicenza", re.IGNORECASE)


def _is_a_sentence_of_its_own(anchor: str, claim: str) -> bool:
    """Whether a link stands on a few words of a sentence that says more than the link (a box's
    pointer to another site's account of a subject), not a teaser's headline or a label: a card's
    kicker opens the line it is linked on, a sentence has words before its link."""
    if FOLLOW_CALL.search(claim) or _HOUSE_LINE.search(claim):
        return False  # "You can also follow us on <a>Facebook</a>", "unter einer <a>Creative Commons Lizenz</a>"
    return len(claim) >= len(anchor) + _SENTENCE_AROUND and len(claim.split()) >= _SENTENCE_WORDS and not claim.startswith(anchor)


_SENTENCE_AROUND = 40  # characters of a sentence around its link
_SENTENCE_WORDS = 8


def _on_a_source_line(anchor: str, claim: str) -> bool:
    """Whether a link's line is a source label followed by links alone ("Quelle: Golem",
    "Sources: dpa, Reuters")."""
    if not anchor or len(claim) > _SOURCE_LINE:
        return False
    label = SOURCE_LABEL.match(claim)
    if label is None:
        return False
    rest = claim[label.end() :]
    if label.group(1):
        return anchor in rest
    # Without a colon the label is a word of its own before the link ("Quelle stol.it", set as two
    # buttons): nothing but the link may follow it ("Source code on GitHub" is no source line).
    return rest.startswith(anchor) and not rest[len(anchor) :].strip(" .,;|")


def _labelled_as_source(element: Element) -> bool:
    """Whether the element just before a link is a source label of its own ("<span>Quelle</span>
    <a>stol.it</a>", a meta row set as buttons)."""
    label = element.getprevious()
    if label is None or not isinstance(label.tag, str):
        return False
    if (label.tail or "").strip():
        return False
    text = element_text(label)
    found = SOURCE_LABEL.match(text)
    return found is not None and found.end() == len(text)


def _under_further_heading(heading: str) -> bool:
    return letters(heading).strip(" :.").lower() in FURTHER_HEADINGS


def further_boxes(roots: tuple[Element, ...], *, in_side_columns: bool = False) -> tuple[Element, ...]:
    """The boxes set after the article, beside it or beside a wrapper of it, that a
    further-information heading opens ("<div class='title'>En savoir plus</div><div>…</div>"):
    the block after the heading, when it holds a few links and is no furniture by its name.
    ``in_side_columns`` (for an article whose text cites nothing) also reads the boxes inside the
    article and those in a column or an aside (<aside>, "sidebar") beside it."""
    if not roots:
        return ()
    boxes: list[Element] = []
    if in_side_columns:
        for root in roots:
            boxes.extend(_boxes_in(root, in_side_columns=True))
    element: Element | None = roots[-1]
    for _ in range(_BESIDE):
        if element is None or element.getparent() is None:
            break
        beside = [box for sibling in element.itersiblings() if isinstance(sibling.tag, str) for box in _boxes_in(sibling, in_side_columns=in_side_columns)]
        if beside:
            boxes.extend(beside)
            break
        element = element.getparent()
    return tuple(boxes)


def _boxes_in(element: Element, *, in_side_columns: bool) -> list[Element]:
    if _is_furniture(element, in_side_columns):
        return []
    found = []
    for heading in element.iter(*_HEADING_TAGS, "div", "p", "span", "strong", "button"):
        # The cheap readings of the heading first: most elements head no box.
        if _is_further_heading(heading):
            box = next((box for box in _headed_boxes(heading, element) if _is_a_box(box)), None)
        else:
            box = documents_box(heading)
        if box is not None and not _in_furniture(heading, element, in_side_columns):
            found.append(box)
    return found


def _is_a_box(box: Element) -> bool:
    """A block of a few links that is no furniture by its name."""
    return 0 < sum(1 for _ in box.iter("a")) <= _BOX_LINKS and container_role(box) is None


def _headed_boxes(heading: Element, top: Element) -> Iterator[Element]:
    """What a heading may head, widest first: the wrapper it opens ("<div><h2>…</h2><div>…</div>
    <div>…</div></div>"), the block after it."""
    wrapper = heading.getparent()
    if wrapper is not None and wrapper is not top and next(_elements(wrapper), None) is heading:
        yield wrapper
    box = heading.getnext()
    while box is not None and not isinstance(box.tag, str):
        box = box.getnext()
    if box is not None:
        yield box


def _elements(parent: Element) -> Iterator[Element]:
    return (child for child in parent if isinstance(child.tag, str))


def _in_furniture(heading: Element, top: Element, in_side_columns: bool) -> bool:
    """Whether a container between a heading and the sibling it was found in (that one included)
    is furniture by its name (a site's footer, a sidebar's widget, a box of related articles)."""
    for ancestor in heading.iterancestors():
        if _is_furniture(ancestor, in_side_columns) or _RELATED_NAME.search(f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"):
            return True
        if ancestor is top:
            return False
    return False


def _is_furniture(element: Element, in_side_columns: bool) -> bool:
    """Whether a container is furniture by its name; a column or an aside beside the article is
    not, when ``in_side_columns``."""
    if container_role(element) is None:
        return False
    return not (in_side_columns and _is_side_column(element))


def _is_side_column(element: Element) -> bool:
    """An aside or a column named a sidebar: where a piece's info box may stand beside its text."""
    return is_aside(element) or _SIDEBAR in _WORDS.findall(f"{element.get('class') or ''} {element.get('id') or ''}".lower())


_SIDEBAR = "sidebar"
_WORDS = re.compile(r"[a-z]+")
# A box's heading: a heading element, an element classed as one, or the button that opens the box.
_HEADING_CLASS = re.compile(r"title|headline|heading", re.IGNORECASE)


def _is_further_heading(element: Element) -> bool:
    if element.tag not in _HEADING_TAGS and element.tag != "button" and not _HEADING_CLASS.search(element.get("class") or ""):
        return False
    parent = element.getparent()
    if element.tag not in _HEADING_TAGS and parent is not None and parent.tag in _HEADING_TAGS:
        return False  # "<h2><span class='mw-headline'>External Links</span>[edit]</h2>": the heading is the <h2>
    if len(element) and element.find(".//a") is not None:
        return False
    text = element_text(element)
    return len(text) <= _HEADING_CHARS and _under_further_heading(text)


def side_box_links(links: Sequence[Link], boxes: tuple[Element, ...], *, site: str | None, base: str | None) -> tuple[dict[int, str], set[int]]:
    """The links in a box beside the article (see further_boxes): those to the site's other
    pages, not its documents, are the site's own furniture (by index: their role); the others
    are the piece's sources, whatever their buttons' classes say (by index)."""
    roles: dict[int, str] = {}
    kept: set[int] = set()
    if not boxes:
        return roles, kept
    inside = set(boxes)
    for index, link in enumerate(links):
        if link.attribute != "href" or inside.isdisjoint(link.element.iterancestors()):
            continue
        written = link.element.get("href") or ""
        target = link_target(written, base)[0]
        if (is_same_site(target, written, site) or is_sister_site(target, site)) and not offers_document(target):
            roles[index] = RELATED
        elif is_profile_url(target):
            roles[index] = SOCIAL  # "Weitere Fotos auf der FLVW-Facebook-Seite": an account to follow, not a source
        else:
            kept.add(index)
    return roles, kept


def ingredient_blocks(roots: tuple[Element, ...]) -> tuple[tuple[Element, ...], tuple[Element, ...]]:
    """A recipe's ingredients set beside the article (its preparation) in a block of their own,
    named or headed as such, no furniture by its name: (the blocks before the article, after it)."""
    if not roots:
        return (), ()
    first, last = roots[0], roots[-1]
    element: Element | None = first if first is last else None
    for _ in range(_RECIPE_DEPTH):
        if element is None or element.getparent() is None:
            break
        before = tuple(sibling for sibling in element.itersiblings(preceding=True) if _lists_ingredients(sibling))
        after = tuple(sibling for sibling in element.itersiblings() if _lists_ingredients(sibling))
        if before or after:
            return tuple(reversed(before)), after
        element = element.getparent()
    return (), ()


def _lists_ingredients(element: Element) -> bool:
    if not isinstance(element.tag, str) or container_role(element) is not None:
        return False
    if _INGREDIENT_CLASS.search(element.get("class") or ""):
        return True
    heading = next((child for child in element if isinstance(child.tag, str)), None)
    return heading is not None and heading.tag in _HEADING_TAGS and element_text(heading).strip(" :").lower() in _INGREDIENT_HEADINGS


def source_line_after(roots: tuple[Element, ...]) -> tuple[Element, ...]:
    """The source line set right after the article, beside it or beside a wrapper of it, as a
    block of its own ("<h3><a href='…'>Quelle: UN Program Pushes …</a></h3>" in the widget after
    the post's text): a source label and a colon opening a short line of a few links, no
    furniture by its name. Read for an article whose text cites nothing: its source is there."""
    if not roots:
        return ()
    element: Element | None = roots[-1]
    for _ in range(_BESIDE):
        if element is None or element.getparent() is None:
            break
        following = next((sibling for sibling in element.itersiblings() if isinstance(sibling.tag, str) and letters(element_text(sibling)).strip()), None)
        if following is not None:
            return (following,) if _is_source_line(following) else ()
        element = element.getparent()
    return ()


def _is_source_line(block: Element) -> bool:
    text = " ".join(element_text(block).split())
    if len(text) > _SOURCE_LINE or container_role(block) is not None:
        return False
    label = SOURCE_LABEL.match(text)
    return label is not None and bool(label.group(1)) and 0 < sum(1 for _ in block.iter("a")) <= _BOX_LINKS
