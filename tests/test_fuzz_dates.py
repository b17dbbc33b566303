"""What a hostile page costs to date: a date is written with digits, so a page that holds none
(a megabyte of links in words) is not searched for one; a page with any digit is, whatever its
script. What is checked is whether htmldate is asked, never time."""

from __future__ import annotations

import datetime as dt

import htmldate
import lxml.html
import pytest

from linkaudit.extract import extract
from linkaudit.models import Document, DocumentKind


@pytest.fixture
def htmldate_asked(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each call to htmldate: whether it searched the text at large."""
    calls: list[bool] = []
    find_date = htmldate.find_date

    def recorded(tree: lxml.html.HtmlElement, **options: object) -> str | None:
        calls.append(bool(options["extensive_search"]))
        return find_date(tree, **options)

    monkeypatch.setattr(htmldate, "find_date", recorded)
    return calls


def _published(markup: str) -> dt.date | None:
    extraction = extract(Document(source="page.html", text=markup, kind=DocumentKind.HTML))
    return extraction.published.date if extraction.published else None


def test_a_page_of_links_without_a_digit_is_not_searched_for_a_date(htmldate_asked):
    page = "<p>" + "<a href='https://f.example/p'>source</a> " * 2_000 + "</p>"
    assert _published(page) is None
    assert htmldate_asked == []


def test_a_digit_anywhere_sends_the_page_to_htmldate(htmldate_asked):
    page = "<p>" + "<a href='https://f.example/p'>source</a> " * 200 + "in room 7.</p>"
    assert _published(page) is None
    assert htmldate_asked == [False, True]


@pytest.mark.parametrize(
    "digits",
    [
        "2019",  # ASCII
        "\u0662\u0660\u0661\u0669",  # Arabic-Indic: matched by \d, read by int()
        "\u00b2\u00b3\u00b9\u00b2",  # superscripts: not \d, but counted by htmldate's str.isdigit
    ],
)
def test_digits_of_any_script_send_the_page_to_htmldate(htmldate_asked, digits):
    page = f"<html><body><p>Written in {digits}, with <a href='https://f.example/p'>a source</a>.</p></body></html>"
    _published(page)
    assert htmldate_asked, f"a page with {digits!r} was not dated"


def test_a_dated_byline_without_other_digits_is_still_read():
    page = "<html><body><p>Veröffentlicht am 05.03.2020</p><p><a href='https://f.example/p'>source</a></p></body></html>"
    assert _published(page) == dt.date(2020, 3, 5)
