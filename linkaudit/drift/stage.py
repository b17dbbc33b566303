"""The drift stage: each live source against its capture from the time of the piece.

For every live source whose page was read (HTML), the capture an author would have seen is found
by the archive stage's own rule (``find_snapshots``: latest 200 at or before T, else the earliest
after), its body is fetched raw (``id_`` replay) through the same pacer, and both main texts are
compared. Costs are kept down three ways: a capture's print is cached for good (a capture never
changes), the live print travels with the cached check, and ``--drift auto`` compares only when
few sources need an archive visit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import httpx
import trio

from linkaudit.archive import ArchiveRequest, ArchiveStage
from linkaudit.archive.pacing import ArchiveUnavailable, Pacer, paced_request
from linkaudit.archive.wayback import wayback_replay_parts
from linkaudit.check.classify import decode_body, extract_title
from linkaudit.drift.compare import compare_prints, is_html, page_print
from linkaudit.models import ArchiveLookup, ArchiveOutcome, CheckResult, Drift, DriftStatus, PagePrint, Snapshot
from linkaudit.settings import Settings

if TYPE_CHECKING:
    from linkaudit.cache import Cache

__all__ = [
    "AUTO_READ_FACTOR",
    "DriftPlan",
    "DriftRun",
    "DriftRequest",
    "SourceComparison",
    "compare_sources",
    "prints_live_pages",
]

# Under --drift auto, live pages are printed during the check when the run has at most this many
# times the limit of sources: the exact count of live sources is only known after the check.
AUTO_READ_FACTOR = 4
CONCURRENT_FETCHES = 8


@dataclass(frozen=True, slots=True)
class DriftRequest:
    """One live source to compare, as the pipeline knows it."""

    url: str  # the cited URL
    target: dt.date | None  # the piece's publication date
    live: CheckResult
    version_url: str | None = None
    version_date: dt.date | None = None
    lookup: ArchiveLookup | None = None  # made already by the archive stage (--archive all)

    def archive_request(self) -> ArchiveRequest:
        return ArchiveRequest(
            url=self.url, target=self.target, version_url=self.version_url, version_date=self.version_date
        )


@dataclass(frozen=True, slots=True)
class SourceComparison:
    drift: Drift
    live: PagePrint | None = None
    capture: PagePrint | None = None


@dataclass(frozen=True, slots=True)
class DriftPlan:
    on: bool
    reason: str  # one line for the console: what was decided and why


class _PrintCache(Protocol):
    def get_archive(self, url: str, target: dt.date | None) -> ArchiveLookup | None: ...
    def record_archive(self, lookup: ArchiveLookup) -> None: ...
    def get_capture_print(self, capture_url: str) -> PagePrint | None: ...
    def record_capture_print(self, capture_url: str, page: PagePrint) -> None: ...


def prints_live_pages(settings: Settings, sources: int) -> bool:
    """Whether the check should keep the print of each live page, for a run of ``sources`` URLs."""
    if settings.drift == "off" or settings.archive == "none":
        return False
    return settings.drift == "on" or sources <= AUTO_READ_FACTOR * settings.drift_limit


async def compare_sources(
    requests: Mapping[str, DriftRequest],
    settings: Settings,
    *,
    cache: Cache | _PrintCache | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    pacer: Pacer | None = None,
    printed: bool = True,
    say: Callable[[str], None] | None = None,
) -> tuple[DriftPlan, dict[str, SourceComparison]]:
    """A comparison per request key; never raises for an archive's failure.

    ``printed`` says whether the check kept live pages' prints (see ``prints_live_pages``).
    """
    say = say or (lambda line: None)
    if settings.drift == "off":
        return DriftPlan(False, "off (--drift off)"), {}  # not asked: links carry no drift at all
    async with ArchiveStage.open(settings, cache=cache, transport=transport, pacer=pacer) as stage:
        run = DriftRun(stage, cache, printed=printed)
        results, comparable = run.sort(requests)
        plan = run.plan(comparable.values())
        if requests:
            say(f"drift: {plan.reason}")
        if not plan.on:
            results.update(run.declined(comparable))
            return plan, results

        async def compare(key: str, request: DriftRequest) -> None:
            results[key] = await run.compare(request)

        async with trio.open_nursery() as nursery:
            for key, request in comparable.items():
                nursery.start_soon(compare, key, request)
    for number, (key, request) in enumerate(comparable.items(), 1):
        drift = results[key].drift
        say(f"drift [{number}/{len(comparable)}] {drift.status.value:<12} {request.url} ({drift.reason})")
    return plan, results


class DriftRun:
    """Comparisons one source at a time, through one archive stage: the pipeline starts each as
    soon as its check (and, when the archive stage looks it up, its capture) is known.

    A capture's print is fetched once however many sources share it, and cached for good.
    """

    def __init__(self, stage: ArchiveStage, cache: _PrintCache | None, *, printed: bool) -> None:
        self.stage = stage
        self.settings = stage.settings
        self.cache = cache
        self.printed = printed
        self._limiter = trio.CapacityLimiter(CONCURRENT_FETCHES)
        self._prints: dict[str, PagePrint | str] = {}
        self._fetching: dict[str, trio.Event] = {}

    def sort(self, requests: Mapping[str, DriftRequest]) -> tuple[dict[str, SourceComparison], dict[str, DriftRequest]]:
        """(the requests that cannot be compared, with why; the comparable ones)."""
        results: dict[str, SourceComparison] = {}
        comparable: dict[str, DriftRequest] = {}
        for key, request in requests.items():
            if (why := _not_comparable(request.live, self.settings, self.printed)) is not None:
                results[key] = SourceComparison(Drift(DriftStatus.NOT_COMPARED, why))
            else:
                comparable[key] = request
        return results, comparable

    def plan(self, comparable: Iterable[DriftRequest]) -> DriftPlan:
        return _plan(self.settings, list(comparable), self.cache, self.printed)

    def declined(self, comparable: Iterable[str]) -> dict[str, SourceComparison]:
        return {key: SourceComparison(Drift(DriftStatus.NOT_COMPARED, _TOO_MANY)) for key in comparable}

    async def compare(self, request: DriftRequest) -> SourceComparison:
        """One live source against its capture: the lookup (unless made already), the capture's print, the comparison."""
        lookup = request.lookup if request.lookup is not None and _is_answer(request.lookup) else None
        if lookup is None:
            lookup = await self.stage.lookup(request.archive_request())
        captures: dict[str, PagePrint | str] = {}
        if lookup.outcome is ArchiveOutcome.FOUND and lookup.snapshot is not None:
            captures[lookup.snapshot.url] = await self._capture_print(lookup.snapshot)
        return _compare(request, lookup, captures)

    async def _capture_print(self, snapshot: Snapshot) -> PagePrint | str:
        replay_url = snapshot.url
        if replay_url in self._fetching:
            await self._fetching[replay_url].wait()
            return self._prints[replay_url]
        self._fetching[replay_url] = done = trio.Event()
        try:
            self._prints[replay_url] = await self._fetch_print(snapshot)
        finally:
            self._prints.setdefault(replay_url, "the capture could not be fetched")
            done.set()
        return self._prints[replay_url]

    async def _fetch_print(self, snapshot: Snapshot) -> PagePrint | str:
        replay_url = snapshot.url
        if self.cache is not None and (cached := self.cache.get_capture_print(replay_url)) is not None:
            return cached
        async with self._limiter:
            try:
                found = await fetch_capture_print(self.stage, snapshot)
            except ArchiveUnavailable as error:
                return f"the capture could not be fetched ({error.detail})"
        if self.cache is not None and isinstance(found, PagePrint):
            self.cache.record_capture_print(replay_url, found)
        return found


