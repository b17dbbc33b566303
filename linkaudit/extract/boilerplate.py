"""Links inside an article that are not citations: the page's furniture around the prose.

Share bars, tag and category lists, author boxes and bylines, related-content teasers, navigation,
reader comments, newsletter and social-profile boxes. They are recognised by the role their
container announces (class, id, landmark), by the link's own `rel`, or by the address itself (a
share endpoint, the site's own tag or author pages); each gets a reason a person can read.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

import lxml.etree

__all__ = ["NAVIGATION", "container_role", "is_aside", "is_licence_url", "is_same_site", "is_sister_site", "is_taxonomy_page", "link_role", "offers_document", "same_site_list_role", "site_of"]

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
# A link styled as a button is a call to act (buy, download the app, sign up), not a source.
# A document offered for download (a report, the piece's audio) is the piece's, button or form.
_DOCUMENT_FILE = re.compile(r"\.(?:pdf|mp3|ogg|m4a|mp4|docx?|xlsx?|pptx?|odt|epub|zip|csv)(?:[?#].*)?$", re.IGNORECASE)
_LINK_AS_BUTTON = frozenset({"btn", "button"})
_WORD = re.compile(r"[a-z0-9]+")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TAXONOMY_PREFIXES = ("category-", "tag-", "post_tag-", "format-", "status-", "type-", "has-")
# A form's links (terms, consent, log-in) belong to the form.
_TAG_LANDMARKS = {"nav": NAVIGATION, "aside": RELATED, "header": HEADER, "footer": FOOTER, "form": NAVIGATION, "fieldset": NAVIGATION}
_ROLE_LANDMARKS = {"navigation": NAVIGATION, "complementary": RELATED, "banner": HEADER, "contentinfo": FOOTER, "search": NAVIGATION}
# WordPress marks a picture's link to its attachment page "attachment wp-att-NNN".
_REL = {"tag": TAG, "category": TAG, "author": AUTHOR, "prev": NAVIGATION, "next": NAVIGATION, "attachment": IMAGE}

# Share endpoints of the common networks: a link that posts the page somewhere, never a source.
_SHARE_URL = re.compile(
    r"^(?:https?:)?//(?:[a-z0-9-]+\.)*(?:"
    r"facebook\.com/(?:sharer|share\.php|dialog/(?:share|feed|send))"
    r"|(?:twitter|x)\.com/(?:intent/|share\b|home\?status=)"
    r"|linkedin\.com/(?:shareArticle|sharing|cws/share)"
    r"|pinterest\.[a-z.]+/pin/create"
    r"|reddit\.com/submit|news\.ycombinator\.com/submitlink|digg\.com/submit|vk\.com/share\.php"
    r"|(?:api\.)?whatsapp\.com/send|wa\.me/|t(?:elegram)?\.me/share|xing\.com/(?:spi/shares|social/share|app/user\?op=share)"
    r"|tumblr\.com/(?:share|widgets/share)|getpocket\.com/(?:save|edit)|flipboard\.com/bookmarklet|buffer\.com/add|printfriendly\.com/print"
    r"|plus\.google\.com/share|del\.icio\.us/post|stumbleupon\.com/submit|mix\.com/add|bsky\.app/intent|addtoany\.com/(?:add_to|share)"
    r"|mastodonshare|toot\.kytta|threads\.net/intent"
    r")",
    re.IGNORECASE,
)
_SHARE_QUERY = re.compile(r"[?&](?:share|shared|sharer)=", re.IGNORECASE)
_WHATSAPP = re.compile(r"^(?:whatsapp|fb-messenger|sms):", re.IGNORECASE)
_READ_MORE = re.compile(
    r"^(?:read more|more|continue reading|mehr|mehr lesen|weiterlesen|lesen sie mehr|lire la suite|leer más|leia mais"
    r"|next|previous|(?:next|previous|prev) (?:article|post|story|page)|nächster artikel|vorheriger artikel|nächster beitrag"
    r"|vorheriger beitrag|article suivant|article précédent|siguiente artículo|artículo anterior"
    r"|back|back to (?:the )?(?:overview|list|index|top)|zurück|zurück zu[rm]? (?:übersicht|liste|anfang|start)|zur übersicht"
    r"|retour(?: à la liste)?|volver"
    r"|(?:zur )?bildergalerie|fotostrecke|(?:photo |picture )?gallery|alle bilder|zur galerie|galería de fotos|galerie photos)\W*$",
    re.IGNORECASE,
)
_EMAIL_PROTECTION = "/cdn-cgi/l/email-protection"  # Cloudflare's stand-in for an obfuscated address
# "MORE: <headline>", "Lesen Sie auch: <headline>": a teaser of another article set in the text.
_TEASER_LEAD = re.compile(
    r"^(?:more|mehr|related|read|check out|weiterlesen|read also|also read|read more|lesen sie auch|auch interessant|mehr zum thema"
    r"|das könnte dich auch interessieren|das könnte sie auch interessieren|lire aussi|à lire aussi|leer también"
    r"|dowiedz się więcej|czytaj też|czytaj także|przeczytaj też|leggi anche|lees ook|leia também|lue myös"
    # "Mehr zu dem spannenden Umbau lesen Sie hier: <headline>"
    r"|mehr\b[^:.!?]{0,60}\b(?:lesen sie|finden sie|erfahren sie)(?: hier)?)\s*[:»>|-]",
    re.IGNORECASE,
)
# "Foto: Timur | flickr | CC BY 2.0": who took a picture, not a source of the text.
_CREDIT_LEAD = re.compile(r"^(?:foto|fotos|photo|photos|bild|bilder|image|images|credit|quelle bild|©)\s*[:©]", re.IGNORECASE)
# "Hochfeld, Mai 2017 (c) <a>Hafenstaedter</a>": the link names who holds the picture's rights.
_CREDIT_MARK = re.compile(r"(?:©|\(c\)|(?:foto|photo|bild|image)(?::| via))\s*$", re.IGNORECASE)
# A picture's licence or its page on a picture library ("[CC BY-SA 3.0], via Wikimedia Commons").
_LICENCE_URL = re.compile(
    r"^https?://(?:[a-z0-9-]+\.)*(?:creativecommons\.org/(?:licenses|publicdomain)/"
    r"|commons\.wikimedia\.org/wiki/(?:file|datei|fichier|archivo|bestand):|unsplash\.com/(?:photos|@)|pixabay\.com/"
    r"|pexels\.com/(?:photo|@))",
    re.IGNORECASE,
)
_LIBRARY_CREDIT = re.compile(r"\bvia (?:wikimedia commons|unsplash|pixabay|pexels|flickr|wikipedia commons)\b", re.IGNORECASE)
# "Privacy policy", "YouTube privacy policy", "Impressum": the site's (or an embed's) legal pages.
_LEGAL_ANCHOR = re.compile(
    r"^(?:\S+ ){0,2}(?:privacy policy|privacy notice|cookie policy|cookie settings|terms of (?:use|service)|terms and conditions"
    r"|datenschutz|datenschutzerklärung|datenschutzhinweise?|nutzungsbedingungen|impressum|agb|mentions légales"
    r"|politique de confidentialité|política de privacidad|aviso legal)\W*$",
    re.IGNORECASE,
)
# "Subscribe to our newsletters", "Folgen Sie uns": a call to join the site's channels.
_SIGN_UP_ANCHOR = re.compile(
    r"^(?:subscribe|sign up|join our|follow us|abonnieren|jetzt abonnieren|newsletter abonnieren|folgen sie uns|folge uns"
    r"|abonnez-vous|suivez-nous|suscríbete|síguenos|subskrybuj|obserwuj nas|iscriviti|seguici|inscreva-se|siga-nos|abonneer|volg ons)\b",
    re.IGNORECASE,
)
# The site's channels that are not a network's profile: its publication page on Google News, its
# e-edition's landing page, and links copied from its newsletter through the mailer's click tracker.
_CHANNEL_URL = re.compile(
    r"^https?://(?:news\.google\.com/publications/|[\w.-]*\.newsmemory\.com/|[\w.-]*\.pressreader\.com/?$"
    r"|[\w.-]*\.acemln[a-d]\.com/|[\w.-]*\.list-manage\.com/track/|ct\.sendgrid\.net/|r20\.rs6\.net/|click\.mailerlite\.com/)",
    re.IGNORECASE,
)
# "seelenradio is powered by WordPress with theme Greenery / XHTML · CSS": the site's machinery.
_SITE_MACHINERY = re.compile(r"\b(?:proudly )?powered by\b|\bbetrieben mit\b|\bpropulsé par\b|\bdesign(?:ed)? by\b.*\btheme\b", re.IGNORECASE)
_MACHINERY_LINE = 80
# A forum's or a blog's own machinery: a quoted post's "Nixe said:" link back to it, its reactions,
# the blog software's edit and e-mail-this-post icons.
_QUOTE_ATTRIBUTION = re.compile(r"^.{1,60}\b(?:said|wrote|schrieb|sagte|a écrit|escribió):$", re.IGNORECASE)
_POST_MACHINERY = re.compile(r"/posts/\d+/reactions\b|/goto/post\b|^https?://(?:www\.)?blogger\.com/(?:post-edit|email-post)\.g\b", re.IGNORECASE)
# A link whose words are only a date or a post's number is a post's permalink or its day's archive
# ("Sep 18, 2020", "#3").
_PERMALINK_ANCHOR = re.compile(
    r"^(?:#\d{1,6}|\d{1,2}[./]\s?\d{1,2}[./]\s?\d{2,4}|\d{4}-\d{2}-\d{2}|(?:\d{1,2}\.?\s)?[A-Za-zäéû]{3,9}\.?\s\d{1,2},?\s\d{4}|\d{1,2}\.?\s[A-Za-zäéû]{3,9}\.?\s\d{4})$"
)
# A post's comment feed and trackback address.
_FEED_URL = re.compile(r"/(?:feed|trackback|rss)/?(?:[?#].*)?$|/comments/feed/?$", re.IGNORECASE)
# The address says where on the page the link sits ("?ref=footer_website").
_REGION_QUERY = re.compile(r"[?&](?:ref|src|source|utm_medium|utm_content)=(?:footer|sidebar|header|nav|menu|widget)", re.IGNORECASE)
# Or that it sits in a box of other stories ("?itm_campaign=BottomRelatedStories", "?intcmp=recirc-module").
_RELATED_QUERY = re.compile(
    r"[?&](?:utm_campaign|utm_content|itm_campaign|itm_content|itm_medium|intcmp|icid)=[^&#]*(?:related|recirc|morestories|readmore|recommend)",
    re.IGNORECASE,
)
# "Wenn Ihnen dieser Artikel gefallen hat, können Sie mich durch eine <a>Spende</a> unterstützen."
_DONATION_URL = re.compile(
    r"^https?://(?:www\.)?(?:paypal\.me/|paypal\.com/(?:donate|paypalme/|cgi-bin/webscr)|ko-fi\.com/|buymeacoffee\.com/"
    r"|steadyhq\.com/|liberapay\.com/|buy\.stripe\.com/|donate\.stripe\.com/)",
    re.IGNORECASE,
)
_UTM_SOURCE = re.compile(r"[?&]utm_source=([^&#]+)", re.IGNORECASE)
# "Vergrößern (Bildquelle: …)", "Vollbild", "Grafik herunterladen": the picture shown larger or saved.
_ENLARGE = re.compile(
    r"^(?:zoom|enlarge|vergrößern|bild vergrößern|agrandir|ampliar|vollbild|full ?screen|view full size"
    r"|(?:bild|grafik|foto) (?:herunterladen|speichern)|download (?:image|picture|graphic))(?:$|\s*[(:|])",
    re.IGNORECASE,
)
# A tell-a-friend form: the page sent on, like a share button.
_SEND_TO_FRIEND = re.compile(r"/(?:[\w-]*/)?(?:mailtofriend|tell-?a-?friend|send-?to-?friend|weiterempfehlen)\b", re.IGNORECASE)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:[?#].*)?$", re.IGNORECASE)
# The site's own pages of a kind, by a path segment.
_TAXONOMY_PATH = re.compile(r"/(?:tags?|category|categories|kategorie|schlagworte?|stichworte?|themen?|topics?|label|search/label)/", re.IGNORECASE)
_SITE_PAGES = (
    (TAG, _TAXONOMY_PATH),
    (AUTHOR, re.compile(r"/(?:author|authors|autor|autoren|autorin|profile|perfil|people/author|members?|users?)/", re.IGNORECASE)),
    (SOCIAL, re.compile(r"/(?:newsletter|subscribe|abonnieren|abo|signup|login|register|registrieren|registrierung)(?:[-_/?#.]|$)", re.IGNORECASE)),
    # A script's page for it ("index.php?site=register").
    (SOCIAL, re.compile(r"[?&](?:site|page|action|do|task)=(?:register|registration|login|signup|subscribe)(?:[&#]|$)", re.IGNORECASE)),
    # "/news/sign-up-newsletter-download-app-17985964": a sign-up page however its name goes on.
    (SOCIAL, re.compile(r"/[\w-]*(?:sign-?up|subscribe)[\w-]*newsletter|/[\w-]*newsletter[\w-]*(?:sign-?up|subscribe)", re.IGNORECASE)),
    # The site's own donation and membership pages ("/unterstuetzen", "/spenden", "/donate").
    (ADVERT, re.compile(r"/(?:unterst(?:ue|ü|%c3%bc)tzen|spenden|jetzt-spenden|donate|donation|donations|support-us|mitglied-werden|become-a-member)(?:[-_/?#.]|$)", re.IGNORECASE)),
    (COMMENT, re.compile(r"#(?:comments?|respond|disqus_thread|comment-\d+)$|/comment-page-\d+|[?&]replytocom=", re.IGNORECASE)),
)


def container_role(element: Element) -> str | None:
    """The role an element inside the article announces for every link it holds, or None."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    landmark = _TAG_LANDMARKS.get(tag.lower())
    attributes = element.attrib
    if landmark is None and "role" in attributes:
        landmark = _ROLE_LANDMARKS.get(attributes["role"].lower())
    if landmark is not None:
        return landmark
    classes, identifier = attributes.get("class"), attributes.get("id")
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
    # WordPress and others name a post's categories and tags in its classes ("category-social",
    # "tag-newsletter"): those say what the post is about, not what the container is.
    words = [word for token in names.split() if not token.startswith(_TAXONOMY_PREFIXES) for word in _WORD.findall(token)]
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
    if is_link and not _LINK_AS_BUTTON.isdisjoint(words):
        return NAVIGATION
    return None


