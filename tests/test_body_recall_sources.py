"""Body links: links of the piece that stand where furniture stands, or look like it, are still
its citations: a source line in the article's footer, a list of the site's articles that the
piece's own sentence introduces, the site's topic page under a further-information heading.

The snippets keep the structure of pages in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened and
with their names replaced: a news item's "Quelle:" line in its <footer>, a glossary entry's list of
leadership styles nested in a numbered item of its text, a press release's "Weiterführende
Informationen" box of links.
"""

from __future__ import annotations

from body_snippets import PROSE, cited, extract_at, page, reasons
from linkaudit.extract.container_roles import FOOTER, RELATED, TAG

NEWS = "https://news.linkwatch.example/2007-06/phone-soon-at-carrier/"
SOURCE = "https://tech.example.org/0706/52902.html"


def _with_footer(footer: str) -> str:
    return (
        "<html><body><nav><a href='/'>Home</a></nav><article class='article-view'>"
        f"<h1>Phone soon at carrier</h1><p>{PROSE}</p><p>{PROSE}</p><footer class='article-view__footer'>{footer}</footer>"
        "</article></body></html>"
    )


def test_a_source_line_in_the_articles_footer_is_cited() -> None:
    footer = f"<ul><li><a href='/tag/phones/'>Phones</a></li></ul><div><span>Quelle: <a href='{SOURCE}' class='external-link'>Tech</a></span><span><a href='/print'>Drucken</a></span></div>"
    extraction = extract_at(NEWS, _with_footer(footer))
    assert SOURCE in cited(extraction)
    assert reasons(extraction)["/print"] == FOOTER  # the rest of the footer stays furniture


def test_source_labels_in_other_languages_open_a_source_line() -> None:
    for label in ("Source:", "Fuente:", "Sources :", "Via:"):
        extraction = extract_at(NEWS, _with_footer(f"<p>{label} <a href='{SOURCE}'>Tech</a></p>"))
        assert SOURCE in cited(extraction), label


def test_a_footer_link_without_a_source_label_stays_furniture() -> None:
    extraction = extract_at(NEWS, _with_footer(f"<p>Our partner: <a href='{SOURCE}'>Tech</a></p>"))
    assert SOURCE not in cited(extraction)
    assert reasons(extraction)[SOURCE] == FOOTER


def test_a_source_label_before_the_sites_own_page_stays_furniture() -> None:
    # "Quelle: <a>Redaktion</a>" names the house, not where the facts come from.
    extraction = extract_at(NEWS, _with_footer("<p>Quelle: <a href='/redaktion/'>Redaktion</a></p>"))
    assert reasons(extraction)["/redaktion/"] == FOOTER


GLOSSARY = "https://terms.linkwatch.example/leadership-styles.html"
STYLES = ("/autocratic-leadership.html", "/participative-decision-making.html", "/laissez-faire-leadership-style.html")


def _styles_list() -> str:
    return "<ul>" + "".join(f"<li><strong><a href='{href}'>Style {n}</a></strong></li>" for n, href in enumerate(STYLES)) + "</ul>"


def test_a_list_of_the_sites_pages_introduced_by_the_pieces_sentence_is_cited() -> None:
    item = (
        "<ol><li><strong>Power orientation: </strong>The power orientation refers to the degree of authority"
        f" that a leader adopts. Based on this, the leadership styles can be further classified as:{_styles_list()}</li>"
        f"<li><strong>Continuum: </strong>{PROSE}</li></ol>"
    )
    extraction = extract_at(GLOSSARY, page(f"<p>{PROSE}</p>", item, f"<p>{PROSE}</p>"))
    assert all(f"https://terms.linkwatch.example{href}" in cited(extraction) for href in STYLES)


