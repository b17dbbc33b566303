"""A piece's publication date: the day its author saw the sources.

Sources are tried in order of trust (``DateSource``); the first that yields a real date wins.
The last resort is only a lower bound: a piece cannot predate the newest dated source it cites.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from linkaudit.models import DateSource, PublicationDate

__all__ = ["cited_urls_lower_bound", "date_in_url", "parse_date", "publication_date"]

# Years outside this range are typos or placeholders (0000-00-00), never a web piece's date.
_EARLIEST_YEAR = 1900
_LATEST_YEAR = 2200

_FRONT_MATTER_KEYS = ("date", "published", "pubDate", "publishDate", "published_at", "created")
_HTML_METADATA_KEYS = (
    "article:published_time",
    "datePublished",
    "citation_publication_date",
    "DC.date",
    "time",
)
_HEADER_LINES = 20
_GIT_TIMEOUT_SECONDS = 5.0
# A first commit more than this long after the newest cited source is a copy imported into a
# repository (a scraped page, a migrated archive), not the day the piece was written.
_GIT_PLAUSIBLE_LAG_DAYS = 365

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:[A-Za-z]{3,9}\.?,?\s+)?"

_NUMERIC = re.compile(r"^\s*(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?![\d])")
_COMPACT = re.compile(r"^\s*(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?:\d{6})?\s*$")
_DAY_MONTH_YEAR = re.compile(rf"^\s*{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH_NAME},?\s+{_YEAR}\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"^\s*{_WEEKDAY}{_MONTH_NAME}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
_RFC_2822_HINT = re.compile(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")

_HEADER_DATE_LINE = re.compile(
    r"^\s*(?:date|published|posted|publication date)\s*:\s*(?P<value>.+?)\s*$", re.IGNORECASE
)
# Year/month/day as path segments (/2019/08/11/) or one dashed segment (/2019-08-11 or
# /2019-08-11-some-title). The lookarounds keep longer digit runs (ids) out.
_URL_SLASHED_DATE = re.compile(r"/(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?=/|$|[^\d])")
_URL_DASHED_DATE = re.compile(r"(?<![\d])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d])")


def parse_date(value: object) -> dt.date | None:
    """A calendar date from the many ways pieces write one; None when there is no real date.

    Accepts ISO 8601 (with or without a time), YYYY/MM/DD, YYYYMMDD, RFC 2822, "12 April 2019",
    "April 12, 2019" (weekdays and ordinal suffixes allowed). The date is taken as written: a
    time-zone offset does not move it to another day.
    """
    if isinstance(value, dt.datetime):
        return _checked(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return _checked(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = value.strip().strip("\"'")[:200]
    if not text:
        return None
    for pattern in (_NUMERIC, _COMPACT):
        match = pattern.match(text)
        if match:
            return _checked(int(match["year"]), int(match["month"]), int(match["day"]))
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        match = pattern.match(text)
        if match:
            month = _MONTHS.get(match["month"].casefold())
            if month is not None:
                return _checked(int(match["year"]), month, int(match["day"]))
    if _RFC_2822_HINT.search(text):
        return _rfc_2822(text)
    return None


def _rfc_2822(text: str) -> dt.date | None:
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return _checked(moment.year, moment.month, moment.day)


def _checked(year: int, month: int, day: int) -> dt.date | None:
    if not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None  # 2019-02-30 and friends


def date_in_url(url: str) -> dt.date | None:
    """The full date written in a URL's path (/2019/08/11/ or 2019-08-11), if any; the last one wins."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    found = list(_dates_in_path(path))
    return found[-1] if found else None


def _dates_in_path(path: str) -> Iterable[dt.date]:
    for pattern in (_URL_SLASHED_DATE, _URL_DASHED_DATE):
        for match in pattern.finditer(path):
            date = _checked(int(match["year"]), int(match["month"]), int(match["day"]))
            if date is not None:
                yield date


