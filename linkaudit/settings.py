"""Every tunable of a run in one frozen record; CLI over config file over these defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from linkaudit import __version__

__all__ = ["DEFAULT_USER_AGENT", "Settings"]

PROJECT_URL = "https://github.com/linkaudit/linkaudit"
DEFAULT_USER_AGENT = f"linkaudit/{__version__} (+{PROJECT_URL})"


@dataclass(frozen=True, slots=True)
class Settings:
    # --- extract -------------------------------------------------------------------
    scope: str = "article"  # "article": the article body only; "all": every link
    base_url: str | None = None
    published: dt.date | None = None  # --published: overrides every other date source
    include_paths: tuple[str, ...] = ()  # globs for files found in directories
    exclude_paths: tuple[str, ...] = ()
    no_ignore: bool = False  # --no-ignore: .gitignore rules do not apply in directories
    max_file_bytes: int = 50 * 1024 * 1024

    # --- check ---------------------------------------------------------------------
    max_concurrency: int = 128
    per_host: int = 8
    timeout: float = 15.0  # connect and read, seconds
    url_deadline: float = 90.0  # one URL, all retries included, seconds
    retries: int = 2
    include: tuple[str, ...] = ()  # URL regexes: when given, only matching URLs are checked
    exclude: tuple[str, ...] = ()  # URL regexes never checked (reported as skipped)
    ignore: tuple[str, ...] = ()  # URL regexes dropped from the audit altogether
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
    shard: str | None = None  # "K/N": check only the sources whose site falls in shard K of N (CI matrices)

    # --- cache ---------------------------------------------------------------------
    use_cache: bool = True
    cache_path: str = ".linkaudit-cache.sqlite"
    max_age: float = 86400.0  # seconds a cached check stays fresh

    # --- archive -------------------------------------------------------------------
    archive: str = "problems"  # "problems", "all" or "none"
    wayback_url: str = "https://web.archive.org"
    archives: tuple[tuple[str, str], ...] = ()  # extra Memento archives: (name, TimeGate base URL)
    verify_snapshots: bool = False
    archive_rate: float = 0.8  # share of archive.org's published limits we allow ourselves
    archive_timeout: float = 30.0
    save_live: bool = False
    save_if_older_than_days: int = 30
    dry_run: bool = False

    # --- drift ---------------------------------------------------------------------
    drift: str = "auto"  # "auto", "on" or "off": compare live sources with their captures
    drift_limit: int = 25  # under "auto": at most this many live sources needing a capture fetched

    # --- report and CI -------------------------------------------------------------
    fail_on: frozenset[str] = frozenset({"unbacked"})
    confirm: int = 1  # failing checks in the cache before a source counts as dead
    outputs: tuple[str, ...] = ()
    save: bool = False
    reports_dir: str = "reports"
    format: str = "auto"  # "auto", "table", "json", "github", "plain"
    verbose: bool = False
    quiet: bool = False
    changed_since: str | None = None

    extra: dict[str, object] = field(default_factory=dict, compare=False)
