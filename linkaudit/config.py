"""The configuration file: ``linkaudit.toml`` or ``[tool.linkaudit]`` in ``pyproject.toml``.

Keys are the option names of ``linkaudit.option_table`` (``max-concurrency`` or
``max_concurrency``, and each option's aliases). Each value is checked against the type of the
record field it sets, read from the record itself, and against the option's bounds and choices in
the table. Precedence: command line over file over defaults.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from linkaudit.errors import ConfigError
from linkaudit.option_checks import shown as _shown
from linkaudit.option_checks import value_problem
from linkaudit.option_table import CHOICES, OPTIONS, RECORDS, UPPER_BOUNDS, Option, option_named
from linkaudit.option_values import expand_env, parse_duration, pattern_problem, status_codes
from linkaudit.policy import FAIL_ON_CHOICES
from linkaudit.settings import Settings

__all__ = [
    "CHOICES",
    "CONFIG_FILE",
    "FAIL_ON_CHOICES",
    "UPPER_BOUNDS",
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
    """The file's settings, keyed by option name and converted to the types of their fields."""
    table, where = _read_table(path)
    values: dict[str, object] = {}
    for raw_key, raw_value in table.items():
        name = str(raw_key).replace("-", "_")
        if (negated := _NEGATIONS.get(name)) is not None:
            if not isinstance(raw_value, bool):
                raise ConfigError(f"{path}: {raw_key!r} must be true or false, got {_shown(raw_value)}")
            name, raw_value = negated.name, not raw_value
        try:
            option = option_named(name)
        except KeyError:
            raise ConfigError(f"{path}: unknown key {raw_key!r}{where}{_suggestion(name)}") from None
        if option.name in values:
            raise ConfigError(f"{path}: {raw_key!r} sets {option.name.replace('_', '-')!r} a second time; keep one of them")
        try:
            values[option.name] = _convert(option, _field_type(option), raw_value)
        except _BadValue as bad:
            raise ConfigError(f"{path}: {raw_key!r} {bad}") from None
        if (problem := value_problem(option.name, values[option.name])) is not None:
            raise ConfigError(f"{path}: {raw_key!r} {problem}")
        if option.path:
            values[option.name] = _beside(path, values[option.name])
    return values


def _beside(config: Path, value: Any) -> Any:
    """A path the file names, read from the file's folder: a run from a subfolder of the
    repository writes its reports and cache where the file says, not into the subfolder."""
    if isinstance(value, tuple | list):
        return type(value)(_beside(config, item) for item in value)
    if not isinstance(value, str) or value == "-" or Path(value).expanduser().is_absolute():
        return value
    return str(config.resolve().parent / value)


_NEGATIONS = {option.negation: option for option in OPTIONS if option.negation}


def build_settings(file_values: Mapping[str, object], cli_values: Mapping[str, object]) -> Settings:
    """Settings from the defaults, overridden by the file, overridden by what was given on the command line.

    Both hold option names (``-`` or ``_``) and values already converted by their reader.
    """
    chosen = {key.replace("-", "_"): value for source in (file_values, cli_values) for key, value in source.items()}
    return Settings(**chosen)


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


def _field_type(option: Option) -> Any:
    record, field = option.targets[0].split(".")
    return typing.get_type_hints(RECORDS[record])[field]


def _suggestion(name: str) -> str:
    close = difflib.get_close_matches(name, [option.name for option in OPTIONS], n=1)
    return f" (did you mean {close[0].replace('_', '-')!r}?)" if close else ""


# --- conversion by declared type ------------------------------------------------------------


class _BadValue(Exception):
    """A value that does not fit its field; the message completes "'key' ..."."""


def _convert(option: Option, kind: Any, value: object) -> object:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in args if arg is not type(None)]
        return _convert(option, options[0], value)
    if origin is tuple and args and args[-1] is Ellipsis:
        item_kind = args[0]
        if typing.get_origin(item_kind) is tuple:
            return tuple(_pair(option, item) for item in _entries(option, value))
        return tuple(_scalar(option, item_kind, item) for item in _items(option, value))
    if origin is frozenset:
        items = [_scalar(option, args[0], item) for item in _items(option, value)]
        return frozenset(_flatten(items))
    return _scalar(option, kind, value)


