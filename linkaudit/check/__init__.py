"""Liveness checking: every distinct URL requested once, politely, with an honest verdict.

    results = check_urls_sync(urls, settings)            # {url as given: CheckResult}
    results = await check_urls(urls, settings, cache=c)  # under trio

``CheckResult.url`` is the normalised URL (the cache key); the returned mapping is keyed by the
URLs exactly as given. See ``engine`` for how URLs are scheduled, ``client`` for the request
strategy and ``guard`` for the safety rules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import httpx
import trio

from linkaudit.check.client import build_client
from linkaudit.check.engine import CheckEngine, EngineStats
from linkaudit.check.reachability import any_reference_answers
from linkaudit.check.urls import exclusion_reason_given, normalise_url, remap_url
from linkaudit.check.workers import count_hosts, plan_shards, run_shards, worker_count
from linkaudit.drift.compare import is_html
from linkaudit.errors import NetworkUnavailable
from linkaudit.models import CheckResult, LinkStatus
from linkaudit.options import CheckOptions
from linkaudit.urlkey import identify

if TYPE_CHECKING:
    from linkaudit.cache import Cache

__all__ = ["NETWORK_DOWN_MIN_HOSTS", "check_urls", "check_urls_sync", "normalise_url"]

NETWORK_DOWN_MIN_HOSTS = 3


async def check_urls(
    urls: Iterable[str],
    settings: CheckOptions,
    *,
    cache: Cache | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    on_result: Callable[[CheckResult], None] | None = None,
    into: dict[str, CheckResult] | None = None,
) -> dict[str, CheckResult]:
    """Check every URL; duplicates (equal after ``normalise_url``) are requested once.

    ``into`` is where each result is kept by key as it is delivered (the caller's own record of
    the run), instead of a dict of the run's own: a caller that keeps every result need not hold
    them twice.

    Raises ``NetworkUnavailable`` when no HTTP answer came back at all and three or more distinct
    hosts failed with DNS or no-route errors, or one or two did and none of
    ``settings.reference_urls`` answered either; nothing is recorded in the cache then.
    With ``transport`` given, the private-address guard is the caller's responsibility.
    """
    run = _Run(settings, cache, on_result, {} if into is None else into)
    return await run.execute(list(urls), transport)


def check_urls_sync(urls: Iterable[str], settings: CheckOptions, **kw: Any) -> dict[str, CheckResult]:
    """``check_urls`` for synchronous callers (starts its own trio run)."""
    return trio.run(functools.partial(check_urls, urls, settings, **kw))


class _Run:
    """One call of ``check_urls``: grouping, cache use, recording and the network-down rule."""

    def __init__(
        self,
        settings: CheckOptions,
        cache: Cache | None,
        on_result: Callable[[CheckResult], None] | None,
        results: dict[str, CheckResult],
    ):
        self.settings = settings
        self.cache = cache
        self.on_result = on_result
        self.results = results
        self.unrecorded: list[CheckResult] = []
        self.stats = EngineStats()
        self.remapped: set[str] = set()
        self.started = dt.datetime.now(dt.UTC)  # when skipped URLs were decided on: one time for all

    async def execute(self, urls: list[str], transport: httpx.AsyncBaseTransport | None) -> dict[str, CheckResult]:
        keys: list[str] = []  # beside ``urls``: a list of spellings per key would cost more
        problems: dict[str, str | None] = {}
        for url in urls:
            key, problem = identify(url)  # one parse gives its key and whether it can be checked at all
            keys.append(key)
            problems.setdefault(key, problem)
        pending: dict[str, str] = {}  # key -> what is requested (after remap)
        for key, problem in problems.items():
            target = normalise_url(remap_url(key, self.settings.remap)) if self.settings.remap else key
            if target != key:
                # The cache is the history of the cited source: what a mirror or a staging copy
                # answered must neither come from it nor go into it.
                self.remapped.add(key)
            if (ready := self._without_request(key, problem)) is not None:
                self._finish(ready, record=False)
            else:
                pending[key] = target
        del problems
        workers = 1 if transport is not None else worker_count(self.settings, len(pending), lambda: count_hosts(pending))
        if workers > 1:
            await self._check_in_workers(pending, workers)
        else:
            await self._check_here(pending, transport)
        await self._raise_if_network_down(transport)
        for result in self.unrecorded:
            self._deliver(self._recorded(result))
        self.unrecorded.clear()
        return {url: self.results[key] for url, key in zip(urls, keys, strict=True)}

    async def _check_here(self, pending: dict[str, str], transport: httpx.AsyncBaseTransport | None) -> None:
        async with build_client(self.settings, transport) as client:
            engine = CheckEngine(self.settings, client)
            self.stats = engine.stats
            await engine.check_all(pending.items(), self._checked)

    async def _check_in_workers(self, pending: dict[str, str], workers: int) -> None:
        def arrived(result: CheckResult) -> None:
            if result.http_status is not None:
                self.stats.responses += 1  # the network works: results may be recorded
            self._finish(result, record=result.status is not LinkStatus.SKIPPED)

        responses, down = await run_shards(plan_shards(pending, workers), self.settings, arrived)
        self.stats.responses = max(self.stats.responses, responses)
        self.stats.network_down_hosts |= down

    def _without_request(self, key: str, problem: str | None) -> CheckResult | None:
        """A skipped or fresh cached result, when the URL needs no request (``problem``: ``url_problem(key)``)."""
        excluded = exclusion_reason_given(key, problem, self.settings.include, self.settings.exclude)
        if excluded is not None:
            kind, why = excluded
            return CheckResult(url=key, status=LinkStatus.SKIPPED, reason=why, checked_at=self.started,
                               error_kind=kind, attempts=0)
        if key in self.remapped or self.cache is None:
            return None
        if (cached := self.cache.get_check(key, self.settings.max_age)) is not None:
            if self.settings.keep_page_text and cached.status.is_live and cached.page is None and is_html(cached.content_type):
                return None  # checked without drift: the page is read again for its print
            return dataclasses.replace(cached, url=key)
        return None

    def _checked(self, result: CheckResult) -> None:
        self._finish(result, record=result.status is not LinkStatus.SKIPPED)

    def _finish(self, result: CheckResult, *, record: bool) -> None:
        if not record:
            if self.cache is not None and not result.from_cache and result.url not in self.remapped:
                result = dataclasses.replace(result, history=self.cache.history(result.url))
            self._deliver(result)
            return
        if self.stats.responses == 0:
            # Until one answer proves the network works, a failure may be our own outage:
            # hold results back so that nothing is recorded if the run is abandoned.
            self.unrecorded.append(result)
            return
        for held in self.unrecorded:
            self._deliver(self._recorded(held))
        self.unrecorded.clear()
        self._deliver(self._recorded(result))

    def _recorded(self, result: CheckResult) -> CheckResult:
        if self.cache is None or result.url in self.remapped:
            return result
        return dataclasses.replace(result, history=self.cache.record_check(result))

    def _deliver(self, result: CheckResult) -> None:
        self.results[result.url] = result
        if self.on_result is not None:
            self.on_result(result)

    async def _raise_if_network_down(self, transport: httpx.AsyncBaseTransport | None) -> None:
        down = self.stats.network_down_hosts
        if self.stats.responses or not down:
            return
        names = ", ".join(sorted(down)[:3]) + (", ..." if len(down) > 3 else "")
        if len(down) >= NETWORK_DOWN_MIN_HOSTS:
            raise NetworkUnavailable(f"{len(down)} hosts could not be resolved or reached: {names}")
        if not await any_reference_answers(self.settings, transport):
            references = ", ".join(httpx.URL(url).host for url in self.settings.reference_urls) or "none configured"
            raise NetworkUnavailable(
                f"{names} could not be resolved or reached, and neither could any reference host ({references})"
            )
