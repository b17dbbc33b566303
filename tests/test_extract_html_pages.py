"""Real page shapes: which links of a saved article page are read, and which are its citations.

Each snippet keeps the structure of a page in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval), shortened, with the page named.
"""

from __future__ import annotations

import lxml.etree
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkaudit.extract.common import readable_text
from linkaudit.extract.html import HtmlExtraction, _parse, extract_html
from linkaudit.extract.html_locate import unescape_attribute
from linkaudit.models import Document, DocumentKind

PROSE = "Die Tiere leben in engen Käfigen und werden für ihr Fell gezüchtet, berichten die Fachleute seit Jahren. "


def extract(text: str, *, scope: str = "article", base_url: str = "https://site.example/news/piece") -> HtmlExtraction:
    return extract_html(Document(source="page.html", text=text, kind=DocumentKind.HTML), scope=scope, base_url=base_url)


def not_read(extraction: HtmlExtraction) -> list[str]:
    return [link.written for link in extraction.non_citations if link.reason.startswith("not read")]


def written_at(text: str, line: int, column: int, length: int) -> str:
    return text.split("\n")[line - 1][column - 1 : column - 1 + length]


def paragraph_block(*paragraphs: str) -> str:
    # A Drupal "paragraphs" item: three wrappers around the text of one content block.
    inner = "".join(f"<p>{text}</p>" for text in paragraphs)
    return f'<div class="paragraph paragraph--type--text"><div class="content"><div class="field field--name-field-text field__item">{inner}</div></div></div>'


def test_an_article_cut_into_content_blocks_is_taken_whole_through_their_wrappers() -> None:
    # tierwelt.ch-plez.html: the link sits in the second of three Drupal paragraph blocks, the
    # prose mostly in the first; each block is nested three wrappers deep.
    page = (
        "<html><body><nav><a href='/a'>Natur</a> <a href='/b'>Heimtiere</a></nav>"
        "<article class='node'><div class='node__content'><div class='field field--name-field-paragraphs'>"
        + paragraph_block(PROSE * 4, PROSE * 3)
        + paragraph_block(PROSE + 'Die Liste der <a href="https://furfreeretailer.com/">«Fur Free Retailer»</a> wächst.')
        + paragraph_block(PROSE * 2)
        + "</div></div></article><footer><a href='/impressum'>Impressum</a></footer></body></html>"
    )
    assert [citation.url for citation in extract(page).citations] == ["https://furfreeretailer.com/"]


def test_a_query_with_a_reference_like_name_is_read_as_written() -> None:
    # blog.python.org.html (Blogger): "&sectionId=" is not "§ionId=" in an attribute, so the
    # link is found in the tree and placed exactly, not reported as unread.
    href = "//www.blogger.com/rearrange?blogID=394&widgetType=HTML&widgetId=HTML1&action=editWidget&sectionId=sidebar-right-1"
    page = f"<html><body><p>{PROSE * 3}</p>\n<span class='item-control blog-admin'>\n<a class='quickedit' href='{href}' title='Edit'><img alt='' src='/w.png'/></a></span></body></html>"
    extraction = extract(page, scope="all")
    assert not_read(extraction) == []
    [edit] = [link for link in extraction.citations if link.written == href]
    assert (edit.location.line, edit.location.column) == (3, 28)
    assert written_at(page, 3, 28, len(href)) == href


def test_markup_quoted_in_an_attribute_is_no_link() -> None:
    # idw-online.de-Hybridbatterie.html: a tooltip whose title holds an <a href>.
    page = (
        f"<html><body><article><p>{PROSE * 3}</p><p>Publikationen <span class='has-tip' "
        "title=\"bitte den DOI angeben - siehe <a href='http://de.wikipedia.org/wiki/Digital_Object_Identifier'>"
        'Wikipedia</a>">[i]</span></p></article></body></html>'
    )
    extraction = extract(page)
    assert not_read(extraction) == []
    assert all("wikipedia" not in link.written for link in (*extraction.citations, *extraction.non_citations))


def test_an_unquoted_address_keeps_its_equals_signs() -> None:
    # dtb-tennis.de-nominiert.html: <a href=http://…?championship=BL+2017&group=1163462>.
    href = "http://dtb.liga.nu/cgi-bin/groupPage?championship=BL+2017&group=1163462"
    page = f"<html><body><article><p>{PROSE * 3} Die <a href={href}>Tabelle</a> zeigt es.</p></article></body></html>"
    extraction = extract(page)
    assert not_read(extraction) == []
    assert [citation.url for citation in extraction.citations] == [href]
    assert written_at(page, 1, extraction.citations[0].location.column, len(href)) == href


