"""Submitting live sources to Save Page Now before they rot.

For each URL: if the Wayback Machine already holds a 200 capture from the last
``settings.save_if_older_than_days`` days, nothing is submitted ("recent-capture"). Otherwise the
URL goes to Save Page Now, one at a time and paced to 15 a minute (times ``settings.archive_rate``):

- anonymously through waybackpy's ``WaybackMachineSaveAPI``, run in a worker thread
  (``trio.to_thread.run_sync`` with a ``CapacityLimiter(1)`` and ``abandon_on_cancel=True``,
  because waybackpy sets no timeouts), with its endpoint pointed at ``settings.wayback_url``;
- with SPN2 keys (``LINKAUDIT_SPN_ACCESS_KEY``/``LINKAUDIT_SPN_SECRET_KEY``) through an httpx
  ``POST /save`` with ``Authorization: LOW key:secret``, which waybackpy cannot send, then polling
  ``/save/status/<job>``.

Every capture is confirmed through CDX, since Save Page Now may report an error yet capture, or
answer with an older capture. A dry run checks for recent captures but sends nothing to /save.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Literal

import httpx
import requests
import trio
import waybackpy
import waybackpy.exceptions as wayback_errors

from linkaudit.archive.client import archive_client
from linkaudit.archive.pacing import ArchiveUnavailable, Pacer, paced_request
from linkaudit.archive.wayback import parse_cdx_json, wayback_replay_parts
from linkaudit.options import ArchiveOptions

__all__ = ["SAVE_FAILURES", "SaveOutcome", "save_sources"]

SaveAction = Literal["saved", "recent-capture", "would-save", "failed"]
ACCESS_KEY_ENV = "LINKAUDIT_SPN_ACCESS_KEY"
SECRET_KEY_ENV = "LINKAUDIT_SPN_SECRET_KEY"
SPN2_POLLS = 10


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    url: str
    action: SaveAction
    capture_url: str | None = None
    timestamp: str | None = None  # 14 digits
    detail: str = ""


# waybackpy's exceptions, and the requests errors it lets through, as one line each.
# Order matters: subclasses before their bases.
SAVE_FAILURES: tuple[tuple[type[BaseException], str], ...] = (
    (wayback_errors.TooManyRequestsError, "rate limited"),
    (wayback_errors.MaximumSaveRetriesExceeded, "Save Page Now gave no capture after its retries"),
    (wayback_errors.BlockedSiteError, "the site is excluded from the Wayback Machine"),
    (wayback_errors.WaybackError, "Save Page Now refused"),
    (requests.exceptions.Timeout, "Save Page Now timed out"),
    (requests.exceptions.ConnectionError, "Save Page Now unreachable"),
    (requests.exceptions.RequestException, "Save Page Now request failed"),
    (ValueError, "Save Page Now answered with an unreadable capture address"),
)


def describe_save_failure(error: BaseException) -> str:
    for kind, text in SAVE_FAILURES:
        if isinstance(error, kind):
            return text
    raise error


async def save_sources(
    urls: Sequence[str],
    settings: ArchiveOptions,
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
    thread_limiter = trio.CapacityLimiter(1)
    async with AsyncExitStack() as stack:
        if client is None:
            client = await stack.enter_async_context(archive_client(settings, transport))
        saver = _Saver(client, pacer, settings, base, thread_limiter, max_tries)
        outcomes: list[SaveOutcome] = []
        for url in dict.fromkeys(urls):
            since = now() - dt.timedelta(days=settings.save_if_older_than_days)
            outcomes.append(await saver.save(url, since, dry_run=dry_run or settings.dry_run, keys=keys))
    return outcomes


@dataclass(slots=True)
class _Saver:
    client: httpx.AsyncClient
    pacer: Pacer
    settings: ArchiveOptions
    base: str
    thread_limiter: trio.CapacityLimiter
    max_tries: int

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
        try:
            if access and secret:
                timestamp = await self.submit_spn2(url, access, secret)
            else:
                timestamp = await self.submit_anonymous(url)
        except ArchiveUnavailable as error:
            return SaveOutcome(url, "failed", detail=error.detail)
        return await self.confirm(url, timestamp, since)

    def replay(self, timestamp: str, url: str) -> str:
        return f"{self.base}/web/{timestamp}/{url}"

    async def latest_capture(self, url: str, since: str) -> str | None:
        query = httpx.QueryParams([
            ("url", url), ("from", since), ("filter", "statuscode:200"),
            ("fl", "timestamp,original,statuscode,mimetype"), ("output", "json"), ("limit", "-1"),
        ])
        response = await paced_request(
            self.client, self.pacer, "wayback:cdx", "GET", f"{self.base}/cdx/search/cdx?{query}",
        )
        if response.status_code != 200:
            raise ArchiveUnavailable(f"wayback cdx: HTTP {response.status_code}")
        rows = [row for row in parse_cdx_json(response.text) if row.is_ok_capture]
        return rows[-1].timestamp if rows else None

    async def submit_anonymous(self, url: str) -> str | None:
        await self.pacer.acquire("wayback:save")
        api = waybackpy.WaybackMachineSaveAPI(url, user_agent=self.settings.user_agent, max_tries=self.max_tries)
        api.request_url = f"{self.base}/save/{api.url}"
        try:
            archive_url = await trio.to_thread.run_sync(api.save, limiter=self.thread_limiter, abandon_on_cancel=True)
        except Exception as error:  # noqa: BLE001 - every waybackpy failure maps through SAVE_FAILURES
            if isinstance(error, wayback_errors.TooManyRequestsError):
                self.pacer.rate_limited("wayback:save")
            raise ArchiveUnavailable(f"wayback save: {describe_save_failure(error)}") from error
        parts = wayback_replay_parts(archive_url)
        return parts[0] if parts else None

    async def submit_spn2(self, url: str, access: str, secret: str) -> str | None:
        headers = {"Authorization": f"LOW {access}:{secret}", "Accept": "application/json"}
        response = await paced_request(
            self.client, self.pacer, "wayback:save", "POST", f"{self.base}/save",
            headers=headers, data={"url": url},
        )
        job_id = _json_field(response, "job_id")
        if job_id is None:
            raise ArchiveUnavailable(f"wayback save: HTTP {response.status_code} without a job id")
        for _ in range(SPN2_POLLS):
            status = await paced_request(
                self.client, self.pacer, "wayback:replay", "GET", f"{self.base}/save/status/{job_id}",
                headers=headers,
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


def _json_field(response: httpx.Response, name: str) -> str | None:
    try:
        value = response.json().get(name)
    except (ValueError, AttributeError):
        return None
    return str(value) if value is not None else None
