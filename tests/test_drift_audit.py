"""Drift end to end: a piece citing pages in every drift state, audited on loopback.

Every live page is served by the simulated web (``/drift/<state>/<seed>``) and every capture, with
its body from the time of the piece, by the stand-in archive; the pages come from
``linkaudit.testing.drift_pages``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import trio

from linkaudit.cache import Cache
from linkaudit.cli import main
from linkaudit.drift import SourceComparison
from linkaudit.models import DriftStatus, Report, Verdict
from linkaudit.pipeline import Audit, run_audit
from linkaudit.report import render
from linkaudit.settings import Settings
from linkaudit.testing.archive import ArchiveStandIn
from linkaudit.testing.drift_pages import EXPECTED, STATES, capture_page, claim_for, page_pair
from linkaudit.testing.simweb import SimulatedWeb

HOST = "127.0.0.41"
CAPTURED = "20210302120000"
SEED = 7

# What each state's claim should get: a source that no longer carries what the piece cited is
# drifted; a correction note leaves the cited words in place, so the claim is still backed.
EXPECTED_VERDICTS = {
    "identical": Verdict.BACKED,
    "noise": Verdict.BACKED,
    "edited": Verdict.BACKED,  # reworded elsewhere: the quote and the figure are still there
    "correction": Verdict.BACKED,
    "quote-removed": Verdict.DRIFTED,
    "rewritten": Verdict.DRIFTED,
    "parked": Verdict.DRIFTED,
    "home": Verdict.DRIFTED,
}


def cited(state: str) -> str:
    return f"https://news.example.com/2021/{state}"


def write_piece(tmp_path: Path, states: tuple[str, ...] = STATES) -> Path:
    lines = ["---", "date: 2021-03-15", "---", ""]
    for state in states:
        pair = page_pair(state, SEED + STATES.index(state))
        lines.append(claim_for(pair).replace("The review", f"[The review]({cited(state)})") + "\n")
    piece = tmp_path / "piece.md"
    piece.write_text("\n".join(lines), encoding="utf-8")
    return piece


# What drift does with the archive's answers, not how fast the archive may be asked: the stand-in
# archive is asked at a hundred times the real rates (pacing is tested on trio's MockClock).
pytestmark = pytest.mark.usefixtures("archive_paced_fast")


@pytest.fixture
def world() -> Iterator[tuple[SimulatedWeb, ArchiveStandIn]]:
    with SimulatedWeb([HOST]) as web, ArchiveStandIn(host="127.0.0.42") as archive:
        for number, state in enumerate(STATES):
            archive.add_capture(cited(state), CAPTURED, 200)
            archive.set_body(cited(state), CAPTURED, capture_page(SEED + number))
        yield web, archive


def remaps(web: SimulatedWeb) -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"^{re.escape(cited(state))}$", web.url(HOST, f"/drift/{state}/{SEED + number}"))
        for number, state in enumerate(STATES)
    )


def settings_for(web: SimulatedWeb, standin: ArchiveStandIn, **given: object) -> Settings:
    base = dict(
        allow_private=True, use_cache=False, timeout=3.0, retries=0, remap=remaps(web),
        wayback_url=standin.base_url, archive_timeout=5.0,
    )
    base.update(given)
    return Settings(**base)


class Compared:
    """A StageListener that keeps only the drift comparisons as they end."""

    def __init__(self) -> None:
        self.statuses: list[str] = []

    def drift_done(self, comparison: SourceComparison) -> None:
        self.statuses.append(comparison.drift.status.value)

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args: None  # every other stage's progress


def audit(
    piece: Path, settings: Settings, cache: Cache | None = None, lines: list[str] | None = None, compared: Compared | None = None
) -> Report:
    run = Audit(settings)
    run.load([str(piece)])
    say = lines.append if lines is not None else None
    return trio.run(lambda: run_audit(run, cache=cache, on_drift=say, listener=compared))  # type: ignore[arg-type]


def by_state(report: Report) -> dict[str, tuple[Verdict, DriftStatus | None]]:
    document = report.documents[0]
    found = {}
    for claim in document.claims:
        link = document.links[claim.links[0]]
        state = link.citation.url.rsplit("/", 1)[1]
        found[state] = (claim.verdict, link.drift.status if link.drift else None)
    return found


def test_each_claim_gets_the_verdict_its_source_state_calls_for(world, tmp_path: Path) -> None:
    web, archive = world
    lines: list[str] = []
    compared = Compared()
    report = audit(write_piece(tmp_path), settings_for(web, archive), lines=lines, compared=compared)
    found = by_state(report)
    assert {state: verdict for state, (verdict, _) in found.items()} == EXPECTED_VERDICTS
    assert {state: status.value for state, (_, status) in found.items() if status} == EXPECTED
    assert lines[0].startswith("drift: auto chose on: 8 live sources need a capture fetched")
    assert lines == lines[:1]  # the decision; each comparison is progress, told to the listener
    assert len(compared.statuses) == len(STATES)


def test_a_drifted_claim_links_the_capture_and_names_what_is_gone(world, tmp_path: Path) -> None:
    web, archive = world
    report = audit(write_piece(tmp_path, ("quote-removed",)), settings_for(web, archive))
    claim = report.documents[0].claims[0]
    link = report.documents[0].links[0]
    assert claim.verdict is Verdict.DRIFTED
    assert f"/web/{CAPTURED}/{cited('quote-removed')}" in claim.reason
    quote = page_pair("quote-removed", SEED + STATES.index("quote-removed")).quote
    assert repr(quote) in claim.reason
    quoted = next(e for e in link.evidence if e.kind == "quote")
    assert (quoted.text, quoted.live, quoted.capture) == (quote, False, True)


def test_drift_off_leaves_verdicts_as_liveness_says_and_asks_no_archive(world, tmp_path: Path) -> None:
    web, archive = world
    report = audit(write_piece(tmp_path), settings_for(web, archive, drift="off"))
    assert {verdict for verdict, _ in by_state(report).values()} == {Verdict.BACKED}
    assert all(link.drift is None for link in report.documents[0].links)
    assert sum(archive.counts.values()) == 0


def test_auto_stays_off_above_its_limit_and_says_so(world, tmp_path: Path) -> None:
    web, archive = world
    lines: list[str] = []
    report = audit(write_piece(tmp_path), settings_for(web, archive, drift_limit=3), lines=lines)
    assert lines == ["drift: auto chose off: 8 live sources would need a capture fetched, more than 3 "
                     "(--drift on compares them anyway, at the archive's pace)"]
    links = report.documents[0].links
    assert {link.drift.status for link in links if link.drift} == {DriftStatus.NOT_COMPARED}
    assert {verdict for verdict, _ in by_state(report).values()} == {Verdict.BACKED}
    assert sum(archive.counts.values()) == 0


def test_no_capture_or_unreachable_archive_is_not_compared_and_keeps_the_verdict(world, tmp_path: Path) -> None:
    web, archive = world
    piece = tmp_path / "other.md"
    piece.write_text("---\ndate: 2021-03-15\n---\n\nUncaptured [page](https://elsewhere.example.org/x).\n")
    settings = settings_for(web, archive, remap=((r"^https://elsewhere\.example\.org/x$", web.url(HOST, "/drift/rewritten/3")),))
    report = audit(piece, settings)
    link = report.documents[0].links[0]
    assert report.documents[0].claims[0].verdict is Verdict.BACKED
    assert link.drift is not None and link.drift.status is DriftStatus.NOT_COMPARED
    assert "no capture" in link.drift.reason
    archive.set_fault("503")
    report = audit(piece, settings)
    link = report.documents[0].links[0]
    assert report.documents[0].claims[0].verdict is Verdict.BACKED
    assert link.drift is not None and link.drift.reason.startswith("archive unreachable")


def test_capture_prints_are_cached_for_good_and_live_prints_with_the_check(world, tmp_path: Path) -> None:
    web, archive = world
    # Cited directly, not remapped: what a remapped address answers never enters the cache.
    urls = [web.url(HOST, f"/drift/{state}/{SEED}") for state in ("edited", "rewritten")]
    for url in urls:
        archive.add_capture(url, CAPTURED, 200)
        archive.set_body(url, CAPTURED, capture_page(SEED))
    claim = claim_for(page_pair("edited", SEED))
    piece = tmp_path / "cached.md"
    piece.write_text("---\ndate: 2021-03-15\n---\n\n" + "".join(
        claim.replace("The review", f"[The review]({url})") + "\n\n" for url in urls
    ))
    cache = Cache.open(tmp_path / "cache.sqlite")
    try:
        settings = settings_for(web, archive, use_cache=True, remap=())
        first = audit(piece, settings, cache)
        asked = sum(archive.counts.values())
        replays = archive.counts["replay"]
        web_requests = web.stats.total_requests
        second = audit(piece, settings, cache)
    finally:
        cache.close()
    statuses = [link.drift.status for link in first.documents[0].links if link.drift]
    assert statuses == [DriftStatus.CHANGED, DriftStatus.REPLACED]
    def outcome(report: Report) -> list[tuple[object, ...]]:
        return [(l.drift.status, l.drift.reason, l.drift.similarity) for l in report.documents[0].links if l.drift]

    assert outcome(second) == outcome(first)
    assert asked > 0 and replays > 0
    assert sum(archive.counts.values()) == asked  # lookups and captures both came from the cache
    assert web.stats.total_requests == web_requests  # so did the live pages' prints
    assert all(link.check is not None and link.check.from_cache for link in second.documents[0].links)


def test_fail_on_drifted_fails_the_build_and_every_format_carries_the_verdict(world, tmp_path: Path, capsys) -> None:
    web, archive = world
    piece = write_piece(tmp_path, ("identical", "rewritten"))
    args = ["audit", str(piece), "--allow-private", "--no-cache", "--timeout", "3", "--retries", "0",
            "--wayback-url", archive.base_url, "--format", "plain"]
    for pattern, target in remaps(web):
        args += ["--remap", f"{pattern} {target}"]
    outputs = {ext: tmp_path / f"out.{ext}" for ext in ("json", "md", "html", "sarif", "xml")}
    for path in outputs.values():
        args += ["-o", str(path)]
    assert main(args) == 0  # the default fails on unbacked only
    captured = capsys.readouterr()
    assert "drift: auto chose on" in captured.err
    assert "drifted" in captured.out
    assert main([*args, "--fail-on", "drifted"]) == 1
    data = json.loads(outputs["json"].read_text())
    drifted = [c for c in data["documents"][0]["claims"] if c["verdict"] == "drifted"]
    assert len(drifted) == 1
    assert data["summary"]["verdicts"]["drifted"] == 1
    link = next(link for link in data["documents"][0]["links"] if link["url"].endswith("rewritten"))
    assert link["drift"]["status"] == "replaced"
    assert link["drift"]["capture"]["url"].endswith(f"/web/{CAPTURED}/{cited('rewritten')}")
    assert {e["kind"] for e in link["evidence"]} >= {"quote", "number"}
    for ext in ("md", "html", "sarif", "xml"):
        text = outputs[ext].read_text()
        assert "drifted" in text, ext
    assert "replaced" in outputs["md"].read_text()
    assert "replaced" in outputs["html"].read_text()
    rendered = render(_load(outputs["json"]), "json")
    assert json.loads(rendered)["documents"][0]["links"] == data["documents"][0]["links"]


def _load(path: Path) -> Report:
    from linkaudit.report import load_report

    return load_report(str(path))


def test_with_archive_all_the_archive_stage_lookup_is_reused_not_asked_again(world, tmp_path: Path) -> None:
    web, archive = world
    piece = write_piece(tmp_path, ("rewritten",))
    audit(piece, settings_for(web, archive, drift="on"))
    drift_alone = sum(archive.counts.values())
    archive.counts.clear()
    report = audit(piece, settings_for(web, archive, drift="on", archive="all"))
    assert report.documents[0].claims[0].verdict is Verdict.DRIFTED
    assert report.documents[0].links[0].archive is not None  # the archive stage's own lookup
    assert sum(archive.counts.values()) == drift_alone  # one lookup and one capture fetch either way
