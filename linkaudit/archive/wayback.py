"""Finding the Wayback Machine capture nearest (preferably before) a target moment.

archive.org paces its endpoint groups separately: replay (and the TimeGate) about 600 requests a
minute, the CDX server 30 (shared with TimeMaps). A lookup starts with the replay walk while
replay tokens are free; once lookups queue for replay, each CDX token free at the time a lookup
starts takes that lookup to CDX (``Wayback.choose_route``), so both budgets work at once. Either
method hands over to the other when it cannot settle the lookup.

1. **Replay TimeGate walk** (replay group). ``GET /web/<url>`` with
   ``Accept-Datetime: <end of T>`` redirects to the memento nearest T, and its Link header names that
   memento's neighbours. Nothing lies between the nearest memento and T, so the latest memento at or
   before T is the nearest itself or the one just before it: only candidates are replayed (``id_``,
   headers only), newest first, until one replays as a true 200 of that very capture; failing that,
   forwards from the earliest after T. Each replay's Link header names the next neighbours. Headers
   are read as a whole (``memento.neighbours_of``): a server that leaves ``prev`` out because it is
   the first memento still names the first. The walk says "none" only at a memento the archive
   names as its first (or last); a header that leaves a neighbour unsaid, or a walk longer than
   ``MAX_PROBES``, hands over to CDX. A 404 from the TimeGate means the archive holds nothing.
   A found capture costs two replay-group requests, each capture stepped over one more.
2. **CDX** (``to=T&filter=statuscode:200&output=json&limit=-1``, then ``from=T+1d&limit=1`` only
   when nothing is at or before T), the authoritative list: one or two CDX requests, no replay.
   With ``verify`` the rows' captures are replayed too, and every lookup starts with the walk.
3. **Availability API**, last: it can only confirm a 200 capture at or before T; its empty answer
   is not trusted (it returns ``{}`` for some archived URLs), so it never turns into "no capture",
   and a capture it names after T settles nothing either (one before T may exist).

Every failure (429, 5xx, timeout, a reply that is not JSON) raises ``ArchiveUnavailable``: only
a TimeGate 404, a CDX ``[]`` or empty body, or a walk that ran out of mementos means "no capture".

waybackpy is not used for lookups: it sets no timeouts (a stalled archive blocks a thread that
cancellation cannot stop), sleeps 5 s before every availability call, and turns a CDX 429 into
``NoCDXRecordFound``, a false "not archived" that this module exists to prevent.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import httpx

from linkaudit.archive.memento import (
    Link,
    Memento,
    format_http_date,
    neighbours_of,
    parse_link_header,
    parse_http_date,
    relation_to,
    timestamp_of,
)
from linkaudit.archive.pacing import ArchiveUnavailable, Pacer, paced_request
from linkaudit.models import Snapshot

__all__ = ["MAX_PROBES", "CdxRow", "Wayback", "parse_cdx_json", "wayback_replay_parts"]

ARCHIVE_NAME = "wayback"
REPLAY_GROUP = "wayback:replay"
CDX_GROUP = "wayback:cdx"
UNPAID = "unpaid"  # a lookup that took no token before it started
MAX_PROBES = 6
CDX_CANDIDATES = 3
REVISIT = "warc/revisit"
_REPLAY_URL = re.compile(r"/web/(?P<ts>\d{14})(?:[a-z]{2}_)?/(?P<original>.+)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class CdxRow:
    timestamp: str
    original: str
    statuscode: str
    mimetype: str

    @property
    def is_ok_capture(self) -> bool:
        return self.statuscode == "200" and self.mimetype != REVISIT and len(self.timestamp) == 14


@dataclass(frozen=True, slots=True)
class _Probe:
    """What one ``id_`` replay says about a capture: a true 200, and the Link header describing it."""

    ok: bool
    links: list[Link]


class _WalkInconclusive(Exception):
    """The replay walk cannot settle the lookup (headers left a neighbour unsaid, or too many steps)."""


Side = Literal["before", "after"]


class _Walk:
    """What one lookup's replies have told about the mementos of a URL, and the replays it makes."""

    def __init__(self, wayback: Wayback, url: str) -> None:
        self.wayback = wayback
        self.url = url
        self.next_to: dict[Side, dict[str, Memento | None]] = {"before": {}, "after": {}}
        self.replayed = 0

    def learn(self, memento: Memento, links: Sequence[Link]) -> None:
        """Record the neighbours ``links`` (describing ``memento``) name; adjacency goes both ways."""
        before, after = neighbours_of(memento.timestamp, links)
        for side, other, opposite in (("before", before, "after"), ("after", after, "before")):
            if isinstance(other, Memento) or other is None:
                self.next_to[side][memento.timestamp] = other  # type: ignore[index]
            if isinstance(other, Memento):
                self.next_to[opposite].setdefault(other.timestamp, memento)  # type: ignore[index]

    def neighbour(self, memento: Memento, side: Side) -> Memento | None:
        try:
            return self.next_to[side][memento.timestamp]
        except KeyError:
            raise _WalkInconclusive from None

    async def scan(self, start: Memento | None, side: Side) -> Memento | None:
        """Replay from ``start`` towards ``side`` until a true 200; None once the archive's end is reached."""
        current = start
        while current is not None:
            if self.replayed >= MAX_PROBES:
                raise _WalkInconclusive
            self.replayed += 1
            probe = await self.wayback.probe(current.timestamp, _original_of(current, self.url))
            if probe.links:
                self.learn(current, probe.links)
            if probe.ok:
                return current
            following = self.neighbour(current, side)
            if following is not None and (following.timestamp >= current.timestamp) == (side == "before"):
                raise _WalkInconclusive  # headers that contradict each other settle nothing
            current = following
        return None


