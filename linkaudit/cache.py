"""The persistent cache: checks with their history, and web-archive answers, in one SQLite file.

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
import enum
import functools
import json
import os
import sqlite3
import threading
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from linkaudit.models import (
    ArchiveLookup,
    ArchiveOutcome,
    CheckHistory,
    CheckResult,
    LinkStatus,
    PagePrint,
)
from linkaudit.urlkey import url_key

__all__ = ["NO_CAPTURE_TTL", "SCHEMA_VERSION", "Cache", "CacheMergeError", "MergeSummary", "merge_caches"]

SCHEMA_VERSION = 2  # 2: rows keyed by linkaudit.urlkey (1 used a looser key; re-keyed on open)
NO_CAPTURE_TTL = dt.timedelta(days=7)  # an archive may capture the source later: ask again after a week
HISTORY_ROWS_KEPT = 50  # per URL; the streak itself lives in the summary row, so old rows can go

FAILING_STATUSES = frozenset({LinkStatus.DEAD, LinkStatus.SOFT_404, LinkStatus.FAILING})
SILENT_STATUSES = frozenset({LinkStatus.BLOCKED, LinkStatus.SKIPPED})
NEVER_REUSED = frozenset({LinkStatus.FAILING})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    url TEXT PRIMARY KEY,
    checks INTEGER NOT NULL,
    consecutive_failures INTEGER NOT NULL,
    first_failure TEXT,
    last_checked REAL NOT NULL,
    last_result TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_by_url ON checks (url, id);
CREATE TABLE IF NOT EXISTS archive (
    url TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    stored_at REAL NOT NULL,
    lookup TEXT NOT NULL,
    PRIMARY KEY (url, target)
);
CREATE TABLE IF NOT EXISTS capture_prints (
    capture_url TEXT PRIMARY KEY,
    stored_at REAL NOT NULL,
    print TEXT NOT NULL
);
"""

T = TypeVar("T")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _epoch(moment: dt.datetime) -> float:
    # Naive datetimes are taken as UTC: everything linkaudit records is UTC.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


# --- JSON codec for the frozen records ------------------------------------------------------


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_to_json(item) for item in value]
    return value


def _from_json(kind: Any, data: Any) -> Any:
    """Rebuild a value of type ``kind`` (as in the dataclass annotations) from its JSON form."""
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _from_json(options[0], data)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_from_json(args[0], item) for item in data)
        return tuple(_from_json(arg, item) for arg, item in zip(args, data, strict=True))
    if isinstance(kind, type):
        if dataclasses.is_dataclass(kind):
            return _record_from_json(kind, data)
        if issubclass(kind, enum.Enum):
            return kind(data)
        if kind is dt.datetime:
            return dt.datetime.fromisoformat(data)
        if kind is dt.date:
            return dt.date.fromisoformat(data)
        if kind is float:
            return float(data)
    return data


def _record_from_json(record_type: type[T], data: dict[str, Any]) -> T:
    hints = _field_types(record_type)  # type: ignore[arg-type]  # classes are hashable
    values = {name: _from_json(hints[name], value) for name, value in data.items() if name in hints}
    return record_type(**values)


@functools.cache
def _field_types(record_type: type) -> dict[str, Any]:
    # get_type_hints evaluates every annotation: far too slow to do per cache read.
    hints = typing.get_type_hints(record_type)
    return {f.name: hints[f.name] for f in dataclasses.fields(record_type)}


