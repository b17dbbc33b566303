"""Citations in HTML: what counts, what it says, and exactly where it is in the file."""

from __future__ import annotations

import datetime as dt
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkaudit.extract.html import HtmlExtraction, extract_html
from linkaudit.models import Document, DocumentKind, claim_id_for

PAGE = """<!DOCTYPE html>
<html><head><title>The  Piece</title>
<meta property="og:title" content="Open Graph title">
<meta property="article:published_time" content="2020-01-02T10:00:00Z">
<meta name="citation_publication_date" content="2020/01/02">
<meta name="DC.date" content="2020-01-03">
<meta property="og:url" content="https://site.example/og">
<link rel="canonical" href="https://site.example/2020/01/piece">
<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2020-01-04"}]}</script>
</head><body>
<nav><a href="https://site.example/">Home</a> <a href="https://cited.example/a">Same URL as a citation</a></nav>
<header class="site"><a href="https://site.example/about">About</a></header>
<article>
<header><h1>Big title</h1><time datetime="2020-01-05">5 Jan</time> <a href="https://author.example/">By X</a></header>
<h2>First part</h2>
<p>Mr. Smith said it <A HREF="https://cited.example/a">was
  <em>true</em></a> and <a href='https://other.example/b?x=1&amp;y=2'>also this</a>. Next sentence.</p>
<aside><a href="https://aside.example/">Related</a></aside>
<h2>Second part</h2>
<p>Unquoted <a href=https://unquoted.example/ title="t">link</a> here.</p>
<div id="comments"><p>Nice! <a href="https://spam.example/">spam</a></p></div>
</article>
<footer><a href="https://footer.example/">Footer</a></footer>
<script>document.write('<a href="https://script.example/">x</a>')</script>
</body></html>
"""


def extract(text: str, *, scope: str = "article", base_url: str | None = None, source: str = "piece.html") -> HtmlExtraction:
    return extract_html(Document(source=source, text=text, kind=DocumentKind.HTML), scope=scope, base_url=base_url)


def written_at(text: str, line: int, column: int, length: int) -> str:
    return text.split("\n")[line - 1][column - 1 : column - 1 + length]


def test_a_full_page_counts_only_the_article_body() -> None:
    urls = [citation.url for citation in extract(PAGE).citations]
    assert urls == [
        "https://cited.example/a",
        "https://other.example/b?x=1&y=2",
        "https://unquoted.example/",
    ]


def test_scope_all_takes_every_link_but_never_those_in_scripts() -> None:
    urls = [citation.url for citation in extract(PAGE, scope="all").citations]
    assert "https://site.example/" in urls
    assert "https://footer.example/" in urls
    assert "https://spam.example/" in urls
    assert "https://script.example/" not in urls
    assert len(urls) == 10


def test_locations_point_at_the_url_even_when_the_same_url_sits_earlier_in_the_nav() -> None:
    for citation in extract(PAGE).citations:
        line, column = citation.location.line, citation.location.column
        assert written_at(PAGE, line, column, len("https://")) == "https://"
    first = extract(PAGE).citations[0]
    assert first.location.line == PAGE.split("\n").index(
        next(line for line in PAGE.split("\n") if "Mr. Smith" in line)
    ) + 1


def test_written_keeps_the_url_with_entities_decoded() -> None:
    second = extract(PAGE).citations[1]
    assert second.written == "https://other.example/b?x=1&y=2"
    assert written_at(PAGE, second.location.line, second.location.column, 35) == "https://other.example/b?x=1&amp;y=2"


def test_two_links_in_one_sentence_make_one_claim() -> None:
    first, second, _ = extract(PAGE).citations
    assert first.claim == second.claim == "Mr. Smith said it was true and also this."
    assert first.claim_id == second.claim_id == claim_id_for(first.claim)


def test_anchor_text_includes_nested_markup_with_whitespace_collapsed() -> None:
    assert extract(PAGE).citations[0].anchor == "was true"