def wayback_replay_parts(url: str) -> tuple[str, str] | None:
    """(timestamp, original) of a Wayback replay URL, on any host; None for anything else."""
    if "/web/" not in url:
        return None
    try:
        path = httpx.URL(url).raw_path.decode("ascii", "replace")
    except (httpx.InvalidURL, ValueError):
        return None
    match = _REPLAY_URL.search(path)
    return (match["ts"], match["original"]) if match else None


def parse_cdx_json(text: str) -> list[CdxRow]:
    """Rows of a CDX ``output=json`` reply; ``[]`` and an empty body mean no capture.

    Raises ArchiveUnavailable when the reply is not the header-row-then-rows array archive.org sends.
    """
    if not text.strip():
        return []
    try:
        table = json.loads(text)
    except ValueError as error:
        raise ArchiveUnavailable("wayback cdx: reply is not JSON") from error
    if not isinstance(table, list) or not all(
        isinstance(row, list) and all(isinstance(cell, str) for cell in row) for row in table
    ):
        raise ArchiveUnavailable("wayback cdx: reply is not a table of strings")
    if not table:
        return []
    header, *rows = table
    missing = {"timestamp", "original", "statuscode"} - set(header)
    if missing:
        raise ArchiveUnavailable(f"wayback cdx: reply lacks the fields {', '.join(sorted(missing))}")
    rows = [row for row in rows if len(row) == len(header)]
    return [
        CdxRow(
            record["timestamp"], record["original"], record["statuscode"], record.get("mimetype", "")
        )
        for record in (dict(zip(header, row, strict=True)) for row in rows)
    ]


