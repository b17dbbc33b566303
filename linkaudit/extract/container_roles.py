"""The roles of page furniture, and the role a container inside the article announces.

A container says what it holds by its tag (`<nav>`, `<aside>`, `<footer>`), its landmark role, or
the words of its class names and id ("share-bar", "post-tags", "author-box", "related-posts"):
every link inside it takes that role. Sidebars and dialogs (a cookie notice) are asides, never
the article, however much text they hold.
"""

from __future__ import annotations

import functools
import re

import lxml.etree

from linkaudit.extract.common import element_text

__all__ = [
    "ADVERT", "AUTHOR", "COMMENT", "CREDIT", "FOOTER", "HEADER", "IMAGE", "NAVIGATION", "PLAYER", "RELATED", "SELF", "SHARE", "SOCIAL",
    "TAG", "container_role", "is_aside", "is_button", "is_embedded_post",
]

Element = lxml.etree._Element

SHARE = "share button"
TAG = "tag or category link"
AUTHOR = "author or byline link"
RELATED = "related-content teaser"
NAVIGATION = "navigation"
COMMENT = "reader comment"
SOCIAL = "newsletter or social-profile link"
HEADER = "article header"
FOOTER = "article footer"
SELF = "link to the page itself"
IMAGE = "link to an image file"
ADVERT = "advertisement"
CREDIT = "picture credit"
PLAYER = "audio or video player"

# Class and id words, split on "-", "_" and spaces: a container named like this has that role.
_ROLE_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    (COMMENT, frozenset({"comment", "comments", "commentlist", "respond", "disqus", "reply", "replies", "kommentar", "kommentare", "commentaires", "discussion"})),
    (SHARE, frozenset({"share", "sharing", "sharer", "shares", "sharedaddy", "addtoany", "a2a", "shariff", "sociable", "sharebar", "sharethis", "socialshare"})),
    (TAG, frozenset({"tags", "tagcloud", "taglist", "tagged", "categories", "cats", "keywords", "keywordlink", "schlagworte", "stichworte", "labels", "rubric", "rubrik", "ressort"})),
    (AUTHOR, frozenset({"author", "authors", "byline", "vcard", "authorbox", "autor", "autorin", "bio", "postmeta", "postmetadata", "signature"})),
    (RELATED, frozenset({"related", "relatedposts", "recommended", "recommendations", "teaser", "teasers", "tease", "thumbnail", "thumbnails", "yarpp", "outbrain", "taboola", "popular", "trending", "readmore", "morestories", "mehr", "lesetipp", "lesetipps", "slider", "carousel", "articlebox", "articlelist", "recirculation", "recirc"})),
    (ADVERT, frozenset({"ad", "ads", "advert", "adverts", "advertisement", "anzeige", "werbung", "banner", "contentad", "sponsored", "sponsor", "sponsors", "promo", "adsbygoogle", "wpa", "wpcnt"})),
    (NAVIGATION, frozenset({"cookie", "cookies", "consent", "popup", "modal", "overlay", "pum", "gdpr", "dsgvo", "nav", "navigation", "menu", "breadcrumb", "breadcrumbs", "pagination", "pager", "navlinks", "skip", "sidebar", "cta", "calltoaction"})),
    (FOOTER, frozenset({"footer", "colophon"})),
    (SOCIAL, frozenset({"newsletter", "subscribe", "subscription", "signup", "follow", "social", "socials", "abo", "abonnieren"})),
)
# Word beginnings that mean a role ("teaseimage", "sharebuttons", "relatedarticles").
_ROLE_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # "commentsBox", "commentform": the comments and the form to write one ("commentary" is a piece).
    (COMMENT, ("comments", "commentform", "commentbox")),
    (SHARE, ("share", "sharing")),
    (RELATED, ("tease", "related")),
    (SOCIAL, ("socialmedia", "newsletter")),
)
# Word pairs that mean a role only together ("tag-links", "cat-links", "post-tags", "read-more").
_ROLE_PAIRS: tuple[tuple[str, frozenset[tuple[str, str]]], ...] = (
    (TAG, frozenset({("field", "tag"), ("field", "tags"), ("field", "category"), ("field", "categories"), ("tag", "links"), ("cat", "links"), ("post", "tags"), ("entry", "tags"), ("tag", "list"), ("tag", "cloud"), ("post", "categories"), ("entry", "categories"), ("category", "list"), ("entry", "category"), ("post", "category")})),
    # A post's header above its text (title, kicker, category, byline); its lead stays the piece's.
    (HEADER, frozenset({("post", "header"), ("entry", "header"), ("article", "header")})),
    # The tagDiv themes' ad slots ("td-a-rec-id-content_bottom").
    (ADVERT, frozenset({("a", "rec")})),
    (RELATED, frozenset({("wp", "embedded"), ("article", "embed"), ("embedded", "article"), ("read", "more"), ("more", "stories"), ("also", "read"), ("read", "also"), ("you", "may"), ("most", "read"), ("more", "from"), ("lee", "tambien"), ("recent", "posts"), ("recent", "entries"), ("next", "post"), ("next", "posts")})),
    (AUTHOR, frozenset({("about", "the"), ("posted", "by"), ("written", "by"), ("entry", "meta"), ("post", "meta")})),
)
# A link that is itself a card or tile (headline, picture, kicker) is a teaser of another page.
_LINK_AS_CARD = frozenset({"card", "cards", "tile", "tiles"})
# A link named as the way to the next or the previous piece ("nextlink", "prev-post"), by a whole
# class name or id: "next-gen" or "previously" say something else.
_LINK_AS_STEP = frozenset(
    {"next", "prev", "previous", "nextlink", "prevlink", "prelink", "next-link", "prev-link", "previous-link", "next-post", "prev-post",
     "previous-post", "nextpost", "prevpost"}
)
# A link styled as a button is a call to act (buy, download the app, sign up), not a source.
_LINK_AS_BUTTON = frozenset({"btn", "button"})
_WORD = re.compile(r"[a-z0-9]+")
_TAXONOMY_PREFIXES = ("category-", "tag-", "post_tag-", "format-", "status-", "type-", "has-")
# A form's links (terms, consent, log-in) belong to the form.
_TAG_LANDMARKS = {"nav": NAVIGATION, "aside": RELATED, "header": HEADER, "footer": FOOTER, "form": NAVIGATION, "fieldset": NAVIGATION}
_ROLE_LANDMARKS = {"navigation": NAVIGATION, "complementary": RELATED, "banner": HEADER, "contentinfo": FOOTER, "search": NAVIGATION}


