"""The command line: a thin shell over the library API.

Exit codes: 0 nothing fails under the policy, 1 findings, 2 usage or input error,
3 the audit could not be done (our network is unavailable).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import errno
import json
import os
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import trio
from rich.console import Console

from linkaudit import __version__
from linkaudit.config import CHOICES, OPTION_ALIASES, build_settings, expand_env, find_config, load_config, parse_duration, status_codes, value_problem
from linkaudit.errors import ConfigError, InputError, LinkauditError, NetworkUnavailable, ReportError
from linkaudit.models import Extraction, Report
from linkaudit.extract.sources import PIECE_EXTENSIONS
from linkaudit.fix.write import STYLES
from linkaudit.headers import unscoped_names
from linkaudit.interrupts import Interrupts
from linkaudit.patterns import PatternError, compile_pattern
from linkaudit.pipeline import Audit, open_cache, run_audit
from linkaudit.printable import printable
from linkaudit.policy import FAIL_ON_CHOICES, ExitCode, Policy, exit_code
from linkaudit.settings import Settings
from linkaudit.shards import parse_shard

__all__ = ["main"]


class UsageError(LinkauditError):
    pass


def _say(console: Console, line: str) -> None:
    """One line of plain text: never wrapped (logs are grepped), never read as markup, and never
    broken by what it quotes (a file name may hold a line break)."""
    console.print(printable(line), markup=False, highlight=False, soft_wrap=True)


# --- option values -------------------------------------------------------------------


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _duration(text: str) -> float:
    seconds = parse_duration(text)
    if seconds is None:
        raise argparse.ArgumentTypeError(f"not a duration (e.g. 90, 30m, 12h, 1d): {text!r}")
    return seconds


def _remap(text: str) -> tuple[str, str]:
    parts = text.split(None, 1)
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"needs 'PATTERN REPLACEMENT', got {text!r}")
    try:
        compile_pattern(parts[0])
    except PatternError as exc:
        raise argparse.ArgumentTypeError(f"pattern {parts[0]!r} cannot be used: {exc}") from None
    return parts[0], parts[1]


def _regex(text: str) -> str:
    try:
        compile_pattern(text)
    except PatternError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} cannot be used as a pattern: {exc}") from None
    return text


def _header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError("needs 'Name: value' (value may be $ENV_VAR)")
    try:
        value = expand_env(value.strip())
    except KeyError as unset:
        raise argparse.ArgumentTypeError(f"{name.strip()}: environment variable {unset.args[0]} is not set") from None
    return name.strip(), value


def _status_codes(text: str) -> frozenset[int]:
    try:
        return status_codes(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs HTTP status codes (100..599) like 200,403 or 200..299, got {text!r}") from None


def _fail_on(text: str) -> frozenset[str]:
    chosen = frozenset(p.strip() for p in text.split(",") if p.strip())
    unknown = chosen - FAIL_ON_CHOICES
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown {', '.join(sorted(unknown))} (choose from {', '.join(sorted(FAIL_ON_CHOICES))})"
        )
    return chosen


def _shard(text: str) -> str:
    try:
        return str(parse_shard(text))
    except ValueError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None


def _archive_entry(text: str) -> tuple[str, str]:
    name, sep, url = text.partition("=")
    if not sep or not url.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"needs NAME=TIMEGATE_URL, got {text!r}")
    return name.strip(), url.strip()


def _int_at_least(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {text!r}")
        return value

    return parse


_positive_int = _int_at_least(1)
_whole_number = _int_at_least(0)


def _positive_float(text: str) -> float:
    """Seconds, written as the config file writes a duration ("30s", "2m") or as any number."""
    value = parse_duration(text)
    if value is None:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number of seconds (e.g. 15, 30s, 2m): {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0: {text!r}")
    return value


# --- the parser ----------------------------------------------------------------------

S = argparse.SUPPRESS  # options the user did not give stay out, so the config file can fill them
_DEFAULTS = Settings()
PIECE_GLOBS = tuple("*" + extension for extension in PIECE_EXTENSIONS)


def _default(name: str) -> str:
    """A setting's default as help text shows it: from Settings, the one place defaults live."""
    value = getattr(_DEFAULTS, name)
    if isinstance(value, frozenset):
        return ",".join(sorted(str(v) for v in value)) or "none"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _general_options(parser: argparse.ArgumentParser, *, quiet: bool = True, config: bool = True) -> None:
    group = parser.add_argument_group("general")
    if config:
        group.add_argument("--config", default=None, metavar="FILE",
                           help="linkaudit.toml or pyproject.toml to read (default: the nearest one, up to the repository root)")
    group.add_argument("-v", "--verbose", action="store_true", default=S,
                       help="also show redirect chains, errors and non-citations")
    if quiet:
        group.add_argument("-q", "--quiet", action="store_true", default=S, help="show only problems")


