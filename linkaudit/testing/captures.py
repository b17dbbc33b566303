"""The records a stand-in web archive holds, and how the CDX server selects among them: one CDX row
per capture, keyed SURT-like, picked by time range, filter, sort and limit as web.archive.org does."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = [
    "CDX_FIELDS",
    "Capture",
    "CaptureSpec",
    "REVISIT",
    "first_value",
    "http_date",
    "nearest_capture",
    "pad_timestamp",
    "select_cdx_rows",
    "timestamp_datetime",
    "surt_key",
]

CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
REVISIT = "warc/revisit"


@dataclass(frozen=True, slots=True)
class Capture:
    """One CDX row: what the archive holds for a URL at one instant."""

    original: str
    timestamp: str  # 14 digits
    status: str  # "200", "404", "302", or "-" for a revisit record
    mimetype: str = "text/html"
    digest: str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    length: str = "1000"

    @property
    def is_memento(self) -> bool:
        """Revisit records are deduplication pointers, not captures of their own."""
        return self.mimetype != REVISIT and self.status != "-"

    @property
    def when(self) -> dt.datetime:
        return timestamp_datetime(self.timestamp)

    def row(self) -> dict[str, str]:
        return {
            "urlkey": surt_key(self.original),
            "timestamp": self.timestamp,
            "original": self.original,
            "mimetype": self.mimetype,
            "statuscode": self.status,
            "digest": self.digest,
            "length": self.length,
        }


CaptureSpec = tuple[str, int | str, str, str, str] | tuple[str, int | str, str] | tuple[str, int | str]


def surt_key(url: str) -> str:
    """A SURT-like key, so http/https, ``www.`` and a trailing slash find the same captures."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{','.join(reversed(host.split('.')))}){path.lower()}{query}"


def timestamp_datetime(ts: str) -> dt.datetime:
    """A CDX timestamp (up to 14 digits, padded with zeros) as a UTC datetime."""
    return dt.datetime.strptime(ts.ljust(14, "0")[:14], "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)


def http_date(ts: str) -> str:
    """A CDX timestamp as an HTTP date (Memento-Datetime, Link datetimes)."""
    return email.utils.format_datetime(timestamp_datetime(ts), usegmt=True)


def pad_timestamp(ts: str, filler: str) -> str:
    """A partial timestamp made 14 digits: with "0" for the start of a range, "9" for its end."""
    return (ts + filler * 14)[:14]


def first_value(params: Mapping[str, list[str]], name: str) -> str:
    """A query or form parameter's first value, or "" when it is absent."""
    values = params.get(name)
    return values[0] if values else ""


def nearest_capture(captures: Sequence[Capture], wanted: str) -> Capture:
    """The capture closest in time to ``wanted``."""
    target = timestamp_datetime(wanted)
    # Ties go to the earlier capture, as the Wayback Machine does.
    return min(captures, key=lambda c: (abs((c.when - target).total_seconds()), c.timestamp))


def select_cdx_rows(rows: list[dict[str, str]], params: Mapping[str, list[str]]) -> list[dict[str, str]]:
    """The rows a CDX query asks for: ``from``/``to``, ``filter`` (``!`` negates), ``sort``, ``limit=±N``."""
    start, end = first_value(params, "from"), first_value(params, "to")
    if start:
        rows = [r for r in rows if r["timestamp"] >= pad_timestamp(start, "0")]
    if end:
        rows = [r for r in rows if r["timestamp"] <= pad_timestamp(end, "9")]
    for expression in params.get("filter", []):
        negate = expression.startswith("!")
        field, _, pattern = expression.lstrip("!").partition(":")
        regex = re.compile(pattern)
        rows = [r for r in rows if bool(regex.fullmatch(r.get(field, ""))) != negate]
    sort, closest = first_value(params, "sort"), first_value(params, "closest")
    if sort == "closest" and closest:
        target = timestamp_datetime(pad_timestamp(closest, "0"))
        rows.sort(key=lambda r: abs((timestamp_datetime(r["timestamp"]) - target).total_seconds()))
    elif sort == "reverse":
        rows.reverse()
    limit = first_value(params, "limit")
    if limit.lstrip("-").isdigit():
        n = int(limit)
        rows = rows[n:] if n < 0 else rows[:n]
    return rows
