"""The persistent cache: checks with their history, and web-archive answers, in one SQLite file.

    store.py   the rows: what is kept per source, what is reused, the failing streak
    file.py    the file: tables, opening, version check, re-keying older caches, moving aside
    merge.py   joining the caches of a CI matrix's shard jobs
"""

from __future__ import annotations

from linkaudit.cache.file import SCHEMA_VERSION
from linkaudit.cache.merge import CacheMergeError, MergeSummary, merge_caches
from linkaudit.cache.store import NO_CAPTURE_TTL, Cache

__all__ = ["NO_CAPTURE_TTL", "SCHEMA_VERSION", "Cache", "CacheMergeError", "MergeSummary", "merge_caches"]
