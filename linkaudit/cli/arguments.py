"""The command line's grammar, generated from the option table: each command takes the groups of
options it needs, and each option's flags, parser, choices and help come from
``linkaudit.option_table`` (its bounds are checked with the file's values, in ``cli.configure``)."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import textwrap
from collections.abc import Callable
from typing import IO, Any, NoReturn

from linkaudit import __version__
from linkaudit.option_table import ARCHIVES, CHECKS, DRIFT, GENERAL, OPTIONS, PIECES, REPORTING, Option, option_named
from linkaudit.option_values import expand_env
from linkaudit.policy import ExitCode
from linkaudit.options import FIX_STYLES

__all__ = ["add_group", "add_option", "build_parser", "misspelt_first_option", "unknown_options"]

S = argparse.SUPPRESS  # options the user did not give stay out, so the config file can fill them


def _typed(option: Option) -> Callable[[str], Any]:
    """The option's text parser as argparse's ``type``; bounds and the other rules are checked
    with the file's values, by the same function (``cli.configure``)."""
    parse = option.parse or str
    whole_value_from_environment = option.env and option.pair is None  # a pair's parser reads its second part

    def read(text: str) -> Any:
        try:
            return parse(expand_env(text) if whole_value_from_environment else text)
        except KeyError as unset:
            raise argparse.ArgumentTypeError(f"environment variable {unset.args[0]} is not set") from None
        except ValueError as unreadable:
            raise argparse.ArgumentTypeError(str(unreadable)) from None

    read.__name__ = option.name
    return read


def add_option(group: Any, name: str, **overrides: Any) -> None:
    """One option of the table on ``group``; ``overrides`` replace what the table says (a help
    text or choices particular to one command)."""
    option = option_named(name)
    arguments: dict[str, Any] = {"dest": option.name, "default": S, "help": option.help_text(), "action": option.action}
    if option.action not in ("store_true", "store_false"):
        arguments["metavar"] = option.metavar
        if option.choices:
            arguments["choices"] = option.choices
        elif option.parse is not None or option.env:
            arguments["type"] = _typed(option)
    arguments.update(overrides)
    group.add_argument(*option.option_flags, **{k: v for k, v in arguments.items() if v is not None})


def add_group(parser: argparse.ArgumentParser, group_name: str) -> Any:
    """The table's options of one --help section, in the table's order."""
    group = parser.add_argument_group(group_name)
    for option in OPTIONS:
        if option.group == group_name:
            add_option(group, option.name)
    return group


def _general_options(parser: argparse.ArgumentParser, *, quiet: bool = True, config: bool = True) -> None:
    group = parser.add_argument_group(GENERAL)
    if config:
        group.add_argument("--config", default=None, metavar="FILE",
                           help="linkaudit.toml or pyproject.toml to read (default: the nearest one, up to the repository root)")
    add_option(group, "verbose")
    if quiet:
        add_option(group, "quiet")


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error said in one line and a pointer to --help instead of the usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}{_did_you_mean(self, message)} (see '{self.prog} --help')\n")

    def _print_message(self, message: str, file: IO[str] | None = None) -> None:
        # argparse ignores a failed write, so `--help > /dev/full` would say nothing and succeed;
        # the failure is let through to be said in one line like any other output failure.
        if message:
            (file or sys.stderr).write(message)


_INVALID_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)")


