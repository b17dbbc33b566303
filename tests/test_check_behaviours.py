"""One test per behaviour of the web: the checker's exact verdict and the evidence behind it.

Every URL points at the simulated web on loopback (see ``linkaudit.testing.simweb`` for the
path table). Timeouts, retries and backoff are small so the whole module runs in seconds.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest

from linkaudit.check import check_urls, check_urls_sync
from linkaudit.errors import NetworkUnavailable
from linkaudit.models import CheckResult, Hop, LinkStatus
from linkaudit.options import CheckOptions
from linkaudit.testing.simweb import HostSpec, SimulatedWeb, loopback_hosts

PLAIN, SOFT, TLS = loopback_hosts(3, first="127.0.0.22")
UNSERVED = "127.0.0.29"  # no simulated host listens there: connections are refused


@pytest.fixture(scope="module")
def running_web() -> Iterator[SimulatedWeb]:
    # One web for the module (its TLS host's certificates cost more than most tests here): every
    # stateful path below is used by one test only, and each test starts from zeroed counts.
    hosts = {
        PLAIN: HostSpec(),
        SOFT: HostSpec(soft404=True),
        TLS: HostSpec(tls=True),
    }
    with SimulatedWeb(hosts, hang_limit=30) as running:
        yield running


@pytest.fixture
def web(running_web: SimulatedWeb) -> SimulatedWeb:
    running_web.settle()
    return running_web


def fast_settings(**overrides: Any) -> CheckOptions:
    options: dict[str, Any] = {
        "allow_private": True,
        "timeout": 2.0,
        "url_deadline": 8.0,
        "retries": 1,
        "retry_after_cap": 5.0,
        "backoff_base": 0.001,  # the back-off's own timing is tested on trio's clock (test_check_mock.py)
    }
    options.update(overrides)
    return CheckOptions(**options)


def check(url: str, **overrides: Any) -> CheckResult:
    results = check_urls_sync([url], fast_settings(**overrides))
    assert list(results) == [url]
    return results[url]


def redirect_hops(result: CheckResult) -> list[Hop]:
    return [hop for hop in result.redirects if 300 <= hop.status < 400]


# --------------------------------------------------------------------------- alive


def test_ok_page_is_alive(web: SimulatedWeb) -> None:
    url = web.url(PLAIN, "/ok/report")
    result = check(url)
    assert result.status is LinkStatus.ALIVE
    assert (result.http_status, result.final_url, result.redirects) == (200, url, ())
    assert result.title is not None and "/ok/report" in result.title
    assert result.content_type is not None and result.content_type.startswith("text/html")


def test_slow_but_fine_page_is_alive(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/slow/0.05"), timeout=1.0)
    assert result.status is LinkStatus.ALIVE
    assert result.elapsed >= 0.05


@pytest.mark.parametrize("code", [404, 405])
def test_head_refused_but_get_works_is_alive(web: SimulatedWeb, code: int) -> None:
    result = check(web.url(PLAIN, f"/head-{code}"))
    assert (result.status, result.http_status) == (LinkStatus.ALIVE, 200)


# --------------------------------------------------------------------------- dead


@pytest.mark.parametrize("code", [404, 410])
def test_not_found_and_gone_are_dead(web: SimulatedWeb, code: int) -> None:
    result = check(web.url(PLAIN, f"/status/{code}"))
    assert (result.status, result.http_status) == (LinkStatus.DEAD, code)


def test_redirect_loop_is_dead(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/loop/a"))
    assert result.status is LinkStatus.DEAD
    assert [hop.status for hop in redirect_hops(result)][:2] == [302, 302]
    assert web.stats.total_requests <= 4  # a loop is seen, not run around until the cap


def test_redirect_to_a_missing_page_is_dead(web: SimulatedWeb) -> None:
    url = web.url(PLAIN, "/redirect/301")
    result = check_urls_sync([url + "?to=/status/404"], fast_settings())[url + "?to=/status/404"]
    assert (result.status, result.http_status) == (LinkStatus.DEAD, 404)
    assert result.final_url == web.url(PLAIN, "/status/404")


def test_refused_connection_is_dead(web: SimulatedWeb) -> None:
    result = check(f"http://{UNSERVED}:{web.port}/report")
    assert (result.status, result.error_kind, result.http_status) == (LinkStatus.DEAD, "refused", None)


def test_unresolvable_name_is_dead_when_our_network_works(web: SimulatedWeb) -> None:
    result = check("http://nonexistent.invalid/report", reference_urls=(web.url(PLAIN, "/ok/reference"),))
    assert (result.status, result.error_kind) == (LinkStatus.DEAD, "dns")


def test_unresolvable_name_is_not_judged_when_no_reference_host_answers() -> None:
    with pytest.raises(NetworkUnavailable, match="nonexistent.invalid"):
        check("http://nonexistent.invalid/report", reference_urls=(f"http://{UNSERVED}:9/",))


# --------------------------------------------------------------------------- redirected


@pytest.mark.parametrize(("code", "permanent"), [(301, True), (308, True), (302, False), (307, False)])
def test_single_redirect_is_redirected(web: SimulatedWeb, code: int, permanent: bool) -> None:
    url = web.url(PLAIN, f"/redirect/{code}")
    result = check(url)
    assert result.status is LinkStatus.REDIRECTED
    assert result.permanent_redirect is permanent
    assert (result.http_status, result.final_url) == (200, web.url(PLAIN, "/ok/landing"))
    assert redirect_hops(result) == [Hop(url, code)]


def test_redirect_chain_keeps_every_hop(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/chain/3"))
    assert result.status is LinkStatus.REDIRECTED
    assert result.permanent_redirect is True
    assert redirect_hops(result) == [Hop(web.url(PLAIN, f"/chain/{n}"), 301) for n in (3, 2, 1)]
    assert result.final_url == web.url(PLAIN, "/chain/0")


def test_redirect_to_another_host_is_redirected(web: SimulatedWeb) -> None:
    target = web.url(SOFT, "/ok/new-home-of-the-report")
    url = web.url(PLAIN, "/redirect/301") + "?to=" + target
    result = check(url)
    assert (result.status, result.final_url) == (LinkStatus.REDIRECTED, target)


def test_too_many_redirects_is_not_live(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/chain/15"), max_redirects=10)
    assert result.status in (LinkStatus.FAILING, LinkStatus.DEAD)
    assert len(redirect_hops(result)) <= 11


# --------------------------------------------------------------------------- soft-404


def test_deep_link_on_a_soft404_host_is_soft404(web: SimulatedWeb) -> None:
    result = check(web.url(SOFT, "/news/2019/03/the-story-that-was-removed"))
    assert (result.status, result.http_status) == (LinkStatus.SOFT_404, 200)


def test_real_page_on_a_soft404_host_is_alive(web: SimulatedWeb) -> None:
    result = check(web.url(SOFT, "/ok/a-real-article"))
    assert result.status is LinkStatus.ALIVE


def test_home_page_of_a_soft404_host_is_alive(web: SimulatedWeb) -> None:
    # The home page is the generic page, and it is also the page that was cited.
    result = check(web.url(SOFT, "/"))
    assert result.status is LinkStatus.ALIVE


def test_soft404_probe_is_sent_once_per_host(web: SimulatedWeb) -> None:
    urls = [web.url(SOFT, f"/archive/item-{n}") for n in range(5)]
    results = check_urls_sync(urls, fast_settings())
    assert {result.status for result in results.values()} == {LinkStatus.SOFT_404}
    assert web.stats.host(SOFT).requests == len(urls) + 1


def test_deep_link_redirected_to_the_site_root_is_soft404(web: SimulatedWeb) -> None:
    url = web.url(PLAIN, "/to-home/2019/annual-report")
    result = check(url)
    assert result.status is LinkStatus.SOFT_404
    assert result.final_url == web.url(PLAIN, "/")
    assert redirect_hops(result) == [Hop(url, 301)]


def test_deep_link_redirected_to_a_login_page_is_soft404(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/to-login/members/report"))
    assert result.status is LinkStatus.SOFT_404
    assert result.final_url is not None and "/login" in result.final_url


def test_page_titled_not_found_is_soft404(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/says-not-found/report"))
    assert (result.status, result.http_status, result.title) == (LinkStatus.SOFT_404, 200, "Page not found")


# --------------------------------------------------------------------------- retried, then alive


# Retry-After's waits (in seconds or as an HTTP date) are tested on trio's clock in test_check_mock.py.


def test_503_then_200_is_alive(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/flaky/503/1/report"))
    assert (result.status, result.http_status, result.attempts) == (LinkStatus.ALIVE, 200, 2)


# --------------------------------------------------------------------------- failing


def test_persistent_500_is_failing(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/status/500"), retries=2)
    assert (result.status, result.http_status) == (LinkStatus.FAILING, 500)


@pytest.mark.parametrize("code", [502, 503, 504])
def test_persistent_gateway_errors_are_failing_after_retries(web: SimulatedWeb, code: int) -> None:
    result = check(web.url(PLAIN, f"/status/{code}"), retries=2)
    assert (result.status, result.http_status, result.attempts) == (LinkStatus.FAILING, code, 3)
    assert web.stats.requests(PLAIN, f"/status/{code}") == 3


def test_hang_is_failing_by_timeout(web: SimulatedWeb) -> None:
    # The hang never answers: any timeout shows it, the shortest costs least.
    result = check(web.url(PLAIN, "/hang"), timeout=0.05, retries=1, url_deadline=5.0)
    assert (result.status, result.error_kind) == (LinkStatus.FAILING, "timeout")
    assert result.attempts == 2  # each attempt ended at its timeout, well before the deadline


def test_hang_ends_at_the_per_url_deadline_whatever_the_retries(web: SimulatedWeb) -> None:
    # Counted, not timed: the deadline's timing is tested on trio's clock in test_check_mock.py.
    # The deadline comes before the first attempt's timeout: that attempt is cut short and no
    # retry could start before the deadline, however many are allowed.
    result = check(web.url(PLAIN, "/hang/deadline"), timeout=5.0, retries=10, url_deadline=0.05)
    assert result.status is LinkStatus.FAILING
    # On a loaded machine the deadline may pass before the server has read the request: never two.
    assert result.attempts == 1 and web.stats.requests(PLAIN, "/hang/deadline") <= 1


def test_reset_connection_is_failing(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/reset"))
    assert (result.status, result.error_kind) == (LinkStatus.FAILING, "reset")


def test_self_signed_tls_is_failing(web: SimulatedWeb) -> None:
    result = check(web.url(TLS, "/ok/secure"))
    assert (result.status, result.error_kind) == (LinkStatus.FAILING, "tls")


# --------------------------------------------------------------------------- blocked


def test_bot_challenge_is_blocked(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/challenge"))
    assert (result.status, result.http_status) == (LinkStatus.BLOCKED, 403)


@pytest.mark.parametrize("code", [401, 403, 451, 999])
def test_refusals_are_blocked_never_dead(web: SimulatedWeb, code: int) -> None:
    result = check(web.url(PLAIN, f"/status/{code}"))
    assert (result.status, result.http_status) == (LinkStatus.BLOCKED, code)


def test_429_forever_is_blocked(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/status/429"), retries=2)
    assert (result.status, result.http_status) == (LinkStatus.BLOCKED, 429)
    assert result.attempts == 3


# --------------------------------------------------------------------------- hostile bodies


def test_200_mb_page_costs_a_bounded_prefix(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/huge"))
    assert (result.status, result.http_status) == (LinkStatus.ALIVE, 200)
    assert result.title == "A very long page"
    assert web.stats.wait_until_idle(PLAIN)  # the server has noticed the closed stream
    # 256 KB read plus what the socket buffers held when the checker let go.
    assert web.stats.host(PLAIN).bytes_sent < 16 * 1024 * 1024


def test_gzip_bomb_does_not_blow_memory(web: SimulatedWeb) -> None:
    url = web.url(PLAIN, "/gzip-bomb")
    tracemalloc.start()
    try:
        result = check(url)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status in (LinkStatus.ALIVE, LinkStatus.FAILING)
    assert peak < 64 * 1024 * 1024  # the body inflates to 1 GiB


def test_wrong_content_length_is_a_verdict_not_a_crash(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/short-body"))
    assert result.status in (LinkStatus.ALIVE, LinkStatus.FAILING)


# --------------------------------------------------------------------------- our own network


def test_three_unresolvable_hosts_and_no_answer_is_network_unavailable() -> None:
    urls = [f"http://site-{n}.invalid/report" for n in range(3)]
    with pytest.raises(NetworkUnavailable):
        check_urls_sync(urls, fast_settings())


def test_one_live_host_among_dead_names_is_not_network_unavailable(web: SimulatedWeb) -> None:
    dead_names = [f"http://site-{n}.invalid/report" for n in range(3)]
    live = web.url(PLAIN, "/ok/still-here")
    results = check_urls_sync([*dead_names, live], fast_settings())
    assert results[live].status is LinkStatus.ALIVE
    assert {results[url].status for url in dead_names} == {LinkStatus.DEAD}


# --------------------------------------------------------------------------- safety and politeness


def test_private_address_is_skipped_without_allow_private(web: SimulatedWeb) -> None:
    result = check(web.url(PLAIN, "/ok"), allow_private=False)
    assert result.status is LinkStatus.SKIPPED
    assert web.stats.total_requests == 0


def test_redirect_to_a_private_address_is_skipped_without_allow_private(web: SimulatedWeb) -> None:
    # The same vetting applies on every hop; here the first hop is private already, so
    # nothing at all may be sent.
    url = web.url(PLAIN, "/redirect/302") + "?to=" + web.url(SOFT, "/ok")
    result = check(url, allow_private=False)
    assert result.status is LinkStatus.SKIPPED
    assert web.stats.total_requests == 0


# Keeping within a host's limit, and backing off a host that throttles, are tested against a host
# with a limit on trio's clock (test_check_mock_hosts.py): there its latency and its Retry-After
# cost nothing.


def test_each_distinct_url_is_requested_once(web: SimulatedWeb) -> None:
    url = web.url(PLAIN, "/ok/cited-twice")
    same = [url, url + "#section-2", url.replace("/ok/", "/ok/./")]
    results = check_urls_sync(same, fast_settings())
    assert set(results) == set(same)
    assert {result.status for result in results.values()} == {LinkStatus.ALIVE}
    assert web.stats.requests(PLAIN, "/ok/cited-twice") == 1


@pytest.mark.anyio
async def test_async_entry_point_reports_each_result(web: SimulatedWeb) -> None:
    urls = [web.url(PLAIN, "/ok/a"), web.url(PLAIN, "/status/410")]
    seen: list[CheckResult] = []
    results = await check_urls(urls, fast_settings(), on_result=seen.append)
    assert [results[url].status for url in urls] == [LinkStatus.ALIVE, LinkStatus.DEAD]
    assert sorted(result.url for result in seen) == sorted(urls)