# --- the cache ------------------------------------------------------------------------------


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
            connection = _connect(location)
        except _NotACache as problem:
            try:
                aside = _move_aside(location, now())
                warnings.append(
                    f"cache {location} is unusable ({problem}); moved it to {aside} and started a fresh cache"
                )
                connection = _connect(location)
            except (_NotACache, OSError, sqlite3.Error) as again:
                failure = again
        except (OSError, sqlite3.Error) as problem:
            failure = problem
        if failure is not None:
            connection = _memory_cache(location, failure, warnings)
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
            result = _record_from_json(CheckResult, json.loads(row[4]))
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
            with _transaction(db):
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
                        json.dumps(_to_json(stored)),
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
            lookup = _record_from_json(ArchiveLookup, json.loads(payload))
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
            with _transaction(db):
                if not found:
                    # A capture that existed keeps existing: "no capture" never replaces one.
                    existing = db.execute("SELECT outcome FROM archive WHERE url = ? AND target = ?", key)
                    row = existing.fetchone()
                    if row and row[0] == ArchiveOutcome.FOUND.value:
                        return
                db.execute(
                    "INSERT OR REPLACE INTO archive (url, target, outcome, stored_at, lookup)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (*key, lookup.outcome.value, stored_at, json.dumps(_to_json(lookup))),
                )

        self._run(None, write)

    # -- capture prints ------------------------------------------------------------------

    def get_capture_print(self, capture_url: str) -> PagePrint | None:
        """The print of a capture's main text, kept for good: a capture never changes."""

        def read(db: sqlite3.Connection) -> PagePrint | None:
            row = db.execute("SELECT print FROM capture_prints WHERE capture_url = ?", (capture_url,)).fetchone()
            try:
                return None if row is None else _record_from_json(PagePrint, json.loads(row[0]))
            except (ValueError, TypeError, AttributeError):
                return None  # a damaged row: the capture is fetched again

        return self._run(None, read)

    def record_capture_print(self, capture_url: str, page: PagePrint) -> None:
        stored_at = _epoch(self._now())

        def write(db: sqlite3.Connection) -> None:
            with _transaction(db):
                db.execute(
                    "INSERT OR REPLACE INTO capture_prints (capture_url, stored_at, print) VALUES (?, ?, ?)",
                    (capture_url, stored_at, json.dumps(_to_json(page))),
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
                    self._db = _memory_cache(Path(self.path), problem, self.warnings)
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


# How long to wait for another process (a parallel CI job) that holds the cache file's lock.
BUSY_TIMEOUT = 10.0


class _NotACache(Exception):
    pass


# What decoding a row that SQLite reads fine can raise: JSON, enum values, dates, record fields.
_ROW_PROBLEMS = (ValueError, TypeError, KeyError, AttributeError, IndexError)


def _read_history(db: sqlite3.Connection, key: str) -> CheckHistory:
    row = db.execute(
        "SELECT checks, consecutive_failures, first_failure FROM sources WHERE url = ?", (key,)
    ).fetchone()
    return _history_from_row(row) if row else CheckHistory()


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    # Autocommit connection: one explicit transaction per write, committed before the call returns.
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


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


def _connect(location: Path) -> sqlite3.Connection:
    """Connect and make sure the file holds our schema; ``_NotACache`` if it holds something else."""
    connection = sqlite3.connect(location, timeout=BUSY_TIMEOUT, check_same_thread=False, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")  # with WAL: consistent after a crash, and fast
        _refuse_foreign_tables(connection)
        connection.executescript("BEGIN;" + _SCHEMA + "COMMIT;")
        _check_schema_version(connection)
    except sqlite3.DatabaseError as problem:
        connection.close()
        if isinstance(problem, sqlite3.OperationalError):
            raise  # locked, read-only, unreachable: a good cache we cannot use now, never to be moved aside
        raise _NotACache(str(problem)) from problem
    except _NotACache:
        connection.close()
        raise
    return connection


def _refuse_foreign_tables(connection: sqlite3.Connection) -> None:
    # Another program's database given as --cache must not be written into.
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    foreign = names - set(_EXPECTED_COLUMNS) - {"meta", "sqlite_sequence"}
    if foreign:
        raise _NotACache(f"it holds tables that are not linkaudit's: {', '.join(sorted(foreign))}")


_REKEYED_VERSION = "1"  # same tables, rows keyed by an older normalisation


def _check_schema_version(connection: sqlite3.Connection, *, migrate: bool = True) -> None:
    for table, columns in _EXPECTED_COLUMNS.items():
        found = {info[1] for info in connection.execute(f"PRAGMA table_info({table})")}
        if not columns <= found:
            raise _NotACache(f"table {table} lacks columns {sorted(columns - found)}")
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        connection.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )
    elif row[0] == _REKEYED_VERSION:
        if migrate:
            _rekey(connection)
    elif row[0] != str(SCHEMA_VERSION):
        raise _NotACache(f"schema version {row[0]}, this linkaudit uses {SCHEMA_VERSION}")


def _rekey(db: sqlite3.Connection) -> None:
    """Re-key a version-1 cache by ``url_key``. Rows whose keys now coincide (``/a/../b`` and
    ``/b``) were one source all along: the newer check summary wins, their history rows join."""
    with _transaction(db):
        for old, checked in db.execute("SELECT url, last_checked FROM sources").fetchall():
            new = url_key(old)
            if new == old:
                continue
            clash = db.execute("SELECT last_checked FROM sources WHERE url = ?", (new,)).fetchone()
            if clash is not None and clash[0] >= checked:
                db.execute("DELETE FROM sources WHERE url = ?", (old,))
            else:
                db.execute("DELETE FROM sources WHERE url = ?", (new,))
                db.execute("UPDATE sources SET url = ? WHERE url = ?", (new, old))
            db.execute("UPDATE checks SET url = ? WHERE url = ?", (new, old))
        for old, target in db.execute("SELECT url, target FROM archive").fetchall():
            new = url_key(old)
            if new != old:
                # A stored capture wins over "no capture" under the new key, as in record_archive.
                db.execute(
                    "INSERT INTO archive SELECT ?, target, outcome, stored_at, lookup FROM archive"
                    " WHERE url = ? AND target = ? ON CONFLICT (url, target) DO UPDATE SET"
                    " outcome = excluded.outcome, stored_at = excluded.stored_at, lookup = excluded.lookup"
                    " WHERE archive.outcome != 'found'",
                    (new, old, target),
                )
                db.execute("DELETE FROM archive WHERE url = ? AND target = ?", (old, target))
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))


