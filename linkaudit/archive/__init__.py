"""The archive stage: for each source, the web-archive capture an author would have seen.

``find_snapshots`` asks, for every request, the author's own Robust Links snapshot first, then the
Wayback Machine (see ``linkaudit.archive.wayback`` for the order of its endpoints), then each extra
Memento archive of ``settings.archives`` in order, stopping at the first capture at or before the
target. Outcomes:

- FOUND: a 200 capture (the latest at or before T, else the earliest after);
- NO_CAPTURE: every archive asked gave a real, empty answer;
- UNREACHABLE: no capture, and at least one archive failed (429, 5xx, timeout, garbled reply):
  that is not an answer, and ``detail`` says which archive failed and how.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

import httpx
import trio

from linkaudit.archive.client import archive_client
from linkaudit.archive.memento import end_of_day, lookup_memento
from linkaudit.archive.pacing import ArchiveUnavailable, Pacer
from linkaudit.archive.save import SaveOutcome, save_sources
from linkaudit.archive.wayback import Wayback
from linkaudit.models import ArchiveLookup, ArchiveOutcome, Snapshot
from linkaudit.options import ArchiveOptions

if TYPE_CHECKING:
    from linkaudit.cache import Cache

__all__ = [
    "ArchiveRequest",
    "ArchiveStage",
    "SaveOutcome",
    "find_snapshots",
    "find_snapshots_sync",
    "save_sources",
]

CONCURRENT_LOOKUPS = 8


@dataclass(frozen=True, slots=True)
class ArchiveRequest:
    url: str  # the cited URL (absolute)
    target: dt.date | None  # publication date T (or the "not before" bound D)
    version_url: str | None = None  # Robust Links data-versionurl: tried first
    version_date: dt.date | None = None  # Robust Links data-versiondate: replaces T
    first_failure: dt.datetime | None = None  # used when target is None


class _ArchiveCache(Protocol):
    def get_archive(self, url: str, target: dt.date | None) -> ArchiveLookup | None: ...
    def record_archive(self, lookup: ArchiveLookup) -> None: ...


class ArchiveStage:
    """One archive client, pacer and cache for a whole run: lookups start one by one, as sources need them.

    ``async with ArchiveStage.open(settings, cache=c) as stage: await stage.lookup(request)``
    """

    def __init__(self, settings: ArchiveOptions, client: httpx.AsyncClient, pacer: Pacer, cache: _ArchiveCache | None) -> None:
        self.settings = settings
        self.client = client
        self.pacer = pacer
        self.cache = cache
        self.wayback = Wayback(
            client, pacer, base_url=settings.wayback_url,
            verify=settings.verify_snapshots,
        )
        self._limiter = trio.CapacityLimiter(CONCURRENT_LOOKUPS)

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        settings: ArchiveOptions,
        *,
        cache: Cache | _ArchiveCache | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        pacer: Pacer | None = None,
    ) -> AsyncIterator[ArchiveStage]:
        async with archive_client(settings, transport) as client:
            yield cls(settings, client, pacer or Pacer.from_settings(settings), cache)

    async def lookup(self, request: ArchiveRequest) -> ArchiveLookup:
        """The capture for one request (from the cache when it knows); never raises for an archive's failure."""
        if self.settings.mode == "none":
            return ArchiveLookup(request.url, ArchiveOutcome.NOT_ASKED, target=_target_of(request))
        async with self._limiter:
            return await _lookup(request, self.wayback, self.settings, self.cache)

    async def save(self, urls: Sequence[str], *, dry_run: bool = False) -> list[SaveOutcome]:
        return await save_sources(urls, self.settings, dry_run=dry_run, client=self.client, pacer=self.pacer)


