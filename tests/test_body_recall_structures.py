"""Body links: citations that stand where furniture stands, found by the structure around them.

The piece's notes set below the block chosen as its article, networks' posts the piece quotes, a
list that completes the sentence before it, a source named by a label of its own beside a row of
buttons, a sentence pointing at one reader's comment, a name in a paragraph linked to its topic
page, and a sentence that starts like a byline.

Each snippet keeps the structure of a page in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened and
with its names replaced. Each rule has a counter-example: the shape that stays furniture.
"""

from __future__ import annotations

from body_snippets import PROSE, SOURCE, cited, extract_at, page, reasons
from linkaudit.extract.container_roles import AUTHOR, COMMENT, NAVIGATION, RELATED, SOCIAL

SITE = "https://www.linkwatch.example/features/the-endorsement-race/"
METHOD = "https://www.linkwatch.example/methodology/how-the-tracker-works/"
REPORT = "https://agency.example/report"


# --- notes below the article, pointed to by the text's note marks -------------------------------


def _with_notes(mark: str) -> str:
    return (
        "<html><body><nav><a href='/'>Home</a></nav>"
        f"<div id='content'><div class='entry-content'><p>{PROSE * 3} The tracker gives points{mark} to each endorser. {SOURCE}</p>"
        f"<p>{PROSE * 3}</p></div>"
        "<div class='share-tools'><a href='https://www.facebook.com/sharer.php?u=x'>Share</a></div>"
        "<div class='entry-footnotes print-only'><ol class='footnotes'>"
        f"<li id='fn-1'><p>See <a href='{METHOD}'>here</a> for more on how the points work. <a href='#fnref-1'>^</a></p></li>"
        "</ol></div><footer><a href='/about/'>About us</a></footer></div></body></html>"
    )


def test_a_note_the_text_marks_is_read_with_the_article_wherever_it_stands() -> None:
    extraction = extract_at(SITE, _with_notes("<sup><a href='#fn-1'>1</a></sup>"))
    assert METHOD in cited(extraction)
    assert "/about/" not in cited(extraction)  # the page's footer stays out


def test_a_jump_that_is_no_note_mark_leaves_the_block_it_points_to_out() -> None:
    # "see the methodology" jumping to a box below is a table of contents' jump, not a note.
    extraction = extract_at(SITE, _with_notes(" (<a href='#fn-1'>see the methodology</a>)"))
    assert METHOD not in cited(extraction)


def test_a_count_pointing_at_a_box_of_links_is_no_note_mark() -> None:
    # "<a href='#shares'>12</a>", a share count, opens a dialog of links: no note of the piece.
    text = (
        "<html><body><div id='content'><div class='entry-content'>"
        f"<p>{PROSE * 3} <a href='#shares-dialog'>12</a> {SOURCE}</p><p>{PROSE * 3}</p></div>"
        "<div class='popup-box' id='shares-dialog'><p><a href='https://partner.example/offer'>Partner offer</a></p></div></div></body></html>"
    )
    assert "https://partner.example/offer" not in cited(extract_at(SITE, text))


# --- posts of the networks that the piece quotes ----------------------------------------------

TWEET = "https://twitter.com/agency/status/1185544789728616448"


def test_an_embedded_post_in_a_wrapper_named_for_the_network_is_quoted() -> None:
    post = f"<div class='social-post'><blockquote class='twitter-tweet'><a href='{TWEET}'> </a></blockquote></div>"
    extraction = extract_at(SITE, page(PROSE * 2, post, PROSE))
    assert TWEET in cited(extraction)


def test_a_follow_box_named_for_the_networks_stays_a_channel() -> None:
    box = "<div class='social-post'><p>Follow us: <a href='https://twitter.com/linkwatch'>our account</a></p></div>"
    extraction = extract_at(SITE, page(PROSE * 2, box, PROSE))
    assert reasons(extraction)["https://twitter.com/linkwatch"] == SOCIAL


def _paragraphs_with(between: str) -> str:
    # No named body container: the article's densest prose is the block after the post, and the
    # paragraphs before the post are its siblings, read with it; a share bar closes the item.
    paragraphs = "".join(f"<p>{PROSE * 2}</p>" for _ in range(4))
    return (
        "<html><body><div id='menu'><a href='/'>Home</a></div><div class='note'><div class='caption'>Photo</div>"
        f"{paragraphs}{between}<p></p><div>{paragraphs * 4}<p>{SOURCE}</p></div>"
        "<div class='addthis_toolbox'><a href='https://www.facebook.com/sharer.php?u=x'>Share</a></div></div></body></html>"
    )


