"""Links inside an article that are not citations: the page's furniture around the prose.

Share bars, tag and category lists, author boxes and bylines, related-content teasers, navigation,
reader comments, newsletter and social-profile boxes. They are recognised by the role their
container announces (class, id, landmark), by the link's own `rel`, or by the address itself (a
share endpoint, the site's own tag or author pages); each gets a reason a person can read. The
addresses are in furniture_addresses.py, the words in furniture_words.py, the shapes of element
and line in furniture_signs.py; this module says which role each gives and in what order.
"""

from __future__ import annotations

import lxml.etree

from linkaudit.extract.common import non_citation_reason
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
from linkaudit.extract.furniture_addresses import (
    CHANNEL_URL,
    COMMENTS,
    DONATION_URL,
    EMAIL_PROTECTION,
    FEED_URL,
    HASHTAG_PAGE,
    IMAGE_FILE,
    LEGAL_PAGE,
    LICENCE_URL,
    ONE_COMMENT,
    PAGE_HISTORY,
    PHOTO_ALBUM,
    POST_MACHINERY,
    REGION_QUERY,
    REL_QUERY,
    RELATED_QUERY,
    REPLAYED_SCHEME,
    SEND_TO_FRIEND,
    SHARE_QUERY,
    SHARE_URL,
    SITE_PAGES,
    WHATSAPP,
    is_home_page,
    is_licence_url,
    is_section_of,
    is_site_search,
    is_taxonomy_page,
    offers_document,
    promotes_own_site,
)
from linkaudit.extract.furniture_signs import (
    CALL_SENTENCE,
    continues_a_sentence,
    credited,
    gives_contact_address,
    in_a_sentence,
    in_disclaimer,
    in_prose_paragraph,
    invites_to_post,
    is_banner,
    is_headline,
    is_label,
    is_machinery_line,
    is_picture_only,
    labelled_headline,
    labelled_teaser,
    names_the_editor,
    opens_the_text,
    same_site_list_role,
    words_follow,
)
from linkaudit.extract.furniture_words import (
    ABOUT_US,
    AD_LABEL,
    CALL_LINE,
    COPYRIGHT_LINE,
    CORRECTION_ANCHOR,
    CREDIT_LEAD,
    EMAIL_THIS,
    ENLARGE,
    EXPLAINER_ANCHOR,
    LEGAL_ANCHOR,
    LIBRARY_CREDIT,
    MORE_NEWS_LINE,
    MORE_OF_OURS,
    NEWSLETTER_ANCHOR,
    NEWSROOM_ANCHOR,
    NEXT_OR_BACK,
    NEXT_PAGE_LINE,
    POLICY_LINE,
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

# The link roles' predicates and NAVIGATION and site_of are reached from here too, with link_role.
__all__ = [
    "NAVIGATION", "continues_a_sentence", "declared_role", "is_licence_url", "is_machinery_line", "is_site_search", "is_taxonomy_page", "link_role", "offers_document", "same_site_list_role",
    "site_of",
]

Element = lxml.etree._Element

# WordPress marks a picture's link to its attachment page "attachment wp-att-NNN".
# "publisher" and "me" name the site's or the writer's own profile (a byline's "Google+" beside the name).
_REL = {
    "tag": TAG, "category": TAG, "author": AUTHOR, "publisher": AUTHOR, "me": AUTHOR, "prev": NAVIGATION, "next": NAVIGATION, "attachment": IMAGE,
}


def link_role(
    element: Element, written: str, url: str, *, site: str | None, page: str | None, anchor: str, claim: str
) -> str | None:
    """Why a link is page furniture by itself (its rel, its words or its address), or None."""
    declared = declared_role(element, written, url, anchor=anchor, claim=claim)
    if declared is not None:
        return declared
    same_site = is_same_site(url, written, site)
    if (same_site or is_sister_site(url, site)) and len(claim) <= CALL_LINE and SIGN_UP_ANCHOR.match(claim):
        return SOCIAL  # "Sign up here.": a short call to sign up, whichever of its words is linked
    if NEWSROOM_ANCHOR.match(anchor) and not in_a_sentence(anchor, claim):
        return AUTHOR  # "Redacción", "Redaktion <site>": the newsroom as the byline
    if QUOTE_ATTRIBUTION.match(anchor) or POST_MACHINERY.search(url):
        return COMMENT
    if promotes_own_site(url, site) or DONATION_URL.match(url):
        return ADVERT
    if RELATED_QUERY.search(url):
        return RELATED
    if ENLARGE.match(anchor):
        return IMAGE  # the picture opened larger, wherever that is
    if IMAGE_FILE.search(url) and (not anchor or element.find(".//img") is not None or (same_site and anchor == claim)):
        return IMAGE  # a picture that opens larger: the picture is not a source
    if (same_site or is_sister_site(url, site)) and len(element) and labelled_teaser(element, anchor):
        return RELATED  # "<a><div>Lea también</div><div>Headline</div></a>": another of the site's articles
    if (same_site or is_sister_site(url, site)) and labelled_headline(anchor, claim) and not offers_document(url):
        return RELATED  # "Lesetipp: <a>Welche Sternzeichen passen zusammen?</a>": a teaser line, whatever its label
    if (same_site or is_sister_site(url, site)) and NEWSLETTER_ANCHOR.search(anchor):
        return SOCIAL  # "Melde dich hier für unseren Newsletter an": the site's own newsletter, on any of its hosts
    if (same_site or is_sister_site(url, site)) and not offers_document(url):
        if is_picture_only(element):
            return IMAGE  # a picture linked to its page on the site (an attachment page, a gallery, a shop)
        if not anchor.strip() and not words_follow(element):
            return RELATED  # a teaser's picture drawn by its style sheet, an icon
    if SEND_TO_FRIEND.search(url) or PRINT_ANCHOR.match(anchor) or EMAIL_THIS.match(anchor):
        return SHARE
    if not same_site and is_picture_only(element) and is_banner(element.find(".//img")):
        return ADVERT  # a leaderboard banner to an advertiser, however it is labelled
    if not same_site and not anchor.strip() and is_home_page(url):
        return ADVERT  # a wordless badge or banner to another site's front page (a sponsor, a player's logo)
    if gives_contact_address(element, anchor, claim) or names_the_editor(anchor, claim):
        return AUTHOR  # "Internet: www.example.com", "(last edited … by <a>Name</a>)": who issued or wrote the page
    if PHOTO_ALBUM.match(url) and anchor == claim:
        return IMAGE  # "Bilder des Treffens": the pictures, not a source
    if same_site and (anchor == claim or is_label(anchor, claim)) and is_section_of(url, page):
        return NAVIGATION  # the section the page sits in, named above or below it (a breadcrumb, "Les dernières news <a>Suisse</a>")
    if EMAIL_PROTECTION in url:
        return "e-mail address"
    if page is not None and url.split("#", 1)[0].rstrip("/") == page.split("#", 1)[0].rstrip("/"):
        # The page's own address with a fragment is a jump within the page, as "#…" written alone is.
        if "#" not in url:
            return SELF
        if not COMMENTS.search(url):
            return non_citation_reason(url[url.index("#") :])
    if is_sister_site(url, site) and is_headline(element, anchor):
        return RELATED  # the heading of a box of the site's recipes, shop or forum
    if is_same_site(url, written, site):
        if SHARE_QUERY.search(url):
            return SHARE
        if is_headline(element, anchor):
            return RELATED
        if is_home_page(url) and not in_a_sentence(anchor, claim):
            return NAVIGATION  # "Weselpower's Blog" under the post; the site named in a sentence is cited
        if PERMALINK_ANCHOR.match(anchor) or (NEXT_PAGE_LINE.match(claim) and len(claim) <= CALL_LINE):
            return NAVIGATION  # a post's permalink; "Seite 2 …", "weiter zu …": the piece's next page
        if MORE_OF_OURS.search(anchor):
            return RELATED
        if NEXT_OR_BACK.match(anchor) or (ABOUT_US.match(anchor) and not in_a_sentence(anchor, claim)):
            return NAVIGATION
        if SECTION_LABEL.match(claim) and not in_a_sentence(anchor, claim):
            return TAG  # "Rubrik: Schwangerschaft": the section the piece is filed under
        if LEGAL_PAGE.search(url) or in_disclaimer(element, claim):
            return NAVIGATION  # the house's legal page, or its disclaimer's contact link
        if EXPLAINER_ANCHOR.match(anchor):
            return NAVIGATION  # "Was heißt das?" beside the house's score: its explainer
        if MORE_NEWS_LINE.match(claim) and len(claim) <= CALL_SENTENCE:
            return RELATED  # "Para leer sobre otros hechos en Medellín, clic AQUÍ."
        if POLICY_LINE.search(claim) and len(claim) <= CALL_SENTENCE:
            return NAVIGATION  # "For an explanation of our Advertising Policy, visit this page."
        if anchor == claim and _is_bracketed_headline(anchor):
            return RELATED  # "( Reacción de candidatos a amenazas )": a headline set alone in parentheses
        for role, pattern in SITE_PAGES:
            if pattern.search(url) and not _named_in_prose(role, element, url, anchor, claim):
                return role
    elif is_taxonomy_page(url) and anchor == claim and len(anchor.split()) <= _TOPIC_LABEL_WORDS:
        return TAG  # "Industrie", "Energie-Krise": a sister publication's topic labels, standing alone
    if COPYRIGHT_LINE.match(claim) and len(claim) <= CALL_LINE * 2:
        return NAVIGATION if same_site else CREDIT  # "© Licencja na publikację", "© dpa/…": the rights line
    return None



def declared_role(element: Element, written: str, url: str, *, anchor: str, claim: str) -> str | None:
    """Why a link is furniture by what it says of itself, wherever it stands and whatever the
    site: its rel, a share or sign-up address, a credit line, an advertisement's label. These
    hold even in a fragment of markup, where nothing tells the page's furniture apart."""
    replayed = REPLAYED_SCHEME.match(url)
    if replayed is not None and (reason := non_citation_reason(replayed.group(1))) is not None:
        return reason  # an archived page's e-mail address is an e-mail address
    rel = (element.get("rel") or "").lower()
    if rel:
        for word in rel.split():
            role = _REL.get(word)
            if role is not None:
                return role
    if REL_QUERY.search(url):
        return AUTHOR
    player = next(element.iterancestors("audio", "video"), None)
    if player is not None and opens_the_text(player):
        return PLAYER  # the piece read aloud, set above its text; a recording among the paragraphs is cited
    if HASHTAG_PAGE.match(url) and invites_to_post(element, anchor, claim):
        return SOCIAL
    if SHARE_URL.match(archived_original(url) or url) or WHATSAPP.match(written.strip()):
        return SHARE
    if READ_MORE.match(anchor) or TEASER_LEAD.match(claim):
        return RELATED
    if AD_LABEL.match(anchor) or (not anchor and AD_LABEL.match(claim)):
        return ADVERT  # "Anzeige": the link says it is an advertisement
    if CREDIT_LEAD.match(claim) or credited(anchor, claim) or LICENCE_URL.match(url) or LIBRARY_CREDIT.search(claim):
        return CREDIT
    if RIGHTS_ANCHOR.match(anchor) and not in_a_sentence(anchor, claim):
        return NAVIGATION
    if LEGAL_ANCHOR.match(anchor) or CORRECTION_ANCHOR.match(anchor) or REGION_QUERY.search(url) or is_machinery_line(claim) or FEED_URL.search(url) or PAGE_HISTORY.search(url):
        return NAVIGATION
    if SIGN_UP_ANCHOR.match(anchor) or CHANNEL_URL.match(url):
        return SOCIAL
    return None


def _is_bracketed_headline(line: str) -> bool:
    """A line that is a few words in parentheses with no sentence's end: a headline set alone
    ("( Reacción de candidatos a amenazas de muerte de Petro)"), not the piece's remark in
    parentheses ("(MANNSCHAFT berichtete, dass … verstosse.)")."""
    inner = line.strip()
    if not (inner.startswith("(") and inner.endswith(")")):
        return False
    inner = inner[1:-1].strip()
    return bool(inner) and not inner.endswith((".", "!", "?", "…")) and len(inner.split()) <= _HEADLINE_WORDS


_HEADLINE_WORDS = 12
_TOPIC_LABEL_WORDS = 3  # words of a topic label; a title of a page says more


def _named_in_prose(role: str, element: Element, url: str, anchor: str, claim: str) -> bool:
    """Whether a link to one of the site's pages of a kind stands on words of the piece's prose:
    a name in a sentence linked to its topic page, or a sentence pointing at one reader comment
    ("<a>In den Kommentaren wird vermutet</a>, …"): what the piece cites, not a label or a count."""
    if role == TAG:
        return in_a_sentence(anchor, claim) or in_prose_paragraph(element)
    return role == COMMENT and bool(ONE_COMMENT.search(url)) and in_a_sentence(anchor, claim)
