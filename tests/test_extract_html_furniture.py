"""Furniture that only its shape gives away: which links of an article are not its citations.

Each snippet keeps the structure of a page in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened,
with the page named. Each rule also has a counter-example: the shape that stays a citation.
"""

from __future__ import annotations

from linkaudit.extract.container_roles import ADVERT, HEADER, TAG
from linkaudit.extract.html import HtmlExtraction, extract_html
from linkaudit.extract.link_groups import is_profile_url
from linkaudit.models import Document, DocumentKind

PROSE = "The fires forced more than a hundred thousand people to leave their homes, officials said on Sunday. "
SITE = "https://site.example/2020/08/the-piece/"


def extract(text: str, *, base_url: str = SITE) -> HtmlExtraction:
    return extract_html(Document(source="page.html", text=text, kind=DocumentKind.HTML), base_url=base_url)


def page(*paragraphs: str) -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"<html><body><nav><a href='/'>Home</a></nav><article><div class='content'>{body}</div></article></body></html>"


def cited(extraction: HtmlExtraction) -> list[str]:
    return [citation.url for citation in extraction.citations]


def reasons(extraction: HtmlExtraction) -> dict[str, str]:
    return {link.written: link.reason for link in extraction.non_citations}


SOURCE = "Officials <a href='https://agency.example/report'>reported</a> the figures."


# --- a closing list of the site's other articles, one bold paragraph a headline ---------------


def headlines(*slugs: str, host: str = "https://site.example") -> list[str]:
    return [f"<strong><a href='{host}/{slug}/'>{slug.replace('-', ' ').title()} For Everyone</a></strong>" for slug in slugs]


def test_a_run_of_paragraphs_each_a_headline_of_the_site_is_a_teaser_list() -> None:
    # redtri.com.jokes.html: "RELATED STORIES", then thirteen <p><strong><a>headline</a></strong></p>.
    extraction = extract(page(PROSE * 3, SOURCE, "<strong>RELATED STORIES</strong>", *headlines("riddles", "pickle-jokes", "taco-jokes"), "&nbsp;"))
    assert cited(extraction) == ["https://agency.example/report"]
    assert set(reasons(extraction).values()) - {"link to the site's home page", "navigation"} == {"related-content teaser"}


def test_two_headline_paragraphs_or_a_run_broken_by_prose_stay_citations() -> None:
    # Two links standing alone could be documents the piece names; prose between breaks a run.
    two = extract(page(PROSE * 3, *headlines("riddles", "pickle-jokes")))
    assert len(cited(two)) == 2
    broken = extract(page(PROSE * 3, *headlines("riddles"), PROSE, *headlines("pickle-jokes"), PROSE, *headlines("taco-jokes")))
    assert len(cited(broken)) == 3


def test_a_run_of_headline_paragraphs_to_other_sites_is_further_reading() -> None:
    extraction = extract(page(PROSE * 3, *headlines("one", "two", "three", host="https://other.example")))
    assert len(cited(extraction)) == 3


def test_a_list_mixing_the_sites_pages_with_others_is_the_pieces_further_reading() -> None:
    # mpimet.de.klimasystem.html: "Weitere Informationen:" a Wikipedia article and three of the
    # institute's own pages, as list items: a list is judged as a list, not as a run of headlines.
    items = "".join(
        f"<li><a href='{url}'>{text}</a></li>"
        for url, text in [
            ("https://de.wikipedia.org/wiki/Blue_Marble", "Wikipedia-Artikel über das Blue Marble-Foto"),
            ("https://site.example/institut/nobelpreis", "Nobelpreis für Physik 2021"),
            ("https://site.example/fokus/nachruf", "Nachruf Reimar Lüst"),
            ("https://site.example/news/partnerschaft", "Klimawissenschaftlerinnen fordern Partnerschaft"),
        ]
    )
    text = page(PROSE * 3, "<strong>Weitere Informationen:</strong>").replace("</div></article>", f"<ul>{items}</ul></div></article>")
    assert len(cited(extract(text))) == 4


# --- a line of the site's channels typed into the text ----------------------------------------


def test_a_follow_us_line_of_profile_links_is_no_citation() -> None:
    # metrotimes.com-Mezcal.html: "Follow us: Google News | NewsBreak | Reddit | Instagram | …".
    channels = " | ".join(
        f"<a href='{url}'>{name}</a>"
        for url, name in [
            ("https://www.newsbreak.com/@c/1599766", "NewsBreak"),
            ("https://www.reddit.com/r/DetroitMetroTimes/", "Reddit"),
            ("https://instagram.com/metrotimes", "Instagram"),
            ("https://www.facebook.com/metrotimes", "Facebook"),
        ]
    )
    extraction = extract(page(PROSE * 3, SOURCE, f"Follow us: {channels}"))
    assert cited(extraction) == ["https://agency.example/report"]
    assert set(reasons(extraction).values()) - {"navigation"} == {"newsletter or social-profile link"}


def test_posts_on_networks_quoted_in_a_sentence_stay_citations() -> None:
    posts = (
        "The mayor <a href='https://twitter.com/mayor/status/1254795303502245891'>wrote</a>, the agency "
        "<a href='https://www.facebook.com/agency/posts/10158'>answered</a> and a resident "
        "<a href='https://www.instagram.com/p/CdSXB5dNnPp/'>posted a picture</a> of the smoke."
    )
    assert len(cited(extract(page(PROSE * 3, posts)))) == 3


def test_an_embedded_videos_credit_line_stays_the_pieces() -> None:
    # beyssonmanagement.com.innovation.html: "What is innovation? from Rafa Galeano on Vimeo."
    # under the embedded video the piece shows: a video and its maker, not a channel line.
    credit = "<a href='http://vimeo.com/77911159'>What is innovation?</a> from <a href='http://vimeo.com/rafagaleano'>Rafa Galeano</a> on <a href='https://vimeo.com'>Vimeo</a>."
    assert "http://vimeo.com/77911159" in cited(extract(page(PROSE * 3, credit)))


def test_a_profile_is_an_accounts_page_not_its_post() -> None:
    assert is_profile_url("https://www.twitter.com/metrotimes")
    assert is_profile_url("https://www.youtube.com/channel/UCPrZoSmFgDBPsH2CvAbuYog")
    assert not is_profile_url("https://twitter.com/leahstokes/status/1254795303502245891")
    assert not is_profile_url("https://www.youtube.com/watch?v=abc")
    assert not is_profile_url("https://www.facebook.com/10158")
    assert not is_profile_url("https://agency.example/metrotimes")


def test_a_sign_up_link_is_no_citation() -> None:
    # metrotimes.com-Mezcal.html: "Subscribe to Metro Times newsletters."
    extraction = extract(page(PROSE * 3, SOURCE, "<a href='/detroit/NewsletterSignup/Page'>Subscribe to our newsletters</a>."))
    assert cited(extraction) == ["https://agency.example/report"]


# --- single links whose words or address tell -------------------------------------------------


def test_a_read_lead_before_a_headline_is_a_teaser() -> None:
    # theatlantic.com.disasters.html: "Read: Two disasters are exponentially worse than one".
    teaser = "https://site.example/science/archive/2020/08/exponential-threat/615574/"
    extraction = extract(page(PROSE * 3, SOURCE, f"Read: <a href='{teaser}'>Two disasters are exponentially worse than one</a>"))
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)[teaser] == "related-content teaser"


def test_a_recirculation_paragraph_and_a_letters_call_are_no_citations() -> None:
    # theatlantic.com.disasters.html: <p class="c-recirculation-link"> between paragraphs and
    # <section class="c-letters-cta"> after the last one.
    text = page(PROSE * 3, SOURCE).replace(
        "</div></article>",
        "<p class='c-recirculation-link'><a href='/ideas/archive/2019/10/can-california-save-itself/601135/'>Annie Lowrey: California is becoming unlivable</a></p>"
        "<section class='c-letters-cta'><p>We want to hear what you think. <a href='/contact/letters/'>Submit a letter</a> to the editor.</p></section>"
        "</div></article>",
    )
    assert cited(extract(text)) == ["https://agency.example/report"]


def test_a_pictures_licence_and_library_page_are_its_credit() -> None:
    # reisen-mit-dem-internet.de.emden-21416.html: "[CC BY-SA 3.0], via Wikimedia Commons".
    credit = (
        "Wasserturm, von Wikipedia-Nutzer [<a href='http://creativecommons.org/licenses/by-sa/3.0/'>CC BY-SA 3.0</a>], "
        "<a href='https://commons.wikimedia.org/wiki/File:Wasserturm_in_Emden.jpg'>via Wikimedia Commons</a>"
    )
    extraction = extract(page(PROSE * 3, SOURCE, credit))
    assert cited(extraction) == ["https://agency.example/report"]
    assert set(reasons(extraction).values()) - {"navigation"} == {"picture credit"}


