"""Option values of the right type that still cannot work, said in words that complete "'key' ..."
or "--option ...": one set of rules for the command line and the configuration file. Bounds come
from the option table."""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

from linkaudit.headers import scoped_name
from linkaudit.option_table import Option, option_named
from linkaudit.option_values import STATUS_CODES
from linkaudit.patterns import PatternError, check_replacement

__all__ = ["bounds_problem", "shown", "value_problem"]


_HTTP_URLS = frozenset({"wayback_url", "base_url"})
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # an HTTP header name (RFC 9110 token)
_HEADER_VALUE = re.compile(r"[\t\x20-\x7e]*")
_HOST = re.compile(r"[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\]")  # a name or an IP literal, no port


def value_problem(name: str, value: object) -> str | None:
    """Why a setting of the right type still cannot work, completing "'key' ...", or None.

    Header values may be secrets: a problem with one names the header, never the value.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, got {value}"
    if isinstance(value, int | float) and (problem := bounds_problem(option_named(name), value)) is not None:
        return problem
    if name == "accept" and isinstance(value, frozenset) and not all(code in STATUS_CODES for code in value):
        return f"must hold HTTP status codes (100..599), got {min(value, key=lambda c: c in STATUS_CODES)}"
    if name == "shard" and isinstance(value, str):
        from linkaudit.shards import parse_shard

        try:
            parse_shard(value)
        except ValueError as error:
            return str(error)
    if name == "archive_rate" and isinstance(value, float) and not 0 < value <= 1:
        return f"is a share of archive.org's limits, from above 0 to 1, got {value}"
    if name in _HTTP_URLS and isinstance(value, str) and not _is_http_url(value):
        return f"must be an http(s) URL with a host, got {shown(value)}"
    if name == "reference_urls" and isinstance(value, tuple):
        bad = [url for url in value if not _is_http_url(str(url))]
        return f"must hold http(s) URLs with a host, got {shown(bad[0])}" if bad else None
    if name == "user_agent" and isinstance(value, str) and not (value.strip() and _HEADER_VALUE.fullmatch(value)):
        return "must be printable ASCII on one line"
    if name == "archives" and isinstance(value, tuple):
        bad = [url for _, url in value if not _is_http_url(url)]
        return f"must name http(s) TimeGate URLs with a host, got {shown(bad[0])}" if bad else None
    if name == "header_hosts" and isinstance(value, tuple):
        bad = [host for host in value if not _HOST.fullmatch(str(host))]
        return f"must hold host names (no scheme, no port), got {shown(bad[0])}" if bad else None
    if name == "headers" and isinstance(value, tuple):
        return next((problem for header in value if (problem := _header_problem(*header))), None)
    if name == "remap" and isinstance(value, tuple):
        return next((problem for pattern, replacement in value if (problem := _remap_problem(pattern, replacement))), None)
    return None


def bounds_problem(option: Option, value: float) -> str | None:
    """Why ``value`` is outside the option's bounds, or None."""
    if option.at_least == 0 and value < 0:
        return f"must not be negative, got {value}"
    if option.at_least is not None and value < option.at_least:
        return f"must be at least {option.at_least:g}, got {value}"
    if option.above is not None and value <= option.above:
        return f"must be more than {option.above:g}, got {value}"
    if option.at_most is not None and value > option.at_most:
        return f"must be at most {_number(option.at_most)}, got {_number(value)}"
    return None


def _number(value: float) -> str:
    return f"{int(value):,}" if isinstance(value, int) or value < 1e15 and value.is_integer() else f"{value:g}"


def _is_http_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _header_problem(name: str, value: str) -> str | None:
    host, header = scoped_name(name)
    if host is not None and not _HOST.fullmatch(host):
        return f"scopes {header} to {host!r}, which is not a host name"
    if not _TOKEN.fullmatch(header):
        return f"has a header name that HTTP does not allow: {header!r}"
    if not _HEADER_VALUE.fullmatch(value):
        return f"has a value for {name} with a line break, a control character or non-ASCII text (not shown)"
    return None


def _remap_problem(pattern: str, replacement: str) -> str | None:
    try:
        check_replacement(pattern, replacement)
    except (PatternError, re.error, IndexError) as error:
        return f"has a replacement {shown(replacement)} that does not fit its pattern: {error}"
    if not replacement.startswith(("http://", "https://", "\\")):
        return f"must replace with an http(s) URL (or a group reference), got {shown(replacement)}"
    literal = re.split(r"\\(?:\d|g<)", replacement, maxsplit=1)[0]  # the part before any group reference
    try:
        urlsplit(literal)
    except ValueError as error:
        return f"has a replacement {shown(replacement)} that is not a URL: {error}"
    return None



def shown(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)
