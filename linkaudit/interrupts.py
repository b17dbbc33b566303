"""Ctrl-C during an audit: the first one stops the work and the report is written, whole.

Python's default handler raises ``KeyboardInterrupt`` wherever the program happens to be, so a
second Ctrl-C a moment after the first (an impatient user, ``timeout -s INT``, a CI runner
cancelling a job) would land in the middle of writing the report and lose it. While an
``Interrupts`` is active, the first SIGINT cancels the trio run it guards instead, through trio's
signal-safe ``run_sync_soon``; the run returns, the incomplete report is written, and any further
SIGINT is counted and otherwise ignored until the report is out, and after an interrupt until
the program has exited.
"""

from __future__ import annotations

import signal
from collections.abc import Awaitable, Callable
from types import FrameType, TracebackType
from typing import Any, TypeVar

import trio

__all__ = ["Interrupts"]

T = TypeVar("T")


class Interrupts:
    def __init__(self) -> None:
        self.count = 0
        self._scope: trio.CancelScope | None = None
        self._token: trio.lowlevel.TrioToken | None = None
        self._previous: Any = None

    @property
    def interrupted(self) -> bool:
        return self.count > 0

    def __enter__(self) -> Interrupts:
        self._previous = signal.signal(signal.SIGINT, self._on_sigint)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        # Once interrupted, the program's only way on is out, with exit code 130 and its report
        # written. A Ctrl-C between here and the exit would otherwise make it die by the signal
        # instead (exit -2), so further ones stay ignored.
        signal.signal(signal.SIGINT, signal.SIG_IGN if self.interrupted else self._previous)

    def run(self, work: Callable[[], Awaitable[T]]) -> T | None:
        """``trio.run(work)``, or None when an interrupt stopped it (or came before it started)."""
        if self.interrupted:
            return None
        return trio.run(self._guarded, work)

    async def _guarded(self, work: Callable[[], Awaitable[T]]) -> T | None:
        with trio.CancelScope() as scope:
            self._scope = scope
            self._token = trio.lowlevel.current_trio_token()
            if self.interrupted:
                scope.cancel()
            return await work()
        return None

    def _on_sigint(self, signum: int, frame: FrameType | None) -> None:
        self.count += 1
        if self.count == 1 and self._token is not None and self._scope is not None:
            try:
                self._token.run_sync_soon(self._scope.cancel)
            except trio.RunFinishedError:
                pass  # between runs: the next run() sees the interrupt and does not start
