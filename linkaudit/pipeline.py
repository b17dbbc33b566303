"""The whole audit: extract -> check -> archive -> drift -> verdict -> Report.

``Audit`` holds what the run has learnt so far, so an interrupted run can still
produce a valid (incomplete) report from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import httpx
import trio

from linkaudit import __version__
from linkaudit.archive import ArchiveRequest, ArchiveStage, SaveOutcome
from linkaudit.archive.pacing import Pacer
from linkaudit.cache import Cache
from linkaudit.check import check_urls
from linkaudit.drift import DriftRequest, DriftRun, SourceComparison, attach_drift, prints_live_pages
from linkaudit.errors import InputError, NetworkUnavailable
from linkaudit.extract import extract_sources
from linkaudit.models import (
    ArchiveLookup,
    CheckResult,
    Citation,
    DocumentAudit,
    Extraction,
    LinkAudit,
    LinkStatus,
    NonCitation,
    Report,
    reference_date,
)
from linkaudit.patterns import compile_pattern
from linkaudit.policy import PROBLEM_STATUSES
from linkaudit.settings import Settings
from linkaudit.shards import parse_shard
from linkaudit.urlkey import url_problem
from linkaudit.verdict import judge_claims

__all__ = ["Audit", "StageListener", "audit", "audit_sync", "open_cache", "run_audit"]

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
    saves: list[SaveOutcome] = field(default_factory=list)
    comparisons: dict[str, SourceComparison] = field(default_factory=dict)  # drift, by lookup key
    clock: Callable[[], dt.datetime] = _now
    _citations_by_url: dict[str, list[tuple[Citation, Extraction]]] | None = field(default=None, repr=False)

    def load(self, sources: Sequence[str]) -> None:
        extractions, errors = extract_sources(sources, self.settings)
        self.extractions = [_drop_ignored(e, self.settings.ignore) for e in extractions]
        self.input_errors = errors
        self._citations_by_url = None

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
        """Every lookup the checked sources call for, by lookup key."""
        wanted: dict[str, ArchiveRequest] = {}
        for result in self.results.values():
            wanted.update(self.archive_requests_for(result))
        return wanted

    def archive_requests_for(self, result: CheckResult) -> dict[str, ArchiveRequest]:
        """The lookups one check result calls for: one per citing piece's date and Robust Links."""
        if self.settings.archive == "none" or not self._wants_archive(result):
            return {}
        wanted: dict[str, ArchiveRequest] = {}
        for citation, target in self._citing(result.url):
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

    def drift_requests(self) -> dict[str, DriftRequest]:
        """Every comparison the checked sources call for, by lookup key."""
        wanted: dict[str, DriftRequest] = {}
        for result in self.results.values():
            for key, request in self.drift_requests_for(result).items():
                wanted.setdefault(key, request)
        return wanted

    def drift_requests_for(self, result: CheckResult) -> dict[str, DriftRequest]:
        """The comparisons one live source calls for: one per citing piece's publication date."""
        if not result.status.is_live:
            return {}
        wanted: dict[str, DriftRequest] = {}
        for citation, extraction in self._citations().get(result.url, []):
            target = extraction.published.date if extraction.published else None
            key = _lookup_key(citation, target)
            wanted.setdefault(
                key,
                DriftRequest(
                    citation.url, target, result, citation.version_url, citation.version_date, self.lookups.get(key),
                ),
            )
        return wanted

    def _citing(self, key: str) -> list[tuple[Citation, dt.date | None]]:
        return [
            (citation, reference_date(extraction.published, extraction.not_before))
            for citation, extraction in self._citations().get(key, [])
        ]

    def _citations(self) -> dict[str, list[tuple[Citation, Extraction]]]:
        """Every external citation by its source's key, with the piece citing it."""
        if self._citations_by_url is None:
            self._citations_by_url = {}
            for extraction in self.extractions:
                for citation in extraction.citations:
                    if not citation.internal:
                        self._citations_by_url.setdefault(citation.key, []).append((citation, extraction))
        return self._citations_by_url

    def _wants_archive(self, result: CheckResult) -> bool:
        if self.settings.archive == "all":
            return result.status is not LinkStatus.SKIPPED
        return result.status in PROBLEM_STATUSES

    def report(self, *, complete: bool = True) -> Report:
        documents = tuple(self._document(extraction) for extraction in self.extractions)
        return Report(documents=documents, generated_at=self.clock(), tool_version=__version__, complete=complete)

    def _document(self, extraction: Extraction) -> DocumentAudit:
        target = reference_date(extraction.published, extraction.not_before)
        links = tuple(
            LinkAudit(
                citation=citation,
                check=self.result_for(citation),
                archive=self.lookups.get(_lookup_key(citation, target)),
            )
            for citation in extraction.citations
        )
        links = attach_drift(links, self.comparisons, lambda citation: _lookup_key(citation, target))
        return DocumentAudit(
            source=extraction.source,
            title=extraction.title,
            published=extraction.published,
            not_before=extraction.not_before,
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
    compiled = [compile_pattern(p) for p in patterns]
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


class StageListener(Protocol):
    """What the pipeline tells as it goes (``report.progress.Progress`` shows it)."""

    def advance(self, result: CheckResult) -> None: ...
    def checks_finished(self) -> None: ...
    def lookup_started(self) -> None: ...
    def lookup_done(self, lookup: ArchiveLookup) -> None: ...
    def save_started(self, count: int) -> None: ...
    def save_done(self, outcome: SaveOutcome) -> None: ...
    def drift_started(self) -> None: ...
    def drift_done(self, comparison: SourceComparison) -> None: ...


async def run_audit(
    audit: Audit,
    *,
    cache: Cache | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    archive_transport: httpx.AsyncBaseTransport | None = None,
    listener: StageListener | None = None,
    find_captures: bool = True,
    on_drift: Callable[[str], None] | None = None,
) -> Report:
    """Check, look up, compare and save what ``audit`` has loaded, in one trio nursery, recording as it goes.

    A source's archive lookup starts as soon as its check says it needs one, while other checks
    run; a live source's drift comparison starts once its check (and, when the archive stage
    looks it up, its capture) is known, or, under ``--drift auto``, once the checks tell how
    many there are. Each answer goes to the cache and into ``audit`` when it arrives, so an
    interrupted run keeps it; ``listener`` hears of every stage's progress. ``on_drift`` gets
    the one line saying whether drift was compared and why. With ``settings.save_live`` live
    sources go to Save Page Now once checks end (their outcomes in ``audit.saves``).
    ``find_captures=False`` skips lookups and drift (``linkaudit archive``).
    """
    try:
        await _run_stages(audit, cache, transport, archive_transport, listener, find_captures=find_captures, on_drift=on_drift)
    except BaseExceptionGroup as group:
        raise _sole(group, NetworkUnavailable) or group from None
    return audit.report()


def _sole(group: BaseExceptionGroup, kind: type[BaseException]) -> BaseException | None:
    """The one ``kind`` error the nursery wrapped, when it is all that went wrong."""
    match, rest = group.split(kind)
    if match is None or rest is not None:
        return None
    leaves: list[BaseException] = [match]
    while len(leaves) == 1 and isinstance(leaves[0], BaseExceptionGroup):
        leaves = list(leaves[0].exceptions)
    return leaves[0] if len(leaves) == 1 else None


async def _run_stages(
    audit: Audit,
    cache: Cache | None,
    transport: httpx.AsyncBaseTransport | None,
    archive_transport: httpx.AsyncBaseTransport | None,
    listener: StageListener | None,
    *,
    find_captures: bool,
    on_drift: Callable[[str], None] | None = None,
) -> None:
    settings = audit.settings
    scheduled: set[str] = set()
    urls = audit.urls_to_check()
    printed = find_captures and prints_live_pages(settings, len(urls))
    check_settings = replace(settings, drift="on" if printed else "off")  # "auto" is decided here
    pacer = Pacer.from_settings(settings)  # one pace for lookups, saves and drift's capture fetches
    async with ArchiveStage.open(settings, cache=cache, transport=archive_transport, pacer=pacer) as stage, trio.open_nursery() as nursery:
        drift = (
            _DriftWiring(audit, DriftRun(stage, cache, printed=printed), nursery, listener, scheduled)
            if find_captures and settings.drift != "off" else None
        )

        async def look_up(key: str, request: ArchiveRequest) -> None:
            lookup = await stage.lookup(request)
            audit.lookups[key] = lookup
            if listener is not None:
                listener.lookup_done(lookup)
            if drift is not None:
                drift.capture_known(key)

        def checked(result: CheckResult) -> None:
            audit.record_result(result)
            if listener is not None:
                listener.advance(result)
            if not find_captures:
                return
            for key, request in audit.archive_requests_for(result).items():
                if key not in scheduled:
                    scheduled.add(key)
                    if listener is not None:
                        listener.lookup_started()
                    nursery.start_soon(look_up, key, request)
            if drift is not None:
                drift.check_known(result)

        await check_urls(urls, check_settings, cache=cache, transport=transport, on_result=checked)
        if listener is not None:
            listener.checks_finished()
        if drift is not None:
            drift.checks_finished(on_drift or (lambda line: None))
        if settings.save_live:
            nursery.start_soon(_save_live, audit, stage, listener)


class _DriftWiring:
    """Starts each live source's drift comparison in the audit's nursery as soon as it may start.

    Under ``--drift on`` that is when its check is known (and its capture, when the archive stage
    looks it up); under ``--drift auto`` the decision needs every check, so comparisons wait for
    the checks to end.
    """

    def __init__(
        self, audit: Audit, run: DriftRun, nursery: trio.Nursery, listener: StageListener | None, scheduled: set[str]
    ) -> None:
        self.audit = audit
        self.run = run
        self.nursery = nursery
        self.listener = listener
        self.scheduled = scheduled  # keys the archive stage looks up
        self.asked = False  # any live source called for a comparison
        self.on: bool | None = True if audit.settings.drift == "on" else None  # None: not decided yet
        self.comparable: dict[str, DriftRequest] = {}
        self.waiting: dict[str, DriftRequest] = {}  # for the archive stage's lookup
        self.held: dict[str, DriftRequest] = {}  # for the decision

    def check_known(self, result: CheckResult) -> None:
        requests = {key: r for key, r in self.audit.drift_requests_for(result).items() if key not in self.audit.comparisons}
        requests = {key: r for key, r in requests.items() if key not in self.comparable}
        self.asked = self.asked or bool(requests)
        declined, comparable = self.run.sort(requests)
        self.audit.comparisons.update(declined)
        for key, request in comparable.items():
            self.comparable[key] = request
            if key in self.scheduled and key not in self.audit.lookups:
                self.waiting[key] = request
            else:
                self.ready(key, request)

    def capture_known(self, key: str) -> None:
        if key in self.waiting:
            self.ready(key, replace(self.waiting.pop(key), lookup=self.audit.lookups[key]))

    def ready(self, key: str, request: DriftRequest) -> None:
        if self.on:
            self.start(key, request)
        elif self.on is None:
            self.held[key] = request
        else:
            self.audit.comparisons.update(self.run.declined([key]))

    def checks_finished(self, say: Callable[[str], None]) -> None:
        plan = self.run.plan(self.comparable.values())
        if self.asked:
            say(f"drift: {plan.reason}")
        self.on = plan.on
        held, self.held = self.held, {}
        for key, request in held.items():
            self.ready(key, request)
        if not plan.on:
            self.audit.comparisons.update(self.run.declined(self.waiting))
            self.waiting.clear()

    def start(self, key: str, request: DriftRequest) -> None:
        if self.listener is not None:
            self.listener.drift_started()
        self.nursery.start_soon(self._compare, key, request)

    async def _compare(self, key: str, request: DriftRequest) -> None:
        comparison = await self.run.compare(request)
        self.audit.comparisons[key] = comparison
        if self.listener is not None:
            self.listener.drift_done(comparison)


async def _save_live(audit: Audit, stage: ArchiveStage, listener: StageListener | None) -> None:
    live = [result.url for result in audit.results.values() if result.status.is_live]
    if listener is not None:
        listener.save_started(len(live))
    for url in live:
        [outcome] = await stage.save([url], dry_run=audit.settings.dry_run)
        audit.saves.append(outcome)
        if listener is not None:
            listener.save_done(outcome)


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
