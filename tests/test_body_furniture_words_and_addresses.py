"""Body links: furniture told by its words (in several languages) or its address: teaser leads in
parentheses, the newsroom as a byline, the piece's next page, house policies, picture credits, a
map's larger view, follow calls, stock pictures and licences, a page's revision history, the
house's own promoted traffic, topic and donation pages, a box about the writer.

Each snippet keeps the words or the address shape of a page in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened and
with its names replaced. Each rule has a counter-example: the shape that stays a citation.
"""

from __future__ import annotations

import pytest

from body_snippets import PROSE, SOURCE, cited, extract_at, page, reasons
from linkaudit.extract.container_roles import ADVERT, AUTHOR, CREDIT, IMAGE, NAVIGATION, RELATED, SOCIAL, TAG

SITE = "https://www.linkwatch.example/politics/elections-candidates-669594"
OWN = "https://www.linkwatch.example/politics/bus-burnt-669493"
OTHER = "https://agency.example/report"


def _reason_for(href: str, *blocks: str, site: str = SITE) -> str | None:
    """Why the link written ``href`` is not a citation on a page of ``blocks`` (None: it is one)."""
    return reasons(extract_at(site, page(PROSE * 2, *blocks, PROSE))).get(href)


@pytest.mark.parametrize(
    "line",
    [
        f"(Le puede interesar: <a href='{OWN}'>Buscan responsables de bus quemado</a>)",
        f"(También puede leer: <a href='{OWN}'>Quintero dijo que en Antioquia también</a>)",
        f"También: <a href='{OWN}'>( Candidatos presidenciales rezagados)</a>",
    ],
)
def test_teaser_leads_in_parentheses_and_spanish_also_read_leads_are_teasers(line: str) -> None:
    assert _reason_for(OWN, f"<p>{line}</p>") == RELATED


def test_a_parenthesis_in_a_sentence_of_the_piece_stays_a_citation() -> None:
    line = f"(The candidates <a href='{OWN}'>met the students</a> on Tuesday at the university, as planned since March.)"
    assert OWN in cited(extract_at(SITE, page(PROSE * 2, f"<p>{line}</p>")))


@pytest.mark.parametrize("anchor", ["Redacción", "Redaktion LinkWatch.example", "Newsroom"])
def test_the_newsroom_named_as_the_byline_is_an_author_link(anchor: str) -> None:
    assert _reason_for("/cronologia/meta/redaccion", f"<p><a href='/cronologia/meta/redaccion'>{anchor}</a></p>") == AUTHOR


def test_the_newsroom_named_in_a_sentence_stays_a_citation() -> None:
    line = "<p>The paper's <a href='/newsroom-report'>Newsroom</a> report of last year counted forty journalists leaving the region.</p>"
    assert "https://www.linkwatch.example/newsroom-report" in cited(extract_at(SITE, page(PROSE * 2, line)))


@pytest.mark.parametrize("line", ["Seite 1 <a href='/previews,1,anno.html'>A wie Anno</a>", "... weiter zu <a href='/previews,1,anno.html'>\"die Wortwahl\"</a>"])
def test_a_line_to_the_pieces_next_page_is_navigation(line: str) -> None:
    assert _reason_for("/previews,1,anno.html", f"<p>{line}</p>") == NAVIGATION


def test_a_sentence_naming_a_page_number_stays_a_citation() -> None:
    line = "<p>Page 12 of the <a href='/previews,1,anno.html'>budget draft</a> lists the cuts the ministry proposed for next year's schools.</p>"
    assert "https://www.linkwatch.example/previews,1,anno.html" in cited(extract_at(SITE, page(PROSE * 2, line)))


@pytest.mark.parametrize("line", ["– alle Bilder von <a href='https://photographer.example/'>Eileen Doe</a> –", "All photos by <a href='https://photographer.example/'>Eileen Doe</a>"])
def test_a_line_crediting_all_pictures_is_a_credit(line: str) -> None:
    assert _reason_for("https://photographer.example/", f"<p>{line}</p>") == CREDIT


def test_pictures_by_a_maker_named_in_a_sentence_stay_a_citation() -> None:
    line = "<p>The exhibition shows pictures by <a href='https://photographer.example/'>Eileen Doe</a>, who photographed the valley for thirty years.</p>"
    assert "https://photographer.example/" in cited(extract_at(SITE, page(PROSE * 2, line)))


def test_a_maps_larger_view_is_the_picture_shown_larger() -> None:
    link = "https://maps.google.de/maps?q=Westviertel&source=embed"
    assert _reason_for(link, f"<p><small><a href='{link}'>Größere Kartenansicht</a></small></p>") == IMAGE


