"""Is it the sources or our own network? One question asked only when nothing answered at all.

A run in which every host failed to resolve or to route could mean the sources are gone or that
this machine is offline. With three or more such hosts the answer is plain (the network); with
one or two it is not, so a few well-known reference hosts are asked too. If none of them gives
any HTTP answer either, the audit cannot be done and no source is called dead.
"""

from __future__ import annotations

import httpx
import trio

from linkaudit.check.client import build_client
from linkaudit.options import CheckOptions

__all__ = ["any_reference_answers"]

# Long enough for a slow resolver and a TLS handshake; short, since every source already failed.
_PROBE_TIMEOUT = 10.0


async def any_reference_answers(settings: CheckOptions, transport: httpx.AsyncBaseTransport | None = None) -> bool:
    """Whether any of ``settings.reference_urls`` gives an HTTP answer (any status counts)."""
    if not settings.reference_urls:
        return False
    answered = False
    timeout = min(settings.timeout, _PROBE_TIMEOUT)
    async with build_client(settings, transport) as client:

        async def ask(url: str, done: trio.CancelScope) -> None:
            nonlocal answered
            try:
                response = await client.send(client.build_request("GET", url, timeout=timeout), stream=True)
            except (httpx.HTTPError, OSError):
                return
            await response.aclose()  # the status line is all we wanted
            answered = True
            done.cancel()  # one answer settles it

        with trio.move_on_after(2 * timeout):
            async with trio.open_nursery() as nursery:
                for url in settings.reference_urls:
                    nursery.start_soon(ask, url, nursery.cancel_scope)
    return answered
