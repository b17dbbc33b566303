"""Ctrl-C during an audit, in this process: the first stops the run, later ones cannot kill the
program before it exits with its report written (the whole-program cases are in test_cli)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
import trio

from linkaudit.interrupts import Interrupts


@pytest.fixture
def sigint_handler_kept() -> Iterator[None]:
    previous = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, previous)


async def _interrupted_forever() -> None:
    os.kill(os.getpid(), signal.SIGINT)
    await trio.sleep_forever()


def test_a_run_interrupted_once_returns_nothing_and_later_interrupts_are_ignored(sigint_handler_kept: None) -> None:
    with Interrupts() as interrupts:
        assert interrupts.run(_interrupted_forever) is None
        os.kill(os.getpid(), signal.SIGINT)  # while the report is written: counted, not raised
        assert interrupts.count == 2
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    os.kill(os.getpid(), signal.SIGINT)  # on the way out: no KeyboardInterrupt, no death by signal


def test_an_uninterrupted_run_gives_its_result_and_puts_the_previous_handler_back(sigint_handler_kept: None) -> None:
    async def work() -> int:
        return 7

    before = signal.getsignal(signal.SIGINT)
    with Interrupts() as interrupts:
        assert interrupts.run(work) == 7
        assert not interrupts.interrupted
    assert signal.getsignal(signal.SIGINT) is before


def test_no_run_starts_after_an_interrupt_between_runs(sigint_handler_kept: None) -> None:
    with Interrupts() as interrupts:
        os.kill(os.getpid(), signal.SIGINT)
        assert interrupts.run(_interrupted_forever) is None
        assert interrupts.count == 1