def test_heading_is_the_nearest_preceding_heading() -> None:
    assert [citation.heading for citation in extract(PAGE).citations] == ["First part", "First part", "Second part"]


def test_title_prefers_the_title_element_then_og_title_then_h1() -> None:
    assert extract(PAGE).title == "The Piece"
    assert extract('<html><head><meta property="og:title" content="OG"></head><body><h1>H</h1></body></html>').title == "OG"
    assert extract("<html><body><h1>The <em>H1</em></h1><p>x</p></body></html>").title == "The H1"
    assert extract("<p>No title at all.</p>").title is None


def test_a_fragment_is_taken_whole() -> None:
    fragment = '<nav><a href="https://n.example/">n</a></nav><p>See <a href="https://p.example/">this</a>.</p>'
    assert [citation.url for citation in extract(fragment).citations] == ["https://n.example/", "https://p.example/"]


@pytest.mark.parametrize("container", ['div class="entry-content"', 'div itemprop="articleBody"', "main", 'div id="content"'])
def test_common_body_containers_are_found(container: str) -> None:
    tag = container.split()[0]
    page = (
        '<html><body><div class="sidebar"><a href="https://side.example/">side</a></div>'
        f'<{container}><p>Text with <a href="https://body.example/">a source</a>.</p></{tag}></body></html>'
    )
    assert [citation.url for citation in extract(page).citations] == ["https://body.example/"]


def test_without_a_named_container_the_densest_text_block_is_the_body() -> None:
    prose = "A long sentence about the subject that makes this block the densest on the page. " * 3
    page = (
        '<html><body><div><p><a href="https://menu.example/">Menu</a></p></div>'
        f'<div><p>{prose}<a href="https://body.example/">source</a>.</p><p>{prose}</p></div></body></html>'
    )
    assert [citation.url for citation in extract(page).citations] == ["https://body.example/"]


def test_an_article_of_several_sections_with_no_named_container_is_taken_whole() -> None:
    result = extract(
        "<!doctype html><html><body><nav><a href='https://nav.example/'>Home</a></nav><div><h1>Essay</h1>"
        "<section><p>The first part is long enough to count as prose. See <a href='https://one.example/'>one</a>.</p>"
        "</section><section><p>The second part is longer still and goes on for a while, the densest section of"
        " all here. See <a href='https://two.example/'>two</a>.</p></section>"
        "<p>Closing words with <a href='https://three.example/'>three</a>.</p></div>"
        "<footer><p>Footer text <a href='https://foot.example/'>f</a>.</p></footer></body></html>"
    )
    assert [c.url for c in result.citations] == ["https://one.example/", "https://two.example/", "https://three.example/"]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # a long paragraph and a short closing one, in sibling blocks: both are the article
        ("<html><body><div><div><p>" + "word " * 80 + "<a href='https://art.example/1'>one</a></p></div>"
         "<div><p>Also <a href='https://art.example/2'>two</a>.</p></div></div></body></html>",
         ["https://art.example/1", "https://art.example/2"]),
        # the article's text sits in a div, not a paragraph; a list of links beside it is a menu
        ("<html><body><div><div>" + "word " * 80 + "<a href='https://art.example/1'>one</a>.</div></div>"
         "<div><ul><li><a href='https://nav.example/r'>r</a></li><li><a href='https://nav.example/s'>s</a></li>"
         "</ul></div></body></html>",
         ["https://art.example/1"]),
    ],
)
def test_the_unnamed_article_body_keeps_all_its_prose_and_no_menu(page: str, expected: list[str]) -> None:
    assert [c.url for c in extract(page).citations] == expected


def test_links_below_deep_unclosed_markup_are_not_lost() -> None:
    markup = "<html><body>" + "".join(f"<div class='row'>Para {n}." for n in range(400))
    markup += "<p>Final <a href='https://end.example/'>e</a>.</p>"
    [citation] = extract(markup).citations
    assert citation.url == "https://end.example/" and citation.location.column == markup.index("https://end") + 1


