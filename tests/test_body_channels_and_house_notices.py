"""Body links: invitations to follow an account, the house's legal pages and notices, a byline's
profile, the way to the next piece, a comment form, the section a page sits in, and the piece read
aloud above its text.

Each snippet keeps the structure of a page in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened and
with its names replaced. Each rule has a counter-example: the shape that stays a citation.
"""

from __future__ import annotations

from body_snippets import PROSE, SOURCE, cited, extract_at, page, reasons
from linkaudit.extract.container_roles import AUTHOR, COMMENT, NAVIGATION, PLAYER, RELATED, SOCIAL

SITE = "https://www.linkwatch.example/2015/04/05/barcamp-call-for-action/"
REPORT = "https://agency.example/report"


def _at(*blocks: str, site: str = SITE):
    return extract_at(site, page(PROSE * 2, SOURCE, *blocks))


# --- an account's page linked on the network's name, offered to follow ---------------------------


def test_an_account_named_only_by_its_network_in_a_list_of_links_is_an_invitation() -> None:
    # A post's closing "Links" list: "auf <a>Twitter</a>" for the event and for its track.
    event, track = "https://twitter.com/barcampgraz", "https://www.twitter.com/politcampgraz"
    links = f"<ul><li>Website: <a href='https://event.example/'>event.example</a></li><li>auf <a href='{event}'>Twitter</a></li><li>auf <a href='{track}'>Twitter</a></li></ul>"
    extraction = _at(links)
    assert event not in cited(extraction) and track not in cited(extraction)
    assert reasons(extraction)[event] == SOCIAL
    assert "https://event.example/" in cited(extraction)


def test_a_call_to_follow_on_a_networks_country_domain_is_an_invitation() -> None:
    facebook, instagram = "http://www.facebook.de/clubnews", "https://www.instagram.com/club.news/"
    line = f"<p>Folge uns auf <a href='{facebook}'>Facebook</a> | <a href='{instagram}'>Instagram</a></p>"
    extraction = _at(line)
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[facebook] == SOCIAL


def test_the_writers_own_account_is_an_invitation() -> None:
    account = "https://twitter.com/jdoe"
    extraction = _at(f"<p>Auf meinem <a href='{account}'>Twitter-Account</a> poste ich unregelmäßig interessante Webseiten, auf die ich gestoßen bin.</p>")
    assert account not in cited(extraction)


def test_an_account_named_by_its_network_as_where_someone_posted_stays_a_citation() -> None:
    # "Das bestätigte Ennesto via <a>Instagram</a>.", "The campaign's <a>Facebook page</a> was created …"
    instagram, facebook = "https://www.instagram.com/ennesto.official/", "https://www.facebook.com/BennettforCongress/"
    extraction = _at(
        f"<p>Das bestätigte der Sänger am Dienstag via <a href='{instagram}'>Instagram</a>.</p>",
        f"<p>The campaign's <a href='{facebook}'>Facebook page</a> was created on Dec. 18, a day before the retirement.</p>",
    )
    assert instagram in cited(extraction) and facebook in cited(extraction)


def test_a_networks_hashtag_page_is_an_invitation_but_stays_a_word_of_an_embedded_post() -> None:
    tag, embedded = "https://www.instagram.com/explore/tags/flawlessfood", "https://twitter.com/hashtag/VueleLaPaz?src=hash"
    tweet = f"<blockquote class='twitter-tweet'><p><a href='{embedded}'>#VueleLaPaz</a> Viernes 6 de Mayo, Comuna 13</p>— Ciudad (@ciudad) <a href='https://twitter.com/ciudad/status/1522349168131334144'>May 5, 2022</a></blockquote>"
    extraction = _at(f"<p>Tried this recipe? Please tag <a href='{tag}'>#flawlessfood</a>!</p>", tweet)
    assert tag not in cited(extraction)
    assert reasons(extraction)[tag] == SOCIAL
    assert embedded in cited(extraction)


