"""Answers are judged when the process is idle: requests go first (engine logic on httpx's
MockTransport under trio's MockClock).

One process's CPU is what a large run waits on before the last URL that never answers is first
asked, and that URL sets the run's end two timeouts later. So the next request goes out before
the last answer is judged, and the verdict follows as soon as nothing else is ready to run.
"""

from __future__ import annotations

import dataclasses

import httpx
import trio
import trio.testing
from test_check_mock import HTML, PAGE, PROBE_PREFIX, SETTINGS, answer

from linkaudit.check import check_urls, engine
from linkaudit.models import CheckResult, LinkStatus


def run_logged(urls: list[str], **changes: object) -> tuple[list[tuple[str, str]], dict[str, CheckResult]]:
    """Check ``urls`` on one host of one slot; the log says when each was asked and delivered."""
    settings = dataclasses.replace(SETTINGS.check, per_host=1, **changes)  # type: ignore[arg-type]
    log: list[tuple[str, str]] = []

    async def serve(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith(PROBE_PREFIX):
            return answer(404, b"<title>Not found</title>", HTML)
        log.append(("asked", request.url.path))
        await trio.sleep(0.1)
        return answer(200, PAGE, HTML)

    def delivered(result: CheckResult) -> None:
        log.append(("delivered", result.url.rsplit("/", 2)[-2] + "/" + result.url.rsplit("/", 1)[-1]))

    async def main() -> dict[str, CheckResult]:
        return await check_urls(urls, settings, transport=httpx.MockTransport(serve), on_result=delivered)

    return log, trio.run(main, clock=trio.testing.MockClock(autojump_threshold=0))


URLS = [f"https://news.example/page/{n}" for n in range(3)]


def test_the_next_request_goes_out_before_the_last_answer_is_judged() -> None:
    log, results = run_logged(URLS)

    assert log == [
        ("asked", "/page/0"),
        ("asked", "/page/1"),  # the host's slot is free: its next URL is asked first
        ("delivered", "page/0"),
        ("asked", "/page/2"),
        ("delivered", "page/1"),
        ("delivered", "page/2"),
    ]
    assert all(result.status is LinkStatus.ALIVE for result in results.values())


def test_a_verdict_judged_later_does_not_count_its_wait_as_the_urls_time() -> None:
    _, results = run_logged(URLS)

    assert all(abs(result.elapsed - 0.1) < 1e-6 for result in results.values())  # its request, nothing more


def test_answers_beyond_the_room_held_back_are_judged_at_once(monkeypatch: object) -> None:
    monkeypatch.setattr(engine, "JUDGE_LATER_BYTES", 0)  # type: ignore[attr-defined]
    log, results = run_logged(URLS)

    assert log == [("asked", "/page/0"), ("delivered", "page/0"), ("asked", "/page/1"), ("delivered", "page/1"),
                   ("asked", "/page/2"), ("delivered", "page/2")]
    assert all(result.status is LinkStatus.ALIVE for result in results.values())