_remembered_named_role = functools.lru_cache(maxsize=4096)(_named_role)


# Landmarks and dialogs that hold something beside the piece, however much text they hold: a
# sidebar's text widget, a cookie notice. (A layout class such as "content-sidebar-wrap" may hold
# the article: class words alone do not say this.)
_ASIDE_TAGS = frozenset({"aside"})
_ASIDE_ROLES = frozenset({"complementary", "dialog", "alertdialog"})
# The Wayback Machine's toolbar, inserted at the top of every page it replays ("wm-ipp-base").
_ARCHIVE_TOOLBAR = "wm-ipp"
_CONSENT_WORDS = frozenset({"cookie", "cookies", "consent", "gdpr", "dsgvo", "cookiebanner", "cookienotice"})
# Only a whole class name: "modal-enabled" says what the article may open, not what it is.
_DIALOG_NAMES = frozenset({"modal", "popup", "lightbox"})


def is_aside(element: Element) -> bool:
    """Whether an element is a sidebar landmark or a dialog, never the article itself."""
    tag = element.tag
    if not isinstance(tag, str):
        return False
    attributes = element.attrib
    if (attributes.get("id") or "").startswith(_ARCHIVE_TOOLBAR):
        return True
    if tag.lower() in _ASIDE_TAGS or (attributes.get("role") or "").lower() in _ASIDE_ROLES or attributes.get("aria-modal") == "true":
        return True
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()
    return not _CONSENT_WORDS.isdisjoint(_WORD.findall(names)) or not _DIALOG_NAMES.isdisjoint(names.split())


