"""The terminal audit through rich's recording console, at 80, 120 and 200 columns, plain and NO_COLOR,
and the progress display.

Golden files (tests/golden/terminal-*.txt) show what a person sees; the tests below say what
must hold at every width: URLs whole, every problem source with its place, worst first, the
summary box with each place once.
"""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from rich.color import Color, ColorSystem
from rich.console import Console
from report_fixture import assert_golden, fixed_report

from linkaudit.models import ArchiveOutcome, DocumentKind, Extraction, LinkStatus, Location, NonCitation, Report
from linkaudit.policy import Policy
from linkaudit.report.places import places
from linkaudit.report.safe_text import shorten
from linkaudit.report.looks import TONE_RGB, contrast_ratio
from linkaudit.report.progress import Progress
from linkaudit.report.terminal import BOX_SHOWN, audit_renderables, extraction_table, print_audit, terminal_theme

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
WIDTHS = (80, 120, 200)
BLACK, WHITE = (0, 0, 0), (255, 255, 255)


def _console(*, terminal: bool, width: int = 140, **extra: object) -> Console:
    return Console(
        record=True,
        width=width,
        force_terminal=terminal,
        color_system="truecolor" if terminal else None,
        file=io.StringIO(),
        **extra,  # type: ignore[arg-type]
    )


def _render(report: Report | None = None, *, width: int = 120, terminal: bool = True, **options: object) -> tuple[str, str]:
    """(what a person reads, the raw output with escape codes) at ``width`` columns."""
    console = _console(terminal=terminal, width=width)
    print_audit(console, audit_renderables(report or fixed_report(), **options))  # type: ignore[arg-type]
    return console.export_text(styles=False), _stable(console.file.getvalue())  # type: ignore[attr-defined]


def _stable(raw: str) -> str:
    """Raw output with the random ids rich gives terminal hyperlinks made fixed."""
    return re.sub(r"\x1b\]8;id=[^;]*;", "\x1b]8;id=0;", raw)


def _text(width: int = 120, **options: object) -> str:
    return _render(width=width, **options)[0]


def _problem_links(report: Report) -> list:
    problems = {s.value for s in (LinkStatus.DEAD, LinkStatus.SOFT_404, LinkStatus.FAILING, LinkStatus.BLOCKED)}
    return [(d, link) for d in report.documents for link in d.links if link.check and link.check.status.value in problems]


# -- golden files: what a person sees ---------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_terminal_at_each_width_matches_its_golden_file(width: int) -> None:
    assert_golden(f"terminal-{width}.txt", _text(width))


def test_colours_at_80_columns_match_the_golden_file() -> None:
    assert_golden("terminal-80.ansi", _render(width=80)[1])


def test_no_color_keeps_bold_and_symbols_and_drops_every_colour() -> None:
    console = _console(terminal=True, width=80, no_color=True)
    print_audit(console, audit_renderables(fixed_report()))
    raw = _stable(console.file.getvalue())  # type: ignore[attr-defined]
    assert_golden("terminal-nocolor.ansi", raw)
    assert not re.search(r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;)[0-9;]*m", raw)  # no foreground colour at all
    assert "\x1b[1m" in raw and "✗ unbacked" in raw


def test_plain_logs_match_the_golden_file() -> None:
    console = Console(width=4000, color_system=None, file=io.StringIO(), highlight=False)
    print_audit(console, audit_renderables(fixed_report(), boxed=False))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert_golden("terminal-plain.txt", text)
    assert not CONTROL.search(text)
    assert "╭" not in text and "│" not in text


def test_quiet_at_80_columns_matches_the_golden_file() -> None:
    assert_golden("terminal-quiet-80.txt", _text(80, quiet=True))


# -- 1: URLs are never cut ----------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_every_url_and_archived_copy_is_whole_on_a_line_of_its_own(width: int) -> None:
    report = fixed_report()
    lines = [line.strip() for line in _text(width).splitlines()]
    for document in report.documents:
        for link in document.links:
            assert link.citation.url in lines, (width, link.citation.url)
            if link.archive is not None and link.archive.snapshot is not None:
                assert link.archive.snapshot.url in lines, (width, link.archive.snapshot.url)


