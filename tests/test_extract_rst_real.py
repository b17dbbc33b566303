"""reStructuredText as real documentation repositories write it."""

from __future__ import annotations

import textwrap

from linkaudit.extract.common import LineIndex
from linkaudit.extract.rst import extract_rst
from linkaudit.models import Document, DocumentKind


def rst(text: str):
    source = textwrap.dedent(text).lstrip("\n")
    return source, extract_rst(Document("piece.rst", source, DocumentKind.RST))


def test_a_url_wrapped_over_lines_is_placed_at_its_first_character():
    # python/peps: peps/pep-0483.rst (an embedded URI wrapped inside the reference) and
    # peps/pep-0810.rst (a target's URI continued on indented lines). docutils joins the pieces;
    # the link is still written where its first piece starts.
    source, extraction = rst(
        """
        Variance is explained on `Wikipedia <http://en.wikipedia.org/wiki/
        Covariance_and_contravariance>`_, and the `pyperformance suite`_ confirms it.

        .. _pyperformance suite: https://github.com/facebookexperimental/
            free-threading-benchmarking/blob/main/results/bm.svg
        """
    )
    places = [(c.url, c.location.line, c.location.column) for c in extraction.citations]
    assert places == [
        ("http://en.wikipedia.org/wiki/Covariance_and_contravariance", 1, 38),
        ("https://github.com/facebookexperimental/free-threading-benchmarking/blob/main/results/bm.svg", 4, 26),
    ]
    for citation in extraction.citations:
        assert source[LineIndex(source).offset(citation.location.line, citation.location.column) :].startswith("http")
    assert extraction.warnings == ()
