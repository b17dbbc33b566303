"""Links inside an article that are not citations: the page's furniture around the prose.

Share bars, tag and category lists, author boxes and bylines, related-content teasers, navigation,
reader comments, newsletter and social-profile boxes. They are recognised by the role their
container announces (class, id, landmark), by the link's own `rel`, or by the address itself (a
share endpoint, the site's own tag or author pages); each gets a reason a person can read.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.etree

from linkaudit.extract.container_roles import (
    ADVERT,
    AUTHOR,
    COMMENT,
    CREDIT,
    IMAGE,
    NAVIGATION,
    PLAYER,
    RELATED,
    SELF,
    SHARE,
    SOCIAL,
    TAG,
)
from linkaudit.extract.common import non_citation_reason
from linkaudit.extract.furniture_words import (
    ABOUT_US,
    AD_LABEL,
    CALL_LINE,
    COPYRIGHT_LINE,
    CONTACT_ADDRESS_LEAD,
    CORRECTION_ANCHOR,
    DISCLAIMER,
    EXPLAINER_ANCHOR,
    HASHTAG_CALL,
    LAST_EDITED_BY,
    CREDIT_LEAD,
    CREDIT_MARK,
    EMAIL_THIS,
    ENLARGE,
    LEGAL_ANCHOR,
    LIBRARY_CREDIT,
    MORE_NEWS_LINE,
    MORE_OF_OURS,
    NEWSLETTER_ANCHOR,
    NEXT_OR_BACK,
    PERMALINK_ANCHOR,
    PRINT_ANCHOR,
    QUOTE_ATTRIBUTION,
    READ_MORE,
    RIGHTS_ANCHOR,
    SECTION_LABEL,
    SIGN_UP_ANCHOR,
    TEASER_LEAD,
)
from linkaudit.extract.sites import archived_original, is_same_site, is_sister_site, site_of

# NAVIGATION and site_of are reached from here too, with the link roles they go with.
__all__ = [
    "NAVIGATION", "continues_a_sentence", "is_licence_url", "is_machinery_line", "is_site_search", "is_taxonomy_page", "link_role", "offers_document", "same_site_list_role",
    "site_of",
]

Element = lxml.etree._Element

# A document offered for download (a report, the piece's audio) is the piece's, button or form.
_DOCUMENT_FILE = re.compile(r"\.(?:pdf|mp3|ogg|m4a|mp4|docx?|xlsx?|pptx?|odt|epub|zip|csv)(?:[?#].*)?$", re.IGNORECASE)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# WordPress marks a picture's link to its attachment page "attachment wp-att-NNN".
# "publisher" and "me" name the site's or the writer's own profile (a byline's "Google+" beside the name).
_REL = {
    "tag": TAG, "category": TAG, "author": AUTHOR, "publisher": AUTHOR, "me": AUTHOR, "prev": NAVIGATION, "next": NAVIGATION, "attachment": IMAGE,
}
# The same, written into the address by the networks' old authorship markup ("…/?rel=author").
_REL_QUERY = re.compile(r"[?&]rel=(?:author|publisher|me)(?:[&#]|$)", re.IGNORECASE)
# A network's page of posts under a hashtag ("Hashtag #bcg15", "tag #flawlessfooduk").
_HASHTAG_PAGE = re.compile(
    r"^https?://(?:www\.|m\.)?(?:(?:twitter|x)\.com/hashtag/|instagram\.com/explore/tags/|facebook\.com/hashtag/|tiktok\.com/tag/"
    r"|linkedin\.com/feed/hashtag/|threads\.net/(?:tag|search)\b)",
    re.IGNORECASE,
)
# The site's legal notice, privacy and terms pages, by the last part of their address ("/impressum",
# "/kontakt-impressum/", "/privacy-policy"): linked on any words ("per E-Mail"), the house's page.
_LEGAL_PAGE = re.compile(
    r"/(?:[\w-]*-)?(?:impressum|imprint|legal-notice|mentions-legales|aviso-legal|datenschutz|datenschutzerklaerung|privacy-policy|privacy-notice"
    r"|politica-de-privacidad|cookie-policy|agb|nutzungsbedingungen|terms-of-use|terms-of-service|terms-and-conditions)"
    r"(?:\.(?:html?|php|aspx?))?/?(?:[?#].*)?$",
    re.IGNORECASE,
)

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
# The Wayback Machine's replay of a link that was never a web address ("/web/2016…/mailto:…").
_REPLAYED_SCHEME = re.compile(r"^https?://web\.archive\.org/web/\d{1,14}[a-z_]*/((?!https?:)[a-z][a-z0-9+.-]*:.*)$", re.IGNORECASE)
_EMAIL_PROTECTION = "/cdn-cgi/l/email-protection"  # Cloudflare's stand-in for an obfuscated address
# A picture's licence or its page on a picture library ("[CC BY-SA 3.0], via Wikimedia Commons").
_LICENCE_URL = re.compile(
    r"^https?://(?:[a-z0-9-]+\.)*(?:creativecommons\.org/(?:licenses|publicdomain)/"
    r"|commons\.wikimedia\.org/wiki/(?:file|datei|fichier|archivo|bestand):|unsplash\.com/(?:photos|@)|pixabay\.com/"
    r"|pexels\.com/(?:photo|@))",
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
# "Posted from Diigo": the tool that posted the entry, as its own line says.
_SITE_MACHINERY = re.compile(r"\b(?:proudly )?powered by\b|\bposted (?:from|with|using)\b|\bbetrieben mit\b|\bpropulsé par\b|\bdesign(?:ed)? by\b.*\btheme\b", re.IGNORECASE)
_MACHINERY_LINE = 80
# A forum's or a blog's own machinery: its reactions, the blog software's edit and e-mail-this-post icons.
_POST_MACHINERY = re.compile(r"/posts/\d+/reactions\b|/reactions/?(?:[?#]|$)|/goto/post\b|^https?://(?:www\.)?blogger\.com/(?:post-edit|email-post)\.g\b", re.IGNORECASE)
# A post's comment feed and trackback address; a feed to subscribe to ("rss.php?firma=…", "…/news.rss").
_FEED_URL = re.compile(
    r"/(?:feed|trackback|rss)/?(?:[?#].*)?$|/comments/feed/?$|/(?:rss|atom|feed)\.(?:php|xml)(?:[?#]|$)|\.(?:rss|atom)(?:[?#]|$)", re.IGNORECASE
)
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
# A tell-a-friend form: the page sent on, like a share button.
_SEND_TO_FRIEND = re.compile(r"/(?:[\w-]*/)?(?:mailtofriend|tell-?a-?friend|send-?to-?friend|weiterempfehlen)\b", re.IGNORECASE)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:[?#].*)?$", re.IGNORECASE)
# The site's own pages of a kind, by a path segment.
# "/newscategory/10/…": a category of the site's items, whatever they are called.
_TAXONOMY_PATH = re.compile(
    r"/(?:tags?|[a-z]*category|categories|cat|kategorie|schlagworte?|stichworte?|themen?|thema|tema|temas|topics?|label|search/label)/", re.IGNORECASE
)
# A site's search for a keyword ("/search/?q=docker", WordPress's "/?s=docker"): it lists the site's
# pages on that keyword, as a tag page does.
_SITE_SEARCH = re.compile(
    r"/(?:search|suche|recherche|buscar|busca|szukaj|cerca|zoeken)(?:/|\.\w+)?\?(?:[^#]*&)?(?:q|s|query|search|term|keywords?)=[^&#]"
    r"|/\?s=[^&#]",
    re.IGNORECASE,
)
_COMMENTS = re.compile(r"#(?:comments?|respond|disqus_thread|comment-\d+)$|/comment-page-\d+|[?&]replytocom=", re.IGNORECASE)
_SITE_PAGES = (
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
    (ADVERT, re.compile(r"/(?:unterst(?:ue|ü|%c3%bc)tzen|spenden|jetzt-spenden|donate|donation|donations|support-us|mitglied-werden|become-a-member)(?:[-_/?#.]|$)", re.IGNORECASE)),
    (COMMENT, _COMMENTS),
)


def link_role(
    element: Element, written: str, url: str, *, site: str | None, page: str | None, anchor: str, claim: str
) -> str | None:
    """Why a link is page furniture by itself (its rel, its words or its address), or None."""
    replayed = _REPLAYED_SCHEME.match(url)
    if replayed is not None and (reason := non_citation_reason(replayed.group(1))) is not None:
        return reason  # an archived page's e-mail address is an e-mail address
    rel = (element.get("rel") or "").lower()
    if rel:
        for word in rel.split():
            role = _REL.get(word)
            if role is not None:
                return role
    if _REL_QUERY.search(url):
        return AUTHOR
    player = next(element.iterancestors("audio", "video"), None)
    if player is not None and _opens_the_text(player):
        return PLAYER  # the piece read aloud, set above its text; a recording among the paragraphs is cited
    if _HASHTAG_PAGE.match(url) and _invites_to_post(element, anchor, claim):
        return SOCIAL
    if _SHARE_URL.match(archived_original(url) or url) or _WHATSAPP.match(written.strip()):
        return SHARE
    if READ_MORE.match(anchor) or TEASER_LEAD.match(claim):
        return RELATED
    if AD_LABEL.match(anchor) or (not anchor and AD_LABEL.match(claim)):
        return ADVERT  # "Anzeige": the link says it is an advertisement
    if CREDIT_LEAD.match(claim) or _credited(anchor, claim) or _LICENCE_URL.match(url) or LIBRARY_CREDIT.search(claim):
        return CREDIT
    if RIGHTS_ANCHOR.match(anchor) and not _in_a_sentence(anchor, claim):
        return NAVIGATION
    if LEGAL_ANCHOR.match(anchor) or CORRECTION_ANCHOR.match(anchor) or _REGION_QUERY.search(url) or is_machinery_line(claim) or _FEED_URL.search(url):
        return NAVIGATION
    if SIGN_UP_ANCHOR.match(anchor) or _CHANNEL_URL.match(url):
        return SOCIAL
    same_site = is_same_site(url, written, site)
    if (same_site or is_sister_site(url, site)) and len(claim) <= CALL_LINE and SIGN_UP_ANCHOR.match(claim):
        return SOCIAL  # "Sign up here.": a short call to sign up, whichever of its words is linked
    if QUOTE_ATTRIBUTION.match(anchor) or _POST_MACHINERY.search(url):
        return COMMENT
    if _promotes_own_site(url, site) or _DONATION_URL.match(url):
        return ADVERT
    if _RELATED_QUERY.search(url):
        return RELATED
    if ENLARGE.match(anchor):
        return IMAGE  # the picture opened larger, wherever that is
    if _IMAGE_FILE.search(url) and (not anchor or element.find(".//img") is not None or (same_site and anchor == claim)):
        return IMAGE  # a picture that opens larger: the picture is not a source
    if (same_site or is_sister_site(url, site)) and len(element) and _labelled_teaser(element, anchor):
        return RELATED  # "<a><div>Lea también</div><div>Headline</div></a>": another of the site's articles
    if (same_site or is_sister_site(url, site)) and NEWSLETTER_ANCHOR.search(anchor):
        return SOCIAL  # "Melde dich hier für unseren Newsletter an": the site's own newsletter, on any of its hosts
    if (same_site or is_sister_site(url, site)) and not offers_document(url):
        if _is_picture_only(element):
            return IMAGE  # a picture linked to its page on the site (an attachment page, a gallery, a shop)
        if not anchor.strip() and not _words_follow(element):
            return RELATED  # a teaser's picture drawn by its style sheet, an icon
    if _SEND_TO_FRIEND.search(url) or PRINT_ANCHOR.match(anchor) or EMAIL_THIS.match(anchor):
        return SHARE
    if not same_site and _is_picture_only(element) and _is_banner(element.find(".//img")):
        return ADVERT  # a leaderboard banner to an advertiser, however it is labelled
    if not same_site and not anchor.strip() and _is_home_page(url):
        return ADVERT  # a wordless badge or banner to another site's front page (a sponsor, a player's logo)
    if _gives_contact_address(element, anchor, claim) or _names_the_editor(anchor, claim):
        return AUTHOR  # "Internet: www.example.com", "(last edited … by <a>Name</a>)": who issued or wrote the page
    if _PHOTO_ALBUM.match(url) and anchor == claim:
        return IMAGE  # "Bilder des Treffens": the pictures, not a source
    if same_site and (anchor == claim or _is_label(anchor, claim)) and _is_section_of(url, page):
        return NAVIGATION  # the section the page sits in, named above or below it (a breadcrumb, "Les dernières news <a>Suisse</a>")
    if _EMAIL_PROTECTION in url:
        return "e-mail address"
    if page is not None and url.split("#", 1)[0].rstrip("/") == page.split("#", 1)[0].rstrip("/"):
        # The page's own address with a fragment is a jump within the page, as "#…" written alone is.
        if "#" not in url:
            return SELF
        if not _COMMENTS.search(url):
            return non_citation_reason(url[url.index("#") :])
    if is_sister_site(url, site) and _is_headline(element, anchor):
        return RELATED  # the heading of a box of the site's recipes, shop or forum
    if is_same_site(url, written, site):
        if _SHARE_QUERY.search(url):
            return SHARE
        if _is_headline(element, anchor):
            return RELATED
        if _is_home_page(url) and not _in_a_sentence(anchor, claim):
            return NAVIGATION  # "Weselpower's Blog" under the post; the site named in a sentence is cited
        if PERMALINK_ANCHOR.match(anchor):
            return NAVIGATION
        if MORE_OF_OURS.search(anchor):
            return RELATED
        if NEXT_OR_BACK.match(anchor) or (ABOUT_US.match(anchor) and not _in_a_sentence(anchor, claim)):
            return NAVIGATION
        if SECTION_LABEL.match(claim) and not _in_a_sentence(anchor, claim):
            return TAG  # "Rubrik: Schwangerschaft": the section the piece is filed under
        if _LEGAL_PAGE.search(url) or _in_disclaimer(element, claim):
            return NAVIGATION  # the house's legal page, or its disclaimer's contact link
        if EXPLAINER_ANCHOR.match(anchor):
            return NAVIGATION  # "Was heißt das?" beside the house's score: its explainer
        if MORE_NEWS_LINE.match(claim) and len(claim) <= _CALL_SENTENCE:
            return RELATED  # "Para leer sobre otros hechos en Medellín, clic AQUÍ."
        for role, pattern in _SITE_PAGES:
            if pattern.search(url) and (role != TAG or not _in_a_sentence(anchor, claim)):
                return role
    if COPYRIGHT_LINE.match(claim) and len(claim) <= CALL_LINE * 2:
        return NAVIGATION if same_site else CREDIT  # "© Licencja na publikację", "© dpa/…": the rights line
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


_PAGE_FILE = re.compile(r"(?:/index)?\.(?:html?|php|aspx?|jsp)$", re.IGNORECASE)


def _is_section_of(url: str, page: str | None) -> bool:
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


def _is_headline(element: Element, anchor: str) -> bool:
    """A link that is a whole heading: the headline of another of the site's pieces."""
    parent = element.getparent()
    if parent is None or not isinstance(parent.tag, str) or parent.tag not in _HEADINGS:
        return False
    return bool(anchor) and len(anchor) >= len("".join(parent.itertext()).strip()) - 2


