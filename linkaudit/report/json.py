"""The JSON report: versioned, documented by ``linkaudit/schema/report.schema.json``.

Key order is fixed (insertion order of the dicts below) so reports diff cleanly. A link that was
never checked has ``status`` "internal" (a relative link with no base: never checked by design) or
null (the run stopped before its turn). ``load_report`` reads a saved report back into the models
so it can be rendered again with no network.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from linkaudit.errors import ReportError
from linkaudit.models import (
    ArchiveLookup,
    ArchiveOutcome,
    CheckHistory,
    CheckResult,
    Citation,
    ClaimVerdict,
    DateBound,
    DateSource,
    DocumentAudit,
    Drift,
    DriftStatus,
    Evidence,
    Hop,
    LinkAudit,
    LinkStatus,
    Location,
    NonCitation,
    PublicationDate,
    Report,
    Snapshot,
    Verdict,
)
from linkaudit.policy import Policy, findings
from linkaudit.report.common import INTERNAL, all_claims, all_links, count_states, count_verdicts

__all__ = ["SCHEMA_VERSION", "dict_to_report", "load_report", "render_json", "report_to_dict"]

# Major.minor: a reader accepts any minor of the majors it knows (minors only add keys). 2.0: the
# verdict "drifted" (a value 1.x readers do not know) and each link's drift and evidence;
# "published" is a publication date only, a lower bound is "not_before".
SCHEMA_VERSION = "2.0"
# 1.x reports gave a lower bound as "published" with "published_not_before": still read.
READABLE_MAJORS = ("1", "2")
TOOL_NAME = "linkaudit"


# -- writing ---------------------------------------------------------------------------------


def render_json(report: Report, *, policy: Policy | None = None) -> str:
    # The same text as dumping report_to_dict() whole, built one document at a time: the whole
    # report as one tree of dicts costs several times the text's size at once.
    frame = report_to_dict(replace(report, documents=()), policy=policy)
    frame["summary"] = _summary(report, policy or Policy())
    text = json.dumps(frame, ensure_ascii=False, indent=2)
    if not report.documents:
        return text
    documents = ",\n".join(
        "    " + json.dumps(_document(document), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        for document in report.documents
    )
    head, empty, tail = text.partition('"documents": []')
    return f'{head}"documents": [\n{documents}\n  ]{tail}'


def report_to_dict(report: Report, *, policy: Policy | None = None) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": report.generated_at.isoformat(),
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "documents": [_document(document) for document in report.documents],
        "summary": _summary(report, policy or Policy()),
    }


def _summary(report: Report, policy: Policy) -> dict[str, Any]:
    found = findings(report, policy)
    return {
        "complete": report.complete,
        "documents": len(report.documents),
        "claims": len(all_claims(report)),
        "links": len(all_links(report)),
        "verdicts": count_verdicts(all_claims(report)),
        "statuses": count_states(all_links(report)),
        "policy": {"fail_on": sorted(policy.fail_on), "confirm": policy.confirm},
        "errors": sum(1 for f in found if f.level == "error"),
        "warnings": sum(1 for f in found if f.level == "warning"),
    }


def _document(document: DocumentAudit) -> dict[str, Any]:
    published = document.published
    return {
        "source": document.source,
        "path": document.path,
        "title": document.title,
        "published": published.date.isoformat() if published else None,
        "published_from": published.source.value if published else None,
        "published_detail": published.detail if published else "",
        "not_before": _bound(document.not_before),
        "links": [_link(link) for link in document.links],
        "claims": [_claim(claim) for claim in document.claims],
        "non_citations": [
            {"written": n.written, "reason": n.reason, "line": n.location.line, "column": n.location.column}
            for n in document.non_citations
        ],
        "warnings": list(document.warnings),
    }


def _bound(bound: DateBound | None) -> dict[str, str] | None:
    return None if bound is None else {"date": bound.date.isoformat(), "detail": bound.detail}


def _link(link: LinkAudit) -> dict[str, Any]:
    citation, check = link.citation, link.check
    return {
        "url": citation.url,
        "anchor": citation.anchor,
        "claim": citation.claim,
        "claim_id": citation.claim_id,
        "line": citation.location.line,
        "column": citation.location.column,
        "status": check.status.value if check else (INTERNAL if citation.internal else None),
        "http_status": check.http_status if check else None,
        "final_url": check.final_url if check else None,
        "redirects": [{"url": hop.url, "status": hop.status} for hop in check.redirects] if check else [],
        "error": check.error if check else None,
        "checked_at": check.checked_at.isoformat() if check else None,
        "archive": _archive(link.archive),
        "reason": check.reason if check else None,
        "heading": citation.heading,
        "written": citation.written,
        "internal": citation.internal,
        "ignored": citation.ignored,
        "version_url": citation.version_url,
        "version_date": citation.version_date.isoformat() if citation.version_date else None,
        "error_kind": check.error_kind if check else None,
        "permanent_redirect": check.permanent_redirect if check else False,
        "content_type": check.content_type if check else None,
        "page_title": check.title if check else None,
        "elapsed": round(check.elapsed, 3) if check else None,
        "attempts": check.attempts if check else 0,
        "from_cache": check.from_cache if check else False,
        "history": _history(check.history) if check else None,
        "drift": _drift(link.drift),
        "evidence": [
            {"kind": e.kind, "text": e.text, "live": e.live, "capture": e.capture} for e in link.evidence
        ],
    }


def _drift(drift: Drift | None) -> dict[str, Any] | None:
    if drift is None:
        return None
    return {
        "status": drift.status.value,
        "reason": drift.reason,
        "similarity": drift.similarity,
        "title_similarity": drift.title_similarity,
        "capture": _snapshot(drift.capture) if drift.capture else None,
    }


def _snapshot(snap: Snapshot) -> dict[str, Any]:
    return {
        "archive": snap.archive,
        "url": snap.url,
        "original": snap.original,
        "timestamp": snap.timestamp,
        "status": snap.status,
        "relation": snap.relation,
        "distance_days": snap.distance_days,
        "found_by": snap.found_by,
        "verified": snap.verified,
    }


def _history(history: CheckHistory) -> dict[str, Any]:
    return {
        "checks": history.checks,
        "consecutive_failures": history.consecutive_failures,
        "first_failure": history.first_failure.isoformat() if history.first_failure else None,
    }


def _archive(lookup: ArchiveLookup | None) -> dict[str, Any] | None:
    if lookup is None:
        return None
    snap = lookup.snapshot
    return {
        "archive": snap.archive if snap else None,
        "url": snap.url if snap else None,
        "timestamp": snap.timestamp if snap else None,
        "status": snap.status if snap else None,
        "relation": snap.relation if snap else None,
        "distance_days": snap.distance_days if snap else None,
        "found_by": snap.found_by if snap else None,
        "outcome": lookup.outcome.value,
        "original": snap.original if snap else lookup.url,
        "verified": snap.verified if snap else False,
        "target": lookup.target.isoformat() if lookup.target else None,
        "detail": lookup.detail,
    }


def _claim(claim: ClaimVerdict) -> dict[str, Any]:
    return {
        "id": claim.claim_id,
        "text": claim.text,
        "line": claim.line,
        "verdict": claim.verdict.value,
        "reason": claim.reason,
        "links": list(claim.links),
    }


# -- reading ---------------------------------------------------------------------------------

T = TypeVar("T")


class _Bad(Exception):
    """A problem inside the JSON, with the path to the offending key."""


def load_report(path: str) -> Report:
    """Read a JSON report written by ``render(report, "json")``; ReportError names the file."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise ReportError(f"{path}: cannot read the report: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"{path}: not a JSON report: {exc}") from exc
    except RecursionError:
        raise ReportError(f"{path}: not a JSON report: nested too deeply") from None
    try:
        return dict_to_report(data)
    except _Bad as exc:
        raise ReportError(f"{path}: not a linkaudit report this version can read: {exc}") from exc
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        # A hand-edited file can break the shape anywhere: say so rather than fail inside.
        raise ReportError(f"{path}: not a linkaudit report this version can read ({type(exc).__name__}: {exc})") from exc