# --- the house's legal pages and its disclaimer --------------------------------------------------


def test_the_sites_legal_notice_is_the_houses_page_whatever_its_words() -> None:
    notice = "https://www.linkwatch.example/impressum"
    extraction = _at(f"<p>Wer mich erreichen will, tut dies am besten per <a href='{notice}'>E-Mail</a>.</p>")
    assert notice not in cited(extraction)
    assert reasons(extraction)[notice] == NAVIGATION


def test_another_sites_privacy_policy_and_the_sites_contact_page_in_a_sentence_stay_citations() -> None:
    policy, contact = "https://social.example/privacy-policy", "https://www.linkwatch.example/kontakt/"
    extraction = _at(
        f"<p>The network <a href='{policy}'>changed its rules on personal data</a> on Monday, the third change this year.</p>",
        f"<p>Sie sind sich über das Eine oder Andere nicht sicher? <a href='{contact}'>Fragen Sie bei uns nach…</a> Wir gehen gerne mit Ihnen Ihr Konzept durch.</p>",
    )
    assert policy in cited(extraction) and contact in cited(extraction)


def test_a_link_in_the_sites_disclaimer_is_the_houses() -> None:
    contact = "https://www.linkwatch.example/contact/"
    disclaimer = f"<div>Linkwatch is not responsible for the opinions, statements or media content presented by contributors. In case of abuse, <a href='{contact}'>click here to report</a>.</div>"
    extraction = _at(disclaimer)
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[contact] == NAVIGATION


def test_a_sentence_saying_someone_is_not_responsible_keeps_its_source() -> None:
    ruling = "https://court.example/rulings/2020-08-13"
    extraction = _at(f"<p>The court <a href='{ruling}'>ruled</a> that the marketplace is not responsible for defects of products sold by third parties.</p>")
    assert ruling in cited(extraction)


# --- a byline's profile, the way to the next piece --------------------------------------------------


def test_a_bylines_profile_marked_as_the_authors_or_the_publishers_is_an_author_link() -> None:
    profile = "https://plus.google.com/116495804192898636733/"
    byline = f"<p>Autor: <a href='{profile}?rel=author'>Angelika Leitner</a> <a href='{profile}' rel='publisher'>Google+</a></p>"
    extraction = _at(byline)
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[profile] == AUTHOR


def test_a_link_with_another_rel_stays_a_citation() -> None:
    study = "https://journal.example/article/42?rel=related-study"
    extraction = _at(f"<p>A <a href='{study}' rel='noopener'>study</a> published last year found the same effect in three regions.</p>")
    assert study in cited(extraction)


def test_a_link_named_as_the_next_or_previous_piece_is_navigation() -> None:
    next_piece, previous = "/Kaiserschnitt-Letzte-Chance,,4231,,Bericht.html", "/Wasser-Wie-viel,,4227,,Bericht.html"
    row = f"<div><div><a id='nextlink' href='{next_piece}'>Kaiserschnitt: Letzte Chance für Kuh und Kalb</a></div><div><a id='prelink' href='{previous}'>Wasser: Wie viel säuft die Sau?</a></div></div>"
    extraction = _at(row)
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[next_piece] == NAVIGATION


def test_a_link_whose_class_only_contains_next_stays_a_citation() -> None:
    console = "https://maker.example/next-gen-console"
    extraction = _at(f"<p>The maker showed its <a class='next-gen' href='{console}'>new console</a> to the press on Tuesday in a closed room.</p>")
    assert console in cited(extraction)


# --- a comment form, the section the page sits in ------------------------------------------------


def test_a_comment_forms_charter_is_the_comments() -> None:
    charter = "https://www.linkwatch.example/services/contact/Charte-des-commentaires/story/29300639"
    form = f"<div class='commentsBox left'><div id='commentform'><p>J'ai lu et j'accepte <a href='{charter}'>la Charte des commentaires.</a></p></div></div>"
    extraction = _at(form)
    assert charter not in cited(extraction)
    assert reasons(extraction)[charter] == COMMENT