def test_a_wikipedia_article_on_the_subject_stays_a_citation() -> None:
    text = page(PROSE * 3, "Wikipedia-Artikel: <a href='https://de.wikipedia.org/wiki/Wasserturm_Emden'>Wasserturm Emden</a>")
    assert cited(extract(text)) == ["https://de.wikipedia.org/wiki/Wasserturm_Emden"]


def test_an_embeds_privacy_policy_and_a_next_article_link_are_no_citations() -> None:
    # statisticsglobe.com.ggplot2.html ("YouTube privacy policy" under a video) and
    # pawszilla.com.celine.html ("NEXT ARTICLE").
    text = page(
        PROSE * 3,
        SOURCE,
        "By loading the video, you agree to <a href='https://policies.google.com/privacy'>YouTube privacy policy</a>.",
        "<a href='/technology/famous-vehicles/doctor-note/'>NEXT ARTICLE</a>",
    )
    assert cited(extract(text)) == ["https://agency.example/report"]


def test_a_privacy_study_named_in_a_sentence_stays_a_citation() -> None:
    text = page(PROSE * 3, "A <a href='https://privacyinternational.example/feature/2433'>study of tracking companies</a> found the same.")
    assert len(cited(extract(text))) == 1


def test_the_sites_home_page_and_a_footer_tagged_link_are_navigation() -> None:
    # weselpower.wordpress.com.monstergesprche.html: "Weselpower's Blog" and WordPress.com's
    # "?ref=footer_website" credit.
    text = page(
        PROSE * 3,
        SOURCE,
        "<a href='https://site.example/'>The Site's Blog</a>",
        "<a href='https://wordpress.example/?ref=footer_website'>Create a free website</a>",
    )
    extraction = extract(text)
    assert cited(extraction) == ["https://agency.example/report"]
    assert set(reasons(extraction).values()) == {"navigation"}


def test_the_site_named_in_a_sentence_with_its_home_page_stays_a_citation() -> None:
    # fluessiggas.de.dimethylether.html: "Wie <a href="https://fluessiggas.de/">Flüssiggas</a> (LPG) eignet sich …".
    text = page(PROSE * 3, "Like <a href='https://site.example/'>liquefied gas</a>, the fuel suits a wide range of uses in homes and industry.")
    assert cited(extract(text)) == ["https://site.example/"]


def test_a_promotion_the_site_tags_as_its_own_traffic_is_an_advert() -> None:
    # elenacional.com-carta.html: "Apoya a El Nacional ->" to conelnacional.com, utm_source=elnacional.
    promotion = "https://conelnacional.com/?utm_source=elnacional&utm_medium=after-post&utm_campaign=recirculacion"
    text = page(PROSE * 3, SOURCE, f"<a href='{promotion}'>Apoya a El Nacional -&gt;</a>")
    extraction = extract(text, base_url="https://www.elnacional.com/venezuela/carta-abierta/")
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)[promotion] == "advertisement"


def test_a_source_tagged_with_a_networks_campaign_stays_a_citation() -> None:
    # thisisjanewayne.com.bauch.html: embedded Instagram posts carry utm_source=ig_embed.
    post = "https://www.instagram.com/p/CdSXB5dNnPp/?utm_source=ig_embed&utm_campaign=loading"
    assert cited(extract(page(PROSE * 3, f"She <a href='{post}'>showed it</a> on Instagram."))) == [post]


def test_a_pictures_attachment_page_is_the_picture() -> None:
    # seglerblog.stössenseer.de.sauber.html: WordPress links a picture to its attachment page.
    text = page(
        "<a href='/haltet-unsere-gewaesser-sauber/plakat/' rel='attachment wp-att-2502'><img src='/Plakat.jpg' alt='Plakat'></a>",
        PROSE * 3,
        SOURCE,
    )
    assert cited(extract(text)) == ["https://agency.example/report"]


# --- the article is never a sidebar or a dialog -----------------------------------------------


def test_a_sidebar_widget_with_more_text_than_the_article_is_not_the_article() -> None:
    # piratenpartei-mv.de.grundeinkommen.html: a sidebar text widget holding a whole manifesto
    # (450 words) beside a short post (170 words) with its one source.
    manifesto = "".join(f"{n}. Piraten stehen für Selbstbestimmtheit und ein positives Menschenbild, das heißt Teilhabe. <br/>" for n in range(30))
    post = "Alle weiteren Informationen zur Demonstration <a href='http://grundeinkommen.blogspot.example/'>findet ihr hier</a>."
    text = (
        f"<html><body><div class='content'><article class='article'><p>{PROSE * 4}</p><p>{post}</p></article></div>"
        f"<section id='sidebar'><aside class='widget'><div class='textwidget'>{manifesto} <a href='/wahlprogramm/'>Wahlprogramm</a></div></aside></section>"
        "</body></html>"
    )
    assert cited(extract(text)) == ["http://grundeinkommen.blogspot.example/"]


def test_a_cookie_notice_is_never_the_article() -> None:
    # seglerblog.stössenseer.de.sauber.html: the post's text is set in headings; the only
    # paragraphs on the page are a consent dialog's.
    notice = "<p>Diese Website verwendet Cookies, damit wir Dir die bestmögliche Benutzererfahrung bieten können.</p>" * 3
    text = (
        "<html><body><article><h3>Kinder zwischen 6 und 12 Jahren sind aufgerufen, sich am Wettbewerb zu beteiligen.</h3>"
        "<h4>Mach Dir Gedanken dazu und <a href='https://wir-berlin.example/plakatwettbewerb2020/'>sende Deine Botschaft</a>.</h4></article>"
        f"<div id='moove_gdpr_cookie_modal'><div class='moove-gdpr-tab-main-content'>{notice}<a href='/datenschutz/'>Mehr</a></div></div>"
        "</body></html>"
    )
    assert cited(extract(text)) == ["https://wir-berlin.example/plakatwettbewerb2020/"]


def test_an_article_that_may_open_a_dialog_is_still_the_article() -> None:
    # pagesix.com.myers.html: <div class="box article modal-enabled"> holds the whole piece.
    text = f"<html><body><div class='box article modal-enabled'><div class='entry-content'><p>{PROSE * 3}</p><p>{SOURCE}</p></div></div></body></html>"
    assert cited(extract(text)) == ["https://agency.example/report"]


def test_an_internationalised_host_is_the_site_however_it_is_written() -> None:
    # seglerblog.stössenseer.de: the page's address in Unicode, its links in xn-- form.
    text = page(PROSE * 3, SOURCE, "<a href='https://seglerblog.xn--stssenseer-fcb.de/'>SeglerBlog</a>")
    extraction = extract(text, base_url="https://seglerblog.stössenseer.de/haltet-unsere-gewaesser-sauber/")
    assert cited(extraction) == ["https://agency.example/report"]


# --- a site's network, pictures, licences, archived pages --------------------------------------


def test_a_list_of_entries_on_the_sites_sister_hosts_is_a_teaser_list() -> None:
    # deleuze.enacademic.com.micropolitics.html: "Look at other dictionaries:" entries on
    # enacademic.com, wiktionary.enacademic.com, gilles_deleuze.enacademic.com.
    entries = "".join(
        f"<li><p><strong><a href='{url}'>{name}</a></strong> — {name} is discussed at length in the entry.</p></li>"
        for url, name in [
            ("//enacademic.com/dic.nsf/enwiki/1203678/Brian_Massumi", "Brian Massumi"),
            ("//wiktionary.enacademic.com/105603/micropolitics", "micropolitics"),
            ("//enacademic.com/dic.nsf/enwiki/333264/Party_system", "Party system"),
        ]
    )
    text = page(PROSE * 3, SOURCE).replace("</div></article>", f"<h3>Look at other dictionaries:</h3><ul class='terms-list'>{entries}</ul></div></article>")
    assert cited(extract(text, base_url="https://deleuze.enacademic.com/104/micropolitics")) == ["https://agency.example/report"]


def test_a_list_of_the_sites_downloads_and_forum_thread_stays_the_pieces() -> None:
    # geeks3d.com.hacklab.html: the demo pack, the downloads page and the forum thread, one a line.
    items = (
        "<li><a href='/dl/show/50043'>PYTHON 3 DEMOPACK DOWNLOAD</a></li><div><b>Demos</b>: <tt>geexlab-demopack-python3/socket/main.xml</tt></div>"
        "<li><a href='/geexlab/downloads/'>GeeXLab Downloads</a></li><li><a href='/forums/index.php/topic,5819.0.html'>Forum thread (EN)</a></li>"
    )
    text = page(PROSE * 3).replace("<div class='content'>", f"<div class='content'><ul>{items}</ul>")
    assert len(cited(extract(text))) == 3


