"""Memento Link headers are read as a whole, so a capture walk never ends early with a false "no capture".

Recorded headers below come from real archives, each with where it was published.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkaudit.archive import ArchiveRequest, find_snapshots_sync
from linkaudit.archive.memento import UNSAID, in_rule_order, mementos_in, neighbours_of, parse_link_header
from linkaudit.archive.pacing import GroupLimit, Pacer
from linkaudit.archive.wayback import MAX_PROBES
from linkaudit.models import ArchiveOutcome
from linkaudit.settings import Settings
from linkaudit.testing.archive import ArchiveStandIn

# --- recorded headers -------------------------------------------------------------------------

# web.archive.org, the id_ replay of a memento in the middle of its history: all five neighbours.
# Recorded in https://github.com/edgi-govdata-archiving/wayback/issues/57
WAYBACK_MIDDLE = (
    '<https://www.fws.gov/birds/>; rel="original", '
    '<http://web.archive.org/web/timemap/link/https://www.fws.gov/birds/>; rel="timemap"; type="application/link-format", '
    '<http://web.archive.org/web/https://www.fws.gov/birds/>; rel="timegate", '
    '<http://web.archive.org/web/20050323155300/http://www.fws.gov:80/birds>; rel="first memento"; datetime="Wed, 23 Mar 2005 15:53:00 GMT", '
    '<http://web.archive.org/web/20170929002712/https://www.fws.gov/birds/>; rel="prev memento"; datetime="Fri, 29 Sep 2017 00:27:12 GMT", '
    '<http://web.archive.org/web/20171124151315/https://www.fws.gov/birds/>; rel="memento"; datetime="Fri, 24 Nov 2017 15:13:15 GMT", '
    '<http://web.archive.org/web/20171228222143/https://www.fws.gov/birds/>; rel="next memento"; datetime="Thu, 28 Dec 2017 22:21:43 GMT", '
    '<http://web.archive.org/web/20201011123440/http://www.fws.gov/birds>; rel="last memento"; datetime="Sun, 11 Oct 2020 12:34:40 GMT"'
)

# web.archive.org's TimeGate (Accept-Datetime: Thu, 20 Mar 2003 19:54:39), as curl -I showed it in
# https://github.com/mementoweb/py-memento-client/issues/2
WAYBACK_TIMEGATE = (
    '<http://www.lanl.gov>; rel="original", '
    '<http://web.archive.org/web/timemap/link/http://www.lanl.gov>; rel="timemap"; type="application/link-format", '
    '<http://web.archive.org/web/19961221031231/http://www.lanl.gov>; rel="first memento"; datetime="Sat, 21 Dec 1996 03:12:31 GMT", '
    '<http://web.archive.org/web/20030219210359/http://www.lanl.gov>; rel="prev memento"; datetime="Wed, 19 Feb 2003 21:03:59 GMT", '
    '<http://web.archive.org/web/20030320195439/http://www.lanl.gov>; rel="memento"; datetime="Thu, 20 Mar 2003 19:54:39 GMT", '
    '<http://web.archive.org/web/20030323014913/http://www.lanl.gov>; rel="next memento"; datetime="Sun, 23 Mar 2003 01:49:13 GMT", '
    '<http://web.archive.org/web/20150926154207/http://www.lanl.gov>; rel="last memento"; datetime="Sat, 26 Sep 2015 15:42:07 GMT"'
)

# web.archive.org, a memento that is also the last one: no "next memento" at all.
# Recorded in akamhy/waybackpy, tests/test_save_api.py (https://github.com/akamhy/waybackpy)
WAYBACK_LAST = (
    '<https://www.scribbr.com/citing-sources/et-al/>; rel="original", '
    '<https://web.archive.org/web/timemap/link/https://www.scribbr.com/citing-sources/et-al/>; rel="timemap"; type="application/link-format", '
    '<https://web.archive.org/web/https://www.scribbr.com/citing-sources/et-al/>; rel="timegate", '
    '<https://web.archive.org/web/20200601082911/https://www.scribbr.com/citing-sources/et-al/>; rel="first memento"; datetime="Mon, 01 Jun 2020 08:29:11 GMT", '
    '<https://web.archive.org/web/20201126185327/https://www.scribbr.com/citing-sources/et-al/>; rel="prev memento"; datetime="Thu, 26 Nov 2020 18:53:27 GMT", '
    '<https://web.archive.org/web/20210102094009/https://www.scribbr.com/citing-sources/et-al/>; rel="memento"; datetime="Sat, 02 Jan 2021 09:40:09 GMT", '
    '<https://web.archive.org/web/20210102094009/https://www.scribbr.com/citing-sources/et-al/>; rel="last memento"; datetime="Sat, 02 Jan 2021 09:40:09 GMT"'
)

# archive.today's TimeMap (link-format, the Link header's syntax) for http://www.cs.odu.edu/~mln/.
# Recorded in a docstring of palewire/pastpages.org's Memento TimeMap module (toolbox/timemap).
ARCHIVE_TODAY_TIMEMAP = """<http://www.cs.odu.edu/~mln/>; rel="original",
<http://archive.today/timegate/http://www.cs.odu.edu/~mln/>; rel="timegate",
<http://archive.today/20130618185742/http://www.cs.odu.edu/~mln/>; rel="first memento"; datetime="Tue, 18 Jun 2013 18:57:42 GMT",
<http://archive.today/20130621194047/http://www.cs.odu.edu/~mln/>; rel="memento"; datetime="Fri, 21 Jun 2013 19:40:47 GMT",
<http://archive.today/20130723172543/http://www.cs.odu.edu/~mln/>; rel="memento"; datetime="Tue, 23 Jul 2013 17:25:43 GMT",
<http://archive.today/20130723173951/http://www.cs.odu.edu/~mln/>; rel="memento"; datetime="Tue, 23 Jul 2013 17:39:51 GMT",
<http://archive.today/20130728010336/http://www.cs.odu.edu/~mln/>; rel="memento"; datetime="Sun, 28 Jul 2013 01:03:36 GMT",
<http://archive.today/20131217200455/http://www.cs.odu.edu/~mln/>; rel="memento"; datetime="Tue, 17 Dec 2013 20:04:55 GMT",
<http://archive.today/20141015185128/http://www.cs.odu.edu/~mln/>; rel="memento"; datetime="Wed, 15 Oct 2014 18:51:28 GMT",
<http://archive.today/20141020194524/http://www.cs.odu.edu/~mln/>; rel="memento"; datetime="Mon, 20 Oct 2014 19:45:24 GMT",
<http://archive.today/20141112185338/http://www.cs.odu.edu/~mln/>; rel="memento"; datetime="Wed, 12 Nov 2014 18:53:38 GMT",
<http://archive.today/20141120172147/http://www.cs.odu.edu/~mln/>; rel="last memento"; datetime="Thu, 20 Nov 2014 17:21:47 GMT",
<http://archive.today/timemap/http://www.cs.odu.edu/~mln/>; rel="self"; type="application/link-format"; from="Tue, 18 Jun 2013 18:57:42 GMT"; until="Thu, 20 Nov 2014 17:21:47 GMT"
"""

# Library and Archives Canada (OpenWayback), the first entries of a TimeMap as published in
# https://github.com/oduwsdl/MemGator/issues/119
CANADA_TIMEMAP_START = """<http://www.cnn.com>; rel="original",
<http://webarchive.bac-lac.gc.ca:8080/wayback/timemap/link/http://www.cnn.com>; rel="self"; type="application/link-format"; from="Sat, 14 Jan 2006 02:36:25 GMT"; until="Mon, 16 Nov 2015 15:19:21 GMT",
<http://webarchive.bac-lac.gc.ca:8080/wayback/http://www.cnn.com>; rel="timegate",
<http://webarchive.bac-lac.gc.ca:8080/wayback/20060114023625/http://www.cnn.com/>; rel="first memento"; datetime="Sat, 14 Jan 2006 02:36:25 GMT",
<http://webarchive.bac-lac.gc.ca:8080/wayback/20060128015348/http://www.cnn.com/>; rel="memento"; datetime="Sat, 28 Jan 2006 01:53:48 GMT",
<http://webarchive.bac-lac.gc.ca:8080/wayback/20060215225732/http://www.cnn.com/>; rel="memento"; datetime="Wed, 15 Feb 2006 22:57:32 GMT",
<http://webarchive.bac-lac.gc.ca:8080/wayback/20131122104328/http://www.cnn.com/>; rel="memento"; datetime="Fri, 22 Nov 2013 10:43:28 GMT"
"""


def stamps(*mementos: object) -> tuple[str | None, ...]:
    return tuple(getattr(m, "timestamp", None) if m is not UNSAID else "unsaid" for m in mementos)


def test_a_recorded_wayback_memento_names_both_neighbours() -> None:
    links = parse_link_header(WAYBACK_MIDDLE)

    assert stamps(*neighbours_of("20171124151315", links)) == ("20170929002712", "20171228222143")
    assert len(mementos_in(links)) == 5


def test_the_recorded_wayback_timegate_answer_describes_the_memento_it_chose() -> None:
    links = parse_link_header(WAYBACK_TIMEGATE)

    assert stamps(*neighbours_of("20030320195439", links)) == ("20030219210359", "20030323014913")


def test_a_recorded_last_memento_has_no_next_and_the_header_says_so() -> None:
    links = parse_link_header(WAYBACK_LAST)

    # The memento is named twice (memento, last memento): there is nothing after it.
    assert stamps(*neighbours_of("20210102094009", links)) == ("20201126185327", None)


def test_a_missing_prev_that_is_the_first_memento_is_the_first() -> None:
    # The header a Memento server sends for the middle of three mementos: prev is the first
    # and next the last, so neither is repeated.
    links = [link for link in parse_link_header(WAYBACK_MIDDLE) if not link.rels & {"prev", "next"}]

    assert stamps(*neighbours_of("20171124151315", links)) == ("20050323155300", "20201011123440")


def test_a_header_naming_no_earlier_memento_and_no_first_leaves_the_predecessor_unsaid() -> None:
    links = [link for link in parse_link_header(WAYBACK_MIDDLE) if not link.rels & {"prev", "first"}]

    assert stamps(*neighbours_of("20171124151315", links)) == ("unsaid", "20171228222143")


def test_a_recorded_archive_today_timemap_gives_the_capture_the_rule_chooses() -> None:
    mementos = mementos_in(parse_link_header(ARCHIVE_TODAY_TIMEMAP))

    assert len(mementos) == 10
    assert in_rule_order(mementos, "20131001235959", before_only=False)[0].timestamp == "20130728010336"
    assert in_rule_order(mementos, "20130101235959", before_only=False)[0].timestamp == "20130618185742"
    assert in_rule_order(mementos, "20130101235959", before_only=True) == []


def test_a_recorded_openwayback_timemap_lists_its_mementos_oldest_first() -> None:
    mementos = mementos_in(parse_link_header(CANADA_TIMEMAP_START))

    assert [m.timestamp for m in mementos] == ["20060114023625", "20060128015348", "20060215225732", "20131122104328"]
    assert mementos[0].uri == "http://webarchive.bac-lac.gc.ca:8080/wayback/20060114023625/http://www.cnn.com/"


# --- the walk against the stand-in, which names neighbours by the same rules ----------------------

PAGE = "https://news.example.org/gone"


def fast_pacer() -> Pacer:
    return Pacer({}, default=GroupLimit(600_000, burst=500), cooldown_first=0.5, cooldown_max=1.0)


@pytest.fixture(scope="module")
def archive() -> Iterator[ArchiveStandIn]:
    with ArchiveStandIn(host="127.0.0.6") as standin:
        yield standin


_urls = (f"{PAGE}/{n}" for n in itertools.count())


def busy_replay_pacer() -> Pacer:
    """Replay never has a token free at the moment a lookup starts, so every lookup starts on CDX."""
    return Pacer({"wayback:replay": GroupLimit(600_000, burst=0)}, default=GroupLimit(600_000, burst=500))


def look_up(
    standin: ArchiveStandIn,
    history: list[tuple[str, int | str]],
    target: dt.date,
    *,
    route: str = "replay",
    in_process: bool = False,
) -> tuple[str | None, ArchiveOutcome, int, int]:
    """(chosen timestamp, outcome, CDX requests, replay-group requests) of one lookup of a fresh URL;
    ``in_process`` asks the stand-in through httpx.MockTransport rather than its socket."""
    url = next(_urls)
    for timestamp, status in history:
        if status == "revisit":
            standin.add_capture(url, timestamp, "-", "warc/revisit")
        else:
            standin.add_capture(url, timestamp, status)
    before = Counter(standin.counts)
    request = ArchiveRequest(url, target)
    pacer = fast_pacer() if route == "replay" else busy_replay_pacer()
    settings_ = Settings(wayback_url=standin.base_url, archive_timeout=5.0).archive
    transport = standin.mock_transport() if in_process else None
    lookup = find_snapshots_sync([request], settings_, pacer=pacer, transport=transport)[request]
    chosen = lookup.snapshot.timestamp if lookup.snapshot else None
    asked = Counter(standin.counts) - before
    return chosen, lookup.outcome, asked["cdx"], asked["timegate"] + asked["replay"]


def test_a_404_after_the_only_good_capture_is_stepped_over_to_the_first_memento(archive: ArchiveStandIn) -> None:
    # The TimeGate answers 2010, whose header names first = 2009 and no prev.
    chosen, outcome, cdx, _ = look_up(archive, [("20090601000000", 200), ("20100601000000", 404)], dt.date(2022, 1, 1))

    assert (chosen, outcome, cdx) == ("20090601000000", ArchiveOutcome.FOUND, 0)


def test_a_capture_before_publication_that_is_the_first_beats_the_nearer_one_after(archive: ArchiveStandIn) -> None:
    history = [("20100301000000", 200), ("20160101000000", 200), ("20170101000000", 200), ("20180101000000", 200)]

    chosen, outcome, cdx, _ = look_up(archive, history, dt.date(2015, 2, 15))

    assert (chosen, outcome, cdx) == ("20100301000000", ArchiveOutcome.FOUND, 0)


def test_redirect_captures_before_a_not_before_date_lead_to_the_last_memento_after(archive: ArchiveStandIn) -> None:
    history = [("20150210000000", 302), ("20150310000000", 302), ("20190101000000", 200)]

    chosen, outcome, cdx, _ = look_up(archive, history, dt.date(2015, 4, 1))

    assert (chosen, outcome, cdx) == ("20190101000000", ArchiveOutcome.FOUND, 0)


_stamps = st.datetimes(min_value=dt.datetime(2005, 1, 1), max_value=dt.datetime(2025, 12, 31)).map(
    lambda moment: moment.strftime("%Y%m%d%H%M%S")
)
_histories = st.lists(
    st.tuples(_stamps, st.sampled_from([200, 200, 301, 302, 404, "revisit"])), max_size=9, unique_by=lambda c: c[0]
)


def rule(history: list[tuple[str, int | str]], target: dt.date) -> str | None:
    """The latest 200 capture at or before the end of T's day, else the earliest 200 after."""
    limit = f"{target:%Y%m%d}235959"
    good = sorted(timestamp for timestamp, status in history if status == 200)
    before = [timestamp for timestamp in good if timestamp <= limit]
    after = [timestamp for timestamp in good if timestamp > limit]
    return before[-1] if before else after[0] if after else None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    history=_histories, target=st.dates(min_value=dt.date(2006, 1, 1), max_value=dt.date(2024, 12, 31)),
    omit_ends=st.booleans(), route=st.sampled_from(["replay", "cdx"]),
)
def test_both_routes_answer_every_capture_history_by_the_rule(
    archive: ArchiveStandIn, history: list[tuple[str, int | str]], target: dt.date, omit_ends: bool, route: str
) -> None:
    # The rule, not the socket, is under test here: the stand-in answers in-process (the tests
    # above take the same walk over loopback).
    archive.omit_ends = omit_ends
    try:
        chosen, outcome, cdx, replay = look_up(archive, history, target, route=route, in_process=True)
    finally:
        archive.omit_ends = True

    expected = rule(history, target)
    assert chosen == expected
    assert outcome is (ArchiveOutcome.FOUND if expected else ArchiveOutcome.NO_CAPTURE)
    mementos = sum(1 for _, status in history if status != "revisit")
    if route == "cdx":
        assert (replay, cdx) == (0, 1 if expected and expected <= f"{target:%Y%m%d}235959" else 2)
    elif mementos <= MAX_PROBES:
        assert cdx == 0  # the walk settled it from the headers alone


