"""Finding the claim a link backs: the whole sentence around it, as a reader sees it.

Sentence ends are found with a few rules rather than a language model: a full stop, question or
exclamation mark (or an ellipsis), optionally followed by closing quotes or brackets, then
whitespace, then something that may open a sentence. Stops after abbreviations (Mr., e.g., Jan.),
initials (J. Smith), dotted acronyms (U.S.) and day numbers ("12. April") do not end sentences;
nor does any stop followed by a lower-case word. A blank line always does.
"""

from __future__ import annotations

import bisect
import functools
import re

from linkaudit.extract.common import collapse_whitespace

__all__ = ["sentence_around", "sentence_bounds", "sentence_text"]

# Abbreviations that are (almost) never the last word of a sentence, compared case-folded and
# without their dots.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx dr prof sr jr st mt ft rev hon gen col lt sgt capt cmdr adm gov sen rep pres
    no nos vol vols p pp ch sec fig figs art para op cf eg ie viz vs v al approx ca est
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thurs fri sat sun
    inc ltd co corp bros dept univ assn
    """.split()
)
_MONTHS = frozenset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

_CLOSERS = "'\"’”)]}»›"
# A run of stops, the closers after it, the whitespace after that.
_STOP = re.compile(r"(?:[.!?…]+)[" + re.escape(_CLOSERS) + r"]*(?=\s)")
_WHITESPACE_RUN = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_WORD_BEFORE = re.compile(r"([^\s" + re.escape("([{\"'‘“«‹") + r"]*)$")
_FIRST_WORD = re.compile(r"[^\s]*")


def _ends_sentence(text: str, stop_start: int, stop_text: str, next_start: int) -> bool:
    """Whether the stop at text[stop_start:] followed by whitespace closes a sentence."""
    if next_start >= len(text):
        return True
    following = _FIRST_WORD.match(text, next_start).group()  # type: ignore[union-attr]
    first_letter = next((ch for ch in following if ch.isalnum()), "")
    if first_letter.islower():
        return False
    marks = stop_text.rstrip(_CLOSERS)
    if marks != ".":
        # "?", "!", "..." and friends before a capital or a digit end the sentence.
        return True
    # A single full stop: look at the word it closes.
    window_start = max(0, stop_start - 40)
    word = _WORD_BEFORE.search(text[window_start:stop_start]).group(1)  # type: ignore[union-attr]
    if not word:
        return True
    bare = word.replace(".", "").casefold()
    if bare in _ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial: "J. Smith"
    if "." in word and all(len(part) <= 2 for part in word.split(".")):
        return False  # a dotted acronym: "U.S.", "e.g", "a.m"
    if word.isdigit() and len(word) <= 2:
        # "12. April" (day number) versus "in 2019. Then" (a year ends a sentence).
        next_word = "".join(ch for ch in following if ch.isalpha()).casefold()
        if next_word in _MONTHS:
            return False
    return True


@functools.lru_cache(maxsize=64)
def sentence_bounds(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Starts and ends (exclusive) of every sentence in `text`, in order, whitespace trimmed.

    Cached: a document's blocks are split once however many links they hold.
    """
    cuts: list[tuple[int, int]] = []  # (end of a sentence, start of the next)
    for match in _PARAGRAPH_BREAK.finditer(text):
        cuts.append((match.start(), match.end()))
    for match in _STOP.finditer(text):
        gap = _WHITESPACE_RUN.match(text, match.end())
        next_start = gap.end() if gap else match.end()
        if _ends_sentence(text, match.start(), match.group(), next_start):
            cuts.append((match.end(), next_start))
    cuts.sort()
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for end, next_start in cuts:
        if end < position:
            continue  # a stop inside a paragraph break already cut
        _append_trimmed(text, position, end, starts, ends)
        position = next_start
    _append_trimmed(text, position, len(text), starts, ends)
    return tuple(starts), tuple(ends)


def _append_trimmed(text: str, start: int, end: int, starts: list[int], ends: list[int]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        starts.append(start)
        ends.append(end)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds [s, e) of the whole sentence of plain `text` that contains the span [start, end).

    When the span straddles a sentence end (an anchor holding "U.S. Treasury. Then..."), the
    sentences it touches are joined: a claim never cuts a link's anchor in two.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    starts, ends = sentence_bounds(text)
    if not starts:
        return start, end
    first = max(0, bisect.bisect_right(starts, start) - 1)
    if ends[first] <= start and first + 1 < len(starts):
        first += 1  # the span starts in the gap between two sentences
    last = first
    while last + 1 < len(starts) and ends[last] < end and starts[last + 1] < end:
        last += 1
    return min(starts[first], start), max(ends[last], end)


def sentence_text(text: str, start: int, end: int) -> str:
    """The sentence around the span [start, end) of `text`, whitespace collapsed."""
    s, e = sentence_around(text, start, end)
    return collapse_whitespace(text[s:e])
