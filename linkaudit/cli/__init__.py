"""The command line: parse, call the library, render.

Exit codes: 0 nothing fails under the policy, 1 findings, 2 usage or input error,
3 the audit could not be done (our network is unavailable).

    arguments.py   the grammar, generated from linkaudit.option_table
    configure.py   settings from defaults, the configuration file and the options given
    extract.py     extract
    audit.py       audit
    fix.py         fix
    commands.py    the short ones: archive, report, cache and demo
    render.py      report files, standard output and the exit code
"""

from __future__ import annotations

import errno
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from rich.console import Console

from linkaudit import program
from linkaudit.cli.arguments import build_parser, misspelt_first_option, unknown_options
from linkaudit.cli.render import discard_stdout, say
from linkaudit.errors import LinkauditError, NetworkUnavailable, contains
from linkaudit.policy import ExitCode

__all__ = ["build_parser", "main", "run"]

# Each command's module is imported when the command runs: `--help`, `--version` and usage errors
# answer without loading the pipeline (half a second or more of imports).
_COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("linkaudit.cli.extract", "extract_command"),
    "audit": ("linkaudit.cli.audit", "audit_command"),
    "archive": ("linkaudit.cli.commands", "archive_command"),
    "report": ("linkaudit.cli.commands", "report_command"),
    "fix": ("linkaudit.cli.fix", "fix_command"),
    "cache": ("linkaudit.cli.commands", "cache_command"),
    "demo": ("linkaudit.cli.commands", "demo_command"),
}


def _command(name: str) -> Callable[[Any, Console, Console], int]:
    module, function = _COMMANDS[name]
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        misspelt_first_option(parser, arguments)
        args, extras = parser.parse_known_args(arguments)
        if extras:
            unknown_options(parser, args.command, extras)
    except SystemExit as exc:  # argparse has printed the usage error, or the help or version asked for
        return ExitCode.USAGE if exc.code else _written(sys.stdout.flush)
    except OSError as exc:  # the help or version could not be written
        return _exit_for(exc, Console(stderr=True, highlight=False))
    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    try:
        return int(_command(args.command)(args, out, err))
    except BaseException as exc:  # noqa: BLE001 - trio may wrap these in exception groups
        return _exit_for(exc, err)


def run() -> NoReturn:
    """The program: ``linkaudit`` and ``python -m linkaudit``."""
    program.begin()
    program.end(main())


def _written(flush: Callable[[], None]) -> int:
    """Exit 0 once what waits in the output's buffer is written, else the output failure's exit."""
    try:
        flush()
    except OSError as exc:
        return _exit_for(exc, Console(stderr=True, highlight=False))
    return ExitCode.OK


def _exit_for(exc: BaseException, err: Console) -> int:
    """The exit code for a run-level error, said in one line; anything else is a bug and raises."""
    if (network_down := contains(exc, NetworkUnavailable)) is not None:
        say(err, f"linkaudit: {network_down}")
        return ExitCode.NETWORK
    if (error := contains(exc, LinkauditError)) is not None:
        say(err, f"linkaudit: error: {error}")
        return ExitCode.USAGE
    if contains(exc, KeyboardInterrupt) is not None:
        say(err, "linkaudit: interrupted")
        return 130
    if contains(exc, BrokenPipeError) is not None:
        return ExitCode.OK
    if isinstance(full := contains(exc, OSError), OSError) and full.errno in _OUTPUT_FAILURES:
        discard_stdout()
        say(err, f"linkaudit: error: cannot write the output ({full.strerror})")
        return ExitCode.USAGE
    raise exc


# What writing standard output can fail with besides a closed pipe: a full disk or device, a
# quota, a file size limit, a failing device.
_OUTPUT_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})
