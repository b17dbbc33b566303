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

Connections. Parsing answers is what a run's CPU goes to, and every step of it is paid once a
request: the checker's GET goes from the client straight to the transport
(``CheckClient.get_streamed``), and keep-alive connections are kept by origin and reused the last
given back first (``LastUsedFirstPool``), so that finding one asks a single socket whether the
server closed it. At most ``settings.max_concurrency`` requests go at once; the engine's per-host
slots keep each host to its limit, and one connection per slot, so none is opened twice.

Safety. The default transport connects through ``guard.GuardedBackend``, which vets every
resolved address, on every hop, at connect time. A caller passing ``transport=`` takes that job
over: nothing is vetted then.
"""

from __future__ import annotations

import functools
import ssl
import time
import zlib
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
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
    "CheckClient",
    "GuardedTransport",
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
        max_idle: int | None = None,
        keepalive_expiry: float = 5.0,
        backend: GuardedBackend | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        context = ssl_context or default_tls_context()
        max_idle = max_connections if max_idle is None else max_idle
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_idle, keepalive_expiry=keepalive_expiry)
        super().__init__(verify=context, limits=limits, trust_env=False)
        network_backend = backend or GuardedBackend(allow_private=allow_private)

        def connect(origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection:
            return httpcore.AsyncHTTPConnection(
                origin, ssl_context=context, keepalive_expiry=limits.keepalive_expiry, http1=True, http2=False,
                network_backend=network_backend,
            )

        self._pool = LastUsedFirstPool(  # type: ignore[assignment]
            connect, max_connections=max_connections, max_idle=max_idle, keepalive_expiry=keepalive_expiry,
        )


class LastUsedFirstPool:
    """Keep-alive connections by origin, the one given back last reused first.

    httpcore's own pool looks through all its connections twice a request, asking each idle one's
    socket whether the server has closed it (a system call each): with a host's eight slots in
    use, about a tenth of a request's CPU. Here only the connection about to be reused is asked,
    and the origin's one idle longest is closed once past its keep-alive, by the clock. At most
    ``max_connections`` requests go at once (more wait their turn; the engine's per-host slots keep
    it from happening), and at most ``max_idle`` connections stay idle, the origin given back to
    longest ago losing its oldest first."""

    def __init__(
        self,
        connect: Callable[[httpcore.Origin], httpcore.AsyncHTTPConnection],
        *,
        max_connections: int,
        max_idle: int,
        keepalive_expiry: float,
    ) -> None:
        self._connect = connect
        self._max_connections = max(1, max_connections)
        self._max_idle = max(0, max_idle)
        self._keepalive_expiry = keepalive_expiry
        # (scheme, host, port) -> idle connections with when each was given back, idle longest on
        # the left; the origin given back to longest ago first
        self._idle: OrderedDict[tuple[bytes, bytes, int], deque[tuple[httpcore.AsyncHTTPConnection, float]]] = OrderedDict()
        self._idle_count = 0
        self._open: set[httpcore.AsyncHTTPConnection] = set()
        self._active = 0
        self._room = trio.lowlevel.ParkingLot()

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        while self._active >= self._max_connections:
            await self._room.park()
        self._active += 1
        try:
            while True:
                origin = request.url.origin
                connection = await self._reusable(origin) or self._opened(origin)
                try:
                    response = await connection.handle_async_request(request)
                except httpcore.ConnectionNotAvailable:
                    continue  # taken meanwhile: another one
                except BaseException:
                    await self._given_back(origin, connection)
                    raise
                response.stream = _OnClose(response.stream, functools.partial(self._response_closed, origin, connection))
                return response
        except BaseException:
            self._free_slot()
            raise

    def _opened(self, origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection:
        connection = self._connect(origin)
        self._open.add(connection)
        return connection

    async def _reusable(self, origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection | None:
        idle = self._idle.get((origin.scheme, origin.host, origin.port))
        while idle:
            connection, _ = idle.pop()
            self._idle_count -= 1
            if not connection.has_expired():
                return connection
            await self._close(connection)
        return None

    async def _response_closed(self, origin: httpcore.Origin, connection: httpcore.AsyncHTTPConnection) -> None:
        self._free_slot()
        await self._given_back(origin, connection)

    async def _given_back(self, origin: httpcore.Origin, connection: httpcore.AsyncHTTPConnection) -> None:
        if not connection.is_idle():
            await self._close(connection)
            return
        key = (origin.scheme, origin.host, origin.port)
        idle = self._idle.get(key)
        if idle is None:
            idle = self._idle[key] = deque()
        else:
            self._idle.move_to_end(key)
        now = time.monotonic()
        idle.append((connection, now))
        self._idle_count += 1
        if idle[0][1] < now - self._keepalive_expiry:
            await self._close_oldest(idle)
        while self._idle_count > self._max_idle:
            key, oldest = next(iter(self._idle.items()))
            if oldest:
                await self._close_oldest(oldest)
            else:
                del self._idle[key]

    async def _close_oldest(self, idle: deque[tuple[httpcore.AsyncHTTPConnection, float]]) -> None:
        self._idle_count -= 1
        await self._close(idle.popleft()[0])

    def _free_slot(self) -> None:
        self._active -= 1
        self._room.unpark()

    async def _close(self, connection: httpcore.AsyncHTTPConnection) -> None:
        self._open.discard(connection)
        with trio.CancelScope(shield=True):
            await connection.aclose()

    async def aclose(self) -> None:
        connections, self._open = list(self._open), set()
        self._idle.clear()
        self._idle_count = 0
        with trio.CancelScope(shield=True):
            for connection in connections:
                await connection.aclose()

    async def __aenter__(self) -> LastUsedFirstPool:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class _OnClose:
    """A response body that says when it is closed."""

    def __init__(self, inner: Any, on_close: Callable[[], Awaitable[None]]) -> None:
        self._inner = inner
        self._on_close: Callable[[], Awaitable[None]] | None = on_close

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._inner.__aiter__()  # type: ignore[no-any-return]

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            if self._on_close is not None:
                on_close, self._on_close = self._on_close, None
                await on_close()


class _CookiesFromSetCookie(httpx.Cookies):
    """A cookie jar that reads only the answers that set a cookie. httpx hands every answer to
    urllib's cookie machinery (building a urllib request and a header message for it), about a
    twentieth of a request's CPU, although most answers set none."""

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers:
            super().extract_cookies(response)


