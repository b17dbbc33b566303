"""What a link's element and words give away: the shapes of page furniture in the tree and the line.

A whole heading as a link (a headline), a picture with no words, a banner's proportions, a label
that is no sentence, a player above the text, a contact block, a disclaimer, a credit mark, a list
of the site's own pages. boilerplate.py says which role each gives and when.
"""

from __future__ import annotations

import re

import lxml.etree

from linkaudit.extract.common import element_text
from linkaudit.extract.container_roles import RELATED
from linkaudit.extract.furniture_words import (
    CONTACT_ADDRESS_LEAD,
    CREDIT_MARK,
    DISCLAIMER,
    HASHTAG_CALL,
    LAST_EDITED_BY,
    SOURCE_LABEL,
    TEASER_LEAD,
)
from linkaudit.extract.sites import is_same_site, is_sister_site

Element = lxml.etree._Element

# "seelenradio is powered by WordPress with theme Greenery / XHTML · CSS": the site's machinery.
# "Posted from Diigo": the tool that posted the entry, as its own line says.
_SITE_MACHINERY = re.compile(r"\b(?:proudly )?powered by\b|\bposted (?:from|with|using)\b|\bbetrieben mit\b|\bpropulsé par\b|\bdesign(?:ed)? by\b.*\btheme\b", re.IGNORECASE)
_MACHINERY_LINE = 80
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_BANNER_RATIO = 3.5  # a leaderboard (728x90, 1170x293) is about four times as wide as high or more
_BANNER_WIDTH = 300


def is_banner(image: Element | None) -> bool:
    """A picture shaped like an advertising banner, by its declared size."""
    if image is None:
        return False
    try:
        width, height = int(image.get("width") or 0), int(image.get("height") or 0)
    except ValueError:
        return False
    return width >= _BANNER_WIDTH and height > 0 and width >= _BANNER_RATIO * height



def is_headline(element: Element, anchor: str) -> bool:
    """A link that is a whole heading: the headline of another of the site's pieces."""
    parent = element.getparent()
    if parent is None or not isinstance(parent.tag, str) or parent.tag not in _HEADINGS:
        return False
    return bool(anchor) and len(anchor) >= len(element_text(parent).strip()) - 2


def labelled_headline(anchor: str, claim: str) -> bool:
    """A line that is a short label ending in a colon, then one headline linked whole ("Lesetipp:
    <a>Welche Sternzeichen passen zusammen?</a>", "Auch auf gofeminin: <a>…</a>"): a teaser line,
    whatever words its label uses. A word or a name after a label ("Hersteller: <a>Google</a>"),
    an address, a source line ("Quelle: <a>…</a>"), a reference after its author's name and a
    sentence with more after its link are not."""
    headline = " ".join(anchor.split())
    if len(headline.split()) < _HEADLINE_WORDS or "://" in headline or headline.startswith("www."):
        return False
    line = " ".join(claim.split())
    at = line.rfind(headline)
    if at <= 0 or len(line) - at - len(headline) > _CLOSING_MARKS:
        return False
    label = line[:at].strip()
    # "Quaas, Georg: <a>Ein Kommentar zur jüngsten Gemeinschaftsdiagnose</a>": a reference's author.
    if "," in label or not label.endswith(":") or not label[0].isalpha():
        return False
    return len(label.split()) <= _LABEL_WORDS_BEFORE and SOURCE_LABEL.fullmatch(label) is None


_HEADLINE_WORDS = 3
_LABEL_WORDS_BEFORE = 5  # "Auch auf <site>:", "Mehr zum Anspruch auf Lohnfortzahlung:"
_CLOSING_MARKS = 2  # "!", " »" after the headline


def words_follow(element: Element) -> bool:
    """Whether a sentence goes on right after the link, in the same block ("<a class=icon></a> nobody
    has told us since"): a wordless link the writer set into prose, not a teaser's picture."""
    return len((element.tail or "").split()) >= _SENTENCE_WORDS


_SENTENCE_WORDS = 8


def is_picture_only(element: Element) -> bool:
    """A link that shows a picture and no text of its own (its alt text is not read as words)."""
    return element.find(".//img") is not None and not element_text(element).strip()