def dict_to_report(data: Any) -> Report:
    """Raises ``_Bad`` (caught by ``load_report``) on anything that is not a compatible report."""
    top = _mapping(data, "report")
    version = _get(top, "schema_version", str, "report")
    if version.split(".")[0] not in READABLE_MAJORS:
        raise _Bad(f"schema_version {version!r} (this linkaudit reads {' and '.join(f'{m}.x' for m in READABLE_MAJORS)})")
    tool = _mapping(top.get("tool"), "tool")
    summary = top.get("summary")
    complete = _get(summary, "complete", bool, "summary") if isinstance(summary, Mapping) and "complete" in summary else True
    documents = _get(top, "documents", list, "report")
    return Report(
        documents=tuple(_read_document(doc, f"documents[{i}]") for i, doc in enumerate(documents)),
        generated_at=_datetime(_get(top, "generated_at", str, "report"), "generated_at"),
        tool_version=_get(tool, "version", str, "tool"),
        complete=complete,
    )


def _read_document(raw: Any, where: str) -> DocumentAudit:
    doc = _mapping(raw, where)
    source = _get(doc, "source", str, where)
    links = tuple(_read_link(link, source, f"{where}.links[{i}]") for i, link in enumerate(_get(doc, "links", list, where)))
    claims = tuple(_read_claim(claim, len(links), f"{where}.claims[{i}]") for i, claim in enumerate(_get(doc, "claims", list, where)))
    return DocumentAudit(
        source=source,
        title=_opt(doc, "title", str, where),
        published=_read_published(doc, where),
        not_before=_read_bound(doc, where),
        links=links,
        claims=claims,
        non_citations=tuple(
            _read_non_citation(n, source, f"{where}.non_citations[{i}]")
            for i, n in enumerate(doc.get("non_citations") or [])
        ),
        warnings=tuple(_text_items(doc, "warnings", where)),
        path=_opt(doc, "path", str, where),
    )


