"""Timestamps as pages write them (ISO 8601, extended or basic) and the page's own time zone.

A timestamp is read as the day in the page's own time zone: written with an offset, the day as
written; written in UTC, moved to the offset the page's other timestamps use (a page written at
-05:00 that declares 2023-11-09T03:28Z was published on the 8th).
"""

from __future__ import annotations

import collections
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["Stamp", "checked_date", "in_own_time_zone", "page_offset_minutes", "parse_stamp"]

_EARLIEST_YEAR = 1900
_LATEST_YEAR = 2200

_STAMP = re.compile(
    r"^\s*(?P<year>\d{4})-?(?P<month>\d{2})-?(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):?(?P<minute>\d{2})(?::?\d{2}(?:[.,]\d{1,9})?)?\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?"
)
# A timestamp with its offset, found from the dash after its year: a pattern that opens with a
# literal character is found by a fast scan, one that opens with a digit is tried at every digit
# of the page (twenty times slower on real pages). The year is read just before the match.
_OFFSET_STAMP_AFTER_YEAR = re.compile(
    r"-(?P<month>\d{2})-(?P<day>\d{2})[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::\d{2})?(?:\.\d{1,9})?(?P<zone>Z|[+-]\d{2}:?\d{2})"
)
_STAMPS_READ = 200


@dataclass(frozen=True, slots=True)
class Stamp:
    """A declared publication moment: its day as written, and its time when written in UTC."""

    date: dt.date
    utc_time: dt.time | None = None

    def local_day(self, offset_minutes: int | None) -> dt.date:
        """The day in a time zone ``offset_minutes`` from UTC (None: the page states none)."""
        if self.utc_time is None or not offset_minutes:
            return self.date
        moment = dt.datetime.combine(self.date, self.utc_time) + dt.timedelta(minutes=offset_minutes)
        return moment.date()


def parse_stamp(value: object) -> Stamp | None:
    """An ISO 8601 date or timestamp (extended or basic form); None when it is not one."""
    if not isinstance(value, str):
        return None
    match = _STAMP.match(value[:80])
    if not match:
        return None
    date = checked_date(int(match["year"]), int(match["month"]), int(match["day"]))
    if date is None or _at_the_epoch(date, match):
        return None
    zone = match["zone"]
    in_utc = zone is not None and (zone in {"Z", "UTC", "GMT"} or not _offset(zone))
    if not in_utc or match["hour"] is None:
        return Stamp(date)
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        return None
    return Stamp(date, dt.time(hour, minute))


def _at_the_epoch(date: dt.date, match: re.Match[str]) -> bool:
    """Whether a stamp is the Unix epoch in some time zone: a timestamp 0 where a CMS has no date
    ("1970-01-01T01:00:00+01:00"), on no web page's publication."""
    if match["hour"] is None or match["zone"] is None:
        return date == _EPOCH.date()
    moment = dt.datetime.combine(date, dt.time(min(int(match["hour"]), 23), min(int(match["minute"]), 59)))
    return moment - dt.timedelta(minutes=_offset(match["zone"])) == _EPOCH


_EPOCH = dt.datetime(1970, 1, 1)


def checked_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None for a year no web piece has (0000, 9999) or a day no calendar has (02-30)."""
    if not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _offset(zone: str) -> int:
    if zone in {"Z", "UTC", "GMT"}:
        return 0
    digits = zone[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return -minutes if zone[0] == "-" else minutes


@dataclass(frozen=True, slots=True)
class _WrittenStamp:
    """A timestamp as a page writes it: its day (YYYY-MM-DD), hour, minute and UTC offset."""

    day: str
    hour: int
    minute: int
    offset: int


def _written_stamps(markup: str) -> list[_WrittenStamp]:
    """The page's first timestamps written with an offset (2023-11-08T22:28:35-05:00)."""
    stamps: list[_WrittenStamp] = []
    for match in _OFFSET_STAMP_AFTER_YEAR.finditer(markup):
        year = markup[max(0, match.start() - 4) : match.start()]
        if len(year) == 4 and year.isdigit():
            day = f"{year}-{match['month']}-{match['day']}"
            stamps.append(_WrittenStamp(day, int(match["hour"]), int(match["minute"]), _offset(match["zone"])))
            if len(stamps) == _STAMPS_READ:
                break
    return stamps


def page_offset_minutes(markup: str) -> int | None:
    """The UTC offset most of a page's timestamps are written in, when any is not UTC."""
    return _most_common_offset(_written_stamps(markup))


def _most_common_offset(stamps: list[_WrittenStamp]) -> int | None:
    offsets = collections.Counter(stamp.offset for stamp in stamps if stamp.offset)
    return offsets.most_common(1)[0][0] if offsets else None


def in_own_time_zone(date: dt.date, markup: str) -> dt.date:
    """A day read from a page, moved to the page's own time zone when the page wrote it only as
    a UTC timestamp and its other timestamps show its offset: 2023-11-09T03:28Z on a page
    written at -05:00 is the 8th."""
    stamps = _written_stamps(markup)
    offset = _most_common_offset(stamps)
    written = date.isoformat()
    if offset is None or any(stamp.day == written and stamp.offset for stamp in stamps):
        return date  # no offset of its own, or the day is also written in it
    utc = next((stamp for stamp in stamps if stamp.day == written), None)
    if utc is None:
        return date
    return Stamp(date, dt.time(utc.hour % 24, utc.minute % 60)).local_day(offset)
