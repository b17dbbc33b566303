"""Markup in Markdown that a reader never sees as text: template tags and attribute blocks.

Documentation sites run a template language over their Markdown before it is rendered: Liquid in
Jekyll ("{{ site.repository }}", "{% include badge.html %}"), Quarto and Hugo shortcodes
("{{< video https://... >}}", "{{% note %}}"), Jinja and Handlebars. Pandoc and Quarto write an
attribute block right after a link, an image or a code span ("[slides](deck.pdf){download=...}").
Neither is prose: markdown-it reads them here as tokens of their own (``MARKUP``) that the walker
passes over, so they are in no anchor or claim, while every place in the file stays as written.

Liquid's ``{% raw %}...{% endraw %}`` and Quarto's ``{{{< name >}}}`` are how a page shows a tag
as it is written: their tags go, what they enclose is read as text.

A template tag inside a link's destination is read as part of it ("[#52]({{ site.repository
}}/issues/52)", where the blanks would otherwise end the destination): the site's renderer fills
it in before the link is read, so it is a link, to an address the piece alone cannot give.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it import helpers
from markdown_it.common.utils import unescapeAll
from markdown_it.helpers.parse_link_destination import _Result
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.attrs.parse import ParseError, parse as parse_attributes

from linkaudit.extract.text import find_bare_urls

__all__ = ["ATTRIBUTES", "ATTRIBUTES_RULE", "MARKUP", "TEMPLATE", "TEMPLATE_OPENING", "TEMPLATE_RULE", "add_markup_rules", "code_shown", "is_shortcode", "urls_in_tag"]

MARKUP = "linkaudit_markup"  # the type of the token of a template tag or an attribute block
TEMPLATE = "template"  # its markup, for a template tag
ATTRIBUTES = "attributes"  # its markup, for an attribute block
TEMPLATE_RULE = "linkaudit_template_tag"  # the names of the two inline rules: both start at "{"
ATTRIBUTES_RULE = "linkaudit_attribute_block"
# A tag is short: its end is looked for this far only, so a paragraph of "{{" with no "}}" costs
# a bounded search each, not one to the paragraph's end.
_LONGEST_TAG = 1000
_LONGEST_ATTRIBUTES = 1000
# Each opener with its closer, the longest opener first: "{{<" before "{{".
_OPENERS = (("{{<", ">}}"), ("{{%", "%}}"), ("{{", "}}"), ("{%", "%}"))
_SHORTCODE_OPENERS = ("{{<", "{{%")
TEMPLATE_OPENING = r"\{[{%]"  # where a template tag can open: a pattern
_RAW_OPEN = re.compile(r"\{%-?[ \t]*raw[ \t]*-?%\}")
_RAW_CLOSE = re.compile(r"\{%-?[ \t]*endraw[ \t]*-?%\}")
# Quarto's escape of a shortcode: "{{{< var >}}}" shows "{{< var >}}", its outer braces gone.
_ESCAPE_OPEN = re.compile(r"\{(?=\{\{<)")
_ESCAPE_CLOSE = re.compile(r"(?<=>\}\})\}")
_IN_RAW = "linkaudit_in_raw"
# Elements an attribute block may follow, as Pandoc reads it: a link, an image, a code span.
_ATTRIBUTED = frozenset({"link_close", "image", "code_inline"})
_ELEMENT_ENDS = frozenset(")]`>")  # the last character of each: "(url)", "[label]", a code span, "<url>"


def add_markup_rules(parser: MarkdownIt) -> None:
    """Teach ``parser`` template tags (inline and in link destinations) and attribute blocks."""
    parser.inline.ruler.push(TEMPLATE_RULE, _template_rule)
    parser.inline.ruler.push(ATTRIBUTES_RULE, _attribute_block_rule)
    # markdown-it reads destinations through md.helpers: this parser's own, the module's untouched.
    parser.helpers = types.SimpleNamespace(  # type: ignore[assignment]
        parseLinkLabel=helpers.parseLinkLabel,
        parseLinkTitle=helpers.parseLinkTitle,
        parseLinkDestination=_with_template_tags(helpers.parseLinkDestination),
    )


def _tag_length(src: str, pos: int, end: int) -> int:
    """The length of the template tag that starts at src[pos], or 0 where none does."""
    for opener, closer in _OPENERS:
        if src.startswith(opener, pos):
            close = src.find(closer, pos + len(opener), min(end, pos + _LONGEST_TAG))
            return 0 if close == -1 else close + len(closer) - pos
    return 0


def is_shortcode(tag: str) -> bool:
    """Whether a template tag is a Quarto or Hugo shortcode ("{{< video ... >}}", "{{% note %}}")."""
    return tag.startswith(_SHORTCODE_OPENERS)


def urls_in_tag(tag: str) -> list[tuple[int, str]]:
    """The web addresses written in a template tag, with their offsets in it."""
    return [(start, tag[start:end]) for start, end in find_bare_urls(tag)] if "://" in tag or "www." in tag else []


def code_shown(code: str) -> str:
    """A code span's text as the site shows it: Liquid's raw tags and Quarto's shortcode escape
    gone, what they enclose kept. Other tags stay: in code they are shown as written on most
    sites (MDX, VitePress, tldr pages), and only a Liquid site would fill them in."""
    if "{%" in code:
        code = _unwrapped(code, _RAW_OPEN, _RAW_CLOSE)
    if "{{{<" in code:
        code = _unwrapped(code, _ESCAPE_OPEN, _ESCAPE_CLOSE)
    return code


def _unwrapped(code: str, opener: re.Pattern[str], closer: re.Pattern[str]) -> str:
    """``code`` with each opener and the closer after it taken out. Each search starts past the
    last: a span of openers with no closer is read once, not once an opener."""
    pieces: list[str] = []
    cursor = 0
    while (start := opener.search(code, cursor)) is not None and (end := closer.search(code, start.end())) is not None:
        pieces.append(code[cursor : start.start()])
        pieces.append(code[start.end() : end.start()])
        cursor = end.end()
    return "".join(pieces) + code[cursor:] if pieces else code


def _push_markup(state: StateInline, end: int, kind: str) -> None:
    token = state.push(MARKUP, "", 0)
    token.content = state.src[state.pos : end]
    token.markup = kind
    state.pos = end


def _template_rule(state: StateInline, silent: bool) -> bool:
    """A template tag in running text: a token of its own, with no text."""
    src, pos = state.src, state.pos
    if src[pos] != "{" or state.env.get(_IN_RAW):
        return False
    if src.startswith("{{{<", pos):
        close = src.find(">}}}", pos + 4, min(state.posMax, pos + _LONGEST_TAG))
        if close != -1:  # Quarto's escape: shown as the shortcode it encloses
            if not silent:
                state.pending += src[pos + 1 : close + 3]
            state.pos = close + 4
            return True
    length = _tag_length(src, pos, state.posMax)
    if not length:
        return False
    raw = _RAW_OPEN.match(src, pos, pos + length)
    if raw is not None and raw.end() == pos + length:
        bound = min(state.posMax, pos + _LONGEST_TAG)
        # Looked for as a word first: a run of raw tags with no end costs a string search each.
        closing = _RAW_CLOSE.search(src, pos + length, bound) if src.find("endraw", pos + length, bound) != -1 else None
        if closing is not None:
            return _raw_block(state, silent, pos + length, closing)
    if silent:
        state.pos = pos + length
    else:
        _push_markup(state, pos + length, TEMPLATE)
    return True


def _raw_block(state: StateInline, silent: bool, content_start: int, closing: re.Match[str]) -> bool:
    """``{% raw %}...{% endraw %}``: the two tags are markup, what they enclose is read as Markdown
    with no template tags in it (as Liquid shows it)."""
    if silent:
        state.pos = closing.end()
        return True
    _push_markup(state, content_start, TEMPLATE)
    limit = state.posMax
    state.posMax = closing.start()
    state.env[_IN_RAW] = True
    try:
        state.md.inline.tokenize(state)  # as markdown-it reads a link's text: the same state, bounded
    finally:
        state.env[_IN_RAW] = False
        state.posMax = limit
    state.pos = closing.start()
    _push_markup(state, closing.end(), TEMPLATE)
    return True


def _attribute_block_rule(state: StateInline, silent: bool) -> bool:
    """A Pandoc attribute block right after a link, an image or a code span: a token of its own."""
    src, pos = state.src, state.pos
    # Right after the element: what ends one stands before the "{" (and no text is pending,
    # asked last as markdown-it joins the pending text to answer).
    if src[pos] != "{" or src[pos - 1 : pos] not in _ELEMENT_ENDS or not state.tokens or state.tokens[-1].type not in _ATTRIBUTED:
        return False
    if state.pending:
        return False
    try:  # read by the attrs plugin's parser, on a bounded slice: it copies what it is given
        length, _ = parse_attributes(src[pos : min(state.posMax, pos + _LONGEST_ATTRIBUTES)])
    except ParseError:
        return False
    if silent:
        state.pos = pos + length + 1
    else:
        _push_markup(state, pos + length + 1, ATTRIBUTES)
    return True


def _with_template_tags(parse_destination: Callable[[str, int, int], _Result]) -> Callable[[str, int, int], _Result]:
    """markdown-it's destination parser, reading a template tag in a destination as part of it."""

    def parsed(src: str, pos: int, maximum: int) -> _Result:
        result = parse_destination(src, pos, maximum)
        if not result.ok or "{" not in src[pos : result.pos]:
            return result
        masked = _tags_masked(src, pos, maximum)
        if masked is None:
            return result
        whole = parse_destination(masked, 0, len(masked))
        if not whole.ok or pos + whole.pos <= result.pos:
            return result
        whole.pos += pos
        whole.str = unescapeAll(src[pos : whole.pos])
        return whole

    return parsed


_BLANK = re.compile(r"[ \t\n\r]")


def _tags_masked(src: str, pos: int, maximum: int) -> str | None:
    """The destination that starts at src[pos], up to its first blank outside a template tag,
    each tag in it written as a run of "x" of its length; None when no tag holds a blank."""
    pieces: list[str] = []
    cursor = pos
    masked_any = False
    while cursor < maximum:
        blank = _BLANK.search(src, cursor, maximum)
        stop = blank.start() if blank else maximum
        opener, length = _next_tag(src, cursor, stop, maximum)
        if not length:
            pieces.append(src[cursor:stop])
            break
        pieces.append(src[cursor:opener])
        pieces.append("x" * length)
        masked_any = masked_any or opener + length > stop
        cursor = opener + length
    return "".join(pieces) if masked_any else None


def _next_tag(src: str, start: int, stop: int, maximum: int) -> tuple[int, int]:
    """The first template tag that opens in src[start:stop] (and may run on to ``maximum``), as
    (where, length); (-1, 0) when none does."""
    opener = src.find("{", start, stop)
    while opener != -1:
        length = _tag_length(src, opener, maximum)
        if length:
            return opener, length
        opener = src.find("{", opener + 1, stop)
    return -1, 0
