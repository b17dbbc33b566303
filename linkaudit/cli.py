"""The command line: a thin shell over the library API.

Exit codes: 0 nothing fails under the policy, 1 findings, 2 usage or input error,
3 the audit could not be done (our network is unavailable).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import trio
from rich.console import Console

from linkaudit import __version__
from linkaudit.config import OPTION_ALIASES, build_settings, find_config, load_config, status_codes, value_problem
from linkaudit.errors import ConfigError, InputError, LinkauditError, NetworkUnavailable, ReportError
from linkaudit.models import Extraction, Report
from linkaudit.pipeline import Audit, open_cache, run_audit
from linkaudit.policy import FAIL_ON_CHOICES, ExitCode, Policy, exit_code
from linkaudit.settings import Settings
from linkaudit.shards import parse_shard

__all__ = ["main"]


class UsageError(LinkauditError):
    pass


def _say(console: Console, line: str) -> None:
    """One line of plain text: never wrapped (logs are grepped), never read as markup."""
    console.print(line, markup=False, highlight=False, soft_wrap=True)


# --- option values -------------------------------------------------------------------


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def _duration(text: str) -> float:
    match = _DURATION.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a duration (e.g. 90, 30m, 12h, 1d): {text!r}")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def _remap(text: str) -> tuple[str, str]:
    parts = text.split(None, 1)
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"needs 'PATTERN REPLACEMENT', got {text!r}")
    try:
        re.compile(parts[0])
    except re.error as exc:
        raise argparse.ArgumentTypeError(f"pattern {parts[0]!r} is not a regex: {exc}") from None
    return parts[0], parts[1]


def _regex(text: str) -> str:
    try:
        re.compile(text)
    except re.error as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a regular expression: {exc}") from None
    return text


def _header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError("needs 'Name: value' (value may be $ENV_VAR)")
    value = value.strip()
    if value.startswith("$"):
        variable = value[1:].strip("{}")
        if variable not in os.environ:
            raise argparse.ArgumentTypeError(f"{name.strip()}: environment variable {variable} is not set")
        value = os.environ[variable]
    return name.strip(), value


def _status_codes(text: str) -> frozenset[int]:
    try:
        return status_codes(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs codes like 200,403 or 200..299, got {text!r}") from None


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


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0: {text!r}")
    return value


# --- the parser ----------------------------------------------------------------------

S = argparse.SUPPRESS  # options the user did not give stay out, so the config file can fill them


def _extract_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading pieces")
    group.add_argument("--scope", choices=["article", "all"], default=S, help="article body only (default) or every link")
    group.add_argument("--base-url", default=S, metavar="URL", help="resolve relative links against this URL")
    group.add_argument("--published", type=_date, default=S, metavar="DATE", help="the piece's publication date")
    group.add_argument("--include-path", dest="include_paths", action="append", default=S, metavar="GLOB",
                       help="in directories, read only files matching GLOB (repeatable)")
    group.add_argument("--exclude-path", dest="exclude_paths", action="append", default=S, metavar="GLOB",
                       help="in directories, skip files matching GLOB (repeatable)")
    group.add_argument("--no-ignore", dest="no_ignore", action="store_true", default=S,
                       help="in directories, read files that .gitignore rules leave out")
    group.add_argument("--config", default=None, metavar="FILE", help="linkaudit.toml or pyproject.toml to read")
    group.add_argument("-v", "--verbose", action="store_true", default=S)


def _check_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("checking sources")
    group.add_argument("--max-concurrency", type=_positive_int, default=S, metavar="N")
    group.add_argument("--per-host", type=_positive_int, default=S, metavar="N")
    group.add_argument("--timeout", type=_positive_float, default=S, metavar="SECONDS")
    group.add_argument("--retries", type=int, default=S, metavar="N")
    group.add_argument("--workers", type=_positive_int, default=S, metavar="N",
                       help="check processes (default: one per core for runs of 1000 URLs or more)")
    group.add_argument("--url-deadline", type=_duration, default=S, metavar="SECONDS",
                       help=f"per-URL deadline: its requests, retries and redirects, not its wait for a busy host (default {Settings().url_deadline:g} s)")
    group.add_argument("--include", type=_regex, action="append", default=S, metavar="REGEX",
                       help="check only URLs matching REGEX (repeatable)")
    group.add_argument("--exclude", type=_regex, action="append", default=S, metavar="REGEX",
                       help="do not check URLs matching REGEX: reported as skipped (repeatable)")
    group.add_argument("--ignore", type=_regex, action="append", default=S, metavar="REGEX",
                       help="leave URLs matching REGEX out of the audit (repeatable)")
    group.add_argument("--remap", type=_remap, action="append", default=S, metavar="'PATTERN REPLACEMENT'")
    group.add_argument("--accept", type=_status_codes, default=S, metavar="CODES", help="e.g. 200..299,403")
    group.add_argument("--allow-private", action="store_true", default=S,
                       help="allow loopback and private addresses (refused by default)")
    group.add_argument("--user-agent", default=S)
    group.add_argument("--header", dest="headers", type=_header, action="append", default=S,
                       metavar="'NAME: VALUE'", help="extra request header; VALUE may be $ENV_VAR")
    group.add_argument("--no-cache", dest="use_cache", action="store_false", default=S)
    group.add_argument("--cache", dest="cache_path", default=S, metavar="FILE")
    group.add_argument("--max-age", type=_duration, default=S, metavar="AGE", help="reuse cached checks younger than AGE (default 1d)")


def _archive_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("web archives")
    group.add_argument("--archive", choices=["problems", "all", "none"], default=S,
                       help="which sources to look up in archives (default: problems)")
    group.add_argument("--wayback-url", default=S, metavar="URL")
    group.add_argument("--memento", dest="archives", type=_archive_entry, action="append", default=S,
                       metavar="NAME=TIMEGATE_URL", help="another Memento archive, tried in order")
    group.add_argument("--verify-snapshots", action="store_true", default=S)


def _drift_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("content drift")
    group.add_argument("--drift", choices=["auto", "on", "off"], default=S,
                       help="compare live sources with their captures from the time of the piece "
                       "(default auto: on when at most --drift-limit need a capture fetched)")
    group.add_argument("--drift-limit", type=_positive_int, default=S, metavar="N",
                       help="under --drift auto, the most live sources to fetch captures for (default 25)")


def _report_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reporting")
    group.add_argument("-o", "--output", dest="outputs", action="append", default=S, metavar="FILE",
                       help="write a report; format from the extension: .json .md .html .sarif .xml")
    group.add_argument("--save", action="store_true", default=S, help="write JSON, Markdown and HTML into reports/")
    group.add_argument("--reports-dir", default=S, metavar="DIR")
    group.add_argument("--format", choices=["auto", "table", "json", "github", "plain"], default=S)
    group.add_argument("--fail-on", type=_fail_on, default=S, metavar="LIST",
                       help="what fails the build: unbacked (default), drifted, dead, soft-404, archived, failing, blocked, unverified")
    group.add_argument("--confirm", type=_positive_int, default=S, metavar="N",
                       help="count a source dead only after N failing checks in the cache")
    group.add_argument("-q", "--quiet", action="store_true", default=S, help="show only problems")


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error said in one line and a pointer to --help instead of the usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="linkaudit",
        description="Which sources still back each claim? Extract citations, check them, find archived copies.",
        epilog="Exit codes: 0 nothing fails under the policy (--fail-on), 1 findings that fail it, "
        "2 usage or input error, 3 network unavailable (the audit could not be done).",
    )
    parser.add_argument("--version", action="version", version=f"linkaudit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser("extract", help="list the citations of pieces (no network except URL sources)")
    extract.add_argument("sources", nargs="+", metavar="SOURCE", help="file, directory, URL or - for stdin")
    extract.add_argument("--format", choices=["table", "json"], default=S)
    _extract_options(extract)

    audit = commands.add_parser("audit", help="check every citation and judge every claim")
    audit.add_argument("sources", nargs="+", metavar="SOURCE", help="file, directory, URL or - for stdin")
    audit.add_argument("--changed-since", default=S, metavar="GIT_REF", help="only pieces changed since GIT_REF")
    audit.add_argument("--save-live", action="store_true", default=S, help="submit live sources to Save Page Now")
    audit.add_argument("--shard", type=_shard, default=S, metavar="K/N",
                       help="check only the sites of shard K of N (a CI matrix job); merge with 'linkaudit report part-*.json'")
    for add in (_extract_options, _check_options, _archive_options, _drift_options, _report_options):
        add(audit)

    archive = commands.add_parser("archive", help="submit live sources without a recent capture to Save Page Now")
    archive.add_argument("sources", nargs="+", metavar="SOURCE")
    archive.add_argument("--dry-run", action="store_true", default=S, help="print what would be submitted")
    archive.add_argument("--older-than", dest="save_if_older_than_days", type=_positive_int, default=S,
                         metavar="DAYS", help="submit when the newest capture is older than DAYS (default 30)")
    for add in (_extract_options, _check_options, _archive_options):
        add(archive)

    report = commands.add_parser("report", help="re-render a saved JSON report, or merge shard reports (no network)")
    report.add_argument("saved", nargs="+", metavar="SAVED.json", help="one report, or the parts of a --shard matrix")
    _report_options(report)

    cache = commands.add_parser("cache", help="work on check caches (merge the caches of shard jobs)")
    cache_commands = cache.add_subparsers(dest="cache_command", required=True, metavar="ACTION")
    merge = cache_commands.add_parser("merge", help="merge shard jobs' caches into one (newest check per source wins)")
    merge.add_argument("into", metavar="INTO.sqlite", help="the cache to merge into (created if missing)")
    merge.add_argument("parts", nargs="+", metavar="PART.sqlite", help="caches saved by the shard jobs")

    demo = commands.add_parser("demo", help="audit a demo piece against a simulated web on loopback")
    demo.add_argument("--save", action="store_true", default=S)
    demo.add_argument("--reports-dir", default=S, metavar="DIR")
    demo.add_argument("-o", "--output", dest="outputs", action="append", default=S, metavar="FILE")
    demo.add_argument("-v", "--verbose", action="store_true", default=S)
    demo.add_argument("-q", "--quiet", action="store_true", default=S)
    demo.add_argument("--format", choices=["auto", "table", "json", "github", "plain"], default=S)
    return parser


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
        out.file.write(json.dumps([_extraction_dict(e) for e in extractions], ensure_ascii=False, indent=2) + "\n")
    else:
        print_audit(out, [extraction_table(extractions, verbose=settings.verbose)])
    return ExitCode.OK


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

    try:
        with progress_for(progress_console, len(run.urls_to_check()), settings) as progress:
            report = trio.run(
                lambda: run_audit(run, cache=cache, listener=progress, on_drift=drift_line, **transports)
            )
        _say_saves(run, err)
    except BaseException as exc:  # noqa: BLE001 - trio may wrap these in exception groups
        if _contains(exc, KeyboardInterrupt):
            _say(err, "linkaudit: interrupted; the report holds what was checked so far")
            _emit(run.report(complete=False), settings, out, err)
            return 130
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
    from linkaudit.report import render, save_reports, write_report
    from linkaudit.report.terminal import audit_renderables, print_audit

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
    for failure in failed:
        _say(err, f"linkaudit: error: {failure}")
    return ExitCode.USAGE if failed else exit_code(report, policy)


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
    "cache": _cmd_cache,
    "demo": _cmd_demo,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args, extras = parser.parse_known_args(argv)
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
    raise exc


if __name__ == "__main__":
    sys.exit(main())
