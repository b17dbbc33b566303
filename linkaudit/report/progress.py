"""Progress of every stage: checks, archive lookups, drift comparisons, Save Page Now.

On a terminal: one live line per stage that has started, done/total first, then the time left,
then counts as far as the width allows (they are cut first). The live lines are cleared at the
end, so no half-drawn line stays in the scrollback and no frozen bar sits above a later message;
a plain closing line per stage replaces them. Elsewhere (CI logs, pipes): a line saying how many
sources will be checked, then for each stage at most one plain status line every ``update_every``
seconds (5 by default, however many sources finish), and the closing lines, with no control
codes, so logs stay short, readable and greppable.

The check stage's closing line counts the time until the last check, not the archive time after it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import Progress as RichProgress
from rich.progress import SpinnerColumn, TaskID, TextColumn
from rich.text import Text

if TYPE_CHECKING:
    from linkaudit.drift import SourceComparison

from linkaudit.archive.pacing import seconds_per_lookup, seconds_per_save
from linkaudit.archive.save import SaveOutcome
from linkaudit.models import ArchiveLookup, ArchiveOutcome, CheckResult, DriftStatus, LinkStatus
from linkaudit.report.safe_text import clean
from linkaudit.options import ArchiveOptions

__all__ = ["Progress", "progress_for"]

_LOOKUP_WORDS = {
    ArchiveOutcome.FOUND: "found",
    ArchiveOutcome.NO_CAPTURE: "no capture",
    ArchiveOutcome.UNREACHABLE: "archive unreachable",
    ArchiveOutcome.NOT_ASKED: "not asked",
}
_SPINNER_WIDTH = 2


@dataclass
class _Stage:
    name: str  # "checking", "archives", "drift", "saving"
    total: int = 0
    done: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    started: float = 0.0
    finished: float | None = None
    last_update: float = 0.0
    seconds_each: float = 0.0  # expected pace, for the time left before any has finished

    def left(self, now: float) -> float | None:
        remaining = self.total - self.done
        if remaining <= 0:
            return 0.0
        if self.done:
            return remaining * max((now - self.started) / self.done, self.seconds_each)
        return remaining * self.seconds_each if self.seconds_each else None

    def counts_text(self) -> str:
        return "  ".join(f"{count} {word}" for word, count in self.counts.items() if count)


class Progress:
    """``with Progress(console, total=n) as progress:`` then the pipeline's ``StageListener`` calls."""

    def __init__(
        self,
        console: Console,
        total: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        lookup_seconds: float = 0.0,
        save_seconds: float = 0.0,
        update_every: float = 5.0,
    ) -> None:
        self.console = console
        self._clock = clock
        self._update_every = update_every
        self.checks = _Stage("checking", total=total)
        self.checks.counts.update({s.value: 0 for s in LinkStatus})
        self.lookups = _Stage("archives", seconds_each=lookup_seconds)
        self.lookups.counts.update({word: 0 for word in _LOOKUP_WORDS.values()})
        self.saves = _Stage("saving", seconds_each=save_seconds)
        self.drift = _Stage("drift", seconds_each=lookup_seconds)
        self.drift.counts.update({status.value: 0 for status in DriftStatus})
        self._live: RichProgress | None = None
        self._tasks: dict[str, TaskID] = {}

    # --- the check stage (the original interface) -------------------------------------------
    @property
    def total(self) -> int:
        return self.checks.total

    @property
    def done(self) -> int:
        return self.checks.done

    @property
    def counts(self) -> Counter[str]:
        return self.checks.counts

    @property
    def live(self) -> bool:
        return self.console.is_terminal

    def counts_text(self) -> str:
        return self.checks.counts_text()

    def __enter__(self) -> Progress:
        self.checks.started = self.checks.last_update = self._clock()
        if self.live:
            self._live = RichProgress(
                SpinnerColumn(), TextColumn("{task.fields[line]}", markup=False),
                console=self.console, transient=True,
            )
            self._live.start()
            if self.total > 0:
                self._show(self.checks)
        elif self.total > 0:
            self._plain(f"checking {self.total} source{'s' if self.total != 1 else ''}")
        return self

    def advance(self, result: CheckResult) -> None:
        self.checks.counts[result.status.value] += 1
        self._step(self.checks)

    def checks_finished(self) -> None:
        self.checks.finished = self._clock()

    # --- archive lookups and Save Page Now ---------------------------------------------------
    def lookup_started(self) -> None:
        self._grow(self.lookups, 1)

    def lookup_done(self, lookup: ArchiveLookup) -> None:
        self.lookups.counts[_LOOKUP_WORDS[lookup.outcome]] += 1
        self._step(self.lookups)

    def save_started(self, count: int) -> None:
        self._grow(self.saves, count)

    def save_done(self, outcome: SaveOutcome) -> None:
        self.saves.counts[outcome.action] += 1
        self._step(self.saves)

    def drift_started(self) -> None:
        self._grow(self.drift, 1)

    def drift_done(self, comparison: SourceComparison) -> None:
        self.drift.counts[comparison.drift.status.value] += 1
        self._step(self.drift)

    def _grow(self, stage: _Stage, count: int) -> None:
        if stage.total == 0:
            stage.started = stage.last_update = self._clock()
        stage.total += count
        if self._live is not None:
            self._show(stage)

    def _step(self, stage: _Stage) -> None:
        stage.done += 1
        if self._live is not None:
            self._show(stage)
            return
        now = self._clock()
        if now - stage.last_update >= self._update_every and stage.done < stage.total:
            stage.last_update = now
            self._plain(self.status_line(stage, now))

    # --- lines ---------------------------------------------------------------------------------
    def status_line(self, stage: _Stage, now: float, width: int | None = None) -> str:
        """``checking 24/84  0:00:12 left  20 alive  3 dead``: counts dropped, then cut, to fit ``width``."""
        left = stage.left(now)
        eta = "--:--:-- left" if left is None else f"{dt.timedelta(seconds=round(left))} left"
        head = f"{stage.name} {stage.done}/{stage.total}  {eta}"
        counts = stage.counts_text()
        line = f"{head}  {counts}" if counts else head
        if width is None or len(line) <= width:
            return line
        if len(head) >= width:
            return head[: max(width - 1, 0)] + "…"
        return line[: width - 1] + "…"

    def _show(self, stage: _Stage) -> None:
        assert self._live is not None
        line = self.status_line(stage, self._clock(), self.console.width - _SPINNER_WIDTH - 1)
        if stage.name not in self._tasks:
            self._tasks[stage.name] = self._live.add_task(stage.name, total=None, line=line)
        else:
            self._live.update(self._tasks[stage.name], line=line)

    def closing_lines(self, *, stopped: bool, now: float) -> list[str]:
        lines = []
        if self.checks.total > 0:
            word = "stopped after" if stopped and self.checks.done < self.checks.total else "checked"
            elapsed = (self.checks.finished if self.checks.finished is not None else now) - self.checks.started
            summary = f"{word} {self.checks.done} of {self.checks.total} sources in {elapsed:.1f} s"
            counts = self.checks.counts_text()
            lines.append(f"{summary}: {counts}" if counts else summary)
        for stage, verb in ((self.lookups, "looked up"), (self.drift, "compared"), (self.saves, "saved or checked")):
            if stage.total > 0:
                word = "stopped after" if stopped and stage.done < stage.total else verb
                summary = f"{stage.name}: {word} {stage.done} of {stage.total} in {now - stage.started:.1f} s"
                counts = stage.counts_text()
                lines.append(f"{summary}: {counts}" if counts else summary)
        return lines

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._live is not None:
            self._live.stop()  # transient: the live lines are erased, not left half-drawn
            self._live = None
        if all(stage.total == 0 for stage in (self.checks, self.lookups, self.drift, self.saves)):
            return
        for line in self.closing_lines(stopped=kind is not None, now=self._clock()):
            self._plain(line)

    def _plain(self, line: str) -> None:
        # Text, not markup: URLs and reasons come from the web. No wrapping: one result, one line.
        self.console.print(Text(clean(line)), soft_wrap=True, highlight=False)


def progress_for(console: Console, total: int, settings: ArchiveOptions) -> Progress:
    """The progress of an audit with ``total`` sources to check, paced by ``settings``' archive share."""
    return Progress(console, total, lookup_seconds=seconds_per_lookup(settings), save_seconds=seconds_per_save(settings))
