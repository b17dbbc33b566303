"""Lookups share archive.org's two budgets: a backlog sends a share to CDX, and no answer changes.

archive.org paces replay (about 600 requests a minute) and the CDX server (30) separately. These
tests run the real pacer's rates on trio's MockClock against the stand-in archive answered
in-process (``ArchiveStandIn.mock_transport``), so minutes of pacing take no wall time.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator

import pytest
import trio
import trio.testing

from linkaudit.archive import ArchiveRequest, ArchiveStage
from linkaudit.archive.pacing import GroupLimit, Pacer
from linkaudit.archive.wayback import CDX_GROUP, REPLAY_GROUP
from linkaudit.models import ArchiveLookup, ArchiveOutcome
from linkaudit.settings import Settings
from linkaudit.testing.archive import ArchiveStandIn

T = dt.date(2021, 3, 15)
LIMIT = f"{T:%Y%m%d}235959"


@pytest.fixture
def archive() -> Iterator[ArchiveStandIn]:
    standin = ArchiveStandIn(host="127.0.0.9")  # never started: answered in-process
    try:
        yield standin
    finally:
        standin.close()


def history(n: int, rng: random.Random) -> list[tuple[str, int]]:
    """A 200 capture before T, with a 404 on T's day nearer to T; or only captures after; or none."""
    kind = n % 4
    if kind == 3:
        return []
    before = [(f"20{rng.randrange(10, 20)}0101000000", 200)] if kind < 2 else []
    after = [(f"2022{rng.randrange(1, 13):02d}01000000", 200)] if kind != 1 else []
    return [*before, (f"{T:%Y%m%d}120000", 404), *after]


def rule(captures: list[tuple[str, int]]) -> str | None:
    good = sorted(timestamp for timestamp, status in captures if status == 200)
    before = [timestamp for timestamp in good if timestamp <= LIMIT]
    after = [timestamp for timestamp in good if timestamp > LIMIT]
    return before[-1] if before else after[0] if after else None


def backlog(archive: ArchiveStandIn, count: int) -> dict[ArchiveRequest, str | None]:
    """``count`` requests for fresh URLs, each with the capture the rule chooses."""
    rng = random.Random(count)
    expected: dict[ArchiveRequest, str | None] = {}
    for n in range(count):
        url = f"https://paper-{n}.example/story"
        captures = history(n, rng)
        for timestamp, status in captures:
            archive.add_capture(url, timestamp, status)
        expected[ArchiveRequest(url, T)] = rule(captures)
    return expected


def run_backlog(
    archive: ArchiveStandIn, expected: dict[ArchiveRequest, str | None], *, share_cdx: bool = True, cdx_cooling: bool = False
) -> tuple[dict[ArchiveRequest, ArchiveLookup], Counter[str], float]:
    """Every lookup at once, at archive.org's pace (80%): (answers, lookups by first group, virtual seconds)."""
    settings = Settings(wayback_url=archive.base_url, archive_timeout=10.0)
    answers: dict[ArchiveRequest, ArchiveLookup] = {}
    routes: Counter[str] = Counter()

    async def main() -> float:
        pacer = Pacer.from_settings(settings.archive)
        if cdx_cooling:
            pacer.rate_limited(CDX_GROUP)
        async with ArchiveStage.open(settings.archive, transport=archive.mock_transport(), pacer=pacer) as stage:
            stage.wayback.share_cdx = share_cdx

            async def one(request: ArchiveRequest) -> None:
                answers[request] = await stage.lookup(request)

            started = trio.current_time()
            async with trio.open_nursery() as nursery:
                for request in expected:
                    nursery.start_soon(one, request)
            routes.update(stage.wayback.routes)
            return trio.current_time() - started

    elapsed = trio.run(main, clock=trio.testing.MockClock(autojump_threshold=0))
    return answers, routes, elapsed


def chosen(lookup: ArchiveLookup) -> str | None:
    assert lookup.outcome in (ArchiveOutcome.FOUND, ArchiveOutcome.NO_CAPTURE), lookup.detail
    return lookup.snapshot.timestamp if lookup.snapshot else None


def test_a_big_backlog_sends_a_share_to_cdx_and_finishes_sooner_with_every_answer_unchanged(archive: ArchiveStandIn) -> None:
    # Sixty lookups at once: far past replay's burst of eight, and some 16 s of pacing, in which
    # CDX settles four or five.
    expected = backlog(archive, 60)

    answers, routes, elapsed = run_backlog(archive, expected)
    replay_requests = archive.counts["timegate"] + archive.counts["replay"]
    archive.counts.clear()
    walked, walk_routes, walk_elapsed = run_backlog(archive, expected, share_cdx=False)

    assert {request: chosen(answers[request]) for request in expected} == expected
    assert {request: chosen(walked[request]) for request in expected} == expected
    assert 0 < routes[CDX_GROUP] < len(expected) / 4
    assert walk_routes[CDX_GROUP] == 0
    assert replay_requests < archive.counts["timegate"] + archive.counts["replay"]
    assert elapsed < walk_elapsed


def test_a_short_run_walks_every_lookup_while_replay_tokens_are_free(archive: ArchiveStandIn) -> None:
    expected = backlog(archive, 4)

    answers, routes, _ = run_backlog(archive, expected)

    assert {request: chosen(answers[request]) for request in expected} == expected
    assert routes[CDX_GROUP] == 0 and archive.counts["cdx"] == 0


def test_a_cdx_server_cooling_down_sends_every_lookup_to_replay(archive: ArchiveStandIn) -> None:
    expected = backlog(archive, 20)  # past replay's burst of eight: a backlog CDX would take a share of

    answers, routes, _ = run_backlog(archive, expected, cdx_cooling=True)

    assert routes[CDX_GROUP] == 0 and archive.counts["cdx"] == 0
    assert {request: chosen(answers[request]) for request in expected} == expected


def test_a_cdx_429_sends_its_lookup_back_to_replay_never_to_no_capture(archive: ArchiveStandIn) -> None:
    expected = backlog(archive, 20)  # past replay's burst of eight: a backlog CDX takes a share of
    archive.set_fault("429", ["cdx"])

    answers, routes, _ = run_backlog(archive, expected)

    assert routes[CDX_GROUP] >= 1 and archive.counts["cdx"] == routes[CDX_GROUP] == 1  # then CDX cools down
    assert {request: chosen(answers[request]) for request in expected} == expected
    assert routes[REPLAY_GROUP] + routes["unpaid"] == len(expected) - 1


def test_a_wait_for_a_token_cancelled_before_it_arrives_takes_nothing() -> None:
    async def scenario() -> tuple[bool, bool, float]:
        pacer = Pacer({"wayback:cdx": GroupLimit(6, burst=1)})  # one token every 10 s
        took_first = pacer.try_acquire("wayback:cdx")
        with trio.move_on_after(4):
            await pacer.acquire("wayback:cdx")  # gives up 6 s before its token
        free_at_4 = pacer.try_acquire("wayback:cdx")
        await pacer.acquire("wayback:cdx")
        return took_first, free_at_4, trio.current_time()

    took_first, free_at_4, token_at = trio.run(scenario, clock=trio.testing.MockClock(autojump_threshold=0))

    assert took_first and not free_at_4
    assert token_at == pytest.approx(10.0)  # the abandoned wait did not spend the next token
