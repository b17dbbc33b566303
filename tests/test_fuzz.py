"""Fuzzing the reading stage: any text, sniffed and extracted as any kind, gives an answer.

Hostile shapes (runs of markup openers, nested comments, escapes, brackets, long unbroken lines)
are mixed with arbitrary text. Whatever comes in: no exception, every citation placed inside the
file, every claim bounded. The time each case takes is a benchmark, not an assertion here: see
benchmarks/bench_fuzz.py (no input of 1 MB may take a second to sniff and extract).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkaudit.extract import extract
from linkaudit.extract.claims import ELLIPSIS, MAX_CLAIM_CHARS
from linkaudit.extract.sources import sniff_kind
from linkaudit.models import Document, DocumentKind

# Fragments that have made parsers slow or wrong: markup openers, comments, escapes, links.
FRAGMENTS = [
    "<", ">", "<!--", "-->", "<title>", "</title>", "<a href='https://a.example/x'>", "</a>", "<p>", "<div>",
    "<!DOCTYPE html>", "<html>", "\\u003c", "\\u003e", '\\"', "\\u003ca href=\\u0022https://b.example/y\\u0022\\u003e",
    "[", "]", "(", ")", "[x](https://c.example/z)", "<https://d.example/>", "https://e.example/w", "> ", "- ", "1. ",
    "```", "---\n", "# ", "\n", "\n\n", " ", ".", "Mr. ", "e.g. ", "\t", "\x00", "\ufffd", "&amp;", "&#x3c;", "*", "_",
]

pieces = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=120).map("".join)
repeated = st.tuples(st.sampled_from(FRAGMENTS), st.integers(min_value=1, max_value=3000)).map(lambda pair: pair[0] * pair[1])
texts = st.one_of(pieces, repeated, st.lists(st.one_of(pieces, repeated), max_size=4).map("".join))


def _extract_as(text: str, kind: DocumentKind, escaped: bool = False) -> None:
    document = Document(source="fuzz", text=text, kind=kind, escaped=escaped)
    extraction = extract(document)
    lines = text.count("\n") + text.count("\r") + 1
    for citation in extraction.citations:
        assert 1 <= citation.location.line <= lines
        assert citation.location.column >= 1
        assert len(citation.claim) <= MAX_CLAIM_CHARS + 2 * len(ELLIPSIS) or citation.claim == citation.anchor


# Example counts: an example may be up to a megabyte of hostile markup, costing what a benchmark case
# does; 100 sniffed and 30 read four ways still draw each of the three text shapes some ten times or more.
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, "piece.md", "piece.html", "piece.txt"]))
def test_any_text_is_sniffed_and_extracted_without_error(text: str, name: str | None) -> None:
    kind, escaped = sniff_kind(text, name)
    _extract_as(text, kind, escaped)


# reStructuredText is fuzzed apart: docutils recurses per nesting level (see below).
KINDS = [DocumentKind.HTML, DocumentKind.MARKDOWN, DocumentKind.TEXT]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_extracts_as_every_kind(text: str) -> None:
    for kind in KINDS:
        _extract_as(text, kind)
    _extract_as(text, DocumentKind.HTML, escaped=True)


def test_restructuredtext_nested_too_deep_for_docutils_is_read_as_plain_text_with_a_warning() -> None:
    # Found by the fuzzer: 443 bullets in a row nest 443 lists deep and exhaust docutils' stack.
    text = "- " * 443 + "https://a.example/deep\n"
    document = Document(source="deep.rst", text=text, kind=DocumentKind.RST)
    extraction = extract(document)
    assert [citation.url for citation in extraction.citations] == ["https://a.example/deep"]
    assert any("could not be read whole" in warning for warning in extraction.warnings)
    _extract_as("- " * 443, DocumentKind.RST)


def test_full_collections_wait_while_a_piece_is_read_and_resume_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # A link-dense piece keeps objects per link to its end: collections, a full one traversing
    # them all, are held off while it is read (tests/test_extract_collector.py: none at all).
    # The process's settings return.
    import gc

    import linkaudit.extract as extract_stage

    generations: list[int] = []
    reading = False

    def note(phase: str, info: dict[str, int]) -> None:
        # Only while the piece is read: once collections resume, one may well be a full one.
        if phase == "start" and reading:
            generations.append(info["generation"])

    read = extract_stage._extract

    def read_noting(*args: object, **options: object) -> object:
        nonlocal reading
        reading = True
        try:
            return read(*args, **options)
        finally:
            reading = False

    monkeypatch.setattr(extract_stage, "_extract", read_noting)

    before = gc.get_threshold(), gc.isenabled()
    piece = "".join(f"See https://e.example/{number} now. " for number in range(8_000))
    gc.callbacks.append(note)
    try:
        found = extract(Document(source="piece.md", text=piece, kind=DocumentKind.MARKDOWN))
    finally:
        gc.callbacks.remove(note)
    assert len(found.citations) == 8_000
    assert 2 not in generations
    assert (gc.get_threshold(), gc.isenabled()) == before
