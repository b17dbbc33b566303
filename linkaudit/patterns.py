"""The user's regular expressions (--include, --exclude, --ignore, --remap), on a linear-time engine.

They run over every cited URL, and a URL is page data: with a backtracking engine a pattern such
as ``(a+)+$`` takes exponential time on a hostile URL. RE2 matches in time linear in the input
whatever the pattern; the price is that it refuses backreferences and lookaround, which is said
plainly when a pattern uses them. Python's ``\\1`` and ``\\g<name>`` replacement syntax works as before.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Protocol

import re2

__all__ = ["PatternError", "UserPattern", "check_replacement", "compile_pattern"]


class PatternError(ValueError):
    """A pattern RE2 cannot run; the message says why, in one line."""


class UserPattern(Protocol):
    def search(self, text: str) -> Any: ...

    def sub(self, replacement: str, text: str) -> str: ...


_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would otherwise log each refused pattern to stderr itself
_OPTIONS.max_mem = 8 << 20  # a pattern whose automaton needs more is refused, not run


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> UserPattern:
    """``pattern`` compiled for linear-time matching; ``PatternError`` if RE2 cannot run it."""
    try:
        return re2.compile(pattern, _OPTIONS)  # type: ignore[no-any-return]
    except re2.error as error:
        reason = error.args[0].decode("utf-8", "replace") if error.args and isinstance(error.args[0], bytes) else str(error)
        hint = " (backreferences and lookaround are not supported: patterns run in linear time)" if _unsupported(reason) else ""
        raise PatternError(f"{reason}{hint}") from None


# A group reference in a replacement: \\ (a literal backslash), \N, or \g<NAME or N>.
_REFERENCE = re.compile(r"\\(?:(\\)|(\d+)|g<([^>]*)>)")


def check_replacement(pattern: str, replacement: str) -> None:
    """``PatternError`` if ``replacement`` names a group that ``pattern`` does not have.

    Checked before any URL is seen: RE2, unlike Python's re, reads the groups of a replacement
    only when something matches.
    """
    compiled = compile_pattern(pattern)
    groups: int = compiled.groups  # type: ignore[attr-defined]
    names: dict[str, int] = compiled.groupindex  # type: ignore[attr-defined]
    for match in _REFERENCE.finditer(replacement):
        _, number, name = match.groups()
        reference = number if number is not None else name
        if reference is None:
            continue
        if reference.isdigit() and int(reference) <= groups or reference in names:
            continue
        raise PatternError(f"invalid group reference {reference}")


def _unsupported(reason: str) -> bool:
    return "invalid escape sequence" in reason or "invalid perl operator" in reason
