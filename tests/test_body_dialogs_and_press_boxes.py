"""Body links: what a page opens over itself (a privacy notice, a sign-up box) is never the
article, however much text it holds; and the boxes a press release closes with.

Each snippet keeps the structure of a page in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened and
with its names replaced. Each rule has a counter-example: the shape that stays a citation.
"""

from __future__ import annotations

from body_snippets import PROSE, SOURCE, cited, extract_at, page, reasons
from linkaudit.extract.container_roles import ADVERT, AUTHOR, COMMENT, CREDIT, NAVIGATION, RELATED
from linkaudit.extract.html import HtmlExtraction

SITE = "https://www.linkwatch.example/lemon-tree-from-seed"
GUIDE = "https://plants.example/cotyledon"
SOIL = "https://shop.example/potting-soil"
NOTICE = "https://adnetwork.example/privacy-policy"
REPORT = "https://agency.example/report"


def _notice(opening: str, closing: str) -> str:
    # A privacy notice the page opens over itself: one long scrolled text, its paragraphs under one parent.
    paragraphs = "".join(f"<p>{PROSE}{PROSE}</p>" for _ in range(8))
    return f"{opening}<div class='notice__content'><div class='notice__scroll'>{paragraphs}<p>Learn more: <a href='{NOTICE}'>{NOTICE}</a></p></div></div>{closing}"


def _post(wrapper: str = "<main class='main'>", closing: str = "</main>") -> str:
    # The post's prose in several sections, each with a few paragraphs: less under any one parent than the notice.
    sections = "".join(
        f"<section><h2>Step {step}</h2><p>{PROSE}</p><p>Use a light <a href='{SOIL}'>potting soil</a> and keep it moist. {PROSE}</p></section>"
        for step in range(3)
    )
    return f"{wrapper}<article><h1>How to grow a lemon tree</h1><p>The seed first grows its <a href='{GUIDE}'>cotyledons</a>. {PROSE}</p>{sections}</article>{closing}"


def test_a_dialog_with_more_prose_than_any_block_of_the_post_is_not_the_article() -> None:
    for opening, closing in (
        ("<div class='dialog ' id='privacy'>", "</div>"),
        ("<div role='dialog'>", "</div>"),
        ("<div aria-modal='true'>", "</div>"),
        ("<dialog open>", "</dialog>"),
    ):
        html = f"<html><body>{_post()}{_notice(opening, closing)}</body></html>"
        extraction = extract_at(SITE, html)
        assert sorted(set(cited(extraction))) == [GUIDE, SOIL], opening


def test_a_class_that_only_mentions_a_dialog_does_not_make_the_article_one() -> None:
    # "has-dialog": the page can open one; the article inside is still the article.
    wrapper = "<main class='main has-dialog'>"
    html = f"<html><body>{_post(wrapper)}</body></html>"
    assert sorted(set(cited(extract_at(SITE, html)))) == [GUIDE, SOIL]


# --- a press release's closing boxes: its issuer, contact address, feed and press folder ----------

RELEASE = "https://www.linkwatch.example/energie-themen/pm-7663-windpark-netzintegration"
ISSUER = "https://www.windco.example/"


def _release(*blocks: str) -> HtmlExtraction:
    return extract_at(RELEASE, page(PROSE * 2, SOURCE, *blocks))


def test_a_contact_blocks_web_address_is_the_issuers() -> None:
    contact = f"<p>Pressekontakt:<br>WindCo SE<br>Tel: +49 (0)40-30030-1000<br>E-Mail: presse@windco.example<br><br>Internet: <a href='{ISSUER}'>https://www.windco.example</a></p>"
    extraction = _release(contact)
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[ISSUER] == AUTHOR


def test_a_homepage_line_without_contact_details_stays_a_citation() -> None:
    # A piece about a shelter ends with its page and its bank account: the shelter's page is a source.
    shelter = "https://shelter.example/"
    extraction = _release(f"<p>Homepage: <a href='{shelter}'>https://shelter.example/</a><br>Spendenkonto: DE10 4405 0199 0212 1545 63</p>")
    assert shelter in cited(extraction)


def test_the_issuer_line_names_who_wrote_the_release() -> None:
    profile = "https://www.linkwatch.example/firmen/19-windco-se"
    extraction = _release(f"<p>Herausgeber: <a href='{profile}'>WindCo SE</a></p>")
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[profile] == AUTHOR


def test_an_issuer_named_in_a_sentence_stays_a_citation() -> None:
    institute = "https://institute.example/"
    extraction = _release(f"Herausgeber der Studie ist das <a href='{institute}'>Institut für Windenergie</a>, das seit 1990 Netze misst.")
    assert institute in cited(extraction)


def test_a_feed_to_subscribe_to_is_the_sites_channel() -> None:
    feed = "https://www.linkwatch.example/pm/rss.php?firma=WindCo+SE"
    extraction = _release(f"<p><a href='{feed}'>RSS-Feed abonnieren</a></p>")
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[feed] == NAVIGATION


def test_an_article_about_feeds_stays_a_citation() -> None:
    article = "https://tech.example/rss-explained-for-newsrooms"
    extraction = _release(f"How feeds work is explained in <a href='{article}'>a long guide</a> for newsrooms that want to publish them.")
    assert article in cited(extraction)