def test_a_url_longer_than_the_line_runs_past_it_whole() -> None:
    report = fixed_report()
    document = report.documents[0]
    long_url = "https://gov.example.kr/press/" + "a-very-long-slug-" * 8 + "end"
    link = dataclasses.replace(document.links[4], citation=dataclasses.replace(document.links[4].citation, url=long_url))
    document = dataclasses.replace(document, links=(*document.links[:4], link, *document.links[5:]))
    report = dataclasses.replace(report, documents=(document,))
    text = _render(report, width=80)[0]
    assert f"    {long_url}" in text.splitlines()


def test_no_line_ends_in_padding() -> None:
    for width in WIDTHS:
        text = _text(width)
        assert not [line for line in text.splitlines() if line != line.rstrip()], width


# -- 2: every problem source, whole, with its place ------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_every_problem_source_shows_status_reason_place_and_url(width: int) -> None:
    report = fixed_report()
    flat = " ".join(_text(width).split())  # wrapping aside
    for document, link in _problem_links(report):
        place = f"{document.path or document.source}:{link.citation.location.line}:{link.citation.location.column}"
        state = link.check.status.value
        assert re.search(rf"{re.escape(state)} .*?{re.escape(place)}.*? {re.escape(link.citation.url)}", flat), (width, place)
        assert link.check.reason.split(" (")[0] in flat


def _bigger_report() -> Report:
    """The fixed report and a copy of its first piece under another name: more places than the box shows."""
    report = fixed_report()
    copy = dataclasses.replace(report.documents[0], source="pieces/copy.md", path="pieces/copy.md")
    return dataclasses.replace(report, documents=(*report.documents, copy))


def test_the_listing_has_no_cut_off_however_many_problems() -> None:
    report = _bigger_report()
    assert len(places(report, Policy())) > BOX_SHOWN
    text = _render(report, width=120)[0]
    listing = text[: text.index("linkaudit summary")]
    for document, link in _problem_links(report):
        where = f"{document.path or document.source}:{link.citation.location.line}:{link.citation.location.column}"
        assert where in listing and link.citation.url in listing
    assert "more problems not in this box" in text  # only the box is summarised


# -- 3: worst first, -q problems only --------------------------------------------------------


def test_claims_come_worst_first_in_each_piece() -> None:
    korea = _text(200).split("Op-ed:")[0]
    headers = re.findall(r"^[✗?◷✓] (\w+)  line \d+$", korea, re.MULTILINE)
    assert headers == ["unbacked", "unverified", "archived", "archived", "backed"]


def test_quiet_shows_problems_only() -> None:
    text = _text(120, quiet=True)
    assert "The talks resumed in July" not in text and "Turnout hit a record" not in text
    assert "The envoy resigned after the summit." in text
    assert "Claims " not in text


def test_quiet_with_no_problem_prints_nothing() -> None:
    report = fixed_report()
    clean = type(report)(documents=(), generated_at=report.generated_at, tool_version="0")
    assert audit_renderables(clean, quiet=True, policy=Policy()) == []


# -- 5: claims whole, or cut at a word ---------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_claims_are_shown_whole(width: int) -> None:
    flat = " ".join(_text(width).split())
    for document in fixed_report().documents:
        for claim in document.claims:
            assert " ".join(CONTROL.sub("", claim.text).split()) in flat


def test_shortened_text_ends_at_a_word_with_an_ellipsis() -> None:
    text = "the port authority disputed the claim in a statement"
    assert shorten(text, 30) == "the port authority disputed…"
    assert shorten(text, 200) == text
    assert shorten("unbreakable" * 5, 10) == "unbreakab…"


# -- 6: the summary box ------------------------------------------------------------------------


def _box(width: int = 120, **options: object) -> str:
    text = _text(width, **options)
    return text[text.index("╭─ linkaudit summary") :]


def test_the_box_lists_each_place_once() -> None:
    box = _box(200)
    assert box.count("pieces/korea.md:15:20") == 1  # the unbacked claim and its dead source: one finding
    assert "unbacked claim, dead source" in box


@pytest.mark.parametrize("width", WIDTHS)
def test_box_lines_hang_under_their_item_and_never_split_a_url_or_a_count(width: int) -> None:
    box = _box(width)
    inner = [line[2:-1].rstrip() for line in box.splitlines() if line.startswith("│")]
    assert not [line for line in inner if re.search(r"https?://", line)]  # URLs live in the listing
    for line in inner:
        assert not re.search(r"(^|\s)\d+$", line), line  # a count never ends a line without its word
    sources = [line for line in inner if line.startswith(("Sources", "         "))]
    assert all(line.startswith(("Sources  ", "         ")) for line in sources)
    continuation = [line for line in inner if line.startswith("           ")]
    assert continuation, "detail lines hang under the place, not under the level"


