"""Pages that drift: a captured article and its live page in each state a cited page ends up in.

Generator. ``page_pair(state, seed)`` builds, from ``random.Random(seed)`` alone, a news article
(title, 6-10 paragraphs of 3-5 sentences of 9-22 words drawn from a fixed vocabulary, a quoted
phrase and a figure the citing claim repeats) inside a site's page (menu, header, byline with a
date, share bar, related links, comment count, advert, footer). The capture is that page as it
was; the live page is it in one of these states:

==================  =====================================================  =============
state               live page                                              expected
==================  =====================================================  =============
``identical``       byte for byte the captured page                        unchanged
``noise``           same article; new menu, dates, related links, ads,     unchanged
                    comment count, trending box, footer year, and in the
                    article a new dateline time and "Read more" teaser
``edited``          2-4 sentences reworded (and the noise)                 changed
``correction``      a correction or update note added (and the noise)      changed
``quote-removed``   the sentence with the quoted phrase reworded           changed
``rewritten``       another story under another title at the same URL      replaced
``parked``          a parked-domain page (links for sale, no article)      replaced
``home``            the site's home page: a list of headlines              replaced
==================  =====================================================  =============

The quoted phrase and the figure stay in the live page in every state except ``quote-removed``,
``rewritten``, ``parked`` and ``home``. Both ``linkaudit.testing.simweb`` (live pages under
``/drift/<state>/<seed>``) and the stand-in archive (capture bodies) serve these pages.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

__all__ = ["EXPECTED", "STATES", "PagePair", "capture_page", "claim_for", "live_page", "page_pair"]

STATES = ("identical", "noise", "edited", "correction", "quote-removed", "rewritten", "parked", "home")
EXPECTED = {
    "identical": "unchanged",
    "noise": "unchanged",
    "edited": "changed",
    "correction": "changed",
    "quote-removed": "changed",
    "rewritten": "replaced",
    "parked": "replaced",
    "home": "replaced",
}

_VOCABULARY = """
harbour council river flood wall barrier budget minister report inquiry engineer survey tide storm
village coast port ferry fishing fleet warning bulletin forecast rainfall damage insurer estimate
repair contract tender planning committee resident testimony evidence hearing decision appeal court
ruling regulator agency office department official spokesperson statement interview record archive
document letter memo email meeting schedule timeline delay cost overrun audit review finding study
data figure measure level gauge sensor pump station drainage channel embankment levee sluice gate
lock keeper crew volunteer rescue shelter school hospital road bridge rail line bus service power
outage water supply sewage pollution beach erosion cliff dune marsh wetland habitat bird species
farmer field crop harvest loss claim payout premium policy cover risk model map zone boundary
county district ward mayor councillor leader opposition party vote motion debate chamber session
journalist editor newspaper broadcaster programme episode podcast column opinion analysis source
quietly openly slowly quickly finally initially later earlier recently formerly repeatedly rarely
warned argued claimed denied confirmed revealed disclosed admitted promised rejected approved delayed
funded cut raised lowered moved built repaired inspected measured recorded published released cited
new old large small public private local national regional coastal northern southern eastern western
early late annual monthly weekly urgent critical serious minor major main final interim official
""".split()
_FUNCTION = "the a of to in and that for on with as by from at was were had has which".split()
_SITE_MENUS = (
    ("News", "Politics", "Business", "Science", "Opinion", "Sport"),
    ("Home", "World", "Local", "Climate", "Culture", "Podcasts", "Newsletters"),
)


@dataclass(frozen=True)
class PagePair:
    state: str
    seed: int
    capture: str  # HTML of the page as captured
    live: str  # HTML of the page as it is now
    title: str
    quote: str  # the phrase the citing claim quotes
    figure: str  # the number the citing claim repeats


@dataclass(frozen=True)
class _Story:
    title: str
    paragraphs: tuple[tuple[str, ...], ...]
    quote: str
    figure: str
    quote_at: tuple[int, int]  # (paragraph, sentence) holding the quote and the figure


def _sentence(rng: random.Random, words: int | None = None) -> str:
    count = words or rng.randint(9, 22)
    parts = [rng.choice(_VOCABULARY) if rng.random() < 0.7 else rng.choice(_FUNCTION) for _ in range(count)]
    return " ".join(parts).capitalize() + "."


def _story(rng: random.Random) -> _Story:
    title = " ".join(rng.choice(_VOCABULARY) for _ in range(rng.randint(5, 9))).capitalize()
    paragraphs = [[_sentence(rng) for _ in range(rng.randint(3, 5))] for _ in range(rng.randint(6, 10))]
    quote = f"{rng.choice(_VOCABULARY)} {rng.choice(_VOCABULARY)} {rng.choice(_VOCABULARY)}"
    figure = f"{rng.randint(11, 980)},{rng.randint(0, 999):03d}"
    where = (rng.randrange(len(paragraphs)), 0)
    lead = " ".join(rng.choice(_VOCABULARY) for _ in range(rng.randint(3, 7))).capitalize()
    paragraphs[where[0]][0] = f"{lead} said the damage was \u201c{quote}\u201d and put it at {figure}."
    return _Story(title, tuple(tuple(p) for p in paragraphs), quote, figure, where)


def _page(story: _Story, rng: random.Random, *, site: str, date: str, extras: bool, note: str | None = None) -> str:
    """A whole page around ``story``; ``rng`` draws the boilerplate (menus, related, ads)."""
    menu = rng.choice(_SITE_MENUS)
    related = [" ".join(rng.choice(_VOCABULARY) for _ in range(6)).capitalize() for _ in range(rng.randint(3, 5))]
    comments = rng.randint(0, 400)
    paragraphs = [f"<p>{html.escape(' '.join(paragraph))}</p>" for paragraph in story.paragraphs]
    # What changes inside the article itself: a dateline with the time and a count, and a teaser
    # for another story between two paragraphs.
    clock = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    dateline = f"<p>Last updated {date} {clock} GMT, {rng.randint(1, 23)} hours ago \u00b7 {comments} comments</p>"
    teaser = f"<p><strong>Read more:</strong> <a href='/r/x'>{html.escape(_sentence(rng, 8))}</a></p>"
    paragraphs.insert(min(2, len(paragraphs)), teaser)
    body = "\n".join([dateline, *paragraphs])
    if note:
        body += f'\n<p class="correction"><em>{html.escape(note)}</em></p>'
    trending = ""
    if extras:
        items = "".join(f"<li><a href='/t/{i}'>{html.escape(_sentence(rng, 5))}</a></li>" for i in range(4))
        trending = f'<div class="trending"><h3>Trending</h3><ul>{items}</ul></div>'
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(story.title)} | {site}</title>
<script>window.dataLayer=[{{"ts":"{date}","rand":{rng.random()}}}];</script>
<style>body{{font-family:serif}}</style></head>
<body>
<nav class="site-nav"><ul>{"".join(f"<li><a href='/{m.lower()}'>{m}</a></li>" for m in menu)}</ul></nav>
<header class="masthead"><a href="/">{site}</a><span class="edition">Edition of {date}</span></header>
<div class="ad-slot">Advertisement: {html.escape(_sentence(rng, 6))}</div>
<main>
<article>
<h1>{html.escape(story.title)}</h1>
<div class="byline">By {rng.choice(["A. Reporter", "Staff writer", "B. Correspondent"])}, <time datetime="{date}">{date}</time></div>
<div class="share-bar"><a href="#">Share</a> <a href="#">Post</a> <span>{comments} comments</span></div>
{body}
</article>
<aside class="related"><h2>Related</h2><ul>{"".join(f"<li><a href='/r/{i}'>{html.escape(t)}</a></li>" for i, t in enumerate(related))}</ul></aside>
{trending}
</main>
<section class="comments"><h2>{comments} comments</h2><p>Comments are closed.</p></section>
<footer class="site-footer">&copy; {date[:4]} {site}. All rights reserved.</footer>
</body></html>"""


