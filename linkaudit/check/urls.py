"""URL normalisation, remapping and the include/exclude filter.

Normalisation decides which citations are "the same URL" and therefore requested once per run.
It only makes changes that cannot change what a server returns: case of scheme and host, default
ports, dot segments, percent-encoding case, unreserved characters needlessly escaped, and the
fragment (never sent to the server). The query string keeps its order: servers may care.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import SplitResult, urlsplit, urlunsplit

import httpx

from linkaudit.patterns import compile_pattern

__all__ = ["CHECKABLE_SCHEMES", "exclusion_reason", "host_key", "is_deep_link", "normalise_url", "remap_url"]

CHECKABLE_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def _normalise_escapes(part: str) -> str:
    """Upper-case percent escapes and unescape the unreserved characters (RFC 3986 6.2.2)."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _PERCENT_ESCAPE.sub(fix, part)


def _remove_dot_segments(path: str) -> str:
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
            continue
        if segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
            continue
        output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def _netloc(parts: SplitResult, scheme: str) -> str:
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    userinfo = ""
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "") + "@"
    port_text = f":{port}" if port is not None and port != _DEFAULT_PORTS.get(scheme) else ""
    return f"{userinfo}{host}{port_text}"


def normalise_url(url: str) -> str:
    """The canonical form of ``url`` used for de-duplication and as the cache key.

    Non-HTTP URLs and strings that do not parse come back stripped but otherwise unchanged.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in CHECKABLE_SCHEMES or not parts.hostname:
        return text
    path = _remove_dot_segments(_normalise_escapes(parts.path)) or "/"
    query = _normalise_escapes(parts.query)
    return urlunsplit((scheme, _netloc(parts, scheme), path, query, ""))


def remap_url(url: str, remap: Sequence[tuple[str, str]]) -> str:
    """Apply every (regex, replacement) in order; used for mirrors, staging sites and tests."""
    for pattern, replacement in remap:
        url = compile_pattern(pattern).sub(replacement, url)
    return url


def exclusion_reason(url: str, include: Sequence[str], exclude: Sequence[str]) -> tuple[str, str] | None:
    """Why ``url`` must not be requested, as (error kind, reason), or None when it may be."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "invalid", "not a valid URL"
    scheme = parts.scheme.lower()
    if scheme not in CHECKABLE_SCHEMES:
        return "scheme", f"scheme {scheme or '(none)'!r} is not checked"
    if not parts.hostname:
        return "invalid", "URL without a host name"
    try:
        httpx.URL(url)
    except httpx.InvalidURL as error:
        return "invalid", f"not a valid URL ({error})"
    if include and not any(compile_pattern(pattern).search(url) for pattern in include):
        return "excluded", "not matched by any --include pattern"
    for pattern in exclude:
        if compile_pattern(pattern).search(url):
            return "excluded", f"excluded by pattern '{pattern}'"
    return None


def host_key(url: str) -> str:
    """The politeness unit: requests are limited per host name, whatever the port."""
    return (urlsplit(url).hostname or "").lower()


def is_deep_link(url: str) -> bool:
    """True when the URL names something below the site root (a path or a query)."""
    parts = urlsplit(url)
    return parts.path not in ("", "/") or bool(parts.query)
