"""Submitting live sources to Save Page Now before they rot.

For each URL: if the Wayback Machine already holds a 200 capture from the last
``settings.save_if_older_than_days`` days, nothing is submitted ("recent-capture"). Otherwise the
URL goes to Save Page Now, one at a time and paced to 15 a minute (times ``settings.archive_rate``),
through the archive client every other archive request uses: paced, cancellable, with a timeout,
and through the private-address guard:

- anonymously, ``GET /save/<url>``: the reply names the capture in a ``rel="memento"`` Link, a
  ``Content-Location``, or a redirect to its replay URL; a redirect elsewhere is followed (a few
  hops, each through the guard);
- with SPN2 keys (``LINKAUDIT_SPN_ACCESS_KEY``/``LINKAUDIT_SPN_SECRET_KEY``), ``POST /save`` with
  ``Authorization: LOW key:secret``, then polling ``/save/status/<job>``.

A 429 cools the whole save group down, as for every archive group (archive.org blocks an IP that
goes on for 5 minutes). Every capture is confirmed through CDX, since Save Page Now may report an
error yet capture, or answer with an older capture; a URL Save Page Now will not capture again
today ("already captured 10 times today") has a recent capture by its own account, looked up in CDX.
A dry run checks for recent captures but sends nothing to /save.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Literal

import httpx
import trio

from linkaudit.archive.client import archive_client
from linkaudit.archive.memento import mementos_in, parse_link_header
from linkaudit.archive.pacing import ArchiveUnavailable, Pacer, paced_request
from linkaudit.archive.wayback import parse_cdx_json, wayback_replay_parts
from linkaudit.settings import Settings

__all__ = ["SaveOutcome", "save_sources"]

SaveAction = Literal["saved", "recent-capture", "would-save", "failed"]
ACCESS_KEY_ENV = "LINKAUDIT_SPN_ACCESS_KEY"
SECRET_KEY_ENV = "LINKAUDIT_SPN_SECRET_KEY"
SPN2_POLLS = 10
SAVE_REDIRECTS = 3
SAVE_TIMEOUT = 120.0  # a capture takes Save Page Now up to a minute or two; never less than archive_timeout
# Phrases of Save Page Now's anonymous reply pages (web.archive.org, as quoted in waybackpy's
# tracker: akamhy/waybackpy#131, #142, and its BlockedSiteError check).
_CAPPED = re.compile(r"already captured \d+ times today|been captured \d+ times today", re.IGNORECASE)
_BLOCKED = re.compile(r"Blocked Site Error|AdministrativeAccessControlException|excluded from the Wayback Machine", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    url: str
    action: SaveAction
    capture_url: str | None = None
    timestamp: str | None = None  # 14 digits
    detail: str = ""


class _Capped(Exception):
    """Save Page Now will not capture this URL again today: it holds captures from today already."""


async def save_sources(
    urls: Sequence[str],
    settings: Settings,
    *,
    dry_run: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
    client: httpx.AsyncClient | None = None,
    pacer: Pacer | None = None,
    environ: Mapping[str, str] | None = None,
    max_tries: int = 3,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> list[SaveOutcome]:
    """Save each URL (in order) unless it has a recent capture; never raises for one URL's failure."""
    environ = os.environ if environ is None else environ
    keys = (environ.get(ACCESS_KEY_ENV), environ.get(SECRET_KEY_ENV))
    pacer = pacer or Pacer.from_settings(settings)
    base = settings.wayback_url.rstrip("/")
    async with AsyncExitStack() as stack:
        if client is None:
            client = await stack.enter_async_context(archive_client(settings, transport))
        saver = _Saver(client, pacer, settings, base, max_tries, now)
        outcomes: list[SaveOutcome] = []
        for url in dict.fromkeys(urls):
            since = now() - dt.timedelta(days=settings.save_if_older_than_days)
            outcomes.append(await saver.save(url, since, dry_run=dry_run or settings.dry_run, keys=keys))
    return outcomes


