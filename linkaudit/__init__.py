"""linkaudit: which sources still back each claim of a piece?

The stages, each importable on its own and each taking its own options record::

    extract_sources(paths, ExtractOptions()) -> [Extraction]        linkaudit.extract
    check_urls(urls, CheckOptions()) -> {url: CheckResult}          linkaudit.check   (async, httpx on trio)
    find_snapshots(requests, ArchiveOptions())                      linkaudit.archive (async)
    judge_claims(links) -> (ClaimVerdict, ...)                      linkaudit.verdict
    render(report, "json" | "markdown" | ...)                       linkaudit.report

and the whole run: ``audit`` (async) or ``audit_sync``, with ``Settings(**options)``, which
composes the records (``settings.check``, ``settings.archive``...).
"""

from __future__ import annotations

__version__ = "0.1.0"

from linkaudit.errors import ConfigError, InputError, LinkauditError, NetworkUnavailable, ReportError
from linkaudit.models import (
    ArchiveLookup,
    ArchiveOutcome,
    CheckResult,
    Citation,
    ClaimVerdict,
    Document,
    DocumentAudit,
    Extraction,
    LinkAudit,
    LinkStatus,
    Location,
    PublicationDate,
    Report,
    Snapshot,
    Verdict,
)
from linkaudit.options import ArchiveOptions, CacheOptions, CheckOptions, DriftOptions, ExtractOptions, OutputOptions, RunOptions
from linkaudit.settings import Settings


def __getattr__(name: str) -> object:
    # The whole run (extractors, lxml, archives) loads on first use, so that a check worker
    # process, which imports the check stage alone, does not carry it in memory.
    if name in ("audit", "audit_sync"):
        from linkaudit import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'linkaudit' has no attribute {name!r}")

__all__ = [
    "ArchiveLookup",
    "ArchiveOutcome",
    "CheckResult",
    "Citation",
    "ClaimVerdict",
    "ConfigError",
    "Document",
    "DocumentAudit",
    "Extraction",
    "InputError",
    "LinkAudit",
    "LinkStatus",
    "LinkauditError",
    "Location",
    "NetworkUnavailable",
    "PublicationDate",
    "Report",
    "ReportError",
    "Settings",
    "Snapshot",
    "Verdict",
    "__version__",
    "audit",
    "audit_sync",
]
# The stage options records (linkaudit.options).
__all__ += ["ArchiveOptions", "CacheOptions", "CheckOptions", "DriftOptions", "ExtractOptions", "OutputOptions", "RunOptions"]
