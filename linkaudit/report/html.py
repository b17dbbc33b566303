"""One self-contained HTML page: inline CSS, a tiny inline filter script, nothing fetched.

Readable on a phone (viewport meta, one column under 40em), claim by claim with status badges,
links to the original and to the archived copy. The filter works by hiding claims; without
JavaScript the filter stays hidden and every claim is shown. The markup is XHTML-compatible
(void elements closed, attributes quoted) so strict XML parsers read it too. Every piece of
page text goes through ``html.escape``; only http(s) URLs become ``href``s.
"""

from __future__ import annotations

import html

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
)

__all__ = ["render_html"]

_CSS = """
:root{--fg:#1b1f24;--muted:#57606a;--bg:#fff;--line:#d0d7de;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--info:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#8d96a0;--bg:#0d1117;--line:#30363d}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:60em;padding:1em;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.2em;margin:1.5em 0 .2em;border-bottom:1px solid var(--line)}
.meta,.reason,.small{color:var(--muted);font-size:.9em}
.warning{border-left:3px solid #b58900;padding-left:.5em;font-size:.9em}
.counts{display:flex;flex-wrap:wrap;gap:.4em;padding:0;list-style:none}
.claim{border:1px solid var(--line);border-radius:8px;padding:.6em .8em;margin:.8em 0}
.claim p.text{margin:.2em 0;font-weight:600}
.claim ul{margin:.3em 0;padding-left:1.1em}.claim li{margin:.3em 0}
.badge{display:inline-block;padding:0 .5em;border-radius:1em;font-size:.8em;font-weight:600;color:#fff;background:var(--muted);white-space:nowrap}
.v-backed,.s-alive,.s-redirected{background:var(--ok)}
.v-archived,.s-blocked,.s-failing{background:var(--warn)}
.v-unbacked,.s-dead,.s-soft-404{background:var(--bad)}
.v-unverified,.s-skipped,.s-internal,.s-unchecked{background:var(--info)}
.filter{margin:1em 0}.filter select{font-size:1em;max-width:100%}
.fails{color:var(--bad);font-weight:600}
[hidden]{display:none !important}
@media (max-width:40em){body{padding:.5em;font-size:15px}.claim{padding:.5em}}
"""

# Kept free of "<" and "&" so the page stays well-formed XML as well as HTML.
_SCRIPT = """
(function(){
var box=document.getElementById("filter");box.hidden=false;
var pick=box.querySelector("select");
pick.addEventListener("change",function(){
var want=pick.value;
document.querySelectorAll("article.claim").forEach(function(claim){
var tags=(claim.getAttribute("data-verdict")+" "+claim.getAttribute("data-statuses")).split(" ");
if(claim.getAttribute("data-verdict")!=="backed"){tags.push("problems");}
claim.hidden=!(want==="all"||tags.indexOf(want)!==-1);
});
document.querySelectorAll("section").forEach(function(piece){
piece.hidden=!piece.querySelector("article.claim:not([hidden])");
});
});
})();
"""


def _e(text: object) -> str:
    return html.escape(clean(str(text)), quote=True)


def _anchor(text: str, url: str | None) -> str:
    if url and is_web_url(url):
        return f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(text)}</a>'
    return _e(text)