def _extract_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading pieces")
    group.add_argument("--scope", choices=CHOICES["scope"], default=S,
                       help="take links from the article body only, or from the whole page (default: article)")
    group.add_argument("--base-url", default=S, metavar="URL",
                       help="resolve relative links against URL (default: none; they are listed as internal)")
    group.add_argument("--published", type=_date, default=S, metavar="DATE",
                       help="the piece's publication date, YYYY-MM-DD (default: read from the piece)")
    group.add_argument("--include-path", dest="include_paths", action="append", default=S, metavar="GLOB",
                       help="in directories, read only files matching GLOB (repeatable; default: "
                       + " ".join(PIECE_GLOBS) + ")")
    group.add_argument("--exclude-path", dest="exclude_paths", action="append", default=S, metavar="GLOB",
                       help="in directories, skip files matching GLOB (repeatable)")
    group.add_argument("--no-ignore", dest="no_ignore", action="store_true", default=S,
                       help="in directories, read files that .gitignore rules leave out (default: off)")


def _check_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("checking sources")
    group.add_argument("--max-concurrency", type=_positive_int, default=S, metavar="N",
                       help=f"requests in flight at once (default: {_default('max_concurrency')})")
    group.add_argument("--per-host", type=_positive_int, default=S, metavar="N",
                       help=f"requests in flight per host; fewer after 429 or 503 (default: {_default('per_host')})")
    group.add_argument("--timeout", type=_positive_float, default=S, metavar="SECONDS",
                       help=f"connect and read timeout of one request (default: {_default('timeout')})")
    group.add_argument("--retries", type=_whole_number, default=S, metavar="N",
                       help=f"retries of a failing request, with backoff (default: {_default('retries')})")
    group.add_argument("--workers", type=_positive_int, default=S, metavar="N",
                       help="check processes (default: one per core once parsing would outlast two timeouts: 17,500 URLs at 15 s)")
    group.add_argument("--url-deadline", type=_duration, default=S, metavar="SECONDS",
                       help=f"per-URL deadline: its requests, retries and redirects, not its wait for a busy host (default {Settings().url_deadline:g} s)")
    group.add_argument("--include", type=_regex, action="append", default=S, metavar="REGEX",
                       help="check only URLs matching REGEX (repeatable; RE2 syntax, default: all)")
    group.add_argument("--exclude", type=_regex, action="append", default=S, metavar="REGEX",
                       help="do not check URLs matching REGEX: reported as skipped (repeatable)")
    group.add_argument("--ignore", type=_regex, action="append", default=S, metavar="REGEX",
                       help="leave URLs matching REGEX out of the audit (repeatable)")
    group.add_argument("--remap", type=_remap, action="append", default=S, metavar="'REGEX REPLACEMENT'",
                       help="request another URL in place of the cited one; \\1 names a group (repeatable)")
    group.add_argument("--accept", type=_status_codes, default=S, metavar="CODES",
                       help="status codes that count as alive too, e.g. 200..299,403 (default: none)")
    group.add_argument("--allow-private", action="store_true", default=S,
                       help="allow loopback and private addresses (default: refused, on every redirect too)")
    group.add_argument("--user-agent", default=S, metavar="TEXT", help=f"default: {_default('user_agent')}")
    group.add_argument("--header", dest="headers", type=_header, action="append", default=S,
                       metavar="'[HOST=]NAME: VALUE'",
                       help="extra request header for HOST, or for the --header-host hosts; VALUE may be $ENV_VAR "
                       "and is never shown (repeatable)")
    group.add_argument("--header-host", dest="header_hosts", action="append", default=S, metavar="HOST",
                       help="a host that receives the --header values given without HOST= (repeatable; default: none)")
    group.add_argument("--no-cache", dest="use_cache", action="store_false", default=S,
                       help="neither read nor write the check cache")
    group.add_argument("--cache", dest="cache_path", default=S, metavar="FILE",
                       help=f"the SQLite check cache (default: {_default('cache_path')})")
    group.add_argument("--max-age", type=_duration, default=S, metavar="AGE",
                       help="reuse cached checks younger than AGE, e.g. 30m, 12h, 1d (default: 1d)")


