"""Finding the claim a link backs: the whole sentence around it, as a reader sees it.

Sentence ends are found with a few rules rather than a language model: a full stop, question or
exclamation mark (or an ellipsis), optionally followed by closing quotes or brackets, then
whitespace, then something that may open a sentence. Stops after abbreviations (Mr., e.g., Jan.),
initials (J. Smith), dotted acronyms (U.S.) and day numbers ("12. April") do not end sentences;
nor does any stop followed by a lower-case word. A blank line always does.

A claim is bounded: a "sentence" with no stop in it (a paragraph of nothing but links, a minified
page's one line) would otherwise be repeated whole for every link in it, quadratic in memory and
in report size. A sentence longer than ``MAX_CLAIM_CHARS`` is shown as the stretch of it around
the link, cut at word boundaries and marked with an ellipsis where cut; ``sentence_around`` still
gives its full extent.
"""

from __future__ import annotations

import bisect
import functools
import re

from linkaudit.extract.common import readable_text

__all__ = ["ELLIPSIS", "MAX_CLAIM_CHARS", "claim_window", "forget_blocks", "sentence_around", "sentence_bounds", "sentence_text"]

MAX_CLAIM_CHARS = 600  # the longest claim shown; a reader's sentence is rarely half as long
ELLIPSIS = "\u2026"
_WORD_SNAP = 40  # how far a cut may move to fall between words
_WHOLE_IF_UNDER = 8 * MAX_CLAIM_CHARS  # longer sentences are cut without collapsing them whole

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
_OPENERS = "([{\"'‘“«‹"
# A run of stops and the closers after it; whitespace must follow.
_STOP = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s)")
# The token a stop closes, without the opening quotes or brackets before it.
_WORD_BEFORE = re.compile(r"[^\s" + re.escape(_OPENERS) + r"]*\Z")
_WHITESPACE_RUN = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def _first_letter(text: str, start: int) -> str:
    """The first letter or digit of the word starting at `start`, past any opening quotes."""
    for index in range(start, min(len(text), start + 8)):
        char = text[index]
        if char.isalnum():
            return char
        if char.isspace():
            break
    return ""


def _ends_sentence(text: str, stop_start: int, stop: str, next_start: int) -> bool:
    """Whether the `stop` at `stop_start`, then whitespace up to `next_start`, closes a sentence."""
    if next_start >= len(text):
        return True
    following = text[next_start]
    if following.islower() or (not following.isalnum() and _first_letter(text, next_start).islower()):
        return False
    if stop.rstrip(_CLOSERS) != ".":
        # "?", "!", "..." and friends before a capital or a digit end the sentence.
        return True
    word = _WORD_BEFORE.search(text, max(0, stop_start - 40), stop_start).group().rstrip(_CLOSERS)  # type: ignore[union-attr]
    if not word:
        return True
    if "." in word:
        if all(len(part) <= 2 for part in word.split(".")):
            return False  # a dotted acronym: "U.S", "e.g", "a.m"
        bare = word.replace(".", "")
    else:
        bare = word
    if len(bare) == 1 and bare.isupper():
        return False  # an initial: "J. Smith"
    if bare.casefold() in _ABBREVIATIONS:
        return False
    if bare.isdigit() and len(bare) <= 2:
        # "12. April" (a day number) versus "in 2019. Then" (a year ends a sentence).
        next_word = _FIRST_WORD.match(text, next_start).group()  # type: ignore[union-attr]
        if "".join(ch for ch in next_word if ch.isalpha()).casefold() in _MONTHS:
            return False
    return True


_FIRST_WORD = re.compile(r"\S*")