def test_the_box_says_http_status_plainly() -> None:
    box = " ".join(_box(200).split())
    assert "HTTP 410" in box and "(HTTP" not in box


def test_a_cut_box_says_how_to_see_the_rest() -> None:
    assert "Problems, worst first" in _box(200)  # 7 places: all in the box
    text = " ".join(_render(_bigger_report(), width=200)[0].split())
    assert f"Worst {BOX_SHOWN} of 13 problems" in text
    assert "3 more problems not in this box: every problem is listed above, under its piece" in text
    assert "-q lists problems only" in text


# -- 7: colours readable on dark and light -----------------------------------------------------


def test_every_colour_reads_on_black_and_on_white() -> None:
    for tone, rgb in TONE_RGB.items():
        assert contrast_ratio(rgb, BLACK) >= 4.5, tone
        assert contrast_ratio(rgb, WHITE) >= 4.5, tone
        # 256-colour terminals get the nearest palette colour: still at least 3:1 both ways.
        near = Color.from_rgb(*rgb).downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
        assert contrast_ratio(tuple(near), BLACK) >= 3 and contrast_ratio(tuple(near), WHITE) >= 3, tone


def test_sixteen_colour_terminals_get_neither_blue_nor_yellow() -> None:
    theme = terminal_theme("standard")
    for name, style in theme.styles.items():
        if name.startswith("linkaudit."):
            assert style.color is None or style.color.name not in ("blue", "yellow"), name
    console = Console(width=120, force_terminal=True, color_system="standard", file=io.StringIO())
    print_audit(console, audit_renderables(fixed_report()))
    raw = console.file.getvalue()  # type: ignore[attr-defined]
    assert not re.search(r"\x1b\[(?:[0-9;]*;)?(33|34)(;[0-9;]*)?m", raw)
    assert "\x1b[" in raw


def test_untrusted_markup_prints_literally_and_escapes_never_reach_the_terminal() -> None:
    text, raw = _render(width=120, verbose=True)
    assert "[bold]x[/bold]" in text and "<b>real</b> cost | [of] elections" in text
    assert "\x1b[31mred" not in raw


def test_capture_urls_are_terminal_hyperlinks() -> None:
    _, raw = _render(width=120)
    assert "\x1b]8;" in raw
    assert "https://web.archive.org/web/20190801120000/https://gov.example.kr/press/123" in raw


# -- 9: smaller wording ------------------------------------------------------------------------


def test_publication_dates_say_where_they_came_from_once() -> None:
    text = _text(200)
    assert "published 2019-08-20 (from front matter: date)" in text
    # A bound is never said as the publication date.
    assert "publication date unknown; not before 2024-05-02 (a bound from the cited URLs:" in text
    assert "published not before" not in text


def test_verbose_adds_redirect_chains_and_error_details_and_no_error_for_an_exclusion() -> None:
    plain, verbose = _text(200), _text(200, verbose=True)
    for hop in ("301 http://old.example.com/a", "308 https://old.example.com/a", "200 https://new.example.com/a"):
        assert hop in verbose.splitlines() or f"      {hop}" in verbose.splitlines()
        assert hop not in plain
    assert "timeout: ReadTimeout: no answer in 15 s" in verbose
    assert "error (excluded)" not in verbose and "excluded by --exclude" in verbose


# -- 10: an interrupted run --------------------------------------------------------------------


