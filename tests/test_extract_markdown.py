"""Markdown extraction: every citation with its anchor, claim, heading and exact place in the file."""

from __future__ import annotations

import functools
import itertools
import re
import textwrap
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkaudit.extract.common import LineIndex
from linkaudit.extract import markdown_parser
from linkaudit.extract.markdown import extract_markdown, split_front_matter
from linkaudit.models import Document, DocumentKind, Location
from linkaudit.urlkey import url_problem
from token_strings import joined


def md(text: str, *, base_url: str | None = None):
    source = textwrap.dedent(text).lstrip("\n")
    return source, extract_markdown(Document("piece.md", source, DocumentKind.MARKDOWN), base_url=base_url)


def text_at(source: str, line: int, column: int) -> str:
    return source[LineIndex(source).offset(line, column) :]


def assert_points_at_written(source: str, extraction) -> None:
    for item in (*extraction.citations, *extraction.non_citations):
        assert text_at(source, item.location.line, item.location.column).startswith(item.written), item


def test_inline_link_gives_url_anchor_claim_heading_and_place():
    source, result = md(
        """
        # Floods

        ## Reports

        The council's [flood report](https://council.example/report) found failures. Next one.
        """
    )
    (citation,) = result.citations
    assert citation.url == "https://council.example/report"
    assert citation.anchor == "flood report"
    assert citation.claim == "The council's flood report found failures."
    assert citation.heading == "Reports"
    assert (citation.location.line, citation.location.column) == (5, len("The council's [flood report](") + 1)
    assert result.title == "Floods"
    assert_points_at_written(source, result)


def test_two_links_in_one_sentence_share_one_claim():
    _, result = md("Both [one](https://a.example/1) and [two](https://b.example/2) say so. Then more.\n")
    first, second = result.citations
    assert first.claim == second.claim == "Both one and two say so."
    assert first.claim_id == second.claim_id


def test_reference_style_link_points_at_its_definition():
    source, result = md(
        """
        A claim backed [by a reference][ref].

        [ref]: https://ref.example/page "Title"
        """
    )
    (citation,) = result.citations
    assert citation.anchor == "by a reference"
    assert citation.claim == "A claim backed by a reference."
    assert (citation.location.line, citation.location.column) == (3, 8)
    assert_points_at_written(source, result)


def test_autolinks_and_bare_urls_are_citations():
    source, result = md("See <https://auto.example/x> and https://bare.example/y, or www.www.example/z.\n")
    assert [c.url for c in result.citations] == [
        "https://auto.example/x",
        "https://bare.example/y",
        "https://www.www.example/z",  # as in plain text: most sites answer https today
    ]
    assert result.citations[0].anchor == "https://auto.example/x"
    assert_points_at_written(source, result)


def test_bare_urls_keep_underscores_and_asterisks_that_emphasis_would_take():
    source, result = md(
        "Code at https://github.com/python/cpython/blob/main/Lib/json/__init__.py is short.\n"
        "See https://x.example/*foo*/bar and **https://bold.example/a**.\n"
    )
    assert [c.url for c in result.citations] == [
        "https://github.com/python/cpython/blob/main/Lib/json/__init__.py",
        "https://x.example/*foo*/bar",
        "https://bold.example/a",
    ]
    assert result.citations[0].claim == "Code at https://github.com/python/cpython/blob/main/Lib/json/__init__.py is short."
    assert_points_at_written(source, result)


def test_links_in_lists_tables_quotes_and_footnotes():
    source, result = md(
        """
        - item with [list link](https://list.example)

        > quoted [quote link](https://quote.example).

        | Source | Note |
        |--------|------|
        | [table link](https://table.example) | x |

        Text with a note.[^1]

        [^1]: The note cites [footnote link](https://footnote.example).
        """
    )
    assert [c.anchor for c in result.citations] == ["list link", "quote link", "table link", "footnote link"]
    assert result.citations[3].claim == "The note cites footnote link."
    assert_points_at_written(source, result)


def test_urls_in_code_are_not_citations():
    source, result = md(
        """
        Inline `https://code.example/span` then [real](https://code.example/span).

        ```
        https://fenced.example
        ```

            https://indented.example
        """
    )
    (citation,) = result.citations
    assert citation.anchor == "real"
    assert (citation.location.line, citation.location.column) == (1, source.index("(https://code") + 2)
    assert_points_at_written(source, result)


