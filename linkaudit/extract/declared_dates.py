"""What a page says outright about the day it was published.

Two kinds of statement, both more direct than a heuristic guess from the whole page:

- structured metadata naming the publication, not an update: schema.org ``datePublished`` (in
  JSON-LD or as ``itemprop``), Open Graph's ``article:published_time`` and the few meta names
  publishers use for the same field;
- a visible byline that labels its date as the publication ("Veröffentlicht am 16.12.2012",
  "Written: 2023-11-07 15:03", "Datum: 18.10.2021").

A timestamp is read by ``stamps.py``, as the day in the page's own time zone.
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import json
import re
from collections.abc import Iterable, Iterator

import lxml.etree
import lxml.html

from linkaudit.extract.common import element_text
from linkaudit.extract.stamps import Stamp, checked_date, parse_stamp

__all__ = [
    "MONTH_NUMBERS",
    "date_at_start",
    "declared_publication",
    "states_an_update",
    "labelled_byline",
    "parse_written_date",
    "writes_the_day",
]


# Meta names and properties that mean "published", never "modified"; read in this order.
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "citation_publication_date",
)
# Meta names and properties that mean "updated", never "published" (htmldate's lists of them).
_UPDATE_META = frozenset(
    {
        "article:modified", "article:modified_date", "article:modified_time", "article:post_modified",
        "bt:moddate", "datemodified", "dc.modified", "dcterms.modified", "last-modified", "lastdate",
        "lastmod", "lastmodified", "modificationdate", "modified", "modified_time",
        "og:article:modified_time", "og:modified_time", "og:updated_time", "revision_date",
        "updated_time", "utime",
    }
)
# schema.org types whose datePublished is the piece's own; a page's other objects (videos,
# images, the site, breadcrumbs) carry the dates of other things.
_ARTICLE_TYPES = re.compile(r"article|posting|report|blog|review|newsarticle|creativework|webpage", re.IGNORECASE)
_JSON_LD_TYPE = re.compile(r"ld\+json", re.IGNORECASE)
_JSON_LD_MAX_CHARS = 1_000_000
_JSON_LD_MAX_OBJECTS = 2_000

def states_an_update(meta: lxml.html.HtmlElement) -> bool:
    """Whether a meta tag states when the page was updated. htmldate, asked for the original
    date, still falls back on those before it reads the dates the page shows (a page declaring
    only og:updated_time 2020-06-02 and showing "31.03.2020" under its headline was published on
    31 March); an update is never the publication."""
    return _meta_name(meta) in _UPDATE_META


def _meta_name(meta: lxml.html.HtmlElement) -> str:
    return (meta.get("property") or meta.get("name") or "").strip().casefold()


def declared_publication(tree: lxml.html.HtmlElement) -> Stamp | None:
    """The publication moment a page's metadata declares: the article's JSON-LD
    ``datePublished``, then ``itemprop="datePublished"``, then the publication meta tags."""
    return next(
        itertools.chain(
            filter(None, map(parse_stamp, _json_ld_published(tree))),
            filter(None, map(parse_stamp, _itemprop_published(tree))),
            filter(None, map(parse_stamp, _meta_published(tree))),
        ),
        None,
    )


def _json_ld_published(tree: lxml.html.HtmlElement) -> Iterator[str]:
    others: list[str] = []
    for script in tree.iter("script"):
        if not _JSON_LD_TYPE.search(script.get("type") or ""):
            continue
        try:
            data = json.loads((script.text or "")[:_JSON_LD_MAX_CHARS])
        except (ValueError, RecursionError):
            continue  # a malformed block says nothing reliable
        for kind, published in _objects_with_published(data):
            if _ARTICLE_TYPES.search(kind):
                yield published
            else:
                others.append(published)
    yield from others


def _objects_with_published(data: object) -> Iterator[tuple[str, str]]:
    """(type, datePublished) of the objects in a JSON-LD document, outer objects first."""
    queue = collections.deque([data])
    seen = 0
    while queue and seen < _JSON_LD_MAX_OBJECTS:
        item = queue.popleft()
        seen += 1
        if isinstance(item, list):
            queue.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        published = item.get("datePublished")
        if isinstance(published, str):
            kind = item.get("@type")
            yield (" ".join(kind) if isinstance(kind, list) else str(kind or "")), published
        # A comment's or review's date is its own, not the page's.
        queue.extend(value for key, value in item.items() if isinstance(value, dict | list) and key not in {"comment", "review"})


def _itemprop_published(tree: lxml.html.HtmlElement) -> Iterator[str]:
    for element in _ITEMPROP_PUBLISHED(tree):
        yield element.get("content") or element.get("datetime") or element_text(element)


def _meta_published(tree: lxml.html.HtmlElement) -> Iterator[str]:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = _meta_name(meta)
        if name in _PUBLISHED_META and name not in found:
            found[name] = meta.get("content") or ""
    return (found[name] for name in _PUBLISHED_META if name in found)


# Bylines: a publication label, then (within a few words) the date it labels.
# Month names and abbreviations in the languages bylines are most often written in.
MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            "january jan januar jänner janvier enero gennaio januari",
            "february feb februar février fevrier febrero febbraio februari",
            "march mar märz maerz mars marzo maart",
            "april apr avril abril aprile",
            "may mai mayo maggio mei",
            "june jun juni juin junio giugno",
            "july jul juli juillet julio luglio",
            "august aug août aout agosto augustus",
            "september sep sept septembre septiembre settembre",
            "october oct oktober octobre octubre ottobre okt",
            "november nov novembre noviembre",
            "december dec dezember dez décembre decembre diciembre dicembre",
        ),
        start=1,
    )
    for name in names.split()
}
# Each byline pattern opens with its words' first letters, matched in either case outside the
# pattern's ignoring of case: the regex engine then skips the other positions of the page's text
# in C, without entering the pattern at each character (a lookahead for those letters under
# IGNORECASE still did: the three searches take 40% less time). The letter is then known not to
# follow a letter, and the rest of its word is read on from it.
_BYLINE_LABEL = re.compile(
    r"(?-i:[pPwWdDvVeEgG])(?<![^\W\d_].)"
    r"(?:(?<=p)(?:ublished|osted|ublié|ublicado|ubblicato)|(?<=w)ritten|(?<=d)(?:ate|atum)|(?<=v)eröffentlicht|(?<=e)(?:rschienen|rstellt)"
    r"|(?<=g)epubliceerd)(?![^\W\d_])\s*(?:on|am|le|el|il|op|:)?\s*:?\s*",
    re.IGNORECASE,
)
# "Von Anna Muster am 20.09.2020": a German byline names the author, then the day. The day's
# "am" is lower case: "… gerechnet werden. Am 3. August 2020 wurde …" starts a sentence.
_AUTHOR_THEN_DAY = re.compile(r"(?-i:[vV])(?<![^\W\d_].)on\s+(?:[^\W\d_](?:[\w.-]*\w)?\s+){1,3}(?-i:am)\s+", re.IGNORECASE)
_BYLINE_WINDOW = 40
# German puts the verb last: "… wurde am <date> [um 10:00 Uhr] veröffentlicht". The participle
# ends the word: "in seinem am 16. Februar 2017 veröffentlichten Text" dates another text.
_VERB_LAST_BYLINE = re.compile(
    r"(?-i:[wW])(?<![^\W\d_].)urde\s+(?:[^\W\d_]+\s+){0,2}?am\s+(?P<date>[^<>]{6,40}?)\s+(?:um\s+\S+(?:\s+Uhr)?\s+)?"
    r"(?:veröffentlicht|gepostet|publiziert|geschrieben)(?![^\W\d_])",
    re.IGNORECASE,
)
_BYLINE_TEXT_CHARS = 20_000
_WRITTEN_NUMERIC = re.compile(r"(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>\d{4})(?!\d)")
_WRITTEN_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")
_WRITTEN_DAY_FIRST = re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(?P<month>[^\W\d_]{3,10})\.?,?\s+(?:de\s+)?(?P<year>\d{4})(?!\d)")
_WRITTEN_MONTH_FIRST = re.compile(r"(?P<month>[^\W\d_]{3,10})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)")
_WEEKDAY_PREFIX = re.compile(r"^(?:[^\W\d_]{2,12}\.?,?\s+)?")
# Comments and processing instructions have no tag name; their text is not shown either.
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "option", "textarea", lxml.etree.Comment, lxml.etree.ProcessingInstruction})
_OTHER_PIECES = frozenset({"aside", "nav"})
_NOT_READ = _INVISIBLE | _OTHER_PIECES
# From the attribute to its element: libxml2 then tests only elements that have attributes, not
# every element (half the time of "//*[@itemprop='datePublished']", the same elements).
_ITEMPROP_PUBLISHED = lxml.etree.XPath("//@itemprop[.='datePublished']/..")


def parse_written_date(text: str) -> dt.date | None:
    """A date as a byline writes it, at the start of ``text``: 18.10.2021, 2023-11-07,
    "3. Dezember 2011", "12 avril 2019", "March 5, 2020" (a weekday before it is allowed).
    Numeric dates with dots are day first, as every language writing them so does."""
    text = text[:_BYLINE_WINDOW].lstrip()
    without_weekday = _WEEKDAY_PREFIX.sub("", text, count=1)
    return _written_date_at_start(text) or (_written_date_at_start(without_weekday) if without_weekday != text else None)


def _written_date_at_start(text: str) -> dt.date | None:
    return date_at_start(text, numeric=(_WRITTEN_ISO, _WRITTEN_NUMERIC), named=(_WRITTEN_DAY_FIRST, _WRITTEN_MONTH_FIRST))


def date_at_start(text: str, *, numeric: Iterable[re.Pattern[str]], named: Iterable[re.Pattern[str]]) -> dt.date | None:
    """The date the first matching pattern reads at the start of ``text``; each pattern has the
    groups year, month and day, the month a number (``numeric``) or a month's name (``named``)."""
    for pattern in numeric:
        match = pattern.match(text)
        if match:
            return checked_date(int(match["year"]), int(match["month"]), int(match["day"]))
    for pattern in named:
        match = pattern.match(text)
        if match:
            month = MONTH_NUMBERS.get(match["month"].casefold())
            if month is not None:
                return checked_date(int(match["year"]), month, int(match["day"]))
    return None


