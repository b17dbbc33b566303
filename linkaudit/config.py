"""The configuration file: ``linkaudit.toml`` or ``[tool.linkaudit]`` in ``pyproject.toml``.

Keys are the ``Settings`` field names (``max-concurrency`` or ``max_concurrency``). Each value is
checked against the field's declared type, read from the dataclass itself, so a new setting is
configurable the day it is added. Precedence: command line over file over defaults.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import math
import os
import re
import tomllib
import types
import typing
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from linkaudit.errors import ConfigError
from linkaudit.headers import scoped_name
from linkaudit.patterns import PatternError, check_replacement, compile_pattern
from linkaudit.policy import FAIL_ON_CHOICES
from linkaudit.settings import Settings

__all__ = [
    "CHOICES",
    "CONFIG_FILE",
    "FAIL_ON_CHOICES",
    "OPTION_ALIASES",
    "build_settings",
    "expand_env",
    "find_config",
    "load_config",
    "parse_duration",
    "status_codes",
    "value_problem",
]

CONFIG_FILE = "linkaudit.toml"
PYPROJECT = "pyproject.toml"

# Fields whose strings must come from a short list, in the order help text shows them; the command
# line's choices are these.
CHOICES: dict[str, Collection[str]] = {
    "scope": ("article", "all"),
    "archive": ("problems", "all", "none"),
    "format": ("auto", "table", "json", "github", "plain"),
    "fail_on": FAIL_ON_CHOICES,
    "drift": ("auto", "on", "off"),
}
REGEX_FIELDS = frozenset({"include", "exclude", "ignore"})
DURATION_FIELDS = frozenset({"max_age", "timeout", "url_deadline", "retry_after_cap", "archive_timeout"})
# How a pair is written as one string, for the fields holding pairs.
PAIR_SEPARATORS: dict[str, str | None] = {"remap": None, "headers": ":", "archives": "="}
PAIR_SHAPES = {"remap": "'PATTERN REPLACEMENT'", "headers": "'Name: value'", "archives": "'NAME=TIMEGATE_URL'"}
NOT_CONFIGURABLE = frozenset({"extra"})
# Command-line option names whose setting is named otherwise: both work as keys.
OPTION_ALIASES = {
    "header": "headers",
    "memento": "archives",
    "cache": "cache_path",
    "output": "outputs",
    "include_path": "include_paths",
    "exclude_path": "exclude_paths",
    "older_than": "save_if_older_than_days",
    "header_host": "header_hosts",
}

_ENV_REFERENCE = re.compile(r"^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


# --- finding the file ---------------------------------------------------------------------


def find_config(start: Path) -> Path | None:
    """The nearest configuration from ``start`` upwards, stopping at the repository root.

    In each directory ``linkaudit.toml`` wins over ``pyproject.toml``; a pyproject.toml without a
    ``[tool.linkaudit]`` table is not ours and the search goes on.
    """
    directory = start.resolve()
    if directory.is_file():
        directory = directory.parent
    for folder in (directory, *directory.parents):
        own = folder / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_linkaudit_table(pyproject):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def _has_linkaudit_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        # Broken, but clearly meant for us: load_config will say where it breaks.
        return "tool.linkaudit" in text
    tool = document.get("tool")
    return isinstance(tool, dict) and "linkaudit" in tool


# --- reading and validating -----------------------------------------------------------------


def load_config(path: Path) -> dict[str, object]:
    """The file's settings, keyed by ``Settings`` field name and converted to the field types."""
    table, where = _read_table(path)
    hints = _settings_types()
    values: dict[str, object] = {}
    for raw_key, raw_value in table.items():
        name = str(raw_key).replace("-", "_")
        if name == "no_cache":
            if not isinstance(raw_value, bool):
                raise ConfigError(f"{path}: {raw_key!r} must be true or false, got {_shown(raw_value)}")
            name, raw_value = "use_cache", not raw_value
        name = OPTION_ALIASES.get(name, name)
        if name in values:
            raise ConfigError(f"{path}: {raw_key!r} sets {name.replace('_', '-')!r} a second time; keep one of them")
        if name not in hints or name in NOT_CONFIGURABLE:
            raise ConfigError(f"{path}: unknown key {raw_key!r}{where}{_suggestion(name, hints)}")
        try:
            values[name] = _convert(name, hints[name], raw_value)
        except _BadValue as bad:
            raise ConfigError(f"{path}: {raw_key!r} {bad}") from None
        if (problem := value_problem(name, values[name])) is not None:
            raise ConfigError(f"{path}: {raw_key!r} {problem}")
    return values


