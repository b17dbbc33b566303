"""How many processes a run of the default settings takes, at the measured parsing cost.

One process parses a request in about 1.7 ms of CPU (the check benchmark, one process), so below
some 17,650 URLs its parsing ends before two 15 s timeouts, the floor every run waits for anyway:
a second process would only cost its memory and compete for the cores.
"""

from __future__ import annotations

import pytest

from linkaudit.check import workers
from linkaudit.options import CheckOptions


def test_a_run_one_process_parses_within_the_floor_stays_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    assert workers.worker_count(CheckOptions(), 16_000, hosts=lambda: 41) == 1
    assert workers.worker_count(CheckOptions(), 18_000, hosts=lambda: 41) == 2