async def find_snapshots(
    requests: Sequence[ArchiveRequest],
    settings: ArchiveOptions,
    *,
    cache: Cache | _ArchiveCache | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    pacer: Pacer | None = None,
) -> dict[ArchiveRequest, ArchiveLookup]:
    """One ArchiveLookup per distinct request. Never raises for an archive's failure."""
    results: dict[ArchiveRequest, ArchiveLookup] = {}
    async with ArchiveStage.open(settings, cache=cache, transport=transport, pacer=pacer) as stage:

        async def run_one(request: ArchiveRequest) -> None:
            results[request] = await stage.lookup(request)

        async with trio.open_nursery() as nursery:
            for request in dict.fromkeys(requests):
                nursery.start_soon(run_one, request)
    return results


def find_snapshots_sync(
    requests: Sequence[ArchiveRequest],
    settings: ArchiveOptions,
    *,
    cache: Cache | _ArchiveCache | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    pacer: Pacer | None = None,
) -> dict[ArchiveRequest, ArchiveLookup]:
    return trio.run(functools.partial(find_snapshots, requests, settings, cache=cache, transport=transport, pacer=pacer))


def _target_of(request: ArchiveRequest) -> dt.date | None:
    return request.version_date or request.target


async def _lookup(
    request: ArchiveRequest, wayback: Wayback, settings: ArchiveOptions, cache: _ArchiveCache | None
) -> ArchiveLookup:
    target = _target_of(request)
    if cache is not None and (cached := cache.get_archive(request.url, target)) is not None:
        if cached.snapshot is not None:
            cached = replace(cached, snapshot=replace(cached.snapshot, found_by="cache"))
        return cached
    lookup = await _ask_archives(request, target, wayback, settings)
    if cache is not None and lookup.outcome in (ArchiveOutcome.FOUND, ArchiveOutcome.NO_CAPTURE):
        cache.record_archive(lookup)
    return lookup


async def _ask_archives(
    request: ArchiveRequest, target: dt.date | None, wayback: Wayback, settings: ArchiveOptions
) -> ArchiveLookup:
    if target is not None:
        moment, day, before_only = end_of_day(target), target, False
    else:
        # No date: the latest capture before the source first failed (or the latest at all).
        moment = request.first_failure or dt.datetime.now(dt.UTC)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        day, before_only = moment.date(), True

    found: list[Snapshot] = []
    problems: list[str] = []
    if request.version_url:
        try:
            snapshot = await wayback.check_version_url(request.version_url, request.url, day)
        except ArchiveUnavailable as error:
            snapshot = None
            problems.append(f"the piece's Robust Links capture could not be checked ({error.detail})")
        if snapshot is not None:
            return ArchiveLookup(request.url, ArchiveOutcome.FOUND, snapshot, target, "from the piece's Robust Links")

    empty: list[str] = []
    archives: list[tuple[str, str | None]] = [("wayback", None), *settings.archives]
    for name, timegate in archives:
        try:
            if timegate is None:
                snapshot = await wayback.find(request.url, moment, day, before_only=before_only)
            else:
                snapshot = await lookup_memento(
                    wayback.client, wayback.pacer, name=name, timegate_base=timegate, url=request.url,
                    target=moment, target_day=day,
                    before_only=before_only, verify=settings.verify_snapshots,
                )
        except ArchiveUnavailable as error:
            problems.append(error.detail)
            continue
        if snapshot is None:
            empty.append(_archive_label(name))
            continue
        found.append(snapshot)
        if snapshot.relation == "before":
            break  # nothing can beat a capture at or before T in a later archive

    if found:
        best = min(found, key=lambda s: (s.relation != "before", s.distance_days))
        return ArchiveLookup(request.url, ArchiveOutcome.FOUND, best, target)
    if problems:
        return ArchiveLookup(request.url, ArchiveOutcome.UNREACHABLE, None, target, "; ".join(problems))
    return ArchiveLookup(request.url, ArchiveOutcome.NO_CAPTURE, None, target, f"no capture in {', '.join(empty)}")


def _archive_label(name: str) -> str:
    return "the Wayback Machine" if name == "wayback" else name