def _archive_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("web archives")
    group.add_argument("--archive", choices=CHOICES["archive"], default=S,
                       help="which sources to look up: those that no longer back their claim, all, or none "
                       "(default: problems)")
    group.add_argument("--wayback-url", default=S, metavar="URL",
                       help=f"the Wayback Machine's address (default: {_default('wayback_url')})")
    group.add_argument("--memento", dest="archives", type=_archive_entry, action="append", default=S,
                       metavar="NAME=TIMEGATE_URL", help="another Memento archive, tried in order (repeatable)")
    group.add_argument("--verify-snapshots", action="store_true", default=S,
                       help="replay each chosen capture to confirm it is a real 200 (default: off)")


_FORMATS = CHOICES["format"]
_FORMAT_HELP = ("what goes to standard output: table, plain (no colour, no wrapped lines), json, github "
                "(annotations), or auto: github under GitHub Actions, table on a terminal, plain when piped (default: auto)")


def _drift_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("content drift")
    group.add_argument("--drift", choices=CHOICES["drift"], default=S,
                       help="compare live sources with their captures from the time of the piece "
                       "(default auto: on when at most --drift-limit need a capture fetched)")
    group.add_argument("--drift-limit", type=_positive_int, default=S, metavar="N",
                       help="under --drift auto, the most live sources to fetch captures for (default 25)")


def _report_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reporting")
    group.add_argument("-o", "--output", dest="outputs", action="append", default=S, metavar="FILE",
                       help="write a report; format from the extension: .json .md .html .sarif .xml (repeatable)")
    group.add_argument("--save", action="store_true", default=S, help="write JSON, Markdown and HTML into the reports directory")
    group.add_argument("--reports-dir", default=S, metavar="DIR", help=f"where --save writes (default: {_default('reports_dir')})")
    group.add_argument("--format", choices=_FORMATS, default=S, help=_FORMAT_HELP)
    group.add_argument("--fail-on", type=_fail_on, default=S, metavar="LIST",
                       help="what fails the build, comma-separated: unbacked, drifted, dead, soft-404, archived, "
                       "failing, blocked, unverified (default: unbacked)")
    group.add_argument("--confirm", type=_positive_int, default=S, metavar="N",
                       help="count a source dead only after N failing checks in the cache (default: 1)")


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error said in one line and a pointer to --help instead of the usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}{_did_you_mean(self, message)} (see '{self.prog} --help')\n")


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


