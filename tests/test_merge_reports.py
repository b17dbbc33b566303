"""Merging shard reports: read side by side a document at a time, the same report as one audit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from linkaudit.cli import main
from linkaudit.errors import ReportError
from linkaudit.models import (
    CheckResult,
    Citation,
    DocumentAudit,
    LinkAudit,
    LinkStatus,
    Location,
    Report,
    claim_id_for,
)
from linkaudit.report import load_report, render, write_report
from linkaudit.shards import Shard, merge_reports, merge_saved
from linkaudit.verdict import judge_claims

WHEN = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
SITES = ("news.example", "gov.example", "journal.example", "blog.example", "data.example")
STATUSES = (LinkStatus.ALIVE, LinkStatus.DEAD, LinkStatus.REDIRECTED, LinkStatus.ALIVE, LinkStatus.FAILING)


def _audit(pieces: int, shard: Shard | None) -> Report:
    """An audit of ``pieces`` pieces as a whole run (no shard) or as shard ``shard`` would write it."""
    documents = []
    for n in range(pieces):
        source = f"pieces/{n}.md"
        links = []
        for k in range(n % 4 + 2):
            url = f"https://{SITES[(n + k) % len(SITES)]}/story/{n}/{k}"
            claim = f"Claim {k // 2} of piece {n}."  # two links back each claim: often from two shards
            citation = Citation(url, url, "source", claim, claim_id_for(claim), Location(source, k + 1, 10))
            status = STATUSES[(n * 7 + k) % len(STATUSES)]
            owned = shard is None or shard.owns(citation.key)
            check = CheckResult(url, status, f"as {status}", WHEN, http_status=200, elapsed=0.25) if owned else None
            links.append(LinkAudit(citation, check))
        documents.append(DocumentAudit(source, f"Piece {n}", None, tuple(links), judge_claims(links), path=source))
    return Report(tuple(documents), WHEN, "0.1.0")


def _parts(tmp_path: Path, pieces: int, count: int) -> list[str]:
    paths = []
    for k in range(1, count + 1):
        path = tmp_path / f"part-{k}.json"
        write_report(_audit(pieces, Shard(k, count)), str(path))
        paths.append(str(path))
    return paths


def test_merged_parts_give_the_whole_audit_byte_for_byte(tmp_path: Path) -> None:
    parts = _parts(tmp_path, 40, 3)
    assert any(link.check is None for part in parts for d in load_report(part).documents for link in d.links)
    merged = merge_saved(parts)
    assert merged == _audit(40, None)
    assert render(merged, "json") == render(_audit(40, None), "json")


def test_reading_side_by_side_gives_what_merging_loaded_reports_gives(tmp_path: Path) -> None:
    parts = _parts(tmp_path, 25, 4)
    assert merge_saved(parts) == merge_reports([(part, load_report(part)) for part in parts])


def test_the_report_command_writes_the_merged_report(tmp_path: Path) -> None:
    parts = _parts(tmp_path, 12, 2)
    merged, whole = tmp_path / "merged.json", tmp_path / "whole.json"
    assert main(["report", *parts, "-o", str(merged), "-q", "--format", "plain"]) == 0
    write_report(_audit(12, None), str(whole))
    assert merged.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")


def test_a_part_with_fewer_pieces_is_refused_naming_both_files(tmp_path: Path) -> None:
    longer, shorter = tmp_path / "a.json", tmp_path / "b.json"
    write_report(_audit(5, Shard(1, 2)), str(longer))
    write_report(_audit(4, Shard(2, 2)), str(shorter))
    for order in ([longer, shorter], [shorter, longer]):
        with pytest.raises(ReportError, match=r"b\.json and .*a\.json are reports of different pieces"):
            merge_saved([str(path) for path in order])


def test_a_damaged_part_is_refused_in_one_line_naming_it(tmp_path: Path) -> None:
    parts = _parts(tmp_path, 6, 2)
    data = json.loads(Path(parts[1]).read_text(encoding="utf-8"))
    data["documents"][4]["links"][0]["column"] = "ten"
    Path(parts[1]).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReportError, match=r"part-2\.json: .*documents\[4\]\.links\[0\]\.column must be integer"):
        merge_saved(parts)
