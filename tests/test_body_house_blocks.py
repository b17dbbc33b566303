"""Body links: the house's own blocks inside or after a piece (its app, shop, newsletter, paywall,
posting tool and its other articles under a heading or a lead line).

Each snippet keeps the structure of a page in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened,
with the page named. Each rule has a counter-example: the shape that stays a citation.
"""

from __future__ import annotations

from body_snippets import PROSE, SOURCE, cited, extract_at, page, reasons
from linkaudit.extract.container_roles import NAVIGATION, RELATED, SOCIAL
from linkaudit.extract.html import HtmlExtraction

SITE = "https://www.linkwatch.example/2020/08/the-piece/"
REPORT = "https://agency.example/report"


def extract(text: str) -> HtmlExtraction:
    return extract_at(SITE, text)


def card(url: str, headline: str) -> str:
    return f"<article class='loop'><a href='{url}'><img src='/t.jpg' alt=''><p>6. August 2022 | 4 Kommentare</p><h4>{headline}</h4></a></article>"


# --- the site's other articles under a heading in a wrapper, as a row of cards ---------------------


def test_a_row_of_cards_under_a_wrapped_auch_interessant_heading_is_teasers() -> None:
    # apolut.net-Sonja-Silberhorn.html: "<section><div class='col-md-12'><h2>Auch interessant...</h2></div>
    # <article><a>…<h4>headline</h4></a></article><article>…" after the interview.
    first, second = "https://www.linkwatch.example/o-tempora-o-mores/", "https://www.linkwatch.example/gestaltungshoheit/"
    row = f"<section><div class='col-md-12'><h2>Auch interessant...</h2></div>{card(first, 'O tempora, o mores!')}{card(second, 'Wir müssen die Gestaltungshoheit zurückgewinnen')}</section>"
    extraction = extract(page(PROSE * 2, SOURCE, row))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[first] == RELATED
    assert reasons(extraction)[second] == RELATED


def test_cards_under_another_heading_stay_citations() -> None:
    first, second = "https://www.linkwatch.example/2020/07/how-we-counted/", "https://www.linkwatch.example/2020/07/the-data/"
    row = f"<section><div><h2>Quellen</h2></div>{card(first, 'Wie wir gezählt haben')}{card(second, 'Die Daten')}</section>"
    extraction = extract(page(PROSE * 2, SOURCE, row))
    assert cited(extraction) == [REPORT, first, second]


def test_headline_paragraphs_after_a_lead_line_are_teasers_and_prose_after_them_is_not() -> None:
    # ok-magazin.de.einbetoniert.html: "<p>Diese Artikel könnten dich auch interessieren:</p>
    # <p><a>Charlotte Würdig: Trauriges Geständnis</a></p>" closing the piece.
    teaser = "https://www.linkwatch.example/people/news/charlotte-wuerdig-trauriges-gestaendnis-62245.html"
    earlier = "https://www.linkwatch.example/2020/07/the-earlier-report/"
    extraction = extract(
        page(
            PROSE * 2,
            "Diese Artikel könnten dich auch interessieren:",
            f"<p><a href='{teaser}'>Charlotte Würdig: Trauriges Geständnis</a></p>",
            PROSE + f"As <a href='{earlier}'>we reported in July</a>, the figures rose again. " + PROSE,
        )
    )
    assert reasons(extraction)[teaser] == RELATED
    assert cited(extraction) == [earlier]


# --- the site's own app, account, shop, newsletter and paywall ---------------------------------------


def test_the_sites_app_and_account_pages_are_its_channels_and_an_article_named_app_is_not() -> None:
    # apolut.net-Sonja-Silberhorn.html: "Hier der Link: <a>https://apolut.net/app/</a>", "…/apolut_app.apk";
    # haitiantimes.com-family.html: "you can <a href='/my-account/'>log in</a> for immediate access".
    app, apk, account = "https://www.linkwatch.example/app/", "https://www.linkwatch.example/linkwatch_app.apk", "/my-account/"
    review = "https://www.linkwatch.example/app-der-woche-ein-wetterdienst/"
    extraction = extract(
        page(
            PROSE * 2,
            f"Die App gibt es für Android und iOS. Hier der Link: <a href='{app}'>{app}</a>",
            f"Mit diesem Link können Sie die App herunterladen: <a href='{apk}'>{apk}</a>",
            f"If you are seeing this message, you can <a href='{account}'>log in</a> for immediate access.",
            f"Our <a href='{review}'>app of the week</a> showed the same forecast a day earlier.",
        )
    )
    assert cited(extraction) == [review]
    assert {reasons(extraction)[url] for url in (app, apk, account)} == {SOCIAL}


