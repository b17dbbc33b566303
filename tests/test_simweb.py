"""The simulated web answers every behaviour as its module docstring documents.

Plain httpx clients, no checker: these tests pin the server down so that the checker's tests can
trust it.
"""

from __future__ import annotations

import contextlib
import email.utils
import errno
import re
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator

import h11
import httpx
import pytest
import trio

from linkaudit.testing import simweb
from linkaudit.testing.gates import Gate
from linkaudit.testing.simweb import (
    GZIP_BOMB_INFLATED_BYTES,
    HUGE_DEFAULT_MIB,
    SHORT_BODY_DECLARED,
    SHORT_BODY_SENT,
    HostSpec,
    SimulatedWeb,
    loopback_hosts,
)

PLAIN, SOFT, TLS, LIMITED, LAGGY = loopback_hosts(5, first="127.0.0.12")
LAG = 0.05


@pytest.fixture(scope="module")
def running_web() -> Iterator[SimulatedWeb]:
    # One web for the module (its TLS host's certificates cost more than most tests here): every
    # stateful path below is used by one test only, and each test starts from an idle web and
    # zeroed counts. Tests of the web's own start and close make webs of their own.
    hosts = {
        PLAIN: HostSpec(),
        SOFT: HostSpec(soft404=True),
        TLS: HostSpec(tls=True),
        LIMITED: HostSpec(max_concurrent=2),
        LAGGY: HostSpec(latency=LAG),
    }
    with SimulatedWeb(hosts, hang_limit=30) as running:
        yield running


@pytest.fixture
def web(running_web: SimulatedWeb) -> SimulatedWeb:
    running_web.settle()
    return running_web


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    # Plain HTTP only: verify=False spares loading a trust store (about 50 ms of CPU) a test.
    with httpx.Client(timeout=5, trust_env=False, verify=False) as plain:
        yield plain


def title_of(response: httpx.Response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.text)
    assert match is not None, f"no <title> in {response.text[:200]!r}"
    return match.group(1)


# --------------------------------------------------------------------------- plain answers


