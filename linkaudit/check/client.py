"""How one check request is made and read: the guarded httpx client on trio, and bounded bodies.

Request strategy. Each URL is requested with a single streamed GET, not HEAD then GET. The body
is needed anyway for the checks that make verdicts honest (soft-404 titles, bot-challenge pages),
many servers answer HEAD wrongly, and HEAD+GET would double the requests on healthy hosts. The
stream is read only as far as needed: at most ``settings.max_body_bytes`` of *decoded* body, and
nothing at all for a 2xx answer that is not text (a PDF, an image), after which it is closed. So
a 200 MB page costs ``max_body_bytes``, and on healthy hosts a run costs one request per distinct
URL plus at most one soft-404 probe per host.

Decompression is done here, from ``aiter_raw()``, with ``zlib.decompressobj().decompress(data,
max_length)``: output is bounded whatever the compression ratio, so a gzip bomb costs at most
``max_body_bytes``. Only gzip and deflate are offered in Accept-Encoding.

Other caps: redirects (``settings.max_redirects``, followed one at a time so every hop is kept)
and the response head (httpcore's h11 limit, 100 KiB, which answers larger heads with a protocol
error).

Safety. The default transport connects through ``guard.GuardedBackend``, which vets every
resolved address, on every hop, at connect time. A caller passing ``transport=`` takes that job
over: nothing is vetted then.
"""

from __future__ import annotations

import functools
import ssl
import zlib
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx
import trio

from linkaudit.check.guard import GuardedBackend
from linkaudit.options import CheckOptions

__all__ = [
    "HELD_LOCATION",
    "Answer",
    "GuardedTransport",
    "ShardedTransport",
    "build_client",
    "default_tls_context",
    "guarded_transport",
    "read_bounded",
]

_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@functools.cache
def default_tls_context() -> ssl.SSLContext:
    """certifi's trust store, loaded once a process: each load costs about 50 ms of CPU, and every
    client shares the one read-only context (httpx's advice) with the same settings."""
    return httpx.create_ssl_context(trust_env=False)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool rebuilt on the guarded network backend."""

    def __init__(
        self,
        *,
        allow_private: bool,
        max_connections: int,
        backend: GuardedBackend | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        context = ssl_context or default_tls_context()
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
        super().__init__(verify=context, limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=backend or GuardedBackend(allow_private=allow_private),
        )


@dataclass
class _Shard:
    transport: httpx.AsyncBaseTransport
    active: int = 0


class _ShardStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, on_close: Callable[[], Awaitable[None]]) -> None:
        self._inner = inner
        self._on_close = on_close
        self._closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            if not self._closed:
                self._closed = True
                await self._on_close()


class ShardedTransport(httpx.AsyncBaseTransport):
    """One connection pool per origin, idle pools closed least recently used first.

    httpcore's pool scans its connections several times per request (quadratically in places),
    which costs more CPU than the network once hundreds of connections share one pool. Per-origin
    pools stay as small as the per-host limit, mirroring how requests are admitted anyway.
    """

    def __init__(self, make_transport: Callable[[], httpx.AsyncBaseTransport], *, max_idle_pools: int) -> None:
        self._make_transport = make_transport
        self._max_idle_pools = max(1, max_idle_pools)
        self._shards: OrderedDict[str, _Shard] = OrderedDict()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = f"{request.url.scheme}://{request.url.netloc.decode('ascii')}"
        shard = self._shards.get(key)
        if shard is None:
            shard = self._shards[key] = _Shard(self._make_transport())
        self._shards.move_to_end(key)
        shard.active += 1
        try:
            response = await shard.transport.handle_async_request(request)
        except BaseException:
            shard.active -= 1
            raise

        async def release() -> None:
            shard.active -= 1
            await self._close_surplus_idle_pools()

        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _ShardStream(response.stream, release)
        return response

    async def _close_surplus_idle_pools(self) -> None:
        if len(self._shards) <= self._max_idle_pools:
            return  # no surplus possible: spares looking through every pool after every answer
        idle = [key for key, shard in self._shards.items() if shard.active == 0]
        for key in idle[: max(0, len(idle) - self._max_idle_pools)]:
            shard = self._shards.pop(key)
            with trio.CancelScope(shield=True):
                await shard.transport.aclose()

    async def aclose(self) -> None:
        shards, self._shards = list(self._shards.values()), OrderedDict()
        for shard in shards:
            await shard.transport.aclose()


class _CookiesFromSetCookie(httpx.Cookies):
    """A cookie jar that reads only the answers that set a cookie. httpx hands every answer to
    urllib's cookie machinery (building a urllib request and a header message for it), about a
    twentieth of a request's CPU, although most answers set none."""

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers:
            super().extract_cookies(response)


