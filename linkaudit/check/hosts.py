"""Per-host politeness: an adaptive concurrency limit and Retry-After pauses.

Each host starts at ``settings.per_host`` concurrent requests. A 429 or 503 halves the limit
(never below one) and, when the answer carries Retry-After, pauses the host until then (capped).
After a run of good answers as long as the current limit, the limit grows back by one, up to
where it started: additive increase, multiplicative decrease, like TCP.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import trio

from linkaudit.httpdate import parse_http_date

__all__ = ["HostPolicy", "HostPool", "parse_retry_after"]

THROTTLE_STATUSES = frozenset({429, 503})


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():  # "¹" is a digit to str.isdigit, not to float()
        return float(text)
    when = parse_http_date(text)
    if when is None:
        return None
    reference = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - reference).total_seconds())


@dataclass
class HostPolicy:
    """The adaptive limit of one host."""

    ceiling: int
    limiter: trio.CapacityLimiter = field(init=False)
    paused_until: float = 0.0  # trio clock
    good_run: int = 0
    in_flight: int = 0
    peak_in_flight: int = 0
    throttled: int = 0  # 429/503 answers seen

    def __post_init__(self) -> None:
        self.limiter = trio.CapacityLimiter(self.ceiling)

    @property
    def limit(self) -> int:
        return int(self.limiter.total_tokens)

    def record_answer(self, status: int, retry_after: float | None, cap: float) -> None:
        if status in THROTTLE_STATUSES:
            self.throttled += 1
            self.good_run = 0
            self.limiter.total_tokens = max(1, self.limit // 2)
            if retry_after is not None:
                self.pause(min(retry_after, cap))
            return
        self.good_run += 1
        if self.good_run >= self.limit and self.limit < self.ceiling:
            self.limiter.total_tokens = self.limit + 1
            self.good_run = 0

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, trio.current_time() + seconds)


class HostPool:
    """Every host's policy plus the global limit; hands out request slots."""

    def __init__(self, *, per_host: int, max_concurrency: int, retry_after_cap: float) -> None:
        self.per_host = max(1, per_host)
        self.retry_after_cap = retry_after_cap
        self.global_limiter = trio.CapacityLimiter(max(1, max_concurrency))
        self.hosts: dict[str, HostPolicy] = {}

    def policy(self, host: str) -> HostPolicy:
        policy = self.hosts.get(host)
        if policy is None:
            policy = self.hosts[host] = HostPolicy(self.per_host)
        return policy

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[HostPolicy]:
        """Hold one request slot for ``host``.

        The host slot is taken first and the global one second, so tasks queueing for a slow or
        paused host never sit on global slots that other hosts could use.
        """
        policy = self.policy(host)
        async with policy.limiter:
            while (wait := policy.paused_until - trio.current_time()) > 0:
                await trio.sleep(wait)
            async with self.global_limiter:
                policy.in_flight += 1
                policy.peak_in_flight = max(policy.peak_in_flight, policy.in_flight)
                try:
                    yield policy
                finally:
                    policy.in_flight -= 1

    def record_answer(self, host: str, status: int, retry_after_header: str | None) -> float | None:
        """Feed one HTTP answer to the host's policy; returns the capped Retry-After, if any."""
        retry_after = parse_retry_after(retry_after_header)
        capped = None if retry_after is None else min(retry_after, self.retry_after_cap)
        self.policy(host).record_answer(status, capped, self.retry_after_cap)
        return capped