_TOO_MANY = "not asked (too many sources for --drift auto)"


def _not_comparable(live: CheckResult, settings: Settings, printed: bool) -> str | None:
    if settings.archive == "none":
        return "archive not asked (--archive none)"
    if not printed:
        return _TOO_MANY
    if not is_html(live.content_type):
        return f"not HTML ({live.content_type.split(';', 1)[0].strip()})" if live.content_type else "not HTML"
    if live.page is None:
        return "the live page was not read (a cached check from a run without drift)" if live.from_cache else "the live page was not read"
    return None


def _plan(settings: Settings, pending: list[DriftRequest], cache: _PrintCache | None, printed: bool) -> DriftPlan:
    if settings.drift == "on":
        return DriftPlan(True, f"on (--drift on): comparing {len(pending)} live source{_s(len(pending))} with their captures")
    limit = settings.drift_limit
    if not printed:
        return DriftPlan(
            False, f"auto chose off: more than {AUTO_READ_FACTOR * limit} sources in the run (--drift on compares them anyway)"
        )
    needing = sum(1 for request in pending if not _print_cached(request, cache))
    if needing <= limit:
        return DriftPlan(
            True, f"auto chose on: {needing} live source{_s(needing)} need{'s' if needing == 1 else ''} a capture fetched (at most {limit})"
        )
    return DriftPlan(
        False,
        f"auto chose off: {needing} live sources would need a capture fetched, more than {limit} "
        "(--drift on compares them anyway, at the archive's pace)",
    )


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _is_answer(lookup: ArchiveLookup) -> bool:
    return lookup.outcome in (ArchiveOutcome.FOUND, ArchiveOutcome.NO_CAPTURE)