def container_role(element: Element) -> str | None:
    """The role an element inside the article announces for every link it holds, or None."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    landmark = _TAG_LANDMARKS.get(tag.lower())
    # Attributes read by the element's own get: a view of them (element.attrib) is an object made
    # anew at each reading, which cost a fifth of this function.
    role = element.get("role")
    if landmark is None and role is not None:
        landmark = _ROLE_LANDMARKS.get(role.lower())
    if landmark is not None:
        return landmark
    if _opens_as_dialog(tag, role, element):
        return NAVIGATION  # a privacy notice, a sign-up box the page opens over itself: the site's
    classes, identifier = element.get("class"), element.get("id")
    if not classes and not identifier:
        return None
    if identifier and identifier.startswith(_ARCHIVE_TOOLBAR):
        return NAVIGATION
    if len(classes or "") + len(identifier or "") > _REMEMBERED_NAMES:
        return _named_role(tag == "a", classes, identifier)
    return _remembered_named_role(tag == "a", classes, identifier)


# A page repeats its few class names on many elements (and a site on each of its pages): the role
# they name is worked out once. Only short names are kept, so the cache holds little of any page.
_REMEMBERED_NAMES = 200


def _named_role(is_link: bool, classes: str | None, identifier: str | None) -> str | None:
    """The role an element's class names and id announce (see container_role)."""
    names = f"{classes or ''} {identifier or ''}".lower()
    if not _DIALOG_NAMES.isdisjoint(names.split()):
        return NAVIGATION  # a dialog by its name (see is_aside)
    # WordPress and others name a post's categories and tags in its classes ("category-social",
    # "tag-newsletter"): those say what the post is about, not what the container is.
    words = [word for token in names.split() if not token.startswith(_TAXONOMY_PREFIXES) for word in _WORD.findall(_without_caption_part(token))]
    for role, vocabulary in _ROLE_WORDS:
        if not vocabulary.isdisjoint(words):
            return role
    for role, stems in _ROLE_STEMS:
        if any(word.startswith(stems) for word in words):
            return role
    pairs = set(zip(words, words[1:]))
    for role, vocabulary in _ROLE_PAIRS:
        if not vocabulary.isdisjoint(pairs):
            return role
    if is_link and not _LINK_AS_CARD.isdisjoint(words):
        return RELATED
    if is_link and not _LINK_AS_STEP.isdisjoint(names.split()):
        return NAVIGATION
    if is_link and not _LINK_AS_BUTTON.isdisjoint(words):
        return NAVIGATION
    return None


