"""A simulated web: one real HTTP server on loopback that stands in for many hosts.

Every host is a distinct loopback address (127.0.0.2, 127.0.0.3, ...) listening on one shared
port, so ``http://127.0.0.2:PORT/x`` and ``http://127.0.0.3:PORT/x`` are two hosts to any client.
Each host has a :class:`HostSpec`: a latency added before every answer, an optional limit on
concurrent requests (429 beyond it), a soft-404 mode and TLS with a self-signed certificate.

Behaviours are chosen by path and work on every host. ``<x>`` is any suffix; suffixes make
paths unique, which matters for the stateful behaviours (their state is kept per host and path,
and every request counts, HEAD or GET).

==============================  ===========================================================
path                            answer
==============================  ===========================================================
``/``                           200 home page (on a soft-404 host: the generic page)
``/ok`` ``/ok/<x>``             200 HTML article with a ``<title>``
``/page/<x>``                   200 small HTML page, a unique title per path (benchmarks)
``/redirect/<code>[/<x>]``      ``code`` (301, 302, 303, 307, 308) to ``?to=`` (default
                                ``/ok/landing``); ``to`` may be a path or a whole URL
``/chain/<n>[/<x>]``            301 to ``/chain/<n-1>[/<x>]``; ``/chain/0`` answers 200
``/loop/a[/<x>]``               302 to ``/loop/b[/<x>]``, which 302s back: a redirect loop
``/to-home[/<x>]``              301 to ``/``: a deep link sent to the site root
``/to-login[/<x>]``             302 to ``/login?next=...``; ``/login`` answers a 200 sign-in page
``/says-not-found[/<x>]``       200 page titled "Page not found"
``/head-405[/<x>]``             HEAD answers 405, GET answers 200
``/head-404[/<x>]``             HEAD answers 404, GET answers 200
``/retry-after/<s>[/<x>]``      first request 429 with ``Retry-After: <s>``, then 200
``/retry-after-date/<s>[/<x>]`` the same with Retry-After as an HTTP date ``<s>`` seconds on
``/flaky/<code>/<n>[/<x>]``     the first ``n`` requests answer ``code`` (with Retry-After when
                                ``?retry_after=`` is given), then 200; e.g. ``/flaky/503/1``
``/status/<code>[/<x>]``        always ``code`` with a small HTML page (404, 410, 401, 403,
                                451, 999, 500, 429 ...); ``?retry_after=`` adds the header
``/hang[/<x>]``                 reads the request and never answers, until the web closes
                                (or ``hang_limit`` seconds pass)
``/slow[/<s>[/<x>]]``           200 after ``<s>`` seconds (default 0.5), on top of latency
``/held/<gate>[/<x>]``          200 once the test opens the gate named ``<gate>`` (see below)
``/reset[/<x>]``                reads the request, then resets the connection (RST)
``/challenge[/<x>]``            403 with ``cf-mitigated: challenge`` and "Just a moment..."
``/huge[/<mb>]``                200 with a body of ``mb`` MiB (default 200), generated as sent
``/gzip-bomb[/<x>]``            200, ``Content-Encoding: gzip``, ~1 MB inflating to 1 GiB
``/short-body[/<x>]``           declares ``Content-Length: 100000``, sends 1000 bytes, closes
``/drift/<state>/<seed>``       200 with the live page of ``linkaudit.testing.drift_pages`` in
                                that state (identical, noise, edited, correction, ...)
anything else                   404 page; on a soft-404 host, 200 with the generic page
==============================  ===========================================================

A host with ``max_concurrent=N`` answers 429 (``Retry-After: 1``, at once, without latency) to a
request that arrives while N are already in flight; the statistics count every request seen,
the rejected ones included, so ``max_in_flight`` is what the host experienced.

``web.gates[name]`` is the gate of ``/held/<name>``: ``wait_for_waiting(n)`` waits until ``n``
requests are held there, ``open()`` lets them, and every later one, through (closing the web opens
every gate). A test that needs requests in flight at once holds them there instead of guessing a
delay long enough for them all to arrive.

Threads, not an event loop: one acceptor thread serving every address, one daemon thread per
connection (HTTP/1.1 keep-alive). Latency, hangs and streams all wait on one "closing" event,
so :meth:`SimulatedWeb.close` is bounded: it wakes them, shuts every socket down and joins.
"""

from __future__ import annotations

