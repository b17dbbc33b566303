"""Pieces read from the web: one guarded request chain per URL, bounded in size and in time.

An article URL is as untrusted as any cited one, so it goes through the checker's guarded
transport: every hop's address is vetted at connect time (loopback and private addresses are
refused unless ``--allow-private``), redirects are followed one at a time so extra headers are
scoped per hop, the decoded body is read up to ``max-file-bytes`` whatever its compression, and
the whole fetch, redirects included, must finish within ``url-deadline`` seconds (a server
dripping one byte at a time cannot hold the run).
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from urllib.parse import urljoin

import httpx
import trio

from linkaudit.check.classify import REDIRECT_STATUSES
from linkaudit.check.client import HELD_LOCATION, build_client, read_bounded
from linkaudit.check.guard import ForbiddenAddress
from linkaudit.errors import InputError
from linkaudit.headers import headers_for
from linkaudit.options import CheckOptions

__all__ = ["fetch_piece"]


# What becomes a Document: (body, final URL, declared charset).
Fetched = tuple[bytes, str, str | None]


def fetch_piece(
    url: str, settings: CheckOptions, *, max_bytes: int,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Fetched:
    """The page at ``url``; an ``InputError`` naming it when it cannot be had.

    Callable from anywhere: in a thread a trio run started (``linkaudit.reading``), the fetch runs
    on that run's loop; on a loop's own thread it runs on a loop of its own in a helper thread, as
    the rest of the reading stage blocks anyway; with no loop, on a loop of its own.
    """
    try:
        return trio.from_thread.run(_fetch, url, settings, max_bytes, transport)
    except RuntimeError:
        pass  # not a thread of a trio run
    job: Callable[[], Fetched] = lambda: trio.run(_fetch, url, settings, max_bytes, transport)  # noqa: E731
    try:
        trio.lowlevel.current_trio_token()
    except RuntimeError:
        return job()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(job).result()


async def _fetch(url: str, settings: CheckOptions, max_bytes: int, transport: httpx.AsyncBaseTransport | None) -> Fetched:
    async with build_client(settings, transport) as client:
        with trio.move_on_after(settings.url_deadline) as deadline:
            try:
                return await _follow(client, url, settings, max_bytes)
            except httpx.HTTPError as error:
                raise _fetch_error(url, error) from None
    assert deadline.cancelled_caught
    raise InputError(url, f"could not fetch the page within {settings.url_deadline:g} s (url-deadline)", unreachable=True)


async def _follow(client: httpx.AsyncClient, url: str, settings: CheckOptions, max_bytes: int) -> Fetched:
    current = url
    for _ in range(settings.max_redirects + 1):
        request = client.build_request("GET", current, headers=headers_for(settings, current))
        response = await client.send(request, stream=True)
        try:
            location = response.headers.get(HELD_LOCATION)
            if response.status_code in REDIRECT_STATUSES and location:
                current = urljoin(current, location)
                continue
            if response.status_code >= 400:
                raise InputError(url, f"HTTP {response.status_code} when fetching the page")
            body = await read_bounded(response, max_bytes + 1)
            return body, current, response.charset_encoding
        finally:
            await response.aclose()
    raise InputError(url, f"more than {settings.max_redirects} redirects when fetching the page")


def _fetch_error(url: str, error: httpx.HTTPError) -> InputError:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ForbiddenAddress):
            return InputError(url, f"not fetched: {cause} (pass --allow-private to read it)")
        cause = cause.__cause__ or cause.__context__
    unreachable = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout)
    return InputError(url, f"could not fetch the page ({type(error).__name__}: {error})", unreachable=unreachable)