@dataclass(slots=True)
class _Saver:
    client: httpx.AsyncClient
    pacer: Pacer
    settings: Settings
    base: str
    max_tries: int  # anonymous submissions of one URL whose replies name no capture
    now: Callable[[], dt.datetime]

    async def save(self, url: str, since: dt.datetime, *, dry_run: bool, keys: tuple[str | None, str | None]) -> SaveOutcome:
        checked = ""
        try:
            recent = await self.latest_capture(url, since.strftime("%Y%m%d%H%M%S"))
        except ArchiveUnavailable as error:
            recent, checked = None, f"could not check for a recent capture ({error.detail}); "
        if recent is not None:
            return SaveOutcome(url, "recent-capture", self.replay(recent, url), recent, "captured recently")
        if dry_run:
            return SaveOutcome(url, "would-save", detail=f"{checked}no capture since {since:%Y-%m-%d}")
        access, secret = keys
        submitted = self.now().strftime("%Y%m%d%H%M%S")
        try:
            if access and secret:
                timestamp = await self.submit_spn2(url, access, secret)
            else:
                timestamp = await self.submit_anonymous(url)
        except _Capped as capped:
            return await self.capped(url, f"Save Page Now: {capped}")
        except ArchiveUnavailable as error:
            return await self.failed(url, error.detail, submitted)
        return await self.confirm(url, timestamp, since)

    async def failed(self, url: str, detail: str, submitted: str) -> SaveOutcome:
        """Save Page Now may report an error yet capture: CDX says whether it did."""
        if self.pacer.blocked_reason("wayback:save"):
            return SaveOutcome(url, "failed", detail=detail)  # rate limited: it captured nothing
        try:
            listed = await self.latest_capture(url, submitted)
        except ArchiveUnavailable:
            listed = None
        if listed is None:
            return SaveOutcome(url, "failed", detail=detail)
        return SaveOutcome(url, "saved", self.replay(listed, url), listed, f"{detail}; yet CDX lists the capture")

    async def capped(self, url: str, detail: str) -> SaveOutcome:
        today = self.now().strftime("%Y%m%d000000")
        try:
            listed = await self.latest_capture(url, today)
        except ArchiveUnavailable as error:
            return SaveOutcome(url, "recent-capture", None, None, f"{detail}; CDX could not list them ({error.detail})")
        return SaveOutcome(url, "recent-capture", self.replay(listed, url) if listed else None, listed, detail)

    def replay(self, timestamp: str, url: str) -> str:
        return f"{self.base}/web/{timestamp}/{url}"

    async def latest_capture(self, url: str, since: str) -> str | None:
        query = httpx.QueryParams([
            ("url", url), ("from", since), ("filter", "statuscode:200"),
            ("fl", "timestamp,original,statuscode,mimetype"), ("output", "json"), ("limit", "-1"),
        ])
        response = await paced_request(
            self.client, self.pacer, "wayback:cdx", "GET", f"{self.base}/cdx/search/cdx?{query}",
            timeout=self.settings.archive_timeout,
        )
        if response.status_code != 200:
            raise ArchiveUnavailable(f"wayback cdx: HTTP {response.status_code}")
        rows = [row for row in parse_cdx_json(response.text) if row.is_ok_capture]
        return rows[-1].timestamp if rows else None

    async def submit_anonymous(self, url: str) -> str | None:
        """The capture's timestamp Save Page Now's reply names, None when it names none after every try."""
        for _ in range(max(self.max_tries, 1)):
            response = await self.send_anonymous(url)
            if response.status_code == 509:
                raise ArchiveUnavailable("wayback save: HTTP 509 (too many sessions at once)")
            text = response.text
            if _BLOCKED.search(text):
                raise ArchiveUnavailable("wayback save: the site is excluded from the Wayback Machine")
            if capped := _CAPPED.search(text):
                raise _Capped(capped[0])
            if (timestamp := _capture_named(response)) is not None:
                return timestamp
            if response.status_code >= 400:
                raise ArchiveUnavailable(f"wayback save: HTTP {response.status_code}")
        return None

    async def send_anonymous(self, url: str) -> httpx.Response:
        """``GET /save/<url>``, following redirects that do not name a capture, each through the guard."""
        target = f"{self.base}/save/{url}"
        timeout = max(self.settings.archive_timeout, SAVE_TIMEOUT)
        for _ in range(SAVE_REDIRECTS + 1):
            response = await paced_request(self.client, self.pacer, "wayback:save", "GET", target, timeout=timeout)
            location = response.headers.get("Location")
            if not (response.is_redirect and location) or _capture_named(response) is not None:
                return response
            target = str(response.url.join(location))
        raise ArchiveUnavailable(f"wayback save: more than {SAVE_REDIRECTS} redirects")

    async def submit_spn2(self, url: str, access: str, secret: str) -> str | None:
        headers = {"Authorization": f"LOW {access}:{secret}", "Accept": "application/json"}
        response = await paced_request(
            self.client, self.pacer, "wayback:save", "POST", f"{self.base}/save",
            timeout=self.settings.archive_timeout, headers=headers, data={"url": url},
        )
        job_id = _json_field(response, "job_id")
        if job_id is None:
            raise ArchiveUnavailable(f"wayback save: HTTP {response.status_code} without a job id")
        for _ in range(SPN2_POLLS):
            status = await paced_request(
                self.client, self.pacer, "wayback:replay", "GET", f"{self.base}/save/status/{job_id}",
                timeout=self.settings.archive_timeout, headers=headers,
            )
            state = _json_field(status, "status")
            if state == "success":
                return _json_field(status, "timestamp")
            if state != "pending":
                raise ArchiveUnavailable(f"wayback save: {_json_field(status, 'status_ext') or state}")
            await trio.sleep(1)
        raise ArchiveUnavailable("wayback save: capture still pending")

    async def confirm(self, url: str, timestamp: str | None, since: dt.datetime) -> SaveOutcome:
        """Take the capture only once CDX lists it: Save Page Now's word alone is not enough."""
        try:
            listed = await self.latest_capture(url, timestamp or since.strftime("%Y%m%d%H%M%S"))
        except ArchiveUnavailable as error:
            return SaveOutcome(
                url, "saved", self.replay(timestamp, url) if timestamp else None, timestamp,
                f"submitted; not confirmed ({error.detail})",
            )
        if listed is None:
            return SaveOutcome(url, "saved", None, timestamp, "submitted; not yet listed by CDX")
        return SaveOutcome(url, "saved", self.replay(listed, url), listed, "confirmed through CDX")


def _capture_named(response: httpx.Response) -> str | None:
    """The timestamp of the capture a Save Page Now reply names: Link, Content-Location or Location."""
    for memento in reversed(mementos_in(parse_link_header(response.headers.get("Link", "")))):
        if parts := wayback_replay_parts(memento.uri):
            return parts[0]
    for header in ("Content-Location", "Location"):
        if (value := response.headers.get(header)) and (parts := wayback_replay_parts(str(response.url.join(value)))):
            return parts[0]
    return None


def _json_field(response: httpx.Response, name: str) -> str | None:
    try:
        value = response.json().get(name)
    except (ValueError, AttributeError):
        return None
    return str(value) if value is not None else None