import contextlib
import email.utils
import errno
import html
import http
import ipaddress
import re
import select
import selectors
import socket
import ssl
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from linkaudit.testing.certs import LocalCertificates
from linkaudit.testing.gates import Gates

__all__ = [
    "GZIP_BOMB_INFLATED_BYTES",
    "HUGE_DEFAULT_MIB",
    "SHORT_BODY_DECLARED",
    "SHORT_BODY_SENT",
    "HostSpec",
    "HostStats",
    "SimulatedWeb",
    "WebStats",
    "build_gzip_bomb",
    "gzip_bomb",
    "loopback_hosts",
]

HUGE_DEFAULT_MIB = 200
GZIP_BOMB_INFLATED_BYTES = 1 << 30
SHORT_BODY_DECLARED = 100_000
SHORT_BODY_SENT = 1_000
SLOW_DEFAULT_SECONDS = 0.5
OVER_LIMIT_RETRY_AFTER = "1"
DEFAULT_REDIRECT_TARGET = "/ok/landing"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
HTML = "text/html; charset=utf-8"

_STREAM_CHUNK = 64 * 1024
_STREAM_SNDBUF = 64 * 1024  # a small send buffer keeps "bytes sent" close to "bytes read"
_HANDSHAKE_TIMEOUT = 5.0
_IDLE_TIMEOUT = 120.0  # an idle keep-alive connection is dropped after this
_REASONS = {999: "Request Denied"}


# --------------------------------------------------------------------------- host specs


@dataclass(frozen=True)
class HostSpec:
    """How one simulated host behaves, whatever the path."""

    latency: float = 0.0  # seconds added before every answer
    max_concurrent: int | None = None  # 429 to requests beyond this many in flight
    soft404: bool = False  # unknown paths answer 200 with one generic page
    tls: bool = False  # HTTPS with a certificate from a private CA
    name: str = ""  # shown in page titles; the address when empty

    def __post_init__(self) -> None:
        if self.latency < 0:
            raise ValueError(f"latency must be >= 0, not {self.latency}")
        if self.max_concurrent is not None and self.max_concurrent < 1:
            raise ValueError(f"max_concurrent must be >= 1, not {self.max_concurrent}")


def loopback_hosts(count: int, first: str = "127.0.0.2") -> list[str]:
    """``count`` consecutive loopback addresses from ``first`` (never 127.0.0.1, left to others)."""
    start = ipaddress.IPv4Address(first)
    hosts = [str(start + offset) for offset in range(count)]
    for host in hosts:
        _require_loopback(host)
    return hosts


def _require_loopback(host: str) -> None:
    try:
        address = ipaddress.IPv4Address(host)
    except ValueError as exc:
        raise ValueError(f"simulated hosts are IPv4 loopback addresses, not {host!r}") from exc
    if not address.is_loopback:
        raise ValueError(f"simulated hosts must stay on loopback (127.0.0.0/8), not {host}")


# --------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class HostStats:
    """What one host has seen so far (a snapshot)."""

    requests: int = 0
    in_flight: int = 0
    max_in_flight: int = 0  # the most requests in flight at once, rejected ones included
    over_limit: int = 0  # 429s answered because more than max_concurrent were in flight
    connections: int = 0
    bytes_sent: int = 0  # headers and bodies, as accepted by the socket
    statuses: Mapping[int, int] = field(default_factory=dict)

    @property
    def sent_429(self) -> int:
        return self.statuses.get(429, 0)


@dataclass
class _HostCounters:
    requests: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    over_limit: int = 0
    connections: int = 0
    bytes_sent: int = 0
    statuses: Counter[int] = field(default_factory=Counter)

    def snapshot(self) -> HostStats:
        return HostStats(
            requests=self.requests,
            in_flight=self.in_flight,
            max_in_flight=self.max_in_flight,
            over_limit=self.over_limit,
            connections=self.connections,
            bytes_sent=self.bytes_sent,
            statuses=MappingProxyType(dict(self.statuses)),
        )