def _read_published(doc: Mapping[str, Any], where: str) -> PublicationDate | None:
    published = _opt(doc, "published", str, where)
    if published is None or _opt(doc, "published_not_before", bool, where):
        return None
    source = _opt(doc, "published_from", str, where) or DateSource.OPTION.value
    return PublicationDate(
        date=_convert(dt.date.fromisoformat, published, f"{where}.published"),
        source=_convert(DateSource, source, f"{where}.published_from"),
        detail=_opt(doc, "published_detail", str, where) or "",
    )


def _read_bound(doc: Mapping[str, Any], where: str) -> DateBound | None:
    if _opt(doc, "published_not_before", bool, where):  # a 1.x report
        date = _get(doc, "published", str, where)
        return DateBound(_convert(dt.date.fromisoformat, date, f"{where}.published"), _opt(doc, "published_detail", str, where) or "")
    raw = doc.get("not_before")
    if raw is None:
        return None
    bound = _mapping(raw, f"{where}.not_before")
    return DateBound(
        date=_convert(dt.date.fromisoformat, _get(bound, "date", str, f"{where}.not_before"), f"{where}.not_before.date"),
        detail=_opt(bound, "detail", str, f"{where}.not_before") or "",
    )


def _read_non_citation(raw: Any, source: str, where: str) -> NonCitation:
    item = _mapping(raw, where)
    return NonCitation(
        written=_get(item, "written", str, where),
        reason=_get(item, "reason", str, where),
        location=Location(source, _counting(item, "line", where), _counting(item, "column", where)),
    )


def _read_link(raw: Any, source: str, where: str) -> LinkAudit:
    link = _mapping(raw, where)
    claim = _get(link, "claim", str, where)
    version_date = _opt(link, "version_date", str, where)
    citation = Citation(
        url=_get(link, "url", str, where),
        written=_opt(link, "written", str, where) or _get(link, "url", str, where),
        anchor=_get(link, "anchor", str, where),
        claim=claim,
        claim_id=_get(link, "claim_id", str, where),
        location=Location(source, _counting(link, "line", where), _counting(link, "column", where)),
        heading=_opt(link, "heading", str, where),
        internal=bool(_opt(link, "internal", bool, where)) or link.get("status") == INTERNAL,
        version_url=_opt(link, "version_url", str, where),
        version_date=_convert(dt.date.fromisoformat, version_date, f"{where}.version_date") if version_date else None,
        ignored=bool(_opt(link, "ignored", bool, where)),
    )
    return LinkAudit(
        citation=citation,
        check=_read_check(link, where),
        archive=_read_archive(link, where),
        drift=_read_drift(link, where),
        evidence=tuple(_read_evidence(e, f"{where}.evidence[{i}]") for i, e in enumerate(_opt(link, "evidence", list, where) or [])),
    )


