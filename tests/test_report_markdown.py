"""Markdown for PR comments and job summaries: problems first, page text inert."""

from __future__ import annotations

import dataclasses
import re

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from report_fixture import HOSTILE_CLAIM, assert_golden, fixed_report

from linkaudit.report import render
from linkaudit.report.markdown import escape_markdown, markdown_link


def _markdown() -> str:
    return render(fixed_report(), "markdown")


def test_matches_the_golden_file() -> None:
    assert_golden("report.md", _markdown())


def test_headline_counts_and_build_outcome_come_first() -> None:
    head = _markdown().split("###", 1)[0]
    assert "2 pieces, 9 claims, 12 sources" in head
    assert "**1 unbacked**" in head and "**3 unverified**" in head
    assert "1 finding fails the build" in head


def test_problems_come_first_unbacked_then_unverified_then_archived() -> None:
    korea = _markdown().split("###")[1]
    order = [korea.index(word) for word in ("❌ unbacked", "❔ unverified", "🗄️ archived")]
    assert order == sorted(order)
    assert korea.index("🗄️ archived") < korea.index("<details>")


def test_healthy_claims_are_folded() -> None:
    korea = _markdown().split("###")[1]
    folded = korea[korea.index("<details>") : korea.index("</details>")]
    assert "The talks resumed in July" in folded
    assert "The talks resumed in July" not in korea[: korea.index("<details>")]


def test_capture_links_point_at_the_archive() -> None:
    assert "[2019-08-01 \\(before\\)](https://web.archive.org/web/20190801120000/https://gov.example.kr/press/123)" in _markdown()


def _table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| ")]


def test_hostile_text_keeps_every_table_row_the_same_width() -> None:
    for line in _table_rows(_markdown()):
        unescaped_pipes = len(re.findall(r"(?<!\\)\|", line))
        assert unescaped_pipes in (6, 7), line


def test_hostile_text_becomes_no_link_and_no_html() -> None:
    html = MarkdownIt("commonmark").enable("table").render(_markdown())
    assert "<script>" not in html and "<b>d</b>" not in html
    assert 'href="javascript' not in html and 'href="http://evil.example"' not in html
    assert "&lt;script&gt;" in html


@given(st.text())
def test_escaped_text_renders_as_that_text_and_nothing_else(text: str) -> None:
    rendered = MarkdownIt("commonmark").render(escape_markdown(text))
    assert "<a " not in rendered and "<img" not in rendered and "<em>" not in rendered and "<strong>" not in rendered
    assert "\n" not in escape_markdown(text)


def test_only_web_urls_become_links() -> None:
    assert markdown_link("x", "javascript:alert(1)") == "x"
    assert markdown_link("x", "https://a.example/p(1)|2") == "[x](https://a.example/p%281%29%7C2)"


def test_the_hostile_claim_is_present_as_text() -> None:
    assert escape_markdown("[bold]x[/bold]") in _markdown()
    assert "javascript" in HOSTILE_CLAIM


def test_a_reason_does_not_repeat_the_status_shown_beside_it() -> None:
    import datetime as dt

    from linkaudit.models import CheckResult, LinkStatus
    from linkaudit.report.common import reason_beyond_status

    def reason(text: str, status: int | None = 410) -> str:
        check = CheckResult(url="https://x.example/", status=LinkStatus.DEAD, reason=text,
                            checked_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), http_status=status)
        return reason_beyond_status(check)

    assert reason("HTTP 410 (gone)") == "gone"
    assert reason("HTTP 410: the page was removed (for good)") == "the page was removed (for good)"
    assert reason("HTTP 410") == ""
    assert reason("name does not resolve", None) == "name does not resolve"


def test_a_piece_warning_is_shown_under_its_heading_in_markdown_and_html() -> None:
    report = fixed_report()
    first = dataclasses.replace(report.documents[0], warnings=("simulation: <served> on loopback",))
    report = dataclasses.replace(report, documents=(first, *report.documents[1:]))
    assert "> ⚠️ simulation: &lt;served&gt; on loopback" in render(report, "markdown")
    assert '<p class="warning">simulation: &lt;served&gt; on loopback</p>' in render(report, "html")
