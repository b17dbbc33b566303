"""GitHub Actions workflow commands: one ``::error`` or ``::warning`` line per finding.

GitHub reads ``::level prop=value,...::message``; values are escaped as its toolkit does
(``%`` ``\\r`` ``\\n`` everywhere, plus ``:`` and ``,`` inside properties) so page text can
never end a command early or start a new one.
"""

from __future__ import annotations

from linkaudit.models import Report
from linkaudit.policy import Finding, Policy, findings
from linkaudit.report.common import artifact_path, clean

__all__ = ["escape_data", "escape_property", "render_github"]


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, *, policy: Policy | None = None) -> str:
    lines = [_command(finding) for finding in findings(report, policy or Policy())]
    if not report.complete:
        lines.append("::warning title=linkaudit%3A incomplete::the run was interrupted; sources not yet checked are not reported")
    return "".join(line + "\n" for line in lines)


def _command(finding: Finding) -> str:
    props = []
    message = clean(finding.message)
    if finding.path:
        props += [
            f"file={escape_property(artifact_path(finding.path))}",
            f"line={finding.line}",
            f"col={finding.column}",
        ]
    else:
        # A piece fetched from the web has no file in the repository to annotate.
        message = f"{finding.source}:{finding.line}:{finding.column}: {message}"
    props.append(f"title={escape_property(f'linkaudit: {finding.rule}')}")
    return f"::{finding.level} {','.join(props)}::{escape_data(message)}"
