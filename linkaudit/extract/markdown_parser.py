"""The parser every Markdown piece is read with: markdown-it, and the rules linkaudit adds to it.

CommonMark with GFM tables, strikethrough and footnotes, plus:

- template tags and attribute blocks are tokens of their own, with no text (``markdown_markup``);
- a ``:::`` fence line (of a Pandoc or Quarto div, a VitePress or Docusaurus admonition) is a
  block of its own that holds no text: the fence and its name are no words of the prose around;
- bare http(s) URLs in running text are links, cut as the plain-text extractor cuts them;
- each link is marked as written inline or by reference, and a bare one with the URL as written;
- inline rules run only where they can start (``markdown_dispatch``);
- a long paragraph is parsed and handed to the walker a slice of whole lines at a time;
- nesting is followed as deep as the work it costs allows, inline to CommonMark's own depth.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple, Protocol

from markdown_it import MarkdownIt
from markdown_it import rules_inline as inline_rules
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.text_join import _join_text_tokens
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from linkaudit.extract import text as text_extract
from linkaudit.extract.text import trimmed_url_length
from linkaudit.extract.markdown_dispatch import dispatch_inline_rules, dispatches
from linkaudit.extract.markdown_markup import add_markup_rules

__all__ = ["BARE_URL", "LABEL", "LINK_FORM", "MAX_NESTING", "WALKED", "WALKER", "WRITTEN", "BareUrl", "ProseText", "build_parser", "markdown_parser", "nesting_allowed"]


class InlineWalker(Protocol):
    """What reads a long paragraph's inline tokens as they are parsed (see ``_inline_in_slices``)."""

    def inline_children(self, children: Iterable[Token | ProseText | BareUrl], line_map: list[int]) -> str: ...


# markdown-it stops reading at this depth of nested blocks without a word; the piece says so.
# A list level is two (list and item): 50 nested lists are 100, 100 nested quotes 100.
MAX_NESTING = 300
# Each level of nesting open at a line costs markdown-it a pass over that line (a lazy line of a
# quote 200 deep is re-read 200 times): past this many (line, level) pairs a piece is read to a
# shallower depth, never under markdown-it's own 20, and says what it did not read.
_NESTING_BUDGET = 200_000
_MIN_NESTING = 20
_LINE_PREFIX = re.compile(r"^[ \t>*+\-.)0-9]*", re.MULTILINE)
# Inline nesting (a link label inside a link label) is followed to CommonMark's own depth: each
# level is four Python frames, and 300 of them overflow the stack on a run of "[".
_MAX_INLINE_NESTING = 20
# A paragraph longer than this has its inline content parsed a slice of lines at a time, each slice
# walked and its tokens dropped: a paragraph of 100,000 links would otherwise hold 600,000 tokens.
_INLINE_SLICE = 64 * 1024
# What a slice's leftover text may hold only when a construct is left open at its end (a bracket,
# an emphasis or strikethrough delimiter, a backtick run, a tag): the slice is then widened.
_OPEN_CONSTRUCT = re.compile(r"[\[\]*_~`<{]")
_BREAK_BEFORE_NEWLINE = " \t\\"  # a hard break: the newline is not a plain slice boundary
# Slices are cut only in plain prose with links: no emphasis, code, tags, escapes or images.
_INTRICATE = re.compile(r"[*_~`<>\\!]")
WALKER = "linkaudit_walker"
WALKED = "linkaudit_walked"

_parser: MarkdownIt | None = None


# URLs that markdown-it's normalisation (mdurl parse, punycode, percent-encoding) gives back
# unchanged: lower-case ASCII host, only characters that need no encoding. Checked against the
# full normalisation on random URLs; skipping it for them halves the cost of link-dense pieces.
_ALREADY_NORMAL = re.compile(r"(?:https?|ftp)://[a-z0-9.-]+(?::\d+)?(?:[/?#][A-Za-z0-9\-._~:/?#@!$&'()*+,;=]*)?\Z")


def markdown_parser() -> MarkdownIt:
    global _parser  # noqa: PLW0603 - one parser per process: building it costs more than a parse
    if _parser is None:
        _parser = build_parser()
    return _parser


