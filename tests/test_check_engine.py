"""The checker's mechanics: limits, retries, deadlines, dedupe, caps, the guard, classification.

Every network test talks to a real HTTP server on a loopback address, started and stopped here.
Behaviour-by-behaviour verdicts against the simulated web live in test_check_behaviours.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import gzip
import http.server
import string
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
import pytest
import trio
import trio.testing
from hypothesis import given
from hypothesis import strategies as st

from linkaudit.check import check_urls, check_urls_sync, normalise_url
from linkaudit.check.classify import challenge_reason, classify_status, extract_title
from linkaudit.check.client import GuardedTransport
from linkaudit.check.guard import GuardedBackend, forbidden_reason
from linkaudit.check.hosts import REGROW_EVERY, HostPolicy, parse_retry_after
from linkaudit.check import softfour
from linkaudit.check.softfour import error_page_reason, fingerprint, page_looks_like_probe, redirect_target_reason, same_page
from linkaudit.check.urls import exclusion_reason, remap_url
from linkaudit.errors import NetworkUnavailable
from linkaudit.models import CheckHistory, CheckResult, LinkStatus
from linkaudit.options import CheckOptions
from linkaudit.testing.serving import stop_serving
from linkaudit.testing.simweb import build_gzip_bomb

# The back-off's own timing is tested on trio's clock (test_check_mock.py): here it only adds waiting.
FAST = CheckOptions(allow_private=True, timeout=2.0, url_deadline=10.0, backoff_base=0.001)
# How often a test server looks for its shutdown: stopping one waits up to that long, once
# for each of the many servers started here.
SHUTDOWN_POLL = 0.01

# --- a small real server --------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b"<html><head><title>A real page</title></head><body>Real content.</body></html>"
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    delay: float = 0.0


Route = Callable[[str, int], Reply]  # (path, how many times this path was requested before) -> Reply


@dataclass
class ServerLog:
    paths: list[str] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    in_flight: int = 0
    peak_in_flight: int = 0
    lock: threading.Condition = field(default_factory=threading.Condition)  # notified as each request comes

    def count(self, path: str) -> int:
        return self.paths.count(path)

    def wait_for_count(self, path: str, count: int, within: float = 10.0) -> bool:
        """Until ``path`` was requested ``count`` times; False after ``within`` seconds (a failure's
        bound). A request a client gave up on may reach the server's thread after the client is done."""
        with self.lock:
            return self.lock.wait_for(lambda: self.count(path) >= count, within)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 drops connections under load


@contextmanager
def serve(route: Route, host: str = "127.0.0.2", *, catch_all: bool = False) -> Iterator[tuple[str, ServerLog]]:
    """A threaded HTTP/1.1 server on ``host`` answering with ``route``; yields (base URL, log).

    Like a well-run site it answers 404 to the checker's nonexistent-path probe, unless
    ``catch_all`` hands every path, the probe included, to ``route``.
    """
    log = ServerLog()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Head and body go in separate writes: with Nagle's algorithm the body would wait for the
        # client's delayed acknowledgement of the head (40 ms on Linux), on every answer.
        disable_nagle_algorithm = True

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            with log.lock:
                seen = log.count(self.path)
                log.paths.append(self.path)
                log.headers.append(dict(self.headers))
                log.times.append(time.monotonic())
                log.in_flight += 1
                log.peak_in_flight = max(log.peak_in_flight, log.in_flight)
                log.lock.notify_all()
            try:
                if self.path.startswith(PROBE_PREFIX) and not catch_all:
                    reply = Reply(404, b"<title>Not Found</title>")
                else:
                    reply = route(self.path, seen)
                time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                with log.lock:
                    log.in_flight -= 1

    server = _Server((host, 0), Handler)
    with running(server):
        yield f"http://{host}:{server.server_port}", log