def _words_follow(element: Element) -> bool:
    """Whether a sentence goes on right after the link, in the same block ("<a class=icon></a> nobody
    has told us since"): a wordless link the writer set into prose, not a teaser's picture."""
    return len((element.tail or "").split()) >= _SENTENCE_WORDS


_SENTENCE_WORDS = 8


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


def is_machinery_line(claim: str) -> bool:
    """A short line naming the software and theme a site runs on ("comments powered by Disqus");
    a sentence of the piece that happens to say "powered by" is longer."""
    return len(claim) <= _MACHINERY_LINE and bool(_SITE_MACHINERY.search(claim))


def is_taxonomy_page(url: str) -> bool:
    """Whether an address is one of a site's tag, category or topic pages (by its path)."""
    return bool(_TAXONOMY_PATH.search(url))


def is_site_search(url: str) -> bool:
    """Whether an address is a site's search for a keyword."""
    return bool(_SITE_SEARCH.search(url))


def _invites_to_post(element: Element, anchor: str, claim: str) -> bool:
    """A hashtag standing alone on its line, or in a call to post under it: an invitation. A
    hashtag in a sentence of the piece (a movement it reports on) or a word of an embedded post
    stays the piece's."""
    if next(element.iterancestors("blockquote"), None) is not None:
        return False
    return not _in_a_sentence(anchor, claim) or bool(HASHTAG_CALL.search(claim))


