"""Memento (RFC 7089): Link headers, HTTP dates, and lookups in any Memento archive.

An archive is named by its TimeGate base (``https://arquivo.pt/wayback/``): the TimeGate of a URL
is ``base + url``. A lookup asks the TimeGate with ``Accept-Datetime`` set to the end of the target
day. The memento it names, with the neighbours its Link header lists, usually settles "the latest
capture at or before T" in one request; when it does not, the TimeMap the TimeGate links to
(link-format) lists every memento.

A Link header is read as a whole (``neighbours_of``): Memento servers leave ``prev memento`` out
when the previous memento is the first one, and ``next memento`` when the next is the last, so the
memento just before the one described is the latest memento the header names before it, whatever
its relation; only a header that names nothing earlier and does not name the memento as the first
leaves its predecessor unknown.

Memento archives do not say which status a memento captured; they are taken as 200 captures
unless ``verify`` asks to fetch the memento and see a 200.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from linkaudit.archive.pacing import ArchiveUnavailable, Pacer, paced_request
from linkaudit.httpdate import format_http_date, parse_http_date
from linkaudit.models import Snapshot

__all__ = [
    "UNSAID",
    "Link",
    "Memento",
    "end_of_day",
    "format_http_date",
    "in_rule_order",
    "lookup_memento",
    "mementos_in",
    "neighbours_of",
    "parse_http_date",
    "parse_link_header",
    "relation_to",
    "timestamp_of",
]

_LINK_ENTRY = re.compile(r"\s*<(?P<uri>[^>]*)>(?P<params>(?:\s*;\s*[^;,=\s]+\s*=\s*(?:\"[^\"]*\"|[^;,]*))*)\s*(?:,|$)")
_LINK_PARAM = re.compile(r";\s*(?P<name>[^;,=\s]+)\s*=\s*(?:\"(?P<quoted>[^\"]*)\"|(?P<bare>[^;,]*))")
MAX_VERIFIED = 6  # mementos replayed in search of a 200 before the archive's answer counts as unsettled
_TS_IN_URL = re.compile(r"/(\d{14})(?:[a-z]{2}_)?/")


@dataclass(frozen=True, slots=True)
class Link:
    uri: str
    rels: frozenset[str]
    params: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> str | None:
        return next((value for key, value in self.params if key == name), None)

    @property
    def datetime(self) -> dt.datetime | None:
        raw = self.param("datetime")
        return parse_http_date(raw) if raw else None


@dataclass(frozen=True, slots=True, order=True)
class Memento:
    timestamp: str  # 14 digits, UTC
    uri: str


class _Unsaid:
    """A neighbour the header leaves unknown (as opposed to None: there is none)."""

    def __repr__(self) -> str:
        return "UNSAID"


UNSAID = _Unsaid()
Neighbour = Memento | None | _Unsaid


def parse_link_header(value: str) -> list[Link]:
    """Parse an HTTP Link header or a link-format TimeMap; entries that do not parse are skipped."""
    links: list[Link] = []
    position = 0
    while position < len(value):
        match = _LINK_ENTRY.match(value, position)
        if match is None:
            # Skip one malformed entry: up to the next '<' that starts a new one.
            following = value.find("<", position + 1)
            if following == -1:
                break
            position = following
            continue
        params = tuple(
            (p["name"].lower(), p["quoted"] if p["quoted"] is not None else p["bare"].strip())
            for p in _LINK_PARAM.finditer(match["params"])
        )
        rels = frozenset(word.lower() for key, rel in params if key == "rel" for word in rel.split())
        links.append(Link(match["uri"].strip(), rels, params))
        position = match.end()
    return links


def timestamp_of(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")


def end_of_day(day: dt.date) -> dt.datetime:
    """"At or before T" includes all of T's day (UTC)."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)


def relation_to(timestamp: str, target: dt.date) -> tuple[str, int]:
    """("before" | "after", whole days) of a capture relative to the target date."""
    captured = dt.datetime.strptime(timestamp, "%Y%m%d%H%M%S").date()
    if captured <= target:
        return "before", (target - captured).days
    return "after", (captured - target).days


def mementos_in(links: Sequence[Link]) -> list[Memento]:
    """Every memento a Link header or TimeMap names, oldest first, without duplicates."""
    found: dict[str, Memento] = {}
    for link in links:
        if "memento" in link.rels and (ts := _timestamp_of_link(link)) is not None:
            found.setdefault(ts, Memento(ts, link.uri))
    return sorted(found.values())


def neighbours_of(timestamp: str, links: Sequence[Link]) -> tuple[Neighbour, Neighbour]:
    """The mementos just before and just after the memento at ``timestamp``, as ``links`` tell.

    ``links`` must describe that memento (its own reply, or the TimeGate reply that named it).
    None means the header shows there is none (it names this memento as the first or the last);
    UNSAID means the header does not say.
    """
    named = [m for m in mementos_in(links) if m.timestamp != timestamp]
    earlier = [m for m in named if m.timestamp < timestamp]
    later = [m for m in named if m.timestamp > timestamp]
    before: Neighbour = earlier[-1] if earlier else None if _named_as(links, "first", timestamp) else UNSAID
    after: Neighbour = later[0] if later else None if _named_as(links, "last", timestamp) else UNSAID
    return before, after


def _named_as(links: Sequence[Link], rel: str, timestamp: str) -> bool:
    return any(rel in link.rels and "memento" in link.rels and _timestamp_of_link(link) == timestamp for link in links)