# --- values that have the right type but cannot work --------------------------------------------

# The largest value that makes sense: beyond it a setting is a typo, and some (a byte count passed
# to read(), a duration added to a date) would overflow.
_DAY = 86400.0
UPPER_BOUNDS: dict[str, float] = {
    "max_concurrency": 10_000,
    "per_host": 1_000,
    "confirm": 1_000,
    "retries": 100,
    "max_redirects": 100,
    "max_body_bytes": 1 << 30,
    "max_file_bytes": 4 << 30,
    "save_if_older_than_days": 36_500,
    "timeout": _DAY,
    "url_deadline": 7 * _DAY,
    "retry_after_cap": _DAY,
    "archive_timeout": _DAY,
    "max_age": 36_500 * _DAY,
    "drift_limit": 100_000,
    "workers": 256,
}
_AT_LEAST_ONE = frozenset({"max_concurrency", "per_host", "confirm", "max_body_bytes", "max_file_bytes", "save_if_older_than_days", "drift_limit"})
_NOT_NEGATIVE = frozenset({"workers", "retries", "max_redirects", "retry_after_cap", "max_age"})
_POSITIVE = frozenset({"timeout", "url_deadline", "archive_timeout"})
_HTTP_URLS = frozenset({"wayback_url", "base_url"})
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # an HTTP header name (RFC 9110 token)
_HEADER_VALUE = re.compile(r"[\t\x20-\x7e]*")
_HOST = re.compile(r"[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\]")  # a name or an IP literal, no port