def _labelled_teaser(element: Element, anchor: str) -> bool:
    """A card whose link holds a label of its own announcing another article, above the
    headline ("<a><div>Lea también</div><div>Headline</div></a>"): no separator follows the label."""
    for child in element.iterdescendants(_LABEL_TAGS):
        label = "".join(child.itertext()).strip()
        if label and len(label) <= _TEASER_LABEL and anchor.startswith(label) and len(anchor) > len(label) + _TEASER_LABEL // 2:
            return bool(TEASER_LEAD.match(label.rstrip(":") + ":"))
    return False


_LABEL_TAGS = ("div", "p", "span", "strong", "b", "em", "small")
_TEASER_LABEL = 30
_CALL_SENTENCE = 120  # characters of a one-line call; a paragraph of the piece says more


def _opens_the_text(player: Element) -> bool:
    """Whether a player stands before any paragraph of the text around it: the house's recording
    of the piece ("listen to this article"), not a recording the text goes on to cite."""
    element = player
    for _ in range(_PLAYER_DEPTH):
        for sibling in element.itersiblings(preceding=True):
            if isinstance(sibling.tag, str) and sibling.tag not in _ABOVE_TEXT and len("".join(sibling.itertext()).strip()) >= _PARAGRAPH_TEXT:
                return False
        element = element.getparent()
        if element is None:
            break
    return True


