"""Markup a reader never sees in Markdown: template tags (Liquid, Jinja, Quarto and Hugo shortcodes)
and Pandoc attribute blocks. They are in no anchor or claim, and every place stays the file's."""

from __future__ import annotations

import re
import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkaudit.extract.markdown import extract_markdown
from linkaudit.models import Document, DocumentKind


def md(text: str, path: str = "piece.md"):
    source = textwrap.dedent(text).lstrip("\n")
    return extract_markdown(Document(path, source, DocumentKind.MARKDOWN, path=path))


def places(extraction) -> list[tuple[str, int, int]]:
    return [(c.url, c.location.line, c.location.column) for c in extraction.citations]


# -- template tags in claims and anchors --


def test_a_liquid_tag_in_running_text_is_not_part_of_the_claim():
    # jekyll/jekyll: docs/_docs/installation.md, "* [Ruby](...) version **{{ site.data.ruby.min_version }}**
    # or higher": the reader sees a version number, never the tag.
    extraction = md(
        """
        * [Ruby](https://www.ruby-lang.org/en/downloads/) version **{{ site.data.ruby.min_version }}** or higher.
        """
    )
    [citation] = extraction.citations
    assert citation.claim == "Ruby version or higher."
    assert (citation.location.line, citation.location.column) == (1, 10)


def test_a_link_whose_destination_is_a_liquid_tag_with_blanks_is_a_link_to_a_template_tag():
    # jekyll/jekyll: docs/_docs/history.md ("([#5281]({{ site.repository }}/issues/5281))") and
    # docs/_tutorials/orderofinterpretation.md ("[front matter]({% link _docs/front-matter.md %})"):
    # Liquid fills the address in before the link is read, so the reader sees a link.
    extraction = md(
        """
        Links always point to https://jekyllrb.com ([#5281]({{ site.repository }}/issues/5281))

        Jekyll reads pages that contain [front matter]({% link _docs/front-matter.md %}).
        """
    )
    [citation] = extraction.citations
    assert citation.claim == "Links always point to https://jekyllrb.com (#5281)"
    assert [(n.written, n.reason, n.location.line, n.location.column) for n in extraction.non_citations] == [
        ("{{ site.repository }}/issues/5281", "template tag", 1, 53),
        ("{% link _docs/front-matter.md %}", "template tag", 3, 48),
    ]


def test_a_reference_defined_by_a_liquid_tag_is_a_link_of_the_sentence_that_uses_it():
    # jekyll/jekyll: docs/_posts/2016-02-08-jekyll-3-0-3-released.markdown defines
    # "[2]: {{ site.repository }}/issues" beside "[3]: https://talk.jekyllrb.com/".
    extraction = md(
        """
        File [a bug][2] or use [our forum][3] for questions.

        [2]: {{ site.repository }}/issues
        [3]: https://talk.jekyllrb.com/
        """
    )
    [citation] = extraction.citations
    assert (citation.anchor, citation.claim) == ("our forum", "File a bug or use our forum for questions.")
    assert (citation.location.line, citation.location.column) == (4, 6)
    assert [(n.written, n.reason, n.location.line) for n in extraction.non_citations] == [
        ("{{ site.repository }}/issues", "template tag", 3)
    ]


def test_liquid_raw_shows_what_it_encloses_and_drops_its_own_tags():
    # jekyll/jekyll: docs/_posts/2019-03-18-jekyll-4-0-0-pre-alpha1-released.markdown writes
    # "[`{% raw %}{% highlight %}{% endraw %}` now behaves like `{% raw %}{% raw %}{% endraw %}`](...)"
    # and docs/_docs/includes.md "The {% raw %}`{{ include.content }}`{% endraw %} is a parameter".
    extraction = md(
        """
        3. [`{% raw %}{% highlight %}{% endraw %}` now behaves like `{% raw %}{% raw %}{% endraw %}`](https://github.com/jekyll/jekyll/pull/6821), so no.

        The {% raw %}`{{ include.content }}` or {{ x }}{% endraw %} is a [parameter](https://jekyllrb.com/docs/includes/).
        """
    )
    first, second = extraction.citations
    assert first.anchor == "{% highlight %} now behaves like {% raw %}"
    assert first.claim == "{% highlight %} now behaves like {% raw %}, so no."
    assert second.claim == "The {{ include.content }} or {{ x }} is a parameter."
    assert places(extraction) == [
        ("https://github.com/jekyll/jekyll/pull/6821", 1, 95),
        ("https://jekyllrb.com/docs/includes/", 3, 78),
    ]