def test_image_alt_text_is_the_anchor_of_a_linked_image_and_bare_images_are_not_citations():
    source, result = md("Chart: [![rainfall chart](https://img.example/c.png)](https://data.example/rain).\n")
    (citation,) = result.citations
    assert citation.anchor == "rainfall chart"
    assert citation.url == "https://data.example/rain"
    assert [n.reason for n in result.non_citations] == ["embedded image"]
    assert_points_at_written(source, result)


def test_mailto_and_fragments_are_listed_as_non_citations():
    _, result = md("Write [to us](mailto:desk@example.org) or see [below](#notes) or <desk@example.org>.\n")
    assert result.citations == ()
    assert [n.reason for n in result.non_citations] == ["e-mail address", "in-page fragment", "e-mail address"]


def test_relative_links_are_internal_without_a_base_and_resolved_with_one():
    _, without = md("See [the archive](../archive/2020.html).\n")
    _, with_base = md("See [the archive](../archive/2020.html).\n", base_url="https://site.example/posts/a/")
    assert without.citations[0].internal
    assert not with_base.citations[0].internal
    assert with_base.citations[0].url == "https://site.example/posts/archive/2020.html"


def test_escaped_and_entity_destinations_are_located_as_written():
    source, result = md("Odd [one](https://x.example/a\\_b) and [two](https://x.example/?a=1&amp;b=2).\n")
    assert [c.url for c in result.citations] == ["https://x.example/a_b", "https://x.example/?a=1&b=2"]
    assert [c.written for c in result.citations] == ["https://x.example/a\\_b", "https://x.example/?a=1&amp;b=2"]
    assert_points_at_written(source, result)


def test_anchor_equal_to_url_points_at_the_destination():
    source, result = md("[https://same.example](https://same.example)\n")
    (citation,) = result.citations
    assert citation.location.column == len("[https://same.example](") + 1
    assert_points_at_written(source, result)


def test_yaml_front_matter_gives_title_and_keeps_line_numbers():
    source, result = md(
        """
        ---
        title: "Harbour towns"
        date: 2021-03-15
        tags:
          - floods
        ---
        # Another heading

        A [source](https://s.example).
        """
    )
    assert result.title == "Harbour towns"
    assert result.front_matter["date"] == "2021-03-15"
    assert "tags" not in result.front_matter
    assert result.citations[0].location.line == 9
    assert_points_at_written(source, result)


def test_toml_front_matter_is_read_and_bad_toml_is_a_warning():
    _, good = md('+++\ntitle = "T"\ndate = 2020-01-02\n+++\nA [s](https://s.example).\n')
    assert good.title == "T"
    assert str(good.front_matter["date"]) == "2020-01-02"
    assert good.citations[0].location.line == 5
    _, bad = md('+++\ntitle = \n+++\nText.\n')
    assert bad.front_matter == {}
    assert any("TOML" in warning for warning in bad.warnings)


def test_the_skip_marker_is_spelled_as_in_html_any_case_and_spacing():
    _, result = md(
        """
        <!--linkaudit-skip-->
        [skipped tight](https://a.example)

        [skipped upper](https://b.example) <!--   LinkAudit-Skip -->

        [kept](https://c.example) <!-- linkaudit-skip-not -->
        """
    )
    assert [(c.anchor, c.ignored) for c in result.citations] == [
        ("skipped tight", True),
        ("skipped upper", True),
        ("kept", False),
    ]


def test_a_lone_rule_is_not_front_matter():
    front_matter, body, _ = split_front_matter("---\nNo closing fence here.\n")
    assert front_matter == {}
    assert body == "---\nNo closing fence here.\n"


def test_skip_marker_on_the_line_before_or_the_same_line_ignores_links():
    _, result = md(
        """
        <!-- linkaudit-skip -->
        [skipped before](https://a.example)

        [skipped same](https://b.example) <!-- linkaudit-skip -->

        [kept](https://c.example)
        """
    )
    assert [(c.anchor, c.ignored) for c in result.citations] == [
        ("skipped before", True),
        ("skipped same", True),
        ("kept", False),
    ]


