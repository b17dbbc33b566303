"""Drift and claim evidence, stage by stage: main text, comparison, evidence, verdicts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkaudit.check.classify import extract_title
from linkaudit.drift import claim_evidence, compare_prints, main_text, normalise, page_print, similarity, still_backs
from linkaudit.drift.evidence import cited_items
from linkaudit.models import (
    CheckResult,
    Citation,
    Drift,
    DriftStatus,
    Evidence,
    LinkAudit,
    LinkStatus,
    Location,
    Snapshot,
    Verdict,
    claim_id_for,
)
from linkaudit.policy import Policy, exit_code
from linkaudit.testing.drift_pages import EXPECTED, STATES, claim_for, page_pair
from linkaudit.verdict import judge_claims

SNAPSHOT = Snapshot("wayback", "https://web.archive.org/web/20210302120000/https://x.example/a",
                    "https://x.example/a", "20210302120000", 200, "before", 13, "timegate")


def prints(state: str, seed: int):
    pair = page_pair(state, seed)
    return pair, page_print(pair.capture, extract_title(pair.capture)), page_print(pair.live, extract_title(pair.live))


def citation(claim: str, anchor: str = "the review", url: str = "https://x.example/a") -> Citation:
    return Citation(url, url, anchor, claim, claim_id_for(claim), Location("piece.md", 1, 1))


# --- main text ---------------------------------------------------------------------------------


def test_main_text_keeps_the_article_and_leaves_out_what_surrounds_it() -> None:
    page = """<html><head><title>T</title><script>var x = "script words";</script></head><body>
    <nav>Home News Sport</nav><header>The Daily Example</header>
    <div class="sidebar">Most read today</div>
    <article><h1>Sea walls failed</h1><div class="byline">By A. Reporter, 2 March 2021</div>
    <p>Two of the three walls failed within an hour.</p><!-- a comment -->
    <div class="share-bar">Share this</div><p>The council will publish its review.</p></article>
    <aside>Related: other stories</aside><footer>Copyright</footer></body></html>"""
    assert main_text(page) == "Sea walls failed\nTwo of the three walls failed within an hour.\nThe council will publish its review."


def test_main_text_without_an_article_element_is_the_body_without_its_boilerplate() -> None:
    page = "<body><div id='menu'>Menu</div><div><p>First.</p><p>Second.</p></div><div class='footer'>F</div></body>"
    assert main_text(page) == "First.\nSecond."


@pytest.mark.parametrize("page", ["", "   ", "\x00\x00", "<", "<?xml version='1.0' encoding='utf-8'?><p>x</p>", "<p>" * 5000])
def test_main_text_of_odd_input_is_text_or_nothing_never_an_error(page: str) -> None:
    assert isinstance(main_text(page), str)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_main_text_never_fails_on_any_text(page: str) -> None:
    assert isinstance(main_text(page), str)


def test_normalise_makes_quotes_case_dashes_and_thousands_separators_irrelevant() -> None:
    assert normalise("It’s “Beautiful Letters” — 1,200 homes; 3.5% rise") == "it's beautiful letters 1200 homes 3.5 rise"


# --- comparison, one test per page state ---------------------------------------------------------


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_page_state_gets_its_drift_status(state: str, seed: int) -> None:
    _, capture, live = prints(state, seed)
    drift = compare_prints(capture, live, SNAPSHOT)
    assert drift.status.value == EXPECTED[state], drift.reason
    assert drift.capture == SNAPSHOT


def test_new_boilerplate_dates_teasers_and_comment_counts_are_no_change() -> None:
    _, capture, live = prints("noise", 5)
    pair = page_pair("noise", 5)
    assert pair.capture != pair.live
    assert "read more" not in capture.text and "read more" not in live.text  # the teaser is a link block
    drift = compare_prints(capture, live, SNAPSHOT)
    assert drift.status is DriftStatus.UNCHANGED
    assert similarity(capture.text, live.text) > 0.95


def test_a_changed_page_says_how_much_changed() -> None:
    _, capture, live = prints("edited", 4)
    drift = compare_prints(capture, live, SNAPSHOT)
    assert drift.status is DriftStatus.CHANGED
    assert drift.similarity is not None and 0.3 < drift.similarity < 0.95
    assert "% of the captured text gone or reworded" in drift.reason and "new words" in drift.reason


def test_a_correction_note_is_a_change_even_on_a_long_article() -> None:
    _, capture, live = prints("correction", 6)
    long_capture = capture.__class__(capture.title, " ".join([capture.text] * 6))
    long_live = live.__class__(live.title, " ".join([capture.text] * 6) + " correction an earlier version gave the wrong date")
    drift = compare_prints(long_capture, long_live, SNAPSHOT)
    assert drift.status is DriftStatus.CHANGED
    assert drift.similarity is not None and drift.similarity > 0.98  # a share measure alone would miss it


def test_a_corrected_typo_is_no_drift() -> None:
    _, capture, _ = prints("identical", 2)
    words = capture.text.split()
    words[len(words) // 2] = "tpyo"
    drift = compare_prints(capture, capture.__class__(capture.title, " ".join(words)), SNAPSHOT)
    assert drift.status is DriftStatus.UNCHANGED


def test_a_capture_with_almost_no_text_is_not_compared() -> None:
    _, _, live = prints("identical", 2)
    drift = compare_prints(live.__class__("t", "just a few words"), live, SNAPSHOT)
    assert drift.status is DriftStatus.NOT_COMPARED
    assert "too little text" in drift.reason


# --- evidence --------------------------------------------------------------------------------------


def test_quotes_numbers_and_anchor_words_are_taken_from_the_claim() -> None:
    claim = "The letter praised the 'beautiful letters' and called it \"trivial\"; damage was put at £40m, or 3.5% of 1,200 homes."
    assert cited_items(citation(claim, anchor="too late to evacuate")) == [
        ("quote", "beautiful letters"),
        ("quote", "trivial"),
        ("number", "40"),
        ("number", "3.5"),
        ("number", "1200"),
        ("anchor", "late evacuate"),
    ]


def test_apostrophes_are_not_quotes() -> None:
    items = cited_items(citation("The council's report and the harbour master's notes disagree.", anchor="here"))
    assert items == []


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300), st.text(max_size=60))
def test_evidence_items_are_bounded_for_any_claim(claim: str, anchor: str) -> None:
    items = cited_items(citation(claim, anchor=anchor))
    assert len(items) <= 8
    assert all(kind in ("quote", "number", "anchor") and text for kind, text in items)


@pytest.mark.parametrize(
    ("state", "quote_live"),
    [("identical", True), ("noise", True), ("edited", True), ("correction", True), ("quote-removed", False),
     ("rewritten", False), ("parked", False), ("home", False)],
)
def test_the_quoted_phrase_is_found_where_it_is(state: str, quote_live: bool) -> None:
    pair, capture, live = prints(state, 9)
    evidence = claim_evidence(citation(claim_for(pair)), live, capture)
    quote = next(e for e in evidence if e.kind == "quote")
    assert (quote.text, quote.live, quote.capture) == (pair.quote, quote_live, True)
    figure = next(e for e in evidence if e.kind == "number")
    assert figure.capture is True


def test_without_a_capture_evidence_is_looked_up_live_only() -> None:
    pair, _, live = prints("identical", 3)
    evidence = claim_evidence(citation(claim_for(pair)), live, None)
    assert evidence and all(e.capture is None and e.live is True for e in evidence)


# --- what backs a claim ----------------------------------------------------------------------------


def changed(similarity: float = 0.8) -> Drift:
    return Drift(DriftStatus.CHANGED, "changed", similarity, 1.0, SNAPSHOT)


@pytest.mark.parametrize(
    ("drift", "evidence", "backs"),
    [
        (None, (), True),
        (Drift(DriftStatus.NOT_COMPARED, "no capture"), (), True),
        (Drift(DriftStatus.UNCHANGED, "same", 1.0, 1.0, SNAPSHOT), (), True),
        (changed(), (Evidence("quote", "x y", True, True),), True),
        (changed(), (Evidence("quote", "x y", False, True),), False),
        # evidence the capture never held says nothing about the source
        (changed(), (Evidence("number", "2021", False, False),), True),
        (changed(0.3), (Evidence("number", "2021", False, False),), False),
        (changed(), (Evidence("anchor", "late evacuate", True, True),), True),
        (changed(), (Evidence("quote", "x y", True, True), Evidence("anchor", "late", False, True)), True),
        (Drift(DriftStatus.REPLACED, "other page", 0.0, 0.1, SNAPSHOT), (Evidence("quote", "x y", True, True),), False),
    ],
)
def test_a_live_source_backs_its_claim_only_while_it_still_carries_it(drift, evidence, backs) -> None:
    assert still_backs(drift, evidence) is backs


def link(url: str, status: LinkStatus, drift: Drift | None, evidence: tuple[Evidence, ...] = (), claim: str = "A claim.") -> LinkAudit:
    check = CheckResult(url, status, "HTTP 200", dt.datetime(2026, 11, 30, tzinfo=dt.UTC), http_status=200)
    return LinkAudit(citation(claim, url=url), check, None, drift, evidence)


def test_a_claim_whose_only_live_source_was_replaced_is_drifted_and_links_the_capture() -> None:
    replaced = Drift(DriftStatus.REPLACED, "a different page", 0.0, 0.0, SNAPSHOT)
    (verdict,) = judge_claims([link("https://x.example/a", LinkStatus.ALIVE, replaced)])
    assert verdict.verdict is Verdict.DRIFTED
    assert "replaced since the piece" in verdict.reason and SNAPSHOT.url in verdict.reason


def test_one_source_still_carrying_the_claim_keeps_it_backed() -> None:
    replaced = Drift(DriftStatus.REPLACED, "a different page", 0.0, 0.0, SNAPSHOT)
    kept = changed()
    (verdict,) = judge_claims([
        link("https://x.example/a", LinkStatus.ALIVE, replaced),
        link("https://y.example/b", LinkStatus.ALIVE, kept, (Evidence("quote", "x y", True, True),)),
    ])
    assert verdict.verdict is Verdict.BACKED
    assert "changed since the piece, but what it cites is still there" in verdict.reason


def test_a_source_that_could_not_be_compared_keeps_todays_verdict_marked_not_compared() -> None:
    (verdict,) = judge_claims([link("https://x.example/a", LinkStatus.ALIVE, Drift(DriftStatus.NOT_COMPARED, "no capture"))])
    assert verdict.verdict is Verdict.BACKED
    assert verdict.reason.endswith("not compared with a capture")


def test_fail_on_drifted_fails_and_the_default_does_not() -> None:
    from linkaudit.models import DocumentAudit, Report

    links = (link("https://x.example/a", LinkStatus.ALIVE, Drift(DriftStatus.REPLACED, "other", 0.0, 0.0, SNAPSHOT)),)
    document = DocumentAudit("piece.md", None, None, links, judge_claims(links))
    report = Report((document,), dt.datetime(2026, 11, 30, tzinfo=dt.UTC), "test")
    assert exit_code(report, Policy()) == 0
    assert exit_code(report, Policy(fail_on=frozenset({"drifted"}))) == 1


def test_wrappers_marked_like_boilerplate_keep_the_article_they_hold() -> None:
    prose = "".join(f"<p>Paragraph {n} of the story, with enough words to be prose.</p>" for n in range(4))
    page = f"<body><div class='page-wrap has-sidebar'>{'<div class=sidebar>' * 50}{prose}{'</div>' * 50}</div></body>"
    assert main_text(page).count("of the story") == 4


def test_short_blocks_of_links_are_teasers_not_article_text() -> None:
    page = ("<article><p>The council met on Monday and voted.</p><p>Read more: <a href='/x'>Why the walls failed "
            "in the storm</a></p><ul><li><a href='/a'>Politics</a></li><li><a href='/b'>Sport</a></li></ul>"
            "<p>The vote was close, <a href='/v'>the record</a> shows.</p></article>")
    assert main_text(page) == "The council met on Monday and voted.\nThe vote was close, the record shows."
