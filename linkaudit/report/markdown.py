"""Markdown for a pull-request comment and GitHub's job summary.

Problems first (the worst verdict first), healthy claims folded in a ``<details>`` block. Each
claim is a compact list item: verdict, place, the whole claim, why; under it each source with its
status, what it answered, its place and its full URL. URLs, patterns and options are code spans
(a regex is never turned into a broken auto-link). With ``GITHUB_SERVER_URL``,
``GITHUB_REPOSITORY`` and ``GITHUB_SHA`` set (as in GitHub Actions), a piece's path and each place
link to the file at that commit.

Page text is untrusted: it is HTML-escaped and every Markdown punctuation character is
backslash-escaped, so it can become neither a link, an image, a mention nor raw HTML. Only
http(s) URLs become links, with unsafe characters percent-encoded.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Mapping

from linkaudit.models import DocumentAudit, LinkAudit, LinkStatus, Report
from linkaudit.policy import Policy, failure_streak
from linkaudit.report.common import (
    ClaimView,
    all_claims,
    all_links,
    claim_views,
    count_states,
    count_verdicts,
    link_state,
    worst_first,
)
from linkaudit.report.looks import state_look, verdict_look
from linkaudit.report.phrases import (
    capture_phrase,
    drift_summary,
    fail_on_words,
    fails_the_build,
    nothing_fails,
    published_phrase,
    status_phrase,
)
from linkaudit.report.places import annotation_file, place_levels, places
from linkaudit.report.safe_text import clean, is_web_url, shorten

__all__ = ["code_span", "escape_markdown", "escape_prose", "markdown_link", "render_markdown", "repository_link"]

# One pass, so no replacement is escaped again. HTML specials become entities (no raw HTML);
# Markdown punctuation is backslash-escaped (no links, images, emphasis or table cells);
# "@" and "#" become entities because "@name" notifies people and "#12" links an issue.
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "@": "&#64;", "#": "&#35;"}
    | {ch: "\\" + ch for ch in "\\`*_{}[]()!|~"}
)
_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "|": "%7C", '"': "%22", "'": "%27", "`": "%60", "[": "%5B", "]": "%5D", "\\": "%5C"}
# Words of prose that are URLs, patterns or options: shown as code, never as Markdown.
_CODE_WORD = re.compile(r"^['\"(]*((?:[a-z][a-z0-9+.-]*://|\^|--)\S*?|\S*\\\S*?)['\")]*[.,;:]?$", re.IGNORECASE)


def escape_markdown(text: str | None) -> str:
    """Untrusted text as inert Markdown on one line."""
    return " ".join(clean(text).split()).translate(_ESCAPES)


def code_span(text: str) -> str:
    """Text as a code span, whatever backticks it holds: shown as written, never as Markdown."""
    flat = " ".join(clean(text).split())
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip() else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def escape_prose(text: str | None) -> str:
    """Untrusted prose, inert, with its URLs, patterns and options as code spans."""
    words = []
    for word in clean(text).split():
        match = _CODE_WORD.match(word)
        if match and match.group(1):
            start, end = match.span(1)
            words.append(escape_markdown(word[:start]) + code_span(match.group(1)) + escape_markdown(word[end:]))
        else:
            words.append(escape_markdown(word))
    return " ".join(words)


def markdown_link(text: str, url: str | None) -> str:
    if not url or not is_web_url(url):
        return escape_markdown(text) if text else "—"
    return f"[{escape_markdown(text)}]({_safe_url(url)})"


def _safe_url(url: str) -> str:
    return "".join(_URL_UNSAFE.get(ch, ch) for ch in url)


def _url(url: str) -> str:
    """A full URL as code, a link when it is a web URL: copyable, and never half a link."""
    return f"[{code_span(url)}]({_safe_url(url)})" if is_web_url(url) else code_span(url)


def repository_link(path: str, line: int | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """The file at this commit on GitHub, when the run says where (GitHub Actions sets these)."""
    env = os.environ if environ is None else environ
    server, repository, sha = (env.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if not (server and repository and sha) or path.startswith("/") or ".." in path.split("/"):
        return None
    url = f"{server.rstrip('/')}/{repository}/blob/{sha}/{urllib.parse.quote(path)}"
    return url if line is None else f"{url}#L{line}"


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
    errors, warnings = place_levels(places(report, policy))
    pieces = len(report.documents)
    counts = []
    for verdict, n in worst_first(verdicts, verdict_look):
        look = verdict_look(verdict)
        counts.append(f"{look.icon} **{n} {verdict}**" if n and look.problem else f"{look.icon} {n} {verdict}")
    lines = [
        f"## linkaudit: {pieces} piece{'s' if pieces != 1 else ''}, {sum(verdicts.values())} claims, {sum(states.values())} sources",
        "",
        " · ".join(counts),
        "",
        "Sources: " + ", ".join(f"{n} {state}" for state, n in worst_first(states, state_look) if n),
        "",
    ]
    fail_on = fail_on_words(policy)
    said = f"{warnings} warning{'s' if warnings != 1 else ''}"
    if errors:
        lines.append(f"**{fails_the_build(errors)}** (fail on: {fail_on}); {said}.")
    else:
        lines.append(f"{nothing_fails(complete=report.complete)} (fail on: {fail_on}); {said}.")
    if not report.complete:
        lines += [
            "",
            "> [!WARNING]",
            "> Verdicts are incomplete: the run was interrupted, so sources not yet checked or looked up in web "
            "archives are not judged. Run the audit again to finish.",
        ]
    lines.append("")
    return lines


def _document(document: DocumentAudit) -> list[str]:
    title = escape_markdown(document.title) if document.title else escape_markdown(document.source)
    lines = [f"### {title}", "", f"{_piece(document)} · {escape_markdown(published_phrase(document.published, document.not_before))}", ""]
    lines += [f"> ⚠️ {escape_prose(warning)}" for warning in document.warnings]
    lines += [""] if document.warnings else []
    views = claim_views(document)
    problems = [v for v in views if verdict_look(v.claim.verdict.value).problem]
    healthy = [v for v in views if not verdict_look(v.claim.verdict.value).problem]
    if problems:
        for view in problems:
            lines += _claim(view)
        lines.append("")
    else:
        lines += ["Every claim is backed by a live source.", ""]
    if healthy:
        lines += [
            "<details>",
            f"<summary>{len(healthy)} backed claim{'s' if len(healthy) != 1 else ''}</summary>",
            "",
            *(line for view in healthy for line in _claim(view)),
            "",
            "</details>",
            "",
        ]
    return lines


def _piece(document: DocumentAudit) -> str:
    path = annotation_file(document)
    if path and (url := repository_link(path)):
        return f"[{code_span(path)}]({_safe_url(url)})"
    if is_web_url(document.source):
        return _url(document.source)
    return code_span(document.source)


def _place(document: DocumentAudit, line: int, column: int | None = None) -> str:
    label = f"line {line}" if column is None else f"line {line}:{column}"
    path = annotation_file(document)
    url = repository_link(path, line) if path else None
    return f"[{label}]({_safe_url(url)})" if url else label


def _claim(view: ClaimView) -> list[str]:
    claim = view.claim
    look = verdict_look(claim.verdict.value)
    first = view.links[0].citation.location if view.links else None
    where = _place(view.document, first.line, first.column) if first else _place(view.document, claim.line)
    lines = [f"- {look.icon} **{escape_markdown(claim.verdict.value)}** · {where} · {escape_markdown(claim.text)}"]
    if look.problem:
        lines[0] += "  "
        lines.append(f"  {escape_prose(claim.reason)}")
    for link in view.links:
        lines += _source(view.document, link)
    return lines


def _source(document: DocumentAudit, link: LinkAudit) -> list[str]:
    citation, check = link.citation, link.check
    state = link_state(link)
    bits = [f"{state_look(state).icon} {escape_markdown(state)}"]
    if check is not None:
        bits.append(escape_prose(status_phrase(check)) if check.status is not LinkStatus.ALIVE else f"HTTP {check.http_status}")
    bits.append(f"\u201c{escape_markdown(shorten(citation.anchor, 80))}\u201d")
    bits.append(_place(document, citation.location.line, citation.location.column))
    details = [_url(citation.url)]
    if streak := failure_streak(check):
        details.append(escape_markdown(streak))
    lookup = link.archive
    if lookup is not None and lookup.snapshot is not None:
        details.append(f"{escape_markdown(capture_phrase(lookup.snapshot))}: {_url(lookup.snapshot.url)}")
    elif lookup is not None and lookup.outcome.value == "unreachable":
        details.append(escape_prose(lookup.detail or "archive unreachable"))
    if drift := drift_summary(link):
        details.append(f"drift: {escape_prose(drift)}")
    if link.drift is not None and link.drift.compared and link.drift.capture is not None:
        details.append(f"{escape_markdown(capture_phrase(link.drift.capture))}, compared: {_url(link.drift.capture.url)}")
    # "no capture" is said once, in the claim's reason, not under every source.
    lines = ["  - " + " · ".join(bits)]
    lines += [f"    {detail}" for detail in details]
    return [line + "  " if index < len(lines) - 1 else line for index, line in enumerate(lines)]
