"""Archive requests go through the private-address guard and never read a reply whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from linkaudit.archive import ArchiveRequest, find_snapshots_sync
from linkaudit.archive.pacing import MAX_REPLY_BYTES, GroupLimit, Pacer
from linkaudit.models import ArchiveOutcome
from linkaudit.settings import Settings
from linkaudit.testing.archive import ArchiveStandIn

PAGE = "https://news.example.org/moved"
T = dt.date(2015, 2, 15)


def fast_pacer() -> Pacer:
    return Pacer({}, default=GroupLimit(600_000, burst=500), cooldown_first=0.5, cooldown_max=1.0)


@pytest.fixture(scope="module")
def wayback() -> Iterator[ArchiveStandIn]:
    with ArchiveStandIn(host="127.0.0.10") as standin:  # holds nothing: the other archive must answer
        yield standin


@pytest.fixture(scope="module")
def elsewhere() -> Iterator[ArchiveStandIn]:
    """A server no one configured, on a private address, where a Link header points."""
    with ArchiveStandIn(host="127.0.0.11") as standin:
        standin.add_capture(PAGE, "20100101000000", 200)
        yield standin


def pywb_like(timemap_base: str | None) -> ArchiveStandIn:
    """A Memento archive whose TimeGate names only the memento it chose (as pywb does), so a pick
    after the date needs its TimeMap."""
    archive = ArchiveStandIn(host="127.0.0.12", name_neighbours=False, timemap_base=timemap_base)
    archive.add_capture(PAGE, "20100101000000", 200)
    archive.add_capture(PAGE, "20150301000000", 200)
    return archive


def look_up(wayback: ArchiveStandIn, other: ArchiveStandIn, **overrides: object) -> tuple[ArchiveOutcome, str | None, str]:
    settings = Settings(
        wayback_url=wayback.base_url, archive_timeout=5.0, archives=(("other", f"{other.base_url}/web/"),),
        **overrides,  # type: ignore[arg-type]
    )
    request = ArchiveRequest(PAGE, T)
    lookup = find_snapshots_sync([request], settings.archive, pacer=fast_pacer())[request]
    return lookup.outcome, lookup.snapshot.timestamp if lookup.snapshot else None, lookup.detail


def test_a_timemap_on_a_private_address_named_by_a_link_header_is_not_requested(
    wayback: ArchiveStandIn, elsewhere: ArchiveStandIn
) -> None:
    with pywb_like(timemap_base=elsewhere.base_url) as other:
        outcome, chosen, detail = look_up(wayback, other)

    assert elsewhere.counts["timemap"] == 0
    assert (outcome, chosen) == (ArchiveOutcome.UNREACHABLE, None)  # not "no capture": the archive did not say
    assert "127.0.0.11" in detail


def test_allow_private_lets_the_same_timemap_be_read(wayback: ArchiveStandIn, elsewhere: ArchiveStandIn) -> None:
    with pywb_like(timemap_base=elsewhere.base_url) as other:
        outcome, chosen, _ = look_up(wayback, other, allow_private=True)

    assert (outcome, chosen) == (ArchiveOutcome.FOUND, "20100101000000")


def test_the_configured_archive_s_own_timemap_is_read_on_loopback(wayback: ArchiveStandIn) -> None:
    with pywb_like(timemap_base=None) as other:
        outcome, chosen, _ = look_up(wayback, other)

        assert (outcome, chosen) == (ArchiveOutcome.FOUND, "20100101000000")
        assert other.counts["timemap"] == 1


def test_an_endless_archive_reply_is_cut_off_and_is_no_answer() -> None:
    with ArchiveStandIn(host="127.0.0.13") as archive:
        archive.add_capture(PAGE, "20100101000000", 200)
        archive.set_fault("503", ["timegate", "replay", "available"])
        archive.set_fault("endless", ["cdx"])
        request = ArchiveRequest(PAGE, T)

        lookup = find_snapshots_sync([request], Settings(wayback_url=archive.base_url, archive_timeout=60.0).archive, pacer=fast_pacer())[request]

    assert lookup.outcome is ArchiveOutcome.UNREACHABLE
    assert f"larger than {MAX_REPLY_BYTES // (1024 * 1024)} MiB" in lookup.detail