def test_a_quarto_shortcode_in_text_goes_and_an_escaped_one_shows_as_written():
    # quarto-dev/quarto-web: docs/faq/rmarkdown.qmd ("RStudio {{< var rstudio.min_version >}} or
    # a later version") and docs/output-formats/hugo.qmd ("(e.g. {{{< var foo >}}})"), which
    # Quarto shows as "{{< var foo >}}".
    extraction = md(
        """
        Use RStudio {{< var rstudio.min_version >}} or a later [version](https://posit.co/download/).

        Hugo [shortcodes](https://gohugo.io/content-management/shortcodes/) look alike (e.g. {{{< var foo >}}}).
        """,
        "piece.qmd",
    )
    assert [c.claim for c in extraction.citations] == [
        "Use RStudio or a later version.",
        "Hugo shortcodes look alike (e.g. {{< var foo >}}).",
    ]
    assert places(extraction) == [
        ("https://posit.co/download/", 1, 66),
        ("https://gohugo.io/content-management/shortcodes/", 3, 19),
    ]


def test_braces_in_code_stay_as_written():
    # mdx-js/mdx: packages/remark-mdx/readme.md ("expression `{{1 + 1}}`"), tldr-pages/tldr:
    # contributing-guides/git-terminal.md ("`{{commit_message}}`") and vuejs/docs:
    # src/api/built-in-directives.md ("`{{dynamicPortion}}`"): code is shown as written there.
    extraction = md("MDX adds [expressions](https://mdxjs.com/) `{{1 + 1}}`.\n")
    assert extraction.citations[0].claim == "MDX adds expressions {{1 + 1}}."


# -- attribute blocks --


def test_an_attribute_block_after_a_link_is_not_part_of_the_claim():
    # quarto-dev/quarto-web: docs/get-started/hello/rstudio.qmd ("[Download hello.qmd](_hello.qmd){download="hello.qmd"}")
    # and docs/blog/_archive/posts/2024-01-24-1.4-release/index.qmd ("[Typst](https://typst.app){.external}").
    extraction = md(
        """
        Get [slides](deck.pdf){download="deck.pdf"} and read [Typst](https://typst.app/){.external target="_blank"} now.
        """,
        "piece.qmd",
    )
    assert [c.claim for c in extraction.citations] == ["Get slides and read Typst now."] * 2
    assert [(c.url, c.location.column) for c in extraction.citations] == [("deck.pdf", 14), ("https://typst.app/", 62)]


def test_an_attribute_block_after_an_image_inside_a_link_is_no_anchor_and_hides_no_citation():
    # quarto-dev/quarto-web: docs/manuscripts/index.qmd ("[![](rstudio.png){width="77" fig-alt="RStudio logo."}RStudio](...)")
    # and docs/tools/_rstudio.md, whose fig-alt text quotes "http://localhost:4064": alt text, no link.
    extraction = md(
        """
        [![](rstudio.png){width="77" fig-alt="RStudio logo."}RStudio](https://posit.co/)

        ![](preview.png){.border fig-alt="It says 'Browse at http://localhost:4064'."}
        """,
        "piece.qmd",
    )
    assert [(c.url, c.anchor, c.claim) for c in extraction.citations] == [("https://posit.co/", "RStudio", "RStudio")]
    assert [(n.written, n.reason) for n in extraction.non_citations] == [
        ("rstudio.png", "embedded image"),
        ("preview.png", "embedded image"),
    ]