def test_all_of_the_sites_press_releases_of_a_company_are_its_own_list() -> None:
    folder = "https://www.linkwatch.example/firmen/19-windco-se"
    extraction = _release(f"<p><a href='{folder}'>Online-Pressemappe - alle Pressemitteilungen der WindCo SE</a> |</p>")
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[folder] == RELATED


def test_another_sites_list_of_press_releases_stays_a_citation() -> None:
    ministry = "https://ministry.example/presse"
    extraction = _release(f"<p><a href='{ministry}'>Alle Pressemitteilungen des Ministeriums</a></p>")
    assert ministry in cited(extraction)


# --- single pieces of furniture: a wordless badge, a forum's reactions, a wiki's last editor, teaser leads


def test_a_wordless_link_to_another_sites_front_page_is_a_badge() -> None:
    # An embedded audio player's logo link, a bank's banner drawn by its style sheet.
    player = "https://www.podcasthost.example"
    extraction = _release(f"<div class='player'><a href='{player}'></a><iframe src='https://podcasthost.example/e/1'></iframe></div>")
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[player] == ADVERT


def test_a_wordless_picture_link_to_another_sites_document_stays_a_citation() -> None:
    chart = "https://agency.example/2022/figures/wind-capacity"
    extraction = _release(f"<p><a href='{chart}'><img src='/chart.png' alt=''></a></p>")
    assert chart in cited(extraction)


def test_a_forums_reactions_list_is_its_machinery() -> None:
    reactions = f"{RELEASE}/reactions"
    extraction = _release(f"<p>Reaktionen: <a href='{reactions}'>Anna, Ben und 2 andere</a></p>")
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[reactions] == COMMENT


def test_an_article_named_for_reactions_stays_a_citation() -> None:
    article = "https://news.example/2022/reactions-to-the-ruling"
    extraction = _release(f"Parties answered at once, as <a href='{article}'>the first reactions</a> collected by the agency show.")
    assert article in cited(extraction)


def test_a_wiki_pages_last_editor_is_an_author_link() -> None:
    editor = "https://www.linkwatch.example/moin/JaneDoe"
    extraction = _release(f"<p>StartPage/Download (last edited 2019-11-10 13:28:18 by <a href='{editor}'>JaneDoe</a>)</p>")
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[editor] == AUTHOR


def test_an_editor_named_in_a_sentence_stays_a_citation() -> None:
    editor = "https://janedoe.example/"
    extraction = _release(f"The anthology edited by <a href='{editor}'>Jane Doe</a> collects the letters of the whole decade.")
    assert editor in cited(extraction)


def test_spanish_teaser_leads_announce_the_sites_other_articles() -> None:
    first, second = "https://www.linkwatch.example/opinion/una-sombra/", "https://www.linkwatch.example/judicial/tres-macrocasos/"
    extraction = _release(f"<p>Lea aquí: <a href='{first}'>Una sombra de odio</a></p>", f"<p>Le puede interesar: <a href='{second}'>Tres nuevos macrocasos</a></p>")
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[first] == RELATED
    assert reasons(extraction)[second] == RELATED


def test_lea_aqui_inside_a_sentence_stays_a_citation() -> None:
    ruling = "https://court.example/ruling-2022-14.pdf"
    extraction = _release(f"<p>Lea aquí <a href='{ruling}'>el fallo completo</a> de la sala, publicado el lunes.</p>")
    assert ruling in cited(extraction)


def test_mira_leads_a_teaser_of_the_sites_article() -> None:
    teaser = "https://www.linkwatch.example/articulo/madre-termina-detenida-50172"
    extraction = _release(f"<p>MIRA: <a href='{teaser}'>Madre se acerca a conocer los motivos y termina detenida</a></p>")
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[teaser] == RELATED


def test_mira_inside_a_sentence_stays_a_citation() -> None:
    video = "https://video.example/capture-2022"
    extraction = _release(f"<p>Mira <a href='{video}'>el video de la captura</a> que publicó la policía el martes.</p>")
    assert video in cited(extraction)


def test_an_animations_via_line_credits_the_picture_library() -> None:
    animation = "https://gifs.example/gifs/wtf-3o7TKBX7"
    extraction = _release(f"<p><a href='{animation}'>via GIPHY</a></p>")
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[animation] == CREDIT


def test_a_french_author_page_of_the_site_is_an_author_link() -> None:
    author = "https://www.linkwatch.example/auteur/jean-dupont"
    extraction = _release(f"<p><a href='{author}'>Jean Dupont</a></p>")
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[author] == AUTHOR


def test_another_sites_author_page_named_in_a_sentence_stays_a_citation() -> None:
    author = "https://review.example/auteur/jean-dupont"
    extraction = _release(f"As the critic <a href='{author}'>Jean Dupont</a> wrote, the season opened with the strongest winds in years.")
    assert author in cited(extraction)


def test_a_guides_address_block_for_the_place_it_describes_stays_a_citation() -> None:
    # A district guide gives each venue's address, telephone and web address: the venue's page is a source.
    theatre = "http://www.theatre.example/"
    block = f"<p><b>Adresse:<br><br>Stadttheater<br><br></b>Hauptstr. 1<br><br><b>Telefon: </b>0201-2402-0<br><br><b>Fax: </b>0201.2402-403<br><br><b>Internet:</b> <a href='{theatre}'>www.theatre.example</a><br><br></p>"
    extraction = _release(block)
    assert theatre in cited(extraction)
