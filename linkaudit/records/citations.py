"""What the extract stage finds in a piece: its citations, the links that are not, and where each is."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar

from linkaudit.records.pieces import DateBound, DocumentKind, PublicationDate

__all__ = ["Citation", "Extraction", "Location", "NonCitation", "claim_id_for"]


_Record = TypeVar("_Record")


def _pickled_by_fields(cls: type[_Record]) -> type[_Record]:
    """Pickle as (class, field values).

    Frozen slotted dataclasses otherwise pickle through a generic state hook that is about twice
    as slow, which shows when worker processes send back hundreds of thousands of citations.
    """
    values = attrgetter(*(f.name for f in fields(cls) if f.init))  # type: ignore[arg-type]

    def __reduce__(self: Any) -> tuple[type[_Record], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Location:
    """1-based line and column of a URL's first character in the file as on disk."""

    source: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}"


# Links that share a sentence share its claim: its id is worked out once while they are read.
@functools.lru_cache(maxsize=4096)
def claim_id_for(claim: str) -> str:
    """A stable id for a claim: the same text gives the same id on every run."""
    return hashlib.sha256(_normalised_claim(claim)).hexdigest()[:12]


_ELLIPSIS = "\u2026"
_ELLIPSIS_UTF8 = _ELLIPSIS.encode("utf-8")
_ASCII_SPACES_BUT_BLANK = bytes(code for code in range(128) if chr(code).isspace() and code != 32)


def _normalised_claim(claim: str) -> bytes:
    """``" ".join(claim.split()).casefold()`` in UTF-8, by a short cut for the usual claim: ASCII
    text, whitespace already collapsed, maybe cut with an ellipsis at either end. (One character
    outside ASCII makes casefold and split go character by character, several times slower.)"""
    lead = len(claim) - len(claim.lstrip(_ELLIPSIS)) if claim[:1] == _ELLIPSIS else 0
    trail = len(claim) - len(claim.rstrip(_ELLIPSIS)) if claim[-1:] == _ELLIPSIS and lead < len(claim) else 0
    core = claim[lead : len(claim) - trail]
    if core.isascii() and not claim[:1].isspace() and not claim[-1:].isspace():
        data = core.encode("ascii")
        if b"  " not in data and len(data.translate(None, _ASCII_SPACES_BUT_BLANK)) == len(data):
            return _ELLIPSIS_UTF8 * lead + data.lower() + _ELLIPSIS_UTF8 * trail
    return " ".join(claim.split()).casefold().encode("utf-8")


def _identify(url: str) -> tuple[str, str | None]:
    """linkaudit.urlkey.identify, imported on the first citation: it parses with httpx, which
    `linkaudit --help` and `--version` do not need. The first call puts the real one in its place."""
    global _identify
    from linkaudit.urlkey import identify

    _identify = identify
    return identify(url)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Citation:
    """An outbound link that backs a claim."""

    url: str  # absolute URL (resolved against the base); what gets checked
    written: str  # the URL as written in the piece
    anchor: str  # visible anchor text, whitespace collapsed
    claim: str  # the whole sentence containing the link, markup stripped
    claim_id: str
    location: Location
    heading: str | None = None  # nearest preceding heading
    internal: bool = False  # relative link with no base: listed, never checked
    version_url: str | None = None  # Robust Links data-versionurl
    version_date: dt.date | None = None  # Robust Links data-versiondate
    ignored: bool = False  # carries the inline skip marker
    # The source's identity for every stage (linkaudit.urlkey), worked out once, from ``url``.
    key: str = field(init=False, compare=False, repr=False)
    # Why ``url`` cannot be checked (linkaudit.urlkey.url_problem), from the same parse; None if it can.
    problem: str | None = field(init=False, compare=False, repr=False)


def _citation_init() -> Callable[..., None]:
    """Citation's constructor, the generated one's signature and defaults, with ``key`` and
    ``problem`` worked out from ``url``. A frozen dataclass's own sets each field through
    ``object.__setattr__``, which costs twice what its slot's setter does: with thirteen fields,
    a sixth of what a link costs to read on a page of thousands."""
    (set_url, set_written, set_anchor, set_claim, set_claim_id, set_location, set_heading, set_internal,
     set_version_url, set_version_date, set_ignored, set_key, set_problem) = _slot_setters(Citation)

    def __init__(  # noqa: PLR0913 - the record's fields
        self: Citation, url: str, written: str, anchor: str, claim: str, claim_id: str, location: Location,
        heading: str | None = None, internal: bool = False, version_url: str | None = None,
        version_date: dt.date | None = None, ignored: bool = False,
    ) -> None:
        key, problem = _identify(url)
        set_url(self, url)
        # Equal strings are held once: 100,000 links would otherwise keep two copies of most URLs.
        set_written(self, url if written == url else written)
        set_anchor(self, anchor)
        set_claim(self, claim)
        set_claim_id(self, claim_id)
        set_location(self, location)
        set_heading(self, heading)
        set_internal(self, internal)
        set_version_url(self, version_url)
        set_version_date(self, version_date)
        set_ignored(self, ignored)
        set_key(self, key)  # the URL itself when it is its own key
        set_problem(self, problem)

    __init__.__qualname__ = "Citation.__init__"
    return __init__


def _location_init() -> Callable[..., None]:
    """Location's constructor, set by slot as Citation's is (one per link too)."""
    set_source, set_line, set_column = _slot_setters(Location)

    def __init__(self: Location, source: str, line: int, column: int) -> None:
        set_source(self, source)
        set_line(self, line)
        set_column(self, column)

    __init__.__qualname__ = "Location.__init__"
    return __init__


def _slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The setter of each field's slot, in the order of the fields."""
    return tuple(vars(cls)[item.name].__set__ for item in fields(cls))


Citation.__init__ = _citation_init()  # type: ignore[method-assign]
Location.__init__ = _location_init()  # type: ignore[method-assign]


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class NonCitation:
    """A link that is not a citation (mailto:, tel:, javascript:, data:, #fragment)."""

    written: str
    reason: str
    location: Location


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the extract stage found in one document."""

    source: str
    kind: DocumentKind
    title: str | None
    published: PublicationDate | None
    citations: tuple[Citation, ...]
    non_citations: tuple[NonCitation, ...] = ()
    warnings: tuple[str, ...] = ()
    path: str | None = None
    not_before: DateBound | None = None  # set only when no publication date is known
