"""The whole audit: extract -> check -> archive -> verdict -> Report.

``Audit`` holds what the run has learnt so far, so an interrupted run can still
produce a valid (incomplete) report from it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import httpx
import trio

from linkaudit import __version__
from linkaudit.archive import ArchiveRequest, find_snapshots
from linkaudit.cache import Cache
from linkaudit.check import check_urls
from linkaudit.errors import InputError
from linkaudit.extract import extract_sources
from linkaudit.models import (
    ArchiveLookup,
    ArchiveOutcome,
    CheckResult,
    Citation,
    DocumentAudit,
    Extraction,
    LinkAudit,
    LinkStatus,
    NonCitation,
    Report,
)
from linkaudit.settings import Settings
from linkaudit.shards import parse_shard
from linkaudit.urlkey import url_problem
from linkaudit.verdict import judge_claims

__all__ = ["Audit", "audit", "audit_sync", "open_cache"]

_NEEDS_ARCHIVE = frozenset({LinkStatus.DEAD, LinkStatus.SOFT_404, LinkStatus.FAILING, LinkStatus.BLOCKED})


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def open_cache(settings: Settings) -> Cache | None:
    return Cache.open(settings.cache_path) if settings.use_cache else None


@dataclass
class Audit:
    """One audit run and everything it knows so far."""

    settings: Settings
    extractions: list[Extraction] = field(default_factory=list)
    input_errors: list[InputError] = field(default_factory=list)
    results: dict[str, CheckResult] = field(default_factory=dict)  # by normalised URL
    lookups: dict[str, ArchiveLookup] = field(default_factory=dict)
    clock: Callable[[], dt.datetime] = _now

    def load(self, sources: Sequence[str]) -> None:
        extractions, errors = extract_sources(sources, self.settings)
        self.extractions = [_drop_ignored(e, self.settings.ignore) for e in extractions]
        self.input_errors = errors

    def urls_to_check(self) -> list[str]:
        """The distinct sources to check, by key: three spellings of one URL are one source."""
        seen: dict[str, None] = {}
        for extraction in self.extractions:
            for citation in extraction.citations:
                if not citation.internal:
                    seen.setdefault(citation.key, None)
        if self.settings.shard:
            shard = parse_shard(self.settings.shard)
            return [key for key in seen if shard.owns(key)]
        return list(seen)

    def record_result(self, result: CheckResult) -> None:
        self.results[result.url] = result  # a result's url is its source's key

    def result_for(self, citation: Citation) -> CheckResult | None:
        return None if citation.internal else self.results.get(citation.key)

    def archive_requests(self) -> dict[str, ArchiveRequest]:
        if self.settings.archive == "none":
            return {}
        wanted: dict[str, ArchiveRequest] = {}
        for extraction in self.extractions:
            target = extraction.published.date if extraction.published else None
            for citation in extraction.citations:
                result = self.result_for(citation)
                if result is None or not self._wants_archive(result):
                    continue
                wanted.setdefault(
                    _lookup_key(citation, target),
                    ArchiveRequest(
                        url=citation.url,
                        target=target,
                        version_url=citation.version_url,
                        version_date=citation.version_date,
                        first_failure=result.history.first_failure,
                    ),
                )
        return wanted

    def _wants_archive(self, result: CheckResult) -> bool:
        if self.settings.archive == "all":
            return result.status is not LinkStatus.SKIPPED
        return result.status in _NEEDS_ARCHIVE

    def report(self, *, complete: bool = True) -> Report:
        documents = tuple(self._document(extraction) for extraction in self.extractions)
        return Report(documents=documents, generated_at=self.clock(), tool_version=__version__, complete=complete)

    def _document(self, extraction: Extraction) -> DocumentAudit:
        target = extraction.published.date if extraction.published else None
        links = tuple(
            LinkAudit(
                citation=citation,
                check=self.result_for(citation),
                archive=self.lookups.get(_lookup_key(citation, target)),
            )
            for citation in extraction.citations
        )
        return DocumentAudit(
            source=extraction.source,
            title=extraction.title,
            published=extraction.published,
            links=links,
            claims=judge_claims(links),
            non_citations=extraction.non_citations,
            warnings=extraction.warnings,
            path=extraction.path,
        )


def _lookup_key(citation: Citation, target: dt.date | None) -> str:
    # Two pieces citing one URL may have different publication dates, hence different captures.
    return f"{citation.key} {citation.version_date or target or '-'} {citation.version_url or '-'}"


def _drop_ignored(extraction: Extraction, patterns: Sequence[str]) -> Extraction:
    compiled = [re.compile(p) for p in patterns]
    kept: list[Citation] = []
    dropped: list[NonCitation] = []
    for citation in extraction.citations:
        if citation.ignored:
            dropped.append(NonCitation(citation.written, "skipped by an inline marker", citation.location))
        elif not citation.internal and (problem := url_problem(citation.url)) is not None:
            dropped.append(NonCitation(citation.written, problem, citation.location))
        elif any(p.search(citation.url) for p in compiled):
            dropped.append(NonCitation(citation.written, "matches the ignore list", citation.location))
        else:
            kept.append(citation)
    if not dropped:
        return extraction
    return replace(
        extraction,
        citations=tuple(kept),
        non_citations=extraction.non_citations + tuple(dropped),
    )


async def run_audit(
    audit: Audit,
    *,
    cache: Cache | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    archive_transport: httpx.AsyncBaseTransport | None = None,
    on_result: Callable[[CheckResult], None] | None = None,
) -> Report:
    """Check and archive what ``audit`` has loaded, recording progress in it as it goes."""

    def record(result: CheckResult) -> None:
        audit.record_result(result)
        if on_result is not None:
            on_result(result)

    results = await check_urls(
        audit.urls_to_check(), audit.settings, cache=cache, transport=transport, on_result=record
    )
    for result in results.values():
        audit.record_result(result)
    requests = audit.archive_requests()
    if requests:
        answers = await find_snapshots(
            list(requests.values()), audit.settings, cache=cache, transport=archive_transport
        )
        for key, request in requests.items():
            audit.lookups[key] = answers.get(request) or ArchiveLookup(
                url=request.url, outcome=ArchiveOutcome.NOT_ASKED, target=request.target
            )
    return audit.report()


async def audit(
    sources: Sequence[str],
    settings: Settings | None = None,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    archive_transport: httpx.AsyncBaseTransport | None = None,
) -> Report:
    """Audit pieces (paths, directories, URLs or "-") and return the report.

    Raises ``NetworkUnavailable`` when our own network is down.
    """
    run = Audit(settings or Settings())
    run.load(sources)
    cache = open_cache(run.settings)
    try:
        return await run_audit(run, cache=cache, transport=transport, archive_transport=archive_transport)
    finally:
        if cache is not None:
            cache.close()


def audit_sync(sources: Sequence[str], settings: Settings | None = None, **kwargs: object) -> Report:
    """``audit`` for callers without an event loop."""
    return trio.run(lambda: audit(sources, settings, **kwargs))  # type: ignore[arg-type]
