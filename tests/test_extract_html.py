"""Citations in HTML: what counts, what it says, and exactly where it is in the file."""

from __future__ import annotations

import datetime as dt
import itertools
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkaudit.extract.html import HtmlExtraction, extract_html
from linkaudit.models import Document, DocumentKind, claim_id_for
from token_strings import joined

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


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*'<>a/ "\'=href:p!-\n&;#xhttps.', "<a href=", "</a>", "<p>", "<!--", "-->"]), max_size=60))
def test_the_extractor_never_raises_on_arbitrary_markup(tokens: list[str]) -> None:
    result = extract("".join(tokens))
    for citation in result.citations:
        assert citation.location.line >= 1 and citation.location.column >= 1


@settings(deadline=None)
@given(st.text(max_size=300))
def test_the_extractor_never_raises_on_arbitrary_text(text: str) -> None:
    extract(text)
    extract(text, scope="all")


URL = st.builds(
    "https://{}.example/{}".format,
    st.text(alphabet="abcdefgh", min_size=1, max_size=8),
    st.text(alphabet="abc012/-_.~?=&", max_size=12),
)
# A link's tag shape (quotes, spacing, other attributes, tag case, commented-out decoy first or
# not) is one character of a string of shapes; its URL and words are cut from two more strings.
# Three choices an example, not ten a link, which cost most of this property's time.
_SHAPES = list(itertools.product(['"', "'"], [" ", "\n", "  ", "\n  "], ["", 'class="c"', "title='a > b'"], ["a", "A"], [False, True]))
_SHAPE_STRINGS = st.text(alphabet="".join(chr(0x4E00 + index) for index in range(len(_SHAPES))), max_size=8)
_URL_PARTS = joined([*"abcdefgh", *"012/-_.~?=&", *"|" * 6], max_size=150)  # host|path|host|path..., cycled
_WORD_PARTS = joined([*"abc DEF.,!?'\"&<>\n’", *"|" * 3], max_size=150)  # words|words..., cycled


def _link_markup(shape: tuple[str, str, str, str, bool], url: str, words: str) -> str:
    quote, space, extra, tag, _ = shape
    extra = extra and space + extra
    return f"<{tag}{extra}{space}href={quote}{escape(url)}{quote}>{escape(words)}</{tag}>"


@settings(max_examples=150, deadline=None)
@given(_SHAPE_STRINGS, _URL_PARTS, _WORD_PARTS)
def test_every_location_points_at_the_url_as_written_in_the_file(shapes: str, url_parts: str, word_parts: str) -> None:
    url_cuts, words = itertools.cycle(url_parts.split("|")), itertools.cycle(word_parts.split("|"))
    pieces, urls = [], []
    for shape in (_SHAPES[ord(index) - 0x4E00] for index in shapes):
        host = "".join(c for c in next(url_cuts) if c in "abcdefgh")[:8] or "a"
        url = f"https://{host}.example/{next(url_cuts)[:12]}"
        markup = _link_markup(shape, url, next(words)[:25])
        if shape[4]:
            pieces.append(f"<!-- {markup} -->")  # a commented-out link must not steal the place
        pieces.append(f"<p>{escape(next(words)[:25])} {markup}</p>\n")
        urls.append(url)
    text = "".join(pieces)
    result = extract(text)
    assert [citation.url for citation in result.citations] == urls
    for citation in result.citations:
        on_disk = escape(citation.written)
        assert written_at(text, citation.location.line, citation.location.column, len(on_disk)) == on_disk


# --- the piece, not the page around it ----------------------------------------------------------

PROSE = "The council report found that two sea walls failed within an hour of the storm's peak. "