_PARSER = lxml.etree.HTMLParser()
_NAMES = ["amp", "amp;", "lt", "gt;", "reg", "sect", "para", "quot", "copy", "not", "notin;", "nbsp", "eacute", "bogus", "#38;", "#x26;", "#38"]
_AROUND = ["", "a", "Id", "=", " ", "2", ".", "/", "-", "x=1"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "q", "?x=1", "/p"]), st.sampled_from(_NAMES), st.sampled_from(_AROUND)), max_size=4))
def test_an_attribute_value_is_unescaped_as_the_parser_does(parts: list[tuple[str, str, str]]) -> None:
    value = "".join(f"{before}&{name}{after}" for before, name, after in parts)
    root = lxml.etree.fromstring(f"<html><body><a href='{value}'>x</a></body></html>", _PARSER)
    assert unescape_attribute(value) == root.find(".//a").get("href")


def test_a_link_that_is_itself_a_card_is_a_teaser() -> None:
    # eurosport.de-corona.html: teaser cards set between the paragraphs of the article body.
    teaser = "https://site.example/olympia/2022/fahnentraeger_sto8749357/story.shtml"
    page = (
        f"<html><body><div class='article-body'><p>{PROSE * 3} Das <a href='https://dosb.example/erklaerung'>bestätigte</a> der Verband.</p>"
        f"<a class='pb-2.5 content-card flex' href='{teaser}'><span>Olympia 2022</span><span>Friedrich als Fahnenträger?</span></a>"
        f"<p>{PROSE * 2}</p></div></body></html>"
    )
    extraction = extract(page)
    assert [citation.url for citation in extraction.citations] == ["https://dosb.example/erklaerung"]
    assert [(link.written, link.reason) for link in extraction.non_citations] == [(teaser, "related-content teaser")]


def reasons(extraction: HtmlExtraction) -> dict[str, str]:
    return {link.written: link.reason for link in extraction.non_citations}


def article(*paragraphs: str, head: str = "") -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"<html><body><nav><a href='/'>Start</a></nav><article>{head}<div class='content'>{body}</div></article></body></html>"


def test_a_slider_of_the_sites_products_is_no_citation() -> None:
    # otto.de.twoforfashion.html: a slider of shop products between the paragraphs.
    products = "".join(
        f"<div class='slider__slide'><a class='otto-sdk_embedded-product' href='https://www.otto.de/p/tasche-{n}/'>Korbtasche {n}</a></div>"
        for n in range(3)
    )
    page = article(PROSE * 3, f"Eine <a href='https://www.otto.de/twoforfashion/checkliste/'>Checkliste</a> hilft. {PROSE}").replace(
        "</div></article>", f"<div id='slider_60897' class='slider slider--products'>{products}</div></div></article>"
    )
    extraction = extract(page, base_url="https://www.otto.de/twoforfashion/strohtasche/")
    assert [citation.url for citation in extraction.citations] == ["https://www.otto.de/twoforfashion/checkliste/"]
    assert set(reasons(extraction).values()) == {"related-content teaser"}


def test_a_headline_after_mehr_is_a_teaser() -> None:
    # handelsblatt.com.grenzschliessungen.html: "Mehr: <headline of another article>" closes the piece.
    page = article(
        PROSE * 3,
        "Mehr: <a href='/politik/franzosen-fuerchten-zweite-welle/25762316.html'>Die Beschränkungen in Frankreich sind strenger.</a>",
    )
    extraction = extract(page, base_url="https://www.handelsblatt.com/politik/grenze.html")
    assert extraction.citations == ()
    assert set(reasons(extraction).values()) == {"related-content teaser"}


def test_a_section_label_is_a_category_link() -> None:
    # neues-deutschland.de.mietenstreik.html: <li class="Rubric"><a>Politik</a></li> above the title.
    head = "<ul><li class='Rubric'><a href='/rubrik/politik'>Politik</a></li></ul><h1>Einfach kein Geld mehr</h1>"
    page = article(PROSE * 3, head=head)
    assert reasons(extract(page, base_url="https://www.nd.example/artikel/1.html")) == {"/rubrik/politik": "tag or category link"}