def test_a_wikis_reference_list_and_in_sentence_links_in_list_items_stay_citations() -> None:
    # harrypotter.fandom.com.spell.html: <ol class="references">, each note opening with the
    # book's page on the wiki; peta.de-veterinärämter.html: list items of prose with links inside.
    notes = "".join(
        f"<li id='cite_note-{n}'><span class='reference-text'><i><a href='/wiki/{book}'>{book.replace('_', ' ')}</a></i>, Chapter {n} (The Battle of Hogwarts, a long chapter)</span></li>"
        for n, book in enumerate(["Goblet_of_Fire", "Order_of_the_Phoenix", "Deathly_Hallows"])
    )
    cases = "".join(
        f"<li><p>Im Juni 2021 wurden uns <a href='/neuigkeiten/fall-{n}/'>Videos</a> aus einem Betrieb zugespielt, die Tierquälerei zeigen.</p></li>"
        for n in range(3)
    )
    text = page(PROSE * 3).replace("</div></article>", f"<ul>{cases}</ul><ol class='references'>{notes}</ol></div></article>")
    assert len(cited(extract(text))) == 6


def test_a_run_of_cross_references_set_after_a_sign_is_a_run_of_headlines() -> None:
    # deleuze.enacademic.com.micropolitics.html: "Connectives" and one "§ <a>entry</a>" a line.
    lines = "".join(f"<div>§ <a href='https://site.example/{n}/{word}'>{word}</a></div>" for n, word in enumerate(["affect", "becoming", "desire"]))
    text = page(PROSE * 3, SOURCE).replace("</div></article>", f"<div><strong>Connectives</strong></div>{lines}</div></article>")
    assert cited(extract(text)) == ["https://agency.example/report"]


def test_the_registered_name_of_a_host_keeps_a_countrys_second_level() -> None:
    from linkaudit.extract.sites import registered_domain

    assert registered_domain("deleuze.enacademic.com") == "enacademic.com"
    assert registered_domain("www.standard.co.uk") == "standard.co.uk"
    assert registered_domain("media-cdn.sueddeutsche.de") == "sueddeutsche.de"


def test_a_picture_linked_to_its_page_on_the_site_is_the_picture() -> None:
    # lady50plus.de.sekre.html: gallery pictures linked to their attachment pages (no rel);
    # strive-magazin.de.dating.html: a picture linked to the magazine's subscription page.
    text = page(
        PROSE * 3,
        SOURCE,
        "<a href='https://site.example/9top-tasche-am-gitter/'><img src='/t.jpg' alt='Tasche am Gitter'></a>",
        "<a href='https://shop.site.example/product-page/abo'><img src='/abo.jpg' alt=''></a>",
    )
    assert cited(extract(text)) == ["https://agency.example/report"]


def test_a_picture_offering_a_document_or_leading_elsewhere_stays_a_citation() -> None:
    # infocomcgt.fr.caisse.html: each poster's picture links to its PDF.
    text = page(
        PROSE * 3,
        "<a href='https://site.example/uploads/affiche.pdf'><img src='/affiche.jpg' alt=''></a>",
        "<a href='https://agency.example/chart'><img src='/chart.png' alt='The agency chart'></a>",
    )
    assert sorted(cited(extract(text))) == ["https://agency.example/chart", "https://site.example/uploads/affiche.pdf"]


def test_the_other_links_of_a_sentence_that_links_a_licence_are_the_pictures_credit() -> None:
    # soundofscience.fr.1927.html: "Image illustrative : <a>Lots of Lego Minifigures</a> by
    # <a>Ninja Brick</a>, en licence <a>Creative Commons by</a>".
    credit = (
        "Image illustrative : <a href='https://www.flickr.com/photos/160888245@N05/41780798961/'>Lots of Lego Minifigures</a> by "
        "<a href='https://www.flickr.com/photos/160888245@N05/'>Ninja Brick</a>, en licence <a href='https://creativecommons.org/licenses/by/2.0/'>Creative Commons by</a>"
    )
    extraction = extract(page(PROSE * 3, SOURCE, credit))
    assert cited(extraction) == ["https://agency.example/report"]
    assert set(reasons(extraction).values()) - {"navigation"} == {"picture credit"}


def test_the_wayback_machines_toolbar_is_never_the_article() -> None:
    # archive.ordnungsrausch.com.orga-life.html: a page replayed by the Wayback Machine, whose
    # toolbar (id="wm-ipp-base") has more prose than the page's short introduction.
    toolbar = (
        "<div id='wm-ipp-base'><div id='wm-collected-by-content'>"
        + "<p>Starting in 1996, <a href='http://www.alexa.com/'>Alexa Internet</a> has been donating their crawl data to the Internet Archive.</p>" * 3
        + "</div></div>"
    )
    text = f"<html><body>{toolbar}<div class='entry-content'><p>{PROSE}{SOURCE}</p></div></body></html>"
    assert cited(extract(text)) == ["https://agency.example/report"]


def test_calls_to_subscribe_and_read_on_in_other_languages_are_no_citations() -> None:
    # rp.pl: "Subskrybuj „Rzeczpospolitą” na Google News." and "Dowiedz się więcej: <headline>".
    text = page(
        PROSE * 3,
        SOURCE,
        "<a href='https://news.google.com/publications/CAAiEAPDznwU'>Subskrybuj „Rzeczpospolitą” na Google News.</a>",
        "<strong>Dowiedz się więcej: <a href='/Polityka/210509843-Kto-jak-glosowal.html'>Kto jak głosował ws. unijnych funduszy?</a></strong>",
    )
    assert cited(extract(text)) == ["https://agency.example/report"]


# --- captions, the site's channels, label lines, closing blocks --------------------------------


def test_the_links_of_a_pictures_caption_are_its_credit() -> None:
    # decohome.de.magenta.html: WordPress captions "Wandfarbe von <a>Farrow & Ball</a>";
    # jan-grosser.de.xum1541.html: "<figcaption>… unter der Lizenz GPL FDL, <a>C64-Wiki.de</a></figcaption>".
    text = page(
        PROSE * 3,
        SOURCE,
        "</p><div class='wp-caption'><img src='/magenta.jpg' alt=''><p class='wp-caption-text'>Wandfarbe von "
        "<a href='https://www.farrow-ball.example/de/farben/rectory-red'>Farrow &amp; Ball</a></p></div><p>",
        "</p><figure><img src='/schem.png' alt=''><figcaption>Bild des DIN-Steckers unter der Lizenz GPL FDL, "
        "<a href='http://c64-wiki.example/'>C64-Wiki.de</a></figcaption></figure><p>",
    )
    extraction = extract(text)
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)["http://c64-wiki.example/"] == "picture credit"


def test_a_caption_that_links_a_whole_statement_stays_a_citation() -> None:
    # elle.de.sneaker.html: the caption "Kommt im Sommer 2019 neu auf den Markt: Sleek Super Schuh
    # von Adidas, um 100 €" is one link to the shoe: the piece's own statement, not a credit.
    statement = "Kommt im Sommer 2019 neu auf den Markt: Sleek Super Schuh von Adidas, um 100 €"
    text = page(
        PROSE * 3,
        f"</p><div class='caption'><p><a href='https://www.adidas.example/sleek-super/EF8858.html'>{statement}</a></p></div><p>",
    )
    assert cited(extract(text)) == ["https://www.adidas.example/sleek-super/EF8858.html"]


CORK = "https://www.corkbeo.example/news/local-news/level-3-live-cork-ireland-19056312"


def test_the_sites_own_accounts_named_in_a_sentence_are_its_channels() -> None:
    # corkbeo.ie.level.html: "You can contact CorkBeo on <a>Facebook</a>, <a>Twitter</a>,
    # <a>Instagram</a>, or email news@corkbeo.ie", and the sign-up page "/news/sign-up-newsletter-download-app-…".
    contact = (
        "You can contact CorkBeo on <a href='https://www.facebook.com/corkbeo'>Facebook</a>, "
        "<a href='https://twitter.com/corkbeo'>Twitter</a>, <a href='https://www.instagram.com/corkbeo/'>Instagram</a>, "
        "or email news@corkbeo.ie with all your news and stories."
    )
    sign_up = "Simply pop your email <a href='/news/sign-up-newsletter-download-app-17985964'>into the box at the top of this article</a> and get the latest news."
    extraction = extract(page(PROSE * 3, SOURCE, contact, sign_up), base_url=CORK)
    assert cited(extraction) == ["https://agency.example/report"]
    assert set(reasons(extraction).values()) == {"newsletter or social-profile link"}


def test_other_peoples_accounts_and_the_sites_quoted_posts_stay_citations() -> None:
    # A person's profile named in a sentence is a source; parallels.com.desktop.html embeds a
    # tweet of its own account (blockquote.twitter-tweet): the quoted post names its author.
    person = "The mayor answered <a href='https://twitter.com/mayorjones'>on Twitter</a> an hour after the vote was counted."
    embedded = (
        "</p><blockquote class='twitter-tweet'><p>Developing for Hololens from my Mac in a virtual machine.</p>— Parallels "
        "(<a href='https://twitter.com/CorkBeo'>@CorkBeo</a>) <a href='https://twitter.com/CorkBeo/status/99665085'>May 16, 2018</a></blockquote><p>"
    )
    extraction = extract(page(PROSE * 3, person, embedded), base_url=CORK)
    assert cited(extraction) == [
        "https://twitter.com/mayorjones",
        "https://twitter.com/CorkBeo",
        "https://twitter.com/CorkBeo/status/99665085",
    ]


