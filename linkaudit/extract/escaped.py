"""HTML scraped from inside JavaScript/JSON string literals (React props, CMS payloads).

Such files hold `\\u003ca href=\\u0022https://...\\u0022\\u003e` instead of `<a href="https://...">`.
They are decoded here with a map from every decoded character back to its offset in the file, so
that a citation's line and column point into the file as it is on disk.
"""

from __future__ import annotations

import bisect
import io
import re
from array import array
from collections.abc import Iterator

from linkaudit.extract.dates import DATED_HEAD_CHARS

__all__ = [
    "OffsetMap", "escaped_again", "escaped_attribute_tag", "forget_decoded", "literal_spans", "looks_escaped", "unescape_spans", "unescape_with_map",
]

# \u003c / \u003e (any case), or \x3c / \x3e, are how "<" and ">" hide inside a string literal.
_ESCAPED_ANGLE = re.compile(r"\\(?:u003[cCeE]|x3[cCeE])")
# Plain tags whose attribute quotes are backslash-escaped: <a href=\"...\">. The pattern states
# what is looked for; ``escaped_attribute_tag`` finds the same tags from the rare \" back to them.
_ESCAPED_ATTRIBUTE = re.compile(r"<[A-Za-z][A-Za-z0-9]*\s[^<>]*?=\s*\\[\"']")
_BACKSLASHED_QUOTE = re.compile(r"\\[\"']")
_TAG_OPENING = re.compile(r"<[A-Za-z][A-Za-z0-9]*\s")
_LINK_OPENING = re.compile(r"<a\s", re.IGNORECASE)
# A surrogate pair written as two escapes (\\ud83d\\ude00) is one character: matched as one.
# A JSON payload kept in an HTML attribute (data-props="{&quot;html&quot;:...}") has its escaped
# quotes written \\&quot; (or \\&#34;, \\&#39;...): the backslash escapes the quote the reference
# stands for, and the two are decoded together, as one quote.
_ESCAPE = re.compile(
    r"\\(?:u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"
    r"|u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]{1,6})\}|x([0-9a-fA-F]{2})"
    r"|&(quot|QUOT|apos|#0*3[49]|#[xX]0*2[27]);|(\r\n|[\s\S]))"
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
_UINT32_LIMIT = 2**32 - 1
_LINE_CONTINUATIONS = {"\n", "\r", "\r\n", "\u2028", "\u2029"}


def _not_surrogate(code: int) -> str:
    """The character, or U+FFFD for half a surrogate pair without its other half."""
    return "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)


def looks_escaped(text: str) -> bool:
    """Whether `text` is HTML hidden behind JavaScript/JSON string escapes."""
    sample = text[:200_000]
    return bool(_ESCAPED_ANGLE.search(sample)) or escaped_attribute_tag(sample) is not None


# A link tag escaped (\u003ca ), and one whose href is not (its value does not open with a backslash).
_ESCAPED_LINK = re.compile(r"\\(?:u003[cC]|x3[cC])a\s")
_PLAIN_LINK = re.compile(r"<a\s[^<>]*?\bhref\s*+=\s*+(?!\\)", re.IGNORECASE)


def escaped_again(decoded: str) -> bool:
    """Whether HTML decoded from string literals is still escaped: a JSON document kept in a
    JavaScript string, JSON.parse("..."), is escaped twice, and once decoded its links still read
    \\u003ca or <a href=\\". Not when any link of it reads plainly: then the literals were escaped
    once, and a backslash left is the text's own."""
    sample = decoded[:200_000]
    if _ESCAPED_LINK.search(sample) is None and escaped_attribute_tag(sample, link=True) is None:
        return False
    return _PLAIN_LINK.search(decoded) is None


def escaped_attribute_tag(text: str, start: int = 0, *, link: bool = False) -> int | None:
    """Where the first plain tag at or after ``start`` with a backslash-quoted attribute value
    starts (what ``_ESCAPED_ATTRIBUTE`` finds; with ``link``, an <a> whose href is so quoted).

    The pattern read forwards tries every tag of a page lazily up to its end: about half a
    millisecond for the 64 KiB a piece is sniffed by. A backslash before a quote is rare in
    markup, so each one is taken back to the tag it may sit in: the "=" before it (past blanks),
    the last "<" before that with no ">" between, and that tag's name and the blank after it.

    The quotes come in order, so the last "<" and ">" before each are found by reading on from the
    previous one, and a tag's name is read once however many quotes follow it: linear in ``text``
    (a megabyte of ``=\\"`` with no tag would otherwise be read back once per quote)."""
    opener = _LINK_OPENING if link else _TAG_OPENING
    read_to, last_open, last_close = start, -1, -1
    tag_at, tag_end = -1, -1
    for quote in _BACKSLASHED_QUOTE.finditer(text, start):
        equals = quote.start()
        while equals > start and text[equals - 1].isspace():
            equals -= 1
        equals -= 1
        if equals < start or text[equals] != "=":
            continue
        if equals > read_to:
            last_open = max(last_open, text.rfind("<", read_to, equals))
            last_close = max(last_close, text.rfind(">", read_to, equals))
            read_to = equals
        if last_open == -1 or last_close > last_open:
            continue
        if tag_at != last_open:
            tag = opener.match(text, last_open)
            tag_at, tag_end = last_open, (tag.end() if tag else -1)
        if tag_end == -1 or tag_end > equals:
            continue
        if link and not _href_before(text, equals, tag_end):
            continue
        return last_open
    return None


def _href_before(text: str, equals: int, floor: int) -> bool:
    """Whether the attribute whose "=" is at ``equals`` is named href (any case), past ``floor``."""
    name_end = equals
    while name_end > floor and text[name_end - 1].isspace():
        name_end -= 1
    return name_end - 4 >= floor and text[name_end - 4 : name_end].lower() == "href"


def _decode_escape(match: re.Match[str]) -> str:
    high, low, code, braced, hex_byte, quote_reference, simple = match.groups()
    if quote_reference is not None:
        return '"' if quote_reference.endswith(("quot", "QUOT", "34", "22")) else "'"
    if high is not None:
        return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00))
    if code is not None:
        return _not_surrogate(int(code, 16))
    if braced is not None:
        value = int(braced, 16)
        return _not_surrogate(value) if value <= 0x10FFFF else "\ufffd"
    if hex_byte is not None:
        return chr(int(hex_byte, 16))
    if simple in _LINE_CONTINUATIONS:
        return ""
    return _SIMPLE_ESCAPES.get(simple, simple)


