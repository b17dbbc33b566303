"""``linkaudit extract``: the citations of pieces, as a table or JSON (no network except pieces given as URLs)."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console

from linkaudit.cli.configure import settings_from
from linkaudit.cli.render import nothing_read, report_errors, say, to_stdout, warn_extractions, write_json
from linkaudit.models import Extraction
from linkaudit.policy import ExitCode

__all__ = ["extract_command"]


def extract_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    from linkaudit.reading import read_pieces_sync
    from linkaudit.report.terminal import extraction_table, print_audit

    settings = settings_from(args)
    extractions, errors = read_pieces_sync(args.sources, settings.extract)
    unread = report_errors(err, errors)
    warn_extractions(err, extractions)
    if not extractions:
        return nothing_read(err, errors)
    if settings.output.format == "json":
        shown = to_stdout(lambda: write_json(out, [_extraction_dict(e) for e in extractions]))
    else:
        shown = to_stdout(lambda: print_audit(out, [extraction_table(extractions, verbose=settings.output.verbose)]))
    if shown is not None:
        say(err, f"linkaudit: error: {shown}")
        return ExitCode.USAGE
    return ExitCode.USAGE if unread else ExitCode.OK


def _extraction_dict(extraction: Extraction) -> dict[str, Any]:
    published = extraction.published
    return {
        "source": extraction.source,
        "kind": str(extraction.kind),
        "title": extraction.title,
        "published": published.date.isoformat() if published else None,
        "published_from": str(published.source) if published else None,
        "not_before": extraction.not_before.date.isoformat() if extraction.not_before else None,
        "citations": [
            {
                "url": c.url,
                "written": c.written,
                "anchor": c.anchor,
                "claim": c.claim,
                "claim_id": c.claim_id,
                "heading": c.heading,
                "line": c.location.line,
                "column": c.location.column,
                "internal": c.internal,
            }
            for c in extraction.citations
        ],
        "not_citations": [
            {"written": n.written, "reason": n.reason, "line": n.location.line, "column": n.location.column}
            for n in extraction.non_citations
        ],
    }
