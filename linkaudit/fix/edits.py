"""Edits to a piece's text, applied all at once, and the unified diff a reviewer reads."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Edit", "apply_edits", "unified_diff"]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (an insertion when start == end)."""

    start: int
    end: int
    replacement: str


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit made; everything between the edits is copied as it was.

    Edits are made in order of place; two edits of the same span are one edit (a reference
    definition shared by several links), any other overlap is a bug and raises ValueError.
    """
    ordered = sorted(set(edits), key=lambda edit: (edit.start, edit.end))
    pieces: list[str] = []
    position = 0
    for edit in ordered:
        if edit.start < position:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of one piece (``a/name`` to ``b/name``), line endings kept as written."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(_terminated(lines))


def _terminated(lines: Sequence[str] | Iterable[str]) -> Iterable[str]:
    # A last line without a newline would run into the next hunk header.
    for line in lines:
        yield line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
