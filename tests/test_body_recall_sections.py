"""Body links: citations in a section of the piece that looks like furniture by its links alone.

A row of logos that a heading and a sentence of the piece introduce (the companies at a careers
fair, the platforms an organisation works with): each logo links an organisation the piece names.
A name inside a sentence that the CMS links to its topic page through a span classed as a keyword
link: a word of the piece, as the same class on the link itself is. A network's post the piece
quotes, set aside among its paragraphs in an <aside> of its own. A block after the article, under
a heading of its own, that offers nothing but files named in words: the documents it reports on.
A file served by a download call ("index.php?r=files/file/download&id=…") is a document, as a
".pdf" is: a button offering it offers the piece's document. Badges of three or more different
licences, each a picture linked to its deed, in a piece that explains them. A button among the
piece's blocks, in words, right under a picture, to another site's page: where the piece sends
its reader.

Each snippet keeps the structure of a page in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened and
with its names replaced. Each rule has a counter-example: the shape that stays furniture.
"""

from __future__ import annotations

from body_snippets import PROSE, SOURCE, cited, extract_at, page, reasons
from linkaudit.extract.container_roles import CREDIT, RELATED, SOCIAL, TAG

SITE = "https://www.linkwatch.example/events/careers-fair-2024/"
COMPANIES = ("https://jobs.example/company/2", "https://www.maker.example/", "https://www.pumps.example/careers")


def _logos() -> str:
    return "".join(f"<a target='_blank' href='{url}'><img title='Company {n}' src='/logo{n}.jpg' alt='Big logo{n}'></a>" for n, url in enumerate(COMPANIES))


# --- a row of logos introduced by the piece -------------------------------------------------------


def test_logos_under_a_heading_and_a_sentence_of_their_own_are_the_organisations_named() -> None:
    # together.ch.schaffhausen.html: "Teilnehmende Unternehmen", "klicke auf das Firmenlogo und
    # finde alle aktuellen Stellenangebote!", then the companies' logos; creativecommons.org.html:
    # "Creative Commons Platforms", "We work with the following organizations …", a list of logos.
    section = (
        "<section id='companies'><h2>Participating companies</h2>"
        "<div class='top-description'><p>Internships and jobs: click on a company's logo to find all its open positions!</p></div>"
        f"<div class='companies'>{_logos()}</div></section>"
    )
    extraction = extract_at(SITE, page(PROSE * 3, SOURCE, section))
    assert cited(extraction) == ["https://agency.example/report", *COMPANIES]


def test_logos_in_a_list_introduced_the_same_way_are_the_organisations_named() -> None:
    # creativecommons.org.html: one of the platforms' logos is as wide as a banner (MIT-300x80.jpg).
    items = "".join(f"<li><a href='{url}'><img src='/p{n}.jpg' alt='platform{n}'></a></li>" for n, url in enumerate(COMPANIES))
    wide = "https://courses.example/index.htm"
    items += f"<li><a href='{wide}'><img src='/MIT-300x80.jpg' alt='MIT' width='300' height='80'></a></li>"
    section = f"<div class='platform-partner'><h2>Our platforms</h2><p>We work with the following organizations that lead the sharing movement.</p><ul>{items}</ul></div>"
    extraction = extract_at(SITE, page(PROSE * 3, SOURCE, section))
    assert cited(extraction) == ["https://agency.example/report", *COMPANIES, wide]


def test_logos_under_a_heading_alone_stay_a_wall_of_the_sites_partners() -> None:
    extraction = extract_at(SITE, page(PROSE * 3, SOURCE, f"<div><h3>Our partners</h3><div class='logos'>{_logos()}</div></div>"))
    assert cited(extraction) == ["https://agency.example/report"]
    assert reasons(extraction)[COMPANIES[0]] == SOCIAL


def test_logos_after_a_paragraph_with_no_heading_stay_icons() -> None:
    # viertausendhertz.de.ddg48.html: the episode's text, then "listen on" badges.
    extraction = extract_at(SITE, page(PROSE * 3, SOURCE, f"<div class='badges'>{_logos()}</div>"))
    assert cited(extraction) == ["https://agency.example/report"]


