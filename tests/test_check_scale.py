"""What a large audit costs in memory where the peak was: the JSON report of many links."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tracemalloc

from report_fixture import fixed_report, single_document_report

from linkaudit.models import CheckResult, Citation, DocumentAudit, LinkAudit, LinkStatus, Location, Report
from linkaudit.policy import Policy
from linkaudit.report.json import render_json, report_to_dict
from linkaudit.verdict import judge_claims

AT = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)


def test_the_json_report_is_the_same_text_built_document_by_document() -> None:
    for report in (fixed_report(), single_document_report(), dataclasses.replace(fixed_report(), documents=())):
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
