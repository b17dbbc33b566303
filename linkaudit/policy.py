"""What fails the build: findings, their level under the policy, and the exit code.

Every problem (a citation whose source is dead, soft-404, failing or blocked; a claim that is
unbacked, drifted, unverified or only archived) becomes a ``Finding``. Its level is ``error`` when the
policy's ``fail_on`` names it, else ``warning``: what does not fail is still shown.

``confirm`` guards CI against a flaky network: a source counts as dead or soft-404 only after
that many consecutive failing checks (the cache's history, this run included). Until then the
finding is a warning, and so is an unbacked claim resting on such a source.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from linkaudit.errors import ConfigError
from linkaudit.models import CheckResult, DocumentAudit, LinkAudit, LinkStatus, Report, Verdict
from linkaudit.options import OutputOptions

__all__ = [
    "FAIL_ON_CHOICES",
    "PROBLEM_STATUSES",
    "PROBLEM_VERDICTS",
    "RULE_ORDER",
    "ExitCode",
    "Finding",
    "failure_streak",
    "Policy",
    "exit_code",
    "finding_levels",
    "findings",
    "is_confirmed",
]

# A check result that is a finding; the same results are the ones an archive is asked about.
PROBLEM_STATUSES = (LinkStatus.DEAD, LinkStatus.SOFT_404, LinkStatus.FAILING, LinkStatus.BLOCKED)
PROBLEM_VERDICTS = (Verdict.UNBACKED, Verdict.DRIFTED, Verdict.UNVERIFIED, Verdict.ARCHIVED)

# Worst first: what a reader should look at before anything else.
RULE_ORDER = ("unbacked", "drifted", "dead", "soft-404", "unverified", "failing", "blocked", "archived")
# What --fail-on (and the config's fail_on) accepts: every rule, nothing else.
FAIL_ON_CHOICES = frozenset(RULE_ORDER)

Level = Literal["error", "warning"]
_DEFAULTS = OutputOptions()


class ExitCode(enum.IntEnum):
    OK = 0  # nothing fails under the policy
    FINDINGS = 1  # at least one finding fails under the policy
    USAGE = 2  # usage or input error
    NETWORK = 3  # the audit could not be done: our own network is down


@dataclass(frozen=True)
class Policy:
    # The defaults are the settings' defaults: a Policy built without them judges as the CLI does.
    fail_on: frozenset[str] = _DEFAULTS.fail_on
    confirm: int = _DEFAULTS.confirm

    def __post_init__(self) -> None:
        unknown = sorted(set(self.fail_on) - FAIL_ON_CHOICES)
        if unknown:
            raise ConfigError(f"unknown --fail-on value(s): {', '.join(unknown)}; choose from {', '.join(sorted(FAIL_ON_CHOICES))}")
        if self.confirm < 1:
            raise ConfigError(f"--confirm must be at least 1, not {self.confirm}")


@dataclass(frozen=True)
class Finding:
    source: str
    path: str | None
    line: int
    column: int
    level: Level
    rule: str  # a status or verdict value, e.g. "dead", "unbacked"
    message: str
    url: str | None  # the cited URL; None for a claim finding
    claim_id: str


def is_confirmed(link: LinkAudit, policy: Policy) -> bool:
    """Whether a gone source has failed often enough to count as gone under ``policy``."""
    if link.check is None or not link.check.status.is_gone:
        return False
    return policy.confirm <= 1 or link.check.history.consecutive_failures >= policy.confirm


def findings(report: Report, policy: Policy) -> list[Finding]:
    """Every problem citation and claim of the report, in reading order (claim before its sources)."""
    found: list[Finding] = []
    for document in report.documents:
        found.extend(sorted(_document_findings(document, policy), key=_reading_order))
    return found


def finding_levels(report: Report, policy: Policy) -> Counter[str]:
    """How many findings of each level (error, warning), counted one at a time: a report of
    100,000 problem links need not become 100,000 findings at once to be counted."""
    return Counter(finding.level for document in report.documents for finding in _document_findings(document, policy))


def exit_code(report: Report, policy: Policy) -> int:
    failing = finding_levels(report, policy)["error"] > 0
    return ExitCode.FINDINGS if failing else ExitCode.OK


def _reading_order(finding: Finding) -> tuple[int, int, int]:
    return (finding.line, finding.column, 0 if finding.url is None else 1)


def _document_findings(document: DocumentAudit, policy: Policy) -> Iterator[Finding]:
    for link in document.links:
        if link.check is not None and link.check.status in PROBLEM_STATUSES:
            yield _citation_finding(document, link, policy)
    for claim in document.claims:
        if claim.verdict not in PROBLEM_VERDICTS or not claim.links:
            continue
        members = [document.links[i] for i in claim.links if 0 <= i < len(document.links)]
        first = members[0].citation.location if members else None
        fails = claim.verdict.value in policy.fail_on
        note = ""
        if claim.verdict is Verdict.UNBACKED and not all(is_confirmed(m, policy) for m in members):
            fails = False
            note = f" (not yet confirmed: --confirm {policy.confirm})"
        yield Finding(
            source=document.source,
            path=document.path,
            line=first.line if first else claim.line,
            column=first.column if first else 1,
            level="error" if fails else "warning",
            rule=claim.verdict.value,
            message=f"claim {claim.verdict.value}: {claim.reason}{note}: \u201c{_shorten(claim.text, 160)}\u201d",
            url=None,
            claim_id=claim.claim_id,
        )


def _citation_finding(document: DocumentAudit, link: LinkAudit, policy: Policy) -> Finding:
    check = link.check
    assert check is not None
    citation = link.citation
    status = check.status.value
    fails = status in policy.fail_on
    note = ""
    if check.status.is_gone and not is_confirmed(link, policy):
        fails = False
        failures = check.history.consecutive_failures
        note = f"; not yet confirmed: {failures} of {policy.confirm} consecutive failing checks"
    if streak := failure_streak(check):
        note += f"; {streak}"
    capture = ""
    if link.archive is not None and link.archive.snapshot is not None:
        capture = f"; archived copy: {link.archive.snapshot.url}"
    return Finding(
        source=document.source,
        path=document.path,
        line=citation.location.line,
        column=citation.location.column,
        level="error" if fails else "warning",
        rule=status,
        message=f"{status} source {citation.url} ({check.reason}){note}{capture}; cited as \u201c{_shorten(citation.anchor, 80)}\u201d",
        url=citation.url,
        claim_id=citation.claim_id,
    )


def failure_streak(check: CheckResult | None) -> str:
    """"dead since 2026-11-01, failing in 3 checks in a row", or "" unless it failed before."""
    if check is None or not check.status.is_gone and check.status is not LinkStatus.FAILING:
        return ""
    history = check.history
    if history.consecutive_failures < 2 or history.first_failure is None:
        return ""
    return (
        f"{check.status.value} since {history.first_failure:%Y-%m-%d}, "
        f"failing in {history.consecutive_failures} checks in a row"
    )


def _shorten(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"
