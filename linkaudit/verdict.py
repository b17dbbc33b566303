"""Claim verdicts: does each claim still have a source a reader can follow?

- backed: at least one source is alive (or redirected to the same page) and still carries the
  claim: its main text is unchanged since the capture from the time of the piece, or changed but
  with the claim's evidence still there; a source that could not be compared counts as today;
- drifted: sources are up, but every live one changed or was replaced since publication, and a
  capture from the time holds what the piece cited;
- archived: no live source, but at least one has a 200 capture in an archive;
- unbacked: every source is gone for sure (dead or soft-404), none has a capture, and every
  archive asked gave a real "no capture" answer;
- unverified: anything else: a source only blocked, failing, skipped, internal or unchecked, or an
  archive that could not be asked or did not answer.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

from linkaudit.drift import still_backs
from linkaudit.models import (
    ArchiveOutcome,
    ClaimVerdict,
    DriftStatus,
    LinkAudit,
    LinkStatus,
    RecordView,
    Verdict,
)

__all__ = ["JudgedClaims", "count_statuses", "count_verdicts", "judge_claims"]


def judge_claims(links: Sequence[LinkAudit]) -> tuple[ClaimVerdict, ...]:
    """One verdict per claim, in order of the claim's first citation; ``links`` index ``links``."""
    firsts, others = _group(links)
    reasons: dict[str, str] = {}  # a reason is held once however many claims give it
    return tuple(_claim(links, others.get(claim_id) or (first,), reasons) for claim_id, first in firsts.items())


class JudgedClaims(RecordView[ClaimVerdict]):
    """``judge_claims(links)`` made claim by claim as it is read. What is held is columns, not a
    record per claim: each claim's first link, the links of the few claims with more than one,
    and each claim's verdict and reason, judged once (reports read them several times); the
    reason strings are shared between the claims that give the same one."""

    __slots__ = ("_firsts", "_links", "_others", "_reasons", "_verdicts")

    def __init__(self, links: Sequence[LinkAudit]) -> None:
        firsts, others = _group(links)
        self._links = links
        self._firsts = array("i", firsts.values())
        self._others = {firsts[claim_id]: tuple(indexes) for claim_id, indexes in others.items()}
        self._verdicts = bytearray()
        self._reasons: list[str] = []
        shared: dict[str, str] = {}
        for first in self._firsts:
            verdict, reason = _judge([links[i] for i in self._others.get(first) or (first,)])
            self._verdicts.append(_VERDICTS.index(verdict))
            self._reasons.append(shared.setdefault(reason, reason))

    def __len__(self) -> int:
        return len(self._firsts)

    def _item(self, position: int) -> ClaimVerdict:
        first = self._firsts[position]
        citation = self._links[first].citation
        return ClaimVerdict(
            citation.claim_id,
            citation.claim,
            citation.location.line,
            _VERDICTS[self._verdicts[position]],
            self._reasons[position],
            self._others.get(first) or (first,),
        )


_VERDICTS = tuple(Verdict)


def _group(links: Sequence[LinkAudit]) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Each claim's first link by claim id, in order, and every link of the claims with more than
    one: most claims cite one source, and a list per claim is a large piece of a 100,000-link
    audit's peak."""
    firsts: dict[str, int] = {}
    others: dict[str, list[int]] = {}
    for index, link in enumerate(links):
        claim_id = link.citation.claim_id
        if firsts.setdefault(claim_id, index) != index:
            others.setdefault(claim_id, [firsts[claim_id]]).append(index)
    return firsts, others


def _claim(links: Sequence[LinkAudit], indexes: Sequence[int], reasons: dict[str, str] | None = None) -> ClaimVerdict:
    members = [links[i] for i in indexes]
    verdict, reason = _judge(members)
    first = members[0].citation
    if reasons is not None:
        reason = reasons.setdefault(reason, reason)
    return ClaimVerdict(first.claim_id, first.claim, first.location.line, verdict, reason, tuple(indexes))


def count_verdicts(claims: Iterable[ClaimVerdict]) -> dict[str, int]:
    """Every verdict (zero included, in the enum's order), then any other value found: a verdict a
    later version adds still counts. Keys are the words reports print (a Verdict is its own text)."""
    counts = Counter(claim.verdict.value for claim in claims)
    known: dict[str, int] = {verdict: counts.pop(verdict.value, 0) for verdict in Verdict}
    return known | dict(counts)


def count_statuses(links: Iterable[LinkAudit]) -> dict[LinkStatus, int]:
    counts = Counter(link.check.status for link in links if link.check is not None)
    return {status: counts.get(status, 0) for status in LinkStatus}


