"""`linkaudit fix` on real-looking pieces: the fixed text an editor reviews, byte for byte.

Inputs in tests/data/fix/ (piece.md, piece.html) and examples/000_bd4e093a9656d3e9.txt (an IISS
commentary scraped as JavaScript-escaped HTML); the audit's findings are in tests/fix_fixture.py.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from fix_fixture import DATA, KOREA, RIVER, Found, assert_golden, audited
from linkaudit.extract import extract
from linkaudit.extract.sources import read_sources
from linkaudit.fix import FixedPiece, FixOptions, fix_document
from linkaudit.models import Document, DocumentKind, LinkStatus, reference_date
from linkaudit.settings import Settings

CASES = [
    # (piece, findings, style, keep_href, golden)
    ("piece.md", RIVER, None, False, "piece.archive-link.md"),
    ("piece.md", RIVER, "robust", False, "piece.robust.md"),
    ("piece.md", RIVER, "annotate", False, "piece.annotate.md"),
    ("piece.md", RIVER, "archive-link", True, "piece.keep-href.md"),
    ("piece.html", RIVER, None, False, "piece.robust.html"),
    ("piece.html", RIVER, "archive-link", False, "piece.archive-link.html"),
    ("piece.html", RIVER, "archive-link", True, "piece.keep-href.html"),
    ("piece.html", RIVER, "annotate", False, "piece.annotate.html"),
    ("example", KOREA, None, False, "example.robust.txt"),
    ("example", KOREA, "annotate", False, "example.annotate.txt"),
]


def read(name: str, example_piece: Path) -> Document:
    path = example_piece if name == "example" else DATA / name
    documents, errors = read_sources([str(path)], Settings().extract)
    assert not errors
    return documents[0]


def fixed(document: Document, found: dict[str, Found], style: str | None, keep_href: bool) -> FixedPiece:
    extraction = extract(document)
    published = reference_date(extraction.published, extraction.not_before)
    links = audited(extraction.citations, found, published)
    return fix_document(document, links, FixOptions(style=style, keep_href=keep_href, update_redirects=True))


@pytest.mark.parametrize(("piece", "found", "style", "keep_href", "golden"), CASES, ids=[case[-1] for case in CASES])
def test_fixed_piece_matches_its_golden_file(
    piece: str, found: dict[str, Found], style: str | None, keep_href: bool, golden: str, example_piece: Path
) -> None:
    document = read(piece, example_piece)
    result = fixed(document, found, style, keep_href)
    assert not result.unplaced
    assert result.changed
    assert_golden(DATA / golden, result.after)


@pytest.mark.parametrize(("piece", "found", "style", "keep_href", "golden"), CASES, ids=[case[-1] for case in CASES])
def test_fixing_a_fixed_piece_again_changes_nothing(
    piece: str, found: dict[str, Found], style: str | None, keep_href: bool, golden: str, example_piece: Path
) -> None:
    document = read(piece, example_piece)
    once = fixed(document, found, style, keep_href)
    twice = fixed(Document(document.source, once.after, document.kind, document.escaped), found, style, keep_href)
    assert not twice.unplaced
    assert twice.after == once.after


def test_escaped_piece_keeps_its_escapes_and_writes_new_attributes_the_same_way(example_piece: Path) -> None:
    document = read("example", example_piece)
    result = fixed(document, KOREA, None, False)
    assert result.after.count("\\u0022") > result.before.count("\\u0022")
    for edit in result.edits:
        assert "<" not in edit.replacement and '"' not in edit.replacement and ">" not in edit.replacement
    # The version date is the date the capture was chosen for: the piece's publication date, or
    # its "not before" bound (this scraped piece says no date of its own).
    extraction = extract(document)
    chosen_for = reference_date(extraction.published, extraction.not_before)
    assert chosen_for is not None
    assert f"data-versiondate=\\u0022{chosen_for.isoformat()}\\u0022" in result.after


def test_a_script_built_page_is_fixed_inside_its_script() -> None:
    page = (
        '<html><head><title>x</title></head><body><div id="root"></div><script>window.__DATA__ = {"body":'
        '"\\u003cp\\u003eSee \\u003ca href=\\u0022https://a.example/gone\\u0022\\u003ethe report\\u003c/a\\u003e today.'
        '\\u003c/p\\u003e"};</script></body></html>'
    )
    document = Document("page.html", page, DocumentKind.HTML)
    result = fixed(document, {"https://a.example/gone": Found(LinkStatus.DEAD, "20200101000000")}, None, False)
    assert not result.unplaced
    capture = "https://web.archive.org/web/20200101000000/https://a.example/gone"
    assert f"\\u003ca href=\\u0022{capture}\\u0022 data-originalurl=\\u0022https://a.example/gone\\u0022" in result.after
    assert result.after.startswith('<html><head><title>x</title></head><body><div id="root"></div><script>')


def test_an_archived_link_is_added_once_even_when_a_later_audit_picks_another_capture(example_piece: Path) -> None:
    document = read("piece.md", example_piece)
    once = fixed(document, RIVER, "archive-link", True)
    later = {url: replace(found, capture="20230101000000") if found.capture else found for url, found in RIVER.items()}
    again = fixed(Document(document.source, once.after, document.kind), later, "archive-link", True)
    assert again.after == once.after


def test_following_a_redirect_moves_a_robust_links_original_too() -> None:
    old, new = "https://old.example.org/rivers", "https://new.example.org/rivers"
    html = f'<p>The <a href="{old}" data-originalurl="{old}" data-versiondate="2021-01-01">portal</a> moved.</p>'
    result = fixed(Document("p.html", html, DocumentKind.HTML), RIVER, None, False)
    assert result.after == f'<p>The <a href="{new}" data-originalurl="{new}" data-versiondate="2021-01-01">portal</a> moved.</p>'
