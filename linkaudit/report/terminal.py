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

import re
from collections.abc import Iterable, Sequence

from rich.color import ColorSystem
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich._wrap import divide_line
from rich.measure import Measurement
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from linkaudit.models import Citation, DocumentAudit, Extraction, LinkAudit, LinkStatus, Report
from linkaudit.policy import PROBLEM_STATUSES, Policy, failure_streak
from linkaudit.printable import printable
from linkaudit.report.common import (
    ClaimView,
    Place,
    all_claims,
    all_links,
    capture_phrase,
    claim_views,
    clean,
    count_states,
    count_verdicts,
    domain,
    drift_summary,
    is_web_url,
    link_state,
    place_levels,
    places,
    published_phrase,
    shorten,
    status_phrase,
    worst_first,
    fail_on_words,
    fails_the_build,
    nothing_fails,
)
from linkaudit.report.looks import TONE_RGB, state_look, verdict_look

__all__ = ["BOX_SHOWN", "audit_renderables", "extraction_table", "print_audit", "terminal_theme", "use_theme"]

BOX_SHOWN = 10  # places listed in the summary box; the listing above it has every one

# Themes name meanings ("linkaudit.bad"); the console that prints chooses the colours.
_STANDARD_COLOURS = {
    # 16-colour terminals: the palette is the terminal's, so no yellow (unreadable on white) and
    # no blue (unreadable on black); bold and the symbols carry the rest.
    "bad": "bold red",
    "warn": "bold magenta",
    "info": "bold",
    "good": "green",
    "muted": "dim",
}


def terminal_theme(color_system: str | None) -> Theme:
    """The theme for a console's colour system: RGB colours checked for contrast, or a 16-colour fallback."""
    if color_system == ColorSystem.STANDARD.name.lower() or color_system == "standard":
        styles = {f"linkaudit.{tone}": style for tone, style in _STANDARD_COLOURS.items()}
    else:
        styles = {f"linkaudit.{tone}": "#{:02x}{:02x}{:02x}".format(*rgb) for tone, rgb in TONE_RGB.items()}
        styles["linkaudit.bad"] = "bold " + styles["linkaudit.bad"]
    styles["linkaudit.heading"] = "bold"
    return Theme(styles, inherit=True)


def use_theme(console: Console) -> None:
    console.push_theme(terminal_theme(console.color_system))


def print_audit(console: Console, renderables: Iterable[RenderableType]) -> None:
    """Print with the theme, and without cropping: lines holding a URL may run past the width."""
    use_theme(console)
    try:
        for renderable in renderables:
            console.print(renderable, crop=False)
    finally:
        console.pop_theme()


def _tone(tone: str) -> str:
    return f"linkaudit.{tone}"


def _text(value: object, style: str | Style = "") -> Text:
    # The style covers this text only, not what is appended to it later.
    text = Text(clean(str(value)))
    if style:
        text.stylize(style)
    return text


def _hosts_for_urls(text: str) -> str:
    """Text for the box, where a URL would be split across box lines: each URL becomes its host."""
    return _URL.sub(lambda match: domain(match.group(0)), text)


_URL = re.compile(r"https?://[^\s)'\"]+")


class _Indent:
    """A renderable wrapped at the width left after its indent: the first line indented by
    ``indent``, the others by ``hang`` (a hanging indent); no padding at the end of lines, and a
    word longer than the width (a URL) runs past it rather than being cut or split."""

    def __init__(self, renderable: RenderableType, indent: int, hang: int | None = None) -> None:
        self.renderable = renderable
        self.indent = indent
        self.hang = indent if hang is None else hang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - max(self.indent, self.hang), 20)
        if isinstance(self.renderable, Text):
            lines = [list(part.render(console)) for part in _word_wrap(self.renderable, width)]
        else:
            lines = list(Segment.split_lines(console.render(self.renderable, options.update_width(width))))
        for number, line in enumerate(lines):
            yield Segment(" " * (self.indent if number == 0 else self.hang))
            yield from _rstrip(line)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        inner = Measurement.get(console, options, self.renderable)
        return Measurement(inner.minimum + self.indent, inner.maximum + self.indent)


