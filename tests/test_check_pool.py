"""The checker's connection pool: keep-alive connections reused last-returned first, per origin.

Each test runs a threaded HTTP/1.1 server on loopback that records, for every request, the client
port it came from: one port is one connection. Requests meant to overlap are held at a gate until
they all have arrived; the keep-alive's clock is the test's own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import httpcore
import httpx
import pytest
import trio
import trio.testing
from test_check_engine import running

from linkaudit.check import client as client_module
from linkaudit.check.client import GuardedTransport
from linkaudit.check.guard import GuardedBackend
from linkaudit.testing.gates import Gate


@dataclass
class Seen:
    ports: list[int] = field(default_factory=list)  # the client port of each request
    closed: list[int] = field(default_factory=list)  # the client port of each connection closed
    in_flight: int = 0
    peak_in_flight: int = 0
    lock: threading.Condition = field(default_factory=threading.Condition)  # notified as one is closed


@contextmanager
def server(
    *, close_after_answer: bool = False, gate: Gate | None = None, held: str = "/", host: str = "127.0.0.2"
) -> Iterator[tuple[str, Seen]]:
    """A keep-alive server; with ``close_after_answer`` it drops each connection once it has answered
    (as a server does when its keep-alive times out), without saying so in the answer. Requests for
    paths starting with ``held`` wait at ``gate``, if given, the others are answered at once."""
    seen = Seen()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Head and body go in separate writes: with Nagle's algorithm the body would wait for the
        # client's delayed acknowledgement of the head (40 ms on Linux), on every answer.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
            with seen.lock:
                seen.ports.append(self.client_address[1])
                seen.in_flight += 1
                seen.peak_in_flight = max(seen.peak_in_flight, seen.in_flight)
            if gate is not None and self.path.startswith(held):
                gate.pass_through()
            with seen.lock:
                seen.in_flight -= 1
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
            self.close_connection = close_after_answer

        def finish(self) -> None:
            super().finish()
            # Closed here, before it is counted (socketserver would close it just after): a client
            # that sees the count has the server's end of the connection already.
            self.server.shutdown_request(self.request)
            with seen.lock:
                seen.closed.append(self.client_address[1])
                seen.lock.notify_all()

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer((host, 0), Handler)
    httpd.daemon_threads = True
    try:
        with running(httpd):
            yield f"http://{host}:{httpd.server_address[1]}", seen
    finally:
        if gate is not None:
            gate.open()  # a failing test holds nothing back


async def get(client: httpx.AsyncClient, url: str) -> int:
    response = await client.send(client.build_request("GET", url), stream=True)
    try:
        await response.aread()
        return response.status_code
    finally:
        await response.aclose()


async def closed_by_the_server(seen: Seen, count: int, *, within: float = 30.0) -> bool:
    """Until the server has closed ``count`` connections (on loopback its close reaches the client
    as it is made); False if it has not ``within`` seconds, a failure's bound."""

    def closed() -> bool:
        with seen.lock:
            return seen.lock.wait_for(lambda: len(seen.closed) >= count, timeout=within)

    return await trio.to_thread.run_sync(closed)


async def waiting_at(gate: Gate, count: int) -> None:
    assert await trio.to_thread.run_sync(gate.wait_for_waiting, count), f"{count} requests never waited at the gate"


class CountingBackend(GuardedBackend):
    """The checker's network backend, counting the connections it is asked to open."""

    def __init__(self) -> None:
        super().__init__(allow_private=True)
        self.opened = 0

    async def connect_tcp(self, *args: object, **kwargs: object) -> httpcore.AsyncNetworkStream:
        self.opened += 1
        return await super().connect_tcp(*args, **kwargs)  # type: ignore[arg-type]


def run_client(
    max_connections: int, job: object, keepalive_expiry: float = 5.0, backend: GuardedBackend | None = None
) -> list[int]:
    async def main() -> list[int]:
        transport = GuardedTransport(
            allow_private=True, max_connections=max_connections, keepalive_expiry=keepalive_expiry, backend=backend
        )
        async with httpx.AsyncClient(transport=transport) as client:
            return await job(client)  # type: ignore[operator, no-any-return]

    return trio.run(main)


def test_requests_one_after_another_share_one_connection() -> None:
    with server() as (base, seen):
        statuses = run_client(4, lambda client: _in_turn(client, [f"{base}/{n}" for n in range(5)]))
    assert statuses == [200] * 5
    assert len(set(seen.ports)) == 1


def test_a_connection_the_server_closed_while_idle_is_not_reused() -> None:
    # Reusing it would fail the request ("server disconnected"): a check would count a retry.
    async def job(client: httpx.AsyncClient) -> list[int]:
        statuses = []
        for n in range(3):
            statuses.append(await get(client, f"{base}/{n}"))
            assert await closed_by_the_server(seen, n + 1)
        return statuses

    with server(close_after_answer=True) as (base, seen):
        assert run_client(4, job) == [200] * 3
    assert len(set(seen.ports)) == 3


