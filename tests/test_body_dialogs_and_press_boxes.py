"""Body links: what a page opens over itself (a privacy notice, a sign-up box) is never the
article, however much text it holds; and the boxes a press release closes with.

Each snippet keeps the structure of a page in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened and
with its names replaced. Each rule has a counter-example: the shape that stays a citation.
"""

from __future__ import annotations

from body_snippets import PROSE, extract_at, cited

SITE = "https://www.linkwatch.example/lemon-tree-from-seed"
GUIDE = "https://plants.example/cotyledon"
SOIL = "https://shop.example/potting-soil"
NOTICE = "https://adnetwork.example/privacy-policy"


def _notice(opening: str, closing: str) -> str:
    # A privacy notice the page opens over itself: one long scrolled text, its paragraphs under one parent.
    paragraphs = "".join(f"<p>{PROSE}{PROSE}</p>" for _ in range(8))
    return f"{opening}<div class='notice__content'><div class='notice__scroll'>{paragraphs}<p>Learn more: <a href='{NOTICE}'>{NOTICE}</a></p></div></div>{closing}"


def _post(wrapper: str = "<main class='main'>", closing: str = "</main>") -> str:
    # The post's prose in several sections, each with a few paragraphs: less under any one parent than the notice.
    sections = "".join(
        f"<section><h2>Step {step}</h2><p>{PROSE}</p><p>Use a light <a href='{SOIL}'>potting soil</a> and keep it moist. {PROSE}</p></section>"
        for step in range(3)
    )
    return f"{wrapper}<article><h1>How to grow a lemon tree</h1><p>The seed first grows its <a href='{GUIDE}'>cotyledons</a>. {PROSE}</p>{sections}</article>{closing}"


def test_a_dialog_with_more_prose_than_any_block_of_the_post_is_not_the_article() -> None:
    for opening, closing in (
        ("<div class='dialog ' id='privacy'>", "</div>"),
        ("<div role='dialog'>", "</div>"),
        ("<div aria-modal='true'>", "</div>"),
        ("<dialog open>", "</dialog>"),
    ):
        html = f"<html><body>{_post()}{_notice(opening, closing)}</body></html>"
        extraction = extract_at(SITE, html)
        assert sorted(set(cited(extraction))) == [GUIDE, SOIL], opening


def test_a_class_that_only_mentions_a_dialog_does_not_make_the_article_one() -> None:
    # "has-dialog": the page can open one; the article inside is still the article.
    wrapper = "<main class='main has-dialog'>"
    html = f"<html><body>{_post(wrapper)}</body></html>"
    assert sorted(set(cited(extract_at(SITE, html)))) == [GUIDE, SOIL]