def test_a_follow_call_naming_the_channel_after_the_verb_makes_its_profiles_channels() -> None:
    line = (
        "<p>Puede escribirnos o seguir a Materia en <a href='https://www.facebook.com/Materia.Ciencia/'>Facebook</a>, "
        "<a href='https://twitter.com/materia_ciencia'>Twitter</a> o suscribirse aquí.</p>"
    )
    assert _reason_for("https://twitter.com/materia_ciencia", line) == SOCIAL


def test_a_network_named_in_a_sentence_without_a_follow_call_stays_a_citation() -> None:
    line = "<p>The minister announced the resignation on <a href='https://twitter.com/minister'>Twitter</a>, an hour before the cabinet met in the capital.</p>"
    assert "https://twitter.com/minister" in cited(extract_at(SITE, page(PROSE * 2, line)))


@pytest.mark.parametrize(
    "link",
    ["https://stock.adobe.com/de/images/deadline-concept/755112", "https://www.linkwatch.example/downloads/gnulicense.pdf"],
)
def test_a_stock_pictures_page_and_a_free_licence_are_credits(link: str) -> None:
    assert _reason_for(link, f"<p><a href='{link}'>Fotolia 755112 - deadline concept</a></p>") == CREDIT


def test_a_piece_about_licences_cites_the_licence_bodys_pages() -> None:
    for link in ("http://de.creativecommons.org/", "http://www.gnu.org/licenses/"):
        line = f"<p>The foundation publishes <a href='{link}'>its licences</a> in twelve languages, each checked by lawyers of the country.</p>"
        assert link in cited(extract_at(SITE, page(PROSE * 2, line))), link


def test_a_report_on_the_sites_downloads_stays_a_citation() -> None:
    link = "https://www.linkwatch.example/downloads/annual-report.pdf"
    assert link in cited(extract_at(SITE, page(PROSE * 2, f"<p>The <a href='{link}'>annual report</a> gives the figures for each district of the city.</p>")))


@pytest.mark.parametrize("link", ["http://de.wikipedia.org/w/index.php?title=Essen&action=history", "http://source.example.org/?p=source.git;a=history;f=blog.mdwn"])
def test_a_pages_revision_history_is_navigation(link: str) -> None:
    assert _reason_for(link, f"<p>In der Wikipedia ist eine Liste der <a href='{link}'>Autoren</a> verfügbar.</p>") == NAVIGATION


def test_a_wiki_page_itself_stays_a_citation() -> None:
    link = "http://de.wikipedia.org/w/index.php?title=Essen&oldid=12345"
    assert link in cited(extract_at(SITE, page(PROSE * 2, f"<p>The quarter's history is told in the <a href='{link}'>encyclopedia's article</a> on the city.</p>")))


def test_a_link_the_house_tagged_as_its_own_promoted_traffic_is_a_teaser() -> None:
    link = "https://www.tv.example/live-tv/ntv?utm_campaign=textlink&utm_source=rtl&utm_medium=owned"
    assert _reason_for(link, f"<p>+++ Alle Informationen finden Sie <a href='{link}'>rund um die Uhr im Stream +++</a></p>") == RELATED


def test_a_link_tagged_by_a_newsletter_campaign_stays_a_citation() -> None:
    link = "https://agency.example/report?utm_medium=email&utm_source=newsletter"
    assert link in cited(extract_at(SITE, page(PROSE * 2, f"<p>The agency <a href='{link}'>published its figures</a> on Monday, a week later than planned.</p>")))


def test_polish_topic_and_donation_pages_of_the_site_are_furniture() -> None:
    site = "https://club.example.pl/2021/04/22/urlop/"
    assert _reason_for("/tematy/", "<p><a href='/tematy/'>Tematy</a></p>", site=site) == TAG
    assert _reason_for("/zbiorka/wesprzyj-nas/", "<p><a href='/zbiorka/wesprzyj-nas/'>Wesprzyj nas</a></p>", site=site) == ADVERT
    assert _reason_for("/kalkulator-darowizn/", "<p>Wesprzyj nas lub <a href='/kalkulator-darowizn/'>przekaż nam 1% podatku</a>.</p>", site=site) == ADVERT


def test_a_polish_article_whose_address_starts_like_a_topic_stays_a_citation() -> None:
    site = "https://club.example.pl/2021/04/22/urlop/"
    link = "https://club.example.pl/tematyka-urlopow-rodzicielskich/"
    assert link in cited(extract_at(site, page(PROSE * 2, f"<p>We wrote on <a href='{link}'>parental leave</a> last year, when the law was changed by parliament.</p>")))


def _author_box(heading: str) -> str:
    return (
        f"<div class='textFazit'><h3>{heading}</h3><div class='inner'><div class='textBlock'><p><em>Robin Doe ist einer der Gründer "
        f"<a href='https://www.leasing.example/'>von Leasing.example</a>, einem Online-Marktplatz für Leasingangebote.</em></p></div></div></div>"
    )