def _reworded(story: _Story, rng: random.Random, count: int, keep_quote: bool = True) -> _Story:
    paragraphs = [list(p) for p in story.paragraphs]
    spots = [(i, j) for i, p in enumerate(paragraphs) for j in range(len(p)) if (i, j) != story.quote_at]
    for i, j in rng.sample(spots, min(count, len(spots))):
        paragraphs[i][j] = _sentence(rng)
    if not keep_quote:
        i, j = story.quote_at
        paragraphs[i][j] = f"Officials said the damage was serious and put it at {story.figure}."
    return _Story(story.title, tuple(tuple(p) for p in paragraphs), story.quote, story.figure, story.quote_at)


def _parked(site: str, rng: random.Random) -> str:
    offers = "".join(f"<li><a href='/offer/{i}'>{rng.choice(_VOCABULARY)} {rng.choice(_VOCABULARY)}</a></li>" for i in range(8))
    return f"""<!doctype html><html><head><title>{site}</title></head><body>
<div class="parking"><h1>{site}</h1><p>Related searches</p><ul>{offers}</ul>
<p>Privacy policy</p></div></body></html>"""


def _home(site: str, rng: random.Random) -> str:
    teasers = "".join(
        f"<article class='teaser'><h2><a href='/s/{i}'>{html.escape(_sentence(rng, 7))}</a></h2>"
        f"<p>{html.escape(_sentence(rng, 14))}</p></article>"
        for i in range(rng.randint(6, 12))
    )
    return f"""<!doctype html><html><head><title>{site}: news and analysis</title></head><body>
<nav class="site-nav"><a href="/">Home</a></nav><main><h1>Latest</h1>{teasers}</main>
<footer class="site-footer">{site}</footer></body></html>"""