def _command(commands: Any, name: str, summary: str, example: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=summary, description=textwrap.fill(summary[0].upper() + summary[1:] + ".", 88),
        epilog=f"example:\n  {example}", formatter_class=_HelpFormatter,
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="linkaudit",
        description="Which sources still back each claim? Extract citations, check them, find archived copies.",
        epilog=_EXAMPLES,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"linkaudit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    extract = _command(commands, "extract", "list the citations of pieces (no network except pieces given as URLs)",
                       "linkaudit extract piece.md --format json")
    extract.add_argument("sources", nargs="+", metavar="SOURCE", help="file, directory, URL or - for stdin")
    extract.add_argument("--format", choices=["table", "json"], default=S,
                         help="a table, or the citations as JSON (default: table)")
    _extract_options(extract)
    _general_options(extract, quiet=False)

    audit = _command(commands, "audit", "check every citation and judge every claim",
                     "linkaudit audit content/ --fail-on unbacked,dead -o audit.sarif")
    audit.add_argument("sources", nargs="+", metavar="SOURCE", help="file, directory, URL or - for stdin")
    audit.add_argument("--shard", type=_shard, default=S, metavar="K/N",
                       help="check only the sites of shard K of N (a CI matrix job); merge with 'linkaudit report part-*.json'")
    for add in (_extract_options, _check_options, _archive_options, _drift_options, _report_options, _general_options):
        add(audit)
    more = audit.add_argument_group("more")
    more.add_argument("--changed-since", default=S, metavar="GIT_REF", help="only pieces changed since GIT_REF (default: all)")
    more.add_argument("--save-live", action="store_true", default=S,
                      help="submit live sources without a recent capture to Save Page Now (default: off)")

    archive = _command(commands, "archive", "submit live sources without a recent capture to Save Page Now",
                       "linkaudit archive content/ --dry-run")
    archive.add_argument("sources", nargs="+", metavar="SOURCE", help="file, directory, URL or - for stdin")
    for add in (_extract_options, _check_options, _archive_options):
        add(archive)
    saving = archive.add_argument_group("saving")
    saving.add_argument("--dry-run", action="store_true", default=S, help="print what would be submitted, submit nothing")
    saving.add_argument("--older-than", dest="save_if_older_than_days", type=_positive_int, default=S, metavar="DAYS",
                        help=f"submit when the newest capture is older than DAYS (default: {_default('save_if_older_than_days')})")
    _general_options(archive, quiet=False)

    report = _command(commands, "report", "re-render a saved JSON report, or merge shard reports (no network)",
                      "linkaudit report part-*.json -o audit.html -o audit.sarif")
    report.add_argument("saved", nargs="+", metavar="SAVED.json",
                        help="a JSON report written by -o or --save, or the parts of a --shard matrix")
    _report_options(report)
    _general_options(report)

    _add_fix_command(commands)

    cache = _command(commands, "cache", "work on check caches (merge the caches of shard jobs)",
                     "linkaudit cache merge .linkaudit-cache.sqlite part-*.sqlite")
    cache_commands = cache.add_subparsers(dest="cache_command", required=True, metavar="ACTION",
                                          help="merge: join the caches of shard jobs into one")
    merge = cache_commands.add_parser("merge", help="merge shard jobs' caches into one (newest check per source wins)")
    merge.add_argument("into", metavar="INTO.sqlite", help="the cache to merge into (created if missing)")
    merge.add_argument("parts", nargs="+", metavar="PART.sqlite", help="caches saved by the shard jobs")

    demo = _command(commands, "demo", "audit a demo piece against a simulated web and archive on loopback, "
                    "labelled as a simulation (no internet needed; exits 0)", "linkaudit demo --save")
    shown = demo.add_argument_group("reporting")
    shown.add_argument("--save", action="store_true", default=S, help="write JSON, Markdown and HTML into the reports directory")
    shown.add_argument("--reports-dir", default=S, metavar="DIR", help=f"where --save writes (default: {_default('reports_dir')})")
    shown.add_argument("-o", "--output", dest="outputs", action="append", default=S, metavar="FILE",
                       help="write a report; format from the extension: .json .md .html .sarif .xml (repeatable)")
    shown.add_argument("--format", choices=_FORMATS, default=S, help=_FORMAT_HELP)
    _general_options(demo, config=False)
    return parser


def _add_fix_command(commands: Any) -> None:
    fix = _command(commands, "fix", "write archive links or Robust Links into pieces for sources the audit found gone; "
                   "byte for byte the same outside the edited links", "linkaudit fix content/ --from audit.json --dry-run")
    fix.add_argument("sources", nargs="+", metavar="PIECE", help="file or directory (rewritten in place)")
    fix.add_argument("--from", dest="from_report", default=None, metavar="REPORT.json",
                     help="use a saved JSON report instead of auditing now (no network)")
    fix.add_argument("--style", choices=STYLES, default=None,
                     help="robust: Robust Links attributes (default for HTML); archive-link: link to the capture "
                     "(default for Markdown); annotate: a comment per problem link, links untouched")
    fix.add_argument("--dry-run", action="store_true", default=S, help="print a unified diff; write nothing")
    fix.add_argument("--output-dir", default=None, metavar="DIR", help="write fixed copies under DIR")
    fix.add_argument("--keep-href", action="store_true", default=False,
                     help="archive-link: keep the original link and append an (archived) link")
    fix.add_argument("--update-redirects", action="store_true", default=False,
                     help="point permanent redirects to the same page at their final URL")
    fix.add_argument("--save-live", action="store_true", default=S,
                     help="first submit live sources to Save Page Now, so robust gives them a version URL")
    fix.add_argument("--confirm", type=_positive_int, default=S, metavar="N",
                     help="rewrite a gone source only after N failing checks in the cache")
    fix.add_argument("-o", "--output", dest="outputs", action="append", default=S, metavar="FILE",
                     help="also write the audit's report; format from the extension: .json .md .html .sarif .xml")
    for add in (_extract_options, _check_options, _archive_options):
        add(fix)
    _general_options(fix, quiet=False)


# --- commands ------------------------------------------------------------------------

_NOT_SETTINGS = {"command", "sources", "saved", "config"}


