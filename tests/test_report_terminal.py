"""The terminal audit and the progress display, through rich's recording console."""

from __future__ import annotations

import io
import re

from rich.console import Console
from report_fixture import assert_golden, fixed_report

from linkaudit.models import DocumentKind, Extraction
from linkaudit.policy import Policy
from linkaudit.report.progress import Progress
from linkaudit.report.terminal import audit_renderables, extraction_table

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _console(*, terminal: bool) -> Console:
    return Console(record=True, width=140, force_terminal=terminal, color_system="truecolor" if terminal else None, file=io.StringIO())


def _print(*, terminal: bool = False, **options: object) -> tuple[Console, str]:
    console = _console(terminal=terminal)
    for renderable in audit_renderables(fixed_report(), **options):  # type: ignore[arg-type]
        console.print(renderable)
    return console, console.file.getvalue()  # type: ignore[attr-defined]


def test_plain_output_matches_the_golden_file() -> None:
    _, text = _print()
    assert_golden("terminal.txt", text)


def test_plain_output_has_no_control_codes() -> None:
    _, text = _print(verbose=True)
    assert not CONTROL.search(text)


def test_untrusted_markup_prints_literally() -> None:
    for terminal in (False, True):
        console, _ = _print(terminal=terminal)
        plain = console.export_text()
        assert "[bold]x[/bold]" in plain
        assert "<b>real</b> cost | [of] elections" in plain


def test_escape_sequences_from_pages_never_reach_the_terminal() -> None:
    _, raw = _print(terminal=True, verbose=True)
    assert "\x1b[31mred" not in raw


def test_stacked_claims_keep_every_field_whole_in_a_narrow_terminal() -> None:
    console = Console(record=True, width=60, color_system=None, file=io.StringIO())
    for renderable in audit_renderables(fixed_report(), stacked=True):
        console.print(renderable)
    plain = console.export_text()
    assert "✗ unbacked  line 15" in plain
    assert "The envoy resigned after the summit." in plain
    assert "✗ dead 410  paper.example.com  “resigned”" in plain
    # the capture a reader needs to replace a dead link, whole: date, side of publication, address
    assert "capture: 2019-08-01, 19 days before publication:" in plain
    assert "https://web.archive.org/web/20190801120000/" in plain.replace("\n    ", "")
    assert max(len(line) for line in plain.splitlines()) <= 60


def test_each_piece_shows_title_date_and_where_it_came_from() -> None:
    console, _ = _print()
    plain = console.export_text()
    assert "Talks stall: what Pyongyang wants" in plain
    assert "published 2019-08-20 (from front-matter" in plain
    assert "publication date unknown; not before 2024-05-02 (a bound from the cited URLs" in plain


def test_rows_show_status_symbol_http_code_and_capture_date() -> None:
    plain = _print()[0].export_text()
    row = next(line for line in plain.splitlines() if "gov.example.kr" in line)
    assert "✗ dead" in row and "404" in row and "2019-08-01" in row
    assert "◷ archived" in row


def test_capture_dates_are_terminal_hyperlinks() -> None:
    _, raw = _print(terminal=True)
    assert "\x1b]8;" in raw
    assert "https://web.archive.org/web/20190801120000/https://gov.example.kr/press/123" in raw


def test_summary_counts_verdicts_and_statuses_worst_first() -> None:
    plain = _print()[0].export_text()
    summary = plain[plain.index("linkaudit summary") :]
    assert "1 unbacked" in summary and "2 dead" in summary and "1 internal" in summary
    worst = summary[summary.index("Worst problems") :]
    assert worst.index("error   unbacked") < worst.index("warning dead")
    assert "1 finding fails the build" in summary


def test_verbose_adds_redirect_chains_and_error_details() -> None:
    quiet_text = _print()[0].export_text()
    verbose_text = _print(verbose=True)[0].export_text()
    chain = "301 http://old.example.com/a → 308 https://old.example.com/a → 200 https://new.example.com/a"
    assert chain in verbose_text and chain not in quiet_text
    assert "error (timeout): ReadTimeout: no answer in 15 s" in verbose_text


def test_quiet_shows_only_problems() -> None:
    plain = _print(quiet=True)[0].export_text()
    assert "The talks resumed in July" not in plain
    assert "Turnout hit a record" not in plain
    assert "The envoy resigned after the summit." in plain
    assert "Claims:" not in plain


def test_quiet_with_no_problem_prints_nothing() -> None:
    report = fixed_report()
    clean = type(report)(documents=(), generated_at=report.generated_at, tool_version="0")
    assert audit_renderables(clean, quiet=True, policy=Policy()) == []


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
    console.print(extraction_table([extraction], verbose=True))
    plain = console.export_text()
    assert "11:5" in plain and "/about/survey (internal)" in plain and "[bold]x[/bold]" in plain
    assert "Costs <em>rising</em>" in plain


# -- progress --------------------------------------------------------------------------------


def _checks() -> list:
    return [link.check for d in fixed_report().documents for link in d.links if link.check is not None]


def test_progress_off_a_terminal_is_plain_lines() -> None:
    console = _console(terminal=False)
    ticks = iter([0.0, 2.5])
    checks = _checks()
    with Progress(console, total=len(checks), clock=lambda: next(ticks)) as progress:
        for check in checks:
            progress.advance(check)
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert lines[0] == "checking 10 sources"
    assert lines[3] == "[ 3/10] dead       https://gov.example.kr/press/123 (HTTP 404)"
    assert lines[-1] == (
        "checked 10 of 10 sources in 2.5 s: 2 alive  1 redirected  2 soft-404  2 dead  1 failing  1 blocked  1 skipped"
    )
    assert not CONTROL.search(console.file.getvalue())  # type: ignore[attr-defined]


def test_progress_on_a_terminal_is_a_live_bar_with_counts() -> None:
    console = _console(terminal=True)
    checks = _checks()
    with Progress(console, total=len(checks)) as progress:
        for check in checks:
            progress.advance(check)
    raw = console.file.getvalue()  # type: ignore[attr-defined]
    assert "10/10" in raw and "2 dead" in raw and "left" in raw
    assert "\x1b[" in raw
    assert progress.counts["dead"] == 2 and progress.done == 10


def test_progress_with_nothing_to_check_prints_nothing() -> None:
    console = _console(terminal=False)
    with Progress(console, total=0):
        pass
    assert console.file.getvalue() == ""  # type: ignore[attr-defined]
