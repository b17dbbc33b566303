"""Which elements of a full HTML page are the article, found by where its prose is.

The first `<article>`, `<main>` or `itemprop=articleBody` on a page is often not the piece: a
reader comment, a teaser, an empty landmark. So markers only confirm what the text says. Every
paragraph of prose (text that is not mostly link text, outside navigation, banners, sidebars and
comment sections) scores its parent by its length and its grandparent by half of it, the way
Readability does; the best-scoring element, less the share of its text that is link text, is the
core of the article. It widens to an ancestor holding much more of the prose (an article cut into
content blocks or table cells) as long as what that adds is not mostly links. The article is then
the nearest named body container around the core when there is one that adds few links (a header,
a byline, tags, a share bar: not a site's menus), else the core with those of its siblings that
are prose too.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.etree

from linkaudit.extract.article_blocks import WIDER, article_blocks
from linkaudit.extract.article_notes import notes_outside
from linkaudit.extract.container_roles import HEADER, RELATED, SOCIAL, TAG, container_role, is_embedded_post
from linkaudit.extract.prose import LINK_DENSE, ProseSurvey, text_length

__all__ = ["NO_PROSE", "ArticleBody", "body_marker", "choose_body", "text_length"]

Element = lxml.etree._Element

# Where CMSs put the article body, surest first; itemprop=articleBody is surer than all of them.
_BODY_CLASSES = (
    "entry-content",
    "post-content",
    "article-body",
    "article-content",
    "article__body",
    "articlebody",
    "story-body",
    "post-body",
    "content-body",
    "post-entry",
    "article-text",
    "story-content",
)
_NAMED_TAGS = frozenset({"article", "main"})
_MENU_DENSITY = 0.35  # a named container whose text is more link text than this is a menu
_FEW_LINKS = 25  # a header, a byline, a tag list and a share bar; more is a site's menus
_PASS_THROUGH = 2  # wrappers without more prose crossed on the way to an ancestor that has it
_TOGGLE_LINKS = 2  # links a wrapper may add and still not count among them (a section's toggle, its anchor)
# A page with less prose than this outside its furniture is a stub (a paywall's first sentence, a
# teaser) read for its own links, not the page's menus around it; or, when most of its prose sits
# in what reads as furniture, a page taken whole with its furniture told apart link by link.
_LITTLE_PROSE = 200
# Found by, for a page without a paragraph of prose outside its furniture (a paywall, a shop's
# product grid, a page drawn by its scripts): no article, so none of the page's links are citations.
NO_PROSE = "no article prose on the page"
# Found by, for a page with next to no text at all (a note, a page drawn by its scripts): read whole.
NOTE = "whole page: a note"
# Roles a link's own class may give it ("js-article-topic-teaser", "tag-link") that a link inside a
# sentence of the piece does not have; and how much text around a link makes a sentence of it.
_LINK_LABELS = frozenset({RELATED, TAG})
_POST_WRAPPERS = frozenset({SOCIAL, RELATED})
_SENTENCE_AROUND = 40
# A header with a paragraph of prose this long holds the piece's lead, not only its title and byline.
_STANDFIRST = 100


@dataclass(frozen=True, slots=True)
class ArticleBody:
    """The elements whose links are the piece's, in document order, and how they were found."""

    roots: tuple[Element, ...]
    found_by: str
    _survey: ProseSurvey | None = None

    @property
    def prose_found(self) -> bool:
        """Whether the page's markup holds prose of an article (its text, or a stub of it)."""
        return self.found_by not in (NO_PROSE, NOTE)

    def prose_in(self, element: Element) -> int:
        """How much of the page's prose an element holds (characters)."""
        return self._survey.prose_in(element) if self._survey is not None else 0

    def role_of(self, element: Element) -> str | None:
        """The furniture role of a container inside the article (see container_roles.container_role);
        none for a container that holds half the article's prose, whatever its name says."""
        if self._survey is None:
            return container_role(element)
        role = self._survey.announced_role(element)
        if role is None:
            return None
        if role == HEADER and self._survey.holds_own_prose(element) >= _STANDFIRST:
            return None  # the piece's lead paragraph, set in its header
        if role in _LINK_LABELS and _is_one_link(element) and _inside_a_sentence(element):
            # A name in the text the CMS links to its topic page, classed "topic-teaser" on the
            # link or on a span around it ("<span class='wp_keywordlink'><a>Google</a></span>").
            return None
        if role in _POST_WRAPPERS and is_embedded_post(element):
            # A network's post the piece quotes, in a wrapper named for the network or set aside
            # among the paragraphs ("<aside class='artCmp'><blockquote class='twitter-tweet'>").
            return None
        return None if self._survey.holds_most_prose(element) else role


def body_marker(element: Element) -> str | None:
    """The name of the body marker an element carries, or None."""
    if element.get("itemprop") == "articleBody":  # read by get, not a view of the attributes made for it
        return "itemprop=articleBody"
    classes = element.get("class")
    if classes:
        names = classes.lower().split()
        for name in _BODY_CLASSES:
            if name in names:
                return f"class {name}"
    tag = element.tag
    if tag in _NAMED_TAGS:
        return f"<{tag}>"
    if element.get("role") == "main":
        return "role=main"
    return None


