"""One pipeline call: lookups overlap checks, answers are kept as they arrive, Save Page Now included.

Checks run on ``httpx.MockTransport`` (a slow source answers only when the test lets it); the
archive is the loopback stand-in, reached through the guarded archive client.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
import trio

from linkaudit import Settings, audit_sync
from linkaudit.cache import Cache
from linkaudit.drift import SourceComparison
from linkaudit.models import ArchiveLookup, ArchiveOutcome, CheckResult
from linkaudit.pipeline import Audit, run_audit
from linkaudit.report import render
from linkaudit.testing.archive import ArchiveStandIn

DEAD = "https://gone.example.org/story"
SLOW = "https://slow.example.net/page"
LIVE = "https://live.example.com/page"
PIECE = f"""---
title: Harbour notes
date: 2021-03-15
---
The warning [was published]({DEAD}) before the storm.

A later report [said so too]({SLOW}).

The council [kept its page]({LIVE}).
"""


class _Body(httpx.AsyncByteStream):
    """A body streamed as the checker reads real ones."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.data


def web(slow_source: Callable[[], Awaitable[object]] = trio.lowlevel.checkpoint) -> httpx.MockTransport:
    """Cited pages: the dead one 404s, the others answer 200, the slow one after ``slow_source()``.

    Any other path is a 404, so soft-404 probes find a real not-found page.
    """

    async def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "slow.example.net":
            await slow_source()
        status = 200 if request.url.path == "/page" else 404
        return httpx.Response(status, headers={"Content-Type": "text/html"}, stream=_Body(b"<html><title>page</title><body>x</body></html>"))

    return httpx.MockTransport(answer)


@pytest.fixture(scope="module")
def archive() -> Iterator[ArchiveStandIn]:
    with ArchiveStandIn(host="127.0.0.8") as standin:
        standin.add_capture(DEAD, "20210301000000", 200)
        yield standin


@pytest.fixture
def piece(tmp_path: Path) -> Path:
    path = tmp_path / "piece.md"
    path.write_text(PIECE, encoding="utf-8")
    return path


def settings_for(standin: ArchiveStandIn, tmp_path: Path, **overrides: object) -> Settings:
    return Settings(
        wayback_url=standin.base_url, archive_timeout=5.0, timeout=60.0, url_deadline=90.0,
        cache_path=str(tmp_path / "cache.sqlite"), **overrides,  # type: ignore[arg-type]
    )


class Events:
    """A StageListener that notes the order things happened in."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.on_lookup: list[object] = []
        self.on_drift: list[object] = []

    def advance(self, result: CheckResult) -> None:
        self.seen.append(f"checked {result.url}")

    def checks_finished(self) -> None:
        self.seen.append("checks finished")

    def lookup_started(self) -> None:
        self.seen.append("lookup started")

    def lookup_done(self, lookup: ArchiveLookup) -> None:
        self.seen.append(f"looked up {lookup.url}")
        for action in self.on_lookup:
            action()  # type: ignore[operator]

    def save_started(self, count: int) -> None:
        self.seen.append(f"saving {count}")

    def save_done(self, outcome: object) -> None:
        self.seen.append("saved")

    def drift_started(self) -> None:
        self.seen.append("drift started")

    def drift_done(self, comparison: SourceComparison) -> None:
        self.seen.append(f"drift {comparison.drift.status.value}")
        for action in self.on_drift:
            action()  # type: ignore[operator]


def test_a_lookup_starts_and_ends_while_a_slow_check_still_runs(archive: ArchiveStandIn, piece: Path, tmp_path: Path) -> None:
    run = Audit(settings_for(archive, tmp_path, use_cache=False))
    run.load([str(piece)])
    events = Events()

    async def main() -> None:
        looked_up = trio.Event()
        events.on_lookup.append(looked_up.set)
        with trio.fail_after(60):  # a pipeline that waited for every check would never get here
            await run_audit(run, transport=web(slow_source=looked_up.wait), listener=events)

    trio.run(main)

    assert events.seen.index(f"looked up {DEAD}") < events.seen.index(f"checked {SLOW}")
    [lookup] = run.lookups.values()
    assert lookup.snapshot is not None and lookup.snapshot.timestamp == "20210301000000"


def test_a_drift_comparison_runs_in_the_same_nursery_while_a_slow_check_still_runs(
    archive: ArchiveStandIn, piece: Path, tmp_path: Path
) -> None:
    archive.add_capture(LIVE, "20210301000000", 200)
    run = Audit(settings_for(archive, tmp_path, use_cache=False, drift="on"))
    run.load([str(piece)])
    events = Events()

    async def main() -> None:
        compared = trio.Event()
        events.on_drift.append(compared.set)
        with trio.fail_after(60):  # drift after the nursery's stages would never let the slow check answer
            await run_audit(run, transport=web(slow_source=compared.wait), listener=events)

    trio.run(main)

    first = events.seen.index("drift started")
    assert first < events.seen.index(f"checked {SLOW}")
    assert events.seen.count("drift started") == 2  # the live page, then the slow one once it answered
    key = next(key for key in run.comparisons if key.startswith(LIVE))
    assert run.comparisons[key].drift.capture is not None  # its capture was found and fetched
    assert run.comparisons[key].drift.capture.timestamp == "20210301000000"


def test_an_interrupted_audit_keeps_every_archive_answer_in_its_json_and_cache(
    archive: ArchiveStandIn, piece: Path, tmp_path: Path
) -> None:
    settings = settings_for(archive, tmp_path)
    run = Audit(settings)
    run.load([str(piece)])
    events = Events()
    cache = Cache.open(settings.cache.cache_path)

    async def main() -> None:
        with trio.CancelScope() as scope:
            events.on_lookup.append(scope.cancel)  # Ctrl-C as soon as the first answer is in
            await run_audit(run, cache=cache, transport=web(slow_source=trio.sleep_forever), listener=events)

    try:
        trio.run(main)
        saved = json.loads(render(run.report(complete=False), "json"))
        kept = cache.get_archive(DEAD, dt.date(2021, 3, 15))
    finally:
        cache.close()

    assert f"checked {SLOW}" not in events.seen  # the interrupt came while a check still ran
    links = [link for document in saved["documents"] for link in document["links"]]
    [dead] = [link for link in links if link["url"] == DEAD]
    assert (dead["archive"]["outcome"], dead["archive"]["timestamp"]) == ("found", "20210301000000")
    assert saved["summary"]["complete"] is False
    assert kept is not None and kept.outcome is ArchiveOutcome.FOUND


@pytest.mark.usefixtures("archive_paced_fast")
def test_the_library_call_with_save_live_really_saves(archive: ArchiveStandIn, piece: Path, tmp_path: Path) -> None:
    asked = len(archive.save_requests)

    report = audit_sync(
        [str(piece)], settings_for(archive, tmp_path, save_live=True, use_cache=False),
        transport=web(),
    )

    assert set(archive.save_requests[asked:]) == {LIVE, SLOW}
    assert report.complete


def test_the_readme_library_example_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    library = readme.split("## Library", 1)[1]
    [example] = re.findall(r"```python\n(.*?)```", library.split("\n## ", 1)[0], re.DOTALL)
    # A piece whose only link is internal: the example runs with no request leaving the machine.
    (tmp_path / "piece.md").write_text(
        "---\ndate: 2021-03-15\n---\nThe review found the barrier [was never finished](/reports/flood-review).\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)

    exec(compile(example, "README.md", "exec"), {})  # noqa: S102 - the documented example itself

    assert capsys.readouterr().out == "unverified The review found the barrier was never finished.\n"