def test_inline_html_link_is_a_citation_of_its_sentence_located_at_its_href():
    source, result = md(
        """
        # Piece

        The [first](https://a.example/1) and <a href="https://b.example/2?x=1&amp;y=2">second <em>one</em></a> agree. Next.
        """
    )
    first, second = result.citations
    assert second.url == "https://b.example/2?x=1&y=2"
    assert second.anchor == "second one"
    assert first.claim == second.claim == "The first and second one agree."
    assert second.heading == "Piece"
    assert (second.location.line, second.location.column) == (3, source.splitlines()[2].index("https://b") + 1)
    assert_points_at_written(source, result)


def test_inline_html_link_keeps_robust_links_and_skip_attributes():
    _, result = md(
        """
        See <a href="https://a.example/old" data-versionurl="https://web.archive.org/web/20200102000000/https://a.example/old"
        data-versiondate="2020-01-02">the old page</a> and <a class="linkaudit-skip" href="https://b.example/">this</a>.
        A <a name="target">named anchor</a> is not a link.
        """
    )
    robust, skipped = result.citations
    assert robust.version_date.isoformat() == "2020-01-02"
    assert robust.version_url == "https://web.archive.org/web/20200102000000/https://a.example/old"
    assert (robust.ignored, skipped.ignored) == (False, True)


def test_links_in_html_blocks_are_citations_in_reading_order():
    source, result = md(
        """
        # Piece

        Before [one](https://a.example/1).

        <div class="aside">
        <p>Inside a <a href="https://b.example/2">block</a>. Then <a href="mailto:x@example.org">mail</a>.</p>
        </div>

        ## After

        Later [three](https://c.example/3).
        """
    )
    assert [c.anchor for c in result.citations] == ["one", "block", "three"]
    block = result.citations[1]
    assert block.claim == "Inside a block."
    assert block.heading == "Piece"
    assert block.location.source == "piece.md"
    assert (block.location.line, block.location.column) == (6, source.splitlines()[5].index("https://b") + 1)
    assert result.citations[2].heading == "After"
    assert [n.reason for n in result.non_citations] == ["e-mail address"]
    assert_points_at_written(source, result)


def test_skip_marker_comment_before_an_html_block_link_ignores_it():
    _, result = md(
        """
        <!-- linkaudit-skip -->
        <p><a href="https://a.example/">skipped</a></p>

        <p><a href="https://b.example/">kept</a></p>
        """
    )
    assert [(c.anchor, c.ignored) for c in result.citations] == [("skipped", True), ("kept", False)]


def test_a_reference_link_and_the_same_url_inline_each_keep_their_own_place():
    source, result = md(
        """
        See [the report][r] and [again](https://x.example/p).

        [r]: https://x.example/p
        """
    )
    reference, inline = result.citations
    assert (reference.location.line, reference.location.column) == (3, 6)
    assert (inline.location.line, inline.location.column) == (1, source.index("https://x.example/p") + 1)
    assert result.warnings == ()


def test_skip_marker_before_the_sentence_using_a_reference_ignores_it():
    _, result = md(
        """
        <!-- linkaudit-skip -->
        Skipped use of [ref link][r] here.

        [r]: https://ref.example/
        """
    )
    assert [(c.anchor, c.ignored) for c in result.citations] == [("ref link", True)]


def test_a_lone_carriage_return_does_not_shift_later_places():
    source = "Intro line one\rwith a stray CR.\n\nPara [x](https://x.example/) here.\n\nMore [y](https://y.example/) here.\n"
    result = extract_markdown(Document("cr.md", source, DocumentKind.MARKDOWN))
    assert [(c.location.line, c.location.column) for c in result.citations] == [(3, 10), (5, 10)]
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a bare URL is followed as a browser would: escapes and entities resolved
        ("See https://x.example/a\\_b and https://x.example/a&amp;b here.\n",
         [("https://x.example/a_b", 1, 5), ("https://x.example/a&b", 1, 32)]),
        # a reference link is placed at the definition its label names, not the first with its URL
        ("See [old][y] and [new][x].\n\n[y]: https://x.example/a\n[x]: https://x.example/a\n",
         [("https://x.example/a", 3, 6), ("https://x.example/a", 4, 6)]),
        # an HTML block inside a quote: the quote's markers are not part of the tags
        ('> <div>\n> <a class="c"\n> href="https://bq.example/a">x</a>\n> </div>\n', [("https://bq.example/a", 3, 9)]),
        # an inline <a> around a code span or an image, and one whose tag runs over two lines of a list
        ('See <a href="https://docs.example/api">the `fetch` API</a>.\n', [("https://docs.example/api", 1, 14)]),
        ('<a href="https://ci.example/b">![build](https://img.example/b.svg)</a> ok\n', [("https://ci.example/b", 1, 10)]),
        ('- See <a class="c"\n  href="https://li.example/a">x</a>.\n', [("https://li.example/a", 2, 9)]),
    ],
)
def test_hard_cases_give_the_url_a_reader_follows_at_the_place_it_is_written(source, expected):
    result = extract_markdown(Document("p.md", source, DocumentKind.MARKDOWN))
    assert [(c.url, c.location.line, c.location.column) for c in result.citations] == expected
    assert result.warnings == ()
    assert_points_at_written(source, result)


