"""reStructuredText pieces: every form of hyperlink docutils knows, placed where it is written."""

from __future__ import annotations

import datetime as dt
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from linkaudit.extract import extract
from linkaudit.extract.rst import extract_rst
from linkaudit.extract.sources import sniff_kind
from linkaudit.models import DateSource, Document, DocumentKind

# Modelled on python/peps (https://github.com/python/peps, peps/pep-0517.rst): an RFC 2822
# header whose author lines hold <e-mail> addresses, anonymous references ending in "__", a
# named reference with its target below, and :pep: roles.
PEP = textwrap.dedent(
    """\
    PEP: 517
    Title: A build-system independent format for source trees
    Author: Nathaniel J. Smith <njs@pobox.com>,
            Paul Moore <p.f.moore@gmail.com>
    Status: Final
    Created: 30-Sep-2015

    Abstract
    ========

    While distutils / setuptools have taken us a long way, they suffer from
    three serious problems (see DRY_). For example, if a project declares a
    build-requirement on `flit
    <https://flit.readthedocs.org/en/latest/>`__, then the following must work.

    Specification
    =============

    The format is the one :pep:`518` defined. See https://packaging.python.org/ too.

    .. _DRY: https://en.wikipedia.org/wiki/Don%27t_repeat_yourself
    """
)


def _rst(text: str, source: str = "pep-0517.rst"):
    kind, escaped = sniff_kind(text, source)
    return extract(Document(source=source, text=text, kind=kind, escaped=escaped))


def _place(text: str, line: int, column: int) -> str:
    return text.split("\n")[line - 1][column - 1 :]


def test_a_pep_is_read_as_restructuredtext_not_as_html():
    extraction = _rst(PEP)
    assert extraction.kind is DocumentKind.RST
    assert extraction.title == "A build-system independent format for source trees"
    assert [(c.url, c.anchor, c.heading) for c in extraction.citations] == [
        ("https://en.wikipedia.org/wiki/Don%27t_repeat_yourself", "DRY", "Abstract"),
        ("https://flit.readthedocs.org/en/latest/", "flit", "Abstract"),
        ("https://peps.python.org/pep-0518", "PEP 518", "Specification"),
        ("https://packaging.python.org/", "https://packaging.python.org/", "Specification"),
    ]
    assert [n.written for n in extraction.non_citations] == ["mailto:njs@pobox.com", "mailto:p.f.moore@gmail.com"]
    assert extraction.warnings == ()


def test_each_link_is_placed_where_its_url_or_role_is_written():
    extraction = _rst(PEP)
    places = [_place(PEP, c.location.line, c.location.column) for c in extraction.citations]
    assert places[0].startswith("https://en.wikipedia.org/wiki/Don%27t_repeat_yourself")  # the target
    assert places[1].startswith("https://flit.readthedocs.org/en/latest/>`__")
    assert places[2].startswith(":pep:`518`")
    assert places[3].startswith("https://packaging.python.org/ too.")


def test_the_claim_is_the_sentence_as_read():
    flit = _rst(PEP).citations[1]
    assert flit.claim == "For example, if a project declares a build-requirement on flit, then the following must work."


def test_a_pep_is_dated_by_its_created_header():
    published = _rst(PEP).published
    assert (published.date, published.source) == (dt.date(2015, 9, 30), DateSource.TEXT_HEADER)


def test_a_docinfo_date_field_dates_a_document():
    text = "==========\nA document\n==========\n\n:Date: 2021-04-05\n\nSee https://a.example/.\n"
    extraction = _rst(text, "doc.rst")
    assert extraction.title == "A document"
    assert (extraction.published.date, extraction.published.source) == (dt.date(2021, 4, 5), DateSource.FRONT_MATTER)


def test_directives_that_read_files_or_pass_markup_through_are_off(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("https://secret.example/")
    text = f".. include:: {secret}\n\n.. raw:: html\n\n   <a href='https://raw.example/'>x</a>\n\nSee https://a.example/.\n"
    extraction = _rst(text, "doc.rst")
    assert [c.url for c in extraction.citations] == ["https://a.example/"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list("`_<>:.-=* \n\tabc/") + ["https://x.example/", "__", ".. _a: "]), max_size=60))
def test_any_text_is_read_without_error(parts):
    text = "".join(parts)
    found = extract_rst(Document(source="x.rst", text=text, kind=DocumentKind.RST))
    for citation in found.citations:
        assert citation.location.line >= 1 and citation.location.column >= 1
