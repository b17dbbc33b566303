"""What the audit says of a piece: each link with its stages' findings, each claim's verdict, the report."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from linkaudit.records.archives import ArchiveLookup
from linkaudit.records.checks import CheckResult
from linkaudit.records.citations import Citation, NonCitation
from linkaudit.records.drift import Drift, Evidence
from linkaudit.records.pieces import DateBound, PublicationDate

__all__ = ["ClaimVerdict", "DocumentAudit", "LinkAudit", "Report", "Verdict"]


class Verdict(enum.StrEnum):
    BACKED = "backed"
    DRIFTED = "drifted"
    ARCHIVED = "archived"
    UNBACKED = "unbacked"
    UNVERIFIED = "unverified"


@dataclass(frozen=True, slots=True)
class LinkAudit:
    """One citation with what the check, archive and drift stages found."""

    citation: Citation
    check: CheckResult | None = None  # None for internal links that are never checked
    archive: ArchiveLookup | None = None
    drift: Drift | None = None  # None when drift was not asked for this source
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimVerdict:
    claim_id: str
    text: str
    line: int
    verdict: Verdict
    reason: str
    links: tuple[int, ...]  # indexes into DocumentAudit.links


@dataclass(frozen=True, slots=True)
class DocumentAudit:
    """One piece's audit. ``links`` and ``claims`` are tuples, or ``RecordView``s made from what
    the audit holds (``linkaudit.pipeline``); read back from a saved report, tuples."""

    source: str
    title: str | None
    published: PublicationDate | None
    links: Sequence[LinkAudit]
    claims: Sequence[ClaimVerdict]
    non_citations: tuple[NonCitation, ...] = ()
    warnings: tuple[str, ...] = ()
    path: str | None = None
    not_before: DateBound | None = None  # set only when no publication date is known


@dataclass(frozen=True, slots=True)
class Report:
    documents: tuple[DocumentAudit, ...]
    generated_at: dt.datetime
    tool_version: str
    complete: bool = True  # False when the run was interrupted: what is here is what was known
