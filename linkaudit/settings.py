"""A whole run's options: one frozen record per stage, built once from defaults, file and command line.

``Settings(archive="all", timeout=5)`` takes options by the names the configuration file and the
command line use (``linkaudit.option_table``) and hands each stage its own record::

    settings.extract   ExtractOptions   -> linkaudit.extract
    settings.check     CheckOptions     -> linkaudit.check
    settings.cache     CacheOptions     -> the check cache
    settings.archive   ArchiveOptions   -> linkaudit.archive
    settings.drift     DriftOptions     -> linkaudit.drift
    settings.output    OutputOptions    -> reports, the console and the exit policy
    settings.run       RunOptions       -> which pieces and sources the run covers
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import Any

from linkaudit.option_table import OPTIONS, RECORDS, option_named
from linkaudit.options import (
    DEFAULT_USER_AGENT,
    PROJECT_URL,
    ArchiveOptions,
    CacheOptions,
    CheckOptions,
    DriftOptions,
    ExtractOptions,
    OutputOptions,
    RunOptions,
)

__all__ = ["DEFAULT_USER_AGENT", "PROJECT_URL", "Settings"]


class Settings:
    """The composition of the stage records; frozen, compared by value."""

    __slots__ = ("archive", "cache", "check", "drift", "extract", "output", "run")
    extract: ExtractOptions
    check: CheckOptions
    cache: CacheOptions
    archive: ArchiveOptions
    drift: DriftOptions
    output: OutputOptions
    run: RunOptions

    def __init__(self, **values: Any) -> None:
        fields: dict[str, dict[str, Any]] = {record: {} for record in RECORDS}
        for name, value in values.items():
            try:
                option = option_named(name)
            except KeyError:
                close = difflib.get_close_matches(name, [o.name for o in OPTIONS], n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise TypeError(f"Settings() got an unknown option {name!r}{hint}") from None
            for target in option.targets:
                record, field = target.split(".")
                fields[record][field] = value
        records = {record: RECORDS[record](**given) for record, given in fields.items()}
        check, archive, output = records["check"], records["archive"], records["output"]
        # Pieces given as URLs are fetched as sources are checked; the reports are not pieces.
        records["extract"] = dataclasses.replace(records["extract"], fetch=check, skipped_dirs=(output.reports_dir,))
        records["drift"] = dataclasses.replace(records["drift"], archive=archive)
        for record, built in records.items():
            object.__setattr__(self, record, built)

    def values(self) -> dict[str, Any]:
        """Every option by name, as ``Settings(**values)`` takes them."""
        return {option.name: self.value(option.name) for option in OPTIONS}

    def value(self, name: str) -> Any:
        """One option's value, by its name."""
        record, field = option_named(name).targets[0].split(".")
        return getattr(getattr(self, record), field)

    def replace(self, **values: Any) -> Settings:
        """These settings with some options changed."""
        return Settings(**{**self.values(), **values})

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Settings):
            return NotImplemented
        return all(getattr(self, record) == getattr(other, record) for record in RECORDS)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, record) for record in RECORDS))

    def __repr__(self) -> str:
        changed = {name: value for name, value in self.values().items() if value != option_named(name).default()}
        return "Settings(" + ", ".join(f"{name}={value!r}" for name, value in changed.items()) + ")"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.values(),))


def _rebuild(values: dict[str, Any]) -> Settings:
    return Settings(**values)
