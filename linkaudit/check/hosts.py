"""Per-host politeness: an adaptive concurrency limit, Retry-After pauses and exact slot counts.

Each host starts at ``settings.per_host`` concurrent requests. A 429 or 503 halves the limit
(never below one) and, when the answer carries Retry-After, pauses the host until then (capped).
The limit grows back by one, up to where it started, after a run of good answers as long as the
current limit, and after each second without a halving: additive increase, multiplicative
decrease, like TCP. Growing with time as well as with answers matters when the host's few slots
are held by requests that never answer: with no answer to count, a host that said "slow down"
once would stay at one or two slots for whole timeouts, every URL of it waiting. And like TCP,
the limit is halved once per window: a throttling answer to a request sent before the last
halving says nothing new (it was asked before the host was heard), so it pauses the host as it
asks but does not halve again.

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

__all__ = ["ABANDONED_LINGER", "REGROW_EVERY", "HostPolicy", "HostPool", "parse_retry_after"]

THROTTLE_STATUSES = frozenset({429, 503})
# Seconds an abandoned request keeps its slot: a server that polls its connections notices a
# close within a fraction of a second; a busy one within a second.
ABANDONED_LINGER = 1.0
# Seconds without a halving after which a reduced limit regains a slot: a few round trips of a
# slow host, so a host that keeps answering 429 or 503 stays at one slot.
REGROW_EVERY = 1.0


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
    halved_at: float = float("-inf")  # trio clock of the last halving
    grown_at: float = 0.0  # trio clock of the last change of the limit, from which time regrows it
    regrow_due: bool = False  # a wake-up for its next regrowth is set
    good_run: int = 0
    in_flight: int = 0  # slots held: requests under way, and abandoned ones still lingering
    peak_in_flight: int = 0
    throttled: int = 0  # 429/503 answers seen
    waiting: deque[trio.Event] = field(default_factory=deque)  # in line for a slot, first first

    def __post_init__(self) -> None:
        self.limit = self.limit or self.ceiling

    def has_room(self) -> bool:
        self.regrow()
        return self.in_flight < self.limit

    def regrow(self) -> None:
        """Count into the limit the slots regained by time since it last changed."""
        now = trio.current_time()
        # Step by step, by the very sum ``next_regrowth`` names: a slot due at ``grown_at +
        # REGROW_EVERY`` is gained at that moment, never left due then by the rounding of a
        # division (a wake-up set for it would find it still due, and set itself again at once).
        while self.limit < self.ceiling and self.grown_at + REGROW_EVERY <= now:
            self.limit += 1
            self.grown_at += REGROW_EVERY

    def next_regrowth(self) -> float | None:
        """When the limit next grows by time, if it is below where it started."""
        self.regrow()
        return self.grown_at + REGROW_EVERY if self.limit < self.ceiling else None

    def record_answer(self, status: int, retry_after: float | None, cap: float, *, sent_at: float | None = None) -> None:
        """One answer to a request sent at ``sent_at`` (trio clock; None: after every halving)."""
        self.regrow()
        now = trio.current_time()
        if status in THROTTLE_STATUSES:
            self.throttled += 1
            self.good_run = 0
            if sent_at is None or sent_at >= self.halved_at:
                self.limit = max(1, self.limit // 2)
                self.halved_at = self.grown_at = now
            if retry_after is not None:
                self.pause(min(retry_after, cap))
            return
        self.good_run += 1
        if self.good_run >= self.limit and self.limit < self.ceiling:
            self.limit += 1
            self.good_run = 0
            self.grown_at = now

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
        self.on_due: Callable[[], None] = lambda: None
        # (when, order, host, whether a lingering slot comes back or a reduced limit regrows)
        self._due: list[tuple[float, int, str, bool]] = []
        self._order = 0

    def policy(self, host: str) -> HostPolicy:
        policy = self.hosts.get(host)
        if policy is None:
            policy = self.hosts[host] = HostPolicy(self.per_host)
        return policy

    def try_take(self, host: str) -> bool:
        """Take a slot at once if the host has room, is not paused and nobody waits in line."""
        policy = self.policy(host)
        if policy.waiting or not policy.has_room() or policy.paused_until > trio.current_time():
            return False
        policy.take()
        return True

    def release(self, host: str, *, abandoned: bool = False) -> None:
        """Give a slot back; an abandoned request's slot only after ``linger`` seconds."""
        if abandoned and self.linger > 0:
            self._set_due(trio.current_time() + self.linger, host, slot=True)
            return
        self.policy(host).in_flight -= 1
        self._hand_out(host)

    def _hand_out(self, host: str) -> None:
        """Room at ``host``: to those waiting in line first, then to the scheduler."""
        policy = self.policy(host)
        while policy.waiting and policy.has_room():
            policy.take()  # on behalf of the first in line, who finds it held when it wakes
            policy.waiting.popleft().set()
        if policy.has_room():
            self.on_free(host)

    def next_due(self) -> float | None:
        """When the next lingering slot is due back or a reduced limit regrows, if ever."""
        return self._due[0][0] if self._due else None

    def settle_due(self) -> None:
        """Give back the lingering slots and regrow the limits that are due."""
        now = trio.current_time()
        while self._due and self._due[0][0] <= now:
            _, _, host, slot = heapq.heappop(self._due)
            if slot:
                self.release(host)
            else:
                self.policy(host).regrow_due = False
                self._hand_out(host)
                self._follow_regrowth(host)

    def _follow_regrowth(self, host: str) -> None:
        """Be woken when the host's reduced limit next grows, so that its queue moves on although
        no slot frees (its slots may be held by requests that never answer)."""
        policy = self.policy(host)
        if not policy.regrow_due and (when := policy.next_regrowth()) is not None:
            policy.regrow_due = True
            self._set_due(when, host, slot=False)

    def _set_due(self, when: float, host: str, *, slot: bool) -> None:
        self._order += 1
        heapq.heappush(self._due, (when, self._order, host, slot))
        self.on_due()

    async def wait_for_slot(self, host: str) -> None:
        """Wait in line for a slot of ``host`` and take it (give it back with ``release``); a
        paused host is waited out holding it."""
        policy = self.policy(host)
        if policy.waiting or not policy.has_room():
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

    def record_answer(self, host: str, status: int, retry_after_header: str | None, *, sent_at: float | None = None) -> float | None:
        """Feed one HTTP answer to the host's policy, for a request sent at ``sent_at``; returns the
        capped Retry-After, if any."""
        retry_after = parse_retry_after(retry_after_header)
        capped = None if retry_after is None else min(retry_after, self.retry_after_cap)
        self.policy(host).record_answer(status, capped, self.retry_after_cap, sent_at=sent_at)
        self._follow_regrowth(host)
        return capped
