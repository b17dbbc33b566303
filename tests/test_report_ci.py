"""CI formats: SARIF 2.1.0, JUnit XML and GitHub workflow commands."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from report_fixture import assert_golden, fixed_report

from linkaudit.policy import FAIL_ON_CHOICES, Finding, Policy, findings
from linkaudit.report import render
from linkaudit.report.github import escape_data, escape_property
from linkaudit.report.sarif import sarif_uri

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-2.1.0.schema.json"


def _sarif(policy: Policy | None = None) -> dict:
    return json.loads(render(fixed_report(), "sarif", policy=policy))


# -- SARIF -----------------------------------------------------------------------------------


def test_sarif_matches_the_golden_file() -> None:
    assert_golden("report.sarif", render(fixed_report(), "sarif") + "\n")


def test_sarif_validates_against_the_sarif_2_1_0_schema() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(_sarif())


def test_sarif_has_one_rule_per_status_and_verdict_and_one_result_per_finding() -> None:
    run = _sarif()["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert sorted(rules) == sorted(f"linkaudit/{name}" for name in FAIL_ON_CHOICES)
    assert len(run["results"]) == len(findings(fixed_report(), Policy()))
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]


def test_sarif_locations_and_levels_follow_the_policy() -> None:
    results = _sarif(Policy(fail_on=frozenset({"dead"})))["runs"][0]["results"]
    dead = [r for r in results if r["ruleId"] == "linkaudit/dead"]
    assert {r["level"] for r in dead} == {"error"}
    assert {r["level"] for r in results if r not in dead} == {"warning"}
    where = dead[0]["locations"][0]["physicalLocation"]
    assert where == {"artifactLocation": {"uri": "pieces/korea.md"}, "region": {"startLine": 9, "startColumn": 12}}


# -- JUnit -----------------------------------------------------------------------------------


def _junit() -> ET.Element:
    return ET.fromstring(render(fixed_report(), "junit").encode("utf-8"))


def test_junit_matches_the_golden_file() -> None:
    assert_golden("report.junit.xml", render(fixed_report(), "junit"))


def test_junit_has_one_test_case_per_citation() -> None:
    root = _junit()
    cases = root.findall(".//testcase")
    assert len(cases) == 12 and root.get("tests") == "12"
    first = cases[0]
    assert first.get("classname") == "pieces/korea.md"
    assert first.get("name") == "both sides said <https://example.org/report>"


def test_junit_fails_what_the_policy_fails_and_skips_what_was_skipped() -> None:
    root = _junit()
    failed = [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
    assert failed == ["resigned <https://paper.example.com/envoy>", "after the summit <https://blog.example.com/envoy>"]
    skipped = [c.get("name") for c in root.iter("testcase") if c.find("skipped") is not None]
    assert skipped == ["our own site </about/survey>", "a report we excluded <https://internal.example.net/report>"]
    assert all(c.find("system-out") is not None for c in root.iter("testcase"))
    assert "\x1b" not in render(fixed_report(), "junit")


# -- GitHub ----------------------------------------------------------------------------------


def test_github_matches_the_golden_file() -> None:
    assert_golden("report.github.txt", render(fixed_report(), "github"))


def test_github_annotates_the_exact_line_with_the_policy_level() -> None:
    lines = render(fixed_report(), "github").splitlines()
    assert len(lines) == len(findings(fixed_report(), Policy()))
    assert "::error file=pieces/korea.md,line=15,col=20,title=linkaudit%3A unbacked::claim unbacked" in "\n".join(lines)
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)


def test_github_escaping() -> None:
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


@given(st.text())
def test_escaped_text_never_breaks_the_command_line(text: str) -> None:
    escaped = escape_property(text)
    assert not {"\r", "\n", ",", ":"} & set(escaped)
    decoded = escaped.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
    assert decoded == text


@pytest.mark.parametrize(
    ("source", "path", "uri"),
    [
        ("posts/my piece.md", "posts/my piece.md", "posts/my%20piece.md"),
        ("/elsewhere/a b.md", "/elsewhere/a b.md", "file:///elsewhere/a%20b.md"),
        ("<stdin>", None, "%3Cstdin%3E"),
        ("https://site.example/post", None, "https://site.example/post"),
    ],
)
def test_sarif_locations_are_uri_references(source: str, path: str | None, uri: str) -> None:
    finding = Finding(source, path, 1, 1, "error", "dead", "dead source", "https://x.example/", "c1")
    assert sarif_uri(finding) == uri