def link_role(
    element: Element, written: str, url: str, *, site: str | None, page: str | None, anchor: str, claim: str
) -> str | None:
    """Why a link is page furniture by itself (its rel, its words or its address), or None."""
    rel = (element.get("rel") or "").lower()
    if rel:
        for word in rel.split():
            role = _REL.get(word)
            if role is not None:
                return role
    if _SHARE_URL.match(_archived(url) or url) or _WHATSAPP.match(written.strip()):
        return SHARE
    if _READ_MORE.match(anchor) or _TEASER_LEAD.match(claim):
        return RELATED
    if _CREDIT_LEAD.match(claim) or _credited(anchor, claim) or _LICENCE_URL.match(url) or _LIBRARY_CREDIT.search(claim):
        return CREDIT
    if _LEGAL_ANCHOR.match(anchor) or _REGION_QUERY.search(url) or _is_machinery_line(claim) or _FEED_URL.search(url):
        return NAVIGATION
    if _SIGN_UP_ANCHOR.match(anchor) or _CHANNEL_URL.match(url):
        return SOCIAL
    if _QUOTE_ATTRIBUTION.match(anchor) or _POST_MACHINERY.search(url):
        return COMMENT
    if _promotes_own_site(url, site) or _DONATION_URL.match(url):
        return ADVERT
    if _RELATED_QUERY.search(url):
        return RELATED
    if _ENLARGE.match(anchor):
        return IMAGE  # the picture opened larger, wherever that is
    same_site = is_same_site(url, written, site)
    if _IMAGE_FILE.search(url) and (not anchor or element.find(".//img") is not None or (same_site and anchor == claim)):
        return IMAGE  # a picture that opens larger: the picture is not a source
    if (same_site or is_sister_site(url, site)) and not offers_document(url):
        if _is_picture_only(element):
            return IMAGE  # a picture linked to its page on the site (an attachment page, a gallery, a shop)
        if not anchor.strip():
            return RELATED  # a teaser's picture drawn by its style sheet, an icon
    if _SEND_TO_FRIEND.search(url):
        return SHARE
    if not same_site and _is_picture_only(element) and _is_banner(element.find(".//img")):
        return ADVERT  # a leaderboard banner to an advertiser, however it is labelled
    if _PHOTO_ALBUM.match(url) and anchor == claim:
        return IMAGE  # "Bilder des Treffens": the pictures, not a source
    if same_site and anchor == claim and _is_section_of(url, page):
        return NAVIGATION  # the section the page sits in, named above or below it (a breadcrumb)
    if _EMAIL_PROTECTION in url:
        return "e-mail address"
    if page is not None and url.split("#", 1)[0].rstrip("/") == page.split("#", 1)[0].rstrip("/") and "#" not in url:
        return SELF
    if is_sister_site(url, site) and _is_headline(element, anchor):
        return RELATED  # the heading of a box of the site's recipes, shop or forum
    if is_same_site(url, written, site):
        if _SHARE_QUERY.search(url):
            return SHARE
        if _is_headline(element, anchor):
            return RELATED
        if _is_home_page(url) and not _in_a_sentence(anchor, claim):
            return NAVIGATION  # "Weselpower's Blog" under the post; the site named in a sentence is cited
        if _PERMALINK_ANCHOR.match(anchor):
            return NAVIGATION
        for role, pattern in _SITE_PAGES:
            if pattern.search(url) and (role != TAG or not _in_a_sentence(anchor, claim)):
                return role
    return None


