"""Strings made of chosen pieces, drawn as one string of their indices.

Hypothesis records a choice, with its bookkeeping, for each element of ``st.lists(...)``; a list of
forty sampled pieces costs forty choices an example. A string over a small alphabet is one choice
however long it is, and it shrinks the same way (fewer pieces, earlier pieces), so a property that
glues pieces together draws them here for a fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

_FIRST = 0x4E00  # code points used only as indices into the pieces, never shown


def joined(pieces: Sequence[str], *, min_size: int = 0, max_size: int) -> st.SearchStrategy[str]:
    """``min_size`` to ``max_size`` of ``pieces`` (repeats allowed) joined with nothing between."""
    table = tuple(pieces)
    alphabet = "".join(chr(_FIRST + index) for index in range(len(table)))
    return st.text(alphabet=alphabet, min_size=min_size, max_size=max_size).map(
        lambda indices: "".join(table[ord(index) - _FIRST] for index in indices)
    )