def _read_drift(link: Mapping[str, Any], where: str) -> Drift | None:
    raw = link.get("drift")
    if raw is None:
        return None
    where = f"{where}.drift"
    drift = _mapping(raw, where)
    capture = drift.get("capture")
    snapshot = None
    if capture is not None:
        snap = _mapping(capture, f"{where}.capture")
        snapshot = _read_snapshot(snap, _get(snap, "original", str, where), f"{where}.capture")
    return Drift(
        status=_convert(DriftStatus, _get(drift, "status", str, where), f"{where}.status"),
        reason=_get(drift, "reason", str, where),
        similarity=_opt(drift, "similarity", (int, float), where),
        title_similarity=_opt(drift, "title_similarity", (int, float), where),
        capture=snapshot,
    )


def _read_evidence(raw: Any, where: str) -> Evidence:
    item = _mapping(raw, where)
    return Evidence(
        kind=_one_of(item, "kind", ("quote", "number", "anchor"), where),
        text=_get(item, "text", str, where),
        live=_opt(item, "live", bool, where),
        capture=_opt(item, "capture", bool, where),
    )


def _read_check(link: Mapping[str, Any], where: str) -> CheckResult | None:
    status = _opt(link, "status", str, where)
    if status is None or status == INTERNAL:
        return None
    checked_at = _get(link, "checked_at", str, where)
    return CheckResult(
        url=_get(link, "url", str, where),
        status=_convert(LinkStatus, status, f"{where}.status"),
        reason=_opt(link, "reason", str, where) or "",
        checked_at=_datetime(checked_at, f"{where}.checked_at"),
        http_status=_opt(link, "http_status", int, where),
        final_url=_opt(link, "final_url", str, where),
        redirects=tuple(_read_hop(hop, f"{where}.redirects[{i}]") for i, hop in enumerate(_opt(link, "redirects", list, where) or [])),
        permanent_redirect=bool(_opt(link, "permanent_redirect", bool, where)),
        error_kind=_opt(link, "error_kind", str, where),
        error=_opt(link, "error", str, where),
        elapsed=float(_opt(link, "elapsed", (int, float), where) or 0.0),
        content_type=_opt(link, "content_type", str, where),
        title=_opt(link, "page_title", str, where),
        attempts=_default(_opt(link, "attempts", int, where), 1),
        from_cache=bool(_opt(link, "from_cache", bool, where)),
        history=_read_history(link.get("history"), f"{where}.history"),
    )


def _read_hop(raw: Any, where: str) -> Hop:
    hop = _mapping(raw, where)
    return Hop(url=_get(hop, "url", str, where), status=_get(hop, "status", int, where))


def _read_history(raw: Any, where: str) -> CheckHistory:
    if raw is None:
        return CheckHistory()
    history = _mapping(raw, where)
    first = _opt(history, "first_failure", str, where)
    return CheckHistory(
        checks=_get(history, "checks", int, where),
        first_failure=_datetime(first, f"{where}.first_failure") if first else None,
        consecutive_failures=_get(history, "consecutive_failures", int, where),
    )