def value_problem(name: str, value: object) -> str | None:
    """Why a setting of the right type still cannot work, completing "'key' ...", or None.

    Header values may be secrets: a problem with one names the header, never the value.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, got {value}"
    if name in _AT_LEAST_ONE and isinstance(value, int | float) and value < 1:
        return f"must be at least 1, got {value}"
    if name in _NOT_NEGATIVE and isinstance(value, int | float) and value < 0:
        return f"must not be negative, got {value}"
    if name in _POSITIVE and isinstance(value, int | float) and value <= 0:
        return f"must be more than 0, got {value}"
    if name in UPPER_BOUNDS and isinstance(value, int | float) and value > UPPER_BOUNDS[name]:
        return f"must be at most {_number(UPPER_BOUNDS[name])}, got {_number(value)}"
    if name == "accept" and isinstance(value, frozenset) and not all(code in STATUS_CODES for code in value):
        return f"must hold HTTP status codes (100..599), got {min(value, key=lambda c: c in STATUS_CODES)}"
    if name == "shard" and isinstance(value, str):
        from linkaudit.shards import parse_shard

        try:
            parse_shard(value)
        except ValueError as problem:
            return str(problem)
    if name == "archive_rate" and isinstance(value, float) and not 0 < value <= 1:
        return f"is a share of archive.org's limits, from above 0 to 1, got {value}"
    if name in _HTTP_URLS and isinstance(value, str) and not _is_http_url(value):
        return f"must be an http(s) URL with a host, got {_shown(value)}"
    if name == "reference_urls" and isinstance(value, tuple):
        bad = [url for url in value if not _is_http_url(str(url))]
        return f"must hold http(s) URLs with a host, got {_shown(bad[0])}" if bad else None
    if name == "user_agent" and isinstance(value, str) and not (value.strip() and _HEADER_VALUE.fullmatch(value)):
        return "must be printable ASCII on one line"
    if name == "archives" and isinstance(value, tuple):
        bad = [url for _, url in value if not _is_http_url(url)]
        return f"must name http(s) TimeGate URLs with a host, got {_shown(bad[0])}" if bad else None
    if name == "header_hosts" and isinstance(value, tuple):
        bad = [host for host in value if not _HOST.fullmatch(str(host))]
        return f"must hold host names (no scheme, no port), got {_shown(bad[0])}" if bad else None
    if name == "headers" and isinstance(value, tuple):
        return next((problem for header in value if (problem := _header_problem(*header))), None)
    if name == "remap" and isinstance(value, tuple):
        return next((problem for pattern, replacement in value if (problem := _remap_problem(pattern, replacement))), None)
    return None


def _number(value: float) -> str:
    return f"{int(value):,}" if isinstance(value, int) or value < 1e15 and value.is_integer() else f"{value:g}"


def _is_http_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _header_problem(name: str, value: str) -> str | None:
    host, header = scoped_name(name)
    if host is not None and not _HOST.fullmatch(host):
        return f"scopes {header} to {host!r}, which is not a host name"
    if not _TOKEN.fullmatch(header):
        return f"has a header name that HTTP does not allow: {header!r}"
    if not _HEADER_VALUE.fullmatch(value):
        return f"has a value for {name} with a line break, a control character or non-ASCII text (not shown)"
    return None


def _remap_problem(pattern: str, replacement: str) -> str | None:
    try:
        check_replacement(pattern, replacement)
    except (PatternError, re.error, IndexError) as error:
        return f"has a replacement {_shown(replacement)} that does not fit its pattern: {error}"
    if not replacement.startswith(("http://", "https://", "\\")):
        return f"must replace with an http(s) URL (or a group reference), got {_shown(replacement)}"
    literal = re.split(r"\\(?:\d|g<)", replacement, maxsplit=1)[0]  # the part before any group reference
    try:
        urlsplit(literal)
    except ValueError as error:
        return f"has a replacement {_shown(replacement)} that is not a URL: {error}"
    return None


def build_settings(file_values: Mapping[str, object], cli_values: Mapping[str, object]) -> Settings:
    """Settings from the defaults, overridden by the file, overridden by what was given on the command line.

    ``cli_values`` holds only options the user gave, already converted by the command line.
    Keys that are not settings are kept in ``Settings.extra``.
    """
    fields = {f.name for f in dataclasses.fields(Settings) if f.name not in NOT_CONFIGURABLE}
    chosen: dict[str, object] = {}
    extra: dict[str, object] = {}
    for source in (file_values, cli_values):
        for key, value in source.items():
            name = key.replace("-", "_")
            if name in fields:
                chosen[name] = value
            else:
                extra[name] = value
    return Settings(**chosen, extra=extra)  # type: ignore[arg-type]


def _read_table(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except (OSError, UnicodeDecodeError) as problem:
        raise ConfigError(f"{path}: cannot read the configuration file ({problem})") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise ConfigError(f"{path}: malformed TOML {_where_toml_broke(problem, text)}") from None
    if path.name != PYPROJECT:
        return document, ""
    tool = document.get("tool")
    table = tool.get("linkaudit") if isinstance(tool, dict) else None
    if table is None:
        # Only a pyproject.toml with the table is ever found: this one was named on purpose.
        raise ConfigError(f"{path}: no [tool.linkaudit] table to read")
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.linkaudit] must be a table")
    return table, " in [tool.linkaudit]"


_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")


def _where_toml_broke(problem: tomllib.TOMLDecodeError, text: str) -> str:
    # tomllib puts the position in its message: "(at line N, column M)" or "(at end of document)".
    message = str(problem)
    match = _TOML_POSITION.search(message)
    if match is None:
        return f"({message})"
    reason = message[: match.start()]
    if match.group(1):
        return f"at line {match.group(1)}, column {match.group(2)}: {reason}"
    last_line = len(text.rstrip("\n").splitlines()) or 1
    return f"at line {last_line} (end of file): {reason}"


def _settings_types() -> dict[str, Any]:
    return typing.get_type_hints(Settings)


def _suggestion(name: str, hints: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(name, [h for h in hints if h not in NOT_CONFIGURABLE], n=1)
    return f" (did you mean {close[0].replace('_', '-')!r}?)" if close else ""


# --- conversion by declared type ------------------------------------------------------------


class _BadValue(Exception):
    """A value that does not fit its field; the message completes "'key' ..."."""


def _convert(name: str, kind: Any, value: object) -> object:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in args if arg is not type(None)]
        return _convert(name, options[0], value)
    if origin is tuple and args and args[-1] is Ellipsis:
        item_kind = args[0]
        if typing.get_origin(item_kind) is tuple:
            return tuple(_pair(name, item) for item in _entries(name, value))
        return tuple(_scalar(name, item_kind, item) for item in _items(name, value))
    if origin is frozenset:
        items = [_scalar(name, args[0], item) for item in _items(name, value)]
        return frozenset(_flatten(items))
    return _scalar(name, kind, value)


def _scalar(name: str, kind: Any, value: object) -> Any:
    converter = _SCALARS.get(kind)
    if converter is None:
        raise _BadValue(f"cannot be set in a configuration file (type {kind})")
    return converter(name, value)


def _to_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise _BadValue(f"must be true or false, got {_shown(value)}")
    return value


def _to_int(name: str, value: object) -> int | tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if name == "accept" and isinstance(value, str):
        return _status_range(value)
    raise _BadValue(f"must be a whole number, got {_shown(value)}")


def _to_float(name: str, value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if name in DURATION_FIELDS and isinstance(value, str):
        seconds = parse_duration(value)
        if seconds is not None:
            return seconds
    raise _BadValue(f"must be a number, got {_shown(value)}")


def _to_str(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise _BadValue(f"must be a string, got {_shown(value)}")
    text = _expand(value)
    allowed = CHOICES.get(name)
    if allowed is not None and text not in allowed:
        raise _BadValue(f"must be one of {', '.join(sorted(allowed))}, got {_shown(text)}")
    if name in REGEX_FIELDS:
        _check_regex(text)
    return text


def _to_date(name: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(_expand(value))
        except ValueError:
            pass
    raise _BadValue(f"must be a date (YYYY-MM-DD), got {_shown(value)}")


_SCALARS: dict[Any, Callable[[str, object], Any]] = {
    bool: _to_bool,
    int: _to_int,
    float: _to_float,
    str: _to_str,
    dt.date: _to_date,
}


def _items(name: str, value: object) -> list[object]:
    """A list value; a lone string stands for a list of one."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    raise _BadValue(f"must be a list, got {_shown(value)}")


