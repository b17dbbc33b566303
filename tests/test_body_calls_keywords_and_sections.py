"""Body links: calls to buy, keyword rows of the site's search, teaser leads, sections named for ads.

Each snippet keeps the structure of a page in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened,
with the page named. Each rule has a counter-example: the shape that stays a citation.
"""

from __future__ import annotations

from body_snippets import PROSE, SOURCE, cited, extract_at, page, reasons
from linkaudit.extract.container_roles import ADVERT, RELATED, TAG
from linkaudit.extract.html import HtmlExtraction

SITE = "https://site.example/2020/08/the-piece/"


def extract(text: str) -> HtmlExtraction:
    return extract_at(SITE, text)


# --- a call to buy standing alone ----------------------------------------------------------------


def test_a_call_to_buy_standing_alone_is_the_sellers_offer() -> None:
    # bummfilm.de.über.html: each book and film the company made, then "<li><a>Hier bestellen!</a></li>"
    # and "<p><a>auf iTunes</a></p>" to the stores; digitalcourage.de: "<p><a>Buch bestellen</a></p>".
    book = "https://www.amazon.de/Ghostsitter-Band-01-Geister-geerbt/dp/350513757X"
    song = "https://itunes.apple.com/de/album/ein-echter-wahrer-held-radio/id598998067"
    extraction = extract(
        page(PROSE * 2, SOURCE, f"<ul><li><a href='{book}'>Mehr Detail und bestellen!</a></li></ul>", f"<a href='{song}'>auf iTunes</a>")
    )
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)[book] == ADVERT
    assert reasons(extraction)[song] == ADVERT


def test_a_store_in_a_sentence_a_store_named_alone_or_a_button_beside_its_price_stays_a_citation() -> None:
    # tomshardware.com.rtx.html: "Best Buy lists the Founders Edition"; werkzeugforum.de: "Zum Angebot" beside "172,99 EUR".
    sentence = "<a href='https://www.bestbuy.com/rtx'>Best Buy</a> lists the Founders Edition, but you cannot preorder it."
    store = "<a href='https://www.bestbuy.com/rtx-3090'>Best Buy</a>"
    table = "<table><tr> <td>172,99 EUR</td> <td><a href='https://shop.example/jacket'>Jetzt kaufen</a></td> </tr></table>"
    extraction = extract(page(PROSE * 2, sentence, store, table))
    assert cited(extraction) == ["https://www.bestbuy.com/rtx", "https://www.bestbuy.com/rtx-3090", "https://shop.example/jacket"]


# --- a keyword row: links to the site's search for each keyword ------------------------------------


def test_a_row_of_keywords_linked_to_the_sites_search_is_a_tag_list() -> None:
    # docs.docker.com.install.html: a tag icon, then "docker, installation, install, stable, edge",
    # each linked to /search/?q=…
    row = ", ".join(f"<a href='/search/?q={word}'>{word}</a>" for word in ("docker", "installation", "install", "stable", "edge"))
    extraction = extract(page(PROSE * 2, SOURCE, f"<span class='glyphicon glyphicon-tags'></span><span>{row}</span>"))
    assert cited(extraction) == ["https://agency.example/report"]
    assert set(reasons(extraction).values()) - {"navigation"} == {TAG}


def test_names_linked_to_the_sites_search_in_a_heading_or_a_sentence_stay_citations() -> None:
    # Raptastisch.net-Seitenhieb.html: "<h2><a href='/?s=Azad'>Azad</a> vs. <a>Animus</a></h2>";
    # hejfish.com-stephan.html: "Besonders der Frühling und der <a href='/?s=herbst'>Herbst</a>."
    heading = "<h2><a href='/?s=Azad'>Azad</a> vs. <a href='/?s=Animus'>Animus</a></h2>"
    sentence = "Besonders der Frühling und der <a href='/?s=herbst'>Herbst</a>."
    extraction = extract(page(heading, PROSE * 2, sentence))
    assert len(cited(extraction)) == 3


# --- a teaser lead in the text -------------------------------------------------------------------


def test_a_puedes_ver_line_is_a_teaser_of_another_article() -> None:
    # larepublica.pe-minedu.html: "PUEDES VER: ¿Cómo sacar mi certificado de estudios del Minedu …?"
    teaser = "PUEDES VER: <a href='https://site.example/sociedad/2022/05/06/certificado/'>¿Cómo sacar mi certificado de estudios?</a>"
    extraction = extract(page(PROSE * 2, teaser, PROSE, SOURCE))
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)["https://site.example/sociedad/2022/05/06/certificado/"] == RELATED


def test_puedes_ver_inside_a_sentence_stays_a_citation() -> None:
    sentence = "Como puedes ver en <a href='https://www.minedu.gob.pe/calendario'>el calendario del ministerio</a>, hay tres periodos."
    assert cited(extract(page(PROSE * 2, sentence))) == ["https://www.minedu.gob.pe/calendario"]


# --- a section whose name says ads may be set in it ------------------------------------------------