# Numeric forms a page may write a day in beside those a byline uses: 2023/11/01, 20231101, and
# 01/11/2023 or 11/01/2023 (day or month first: either reading may be the one meant).
_YEAR_FIRST = re.compile(r"(?<!\d)(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?!\d)")
_SLASHED = re.compile(r"(?<!\d)(?P<first>\d{1,2})[/-](?P<second>\d{1,2})[/-](?P<year>\d{4})(?!\d)")


def writes_the_day(text: str, day: dt.date) -> bool:
    """Whether ``text`` writes ``day`` with its day, in any numeric or named form linkaudit reads:
    the 1st of a month that a search of a page's text found may stand for the month alone
    ("Januar 2022") or the year alone (a copyright line), and neither is a day."""
    if str(day.year) not in text:
        return False
    for pattern in (_WRITTEN_ISO, _WRITTEN_NUMERIC, _YEAR_FIRST, _COMPACT):
        if any(checked_date(int(m["year"]), int(m["month"]), int(m["day"])) == day for m in pattern.finditer(text)):
            return True
    for m in _SLASHED.finditer(text):
        year, first, second = int(m["year"]), int(m["first"]), int(m["second"])
        if day in (checked_date(year, second, first), checked_date(year, first, second)):
            return True
    for pattern in (_WRITTEN_DAY_FIRST, _WRITTEN_MONTH_FIRST):
        for m in pattern.finditer(text):
            month = MONTH_NUMBERS.get(m["month"].casefold())
            if month is not None and checked_date(int(m["year"]), month, int(m["day"])) == day:
                return True
    return False


