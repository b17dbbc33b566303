"""Drift of one source: its live main text against its capture from the time of the piece.

Measure: word 5-shingles (Broder's resemblance, the measure behind near-duplicate detection) of
the normalised main text without dates, times and counters. ``similarity`` is their Jaccard
index. Because one added sentence is a small share of a long article, the decision counts words
instead: a word is *kept* when some shingle covering it is in both texts, so a new or reworded
sentence shows up as that many new and lost words however long the article. The two titles'
word sets give a second signal.

- ``unchanged``: at most ``UNCHANGED_MAX_WORDS`` words new or lost, however long the text: the
  same article, whatever moved around it;
- ``replaced``: under ``REPLACED_BELOW`` of the captured words kept, and another title (with no
  titles to go by, a live page far shorter than the capture): a parked domain, a home page or
  listing, another story;
- ``changed`` otherwise, with how much of the captured text is gone and how much is new.
"""

from __future__ import annotations

from linkaudit.drift.text import MAX_TEXT_CHARS, main_text, normalise, shingle_words
from linkaudit.models import Drift, DriftStatus, PagePrint, Snapshot

__all__ = [
    "REPLACED_BELOW",
    "SHINGLE_WORDS",
    "UNCHANGED_MAX_WORDS",
    "compare_prints",
    "is_html",
    "page_print",
    "similarity",
    "title_similarity",
]

SHINGLE_WORDS = 5
UNCHANGED_MAX_WORDS = 6  # a corrected typo or two is no drift; a new sentence is
REPLACED_BELOW = 0.2  # share of the captured words still present in the live text
SAME_TITLE_FROM = 0.5
STUB_RATIO = 0.25  # a live text this much shorter than the capture's, sharing little, is another page
MIN_WORDS = 20  # fewer words than this in the capture: nothing to compare
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_html(content_type: str | None) -> bool:
    """Whether a page of this Content-Type has a main text to compare (no header: taken as HTML)."""
    kind = (content_type or "text/html").split(";", 1)[0].strip().lower()
    return kind in _HTML_TYPES


def page_print(html: str, title: str | None = None) -> PagePrint:
    """The print of an HTML page: its title and its normalised main text, bounded."""
    text = normalise(main_text(html))
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS].rsplit(" ", 1)[0]
    return PagePrint(title=title, text=text)


def _shingles(words: list[str]) -> list[int]:
    """One hash per shingle position (one for a text shorter than a shingle)."""
    if len(words) < SHINGLE_WORDS:
        return [hash(tuple(words))] if words else []
    return [hash(tuple(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)]


def _uncovered(words: list[str], shingles: list[int], shared: set[int]) -> int:
    """How many words no shared shingle covers."""
    covered = [False] * len(words)
    span = min(SHINGLE_WORDS, len(words))
    for start, shingle in enumerate(shingles):
        if shingle in shared:
            covered[start : start + span] = [True] * span
    return covered.count(False)


def similarity(first: str, second: str) -> float:
    """Jaccard similarity of two normalised texts' word shingles (1.0 for two empty texts)."""
    a, b = set(_shingles(shingle_words(first))), set(_shingles(shingle_words(second)))
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def title_similarity(first: str | None, second: str | None) -> float | None:
    """Jaccard similarity of two titles' word sets; None when either is missing."""
    if not first or not second:
        return None
    a, b = set(normalise(first).split()), set(normalise(second).split())
    if not a or not b:
        return None
    return len(a & b) / len(a | b)


def compare_prints(capture: PagePrint, live: PagePrint, snapshot: Snapshot) -> Drift:
    """The drift of ``live`` from ``capture`` (taken from ``snapshot``)."""
    old_words, new_words = shingle_words(capture.text), shingle_words(live.text)
    if len(old_words) < MIN_WORDS:
        return Drift(DriftStatus.NOT_COMPARED, "the capture holds too little text to compare", capture=snapshot)
    old, new = _shingles(old_words), _shingles(new_words)
    shared = set(old) & set(new)
    union = set(old) | set(new)
    resemblance = round(len(shared) / len(union), 4) if union else 1.0
    lost = _uncovered(old_words, old, shared)
    added = _uncovered(new_words, new, shared)
    titles = title_similarity(capture.title, live.title)
    titles = round(titles, 4) if titles is not None else None
    if lost + added <= UNCHANGED_MAX_WORDS:
        return Drift(DriftStatus.UNCHANGED, "the main text is the same as in the capture", resemblance, titles, snapshot)
    kept = 1 - lost / len(old_words)
    other_title = titles is not None and titles < SAME_TITLE_FROM
    stub = len(new_words) < STUB_RATIO * len(old_words)
    # Under the same title it is the same page, however much it changed (a club's front page with
    # this week's news); without titles, a stub where an article was is another page.
    if kept < REPLACED_BELOW and (other_title or (titles is None and stub)):
        why = "a much shorter page" if stub else "another title"
        return Drift(
            DriftStatus.REPLACED, f"a different page: {1 - kept:.0%} of the captured text is gone, {why}",
            resemblance, titles, snapshot,
        )
    return Drift(
        DriftStatus.CHANGED,
        f"{lost / len(old_words):.0%} of the captured text gone or reworded, {added} new word{'s' if added != 1 else ''}",
        resemblance, titles, snapshot,
    )