# --- a name in a sentence, linked to its topic page through a keyword span -----------------------

TOPIC = "https://www.linkwatch.example/unternehmen/google/"


def test_a_keyword_span_around_a_name_in_a_sentence_is_a_word_of_the_piece() -> None:
    # zdnet.de.facebook.html: "… mit Facebook, <span class='wp_keywordlink'><a href='…/unternehmen/google/'
    # title='Themenschwerpunkt: Google'>Google</a></span> und … Twitter geeinigt hatte."
    sentence = (
        "The ministry agreed on the deadline in December with "
        f"<span class='wp_keywordlink'><a href='{TOPIC}' title='Topic: Google'>Google</a></span> and two other networks."
    )
    extraction = extract_at(SITE, page(PROSE * 3, sentence, SOURCE))
    assert TOPIC in cited(extraction)


def test_a_keyword_span_holding_words_besides_its_link_stays_a_tag_row() -> None:
    # A keyword box inside a paragraph: its label and its links are the site's tags.
    row = f"{PROSE}<span class='wp_keywordlink'>Topics: <a href='{TOPIC}'>Google</a>, <a href='/unternehmen/apple/'>Apple</a></span>"
    extraction = extract_at(SITE, page(PROSE * 3, row, SOURCE))
    assert reasons(extraction)[TOPIC] == TAG


# --- a quoted post set aside among the paragraphs ---------------------------------------------------

POST = "https://twitter.com/federation/status/1489540934710743047"


def test_an_embedded_post_in_an_aside_of_its_own_among_the_paragraphs_is_quoted() -> None:
    # spox.com-corona-fealle.html: "<aside class='artCmp'><div class='mti'><blockquote
    # class='twitter-tweet'><a href='…/status/…'></a></blockquote>" between two paragraphs.
    aside = f"<aside class='artCmp'><div class='mti'><blockquote class='twitter-tweet' lang='de'><a href='{POST}'></a></blockquote></div></aside>"
    extraction = extract_at(SITE, page(PROSE * 3, SOURCE, aside, PROSE * 2))
    assert POST in cited(extraction)


def test_an_aside_holding_more_than_the_post_stays_a_box_of_the_site() -> None:
    aside = (
        f"<aside class='artCmp'><h3>More from our newsroom</h3><blockquote class='twitter-tweet'><a href='{POST}'></a></blockquote>"
        "<p><a href='/news/other-story/'>Another story</a></p></aside>"
    )
    extraction = extract_at(SITE, page(PROSE * 3, SOURCE, aside, PROSE * 2))
    assert reasons(extraction)[POST] == RELATED


# --- the files the piece reports on, in a block of their own after it ------------------------------

FILES = tuple(f"https://static.linkwatch.example/files/000/011/{n}/original/Startlist_{n}.pdf?1643479196" for n in range(147, 157))


def _with_files_block(block: str) -> str:
    return (
        "<html><body><nav><a href='/'>Home</a></nav>"
        f"<article><div class='content'><p>{PROSE * 3}</p>{SOURCE}<p>{PROSE * 2}</p></div></article>"
        "<div class='fb-like'></div>"
        f"<section id='documents'><div class='column row'><h4>Competition data</h4>{block}</div></section>"
        "<footer><a href='/about/'>About us</a></footer></body></html>"
    )


def _grid(*urls: str) -> str:
    return "<div class='row article-documents'>" + "".join(f"<div class='column'><a href='{url}'>Startlist {n}</a></div>" for n, url in enumerate(urls)) + "</div>"


def test_a_block_of_files_under_a_heading_of_its_own_after_the_article_is_the_pieces() -> None:
    # berkutschi.com-willingen.html: the news item, then "Wettkampfdaten" over eleven PDF files
    # (start lists, results, analyses) of the competition it reports.
    extraction = extract_at(SITE, _with_files_block(_grid(*FILES)))
    assert cited(extraction) == ["https://agency.example/report", *FILES]


def test_a_block_of_files_and_pages_after_the_article_stays_out() -> None:
    extraction = extract_at(SITE, _with_files_block(_grid(*FILES[:3], "https://www.linkwatch.example/results/13002")))
    assert cited(extraction) == ["https://agency.example/report"]