# Settings whose command-line option has another name: the config file's aliases, read backwards.
_OPTION_NAMES = {setting: option.replace("_", "-") for option, setting in OPTION_ALIASES.items()}


def _settings(args: argparse.Namespace) -> Settings:
    from linkaudit.report import format_for_path

    given = {k: v for k, v in vars(args).items() if k not in _NOT_SETTINGS}
    for key in ("include_paths", "exclude_paths", "include", "exclude", "ignore", "remap", "headers", "outputs", "archives"):
        if key in given:
            given[key] = tuple(given[key])
    config_path = Path(args.config) if getattr(args, "config", None) else find_config(Path.cwd())
    file_values = load_config(config_path) if config_path else {}
    for name, value in given.items():
        if (problem := value_problem(name, value)) is not None:
            option = _OPTION_NAMES.get(name, name.replace("_", "-"))
            raise ConfigError(f"--{option} {problem}")
    settings = build_settings(file_values, given)
    if lost := unscoped_names(settings):
        raise ConfigError(
            f"--header {lost[0]} names no host to send it to: add --header-host HOST, or write it "
            f"'HOST={lost[0]}: VALUE' (extra headers never go to every cited host)"
        )
    for path in settings.outputs:
        format_for_path(path)  # a bad extension fails now, not after a long audit
    return settings


def _policy(settings: Settings) -> Policy:
    return Policy(fail_on=settings.fail_on, confirm=settings.confirm)


def _report_errors(console: Console, errors: Sequence[InputError]) -> None:
    for error in errors:
        _say(console, f"linkaudit: error: {error}")


def _cmd_extract(args: argparse.Namespace, out: Console, err: Console) -> int:
    from linkaudit.extract import extract_sources
    from linkaudit.report.terminal import extraction_table, print_audit

    settings = _settings(args)
    extractions, errors = extract_sources(args.sources, settings)
    _report_errors(err, errors)
    _warn_extractions(err, extractions)
    if not extractions:
        return _nothing_read(errors, settings, err)
    if settings.format == "json":
        shown = _to_stdout(lambda: _write_json(out, [_extraction_dict(e) for e in extractions]))
    else:
        shown = _to_stdout(lambda: print_audit(out, [extraction_table(extractions, verbose=settings.verbose)]))
    if shown is not None:
        _say(err, f"linkaudit: error: {shown}")
        return ExitCode.USAGE
    return ExitCode.OK


def _write_json(out: Console, value: object) -> None:
    out.file.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _warn_extractions(err: Console, extractions: Sequence[Extraction]) -> None:
    for extraction in extractions:
        for warning in extraction.warnings:
            _say(err, f"linkaudit: warning: {extraction.source}: {warning}")


def _extraction_dict(extraction: Extraction) -> dict[str, Any]:
    published = extraction.published
    return {
        "source": extraction.source,
        "kind": str(extraction.kind),
        "title": extraction.title,
        "published": published.date.isoformat() if published else None,
        "published_from": str(published.source) if published else None,
        "not_before": extraction.not_before.date.isoformat() if extraction.not_before else None,
        "citations": [
            {
                "url": c.url,
                "written": c.written,
                "anchor": c.anchor,
                "claim": c.claim,
                "claim_id": c.claim_id,
                "heading": c.heading,
                "line": c.location.line,
                "column": c.location.column,
                "internal": c.internal,
            }
            for c in extraction.citations
        ],
        "not_citations": [
            {"written": n.written, "reason": n.reason, "line": n.location.line, "column": n.location.column}
            for n in extraction.non_citations
        ],
    }


def _pieces_to_audit(args: argparse.Namespace, settings: Settings, err: Console) -> list[str]:
    if not settings.changed_since:
        return list(args.sources)
    from linkaudit.changes import changed_pieces

    changed, reason = changed_pieces(settings.changed_since, args.sources)
    if changed is None:
        _say(err, f"linkaudit: {reason}; auditing everything")
        return list(args.sources)
    return changed


def _cmd_audit(args: argparse.Namespace, out: Console, err: Console) -> int:
    settings = _settings(args)
    pieces = _pieces_to_audit(args, settings, err)
    if not pieces:
        _say(err, f"linkaudit: no piece changed since {settings.changed_since}")
        return ExitCode.OK
    run = Audit(settings)
    run.load(pieces)
    _report_errors(err, run.input_errors)
    _warn_extractions(err, run.extractions)
    if not run.extractions:
        return _nothing_read(run.input_errors, settings, err)
    _refuse_overwriting_pieces(settings, run)
    code = _run_and_report(run, settings, out, err)
    # A shard sees part of the sources: the verdict is the merged report's (linkaudit report part-*.json).
    return ExitCode.OK if settings.shard and code == ExitCode.FINDINGS else code


