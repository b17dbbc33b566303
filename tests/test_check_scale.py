"""What a large audit costs in memory where the peak was: the JSON report of many links."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tracemalloc

from report_fixture import fixed_report, single_document_report

from linkaudit.models import (
    CheckResult,
    Citation,
    DocumentAudit,
    LinkAudit,
    LinkStatus,
    Location,
    NonCitation,
    Report,
)
from linkaudit.policy import Policy
from linkaudit.report.json import json_chunks, render_json, report_to_dict
from linkaudit.verdict import judge_claims

AT = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)


def _with_non_citations_and_an_empty_document(report: Report) -> Report:
    first = report.documents[0]
    others = (
        NonCitation("https://x.example/share?u=1", "share", Location(first.source, 3, 7)),
        NonCitation("https://x.example/tag/a", "tag", Location(first.source, 9, 1)),
    )
    empty = DocumentAudit("empty.md", None, None, (), ())
    return dataclasses.replace(report, documents=(dataclasses.replace(first, non_citations=others), empty, *report.documents[1:]))


def test_the_json_report_is_the_same_text_built_document_by_document() -> None:
    reports = (
        fixed_report(),
        single_document_report(),
        dataclasses.replace(fixed_report(), documents=()),
        _with_non_citations_and_an_empty_document(fixed_report()),
    )
    for report in reports:
        for policy in (None, Policy(fail_on=frozenset({"dead"}), confirm=2)):
            whole = json.dumps(report_to_dict(report, policy=policy), ensure_ascii=False, indent=2)
            assert render_json(report, policy=policy) == whole


def _large_report(documents: int, links: int) -> Report:
    built = []
    for d in range(documents):
        audits = []
        for n in range(links):
            url = f"https://site-{n % 41}.example/page/{d}/{n}"
            citation = Citation(url, url, "a source", f"Claim {n} of piece {d}.", f"c{d}-{n}", Location(f"p{d}.md", n + 1, 5))
            check = CheckResult(url, LinkStatus.ALIVE, "HTTP 200", AT, http_status=200, final_url=url, title="A title")
            audits.append(LinkAudit(citation, check))
        links_tuple = tuple(audits)
        built.append(DocumentAudit(f"p{d}.md", f"Piece {d}", None, links_tuple, judge_claims(links_tuple)))
    return Report(tuple(built), AT, "0")


def test_writing_one_document_of_many_links_never_holds_it_as_one_tree() -> None:
    # 500 links: about 0.7 MB of text, while what writing holds at its peak (one link's dicts, the
    # writer's own state) stays under 0.1 MB whatever the size.
    report = _large_report(documents=1, links=500)
    text_size = len(render_json(report).encode("utf-8"))
    tracemalloc.start()
    try:
        largest = max(len(chunk) for chunk in json_chunks(report))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Written link by link: no piece is more than one link's text, and nothing like the
    # document's tree of dicts (several times its text) is built at once.
    assert largest < 2000
    assert peak < 0.25 * text_size


def test_rendering_a_large_json_report_holds_little_more_than_its_text() -> None:
    report = _large_report(documents=20, links=10)
    tracemalloc.start()
    try:
        text = render_json(report)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The text itself, the documents' texts before the join, and one document's dicts at a time;
    # the whole report as a tree of dicts took about eight times the text.
    assert peak < 3.5 * len(text.encode("utf-8"))


def test_a_citation_holds_a_url_written_as_it_is_checked_once() -> None:
    url = "https://site.example/page/1"
    written = "".join(["https://site.example/", "page/1"])  # equal text, another string
    citation = Citation(url, written, "a source", "A claim.", "c1", Location("p.md", 1, 1))
    assert citation.written is citation.url
    assert citation.key is citation.url  # a URL that is its own key is not copied
    respelt = Citation("HTTPS://Site.example/./page/1", "HTTPS://Site.example/./page/1", "a", "A claim.", "c1", Location("p.md", 1, 1))
    assert respelt.written is respelt.url
    assert respelt.key == url


def test_a_citation_carries_its_key_and_its_problem_from_one_parse(monkeypatch) -> None:
    import linkaudit.urlkey as urlkey
    from linkaudit.models import DocumentKind, Extraction
    from linkaudit.pipeline.state import _drop_ignored

    parsed: list[str] = []
    real_parse = urlkey.parse_url
    monkeypatch.setattr(urlkey, "parse_url", lambda text: parsed.append(text) or real_parse(text))
    urlkey.identify.cache_clear()
    bad = Citation("https://a.example:99999/x", "https://a.example:99999/x", "a", "A claim.", "c1", Location("p.md", 1, 1))
    good = Citation("https://A.example/./y", "https://A.example/./y", "b", "A claim.", "c1", Location("p.md", 1, 9))
    assert (good.key, good.problem) == ("https://a.example/y", None)
    assert bad.problem == urlkey.url_problem(bad.url) and "99999" in bad.problem

    # Filtering the audit's citations asks the citation, not the parser: two URLs, two parses in all.
    extraction = Extraction("p.md", DocumentKind.MARKDOWN, None, None, (bad, good), ())
    kept = _drop_ignored(extraction, ())
    assert kept.citations == (good,)
    assert [(n.written, n.reason) for n in kept.non_citations] == [(bad.written, bad.problem)]
    assert parsed == [bad.url, good.url]


def test_skipped_urls_share_their_reason_and_their_empty_history() -> None:
    from linkaudit.check import check_urls_sync
    from linkaudit.settings import Settings

    urls = [f"https://site{n}.example/{n}" for n in range(50)]
    results = check_urls_sync(urls, Settings(exclude=(r"\.example/",), use_cache=False).check)
    skipped = list(results.values())
    assert {r.status for r in skipped} == {LinkStatus.SKIPPED}
    assert len({id(r.reason) for r in skipped}) == 1
    assert len({id(r.history) for r in skipped}) == 1
    assert len({id(r.checked_at) for r in skipped}) == 1
    assert skipped[0].reason == r"excluded by pattern '\.example/'"


def test_claims_with_the_same_reason_share_one_string() -> None:
    report = _large_report(documents=1, links=100)
    reasons = [claim.reason for claim in report.documents[0].claims]
    assert len(set(reasons)) == 1
    assert len({id(reason) for reason in reasons}) == 1


def test_the_json_report_on_standard_output_is_written_a_link_at_a_time() -> None:
    from rich.console import Console

    from linkaudit.cli.render import _show
    from linkaudit.options import OutputOptions

    class Recorder:
        def __init__(self) -> None:
            self.writes: list[str] = []

        def write(self, text: str) -> int:
            self.writes.append(text)
            return len(text)

        def flush(self) -> None:
            pass

    report = _large_report(documents=1, links=100)  # some 135 kB, none of it written more than a link at once
    recorder = Recorder()
    out = Console(file=recorder)  # type: ignore[arg-type]
    _show(report, OutputOptions(format="json"), "json", Policy(), out, out)
    assert "".join(recorder.writes) == render_json(report, policy=Policy()) + "\n"
    assert max(len(text) for text in recorder.writes) < 2000


def test_the_summary_counts_findings_without_holding_them_all() -> None:
    from linkaudit.policy import exit_code, finding_levels, findings

    dead = _large_report(documents=1, links=300)
    document = dead.documents[0]
    links = tuple(dataclasses.replace(link, check=dataclasses.replace(link.check, status=LinkStatus.DEAD, reason="HTTP 404"))
                  for link in document.links)  # type: ignore[arg-type]
    dead = dataclasses.replace(dead, documents=(dataclasses.replace(document, links=links, claims=judge_claims(links)),))
    policy = Policy(fail_on=frozenset({"dead"}))
    found = findings(dead, policy)
    levels = finding_levels(dead, policy)
    assert dict(levels) == {level: sum(1 for f in found if f.level == level) for level in {f.level for f in found}}
    assert levels["error"] >= 300
    assert exit_code(dead, policy) == 1
    summary = json.loads(render_json(dead, policy=policy))["summary"]
    assert (summary["errors"], summary["warnings"]) == (levels["error"], levels["warning"])
