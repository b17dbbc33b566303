"""What every report format reads of a report alike: each link's state, counts in display order,
claims with their links, and every link and claim one at a time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from linkaudit.models import ClaimVerdict, DocumentAudit, LinkAudit, LinkStatus, Report, Verdict
from linkaudit.report.looks import Look, verdict_look
from linkaudit.verdict import count_verdicts

__all__ = [
    "INTERNAL",
    "LINK_STATES",
    "UNCHECKED",
    "ClaimView",
    "all_claims",
    "all_links",
    "claim_views",
    "count_states",
    "count_verdicts",
    "link_state",
    "verdict_rank",
    "worst_first",
]

# A link with no check is either internal (never checked by design) or unchecked (the run
# stopped before its turn); reports name both instead of pretending they have a status.
INTERNAL = "internal"
UNCHECKED = "unchecked"
LINK_STATES: tuple[str, ...] = (*(status.value for status in LinkStatus), INTERNAL, UNCHECKED)


def link_state(link: LinkAudit) -> str:
    if link.check is not None:
        return link.check.status.value
    return INTERNAL if link.citation.internal else UNCHECKED


def verdict_rank(verdict: Verdict | str) -> int:
    return verdict_look(str(verdict)).rank


def worst_first(counts: dict[str, int], look: Callable[[str], Look]) -> list[tuple[str, int]]:
    """Counts in display order: the worst verdict or state first."""
    return sorted(counts.items(), key=lambda item: look(item[0]).rank)


def count_states(links: Iterable[LinkAudit]) -> dict[str, int]:
    counts = Counter(link_state(link) for link in links)
    known = {state: counts.pop(state, 0) for state in LINK_STATES}
    return known | dict(counts)


@dataclass(frozen=True)
class ClaimView:
    """A claim with its links resolved, for formats that go claim by claim."""

    document: DocumentAudit
    claim: ClaimVerdict
    links: tuple[LinkAudit, ...]


def claim_views(document: DocumentAudit, *, problems_first: bool = True) -> list[ClaimView]:
    views = [
        ClaimView(document, claim, tuple(document.links[i] for i in claim.links if 0 <= i < len(document.links)))
        for claim in document.claims
    ]
    if problems_first:
        # Stable sort: within a verdict, claims keep the order of the piece.
        views.sort(key=lambda view: verdict_rank(view.claim.verdict))
    return views


def all_claims(report: Report) -> Iterator[ClaimVerdict]:
    """Every claim of the report, one at a time (a document's claims may be made as they are read)."""
    return (claim for document in report.documents for claim in document.claims)


def all_links(report: Report) -> Iterator[LinkAudit]:
    """Every link of the report, one at a time (a document's links may be made as they are read)."""
    return (link for document in report.documents for link in document.links)