def _nothing_read(errors: Sequence[InputError], settings: Settings, err: Console) -> int:
    """Exit code when no piece could be read: 3 when every piece was a web page out of reach and
    our own network looks down too (no reference host answers); else it is bad input."""
    from linkaudit.check.reachability import any_reference_answers

    if errors and all(error.unreachable for error in errors) and not trio.run(any_reference_answers, settings):
        _say(err, "linkaudit: network unavailable: no piece could be fetched, so the audit could not be done")
        return ExitCode.NETWORK
    return ExitCode.USAGE


def _refuse_overwriting_pieces(settings: Settings, run: Audit) -> None:
    pieces = {Path(e.path).resolve() for e in run.extractions if e.path}
    for output in settings.outputs:
        if Path(output).resolve() in pieces:
            raise ConfigError(f"--output {output} is one of the pieces being audited; it would be overwritten")
    if settings.use_cache and Path(settings.cache_path).resolve() in pieces:
        raise ConfigError(f"--cache {settings.cache_path} is one of the pieces being audited; it would be overwritten")


def _run_and_report(run: Audit, settings: Settings, out: Console, err: Console, **transports: Any) -> int:
    from linkaudit.report.progress import progress_for

    cache = open_cache(settings)
    shown = 0
    if cache is not None:
        for warning in cache.warnings:
            _say(err, f"linkaudit: warning: {warning}")
        shown = len(cache.warnings)
    progress_console = Console(stderr=True, quiet=settings.quiet or settings.format == "json")

    def drift_line(line: str) -> None:
        # The decision always shows (it explains the run's cost); each comparison is progress.
        _say(err if line.startswith("drift: ") else progress_console, f"linkaudit: {line}")

    with Interrupts() as interrupts:
        try:
            with progress_for(progress_console, len(run.urls_to_check()), settings) as progress:
                report = interrupts.run(
                    lambda: run_audit(run, cache=cache, listener=progress, on_drift=drift_line, **transports)
                )
            _say_saves(run, err)
        except BaseException as exc:  # noqa: BLE001 - trio may wrap these in exception groups
            network_down = _contains(exc, NetworkUnavailable)
            if network_down is not None:
                _say(err, f"linkaudit: {network_down}")
                return ExitCode.NETWORK
            raise
        finally:
            if cache is not None:
                for warning in cache.warnings[shown:]:  # the cache failed during the run
                    _say(err, f"linkaudit: warning: {warning}")
                cache.close()
        # Written whole, whatever interrupts come now: they are counted and ignored until done.
        if report is None:
            _say(err, "linkaudit: interrupted; the report holds what was checked so far")
            _emit(run.report(complete=False), settings, out, err)
            return 130
        return _emit(report, settings, out, err)


