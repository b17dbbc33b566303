"""One self-contained HTML page: inline CSS, a small inline script, nothing fetched.

Readable on a phone and on paper, in light and dark colour schemes (every colour pair meets WCAG
AA in both). Claims come worst first, each under a heading (screen readers can jump claim by
claim), each source with its status, what it answered, its place and its full URL as text (it
can be read on a phone, printed and copied). A report of several pieces opens with a list of
them and their counts. The script adds a filter (verdict, status, problems only) and a search
(host, URL or text) that say "showing N of M" and keep their state in the URL fragment, so a
reload or a shared link shows the same view; the counts in the header are links that set the
filter. Without JavaScript every claim is shown. Printing hides the controls.

The markup is XHTML-compatible (void elements closed, attributes quoted) so strict XML parsers
read it too. Every piece of page text goes through ``html.escape``; only http(s) URLs become
``href``s.
"""

from __future__ import annotations

import html

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
    capture_date,
    capture_phrase,
    drift_summary,
    fail_on_words,
    fails_the_build,
    nothing_fails,
    published_phrase,
    status_phrase,
)
from linkaudit.report.places import place_levels, places
from linkaudit.report.safe_text import clean, domain, is_web_url

__all__ = ["render_html"]

# Colours per scheme, each checked for WCAG AA (4.5:1) against its background; tones come from
# the one table of looks, so a new verdict or status gets a colour without a new rule here.
_CSS = """
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#fff;--panel:#f6f8fa;--line:#d0d7de;--link:#0550ae;--good:#1a7f37;--warn:#9a6700;--bad:#cf222e;--info:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#161b22;--line:#3d444d;--link:#58a6ff;--good:#3fb950;--warn:#d29922;--bad:#ff7b72;--info:#79c0ff}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:60em;padding:1em;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
a{color:var(--link)}a:visited{color:var(--link)}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.2em;margin:1.5em 0 .2em;border-bottom:1px solid var(--line)}
h3.claim-text,h2.claim-text{font-size:1em;font-weight:600;margin:.2em 0;border:0}
.meta,.reason,.small{color:var(--muted);font-size:.9em}
.warning{border-left:3px solid var(--warn);padding-left:.5em;font-size:.9em}
.counts{margin:.3em 0}.counts a{margin-right:.8em;white-space:nowrap}
.claim{border:1px solid var(--line);border-radius:6px;padding:.6em .8em;margin:.8em 0}
.claim ul{margin:.3em 0;padding-left:1.1em}.claim li{margin:.5em 0}.claim li p{margin:0}
.tag{font-weight:600;white-space:nowrap}
.t-good{color:var(--good)}.t-warn{color:var(--warn)}.t-bad{color:var(--bad)}.t-info{color:var(--info)}.t-muted{color:var(--muted)}
code.url{display:block;font-size:.85em;color:var(--fg);background:var(--panel);padding:.1em .3em;border-radius:3px;overflow-wrap:anywhere;word-break:break-all}
.filter{margin:1em 0;padding:.5em .8em;background:var(--panel);border-radius:6px}
.filter label{margin-right:1em;display:inline-block}
.filter select,.filter input{font-size:1em;max-width:100%;color:var(--fg);background:var(--bg);border:1px solid var(--line)}
.fails{color:var(--bad);font-weight:600}
nav.pieces ol{padding-left:1.4em}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
[hidden]{display:none !important}
@media (max-width:40em){body{padding:.5em;font-size:15px}.claim{padding:.5em}}
@media print{:root{color-scheme:light;--fg:#000;--muted:#333;--bg:#fff;--panel:#fff;--link:#000}
.filter,nav.pieces{display:none !important}.claim{break-inside:avoid}code.url{padding:0}}
"""