def cited_urls_lower_bound(cited_urls: Sequence[str], today: dt.date | None = None) -> tuple[dt.date, str] | None:
    """The latest date found in the cited URLs' paths, with the URL it came from.

    Dates after today are ignored: they are ids or typos, and a bound in the future would be wrong.
    A lone year-month (/2019/08/) is not a full date and is not used.
    """
    ceiling = today or dt.date.today()
    best: tuple[dt.date, str] | None = None
    for url in cited_urls:
        try:
            path = urlsplit(url).path
        except ValueError:
            continue
        for date in _dates_in_path(path):
            if date <= ceiling and (best is None or date > best[0]):
                best = (date, url)
    return best


def _from_front_matter(front_matter: Mapping[str, object]) -> PublicationDate | None:
    folded = {str(key).casefold(): (str(key), value) for key, value in front_matter.items()}
    for key in _FRONT_MATTER_KEYS:
        entry = folded.get(key.casefold())
        if entry is None:
            continue
        date = parse_date(entry[1])
        if date is not None:
            return PublicationDate(date, DateSource.FRONT_MATTER, f"front matter '{entry[0]}'")
    return None


def _from_html_metadata(metadata: Mapping[str, str]) -> PublicationDate | None:
    for key in _HTML_METADATA_KEYS:
        value = metadata.get(key)
        if value is None:
            continue
        date = parse_date(value)
        if date is not None:
            return PublicationDate(date, DateSource.HTML_METADATA, key)
    return None


def _from_text_header(text: str) -> PublicationDate | None:
    for number, line in enumerate(text.splitlines()[:_HEADER_LINES], start=1):
        match = _HEADER_DATE_LINE.match(line)
        if match:
            date = parse_date(match["value"])
            if date is not None:
                return PublicationDate(date, DateSource.TEXT_HEADER, f"line {number}: {line.strip()[:80]}")
    return None


def _from_piece_url(piece_url: str) -> PublicationDate | None:
    date = date_in_url(piece_url)
    return PublicationDate(date, DateSource.PIECE_URL, piece_url) if date else None


@functools.lru_cache(maxsize=256)
def _inside_git_work_tree(directory: Path) -> bool:
    # Looking for .git ourselves spares a subprocess per file outside repositories.
    return any((candidate / ".git").exists() for candidate in (directory, *directory.parents))


def git_first_commit_date(path: str) -> dt.date | None:
    """The author date of the commit that added the file, or None (not in a repo, git missing, slow)."""
    file = Path(path).resolve()
    if not file.is_file() or not _inside_git_work_tree(file.parent):
        return None
    command = ["git", "log", "--diff-filter=A", "--follow", "--format=%aI", "--", file.name]
    try:
        completed = subprocess.run(  # noqa: S603 - fixed argv, no shell
            command,
            cwd=file.parent,
            capture_output=True,
            text=True,
            timeout=_GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    lines = [line for line in completed.stdout.splitlines() if line.strip()]
    # With --follow a renamed file shows several additions; the oldest is its birth.
    return parse_date(lines[-1]) if lines else None


def publication_date(
    *,
    option: dt.date | None,
    front_matter: Mapping[str, object] | None,
    html_metadata: Mapping[str, str] | None,
    text: str | None,
    piece_url: str | None,
    path: str | None,
    cited_urls: Sequence[str],
) -> PublicationDate | None:
    """The most trusted publication date available, with where it came from."""
    if option is not None:
        return PublicationDate(option, DateSource.OPTION, "--published")
    found = (
        (front_matter and _from_front_matter(front_matter))
        or (html_metadata and _from_html_metadata(html_metadata))
        or (text and _from_text_header(text))
        or (piece_url and _from_piece_url(piece_url))
        or None
    )
    if found:
        return found
    bound = cited_urls_lower_bound(cited_urls)
    committed = git_first_commit_date(path) if path else None
    if committed is not None:
        if bound is None or (committed - bound[0]).days <= _GIT_PLAUSIBLE_LAG_DAYS:
            return PublicationDate(committed, DateSource.GIT, f"first commit of {path}")
    if bound is not None:
        detail = bound[1]
        if committed is not None:
            detail += f" (the file's first commit, {committed.isoformat()}, is long after: an imported copy)"
        return PublicationDate(bound[0], DateSource.CITED_URLS, detail, not_before=True)
    return None
