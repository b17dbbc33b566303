"""Shards for a CI matrix: each job checks the sources of some sites; one job merges the reports.

``linkaudit audit PIECES --shard K/N -o part-K.json`` reads every piece but checks only the
sources whose *site* hashes to shard K (``site_of``: a host's registrable part, so ``doi.org`` and
``www.doi.org`` fall together). Every site is thus checked by one job only: per-host politeness
holds across the whole matrix and no URL is requested twice. The other sources stay unchecked in
that part. ``linkaudit report part-*.json`` merges the parts: each link takes the check (and archive
answer) of the part that owns its site, every claim is judged once on the merged links, and
``--fail-on`` applies to the whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from linkaudit.check.sites import site_of
from linkaudit.errors import ReportError
from linkaudit.models import DocumentAudit, LinkAudit, Report
from linkaudit.verdict import judge_claims

__all__ = ["Shard", "merge_reports", "parse_shard"]


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard ``index`` (1-based, as CI matrices count) of ``count``."""

    index: int
    count: int

    def owns(self, url_key: str) -> bool:
        digest = hashlib.sha256(site_of(url_key).encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    """``"K/N"`` with 1 <= K <= N; ``ValueError`` with a sentence otherwise."""
    index, slash, count = text.strip().partition("/")
    if not slash or not index.isdigit() or not count.isdigit():
        raise ValueError(f"needs K/N, as in 2/4, got {text!r}")
    shard = Shard(int(index), int(count))
    if not 1 <= shard.index <= shard.count:
        raise ValueError(f"K must be between 1 and N, got {text!r}")
    return shard


def merge_reports(parts: Iterable[tuple[str, Report]]) -> Report:
    """One report from shard reports (name, report) of the same pieces; ``ReportError`` if they differ.

    ``parts`` is consumed one at a time, so a lazy iterable holds two reports in memory at most.
    """
    iterator = iter(parts)
    first = next(iterator, None)
    if first is None:
        raise ReportError("no report to merge")
    first_name, merged = first
    documents = list(merged.documents)
    generated_at, complete = merged.generated_at, merged.complete
    for name, report in iterator:
        if len(report.documents) != len(documents):
            raise ReportError(f"{name} and {first_name} are reports of different pieces: cannot merge them")
        documents = [
            replace(document, links=_merged_links(document, _twin(report, index, document, name, first_name)))
            for index, document in enumerate(documents)
        ]
        generated_at, complete = max(generated_at, report.generated_at), complete and report.complete
    judged = tuple(replace(document, claims=judge_claims(document.links)) for document in documents)
    return Report(
        documents=judged,
        generated_at=generated_at,
        tool_version=merged.tool_version,
        complete=complete and not _unchecked(judged),
    )


def _twin(report: Report, index: int, document: DocumentAudit, name: str, first_name: str) -> DocumentAudit:
    twin = report.documents[index]
    same = twin.source == document.source and [link.citation.url for link in twin.links] == [
        link.citation.url for link in document.links
    ]
    if not same:
        raise ReportError(
            f"{name} and {first_name} disagree on {document.source}: were they made from the same version of the pieces?"
        )
    return twin


def _merged_links(document: DocumentAudit, twin: DocumentAudit) -> tuple[LinkAudit, ...]:
    """The part that checked a source gives its link; one no part checked stays unchecked."""
    return tuple(mine if mine.check is not None else theirs for mine, theirs in zip(document.links, twin.links))


def _unchecked(documents: Sequence[DocumentAudit]) -> bool:
    return any(link.check is None and not link.citation.internal for d in documents for link in d.links)
