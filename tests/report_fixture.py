"""A fixed report for report tests: two pieces, every link status and every verdict (a drifted
claim too, with its drift and evidence).

Everything is fixed (times included), so rendered reports can be compared with golden files.
The second piece carries hostile page text: markup, pipes, brackets, a script tag and a
terminal escape, which every format must print as text.
"""

from __future__ import annotations

import datetime as dt

from linkaudit.models import (
    ArchiveLookup,
    ArchiveOutcome,
    CheckHistory,
    CheckResult,
    Citation,
    ClaimVerdict,
    DateBound,
    DateSource,
    DocumentAudit,
    Drift,
    DriftStatus,
    Evidence,
    Hop,
    LinkAudit,
    LinkStatus,
    Location,
    PublicationDate,
    Report,
    Snapshot,
    Verdict,
    claim_id_for,
)

GENERATED_AT = dt.datetime(2024, 6, 1, 12, 0, 0, tzinfo=dt.UTC)
CHECKED_AT = dt.datetime(2024, 6, 1, 11, 59, 30, tzinfo=dt.UTC)

HOSTILE_CLAIM = (
    "Officials said [bold]x[/bold] <script>alert(1)</script> | costs rose & "
    "[click](javascript:alert(2)) @team \x1b[31mred\x1b[0m fell."
)
HOSTILE_ANCHOR = "a | b [c](http://evil.example) <b>d</b>"

KOREA = "pieces/korea.md"
OPED = "https://news.example.net/2024/05/oped"


def _citation(source: str, url: str, anchor: str, claim: str, line: int, column: int, **extra: object) -> Citation:
    return Citation(
        url=url,
        written=extra.pop("written", url),  # type: ignore[arg-type]
        anchor=anchor,
        claim=claim,
        claim_id=claim_id_for(claim),
        location=Location(source, line, column),
        **extra,  # type: ignore[arg-type]
    )


def _check(url: str, status: LinkStatus, reason: str, http: int | None, **extra: object) -> CheckResult:
    return CheckResult(url=url, status=status, reason=reason, checked_at=CHECKED_AT, http_status=http, **extra)  # type: ignore[arg-type]


def _snapshot(url: str, timestamp: str, relation: str, days: int) -> Snapshot:
    return Snapshot(
        archive="wayback",
        url=f"https://web.archive.org/web/{timestamp}/{url}",
        original=url,
        timestamp=timestamp,
        status=200,
        relation=relation,
        distance_days=days,
        found_by="cdx",
    )


def _claim(text: str, line: int, verdict: Verdict, reason: str, links: tuple[int, ...]) -> ClaimVerdict:
    return ClaimVerdict(claim_id_for(text), text, line, verdict, reason, links)


