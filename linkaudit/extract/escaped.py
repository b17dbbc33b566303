"""HTML scraped from inside JavaScript/JSON string literals (React props, CMS payloads).

Such files hold `\\u003ca href=\\u0022https://...\\u0022\\u003e` instead of `<a href="https://...">`.
They are decoded here with a map from every decoded character back to its offset in the file, so
that a citation's line and column point into the file as it is on disk.
"""

from __future__ import annotations

import re

__all__ = ["literal_spans", "looks_escaped", "unescape_spans", "unescape_with_map"]

# \u003c / \u003e (any case), or \x3c / \x3e, are how "<" and ">" hide inside a string literal.
_ESCAPED_ANGLE = re.compile(r"\\(?:u003[cCeE]|x3[cCeE])")
# Plain tags whose attribute quotes are backslash-escaped: <a href=\"...\">.
_ESCAPED_ATTRIBUTE = re.compile(r"<[A-Za-z][A-Za-z0-9]*\s[^<>]*?=\s*\\[\"']")
_ESCAPE = re.compile(
    r"\\(?:u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]{1,6})\}|x([0-9a-fA-F]{2})|(\r\n|[\s\S]))"
)
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "0": "\0",
}
_LINE_CONTINUATIONS = {"\n", "\r", "\r\n", "\u2028", "\u2029"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def looks_escaped(text: str) -> bool:
    """Whether `text` is HTML hidden behind JavaScript/JSON string escapes."""
    sample = text[:200_000]
    return bool(_ESCAPED_ANGLE.search(sample) or _ESCAPED_ATTRIBUTE.search(sample))


def _decode_escape(match: re.Match[str]) -> str:
    code, braced, hex_byte, simple = match.groups()
    if code is not None:
        return chr(int(code, 16))
    if braced is not None:
        value = int(braced, 16)
        return chr(value) if value <= 0x10FFFF else "\ufffd"
    if hex_byte is not None:
        return chr(int(hex_byte, 16))
    if simple in _LINE_CONTINUATIONS:
        return ""
    return _SIMPLE_ESCAPES.get(simple, simple)


def unescape_with_map(raw: str) -> tuple[str, list[int]]:
    """Decode JS string escapes; return the text and, per decoded character, its offset in `raw`.

    The offsets list has one extra entry, len(raw), so that an end offset maps too. Surrogate
    pairs written as two escapes (\\ud83d\\ude00) become one character mapped to the first escape.
    """
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _ESCAPE.finditer(raw):
        start = match.start()
        if start > position:
            pieces.append(raw[position:start])
            offsets.extend(range(position, start))
        decoded = _decode_escape(match)
        if decoded:
            pieces.append(decoded)
            offsets.append(start)
        position = match.end()
    if position < len(raw):
        pieces.append(raw[position:])
        offsets.extend(range(position, len(raw)))
    text = "".join(pieces)
    if _SURROGATE.search(text):
        text, offsets = _join_surrogates(text, offsets)
    offsets.append(len(raw))
    return text, offsets


def _join_surrogates(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Pair escaped UTF-16 surrogates into real characters; lone ones become U+FFFD."""
    out: list[str] = []
    out_offsets: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        if "\ud800" <= char <= "\udbff" and index + 1 < len(text) and "\udc00" <= text[index + 1] <= "\udfff":
            low = text[index + 1]
            out.append(chr(0x10000 + ((ord(char) - 0xD800) << 10) + (ord(low) - 0xDC00)))
            out_offsets.append(offsets[index])
            index += 2
            continue
        out.append("\ufffd" if "\ud800" <= char <= "\udfff" else char)
        out_offsets.append(offsets[index])
        index += 1
    return "".join(out), out_offsets


_UNESCAPED_QUOTE = re.compile(r"(?<!\\)(?:\\\\)*([\"'`])")  # JavaScript's three string quotes


def literal_spans(raw: str) -> list[tuple[int, int]]:
    """The parts of `raw` that are string literals holding HTML, as [start, end) spans in order.

    The piece may start inside the first literal (no opening quote) or a little before it
    (`{"html":"\\u003cp...`); between and after the literals come JavaScript and other text, which
    are not part of the piece's HTML. A page built of several rich-text components holds one
    literal per component: every literal after the first that carries an escaped tag counts too.
    """
    first_html = _first_html_marker(raw)
    if first_html is None:
        return [(0, len(raw))]
    spans = [_literal_around(raw, 0, first_html)]
    while spans[-1][1] < len(raw):
        next_html = _next_escaped_tag(raw, spans[-1][1] + 1)
        if next_html is None:
            break
        spans.append(_literal_around(raw, spans[-1][1] + 1, next_html))
    return spans


def _literal_around(raw: str, floor: int, html_at: int) -> tuple[int, int]:
    # Read the quotes before the tag as JavaScript would: a quote opens a string that only the
    # same kind of quote closes ('He said "no"' is one string). The string still open at the tag
    # holds it; when none is (the piece starts mid-string), the literal runs from the floor.
    start, quote, open_quote, last = floor, '"', None, None
    for match in _UNESCAPED_QUOTE.finditer(raw, floor, html_at):
        mark = match.group(1)
        last = match
        if open_quote is None:
            open_quote, start = mark, match.end()
        elif mark == open_quote:
            open_quote = None
    if open_quote is not None:
        quote = open_quote
    elif last is not None and floor > 0:
        start, quote = last.end(), last.group(1)  # unbalanced code between literals: trust the nearest quote
    else:
        start = floor
    for match in _UNESCAPED_QUOTE.finditer(raw, html_at):
        if match.group(1) == quote:
            return start, match.start(1)
    return start, len(raw)


_LITERAL_SEPARATOR = "\n<hr>\n"


def unescape_spans(raw: str, spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """unescape_with_map over several spans of `raw`, joined by a block separator; offsets are into `raw`."""
    pieces: list[str] = []
    offsets: list[int] = []
    for start, end in spans:
        if pieces:
            # Literals are separate blocks: no sentence runs across them, whatever tags they hold.
            pieces.append(_LITERAL_SEPARATOR)
            offsets.extend([start] * len(_LITERAL_SEPARATOR))
        decoded, span_offsets = unescape_with_map(raw[start:end])
        pieces.append(decoded)
        offsets.extend(start + offset for offset in span_offsets[:-1])
    offsets.append(spans[-1][1] if spans else len(raw))
    return "".join(pieces), offsets


def _next_escaped_tag(raw: str, position: int) -> int | None:
    found = [m.start() for m in (_ESCAPED_ANGLE.search(raw, position), _ESCAPED_ATTRIBUTE.search(raw, position)) if m]
    return min(found) if found else None


def _first_html_marker(raw: str) -> int | None:
    # Escaped tags first: in a page that also has real markup (a script-built shell), the real
    # tags are the page around the literals, not their content.
    for marker in (_ESCAPED_ANGLE, _ESCAPED_ATTRIBUTE, _PLAIN_TAG):
        if (found := marker.search(raw)) is not None:
            return found.start()
    return None


_PLAIN_TAG = re.compile(r"<[A-Za-z!/]")
