"""Body choice beside a long furniture box, and the links of a list piece's items.

A CMS that marks its article body ("entry-content") marks the piece: a box beside it announcing
itself as furniture (an author box) stays furniture even when it holds more prose than the piece.
A list piece presents places or products one item each (a heading, a paragraph, a button to
the place's own site): each item's button is the piece pointing its reader to its subject.
"""

from __future__ import annotations

from body_snippets import PROSE, cited, extract_at, reasons

SITE = "https://magazine.example/2022/gifts/"
BIO = " ".join(["I write about interiors, fashion and the small things that make a home; before this I edited a weekly supplement for ten years."] * 6)


def _blocks(count: int) -> str:
    return "".join(
        f"<div class='block'><div class='wrap'><p>{PROSE} Item {n} is <a href='https://shop{n}.example/item'>this lamp</a>.</p></div></div>"
        for n in range(count)
    )


def _author_box() -> str:
    return f"<div class='author-bio'><p>{BIO} More on <a href='https://writer.example/'>my own site</a>.</p></div>"


def test_a_marked_body_beside_a_longer_author_box_is_the_article() -> None:
    html = f"<html><body><article><div class='entry-content'>{_blocks(3)}</div>{_author_box()}</article></body></html>"
    extraction = extract_at(SITE, html)
    assert cited(extraction) == [f"https://shop{n}.example/item" for n in range(3)]


def test_without_a_marked_body_the_page_that_is_mostly_an_author_box_is_read_from_it() -> None:
    html = f"<html><body><article><div class='content'>{_blocks(3)}</div>{_author_box()}</article></body></html>"
    assert "https://writer.example/" in cited(extract_at(SITE, html))


def _item(n: int, paragraph: str, href: str) -> str:
    return (
        f"<article class='card'><h3>{n}. A sauna raft on the lake</h3><div class='content'><p>{paragraph}</p></div>"
        f"<div class='button-wrapper'><a class='button' href='{href}'>More info</a></div></article>"
    )


def _list_page(items: str) -> str:
    return f"<html><body><main><div class='post'><p>{PROSE}</p>{items}</div></main></body></html>"


def test_the_button_closing_each_item_of_a_list_piece_is_cited() -> None:
    items = "".join(_item(n, PROSE, f"https://place{n}.example/") for n in range(3))
    assert cited(extract_at(SITE, _list_page(items))) == [f"https://place{n}.example/" for n in range(3)]


def test_a_button_under_a_box_standing_alone_stays_a_call_to_act() -> None:
    html = _list_page(_item(1, PROSE, "https://app.example/download"))
    extraction = extract_at(SITE, html)
    assert cited(extraction) == []
    assert reasons(extraction)["https://app.example/download"] == "navigation"


def test_buttons_of_items_without_a_paragraph_stay_calls_to_act() -> None:
    items = "".join(_item(n, "Open daily.", f"https://place{n}.example/") for n in range(3))
    assert cited(extract_at(SITE, _list_page(items))) == []


def test_a_footer_holding_most_of_the_prose_beside_a_marked_body_is_still_read() -> None:
    # A page drawn in its footer is no author box: its text stays the page's, read as before.
    html = (
        f"<html><body><div class='entry-content'><p>{PROSE} See <a href='https://a.example/x'>this</a>.</p></div>"
        f"<footer><p>{PROSE * 3} See <a href='https://b.example/y'>that</a>.</p></footer></body></html>"
    )
    assert cited(extract_at(SITE, html)) == ["https://a.example/x", "https://b.example/y"]