def test_a_commentary_keeps_its_citations() -> None:
    html = f"<html><body><div class='commentary-body'><p>{PROSE}{PROSE}</p><p>{SOURCE}</p></div></body></html>"
    assert cited(extract_at(SITE, html)) == [REPORT]


NEWS = "https://www.linkwatch.example/suisse/berne-interdit-le-pesticide/story/18348200"


def test_the_section_named_by_a_word_on_a_short_line_is_navigation() -> None:
    section = "https://www.linkwatch.example/suisse/"
    extraction = _at(f"<p>Les dernières news <a href='{section}'>Suisse</a></p>", site=NEWS)
    assert section not in cited(extraction)
    assert reasons(extraction)["https://www.linkwatch.example/suisse/"] == NAVIGATION


def test_the_section_named_in_a_sentence_stays_a_citation() -> None:
    section = "https://www.linkwatch.example/suisse/"
    sentence = f"<p>Depuis janvier, notre rubrique <a href='{section}'>Suisse</a> suit chaque semaine les décisions des cantons sur les pesticides.</p>"
    assert section in cited(_at(sentence, site=NEWS))


# --- the piece read aloud above its text -----------------------------------------------------------


def _player(recording: str) -> str:
    return f"<audio class='wp-audio-shortcode' controls><source type='audio/mpeg' src='{recording}'><a href='{recording}'>{recording}</a></audio>"


def test_a_player_above_the_text_is_the_piece_read_aloud() -> None:
    recording = "https://cdn.example/uploads/2020/08/Amazon-is-liable.mp3"
    html = f"<html><body><article><header><h1>Amazon liable</h1><p>{PROSE}</p></header><div class='entry-content'>{_player(recording)}<p>{PROSE}</p><p>{SOURCE}</p></div></article></body></html>"
    extraction = extract_at(SITE, html)
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[recording] == PLAYER


def test_a_recording_among_the_paragraphs_stays_a_citation() -> None:
    # The interview a quote comes from, played under the paragraph that quotes it.
    recording = "https://media.example/uploads/2022/05/interview.mp3"
    extraction = extract_at(SITE, page(PROSE * 2, SOURCE, _player(recording), PROSE))
    assert recording in cited(extraction)


# --- the house's tools and pointers: a correction form, its widget's explainer, more news -----------


def test_the_houses_correction_form_is_navigation() -> None:
    form = "http://form.linkwatch.example/rectificar/1767988/Las-trabas-del-Congreso"
    extraction = _at(f"<ul><li><a href='{form}'>Rectificar</a></li></ul>")
    assert form not in cited(extraction)
    assert reasons(extraction)[form] == NAVIGATION


def test_a_correction_named_in_a_sentence_stays_a_citation() -> None:
    notice = "https://paper.example/corrections/2022-05-04"
    extraction = _at(f"<p>The paper printed a <a href='{notice}'>correction</a> two days later, naming the wrong figure it had given.</p>")
    assert notice in cited(extraction)


def test_the_house_explaining_its_own_widget_is_navigation() -> None:
    score, lights = "https://www.linkwatch.example/exklusiv-nur-bei-uns", "https://www.linkwatch.example/ueber-die-naehrwertampel"
    widget = f"<div class='score'>Health Score 8,7 <a href='{score}'>Was heißt das?</a></div><div class='lights'><a href='{lights}'>Unsere Nährwertampel erklärt</a></div>"
    extraction = _at(widget)
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[score] == NAVIGATION


def test_another_sites_explainer_stays_a_citation() -> None:
    explainer = "https://health.example/what-does-the-score-mean"
    extraction = _at(f"<p>The score is explained by the <a href='{explainer}'>health agency</a>, which set its thresholds in 2017.</p>")
    assert explainer in cited(extraction)


