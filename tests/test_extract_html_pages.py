"""Real page shapes: which links of a saved article page are read, and which are its citations.

Each snippet keeps the structure of a page in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval), shortened, with the page named.
"""

from __future__ import annotations

import lxml.etree
from hypothesis import given, settings
from hypothesis import strategies as st

from linkaudit.extract.html import HtmlExtraction, extract_html
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
