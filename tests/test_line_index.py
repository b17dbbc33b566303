"""Offsets in a piece's text and the (line, column) places reports show."""

from hypothesis import given
from hypothesis import strategies as st

from linkaudit.extract.common import LineIndex

# Line feeds among other line-ending characters: only "\n" ends a line, as editors count them.
_TEXT = st.text(alphabet=st.sampled_from("ab\n\r\u2028é"), max_size=200)


def test_each_line_starts_after_a_line_feed():
    index = LineIndex("one\ntwo\n\nfour")
    assert index.line_starts == [0, 4, 8, 9]
    assert index.position(0) == (1, 1)
    assert index.position(5) == (2, 2)
    assert index.position(8) == (3, 1)
    assert index.position(12) == (4, 4)


def test_text_without_line_feed_is_one_line():
    assert LineIndex("").line_starts == [0]
    assert LineIndex("a\rb").position(2) == (1, 3)


@given(_TEXT, st.data())
def test_position_counts_the_line_feeds_before_the_offset(text, data):
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    index = LineIndex(text)
    line, column = index.position(offset)
    assert line == text.count("\n", 0, offset) + 1
    assert column == offset - (text.rfind("\n", 0, offset) + 1) + 1
    assert index.offset(line, column) == offset
