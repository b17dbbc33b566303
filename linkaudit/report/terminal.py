"""The audit in a terminal, with rich: per piece a table claim by claim, then a summary panel.

Page text (claims, anchors, titles, URLs, reasons) is untrusted: it only ever enters rich as
``Text(str)`` with control characters removed, never as markup, so "[bold]" prints as written
and an escape sequence in a page cannot reach the terminal. Capture dates are terminal
hyperlinks to the archived copy (only for http(s) URLs).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from linkaudit.models import DocumentAudit, Extraction, LinkAudit, LinkStatus, PublicationDate, Report, Verdict
from linkaudit.policy import PROBLEM_STATUSES, RULE_ORDER, Finding, Policy, failure_streak, findings
from linkaudit.printable import printable
from linkaudit.report.common import (
    INTERNAL,
    UNCHECKED,
    ClaimView,
    all_claims,
    all_links,
    capture_date,
    claim_views,
    clean,
    count_states,
    count_verdicts,
    domain,
    is_web_url,
    link_state,
    shorten,
)

__all__ = ["STATE_LOOK", "TABLE_MIN_WIDTH", "VERDICT_LOOK", "audit_renderables", "extraction_table"]

# state -> (symbol, style): the symbol carries the meaning when colour is off.
STATE_LOOK: dict[str, tuple[str, str]] = {
    LinkStatus.ALIVE.value: ("✓", "green"),
    LinkStatus.REDIRECTED.value: ("↪", "green"),
    LinkStatus.SOFT_404.value: ("✗", "red"),
    LinkStatus.DEAD.value: ("✗", "bold red"),
    LinkStatus.FAILING.value: ("!", "yellow"),
    LinkStatus.BLOCKED.value: ("⊘", "yellow"),
    LinkStatus.SKIPPED.value: ("–", "blue"),
    INTERNAL: ("·", "dim"),
    UNCHECKED: ("?", "dim"),
}
VERDICT_LOOK: dict[str, tuple[str, str]] = {
    Verdict.BACKED.value: ("✓", "green"),
    Verdict.ARCHIVED.value: ("◷", "yellow"),
    Verdict.UNBACKED.value: ("✗", "bold red"),
    Verdict.UNVERIFIED.value: ("?", "blue"),
}
WORST_SHOWN = 10


def _text(value: object, style: str | Style = "") -> Text:
    return Text(clean(str(value)), style=style)


# Below this width a six-column table squeezes claims and anchors into slivers: each claim is
# shown as a block of lines instead.
TABLE_MIN_WIDTH = 100


def audit_renderables(
    report: Report,
    *,
    verbose: bool = False,
    quiet: bool = False,
    policy: Policy | None = None,
    stacked: bool = False,
    boxed: bool = True,
) -> list[RenderableType]:
    """The audit for a console: a table per piece, or with ``stacked`` a block of lines per claim
    (for narrow terminals and plain logs); ``boxed=False`` leaves the summary without its frame."""
    policy = policy or Policy()
    found = findings(report, policy)
    if quiet and not found:
        return []
    out: list[RenderableType] = []
    if not report.complete:
        out.append(_text("The run was interrupted: sources not yet checked are missing from this report.", "bold yellow"))
    for document in report.documents:
        views = claim_views(document, problems_first=False)
        if quiet:
            views = [v for v in views if _is_problem(v)]
            if not views:
                continue
        out += _document(document, views, verbose=verbose, quiet=quiet, stacked=stacked)
    out.append(_summary(report, found, policy, quiet=quiet, boxed=boxed))
    return out


def _is_problem(view: ClaimView) -> bool:
    return view.claim.verdict is not Verdict.BACKED or any(_is_problem_link(link) for link in view.links)


def _is_problem_link(link: LinkAudit) -> bool:
    return link.check is not None and link.check.status in PROBLEM_STATUSES


def _heading(title: str | None, source: str) -> Text:
    if not title:
        return _text(printable(source), "bold")
    return Text.assemble(_text(printable(title), "bold"), "\n", _text(printable(source), "dim"))


def _shown_links(view: ClaimView, quiet: bool) -> list[LinkAudit]:
    return [link for link in view.links if not quiet or _is_problem_link(link) or view.claim.verdict is not Verdict.BACKED]


def _document(
    document: DocumentAudit, views: list[ClaimView], *, verbose: bool, quiet: bool, stacked: bool
) -> list[RenderableType]:
    heading = _heading(document.title, document.source)
    heading.append("\n")
    heading.append_text(_published(document.published))
    body = _claim_blocks(views, quiet) if stacked else _claim_table(views, quiet)
    out: list[RenderableType] = [Text(""), heading, body]
    if verbose:
        details = _details(document)
        if details.plain:
            out.append(details)
    for warning in document.warnings:
        out.append(_text(f"warning: {warning}", "yellow"))
    return out


def _claim_blocks(views: list[ClaimView], quiet: bool) -> Group:
    """Each claim as a block of lines, indented so that wrapped lines stay in their place."""
    lines: list[RenderableType] = []
    for view in views:
        symbol, style = VERDICT_LOOK[view.claim.verdict.value]
        header = _text(f"{symbol} {view.claim.verdict.value}", style)
        header.append_text(_text(f"  line {view.claim.line}", "dim"))
        lines += [Text(""), header, Padding(_text(view.claim.text), (0, 0, 0, 2), expand=False)]
        for link in _shown_links(view, quiet):
            source = _status_cell(link)
            http = link.check.http_status if link.check and link.check.http_status is not None else None
            source.append_text(_text(f" {http}" if http is not None else ""))
            source.append_text(_text(f"  {domain(link.citation.url)}  “{shorten(link.citation.anchor, 60)}”"))
            lines.append(Padding(source, (0, 0, 0, 2), expand=False))
            lines.append(_unwrapped(_text(link.citation.url, "dim"), 4))
            capture = _capture_cell(link, words=True)
            if capture.plain:
                lines.append(_unwrapped(Text.assemble(_text("capture: ", "dim"), capture), 4))
    return Group(*lines)


def _unwrapped(text: Text, indent: int) -> Text:
    """A line holding a URL, never wrapped or cut: a URL broken over two lines cannot be copied
    or grepped, and a terminal wraps the long line by itself."""
    return Text.assemble(" " * indent, text, no_wrap=True, overflow="ignore")


def _claim_table(views: list[ClaimView], quiet: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Claim", ratio=5, overflow="fold", min_width=20)
    table.add_column("Anchor", ratio=2, overflow="fold", min_width=10)
    table.add_column("Source", ratio=2, overflow="ellipsis", no_wrap=True, max_width=22)
    table.add_column("Status", no_wrap=True)
    table.add_column("HTTP", justify="right", no_wrap=True)
    table.add_column("Capture", no_wrap=True)
    for view in views:
        links = _shown_links(view, quiet)
        for position, link in enumerate(links):
            table.add_row(
                _claim_cell(view) if position == 0 else Text(""),
                _text(shorten(link.citation.anchor, 32)),
                _text(domain(link.citation.url)),
                _status_cell(link),
                _text(link.check.http_status if link.check and link.check.http_status is not None else ""),
                _capture_cell(link),
                end_section=position == len(links) - 1,
            )
    return table


def _published(published: PublicationDate | None) -> Text:
    if published is None:
        return _text("publication date unknown", "yellow")
    prefix = "published not before" if published.not_before else "published"
    detail = f", {published.detail}" if published.detail else ""
    return _text(f"{prefix} {published.date.isoformat()} (from {published.source.value}{detail})")


def _claim_cell(view: ClaimView) -> Text:
    symbol, style = VERDICT_LOOK[view.claim.verdict.value]
    cell = _text(f"{symbol} {view.claim.verdict.value}", style)
    cell.append_text(_text(f"\n{shorten(view.claim.text, 110)}"))
    return cell


def _status_cell(link: LinkAudit) -> Text:
    state = link_state(link)
    symbol, style = STATE_LOOK[state]
    return _text(f"{symbol} {state}", style)


def _capture_cell(link: LinkAudit, *, words: bool = False) -> Text:
    lookup = link.archive
    if lookup is None or lookup.outcome.value == "not-asked":
        return Text("")
    snapshot = lookup.snapshot
    if snapshot is None:
        return _text("archive unreachable" if lookup.outcome.value == "unreachable" else "none", "dim")
    side = "before" if snapshot.relation == "before" else "after"
    if words:
        days = f"{snapshot.distance_days} day{'s' if snapshot.distance_days != 1 else ''}"
        label = f"{capture_date(snapshot)}, {days} {side} publication: {snapshot.url}"
    else:
        label = f"{capture_date(snapshot)} {side}"
    style = Style(link=snapshot.url, underline=True) if is_web_url(snapshot.url) else Style()
    return _text(label, style)


def _details(document: DocumentAudit) -> Text:
    details = Text()
    for link in document.links:
        check = link.check
        lines = []
        if check is not None and check.redirects:
            chain = " → ".join(f"{hop.status} {hop.url}" for hop in check.redirects)
            lines.append(f"redirects: {chain}")
        if check is not None and (check.error or check.error_kind):
            lines.append(f"error ({check.error_kind or 'unknown'}): {check.error or check.reason}")
        if check is not None and check.status is not LinkStatus.ALIVE and not lines:
            lines.append(check.reason)
        if streak := failure_streak(check):
            lines.append(streak)
        if link.archive is not None and link.archive.snapshot is not None:
            lines.append(f"capture: {link.archive.snapshot.url}")
        elif link.archive is not None and link.archive.detail:
            lines.append(f"archive: {link.archive.detail}")
        if lines:
            location = link.citation.location
            details.append_text(_text(f"{location.line}:{location.column} {link.citation.url}\n", "bold"))
            for line in lines:
                details.append_text(_text(f"    {line}\n", "dim"))
    details.rstrip()
    return details


def _summary(report: Report, found: list[Finding], policy: Policy, *, quiet: bool, boxed: bool = True) -> RenderableType:
    parts: list[RenderableType] = []
    if not quiet:
        verdicts = Text("Claims:  ")
        for verdict, count in count_verdicts(all_claims(report)).items():
            symbol, style = VERDICT_LOOK[verdict]
            verdicts.append_text(_text(f"{symbol} {count} {verdict}   ", style if count else "dim"))
        sources = Text("Sources: ")
        for state, count in count_states(all_links(report)).items():
            if count:
                symbol, style = STATE_LOOK[state]
                sources.append_text(_text(f"{symbol} {count} {state}   ", style))
        parts += [verdicts, sources]
    parts.append(_worst(found))
    errors = sum(1 for f in found if f.level == "error")
    fail_on = ", ".join(sorted(policy.fail_on))
    if errors:
        parts.append(_text(f"{errors} finding{'s fail' if errors != 1 else ' fails'} the build (fail on: {fail_on})", "bold red"))
    else:
        parts.append(_text(f"Nothing fails the build (fail on: {fail_on})", "green"))
    if not boxed:
        return Group(Text(""), _text("linkaudit summary", "bold"), *parts)
    return Panel(Group(*parts), title="linkaudit summary", title_align="left", expand=False)


def _worst(found: list[Finding]) -> RenderableType:
    if not found:
        return _text("No problems found.", "green")
    ranked = sorted(found, key=lambda f: (f.level != "error", RULE_ORDER.index(f.rule)))
    lines = Text("Worst problems:\n")
    for finding in ranked[:WORST_SHOWN]:
        where = f"{finding.path or finding.source}:{finding.line}:{finding.column}"
        style = "red" if finding.level == "error" else "yellow"
        lines.append_text(_text(f"  {finding.level:<7} {finding.rule:<10} ", style))
        lines.append_text(_text(printable(f"{where}  {finding.message}") + "\n"))
    if len(ranked) > WORST_SHOWN:
        lines.append_text(_text(f"  … and {len(ranked) - WORST_SHOWN} more\n", "dim"))
    lines.rstrip()
    return lines


def extraction_table(extractions: Sequence[Extraction], *, verbose: bool = False) -> RenderableType:
    """The citations `linkaudit extract` found, piece by piece."""
    parts: list[RenderableType] = []
    for extraction in extractions:
        heading = _heading(extraction.title, extraction.source)
        heading.append("\n")
        heading.append_text(_published(extraction.published))
        heading.append_text(_text(f" · {len(extraction.citations)} citation{'s' if len(extraction.citations) != 1 else ''}"))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("Line:col", no_wrap=True)
        table.add_column("Anchor", ratio=2, overflow="fold")
        table.add_column("URL", ratio=3, overflow="fold")
        table.add_column("Claim", ratio=4, overflow="fold")
        if verbose:
            table.add_column("Heading", ratio=1, overflow="fold")
        for citation in extraction.citations:
            url = _text(citation.url, "dim" if citation.internal else "")
            if citation.internal:
                url.append(" (internal)", "dim")
            row = [
                _text(f"{citation.location.line}:{citation.location.column}"),
                _text(shorten(citation.anchor, 60)),
                url,
                _text(shorten(citation.claim, 160) if not verbose else clean(citation.claim)),
            ]
            if verbose:
                row.append(_text(citation.heading or ""))
            table.add_row(*row)
        parts += [heading, table]
        if verbose and extraction.non_citations:
            skipped = Text("Not citations:\n", "dim")
            for item in extraction.non_citations:
                skipped.append_text(_text(f"  {item.location.line}:{item.location.column} {item.written} ({item.reason})\n", "dim"))
            skipped.rstrip()
            parts.append(skipped)
        for warning in extraction.warnings:
            parts.append(_text(f"warning: {warning}", "yellow"))
    return Group(*parts)
