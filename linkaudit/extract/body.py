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

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.etree

from linkaudit.extract.boilerplate import FOOTER, HEADER, RELATED, TAG, container_role, is_aside

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
# Paragraphs, and containers with text of their own (most wrappers have none: XPath skips them fast).
_CANDIDATE_BLOCKS = lxml.etree.XPath(
    ".//p | .//pre | .//*[self::div or self::section or self::td or self::blockquote or self::dd or self::li]"
    "[text()[normalize-space()] or font]"
)
_OWN_TEXT_TAGS = frozenset({"div", "section", "td", "blockquote", "dd", "li"})
_INLINE_TAGS = frozenset(
    {"a", "em", "strong", "b", "i", "u", "span", "code", "abbr", "cite", "q", "small", "sup", "sub", "mark", "font", "time"}
)
_PROSE_MIN_CHARS = 25
_LINK_DENSE = 0.5  # a block whose text is more than half link text is a list of links, not prose
_MENU_DENSITY = 0.35  # a named container whose text is more link text than this is a menu
_FEW_LINKS = 25  # a header, a byline, a tag list and a share bar; more is a site's menus
_PASS_THROUGH = 2  # wrappers without more prose crossed on the way to an ancestor that has it
_TOGGLE_LINKS = 2  # links a wrapper may add and still not count among them (a section's toggle, its anchor)
_BARE_LINKS = 2  # a list of links set bare after an item's text; one alone may be an advert
_WIDER = 1.3  # an ancestor with this much more of the page's prose than the core is the article
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "»", ")")
# A page with less prose than this outside its furniture is a stub (a paywall's first sentence, a
# teaser) read for its own links, not the page's menus around it; or, when most of its prose sits
# in what reads as furniture, a page taken whole with its furniture told apart link by link.
_LITTLE_PROSE = 200
# Found by, for a page without a paragraph of prose outside its furniture (a paywall, a shop's
# product grid, a page drawn by its scripts): no article, so none of the page's links are citations.
NO_PROSE = "no article prose on the page"
# Roles a link's own class may give it ("js-article-topic-teaser", "tag-link") that a link inside a
# sentence of the piece does not have; and how much text around a link makes a sentence of it.
_LINK_LABELS = frozenset({RELATED, TAG})
_SENTENCE_AROUND = 40
# A header with a paragraph of prose this long holds the piece's lead, not only its title and byline.
_STANDFIRST = 100


@dataclass(frozen=True, slots=True)
class ArticleBody:
    """The elements whose links are the piece's, in document order, and how they were found."""

    roots: tuple[Element, ...]
    found_by: str
    _survey: _Survey | None = None

    def prose_in(self, element: Element) -> int:
        """How much of the page's prose an element holds (characters)."""
        return self._survey.prose_in(element) if self._survey is not None else 0

    def role_of(self, element: Element) -> str | None:
        """The furniture role of a container inside the article (see boilerplate.container_role);
        none for a container that holds half the article's prose, whatever its name says."""
        role = container_role(element)
        if role is None or self._survey is None:
            return role
        if role == HEADER and self._survey.holds_own_prose(element) >= _STANDFIRST:
            return None  # the piece's lead paragraph, set in its header
        if element.tag == "a" and role in _LINK_LABELS and _inside_a_sentence(element):
            return None  # a name in the text the CMS links to its topic page, classed "topic-teaser"
        return None if self._survey.holds_most_prose(element) else role


def body_marker(element: Element) -> str | None:
    """The name of the body marker an element carries, or None."""
    attributes = element.attrib
    if attributes.get("itemprop") == "articleBody":
        return "itemprop=articleBody"
    classes = attributes.get("class")
    if classes:
        names = classes.lower().split()
        for name in _BODY_CLASSES:
            if name in names:
                return f"class {name}"
    tag = element.tag
    if tag in _NAMED_TAGS:
        return f"<{tag}>"
    if attributes.get("role") == "main":
        return "role=main"
    return None