def is_machinery_line(claim: str) -> bool:
    """A short line naming the software and theme a site runs on ("comments powered by Disqus");
    a sentence of the piece that happens to say "powered by" is longer."""
    return len(claim) <= _MACHINERY_LINE and bool(_SITE_MACHINERY.search(claim))



def invites_to_post(element: Element, anchor: str, claim: str) -> bool:
    """A hashtag standing alone on its line, or in a call to post under it: an invitation. A
    hashtag in a sentence of the piece (a movement it reports on) or a word of an embedded post
    stays the piece's."""
    if next(element.iterancestors("blockquote"), None) is not None:
        return False
    return not in_a_sentence(anchor, claim) or bool(HASHTAG_CALL.search(claim))


def labelled_teaser(element: Element, anchor: str) -> bool:
    """A card whose link holds a label of its own announcing another article, above the
    headline ("<a><div>Lea también</div><div>Headline</div></a>"): no separator follows the label."""
    for child in element.iterdescendants(_LABEL_TAGS):
        label = element_text(child).strip()
        if label and len(label) <= _TEASER_LABEL and anchor.startswith(label) and len(anchor) > len(label) + _TEASER_LABEL // 2:
            return bool(TEASER_LEAD.match(label.rstrip(":") + ":"))
    return False


_LABEL_TAGS = ("div", "p", "span", "strong", "b", "em", "small")
_TEASER_LABEL = 30
CALL_SENTENCE = 120  # characters of a one-line call; a paragraph of the piece says more


def opens_the_text(player: Element) -> bool:
    """Whether a player stands before any paragraph of the text around it: the house's recording
    of the piece ("listen to this article"), not a recording the text goes on to cite."""
    element = player
    for _ in range(_PLAYER_DEPTH):
        for sibling in element.itersiblings(preceding=True):
            if isinstance(sibling.tag, str) and sibling.tag not in _ABOVE_TEXT and len(element_text(sibling).strip()) >= _PARAGRAPH_TEXT:
                return False
        element = element.getparent()
        if element is None:
            break
    return True


_PLAYER_DEPTH = 3  # containers between a player and the text it opens
_PARAGRAPH_TEXT = 80  # characters of a paragraph of prose; a date line or a kicker is shorter
# What stands above a piece's text without being it: its header (title, standfirst), scripts.
_ABOVE_TEXT = frozenset({"script", "style", "noscript", "template", "header", "figure", *_HEADINGS})


def in_disclaimer(element: Element, claim: str) -> bool:
    """A link in the short notice a site sets under its pieces ("NOW Grenada is not responsible
    for the opinions … In case of abuse, <a>click here to report</a>.")."""
    if DISCLAIMER.search(claim):
        return True
    text = _block_text(element)
    if text is None:
        return False
    return len(text) <= _NOTICE_TEXT and bool(DISCLAIMER.search(text))


_NOTICE_TEXT = 400


def is_label(anchor: str, claim: str) -> bool:
    """A link of a word or two in a short line that is no sentence ("Les dernières news
    <a>Suisse</a>"); "Siehe Kapitel <a>Masse</a>!" is one, however short."""
    return len(anchor.split()) <= _LABEL_WORDS and not in_a_sentence(anchor, claim) and not claim.rstrip().endswith((".", "!", "?"))


_LABEL_WORDS = 2


def in_a_sentence(anchor: str, claim: str) -> bool:
    """Whether a link's words are part of a longer sentence (a name in the text linked to the
    site's page on it), not a label standing alone (a tag list, a kicker)."""
    return len(claim) >= len(anchor) + 40


def in_prose_paragraph(element: Element) -> bool:
    """Whether a link stands in a paragraph whose own words, outside its links, make a sentence
    (however the claim around the link was cut): not a row of labels set in a <p>."""
    parent = element.getparent()
    if parent is None or parent.tag != "p":
        return False
    own = (parent.text or "") + "".join((child.tail or "") for child in parent)
    return len(" ".join(own.split())) >= _OWN_WORDS


_OWN_WORDS = 40  # characters of a paragraph's own words around its links: a sentence, not a separator


