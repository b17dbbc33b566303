"""Robust Links written by a fix (or by an author) are read back by later audits: the source a
link stands for is its data-originalurl, the capture its data-versionurl, tried first, and the
date its data-versiondate, which replaces the publication date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from linkaudit.extract import extract
from linkaudit.models import CheckResult, Document, DocumentKind, LinkStatus
from linkaudit.pipeline import Audit
from linkaudit.settings import Settings

CAPTURE = "https://web.archive.org/web/20200102000000/https://a.example/old"
ROBUST = (
    f'<a href="{CAPTURE}" data-originalurl="https://a.example/old" data-versionurl="{CAPTURE}" '
    'data-versiondate="2020-01-02">the old page</a>'
)


def test_an_html_robust_link_is_checked_at_its_original_and_keeps_its_capture() -> None:
    document = Document("p.html", f"<p>As shown on {ROBUST} before.</p>", DocumentKind.HTML)
    (citation,) = extract(document).citations
    assert (citation.url, citation.written) == ("https://a.example/old", CAPTURE)
    assert (citation.version_url, citation.version_date) == (CAPTURE, dt.date(2020, 1, 2))
    assert citation.anchor == "the old page" and not citation.internal


def test_a_robust_link_in_markdown_raw_html_reads_the_same() -> None:
    document = Document("p.md", f"As shown on {ROBUST} before.\n", DocumentKind.MARKDOWN)
    (citation,) = extract(document).citations
    assert (citation.url, citation.written, citation.version_url) == ("https://a.example/old", CAPTURE, CAPTURE)


def test_a_relative_original_resolves_against_the_base_and_a_mailto_one_is_ignored() -> None:
    html = (
        f'<p>See <a href="{CAPTURE}" data-originalurl="/old">one</a> and '
        f'<a href="{CAPTURE}" data-originalurl="mailto:x@example.com">two</a>.</p>'
    )
    document = Document("p.html", html, DocumentKind.HTML, base_url="https://a.example/news/")
    first, second = extract(document).citations
    assert first.url == "https://a.example/old"
    assert second.url == CAPTURE


def test_the_archive_is_asked_for_the_version_url_first_with_the_version_date(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(f"<p>As shown on {ROBUST} before.</p>", encoding="utf-8")
    run = Audit(Settings(use_cache=False))
    run.load([str(path)])
    run.record_result(CheckResult("https://a.example/old", LinkStatus.DEAD, "HTTP 404", dt.datetime.now(dt.UTC)))
    (request,) = run.archive_requests().values()
    assert (request.url, request.version_url, request.version_date) == ("https://a.example/old", CAPTURE, dt.date(2020, 1, 2))


def test_a_url_quoted_in_a_comment_is_not_taken_for_the_bare_url_after_it() -> None:
    text = "See [this](https://a.example/x)<!-- original: https://a.example/y --> and https://a.example/y too.\n"
    citations = extract(Document("p.md", text, DocumentKind.MARKDOWN)).citations
    assert [(c.url, c.location.column) for c in citations] == [
        ("https://a.example/x", 12),
        ("https://a.example/y", text.index("https://a.example/y too") + 1),
    ]


def test_a_url_in_a_robust_links_attribute_is_not_taken_for_the_bare_url_after_it() -> None:
    text = f"See {ROBUST} and https://a.example/old again.\n"
    citations = extract(Document("p.md", text, DocumentKind.MARKDOWN)).citations
    assert [c.location.column for c in citations] == [text.index(CAPTURE) + 1, text.index("https://a.example/old again") + 1]