@functools.lru_cache(maxsize=32)
def sentence_bounds(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Starts and ends (exclusive) of every sentence in `text`, in order, whitespace trimmed.

    Cached: a document's blocks are split once however many links they hold.
    """
    cuts: list[tuple[int, int]] = []  # (end of a sentence, start of the next)
    for match in _PARAGRAPH_BREAK.finditer(text):
        cuts.append((match.start(), match.end()))
    skip_whitespace = _WHITESPACE_RUN.match
    for match in _STOP.finditer(text):
        end = match.end()
        next_start = skip_whitespace(text, end).end()  # type: ignore[union-attr]  # _STOP ends before whitespace
        if _ends_sentence(text, match.start(), match.group(), next_start):
            cuts.append((end, next_start))
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
    # str.strip drops exactly the characters str.isspace accepts: trim by the lengths it cuts.
    piece = text[start:end]
    trimmed = piece.lstrip()
    start += len(piece) - len(trimmed)
    trimmed = trimmed.rstrip()
    if trimmed:
        starts.append(start)
        ends.append(start + len(trimmed))


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds [s, e) of the whole sentence of plain `text` that contains the span [start, end).

    When the span straddles a sentence end (an anchor holding "U.S. Treasury. Then..."), the
    sentences it touches are joined: a claim never cuts a link's anchor in two.
    """
    length = len(text)
    start = 0 if start < 0 else length if start > length else start
    end = start if end < start else length if end > length else end
    starts, ends = sentence_bounds(text)
    if not starts:
        return start, end
    first = bisect.bisect_right(starts, start) - 1
    if first < 0:
        first = 0
    last_sentence = len(starts) - 1
    if ends[first] <= start and first < last_sentence:
        first += 1  # the span starts in the gap between two sentences
    last = first
    while last < last_sentence and ends[last] < end and starts[last + 1] < end:
        last += 1
    sentence_start, sentence_end = starts[first], ends[last]
    return (start if start < sentence_start else sentence_start), (end if end > sentence_end else sentence_end)


def sentence_text(text: str, start: int, end: int) -> str:
    """The claim of the span [start, end) of `text`: its sentence, whitespace collapsed, bounded
    to about ``MAX_CLAIM_CHARS`` around the span (see ``claim_window``)."""
    s, e = sentence_around(text, start, end)
    return claim_window(text, s, e, start, end)


def claim_window(text: str, sentence_start: int, sentence_end: int, start: int, end: int) -> str:
    """The sentence [sentence_start, sentence_end) of `text` as the claim of the span [start, end).

    A short sentence is the claim whole (and shared by every link in it). A longer one is cut to
    ``MAX_CLAIM_CHARS`` around the span, between words where one is near, with an ellipsis at
    each cut end.
    """
    if sentence_end - sentence_start <= MAX_CLAIM_CHARS:
        return _collapsed_sentence(text, sentence_start, sentence_end)
    # Collapsed once per sentence (cached), a sentence long only in its whitespace is shown whole.
    if sentence_end - sentence_start <= _WHOLE_IF_UNDER:
        whole = _collapsed_sentence(text, sentence_start, sentence_end)
        if len(whole) <= MAX_CLAIM_CHARS:
            return whole  # long only in its whitespace
    # As max() and min() would place them, without a call each: this runs once per link.
    room = MAX_CLAIM_CHARS - (end - start)
    low = start - room // 2 if room > 0 else start
    if low < sentence_start:
        low = sentence_start
    high = low + MAX_CLAIM_CHARS
    if high < end:
        high = end
    if high > sentence_end:
        high = sentence_end
    if high - MAX_CLAIM_CHARS < low:  # room unused after the span goes before it
        low = high - MAX_CLAIM_CHARS if high - MAX_CLAIM_CHARS > sentence_start else sentence_start
    collapsed = _collapsed_already(text, sentence_start, sentence_end)
    if collapsed:  # the usual long sentence: its only whitespace is single spaces
        low, high = _after_space(text, low, sentence_start, start), _before_space(text, high, end, sentence_end)
    else:
        low, high = _between_words(text, low, sentence_start, start, forward=True), _between_words(text, high, end, sentence_end, forward=False)
    shown = text[low:high]
    if not collapsed:
        shown = readable_text(shown)
    elif shown[:1] == " " or shown[-1:] == " ":
        shown = shown.strip(" ")  # single spaces only: what collapsing would do is drop an end's
    if len(shown) > MAX_CLAIM_CHARS:
        shown = shown[:MAX_CLAIM_CHARS].rstrip()  # an anchor longer than any claim: its start
        high = sentence_end - 1
    # Built in one step: "…" + shown + "…" copies the claim twice, widening it to UCS-2 each time.
    if low > sentence_start:
        claim = f"{ELLIPSIS}{shown}{ELLIPSIS}" if high < sentence_end else f"{ELLIPSIS}{shown}"
    else:
        claim = f"{shown}{ELLIPSIS}" if high < sentence_end else shown
    # The same text as the claim cut before (a link repeated through a long sentence) is held once,
    # and its id's hash is worked out once: 30,000 such links would keep 30,000 equal claims of 1.2 KB.
    global _last_window  # noqa: PLW0603 - the claim cut last
    if claim == _last_window:
        return _last_window
    _last_window = claim
    return claim


_last_window = ""


def _collapsed_already(text: str, start: int, end: int) -> bool:
    """Whether every stretch of the sentence is as ``collapse_whitespace`` gives it, save for a
    space at either end: printable (no whitespace but the space) with no space doubled. Asked once
    per long sentence, not once per link in it: the last sentence asked is answered without the
    cache's lookup (a key made and hashed), a fifth of a long sentence's claim."""
    global _last_collapsed  # noqa: PLW0603 - the one sentence the links being read share
    last = _last_collapsed
    if last[0] is text and last[1] == start and last[2] == end:
        return last[3]
    answer = _collapsed_sentence_already(text, start, end)
    _last_collapsed = (text, start, end, answer)
    return answer


_NOTHING_ASKED: tuple[str, int, int, bool] = ("", 0, 0, False)
_last_collapsed = _NOTHING_ASKED


@functools.lru_cache(maxsize=256)
def _collapsed_sentence_already(text: str, start: int, end: int) -> bool:
    sentence = text[start:end]
    return sentence.isprintable() and "  " not in sentence


def _between_words(text: str, cut: int, floor: int, ceiling: int, *, forward: bool) -> int:
    """`cut` moved to the nearest whitespace within _WORD_SNAP characters, staying in [floor, ceiling]."""
    if cut <= floor or cut >= ceiling or text[cut - 1].isspace() or text[cut].isspace():
        return cut
    if forward:
        # To the end of the first run of whitespace in the window, the run cut at the window's
        # end. The first space is found in C; other whitespace before it sends the search to the
        # pattern.
        highest = ceiling if ceiling < cut + _WORD_SNAP else cut + _WORD_SNAP
        index = text.find(" ", cut, highest)
        if not text[cut : highest if index == -1 else index].isprintable():
            found = _WHITESPACE_RUN.search(text, cut, highest)
            return found.end() if found else cut
        if index == -1:
            return cut
        index += 1
        while index < highest and text[index].isspace():
            index += 1
        return index
    # Back to the start of the last run of whitespace in the window before the cut. The last
    # space is found in C; only when other whitespace (a line break, a tab: not printable) stands
    # after it is the window stepped through one character at a time.
    lowest = max(floor, cut - _WORD_SNAP)
    index = text.rfind(" ", lowest, cut)
    if not text[max(index + 1, lowest) : cut].isprintable():
        index = cut - 1
        while index >= lowest and not text[index].isspace():
            index -= 1
    if index < lowest:
        return cut
    while index > lowest and text[index - 1].isspace():
        index -= 1
    return index


def _after_space(text: str, cut: int, floor: int, ceiling: int) -> int:
    """``_between_words(forward=True)`` where text[floor:ceiling] is collapsed already (printable,
    no space doubled): the only whitespace is a lone space, so the first one found is the run."""
    if cut <= floor or cut >= ceiling or text[cut - 1] == " " or text[cut] == " ":
        return cut
    index = text.find(" ", cut, ceiling if ceiling < cut + _WORD_SNAP else cut + _WORD_SNAP)
    return cut if index == -1 else index + 1


def _before_space(text: str, cut: int, floor: int, ceiling: int) -> int:
    """``_between_words(forward=False)`` where text[floor:ceiling] is collapsed already."""
    if cut <= floor or cut >= ceiling or text[cut - 1] == " " or text[cut] == " ":
        return cut
    index = text.rfind(" ", floor if floor > cut - _WORD_SNAP else cut - _WORD_SNAP, cut)
    return cut if index == -1 else index


@functools.lru_cache(maxsize=256)
def _collapsed_sentence(text: str, start: int, end: int) -> str:
    # Links that share a sentence share its claim: collapse it once.
    return readable_text(text[start:end])


def forget_blocks() -> None:
    """Drop the cached sentences of the last blocks read: they hold those blocks' whole text."""
    global _last_collapsed, _last_window  # noqa: PLW0603 - they hold a block's text too
    sentence_bounds.cache_clear()
    _collapsed_sentence.cache_clear()
    _collapsed_sentence_already.cache_clear()
    _last_collapsed = _NOTHING_ASKED
    _last_window = ""
