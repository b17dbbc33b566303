"""CI formats: SARIF 2.1.0, JUnit XML and GitHub workflow commands."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from report_fixture import assert_golden, fixed_report

from linkaudit.policy import FAIL_ON_CHOICES, Policy, findings
from linkaudit.report import render
from linkaudit.report.places import places
from linkaudit.report.github import escape_data, escape_property
from linkaudit.report.sarif import sarif_uri

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-2.1.0.schema.json"


def _sarif(policy: Policy | None = None) -> dict:
    return json.loads(render(fixed_report(), "sarif", policy=policy))


# -- SARIF -----------------------------------------------------------------------------------


def test_sarif_matches_the_golden_file() -> None:
    assert_golden("report.sarif", render(fixed_report(), "sarif") + "\n")


def test_sarif_validates_against_the_sarif_2_1_0_schema() -> None:
    import jsonschema  # here: a tenth of a second of imports that only this test needs, not every worker's

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(_sarif())


def test_sarif_has_one_rule_per_status_and_verdict_and_one_result_per_place() -> None:
    run = _sarif()["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert sorted(rules) == sorted(f"linkaudit/{name}" for name in FAIL_ON_CHOICES)
    report = fixed_report()
    assert len(run["results"]) == len(places(report, Policy())) < len(findings(report, Policy()))
    spots = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["locations"][0]["physicalLocation"]["region"]["startLine"], r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in run["results"]]
    assert len(spots) == len(set(spots)), "one result per place"
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]


def test_a_sarif_result_carries_the_claim_verdict_and_the_source_status() -> None:
    results = _sarif()["runs"][0]["results"]
    envoy = next(r for r in results if r["locations"][0]["physicalLocation"]["region"] == {"startLine": 15, "startColumn": 20})
    assert envoy["ruleId"] == "linkaudit/unbacked" and envoy["level"] == "error"
    assert envoy["properties"]["findings"] == ["unbacked", "dead"]
    text = envoy["message"]["text"]
    assert "Claim unbacked: 2 of 2 sources dead or soft-404" in text
    assert "Source dead: https://paper.example.com/envoy \u2014 HTTP 410\n" in text


def test_sarif_locations_and_levels_follow_the_policy() -> None:
    results = _sarif(Policy(fail_on=frozenset({"dead"})))["runs"][0]["results"]
    dead = [r for r in results if "dead" in r["properties"]["findings"]]
    assert {r["level"] for r in dead} == {"error"}
    assert {r["level"] for r in results if r not in dead} == {"warning"}
    where = [r["locations"][0]["physicalLocation"] for r in dead]
    assert {"artifactLocation": {"uri": "pieces/korea.md"}, "region": {"startLine": 9, "startColumn": 12}} in where


def test_a_verdict_the_rule_table_does_not_know_still_gets_a_rule() -> None:
    import dataclasses

    from linkaudit.report.sarif import sarif_log

    report = fixed_report()
    korea = report.documents[0]
    claims = (*korea.claims[:4], dataclasses.replace(korea.claims[4], verdict="disputed"))  # type: ignore[arg-type]
    report = dataclasses.replace(report, documents=(dataclasses.replace(korea, claims=claims),))

    log = sarif_log(report, Policy())
    rules = [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]


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


def test_github_annotates_each_place_once_with_the_policy_level() -> None:
    lines = render(fixed_report(), "github").splitlines()
    assert len(lines) == len(places(fixed_report(), Policy())) < len(findings(fixed_report(), Policy()))
    envoy = [line for line in lines if "line=15,col=20," in line]
    assert len(envoy) == 1, "the unbacked claim and its dead source at one place are one annotation"
    assert envoy[0].startswith("::error file=pieces/korea.md,line=15,col=20,title=linkaudit%3A unbacked claim%2C dead source::")
    assert "Claim unbacked: 2 of 2 sources dead or soft-404" in envoy[0]
    assert "%0ASource dead: https://paper.example.com/envoy \u2014 HTTP 410%0A" in envoy[0]
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)


def test_a_piece_named_like_a_file_is_annotated_with_file() -> None:
    import dataclasses

    report = fixed_report()
    named = dataclasses.replace(report.documents[0], path=None, source="demo-piece.md")
    lines = render(dataclasses.replace(report, documents=(named,)), "github").splitlines()
    assert lines and all("file=demo-piece.md," in line for line in lines)
    web = render(dataclasses.replace(report, documents=(report.documents[1],)), "github").splitlines()
    assert web and not [line for line in web if "file=" in line]
    assert all("https://news.example.net/2024/05/oped:" in line for line in web)


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
        ("demo-piece.md", None, "demo-piece.md"),
    ],
)
def test_sarif_locations_are_uri_references(source: str, path: str | None, uri: str) -> None:
    import dataclasses

    document = dataclasses.replace(fixed_report().documents[0], source=source, path=path)
    assert sarif_uri(document) == uri


def test_an_annotation_says_when_a_dead_source_is_not_yet_confirmed() -> None:
    lines = render(fixed_report(), "github", policy=Policy(confirm=5)).splitlines()
    envoy = next(line for line in lines if "line=15,col=20," in line)
    assert envoy.startswith("::warning ")  # an unbacked claim on unconfirmed sources does not fail yet
    assert "(not yet confirmed: --confirm 5)" in envoy
    assert "%0ANot yet confirmed: 3 of 5 consecutive failing checks; dead since 2024-05-29" in envoy