def page_pair(state: str, seed: int) -> PagePair:
    """The captured and the live page for ``state``, the same for the same seed, always."""
    if state not in EXPECTED:
        raise ValueError(f"unknown drift state {state!r}; choose from {', '.join(STATES)}")
    rng = random.Random(f"{state}:{seed}")
    story = _story(random.Random(seed))
    site = f"site{seed % 97}.example"
    then, now = "2021-03-02", f"2026-11-{1 + seed % 28:02d}"
    capture = _page(story, random.Random(f"capture:{seed}"), site=site, date=then, extras=False)
    if state == "identical":
        live = capture
    elif state == "noise":
        live = _page(story, rng, site=site, date=now, extras=True)
    elif state == "edited":
        live = _page(_reworded(story, rng, rng.randint(2, 4)), rng, site=site, date=now, extras=True)
    elif state == "correction":
        note = rng.choice((
            "Correction: an earlier version of this article gave the wrong date for the council meeting.",
            "Update: this article was updated to include a response from the harbour authority.",
            "Correction: a previous version misnamed the engineer who led the survey of the walls.",
        ))
        live = _page(story, rng, site=site, date=now, extras=True, note=note)
    elif state == "quote-removed":
        live = _page(_reworded(story, rng, 0, keep_quote=False), rng, site=site, date=now, extras=True)
    elif state == "rewritten":
        live = _page(_story(rng), rng, site=site, date=now, extras=True)
    elif state == "parked":
        live = _parked(site, rng)
    else:
        live = _home(site, rng)
    return PagePair(state, seed, capture, live, story.title, story.quote, story.figure)


def capture_page(seed: int) -> str:
    return page_pair("identical", seed).capture


def live_page(state: str, seed: int) -> str:
    return page_pair(state, seed).live


def claim_for(pair: PagePair) -> str:
    """A sentence of a piece citing the captured page: it quotes the phrase and repeats the figure."""
    return f"The review called the damage \u201c{pair.quote}\u201d and put the cost at {pair.figure}."
