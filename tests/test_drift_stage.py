"""The drift stage against the stand-in archive: what is compared, what is not and why, and cost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import trio

from linkaudit.cache import Cache
from linkaudit.check.classify import extract_title
from linkaudit.config import load_config
from linkaudit.drift import DriftRequest, compare_sources, page_print
from linkaudit.errors import ConfigError
from linkaudit.models import CheckResult, DriftStatus, LinkStatus, PagePrint
from linkaudit.settings import Settings
from linkaudit.testing.archive import ArchiveStandIn
from linkaudit.testing.drift_pages import capture_page, page_pair

URL = "https://news.example.com/2021/story"
CAPTURED = "20210302120000"
PUBLISHED = dt.date(2021, 3, 15)


@pytest.fixture
def archive() -> Iterator[ArchiveStandIn]:
    with ArchiveStandIn(host="127.0.0.43") as standin:
        yield standin


def request(state: str = "edited", seed: int = 3, content_type: str = "text/html; charset=utf-8") -> DriftRequest:
    live = page_pair(state, seed).live
    check = CheckResult(URL, LinkStatus.ALIVE, "HTTP 200", dt.datetime.now(dt.UTC), http_status=200,
                        content_type=content_type, page=page_print(live, extract_title(live)))
    return DriftRequest(URL, PUBLISHED, check)


def run(standin: ArchiveStandIn, requests: dict[str, DriftRequest], cache: Cache | None = None, **given: object):
    settings = Settings(wayback_url=standin.base_url, archive_timeout=5.0, **given)
    lines: list[str] = []
    plan, results = trio.run(lambda: compare_sources(requests, settings.drift, cache=cache, say=lines.append))
    return plan, results, lines


def test_a_compared_source_costs_a_lookup_and_one_raw_capture_fetch(archive: ArchiveStandIn) -> None:
    archive.add_capture(URL, CAPTURED, 200)
    archive.set_body(URL, CAPTURED, capture_page(3))
    _, results, lines = run(archive, {"k": request()})
    assert results["k"].drift.status is DriftStatus.CHANGED
    assert results["k"].drift.capture is not None and results["k"].drift.capture.timestamp == CAPTURED
    assert results["k"].capture is not None and results["k"].capture.title == page_pair("edited", 3).title + " | site3.example"
    assert archive.counts["replay"] + archive.counts["timegate"] <= 3
    assert lines[-1].startswith("drift [1/1] changed")


def test_a_capture_that_is_not_html_is_not_compared(archive: ArchiveStandIn) -> None:
    archive.add_capture(URL, CAPTURED, 200, mimetype="application/pdf")
    _, results, _ = run(archive, {"k": request()})
    assert results["k"].drift.status is DriftStatus.NOT_COMPARED


def test_a_live_page_that_is_not_html_is_not_compared_and_costs_no_archive_request(archive: ArchiveStandIn) -> None:
    _, results, _ = run(archive, {"k": request(content_type="application/pdf")})
    assert (results["k"].drift.status, results["k"].drift.reason) == (DriftStatus.NOT_COMPARED, "not HTML (application/pdf)")
    assert sum(archive.counts.values()) == 0


def test_a_capture_the_archive_cannot_replay_is_not_compared_with_the_reason(archive: ArchiveStandIn) -> None:
    archive.add_capture(URL, CAPTURED, 200)
    archive.set_body(URL, CAPTURED, capture_page(3))
    archive.set_fault("503", endpoints=("replay",))
    _, results, _ = run(archive, {"k": request()})
    drift = results["k"].drift
    assert drift.status is DriftStatus.NOT_COMPARED
    assert "HTTP 503" in drift.reason or "unreachable" in drift.reason


def test_a_capture_body_is_read_only_up_to_the_body_limit(archive: ArchiveStandIn) -> None:
    archive.add_capture(URL, CAPTURED, 200)
    archive.set_body(URL, CAPTURED, capture_page(3) + "<p>" + "filler words " * 200_000 + "</p>")
    _, results, _ = run(archive, {"k": request()}, max_body_bytes=64 * 1024)
    capture = results["k"].capture
    assert capture is not None and len(capture.text) < 64 * 1024


def test_archive_none_compares_nothing(archive: ArchiveStandIn) -> None:
    _, results, _ = run(archive, {"k": request()}, archive="none")
    assert results["k"].drift.reason == "archive not asked (--archive none)"
    assert sum(archive.counts.values()) == 0


def test_a_damaged_capture_print_in_the_cache_is_fetched_again(archive: ArchiveStandIn, tmp_path: Path) -> None:
    archive.add_capture(URL, CAPTURED, 200)
    archive.set_body(URL, CAPTURED, capture_page(3))
    with Cache.open(tmp_path / "c.sqlite") as cache:
        run(archive, {"k": request()}, cache)
        replay_url = next(iter(cache._db.execute("SELECT capture_url FROM capture_prints")))[0]
        assert isinstance(cache.get_capture_print(replay_url), PagePrint)
        cache._db.execute("UPDATE capture_prints SET print = '{broken'")
        assert cache.get_capture_print(replay_url) is None
        _, results, _ = run(archive, {"k": request()}, cache)
    assert results["k"].drift.status is DriftStatus.CHANGED


def test_drift_is_configurable_and_checked(tmp_path: Path) -> None:
    config = tmp_path / "linkaudit.toml"
    config.write_text('drift = "on"\ndrift-limit = 5\nfail-on = ["drifted"]\n')
    assert load_config(config) == {"drift": "on", "drift_limit": 5, "fail_on": frozenset({"drifted"})}
    config.write_text('drift = "sometimes"\n')
    with pytest.raises(ConfigError, match="'drift' must be one of auto, off, on"):
        load_config(config)
    config.write_text("drift-limit = 0\n")
    with pytest.raises(ConfigError, match="drift-limit"):
        load_config(config)
