"""The engine's cost and politeness at scale, on httpx.MockTransport under trio's MockClock.

A URL waiting for its host's turn is a record in a queue, not a task; a request we give up on
keeps its host slot until the server can have noticed; a worker process never lets a probe's
redirect into a site another process owns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable

import httpx
import trio
import trio.testing

from linkaudit.check import check_urls
from linkaudit.check.client import build_client
from linkaudit.check.engine import CheckEngine
from linkaudit.check.hosts import ABANDONED_LINGER
from linkaudit.check.runs import Handoff
from linkaudit.models import CheckResult, LinkStatus
from linkaudit.settings import Settings

SETTINGS = Settings(allow_private=True, use_cache=False, timeout=5.0, url_deadline=60.0, reference_urls=()).check
PAGE = b"<html><head><title>A real page</title></head><body>Real content.</body></html>"
HTML = {"content-type": "text/html; charset=utf-8"}

AsyncHandler = Callable[[httpx.Request], Awaitable[httpx.Response]]


class TaskCounter(trio.abc.Instrument):
    """The most trio tasks alive at once."""

    def __init__(self) -> None:
        self.alive = 0
        self.peak = 0

    def task_spawned(self, task: trio.lowlevel.Task) -> None:
        self.alive += 1
        self.peak = max(self.peak, self.alive)

    def task_exited(self, task: trio.lowlevel.Task) -> None:
        self.alive -= 1


def run_checks(urls: list[str], handler: AsyncHandler, instruments: tuple[trio.abc.Instrument, ...] = (),
               **changes: object) -> dict[str, CheckResult]:
    settings = dataclasses.replace(SETTINGS, **changes)  # type: ignore[arg-type]

    async def main() -> dict[str, CheckResult]:
        return await check_urls(urls, settings, transport=httpx.MockTransport(handler))

    return trio.run(main, clock=trio.testing.MockClock(autojump_threshold=0), instruments=list(instruments))


async def slow_page(request: httpx.Request) -> httpx.Response:
    await trio.sleep(0.1)
    status = 404 if request.url.path.startswith("/linkaudit-probe-") else 200
    return httpx.Response(status, headers=HTML, stream=httpx.ByteStream(PAGE))


def peak_tasks(url_count: int) -> int:
    counter = TaskCounter()
    urls = [f"https://site{n % 5}.example/story/{n}" for n in range(url_count)]
    results = run_checks(urls, slow_page, (counter,), per_host=2, max_concurrency=8)
    assert {result.status for result in results.values()} == {LinkStatus.ALIVE}
    return counter.peak


def test_the_tasks_alive_at_once_do_not_grow_with_the_number_of_urls() -> None:
    few, many = peak_tasks(40), peak_tasks(400)
    # Eight workers, a timer, the nurseries' own tasks: the same whether 40 URLs wait or 400.
    assert many == few
    assert many <= 8 + 8


def test_a_run_of_few_urls_starts_no_more_workers_than_it_has_urls() -> None:
    counter = TaskCounter()
    urls = [f"https://site{n}.example/" for n in range(3)]  # home pages: no probe to queue
    results = run_checks(urls, slow_page, (counter,), max_concurrency=256)
    assert {result.status for result in results.values()} == {LinkStatus.ALIVE}
    # Three workers, a timer, the nurseries' own tasks; not the 256 the bound would allow.
    assert counter.peak <= 3 + 8


def test_a_request_given_up_on_keeps_its_slot_until_the_server_can_have_noticed() -> None:
    # The server counts a request in flight until it notices the client left, a moment after the
    # client gave up. Had the slot been given straight back, the next request would find the host
    # already at its limit.
    noticed_after = ABANDONED_LINGER / 2
    spans: list[tuple[float, float]] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        began = trio.current_time()
        if request.url.path.startswith("/hang"):
            await trio.sleep(SETTINGS.timeout)
            spans.append((began, trio.current_time() + noticed_after))
            raise httpx.ReadTimeout("no answer", request=request)
        response = await slow_page(request)
        spans.append((began, trio.current_time()))
        return response

    urls = [f"https://busy.example/hang/{n}" for n in range(4)] + [f"https://busy.example/page/{n}" for n in range(40)]
    results = run_checks(urls, handler, per_host=2)

    assert sum(result.status is LinkStatus.FAILING for result in results.values()) == 4
    assert most_at_once(spans) <= 2


def test_a_request_cut_by_the_deadline_keeps_its_slot_too() -> None:
    spans: list[tuple[float, float]] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        began = trio.current_time()
        try:
            if request.url.path.startswith("/drip"):
                await trio.sleep_forever()  # the per-URL deadline ends it
            return await slow_page(request)
        finally:
            spans.append((began, trio.current_time() + (ABANDONED_LINGER / 2 if request.url.path.startswith("/drip") else 0)))

    urls = ["https://busy.example/drip/1"] + [f"https://busy.example/page/{n}" for n in range(30)]
    results = run_checks(urls, handler, per_host=1, url_deadline=3.0)

    assert results["https://busy.example/drip/1"].status is LinkStatus.FAILING
    assert most_at_once(spans) <= 1


def most_at_once(spans: list[tuple[float, float]]) -> int:
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])  # ends first on ties
    most = current = 0
    for _, change in events:
        current += change
        most = max(most, current)
    return most


def check_in_a_worker(urls: list[str], handler: AsyncHandler) -> list[CheckResult | Handoff]:
    """What the engine of a worker process delivers for ``urls``: results and hand-offs."""
    delivered: list[CheckResult | Handoff] = []

    async def main() -> None:
        async with build_client(SETTINGS, httpx.MockTransport(handler)) as client:
            engine = CheckEngine(SETTINGS, client, hand_off=True)
            await engine.check_all([(url, url) for url in urls], delivered.append)

    trio.run(main, clock=trio.testing.MockClock(autojump_threshold=0))
    return delivered


def test_in_a_worker_a_probe_never_follows_a_redirect_into_another_site() -> None:
    # Another process owns other.example: a request there from here could meet its own limit twice.
    asked: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if request.url.host == "news.example" and request.url.path.startswith("/linkaudit-probe-"):
            return httpx.Response(302, headers={"location": "https://other.example/landing"}, stream=httpx.ByteStream(b""))
        return httpx.Response(200, headers=HTML, stream=httpx.ByteStream(PAGE))

    delivered = check_in_a_worker([f"https://news.example/story/{n}" for n in range(12)], handler)

    assert not [url for url in asked if "other.example" in url]
    assert len(delivered) == 12
    assert all(isinstance(item, CheckResult) and item.status is LinkStatus.ALIVE for item in delivered)


def test_in_a_worker_a_redirect_into_another_site_is_handed_off_with_its_deadline_spent_so_far() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        await trio.sleep(2.0)
        if request.url.host == "doi.example":
            return httpx.Response(302, headers={"location": "https://publisher.example/article"}, stream=httpx.ByteStream(b""))
        return httpx.Response(200, headers=HTML, stream=httpx.ByteStream(PAGE))

    [handoff] = check_in_a_worker(["https://doi.example/10.1/x"], handler)
    assert isinstance(handoff, Handoff)
    assert handoff.current == "https://publisher.example/article"
    assert handoff.elapsed >= 2.0
    assert handoff.deadline_left <= SETTINGS.url_deadline - 2.0