def test_a_banner_picture_linked_to_a_file_stays_out() -> None:
    # boxen1.com-ring-rückkehr.html: "Redakteure gesucht!" over a banner linked to the job offer's PDF.
    banner = f"<a href='{FILES[0]}'><img src='/banner.jpg' alt='We are hiring'></a>"
    extraction = extract_at(SITE, _with_files_block(banner))
    assert cited(extraction) == ["https://agency.example/report"]


# --- a file served by a download call ------------------------------------------------------------

STATUTES = "https://files.linkwatch-office.example/groupoffice/index.php?r=files/file/download&id=81610&random_code=Tu&inline=false"


def test_a_button_offering_a_file_by_a_download_call_offers_the_pieces_document() -> None:
    # fairkom.eu.about.html: the association's purposes, then "<a class='btn-lg btn-primary'
    # href='…index.php?r=files/file/download&id=…'>STATUTEN FAIRKOM</a>" and its activity report.
    buttons = f"<p class='text-align-center'><a class='btn-lg btn-primary' href='{STATUTES}'>STATUTES</a></p>"
    extraction = extract_at(SITE, page(PROSE * 3, SOURCE, buttons, PROSE))
    assert STATUTES in cited(extraction)


def test_a_button_to_a_download_page_stays_a_call_to_act() -> None:
    page_of_downloads = "https://www.linkwatch.example/downloads/BestCrypt_13003274.html"
    buttons = f"<p class='text-align-center'><a class='btn-lg btn-primary' href='{page_of_downloads}'>Download</a></p>"
    extraction = extract_at(SITE, page(PROSE * 3, SOURCE, buttons, PROSE))
    assert page_of_downloads not in cited(extraction)


# --- the licences a piece explains ----------------------------------------------------------------

DEEDS = tuple(f"http://creativecommons.org/licenses/{kind}/4.0/deed.de" for kind in ("by", "by-nc", "by-nd", "by-sa"))


def _badge(deed: str) -> str:
    return f"<a href='{deed}'><img src='/uploads/{deed.split('/')[-3]}.png' alt='{deed.split('/')[-3]}' width='145' height='51'></a>"


def test_badges_of_several_licences_in_a_piece_explaining_them_are_its_citations() -> None:
    # creativecommons.ch.wie.html: "Wie funktionieren Creative Commons Lizenzen?", the symbols
    # explained, then the six licences' badges two by two, each linked to its deed.
    rows = f"<p style='text-align: center;'>{_badge(DEEDS[0])} {_badge(DEEDS[1])}</p><p style='text-align: center;'>{_badge(DEEDS[2])} {_badge(DEEDS[3])}</p>"
    extraction = extract_at(SITE, page(PROSE * 3, SOURCE, rows, PROSE))
    assert cited(extraction) == ["https://agency.example/report", *DEEDS]


def test_one_licences_badge_under_a_picture_stays_its_credit() -> None:
    figure = f"<figure><img src='/photo.jpg'><figcaption>Photo: Jane Roe {_badge(DEEDS[0])}</figcaption></figure>"
    extraction = extract_at(SITE, page(PROSE * 3, SOURCE, figure, PROSE))
    assert reasons(extraction)[DEEDS[0]] == CREDIT


# --- a button of the piece to the page it presents -------------------------------------------------

EXCHANGE = "https://pro.exchange.example/"


def _review_with(button: str) -> str:
    figure = "<figure class='comp mntl-sc-block-image'><img src='/thumb/exchange.png' alt='Exchange Pro'></figure>"
    return page(PROSE * 3, SOURCE, figure, f"<div class='comp mntl-sc-block mntl-sc-block-commerce'>{button}</div>", PROSE * 2)


def test_a_button_in_words_to_another_sites_page_is_where_the_piece_sends_its_reader() -> None:
    # thebalance.com.coinbase.html: a review of two exchanges; under each one's picture, "<a
    # class='mntl-sc-block-commerce__button mntl-commerce-btn' href='https://pro.coinbase.com/'>Open Account</a>".
    extraction = extract_at(SITE, _review_with(f"<a class='mntl-sc-block-commerce__button mntl-commerce-btn' href='{EXCHANGE}'>Open Account</a>"))
    assert EXCHANGE in cited(extraction)


