"""Helpers every report format shares: link states, counts, ordering, safe text."""

from __future__ import annotations

import os
import re
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from linkaudit.models import (
    CheckResult,
    ClaimVerdict,
    DateBound,
    DateSource,
    DocumentAudit,
    LinkAudit,
    LinkStatus,
    PublicationDate,
    Report,
    Snapshot,
    Verdict,
)
from linkaudit.policy import RULE_ORDER, Finding, Policy, failure_streak, findings
from linkaudit.report.looks import Look, verdict_look
from linkaudit.verdict import count_verdicts

__all__ = [
    "INTERNAL",
    "LINK_STATES",
    "UNCHECKED",
    "ClaimView",
    "Place",
    "annotation_file",
    "capture_phrase",
    "published_phrase",
    "fail_on_words",
    "fails_the_build",
    "nothing_fails",
    "place_levels",
    "places",
    "reason_beyond_status",
    "status_phrase",
    "worst_first",
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

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode bidi overrides that can
# make text read differently from what it is (CVE-2021-42574 style), and the code points XML
# forbids (lone surrogates, U+FFFE, U+FFFF).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def clean(text: str | None) -> str:
    """Page text with control characters removed: safe to put in a terminal, XML or HTML."""
    return _UNSAFE.sub("", text or "")


def shorten(text: str, limit: int) -> str:
    """Text on one line, cut at a word boundary with an ellipsis when longer than ``limit``."""
    flat = " ".join(clean(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: max(limit - 1, 0)]
    if " " in cut and not flat[len(cut)].isspace():
        cut = cut[: cut.rindex(" ")]  # never end in the middle of a word
    return cut.rstrip(" ,;:") + "\u2026"


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


def artifact_path(path: str) -> str:
    """A piece's path as CI tools want it: relative to the working directory when inside it, "/"-separated."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix() if os.sep == "/" else str(candidate).replace(os.sep, "/")


def status_phrase(check: CheckResult) -> str:
    """What the source answered, said once: "HTTP 404 (not found)", "timed out after 3 attempts"."""
    reason = " ".join(clean(check.reason).split())
    if check.http_status is None or reason.startswith(f"HTTP {check.http_status}"):
        return reason
    if check.status.is_live and check.status is LinkStatus.ALIVE:
        return f"HTTP {check.http_status}"
    return f"HTTP {check.http_status}: {reason}"


def capture_phrase(snapshot: Snapshot) -> str:
    """"archived copy of 2021-03-02, 13 days before publication" (the URL goes on a line of its own)."""
    days = f"{snapshot.distance_days} day{'s' if snapshot.distance_days != 1 else ''}"
    side = "before" if snapshot.relation == "before" else "after"
    return f"archived copy of {capture_date(snapshot)}, {days} {side} publication"


_DATE_SOURCE_WORDS = {
    DateSource.OPTION: "--published",
    DateSource.FRONT_MATTER: "front matter",
    DateSource.HTML_METADATA: "HTML metadata",
    DateSource.TEXT_HEADER: "the text's header",
    DateSource.PIECE_URL: "the piece's URL",
    DateSource.GIT: "the first git commit",
}


def published_phrase(published: PublicationDate | None, not_before: DateBound | None = None) -> str:
    """"published 2021-03-15 (from front matter 'date')": where the date came from, said once.
    A bound is never said as the date: "publication date unknown; not before 2019-08-11 (...)"."""
    if published is None and not_before is not None:
        detail = " ".join(clean(not_before.detail).split())
        origin = f"the cited URLs: {detail}" if detail else "the cited URLs"
        return f"publication date unknown; not before {not_before.date.isoformat()} (a bound from {origin})"
    if published is None:
        return "publication date unknown"
    prefix = "published"
    words = _DATE_SOURCE_WORDS.get(published.source, str(published.source).replace("-", " "))
    detail = " ".join(clean(published.detail).split())
    if not detail:
        origin = words
    elif detail.casefold().startswith(words.casefold()) or words.casefold().removeprefix("the ") in detail.casefold():
        origin = detail  # the detail already names where it came from
    else:
        origin = f"{words}: {detail}"
    return f"{prefix} {published.date.isoformat()} (from {origin})"


@dataclass(frozen=True)
class Place:
    """Everything wrong at one place in a piece: a problem claim, its source there, or both.

    One place is one finding for a reader (and one annotation, one SARIF result): an unbacked
    claim and its dead source at the same line and column are one problem, not two.
    """

    document: DocumentAudit
    line: int
    column: int
    link: LinkAudit | None  # the citation at this place
    claim: ClaimVerdict | None  # the claim, when its verdict is a finding
    source_finding: Finding | None  # the citation's status, when it is a finding
    claim_finding: Finding | None

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in (self.claim_finding, self.source_finding) if f is not None)

    @property
    def level(self) -> str:
        return "error" if any(f.level == "error" for f in self.findings) else "warning"

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(f.rule for f in self.findings)

    @property
    def where(self) -> str:
        return f"{self.document.path or self.document.source}:{self.line}:{self.column}"

    @property
    def title(self) -> str:
        """"unbacked claim, dead source"."""
        parts = []
        if self.claim_finding is not None:
            parts.append(f"{self.claim_finding.rule} claim")
        if self.source_finding is not None:
            parts.append(f"{self.source_finding.rule} source")
        return ", ".join(parts)

    def sentences(self) -> list[str]:
        """The place's problem, one fact per line, URLs whole: for annotations, SARIF, job logs."""
        out = []
        if self.claim is not None and self.claim_finding is not None:
            note = self.claim_finding.message.partition(self.claim.reason)[2].partition(": \u201c")[0]
            out.append(f"Claim {self.claim.verdict.value}: {self.claim.reason}{note}")
        if self.link is not None and self.source_finding is not None and self.link.check is not None:
            check = self.link.check
            out.append(f"Source {check.status.value}: {self.link.citation.url} \u2014 {status_phrase(check)}")
            if (streak := _streak(self.source_finding, check)):
                out.append(streak)
            snapshot = self.link.archive.snapshot if self.link.archive is not None else None
            if snapshot is not None:
                out.append(f"{capture_phrase(snapshot).capitalize()}: {snapshot.url}")
        claim_text = self.claim.text if self.claim is not None else self.link.citation.claim if self.link else ""
        if claim_text:
            out.append(f"Claim: \u201c{' '.join(clean(claim_text).split())}\u201d")
        return out


def _streak(finding: Finding, check: CheckResult) -> str:
    """The finding's notes on how long the source has failed or why it is not yet confirmed."""
    starts = ("not yet confirmed", f"{check.status.value} since")
    notes = [part.strip() for part in finding.message.split("; ")[1:] if part.strip().startswith(starts)]
    if not notes and (streak := failure_streak(check)):
        notes = [streak]
    return "; ".join(notes).capitalize() if notes else ""


def _rule_rank(rule: str) -> int:
    return RULE_ORDER.index(rule) if rule in RULE_ORDER else len(RULE_ORDER)


def places(report: Report, policy: Policy) -> list[Place]:
    """Every problem place of the report, worst first (errors, then by rule), then in reading order."""
    found = findings(report, policy)
    result: list[tuple[tuple[int, int, int, int, int], Place]] = []
    for index, document in enumerate(report.documents):
        mine = [f for f in found if f.source == document.source]
        grouped: dict[tuple[int, int], list[Finding]] = {}
        for finding in mine:
            grouped.setdefault((finding.line, finding.column), []).append(finding)
        for place in _places_in(document, grouped):
            order = (place.level != "error", min(_rule_rank(r) for r in place.rules), index, place.line, place.column)
            result.append((order, place))
    result.sort(key=lambda item: item[0])
    return [place for _, place in result]


def fails_the_build(errors: int) -> str:
    """"1 problem fails the build", "3 problems fail the build": every format says it alike."""
    return f"{errors} problem{'s fail' if errors != 1 else ' fails'} the build"


def nothing_fails(*, complete: bool) -> str:
    return "Nothing fails the build" if complete else "Nothing fails the build so far"


def fail_on_words(policy: Policy) -> str:
    """What the policy fails on, as "fail on: …" shows it."""
    return ", ".join(sorted(policy.fail_on))


def place_levels(found: Iterable[Place]) -> tuple[int, int]:
    """(places that fail the build, places that only warn): what a person counts as problems."""
    levels = [place.level for place in found]
    return levels.count("error"), levels.count("warning")


def _places_in(document: DocumentAudit, grouped: dict[tuple[int, int], list[Finding]]) -> list[Place]:
    """A place for each position's findings, with the first link at that position and its claim
    (the one the claim finding names, else the link's): one pass over the links and one over the
    claims, however many places."""
    links: dict[tuple[int, int], LinkAudit] = {}
    if grouped:
        for candidate in document.links:
            position = (candidate.citation.location.line, candidate.citation.location.column)
            if position in grouped:
                links.setdefault(position, candidate)
    claim_ids: dict[tuple[int, int], str] = {}
    for position, here in grouped.items():
        claim_finding = next((f for f in here if f.url is None), None)
        if claim_finding is not None:
            claim_ids[position] = claim_finding.claim_id
        elif position in links:
            claim_ids[position] = links[position].citation.claim_id
    claims: dict[str, ClaimVerdict] = {}
    if claim_ids:
        wanted = set(claim_ids.values())
        for claim in document.claims:
            if claim.claim_id in wanted:
                claims.setdefault(claim.claim_id, claim)
    return [
        Place(
            document,
            line,
            column,
            links.get((line, column)),
            claims.get(claim_ids[line, column]) if (line, column) in claim_ids else None,
            next((f for f in here if f.url is not None), None),
            next((f for f in here if f.url is None), None),
        )
        for (line, column), here in grouped.items()
    ]


def annotation_file(document: DocumentAudit) -> str | None:
    """The file a CI annotation points at: the piece's path, or a source named like a relative file
    (the demo's piece); None for web pages and stdin."""
    if document.path:
        return artifact_path(document.path)
    source = document.source
    if "://" in source or source in ("-", "<stdin>") or not source.strip():
        return None
    return artifact_path(source)