def article_page(article: str, *, before: str = "", after: str = "", head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>T</title>{head}</head><body>{before}{article}{after}</body></html>"


def taken(page: str, **options: str) -> list[str]:
    return [citation.url for citation in extract(page, **options).citations]


def reasons(page: str, **options: str) -> dict[str, str]:
    return {item.written: item.reason for item in extract(page, **options).non_citations}


def test_a_reader_comment_marked_up_as_the_first_article_is_not_the_piece() -> None:
    comment = "<article class='reply'><p>Great post! <a href='https://spam.example/'>my site</a></p></article>"
    piece = f"<article><p>{PROSE * 4}See <a href='https://source.example/report'>the report</a>.</p><p>{PROSE * 3}</p></article>"
    assert taken(article_page(piece, before=comment)) == ["https://source.example/report"]


def test_a_teaser_and_a_tiny_main_do_not_win_over_the_article_text() -> None:
    teaser = "<main>Top stories</main><div itemprop='articleBody'><p>Short teaser <a href='https://teaser.example/'>more</a></p></div>"
    piece = f"<div class='story'><p>{PROSE * 4}<a href='https://source.example/a'>source</a>.</p><p>{PROSE * 4}</p></div>"
    assert taken(article_page(piece, before=teaser)) == ["https://source.example/a"]


def test_a_menu_built_from_divs_and_lists_is_not_the_article() -> None:
    menu = "<div class='top'><ul>" + "".join(f"<li><a href='/section/{n}'>Section {n}</a></li>" for n in range(30)) + "</ul></div>"
    piece = f"<div><p>{PROSE * 5}<a href='https://source.example/b'>source</a>.</p><p>{PROSE * 5}</p></div>"
    page = article_page(piece, before=menu)
    assert taken(page, base_url="https://news.example/2020/story") == ["https://source.example/b"]
    assert len(taken(page, scope="all", base_url="https://news.example/2020/story")) == 31


FURNITURE = f"""<article><header><h1>Title</h1><p class="byline">By <a href="https://news.example/author/jane/">Jane</a></p></header>
<div class="entry-content"><p>{PROSE * 4}<a href="https://source.example/study">The study</a> says so.</p><p>{PROSE * 4}</p>
<blockquote cite="https://source.example/speech"><p>We will build it.</p></blockquote>
<div class="sharedaddy"><a href="https://news.example/story?share=facebook">Facebook</a> <a href="https://twitter.com/intent/tweet?url=x">Tweet</a></div>
<p class="tags">Tags: <a href="https://news.example/tag/storms/" rel="tag">storms</a></p>
<div class="author-box"><a href="https://twitter.com/jane">@jane</a></div>
<div class="newsletter"><a href="https://news.example/subscribe">Subscribe</a></div>
<ul class="related-posts"><li><a href="https://news.example/other">Other story</a></li></ul>
<section id="comments"><p>Nice <a href="https://spam.example/">spam</a></p></section>
</div>
</article>"""


def test_furniture_inside_the_article_is_listed_as_non_citations_with_its_reason() -> None:
    page = article_page(FURNITURE)
    assert taken(page, base_url="https://news.example/story") == ["https://source.example/study", "https://source.example/speech"]
    # The byline sits in the article's header, outside the body text: neither cited nor listed.
    assert reasons(page, base_url="https://news.example/story") == {
        "https://news.example/story?share=facebook": "share button",
        "https://twitter.com/intent/tweet?url=x": "share button",
        "https://news.example/tag/storms/": "tag or category link",
        "https://twitter.com/jane": "author or byline link",
        "https://news.example/subscribe": "newsletter or social-profile link",
        "https://news.example/other": "related-content teaser",
        "https://spam.example/": "reader comment",
    }


def test_scope_all_keeps_every_link_of_the_furniture_as_a_citation() -> None:
    assert len(taken(article_page(FURNITURE), scope="all")) == 10


def test_a_list_of_the_sites_own_pages_is_a_teaser_list_and_a_list_of_sources_is_not() -> None:
    own = "<ul>" + "".join(f"<li><a href='/2020/story-{n}'>Story {n}</a></li>" for n in range(4)) + "</ul>"
    sources = "<ul>" + "".join(f"<li><a href='https://s{n}.example/'>Source {n}</a></li>" for n in range(4)) + "</ul>"
    page = article_page(f"<article><p>{PROSE * 5}</p>{own}<p>{PROSE * 3}</p>{sources}</article>")
    assert taken(page, base_url="https://news.example/2020/piece") == [f"https://s{n}.example/" for n in range(4)]
    assert set(reasons(page, base_url="https://news.example/2020/piece").values()) == {"related-content teaser"}


def test_the_cite_of_a_quotation_is_a_citation_placed_exactly_with_the_quotation_as_claim() -> None:
    text = '<p>He said <q cite="https://q.example/talk">we shall see</q>.</p>\n<blockquote\n  cite="https://b.example/book"><p>Call me Ishmael.</p></blockquote>'
    inline, block = extract(text).citations
    assert (inline.url, inline.claim, inline.anchor) == ("https://q.example/talk", "we shall see", "")
    assert (block.url, block.claim) == ("https://b.example/book", "Call me Ishmael.")
    assert written_at(text, inline.location.line, inline.location.column, 22) == "https://q.example/talk"
    assert (block.location.line, block.location.column) == (3, 9)


def test_xml_namespaces_are_never_citations() -> None:
    page = article_page(
        f"<article><p>{PROSE * 3}<svg xmlns='http://www.w3.org/2000/svg'><a href='https://svg.example/'>s</a></svg>"
        f"<span xmlns:dc='http://purl.org/dc/terms/'>See <a href='https://ok.example/'>this</a>.</span></p></article>"
    ).replace("<html>", "<html xmlns='http://www.w3.org/1999/xhtml'>")
    for scope in ("article", "all"):
        assert taken(page, scope=scope) == ["https://ok.example/"]
        # The drawing's own link is listed (it is no text of the page); no namespace is a link.
        assert reasons(page, scope=scope) == {"https://svg.example/": "not in the page's text: inside <svg>"}


def test_links_after_the_end_of_the_body_and_of_the_page_are_read() -> None:
    text = "<html><body><p>In <a href='https://in.example/'>i</a>.</p></body>\n<p>After <a href='https://after.example/'>a</a>.</p></html>\n<p>Last <a href='https://last.example/'>l</a>.</p>"
    result = extract(text)
    assert [c.url for c in result.citations] == ["https://in.example/", "https://after.example/", "https://last.example/"]
    last = result.citations[-1]
    assert (last.location.line, last.location.column) == (3, text.split("\n")[2].index("https://") + 1)


@pytest.mark.parametrize(("tag", "depth"), [("blockquote", 100), ("div", 3000), ("div", 5000), ("span", 2046)])
def test_links_under_very_deep_nesting_and_after_it_are_read_at_their_exact_place(tag: str, depth: int) -> None:
    text = (
        "<html><body>" + f"<{tag}>" * depth + "<p>Deep <a href='https://deep.example/'>d</a>.</p>" + f"</{tag}>" * depth
        + "\n<p>After <a href='https://after.example/'>a</a>.</p></body></html>"
    )
    result = extract(text, scope="all")
    assert [c.url for c in result.citations] == ["https://deep.example/", "https://after.example/"]
    deep, after = result.citations
    assert deep.location.column == text.index("https://deep") + 1
    assert (after.location.line, after.location.column) == (2, text.split("\n")[1].index("https://") + 1)
    assert deep.claim == "Deep d."


NESTING = st.sampled_from(["div", "blockquote", "section", "span", "ul", "li", "table", "td", "em"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(NESTING, max_size=40), URL, st.booleans()), min_size=1, max_size=6), st.booleans())
def test_no_link_is_lost_whatever_the_nesting_and_whatever_follows_the_page(
    parts: list[tuple[list[str], str, bool]], trailing: bool
) -> None:
    pieces = ["<html><body>"]
    for tags, url, closed in parts:
        opening = "".join(f"<{tag}>" for tag in tags)
        closing = "".join(f"</{tag}>" for tag in reversed(tags)) if closed else ""
        pieces.append(f"{opening}<a href='{escape(url)}'>x</a>{closing}")
    pieces.append("</body></html>")
    if trailing:
        pieces.append("<p><a href='https://trailing.example/'>t</a></p>")
    text = "".join(pieces)
    result = extract(text, scope="all")
    listed = [c.written for c in result.citations] + [n.written for n in result.non_citations]
    expected = [url for _, url, _ in parts] + (["https://trailing.example/"] if trailing else [])
    assert sorted(listed) == sorted(expected)
    for citation in result.citations:
        on_disk = escape(citation.written)
        assert written_at(text, citation.location.line, citation.location.column, len(on_disk)) == on_disk


