"""The CI policy: what is a finding, which findings fail the build, and the exit code."""

from __future__ import annotations

import dataclasses

import pytest
from report_fixture import fixed_report, korea_document

from linkaudit.errors import ConfigError
from linkaudit.models import CheckHistory, LinkStatus, Report
from linkaudit.policy import FAIL_ON_CHOICES, ExitCode, Policy, exit_code, findings, is_confirmed
from linkaudit.settings import Settings


def _rules(report: Report, policy: Policy, level: str) -> list[str]:
    return [f.rule for f in findings(report, policy) if f.level == level]


def test_default_policy_fails_only_on_unbacked_claims() -> None:
    report = fixed_report()
    assert _rules(report, Policy(), "error") == ["unbacked"]
    assert exit_code(report, Policy()) == ExitCode.FINDINGS


def test_every_problem_is_a_finding_and_what_does_not_fail_is_a_warning() -> None:
    found = findings(fixed_report(), Policy())
    assert sorted({f.rule for f in found}) == sorted(FAIL_ON_CHOICES)
    assert {f.level for f in found if f.rule != "unbacked"} == {"warning"}


def test_healthy_sources_are_never_findings() -> None:
    urls = {f.url for f in findings(fixed_report(), Policy(fail_on=FAIL_ON_CHOICES))}
    assert "https://example.org/report" not in urls
    assert "http://old.example.com/a" not in urls
    assert "https://internal.example.net/report" not in urls  # skipped by the user's choice


@pytest.mark.parametrize("rule", sorted(FAIL_ON_CHOICES))
def test_each_fail_on_choice_turns_its_findings_into_errors(rule: str) -> None:
    errors = _rules(fixed_report(), Policy(fail_on=frozenset({rule})), "error")
    assert errors and set(errors) == {rule}


def test_nothing_fails_when_the_policy_names_nothing_present() -> None:
    report = Report(documents=(), generated_at=fixed_report().generated_at, tool_version="0")
    assert findings(report, Policy()) == []
    assert exit_code(report, Policy(fail_on=FAIL_ON_CHOICES)) == ExitCode.OK


def test_findings_carry_the_exact_place_of_the_citation() -> None:
    dead = next(f for f in findings(fixed_report(), Policy()) if f.url == "https://gov.example.kr/press/123")
    assert (dead.path, dead.line, dead.column, dead.rule) == ("pieces/korea.md", 9, 12, "dead")
    assert "HTTP 404" in dead.message and "web.archive.org" in dead.message


def test_confirm_keeps_a_source_with_too_few_failures_a_warning() -> None:
    # The unbacked claim rests on a dead source with 3 failures and a soft-404 with only 1.
    policy = Policy(fail_on=frozenset({"dead", "soft-404", "unbacked"}), confirm=2)
    found = findings(fixed_report(), policy)
    by_url = {f.url: f for f in found if f.url}
    assert by_url["https://paper.example.com/envoy"].level == "error"
    assert by_url["https://blog.example.com/envoy"].level == "warning"
    assert "not yet confirmed: 1 of 2" in by_url["https://blog.example.com/envoy"].message
    unbacked = next(f for f in found if f.rule == "unbacked")
    assert unbacked.level == "warning"


def test_confirm_is_met_once_the_history_has_enough_consecutive_failures() -> None:
    document = korea_document()
    link = document.links[5]
    assert link.check is not None and link.check.status is LinkStatus.SOFT_404
    assert not is_confirmed(link, Policy(confirm=2))
    seasoned = dataclasses.replace(link, check=dataclasses.replace(link.check, history=CheckHistory(4, None, 2)))
    assert is_confirmed(seasoned, Policy(confirm=2))


def test_without_a_cache_confirm_1_still_counts_a_dead_source() -> None:
    link = korea_document().links[4]
    fresh = dataclasses.replace(link, check=dataclasses.replace(link.check, history=CheckHistory()))  # type: ignore[arg-type]
    assert is_confirmed(fresh, Policy())


def test_bad_policies_are_config_errors_naming_the_value() -> None:
    with pytest.raises(ConfigError, match="sometimes"):
        Policy(fail_on=frozenset({"sometimes"}))
    with pytest.raises(ConfigError, match="confirm"):
        Policy(confirm=0)


def test_exit_codes_are_the_documented_numbers() -> None:
    assert [int(code) for code in ExitCode] == [0, 1, 2, 3]


def test_a_failure_streak_is_told_only_after_repeated_failures() -> None:
    import datetime as dt

    from linkaudit.models import CheckHistory, CheckResult, LinkStatus
    from linkaudit.policy import failure_streak

    since = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)

    def check(status: LinkStatus, failures: int) -> CheckResult:
        history = CheckHistory(checks=5, first_failure=since, consecutive_failures=failures)
        return CheckResult(url="https://x.example/", status=status, reason="r", checked_at=since, history=history)

    assert failure_streak(check(LinkStatus.DEAD, 3)) == "dead since 2026-11-01, failing in 3 checks in a row"
    assert failure_streak(check(LinkStatus.FAILING, 2)).startswith("failing since 2026-11-01")
    assert failure_streak(check(LinkStatus.DEAD, 1)) == ""
    assert failure_streak(check(LinkStatus.ALIVE, 0)) == ""
    assert failure_streak(None) == ""


def test_a_policy_built_without_options_judges_as_the_default_settings_do() -> None:
    defaults = Settings()
    assert Policy() == Policy(fail_on=defaults.output.fail_on, confirm=defaults.output.confirm)
