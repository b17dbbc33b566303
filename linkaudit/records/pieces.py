"""A piece as read, and the day it was published."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

__all__ = ["DateBound", "DateSource", "Document", "DocumentKind", "PublicationDate", "reference_date"]


class DocumentKind(enum.StrEnum):
    HTML = "html"
    MARKDOWN = "markdown"
    RST = "rst"  # reStructuredText
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Document:
    """One piece as read from disk, stdin or the web, decoded to text.

    ``text`` is the file exactly as stored (for JS-escaped HTML, still escaped);
    ``escaped`` says the HTML sits inside JavaScript/JSON string-literal escapes.
    """

    source: str
    text: str
    kind: DocumentKind
    escaped: bool = False
    base_url: str | None = None
    path: str | None = None  # filesystem path when the piece is a file
    warnings: tuple[str, ...] = ()


class DateSource(enum.StrEnum):
    """Where a publication date came from, most trusted first."""

    OPTION = "option"  # --published
    FRONT_MATTER = "front-matter"
    HTML_METADATA = "html-metadata"
    TEXT_HEADER = "text-header"
    PIECE_URL = "piece-url"
    GIT = "git-first-commit"


@dataclass(frozen=True, slots=True)
class PublicationDate:
    """The day a piece was published: never a mere bound (that is a DateBound)."""

    date: dt.date
    source: DateSource
    detail: str = ""  # e.g. the meta tag or the URL the date was read from


@dataclass(frozen=True, slots=True)
class DateBound:
    """A day a piece cannot predate: the newest date written in the URLs it cites."""

    date: dt.date
    detail: str = ""  # the cited URL the date was read from, and why git was not believed


def reference_date(published: PublicationDate | None, not_before: DateBound | None) -> dt.date | None:
    """The day sources are judged against: the publication date, else the day the piece cannot predate."""
    if published is not None:
        return published.date
    return not_before.date if not_before is not None else None
