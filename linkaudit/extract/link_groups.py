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

from linkaudit.extract.boilerplate import is_licence_url, is_site_search, is_taxonomy_page, offers_document
from linkaudit.extract.common import element_text, link_target
from linkaudit.extract.furniture_words import FOLLOW_CALL, NETWORK_NAME_ANCHOR, OWN_ACCOUNT
from linkaudit.extract.container_roles import CREDIT, RELATED, SELF, SOCIAL, TAG
from linkaudit.extract.house_rows import breadcrumb_lines, house_rows, menus_holding_the_page
from linkaudit.extract.html_walk import Link
from linkaudit.extract.link_blocks import (
    Element,
    adjacent,
    is_whole_block_link,
    letters,
    links_by_line,
    list_item,
    names_sources,
    quoted,
)
from linkaudit.extract.link_rows import (
    byline_names,
    called_ours,
    icon_rows,
    lone_headlines,
    machinery_lines,
    own_services,
    paywall_offers,
    short_link_lists,
)
from linkaudit.extract.offers import shop_calls
from linkaudit.extract.sites import is_same_site, is_sister_site, registered_domain
from linkaudit.extract.teaser_headings import headed_teasers

__all__ = ["group_roles", "is_profile_url"]

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
# A network's address under a country's domain ("facebook.de") is its ".com" one.
_COUNTRY_HOST = re.compile(r"^(facebook|instagram|youtube|linkedin|pinterest)\.(?:[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$")
_POST_WORDS = frozenset({"status", "p", "reel", "watch", "posts", "videos", "photos", "comments", "shorts", "embed"})
_PROFILE_LINE_MIN = 3  # links in one block; two could be a sentence naming two accounts
_EXCERPT = 40  # characters after a headline that make a teaser of a list item (a sentence, not a note)
_RUN_MIN = 3  # headline paragraphs in a row; fewer could be a pair of links the piece names
_KEYWORD_ROW = 3  # keywords linked to the site's search in a row; two could be names the piece sets side by side


def group_roles(links: Sequence[Link], *, site: str | None, base: str | None, page: str | None = None) -> dict[int, str]:
    """The furniture role of links (by their index in ``links``) that only their group shows
    (``page``: the page's own address, when known)."""
    roles: dict[int, str] = {}
    roles.update(_profile_lines(links, base))
    roles.update(_own_channels(links, site=site, base=base))
    roles.update(_network_named_profiles(links, base))
    roles.update(_label_lines(links, site=site, base=base))
    roles.update(_caption_credits(links))
    roles.update(_bracketed_promotions(links, site=site, base=base))
    roles.update(_headline_runs(links, site=site, base=base))
    roles.update(lone_headlines(links, site=site, base=base))
    roles.update(byline_names(links))
    roles.update(own_services(links, site=site, base=base))
    roles.update(_licensed_credits(links, base))
    roles.update(_headline_lists(links, site=site, base=base))
    roles.update(icon_rows(links, site=site, base=base))
    roles.update(short_link_lists(links, site=site, base=base))
    roles.update(shop_calls(links))
    roles.update(_own_translations(links, base))
    roles.update(headed_teasers(links, site=site, base=base))
    roles.update(paywall_offers(links, site=site, base=base))
    roles.update(machinery_lines(links))
    roles.update(house_rows(links, site=site, base=base))
    roles.update(menus_holding_the_page(links, site=site, base=base, page=page))
    roles.update(breadcrumb_lines(links, site=site, base=base))
    return roles


