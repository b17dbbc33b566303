"""Reading the pieces of a run, on the run's own trio loop.

Files are read and extracted in a worker thread; pieces given as URLs are fetched on the loop
(``extract.fetch``). When no piece could be read and every failure was a web page out of reach,
the reference hosts are asked, on the same loop, whether our own network works: if none answers,
the run cannot be done (``NetworkUnavailable``) rather than blaming the pieces.
"""

from __future__ import annotations

from collections.abc import Sequence

import trio

from linkaudit.errors import InputError, NetworkUnavailable
from linkaudit.extract import extract_sources
from linkaudit.models import Extraction
from linkaudit.options import ExtractOptions

__all__ = ["read_pieces", "read_pieces_sync"]

NO_PIECE_FETCHED = "no piece could be fetched"


async def read_pieces(sources: Sequence[str], options: ExtractOptions) -> tuple[list[Extraction], list[InputError]]:
    extractions, errors = await trio.to_thread.run_sync(extract_sources, sources, options)
    if not extractions and errors and all(error.unreachable for error in errors):
        # Imported here: only a run whose every piece was out of reach asks the reference hosts.
        from linkaudit.check.reachability import any_reference_answers

        if not await any_reference_answers(options.fetch):
            raise NetworkUnavailable(NO_PIECE_FETCHED)
    return extractions, errors


def read_pieces_sync(sources: Sequence[str], options: ExtractOptions) -> tuple[list[Extraction], list[InputError]]:
    """``read_pieces`` for callers without an event loop."""
    return trio.run(read_pieces, sources, options)