def _print_cached(request: DriftRequest, cache: _PrintCache | None) -> bool:
    lookup = request.lookup if request.lookup is not None and _is_answer(request.lookup) else None
    if cache is None:
        return lookup is not None and lookup.snapshot is None
    lookup = lookup or cache.get_archive(request.url, request.version_date or request.target)
    if lookup is None:
        return False
    if lookup.snapshot is None:
        return True  # "no capture" is known: nothing to fetch
    return cache.get_capture_print(lookup.snapshot.url) is not None


def raw_capture_url(snapshot: Snapshot, settings: Settings) -> str:
    """The capture as first recorded: Wayback's ``id_`` replay, without its banner or rewriting."""
    parts = wayback_replay_parts(snapshot.url)
    if snapshot.archive != "wayback" or parts is None:
        return snapshot.url
    timestamp, original = parts
    return f"{settings.wayback_url.rstrip('/')}/web/{timestamp}id_/{original}"


async def fetch_capture_print(stage: ArchiveStage, snapshot: Snapshot) -> PagePrint | str:
    """The capture's print, or why it has none (not HTML); ArchiveUnavailable when the archive fails.

    Through the archive stage's client (guarded, bounded bodies) and pacer.
    """
    settings = stage.settings
    group = "wayback:replay" if snapshot.archive == "wayback" else f"{snapshot.archive}:memento"
    url = raw_capture_url(snapshot, settings)
    response = await paced_request(stage.client, stage.pacer, group, "GET", url, timeout=settings.archive_timeout)
    if response.status_code != 200:
        raise ArchiveUnavailable(f"{group.replace(':', ' ')}: the capture replays as HTTP {response.status_code}")
    content_type = response.headers.get("content-type")
    if not is_html(content_type):
        return "the capture is not HTML"
    page = decode_body(response.content[: settings.max_body_bytes], content_type)
    return page_print(page, extract_title(page))


def _compare(request: DriftRequest, lookup: ArchiveLookup | None, captures: Mapping[str, PagePrint | str]) -> SourceComparison:
    live = request.live.page
    if lookup is None or lookup.outcome is ArchiveOutcome.NOT_ASKED:
        return SourceComparison(Drift(DriftStatus.NOT_COMPARED, "archive not asked"), live)
    if lookup.outcome is ArchiveOutcome.UNREACHABLE:
        detail = f" ({lookup.detail})" if lookup.detail else ""
        return SourceComparison(Drift(DriftStatus.NOT_COMPARED, f"archive unreachable{detail}"), live)
    if lookup.snapshot is None:
        return SourceComparison(Drift(DriftStatus.NOT_COMPARED, "no capture from the time of the piece"), live)
    capture = captures.get(lookup.snapshot.url)
    if not isinstance(capture, PagePrint):
        why = capture or "the capture could not be fetched"
        return SourceComparison(Drift(DriftStatus.NOT_COMPARED, why, capture=lookup.snapshot), live)
    assert live is not None
    return SourceComparison(compare_prints(capture, live, lookup.snapshot), live, capture)
