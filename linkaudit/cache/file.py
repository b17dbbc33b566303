"""The cache file: its tables, opening it, the version check and re-keying of older caches.

A file that is not a linkaudit cache is moved aside, never written into; a cache that cannot be
written (locked by another run, read-only) is copied into memory for the run.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from linkaudit.urlkey import url_key

__all__ = [
    "BUSY_TIMEOUT",
    "SCHEMA_VERSION",
    "NotACache",
    "connect",
    "copy_read_only",
    "memory_cache",
    "move_aside",
    "transaction",
]

SCHEMA_VERSION = 2  # 2: rows keyed by linkaudit.urlkey (1 used a looser key; re-keyed on open)

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

# How long to wait for another process (a parallel CI job) that holds the cache file's lock.
BUSY_TIMEOUT = 10.0
# How long to wait for it when the cache cannot be written and its history is only read.
READ_COPY_TIMEOUT = 2.0


class NotACache(Exception):
    """The file holds something other than a linkaudit cache."""


# What decoding a row that SQLite reads fine can raise: JSON, enum values, dates, record fields.


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    # Autocommit connection: one explicit transaction per write, committed before the call returns.
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def connect(location: Path) -> sqlite3.Connection:
    """Connect and make sure the file holds our schema; ``NotACache`` if it holds something else."""
    connection = sqlite3.connect(location, timeout=BUSY_TIMEOUT, check_same_thread=False, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")  # with WAL: consistent after a crash, and fast
        refuse_foreign_tables(connection)
        connection.executescript("BEGIN;" + _SCHEMA + "COMMIT;")
        check_schema_version(connection)
    except sqlite3.DatabaseError as problem:
        connection.close()
        if isinstance(problem, sqlite3.OperationalError):
            raise  # locked, read-only, unreachable: a good cache we cannot use now, never to be moved aside
        raise NotACache(str(problem)) from problem
    except NotACache:
        connection.close()
        raise
    return connection


def refuse_foreign_tables(connection: sqlite3.Connection) -> None:
    # Another program's database given as --cache must not be written into.
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    foreign = names - set(EXPECTED_COLUMNS) - {"meta", "sqlite_sequence"}
    if foreign:
        raise NotACache(f"it holds tables that are not linkaudit's: {', '.join(sorted(foreign))}")


_REKEYED_VERSION = "1"  # same tables, rows keyed by an older normalisation


def check_schema_version(connection: sqlite3.Connection, *, migrate: bool = True) -> None:
    for table, columns in EXPECTED_COLUMNS.items():
        found = {info[1] for info in connection.execute(f"PRAGMA table_info({table})")}
        if not columns <= found:
            raise NotACache(f"table {table} lacks columns {sorted(columns - found)}")
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        connection.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )
    elif row[0] == _REKEYED_VERSION:
        if migrate:
            _rekey(connection)
    elif row[0] != str(SCHEMA_VERSION):
        raise NotACache(f"schema version {row[0]}, this linkaudit uses {SCHEMA_VERSION}")


def _rekey(db: sqlite3.Connection) -> None:
    """Re-key a version-1 cache by ``url_key``. Rows whose keys now coincide (``/a/../b`` and
    ``/b``) were one source all along: the newer check summary wins, their history rows join."""
    with transaction(db):
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


EXPECTED_COLUMNS = {
    "sources": {"url", "checks", "consecutive_failures", "first_failure", "last_checked", "last_result"},
    "checks": {"id", "url", "checked_at", "status", "reason"},
    "archive": {"url", "target", "outcome", "stored_at", "lookup"},
    "capture_prints": {"capture_url", "stored_at", "print"},
}


def move_aside(location: Path, moment: dt.datetime) -> Path:
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


def memory_cache(location: Path, problem: BaseException, warnings: list[str]) -> sqlite3.Connection:
    """A cache in memory for this run, holding a copy of the file's history when it can be read
    (a read-only or locked cache still informs --confirm and --max-age; it is just not written)."""
    connection = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    copied = copy_read_only(location, connection)
    kept = "a read-only copy of its history" if copied else "its cache"
    warnings.append(f"cache {location} cannot be written ({problem}); this run keeps {kept} in memory only")
    if not copied:
        connection.executescript(_SCHEMA)
    check_schema_version(connection)
    return connection


def copy_read_only(location: Path, into: sqlite3.Connection) -> bool:
    if not location.is_file():
        return False
    try:
        source = sqlite3.connect(f"{location.resolve().as_uri()}?mode=ro", uri=True, timeout=READ_COPY_TIMEOUT)
        try:
            refuse_foreign_tables(source)
            check_schema_version(source, migrate=False)
            source.backup(into)
        finally:
            source.close()
    except (sqlite3.Error, NotACache, OSError):
        into.executescript("".join(f"DROP TABLE IF EXISTS {table};" for table in (*EXPECTED_COLUMNS, "meta")))
        return False
    return True
