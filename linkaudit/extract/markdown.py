"""Citations in Markdown: CommonMark with GFM tables, strikethrough and footnotes.

markdown-it-py parses; this module walks its tokens and finds where each link's URL is written.
Tokens carry block line ranges only, so every URL is located by scanning that block's lines in the
file with a cursor that only moves forward, preferring an occurrence in link-destination position
(after "(" or "<"). Reference-style links are located at their definition's URL, since that is
the text a writer edits to fix the link.

Bare URLs in running text count as citations; URLs in code spans and code blocks do not. Images
are embedded media, not sources: an image's alt text serves as the anchor of a link around it, and
a bare image is listed as a non-citation. ``<!-- linkaudit-skip -->`` on a link's line or the
line before marks that link ignored.

Raw HTML counts too: an ``<a href>`` written inline in a paragraph is a link of that paragraph
(with its Robust Links and skip attributes), and an HTML block is handed to the HTML extractor.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import html
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

import lxml.etree
import lxml.html
from markdown_it import MarkdownIt
from markdown_it import rules_inline as inline_rules
from markdown_it.common.utils import normalizeReference
from markdown_it.helpers import parseLinkDestination
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.text_join import _join_text_tokens
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from linkaudit.extract import claims, html as html_extract, text as text_extract
from linkaudit.extract.markdown_dispatch import dispatch_inline_rules
from linkaudit.extract.common import LineIndex, collapse_whitespace, non_citation_reason, resolve_url
from linkaudit.models import Citation, Document, DocumentKind, Location, NonCitation, claim_id_for

__all__ = ["SKIP_MARKER", "MarkdownExtraction", "extract_markdown", "split_front_matter"]

# The marker is HTML's: a comment whose text is the word, in any case and spacing.
SKIP_MARKER = html_extract.SKIP_MARKER
_SKIP_COMMENT = re.compile(r"<!--[ \t\r\n]*" + re.escape(SKIP_MARKER) + r"[ \t\r\n]*-->", re.IGNORECASE)
_EMBEDDED_IMAGE = "embedded image"
_DESTINATION_OPENERS = "(<"
_QUOTE_MARKERS = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)+", re.MULTILINE)
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_MARKDOWN_IT_BREAK = re.compile(r"\r\n|\r|\n")
_HTML_LINK_OPEN = re.compile(r"<a(?=[\s/>])", re.IGNORECASE)
_HTML_LINK_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
# MDX: a JSX component (a capitalised tag name, <Card>, <Docs.Link>) with an href is a link.
_COMPONENT_OPEN = re.compile(r"<[A-Z][\w.]*(?=[\s/>])")
_COMPONENT_CLOSE = re.compile(r"</[A-Z][\w.]*\s*>")
_COMPONENT_NAME = re.compile(r"(</?)([A-Z][\w.]*)(?=[\s/>])")
_SELF_CLOSED = re.compile(r"/\s*>\Z")
_MDX_EXTENSION = ".mdx"
# markdown-it stops reading at this depth of nested blocks without a word; the piece says so.
# A list level is two (list and item): 50 nested lists are 100, 100 nested quotes 100.
_MAX_NESTING = 300
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
_OPEN_CONSTRUCT = re.compile(r"[\[\]*_~`<]")
_BREAK_BEFORE_NEWLINE = " \t\\"  # a hard break: the newline is not a plain slice boundary
# Slices are cut only in plain prose with links: no emphasis, code, tags, escapes or images.
_INTRICATE = re.compile(r"[*_~`<>\\!]")
_WALKER = "linkaudit_walker"
_WALKED = "linkaudit_walked"


@dataclass(frozen=True, slots=True)
class MarkdownExtraction:
    title: str | None
    front_matter: dict[str, object]
    citations: tuple[Citation, ...]
    non_citations: tuple[NonCitation, ...] = ()
    warnings: tuple[str, ...] = ()


_parser: MarkdownIt | None = None


# URLs that markdown-it's normalisation (mdurl parse, punycode, percent-encoding) gives back
# unchanged: lower-case ASCII host, only characters that need no encoding. Checked against the
# full normalisation on random URLs; skipping it for them halves the cost of link-dense pieces.
_ALREADY_NORMAL = re.compile(r"(?:https?|ftp)://[a-z0-9.-]+(?::\d+)?(?:[/?#][A-Za-z0-9\-._~:/?#@!$&'()*+,;=]*)?\Z")
# Web URLs that the shared classifier would call citations and resolve to themselves: http(s),
# printable ASCII with no blanks (nothing to strip) and no brackets (so urlsplit cannot reject an
# IPv6 host). Most links in a piece are like this; they skip two urlsplit calls.
_PLAIN_WEB_URL = re.compile(r"https?://[!-Z\\^-~]*\Z")


def _markdown_parser() -> MarkdownIt:
    global _parser  # noqa: PLW0603 - one parser per process: building it costs more than a parse
    if _parser is None:
        _parser = build_parser()
    return _parser


def build_parser(*, dispatch: bool = True) -> MarkdownIt:
    """The parser every piece is read with; ``dispatch=False`` keeps markdown-it's own rule loop."""
    # maxNesting: the preset's 20 levels would drop links in deeply nested lists without a word.
    parser = MarkdownIt("commonmark", {"maxNesting": _MAX_NESTING}).enable(["table", "strikethrough"]).use(footnote_plugin)
    parser.core.ruler.at("inline", _inline_in_slices)
    parser.inline.ruler.at("link", _marking_form(inline_rules.link))
    # Before emphasis can split them: https://host/Lib/__init__.py is one URL, not "Lib/" + bold.
    parser.inline.ruler.after("text", "linkaudit_bare_url", _bare_url_rule)
    if dispatch:
        dispatch_inline_rules(parser)
    parser.normalizeLink = _fast_path(parser.normalizeLink)  # type: ignore[method-assign,assignment]
    parser.normalizeLinkText = _fast_path(parser.normalizeLinkText)  # type: ignore[method-assign,assignment]
    return parser


