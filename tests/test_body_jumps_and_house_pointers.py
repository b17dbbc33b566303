"""Body links: jumps within the page written as its full address, an archived page's e-mail
address, and the house's pointers to its own pages (its category pages, "Mehr erfahren", the
overview of a series, the reuse-rights service).

Each snippet keeps the structure of a page in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened and
with its names replaced. Each rule has a counter-example: the shape that stays a citation.
"""

from __future__ import annotations

import pytest

from body_snippets import PROSE, SOURCE, cited, extract_at, page, reasons
from linkaudit.extract.container_roles import ADVERT, COMMENT, CREDIT, NAVIGATION, RELATED, SHARE, SOCIAL, TAG

SITE = "https://www.linkwatch.example/c/returns-and-sustainability/s1000934"
REPORT = "https://agency.example/report"


# --- the page's own address with a fragment: a jump within the page ------------------------------


def test_the_pages_own_address_with_a_fragment_is_a_jump_within_the_page() -> None:
    # A shop's guide opens with a table of contents written as full addresses ("…/s1000934#1003404").
    jump = f"{SITE}#10034042"
    extraction = extract_at(SITE, page(f"<p><a href='{jump}'>Schritt für Schritt Anleitung zur Rücksendung</a></p>", PROSE * 2, SOURCE))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[jump] == "in-page fragment"


def test_another_page_of_the_site_with_a_fragment_stays_a_citation() -> None:
    other = "https://www.linkwatch.example/c/how-we-ship/s1000935#packaging"
    extraction = extract_at(SITE, page(PROSE * 2, f"As our <a href='{other}'>shipping report</a> showed, the boxes shrank by a third this year.", SOURCE))
    assert other in cited(extraction)


def test_the_pages_own_comments_keep_their_reason() -> None:
    comments = f"{SITE}#comments"
    extraction = extract_at(SITE, page(PROSE * 2, SOURCE, f"<p><a href='{comments}'>12 Kommentare</a></p>"))
    assert reasons(extraction)[comments] == COMMENT


# --- an archived page's e-mail address ------------------------------------------------------------

ARCHIVED = "https://web.archive.org/web/20160820205919/http://www.linkwatch.example/2016/01/a-job-in-munich/"


def test_an_archived_pages_mailto_link_is_an_e_mail_address() -> None:
    # The Wayback Machine rewrites every link of a replayed page, a mailto: one too ("/web/2016…/mailto:…").
    mailto = "/web/20160820205919/mailto:kontakt@linkwatch.example"
    extraction = extract_at(ARCHIVED, page(PROSE * 2, f"Bewerbungen bis zum 15. Februar 2016 an <a href='{mailto}'>kontakt@linkwatch.example</a>."))
    assert cited(extraction) == []
    assert reasons(extraction)[mailto] == "e-mail address"


def test_an_archived_pages_link_to_a_web_page_stays_a_citation() -> None:
    source = "/web/20160820205919/http://agency.example/report"
    extraction = extract_at(ARCHIVED, page(PROSE * 2, f"Officials <a href='{source}'>reported</a> the figures this week in a long statement."))
    assert cited(extraction) == ["https://web.archive.org/web/20160820205919/http://agency.example/report"]


# --- the site's category pages, whatever the site calls them --------------------------------------

NEWS = "https://www.linkwatch.example/news/article/41/donation.html"


def test_a_category_label_in_a_facts_line_is_a_tag() -> None:
    # "News date : 04/21/2022 Category : <a href='/newscategory/10/Press_Releases.html'>Press Releases</a>"
    category = "https://www.linkwatch.example/newscategory/10/Press_Releases.html"
    extraction = extract_at(NEWS, page(PROSE * 2, SOURCE, f"News date : 04/21/2022 Category : <a href='{category}'>Press Releases</a>"))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[category] == TAG