def build_parser(*, dispatch: bool = True) -> MarkdownIt:
    """The parser every piece is read with; ``dispatch=False`` keeps markdown-it's own rule loop."""
    # maxNesting: the preset's 20 levels would drop links in deeply nested lists without a word.
    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"]).use(footnote_plugin)
    alternatives = ["paragraph", "reference", "blockquote", "list"]
    parser.block.ruler.before("fence", "linkaudit_div_fence", _div_fence, {"alt": alternatives})
    parser.core.ruler.at("inline", _inline_in_slices)
    parser.inline.ruler.at("link", _marking_form(inline_rules.link))
    # Before emphasis can split them: https://host/Lib/__init__.py is one URL, not "Lib/" + bold.
    parser.inline.ruler.after("text", "linkaudit_bare_url", _bare_url_rule)
    add_markup_rules(parser)
    if dispatch:
        dispatch_inline_rules(parser)
    parser.normalizeLink = _fast_path(parser.normalizeLink)  # type: ignore[method-assign,assignment]
    parser.normalizeLinkText = _fast_path(parser.normalizeLinkText)  # type: ignore[method-assign,assignment]
    return parser


def _inline_in_slices(state: StateCore) -> None:
    """markdown-it's inline stage, except that a long paragraph is walked slice by slice here."""
    walker: InlineWalker | None = state.env.get(WALKER)  # type: ignore[assignment]
    md = state.md
    block_nesting = md.options["maxNesting"]
    md.options["maxNesting"] = _MAX_INLINE_NESTING
    try:
        _parse_inline_tokens(state, walker)
    finally:
        md.options["maxNesting"] = block_nesting


def _parse_inline_tokens(state: StateCore, walker: InlineWalker | None) -> None:
    md, env = state.md, state.env
    in_footnote = False  # a footnote's text is kept or dropped later, by whether it is referenced
    for index, token in enumerate(state.tokens):
        if token.type in ("footnote_reference_open", "footnote_reference_close"):
            in_footnote = token.type == "footnote_reference_open"
        if token.type != "inline":
            continue
        long_paragraph = len(token.content) > _INLINE_SLICE and state.tokens[index - 1].type == "paragraph_open"
        # Footnote marks ("[^1]", "^[...]") number and keep footnotes as they are met: read whole.
        sliceable = long_paragraph and not in_footnote and "^" not in token.content
        if walker is not None and sliceable and token.map is not None:
            token.children = []
            token.meta[WALKED] = True
            walker.inline_children(_sliced_inline(state, token.content), token.map)
        else:
            token.children = token.children if token.children is not None else []
            _inline_parse(md, env, token.content, token.children)


def _sliced_inline(state: StateCore, content: str) -> Iterator[Token | ProseText | BareUrl]:
    """The inline tokens of ``content``, as markdown-it would give them, parsed a slice of whole
    lines at a time. A slice ends at a newline only where nothing is left open; else it doubles.
    A slice of prose and bare URLs alone comes as ``ProseText`` and ``BareUrl`` records, which the
    walker reads as the tokens they stand for."""
    md, env = state.md, state.env
    start = 0
    while start < len(content):
        size = _INLINE_SLICE
        while True:
            end = content.find("\n", start + size)
            end = len(content) if end == -1 else end
            children: list[Token] | list[ProseText | BareUrl]
            if _tokenised_directly(md, content, start, end):
                children = list(_prose_pieces(content[start:end]))  # never two texts in a row
            else:
                children = _join_text_tokens(md.inline.parse(content[start:end], md, env, []))
            if end == len(content) or _closed_slice(children, content, start, end):
                break
            size *= 2
        yield from children
        del children
        if end < len(content):
            yield Token("softbreak", "br", 0)
        start = end + 1
        while start < len(content) and content[start] in " \t":  # as markdown-it skips a line's indent
            start += 1


def _closed_slice(children: Sequence[Token | ProseText | BareUrl], content: str, start: int, end: int) -> bool:
    if content[end - 1] in _BREAK_BEFORE_NEWLINE or _INTRICATE.search(content, start, end):
        return False
    return not any(child.type == "text" and not isinstance(child, BareUrl) and _OPEN_CONSTRUCT.search(child.content) for child in children)


_DIV_FENCE = re.compile(r":{3,}")