def _inline_in_slices(state: StateCore) -> None:
    """markdown-it's inline stage, except that a long paragraph is walked slice by slice here."""
    walker = state.env.get(_WALKER)
    md, env = state.md, state.env
    block_nesting = md.options["maxNesting"]
    md.options["maxNesting"] = _MAX_INLINE_NESTING
    try:
        _parse_inline_tokens(state, walker)
    finally:
        md.options["maxNesting"] = block_nesting


def _parse_inline_tokens(state: StateCore, walker: object) -> None:
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
        if isinstance(walker, _Walker) and sliceable and token.map is not None:
            token.children = []
            token.meta[_WALKED] = True
            walker.inline_children(_sliced_inline(state, token.content), token.map)
        else:
            token.children = token.children if token.children is not None else []
            md.inline.parse(token.content, md, env, token.children)


def _sliced_inline(state: StateCore, content: str) -> Iterator[Token]:
    """The inline tokens of ``content``, as markdown-it would give them, parsed a slice of whole
    lines at a time. A slice ends at a newline only where nothing is left open; else it doubles."""
    md, env = state.md, state.env
    start = 0
    while start < len(content):
        size = _INLINE_SLICE
        while True:
            end = content.find("\n", start + size)
            end = len(content) if end == -1 else end
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


def _closed_slice(children: Sequence[Token], content: str, start: int, end: int) -> bool:
    if content[end - 1] in _BREAK_BEFORE_NEWLINE or _INTRICATE.search(content, start, end):
        return False
    return not any(child.type == "text" and _OPEN_CONSTRUCT.search(child.content) for child in children)


_LINK_FORM = "linkaudit_form"


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
                opener.meta[_LINK_FORM] = form
                if form == "reference":
                    opener.meta[_LABEL] = normalizeReference(_reference_label(state.src[start : state.pos]))
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
_WRITTEN = "linkaudit_written"
_LABEL = "linkaudit_label"
_SCHEME_BEFORE = re.compile(r"(?:^|[^a-z0-9.+-])(https?)$", re.IGNORECASE)
_URL_WINDOW_END = re.compile(r"[\s<>\"`]")