class OffsetMap:
    """Where each decoded character came from in the raw text, stored as runs, not per character.

    Between two escapes, decoded and raw text advance together (a linear run); an escape is one
    decoded character mapped to where the escape starts. A list of one int per character would
    cost about 40 bytes a character: 400 MB for a 10 MB page. Runs cost 9 bytes each (two per escape), and a
    lookup is a binary search. Indexing works as on the list it replaces, one entry per decoded
    character plus one for the end.
    """

    __slots__ = ("_decoded", "_length", "_linear", "_raw")

    def __init__(self, raw_length: int = 0) -> None:
        # Offsets of a text under 4 Gi characters fit in 32 bits: half the memory of 64.
        typecode = "I" if raw_length < _UINT32_LIMIT else "q"
        self._decoded = array(typecode)  # where each run starts in the decoded text
        self._raw = array(typecode)  # where it starts in the raw text
        self._linear = bytearray()  # 1: advances with the decoded text; 0: every character maps to its start
        self._length = 0

    def add(self, raw_start: int, length: int, *, linear: bool) -> None:
        """The next ``length`` decoded characters come from ``raw_start`` on (or all from it)."""
        if length > 0:
            self._decoded.append(self._length)
            self._raw.append(raw_start)
            self._linear.append(linear)
            self._length += length

    def end_at(self, raw_end: int) -> None:
        """The entry past the last character: the end of the raw text."""
        self.add(raw_end, 1, linear=False)

    def __len__(self) -> int:
        return self._length

    @property
    def runs(self) -> int:
        """How many runs the map holds: what its memory grows with."""
        return len(self._decoded)

    def __getitem__(self, index: int) -> int:
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset out of range")
        run = bisect.bisect_right(self._decoded, index) - 1
        start = self._raw[run]
        return start + (index - self._decoded[run]) if self._linear[run] else start

    def __iter__(self) -> Iterator[int]:
        return (self[index] for index in range(self._length))


