"""Properties of `linkaudit fix` on generated pieces.

- every edit lies inside a link (or right at its end): every other character stays as it was;
- a second fix (after a fresh audit of the fixed piece) changes nothing;
- the fixed piece re-extracts to the same citations: same claims and anchors, in the same order,
  pointing at the new targets;
- JavaScript-escaped HTML is fixed in its escaped form: decoded, it is the plain page fixed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings, strategies as st

from fix_fixture import RIVER, DATA, Found, audited, capture_url
from linkaudit.check.urls import normalise_url
from linkaudit.extract import extract
from linkaudit.extract.escaped import literal_spans, unescape_spans
from linkaudit.extract.sources import read_sources
from linkaudit.fix import FixAction, FixedPiece, FixOptions, fix_document
from linkaudit.models import Citation, Document, DocumentKind, Extraction, LinkStatus, reference_date
from linkaudit.settings import Settings

URLS = [f"https://h{host}.example/p{page}?q={page}&r=1" if page == 2 else f"https://h{host}.example/p{page}" for host in range(3) for page in range(3)]
FINDINGS = [
    Found(LinkStatus.DEAD, "20200101000000"),
    Found(LinkStatus.SOFT_404, "20190505120000"),
    Found(LinkStatus.DEAD),
    Found(LinkStatus.ALIVE),
    Found(LinkStatus.ALIVE, "20200202000000"),
    Found(LinkStatus.BLOCKED),
    Found(LinkStatus.FAILING),
    Found(LinkStatus.REDIRECTED, final="https://moved.example/new"),
]
WORDS = st.sampled_from(["river", "bank", "the", "report", "said", "flood", "Council", "year", "of", "levels"])
PHRASE = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
OPTIONS = st.builds(
    FixOptions,
    style=st.sampled_from([None, "robust", "archive-link", "annotate"]),
    keep_href=st.booleans(),
    update_redirects=st.booleans(),
)


@dataclass
class Piece:
    """A generated piece and where its links are written."""

    chunks: list[tuple[str, bool]] = field(default_factory=list)  # (text, is a link)

    def add(self, text: str, *, link: bool = False) -> None:
        self.chunks.append((text, link))

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.chunks)

    def link_spans(self) -> list[tuple[int, int]]:
        spans, offset = [], 0
        for text, link in self.chunks:
            if link:
                spans.append((offset, offset + len(text)))
            offset += len(text)
        return spans

    def prose(self) -> list[str]:
        return [text for text, link in self.chunks if not link and text]


# Strategies built once, not on every draw: hypothesis works out a new strategy's label and
# emptiness the first time it is drawn from, which cost as much as drawing it.
_FINDING = st.sampled_from(FINDINGS)
_NEWLINES = st.sampled_from(["\n", "\r\n"])
_PARAGRAPHS = st.integers(1, 4)
_LINKS_IN_A_PARAGRAPH = st.integers(1, 3)
_URL = st.sampled_from(URLS)
_PUNCTUATION = st.sampled_from(["", ".", ","])


def _findings(draw: st.DrawFn) -> dict[str, Found]:
    chosen = {}
    for url in URLS:
        found = draw(_FINDING)
        if found.final:
            found = Found(found.status, final=url.replace("/p", "/moved-p"))
        chosen[url] = found
    return chosen


_MARKDOWN_LINKS = st.sampled_from(["inline", "titled", "angle", "reference", "autolink", "bare", "html", "html-single"])
_MARKDOWN_BLOCK_STARTS = st.sampled_from(["", "> ", "- ", "1. "])


@st.composite
def markdown_pieces(draw: st.DrawFn) -> tuple[Piece, dict[str, Found]]:
    newline = draw(_NEWLINES)
    piece = Piece()
    if draw(st.booleans()):
        piece.add(f"---{newline}title: A piece{newline}date: 2021-06-01{newline}---{newline}{newline}")
    definitions: list[str] = []
    for _ in range(draw(_PARAGRAPHS)):
        piece.add(draw(_MARKDOWN_BLOCK_STARTS) + draw(PHRASE).capitalize() + " ")
        for _ in range(draw(_LINKS_IN_A_PARAGRAPH)):
            url, anchor = draw(_URL), draw(PHRASE)
            kind = draw(_MARKDOWN_LINKS)
            if kind == "reference":
                label = f"ref{len(definitions)}"
                definitions.append(f"[{label}]: {url}" + (' "A title"' if draw(st.booleans()) else ""))
                piece.add(f"[{anchor}][{label}]", link=True)
            else:
                piece.add(_markdown_link(kind, url, anchor), link=True)
            piece.add(" " + draw(PHRASE) + draw(_PUNCTUATION) + " ")
        piece.add(newline + newline)
    for definition in definitions:
        piece.add(definition, link=True)
        piece.add(newline)
    return piece, _findings(draw)


def _markdown_link(kind: str, url: str, anchor: str) -> str:
    escaped = url.replace("&", "&amp;")
    return {
        "inline": f"[{anchor}]({url})",
        "titled": f'[{anchor}]({url} "Title")',
        "angle": f"[{anchor}](<{url}>)",
        "autolink": f"<{url}>",
        "bare": url,
        "html": f'<a href="{escaped}" class="x">{anchor}</a>',
        "html-single": f"<a title='t' href='{escaped}'>{anchor}</a>",
    }[kind]


_QUOTINGS = st.sampled_from(["double", "single", "none"])
_ATTRIBUTES_BEFORE = st.sampled_from(["", ' class="ext"', " id=a1"])
_ATTRIBUTES_AFTER = st.sampled_from(["", ' title="t"', " rel=noopener", "{newline}   data-x='1'"])


@st.composite
def html_pieces(draw: st.DrawFn) -> tuple[Piece, dict[str, Found]]:
    newline = draw(_NEWLINES)
    piece = Piece()
    piece.add(f"<article>{newline}")
    for _ in range(draw(_PARAGRAPHS)):
        piece.add("<p>" + draw(PHRASE).capitalize() + " ")
        for _ in range(draw(_LINKS_IN_A_PARAGRAPH)):
            url, anchor = draw(_URL), draw(PHRASE)
            value = url.replace("&", "&amp;")
            quoting = draw(_QUOTINGS)  # unquoted only where the value holds no "&"
            quoted = f"'{value}'" if quoting == "single" else value if quoting == "none" and "&" not in url else f'"{value}"'
            before = draw(_ATTRIBUTES_BEFORE)
            after = draw(_ATTRIBUTES_AFTER).format(newline=newline)
            piece.add(f"<a{before} href={quoted}{after}>{anchor}</a>", link=True)
            piece.add(" " + draw(PHRASE) + draw(_PUNCTUATION) + " ")
        piece.add(f"</p>{newline}")
    piece.add(f"</article>{newline}")
    return piece, _findings(draw)


def audit_and_fix(document: Document, findings: dict[str, Found], options: FixOptions) -> tuple[Extraction, FixedPiece]:
    """A fresh audit (as the fixture's findings say; a capture or a new address is alive), what it
    extracted, and a fix. Extracted as the fix stage reads a piece: every copy of a citation a
    page repeats is one to mend."""
    extraction = extract(document, every_copy=True)
    published = reference_date(extraction.published, extraction.not_before)
    return extraction, fix_document(document, audited(extraction.citations, findings, published), options)


def run_fix(document: Document, findings: dict[str, Found], options: FixOptions) -> FixedPiece:
    return audit_and_fix(document, findings, options)[1]


def assert_edits_inside_links(piece: Piece, fixed: FixedPiece) -> None:
    spans = piece.link_spans()
    for edit in fixed.edits:
        assert any(start <= edit.start and edit.end <= end for start, end in spans), (edit, fixed.before)
    position = 0
    for prose in piece.prose():  # and, read without the edits, every piece of prose is still there in order
        found = fixed.after.find(prose, position)
        assert found != -1, prose
        position = found + len(prose)


def assert_same_citations(before: tuple[Citation, ...], after: tuple[Citation, ...], fixed: FixedPiece) -> None:
    assert [(c.claim, c.anchor) for c in after] == [(c.claim, c.anchor) for c in before]
    applied = {fix.citation.location: fix for fix in fixed.applied}
    for old, new in zip(before, after, strict=True):
        fix = applied.get(old.location)
        if fix is None or fixed.style == "annotate":
            assert (new.url, new.version_url) == (old.url, old.version_url)
        elif fix.action is FixAction.REDIRECT:
            assert normalise_url(new.url) == normalise_url(fix.target or "")
        elif fix.action is FixAction.VERSION:
            assert new.url == old.url and new.version_url == fix.target
        elif new.url == old.url:  # a tag: href leads to the capture, data-originalurl names the source
            assert normalise_url(new.written.replace("&amp;", "&")) == normalise_url(fix.target or "")
        else:  # Markdown syntax: the link leads to the capture
            assert normalise_url(new.url) == normalise_url(fix.target or "")


_SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_fix_properties(piece: Piece, findings: dict[str, Found], options: FixOptions, kind: DocumentKind) -> None:
    name = f"piece.{'md' if kind is DocumentKind.MARKDOWN else 'html'}"
    document = Document(name, piece.text, kind)
    extraction, fixed = audit_and_fix(document, findings, options)
    assert not fixed.unplaced
    assert_edits_inside_links(piece, fixed)
    # The second fix's audit is the fresh extraction of the fixed piece, read once for both checks.
    extraction_after, fixed_again = audit_and_fix(Document(name, fixed.after, kind), findings, options)
    assert fixed_again.after == fixed.after
    if not options.keep_href:  # which adds an "(archived)" link to the sentence, by design
        assert_same_citations(extraction.citations, extraction_after.citations, fixed)


@_SLOW
@given(markdown_pieces(), OPTIONS)
def test_markdown_fix_edits_only_links_is_stable_and_keeps_citations(case: tuple[Piece, dict[str, Found]], options: FixOptions) -> None:
    assert_fix_properties(*case, options, DocumentKind.MARKDOWN)


@_SLOW
@given(html_pieces(), OPTIONS)
def test_html_fix_edits_only_links_is_stable_and_keeps_citations(case: tuple[Piece, dict[str, Found]], options: FixOptions) -> None:
    assert_fix_properties(*case, options, DocumentKind.HTML)


_JS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", '"': "\\u0022", "'": "\\u0027", "&": "\\u0026", "\n": "\\n", "\r": "\\r", "/": "\\/"}


def js_escaped(markup: str, escape_slashes: bool) -> str:
    return "".join(_JS_ESCAPES.get(c, c) if c != "/" or escape_slashes else c for c in markup)


def decoded(raw: str) -> str:
    return unescape_spans(raw, literal_spans(raw))[0]


@_SLOW
@given(html_pieces(), OPTIONS, st.booleans())
def test_escaped_html_is_fixed_in_its_escaped_form(case: tuple[Piece, dict[str, Found]], options: FixOptions, slashes: bool) -> None:
    piece, findings = case
    plain = run_fix(Document("piece.html", piece.text, DocumentKind.HTML), findings, options)
    raw = js_escaped(piece.text, slashes)
    fixed = run_fix(Document("piece.txt", raw, DocumentKind.HTML, escaped=True), findings, options)
    assert not fixed.unplaced
    assert decoded(fixed.after) == plain.after
    for edit in fixed.edits:  # what is written is escaped as the file escapes: no bare quote or bracket
        assert not set(edit.replacement) & set("<>\"'")
    assert run_fix(Document("piece.txt", fixed.after, DocumentKind.HTML, escaped=True), findings, options).after == fixed.after


def test_crlf_front_matter_and_every_line_ending_survive_a_fix() -> None:
    text = "---\r\ntitle: T\r\ndate: 2021-06-01\r\n---\r\n\r\nSee [the report](https://h0.example/p0).\r\n\r\n[r]: https://h1.example/p1\r\n"
    document = Document("piece.md", text, DocumentKind.MARKDOWN)
    findings = {url: Found(LinkStatus.DEAD, "20200101000000") for url in URLS}
    fixed = run_fix(document, findings, FixOptions())
    assert fixed.after.count("\r\n") == text.count("\r\n") and "\n" not in fixed.after.replace("\r\n", "")
    assert fixed.after.startswith("---\r\ntitle: T\r\ndate: 2021-06-01\r\n---\r\n\r\nSee [the report](")
    assert capture_url("20200101000000", "https://h0.example/p0") in fixed.after


def test_a_link_the_audit_proved_nothing_about_is_never_touched() -> None:
    documents, _ = read_sources([str(DATA / "piece.md")], Settings().extract)
    document = documents[0]
    citations = extract(document).citations
    unproven = {url: found for url, found in RIVER.items() if found.status in (LinkStatus.BLOCKED, LinkStatus.FAILING, LinkStatus.SKIPPED)}
    unproven |= {"https://survey.example.edu/2019": Found(LinkStatus.DEAD)}  # gone, but no capture
    for style in ("robust", "archive-link"):
        published = dt.date(2021, 6, 1)
        links = [link for link in audited(citations, RIVER, published) if link.citation.url in unproven]
        assert links
        assert fix_document(document, links, FixOptions(style=style, update_redirects=True)).after == document.text