def _bare_url_rule(state: StateInline, silent: bool) -> bool:
    """An inline rule for bare http(s) URLs in running text, cut by the plain-text extractor's
    rules (trailing punctuation trimmed, balanced brackets kept), so both kinds of piece agree.

    Like markdown-it's own linkify rule it fires at "://", the scheme being the end of the text
    gathered so far; the link it emits carries the URL exactly as written."""
    position, src = state.pos, state.src
    if not src.startswith("://", position) or state.linkLevel > 0:
        return False
    scheme = _SCHEME_BEFORE.search(state.pending)
    if scheme is None:
        return False
    start = position - len(scheme.group(1))
    window_end = _URL_WINDOW_END.search(src, position, state.posMax)
    window = src[start : window_end.start() if window_end else state.posMax]
    spans = text_extract.find_bare_urls(window)
    if not spans or spans[0][0] != 0:
        return False
    url = window[: spans[0][1]]
    if not silent:
        # What a reader's browser follows: Markdown's backslash escapes and entities resolved.
        href = html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", url))
        state.pending = state.pending[: -len(scheme.group(1))]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        token.markup = "linkaudit-bare"
        token.meta[_WRITTEN] = url
        state.push("text", "", 0).content = href
        state.push("link_close", "a", -1).markup = "linkaudit-bare"
    state.pos = start + len(url)
    return True


def _fast_path(normalize: Callable[[str], str]) -> Callable[[str], str]:
    match = _ALREADY_NORMAL.match

    def normalized(url: str) -> str:
        return url if match(url) else normalize(url)

    return normalized


# --- front matter ------------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict[str, object], str, list[str]]:
    """(front matter, body, warnings). The body keeps the file's line numbers: the front matter
    lines are left in place as empty lines."""
    first_line, _, _ = text.partition("\n")
    fence = first_line.rstrip()
    if fence not in ("---", "+++"):
        return {}, text, []
    lines = text.split("\n")
    closers = ("---", "...") if fence == "---" else ("+++",)
    for number in range(1, len(lines)):
        if lines[number].rstrip() in closers:
            raw = "\n".join(lines[1:number])
            body = "\n" * (number + 1) + "\n".join(lines[number + 1 :])
            if fence == "+++":
                front_matter, warnings = _parse_toml(raw)
                return front_matter, body, warnings
            return _parse_simple_yaml(raw), body, []
    return {}, text, []  # no closing fence: a thematic break, not front matter


def _parse_toml(raw: str) -> tuple[dict[str, object], list[str]]:
    try:
        return dict(tomllib.loads(raw)), []
    except tomllib.TOMLDecodeError as error:
        return {}, [f"TOML front matter could not be read ({error}); ignored"]


def _parse_simple_yaml(raw: str) -> dict[str, object]:
    """Top-level ``key: value`` pairs of YAML front matter: all a piece's title and date need.

    Nested mappings, lists and block scalars are skipped rather than misread.
    """
    result: dict[str, object] = {}
    for line in raw.split("\n"):
        if not line or line[0] in " \t#-" or ":" not in line:
            continue
        key, _, value = line.partition(":")
        key = key.strip().strip("\"'")
        value = value.strip()
        if not key or value in ("", "|", ">", "|-", ">-"):
            continue
        if value[0] in "\"'" and len(value) >= 2 and value[-1] == value[0]:
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        result[key] = value
    return result


# --- walking the tokens --------------------------------------------------------------------------


@dataclass(slots=True)
class _Link:
    href: str
    kind: str  # "link", "autolink", "bare", "image", "html"
    plain_start: int
    plain_end: int = 0
    anchor: str = ""
    tag: str = ""  # for "html": the <a ...> tag as written; for "bare": the URL as written
    attributes: dict[str, str] | None = None  # for "html": the tag's attributes, entities decoded
    label: str = ""  # for "reference": the normalised label of its definition
    found: tuple[int, str] | None = None  # for "html": where its href stands, found at the opening tag


@dataclass(slots=True)
class _Found:
    written: str
    offset: int
    href: str
    kind: str
    anchor: str
    claim: str
    order: tuple[int, int]  # (block start, place in block): the order a reader meets links
    use_line: int  # where the link is used (differs from the location for reference links)
    attributes: dict[str, str] | None = None


