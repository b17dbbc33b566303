"""Robust Links attributes on a link: the capture it was written against and when.

`data-originalurl` names the source a link stands for when its href leads to a capture of it,
`data-versionurl` the capture, `data-versiondate` the day it was taken (robustlinks.mementoweb.org).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from linkaudit.extract.common import non_citation_reason, resolve_url
from linkaudit.models import Location

__all__ = ["original_url", "version_date", "version_url"]


def version_url(attributes: Mapping[str, str], base: str | None) -> str | None:
    """Robust Links' data-versionurl, resolved against the base."""
    value = (attributes.get("data-versionurl") or "").strip()
    return resolve_url(value, base)[0] if value else None


def original_url(attributes: Mapping[str, str], base: str | None) -> tuple[str, bool] | None:
    """Robust Links' data-originalurl (resolved, and whether it is internal): the source a link
    stands for when its href leads to a capture of it, so that is what gets checked."""
    value = (attributes.get("data-originalurl") or "").strip()
    if not value or non_citation_reason(value) is not None:
        return None
    return resolve_url(value, base)


def version_date(attributes: Mapping[str, str], location: Location, warnings: list[str]) -> dt.date | None:
    """Robust Links' data-versiondate: YYYY-MM-DD or a full ISO 8601 date-time."""
    value = (attributes.get("data-versiondate") or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        warnings.append(f"line {location.line}, column {location.column}: data-versiondate {value!r} is not a YYYY-MM-DD date; ignored")
        return None