def test_a_malformed_url_is_a_non_citation_and_the_rest_of_the_piece_counts() -> None:
    result = extract("<p>Use <a href='https://[your-domain]/feed'>your feed</a> or <a href='https://ok.example/'>ours</a>.</p>")
    assert [c.url for c in result.citations] == ["https://ok.example/"]
    assert [n.reason.split(" (")[0] for n in result.non_citations] == ["malformed URL"]


def test_an_href_wrapped_over_two_lines_is_checked_as_one_url() -> None:
    # As browsers do: tabs and line breaks inside a URL are dropped (spaces are not).
    [citation] = extract('<p>See <a href="https://nl.example/long-\npath">it</a>.</p>').citations
    assert citation.url == "https://nl.example/long-path"


def test_a_link_quoted_in_a_textarea_does_not_take_the_place_of_the_real_one() -> None:
    text = '<p><textarea><a href="https://same.example/">x</a></textarea></p>\n<p>Real <a href="https://same.example/">one</a>.</p>'
    [citation] = extract(text).citations
    assert (citation.location.line, citation.location.column) == (2, text.split("\n")[1].index("https://") + 1)


def test_image_links_take_their_alt_text_as_anchor() -> None:
    [citation] = extract('<p><a href="https://img.example/"><img src="c.png" alt="A chart"></a></p>').citations
    assert citation.anchor == "A chart"


def test_non_citations_are_listed_with_their_reason_and_place() -> None:
    text = (
        '<p><a href="mailto:a@b.example">m</a> <a href="tel:+441234">t</a> <a href="javascript:void(0)">j</a>\n'
        '<a href="data:text/plain,hi">d</a> <a href="#top">f</a></p>'
    )
    result = extract(text)
    assert result.citations == ()
    assert [item.reason for item in result.non_citations] == [
        "e-mail address",
        "telephone number",
        "script link",
        "inline data",
        "in-page fragment",
    ]
    for item in result.non_citations:
        assert written_at(text, item.location.line, item.location.column, len(item.written)) == item.written


def test_relative_links_are_internal_without_a_base_and_resolved_with_one() -> None:
    text = '<p>See <a href="/notes/a">the notes</a>.</p>'
    [internal] = extract(text).citations
    assert (internal.url, internal.internal) == ("/notes/a", True)
    [resolved] = extract(text, base_url="https://site.example/2020/piece").citations
    assert (resolved.url, resolved.internal, resolved.written) == ("https://site.example/notes/a", False, "/notes/a")


def test_a_base_element_sets_the_base_for_relative_links() -> None:
    text = '<html><head><base href="https://cdn.example/docs/"></head><body><p><a href="x">x</a></p></body></html>'
    assert extract(text).citations[0].url == "https://cdn.example/docs/x"


def test_robust_links_attributes_give_the_version_url_and_date() -> None:
    text = (
        '<p><a href="https://r.example/" data-versionurl="https://web.archive.org/web/20200101000000/https://r.example/"'
        ' data-versiondate="2020-01-01T12:00:00Z">r</a> <a href="https://s.example/" data-versiondate="2019-05-06">s</a>'
        ' <a href="https://t.example/" data-versiondate="soon">t</a></p>'
    )
    first, second, third = extract(text).citations
    assert first.version_url == "https://web.archive.org/web/20200101000000/https://r.example/"
    assert first.version_date == dt.date(2020, 1, 1)
    assert (second.version_url, second.version_date) == (None, dt.date(2019, 5, 6))
    assert third.version_date is None
    assert any("soon" in warning for warning in extract(text).warnings)


def test_the_skip_marker_ignores_a_link_by_attribute_class_or_preceding_comment() -> None:
    text = (
        '<p><a href="https://a.example/" data-linkaudit="skip">a</a> <a class="x linkaudit-skip" href="https://b.example/">b</a>'
        ' <!-- linkaudit-skip --> <a href="https://c.example/">c</a> <a href="https://d.example/">d</a></p>'
    )
    assert [citation.ignored for citation in extract(text).citations] == [True, True, True, False]