@dataclass(slots=True)
class _Block:
    """One inline run (paragraph, heading, table cell) and where its lines sit in the file."""

    start: int
    end: int
    cursor: int
    plain: list[str] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)  # runs of pieces already joined: fewer objects
    length: int = 0

    def add(self, piece: str) -> None:
        self.plain.append(piece)
        self.length += len(piece)
        if len(self.plain) >= 4096:
            self.joined.append("".join(self.plain))
            self.plain.clear()

    def text(self) -> str:
        return "".join(self.joined) + "".join(self.plain)


class _Walker:
    def __init__(
        self,
        text: str,
        parser: MarkdownIt,
        references: dict[str, dict[str, object]],
        base_url: str | None,
        *,
        jsx: bool = False,
    ) -> None:
        self.text = text
        self.jsx = jsx
        self.lines = LineIndex(text)
        # markdown-it breaks lines at CR LF, LF and a lone CR; the file's line numbers (as git and
        # editors count them) break at LF only. Block maps are read with markdown-it's breaks.
        self.block_line_starts = [0] + [m.end() for m in _MARKDOWN_IT_BREAK.finditer(text)]
        self.parser = parser
        self.references = references
        self.found: list[_Found] = []
        # Links of HTML blocks, extracted whole by the HTML extractor, with their reading order.
        self.html_found: list[tuple[tuple[int, int], Citation | NonCitation]] = []
        self.base_url = base_url
        self.headings: list[tuple[int, str]] = []  # (1-based line, text)
        self.first_h1: str | None = None
        self.warnings: list[str] = []

    # -- positions --

    def _line_offset(self, line0: int) -> int:
        if line0 >= len(self.block_line_starts):
            return len(self.text)
        return self.block_line_starts[line0]

    def _candidates(self, href: str, kind: str) -> list[str]:
        candidates = [href]
        for variant in (self.parser.normalizeLinkText(href), unquote(href)):
            if variant not in candidates:
                candidates.append(variant)
        if kind == "autolink" and href.startswith("mailto:"):
            candidates.append(href[len("mailto:") :])
        return [c for c in candidates if c]

    def _search(self, candidates: Sequence[str], start: int, end: int, *, in_destination: bool) -> tuple[int, str] | None:
        text = self.text
        best: tuple[int, str] | None = None
        for candidate in candidates:
            position = text.find(candidate, start, end)
            while position != -1:
                if not in_destination or _after_opener(text, position, start):
                    if best is None or position < best[0]:
                        best = (position, candidate)
                    break
                position = text.find(candidate, position + 1, end)
        return best

    def _parsed_destination(self, href: str, start: int, end: int, marker: str) -> tuple[int, str] | None:
        """Where a destination is written with escapes or entities: parse it the way markdown-it does."""
        text = self.text
        normalize = self.parser.normalizeLink
        position = text.find(marker, start, end)
        while position != -1:
            begin = position + len(marker)
            while begin < end and text[begin] in " \t":
                begin += 1
            result = parseLinkDestination(text, begin, end)
            if result.ok and normalize(result.str) == href:
                written_start, written_end = begin, result.pos
                if text.startswith("<", written_start) and text[written_end - 1 : written_end] == ">":
                    written_start, written_end = written_start + 1, written_end - 1
                if written_end > written_start:
                    return written_start, text[written_start:written_end]
            position = text.find(marker, position + 1, end)
        return None

    def _reference_definition(self, href: str, label: str = "") -> tuple[int, str] | None:
        named = self.references.get(label) if label else None
        for reference in ([named] if named is not None else []) + list(self.references.values()):
            line_map = reference.get("map")
            if reference.get("href") != href or not isinstance(line_map, list):
                continue
            start, end = self._line_offset(line_map[0]), self._line_offset(line_map[1])
            found = self._search(self._candidates(href, "link"), start, end, in_destination=False)
            return found or self._parsed_destination(href, start, end, "]:")
        return None

    def locate(self, block: _Block, href: str, kind: str) -> tuple[int, str] | None:
        if kind != "bare":
            # The common case first: the URL is written exactly as markdown-it normalised it.
            found = self._search((href,), block.cursor, block.end, in_destination=True)
            if found is not None:
                return found
        candidates = self._candidates(href, kind)
        if kind == "bare":
            return self._search(candidates, block.cursor, block.end, in_destination=False)
        return (
            self._search(candidates, block.cursor, block.end, in_destination=True)
            or (self._reference_definition(href) if kind == "link" else None)
            or self._parsed_destination(href, block.cursor, block.end, "](")
            or self._search(candidates, block.cursor, block.end, in_destination=False)
        )

    # -- tokens --

    def walk(self, tokens: Sequence[Token]) -> None:
        last_map: list[int] | None = None
        heading_level = quotes = 0
        for token in tokens:
            if token.map is not None:
                last_map = token.map
            if token.type in ("blockquote_open", "blockquote_close"):
                quotes += 1 if token.type == "blockquote_open" else -1
            elif token.type == "heading_open":
                heading_level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
            elif token.type == "heading_close":
                heading_level = 0
            elif token.type == "html_block" and token.map is not None:
                self._html_block(token.map, quoted=quotes > 0)
            elif token.type == "inline" and last_map is not None and not token.meta.get(_WALKED):
                plain = self._inline(token, token.map or last_map)
                if heading_level:
                    line = self.lines.position(self._line_offset((token.map or last_map)[0]))[0]
                    self._add_heading(line, heading_level, collapse_whitespace(plain))

    def _add_heading(self, line: int, level: int, heading: str) -> None:
        self.headings.append((line, heading))
        if level == 1 and self.first_h1 is None and heading:
            self.first_h1 = heading

    def _inline(self, token: Token, line_map: list[int]) -> str:
        return self.inline_children(token.children or (), line_map)

    def inline_children(self, children: Iterable[Token], line_map: list[int]) -> str:
        start = self._line_offset(line_map[0])
        block = _Block(start=start, end=self._line_offset(line_map[1]), cursor=start)
        open_links: list[_Link] = []
        placed: list[tuple[_Link, int, str] | None] = []
        for child in children:
            kind = child.type
            if kind == "text":
                if not open_links and ("://" in child.content or "www." in child.content):
                    placed.extend(self._bare_links(block, child.content))
                block.add(child.content)
            elif kind == "link_open":
                link_kind = {"autolink": "autolink", "linkify": "autolink", "linkaudit-bare": "bare"}.get(child.markup, "link")
                if child.meta.get(_LINK_FORM) == "reference":
                    link_kind = "reference"
                link = _Link(str(child.attrs.get("href", "")), link_kind, block.length)
                link.tag, link.label = str(child.meta.get(_WRITTEN, "")), str(child.meta.get(_LABEL, ""))
                open_links.append(link)
            elif kind == "link_close" and open_links:
                link = open_links.pop()
                link.plain_end = block.length
                placed.append(self._place(block, link))
            elif kind == "image":
                alt = child.content
                image = _Link(str(child.attrs.get("src", "")), "image", block.length)
                block.add(alt)
                image.plain_end = block.length
                placed.append(self._place(block, image))
            elif kind == "html_inline":
                self._html_inline(block, child.content, open_links, placed)
            elif kind == "code_inline":
                self._skip_past(block, child.content)
                block.add(child.content)
            elif kind in ("softbreak", "hardbreak"):
                block.add("\n")
        plain = block.text()
        self._record(plain, block.start, [entry for entry in placed if entry is not None])
        return plain

    def _html_inline(
        self, block: _Block, tag: str, open_links: list[_Link], placed: list[tuple[_Link, int, str] | None]
    ) -> None:
        if self.jsx and (_COMPONENT_OPEN.match(tag) or _COMPONENT_CLOSE.match(tag)):
            self._component(block, tag, open_links, placed)
        elif _HTML_LINK_CLOSE.match(tag):
            for index in range(len(open_links) - 1, -1, -1):
                if open_links[index].kind == "html":
                    link = open_links.pop(index)
                    link.plain_end = block.length
                    placed.append(self._place(block, link))
                    break
        elif _HTML_LINK_OPEN.match(tag):
            attributes = _tag_attributes(tag)
            if attributes is not None and "href" in attributes:  # <a name=...> is a target, not a link
                link = _Link(attributes["href"], "html", block.length, tag=tag, attributes=attributes)
                # Found now, before what the link wraps (a code span, an image) moves the cursor on.
                link.found = self._locate_in_tag(block, tag)
                self._skip_past(block, tag)  # the whole tag: another attribute may quote a later link's URL
                if link.found is not None:
                    block.cursor = max(block.cursor, link.found[0] + len(link.found[1]))
                open_links.append(link)
        else:
            self._skip_past(block, tag)  # a comment or another tag may quote a later link's URL

    def _component(
        self, block: _Block, tag: str, open_links: list[_Link], placed: list[tuple[_Link, int, str] | None]
    ) -> None:
        """A JSX component in MDX: with an href it is a link, self-closed or wrapping its anchor."""
        if _COMPONENT_CLOSE.match(tag):
            opening = "<" + tag[2:].rstrip(" \t\n>")
            for index in range(len(open_links) - 1, -1, -1):
                if open_links[index].tag.startswith(opening):
                    link = open_links.pop(index)
                    link.plain_end = block.length
                    placed.append(self._place(block, link))
                    break
            return
        attributes = _tag_attributes(_COMPONENT_NAME.sub(lambda m: m.group(1) + "a", tag, count=1))
        if attributes is None or "href" not in attributes:
            return
        link = _Link(attributes["href"], "html", block.length, tag=tag, attributes=attributes)
        link.found = self._locate_in_tag(block, tag)
        if link.found is not None:
            block.cursor = max(block.cursor, link.found[0] + len(link.found[1]))
        if _SELF_CLOSED.search(tag):
            link.plain_end = block.length
            placed.append(self._place(block, link))
        else:
            open_links.append(link)

    def _html_block(self, line_map: list[int], *, quoted: bool) -> None:
        start, end = self._line_offset(line_map[0]), self._line_offset(line_map[1])
        markup = self.text[start:end]
        if quoted:  # the quote's ">" markers are not HTML: blanked, so that columns stay the file's
            markup = _QUOTE_MARKERS.sub(lambda marker: " " * len(marker.group()), markup)
        for heading in _HTML_HEADING.finditer(markup):
            line = self.lines.position(start + heading.start())[0]
            self._add_heading(line, int(heading.group(1)), collapse_whitespace(_TAG.sub(" ", html.unescape(heading.group(2)))))
        if "href" not in markup.lower():
            return
        if self.jsx:  # <Card href=...> read as <a href=...>, every column kept
            markup = _COMPONENT_NAME.sub(lambda m: m.group(1) + "a" + " " * (len(m.group(2)) - 1), markup)
        block = Document(source="", text=markup, kind=DocumentKind.HTML)
        extraction = html_extract.extract_html(block, scope="all", base_url=self.base_url)
        items: list[Citation | NonCitation] = [*extraction.citations, *extraction.non_citations]
        items.sort(key=lambda item: (item.location.line, item.location.column))
        line, column = self.lines.position(start)
        for number, item in enumerate(items):
            # From the block's own place to the file's: later lines shift down, its first line right too.
            place = item.location
            shifted = dataclasses.replace(
                place, line=place.line + line - 1, column=place.column + (column - 1 if place.line == 1 else 0)
            )
            self.html_found.append(((start, number), dataclasses.replace(item, location=shifted)))
        self.warnings.extend(extraction.warnings)

    def _bare_links(self, block: _Block, content: str) -> Iterator[tuple[_Link, int, str] | None]:
        for start, end in text_extract.find_bare_urls(content):
            written = content[start:end]
            href = "https://" + written if written.lower().startswith("www.") else written
            link = _Link(href, "bare", block.length + start, block.length + end)
            found = self._search([written], block.cursor, block.end, in_destination=False)
            yield self._advance(block, link, found)

    def _place(self, block: _Block, link: _Link) -> tuple[_Link, int, str] | None:
        if not link.href:
            return None
        if link.kind == "html":
            return self._advance(block, link, link.found)
        if link.kind == "bare" and link.tag:
            return self._advance(block, link, self._search([link.tag], block.cursor, block.end, in_destination=False))
        if link.kind == "reference":
            # [text][label] is fixed where its label is defined; the paragraph may hold the same URL
            # inline in another link, which must keep its own place.
            found = self._reference_definition(link.href, link.label)
            return self._advance(block, link, found or self.locate(block, link.href, "link"))
        return self._advance(block, link, self.locate(block, link.href, link.kind))

    def _locate_in_tag(self, block: _Block, tag: str) -> tuple[int, str] | None:
        # markdown-it gives the tag as written, save the indentation or "> " of continued lines
        # in a list or a quote: find the tag, else its href value alone.
        value = html_extract.HREF_ATTRIBUTE.search(tag)
        if value is None:
            return None
        group = next(number for number in (1, 2, 3) if value.group(number) is not None)
        position = self.text.find(tag, block.cursor, block.end)
        if position != -1:
            return position + value.start(group), value.group(group)
        position = self.text.find(value.group(group), block.cursor, block.end)
        return (position, value.group(group)) if position != -1 and value.group(group) else None

    def _advance(self, block: _Block, link: _Link, found: tuple[int, str] | None) -> tuple[_Link, int, str] | None:
        if found is None:
            # Written in a way we cannot match (rare escapes): keep the link, point at its block
            # and say so, rather than lose a citation.
            offset = block.start + len(self.text[block.start : block.end]) - len(
                self.text[block.start : block.end].lstrip()
            )
            line = self.lines.position(offset)[0]
            self.warnings.append(f"line {line}: could not find where {link.href} is written; reported at its paragraph")
            return link, offset, link.href
        offset, written = found
        if block.start <= offset < block.end:
            block.cursor = max(block.cursor, offset + len(written))
        return link, offset, written

    def _skip_past(self, block: _Block, code: str) -> None:
        # A URL in a code span must not be taken for a later link to the same URL.
        position = self.text.find(code, block.cursor, block.end) if code else -1
        if position != -1:
            block.cursor = position + len(code)

    def _record(self, plain: str, block_start: int, placed: list[tuple[_Link, int, str]]) -> None:
        if not placed:
            return
        use_line = self.lines.position(block_start)[0]
        sentence_around = claims.sentence_around
        append = self.found.append
        for number, (link, offset, written) in enumerate(placed):
            anchor = collapse_whitespace(plain[link.plain_start : link.plain_end])
            bounds = sentence_around(plain, link.plain_start, link.plain_end)
            claim = claims.claim_window(plain, *bounds, link.plain_start, link.plain_end)
            order = (block_start, number)
            append(_Found(written, offset, link.href, link.kind, anchor, claim, order, use_line, link.attributes))


