"""How option values are written as text, one parser per kind of value.

The command line and the configuration file read text through these same functions, so a value
means the same in both places. Each raises ``ValueError`` with a message that completes
"--option ...", or returns the value.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable

from linkaudit.patterns import PatternError, compile_pattern
from linkaudit.policy import FAIL_ON_CHOICES

__all__ = [
    "STATUS_CODES",
    "archive_entry",
    "date",
    "duration",
    "expand_env",
    "fail_on",
    "header",
    "parse_duration",
    "pattern_problem",
    "regex",
    "remap",
    "seconds",
    "shard",
    "status_codes",
    "status_code_list",
    "whole_number",
]

STATUS_CODES = range(100, 600)  # what an HTTP status line can hold

_ENV_REFERENCE = re.compile(r"^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> float | None:
    """Seconds in "90", "1.5", "30m", "12h", "1d" or "2w"; None when the text is not a duration."""
    match = _DURATION.match(text)
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)] if match else None


def expand_env(text: str) -> str:
    """``$VAR`` or ``${VAR}`` as the whole value is read from the environment; any other text is
    itself (a value such as "$5 off" stays as written). Raises KeyError naming an unset variable."""
    match = _ENV_REFERENCE.match(text.strip())
    if match is None:
        return text
    variable = match.group(1) or match.group(2)
    if variable not in os.environ:
        raise KeyError(variable)
    return os.environ[variable]


def status_codes(text: str) -> frozenset[int]:
    """"403", "200..299" or several of them, "200..299,403" (also "200..=299"); ValueError if not.

    Each range is checked as a range, before any code in it is counted: a code outside
    100..599 or a range running backwards is an error, whatever its size.
    """
    codes: set[int] = set()
    for part in text.split(","):
        low, sep, high = part.strip().partition("..")
        first = int(low)
        last = int(high.lstrip("=") or low) if sep else first
        if first not in STATUS_CODES or last not in STATUS_CODES or last < first:
            raise ValueError(f"{part.strip()!r} is not a range of HTTP status codes (100..599)")
        codes.update(range(first, last + 1))
    return frozenset(codes)


# --- command-line text -> value -----------------------------------------------------------


def date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}") from None


def duration(text: str) -> float:
    value = parse_duration(text)
    if value is None:
        raise ValueError(f"not a duration (e.g. 90, 30m, 12h, 1d): {text!r}")
    return value


def seconds(text: str) -> float:
    """Seconds, written as a duration ("30s", "2m") or as any number."""
    value = parse_duration(text)
    if value is None:
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"not a number of seconds (e.g. 15, 30s, 2m): {text!r}") from None
    return value


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"not a whole number: {text!r}") from None


def pattern_problem(text: str) -> str | None:
    """Why ``text`` cannot be used as a URL pattern, or None."""
    try:
        compile_pattern(text)
    except PatternError as exc:
        return str(exc)
    return None


def regex(text: str) -> str:
    if (problem := pattern_problem(text)) is not None:
        raise ValueError(f"{text!r} cannot be used as a pattern: {problem}")
    return text


def remap(text: str) -> tuple[str, str]:
    parts = text.split(None, 1)
    if len(parts) != 2:
        raise ValueError(f"needs 'PATTERN REPLACEMENT', got {text!r}")
    if (problem := pattern_problem(parts[0])) is not None:
        raise ValueError(f"pattern {parts[0]!r} cannot be used: {problem}")
    return parts[0], parts[1]


def header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise ValueError("needs 'Name: value' (value may be $ENV_VAR)")
    try:
        value = expand_env(value.strip())
    except KeyError as unset:
        raise ValueError(f"{name.strip()}: environment variable {unset.args[0]} is not set") from None
    return name.strip(), value


def status_code_list(text: str) -> frozenset[int]:
    try:
        return status_codes(text)
    except ValueError:
        raise ValueError(f"needs HTTP status codes (100..599) like 200,403 or 200..299, got {text!r}") from None


def fail_on(text: str) -> frozenset[str]:
    chosen = frozenset(p.strip() for p in text.split(",") if p.strip())
    unknown = chosen - FAIL_ON_CHOICES
    if unknown:
        raise ValueError(f"unknown {', '.join(sorted(unknown))} (choose from {', '.join(sorted(FAIL_ON_CHOICES))})")
    return chosen


def shard(text: str) -> str:
    from linkaudit.shards import parse_shard

    return str(parse_shard(text))


def archive_entry(text: str) -> tuple[str, str]:
    name, sep, url = text.partition("=")
    if not sep or not url.startswith(("http://", "https://")):
        raise ValueError(f"needs NAME=TIMEGATE_URL, got {text!r}")
    return name.strip(), url.strip()


TextParser = Callable[[str], object]