def unescape_with_map(raw: str) -> tuple[str, OffsetMap]:
    """Decode JS string escapes; return the text and, per decoded character, its offset in `raw`.

    The offsets have one extra entry, len(raw), so that an end offset maps too.
    """
    offsets = OffsetMap(len(raw))
    text = _unescape_into(raw, 0, len(raw), offsets)
    offsets.end_at(len(raw))
    return text, offsets


def _unescape_into(raw: str, start: int, end: int, offsets: OffsetMap) -> str:
    """raw[start:end] decoded, the offsets of its characters appended to ``offsets``.

    Written into a StringIO as it is decoded: a page of a million escapes would otherwise hold a
    million small strings at once before they are joined.
    """
    text = io.StringIO()
    write = text.write
    # The map's runs are appended here directly (as ``OffsetMap.add`` would): this runs once per escape.
    run_starts, raw_starts, linear = offsets._decoded.append, offsets._raw.append, offsets._linear.append
    length = offsets._length
    known: dict[str, str] = {}  # a page repeats the same few escapes: decode each once
    position = start  # where the text not yet written starts
    for match in _ESCAPE.finditer(raw, start, end):
        escape_start, escape_end = match.span()
        if escape_start > position:
            write(raw[position:escape_start])
            run_starts(length)
            raw_starts(position)
            linear(1)
            length += escape_start - position
        escape = match.group()
        decoded = known.get(escape)
        if decoded is None:
            decoded = known[escape] = _decode_escape(match)
        if decoded:
            write(decoded)
            run_starts(length)
            raw_starts(escape_start)
            linear(0)
            length += len(decoded)
        position = escape_end
    offsets._length = length
    if end > position:
        write(raw[position:end])
        offsets.add(position, end - position, linear=True)
    return text.getvalue()


_QUOTE = re.compile(r"[\"'`]")  # JavaScript's three string quotes


def _unescaped_quotes(raw: str, start: int, end: int) -> Iterator[tuple[str, int]]:
    """(quote, offset) of each quote in raw[start:end] that no backslash escapes: an even run of
    backslashes before it, all of it at or after ``start``. Quotes are found by a character scan
    and only the backslashes before each one are counted (a pattern that looks behind at every
    offset costs a tenth of a second a megabyte)."""
    for match in _QUOTE.finditer(raw, start, end):
        position = match.start()
        if position == 0 or raw[position - 1] != "\\":
            yield match.group(), position
            continue
        run_start = position - 1
        while run_start > 0 and raw[run_start - 1] == "\\":
            run_start -= 1
        if (position - run_start) % 2 == 0 and run_start >= start:
            yield match.group(), position


def literal_spans(raw: str) -> list[tuple[int, int]]:
    """The parts of `raw` that are string literals holding HTML, as [start, end) spans in order.

    The piece may start inside the first literal (no opening quote) or a little before it
    (`{"html":"\\u003cp...`); between and after the literals come JavaScript and other text, which
    are not part of the piece's HTML. A page built of several rich-text components holds one
    literal per component: every literal after the first that carries an escaped tag counts too.
    """
    global _last_spans  # noqa: PLW0603 - one page's spans, kept for its second reader
    if _last_spans is not None and _last_spans[0] is raw:
        return list(_last_spans[1])
    spans = _literal_spans(raw)
    if len(raw) <= DATED_HEAD_CHARS:  # read again for the page's date (see unescape_spans)
        _last_spans = (raw, tuple(spans))
    return spans


