"""What a fix may write for each citation: only what the audit proved.

- a dead or soft-404 source with a 200 capture: point readers at the capture (``ARCHIVE``), once
  it has failed ``confirm`` checks in a row (the policy's rule, as for failing the build);
- a live source with a capture (found by the audit, or just made by Save Page Now): record the
  capture beside the link (``VERSION``, Robust Links only);
- a permanent redirect to the same page, when asked: the final URL (``REDIRECT``);
- a dead or soft-404 source with no capture: a note for an editor (``NOTE``, annotate only).

Blocked, failing, skipped, unchecked and internal sources get nothing: the audit proved nothing
about them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from linkaudit.check.softfour import redirect_target_reason
from linkaudit.check.urls import normalise_url
from linkaudit.models import ArchiveOutcome, Citation, LinkAudit, LinkStatus, Snapshot
from linkaudit.policy import Policy, is_confirmed

__all__ = ["FixAction", "LinkFix", "SavedCapture", "plan_fixes"]


class FixAction(enum.StrEnum):
    ARCHIVE = "archive"
    VERSION = "version"
    REDIRECT = "redirect"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class SavedCapture:
    """A capture of a live source confirmed after Save Page Now (or a recent one it found)."""

    url: str  # the replay URL
    timestamp: str  # 14 digits


@dataclass(frozen=True, slots=True)
class LinkFix:
    citation: Citation
    action: FixAction
    target: str | None  # the capture (ARCHIVE, VERSION) or the final URL (REDIRECT)
    version_date: dt.date | None  # the date the capture stands for: the publication date used
    reason: str  # what the audit found, in one line


def plan_fixes(
    links: Sequence[LinkAudit],
    *,
    saved: Mapping[str, SavedCapture] | None = None,
    update_redirects: bool = False,
    published: dt.date | None = None,
    confirm: int = 1,
) -> tuple[LinkFix, ...]:
    """One fix per citation the audit gives grounds to change, in the piece's order.

    ``saved`` maps a normalised URL to the capture Save Page Now made of it; ``published`` is the
    piece's publication date, the version date of a capture no archive lookup was made for.
    """
    policy = Policy(confirm=confirm)
    fixes: list[LinkFix] = []
    for link in links:
        fix = _fix_for(link, saved or {}, update_redirects=update_redirects, published=published)
        if fix is not None and (fix.action is not FixAction.ARCHIVE or is_confirmed(link, policy)):
            fixes.append(fix)
    return tuple(fixes)


def _fix_for(
    link: LinkAudit, saved: Mapping[str, SavedCapture], *, update_redirects: bool, published: dt.date | None
) -> LinkFix | None:
    citation, check = link.citation, link.check
    if check is None or citation.internal or citation.ignored:
        return None
    snapshot = _capture(link)
    if check.status.is_gone:
        if snapshot is None:
            return LinkFix(citation, FixAction.NOTE, None, None, f"{check.status}: {check.reason}; {_no_copy(link)}")
        return LinkFix(citation, FixAction.ARCHIVE, snapshot.url, _version_date(link, snapshot.timestamp, published), f"{check.status}: {check.reason}")
    if not check.status.is_live:
        return None
    if update_redirects and (final := _same_page_redirect(link)) is not None:
        return LinkFix(citation, FixAction.REDIRECT, final, None, check.reason)
    if snapshot is not None:
        return LinkFix(citation, FixAction.VERSION, snapshot.url, _version_date(link, snapshot.timestamp, published), "live; archived copy found")
    capture = saved.get(normalise_url(citation.url))
    if capture is not None:
        return LinkFix(citation, FixAction.VERSION, capture.url, _version_date(link, capture.timestamp, published), "live; saved to the archive")
    return None


def _no_copy(link: LinkAudit) -> str:
    """Why there is no capture to offer: only the archive's own answer is "no archived copy"."""
    lookup = link.archive
    if lookup is not None and lookup.outcome is ArchiveOutcome.NO_CAPTURE:
        return "no archived copy"
    if lookup is not None and lookup.outcome is ArchiveOutcome.UNREACHABLE:
        return f"the archive could not be asked ({lookup.detail})" if lookup.detail else "the archive could not be asked"
    return "no archive was asked"


def _capture(link: LinkAudit) -> Snapshot | None:
    lookup = link.archive
    if lookup is None or lookup.outcome is not ArchiveOutcome.FOUND or lookup.snapshot is None:
        return None
    return lookup.snapshot if lookup.snapshot.status == 200 else None


def _version_date(link: LinkAudit, timestamp: str, published: dt.date | None) -> dt.date:
    """When the author linked (Robust Links' data-versiondate): the date the capture was chosen
    for, the link's own version date, the piece's publication date; the capture's day at worst."""
    if link.archive is not None and link.archive.target is not None:
        return link.archive.target
    return link.citation.version_date or published or dt.datetime.strptime(timestamp[:8], "%Y%m%d").date()


def _same_page_redirect(link: LinkAudit) -> str | None:
    """The final URL of a permanent redirect that lands on the same page, else None."""
    check = link.check
    if check is None or check.status is not LinkStatus.REDIRECTED or not check.permanent_redirect:
        return None
    final = check.final_url
    if not final or normalise_url(final) == normalise_url(link.citation.url):
        return None
    # A chain that starts elsewhere ran on a remapped address (a mirror): its end is no address to cite.
    if check.redirects and normalise_url(check.redirects[0].url) != normalise_url(link.citation.url):
        return None
    return None if redirect_target_reason(link.citation.url, final) is not None else final
