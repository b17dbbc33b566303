"""The SQLite cache: exact round trips, freshness, failure streaks, archive answers, corruption."""

from __future__ import annotations

import dataclasses
import json
import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkaudit.cache import NO_CAPTURE_TTL, Cache
from linkaudit.models import (
    ArchiveLookup,
    ArchiveOutcome,
    CheckHistory,
    CheckResult,
    Hop,
    LinkStatus,
    Snapshot,
)

START = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, moment: dt.datetime = START) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> dt.datetime:
        self.moment += dt.timedelta(**delta)
        return self.moment


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "dir" / "cache.sqlite"


@pytest.fixture
def cache(cache_path: Path, clock: Clock) -> Cache:
    with Cache.open(cache_path, now=clock) as opened:
        yield opened


def a_result(url: str, status: LinkStatus, at: dt.datetime, **fields: object) -> CheckResult:
    return CheckResult(url=url, status=status, reason=f"{status} for test", checked_at=at, **fields)  # type: ignore[arg-type]


def every_field_result() -> CheckResult:
    return CheckResult(
        url="https://example.org/a/b?q=1",
        status=LinkStatus.REDIRECTED,
        reason="redirected to https://example.org/c",
        checked_at=dt.datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        http_status=200,
        final_url="https://example.org/c",
        redirects=(Hop("https://example.org/a/b?q=1", 301), Hop("https://example.org/c", 200)),
        permanent_redirect=True,
        error_kind="tls",
        error="certificate verify failed: ünïcode",
        elapsed=0.1 + 0.2,
        content_type="text/html; charset=utf-8",
        title="A page \u2014 with a title",
        attempts=3,
    )


# --- round trip ---------------------------------------------------------------------------


def test_every_field_of_a_check_survives_the_round_trip(cache: Cache) -> None:
    original = every_field_result()
    cache.record_check(original)

    again = cache.get_check(original.url, max_age=10**9)

    assert again is not None
    assert again.from_cache is True
    assert again.history == CheckHistory(checks=1)
    assert dataclasses.replace(again, from_cache=False, history=CheckHistory()) == original
    assert again.checked_at.utcoffset() == dt.timedelta(hours=2)
    assert again.redirects == original.redirects


def test_the_result_survives_closing_and_reopening(cache_path: Path, clock: Clock) -> None:
    original = every_field_result()
    with Cache.open(cache_path, now=clock) as first:
        first.record_check(original)
    with Cache.open(cache_path, now=clock) as second:
        again = second.get_check(original.url, max_age=10**9)
        assert second.warnings == []
    assert again is not None
    assert dataclasses.replace(again, from_cache=False, history=CheckHistory()) == original


@pytest.fixture(scope="module")
def round_trip_cache(tmp_path_factory: pytest.TempPathFactory) -> Cache:
    # One cache file for every example: each example's result is written over the one before and
    # read back from the file. A new file for each example (its creation is mostly the disk's
    # flushes) would add nothing but time.
    with Cache.open(tmp_path_factory.mktemp("rt") / "c.sqlite", now=lambda: START) as opened:
        yield opened


@settings(max_examples=40, deadline=None)
@given(
    reason=st.text(max_size=40),
    title=st.none() | st.text(max_size=40),
    http_status=st.none() | st.integers(100, 599),
    elapsed=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    hops=st.lists(st.tuples(st.text(max_size=20), st.integers(100, 599)), max_size=4),
)
def test_any_text_and_numbers_round_trip(
    round_trip_cache: Cache,
    reason: str,
    title: str | None,
    http_status: int | None,
    elapsed: float,
    hops: list[tuple[str, int]],
) -> None:
    original = CheckResult(
        url="https://example.org/x",
        status=LinkStatus.ALIVE,
        reason=reason,
        checked_at=START,
        http_status=http_status,
        redirects=tuple(Hop(url, status) for url, status in hops),
        elapsed=elapsed,
        title=title,
    )
    round_trip_cache.record_check(original)
    again = round_trip_cache.get_check(original.url, max_age=60)
    assert again is not None
    assert dataclasses.replace(again, from_cache=False, history=CheckHistory()) == original