@contextmanager
def running(server: http.server.ThreadingHTTPServer) -> Iterator[None]:
    """``server`` serving on a thread of its own until the block ends, then stopped and closed."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL}, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop_serving(server)
        server.server_close()
        thread.join(timeout=5)


PROBE_PREFIX = "/linkaudit-probe-"


def always(reply: Reply) -> Route:
    return lambda _path, _seen: reply


# --- normalisation, remap, include/exclude -----------------------------------------------------


@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        ("HTTP://Example.COM:80/a/./b/../c?x=1#frag", "http://example.com/a/c?x=1"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com:443/%7euser/%2f", "https://example.com/~user/%2F"),
        ("https://example.com:8443/p", "https://example.com:8443/p"),
        ("https://example.com./p?b=2&a=1", "https://example.com/p?b=2&a=1"),
        ("  https://[::1]:80/x ", "https://[::1]:80/x"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),
    ],
)
def test_normalise_url_makes_only_changes_that_cannot_change_the_answer(given_url: str, expected: str) -> None:
    assert normalise_url(given_url) == expected


_url_parts = st.text(alphabet="abcXYZ019-._~%/?=&#:", max_size=30)


# Hosts of the shape [a-z][a-z0-9-]{0,10}.(com|org), built from their parts: drawing them from that
# regular expression took most of the test's time.
_hosts = st.builds(
    "{}{}.{}".format,
    st.sampled_from(string.ascii_lowercase),
    st.text(string.ascii_lowercase + string.digits + "-", max_size=10),
    st.sampled_from(["com", "org"]),
)


@given(host=_hosts, rest=_url_parts)
def test_normalise_url_is_idempotent(host: str, rest: str) -> None:
    once = normalise_url(f"https://{host}/{rest}")
    assert normalise_url(once) == once


def test_remap_rewrites_in_order_and_exclusion_reports_why() -> None:
    remap = (("^https://www\\.example\\.org/", "http://127.0.0.9:81/"), ("/old/", "/new/"))
    assert remap_url("https://www.example.org/old/page", remap) == "http://127.0.0.9:81/new/page"
    assert exclusion_reason("ftp://example.org/f", (), ()) == ("scheme", "scheme 'ftp' is not checked")
    assert exclusion_reason("https://a.org/x", ("b\\.org",), ())[0] == "excluded"  # type: ignore[index]
    assert exclusion_reason("https://a.org/x", (), ("a\\.org",))[0] == "excluded"  # type: ignore[index]
    assert exclusion_reason("https://a.org/x", ("a\\.org",), ()) is None


def test_each_normalised_url_is_requested_once_and_every_given_url_gets_a_result() -> None:
    with serve(always(Reply())) as (base, log):
        given_urls = [f"{base}/page", f"{base}/page#intro", f"{base}/./page", f"{base}/page", f"{base}/other"]
        results = check_urls_sync(given_urls, FAST)
    assert set(results) == set(given_urls)
    assert results[given_urls[0]] is results[given_urls[1]] is results[given_urls[2]]
    assert log.count("/page") == 1 and log.count("/other") == 1
    assert all(result.status is LinkStatus.ALIVE for result in results.values())


def test_remapped_url_is_requested_but_the_result_keeps_the_cited_url() -> None:
    with serve(always(Reply())) as (base, log):
        cited = "https://www.example.org/report.html"
        settings = CheckOptions(allow_private=True, remap=(("^https://www\\.example\\.org", base),))
        results = check_urls_sync([cited], settings)
    assert list(results) == [cited]
    assert results[cited].url == normalise_url(cited)
    assert results[cited].status is LinkStatus.ALIVE
    assert log.paths[0] == "/report.html"


def test_user_agent_and_extra_headers_are_sent_but_never_kept_in_results() -> None:
    secret = "s3cr3t-token-value"
    with serve(always(Reply())) as (base, log):
        host = httpx.URL(base).host
        settings = CheckOptions(allow_private=True, user_agent="linkaudit-test/1", headers=((f"{host}=X-Token", secret),))
        result = check_urls_sync([f"{base}/a"], settings)[f"{base}/a"]
    assert log.headers[0]["User-Agent"] == "linkaudit-test/1"
    assert log.headers[0]["X-Token"] == secret
    assert secret not in repr(result)


# --- per-host limit, Retry-After, fairness -------------------------------------------------------


def test_parse_retry_after_reads_seconds_and_http_dates() -> None:
    now = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    later = email.utils.format_datetime(now + dt.timedelta(seconds=30), usegmt=True)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(later, now=now) == 30.0
    assert parse_retry_after("not a date") is None
    assert parse_retry_after(None) is None


def test_host_policy_halves_on_throttling_and_grows_back_after_good_runs() -> None:
    async def scenario() -> None:
        policy = HostPolicy(ceiling=8)
        policy.record_answer(429, retry_after=None, cap=60)
        assert policy.limit == 4
        policy.record_answer(503, retry_after=5.0, cap=60)
        assert policy.limit == 2
        assert policy.paused_until - trio.current_time() == pytest.approx(5.0)
        for _ in range(2):
            policy.record_answer(200, retry_after=None, cap=60)
        assert policy.limit == 3
        for _ in range(100):
            policy.record_answer(200, retry_after=None, cap=60)
        assert policy.limit == 8  # grows back to where it started, never beyond
        policy.record_answer(429, retry_after=None, cap=60)
        policy.record_answer(429, retry_after=None, cap=60)
        policy.record_answer(429, retry_after=None, cap=60)
        policy.record_answer(429, retry_after=None, cap=60)
        assert policy.limit == 1  # never below one

    trio.run(scenario, clock=trio.testing.MockClock())  # a clock that stands still: the pause is exact


def test_a_reduced_limit_regrows_at_the_moment_it_is_due_whatever_the_rounding_of_the_clock() -> None:
    clock = trio.testing.MockClock()  # stands still: moved by hand

    async def scenario() -> None:
        policy = HostPolicy(ceiling=8)
        clock.jump(15.986269943714193)  # (this + 1) - this is 0.9999999999999982 in floating point
        policy.record_answer(503, retry_after=None, cap=60)
        assert policy.limit == 4
        clock.jump(REGROW_EVERY)  # the moment its regrowth was due, as trio's clock adds it up
        assert policy.limit == 4 and policy.has_room()
        assert policy.limit == 5
        next_regrowth = policy.next_regrowth()
        assert next_regrowth is not None and next_regrowth > trio.current_time()  # never due already

    trio.run(scenario, clock=clock)


def test_429_with_retry_after_pauses_the_host_then_succeeds() -> None:
    def route(path: str, seen: int) -> Reply:
        if path == "/limited" and seen == 0:
            return Reply(429, b"slow down", (("Retry-After", "0"),))
        return Reply()

    # The pause itself (30 s, or until an HTTP date) is timed on trio's clock in test_check_mock.py.
    with serve(route) as (base, log):
        result = check_urls_sync([f"{base}/limited"], FAST)[f"{base}/limited"]
    assert result.status is LinkStatus.ALIVE
    assert result.attempts == 2 == log.count("/limited")


def test_429_that_persists_is_blocked_never_dead() -> None:
    with serve(always(Reply(429, b"no", (("Retry-After", "0"),)))) as (base, log):
        result = check_urls_sync([f"{base}/x"], FAST)[f"{base}/x"]
    assert result.status is LinkStatus.BLOCKED
    assert result.attempts == FAST.retries + 1 == log.count("/x")


def test_retry_after_longer_than_the_deadline_ends_with_the_answer_at_hand() -> None:
    settings = CheckOptions(allow_private=True, url_deadline=2.0, backoff_base=0.001)
    with serve(always(Reply(503, b"busy", (("Retry-After", "30"),)))) as (base, log):
        result = check_urls_sync([f"{base}/x"], settings)[f"{base}/x"]
    assert result.status is LinkStatus.FAILING and result.http_status == 503
    assert log.count("/x") == 1


# --- retries, deadline --------------------------------------------------------------------------


def test_transient_502_is_retried_and_persistent_500_is_failing_after_one_try() -> None:
    def route(path: str, seen: int) -> Reply:
        if path == "/flaky":
            return Reply(502, b"bad gateway") if seen == 0 else Reply()
        return Reply(500, b"broken")

    with serve(route) as (base, log):
        results = check_urls_sync([f"{base}/flaky", f"{base}/broken"], FAST)
    assert results[f"{base}/flaky"].status is LinkStatus.ALIVE and results[f"{base}/flaky"].attempts == 2
    assert results[f"{base}/broken"].status is LinkStatus.FAILING and log.count("/broken") == 1


def test_503_is_retried_exactly_settings_retries_times() -> None:
    settings = CheckOptions(allow_private=True, retries=3, backoff_base=0.001)
    with serve(always(Reply(503, b"down"))) as (base, log):
        result = check_urls_sync([f"{base}/x"], settings)[f"{base}/x"]
    assert log.count("/x") == 4 == result.attempts
    assert result.status is LinkStatus.FAILING


# Limits, deadlines and when results arrive are timed on trio's clock (test_check_mock_hosts.py);
# httpx's read timeout is the transport's own, on a real socket.


def test_read_timeout_is_failing_with_kind_timeout_after_retries() -> None:
    # The page answers a second late: any timeout well below that shows it, and costs no more.
    settings = CheckOptions(allow_private=True, timeout=0.05, retries=1, backoff_base=0.001)
    with serve(always(Reply(delay=1.0))) as (base, log):
        result = check_urls_sync([f"{base}/slow"], settings)[f"{base}/slow"]
        assert log.wait_for_count("/slow", 2)
    assert result.status is LinkStatus.FAILING and result.error_kind == "timeout"
    assert result.attempts == 2 == log.count("/slow")


# --- redirects ------------------------------------------------------------------------------------


def test_redirect_chain_keeps_every_hop_and_detects_loops() -> None:
    def route(path: str, _seen: int) -> Reply:
        hops = {"/a": ("301", "/b"), "/b": ("308", "/c"), "/loop1": ("302", "/loop2"), "/loop2": ("302", "/loop1")}
        if path in hops:
            status, target = hops[path]
            return Reply(int(status), b"", (("Location", target),))
        return Reply()

    with serve(route) as (base, _):
        results = check_urls_sync([f"{base}/a", f"{base}/loop1"], FAST)
    moved = results[f"{base}/a"]
    assert moved.status is LinkStatus.REDIRECTED and moved.permanent_redirect
    assert [(hop.url, hop.status) for hop in moved.redirects] == [(f"{base}/a", 301), (f"{base}/b", 308)]
    assert moved.final_url == f"{base}/c"
    loop = results[f"{base}/loop1"]
    assert loop.status is LinkStatus.DEAD and loop.error_kind == "loop" and len(loop.redirects) == 2


def test_redirects_beyond_the_cap_are_not_followed() -> None:
    def route(path: str, _seen: int) -> Reply:
        step = int(path.rsplit("/", 1)[1])
        return Reply(302, b"", (("Location", f"/r/{step + 1}"),))

    with serve(route) as (base, log):
        result = check_urls_sync([f"{base}/r/0"], CheckOptions(allow_private=True, max_redirects=3))[f"{base}/r/0"]
    assert result.error_kind == "redirects" and result.status is LinkStatus.FAILING
    assert len(log.paths) == 4


# --- body caps ------------------------------------------------------------------------------------


def test_gzip_bomb_costs_at_most_max_body_bytes() -> None:
    bomb = build_gzip_bomb(64 << 20, prefix=b"<html><title>Bomb</title>")  # 64 MiB inflated: four times the bound below
    headers = (("Content-Type", "text/html"), ("Content-Encoding", "gzip"))
    with serve(always(Reply(body=bomb, headers=headers))) as (base, _):
        tracemalloc.start()
        try:
            result = check_urls_sync([f"{base}/bomb"], CheckOptions(allow_private=True, max_body_bytes=256 * 1024))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert result[f"{base}/bomb"].status is LinkStatus.ALIVE
    assert result[f"{base}/bomb"].title == "Bomb"
    assert peak < 16 << 20


def test_gzip_body_is_decoded_for_the_title() -> None:
    page = b"<html><title>Page not found</title><body>Sorry.</body></html>"
    headers = (("Content-Type", "text/html"), ("Content-Encoding", "gzip"))
    with serve(always(Reply(body=gzip.compress(page), headers=headers))) as (base, _):
        result = check_urls_sync([f"{base}/x"], FAST)[f"{base}/x"]
    assert result.status is LinkStatus.SOFT_404 and result.title == "Page not found"


def test_wrong_content_length_is_failing() -> None:
    class Liar(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # as for serve(): the short body is sent at once

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b"<html>short")
            self.close_connection = True

    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Liar)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL}, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.2:{server.server_port}/x"
        result = check_urls_sync([url], CheckOptions(allow_private=True, retries=0))[url]
    finally:
        server.shutdown()
        server.server_close()
    assert result.status is LinkStatus.FAILING and result.error_kind == "length"


# --- the private-address guard ------------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.4", "169.254.169.254", "::1", "fd00::1",
                "fe80::1", "0.0.0.0", "::", "224.0.0.1", "::ffff:10.0.0.1", "100.64.0.1"],
)
def test_guard_refuses_non_public_addresses(address: str) -> None:
    assert forbidden_reason(address) is not None


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_guard_allows_public_addresses(address: str) -> None:
    assert forbidden_reason(address) is None


def test_private_targets_are_skipped_after_resolution_and_never_contacted() -> None:
    with serve(always(Reply())) as (base, log):
        port = base.rsplit(":", 1)[1]
        urls = [f"{base}/x", f"http://localhost:{port}/y", "http://10.255.255.1/z", "http://[::1]:9/w",
                "http://169.254.169.254/latest/meta-data/"]
        results = check_urls_sync(urls, CheckOptions(timeout=1.0))
    assert log.paths == []
    for url in urls:
        assert results[url].status is LinkStatus.SKIPPED, url
        assert results[url].error_kind == "private"
    assert "loopback" in results[f"http://localhost:{port}/y"].reason


def test_guard_applies_to_every_redirect_hop() -> None:
    def only_127_0_0_2_is_public(address: str) -> str | None:
        return None if address == "127.0.0.2" else forbidden_reason(address)

    with serve(always(Reply()), "127.0.0.3") as (inner, inner_log):
        redirect = Reply(302, b"", (("Location", f"{inner}/secret"),))
        with serve(always(redirect), "127.0.0.2") as (outer, _):
            async def run() -> dict[str, CheckResult]:
                transport = GuardedTransport(
                    allow_private=False, max_connections=4,
                    backend=GuardedBackend(forbidden=only_127_0_0_2_is_public),
                )
                return await check_urls([f"{outer}/go"], CheckOptions(), transport=transport)

            result = trio.run(run)[f"{outer}/go"]
    assert inner_log.paths == []
    assert result.status is LinkStatus.SKIPPED and result.error_kind == "private"
    assert [hop.status for hop in result.redirects] == [302]


# --- network-down rule ---------------------------------------------------------------------------


@dataclass
class RecordingCache:
    """A duck-typed cache that only remembers what it was asked to record."""

    recorded: list[CheckResult] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def get_check(self, url: str, max_age: float) -> CheckResult | None:
        self.asked.append(url)
        return None

    def history(self, url: str) -> CheckHistory:
        return CheckHistory()

    def record_check(self, result: CheckResult) -> CheckHistory:
        self.recorded.append(result)
        return CheckHistory(checks=len(self.recorded))


def test_no_answer_from_three_unresolvable_hosts_means_network_unavailable_and_nothing_recorded() -> None:
    cache = RecordingCache()
    urls = [f"https://host-{n}.invalid/page" for n in range(3)]
    with pytest.raises(NetworkUnavailable):
        check_urls_sync(urls, CheckOptions(), cache=cache)
    assert cache.recorded == []


def test_unresolvable_hosts_are_dead_when_another_host_answered() -> None:
    cache = RecordingCache()
    with serve(always(Reply())) as (base, _):
        urls = [f"https://host-{n}.invalid/page" for n in range(3)] + [f"{base}/ok"]
        results = check_urls_sync(urls, FAST, cache=cache)
    assert [results[url].status for url in urls[:3]] == [LinkStatus.DEAD] * 3
    assert {results[url].error_kind for url in urls[:3]} == {"dns"}
    assert len(cache.recorded) == 4
    assert all(result.history.checks >= 1 for result in results.values())


def test_a_remapped_url_neither_reads_nor_writes_the_cache() -> None:
    cache = RecordingCache()
    with serve(always(Reply())) as (base, log):
        settings = dataclasses.replace(FAST, remap=(("^https://cited\\.example/", f"{base}/"),))
        results = check_urls_sync(["https://cited.example/page"], settings, cache=cache)
    assert results["https://cited.example/page"].status is LinkStatus.ALIVE
    assert cache.recorded == [] and cache.asked == []  # the mirror's answer is not the source's history


def test_a_redirect_seen_at_a_remapped_address_gives_no_advice_to_cite_that_address() -> None:
    def route(path: str, _seen: int) -> Reply:
        return Reply(301, b"", (("Location", "/new"),)) if path == "/old" else Reply()

    with serve(route) as (base, _):
        settings = dataclasses.replace(FAST, remap=(("^https://cited\\.example/", f"{base}/"),))
        result = check_urls_sync(["https://cited.example/old"], settings)["https://cited.example/old"]
    assert result.status is LinkStatus.REDIRECTED
    assert result.reason.endswith("at the remapped address") and "update the link" not in result.reason


def test_two_unresolvable_hosts_are_dead_when_a_reference_host_answers() -> None:
    with serve(always(Reply(status=404))) as (base, log):
        settings = dataclasses.replace(FAST, reference_urls=("https://nowhere.invalid/", f"{base}/"))
        cache = RecordingCache()
        results = check_urls_sync(["https://a.invalid/", "https://b.invalid/x"], settings, cache=cache)
    assert {result.status for result in results.values()} == {LinkStatus.DEAD}
    assert log.paths == ["/"]  # any status, even 404, proves the network works
    assert len(cache.recorded) == 2


def test_two_unresolvable_hosts_and_no_reference_answer_mean_network_unavailable() -> None:
    cache = RecordingCache()
    settings = dataclasses.replace(FAST, reference_urls=("https://ref-1.invalid/", "http://127.0.0.29:9/"))
    with pytest.raises(NetworkUnavailable, match="reference host"):
        check_urls_sync(["https://a.invalid/", "https://b.invalid/x"], settings, cache=cache)
    assert cache.recorded == []


def test_without_reference_hosts_one_unresolvable_host_cannot_be_judged() -> None:
    with pytest.raises(NetworkUnavailable, match="none configured"):
        check_urls_sync(["https://a.invalid/"], dataclasses.replace(FAST, reference_urls=()))


# --- classification tables -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "verdict"),
    [(200, LinkStatus.ALIVE), (204, LinkStatus.ALIVE), (404, LinkStatus.DEAD), (410, LinkStatus.DEAD),
     (401, LinkStatus.BLOCKED), (403, LinkStatus.BLOCKED), (429, LinkStatus.BLOCKED), (451, LinkStatus.BLOCKED),
     (999, LinkStatus.BLOCKED), (500, LinkStatus.FAILING), (503, LinkStatus.FAILING), (400, LinkStatus.FAILING)],
)
def test_status_table(status: int, verdict: LinkStatus) -> None:
    assert classify_status(status)[0] is verdict


def test_accepted_codes_are_alive() -> None:
    assert classify_status(403, frozenset({403}))[0] is LinkStatus.ALIVE


@pytest.mark.parametrize(
    "title",
    ["Page Not Found", "404 - Example", "Error 404 | Site", "This page is no longer available",
     "Sorry, this page doesn't exist", "Not Found", "404 Not Found", "Error 404: Not Found | Site",
     "Page not found – The Guardian", "Oops! That page can't be found.", "Article not found | X", "410 Gone",
     "Oops! That page can’t be found. – Site", "Error 404 (Not Found)!!1", "Not Found (#404)",
     "Whoops! We couldn’t find that page", "Seite nicht gefunden", "Página no encontrada | El Diario",
     "Page introuvable", "ページが見つかりません | 外務省"],
)
def test_error_titles_are_soft_404(title: str) -> None:
    assert error_page_reason(title, f"<html><title>{title}</title></html>") is not None


@pytest.mark.parametrize(
    ("title", "cited"),
    [
        ("404 Not Found - HTTP | MDN", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/404"),
        ("410 Gone - HTTP | MDN", "https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/410"),
        ("HTTP 404 - Wikipedia", "https://en.wikipedia.org/wiki/HTTP_404"),
        ("Error - JavaScript | MDN", "https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Error"),
        ("Missing | Netflix", "https://www.netflix.com/title/80117531"),
        ("Gone | The New Yorker", "https://www.newyorker.com/magazine/2019/01/07/a-story"),
        ("Unavailable - Wikipedia", "https://en.wikipedia.org/wiki/Unavailable"),
        ("Nothing Found | Album review", "https://music.example/reviews/nothing-found"),
    ],
)
def test_pages_about_an_error_or_titled_with_a_lone_word_are_not_error_pages(title: str, cited: str) -> None:
    page = f"<html><title>{title}</title><body><h2>Error</h2><p>{'A long article. ' * 200}</p></body></html>"
    assert error_page_reason(title, page, cited) is None


@pytest.mark.parametrize(
    "title",
    ["Страница не найдена — Новости", "Page not found • Instagram", "The requested page could not be found",
     "We're sorry, the page you requested cannot be found", "This page isn't available",
     "Looks like this page doesn't exist", "The page you were looking for doesn't exist (404)",
     "oldstartup.com is for sale | HugeDomains"],
)
def test_more_error_and_parked_titles_are_soft_404(title: str) -> None:
    assert error_page_reason(title, f"<html><title>{title}</title></html>") is not None


@pytest.mark.parametrize(
    "title",
    ["Annual report 2024", "Route 66: a history", "The 404 bus timetable changes", "Found footage films",
     "401(k) contribution limits rise for 2024", "Why the statue has been removed from the square",
     "Proof that free will does not exist, says philosopher", "Not Found: the lost city of Z, a review",
     "Why the missing plane was never found", "Error correction in quantum computers",
     "Gone Girl (2014) review | Film", "Doctor Who: Error 404 (episode guide)", "Lost and found (#12)"],
)
def test_ordinary_titles_are_not_soft_404(title: str) -> None:
    long_article = "<p>" + "Words of a real article that goes on. " * 200 + " page not found " + "</p>"
    assert error_page_reason(title, f"<html><title>{title}</title><body>{long_article}</body></html>") is None


def test_short_page_saying_no_longer_available_is_soft_404() -> None:
    page = "<html><title>Example News</title><body><p>This article is no longer available.</p></body></html>"
    assert error_page_reason(extract_title(page), page) is not None


@pytest.mark.parametrize(
    "body",
    ["<p>The missing hiker could not be found, police said.</p>",
     "<p>Correction: an earlier version said the HTTP 404 error was caused by a proxy.</p>",
     "<h2>What has been removed so far</h2><p>" + "The audit lists each item in turn. " * 120 + "</p>",
     "<h2>Nothing found in the audit</h2><p>" + "The audit lists each item in turn. " * 120 + "</p>"],
)
def test_news_that_merely_uses_error_words_is_not_soft_404(body: str) -> None:
    page = f"<html><title>Local news</title><body>{body}</body></html>"
    assert error_page_reason(extract_title(page), page) is None


@pytest.mark.parametrize(
    ("headers", "page"),
    [({"cf-mitigated": "challenge"}, ""), ({}, "<title>Just a moment...</title>"),
     ({}, "<title>Attention Required! | Cloudflare</title>"), ({}, '<div id="cf-chl-widget"></div><p>Verify you are human</p>'),
     ({"x-amzn-waf-action": "challenge"}, "<title>Example</title>"), ({}, "<title>Just a moment…</title>"),
     ({}, "<title>Vercel Security Checkpoint</title>")],
)
def test_bot_challenges_are_recognised(headers: dict[str, str], page: str) -> None:
    assert challenge_reason(httpx.Headers(headers), extract_title(page), page) is not None


def test_an_error_heading_counts_on_a_long_page_when_it_is_the_first_main_heading() -> None:
    page = ("<html><title>News</title><body><nav>" + "Section " * 400 + "</nav>"
            "<h1>Sorry, the article you're looking for is no longer available</h1></body></html>")
    assert error_page_reason("News", page, "https://news.example/2020/01/story") is not None


def test_a_404_with_a_challenge_script_on_it_is_dead_not_blocked() -> None:
    page = b"<html><title>Page not found | City</title><script src='/cdn-cgi/challenge-platform/h/b/x.js'></script></html>"
    with serve(always(Reply(404, page))) as (base, _):
        result = check_urls_sync([f"{base}/gone"], FAST)[f"{base}/gone"]
    assert (result.status, result.http_status) == (LinkStatus.DEAD, 404)


def test_a_probe_that_fails_or_stalls_is_no_answer_and_never_stops_the_run() -> None:
    def route(path: str, _seen: int) -> Reply:
        if path.startswith(PROBE_PREFIX):
            return Reply(302, b"", (("Location", "http://a:abc/"),))  # not even a URL
        return Reply()

    settings = dataclasses.replace(FAST, per_host=1)
    with serve(route, catch_all=True) as (base, _):
        results = check_urls_sync([f"{base}/a/1", f"{base}/a/2"], settings)
    assert {result.status for result in results.values()} == {LinkStatus.ALIVE}


def test_a_stalled_probe_gives_up_at_its_deadline() -> None:
    from linkaudit.check.softfour import ProbeCache

    async def never(_url: str) -> None:
        await trio.sleep_forever()

    async def probe() -> tuple[object, float]:
        started = trio.current_time()
        answer = await ProbeCache(never, deadline=0.2).probe("https://a.example/x")  # type: ignore[arg-type]
        return answer, trio.current_time() - started

    answer, waited = trio.run(probe, clock=trio.testing.MockClock(autojump_threshold=0))
    assert answer is None
    assert waited == pytest.approx(0.2)  # on trio's clock: at the deadline, not before or after


def test_a_server_rendered_error_page_with_a_widget_root_is_still_compared_with_the_probe() -> None:
    catch_all = ("<html><title>Example</title><body><div id='root'></div><p>"
                 + "Sorry, we could not find anything at this address, try the menu. " * 12 + "</p></body></html>")
    with serve(always(Reply(body=catch_all.encode())), catch_all=True) as (base, _):
        result = check_urls_sync([f"{base}/articles/1"], FAST)[f"{base}/articles/1"]
    assert result.status is LinkStatus.SOFT_404


@pytest.mark.parametrize(
    "page",
    ["<html><title>Budget 2025</title><body>Text</body></html>",
     # Cloudflare injects its detection script into ordinary pages; comment forms embed reCAPTCHA.
     "<html><title>Budget</title><script src='/cdn-cgi/challenge-platform/scripts/jsd/main.js'></script>"
     "<body><p>" + "An ordinary article paragraph. " * 80 + "</p></body></html>",
     "<html><title>Article</title><body><p>" + "An ordinary article paragraph. " * 80 + "</p>"
     "<form><div class='g-recaptcha'></div></form></body></html>",
     "<html><title>Access denied: how visa rules lock out scientists</title><body>Text</body></html>",
     "<html><title>Cloudflare | Web performance and security</title><body>Text</body></html>"],
)
def test_ordinary_pages_are_no_challenge(page: str) -> None:
    assert challenge_reason(httpx.Headers({}), extract_title(page), page) is None


@pytest.mark.parametrize(
    "page",
    [
        # a short press release on a Cloudflare site, and a contact form with reCAPTCHA
        "<html><title>Statement</title><script src='/cdn-cgi/challenge-platform/h/b/scripts/jsd/x/main.js'></script>"
        "<body><p>The ministry issued a short statement today on the talks.</p></body></html>",
        "<html><title>Contact us</title><body><form><div class='g-recaptcha'></div></form></body></html>",
        # a long page whose title merely sounds like a wall
        "<html><title>Access Denied | Darknet Diaries</title><body><p>" + "An episode about hacking. " * 100 + "</p></body></html>",
    ],
)
def test_short_pages_and_titles_that_only_sound_like_a_wall_are_no_challenge(page: str) -> None:
    assert challenge_reason(httpx.Headers({}), extract_title(page), page) is None


@pytest.mark.parametrize(
    ("cited", "final", "soft"),
    [("https://a.org/news/1", "https://a.org/", True), ("https://a.org/news/1", "https://www.a.org/index.html", True),
     ("https://a.org/news/1", "https://a.org/login?next=/news/1", True),
     ("https://a.org/news/1", "https://a.org/news/2024/1", False), ("https://a.org/", "https://www.a.org/", False),
     ("https://a.org/news/1", "https://a.org/users/sign_in", True), ("https://a.org/news/1", "https://a.org/404.html", True),
     # a home page is a home page either way; a trailing slash is no move at all
     ("https://a.org/en", "https://a.org/en/", False), ("https://a.org/index.html", "https://a.org/", False),
     ("https://a.org/home", "https://a.org/", False), ("http://a.org/article", "https://a.org/article/", False),
     # slugs that only begin with such a word are articles
     ("https://a.org/p/123", "https://a.org/blog/login-page-design-tips", False),
     ("https://a.org/p/124", "https://a.org/2020/404-pages-that-delight", False),
     # login pages by their usual addresses, on the site or at an identity provider
     ("https://a.org/private-post", "https://a.org/wp-login.php?redirect_to=%2Fprivate-post", True),
     ("https://a.org/doc/1", "https://accounts.google.com/ServiceLogin?continue=x", True),
     ("https://a.org/doc/2", "https://login.microsoftonline.com/common/oauth2/authorize?x=1", True),
     ("https://a.org/doc/3", "https://a.org/logon.aspx?ReturnUrl=%2Fdoc%2F3", True),
     ("https://a.org/story", "https://a.org/404-page/", True), ("https://a.org/story", "https://a.org/page-404", True),
     # live pages that moved under a path with such a word in it
     ("https://a.org/docs/response-codes", "https://a.org/docs/errors", False),
     ("https://a.org/guides/authentication", "https://a.org/guides/auth/", False),
     # an article by its id sent to the front page
     ("https://a.org/?p=123", "https://a.org/", True)],
)
def test_redirect_target_table(cited: str, final: str, soft: bool) -> None:
    assert (redirect_target_reason(cited, final) is not None) is soft


def test_probe_fingerprints_ignore_numbers_and_the_echoed_path() -> None:
    page = fingerprint(200, "Welcome", "Sorry, we looked for reports/2019 and 3 other things", "https://a.org/reports/2019")
    probe = fingerprint(200, "Welcome", "Sorry, we looked for linkaudit-probe-x and 7 other things", "https://a.org/linkaudit-probe-x")
    other = fingerprint(200, "Welcome", "An entirely different article about budgets", "https://a.org/budget")
    assert same_page(page, probe) and not same_page(other, probe)


_PROBE_WORDS = st.sampled_from(["Welcome", "Sorry", "we", "looked", "for", "the", "page", "2019", "budget", "reports"])


@given(
    status=st.sampled_from([200, 204, 404]),
    title=st.none() | st.lists(_PROBE_WORDS, max_size=3).map(" ".join),
    text=st.lists(_PROBE_WORDS, max_size=12).map(" ".join),
    path=st.sampled_from(["/reports/2019", "/budget", "/linkaudit-probe-x", "/Sorry"]),
    probe_status=st.sampled_from([200, 404]),
    probe_title=st.sampled_from(["Welcome", "Sorry", ""]),
    probe_text=st.lists(_PROBE_WORDS, max_size=12).map(" ".join),
)
def test_comparing_a_page_with_the_probe_as_it_goes_answers_as_its_whole_fingerprint(
    status: int, title: str | None, text: str, path: str, probe_status: int, probe_title: str, probe_text: str
) -> None:
    probe = fingerprint(probe_status, probe_title, probe_text, "https://a.org/linkaudit-probe-x")
    url = "https://a.org" + path
    assert page_looks_like_probe(status, title, text, url, probe) == same_page(fingerprint(status, title, text, url), probe)


def test_a_page_whose_status_differs_from_the_probes_is_not_read_for_the_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    echoed_path = softfour._echoed_path  # noqa: SLF001 - counting the costly step, a pattern made per page
    monkeypatch.setattr(softfour, "_echoed_path", lambda url: made.append(url) or echoed_path(url))
    probe = fingerprint(404, "Not found", "Nothing here", "https://a.org/linkaudit-probe-x")
    made.clear()
    assert not page_looks_like_probe(200, "A story", "The story's long text", "https://a.org/story", probe)
    assert made == []


def test_host_serving_one_page_for_every_path_gives_soft_404_with_one_probe() -> None:
    catch_all = "<html><title>Example</title><body>Welcome to our site. Browse the menu.</body></html>"
    with serve(always(Reply(body=catch_all.encode())), catch_all=True) as (base, log):
        urls = [f"{base}/articles/{n}" for n in range(5)]
        results = check_urls_sync(urls, FAST)
    assert {result.status for result in results.values()} == {LinkStatus.SOFT_404}
    assert len(log.paths) == 6  # five pages and one probe of a nonexistent path


def test_real_articles_on_a_catch_all_host_are_alive_though_their_titles_repeat_their_slugs() -> None:
    navigation = " ".join(f"section{n} topic{n}" for n in range(600))

    def route(path: str, _seen: int) -> Reply:
        if path == "/news/budget-cuts-announced":
            title, main = "Budget cuts announced | Example News", "Ministers announced the cuts today. " * 30
        else:
            title, main = "Example News", "Sorry, we looked everywhere."
        body = f"<html><title>{title}</title><body><nav>{navigation}</nav><main>{main}</main></body></html>"
        return Reply(body=body.encode())

    with serve(route, catch_all=True) as (base, _):
        url = f"{base}/news/budget-cuts-announced"
        assert check_urls_sync([url], FAST)[url].status is LinkStatus.ALIVE


def test_a_single_page_app_shell_is_not_judged_by_the_probe() -> None:
    shell = (b"<html><title>Example App</title><body><noscript>You need to enable JavaScript to run this app."
             b"</noscript><div id=\"root\"></div></body></html>")
    with serve(always(Reply(body=shell)), catch_all=True) as (base, log):
        url = f"{base}/article/42"
        assert check_urls_sync([url], FAST)[url].status is LinkStatus.ALIVE
    assert log.paths == ["/article/42"]


def test_a_consent_wall_that_sets_a_cookie_and_comes_back_is_followed_not_a_loop() -> None:
    def route(path: str, seen: int) -> Reply:
        if path == "/gated" and seen == 0:
            return Reply(302, b"", (("Location", "/consent"),))
        if path == "/consent":
            return Reply(302, b"", (("Location", "/gated"), ("Set-Cookie", "consent=yes; Path=/")))
        return Reply()

    with serve(route) as (base, log):
        result = check_urls_sync([f"{base}/gated"], FAST)[f"{base}/gated"]
    assert result.status is LinkStatus.ALIVE and [hop.status for hop in result.redirects] == [302, 302]
    assert log.headers[-1].get("Cookie") == "consent=yes"


def test_a_redirect_to_mailto_is_failing_and_the_other_urls_are_still_judged() -> None:
    def route(path: str, _seen: int) -> Reply:
        if path == "/contact":
            return Reply(302, b"", (("Location", "mailto:press@example.org"),))
        return Reply()

    with serve(route) as (base, _):
        results = check_urls_sync([f"{base}/contact", f"{base}/ok"], FAST)
    contact = results[f"{base}/contact"]
    assert (contact.status, contact.reason) == (LinkStatus.FAILING, "redirect to a non-HTTP URL: mailto:press@example.org")
    assert results[f"{base}/ok"].status is LinkStatus.ALIVE


def test_real_pages_on_a_host_with_proper_404s_are_alive() -> None:
    def route(path: str, _seen: int) -> Reply:
        return Reply(body=f"<html><title>Article {path}</title><body>Text of {path}</body></html>".encode())

    with serve(route) as (base, log):
        results = check_urls_sync([f"{base}/a/1", f"{base}/a/2"], FAST)
    assert {result.status for result in results.values()} == {LinkStatus.ALIVE}
    assert results[f"{base}/a/1"].title == "Article /a/1"
    assert len(log.paths) == 3


def test_non_html_answers_are_not_read_or_probed() -> None:
    pdf = Reply(body=b"%PDF-1.4 " + b"x" * 100_000, headers=(("Content-Type", "application/pdf"),))
    with serve(always(pdf)) as (base, log):
        result = check_urls_sync([f"{base}/paper.pdf"], FAST)[f"{base}/paper.pdf"]
    assert result.status is LinkStatus.ALIVE and result.content_type == "application/pdf"
    assert log.paths == ["/paper.pdf"]


@pytest.mark.anyio
async def test_async_entry_point_reports_each_result_through_on_result() -> None:
    seen: list[str] = []
    with serve(always(Reply())) as (base, _):
        results = await check_urls([f"{base}/1", f"{base}/2"], FAST, on_result=lambda r: seen.append(r.url))
    assert sorted(seen) == sorted(result.url for result in results.values())


def test_untrusted_certificate_is_a_tls_failure_not_dead() -> None:
    from linkaudit.testing.certs import LocalCertificates

    certificates = LocalCertificates.issue(["127.0.0.2"])
    requested: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            requested.append(self.path)
            self.send_response(200)
            self.end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    server.socket = certificates.server_context().wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL}, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.2:{server.server_port}/secure"
        result = check_urls_sync([url], FAST)[url]
    finally:
        server.shutdown()
        server.server_close()
    assert result.status is LinkStatus.FAILING and result.error_kind == "tls"
    assert result.attempts == 1 and requested == []