def test_the_sites_page_on_a_shop_called_ours_is_its_channel_and_a_page_named_like_the_site_is_not() -> None:
    # apolut.net-Sonja-Silberhorn.html: "Hier der Link zu unserem Fan-Shop: https://harlekinshop.com/pages/apolut";
    # creativecommons.ch.wie.html: "(beigesteuert von <a href='https://www.urheberrecht.de/creative-commons/'>…</a>)".
    shop, named = "https://shop.example/pages/linkwatch", "https://law.example/link-watch/"
    extraction = extract(
        page(
            PROSE * 2,
            f"Hier der Link zu unserem Fan-Shop: <a href='{shop}'>{shop}</a>",
            f"(Dieser Abschnitt wurde beigesteuert von <a href='{named}'>law.example</a>)",
        )
    )
    assert cited(extraction) == [named]
    assert reasons(extraction)[shop] == SOCIAL


def test_a_paywalls_offers_are_its_channel_and_another_site_in_the_same_words_is_cited() -> None:
    # haitiantimes.com-family.html: "To view the full story, please subscribe to <a>The Haitian Times</a>.
    # You can choose a <a>$60 Annual Subscription</a> or a <a>$5 Weekly Pass</a>."
    yearly, weekly = "https://www.linkwatch.example/product/subscription-billed-yearly/", "https://www.linkwatch.example/product/weekly-pass/"
    other = "https://paper.example/subscribe"
    extraction = extract(
        page(
            PROSE * 2,
            SOURCE,
            f"To view the full story, please subscribe to <a href='{yearly}'>Link Watch</a>. "
            f"You can choose a <a href='{yearly}'>$60 Annual Subscription</a> or a <a href='{weekly}'>$5 Weekly Pass</a>.",
            f"Readers who want more can also subscribe to <a href='{other}'>the Paper</a>, our partner.",
        )
    )
    assert cited(extraction) == [REPORT, other]
    assert reasons(extraction)[weekly] == SOCIAL


def test_a_sites_newsletter_on_its_sister_host_is_its_channel_and_another_sites_newsletter_is_cited() -> None:
    # refinery29.com.single.html: "<a href='https://jump.refinery29.com/join/24/signup-de&…'>Melde dich
    # hier für unseren Newsletter an</a>!"
    own, other = "https://jump.linkwatch.example/join/24/signup-de", "https://paper.example/2020/05/newsletter-study/"
    extraction = extract(
        page(
            PROSE * 2,
            f"<p><a href='{own}'>Melde dich hier für unseren Newsletter an</a>!</p>",
            f"A study of <a href='{other}'>newsletters</a> found that most readers never open them, officials said.",
        )
    )
    assert cited(extraction) == [other]
    assert reasons(extraction)[own] == SOCIAL


# --- a posting tool's line, closing teaser leads -----------------------------------------------------


def test_a_posting_tools_line_is_machinery_every_link_in_it() -> None:
    # nurmeinstandpunkt.wordpress.com.blogposting.html: "<p class='diigo-ps'>Posted from <a>Diigo</a>.
    # The rest of my favorite links are <a>here</a>.</p>" under a link digest.
    tool, user = "https://www.tool.example", "https://www.tool.example/user/someone"
    extraction = extract(page(PROSE * 2, SOURCE, f"Posted from <a href='{tool}'>Diigo</a>. The rest of my favorite links are <a href='{user}'>here</a>."))
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[tool] == NAVIGATION
    assert reasons(extraction)[user] == NAVIGATION


def test_a_sentence_saying_what_was_posted_from_where_stays_a_citation() -> None:
    long_line = (
        "The minister's account had <a href='https://social.example/minister/status/1'>posted from the summit</a> a photo "
        "of the delegation long before the ministry confirmed that the talks had even begun, reporters noted."
    )
    extraction = extract(page(PROSE * 2, long_line))
    assert cited(extraction) == ["https://social.example/minister/status/1"]


def test_spanish_closing_teaser_leads_mark_teasers_and_the_verb_in_a_sentence_does_not() -> None:
    # diaadia.com.pa-ulpiano.html: "Mire: <a>El cantante Juan Luis Guerra da positivo a COVID-19</a>";
    # 100noticias.com-millones.html "Lea también: …", panamaamerica.com.pa "VEA TAMBIÉN: …".
    mire, lea = "https://www.linkwatch.example/fama/guerra-positivo-749570", "https://www.linkwatch.example/nacionales/115002-impiden-ingreso/"
    sentence = "https://www.linkwatch.example/2020/07/el-informe/"
    extraction = extract(
        page(
            PROSE * 2,
            f"Mire: <a href='{mire}'>El cantante Juan Luis Guerra da positivo a COVID-19</a>",
            f"Lea también: <a href='{lea}'>Impiden ingreso a reportero y camarógrafo</a>",
            f"Mire usted las cifras del <a href='{sentence}'>informe de julio</a>, que muestran un alza de los incendios en la región.",
        )
    )
    assert cited(extraction) == [sentence]
    assert reasons(extraction)[mire] == RELATED
    assert reasons(extraction)[lea] == RELATED
