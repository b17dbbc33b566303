"""The whole audit: extract -> check -> archive -> drift -> verdict -> Report.

``Audit`` (``pipeline.state``) holds what the run has learnt so far, so an interrupted run can
still produce a valid (incomplete) report from it; ``run_audit`` runs the stages after reading in
one trio nursery, and ``pipeline.drift_wiring`` starts drift comparisons as they may start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import httpx
import trio

from linkaudit.archive import ArchiveRequest, ArchiveStage
from linkaudit.archive.pacing import Pacer
from linkaudit.cache import Cache
from linkaudit.check import check_urls
from linkaudit.drift import DriftRun, prints_live_pages
from linkaudit.errors import NetworkUnavailable
from linkaudit.models import CheckResult, Report
from linkaudit.options import CacheOptions
from linkaudit.pipeline.drift_wiring import DriftWiring
from linkaudit.pipeline.listener import StageListener
from linkaudit.pipeline.state import Audit
from linkaudit.settings import Settings

__all__ = ["Audit", "StageListener", "audit", "audit_sync", "open_cache", "run_audit"]


def open_cache(settings: CacheOptions) -> Cache | None:
    return Cache.open(settings.cache_path) if settings.use_cache else None


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
    printed = find_captures and prints_live_pages(settings.drift, len(urls))
    check_settings = replace(settings.check, keep_page_text=printed)  # drift "auto" is decided here
    pacer = Pacer.from_settings(settings.archive)  # one pace for lookups, saves and drift's capture fetches
    async with ArchiveStage.open(settings.archive, cache=cache, transport=archive_transport, pacer=pacer) as stage, trio.open_nursery() as nursery:
        drift = (
            DriftWiring(audit, DriftRun(stage, settings.drift, cache, printed=printed), nursery, listener, scheduled)
            if find_captures and settings.drift.mode != "off" else None
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

        # The audit's results are the check's own record: one dict of results, not two.
        await check_urls(urls, check_settings, cache=cache, transport=transport, on_result=checked, into=audit.results)
        if listener is not None:
            listener.checks_finished()
        if drift is not None:
            drift.checks_finished(on_drift or (lambda line: None))
        if settings.archive.save_live:
            nursery.start_soon(_save_live, audit, stage, listener)

async def _save_live(audit: Audit, stage: ArchiveStage, listener: StageListener | None) -> None:
    live = [result.url for result in audit.results.values() if result.status.is_live]
    if listener is not None:
        listener.save_started(len(live))
    for url in live:
        [outcome] = await stage.save([url], dry_run=audit.settings.archive.dry_run)
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
    await run.read(sources)
    cache = open_cache(run.settings.cache)
    try:
        return await run_audit(run, cache=cache, transport=transport, archive_transport=archive_transport)
    finally:
        if cache is not None:
            cache.close()


def audit_sync(sources: Sequence[str], settings: Settings | None = None, **kwargs: object) -> Report:
    """``audit`` for callers without an event loop."""
    return trio.run(lambda: audit(sources, settings, **kwargs))  # type: ignore[arg-type]
