"""Content drift and claim evidence: does a live source still say what the piece relied on?

    plan, comparisons = await compare_sources(requests, settings, cache=cache)   # the stage
    links = attach_drift(links, comparisons, key_of)                             # onto LinkAudits

``text`` finds a page's main text, ``compare`` measures drift, ``evidence`` looks up what a
claim cites, ``stage`` fetches captures and runs the comparisons.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from linkaudit.drift.compare import compare_prints, is_html, page_print, similarity, title_similarity
from linkaudit.drift.evidence import carries, claim_evidence, cited_items, still_backs
from linkaudit.drift.text import main_text, normalise
from linkaudit.models import Citation, LinkAudit

if TYPE_CHECKING:
    from linkaudit.drift.stage import DriftPlan, DriftRequest, DriftRun, SourceComparison, compare_sources, prints_live_pages

_STAGE_NAMES = frozenset({"DriftPlan", "DriftRequest", "DriftRun", "SourceComparison", "compare_sources", "prints_live_pages"})


def __getattr__(name: str) -> Any:
    # The stage uses the archive stage, whose client comes from the check stage, which prints live
    # pages with ``compare``: the stage is imported when first used, so that circle never closes.
    if name in _STAGE_NAMES:
        from linkaudit.drift import stage

        return getattr(stage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "DriftPlan",
    "DriftRequest",
    "DriftRun",
    "SourceComparison",
    "attach_drift",
    "carries",
    "cited_items",
    "claim_evidence",
    "compare_prints",
    "compare_sources",
    "is_html",
    "main_text",
    "normalise",
    "page_print",
    "prints_live_pages",
    "similarity",
    "still_backs",
    "title_similarity",
]


def attach_drift(
    links: Sequence[LinkAudit],
    comparisons: Mapping[str, "SourceComparison"],
    key_of: Callable[[Citation], str],
) -> tuple[LinkAudit, ...]:
    """Each link with its source's drift and its own claim evidence, where a comparison was made."""
    attached = []
    for link in links:
        comparison = comparisons.get(key_of(link.citation))
        if comparison is None:
            attached.append(link)
            continue
        evidence = claim_evidence(link.citation, comparison.live, comparison.capture)
        attached.append(dataclasses.replace(link, drift=comparison.drift, evidence=evidence))
    return tuple(attached)