# Kept free of "<" and "&" so the page stays well-formed XML as well as HTML.
_SCRIPT = """
(function(){
var form=document.getElementById("filter");form.hidden=false;
var show=document.getElementById("show"),query=document.getElementById("q"),said=document.getElementById("showing");
var claims=Array.prototype.slice.call(document.querySelectorAll("article.claim"));
function tags(claim){var t=(claim.getAttribute("data-verdict")+" "+claim.getAttribute("data-statuses")).split(" ");
if(claim.getAttribute("data-problem")==="yes"){t.push("problems");}return t;}
function apply(){
var want=show.value,words=query.value.toLowerCase().split(/\\s+/).filter(Boolean),shown=0;
claims.forEach(function(claim){
var text=claim.textContent.toLowerCase();
var ok=want==="all"||tags(claim).indexOf(want)!==-1;
if(ok){ok=words.every(function(w){return text.indexOf(w)!==-1;});}
claim.hidden=!ok;if(ok){shown+=1;}
});
document.querySelectorAll("main section").forEach(function(piece){
piece.hidden=!piece.querySelector("article.claim:not([hidden])");
});
said.textContent="showing "+shown+" of "+claims.length+" claims";
}
function save(){
var state=new URLSearchParams();
if(show.value!=="all"){state.set("show",show.value);}
if(query.value){state.set("q",query.value);}
var hash=state.toString();
history.replaceState(null,"",hash?"#"+hash:location.pathname+location.search);
}
function load(){
var hash=location.hash.slice(1);
if(hash.indexOf("=")===-1){return;}
var state=new URLSearchParams(hash),want=state.get("show")||"all";
show.value=Array.prototype.some.call(show.options,function(o){return o.value===want;})?want:"all";
query.value=state.get("q")||"";
}
show.addEventListener("change",function(){apply();save();});
query.addEventListener("input",function(){apply();save();});
window.addEventListener("hashchange",function(){load();apply();});
load();apply();
})();
"""


def _e(text: object) -> str:
    return html.escape(clean(str(text)), quote=True)


def _anchor(text: str, url: str | None, hidden: str = "") -> str:
    """A link when ``url`` is a web URL; ``hidden`` completes its name for screen readers."""
    extra = f'<span class="vh"> ({_e(hidden)})</span>' if hidden else ""
    if url and is_web_url(url):
        return f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(text)}{extra}</a>'
    return _e(text)


def _tag(symbol: str, value: str, tone: str) -> str:
    return f'<span class="tag t-{_e(tone)}">{_e(symbol)} {_e(value)}</span>'


def render_html(report: Report, *, policy: Policy | None = None) -> str:
    policy = policy or Policy()
    single = len(report.documents) == 1
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8" />',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />',
        '<meta name="color-scheme" content="light dark" />',
        '<meta name="generator" content="linkaudit" />',
        f"<title>{_e(_page_title(report))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        *_header(report, policy),
        "<main>",
    ]
    for number, document in enumerate(report.documents, start=1):
        parts += _document(document, number, single=single)
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
    errors, _ = place_levels(places(report, policy))
    fail_on = fail_on_words(policy)
    lines = ["<header>"]
    if len(report.documents) == 1:
        document = report.documents[0]
        lines += [f"<h1>{_e(document.title or document.source)}</h1>", _meta(document)]
    else:
        lines.append(f"<h1>{_e(_page_title(report))}</h1>")
    if errors:
        lines.append(f'<p class="fails">{fails_the_build(errors)} (fail on: {_e(fail_on)})</p>')
    elif report.complete:
        lines.append(f"<p>{nothing_fails(complete=True)} (fail on: {_e(fail_on)})</p>")
    if not report.complete:
        lines.append(
            '<p class="fails">Verdicts are incomplete: the run was interrupted, so sources not yet checked or '
            "looked up in web archives are not judged. Run the audit again to finish.</p>"
        )
    lines.append('<p class="counts">Claims: ' + _count_links(verdicts, verdict=True) + "</p>")
    lines.append('<p class="counts">Sources: ' + _count_links(states, verdict=False) + "</p>")
    if len(report.documents) > 1:
        lines += _pieces_list(report)
    lines += _filter(verdicts, states, sum(verdicts.values()))
    lines.append("</header>")
    return lines


def _count_links(counts: dict[str, int], *, verdict: bool) -> str:
    """Counts worst first; each is a link that filters the page to what it counts."""
    look_of = verdict_look if verdict else state_look
    items = []
    for value, count in worst_first(counts, look_of):
        if not count and not verdict:
            continue
        look = look_of(value)
        label = f"{look.symbol} {count} {value}"
        if count:
            items.append(f'<a class="t-{look.tone}" href="#show={_e(value)}">{_e(label)}</a>')
        else:
            items.append(f'<span class="t-muted">{_e(label)}</span>')
    return " ".join(items)


def _pieces_list(report: Report) -> list[str]:
    lines = ['<nav class="pieces" aria-label="Pieces">', "<h2>Pieces</h2>", "<ol>"]
    for number, document in enumerate(report.documents, start=1):
        counts = count_verdicts(document.claims)
        said = ", ".join(f"{n} {v}" for v, n in worst_first(counts, verdict_look) if n) or "no claims"
        lines.append(f'<li><a href="#piece-{number}">{_e(document.title or document.source)}</a> <span class="small">{_e(said)}</span></li>')
    lines += ["</ol>", "</nav>"]
    return lines