_PLAYER_DEPTH = 3  # containers between a player and the text it opens
_PARAGRAPH_TEXT = 80  # characters of a paragraph of prose; a date line or a kicker is shorter
# What stands above a piece's text without being it: its header (title, standfirst), scripts.
_ABOVE_TEXT = frozenset({"script", "style", "noscript", "template", "header", "figure", *_HEADINGS})


def _in_disclaimer(element: Element, claim: str) -> bool:
    """A link in the short notice a site sets under its pieces ("NOW Grenada is not responsible
    for the opinions … In case of abuse, <a>click here to report</a>.")."""
    if DISCLAIMER.search(claim):
        return True
    text = _block_text(element)
    if text is None:
        return False
    return len(text) <= _NOTICE_TEXT and bool(DISCLAIMER.search(text))


_NOTICE_TEXT = 400


def _is_label(anchor: str, claim: str) -> bool:
    """A link of a word or two in a short line that is no sentence ("Les dernières news
    <a>Suisse</a>"); "Siehe Kapitel <a>Masse</a>!" is one, however short."""
    return len(anchor.split()) <= _LABEL_WORDS and not _in_a_sentence(anchor, claim) and not claim.rstrip().endswith((".", "!", "?"))


_LABEL_WORDS = 2


def _in_a_sentence(anchor: str, claim: str) -> bool:
    """Whether a link's words are part of a longer sentence (a name in the text linked to the
    site's page on it), not a label standing alone (a tag list, a kicker)."""
    return len(claim) >= len(anchor) + 40