def test_a_newsletter_piece_of_the_site_in_a_sentence_stays_a_citation() -> None:
    text = page(PROSE * 3, "As we <a href='/2020/why-newsletters-are-back'>reported last year</a>, readers want more newsletters from local papers.")
    assert cited(extract(text)) == ["https://site.example/2020/why-newsletters-are-back"]


def test_a_line_of_category_links_is_labels_however_long() -> None:
    # urlaubsarchitektur.de.glashaus.html: a facts table's cell "1-2 (Haus/Wohnung), 1-4
    # (Haus/Wohnung), Familie, Garten, See/Fluss, Wandern, Ohne Auto erreichbar", each a category.
    labels = ", ".join(
        f"<a href='/de/category/{path}/'>{label}</a>"
        for path, label in [
            ("headcount/1-2", "1-2 (Haus/Wohnung)"),
            ("headcount/1-4", "1-4 (Haus/Wohnung)"),
            ("criteria/family", "Familie"),
            ("criteria/garden", "Garten"),
            ("criteria/lake", "See/Fluss"),
            ("criteria/hiking", "Wandern"),
        ]
    )
    # The designer's site in the same table stays a citation.
    designer = "Das Haus entwarf das Büro <a href='https://architekt.example/'>Kröger Architekten</a> aus Berlin, bekannt für seine Landhäuser."
    rows = f"<tr><td>Architektur</td><td>{designer}</td></tr><tr><td>Eignung</td><td>{labels}</td></tr>"
    text = page(PROSE * 3).replace("</div></article>", f"<table>{rows}</table></div></article>")
    extraction = extract(text)
    assert cited(extraction) == ["https://architekt.example/"]
    assert set(reasons(extraction).values()) == {"tag or category link"}


def test_category_pages_named_in_a_sentence_stay_citations() -> None:
    sentence = (
        "The <a href='/category/lakes/'>lake houses</a> and the <a href='/category/hiking/'>hiking lodges</a> "
        "of the region were booked out for the whole summer, the tourism office said."
    )
    assert len(cited(extract(page(PROSE * 3, sentence)))) == 2


def test_back_to_the_overview_is_navigation() -> None:
    # jugend-forscht.de-Feuerlöschtechnik.html: "Zurück zur Übersicht" under the press release.
    text = page(PROSE * 3, SOURCE, "<a href='/presse/pressemitteilungen/archiv.html'>Zurück zur Übersicht</a>")
    extraction = extract(text)
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)["/presse/pressemitteilungen/archiv.html"] == "related-content teaser"


def test_a_title_beginning_with_back_stays_a_citation() -> None:
    text = page(PROSE * 3, "<a href='https://agency.example/back-to-school'>Back to school: the 2020 survey</a>")
    assert cited(extract(text)) == ["https://agency.example/back-to-school"]


def lexikon(closing_class: str) -> str:
    # lexikon.huettenhilfe.de.banane.html: TYPO3 sets each content block in <div class="csc-default">;
    # the entry's text is one, its closing "Und zum Schluss - Das BananenWeb" list another.
    entry = f"<div class='csc-default'><div class='csc-textpic'><div class='csc-textpic-text'><p>{PROSE * 6}</p></div></div><div class='csc-textpic-clear'></div></div>"
    web = "".join(
        f"<li>{words}: <a href='http://www.{host}.example'>www.{host}.example</a></li>"
        for host, words in [("banafair", "Gerade der Exot Banane sollte fair gehandelt werden"), ("bananenmuseum", "Und hier geht es in das Bananenmuseum")]
    )
    closing = f"<div class='{closing_class}'><h2>Und zum Schluss - Das BananenWeb</h2><ul>{web}</ul><p>Die Seiten zur Banane im Netz, gesammelt von der Redaktion.</p></div>"
    return f"<html><body><div class='main'>{entry}{closing}</div><aside>Kategorien</aside></body></html>"


def test_a_closing_block_of_the_same_kind_as_the_articles_is_read_with_it() -> None:
    extraction = extract(lexikon("csc-default"), base_url="http://lexikon.huettenhilfe.example/obst/banane.html")
    assert cited(extraction) == ["http://www.banafair.example", "http://www.bananenmuseum.example"]


def test_a_block_of_another_kind_beside_the_article_is_not_read() -> None:
    extraction = extract(lexikon("sidebar-box"), base_url="http://lexikon.huettenhilfe.example/obst/banane.html")
    assert cited(extraction) == []


def test_a_heading_linked_to_a_sister_host_is_a_teaser() -> None:
    # lexikon.huettenhilfe.de.banane.html: "<h2><a href='http://www.huettenhilfe.de/rezepte/bananen/'>Rezepte mit Bananen</a></h2>".
    text = page(PROSE * 3, SOURCE, "</p><h2><a href='http://www.site.example/rezepte/bananen/'>Rezepte mit Bananen</a></h2><p>")
    extraction = extract(text, base_url="http://lexikon.site.example/obst/banane.html")
    assert cited(extraction) == ["https://agency.example/report"]


def test_the_previous_and_next_post_boxes_are_teasers() -> None:
    # ultimasnoticias.com.ve-ucraina.html: <div class="tdb-next-post tdb-post-prev">Artículo anterior <a>headline</a></div>.
    box = "</p><div class='tdb-next-post tdb-post-prev'><span>Artículo anterior</span><a href='/noticias/miranda/charallave-celebro/'>Charallave celebró nacimiento del artista Armando Reverón en su plaza</a></div><p>"
    assert cited(extract(page(PROSE * 3, SOURCE, box))) == ["https://agency.example/report"]


def test_the_sites_machinery_line_and_its_feeds_are_navigation() -> None:
    # seelenradio.de.leo.html: "seelenradio is powered by WordPress with theme Greenery / XHTML · CSS"
    # and "Comment RSS · TrackBack URI" under the post.
    machinery = (
        "seelenradio is powered by <a href='http://wordpress.example'>WordPress</a> with theme "
        "<a href='http://www.themes.example/greenery'>Greenery</a>"
    )
    feeds = "<a href='https://site.example/nummer-zwei-leo/feed/'>Comment RSS</a> · <a href='https://site.example/nummer-zwei-leo/trackback/'>TrackBack URI</a>"
    extraction = extract(page(PROSE * 3, SOURCE, machinery, feeds))
    assert cited(extraction) == ["https://agency.example/report"]
    assert set(reasons(extraction).values()) == {"navigation"}


def test_a_sentence_saying_powered_by_stays_a_citation() -> None:
    sentence = "The forecast model, powered by <a href='https://nasa.example/goes'>satellite data from the agency</a>, predicted the storm's path three days ahead."
    assert cited(extract(page(PROSE * 3, sentence))) == ["https://nasa.example/goes"]


def test_a_name_in_a_sentence_linked_by_a_topic_teaser_class_stays_a_citation() -> None:
    # d70fab3adde74d5fb63552855c981395.html (stern.de): "… von Premierminister <a class="taxonomy-entity
    # js-article-topic-teaser" href="/politik/ausland/themen/boris-johnson-4161272.html">Boris Johnson</a> verschoben."
    sentence = (
        "Das britische Parlament hat eine Entscheidung über den Brexit-Deal von Premierminister "
        "<a class='taxonomy-entity js-article-topic-teaser' href='/themen/boris-johnson-4161272.html'>Boris Johnson</a> verschoben."
    )
    assert cited(extract(page(PROSE * 3, sentence))) == ["https://site.example/themen/boris-johnson-4161272.html"]


def test_a_teaser_classed_link_standing_alone_stays_a_teaser() -> None:
    alone = "<a class='js-article-topic-teaser' href='/themen/brexit-4161000.html'>Alles zum Brexit</a>"
    assert cited(extract(page(PROSE * 3, SOURCE, alone))) == ["https://agency.example/report"]


def test_a_donation_link_is_the_sites_promotion() -> None:
    # wolfgangmichal.de.sorgfaltspflicht.html: "Wenn Ihnen dieser Artikel gefallen hat, können Sie
    # mich durch eine <a href="http://www.paypal.me/WolfgangMichal">Spende</a> unterstützen."
    ask = "Wenn Ihnen dieser Artikel gefallen hat, können Sie mich durch eine <a href='http://www.paypal.me/WolfgangMichal'>Spende</a> unterstützen."
    extraction = extract(page(PROSE * 3, SOURCE, ask))
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)["http://www.paypal.me/WolfgangMichal"] == "advertisement"


