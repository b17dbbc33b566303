"""Merging the caches of a CI matrix's shard jobs into one."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from linkaudit.cache.file import (
    NotACache,
    check_schema_version,
    connect,
    copy_read_only,
    transaction,
)
from linkaudit.cache.store import HISTORY_ROWS_KEPT
from linkaudit.models import ArchiveOutcome

__all__ = ["CacheMergeError", "MergeSummary", "merge_caches"]


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
        if not copy_read_only(part, copy):
            raise CacheMergeError(f"{part}: not a linkaudit cache (or unreadable)")
        check_schema_version(copy)  # an older part is re-keyed like any cache it opens
        readable.append((part, copy))
    location = Path(target)
    location.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = connect(location)
    except (NotACache, sqlite3.Error) as problem:
        raise CacheMergeError(f"{location}: cannot be merged into ({problem})") from None
    counts = [0, 0, 0]
    try:
        with transaction(db):
            for _, copied in readable:
                for index, count in enumerate(_merge_one(db, copied)):
                    counts[index] += count
            for (url,) in db.execute("SELECT url FROM sources").fetchall():
                db.execute(
                    "DELETE FROM checks WHERE url = ? AND id NOT IN"
                    " (SELECT id FROM checks WHERE url = ? ORDER BY id DESC LIMIT ?)",
                    (url, url, HISTORY_ROWS_KEPT),
                )
    finally:
        db.close()
        for _, copied in readable:
            copied.close()
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