def test_ok_page_is_html_with_a_title(web: SimulatedWeb, client: httpx.Client) -> None:
    response = client.get(web.url(PLAIN, "/ok/annual-report"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/ok/annual-report" in title_of(response)


def test_pages_have_unique_titles_per_path(web: SimulatedWeb, client: httpx.Client) -> None:
    titles = {title_of(client.get(web.url(PLAIN, f"/page/{n}"))) for n in range(5)}
    assert len(titles) == 5


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_single_redirects_point_at_the_landing_page(web: SimulatedWeb, client: httpx.Client, code: int) -> None:
    response = client.get(web.url(PLAIN, f"/redirect/{code}"))
    assert response.status_code == code
    assert response.headers["location"] == simweb.DEFAULT_REDIRECT_TARGET
    assert client.get(web.url(PLAIN, response.headers["location"])).status_code == 200


def test_redirect_target_can_be_another_host(web: SimulatedWeb, client: httpx.Client) -> None:
    elsewhere = web.url(SOFT, "/ok/moved-here")
    response = client.get(web.url(PLAIN, "/redirect/301"), params={"to": elsewhere}, follow_redirects=True)
    assert response.status_code == 200
    assert str(response.url) == elsewhere


def test_chain_of_n_takes_n_hops_and_keeps_the_suffix(web: SimulatedWeb, client: httpx.Client) -> None:
    response = client.get(web.url(PLAIN, "/chain/3/story"), follow_redirects=True)
    assert response.status_code == 200
    assert [hop.status_code for hop in response.history] == [301, 301, 301]
    assert response.url.path == "/chain/0/story"


def test_loop_never_ends(web: SimulatedWeb) -> None:
    with httpx.Client(timeout=5, max_redirects=6, trust_env=False) as client, pytest.raises(httpx.TooManyRedirects):
        client.get(web.url(PLAIN, "/loop/a/x"), follow_redirects=True)
    assert web.stats.requests(PLAIN, "/loop/a/x") >= 3
    assert web.stats.requests(PLAIN, "/loop/b/x") >= 3


def test_deep_link_redirects_to_the_site_root(web: SimulatedWeb, client: httpx.Client) -> None:
    response = client.get(web.url(PLAIN, "/to-home/2019/story"))
    assert (response.status_code, response.headers["location"]) == (301, "/")


def test_login_redirect_lands_on_a_sign_in_page(web: SimulatedWeb, client: httpx.Client) -> None:
    response = client.get(web.url(PLAIN, "/to-login/report"), follow_redirects=True)
    assert response.status_code == 200
    assert response.url.path == "/login"
    assert response.url.params["next"] == "/to-login/report"
    assert title_of(response) == "Sign in"


def test_error_page_with_status_200(web: SimulatedWeb, client: httpx.Client) -> None:
    response = client.get(web.url(PLAIN, "/says-not-found/x"))
    assert response.status_code == 200
    assert title_of(response) == "Page not found"


@pytest.mark.parametrize("code", [404, 405])
def test_head_refused_but_get_works(web: SimulatedWeb, client: httpx.Client, code: int) -> None:
    assert client.head(web.url(PLAIN, f"/head-{code}")).status_code == code
    assert client.get(web.url(PLAIN, f"/head-{code}")).status_code == 200


@pytest.mark.parametrize("code", [401, 403, 404, 410, 451, 500, 502, 999])
def test_status_path_always_answers_its_code(web: SimulatedWeb, client: httpx.Client, code: int) -> None:
    for _ in range(2):
        response = client.get(web.url(PLAIN, f"/status/{code}"))
        assert response.status_code == code
        assert str(code) in title_of(response)


def test_status_path_can_carry_retry_after(web: SimulatedWeb, client: httpx.Client) -> None:
    response = client.get(web.url(PLAIN, "/status/429"), params={"retry_after": "7"})
    assert (response.status_code, response.headers["retry-after"]) == (429, "7")


def test_unknown_path_is_404_on_a_plain_host(web: SimulatedWeb, client: httpx.Client) -> None:
    assert client.get(web.url(PLAIN, "/no/such/page")).status_code == 404


def test_challenge_looks_like_cloudflare(web: SimulatedWeb, client: httpx.Client) -> None:
    response = client.get(web.url(PLAIN, "/challenge"))
    assert response.status_code == 403
    assert response.headers["cf-mitigated"] == "challenge"
    assert title_of(response) == "Just a moment..."


# --------------------------------------------------------------------------- state per path


def test_retry_after_seconds_then_200(web: SimulatedWeb, client: httpx.Client) -> None:
    first = client.get(web.url(PLAIN, "/retry-after/3/a"))
    assert (first.status_code, first.headers["retry-after"]) == (429, "3")
    assert client.get(web.url(PLAIN, "/retry-after/3/a")).status_code == 200
    assert client.get(web.url(PLAIN, "/retry-after/3/b")).status_code == 429  # state is per path


def test_retry_after_http_date_then_200(web: SimulatedWeb, client: httpx.Client) -> None:
    before = time.time()
    first = client.get(web.url(PLAIN, "/retry-after-date/30"))
    after = time.time()
    assert first.status_code == 429
    when = email.utils.parsedate_to_datetime(first.headers["retry-after"]).timestamp()
    assert before + 29 < when <= after + 30  # 30 s after the server's clock read, in whole seconds
    assert client.get(web.url(PLAIN, "/retry-after-date/30")).status_code == 200


def test_flaky_path_fails_n_times_then_answers(web: SimulatedWeb, client: httpx.Client) -> None:
    url = web.url(PLAIN, "/flaky/503/2/x")
    assert [client.get(url).status_code for _ in range(4)] == [503, 503, 200, 200]


def test_state_is_per_host(web: SimulatedWeb, client: httpx.Client) -> None:
    assert client.get(web.url(PLAIN, "/flaky/503/1")).status_code == 503
    assert client.get(web.url(SOFT, "/flaky/503/1")).status_code == 503


# --------------------------------------------------------------------------- soft-404 host


def test_soft404_host_answers_any_path_with_one_generic_page(web: SimulatedWeb, client: httpx.Client) -> None:
    random_paths = ["/x7f3k2", "/news/2019/03/gone-story", "/deep/link/that/never/was"]
    answers = [client.get(web.url(SOFT, path)) for path in random_paths]
    assert {response.status_code for response in answers} == {200}
    assert len({response.content for response in answers}) == 1
    assert client.get(web.url(SOFT, "/")).content == answers[0].content


def test_soft404_host_still_serves_real_pages(web: SimulatedWeb, client: httpx.Client) -> None:
    generic = client.get(web.url(SOFT, "/nowhere")).content
    real = client.get(web.url(SOFT, "/ok/real-article"))
    assert real.status_code == 200
    assert real.content != generic


# --------------------------------------------------------------------------- hostile answers


# A hang never answers: a client's timeout of a twentieth of a second shows it as well as any.
GIVE_UP = 0.05


def test_hang_never_answers(web: SimulatedWeb) -> None:
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(web.url(PLAIN, "/hang"), timeout=GIVE_UP, trust_env=False, verify=False)


def test_a_hang_the_client_gave_up_on_is_no_longer_in_flight(web: SimulatedWeb) -> None:
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(web.url(PLAIN, "/hang/given-up"), timeout=GIVE_UP, trust_env=False, verify=False)
    # The server notices the closed connection as it is closed (its poll only looks for closing).
    assert web.stats.wait_until_idle(PLAIN)


def test_settling_waits_for_an_abandoned_hang_then_zeroes_the_counts(web: SimulatedWeb) -> None:
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(web.url(PLAIN, "/hang/settled"), timeout=GIVE_UP, trust_env=False, verify=False)
    web.settle()
    assert web.stats.host(PLAIN).in_flight == 0
    assert web.stats.total_requests == 0 and web.stats.requests(PLAIN, "/hang/settled") == 0


def test_slow_answers_after_its_delay(web: SimulatedWeb, client: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.monotonic()
    assert client.get(web.url(PLAIN, "/slow/0.05/x")).status_code == 200
    assert time.monotonic() - started >= 0.05
    monkeypatch.setattr(simweb, "SLOW_DEFAULT_SECONDS", 0.02)  # the default is read as each answer is made
    started = time.monotonic()
    assert client.get(web.url(PLAIN, "/slow")).status_code == 200
    assert time.monotonic() - started >= simweb.SLOW_DEFAULT_SECONDS


def test_held_answers_once_its_gate_opens_and_the_gate_stays_open(web: SimulatedWeb, client: httpx.Client) -> None:
    gate = web.gates["alone"]
    answers: list[httpx.Response] = []
    url = web.url(PLAIN, "/held/alone/1")
    asking = threading.Thread(target=lambda: answers.append(httpx.get(url, timeout=30, trust_env=False)))
    asking.start()
    assert gate.wait_for_waiting(1)  # held, not answered
    gate.open()
    asking.join(30)
    assert answers[0].status_code == 200 and gate.waiting == 0
    assert client.get(web.url(PLAIN, "/held/alone/2")).status_code == 200  # at once: the gate stays open


def test_closing_the_web_lets_every_held_request_go_unanswered() -> None:
    outcome: list[BaseException] = []
    with SimulatedWeb([PLAIN]) as own_web:

        def ask() -> None:
            try:
                httpx.get(own_web.url(PLAIN, "/held/never-opened"), timeout=30, trust_env=False)
            except httpx.HTTPError as exc:
                outcome.append(exc)

        asking = threading.Thread(target=ask)
        asking.start()
        assert own_web.gates["never-opened"].wait_for_waiting(1)
    asking.join(30)
    assert isinstance(outcome[0], httpx.RemoteProtocolError)  # disconnected, never answered


def test_reset_resets_the_connection(web: SimulatedWeb, client: httpx.Client) -> None:
    with pytest.raises(httpx.ReadError, match="reset"):
        client.get(web.url(PLAIN, "/reset"))


def test_huge_body_is_streamed_not_stored(web: SimulatedWeb, client: httpx.Client) -> None:
    head = client.head(web.url(PLAIN, "/huge"))
    assert int(head.headers["content-length"]) == HUGE_DEFAULT_MIB * 1024 * 1024
    before = web.stats.host(PLAIN).bytes_sent
    received = 0
    with client.stream("GET", web.url(PLAIN, "/huge")) as response:
        for chunk in response.iter_raw():
            received += len(chunk)
            if received >= 256 * 1024:
                break
    assert web.stats.wait_until_idle(PLAIN)  # the server has stopped writing
    sent = web.stats.host(PLAIN).bytes_sent - before
    # What the socket buffers swallowed, no more: the server stops when the reader goes.
    assert received <= sent < 16 * 1024 * 1024


def test_huge_body_size_is_configurable_and_exact(web: SimulatedWeb, client: httpx.Client) -> None:
    response = client.get(web.url(PLAIN, "/huge/2"))
    assert len(response.content) == 2 * 1024 * 1024
    assert title_of(response) == "A very long page"


def test_gzip_bomb_is_small_on_the_wire_and_huge_inflated(web: SimulatedWeb, client: httpx.Client) -> None:
    # Built once a process, on first use: built here, not while the client's read timeout runs, so
    # a busy machine cannot turn the build into a timeout.
    simweb.gzip_bomb()
    with client.stream("GET", web.url(PLAIN, "/gzip-bomb")) as response:
        assert response.headers["content-encoding"] == "gzip"
        wire = b"".join(response.iter_raw())
    assert len(wire) < 2 * 1024 * 1024
    declared_size = struct.unpack("<I", wire[-4:])[0]
    assert declared_size == GZIP_BOMB_INFLATED_BYTES & 0xFFFFFFFF
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    prefix = inflater.decompress(wire[:65536], 8 * 1024 * 1024)  # bounded, as a careful client would
    assert len(prefix) == 8 * 1024 * 1024
    assert prefix.count(0) == len(prefix)


def test_gzip_bomb_is_a_valid_gzip_stream() -> None:
    # Five blocks (binary 101): the checksum of the repeated blocks is composed by squaring, and
    # zlib checks it, with the size, against the stream's trailer.
    small = simweb.build_gzip_bomb(5 * 1024 * 1024, prefix=b"<title>Bomb</title>")
    assert zlib.decompress(small, 16 + zlib.MAX_WBITS) == b"<title>Bomb</title>" + bytes(5 * 1024 * 1024)


def test_short_body_declares_more_than_it_sends(web: SimulatedWeb, client: httpx.Client) -> None:
    expected = f"received {SHORT_BODY_SENT} bytes, expected {SHORT_BODY_DECLARED}"
    with pytest.raises(httpx.RemoteProtocolError, match=expected):
        client.get(web.url(PLAIN, "/short-body"))


# --------------------------------------------------------------------------- TLS


def test_tls_host_uses_https_on_the_shared_port(web: SimulatedWeb) -> None:
    assert web.url(TLS, "/ok") == f"https://{TLS}:{web.port}/ok"
    assert web.url(PLAIN, "/ok") == f"http://{PLAIN}:{web.port}/ok"


def test_tls_certificate_is_not_trusted_by_default(web: SimulatedWeb) -> None:
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(web.url(TLS, "/ok"), timeout=5, trust_env=False)


def test_tls_works_for_a_client_that_trusts_the_private_ca(web: SimulatedWeb) -> None:
    response = httpx.get(web.url(TLS, "/ok/secure"), verify=web.client_ssl_context(), timeout=5, trust_env=False)
    assert response.status_code == 200
    assert "/ok/secure" in title_of(response)


def test_no_tls_context_without_a_tls_host() -> None:
    with SimulatedWeb([PLAIN]) as plain_web, pytest.raises(ValueError, match="TLS"):
        plain_web.client_ssl_context()


# --------------------------------------------------------------------------- hosts


def test_distinct_addresses_are_distinct_hosts(web: SimulatedWeb, client: httpx.Client) -> None:
    plain_home = client.get(web.url(PLAIN, "/"))
    limited_home = client.get(web.url(LIMITED, "/"))
    assert PLAIN in title_of(plain_home) and LIMITED in title_of(limited_home)
    assert web.stats.host(PLAIN).requests == 1
    assert web.stats.host(LIMITED).requests == 1
    assert web.stats.host(SOFT).requests == 0


def test_latency_is_per_host(web: SimulatedWeb, client: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    paused: list[float] = []
    real_pause = web.pause

    def pause(seconds: float) -> bool:
        paused.append(seconds)
        return real_pause(seconds)

    monkeypatch.setattr(web, "pause", pause)
    started = time.monotonic()
    client.get(web.url(LAGGY, "/page/1"))
    assert time.monotonic() - started >= LAG
    client.get(web.url(PLAIN, "/page/1"))
    # What each host waited, as the server saw it: no wall-clock upper bound for the plain host.
    assert paused == [LAG, 0.0]


def test_unknown_host_has_no_url(web: SimulatedWeb) -> None:
    with pytest.raises(ValueError, match="not a host"):
        web.url("127.0.0.99", "/ok")


def test_hosts_must_be_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        SimulatedWeb(["10.1.2.3"])
    with pytest.raises(ValueError, match="loopback"):
        SimulatedWeb(["example.org"])


def test_loopback_hosts_counts_on_past_a_byte_boundary() -> None:
    assert loopback_hosts(3) == ["127.0.0.2", "127.0.0.3", "127.0.0.4"]
    assert loopback_hosts(2, first="127.0.0.255") == ["127.0.0.255", "127.0.1.0"]


def test_host_spec_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        HostSpec(latency=-1)
    with pytest.raises(ValueError):
        HostSpec(max_concurrent=0)


# --------------------------------------------------------------------------- concurrency


async def _fetch_all(urls: list[str], connections_per_host: int, each: trio.MemorySendChannel[int] | None = None) -> list[int]:
    """GET every URL at once, one keep-alive client per host; each status is also sent to ``each``
    as it comes.

    One client per host because httpcore's pool rescans every queued request against every
    connection on each change: with ~128 connections in one pool the client, not the server,
    would be what is measured.
    """
    # An idle connection is kept however long a busy machine leaves it idle (httpx drops it after 5 s).
    limits = httpx.Limits(
        max_connections=connections_per_host, max_keepalive_connections=connections_per_host, keepalive_expiry=None
    )
    statuses: list[int] = []
    async with contextlib.AsyncExitStack() as stack:
        clients: dict[str, httpx.AsyncClient] = {}
        for url in urls:
            host = httpx.URL(url).host
            if host not in clients:
                clients[host] = await stack.enter_async_context(
                    httpx.AsyncClient(limits=limits, timeout=60, trust_env=False, verify=False)  # plain HTTP
                )

        async def fetch(url: str) -> None:
            statuses.append((await clients[httpx.URL(url).host].get(url)).status_code)
            if each is not None:
                await each.send(statuses[-1])

        async with trio.open_nursery() as nursery:
            for url in urls:
                nursery.start_soon(fetch, url)
    return statuses


@contextlib.contextmanager
def opened_in_the_end(gate: Gate) -> Iterator[Gate]:
    """``gate``, opened when the block ends however it ends: a failing test holds nothing back."""
    try:
        yield gate
    finally:
        gate.open()


async def _waiting_at(gate: Gate, count: int) -> None:
    assert await trio.to_thread.run_sync(gate.wait_for_waiting, count), f"{count} never waited at the gate"


@pytest.mark.anyio
async def test_limited_host_answers_429_beyond_its_limit(web: SimulatedWeb) -> None:
    # The first two requests are held until the other four have their answers: all six were under
    # way at once, however slowly a busy machine got them there.
    urls = [web.url(LIMITED, f"/held/over-limit/{n}") for n in range(6)]
    send, receive = trio.open_memory_channel[int](len(urls))
    with opened_in_the_end(web.gates["over-limit"]) as gate, trio.fail_after(30):  # a failure's bound
        async with trio.open_nursery() as nursery:
            nursery.start_soon(_fetch_all, urls, 6, send)
            refused = [await receive.receive() for _ in range(4)]
            await _waiting_at(gate, 2)
            gate.open()
            admitted = [await receive.receive() for _ in range(2)]
    stats = web.stats.host(LIMITED)
    assert refused == [429] * 4 and admitted == [200] * 2
    assert stats.over_limit == stats.sent_429 == 4
    # Rejected requests count while they are answered, so the host saw more than its limit.
    assert 3 <= stats.max_in_flight <= 6


@pytest.mark.anyio
async def test_limited_host_is_happy_within_its_limit(web: SimulatedWeb) -> None:
    # The first two are held until both are there: the host has its limit in flight at once.
    urls = [web.url(LIMITED, f"/held/within-limit/{n}") for n in range(8)]
    with opened_in_the_end(web.gates["within-limit"]) as gate:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(_fetch_all, urls, 2)
            await _waiting_at(gate, 2)
            gate.open()
    assert web.stats.host(LIMITED).statuses == {200: 8}
    assert web.stats.host(LIMITED).max_in_flight == 2
    assert web.stats.host(LIMITED).over_limit == 0


async def _get_in_turn_on_one_connection(host: str, port: int, paths: list[str], statuses: list[int]) -> None:
    """GET each path in turn over one keep-alive connection, with h11 on a bare trio stream: a client
    that costs little beside the server, whose threads are what is measured."""
    connection = h11.Connection(h11.CLIENT)
    async with await trio.open_tcp_stream(host, port) as stream:
        for path in paths:
            request = h11.Request(method="GET", target=path, headers=[("Host", f"{host}:{port}")])
            await stream.send_all(connection.send(request) + connection.send(h11.EndOfMessage()))
            while not isinstance(event := connection.next_event(), h11.EndOfMessage):
                if event is h11.NEED_DATA:
                    connection.receive_data(await stream.receive_some(65536))
                elif isinstance(event, h11.Response):
                    statuses.append(event.status_code)
            connection.start_next_cycle()


@pytest.mark.anyio
async def test_sustains_128_concurrent_keepalive_connections() -> None:
    hosts = loopback_hosts(8, first="127.0.0.40")
    with SimulatedWeb(hosts) as big_web:
        statuses: list[int] = []
        # Each connection's first request is held until all 128 are: every connection busy at once,
        # however long a busy machine takes to open them.
        with opened_in_the_end(big_web.gates["all"]) as gate:
            async with trio.open_nursery() as nursery:
                for host in hosts:
                    for n in range(16):  # 16 connections a host, 2 requests on each
                        paths = [f"/held/all/{n}", f"/page/{n}"]
                        nursery.start_soon(_get_in_turn_on_one_connection, host, big_web.port, paths, statuses)
                await _waiting_at(gate, 128)
                gate.open()
        stats = big_web.stats.hosts()
    assert statuses == [200] * 32 * len(hosts)
    assert all(host.max_in_flight == 16 for host in stats.values())
    assert sum(host.connections for host in stats.values()) == 128  # each kept alive for its second request


# --------------------------------------------------------------------------- statistics


def test_stats_count_per_host_method_and_path(web: SimulatedWeb, client: httpx.Client) -> None:
    client.head(web.url(PLAIN, "/ok/a"))
    client.get(web.url(PLAIN, "/ok/a"))
    client.get(web.url(PLAIN, "/ok/a?x=1"))
    client.get(web.url(PLAIN, "/status/404"))
    assert web.stats.requests(PLAIN, "/ok/a") == 3
    assert web.stats.requests(PLAIN, "/ok/a", method="GET") == 2
    assert web.stats.requests(PLAIN, "/ok/a", method="HEAD") == 1
    assert web.stats.by_path()[(PLAIN, "GET", "/status/404")] == 1
    host = web.stats.host(PLAIN)
    assert host.requests == 4 == web.stats.total_requests
    assert dict(host.statuses) == {200: 3, 404: 1}
    assert host.connections == 1  # keep-alive: one connection for all four
    web.stats.reset()
    assert web.stats.total_requests == 0
    assert web.stats.requests(PLAIN, "/ok/a") == 0


# --------------------------------------------------------------------------- lifecycle


def test_close_is_bounded_frees_the_port_and_stops_every_thread() -> None:
    others = set(threading.enumerate())  # the module's shared web keeps serving meanwhile
    web = SimulatedWeb([PLAIN, SOFT])
    outcome: list[BaseException] = []

    def hang_forever() -> None:
        try:
            httpx.get(web.url(PLAIN, "/hang"), timeout=30, trust_env=False, verify=False)
        except httpx.HTTPError as exc:
            outcome.append(exc)

    hanging = threading.Thread(target=hang_forever)
    hanging.start()
    deadline = time.monotonic() + 5
    while web.stats.host(PLAIN).in_flight == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert web.stats.host(PLAIN).in_flight == 1

    web.close()  # wakes the hanging answer: every thread below has ended, none waited out the timeout
    hanging.join(5)
    assert not hanging.is_alive()
    assert isinstance(outcome[0], httpx.RemoteProtocolError)  # disconnected, never answered
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("simweb") and thread not in others]
    for host in (PLAIN, SOFT):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, web.port))
            probe.listen()
    web.close()  # twice is harmless


def test_refuses_connections_after_close() -> None:
    with SimulatedWeb([PLAIN]) as web:
        url = web.url(PLAIN, "/ok")
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2, trust_env=False, verify=False)


def test_a_requested_port_taken_elsewhere_is_an_error() -> None:
    with socket.socket() as squatter:
        squatter.bind((SOFT, 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        with pytest.raises(OSError) as caught:
            SimulatedWeb([PLAIN, SOFT], port=port)
    assert caught.value.errno == errno.EADDRINUSE


def test_a_clash_on_a_picked_port_picks_another(monkeypatch: pytest.MonkeyPatch) -> None:
    real_listen = simweb._listen
    clashes = iter([True])

    def clash_once(host: str, port: int) -> socket.socket:
        if host == SOFT and next(clashes, False):
            raise OSError(errno.EADDRINUSE, "taken")
        return real_listen(host, port)

    monkeypatch.setattr(simweb, "_listen", clash_once)
    with SimulatedWeb([PLAIN, SOFT]) as web:
        assert httpx.get(web.url(SOFT, "/ok"), timeout=5, trust_env=False, verify=False).status_code == 200