def test_braces_that_are_no_attribute_block_stay_text():
    extraction = md("A [set](https://example.org/sets){1, 2} and {this}.\n")
    assert extraction.citations[0].claim == "A set{1, 2} and {this}."


# -- shortcodes that embed --


def test_the_address_a_video_shortcode_embeds_is_no_citation():
    # quarto-dev/quarto-web: docs/get-started/hello/neovim.qmd ("{{< video https://youtu.be/3sj7clNowlA >}}"),
    # docs/get-started/hello/rstudio.qmd (the address quoted) and
    # docs/blog/_archive/posts/2023-12-07-quarto-dashboards-demo/index.qmd (in curly quotes).
    # As an HTML page's <video> or <iframe>, it shows the video: it is listed, as an embedded image is.
    extraction = md(
        """
        {{< video https://youtu.be/3sj7clNowlA >}}

        {{< video "https://www.youtube.com/embed/_f3latmOhew" >}}

        - {{< video “https://www.youtube.com/watch?v=_VGJIPRGTy4&ab_channel=PositPBC” >}}

        {{< video https://www.youtube.com/embed/wo9vZccmqwc
            title="CERN" >}} and [CERN](https://home.cern/).
        """,
        "piece.qmd",
    )
    assert [(c.url, c.claim, c.location.line, c.location.column) for c in extraction.citations] == [
        ("https://home.cern/", "and CERN.", 8, 33)
    ]
    assert [(n.written, n.reason, n.location.line, n.location.column) for n in extraction.non_citations] == [
        ("https://youtu.be/3sj7clNowlA", "embedded by a shortcode", 1, 11),
        ("https://www.youtube.com/embed/_f3latmOhew", "embedded by a shortcode", 3, 12),
        ("https://www.youtube.com/watch?v=_VGJIPRGTy4&ab_channel=PositPBC", "embedded by a shortcode", 5, 14),
        ("https://www.youtube.com/embed/wo9vZccmqwc", "embedded by a shortcode", 7, 11),
    ]


def test_a_web_address_built_from_a_shortcode_is_no_citation():
    # quarto-dev/quarto-web: docs/presentations/revealjs/demo/index.qmd writes
    # "[Themes](https://{{< meta prerelease-subdomain >}}quarto.org/docs/presentations/revealjs/themes.html)".
    extraction = md(
        """
        Learn more: [Themes](https://{{< meta prerelease-subdomain >}}quarto.org/docs/themes.html?q=%22a%22#top)
        """,
        "piece.qmd",
    )
    assert extraction.citations == ()
    assert extraction.warnings == ()
    assert [(n.written, n.reason, n.location.column) for n in extraction.non_citations] == [
        ("https://{{< meta prerelease-subdomain >}}quarto.org/docs/themes.html?q=%22a%22#top", "template tag", 22)
    ]


# -- places never move --

_TAGS = st.sampled_from(
    ["{{ site.title }}", "{% include badge.html version=\"3.2\" %}", "{{< meta tool.name >}}", "{% raw %}", "{% endraw %}", "{{<\nkbd x >}}"]
)
_WORDS = st.sampled_from(["Read", "the", "docs.", "See", "[a](https://a.example/x)", "<https://b.example/>", "https://c.example/y", "`code`", "*so*", "\n", "\n\n"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_WORDS, _TAGS), max_size=30))
def test_template_tags_never_move_or_change_a_citation(pieces: list[str]):
    """A piece with its template tags, and the same piece with each tag written as as many "x"
    (newlines kept): the same citations, at the same places."""
    text = " ".join(pieces)
    masked = re.sub(r"\{\{<.*?>\}\}|\{\{.*?\}\}|\{%.*?%\}", lambda tag: re.sub(r"[^\n]", "x", tag.group()), text, flags=re.DOTALL)
    with_tags = md(text)
    plain = md(masked)
    assert [(c.url, c.written, c.location) for c in with_tags.citations] == [(c.url, c.written, c.location) for c in plain.citations]
    if "{% raw %}" not in text:  # what raw encloses is shown as written
        assert all("{{" not in c.claim and "{%" not in c.claim for c in with_tags.citations)
