"""linkaudit run as a program of its own (the command line, a check worker), not called as a
library: what such a process may decide for itself."""

from __future__ import annotations

import gc
import sys
from typing import NoReturn

__all__ = ["begin", "end"]


def begin() -> None:
    """Call before anything imports httpx. httpx loads its own command line (click, pygments and
    more of rich: a sixth of a check worker's start) whenever click is installed, as waybackpy's
    dependencies make it. This program never runs it, so it is marked missing: the case httpx
    expects of an install without its command line."""
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: "not installed"


def end(code: int) -> NoReturn:
    """Exit with ``code``. The heap goes with the process: frozen, it is not walked again by the
    collections the interpreter makes as it shuts down (about a tenth of a second of a run's CPU).
    Files are closed where they are written, and standard output is flushed at exit as ever."""
    gc.freeze()
    raise SystemExit(code)
