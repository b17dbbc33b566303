"""HTTP dates (RFC 9110 section 5.6.7), as headers such as Retry-After and Memento-Datetime carry them."""

from __future__ import annotations

import datetime as dt
import email.utils

__all__ = ["format_http_date", "parse_http_date", "parse_rfc_2822"]


def format_http_date(moment: dt.datetime) -> str:
    return email.utils.format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def parse_http_date(value: str) -> dt.datetime | None:
    """The moment an HTTP date names, in UTC (a date without a zone is taken as UTC), or None.

    The text comes from other servers: a malformed date, an impossible one or a year too large for
    a datetime is None, never an exception.
    """
    parsed = parse_rfc_2822(value)
    if parsed is None:
        return None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


def parse_rfc_2822(value: str) -> dt.datetime | None:
    """The date and time as written (its own zone kept, naive when it names none), or None.

    A page's "Mon, 15 Mar 2021 23:00:00 -0500" was published on the 15th where it was written,
    so callers after the calendar day read it here rather than in UTC.
    """
    try:
        return email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
