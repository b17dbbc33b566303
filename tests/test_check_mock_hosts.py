"""A host's share of the checker, on httpx.MockTransport under trio's MockClock: how many of its
requests are under way at once, what a host that throttles gets, where a URL's deadline falls and
when its results are delivered.

Each handler here plays a whole host, its soft-404 probe included (the probe takes one of the
host's slots like any request). Latencies cost no wall-clock time: the clock jumps whenever every
task waits. What only a real socket shows (httpx's own read timeout, a deadline cutting a read)
stays with the loopback servers of test_check_engine.py and test_check_behaviours.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
import trio
import trio.testing
from test_check_mock import HTML, PAGE, PROBE_PREFIX, SETTINGS, answer

from linkaudit.check import check_urls
from linkaudit.models import CheckResult, LinkStatus

Handler = Callable[[httpx.Request], Awaitable[httpx.Response]]


def run_on_the_clock(
    urls: list[str], handler: Handler, *, on_result: Callable[[CheckResult], None] | None = None, **changes: object
) -> tuple[dict[str, CheckResult], float]:
    """Check ``urls`` against ``handler``, probes included; the results and the simulated seconds."""
    settings = dataclasses.replace(SETTINGS.check, **changes)  # type: ignore[arg-type]

    async def main() -> tuple[dict[str, CheckResult], float]:
        started = trio.current_time()
        results = await check_urls(urls, settings, transport=httpx.MockTransport(handler), on_result=on_result)
        return results, trio.current_time() - started

    return trio.run(main, clock=trio.testing.MockClock(autojump_threshold=0))


@dataclass
class Host:
    """One host as its server sees it: every request, probes included, in the order they came,
    with how many were under way as each arrived; what it answered is up to ``reply``."""

    latency: float = 1.0
    limit: int | None = None  # beyond this many at once: 429, Retry-After 1, at once
    paths: list[str] = field(default_factory=list)
    asked_at: list[float] = field(default_factory=list)
    in_flight: int = 0
    peak_in_flight: int = 0
    over_limit: list[int] = field(default_factory=list)  # which requests it refused, by their order

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        self.asked_at.append(trio.current_time())
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            if self.limit is not None and self.in_flight > self.limit:
                self.over_limit.append(len(self.paths) - 1)
                return answer(429, b"<title>Too many requests</title>", {**HTML, "retry-after": "1"})
            await trio.sleep(self.latency)
            if request.url.path.startswith(PROBE_PREFIX):
                return answer(404, b"<title>Not found</title>", HTML)
            return answer(200, PAGE, HTML)
        finally:
            self.in_flight -= 1


def test_per_host_limit_bounds_the_requests_under_way_at_the_host() -> None:
    host = Host()
    urls = [f"https://busy.example/p{n}" for n in range(12)]
    results, _ = run_on_the_clock(urls, host, per_host=3, max_concurrency=50)

    assert all(result.status is LinkStatus.ALIVE for result in results.values())
    assert host.peak_in_flight == 3
    assert len(host.paths) == 13  # its twelve pages and one probe


def test_a_host_within_its_limit_is_never_refused() -> None:
    host = Host(latency=0.02, limit=2)
    urls = [f"https://limited.example/page/{n}" for n in range(8)]  # four rounds of the host's two slots
    results, _ = run_on_the_clock(urls, host, per_host=2)

    assert {result.status for result in results.values()} == {LinkStatus.ALIVE}
    assert host.over_limit == []
    assert host.peak_in_flight == 2


def test_a_host_that_throttles_is_backed_off_until_it_answers() -> None:
    host = Host(latency=0.02, limit=2)
    urls = [f"https://limited.example/page/{n}" for n in range(8)]
    # Asked four at a time, the host refuses some at first, asking for a second's pause.
    results, _ = run_on_the_clock(urls, host, per_host=4, retries=3, url_deadline=15.0)

    assert {result.status for result in results.values()} == {LinkStatus.ALIVE}
    assert 0 < len(host.over_limit) < len(urls)
    # Nothing more was asked of the host until the second it asked for had passed.
    first_refused = host.over_limit[0]
    assert all(when >= host.asked_at[first_refused] + 1.0 for when in host.asked_at[first_refused + 1 :])


def test_the_per_url_deadline_bounds_a_page_slower_than_the_timeout_allows() -> None:
    # The page would answer after 3 s and the timeout is 5 s: only the deadline can end it, and
    # no retry, however many are allowed, can start before it.
    host = Host(latency=3.0)
    results, simulated = run_on_the_clock(["https://slow.example/hang"], host, timeout=5.0, retries=10, url_deadline=0.15)

    result = results["https://slow.example/hang"]
    assert result.status is LinkStatus.FAILING and result.error_kind == "timeout"
    assert result.attempts == 1 and host.paths == ["/hang"]
    assert simulated == 0.15


def test_results_of_a_busy_host_arrive_as_they_are_known_not_all_at_the_end() -> None:
    host = Host(latency=0.02)
    served_at_each_result: list[int] = []
    urls = [f"https://busy.example/articles/{n}" for n in range(10)]
    results, _ = run_on_the_clock(urls, host, per_host=2, on_result=lambda _: served_at_each_result.append(len(host.paths)))

    assert {result.status for result in results.values()} == {LinkStatus.ALIVE}
    # The site's probe took one of its two slots first: it is among the first two requests served.
    assert any(path.startswith(PROBE_PREFIX) for path in host.paths[:2])
    assert host.peak_in_flight <= 2
    # Counted in requests: with two slots, the first result is known once the probe and the first
    # pages are answered, while most of the eleven requests have yet to reach the server.
    assert len(host.paths) == 11
    assert served_at_each_result[0] <= 6
    assert served_at_each_result == sorted(served_at_each_result)
