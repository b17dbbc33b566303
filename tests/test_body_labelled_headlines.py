"""Body links: a line that is a short label ending in a colon and then one headline of the site's
own, linked whole, is a teaser of another of its articles, whatever words the label uses ("Lesetipp:",
"Auch auf <site>:", "Nota relacionada:", "Mehr zum Anspruch auf Lohnfortzahlung:"). A name or a word
after a label, a source line, a reference after its author's name, a document, another site's page
and a link inside a sentence stay citations.

The snippets keep the shape of lines of pages in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened and
with their names replaced: a horoscope magazine's "Lesetipp:" and "Auch auf <site>:" lines between
its paragraphs, a news site's "Nota relacionada:", an economics forum's reference list.
"""

from __future__ import annotations

import pytest

from body_snippets import PROSE, cited, extract_at, page, reasons
from linkaudit.extract.container_roles import RELATED

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
        (f"Download: <a href='/files/horoscope-2023-report.pdf'>The full yearly report</a>", "a document the piece offers"),
        (f"Sources: <a href='{OWN_ARTICLE}'>Which signs match perfectly?</a> and more to come in our archive", "more after the link"),
        (f"Infos: <a href='https://www.other.example/horoscope/signs'>Which signs match perfectly?</a>", "another site's page"),
    ],
)
def test_a_label_before_something_else_than_an_own_headline_stays_a_citation(line: str, why: str) -> None:
    extraction = extract_at(MAGAZINE, _between_paragraphs(line))
    assert len(cited(extraction)) == 1, why