def _read_archive(link: Mapping[str, Any], where: str) -> ArchiveLookup | None:
    raw = link.get("archive")
    if raw is None:
        return None
    where = f"{where}.archive"
    archive = _mapping(raw, where)
    outcome = _convert(ArchiveOutcome, _get(archive, "outcome", str, where), f"{where}.outcome")
    target = _opt(archive, "target", str, where)
    snapshot = None
    if _opt(archive, "url", str, where) is not None:
        original = _opt(archive, "original", str, where) or _get(link, "url", str, where)
        snapshot = _read_snapshot(archive, original, where)
    return ArchiveLookup(
        url=_opt(archive, "original", str, where) or _get(link, "url", str, where),
        outcome=outcome,
        snapshot=snapshot,
        target=_convert(dt.date.fromisoformat, target, f"{where}.target") if target else None,
        detail=_opt(archive, "detail", str, where) or "",
    )


def _read_snapshot(snap: Mapping[str, Any], original: str, where: str) -> Snapshot:
    timestamp = _get(snap, "timestamp", str, where)
    if len(timestamp) != 14 or not timestamp.isdigit():
        raise _Bad(f"{where}.timestamp: expected 14 digits, got {timestamp!r}")
    return Snapshot(
        archive=_get(snap, "archive", str, where),
        url=_get(snap, "url", str, where),
        original=original,
        timestamp=timestamp,
        status=_get(snap, "status", int, where),
        relation=_one_of(snap, "relation", ("before", "after"), where),
        distance_days=_counting(snap, "distance_days", where, start=0),
        found_by=_get(snap, "found_by", str, where),
        verified=bool(_opt(snap, "verified", bool, where)),
    )


def _read_claim(raw: Any, link_count: int, where: str) -> ClaimVerdict:
    claim = _mapping(raw, where)
    indexes = _get(claim, "links", list, where)
    if not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < link_count for i in indexes):
        raise _Bad(f"{where}.links: indexes must point into the document's {link_count} links")
    return ClaimVerdict(
        claim_id=_get(claim, "id", str, where),
        text=_get(claim, "text", str, where),
        line=_counting(claim, "line", where),
        verdict=_convert(Verdict, _get(claim, "verdict", str, where), f"{where}.verdict"),
        reason=_get(claim, "reason", str, where),
        links=tuple(indexes),
    )


def _default(value: T | None, fallback: T) -> T:
    return fallback if value is None else value


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _Bad(f"{where}: expected an object")
    return value


def _matches(value: Any, kind: type | tuple[type, ...]) -> bool:
    # bool is an int in Python, never in a report.
    if isinstance(value, bool) and kind is not bool:
        return False
    return isinstance(value, kind)


def _counting(mapping: Mapping[str, Any], key: str, where: str, *, start: int = 1) -> int:
    """A line, a column or a count: a whole number from ``start`` up, as the schema says."""
    value = _get(mapping, key, int, where)
    if value < start:
        raise _Bad(f"{where}.{key}: must be at least {start}, got {value}")
    return int(value)


def _one_of(mapping: Mapping[str, Any], key: str, choices: tuple[str, ...], where: str) -> str:
    value = _get(mapping, key, str, where)
    if value not in choices:
        raise _Bad(f"{where}.{key}: must be one of {', '.join(choices)}, got {value!r}")
    return str(value)


def _text_items(mapping: Mapping[str, Any], key: str, where: str) -> list[str]:
    items = _opt(mapping, key, list, where) or []
    if not all(isinstance(item, str) for item in items):
        raise _Bad(f"{where}.{key}: must be a list of strings")
    return items


def _get(mapping: Mapping[str, Any], key: str, kind: Any, where: str) -> Any:
    if key not in mapping:
        raise _Bad(f"{where}: missing {key!r}")
    value = mapping[key]
    if not _matches(value, kind):
        raise _Bad(f"{where}.{key}: wrong type ({type(value).__name__})")
    return value


def _opt(mapping: Mapping[str, Any], key: str, kind: Any, where: str) -> Any:
    value = mapping.get(key)
    if value is None:
        return None
    if not _matches(value, kind):
        raise _Bad(f"{where}.{key}: wrong type ({type(value).__name__})")
    return value


def _convert(make: Callable[[str], T], value: str, where: str) -> T:
    try:
        return make(value)
    except ValueError as exc:
        raise _Bad(f"{where}: {value!r} is not valid") from exc


def _datetime(value: str, where: str) -> dt.datetime:
    return _convert(dt.datetime.fromisoformat, value, where)
