"""SARIF 2.1.0 for code scanning: one result per problem place, one rule per kind.

A place is a citation's line and column in a piece: its claim's verdict and its source's status
there make one result, whose rule is the worse of the two (the other is named in the message and
in the result's properties). Rule ids are "linkaudit/<status or verdict>"; a result's level comes
from the policy (error when it fails the build, else warning). A verdict or status unknown to the
rule table still gets a rule, described generically.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from linkaudit.models import DocumentAudit, Report
from linkaudit.policy import RULE_ORDER, Policy
from linkaudit.report.places import Place, annotation_file, places
from linkaudit.report.safe_text import clean
from linkaudit.options import PROJECT_URL

__all__ = ["RULES", "SARIF_SCHEMA_URI", "render_sarif", "sarif_log", "sarif_uri"]

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"

# rule -> (name, short description, full description)
RULES: dict[str, tuple[str, str, str]] = {
    "unbacked": (
        "UnbackedClaim",
        "A claim has no source a reader can follow.",
        "Every source of the claim is dead or a soft 404, and the web archives asked hold no capture of any of them.",
    ),
    "drifted": (
        "DriftedClaim",
        "A claim's sources are up but no longer say what the piece cited.",
        "Every live source of the claim changed or was replaced since the piece was published, and the capture "
        "from that time holds what the piece cited; link the capture in the piece.",
    ),
    "dead": (
        "DeadSource",
        "A cited source is gone.",
        "The server answered that the page does not exist (e.g. HTTP 404 or 410), or the host no longer exists.",
    ),
    "soft-404": (
        "Soft404Source",
        "A cited source answers but no longer shows the page.",
        "The server answered 200 but the page is an error page or a redirect to the site's front page.",
    ),
    "unverified": (
        "UnverifiedClaim",
        "A claim's sources could not be verified.",
        "No source of the claim could be shown alive or gone: blocked, failing, skipped or internal sources, "
        "or an archive that did not answer.",
    ),
    "failing": (
        "FailingSource",
        "A cited source did not answer properly.",
        "Timeouts, connection errors or server errors (5xx) persisted through every retry; the page may come back.",
    ),
    "blocked": (
        "BlockedSource",
        "A cited source refused the checker.",
        "The site answered with a bot wall, a rate limit or an access restriction (e.g. HTTP 403, 429, 999).",
    ),
    "archived": (
        "ArchivedClaim",
        "A claim is backed only by archived copies.",
        "No source of the claim is live, but a web archive holds a capture; link the capture in the piece.",
    ),
}


def _rule_ids(report_rules: list[str]) -> list[str]:
    """The rules of the run: every known one, worst first, then any the table does not know."""
    known = [rule for rule in RULE_ORDER]
    return known + sorted({rule for rule in report_rules if rule not in known})


def render_sarif(report: Report, *, policy: Policy | None = None) -> str:
    return json.dumps(sarif_log(report, policy or Policy()), ensure_ascii=False, indent=2)


def sarif_log(report: Report, policy: Policy) -> dict[str, Any]:
    found = places(report, policy)
    rules = _rule_ids([rule for place in found for rule in place.rules])
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "linkaudit",
                        "version": report.tool_version,
                        "informationUri": PROJECT_URL,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "results": [_result(place, rules) for place in found],
            }
        ],
    }


def _rule(rule: str) -> dict[str, Any]:
    name, short, full = RULES.get(rule, (_camel(rule), f"A {rule} finding.", f"linkaudit judged this place {rule}."))
    return {
        "id": f"linkaudit/{rule}",
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "helpUri": f"{PROJECT_URL}#statuses-and-verdicts",
        # Under the default policy only unbacked claims fail; a result's own level says more.
        "defaultConfiguration": {"level": "error" if rule == "unbacked" else "warning"},
    }


def _camel(rule: str) -> str:
    return "".join(part.capitalize() for part in rule.replace("_", "-").split("-")) or "Finding"


def sarif_uri(document: DocumentAudit) -> str:
    """SARIF wants a URI reference: a relative path percent-encoded, an absolute one as file://."""
    path = annotation_file(document)
    if path:
        return f"file://{quote(path)}" if path.startswith("/") else quote(path)
    if "://" in document.source:
        return document.source  # a piece fetched from the web
    return quote(document.source, safe="")  # stdin


def _result(place: Place, rules: list[str]) -> dict[str, Any]:
    rule = min(place.rules, key=rules.index)
    return {
        "ruleId": f"linkaudit/{rule}",
        "ruleIndex": rules.index(rule),
        "level": place.level,
        "message": {"text": clean("\n".join(place.sentences()))},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": sarif_uri(place.document)},
                    "region": {"startLine": max(place.line, 1), "startColumn": max(place.column, 1)},
                }
            }
        ],
        "properties": {"findings": list(place.rules)},
    }
