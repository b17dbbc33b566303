"""The edits that carry out one citation's fix, in the syntax it is written in.

Styles:

- ``robust``: Robust Links attributes on an HTML ``<a>`` (data-originalurl, data-versionurl,
  data-versiondate); href points at the capture only when the source is gone. Links written in
  Markdown syntax have no attributes: they get the ``archive-link`` treatment;
- ``archive-link``: a gone source's link points at its capture, the original kept beside it (a
  definition's title, an HTML comment, data-originalurl on a tag); with ``keep_href``, the
  original stays and an "(archived)" link follows it;
- ``annotate``: links untouched, an HTML comment after each problem link for an editor.

Every edit stays inside the link or right after it, and adds no visible text (so the claim and
the anchor read the same afterwards), except the "(archived)" link that ``keep_href`` asks for.
"""

from __future__ import annotations

import re

from linkaudit.fix.edits import Edit
from linkaudit.fix.markup import HtmlView, StartTag, attribute_text, escape_attribute
from linkaudit.fix.plan import FixAction, LinkFix
from linkaudit.fix.sites import LinkSite, SiteKind
from linkaudit.options import FIX_STYLES

__all__ = ["STYLES", "edits_for", "to_file"]

STYLES = FIX_STYLES
ORIGINAL_LABEL = "original: "
NOTE_PREFIX = "<!-- linkaudit: "
ARCHIVED_TEXT = "archived"


def edits_for(view: HtmlView, site: LinkSite, fix: LinkFix, *, style: str, keep_href: bool) -> list[Edit]:
    """Edits in the view's coordinates; ``to_file`` turns them into edits of the file."""
    if style == "annotate":
        return _annotation(view, site, fix)
    if site.kind is SiteKind.HTML:
        return _html_edits(view, site, fix, robust=style == "robust", keep_href=keep_href)
    return _markdown_edits(view.text, site, fix, keep_href=keep_href)


def to_file(view: HtmlView, edit: Edit) -> Edit:
    return Edit(view.to_raw(edit.start), view.to_raw(edit.end), view.encode(edit.replacement))


# --- HTML -------------------------------------------------------------------------------------


def _html_edits(view: HtmlView, site: LinkSite, fix: LinkFix, *, robust: bool, keep_href: bool) -> list[Edit]:
    tag = site.tag
    assert tag is not None
    href = tag.attribute("href")
    assert href is not None
    if fix.action is FixAction.REDIRECT:
        moved = _set_value(tag, "href", fix.target or "")
        named = tag.attribute("data-originalurl")
        if named is not None and named.value.strip() == href.value.strip():  # it names the source: the moved one
            moved += _set_value(tag, "data-originalurl", fix.target or "")
        return moved
    if fix.target is None or fix.action is FixAction.NOTE:
        return []
    if fix.action is FixAction.VERSION and not robust:
        return []
    if fix.action is FixAction.ARCHIVE and keep_href and not robust:
        return _archived_link_after_tag(view, site, fix.target)
    original = tag.attribute("data-originalurl")
    edits: list[Edit] = []
    if fix.action is FixAction.ARCHIVE:
        edits += _set_value(tag, "href", fix.target)
    inserted: list[str] = []
    if original is None:
        inserted.append(attribute_text("data-originalurl", href.value.strip()))
    if robust:
        edits += _set_value(tag, "data-versionurl", fix.target, inserted=inserted)
        if tag.attribute("data-versiondate") is None:  # the author's own date stands: the audit used it
            inserted.append(attribute_text("data-versiondate", _date(fix)))
    if inserted:
        edits.append(Edit(tag.insertion_point, tag.insertion_point, "".join(inserted)))
    return edits


def _date(fix: LinkFix) -> str:
    return fix.version_date.isoformat() if fix.version_date else ""


def _set_value(tag: StartTag, name: str, value: str, *, inserted: list[str] | None = None) -> list[Edit]:
    """Give attribute ``name`` the value ``value``: nothing when it has it already, else a new
    value, or (when ``inserted`` collects them) a new attribute."""
    attribute = tag.attribute(name)
    if attribute is None:
        if inserted is None:
            return []
        inserted.append(attribute_text(name, value))
        return []
    if attribute.value.strip() == value:
        return []
    if attribute.quote:
        return [Edit(attribute.value_start, attribute.value_end, escape_attribute(value, attribute.quote))]
    return [Edit(attribute.value_start, attribute.value_end, f'"{escape_attribute(value)}"')]