def choose_body(whole: Element) -> ArticleBody:
    """The article inside ``whole`` (a page's <body>)."""
    survey = _Survey(whole)
    if survey.total < _LITTLE_PROSE:
        if survey.holds_own_prose(whole) >= max(_LITTLE_PROSE, 2 * (survey.total + survey.footer_prose)):
            # The page's text is in containers read as furniture (a forum thread's posts, a post
            # set in headings beside a cookie notice): taken whole, its furniture told apart.
            return ArticleBody((whole,), "whole page: its prose in furniture", survey)
        if not survey.total:
            if text_length(whole) < _LITTLE_PROSE:
                return ArticleBody((whole,), "whole page: a note", survey)
            return ArticleBody((), NO_PROSE, survey)
    core = survey.widened(survey.core())
    named = survey.named_container(core)
    if named is not None:
        # An article cut into sections may carry the marker on each of them.
        marker = body_marker(named)
        parent = named.getparent()
        roots = (named,)
        if parent is not None and not marker.startswith("<"):  # a class or itemprop, not <article> teasers
            roots = tuple(sibling for sibling in parent if sibling is named or (body_marker(sibling) == marker and container_role(sibling) is None))
        return ArticleBody(roots, f"{marker} around the densest prose", survey)
    return ArticleBody(_with_reference_lists(survey.with_prose_siblings(core)), "densest prose", survey)