def _div_fence(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A line of three colons or more, and what follows on it (``::: {.callout-note}``, ``:::tip``,
    ``:::``): it opens or closes a box around blocks, and is passed over. Only the line is taken,
    the blocks between are read as if it were not there: a fence never swallows what follows it,
    however the fences nest or pair."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    position = state.bMarks[start_line] + state.tShift[start_line]
    if not _DIV_FENCE.match(state.src, position, state.eMarks[start_line]):
        return False
    if not silent:
        state.line = start_line + 1
    return True


LINK_FORM = "linkaudit_form"


def _marking_form(link_rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """markdown-it's link rule, marking each link it makes as written inline ("[t](url)") or by
    reference ("[t][label]", "[t][]", "[t]"): tokens do not say, and the place of a URL depends on it."""

    def rule(state: StateInline, silent: bool) -> bool:
        first, start = len(state.tokens), state.pos
        if not link_rule(state, silent):
            return False
        if not silent:
            form = "inline" if state.src[state.pos - 1] == ")" else "reference"
            opener = next((token for token in state.tokens[first:] if token.type == "link_open"), None)
            if opener is not None:
                opener.meta[LINK_FORM] = form
                if form == "reference":
                    opener.meta[LABEL] = normalizeReference(_reference_label(state.src[start : state.pos]))
        return True

    return rule


def _reference_label(written: str) -> str:
    """The label of "[text][label]", "[text][]" or "[text]": the definition it names."""
    if written.endswith("][]"):
        return written[1:-3]
    if "][" in written:
        return written[written.rindex("][") + 2 : -1]
    return written[1:-1]


_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
WRITTEN = "linkaudit_written"
LABEL = "linkaudit_label"
_SCHEME_BEFORE = re.compile(r"(?:^|[^a-z0-9.+-])(https?)$", re.IGNORECASE)
# The same test, looking behind; and the characters a bare URL may hold running on from the
# scheme when it can start one there (what ``_bare_url_from`` reads through a window, in one search).
_SCHEME_AND_URL = re.compile(rf"(?<![a-z0-9.+-])(https?)://(?:(?=[\w\[]){text_extract.URL_BODY}*)?", re.IGNORECASE)
_URL_WINDOW_END = re.compile(r"[\s<>\"`]")
_BARE_MARKUP = "linkaudit-bare"
BARE_URL = "linkaudit_bare_url"  # the type of a BareUrl record
# Where a rule other than the bare-URL one could start (see markdown_dispatch), or a line break.
_MARKUP = re.compile(r"[\n\\`~*_\[!^<&{]")


def _tokenised_directly(md: MarkdownIt, src: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``_inline_parse`` makes the tokens of src[start:end] itself: text where no rule but
    the bare-URL one can start (prose and URLs: no markup, no line break)."""
    return _MARKUP.search(src, start, len(src) if end is None else end) is None and dispatches(md)


def _inline_parse(md: MarkdownIt, env: dict[str, object], src: str, tokens: list[Token]) -> list[Token]:
    """markdown-it's inline tokens of ``src``, appended to ``tokens``. Text where no rule but the
    bare-URL one can start is tokenised here directly (``_tokenised_directly``), the same tokens
    at a fraction of the cost per link."""
    if tokens or not _tokenised_directly(md, src):
        return md.inline.parse(src, md, env, tokens)
    for piece in _prose_pieces(src):
        if isinstance(piece, ProseText):
            tokens.append(Token("text", "", 0, content=piece.content))
            continue
        tokens.append(Token("link_open", "a", 1, attrs={"href": piece.href}, markup=_BARE_MARKUP, meta={WRITTEN: piece.written}))
        tokens.append(Token("text", "", 0, level=1, content=piece.href))
        tokens.append(Token("link_close", "a", -1, markup=_BARE_MARKUP))
    return tokens


class ProseText(NamedTuple):
    """Text of prose tokenised directly: what a "text" token would hold."""

    content: str
    type: str = "text"


class BareUrl(NamedTuple):
    """A bare URL of prose tokenised directly: what its link_open, text and link_close tokens
    would hold (the URL as written, and the href it resolves to)."""

    written: str
    href: str
    type: str = BARE_URL


# A record made by tuple.__new__ itself: a named tuple's own constructor is a Python function,
# a tenth of what a bare URL costs in a paragraph of them.
_new_record = tuple.__new__


def _prose_pieces(src: str) -> Iterator[ProseText | BareUrl]:
    """Text where no rule but the bare-URL one can start, cut into its text and its bare URLs."""
    written_from = 0  # where the text not yet in a piece starts
    # As ``_bare_url_rule`` reads the text gathered before each "://": after a URL the text
    # resumes at what ended it (a blank, a quote, trailing punctuation), never in a scheme.
    found = _SCHEME_AND_URL.search(src)
    while found is not None:
        start = found.start()
        length = trimmed_url_length(found.group())
        if length is None:  # no URL there (nothing after "://", or no host): on past the ":"
            found = _SCHEME_AND_URL.search(src, found.end(1) + 1)
            continue
        url = src[start : start + length]
        if start > written_from:
            yield _new_record(ProseText, (src[written_from:start], "text"))
        yield _new_record(BareUrl, (url, _followed(url), BARE_URL))
        written_from = start + length
        found = _SCHEME_AND_URL.search(src, written_from)
    if written_from < len(src):
        yield ProseText(src[written_from:])


def _bare_url_at(src: str, before: str, position: int, end: int) -> tuple[int, str, str] | None:
    """The bare URL whose "://" is at ``position`` in ``src``, its scheme the end of ``before`` (the
    text gathered since the last token), as (start, as written, href), or None."""
    # The scheme and the character before it: six characters decide (a longer text's start is
    # never where "^" could let a scheme begin).
    scheme = _SCHEME_BEFORE.search(before[-6:])
    if scheme is None:
        return None
    start = position - len(scheme.group(1))
    link = _bare_url_from(src, start, position, end)
    return None if link is None else (start, *link)


def _bare_url_from(src: str, start: int, position: int, end: int) -> tuple[str, str] | None:
    """The bare URL whose scheme starts at ``start`` and whose "://" is at ``position``, as (as
    written, href), or None."""
    window_end = _URL_WINDOW_END.search(src, position, end)
    window = src[start : window_end.start() if window_end else end]
    length = text_extract.bare_url_length(window)
    if length is None:
        return None
    url = window[:length]
    return url, _followed(url)


def _followed(url: str) -> str:
    """What a reader's browser follows of a bare URL as written: Markdown's backslash escapes
    and entities resolved."""
    if "\\" not in url and "&" not in url:
        return url  # nothing escaped: nothing to resolve
    return html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", url))


def _bare_url_rule(state: StateInline, silent: bool) -> bool:
    """An inline rule for bare http(s) URLs in running text, cut by the plain-text extractor's
    rules (trailing punctuation trimmed, balanced brackets kept), so both kinds of piece agree.

    Like markdown-it's own linkify rule it fires at "://", the scheme being the end of the text
    gathered so far; the link it emits carries the URL exactly as written."""
    position, src = state.pos, state.src
    if not src.startswith("://", position) or state.linkLevel > 0:
        return False
    pending = state.pending
    link = _bare_url_at(src, pending, position, state.posMax)
    if link is None:
        return False
    start, url, href = link
    if not silent:
        state.pending = pending[: len(pending) - (position - start)]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        token.markup = _BARE_MARKUP
        token.meta[WRITTEN] = url
        state.push("text", "", 0).content = href
        state.push("link_close", "a", -1).markup = _BARE_MARKUP
    state.pos = start + len(url)
    return True


def _fast_path(normalize: Callable[[str], str]) -> Callable[[str], str]:
    match = _ALREADY_NORMAL.match

    def normalized(url: str) -> str:
        return url if match(url) else normalize(url)

    return normalized


def nesting_allowed(body: str) -> int:
    """How deep markdown-it may follow nested blocks in ``body``: as deep as asked, unless the
    deepest line's markers times the number of lines is more work than the budget allows."""
    lines = body.count("\n") + 1
    deepest = max((len(prefix) for prefix in _LINE_PREFIX.findall(body)), default=0) + 2
    if lines * min(deepest, MAX_NESTING) <= _NESTING_BUDGET:
        return MAX_NESTING
    return max(_MIN_NESTING, min(MAX_NESTING, _NESTING_BUDGET // lines))