class WebStats:
    """Thread-safe counters per host and per (host, method, path). Reads return snapshots."""

    def __init__(self, hosts: Iterable[str]) -> None:
        self._lock = threading.Lock()
        self._answered = threading.Condition(self._lock)  # notified whenever a request is done
        self._hosts = {host: _HostCounters() for host in hosts}
        self._paths: Counter[tuple[str, str, str]] = Counter()

    # --- reading ---------------------------------------------------------------------

    def wait_until_idle(self, host: str, timeout: float = 10.0) -> bool:
        """Wait until ``host`` has no request in flight (its handlers are done); False on timeout.

        What a client has read was counted before it was sent; this waits for what the server
        does after, such as noticing that the client went away.
        """
        with self._answered:
            return self._answered.wait_for(lambda: self._hosts[host].in_flight == 0, timeout)

    def host(self, host: str) -> HostStats:
        with self._lock:
            return self._hosts[host].snapshot()

    def hosts(self) -> dict[str, HostStats]:
        with self._lock:
            return {host: counters.snapshot() for host, counters in self._hosts.items()}

    def requests(self, host: str, path: str, method: str | None = None) -> int:
        """Requests for ``path`` (without query) on ``host``; all methods unless one is named."""
        with self._lock:
            if method is not None:
                return self._paths[(host, method.upper(), path)]
            return sum(n for (h, _m, p), n in self._paths.items() if h == host and p == path)

    def by_path(self) -> dict[tuple[str, str, str], int]:
        with self._lock:
            return dict(self._paths)

    @property
    def total_requests(self) -> int:
        with self._lock:
            return sum(counters.requests for counters in self._hosts.values())

    def reset(self) -> None:
        """Forget every count (requests in flight stay in flight)."""
        with self._lock:
            for host, counters in self._hosts.items():
                self._hosts[host] = _HostCounters(in_flight=counters.in_flight)
            self._paths.clear()

    # --- recording (the server's side) -----------------------------------------------

    def record_request(self, host: str, method: str, path: str, limit: int | None) -> bool:
        """Count a request as in flight; False when it is over the host's limit."""
        with self._lock:
            counters = self._hosts[host]
            counters.requests += 1
            counters.in_flight += 1
            counters.max_in_flight = max(counters.max_in_flight, counters.in_flight)
            self._paths[(host, method, path)] += 1
            admitted = limit is None or counters.in_flight <= limit
            if not admitted:
                counters.over_limit += 1
            return admitted

    def record_done(self, host: str) -> None:
        with self._answered:
            self._hosts[host].in_flight -= 1
            self._answered.notify_all()

    def record_status(self, host: str, status: int) -> None:
        with self._lock:
            self._hosts[host].statuses[status] += 1

    def record_bytes(self, host: str, count: int) -> None:
        with self._lock:
            self._hosts[host].bytes_sent += count

    def record_connection(self, host: str) -> None:
        with self._lock:
            self._hosts[host].connections += 1


# --------------------------------------------------------------------------- bodies


def _page(title: str, *paragraphs: str, heading: str | None = None) -> bytes:
    body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title></head><body>"
        f"<h1>{html.escape(heading or title)}</h1>{body}</body></html>"
    ).encode()


def _article(name: str, path: str) -> bytes:
    # The path goes last in the title: "head-404 | site" would read as an error page's title.
    return _page(
        f"{name}: {path}",
        f"This is the article published at {path} on {name}.",
        "It reports figures, quotes its sources and says when it was last updated; "
        "nothing about it is generic.",
        "Readers who cite it can expect the same text tomorrow.",
    )


def _generic_page(name: str) -> bytes:
    # What a soft-404 host serves for any path it does not know: its front page.
    return _page(
        f"{name} - news and analysis",
        "Latest stories: markets steady as talks resume; a new bridge opens downtown.",
        "Subscribe to our newsletter for the day's headlines.",
        heading="Welcome",
    )


def _status_page(status: int) -> bytes:
    label = f"{status} {_reason(status)}"
    return _page(label, f"The server answered {label}.")


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return _REASONS.get(status, "Unknown")


_CHALLENGE_PAGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b"<div id=\"challenge-running\">Checking if the site connection is secure</div>"
    b"<script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1\"></script>"
    b"</body></html>"
)
_HUGE_PREFIX = b"<!DOCTYPE html><html><head><title>A very long page</title></head><body>"
_HUGE_FILLER = (b"<p>" + b"All work and no play makes a very long page. " * 20 + b"</p>\n") * 70

_bomb_lock = threading.Lock()
_bomb: bytes | None = None