def test_embedded_posts_among_the_paragraphs_are_read_with_them() -> None:
    post = f"<blockquote class='twitter-tweet'><p>The plenary opened. <a href='https://t.co/XVlDoK9vrJ'>pic.twitter.com/XVlDoK9vrJ</a></p>— Office (@office) <a href='{TWEET}'>April 26, 2022</a></blockquote>"
    extraction = extract_at(SITE, _paragraphs_with(post))
    assert TWEET in cited(extraction)
    assert REPORT in cited(extraction)


def test_a_plain_quotation_box_among_the_paragraphs_is_not_taken_for_a_post() -> None:
    box = "<blockquote class='pullquote'><a href='/plenary/'>Plenary</a></blockquote>"
    extraction = extract_at(SITE, _paragraphs_with(box))
    assert REPORT in cited(extraction)
    assert "https://www.linkwatch.example/plenary/" not in cited(extraction)


# --- a list that completes the paragraph before it ---------------------------------------------


def _list_after(lead: str) -> str:
    items = "".join(f"<li><a href='/symptoms/{name}/'>{name.title()}</a></li>" for name in ("muscle-pain", "diarrhoea", "high-pressure"))
    return page(PROSE * 2, f"<p>{lead}</p><ul>{items}</ul>", PROSE)


def test_a_list_of_the_sites_pages_that_completes_an_open_sentence_is_the_pieces() -> None:
    extraction = extract_at(SITE, _list_after("According to the current data the side effects of the drug are mild. Possible are"))
    assert "https://www.linkwatch.example/symptoms/diarrhoea/" in cited(extraction)


def test_a_list_of_the_sites_pages_after_a_closed_paragraph_or_a_teaser_lead_stays_a_teaser_list() -> None:
    for lead in (
        "According to the current data the side effects of the drug are mild and rare.",
        "More articles of ours on the side effects of drugs you may find interesting",
    ):
        extraction = extract_at(SITE, _list_after(lead))
        assert reasons(extraction)["/symptoms/diarrhoea/"] == RELATED, lead


# --- a source named by a label of its own in a row of buttons ------------------------------------

SOURCE_PAGE = "https://news.example.it/artikel/politik/wolves"


def _meta_row(label: str) -> str:
    return (
        "<div class='article__meta'><div class='btn-list'>"
        f"<div class='btn btn--secondary'>{label}</div> <a href='{SOURCE_PAGE}' class='btn btn--primary'>news.example.it</a></div></div>"
    )


def test_a_button_labelled_as_the_source_is_cited() -> None:
    for label in ("Quelle", "Source:", "Fuente"):
        extraction = extract_at(SITE, page(PROSE * 2, _meta_row(label)))
        assert SOURCE_PAGE in cited(extraction), label


def test_a_button_under_another_label_stays_furniture() -> None:
    extraction = extract_at(SITE, page(PROSE * 2, _meta_row("Partner")))
    assert reasons(extraction)[SOURCE_PAGE] == NAVIGATION


# --- one reader's comment cited in a sentence ----------------------------------------------------

POST = "https://blog.linkwatch.example/2012/12/11/you-may-say-that/"


def test_a_sentence_pointing_at_one_readers_comment_cites_it() -> None:
    item = f"<ul><li><a href='{POST}#comment-166'>In the comments it is suspected</a>, that the party was not the first she tried to join.</li></ul>"
    extraction = extract_at(POST, page(PROSE * 2, item))
    assert f"{POST}#comment-166" in cited(extraction)


def test_a_comment_link_standing_alone_stays_a_comment() -> None:
    extraction = extract_at(POST, page(PROSE * 2, f"<p><a href='{POST}#comment-166'>Reply to Anna</a></p>"))
    assert reasons(extraction)[f"{POST}#comment-166"] == COMMENT


# --- a name in a paragraph linked to its topic page -----------------------------------------------


def test_a_topic_page_linked_on_a_name_opening_a_paragraph_is_cited() -> None:
    # The link's claim is cut at the blank lines the markup sets after the link; the paragraph
    # still reads on around it.
    paragraph = "<p>In January the app maker \n<a href='https://www.linkwatch.example/tag/strava'>Strava</a>\n\n\n rolled out an update of its route tool that adds points of interest to its maps.</p>"
    extraction = extract_at(SITE, page(PROSE * 2, paragraph))
    assert "https://www.linkwatch.example/tag/strava" in cited(extraction)


