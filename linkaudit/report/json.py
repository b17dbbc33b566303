"""The JSON report: versioned, documented by ``linkaudit/schema/report.schema.json``.

Written one document at a time (``json_chunks``): the whole report as one tree of dicts would
cost several times the text's size at once. Keys and their order are laid out in
``linkaudit.report.json_layout``; ``load_report`` (``linkaudit.report.json_read``) reads a saved
report back into the models so it can be rendered again with no network.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import replace
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from linkaudit.models import DocumentAudit, Report
from linkaudit.policy import Policy, finding_levels
from linkaudit.report.common import all_claims, all_links, count_states, count_verdicts
from linkaudit.report.json_layout import REPORT_CODEC, SCHEMA_VERSION, TOOL_NAME
from linkaudit.report.json_read import (
    SavedReport,
    dict_to_report,
    load_report,
    read_report,
)

__all__ = [
    "SCHEMA_VERSION",
    "SavedReport",
    "dict_to_report",
    "json_chunks",
    "load_report",
    "read_report",
    "render_json",
    "report_to_dict",
]

_EMPTY = '"documents": []'
# A document's lists that can be long; its layout writes them in this order, each as a plain list.
_STREAMED_LISTS = ("links", "claims", "non_citations")


def render_json(report: Report, *, policy: Policy | None = None) -> str:
    return "".join(json_chunks(report, policy=policy))


def json_chunks(report: Report, *, policy: Policy | None = None) -> Iterator[str]:
    """The text of ``render_json`` in pieces, one per document, the same as dumping ``report_to_dict``."""
    frame = report_to_dict(replace(report, documents=()), policy=policy)
    frame["summary"] = _summary(report, policy or Policy())
    text = _dumps(frame)
    if not report.documents:
        yield text
        return
    head, _, tail = text.partition(_EMPTY)
    yield f'{head}"documents": [\n'
    for index, document in enumerate(report.documents):
        yield "    " if index == 0 else ",\n    "
        for chunk in _document_chunks(document):
            yield chunk.replace("\n", "\n    ")
    yield f"\n  ]{tail}"


def _document_chunks(document: DocumentAudit) -> Iterator[str]:
    """One document's text in pieces, one per link, claim and non-citation, the same as dumping it
    whole: a piece with 100,000 links must not become one tree of dicts and one string at once."""
    frame = _dumps(_document(replace(document, links=(), claims=(), non_citations=())))
    for name in _STREAMED_LISTS:
        items = getattr(document, name)
        empty = f'"{name}": []'
        head, _, frame = frame.partition(empty)
        yield head
        if not items:
            yield empty
            continue
        yield f'"{name}": ['
        for index, item in enumerate(items):
            yield ("\n    " if index == 0 else ",\n    ") + _dumps(REPORT_CODEC.encode(item)).replace("\n", "\n    ")
        yield "\n  ]"
    yield frame


def report_to_dict(report: Report, *, policy: Policy | None = None) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": report.generated_at.isoformat(),
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "documents": [_document(document) for document in report.documents],
        "summary": _summary(report, policy or Policy()),
    }


def _document(document: DocumentAudit) -> dict[str, Any]:
    encoded: dict[str, Any] = REPORT_CODEC.encode(document)
    return encoded


def _dumps(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, the same text three times as fast: the
    standard library writes through its pure-Python encoder whenever an indent is asked for, and
    a 100,000-link report is mostly strings, numbers and flat objects."""
    return _indented(data, "\n")


def _indented(value: Any, newline: str) -> str:
    if isinstance(value, str):
        return encode_basestring(value)  # what json.dumps writes for text with ensure_ascii=False
    if value is None or value is True or value is False:
        return _CONSTANTS[value]
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return (int if isinstance(value, int) else float).__repr__(value)
    inner = newline + "  "
    if isinstance(value, dict) and value and all(isinstance(key, str) for key in value):
        members = (f"{encode_basestring(key)}: {_indented(item, inner)}" for key, item in value.items())
        return f"{{{inner}{f',{inner}'.join(members)}{newline}}}"
    if isinstance(value, list | tuple) and value:
        return f"[{inner}{f',{inner}'.join(_indented(item, inner) for item in value)}{newline}]"
    # Empty containers, keys that are not text, NaN and infinities, what cannot be written: as json writes them.
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)


_CONSTANTS = {None: "null", True: "true", False: "false"}


def _summary(report: Report, policy: Policy) -> dict[str, Any]:
    levels = finding_levels(report, policy)
    return {
        "complete": report.complete,
        "documents": len(report.documents),
        "claims": sum(len(document.claims) for document in report.documents),
        "links": sum(len(document.links) for document in report.documents),
        "verdicts": count_verdicts(all_claims(report)),
        "statuses": count_states(all_links(report)),
        "policy": {"fail_on": sorted(policy.fail_on), "confirm": policy.confirm},
        "errors": levels["error"],
        "warnings": levels["warning"],
    }