def _scalar(option: Option, kind: Any, value: object) -> Any:
    converter = _SCALARS.get(kind)
    if converter is None:
        raise _BadValue(f"cannot be set in a configuration file (type {kind})")
    return converter(option, value)


def _to_bool(option: Option, value: object) -> bool:
    if not isinstance(value, bool):
        raise _BadValue(f"must be true or false, got {_shown(value)}")
    return value


def _to_int(option: Option, value: object) -> int | tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if option.name == "accept" and isinstance(value, str):
        return _status_range(value)
    raise _BadValue(f"must be a whole number, got {_shown(value)}")


def _to_float(option: Option, value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if option.duration and isinstance(value, str):
        seconds = parse_duration(value)
        if seconds is not None:
            return seconds
    raise _BadValue(f"must be a number, got {_shown(value)}")


def _to_str(option: Option, value: object) -> str:
    if not isinstance(value, str):
        raise _BadValue(f"must be a string, got {_shown(value)}")
    text = _expand(value) if option.env else value
    allowed = CHOICES.get(option.name)
    if allowed is not None and text not in allowed:
        raise _BadValue(f"must be one of {', '.join(sorted(allowed))}, got {_shown(text)}")
    if option.regex:
        _check_regex(text)
    return text


def _to_date(option: Option, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _BadValue(f"must be a date (YYYY-MM-DD), got {_shown(value)}")


_SCALARS: dict[Any, Callable[[Option, object], Any]] = {
    bool: _to_bool,
    int: _to_int,
    float: _to_float,
    str: _to_str,
    dt.date: _to_date,
}


def _items(option: Option, value: object) -> list[object]:
    """A list value; a lone string stands for a list of one."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    raise _BadValue(f"must be a list, got {_shown(value)}")


def _entries(option: Option, value: object) -> list[object]:
    """Pairs as a list, or as a table {first = second}."""
    if isinstance(value, dict):
        return [[key, item] for key, item in value.items()]
    return _items(option, value)


def _pair(option: Option, entry: object) -> tuple[str, str]:
    separator, shape = option.pair or (None, "a pair")
    if isinstance(entry, str):
        parts = entry.split(separator, 1)
        if len(parts) != 2 or not parts[0].strip():
            # A header line may hold a secret: never echo it.
            shown = "an entry without ':'" if option.name == "headers" else _shown(entry)
            raise _BadValue(f"entries must look like {shape}, got {shown}")
        first, second = parts[0].strip(), parts[1].strip()
    elif isinstance(entry, list | tuple) and len(entry) == 2 and all(isinstance(p, str) for p in entry):
        first, second = entry[0], entry[1]
    else:
        raise _BadValue(f"entries must be {shape} strings or [first, second] pairs, got {_shown(entry)}")
    if option.name == "remap":
        _check_regex(first)
    if option.name == "archives" and not second.startswith(("http://", "https://")):
        raise _BadValue(f"entries need an http(s) TimeGate URL, got {_shown(second)}")
    return first, _expand(second) if option.env else second


def _flatten(items: list[Any]) -> list[Any]:
    flat: list[Any] = []
    for item in items:
        flat.extend(item if isinstance(item, tuple) else [item])
    return flat


def _status_range(text: str) -> tuple[int, ...]:
    try:
        return tuple(sorted(status_codes(text)))
    except ValueError:
        raise _BadValue(f"must be status codes (100..599) like 403 or '200..299', got {_shown(text)}") from None


def _check_regex(pattern: str) -> None:
    if (problem := pattern_problem(pattern)) is not None:
        raise _BadValue(f"holds {_shown(pattern)}, which is not a regular expression: {problem}")


def _expand(text: str) -> str:
    try:
        return expand_env(text)
    except KeyError as unset:
        raise _BadValue(f"refers to environment variable {unset.args[0]}, which is not set") from None
