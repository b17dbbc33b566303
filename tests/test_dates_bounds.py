"""Dating reads a bounded share of a page, however long the page: its work grows with the page up
to a bound, then stops. What is measured is what is read (characters handed on, elements touched),
never time."""

from __future__ import annotations

import datetime as dt

import htmldate
import lxml.etree
import lxml.html
import pytest

from linkaudit.extract.dates import PAGE_READ_CHARS, TEXT_SEARCH_CHARS, page_date
from linkaudit.extract.declared_dates import labelled_byline

MEGABYTE = 1024 * 1024
_FILLER = "<p>A paragraph of the piece, some fifty characters long.</p>"


@pytest.fixture
def htmldate_reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, int]]:
    """Each call to htmldate: whether it searched the text at large, and the characters of text
    in the tree it was given."""
    calls: list[tuple[bool, int]] = []
    find_date = htmldate.find_date

    def recorded(tree: lxml.html.HtmlElement, **options: object) -> str | None:
        calls.append((bool(options["extensive_search"]), len(tree.text_content())))
        return find_date(tree, **options)

    monkeypatch.setattr(htmldate, "find_date", recorded)
    return calls


def test_a_megabyte_of_title_tags_reaches_htmldate_cut_to_the_bounds(htmldate_reads):
    # bench_fuzz.py's title run: a <title> holds raw text, so the page is one title of a
    # megabyte, with no date; htmldate reads markup, then searches the text at large.
    assert page_date("<title>" * (MEGABYTE // len("<title>"))) is None
    assert [extensive for extensive, _ in htmldate_reads] == [False, True]
    (_, markup_read), (_, text_searched) = htmldate_reads
    assert 0 < markup_read <= PAGE_READ_CHARS
    assert 0 < text_searched <= TEXT_SEARCH_CHARS


def test_a_short_page_reaches_htmldate_whole(htmldate_reads):
    page = "<html><body>" + _FILLER * 100 + "</body></html>"
    assert page_date(page) is None
    assert [chars for _, chars in htmldate_reads] == [len(lxml.html.document_fromstring(page).text_content())] * 2


def test_a_long_pages_date_is_read_from_its_start():
    byline = "<p>Veröffentlicht am 05.03.2020</p>"
    filler = _FILLER * (PAGE_READ_CHARS // len(_FILLER) + 1)
    assert page_date(f"<html><body>{byline}{filler}</body></html>") == dt.date(2020, 3, 5)
    assert page_date(f"<html><body>{filler}{byline}</body></html>") is None


def test_the_byline_search_stops_with_its_bound_however_many_elements_follow():
    touched = []

    class Counted(lxml.html.HtmlElement):
        def _init(self) -> None:  # called for each element the search makes an object of
            touched.append(self.tag)

    parser = lxml.html.HTMLParser(huge_tree=True)
    parser.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(element=Counted))
    paragraphs = 30_000
    tree = lxml.html.document_fromstring(
        "<html><body><p>Veröffentlicht am 05.03.2020</p>" + _FILLER * paragraphs + "</body></html>", parser=parser
    )
    touched.clear()
    assert labelled_byline(tree) == dt.date(2020, 3, 5)
    assert 0 < len(touched) < paragraphs // 20