class Wayback:
    """The Wayback Machine at ``base_url`` (a mirror or a stand-in in tests)."""

    def __init__(
        self, client: httpx.AsyncClient, pacer: Pacer, *, base_url: str, timeout: float, verify: bool, share_cdx: bool = True
    ) -> None:
        self.client = client
        self.pacer = pacer
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.verify = verify
        self.share_cdx = share_cdx  # False: every lookup starts with the replay walk
        self.routes: Counter[str] = Counter()  # lookups by the group they started with

    def replay_url(self, timestamp: str, original: str) -> str:
        return f"{self.base}/web/{timestamp}/{original}"

    def _snapshot(self, timestamp: str, original: str, day: dt.date, found_by: str, verified: bool) -> Snapshot:
        relation, distance = relation_to(timestamp, day)
        return Snapshot(
            ARCHIVE_NAME, self.replay_url(timestamp, original), original, timestamp, 200,
            relation, distance, found_by, verified,
        )

    async def _get(self, group: str, url: str, **kwargs: object) -> httpx.Response:
        return await paced_request(self.client, self.pacer, f"wayback:{group}", "GET", url, timeout=self.timeout, **kwargs)  # type: ignore[arg-type]

    # --- the lookup ---------------------------------------------------------------------
    async def find(self, url: str, moment: dt.datetime, day: dt.date, *, before_only: bool) -> Snapshot | None:
        """The chosen capture, or None when the Wayback Machine holds no 200 capture.

        The lookup starts with the method ``choose_route`` picks; the other method follows when the first cannot settle it, then the
        availability API. Raises ArchiveUnavailable when no method gave an answer.
        """
        route = self.choose_route()
        self.routes[route] += 1
        methods = (self.cdx_lookup, self.timegate_walk) if route == CDX_GROUP else (self.timegate_walk, self.cdx_lookup)
        problems: list[str] = []
        for n, method in enumerate(methods):
            try:
                return await method(url, moment, day, before_only=before_only, prepaid=n == 0 and route != UNPAID)
            except ArchiveUnavailable as error:
                problems.append(error.detail)
            except _WalkInconclusive:
                pass
        try:
            return await self.availability_lookup(url, moment, day, before_only=before_only)
        except ArchiveUnavailable as error:
            problems.append(error.detail)
        raise ArchiveUnavailable("; ".join(dict.fromkeys(problems)))

    def choose_route(self) -> str:
        """The group a lookup starts with, its first token already taken (``UNPAID``: none taken).

        The replay group and the CDX server have separate budgets at archive.org. A lookup takes
        the replay walk when a replay token is free; when lookups queue for replay and a CDX token
        is free with nobody waiting for it, CDX settles the lookup with no replay request. So CDX's
        budget takes a share of a backlog and never gathers a queue of its own (a CDX lookup costs
        twenty replay requests' time), and a CDX server cooling down after a 429 gets no lookup.
        With ``verify`` every lookup walks, since a CDX row alone does not prove the capture replays.
        """
        if not self.share_cdx or self.verify:
            return UNPAID
        for group in (REPLAY_GROUP, CDX_GROUP):
            if self.pacer.try_acquire(group):
                return group
        return UNPAID

    async def timegate_walk(
        self, url: str, moment: dt.datetime, day: dt.date, *, before_only: bool, prepaid: bool = False
    ) -> Snapshot | None:
        """The TimeGate names the memento nearest T and its neighbours; replay checks candidates.

        The latest memento at or before T is the nearest itself or the one before it; the walk
        replays candidates from there backwards, then (unless ``before_only``) forwards from the
        earliest after T, until one replays as a true 200. It ends with "none" only at a memento
        the archive names as the first (backwards) or the last (forwards); whatever the headers
        leave unsaid raises ``_WalkInconclusive``, for CDX to settle.
        """
        response = await self._get(
            "replay", f"{self.base}/web/{url}",
            headers={"Accept-Datetime": format_http_date(moment)}, read_body=False, prepaid=prepaid,
        )
        if response.status_code == 404:
            return None
        location = response.headers.get("Location", "") if response.is_redirect else ""
        parts = wayback_replay_parts(str(response.url.join(location))) if location else None
        if parts is None:
            raise _WalkInconclusive
        nearest = Memento(parts[0], str(response.url.join(location)))
        walk = _Walk(self, url)
        walk.learn(nearest, parse_link_header(response.headers.get("Link", "")))
        limit = timestamp_of(moment)
        latest_before = nearest if nearest.timestamp <= limit else walk.neighbour(nearest, "before")
        found = await walk.scan(latest_before, "before")
        if found is None and not before_only:
            earliest_after = nearest if nearest.timestamp > limit else walk.neighbour(nearest, "after")
            found = await walk.scan(earliest_after, "after")
        if found is None:
            return None
        return self._snapshot(found.timestamp, _original_of(found, url), day, "timegate", verified=True)

    async def probe(self, timestamp: str, original: str) -> _Probe:
        """Replay one capture raw (``id_``): is it a true 200 of that very capture?"""
        response = await self._get("replay", f"{self.base}/web/{timestamp}id_/{original}", read_body=False)
        captured = parse_http_date(response.headers.get("Memento-Datetime", ""))
        describes = captured is not None and timestamp_of(captured) == timestamp
        links = parse_link_header(response.headers.get("Link", "")) if describes else []
        return _Probe(ok=describes and response.status_code == 200, links=links)

    async def cdx_lookup(
        self, url: str, moment: dt.datetime, day: dt.date, *, before_only: bool, prepaid: bool = False
    ) -> Snapshot | None:
        """The rule applied to CDX's rows of 200 captures: ``to=T``, then ``from=T`` only when needed."""
        count = CDX_CANDIDATES if self.verify else 1
        limit = timestamp_of(moment)
        before = await self._cdx_rows(url, to=limit, limit=-count, prepaid=prepaid)
        if found := await self._first_good(reversed(before)):
            return self._snapshot(found.timestamp, found.original, day, "cdx", self.verify)
        if before_only:
            return None
        after_start = timestamp_of(moment + dt.timedelta(seconds=1))
        after = await self._cdx_rows(url, start=after_start, limit=count)
        if found := await self._first_good(after):
            return self._snapshot(found.timestamp, found.original, day, "cdx", self.verify)
        return None

    async def _cdx_rows(
        self, url: str, *, to: str | None = None, start: str | None = None, limit: int, prepaid: bool = False
    ) -> list[CdxRow]:
        params: list[tuple[str, str]] = [("url", url)]
        if to:
            params.append(("to", to))
        if start:
            params.append(("from", start))
        params += [
            ("filter", "statuscode:200"),
            ("filter", "!mimetype:warc/revisit"),
            ("fl", "timestamp,original,statuscode,mimetype"),
            ("output", "json"),
            ("limit", str(limit)),
        ]
        query = str(httpx.QueryParams(tuple(params)))
        response = await self._get("cdx", f"{self.base}/cdx/search/cdx?{query}", prepaid=prepaid)
        if response.status_code != 200:
            raise ArchiveUnavailable(f"wayback cdx: HTTP {response.status_code}")
        # The server's filters are a courtesy: the rows are checked here too.
        return [row for row in parse_cdx_json(response.text) if row.is_ok_capture]

    async def _first_good(self, rows: Iterable[CdxRow]) -> CdxRow | None:
        for row in rows:
            if not self.verify or (await self.probe(row.timestamp, row.original)).ok:
                return row
        return None

    async def availability_lookup(self, url: str, moment: dt.datetime, day: dt.date, *, before_only: bool) -> Snapshot:
        query = str(httpx.QueryParams({"url": url, "timestamp": timestamp_of(moment)}))
        response = await self._get("availability", f"{self.base}/wayback/available?{query}")
        try:
            closest = response.json()["archived_snapshots"].get("closest")
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ArchiveUnavailable("wayback availability: reply is not the expected JSON") from error
        if not isinstance(closest, dict) or str(closest.get("status")) != "200":
            raise ArchiveUnavailable("wayback availability: no 200 capture named (an answer it also gives for archived URLs)")
        parts = wayback_replay_parts(str(closest.get("url", "")))
        if parts is None:
            raise ArchiveUnavailable("wayback availability: no usable capture named")
        if parts[0] > timestamp_of(moment):
            # "Closest" may lie on either side: a capture after T does not show there is none
            # before it, and only CDX or the replay walk could tell, which failed already.
            raise ArchiveUnavailable("wayback availability: named only a capture after the date, which settles nothing")
        verified = False
        if self.verify:
            if not (await self.probe(*parts)).ok:
                raise ArchiveUnavailable("wayback availability: the capture it named does not replay")
            verified = True
        return self._snapshot(parts[0], parts[1], day, "availability", verified)

    # --- Robust Links -----------------------------------------------------------------
    async def check_version_url(self, version_url: str, original: str, day: dt.date) -> Snapshot | None:
        """The author's own snapshot link, if it replays as a 200 memento.

        A Wayback replay URL is checked through this instance's base URL (a mirror in production,
        the stand-in in tests). Returns None when the archive says the snapshot is not a 200 capture;
        raises ArchiveUnavailable when the archive cannot say: a link is not proof of a capture.
        """
        parts = wayback_replay_parts(version_url)
        if parts is None:
            return None
        timestamp, captured = parts
        probe = await self.probe(timestamp, captured)
        if not probe.ok:
            return None
        return self._snapshot(timestamp, captured, day, "robust-links", True)


def _original_of(memento: Memento, fallback: str) -> str:
    parts = wayback_replay_parts(memento.uri)
    return parts[1] if parts else fallback