class _CheckClient(httpx.AsyncClient):
    """httpx's client, with the jar above (set wherever httpx sets its own)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cookies = kwargs.get("cookies")

    @property  # type: ignore[override]
    def cookies(self) -> httpx.Cookies:
        return self._jar

    @cookies.setter
    def cookies(self, cookies: Any) -> None:  # what httpx.Cookies takes
        self._jar = _CookiesFromSetCookie(cookies)


def build_client(settings: CheckOptions, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
        "Accept-Encoding": "gzip, deflate",
    }
    if transport is None:
        transport = guarded_transport(settings)
    return _CheckClient(
        transport=transport,
        event_hooks={"response": [_hold_location]},
        headers=headers,
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=False,
        trust_env=False,
    )


# Redirects are followed by hand, so that every hop is kept and vetted. httpx would still parse each
# Location to prepare a next request it never sends, and raises on targets such as mailto:, losing
# the answer: the header is moved out of its sight, under this name.
HELD_LOCATION = "x-linkaudit-location"


async def _hold_location(response: httpx.Response) -> None:
    if "location" in response.headers:
        response.headers[HELD_LOCATION] = response.headers["location"]
        del response.headers["location"]


def guarded_transport(settings: CheckOptions, backend: GuardedBackend | None = None) -> httpx.AsyncBaseTransport:
    """The default transport: guarded connections, one small pool per origin, one TLS context."""
    shared_backend = backend or GuardedBackend(allow_private=settings.allow_private)
    context = default_tls_context()
    # A few spare connections per origin: one being closed must not block the next request.
    per_origin = max(1, settings.per_host) + 2

    def make() -> httpx.AsyncBaseTransport:
        return GuardedTransport(
            allow_private=settings.allow_private,
            max_connections=per_origin,
            backend=shared_backend,
            ssl_context=context,
        )

    return ShardedTransport(make, max_idle_pools=max(8, settings.max_concurrency // 2))


class _BoundedDecoder:
    """Content-decoding whose output never exceeds the room it is given."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._inflater: zlib._Decompress | None = None
        if encoding == "gzip" or encoding == "x-gzip":
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS)
        self._first = True

    def feed(self, chunk: bytes, room: int) -> bytes:
        if self._inflater is None:
            return chunk[:room]
        try:
            return self._inflater.decompress(chunk, room)
        except zlib.error:
            if self.encoding == "deflate" and self._first:
                # Some servers send raw deflate without the zlib wrapper.
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                self._first = False
                return self._inflater.decompress(chunk, room)
            raise
        finally:
            self._first = False


async def read_bounded(response: httpx.Response, limit: int) -> bytes:
    """At most ``limit`` bytes of the decoded body; an undecodable body yields what decoded."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower() or "identity"
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        return b""
    decoder = _BoundedDecoder(encoding)
    parts: list[bytes] = []
    size = 0
    async for chunk in response.aiter_raw():
        try:
            data = decoder.feed(chunk, limit - size)
        except zlib.error:
            break
        parts.append(data)
        size += len(data)
        if size >= limit:
            break
    return b"".join(parts)


@dataclass(frozen=True, slots=True)
class Answer:
    """One HTTP answer, with a bounded prefix of its decoded body."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def is_text(self) -> bool:
        kind = (self.content_type or "text/html").split(";", 1)[0].strip().lower()
        return kind in _TEXT_TYPES
