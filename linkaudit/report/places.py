"""The problem places of a report: each place in a piece with everything wrong there, and the file
a CI annotation points at."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from linkaudit.models import CheckResult, ClaimVerdict, DocumentAudit, LinkAudit, Report
from linkaudit.policy import RULE_ORDER, Finding, Policy, failure_streak, findings
from linkaudit.report.phrases import capture_phrase, status_phrase
from linkaudit.report.safe_text import clean

__all__ = ["Place", "annotation_file", "artifact_path", "place_levels", "places"]


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


def artifact_path(path: str) -> str:
    """A piece's path as CI tools want it: relative to the working directory when inside it, "/"-separated."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix() if os.sep == "/" else str(candidate).replace(os.sep, "/")


def annotation_file(document: DocumentAudit) -> str | None:
    """The file a CI annotation points at: the piece's path, or a source named like a relative file
    (the demo's piece); None for web pages and stdin."""
    if document.path:
        return artifact_path(document.path)
    source = document.source
    if "://" in source or source in ("-", "<stdin>") or not source.strip():
        return None
    return artifact_path(source)
