"""JUnit XML: one test case per citation, so CI dashboards list every source.

A case fails when a finding about it (its own status, or its claim's verdict) fails the build
under the policy; skipped and internal links are skipped cases; warnings and the check's reason
go to system-out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from linkaudit.models import DocumentAudit, LinkAudit, Report, LinkStatus
from linkaudit.policy import Finding, Policy, findings
from linkaudit.report.common import INTERNAL, UNCHECKED, link_state
from linkaudit.report.places import artifact_path
from linkaudit.report.safe_text import clean

__all__ = ["render_junit"]

_SKIPPED_STATES = {LinkStatus.SKIPPED.value, INTERNAL, UNCHECKED}


def render_junit(report: Report, *, policy: Policy | None = None) -> str:
    found = findings(report, policy or Policy())
    root = ET.Element("testsuites", name="linkaudit")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for document in report.documents:
        suite = _suite(document, report, [f for f in found if f.source == document.source])
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(document: DocumentAudit, report: Report, found: list[Finding]) -> ET.Element:
    suite = ET.Element("testsuite", name=clean(document.source), timestamp=report.generated_at.isoformat())
    failures = skipped = 0
    for link in document.links:
        related = [f for f in found if _concerns(f, link)]
        case = _case(document, link, related)
        failures += case.find("failure") is not None
        skipped += case.find("skipped") is not None
        suite.append(case)
    suite.set("tests", str(len(document.links)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return suite


def _concerns(finding: Finding, link: LinkAudit) -> bool:
    citation = link.citation
    if finding.url is None:
        return finding.claim_id == citation.claim_id
    return (finding.url, finding.line, finding.column) == (citation.url, citation.location.line, citation.location.column)


def _case(document: DocumentAudit, link: LinkAudit, related: list[Finding]) -> ET.Element:
    citation = link.citation
    case = ET.Element(
        "testcase",
        classname=clean(document.source),
        name=clean(f"{citation.anchor} <{citation.url}>"),
        file=clean(artifact_path(document.path) if document.path else document.source),
        line=str(citation.location.line),
        time=f"{link.check.elapsed:.3f}" if link.check else "0.000",
    )
    state = link_state(link)
    errors = [f for f in related if f.level == "error"]
    if errors:
        failure = ET.SubElement(case, "failure", message=clean(errors[0].message), type=f"linkaudit/{errors[0].rule}")
        failure.text = "\n".join(clean(f.message) for f in errors)
    elif state in _SKIPPED_STATES:
        reason = link.check.reason if link.check else ("internal link: not checked" if state == INTERNAL else "not checked")
        ET.SubElement(case, "skipped", message=clean(reason))
    out = [f"{citation.location.line}:{citation.location.column} {state}: {link.check.reason if link.check else 'not checked'}"]
    out += [f"warning: {f.message}" for f in related if f.level == "warning"]
    ET.SubElement(case, "system-out").text = clean("\n".join(out))
    return case