def test_a_link_thirty_list_levels_deep_is_still_found():
    source = "".join("  " * level + "- level\n" for level in range(30)) + "  " * 30 + "- deep [x](https://deep.example/)\n"
    result = extract_markdown(Document("p.md", source, DocumentKind.MARKDOWN))
    assert [c.url for c in result.citations] == ["https://deep.example/"]
    assert_points_at_written(source, result)


def test_a_heading_written_in_html_is_the_heading_of_what_follows():
    _, result = md("# Intro\n\n<h2>Sources</h2>\n\nSee [a](https://a.example).\n")
    assert result.citations[0].heading == "Sources"


# --- properties ------------------------------------------------------------------------------

# A block's words and links are one choice of pieces (token_strings), and every URL of a document
# is cut from one more string: a few choices an example rather than five for each link, which
# cost most of this property's time. "\0" marks where a URL goes.
_WORDS = ["The", "report", "said", "so.", "Then", "`code`", "*em*", "x_y", "(note)", "é", "—"]
_LINK_FORMS = [
    "[{a}](\0)", "[{a}](<\0>)", "<\0>", "\0", "[![{a}](https://img.example/i.png)](\0)", '<a href="\0">{a}</a>',
]
_LINKS = [form.format(a=anchor) for form in _LINK_FORMS for anchor in ("a", "Flood report", "x Y z")]
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_URL_PARTS = joined([*_LOWER, *"0123456789/_.-", *"|" * 8], max_size=150)  # host|path|host|path..., cycled
_BLOCK_COUNTS = st.integers(1, 6)
_BLOCK_WORDS = joined([word + " " for word in _WORDS + _LINKS], min_size=1, max_size=10)
_BLOCK_PREFIXES = st.sampled_from(["", "# ", "- ", "> ", "1. ", "| ", "<div>\n"])


def _urls(parts: str) -> Iterator[str]:
    # Hosts of one to eight letters, paths of up to twelve URL characters, as drawn before.
    cuts = parts.split("|") + [""]
    for index in itertools.count(0, 2):
        host = "".join(c for c in cuts[index % len(cuts)] if c in _LOWER)[:8] or "a"
        yield f"https://{host}.example/{cuts[(index + 1) % len(cuts)][:12]}"


@st.composite
def _documents(draw) -> str:
    blocks = []
    for _ in range(draw(_BLOCK_COUNTS)):
        words = draw(_BLOCK_WORDS).rstrip(" ")
        prefix = draw(_BLOCK_PREFIXES)
        blocks.append(prefix + words + ("\n</div>" if prefix == "<div>\n" else ""))
    urls = _urls(draw(_URL_PARTS))
    return re.sub("\0", lambda _: next(urls), "\n\n".join(blocks) + "\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(text):
    extract_markdown(Document("any.md", text, DocumentKind.MARKDOWN))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet='<a href="x:/>\'\n #[]()-`', max_size=300))
def test_never_raises_on_markup_heavy_text(text):
    extract_markdown(Document("any.md", text, DocumentKind.MARKDOWN))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_every_location_points_at_the_written_url(source):
    result = extract_markdown(Document("gen.md", source, DocumentKind.MARKDOWN))
    assert result.warnings == ()
    assert_points_at_written(source, result)
    for citation in result.citations:
        assert citation.url.startswith("https://")


# --- deep nesting and MDX --------------------------------------------------------------------


def _piece(text: str, source: str = "piece.md"):
    return extract_markdown(Document(source=source, text=text, kind=DocumentKind.MARKDOWN))


