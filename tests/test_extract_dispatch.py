"""The extract stage end to end: read, sniff, dispatch by kind, date; bad input never stops the run."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from linkaudit.extract import REPEATED, extract, extract_sources, read_sources
from linkaudit.extract.common import LineIndex
from linkaudit.extract.html import IN_SCRIPTS_ONLY
from linkaudit.models import DateSource, Document, DocumentKind
from linkaudit.settings import Settings

EXAMPLE_ANCHORS = [
    "three new systems",
    "agreed to at Panmunjom",
    "speech",
    "transfer F-35 stealth fighter jets",
    "political declaration of an end to the war",
    "beautiful letters",
    "Joint Statement of the Six Party Talks",
    "discussed",
]


@pytest.fixture
def loose_example(example_piece, tmp_path):
    # A copy outside any repository: its date must come from the piece itself, not from git.
    copy = tmp_path / example_piece.name
    shutil.copyfile(example_piece, copy)
    return copy


def test_the_example_piece_is_escaped_html_with_eight_citations_dated_by_its_sources(loose_example):
    (document,), errors = read_sources([str(loose_example)], Settings().extract)
    assert errors == []
    assert (document.kind, document.escaped) == (DocumentKind.HTML, True)
    extraction = extract(document)
    assert [c.anchor for c in extraction.citations] == EXAMPLE_ANCHORS
    assert {c.location.line for c in extraction.citations} == {1}
    for citation in extraction.citations:
        raw_from_column = document.text[citation.location.column - 1 :]
        assert raw_from_column.startswith(citation.url.replace("/", "\\/")) or raw_from_column.startswith(
            citation.url
        )
    speech = extraction.citations[2]
    assert speech.claim == (
        "Lifting sanctions is ‘trivial’, Kim said in a policy speech on 12 April, demanding instead an end "
        "to what North Korea calls the US ‘hostile policy’."
    )
    # Nothing in the page dates it: the newest cited source bounds it, and that is no publication date.
    assert extraction.published is None
    assert extraction.not_before.date == dt.date(2019, 8, 11)
    assert "nytimes.com/2019/08/11" in extraction.not_before.detail


def test_the_example_in_the_repository_is_still_dated_by_its_sources(example_piece):
    (extraction,), errors = extract_sources([str(example_piece)])
    assert errors == []
    assert extraction.published is None
    assert extraction.not_before.date == dt.date(2019, 8, 11)


def test_published_option_overrides_everything(loose_example):
    (extraction,), _ = extract_sources([str(loose_example)], Settings(published=dt.date(2019, 8, 20)).extract)
    assert (extraction.published.date, extraction.published.source) == (dt.date(2019, 8, 20), DateSource.OPTION)


def test_markdown_and_text_pieces_are_dispatched_with_their_dates(tmp_path):
    markdown = tmp_path / "post.md"
    markdown.write_text("---\ntitle: Post\ndate: 12 April 2019\n---\nA [source](https://a.example/x).\n")
    plain = tmp_path / "notes.txt"
    plain.write_text("Notes\nDate: 2020-05-06\n\nSee https://b.example/y for more.\n")
    (md, txt), errors = extract_sources([str(markdown), str(plain)])
    assert errors == []
    assert (md.kind, md.title, md.published.date, md.published.source) == (
        DocumentKind.MARKDOWN,
        "Post",
        dt.date(2019, 4, 12),
        DateSource.FRONT_MATTER,
    )
    assert (txt.kind, txt.published.date, txt.published.source) == (
        DocumentKind.TEXT,
        dt.date(2020, 5, 6),
        DateSource.TEXT_HEADER,
    )
    assert [c.url for c in md.citations + txt.citations] == ["https://a.example/x", "https://b.example/y"]


def test_a_fetched_page_resolves_relative_links_and_is_dated_by_its_url():
    document = Document(
        source="https://news.example/2021/03/02/story",
        text="# Story\n\nSee [the report](../report.html).\n",
        kind=DocumentKind.MARKDOWN,
        base_url="https://news.example/2021/03/02/story",
    )
    extraction = extract(document)
    assert extraction.citations[0].url == "https://news.example/2021/03/report.html"
    assert (extraction.published.date, extraction.published.source) == (dt.date(2021, 3, 2), DateSource.PIECE_URL)


def test_a_script_built_page_is_read_from_its_escaped_payload(tmp_path):
    page = (
        '<!DOCTYPE html><html><head><title>Story | Site</title><script src="/app.js"></script></head>\n'
        '<body><div id="__next"></div><script id="__NEXT_DATA__" type="application/json">'
        '{"body":"\\u003cp\\u003eThe study \\u003ca href=\\"https://study.example/x\\"\\u003efound\\u003c/a\\u003e it.'
        '\\u003c/p\\u003e"}</script></body></html>\n'
    )
    path = tmp_path / "story.html"
    path.write_text(page, encoding="utf-8")
    [extraction], errors = extract_sources([str(path)])
    assert errors == []
    [citation] = extraction.citations
    assert (citation.url, citation.claim, extraction.title) == ("https://study.example/x", "The study found it.", "Story | Site")
    line = page.splitlines()[citation.location.line - 1]
    assert line[citation.location.column - 1 :].startswith("https://study.example/x")
    assert any("escaped in its scripts" in warning for warning in extraction.warnings)


def _escaped(html: str) -> str:
    return html.replace("<", "\\u003c").replace(">", "\\u003e").replace('"', '\\"')


_ARTICLE = (
    "The committee met on Tuesday and heard from three witnesses about the budget. "
    "Its chair said the report would follow within a month, as the rules require."
)


def _page_with_scripts(tmp_path, carried: str):
    """The extraction of a page whose markup holds its article with no link, and whose scripts
    carry ``carried``."""
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in _ARTICLE.split(". "))
    page = (
        "<!DOCTYPE html><html><head><title>Story | Site</title></head>\n"
        f"<body><nav><a href='/'>Home</a></nav><article>{paragraphs * 3}</article>\n"
        f'<script>window.__STATE__ = {{"html":"{_escaped(carried)}"}};</script></body></html>\n'
    )
    return _extracted(tmp_path, page)


def _extracted(tmp_path, page: str):
    path = tmp_path / "story.html"
    path.write_text(page, encoding="utf-8")
    [extraction], errors = extract_sources([str(path)])
    assert errors == []
    return extraction


def test_the_linked_copy_of_the_article_in_its_scripts_gives_its_citations_and_nothing_else(tmp_path):
    # A CMS may print the article's text without its links and keep the linked copy in a script,
    # beside its menus: the links of the article's own sentences are its citations.
    carried = (
        '<ul class="menu"><li><a href="https://news.example/sport/">Sport news of the week</a></li></ul>'
        '<p>The committee met on Tuesday and heard from <a href="https://parliament.example/witnesses">'
        "three witnesses</a> about the budget.</p>"
    )
    extraction = _page_with_scripts(tmp_path, carried)
    assert [citation.url for citation in extraction.citations] == ["https://parliament.example/witnesses"]
    assert ("https://news.example/sport/", IN_SCRIPTS_ONLY) in {(n.written, n.reason) for n in extraction.non_citations}


def test_menus_and_toolbars_in_the_scripts_of_a_page_that_holds_its_article_are_not_citations(tmp_path):
    carried = (
        '<div id="wpadminbar"><a href="https://blog-host.example/">Reader</a> '
        '<a href="https://blog-host.example/log-in">Log in now.</a></div>'
        '<p>New shirts available! All of the sale goes to the foundation. Click <a href="https://shop.example">Here</a></p>'
    )
    extraction = _page_with_scripts(tmp_path, carried)
    assert extraction.citations == ()
    assert not any("escaped in its scripts" in warning for warning in extraction.warnings)


def test_an_article_held_twice_by_a_pages_scripts_cites_each_source_once(tmp_path):
    # prensa.com-curata.html (trafilatura's tests/eval) keeps its article in two script payloads:
    # each source was cited twice. The second copy is listed with its place, not cited again.
    copy = '<p>The study <a href="https://study.example/x">found</a> it, the minister said.</p>'
    share = '<p><a href="https://www.facebook.com/sharer/sharer.php?u=x">Share</a></p>'
    page = (
        "<!DOCTYPE html><html><head><title>Story | Site</title></head>\n<body><div id='app'></div>\n"
        f'<script>window.__FIRST__ = {{"html":"{_escaped(copy)}"}};</script>\n'
        f'<script>window.__CACHE__ = {{"html":"{_escaped(copy)}"}};</script>\n'
        f'<script>window.__TOOLS__ = {{"html":"{_escaped(share)}"}};</script></body></html>\n'
    )
    extraction = _extracted(tmp_path, page)
    [citation] = extraction.citations
    [repeat] = [link for link in extraction.non_citations if link.reason == REPEATED]
    assert (citation.location.line, repeat.location.line) == (3, 4)
    assert repeat.written == citation.written == "https://study.example/x"
    places = [(link.location.line, link.location.column) for link in extraction.non_citations]
    assert places == sorted(places)


def test_a_markdown_piece_citing_one_source_twice_in_one_sentence_keeps_both_places(tmp_path):
    # An authored file is annotated at every place it cites: only a page's repeated copies are folded.
    path = tmp_path / "piece.md"
    path.write_text("The [study](https://study.example/x) and [study](https://study.example/x) agree.\n", encoding="utf-8")
    [extraction], _ = extract_sources([str(path)])
    assert [citation.location.column for citation in extraction.citations] == [13, 50]


def test_document_warnings_are_carried_into_the_extraction(tmp_path):
    piece = tmp_path / "latin.txt"
    piece.write_bytes("Caf\xe9 \x93quoted\x94 https://a.example/x\n".encode("latin-1"))
    (extraction,), errors = extract_sources([str(piece)])
    assert errors == []
    assert any("cp1252" in warning for warning in extraction.warnings)
    assert extraction.citations[0].url == "https://a.example/x"


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: p.write_bytes(b"\x7fELF\x00\x01\x02 binary"), "binary"),
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_bytes(b"x" * 200), "larger than the 100 bytes limit"),
        (lambda p: None, "no such file"),
    ],
    ids=["binary", "empty", "over-limit", "missing"],
)
def test_bad_input_is_one_line_naming_the_file_and_the_run_goes_on(tmp_path, make, problem):
    good = tmp_path / "good.md"
    good.write_text("[ok](https://ok.example)")
    bad = tmp_path / "bad.md"
    make(bad)
    extractions, errors = extract_sources([str(bad), str(good)], Settings(max_file_bytes=100).extract)
    assert [e.source for e in extractions] == [str(good)]
    (error,) = errors
    message = str(error)
    assert message.startswith(f"{bad}: ") and problem in message
    assert "\n" not in message


def test_locations_in_every_kind_point_into_the_file_as_on_disk(tmp_path):
    html = tmp_path / "page.html"
    html.write_text("<html><body><article><p>A <a href='https://h.example/1'>claim</a>.</p></article></body></html>")
    markdown = tmp_path / "page.md"
    markdown.write_text("Intro.\n\n> A [claim](https://m.example/2).\n")
    extractions, _ = extract_sources([str(html), str(markdown)])
    for extraction in extractions:
        text = open(extraction.path, encoding="utf-8").read()
        index = LineIndex(text)
        for citation in extraction.citations:
            offset = index.offset(citation.location.line, citation.location.column)
            assert text.startswith(citation.written, offset)
