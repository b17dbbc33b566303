"""What one audit run has learnt so far: its pieces, check results, archive lookups, saves and
drift comparisons, kept as they arrive so that an interrupted run can still produce a valid
(incomplete) report from them.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import trio

from linkaudit import __version__
from linkaudit.archive import ArchiveRequest, SaveOutcome
from linkaudit.drift import DriftRequest, SourceComparison, attach_drift
from linkaudit.errors import InputError
from linkaudit.models import (
    ArchiveLookup,
    CheckResult,
    Citation,
    DocumentAudit,
    Extraction,
    LinkAudit,
    LinkStatus,
    NonCitation,
    RecordView,
    Report,
    reference_date,
)
from linkaudit.patterns import compile_pattern
from linkaudit.policy import PROBLEM_STATUSES
from linkaudit.reading import read_pieces
from linkaudit.settings import Settings
from linkaudit.shards import parse_shard
from linkaudit.verdict import JudgedClaims

__all__ = ["Audit", "AuditedLinks", "lookup_key"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Audit:
    """One audit run and everything it knows so far."""

    settings: Settings
    extractions: list[Extraction] = field(default_factory=list)
    input_errors: list[InputError] = field(default_factory=list)
    results: dict[str, CheckResult] = field(default_factory=dict)  # by normalised URL
    lookups: dict[str, ArchiveLookup] = field(default_factory=dict)
    saves: list[SaveOutcome] = field(default_factory=list)
    comparisons: dict[str, SourceComparison] = field(default_factory=dict)  # drift, by lookup key
    clock: Callable[[], dt.datetime] = _now
    _citations_by_url: dict[str, int | list[int]] | None = field(default=None, repr=False)  # see _where_cited

    def load(self, sources: Sequence[str]) -> None:
        """``read`` for callers without an event loop."""
        trio.run(self.read, sources)

    async def read(self, sources: Sequence[str]) -> None:
        """Read the pieces on the running loop (``linkaudit.reading``); NetworkUnavailable when
        none could be fetched and our own network looks down."""
        extractions, errors = await read_pieces(sources, self.settings.extract)
        self.extractions = [_drop_ignored(e, self.settings.run.ignore) for e in extractions]
        self.input_errors = errors
        self._citations_by_url = None
        _give_back_freed_memory()

    def urls_to_check(self) -> list[str]:
        """The distinct sources to check, by key: three spellings of one URL are one source."""
        seen: dict[str, None] = {}
        for extraction in self.extractions:
            for citation in extraction.citations:
                if not citation.internal:
                    seen.setdefault(citation.key, None)
        if self.settings.run.shard:
            shard = parse_shard(self.settings.run.shard)
            return [key for key in seen if shard.owns(key)]
        return list(seen)

    def record_result(self, result: CheckResult) -> None:
        self.results[result.url] = result  # a result's url is its source's key

    def result_for(self, citation: Citation) -> CheckResult | None:
        return None if citation.internal else self.results.get(citation.key)

    def archive_requests(self) -> dict[str, ArchiveRequest]:
        """Every lookup the checked sources call for, by lookup key."""
        wanted: dict[str, ArchiveRequest] = {}
        for result in self.results.values():
            wanted.update(self.archive_requests_for(result))
        return wanted

    def archive_requests_for(self, result: CheckResult) -> dict[str, ArchiveRequest]:
        """The lookups one check result calls for: one per citing piece's date and Robust Links."""
        if self.settings.archive.mode == "none" or not self._wants_archive(result):
            return {}
        wanted: dict[str, ArchiveRequest] = {}
        for citation, target in self._citing(result.url):
            wanted.setdefault(
                lookup_key(citation, target),
                ArchiveRequest(
                    url=citation.url,
                    target=target,
                    version_url=citation.version_url,
                    version_date=citation.version_date,
                    first_failure=result.history.first_failure,
                ),
            )
        return wanted

    def drift_requests(self) -> dict[str, DriftRequest]:
        """Every comparison the checked sources call for, by lookup key."""
        wanted: dict[str, DriftRequest] = {}
        for result in self.results.values():
            for key, request in self.drift_requests_for(result).items():
                wanted.setdefault(key, request)
        return wanted

    def drift_requests_for(self, result: CheckResult) -> dict[str, DriftRequest]:
        """The comparisons one live source calls for: one per citing piece's publication date."""
        if not result.status.is_live:
            return {}
        wanted: dict[str, DriftRequest] = {}
        for citation, extraction in self._cited(result.url):
            target = extraction.published.date if extraction.published else None
            key = lookup_key(citation, target)
            wanted.setdefault(
                key,
                DriftRequest(
                    citation.url, target, result, citation.version_url, citation.version_date, self.lookups.get(key),
                ),
            )
        return wanted

    def _citing(self, key: str) -> list[tuple[Citation, dt.date | None]]:
        return [
            (citation, reference_date(extraction.published, extraction.not_before))
            for citation, extraction in self._cited(key)
        ]

    def _cited(self, key: str) -> list[tuple[Citation, Extraction]]:
        """Every external citation of the source ``key``, with the piece citing it."""
        if self._citations_by_url is None:
            self._citations_by_url = self._where_cited()
        found = self._citations_by_url.get(key, [])
        return [self._citation_at(position) for position in (found if isinstance(found, list) else (found,))]

    def _where_cited(self) -> dict[str, int | list[int]]:
        """Where each source is cited, by key: one number (the piece's and the citation's
        positions) for a source cited once, a list for the others. A list and a pair per citation
        would hold about 130 bytes a link besides the index."""
        where: dict[str, int | list[int]] = {}
        for piece, extraction in enumerate(self.extractions):
            for number, citation in enumerate(extraction.citations):
                if citation.internal:
                    continue
                position = piece << _CITATION_BITS | number
                found = where.setdefault(citation.key, position)
                if isinstance(found, list):
                    found.append(position)
                elif found != position:
                    where[citation.key] = [found, position]
        return where

    def _citation_at(self, position: int) -> tuple[Citation, Extraction]:
        extraction = self.extractions[position >> _CITATION_BITS]
        return extraction.citations[position & _CITATION_MASK], extraction

    def _wants_archive(self, result: CheckResult) -> bool:
        if self.settings.archive.mode == "all":
            return result.status is not LinkStatus.SKIPPED
        return result.status in PROBLEM_STATUSES

    def report(self, *, complete: bool = True) -> Report:
        """The report of what the audit holds. Its links and claims are views made as they are
        read (``AuditedLinks``, ``JudgedClaims``): make it once the stages are done."""
        documents = tuple(self._document(extraction) for extraction in self.extractions)
        return Report(documents=documents, generated_at=self.clock(), tool_version=__version__, complete=complete)

    def _document(self, extraction: Extraction) -> DocumentAudit:
        target = reference_date(extraction.published, extraction.not_before)
        links = AuditedLinks(extraction.citations, self.results, self.lookups, self.comparisons, target)
        return DocumentAudit(
            source=extraction.source,
            title=extraction.title,
            published=extraction.published,
            not_before=extraction.not_before,
            links=links,
            claims=JudgedClaims(links),
            non_citations=extraction.non_citations,
            warnings=extraction.warnings,
            path=extraction.path,
        )