def _contains(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """``exc`` itself or the first ``kind`` inside the exception groups trio raises."""
    if isinstance(exc, kind):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = _contains(inner, kind)
            if found is not None:
                return found
    return None


def _say_saves(run: Audit, err: Console) -> None:
    for outcome in run.saves:
        _say(err, f"linkaudit: archive: {outcome.action}: {outcome.url} {outcome.detail}".rstrip())


def _output_format(settings: Settings, out: Console | None = None) -> str:
    if settings.format != "auto":
        return settings.format
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    # Piped or redirected: plain lines, as most command-line tools do (no box, no padding).
    return "table" if out is None or out.is_terminal else "plain"


def _emit(report: Report, settings: Settings, out: Console, err: Console) -> int:
    from linkaudit.report import save_reports, write_report

    policy = _policy(settings)
    fmt = _output_format(settings, out)
    # Files first: whatever goes wrong on the console side, the reports asked for exist. One that
    # cannot be written does not cost the others, nor the audit on the console.
    failed: list[ReportError] = []
    for path in settings.outputs:
        try:
            write_report(report, path, policy=policy)
            _say(err, f"linkaudit: wrote {path}")
        except ReportError as unwritten:
            failed.append(unwritten)
    if settings.save:
        try:
            for path in save_reports(report, settings.reports_dir, policy=policy):
                _say(err, f"linkaudit: wrote {path}")
        except ReportError as unsaved:
            failed.append(unsaved)
    if (unshown := _to_stdout(lambda: _show(report, settings, fmt, policy, out, err))) is not None:
        failed.append(unshown)
    for failure in failed:
        _say(err, f"linkaudit: error: {failure}")
    return ExitCode.USAGE if failed else exit_code(report, policy)


def _to_stdout(show: Callable[[], None]) -> ReportError | None:
    """Run ``show``, which writes to standard output; the error when it cannot.

    A full disk or a closed terminal is an input/output problem like any other: one line, exit
    2, and nothing left in the buffer for Python to fail on again at exit.
    """
    try:
        show()
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader left (| head): not an error
    except OSError as error:
        _discard_stdout()
        return ReportError(f"cannot write to standard output ({error.strerror or error})")
    return None


def _discard_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _show(report: Report, settings: Settings, fmt: str, policy: Policy, out: Console, err: Console) -> None:
    from linkaudit.report import render
    from linkaudit.report.terminal import audit_renderables, print_audit

    if fmt == "json":
        out.file.write(render(report, "json", policy=policy) + "\n")
    elif fmt == "github":
        out.file.write(render(report, "github", policy=policy))
        _append_step_summary(render(report, "markdown", policy=policy), err)
    else:
        plain = fmt == "plain"
        # Plain output is for logs: no colour, and no line broken at a guessed width (a URL split in
        # two can be neither grepped nor followed).
        console = Console(highlight=False, color_system=None, force_terminal=False, emoji=False, width=_PLAIN_WIDTH) if plain else out
        renderables = audit_renderables(report, verbose=settings.verbose, quiet=settings.quiet, policy=policy, boxed=not plain)
        print_audit(console, renderables)


_PLAIN_WIDTH = 4000


def _append_step_summary(markdown: str, err: Console) -> None:
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return
    try:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(markdown + "\n")
    except OSError as exc:
        _say(err, f"linkaudit: warning: {summary}: cannot append the job summary: {exc.strerror or exc}")


def _cmd_archive(args: argparse.Namespace, out: Console, err: Console) -> int:
    from dataclasses import replace

    settings = replace(_settings(args), save_live=True)
    run = Audit(settings)
    run.load(args.sources)
    _report_errors(err, run.input_errors)
    if not run.extractions:
        return _nothing_read(run.input_errors, settings, err)
    cache = open_cache(settings)
    try:
        trio.run(lambda: run_audit(run, cache=cache, find_captures=False))
    finally:
        if cache is not None:
            cache.close()
    for outcome in run.saves:
        _say(out, f"{outcome.action:15} {outcome.url}  {outcome.detail}".rstrip())
    failed = sum(1 for o in run.saves if o.action == "failed")
    return ExitCode.FINDINGS if failed else ExitCode.OK


def _cmd_report(args: argparse.Namespace, out: Console, err: Console) -> int:
    from linkaudit.report import load_report
    from linkaudit.shards import merge_reports

    settings = _settings(args)
    if len(args.saved) == 1:
        report = load_report(args.saved[0])
    else:  # read one part at a time: a matrix of large parts must not all sit in memory at once
        report = merge_reports((path, load_report(path)) for path in args.saved)
    return _emit(report, settings, out, err)


_FIX_ONLY = ("from_report", "style", "output_dir", "keep_href", "update_redirects")


def _cmd_fix(args: argparse.Namespace, out: Console, err: Console) -> int:
    from linkaudit.fix import FixOptions
    from linkaudit.fix.files import read_pieces
    from linkaudit.fix.run import fix_files, fresh_audit, saved_captures
    from linkaudit.report import load_report, write_report

    settings = _settings(argparse.Namespace(**{k: v for k, v in vars(args).items() if k not in _FIX_ONLY}))
    if args.from_report and settings.save_live:
        raise ConfigError("--save-live asks the archive, and --from means no network: use one or the other")
    pieces, errors = read_pieces(args.sources, settings)
    _report_errors(err, errors)
    if not pieces:
        return ExitCode.USAGE
    paths = {Path(piece.path).resolve() for piece in pieces}
    for output in settings.outputs:
        if Path(output).resolve() in paths:
            raise ConfigError(f"--output {output} is one of the pieces being fixed; it would be overwritten")
    if args.from_report:
        report, saved = load_report(args.from_report), {}
    else:
        audit = fresh_audit(pieces, settings)
        _say_saves(audit, err)
        report, saved = audit.report(), saved_captures(audit.saves)
    for path in settings.outputs:
        write_report(report, path, policy=_policy(settings))
        _say(err, f"linkaudit: wrote {path}")
    options = FixOptions(
        style=args.style, keep_href=args.keep_href, update_redirects=args.update_redirects, confirm=settings.confirm
    )
    fixing = fix_files(pieces, report, settings, options, saved=saved, output_dir=args.output_dir, dry_run=settings.dry_run)
    out.file.write(fixing.diff)
    for message in fixing.messages:
        _say(err, f"linkaudit: {message}")
    _report_errors(err, fixing.errors)
    return ExitCode.USAGE if errors or fixing.errors else ExitCode.OK


def _cmd_cache(args: argparse.Namespace, out: Console, err: Console) -> int:
    from linkaudit.cache import CacheMergeError, merge_caches

    try:
        merged = merge_caches(args.into, args.parts)
    except CacheMergeError as problem:
        _say(err, f"linkaudit: error: {problem}")
        return ExitCode.USAGE
    _say(err, f"linkaudit: merged {len(args.parts)} caches into {args.into}: {merged.sources} sources updated, "
              f"{merged.checks} history rows and {merged.archive} archive answers added")
    return ExitCode.OK


def _cmd_demo(args: argparse.Namespace, out: Console, err: Console) -> int:
    from linkaudit.demo import run_demo

    given = {k: v for k, v in vars(args).items() if k not in _NOT_SETTINGS}
    if "outputs" in given:
        given["outputs"] = tuple(given["outputs"])
    report, settings = run_demo(given, out, err)
    _emit(report, settings, out, err)
    return ExitCode.OK  # the demo shows findings on purpose; it succeeded if it ran


_COMMANDS: dict[str, Callable[[argparse.Namespace, Console, Console], int]] = {
    "extract": _cmd_extract,
    "audit": _cmd_audit,
    "archive": _cmd_archive,
    "report": _cmd_report,
    "fix": _cmd_fix,
    "cache": _cmd_cache,
    "demo": _cmd_demo,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        _misspelt_first_option(parser, arguments)
        args, extras = parser.parse_known_args(arguments)
        if extras:
            _unknown_options(parser, args.command, extras)
    except SystemExit as exc:  # argparse has printed the usage error
        return int(exc.code or 0) and ExitCode.USAGE
    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    try:
        return int(_COMMANDS[args.command](args, out, err))
    except BaseException as exc:  # noqa: BLE001 - trio may wrap these in exception groups
        return _exit_for(exc, err)


def _unknown_options(parser: argparse.ArgumentParser, command: str, extras: list[str]) -> NoReturn:
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


def _misspelt_first_option(parser: argparse.ArgumentParser, arguments: list[str]) -> None:
    """``linkaudit --verison`` is a typo before any command: say so, with the option it resembles."""
    if not arguments or not arguments[0].startswith("-"):
        return
    known = [option for action in parser._actions for option in action.option_strings]  # noqa: SLF001
    if arguments[0] not in known:
        close = difflib.get_close_matches(arguments[0], known, n=1)
        suggestion = f"; did you mean {close[0]}?" if close else ""
        parser.error(f"unrecognized option {arguments[0]}{suggestion}")


def _exit_for(exc: BaseException, err: Console) -> int:
    """The exit code for a run-level error, said in one line; anything else is a bug and raises."""
    if (network_down := _contains(exc, NetworkUnavailable)) is not None:
        _say(err, f"linkaudit: {network_down}")
        return ExitCode.NETWORK
    if (error := _contains(exc, LinkauditError)) is not None:
        _say(err, f"linkaudit: error: {error}")
        return ExitCode.USAGE
    if _contains(exc, KeyboardInterrupt) is not None:
        _say(err, "linkaudit: interrupted")
        return 130
    if _contains(exc, BrokenPipeError) is not None:
        return ExitCode.OK
    if isinstance(full := _contains(exc, OSError), OSError) and full.errno in _OUTPUT_FAILURES:
        _discard_stdout()
        _say(err, f"linkaudit: error: cannot write the output ({full.strerror})")
        return ExitCode.USAGE
    raise exc


# What writing standard output can fail with besides a closed pipe: a full disk or device, a
# quota, a file size limit, a failing device.
_OUTPUT_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


if __name__ == "__main__":
    sys.exit(main())
