"""Benchmark of the checking engine against the simulated web (a benchmark, not a test).

    python benchmarks/bench_check.py [--urls 5000] [--hosts 40] [--max-concurrency 320]

Builds a corpus of distinct URLs spread evenly over simulated hosts (127.0.0.2, 127.0.0.3, ...),
each with a fixed latency drawn from 20-300 ms and serving at most 8 requests at once (429
beyond), then checks it once and reports:

- wall time against the lower bound: for each host, the sum of its requests' latencies divided
  by the 8 it serves at once; the largest over hosts;
- requests per distinct URL (soft-404 probes included);
- the most concurrent requests any host saw, and the 429s our concurrency provoked;
- peak memory (ru_maxrss of the checking process).

The simulated web runs in a child process: its threads would otherwise compete with the checker
for this interpreter's GIL, and the figures would measure the server as much as the checker.

Targets: within 1.25x of the lower bound, no 429, at most 1.05 requests per URL, under 200 MB.
The global limit defaults to 320 = 40 hosts x 8: with fewer global slots than the hosts can take,
the global limit, not per-host politeness, bounds the run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import sys
import time
from collections import Counter
from multiprocessing.connection import Connection

import pytest

from linkaudit.check import check_urls_sync
from linkaudit.settings import Settings
from linkaudit.testing.simweb import HostSpec, SimulatedWeb, loopback_hosts

HOST_CONCURRENCY = 8


def build_corpus(port: int, hosts: list[str], total: int, rng: random.Random) -> list[str]:
    urls = [f"http://{hosts[n % len(hosts)]}:{port}/page/bench/{n}" for n in range(total)]
    rng.shuffle(urls)
    return urls


def serve_web(specs: dict[str, HostSpec], channel: Connection) -> None:
    """Child process: run the simulated web until told to stop, then send back its statistics."""
    with SimulatedWeb(specs) as web:
        channel.send(web.port)
        channel.recv()
        stats = web.stats.hosts()
        channel.send(
            {
                "total": web.stats.total_requests,
                "max_in_flight": max(host.max_in_flight for host in stats.values()),
                "sent_429": sum(host.sent_429 for host in stats.values()),
            }
        )


def _checker_cpu() -> float:
    """CPU seconds of this process and of its finished children: the check workers (the
    simulated web's process is still running, so it is not counted)."""
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def lower_bound(latencies: dict[str, float], per_host_requests: Counter[str]) -> float:
    return max(latencies[host] * count / HOST_CONCURRENCY for host, count in per_host_requests.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=5000)
    parser.add_argument("--hosts", type=int, default=40)
    parser.add_argument("--max-concurrency", type=int, default=320)
    parser.add_argument("--per-host", type=int, default=HOST_CONCURRENCY)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workers", type=int, default=None, help="check processes (default: one per core)")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    hosts = loopback_hosts(args.hosts)
    latencies = {host: rng.uniform(0.020, 0.300) for host in hosts}
    specs = {host: HostSpec(latency=latencies[host], max_concurrent=HOST_CONCURRENCY) for host in hosts}
    extra = {} if args.workers is None else {"check_workers": args.workers}
    settings = Settings(allow_private=True, max_concurrency=args.max_concurrency, per_host=args.per_host, extra=extra)

    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(target=serve_web, args=(specs, theirs), daemon=True)
    server.start()
    try:
        port = ours.recv()
        urls = build_corpus(port, hosts, args.urls, rng)
        started, cpu_started = time.perf_counter(), _checker_cpu()
        results = check_urls_sync(urls, settings)
        wall, cpu = time.perf_counter() - started, _checker_cpu() - cpu_started
        ours.send("stop")
        web_stats = ours.recv()
    finally:
        server.join(timeout=10)
        if server.is_alive():
            server.terminate()

    per_host_urls = Counter(url.split("//", 1)[1].split(":", 1)[0] for url in urls)
    bound = lower_bound(latencies, per_host_urls)
    verdicts = Counter(str(result.status) for result in results.values())
    total_requests, peak_in_flight, provoked_429 = web_stats["total"], web_stats["max_in_flight"], web_stats["sent_429"]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    lines = [
        f"distinct URLs            {len(urls)} over {len(hosts)} hosts "
        f"(latency 20-300 ms, {HOST_CONCURRENCY} at once per host)",
        f"settings                 max_concurrency={args.max_concurrency} per_host={args.per_host}",
        f"verdicts                 {dict(verdicts)}",
        f"wall time                {wall:.2f} s",
        f"checker CPU time         {cpu:.2f} s",
        f"lower bound              {bound:.2f} s",
        f"ratio                    {wall / bound:.3f}  (target <= 1.25)",
        f"requests per URL         {total_requests / len(urls):.4f}  (target <= 1.05)",
        f"most in flight at a host {peak_in_flight}",
        f"429s provoked            {provoked_429}  (target 0)",
        f"peak memory (maxrss)     {peak_mb:.0f} MB  (target < 200)",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


@pytest.mark.bench
def test_a_small_run_is_polite_and_asks_each_url_once() -> None:
    rng = random.Random(7)
    hosts = loopback_hosts(8, first="127.0.0.60")
    specs = {host: HostSpec(latency=rng.uniform(0.02, 0.06), max_concurrent=HOST_CONCURRENCY) for host in hosts}
    with SimulatedWeb(specs) as web:
        urls = build_corpus(web.port, hosts, 400, rng)
        results = check_urls_sync(urls, Settings(allow_private=True, use_cache=False))
        stats = web.stats.hosts()
        total = web.stats.total_requests
    assert {str(result.status) for result in results.values()} == {"alive"}
    assert sum(host.sent_429 for host in stats.values()) == 0
    assert max(host.max_in_flight for host in stats.values()) <= HOST_CONCURRENCY
    assert total / len(urls) <= 1.05
