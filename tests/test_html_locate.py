"""Placing links in the file as written: the scan of the markup's link tags, and the locator that
matches the tree's links to them in one pass."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkaudit.extract.html import _parse, extract_html
from linkaudit.extract.common import LineIndex
from linkaudit.extract.html_locate import _SCAN, _SCAN_EVERY_TAG, HrefLocator, _address, _ForwardLines
from linkaudit.models import Document, DocumentKind

# The scan's meaning, written the plain way: a comment, or an element the HTML standard reads as
# text (script, style, text area, title, iframe, xmp, noembed, noframes), runs lazily to its end tag
# or the end of the markup, unless its start tag closes itself with "/>" (libxml2 then reads it
# empty); a link tag's attributes are single characters other than ">", and after each "=" (and
# spaces) a value: quoted, or running to a space or ">".
_RAW_TEXT = ("script", "style", "textarea", "title", "iframe", "xmp", "noembed", "noframes")
_PLAIN_SKIPPED = r"<!--.*?(?:-->|\Z)" + "".join(
    rf"|<{tag}\b[^>]*(?<=/)>|<{tag}\b.*?(?:</{tag}\s*>|\Z)" for tag in _RAW_TEXT
)
_PLAIN_ATTRIBUTES = r"(?:[^>=]|=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))*"
_PLAIN_LINK_TAG = rf"|<(a|blockquote|q)(?=[\s/>])({_PLAIN_ATTRIBUTES})>?"
_PLAIN_SCAN = re.compile(_PLAIN_SKIPPED + _PLAIN_LINK_TAG, re.IGNORECASE | re.DOTALL)
_PLAIN_EVERY_TAG = re.compile(
    _PLAIN_SKIPPED + _PLAIN_LINK_TAG + rf"|<[A-Za-z][A-Za-z0-9:-]*{_PLAIN_ATTRIBUTES}>?",
    re.IGNORECASE | re.DOTALL,
)

# Markup made of the pieces the scan's patterns turn on, so that near-misses are common.
_PIECES = st.sampled_from(
    ["<", ">", "/", "-", "!", "<!--", "-->", "--", "<script", "</script>", "</SCRIPT >", "<style>", "</style",
     "<textarea>", "</textarea>", "<a", "<A ", "<a href=", "<q ", "<blockquote cite=", "<b", " ", "\n", '"', "'",
     "x", "href", "=", "<p>", "</a>", "&amp;", "<title", "</title>", "<iframe src=", "</iframe>", "<xmp>", "</XMP>",
     "<noembed>", "</noframes>", "/>"]
)
_MARKUP = st.lists(_PIECES, max_size=40).map("".join)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(match.span(), match.groups()) for match in pattern.finditer(text)]


@settings(max_examples=300)
@given(_MARKUP)
def test_the_scan_finds_what_the_plain_patterns_find(markup: str) -> None:
    assert _matches(_SCAN, markup) == _matches(_PLAIN_SCAN, markup)
    assert _matches(_SCAN_EVERY_TAG, markup) == _matches(_PLAIN_EVERY_TAG, markup)


def test_an_href_in_text_the_standard_reads_as_text_is_no_link_and_no_alarm() -> None:
    page = (
        '<html><head><title>A <a href="https://title.example/">t</a></title></head><body>\n'
        '<p>The <a href="https://cited.example/">report</a> found it.</p>\n'
        '<iframe src="https://player.example/"><a href="https://fallback.example/">no frames</a></iframe>\n'
        '<xmp><a href="https://xmp.example/">x</a></xmp><noembed><a href="https://noembed.example/">x</a></noembed>\n'
        "</body></html>"
    )
    extraction = extract_html(Document(source="page.html", text=page, kind=DocumentKind.HTML), scope="all")
    assert [citation.url for citation in extraction.citations] == ["https://cited.example/"]
    assert extraction.non_citations == () and extraction.warnings == ()


@pytest.mark.parametrize("tag", ["script", "title", "iframe", "textarea"])
def test_links_after_an_element_closed_by_its_own_start_tag_are_placed_at_their_tags(tag: str) -> None:
    # libxml2 reads <title/> (an SVG's, on mitvergnuegen.de.herbst.html in trafilatura's tests/eval)
    # and <script src="a.js"/> as empty: the links after them are in the tree, each at its own tag.
    page = (
        f'<html><body><{tag} id="x"/><p><a href="https://same.example/">one</a> and '
        f'<a href="https://same.example/">two</a></p></{tag}><p><a href="https://last.example/">z</a></p></body></html>'
    )
    extraction = extract_html(Document(source="page.html", text=page, kind=DocumentKind.HTML), scope="all")
    columns = [citation.location.column for citation in extraction.citations]
    assert columns == [page.index("https://same.example/") + 1, page.rindex("https://same.example/") + 1, page.index("https://last.example/") + 1]
    assert extraction.warnings == ()


# The attributes of a tag, one by one: a name, then perhaps "=" and a value.
_ONE_ATTRIBUTE = re.compile(r"""[\s/]*((?:=|[^\s/>=])[^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")


def _first_read_one_by_one(attributes: str, name: str) -> tuple[int, str] | None:
    for found in _ONE_ATTRIBUTE.finditer(attributes):
        if found.group(1).lower() == name:
            group = found.lastindex or 1
            return (found.end(1), "") if group == 1 else (found.start(group), found.group(group))
    return None


@settings(max_examples=300)
@given(st.lists(st.sampled_from([" ", "/", "=", '"', "'", "x", "HREF", "href", "cite", "hrefx", "-href", "\n", "y=z"]), max_size=16).map("".join))
def test_the_address_is_the_first_attribute_of_its_name_read_one_by_one(attributes: str) -> None:
    for tag, name in (("a", "href"), ("q", "cite")):
        match = re.match(r"<(a|q)(.*)", f"<{tag}{attributes}", re.DOTALL)
        assert match is not None
        found = _address(match)
        expected = _first_read_one_by_one(attributes, name) if name in attributes.lower() else None
        assert (None if found is None else (found[0] - match.start(2), found[1])) == expected


def _located(markup: str) -> list[tuple[str, int]]:
    root = _parse(markup)
    assert root is not None
    places = HrefLocator(markup).locate_all(root)
    return [(element.get("href") or element.get("cite") or "", offset) for element, offset in places.items()]


def test_each_link_is_placed_at_its_own_tag_in_document_order() -> None:
    markup = '<p><a href="/one">1</a> <!-- <a href="/two"> --> <a href="/two">2</a> <q cite="/three">3</q> <a href="/one">1 again</a></p>'
    assert _located(markup) == [
        ("/one", markup.index("/one")),
        ("/two", markup.rindex("/two")),
        ("/three", markup.index("/three")),
        ("/one", markup.rindex("/one")),
    ]


@pytest.mark.parametrize(
    "stray",
    [
        'target=_blank"',  # as on spektrum.de.coronavirus.html of trafilatura's evaluation set
        "data-x=it's",
        'title="a > b" class=x"y',
        'a"b=c',
        "rel=nofollow'",
    ],
)
def test_a_quote_that_opens_no_value_does_not_put_later_links_out_of_place(stray: str) -> None:
    # A quote opens a value only right after "=": elsewhere it is an ordinary character of the
    # attribute's name or unquoted value, and the tag ends at its ">".
    markup = f'<p>A claim <a href="/one" {stray}>one</a>.</p>\n<p>Another <a\nhref="/two?a=1&amp;b=2">two</a> "quoted".</p>'
    assert _located(markup) == [("/one", markup.index("/one")), ("/two?a=1&b=2", markup.index("/two"))]


def test_a_link_the_markup_lacks_near_by_does_not_stop_the_links_after_it() -> None:
    # The parser's tree holds an address no tag nearby writes (here, as if the parser had moved
    # it): that link is left unplaced, and the next ones are still matched to their own tags.
    markup = "".join(f'<a href="/link-{number}">{number}</a>' for number in range(100))
    root = _parse(markup)
    assert root is not None
    strays = [element for element in root.iter("a")][:3]
    for number, element in enumerate(strays):
        element.set("href", f"/nowhere-{number}")
    places = HrefLocator(markup).locate_all(root)
    assert all(element not in places for element in strays)
    assert [offset for element, offset in places.items()] == [markup.index(f'"/link-{number}"') + 1 for number in range(3, 100)]


def test_a_link_past_the_lookahead_is_not_matched_to_a_far_tag() -> None:
    # 40 tags the tree does not hold stand between the cursor and the link's own tag.
    markup = '<a href="/first">f</a>' + '<a href="/other">o</a>' * 40 + '<a href="/last">l</a>'
    root = _parse(markup)
    assert root is not None
    links = list(root.iter("a"))
    for element in links[1:-1]:
        element.getparent().remove(element)
    places = HrefLocator(markup).locate_all(root)
    assert places == {links[0]: markup.index("/first")}


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="ab\n\r ", max_size=60),
    asked=st.lists(st.integers(min_value=0, max_value=70), max_size=12),
)
def test_lines_counted_forward_give_the_positions_the_line_index_gives(text: str, asked: list[int]) -> None:
    # Links come in document order (offsets increasing), but not always: a link placed by the
    # fallback search, or one the parser left out, may lie before the last one placed.
    forward, index = _ForwardLines(text), LineIndex(text)
    for offset in asked:
        assert forward.position(offset) == index.position(offset)


