"""The claim finder: the whole sentence around a link, and nothing more."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkaudit.extract.claims import sentence_around, sentence_bounds, sentence_text
from linkaudit.extract.common import collapse_whitespace


def sentences(text: str) -> list[str]:
    starts, ends = sentence_bounds(text)
    return [text[start:end] for start, end in zip(starts, ends, strict=True)]


def claim_for(text: str, fragment: str) -> str:
    start = text.index(fragment)
    return sentence_text(text, start, start + len(fragment))


def test_plain_sentences_split_at_full_stops_question_and_exclamation_marks() -> None:
    assert sentences("One here. Two there? Three! Four.") == ["One here.", "Two there?", "Three!", "Four."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. Smith and Dr. Jones met St. Petersburg officials.",
        "The U.S. Treasury and the U.K. government agreed.",
        "Some tools, e.g. Lychee, and others, i.e. LinkChecker, exist.",
        "See No. 5 in the list and Jan. 3 in the calendar.",
        "J. R. R. Tolkien wrote it.",
        "Growth was 3.5 per cent this year.",
        "The summit on 12. April was cancelled.",
    ],
)
def test_abbreviations_initials_decimals_and_day_numbers_do_not_end_a_sentence(sentence: str) -> None:
    text = f"Before it. {sentence} After it."
    assert sentences(text) == ["Before it.", sentence, "After it."]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    text = "He said ‘it is over.’ Then he left (quietly.) “Really?” she asked."
    assert sentences(text) == ["He said ‘it is over.’", "Then he left (quietly.)", "“Really?” she asked."]


def test_an_ellipsis_before_a_lower_case_word_continues_the_sentence() -> None:
    assert sentences("It went on... and on. Then... Nothing.") == ["It went on... and on.", "Then...", "Nothing."]


def test_a_year_before_a_number_still_ends_a_sentence() -> None:
    assert sentences("It happened in 2019. 12 people died.") == ["It happened in 2019.", "12 people died."]


def test_a_blank_line_always_ends_a_sentence() -> None:
    assert sentences("A heading without a stop\n\nThe text below it.") == [
        "A heading without a stop",
        "The text below it.",
    ]


def test_a_date_like_12_april_stays_inside_the_sentence() -> None:
    text = (
        "It began in Hanoi. Lifting sanctions is ‘trivial’, Kim said in a policy speech on 12 April, "
        "demanding instead an end to what North Korea calls the US ‘hostile policy’. Since then, more."
    )
    assert claim_for(text, "speech") == (
        "Lifting sanctions is ‘trivial’, Kim said in a policy speech on 12 April, "
        "demanding instead an end to what North Korea calls the US ‘hostile policy’."
    )


def test_a_span_across_a_sentence_end_joins_both_sentences() -> None:
    text = "First one. It ends here. Next starts. Last one."
    start = text.index("here")
    end = text.index("starts") + len("starts")
    assert sentence_text(text, start, end) == "It ends here. Next starts."


def test_whitespace_is_collapsed_in_the_claim() -> None:
    text = "A   claim\n   over two lines. Another."
    assert claim_for(text, "claim") == "A claim over two lines."


def test_a_span_in_the_gap_between_sentences_belongs_to_the_next_one() -> None:
    text = "One.   Two."
    assert sentence_text(text, 5, 5) == "Two."


@given(st.text(max_size=300), st.data())
def test_the_sentence_around_a_span_always_contains_the_span(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = sentence_around(text, start, end)
    assert 0 <= s <= start <= end <= e <= len(text)


# --- bounded claims ---------------------------------------------------------------------------


def test_a_sentence_with_no_end_gives_each_link_a_bounded_claim_around_it() -> None:
    from linkaudit.extract.claims import ELLIPSIS, MAX_CLAIM_CHARS

    text = " ".join(f"source{n} here" for n in range(20_000))  # 300 KB and not one full stop
    for n in (0, 7_000, 19_999):
        fragment = f"source{n} here"
        claim = claim_for(text, fragment)
        assert fragment in claim
        assert len(claim) <= MAX_CLAIM_CHARS + 2 * len(ELLIPSIS)
        assert claim.startswith(ELLIPSIS) == (n != 0) and claim.endswith(ELLIPSIS) == (n != 19_999)
        assert not claim.strip(ELLIPSIS).startswith("ere") and " " not in (claim[1], claim[-2])  # cut between words


def test_the_full_extent_of_a_cut_sentence_is_still_known() -> None:
    text = "Before. " + " ".join(f"Word{n}" for n in range(1_000)) + " end. After."
    start = text.index("Word500")
    first, last = sentence_around(text, start, start + 7)
    assert text[first:last].startswith("Word0 ") and text[first:last].endswith(" end.")
    assert claim_for(text, "Word500") != text[first:last]


def test_a_long_sentence_of_short_whitespace_is_shown_whole() -> None:
    sentence = "A claim " + "  \t " * 400 + "with much blank space."
    assert claim_for(sentence, "claim") == "A claim with much blank space."


def test_a_paragraph_of_links_costs_claims_linear_in_its_size() -> None:
    from linkaudit.extract import extract
    from linkaudit.models import Document, DocumentKind

    # About 50 KB: ten times the longest sentence collapsed whole, eighty times the longest claim.
    links = "".join(f"[source {n}](https://s{n % 7}.example/{n}) " for n in range(1_500))
    extraction = extract(Document(source="p.md", text=links + "\n", kind=DocumentKind.MARKDOWN))
    assert len(extraction.citations) == 1_500
    assert sum(len(c.claim) for c in extraction.citations) < 1_500 * 610  # was 1,500 times the paragraph



# Collapsed text: printable, no space doubled (its only whitespace is lone spaces).
_COLLAPSED = st.lists(st.text(alphabet="ab.é", min_size=1, max_size=60), min_size=1, max_size=12).map(" ".join)


@given(_COLLAPSED, st.data())
def test_word_boundaries_in_collapsed_text_are_where_the_general_search_puts_them(text: str, data: st.DataObject) -> None:
    from linkaudit.extract.claims import _after_space, _before_space, _between_words

    floor = data.draw(st.integers(0, len(text)))
    ceiling = data.draw(st.integers(floor, len(text)))
    cut = data.draw(st.integers(floor, ceiling))
    if cut < len(text):  # the general search reads text[cut] unless the cut is at a bound
        assert _after_space(text, cut, floor, ceiling) == _between_words(text, cut, floor, ceiling, forward=True)
        assert _before_space(text, cut, floor, ceiling) == _between_words(text, cut, floor, ceiling, forward=False)

# --- claim ids --------------------------------------------------------------------------------

# Whitespace of several kinds, the ellipsis of a cut claim, and letters whose case folding is not
# their lower case (the Kelvin sign, the German sharp s, dotted capital I).
_CLAIM_TEXT = st.text(alphabet=st.sampled_from(list("ab AB.\t\n\x0b\x1c\x1f\u00a0\u2003\u2026\u00df\u212a\u0130")), max_size=16)


@given(_CLAIM_TEXT)
def test_a_claim_id_is_the_hash_of_the_claim_with_spacing_collapsed_and_case_folded(claim: str) -> None:
    import hashlib

    from linkaudit.models import claim_id_for

    expected = hashlib.sha256(" ".join(claim.split()).casefold().encode("utf-8")).hexdigest()[:12]
    assert claim_id_for(claim) == expected


def test_a_cut_claim_has_the_id_of_its_text_whatever_its_case_and_spacing() -> None:
    from linkaudit.extract.claims import ELLIPSIS
    from linkaudit.models import claim_id_for

    assert claim_id_for(f"{ELLIPSIS}The Council said so{ELLIPSIS}") == claim_id_for(f"{ELLIPSIS}the  council\tsaid SO{ELLIPSIS}")
    assert claim_id_for(f"{ELLIPSIS}The Council said so") != claim_id_for("The Council said so")


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("html", "<p>Sources: " + " ".join(f"<a href='https://a.example/{n}'>{n}</a>" for n in range(20)) + ".</p>"),
        ("markdown", "Sources: " + " ".join(f"[{n}](https://a.example/{n})" for n in range(20)) + ".\n"),
        ("text", "Sources: " + " ".join(f"https://a.example/{n}" for n in range(20)) + " all.\n"),
    ],
)
def test_links_that_share_a_claim_have_its_id_worked_out_once_and_not_kept_past_the_piece(kind, text, monkeypatch):
    from linkaudit.extract import extract
    from linkaudit.models import Document, DocumentKind
    from linkaudit.records import citations

    normalised: list[str] = []
    original = citations._normalised_claim
    monkeypatch.setattr(citations, "_normalised_claim", lambda claim: normalised.append(claim) or original(claim))
    citations.claim_id_for.cache_clear()
    extraction = extract(Document(source="piece", text=text, kind=DocumentKind(kind)))
    assert len(extraction.citations) == 20
    assert len({citation.claim for citation in extraction.citations}) == 1
    assert len(normalised) == 1
    assert citations.claim_id_for.cache_info().currsize == 0


@given(st.text(alphabet=st.sampled_from([" ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "a", "é", "."]) | st.characters()))
def test_collapsing_whitespace_turns_every_run_of_unicode_whitespace_into_one_space_and_trims(text: str) -> None:
    assert collapse_whitespace(text) == re.sub(r"\s+", " ", text).strip()