def korea_document() -> DocumentAudit:
    published = dt.date(2019, 8, 20)
    backed = "The talks resumed in July, both sides said."
    archived_before = "The missile tests broke the moratorium, the ministry said."
    archived_after = "Sanctions relief was never on the table."
    unbacked = "The envoy resigned after the summit."
    unverified = "Trade fell by a third in 2018."

    alive_url = "https://example.org/report"
    moved_url = "http://old.example.com/a"
    dead_url = "https://gov.example.kr/press/123"
    soft_url = "https://think.example.com/analysis"
    gone_url = "https://paper.example.com/envoy"
    gone_soft_url = "https://blog.example.com/envoy"
    blocked_url = "https://stats.example.com/trade"

    links = (
        LinkAudit(
            _citation(KOREA, alive_url, "both sides said", backed, 5, 40, heading="Talks"),
            _check(alive_url, LinkStatus.ALIVE, "HTTP 200", 200, elapsed=0.12, content_type="text/html"),
            ArchiveLookup(alive_url, ArchiveOutcome.NOT_ASKED),
        ),
        LinkAudit(
            _citation(KOREA, moved_url, "resumed in July", backed, 5, 90, heading="Talks"),
            _check(
                moved_url,
                LinkStatus.REDIRECTED,
                "redirected to the same page",
                200,
                final_url="https://new.example.com/a",
                redirects=(Hop(moved_url, 301), Hop("https://old.example.com/a", 308), Hop("https://new.example.com/a", 200)),
                permanent_redirect=True,
            ),
        ),
        LinkAudit(
            _citation(KOREA, dead_url, "the ministry said", archived_before, 9, 12, heading="Tests"),
            _check(dead_url, LinkStatus.DEAD, "HTTP 404", 404, history=CheckHistory(3, CHECKED_AT - dt.timedelta(days=2), 3)),
            ArchiveLookup(dead_url, ArchiveOutcome.FOUND, _snapshot(dead_url, "20190801120000", "before", 19), published),
        ),
        LinkAudit(
            _citation(KOREA, soft_url, "never on the table", archived_after, 12, 3),
            _check(
                soft_url,
                LinkStatus.SOFT_404,
                "redirected to site root",
                200,
                final_url="https://think.example.com/",
                redirects=(Hop(soft_url, 302), Hop("https://think.example.com/", 200)),
                history=CheckHistory(1, CHECKED_AT, 1),
            ),
            ArchiveLookup(soft_url, ArchiveOutcome.FOUND, _snapshot(soft_url, "20190901000000", "after", 12), published),
        ),
        LinkAudit(
            _citation(KOREA, gone_url, "resigned", unbacked, 15, 20),
            _check(gone_url, LinkStatus.DEAD, "HTTP 410", 410, history=CheckHistory(4, CHECKED_AT - dt.timedelta(days=3), 3)),
            ArchiveLookup(gone_url, ArchiveOutcome.NO_CAPTURE, None, published, "no capture in the Wayback Machine"),
        ),
        LinkAudit(
            _citation(KOREA, gone_soft_url, "after the summit", unbacked, 15, 70),
            _check(gone_soft_url, LinkStatus.SOFT_404, "page says 'not found'", 200, history=CheckHistory(1, CHECKED_AT, 1)),
            ArchiveLookup(gone_soft_url, ArchiveOutcome.NO_CAPTURE, None, published, "no capture in the Wayback Machine"),
        ),
        LinkAudit(
            _citation(KOREA, blocked_url, "fell by a third", unverified, 18, 25),
            _check(blocked_url, LinkStatus.BLOCKED, "HTTP 403 from a bot wall (cf-mitigated)", 403),
            ArchiveLookup(blocked_url, ArchiveOutcome.UNREACHABLE, None, published, "wayback: HTTP 429"),
        ),
    )
    claims = (
        _claim(backed, 5, Verdict.BACKED, "2 of 2 sources alive", (0, 1)),
        _claim(
            archived_before, 9, Verdict.ARCHIVED,
            "no live source; 1 of 1 archived (capture of 2019-08-01 in the Wayback Machine, 19 days before publication)",
            (2,),
        ),
        _claim(
            archived_after, 12, Verdict.ARCHIVED,
            "no live source; 1 of 1 archived (capture of 2019-09-01 in the Wayback Machine, 12 days after publication)",
            (3,),
        ),
        _claim(unbacked, 15, Verdict.UNBACKED, "2 of 2 sources dead or soft-404; no capture in the Wayback Machine", (4, 5)),
        _claim(unverified, 18, Verdict.UNVERIFIED, "1 blocked; archive unreachable (wayback: HTTP 429)", (6,)),
    )
    return DocumentAudit(
        source=KOREA,
        title="Talks stall: what Pyongyang wants",
        published=PublicationDate(published, DateSource.FRONT_MATTER, "date"),
        links=links,
        claims=claims,
        path=KOREA,
    )


