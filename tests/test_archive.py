"""The archive stage chooses the capture an author would have seen, and never mistakes an outage for "no capture"."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterator

import pytest
import trio
import trio.testing
from hypothesis import given
from hypothesis import strategies as st

from linkaudit.archive import CONCURRENT_LOOKUPS, ArchiveRequest, find_snapshots_sync
from linkaudit.archive.memento import format_http_date, parse_link_header
from linkaudit.archive.pacing import ArchiveUnavailable, GroupLimit, Pacer
from linkaudit.archive.wayback import parse_cdx_json
from linkaudit.models import ArchiveLookup, ArchiveOutcome
from linkaudit.settings import Settings
from linkaudit.testing.archive import ArchiveStandIn

T = dt.date(2021, 3, 15)
PAGE = "https://news.example.org/story"


def fast_pacer() -> Pacer:
    return Pacer({}, default=GroupLimit(60_000, burst=50), cooldown_first=0.5, cooldown_max=2.0)


@pytest.fixture
def archive() -> Iterator[ArchiveStandIn]:
    with ArchiveStandIn(host="127.0.0.2", stall_seconds=10.0) as standin:
        yield standin


def settings_for(standin: ArchiveStandIn, **overrides: object) -> Settings:
    return Settings(**{"wayback_url": standin.base_url, "archive_timeout": 2.0, **overrides})  # type: ignore[arg-type]


# A stalled archive answers nothing for ten seconds: any timeout well below that shows it, and the
# shortest costs least.
_STALL_TIMEOUT = 0.03


def look_up(standin: ArchiveStandIn, request: ArchiveRequest, **overrides: object) -> ArchiveLookup:
    return find_snapshots_sync([request], settings_for(standin, **overrides).archive, pacer=fast_pacer())[request]


def add(standin: ArchiveStandIn, *rows: tuple[str, int | str] | tuple[str, int | str, str], url: str = PAGE) -> None:
    for row in rows:
        standin.add_capture(url, *row)


# --- choosing the capture -------------------------------------------------------------


@pytest.mark.parametrize("verify", [False, True])
def test_the_latest_capture_before_publication_beats_a_closer_one_after(archive: ArchiveStandIn, verify: bool) -> None:
    add(archive, ("20200101120000", 200), ("20210301080000", 200), ("20210316090000", 200))

    lookup = look_up(archive, ArchiveRequest(PAGE, T), verify_snapshots=verify)

    assert lookup.outcome is ArchiveOutcome.FOUND
    assert lookup.snapshot is not None
    assert lookup.snapshot.timestamp == "20210301080000"
    assert (lookup.snapshot.relation, lookup.snapshot.distance_days) == ("before", 14)
    assert lookup.snapshot.url == f"{archive.base_url}/web/20210301080000/{PAGE}"
    assert lookup.target == T


def test_only_captures_after_publication_give_the_earliest_with_its_distance(archive: ArchiveStandIn) -> None:
    add(archive, ("20210401000000", 200), ("20220101000000", 200))

    snapshot = look_up(archive, ArchiveRequest(PAGE, T)).snapshot

    assert snapshot is not None
    assert (snapshot.timestamp, snapshot.relation, snapshot.distance_days) == ("20210401000000", "after", 17)


def test_a_capture_on_the_publication_day_counts_as_before(archive: ArchiveStandIn) -> None:
    add(archive, ("20210315221500", 200), ("20210316000100", 200))

    snapshot = look_up(archive, ArchiveRequest(PAGE, T)).snapshot

    assert snapshot is not None
    assert (snapshot.timestamp, snapshot.relation, snapshot.distance_days) == ("20210315221500", "before", 0)


def test_captures_of_errors_and_redirects_are_stepped_over(archive: ArchiveStandIn) -> None:
    add(archive, ("20190101000000", 200), ("20200101000000", 404), ("20210101000000", 302), ("20210320000000", 200))

    snapshot = look_up(archive, ArchiveRequest(PAGE, T)).snapshot

    assert snapshot is not None
    assert snapshot.timestamp == "20190101000000"


def test_only_404_and_302_captures_mean_no_capture(archive: ArchiveStandIn) -> None:
    add(archive, ("20200101000000", 404), ("20210101000000", 302), ("20220101000000", 404))

    lookup = look_up(archive, ArchiveRequest(PAGE, T))

    assert lookup.outcome is ArchiveOutcome.NO_CAPTURE
    assert lookup.snapshot is None


def test_a_url_never_archived_means_no_capture(archive: ArchiveStandIn) -> None:
    lookup = look_up(archive, ArchiveRequest(PAGE, T))

    assert lookup.outcome is ArchiveOutcome.NO_CAPTURE
    assert "Wayback Machine" in lookup.detail


def test_revisit_records_never_count(archive: ArchiveStandIn) -> None:
    add(archive, ("20200101000000", 200), ("20210310000000", "-", "warc/revisit"))
    # The CDX path must skip them too, so force it by breaking the replay walk.
    archive.set_fault("503", ["timegate", "replay"])

    snapshot = look_up(archive, ArchiveRequest(PAGE, T)).snapshot

    assert snapshot is not None
    assert (snapshot.timestamp, snapshot.found_by) == ("20200101000000", "cdx")


def test_cdx_answers_when_replay_is_unavailable(archive: ArchiveStandIn) -> None:
    add(archive, ("20200101000000", 200), ("20210301000000", 200), ("20210316000000", 200))
    archive.set_fault("429", ["timegate", "replay"])

    snapshot = look_up(archive, ArchiveRequest(PAGE, T)).snapshot

    assert snapshot is not None
    assert (snapshot.timestamp, snapshot.found_by) == ("20210301000000", "cdx")


def test_without_a_date_the_latest_capture_before_the_first_failure_is_taken(archive: ArchiveStandIn) -> None:
    add(archive, ("20190101000000", 200), ("20200601000000", 200), ("20230101000000", 200))
    failed = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)

    lookup = look_up(archive, ArchiveRequest(PAGE, None, first_failure=failed))

    assert lookup.snapshot is not None
    assert lookup.snapshot.timestamp == "20200601000000"
    assert lookup.target is None


def test_a_typical_lookup_spares_the_cdx_budget(archive: ArchiveStandIn) -> None:
    add(archive, ("20200101000000", 200), ("20210301000000", 200), ("20210316000000", 200))

    look_up(archive, ArchiveRequest(PAGE, T))

    assert archive.counts["cdx"] == 0
    assert archive.counts["timegate"] + archive.counts["replay"] <= 3


# --- Robust Links -----------------------------------------------------------------------


def test_robust_links_version_url_is_tried_first_and_verified(archive: ArchiveStandIn) -> None:
    add(archive, ("20180101000000", 200), ("20210301000000", 200))
    version_url = f"https://web.archive.org/web/20180101000000/{PAGE}"

    snapshot = look_up(archive, ArchiveRequest(PAGE, T, version_url=version_url)).snapshot

    assert snapshot is not None
    assert (snapshot.timestamp, snapshot.found_by, snapshot.verified) == ("20180101000000", "robust-links", True)


def test_a_version_url_that_is_not_a_200_capture_falls_back_to_the_lookup(archive: ArchiveStandIn) -> None:
    add(archive, ("20180101000000", 404), ("20210301000000", 200))
    version_url = f"https://web.archive.org/web/20180101000000/{PAGE}"

    snapshot = look_up(archive, ArchiveRequest(PAGE, T, version_url=version_url)).snapshot

    assert snapshot is not None
    assert (snapshot.timestamp, snapshot.found_by) == ("20210301000000", "timegate")


def test_a_version_url_the_archive_cannot_check_now_is_no_capture_and_no_answer(archive: ArchiveStandIn) -> None:
    archive.set_fault("503", ["replay", "timegate", "cdx", "available"])
    version_url = f"https://web.archive.org/web/20180101000000/{PAGE}"

    lookup = look_up(archive, ArchiveRequest(PAGE, T, version_url=version_url))

    # The author's link is not proof of a 200 capture: the claim waits for an archive that answers.
    assert (lookup.outcome, lookup.snapshot) == (ArchiveOutcome.UNREACHABLE, None)
    assert "Robust Links" in lookup.detail


def test_an_availability_answer_after_the_date_settles_nothing_when_cdx_and_replay_are_down(
    archive: ArchiveStandIn,
) -> None:
    add(archive, ("20120813024031", 200), ("20220304054225", 200))
    archive.set_fault("429", ["timegate", "replay", "cdx"])

    lookup = look_up(archive, ArchiveRequest(PAGE, T))

    # The 2012 capture exists; "closest" named 2022. Only CDX or the walk could have told.
    assert (lookup.outcome, lookup.snapshot) == (ArchiveOutcome.UNREACHABLE, None)


def test_robust_links_version_date_replaces_the_publication_date(archive: ArchiveStandIn) -> None:
    add(archive, ("20190601000000", 200), ("20210301000000", 200))

    lookup = look_up(archive, ArchiveRequest(PAGE, T, version_date=dt.date(2019, 7, 1)))

    assert lookup.snapshot is not None
    assert (lookup.snapshot.timestamp, lookup.snapshot.distance_days) == ("20190601000000", 30)
    assert lookup.target == dt.date(2019, 7, 1)


# --- --verify-snapshots -----------------------------------------------------------------


@pytest.mark.parametrize("how", ["error", "redirect"])
def test_verify_snapshots_skips_a_capture_whose_replay_fails(archive: ArchiveStandIn, how: str) -> None:
    add(archive, ("20200101000000", 200), ("20210301000000", 200))
    archive.break_replay(PAGE, "20210301000000", how)  # type: ignore[arg-type]
    archive.set_fault("503", ["timegate"])  # exercise the CDX candidates path

    snapshot = look_up(archive, ArchiveRequest(PAGE, T), verify_snapshots=True).snapshot

    assert snapshot is not None
    assert (snapshot.timestamp, snapshot.verified) == ("20200101000000", True)


def test_the_replay_walk_never_accepts_a_capture_that_does_not_replay(archive: ArchiveStandIn) -> None:
    add(archive, ("20200101000000", 200), ("20210301000000", 200))
    archive.break_replay(PAGE, "20210301000000", "redirect")

    snapshot = look_up(archive, ArchiveRequest(PAGE, T)).snapshot

    assert snapshot is not None
    assert snapshot.timestamp == "20200101000000"


# --- an archive that fails is not an answer -------------------------------------------


@pytest.mark.parametrize("fault", ["429", "503", "stall", "malformed"])
def test_archive_faults_are_unreachable_never_no_capture(archive: ArchiveStandIn, fault: str) -> None:
    add(archive, ("20200101000000", 200))
    archive.set_fault(fault)  # type: ignore[arg-type]

    lookup = look_up(archive, ArchiveRequest(PAGE, T), **({"archive_timeout": _STALL_TIMEOUT} if fault == "stall" else {}))

    assert lookup.outcome is ArchiveOutcome.UNREACHABLE
    assert lookup.detail.startswith("wayback")


def test_a_429_without_retry_after_cools_the_group_down(archive: ArchiveStandIn) -> None:
    add(archive, ("20200101000000", 200))
    archive.set_fault("429", ["cdx", "timegate", "replay", "available"])

    async def two_lookups() -> tuple[str, int]:
        from linkaudit.archive import find_snapshots

        pacer = Pacer({}, default=GroupLimit(60_000, burst=50), cooldown_first=30.0)
        settings = settings_for(archive)
        first = await find_snapshots([ArchiveRequest(PAGE, T)], settings.archive, pacer=pacer)
        asked = archive.counts["cdx"]
        await find_snapshots([ArchiveRequest(PAGE + "?2", T)], settings.archive, pacer=pacer)
        return next(iter(first.values())).detail, archive.counts["cdx"] - asked

    detail, asked_while_cooling = trio.run(two_lookups)

    assert "HTTP 429" in detail
    assert asked_while_cooling == 0


def test_many_lookups_against_a_stalled_archive_finish_on_time(archive: ArchiveStandIn) -> None:
    archive.set_fault("stall")
    requests = [ArchiveRequest(f"{PAGE}/{i}", T) for i in range(30)]

    lookups = find_snapshots_sync(requests, settings_for(archive, archive_timeout=_STALL_TIMEOUT).archive, pacer=fast_pacer())

    assert {lookup.outcome for lookup in lookups.values()} == {ArchiveOutcome.UNREACHABLE}
    # The first timeouts mark the archive down: the other lookups fail at once, asking nothing.
    assert sum(archive.counts.values()) <= CONCURRENT_LOOKUPS
    assert sum("not retried" in lookup.detail for lookup in lookups.values()) >= len(requests) - CONCURRENT_LOOKUPS


def test_the_user_agent_is_sent(archive: ArchiveStandIn) -> None:
    add(archive, ("20200101000000", 200))

    look_up(archive, ArchiveRequest(PAGE, T), user_agent="linkaudit-test/1 (+contact)")

    assert archive.user_agents
    assert set(archive.user_agents) == {"linkaudit-test/1 (+contact)"}


def test_archive_none_asks_nothing(archive: ArchiveStandIn) -> None:
    lookup = look_up(archive, ArchiveRequest(PAGE, T), archive="none")

    assert lookup.outcome is ArchiveOutcome.NOT_ASKED
    assert sum(archive.counts.values()) == 0


# --- the cache ----------------------------------------------------------------------------


class MemoryCache:
    def __init__(self) -> None:
        self.stored: dict[tuple[str, dt.date | None], ArchiveLookup] = {}

    def get_archive(self, url: str, target: dt.date | None) -> ArchiveLookup | None:
        return self.stored.get((url, target))

    def record_archive(self, lookup: ArchiveLookup) -> None:
        self.stored[(lookup.url, lookup.target)] = lookup


def test_the_cache_short_circuits_a_second_lookup(archive: ArchiveStandIn) -> None:
    add(archive, ("20200101000000", 200))
    cache = MemoryCache()
    request = ArchiveRequest(PAGE, T)
    settings = settings_for(archive)

    first = find_snapshots_sync([request], settings.archive, cache=cache, pacer=fast_pacer())[request]
    asked = sum(archive.counts.values())
    second = find_snapshots_sync([request], settings.archive, cache=cache, pacer=fast_pacer())[request]

    assert sum(archive.counts.values()) == asked
    assert first.snapshot is not None and second.snapshot is not None
    assert second.snapshot.timestamp == first.snapshot.timestamp
    assert second.snapshot.found_by == "cache"


def test_an_unreachable_answer_is_not_cached(archive: ArchiveStandIn) -> None:
    archive.set_fault("503")
    cache = MemoryCache()

    find_snapshots_sync([ArchiveRequest(PAGE, T)], settings_for(archive).archive, cache=cache, pacer=fast_pacer())

    assert cache.stored == {}


# --- other Memento archives -----------------------------------------------------------------


def test_another_memento_archive_is_asked_when_the_wayback_machine_has_nothing(archive: ArchiveStandIn) -> None:
    with ArchiveStandIn(host="127.0.0.3") as other:
        other.add_capture(PAGE, "20201101000000", 200)
        other.add_capture(PAGE, "20210601000000", 200)
        settings = settings_for(archive, archives=(("arquivo", f"{other.base_url}/web/"),))

        lookup = find_snapshots_sync([ArchiveRequest(PAGE, T)], settings.archive, pacer=fast_pacer())[ArchiveRequest(PAGE, T)]

    assert lookup.snapshot is not None
    assert (lookup.snapshot.archive, lookup.snapshot.timestamp, lookup.snapshot.relation) == ("arquivo", "20201101000000", "before")


def test_a_failing_second_archive_makes_an_empty_wayback_answer_unverified(archive: ArchiveStandIn) -> None:
    with ArchiveStandIn(host="127.0.0.3") as other:
        other.set_fault("503")
        settings = settings_for(archive, archives=(("arquivo", f"{other.base_url}/web/"),))

        lookup = find_snapshots_sync([ArchiveRequest(PAGE, T)], settings.archive, pacer=fast_pacer())[ArchiveRequest(PAGE, T)]

    assert lookup.outcome is ArchiveOutcome.UNREACHABLE
    assert "arquivo" in lookup.detail


# --- pacing --------------------------------------------------------------------------------


def test_the_pacer_spaces_requests_to_the_group_rate() -> None:
    async def three_tokens() -> float:
        pacer = Pacer({"wayback:cdx": GroupLimit(600, burst=1)})  # one every 0.1 s
        started = trio.current_time()
        for _ in range(3):
            await pacer.acquire("wayback:cdx")
        return trio.current_time() - started

    # On trio's mock clock: the spacing is exact and no test time is spent waiting for it.
    assert trio.run(three_tokens, clock=trio.testing.MockClock(autojump_threshold=0)) == pytest.approx(0.2)


def test_a_cooling_group_fails_fast_and_its_cooldown_doubles_up_to_the_cap() -> None:
    async def scenario() -> tuple[float, float, float, bool]:
        pacer = Pacer({}, cooldown_first=1.0, cooldown_max=3.0)
        first, second, third = (pacer.rate_limited("wayback:cdx") for _ in range(3))
        try:
            await pacer.acquire("wayback:cdx")
        except ArchiveUnavailable:
            refused = True
        else:
            refused = False
        return first, second, third, refused

    assert trio.run(scenario) == (1.0, 2.0, 3.0, True)


def test_production_rates_stay_at_the_configured_share_of_archive_org_limits() -> None:
    pacer = Pacer.from_settings(Settings(archive_rate=0.8).archive)

    assert pacer._limits["wayback:cdx"].per_minute == pytest.approx(24)
    assert pacer._limits["wayback:replay"].per_minute == pytest.approx(480)
    assert pacer._limits["wayback:save"].per_minute == pytest.approx(12)
    assert (pacer.cooldown_first, pacer.cooldown_max) == (60, 300)


# --- parsers ---------------------------------------------------------------------------------


def test_cdx_json_parsing_reads_the_header_row() -> None:
    text = '[["timestamp","original","statuscode","mimetype"],["20200101000000","http://a/","200","text/html"]]'

    rows = parse_cdx_json(text)

    assert [(r.timestamp, r.original, r.statuscode) for r in rows] == [("20200101000000", "http://a/", "200")]


@pytest.mark.parametrize("empty", ["", "  \n", "[]"])
def test_only_an_empty_cdx_reply_means_no_rows(empty: str) -> None:
    assert parse_cdx_json(empty) == []


@given(st.text(max_size=200))
def test_cdx_parsing_never_fails_with_anything_but_archive_unavailable(text: str) -> None:
    try:
        rows = parse_cdx_json(text)
    except ArchiveUnavailable as error:
        assert error.detail.startswith("wayback cdx")
    else:
        assert isinstance(rows, list)


# URIs of the shape https?://[a-z]{1,8}.org/[a-z0-9/]{0,12}, built from their parts: drawing them
# from that regular expression took half the test's time.
_uris = st.builds(
    "{}://{}.org/{}".format,
    st.sampled_from(["http", "https"]),
    st.text(string.ascii_lowercase, min_size=1, max_size=8),
    st.text(string.ascii_lowercase + string.digits + "/", max_size=12),
)
_moments = st.datetimes(min_value=dt.datetime(1996, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
    lambda d: d.replace(microsecond=0, tzinfo=dt.UTC)
)


@given(st.lists(st.tuples(_uris, st.sampled_from(["memento", "prev memento", "first last memento"]), _moments), max_size=6))
def test_link_headers_round_trip(entries: list[tuple[str, str, dt.datetime]]) -> None:
    header = ", ".join(f'<{uri}>; rel="{rel}"; datetime="{format_http_date(when)}"' for uri, rel, when in entries)

    links = parse_link_header(header)

    assert [(link.uri, link.rels, link.datetime) for link in links] == [
        (uri, frozenset(rel.split()), when) for uri, rel, when in entries
    ]


def test_the_sqlite_cache_keeps_a_found_capture(archive: ArchiveStandIn, tmp_path: object) -> None:
    from linkaudit.cache import Cache

    add(archive, ("20200101000000", 200))
    cache = Cache.open(f"{tmp_path}/cache.sqlite")
    request = ArchiveRequest(PAGE, T)
    settings = settings_for(archive)

    find_snapshots_sync([request], settings.archive, cache=cache, pacer=fast_pacer())
    asked = sum(archive.counts.values())
    again = find_snapshots_sync([request], settings.archive, cache=cache, pacer=fast_pacer())[request]

    assert sum(archive.counts.values()) == asked
    assert again.snapshot is not None and again.snapshot.timestamp == "20200101000000"