def test_a_bracketed_insert_sending_readers_to_the_sites_blog_or_newsletter_is_a_teaser() -> None:
    # tagesspiegel.de.abstandsregeln.html: "[Alle aktuellen Entwicklungen in Folge der Coronavirus-Pandemie
    # finden Sie <a>hier in unserem Newsblog</a>.]" and "[… im kostenlosen Tagesspiegel-Newsletter
    # "Fragen des Tages" … <a href="https://slack-redir.net/…">Zur Anmeldung geht es hier</a>.]".
    blog = "[Alle aktuellen Entwicklungen finden Sie <a href='/wissen/coronavirus-newsblog/25560996.html'>hier in unserem Newsblog</a>.]"
    letter = "[Alle Updates im kostenlosen Newsletter. <a href='https://slack-redir.example/link?url=nl.site.example'>Zur Anmeldung geht es hier</a>.]"
    extraction = extract(page(PROSE * 3, SOURCE, blog, letter))
    assert cited(extraction) == ["https://agency.example/report"]


def test_a_bracketed_note_citing_another_site_stays_a_citation() -> None:
    note = "[Update: the ministry has since <a href='https://ministry.example/figures-2020'>published the figures</a> for the whole year.]"
    assert cited(extract(page(PROSE * 3, note))) == ["https://ministry.example/figures-2020"]


def test_more_on_it_here_and_a_gallery_link_are_teasers() -> None:
    # baumeister.de.sportzentrum.html: "Mehr zu dem spannenden Umbau lesen Sie hier: <a>Holborn Community
    # Center</a>."; autohaus.de-skode.html: "<a href="/mediathek/…">Bildergalerie</a>" standing alone.
    more = "Mehr zu dem spannenden Umbau lesen Sie hier: <a href='/holborn-community-center/'>Holborn Community Center</a>."
    gallery = "<a href='/mediathek/skoda-enyaq-coupe-2935883'>Bildergalerie</a>"
    assert cited(extract(page(PROSE * 3, SOURCE, more, gallery))) == ["https://agency.example/report"]


def test_a_sentence_saying_more_stays_a_citation() -> None:
    sentence = "More than half of the schools <a href='https://agency.example/schools-2020'>reported staff shortages</a> here: in the north."
    assert cited(extract(page(PROSE * 3, sentence))) == ["https://agency.example/schools-2020"]


# --- a tagDiv theme's post header and ad slot inside the <article> -----------------------------


def tagdiv_post(header: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    advert = (
        "<div class='td-a-rec td-a-rec-id-content_bottom tdi_18_f17 td_block_template_1'>"
        "<a href='https://parey-abo.de/deutsche-jagdzeitung-e-paper/?utm_source=abo-link-banner-bottomarticle'><img src='/abo.jpg' alt='Aboangebot'></a></div>"
    )
    return (
        "<html><body><div class='td-header-menu-wrap'><ul class='menu'><li><a href='/djz/djz/meldungen/'>News</a></li></ul></div>"
        f"<article class='post type-post category-meldungen'><div class='td-post-header'>{header}</div>"
        f"<div class='td-post-content tagdiv-type'>{body}{advert}</div></article></body></html>"
    )


def test_a_posts_category_and_the_ad_slot_below_it_are_furniture() -> None:
    # djz.de-amoklauf.html: "News" in the post header's category list, and the subscription banner
    # in the theme's ad slot at the bottom of the text, sit inside the <article>.
    header = (
        "<ul class='td-category'><li class='entry-category'><a href='https://djz.de/djz/djz/meldungen/'>News</a></li></ul>"
        "<header class='td-post-title'><h1 class='entry-title'>Amoklauf in Heidelberg</h1></header>"
    )
    extraction = extract(tagdiv_post(header, PROSE * 3, SOURCE, PROSE * 2), base_url="https://djz.de/amoklauf/")
    assert cited(extraction) == ["https://agency.example/report"]
    found = reasons(extraction)
    assert found["https://djz.de/djz/djz/meldungen/"] == HEADER
    assert found["https://parey-abo.de/deutsche-jagdzeitung-e-paper/?utm_source=abo-link-banner-bottomarticle"] == ADVERT


def test_a_lead_set_in_the_post_header_keeps_its_links() -> None:
    # The counter-example: a header holding the piece's lead paragraph is the piece's text; its
    # category list is still furniture.
    header = (
        "<ul class='td-category'><li class='entry-category'><a href='https://djz.de/djz/djz/meldungen/'>News</a></li></ul>"
        f"<h1 class='entry-title'>Amoklauf in Heidelberg</h1><p class='td-post-sub-title'>{PROSE} Die Polizei"
        " <a href='https://polizei.example/meldung'>meldete</a> am Abend neue Zahlen.</p>"
    )
    extraction = extract(tagdiv_post(header, PROSE * 3, SOURCE, PROSE * 2), base_url="https://djz.de/amoklauf/")
    assert cited(extraction) == ["https://polizei.example/meldung", "https://agency.example/report"]
    assert reasons(extraction)["https://djz.de/djz/djz/meldungen/"] == TAG


# --- a forum's and a blog's own machinery -----------------------------------------------------


def test_a_forum_posts_permalinks_quotes_reactions_and_members_are_furniture() -> None:
    # villagersandheroes.com.forums.patchnotes.html (XenForo): each post has its date and its number
    # linked to itself, its reactions, its author's page; a reply quotes a post with "Nixe said:".
    thread = "https://villagersandheroes.com/forums/threads/patchnotes.3976/"
    post = (
        f"<div class='message-attribution'><a href='{thread}post-53700'>Sep 20, 2020</a> <a href='{thread}post-53700'>#4</a></div>"
        "<div class='bbWrapper'><blockquote><div class='bbCodeBlock-title'><a href='/forums/goto/post?id=53700'>Nixe said:</a></div>"
        f"{PROSE}</blockquote>{PROSE * 2} Mehr im <a href='https://villagersandheroes.com/forums/threads/huge-mistake.3987/'>US Thread</a>.</div>"
        "<div class='reactionsBar'>Reactions: <a href='/forums/posts/53700/reactions'>Bibi Blocksberg and Herr Blocksberg</a></div>"
        "<p>Thread starter <a href='/forums/members/tiberius.8/'>Tiberius</a></p>"
    )
    extraction = extract(page(post), base_url=thread)
    assert cited(extraction) == ["https://villagersandheroes.com/forums/threads/huge-mistake.3987/"]


def test_a_date_linked_to_another_site_stays_a_citation() -> None:
    # The counter-example: timesofisrael.com.washington.html quotes a tweet whose date links to it.
    tweet = (
        "<blockquote class='twitter-tweet'><p>The state's newest Supreme Court Justice heading into the courtroom.</p>"
        "&mdash; Drew Mikkelsen (@drewmikkelsenk5) <a href='https://twitter.com/drewmikkelsenk5/status/1214239528954712064'>January 6, 2020</a></blockquote>"
    )
    assert cited(extract(page(PROSE * 3, tweet))) == ["https://twitter.com/drewmikkelsenk5/status/1214239528954712064"]


def test_the_blog_softwares_edit_and_mail_icons_are_furniture() -> None:
    # bumsbutzener-gumpfen.blogspot.com.tach-auch.html: Blogger's pencil and envelope under the post.
    footer = (
        "Eingestellt von der Michel um 21:11 <span class='item-action'><a href='https://www.blogger.com/email-post.g?blogID=1&postID=2'><img src='/m.gif'></a></span>"
        "<span class='item-control'><a href='https://www.blogger.com/post-edit.g?blogID=1&postID=2&from=pencil'><img src='/p.gif'></a></span>"
    )
    assert cited(extract(page(PROSE * 3, SOURCE, footer))) == ["https://agency.example/report"]


def test_a_subscription_page_is_furniture_a_word_beginning_with_abo_is_not() -> None:
    # uebermedien.de-Israel.html: "Exklusiv für Übonnenten" links to /abo; the counter-example is a
    # page whose name only begins with the same letters.
    teaser = "<a href='https://uebermedien.de/abo'>Exklusiv für Übonnenten</a>"
    aboriginal = "Officials <a href='https://agency.example/aboriginal-land-report'>reported</a> the figures."
    assert cited(extract(page(teaser, PROSE * 3, aboriginal), base_url="https://uebermedien.de/89676/x/")) == [
        "https://agency.example/aboriginal-land-report"
    ]


# --- teasers of the site's other posts, each a linked headline over an excerpt ------------------


def next_posts(host: str = "https://site.example", hosts: tuple[str, ...] = ()) -> str:
    cards = "".join(
        f"<div class='nextstory'><h2><a href='{(hosts[n] if hosts else host)}/post-{n}/'>Another Post Number {n}</a></h2>"
        f"<p>{PROSE * 3}</p><h3><a href='{(hosts[n] if hosts else host)}/post-{n}/'>READ THE REST</a></h3></div>"
        for n in range(3)
    )
    return f"<div id='next-post-thumbnails'>{cards}</div>"


def test_a_row_of_teasers_with_more_prose_than_the_post_is_not_the_post() -> None:
    # boingboing.net.millenials.html: a two-paragraph post, then the next posts' headlines with
    # their excerpts, three times its text; the post's sources were lost for the teasers' links.
    tags = " / ".join(f"<a href='/tag/{word}/'>{word}</a>" for word in ("comics", "demographics", "economics", "happy mutants", "generations"))
    share = f"<div class='share'><h3><a href='/share/'>SHARE</a> / <a href='/tweet/'>TWEET</a> / 82 COMMENTS</h3><h3>{tags}</h3></div>"
    post = f"<div id='story'><p>{PROSE} {PROSE}</p><p><a href='https://news.example/comic'>The generation we love to dump on</a></p>{share}</div>"
    byline = "".join(f"<a href='/topic-{n}/'>Topic {n}</a> " for n in range(30))
    extraction = extract(f"<html><body><div id='container'><div class='navbyline'>{byline}</div>{post}{next_posts()}</div></body></html>")
    assert cited(extraction) == ["https://news.example/comic"]


def test_a_listicles_items_headed_by_links_to_many_sites_stay_the_piece() -> None:
    hosts = ("https://one.example", "https://two.example", "https://three.example")
    extraction = extract(f"<html><body><div id='container'><div id='intro'><p>{PROSE}</p></div>{next_posts(hosts=hosts)}</div></body></html>")
    assert {url.rsplit("/", 2)[0] for url in cited(extraction)} == set(hosts)


def test_a_footer_named_by_its_class_is_not_the_article() -> None:
    # boingboing.net.millenials.html: div#footer-left's about text is longer than the post.
    footer = f"<div id='footer'><div id='footer-left'><p>{PROSE * 3}</p><p><a href='https://host.example/'>Hosted by</a> them.</p></div></div>"
    post = f"<div id='story'><p>{PROSE} <a href='https://news.example/comic'>a comic</a> {PROSE}</p></div>"
    sidebar = f"<aside><p>{PROSE * 3}</p></aside>"
    extraction = extract(f"<html><body>{post}{sidebar}{footer}</body></html>")
    assert cited(extraction) == ["https://news.example/comic"]


# --- an article cut into sections of one kind, and the site's donation page ---------------------


def sections(first: str) -> str:
    """ambito.com-paritarias.html: the text in three sections whose first class is "detail-body"
    (each with a second class of its own), a teaser box between them, a tag list and teasers below."""
    teaser = "<section class='related-note-in-body'><a href='/inflacion-a1'>Informate más: inflación que escala</a></section>"
    tags = "<div class='detail-themes'><ul>" + "".join(f"<li><a href='/tema-{n}'>Tema {n}</a></li>" for n in range(3)) + "</ul></div>"
    more = "<section class='highlighted-notes-list'>" + "".join(f"<h3><a href='/nota-{n}'>Nota {n}</a></h3>" for n in range(15)) + "</section>"
    return (
        "<html><body><div class='note'><div class='row'><div class='col-12 col-lg-8'>"
        f"<section class='detail-body {first}'><section class='body-content'><p>{PROSE * 2} <a href='/paritarias-a5122767'>paritarias</a> {PROSE}</p></section></section>"
        f"{teaser}<section class='detail-body'><section class='body-content'><p>{PROSE * 14}</p></section>"
        "<section class='printed-edition'>El contenido al que quiere acceder es exclusivo para suscriptores.</section></section>"
        f"{tags}{more}</div></div></div></body></html>"
    )


def test_the_sections_of_an_article_cut_by_a_teaser_box_are_read_together() -> None:
    assert cited(extract(sections("first-paragraph"), base_url="https://www.ambito.com/nota")) == ["https://www.ambito.com/paritarias-a5122767"]


def test_a_block_beside_the_article_of_another_kind_is_not_read_with_it() -> None:
    page_text = sections("first-paragraph").replace("class='detail-body first-paragraph'", "class='sidebar-box'")
    assert cited(extract(page_text, base_url="https://www.ambito.com/nota")) == []


def test_the_sites_donation_page_is_its_promotion_even_in_a_sentence() -> None:
    # report24.news-Drohne.html, correctiv.org.zusage.html (a held-out page), netzpolitik.org.abmahnungen.html.
    extraction = extract(page(PROSE * 3, "Wenn Sie unseren Journalismus mögen, freuen wir uns über Ihre <a href='/unterstuetzen/'>Unterstützung</a>.", "<a href='/spenden/'>Jetzt spenden</a>"))
    assert cited(extraction) == []
    assert set(reasons(extraction).values()) - {"navigation"} == {ADVERT}


def test_a_charitys_donation_page_named_in_a_sentence_stays_a_citation() -> None:
    extraction = extract(page(PROSE * 3, "The appeal raised its goal within a week, <a href='https://charity.example/donate'>its page</a> shows."))
    assert cited(extraction) == ["https://charity.example/donate"]


# --- pictures and icons: links that show no words of their own, or only enlarge a picture -------


def test_a_picture_shown_larger_or_saved_is_the_picture() -> None:
    # slf.ch-lawinensituation.html ("Vollbild"), KATAPULT-Magazin.de-parteien.html ("Grafik
    # herunterladen"), auto-motor.at-hyundaitest.html ("vergrößern (Bildquelle: …)").
    extraction = extract(
        page(
            PROSE * 3,
            "<a href='/fileadmin/lawine.jpg'>Vollbild</a>",
            PROSE,
            "<a href='/karten/parteien.jpg'>Grafik herunterladen</a>",
            PROSE,
            "<a href='/auto-fotos/santa-fe/7'>vergrößern (Bildquelle: auto-motor.at/Stefan Gruber)</a>",
        )
    )
    assert cited(extraction) == []
    assert set(reasons(extraction).values()) - {"navigation"} == {"link to an image file"}


def test_a_picture_file_named_in_a_line_of_the_text_stays_a_citation() -> None:
    # archive.org.the-pain.net.silkroad.html: "Töte 1500 <a>Black Eagles</a>", the monster's picture.
    extraction = extract(page(PROSE * 3, "Beschreibung: Töte 1500 <a href='/images/rmountain/02_bla10.jpg'>Black Eagles</a>"))
    assert cited(extraction) == ["https://site.example/images/rmountain/02_bla10.jpg"]


def test_a_link_to_the_sites_pages_without_words_is_a_teasers_picture() -> None:
    # bike-magazin.de-strava.html: every teaser below the piece is an empty link (its picture drawn
    # by the style sheet) and its headline.
    extraction = extract(page(PROSE * 3, "<a href='/mtb_news/komoot-premium'></a>", SOURCE))
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)["/mtb_news/komoot-premium"] == "related-content teaser"


