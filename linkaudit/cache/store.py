"""The cache's rows: checks with their history, and web-archive answers, in one SQLite file.

One connection in WAL mode; every write commits at once, so an interrupted run leaves a valid
cache behind. Each call is a handful of indexed statements: quick enough to make from trio tasks.

History policy: a check whose status is dead, soft-404 or failing extends the current failing
streak (its first check is "dead since ..."); alive or redirected ends it; blocked and skipped say
nothing about the source, so they neither break nor extend a streak (but count as checks).

Reuse policy: ``get_check`` never returns a ``failing`` result, whatever its age: failing means
"unreachable now", so the next run asks again and the streak can grow (what ``--confirm`` needs).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from linkaudit.cache.file import (
    NotACache,
    connect,
    memory_cache,
    move_aside,
    transaction,
)
from linkaudit.codec import Codec
from linkaudit.models import (
    ArchiveLookup,
    ArchiveOutcome,
    CheckHistory,
    CheckResult,
    LinkStatus,
    PagePrint,
)
from linkaudit.urlkey import url_key

__all__ = ["HISTORY_ROWS_KEPT", "NO_CAPTURE_TTL", "ROWS", "Cache"]

NO_CAPTURE_TTL = dt.timedelta(days=7)  # an archive may capture the source later: ask again after a week
HISTORY_ROWS_KEPT = 50  # per URL; the streak itself lives in the summary row, so old rows can go

FAILING_STATUSES = frozenset({LinkStatus.DEAD, LinkStatus.SOFT_404, LinkStatus.FAILING})
SILENT_STATUSES = frozenset({LinkStatus.BLOCKED, LinkStatus.SKIPPED})
NEVER_REUSED = frozenset({LinkStatus.FAILING})

# Records are kept as JSON under their field names (the report's layout is for people, not here).
ROWS = Codec()

T = TypeVar("T")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _epoch(moment: dt.datetime) -> float:
    # Naive datetimes are taken as UTC: everything linkaudit records is UTC.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


class Cache:
    """Checks and archive answers kept between runs. Open with ``Cache.open(path)``."""

    def __init__(self, connection: sqlite3.Connection, path: str, now: Callable[[], dt.datetime]) -> None:
        self._db = connection
        self._lock = threading.Lock()  # archive submissions may run in worker threads
        self._now = now
        self._broken = False
        self._in_memory = False  # the file could not be written: this run's records stay in memory
        self._warned_rows = False
        self.path = path
        self.warnings: list[str] = []

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, now: Callable[[], dt.datetime] = _utc_now) -> Cache:
        """Open or create the cache; a file that is not a usable cache is moved aside, never fatal."""
        location = Path(path)
        warnings: list[str] = []
        failure: BaseException | None = None
        try:
            location.parent.mkdir(parents=True, exist_ok=True)
            connection = connect(location)
        except NotACache as problem:
            try:
                aside = move_aside(location, now())
                warnings.append(
                    f"cache {location} is unusable ({problem}); moved it to {aside} and started a fresh cache"
                )
                connection = connect(location)
            except (NotACache, OSError, sqlite3.Error) as again:
                failure = again
        except (OSError, sqlite3.Error) as problem:
            failure = problem
        if failure is not None:
            connection = memory_cache(location, failure, warnings)
        cache = cls(connection, str(location), now)
        cache.warnings.extend(warnings)
        cache._in_memory = failure is not None
        return cache

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- checks --------------------------------------------------------------------------

    def get_check(self, url: str, max_age: float) -> CheckResult | None:
        """The latest result for ``url`` if younger than ``max_age`` seconds and worth reusing."""
        if max_age <= 0:
            return None
        key = url_key(url)
        now = _epoch(self._now())

        def read(db: sqlite3.Connection) -> CheckResult | None:
            row = db.execute(
                "SELECT checks, consecutive_failures, first_failure, last_checked, last_result"
                " FROM sources WHERE url = ?",
                (key,),
            ).fetchone()
            if row is None or now - row[3] >= max_age:
                return None
            result = ROWS.decode(CheckResult, json.loads(row[4]))
            if result.status in NEVER_REUSED:
                return None
            return dataclasses.replace(result, from_cache=True, history=_history_from_row(row))

        return self._run(None, self._row_guard(key, None, read))

    def history(self, url: str) -> CheckHistory:
        key = url_key(url)
        return self._run(CheckHistory(), self._row_guard(key, CheckHistory(), lambda db: _read_history(db, key)))

    def record_check(self, result: CheckResult) -> CheckHistory:
        """Append a fresh result to the URL's history; a result read from the cache is not counted twice."""
        if result.from_cache:
            return self.history(result.url)
        key = url_key(result.url)

        def write(db: sqlite3.Connection) -> CheckHistory:
            with transaction(db):
                history = _extend(self._row_guard(key, CheckHistory(), lambda db: _read_history(db, key))(db), result)
                stored = dataclasses.replace(result, history=history, from_cache=False)
                db.execute(
                    "INSERT INTO checks (url, checked_at, status, reason) VALUES (?, ?, ?, ?)",
                    (key, result.checked_at.isoformat(), result.status.value, result.reason),
                )
                db.execute(
                    "INSERT INTO sources"
                    " (url, checks, consecutive_failures, first_failure, last_checked, last_result)"
                    " VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (url) DO UPDATE SET checks = excluded.checks,"
                    " consecutive_failures = excluded.consecutive_failures,"
                    " first_failure = excluded.first_failure,"
                    " last_checked = excluded.last_checked, last_result = excluded.last_result",
                    (
                        key,
                        history.checks,
                        history.consecutive_failures,
                        history.first_failure.isoformat() if history.first_failure else None,
                        _epoch(result.checked_at),
                        json.dumps(ROWS.encode(stored)),
                    ),
                )
                db.execute(
                    "DELETE FROM checks WHERE url = ? AND id NOT IN"
                    " (SELECT id FROM checks WHERE url = ? ORDER BY id DESC LIMIT ?)",
                    (key, key, HISTORY_ROWS_KEPT),
                )
            return history

        # Should the cache fail, the report still gets this run's own count.
        return self._run(_extend(CheckHistory(), result), write)

    def recorded_statuses(self, url: str) -> list[tuple[dt.datetime, LinkStatus]]:
        """The kept history rows for ``url``, oldest first (for reports that show the trail)."""
        key = url_key(url)

        def read(db: sqlite3.Connection) -> list[tuple[dt.datetime, LinkStatus]]:
            rows = db.execute("SELECT checked_at, status FROM checks WHERE url = ? ORDER BY id", (key,))
            return [(dt.datetime.fromisoformat(at), LinkStatus(status)) for at, status in rows]

        return self._run([], self._row_guard(key, [], read))

    # -- archive answers -----------------------------------------------------------------

    def get_archive(self, url: str, target: dt.date | None) -> ArchiveLookup | None:
        """A stored answer for (url, target): a capture forever, "no capture" for a week."""
        key = (url_key(url), _target_key(target))
        now = _epoch(self._now())

        def read(db: sqlite3.Connection) -> ArchiveLookup | None:
            row = db.execute("SELECT outcome, stored_at, lookup FROM archive WHERE url = ? AND target = ?", key)
            found = row.fetchone()
            if found is None:
                return None
            outcome, stored_at, payload = found
            if outcome == ArchiveOutcome.NO_CAPTURE.value and now - stored_at >= NO_CAPTURE_TTL.total_seconds():
                return None
            lookup = ROWS.decode(ArchiveLookup, json.loads(payload))
            if lookup.snapshot is None:
                return lookup
            return dataclasses.replace(lookup, snapshot=dataclasses.replace(lookup.snapshot, found_by="cache"))

        return self._run(None, self._row_guard(key[0], None, read))

    def record_archive(self, lookup: ArchiveLookup) -> None:
        """Keep an archive's answer; failures to ask ("unreachable", "not asked") are not answers."""
        found = lookup.outcome is ArchiveOutcome.FOUND and lookup.snapshot is not None
        if not found and lookup.outcome is not ArchiveOutcome.NO_CAPTURE:
            return
        key = (url_key(lookup.url), _target_key(lookup.target))
        stored_at = _epoch(self._now())

        def write(db: sqlite3.Connection) -> None:
            with transaction(db):
                if not found:
                    # A capture that existed keeps existing: "no capture" never replaces one.
                    existing = db.execute("SELECT outcome FROM archive WHERE url = ? AND target = ?", key)
                    row = existing.fetchone()
                    if row and row[0] == ArchiveOutcome.FOUND.value:
                        return
                db.execute(
                    "INSERT OR REPLACE INTO archive (url, target, outcome, stored_at, lookup)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (*key, lookup.outcome.value, stored_at, json.dumps(ROWS.encode(lookup))),
                )

        self._run(None, write)

    # -- capture prints ------------------------------------------------------------------

    def get_capture_print(self, capture_url: str) -> PagePrint | None:
        """The print of a capture's main text, kept for good: a capture never changes."""

        def read(db: sqlite3.Connection) -> PagePrint | None:
            row = db.execute("SELECT print FROM capture_prints WHERE capture_url = ?", (capture_url,)).fetchone()
            try:
                return None if row is None else ROWS.decode(PagePrint, json.loads(row[0]))
            except (ValueError, TypeError, AttributeError):
                return None  # a damaged row: the capture is fetched again

        return self._run(None, read)

    def record_capture_print(self, capture_url: str, page: PagePrint) -> None:
        stored_at = _epoch(self._now())

        def write(db: sqlite3.Connection) -> None:
            with transaction(db):
                db.execute(
                    "INSERT OR REPLACE INTO capture_prints (capture_url, stored_at, print) VALUES (?, ?, ?)",
                    (capture_url, stored_at, json.dumps(ROWS.encode(page))),
                )

        self._run(None, write)

    # -- failure containment -------------------------------------------------------------

    def _row_guard(self, key: str, fallback: T, read: Callable[[sqlite3.Connection], T]) -> Callable[[sqlite3.Connection], T]:
        """``read``, with a row that cannot be decoded (bad JSON, unknown status, bad date: the file
        was edited or written by something else) taken as a miss, and said once per run."""

        def guarded(db: sqlite3.Connection) -> T:
            try:
                return read(db)
            except _ROW_PROBLEMS as problem:
                if not self._warned_rows:
                    self._warned_rows = True
                    self.warnings.append(
                        f"cache {self.path} has unreadable rows (first: {key}: {type(problem).__name__}: {problem});"
                        " they are treated as not cached"
                    )
                return fallback

        return guarded

    def _run(self, fallback: T, operation: Callable[[sqlite3.Connection], T]) -> T:
        """Run one cache operation; if SQLite fails mid-run, warn once and carry on without the cache."""
        with self._lock:
            if self._broken:
                return fallback
            try:
                return operation(self._db)
            except sqlite3.Error as problem:
                if _cannot_write(problem) and not self._in_memory:
                    # Locked by another run or made read-only since it was opened: keep its history
                    # for this run's reads (--confirm counts on it) and record in memory.
                    self._db.close()
                    self._db = memory_cache(Path(self.path), problem, self.warnings)
                    self._in_memory = True
                    try:
                        return operation(self._db)
                    except sqlite3.Error as again:
                        problem = again
                self._broken = True
                self.warnings.append(f"cache {self.path} failed ({problem}); continuing without it")
                return fallback


