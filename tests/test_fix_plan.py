"""What a fix may write for each citation: only what the audit proved."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from linkaudit.fix import FixAction, SavedCapture, plan_fixes
from linkaudit.models import (
    ArchiveLookup,
    ArchiveOutcome,
    CheckHistory,
    CheckResult,
    Citation,
    Hop,
    LinkAudit,
    LinkStatus,
    Location,
    Snapshot,
    claim_id_for,
)

URL = "https://news.example.com/2021/story"
CAPTURE = f"https://web.archive.org/web/20210302120000/{URL}"
PUBLISHED = dt.date(2021, 3, 15)
NOW = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
CITATION = Citation(URL, URL, "the story", "A claim.", claim_id_for("A claim."), Location("p.md", 3, 9))


def link(status: LinkStatus, archive: ArchiveOutcome | None = None, *, captured: int = 200, **check: object) -> LinkAudit:
    result = CheckResult(URL, status, str(check.pop("reason", f"{status}")), NOW, **check)  # type: ignore[arg-type]
    lookup = None
    if archive is ArchiveOutcome.FOUND:
        snapshot = Snapshot("wayback", CAPTURE, URL, "20210302120000", captured, "before", 13, "cdx")
        lookup = ArchiveLookup(URL, archive, snapshot, PUBLISHED)
    elif archive is not None:
        lookup = ArchiveLookup(URL, archive, None, PUBLISHED, "wayback cdx: HTTP 503" if archive is ArchiveOutcome.UNREACHABLE else "")
    return LinkAudit(CITATION, result, lookup)


@pytest.mark.parametrize("status", [LinkStatus.DEAD, LinkStatus.SOFT_404])
def test_a_gone_source_with_a_capture_is_pointed_at_it_dated_by_the_publication(status: LinkStatus) -> None:
    (fix,) = plan_fixes([link(status, ArchiveOutcome.FOUND)])
    assert (fix.action, fix.target, fix.version_date) == (FixAction.ARCHIVE, CAPTURE, PUBLISHED)


@pytest.mark.parametrize("status", [LinkStatus.BLOCKED, LinkStatus.FAILING, LinkStatus.SKIPPED])
def test_what_the_audit_did_not_prove_gone_or_live_is_never_planned(status: LinkStatus) -> None:
    assert plan_fixes([link(status, ArchiveOutcome.FOUND)], update_redirects=True) == ()


def test_internal_ignored_and_unchecked_links_get_nothing() -> None:
    found = link(LinkStatus.DEAD, ArchiveOutcome.FOUND)
    internal = replace(found, citation=replace(CITATION, internal=True))
    ignored = replace(found, citation=replace(CITATION, ignored=True))
    unchecked = replace(found, check=None)
    assert plan_fixes([internal, ignored, unchecked]) == ()


def test_a_capture_that_is_not_a_200_is_no_capture() -> None:
    (fix,) = plan_fixes([link(LinkStatus.DEAD, ArchiveOutcome.FOUND, captured=404)])
    assert fix.action is FixAction.NOTE and fix.target is None


@pytest.mark.parametrize(
    ("outcome", "said"),
    [
        (ArchiveOutcome.NO_CAPTURE, "no archived copy"),
        (ArchiveOutcome.UNREACHABLE, "the archive could not be asked (wayback cdx: HTTP 503)"),
        (ArchiveOutcome.NOT_ASKED, "no archive was asked"),
        (None, "no archive was asked"),
    ],
)
def test_a_gone_source_without_a_capture_gets_a_note_saying_only_what_the_archive_said(
    outcome: ArchiveOutcome | None, said: str
) -> None:
    (fix,) = plan_fixes([link(LinkStatus.DEAD, outcome, reason="HTTP 404")])
    assert (fix.action, fix.reason) == (FixAction.NOTE, f"dead: HTTP 404; {said}")


def test_a_gone_source_is_rewritten_only_once_confirmed() -> None:
    once = link(LinkStatus.DEAD, ArchiveOutcome.FOUND, history=CheckHistory(checks=1, consecutive_failures=1))
    thrice = link(LinkStatus.DEAD, ArchiveOutcome.FOUND, history=CheckHistory(checks=3, consecutive_failures=3))
    assert plan_fixes([once], confirm=3) == ()
    assert [fix.action for fix in plan_fixes([thrice], confirm=3)] == [FixAction.ARCHIVE]


def test_a_live_source_with_a_capture_or_a_saved_one_gets_a_version() -> None:
    (found,) = plan_fixes([link(LinkStatus.ALIVE, ArchiveOutcome.FOUND)])
    assert (found.action, found.target, found.version_date) == (FixAction.VERSION, CAPTURE, PUBLISHED)
    saved = {URL: SavedCapture(f"https://web.archive.org/web/20240501000000/{URL}", "20240501000000")}
    (made,) = plan_fixes([link(LinkStatus.ALIVE)], saved=saved, published=PUBLISHED)
    assert (made.action, made.target, made.version_date) == (FixAction.VERSION, saved[URL].url, PUBLISHED)
    (undated,) = plan_fixes([link(LinkStatus.ALIVE)], saved=saved)
    assert undated.version_date == dt.date(2024, 5, 1)  # no publication date: the capture's own day
    assert plan_fixes([link(LinkStatus.ALIVE)]) == ()


def redirected(final: str, *, permanent: bool = True, first_hop: str = URL) -> LinkAudit:
    return link(
        LinkStatus.REDIRECTED, final_url=final, permanent_redirect=permanent, redirects=(Hop(first_hop, 301 if permanent else 302),)
    )


def test_a_permanent_redirect_to_the_same_page_is_followed_only_when_asked() -> None:
    moved = redirected("https://news.example.com/2021/story-moved")
    assert plan_fixes([moved]) == ()
    (fix,) = plan_fixes([moved], update_redirects=True)
    assert (fix.action, fix.target) == (FixAction.REDIRECT, "https://news.example.com/2021/story-moved")


@pytest.mark.parametrize(
    "case",
    [
        redirected("https://news.example.com/2021/story-moved", permanent=False),  # temporary
        redirected("https://news.example.com/"),  # the home page
        redirected("https://login.example.com/login?next=/2021/story"),  # a login page
        redirected("http://127.0.0.9:8080/ok", first_hop="http://127.0.0.9:8080/moved"),  # ran on a remapped address
    ],
    ids=["temporary", "home", "login", "remapped"],
)
def test_other_redirects_are_left_alone(case: LinkAudit) -> None:
    assert plan_fixes([case], update_redirects=True) == ()
