"""Engine logic on httpx.MockTransport under trio's MockClock: no sockets, no waiting.

Each handler plays a web server; the clock jumps whenever every task waits, so a 30-second
Retry-After or a per-URL deadline costs no wall-clock time, and the order of events is exact.
"""

from __future__ import annotations

import dataclasses
import email.utils
import http.cookiejar
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest
import trio
import trio.testing
from hypothesis import given, settings
from hypothesis import strategies as st
from cost import cpu_seconds

from linkaudit.check import check_urls
from linkaudit.check.classify import extract_title, visible_text
from linkaudit.check.htmltext import element_text, strip_tags, without_elements
from linkaudit.check.softfour import is_script_shell
from linkaudit.models import CheckResult, LinkStatus
from linkaudit.pipeline import Audit
from linkaudit.settings import Settings
from linkaudit.urlkey import url_key, url_problem

SETTINGS = Settings(allow_private=True, use_cache=False, timeout=5.0, url_deadline=60.0, reference_urls=())
PAGE = b"<html><head><title>A real page</title></head><body>Real content.</body></html>"
HTML = {"content-type": "text/html; charset=utf-8"}
PROBE_PREFIX = "/linkaudit-probe-"

Handler = Callable[[httpx.Request], httpx.Response]


def run_checks(urls: list[str], handler: Handler, **changes: object) -> tuple[dict[str, CheckResult], float]:
    """Check ``urls`` against ``handler``; returns the results and the simulated seconds it took."""
    settings = dataclasses.replace(SETTINGS.check, **changes)  # type: ignore[arg-type]
    clock = trio.testing.MockClock(autojump_threshold=0)

    def serve(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith(PROBE_PREFIX):
            return answer(404, b"<title>Not found</title>", HTML)  # an honest host: no soft 404s
        return handler(request)

    async def main() -> tuple[dict[str, CheckResult], float]:
        started = trio.current_time()
        results = await check_urls(urls, settings, transport=httpx.MockTransport(serve))
        return results, trio.current_time() - started

    return trio.run(main, clock=clock)


class _Streamed(httpx.AsyncByteStream):
    """A body sent in parts, as a server streams it (httpx reads a ``content=`` body at once)."""

    def __init__(self, *parts: bytes) -> None:
        self.parts = parts

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for part in self.parts:
            await trio.lowlevel.checkpoint()
            yield part


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None, parts: int = 2) -> httpx.Response:
    size = max(1, -(-len(body) // parts))
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return httpx.Response(status, headers=headers or {}, stream=_Streamed(*pieces))


# --- Retry-After and deadlines on the simulated clock -----------------------------------------


def test_a_thirty_second_retry_after_is_waited_out_on_the_clock_not_the_wall() -> None:
    asked: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(trio.current_time())
        if len(asked) == 1:
            return answer(429, headers={"retry-after": "30"})
        return answer(200, PAGE, HTML)

    results, simulated = run_checks(["https://news.example/story"], handler, retries=2)

    result = results["https://news.example/story"]
    assert (result.status, result.http_status, result.attempts) == (LinkStatus.ALIVE, 200, 2)
    assert asked[1] - asked[0] >= 30
    assert simulated >= 30  # on trio's mock clock, which jumps: no test waits it out


def test_a_retry_after_given_as_an_http_date_is_waited_out_until_that_date() -> None:
    asked: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(trio.current_time())
        if len(asked) == 1:
            # The date is read against the wall clock, the wait is slept on trio's.
            return answer(429, headers={"retry-after": email.utils.formatdate(time.time() + 40, usegmt=True)})
        return answer(200, PAGE, HTML)

    results, _ = run_checks(["https://news.example/dated"], handler, retries=2, retry_after_cap=120.0)

    result = results["https://news.example/dated"]
    assert (result.status, result.http_status, result.attempts) == (LinkStatus.ALIVE, 200, 2)
    assert asked[1] - asked[0] >= 38  # an HTTP date has whole seconds: 40 s from now is at least 39 s away


def test_a_retry_after_longer_than_the_deadline_gives_the_answer_at_hand() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return answer(503, headers={"retry-after": "600"})

    results, simulated = run_checks(["https://busy.example/a"], handler, url_deadline=60.0)

    result = results["https://busy.example/a"]
    assert result.http_status == 503 and result.attempts == 1
    assert simulated < 60


def test_each_retry_waits_a_back_off_doubled_from_the_last_and_jittered_by_half() -> None:
    asked: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(trio.current_time())
        return answer(503)

    results, _ = run_checks(["https://down.example/a"], handler, retries=3, backoff_base=1.0)

    assert results["https://down.example/a"].attempts == 4
    pauses = [later - earlier for earlier, later in zip(asked, asked[1:])]
    for retry, pause in enumerate(pauses):
        assert 0.5 * 2**retry <= pause <= 1.5 * 2**retry, pauses


# --- slow hosts and fast ones ---------------------------------------------------------------------


def test_a_slow_host_does_not_hold_up_a_fast_one() -> None:
    finished: dict[str, float] = {}
    asked: list[float] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        asked.append(trio.current_time())
        await trio.sleep(0.25 if request.url.host == "slow.example" else 0.01)
        finished[request.url.path] = trio.current_time()
        return answer(200, PAGE, HTML)

    urls = [f"https://slow.example/s{i}" for i in range(8)] + [f"https://fast.example/f{i}" for i in range(8)]
    run_checks(urls, handler, per_host=2, max_concurrency=4)  # type: ignore[arg-type]

    start = min(asked)
    slow_done = max(t for path, t in finished.items() if path.startswith("/s")) - start
    fast_done = max(t for path, t in finished.items() if path.startswith("/f")) - start
    # Eight slow pages two at a time take a second; had the slow host's queued tasks held global
    # slots, the fast host would have waited for most of it.
    assert slow_done >= 1.0
    assert fast_done < 0.25


def test_waiting_for_a_busy_hosts_turn_does_not_count_against_the_deadline() -> None:
    asked: dict[str, int] = {}

    async def handler(request: httpx.Request) -> httpx.Response:
        asked[request.url.path] = asked.get(request.url.path, 0) + 1
        await trio.sleep(1.0)
        if request.url.path == "/flaky" and asked["/flaky"] == 1:
            return answer(503)
        return answer(200, PAGE, HTML)

    urls = ["https://busy.example/flaky"] + [f"https://busy.example/page/{n}" for n in range(30)]
    results, simulated = run_checks(urls, handler, per_host=1, url_deadline=10.0)  # type: ignore[arg-type]

    # The retry joined the back of a 30-second queue; its own time was two seconds and a pause.
    assert simulated > 30
    assert results["https://busy.example/flaky"].status is LinkStatus.ALIVE
    assert results["https://busy.example/flaky"].attempts == 2


def test_a_retry_other_than_a_timeouts_waits_behind_urls_not_yet_asked() -> None:
    asked: list[tuple[str, float]] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        asked.append((request.url.path, trio.current_time()))
        await trio.sleep(1.0)
        if request.url.path == "/error":
            return answer(502)
        return answer(200, PAGE, HTML)

    urls = ["https://busy.example/error"] + [f"https://busy.example/page/{n}" for n in range(5)]
    results, _ = run_checks(urls, handler, per_host=1, retries=1)  # type: ignore[arg-type]

    # Any URL not yet asked may be one that never answers, the run's floor: it is asked first.
    assert [path for path, _ in asked] == ["/error"] + [f"/page/{n}" for n in range(5)] + ["/error"]
    assert results["https://busy.example/error"].http_status == 502
    assert results["https://busy.example/error"].attempts == 2


# --- URLs that never answer --------------------------------------------------------------------


def never_answers(log: list[tuple[str, float, float]], timeout: float) -> Callable[[httpx.Request], object]:
    """A host that answers /hang/* never: each request ends in the client's read timeout."""

    async def handler(request: httpx.Request) -> httpx.Response:
        started = trio.current_time()
        if request.url.path.startswith("/hang"):
            await trio.sleep(timeout)
            log.append((request.url.path, started, trio.current_time()))
            raise httpx.ReadTimeout("timed out", request=request)
        await trio.sleep(0.2)
        log.append((request.url.path, started, trio.current_time()))
        return answer(200, PAGE, HTML)

    return handler


def test_a_url_that_never_answers_is_asked_twice_back_to_back() -> None:
    log: list[tuple[str, float, float]] = []
    results, simulated = run_checks(["https://slow.example/hang/1"], never_answers(log, 15.0),  # type: ignore[arg-type]
                                    timeout=15.0, retries=2, backoff_base=0.5)

    result = results["https://slow.example/hang/1"]
    assert result.status is LinkStatus.FAILING and result.error_kind == "timeout"
    assert [path for path, _, _ in log] == ["/hang/1", "/hang/1"]  # --retries 2, but a timeout is retried once
    (_, _, first_end), (_, second_start, _) = log
    assert second_start == first_end  # a timeout is its own pause: no back-off after it
    assert simulated == 2 * 15.0  # the floor of a URL that never answers, and nothing more


def test_urls_that_never_answer_are_retried_side_by_side_while_their_host_is_served() -> None:
    log: list[tuple[str, float, float]] = []
    urls = [f"https://slow.example/page/{n}" for n in range(100)]
    urls[10:70:10] = [f"https://slow.example/hang/{n}" for n in range(6)]  # six of eight slots, met on the way
    results, simulated = run_checks(urls, never_answers(log, 15.0), timeout=15.0, per_host=8)  # type: ignore[arg-type]

    attempts: dict[str, list[tuple[float, float]]] = {}
    for path, start, end in log:
        attempts.setdefault(path, []).append((start, end))
    hangs = {path: spans for path, spans in attempts.items() if path.startswith("/hang/")}
    assert all(len(spans) == 2 for spans in hangs.values())
    # Each retry starts once its back-off is over and the first attempt's slot is given back (the
    # server may still count an abandoned request for ABANDONED_LINGER = 1 s), not after the queue.
    assert all(second[0] - first[1] <= 1.0 for first, second in hangs.values())
    last_first_start = max(first[0] for first, _ in hangs.values())
    assert simulated <= last_first_start + 2 * 15.0 + 1.0
    # Meanwhile the host's other two slots kept serving its pages, all of them before the retries ended.
    pages_done = max(end for path, spans in attempts.items() if path.startswith("/page/") for _, end in spans)
    assert pages_done < min(second[1] for _, second in hangs.values())
    assert all(results[url].status is LinkStatus.ALIVE for url in urls if "/page/" in url)


def test_a_timed_out_urls_retry_goes_ahead_of_urls_not_yet_asked() -> None:
    log: list[tuple[str, float, float]] = []
    urls = ["https://slow.example/hang/1"] + [f"https://slow.example/page/{n}" for n in range(5)]
    results, simulated = run_checks(urls, never_answers(log, 15.0), timeout=15.0, per_host=1)  # type: ignore[arg-type]

    # With one slot the host's time is the same in any order (two timeouts, each abandoned request's
    # slot kept a second more, five pages); the URL that never answers, the floor, is done first.
    retry_started = [start for path, start, _ in log if path == "/hang/1"][1]
    first_ended = [end for path, _, end in log if path == "/hang/1"][0]
    pages_started = [start for path, start, _ in log if path.startswith("/page/")]
    assert retry_started >= first_ended + 1.0
    assert retry_started < min(pages_started)
    assert simulated <= 2 * (15.0 + 1.0) + 5 * 0.2 + 0.01
    assert all(results[url].status is LinkStatus.ALIVE for url in urls[1:])


def test_a_retry_that_could_not_start_before_the_deadline_is_not_started() -> None:
    log: list[tuple[str, float, float]] = []
    results, _ = run_checks(["https://slow.example/hang/1"], never_answers(log, 5.0),  # type: ignore[arg-type]
                            timeout=5.0, url_deadline=6.0)

    assert len(log) == 1
    assert results["https://slow.example/hang/1"].error_kind == "timeout"


def test_a_pages_visible_text_is_read_once_for_all_its_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    from linkaudit.check import htmltext

    read: list[str] = []
    real = htmltext.without_elements  # the first step of every reading of the visible text
    monkeypatch.setattr(htmltext, "without_elements", lambda page, *names: read.append(page) or real(page, *names))

    def handler(request: httpx.Request) -> httpx.Response:
        return answer(200, PAGE, HTML)

    results, _ = run_checks(["https://news.example/2024/story"], handler)

    assert results["https://news.example/2024/story"].status is LinkStatus.ALIVE
    assert read.count(PAGE.decode()) == 1  # bot challenge, error page and probe comparison share it


def test_only_answers_that_set_a_cookie_are_read_for_cookies(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    real = http.cookiejar.CookieJar.extract_cookies
    monkeypatch.setattr(http.cookiejar.CookieJar, "extract_cookies",
                        lambda jar, response, request: read.append(request.get_full_url()) or real(jar, response, request))
    cookie = {**HTML, "set-cookie": "consent=yes; Path=/"}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/consent":
            return answer(302, headers={"location": "/gated", **cookie})
        if request.url.path == "/gated" and "consent=yes" not in request.headers.get("cookie", ""):
            return answer(302, headers={"location": "/consent"})
        return answer(200, PAGE, HTML)

    urls = ["https://news.example/gated"] + [f"https://news.example/page/{n}" for n in range(5)]
    results, _ = run_checks(urls, handler)

    assert all(result.status.is_live for result in results.values())
    assert read == ["https://news.example/consent"]  # its cookie was kept, and sent on to /gated


def test_every_request_carries_the_client_headers_the_scoped_extras_and_a_user_names_credentials() -> None:
    sent: dict[str, httpx.Headers] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        sent[request.url.path] = request.headers
        return answer(200, PAGE, HTML)

    urls = ["https://news.example/plain", "https://reader:secret@news.example/private", "https://other.example/plain2"]
    results, _ = run_checks(urls, handler, headers=(("news.example=X-Key", "k1"),))

    assert all(result.status.is_live for result in results.values())
    for path in ("/plain", "/private", "/plain2"):
        assert sent[path]["user-agent"] == SETTINGS.check.user_agent and sent[path]["accept-encoding"] == "gzip, deflate"
    assert sent["/plain"]["x-key"] == sent["/private"]["x-key"] == "k1" and "x-key" not in sent["/plain2"]
    assert sent["/private"]["authorization"] == httpx.BasicAuth("reader", "secret")._auth_header
    assert "authorization" not in sent["/plain"]


# --- one key per source ----------------------------------------------------------------------


def test_three_spellings_of_one_url_are_one_source_and_one_request(tmp_path: Path) -> None:
    piece = tmp_path / "piece.md"
    piece.write_text(
        "One [a](https://Example.org/a). Two [b](https://example.org/a). Three [c](https://example.org/./a#x).\n",
        encoding="utf-8",
    )
    run = Audit(SETTINGS)
    run.load([str(piece)])
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return answer(200, PAGE, HTML)

    assert run.urls_to_check() == ["https://example.org/a"]  # the progress total: 1 source, not 3
    results, _ = run_checks(run.urls_to_check(), handler)
    for result in results.values():
        run.record_result(result)
    assert requested == ["https://example.org/a"]
    links = run.report().documents[0].links
    assert [link.check.status if link.check else None for link in links] == [LinkStatus.ALIVE] * 3


def test_the_key_is_one_function_for_checker_and_cache() -> None:
    from linkaudit.cache import store as cache
    from linkaudit.check import urls

    assert urls.normalise_url is url_key
    assert cache.url_key is url_key
    assert url_key("https://example.org/a/../b") == "https://example.org/b"


# --- invalid URLs and redirect targets ---------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("http://127.0.0.1:99999/x", "port 99999 is out of range"),
        ("http://example.org:65536/x", "port 65536 is out of range"),
        ("http://ⅰ27.0.0.1/", "Unicode digits"),
        ("http://١٢٧.0.0.1/page", "Unicode digits"),
        ("http://127.0.0.1.5/", "ends in a number but is not an IPv4 address"),
    ],
)
def test_an_invalid_url_is_a_non_citation_with_its_reason(tmp_path: Path, written: str, why: str) -> None:
    piece = tmp_path / "piece.html"
    piece.write_text(
        f'<p>A claim <a href="{written}">source</a>. Another <a href="https://example.org/ok">fine</a>.</p>\n',
        encoding="utf-8",
    )
    run = Audit(SETTINGS)
    run.load([str(piece)])

    [extraction] = run.extractions
    assert [c.url for c in extraction.citations] == ["https://example.org/ok"]
    [dropped] = [n for n in extraction.non_citations if n.written == written]
    assert why in dropped.reason and dropped.reason.startswith("not a valid URL")
    assert url_problem("https://example.org:8443/fine") is None


def test_an_invalid_url_given_to_the_checker_is_skipped_with_its_reason_not_requested() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"requested {request.url}")

    results, _ = run_checks(["http://127.0.0.1:99999/x", "http://ⅰ27.0.0.1/"], handler)
    for result in results.values():
        assert result.status is LinkStatus.SKIPPED and result.error_kind == "invalid"
        assert result.reason.startswith("not a valid URL")