class _Survey:
    """Prose paragraphs of a page and the scores they give their ancestors."""

    def __init__(self, whole: Element) -> None:
        self.whole = whole
        self._text_lengths: dict[Element, tuple[int, int]] = {}
        self._link_counts: dict[Element, int] = {}
        weights = {block: weight for block in _CANDIDATE_BLOCKS(whole) if (weight := self._prose_weight(block))}
        self.total, totals = _totals(weights)
        self._all_prose = totals
        # Prose inside furniture (a comment, a teaser, an author box, a menu) is not the article's;
        # a container that holds most of the page's prose is no furniture, whatever its name says.
        self._most = self.total / 2
        # Each element's furniture role, "" for none.
        furniture: dict[Element, str] = {whole: ""}
        furniture.update(dict.fromkeys(_teaser_cards(whole), RELATED))
        for block in weights:
            path: list[Element] = []
            element: Element | None = block
            verdict = ""
            while element is not None:
                known = furniture.get(element)
                if known is not None:
                    verdict = known
                    break
                path.append(element)
                if totals[element] < self._most or is_aside(element):
                    role = container_role(element)
                    if role is not None:
                        verdict = role
                        break
                element = element.getparent()
            for visited in path:
                furniture[visited] = verdict
        self.weights = {block: weight for block, weight in weights.items() if not furniture[block]}
        # A footer's prose is the site's, never a thread's posts (see choose_body).
        self.footer_prose = sum(weight for block, weight in weights.items() if furniture[block] == FOOTER)
        self.total, self._prose_totals = _totals(self.weights)

    def holds_own_prose(self, element: Element) -> int:
        """How much prose an element holds, furniture or not (characters)."""
        return self._all_prose.get(element, 0)

    def holds_most_prose(self, element: Element) -> bool:
        return self._prose_totals.get(element, 0) >= self._most

    def _prose_weight(self, block: Element) -> int:
        if block.tag in _OWN_TEXT_TAGS:
            own = _visible_length((block.text or "") + "".join(child.tail or "" for child in block))
            own += sum(self._lengths(child)[0] for child in block if child.tag in _INLINE_TAGS)
            if own < _PROSE_MIN_CHARS:
                return 0
            total, linked = own, sum(self._lengths(child)[1] for child in block if child.tag in _INLINE_TAGS)
        else:
            total, linked = self._lengths(block)
        if not total or linked > _LINK_DENSE * total:
            return 0
        return total - linked

    def _lengths(self, element: Element) -> tuple[int, int]:
        """Characters of visible text in an element, and how many of them are link text."""
        known = self._text_lengths.get(element)
        if known is None:
            total = text_length(element)
            # A link's length is asked again for each container around it: kept with the rest.
            linked = total if element.tag == "a" else sum(self._lengths(link)[0] for link in element.iter("a"))
            known = self._text_lengths[element] = (total, linked)
        return known

    def _link_count(self, element: Element) -> int:
        known = self._link_counts.get(element)
        if known is None:
            known = self._link_counts[element] = sum(1 for _ in element.iter("a"))
        return known

    def _link_density(self, element: Element) -> float:
        total, linked = self._lengths(element)
        return linked / total if total else 1.0

    def core(self) -> Element:
        """The element most of the prose hangs from, discounted by its share of link text."""
        scores: dict[Element, float] = {}
        for block, weight in self.weights.items():
            parent = block.getparent()
            if parent is None:
                continue
            scores[parent] = scores.get(parent, 0.0) + weight
            grandparent = parent.getparent()
            if grandparent is not None:
                scores[grandparent] = scores.get(grandparent, 0.0) + weight / 2
        if not scores:
            return self.whole
        return max(scores, key=lambda element: scores[element] * (1 - self._link_density(element)))

    def widened(self, core: Element) -> Element:
        """The core, or the ancestor of it that holds much more of the prose without being mostly
        links: an article cut into several content blocks (or table cells) is taken whole."""
        # Wrappers that add no prose are passed through: a CMS nests each content block in several.
        # Only a few that add links, though: further up they are the page's layout.
        element = core
        parent = element.getparent()
        passed = 0
        while parent is not None and parent is not self.whole and passed <= _PASS_THROUGH:
            if not self._adds_no_menu(element, parent):
                break
            if self._prose_in(parent) >= _WIDER * self._prose_in(element):
                element, passed = parent, 0
            elif self._link_count(parent) > self._link_count(element) + _TOGGLE_LINKS:
                passed += 1  # a wrapper around a link or two more (an accordion's toggle) is still a wrapper
            parent = parent.getparent()
        return element

    def prose_in(self, element: Element) -> int:
        return self._prose_in(element)

    def _prose_in(self, element: Element) -> int:
        return self._prose_totals.get(element, 0)

    def named_container(self, core: Element) -> Element | None:
        """The nearest body container around (or at) the core that is not mostly links."""
        element: Element | None = core
        while element is not None and element is not self.whole:
            if body_marker(element) is not None and container_role(element) is None:
                return element if self._adds_no_menu(core, element) else None
            element = element.getparent()
        return None

    def _adds_no_menu(self, core: Element, container: Element) -> bool:
        """Whether what a container holds besides the core is not mostly links (a site's menus
        inside its <main>, say)."""
        if self._link_density(container) > _MENU_DENSITY:
            return False
        core_total, core_linked = self._lengths(core)
        total, linked = self._lengths(container)
        added, added_links = total - core_total, linked - core_linked
        if added_links <= 0.1 * total:
            return True
        added_count = self._link_count(container) - self._link_count(core)
        return added_links <= _LINK_DENSE * added and added_count <= _FEW_LINKS

    def _is_more_of_the_same(self, sibling: Element, threshold: int) -> bool:
        """Much prose, or nothing but a sentence or two (a short closing paragraph with its source)."""
        prose = self._prose_in(sibling)
        if not prose:
            return False
        density = self._link_density(sibling)
        if prose >= threshold and density < 0.25:
            return True
        text = "".join(sibling.itertext()).strip()
        return density < _LINK_DENSE and prose >= 0.5 * len(text) and text.endswith(_SENTENCE_ENDS)

    def with_prose_siblings(self, core: Element) -> tuple[Element, ...]:
        """The core and its siblings that are prose as well (an article split over blocks)."""
        parent = core.getparent()
        if parent is None or core is self.whole:
            return (core,)
        core_prose = self._prose_in(core)
        threshold = max(_PROSE_MIN_CHARS * 4, core_prose // 5)
        kept = []
        for sibling in parent:
            if sibling is core:
                kept.append(sibling)
            elif isinstance(sibling.tag, str) and container_role(sibling) is None:
                if self._is_more_of_the_same(sibling, threshold):
                    kept.append(sibling)
        if len(kept) > 1 and len(kept) == sum(1 for child in parent if isinstance(child.tag, str)):
            return self._with_prose_blocks_around(parent)
        if self._closes_with_bare_links(parent, kept):
            return (parent,)
        if len(kept) == 1:
            blocks = self._with_blocks_of_its_kind(core)
            return blocks if len(blocks) > 1 else self._with_prose_blocks_around(core)
        return tuple(kept)

    def _closes_with_bare_links(self, parent: Element, kept: list[Element]) -> bool:
        """Whether the item the article's blocks sit in lists its links after them as bare links,
        its other blocks furniture or without links (a news item's "Links:" to the events it
        reports, below its byline and above its comments): the item is read whole."""
        after = False
        bare = 0
        for child in parent:
            if child is kept[-1]:
                after = True
            if child in kept or not isinstance(child.tag, str):
                continue
            if child.tag == "a":
                if after and child.get("href") and text_length(child):
                    bare += 1
                    continue
                return False
            if container_role(child) is None and self._link_count(child):
                return False
        return bare >= _BARE_LINKS

    def _with_prose_blocks_around(self, core: Element) -> tuple[Element, ...]:
        """A core, with the prose blocks beside it or beside its section that are of its kind
        (the same first class): an article cut into sections ("detail-body first-paragraph",
        "detail-body second-paragraph", "detail-body"), between a teaser box and a tag list."""
        wrapper = core
        for _ in range(2):
            parent = wrapper.getparent()
            if parent is None or parent is self.whole:
                break
            kind = _first_class(wrapper)
            if kind is not None:
                threshold = max(_PROSE_MIN_CHARS * 4, self._prose_in(core) // 5)
                blocks = self._blocks_beside(wrapper, _first_class, lambda sibling: self._is_more_of_the_same(sibling, threshold))
                if len(blocks) > 1:
                    return tuple(core if block is wrapper else block for block in blocks)
            if self._prose_in(parent) >= _WIDER * self._prose_in(core):
                break
            wrapper = parent  # the section around the core's text
        return (core,)

    def _with_blocks_of_its_kind(self, core: Element) -> tuple[Element, ...]:
        """A core that is alone in its wrapper, with the wrapper's siblings of the same kind that
        hold prose: a CMS sets each content block in a wrapper of one class ("csc-default"), and
        the piece's closing block (its further reading) is one of them."""
        wrapper = core
        parent = core.getparent()
        while parent is not None and parent is not self.whole and _alone_in(wrapper, parent):
            wrapper, parent = parent, parent.getparent()
        kind = wrapper.get("class")
        if parent is None or parent is self.whole or wrapper is core or not kind:
            return (core,)
        blocks = self._blocks_beside(
            wrapper,
            lambda element: element.get("class"),
            lambda sibling: self._prose_in(sibling) >= _PROSE_MIN_CHARS * 4 and self._link_density(sibling) < _LINK_DENSE,
        )
        return tuple(core if block is wrapper else block for block in blocks)

    def _blocks_beside(
        self, wrapper: Element, kind_of: Callable[[Element], str | None], holds_prose: Callable[[Element], bool]
    ) -> list[Element]:
        """The wrapper and its siblings of its tag and kind that are no furniture and hold prose."""
        kind = kind_of(wrapper)
        parent = wrapper.getparent()
        assert parent is not None
        return [
            sibling
            for sibling in parent
            if sibling is wrapper
            or (sibling.tag == wrapper.tag and kind_of(sibling) == kind and container_role(sibling) is None and holds_prose(sibling))
        ]



# A heading that is a link to another page (not an anchor of its own section): a headline.
_LINKED_HEADINGS = lxml.etree.XPath(".//*[self::h2 or self::h3 or self::h4][a[@href and not(starts-with(@href, '#'))]]")
_CARD_DEPTH = 3  # wrappers between a card's headline and the card
_CARDS_MIN = 3  # cards in a row; two could be a piece's pair of sections


def _teaser_cards(whole: Element) -> list[Element]:
    """Teasers of the site's other pieces, each a headline linked to its page with an excerpt
    under it (a "next posts" row): three or more sibling blocks of one tag and class, each headed
    by a linked headline, all to one host. Their excerpts are prose, but not the piece's. A
    listicle's items, headed by links to the things they present, lead to many hosts."""
    groups: dict[tuple[int, str, str], list[tuple[Element, str]]] = {}
    for heading in _LINKED_HEADINGS(whole):
        link = heading.find("a")
        if text_length(link) + 2 < text_length(heading):
            continue  # a heading with a link in it, not a linked headline
        card = heading
        for _ in range(_CARD_DEPTH):
            parent = card.getparent()
            if parent is None or parent is whole:
                break
            card = parent
            if card.get("class"):
                break
        parent = card.getparent()
        if parent is None or card is heading:
            continue
        groups.setdefault((id(parent), card.tag, card.get("class") or ""), []).append((card, _host_of(link.get("href") or "")))
    cards: list[Element] = []
    for members in groups.values():
        distinct = {id(card): card for card, _ in members}
        if len(distinct) >= _CARDS_MIN and len({host for _, host in members}) == 1:
            cards.extend(distinct.values())
    return cards


def _host_of(href: str) -> str:
    """The host a link names, "" for a relative one."""
    try:
        return (urlsplit(href.strip()).hostname or "").removeprefix("www.")
    except ValueError:
        return "?"


# Layout classes every block of a page may carry ("col", "row-fluid", "span_8_of_12").
# Page builders' element classes ("elementor-element", "vc_row", "et_pb_text") name no kind either.
_GRID_CLASS = re.compile(
    r"^(?:col|row|span|grid|cell|column|container|wrapper|inner|clearfix|(?:x?small|medium|x?large)\b|elementor|vc_|et_pb|fl-)", re.IGNORECASE
)


def _first_class(element: Element) -> str | None:
    """The first class an element names, when it says what the block is rather than where it sits."""
    names = (element.get("class") or "").split()
    if not names or _GRID_CLASS.match(names[0]):
        return None
    return names[0]


# A block named for the piece's sources: its reference list, footnotes or bibliography.
_REFERENCE_WORDS = frozenset(
    {"references", "reflist", "footnotes", "endnotes", "bibliography", "citations", "sources", "literatur", "quellen", "einzelnachweise"}
)
_REFERENCE_DEPTH = 2  # wrappers around the article a reference list may sit beside


def _with_reference_lists(roots: tuple[Element, ...]) -> tuple[Element, ...]:
    """The article, with the reference list set beside it (a journal's abstract with the paper's
    references in the block after it): a list of links, but the piece's own sources."""
    if not roots:
        return roots
    added: list[Element] = []
    element: Element | None = roots[-1]
    for _ in range(_REFERENCE_DEPTH):
        parent = element.getparent() if element is not None else None
        if parent is None:
            break
        added.extend(sibling for sibling in element.itersiblings() if isinstance(sibling.tag, str) and _names_references(sibling))
        if added:
            break
        element = parent
    return roots + tuple(added)


def _names_references(element: Element) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return not _REFERENCE_WORDS.isdisjoint(re.findall(r"[a-z]+", names))


def _alone_in(element: Element, parent: Element) -> bool:
    """Whether an element is the only child of its parent that shows text (a clearing div aside)."""
    return all(child is element or not isinstance(child.tag, str) or not text_length(child) for child in parent)


def _inside_a_sentence(link: Element) -> bool:
    """Whether a link is a few words of a paragraph of prose, not a label standing alone."""
    parent = link.getparent()
    if parent is None or parent.tag != "p":
        return False
    return text_length(parent) >= text_length(link) + _SENTENCE_AROUND


def _totals(weights: dict[Element, int]) -> tuple[int, dict[Element, int]]:
    """All the prose, and how much of it each element holds."""
    totals: dict[Element, int] = {}
    for block, weight in weights.items():
        element: Element | None = block
        while element is not None:
            totals[element] = totals.get(element, 0) + weight
            element = element.getparent()
    return sum(weights.values()), totals


def text_length(element: Element) -> int:
    """Characters of an element's text, not counting whitespace (markup is indented at will)."""
    return _visible_length(_STRING_VALUE(element))


# The element's text joined by libxml2 (what "".join(element.itertext()) gives, without making a
# Python string of each piece first: 2.6 times faster on real pages).
_STRING_VALUE = lxml.etree.XPath("string()", smart_strings=False)


def _visible_length(text: str) -> int:
    return len("".join(text.split()))