def test_another_memento_archive_steps_to_its_first_memento_when_prev_is_not_named(archive: ArchiveStandIn) -> None:
    with ArchiveStandIn(host="127.0.0.7") as other:
        settings_ = Settings(wayback_url=archive.base_url, archive_timeout=5.0, archives=(("other", f"{other.base_url}/web/"),))
        request = ArchiveRequest(PAGE + "?elsewhere", dt.date(2015, 2, 15))
        other.add_capture(request.url, "20100301000000", 200)
        other.add_capture(request.url, "20160101000000", 200)
        other.add_capture(request.url, "20170101000000", 200)

        lookup = find_snapshots_sync([request], settings_.archive, pacer=fast_pacer())[request]

        assert lookup.snapshot is not None
        assert (lookup.snapshot.archive, lookup.snapshot.timestamp, lookup.snapshot.found_by) == ("other", "20100301000000", "timegate")
        assert other.counts["timemap"] == 0


def test_a_verified_memento_that_is_not_a_200_leads_to_the_next_candidate_not_to_no_capture(archive: ArchiveStandIn) -> None:
    with ArchiveStandIn(host="127.0.0.7") as other:
        url = PAGE + "?verified"
        other.add_capture(url, "20120101000000", 200)
        other.add_capture(url, "20140101000000", 404)
        settings_ = Settings(
            wayback_url=archive.base_url, archive_timeout=5.0, verify_snapshots=True,
            archives=(("other", f"{other.base_url}/web/"),),
        )
        request = ArchiveRequest(url, dt.date(2015, 2, 15))

        lookup = find_snapshots_sync([request], settings_.archive, pacer=fast_pacer())[request]

        assert lookup.snapshot is not None
        assert (lookup.snapshot.archive, lookup.snapshot.timestamp, lookup.snapshot.verified) == ("other", "20120101000000", True)
