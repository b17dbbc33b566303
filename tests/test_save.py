"""Save Page Now: live sources without a recent capture are submitted, paced, and confirmed through CDX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import trio

from linkaudit.archive import save_sources
from linkaudit.archive.pacing import GroupLimit, Pacer
from linkaudit.settings import Settings
from linkaudit.testing.archive import ArchiveStandIn

PAGE = "https://news.example.org/live"


@pytest.fixture
def archive() -> Iterator[ArchiveStandIn]:
    with ArchiveStandIn(host="127.0.0.4") as standin:
        yield standin


def save(standin: ArchiveStandIn, urls: list[str], *, dry_run: bool = False, environ: dict[str, str] | None = None, recent_days: int = 30, now: dt.datetime | None = None):  # type: ignore[no-untyped-def]
    settings = Settings(wayback_url=standin.base_url, archive_timeout=2.0, save_if_older_than_days=recent_days)
    pacer = Pacer({}, default=GroupLimit(60_000, burst=50), cooldown_first=0.5, cooldown_max=1.0)
    clock = {"now": (lambda: now)} if now else {}
    return trio.run(lambda: save_sources(urls, settings.archive, dry_run=dry_run, pacer=pacer, environ=environ or {}, max_tries=1, **clock))  # type: ignore[arg-type]


def test_a_dry_run_sends_nothing_to_save_page_now(archive: ArchiveStandIn) -> None:
    outcomes = save(archive, [PAGE, PAGE + "/2"], dry_run=True)

    assert [o.action for o in outcomes] == ["would-save", "would-save"]
    assert archive.counts["save"] == 0


def test_a_save_records_the_capture_confirmed_through_cdx(archive: ArchiveStandIn) -> None:
    [outcome] = save(archive, [PAGE])

    [capture] = archive.captures_of(PAGE)
    assert outcome.action == "saved"
    assert outcome.timestamp == capture.timestamp
    assert outcome.capture_url == f"{archive.base_url}/web/{capture.timestamp}/{PAGE}"
    assert outcome.detail == "confirmed through CDX"
    assert archive.save_requests == [PAGE]


def test_a_recent_capture_is_not_saved_again(archive: ArchiveStandIn) -> None:
    recent = (dt.datetime.now(dt.UTC) - dt.timedelta(days=3)).strftime("%Y%m%d%H%M%S")
    archive.add_capture(PAGE, recent, 200)

    [outcome] = save(archive, [PAGE])

    assert (outcome.action, outcome.timestamp) == ("recent-capture", recent)
    assert archive.counts["save"] == 0


def test_an_old_capture_does_not_prevent_a_save(archive: ArchiveStandIn) -> None:
    archive.add_capture(PAGE, "20200101000000", 200)

    [outcome] = save(archive, [PAGE])

    assert outcome.action == "saved"
    assert outcome.timestamp is not None and outcome.timestamp > "20200101000000"


def test_a_429_from_save_page_now_is_a_failure_not_a_crash(archive: ArchiveStandIn) -> None:
    archive.set_fault("429", ["save"])

    outcomes = save(archive, [PAGE, PAGE + "/2"])

    assert outcomes[0].action == "failed"
    assert "rate limited" in outcomes[0].detail
    # The whole save group then cools down: the second URL is not sent into the block.
    assert outcomes[1].action == "failed"
    assert archive.counts["save"] == 1


def test_spn2_keys_from_the_environment_use_the_authenticated_api(archive: ArchiveStandIn) -> None:
    keys = {"LINKAUDIT_SPN_ACCESS_KEY": "access", "LINKAUDIT_SPN_SECRET_KEY": "secret"}

    [outcome] = save(archive, [PAGE], environ=keys)

    [capture] = archive.captures_of(PAGE)
    assert (outcome.action, outcome.timestamp) == ("saved", capture.timestamp)


def test_save_page_now_already_capped_for_today_is_a_recent_capture_looked_up_in_cdx(archive: ArchiveStandIn) -> None:
    archive.save_answer = "capped"
    archive.add_capture(PAGE, "20300102080000", 200)  # this morning's, older than the recent-capture window
    noon = dt.datetime(2030, 1, 2, 12, tzinfo=dt.UTC)

    [outcome] = save(archive, [PAGE], recent_days=0, now=noon)

    assert (outcome.action, outcome.timestamp) == ("recent-capture", "20300102080000")
    assert "10 times today" in outcome.detail
    assert archive.counts["save"] == 1


def test_an_error_from_save_page_now_that_captured_anyway_is_saved_once_cdx_lists_it(archive: ArchiveStandIn) -> None:
    archive.save_answer = "error-but-captured"

    [outcome] = save(archive, [PAGE])

    [capture] = archive.captures_of(PAGE)
    assert (outcome.action, outcome.timestamp) == ("saved", capture.timestamp)
    assert "HTTP 520" in outcome.detail and "CDX lists the capture" in outcome.detail


def test_an_error_from_save_page_now_with_no_capture_listed_is_a_failure(archive: ArchiveStandIn) -> None:
    archive.set_fault("503", ["save"])

    [outcome] = save(archive, [PAGE])

    assert outcome.action == "failed" and "HTTP 503" in outcome.detail


def test_save_page_now_is_cancelled_with_its_run_not_left_in_a_thread(archive: ArchiveStandIn) -> None:
    archive.set_fault("stall", ["save"])
    archive.stall_seconds = 30.0

    async def cancelled_soon() -> bool:
        settings = Settings(wayback_url=archive.base_url, archive_timeout=2.0, save_if_older_than_days=30)
        with trio.CancelScope() as scope:
            async with trio.open_nursery() as nursery:
                nursery.start_soon(lambda: save_sources([PAGE], settings.archive, environ={}, max_tries=1))
                while archive.counts["save"] == 0:  # cancelled once the save is at the archive, stalled
                    await trio.sleep(0.01)
                scope.cancel()
        return scope.cancelled_caught

    assert trio.run(cancelled_soon)


def test_a_redirect_from_save_page_now_to_a_private_address_is_refused(archive: ArchiveStandIn) -> None:
    with ArchiveStandIn(host="127.0.0.5") as private:
        archive.save_answer = "redirect"
        archive.save_redirect = f"{private.base_url}/save/{PAGE}"

        [outcome] = save(archive, [PAGE])

        assert outcome.action == "failed" and "refused" in outcome.detail
        assert private.counts["save"] == 0
