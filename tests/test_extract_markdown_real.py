"""Markdown as real documentation repositories write it: what a reader of the rendered page can
follow is a citation, and nothing else is."""

from __future__ import annotations

import textwrap

from linkaudit.extract.markdown import extract_markdown
from linkaudit.models import Document, DocumentKind


def md(text: str):
    source = textwrap.dedent(text).lstrip("\n")
    return extract_markdown(Document("piece.md", source, DocumentKind.MARKDOWN))


def test_a_link_whose_target_is_an_unrendered_template_tag_is_no_citation():
    # jekyll/jekyll: docs/_docs/assets.md, docs/_docs/troubleshooting.md,
    # docs/_tutorials/using-jekyll-with-bundler.md and docs/pages/jekyllconf.md: the address
    # exists only once Liquid has run, so there is nothing to check in the piece as written.
    extraction = md(
        """
        See <a href="{{ '/docs/templates/' | relative_url }}">templates</a> and <a
        href="{{ site.repository }}/issues/new">the tracker</a>, then [the docs]({%link_docs/x.md%}).
        Talk: [*{{ talk.speaker }}*](https://twitter.com/{{ talk.twitter_handle }}).
        Also [the real one](https://jekyllrb.com/docs/).
        """
    )
    assert [citation.url for citation in extraction.citations] == ["https://jekyllrb.com/docs/"]
    assert [(item.written, item.reason) for item in extraction.non_citations] == [
        ("{{ '/docs/templates/' | relative_url }}", "template tag"),
        ("{{ site.repository }}/issues/new", "template tag"),
        ("{%link_docs/x.md%}", "template tag"),
        # The tag's blanks do not end the destination: Liquid fills it in before the link is read.
        ("https://twitter.com/{{ talk.twitter_handle }}", "template tag"),
    ]


def test_an_html_block_link_to_a_template_tag_is_no_citation():
    # jekyll/jekyll: docs/_docs/troubleshooting.md writes such links inside HTML blocks.
    extraction = md(
        """
        <div class="note">
          <a href="https://github.com/{{ site.repository }}/issues/new">create an issue</a>
          or <a href="https://jekyllrb.com/news/">read the news</a>.
        </div>
        """
    )
    assert [citation.url for citation in extraction.citations] == ["https://jekyllrb.com/news/"]
    assert [(item.written, item.reason) for item in extraction.non_citations] == [
        ("https://github.com/{{ site.repository }}/issues/new", "template tag")
    ]


def test_a_reference_style_image_is_placed_at_its_definition_without_a_warning():
    # mdx-js/mdx: docs/packages/esbuild.md and every package readme open with badges written
    # [![Build][build-badge]][build], both URLs defined at the foot of the file.
    source = textwrap.dedent(
        """
        [![Build][build-badge]][build]
        ![Logo][logo]

        [build]: https://github.com/mdx-js/mdx/actions

        [build-badge]: https://github.com/mdx-js/mdx/workflows/main/badge.svg

        [logo]: https://mdxjs.com/logo.svg
        """
    ).lstrip("\n")
    extraction = md(source)
    assert extraction.warnings == ()
    assert [(c.url, c.location.line, c.location.column) for c in extraction.citations] == [
        ("https://github.com/mdx-js/mdx/actions", 4, 10)
    ]
    assert [(n.written, n.reason, n.location.line, n.location.column) for n in extraction.non_citations] == [
        ("https://github.com/mdx-js/mdx/workflows/main/badge.svg", "embedded image", 6, 16),
        ("https://mdxjs.com/logo.svg", "embedded image", 8, 9),
    ]


def test_a_link_in_an_inline_footnote_is_placed_where_the_note_is_written():
    # quarto-dev/quarto-web: docs/get-started/hello/neovim.qmd writes "(PDE)^[In [this
    # video](https://www.youtube.com/watch?v=QMVIJhC9Veg)]" in its second paragraph; the note is
    # rendered at the foot, but its link is written, and must be fixed, in that paragraph.
    extraction = md(
        """
        # Overview

        The term PDE^[In [this video](https://www.youtube.com/watch?v=QMVIJhC9Veg)] was coined.

        ## Later

        Last paragraph.
        """
    )
    assert extraction.warnings == ()
    [citation] = extraction.citations
    assert (citation.location.line, citation.location.column) == (3, 31)
    assert (citation.anchor, citation.claim, citation.heading) == ("this video", "In this video", "Overview")


def test_a_headings_attribute_block_is_not_part_of_its_text():
    # vuejs/docs: src/guide/best-practices/accessibility.md ("## Testing {#testing}") and
    # quarto-dev/quarto-web: docs/extensions/ ("### Shortcodes and Filters {.unlisted}"): the
    # site shows the heading without its attributes.
    extraction = md(
        """
        # Accessibility {#accessibility}

        ## Testing {#testing .tab key="value"}

        Try [HeadingMap](https://example.org/headingsmap).

        ## Set {1, 2}

        And [sets](https://example.org/sets).
        """
    )
    assert extraction.title == "Accessibility"
    assert [citation.heading for citation in extraction.citations] == ["Testing", "Set {1, 2}"]


def test_the_fences_of_a_colon_container_are_not_part_of_a_claim():
    # vuejs/docs: src/guide/essentials/forms.md ("::: tip Note" ... ":::") and
    # quarto-dev/quarto-web: docs/authoring/markdown-basics.qmd (nested "::::" / ":::" divs):
    # the fence and its name are rendered as a box around the text, not as words of it.
    extraction = md(
        """
        ::: tip Note
        For languages that require an IME, see [the guide](https://vuejs.org/guide/).
        :::

        :::: {.columns}
        ::: {.column width="50%"}
        Also https://quarto.org here.
        :::
        ::::
        """
    )
    assert [(c.url, c.claim, c.location.line) for c in extraction.citations] == [
        ("https://vuejs.org/guide/", "For languages that require an IME, see the guide.", 2),
        ("https://quarto.org", "Also https://quarto.org here.", 7),
    ]


def test_a_link_whose_url_was_left_out_is_listed_as_an_empty_link():
    # quarto-dev/quarto-web: docs/interactive/ojs/_reactivity.qmd writes "see the [Observable
    # documentation]() for details": the page shows a link that leads nowhere.
    extraction = md(
        """
        See the [Observable documentation]() for details, or [the <> form](<>).
        Then [a real one](https://observablehq.com/documentation).
        """
    )
    assert [c.url for c in extraction.citations] == ["https://observablehq.com/documentation"]
    assert [(n.written, n.reason, n.location.line, n.location.column) for n in extraction.non_citations] == [
        ("", "empty link", 1, 36),
        ("", "empty link", 1, 68),
    ]
    assert extraction.warnings == ()