def oped_document() -> DocumentAudit:
    backed = "Turnout hit a record."
    unverified = "The survey is described on our own site and in a report we excluded."
    alive_url = "https://stats.example.net/turnout"
    internal_url = "/about/survey"
    skipped_url = "https://internal.example.net/report"
    failing_url = "https://slow.example.org/costs"
    drifted = "The minister called the plan \u201ca done deal\u201d."
    drifted_url = "https://gov.example.net/plan"
    drifted_capture = Snapshot(
        "wayback", f"https://web.archive.org/web/20240501090000/{drifted_url}", drifted_url,
        "20240501090000", 200, "before", 1, "timegate", True,
    )

    links = (
        LinkAudit(
            _citation(OPED, alive_url, "a record", backed, 3, 10),
            _check(alive_url, LinkStatus.ALIVE, "HTTP 200", 200, from_cache=True, history=CheckHistory(2, None, 0)),
        ),
        LinkAudit(_citation(OPED, internal_url, "our own site", unverified, 7, 30, internal=True)),
        LinkAudit(
            _citation(OPED, skipped_url, "a report we excluded", unverified, 7, 80),
            _check(skipped_url, LinkStatus.SKIPPED, "excluded by --exclude", None, attempts=0),
            ArchiveLookup(skipped_url, ArchiveOutcome.NOT_ASKED),
        ),
        LinkAudit(
            _citation(OPED, failing_url, HOSTILE_ANCHOR, HOSTILE_CLAIM, 11, 5, heading="Costs <em>rising</em>"),
            _check(
                failing_url,
                LinkStatus.FAILING,
                "timed out after 3 attempts",
                None,
                error_kind="timeout",
                error="ReadTimeout: no answer in 15 s",
                attempts=3,
                history=CheckHistory(5, CHECKED_AT - dt.timedelta(days=1), 2),
            ),
            ArchiveLookup(failing_url, ArchiveOutcome.NOT_ASKED),
        ),
        LinkAudit(
            _citation(OPED, drifted_url, "called the plan", drifted, 13, 20),
            _check(drifted_url, LinkStatus.ALIVE, "HTTP 200", 200),
            None,
            Drift(DriftStatus.REPLACED, "a different page: 97% of the captured text is gone, another title",
                  0.02, 0.1, drifted_capture),
            (Evidence("quote", "a done deal", False, True), Evidence("anchor", "called plan", False, True)),
        ),
    )
    claims = (
        _claim(backed, 3, Verdict.BACKED, "1 of 1 source alive", (0,)),
        _claim(unverified, 7, Verdict.UNVERIFIED, "1 internal (not checked); 1 skipped; archive not asked", (1, 2)),
        _claim(HOSTILE_CLAIM, 11, Verdict.UNVERIFIED, "1 failing; archive not asked", (3,)),
        _claim(
            drifted, 13, Verdict.DRIFTED,
            "1 of 1 source alive but replaced since the piece; no longer there: 'a done deal'; "
            f"capture of 2024-05-01: {drifted_capture.url}",
            (4,),
        ),
    )
    return DocumentAudit(
        source=OPED,
        title="Op-ed: the <b>real</b> cost | [of] elections",
        published=None,
        not_before=DateBound(dt.date(2024, 5, 2), "https://gov.example/2024/05/02/results"),
        links=links,
        claims=claims,
    )


def fixed_report() -> Report:
    return Report(documents=(korea_document(), oped_document()), generated_at=GENERATED_AT, tool_version="0.1.0")


def single_document_report() -> Report:
    return Report(documents=(korea_document(),), generated_at=GENERATED_AT, tool_version="0.1.0")


# -- golden files ------------------------------------------------------------------------------
#
# Rendered reports are compared with the files in tests/golden/. After an intended change to a
# format, regenerate them and review the diff before committing:
#
#     LINKAUDIT_UPDATE_GOLDEN=1 /tmp/venv/bin/python -m pytest tests/test_report_*.py

import os  # noqa: E402
from pathlib import Path  # noqa: E402

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
UPDATE_ENV = "LINKAUDIT_UPDATE_GOLDEN"


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN_DIR / name
    if os.environ.get(UPDATE_ENV) == "1":
        GOLDEN_DIR.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.exists(), f"no golden file {path.name}; create it with {UPDATE_ENV}=1"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{path.name} differs from the rendered output; if intended, regenerate with {UPDATE_ENV}=1"