def gzip_bomb() -> bytes:
    """A gzip body of about 1 MB that inflates to 1 GiB of zeros; built once, on first use.

    Deflate blocks ended by a full flush reset the compressor's history, so every 1 MiB block
    of zeros compresses to the same bytes: one block is compressed and repeated.
    """
    global _bomb
    with _bomb_lock:
        if _bomb is None:
            _bomb = build_gzip_bomb(GZIP_BOMB_INFLATED_BYTES)
        return _bomb


def build_gzip_bomb(inflated: int, prefix: bytes = b"") -> bytes:
    """A gzip body of ``prefix`` then ``inflated`` bytes of zeros (whole MiBs), built in a blink."""
    block = bytes(1 << 20)
    blocks = inflated // len(block)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = compressor.compress(prefix + block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = _crc32_of_repeats(block, blocks, zlib.crc32(prefix))
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    final_empty_block = b"\x03\x00"
    trailer = struct.pack("<II", crc, (len(prefix) + blocks * len(block)) & 0xFFFFFFFF)
    return header + first + repeated * (blocks - 1) + final_empty_block + trailer


_Affine = tuple[tuple[int, ...], int]  # a map of 32-bit values over GF(2): L(bit i) for each i, and f(0)


def _crc32_of_repeats(block: bytes, times: int, crc: int) -> int:
    """``zlib.crc32`` of ``block`` repeated ``times`` times, carried on from ``crc``, without reading
    them all (a GiB takes a third of a second): the checksum after a block is an affine function
    of the one before, so ``times`` blocks are that function composed ``times`` times, by squaring."""
    zero = zlib.crc32(block, 0)
    step: _Affine = (tuple(zlib.crc32(block, 1 << bit) ^ zero for bit in range(32)), zero)
    while times:
        if times & 1:
            crc = _apply(step, crc)
        step = _compose(step, step)
        times >>= 1
    return crc


def _apply(function: _Affine, value: int) -> int:
    columns, result = function
    for bit in range(32):
        if value >> bit & 1:
            result ^= columns[bit]
    return result


def _compose(outer: _Affine, inner: _Affine) -> _Affine:
    """``outer`` after ``inner``."""
    columns, constant = inner
    return tuple(_apply(outer, column) ^ outer[1] for column in columns), _apply(outer, constant)


# --------------------------------------------------------------------------- the server


@dataclass(eq=False)  # identity semantics: connections live in a set
class _Connection:
    sock: socket.socket


@dataclass(frozen=True)
class _HostContext:
    """What a connection's handler knows: its web, its host and how that host behaves."""

    web: SimulatedWeb
    host: str
    spec: HostSpec

    @property
    def name(self) -> str:
        return self.spec.name or self.host


