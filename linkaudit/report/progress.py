"""Progress while sources are checked.

On a terminal: a live bar with sources done/total, counts per status so far, elapsed and
remaining time. Elsewhere (CI logs, pipes): one plain line per checked source and a closing
line, with no control codes, so logs stay readable and greppable.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text

from linkaudit.models import CheckResult, LinkStatus
from linkaudit.report.common import clean

__all__ = ["Progress"]


class Progress:
    """``with Progress(console, total=n) as progress: ... progress.advance(result)``."""

    def __init__(self, console: Console, total: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.console = console
        self.total = total
        self.done = 0
        self.counts: Counter[str] = Counter()
        self._clock = clock
        self._started = 0.0
        self._live: RichProgress | None = None
        self._task: TaskID | None = None

    @property
    def live(self) -> bool:
        return self.console.is_terminal

    def __enter__(self) -> Progress:
        self._started = self._clock()
        if self.total <= 0:
            return self
        if self.live:
            self._live = RichProgress(
                SpinnerColumn(),
                TextColumn("checking"),
                BarColumn(bar_width=24),
                MofNCompleteColumn(),
                TextColumn("{task.fields[counts]}", markup=False),
                TimeElapsedColumn(),
                TextColumn("left"),
                TimeRemainingColumn(),
                console=self.console,
                transient=False,
            )
            self._live.start()
            self._task = self._live.add_task("checking", total=self.total, counts="")
        else:
            self._plain(f"checking {self.total} source{'s' if self.total != 1 else ''}")
        return self

    def advance(self, result: CheckResult) -> None:
        self.done += 1
        self.counts[result.status.value] += 1
        if self._live is not None and self._task is not None:
            self._live.update(self._task, advance=1, counts=self.counts_text())
        elif not self.live and self.total > 0:
            width = len(str(self.total))
            self._plain(f"[{self.done:>{width}}/{self.total}] {result.status.value:<10} {result.url} ({result.reason})")

    def counts_text(self) -> str:
        return "  ".join(f"{self.counts[s.value]} {s.value}" for s in LinkStatus if self.counts[s.value])

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None
        elif self.total > 0:
            elapsed = self._clock() - self._started
            word = "checked" if kind is None else "stopped after"
            summary = f"{word} {self.done} of {self.total} sources in {elapsed:.1f} s"
            counts = self.counts_text()
            self._plain(f"{summary}: {counts}" if counts else summary)

    def _plain(self, line: str) -> None:
        # Text, not markup: URLs and reasons come from the web. No wrapping: one result, one line.
        self.console.print(Text(clean(line)), soft_wrap=True, highlight=False)