class AuditedLinks(RecordView[LinkAudit]):
    """A piece's citations, each with its check, archive lookup and drift as the audit holds them,
    made as they are read: a link record per citation would be most of a large audit's report."""

    __slots__ = ("_citations", "_drifted", "_lookups", "_results", "_target")

    def __init__(
        self,
        citations: tuple[Citation, ...],
        results: Mapping[str, CheckResult],
        lookups: Mapping[str, ArchiveLookup],
        comparisons: Mapping[str, SourceComparison],
        target: dt.date | None,
    ) -> None:
        self._citations = citations
        self._results = results
        self._lookups = lookups
        self._target = target
        self._drifted: dict[int, LinkAudit] = {}  # the few links compared with a capture, made once

        def key_of(citation: Citation) -> str:
            return lookup_key(citation, target)

        if comparisons:
            for position, citation in enumerate(citations):
                if key_of(citation) in comparisons:
                    [self._drifted[position]] = attach_drift((self._link(citation),), comparisons, key_of)

    def __len__(self) -> int:
        return len(self._citations)

    def _item(self, position: int) -> LinkAudit:
        drifted = self._drifted.get(position)
        return drifted if drifted is not None else self._link(self._citations[position])

    def _link(self, citation: Citation) -> LinkAudit:
        check = None if citation.internal else self._results.get(citation.key)
        archive = self._lookups.get(lookup_key(citation, self._target)) if self._lookups else None
        return LinkAudit(citation=citation, check=check, archive=archive)


_CITATION_BITS = 32  # a citation's position in its piece, below its piece's position
_CITATION_MASK = (1 << _CITATION_BITS) - 1


def _give_back_freed_memory() -> None:
    """Return to the system what reading freed. Pieces are extracted in a worker thread, so their
    scratch memory is freed into that thread's malloc arena, where the later stages (on the main
    thread) cannot reuse it: a 100,000-link piece leaves 10-25 MB there. glibc only; elsewhere
    nothing is done."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return
    trim(0)


def lookup_key(citation: Citation, target: dt.date | None) -> str:
    # Two pieces citing one URL may have different publication dates, hence different captures.
    return f"{citation.key} {citation.version_date or target or '-'} {citation.version_url or '-'}"


def _drop_ignored(extraction: Extraction, patterns: Sequence[str]) -> Extraction:
    compiled = [compile_pattern(p) for p in patterns]
    kept: list[Citation] = []
    dropped: list[NonCitation] = []
    for citation in extraction.citations:
        if citation.ignored:
            dropped.append(NonCitation(citation.written, "skipped by an inline marker", citation.location))
        elif not citation.internal and citation.problem is not None:
            dropped.append(NonCitation(citation.written, citation.problem, citation.location))
        elif any(p.search(citation.url) for p in compiled):
            dropped.append(NonCitation(citation.written, "matches the ignore list", citation.location))
        else:
            kept.append(citation)
    if not dropped:
        return extraction
    return replace(
        extraction,
        citations=tuple(kept),
        non_citations=extraction.non_citations + tuple(dropped),
    )
