"""Every option of a run, once: its name, the record field it sets, how it is written, its bounds,
choices and help. The command line (``linkaudit.cli.arguments``) and the configuration file
(``linkaudit.config``) are both generated from this table; defaults come from the records in
``linkaudit.options``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from linkaudit import option_values as text
from linkaudit.options import ArchiveOptions, CacheOptions, CheckOptions, DriftOptions, ExtractOptions, OutputOptions, RunOptions
from linkaudit.policy import FAIL_ON_CHOICES
from linkaudit.extensions import PIECE_EXTENSIONS

__all__ = ["CHOICES", "OPTIONS", "RECORDS", "UPPER_BOUNDS", "Option", "default_shown", "option_named"]

# The stage records a run is made of, by the name ``Settings`` gives each.
RECORDS: dict[str, type] = {
    "extract": ExtractOptions,
    "check": CheckOptions,
    "cache": CacheOptions,
    "archive": ArchiveOptions,
    "drift": DriftOptions,
    "output": OutputOptions,
    "run": RunOptions,
}

_DAY = 86400.0


@dataclass(frozen=True)
class Option:
    """One option. ``name`` is its key in the configuration file (``-`` or ``_``) and, unless
    ``flags`` says otherwise, ``--name`` on the command line."""

    name: str
    targets: tuple[str, ...]  # "record.field" set by the value; the first holds the default
    help: str = ""  # "{default}" shows the default; empty: in the configuration file only
    group: str | None = None  # the --help section of the commands taking the group
    flags: tuple[str, ...] = ()
    metavar: str | None = None
    parse: Callable[[str], Any] | None = None  # command-line text -> value (None: a switch)
    action: str = "store"  # "store", "append", "store_true" or "store_false"
    choices: tuple[str, ...] | None = None
    at_least: float | None = None
    above: float | None = None  # exclusive lower bound
    at_most: float | None = None  # beyond it a value is a typo, and some would overflow
    aliases: tuple[str, ...] = ()  # other keys the configuration file takes
    negation: str | None = None  # a key meaning the opposite switch ("no-cache")
    duration: bool = False  # the file may write it as a duration ("30m", "1d")
    regex: bool = False  # each item is a URL pattern
    pair: tuple[str | None, str] | None = None  # (separator, shape) of an item written as one string
    # A value written as a whole "$VAR" or "${VAR}" is read from the environment, on the command
    # line and in the file (of a pair, the second part: a header's value).
    env: bool = False
    path: bool = False  # a file or folder: in the configuration file, relative to the file's folder

    @property
    def option_flags(self) -> tuple[str, ...]:
        return self.flags or ("--" + self.name.replace("_", "-"),)

    @property
    def shown_name(self) -> str:
        """The name a message about the value uses: the long flag."""
        return next(f for f in self.option_flags if f.startswith("--"))

    def default(self) -> Any:
        record, name = self.targets[0].split(".")
        return next(f for f in dataclasses.fields(RECORDS[record]) if f.name == name).default

    def help_text(self) -> str:
        shown = self.help.replace("{default}", default_shown(self.default()))
        if "{piece_globs}" in shown:
            shown = shown.replace("{piece_globs}", " ".join("*" + extension for extension in PIECE_EXTENSIONS))
        return shown


def default_shown(value: object) -> str:
    """A default as help text shows it."""
    if isinstance(value, frozenset):
        return ",".join(sorted(str(v) for v in value)) or "none"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


_FORMAT_HELP = ("what goes to standard output: table, plain (no colour, no wrapped lines), json, github "
                "(annotations), or auto: github under GitHub Actions, table on a terminal, plain when piped (default: auto)")
PIECES = "reading pieces"
CHECKS = "checking sources"
ARCHIVES = "web archives"
DRIFT = "content drift"
REPORTING = "reporting"
GENERAL = "general"

OPTIONS: tuple[Option, ...] = (
    # --- reading pieces ---------------------------------------------------------------------
    Option("scope", ("extract.scope",), group=PIECES, choices=("article", "all"),
           help="take links from the article body only, or from the whole page (default: {default})"),
    Option("base_url", ("extract.base_url",), group=PIECES, metavar="URL", env=True,
           help="resolve relative links against URL (default: none; they are listed as internal)"),
    Option("published", ("extract.published",), group=PIECES, metavar="DATE", parse=text.date,
           help="the piece's publication date, YYYY-MM-DD (default: read from the piece)"),
    Option("include_paths", ("extract.include_paths",), group=PIECES, flags=("--include-path",), metavar="GLOB",
           action="append", aliases=("include_path",),
           help="in directories, read only files matching GLOB (repeatable; default: {piece_globs})"),
    Option("exclude_paths", ("extract.exclude_paths",), group=PIECES, flags=("--exclude-path",), metavar="GLOB",
           action="append", aliases=("exclude_path",), help="in directories, skip files matching GLOB (repeatable)"),
    Option("no_ignore", ("extract.no_ignore",), group=PIECES, action="store_true",
           help="in directories, read files that .gitignore rules leave out (default: {default})"),
    Option("max_file_bytes", ("extract.max_file_bytes",), at_least=1, at_most=4 << 30),
    # --- checking sources --------------------------------------------------------------------
    Option("max_concurrency", ("check.max_concurrency",), group=CHECKS, metavar="N", parse=text.whole_number,
           at_least=1, at_most=10_000, help="requests in flight at once (default: {default})"),
    Option("per_host", ("check.per_host",), group=CHECKS, metavar="N", parse=text.whole_number, at_least=1,
           at_most=1_000, help="requests in flight per host; fewer after 429 or 503 (default: {default})"),
    Option("timeout", ("check.timeout",), group=CHECKS, metavar="SECONDS", parse=text.seconds, above=0,
           at_most=_DAY, duration=True, help="connect and read timeout of one request (default: {default})"),
    Option("retries", ("check.retries",), group=CHECKS, metavar="N", parse=text.whole_number, at_least=0,
           at_most=100, help="retries of a failing request, with backoff (default: {default})"),
    Option("workers", ("check.workers",), group=CHECKS, metavar="N", parse=text.whole_number, at_least=0,
           at_most=256, help="check processes (default: one per core once parsing would outlast two timeouts: about 15,000 URLs at 15 s)"),
    Option("url_deadline", ("check.url_deadline",), group=CHECKS, metavar="SECONDS", parse=text.duration,
           above=0, at_most=7 * _DAY, duration=True,
           help="per-URL deadline: its requests, retries and redirects, not its wait for a busy host (default {default} s)"),
    Option("include", ("check.include",), group=CHECKS, metavar="REGEX", parse=text.regex, action="append",
           regex=True, help="check only URLs matching REGEX (repeatable; RE2 syntax, default: all)"),
    Option("exclude", ("check.exclude",), group=CHECKS, metavar="REGEX", parse=text.regex, action="append",
           regex=True, help="do not check URLs matching REGEX: reported as skipped (repeatable)"),
    Option("ignore", ("run.ignore",), group=CHECKS, metavar="REGEX", parse=text.regex, action="append",
           regex=True, help="leave URLs matching REGEX out of the audit (repeatable)"),
    Option("remap", ("check.remap",), group=CHECKS, metavar="'REGEX REPLACEMENT'", parse=text.remap,
           action="append", pair=(None, "'PATTERN REPLACEMENT'"),
           help="request another URL in place of the cited one; \\1 names a group (repeatable)"),
    Option("accept", ("check.accept",), group=CHECKS, metavar="CODES", parse=text.status_code_list,
           help="status codes that count as alive too, e.g. 200..299,403 (default: {default})"),
    Option("allow_private", ("check.allow_private", "archive.allow_private"), group=CHECKS, action="store_true",
           help="allow loopback and private addresses (default: refused, on every redirect too)"),
    Option("user_agent", ("check.user_agent", "archive.user_agent"), group=CHECKS, metavar="TEXT", env=True,
           help="default: {default}"),
    Option("headers", ("check.headers",), group=CHECKS, flags=("--header",), metavar="'[HOST=]NAME: VALUE'",
           parse=text.header, action="append", aliases=("header",), pair=(":", "'Name: value'"), env=True,
           help="extra request header for HOST, or for the --header-host hosts; VALUE may be $ENV_VAR "
           "and is never shown (repeatable)"),
    Option("header_hosts", ("check.header_hosts",), group=CHECKS, flags=("--header-host",), metavar="HOST",
           action="append", aliases=("header_host",),
           help="a host that receives the --header values given without HOST= (repeatable; default: none)"),
    Option("use_cache", ("cache.use_cache",), group=CHECKS, flags=("--no-cache",), action="store_false",
           negation="no_cache", help="neither read nor write the check cache"),
    Option("cache_path", ("cache.cache_path",), group=CHECKS, flags=("--cache",), metavar="FILE", aliases=("cache",), env=True,
           path=True,
           help="the SQLite check cache (default: {default})"),
    Option("max_age", ("check.max_age",), group=CHECKS, metavar="AGE", parse=text.duration, at_least=0,
           at_most=36_500 * _DAY, duration=True,
           help="reuse cached checks younger than AGE, e.g. 30m, 12h, 1d (default: 1d)"),
    Option("max_body_bytes", ("check.max_body_bytes", "drift.max_body_bytes"), at_least=1, at_most=1 << 30),
    Option("max_redirects", ("check.max_redirects",), at_least=0, at_most=100),
    Option("retry_after_cap", ("check.retry_after_cap",), at_least=0, at_most=_DAY, duration=True),
    Option("reference_urls", ("check.reference_urls",)),
    # --- web archives --------------------------------------------------------------------------
    Option("archive", ("archive.mode",), group=ARCHIVES, choices=("problems", "all", "none"),
           help="which sources to look up: those that no longer back their claim, all, or none (default: {default})"),
    Option("wayback_url", ("archive.wayback_url",), group=ARCHIVES, metavar="URL", env=True,
           help="the Wayback Machine's address (default: {default})"),
    Option("archives", ("archive.archives",), group=ARCHIVES, flags=("--memento",), metavar="NAME=TIMEGATE_URL",
           parse=text.archive_entry, action="append", aliases=("memento",), pair=("=", "'NAME=TIMEGATE_URL'"),
           help="another Memento archive, tried in order (repeatable)"),
    Option("verify_snapshots", ("archive.verify_snapshots",), group=ARCHIVES, action="store_true",
           help="replay each chosen capture to confirm it is a real 200 (default: {default})"),
    Option("archive_rate", ("archive.archive_rate",)),
    Option("archive_timeout", ("archive.archive_timeout",), above=0, at_most=_DAY, duration=True),
    Option("save_live", ("archive.save_live",), action="store_true",
           help="submit live sources without a recent capture to Save Page Now (default: {default})"),
    Option("save_if_older_than_days", ("archive.save_if_older_than_days",), flags=("--older-than",), metavar="DAYS",
           parse=text.whole_number, at_least=1, at_most=36_500, aliases=("older_than",),
           help="submit when the newest capture is older than DAYS (default: {default})"),
    Option("dry_run", ("archive.dry_run",), action="store_true", help="print what would be submitted, submit nothing"),
    # --- content drift -----------------------------------------------------------------------
    Option("drift", ("drift.mode",), group=DRIFT, choices=("auto", "on", "off"),
           help="compare live sources with their captures from the time of the piece "
           "(default auto: on when at most --drift-limit need a capture fetched)"),
    Option("drift_limit", ("drift.drift_limit",), group=DRIFT, metavar="N", parse=text.whole_number, at_least=1,
           at_most=100_000, help="under --drift auto, the most live sources to fetch captures for (default {default})"),
    # --- reporting -----------------------------------------------------------------------------
    Option("outputs", ("output.outputs",), group=REPORTING, flags=("-o", "--output"), metavar="FILE", action="append",
           aliases=("output",), path=True,
           help="write a report; format from the extension: .json .md .html .sarif .xml (repeatable)"),
    Option("save", ("output.save",), group=REPORTING, action="store_true",
           help="write JSON, Markdown and HTML into the reports directory"),
    Option("reports_dir", ("output.reports_dir",), group=REPORTING, metavar="DIR", env=True, path=True,
           help="where --save writes (default: {default})"),
    Option("format", ("output.format",), group=REPORTING, choices=("auto", "table", "json", "github", "plain"),
           help=_FORMAT_HELP),
    Option("fail_on", ("output.fail_on",), group=REPORTING, metavar="LIST", parse=text.fail_on,
           help="what fails the build, comma-separated: unbacked, drifted, dead, soft-404, archived, "
           "failing, blocked, unverified (default: {default})"),
    Option("confirm", ("output.confirm",), group=REPORTING, metavar="N", parse=text.whole_number, at_least=1,
           at_most=1_000, help="count a source dead only after N failing checks in the cache (default: {default})"),
    # --- general and run-wide ------------------------------------------------------------------
    Option("verbose", ("output.verbose",), group=GENERAL, flags=("-v", "--verbose"), action="store_true",
           help="also show redirect chains, errors and non-citations"),
    Option("quiet", ("output.quiet",), group=GENERAL, flags=("-q", "--quiet"), action="store_true",
           help="show only problems"),
    Option("shard", ("run.shard",), metavar="K/N", parse=text.shard,
           help="check only the sites of shard K of N (a CI matrix job); merge with 'linkaudit report part-*.json'"),
    Option("changed_since", ("run.changed_since",), metavar="GIT_REF",
           help="only pieces changed since GIT_REF (default: all)"),
)

_BY_KEY = {key: option for option in OPTIONS for key in (option.name, *option.aliases)}

# Options whose strings come from a short list; the command line's choices are these.
CHOICES: dict[str, tuple[str, ...] | frozenset[str]] = {
    **{option.name: option.choices for option in OPTIONS if option.choices},
    "fail_on": FAIL_ON_CHOICES,
}
UPPER_BOUNDS: dict[str, float] = {option.name: option.at_most for option in OPTIONS if option.at_most is not None}


def option_named(name: str) -> Option:
    """The option called ``name`` (its own name or a configuration alias); KeyError if none."""
    return _BY_KEY[name]