def _did_you_mean(parser: argparse.ArgumentParser, message: str) -> str:
    match = _INVALID_CHOICE.search(message)
    if match is None:
        return ""
    choices = [choice.strip(" '") for choice in match.group(2).split(",")]
    close = difflib.get_close_matches(match.group(1), choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and epilogs keep their line breaks: the examples are laid out by hand."""


_EXAMPLES = """\
examples:
  linkaudit extract piece.html                 citations, claims and places; no network
  linkaudit audit piece.md                     check, look up archives, print the audit
  linkaudit audit content/ --save              a directory; reports into reports/
  linkaudit audit https://example.org/article  an article page on the web
  linkaudit audit piece.md -o audit.html -o audit.sarif
  linkaudit audit content/ --changed-since origin/main --confirm 3
  linkaudit audit piece.md --header 'staging.example.org=Authorization: $TOKEN'
  linkaudit report reports/piece.json -o piece.html     re-render, no network
  linkaudit archive content/ --dry-run         what would go to Save Page Now
  linkaudit demo                               a simulated web on loopback: every verdict

exit codes: 0 nothing fails under the policy (--fail-on), 1 findings that fail it,
2 usage or input error, 3 network unavailable (the audit could not be done).
"""
_SOURCES_HELP = "file, directory, URL or - for stdin"


def _command(commands: Any, name: str, summary: str, example: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=summary, description=textwrap.fill(summary[0].upper() + summary[1:] + ".", 88),
        epilog=f"example:\n  {example}", formatter_class=_HelpFormatter,
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="linkaudit",
        description="Which sources still back each claim? Extract citations, check them, find archived copies.",
        epilog=_EXAMPLES,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"linkaudit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    _add_extract_command(commands)
    _add_audit_command(commands)
    _add_archive_command(commands)
    _add_report_command(commands)
    _add_fix_command(commands)
    _add_cache_command(commands)
    _add_demo_command(commands)
    return parser


def _add_extract_command(commands: Any) -> None:
    extract = _command(commands, "extract", "list the citations of pieces (no network except pieces given as URLs)",
                       "linkaudit extract piece.md --format json")
    extract.add_argument("sources", nargs="+", metavar="SOURCE", help=_SOURCES_HELP)
    add_option(extract, "format", choices=["table", "json"], help="a table, or the citations as JSON (default: table)")
    add_group(extract, PIECES)
    _general_options(extract, quiet=False)


def _add_audit_command(commands: Any) -> None:
    audit = _command(commands, "audit", "check every citation and judge every claim",
                     "linkaudit audit content/ --fail-on unbacked,dead -o audit.sarif")
    audit.add_argument("sources", nargs="+", metavar="SOURCE", help=_SOURCES_HELP)
    add_option(audit, "shard")
    for group in (PIECES, CHECKS, ARCHIVES, DRIFT, REPORTING):
        add_group(audit, group)
    _general_options(audit)
    more = audit.add_argument_group("more")
    add_option(more, "changed_since")
    add_option(more, "save_live")


def _add_archive_command(commands: Any) -> None:
    archive = _command(commands, "archive", "submit live sources without a recent capture to Save Page Now",
                       "linkaudit archive content/ --dry-run")
    archive.add_argument("sources", nargs="+", metavar="SOURCE", help=_SOURCES_HELP)
    for group in (PIECES, CHECKS, ARCHIVES):
        add_group(archive, group)
    saving = archive.add_argument_group("saving")
    add_option(saving, "dry_run")
    add_option(saving, "save_if_older_than_days")
    _general_options(archive, quiet=False)


def _add_report_command(commands: Any) -> None:
    report = _command(commands, "report", "re-render a saved JSON report, or merge shard reports (no network)",
                      "linkaudit report part-*.json -o audit.html -o audit.sarif")
    report.add_argument("saved", nargs="+", metavar="SAVED.json",
                        help="a JSON report written by -o or --save, or the parts of a --shard matrix")
    add_group(report, REPORTING)
    _general_options(report)


def _add_fix_command(commands: Any) -> None:
    fix = _command(commands, "fix", "write archive links or Robust Links into pieces for sources the audit found gone; "
                   "byte for byte the same outside the edited links", "linkaudit fix content/ --from audit.json --dry-run")
    fix.add_argument("sources", nargs="+", metavar="PIECE", help="file or directory (rewritten in place)")
    fix.add_argument("--from", dest="from_report", default=None, metavar="REPORT.json",
                     help="use a saved JSON report instead of auditing now (no network)")
    fix.add_argument("--style", choices=FIX_STYLES, default=None,
                     help="robust: Robust Links attributes (default for HTML); archive-link: link to the capture "
                     "(default for Markdown); annotate: a comment per problem link, links untouched")
    add_option(fix, "dry_run", help="print a unified diff; write nothing")
    fix.add_argument("--output-dir", default=None, metavar="DIR", help="write fixed copies under DIR")
    fix.add_argument("--keep-href", action="store_true", default=False,
                     help="archive-link: keep the original link and append an (archived) link")
    fix.add_argument("--update-redirects", action="store_true", default=False,
                     help="point permanent redirects to the same page at their final URL")
    add_option(fix, "save_live", help="first submit live sources to Save Page Now, so robust gives them a version URL")
    add_option(fix, "confirm", help="rewrite a gone source only after N failing checks in the cache")
    add_option(fix, "outputs", help="also write the audit's report; format from the extension: .json .md .html .sarif .xml")
    for group in (PIECES, CHECKS, ARCHIVES):
        add_group(fix, group)
    _general_options(fix, quiet=False)


def _add_cache_command(commands: Any) -> None:
    cache = _command(commands, "cache", "work on check caches (merge the caches of shard jobs)",
                     "linkaudit cache merge .linkaudit-cache.sqlite part-*.sqlite")
    cache_commands = cache.add_subparsers(dest="cache_command", required=True, metavar="ACTION",
                                          help="merge: join the caches of shard jobs into one")
    merge = cache_commands.add_parser("merge", help="merge shard jobs' caches into one (newest check per source wins)")
    merge.add_argument("into", metavar="INTO.sqlite", help="the cache to merge into (created if missing)")
    merge.add_argument("parts", nargs="+", metavar="PART.sqlite", help="caches saved by the shard jobs")


def _add_demo_command(commands: Any) -> None:
    demo = _command(commands, "demo", "audit a demo piece against a simulated web and archive on loopback, "
                    "labelled as a simulation (no internet needed; exits 0)", "linkaudit demo --save")
    shown = demo.add_argument_group(REPORTING)
    for name in ("save", "reports_dir", "outputs", "format"):
        add_option(shown, name)
    _general_options(demo, config=False)


def unknown_options(parser: argparse.ArgumentParser, command: str, extras: list[str]) -> NoReturn:
    """A one-line error for options the command does not have, with the nearest one it does."""
    subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    command_parser: argparse.ArgumentParser = subcommands.choices[command]
    known = [option for action in command_parser._actions for option in action.option_strings]  # noqa: SLF001
    message = f"unrecognized arguments: {' '.join(extras)}"
    for extra in extras:
        if extra.startswith("-") and (close := difflib.get_close_matches(extra.split("=", 1)[0], known, n=1)):
            message += f"; did you mean {close[0]}?"
            break
    command_parser.error(message)


def misspelt_first_option(parser: argparse.ArgumentParser, arguments: list[str]) -> None:
    """``linkaudit --verison`` is a typo before any command: say so, with the option it resembles."""
    if not arguments or not arguments[0].startswith("-"):
        return
    known = [option for action in parser._actions for option in action.option_strings]  # noqa: SLF001
    if arguments[0] not in known:
        close = difflib.get_close_matches(arguments[0], known, n=1)
        suggestion = f"; did you mean {close[0]}?" if close else ""
        parser.error(f"unrecognized option {arguments[0]}{suggestion}")