@pytest.mark.parametrize("location", ["http://elsewhere.example:65617/landing", "http://elsewhere.example:0/x"])
def test_a_redirect_to_an_invalid_port_is_dead_with_its_reason(location: str) -> None:
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return answer(301, headers={"location": location})

    results, _ = run_checks(["https://news.example/moved"], handler)

    result = results["https://news.example/moved"]
    assert result.status is LinkStatus.DEAD
    assert "invalid redirect target" in result.reason and "out of range" in result.reason
    assert requested == ["https://news.example/moved"]  # port 65617 - 65536 = 81 was never tried


# --- hostile page bodies ---------------------------------------------------------------------

HOSTILE_BODIES = {
    "lt": b"<" * (256 * 1024),
    "title": b"<title>" * (256 * 1024 // 7),
    "h1": b"<h1>" * (64 * 1024),
    "script": b"<script>" * (32 * 1024),
    "tag-without-end": b"<a href=" + b"x" * (256 * 1024),
}


def test_hostile_bodies_and_a_healthy_page_each_get_their_own_verdict() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        name = request.url.path.strip("/")
        body = HOSTILE_BODIES.get(name, PAGE)
        return answer(200, body, HTML, parts=16)

    urls = [f"https://hostile.example/{name}" for name in HOSTILE_BODIES] + ["https://healthy.example/page"]
    results, _ = run_checks(urls, handler, max_body_bytes=256 * 1024)

    assert results["https://healthy.example/page"].status is LinkStatus.ALIVE
    assert results["https://healthy.example/page"].title == "A real page"
    for name in HOSTILE_BODIES:
        assert results[f"https://hostile.example/{name}"].status is LinkStatus.ALIVE


@pytest.mark.parametrize("name", ["lt", "title", "h1", "script"])
def test_reading_a_hostile_page_grows_linearly_with_its_size(name: str) -> None:
    """8x the body costs about 8x the CPU, never 64x: the parse is linear, whatever the page."""
    unit = HOSTILE_BODIES[name][: len(HOSTILE_BODIES[name]) // 8].decode()
    small, large = unit, unit * 8

    def read(page: str) -> Callable[[], object]:
        return lambda: (extract_title(page), visible_text(page), is_script_shell(page))

    ratio = cpu_seconds(read(large)) / cpu_seconds(read(small))
    assert ratio < 24, f"{name}: 8x the body cost {ratio:.1f}x the CPU"


def _tags_stripped_one_by_one(fragment: str) -> str:
    """strip_tags' meaning, tag by tag: from each "<" not followed by ">", to the next ">"."""
    pieces: list[str] = []
    cursor = search = 0
    while (opening := fragment.find("<", search)) != -1:
        if fragment.startswith(">", opening + 1):
            search = opening + 1
            continue
        closing = fragment.find(">", opening + 1)
        if closing == -1:
            break
        pieces += [fragment[cursor:opening], " "]
        cursor = search = closing + 1
    return "".join(pieces) + fragment[cursor:]


@settings(max_examples=100)
@given(st.lists(st.sampled_from(["<", ">", "<>", "a", " ", "<b>", "</p", "\n", "&amp;"]), max_size=30).map("".join))
def test_stripping_tags_replaces_each_tag_read_one_by_one_with_a_space(fragment: str) -> None:
    assert strip_tags(fragment) == _tags_stripped_one_by_one(fragment)


def test_the_linear_readers_read_ordinary_html_as_before() -> None:
    page = (
        "<HTML><head><TITLE lang=en>Tom &amp; Jerry</title><style>p{}</style></head>"
        "<body><script>var a = '<b>';</script><h1 class=x>Not <i>found</i></H1><p>Hello<br/>world</p>"
        "<noscript>turn it on</noscript><titles>no</titles></body></HTML>"
    )
    assert extract_title(page) == "Tom & Jerry"
    assert element_text(page, "h1") == "Not <i>found</i>"
    assert visible_text(page) == "Tom & Jerry Not found Hello world no"
    assert strip_tags("a <> b < c") == "a <> b < c"
    assert without_elements("x<script>unclosed") == "x<script>unclosed"
    assert element_text("<title>open only", "title") is None


# --- a host that said "slow down" ------------------------------------------------------------------


def test_a_host_whose_reduced_slots_are_held_by_urls_that_never_answer_regains_slots_with_time() -> None:
    log: list[tuple[str, float, float]] = []
    hangs = never_answers(log, 15.0)

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/flaky/"):
            first = not any(path == request.url.path for path, _, _ in log)
            log.append((request.url.path, trio.current_time(), trio.current_time()))
            return answer(503) if first else answer(200, PAGE, HTML)
        return await hangs(request)  # type: ignore[misc]

    # Two URLs that never answer, met first; then pages, three of which fail once with 503, each
    # asked after the host's limit was halved for the one before (8, 4, 2, 1).
    urls = ["https://host.example/hang/1", "https://host.example/hang/2"]
    urls += [f"https://host.example/page/{n}" for n in range(60)]
    urls[4:40:12] = [f"https://host.example/flaky/{n}" for n in range(3)]
    results, _ = run_checks(urls, handler, timeout=15.0, per_host=8)  # type: ignore[arg-type]

    assert all(results[url].status is LinkStatus.ALIVE for url in urls if "/hang/" not in url)
    # Once the host answered again, it had more slots than the two held by the URLs that never
    # answer: its pages did not wait for those to time out (at 15 s, and again after their retry).
    pages_done = max(end for path, _, end in log if path.startswith("/page/"))
    first_timeout = min(end for path, _, end in log if path.startswith("/hang/"))
    assert pages_done < first_timeout


def counting_in_flight(
    latency: float, reply: Callable[[httpx.Request, int], httpx.Response]
) -> tuple[Callable[[httpx.Request], Awaitable[httpx.Response]], list[tuple[float, int]]]:
    """A host that answers ``reply(request, requests seen)`` after ``latency``, and the list of
    (when asked, requests then in flight there) it keeps."""
    asked: list[tuple[float, int]] = []
    in_flight = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight
        in_flight += 1
        asked.append((trio.current_time(), in_flight))
        await trio.sleep(latency)
        in_flight -= 1
        return reply(request, len(asked))

    return handler, asked


def test_a_host_that_keeps_answering_503_is_asked_one_request_at_a_time() -> None:
    handler, asked = counting_in_flight(0.3, lambda request, seen: answer(503))
    urls = [f"https://down.example/page/{n}" for n in range(40)]
    results, _ = run_checks(urls, handler, per_host=8, retries=0)  # type: ignore[arg-type]

    assert all(results[url].http_status == 503 for url in urls)
    first_answer = min(t for t, _ in asked) + 0.3
    # Each answer halves the limit anew (it was asked after the last halving), faster than time
    # gives a slot back: after the first answers, the host sees one request at a time.
    assert max(n for t, n in asked if t > first_answer + 1.0) == 1


def test_throttling_answers_to_requests_sent_together_halve_the_limit_once() -> None:
    def reply(request: httpx.Request, seen: int) -> httpx.Response:
        return answer(503) if request.url.path.startswith("/flaky/") and seen <= 8 else answer(200, PAGE, HTML)

    handler, asked = counting_in_flight(0.5, reply)
    # Eight pages asked at once each fail once: the host said "slow down" once, eight times over.
    urls = [f"https://busy.example/flaky/{n}" for n in range(8)] + [f"https://busy.example/page/{n}" for n in range(40)]
    results, _ = run_checks(urls, handler, per_host=8)  # type: ignore[arg-type]

    assert all(result.status is LinkStatus.ALIVE for result in results.values())
    heard = min(t for t, _ in asked) + 0.5
    # Until the first pages answer, the host is asked four at a time: halved once, from 8.
    assert max(n for t, n in asked if heard <= t < heard + 0.5) == 4
