"""When a URL is asked again: which outcomes are retried, after what pause, and how often.

A timeout is retried once only, and at once: a host that did not answer in ``timeout`` seconds
twice will not answer a third time within the run, and each second spent on it adds to the whole
run's wall (its floor is a URL that never answers). The back-off that spares a host that just
failed fast is already served by the timeout itself; the abandoned request's slot still lingers
(``HostPool``), so the retry takes another slot or waits for it.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import trio

from linkaudit.check.classify import RETRY_STATUSES, ErrorVerdict
from linkaudit.check.client import Answer
from linkaudit.check.runs import Outcome, UrlRun
from linkaudit.options import CheckOptions

__all__ = ["TIMEOUT_RETRIES", "backoff", "is_retryable", "never_answering_floor", "retry_delay", "timed_out"]

TIMEOUT_RETRIES = 1  # a request that timed out is asked again once, whatever --retries says


def never_answering_floor(settings: CheckOptions) -> float:
    """The soonest a URL that never answers can have its verdict: each of its attempts a timeout,
    one straight after the other."""
    return (TIMEOUT_RETRIES + 1) * settings.timeout


def retry_delay(
    run: UrlRun, outcome: Outcome, deadline: float, *, retries: int, backoff_base: float,
    host_paused_until: Callable[[], float],
) -> float | None:
    """The pause before asking ``run`` again, or None when ``outcome`` is the verdict: no retry
    left, nothing a retry could change, or no retry could start before ``deadline``."""
    if run.attempts > retries or not is_retryable(outcome):
        return None
    delay = backoff(backoff_base, run.attempts - 1)
    if timed_out(outcome):
        run.timeouts += 1
        if run.timeouts > TIMEOUT_RETRIES:
            return None
        delay = 0.0
    pause = 0.0
    if isinstance(outcome, Answer):
        # A Retry-After pause is kept by the host pool for every URL of the host.
        pause = host_paused_until() - trio.current_time()
    if trio.current_time() + max(delay, pause) >= deadline:
        return None
    return delay


def backoff(base: float, attempt: int) -> float:
    """Seconds before retry number ``attempt`` (from 0): doubled each time, jittered by half."""
    return base * (2**attempt) * random.uniform(0.5, 1.5)


def timed_out(outcome: Outcome) -> bool:
    return isinstance(outcome, ErrorVerdict) and outcome.kind == "timeout"


def is_retryable(outcome: Outcome) -> bool:
    if isinstance(outcome, ErrorVerdict):
        return outcome.retryable
    return outcome.status in RETRY_STATUSES
