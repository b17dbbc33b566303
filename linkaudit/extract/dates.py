"""A piece's publication date: the day its author saw the sources.

Sources are tried in order of trust (``DateSource``); the first that yields a real date wins.
An HTML page's own date is htmldate's reading of its metadata, markup and visible text (the
field's reference: about 91% of days right on its public evaluation pages, against 63% for the
handful of meta tags read before). When no date is found, what remains is only a lower bound,
kept apart from the publication date: a piece cannot predate the newest dated source it cites.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from linkaudit.extract.date_languages import dates_read_in, declared_languages
from linkaudit.extract.declared_dates import date_at_start, declared_publication, labelled_byline, states_an_update, writes_the_day
from linkaudit.extract.stamps import checked_date, in_own_time_zone, page_offset_minutes
from linkaudit.httpdate import parse_rfc_2822
from linkaudit.models import DateBound, DateSource, PublicationDate

__all__ = [
    "DATED_HEAD_CHARS",
    "PAGE_READ_CHARS",
    "TEXT_SEARCH_CHARS",
    "PieceDates",
    "cited_urls_lower_bound",
    "date_in_url",
    "page_date",
    "parse_date",
    "piece_dates",
]

_FRONT_MATTER_KEYS = ("date", "published", "pubDate", "publishDate", "published_at", "created")
_HEADER_LINES = 20
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")
_PAGE_PARSER = lxml.html.HTMLParser(huge_tree=True)
# Dating costs time in proportion to the markup read: htmldate's reading of a page's markup takes
# about a third of a second per megabyte, its search of all the text for anything written like a
# date (a dozen patterns over the whole page) over a second. Of a long page, the start is read:
# 99% of htmldate's own evaluation pages are shorter than the first bound, and on none of its 995
# dated pages does either bound change the day found.
PAGE_READ_CHARS = 512 * 1024
TEXT_SEARCH_CHARS = 256 * 1024
# What a piece hands to dating at most: the first 2 MiB of a page, before an escaped page's HTML is
# decoded from its scripts (decoding the whole of a 10 MB page for its date would cost more than
# extracting it). The largest of htmldate's 1,000 evaluation pages is 1.6 MB: none is cut.
DATED_HEAD_CHARS = 2 * 1024 * 1024
_GIT_TIMEOUT_SECONDS = 5.0
# A first commit more than this long after the newest cited source is a copy imported into a
# repository (a scraped page, a migrated archive), not the day the piece was written.
_GIT_PLAUSIBLE_LAG_DAYS = 365

_MONTH_NAME = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:[A-Za-z]{3,9}\.?,?\s+)?"

_NUMERIC = re.compile(r"^\s*(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?![\d])")
# Basic ISO 8601: 20201123, 20201123T110235Z, 20201123T11:02:35Z, 20201123T11:02:35.5+01:00.
_COMPACT = re.compile(
    r"^\s*(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})"
    r"(?:T?\d{2}:?\d{2}(?::?\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$"
)
# "12 April 2019", "12th of April, 2019", "01-Jan-2020" (a PEP's Created: header).
_DAY_MONTH_YEAR = re.compile(rf"^\s*{_WEEKDAY}{_DAY}(?:\s+|-)(?:of\s+)?{_MONTH_NAME},?(?:\s+|-){_YEAR}\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"^\s*{_WEEKDAY}{_MONTH_NAME}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
_RFC_2822_HINT = re.compile(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")

_HEADER_DATE_LINE = re.compile(
    r"^\s*(?:date|published|posted|publication date|created)\s*:(?P<value>.*)$", re.IGNORECASE
)
# Year/month/day as path segments (/2019/08/11/, /2019/08/11.html) or one dashed segment
# (/2019-08-11 or /2019-08-11-some-title). The lookarounds keep longer digit runs (ids) out; a
# slug after a year and month (/2023/10/3-questions-to/) is a title that starts with a number.
_URL_SLASHED_DATE = re.compile(r"/(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?=/|$|\.)")
_URL_DASHED_DATE = re.compile(r"(?<![\d])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d])")


def parse_date(value: object) -> dt.date | None:
    """A calendar date from the many ways pieces write one; None when there is no real date.

    Accepts ISO 8601 (with or without a time), YYYY/MM/DD, YYYYMMDD, RFC 2822, "12 April 2019",
    "April 12, 2019" (weekdays and ordinal suffixes allowed). The date is taken as written: a
    time-zone offset does not move it to another day.
    """
    if isinstance(value, dt.datetime):
        return checked_date(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return checked_date(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = value.strip().strip("\"'")[:200]
    if not text:
        return None
    found = date_at_start(text, numeric=(_NUMERIC, _COMPACT), named=(_DAY_MONTH_YEAR, _MONTH_DAY_YEAR))
    if found is not None or any(pattern.match(text) for pattern in (_NUMERIC, _COMPACT)):
        return found
    if _RFC_2822_HINT.search(text):
        return _rfc_2822(text)
    return None


def _rfc_2822(text: str) -> dt.date | None:
    moment = parse_rfc_2822(text)
    if moment is None:
        return None
    return checked_date(moment.year, moment.month, moment.day)


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
            date = checked_date(int(match["year"]), int(match["month"]), int(match["day"]))
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


# htmldate logs what it skips; a piece's report is where linkaudit speaks.
logging.getLogger("htmldate").addHandler(logging.NullHandler())
logging.getLogger("htmldate").propagate = False


def page_date(
    markup: str, *, not_before: dt.date | None = None, tree: lxml.html.HtmlElement | None = None
) -> dt.date | None:
    """The publication day a page states (schema.org ``datePublished``, ``article:published_time``,
    a byline such as "Veröffentlicht am 16.12.2012"), else the one htmldate reads in it: metadata,
    <time> anywhere, visible bylines, compact ISO forms. Either is the day in the page's own time
    zone. The earliest credible publication date is wanted (an update is not the day the author
    saw the sources).

    htmldate reads the page's markup first. Only when it holds no date is the text searched at large,
    and then no date before the newest cited source is taken (``not_before``): a guess from prose
    that contradicts the citations is no date. The addresses of the page's links are left out
    throughout: a commentary piece cites dated URLs (/2019/08/11/...), and one of them is the day a
    source appeared, not the piece. Of a long page, the start is read (``PAGE_READ_CHARS``).

    ``tree`` is the whole of ``markup`` already parsed (the link reader's), which dating changes;
    without it, or when only the start of a long page is read, the markup is parsed here.
    """
    if tree is None or len(markup) > PAGE_READ_CHARS:
        markup = markup[:PAGE_READ_CHARS]
        tree = _page_tree(markup)
    if tree is None:
        return None
    stated = _stated_publication(tree, markup)
    if stated is not None:
        return stated
    try:
        found = _htmldate_reading(markup, tree, not_before)
    except (ValueError, TypeError, lxml.etree.LxmlError):
        return None  # markup libxml2 cannot make a tree of has no date to give
    date = parse_date(found) if found else None
    return in_own_time_zone(date, markup) if date else None


def _stated_publication(tree: lxml.html.HtmlElement, markup: str) -> dt.date | None:
    """The day the page states it was published, when the statement leaves no doubt about the
    day: declared metadata whose time zone is known, then a labelled byline. A UTC timestamp on
    a page that shows no offset of its own could be either of two local days; htmldate's reading
    of the whole page decides those."""
    declared = declared_publication(tree)
    if declared is not None and declared.utc_time is None:
        return declared.date
    if declared is not None and (offset := page_offset_minutes(markup)) is not None:
        return declared.local_day(offset)
    return labelled_byline(tree)


def _htmldate_reading(markup: str, tree: lxml.html.HtmlElement, not_before: dt.date | None) -> str | None:
    """htmldate's date for the page: from its markup, else from a search of its text at large
    (of a long page, its first ``TEXT_SEARCH_CHARS``), then none before ``not_before``."""
    # Imported here: it costs half a second, and only HTML pieces need it.
    from htmldate import find_date

    found = find_date(_without_other_dates(tree), original_date=True, extensive_search=False)
    if found:
        return found
    # htmldate reads a copy of a tree it is given: the same tree, searched again, is still without
    # the other dates; only the start of a long page, parsed anew, has them to drop.
    if len(markup) <= TEXT_SEARCH_CHARS:
        searched = tree
    else:
        searched = _page_tree(markup[:TEXT_SEARCH_CHARS])
        if searched is None:
            return None
        _without_other_dates(searched)
    earliest = not_before.isoformat() if not_before else None
    with dates_read_in(declared_languages(tree)):
        found = find_date(searched, original_date=True, extensive_search=True, min_date=earliest)
    if found and found.endswith("-01") and not writes_the_day(markup[:TEXT_SEARCH_CHARS], dt.date.fromisoformat(found)):
        return None  # the 1st of a month read from the month or the year alone: no day
    return found


def _page_tree(markup: str) -> lxml.html.HtmlElement | None:
    # A tree, never a str: htmldate downloads a str that looks like a URL.
    declaration = _XML_DECLARATION.match(markup)
    if declaration:  # lxml refuses a str that declares its encoding
        markup = markup[declaration.end() :]
    if not markup.strip():
        return None
    try:
        return lxml.html.document_fromstring(markup, parser=_PAGE_PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None


def _without_other_dates(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The tree without the dates of other things htmldate would read in it: the addresses of
    its links (the sources' dates) and its update metadata (the day it was changed)."""
    # One walk for both (each walk of a page's tree costs about 0.2 ms).
    updates = []
    for element in tree.iter("a", "area", "meta"):
        if element.tag != "meta":
            element.attrib.pop("href", None)
        elif states_an_update(element):
            updates.append(element)
    for meta in updates:
        meta.drop_tree()  # its tail, if any, is the page's text
    return tree


def _from_pages(
    pages: Sequence[str], not_before: dt.date | None, first_tree: lxml.html.HtmlElement | None
) -> PublicationDate | None:
    for index, markup in enumerate(pages):
        if not _may_hold_a_date(markup):
            continue
        date = page_date(markup, not_before=not_before, tree=None if index else first_tree)
        if date is not None:
            return PublicationDate(date, DateSource.HTML_METADATA, "the page's metadata, markup and text")
    return None


# Every date htmldate or the declared-date readers take is written with digits (htmldate asks four
# at least of any expression): markup without one, a page of nothing but links in words, has none
# to give, and is not parsed again and searched for one.
_DIGIT = re.compile(r"\d")


def _may_hold_a_date(markup: str) -> bool:
    # \d is what the patterns match; str.isdigit (htmldate's count) also takes a few other
    # characters (superscripts, circled digits), all outside ASCII.
    return _DIGIT.search(markup) is not None or (not markup.isascii() and any(char.isdigit() for char in set(markup)))


def _from_text_header(text: str) -> PublicationDate | None:
    for number, line in enumerate(text.split("\n", _HEADER_LINES)[:_HEADER_LINES], start=1):
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


@dataclass(frozen=True, slots=True)
class PieceDates:
    """A piece's publication date, or failing that the day it cannot predate."""

    published: PublicationDate | None
    not_before: DateBound | None = None


def piece_dates(
    *,
    option: dt.date | None,
    front_matter: Mapping[str, object] | None = None,
    html_pages: Sequence[str] = (),
    text: str | None = None,
    piece_url: str | None = None,
    path: str | None = None,
    cited_urls: Sequence[str] = (),
    page_tree: lxml.html.HtmlElement | None = None,
) -> PieceDates:
    """The most trusted publication date available, with where it came from.

    ``html_pages`` are an HTML piece's markup as written, then the HTML escaped in its scripts
    when that is what was read; ``page_tree`` is the first of them parsed, when the link reader
    parsed the whole of it (dating changes it). ``piece_url`` is the page's address, or --base-url for a file.
    """
    if option is not None:
        return PieceDates(PublicationDate(option, DateSource.OPTION, "--published"))
    bound = cited_urls_lower_bound(cited_urls)
    found = (
        (front_matter and _from_front_matter(front_matter))
        or (html_pages and _from_pages(html_pages, bound[0] if bound else None, page_tree))
        or (text and _from_text_header(text))
        or (piece_url and _from_piece_url(piece_url))
        or None
    )
    if found:
        return PieceDates(found)
    committed = git_first_commit_date(path) if path else None
    if committed is not None:
        if bound is None or (committed - bound[0]).days <= _GIT_PLAUSIBLE_LAG_DAYS:
            return PieceDates(PublicationDate(committed, DateSource.GIT, f"first commit of {path}"))
    if bound is None:
        return PieceDates(None)
    detail = bound[1]
    if committed is not None:
        detail += f" (the file's first commit, {committed.isoformat()}, is long after: an imported copy)"
    return PieceDates(None, DateBound(bound[0], detail))
