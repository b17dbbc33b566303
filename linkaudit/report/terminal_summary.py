"""The summary after the terminal audit: claims and sources counted, the worst places (one place,
one finding) in a box, and whether the build fails. Every problem in the box is also in the listing
above it, whatever the box leaves out."""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from linkaudit.models import Report
from linkaudit.policy import PROBLEM_STATUSES, Policy
from linkaudit.printable import printable
from linkaudit.report.common import all_claims, all_links, count_states, count_verdicts, worst_first
from linkaudit.report.looks import state_look, verdict_look
from linkaudit.report.phrases import capture_phrase, fail_on_words, fails_the_build, nothing_fails, status_phrase
from linkaudit.report.places import Place, place_levels
from linkaudit.report.safe_text import clean, domain, shorten
from linkaudit.report.terminal_layout import Flow, Indented, styled, tone_style

__all__ = ["BOX_SHOWN", "summary"]

BOX_SHOWN = 10  # places listed in the summary box; the listing above it has every one

def _hosts_for_urls(text: str) -> str:
    """Text for the box, where a URL would be split across box lines: each URL becomes its host."""
    return _URL.sub(lambda match: domain(match.group(0)), text)


_URL = re.compile(r"https?://[^\s)'\"]+")
# -- the summary -------------------------------------------------------------------------------


def summary(report: Report, found: list[Place], policy: Policy, *, quiet: bool, boxed: bool) -> RenderableType:
    parts: list[RenderableType] = []
    if not quiet:
        parts.append(Flow(Text("Claims   "), _count_items(count_verdicts(all_claims(report)), verdict=True)))
        parts.append(Flow(Text("Sources  "), _count_items(count_states(all_links(report)), verdict=False)))
    parts += _worst(found, quiet=quiet)
    parts += _outcome(report, found, policy)
    if not boxed:
        return Group(Text(""), styled("linkaudit summary", "linkaudit.heading"), *parts)
    return Panel(Group(*parts), title="linkaudit summary", title_align="left", expand=False)


def _count_items(counts: dict[str, int], *, verdict: bool) -> list[Text]:
    items = []
    for value, count in worst_first(counts, verdict_look if verdict else state_look):
        if not count and not verdict:
            continue
        look = (verdict_look if verdict else state_look)(value)
        items.append(styled(f"{look.symbol} {count} {value}", tone_style(look.tone) if count else tone_style("muted")))
    return items


def _worst(found: list[Place], *, quiet: bool) -> list[RenderableType]:
    if not found:
        return [styled("No problems found.", tone_style("good"))]
    shown = found[:BOX_SHOWN]
    heading = "Problems, worst first:" if len(found) <= BOX_SHOWN else f"Worst {len(shown)} of {len(found)} problems:"
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for place in shown:
        tone = "bad" if place.level == "error" else "warn"
        symbol = "✗" if place.level == "error" else "!"
        where = printable(place.where.split("://", 1)[-1])  # a web piece's place without its scheme: the box is not for URLs
        body = Text.assemble(styled(where, "linkaudit.heading"), "  ", styled(place.title, tone_style(tone)))
        body.append("\n")
        body.append_text(Text(clean(_box_detail(place)), overflow="fold"))
        grid.add_row(styled(f"{symbol} {place.level}", tone_style(tone)), body)
    out: list[RenderableType] = [styled(heading), Indented(grid, 1)]
    if len(found) > BOX_SHOWN:
        rest = len(found) - BOX_SHOWN
        hint = "-o report.html writes them all to a page" if quiet else "-q lists problems only, -o report.html writes them all to a page"
        out.append(
            styled(
                f"{rest} more problem{'s' if rest != 1 else ''} not in this box: every problem is listed above, "
                f"under its piece; {hint}.",
                tone_style("muted"),
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
        out.append(styled(_incomplete(report), tone_style("warn")))
    if errors:
        out.append(styled(f"{fails_the_build(errors)} (fail on: {fail_on})", tone_style("bad")))
    elif report.complete:
        out.append(styled(f"{nothing_fails(complete=True)} (fail on: {fail_on})", tone_style("good")))
    else:
        out.append(styled(f"{nothing_fails(complete=False)}, but the verdicts are incomplete (fail on: {fail_on})", tone_style("warn")))
    return out


def _incomplete(report: Report) -> str:
    """Why the verdicts of an interrupted run are incomplete, with the counts that say how much."""
    unchecked = waiting = 0
    for link in all_links(report):
        if link.check is None:
            unchecked += not link.citation.internal
        elif link.check.status in PROBLEM_STATUSES and link.archive is None:
            waiting += 1
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
