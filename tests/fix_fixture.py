"""What a made-up audit found about the sources of the fix test pieces (tests/data/fix/).

Golden files are what an editor reviews, so they are compared byte for byte. After a deliberate
change, regenerate them and review the diff before committing:

    LINKAUDIT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_fix_golden.py
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from linkaudit.models import (
    ArchiveLookup,
    ArchiveOutcome,
    CheckResult,
    Citation,
    DocumentAudit,
    Extraction,
    Hop,
    LinkAudit,
    LinkStatus,
    Report,
    Snapshot,
    reference_date,
)
from linkaudit.verdict import judge_claims

DATA = Path(__file__).resolve().parent / "data" / "fix"
UPDATE_ENV = "LINKAUDIT_UPDATE_GOLDEN"
CHECKED_AT = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
WAYBACK = "https://web.archive.org"


@dataclass(frozen=True)
class Found:
    """What the audit found about one source."""

    status: LinkStatus
    capture: str | None = None  # 14-digit timestamp of a 200 capture
    final: str | None = None  # end of a permanent redirect
    http: int | None = None


def capture_url(timestamp: str, url: str) -> str:
    return f"{WAYBACK}/web/{timestamp}/{url}"


def audited(citations: Sequence[Citation], found: Mapping[str, Found], published: dt.date | None) -> list[LinkAudit]:
    """The audit's findings for each citation; a source not in ``found`` (a capture) is alive."""
    links = []
    for citation in citations:
        fact = found.get(citation.url, Found(LinkStatus.ALIVE))
        # As the archive stage does, a Robust Links date replaces the publication date.
        target = citation.version_date or published
        links.append(LinkAudit(citation, _check(citation.url, fact), _archive(citation.url, fact, target)))
    return links


def report_for(extraction: Extraction, found: Mapping[str, Found]) -> Report:
    published = reference_date(extraction.published, extraction.not_before)
    links = tuple(audited(extraction.citations, found, published))
    document = DocumentAudit(
        extraction.source, extraction.title, extraction.published, links, judge_claims(links),
        path=extraction.path, not_before=extraction.not_before,
    )
    return Report((document,), CHECKED_AT, "test")


def _check(url: str, fact: Found) -> CheckResult:
    http = fact.http or {LinkStatus.DEAD: 404, LinkStatus.BLOCKED: 403}.get(fact.status, 200)
    if fact.final:
        return CheckResult(
            url, LinkStatus.REDIRECTED, f"permanently redirected to {fact.final}; update the link", CHECKED_AT,
            http_status=200, final_url=fact.final, redirects=(Hop(url, 301),), permanent_redirect=True,
        )
    reason = "the page says it is not found" if fact.status is LinkStatus.SOFT_404 else f"HTTP {http}"
    return CheckResult(url, fact.status, reason, CHECKED_AT, http_status=http, final_url=url)


def _archive(url: str, fact: Found, published: dt.date | None) -> ArchiveLookup | None:
    if fact.capture is not None:
        snapshot = Snapshot("wayback", capture_url(fact.capture, url), url, fact.capture, 200, "before", 12, "cdx")
        return ArchiveLookup(url, ArchiveOutcome.FOUND, snapshot, published)
    if fact.status.is_gone:
        return ArchiveLookup(url, ArchiveOutcome.NO_CAPTURE, None, published, "no capture in the Wayback Machine")
    return None


# The sources of tests/data/fix/piece.md and piece.html: every kind of finding a fix meets.
RIVER = {
    "https://agency.example.gov/reports/river-2020": Found(LinkStatus.DEAD, "20210520000000"),
    "https://agency.example.gov/summary%20(2020)": Found(LinkStatus.SOFT_404, "20210301000000"),
    "https://council.example.gov/minutes/2020-11": Found(LinkStatus.DEAD, "20201201000000", http=410),
    "https://campaign.example.org/list": Found(LinkStatus.DEAD, "20210401000000"),
    "https://data.example.net/rivers/levels.csv": Found(LinkStatus.ALIVE, "20210101000000"),
    "https://maps.example.com/flood?area=7&year=2020": Found(LinkStatus.DEAD, "20200901000000"),
    "https://press.example.com/2020/statement": Found(LinkStatus.DEAD, "20201010000000"),
    "https://paper.example.com/analysis": Found(LinkStatus.BLOCKED),
    "https://old.example.org/rivers": Found(LinkStatus.REDIRECTED, final="https://new.example.org/rivers"),
    "https://board.example.gov/decision": Found(LinkStatus.DEAD, "20210115000000"),
    "https://appeal.example.gov/ruling": Found(LinkStatus.ALIVE),
    "https://survey.example.edu/2019": Found(LinkStatus.DEAD),
}

# The sources of examples/000_bd4e093a9656d3e9.txt (a real piece; these findings are made up).
KOREA = {
    "https://www.nytimes.com/2019/08/11/world/asia/north-korea-missile-test.html": Found(LinkStatus.DEAD, "20190812000000"),
    "https://www.nytimes.com/2019/06/30/world/asia/trump-north-korea-dmz.html": Found(LinkStatus.ALIVE, "20190701000000"),
    "https://nationalinterest.org/blog/korea-watch/why-security-guarantees-are-key-solving-north-korean-nuclear-crisis-64766":
        Found(LinkStatus.SOFT_404, "20190702000000"),
    "https://www.reuters.com/article/us-northkorea-southkorea-aircraft/"
    "north-korea-calls-south-koreas-f-35-jet-purchases-extremely-dangerous-action-idUSKCN1U60BJ": Found(LinkStatus.BLOCKED),
    "https://www.iiss.org/blogs/survival-blog/2018/08/call-end-korean-war": Found(LinkStatus.DEAD),
    "https://www.foxnews.com/world/what-us-liaison-office-in-north-korea-could-mean": Found(LinkStatus.DEAD, "20190301000000"),
}


def assert_golden(path: Path, actual: str) -> None:
    """``actual`` must equal the golden file byte for byte (line endings included)."""
    if os.environ.get(UPDATE_ENV) == "1":
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"no golden file {path.name}; create it with {UPDATE_ENV}=1"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{path.name} differs from the fix's output; regenerate with {UPDATE_ENV}=1 and review"