def labelled_byline(tree: lxml.html.HtmlElement) -> dt.date | None:
    """The first date in the page's visible text that a byline gives as the publication: after a
    label ("Veröffentlicht am 16.12.2012", "Von Anna Muster am 20.09.2020"), or before the
    verb that ends a German sentence ("Dieser Beitrag wurde am 3. Dezember 2011 veröffentlicht")."""
    text = " ".join(_visible_text(tree))
    found = [(at, date) for at, date in itertools.chain(_after_labels(text), _before_verbs(text)) if date is not None]
    return min(found, key=lambda candidate: candidate[0])[1] if found else None


def _after_labels(text: str) -> Iterator[tuple[int, dt.date | None]]:
    for label in itertools.chain(_BYLINE_LABEL.finditer(text), _AUTHOR_THEN_DAY.finditer(text)):
        yield label.start(), parse_written_date(text[label.end() : label.end() + _BYLINE_WINDOW])


def _before_verbs(text: str) -> Iterator[tuple[int, dt.date | None]]:
    for sentence in _VERB_LAST_BYLINE.finditer(text):
        yield sentence.start(), parse_written_date(sentence["date"])


def _visible_text(tree: lxml.html.HtmlElement) -> list[str]:
    """The page's visible text, whitespace collapsed, up to a bound: a byline sits near the top.
    Each element's text, then its children's, then its tail, leaving out what is not shown and
    what dates other pieces (sidebars, menus). lxml walks the tree (pages nest thousands deep),
    and the walk stops at the bound (a body of 30,000 paragraphs is not walked to read its first
    200). Walk and reading are one loop: a generator between them cost a tenth of the walk."""
    body = tree.find("body")
    if body is None:
        return []
    pieces: list[str] = []
    total = 0
    walk = lxml.etree.iterwalk(body, events=("start", "end", "comment", "pi"))
    for event, element in walk:
        if event == "start":
            if element.tag in _NOT_READ:
                walk.skip_subtree()  # its end still comes, with its tail
                continue
            piece = element.text
        elif element is not body:
            piece = element.tail  # after an end, a comment or a processing instruction
        else:
            continue
        if not piece or piece.isspace():
            continue
        words = " ".join(piece[:_BYLINE_TEXT_CHARS].split())
        total += len(words)
        pieces.append(words)
        if total > _BYLINE_TEXT_CHARS:
            break
    return pieces