def _judge(members: Sequence[LinkAudit]) -> tuple[Verdict, str]:
    total = len(members)
    live = [m for m in members if m.check is not None and m.check.status.is_live]
    backing = [m for m in live if still_backs(m.drift, m.evidence)]
    if backing:
        return Verdict.BACKED, f"{_live_phrase(live, total)}{_drift_note(backing)}"
    if live:
        return Verdict.DRIFTED, _drifted_reason(live, total)
    archived = [m for m in members if _has_capture(m)]
    if archived:
        return Verdict.ARCHIVED, _archived_reason(archived, total)
    gone = [m for m in members if m.check is not None and m.check.status.is_gone]
    answered = all(m.archive is not None and m.archive.outcome is ArchiveOutcome.NO_CAPTURE for m in members)
    if len(gone) == total and answered:
        return Verdict.UNBACKED, f"{_gone_phrase(gone, total)}; {_no_capture_phrase(members)}"
    return Verdict.UNVERIFIED, _unverified_reason(members, gone, total)


def _drift_note(backing: Sequence[LinkAudit]) -> str:
    """What the comparison said about the sources that back the claim, if anything."""
    statuses = [m.drift.status for m in backing if m.drift is not None]
    if not statuses:
        return ""
    if DriftStatus.UNCHANGED in statuses:
        return "; unchanged since the piece"
    if DriftStatus.CHANGED in statuses:
        return "; changed since the piece, but what it cites is still there"
    return "; not compared with a capture"


def _drifted_reason(live: Sequence[LinkAudit], total: int) -> str:
    first = live[0]
    assert first.drift is not None and first.drift.capture is not None
    kinds = Counter(m.drift.status.value for m in live if m.drift is not None)
    state = " or ".join(sorted(kinds))
    missing = [e.text for m in live for e in m.evidence if e.capture and e.live is False]
    gone = f"; no longer there: {', '.join(repr(text) for text in dict.fromkeys(missing))}" if missing else ""
    snapshot = first.drift.capture
    return f"{len(live)} of {total} {_sources(total)} alive but {state} since the piece{gone}; capture of {_day(snapshot.timestamp)}: {snapshot.url}"


def _day(timestamp: str) -> str:
    return f"{timestamp[:4]}-{timestamp[4:6]}-{timestamp[6:8]}"


def _live_phrase(live: Sequence[LinkAudit], total: int) -> str:
    """"1 of 1 source alive", or "redirected to a live page" when that is what it is."""
    moved = sum(1 for m in live if m.check is not None and m.check.status is LinkStatus.REDIRECTED)
    if not moved:
        return f"{len(live)} of {total} {_sources(total)} alive"
    if moved == len(live):
        return f"{len(live)} of {total} {_sources(total)} redirected to a live page"
    return f"{len(live)} of {total} {_sources(total)} live ({moved} redirected)"


def _sources(count: int) -> str:
    return "source" if count == 1 else "sources"


def _has_capture(link: LinkAudit) -> bool:
    return link.archive is not None and link.archive.outcome is ArchiveOutcome.FOUND and link.archive.snapshot is not None


def _archived_reason(archived: Sequence[LinkAudit], total: int) -> str:
    snapshot = archived[0].archive.snapshot  # type: ignore[union-attr]
    assert snapshot is not None
    when = _day(snapshot.timestamp)
    where = "the Wayback Machine" if snapshot.archive == "wayback" else snapshot.archive
    side = "before" if snapshot.relation == "before" else "after"
    distance = f"{snapshot.distance_days} day{'s' if snapshot.distance_days != 1 else ''} {side} publication"
    return f"no live source; {len(archived)} of {total} archived (capture of {when} in {where}, {distance})"


def _gone_phrase(gone: Sequence[LinkAudit], total: int) -> str:
    kinds = Counter(m.check.status for m in gone if m.check is not None)
    if set(kinds) == {LinkStatus.SOFT_404}:
        return f"{len(gone)} of {total} {_sources(total)} soft-404"
    if set(kinds) == {LinkStatus.DEAD}:
        return f"{len(gone)} of {total} {_sources(total)} dead"
    return f"{len(gone)} of {total} {_sources(total)} dead or soft-404"


def _no_capture_phrase(members: Sequence[LinkAudit]) -> str:
    details = {m.archive.detail for m in members if m.archive is not None and m.archive.detail}
    if len(details) == 1:
        return details.pop()
    return "no capture in the archives asked"


def _unverified_reason(members: Sequence[LinkAudit], gone: Sequence[LinkAudit], total: int) -> str:
    parts: list[str] = []
    if gone:
        parts.append(_gone_phrase(gone, total))
    statuses = Counter(_link_state(m) for m in members if not (m.check is not None and m.check.status.is_gone))
    parts.extend(f"{count} {state}" for state, count in statuses.items())
    unreachable = [m.archive.detail for m in members if m.archive is not None and m.archive.outcome is ArchiveOutcome.UNREACHABLE]
    not_asked = sum(1 for m in members if m.archive is None or m.archive.outcome is ArchiveOutcome.NOT_ASKED)
    if unreachable:
        parts.append(f"archive unreachable ({unreachable[0]})" if unreachable[0] else "archive unreachable")
    if not_asked:
        parts.append("archive not asked" if not_asked == total else f"archive not asked for {not_asked}")
    return "; ".join(parts) or "could not be verified"


def _link_state(link: LinkAudit) -> str:
    if link.citation.internal:
        return "internal (not checked)"
    if link.check is None:
        return "not checked"
    return str(link.check.status)
