"""The bundled example: an IISS commentary scraped as JS-escaped HTML, 8 citations on line 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkaudit.extract.escaped import looks_escaped
from linkaudit.extract.html import HtmlExtraction, extract_html
from linkaudit.models import Document, DocumentKind, claim_id_for

EXPECTED = [
    (
        "https://www.nytimes.com/2019/08/11/world/asia/north-korea-missile-test.html",
        "three new systems",
        "Sanctions continue apace, yet the latter half of that strategy is stalled, as the Democratic "
        "People’s Republic of Korea (DPRK) conducts an extraordinary series of missile tests, including "
        "the introduction over the past month of three new systems – to coincide with the South "
        "Korea–US summertime joint military exercises.",
    ),
    (
        "https://www.nytimes.com/2019/06/30/world/asia/trump-north-korea-dmz.html",
        "agreed to at Panmunjom",
        "When – and let us hope it is when and not if – Pyongyang resumes the working-level bilateral "
        "talks that North Korean Chairman Kim Jong-un and Trump agreed to at Panmunjom on 30 June, the "
        "US side will continue to seek a definition of the denuclearisation end state and a roadmap "
        "for reaching it.",
    ),
    (
        "https://nationalinterest.org/blog/korea-watch/"
        "why-security-guarantees-are-key-solving-north-korean-nuclear-crisis-64766",
        "speech",
        "Lifting sanctions is ‘trivial’, Kim said in a policy speech on 12 April, demanding instead an "
        "end to what North Korea calls the US ‘hostile policy’.",
    ),
    (
        "https://www.reuters.com/article/us-northkorea-southkorea-aircraft/"
        "north-korea-calls-south-koreas-f-35-jet-purchases-extremely-dangerous-action-idUSKCN1U60BJ",
        "transfer F-35 stealth fighter jets",
        "Most recently, Pyongyang has demanded the US not transfer F-35 stealth fighter jets to the "
        "Republic of Korea (ROK).",
    ),
    (
        "https://www.iiss.org/blogs/survival-blog/2018/08/call-end-korean-war",
        "political declaration of an end to the war",
        "This need not mean initiating negotiations on a treaty; rather, it should start with some of "
        "the many steps that might form part of a peace process, such as a political declaration of an "
        "end to the war, as Trump toyed with before the 12 June 2018 Singapore summit.",
    ),
    (
        "https://www.pbs.org/newshour/world/trump-said-he-got-a-beautiful-letter-from-north-koreas-kim-jong-un",
        "beautiful letters",
        "Trump has wisely engaged in unconditional diplomacy with North Korea, including the unusual "
        "exchanges of ‘beautiful letters’.",
    ),
    (
        "https://www.mofa.go.jp/region/asia-paci/n_korea/6party/joint0509.html",
        "Joint Statement of the Six Party Talks",
        "Exchanging liaison offices was also envisioned as part of the normalisation of relations "
        "called for in the 19 September 2005 Joint Statement of the Six Party Talks.",
    ),
    (
        "https://www.foxnews.com/world/what-us-liaison-office-in-north-korea-could-mean",
        "discussed",
        "The liaison office idea was also discussed at the Hanoi summit, but came to naught when Trump "
        "failed to get the greater denuclearisation deal he sought.",
    ),
]


@pytest.fixture
def raw(example_piece: Path) -> str:
    return example_piece.read_text(encoding="utf-8")


@pytest.fixture
def extraction(raw: str, example_piece: Path) -> HtmlExtraction:
    document = Document(source=str(example_piece), text=raw, kind=DocumentKind.HTML, escaped=True)
    return extract_html(document)


def test_the_piece_is_recognised_as_escaped_html(raw: str) -> None:
    assert looks_escaped(raw)


def test_exactly_eight_citations_in_reading_order(extraction: HtmlExtraction) -> None:
    assert [citation.anchor for citation in extraction.citations] == [anchor for _, anchor, _ in EXPECTED]


@pytest.mark.parametrize(("index", "expected"), list(enumerate(EXPECTED)))
def test_each_citation_has_its_url_anchor_and_whole_sentence(
    extraction: HtmlExtraction, index: int, expected: tuple[str, str, str]
) -> None:
    url, anchor, claim = expected
    citation = extraction.citations[index]
    assert citation.url == url
    assert citation.written == url
    assert citation.anchor == anchor
    assert citation.claim == claim
    assert citation.claim_id == claim_id_for(claim)
    assert not citation.internal
    assert not citation.ignored


@pytest.mark.parametrize(("index", "url"), [(index, url) for index, (url, _, _) in enumerate(EXPECTED)])
def test_each_location_is_line_1_at_the_first_character_of_the_escaped_url(
    extraction: HtmlExtraction, raw: str, example_piece: Path, index: int, url: str
) -> None:
    assert raw.count(url) == 1
    location = extraction.citations[index].location
    assert (location.source, location.line, location.column) == (str(example_piece), 1, raw.index(url) + 1)


def test_headings_come_from_the_h3_elements(extraction: HtmlExtraction) -> None:
    headings = [citation.heading for citation in extraction.citations]
    assert headings[0] is None
    assert headings[1:5] == ["'Security guarantees'"] * 4
    assert headings[5:] == ["Durable communication channels"] * 3


def test_the_trailing_javascript_and_summary_line_give_nothing(extraction: HtmlExtraction) -> None:
    assert extraction.non_citations == ()
    assert extraction.warnings == ()
    assert all("Mark Fitzpatrick argues" not in citation.claim for citation in extraction.citations)
