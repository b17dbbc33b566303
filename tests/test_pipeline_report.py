"""An audit's report is read from what the audit holds: its links and claims are made as they are
read, and are the same records, the same reports and the same JSON as links and claims built
whole would be."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import tracemalloc
from pathlib import Path

import pytest

from linkaudit.drift import attach_drift
from linkaudit.drift.stage import SourceComparison
from linkaudit.models import (
    ArchiveLookup,
    ArchiveOutcome,
    CheckResult,
    Citation,
    DateSource,
    DocumentAudit,
    DocumentKind,
    Drift,
    DriftStatus,
    Extraction,
    LinkAudit,
    LinkStatus,
    Location,
    PagePrint,
    PublicationDate,
    Report,
    Snapshot,
    claim_id_for,
    reference_date,
)
from linkaudit.pipeline import Audit
from linkaudit.pipeline.state import lookup_key
from linkaudit.policy import Policy, exit_code, finding_levels
from linkaudit.report import render
from linkaudit.report.json import json_chunks
from linkaudit.settings import Settings
from linkaudit.verdict import JudgedClaims, judge_claims

AT = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
PUBLISHED = PublicationDate(dt.date(2021, 3, 2), DateSource.FRONT_MATTER)
FORMATS = ("json", "markdown", "html", "sarif", "junit", "github")
SHARED = "Prices rose 40% after the storm, the council said."


def _citation(url: str, claim: str, line: int, *, internal: bool = False, anchor: str = "the report") -> Citation:
    return Citation(url, url, anchor, claim, claim_id_for(claim), Location("piece.md", line, 3), internal=internal)


def _capture(url: str) -> Snapshot:
    return Snapshot("wayback", f"https://web.archive.org/web/20210301000000/{url}", url, "20210301000000", 200, "before", 1, "cdx")


def _audit() -> Audit:
    """A piece whose links are alive (one compared with its capture), dead and archived, dead with
    no capture, blocked, internal and not yet checked, two of them sharing one claim."""
    citations = (
        _citation("https://a.example/live", SHARED, 3),
        _citation("https://b.example/gone", SHARED, 3),
        _citation("https://c.example/moved", "The bridge closed in 2019.", 5),
        _citation("https://d.example/blocked", "Nobody was hurt.", 7),
        _citation("notes/local.md", "The notes say so.", 9, internal=True),
        _citation("https://e.example/never", "It was never checked.", 11),
        _citation("https://f.example/nothing", "The ledger is gone.", 13),
    )
    audit = Audit(Settings(), clock=lambda: AT)
    audit.extractions = [Extraction("piece.md", DocumentKind.MARKDOWN, "A piece", PUBLISHED, citations, path="piece.md")]
    results = (
        CheckResult("https://a.example/live", LinkStatus.ALIVE, "HTTP 200", AT, http_status=200),
        CheckResult("https://b.example/gone", LinkStatus.DEAD, "HTTP 404", AT, http_status=404),
        CheckResult("https://c.example/moved", LinkStatus.REDIRECTED, "moved", AT, http_status=200, final_url="https://c.example/new"),
        CheckResult("https://d.example/blocked", LinkStatus.BLOCKED, "HTTP 403", AT, http_status=403),
        CheckResult("https://f.example/nothing", LinkStatus.DEAD, "HTTP 410", AT, http_status=410),
    )
    for result in results:
        audit.record_result(result)
    target = reference_date(PUBLISHED, None)
    gone, nothing = citations[1], citations[6]
    audit.lookups[lookup_key(gone, target)] = ArchiveLookup(gone.url, ArchiveOutcome.FOUND, _capture(gone.url), target)
    audit.lookups[lookup_key(nothing, target)] = ArchiveLookup(nothing.url, ArchiveOutcome.NO_CAPTURE, None, target, "no capture in wayback")
    live = citations[0]
    audit.comparisons[lookup_key(live, target)] = SourceComparison(
        Drift(DriftStatus.CHANGED, "60% of the text differs", 0.4, 1.0, _capture(live.url)),
        live=PagePrint("Storm", "the storm came and went"),
        capture=PagePrint("Storm", "prices rose 40 after the storm"),
    )
    return audit


def _built_whole(audit: Audit) -> Report:
    """The report as links and claims built whole: a LinkAudit per citation, drift attached, then
    every claim judged."""
    documents = []
    for extraction in audit.extractions:
        target = reference_date(extraction.published, extraction.not_before)
        links = tuple(
            LinkAudit(citation, audit.result_for(citation), audit.lookups.get(lookup_key(citation, target)))
            for citation in extraction.citations
        )
        links = attach_drift(links, audit.comparisons, lambda citation, target=target: lookup_key(citation, target))
        documents.append(
            DocumentAudit(extraction.source, extraction.title, extraction.published, links, judge_claims(links), path=extraction.path)
        )
    return Report(tuple(documents), AT, audit.report().tool_version)


def test_the_report_holds_the_records_that_building_them_whole_gives() -> None:
    audit = _audit()
    read, whole = audit.report(), _built_whole(audit)
    [document], [expected] = read.documents, whole.documents
    assert tuple(document.links) == expected.links
    assert tuple(document.claims) == expected.claims
    assert document == expected and read == whole
    assert [link.drift is not None for link in document.links] == [True, False, False, False, False, False, False]
    assert [claim.verdict.value for claim in document.claims] == ["drifted", "backed", "unverified", "unverified", "unverified", "unbacked"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_the_report_as_it_renders_the_records_built_whole(fmt: str) -> None:
    audit = _audit()
    for policy in (Policy(), Policy(fail_on=frozenset({"dead", "unverified"}), confirm=2)):
        assert render(audit.report(), fmt, policy=policy) == render(_built_whole(audit), fmt, policy=policy)


def test_the_json_read_from_the_audit_is_the_json_of_the_records_built_whole() -> None:
    audit = _audit()
    written = "".join(json_chunks(audit.report()))
    assert written == "".join(json_chunks(_built_whole(audit)))
    assert [link["status"] for link in json.loads(written)["documents"][0]["links"]] == [
        "alive", "dead", "redirected", "blocked", "internal", None, "dead",
    ]


def test_findings_and_the_exit_code_come_out_the_same() -> None:
    audit = _audit()
    policy = Policy(fail_on=frozenset({"dead", "unbacked"}))
    assert finding_levels(audit.report(), policy) == finding_levels(_built_whole(audit), policy)
    assert exit_code(audit.report(), policy) == exit_code(_built_whole(audit), policy) == 1


def test_a_view_of_links_or_claims_behaves_as_their_tuple() -> None:
    document = _audit().report().documents[0]
    for view, whole in ((document.links, tuple(document.links)), (document.claims, tuple(document.claims))):
        assert view == whole and whole == view and (view != whole) is False
        assert view != whole[:-1] and view != list(whole)
        assert hash(view) == hash(whole)
        assert len(view) == len(whole) and bool(view)
        assert view[0] == whole[0] and view[-1] == whole[-1] and view[1:3] == whole[1:3] and view[::-2] == whole[::-2]
        assert list(view) == list(whole) and repr(view) == repr(whole)
        assert whole[2] in view and view.index(whole[2]) == 2 and view.count(whole[0]) == 1
        with pytest.raises(IndexError):
            view[len(whole)]
        with pytest.raises(IndexError):
            view[-len(whole) - 1]
        assert pickle.loads(pickle.dumps(view)) == whole and type(pickle.loads(pickle.dumps(view))) is tuple
        assert copy.deepcopy(view) == whole


def test_an_empty_piece_has_empty_views() -> None:
    audit = Audit(Settings(), clock=lambda: AT)
    audit.extractions = [Extraction("empty.md", DocumentKind.MARKDOWN, None, None, ())]
    [document] = audit.report().documents
    assert document.links == () and document.claims == () and not document.links
    assert JudgedClaims(()) == judge_claims(())


def _many_links(count: int) -> Audit:
    citations = tuple(
        _citation(f"https://site{n % 97}.example/{n}/story", f"Finding {n} was reported here.", n + 1, anchor="here")
        for n in range(count)
    )
    audit = Audit(Settings(), clock=lambda: AT)
    audit.extractions = [Extraction("piece.md", DocumentKind.MARKDOWN, None, None, citations)]
    for citation in citations:
        audit.record_result(CheckResult(citation.key, LinkStatus.ALIVE, "HTTP 200", AT, http_status=200))
    return audit


def test_the_report_of_many_links_holds_next_to_nothing_beyond_what_the_audit_holds() -> None:
    audit = _many_links(5000)
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        report = audit.report()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A link record and a claim verdict per citation would be about 250 bytes a link; what is held
    # is each claim's first link's index.
    assert (held - before) / 5000 < 16
    assert len(report.documents[0].links) == len(report.documents[0].claims) == 5000


def test_a_report_file_written_from_the_audit_is_the_report_of_the_records_built_whole(tmp_path: Path) -> None:
    from linkaudit.report import write_report

    audit = _audit()
    for name in ("report.json", "report.md", "report.html", "report.sarif", "report.xml"):
        write_report(audit.report(), str(tmp_path / f"read-{name}"))
        write_report(_built_whole(audit), str(tmp_path / f"whole-{name}"))
        assert (tmp_path / f"read-{name}").read_bytes() == (tmp_path / f"whole-{name}").read_bytes()


def test_an_audit_holds_its_results_in_one_dict_the_check_records_into(tmp_path: Path) -> None:
    import trio

    from linkaudit.pipeline import run_audit

    piece = tmp_path / "piece.md"
    piece.write_text("".join(f"Finding {n} was [reported](https://site{n}.example/{n}).\n\n" for n in range(40)))
    settings = Settings(exclude=(".",), use_cache=False, archive="none", drift="off")
    audit = Audit(settings)
    audit.load([str(piece)])
    results = audit.results
    seen: list[int] = []

    def record(result: CheckResult) -> None:
        seen.append(len(results))  # the check has put the result in the audit's own dict first

    audit.record_result = record  # type: ignore[method-assign]
    report = trio.run(lambda: run_audit(audit, find_captures=False))
    assert audit.results is results and len(results) == 40 and seen == list(range(1, 41))
    assert [link.check.status for link in report.documents[0].links] == [LinkStatus.SKIPPED] * 40  # type: ignore[union-attr]


def test_reading_gives_what_it_freed_back_to_the_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes
    import sys

    trims: list[int] = []

    class Libc:
        def malloc_trim(self, pad: int) -> int:
            trims.append(pad)
            return 1

    class Musl:
        pass

    piece = tmp_path / "piece.md"
    piece.write_text("Rates rose, [the bank said](https://bank.example/r).\n")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: Libc())
    Audit(Settings()).load([str(piece)])
    assert trims == [0]
    monkeypatch.setattr(ctypes, "CDLL", lambda name: Musl())  # a C library without malloc_trim: nothing done
    audit = Audit(Settings())
    audit.load([str(piece)])
    assert [c.url for c in audit.extractions[0].citations] == ["https://bank.example/r"] and trims == [0]


def test_each_citing_piece_of_a_source_asks_for_its_own_capture_and_comparison() -> None:
    shared, once = "https://a.example/shared", "https://b.example/once"
    early = Extraction("early.md", DocumentKind.MARKDOWN, None, PublicationDate(dt.date(2019, 1, 2), DateSource.FRONT_MATTER),
                       (_citation(shared, "The dam held.", 1), _citation("local.md", "Local.", 2, internal=True)))
    late = Extraction("late.md", DocumentKind.MARKDOWN, None, PublicationDate(dt.date(2022, 5, 6), DateSource.FRONT_MATTER),
                      (_citation(once, "Rates rose.", 1), _citation(shared, "The dam held.", 3), _citation(shared, "Again.", 5)))
    audit = Audit(Settings(archive="problems"), clock=lambda: AT)
    audit.extractions = [early, late]
    for url in (shared, once):
        audit.record_result(CheckResult(url, LinkStatus.DEAD, "HTTP 404", AT, http_status=404))
    requests = audit.archive_requests()
    assert sorted((r.url, r.target) for r in requests.values()) == [
        (shared, dt.date(2019, 1, 2)), (shared, dt.date(2022, 5, 6)), (once, dt.date(2022, 5, 6)),
    ]
    audit.record_result(CheckResult(shared, LinkStatus.ALIVE, "HTTP 200", AT, http_status=200))
    assert sorted(r.target for r in audit.drift_requests().values()) == [dt.date(2019, 1, 2), dt.date(2022, 5, 6)]