_BANNER_RATIO = 3.5  # a leaderboard (728x90, 1170x293) is about four times as wide as high or more
_BANNER_WIDTH = 300
_PHOTO_ALBUM = re.compile(r"^https?://(?:www\.)?(?:flickr\.com/photos/[^/]+/(?:albums|sets)/|photos\.app\.goo\.gl/|photos\.google\.com/(?:share|album)/)", re.IGNORECASE)


def _is_banner(image: Element | None) -> bool:
    """A picture shaped like an advertising banner, by its declared size."""
    if image is None:
        return False
    try:
        width, height = int(image.get("width") or 0), int(image.get("height") or 0)
    except ValueError:
        return False
    return width >= _BANNER_WIDTH and height > 0 and width >= _BANNER_RATIO * height


def _is_section_of(url: str, page: str | None) -> bool:
    """Whether an address is a section above the page's own ("/themen-specials/coronaschutz" for
    "/themen-specials/coronaschutz/2g-3g"), not the site's home page."""
    if page is None:
        return False
    try:
        section, own = urlsplit(url), urlsplit(page)
    except ValueError:
        return False
    path = section.path.rstrip("/")
    return bool(path) and not section.query and own.path.startswith(path + "/") and own.path.rstrip("/") != path


def _is_headline(element: Element, anchor: str) -> bool:
    """A link that is a whole heading: the headline of another of the site's pieces."""
    parent = element.getparent()
    if parent is None or not isinstance(parent.tag, str) or parent.tag not in _HEADINGS:
        return False
    return bool(anchor) and len(anchor) >= len("".join(parent.itertext()).strip()) - 2