def test_a_category_page_named_in_a_sentence_stays_a_citation() -> None:
    category = "https://www.linkwatch.example/newscategory/12/Court.html"
    sentence = f"The earlier rulings are collected on our <a href='{category}'>court reports page</a>, where every hearing of the case since 2019 is summarised."
    extraction = extract_at(NEWS, page(PROSE * 2, sentence))
    assert category in cited(extraction)


# --- the house's pointers to its own pages ----------------------------------------------------------


def test_a_bare_mehr_erfahren_to_the_sites_own_page_is_a_teaser() -> None:
    # A price-guarantee box in the piece: "… Sollten Sie … günstiger finden … <a href='/guarantee-info/'>Mehr erfahren</a>".
    guarantee = "https://www.linkwatch.example/guarantee-info/"
    box = f"<p>Finden Sie den Kredit woanders günstiger, erstatten wir die Differenz. <a href='{guarantee}'>Mehr erfahren</a></p>"
    extraction = extract_at(NEWS, page(PROSE * 2, SOURCE, box))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[guarantee] == RELATED


def test_a_bare_mehr_erfahren_to_another_site_stays_a_citation() -> None:
    study = "https://institute.example/studies/credit-2020"
    extraction = extract_at(NEWS, page(PROSE * 2, f"<p>Das Institut hat die Zinsen von 40 Banken verglichen. <a href='{study}'>Mehr erfahren</a></p>"))
    assert study in cited(extraction)


def test_the_overview_of_a_series_linked_from_its_note_is_a_teaser() -> None:
    # An italic note under a column: "In der Serie … <a>Hier finden Sie alle Beiträge, die bisher im Rahmen der Serie erschienen sind.</a>"
    series = "https://www.linkwatch.example/circular-economy-series"
    note = f"<p><em>In der Serie werden Chancen und Risiken beleuchtet. <a href='{series}'>Hier finden Sie alle Beiträge, die bisher im Rahmen der Serie erschienen sind.</a></em></p>"
    extraction = extract_at(NEWS, page(note, PROSE * 2, SOURCE))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[series] == RELATED


def test_the_sites_own_article_named_in_a_sentence_stays_a_citation() -> None:
    earlier = "https://www.linkwatch.example/2021/why-the-law-failed"
    extraction = extract_at(NEWS, page(PROSE * 2, f"We explained in March <a href='{earlier}'>why the first law failed</a> to cut the use of raw materials."))
    assert earlier in cited(extraction)


def test_the_reuse_rights_service_under_a_piece_is_navigation() -> None:
    # "<div class='layout-article-links'><a href='https://rights.example/…'>Reuse this content</a>…</div>"
    rights = "https://rights.example/AppDispatchServlet?publisherName=linkwatch&title=Why"
    extraction = extract_at(NEWS, page(PROSE * 2, SOURCE, f"<div><a href='{rights}'>Reuse this content</a></div>"))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[rights] == NAVIGATION


def test_a_sentence_about_reusing_content_stays_a_citation() -> None:
    licence = "https://rights.example/open-licence"
    sentence = f"The agency lets anyone <a href='{licence}'>reuse this content</a> under an open licence, which is why the figures spread so fast."
    extraction = extract_at(NEWS, page(PROSE * 2, sentence))
    assert licence in cited(extraction)


# --- the house's row of links under a piece -----------------------------------------------------------


def test_the_sites_about_page_in_a_row_beside_its_rights_service_is_navigation() -> None:
    # "<div class='layout-article-links'><a>Reuse this content</a><a href='/about-us'>The Trust Project</a></div>"
    rights = "https://rights.example/AppDispatchServlet?publisherName=linkwatch&title=Why"
    about = "https://www.linkwatch.example/about-us"
    row = f"<div><a href='{rights}'>Reuse this content</a><a href='{about}'>The Trust Project</a></div>"
    extraction = extract_at(NEWS, page(PROSE * 2, SOURCE, row))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[about] == NAVIGATION


