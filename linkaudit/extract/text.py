"""Citations in plain text: bare http(s):// and www. URLs, each with the sentence around it."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from linkaudit.extract.claims import sentence_text
from linkaudit.extract.common import LineIndex, readable_text, resolve_url
from linkaudit.models import Citation, Document, Location, NonCitation, claim_id_for

__all__ = ["URL_BODY", "TextExtraction", "bare_url_length", "extract_text", "find_bare_urls", "trimmed_url_length"]

# A URL runs until whitespace, angle brackets, straight double quotes, backticks or typographic
# quotes; what it drags along at its end (a full stop, a closing bracket) is trimmed afterwards.
URL_BODY = r"[^\s<>\"`‘’“”«»]"
_BARE_URL = re.compile(
    rf"(?<![\w@.+/-])(?:https?://(?=[\w\[])|www\.(?=\w)){URL_BODY}*",
    re.IGNORECASE,
)
# As GitHub's autolinker does, plus quotes and ellipses: marks that close prose, not URLs.
_TRAILING = set(".,;:!?'\"*_~…")
_PAIRS = {")": "(", "]": "[", "}": "{"}
_HOST_END = re.compile(r"[/?#]")

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_LIST_ITEM = re.compile(r"\n(?=[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+\S)")
_UNDERLINE = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$")
_HEADER_FIELD = re.compile(r"^title:[ \t]*(\S.*)$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True, slots=True)
class TextExtraction:
    title: str | None
    citations: tuple[Citation, ...]
    non_citations: tuple[NonCitation, ...] = ()
    warnings: tuple[str, ...] = ()


def find_bare_urls(text: str) -> list[tuple[int, int]]:
    """Spans [start, end) of the bare URLs in `text`, trailing punctuation trimmed.

    Closing brackets stay when the URL opened them (https://en.wikipedia.org/wiki/Foo_(bar))
    and go when they close the prose around it ("(see https://example.org)").
    """
    spans: list[tuple[int, int]] = []
    for match in _BARE_URL.finditer(text):
        start, end = match.span()
        end = start + _trimmed_length(match.group())
        if _has_host(text[start:end]):
            spans.append((start, end))
    return spans


def bare_url_length(text: str) -> int | None:
    """The length of the bare URL at the very start of `text` (cut as ``find_bare_urls`` cuts
    it), or None when none starts there."""
    match = _BARE_URL.match(text)
    return None if match is None else trimmed_url_length(match.group())


def trimmed_url_length(url: str) -> int | None:
    """The length of the bare URL ``url`` (a scheme or "www." and the characters a URL may hold,
    as far as they run) once what it drags along is trimmed, or None when it names no host."""
    length = _trimmed_length(url)
    return length if _has_host(url[:length]) else None


def _trimmed_length(url: str) -> int:
    end = len(url)
    if url[-1] not in _TRAILING and url[-1] not in _PAIRS:
        return end  # the usual URL: nothing at its end to trim
    closers = {closer: url.count(closer) for closer in _PAIRS}  # kept up to date as the end moves
    openers = {closer: url.count(opener) for closer, opener in _PAIRS.items()}
    while end:
        last = url[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last in _PAIRS and closers[last] > openers[last]:
            closers[last] -= 1
            end -= 1
        else:
            break
    return end


def _has_host(url: str) -> bool:
    scheme_end = url.find("://")
    host_start = scheme_end + 3 if scheme_end != -1 else 4
    if url[host_start : host_start + 1].isalnum():
        return True  # the usual URL: its host starts with a letter or digit (no copy of the rest made)
    rest = url[host_start:]
    end = _HOST_END.search(rest)
    return any(ch.isalnum() for ch in (rest[: end.start()] if end else rest))


def _url_to_check(written: str, base_url: str | None) -> tuple[str, bool]:
    lowered = written[:8].lower()
    if lowered.startswith("www."):
        return "https://" + written, False
    if lowered.startswith(("http://", "https://")):
        return written, False  # absolute already: no parsing needed
    return resolve_url(written, base_url)


def extract_text(document: Document, *, base_url: str | None = None) -> TextExtraction:
    """Every bare URL in a plain-text piece, with the sentence it sits in as its claim."""
    text = document.text
    lines = LineIndex(text)
    blocks = _block_starts(text)
    headings = _headings(text)
    citations: list[Citation] = []
    position = lines.position
    base = base_url or document.base_url
    block_start, block = -1, ""
    for start, end in find_bare_urls(text):
        if not block_start <= start < block_start + len(block):
            # Cut once per block, not per URL: a paragraph of URLs would be copied once for each.
            block_start, block_end = _enclosing(blocks, start, len(text))
            block = text[block_start:block_end]
        written = text[start:end]
        claim = sentence_text(block, start - block_start, end - block_start) or written
        url, internal = _url_to_check(written, base)
        line, column = position(start)
        citations.append(
            Citation(
                url=url,
                written=written,
                anchor=written,
                claim=claim,
                claim_id=claim_id_for(claim),
                location=Location(document.source, line, column),
                heading=_heading_before(headings, start) if headings else None,
                internal=internal,
            )
        )
    return TextExtraction(title=_title(text), citations=tuple(citations))


def _block_starts(text: str) -> list[int]:
    """Offsets where a paragraph or list item starts: sentences never run across them."""
    starts = {0}
    starts.update(match.end() for match in _BLANK_LINE.finditer(text))
    starts.update(match.end() for match in _LIST_ITEM.finditer(text))
    return sorted(starts)


def _enclosing(starts: list[int], offset: int, length: int) -> tuple[int, int]:
    index = bisect.bisect_right(starts, offset) - 1
    end = starts[index + 1] if index + 1 < len(starts) else length
    return starts[index], end


def _headings(text: str) -> list[tuple[int, str]]:
    """(offset, text) of the lines that look like headings: short, alone, unpunctuated."""
    found: list[tuple[int, str]] = []
    lines = text.split("\n")
    offset = 0
    for index, line in enumerate(lines):
        before_blank = index == 0 or not lines[index - 1].strip()
        after = lines[index + 1] if index + 1 < len(lines) else ""
        if _looks_like_heading(line) and before_blank and (not after.strip() or _UNDERLINE.match(after)):
            found.append((offset, readable_text(line.lstrip("#"))))
        offset += len(line) + 1
    return found


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 80 or _UNDERLINE.match(stripped):
        return False
    if stripped[-1] in ".,;:!?)]" or "://" in stripped or stripped.lower().startswith("www."):
        return False
    return any(ch.isalpha() for ch in stripped)


def _heading_before(headings: list[tuple[int, str]], offset: int) -> str | None:
    index = bisect.bisect_right(headings, (offset, "\U0010ffff")) - 1
    return headings[index][1] if index >= 0 else None


def _title(text: str) -> str | None:
    header = _HEADER_FIELD.search(text, 0, 2000)
    if header:
        return readable_text(header.group(1))
    first = next((line for line in text.split("\n", 20)[:20] if line.strip()), "")
    return readable_text(first.lstrip("#")) if _looks_like_heading(first) else None