def sections(link: str) -> str:
    # chip.de.beef.html: every section of a product test is classed "TestReport__Section--Ads"
    # (ads are set between them); the retailer sentence sits in one of them.
    prose = "Der Beef Maker kommt auf eine Temperatur von 800 Grad und zaubert im Test das perfekte Steak. " * 7
    body = "".join(f"<section class='TestReport__Section TestReport__Section--Ads'><h2>Teil {n}</h2><p>{prose}</p></section>" for n in range(3))
    body += f"<section class='TestReport__Section TestReport__Section--Ads'><p>{prose}</p><p>{link}</p></section>"
    return f"<html><body><nav><a href='/'>Home</a></nav><article class='TestReport'>{body}</article></body></html>"


def test_a_section_of_the_pieces_prose_named_for_ads_is_the_piece() -> None:
    link = "<a href='https://www.amazon.de/dp/B07FYDNVXJ'>Den Beef Maker gibt es unter anderem Namen auch bei Amazon</a>"
    assert cited(extract(sections(link))) == ["https://www.amazon.de/dp/B07FYDNVXJ"]


def test_an_advert_with_a_line_of_text_stays_an_advert() -> None:
    advert = "<div class='contentad'><p>Jetzt neu: der Grill für Profis, nur für kurze Zeit im Angebot. <a href='https://grill.example/'>Ansehen</a></p></div>"
    extraction = extract(page(PROSE * 3, advert, SOURCE))
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)["https://grill.example/"] == ADVERT


# --- the page's own versions in other languages; its experts' pages --------------------------------


def with_versions(text: str) -> str:
    head = (
        "<head><link rel='alternate' hreflang='es' href='https://site.example/2020/08/la-pieza/'>"
        f"<link rel='alternate' hreflang='en' href='{SITE}'></head>"
    )
    return text.replace("<html>", f"<html>{head}")


def test_a_link_to_the_pages_version_in_another_language_is_the_page_itself() -> None:
    # toptal.com.python.html: "Read the <a>Spanish</a> version of this article", the Spanish page
    # declared in its head as <link rel="alternate" hreflang="es">.
    notice = "Read the <a href='https://site.example/2020/08/la-pieza/'>Spanish</a> version of this article."
    extraction = extract(with_versions(page(notice, PROSE * 2, SOURCE)))
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)["https://site.example/2020/08/la-pieza/"] == "link to the page itself"


def test_another_language_version_of_another_page_stays_a_citation_a_section_of_this_one_is_a_jump() -> None:
    other = "The agency <a href='https://site.example/2020/07/otra-pieza/'>reported in Spanish</a> last month."
    # haustiermagazin.com: its table of contents links its own sections by their full address.
    section = f"See <a href='{SITE}#methods'>the methods</a> below, then the figures."
    extraction = extract(with_versions(page(PROSE * 2, other, section)))
    assert cited(extraction) == ["https://site.example/2020/07/otra-pieza/"]
    assert reasons(extraction)[SITE + "#methods"] == "in-page fragment"


def test_an_experts_page_by_name_is_an_author_link_an_article_in_the_experts_section_is_not() -> None:
    # osw.waw.pl's analysis names its authors, each linked to /pl/eksperci/<name>; focus.de files
    # articles under /auto/experten/<headline>.
    byline = "<a href='https://site.example/pl/eksperci/mateusz-gniazdowski'>Mateusz Gniazdowski</a>"
    article = (
        "Wie ein <a href='https://site.example/auto/experten/leasing-nicht-jeder-schaden-ist-ein-problem_id_8812240.html'>"
        "Leasing-Ratgeber</a> erklärt, ist nicht jeder Schaden bei der Rückgabe ein Problem."
    )
    extraction = extract(page(byline, PROSE * 2, article))
    assert cited(extraction) == ["https://site.example/auto/experten/leasing-nicht-jeder-schaden-ist-ein-problem_id_8812240.html"]
    assert reasons(extraction)["https://site.example/pl/eksperci/mateusz-gniazdowski"] == "author or byline link"


# --- a block the site's heading introduces as its other articles ----------------------------------


def test_a_list_under_an_auch_interessant_heading_is_a_teaser_however_short() -> None:
    # blinker.de-Rostock.html: "<h4>Auch interessant</h4><ul class='crp-list'><li>…<a>Royal Fishing
    # Kinderhilfe – Botschafter auf Rügen</a></li></ul>" between the piece's paragraphs.
    teaser = "https://site.example/news/royal-fishing-kinderhilfe-botschafter-auf-ruegen/"
    box = f"<h4>Auch interessant</h4><ul><li><div><a href='{teaser}'>Royal Fishing Kinderhilfe – Botschafter auf Rügen</a></div></li></ul>"
    extraction = extract(page(PROSE * 2, box, PROSE, SOURCE))
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)[teaser] == RELATED


def test_another_sites_page_under_such_a_heading_or_the_sites_page_under_another_heading_stays_a_citation() -> None:
    elsewhere = "<h4>Auch interessant</h4><ul><li><a href='https://agency.example/study'>Die Studie der Agentur zum Fischbestand</a></li></ul>"
    methods = "<h4>Methoden</h4><ul><li><a href='https://site.example/2020/07/how-we-counted-the-fish/'>Wie wir die Fische gezählt haben</a></li></ul>"
    extraction = extract(page(PROSE * 2, elsewhere, PROSE, methods))
    assert cited(extraction) == ["https://agency.example/study", "https://site.example/2020/07/how-we-counted-the-fish/"]