def test_a_document_of_the_site_offered_by_its_cover_picture_stays_the_pieces() -> None:
    # infocomcgt.fr.caisse.html: posters and leaflets offered as PDF files behind their pictures.
    extraction = extract(page(PROSE * 3, "<a href='/wp-content/uploads/affiche.pdf'><img src='/affiche.png'></a>"))
    assert cited(extraction) == ["https://site.example/wp-content/uploads/affiche.pdf"]


def test_a_row_of_icons_or_logos_to_other_sites_is_the_sites_channels() -> None:
    # viertausendhertz.de.ddg48.html: "listen on" icons (a section of logos the piece introduces:
    # tests/test_body_recall_sections.py).
    icons = "".join(f"<a href='https://{host}/show/1'><img src='/{host}.svg' alt='{host}'></a>" for host in ("spotify.example", "deezer.example", "overcast.example"))
    extraction = extract(page(PROSE * 3, icons, SOURCE))
    assert cited(extraction) == ["https://agency.example/report"]


def test_a_pictures_linked_to_their_sources_or_one_hosts_videos_stay_citations() -> None:
    videos = "".join(f"<a href='https://video.example/watch?v={n}'><img src='/thumb{n}.jpg' alt=''></a>" for n in range(3))
    pair = "<a href='https://one.example/chart'><img src='/c1.png'></a><a href='https://two.example/map'><img src='/c2.png'></a>"
    extraction = extract(page(PROSE * 3, videos, PROSE, pair))
    assert len(cited(extraction)) == 5


def test_the_sites_own_app_is_one_of_its_channels() -> None:
    # viconsortium.com-cocaine.html: "Get our app" badges under the piece.
    extraction = extract(
        page(PROSE * 3, "<a href='https://apps.apple.com/us/app/vi-consortium-official/id1479666958'>App Store</a>", SOURCE),
        base_url="https://viconsortium.com/news/the-piece",
    )
    assert cited(extraction) == ["https://agency.example/report"]


def test_an_app_the_piece_reviews_stays_a_citation() -> None:
    extraction = extract(
        page(PROSE * 3, "The new <a href='https://apps.apple.com/us/app/strava/id426826309'>Strava app</a> maps the route for you."),
        base_url="https://viconsortium.com/news/the-piece",
    )
    assert cited(extraction) == ["https://apps.apple.com/us/app/strava/id426826309"]