def _entries(name: str, value: object) -> list[object]:
    """Pairs as a list, or as a table {first = second}."""
    if isinstance(value, dict):
        return [[key, item] for key, item in value.items()]
    return _items(name, value)


def _pair(name: str, entry: object) -> tuple[str, str]:
    shape = PAIR_SHAPES.get(name, "a pair")
    if isinstance(entry, str):
        separator = PAIR_SEPARATORS.get(name)
        parts = entry.split(separator, 1)
        if len(parts) != 2 or not parts[0].strip():
            # A header line may hold a secret: never echo it.
            shown = "an entry without ':'" if name == "headers" else _shown(entry)
            raise _BadValue(f"entries must look like {shape}, got {shown}")
        first, second = parts[0].strip(), parts[1].strip()
    elif isinstance(entry, list | tuple) and len(entry) == 2 and all(isinstance(p, str) for p in entry):
        first, second = entry[0], entry[1]
    else:
        raise _BadValue(f"entries must be {shape} strings or [first, second] pairs, got {_shown(entry)}")
    if name == "remap":
        _check_regex(first)
    if name == "archives" and not second.startswith(("http://", "https://")):
        raise _BadValue(f"entries need an http(s) TimeGate URL, got {_shown(second)}")
    return first, _expand(second)


def _flatten(items: list[Any]) -> list[Any]:
    flat: list[Any] = []
    for item in items:
        flat.extend(item if isinstance(item, tuple) else [item])
    return flat


STATUS_CODES = range(100, 600)  # what an HTTP status line can hold


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


def _status_range(text: str) -> tuple[int, ...]:
    try:
        return tuple(sorted(status_codes(text)))
    except ValueError:
        raise _BadValue(f"must be status codes (100..599) like 403 or '200..299', got {_shown(text)}") from None


def _check_regex(pattern: str) -> None:
    try:
        compile_pattern(pattern)
    except PatternError as problem:
        raise _BadValue(f"holds {_shown(pattern)}, which is not a regular expression: {problem}") from None


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


def _expand(text: str) -> str:
    try:
        return expand_env(text)
    except KeyError as unset:
        raise _BadValue(f"refers to environment variable {unset.args[0]}, which is not set") from None


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)