_EXPECTED_COLUMNS = {
    "sources": {"url", "checks", "consecutive_failures", "first_failure", "last_checked", "last_result"},
    "checks": {"id", "url", "checked_at", "status", "reason"},
    "archive": {"url", "target", "outcome", "stored_at", "lookup"},
    "capture_prints": {"capture_url", "stored_at", "print"},
}


def _move_aside(location: Path, moment: dt.datetime) -> Path:
    stamp = moment.strftime("%Y%m%dT%H%M%S")
    aside = location.with_name(f"{location.name}.corrupt-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = location.with_name(f"{location.name}.corrupt-{stamp}-{counter}")
    location.replace(aside)
    for suffix in ("-wal", "-shm"):  # journals of the broken file must not be replayed into the new one
        journal = location.with_name(location.name + suffix)
        if journal.exists():
            journal.replace(aside.with_name(aside.name + suffix))
    return aside


def _memory_cache(location: Path, problem: BaseException, warnings: list[str]) -> sqlite3.Connection:
    """A cache in memory for this run, holding a copy of the file's history when it can be read
    (a read-only or locked cache still informs --confirm and --max-age; it is just not written)."""
    connection = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    copied = _copy_read_only(location, connection)
    kept = "a read-only copy of its history" if copied else "its cache"
    warnings.append(f"cache {location} cannot be written ({problem}); this run keeps {kept} in memory only")
    if not copied:
        connection.executescript(_SCHEMA)
    _check_schema_version(connection)
    return connection


def _copy_read_only(location: Path, into: sqlite3.Connection) -> bool:
    if not location.is_file():
        return False
    try:
        source = sqlite3.connect(f"{location.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0)
        try:
            _refuse_foreign_tables(source)
            _check_schema_version(source, migrate=False)
            source.backup(into)
        finally:
            source.close()
    except (sqlite3.Error, _NotACache, OSError):
        into.executescript("".join(f"DROP TABLE IF EXISTS {table};" for table in (*_EXPECTED_COLUMNS, "meta")))
        return False
    return True


# --- merging the caches of a CI matrix ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergeSummary:
    sources: int  # source rows taken from the parts (newer than what the target had)
    checks: int  # history rows added
    archive: int  # archive answers taken


def merge_caches(target: str | os.PathLike[str], parts: Sequence[str | os.PathLike[str]]) -> MergeSummary:
    """Merge the caches of shard jobs into ``target`` (created if missing).

    Each shard restores one cache, checks its own sites and saves its copy; the copies share the
    rows they started from. Per source the newest check wins, history rows are joined without
    repeats (and trimmed as ever), and an archive capture wins over "no capture". A part that is
    not a linkaudit cache raises ``CacheMergeError`` naming it; the target is written in one
    transaction, so a failed merge leaves it as it was.
    """
    readable: list[tuple[Path, sqlite3.Connection]] = []
    for part in map(Path, parts):
        copy = sqlite3.connect(":memory:", isolation_level=None)
        if not _copy_read_only(part, copy):
            raise CacheMergeError(f"{part}: not a linkaudit cache (or unreadable)")
        _check_schema_version(copy)  # an older part is re-keyed like any cache it opens
        readable.append((part, copy))
    location = Path(target)
    location.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = _connect(location)
    except (_NotACache, sqlite3.Error) as problem:
        raise CacheMergeError(f"{location}: cannot be merged into ({problem})") from None
    counts = [0, 0, 0]
    try:
        with _transaction(db):
            for _, part in readable:
                for index, count in enumerate(_merge_one(db, part)):
                    counts[index] += count
            for (url,) in db.execute("SELECT url FROM sources").fetchall():
                db.execute(
                    "DELETE FROM checks WHERE url = ? AND id NOT IN"
                    " (SELECT id FROM checks WHERE url = ? ORDER BY id DESC LIMIT ?)",
                    (url, url, HISTORY_ROWS_KEPT),
                )
    finally:
        db.close()
        for _, part in readable:
            part.close()
    return MergeSummary(*counts)


class CacheMergeError(Exception):
    pass


def _merge_one(db: sqlite3.Connection, part: sqlite3.Connection) -> tuple[int, int, int]:
    sources = checks = archive = 0
    for row in part.execute(
        "SELECT url, checks, consecutive_failures, first_failure, last_checked, last_result FROM sources"
    ):
        mine = db.execute("SELECT last_checked FROM sources WHERE url = ?", (row[0],)).fetchone()
        if mine is None or mine[0] < row[4]:
            db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?)", row)
            sources += 1
    for url, checked_at, status, reason in part.execute("SELECT url, checked_at, status, reason FROM checks ORDER BY id"):
        known = db.execute(
            "SELECT 1 FROM checks WHERE url = ? AND checked_at = ? AND status = ?", (url, checked_at, status)
        ).fetchone()
        if known is None:
            db.execute("INSERT INTO checks (url, checked_at, status, reason) VALUES (?, ?, ?, ?)",
                       (url, checked_at, status, reason))
            checks += 1
    for url, target, outcome, stored_at, lookup in part.execute("SELECT url, target, outcome, stored_at, lookup FROM archive"):
        mine = db.execute("SELECT outcome, stored_at FROM archive WHERE url = ? AND target = ?", (url, target)).fetchone()
        found = ArchiveOutcome.FOUND.value
        better = mine is None or (outcome == found and mine[0] != found) or (
            (outcome == found) == (mine[0] == found) and stored_at > mine[1]
        )
        if better:
            db.execute("INSERT OR REPLACE INTO archive VALUES (?, ?, ?, ?, ?)", (url, target, outcome, stored_at, lookup))
            archive += 1
    return sources, checks, archive
