"""Where a Markdown link's URL is written in the file, found from the block markdown-it says it is in.

Tokens carry block line ranges only, so every URL is located by scanning that block's lines with
a cursor that only moves forward, preferring an occurrence in link-destination position (after "("
or "<"). Reference-style links are located at their definition's URL, since that is the text a
writer edits to fix the link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote

from markdown_it import MarkdownIt

from linkaudit.extract.common import LineIndex

__all__ = ["UrlLocator"]

_DESTINATION_OPENERS = "(<"
_MARKDOWN_IT_BREAK = re.compile(r"\r\n|\r|\n")


class UrlLocator:
    """Finds written URLs in one piece's text; ``lines`` turns offsets into lines and columns."""

    def __init__(self, text: str, parser: MarkdownIt, references: dict[str, dict[str, object]]) -> None:
        self.text = text
        self.lines = LineIndex(text)
        # markdown-it breaks lines at CR LF, LF and a lone CR; the file's line numbers (as git and
        # editors count them) break at LF only. Block maps are read with markdown-it's breaks.
        if "\r" in text:
            self.block_line_starts = [0] + [m.end() for m in _MARKDOWN_IT_BREAK.finditer(text)]
        else:
            self.block_line_starts = self.lines.line_starts  # the same breaks: one list, not two
        self.parser = parser
        self.references = references

    def _line_offset(self, line0: int) -> int:
        if line0 >= len(self.block_line_starts):
            return len(self.text)
        return self.block_line_starts[line0]

    def _candidates(self, href: str, kind: str) -> list[str]:
        candidates = [href]
        for variant in (self.parser.normalizeLinkText(href), unquote(href)):
            if variant not in candidates:
                candidates.append(variant)
        if kind == "autolink" and href.startswith("mailto:"):
            candidates.append(href[len("mailto:") :])
        return [c for c in candidates if c]

    def _search(self, candidates: Sequence[str], start: int, end: int, *, in_destination: bool) -> tuple[int, str] | None:
        text = self.text
        best: tuple[int, str] | None = None
        for candidate in candidates:
            position = text.find(candidate, start, end)
            while position != -1:
                if not in_destination or _after_opener(text, position, start):
                    if best is None or position < best[0]:
                        best = (position, candidate)
                    break
                position = text.find(candidate, position + 1, end)
        return best

    def _parsed_destination(self, href: str, start: int, end: int, marker: str) -> tuple[int, str] | None:
        """Where a destination is written with escapes or entities: parse it the way markdown-it does."""
        text = self.text
        normalize = self.parser.normalizeLink
        position = text.find(marker, start, end)
        while position != -1:
            begin = position + len(marker)
            while begin < end and text[begin] in " \t":
                begin += 1
            result = self.parser.helpers.parseLinkDestination(text, begin, end)  # the parser's own: it reads template tags
            if result.ok and normalize(result.str) == href:
                written_start, written_end = begin, result.pos
                if text.startswith("<", written_start) and text[written_end - 1 : written_end] == ">":
                    written_start, written_end = written_start + 1, written_end - 1
                if written_end > written_start:
                    return written_start, text[written_start:written_end]
            position = text.find(marker, position + 1, end)
        return None

    def _reference_definition(self, href: str, label: str = "") -> tuple[int, str] | None:
        named = self.references.get(label) if label else None
        for reference in ([named] if named is not None else []) + list(self.references.values()):
            line_map = reference.get("map")
            if reference.get("href") != href or not isinstance(line_map, list):
                continue
            start, end = self._line_offset(line_map[0]), self._line_offset(line_map[1])
            found = self._search(self._candidates(href, "link"), start, end, in_destination=False)
            return found or self._parsed_destination(href, start, end, "]:")
        return None

    def locate(self, cursor: int, end: int, href: str, kind: str) -> tuple[int, str] | None:
        """Where ``href`` is written in text[cursor:end]: as markdown-it normalised it, as written
        with escapes or entities, or at the definition it refers to."""
        if kind != "bare":
            # The common case first: the URL is written exactly as markdown-it normalised it.
            found = self._search((href,), cursor, end, in_destination=True)
            if found is not None:
                return found
        candidates = self._candidates(href, kind)
        if kind == "bare":
            return self._search(candidates, cursor, end, in_destination=False)
        return (
            self._search(candidates, cursor, end, in_destination=True)
            or (self._reference_definition(href) if kind in ("link", "image") else None)
            or self._parsed_destination(href, cursor, end, "](")
            or self._search(candidates, cursor, end, in_destination=False)
        )


def _after_opener(text: str, position: int, floor: int) -> bool:
    """Whether text[position] starts a link destination: after "(" or "<", blanks allowed."""
    index = position - 1
    while index >= floor and text[index] in " \t":
        index -= 1
    return index >= floor and text[index] in _DESTINATION_OPENERS
