"""The addresses of page furniture: what a link's URL alone gives away.

Share endpoints, the networks' hashtag pages, feeds, licences and picture libraries, the site's own
tag, author, sign-up, donation and legal pages, tracking parameters that name a page region or a box
of other stories. boilerplate.py says which role each gives and when.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from linkaudit.extract.container_roles import ADVERT, AUTHOR, COMMENT, SOCIAL, TAG

# A document offered for download (a report, the piece's audio) is the piece's, button or form.
_DOCUMENT_FILE = re.compile(r"\.(?:pdf|mp3|ogg|m4a|mp4|docx?|xlsx?|pptx?|odt|epub|zip|csv)(?:[?#].*)?$", re.IGNORECASE)
# A file served by a script's download call, in its query ("index.php?r=files/file/download&id=…",
# "?action=download"): a document whatever its name; "/app/download" and "/downloads/…html" are pages.
_DOWNLOAD_CALL = re.compile(r"\?[^#]*[/=][Dd]ownload(?:[&#]|$)")
# The link's rel written into the address by the networks' old authorship markup ("…/?rel=author").
REL_QUERY = re.compile(r"[?&]rel=(?:author|publisher|me)(?:[&#]|$)", re.IGNORECASE)
# A network's page of posts under a hashtag ("Hashtag #bcg15", "tag #flawlessfooduk").
HASHTAG_PAGE = re.compile(
    r"^https?://(?:www\.|m\.)?(?:(?:twitter|x)\.com/hashtag/|instagram\.com/explore/tags/|facebook\.com/hashtag/|tiktok\.com/tag/"
    r"|linkedin\.com/feed/hashtag/|threads\.net/(?:tag|search)\b)",
    re.IGNORECASE,
)
# The site's legal notice, privacy and terms pages, by the last part of their address ("/impressum",
# "/kontakt-impressum/", "/privacy-policy"): linked on any words ("per E-Mail"), the house's page.
LEGAL_PAGE = re.compile(
    r"/(?:[\w-]*-)?(?:impressum|imprint|legal-notice|mentions-legales|aviso-legal|datenschutz|datenschutzerklaerung|privacy-policy|privacy-notice"
    r"|politica-de-privacidad|cookie-policy|agb|nutzungsbedingungen|terms-of-use|terms-of-service|terms-and-conditions)"
    r"(?:\.(?:html?|php|aspx?))?/?(?:[?#].*)?$",
    re.IGNORECASE,
)

# Share endpoints of the common networks: a link that posts the page somewhere, never a source.
SHARE_URL = re.compile(
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
SHARE_QUERY = re.compile(r"[?&](?:share|shared|sharer)=", re.IGNORECASE)
WHATSAPP = re.compile(r"^(?:whatsapp|fb-messenger|sms):", re.IGNORECASE)
# The Wayback Machine's replay of a link that was never a web address ("/web/2016…/mailto:…").
REPLAYED_SCHEME = re.compile(r"^https?://web\.archive\.org/web/\d{1,14}[a-z_]*/((?!https?:)[a-z][a-z0-9+.-]*:.*)$", re.IGNORECASE)
EMAIL_PROTECTION = "/cdn-cgi/l/email-protection"  # Cloudflare's stand-in for an obfuscated address
# A picture's licence or its page on a picture library ("[CC BY-SA 3.0], via Wikimedia Commons").
LICENCE_URL = re.compile(
    r"^https?://(?:[a-z0-9-]+\.)*(?:creativecommons\.org/(?:licenses|publicdomain)/"
    r"|commons\.wikimedia\.org/wiki/(?:file|datei|fichier|archivo|bestand):|unsplash\.com/(?:photos|@)|pixabay\.com/"
    r"|pexels\.com/(?:photo|@)"
    # Stock-picture agencies' page of the picture shown ("Fotolia 755112 - deadline concept").
    r"|stock\.adobe\.com/(?:[a-z]{2}/)?(?:images|stock-photo)/|fotolia\.com/id/|shutterstock\.com/(?:[a-z-]+/)?image-|istockphoto\.com/(?:[a-z-]+/)?(?:photo|foto)/"
    r"|gettyimages\.[a-z.]+/detail/|depositphotos\.com/\d|123rf\.com/photo_|dreamstime\.com/[\w-]*image\d"
    r")"
    # The site's own copy of the free licence its texts are given under ("/downloads/gnulicense.pdf").
    r"|^https?://[^?#]*/(?:gnu-?(?:fdl|license|licence)|fdl|gpl)[\w-]*\.(?:pdf|html?|txt)$",
    re.IGNORECASE,
)
# The site's channels that are not a network's profile: its publication page on Google News, its
# e-edition's landing page, and links copied from its newsletter through the mailer's click tracker.
CHANNEL_URL = re.compile(
    r"^https?://(?:news\.google\.com/publications/|[\w.-]*\.newsmemory\.com/|[\w.-]*\.pressreader\.com/?$"
    r"|[\w.-]*\.acemln[a-d]\.com/|[\w.-]*\.list-manage\.com/track/|ct\.sendgrid\.net/|r20\.rs6\.net/|click\.mailerlite\.com/)",
    re.IGNORECASE,
)
# A forum's or a blog's own machinery: its reactions, the blog software's edit and e-mail-this-post icons.
POST_MACHINERY = re.compile(r"/posts/\d+/reactions\b|/reactions/?(?:[?#]|$)|/goto/post\b|^https?://(?:www\.)?blogger\.com/(?:post-edit|email-post)\.g\b", re.IGNORECASE)
# A post's comment feed and trackback address; a feed to subscribe to ("rss.php?firma=…", "…/news.rss").
FEED_URL = re.compile(
    r"/(?:feed|trackback|rss)/?(?:[?#].*)?$|/comments/feed/?$|/(?:rss|atom|feed)\d?\.(?:php|xml)(?:[?#]|$)|\.(?:rss|atom)(?:[?#]|$)", re.IGNORECASE
)
# The address says where on the page the link sits ("?ref=footer_website").
REGION_QUERY = re.compile(r"[?&](?:ref|src|source|utm_medium|utm_content)=(?:footer|sidebar|header|nav|menu|widget)", re.IGNORECASE)
# A page's revision history ("index.php?title=…&action=history", a repository's "a=history"): the
# wiki's or the site's machinery, listing who edited it.
PAGE_HISTORY = re.compile(r"[?&;](?:action|a)=history(?:[&;#]|$)", re.IGNORECASE)
# Or that it sits in a box of other stories ("?itm_campaign=BottomRelatedStories", "?intcmp=recirc-module").
RELATED_QUERY = re.compile(
    r"[?&](?:utm_campaign|utm_content|itm_campaign|itm_content|itm_medium|intcmp|icid)=[^&#]*(?:related|recirc|morestories|readmore|recommend)"
    # The house's own traffic: a link its push notifications or its cross-promotion sent ("utm_medium=owned").
    r"|[?&]utm_medium=(?:owned|browserpush|push|webpush|crosspromo|cross-promo|house|inhouse|internal|selfpromo)(?:[&#]|$)",
    re.IGNORECASE,
)
# "Wenn Ihnen dieser Artikel gefallen hat, können Sie mich durch eine <a>Spende</a> unterstützen."
DONATION_URL = re.compile(
    r"^https?://(?:www\.)?(?:paypal\.me/|paypal\.com/(?:donate|paypalme/|cgi-bin/webscr)|ko-fi\.com/|buymeacoffee\.com/"
    r"|steadyhq\.com/|liberapay\.com/|buy\.stripe\.com/|donate\.stripe\.com/)",
    re.IGNORECASE,
)
_UTM_SOURCE = re.compile(r"[?&]utm_source=([^&#]+)", re.IGNORECASE)
# A tell-a-friend form: the page sent on, like a share button.
SEND_TO_FRIEND = re.compile(r"/(?:[\w-]*/)?(?:mailtofriend|tell-?a-?friend|send-?to-?friend|weiterempfehlen)\b", re.IGNORECASE)
IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:[?#].*)?$", re.IGNORECASE)
# The site's own pages of a kind, by a path segment.
# "/newscategory/10/…": a category of the site's items, whatever they are called.
_TAXONOMY_PATH = re.compile(
    r"/(?:tags?|[a-z]*category|categories|cat|kategorie|schlagworte?|stichworte?|themen?|thema|tema|temas|tematy|temat|tagi|topics?|label|search/label)/", re.IGNORECASE
)
# A site's search for a keyword ("/search/?q=docker", WordPress's "/?s=docker"): it lists the site's
# pages on that keyword, as a tag page does.
_SITE_SEARCH = re.compile(
    r"/(?:search|suche|recherche|buscar|busca|szukaj|cerca|zoeken)(?:/|\.\w+)?\?(?:[^#]*&)?(?:q|s|query|search|term|keywords?)=[^&#]"
    r"|/\?s=[^&#]",
    re.IGNORECASE,
)
COMMENTS = re.compile(r"#(?:comments?|respond|disqus_thread|comment-\d+)$|/comment-page-\d+|[?&]replytocom=", re.IGNORECASE)
ONE_COMMENT = re.compile(r"#comment-\d+$", re.IGNORECASE)  # one reader's comment, not the section
SITE_PAGES = (
    (TAG, _TAXONOMY_PATH),
    (AUTHOR, re.compile(r"/(?:author|authors|autor|autoren|autorin|auteur|auteurs|profile|perfil|people/author|members?|users?)/", re.IGNORECASE)),
    # A think tank's or a magazine's page for each of its experts, by name ("/eksperci/jan-kowalski");
    # an article in its experts' section has a longer slug.
    (AUTHOR, re.compile(r"/(?:experts?|experten|eksperci|expertos)/[^\W\d_]+(?:-[^\W\d_]+){1,3}/?$", re.IGNORECASE)),
    (SOCIAL, re.compile(r"/(?:newsletter|subscribe|abonnieren|abo|signup|login|register|registrieren|registrierung)(?:[-_/?#.]|$)", re.IGNORECASE)),
    # A script's page for it ("index.php?site=register").
    (SOCIAL, re.compile(r"[?&](?:site|page|action|do|task)=(?:register|registration|login|signup|subscribe)(?:[&#]|$)", re.IGNORECASE)),
    # "/news/sign-up-newsletter-download-app-17985964": a sign-up page however its name goes on.
    (SOCIAL, re.compile(r"/[\w-]*(?:sign-?up|subscribe)[\w-]*newsletter|/[\w-]*newsletter[\w-]*(?:sign-?up|subscribe)", re.IGNORECASE)),
    # The site's own account page and its app ("/my-account/", "/app/", "/apolut_app.apk"): the path
    # ends there; an article whose name starts with "app" goes on.
    (SOCIAL, re.compile(r"/(?:my-account|account|mein-konto|apps?)/?(?:[?#]|$)|\.apk(?:[?#]|$)", re.IGNORECASE)),
    # The site's own donation and membership pages ("/unterstuetzen", "/spenden", "/donate").
    (ADVERT, re.compile(r"/(?:unterst(?:ue|ü|%c3%bc)tzen|spenden|jetzt-spenden|donate|donation|donations|support-us|mitglied-werden|become-a-member"
    r"|wesprzyj(?:-nas)?|wspieraj|(?:kalkulator-)?darowizn[ay]?|faire-un-don|contribute)(?:[-_/?#.]|$)", re.IGNORECASE)),
    (COMMENT, COMMENTS),
)


PHOTO_ALBUM = re.compile(r"^https?://(?:www\.)?(?:flickr\.com/photos/[^/]+/(?:albums|sets)/|photos\.app\.goo\.gl/|photos\.google\.com/(?:share|album)/)", re.IGNORECASE)

_PAGE_FILE = re.compile(r"(?:/index)?\.(?:html?|php|aspx?|jsp)$", re.IGNORECASE)


def is_section_of(url: str, page: str | None) -> bool:
    """Whether an address is a section above the page's own ("/themen-specials/coronaschutz" for
    "/themen-specials/coronaschutz/2g-3g"), not the site's home page."""
    if page is None:
        return False
    try:
        section, own = urlsplit(url), urlsplit(page)
    except ValueError:
        return False
    # A section's own page may be a file named like the folder its pages sit in ("/raumklima.html"
    # over "/raumklima/kondenswasser.html").
    path = _PAGE_FILE.sub("", section.path.rstrip("/"))
    return bool(path) and not section.query and own.path.startswith(path + "/") and own.path.rstrip("/") != path


def is_licence_url(url: str) -> bool:
    """A picture's licence or its page on a picture library."""
    return bool(LICENCE_URL.match(url))


def is_home_page(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.path in ("", "/") and not parts.query


def promotes_own_site(url: str, site: str | None) -> bool:
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


def is_taxonomy_page(url: str) -> bool:
    """Whether an address is one of a site's tag, category or topic pages (by its path)."""
    return bool(_TAXONOMY_PATH.search(url))


def is_site_search(url: str) -> bool:
    """Whether an address is a site's search for a keyword."""
    return bool(_SITE_SEARCH.search(url))


def offers_document(url: str) -> bool:
    """Whether a link leads to a document file (a report, a recording), not a page."""
    return bool(_DOCUMENT_FILE.search(url) or ("ownload" in url and _DOWNLOAD_CALL.search(url)))