class CheckClient(httpx.AsyncClient):
    """httpx's client, with the jar above (set wherever httpx sets its own), and a short way to send
    the checker's GET."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cookies = kwargs.get("cookies")
        self._check_transport: httpx.AsyncBaseTransport = kwargs["transport"]
        self._timeout_extension = {"timeout": self.timeout.as_dict()}

    async def get_streamed(self, url: str, headers: Mapping[str, str]) -> httpx.Response:
        """``send(build_request("GET", url, headers=headers), stream=True)``, without the steps of
        httpx's general path that a check never takes (a base URL to merge, authentication, request
        hooks, a redirect to prepare, a wrapper timing the body): they cost about a twentieth of a
        request's CPU. A URL that may carry a user name takes the general path (its Basic auth)."""
        if "@" in url:
            return await self.send(self.build_request("GET", url, headers=headers), stream=True)
        merged = self.headers
        if headers:
            merged = merged.copy()
            merged.update(headers)
        request = httpx.Request("GET", url, headers=merged, cookies=self._jar, extensions=self._timeout_extension)
        response = await self._check_transport.handle_async_request(request)
        response.request = request
        try:
            await _hold_location(response)
            self._jar.extract_cookies(response)
        except BaseException:
            await response.aclose()
            raise
        return response

    @property  # type: ignore[override]
    def cookies(self) -> httpx.Cookies:
        return self._jar

    @cookies.setter
    def cookies(self, cookies: Any) -> None:  # what httpx.Cookies takes
        self._jar = _CookiesFromSetCookie(cookies)


def build_client(settings: CheckOptions, transport: httpx.AsyncBaseTransport | None = None) -> CheckClient:
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
        "Accept-Encoding": "gzip, deflate",
    }
    if transport is None:
        transport = guarded_transport(settings)
    return CheckClient(
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
    """The default transport: guarded connections kept alive by origin, one TLS context."""
    # Idle connections for as many origins as half the requests at once could be asking, each with
    # its host's slots and a spare or two (one being closed must not hold up the next request).
    idle_per_origin = max(1, settings.per_host) + 2
    return GuardedTransport(
        allow_private=settings.allow_private,
        max_connections=settings.max_concurrency,
        max_idle=max(8, settings.max_concurrency // 2) * idle_per_origin,
        backend=backend,
        ssl_context=default_tls_context(),
    )


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
    headers: Mapping[str, str]  # by lower-case name
    body: bytes

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def is_text(self) -> bool:
        kind = (self.content_type or "text/html").split(";", 1)[0].strip().lower()
        return kind in _TEXT_TYPES
