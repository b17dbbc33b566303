"""Citations in plain text: bare URLs, trimmed the way a reader would trim them."""

from __future__ import annotations

import pytest
from cost import cpu_seconds
from hypothesis import given
from hypothesis import strategies as st

from linkaudit.extract.text import TextExtraction, extract_text, find_bare_urls
from linkaudit.models import Document, DocumentKind


def urls_in(text: str) -> list[str]:
    return [text[start:end] for start, end in find_bare_urls(text)]


def extract(text: str) -> TextExtraction:
    return extract_text(Document(source="piece.txt", text=text, kind=DocumentKind.TEXT))


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("See https://example.org/a.", "https://example.org/a"),
        ("See https://example.org/a, then", "https://example.org/a"),
        ("Really https://example.org/a?!", "https://example.org/a"),
        ("(see https://example.org/a)", "https://example.org/a"),
        ("(see https://example.org/a).", "https://example.org/a"),
        ("[https://example.org/a]", "https://example.org/a"),
        ('"https://example.org/a"', "https://example.org/a"),
        ("‘https://example.org/a’", "https://example.org/a"),
        ("<https://example.org/a>", "https://example.org/a"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("(https://en.wikipedia.org/wiki/Foo_(bar))", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("https://en.wikipedia.org/wiki/Foo_(bar).", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("at www.example.com/page?x=1&y=2; then", "www.example.com/page?x=1&y=2"),
        ("HTTP://EXAMPLE.ORG/A", "HTTP://EXAMPLE.ORG/A"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
    ],
)
def test_bare_urls_lose_trailing_punctuation_and_unbalanced_brackets(text: str, url: str) -> None:
    assert urls_in(text) == [url]


@pytest.mark.parametrize("text", ["http://", "https:// nothing", "user@www.example.com", "xhttps://a.example", "www."])
def test_things_that_are_not_urls_are_not_found(text: str) -> None:
    assert urls_in(text) == []


def test_a_url_dragging_a_long_run_of_closing_brackets_is_trimmed_in_linear_time() -> None:
    short, long = ("https://a.example/x" + ")" * count for count in (12_500, 100_000))
    assert urls_in(long) == ["https://a.example/x"]
    # 8x the brackets costs about 8x the CPU, never 64x: no step recounts the brackets.
    ratio = cpu_seconds(lambda: urls_in(long)) / cpu_seconds(lambda: urls_in(short))
    assert ratio < 24, f"8x the brackets cost {ratio:.1f}x the CPU"


def test_each_url_gets_its_sentence_place_and_itself_as_anchor() -> None:
    text = "Notes\n\nThe study found it (https://a.example/s). A second one\nagrees: https://b.example/t.\n"
    first, second = extract(text).citations
    assert (first.url, first.anchor, first.written) == ("https://a.example/s",) * 3
    assert first.claim == "The study found it (https://a.example/s)."
    assert second.claim == "A second one agrees: https://b.example/t."
    assert (first.location.line, first.location.column) == (3, 21)
    assert (second.location.line, second.location.column) == (4, 9)
    assert first.heading == second.heading == "Notes"


def test_www_urls_are_checked_over_https() -> None:
    [citation] = extract("Go to www.example.com now.").citations
    assert (citation.url, citation.written, citation.internal) == ("https://www.example.com", "www.example.com", False)


def test_list_items_are_separate_claims() -> None:
    text = "Sources:\n- https://a.example/\n- https://b.example/\n"
    first, second = extract(text).citations
    assert first.claim == "- https://a.example/"
    assert first.claim_id != second.claim_id


def test_two_urls_in_one_sentence_share_one_claim() -> None:
    first, second = extract("Both https://a.example/ and https://b.example/ agree.").citations
    assert first.claim_id == second.claim_id


def test_title_comes_from_a_title_field_or_a_heading_like_first_line() -> None:
    assert extract("Title: The Piece\nDate: 2020-01-01\n\nBody https://a.example/.").title == "The Piece"
    assert extract("A Heading\n\nBody text.").title == "A Heading"
    assert extract("A first sentence that is prose.\nMore.").title is None


@given(st.text(max_size=300))
def test_the_extractor_never_raises_on_arbitrary_text(text: str) -> None:
    extract(text)


PROSE = st.text(alphabet="ab .,;:!?()[]'\"\n‘’", max_size=20)
URL = st.builds(
    "https://{}.example/{}{}".format,
    st.text(alphabet="abcdefgh", min_size=1, max_size=8),
    st.text(alphabet="abc012/-_~=&.", max_size=12),
    st.sampled_from(["/", "z", "9", "-", "(x)"]),  # how a URL may end: never in prose punctuation
)


@given(st.lists(st.tuples(PROSE, URL), max_size=8), PROSE)
def test_every_location_points_at_the_url_in_the_file(parts: list[tuple[str, str]], tail: str) -> None:
    text = "".join(f"{prose} {url} " for prose, url in parts) + tail
    result = extract(text)
    assert [citation.url for citation in result.citations] == [url for _, url in parts]
    lines = text.split("\n")
    for citation in result.citations:
        line = lines[citation.location.line - 1]
        assert line[citation.location.column - 1 :].startswith(citation.written)


def test_a_paragraph_of_urls_is_cut_from_the_piece_once_not_once_per_url(monkeypatch: pytest.MonkeyPatch) -> None:
    # Cut once per URL, a paragraph of 37,000 URLs after a title was copied 37,000 times (1 MB each).
    from linkaudit.extract import text as text_module

    calls: list[int] = []
    enclosing = text_module._enclosing
    monkeypatch.setattr(text_module, "_enclosing", lambda *args: calls.append(1) or enclosing(*args))
    found = extract("Title\n\n" + "https://e.example/some/path " * 500 + "\n\nLast https://f.example/ here.")
    assert len(found.citations) == 501
    assert len(calls) == 2  # one per block with URLs in it
    assert found.citations[0].claim.startswith("https://e.example/some/path") and found.citations[-1].claim == "Last https://f.example/ here."
