"""Markdown for PR comments and job summaries: problems first, page text inert."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from report_fixture import HOSTILE_CLAIM, assert_golden, fixed_report

from linkaudit.report import render
from linkaudit.report.markdown import code_span, escape_markdown, escape_prose, markdown_link, repository_link


def _markdown() -> str:
    return render(fixed_report(), "markdown")


def test_matches_the_golden_file() -> None:
    assert_golden("report.md", _markdown())


def test_headline_counts_and_build_outcome_come_first() -> None:
    head = _markdown().split("###", 1)[0]
    assert "2 pieces, 9 claims, 12 sources" in head
    assert "**1 unbacked**" in head and "**3 unverified**" in head
    assert "**1 problem fails the build** (fail on: unbacked); 7 warnings." in head


def test_problems_come_first_unbacked_then_unverified_then_archived() -> None:
    korea = _markdown().split("###")[1]
    order = [korea.index(word) for word in ("❌ **unbacked**", "❓ **unverified**", "🗄️ **archived**")]
    assert order == sorted(order)
    assert korea.index("🗄️ **archived**") < korea.index("<details>")


def test_healthy_claims_are_folded() -> None:
    korea = _markdown().split("###")[1]
    folded = korea[korea.index("<details>") : korea.index("</details>")]
    assert "The talks resumed in July" in folded
    assert "The talks resumed in July" not in korea[: korea.index("<details>")]


def test_each_problem_is_a_compact_item_with_its_place_and_full_url() -> None:
    korea = _markdown().split("###")[1]
    assert "- ❌ **unbacked** · line 15:20 · The envoy resigned after the summit." in korea
    assert "  - ❌ dead · HTTP 410 · “resigned” · line 15:20  \n    [`https://paper.example.com/envoy`](https://paper.example.com/envoy)" in korea
    assert not [line for line in _markdown().splitlines() if line.startswith("|")]  # no table crushing the claims


def test_capture_links_point_at_the_archive_and_no_capture_is_said_once_per_claim() -> None:
    page = _markdown()
    capture = "https://web.archive.org/web/20190801120000/https://gov.example.kr/press/123"
    assert f"archived copy of 2019-08-01, 19 days before publication: [`{capture}`]({capture})" in page
    envoy = page[page.index("**unbacked**") : page.index("**unverified**")]
    assert envoy.count("no capture in the Wayback Machine") == 1


def test_claims_are_whole() -> None:
    page = _markdown()
    for document in fixed_report().documents:
        for claim in document.claims:
            assert escape_markdown(claim.text) in page


def test_urls_patterns_and_options_in_prose_are_code_spans() -> None:
    assert escape_prose("excluded by pattern '^https://paywall\\.example\\.com/'") == (
        "excluded by pattern &#39;`^https://paywall\\.example\\.com/`&#39;"
    )
    assert escape_prose("excluded by --exclude") == "excluded by `--exclude`"
    assert escape_prose("redirected to https://a.example/x.") == "redirected to `https://a.example/x`."
    assert code_span("a`b") == "``a`b``"
    html = MarkdownIt("commonmark").render(escape_prose("excluded by pattern '^https://paywall\\.example\\.com/'"))
    assert "<a " not in html and "<code>^https://paywall\\.example\\.com/</code>" in html


def test_pieces_and_places_link_to_the_file_at_the_commit_in_github_actions(monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "owner/site")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    page = _markdown()
    blob = "https://github.com/owner/site/blob/0123abc/pieces/korea.md"
    assert f"[`pieces/korea.md`]({blob})" in page
    assert f"[line 15:20]({blob}#L15)" in page
    assert repository_link("/abs/path.md") is None and repository_link("../up.md") is None
    monkeypatch.delenv("GITHUB_SHA")
    assert "blob/" not in _markdown()


def test_the_unverified_glyph_is_a_readable_one() -> None:
    assert "❔" not in _markdown() and "❓ **3 unverified**" in _markdown()


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
    from linkaudit.report.phrases import reason_beyond_status

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


def test_an_interrupted_run_says_its_verdicts_are_incomplete_in_every_format() -> None:
    stopped = dataclasses.replace(fixed_report(), complete=False)
    assert "> Verdicts are incomplete: the run was interrupted" in render(stopped, "markdown")
    assert '<p class="fails">Verdicts are incomplete: the run was interrupted' in render(stopped, "html")
    assert "title=linkaudit%3A verdicts incomplete::the run was interrupted" in render(stopped, "github")
