"""The scan for plain tags whose attribute quotes are backslash-escaped (<a href=\\"...\\">) finds
exactly what the pattern that states it finds: the same first tag, from any start."""

from __future__ import annotations

import re

from cost import cpu_seconds
from hypothesis import example, given, settings
from hypothesis import strategies as st

from linkaudit.extract.escaped import _ESCAPED_ATTRIBUTE, escaped_attribute_tag
from token_strings import joined

# The pattern the sniffer's escaped-link test stands for: an <a> whose href quote is escaped.
_ESCAPED_HREF = re.compile(r"<a\s[^<>]*?href\s*=\s*\\[\"']", re.IGNORECASE)

_PIECES = [
    "<", ">", "<a ", "<A\t", "<div ", "<b\n", "<a", "<1 ", "=", " = ", "\\", '"', "'", '\\"', "\\'", "=\\\"",
    "href", "HREF", "hRef", "hre", "f", "x", "a", " ", "\t", "\n", "\u2003", "\u00a0", "data-x", "title=",
    # the edges met together: blanks other than a space between "=" and its quote, a name in any case
    "=\t\\\"", "=\n \\'", "\u2003\\\"", "hRef=", "HREF =",
]
markup = joined(_PIECES, max_size=40)


def _first(pattern: re.Pattern[str], text: str, start: int) -> int | None:
    found = pattern.search(text, start)
    return found.start() if found else None


@settings(max_examples=250)
@given(markup, st.integers(min_value=0, max_value=60))
@example('<a class="c">=\\"', 0)  # the tag is closed before the "="
@example('<a =\\"', 0)
def test_finds_the_first_tag_the_pattern_finds(text: str, start: int) -> None:
    start = min(start, len(text))
    assert escaped_attribute_tag(text, start) == _first(_ESCAPED_ATTRIBUTE, text, start)


@settings(max_examples=250)
@given(markup)
def test_finds_the_first_link_the_pattern_finds(text: str) -> None:
    assert escaped_attribute_tag(text, link=True) == _first(_ESCAPED_HREF, text, 0)


def test_examples() -> None:
    assert escaped_attribute_tag('<p>x</p><a class="c" href = \\"https://a.example/\\">') == 8
    assert escaped_attribute_tag('<a href="x">\\"</a>') is None  # the escaped quote is text, not in a tag
    assert escaped_attribute_tag('<a class="c">=\\"') is None  # closed before its "="
    assert escaped_attribute_tag('<a title=\\"t\\">', link=True) is None  # not its href
    assert escaped_attribute_tag('<A HREF=\\"https://a.example/\\">', link=True) == 0


def test_many_escaped_quotes_outside_any_tag_cost_linear_time() -> None:
    # Each quote looks back for the tag it may sit in; read back from scratch every time, a run of
    # =\" with no tag costs the square of its length.
    short, long = ('x=\\" ' * count for count in (12_500, 100_000))
    assert escaped_attribute_tag(long) is None
    ratio = cpu_seconds(lambda: escaped_attribute_tag(long)) / cpu_seconds(lambda: escaped_attribute_tag(short))
    assert ratio < 24, f"8x the quotes cost {ratio:.1f}x the CPU"


def test_a_long_tag_name_before_many_quotes_is_read_once() -> None:
    short, long = ("<" + "a" * count + " " + 'x=\\" ' * count for count in (2_000, 16_000))
    assert escaped_attribute_tag(long) == 0
    assert escaped_attribute_tag(long, link=True) is None
    ratio = cpu_seconds(lambda: escaped_attribute_tag(long, link=True)) / cpu_seconds(lambda: escaped_attribute_tag(short, link=True))
    assert ratio < 24, f"8x the quotes cost {ratio:.1f}x the CPU"