def _warnings_of(markup: str) -> tuple[str, ...]:
    document = Document(source="page.html", text=markup, kind=DocumentKind.HTML)
    return extract_html(document, scope="all", base_url="https://site.example/page").warnings


def test_an_href_with_no_value_is_placed_where_its_value_would_stand() -> None:
    # `<a class="x" href target="_top">`, as in the share bar of mein-mmo.de-MMORPG.html of
    # trafilatura's evaluation set: the parser reads an attribute with no "=" as empty. Its place is
    # right after the name, found without a warning, and the links after it keep their own places.
    markup = '<p>A claim <a class="x" href target="_top">w</a> and <a HREF>r</a> then <a href="/two">two</a>.</p>'
    assert _located(markup) == [
        ("", markup.index(" target")),
        ("", markup.index(">r<")),
        ("/two", markup.index("/two")),
    ]
    assert _warnings_of(markup) == ()


def test_a_name_or_value_inside_another_attributes_value_is_not_the_address() -> None:
    markup = '<p><a title="see href x" data-x=\'href="/no"\' href="/yes">y</a> <q title=cite cite="/c">q</q></p>'
    assert _located(markup) == [("/yes", markup.index("/yes")), ("/c", markup.index("/c"))]


def test_an_address_written_over_crlf_lines_is_placed_at_its_tag() -> None:
    # A mail-sharing link whose href runs over several lines of a file saved with CR LF line ends, as
    # on pferderevue.at-übung.html of trafilatura's evaluation set: the parser reads each CR LF (and
    # each CR alone) as LF, so the value as written is compared with its line ends read the same way;
    # a CR written as a reference (&#13;) stays a CR.
    markup = (
        '<div>\r\n\t<a class="mail" href="mailto:?\r\n\t\tsubject=Vier+%C3%9Cbungen\r\n\t\t&body=https%3A%2F%2Fsite.example">m</a>\r\n'
        '\t<a href="/one\rtwo">1</a> <a href="/three&#13;four">3</a>\r\n</div>'
    )
    assert _located(markup) == [
        ("mailto:?\n\t\tsubject=Vier+%C3%9Cbungen\n\t\t&body=https%3A%2F%2Fsite.example", markup.index("mailto")),
        ("/one\ntwo", markup.index("/one")),
        ("/three\rfour", markup.index("/three")),
    ]
    assert _warnings_of(markup) == ()
