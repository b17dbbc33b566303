"""The records that flow between linkaudit's stages.

    Document --extract--> Extraction (Citations) --check--> CheckResult
             --archive--> ArchiveLookup (Snapshot) --drift--> Drift, Evidence
             --verdict--> ClaimVerdict
             --pipeline--> DocumentAudit --> Report

Every record is a small frozen dataclass: stages never mutate what they receive. Each stage's
records are defined in a module of ``linkaudit.records``; this is the one name to import them by.
"""

from __future__ import annotations

from linkaudit.records.archives import ArchiveLookup, ArchiveOutcome, Snapshot
from linkaudit.records.audits import ClaimVerdict, DocumentAudit, LinkAudit, Report, Verdict
from linkaudit.records.checks import CheckHistory, CheckResult, Hop, LinkStatus, PagePrint
from linkaudit.records.citations import Citation, Extraction, Location, NonCitation, claim_id_for
from linkaudit.records.drift import Drift, DriftStatus, Evidence
from linkaudit.records.pieces import DateBound, DateSource, Document, DocumentKind, PublicationDate, reference_date
from linkaudit.records.views import RecordView

__all__ = [
    "ArchiveLookup",
    "ArchiveOutcome",
    "CheckHistory",
    "CheckResult",
    "Citation",
    "ClaimVerdict",
    "DateBound",
    "DateSource",
    "Document",
    "DocumentAudit",
    "DocumentKind",
    "Drift",
    "DriftStatus",
    "Evidence",
    "Extraction",
    "Hop",
    "LinkAudit",
    "LinkStatus",
    "Location",
    "NonCitation",
    "PagePrint",
    "PublicationDate",
    "RecordView",
    "Report",
    "Snapshot",
    "Verdict",
    "claim_id_for",
    "reference_date",
]
