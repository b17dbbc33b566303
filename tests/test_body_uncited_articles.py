"""Body links: an article whose text cites nothing gives its sources, if it has any, in a box
beside its text, and that box may stand in a column or an aside that reads as the site's by its
name. Such a box, opened by a further-information heading, is then read as the piece's: another
site's page and the site's documents are its sources, the site's other pages and an account on a
network its furniture. An article that cites in its text keeps its sidebar outside it.

The snippets keep the structure of two pages in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened and
with their names replaced: a sports federation's news item whose info column ("sidebar") lists
date, author and a "Weitere Informationen" box of the results; a ministry's topic page whose
<aside> in its <main> holds "Zusatzinformationen", boxes opened by buttons.
"""

from __future__ import annotations

from body_snippets import PROSE, cited, extract_at, reasons
from linkaudit.extract.container_roles import RELATED, SOCIAL

NEWS_ITEM = "https://www.federation.linkwatch.example/news/detail/high-jump-record/"
RESULTS = "https://www.results.example/info.php?id=18788"
ACCOUNT = "https://www.facebook.com/federation.linkwatch.example/"


def _news_item(text: str, *, heading: str = "Weitere Informationen") -> str:
    column = (
        "<div class='sidebar'><div><h6 class='headline-small'>News info</h6><ul class='info-tools'><li>Autor Jane Doe</li>"
        "<li class='infotool-categories'><a href='/news/athletics/'>Athletics</a></li></ul>"
        f"<h6 class='headline-small'>{heading}</h6><ul class='info-tools'><li><a href='{RESULTS}'>Results from the meeting</a></li>"
        f"<li><a href='{ACCOUNT}'>More pictures on our Facebook page</a></li><li><a href='/news/archive/'>All our news</a></li></ul>"
        "<div class='campaignbox'><h6>Premium partner</h6><a href='https://sponsor.example/'>Sponsor</a></div></div></div>"
    )
    return (
        "<html><body><nav><a href='/'>Home</a></nav><section><div class='row'><div class='content'><div class='article'>"
        f"<h1>High jump record</h1><div class='news-text-wrap' itemprop='articleBody'>{text}</div></div></div>{column}</div></section></body></html>"
    )


def test_an_article_citing_nothing_in_its_text_gives_the_further_information_box_of_its_side_column() -> None:
    extraction = extract_at(NEWS_ITEM, _news_item(f"<p>{PROSE}</p><p>{PROSE}</p>"))
    assert cited(extraction) == [RESULTS]
    # The site's account on a network and its other pages in the box stay furniture.
    assert reasons(extraction)[ACCOUNT] == SOCIAL
    assert reasons(extraction)["/news/archive/"] == RELATED
    # The rest of the column is not read as the article.
    assert "https://sponsor.example/" not in cited(extraction) and "https://sponsor.example/" not in reasons(extraction)


def test_an_article_citing_in_its_text_keeps_its_side_column_outside_it() -> None:
    source = "https://agency.example/report"
    extraction = extract_at(NEWS_ITEM, _news_item(f"<p>{PROSE}</p><p>Officials <a href='{source}'>reported</a> the figures.</p>"))
    assert cited(extraction) == [source]
    assert RESULTS not in reasons(extraction)


def test_a_side_column_box_under_another_heading_stays_outside_an_article_citing_nothing() -> None:
    extraction = extract_at(NEWS_ITEM, _news_item(f"<p>{PROSE}</p><p>{PROSE}</p>", heading="Meistgelesene News"))
    assert cited(extraction) == []
    assert RESULTS not in reasons(extraction)


TOPIC_PAGE = "https://www.ministry.linkwatch.example/research/energy-transition_node.html"
PROGRAMME = "http://www.programme.example/en/index.php"
BROCHURE = "/SharedDocs/Publications/bioeconomy.pdf?__blob=publicationFile"
ORDER_FORM = "/SiteGlobals/Forms/cart/Cart_Form.html?cart23680=%2B1"


def _topic_page(heading: str) -> str:
    def toggled_box(title: str, links: str) -> str:
        return (
            "<div class='c-box js-simple-box-toggle'><button class='c-box__headline-wrapper'><span class='c-box__headline'>"
            f"{title}</span></button><section class='c-box__content'>{links}</section></div>"
        )

    aside = (
        f"<aside class='small-12 large-4 column'><div class='c-supplement'><h2 class='aural'>{heading}</h2>"
        + toggled_box("Research programmes", f"<ul><li><a class='c-box-teaser' href='{PROGRAMME}'>Research for sustainability</a></li></ul>")
        + toggled_box("Publikationen", f"<a href='{BROCHURE}'>Download (PDF, 7MB)</a> <a href='{ORDER_FORM}'>Bestellen</a>")
        + "</div></aside>"
    )
    return (
        "<html><body><nav><a href='/'>Home</a></nav><main class='main'><div class='row'><div class='large-8 column'>"
        f"<h1>Energy transition</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>{aside}</div></main></body></html>"
    )


def test_an_aside_in_an_article_citing_nothing_gives_the_wrapper_its_further_information_heading_opens() -> None:
    extraction = extract_at(TOPIC_PAGE, _topic_page("Zusatzinformationen"))
    # The other site's page behind a teaser-classed button, and the site's own document.
    assert cited(extraction) == [PROGRAMME, f"https://www.ministry.linkwatch.example{BROCHURE}"]
    assert reasons(extraction)[ORDER_FORM] == RELATED


def test_a_further_information_heading_in_a_toggle_button_opens_the_box_after_it() -> None:
    page = _topic_page("Aside").replace("Research programmes", "Mehr Informationen")
    extraction = extract_at(TOPIC_PAGE, page)
    assert cited(extraction) == [PROGRAMME]


def test_an_aside_under_another_heading_stays_furniture_of_an_article_citing_nothing() -> None:
    extraction = extract_at(TOPIC_PAGE, _topic_page("Aside"))
    assert cited(extraction) == []


def test_a_heading_classed_span_inside_a_heading_leaves_the_heading_to_it() -> None:
    # A wiki's section heading holds its title in a span classed "mw-headline" and an edit link:
    # the span opens no box of its own, so the edit link beside it is not read as one.
    wiki = "https://wiki.linkwatch.example/index.php/Actor"
    heading = "<h2><span class='mw-headline'>External Links</span><span>[<a href='/index.php?title=Actor&amp;action=edit&amp;section=6'>edit</a>]</span></h2>"
    text = f"<div class='mw-content'><p>{PROSE}</p><p>{PROSE}</p><p>Officials <a href='https://agency.example/report'>reported</a> it.</p></div>"
    extraction = extract_at(wiki, f"<html><body><nav><a href='/'>Home</a></nav><div id='body'>{text}<div class='after'>{heading}</div></div></body></html>")
    assert cited(extraction) == ["https://agency.example/report"]
    assert "/index.php?title=Actor&action=edit&section=6" not in reasons(extraction)
