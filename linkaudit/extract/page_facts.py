"""What an HTML page says of itself in its head: its title, its base for relative links and its
own address, read from one walk of the tree."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import lxml.etree

from linkaudit.extract.common import element_text, readable_text, resolve_url

__all__ = ["HeadTags", "canonical_url", "document_base", "head_title_of", "page_title"]

Element = lxml.etree._Element

_HEAD_TAGS = ("base", "link", "meta", "title", "h1")


@dataclass(frozen=True, slots=True)
class HeadTags:
    """The page's elements of the tags its facts are read from, each tag's in document order,
    found in one walk of the tree (a walk per question cost three). They are found wherever they
    are: a page may hold more than one top-level element (an empty <html/> before the one holding
    its head); but a <base> counts only inside the root."""

    bases: list[Element]
    links: list[Element]
    metas: list[Element]
    titles: list[Element]
    headings: list[Element]

    @classmethod
    def of(cls, root: Element) -> HeadTags:
        found: dict[str, list[Element]] = {tag: [] for tag in _HEAD_TAGS}
        for top in (*reversed(tuple(root.itersiblings(preceding=True))), root, *root.itersiblings()):
            for element in top.iter(_HEAD_TAGS):
                if element.tag != "base" or top is root:
                    found[element.tag].append(element)
        return cls(found["base"], found["link"], found["meta"], found["title"], found["h1"])


def document_base(head: HeadTags, given: str | None) -> str | None:
    """The base for relative links: a <base href> applies on top of the page's own URL."""
    for element in head.bases:
        href = (element.get("href") or "").strip()
        if href:
            resolved, internal = resolve_url(href, given)
            return given if internal else resolved
    return given


_XPATH_SPACE = re.compile(r"[ \t\r\n]+")  # what XPath's normalize-space() collapses


def _rel_canonical_hrefs(head: HeadTags) -> Iterator[str]:
    for link in head.links:
        href = link.get("href")
        if href is not None and "canonical" in _XPATH_SPACE.split(link.get("rel") or ""):
            yield href


def _meta_contents(head: HeadTags, attributes: tuple[str, ...], value: str) -> Iterator[str]:
    for meta in head.metas:
        content = meta.get("content")
        if content is not None and any(meta.get(attribute) == value for attribute in attributes):
            yield content


def _first_text(found: Iterable[str | Element]) -> str | None:
    for item in found:
        text = readable_text(item if isinstance(item, str) else element_text(item))
        if text:
            return text
    return None


def page_title(head: HeadTags) -> str | None:
    """The page's title: its head's, else its first <h1>."""
    return head_title_of(head) or _first_text(head.headings)


def head_title_of(head: HeadTags) -> str | None:
    """The title a page's head gives: its <title>, else og:title."""
    return _first_text(head.titles) or _first_text(_meta_contents(head, ("property", "name"), "og:title"))


def canonical_url(head: HeadTags) -> str | None:
    """The page's own address as it names it: rel=canonical, else og:url."""
    return _first_text(_rel_canonical_hrefs(head)) or _first_text(_meta_contents(head, ("property",), "og:url"))
