"""The piece's notes set outside the block chosen as its article: footnotes and endnotes that its
text points to by a note mark ("<sup><a href='#fn-1'>1</a></sup>"), kept in a section of their own
below the article, beyond a share bar or a print-only wrapper.

The mark says the note is the piece's own text, wherever the page sets it; a note's links (a
methodology page, a report) are its citations as much as the sentence's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree

from linkaudit.extract.common import element_text
from linkaudit.extract.container_roles import FOOTER, HEADER, container_role, is_aside

__all__ = ["notes_outside"]

Element = lxml.etree._Element

# A note mark: a number, in brackets or not, or a dagger or an asterisk ("1", "[12]", "(3)", "*").
_NOTE_MARK = re.compile(r"^\s*[\[(]?\s*(?:\d{1,3}|[*†‡§])\s*[\])]?\s*$")
_NOTE_BLOCKS = frozenset({"li", "p", "div", "aside", "section", "dd", "tr"})
_NOTE_PLACES = frozenset({None, FOOTER, HEADER})
_NOTE_WORDS = 20  # characters of a note's own words: "See here for more on how the points work."
_MAX_NOTES = 200  # a long paper's notes; more marks than this are a page's numbering, not notes


def notes_outside(roots: tuple[Element, ...]) -> tuple[Element, ...]:
    """The notes the article's marks point to that stand outside it, in document order."""
    if not roots:
        return ()
    wanted = list(dict.fromkeys(identifier for root in roots for identifier in _marked_notes(root)))
    if not wanted or len(wanted) > _MAX_NOTES:
        return ()
    targets = _targets(roots[0].getroottree().getroot(), frozenset(wanted))
    inside = set(roots)
    found: list[Element] = []
    for identifier in wanted:
        target = targets.get(identifier)
        if target is None:
            continue
        note = _note_block(target)
        if note is None or note in found or any(ancestor in inside for ancestor in note.iterancestors()) or note in inside:
            continue
        if _in_furniture(note) or not _has_words(note):
            continue
        found.append(note)
    return tuple(found)


def _marked_notes(root: Element) -> Iterator[str]:
    """The identifiers the note marks in a block point to ("#fn-1" of a link reading "1")."""
    for link in root.iter("a"):
        href = link.get("href") or ""
        if href.startswith("#") and len(href) > 1 and _NOTE_MARK.match(element_text(link)):
            yield href[1:]


def _targets(page: Element, identifiers: frozenset[str]) -> dict[str, Element]:
    """The first element each identifier names (an id, or an old anchor's name), in one walk."""
    targets: dict[str, Element] = {}
    for element in page.iter(lxml.etree.Element):
        for key in (element.get("id"), element.get("name") if element.tag == "a" else None):
            if key in identifiers and key not in targets:
                targets[key] = element
    return targets


def _note_block(target: Element) -> Element | None:
    """The block a note's target is or stands in (a list item, a paragraph)."""
    element: Element | None = target
    while element is not None and element.tag not in _NOTE_BLOCKS:
        element = element.getparent()
    return element


def _in_furniture(note: Element) -> bool:
    """A note inside furniture is not the piece's: a reader comment, a sidebar, a share dialog a
    count opens ("<a href='#shares-dialog'>12</a>"). A footer may hold the notes."""
    for element in (note, *note.iterancestors()):
        if is_aside(element) or container_role(element) not in _NOTE_PLACES:
            return True
    return False


def _has_words(note: Element) -> bool:
    """Whether a note says something beside its links (a share dialog is links alone)."""
    text = element_text(note)
    linked = sum(len(element_text(link)) for link in note.iter("a"))
    return len(text.strip()) - linked >= _NOTE_WORDS