def test_an_icon_button_to_a_network_stays_a_call_to_follow() -> None:
    # lopinion.fr.glyphosate.html: "Suivre l'Opinion", wordless buttons to its accounts and apps.
    account = "https://www.youtube.com/linkwatch"
    extraction = extract_at(SITE, _review_with(f"<a class='btn btn--naked btn--ico' href='{account}'><span class='ico_round-youtube'></span></a>"))
    assert account not in cited(extraction)


def test_a_button_to_a_search_or_to_the_sites_tool_on_a_platform_stays_the_sites() -> None:
    # 1000things.at-Wellnessoasen.html: "Noch mehr?" over a button to a search engine's results;
    # chefkoch.de.mandarinen.html: "Zutaten auf die SmartList" to chefkoch-einkaufsliste.firebaseapp.com.
    search = "https://www.search.example/search?q=linkwatch+spas"
    tool = "https://linkwatch-shopping.platform.example/add_recipe.html?recipeId=6073"
    buttons = f"<a class='wp-block-button__link' href='{search}'>More spas</a> <a class='ds-btn ds-btn-secondary' href='{tool}'>Add to my list</a>"
    extraction = extract_at(SITE, _review_with(buttons))
    assert search not in cited(extraction) and tool not in cited(extraction)


def test_a_button_after_a_paragraph_stays_a_call_to_act() -> None:
    button = f"<div class='commerce-block'><a class='mntl-commerce-btn' href='{EXCHANGE}'>Open Account</a></div>"
    extraction = extract_at(SITE, page(PROSE * 3, SOURCE, button, PROSE * 2))
    assert EXCHANGE not in cited(extraction)


def test_a_button_under_a_linked_picture_stays_the_houses_promotion() -> None:
    # vorangedacht.de.kohleausstieg.html: "Mehr zum Thema:", the house's book cover linked to its
    # page, then "Leseprobe" to a preview service, "Zur Autorin", "Mehr zum Buch".
    preview = "https://www.preview.example/widget.html?isbn=9783869951232"
    cover = "<div class='column_1'><a href='/atomkraft-ja-bitte/'><img src='/cover.jpeg' alt=''></a></div>"
    buttons = f"<div class='column_2'><div class='button-wrapper'><a class='et_pb_button' href='{preview}'>Read a sample</a></div></div>"
    extraction = extract_at(SITE, page(PROSE * 3, SOURCE, f"<div class='row'>{cover}{buttons}</div>", PROSE))
    assert preview not in cited(extraction)


# --- another site's page in a box among the piece's paragraphs -------------------------------------

TICKETS = ("https://www.tickets.example/eventseries/ratboys-3462117/", "https://www.boxoffice.example/")


def _tour_box(where: str) -> str:
    return (
        "<aside class='marginalbox marginalbox_right'><h2 class='marginalbox_headline'>The band: live 2023</h2>"
        f"<div class='marginalbox_content'><ul><li>24. 11. <a href='{where}'>Cologne</a></li></ul>"
        f"<p>Tickets: <a href='{TICKETS[0]}'>Tickets</a>, <a href='{TICKETS[1]}'>Box office</a></p></div></aside>"
    )


def test_another_sites_page_in_a_box_among_the_paragraphs_is_the_pieces() -> None:
    # kulturnews.de-Deutschland-Tour.html: between two paragraphs on the band's album, an <aside>
    # "Ratboys: LIVE 2023" with the dates (the site's venue pages) and "Tickets: Eventim, Reservix".
    venue = "https://www.linkwatch.example/eventlocation/cologne/"
    extraction = extract_at(SITE, page(SOURCE, PROSE * 3, _tour_box(venue), PROSE * 2))
    assert cited(extraction) == ["https://agency.example/report", *TICKETS]
    assert reasons(extraction)[venue] == RELATED  # the site's own pages in the box stay its teasers


def test_a_box_after_the_last_paragraph_stays_a_teaser_box() -> None:
    extraction = extract_at(SITE, page(SOURCE, PROSE * 3, _tour_box("/eventlocation/cologne/")))
    assert cited(extraction) == ["https://agency.example/report"]