@pytest.mark.parametrize("heading", ["Zur Person", "About the author", "Sobre el autor"])
def test_links_in_a_box_about_the_writer_are_author_links(heading: str) -> None:
    assert _reason_for("https://www.leasing.example/", _author_box(heading)) == AUTHOR


def test_links_in_a_box_under_another_heading_stay_citations() -> None:
    assert "https://www.leasing.example/" in cited(extract_at(SITE, page(PROSE * 2, _author_box("Der Markt"), SOURCE)))


@pytest.mark.parametrize(
    ("anchor", "line"),
    [
        ("...detail...", "Fantastic villa available for the first time with <a href='{href}'>...detail...</a>"),
        ("Zur vollständigen Leistungsübersicht", "<a href='{href}'>Zur vollständigen Leistungsübersicht</a>"),
        ("Lesen Sie hier einen weiteren Beitrag", "<a href='{href}'>Lesen Sie hier einen weiteren spannenden Beitrag …</a>"),
    ],
)
def test_pointers_to_a_listing_an_overview_or_another_article_are_furniture(anchor: str, line: str) -> None:
    href = "https://www.linkwatch.example/services/overview"
    assert _reason_for(href, f"<p>{line.format(href=href)}</p>") in (RELATED, NAVIGATION), anchor


def test_the_words_detail_or_overview_inside_a_sentence_stay_a_citation() -> None:
    href = "https://agency.example/overview-2021"
    line = f"<p>The agency's <a href='{href}'>overview of the details</a> shows the budget cut for every school district in the state.</p>"
    assert href in cited(extract_at(SITE, page(PROSE * 2, line)))


def test_a_link_under_the_editors_pick_heading_is_a_teaser() -> None:
    box = f"<div><h3>Redaktionstipp</h3><p><a href='{OWN}'>Die Suche im Mittelpunkt des Webshops</a></p></div>"
    assert _reason_for(OWN, box) == RELATED


def test_a_line_sending_the_reader_to_a_house_policy_is_navigation() -> None:
    line = "<p>For an explanation of our Advertising Policy, visit <a href='/advertising-policy/'>this page</a>.</p>"
    assert _reason_for("/advertising-policy/", line) == NAVIGATION


def test_a_sentence_about_a_companys_advertising_policy_stays_a_citation() -> None:
    line = "<p>The network changed <a href='https://network.example/ads-policy'>its advertising policy</a> last week, banning political adverts before the vote.</p>"
    assert "https://network.example/ads-policy" in cited(extract_at(SITE, page(PROSE * 2, line)))


@pytest.mark.parametrize(("href", "anchor"), [("/awad/rss1.xml", "RSS/XML"), ("/contribute/", "Donate")])
def test_a_numbered_feed_and_a_contribution_page_are_furniture(href: str, anchor: str) -> None:
    assert _reason_for(href, f"<p><a href='{href}'>{anchor}</a></p>") in (NAVIGATION, ADVERT)


def test_another_sites_topic_label_standing_alone_is_a_tag() -> None:
    assert _reason_for("https://www.sister.example/tag/200145?src=top", "<p><a href='https://www.sister.example/tag/200145?src=top'>Energie-Krise</a></p>") == TAG


def test_another_sites_topic_page_named_in_a_sentence_stays_a_citation() -> None:
    href = "https://www.other.example/tag/energy-crisis/"
    line = f"<p>The paper has collected its <a href='{href}'>reporting on the energy crisis</a> since the first winter of shortages.</p>"
    assert href in cited(extract_at(SITE, page(PROSE * 2, line)))


def test_a_headline_set_alone_in_parentheses_is_a_teaser_and_a_remark_in_parentheses_a_citation() -> None:
    # Set after the paragraph's text, below a break, as the news pages do between their paragraphs.
    assert _reason_for(OWN, f"<p>{PROSE}<br><br><a href='{OWN}'>( Reacción de candidatos a amenazas de muerte)</a></p>") == RELATED
    remark = f"<p>{PROSE}<br><br><a href='{OWN}'>(The paper reported that toys in rainbow colours had been seized at the border.)</a></p>"
    assert OWN in cited(extract_at(SITE, page(PROSE * 2, remark)))



def test_a_follow_call_naming_the_person_the_piece_is_about_keeps_their_accounts() -> None:
    line = "<p>Follow them on <a href='https://github.com/erin'>GitHub</a> or <a href='https://twitter.com/erin'>Twitter</a>.</p>"
    assert "https://twitter.com/erin" in cited(extract_at(SITE, page(PROSE * 2, line)))


def test_pictures_offered_by_a_service_are_no_credit_line() -> None:
    line = "<p>Bilder von der Pressekonferenz sind über das <a href='http://photos.chancellery.example/'>Fotoservice</a> kostenfrei abrufbar.</p>"
    assert "http://photos.chancellery.example/" in cited(extract_at(SITE, page(PROSE * 2, line)))