_last_spans: tuple[str, tuple[tuple[int, int], ...]] | None = None


def _literal_spans(raw: str) -> list[tuple[int, int]]:
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
    for mark, position in _code_quotes(raw, floor, html_at):
        last = mark, position
        if open_quote is None:
            open_quote, start = mark, position + 1
        elif mark == open_quote:
            open_quote = None
    if open_quote is not None:
        quote = open_quote
    elif last is not None and floor > 0:
        start, quote = last[1] + 1, last[0]  # unbalanced code between literals: trust the nearest quote
    else:
        start = floor
    for mark, position in _code_quotes(raw, html_at, len(raw)):
        if mark == quote:
            return start, position
    return start, len(raw)


def _code_quotes(raw: str, start: int, end: int) -> Iterator[tuple[str, int]]:
    """The unescaped quotes that may open or close a string. An apostrophe between two letters or
    digits ("the minister's") is the prose's own: no string of code opens or closes there, and a
    piece that starts mid-string shows such apostrophes before its first tag."""
    for mark, position in _unescaped_quotes(raw, start, end):
        if mark == "'" and 0 < position < len(raw) - 1 and raw[position - 1].isalnum() and raw[position + 1].isalnum():
            continue
        yield mark, position


_LITERAL_SEPARATOR = "\n<hr>\n"


def unescape_spans(raw: str, spans: list[tuple[int, int]]) -> tuple[str, OffsetMap]:
    """unescape_with_map over several spans of `raw`, joined by a block separator; offsets are into `raw`.

    A page's HTML is decoded for its links, then again for its date: the last decoding of a page
    short enough to be dated whole is kept until ``forget_decoded`` (the map is only read)."""
    global _last_decoded  # noqa: PLW0603 - one page's decoding, kept for its second reader
    if _last_decoded is not None and _last_decoded[0] is raw and _last_decoded[1] == spans:
        return _last_decoded[2]
    decoded = _decoded_spans(raw, spans)
    if len(raw) <= DATED_HEAD_CHARS:
        _last_decoded = (raw, list(spans), decoded)
    return decoded


def forget_decoded() -> None:
    """Drop the kept decoding and spans (see ``unescape_spans``): their page has been read."""
    global _last_decoded, _last_spans  # noqa: PLW0603
    _last_decoded = _last_spans = None


_last_decoded: tuple[str, list[tuple[int, int]], tuple[str, OffsetMap]] | None = None


def _decoded_spans(raw: str, spans: list[tuple[int, int]]) -> tuple[str, OffsetMap]:
    pieces: list[str] = []
    offsets = OffsetMap(len(raw))
    for start, end in spans:
        if pieces:
            # Literals are separate blocks: no sentence runs across them, whatever tags they hold.
            pieces.append(_LITERAL_SEPARATOR)
            offsets.add(start, len(_LITERAL_SEPARATOR), linear=False)
        pieces.append(_unescape_into(raw, start, end, offsets))
    offsets.end_at(spans[-1][1] if spans else len(raw))
    return "".join(pieces), offsets


def _next_escaped_tag(raw: str, position: int) -> int | None:
    angle = _ESCAPED_ANGLE.search(raw, position)
    found = [place for place in (angle.start() if angle else None, escaped_attribute_tag(raw, position)) if place is not None]
    return min(found) if found else None


def _first_html_marker(raw: str) -> int | None:
    # Escaped tags first: in a page that also has real markup (a script-built shell), the real
    # tags are the page around the literals, not their content.
    if (angle := _ESCAPED_ANGLE.search(raw)) is not None:
        return angle.start()
    if (attribute := escaped_attribute_tag(raw)) is not None:
        return attribute
    plain = _PLAIN_TAG.search(raw)
    return plain.start() if plain else None


_PLAIN_TAG = re.compile(r"<[A-Za-z!/]")
