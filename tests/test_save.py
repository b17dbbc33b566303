"""Save Page Now: live sources without a recent capture are submitted, paced, and confirmed through CDX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import requests
import trio
import waybackpy.exceptions as wayback_errors

from linkaudit.archive import save_sources
from linkaudit.archive.pacing import GroupLimit, Pacer
from linkaudit.archive.save import describe_save_failure
from linkaudit.settings import Settings
from linkaudit.testing.archive import ArchiveStandIn

PAGE = "https://news.example.org/live"


@pytest.fixture
def archive() -> Iterator[ArchiveStandIn]:
    with ArchiveStandIn(host="127.0.0.4") as standin:
        yield standin


def save(standin: ArchiveStandIn, urls: list[str], *, dry_run: bool = False, environ: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    settings = Settings(wayback_url=standin.base_url, archive_timeout=2.0, save_if_older_than_days=30)
    pacer = Pacer({}, default=GroupLimit(60_000, burst=50), cooldown_first=0.5, cooldown_max=1.0)
    return trio.run(lambda: save_sources(urls, settings.archive, dry_run=dry_run, pacer=pacer, environ=environ or {}, max_tries=1))


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


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (wayback_errors.TooManyRequestsError("429"), "rate limited"),
        (wayback_errors.MaximumSaveRetriesExceeded("tries"), "Save Page Now gave no capture after its retries"),
        (wayback_errors.WaybackError("509"), "Save Page Now refused"),
        (requests.exceptions.ConnectionError("refused"), "Save Page Now unreachable"),
        (requests.exceptions.ReadTimeout("slow"), "Save Page Now timed out"),
    ],
)
def test_every_waybackpy_failure_maps_to_one_line(error: BaseException, text: str) -> None:
    assert describe_save_failure(error) == text