def _gives_contact_address(element: Element, anchor: str, claim: str) -> bool:
    """A line that is a press contact block's web address: a label, then the address written out,
    in a block that gives a telephone number or an e-mail address too. (A "Homepage: …" line under
    a piece about a shelter, with its bank account, is the shelter's page: a source.)"""
    at = claim.find(anchor) if anchor else -1
    written_out = " " not in anchor.strip() and "." in anchor
    if at <= 0 or not written_out or claim[at + len(anchor) :].strip(" |") or not CONTACT_ADDRESS_LEAD.match(claim[:at]):
        return False
    text = _block_text(element)
    if text is None:
        return False
    end = text.find(claim)
    # The lines just above the address (a press release's contact block ends the page's text),
    # under a press contact's label: a guide's address block for the place it describes (its
    # telephone, its web address) gives the subject's page, a source.
    start = max(0, end - _CONTACT_TEXT)
    return end >= 0 and bool(_CONTACT_DETAILS.search(text, start, end)) and bool(_PRESS_CONTACT.search(text, start, end))


_CONTACT_BLOCKS = frozenset({"p", "div", "td", "li", "section", "address"})


def _block_text(element: Element) -> str | None:
    """The text of the paragraph, cell or box a link stands in, or None outside any."""
    block = element.getparent()
    while block is not None and block.tag not in _CONTACT_BLOCKS:
        block = block.getparent()
    return None if block is None else "".join(block.itertext())