def test_the_holder_named_after_a_copyright_mark_is_a_picture_credit() -> None:
    # netzfueralle.blog.rosalux.de.netzpolitik.html: a WordPress caption ending "(c) <a>Hafenstaedter</a>".
    caption = "<p class='wp-caption-text'>Papier-Graffito. Hochfeld, Mai 2017 <small>(c) <a href='http://hafenstadt.example/foucault/'>Hafenstaedter</a></small></p>"
    page = article(PROSE * 3).replace("<div class='content'>", f"<div class='content'><div class='wp-caption'>{caption}</div>")
    assert reasons(extract(page)) == {"http://hafenstadt.example/foucault/": "picture credit"}


def test_a_newsletter_page_named_with_a_hyphen_is_a_sign_up() -> None:
    # dw.com.colonial.html: "Sign up for the newsletter here." linking /newsletter-registration/a-15718229.
    page = article(PROSE * 3, "<a href='http://www.dw.com/en/newsletter-registration/a-15718229'>Sign up for the newsletter here.</a>")
    assert reasons(extract(page, base_url="https://www.dw.com/en/piece/a-1")) == {
        "http://www.dw.com/en/newsletter-registration/a-15718229": "newsletter or social-profile link"
    }


def test_a_topic_page_linked_from_a_sentence_is_the_pieces_link_but_a_lone_topic_label_is_not() -> None:
    # handelsblatt.com.grenzschliessungen.html: names in the text link the site's /themen/ pages.
    page = article(
        f"Wenn <a href='/themen/helmut-kohl'>Helmut Kohl</a> emotional wurde, erinnerte er sich an die Schlagbäume. {PROSE * 2}",
        "<a href='/themen/frankreich'>Frankreich</a>",
    )
    extraction = extract(page, base_url="https://www.handelsblatt.com/politik/grenze.html")
    assert [citation.url for citation in extraction.citations] == ["https://www.handelsblatt.com/themen/helmut-kohl"]
    assert reasons(extraction) == {"/themen/frankreich": "tag or category link"}


def test_the_lead_paragraph_set_in_the_article_header_keeps_its_links() -> None:
    # gartenjournal.net-Zaubernuss.html: <header class="c-article__header"> holds the title, the
    # author and the lead paragraph (p.intro), whose link is the piece's.
    head = (
        "<header class='c-article__header'><h1>Zaubernuss im Winter</h1><a href='/autor/anna'>Anna</a>"
        "<div class='c-article__intro'><p class='intro'>Auch im Winter benötigt die Zaubernuss nicht besonders viel "
        "<a href='/zaubernuss-pflege'>Pflege</a>. An frostfreien Tagen dürfen Sie die Pflanze gelegentlich gießen.</p></div></header>"
    )
    extraction = extract(article(PROSE * 3, head=head), base_url="https://www.gartenjournal.net/zaubernuss-im-winter")
    assert [citation.url for citation in extraction.citations] == ["https://www.gartenjournal.net/zaubernuss-pflege"]
    assert reasons(extraction) == {"/autor/anna": "author or byline link"}


def test_a_zoom_link_to_the_picture_file_is_no_citation() -> None:
    # motorsport-total.com-romeo.html: "Zoom" under a picture opens …/zoom/261100.jpg.
    page = article(PROSE * 3).replace("<div class='content'>", "<div class='content'><figure><img src='/a.jpg'><a href='/news/x/zoom/261100.jpg'>Zoom</a></figure>")
    assert reasons(extract(page)) == {"/news/x/zoom/261100.jpg": "link to an image file"}


def test_a_bar_of_sponsors_is_advertising() -> None:
    # www.dhb.de-regionallehrgang.html: <section class="padded sponsors"><section class="sponsor-bar"> logos.
    sponsors = "<section class='padded sponsors'><ul class='supplier'>" + "".join(
        f"<li><a href='https://sponsor{n}.example/'><img src='/logo{n}.png'></a></li>" for n in range(3)
    ) + "</ul></section>"
    page = f"<html><body><main><p>{PROSE * 3}</p>{sponsors}</main></body></html>"
    extraction = extract(page, base_url="https://www.dhb.de/de/news/lehrgang.html")
    assert extraction.citations == ()
    assert set(reasons(extraction).values()) == {"advertisement"}


