"""An article set in several blocks: the blocks beside its densest prose that are the piece too.

Without a named body container around it, the article is the densest prose with its siblings that
are prose as well: a CMS's content blocks of one class, sections sharing a first class, a short
closing paragraph with its source, the bare links a news item lists after its text, and the
reference list set beside the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import lxml.etree

from linkaudit.extract.common import element_text
from linkaudit.extract.container_roles import container_role, is_embedded_post
from linkaudit.extract.prose import LINK_DENSE, PROSE_MIN_CHARS, ProseSurvey, text_length

__all__ = ["WIDER", "article_blocks"]

Element = lxml.etree._Element

WIDER = 1.3  # an ancestor with this much more of the page's prose than the core is the article
_BARE_LINKS = 2  # a list of links set bare after an item's text; one alone may be an advert
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "»", ")")


def article_blocks(survey: ProseSurvey, core: Element) -> tuple[Element, ...]:
    """The core and the blocks beside it that are the piece too, with its reference list."""
    return _with_reference_lists(_with_prose_siblings(survey, core))


def _is_more_of_the_same(survey: ProseSurvey, sibling: Element, threshold: int) -> bool:
    """Much prose, or nothing but a sentence or two (a short closing paragraph with its source)."""
    prose = survey.prose_in(sibling)
    if not prose:
        return False
    density = survey.link_density(sibling)
    if prose >= threshold and density < 0.25:
        return True
    text = element_text(sibling).strip()
    return density < LINK_DENSE and prose >= 0.5 * len(text) and text.endswith(_SENTENCE_ENDS)


def _with_prose_siblings(survey: ProseSurvey, core: Element) -> tuple[Element, ...]:
    """The core and its siblings that are prose as well (an article split over blocks)."""
    parent = core.getparent()
    if parent is None or core is survey.whole:
        return (core,)
    core_prose = survey.prose_in(core)
    threshold = max(PROSE_MIN_CHARS * 4, core_prose // 5)
    kept = []
    for sibling in parent:
        if sibling is core:
            kept.append(sibling)
        elif isinstance(sibling.tag, str) and container_role(sibling) is None:
            if _is_more_of_the_same(survey, sibling, threshold):
                kept.append(sibling)
    if len(kept) > 1 and len(kept) == sum(1 for child in parent if isinstance(child.tag, str)):
        return _with_prose_blocks_around(survey, parent)
    if _closes_with_bare_links(survey, parent, kept):
        return (parent,)
    if len(kept) == 1:
        blocks = _with_blocks_of_its_kind(survey, core)
        return blocks if len(blocks) > 1 else _with_prose_blocks_around(survey, core)
    return _with_embedded_posts(parent, kept)


def _with_embedded_posts(parent: Element, kept: list[Element]) -> tuple[Element, ...]:
    """The article's blocks with the networks' posts set among or right after them: posts the
    piece quotes, with no prose of their own to count."""
    blocks: list[Element] = []
    for sibling in parent:
        if sibling in kept or (blocks and is_embedded_post(sibling)):
            blocks.append(sibling)
    return tuple(blocks)


def _closes_with_bare_links(survey: ProseSurvey, parent: Element, kept: list[Element]) -> bool:
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
        if container_role(child) is None and survey.link_count(child):
            return False
    return bare >= _BARE_LINKS


def _with_prose_blocks_around(survey: ProseSurvey, core: Element) -> tuple[Element, ...]:
    """A core, with the prose blocks beside it or beside its section that are of its kind
    (the same first class): an article cut into sections ("detail-body first-paragraph",
    "detail-body second-paragraph", "detail-body"), between a teaser box and a tag list."""
    wrapper = core
    for _ in range(2):
        parent = wrapper.getparent()
        if parent is None or parent is survey.whole:
            break
        kind = _first_class(wrapper)
        if kind is not None:
            threshold = max(PROSE_MIN_CHARS * 4, survey.prose_in(core) // 5)
            blocks = _blocks_beside(wrapper, _first_class, lambda sibling: _is_more_of_the_same(survey, sibling, threshold))
            if len(blocks) > 1:
                return tuple(core if block is wrapper else block for block in blocks)
        if survey.prose_in(parent) >= WIDER * survey.prose_in(core):
            break
        wrapper = parent  # the section around the core's text
    return (core,)


def _with_blocks_of_its_kind(survey: ProseSurvey, core: Element) -> tuple[Element, ...]:
    """A core that is alone in its wrapper, with the wrapper's siblings of the same kind that
    hold prose: a CMS sets each content block in a wrapper of one class ("csc-default"), and
    the piece's closing block (its further reading) is one of them."""
    wrapper = core
    parent = core.getparent()
    while parent is not None and parent is not survey.whole and _alone_in(wrapper, parent):
        wrapper, parent = parent, parent.getparent()
    kind = wrapper.get("class")
    if parent is None or parent is survey.whole or wrapper is core or not kind:
        return (core,)
    blocks = _blocks_beside(
        wrapper,
        lambda element: element.get("class"),
        lambda sibling: survey.prose_in(sibling) >= PROSE_MIN_CHARS * 4 and survey.link_density(sibling) < LINK_DENSE,
    )
    return tuple(core if block is wrapper else block for block in blocks)


def _blocks_beside(
    wrapper: Element, kind_of: Callable[[Element], str | None], holds_prose: Callable[[Element], bool]
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


def _alone_in(element: Element, parent: Element) -> bool:
    """Whether an element is the only child of its parent that shows text (a clearing div aside)."""
    return all(child is element or not isinstance(child.tag, str) or not text_length(child) for child in parent)


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
