"""Per-host politeness: an adaptive concurrency limit, Retry-After pauses and exact slot counts.

Each host starts at ``settings.per_host`` concurrent requests. A 429 or 503 halves the limit
(never below one) and, when the answer carries Retry-After, pauses the host until then (capped).
After a run of good answers as long as the current limit, the limit grows back by one, up to
where it started: additive increase, multiplicative decrease, like TCP.

A slot is taken in one of two ways: without waiting, by the scheduler, which only hands a queued
URL to a worker once a slot of its host is taken (``try_take``); or by waiting in line (``slot``),
for the soft-404 probe that a judgement waits on. Those waiting in line go first when a slot
frees, so a probe is never starved by the queue behind it.

A request we abandon (a timeout, the per-URL deadline) is still in flight at the server until it
notices that the connection closed, which takes it a moment. Its slot is kept for ``linger``
seconds more, so that the next request cannot arrive while the server still counts the old one.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import trio

from linkaudit.httpdate import parse_http_date

__all__ = ["ABANDONED_LINGER", "HostPolicy", "HostPool", "parse_retry_after"]

THROTTLE_STATUSES = frozenset({429, 503})
# Seconds an abandoned request keeps its slot: a server that polls its connections notices a
# close within a fraction of a second; a busy one within a second.
ABANDONED_LINGER = 1.0


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


@dataclass(slots=True)
class HostPolicy:
    """The adaptive limit of one host and its slots in use."""

    ceiling: int
    limit: int = 0
    paused_until: float = 0.0  # trio clock
    good_run: int = 0
    in_flight: int = 0  # slots held: requests under way, and abandoned ones still lingering
    peak_in_flight: int = 0
    throttled: int = 0  # 429/503 answers seen
    waiting: deque[trio.Event] = field(default_factory=deque)  # in line for a slot, first first

    def __post_init__(self) -> None:
        self.limit = self.limit or self.ceiling

    @property
    def has_room(self) -> bool:
        return self.in_flight < self.limit

    def record_answer(self, status: int, retry_after: float | None, cap: float) -> None:
        if status in THROTTLE_STATUSES:
            self.throttled += 1
            self.good_run = 0
            self.limit = max(1, self.limit // 2)
            if retry_after is not None:
                self.pause(min(retry_after, cap))
            return
        self.good_run += 1
        if self.good_run >= self.limit and self.limit < self.ceiling:
            self.limit += 1
            self.good_run = 0

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, trio.current_time() + seconds)

    def take(self) -> None:
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)


class HostPool:
    """Every host's policy; hands out request slots and says when one frees."""

    def __init__(self, *, per_host: int, retry_after_cap: float, linger: float = ABANDONED_LINGER) -> None:
        self.per_host = max(1, per_host)
        self.retry_after_cap = retry_after_cap
        self.linger = linger
        self.hosts: dict[str, HostPolicy] = {}
        self.on_free: Callable[[str], None] = lambda host: None  # the scheduler's hooks
        self.on_linger: Callable[[], None] = lambda: None
        self._lingering: list[tuple[float, int, str]] = []  # (release at, order, host)
        self._order = 0

    def policy(self, host: str) -> HostPolicy:
        policy = self.hosts.get(host)
        if policy is None:
            policy = self.hosts[host] = HostPolicy(self.per_host)
        return policy

    def try_take(self, host: str) -> bool:
        """Take a slot at once if the host has room, is not paused and nobody waits in line."""
        policy = self.policy(host)
        if policy.waiting or not policy.has_room or policy.paused_until > trio.current_time():
            return False
        policy.take()
        return True

    def release(self, host: str, *, abandoned: bool = False) -> None:
        """Give a slot back; an abandoned request's slot only after ``linger`` seconds."""
        if abandoned and self.linger > 0:
            self._order += 1
            heapq.heappush(self._lingering, (trio.current_time() + self.linger, self._order, host))
            self.on_linger()
            return
        policy = self.policy(host)
        policy.in_flight -= 1
        while policy.waiting and policy.has_room:
            policy.take()  # on behalf of the first in line, who finds it held when it wakes
            policy.waiting.popleft().set()
        if policy.has_room:
            self.on_free(host)

    def next_lingering(self) -> float | None:
        """When the next lingering slot is due back, if any."""
        return self._lingering[0][0] if self._lingering else None

    def release_lingering(self) -> None:
        now = trio.current_time()
        while self._lingering and self._lingering[0][0] <= now:
            _, _, host = heapq.heappop(self._lingering)
            self.release(host)

    async def wait_for_slot(self, host: str) -> None:
        """Wait in line for a slot of ``host`` and take it (give it back with ``release``); a
        paused host is waited out holding it."""
        policy = self.policy(host)
        if policy.waiting or not policy.has_room:
            turn = trio.Event()
            policy.waiting.append(turn)
            try:
                await turn.wait()
            except BaseException:
                if turn.is_set():
                    self.release(host)  # handed over just as we were cancelled
                else:
                    policy.waiting.remove(turn)
                raise
        else:
            policy.take()
        try:
            while (wait := policy.paused_until - trio.current_time()) > 0:
                await trio.sleep(wait)
        except BaseException:
            self.release(host)
            raise

    def record_answer(self, host: str, status: int, retry_after_header: str | None) -> float | None:
        """Feed one HTTP answer to the host's policy; returns the capped Retry-After, if any."""
        retry_after = parse_retry_after(retry_after_header)
        capped = None if retry_after is None else min(retry_after, self.retry_after_cap)
        self.policy(host).record_answer(status, capped, self.retry_after_cap)
        return capped
