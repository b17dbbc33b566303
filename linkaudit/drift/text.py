"""The main text of a page, and the normalised words it is compared by.

``main_text`` is deliberately small and separate: it keeps the article and leaves out what changes
around it every day (menus, headers and footers, sidebars, scripts, share bars, related links,
comments, bylines and dates). It prefers ``<article>``, then ``<main>`` (or ``role="main"``), then
the body. Any better main-content detector can replace it: callers only need ``html -> str``.

``normalise`` turns text into lower-case words and numbers separated by single spaces, so that a
phrase is found in a text by plain substring search on word boundaries: typographic quotes,
dashes, case, Unicode forms and thousands separators ("1,200" is "1200") no longer matter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import lxml.etree
import lxml.html

__all__ = ["MAX_TEXT_CHARS", "contains_phrase", "main_text", "normalise", "shingle_words"]

MAX_TEXT_CHARS = 100_000  # of normalised main text kept per page: long articles, bounded memory

_NEVER_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "button", "select", "time"})
_AROUND_TEXT = frozenset({"nav", "header", "footer", "aside", "form", "figure", "dialog"})
# A block marked as boilerplate that holds this share of the page's text, or the article itself,
# is a wrapper ("page-wrap has-sidebar", an ASP.NET <form> around the body): it stays.
_WRAPPER_SHARE = 0.5
_WRAPPER_PARAGRAPHS = 3
_ARTICLE_SHARE = 0.5
_LINK_BLOCKS = frozenset({"p", "li", "div", "ul", "ol", "section", "h2", "h3", "h4", "span"})
_LINK_BLOCK_MAX_CHARS = 200
_LINK_DENSITY = 0.6
# Classes and ids of the blocks that surround an article and change without it.
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|header|masthead|sidebar|share|sharing|social|related|recommended"
    r"|comments?|disqus|advert|advertisement|ads?|promo|sponsored|newsletter|subscribe|cookie|consent|banner"
    r"|byline|dateline|timestamp|date|published|updated|meta|breadcrumbs?|tags|popular|trending|most-read"
    r"|read-more|more-stories|toolbar|skip)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "td", "th", "br", "dd", "dt", "dl", "figcaption", "hr",
})
_TOKEN = re.compile(r"[^\W_]+(?:['.,][^\W_]+)*")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "`": "'"})
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
# What says when, not what: dates and clock times, "3 hours ago", "12 comments". Dropped from the
# words that texts are compared by (kept in the text that evidence is looked up in).
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_CHANGING = re.compile(
    rf"\b(?:\d{{1,2}} (?:{_MONTHS})(?: \d{{4}})?|(?:{_MONTHS}) \d{{1,2}}(?: \d{{4}})?|\d{{4}} \d{{1,2}} \d{{1,2}}"
    r"|\d{1,2}[. ]\d{2} ?[ap]m(?: [a-z]{2,4})?|\d+ (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?) ago"
    r"|(?:updated|published|posted|modified)(?: on| at)?|\d+ (?:comments?|replies|shares|views|likes))\b"
)


def main_text(html: str) -> str:
    """The article's text of an HTML page, blocks on their own lines; "" when there is none."""
    root = _parse(html)
    if root is None:
        return ""
    sizes = _drop_boilerplate(root)
    container = _article_container(root, sizes)
    return _block_text(container)


