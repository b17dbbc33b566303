"""HTML inside JavaScript/JSON string literals: sniffing, decoding with a position map, extraction."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkaudit.extract.escaped import literal_spans, looks_escaped, unescape_with_map
from linkaudit.extract.html import extract_html
from linkaudit.models import Document, DocumentKind


def js_escape(html: str, *, slash: bool = True) -> str:
    """Escape HTML the way React/CMS payloads do: angle brackets, quotes, ampersands as \\u00XX."""
    escaped = json.dumps(html, ensure_ascii=False)[1:-1]
    escaped = escaped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    escaped = escaped.replace('\\"', "\\u0022").replace("'", "\\u0027")
    return escaped.replace("/", "\\/") if slash else escaped


def extract(raw: str):  # noqa: ANN201 - the HtmlExtraction of an escaped document
    return extract_html(Document(source="piece.txt", text=raw, kind=DocumentKind.HTML, escaped=True))


@pytest.mark.parametrize(
    "text",
    [
        "\\u003cp\\u003eHello\\u003c/p\\u003e",
        "\\u003Ca href=\\u0022x\\u0022\\u003E",
        '<p class=\\"lead\\">Hi</p>',
        "var html = '\\x3cp\\x3e';",
    ],
)
def test_escaped_html_is_sniffed(text: str) -> None:
    assert looks_escaped(text)


@pytest.mark.parametrize("text", ["<p>Plain <a href=\"https://a.example/\">html</a></p>", "Just text.", ""])
def test_plain_html_and_text_are_not_taken_for_escaped(text: str) -> None:
    assert not looks_escaped(text)


def test_every_escape_form_decodes() -> None:
    raw = r"\u003ca href=\u0022https:\/\/x.example\/\u0022\u003e\"q\" \u0027s\u0027 \u0026amp; a\nb\tc\\d \ud83d\ude00"
    text, _ = unescape_with_map(raw)
    assert text == '<a href="https://x.example/">"q" \'s\' &amp; a\nb\tc\\d 😀'


def test_each_decoded_character_maps_to_where_its_escape_starts() -> None:
    raw = r"a\u003cb\/c"
    text, offsets = unescape_with_map(raw)
    assert text == "a<b/c"
    assert list(offsets) == [0, 1, 7, 8, 10, len(raw)]


@given(st.text(max_size=200), st.booleans())
def test_decoding_undoes_escaping_and_the_map_points_at_each_character(text: str, ascii_only: bool) -> None:
    raw = json.dumps(text, ensure_ascii=ascii_only)[1:-1].replace("/", "\\/").replace("<", "\\u003c")
    decoded, offsets = unescape_with_map(raw)
    assert decoded == text
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(raw)
    assert list(offsets) == sorted(set(offsets))
    for char, offset in zip(text, offsets, strict=False):
        assert raw[offset] in (char, "\\")


def test_the_offset_map_grows_with_the_escapes_not_with_the_text() -> None:
    # One int per character would cost about 40 bytes a character: 400 MB for a 10 MB page.
    raw = "x" * 1_000_000 + r"\u003cp\u003e" + "y" * 1_000_000
    text, offsets = unescape_with_map(raw)
    assert len(text) == 2_000_003 and len(offsets) == len(text) + 1
    assert offsets.runs <= 6
    assert (offsets[999_999], offsets[1_000_000], offsets[1_000_001], offsets[1_000_002]) == (999_999, 1_000_000, 1_000_006, 1_000_007)
    assert offsets[len(text)] == len(raw) and offsets[-1] == len(raw)


def test_a_lone_half_of_a_surrogate_pair_becomes_a_replacement_character() -> None:
    raw = r"a\ud83d b\ude00 c\ud83d\ude00"
    text, offsets = unescape_with_map(raw)
    assert text == "a\ufffd b\ufffd c\U0001f600"
    assert offsets[len(text) - 1] == raw.rindex("\\ud83d")


@given(st.text(max_size=200))
def test_decoding_never_raises_on_arbitrary_text(raw: str) -> None:
    decoded, offsets = unescape_with_map(raw)
    assert len(offsets) == len(decoded) + 1
    assert all(0 <= offset <= len(raw) for offset in offsets)


@given(st.text(alphabet=st.sampled_from(list('\\u003ce"\'<>a hrefp=/:x')), max_size=200))
def test_extraction_never_raises_on_arbitrary_escaped_looking_text(raw: str) -> None:
    result = extract(raw)
    for citation in result.citations:
        assert citation.location.line >= 1 and citation.location.column >= 1


def test_the_literal_ends_at_the_first_unescaped_quote() -> None:
    raw = 'mid string \\u003cp\\u003e\\"quoted\\"\\u003c/p\\u003e","className":"x"}); more text'
    [(start, end)] = literal_spans(raw)
    assert (start, raw[end:]) == (0, '","className":"x"}); more text')


def test_an_opening_quote_before_the_first_tag_starts_the_literal() -> None:
    raw = '{"html":"\\u003cp\\u003eHi\\u003c/p\\u003e","id":3}'
    [(start, end)] = literal_spans(raw)
    assert raw[start:end] == "\\u003cp\\u003eHi\\u003c/p\\u003e"


def test_every_literal_holding_escaped_html_is_read_and_the_code_between_is_not() -> None:
    first = js_escape('<p>First <a href="https://a.example/1">one</a>. End.</p>')
    second = js_escape('<p>Second <a href="https://b.example/2">two</a>.</p>')
    raw = (
        f'{first}","className":"richtext"}}), el("a"));'
        f' render(h(Rich, {{"html":"{second}","id":"x"}}), el("b"));\n'
        'A summary line https://not-a-citation.example/ and a < b.'
    )
    spans = literal_spans(raw)
    assert [raw[start:end] for start, end in spans] == [first, second]
    result = extract(raw)
    assert [(c.url, c.claim) for c in result.citations] == [
        ("https://a.example/1", "First one."),
        ("https://b.example/2", "Second two."),
    ]
    second_url = raw.index("https:\\/\\/b.example")
    assert (result.citations[1].location.line, result.citations[1].location.column) == (1, second_url + 1)


def test_quotes_of_the_other_kind_inside_the_literal_do_not_end_it() -> None:
    single = "var s = 'He said \"no\" \\x3cp>Claim \\x3ca href=\"https://x.example/\">anc\\x3c/a>.\\x3c/p>';"
    [citation] = extract(single).citations
    assert (citation.url, citation.claim) == ("https://x.example/", "Claim anc.")
    assert citation.location.column == single.index("https://x") + 1
    double = '{"body":"Kim\'s view: ' + js_escape("<p>It's <a href='https://b.example/'>b</a>.</p>", slash=False) + '"}'
    [citation] = extract(double).citations
    assert citation.claim == "It's b."


def test_template_literals_and_separate_literals_are_read_apart() -> None:
    template = "t = `" + js_escape('<p>T <a href="https://tpl.example/">t</a></p>', slash=False) + "`;"
    [citation] = extract(template).citations
    assert (citation.url, citation.claim) == ("https://tpl.example/", "T t")
    two = '{"a":"' + js_escape('say <a href="https://q.example/1">q</a>', slash=False) + '","b":"'
    two += js_escape('<a href="https://q.example/2">q2</a>', slash=False) + '"}'
    assert [c.claim for c in extract(two).citations] == ["say q", "q2"]


def test_escaped_piece_gives_citations_at_their_escaped_place() -> None:
    html = '<h2>Why</h2>\n<p>As <a href="https://a.example/x?y=1&amp;z=2">the report</a> says. Then more.</p>'
    raw = 'window.__DATA__ = {"body": "' + js_escape(html) + '"}; render();\nA summary line https://nope.example/'
    result = extract(raw)
    [citation] = result.citations
    assert citation.url == "https://a.example/x?y=1&z=2"
    assert citation.anchor == "the report"
    assert citation.claim == "As the report says."
    assert citation.heading == "Why"
    escaped_url = "https:\\/\\/a.example\\/x?y=1\\u0026amp;z=2"
    assert (citation.location.line, citation.location.column) == (1, raw.index(escaped_url) + 1)


def test_escaped_newlines_do_not_count_as_lines_on_disk() -> None:
    html = "<p>One.</p>\n<p>Two <a href='https://b.example/'>b</a>.</p>"
    raw = js_escape(html, slash=False)
    [citation] = extract(raw).citations
    assert citation.location.line == 1
    assert citation.location.column == raw.index("https://b.example/") + 1


def test_escaped_non_citations_are_listed_with_their_place() -> None:
    raw = js_escape('<p>Mail <a href="mailto:x@y.example">me</a>.</p>', slash=False)
    result = extract(raw)
    assert result.citations == ()
    [non_citation] = result.non_citations
    assert non_citation.reason == "e-mail address"
    assert non_citation.location.column == raw.index("mailto:") + 1


PROSE = st.text(alphabet="abcdefghij KLMN.,'\"&<>/\\\n’–", max_size=30)
URL = st.builds(
    "https://{}.example/{}".format,
    st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=10),
    st.text(alphabet="abcdef0123456789/-_.~", max_size=15),
)


@given(st.lists(st.tuples(PROSE, URL, PROSE), max_size=6), st.booleans(), st.text(max_size=40))
def test_every_escaped_location_decodes_to_the_written_url(
    parts: list[tuple[str, str, str]], slash: bool, tail: str
) -> None:
    from html import escape

    html = "".join(f"<p>{escape(before)}<a href=\"{url}\">{escape(anchor)}</a></p>" for before, url, anchor in parts)
    raw = js_escape(html, slash=slash) + '"});' + tail
    result = extract(raw)
    assert [citation.url for citation in result.citations] == [url for _, url, _ in parts]
    lines = raw.split("\n")
    for citation in result.citations:
        line = lines[citation.location.line - 1]
        decoded, _ = unescape_with_map(line[citation.location.column - 1 :])
        assert decoded.startswith(citation.written)


@pytest.mark.parametrize("escaped", [False, True])
def test_a_page_is_dated_from_its_head_and_a_long_one_is_not_read_whole_for_it(monkeypatch: pytest.MonkeyPatch, escaped: bool) -> None:
    # Dating costs several times a page's size: a 10 MB escaped page peaked at 220 MB in it.
    import linkaudit.extract as extract_stage

    monkeypatch.setattr(extract_stage, "DATED_HEAD_CHARS", 4_000)
    dated: list[tuple[str, ...]] = []
    piece_dates = extract_stage.piece_dates
    monkeypatch.setattr(extract_stage, "piece_dates", lambda **kwargs: dated.append(tuple(kwargs["html_pages"])) or piece_dates(**kwargs))
    head = '<html><head><meta property="article:published_time" content="2019-08-11"></head><body>'
    page = head + "<p>The sea walls failed within the hour.</p>\n" * 1_000 + '<p>See <a href="https://a.example/r">it</a>.</p></body></html>'
    text = 'window.__DATA__ = {"body":"' + js_escape(page) + '"};' if escaped else page
    extraction = extract_stage.extract(Document(source="piece", text=text, kind=DocumentKind.HTML, escaped=escaped))
    assert [c.url for c in extraction.citations] == ["https://a.example/r"]  # the whole page is still read for links
    assert extraction.published is not None and extraction.published.date.isoformat() == "2019-08-11"
    assert len(dated) == 1 and all(len(page) <= 4_000 for page in dated[0])


def test_an_escaped_page_is_decoded_once_for_its_links_and_its_date(monkeypatch: pytest.MonkeyPatch) -> None:
    from linkaudit.extract import escaped as escaped_module
    from linkaudit.extract import extract

    decodings: list[int] = []
    decode = escaped_module._decoded_spans

    def counted(raw: str, spans: list[tuple[int, int]]) -> tuple[str, escaped_module.OffsetMap]:
        decodings.append(len(raw))
        return decode(raw, spans)

    monkeypatch.setattr(escaped_module, "_decoded_spans", counted)
    page = '{"html":"\\u003cp\\u003eSee \\u003ca href=\\"https://b.example/x\\"\\u003eit\\u003c/a\\u003e.\\u003c/p\\u003e"}'
    found = extract(Document(source="page.html", text=page, kind=DocumentKind.HTML, escaped=True))
    assert [citation.url for citation in found.citations] == ["https://b.example/x"]
    assert len(decodings) == 1
    assert escaped_module._last_decoded is None  # not kept past its page


# The definition the quote scan must agree with: a quote after an even run of backslashes, the run
# starting at or after where the scan starts.
_UNESCAPED_QUOTE_BY_PATTERN = re.compile(r"(?<!\\)(?:\\\\)*([\"'`])")


@given(st.text(alphabet="\\\"'`a", max_size=24), st.integers(0, 24), st.integers(0, 24))
def test_unescaped_quotes_are_the_quotes_no_backslash_escapes(raw: str, start: int, length: int) -> None:
    from linkaudit.extract.escaped import _unescaped_quotes

    start = min(start, len(raw))
    end = min(len(raw), start + length)
    expected = [(match.group(1), match.start(1)) for match in _UNESCAPED_QUOTE_BY_PATTERN.finditer(raw, start, end)]
    assert list(_unescaped_quotes(raw, start, end)) == expected


@pytest.mark.parametrize("quote", ["&quot;", "&QUOT;", "&#34;", "&#034;", "&#x22;", "&apos;", "&#39;", "&#x27;"])
def test_a_backslash_before_a_quote_written_as_a_reference_escapes_that_quote(quote: str) -> None:
    # A JSON payload kept in an HTML attribute writes its escaped quotes \&quot;, as the privacy
    # link of homify.de-Tischdecke.html of trafilatura's evaluation set does:
    # data-x="{&quot;privacyLink&quot;:&quot;\u003ca class=\&quot;link\&quot; href=\&quot;/datenschutz\&quot;\u003e...".
    # The backslash and the reference are one escaped quote: the address is read without quotes
    # around it, and placed at its first character.
    html = f"\\u003ca class=\\{quote}link\\{quote} href=\\{quote}https://study.example/report\\{quote}\\u003eeine Studie\\u003c/a\\u003e"
    text, _ = unescape_with_map(html)
    mark = '"' if quote in ("&quot;", "&QUOT;", "&#34;", "&#034;", "&#x22;") else "'"
    assert text == f"<a class={mark}link{mark} href={mark}https://study.example/report{mark}>eine Studie</a>"
    raw = '<div data-props="{&quot;body&quot;:&quot;\\u003cp\\u003eDas zeigt ' + html + ' der Uni.\\u003c/p\\u003e&quot;}"></div>'
    [citation] = extract(raw).citations
    assert citation.url == "https://study.example/report"
    assert citation.anchor == "eine Studie"
    assert citation.location.column == raw.index("https://study.example/report") + 1


def test_a_reference_that_is_no_quote_after_a_backslash_is_left_to_the_html_parser() -> None:
    text, _ = unescape_with_map("a\\&amp;b \\&lt; \\&quot c")
    assert text == "a&amp;b &lt; &quot c"


def test_a_page_read_as_escaped_html_keeps_the_title_and_date_of_its_own_head() -> None:
    # pawszilla.com.celine.html of trafilatura's evaluation set: a full page whose article lives
    # escaped in a script (window.context = {"content": "\u003cp\u003e..."}), so that the whole page
    # is read as escaped HTML. Its <title> and article:published_time are the page's own; read
    # from the literals alone, it had no title and was dated from a year in its text.
    from linkaudit.extract import extract as extract_piece
    from linkaudit.extract.sources import sniff_kind

    article = "".join(f"<p>In 1999 she sang {number}. See <a href='https://news.example/{number}'>the report</a>.</p>" for number in range(8))
    page = (
        "<!DOCTYPE html><html><head><title>Fans Expressed Fears</title>"
        '<meta property="article:published_time" content="2019-07-18T03:00:25+00:00"></head>'
        '<body><div id="root"></div><script>window.context = {"content": "' + js_escape(article) + '"};</script></body></html>'
    )
    kind, escaped = sniff_kind(page, "page.html")
    assert (kind, escaped) == (DocumentKind.HTML, True)
    extraction = extract_piece(Document(source="page.html", text=page, kind=kind, escaped=escaped))
    assert len(extraction.citations) == 8
    assert extraction.title == "Fans Expressed Fears"
    assert extraction.published is not None and extraction.published.date.isoformat() == "2019-07-18"


@pytest.mark.parametrize("angles_escaped", [False, True])
def test_html_escaped_twice_is_decoded_twice_and_placed_in_the_file(angles_escaped: bool) -> None:
    # A JSON document kept in a JavaScript string, JSON.parse("{\"body\":\"<a href=\\\"...\\\">..."):
    # once decoded, its quotes still read \" (homify.de-Tischdecke.html of trafilatura's evaluation
    # set had its addresses read with quotes around them, "/datenschutz", before its scripts were
    # set aside). Its links are read as written, each placed at its address's first character.
    html = '<p>Das zeigt <a href="https://study.example/report">eine Studie</a> der Uni.\nNeue Zeile.</p>'
    payload = json.dumps({"body": html})
    if angles_escaped:
        payload = payload.replace("<", "\\u003c").replace(">", "\\u003e")
    raw = "window.__STATE__ = JSON.parse(" + json.dumps(payload) + ");"
    [citation] = extract(raw).citations
    assert citation.url == "https://study.example/report"
    assert (citation.anchor, citation.claim) == ("eine Studie", "Das zeigt eine Studie der Uni.")
    assert citation.location.column == raw.index("https://study.example/report") + 1


def test_html_escaped_once_keeps_the_backslashes_of_its_own_text() -> None:
    html = '<p>Siehe <a href="https://a.example/">a</a> und <a href=\\"https://b.example/\\">b</a>: C:\\new.</p>'
    [first, second] = extract(js_escape(html)).citations
    assert first.url == "https://a.example/"
    assert second.written == '\\"https://b.example/\\"'


# pawszilla.com.celine.html (trafilatura's tests/eval) carries its article only as escaped HTML with no
# page around it: 80 picture credits ("Image: <a>… /Getty Images</a>") and 41 pictures linked to their
# WordPress attachment page had all been taken as citations, with its one subscription line (from
# prensa.com-curata.html, the same kind of payload).
_FRAGMENT = (
    '<p>The singer spoke to <a href="https://news.example/interview">a newspaper</a> about the tour.</p>'
    '<p><a rel="attachment wp-att-435507" href="https://site.example/wp-content/uploads/pic.jpg"><img src="pic.jpg"></a></p>'
    '<p>Image: <a href="https://www.gettyimages.co.uk/detail/news-photo/123">Pascal Le Segretain/Getty Images</a></p>'
    '<p><a href="https://www.facebook.com/sharer/sharer.php?u=https://site.example/p">Share</a></p>'
    '<p><a rel="tag" href="https://site.example/tag/music">Music</a></p>'
)


def test_a_fragment_is_all_piece_but_a_link_that_says_it_is_furniture_is_not_cited() -> None:
    extraction = extract(js_escape(_FRAGMENT))
    assert [citation.url for citation in extraction.citations] == ["https://news.example/interview"]
    reasons = {link.written: link.reason for link in extraction.non_citations}
    assert reasons["https://www.gettyimages.co.uk/detail/news-photo/123"] == "picture credit"
    assert len(reasons) == 4 and all(reason and not reason.startswith("not read") for reason in reasons.values())


def test_scope_all_takes_every_link_of_a_fragment() -> None:
    document = Document(source="piece.txt", text=js_escape(_FRAGMENT), kind=DocumentKind.HTML, escaped=True)
    assert len(extract_html(document, scope="all").citations) == 5


def test_an_apostrophe_inside_a_word_before_the_first_tag_opens_no_string() -> None:
    # A piece scraped from the middle of a string literal ("the minister's statement, as the <a>…")
    # had its claims cut at the apostrophe and run on into the code after the literal.
    raw = (
        "the minister's statement, as the " + js_escape('<a href="https://a.example/">report</a>')
        + " said, is not new.\\u003c/p\\u003e\",\"next\":1}"
    )
    [citation] = extract(raw).citations
    assert citation.claim == "the minister's statement, as the report said, is not new."
    assert literal_spans(raw) == [(0, raw.index('","next"'))]


def test_a_quote_that_opens_a_string_before_the_first_tag_still_starts_the_literal() -> None:
    raw = "var t = 'It" + js_escape('s <a href="https://a.example/">here</a>.', slash=False) + "'; run(t);"
    assert literal_spans(raw) == [(raw.index("It"), raw.rindex("'"))]
