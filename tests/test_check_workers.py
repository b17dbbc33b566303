"""Large checks spread over worker processes give the same verdicts, host by host."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest

from loopback_only import REFUSAL

from linkaudit.cache import Cache
from linkaudit.check import check_urls_sync
from linkaudit.check.workers import PARALLEL_MIN_URLS, parallel_min_urls, plan_shards, site_of, worker_count
from linkaudit.errors import NetworkUnavailable
from linkaudit.models import CheckResult, LinkStatus
from linkaudit.options import CheckOptions
from linkaudit.testing.simweb import HostSpec, HostStats, SimulatedWeb, loopback_hosts

HOSTS = loopback_hosts(4, first="127.0.0.42")
PUBLISHER, *CITING_SITES = loopback_hosts(9, first="127.0.0.70")  # sites whose links all lead to one publisher
GUARDED = "http://guarded.example.com/a"
PER_HOST = 3


def settings(workers: int, **overrides: Any) -> CheckOptions:
    options: dict[str, Any] = {
        "allow_private": True,
        "timeout": 3.0,
        "retries": 1,
        "per_host": PER_HOST,
        "workers": workers,
        "backoff_base": 0.05,
    }
    options.update(overrides)
    return CheckOptions(**options)


def test_shards_keep_every_host_whole_and_balance_the_load() -> None:
    targets = {f"k{host}{n}": f"http://{host}/p{n}" for host, count in (("a", 6), ("b", 3), ("c", 3)) for n in range(count)}
    shards = plan_shards(targets, 2)
    hosts_per_shard = [{target.split("/")[2] for _, target in shard} for shard in shards]
    assert sorted(len(shard) for shard in shards) == [6, 6]
    assert hosts_per_shard[0].isdisjoint(hosts_per_shard[1])


def test_hosts_of_one_site_share_a_shard_so_www_redirects_meet_one_limit() -> None:
    hosts = ["nytimes.com", "www.nytimes.com", "cn.nytimes.com", "bbc.co.uk", "www.bbc.co.uk", "a.example", "b.example"]
    targets = {f"k{n}{host}": f"https://{host}/p{n}" for host in hosts for n in range(3)}
    shards = plan_shards(targets, 3)
    shard_of = {target.split("/")[2]: index for index, shard in enumerate(shards) for _, target in shard}
    assert shard_of["nytimes.com"] == shard_of["www.nytimes.com"] == shard_of["cn.nytimes.com"]
    assert shard_of["bbc.co.uk"] == shard_of["www.bbc.co.uk"]
    assert [site_of(f"https://{host}/") for host in ("www.bbc.co.uk", "x.y.example.org", "127.0.0.2")] == [
        "bbc.co.uk", "example.org", "127.0.0.2",
    ]


def test_small_runs_stay_in_one_process() -> None:
    assert worker_count(CheckOptions(), PARALLEL_MIN_URLS - 1, hosts=lambda: 40) == 1
    assert worker_count(CheckOptions(), PARALLEL_MIN_URLS, hosts=lambda: 1) == 1


def test_sites_are_counted_only_when_the_number_of_processes_depends_on_them() -> None:
    def counted() -> int:  # a pass over every URL, before the first request
        raise AssertionError("the sites were counted")

    assert worker_count(CheckOptions(workers=1), 50_000, hosts=counted) == 1
    assert worker_count(CheckOptions(), 5000, hosts=counted) == 1
    assert worker_count(CheckOptions(workers=2), 5000, hosts=lambda: 1) == 1


def test_workers_start_only_when_one_processs_parsing_would_outlast_the_urls_that_never_answer() -> None:
    # At the default 15 s timeout the floor is two timeouts: some 17,650 requests of parsing.
    default = CheckOptions()
    assert parallel_min_urls(default) == 17_648
    assert worker_count(default, 5000, hosts=lambda: 41) == 1
    assert worker_count(default, 50_000, hosts=lambda: 41) == min(os.cpu_count() or 1, 41)
    quick = CheckOptions(timeout=0.5)
    assert parallel_min_urls(quick) == PARALLEL_MIN_URLS


@dataclass(frozen=True)
class SpreadCheck:
    """One check spread over two worker processes, and its verdict URLs checked in one process."""

    verdict_urls: list[str]  # every kind of answer, on HOSTS, and a public name
    redirect_urls: list[str]  # from the CITING_SITES into the PUBLISHER
    spread: dict[str, CheckResult]
    single: dict[str, CheckResult]  # the verdict URLs checked in one process
    delivered: list[str]  # each result's URL as handed to on_result
    checks_cached: dict[str, int]  # per result's URL: the checks its cache history holds
    seen: dict[str, HostStats]  # what each host saw of the spread check


@pytest.fixture(scope="module")
def spread_check(tmp_path_factory: pytest.TempPathFactory) -> SpreadCheck:
    """The tests below assert their own facts on one check over two workers: each worker is an
    interpreter of its own, most of a second to start, so one run serves them all."""
    specs = {host: HostSpec(latency=0.01, max_concurrent=3) for host in HOSTS}
    specs |= {site: HostSpec(latency=0.005, max_concurrent=8) for site in CITING_SITES}
    specs[PUBLISHER] = HostSpec(latency=0.02, max_concurrent=PER_HOST)
    with SimulatedWeb(specs) as web:
        paths = ["/ok/a", "/status/404/b", "/challenge/c", "/redirect/301/d?to=/ok/e", "/to-home/f"]
        # A public name too: a worker is a Python process of its own, and resolves it as the tests
        # do (loopback only) through the sitecustomize conftest puts on its PYTHONPATH.
        verdict_urls = [web.url(host, path) for host in HOSTS for path in paths] + [GUARDED]
        landing = web.url(PUBLISHER, "/page/landed")
        redirect_urls = [
            web.url(site, f"/redirect/302/{site}-{n}?to={landing}/{site}-{n}") for site in CITING_SITES for n in range(5)
        ]
        urls = verdict_urls + redirect_urls
        delivered: list[str] = []
        with Cache.open(tmp_path_factory.mktemp("workers") / "cache.sqlite") as cache:
            spread = check_urls_sync(urls, settings(2), cache=cache, on_result=lambda r: delivered.append(r.url))
            checks_cached = {r.url: cache.history(r.url).checks for r in spread.values()}
        seen = web.stats.hosts()  # before the run in one process adds its own requests
        single = check_urls_sync(verdict_urls, settings(1))
    return SpreadCheck(verdict_urls, redirect_urls, spread, single, delivered, checks_cached, seen)


@pytest.mark.xdist_group("check-workers")  # one worker runs the check they share
def test_workers_give_the_same_verdicts_as_one_process_report_each_and_fill_the_cache(spread_check: SpreadCheck) -> None:
    spread, single = spread_check.spread, spread_check.single
    assert all(checks == 1 for checks in spread_check.checks_cached.values())
    assert sorted(spread_check.delivered) == sorted(r.url for r in spread.values())
    assert {u: spread[u].status for u in single} == {u: r.status for u, r in single.items()}
    assert {spread[url].status for url in spread_check.verdict_urls} == {
        LinkStatus.ALIVE, LinkStatus.DEAD, LinkStatus.BLOCKED, LinkStatus.REDIRECTED, LinkStatus.SOFT_404,
    }
    assert REFUSAL in (spread[GUARDED].error or "")
    for host in HOSTS:  # per-host politeness holds inside each worker: no 429 provoked
        assert spread_check.seen[host].sent_429 == 0


def test_no_network_across_workers_is_still_network_unavailable() -> None:
    urls = [f"https://site-{n}.invalid/page" for n in range(4)]
    # The reference host is an unserved loopback address: no worker asks a public name of the resolver.
    with pytest.raises(NetworkUnavailable):
        check_urls_sync(urls, settings(2, allow_private=False, reference_urls=("http://127.0.0.49:9/",)))


@pytest.mark.xdist_group("check-workers")  # one worker runs the check they share
def test_many_sites_redirecting_into_one_host_never_exceed_its_limit_across_workers(spread_check: SpreadCheck) -> None:
    """doi.org, shorteners and aggregators all lead to one publisher: whichever worker checks the
    citing site, the hop to the publisher is made by the one worker that owns the publisher."""
    stats = spread_check.seen[PUBLISHER]
    results = [spread_check.spread[url] for url in spread_check.redirect_urls]
    assert stats.over_limit == 0 and stats.max_in_flight <= PER_HOST
    assert stats.requests >= len(results)  # every hop really went there
    assert {result.status for result in results} == {LinkStatus.REDIRECTED}
    assert all(len(result.redirects) == 1 for result in results)