def _unboxed(text: str) -> str:
    """The words of the output, box borders aside."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_an_interrupted_run_says_its_verdicts_are_incomplete_and_why() -> None:
    from linkaudit.verdict import judge_claims

    report = fixed_report()
    korea = report.documents[0]
    # Stopped while looking up archives: two dead sources wait for their lookup, one is unchecked.
    links = [
        dataclasses.replace(link, archive=None)
        if link.archive is not None and link.archive.outcome is ArchiveOutcome.NO_CAPTURE
        else link
        for link in korea.links
    ]
    links[0] = dataclasses.replace(links[0], check=None, archive=None)
    korea = dataclasses.replace(korea, links=tuple(links), claims=judge_claims(links))
    stopped = dataclasses.replace(report, documents=(korea,), complete=False)
    text = _render(stopped, width=80)[0]
    words = _unboxed(text[text.index("╭─ linkaudit summary") :])
    assert (
        "Verdicts are incomplete: the run was interrupted (1 source not checked; "
        "2 problem sources not yet looked up in web archives)" in words
    )
    assert "Nothing fails the build so far, but the verdicts are incomplete" in words
    assert "Nothing fails the build (" not in words
    assert_golden("terminal-interrupted-80.txt", text)


# -- extract -----------------------------------------------------------------------------------


def test_extraction_table_lists_every_citation() -> None:
    document = fixed_report().documents[1]
    extraction = Extraction(
        source=document.source,
        kind=DocumentKind.HTML,
        title=document.title,
        published=document.published,
        citations=tuple(link.citation for link in document.links),
    )
    console = _console(terminal=False)
    print_audit(console, [extraction_table([extraction], verbose=True)])
    plain = console.export_text()
    assert "11:5" in plain and "/about/survey (internal)" in plain and "[bold]x[/bold]" in plain
    assert "Costs <em>rising</em>" in plain
    assert_golden("extract-80.txt", _extraction_text(extraction, width=80))


def _extraction_text(extraction: Extraction, *, width: int) -> str:
    console = _console(terminal=False, width=width)
    print_audit(console, [extraction_table([extraction])])
    return console.export_text()


def test_extracted_urls_stand_whole_on_lines_of_their_own_at_any_width() -> None:
    long_url = "https://www.example.org/2019/08/11/world/asia/" + "a-very-long-slug-" * 8 + "end.html?utm_source=x"
    citation = fixed_report().documents[1].links[0].citation
    extraction = Extraction(
        source="piece.html",
        kind=DocumentKind.HTML,
        title="A piece",
        published=None,
        citations=(dataclasses.replace(citation, url=long_url, claim="A claim " * 30),),
    )
    for width in (40, 80, 200):
        lines = _extraction_text(extraction, width=width).splitlines()
        assert f"    {long_url}" in lines, width
        assert all(line.strip() == long_url or "example.org" not in line for line in lines), width


def test_non_citations_shown_with_verbose_keep_their_url_whole() -> None:
    share_url = "https://www.facebook.com/sharer/sharer.php?u=" + "https%3A%2F%2Fwww.example.org%2Fa-long-piece" * 3
    extraction = Extraction(
        source="piece.html",
        kind=DocumentKind.HTML,
        title=None,
        published=None,
        citations=(),
        non_citations=(NonCitation(share_url, "share", Location("piece.html", 40, 7)),),
    )
    console = _console(terminal=False, width=60)
    print_audit(console, [extraction_table([extraction], verbose=True)])
    assert f"  40:7 (share)  {share_url}" in console.export_text().splitlines()


# -- progress --------------------------------------------------------------------------------


def _checks() -> list:
    return [link.check for d in fixed_report().documents for link in d.links if link.check is not None]


def test_progress_off_a_terminal_is_plain_lines() -> None:
    console = _console(terminal=False)
    ticks = [0.0]
    checks = _checks()
    with Progress(console, total=len(checks), clock=lambda: ticks[-1]) as progress:
        ticks.append(2.5)
        for check in checks:
            progress.advance(check)
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert lines[0] == "checking 11 sources"
    assert len(lines) == 2  # under 5 s: no status line between the first and the closing one
    assert lines[-1] == (
        "checked 11 of 11 sources in 2.5 s: 3 alive  1 redirected  2 soft-404  2 dead  1 failing  1 blocked  1 skipped"
    )
    assert not CONTROL.search(console.file.getvalue())  # type: ignore[attr-defined]


def test_progress_on_a_terminal_is_a_live_bar_with_counts() -> None:
    console = _console(terminal=True)
    checks = _checks()
    with Progress(console, total=len(checks)) as progress:
        for check in checks:
            progress.advance(check)
    raw = console.file.getvalue()  # type: ignore[attr-defined]
    assert "11/11" in raw and "2 dead" in raw and "left" in raw
    assert "\x1b[" in raw
    assert progress.counts["dead"] == 2 and progress.done == 11


def test_progress_with_nothing_to_check_prints_nothing() -> None:
    console = _console(terminal=False)
    with Progress(console, total=0):
        pass
    assert console.file.getvalue() == ""  # type: ignore[attr-defined]