def test_requests_at_once_each_get_a_connection_then_reuse_them() -> None:
    gate = Gate()

    async def job(client: httpx.AsyncClient) -> list[int]:
        statuses: list[int] = []
        async with trio.open_nursery() as nursery:
            for n in range(3):
                nursery.start_soon(_collect, client, f"{base}/a{n}", statuses)
            await waiting_at(gate, 3)  # the three at once overlap at the server
            gate.open()
        statuses += await _in_turn(client, [f"{base}/b{n}" for n in range(3)])
        return statuses

    with server(gate=gate, held="/a") as (base, seen):
        assert run_client(4, job) == [200] * 6
    assert seen.peak_in_flight == 3
    assert len(set(seen.ports[:3])) == 3 and set(seen.ports[3:]) <= set(seen.ports[:3])
    assert len(set(seen.ports[3:])) == 1  # the last one given back, again and again


def test_no_more_requests_at_once_than_the_pool_allows() -> None:
    gate, backend = Gate(), CountingBackend()
    opened_while_held: list[int] = []

    async def job(client: httpx.AsyncClient) -> list[int]:
        statuses: list[int] = []
        async with trio.open_nursery() as nursery:
            for n in range(4):
                nursery.start_soon(_collect, client, f"{base}/{n}", statuses)
            await waiting_at(gate, 2)
            # Every request is as far as it can get: two held at the server, the other two waiting
            # in the pool, not on connections of their own.
            await trio.testing.wait_all_tasks_blocked()
            opened_while_held.append(backend.opened)
            gate.open()
        return statuses

    with server(gate=gate) as (base, seen):
        assert run_client(2, job, backend=backend) == [200] * 4
    assert opened_while_held == [2]
    assert seen.peak_in_flight == 2
    assert len(set(seen.ports)) == 2


def test_origins_never_share_a_connection() -> None:
    with server(host="127.0.0.2") as (first, seen_first), server(host="127.0.0.3") as (second, seen_second):
        urls = [first + "/1", second + "/1", first + "/2", second + "/2"]
        assert run_client(4, lambda client: _in_turn(client, urls)) == [200] * 4
    assert len(seen_first.ports) == len(seen_second.ports) == 2
    assert len(set(seen_first.ports)) == len(set(seen_second.ports)) == 1


async def _in_turn(client: httpx.AsyncClient, urls: list[str]) -> list[int]:
    return [await get(client, url) for url in urls]


async def _collect(client: httpx.AsyncClient, url: str, statuses: list[int]) -> None:
    statuses.append(await get(client, url))


def test_no_more_connections_stay_idle_than_the_pool_allows_the_origin_left_longest_losing_its_own() -> None:
    with server(host="127.0.0.2") as (a, seen_a), server(host="127.0.0.3") as (b, seen_b), server(host="127.0.0.4") as (c, seen_c):
        urls = [a + "/1", b + "/1", a + "/2", c + "/1", a + "/3", b + "/2"]
        assert run_client(2, lambda client: _in_turn(client, urls)) == [200] * 6
    assert len(set(seen_a.ports)) == 1  # reused: b's went when c's came
    assert len(set(seen_b.ports)) == 2 and len(set(seen_c.ports)) == 1


def test_an_origins_connection_idle_past_its_keep_alive_is_closed_when_another_is_given_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The pool reads its keep-alive's clock as time.monotonic(): here the test moves that clock on
    # a second after each request, so the idle connection outlives its 5 s and the one reused
    # never does, with no waiting (httpcore's own 5 s, on the real clock, never pass).
    seconds_passed = [0.0]
    monkeypatch.setattr(client_module, "time", SimpleNamespace(monotonic=lambda: time.monotonic() + seconds_passed[0]))
    gate = Gate()
    closed_before_the_end: list[int] = []

    async def job(client: httpx.AsyncClient) -> list[int]:
        statuses: list[int] = []
        async with trio.open_nursery() as nursery:
            for n in range(2):
                nursery.start_soon(_collect, client, f"{base}/{n}", statuses)
            await waiting_at(gate, 2)  # the two at once overlap: two connections
            gate.open()
        for n in range(8):  # one of the two reused, again and again; the other left idle
            statuses.append(await get(client, f"{base}/again{n}"))
            seconds_passed[0] += 1.0
        await closed_by_the_server(seen, 1, within=5)  # none would be, were it kept: a failure below
        closed_before_the_end.extend(seen.closed)
        return statuses

    with server(gate=gate) as (base, seen):
        assert run_client(4, job, keepalive_expiry=5.0) == [200] * 10
    reused = set(seen.ports[2:])
    assert len(reused) == 1
    assert closed_before_the_end == list(set(seen.ports[:2]) - reused)