def gives_contact_address(element: Element, anchor: str, claim: str) -> bool:
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
    return None if block is None else element_text(block)
_CONTACT_TEXT = 600
# "Pressekontakt:", "Pressestelle", "Media contact": the block names whom the press may ask.
_PRESS_CONTACT = re.compile(r"presse|\bpress\b|\bmedia (?:contact|relations)|medienkontakt|kontakt|\bcontact", re.IGNORECASE)
# "Tel: +49 …", "E-Mail: …": lines run together without a space once the <br>s are gone.
_CONTACT_DETAILS = re.compile(r"(?:tel|telefon|phone|fon|fax)\.?\s*:\s*\+?\(?\d|e-?mail\s*:", re.IGNORECASE)


def names_the_editor(anchor: str, claim: str) -> bool:
    """A wiki's page-information line ending with who edited it last."""
    at = claim.find(anchor) if anchor else -1
    return at > 0 and len(anchor.split()) <= 3 and bool(LAST_EDITED_BY.search(claim, 0, at))


def credited(anchor: str, claim: str) -> bool:
    at = claim.find(anchor) if anchor else -1
    # The mark before the link, or ending with it ("Bild <a>via</a>").
    return at > 0 and bool(CREDIT_MARK.search(claim, 0, at) or CREDIT_MARK.search(claim, 0, at + len(anchor)))




def continues_a_sentence(container: Element) -> bool:
    """A list set inside a list item of the piece whose own words, before it, are a sentence that
    ends with a colon ("Based on this, the leadership styles can be further classified as:"), or a
    list right after a paragraph of the piece whose last sentence it completes ("… mild aus.
    Möglich sind" over its items): the piece's enumeration, whatever it links. A teaser list's
    "Lesen Sie auch:" is no sentence."""
    item = container.getparent()
    if item is None:
        return False
    if item.tag != "li":
        return _completes_the_paragraph_before(container)
    words = [item.text or ""]
    for child in item:
        if child is container:
            break
        if isinstance(child.tag, str):
            words.append(element_text(child))
        words.append(child.tail or "")
    lead = " ".join("".join(words).split())
    return lead.endswith(":") and len(lead.split()) >= _SENTENCE_WORDS and not TEASER_LEAD.match(lead)


def _completes_the_paragraph_before(container: Element) -> bool:
    """Whether a list follows a paragraph of prose whose last sentence is left open for it: it
    ends with no mark at all ("Möglich sind"), or with a colon after a sentence's worth of words,
    and does not announce other articles."""
    before = container.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    if before is None or before.tag != "p" or before.find(".//a") is not None:
        return False
    text = " ".join(element_text(before).split())
    if len(text) < _PARAGRAPH_TEXT or len(text.split()) < _SENTENCE_WORDS or text.endswith(_CLOSED):
        return False
    last = _SENTENCE_END.split(text)[-1]
    if last.endswith(":") and len(last.split()) < _SENTENCE_WORDS:
        return False  # "Highlights aus dem Heft:": a label over a list, not a sentence it completes
    return not TEASER_LEAD.match(last.rstrip(":") + ":") and not _ANNOUNCES_ARTICLES.search(last)


_CLOSED = (".", "!", "?", "…", '"', "”", "»", ")")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# "Weitere Artikel zum Thema:", "Diese Beiträge könnten Sie interessieren": a teaser list's lead.
_ANNOUNCES_ARTICLES = re.compile(
    r"\b(?:artikel|article|articles|beitr(?:ag|äge)|posts?|stories|story|news|nachrichten|noticias|not[ií]cias|art[íi]culos?|interessier\w*|interest\w*|interesa\w*)\b",
    re.IGNORECASE,
)


def same_site_list_role(items: list[tuple[str, str]], site: str | None, text_length: int, link_text_length: int) -> str | None:
    """A list made of links to the site's own pages (a teaser list, a menu) is not the piece's
    sources; a list of links to other sites (further reading, references) is."""
    if len(items) < 3 or not text_length or link_text_length < 0.7 * text_length:
        return None
    own = sum(1 for written, url in items if is_same_site(url, written, site) or is_sister_site(url, site))
    return RELATED if own >= 0.8 * len(items) else None
