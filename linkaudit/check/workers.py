"""Large checks spread over worker processes, host by host.

Parsing HTTP in Python costs about 1.7 ms of CPU per request, so one process tops out near 600
requests a second however fast the hosts answer. A large run therefore splits its *hosts* (never
one host's URLs, so per-host politeness and the soft-404 probe stay whole) over one worker process
per core. Hosts of one site (``nytimes.com`` and ``www.nytimes.com``) go to the same worker, since
the commonest redirect leads from one to the other and the hop must meet the same per-host limit.
Each worker runs the ordinary engine with no cache and streams its results back; the
parent keeps the cache, the progress callbacks and the network-down rule.

A redirect may still lead into another worker's site (doi.org to a publisher, a shortener to a
newsroom). Two workers requesting one host would each hold its per-host limit, so the host could
see twice as many requests as allowed. A worker therefore never follows a hop into another site:
it hands the chain back (a ``Handoff``, with its hops and the deadline already spent), and the
parent routes it to the one worker that owns that site, assigning a site seen for the first time
to the least loaded worker. Every host is requested by one process only, under one limit.

Protocol on the worker's pipes, length-prefixed pickles both ways: stdin carries
``(settings, keys_and_targets)`` first, then any ``Handoff`` routed to this worker, and is closed
when every URL of the run has its result; stdout carries a ``CheckResult`` or a ``Handoff`` per
chain, then a final ``_ShardSummary``. Both ends are this package, run by this package, so pickle
is safe here.
"""

from __future__ import annotations

import math
import os
import pickle
import signal
import struct
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, replace

import trio

from linkaudit.check.retries import never_answering_floor
from linkaudit.check.sites import site_of
from linkaudit.models import CheckResult
from linkaudit.options import CheckOptions

__all__ = ["PARALLEL_MIN_URLS", "count_hosts", "parallel_min_urls", "plan_shards", "run_shards", "site_of", "worker_count"]

PARALLEL_MIN_URLS = 1000  # below this, starting processes costs more than it saves, whatever the timeout
# Every run waits for its URLs that never answer: two timeouts, from when the last of them is first
# asked, which is once most URLs have been asked. One process's parsing (1.6-1.9 ms of CPU a
# request in the check benchmark, one process: its CPU over the web's count of requests, nine
# runs at load 8-15 and five quiet) therefore adds to that floor, and workers on an idle machine
# would take some of it off; but each costs an interpreter of its own (about 40 MB), and on a shared
# machine they compete for the same cores: on the benchmark's web at load 7, 5,000 URLs took 52 s
# in one process and 63 s in two workers, at 79 MB against 180. So workers start only once one
# process's parsing would outlast the floor itself.
CPU_PER_REQUEST = 0.0017
_FRAME = struct.Struct("!I")
# Not ``-m``: records pickled by a __main__ module would name the wrong module.
_WORKER_START = (
    "from linkaudit.program import begin, end\n"
    "begin()\n"
    "from linkaudit.check.workers import worker_main\n"
    "worker_main()\n"
    "end(0)\n"
)


@dataclass(frozen=True, slots=True)
class _ShardSummary:
    responses: int
    network_down_hosts: frozenset[str]


def worker_count(settings: CheckOptions, urls: int, hosts: Callable[[], int]) -> int:
    """How many processes check ``urls`` URLs; ``hosts`` (how many sites they span, a pass over
    every URL) is asked only when the answer depends on it."""
    if settings.workers == 1:
        return 1
    if settings.workers > 0:
        return max(1, min(settings.workers, hosts()))
    if urls < parallel_min_urls(settings):
        return 1
    return max(1, min(os.cpu_count() or 1, hosts()))


def parallel_min_urls(settings: CheckOptions) -> int:
    """The fewest URLs worth worker processes: one process's parsing would outlast the run's floor."""
    return max(PARALLEL_MIN_URLS, math.ceil(never_answering_floor(settings) / CPU_PER_REQUEST))


def plan_shards(targets: dict[str, str], workers: int) -> list[list[tuple[str, str]]]:
    """(key, target) pairs split into ``workers`` groups of whole sites, balanced by URL count."""
    by_host: dict[str, list[tuple[str, str]]] = {}
    for key, target in targets.items():
        by_host.setdefault(site_of(target), []).append((key, target))
    shards: list[list[tuple[str, str]]] = [[] for _ in range(workers)]
    for pairs in sorted(by_host.values(), key=len, reverse=True):
        min(shards, key=len).extend(pairs)
    return [shard for shard in shards if shard]