def test_a_row_of_topic_labels_set_in_a_paragraph_stays_a_tag_row() -> None:
    row = "<p>" + " | ".join(f"<a href='/tag/{word}'>{word}</a>" for word in ("app", "maps", "route")) + "</p>"
    extraction = extract_at(SITE, page(PROSE * 2, row))
    assert "/tag/maps" in reasons(extraction)  # a tag row, whatever rule names it


# --- a sentence that starts like a byline ------------------------------------------------------


def test_a_sentence_whose_first_word_resembles_a_byline_word_is_no_byline() -> None:
    # "Die" is neither "di" nor "de" followed by "e": a sentence, its link a citation.
    paragraph = "<p>Die <a href='/climate-movement-fumes/!5655233/'>Klimabewegung schäumt.</a></p>"
    extraction = extract_at(SITE, page(PROSE * 2, paragraph, PROSE))
    assert "https://www.linkwatch.example/climate-movement-fumes/!5655233/" in cited(extraction)


def test_a_byline_of_two_names_stays_a_byline() -> None:
    line = "<p>Von <a href='https://jane.example/'>Jane Roe</a> und <a href='https://john.example/'>John Doe</a></p>"
    extraction = extract_at(SITE, page(line, PROSE * 2, PROSE))
    assert reasons(extraction)["https://john.example/"] == AUTHOR


# --- a picture gallery's captions, named as each item's "comment" --------------------------------


def _gallery(item_class: str) -> str:
    items = "".join(
        f"<div class='{item_class.split('__')[0]}__item'><a href='/photos/house-{n}' class='item__link'><img src='/p{n}.jpg'></a>"
        f"<div class='{item_class}'>The project of <a href='https://www.linkwatch.example/pro/studio-{n}/'>Studio {n}</a> wins the design award again this year, "
        "after two years in which the community saved its kitchens more often than any other room.</div></div>"
        for n in range(3)
    )
    return page(PROSE, f"<div class='{item_class.split('__')[0]}'>{items}</div>")


def test_the_comment_part_of_a_gallery_item_is_its_caption() -> None:
    extraction = extract_at(SITE, _gallery("hz-editorial-gallery-main-content__item__comment"))
    assert "https://www.linkwatch.example/pro/studio-1/" in cited(extraction)


def test_a_gallerys_reader_comments_stay_comments() -> None:
    extraction = extract_at(SITE, _gallery("gallery-comments__item"))
    assert reasons(extraction)["https://www.linkwatch.example/pro/studio-1/"] == COMMENT


# --- another site's page linked on words of a sentence in a teaser box --------------------------

HISTORY = "http://www.filmtown.example/index.php?show=chapter_1"


def _teaser_box(content: str) -> str:
    return f"<div class='cms_teaser'><div class='cms_teaser_title'>Hollywood on the river</div><div class='cms_teaser_content'>{content}</div></div>"


def test_another_sites_page_linked_in_a_sentence_of_a_teaser_box_is_further_reading() -> None:
    box = _teaser_box(f"Erfahren Sie <a href='{HISTORY}'>hier</a> mehr über die Geschichte der Filmstadt am Fluss.")
    extraction = extract_at(SITE, page(PROSE * 2, box, PROSE))
    assert HISTORY in cited(extraction)


def test_a_teaser_boxs_card_headline_and_its_credit_stay_furniture() -> None:
    card = _teaser_box(f"<a href='{HISTORY}'>Hollywood on the river</a> How a small town made a hundred films in ten years")
    credit = _teaser_box("Foto: <a href='https://photographer.example/'>Jane Roe</a>, via Wikimedia Commons | Lizenz: CC BY 4.0")
    follow = _teaser_box("You can also follow us on <a href='https://www.facebook.com/linkwatch/'>Facebook</a> and download our app from the store.")
    licence = _teaser_box("Unless noted otherwise, the texts of this blog are published under a <a href='http://creativecommons.org/'>Creative Commons licence</a>.")
    extraction = extract_at(SITE, page(PROSE * 2, card, credit, follow, licence, PROSE))
    assert HISTORY not in cited(extraction)
    assert "https://photographer.example/" not in cited(extraction)
    assert "https://www.facebook.com/linkwatch/" not in cited(extraction)
    assert "http://creativecommons.org/" not in cited(extraction)


def test_a_list_under_a_short_label_ending_a_paragraph_stays_a_teaser_list() -> None:
    extraction = extract_at(SITE, _list_after("This piece first appeared in the seventh issue of the magazine, on sale since June. Highlights of the issue:"))
    assert reasons(extraction)["/symptoms/diarrhoea/"] == RELATED
