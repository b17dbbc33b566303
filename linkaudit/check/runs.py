"""The state of one URL's check between its requests, and the result it ends in.

A URL waiting in a queue is only its ``UrlRun``: no task, no cancel scope. Its per-URL deadline
is kept as the seconds still to spend (``left``), spent only while it is being requested or
waits for a retry, never while it waits for its host's turn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import trio

from linkaudit.check.classify import PERMANENT_REDIRECTS, REDIRECT_STATUSES, ErrorVerdict, classify_status
from linkaudit.check.client import Answer
from linkaudit.check.urls import normalise_url
from linkaudit.models import CheckResult, Hop, LinkStatus, PagePrint

__all__ = ["Handoff", "Outcome", "ProbeJob", "UrlRun", "deadline_result", "error_result", "live_result", "result"]

Outcome = Answer | ErrorVerdict


@dataclass(frozen=True, slots=True)
class Handoff:
    """A check whose redirect chain crossed into another site, to be carried on by the process
    that owns that site (so that every request to a host counts against one per-host limit)."""

    url: str
    target: str
    current: str  # the next URL to request
    hops: tuple[Hop, ...]
    cookies_set: int
    seen: tuple[tuple[str, int], ...]
    elapsed: float  # seconds since the first request
    deadline_left: float  # seconds of the per-URL deadline still to spend


@dataclass(frozen=True, slots=True)
class ProbeJob:
    """A site's nonexistent-path probe, asked ahead of the deep links queued for it."""

    url: str


@dataclass(slots=True, eq=False)
class UrlRun:
    """One URL's check in progress."""

    url: str  # normalised, before remap: the result's key
    target: str  # what is requested (after remap)
    current: str  # the URL of the hop being requested
    left: float  # seconds of the per-URL deadline still to spend
    started: float | None = None  # trio clock at its first request
    parked: float = 0.0  # seconds its answer waited to be judged (the engine's time, not the URL's)
    hops: tuple[Hop, ...] = ()
    attempts: int = 0  # requests for the current hop: the hop that gives the verdict
    timeouts: int = 0  # of those, how many timed out
    last: Outcome | None = None
    # URL -> cookies set before it was visited: coming back with a new cookie (a consent or
    # session wall) is progress, coming back with none is a loop. Made at the first redirect: most
    # URLs never need it, and a queued URL costs only this record.
    cookies_set: int = 0
    seen: dict[str, int] | None = None

    @classmethod
    def fresh(cls, url: str, target: str, deadline: float) -> UrlRun:
        return cls(url, target, target, deadline)

    @classmethod
    def resumed(cls, handoff: Handoff) -> UrlRun:
        return cls(handoff.url, handoff.target, handoff.current, handoff.deadline_left,
                   started=trio.current_time() - handoff.elapsed, hops=handoff.hops,
                   cookies_set=handoff.cookies_set, seen=dict(handoff.seen))

    def handoff(self) -> Handoff:
        elapsed = 0.0 if self.started is None else trio.current_time() - self.started
        return Handoff(self.url, self.target, self.current, self.hops, self.cookies_set,
                       tuple(self.visited().items()), elapsed, self.left)

    def visited(self) -> dict[str, int]:
        """The chain's URLs so far (normalised), made on first use from the URL requested first."""
        if self.seen is None:
            self.seen = {normalise_url(self.target): 0}
        return self.seen

    def next_hop(self, url: str) -> None:
        self.current = url
        self.attempts = self.timeouts = 0


def result(
    run: UrlRun,
    status: LinkStatus,
    reason: str,
    *,
    answer: Answer | None = None,
    title: str | None = None,
    final_url: str | None = None,
    permanent: bool = False,
    error_kind: str | None = None,
    error: str | None = None,
    page: PagePrint | None = None,
) -> CheckResult:
    elapsed = 0.0 if run.started is None else trio.current_time() - run.started - run.parked
    return CheckResult(
        url=run.url,
        status=status,
        reason=reason,
        checked_at=dt.datetime.now(dt.UTC),
        http_status=answer.status if answer is not None else None,
        final_url=final_url or (answer.url if answer is not None else None),
        redirects=run.hops,
        permanent_redirect=permanent,
        error_kind=error_kind,
        error=error,
        elapsed=round(elapsed, 4),
        content_type=answer.content_type if answer is not None else None,
        title=title,
        attempts=max(1, run.attempts),
        page=page,
    )


def live_result(run: UrlRun, answer: Answer, title: str | None, page: PagePrint | None) -> CheckResult:
    moved = bool(run.hops) and normalise_url(answer.url) != normalise_url(run.target)
    if not moved:
        return result(run, LinkStatus.ALIVE, f"HTTP {answer.status}", answer=answer, title=title, page=page)
    permanent = all(hop.status in PERMANENT_REDIRECTS for hop in run.hops)
    kind = "permanently redirected" if permanent else "redirected"
    if run.target != run.url:
        # The address is the mirror's (--remap): no advice to cite it.
        reason = f"{kind} to {answer.url} at the remapped address"
    else:
        reason = f"{kind} to {answer.url}" + ("; update the link" if permanent else "")
    return result(run, LinkStatus.REDIRECTED, reason, answer=answer, title=title, permanent=permanent, page=page)


def error_result(run: UrlRun, url: str, verdict: ErrorVerdict) -> CheckResult:
    reason = verdict.reason
    if run.hops:
        reason = f"{reason} (at redirect hop {len(run.hops)}: {url})"
    if verdict.retryable and run.attempts > 1:
        reason = f"{reason}, {run.attempts} attempts"
    return result(run, verdict.status, reason, final_url=url, error_kind=verdict.kind, error=verdict.reason)


def deadline_result(run: UrlRun, url_deadline: float, accept: frozenset[int]) -> CheckResult:
    limit = f"no verdict within the {url_deadline:g} s per-URL deadline"
    last = run.last
    if isinstance(last, Answer) and last.status not in REDIRECT_STATUSES:
        status, reason = classify_status(last.status, accept)
        return result(run, status, f"{reason}; {limit}", answer=last)
    if isinstance(last, ErrorVerdict):
        return result(run, last.status, f"{last.reason}; {limit}", error_kind=last.kind, error=last.reason)
    return result(run, LinkStatus.FAILING, limit, error_kind="timeout", error="deadline exceeded")
