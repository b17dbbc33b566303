"""What the check stage says of a source: alive or not, and the evidence."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

__all__ = ["CheckHistory", "CheckResult", "Hop", "LinkStatus", "PagePrint"]


class LinkStatus(enum.StrEnum):
    ALIVE = "alive"
    REDIRECTED = "redirected"
    SOFT_404 = "soft-404"
    DEAD = "dead"
    FAILING = "failing"
    BLOCKED = "blocked"
    SKIPPED = "skipped"

    @property
    def is_live(self) -> bool:
        return self in (LinkStatus.ALIVE, LinkStatus.REDIRECTED)

    @property
    def is_gone(self) -> bool:
        """Gone for sure: what no retry will bring back."""
        return self in (LinkStatus.DEAD, LinkStatus.SOFT_404)


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a redirect chain: the URL requested and the status it answered."""

    url: str
    status: int


@dataclass(frozen=True, slots=True)
class CheckHistory:
    """What earlier runs recorded about a URL (from the cache)."""

    checks: int = 0
    first_failure: dt.datetime | None = None  # start of the current run of failures
    consecutive_failures: int = 0


@dataclass(frozen=True, slots=True)
class PagePrint:
    """What drift comparison and claim evidence need of one page: its title and main text.

    ``text`` is the article's main text, normalised to lower-case words and numbers separated by
    single spaces (see ``linkaudit.drift.text``), and cut at a bound.
    """

    title: str | None
    text: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The liveness verdict for one normalised URL, with its evidence."""

    url: str
    status: LinkStatus
    reason: str  # one line a person can act on: "HTTP 404", "redirected to site root"
    checked_at: dt.datetime
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[Hop, ...] = ()
    permanent_redirect: bool = False
    error_kind: str | None = None  # e.g. "dns", "refused", "timeout", "tls", "reset"
    error: str | None = None
    elapsed: float = 0.0  # seconds
    content_type: str | None = None
    title: str | None = None
    attempts: int = 1
    from_cache: bool = False
    history: CheckHistory = CheckHistory()  # frozen: one empty history shared by every result without one
    page: PagePrint | None = None  # the live page's print, kept when drift is compared