def test_read_more_links_and_links_that_only_enlarge_a_picture_are_not_citations() -> None:
    page = article_page(
        f"<article><p>{PROSE * 5}<a href='https://source.example/c'>source</a>.</p>"
        "<p><a href='/uploads/storm.jpg'><img src='/uploads/storm-small.jpg' alt=''></a></p>"
        f"<p>{PROSE * 2}<a href='/2020/older-story'>Read more »</a></p></article>"
    )
    assert taken(page, base_url="https://news.example/2020/piece") == ["https://source.example/c"]
    assert reasons(page, base_url="https://news.example/2020/piece") == {
        "/uploads/storm.jpg": "link to an image file",
        "/2020/older-story": "related-content teaser",
    }


def test_a_class_naming_the_posts_category_does_not_make_the_article_furniture() -> None:
    # WordPress puts the post's categories and tags in its classes: "category-social", "tag-newsletter".
    page = article_page(
        f"<article class='post category-social tag-newsletter'><div class='entry-content'><p>{PROSE * 5}"
        "<a href='https://source.example/d'>source</a>.</p></div></article>"
    )
    assert taken(page) == ["https://source.example/d"]


def test_a_teaser_set_in_the_text_and_a_picture_credit_are_not_citations() -> None:
    page = article_page(
        f"<article><p>{PROSE * 5}<a href='https://source.example/e'>source</a>.</p>"
        "<p>MORE: <a href='https://news.example/2020/other'>Council votes on the sea wall budget</a></p>"
        "<figure><img src='x.jpg'><figcaption>Foto: Jane Doe | <a href='https://photos.example/jane/1'>photos</a> | CC BY 2.0"
        f"</figcaption></figure><p>{PROSE * 3}</p></article>"
    )
    assert taken(page) == ["https://source.example/e"]
    assert reasons(page) == {
        "https://news.example/2020/other": "related-content teaser",
        "https://photos.example/jane/1": "picture credit",
    }
