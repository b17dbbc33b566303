"""Body links: an article the page marks as such (an <article>, itemprop=articleBody, a CMS's body
class) that holds most of the page's prose is the article even when a furniture container encloses
it, as a sidebar left unclosed does; that container's role covers only what lies outside the
article. And an article whose text cites nothing may give its source in a line of its own right
after its text ("Quelle: <a>…</a>"): its link to another site is the piece's source.

The snippets keep the structure of two pages in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/eval, commit e90b0ef5), shortened and with their
names replaced: a marketing news site whose sidebar menus are never closed, so that the parser
nests the article (with two lexicon links and an embedded tweet) in the sidebar's menu widgets;
a news site built with a page builder whose post-content widget is followed by a heading widget
"Quelle: <headline of the source>" linked whole to the source.
"""

from __future__ import annotations

from body_snippets import PROSE, cited, extract_at, reasons

NEWS = "https://www.marketing.linkwatch.example/social-media/new-video-feature"
LEXICON_APP = "https://www.marketing.linkwatch.example/lexikon/definition-app"
TWEET = "https://twitter.com/researcher/status/1720405730430226929"


def _sidebar_left_open(article: str) -> str:
    """A page whose sidebar menus lack their end tags: what follows them, the article, is parsed
    inside the sidebar."""
    menu = "".join(f"<li><a href='/{topic}'>{topic.title()}</a></li>" for topic in ("seo", "branding", "cases", "newsletter"))
    return (
        "<html><body><header><a href='/'>Home</a></header><div class='site-main'>"
        "<aside class='sidebar'><div class='sidebar-sticky'>"
        f"<div id='nav_menu-6' class='widget widget_nav_menu'><ul class='menu'>{menu}</ul>"
        f"<div id='nav_menu-7' class='widget widget_nav_menu'><ul class='menu'>{menu}</ul>"
        f"<div class='main-content'>{article}</div>"
        "</body></html>"
    )


def _article(text: str) -> str:
    return f"<article class='article-detailed'><h1>New video feature</h1><div class='article-content'>{text}</div></article>"


def _tweet() -> str:
    return (
        "<blockquote class='twitter-tweet'><p lang='en'>Users can record a 30sec video and share it to stories.</p>"
        f"&mdash; A researcher <a href='{TWEET}'>November 3, 2023</a></blockquote>"
    )


def test_an_article_an_unclosed_sidebar_encloses_is_still_the_article() -> None:
    text = f"<p>The <a href='/lexikon/definition-app'>app</a> researcher found the new feature in a beta. {PROSE}</p><p>{PROSE}</p>{_tweet()}<p>{PROSE}</p>"
    extraction = extract_at(NEWS, _sidebar_left_open(_article(text)))
    assert cited(extraction) == [LEXICON_APP, TWEET]


def test_a_bare_article_element_an_unclosed_sidebar_encloses_is_still_the_article() -> None:
    text = f"<p>The <a href='/lexikon/definition-app'>app</a> researcher found the new feature in a beta. {PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>"
    extraction = extract_at(NEWS, _sidebar_left_open(f"<article><h1>New video feature</h1>{text}</article>"))
    assert cited(extraction) == [LEXICON_APP]


def test_the_enclosing_sidebar_keeps_its_role_outside_the_article() -> None:
    text = f"<p>{PROSE}</p><p>{PROSE}</p><p>The <a href='/lexikon/definition-app'>app</a> researcher found it. {PROSE}</p>"
    extraction = extract_at(NEWS, _sidebar_left_open(_article(text)))
    assert "/seo" not in cited(extraction) and "https://www.marketing.linkwatch.example/seo" not in cited(extraction)


def test_a_teaser_article_in_a_sidebar_beside_the_article_stays_furniture() -> None:
    # An <article> in a sidebar holding a teaser's lead, not the page's prose, is the sidebar's.
    teaser = "https://www.marketing.linkwatch.example/social-media/older-story"
    page = (
        "<html><body><div class='main-content'>"
        f"{_article(f'<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>')}</div>"
        f"<aside class='sidebar'><article class='teaser'><p>{PROSE[:60]} <a href='{teaser}'>Read the older story</a></p></article></aside>"
        "</body></html>"
    )
    extraction = extract_at(NEWS, page)
    assert teaser not in cited(extraction)


POST = "https://www.news.linkwatch.example/2023/11/06/digital-id"
SOURCE_STORY = "https://watchdog.example/un-program-pushes-digital-public-infrastructure"


def _built_post(text: str, line: str) -> str:
    """A page builder's post: the post-content widget, then a heading widget, then teaser cards."""
    teasers = "".join(
        f"<article class='elementor-post'><h3 class='elementor-post__title'><a href='/2023/10/{slug}/'>{slug.title()}</a></h3></article>"
        for slug in ("ads", "biometrics")
    )
    return (
        "<html><body><nav><a href='/'>Home</a></nav><div class='elementor elementor-location-single post type-post'>"
        "<section class='elementor-section'><div class='elementor-container'><div class='elementor-column'><div class='elementor-widget-wrap'>"
        f"<div class='elementor-element elementor-widget elementor-widget-theme-post-content'><div class='elementor-widget-container'>{text}</div></div>"
        f"<div class='elementor-element quelle elementor-widget elementor-widget-heading'><div class='elementor-widget-container'>{line}</div></div>"
        f"<div class='elementor-element elementor-widget elementor-widget-posts'><div class='elementor-posts-container'>{teasers}</div></div>"
        "</div></div></div></section></div></body></html>"
    )


def _source_heading(label: str, address: str = SOURCE_STORY) -> str:
    return f"<h3 class='elementor-heading-title'><a href='{address}'>{label}  UN Program Pushes Digital Public Infrastructure</a></h3>"


def test_a_source_line_right_after_an_article_citing_nothing_gives_its_source() -> None:
    extraction = extract_at(POST, _built_post(f"<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>", _source_heading("Quelle:")))
    assert cited(extraction) == [SOURCE_STORY]
    # The teaser cards after it stay outside the article.
    assert "/2023/10/ads/" not in reasons(extraction)


def test_a_source_line_in_another_language_is_read_alike() -> None:
    extraction = extract_at(POST, _built_post(f"<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>", _source_heading("Source:")))
    assert cited(extraction) == [SOURCE_STORY]


def test_a_headline_without_a_source_label_after_the_article_is_no_source() -> None:
    extraction = extract_at(POST, _built_post(f"<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>", _source_heading("Read next:")))
    assert cited(extraction) == []


def test_a_source_line_naming_the_site_itself_is_no_other_sites_source() -> None:
    own = "https://www.news.linkwatch.example/2023/10/earlier-report/"
    extraction = extract_at(POST, _built_post(f"<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>", _source_heading("Quelle:", own)))
    assert cited(extraction) == []


def test_a_source_line_after_a_block_of_other_text_is_not_right_after_the_article() -> None:
    between = "<p>Share this post with your friends and family today.</p>"
    post = _built_post(f"<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>", _source_heading("Quelle:"))
    post = post.replace("<div class='elementor-element quelle", f"<div class='elementor-element'>{between}</div><div class='elementor-element quelle")
    extraction = extract_at(POST, post)
    assert SOURCE_STORY not in cited(extraction)
