"""How the records are laid out in the JSON report (``linkaudit/schema/report.schema.json``).

The writer and the reader share these layouts through one codec, so a key is named, ordered and
converted in one place. Key order is fixed (the order below) so reports diff cleanly. A link never
checked has ``status`` "internal" (a relative link with no base: never checked by design) or
null (the run stopped before its turn).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkaudit.codec import Codec, Key, Layout
from linkaudit.models import (
    ArchiveLookup,
    CheckHistory,
    ClaimVerdict,
    DocumentAudit,
    LinkAudit,
    NonCitation,
)
from linkaudit.report.common import INTERNAL

__all__ = ["READABLE_MAJORS", "REPORT_CODEC", "SCHEMA_VERSION", "TOOL_NAME"]

# Major.minor: a reader accepts any minor of the majors it knows (minors only add keys). 2.0: the
# verdict "drifted" (a value 1.x readers do not know) and each link's drift and evidence;
# "published" is a publication date only, a lower bound is "not_before".
SCHEMA_VERSION = "2.0"
# 1.x reports gave a lower bound as "published" with "published_not_before": still read.
READABLE_MAJORS = ("1", "2")
TOOL_NAME = "linkaudit"


def _internal_status(link: LinkAudit, data: dict[str, Any]) -> None:
    if link.check is None and link.citation.internal:
        data["status"] = INTERNAL


def _link_as_read(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A link's own rules: "internal" is no check, and a lookup is for the link's URL unless it says."""
    archive = data.get("archive")
    if isinstance(archive, Mapping) and archive.get("original") is None:
        data = {**data, "archive": {**archive, "original": data.get("url")}}
    if data.get("status") == INTERNAL:
        data = {**data, "status": None, "internal": True}
    return data


DOCUMENT = Layout(
    keys=(
        Key("source"),
        Key("path"),
        Key("title"),
        Key("published", ("published.date",)),
        Key("published_from", ("published.source",)),
        Key("published_detail", ("published.detail",), absent=""),
        Key("not_before"),
        Key("links"),
        Key("claims"),
        Key("non_citations"),
        Key("warnings"),
    ),
    present={"published": "published"},
)

LINK = Layout(
    keys=(
        Key("url", ("citation.url", "check.url")),
        Key("anchor", ("citation.anchor",)),
        Key("claim", ("citation.claim",)),
        Key("claim_id", ("citation.claim_id",)),
        Key("line", ("citation.location.line",)),
        Key("column", ("citation.location.column",)),
        Key("status", ("check.status",)),
        Key("http_status", ("check.http_status",)),
        Key("final_url", ("check.final_url",)),
        Key("redirects", ("check.redirects",), absent=[]),
        Key("error", ("check.error",)),
        Key("checked_at", ("check.checked_at",)),
        Key("archive"),
        Key("reason", ("check.reason",)),
        Key("heading", ("citation.heading",)),
        Key("written", ("citation.written",)),
        Key("internal", ("citation.internal",)),
        Key("ignored", ("citation.ignored",)),
        Key("version_url", ("citation.version_url",)),
        Key("version_date", ("citation.version_date",)),
        Key("error_kind", ("check.error_kind",)),
        Key("permanent_redirect", ("check.permanent_redirect",), absent=False),
        Key("content_type", ("check.content_type",)),
        Key("page_title", ("check.title",)),
        Key("elapsed", ("check.elapsed",), digits=3),
        Key("attempts", ("check.attempts",), absent=0),
        Key("from_cache", ("check.from_cache",), absent=False),
        Key("history", ("check.history",)),
        Key("drift"),
        Key("evidence"),
    ),
    present={"check": "status"},
    after_encode=_internal_status,
    before_decode=_link_as_read,
)

# The URL the lookup was for, and the capture's fields (null unless one was found).
ARCHIVE = Layout(
    keys=(
        Key("archive", ("snapshot.archive",)),
        Key("url", ("snapshot.url",)),
        Key("timestamp", ("snapshot.timestamp",)),
        Key("status", ("snapshot.status",)),
        Key("relation", ("snapshot.relation",)),
        Key("distance_days", ("snapshot.distance_days",)),
        Key("found_by", ("snapshot.found_by",)),
        Key("outcome"),
        Key("original", ("snapshot.original", "url")),
        Key("verified", ("snapshot.verified",), absent=False),
        Key("target"),
        Key("detail"),
    ),
    present={"snapshot": "url"},
)

HISTORY = Layout(keys=(Key("checks"), Key("consecutive_failures"), Key("first_failure")))

NON_CITATION = Layout(
    keys=(Key("written"), Key("reason"), Key("line", ("location.line",)), Key("column", ("location.column",)))
)

CLAIM = Layout(
    keys=(Key("id", ("claim_id",)), Key("text"), Key("line"), Key("verdict"), Key("reason"), Key("links")),
)

REPORT_CODEC = Codec(
    {
        DocumentAudit: DOCUMENT,
        LinkAudit: LINK,
        ArchiveLookup: ARCHIVE,
        CheckHistory: HISTORY,
        NonCitation: NON_CITATION,
        ClaimVerdict: CLAIM,
    }
)