def test_a_link_in_lists_nested_fifty_levels_deep_is_found_where_it_is_written():
    text = "".join("  " * depth + "- item\n" for depth in range(50)) + "  " * 50 + "- [deep](https://deep.example/)\n"
    found = _piece(text)
    assert [(c.url, c.location.line, c.location.column) for c in found.citations] == [("https://deep.example/", 51, 110)]
    assert found.warnings == ()


def test_a_link_in_blockquotes_nested_a_hundred_levels_deep_is_found():
    found = _piece("> " * 100 + "[deep](https://deep.example/)\n")
    assert [(c.url, c.location.column) for c in found.citations] == [("https://deep.example/", 208)]


def test_nesting_deeper_than_the_parser_follows_is_reported_not_lost_in_silence():
    found = _piece("> " * 400 + "[deep](https://deep.example/)\n")
    assert found.citations == ()
    assert len(found.warnings) == 1 and "not read" in found.warnings[0]


MDX = """\
import Card from "./card"

# Guide

See <Card href="https://card.example/x" title="A">the card</Card> for more.

<Cards>
  <Card href="https://card.example/y" title="Y" />
  <Card href="https://card.example/z">Zed</Card>
</Cards>
"""


def test_jsx_components_with_an_href_are_links_in_mdx():
    found = _piece(MDX, "guide.mdx")
    assert [(c.url, c.anchor, c.location.line, c.location.column) for c in found.citations] == [
        ("https://card.example/x", "the card", 5, 17),
        ("https://card.example/y", "", 8, 15),
        ("https://card.example/z", "Zed", 9, 15),
    ]
    assert found.citations[0].claim == "See the card for more."


def test_capitalised_tags_are_not_components_outside_mdx():
    assert _piece(MDX, "guide.md").citations == ()


# A paragraph longer than a slice is parsed a slice of lines at a time; a reader sees no seam.
SLICED_PARAGRAPH = "".join(
    [
        "Finding one was [reported\nacross lines](https://a.example/1) and *stressed\nover two* lines.\n",
        "See [the ref][r] and https://b.example/bare and <https://c.example/auto>.\n",
        "Code `https://d.example/code\nspan` is not a citation, nor ![img](https://e.example/i.png).\n",
        "An [open bracket\n" * 3,
        "closed](https://f.example/2) at last, and a hard break  \nthen \\*an escape\\*.\n",
        "<a href='https://g.example/3'>tag\nacross</a> lines, ~~struck\nout~~ too.\n",
        "Plain prose: a [label over\ntwo lines](https://i.example/4) and [r] again\n",
        "and (https://j.example/x) in brackets [not a link\nat all] done.\n",
    ]
    * 40
) + "\n[r]: https://h.example/ref\n"


_SLICED_DOCUMENT = Document(source="long.md", text=SLICED_PARAGRAPH, kind=DocumentKind.MARKDOWN)


@functools.cache
def _read_in_one_parse():
    # What every slice width is compared with, read once: extraction keeps nothing between pieces.
    return extract_markdown(_SLICED_DOCUMENT)


@pytest.mark.parametrize("slice_chars", [1, 100, 5000])
def test_a_long_paragraph_read_in_slices_gives_what_one_parse_gives(monkeypatch: pytest.MonkeyPatch, slice_chars: int) -> None:
    document = _SLICED_DOCUMENT
    whole = _read_in_one_parse()
    monkeypatch.setattr(markdown_parser, "_INLINE_SLICE", slice_chars)
    sliced = extract_markdown(document)
    assert len(whole.citations) == 40 * 9
    assert (sliced.citations, sliced.non_citations, sliced.warnings) == (whole.citations, whole.non_citations, whole.warnings)


@pytest.mark.parametrize("slice_chars", [None, 1])
def test_a_paragraph_of_many_links_keeps_every_link_in_place(monkeypatch: pytest.MonkeyPatch, slice_chars: int | None) -> None:
    if slice_chars is not None:
        monkeypatch.setattr(markdown_parser, "_INLINE_SLICE", slice_chars)
    lines = [f"Finding {n} was reported [here](https://site{n}.example/story).\n" for n in range(3000)]
    document = Document(source="many.md", text="".join(lines), kind=DocumentKind.MARKDOWN)
    extraction = extract_markdown(document)
    assert [(c.url, c.location.line, c.location.column, c.claim) for c in extraction.citations] == [
        (f"https://site{n}.example/story", n + 1, len(f"Finding {n} was reported [here](") + 1, f"Finding {n} was reported here.")
        for n in range(3000)
    ]


