"""Markdown for a pull-request comment and GitHub's job summary.

Problems first (unbacked, then unverified, then archived claims), healthy claims folded in a
``<details>`` block. Page text is untrusted: it is HTML-escaped and every Markdown punctuation
character is backslash-escaped, so it can neither break a table nor become a link, an image,
a mention or raw HTML. Only http(s) URLs become links, with table-breaking characters encoded.
"""

from __future__ import annotations

from linkaudit.models import DocumentAudit, LinkAudit, LinkStatus, Report, Verdict
from linkaudit.policy import Policy, failure_streak, findings
from linkaudit.report.common import (
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
    reason_beyond_status,
    shorten,
)

__all__ = ["escape_markdown", "markdown_link", "render_markdown"]

VERDICT_ICONS = {Verdict.UNBACKED: "❌", Verdict.UNVERIFIED: "❔", Verdict.ARCHIVED: "🗄️", Verdict.BACKED: "✅"}
# One pass, so no replacement is escaped again. HTML specials become entities (no raw HTML);
# Markdown punctuation is backslash-escaped (no links, images, emphasis or table cells);
# "@" and "#" become entities because "@name" notifies people and "#12" links an issue.
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "@": "&#64;", "#": "&#35;"}
    | {ch: "\\" + ch for ch in "\\`*_{}[]()!|~"}
)
_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "|": "%7C", '"': "%22", "'": "%27", "`": "%60", "[": "%5B", "]": "%5D", "\\": "%5C"}


def escape_markdown(text: str | None) -> str:
    """Untrusted text as inert Markdown on one line (safe inside a table cell)."""
    return " ".join(clean(text).split()).translate(_ESCAPES)


def markdown_link(text: str, url: str | None) -> str:
    if not url or not is_web_url(url):
        return escape_markdown(text) if text else "—"
    safe_url = "".join(_URL_UNSAFE.get(ch, ch) for ch in url)
    return f"[{escape_markdown(text)}]({safe_url})"


def render_markdown(report: Report, *, policy: Policy | None = None) -> str:
    policy = policy or Policy()
    lines = _headline(report, policy)
    for document in report.documents:
        lines += _document(document)
    lines.append(f"<sub>linkaudit {escape_markdown(report.tool_version)} · generated {report.generated_at.isoformat()}</sub>")
    return "\n".join(lines) + "\n"


def _headline(report: Report, policy: Policy) -> list[str]:
    verdicts = count_verdicts(all_claims(report))
    states = count_states(all_links(report))
    found = findings(report, policy)
    errors = sum(1 for f in found if f.level == "error")
    warnings = len(found) - errors
    pieces = len(report.documents)
    lines = [
        f"## linkaudit: {pieces} piece{'s' if pieces != 1 else ''}, {sum(verdicts.values())} claims, {sum(states.values())} sources",
        "",
        " · ".join(f"{VERDICT_ICONS[Verdict(v)]} **{n} {v}**" if n and v != "backed" else f"{VERDICT_ICONS[Verdict(v)]} {n} {v}" for v, n in verdicts.items()),
        "",
        "Sources: " + ", ".join(f"{n} {state}" for state, n in states.items() if n),
        "",
    ]
    fail_on = ", ".join(sorted(policy.fail_on))
    if errors:
        lines.append(f"**{errors} finding{'s' if errors != 1 else ''} fail{'s' if errors == 1 else ''} the build** (fail on: {fail_on}); {warnings} warning{'s' if warnings != 1 else ''}.")
    else:
        lines.append(f"Nothing fails the build (fail on: {fail_on}); {warnings} warning{'s' if warnings != 1 else ''}.")
    if not report.complete:
        lines += ["", "> [!WARNING]", "> The run was interrupted: sources not yet checked are missing from this report."]
    lines.append("")
    return lines


def _document(document: DocumentAudit) -> list[str]:
    title = escape_markdown(document.title) if document.title else escape_markdown(document.source)
    lines = [f"### {title}", "", f"{escape_markdown(document.source)} · {_published(document)}", ""]
    lines += [f"> ⚠️ {escape_markdown(warning)}" for warning in document.warnings]
    lines += [""] if document.warnings else []
    views = claim_views(document)
    problems = [v for v in views if v.claim.verdict is not Verdict.BACKED]
    healthy = [v for v in views if v.claim.verdict is Verdict.BACKED]
    if problems:
        lines += _table(problems, with_verdict=True)
    else:
        lines += ["Every claim is backed by a live source.", ""]
    if healthy:
        lines += [
            "<details>",
            f"<summary>{len(healthy)} backed claim{'s' if len(healthy) != 1 else ''}</summary>",
            "",
            *_table(healthy, with_verdict=False),
            "</details>",
            "",
        ]
    return lines


def _published(document: DocumentAudit) -> str:
    published, bound = document.published, document.not_before
    if published is None and bound is not None:
        return f"publication date unknown; not before {bound.date.isoformat()} (a bound from the cited URLs)"
    if published is None:
        return "publication date unknown"
    return f"published {published.date.isoformat()} (from {escape_markdown(published.source.value)})"


def _place(view: ClaimView) -> str:
    """Where the claim's first citation stands: the column matters in one-line scraped pieces."""
    location = view.links[0].citation.location if view.links else None
    if location is None:
        return f"line {view.claim.line}"
    return f"line {location.line}, column {location.column}"


def _table(views: list[ClaimView], *, with_verdict: bool) -> list[str]:
    header = ["Claim", "Anchor", "Source", "Status", "Capture"]
    if with_verdict:
        header.insert(0, "Verdict")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for view in views:
        for position, link in enumerate(view.links):
            cells = [
                f"{escape_markdown(shorten(view.claim.text, 140))} ({_place(view)})" if position == 0 else "↳",
                escape_markdown(shorten(link.citation.anchor, 60)) or "—",
                markdown_link(domain(link.citation.url), link.citation.url),
                _status(link),
                _capture(link),
            ]
            if with_verdict:
                verdict = view.claim.verdict
                cells.insert(0, f"{VERDICT_ICONS[verdict]} {verdict.value}" if position == 0 else "")
            lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def _status(link: LinkAudit) -> str:
    state = link_state(link)
    check = link.check
    if check is None:
        return state
    code = f" (HTTP {check.http_status})" if check.http_status is not None and check.status is not LinkStatus.ALIVE else ""
    beyond = "" if check.status is LinkStatus.ALIVE else reason_beyond_status(check)
    reason = f": {escape_markdown(shorten(beyond, 80))}" if beyond else ""
    streak = failure_streak(check)
    return f"{state}{code}{reason}" + (f"; {streak}" if streak else "")


def _capture(link: LinkAudit) -> str:
    lookup = link.archive
    if lookup is None:
        return "—"
    if lookup.snapshot is not None:
        snapshot = lookup.snapshot
        return markdown_link(f"{capture_date(snapshot)} ({snapshot.relation})", snapshot.url)
    if lookup.outcome.value == "not-asked":
        return "—"
    return escape_markdown(lookup.detail or lookup.outcome.value)
