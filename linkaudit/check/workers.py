"""Large checks spread over worker processes, host by host.

Parsing HTTP in Python costs about 2 ms of CPU per request, so one process tops out near 500
requests a second however fast the hosts answer. A large run therefore splits its *hosts* (never
one host's URLs, so per-host politeness and the soft-404 probe stay whole) over one worker process
per core. Hosts of one site (``nytimes.com`` and ``www.nytimes.com``) go to the same worker, since
the commonest redirect leads from one to the other and the hop must meet the same per-host limit.
Each worker runs the ordinary engine with no cache and streams its results back; the
parent keeps the cache, the progress callbacks and the network-down rule.

Protocol on the worker's pipes: stdin carries one pickle ``(keys_and_targets, settings)``;
stdout carries length-prefixed pickles: one ``CheckResult`` per URL, then a final
``_ShardSummary``. Both ends are this package, run by this package, so pickle is safe here.
"""

from __future__ import annotations

import ipaddress
import os
import pickle
import signal
import struct
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import trio

from linkaudit.models import CheckResult
from linkaudit.settings import Settings

__all__ = ["PARALLEL_MIN_URLS", "count_hosts", "plan_shards", "run_shards", "site_of", "worker_count"]

PARALLEL_MIN_URLS = 1000  # below this, starting processes costs more than it saves
_FRAME = struct.Struct("!I")


@dataclass(frozen=True, slots=True)
class _ShardSummary:
    responses: int
    network_down_hosts: frozenset[str]


def worker_count(settings: Settings, urls: int, hosts: int) -> int:
    wanted = settings.extra.get("check_workers")
    if isinstance(wanted, int):
        return max(1, min(wanted, hosts))
    if urls < PARALLEL_MIN_URLS:
        return 1
    return max(1, min(os.cpu_count() or 1, hosts))


def site_of(target: str) -> str:
    """The site a URL belongs to: its host's last two labels (three under a two-letter country
    code with a short second level, as in ``bbc.co.uk``); an IP address is its own site."""
    try:
        host = (urlsplit(target).hostname or "").rstrip(".")
    except ValueError:
        return ""  # not a URL at all: the check itself says so
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


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
    settings: Settings,
    deliver: Callable[[CheckResult], None],
) -> tuple[int, set[str]]:
    """Run every shard in its own process; returns (responses seen, hosts our network could not reach)."""
    share = max(1, settings.max_concurrency // len(shards))
    shard_settings = replace(settings, max_concurrency=share, use_cache=False)
    responses = 0
    down: set[str] = set()

    async def run_one(shard: list[tuple[str, str]]) -> None:
        nonlocal responses
        async for item in _run_worker(shard, shard_settings):
            if isinstance(item, _ShardSummary):
                responses += item.responses
                down.update(item.network_down_hosts)
            else:
                deliver(item)

    async with trio.open_nursery() as nursery:
        for shard in shards:
            nursery.start_soon(run_one, shard)
    return responses, down


async def _run_worker(shard: list[tuple[str, str]], settings: Settings) -> AsyncIterator[CheckResult | _ShardSummary]:
    # Not ``-m``: records pickled by a __main__ module would name the wrong module.
    command = [sys.executable, "-c", "from linkaudit.check.workers import worker_main; worker_main()"]
    process = await trio.lowlevel.open_process(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert process.stdin is not None and process.stdout is not None
        await process.stdin.send_all(pickle.dumps((shard, settings)))
        await process.stdin.aclose()
        buffer = bytearray()
        while chunk := await process.stdout.receive_some(1 << 16):
            buffer += chunk
            while len(buffer) >= _FRAME.size:
                (size,) = _FRAME.unpack_from(buffer)
                if len(buffer) < _FRAME.size + size:
                    break
                yield pickle.loads(bytes(buffer[_FRAME.size : _FRAME.size + size]))
                del buffer[: _FRAME.size + size]
        if await process.wait() != 0:
            raise RuntimeError(f"a check worker stopped with exit code {process.returncode}")
    finally:
        if process.returncode is None:
            process.kill()
            with trio.CancelScope(shield=True):
                await process.wait()


def worker_main() -> None:
    from linkaudit.check.client import CheckEngine, build_client

    # Ctrl-C reaches the whole process group; the parent decides, and stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    shard, settings = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer

    def send(item: object) -> None:
        data = pickle.dumps(item)
        out.write(_FRAME.pack(len(data)) + data)
        out.flush()

    async def run() -> None:
        async with build_client(settings) as client:
            engine = CheckEngine(settings, client)
            await engine.check_all(shard, send)
        send(_ShardSummary(engine.stats.responses, frozenset(engine.stats.network_down_hosts)))

    trio.run(run)


def count_hosts(targets: dict[str, str]) -> int:
    """How many sites the targets span: the most workers that can share them."""
    return len({site_of(target) for target in targets.values()})

