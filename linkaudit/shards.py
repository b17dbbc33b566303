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

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from typing import Protocol

from linkaudit.check.sites import site_of
from linkaudit.errors import ReportError
from linkaudit.models import DocumentAudit, LinkAudit, Report
from linkaudit.verdict import judge_claims

__all__ = ["Shard", "ShardReport", "merge_reports", "merge_saved", "parse_shard"]


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


class ShardReport(Protocol):
    """A shard's report: a ``Report``, or a saved one read a document at a time (``read_report``),
    whose facts are known once its documents have been read."""

    @property
    def documents(self) -> Iterable[DocumentAudit]: ...
    @property
    def generated_at(self) -> dt.datetime: ...
    @property
    def tool_version(self) -> str: ...
    @property
    def complete(self) -> bool: ...


def merge_saved(paths: Sequence[str]) -> Report:
    """The merge of saved shard reports, read side by side one document at a time: a matrix of
    large parts never sits in memory whole, only the merged report does."""
    from linkaudit.report.json_read import read_report

    with ExitStack() as open_parts:
        return merge_reports([(path, open_parts.enter_context(read_report(path))) for path in paths])


def merge_reports(parts: Sequence[tuple[str, ShardReport]]) -> Report:
    """One report from shard reports (name, report) of the same pieces; ``ReportError`` if they differ.

    The parts are read in step, a document of each at a time, and each merged document is judged
    as soon as it is whole.
    """
    if not parts:
        raise ReportError("no report to merge")
    names = [name for name, _ in parts]
    merged = []
    for documents in itertools.zip_longest(*(part.documents for _, part in parts)):
        if None in documents:
            short = names[documents.index(None)]
            other = names[0] if short != names[0] else names[documents.index(next(d for d in documents if d))]
            raise ReportError(f"{short} and {other} are reports of different pieces: cannot merge them")
        links = documents[0].links
        for name, twin in zip(names[1:], documents[1:], strict=True):
            links = _merged_links(links, _twin(twin, documents[0], name, names[0]))
        merged.append(replace(documents[0], links=links, claims=judge_claims(links)))
    judged = tuple(merged)
    return Report(
        documents=judged,
        generated_at=max(part.generated_at for _, part in parts),
        tool_version=parts[0][1].tool_version,
        complete=all(part.complete for _, part in parts) and not _unchecked(judged),
    )


def _twin(twin: DocumentAudit, document: DocumentAudit, name: str, first_name: str) -> DocumentAudit:
    same = twin.source == document.source and [link.citation.url for link in twin.links] == [
        link.citation.url for link in document.links
    ]
    if not same:
        raise ReportError(
            f"{name} and {first_name} disagree on {document.source}: were they made from the same version of the pieces?"
        )
    return twin


def _merged_links(links: Sequence[LinkAudit], twin: DocumentAudit) -> tuple[LinkAudit, ...]:
    """The part that checked a source gives its link; one no part checked stays unchecked."""
    return tuple(mine if mine.check is not None else theirs for mine, theirs in zip(links, twin.links, strict=True))


def _unchecked(documents: Sequence[DocumentAudit]) -> bool:
    return any(link.check is None and not link.citation.internal for d in documents for link in d.links)