class SimulatedWeb:
    """Many simulated hosts on one port. Starts serving on construction; a context manager.

    ``hosts`` maps loopback addresses to their :class:`HostSpec`, or lists addresses that all
    behave by default. ``port=0`` picks a free port (retrying when another address has it taken).
    """

    def __init__(
        self,
        hosts: Mapping[str, HostSpec] | Iterable[str],
        *,
        port: int = 0,
        hang_limit: float = 300.0,
        bind_attempts: int = 20,
    ) -> None:
        specs = dict(hosts) if isinstance(hosts, Mapping) else {host: HostSpec() for host in hosts}
        if not specs:
            raise ValueError("a simulated web needs at least one host")
        for host in specs:
            _require_loopback(host)
        self.hosts: Mapping[str, HostSpec] = MappingProxyType(specs)
        self.hang_limit = hang_limit
        self.stats = WebStats(specs)
        self.gates = Gates()
        self._closing = threading.Event()
        self._closed = False
        self._lock = threading.Lock()
        self._path_counts: Counter[tuple[str, str]] = Counter()
        self._connections: set[_Connection] = set()
        self._threads: set[threading.Thread] = set()
        tls_hosts = [host for host, spec in specs.items() if spec.tls]
        self.certificates = LocalCertificates.issue(tls_hosts) if tls_hosts else None
        self._tls = self.certificates.server_context() if self.certificates else None
        self._listeners, self.port = _bind_all(list(specs), port, bind_attempts)
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._acceptor = threading.Thread(target=self._accept_loop, name="simweb-accept", daemon=True)
        self._acceptor.start()

    # --- public ----------------------------------------------------------------------

    def __enter__(self) -> SimulatedWeb:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def origin(self, host: str) -> str:
        spec = self._spec(host)
        return f"{'https' if spec.tls else 'http'}://{host}:{self.port}"

    def url(self, host: str, path: str) -> str:
        """The URL of ``path`` on ``host``: ``http://127.0.0.2:PORT/path`` (https for TLS hosts)."""
        return self.origin(host) + ("" if path.startswith("/") else "/") + path

    def client_ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts the TLS hosts' certificate (for tests that want TLS to work)."""
        if self.certificates is None:
            raise ValueError("no host of this simulated web uses TLS")
        return self.certificates.client_context()

    def close(self, timeout: float = 3.0) -> None:
        """Stop accepting, wake every waiting answer, close every socket, join every thread.

        Bounded by ``timeout`` seconds; safe to call twice.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
        deadline = time.monotonic() + timeout
        self._closing.set()
        self.gates.open_all()
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"x")
        self._acceptor.join(max(0.0, deadline - time.monotonic()))
        for listener in self._listeners.values():
            listener.close()
        with self._lock:
            connections, threads = list(self._connections), list(self._threads)
        for connection in connections:
            with contextlib.suppress(OSError):
                # The plain socket's shutdown, even for TLS: it unblocks a reader in another thread.
                socket.socket.shutdown(connection.sock, socket.SHUT_RDWR)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._wake_reader.close()
        self._wake_writer.close()

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until no host has a request in flight (abandoned hangs included), then zero every
        count: a web shared by several tests starts each of them idle and from zero."""
        for host in self.hosts:
            if not self.stats.wait_until_idle(host, timeout):
                raise TimeoutError(f"{host} still had a request in flight after {timeout:g} s")
        self.stats.reset()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def closing(self) -> bool:
        return self._closing.is_set()

    # --- used by the handlers ----------------------------------------------------------

    def pause(self, seconds: float) -> bool:
        """Wait ``seconds``; False when the web started closing meanwhile."""
        if seconds <= 0:
            return not self._closing.is_set()
        return not self._closing.wait(seconds)

    def count_visit(self, host: str, path: str) -> int:
        """How many requests ``path`` on ``host`` had before this one (state for flaky paths)."""
        with self._lock:
            earlier = self._path_counts[(host, path)]
            self._path_counts[(host, path)] = earlier + 1
            return earlier

    # --- internals -------------------------------------------------------------------

    def _spec(self, host: str) -> HostSpec:
        try:
            return self.hosts[host]
        except KeyError:
            raise ValueError(f"{host} is not a host of this simulated web ({', '.join(self.hosts)})") from None

    def _accept_loop(self) -> None:
        with selectors.DefaultSelector() as selector:
            for host, listener in self._listeners.items():
                selector.register(listener, selectors.EVENT_READ, host)
            selector.register(self._wake_reader, selectors.EVENT_READ, None)
            while not self._closing.is_set():
                for key, _events in selector.select():
                    if key.data is None:
                        return
                    self._accept(key.fileobj, key.data)  # type: ignore[arg-type]

    def _accept(self, listener: socket.socket, host: str) -> None:
        try:
            sock, address = listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            return  # e.g. too many open files: the client sees a refused or reset connection
        sock.setblocking(True)
        connection = _Connection(sock)
        thread = threading.Thread(
            target=self._serve_connection, args=(connection, address, host), name=f"simweb-{host}", daemon=True
        )
        with self._lock:
            if self._closed:
                sock.close()
                return
            self._connections.add(connection)
            self._threads.add(thread)
        self.stats.record_connection(host)
        thread.start()

    def _serve_connection(self, connection: _Connection, address: Any, host: str) -> None:
        context = _HostContext(self, host, self.hosts[host])
        try:
            if self._tls is not None and context.spec.tls:
                connection.sock.settimeout(_HANDSHAKE_TIMEOUT)
                connection.sock = self._tls.wrap_socket(connection.sock, server_side=True)
                connection.sock.settimeout(None)
            _Handler(connection.sock, address, context)  # type: ignore[arg-type]  # the context stands in for a server
        except (OSError, ValueError):
            pass  # the client went away, failed the TLS handshake, or the web is closing
        finally:
            with contextlib.suppress(OSError):
                connection.sock.close()
            with self._lock:
                self._connections.discard(connection)
                self._threads.discard(threading.current_thread())