def _word_wrap(text: Text, width: int) -> list[Text]:
    """Lines broken between words only: a word longer than the width keeps a line of its own."""
    lines: list[Text] = []
    for line in text.split(allow_blank=True):
        lines += line.divide(divide_line(line.plain, width, fold=False)) if line.plain else [line]
    return lines


def _rstrip(line: list[Segment]) -> list[Segment]:
    segments = list(line)
    while segments and not segments[-1].text.rstrip():
        segments.pop()
    if segments:
        last = segments[-1]
        segments[-1] = Segment(last.text.rstrip(), last.style, last.control)
    return segments


class _Whole:
    """One line as it is, never wrapped nor cut, whatever the width (rich would join a bare Text
    into the surrounding output and lose its no-wrap setting)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.text.render(console)
        yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.text.cell_len, self.text.cell_len)


def _url_line(url: str, indent: int, style: str | Style = "") -> _Whole:
    """A URL on a line of its own, never wrapped nor cut: it can be copied, grepped, followed."""
    return _Whole(Text.assemble(" " * indent, _text(url, style)))


class _Flow:
    """Items laid out like words: wrapped only between items, continuation lines under the first item."""

    def __init__(self, label: Text, items: Sequence[Text], gap: int = 3) -> None:
        self.label = label
        self.items = items
        self.gap = gap

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        hang = self.label.cell_len
        line = self.label.copy()
        for item in self.items:
            if line.cell_len > hang and line.cell_len + self.gap + item.cell_len > options.max_width:
                yield line
                line = Text(" " * hang)
            elif line.cell_len > hang:
                line.append(" " * self.gap)
            line.append_text(item)
        yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = [item.cell_len for item in self.items] or [0]
        total = self.label.cell_len + sum(widths) + self.gap * (len(widths) - 1)
        return Measurement(self.label.cell_len + max(widths), min(total, options.max_width))


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
    out.append(_summary(report, found, policy, quiet=quiet, boxed=boxed))
    return out


def _is_problem(view: ClaimView) -> bool:
    return verdict_look(view.claim.verdict.value).problem or any(_is_problem_link(link) for link in view.links)


def _is_problem_link(link: LinkAudit) -> bool:
    return link.check is not None and link.check.status in PROBLEM_STATUSES


def _heading(title: str | None, source: str) -> Text:
    if not title:
        return _text(printable(source), "linkaudit.heading")
    return Text.assemble(_text(printable(title), "linkaudit.heading"), "\n", _text(printable(source), _tone("muted")))


def _document(document: DocumentAudit, views: list[ClaimView], *, verbose: bool, quiet: bool) -> list[RenderableType]:
    heading = _heading(document.title, document.source)
    heading.append("\n")
    phrase = published_phrase(document.published, document.not_before)
    heading.append_text(_text(phrase, "" if document.published else _tone("warn")))
    out: list[RenderableType] = [Text(""), _Indent(heading, 0)]
    for warning in document.warnings:
        out.append(_Indent(_text(f"warning: {warning}", _tone("warn")), 0))
    for view in views:
        out.append(Text(""))
        out += _claim_block(document, view, quiet=quiet, verbose=verbose)
    return out


def _claim_block(document: DocumentAudit, view: ClaimView, *, quiet: bool, verbose: bool) -> list[RenderableType]:
    claim = view.claim
    look = verdict_look(claim.verdict.value)
    header = _text(f"{look.symbol} {claim.verdict.value}", _tone(look.tone))
    header.append_text(_text(f"  line {claim.line}", _tone("muted")))
    lines: list[RenderableType] = [header, _Indent(_text(claim.text), 2)]
    if look.problem:
        lines.append(_Indent(_text(claim.reason, _tone("muted")), 2))
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
    line = _text(f"{look.symbol} {state}", _tone(look.tone))
    if check is not None and check.status is not LinkStatus.ALIVE:
        line.append_text(_text(f"  {status_phrase(check)}"))
    elif check is not None and check.http_status is not None:
        line.append_text(_text(f"  HTTP {check.http_status}", _tone("muted")))
    line.append_text(_text(f"  {where}", _tone("muted")))
    line.append_text(_text(f"  \u201c{shorten(citation.anchor, 80)}\u201d"))
    out: list[RenderableType] = [_Indent(line, 2, 4), _url_line(citation.url, 4)]
    notes = _source_notes(link, verbose=verbose)
    out += [_Indent(_text(note, _tone("muted")), 4) for note in notes]
    out += _capture_lines(link)
    out += _drift_lines(link)
    if verbose and check is not None and check.redirects:
        out.append(_Indent(_text("redirects:", _tone("muted")), 4))
        out += [_url_line(f"{hop.status} {hop.url}", 6, _tone("muted")) for hop in check.redirects]
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
        return [_Indent(_text(said, _tone("muted")), 4)]
    style: str | Style = Style(link=snapshot.url) if is_web_url(snapshot.url) else ""
    return [_Indent(_text(f"{capture_phrase(snapshot)}:"), 4), _url_line(snapshot.url, 4, style)]


def _drift_lines(link: LinkAudit) -> list[RenderableType]:
    """The source's drift and the claim's evidence; the capture compared, as the piece cited it."""
    drift = drift_summary(link)
    if not drift:
        return []
    out: list[RenderableType] = [_Indent(_text(f"drift: {drift}", _tone("muted")), 4)]
    if link.drift is not None and link.drift.compared and link.drift.capture is not None:
        capture = link.drift.capture
        style: str | Style = Style(link=capture.url) if is_web_url(capture.url) else ""
        out += [_Indent(_text(f"{capture_phrase(capture)}, compared:"), 4), _url_line(capture.url, 4, style)]
    return out


# -- the summary -------------------------------------------------------------------------------


def _summary(report: Report, found: list[Place], policy: Policy, *, quiet: bool, boxed: bool) -> RenderableType:
    parts: list[RenderableType] = []
    if not quiet:
        parts.append(_Flow(Text("Claims   "), _count_items(count_verdicts(all_claims(report)), verdict=True)))
        parts.append(_Flow(Text("Sources  "), _count_items(count_states(all_links(report)), verdict=False)))
    parts += _worst(found, quiet=quiet)
    parts += _outcome(report, found, policy)
    if not boxed:
        return Group(Text(""), _text("linkaudit summary", "linkaudit.heading"), *parts)
    return Panel(Group(*parts), title="linkaudit summary", title_align="left", expand=False)


def _count_items(counts: dict[str, int], *, verdict: bool) -> list[Text]:
    items = []
    for value, count in worst_first(counts, verdict_look if verdict else state_look):
        if not count and not verdict:
            continue
        look = (verdict_look if verdict else state_look)(value)
        items.append(_text(f"{look.symbol} {count} {value}", _tone(look.tone) if count else _tone("muted")))
    return items


def _worst(found: list[Place], *, quiet: bool) -> list[RenderableType]:
    if not found:
        return [_text("No problems found.", _tone("good"))]
    shown = found[:BOX_SHOWN]
    heading = "Problems, worst first:" if len(found) <= BOX_SHOWN else f"Worst {len(shown)} of {len(found)} problems:"
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for place in shown:
        tone = "bad" if place.level == "error" else "warn"
        symbol = "✗" if place.level == "error" else "!"
        where = printable(place.where.split("://", 1)[-1])  # a web piece's place without its scheme: the box is not for URLs
        body = Text.assemble(_text(where, "linkaudit.heading"), "  ", _text(place.title, _tone(tone)))
        body.append("\n")
        body.append_text(Text(clean(_box_detail(place)), overflow="fold"))
        grid.add_row(_text(f"{symbol} {place.level}", _tone(tone)), body)
    out: list[RenderableType] = [_text(heading), _Indent(grid, 1)]
    if len(found) > BOX_SHOWN:
        rest = len(found) - BOX_SHOWN
        hint = "-o report.html writes them all to a page" if quiet else "-q lists problems only, -o report.html writes them all to a page"
        out.append(
            _text(
                f"{rest} more problem{'s' if rest != 1 else ''} not in this box: every problem is listed above, "
                f"under its piece; {hint}.",
                _tone("muted"),
            )
        )
    return out


def _box_detail(place: Place) -> str:
    """One short line: what the source answered and the claim, cut at a word."""
    bits = []
    if place.source_finding is not None and place.link is not None and place.link.check is not None:
        bits.append(status_phrase(place.link.check))
        snapshot = place.link.archive.snapshot if place.link.archive else None
        if snapshot is not None:
            bits.append(capture_phrase(snapshot))
    elif place.claim is not None:
        bits.append(place.claim.reason)
    if place.claim is not None:
        bits.append(f"\u201c{shorten(place.claim.text, 90)}\u201d")
    return _hosts_for_urls("; ".join(bits))


def _outcome(report: Report, found: list[Place], policy: Policy) -> list[RenderableType]:
    errors, _ = place_levels(found)
    fail_on = fail_on_words(policy)
    out: list[RenderableType] = []
    if not report.complete:
        out.append(_text(_incomplete(report), _tone("warn")))
    if errors:
        out.append(_text(f"{fails_the_build(errors)} (fail on: {fail_on})", _tone("bad")))
    elif report.complete:
        out.append(_text(f"{nothing_fails(complete=True)} (fail on: {fail_on})", _tone("good")))
    else:
        out.append(_text(f"{nothing_fails(complete=False)}, but the verdicts are incomplete (fail on: {fail_on})", _tone("warn")))
    return out


def _incomplete(report: Report) -> str:
    """Why the verdicts of an interrupted run are incomplete, with the counts that say how much."""
    links = all_links(report)
    unchecked = sum(1 for link in links if link.check is None and not link.citation.internal)
    waiting = sum(
        1 for link in links if link.check is not None and link.check.status in PROBLEM_STATUSES and link.archive is None
    )
    missing = []
    if unchecked:
        missing.append(f"{unchecked} source{'s' if unchecked != 1 else ''} not checked")
    if waiting:
        missing.append(f"{waiting} problem source{'s' if waiting != 1 else ''} not yet looked up in web archives")
    why = f" ({'; '.join(missing)})" if missing else ""
    return (
        f"Verdicts are incomplete: the run was interrupted{why}, so claims resting on those sources "
        "are unverified, not judged. Run the audit again to finish."
    )


# -- extract -----------------------------------------------------------------------------------


def extraction_table(extractions: Sequence[Extraction], *, verbose: bool = False) -> RenderableType:
    """The citations `linkaudit extract` found, piece by piece: each one's place and anchor, its
    URL on a line of its own (never wrapped, cut or split, as in the audit), then its claim."""
    parts: list[RenderableType] = []
    for extraction in extractions:
        heading = _heading(extraction.title, extraction.source)
        heading.append("\n")
        heading.append_text(_text(published_phrase(extraction.published, extraction.not_before)))
        heading.append_text(_text(f" · {len(extraction.citations)} citation{'s' if len(extraction.citations) != 1 else ''}"))
        parts += [Text(""), _Indent(heading, 0)]
        for citation in extraction.citations:
            parts += _extracted_citation_lines(citation, verbose=verbose)
        if verbose and extraction.non_citations:
            parts.append(_Indent(_text("Not citations:", _tone("muted")), 0))
            for item in extraction.non_citations:
                where = f"{item.location.line}:{item.location.column} ({item.reason})  {item.written}"
                parts.append(_url_line(where, 2, _tone("muted")))
        for warning in extraction.warnings:
            parts.append(_Indent(_text(f"warning: {warning}", _tone("warn")), 0))
    return Group(*parts)


def _extracted_citation_lines(citation: Citation, *, verbose: bool) -> list[RenderableType]:
    place = _text(f"{citation.location.line}:{citation.location.column}", _tone("muted"))
    place.append_text(_text(f"  \u201c{shorten(citation.anchor, 80)}\u201d"))
    url = _text(citation.url, _tone("muted") if citation.internal else "")
    if citation.internal:
        url.append(" (internal)", _tone("muted"))
    out: list[RenderableType] = [_Indent(place, 2, 4), _Whole(Text.assemble(" " * 4, url))]
    claim = clean(citation.claim) if verbose else shorten(citation.claim, 160)
    if claim:
        out.append(_Indent(_text(claim), 4))
    if verbose and citation.heading:
        out.append(_Indent(_text(f"under: {citation.heading}", _tone("muted")), 4))
    return out
