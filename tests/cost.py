"""How a cost grows, measured in CPU time so that a busy machine does not change the answer."""

from __future__ import annotations

import time
from collections.abc import Callable


def cpu_seconds(work: Callable[[], object]) -> float:
    """CPU time of ``work``, repeated until it adds up to something a clock tick can measure."""
    rounds, started = 0, time.process_time()
    while (spent := time.process_time() - started) < 0.05 or rounds < 3:
        work()
        rounds += 1
    return spent / rounds
