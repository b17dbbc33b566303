"""The sentences every report format says alike: what a source answered, its capture, its drift,
where the publication date came from, and what fails the build."""

from __future__ import annotations

from linkaudit.models import CheckResult, DateBound, DateSource, LinkAudit, LinkStatus, PublicationDate, Snapshot
from linkaudit.policy import Policy
from linkaudit.report.safe_text import clean

__all__ = [
    "capture_date",
    "capture_phrase",
    "drift_summary",
    "fail_on_words",
    "fails_the_build",
    "nothing_fails",
    "published_phrase",
    "reason_beyond_status",
    "status_phrase",
]


def reason_beyond_status(check: CheckResult) -> str:
    """The check's reason without repeating the HTTP status shown beside it ("gone", not "HTTP 410 (gone)")."""
    reason = check.reason
    prefix = f"HTTP {check.http_status}"
    if check.http_status is None or not reason.startswith(prefix):
        return reason
    rest = reason[len(prefix) :].lstrip(" :")
    if rest.startswith("(") and rest.endswith(")") and rest.count("(") == 1:
        rest = rest[1:-1]
    return rest


def status_phrase(check: CheckResult) -> str:
    """What the source answered, said once: "HTTP 404 (not found)", "timed out after 3 attempts"."""
    reason = " ".join(clean(check.reason).split())
    if check.http_status is None or reason.startswith(f"HTTP {check.http_status}"):
        return reason
    if check.status.is_live and check.status is LinkStatus.ALIVE:
        return f"HTTP {check.http_status}"
    return f"HTTP {check.http_status}: {reason}"


def capture_date(snapshot: Snapshot) -> str:
    stamp = snapshot.timestamp
    return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"


def capture_phrase(snapshot: Snapshot) -> str:
    """"archived copy of 2021-03-02, 13 days before publication" (the URL goes on a line of its own)."""
    days = f"{snapshot.distance_days} day{'s' if snapshot.distance_days != 1 else ''}"
    side = "before" if snapshot.relation == "before" else "after"
    return f"archived copy of {capture_date(snapshot)}, {days} {side} publication"


def drift_summary(link: LinkAudit) -> str:
    """One line on a source's drift and, once compared, the claim's evidence; "" when not asked:
    "changed since the capture of 2021-03-02 (13% of the captured text gone or reworded);
    quote 'beautiful letters': not live, in capture; number 40: live, in capture"."""
    drift = link.drift
    if drift is None:
        return ""
    if not drift.compared:
        return clean(f"not compared ({drift.reason})")  # evidence without a capture decides nothing
    when = f" the capture of {capture_date(drift.capture)}" if drift.capture else " the capture"
    head = f"{drift.status.value} since{when} ({drift.reason})" if drift.status.value != "unchanged" else f"unchanged since{when}"
    found = [
        f"{item.kind} {item.text!r}: "
        + ", ".join(part for part in (_where("live", item.live), _where("in capture", item.capture)) if part)
        for item in link.evidence
        if item.live is not None or item.capture is not None
    ]
    return "; ".join([clean(head), *(clean(part) for part in found)])


def _where(label: str, found: bool | None) -> str:
    if found is None:
        return ""
    return label if found else f"not {label}"


_DATE_SOURCE_WORDS = {
    DateSource.OPTION: "--published",
    DateSource.FRONT_MATTER: "front matter",
    DateSource.HTML_METADATA: "HTML metadata",
    DateSource.TEXT_HEADER: "the text's header",
    DateSource.PIECE_URL: "the piece's URL",
    DateSource.GIT: "the first git commit",
}


def published_phrase(published: PublicationDate | None, not_before: DateBound | None = None) -> str:
    """"published 2021-03-15 (from front matter 'date')": where the date came from, said once.
    A bound is never said as the date: "publication date unknown; not before 2019-08-11 (...)"."""
    if published is None and not_before is not None:
        detail = " ".join(clean(not_before.detail).split())
        origin = f"the cited URLs: {detail}" if detail else "the cited URLs"
        return f"publication date unknown; not before {not_before.date.isoformat()} (a bound from {origin})"
    if published is None:
        return "publication date unknown"
    prefix = "published"
    words = _DATE_SOURCE_WORDS.get(published.source, str(published.source).replace("-", " "))
    detail = " ".join(clean(published.detail).split())
    if not detail:
        origin = words
    elif detail.casefold().startswith(words.casefold()) or words.casefold().removeprefix("the ") in detail.casefold():
        origin = detail  # the detail already names where it came from
    else:
        origin = f"{words}: {detail}"
    return f"{prefix} {published.date.isoformat()} (from {origin})"


def fails_the_build(errors: int) -> str:
    """"1 problem fails the build", "3 problems fail the build": every format says it alike."""
    return f"{errors} problem{'s fail' if errors != 1 else ' fails'} the build"


def nothing_fails(*, complete: bool) -> str:
    return "Nothing fails the build" if complete else "Nothing fails the build so far"


def fail_on_words(policy: Policy) -> str:
    """What the policy fails on, as "fail on: …" shows it."""
    return ", ".join(sorted(policy.fail_on))
