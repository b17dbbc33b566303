"""`linkaudit fix` on real web pages: how many links it places and rewrites, and what it keeps.

    python benchmarks/bench_fix.py [DIRECTORY ...]
    python -m pytest -m bench benchmarks/bench_fix.py

By default it reads the pages cached for trafilatura's tests (https://github.com/adbar/trafilatura,
tests/cache/*.html: news, blogs and shop pages in several languages), checked out at
/work/data/trafilatura or wherever LINKAUDIT_TRAFILATURA points; it never downloads them. Every
citation of every page is taken as dead with a capture (the most edits a fix can make), and each
page is fixed in every style. Printed per style: pages, links planned, links placed and rewritten,
links not placed (the extractor's place did not hold the link), and whether every page kept its
bytes outside the links, fixed again to the same text and re-extracted to the same claims and
anchors; then the time per page.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from linkaudit.extract import extract
from linkaudit.extract.sources import read_sources
from linkaudit.fix import FixOptions, fix_document
from linkaudit.models import (
    ArchiveLookup,
    ArchiveOutcome,
    CheckResult,
    Citation,
    Document,
    LinkAudit,
    LinkStatus,
    Snapshot,
)
from linkaudit.settings import Settings

DEFAULT = Path(os.environ.get("LINKAUDIT_TRAFILATURA", "/work/data/trafilatura")) / "tests" / "cache"
_CHECKED = CheckResult("", LinkStatus.DEAD, "HTTP 404", __import__("datetime").datetime(2024, 1, 1))


def all_gone(citations: tuple[Citation, ...]) -> list[LinkAudit]:
    links = []
    for citation in citations:
        capture = f"https://web.archive.org/web/20200101000000/{citation.url}"
        snapshot = Snapshot("wayback", capture, citation.url, "20200101000000", 200, "before", 1, "cdx")
        lookup = ArchiveLookup(citation.url, ArchiveOutcome.FOUND, snapshot, None)
        links.append(LinkAudit(citation, _CHECKED, lookup))
    return links


def measure(directories: list[str]) -> dict[str, Counter[str]]:
    documents, _ = read_sources(directories, Settings(include_paths=("*.html", "*.htm")).extract)
    results: dict[str, Counter[str]] = {}
    for style in ("robust", "archive-link", "annotate"):
        counts: Counter[str] = Counter()
        started = time.perf_counter()
        for document in documents:
            counts.update(_fix_one(document, style))
        counts["seconds"] = round(time.perf_counter() - started, 2)  # type: ignore[assignment]
        results[style] = counts
    return results


def _fix_one(document: Document, style: str) -> Counter[str]:
    counts: Counter[str] = Counter(pages=1)
    citations = tuple(c for c in extract(document).citations if not c.internal)
    fixed = fix_document(document, all_gone(citations), FixOptions(style=style))
    counts["links"] += len(citations)
    counts["placed"] += len(fixed.applied) + len(fixed.unchanged)
    counts["not placed"] += len(fixed.unplaced)
    again = extract(Document(document.source, fixed.after, document.kind, document.escaped)).citations
    counts["same claims and anchors"] += [(c.claim, c.anchor) for c in again if not c.internal] == [(c.claim, c.anchor) for c in citations]
    refixed = fix_document(
        Document(document.source, fixed.after, document.kind, document.escaped), all_gone(tuple(c for c in again if not c.internal)), FixOptions(style=style)
    )
    counts["stable"] += refixed.after == fixed.after
    counts["text between links kept"] += _outside_kept(document.text, fixed.after)
    return counts


# A whole <a> element, and the note the annotate style puts right after one. Read independently
# of the fix's own code: the text between links must come out the same.
_LINK = re.compile(r"<a\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</a\s*>(?:<!-- linkaudit: .*? -->)?", re.IGNORECASE | re.DOTALL)


def _outside_kept(before: str, after: str) -> bool:
    return _LINK.split(before) == _LINK.split(after)


@pytest.mark.bench
def test_fix_on_real_pages() -> None:
    if not DEFAULT.is_dir():
        pytest.skip(f"{DEFAULT} not checked out (see the docstring)")
    for style, counts in measure([str(DEFAULT)]).items():
        print(style, dict(counts))
        assert counts["pages"] == counts["same claims and anchors"] == counts["stable"] == counts["text between links kept"]


if __name__ == "__main__":
    for style, counts in measure(sys.argv[1:] or [str(DEFAULT)]).items():
        print(style, dict(counts))
