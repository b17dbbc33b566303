"""Reports for people and for CI: JSON, Markdown, HTML, SARIF, JUnit XML and GitHub annotations.

    render(report, "markdown")            -> str
    write_report(report, "audit.sarif")   format from the extension, written atomically
    save_reports(report, "reports")       JSON + Markdown + HTML named after the piece and date
    load_report("saved.json")             a saved JSON report back into the models
"""

from __future__ import annotations

import itertools
import re
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from linkaudit.atomic import write_chunks_atomic
from linkaudit.errors import ReportError
from linkaudit.models import Report
from linkaudit.policy import Policy
from linkaudit.report.json import (
    SCHEMA_VERSION,
    json_chunks,
    load_report,
    read_report,
    render_json,
    report_to_dict,
)

__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "format_for_path",
    "load_report",
    "read_report",
    "render",
    "report_to_dict",
    "save_reports",
    "write_report",
]

FORMATS: dict[str, str] = {
    ".json": "json",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".sarif": "sarif",
    ".sarif.json": "sarif",
    ".xml": "junit",
}

_SAVED_FORMATS = (("json", "json"), ("md", "markdown"), ("html", "html"))


def _renderers() -> dict[str, Callable[..., str]]:
    # Imported here so `import linkaudit.report` stays cheap for the JSON-only paths.
    from linkaudit.report.github import render_github
    from linkaudit.report.html import render_html
    from linkaudit.report.junit import render_junit
    from linkaudit.report.markdown import render_markdown
    from linkaudit.report.sarif import render_sarif

    return {
        "json": render_json,
        "markdown": render_markdown,
        "html": render_html,
        "sarif": render_sarif,
        "junit": render_junit,
        "github": render_github,
    }


def render(report: Report, fmt: str, *, policy: Policy | None = None) -> str:
    renderers = _renderers()
    if fmt not in renderers:
        raise ReportError(f"unknown report format {fmt!r}; choose from {', '.join(sorted(renderers))}")
    return renderers[fmt](report, policy=policy or Policy())


def format_for_path(path: str) -> str:
    name = Path(path).name.lower()
    # Longest suffix first, so "x.sarif.json" is SARIF and not JSON.
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return FORMATS[suffix]
    known = " ".join(sorted(FORMATS, key=len))
    raise ReportError(f"{path}: cannot tell the report format from the extension; use one of {known}")


def write_report(report: Report, path: str, *, policy: Policy | None = None) -> None:
    fmt = format_for_path(path)
    if fmt == "json":  # written a document at a time: never the whole report as one string
        chunks: Iterable[str] = itertools.chain(json_chunks(report, policy=policy), ("\n",))
    else:
        text = render(report, fmt, policy=policy)
        chunks = (text if text.endswith("\n") else text + "\n",)
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        write_chunks_atomic(path, chunks)
    except OSError as exc:
        raise ReportError(f"{path}: cannot write the report: {exc.strerror or exc}") from exc


def save_reports(report: Report, reports_dir: str, *, policy: Policy | None = None) -> list[str]:
    """Write JSON, Markdown and HTML into ``reports_dir``; returns the paths written."""
    directory = Path(reports_dir)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"{reports_dir}: cannot create the reports directory: {exc.strerror or exc}") from exc
    base = f"{_piece_name(report)}-{report.generated_at.date().isoformat()}"
    written = []
    for extension, _fmt in _SAVED_FORMATS:
        path = str(directory / f"{base}.{extension}")
        write_report(report, path, policy=policy)
        written.append(path)
    return written


def _piece_name(report: Report) -> str:
    if len(report.documents) != 1:
        return "audit"
    document = report.documents[0]
    where = document.path or document.source
    parts = urllib.parse.urlsplit(where)
    if parts.scheme in ("http", "https"):
        segments = [s for s in PurePosixPath(parts.path).parts if s != "/"]
        where = segments[-1] if segments else (parts.hostname or "")
    stem = PurePosixPath(where.replace("\\", "/")).stem
    # File names stay portable whatever the piece was called.
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")
    return safe[:80] or "audit"
