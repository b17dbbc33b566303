"""The records that flow between linkaudit's stages.

    Document --extract--> Extraction (Citations) --check--> CheckResult
             --archive--> ArchiveLookup (Snapshot) --drift--> Drift, Evidence
             --verdict--> ClaimVerdict
             --pipeline--> DocumentAudit --> Report

Every record is a small frozen dataclass: stages never mutate what they receive.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter, index
from typing import Any, TypeVar, overload


__all__ = [
    "ArchiveLookup",
    "ArchiveOutcome",
    "CheckHistory",
    "CheckResult",
    "Citation",
    "ClaimVerdict",
    "DateBound",
    "DateSource",
    "Document",
    "DocumentAudit",
    "DocumentKind",
    "Drift",
    "DriftStatus",
    "Evidence",
    "Extraction",
    "Hop",
    "LinkAudit",
    "LinkStatus",
    "Location",
    "NonCitation",
    "PagePrint",
    "PublicationDate",
    "RecordView",
    "Report",
    "Snapshot",
    "Verdict",
    "claim_id_for",
    "reference_date",
]


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


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Location:
    """1-based line and column of a URL's first character in the file as on disk."""

    source: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}"


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

    def __post_init__(self) -> None:
        key, problem = _identify(self.url)
        object.__setattr__(self, "key", key)  # the URL itself when it is its own key
        object.__setattr__(self, "problem", problem)
        # Equal strings are held once: 100,000 links would otherwise keep two copies of most URLs.
        if self.written == self.url and self.written is not self.url:
            object.__setattr__(self, "written", self.url)


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


class LinkStatus(enum.StrEnum):
    ALIVE = "alive"
    REDIRECTED = "redirected"
    SOFT_404 = "soft-404"
    DEAD = "dead"
    FAILING = "failing"
    BLOCKED = "blocked"
    SKIPPED = "skipped"

    @property
    def is_live(self) -> bool:
        return self in (LinkStatus.ALIVE, LinkStatus.REDIRECTED)

    @property
    def is_gone(self) -> bool:
        """Gone for sure: what no retry will bring back."""
        return self in (LinkStatus.DEAD, LinkStatus.SOFT_404)


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a redirect chain: the URL requested and the status it answered."""

    url: str
    status: int


@dataclass(frozen=True, slots=True)
class CheckHistory:
    """What earlier runs recorded about a URL (from the cache)."""

    checks: int = 0
    first_failure: dt.datetime | None = None  # start of the current run of failures
    consecutive_failures: int = 0


@dataclass(frozen=True, slots=True)
class PagePrint:
    """What drift comparison and claim evidence need of one page: its title and main text.

    ``text`` is the article's main text, normalised to lower-case words and numbers separated by
    single spaces (see ``linkaudit.drift.text``), and cut at a bound.
    """

    title: str | None
    text: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The liveness verdict for one normalised URL, with its evidence."""

    url: str
    status: LinkStatus
    reason: str  # one line a person can act on: "HTTP 404", "redirected to site root"
    checked_at: dt.datetime
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[Hop, ...] = ()
    permanent_redirect: bool = False
    error_kind: str | None = None  # e.g. "dns", "refused", "timeout", "tls", "reset"
    error: str | None = None
    elapsed: float = 0.0  # seconds
    content_type: str | None = None
    title: str | None = None
    attempts: int = 1
    from_cache: bool = False
    history: CheckHistory = CheckHistory()  # frozen: one empty history shared by every result without one
    page: PagePrint | None = None  # the live page's print, kept when drift is compared


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


class DriftStatus(enum.StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    REPLACED = "replaced"  # a different page at the same address
    NOT_COMPARED = "not-compared"


@dataclass(frozen=True, slots=True)
class Drift:
    """How a live source's main text compares with its capture from the time of the piece."""

    status: DriftStatus
    reason: str  # "12% of the text differs", or why it was not compared
    similarity: float | None = None  # Jaccard similarity of the two texts' word shingles, 0..1
    title_similarity: float | None = None  # Jaccard similarity of the two titles' words, 0..1
    capture: Snapshot | None = None  # the capture compared with

    @property
    def compared(self) -> bool:
        return self.status is not DriftStatus.NOT_COMPARED


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of what the claim cites, and where it was found.

    ``live`` and ``capture`` are None when that text was not at hand.
    """

    kind: str  # "quote", "number" or "anchor"
    text: str
    live: bool | None
    capture: bool | None


class Verdict(enum.StrEnum):
    BACKED = "backed"
    DRIFTED = "drifted"
    ARCHIVED = "archived"
    UNBACKED = "unbacked"
    UNVERIFIED = "unverified"


@dataclass(frozen=True, slots=True)
class LinkAudit:
    """One citation with what the check, archive and drift stages found."""

    citation: Citation
    check: CheckResult | None = None  # None for internal links that are never checked
    archive: ArchiveLookup | None = None
    drift: Drift | None = None  # None when drift was not asked for this source
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimVerdict:
    claim_id: str
    text: str
    line: int
    verdict: Verdict
    reason: str
    links: tuple[int, ...]  # indexes into DocumentAudit.links


_Item = TypeVar("_Item")


class RecordView(Sequence[_Item]):
    """A read-only sequence that makes each record when it is read, and otherwise behaves as the
    tuple of those records: equal to it, hashed, sliced, copied and pickled as it.

    A ``DocumentAudit``'s links and claims may be views over what the audit holds: a piece with
    100,000 links need not hold 100,000 link records and claim verdicts besides its citations and
    check results. Subclasses give ``__len__`` and ``_item``.
    """

    __slots__ = ()

    def _item(self, position: int) -> _Item:
        raise NotImplementedError

    @overload
    def __getitem__(self, position: int) -> _Item: ...

    @overload
    def __getitem__(self, position: slice) -> tuple[_Item, ...]: ...

    def __getitem__(self, position: int | slice) -> _Item | tuple[_Item, ...]:
        if isinstance(position, slice):
            return tuple(self._item(i) for i in range(*position.indices(len(self))))
        at = index(position)
        size = len(self)
        if at < 0:
            at += size
        if not 0 <= at < size:
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._item(at)

    def __iter__(self) -> Iterator[_Item]:
        return map(self._item, range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, tuple | RecordView):
            return NotImplemented
        return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple[type[tuple[_Item, ...]], tuple[tuple[_Item, ...]]]:
        return tuple, (tuple(self),)


@dataclass(frozen=True, slots=True)
class DocumentAudit:
    """One piece's audit. ``links`` and ``claims`` are tuples, or ``RecordView``s made from what
    the audit holds (``linkaudit.pipeline``)."""

    source: str
    title: str | None
    published: PublicationDate | None
    links: tuple[LinkAudit, ...]
    claims: tuple[ClaimVerdict, ...]
    non_citations: tuple[NonCitation, ...] = ()
    warnings: tuple[str, ...] = ()
    path: str | None = None
    not_before: DateBound | None = None  # set only when no publication date is known


@dataclass(frozen=True, slots=True)
class Report:
    documents: tuple[DocumentAudit, ...]
    generated_at: dt.datetime
    tool_version: str
    complete: bool = True  # False when the run was interrupted: what is here is what was known
