"""The little HTML reading the check stage does (a title, a heading, visible text), in linear time.

Page bodies are written by whoever runs the cited server. Regular expressions such as
``<[^>]+>`` or ``<title[^>]*>(.*?)</title>`` rescan the rest of the page from every ``<``, so a
256 KiB body of ``<`` or ``<title>`` costs minutes of CPU on the event loop. Here every search
moves forward only: once a closing mark is missing after some point, it is missing after every
later point too, and the scan stops.
"""

from __future__ import annotations

import html
import re

__all__ = ["WORDS", "element_text", "has_title_segment", "strip_tags", "text_of", "visible_text", "without_elements"]

_HIDDEN = ("script", "style", "noscript")


def _open_tag(lowered: str, name: str, start: int) -> int:
    """Where the next ``<name`` tag (the name as a whole word) begins at or after ``start``, or -1."""
    mark = "<" + name
    position = lowered.find(mark, start)
    while position != -1:
        after = position + len(mark)
        if after >= len(lowered) or not (lowered[after].isalnum() or lowered[after] == "_"):
            return position
        position = lowered.find(mark, after)
    return -1


def _close_tag_end(lowered: str, name: str, start: int) -> tuple[int, int] | None:
    """(start, end) of the next ``</name ... >`` at or after ``start``, or None."""
    position = lowered.find("</" + name, start)
    if position == -1:
        return None
    end = lowered.find(">", position)
    return None if end == -1 else (position, end + 1)


def element_text(page: str, name: str, *, lowered: str | None = None) -> str | None:
    """The raw content of the first ``<name ...>...</name>`` element, or None."""
    lowered = page.lower() if lowered is None else lowered
    opening = _open_tag(lowered, name, 0)
    if opening == -1:
        return None
    content_start = lowered.find(">", opening)
    if content_start == -1:
        return None
    closing = _close_tag_end(lowered, name, content_start + 1)
    return None if closing is None else page[content_start + 1 : closing[0]]


def without_elements(page: str, names: tuple[str, ...] = _HIDDEN) -> str:
    """``page`` with every ``<name>...</name>`` block of the given names replaced by a space."""
    lowered = page.lower()
    pieces: list[str] = []
    cursor = 0
    upcoming = {name: _open_tag(lowered, name, 0) for name in names}
    while True:
        for name, position in upcoming.items():
            if 0 <= position < cursor:
                upcoming[name] = _open_tag(lowered, name, cursor)
        open_now = [(position, name) for name, position in upcoming.items() if position >= 0]
        if not open_now:
            break
        position, name = min(open_now)
        closing = _close_tag_end(lowered, name, position + len(name) + 1)
        if closing is None:
            upcoming[name] = -1  # never closed from here on: no later one of its kind is either
            continue
        pieces.append(page[cursor:position])
        pieces.append(" ")
        cursor = closing[1]
    pieces.append(page[cursor:])
    return "".join(pieces)


# A tag: "<", at least one character, ">". Matched only up to the fragment's last ">", so that every
# "<" tried has a ">" after it and the search never rescans the rest of the text in vain.
_TAG = re.compile(r"<[^>]+>")


def strip_tags(fragment: str) -> str:
    """``fragment`` with every ``<...>`` tag replaced by a space (a ``<`` never closed stays text)."""
    last = fragment.rfind(">")
    if last == -1:
        return fragment
    return _TAG.sub(" ", fragment[: last + 1]) + fragment[last + 1 :]


def text_of(fragment: str) -> str:
    """The words of an HTML fragment, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(strip_tags(fragment)).split())


def visible_text(page: str) -> str:
    """What a reader sees of a page: its text without scripts, styles and markup."""
    return text_of(without_elements(page))


# A title is read as segments: "Page not found | The Daily Example" is a phrase plus the site's name.
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·»«•/:]\s+|\s*[|•«»]\s*|\s*::\s*|—")
# Dressing around a phrase that says nothing itself: brackets, "#", "!!1".
_SEGMENT_DRESSING = re.compile(r"[()\[\]#]|!+1*\s*$")
WORDS = re.compile(r"[^\W_]+")


def has_title_segment(title: str, pattern: re.Pattern[str], subject: frozenset[str] = frozenset()) -> bool:
    """Whether some separator-delimited segment of ``title`` is, as a whole and not empty, ``pattern``
    and does not name the ``subject`` of the page's own address."""
    for segment in _TITLE_SEPARATORS.split(title.replace("’", "'")):
        segment = " ".join(_SEGMENT_DRESSING.sub(" ", segment).split())
        if not segment or not segment.strip(".!?-–: ").strip() or not pattern.fullmatch(segment):
            continue
        if subject & set(WORDS.findall(segment.lower())):
            continue  # the page is about this error, not an error page
        return True
    return False