def test_links_tagged_with_a_related_box_or_a_print_and_send_service_are_furniture() -> None:
    # wired.com.burn.html ("?itm_campaign=BottomRelatedStories"), arbeit-und-arbeitsrecht.de.urlaub.html
    # (printfriendly.com), landwirt.com.sensortechnik.html ("mailtofriend").
    extraction = extract(
        page(
            PROSE * 3,
            "Check out our picks for the <a href='https://site.example/gallery/best-headphones/?itm_campaign=BottomRelatedStories'>best headphones</a> of the year, tested.",
            "<a href='https://www.printfriendly.com/print?url=https://site.example/node/8996'>Printer Friendly, PDF &amp; Email</a>",
            "<a href='/ez/index.php/article/mailtofriend/4229/1/386/'>weiterempfehlen</a>",
            SOURCE,
        )
    )
    assert cited(extraction) == ["https://agency.example/report"]


# --- a pair of the site's headlines; a reference list beside the abstract ------------------------


def test_a_list_of_two_of_the_sites_headlines_is_a_teaser_box() -> None:
    # bbc.com.52241221.html: "One virus, two Americas" and one more, each a list item that is a link.
    pair = "<ul><li><a href='/news/world-52216777'>One virus, two Americas</a></li><li><a href='/news/business-52199888'>Four out of five jobs affected</a></li></ul>"
    extraction = extract(page(PROSE * 3, SOURCE, pair))
    assert cited(extraction) == ["https://agency.example/report"]


def test_a_pair_of_other_sites_pages_or_the_sites_documents_in_a_list_stays_the_pieces() -> None:
    others = "<ul><li><a href='https://one.example/report'>The report</a></li><li><a href='https://two.example/data'>The data</a></li></ul>"
    documents = "<ul><li><a href='/files/report.pdf'>The report</a></li><li><a href='/files/data.xlsx'>The data</a></li></ul>"
    assert len(cited(extract(page(PROSE * 3, others, documents)))) == 4


def test_a_reference_list_beside_the_abstract_is_the_pieces() -> None:
    # acpjournals.org.3075.html: the abstract, then div.article__references, 175 links to the works.
    references = "".join(f"<li>{n}. Author A. A study. <a href='https://scholar.example/lookup?id={n}'>Google Scholar</a></li>" for n in range(30))
    text = (
        "<html><body><div class='article__body'><div class='hlFld-Abstract'>"
        f"<h2>Background:</h2><p>{PROSE * 4}</p><h2>Results:</h2><p>{PROSE * 4}</p></div>"
        f"<div class='article__references'><h2>References</h2><ol>{references}</ol></div></div></body></html>"
    )
    assert len(cited(extract(text))) == 30


def test_a_list_of_links_beside_the_article_that_names_no_sources_is_not_read() -> None:
    more = "".join(f"<li><a href='https://partner{n}.example/'>Partner {n}</a></li>" for n in range(30))
    text = (
        "<html><body><div class='article__body'><div class='hlFld-Abstract'>"
        f"<h2>Background:</h2><p>{PROSE * 4}</p><h2>Results:</h2><p>{PROSE * 4}</p></div>"
        f"<div class='article__partners'><h2>Partners</h2><ol>{more}</ol></div></div></body></html>"
    )
    assert cited(extract(text)) == []


# --- a news item's links set bare below it; a page replayed by the Wayback Machine ---------------


def news_item(links: str) -> str:
    """archive.org.dzs-clan.de.html: headline, text, byline, then the events it reports as bare
    links, then the comment form."""
    return (
        "<html><body><div id='menu'>" + "".join(f"<a href='/p{n}'>Seite {n}</a> " for n in range(30)) + "</div>"
        "<div class='cPad'><div class='headline'><h2>Die Events der letzten Zeit</h2><div>Konnten die Erwartungen erfüllt werden?</div></div>"
        f"<div class='content'><p>{PROSE * 4}</p><p>{PROSE * 3}</p></div>"
        "<div class='left author'>Author: <a href='/profile/7'>Bo2man</a> am 29.12.2010</div><hr/>"
        f"{links}<form><a href='#'>Sortierung:</a> Du musst eingeloggt sein oder noch gar nicht "
        "<a href='index.php?site=register'>Registriert</a>?</form></div></body></html>"
    )


def test_a_news_items_links_set_bare_below_its_text_are_its_citations() -> None:
    links = "<a class='link' href='https://cups.example/pro-cup'>Pro Cup #1</a><a class='link' href='https://lan.example/'>Meegaa - Lan</a>"
    assert cited(extract(news_item(links))) == ["https://cups.example/pro-cup", "https://lan.example/"]


def test_a_single_link_set_bare_below_the_text_is_not_read_with_it() -> None:
    # mix1.de-clio.html: "amazon Tipp:" and one link, an advert below the article.
    assert cited(extract(news_item("<a href='https://amzn.example/2UmK3dw'>Nutzen Sie die Musik-Funktionen</a>"))) == []


def test_a_replayed_pages_site_is_the_archived_one() -> None:
    # archive.org.dzs-clan.de.html, archive.peptalks.de.schulnoten.html: every link is written as a
    # replay address; links to other sites' log-in pages are not the site's own pages, and a share
    # endpoint is still one.
    replay = "https://web.archive.org/web/20110106023242/"
    text = page(
        PROSE * 3,
        "Die Ergebnisse stehen bei <a href='/web/20110106023242/http://www.consoles.net/de/login/validate#/rankings/'>Consoles.net</a>.",
        f"<a href='{replay}http://dzs-clan.de/index.php?site=register'>Registriert</a>",
        f"<a href='{replay}http://www.facebook.com/sharer.php?u=x'>Teilen</a>",
    )
    extraction = extract(text, base_url=f"{replay}http://dzs-clan.de/index.php?site=news")
    assert cited(extraction) == [f"{replay}http://www.consoles.net/de/login/validate#/rankings/"]


# --- a banner to an advertiser, a photo album, the page's own section -----------------------------


def test_a_banner_shaped_picture_to_another_site_is_an_advert() -> None:
    # nh24.de-Bundeswehr.html: 1170x293 and 600x75 pictures marked "ANZEIGE" in the image itself.
    banners = "<a href='https://market.example/'><img src='/ad1.jpg' width='1170' height='293'></a><p>{}</p><a href='https://party.example/'><img src='/ad2.png' width='600' height='75'></a>"
    extraction = extract(page(PROSE * 3, banners.format(PROSE), SOURCE))
    assert cited(extraction) == ["https://agency.example/report"]
    assert set(reasons(extraction).values()) - {"navigation"} == {ADVERT}


def test_a_photo_linked_to_its_source_stays_a_citation() -> None:
    photo = "<a href='https://agency.example/chart'><img src='/chart.png' width='800' height='450'></a>"
    assert cited(extract(page(PROSE * 3, photo))) == ["https://agency.example/chart"]


def test_a_photo_album_standing_alone_is_the_pictures() -> None:
    # evref.ch-ökumene.html: "Bilder des Treffens" to a Flickr album.
    extraction = extract(page(PROSE * 3, "<a href='https://www.flickr.com/photos/sekfeps/albums/72157720113092177'>Bilder des Treffens</a>", SOURCE))
    assert cited(extraction) == ["https://agency.example/report"]


def test_the_section_the_page_sits_in_standing_alone_is_navigation() -> None:
    # handwerksblatt.de-Friseurbesuch.html ("Coronaschutz im Betrieb - Themen-Specials" above the
    # piece), dvg.de.weihnachtsurlaub.html ("zurück zur Listenansicht").
    base = "https://site.example/themen-specials/coronaschutz/2g-3g-beim-friseur"
    extraction = extract(page("<a href='/themen-specials/coronaschutz'>Coronaschutz im Betrieb - Themen-Specials</a>", PROSE * 3, SOURCE), base_url=base)
    assert cited(extraction) == ["https://agency.example/report"]


def test_the_pages_section_named_in_a_sentence_stays_a_citation() -> None:
    base = "https://site.example/themen-specials/coronaschutz/2g-3g-beim-friseur"
    text = page(PROSE * 3, "Alle Regeln für Betriebe stehen in unserem <a href='/themen-specials/coronaschutz'>Special zum Coronaschutz</a>, laufend ergänzt.")
    assert cited(extract(text, base_url=base)) == ["https://site.example/themen-specials/coronaschutz"]


# --- a headline standing alone between the paragraphs of a news item --------------------------

TEASER_URL = "https://site.example/aktuelles/ex-von-helena-fuerst-ennesto-monte-laesst-sich-operieren_60022.html"
TEASER = f"<a href='{TEASER_URL}'>&gt;&gt; Ex von Helena Fürst: Ennesto Monté lässt sich operieren &lt;&lt;</a>"