# (page it comes from, furniture set in an article, the reason linkaudit gives)
FURNITURE = [
    ("parallels.com.desktop.html: a call to act styled as a button",
     "<p><a class='btn btn-info' href='https://shop.example/trial/'>Download Free Trial</a></p>", "navigation"),
    ("chemietechnik.de: the consent line of a newsletter form",
     "<form><fieldset class='agreement'><label><p>Ich bin einverstanden. <a href='https://net.example/cluster.php'>Netzwerk</a></p></label></fieldset></form>", "navigation"),
    ("chemietechnik.de: a registration overlay",
     "<div id='freemium-overlay-form'><p>Mit der Registrierung akzeptiere ich die <a href='https://net.example/terms'>Nutzungsbedingungen</a>.</p></div>", "navigation"),
    ("echte-demokratie-jetzt.de.blog.html: a WordPress recent-posts list",
     "<ul><li id='recent-posts-2' class='widget-container widget_recent_entries'><ul><li><a href='/2013/07/nie-wieder/'>Nie wieder!</a></li></ul></li></ul>", "related-content teaser"),
    ("echte-demokratie-jetzt.de.blog.html: the headline of another post of the site",
     "<h2 class='entry-title'><a href='/2014/01/liebe-menschen-europas/'>Liebe Menschen Europas</a></h2>", "related-content teaser"),
    ("deutschlandfunk.de.titanic.html: a box of articles beside the text",
     "<div class='dlf-articlebox'><p><a href='https://radio.example/grundeinkommen.html'>Grundeinkommen</a> Geld vom Staat für alle?</p></div>", "related-content teaser"),
    ("plantcaretoday.com.bougainvillea.html: 'Check Out:' before another article",
     "<p>Check Out: <a href='/bougainvillea-watering.html'>12 Tips on Bougainvillea Watering</a></p>", "related-content teaser"),
    ("wmn.de.krankheit.html: 'Weiterlesen:' before another article",
     "<p>Weiterlesen: <a href='/kein-getreide-mehr.html'>Kein Getreide mehr</a></p>", "related-content teaser"),
    ("biobiochile.cl-gremios.html: the 'lee también' box",
     "<div class='lee-tambien-bbcl'><a href='/noticias/camionero.shtml'>Camionero baleado en Ercilla</a></div>", "related-content teaser"),
    ("plantcaretoday.com.bougainvillea.html: 'Images:' credits",
     "<p>Images: <a href='https://www.flickr.com/photos/tinyfroglet/'>Smile</a></p>", "picture credit"),
    ("archive.modabot.de.serkan.html: 'Bild via' in a caption",
     "<p class='wp-caption-text'>Paris Haute Couture SS14, Bild <a href='http://aalstyles.example/backstage/'>via</a></p>", "picture credit"),
    ("foren.myoos.de.html: a poster's signature",
     "<div id='sig453' class='signature'><a href='https://blog.r23.example'>Digitalagentur</a></div>", "author or byline link"),
    ("chemietechnik.de: the site's log-in page",
     "<p>Sie sind bereits registriert? <a href='/login.html?_hash=5fQ5'>Hier anmelden</a></p>", "newsletter or social-profile link"),
]


@pytest.mark.parametrize(("origin", "furniture", "reason"), FURNITURE, ids=[origin.split(":")[0] for origin, _, _ in FURNITURE])
def test_furniture_inside_the_article_is_listed_with_its_reason(origin: str, furniture: str, reason: str) -> None:
    page = article(PROSE * 3, f"Die <a href='https://source.example/report'>Studie</a> zeigt es. {PROSE}").replace(
        "</div></article>", furniture + "</div></article>"
    )
    extraction = extract(page, base_url="https://site.example/news/piece")
    assert [citation.url for citation in extraction.citations] == ["https://source.example/report"]
    assert set(reasons(extraction).values()) == {reason}


def test_a_document_offered_in_a_download_form_is_the_pieces() -> None:
    # tagesschau.de.rheinmetall.html: the report's audio as mp3 behind a button in a form.
    form = "<form class='seperateFields'><fieldset><div class='button'><a href='http://media.example/audio/AU-2300.mp3'>mp3</a></div></fieldset></form>"
    extraction = extract(article(PROSE * 3, form))
    assert [citation.url for citation in extraction.citations] == ["http://media.example/audio/AU-2300.mp3"]


