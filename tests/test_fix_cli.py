"""`linkaudit fix` on the command line: from a saved report (no network) or a fresh audit."""

from __future__ import annotations

import codecs
import os
import shutil
from pathlib import Path

import pytest

from fix_fixture import DATA, RIVER, report_for
from linkaudit.cli import main
from linkaudit.demo import demo_settings, load_demo_piece, simulated_world
from linkaudit.extract import extract
from linkaudit.extract.sources import read_sources
from linkaudit.report.json import render_json
from linkaudit.settings import Settings


@pytest.fixture
def piece(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "piece.md"
    shutil.copyfile(DATA / "piece.md", path)
    return path


def save_report(piece: Path) -> Path:
    documents, _ = read_sources([str(piece)], Settings().extract)
    report = piece.parent / "audit.json"
    report.write_text(render_json(report_for(extract(documents[0]), RIVER)), encoding="utf-8")
    return report


def test_dry_run_prints_a_unified_diff_and_writes_nothing(piece: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = save_report(piece)
    before = piece.read_bytes()
    assert main(["fix", str(piece), "--from", str(report), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("--- a/piece.md\n+++ b/piece.md\n@@ ")
    assert "-[minutes]: https://council.example.gov/minutes/2020-11\n" in out
    assert piece.read_bytes() == before
    assert not [name for name in os.listdir(piece.parent) if name.endswith(".tmp")]


def test_fix_in_place_writes_the_golden_result_and_keeps_permissions(piece: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = save_report(piece)
    piece.chmod(0o640)
    assert main(["fix", str(piece), "--from", str(report), "--update-redirects"]) == 0
    assert piece.read_bytes() == (DATA / "piece.archive-link.md").read_bytes()
    assert piece.stat().st_mode & 0o777 == 0o640
    err = capsys.readouterr().err
    assert "piece.md: 8 pointed at a capture, 1 updated to the redirect's end" in err


def test_output_dir_writes_a_copy_and_leaves_the_piece(piece: Path) -> None:
    report = save_report(piece)
    before = piece.read_bytes()
    assert main(["fix", str(piece), "--from", str(report), "--style", "annotate", "--update-redirects", "--output-dir", "fixed"]) == 0
    assert piece.read_bytes() == before
    assert (piece.parent / "fixed" / "piece.md").read_bytes() == (DATA / "piece.annotate.md").read_bytes()


def test_a_utf8_byte_order_mark_and_crlf_line_endings_are_kept(piece: Path) -> None:
    crlf = (DATA / "piece.md").read_bytes().replace(b"\n", b"\r\n")
    piece.write_bytes(codecs.BOM_UTF8 + crlf)
    report = save_report(piece)
    assert main(["fix", str(piece), "--from", str(report)]) == 0
    expected = (DATA / "piece.archive-link.md").read_bytes()
    expected = expected.replace(b"https://new.example.org/rivers", b"https://old.example.org/rivers")  # no --update-redirects
    assert piece.read_bytes() == codecs.BOM_UTF8 + expected.replace(b"\n", b"\r\n")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["https://example.com/piece"], "https://example.com/piece: not a file: fix rewrites files"),
        (["-"], "-: not a file: fix rewrites files"),
    ],
)
def test_pieces_that_are_not_files_are_refused_in_one_line(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fix", *arguments, "--from", "whatever.json"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_save_live_needs_the_network_that_from_rules_out(piece: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = save_report(piece)
    assert main(["fix", str(piece), "--from", str(report), "--save-live"]) == 2
    assert "--save-live asks the archive" in capsys.readouterr().err


def test_a_piece_the_report_does_not_cover_is_left_alone(piece: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = save_report(piece)
    other = piece.parent / "other.md"
    other.write_text("See [x](https://agency.example.gov/reports/river-2020).\n", encoding="utf-8")
    assert main(["fix", str(other), "--from", str(report)]) == 2
    assert "other.md: not in the report; left alone" in capsys.readouterr().err
    assert other.read_text(encoding="utf-8") == "See [x](https://agency.example.gov/reports/river-2020).\n"


def test_a_piece_whose_bytes_cannot_be_written_back_unchanged_is_left_alone(piece: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = save_report(piece)
    broken = piece.read_bytes().replace(b"river inquiry", b"river \x81inquiry", 1)  # not UTF-8, not cp1252
    piece.write_bytes(broken)
    assert main(["fix", str(piece), "--from", str(report)]) == 2
    assert "do not decode and encode back unchanged" in capsys.readouterr().err
    assert piece.read_bytes() == broken


def test_a_broken_report_is_one_line_naming_it(piece: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = piece.parent / "audit.json"
    report.write_text("{not json", encoding="utf-8")
    assert main(["fix", str(piece), "--from", str(report)]) == 2
    err = capsys.readouterr().err
    assert "audit.json" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.usefixtures("archive_paced_fast")
def test_a_fresh_audit_on_loopback_fixes_and_writes_the_markdown_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    piece = tmp_path / "content" / "piece.md"
    piece.parent.mkdir()
    piece.write_text(load_demo_piece().text, encoding="utf-8")
    with simulated_world() as world:
        settings = demo_settings(world)
        options = ["--allow-private", "--no-cache", "--wayback-url", world.archive.base_url, "--retries", "1"]
        for pattern, replacement in settings.check.remap:
            options += ["--remap", f"{pattern} {replacement}"]
        for pattern in settings.check.exclude:
            options += ["--exclude", pattern]
        assert main(["fix", "content", *options, "-o", "summary.md"]) == 0
    text = piece.read_text(encoding="utf-8")
    assert f"[too late to evacuate]({world.archive.base_url}/web/20210302120000/https://news.example.com/2021/03/02/harbour-warning.html)" in text
    assert "<!-- original: https://news.example.com/2021/03/02/harbour-warning.html -->" in text
    assert "unbacked" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_a_report_may_not_overwrite_a_piece(piece: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = save_report(piece)
    before = piece.read_bytes()
    assert main(["fix", str(piece), "--from", str(report), "-o", str(piece)]) == 2
    assert "is one of the pieces being fixed" in capsys.readouterr().err
    assert piece.read_bytes() == before


def test_a_citation_a_page_repeats_is_mended_in_every_copy_and_a_second_fix_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The report lists a page's repeated copy of a citation once (same link, same sentence); the
    # fix mends both copies, so that the page does not come out citing two addresses for one source.
    monkeypatch.chdir(tmp_path)
    sentence = '<p>The <a href="https://agency.example.gov/reports/river-2020">report</a> said the river rose.</p>'
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><article>\n{sentence}\n{sentence}\n</article></body></html>\n", encoding="utf-8")
    report = save_report(page)
    assert main(["fix", str(page), "--from", str(report)]) == 0
    fixed = page.read_text(encoding="utf-8")
    first, second = fixed.splitlines()[1:3]
    assert first == second != sentence and "20210520000000" in first
    assert main(["fix", str(page), "--from", str(report)]) == 0
    assert page.read_text(encoding="utf-8") == fixed
