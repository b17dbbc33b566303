"""A whole ``linkaudit fix`` run: the audit (fresh, or a saved report), Save Page Now for live
sources when asked, then every piece fixed and written, copied or shown as a diff."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx
import trio

from linkaudit.check.urls import normalise_url
from linkaudit.errors import InputError
from linkaudit.extract import extract
from linkaudit.fix.edits import unified_diff
from linkaudit.fix.files import PieceFile, write_piece
from linkaudit.fix.piece import FixedPiece, FixOptions, fix_document, match_audit
from linkaudit.fix.plan import FixAction, SavedCapture
from linkaudit.archive import SaveOutcome
from linkaudit.models import DocumentAudit, DocumentKind, Report, reference_date
from linkaudit.pipeline import Audit, open_cache, run_audit
from linkaudit.options import ExtractOptions
from linkaudit.settings import Settings

__all__ = ["FixRun", "fix_files", "fresh_audit", "saved_captures"]


@dataclass
class FixRun:
    """What a run did: pieces fixed, what it said, and the errors it met (one per bad piece)."""

    fixed: list[FixedPiece] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    diff: str = ""


def fresh_audit(
    pieces: Sequence[PieceFile],
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    archive_transport: httpx.AsyncBaseTransport | None = None,
) -> Audit:
    """Audit the pieces now (checks and archive lookups, through the cache); with
    ``settings.archive.save_live`` live sources go to Save Page Now in the same run (``Audit.saves``)."""
    run = Audit(settings)
    cache = open_cache(settings.cache)

    async def read_and_audit() -> None:
        await run.read([piece.path for piece in pieces])
        await run_audit(run, cache=cache, transport=transport, archive_transport=archive_transport)

    try:
        trio.run(read_and_audit)
    finally:
        if cache is not None:
            cache.close()
    return run


def saved_captures(outcomes: Sequence[SaveOutcome]) -> dict[str, SavedCapture]:
    """The captures Save Page Now made (or found recent) and CDX confirmed, by normalised URL."""
    captures: dict[str, SavedCapture] = {}
    for outcome in outcomes:
        confirmed = outcome.action == "recent-capture" or (outcome.action == "saved" and outcome.detail.startswith("confirmed"))
        if confirmed and outcome.capture_url and outcome.timestamp:
            captures[normalise_url(outcome.url)] = SavedCapture(outcome.capture_url, outcome.timestamp)
    return captures


def fix_files(
    pieces: Sequence[PieceFile],
    report: Report,
    settings: ExtractOptions,
    options: FixOptions,
    *,
    saved: dict[str, SavedCapture] | None = None,
    output_dir: str | None = None,
    dry_run: bool = False,
    on_piece: Callable[[FixedPiece], None] | None = None,
) -> FixRun:
    """Fix every piece with what ``report`` found about it; write it (or a copy), or add to the diff."""
    run = FixRun()
    audits = _audits_by_path(report)
    diffs: list[str] = []
    for piece in pieces:
        audit = audits.get(os.path.realpath(piece.path)) or audits.get(piece.document.source)
        if audit is None:
            run.errors.append(InputError(piece.path, "not in the report; left alone"))
            continue
        if piece.document.kind is DocumentKind.TEXT:
            run.messages.append(f"{piece.path}: plain text has no link markup to edit; left alone")
            continue
        extraction = extract(piece.document, settings, every_copy=True)
        links, stale = match_audit(extraction.citations, audit)
        if stale:
            run.messages.append(f"{piece.path}: {stale} of the report's links are not in the piece as reported (fixed or edited since)")
        # The date captures are chosen for: the publication date, else its "not before" bound.
        published = reference_date(audit.published, audit.not_before)
        fixed = fix_document(piece.document, links, options, saved=saved, published=published)
        run.fixed.append(fixed)
        run.messages.extend(_summary(piece.path, fixed))
        if on_piece is not None:
            on_piece(fixed)
        if not fixed.changed:
            continue
        if dry_run:
            diffs.append(unified_diff(fixed.before, fixed.after, _display_name(piece.path)))
            continue
        try:
            written = write_piece(piece, fixed.after, output_dir=output_dir)
        except InputError as error:
            run.errors.append(error)
            continue
        run.messages.append(f"wrote {written}")
    run.diff = "".join(diffs)
    return run


def _audits_by_path(report: Report) -> dict[str, DocumentAudit]:
    found: dict[str, DocumentAudit] = {}
    for document in report.documents:
        if document.path:
            found.setdefault(os.path.realpath(document.path), document)
        found.setdefault(document.source, document)
    return found


def _display_name(path: str) -> str:
    relative = os.path.relpath(os.path.abspath(path))
    return path if relative.startswith(os.pardir) else relative


_ACTION_WORDS = {
    FixAction.ARCHIVE: "pointed at a capture",
    FixAction.VERSION: "given a version URL",
    FixAction.REDIRECT: "updated to the redirect's end",
    FixAction.NOTE: "annotated",
}


def _summary(path: str, fixed: FixedPiece) -> list[str]:
    counts: dict[str, int] = {}
    for fix in fixed.applied:
        words = "annotated" if fixed.style == "annotate" else _ACTION_WORDS[fix.action]
        counts[words] = counts.get(words, 0) + 1
    done = ", ".join(f"{count} {words}" for words, count in counts.items())
    lines = [f"{path}: {done or 'nothing to change'}"]
    for fix in fixed.unplaced:
        where = fix.citation.location
        lines.append(f"{path}:{where.line}:{where.column}: {fix.citation.url}: could not find the link as written there; left alone")
    return lines
