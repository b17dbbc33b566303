"""Body links: lines and lists of the site's own pages that are furniture by their shape.

A line that is a short label ending in a colon and then one headline of the site's own, linked
whole, is a teaser of another of its articles, whatever words the label uses ("Lesetipp:", "Auch
auf <site>:", "Nota relacionada:", "Mehr zum Anspruch auf Lohnfortzahlung:"). A name or a word
after a label, a source line, a reference after its author's name, a document, another site's page
and a link inside a sentence stay citations. A short label of its own over headlines of the site's
own says the same. A list of the site's pages that holds the page itself is its section's menu,
and a line of them joined by path signs its breadcrumb.

The snippets keep the shape of lines of pages in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened and
with their names replaced: a horoscope magazine's "Lesetipp:" and "Auch auf <site>:" lines between
its paragraphs, a news site's "Nota relacionada:", an economics forum's reference list, an
arborist's list of its pages marking "(diese Seite)".
"""

from __future__ import annotations

import pytest

from body_snippets import PROSE, cited, extract_at, page, reasons
from linkaudit.extract.container_roles import NAVIGATION, RELATED

MAGAZINE = "https://www.magazine.linkwatch.example/horoscope/love-in-january-s4055611.html"
OWN_ARTICLE = "/horoscope/which-signs-match-s2163440.html"
OWN_URL = f"https://www.magazine.linkwatch.example{OWN_ARTICLE}"


def _between_paragraphs(line: str) -> str:
    return page(PROSE * 2, f"<p>{line}</p>", PROSE * 2)


@pytest.mark.parametrize("label", ["Lesetipp:", "Auch auf magazine:", "Nota relacionada:", "Mehr zum Anspruch auf Lohnfortzahlung:", "See also:"])
def test_a_labelled_headline_of_the_sites_own_is_a_teaser_whatever_its_label(label: str) -> None:
    extraction = extract_at(MAGAZINE, _between_paragraphs(f"{label} <a href='{OWN_ARTICLE}'>Which signs match perfectly?</a>"))
    assert OWN_URL not in cited(extraction)
    assert reasons(extraction)[OWN_ARTICLE] == RELATED


@pytest.mark.parametrize(
    ("line", "why"),
    [
        (f"Hersteller: <a href='{OWN_ARTICLE}'>Google</a>", "a name after a label is no headline"),
        (f"Quelle: <a href='{OWN_ARTICLE}'>Our earlier report on the signs</a>", "a source line"),
        (f"Quaas, Georg: <a href='{OWN_ARTICLE}'>A comment on the latest forecast</a>", "a reference after its author's name"),
        ("Download: <a href='/files/horoscope-2023-report.pdf'>The full yearly report</a>", "a document the piece offers"),
        (f"Sources: <a href='{OWN_ARTICLE}'>Which signs match perfectly?</a> and more to come in our archive", "more after the link"),
        ("Infos: <a href='https://www.other.example/horoscope/signs'>Which signs match perfectly?</a>", "another site's page"),
    ],
)
def test_a_label_before_something_else_than_an_own_headline_stays_a_citation(line: str, why: str) -> None:
    extraction = extract_at(MAGAZINE, _between_paragraphs(line))
    assert len(cited(extraction)) == 1, why


SERVICE_PAGE = "http://www.arborist.linkwatch.example/tree-survey.htm"


def _section_menu(current: str) -> str:
    items = "".join(
        f"<li><span class='read'><a href='{href}'>{name}</a> {rest}<br></span></li>"
        for href, name, rest in (
            (current, "Tree survey", "(this page)"),
            ("tree-value.htm", "Tree valuation", "by the Koch method"),
            ("oak.htm", "Oak", "tree description"),
            ("birch.htm", "Birch", "tree description"),
        )
    )
    return page(PROSE * 2, f"<ul>{items}</ul>", PROSE)


def test_a_list_of_the_sites_pages_holding_the_page_itself_is_its_sections_menu() -> None:
    extraction = extract_at(SERVICE_PAGE, _section_menu("tree-survey.htm"))
    assert cited(extraction) == []
    assert reasons(extraction)["oak.htm"] == NAVIGATION


def test_a_list_of_the_sites_pages_without_the_page_itself_is_read_as_before() -> None:
    extraction = extract_at(SERVICE_PAGE, _section_menu("tree-care.htm"))
    assert "http://www.arborist.linkwatch.example/oak.htm" in cited(extraction)


def test_a_table_of_contents_jumping_within_the_page_is_no_menu_of_other_pages() -> None:
    extraction = extract_at(SERVICE_PAGE, _section_menu("tree-survey.htm#method"))
    assert "http://www.arborist.linkwatch.example/oak.htm" in cited(extraction)


NEWS = "https://www.news.linkwatch.example/news/prime-minister-met-the-chancellor"


def _after_the_text(label: str, *cards: str) -> str:
    return page(PROSE * 3, f"<p class='subheading'><strong>{label}</strong></p>", *(f"<div><div class='card'>{card}</div></div>" for card in cards))


def test_a_short_label_of_its_own_over_headlines_of_the_site_is_a_teaser_list_whatever_its_words() -> None:
    extraction = extract_at(
        NEWS,
        _after_the_text(
            "Lue seuraavaksi:",
            "<a href='/news/5082c76c'>Germany also struggles to attract foreign workers</a>",
            "<a href='/news/8975cfb7'>Prosecutor: the inquiry means grounds to suspect an offence</a>",
        ),
    )
    assert cited(extraction) == []
    assert reasons(extraction)["/news/5082c76c"] == RELATED


def test_a_label_over_other_sites_pages_and_one_of_the_sites_own_keeps_them_all() -> None:
    extraction = extract_at(
        NEWS,
        _after_the_text(
            "Archiv:",
            "Video: <a href='https://video.example/watch?v=Jm4V'>Birthday event in Shanghai</a>",
            "<a href='/about/offices-abroad/'>Our offices around the world</a>",
        ),
    )
    assert "https://www.news.linkwatch.example/about/offices-abroad/" in cited(extraction)


def test_a_further_information_label_over_headlines_of_the_site_keeps_them() -> None:
    extraction = extract_at(NEWS, _after_the_text("Weitere Informationen:", "<a href='/news/5082c76c'>Germany also struggles to attract foreign workers</a>", "<a href='/news/8975cfb7'>Prosecutor: the inquiry means grounds to suspect an offence</a>"))
    assert len(cited(extraction)) == 2


def test_a_line_of_the_sites_pages_joined_by_path_signs_is_a_breadcrumb() -> None:
    for line in ("<a href='/section/national/'>National</a> <a href='/section/national/courts/'>/ courts</a>", "<a href='/'>Home</a> › <a href='/section/national/'>National</a>"):
        extraction = extract_at(NEWS, page(f"<div class='topline'>{line}</div>", PROSE * 3))
        assert cited(extraction) == [], line
        assert reasons(extraction)["/section/national/"] == NAVIGATION


def test_a_line_joining_another_sites_pages_by_a_slash_stays_cited() -> None:
    line = "<a href='https://agency.example/one'>One</a> / <a href='/section/national/'>National</a>"
    extraction = extract_at(NEWS, page(PROSE * 3, f"<p>{line}</p>"))
    assert len(cited(extraction)) == 2
