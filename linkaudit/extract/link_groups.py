"""Furniture told by the links around a link: a block of profile links, a run of headline paragraphs.

Some page furniture carries no class, id or landmark: a "follow us" line of links to the site's
channels typed into the text, or a closing list of the site's other articles set as bold
paragraphs, each paragraph a link and nothing else. Each link alone looks like a citation; the
shape of the group gives it away, so these rules look at the links of a block, and at runs of
blocks, together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

import lxml.etree

from linkaudit.extract.boilerplate import (
    ADVERT,
    AUTHOR,
    CREDIT,
    NAVIGATION,
    RELATED,
    SOCIAL,
    TAG,
    is_licence_url,
    is_same_site,
    is_sister_site,
    is_taxonomy_page,
    offers_document,
    registered_domain,
)
from linkaudit.extract.common import collapse_whitespace, link_target
from linkaudit.extract.html_walk import Link

Element = lxml.etree._Element

__all__ = ["group_roles", "where_to_buy"]

# A site's own channel on a network: its profile page, not one of its posts.
_PROFILE_HOSTS = frozenset(
    {
        "facebook.com", "twitter.com", "x.com", "instagram.com", "youtube.com", "linkedin.com", "pinterest.com",
        "tiktok.com", "reddit.com", "xing.com", "threads.net", "bsky.app", "t.me", "telegram.me", "vk.com",
        "newsbreak.com", "flipboard.com", "tumblr.com", "mastodon.social",
        "news.google.com", "whatsapp.com",
    }
)
# Path shapes of a profile: "/name", "/r/name", "/channel/id", "/@name", "/company/name", "/publications/id".
_PROFILE_PATH = re.compile(
    r"^/(?:@?[\w.-]+|(?:r|u|user|c|channel|company|in|pages|groups|publications|@c)/[^/]+(?:/[\w-]+)?)/?$", re.IGNORECASE
)
_POST_WORDS = frozenset({"status", "p", "reel", "watch", "posts", "videos", "photos", "comments", "shorts", "embed"})
_PROFILE_LINE_MIN = 3  # links in one block; two could be a sentence naming two accounts
_EXCERPT = 40  # characters after a headline that make a teaser of a list item (a sentence, not a note)
_RUN_MIN = 3  # headline paragraphs in a row; fewer could be a pair of links the piece names


def group_roles(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """The furniture role of links (by their index in ``links``) that only their group shows."""
    roles: dict[int, str] = {}
    roles.update(_profile_lines(links, base))
    roles.update(_own_channels(links, site=site, base=base))
    roles.update(_label_lines(links, site=site, base=base))
    roles.update(_caption_credits(links))
    roles.update(_bracketed_promotions(links, site=site, base=base))
    roles.update(_headline_runs(links, site=site, base=base))
    roles.update(_lone_headlines(links, site=site, base=base))
    roles.update(_byline_names(links))
    roles.update(_own_services(links, site=site, base=base))
    roles.update(_licensed_credits(links, base))
    roles.update(_headline_lists(links, site=site, base=base))
    roles.update(_icon_rows(links, site=site, base=base))
    roles.update(_short_link_lists(links, site=site, base=base))
    return roles


def is_profile_url(url: str) -> bool:
    """A link to an account's page on a social network (not to one of its posts)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if host not in _PROFILE_HOSTS:
        return False
    path = parts.path or "/"
    if path == "/" or not _PROFILE_PATH.match(path):
        return False
    segments = [segment.lower() for segment in path.split("/") if segment]
    # A number is a post's or a video's id, not an account's name.
    return _POST_WORDS.isdisjoint(segments) and not segments[-1].isdigit()