def _marks_body(element: Element) -> bool:
    """Whether a CMS marks an element as the article body by its class or itemprop (a landmark
    such as <article> or <main> may wrap the page's furniture too)."""
    marker = body_marker(element)
    return marker is not None and not marker.startswith("<") and container_role(element) is None


def choose_body(whole: Element) -> ArticleBody:
    """The article inside ``whole`` (a page's <body>)."""
    survey = ProseSurvey(whole, _marks_body)
    if survey.total < _LITTLE_PROSE:
        if survey.holds_own_prose(whole) >= max(_LITTLE_PROSE, 2 * (survey.total + survey.footer_prose)):
            # The page's text is in containers read as furniture (a forum thread's posts, a post
            # set in headings beside a cookie notice): taken whole, its furniture told apart.
            return ArticleBody((whole,), "whole page: its prose in furniture", survey)
        if not survey.total:
            if text_length(whole) < _LITTLE_PROSE:
                return ArticleBody((whole,), NOTE, survey)
            return ArticleBody((), NO_PROSE, survey)
    core = _widened(survey, _densest(survey))
    named = _named_container(survey, core)
    if named is not None:
        # An article cut into sections may carry the marker on each of them.
        marker = body_marker(named)
        parent = named.getparent()
        roots = (named,)
        if parent is not None and not marker.startswith("<"):  # a class or itemprop, not <article> teasers
            roots = tuple(sibling for sibling in parent if sibling is named or (body_marker(sibling) == marker and container_role(sibling) is None))
        return ArticleBody(roots + notes_outside(roots), f"{marker} around the densest prose", survey)
    roots = article_blocks(survey, core)
    return ArticleBody(roots + notes_outside(roots), "densest prose", survey)


def _densest(survey: ProseSurvey) -> Element:
    """The element most of the prose hangs from, discounted by its share of link text."""
    scores: dict[Element, float] = {}
    for block, weight in survey.weights.items():
        parent = block.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + weight
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + weight / 2
    if not scores:
        return survey.whole
    # max() by score less its link share, without measuring the link share of an element whose
    # score alone is no more than the best found (the share only lowers it): the same element.
    best, best_value = survey.whole, float("-inf")
    for element, score in scores.items():
        if score > best_value and (value := score * (1 - survey.link_density(element))) > best_value:
            best, best_value = element, value
    return best


def _widened(survey: ProseSurvey, core: Element) -> Element:
    """The core, or the ancestor of it that holds much more of the prose without being mostly
    links: an article cut into several content blocks (or table cells) is taken whole."""
    # Wrappers that add no prose are passed through: a CMS nests each content block in several.
    # Only a few that add links, though: further up they are the page's layout.
    element = core
    parent = element.getparent()
    passed = 0
    while parent is not None and parent is not survey.whole and passed <= _PASS_THROUGH:
        if not _adds_no_menu(survey, element, parent):
            break
        if survey.prose_in(parent) >= WIDER * survey.prose_in(element):
            element, passed = parent, 0
        elif survey.link_count(parent) > survey.link_count(element) + _TOGGLE_LINKS:
            passed += 1  # a wrapper around a link or two more (an accordion's toggle) is still a wrapper
        parent = parent.getparent()
    return element


def _named_container(survey: ProseSurvey, core: Element) -> Element | None:
    """The nearest body container around (or at) the core that is not mostly links."""
    element: Element | None = core
    while element is not None and element is not survey.whole:
        if body_marker(element) is not None and container_role(element) is None:
            return element if _adds_no_menu(survey, core, element) else None
        element = element.getparent()
    return None


def _adds_no_menu(survey: ProseSurvey, core: Element, container: Element) -> bool:
    """Whether what a container holds besides the core is not mostly links (a site's menus
    inside its <main>, say)."""
    if survey.link_density(container) > _MENU_DENSITY:
        return False
    core_total, core_linked = survey.lengths(core)
    total, linked = survey.lengths(container)
    added, added_links = total - core_total, linked - core_linked
    if added_links <= 0.1 * total:
        return True
    added_count = survey.link_count(container) - survey.link_count(core)
    return added_links <= LINK_DENSE * added and added_count <= _FEW_LINKS


_INLINE_WRAPPERS = frozenset({"span", "em", "strong", "b", "i"})


def _is_one_link(element: Element) -> bool:
    """Whether an element is a link, or an inline wrapper holding one link and nothing else."""
    if element.tag == "a":
        return True
    if element.tag not in _INLINE_WRAPPERS or (element.text or "").strip() or len(element) != 1:
        return False
    link = element[0]
    return link.tag == "a" and not (link.tail or "").strip()


def _inside_a_sentence(link: Element) -> bool:
    """Whether a link is a few words of a paragraph of prose, not a label standing alone."""
    parent = link.getparent()
    if parent is None or parent.tag != "p":
        return False
    return text_length(parent) >= text_length(link) + _SENTENCE_AROUND