def _archived_link_after_tag(view: HtmlView, site: LinkSite, capture: str) -> list[Edit]:
    tag = site.tag
    if tag is None or tag.close_end is None:
        return []
    if _ARCHIVED_TAG_AFTER.match(view.text, tag.close_end):
        return []  # there already (perhaps from another capture): one is enough
    addition = f' (<a href="{escape_attribute(capture)}">{ARCHIVED_TEXT}</a>)'
    return [Edit(tag.close_end, tag.close_end, addition)]


_ARCHIVED_TAG_AFTER = re.compile(rf' \(<a href="[^"]*">{ARCHIVED_TEXT}</a>\)')
_ARCHIVED_LINK_AFTER = re.compile(rf" \(\[{ARCHIVED_TEXT}\]\(")


# --- Markdown ---------------------------------------------------------------------------------


def _markdown_edits(text: str, site: LinkSite, fix: LinkFix, *, keep_href: bool) -> list[Edit]:
    if fix.target is None or fix.action in (FixAction.NOTE, FixAction.VERSION):
        return []
    target = fix.target
    original = fix.citation.url
    if fix.action is FixAction.ARCHIVE and keep_href and site.kind is not SiteKind.REFERENCE:
        if _ARCHIVED_LINK_AFTER.match(text, site.end):
            return []
        return [Edit(site.end, site.end, f" ([{ARCHIVED_TEXT}]({markdown_destination(target)}))")]
    if site.kind in (SiteKind.AUTOLINK, SiteKind.BARE):
        # The URL is its own anchor: it stays the link's text, the link now leads to the target.
        start = site.url_start - 1 if site.kind is SiteKind.AUTOLINK else site.url_start
        link = f"[{markdown_text(fix.citation.anchor)}]({markdown_destination(target)})"
        return [Edit(start, site.end, link)]
    destination = target if site.angle else markdown_destination(target)
    edits = [Edit(site.url_start, site.url_end, destination)]
    if fix.action is not FixAction.ARCHIVE:
        return edits
    if site.kind is SiteKind.INLINE:
        edits.append(Edit(site.end, site.end, html_comment(ORIGINAL_LABEL + original)))
    elif not site.has_title:
        after_url = site.url_end + 1 if site.angle else site.url_end
        edits.append(Edit(after_url, after_url, " " + markdown_title(ORIGINAL_LABEL + original)))
    return edits


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>!&~|#])")


def markdown_text(text: str) -> str:
    """Plain text as Markdown link text that reads back as the same text."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def markdown_destination(url: str) -> str:
    """A URL as an inline link destination: blanks and angle brackets encoded, parentheses balanced."""
    url = url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    depth = 0
    for character in url:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            break
    if depth != 0:
        url = url.replace("(", "%28").replace(")", "%29")
    return url


def markdown_title(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def html_comment(text: str) -> str:
    """An HTML comment holding ``text``: "--" and ">" cannot end it early."""
    return "<!-- " + text.replace("--", "%2D%2D").replace(">", "%3E") + " -->"


# --- annotate ---------------------------------------------------------------------------------


def _annotation(view: HtmlView, site: LinkSite, fix: LinkFix) -> list[Edit]:
    if fix.action is FixAction.VERSION:
        return []
    if fix.action is FixAction.ARCHIVE:
        note = f"{fix.reason}; archived copy: {fix.target}"
    elif fix.action is FixAction.REDIRECT:
        note = f"{fix.reason}"
    else:
        note = fix.reason
    comment = html_comment("linkaudit: " + note)
    text = view.text
    if site.kind is SiteKind.REFERENCE:
        line_start = text.rfind("\n", 0, site.url_start) + 1
        previous_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        if text.startswith(NOTE_PREFIX, previous_start + _prefix_length(text, previous_start)):
            return []
        prefix = text[line_start : line_start + _prefix_length(text, line_start)]
        newline = "\r\n" if text[line_start - 2 : line_start] == "\r\n" else "\n"
        return [Edit(line_start, line_start, comment + newline + prefix)]
    place = site.end
    if site.kind is SiteKind.HTML and site.tag is not None and site.tag.close_end is None:
        return []
    if text.startswith(NOTE_PREFIX, place):
        return []
    return [Edit(place, place, comment)]


def _prefix_length(text: str, line_start: int) -> int:
    position = line_start
    while position < len(text) and text[position] in " \t>":
        position += 1
    return position - line_start