def render_html(report: Report, *, policy: Policy | None = None) -> str:
    policy = policy or Policy()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8" />',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />',
        '<meta name="generator" content="linkaudit" />',
        f"<title>{_e(_page_title(report))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        *_header(report, policy),
        "<main>",
    ]
    for number, document in enumerate(report.documents, start=1):
        parts += _document(document, number)
    parts += [
        "</main>",
        f'<footer class="small"><p>linkaudit {_e(report.tool_version)} · generated {_e(report.generated_at.isoformat())}</p></footer>',
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _page_title(report: Report) -> str:
    if len(report.documents) == 1:
        document = report.documents[0]
        return f"linkaudit: {document.title or document.source}"
    return f"linkaudit: {len(report.documents)} pieces"


def _header(report: Report, policy: Policy) -> list[str]:
    verdicts = count_verdicts(all_claims(report))
    states = count_states(all_links(report))
    errors = sum(1 for f in findings(report, policy) if f.level == "error")
    fail_on = ", ".join(sorted(policy.fail_on))
    outcome = (
        f'<p class="fails">{errors} finding{"s fail" if errors != 1 else " fails"} the build (fail on: {_e(fail_on)})</p>'
        if errors
        else f"<p>Nothing fails the build (fail on: {_e(fail_on)})</p>"
    )
    lines = [
        "<header>",
        f"<h1>{_e(_page_title(report))}</h1>",
        '<ul class="counts">',
        *(f'<li><span class="badge v-{v}">{n} {v}</span></li>' for v, n in verdicts.items()),
        "</ul>",
        '<ul class="counts">',
        *(f'<li><span class="badge s-{s}">{n} {s}</span></li>' for s, n in states.items() if n),
        "</ul>",
        outcome,
    ]
    if not report.complete:
        lines.append('<p class="fails">The run was interrupted: sources not yet checked are missing.</p>')
    options = [("all", "all claims"), ("problems", "problems only")]
    options += [(v.value, f"verdict: {v.value}") for v in Verdict]
    options += [(s, f"source: {s}") for s, n in states.items() if n]
    lines += [
        '<form class="filter" id="filter" hidden="hidden"><label>Show ',
        '<select name="show">',
        *(f'<option value="{_e(value)}">{_e(label)}</option>' for value, label in options),
        "</select></label></form>",
        "</header>",
    ]
    return lines


def _document(document: DocumentAudit, number: int) -> list[str]:
    lines = [
        "<section>",
        f"<h2>{_e(document.title or document.source)}</h2>",
        f'<p class="meta">{_anchor(document.source, document.source)} · {_e(_published(document))}</p>',
        *(f'<p class="warning">{_e(warning)}</p>' for warning in document.warnings),
    ]
    for view in claim_views(document):
        lines += _claim(view, number)
    lines.append("</section>")
    return lines


def _published(document: DocumentAudit) -> str:
    published, bound = document.published, document.not_before
    if published is None and bound is not None:
        return f"publication date unknown; not before {bound.date.isoformat()} (a bound from the cited URLs)"
    if published is None:
        return "publication date unknown"
    return f"published {published.date.isoformat()} (from {published.source.value})"


def _claim(view: ClaimView, number: int) -> list[str]:
    claim = view.claim
    statuses = " ".join(sorted({link_state(link) for link in view.links}))
    return [
        f'<article class="claim" id="piece{number}-{_e(claim.claim_id)}" data-verdict="{_e(claim.verdict.value)}" data-statuses="{_e(statuses)}">',
        f'<p class="text"><span class="badge v-{_e(claim.verdict.value)}">{_e(claim.verdict.value)}</span> {_e(claim.text)}</p>',
        f'<p class="reason">line {claim.line} · {_e(claim.reason)}</p>',
        "<ul>",
        *(_link(link) for link in view.links),
        "</ul>",
        "</article>",
    ]


def _link(link: LinkAudit) -> str:
    citation, check = link.citation, link.check
    state = link_state(link)
    bits = [
        f'<span class="badge s-{_e(state)}">{_e(state)}</span>',
        _anchor(citation.anchor or citation.url, citation.url),
        f'<span class="small">{_e(domain(citation.url))} · line {citation.location.line}, column {citation.location.column}</span>',
    ]
    details = []
    if check is not None:
        if check.http_status is not None:
            details.append(f"HTTP {check.http_status}")
        if check.status is not LinkStatus.ALIVE and (reason := reason_beyond_status(check)):
            details.append(_e(reason))
        if streak := failure_streak(check):
            details.append(_e(streak))
        if check.redirects:
            details.append("via " + " → ".join(f"{_e(hop.url)} ({hop.status})" for hop in check.redirects))
        if check.error:
            details.append(_e(check.error))
    lookup = link.archive
    if lookup is not None and lookup.snapshot is not None:
        snapshot = lookup.snapshot
        label = f"archived copy of {capture_date(snapshot)} ({snapshot.relation}, {snapshot.distance_days} days)"
        details.append(_anchor(label, snapshot.url))
    elif lookup is not None and lookup.outcome.value in ("no-capture", "unreachable"):
        details.append(_e(lookup.detail or lookup.outcome.value))
    detail = f'<br /><span class="small">{" · ".join(details)}</span>' if details else ""
    return f"<li>{' '.join(bits)}{detail}</li>"