def test_a_page_builders_widgets_are_no_furniture() -> None:
    # novalanalove.com.ear-candy.html (Elementor): the whole text sits in "elementor-widget" blocks.
    block = "<div class='elementor-widget elementor-widget-text-editor'><div class='elementor-widget-container'><p>{}</p></div></div>"
    text = block.format(PROSE * 3) + block.format(f"Die Ohrringe sind von <a href='https://www.luilu.example/products/kylee'>Lui Lu</a>. {PROSE}")
    page = f"<html><body><div class='elementor-section'>{text}</div></body></html>"
    assert [citation.url for citation in extract(page).citations] == ["https://www.luilu.example/products/kylee"]


def radio_menu() -> str:
    # The publisher's menu of media kits and radio stations, a div/ul menu rather than a <nav>.
    items = "".join(
        f'<li class="menu-item"><a href="{href}">{label}</a></li>'
        for href, label in (
            ("https://www.caymancompass.com/wp-content/uploads/2021/01/CompassMediaKit_JUL_2020-Print.pdf", "Print Media Kit"),
            ("https://www.z99.ky/", "Z99"),
            ("https://www.rooster101.ky/", "Rooster 101.9"),
        )
    )
    return f'<div class="td-header-menu-wrap"><ul class="sub-menu">{items}</ul></div>'


def test_a_paywalled_stub_gives_none_of_the_pages_links() -> None:
    # caymancompass.com-prison.html: a metered paywall leaves one sentence of the article; the
    # page's menus around it (media kits, the publisher's radio stations) are not its citations.
    page = (
        "<html><body>" + radio_menu()
        + '<div class="td-post-content tagdiv-type"><p>A senior prison official has said in a sworn affidavit that'
        " anyone with sufficient determination to escape from Cayman's prison could do so.</p></div>"
        '<div class="td-sub-footer-copy">&copy; Copyright Cayman Compass Ltd.</div></body></html>'
    )
    extraction = extract(page, base_url="https://www.caymancompass.com/2022/05/04/prison-official/")
    assert extraction.citations == ()
    assert [citation.url for citation in extract(page, scope="all").citations][:2] == [
        "https://www.caymancompass.com/wp-content/uploads/2021/01/CompassMediaKit_JUL_2020-Print.pdf",
        "https://www.z99.ky/",
    ]


def test_a_stubs_own_link_is_its_citation() -> None:
    # love-hina.ch.0409.html: a two-sentence news item keeps its own link, not the heading's archive link.
    page = (
        "<html><body><h1>News - <a href='/newsarchiv/2004.html'>News-Archiv</a></h1>" + radio_menu()
        + "<div><p>Kapitel 121 ist nun auch <a href='https://manga.example/121'>online</a>."
        " Wie immer können die Bilder nur von eingeloggten Usern betrachtet werden.</p></div></body></html>"
    )
    assert [citation.url for citation in extract(page).citations] == ["https://manga.example/121"]


def test_a_page_without_prose_gives_no_citations_and_says_so() -> None:
    # A shop's product grid: menus and product links, not a sentence of text.
    products = "".join(f"<li><a href='/p/{number}'>Katzendecke aus Wolle, Modell {number}</a></li>" for number in range(12))
    page = "<html><body>" + radio_menu() + f"<ul class='grid'>{products}</ul></body></html>"
    extraction = extract(page)
    assert extraction.citations == ()
    assert any("no article prose" in warning and "--scope all" in warning for warning in extraction.warnings)


def test_a_thread_whose_posts_all_read_as_furniture_is_still_read_link_by_link() -> None:
    # villagersandheroes.com.forums.patchnotes.html: an unclosed <header class="message-attribution">
    # takes in each post's text, so all the thread's prose reads as furniture; the opening post's
    # link to the English thread is still its citation.
    def message(text: str) -> str:
        return (
            '<article class="message message--post"><header class="message-attribution">'
            f'<a href="/forums/members/nixe.235/">Nixe</a><div class="bbWrapper">{text}</div></header></article>'
        )

    post = message(
        PROSE * 2
        + 'Feedback könnt Ihr im folgenden US Thread posten: <a href="https://villagersandheroes.com/forums/threads/huge-mistake.3987/">'
        "https://villagersandheroes.com/forums/threads/huge-mistake.3987/</a>"
    )
    replies = "".join(message(PROSE * 2) for _ in range(3))
    page = f"<html><body><div class='p-body'><div class='block-body'>{post}{replies}</div></div></body></html>"
    urls = [citation.url for citation in extract(page, base_url="https://villagersandheroes.com/forums/threads/x.3976/").citations]
    assert "https://villagersandheroes.com/forums/threads/huge-mistake.3987/" in urls