# --- one bad host spoils one link, never the piece ------------------------------------------


def test_a_host_written_with_unicode_digits_is_one_invalid_link_not_an_unreadable_piece() -> None:
    # U+2170 (SMALL ROMAN NUMERAL ONE) is a digit to Unicode; IDNA refuses it in a host name.
    found = _piece("See [a](https://\u2170.example/x) and [b](https://ok.example/).\n")
    assert [c.url for c in found.citations] == ["https://xn--64g.example/x", "https://ok.example/"]
    problem = url_problem(found.citations[0].url)
    assert problem is not None and "Unicode digits" in problem and "\u2170" in problem
    assert url_problem(found.citations[1].url) is None


_HOSTS = st.text(st.characters(codec="utf-8", exclude_characters="/?#@[]\\<>()\" \t\r\n`"), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HOSTS, st.sampled_from(["[a](https://{}/x)", "<https://{}/x>", "https://{}/x", '<a href="https://{}/x">a</a>', "[a][r]\n\n[r]: https://{}/x"]))
def test_no_single_link_host_makes_a_piece_unreadable(host: str, form: str) -> None:
    text = "A claim " + form.format(host) + "\n\nAnd [a good one](https://ok.example/).\n"
    found = _piece(text)
    assert "https://ok.example/" in [c.url for c in found.citations]
    for citation in found.citations:
        url_problem(citation.url)  # says why a URL is bad, never raises


# --- markdown-it's inline rules, dispatched by character: the same tokens ------------------

# Runs of pieces between bits of any text: a run is one hypothesis choice (token_strings), not one a piece.
_MARKUP_PIECES = [
    "<", "<<", "[", "]", "(", ")", "![", "](", "]:", "[^1]", "^[", "\\", "\\u003c", "`", "*", "_", "~~",
    "&amp;", "&", "<a href='https://a.example/'>", "</a>", "<https://b.example/x>", "https://c.example/y",
    "http", "://", ":", "\n", "\n\n", "  \n", " ", "x", "é", "> ", "- ", "#", "!", "[r]", "[r]: https://r.example/\n",
    "![i](https://i.example/i.png)", "[t](https://t.example/)", "`code`", "*em*", "[^1]: note\n", "\\uhttp://h.example/ ", "\\q  \n", "\\ ", "\\]", "\\:",
]
_MARKUP_HEAVY = st.lists(st.one_of(joined(_MARKUP_PIECES, min_size=1, max_size=5), st.text(max_size=5)), max_size=8).map("".join)


# markdown-it's own rule loop, built once and reused as the dispatched parser is (both keep no
# state between parses).
_UNDISPATCHED = markdown_parser.build_parser(dispatch=False)


def _token_dump(tokens) -> list[tuple]:
    # A text token's markup and info may remember the escape it was joined from; nothing reads them.
    return [
        (token.type, token.tag, token.nesting, token.attrs, token.map, token.level, token.content, token.meta,
         None if token.type == "text" else (token.markup, token.info), _token_dump(token.children or []))
        for token in tokens
    ]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKUP_HEAVY)
def test_rules_dispatched_by_character_give_markdown_its_own_tokens(text: str) -> None:
    plain, dispatched = _UNDISPATCHED, markdown_parser.markdown_parser()
    assert _token_dump(dispatched.parse(text, {"references": {}})) == _token_dump(plain.parse(text, {"references": {}}))


_PROSE_AND_URLS = joined(
    ["http", "https", "HTTPS", "://", ":", "/", "a", "e.example", " ", ".", ",", "(", ")", "]", "-", "+",
     "www.", "?q=1", "#f", "'", '"', "é", "’", "%20", "xhttps", "ftp"],
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_PROSE_AND_URLS)
def test_prose_with_bare_urls_is_tokenised_as_markdown_it_would(text: str) -> None:
    # Such text (no markup, no line break) is tokenised without markdown-it's rule loop.
    plain, dispatched = _UNDISPATCHED, markdown_parser.markdown_parser()
    assert _token_dump(dispatched.parse(text, {"references": {}})) == _token_dump(plain.parse(text, {"references": {}}))