def test_a_line_sending_the_reader_to_more_of_the_sites_news_is_a_teaser() -> None:
    section = "https://www.linkwatch.example/medellin/"
    extraction = _at(f"<p>Para leer sobre otros hechos en Medellín, clic <a href='{section}'>AQUÍ</a>.</p>")
    assert section not in cited(extraction)


def test_a_line_sending_the_reader_to_another_sites_coverage_stays_a_citation() -> None:
    coverage = "https://regional.example/medellin/"
    extraction = _at(f"<p>Para leer sobre otros hechos en Medellín, clic <a href='{coverage}'>AQUÍ</a>.</p>")
    assert coverage in cited(extraction)


def test_a_card_labelled_as_another_article_inside_its_link_is_a_teaser() -> None:
    other = "https://www.linkwatch.example/banshee-se-perdio/1330952/"
    card = f"<div><a href='{other}'><div class='cta'>Lea también</div><div class='title'>\"Banshee\" se perdió en Tricentenario</div></a></div>"
    extraction = _at(card)
    assert cited(extraction) == [REPORT]
    assert reasons(extraction)[other] == RELATED


def test_a_link_whose_first_word_is_read_stays_a_citation() -> None:
    report = "https://agency.example/full-report"
    extraction = _at(f"<p>The agency published its findings on Monday. <a href='{report}'><span>Read</span> the full report of the agency</a> for the figures.</p>")
    assert report in cited(extraction)


# --- a list the piece's sentence introduces -------------------------------------------------------


def test_a_list_of_the_sites_pages_that_a_sentence_of_the_piece_introduces_is_the_pieces() -> None:
    lesson = "https://www.linkwatch.example/leadership-styles.html"
    styles = ["/autocratic-leadership.html", "/participative-leadership.html", "/laissez-faire-leadership.html"]
    items = "".join(f"<li><a href='{style}'>{style.strip('/').split('.')[0].replace('-', ' ').title()}</a></li>" for style in styles)
    listing = f"<ol><li>Power Orientation: Based on this, the leadership styles can be further classified as:<ul>{items}</ul></li><li>{PROSE}</li></ol>"
    extraction = _at(listing, site=lesson)
    assert {f"https://www.linkwatch.example{style}" for style in styles} <= set(cited(extraction))


def test_a_list_of_the_sites_pages_under_a_teaser_lead_stays_a_teaser_list() -> None:
    lesson = "https://www.linkwatch.example/leadership-styles.html"
    styles = ["/autocratic-leadership.html", "/participative-leadership.html", "/laissez-faire-leadership.html"]
    items = "".join(f"<li><a href='{style}'>{style.strip('/').split('.')[0].replace('-', ' ').title()}</a></li>" for style in styles)
    extraction = _at(f"<ol><li>Lesen Sie auch:<ul>{items}</ul></li></ol>", site=lesson)
    assert cited(extraction) == [REPORT]


def test_a_hashtag_in_a_sentence_of_the_piece_stays_a_citation() -> None:
    movement = "https://twitter.com/hashtag/MeToo"
    extraction = _at(f"<p>Within a week the hashtag <a href='{movement}'>#MeToo</a> had been shared by millions of women around the world.</p>")
    assert movement in cited(extraction)


def test_a_hashtag_standing_alone_on_its_line_is_an_invitation() -> None:
    tag = "https://twitter.com/hashtag/bcg15?f=realtime&src=hash"
    extraction = _at(f"<ul><li>Hashtag <a href='{tag}'>#bcg15</a></li></ul>")
    assert reasons(extraction)[tag] == SOCIAL


def test_the_section_named_in_a_short_sentence_stays_a_citation() -> None:
    # A lesson's cross-reference: "Siehe Kapitel <a>Masse</a>!"
    chapter, lesson = "https://www.linkwatch.example/masse/", "https://www.linkwatch.example/masse/masse-des-quaders/"
    assert chapter in cited(_at(f"<p>Siehe Kapitel <a href='{chapter}'>Masse</a>!</p>", site=lesson))
