"""Remapping, the include/exclude filter and host units of URLs.

Which citations are "the same URL" (requested once per run) is ``linkaudit.urlkey.url_key``,
exported here as ``normalise_url`` too.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from urllib.parse import urlsplit

from linkaudit.patterns import compile_pattern
from linkaudit.urlkey import CHECKABLE_SCHEMES, url_key, url_problem

normalise_url = url_key  # the name the check stage has always exported

__all__ = ["CHECKABLE_SCHEMES", "exclusion_reason", "exclusion_reason_given", "host_key", "is_deep_link", "normalise_url", "remap_url"]


def remap_url(url: str, remap: Sequence[tuple[str, str]]) -> str:
    """Apply every (regex, replacement) in order; used for mirrors, staging sites and tests."""
    for pattern, replacement in remap:
        url = compile_pattern(pattern).sub(replacement, url)
    return url


def exclusion_reason(url: str, include: Sequence[str], exclude: Sequence[str]) -> tuple[str, str] | None:
    """Why ``url`` must not be requested, as (error kind, reason), or None when it may be."""
    return exclusion_reason_given(url, url_problem(url), include, exclude)


def exclusion_reason_given(
    url: str, problem: str | None, include: Sequence[str], exclude: Sequence[str]
) -> tuple[str, str] | None:
    """``exclusion_reason`` for a caller that has ``url_problem(url)`` already (its parse is the cost)."""
    if problem is not None:
        return ("scheme" if problem.startswith("scheme") else "invalid"), problem
    if include and not any(compile_pattern(pattern).search(url) for pattern in include):
        return "excluded", "not matched by any --include pattern"
    for pattern in exclude:
        if compile_pattern(pattern).search(url):
            return "excluded", _excluded_by(pattern)
    return None


@functools.lru_cache(maxsize=64)
def _excluded_by(pattern: str) -> str:
    # One string per pattern, shared by every result it skips (100,000 links may share one).
    return f"excluded by pattern '{pattern}'"


def host_key(url: str) -> str:
    """The politeness unit: requests are limited per host name, whatever the port."""
    return (urlsplit(url).hostname or "").lower()


def is_deep_link(url: str) -> bool:
    """True when the URL names something below the site root (a path or a query)."""
    parts = urlsplit(url)
    return parts.path not in ("", "/") or bool(parts.query)