def _tag_attributes(tag: str) -> dict[str, str] | None:
    """The attributes of one start tag, entities decoded, or None when it cannot be read."""
    try:
        element = lxml.html.fragment_fromstring(tag + "</a>")
    except (lxml.etree.ParserError, ValueError):
        return None
    return {str(name): str(value) for name, value in element.attrib.items()}


def _after_opener(text: str, position: int, floor: int) -> bool:
    """Whether text[position] starts a link destination: after "(" or "<", blanks allowed."""
    index = position - 1
    while index >= floor and text[index] in " \t":
        index -= 1
    return index >= floor and text[index] in _DESTINATION_OPENERS


# --- the extractor -------------------------------------------------------------------------------


def extract_markdown(document: Document, *, base_url: str | None = None) -> MarkdownExtraction:
    """Every link in a Markdown piece, with its anchor, claim, heading and place in the file."""
    front_matter, body, warnings = split_front_matter(document.text)
    parser = _markdown_parser()
    references: dict[str, dict[str, object]] = {}  # filled by the block stage, before any inline is read
    jsx = (document.path or document.source).lower().endswith(_MDX_EXTENSION)
    walker = _Walker(document.text, parser, references, base_url, jsx=jsx)
    env: dict[str, object] = {"references": references, _WALKER: walker}
    nesting = _nesting_allowed(body)
    parser.options["maxNesting"] = nesting
    tokens = parser.parse(body, env)
    walker.walk(tokens)
    if any(token.level >= nesting - 1 for token in tokens):
        warnings.append(f"blocks nested over {nesting} levels deep (a list counts two): what lies deeper was not read")
    skip_lines = _skip_marker_lines(document.text)
    heading_lines = sorted(walker.headings, key=lambda entry: entry[0])
    entries = _markdown_entries(document, walker, base_url, skip_lines, heading_lines)
    for order, item in walker.html_found:
        location = dataclasses.replace(item.location, source=document.source)
        if isinstance(item, Citation):
            ignored = item.ignored or _marked(skip_lines, location.line)
            heading = _heading_for(heading_lines, location.line)
            item = dataclasses.replace(item, location=location, heading=heading, ignored=ignored)
        else:
            item = dataclasses.replace(item, location=location)
        entries.append((order, item))
    if walker.html_found:
        entries.sort(key=lambda entry: entry[0])
    citations = tuple(item for _, item in entries if isinstance(item, Citation))
    non_citations = tuple(item for _, item in entries if isinstance(item, NonCitation))
    title = front_matter.get("title")
    return MarkdownExtraction(
        title=collapse_whitespace(str(title)) if title else walker.first_h1,
        front_matter=front_matter,
        citations=citations,
        non_citations=non_citations,
        warnings=tuple(warnings + walker.warnings),
    )


