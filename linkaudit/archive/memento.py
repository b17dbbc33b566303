"""Memento (RFC 7089): Link headers, HTTP dates, and lookups in any Memento archive.

An archive is named by its TimeGate base (``https://arquivo.pt/wayback/``): the TimeGate of a URL
is ``base + url``. A lookup asks the TimeGate with ``Accept-Datetime`` set to the end of the target
day. The memento it names, with the ``prev``/``first`` mementos its Link header lists, usually
settles "the latest capture at or before T" in one request; when it does not, the TimeMap the
TimeGate links to (link-format) lists every memento.

Memento archives do not say which status a memento captured; they are taken as 200 captures
unless ``verify`` asks to fetch the memento and see a 200.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from linkaudit.archive.pacing import ArchiveUnavailable, Pacer, paced_request
from linkaudit.models import Snapshot

__all__ = [
    "Link",
    "Memento",
    "end_of_day",
    "format_http_date",
    "lookup_memento",
    "mementos_in",
    "parse_http_date",
    "parse_link_header",
    "relation_to",
    "timestamp_of",
]

_LINK_ENTRY = re.compile(r"\s*<(?P<uri>[^>]*)>(?P<params>(?:\s*;\s*[^;,=\s]+\s*=\s*(?:\"[^\"]*\"|[^;,]*))*)\s*(?:,|$)")
_LINK_PARAM = re.compile(r";\s*(?P<name>[^;,=\s]+)\s*=\s*(?:\"(?P<quoted>[^\"]*)\"|(?P<bare>[^;,]*))")
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


def format_http_date(moment: dt.datetime) -> str:
    return email.utils.format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def parse_http_date(value: str) -> dt.datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


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
        if "memento" not in link.rels:
            continue
        moment = link.datetime
        if moment is not None:
            ts = timestamp_of(moment)
        elif match := _TS_IN_URL.search(link.uri):
            ts = match.group(1)
        else:
            continue
        found.setdefault(ts, Memento(ts, link.uri))
    return sorted(found.values())


def _choose(mementos: Sequence[Memento], target: dt.datetime, before_only: bool) -> Memento | None:
    limit = timestamp_of(target)
    before = [m for m in mementos if m.timestamp <= limit]
    if before:
        return before[-1]
    if before_only:
        return None
    after = [m for m in mementos if m.timestamp > limit]
    return after[0] if after else None


def _settled_by_timegate(links: Sequence[Link], chosen: Memento, target: dt.datetime) -> bool:
    """Whether the TimeGate's own Link header proves ``chosen`` is the right pick."""
    if chosen.timestamp <= timestamp_of(target):
        return True  # the nearest memento is before T, so nothing lies between it and T
    # The nearest is after T: it is the answer only if nothing precedes it.
    return any("first" in link.rels and chosen.uri == link.uri for link in links)


async def lookup_memento(
    client: httpx.AsyncClient,
    pacer: Pacer,
    *,
    name: str,
    timegate_base: str,
    url: str,
    target: dt.datetime,
    target_day: dt.date,
    timeout: float,
    before_only: bool = False,
    verify: bool = False,
) -> Snapshot | None:
    """The memento of ``url`` nearest before ``target`` (else the first after) in one archive.

    Returns None when the archive holds no memento; raises ArchiveUnavailable when it fails.
    """
    group = f"{name}:memento"
    response = await paced_request(
        client, pacer, group, "GET", timegate_base + url,
        timeout=timeout, headers={"Accept-Datetime": format_http_date(target)}, read_body=False,
    )
    if response.status_code == 404:
        return None
    links = parse_link_header(response.headers.get("Link", ""))
    known = mementos_in(links)
    named = _named_memento(response, known)
    if named is None:
        raise ArchiveUnavailable(f"{name} timegate: HTTP {response.status_code} without a memento")
    known = sorted({*known, named})
    found_by = "timegate"
    chosen = _choose(known, target, before_only)
    if chosen is None or not _settled_by_timegate(links, named, target):
        timemap = next((link.uri for link in links if "timemap" in link.rels), None)
        if timemap is not None:
            known = await _timemap(client, pacer, group, timemap, timeout, name)
            found_by = "timemap"
            chosen = _choose(known, target, before_only)
    if chosen is None:
        return None
    verified = False
    if verify:
        verified = await _memento_is_200(client, pacer, group, chosen.uri, timeout)
        if not verified:
            return None
    relation, distance = relation_to(chosen.timestamp, target_day)
    return Snapshot(name, chosen.uri, url, chosen.timestamp, 200, relation, distance, found_by, verified)


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
    client: httpx.AsyncClient, pacer: Pacer, group: str, url: str, timeout: float, name: str
) -> list[Memento]:
    response = await paced_request(client, pacer, group, "GET", url, timeout=timeout)
    if response.status_code == 404:
        return []
    if response.status_code != 200:
        raise ArchiveUnavailable(f"{name} timemap: HTTP {response.status_code}")
    links = parse_link_header(response.text)
    if response.text.strip() and not links:
        raise ArchiveUnavailable(f"{name} timemap: not link-format")
    return mementos_in(links)


async def _memento_is_200(client: httpx.AsyncClient, pacer: Pacer, group: str, uri: str, timeout: float) -> bool:
    # Archives commonly redirect a memento to its canonical form: follow a few hops.
    for _ in range(3):
        response = await paced_request(client, pacer, group, "GET", uri, timeout=timeout, read_body=False)
        if response.is_redirect and (location := response.headers.get("Location")):
            uri = str(response.url.join(location))
            continue
        return response.status_code == 200
    return False
