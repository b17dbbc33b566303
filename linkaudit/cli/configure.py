"""Settings for one command: the defaults, overridden by the configuration file, overridden by the
options given on the command line; both checked by the same rules (``linkaudit.config``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from linkaudit.config import build_settings, find_config, load_config
from linkaudit.option_checks import value_problem
from linkaudit.errors import ConfigError
from linkaudit.headers import unscoped_names
from linkaudit.option_table import option_named
from linkaudit.settings import Settings

__all__ = ["NOT_SETTINGS", "settings_from"]

# Command-line arguments that are not options of the run.
NOT_SETTINGS = frozenset({"command", "sources", "saved", "config", "cache_command", "into", "parts"})


def settings_from(args: argparse.Namespace, *, leave_out: frozenset[str] = frozenset()) -> Settings:
    from linkaudit.report import format_for_path

    given = {k: v for k, v in vars(args).items() if k not in NOT_SETTINGS | leave_out}
    for name, value in given.items():
        if isinstance(value, list):  # repeatable options arrive as lists
            given[name] = tuple(value)
    config_path = Path(args.config) if getattr(args, "config", None) else find_config(Path.cwd())
    file_values = load_config(config_path) if config_path else {}
    for name, value in given.items():
        if (problem := value_problem(name, value)) is not None:
            raise ConfigError(f"{option_named(name).shown_name} {problem}")
    settings = build_settings(file_values, given)
    if lost := unscoped_names(settings.check):
        raise ConfigError(
            f"--header {lost[0]} names no host to send it to: add --header-host HOST, or write it "
            f"'HOST={lost[0]}: VALUE' (extra headers never go to every cited host)"
        )
    for path in settings.output.outputs:
        format_for_path(path)  # a bad extension fails now, not after a long audit
    return settings