def _timestamp_of_link(link: Link) -> str | None:
    moment = link.datetime
    if moment is not None:
        return timestamp_of(moment)
    match = _TS_IN_URL.search(link.uri)
    return match.group(1) if match else None


def in_rule_order(mementos: Sequence[Memento], limit: str, *, before_only: bool) -> list[Memento]:
    """Candidates in the order the rule prefers them: newest at or before ``limit``, then oldest after."""
    ordered = sorted(mementos)
    before = [m for m in reversed(ordered) if m.timestamp <= limit]
    after = [] if before_only else [m for m in ordered if m.timestamp > limit]
    return before + after


def _settled_by_timegate(named: Memento, links: Sequence[Link], limit: str, *, before_only: bool) -> Memento | None | _Unsaid:
    """The pick the TimeGate's own answer proves right, None if it proves there is none, else UNSAID.

    A TimeGate names the memento nearest T, so nothing lies between it and T: when it is after T,
    the memento before it (if any) is the latest at or before T.
    """
    before, after = neighbours_of(named.timestamp, links)
    if named.timestamp <= limit:
        if isinstance(after, Memento) and after.timestamp <= limit:
            return UNSAID  # not the nearest after all: an archive with other rules
        return named
    if isinstance(before, Memento):
        return before if before.timestamp <= limit else UNSAID
    if before is None:
        return None if before_only else named
    return UNSAID


async def lookup_memento(
    client: httpx.AsyncClient,
    pacer: Pacer,
    *,
    name: str,
    timegate_base: str,
    url: str,
    target: dt.datetime,
    target_day: dt.date,
    before_only: bool = False,
    verify: bool = False,
) -> Snapshot | None:
    """The memento of ``url`` nearest before ``target`` (else the first after) in one archive.

    Returns None when the archive holds no memento; raises ArchiveUnavailable when it fails.
    """
    group = f"{name}:memento"
    limit = timestamp_of(target)
    response = await paced_request(
        client, pacer, group, "GET", timegate_base + url,
        headers={"Accept-Datetime": format_http_date(target)}, read_body=False,
    )
    if response.status_code == 404:
        return None
    links = parse_link_header(response.headers.get("Link", ""))
    named = _named_memento(response, mementos_in(links))
    if named is None:
        raise ArchiveUnavailable(f"{name} timegate: HTTP {response.status_code} without a memento")
    settled = _settled_by_timegate(named, links, limit, before_only=before_only)
    timemap = next((link.uri for link in links if "timemap" in link.rels), None)
    if isinstance(settled, Memento) and (not verify or await _memento_is_200(client, pacer, group, settled.uri)):
        return _snapshot(name, settled, url, target_day, "timegate", verified=verify)
    if settled is None:
        return None
    if timemap is None:
        raise ArchiveUnavailable(f"{name} timegate: its answer does not settle the date and it names no TimeMap")
    candidates = in_rule_order(await _timemap(client, pacer, group, timemap, name), limit, before_only=before_only)
    if not verify:
        return _snapshot(name, candidates[0], url, target_day, "timemap", verified=False) if candidates else None
    for candidate in candidates[:MAX_VERIFIED]:
        if await _memento_is_200(client, pacer, group, candidate.uri):
            return _snapshot(name, candidate, url, target_day, "timemap", verified=True)
    if len(candidates) > MAX_VERIFIED:
        raise ArchiveUnavailable(f"{name}: none of the {MAX_VERIFIED} nearest mementos replays as a 200")
    return None


def _snapshot(name: str, memento: Memento, url: str, day: dt.date, found_by: str, *, verified: bool) -> Snapshot:
    relation, distance = relation_to(memento.timestamp, day)
    return Snapshot(name, memento.uri, url, memento.timestamp, 200, relation, distance, found_by, verified)


def _named_memento(response: httpx.Response, known: Sequence[Memento]) -> Memento | None:
    """The memento a TimeGate answer points at (302-style), or the answer itself (200-style)."""
    if response.is_redirect and (location := response.headers.get("Location")):
        match = next((m for m in known if m.uri == location), None)
        if match is not None:
            return match
        if ts := _TS_IN_URL.search(location):
            return Memento(ts.group(1), location)
        return None
    moment = parse_http_date(response.headers.get("Memento-Datetime", ""))
    if response.status_code == 200 and moment is not None:
        uri = response.headers.get("Content-Location") or str(response.url)
        return Memento(timestamp_of(moment), uri)
    return None


async def _timemap(
    client: httpx.AsyncClient, pacer: Pacer, group: str, url: str, name: str
) -> list[Memento]:
    response = await paced_request(client, pacer, group, "GET", url)
    if response.status_code == 404:
        return []
    if response.status_code != 200:
        raise ArchiveUnavailable(f"{name} timemap: HTTP {response.status_code}")
    links = parse_link_header(response.text)
    if response.text.strip() and not links:
        raise ArchiveUnavailable(f"{name} timemap: not link-format")
    return mementos_in(links)


async def _memento_is_200(client: httpx.AsyncClient, pacer: Pacer, group: str, uri: str) -> bool:
    # Archives commonly redirect a memento to its canonical form: follow a few hops.
    for _ in range(3):
        response = await paced_request(client, pacer, group, "GET", uri, read_body=False)
        if response.is_redirect and (location := response.headers.get("Location")):
            uri = str(response.url.join(location))
            continue
        return response.status_code == 200
    return False
