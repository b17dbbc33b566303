"""Every claim gets one verdict from its sources' statuses and archive lookups."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from linkaudit.models import (
    ArchiveLookup,
    ArchiveOutcome,
    CheckResult,
    Citation,
    LinkAudit,
    LinkStatus,
    Location,
    Snapshot,
    Verdict,
    claim_id_for,
)
from linkaudit.verdict import count_statuses, count_verdicts, judge_claims

NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
SNAPSHOT = Snapshot("wayback", "https://web.archive.org/web/20210301000000/https://a.example/", "https://a.example/",
                    "20210301000000", 200, "before", 14, "cdx")


def link(status: LinkStatus | None, archive: ArchiveOutcome | None = None, *, claim: str = "A claim.", line: int = 1) -> LinkAudit:
    citation = Citation("https://a.example/", "https://a.example/", "anchor", claim, claim_id_for(claim),
                        Location("piece.md", line, 1), internal=status is None)
    check = CheckResult("https://a.example/", status, "reason", NOW) if status is not None else None
    lookup = None
    if archive is not None:
        lookup = ArchiveLookup("https://a.example/", archive, SNAPSHOT if archive is ArchiveOutcome.FOUND else None,
                               dt.date(2021, 3, 15), "no capture in the Wayback Machine" if archive is ArchiveOutcome.NO_CAPTURE else "wayback cdx: HTTP 429")
    return LinkAudit(citation, check, lookup)


D, A, S = LinkStatus.DEAD, ArchiveOutcome, LinkStatus.SOFT_404


@pytest.mark.parametrize(
    ("links", "verdict"),
    [
        ([link(LinkStatus.ALIVE), link(D, A.NO_CAPTURE)], Verdict.BACKED),
        ([link(LinkStatus.REDIRECTED), link(LinkStatus.BLOCKED)], Verdict.BACKED),
        ([link(D, A.FOUND), link(D, A.NO_CAPTURE)], Verdict.ARCHIVED),
        ([link(LinkStatus.BLOCKED, A.FOUND), link(D, A.UNREACHABLE)], Verdict.ARCHIVED),
        ([link(D, A.NO_CAPTURE), link(S, A.NO_CAPTURE)], Verdict.UNBACKED),
        ([link(D, A.NO_CAPTURE), link(D, A.UNREACHABLE)], Verdict.UNVERIFIED),
        ([link(D, A.NO_CAPTURE), link(LinkStatus.BLOCKED, A.NO_CAPTURE)], Verdict.UNVERIFIED),
        ([link(D, A.NO_CAPTURE), link(LinkStatus.FAILING, A.NO_CAPTURE)], Verdict.UNVERIFIED),
        ([link(D, A.NOT_ASKED)], Verdict.UNVERIFIED),
        ([link(D, None)], Verdict.UNVERIFIED),
        ([link(LinkStatus.SKIPPED)], Verdict.UNVERIFIED),
        ([link(None)], Verdict.UNVERIFIED),
    ],
)
def test_each_verdict_from_mixed_sources(links: list[LinkAudit], verdict: Verdict) -> None:
    [claim] = judge_claims(links)

    assert claim.verdict is verdict
    assert claim.links == tuple(range(len(links)))


def test_reasons_are_one_human_line() -> None:
    unbacked = judge_claims([link(D, A.NO_CAPTURE), link(D, A.NO_CAPTURE)])[0]
    unreachable = judge_claims([link(D, A.UNREACHABLE)])[0]
    archived = judge_claims([link(D, A.FOUND)])[0]

    assert unbacked.reason == "2 of 2 sources dead; no capture in the Wayback Machine"
    assert unreachable.reason == "1 of 1 source dead; archive unreachable (wayback cdx: HTTP 429)"
    assert archived.reason.startswith("no live source; 1 of 1 archived (capture of 2021-03-01 in the Wayback Machine")
    assert all("\n" not in c.reason for c in (unbacked, unreachable, archived))


def test_claims_are_grouped_in_order_of_first_appearance() -> None:
    links = [
        link(D, A.NO_CAPTURE, claim="Second claim.", line=3),
        link(LinkStatus.ALIVE, claim="First claim.", line=5),
        link(D, A.FOUND, claim="Second claim.", line=9),
    ]

    claims = judge_claims(links)

    assert [(c.text, c.line, c.links, c.verdict) for c in claims] == [
        ("Second claim.", 3, (0, 2), Verdict.ARCHIVED),
        ("First claim.", 5, (1,), Verdict.BACKED),
    ]


def test_counts_cover_every_verdict_and_status() -> None:
    links = [link(LinkStatus.ALIVE, claim="a"), link(D, A.NO_CAPTURE, claim="b"), link(D, A.NO_CAPTURE, claim="c")]

    assert count_verdicts(judge_claims(links)) == {Verdict.BACKED: 1, Verdict.DRIFTED: 0, Verdict.ARCHIVED: 0, Verdict.UNBACKED: 2, Verdict.UNVERIFIED: 0}
    assert count_statuses(links)[LinkStatus.DEAD] == 2
    assert set(count_statuses(links)) == set(LinkStatus)


def test_verdict_counts_are_the_words_reports_print() -> None:
    # One count serves the verdict stage and every renderer: its keys are Verdicts, which are their
    # own text, so the JSON summary and a lookup by word both see "backed", never "Verdict.BACKED".
    counts = count_verdicts(judge_claims([link(LinkStatus.ALIVE)]))
    assert json.loads(json.dumps(counts)) == {"backed": 1, "drifted": 0, "archived": 0, "unbacked": 0, "unverified": 0}
    assert counts["backed"] == 1 and [f"{key}" for key in counts] == [verdict.value for verdict in Verdict]