def _markdown_entries(
    document: Document,
    walker: _Walker,
    base_url: str | None,
    skip_lines: frozenset[int],
    heading_lines: list[tuple[int, str]],
) -> list[tuple[tuple[int, int], Citation | NonCitation]]:
    """The links markdown-it found, in reading order, as citations and non-citations."""
    entries: list[tuple[tuple[int, int], Citation | NonCitation]] = []
    claim_ids: dict[str, str] = {}
    position = walker.lines.position
    plain_web_url = _PLAIN_WEB_URL.match
    warnings = walker.warnings
    for found in sorted(walker.found, key=lambda entry: entry.order):
        line, column = position(found.offset)
        location = Location(document.source, line, column)
        href = found.href
        if found.kind != "image" and plain_web_url(href):
            url, internal = href, False  # what non_citation_reason and resolve_url would give
        else:
            reason = _EMBEDDED_IMAGE if found.kind == "image" else non_citation_reason(href)
            if reason is not None:
                entries.append((found.order, NonCitation(found.written, reason, location)))
                continue
            url, internal = resolve_url(href, base_url)
        claim_id = claim_ids.get(found.claim)
        if claim_id is None:
            claim_id = claim_ids[found.claim] = claim_id_for(found.claim)
        # The marker may stand before the link's definition or before the sentence that uses it.
        ignored = _marked(skip_lines, line, found.use_line)
        version_url: str | None = None
        version_date: dt.date | None = None
        if found.attributes is not None:
            ignored = ignored or html_extract.carries_skip_marker(found.attributes)
            url, internal = html_extract.original_url(found.attributes, base_url) or (url, internal)
            version_url = html_extract.version_url(found.attributes, base_url)
            version_date = html_extract.version_date(found.attributes, location, warnings)
        citation = Citation(
            url=url,
            written=found.written,
            anchor=found.anchor,
            claim=found.claim,
            claim_id=claim_id,
            location=location,
            heading=_heading_for(heading_lines, found.use_line),
            internal=internal,
            version_url=version_url,
            version_date=version_date,
            ignored=ignored,
        )
        entries.append((found.order, citation))
    return entries


def _nesting_allowed(body: str) -> int:
    """How deep markdown-it may follow nested blocks in ``body``: as deep as asked, unless the
    deepest line's markers times the number of lines is more work than the budget allows."""
    lines = body.count("\n") + 1
    deepest = max((len(prefix) for prefix in _LINE_PREFIX.findall(body)), default=0) + 2
    if lines * min(deepest, _MAX_NESTING) <= _NESTING_BUDGET:
        return _MAX_NESTING
    return max(_MIN_NESTING, min(_MAX_NESTING, _NESTING_BUDGET // lines))


def _marked(skip_lines: frozenset[int], *lines: int) -> bool:
    """Whether the skip marker stands on one of ``lines`` or on the line before it."""
    return any(line in skip_lines or line - 1 in skip_lines for line in lines)


def _skip_marker_lines(text: str) -> frozenset[int]:
    if SKIP_MARKER not in text.lower():
        return frozenset()
    index = LineIndex(text)
    return frozenset(index.position(found.start())[0] for found in _SKIP_COMMENT.finditer(text))


def _heading_for(headings: list[tuple[int, str]], line: int) -> str | None:
    index = bisect.bisect_right(headings, (line, "\U0010ffff")) - 1
    return headings[index][1] or None if index >= 0 else None