_remembered_named_role = functools.lru_cache(maxsize=4096)(_named_role)

# A picture gallery's block, in a BEM class name ("editorial-gallery__item__comment").
_GALLERY_BLOCK = re.compile(r"gallery|galerie|galeria|slideshow|bildergalerie|fotostrecke|photo|picture|image", re.IGNORECASE)
_CAPTION_PART = re.compile(r"__comments?\b.*$", re.IGNORECASE)


def _without_caption_part(token: str) -> str:
    """A class name without the part that names a gallery item's "comment": in BEM naming
    ("block__element"), the comment of a picture gallery's item is the text set under its
    picture, a caption of the piece, not a reader's comment ("gallery-comments" still is one)."""
    block, separator, _ = token.partition("__")
    if not separator or not _GALLERY_BLOCK.search(block):
        return token
    return _CAPTION_PART.sub("", token)


def is_button(element: Element) -> bool:
    """Whether a link's own class names it a button ("btn-primary", "commerce-button")."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return element.tag == "a" and not _LINK_AS_BUTTON.isdisjoint(_WORD.findall(names)) and container_role(element) == NAVIGATION


# Landmarks and dialogs that hold something beside the piece, however much text they hold: a
# sidebar's text widget, a cookie notice. (A layout class such as "content-sidebar-wrap" may hold
# the article: class words alone do not say this.)
_ASIDE_TAGS = frozenset({"aside"})
_DIALOG_ROLES = frozenset({"dialog", "alertdialog"})
# The Wayback Machine's toolbar, inserted at the top of every page it replays ("wm-ipp-base").
_ARCHIVE_TOOLBAR = "wm-ipp"
_CONSENT_WORDS = frozenset({"cookie", "cookies", "consent", "gdpr", "dsgvo", "cookiebanner", "cookienotice"})
# Only a whole class name or id: "modal-enabled" says what the article may open, not what it is.
_DIALOG_NAMES = frozenset({"modal", "popup", "dialog"})
_LIGHTBOX = "lightbox"  # a picture viewer: no article, though its links stay pictures


def is_aside(element: Element) -> bool:
    """Whether an element is a sidebar landmark or a dialog, never the article itself."""
    tag = element.tag
    if not isinstance(tag, str):
        return False
    identifier, role = element.get("id"), element.get("role")  # not by a view of them: see container_role
    if (identifier or "").startswith(_ARCHIVE_TOOLBAR):
        return True
    if tag.lower() in _ASIDE_TAGS or (role or "").lower() == "complementary" or _opens_as_dialog(tag, role, element):
        return True
    names = f"{element.get('class') or ''} {identifier or ''}".lower()
    words = names.split()
    return not _CONSENT_WORDS.isdisjoint(_WORD.findall(names)) or not _DIALOG_NAMES.isdisjoint(words) or _LIGHTBOX in words


def _opens_as_dialog(tag: str, role: str | None, element: Element) -> bool:
    """Whether an element is a dialog by its tag or role (its class names: see _named_role)."""
    return tag.lower() == "dialog" or (role or "").lower() in _DIALOG_ROLES or element.get("aria-modal") == "true"


# The markup the networks give for embedding one post ("<blockquote class='twitter-tweet'>"): a
# post the piece quotes, whatever the wrapper it is set in calls itself ("social-post").
_EMBEDDED_POST_CLASSES = frozenset(
    {"twitter-tweet", "instagram-media", "tiktok-embed", "bluesky-embed", "mastodon-embed", "reddit-embed-bq", "reddit-card", "threads-post", "fb-xfbml-parse-ignore"}
)


def is_embedded_post(element: Element) -> bool:
    """Whether an element is a network's embedded post, or a wrapper holding one and nothing else."""
    if not isinstance(element.tag, str):
        return False
    post = element if element.tag == "blockquote" else next(element.iter("blockquote"), None)
    if post is None or _EMBEDDED_POST_CLASSES.isdisjoint((post.get("class") or "").split()):
        return False
    return post is element or not element_text(element).replace(element_text(post), "").strip()