def test_the_sites_pages_in_a_row_of_sources_stay_citations() -> None:
    # The same row without a link of the house's own furniture: two of the piece's sources.
    earlier, report = "https://www.linkwatch.example/2019/the-first-hearing", "https://agency.example/annual-report"
    row = f"<div><a href='{report}'>Annual report 2019</a> · <a href='{earlier}'>The first hearing</a></div>"
    extraction = extract_at(NEWS, page(PROSE * 2, SOURCE, row))
    assert cited(extraction) == [REPORT, report, earlier]


# --- the section a page sits in, when its page is a file named like the section's folder ------------

GUIDE = "https://www.linkwatch.example/de/wohnen/raumklima/kondenswasser.html"


def test_the_section_page_named_like_the_pages_folder_is_navigation() -> None:
    # A guide's breadcrumb line under it: "<a href='/de/wohnen/raumklima.html'>Angenehmes Raumklima</a>"
    section = "https://www.linkwatch.example/de/wohnen/raumklima.html"
    extraction = extract_at(GUIDE, page(PROSE * 2, SOURCE, f"<p><a href='{section}'>Angenehmes Raumklima</a></p>"))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[section] == NAVIGATION


def test_a_page_beside_the_guide_in_its_section_stays_a_citation() -> None:
    sibling = "https://www.linkwatch.example/de/wohnen/raumklima/richtig-lueften.html"
    extraction = extract_at(GUIDE, page(PROSE * 2, SOURCE, f"<p><a href='{sibling}'>Richtig lüften</a></p>"))
    assert sibling in cited(extraction)


# --- topic pages by their singular or abbreviated names ---------------------------------------------------


def test_a_topic_label_over_a_piece_is_a_tag() -> None:
    # A topline over the headline: "<a href='/thema/aktuelles/neue-rechte/'>Neue Rechte</a>"; "/cat/3_hardware/".
    topic, category = "https://www.linkwatch.example/thema/aktuelles/neue-rechte/", "https://www.linkwatch.example/cat/3_hardware/index.html"
    extraction = extract_at(NEWS, page(f"<p><a href='{topic}'>Neue Rechte</a></p>", PROSE * 2, SOURCE, f"<p><a href='{category}'>Hardware</a></p>"))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[topic] == TAG
    assert reasons(extraction)[category] == TAG


# --- the house's disclosures, calls to sign up and rights lines ---------------------------------------


def test_the_sites_disclosure_and_policy_pages_are_navigation() -> None:
    # A fashion page marks each shop link "(Affiliatelink)"; a review ends "Read our review policy".
    disclosure, policy = "https://www.linkwatch.example/affiliatelinks", "https://www.linkwatch.example/reviews-policy/"
    extraction = extract_at(
        NEWS, page(PROSE * 2, SOURCE, f"<p><a href='{disclosure}'>Affiliatelinks</a></p>", f"<p><a href='{policy}'>Read our review policy</a></p>")
    )
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[disclosure] == NAVIGATION
    assert reasons(extraction)[policy] == NAVIGATION


def test_a_policy_named_in_a_sentence_stays_a_citation() -> None:
    policy = "https://ministry.example/energy/solar-policy"
    extraction = extract_at(NEWS, page(PROSE * 2, f"Utilities have fought the <a href='{policy}'>rooftop-solar policy</a> for a decade, and lost most of the votes."))
    assert policy in cited(extraction)


def test_a_short_call_to_sign_up_is_the_sites_channel_whichever_word_is_linked() -> None:
    # "Sign up <a href='https://sister.linkwatch.example/specials/royal-news'>here</a>." under a live blog's entry.
    newsletter = "https://linkwatch.example/specials/royal-news"
    extraction = extract_at(NEWS, page(PROSE * 2, SOURCE, f"<p>Sign up <a href='{newsletter}'>here</a>.</p>"))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[newsletter] == SOCIAL


