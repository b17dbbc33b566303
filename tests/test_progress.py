"""Every stage shows its progress: checks, archive lookups, Save Page Now."""

from __future__ import annotations

import datetime as dt
import io
import re

from rich.console import Console

from linkaudit.archive.save import SaveOutcome
from linkaudit.drift import SourceComparison
from linkaudit.models import ArchiveLookup, ArchiveOutcome, CheckResult, Drift, DriftStatus, LinkStatus
from linkaudit.report.progress import Progress

CONTROL = re.compile(r"\x1b|\r")
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def console(*, terminal: bool, width: int = 100) -> Console:
    return Console(file=io.StringIO(), force_terminal=terminal, width=width, color_system=None if not terminal else "standard")


def dead(n: int) -> CheckResult:
    return CheckResult(f"https://gone.example/{n}", LinkStatus.DEAD, "HTTP 404", NOW, http_status=404)


def lookup(outcome: ArchiveOutcome) -> ArchiveLookup:
    return ArchiveLookup("https://gone.example/", outcome)


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_off_a_terminal_archive_progress_is_a_plain_line_every_few_seconds_at_most() -> None:
    out, clock = console(terminal=False), Ticks()
    outcomes = [ArchiveOutcome.FOUND, ArchiveOutcome.NO_CAPTURE, ArchiveOutcome.UNREACHABLE] * 10
    with Progress(out, total=0, clock=clock, lookup_seconds=0.25, update_every=5.0) as progress:
        for _ in outcomes:
            progress.lookup_started()
        for outcome in outcomes:
            clock.now += 1.0
            progress.lookup_done(lookup(outcome))
    lines = out.file.getvalue().splitlines()  # type: ignore[attr-defined]

    updates = [line for line in lines if line.startswith("archives ")]
    assert len(updates) == 5  # 30 lookups over 30 s, at most one line per 5 s
    assert updates[0] == "archives 5/30  0:00:25 left  2 found  2 no capture  1 archive unreachable"
    assert lines[-1] == "archives: looked up 30 of 30 in 30.0 s: 10 found  10 no capture  10 archive unreachable"
    assert not CONTROL.search(out.file.getvalue())  # type: ignore[attr-defined]


def test_off_a_terminal_every_stage_prints_one_line_every_five_seconds_at_most() -> None:
    out, clock = console(terminal=False), Ticks()
    comparison = SourceComparison(Drift(DriftStatus.UNCHANGED, "the same text"))
    with Progress(out, total=600, clock=clock, lookup_seconds=0.25, update_every=5.0) as progress:
        for _ in range(60):
            progress.lookup_started()
            progress.drift_started()
        for n in range(600):  # 600 checks in 30 s, a lookup and a comparison ending with every tenth
            clock.now += 0.05
            progress.advance(dead(n))
            if n % 10 == 9:
                progress.lookup_done(lookup(ArchiveOutcome.FOUND))
                progress.drift_done(comparison)
    lines = out.file.getvalue().splitlines()  # type: ignore[attr-defined]

    for stage in ("checking", "archives", "drift"):
        updates = [line for line in lines if line.startswith(f"{stage} ")]
        assert 1 <= len(updates) <= 30 / 5, stage
    assert lines[0] == "checking 600 sources"
    assert not any("gone.example" in line for line in lines)  # no line per source
    assert "checked 600 of 600 sources in 30.0 s: 600 dead" in lines
    assert lines[-1] == "drift: compared 60 of 60 in 30.0 s: 60 unchanged"
    assert not CONTROL.search(out.file.getvalue())  # type: ignore[attr-defined]


def test_the_closing_check_line_does_not_count_archive_time() -> None:
    out, clock = console(terminal=False), Ticks()
    with Progress(out, total=2, clock=clock) as progress:
        progress.advance(dead(1))
        clock.now = 2.0
        progress.advance(dead(2))
        progress.lookup_started()
        progress.lookup_started()
        progress.checks_finished()
        clock.now = 40.0
        progress.lookup_done(lookup(ArchiveOutcome.FOUND))
        progress.lookup_done(lookup(ArchiveOutcome.FOUND))
    lines = out.file.getvalue().splitlines()  # type: ignore[attr-defined]

    assert "checked 2 of 2 sources in 2.0 s: 2 dead" in lines
    assert lines[-1] == "archives: looked up 2 of 2 in 38.0 s: 2 found"


def test_a_line_puts_done_and_total_first_then_the_time_left_and_cuts_counts_first() -> None:
    progress = Progress(console(terminal=False), total=84)
    stage = progress.checks
    stage.done, stage.started = 24, 0.0
    stage.counts.update({"alive": 20, "dead": 3, "blocked": 1})

    assert progress.status_line(stage, 12.0) == "checking 24/84  0:00:30 left  20 alive  3 dead  1 blocked"
    assert progress.status_line(stage, 12.0, width=40) == "checking 24/84  0:00:30 left  20 alive …"
    assert progress.status_line(stage, 12.0, width=20) == "checking 24/84  0:0…"


def test_on_a_terminal_each_stage_has_a_live_line_that_is_erased_at_the_end() -> None:
    out = console(terminal=True)
    with Progress(out, total=1, clock=Ticks()) as progress:
        progress.advance(dead(1))
        progress.lookup_started()
        progress.lookup_done(lookup(ArchiveOutcome.FOUND))
        progress.save_started(1)
        progress.save_done(SaveOutcome("https://live.example/", "saved"))
    raw = out.file.getvalue()  # type: ignore[attr-defined]

    live, _, after = raw.rpartition("\x1b[2K")  # the live lines are cleared before the closing lines
    assert "checking 1/1" in live and "archives 1/1" in live and "saving 1/1" in live
    assert after.splitlines() == [
        "checked 1 of 1 sources in 0.0 s: 1 dead",
        "archives: looked up 1 of 1 in 0.0 s: 1 found",
        "saving: saved or checked 1 of 1 in 0.0 s: 1 saved",
    ]


def test_a_failed_run_leaves_no_live_line_above_its_message() -> None:
    out = console(terminal=True)
    try:
        with Progress(out, total=3) as progress:
            progress.advance(dead(1))
            raise RuntimeError("network unavailable")
    except RuntimeError:
        pass
    raw = out.file.getvalue()  # type: ignore[attr-defined]

    tail = raw.rpartition("\x1b[2K")[2]
    assert "checking 1/3" not in tail
    assert "stopped after 1 of 3 sources" in tail
