"""Writing reports: format from the extension, atomic writes, and --save naming."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from report_fixture import fixed_report, single_document_report

from linkaudit.atomic import write_text_atomic
from linkaudit.errors import ReportError
from linkaudit.report import FORMATS, format_for_path, render, save_reports, write_report


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("out.json", "json"),
        ("out.md", "markdown"),
        ("a/b/out.HTML", "html"),
        ("out.htm", "html"),
        ("out.sarif", "sarif"),
        ("out.sarif.json", "sarif"),
        ("junit.xml", "junit"),
    ],
)
def test_format_comes_from_the_extension(path: str, fmt: str) -> None:
    assert format_for_path(path) == fmt


@pytest.mark.parametrize("path", ["out.txt", "out", "report.pdf", ".json"])
def test_an_unknown_extension_is_an_error_naming_the_path(path: str) -> None:
    with pytest.raises(ReportError, match="extension") as caught:
        format_for_path(path)
    assert path in str(caught.value)


def test_every_declared_format_renders() -> None:
    for fmt in {*FORMATS.values(), "github"}:
        assert render(fixed_report(), fmt).strip()


def test_an_unknown_format_name_is_an_error() -> None:
    with pytest.raises(ReportError, match="yaml"):
        render(fixed_report(), "yaml")


def test_write_report_writes_the_rendered_format(tmp_path: Path) -> None:
    target = tmp_path / "audit.sarif.json"
    write_report(fixed_report(), str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert [p.name for p in tmp_path.iterdir()] == ["audit.sarif.json"]  # no temporary file left


def test_write_report_creates_missing_directories(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "audit.md"
    write_report(fixed_report(), str(target))
    assert target.read_text(encoding="utf-8").startswith("#")


def test_write_report_where_a_file_blocks_the_directory_names_the_path(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file, not a directory\n", encoding="utf-8")
    target = tmp_path / "blocker" / "audit.md"
    with pytest.raises(ReportError, match="cannot write") as caught:
        write_report(fixed_report(), str(target))
    assert str(target) in str(caught.value)


def test_atomic_write_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("old", encoding="utf-8")
    write_text_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert os.listdir(tmp_path) == ["file.txt"]
    assert target.stat().st_mode & 0o644 == 0o644


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(target, "\udcff", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["file.txt"]


def test_save_names_one_piece_after_its_stem_and_the_date(tmp_path: Path) -> None:
    written = save_reports(single_document_report(), str(tmp_path / "reports"))
    assert [Path(p).name for p in written] == ["korea-2024-06-01.json", "korea-2024-06-01.md", "korea-2024-06-01.html"]
    assert all(Path(p).stat().st_size > 0 for p in written)


def test_save_names_several_pieces_audit(tmp_path: Path) -> None:
    written = save_reports(fixed_report(), str(tmp_path))
    assert {Path(p).name for p in written} == {"audit-2024-06-01.json", "audit-2024-06-01.md", "audit-2024-06-01.html"}


def test_save_names_a_web_piece_after_its_last_path_segment(tmp_path: Path) -> None:
    report = fixed_report()
    only_web = type(report)(documents=(report.documents[1],), generated_at=report.generated_at, tool_version="0.1.0")
    written = save_reports(only_web, str(tmp_path))
    assert Path(written[0]).name == "oped-2024-06-01.json"