def test_a_sentence_that_starts_with_sign_up_stays_a_citation() -> None:
    # Another site's sign-up named in the piece's sentence is what the piece reports.
    register = "https://agency.example/register-for-the-vaccine"
    sentence = f"Sign up for the vaccine <a href='{register}'>on the agency's page</a>, officials urged on Monday, as the queues grew longer."
    extraction = extract_at(NEWS, page(PROSE * 2, sentence))
    assert register in cited(extraction)


def test_a_rights_line_is_navigation_for_the_sites_page_and_a_credit_for_another() -> None:
    # "© Licencja na publikację" under a piece; "© dpa/…" under a picture.
    licence, agency = "https://www.linkwatch.example/licencja", "https://www.dpa.example/de/"
    extraction = extract_at(
        NEWS, page(PROSE * 2, SOURCE, f"<p><a href='{licence}'>© Licencja na publikację</a></p>", f"<p><a href='{agency}'>© dpa/Linkwatch</a></p>")
    )
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[licence] == NAVIGATION
    assert reasons(extraction)[agency] == CREDIT


def test_a_sentence_about_copyright_stays_a_citation() -> None:
    ruling = "https://court.example/rulings/2021-17"
    sentence = f"Copyright holders won <a href='{ruling}'>the ruling</a> on Tuesday, and the publishers said they would appeal within the month."
    extraction = extract_at(NEWS, page(PROSE * 2, sentence))
    assert ruling in cited(extraction)


# --- the page's print button and a dateline linked to the site's archive ----------------------------------


def test_the_pages_print_button_is_a_share_tool() -> None:
    # "Artikel: Download PDF <a href='/nc/print/aktuell/…'>Drucken</a> Teilen Feedback" under a news item.
    printed = "https://www.linkwatch.example/nc/print/aktuell/news/the-piece.html"
    extraction = extract_at(NEWS, page(PROSE * 2, SOURCE, f"<p><a href='{printed}'>Drucken</a></p>"))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[printed] == SHARE


def test_a_printed_edition_named_in_a_sentence_stays_a_citation() -> None:
    edition = "https://archive.example/1998/print-edition-17"
    extraction = extract_at(NEWS, page(PROSE * 2, f"The interview ran in the <a href='{edition}'>print edition</a> of 17 May 1998, two days before the vote."))
    assert edition in cited(extraction)


def test_a_dateline_linked_to_the_sites_archive_is_navigation() -> None:
    # "<a href='/archiv/auto/06-07-2018/'>Freitag, 06.07.2018, 10:29</a>" over the piece.
    archive = "https://www.linkwatch.example/archiv/auto/06-07-2018/"
    extraction = extract_at(NEWS, page(f"<p><a href='{archive}'>Freitag, 06.07.2018, 10:29</a></p>", PROSE * 2, SOURCE))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[archive] == NAVIGATION


def test_an_embedded_posts_date_linked_to_the_post_stays_a_citation() -> None:
    # An embedded tweet closes with "— Name (@account) July 3, 2019", the date linked to the post: the piece's source.
    post = "https://twitter.com/account/status/1146359923158089728"
    tweet = f"<blockquote class='twitter-tweet'><p>The new menu is out.</p>— Dave (@account) <a href='{post}'>July 3, 2019</a></blockquote>"
    extraction = extract_at(NEWS, page(PROSE * 2, tweet))
    assert post in cited(extraction)


# --- a list of the site's articles under a line that announces them ------------------------------------


def _listed(*urls: str) -> str:
    # Each item a date and a headline, as an archive lists its articles.
    return "<ul>" + "".join(f"<li>2019-01-14: <a href='{url}'>The headline of {url.rsplit('/', 2)[-2]}</a></li>" for url in urls) + "</ul>"


def test_the_sites_articles_under_a_bold_verwandte_artikel_line_are_teasers() -> None:
    # "<p><strong>Verwandte Artikel:</strong></p><ul><li>…<a>…</a></li><li>…<a>…</a></li></ul>" under a post.
    first, second = "https://www.linkwatch.example/denker-und-dichter/", "https://www.linkwatch.example/das-handbuch/"
    extraction = extract_at(NEWS, page(PROSE * 2, SOURCE, "<p><strong>Verwandte Artikel:</strong></p>", _listed(first, second)))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[first] == RELATED
    assert reasons(extraction)[second] == RELATED


