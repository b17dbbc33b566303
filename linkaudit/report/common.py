"""Helpers every report format shares: link states, counts, ordering, safe text."""

from __future__ import annotations

import os
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from linkaudit.models import CheckResult, ClaimVerdict, DocumentAudit, LinkAudit, LinkStatus, Report, Snapshot, Verdict

__all__ = [
    "INTERNAL",
    "LINK_STATES",
    "UNCHECKED",
    "ClaimView",
    "all_claims",
    "all_links",
    "artifact_path",
    "capture_date",
    "claim_views",
    "clean",
    "count_states",
    "count_verdicts",
    "domain",
    "drift_summary",
    "is_web_url",
    "link_state",
    "shorten",
    "verdict_rank",
]

# A link with no check is either internal (never checked by design) or unchecked (the run
# stopped before its turn); reports name both instead of pretending they have a status.
INTERNAL = "internal"
UNCHECKED = "unchecked"
LINK_STATES: tuple[str, ...] = (*(status.value for status in LinkStatus), INTERNAL, UNCHECKED)

_VERDICT_ORDER = (Verdict.UNBACKED, Verdict.DRIFTED, Verdict.UNVERIFIED, Verdict.ARCHIVED, Verdict.BACKED)

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode bidi overrides that can
# make text read differently from what it is (CVE-2021-42574 style), and the code points XML
# forbids (lone surrogates, U+FFFE, U+FFFF).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def clean(text: str | None) -> str:
    """Page text with control characters removed: safe to put in a terminal, XML or HTML."""
    return _UNSAFE.sub("", text or "")


def shorten(text: str, limit: int) -> str:
    flat = " ".join(clean(text).split())
    return flat if len(flat) <= limit else flat[: max(limit - 1, 0)].rstrip() + "\u2026"


def link_state(link: LinkAudit) -> str:
    if link.check is not None:
        return link.check.status.value
    return INTERNAL if link.citation.internal else UNCHECKED


def reason_beyond_status(check: CheckResult) -> str:
    """The check's reason without repeating the HTTP status shown beside it ("gone", not "HTTP 410 (gone)")."""
    reason = check.reason
    prefix = f"HTTP {check.http_status}"
    if check.http_status is None or not reason.startswith(prefix):
        return reason
    rest = reason[len(prefix) :].lstrip(" :")
    if rest.startswith("(") and rest.endswith(")") and rest.count("(") == 1:
        rest = rest[1:-1]
    return rest


def domain(url: str) -> str:
    try:
        host = urllib.parse.urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    return host.removeprefix("www.") or url


def is_web_url(url: str | None) -> bool:
    """Whether ``url`` may become a clickable link: http(s) only, no whitespace or controls."""
    if not url or clean(url) != url or any(ch.isspace() for ch in url):
        return False
    return urllib.parse.urlsplit(url).scheme.lower() in ("http", "https")


def capture_date(snapshot: Snapshot) -> str:
    stamp = snapshot.timestamp
    return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"


def drift_summary(link: LinkAudit) -> str:
    """One line on a source's drift and, once compared, the claim's evidence; "" when not asked:
    "changed since the capture of 2021-03-02 (13% of the captured text gone or reworded);
    quote 'beautiful letters': not live, in capture; number 40: live, in capture"."""
    drift = link.drift
    if drift is None:
        return ""
    if not drift.compared:
        return clean(f"not compared ({drift.reason})")  # evidence without a capture decides nothing
    when = f" the capture of {capture_date(drift.capture)}" if drift.capture else " the capture"
    head = f"{drift.status.value} since{when} ({drift.reason})" if drift.status.value != "unchanged" else f"unchanged since{when}"
    found = [
        f"{item.kind} {item.text!r}: "
        + ", ".join(part for part in (_where("live", item.live), _where("in capture", item.capture)) if part)
        for item in link.evidence
        if item.live is not None or item.capture is not None
    ]
    return "; ".join([clean(head), *(clean(part) for part in found)])


def _where(label: str, found: bool | None) -> str:
    if found is None:
        return ""
    return label if found else f"not {label}"


def verdict_rank(verdict: Verdict) -> int:
    return _VERDICT_ORDER.index(verdict)


def count_verdicts(claims: Iterable[ClaimVerdict]) -> dict[str, int]:
    counts = Counter(claim.verdict.value for claim in claims)
    return {verdict.value: counts.get(verdict.value, 0) for verdict in Verdict}


def count_states(links: Iterable[LinkAudit]) -> dict[str, int]:
    counts = Counter(link_state(link) for link in links)
    return {state: counts.get(state, 0) for state in LINK_STATES}


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


def all_claims(report: Report) -> list[ClaimVerdict]:
    return [claim for document in report.documents for claim in document.claims]


def all_links(report: Report) -> list[LinkAudit]:
    return [link for document in report.documents for link in document.links]


def artifact_path(path: str) -> str:
    """A piece's path as CI tools want it: relative to the working directory when inside it, "/"-separated."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix() if os.sep == "/" else str(candidate).replace(os.sep, "/")
