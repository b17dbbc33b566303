"""A fixed piece, audited again, on loopback: the simulated web and stand-in archive of
``linkaudit.testing`` (the hosts and captures of ``linkaudit demo``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linkaudit.demo import DemoWorld, demo_settings, load_demo_piece, simulated_world
from linkaudit.fix import FixOptions
from linkaudit.fix.files import read_pieces
from linkaudit.fix.run import fix_files, fresh_audit, saved_captures
from linkaudit.models import Report, Verdict
from linkaudit.settings import Settings

HTML_PIECE = """<!DOCTYPE html>
<html><head><title>Harbour towns after the flood</title>
<meta property="article:published_time" content="2021-03-15T08:00:00Z"></head>
<body><article>
<p>The council's <a href="https://council.example.gov/reports/2021/flood-review.html">flood report</a> found the walls failed.</p>
<p>The harbour master said the warning came <a href="https://news.example.com/2021/03/02/harbour-warning.html">too late</a>.</p>
<p>Insurers put the damage at <a href="https://insurer.example.net/press/flood-estimate">about 40 million</a>.</p>
<p>A fisheries study warned of the risk <a href="https://science.example.edu/papers/harbour-risk-2016">years earlier</a>.</p>
<p>A <a href="https://tv.example.com/news/flood-special">regional broadcaster</a> aired interviews.</p>
<p>Residents <a href="https://residents.example.org/testimony">collected testimony</a>.</p>
</article></body></html>
"""


# What a fixed piece audits to, not how fast the archive may be asked: the stand-in archive is
# asked at a hundred times the real rates (pacing is tested on trio's MockClock in test_archive*.py).
pytestmark = pytest.mark.usefixtures("archive_paced_fast")


@pytest.fixture(scope="module")
def world() -> Iterator[DemoWorld]:
    with simulated_world() as running:
        yield running


def audit(path: Path, settings: Settings) -> Report:
    pieces, errors = read_pieces([str(path)], settings.extract)
    assert not errors
    return fresh_audit(pieces, settings).report()


def verdicts(report: Report) -> dict[str, Verdict]:
    return {claim.text: claim.verdict for document in report.documents for claim in document.claims}


def claims_with_a_capture(report: Report) -> set[str]:
    document = report.documents[0]
    return {
        claim.text
        for claim in document.claims
        if any(document.links[i].archive is not None and document.links[i].archive.snapshot is not None for i in claim.links)
    }


def test_a_fixed_html_piece_audits_archived_through_its_robust_links(world: DemoWorld, tmp_path: Path) -> None:
    path = tmp_path / "piece.html"
    path.write_text(HTML_PIECE, encoding="utf-8")
    settings = demo_settings(world)
    first = audit(path, settings)
    rescued = claims_with_a_capture(first)
    assert len(rescued) == 3  # the demo's captures: the harbour warning, the estimate, the broadcast

    pieces, _ = read_pieces([str(path)], settings.extract)
    run = fix_files(pieces, first, settings.extract, FixOptions())
    assert not run.errors and path.read_text(encoding="utf-8") != HTML_PIECE

    second = audit(path, settings)
    after = verdicts(second)
    assert {claim: after[claim] for claim in rescued} == dict.fromkeys(rescued, Verdict.ARCHIVED)
    captures = [link.archive.snapshot for link in second.documents[0].links if link.archive and link.archive.snapshot]
    assert {snapshot.found_by for snapshot in captures} == {"robust-links"}  # the version URL was tried first
    assert after == {**verdicts(first), **dict.fromkeys(rescued, Verdict.ARCHIVED)}  # nothing else changed


def test_a_fixed_markdown_piece_has_no_unbacked_claim_where_a_capture_existed(world: DemoWorld, tmp_path: Path) -> None:
    path = tmp_path / "piece.md"
    path.write_text(load_demo_piece().text, encoding="utf-8")
    settings = demo_settings(world)
    first = audit(path, settings)
    rescued = claims_with_a_capture(first)
    assert rescued

    pieces, _ = read_pieces([str(path)], settings.extract)
    fix_files(pieces, first, settings.extract, FixOptions())
    after = verdicts(audit(path, settings))
    assert set(after) == set(verdicts(first))  # the same claims
    assert all(after[claim] in (Verdict.BACKED, Verdict.ARCHIVED) for claim in rescued)
    assert Verdict.UNBACKED not in {after[claim] for claim in rescued}


def test_save_live_gives_live_links_a_version_url(world: DemoWorld, tmp_path: Path) -> None:
    path = tmp_path / "piece.html"
    path.write_text(HTML_PIECE, encoding="utf-8")
    settings = demo_settings(world).replace(save_live=True)
    pieces, _ = read_pieces([str(path)], settings.extract)
    run = fresh_audit(pieces, settings)  # Save Page Now in the same run as the checks
    report, saved = run.report(), saved_captures(run.saves)
    live = "https://council.example.gov/reports/2021/flood-review.html"
    assert live in saved, run.saves
    assert saved[live].url.startswith(world.archive.base_url + "/web/")

    fix_files(pieces, report, settings.extract, FixOptions(style="robust"), saved=saved)
    text = path.read_text(encoding="utf-8")
    assert (
        f'<a href="{live}" data-originalurl="{live}" data-versionurl="{saved[live].url}" data-versiondate="2021-03-15">'
        in text
    )