def _is_picture_only(element: Element) -> bool:
    """A link that shows a picture and no text of its own (its alt text is not read as words)."""
    return element.find(".//img") is not None and not "".join(element.itertext()).strip()


def is_licence_url(url: str) -> bool:
    """A picture's licence or its page on a picture library."""
    return bool(_LICENCE_URL.match(url))


def _is_home_page(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.path in ("", "/") and not parts.query


def _promotes_own_site(url: str, site: str | None) -> bool:
    """A link the site tagged as its own traffic (utm_source names it) to a sister site (its
    shop, its membership page): the publisher's promotion, not a source."""
    source = _UTM_SOURCE.search(url)
    if source is None or site is None:
        return False
    label = site.split(".")[-2] if "." in site else site
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return len(label) >= 4 and label in source.group(1).lower() and label in host


def _is_machinery_line(claim: str) -> bool:
    """A short line naming the software and theme a site runs on ("comments powered by Disqus");
    a sentence of the piece that happens to say "powered by" is longer."""
    return len(claim) <= _MACHINERY_LINE and bool(_SITE_MACHINERY.search(claim))


def is_taxonomy_page(url: str) -> bool:
    """Whether an address is one of a site's tag, category or topic pages (by its path)."""
    return bool(_TAXONOMY_PATH.search(url))


def _in_a_sentence(anchor: str, claim: str) -> bool:
    """Whether a link's words are part of a longer sentence (a name in the text linked to the
    site's page on it), not a label standing alone (a tag list, a kicker)."""
    return len(claim) >= len(anchor) + 40


def _credited(anchor: str, claim: str) -> bool:
    at = claim.find(anchor) if anchor else -1
    # The mark before the link, or ending with it ("Bild <a>via</a>").
    return at > 0 and bool(_CREDIT_MARK.search(claim, 0, at) or _CREDIT_MARK.search(claim, 0, at + len(anchor)))


def offers_document(url: str) -> bool:
    """Whether a link leads to a document file (a report, a recording), not a page."""
    return bool(_DOCUMENT_FILE.search(url))


# The Wayback Machine's replay of a page: the site is the archived one, and so is each link's.
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/\d{1,14}[a-z_]*/(?:(https?:)/*)?(.+)$", re.IGNORECASE)


def _archived(url: str) -> str | None:
    """The original address of a Wayback Machine replay address, or None."""
    found = _ARCHIVED.match(url)
    return f"{found.group(1) or 'http:'}//{found.group(2)}" if found else None


def is_same_site(url: str, written: str, site: str | None) -> bool:
    """A relative link, or one to the page's own host (www. aside)."""
    original = _archived(url)
    if original is not None:
        return site is not None and site_of(original) == site
    stripped = written.strip()
    if not stripped.lower().startswith(("http:", "https:", "//")):
        return True
    if site is None:
        return False
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return _ascii_host(host).removeprefix("www.") == site


# Second-level names under which registries sell names (example.co.uk, example.com.au).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"})


def registered_domain(host: str) -> str:
    """The name a site registered ("deleuze.enacademic.com" -> "enacademic.com"), without a
    public-suffix list: a short generic second level under a country code counts as suffix."""
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def is_sister_site(url: str, site: str | None) -> bool:
    """A link to another host of the same registered name: the site's dictionaries, shop, media."""
    if site is None:
        return False
    try:
        host = _ascii_host((urlsplit(_archived(url) or url).hostname or "").lower())
    except ValueError:
        return False
    return bool(host) and registered_domain(host) == registered_domain(site)


def site_of(url: str | None) -> str | None:
    """The host a page lives on, www. aside, or None."""
    if not url:
        return None
    url = _archived(url) or url
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    return _ascii_host(host).removeprefix("www.") or None


def _ascii_host(host: str) -> str:
    """A host as links write it: an internationalised name in its xn-- form."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def same_site_list_role(items: list[tuple[str, str]], site: str | None, text_length: int, link_text_length: int) -> str | None:
    """A list made of links to the site's own pages (a teaser list, a menu) is not the piece's
    sources; a list of links to other sites (further reading, references) is."""
    if len(items) < 3 or not text_length or link_text_length < 0.7 * text_length:
        return None
    own = sum(1 for written, url in items if is_same_site(url, written, site) or is_sister_site(url, site))
    return RELATED if own >= 0.8 * len(items) else None