def _cannot_write(problem: sqlite3.Error) -> bool:
    text = str(problem).lower()
    return isinstance(problem, sqlite3.OperationalError) and ("locked" in text or "readonly" in text or "read-only" in text)


_ROW_PROBLEMS = (ValueError, TypeError, KeyError, AttributeError, IndexError)


def _read_history(db: sqlite3.Connection, key: str) -> CheckHistory:
    row = db.execute(
        "SELECT checks, consecutive_failures, first_failure FROM sources WHERE url = ?", (key,)
    ).fetchone()
    return _history_from_row(row) if row else CheckHistory()


def _history_from_row(row: tuple[Any, ...]) -> CheckHistory:
    checks, consecutive, first_failure = row[0], row[1], row[2]
    return CheckHistory(
        checks=checks,
        consecutive_failures=consecutive,
        first_failure=dt.datetime.fromisoformat(first_failure) if first_failure else None,
    )


def _extend(history: CheckHistory, result: CheckResult) -> CheckHistory:
    checks = history.checks + 1
    if result.status in FAILING_STATUSES:
        first = history.first_failure if history.consecutive_failures else result.checked_at
        return CheckHistory(checks, first, history.consecutive_failures + 1)
    if result.status in SILENT_STATUSES:
        return CheckHistory(checks, history.first_failure, history.consecutive_failures)
    return CheckHistory(checks, None, 0)


def _target_key(target: dt.date | None) -> str:
    return target.isoformat() if target else ""