def test_the_sites_articles_under_a_heading_naming_the_site_are_teasers() -> None:
    # "<h3>Mehr zum Thema auf Linkwatch.example</h3><ul>…</ul>"
    first, second = "https://www.linkwatch.example/2019/01/14/auftakt/", "https://www.linkwatch.example/2018/01/06/langer-abend/"
    extraction = extract_at(NEWS, page(PROSE * 2, SOURCE, "<h3>Mehr zum Thema auf Linkwatch.example</h3>", _listed(first, second)))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[first] == RELATED


def test_other_sites_articles_under_such_a_line_and_the_sites_pages_under_another_stay_citations() -> None:
    elsewhere = "https://agency.example/2019/01/14/the-hearing/", "https://court.example/2018/01/06/the-ruling/"
    extraction = extract_at(NEWS, page(PROSE * 2, SOURCE, "<p><strong>Verwandte Artikel:</strong></p>", _listed(*elsewhere)))
    assert cited(extraction) == [REPORT, *elsewhere]
    ours = "https://www.linkwatch.example/institut/nobelpreis/", "https://www.linkwatch.example/institut/nachruf/"
    extraction = extract_at(NEWS, page(PROSE * 2, SOURCE, "<p><strong>Aus dem Institut:</strong></p>", _listed(*ours)))
    assert cited(extraction) == [REPORT, *ours]


# --- the page's tools and signposts by what they say ------------------------------------------------------


SIGNPOSTS = [
    ("https://www.linkwatch.example/utils/boxes/email.php?id=1767988", "<p><a href='{}'>Enviar por mail</a></p>", SHARE),
    ("https://www.linkwatch.example/2017-08-10-the-earlier-post", "<p><a href='{}'>← Article précédent « Donald Trump et Kim Jong-un se renvoient la bombe »</a></p>", NAVIGATION),
    ("https://www.linkwatch.example/magazin/do-it-yourself/", "<p><a href='{}'>zurück zu Coole Tipps</a></p>", NAVIGATION),
    ("https://shop.partner.example/produkt/black-gold-2/", "<div><a href='{}'>Reklama</a></div>", ADVERT),
    ("https://www.linkwatch.example/sobre/", "<p><a href='{}'>Sobre a Gazeta do Linkwatch</a></p>", NAVIGATION),
    ("https://www.linkwatch.example/de/news/schwangerschaft/", "<p>Rubrik: <a href='{}'>Schwangerschaft</a></p>", TAG),
]


@pytest.mark.parametrize(("url", "line", "reason"), SIGNPOSTS)
def test_signposts_of_the_page_are_furniture_by_what_they_say(url: str, line: str, reason: str) -> None:
    # A mail-this button, the previous post, the way back to a section, an advert's label, the
    # site's about page and its section label, each standing alone under or over a piece.
    extraction = extract_at(NEWS, page(PROSE * 2, SOURCE, line.format(url)))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[url] == reason


def test_the_same_words_inside_the_pieces_sentences_stay_citations() -> None:
    back = "https://www.linkwatch.example/2019/the-first-report"
    about = "https://www.linkwatch.example/about-the-data"
    section = "https://www.linkwatch.example/de/news/wahlen/"
    extraction = extract_at(
        NEWS,
        page(
            PROSE * 2,
            f"Readers who want to go back to the <a href='{back}'>first report</a> will find the numbers we started from in 2019.",
            f"The figures are explained on our page <a href='{about}'>about the data</a>, with every source we used and when we read it.",
            f"Unsere Kategorie: die <a href='{section}'>Wahlen</a> der letzten Jahre, die wir seit 2010 Woche für Woche begleitet haben.",
        ),
    )
    assert cited(extraction) == [back, about, section]