_CONTACT_TEXT = 600
# "Pressekontakt:", "Pressestelle", "Media contact": the block names whom the press may ask.
_PRESS_CONTACT = re.compile(r"presse|\bpress\b|\bmedia (?:contact|relations)|medienkontakt|kontakt|\bcontact", re.IGNORECASE)
# "Tel: +49 …", "E-Mail: …": lines run together without a space once the <br>s are gone.
_CONTACT_DETAILS = re.compile(r"(?:tel|telefon|phone|fon|fax)\.?\s*:\s*\+?\(?\d|e-?mail\s*:", re.IGNORECASE)


def _names_the_editor(anchor: str, claim: str) -> bool:
    """A wiki's page-information line ending with who edited it last."""
    at = claim.find(anchor) if anchor else -1
    return at > 0 and len(anchor.split()) <= 3 and bool(LAST_EDITED_BY.search(claim, 0, at))


def _credited(anchor: str, claim: str) -> bool:
    at = claim.find(anchor) if anchor else -1
    # The mark before the link, or ending with it ("Bild <a>via</a>").
    return at > 0 and bool(CREDIT_MARK.search(claim, 0, at) or CREDIT_MARK.search(claim, 0, at + len(anchor)))


def offers_document(url: str) -> bool:
    """Whether a link leads to a document file (a report, a recording), not a page."""
    return bool(_DOCUMENT_FILE.search(url))

def continues_a_sentence(container: Element) -> bool:
    """A list set inside a list item of the piece whose own words, before it, are a sentence that
    ends with a colon ("Based on this, the leadership styles can be further classified as:"): the
    piece's enumeration, whatever it links. A teaser list's "Lesen Sie auch:" is no sentence."""
    item = container.getparent()
    if item is None or item.tag != "li":
        return False
    words = [item.text or ""]
    for child in item:
        if child is container:
            break
        if isinstance(child.tag, str):
            words.append("".join(child.itertext()))
        words.append(child.tail or "")
    lead = " ".join("".join(words).split())
    return lead.endswith(":") and len(lead.split()) >= _SENTENCE_WORDS and not TEASER_LEAD.match(lead)


def same_site_list_role(items: list[tuple[str, str]], site: str | None, text_length: int, link_text_length: int) -> str | None:
    """A list made of links to the site's own pages (a teaser list, a menu) is not the piece's
    sources; a list of links to other sites (further reading, references) is."""
    if len(items) < 3 or not text_length or link_text_length < 0.7 * text_length:
        return None
    own = sum(1 for written, url in items if is_same_site(url, written, site) or is_sister_site(url, site))
    return RELATED if own >= 0.8 * len(items) else None
