"""What the archive stage finds of a source: a capture from the time of the piece, or why not."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

__all__ = ["ArchiveLookup", "ArchiveOutcome", "Snapshot"]


class ArchiveOutcome(enum.StrEnum):
    FOUND = "found"
    NO_CAPTURE = "no-capture"
    UNREACHABLE = "unreachable"  # the archive failed: not an answer
    NOT_ASKED = "not-asked"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One web-archive capture of a source."""

    archive: str  # "wayback", or the configured Memento archive's name
    url: str  # replay URL: https://web.archive.org/web/<14 digits>/<original>
    original: str
    timestamp: str  # 14 digits, UTC
    status: int  # the HTTP status captured (always 200 for a chosen snapshot)
    relation: str  # "before" (at or before the target date) or "after"
    distance_days: int  # whole days between the capture and the target date
    found_by: str  # "cdx", "availability", "timegate", "timemap", "robust-links", "cache"
    verified: bool = False

    @property
    def captured_at(self) -> dt.datetime:
        return dt.datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class ArchiveLookup:
    """The archive stage's answer for one URL."""

    url: str
    outcome: ArchiveOutcome
    snapshot: Snapshot | None = None
    target: dt.date | None = None  # the date the capture was chosen against
    detail: str = ""  # e.g. "wayback: HTTP 429" when unreachable