def _filter(verdicts: dict[str, int], states: dict[str, int], total: int) -> list[str]:
    options = [("all", "all claims"), ("problems", "problems only")]
    options += [(v, f"verdict: {v}") for v, _ in worst_first(verdicts, verdict_look)]
    options += [(s, f"source: {s}") for s, n in worst_first(states, state_look) if n]
    return [
        '<form class="filter" id="filter" role="search" hidden="hidden" onsubmit="return false">',
        '<label>Show <select id="show" name="show">',
        *(f'<option value="{_e(value)}">{_e(label)}</option>' for value, label in options),
        "</select></label>",
        '<label>Search <input id="q" name="q" type="search" placeholder="host, URL or words" /></label>',
        f'<span id="showing" class="small" aria-live="polite">showing {total} of {total} claims</span>',
        "</form>",
    ]


def _meta(document: DocumentAudit) -> str:
    return f'<p class="meta">{_anchor(document.source, document.source)} · {_e(published_phrase(document.published, document.not_before))}</p>'


def _document(document: DocumentAudit, number: int, *, single: bool) -> list[str]:
    lines = [f'<section id="piece-{number}">']
    if not single:  # a single piece's title and date are the page's heading already
        lines += [f"<h2>{_e(document.title or document.source)}</h2>", _meta(document)]
    lines += [f'<p class="warning">{_e(warning)}</p>' for warning in document.warnings]
    level = "h2" if single else "h3"
    for view in claim_views(document):
        lines += _claim(view, number, level)
    lines.append("</section>")
    return lines


def _claim(view: ClaimView, number: int, level: str) -> list[str]:
    claim = view.claim
    look = verdict_look(claim.verdict.value)
    statuses = " ".join(sorted({link_state(link) for link in view.links}))
    problem = look.problem or any(state_look(link_state(link)).problem for link in view.links)
    return [
        f'<article class="claim" id="piece{number}-{_e(claim.claim_id)}" data-verdict="{_e(claim.verdict.value)}" '
        f'data-statuses="{_e(statuses)}" data-problem="{"yes" if problem else "no"}">',
        f'<{level} class="claim-text">{_tag(look.symbol, claim.verdict.value, look.tone)} {_e(claim.text)}</{level}>',
        f'<p class="reason">line {claim.line} · {_e(claim.reason)}</p>',
        "<ul>",
        *(_link(link) for link in view.links),
        "</ul>",
        "</article>",
    ]


def _link(link: LinkAudit) -> str:
    citation, check = link.citation, link.check
    state = link_state(link)
    look = state_look(state)
    details = []
    if check is not None:
        details.append(_e(status_phrase(check) if check.status is not LinkStatus.ALIVE else f"HTTP {check.http_status}"))
        if streak := failure_streak(check):
            details.append(_e(streak))
        if check.redirects:
            details.append("via " + " → ".join(f"{_e(hop.url)} ({hop.status})" for hop in check.redirects))
        if check.error and check.status is not LinkStatus.SKIPPED:
            details.append(_e(check.error))
    details.append(f"line {citation.location.line}, column {citation.location.column}")
    name = f"{state} source on {domain(citation.url)}"
    lines = [
        f"<p>{_tag(look.symbol, state, look.tone)} {_anchor(citation.anchor or citation.url, citation.url, name)}</p>",
        f'<p class="small">{" · ".join(details)}</p>',
        f'<code class="url">{_e(citation.url)}</code>',
    ]
    lookup = link.archive
    if lookup is not None and lookup.snapshot is not None:
        snapshot = lookup.snapshot
        label = capture_phrase(snapshot)
        lines.append(f'<p class="small">{_anchor(label, snapshot.url, f"of {citation.url}")}:</p>')
        lines.append(f'<code class="url">{_e(snapshot.url)}</code>')
    elif lookup is not None and lookup.outcome.value in ("no-capture", "unreachable"):
        lines.append(f'<p class="small">{_e(lookup.detail or lookup.outcome.value)}</p>')
    if drift := drift_summary(link):
        lines.append(f'<p class="small">{_e(f"drift: {drift}")}</p>')
    if link.drift is not None and link.drift.compared and link.drift.capture is not None:
        capture = link.drift.capture
        lines.append(f'<p class="small">{_anchor(f"capture of {capture_date(capture)} compared", capture.url, f"of {citation.url}")}:</p>')
        lines.append(f'<code class="url">{_e(capture.url)}</code>')
    return "<li>" + "".join(lines) + "</li>"