def test_multi_line_tags_upper_case_and_single_quotes_are_located() -> None:
    text = "<p>Text\n<A\n  class='x'\n  HREF = 'https://m.example/'\n>multi</A>.</p>"
    [citation] = extract(text).citations
    assert (citation.location.line, citation.location.column) == (4, 11)


def test_links_in_comments_do_not_shift_the_locations_of_real_ones() -> None:
    text = '<!-- <a href="https://x.example/">old</a> --><p><a href="https://x.example/">new</a></p>'
    [citation] = extract(text).citations
    assert citation.location.column == text.rindex("https://x.example/") + 1


def test_broken_markup_still_gives_its_links() -> None:
    text = '<div><p>Unclosed <a href="https://u.example/">link <b>bold</p><p>Next <a href="https://v.example/">v</a>'
    result = extract(text)
    assert [citation.url for citation in result.citations] == ["https://u.example/", "https://v.example/"]


@pytest.mark.parametrize("text", ["", "   \n ", '<?xml version="1.0" encoding="utf-8"?>', "\x00\x01<a href=x>", "<<<>>>"])
def test_empty_and_odd_input_gives_no_error(text: str) -> None:
    result = extract(text)
    assert isinstance(result, HtmlExtraction)


def test_an_xml_declaration_does_not_stop_parsing() -> None:
    text = '<?xml version="1.0" encoding="utf-8"?>\n<p><a href="https://x.example/">x</a></p>'
    [citation] = extract(text).citations
    assert (citation.location.line, citation.location.column) == (2, 13)


@settings(max_examples=150)
@given(st.lists(st.sampled_from([*'<>a/ "\'=href:p!-\n&;#xhttps.', "<a href=", "</a>", "<p>", "<!--", "-->"]), max_size=60))
def test_the_extractor_never_raises_on_arbitrary_markup(tokens: list[str]) -> None:
    result = extract("".join(tokens))
    for citation in result.citations:
        assert citation.location.line >= 1 and citation.location.column >= 1


@given(st.text(max_size=300))
def test_the_extractor_never_raises_on_arbitrary_text(text: str) -> None:
    extract(text)
    extract(text, scope="all")


WORDS = st.text(alphabet="abc DEF.,!?'\"&<>\n’", max_size=25)
URL = st.builds(
    "https://{}.example/{}".format,
    st.text(alphabet="abcdefgh", min_size=1, max_size=8),
    st.text(alphabet="abc012/-_.~?=&", max_size=12),
)
TAG_SPACE = st.sampled_from([" ", "\n", "  ", "\n  "])
QUOTE = st.sampled_from(['"', "'"])


@st.composite
def link_markup(draw: st.DrawFn) -> tuple[str, str]:
    url = draw(URL)
    quote = draw(QUOTE)
    space = draw(TAG_SPACE)
    extra = draw(st.sampled_from(["", f'{space}class="c"', f"{space}title='a > b'"]))
    tag = draw(st.sampled_from(["a", "A"]))
    markup = f"<{tag}{extra}{space}href={quote}{escape(url)}{quote}>{escape(draw(WORDS))}</{tag}>"
    return url, markup


@settings(max_examples=150)
@given(st.lists(st.tuples(WORDS, link_markup(), st.booleans()), max_size=8))
def test_every_location_points_at_the_url_as_written_in_the_file(parts: list[tuple[str, tuple[str, str], bool]]) -> None:
    pieces = []
    for words, (_, markup), decoy in parts:
        if decoy:
            pieces.append(f"<!-- {markup} -->")  # a commented-out link must not steal the place
        pieces.append(f"<p>{escape(words)} {markup}</p>\n")
    text = "".join(pieces)
    result = extract(text)
    assert [citation.url for citation in result.citations] == [url for _, (url, _), _ in parts]
    for citation in result.citations:
        on_disk = escape(citation.written)
        assert written_at(text, citation.location.line, citation.location.column, len(on_disk)) == on_disk