@settings(max_examples=200, deadline=None)
@given(st.lists(_PROSE_AND_URLS, min_size=2, max_size=6))
def test_a_long_paragraph_of_prose_and_bare_urls_read_in_slices_gives_what_one_parse_gives(lines: list[str]) -> None:
    # Slices of prose and bare URLs alone reach the walker as records, not as markdown-it's tokens.
    document = Document(source="prose.md", text="Claim " + "\n".join(lines) + "\n", kind=DocumentKind.MARKDOWN)
    whole = extract_markdown(document)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown_parser, "_INLINE_SLICE", 1)
        sliced = extract_markdown(document)
    assert (sliced.citations, sliced.non_citations, sliced.warnings) == (whole.citations, whole.non_citations, whole.warnings)

def test_a_long_piece_nested_deeper_than_its_work_allows_is_read_shallower_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every lazy line of a quote 199 deep is re-read at every level: 4,000 of them would cost
    # markdown-it 800,000 passes. The piece is read to a shallower depth instead, with a warning.
    lines = [">" * (depth % 200) + f" [x](https://q.example/{depth})\n" for depth in range(4000)]
    read_to = markdown_parser.nesting_allowed("".join(lines))
    assert read_to < markdown_parser.MAX_NESTING
    # Read under a tenth of the budget, a tenth of the piece is as far past it and is read as deep.
    monkeypatch.setattr(markdown_parser, "_NESTING_BUDGET", markdown_parser._NESTING_BUDGET // 10)
    lines = lines[:400]
    assert markdown_parser.nesting_allowed("".join(lines)) == read_to
    found = _piece("".join(lines))
    assert [c.url for c in found.citations[:10]] == [f"https://q.example/{depth}" for depth in range(10)]
    assert len(found.warnings) == 1 and "levels deep" in found.warnings[0] and "not read" in found.warnings[0]
    # A short piece as deep is read whole, and one as long but shallow loses nothing.
    assert _piece("".join(lines[:100])).warnings == ()
    shallow = _piece("".join(">" * (depth % 5) + f" [x](https://s.example/{depth})\n" for depth in range(400)))
    assert len(shallow.citations) == 400 and shallow.warnings == ()


def test_a_link_of_an_html_block_keeps_every_field_but_its_place_heading_and_skip_mark():
    import dataclasses
    import datetime as dt

    from linkaudit.extract.markdown import _moved
    from linkaudit.models import Citation, Location, NonCitation

    in_block = Citation(
        url="https://a.example/x", written="/x", anchor="a", claim="A claim.", claim_id="abc", location=Location("", 1, 4),
        heading="In the block", internal=True, version_url="https://web.archive.org/x", version_date=dt.date(2020, 1, 2), ignored=False,
    )
    placed = Location("piece.md", 12, 7)
    moved = _moved(in_block, placed, frozenset({11}), [(3, "Sources")])
    assert moved == dataclasses.replace(in_block, location=placed, heading="Sources", ignored=True)
    assert [field.name for field in dataclasses.fields(Citation) if field.init] == [
        "url", "written", "anchor", "claim", "claim_id", "location", "heading", "internal", "version_url", "version_date", "ignored",
    ], "a new field must be carried over by _moved"
    skipped = NonCitation("mailto:a@b.example", "e-mail address", Location("", 1, 1))
    assert _moved(skipped, placed, frozenset(), []) == dataclasses.replace(skipped, location=placed)


def test_the_links_of_an_html_block_at_the_top_of_a_piece_are_kept_as_the_html_reader_made_them():
    # The block's links are read with the piece's name: at line 1, column 1 their places are the
    # piece's, and with nothing else to change (heading, skip mark) they are not made again.
    text = "<p>See <a href='https://a.example/x'>a</a> and <a href='mailto:b@c.example'>b</a>.</p>\n\n# Later\n"
    found = _piece(text, "top.md")
    assert [(c.url, c.location, c.heading) for c in found.citations] == [("https://a.example/x", Location("top.md", 1, text.index("https") + 1), None)]
    assert [(n.written, n.location) for n in found.non_citations] == [("mailto:b@c.example", Location("top.md", 1, text.index("mailto") + 1))]
    from linkaudit.extract.markdown import _moved

    citation, non_citation = found.citations[0], found.non_citations[0]
    assert _moved(citation, citation.location, frozenset(), []) is citation
    assert _moved(non_citation, non_citation.location, frozenset(), []) is non_citation
    assert _moved(citation, citation.location, frozenset({1}), []).ignored  # a skip mark still applies