def _profile_lines(links: Sequence[Link], base: str | None) -> dict[int, str]:
    """A block whose links are mostly the profiles of accounts ("Follow us: Facebook | Instagram |
    …"): a channel line, wherever it is typed, every link in it."""
    by_block: dict[int, list[int]] = {}
    for index, link in enumerate(links):
        if link.attribute == "href" and link.role is None:
            by_block.setdefault(id(link.block), []).append(index)
    roles: dict[int, str] = {}
    for indices in by_block.values():
        if len(indices) < _PROFILE_LINE_MIN:
            continue
        targets = [link_target(links[index].element.get("href") or "", base)[0] for index in indices]
        profiles = sum(1 for target in targets if is_profile_url(target))
        block = links[indices[0]].block
        anchors = sum(len(links[index].anchor) for index in indices)
        if 2 * profiles >= len(indices) and profiles >= _PROFILE_LINE_MIN - 1 and 2 * anchors >= len(_letters(block.text)):
            roles.update(dict.fromkeys(indices, SOCIAL))
    return roles


# App stores: the site's own app is one of its channels.
_APP_STORE = re.compile(r"^https?://(?:apps|itunes)\.apple\.com/|^https?://play\.google\.com/store/apps/", re.IGNORECASE)


def _own_channels(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """The site's own accounts on the networks ("contact CorkBeo on <a>Facebook</a>, <a>Twitter</a>"),
    wherever the sentence stands: a profile named after the site is its channel, not a source."""
    label = _site_label(site)
    if label is None:
        return {}
    roles: dict[int, str] = {}
    for index, link in enumerate(links):
        written = link.element.get("href") or ""
        if link.attribute != "href" or link.role is not None or label not in _squeezed(written):
            continue  # cheap: most links never name the site
        target = link_target(written, base)[0]
        if is_profile_url(target) and label in _account_name(target) and not _quoted(link.element):
            roles[index] = SOCIAL
        elif _APP_STORE.match(target) and label in _squeezed(target):
            roles[index] = SOCIAL  # "Download our app": its name or id is the site's
    return roles


# A picture's caption, by its element or its class words ("wp-caption-text", "image-caption").
_CAPTION_WORDS = frozenset({"caption", "figcaption", "bildunterschrift", "bildtext", "legende"})
_CAPTION_DEPTH = 4  # containers looked through between a link and its caption
_CREDIT_WORDS = 6  # a maker's, a brand's or an agency's name; a longer anchor says something


def _caption_credits(links: Sequence[Link]) -> dict[int, str]:
    """Links in a picture's caption that name who made it or what it shows ("Foto und Styling:
    <a>Emily Henderson</a>", "Wandfarbe von <a>Farrow & Ball</a>"): the picture's credit. A
    caption's link on a whole statement stays a citation."""
    return {
        index: CREDIT
        for index, link in enumerate(links)
        if link.attribute == "href" and link.role is None and len(link.anchor.split()) <= _CREDIT_WORDS and _in_caption(link.element)
    }


def _bracketed_promotions(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """A paragraph set in square brackets that sends the reader to the site's news blog or
    newsletter ("[Alle aktuellen Entwicklungen finden Sie hier in unserem Newsblog.]"): an
    editorial insert, not the piece. A bracketed note citing another site stays a citation."""
    roles: dict[int, str] = {}
    for index, link in enumerate(links):
        if link.attribute != "href" or link.role is not None:
            continue
        text = link.block.text.strip()
        if not (text.startswith("[") and text.endswith("]")):
            continue
        written = link.element.get("href") or ""
        target = link_target(written, base)[0]
        if is_same_site(target, written, site) or is_sister_site(target, site) or "newsletter" in text.lower():
            roles[index] = RELATED
    return roles


def _in_caption(element: Element) -> bool:
    parent = element.getparent()
    for _ in range(_CAPTION_DEPTH):
        if parent is None:
            return False
        if parent.tag == "figcaption" or not _CAPTION_WORDS.isdisjoint(_WORDS.findall((parent.get("class") or "").lower())):
            return True
        parent = parent.getparent()
    return False


_WORDS = re.compile(r"[a-z]+")


def _label_lines(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """A line that is nothing but links to the site's category pages ("1-2 (Haus/Wohnung), Familie,
    Garten, Wandern" in a facts table): its labels, however long the line. A category page named in
    a sentence of the piece stays a citation."""
    by_line: dict[tuple[int, str], list[int]] = {}
    for index, link in enumerate(links):
        if link.attribute == "href" and link.role is None:
            by_line.setdefault((id(link.block), link.claim), []).append(index)
    roles: dict[int, str] = {}
    for (_, claim), indices in by_line.items():
        if len(indices) < 2:
            continue  # a single label is judged by itself (boilerplate.link_role)
        labels = []
        for index in indices:
            written = links[index].element.get("href") or ""
            target = link_target(written, base)[0]
            if is_same_site(target, written, site) and is_taxonomy_page(target):
                labels.append(index)
        rest = claim
        for index in indices:
            rest = rest.replace(links[index].anchor, " ", 1)
        if len(labels) >= 2 and len(_letters(rest).replace(",", "").replace(" ", "")) < _EXCERPT:
            roles.update(dict.fromkeys(labels, TAG))
    return roles


def _quoted(element: Element) -> bool:
    """Inside a quotation: an embedded post the piece quotes names its author's account."""
    return any(ancestor.tag in ("blockquote", "q") for ancestor in element.iterancestors())


def _site_label(site: str | None) -> str | None:
    """The name a site goes by ("corkbeo" for corkbeo.ie), if long enough to tell apart."""
    if not site:
        return None
    labels = registered_domain(site).split(".")
    label = labels[0].replace("-", "")
    return label if len(label) >= 5 else None


def _squeezed(url: str) -> str:
    """An address in lower case without separators ("vi-consortium-official", "com.viconsortium")."""
    return re.sub(r"[-_.]", "", url.lower())


def _account_name(url: str) -> str:
    path = urlsplit(url).path
    segments = [segment for segment in path.split("/") if segment]
    return segments[-1].lower().lstrip("@").replace("-", "").replace("_", "").replace(".", "") if segments else ""


def _headline_lists(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """A list each of whose items opens with a link to the site's own pages (or its sister
    hosts') followed by an excerpt: the headlines of its other articles or entries, with teasers."""
    by_list: dict[Element, list[int]] = {}
    for index, link in enumerate(links):
        item = _list_item(link.element)
        if link.attribute == "href" and link.role is None and item is not None and item.getparent() is not None:
            by_list.setdefault(item.getparent(), []).append(index)
    roles: dict[int, str] = {}
    for container, indices in by_list.items():
        items = [child for child in container if child.tag == "li"]
        if len(items) < _RUN_MIN:
            continue
        if _names_sources(container):
            continue
        opening = [index for index in indices if _opens_item(links[index], site=site, base=base)]
        if len({_list_item(links[index].element) for index in opening}) >= 0.8 * len(items):
            roles.update(dict.fromkeys(opening, RELATED))  # the headlines; a link in an excerpt's sentence stays
    return roles


# A list of the piece's sources opens each item with a work's title too.
_SOURCE_WORDS = frozenset({"references", "reference", "footnotes", "footnote", "notes", "citations", "sources", "bibliography", "literatur", "quellen", "einzelnachweise"})


def _names_sources(container: Element) -> bool:
    element: Element | None = container
    for _ in range(3):
        if element is None:
            return False
        names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if not _SOURCE_WORDS.isdisjoint(re.findall(r"[a-z]+", names)):
            return True
        element = element.getparent()
    return False


def _list_item(element: Element) -> Element | None:
    parent = element.getparent()
    for _ in range(4):
        if parent is None or parent.tag == "li":
            return parent
        parent = parent.getparent()
    return None


def _opens_item(link: Link, *, site: str | None, base: str | None) -> bool:
    written = link.element.get("href") or ""
    target = link_target(written, base)[0]
    if not (is_same_site(target, written, site) or is_sister_site(target, site)) or offers_document(target):
        return False
    item = _list_item(link.element)
    anchor = _letters(link.anchor)
    if item is None or not anchor:
        return False
    text = _letters("".join(item.itertext()))
    # A headline with its excerpt; an item that is a link alone is judged as a list of links.
    return text.startswith(anchor) and len(text) >= len(anchor) + _EXCERPT



def _licensed_credits(links: Sequence[Link], base: str | None) -> dict[int, str]:
    """A sentence that links a licence ("… by <a>Ninja Brick</a>, licence <a>CC BY</a>") credits
    a picture: its other links (the picture's page, its maker) are the credit too."""
    licensed: set[tuple[int, str]] = set()
    for link in links:
        written = link.element.get("href") or ""
        if link.attribute == "href" and _LICENCE_HOSTS.search(written) and is_licence_url(link_target(written, base)[0]):
            licensed.add((id(link.block), link.claim))
    if not licensed:
        return {}
    return {index: CREDIT for index, link in enumerate(links) if link.role is None and (id(link.block), link.claim) in licensed}


_LICENCE_HOSTS = re.compile(r"creativecommons|wikimedia|unsplash|pixabay|pexels", re.IGNORECASE)


def _headline_runs(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """Runs of blocks each of which is nothing but one link to the site's own pages: a list of
    the site's other articles set as paragraphs ("RELATED STORIES" and a headline a line)."""
    roles: dict[int, str] = {}
    run: list[int] = []
    for index, link in enumerate(links):
        whole = _is_whole_block_link(link, site=site, base=base)
        if whole and (not run or _adjacent(links[run[-1]], link)):
            run.append(index)
            continue
        if len(run) >= _RUN_MIN:
            roles.update(dict.fromkeys(run, RELATED))
        run = [index] if whole else []
    if len(run) >= _RUN_MIN:
        roles.update(dict.fromkeys(run, RELATED))
    return roles


def _is_whole_block_link(link: Link, *, site: str | None, base: str | None) -> bool:
    if link.attribute != "href" or link.role is not None or link.end - link.start < 0.25 * link.block.length - 40:
        return False  # the link's text is not most of its block's (cheap: no text is built)
    written = link.element.get("href") or ""
    target = link_target(written, base)[0]
    if not (is_same_site(target, written, site) or is_sister_site(target, site)) or offers_document(target):
        return False
    anchor = _letters(link.anchor)
    return bool(anchor) and anchor == _letters(link.block.text)


def _letters(text: str) -> str:
    """Text without bullets, separators and signs ("§ molar", "» Headline", "Reddit | Instagram")."""
    return collapse_whitespace(_SIGNS.sub(" ", text))


_SIGNS = re.compile(r"[^\w'’.,:!?&()-]+")


def _adjacent(earlier: Link, later: Link) -> bool:
    """Whether two links' blocks follow each other with nothing but blank blocks between."""
    blocks = earlier.block, later.block
    if blocks[0] is blocks[1]:
        return False
    return earlier.element.getparent() is not None and _blank_between(earlier, later)


def _blank_between(earlier: Link, later: Link) -> bool:
    # The text that follows the earlier link's block element and precedes the later one's.
    first, second = _block_element(earlier), _block_element(later)
    if first is None or second is None:
        return False
    sibling = first.getnext()
    while sibling is not None and sibling is not second:
        shows = isinstance(sibling.tag, str) and collapse_whitespace("".join(sibling.itertext()))
        if shows or collapse_whitespace(sibling.tail or ""):
            return False
        sibling = sibling.getnext()
    return sibling is second and not collapse_whitespace(first.tail or "")


# Paragraph-like blocks; list items are judged as a list (see boilerplate.same_site_list_role).
_LIST_TAGS = frozenset({"li", "dd", "dt", "td", "th"})
_BLOCK_TAGS = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6"})


def _block_element(link: Link) -> Element | None:
    element = link.element.getparent()
    while element is not None and element.tag not in _BLOCK_TAGS:
        if element.tag in _LIST_TAGS:
            return None
        element = element.getparent()
    return element


_ICON_ROW_MIN = 3  # links in a row; a pair could be two pictures the piece shows


def _icon_rows(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """A row of links without words of their own (icons, logos) to three or more other sites:
    "listen on" podcast platforms, "follow us" icons, a partners' logo wall. A picture the piece
    shows linked to its source stands alone, or links one host again and again (a video's)."""
    roles: dict[int, str] = {}
    run: list[int] = []
    hosts: set[str] = set()

    def close() -> None:
        if len(run) >= _ICON_ROW_MIN and len(hosts) >= _ICON_ROW_MIN:
            roles.update(dict.fromkeys(run, SOCIAL))

    for index, link in enumerate(links):
        if link.attribute != "href" or link.role is not None:
            continue
        written = link.element.get("href") or ""
        target = link_target(written, base)[0]
        wordless = not _text_of(link.element) and not _quoted(link.element)
        if wordless and not is_same_site(target, written, site) and not is_sister_site(target, site):
            if run and not _side_by_side(links[run[-1]], link):
                close()
                run, hosts = [], set()
            run.append(index)
            hosts.add(registered_domain((urlsplit(target).hostname or "").lower()))
            continue
        close()
        run, hosts = [], set()
    close()
    return roles


def _text_of(element: Element) -> str:
    """The words a link shows (a picture's alt text is not shown)."""
    return "".join(element.itertext()).strip()


def _side_by_side(earlier: Link, later: Link) -> bool:
    """Whether two links follow each other with no words between: in one block, in blocks next
    to each other, or in items of one list."""
    if earlier.block is later.block:
        return not _letters(earlier.block.text[earlier.end : later.start]).strip(" ,.:|-")
    if _adjacent(earlier, later):
        return True
    items = _list_item(earlier.element), _list_item(later.element)
    return items[0] is not None and items[1] is not None and items[0].getparent() is items[1].getparent()


def _short_link_lists(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """A list of two whose items are each nothing but a link to one of the site's pages ("One
    virus, two Americas" under a box's heading): headlines of its other pieces. (Longer lists of
    the site's links are told apart as the page is walked.) A pair naming other sites' pages, or
    the site's documents, is the piece's."""
    by_list: dict[Element, list[int]] = {}
    for index, link in enumerate(links):
        item = link.element.getparent()
        if link.attribute == "href" and link.role is None and item is not None and item.tag == "li" and item.getparent() is not None:
            by_list.setdefault(item.getparent(), []).append(index)
    roles: dict[int, str] = {}
    for container, indices in by_list.items():
        items = [child for child in container if isinstance(child.tag, str)]
        if len(items) != 2 or len(indices) != 2 or _names_sources(container):
            continue
        whole = [
            index
            for index in indices
            if _letters(links[index].anchor) == _letters(_text_of(links[index].element.getparent())) and _opens_own_page(links[index], site=site, base=base)
        ]
        if len(whole) == 2:
            roles.update(dict.fromkeys(whole, RELATED))
    return roles


def _opens_own_page(link: Link, *, site: str | None, base: str | None) -> bool:
    written = link.element.get("href") or ""
    target = link_target(written, base)[0]
    return (is_same_site(target, written, site) or is_sister_site(target, site)) and not offers_document(target)


# An article's address: a slug of several words or a number of the CMS ("…-zum-dritten-mal_60022.html").
_ARTICLE_SLUG = re.compile(r"(?:[^\W_]+[-_]){3,}[^\W_]+|\d{5,}")
_HEADLINE_WORDS = 4  # a headline says something; "Kontakt" or "Shop" alone is a label
_PROSE_BEFORE = 80  # characters of the paragraph before a lone headline: the piece's prose


def _lone_headlines(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """A paragraph (or a picture's caption) that is nothing but one link to one of the site's
    articles, set between paragraphs of the piece's prose (">> Ennesto Monté lässt sich …"): a
    teaser of another article in the middle of the text. The same article linked on words of a
    sentence is a citation."""
    roles: dict[int, str] = {}
    for index, link in enumerate(links):
        if not _is_whole_block_link(link, site=site, base=base):
            continue
        target = link_target(link.element.get("href") or "", base)[0]
        path = urlsplit(target).path
        segments = [segment for segment in path.split("/") if segment]
        if not segments or not _ARTICLE_SLUG.search(segments[-1]) or len(link.anchor.split()) < _HEADLINE_WORDS:
            continue
        block = _block_element(link)
        if block is not None and _between_prose(block):
            roles[index] = RELATED
    return roles


def _between_prose(block: Element) -> bool:
    """Whether the block follows a paragraph of prose and the text goes on after it (blank
    paragraphs skipped), in its own container or, for a block wrapped alone (a figure in a
    paragraph), in its wrapper's. A link closing the text, or announced by the paragraph before
    ("… finden Sie hier:"), is the piece's pointer to more."""
    element: Element | None = block
    for _ in range(3):
        if element is None:
            return False
        before, after = _shown_sibling(element, backwards=True), _shown_sibling(element, backwards=False)
        if before is not None:
            text = collapse_whitespace("".join(before.itertext()))
            return before.tag == "p" and len(text) >= _PROSE_BEFORE and not text.endswith(":") and after is not None
        element = element.getparent()
    return False


def _shown_sibling(element: Element, *, backwards: bool) -> Element | None:
    sibling = element.getprevious() if backwards else element.getnext()
    while sibling is not None and (not isinstance(sibling.tag, str) or not collapse_whitespace("".join(sibling.itertext()))):
        sibling = sibling.getprevious() if backwards else sibling.getnext()
    return sibling


# "Von <a>Roland Brockmann</a> und <a>Sebastian Drescher</a>": the words a byline is made of.
_BYLINE_WORDS = re.compile(
    r"^(?:by|von|por|par|di|door|av|af|de|text|texto|text und fotos?|photos?|fotos?)\s*:?(?:\s*(?:and|und|y|et|e|en|och|og|&|,))*\s*$",
    re.IGNORECASE,
)


def _byline_names(links: Sequence[Link]) -> dict[int, str]:
    """A line that is only a byline ("Von <a>Roland Brockmann</a> und <a>Sebastian Drescher</a>",
    "By <a>Jane Doe</a>"): the authors' names, linked to their own sites, are not the piece's
    sources. A name linked inside a sentence ("wie von <a>Jane Doe</a> berichtet") stays a citation."""
    by_line: dict[tuple[int, str], list[int]] = {}
    for index, link in enumerate(links):
        if link.attribute == "href" and link.role is None and link.anchor:
            by_line.setdefault((id(link.block), link.claim), []).append(index)
    roles: dict[int, str] = {}
    for (_, claim), indices in by_line.items():
        rest = claim
        for index in indices:
            rest = rest.replace(links[index].anchor, " ", 1)
        names = all(1 <= len(links[index].anchor.split()) <= 3 and links[index].anchor[:1].isupper() for index in indices)
        if names and _BYLINE_WORDS.match(rest.strip()):
            roles.update(dict.fromkeys(indices, AUTHOR))
    return roles


# A price shown next to a link ("172,99 EUR", "€ 19,90", "$12.99"): a where-to-buy table or box.
_PRICE = re.compile(r"(?:\d[\d.,]*\s?(?:€|eur|usd|chf|£|\$)(?!\w))|(?:(?:€|£|\$|eur|usd|chf)\s?\d[\d.,]*)", re.IGNORECASE)
_PRICE_DEPTH = 5  # containers looked through between a button and its table's prices
_TABLE_TEXT = 3000  # a table of a few products, not the whole piece
# An ad server's click address: an advertisement's offer, whatever price it shows.
_AD_CLICK = re.compile(r"^https?://(?:[\w-]+\.)*(?:doubleclick\.net|googleadservices\.com|adform\.net|adnxs\.com)/", re.IGNORECASE)
_HOLDS_PARAGRAPH = lxml.etree.XPath("boolean(self::p or .//p[string-length(normalize-space()) > 80])")
_CAROUSEL_WORDS = frozenset({"slider", "carousel", "gallery", "slideshow"})


def where_to_buy(links: Sequence[Link], *, site: str | None, base: str | None) -> set[int]:
    """Links a container made furniture that are the piece's after all: in a where-to-buy piece,
    a price table's buttons to the retailers ("Zum Angebot") and product pictures in a slider
    that lead to another site. A picture is judged by where it leads; a teaser leads to the site's
    own pages, a retailer's offer next to its price is what the piece points its reader to."""
    kept: set[int] = set()
    for index, link in enumerate(links):
        if link.attribute != "href" or link.role not in (RELATED, NAVIGATION):
            continue
        written = link.element.get("href") or ""
        target = link_target(written, base)[0]
        if is_same_site(target, written, site) or is_sister_site(target, site) or not target.startswith(("http://", "https://")) or _AD_CLICK.match(target):
            continue
        if link.role == NAVIGATION and _button_beside_price(link.element):
            kept.add(index)
        elif link.role == RELATED and not _text_of(link.element) and link.element.find(".//img") is not None and _in_carousel(link.element):
            kept.add(index)
    return kept


def _button_beside_price(element: Element) -> bool:
    if len(_letters(_text_of(element)).split()) > 4:
        return False  # a button says little
    ancestor = element.getparent()
    for _ in range(_PRICE_DEPTH):
        if ancestor is None:
            return False
        text = collapse_whitespace("".join(ancestor.itertext()))
        if len(text) > _TABLE_TEXT or _HOLDS_PARAGRAPH(ancestor):
            return False  # the piece's text around the button, not a table of offers
        if _PRICE.search(text):
            return True
        ancestor = ancestor.getparent()
    return False


def _in_carousel(element: Element) -> bool:
    for ancestor in element.iterancestors():
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".lower()
        if not _CAROUSEL_WORDS.isdisjoint(re.findall(r"[a-z]+", names)):
            return True
        if ancestor.tag in ("article", "main", "body"):
            return False
    return False


# "unseren Brandfinder", "our shop", "notre boutique": the site names a service of its own.
_OUR = re.compile(r"\b(?:unser(?:e[nmrs]?)?|our|notre|nos|nuestr[oa]s?|nostr[oaie]|onze|ons|vår[ta]?)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
_MENU_LINKS = lxml.etree.XPath("//nav//a[@href] | //*[@role='navigation']//a[@href] | //header//a[@href]")


def _own_services(links: Sequence[Link], *, site: str | None, base: str | None) -> dict[int, str]:
    """A link on the name of one of the site's own services that its main menu lists by the same
    name ("Kennt ihr schon unseren Brandfinder? … mit unserem <a>Brandfinder</a>",
    peppermynta.de-Strickmode.html): the site promoting itself, not a source. The site's article
    or guide named in a sentence in other words ("our <a>monthly valuations</a>") stays."""
    candidates = []
    for index, link in enumerate(links):
        written = link.element.get("href") or ""
        if link.attribute != "href" or link.role is not None or not link.anchor:
            continue
        target = link_target(written, base)[0]
        if not is_same_site(target, written, site):
            continue
        before = link.block.text[max(0, link.start - 40) : link.start]
        if _OUR.search(before):
            candidates.append((index, (target.split("#", 1)[0].rstrip("/"), link.anchor.casefold())))
    if not candidates:
        return {}
    root = links[candidates[0][0]].element.getroottree().getroot()
    menu = {
        (link_target(a.get("href") or "", base)[0].split("#", 1)[0].rstrip("/"), collapse_whitespace("".join(a.itertext())).casefold())
        for a in _MENU_LINKS(root)
    }
    return {index: ADVERT for index, item in candidates if item in menu}