def _bind_all(hosts: list[str], port: int, attempts: int) -> tuple[dict[str, socket.socket], int]:
    """Listen on every address at one port; on a clash with a port picked for us, pick again."""
    last_error: OSError | None = None
    for _attempt in range(max(1, attempts)):
        listeners: dict[str, socket.socket] = {}
        chosen = port
        try:
            for host in hosts:
                listeners[host] = _listen(host, chosen)
                chosen = listeners[host].getsockname()[1]
            return listeners, chosen
        except OSError as exc:
            for listener in listeners.values():
                listener.close()
            if exc.errno != errno.EADDRINUSE or port != 0:
                raise
            last_error = exc
    raise OSError(errno.EADDRINUSE, f"no port free on all of {len(hosts)} addresses: {last_error}")


def _listen(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        # Lets a closed web's port be bound again despite TIME_WAIT; two listeners still clash.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(1024)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


# --------------------------------------------------------------------------- behaviours


class _Handler(BaseHTTPRequestHandler):
    """Answers the requests of one connection, by path (see the module's table)."""

    protocol_version = "HTTP/1.1"
    server_version = "linkaudit-simweb/1"
    sys_version = ""
    disable_nagle_algorithm = True
    timeout = _IDLE_TIMEOUT
    server: _HostContext  # type: ignore[assignment]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # a test server stays quiet; the statistics say what happened

    def do_GET(self) -> None:  # noqa: N802 - the base class dispatches on this name
        self._answer()

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer()

    # --- plumbing --------------------------------------------------------------------

    @property
    def web(self) -> SimulatedWeb:
        return self.server.web

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def is_head(self) -> bool:
        return self.command == "HEAD"

    def _answer(self) -> None:
        parts = urlsplit(self.path)
        self.target_path = parts.path or "/"
        self.query = parse_qs(parts.query)
        stats, spec = self.web.stats, self.server.spec
        admitted = stats.record_request(self.host, self.command, self.target_path, spec.max_concurrent)
        try:
            if not admitted:
                self._send(429, _status_page(429), headers=[("Retry-After", OVER_LIMIT_RETRY_AFTER)])
            elif not self.web.pause(spec.latency):
                self.close_connection = True
            else:
                behaviour, match = _route(self.target_path)
                behaviour(self, match)
        finally:
            stats.record_done(self.host)

    def _write(self, data: bytes) -> None:
        self.wfile.write(data)
        self.web.stats.record_bytes(self.host, len(data))

    def _head(self, status: int, headers: Iterable[tuple[str, str]], *, content_type: str | None, length: int) -> bytes:
        lines = [
            f"HTTP/1.1 {status} {_reason(status)}",
            f"Server: {self.server_version}",
            f"Date: {email.utils.formatdate(usegmt=True)}",
        ]
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        headers = list(headers)
        if not any(name.lower() == "content-length" for name, _ in headers):
            lines.append(f"Content-Length: {length}")
        lines.extend(f"{name}: {value}" for name, value in headers)
        if self.close_connection:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _send(
        self,
        status: int,
        body: bytes = b"",
        *,
        headers: Iterable[tuple[str, str]] = (),
        content_type: str | None = HTML,
    ) -> None:
        head = self._head(status, headers, content_type=content_type, length=len(body))
        # Counted before it is sent: a client that has read the answer must find it counted.
        self.web.stats.record_status(self.host, status)
        self._write(head if self.is_head else head + body)  # one write: no Nagle stalls

    def _redirect_to(self, status: int, location: str) -> None:
        self._send(status, _page(f"{status} {_reason(status)}", f"Moved to {location}"), headers=[("Location", location)])

    def _query_value(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def _retry_after_header(self) -> list[tuple[str, str]]:
        value = self._query_value("retry_after")
        return [("Retry-After", value)] if value is not None else []

    # --- behaviours ------------------------------------------------------------------

    def home(self, match: re.Match[str]) -> None:
        if self.server.spec.soft404:
            self._send(200, _generic_page(self.server.name))
        else:
            self._send(200, _page(f"{self.server.name} home", f"Welcome to {self.server.name}.", "Read our articles."))

    def article(self, match: re.Match[str]) -> None:
        self._send(200, _article(self.server.name, self.target_path))

    def small_page(self, match: re.Match[str]) -> None:
        self._send(200, _page(f"Page {match.group(1)} on {self.server.name}", "A page among many."))

    def redirect(self, match: re.Match[str]) -> None:
        status = int(match.group(1))
        if status not in REDIRECT_CODES:
            self._send(400, _page("400 Bad Request", f"{status} is not a redirect code"))
            return
        self._redirect_to(status, self._query_value("to") or DEFAULT_REDIRECT_TARGET)

    def chain(self, match: re.Match[str]) -> None:
        remaining, suffix = int(match.group(1)), match.group(2) or ""
        if remaining == 0:
            self.article(match)
        else:
            self._redirect_to(301, f"/chain/{remaining - 1}{suffix}")

    def loop(self, match: re.Match[str]) -> None:
        other = "b" if match.group(1) == "a" else "a"
        self._redirect_to(302, f"/loop/{other}{match.group(2) or ''}")

    def to_home(self, match: re.Match[str]) -> None:
        self._redirect_to(301, "/")

    def to_login(self, match: re.Match[str]) -> None:
        self._redirect_to(302, f"/login?next={quote(self.target_path, safe='')}")

    def login(self, match: re.Match[str]) -> None:
        self._send(200, _page("Sign in", "Sign in to continue reading.", "Email address, password."))

    def says_not_found(self, match: re.Match[str]) -> None:
        self._send(200, _page("Page not found", "Sorry, we could not find the page you were looking for."))

    def head_refused(self, match: re.Match[str]) -> None:
        if self.is_head:
            status = int(match.group(1))
            self._send(status, _status_page(status), headers=[("Allow", "GET")] if status == 405 else [])
        else:
            self.article(match)

    def retry_after(self, match: re.Match[str]) -> None:
        self._throttle_once(match.group(1))

    def retry_after_date(self, match: re.Match[str]) -> None:
        self._throttle_once(email.utils.formatdate(time.time() + int(match.group(1)), usegmt=True))

    def _throttle_once(self, retry_after: str) -> None:
        if self.web.count_visit(self.host, self.target_path) == 0:
            self._send(429, _status_page(429), headers=[("Retry-After", retry_after)])
        else:
            self.article(_NO_MATCH)

    def flaky(self, match: re.Match[str]) -> None:
        status, failures = int(match.group(1)), int(match.group(2))
        if self.web.count_visit(self.host, self.target_path) < failures:
            self._send(status, _status_page(status), headers=self._retry_after_header())
        else:
            self.article(match)

    def status(self, match: re.Match[str]) -> None:
        status = int(match.group(1))
        if status < 200:
            self._send(400, _page("400 Bad Request", "informational statuses are not final answers"))
        elif status in (204, 304):
            self._send(status, b"", headers=self._retry_after_header(), content_type=None)
        else:
            self._send(status, _status_page(status), headers=self._retry_after_header())

    def hang(self, match: re.Match[str]) -> None:
        # Never answered. A client that gives up closes the connection: the request is then no
        # longer in flight (as for a real server, whose next read fails), so stop at its EOF.
        ends = time.monotonic() + self.web.hang_limit
        while (left := ends - time.monotonic()) > 0 and not self._client_gone(min(0.1, left)):
            if not self.web.pause(0):
                break
        self.close_connection = True  # never answered: the connection just ends

    def _client_gone(self, wait: float) -> bool:
        """Whether the client closed its end within ``wait`` seconds."""
        if isinstance(self.connection, ssl.SSLSocket):
            return not self.web.pause(wait)  # no peeking under TLS: wait the hang out
        readable, _, _ = select.select([self.connection], [], [], wait)
        if not readable:
            return False
        try:
            pending = self.connection.recv(1, socket.MSG_PEEK)
        except OSError:
            return True
        if pending:  # the client sent more (it should not): wait without spinning on it
            return not self.web.pause(wait)
        return True

    def slow(self, match: re.Match[str]) -> None:
        seconds = float(match.group(1)) if match.group(1) else SLOW_DEFAULT_SECONDS
        if self.web.pause(seconds):
            self.article(match)
        else:
            self.close_connection = True

    def held(self, match: re.Match[str]) -> None:
        self.web.gates[match.group(1)].pass_through()
        if self.web.closing:
            self.close_connection = True
        else:
            self.article(match)

    def reset(self, match: re.Match[str]) -> None:
        # Linger on, with a zero timeout: close() then sends RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def challenge(self, match: re.Match[str]) -> None:
        self._send(403, _CHALLENGE_PAGE, headers=[("cf-mitigated", "challenge"), ("Cache-Control", "no-store")])

    def huge(self, match: re.Match[str]) -> None:
        size = int(match.group(1) or HUGE_DEFAULT_MIB) * 1024 * 1024
        self.web.stats.record_status(self.host, 200)
        self._write(self._head(200, (), content_type=HTML, length=size))
        if self.is_head:
            return
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _STREAM_SNDBUF)
        self._stream(size)

    def _stream(self, size: int) -> None:
        sent = 0
        chunk = _HUGE_PREFIX
        while sent < size:
            if self.web.closing:
                self.close_connection = True
                return
            piece = chunk[: size - sent]
            self._write(piece)
            sent += len(piece)
            chunk = _HUGE_FILLER

    def gzip_bomb(self, match: re.Match[str]) -> None:
        self._send(200, gzip_bomb(), headers=[("Content-Encoding", "gzip")])

    def short_body(self, match: re.Match[str]) -> None:
        body = _article(self.server.name, self.target_path).ljust(SHORT_BODY_SENT, b" ")[:SHORT_BODY_SENT]
        self.close_connection = True
        head = self._head(200, [("Content-Length", str(SHORT_BODY_DECLARED))], content_type=HTML, length=0)
        self.web.stats.record_status(self.host, 200)
        self._write(head if self.is_head else head + body)

    def drift_page(self, match: re.Match[str]) -> None:
        from linkaudit.testing.drift_pages import EXPECTED, live_page

        state, seed = match.group(1), int(match.group(2))
        if state not in EXPECTED:
            self.unknown(match)
            return
        self._send(200, live_page(state, seed).encode("utf-8"))

    def unknown(self, match: re.Match[str]) -> None:
        if self.server.spec.soft404:
            self._send(200, _generic_page(self.server.name))
        else:
            self._send(404, _page("404 Not Found", f"Nothing lives at {self.target_path}."))


_NO_MATCH: re.Match[str] = re.compile("").fullmatch("")  # type: ignore[assignment]  # always matches
assert _NO_MATCH is not None

_Behaviour = Callable[[_Handler, re.Match[str]], None]
_SUFFIX = r"(/.*)?"
_ROUTES: tuple[tuple[re.Pattern[str], _Behaviour], ...] = tuple(
    (re.compile(pattern), behaviour)
    for pattern, behaviour in (
        (r"/", _Handler.home),
        (r"/ok" + _SUFFIX, _Handler.article),
        (r"/page/(.+)", _Handler.small_page),
        (r"/redirect/(\d{3})" + _SUFFIX, _Handler.redirect),
        (r"/chain/(\d+)" + _SUFFIX, _Handler.chain),
        (r"/loop/(a|b)" + _SUFFIX, _Handler.loop),
        (r"/to-home" + _SUFFIX, _Handler.to_home),
        (r"/to-login" + _SUFFIX, _Handler.to_login),
        (r"/login", _Handler.login),
        (r"/says-not-found" + _SUFFIX, _Handler.says_not_found),
        (r"/head-(405|404)" + _SUFFIX, _Handler.head_refused),
        (r"/retry-after/(\d+)" + _SUFFIX, _Handler.retry_after),
        (r"/retry-after-date/(\d+)" + _SUFFIX, _Handler.retry_after_date),
        (r"/flaky/(\d{3})/(\d+)" + _SUFFIX, _Handler.flaky),
        (r"/status/(\d{3})" + _SUFFIX, _Handler.status),
        (r"/hang" + _SUFFIX, _Handler.hang),
        (r"/slow(?:/(\d+(?:\.\d+)?)" + _SUFFIX + ")?", _Handler.slow),
        (r"/held/([^/]+)" + _SUFFIX, _Handler.held),
        (r"/reset" + _SUFFIX, _Handler.reset),
        (r"/challenge" + _SUFFIX, _Handler.challenge),
        (r"/huge(?:/(\d+))?", _Handler.huge),
        (r"/gzip-bomb" + _SUFFIX, _Handler.gzip_bomb),
        (r"/short-body" + _SUFFIX, _Handler.short_body),
        (r"/drift/([a-z-]+)/(\d{1,9})", _Handler.drift_page),
    )
)


def _route(path: str) -> tuple[_Behaviour, re.Match[str]]:
    for pattern, behaviour in _ROUTES:
        if (match := pattern.fullmatch(path)) is not None:
            return behaviour, match
    return _Handler.unknown, _NO_MATCH
