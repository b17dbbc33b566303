"""Bounded work for the check engine: URLs wait in their host's queue, a bounded pool of workers serves.

A task per URL would hold its coroutine frames and cancel scopes (about 8 KB) for the whole run,
mostly while it waits for a turn at a busy host. Here a URL waiting for its turn, for a retry or
for its next redirect hop is only its record in a queue or a timer. A worker takes the head of
the queue of a host that has a free slot (hosts take turns, so one slow host never holds up
another), makes one request, and puts the URL back where it goes next: a retry into the timers
and then into its host's queue (at the back, or at the head if the engine says so), a redirect hop
at the back of its new host's queue, or nowhere once it has its verdict. Workers are started as
work arrives, never more than items unfinished: a worker holds one item at a time, so more could
only wait, and a run of five URLs need not start the pool a run of thousands uses.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import trio

from linkaudit.check.hosts import HostPool

__all__ = ["HostQueues"]

Item = TypeVar("Item")


class HostQueues(Generic[Item]):
    """Per-host queues of work items, timers for work due later, and the workers that serve them.

    ``add`` counts new work; ``put`` and ``later`` move work already counted; ``done`` says an item
    needs nothing more. Once ``close`` has been called and every item is done, the workers end.
    """

    def __init__(self, hosts: HostPool) -> None:
        self.hosts = hosts
        hosts.on_free = self._host_freed
        hosts.on_due = self._wake_timers
        self._queues: dict[str, deque[Item]] = {}
        self._turns: deque[str] = deque()  # hosts with queued work that may have room, in turn
        self._in_turns: set[str] = set()
        self._paused: set[str] = set()  # hosts whose pause end is in the timers
        # (due, order, host, item or None for a pause's end, whether it goes ahead of its queue)
        self._timers: list[tuple[float, int, str, Item | None, bool]] = []
        self._order = 0
        self._idle = trio.lowlevel.ParkingLot()
        self._timer_lot = trio.lowlevel.ParkingLot()
        self.unfinished = 0
        self.closed = False
        self._pool: trio.Nursery | None = None  # where workers are started, while serving
        self._work_one: Callable[[str, Item], Awaitable[None]] | None = None
        self._workers = 0
        self._max_workers = 0

    # --- what the engine says --------------------------------------------------------

    def add(self, host: str, item: Item, *, first: bool = False) -> None:
        """New work for ``host``; ``first`` puts it ahead of the queue."""
        self.unfinished += 1
        self._start_workers()
        self.put(host, item, first=first)

    def put(self, host: str, item: Item, *, first: bool = False) -> None:
        queue = self._queues.get(host)
        if queue is None:
            queue = self._queues[host] = deque()
        if first:
            queue.appendleft(item)
        else:
            queue.append(item)
        self._give_turn(host)

    def later(self, delay: float, host: str, item: Item, *, first: bool = False) -> None:
        """Queue ``item`` for ``host`` in ``delay`` seconds: at the back, or ahead with ``first``."""
        self._push_timer(trio.current_time() + delay, host, item, first=first)

    def done(self) -> None:
        self.unfinished -= 1
        if self.closed and self.unfinished == 0:
            self._finish()

    def close(self) -> None:
        """No new work will come: the workers end once every item is done."""
        self.closed = True
        if self.unfinished == 0:
            self._finish()

    def queued(self, host: str) -> int:
        return len(self._queues.get(host, ()))

    # --- serving -----------------------------------------------------------------------

    async def serve(self, workers: int, work: Callable[[str, Item], Awaitable[None]]) -> None:
        """Run up to ``workers`` workers, each calling ``work(host, item)`` with a slot of ``host``
        taken (``work`` gives it back), until the queues are closed and empty."""
        async with trio.open_nursery() as nursery:
            nursery.start_soon(self._keep_time)
            async with trio.open_nursery() as pool:
                self._pool, self._work_one, self._max_workers = pool, work, max(1, workers)
                self._start_workers()
            self._pool = None
            nursery.cancel_scope.cancel()

    def _start_workers(self) -> None:
        """As many workers as items unfinished (at least one, to end the serving), up to the bound."""
        if self._pool is None or self._work_one is None:
            return
        wanted = min(self._max_workers, max(1, self.unfinished))
        while self._workers < wanted:
            self._workers += 1
            self._pool.start_soon(self._work, self._work_one)

    async def _work(self, work: Callable[[str, Item], Awaitable[None]]) -> None:
        while True:
            taken = self._take()
            if taken is not None:
                await work(*taken)
            elif self.closed and self.unfinished == 0:
                return
            else:
                await self._idle.park()

    def _take(self) -> tuple[str, Item] | None:
        """The head of the next host's queue whose slot could be taken, in turn."""
        for _ in range(len(self._turns)):
            host = self._turns.popleft()
            queue = self._queues.get(host)
            if not queue:
                self._in_turns.discard(host)
                self._queues.pop(host, None)
                continue
            if not self.hosts.try_take(host):
                self._in_turns.discard(host)  # back in turn when a slot frees or its pause ends
                self._wait_out_pause(host)
                continue
            item = queue.popleft()
            if queue:
                self._turns.append(host)
            else:
                self._in_turns.discard(host)
                del self._queues[host]
            return host, item
        return None

    def _give_turn(self, host: str) -> None:
        if host not in self._in_turns and host not in self._paused:
            self._in_turns.add(host)
            self._turns.append(host)
            self._idle.unpark()

    def _host_freed(self, host: str) -> None:
        if self._queues.get(host):
            self._give_turn(host)

    def _wait_out_pause(self, host: str) -> None:
        paused_until = self.hosts.policy(host).paused_until
        if paused_until > trio.current_time() and host not in self._paused:
            self._paused.add(host)
            self._push_timer(paused_until, host, None, first=False)

    def _finish(self) -> None:
        self._idle.unpark_all()

    # --- time ----------------------------------------------------------------------------

    def _push_timer(self, due: float, host: str, item: Item | None, *, first: bool) -> None:
        self._order += 1
        earliest = self._timers[0][0] if self._timers else None
        heapq.heappush(self._timers, (due, self._order, host, item, first))
        if earliest is None or due < earliest:
            self._wake_timers()

    def _wake_timers(self) -> None:
        self._timer_lot.unpark_all()

    def _next_due(self) -> float | None:
        candidates = [self._timers[0][0]] if self._timers else []
        if (hosts_due := self.hosts.next_due()) is not None:
            candidates.append(hosts_due)
        return min(candidates, default=None)

    async def _keep_time(self) -> None:
        while True:
            due = self._next_due()
            if due is None:
                await self._timer_lot.park()
                continue
            with trio.move_on_at(due):
                await self._timer_lot.park()
            self.hosts.settle_due()
            now = trio.current_time()
            while self._timers and self._timers[0][0] <= now:
                _, _, host, item, first = heapq.heappop(self._timers)
                if item is None:
                    self._paused.discard(host)
                    self._host_freed(host)
                else:
                    self.put(host, item, first=first)