def accordion(title: str, text: str) -> str:
    # A Bootstrap accordion section: its toggle link, then its text four wrappers down.
    return (
        f"<div class='panel panel-default'><div class='panel-heading'><a data-toggle='collapse' href='#{title}'>{title}</a></div>"
        f"<div class='panel-collapse collapse' id='{title}'><div class='panel-body'><div class='row'><div class='col-xs-12'>"
        f"<div class='media'>{text}</div></div></div></div></div></div>"
    )


def test_an_article_in_accordion_sections_is_taken_whole_past_their_toggles() -> None:
    # hss.de-Regierung.html: the longest section is the core; its sources are in another one, and
    # each wrapper on the way adds only the section's toggle link.
    sources = f"<p>{PROSE} Das zeigen Umfragen des <a href='https://www.arabbarometer.org/survey-data/'>Arab Barometer</a>.</p>"
    page = (
        "<html><body><div class='menu'><a href='/a'>Themen</a> <a href='/b'>Presse</a></div><section><div class='col--news-detail'>"
        f"<div><div class='panel-group'>{accordion('Einleitung', '<p>' + PROSE * 12 + '</p>')}</div></div>"
        f"<div><div class='panel-group'>{accordion('Quellen', sources + '<p>' + PROSE * 4 + '</p>')}</div></div>"
        "</div></section></body></html>"
    )
    assert [citation.url for citation in extract(page).citations] == ["https://www.arabbarometer.org/survey-data/"]


def test_widening_still_stops_at_wrappers_that_add_lists_of_links() -> None:
    # The counter-example: deutsche-wirtschafts-nachrichten.de-Industriestrompreis.html nests the
    # article in wrappers that add its tags and a box of the site's other stories, then the page's
    # teaser rows with more prose than the article holds.
    teasers = "".join(f"<p><a href='/70{number}/story'>Schlagzeile {number}</a> {PROSE}</p>" for number in range(6))
    tags = "".join(f"<a href='/thema/{number}'>Thema {number}</a> " for number in range(5))
    page = (
        "<html><body><div><div class='article'><div><div>"
        f"<div class='art-content'><p>{PROSE * 8}</p><p>Das Amt <a href='https://agency.example/report'>meldete</a> die Zahlen.</p></div>"
        f"<div class='tags'>{tags}</div></div>{tags}</div>{tags}</div>"
        f"<div class='newsboxes'>{teasers}</div></div></body></html>"
    )
    assert [citation.url for citation in extract(page).citations] == ["https://agency.example/report"]


def test_a_page_tag_written_as_if_empty_does_not_hide_the_page() -> None:
    # htmldate's tests/cache/hundeverein-querfurt.de.html (https://github.com/adbar/htmldate):
    # '<html xml:lang="de_DE" />' before its head and body; libxml2 closed the page there and
    # every link after it was lost.
    text = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd" />\n'
        '<html xml:lang="de_DE" />\n<head><title>Termine</title></head>\n'
        f"<body><ul class='menu'><li><a href='/'>Startseite</a></li></ul><div class='content'><p>{PROSE * 3}</p>"
        "<p>Die Prüfungsordnung steht beim <a href='https://verband.example/ordnung'>Verband</a>.</p></div></body>\n</html>"
    )
    extraction = extract(text)
    assert [citation.url for citation in extraction.citations] == ["https://verband.example/ordnung"]
    assert not_read(extraction) == []
    assert extraction.citations[0].location.line == 4


