"""What the drift stage finds: how a live source compares with its capture, and the claim's evidence in each."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from linkaudit.records.archives import Snapshot

__all__ = ["Drift", "DriftStatus", "Evidence"]


class DriftStatus(enum.StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    REPLACED = "replaced"  # a different page at the same address
    NOT_COMPARED = "not-compared"


@dataclass(frozen=True, slots=True)
class Drift:
    """How a live source's main text compares with its capture from the time of the piece."""

    status: DriftStatus
    reason: str  # "12% of the text differs", or why it was not compared
    similarity: float | None = None  # Jaccard similarity of the two texts' word shingles, 0..1
    title_similarity: float | None = None  # Jaccard similarity of the two titles' words, 0..1
    capture: Snapshot | None = None  # the capture compared with

    @property
    def compared(self) -> bool:
        return self.status is not DriftStatus.NOT_COMPARED


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of what the claim cites, and where it was found.

    ``live`` and ``capture`` are None when that text was not at hand.
    """

    kind: str  # "quote", "number" or "anchor"
    text: str
    live: bool | None
    capture: bool | None