def normalise(text: str) -> str:
    """Lower-case words and numbers of ``text`` separated by single spaces."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    folded = _THOUSANDS.sub("", folded)
    return " ".join(_TOKEN.findall(folded))


def shingle_words(normalised: str) -> list[str]:
    """The words two texts are compared by: the normalised text without dates, times and counters."""
    return _CHANGING.sub(" ", normalised).split()


def contains_phrase(normalised_text: str, normalised_phrase: str) -> bool:
    """Whether the phrase occurs in the text as whole words (both already ``normalise``d)."""
    if not normalised_phrase:
        return False
    return f" {normalised_phrase} " in f" {normalised_text} "


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if not html.strip():
        return None
    try:
        parser = lxml.html.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=False
        )
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    return root


@dataclass(slots=True)
class _Measure:
    """What one element holds, measured for all elements in one pass (text_content per element
    would cost the square of a page's size on nested or repetitive markup)."""

    chars: int = 0  # text characters, descendants included
    linked: int = 0  # of which inside links
    paragraphs: int = 0  # <p> descendants
    holds_article: bool = False  # an <article> or <main> descendant


def _measure(root: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, _Measure]:
    sizes: dict[lxml.html.HtmlElement, _Measure] = {}
    for _, element in lxml.etree.iterwalk(root, events=("end",)):
        size = _Measure(chars=len(element.text or "") if isinstance(element.tag, str) else 0)
        for child in element:
            inner = sizes.get(child)
            tail = len(child.tail or "")
            size.chars += tail + (inner.chars if inner else 0)
            if inner is not None:
                size.linked += inner.linked
                size.paragraphs += inner.paragraphs + (child.tag == "p")
                size.holds_article = size.holds_article or inner.holds_article or child.tag in ("article", "main")
        if element.tag == "a":
            size.linked = size.chars
        sizes[element] = size
    return sizes


def _drop_boilerplate(root: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, _Measure]:
    """Drop what surrounds the article; the sizes measured on the way (before the drop) are
    returned for choosing the container."""
    for element in [el for el in root.iter() if isinstance(el.tag, str) and el.tag.lower() in _NEVER_TEXT]:
        if (parent := element.getparent()) is not None:
            _drop_keeping_tail(element, parent)
    sizes = _measure(root)
    total = sizes[root].chars
    doomed: list[lxml.html.HtmlElement] = []
    stack = [root]
    while stack:  # depth first, not entering what is dropped
        element = stack.pop()
        if isinstance(element.tag, str) and _looks_like_boilerplate(element, sizes[element]):
            if not _is_wrapper(sizes[element], total):
                doomed.append(element)
                continue
        stack.extend(reversed(element))
    for element in doomed:
        if (parent := element.getparent()) is not None:
            _drop_keeping_tail(element, parent)
    return sizes


def _is_wrapper(size: _Measure, total: int) -> bool:
    """Whether a block marked as boilerplate holds the article: it contains the article element,
    most of the page's text, or paragraphs of prose (a "date-outer" around a blog post)."""
    return size.holds_article or size.paragraphs >= _WRAPPER_PARAGRAPHS or size.chars > _WRAPPER_SHARE * total


def _looks_like_boilerplate(element: lxml.html.HtmlElement, size: _Measure) -> bool:
    tag = element.tag.lower()
    if tag in ("article", "main", "body", "html"):
        return False  # an article classed "post-meta-wrapper" is still the article
    if tag in _AROUND_TEXT:
        return True
    if tag in _LINK_BLOCKS and 0 < size.chars <= _LINK_BLOCK_MAX_CHARS and size.linked >= _LINK_DENSITY * size.chars:
        return True  # a short block that is mostly link text: a teaser ("Read more: ...") or a menu
    if element.get("role", "").lower() in ("navigation", "banner", "contentinfo", "complementary"):
        return True
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(marks.strip()) and _BOILERPLATE.search(marks) is not None


def _drop_keeping_tail(element: lxml.html.HtmlElement, parent: lxml.html.HtmlElement) -> None:
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _article_container(root: lxml.html.HtmlElement, sizes: dict[lxml.html.HtmlElement, _Measure]) -> lxml.html.HtmlElement:
    body = root.find("body")
    page = body if body is not None else root
    mains = root.xpath("//main|//*[@role='main']")
    main = max(mains, key=lambda el: sizes[el].chars) if mains else page
    articles = root.xpath("//article")
    if articles:
        # The article holding the most text, unless it is one teaser card among many in the main
        # part (a listing): then the main part is the content.
        article = max(articles, key=lambda el: sizes[el].chars)
        if sizes[article].chars >= _ARTICLE_SHARE * sizes[main].chars:
            return article
    return main


def _block_text(container: lxml.html.HtmlElement) -> str:
    parts: list[str] = []
    # iterwalk, not recursion: nesting depth is the page author's to choose.
    for event, element in lxml.etree.iterwalk(container, events=("start", "end")):
        block = isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS
        if event == "start":
            if block:
                parts.append("\n")
            if element.text and isinstance(element.tag, str):
                parts.append(element.text)
        else:
            if block:
                parts.append("\n")
            if element.tail and element is not container:
                parts.append(element.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)