def test_urls_are_keyed_in_normalised_form(cache: Cache, clock: Clock) -> None:
    cache.record_check(a_result("HTTPS://Example.ORG:443/page#section", LinkStatus.ALIVE, clock()))

    assert cache.get_check("https://example.org/page", max_age=60) is not None
    assert cache.get_check("https://example.org/other", max_age=60) is None
    assert cache.get_check("https://example.org/./page", max_age=60) is not None  # the checker's key too


# --- a cache written by the version that keyed rows its own way ---------------------------

_VERSION_1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (url TEXT PRIMARY KEY, checks INTEGER NOT NULL, consecutive_failures INTEGER NOT NULL,
    first_failure TEXT, last_checked REAL NOT NULL, last_result TEXT NOT NULL);
CREATE TABLE checks (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, checked_at TEXT NOT NULL,
    status TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE archive (url TEXT NOT NULL, target TEXT NOT NULL, outcome TEXT NOT NULL, stored_at REAL NOT NULL,
    lookup TEXT NOT NULL, PRIMARY KEY (url, target));
INSERT INTO meta VALUES ('schema_version', '1');
"""


def _version_1_cache(path: Path, clock: Clock) -> None:
    """Rows as the previous version wrote them: keyed by case and port only, so ``/a/../b`` stayed."""
    import json

    from linkaudit.cache.store import ROWS

    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.executescript(_VERSION_1_SCHEMA)
    dead = a_result("https://example.org/a/../b", LinkStatus.DEAD, clock())
    db.execute(
        "INSERT INTO sources VALUES (?, 2, 2, ?, ?, ?)",
        ("https://example.org/a/../b", clock().isoformat(), clock().timestamp(), json.dumps(ROWS.encode(dead))),
    )
    for _ in range(2):
        db.execute("INSERT INTO checks (url, checked_at, status, reason) VALUES (?, ?, 'dead', 'HTTP 404')",
                   ("https://example.org/a/../b", clock().isoformat()))
    db.commit()
    db.close()


def test_a_cache_written_with_the_old_keys_keeps_its_history_under_the_one_key(cache_path: Path, clock: Clock) -> None:
    _version_1_cache(cache_path, clock)

    with Cache.open(cache_path, now=clock) as reopened:
        assert reopened.warnings == []
        cached = reopened.get_check("https://example.org/b", max_age=3600)
        assert cached is not None and cached.status is LinkStatus.DEAD
        assert reopened.history("https://example.org/b").consecutive_failures == 2
        assert len(reopened.recorded_statuses("https://example.org/b")) == 2
        clock.advance(hours=2)
        after = reopened.record_check(a_result("https://example.org/b", LinkStatus.DEAD, clock()))
    assert after.consecutive_failures == 3  # the streak goes on, not restarted under a new key


def test_a_read_only_old_cache_is_re_keyed_in_memory(cache_path: Path, clock: Clock) -> None:
    _version_1_cache(cache_path, clock)
    cache_path.chmod(0o444)
    cache_path.parent.chmod(0o555)
    try:
        with Cache.open(cache_path, now=clock) as reopened:
            assert reopened.history("https://example.org/b").consecutive_failures == 2
    finally:
        cache_path.parent.chmod(0o755)
        cache_path.chmod(0o644)


# --- rows that SQLite reads but linkaudit cannot decode ----------------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("last_result", "{not json"),
        ("last_result", '{"url": "https://example.org/x", "status": "mostly-fine", "reason": "", "checked_at": "2024-03-01T12:00:00+00:00"}'),
        ("last_result", '{"url": "https://example.org/x", "status": "alive", "reason": "", "checked_at": "yesterday"}'),
        ("first_failure", "the day it broke"),
    ],
)
def test_a_corrupt_row_is_a_miss_with_one_warning(cache: Cache, clock: Clock, column: str, value: str) -> None:
    for url in ("https://example.org/x", "https://example.org/y"):
        cache.record_check(a_result(url, LinkStatus.ALIVE, clock()))
    cache._db.execute(f"UPDATE sources SET {column} = ?", (value,))  # noqa: SLF001 - what a stray edit does

    assert cache.get_check("https://example.org/x", max_age=60) is None
    assert cache.get_check("https://example.org/y", max_age=60) is None
    cache.record_check(a_result("https://example.org/x", LinkStatus.ALIVE, clock()))
    assert len(cache.warnings) == 1 and "unreadable rows" in cache.warnings[0]
    assert cache.get_check("https://example.org/x", max_age=60) is not None  # the rewritten row is good again


def test_a_corrupt_history_or_archive_row_is_a_miss(cache: Cache, clock: Clock) -> None:
    cache.record_check(a_result("https://example.org/x", LinkStatus.DEAD, clock()))
    cache._db.execute("UPDATE checks SET status = 'gone-ish'")  # noqa: SLF001
    cache._db.execute(  # noqa: SLF001
        "INSERT INTO archive VALUES ('https://example.org/x', '', 'found', 0, '[1, 2')"
    )
    assert cache.recorded_statuses("https://example.org/x") == []
    assert cache.get_archive("https://example.org/x", None) is None
    assert len(cache.warnings) == 1


# --- freshness ----------------------------------------------------------------------------


def test_a_result_is_reused_only_while_younger_than_max_age(cache: Cache, clock: Clock) -> None:
    url = "https://example.org/fresh"
    cache.record_check(a_result(url, LinkStatus.ALIVE, clock()))

    clock.advance(seconds=3599)
    assert cache.get_check(url, max_age=3600) is not None
    clock.advance(seconds=1)
    assert cache.get_check(url, max_age=3600) is None
    assert cache.get_check(url, max_age=0) is None


def test_age_counts_from_when_the_source_was_checked(cache: Cache, clock: Clock) -> None:
    url = "https://example.org/old"
    cache.record_check(a_result(url, LinkStatus.DEAD, clock() - dt.timedelta(hours=2)))

    assert cache.get_check(url, max_age=3600) is None
    assert cache.get_check(url, max_age=3 * 3600) is not None


def test_a_failing_result_is_never_reused_so_the_next_run_asks_again(cache: Cache, clock: Clock) -> None:
    url = "https://example.org/flaky"
    cache.record_check(a_result(url, LinkStatus.FAILING, clock()))

    assert cache.get_check(url, max_age=86400) is None
    assert cache.history(url).consecutive_failures == 1


# --- history ------------------------------------------------------------------------------


def test_dead_since_the_first_failure_of_the_current_streak(cache: Cache, clock: Clock) -> None:
    url = "https://example.org/gone"
    cache.record_check(a_result(url, LinkStatus.DEAD, clock()))
    cache.record_check(a_result(url, LinkStatus.ALIVE, clock.advance(days=1)))
    first_failure = clock.advance(days=1)
    cache.record_check(a_result(url, LinkStatus.DEAD, first_failure))
    cache.record_check(a_result(url, LinkStatus.SOFT_404, clock.advance(days=1)))
    last = cache.record_check(a_result(url, LinkStatus.FAILING, clock.advance(days=1)))

    assert last == CheckHistory(checks=5, first_failure=first_failure, consecutive_failures=3)
    assert cache.history(url) == last
    assert [status for _, status in cache.recorded_statuses(url)] == [
        LinkStatus.DEAD,
        LinkStatus.ALIVE,
        LinkStatus.DEAD,
        LinkStatus.SOFT_404,
        LinkStatus.FAILING,
    ]


def test_blocked_and_skipped_neither_break_nor_extend_a_streak(cache: Cache, clock: Clock) -> None:
    url = "https://example.org/walled"
    first_failure = clock()
    cache.record_check(a_result(url, LinkStatus.DEAD, first_failure))
    cache.record_check(a_result(url, LinkStatus.BLOCKED, clock.advance(days=1)))
    cache.record_check(a_result(url, LinkStatus.SKIPPED, clock.advance(days=1)))
    history = cache.record_check(a_result(url, LinkStatus.DEAD, clock.advance(days=1)))

    assert history == CheckHistory(checks=4, first_failure=first_failure, consecutive_failures=2)


def test_a_live_answer_ends_the_streak(cache: Cache, clock: Clock) -> None:
    url = "https://example.org/back"
    cache.record_check(a_result(url, LinkStatus.FAILING, clock()))
    history = cache.record_check(a_result(url, LinkStatus.REDIRECTED, clock.advance(hours=1)))

    assert history == CheckHistory(checks=2, first_failure=None, consecutive_failures=0)


def test_a_cached_result_handed_back_is_not_counted_twice(cache: Cache, clock: Clock) -> None:
    url = "https://example.org/once"
    cache.record_check(a_result(url, LinkStatus.DEAD, clock()))
    reused = cache.get_check(url, max_age=60)
    assert reused is not None

    assert cache.record_check(reused) == CheckHistory(checks=1, first_failure=START, consecutive_failures=1)


def test_the_cached_result_carries_its_history(cache: Cache, clock: Clock) -> None:
    url = "https://example.org/history"
    cache.record_check(a_result(url, LinkStatus.DEAD, clock()))
    cache.record_check(a_result(url, LinkStatus.DEAD, clock.advance(minutes=1)))

    reused = cache.get_check(url, max_age=3600)

    assert reused is not None
    assert reused.history == CheckHistory(checks=2, first_failure=START, consecutive_failures=2)


def test_an_unknown_url_has_an_empty_history(cache: Cache) -> None:
    assert cache.history("https://example.org/never") == CheckHistory()


# --- archive answers ----------------------------------------------------------------------


def a_capture(url: str, timestamp: str = "20230105120000") -> Snapshot:
    return Snapshot(
        archive="wayback",
        url=f"https://web.archive.org/web/{timestamp}/{url}",
        original=url,
        timestamp=timestamp,
        status=200,
        relation="before",
        distance_days=12,
        found_by="cdx",
        verified=True,
    )


def test_a_found_capture_is_kept_forever_per_url_and_target(cache: Cache, clock: Clock) -> None:
    url = "https://example.org/cited"
    target = dt.date(2023, 1, 17)
    lookup = ArchiveLookup(url, ArchiveOutcome.FOUND, a_capture(url), target, "cdx")
    cache.record_archive(lookup)
    clock.advance(days=3650)

    again = cache.get_archive(url, target)

    assert again is not None
    assert again.snapshot is not None
    assert again.snapshot.found_by == "cache"
    assert dataclasses.replace(again, snapshot=dataclasses.replace(again.snapshot, found_by="cdx")) == lookup
    assert cache.get_archive(url, dt.date(2020, 1, 1)) is None
    assert cache.get_archive(url, None) is None


def test_no_capture_is_kept_for_seven_days(cache: Cache, clock: Clock) -> None:
    url = "https://example.org/uncaptured"
    lookup = ArchiveLookup(url, ArchiveOutcome.NO_CAPTURE, None, None, "")
    cache.record_archive(lookup)

    clock.advance(seconds=NO_CAPTURE_TTL.total_seconds() - 1)
    assert cache.get_archive(url, None) == lookup
    clock.advance(seconds=1)
    assert cache.get_archive(url, None) is None


def test_no_capture_never_replaces_a_capture_that_existed(cache: Cache) -> None:
    url = "https://example.org/captured"
    target = dt.date(2023, 1, 17)
    cache.record_archive(ArchiveLookup(url, ArchiveOutcome.FOUND, a_capture(url), target))
    cache.record_archive(ArchiveLookup(url, ArchiveOutcome.NO_CAPTURE, None, target))

    again = cache.get_archive(url, target)
    assert again is not None and again.outcome is ArchiveOutcome.FOUND


@pytest.mark.parametrize("outcome", [ArchiveOutcome.UNREACHABLE, ArchiveOutcome.NOT_ASKED])
def test_an_archive_that_was_not_asked_or_failed_is_not_an_answer(cache: Cache, outcome: ArchiveOutcome) -> None:
    url = "https://example.org/unknown"
    cache.record_archive(ArchiveLookup(url, outcome, None, None, "wayback: HTTP 429"))

    assert cache.get_archive(url, None) is None


# --- robustness ---------------------------------------------------------------------------


def test_a_corrupt_file_is_moved_aside_with_a_warning(cache_path: Path, clock: Clock) -> None:
    cache_path.parent.mkdir(parents=True)
    garbage = bytes(range(256)) * 64
    cache_path.write_bytes(garbage)

    with Cache.open(cache_path, now=clock) as cache:
        cache.record_check(a_result("https://example.org/", LinkStatus.ALIVE, clock()))
        assert cache.get_check("https://example.org/", max_age=60) is not None
        warnings = list(cache.warnings)

    aside = cache_path.with_name("cache.sqlite.corrupt-20240301T120000")
    assert aside.read_bytes() == garbage
    assert len(warnings) == 1
    assert str(cache_path) in warnings[0] and str(aside) in warnings[0]


def test_a_sqlite_file_of_another_kind_is_moved_aside(cache_path: Path, clock: Clock) -> None:
    cache_path.parent.mkdir(parents=True)
    other = sqlite3.connect(cache_path)
    other.execute("CREATE TABLE sources (something_else TEXT)")
    other.commit()
    other.close()

    with Cache.open(cache_path, now=clock) as cache:
        assert len(cache.warnings) == 1
        assert "sources" in cache.warnings[0]
    assert any(p.name.startswith("cache.sqlite.corrupt-") for p in cache_path.parent.iterdir())


def test_an_unopenable_path_falls_back_to_memory(tmp_path: Path, clock: Clock) -> None:
    directory = tmp_path / "a-directory"
    directory.mkdir()

    with Cache.open(directory, now=clock) as cache:
        cache.record_check(a_result("https://example.org/", LinkStatus.ALIVE, clock()))
        assert cache.get_check("https://example.org/", max_age=60) is not None
        assert len(cache.warnings) == 1 and "memory" in cache.warnings[0]
    assert directory.is_dir()


def test_a_locked_cache_is_never_moved_aside(cache_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    with Cache.open(cache_path, now=clock) as first:
        first.record_check(a_result("https://example.org/", LinkStatus.DEAD, clock()))
    # The lock is really held: however short the wait for it, it ends the same way.
    monkeypatch.setattr("linkaudit.cache.file.BUSY_TIMEOUT", 0.005)
    monkeypatch.setattr("linkaudit.cache.file.READ_COPY_TIMEOUT", 0.005)
    holder = sqlite3.connect(cache_path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of writing
    try:
        with Cache.open(cache_path, now=clock) as cache:
            assert len(cache.warnings) == 1 and "cannot be written" in cache.warnings[0]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not any(".corrupt-" in p.name for p in cache_path.parent.iterdir())
    with Cache.open(cache_path, now=clock) as later:
        assert later.history("https://example.org/").checks == 1


def test_a_read_only_cache_still_informs_the_run_from_a_copy(
    cache_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Cache.open(cache_path, now=clock) as first:
        first.record_check(a_result("https://example.org/", LinkStatus.DEAD, clock()))

    def read_only(_location: Path) -> sqlite3.Connection:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr("linkaudit.cache.store.connect", read_only)
    with Cache.open(cache_path, now=clock) as cache:
        assert cache.history("https://example.org/").checks == 1
        assert len(cache.warnings) == 1 and "read-only copy" in cache.warnings[0]


def test_a_corrupt_file_that_cannot_be_moved_aside_falls_back_to_memory(
    cache_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(b"not a database at all" * 100)

    def refuse(*_args: object) -> Path:
        raise PermissionError("read-only directory")

    monkeypatch.setattr("linkaudit.cache.store.move_aside", refuse)
    with Cache.open(cache_path, now=clock) as cache:
        cache.record_check(a_result("https://example.org/", LinkStatus.ALIVE, clock()))
        assert cache.get_check("https://example.org/", max_age=60) is not None
        assert len(cache.warnings) == 1 and "read-only directory" in cache.warnings[0]
    assert cache_path.read_bytes().startswith(b"not a database")


def test_a_cache_that_turns_read_only_mid_run_keeps_its_history_in_memory(cache_path: Path, clock: Clock) -> None:
    with Cache.open(cache_path, now=clock) as first:
        first.record_check(a_result("https://example.org/", LinkStatus.DEAD, clock()))
    with Cache.open(cache_path, now=clock) as cache:
        cache._db.execute("PRAGMA query_only = ON")  # what a file made read-only under a run looks like
        history = cache.record_check(a_result("https://example.org/", LinkStatus.DEAD, clock()))
        assert history.checks == 2 and history.consecutive_failures == 2  # --confirm still counts
        assert len(cache.warnings) == 1 and "read-only copy" in cache.warnings[0]
    with Cache.open(cache_path, now=clock) as later:
        assert later.history("https://example.org/").checks == 1  # the file itself was not written


def test_a_cache_that_fails_mid_run_warns_once_and_stops_being_used(cache: Cache, clock: Clock) -> None:
    cache._db.execute("DROP TABLE sources")  # what a file damaged under our feet looks like

    first = cache.record_check(a_result("https://example.org/", LinkStatus.DEAD, clock()))
    second = cache.get_check("https://example.org/", max_age=60)

    assert first == CheckHistory(checks=1, first_failure=clock(), consecutive_failures=1)
    assert second is None
    assert len(cache.warnings) == 1 and "continuing without it" in cache.warnings[0]


def test_two_caches_on_one_file_see_each_others_writes(cache_path: Path, clock: Clock) -> None:
    with Cache.open(cache_path, now=clock) as one, Cache.open(cache_path, now=clock) as two:
        one.record_check(a_result("https://example.org/1", LinkStatus.DEAD, clock()))
        two.record_check(a_result("https://example.org/1", LinkStatus.DEAD, clock.advance(minutes=1)))
        two.record_check(a_result("https://example.org/2", LinkStatus.ALIVE, clock()))

        assert one.history("https://example.org/1").consecutive_failures == 2
        assert one.get_check("https://example.org/2", max_age=60) is not None
        assert one.warnings == [] and two.warnings == []


def test_concurrent_writers_lose_no_check(cache_path: Path, clock: Clock) -> None:
    url = "https://example.org/busy"
    Cache.open(cache_path, now=clock).close()

    def write_many() -> None:
        with Cache.open(cache_path, now=clock) as mine:
            for _ in range(25):
                mine.record_check(a_result(url, LinkStatus.DEAD, clock()))

    threads = [threading.Thread(target=write_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    with Cache.open(cache_path, now=clock) as cache:
        assert cache.history(url).checks == 100
        assert cache.history(url).consecutive_failures == 100


def test_an_interrupted_writer_leaves_a_valid_cache(cache_path: Path, clock: Clock) -> None:
    writer = Cache.open(cache_path, now=clock)
    writer.record_check(a_result("https://example.org/", LinkStatus.ALIVE, clock()))
    # No close(): the process is gone as far as the next run can tell.

    with Cache.open(cache_path, now=clock) as reader:
        assert reader.get_check("https://example.org/", max_age=60) is not None
        assert reader.warnings == []
    writer.close()


# --- the caches of a CI matrix, merged -------------------------------------------------------


def test_shard_caches_merge_into_one_history(tmp_path: Path, clock: Clock) -> None:
    import shutil

    from linkaudit.cache import merge_caches
    from linkaudit.cli import main

    base = tmp_path / "base.sqlite"
    with Cache.open(base, now=clock) as nightly:
        nightly.record_check(a_result("https://a.example/x", LinkStatus.DEAD, clock()))
        nightly.record_check(a_result("https://b.example/y", LinkStatus.ALIVE, clock()))
    parts = []
    for shard, url in ((1, "https://a.example/x"), (2, "https://b.example/y")):
        part = tmp_path / f"cache-{shard}.sqlite"
        shutil.copy(base, part)  # each job restored the same cache ...
        with Cache.open(part, now=clock) as job:  # ... and checked its own sites
            clock.advance(hours=1)
            job.record_check(a_result(url, LinkStatus.DEAD, clock()))
        parts.append(part)
    with Cache.open(parts[0], now=clock) as job:
        job.record_archive(ArchiveLookup("https://a.example/x", ArchiveOutcome.NO_CAPTURE))

    merged = tmp_path / "merged.sqlite"
    shutil.copy(base, merged)
    summary = merge_caches(merged, parts)
    assert (summary.sources, summary.checks, summary.archive) == (2, 2, 1)
    with Cache.open(merged, now=clock) as result:
        assert result.history("https://a.example/x").consecutive_failures == 2  # the streak went on
        assert result.history("https://b.example/y").consecutive_failures == 1
        assert len(result.recorded_statuses("https://a.example/x")) == 2  # the shared row once, not twice
        assert result.get_archive("https://a.example/x", None) is not None
    assert merge_caches(merged, parts) == type(summary)(0, 0, 0)  # merging again changes nothing

    not_a_cache = tmp_path / "notes.sqlite"
    not_a_cache.write_bytes(b"not sqlite at all" * 100)
    assert main(["cache", "merge", str(merged), str(not_a_cache)]) == 2
    assert main(["cache", "merge", str(tmp_path / "new.sqlite"), *map(str, parts)]) == 0


# Rows exactly as the version before the shared record codec wrote them (its own JSON encoder).
_EARLIER_CHECK_ROW = (
    '{"url": "https://example.org/gone", "status": "dead", "reason": "HTTP 404", "checked_at": '
    '"2024-03-01T12:00:00+00:00", "http_status": 404, "final_url": null, "redirects": [{"url": '
    '"http://example.org/gone", "status": 301}], "permanent_redirect": false, "error_kind": null, "error": null, '
    '"elapsed": 0.5, "content_type": "text/html", "title": "Not found", "attempts": 2, "from_cache": false, '
    '"history": {"checks": 3, "first_failure": "2024-03-01T12:00:00+00:00", "consecutive_failures": 2}, '
    '"page": {"title": "Not found", "text": "page not found"}}'
)
_EARLIER_ARCHIVE_ROW = (
    '{"url": "https://example.org/gone", "outcome": "found", "snapshot": {"archive": "wayback", "url": '
    '"https://web.archive.org/web/20190801120000/https://example.org/gone", "original": "https://example.org/gone", '
    '"timestamp": "20190801120000", "status": 200, "relation": "before", "distance_days": 19, "found_by": "cdx", '
    '"verified": true}, "target": "2019-08-20", "detail": ""}'
)


def test_rows_an_earlier_version_wrote_are_read_and_written_alike(cache: Cache, clock: Clock) -> None:
    from linkaudit.cache.store import ROWS
    from linkaudit.models import PagePrint

    cache._db.execute(  # noqa: SLF001 - the rows as they sit in a cache file from before
        "INSERT INTO sources VALUES ('https://example.org/gone', 3, 2, ?, ?, ?)",
        (clock().isoformat(), clock().timestamp(), _EARLIER_CHECK_ROW),
    )
    cache._db.execute(  # noqa: SLF001
        "INSERT INTO archive VALUES ('https://example.org/gone', '2019-08-20', 'found', ?, ?)",
        (clock().timestamp(), _EARLIER_ARCHIVE_ROW),
    )
    check = cache.get_check("https://example.org/gone", max_age=60)
    assert check == CheckResult(
        "https://example.org/gone", LinkStatus.DEAD, "HTTP 404", clock(), http_status=404,
        redirects=(Hop("http://example.org/gone", 301),), elapsed=0.5, content_type="text/html", title="Not found",
        attempts=2, from_cache=True, history=CheckHistory(3, clock(), 2), page=PagePrint("Not found", "page not found"),
    )
    lookup = cache.get_archive("https://example.org/gone", dt.date(2019, 8, 20))
    assert lookup is not None and lookup.snapshot is not None
    assert (lookup.outcome, lookup.snapshot.timestamp, lookup.snapshot.verified) == (ArchiveOutcome.FOUND, "20190801120000", True)
    # What is written today is the same JSON, key for key.
    stored = dataclasses.replace(check, from_cache=False)
    assert ROWS.encode(stored) == json.loads(_EARLIER_CHECK_ROW)
    assert ROWS.encode(dataclasses.replace(lookup, snapshot=dataclasses.replace(lookup.snapshot, found_by="cdx"))) == json.loads(
        _EARLIER_ARCHIVE_ROW
    )