def test_soft_hyphens_and_other_formless_marks_are_not_part_of_anchors_claims_or_titles() -> None:
    # courgage-online.de.HIV.html of trafilatura's evaluation set writes "Sym&shy;bol&shy;bild" in
    # its captions, falstaff.de-burgenland.html "Touristen&shy;attraktion", umweltbundesamt.de-atomkraft.html
    # "&#8288;Treibhausgas&#8288;" (word joiners) around glossary links: they only say where a
    # line may break. Zero-width joiners, which change how letters are drawn, stay.
    page = (
        "<html><head><title>Deutsch&shy;land&#8203; heute</title></head><body><article>"
        f"<p>{PROSE * 3}</p><p>Rust ist eine Touristen&shy;attraktion, und &#8288;<a href='https://uba.example/glossar'>"
        "Treib&shy;haus&shy;gas</a>&#8288;-Emissionen sinken, schreibt das Amt&#xFEFF;.</p></article></body></html>"
    )
    extraction = extract(page, scope="all")
    [citation] = extraction.citations
    assert citation.anchor == "Treibhausgas"
    assert citation.claim == "Rust ist eine Touristenattraktion, und Treibhausgas-Emissionen sinken, schreibt das Amt."
    assert extraction.title == "Deutschland heute"
    assert readable_text(" \u0645\u06cc\u200c\u0634\u0648\u062f\n") == "\u0645\u06cc\u200c\u0634\u0648\u062f"


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        # business-punk.com.fitness.html of trafilatura's evaluation set closes its <html> after its head.
        ("<html><head><title>t</title></head></html>\n<body>", "</body>"),
        # wolfsrebellen-netz.forumieren.com.regeln.html writes its footer's links after </html>.
        ("<html><head><title>t</title></head><body><p>Kopf</p></body></HTML >", ""),
        # A page that writes on after its </body>: libxml2 sets that outside the body, where no link was read.
        ("<html><head><title>t</title></head><body><p>Kopf</p></body>\n", "</html>"),
        # hundeverein-querfurt.de.html of htmldate's test set opens its page <html xml:lang="de_DE" />.
        ('<html xml:lang="de_DE" />\n<head><title>t</title></head><body>', "</body></html>"),
    ],
)
def test_a_page_is_read_on_past_an_early_end_of_its_html_element(opening: str, closing: str) -> None:
    # libxml2 drops all that follows </html> or an <html /> it takes for empty, and sets what follows
    # </body> outside the body; the standard reads on into the body. The page is read whole the first time, with no warning of a second reading.
    page = f"{opening}<article><p>{PROSE * 3} Das <a href='https://study.example/report'>zeigt</a> eine Studie.</p></article>{closing}"
    extraction = extract(page)
    assert [citation.url for citation in extraction.citations] == ["https://study.example/report"]
    assert extraction.warnings == ()
    assert written_at(page, page.count("\n", 0, page.index("https://study")) + 1, extraction.citations[0].location.column, 12) == "https://stud"


def test_what_follows_the_last_end_tag_is_not_read_into_the_page_when_it_is_only_notes() -> None:
    # archive.org-travaillent.html of trafilatura's evaluation set ends "</html><!-- FILE ARCHIVED ON
    # 21:30:01 Feb 28, 2007 ... -->" and scripts, iconmagazine.de.sharonstone.html with a cache's
    # "Served from: ... @ 2023-01-02": no part of the page, and left out of it as before.
    page = f"<html><body><p>{PROSE}</p></body></html>\n<!-- Served from: site @ 2023-01-02 11:34:44 --><script>var a = 1;</script>\n"
    root = _parse(page)
    assert root is not None
    assert "2023-01-02" not in lxml.etree.tostring(root, encoding="unicode")


def test_links_in_elements_that_are_no_text_of_the_page_are_listed_not_lost() -> None:
    # computerbase.de.htc.html (trafilatura's tests/cache) keeps each picture's link in a <noscript>
    # fallback, and independent.co.uk.penalty.html its teaser cards in <template> elements: such
    # links had been in neither list.
    page = (
        f"<html><body><article><p>{PROSE}Die <a href='https://study.example/'>Studie</a> zeigt es.</p>"
        "<noscript><a href='https://pics.example/1.jpg'><img src='1.jpg'></a></noscript>"
        "<template><a href='{{link}}'>{{title}}</a></template></article></body></html>"
    )
    extraction = extract(page)
    assert [citation.url for citation in extraction.citations] == ["https://study.example/"]
    listed = {(link.written, link.reason) for link in extraction.non_citations}
    assert listed == {
        ("https://pics.example/1.jpg", "not in the page's text: inside <noscript>"),
        ("{{link}}", "not in the page's text: inside <template>"),
    }
    assert all(link.location.column > 1 for link in extraction.non_citations)
