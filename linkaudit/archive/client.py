"""The one HTTP client every archive request goes through.

Archives are reached through the same private-address guard as cited pages: a Link header or a
redirect can name any host, and a TimeMap on 127.0.0.1 must not be requested because an archive
said so. The archive base URLs the user configured (``wayback_url`` and each ``archives`` TimeGate)
are the user's own choice, so their origins are reached even on loopback or a private network.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from linkaudit.check.client import GuardedTransport, default_tls_context
from linkaudit.options import ArchiveOptions

__all__ = ["ArchiveTransport", "archive_client", "configured_origins"]

MAX_CONNECTIONS = 16


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80)


def configured_origins(settings: ArchiveOptions) -> frozenset[tuple[str, str, int | None]]:
    bases = [settings.wayback_url, *(timegate for _, timegate in settings.archives)]
    return frozenset(_origin(httpx.URL(base)) for base in bases)


class ArchiveTransport(httpx.AsyncBaseTransport):
    """Configured archive origins on an unguarded pool; every other origin through the guard."""

    def __init__(self, origins: Iterable[tuple[str, str, int | None]], *, allow_private: bool) -> None:
        self.origins = frozenset(origins)
        context = default_tls_context()
        self.configured = GuardedTransport(allow_private=True, max_connections=MAX_CONNECTIONS, ssl_context=context)
        self.elsewhere = GuardedTransport(allow_private=allow_private, max_connections=MAX_CONNECTIONS, ssl_context=context)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inner = self.configured if _origin(request.url) in self.origins else self.elsewhere
        return await inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.configured.aclose()
        await self.elsewhere.aclose()


def archive_client(settings: ArchiveOptions, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The archive client; ``transport`` replaces the guarded one (tests on httpx.MockTransport)."""
    return httpx.AsyncClient(
        transport=transport or ArchiveTransport(configured_origins(settings), allow_private=settings.allow_private),
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=False,  # a replay redirect names the real capture: read it ourselves
        timeout=settings.archive_timeout,
        trust_env=False,
    )