async def run_shards(
    shards: Sequence[list[tuple[str, str]]],
    settings: CheckOptions,
    deliver: Callable[[CheckResult], None],
) -> tuple[int, set[str]]:
    """Run every shard in its own process; returns (responses seen, hosts our network could not reach)."""
    share = max(1, settings.max_concurrency // len(shards))
    shard_settings = replace(settings, max_concurrency=share)
    router = _Router(shards)
    responses = 0
    down: set[str] = set()

    def handle(item: object) -> None:
        nonlocal responses
        if isinstance(item, _ShardSummary):
            responses += item.responses
            down.update(item.network_down_hosts)
        elif isinstance(item, CheckResult):
            deliver(item)
            router.finished()
        else:
            router.route(item)

    async with trio.open_nursery() as nursery:
        for index, shard in enumerate(shards):
            nursery.start_soon(_run_worker, shard, shard_settings, router.inboxes[index], handle)
    return responses, down


class _Router:
    """Which worker owns which site; sends hand-offs there; closes the inboxes when all is done."""

    def __init__(self, shards: Sequence[list[tuple[str, str]]]) -> None:
        self.owner = {site_of(target): index for index, shard in enumerate(shards) for _, target in shard}
        self.load = [len(shard) for shard in shards]
        self.outstanding = sum(self.load)
        channels = [trio.open_memory_channel[object](math.inf) for _ in shards]
        self.outboxes = [send for send, _ in channels]
        self.inboxes = [receive for _, receive in channels]
        if self.outstanding == 0:
            self._close()

    def route(self, handoff: object) -> None:
        site = site_of(getattr(handoff, "current", ""))
        index = self.owner.get(site)
        if index is None:
            index = self.owner[site] = min(range(len(self.load)), key=self.load.__getitem__)
        self.load[index] += 1
        self.outboxes[index].send_nowait(handoff)

    def finished(self) -> None:
        self.outstanding -= 1
        if self.outstanding == 0:
            self._close()

    def _close(self) -> None:
        for outbox in self.outboxes:
            outbox.close()


async def _frames(stream: trio.abc.ReceiveStream) -> AsyncIterator[object]:
    """Length-prefixed pickles from ``stream`` until it ends."""
    buffer = bytearray()
    while chunk := await stream.receive_some(1 << 16):
        buffer += chunk
        while len(buffer) >= _FRAME.size:
            (size,) = _FRAME.unpack_from(buffer)
            if len(buffer) < _FRAME.size + size:
                break
            yield pickle.loads(bytes(buffer[_FRAME.size : _FRAME.size + size]))
            del buffer[: _FRAME.size + size]


def _frame(item: object) -> bytes:
    data = pickle.dumps(item)
    return _FRAME.pack(len(data)) + data


async def _run_worker(
    shard: list[tuple[str, str]],
    settings: CheckOptions,
    inbox: trio.MemoryReceiveChannel[object],
    handle: Callable[[object], None],
) -> None:
    command = [sys.executable, "-c", _WORKER_START]
    process = await trio.lowlevel.open_process(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert process.stdin is not None and process.stdout is not None
        stdin = process.stdin

        async def feed() -> None:
            # Its own task: a full pipe to this worker must never stop us reading from the others.
            async with stdin:
                await stdin.send_all(_frame((settings, shard)))
                async for handoff in inbox:
                    await stdin.send_all(_frame(handoff))

        async with trio.open_nursery() as nursery:
            nursery.start_soon(feed)
            async for item in _frames(process.stdout):
                handle(item)
        if await process.wait() != 0:
            raise RuntimeError(f"a check worker stopped with exit code {process.returncode}")
    finally:
        if process.returncode is None:
            process.kill()
            with trio.CancelScope(shield=True):
                await process.wait()


def worker_main() -> None:
    from linkaudit.check.client import build_client
    from linkaudit.check.engine import CheckEngine

    # Ctrl-C reaches the whole process group; the parent decides, and stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out = sys.stdout.buffer

    def send(item: object) -> None:
        out.write(_frame(item))
        out.flush()

    async def run() -> None:
        stdin = trio.lowlevel.FdStream(os.dup(sys.stdin.fileno()))
        incoming = _frames(stdin)
        settings, shard = await anext(incoming)
        async with build_client(settings) as client:
            engine = CheckEngine(settings, client, hand_off=True)
            async with engine.session(send):
                engine.queue_all(shard)
                async for handoff in incoming:
                    engine.resume(handoff)  # type: ignore[arg-type]
        send(_ShardSummary(engine.stats.responses, frozenset(engine.stats.network_down_hosts)))

    trio.run(run)


def count_hosts(targets: dict[str, str]) -> int:
    """How many sites the targets span: the most workers that can share them."""
    return len({site_of(target) for target in targets.values()})

