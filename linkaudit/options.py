"""One small frozen options record per stage; each stage takes its own record and nothing else.

The records are built once per run from the defaults here, the configuration file and the command
line (``linkaudit.settings.Settings`` composes them; ``linkaudit.option_table`` says how each
option is written on the command line and in the file). Defaults live here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from linkaudit import __version__

__all__ = [
    "DEFAULT_USER_AGENT",
    "FIX_STYLES",
    "PROJECT_URL",
    "ArchiveOptions",
    "CacheOptions",
    "CheckOptions",
    "DriftOptions",
    "ExtractOptions",
    "OutputOptions",
    "RunOptions",
]

PROJECT_URL = "https://github.com/linkaudit/linkaudit"
DEFAULT_USER_AGENT = f"linkaudit/{__version__} (+{PROJECT_URL})"
# How `linkaudit fix` writes a rescued link (the command line offers them before the stage is loaded).
FIX_STYLES = ("robust", "archive-link", "annotate")


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How sources are checked, and how any page is fetched (the guarded client's options)."""

    max_concurrency: int = 256  # the run's own bound (sockets, bodies being read); politeness is per_host's
    per_host: int = 8
    timeout: float = 15.0  # connect and read, seconds
    url_deadline: float = 90.0  # one URL, all retries included, seconds
    retries: int = 2
    include: tuple[str, ...] = ()  # URL regexes: when given, only matching URLs are checked
    exclude: tuple[str, ...] = ()  # URL regexes never checked (reported as skipped)
    remap: tuple[tuple[str, str], ...] = ()  # (regex, replacement) applied before checking
    accept: frozenset[int] = frozenset()  # extra status codes to treat as alive
    allow_private: bool = False
    user_agent: str = DEFAULT_USER_AGENT
    # (name, value), values already expanded and never printed; a name "HOST=NAME" is sent to
    # HOST only, a plain one to the header_hosts only (linkaudit.headers)
    headers: tuple[tuple[str, str], ...] = ()
    header_hosts: tuple[str, ...] = ()
    max_body_bytes: int = 256 * 1024
    max_redirects: int = 10
    retry_after_cap: float = 60.0
    # Asked only when no source host answered at all and fewer than three failed: any answer
    # from one of these shows our network works, so the failures belong to the sources.
    reference_urls: tuple[str, ...] = ("https://web.archive.org/", "https://www.wikipedia.org/", "https://example.com/")
    workers: int = 0  # check processes; 0: one per core for large runs
    max_age: float = 86400.0  # seconds a cached check stays fresh
    keep_page_text: bool = False  # keep live HTML pages' text, for drift to compare with captures
    backoff_base: float = 0.5  # seconds before the first retry; doubled per retry, then jittered


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How pieces are found, read and taken apart."""

    scope: str = "article"  # "article": the article body only; "all": every link
    base_url: str | None = None
    published: dt.date | None = None  # --published: overrides every other date source
    include_paths: tuple[str, ...] = ()  # globs for files found in directories
    exclude_paths: tuple[str, ...] = ()
    no_ignore: bool = False  # --no-ignore: .gitignore rules do not apply in directories
    max_file_bytes: int = 50 * 1024 * 1024
    # Directories never read for pieces: linkaudit's own reports (an audit of "." must not read
    # the last one's).
    skipped_dirs: tuple[str, ...] = ("reports",)
    fetch: CheckOptions = field(default_factory=CheckOptions)  # pieces given as URLs


@dataclass(frozen=True, slots=True)
class CacheOptions:
    use_cache: bool = True
    cache_path: str = ".linkaudit-cache.sqlite"


@dataclass(frozen=True, slots=True)
class ArchiveOptions:
    """Which sources are looked up in web archives, where, at what pace; and Save Page Now."""

    mode: str = "problems"  # "problems", "all" or "none"
    wayback_url: str = "https://web.archive.org"
    archives: tuple[tuple[str, str], ...] = ()  # extra Memento archives: (name, TimeGate base URL)
    verify_snapshots: bool = False
    archive_rate: float = 0.8  # share of archive.org's published limits we allow ourselves
    archive_timeout: float = 30.0  # one archive request, seconds
    save_live: bool = False
    save_if_older_than_days: int = 30
    dry_run: bool = False
    allow_private: bool = False
    user_agent: str = DEFAULT_USER_AGENT


@dataclass(frozen=True, slots=True)
class DriftOptions:
    """Whether live sources are compared with their captures from the time of the piece."""

    mode: str = "auto"  # "auto", "on" or "off"
    drift_limit: int = 25  # under "auto": at most this many live sources needing a capture fetched
    max_body_bytes: int = 256 * 1024  # of a capture read for comparison
    archive: ArchiveOptions = field(default_factory=ArchiveOptions)  # where captures come from


@dataclass(frozen=True, slots=True)
class OutputOptions:
    """What the run writes and shows, and what fails the build."""

    fail_on: frozenset[str] = frozenset({"unbacked"})
    confirm: int = 1  # failing checks in the cache before a source counts as dead
    outputs: tuple[str, ...] = ()
    save: bool = False
    reports_dir: str = "reports"
    format: str = "auto"  # "auto", "table", "json", "github", "plain"
    verbose: bool = False
    quiet: bool = False


@dataclass(frozen=True, slots=True)
class RunOptions:
    """Which pieces and sources this run covers."""

    ignore: tuple[str, ...] = ()  # URL regexes dropped from the audit altogether
    shard: str | None = None  # "K/N": check only the sources whose site falls in shard K of N (CI matrices)
    changed_since: str | None = None  # only pieces changed since this git ref
