"""A page's <meta> charset is read by one rule, for input pieces and for checked pages alike."""

from __future__ import annotations

import pytest

from linkaudit.charset import meta_charset
from linkaudit.check.classify import decode_body
from linkaudit.extract.sources import decode

PAGE = '<html><head><meta charset = "koi8-r"><title>Привет</title></head><body>Привет</body></html>'


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="koi8-r">', "koi8-r"),
        (b"<META CHARSET=iso-8859-1>", "iso-8859-1"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "windows-1251"),
        (b'<meta charset = "koi8-r">', "koi8-r"),
        (b"<meta charset=' utf-8 '>", "utf-8"),
        (b"<meta name=x><p>charset=koi8-r</p>", None),
        (b"<p>no declaration</p>", None),
    ],
)
def test_the_declared_charset(head, expected):
    assert meta_charset(head) == expected


def test_a_checked_page_and_an_input_piece_decode_the_same_declaration():
    # Spaces around "=" are allowed in HTML; the checker once required "charset=" written tight and
    # read such a page as UTF-8 while the same bytes as an input piece were read as KOI8-R.
    data = PAGE.encode("koi8-r")
    assert decode(data)[0] == PAGE
    assert decode_body(data, "text/html") == PAGE