def is_profile_url(url: str) -> bool:
    """A link to an account's page on a social network (not to one of its posts)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = _COUNTRY_HOST.sub(r"\1.com", (parts.hostname or "").lower().removeprefix("www.").removeprefix("m."))
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
        if 2 * profiles >= len(indices) and profiles >= _PROFILE_LINE_MIN - 1 and 2 * anchors >= len(letters(block.text)):
            roles.update(dict.fromkeys(indices, SOCIAL))
    return roles


def _network_named_profiles(links: Sequence[Link], base: str | None) -> dict[int, str]:
    """An account's page linked on nothing but the network's name, offered to follow: on a line of
    little more ("auf <a>Twitter</a>" in a list of an event's links), after a call to follow ("Folge
    uns auf <a>Facebook</a> | <a>Instagram</a>") or as the writer's own ("Auf meinem
    <a>Twitter-Account</a> poste ich …"). Named in a sentence as where someone posted ("Das
    bestätigte er via <a>Instagram</a>", "The campaign's <a>Facebook page</a> was created …") it
    stays a citation."""
    roles: dict[int, str] = {}
    for index, link in enumerate(links):
        anchor = link.anchor.strip()
        if link.attribute != "href" or link.role is not None or not NETWORK_NAME_ANCHOR.match(anchor):
            continue
        if not is_profile_url(link_target(link.element.get("href") or "", base)[0]):
            continue
        before = link.claim[: max(0, link.claim.find(anchor))]
        short_line = len(letters(link.claim)) - len(letters(anchor)) <= _NETWORK_LINE
        if short_line or FOLLOW_CALL.search(link.claim) or OWN_ACCOUNT.search(before):
            roles[index] = SOCIAL
    return roles


_NETWORK_LINE = 12  # letters around the network's name on a line of a list ("auf", "Hashtag")


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
        if is_profile_url(target) and label in _account_name(target) and not quoted(link.element):
            roles[index] = SOCIAL
        elif _APP_STORE.match(target) and label in _squeezed(target):
            roles[index] = SOCIAL  # "Download our app": its name or id is the site's
        elif _account_name(target) == label and not is_same_site(target, written, site) and called_ours(link):
            roles[index] = SOCIAL  # "our fan shop: …/pages/<site>": the site's own page on a shop or a platform
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
    Garten, Wandern" in a facts table), or to its searches for keywords ("docker, installation,
    install, stable" under a documentation page): its labels, however long the line. A category
    page named in a sentence of the piece stays a citation, and so does a pair of names linked to
    the site's search ("Azad vs. Animus")."""
    roles: dict[int, str] = {}
    for (_, claim), indices in links_by_line(links).items():
        if len(indices) < 2:
            continue  # a single label is judged by itself (boilerplate.link_role)
        labels, searches = [], []
        for index in indices:
            written = links[index].element.get("href") or ""
            target = link_target(written, base)[0]
            if is_same_site(target, written, site):
                if is_taxonomy_page(target):
                    labels.append(index)
                elif is_site_search(target):
                    searches.append(index)
        rest = claim
        for index in indices:
            rest = rest.replace(links[index].anchor, " ", 1)
        if len(letters(rest).replace(",", "").replace(" ", "")) >= _EXCERPT:
            continue
        if len(labels) >= 2 or len(labels) + len(searches) >= _KEYWORD_ROW:
            roles.update(dict.fromkeys(sorted(labels + searches), TAG))
    return roles


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
        item = list_item(link.element)
        if link.attribute == "href" and link.role is None and item is not None and item.getparent() is not None:
            by_list.setdefault(item.getparent(), []).append(index)
    roles: dict[int, str] = {}
    for container, indices in by_list.items():
        items = [child for child in container if child.tag == "li"]
        if len(items) < _RUN_MIN:
            continue
        if names_sources(container):
            continue
        opening = [index for index in indices if _opens_item(links[index], site=site, base=base)]
        if len({list_item(links[index].element) for index in opening}) >= 0.8 * len(items):
            roles.update(dict.fromkeys(opening, RELATED))  # the headlines; a link in an excerpt's sentence stays
    return roles


def _opens_item(link: Link, *, site: str | None, base: str | None) -> bool:
    written = link.element.get("href") or ""
    target = link_target(written, base)[0]
    if not (is_same_site(target, written, site) or is_sister_site(target, site)) or offers_document(target):
        return False
    item = list_item(link.element)
    anchor = letters(link.anchor)
    if item is None or not anchor:
        return False
    text = letters(element_text(item))
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
        whole = is_whole_block_link(link, site=site, base=base)
        if whole and (not run or adjacent(links[run[-1]], link)):
            run.append(index)
            continue
        if len(run) >= _RUN_MIN:
            roles.update(dict.fromkeys(run, RELATED))
        run = [index] if whole else []
    if len(run) >= _RUN_MIN:
        roles.update(dict.fromkeys(run, RELATED))
    return roles


def _own_translations(links: Sequence[Link], base: str | None) -> dict[int, str]:
    """Links to the page's own versions in other languages, as its head declares them
    (<link rel="alternate" hreflang="es" href="…">): "Read the Spanish version of this article"
    leads to the piece itself, not to a source."""
    if not links:
        return {}
    versions = {
        (element.get("href") or "").strip().split("#", 1)[0].rstrip("/")
        for element in links[0].element.getroottree().getroot().iter("link")
        if element.get("hreflang") and "alternate" in (element.get("rel") or "").lower().split()
    }
    versions.discard("")
    versions.discard((base or "").split("#", 1)[0].rstrip("/"))  # the page itself, in its own language
    if not versions:
        return {}
    roles: dict[int, str] = {}
    for index, link in enumerate(links):
        if link.attribute == "href" and link.role is None:
            target = link_target(link.element.get("href") or "", base)[0]
            if target.split("#", 1)[0].rstrip("/") in versions:
                roles[index] = SELF
    return roles
