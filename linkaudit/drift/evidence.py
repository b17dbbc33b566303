"""Claim evidence: is what the piece cited still in the source?

From each citation three kinds of evidence are taken, and each is looked up in the live main text
and in the capture's:

- ``quote``: phrases the claim puts in quotation marks ('beautiful letters', "trivial", “…”);
- ``number``: figures of two or more digits, or with a decimal part ("40 million", "3.5%", "2016");
- ``anchor``: the anchor text's distinctive words (no stop words, no "here", "report", "link").

Only evidence the capture confirms counts for a verdict: a year in the claim that the source
never printed says nothing about the source. A live source carries the claim when it still holds
every confirmed quote and number, or, with none of those, the confirmed anchor words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from linkaudit.drift.text import contains_phrase, normalise
from linkaudit.models import Citation, Drift, DriftStatus, Evidence, PagePrint

__all__ = ["MOSTLY_SAME_FROM", "carries", "claim_evidence", "cited_items", "still_backs"]

MOSTLY_SAME_FROM = 0.5  # with no evidence to look up, a changed page this similar still backs
MAX_QUOTE_WORDS = 12
MAX_ITEMS = 8

_QUOTED = re.compile(
    r"\"([^\"\n]{2,200}?)\"|\u201c([^\u201c\u201d\n]{2,200}?)\u201d|\u00ab\s?([^\u00ab\u00bb\n]{2,200}?)\s?\u00bb"
    r"|(?<![\w'])'([^'\n]{2,200}?)'(?!\w)|(?<!\w)\u2018([^\u2018\u2019\n]{2,200}?)\u2019(?!\w)"
)
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)")
_STOP_WORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his i in into is it its of on or
    our she that the their them they this those to was we were which who will with you your not no
    than then there these what when where why how all any more most other some such only own same so
    too very can just also about after before over under again further once here click read more
    link links page pages site website article articles report reports statement statements study
    studies source sources paper papers post posts story stories document documents pdf via said says
    see new news""".split()
)


def cited_items(citation: Citation) -> list[tuple[str, str]]:
    """(kind, normalised text) of the evidence a citation offers, quotes first, at most ``MAX_ITEMS``."""
    items: list[tuple[str, str]] = []
    for match in _QUOTED.finditer(citation.claim):
        phrase = normalise(next(group for group in match.groups() if group is not None))
        if phrase and len(phrase.split()) <= MAX_QUOTE_WORDS:
            items.append(("quote", phrase))
    for number in _NUMBER.findall(normalise(citation.claim)):
        if len(number.replace(".", "")) >= 2 or "." in number:
            items.append(("number", number))
    words = [w for w in normalise(citation.anchor).split() if w not in _STOP_WORDS and len(w) > 2 and not w[0].isdigit()]
    if words:
        items.append(("anchor", " ".join(dict.fromkeys(words))))
    return list(dict.fromkeys(items))[:MAX_ITEMS]


def _found(kind: str, item: str, text: str) -> bool:
    if kind == "quote":
        return contains_phrase(text, item)
    if kind == "number":
        return re.search(rf"(?<![\w.]){re.escape(item)}(?![\d]|[.,]\d)", text) is not None
    present = set(text.split())
    return all(word in present for word in item.split())


def claim_evidence(citation: Citation, live: PagePrint | None, capture: PagePrint | None) -> tuple[Evidence, ...]:
    """Each piece of the citation's evidence, with whether the live text and the capture hold it."""
    return tuple(
        Evidence(
            kind=kind,
            text=item,
            live=None if live is None else _found(kind, item, live.text),
            capture=None if capture is None else _found(kind, item, capture.text),
        )
        for kind, item in cited_items(citation)
    )


def carries(evidence: Iterable[Evidence]) -> bool | None:
    """Whether the live source still carries the claim, by the evidence the capture confirms;
    None when there is none to go by."""
    confirmed = [e for e in evidence if e.capture and e.live is not None]
    strong = [e for e in confirmed if e.kind != "anchor"]
    if strong:
        return all(e.live for e in strong)
    anchors = [e for e in confirmed if e.kind == "anchor"]
    if anchors:
        return all(e.live for e in anchors)
    return None


def still_backs(drift: Drift | None, evidence: Sequence[Evidence]) -> bool:
    """Whether a live source backs its claim, given its drift: unchanged, or changed but still
    carrying the claim's evidence (or, with no evidence to go by, mostly the same text).
    A source that was not compared backs as its liveness says."""
    if drift is None or drift.status in (DriftStatus.NOT_COMPARED, DriftStatus.UNCHANGED):
        return True
    if drift.status is DriftStatus.REPLACED:
        return False
    verdict = carries(evidence)
    if verdict is not None:
        return verdict
    return drift.similarity is not None and drift.similarity >= MOSTLY_SAME_FROM