def test_a_list_of_the_sites_pages_under_a_short_label_stays_a_teaser_list() -> None:
    # The same list under a label of a few words, or standing alone after the text, is a box of
    # the site's other articles.
    labelled = f"<ul><li>More on this topic:{_styles_list()}</li></ul>"
    for block in (labelled, _styles_list()):
        extraction = extract_at(GLOSSARY, page(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", block))
        assert not any(href in cited(extraction) or f"https://terms.linkwatch.example{href}" in cited(extraction) for href in STYLES)
        assert reasons(extraction)[STYLES[0]] == RELATED


def test_a_list_a_sentence_introduces_without_a_colon_stays_a_teaser_list() -> None:
    item = f"<ul><li>{PROSE}{PROSE}{_styles_list()}</li></ul>"
    extraction = extract_at(GLOSSARY, page(f"<p>{PROSE}</p>", item))
    assert reasons(extraction)[STYLES[0]] == RELATED


RELEASE = "https://www.agency.linkwatch.example/presse/2020/river-project"
TOPIC = "/thema/federal-programme-blue-band"


def _links_box(heading: str) -> str:
    return (
        f"<section class='links'><h2>{heading}</h2><div class='field__items'>"
        "<div class='field__item'><a href='https://www.partner.example/river/index.html'>Project website</a></div>"
        f"<div class='field__item'><a href='{TOPIC}'>Federal programme Blue Band</a></div></div></section>"
    )


def test_the_sites_topic_page_under_a_further_information_heading_is_cited() -> None:
    for heading in ("Weiterführende Informationen", "Further reading:", "Pour en savoir plus"):
        extraction = extract_at(RELEASE, page(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", _links_box(heading)))
        assert "https://www.agency.linkwatch.example/thema/federal-programme-blue-band" in cited(extraction), heading


def test_the_sites_topic_page_under_another_heading_stays_a_topic_label() -> None:
    extraction = extract_at(RELEASE, page(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", _links_box("Themen")))
    assert reasons(extraction)[TOPIC] == TAG


NEWS_ITEM = "https://www.university.linkwatch.example/news/decree-published"
DECREE = "https://www.laws.example.gouv/text/JORFTEXT000039323049"
RELEASE_PDF = "/files/press-release-decree.pdf"


def _with_side_column(title: str, *, links: int = 0) -> str:
    buttons = (
        f"<div class='item'><a class='button' href='{RELEASE_PDF}'>Download the press release</a></div>"
        f"<div class='item'><a class='button' href='{DECREE}'>Read the decree</a></div>"
        "<div class='item'><a class='button' href='/university/members'>The members of the university</a></div>"
    ) + "".join(f"<div class='item'><a href='/university/page-{n}'>Page {n}</a></div>" for n in range(links))
    return (
        "<html><body><nav><a href='/'>Home</a></nav><div class='page_with_bar'>"
        f"<div class='left_part'><h1>Decree published</h1><div class='text'><p>{PROSE}</p><p>{PROSE}</p></div></div>"
        f"<div class='right_part'><a href='/news' class='back_link'>Back to all news</a><div class='title'>{title}</div>"
        f"<div class='items'>{buttons}</div></div></div></body></html>"
    )


def test_a_further_information_box_beside_the_article_gives_its_documents_and_sources() -> None:
    for title in ("En savoir plus", "Weitere Informationen", "Further reading"):
        extraction = extract_at(NEWS_ITEM, _with_side_column(title))
        assert f"https://www.university.linkwatch.example{RELEASE_PDF}" in cited(extraction), title
        assert DECREE in cited(extraction), title
        # The site's other pages in the box, and the column's way back, stay furniture.
        assert "https://www.university.linkwatch.example/university/members" not in cited(extraction)
        assert "/university/members" in reasons(extraction)
        assert "https://www.university.linkwatch.example/news" not in cited(extraction)


def test_a_box_beside_the_article_under_another_heading_stays_outside_it() -> None:
    extraction = extract_at(NEWS_ITEM, _with_side_column("Latest news"))
    assert DECREE not in cited(extraction)
    assert DECREE not in reasons(extraction)


def test_a_long_list_under_a_further_information_heading_is_a_sites_menu() -> None:
    extraction = extract_at(NEWS_ITEM, _with_side_column("More information", links=8))
    assert DECREE not in cited(extraction)


def test_a_further_information_box_in_a_sidebar_beside_an_article_citing_in_its_text_stays_outside_it() -> None:
    column = _with_side_column("Further reading").replace("<div class='right_part'>", "<div class='right_part'><aside>").replace(
        "</div></div></div></body>", "</div></aside></div></div></body>"
    )
    column = column.replace(f"<p>{PROSE}</p></div>", f"<p>{PROSE}</p><p>{SOURCE_SENTENCE}</p></div>")
    assert "<aside>" in column and "</aside>" in column and SOURCE_SENTENCE in column
    extraction = extract_at(NEWS_ITEM, column)
    assert cited(extraction) == ["https://agency.example/report"]
    assert DECREE not in reasons(extraction)


SOURCE_SENTENCE = "Officials <a href='https://agency.example/report'>reported</a> the figures."


RECIPE = "https://www.recipes.linkwatch.example/recipes/607331/tangerine-cake.html"
GUIDE = "/magazine/article/3722/the-tangerine-peel-and-flesh.html"


def _recipe(ingredients_block: str) -> str:
    steps = f"<article class='box recipe-preparation'><h2>Zubereitung</h2><p>{PROSE}</p><p>{PROSE}</p></article>"
    return (
        "<html><body><nav><a href='/'>Home</a></nav><main><div class='grid'>"
        f"{ingredients_block}{steps}<article class='box recipe-author'><a href='/user/profile/'>Cook</a></article>"
        "</div></main></body></html>"
    )


def test_a_recipes_ingredients_beside_its_preparation_are_the_piece() -> None:
    for opening in ("<article class='box recipe-ingredients'><h2>Ingredients</h2>", "<article class='box'><h2>Zutaten</h2>"):
        block = f"{opening}<table><tr><td>300 g</td><td><a href='{GUIDE}'>Tangerines</a></td></tr></table></article>"
        extraction = extract_at(RECIPE, _recipe(block))
        assert f"https://www.recipes.linkwatch.example{GUIDE}" in cited(extraction), opening
        assert "https://www.recipes.linkwatch.example/user/profile/" not in cited(extraction)


def test_a_block_beside_a_recipe_that_lists_no_ingredients_stays_outside_it() -> None:
    block = f"<article class='box'><h2>More recipes</h2><ul><li><a href='{GUIDE}'>Tangerines</a></li></ul></article>"
    extraction = extract_at(RECIPE, _recipe(block))
    assert f"https://www.recipes.linkwatch.example{GUIDE}" not in cited(extraction)
    # An aside named for ingredients (a shop's box) is furniture by its tag.
    aside = f"<aside class='ingredients-shop'><h2>Ingredients</h2><a href='{GUIDE}'>Buy tangerines</a></aside>"
    extraction = extract_at(RECIPE, _recipe(aside))
    assert f"https://www.recipes.linkwatch.example{GUIDE}" not in cited(extraction)


def test_a_box_beside_the_article_named_for_related_articles_stays_outside_it() -> None:
    # "Weiterführende Links" over the site's other articles, in a box whose class names them
    # related; and the Spanish press's "Más información" over its related news.
    named = _with_side_column("Weiterführende Links").replace("<div class='right_part'>", "<div class='right_part'><div class='box cssArticleRelated'>")
    named = named.replace("</div></div></div></body>", "</div></div></div></div></body>")
    for column in (named, _with_side_column("Más información")):
        extraction = extract_at(NEWS_ITEM, column)
        assert DECREE not in cited(extraction)
