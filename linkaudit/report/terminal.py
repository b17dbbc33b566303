"""The audit in a terminal, with rich: per piece every claim worst first, then a summary box.

Every claim is a block: its verdict and line, the whole claim (wrapped under a hanging indent,
never cut), why it got its verdict, then each source with its status, what it answered, where
it is cited (file:line:col), and its URL on a line of its own. URLs are never wrapped or cut:
they run past the width when they must, so they can be copied, grepped and followed. The box
counts claims and sources and lists the worst places (one place, one finding); every problem
is also in the listing above it, whatever the box leaves out.

Page text (claims, anchors, titles, URLs, reasons) is untrusted: it only ever enters rich as
``Text(str)`` with control characters removed, never as markup. Colours come from a theme whose
colours keep a 4.5:1 contrast on black and on white; symbols carry the meaning without colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text

from linkaudit.models import Citation, DocumentAudit, Extraction, LinkAudit, LinkStatus, Report
from linkaudit.policy import PROBLEM_STATUSES, Policy, failure_streak
from linkaudit.printable import printable
from linkaudit.report.common import ClaimView, claim_views, link_state
from linkaudit.report.looks import state_look, verdict_look
from linkaudit.report.phrases import capture_phrase, drift_summary, published_phrase, status_phrase
from linkaudit.report.places import places
from linkaudit.report.safe_text import clean, is_web_url, shorten
from linkaudit.report.terminal_layout import (
    Indented,
    WholeLine,
    print_audit,
    styled,
    terminal_theme,
    tone_style,
    url_line,
    use_theme,
)
from linkaudit.report.terminal_summary import BOX_SHOWN, summary

__all__ = ["BOX_SHOWN", "audit_renderables", "extraction_table", "print_audit", "terminal_theme", "use_theme"]

# -- the audit ---------------------------------------------------------------------------------


def audit_renderables(
    report: Report,
    *,
    verbose: bool = False,
    quiet: bool = False,
    policy: Policy | None = None,
    boxed: bool = True,
) -> list[RenderableType]:
    """The audit for a console: every piece claim by claim (worst first), then the summary;
    ``quiet`` keeps problems only; ``boxed=False`` leaves the summary without its frame (logs)."""
    policy = policy or Policy()
    found = places(report, policy)
    if quiet and not found and report.complete:
        return []
    out: list[RenderableType] = []
    for document in report.documents:
        views = claim_views(document)
        if quiet:
            views = [v for v in views if _is_problem(v)]
            if not views:
                continue
        out += _document(document, views, verbose=verbose, quiet=quiet)
    out.append(summary(report, found, policy, quiet=quiet, boxed=boxed))
    return out


def _is_problem(view: ClaimView) -> bool:
    return verdict_look(view.claim.verdict.value).problem or any(_is_problem_link(link) for link in view.links)


def _is_problem_link(link: LinkAudit) -> bool:
    return link.check is not None and link.check.status in PROBLEM_STATUSES


def _heading(title: str | None, source: str) -> Text:
    if not title:
        return styled(printable(source), "linkaudit.heading")
    return Text.assemble(styled(printable(title), "linkaudit.heading"), "\n", styled(printable(source), tone_style("muted")))


def _document(document: DocumentAudit, views: list[ClaimView], *, verbose: bool, quiet: bool) -> list[RenderableType]:
    heading = _heading(document.title, document.source)
    heading.append("\n")
    phrase = published_phrase(document.published, document.not_before)
    heading.append_text(styled(phrase, "" if document.published else tone_style("warn")))
    out: list[RenderableType] = [Text(""), Indented(heading, 0)]
    for warning in document.warnings:
        out.append(Indented(styled(f"warning: {warning}", tone_style("warn")), 0))
    for view in views:
        out.append(Text(""))
        out += _claim_block(document, view, quiet=quiet, verbose=verbose)
    return out


def _claim_block(document: DocumentAudit, view: ClaimView, *, quiet: bool, verbose: bool) -> list[RenderableType]:
    claim = view.claim
    look = verdict_look(claim.verdict.value)
    header = styled(f"{look.symbol} {claim.verdict.value}", tone_style(look.tone))
    header.append_text(styled(f"  line {claim.line}", tone_style("muted")))
    lines: list[RenderableType] = [header, Indented(styled(claim.text), 2)]
    if look.problem:
        lines.append(Indented(styled(claim.reason, tone_style("muted")), 2))
    for link in view.links:
        if quiet and not look.problem and not _is_problem_link(link):
            continue
        lines += _source_lines(document, link, verbose=verbose)
    return lines


def _source_lines(document: DocumentAudit, link: LinkAudit, *, verbose: bool) -> list[RenderableType]:
    citation, check = link.citation, link.check
    state = link_state(link)
    look = state_look(state)
    where = printable(f"{document.path or document.source}:{citation.location.line}:{citation.location.column}")
    line = styled(f"{look.symbol} {state}", tone_style(look.tone))
    if check is not None and check.status is not LinkStatus.ALIVE:
        line.append_text(styled(f"  {status_phrase(check)}"))
    elif check is not None and check.http_status is not None:
        line.append_text(styled(f"  HTTP {check.http_status}", tone_style("muted")))
    line.append_text(styled(f"  {where}", tone_style("muted")))
    line.append_text(styled(f"  \u201c{shorten(citation.anchor, 80)}\u201d"))
    out: list[RenderableType] = [Indented(line, 2, 4), url_line(citation.url, 4)]
    notes = _source_notes(link, verbose=verbose)
    out += [Indented(styled(note, tone_style("muted")), 4) for note in notes]
    out += _capture_lines(link)
    out += _drift_lines(link)
    if verbose and check is not None and check.redirects:
        out.append(Indented(styled("redirects:", tone_style("muted")), 4))
        out += [url_line(f"{hop.status} {hop.url}", 6, tone_style("muted")) for hop in check.redirects]
    return out


def _source_notes(link: LinkAudit, *, verbose: bool) -> list[str]:
    check = link.check
    notes = []
    if streak := failure_streak(check):
        notes.append(streak)
    if verbose and check is not None and check.error and check.status is not LinkStatus.SKIPPED:
        notes.append(f"{check.error_kind or 'error'}: {check.error}")
    if link.citation.internal:
        notes.append("a relative link with no base URL: not checked")
    return notes


def _capture_lines(link: LinkAudit) -> list[RenderableType]:
    lookup = link.archive
    if lookup is None or lookup.outcome.value == "not-asked":
        return []
    snapshot = lookup.snapshot
    if snapshot is None:
        said = lookup.detail or ("archive unreachable" if lookup.outcome.value == "unreachable" else "no capture")
        return [Indented(styled(said, tone_style("muted")), 4)]
    style: str | Style = Style(link=snapshot.url) if is_web_url(snapshot.url) else ""
    return [Indented(styled(f"{capture_phrase(snapshot)}:"), 4), url_line(snapshot.url, 4, style)]


def _drift_lines(link: LinkAudit) -> list[RenderableType]:
    """The source's drift and the claim's evidence; the capture compared, as the piece cited it."""
    drift = drift_summary(link)
    if not drift:
        return []
    out: list[RenderableType] = [Indented(styled(f"drift: {drift}", tone_style("muted")), 4)]
    if link.drift is not None and link.drift.compared and link.drift.capture is not None:
        capture = link.drift.capture
        style: str | Style = Style(link=capture.url) if is_web_url(capture.url) else ""
        out += [Indented(styled(f"{capture_phrase(capture)}, compared:"), 4), url_line(capture.url, 4, style)]
    return out


# -- extract -----------------------------------------------------------------------------------


def extraction_table(extractions: Sequence[Extraction], *, verbose: bool = False) -> RenderableType:
    """The citations `linkaudit extract` found, piece by piece: each one's place and anchor, its
    URL on a line of its own (never wrapped, cut or split, as in the audit), then its claim."""
    parts: list[RenderableType] = []
    for extraction in extractions:
        heading = _heading(extraction.title, extraction.source)
        heading.append("\n")
        heading.append_text(styled(published_phrase(extraction.published, extraction.not_before)))
        heading.append_text(styled(f" · {len(extraction.citations)} citation{'s' if len(extraction.citations) != 1 else ''}"))
        parts += [Text(""), Indented(heading, 0)]
        for citation in extraction.citations:
            parts += _extracted_citation_lines(citation, verbose=verbose)
        if verbose and extraction.non_citations:
            parts.append(Indented(styled("Not citations:", tone_style("muted")), 0))
            for item in extraction.non_citations:
                where = f"{item.location.line}:{item.location.column} ({item.reason})  {item.written}"
                parts.append(url_line(where, 2, tone_style("muted")))
        for warning in extraction.warnings:
            parts.append(Indented(styled(f"warning: {warning}", tone_style("warn")), 0))
    return Group(*parts)


def _extracted_citation_lines(citation: Citation, *, verbose: bool) -> list[RenderableType]:
    place = styled(f"{citation.location.line}:{citation.location.column}", tone_style("muted"))
    place.append_text(styled(f"  \u201c{shorten(citation.anchor, 80)}\u201d"))
    url = styled(citation.url, tone_style("muted") if citation.internal else "")
    if citation.internal:
        url.append(" (internal)", tone_style("muted"))
    out: list[RenderableType] = [Indented(place, 2, 4), WholeLine(Text.assemble(" " * 4, url))]
    claim = clean(citation.claim) if verbose else shorten(citation.claim, 160)
    if claim:
        out.append(Indented(styled(claim), 4))
    if verbose and citation.heading:
        out.append(Indented(styled(f"under: {citation.heading}", tone_style("muted")), 4))
    return out