def test_a_paragraph_that_is_one_headline_of_the_site_between_paragraphs_is_a_teaser() -> None:
    # tonight.de-Arschloch.html: "<p><a>>> Ex von Helena Fürst: Ennesto Monté lässt sich … <<</a></p>"
    # between two paragraphs of the news item, then its next subheading.
    text = page(SOURCE, PROSE * 2, TEASER, PROSE).replace(f"<p>{PROSE}</p></div>", f"<h2>Trennung nach einem halben Jahr</h2><p>{PROSE}</p></div>")
    extraction = extract(text)
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)[TEASER_URL] == "related-content teaser"


def test_a_headline_in_a_pictures_caption_between_paragraphs_is_a_teaser() -> None:
    # 24horas.cl-segundo.html: a figure set in a paragraph, its caption a link to another article.
    url = "https://site.example/nacional/presidente-visito-a-reportera-baleada-5287260"
    figure = f"<figure><img src='/p.jpg'><figcaption><a href='{url}'><h5>Presidente visitó a reportera baleada en la Posta Central</h5></a></figcaption></figure>"
    extraction = extract(page(PROSE * 2, figure, PROSE))
    assert reasons(extraction)[url] == "related-content teaser"


def test_the_same_article_linked_in_a_sentence_or_closing_the_text_stays_a_citation() -> None:
    in_sentence = extract(page(PROSE * 2, f"Monté hatte schon früher <a href='{TEASER_URL}'>über seine Operationen gesprochen</a>.", PROSE))
    assert cited(in_sentence) == [TEASER_URL]
    # zoll.de-Tabaksteuer.html: the text ends on the page it told the reader about.
    closing = extract(page(PROSE * 2, TEASER))
    assert cited(closing) == [TEASER_URL]
    announced = extract(page(PROSE * 2 + "Mehr dazu lesen Sie im Bericht:", TEASER, PROSE))
    assert cited(announced) == [TEASER_URL]


# --- channel invitations: Google News, the e-edition, a newsletter's tracked links -------------


def test_the_sites_google_news_page_e_edition_and_newsletter_tracker_are_channel_invitations() -> None:
    # elcolumbiano.com-alcaldia.html ("Síguenos en Google News"), nationnews.com-schools.html (the
    # e-edition's landing page), madymorrsion.com.energy.html (a newsletter's ActiveCampaign links).
    channels = [
        "https://news.google.com/publications/CAAqBwgKMIahrwEw9sQR?hl=es-419&gl=CO",
        "https://nationnews-brb.newsmemory.com/landing.php",
        "http://madymorrison.acemlnc.com/lt.php?s=f5403feca7f86f298a47e134d39a965a&i=16A24A2A79",
    ]
    lines = [f"Join us <a href='{url}'>there</a> for every story of the week and more." for url in channels]
    extraction = extract(page(PROSE, SOURCE, *lines))
    assert cited(extraction) == ["https://agency.example/report"]
    assert {reasons(extraction)[url] for url in channels} == {"newsletter or social-profile link"}


def test_a_story_on_google_news_or_a_newspapers_own_site_stays_a_citation() -> None:
    story = "https://news.google.com/stories/CAAqNggKIjBDQklTSGpvSmMzUnZjbmt0TXpZd1NoRUtEd2pfOTZ2TEJCRV9BRUwxUk?hl=en"
    paper = "https://www.nationnews.com/2022/03/04/schools-reopen/"
    extraction = extract(page(PROSE, f"The coverage was <a href='{story}'>gathered by Google News</a> and <a href='{paper}'>the Nation</a> reported it."))
    assert cited(extraction) == [story, paper]


# --- a byline's names linked to the authors' own sites -------------------------------------------


def test_names_in_a_byline_line_are_author_links() -> None:
    # aussengedanken.de.feuerholz.html: "Von <a>Roland Brockmann</a> und <a>Sebastian Drescher</a>".
    byline = "Von <strong><a href='http://www.rolandbrockmann.de'>Roland Brockmann</a></strong> und <strong><a href='https://www.torial.com/sebastian.drescher'>Sebastian Drescher</a></strong>"
    extraction = extract(page(byline, PROSE * 2, SOURCE))
    assert cited(extraction) == ["https://agency.example/report"]
    assert set(reasons(extraction).values()) - {"navigation"} == {"author or byline link"}


def test_a_name_linked_in_a_sentence_stays_a_citation() -> None:
    extraction = extract(page(PROSE * 2, "Wie <a href='http://www.rolandbrockmann.de'>Roland Brockmann</a> berichtet, fehlt im Lager das Feuerholz."))
    assert cited(extraction) == ["http://www.rolandbrockmann.de"]


# --- where to buy: a price table's retailer buttons, product pictures to a retailer -------------


def offer_table(href: str, price: str = "172,99 EUR") -> str:
    # werkzeugforum.de-heizjacke.html: an AAWP comparison table, a row of prices, a row of buttons.
    cell = f"<div class='aawp-tb__data'><div class='aawp-tb-product-data-button'><a class='aawp-button aawp-button--buy' href='{href}'>Zum Angebot</a></div></div>"
    return (
        f"<div class='aawp-tb'><div class='aawp-tb__row'><div class='aawp-tb__data'>{price}</div><div class='aawp-tb__data'>146,45 EUR</div></div>"
        f"<div class='aawp-tb__row'>{cell}{cell.replace(href, href + '2')}</div></div>"
    )


def test_a_price_tables_buttons_to_a_retailer_are_citations() -> None:
    offer = "https://www.amazon.de/dp/B08XWDHRR2?tag=red2405-21"
    extraction = extract(page(PROSE * 2).replace("</div></article>", offer_table(offer) + "</div></article>"))
    assert cited(extraction) == [offer, offer + "2"]


def test_product_pictures_in_a_slider_leading_to_a_retailer_are_citations() -> None:
    # werkzeugforum.de-heizjacke.html: an image carousel whose pictures link to the shop's offer.
    slider = "<div class='su-image-carousel'><div class='su-image-carousel-item'><a href='https://amzn.to/3rVhBfH'><img src='/jacke.jpg' alt='Jacke'></a></div></div>"
    extraction = extract(page(PROSE * 2).replace("</div></article>", slider + "</div></article>"))
    assert cited(extraction) == ["https://amzn.to/3rVhBfH"]


def test_buttons_without_a_price_ads_and_sliders_of_the_sites_pages_stay_furniture() -> None:
    app = "<a class='button' href='https://play.google.com/store/apps/details?id=example'>App laden</a>"
    advert = offer_table("https://ad.doubleclick.net/ddm/clk/453910449;258151132;c?https://shop.example/offer", "ab 115 € im Monat")
    slider = "<div class='slider'><a href='https://site.example/2020/08/another-piece/'><img src='/t.jpg'></a></div>"
    extraction = extract(page(PROSE * 2, app).replace("</div></article>", advert + slider + "</div></article>"))
    assert cited(extraction) == []


# --- the site promoting a service of its own, one its menu lists --------------------------------


def with_menu(text: str) -> str:
    return text.replace("<nav><a href='/'>Home</a></nav>", "<nav><a href='/'>Home</a><a href='https://site.example/brandfinder/'>Brandfinder</a></nav>")


def test_our_service_that_the_menu_lists_is_the_sites_promotion() -> None:
    # peppermynta.de-Strickmode.html: "Kennt ihr schon unseren Brandfinder? … mit unserem
    # <a>Brandfinder</a> Fair Fashion Labels …", the Brandfinder also in the site's main menu.
    line = "Ab sofort findet ihr mit unserem <a href='https://site.example/brandfinder/'>Brandfinder</a> faire Labels auf einen Klick."
    extraction = extract(with_menu(page(PROSE * 2, SOURCE, line)))
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)["https://site.example/brandfinder/"] == ADVERT


def test_our_article_or_a_menu_page_named_without_our_stays_a_citation() -> None:
    article = "Wie wir in unserem <a href='https://site.example/2020/07/faire-labels-im-test/'>Test fairer Labels</a> zeigten, hält Wolle länger."
    plain = "Die Marken stehen im <a href='https://site.example/brandfinder/'>Brandfinder</a> der Redaktion."
    extraction = extract(with_menu(page(PROSE * 2, article, plain)))
    assert cited(extraction) == ["https://site.example/2020/07/faire-labels-im-test/", "https://site.example/brandfinder/"]


def test_our_page_that_the_menu_names_otherwise_stays_a_citation() -> None:
    # thepointsguy.com.alaska.html: "based on our <a>monthly valuations</a>", the menu's "Point Valuations".
    menu = "<nav><a href='/'>Home</a><a href='https://site.example/guide/monthly-valuations/'>Point Valuations</a></nav>"
    line = "That is worth about 180 dollars, based on our <a href='https://site.example/guide/monthly-valuations/'>monthly valuations</a>."
    extraction = extract(page(PROSE * 2, line).replace("<nav><a href='/'>Home</a></nav>", menu))
    assert cited(extraction) == ["https://site.example/guide/monthly-valuations/"]
