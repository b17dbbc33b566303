"""A list the piece's own prose introduces, however many of its entries link to the site's pages.

A list of links to the site's own pages is a teaser list or a menu, unless the piece's sentence
leads into it from the list item or paragraph it is nested in ("Based on this, the leadership
styles can be further classified as: <ul><li><a>Autocratic leadership</a></li>…"): then it is
the piece's enumeration, each entry explained on a page of its own. Kept apart from the furniture
rules so that the text walk can ask it without importing them.
"""

from __future__ import annotations

import lxml.etree

__all__ = ["enumerated_in_prose"]

Element = lxml.etree._Element

# The words of the list item or paragraph before the nested list: a sentence this long, ending
# with a colon. A heading's few words ("Mehr zum Thema:") are not a sentence.
_INTRODUCTION = 60
_ENUMERATING = frozenset({"li", "p", "dd", "td"})


def enumerated_in_prose(element: Element) -> bool:
    """Whether a list is nested in a list item (or paragraph) of the piece's prose that introduces
    it ("… the leadership styles can be further classified as:"): the piece's own enumeration,
    however many of its entries link to the site's other pages."""
    parent = element.getparent()
    if parent is None or parent.tag not in _ENUMERATING:
        return False
    before = [parent.text or ""]
    for child in parent:
        if child is element:
            break
        if isinstance(child.tag, str):
            before.append("".join(child.itertext()))
        before.append(child.tail or "")
    introduction = " ".join("".join(before).split())
    return len(introduction) >= _INTRODUCTION and introduction.endswith(":")
