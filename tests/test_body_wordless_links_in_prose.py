"""Body links: a wordless link of the site's own set into a sentence is that sentence's source; a
wordless one standing apart is a teaser's picture or an icon.

The snippet keeps the structure of a forum thread in trafilatura's public evaluation set
(https://github.com/adbar/trafilatura, tests/cache and tests/eval, commit e90b0ef5), shortened and
with its names replaced: a reply points to an earlier thread with a link shown as an icon, and its
sentence goes on after it.
"""

from __future__ import annotations

from body_snippets import PROSE, cited, extract_at, page, reasons
from linkaudit.extract.container_roles import RELATED

THREAD = "https://forum.linkwatch.example/thread/store-down-338679.html"
EARLIER = "https://forum.linkwatch.example/thread/store-down-338618.html"
APP = "https://forum.linkwatch.example/artikel/our-new-app-18656977.html"


def test_a_wordless_link_that_a_sentence_goes_on_after_is_cited() -> None:
    reply = (
        f"<div class='post-text'><a class='texticon url' href='{EARLIER}' title='Link to the forum'></a>"
        " sadly nobody has thought it worth telling us where things stand since then.</div>"
    )
    extraction = extract_at(THREAD, page(f"<p>{PROSE}</p>", reply, f"<p>{PROSE}</p>"))
    assert EARLIER in cited(extraction)


def test_a_wordless_link_followed_by_a_short_call_is_still_a_teaser() -> None:
    # The site's own app shown as a picture drawn by its style sheet, under it a short call to install it.
    box = f"<div class='box'><a class='app-teaser' href='{APP}'></a> Free now for iOS and Android!</div>"
    extraction = extract_at(THREAD, page(f"<p>{PROSE}</p>", box, f"<p>{PROSE}</p>"))
    assert APP not in cited(extraction)
    assert reasons(extraction)[APP] == RELATED
