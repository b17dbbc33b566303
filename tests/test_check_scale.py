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
    report = _large_report(documents=1, links=2000)
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
    report = _large_report(documents=200, links=10)
    tracemalloc.start()
    try:
        text = render_json(report)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The text itself, the documents' texts before the join, and one document's dicts at a time;
    # the whole report as a tree of dicts took about eight times the text.
    assert peak < 3.5 * len(text.encode("utf-8"))
