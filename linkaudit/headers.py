"""Extra request headers, scoped to the hosts the user names.

A header given with ``--header`` often carries a secret (an API key, a staging password), so it
goes only where the user said: to the hosts named with ``--header-host``, or, written
``HOST=NAME: VALUE``, to HOST alone. It never goes to every cited host, nor follows a redirect
to another one: the scope is applied to each request, hop by hop.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from linkaudit.options import CheckOptions

__all__ = ["headers_for", "scoped_name", "unscoped_names"]


def scoped_name(name: str) -> tuple[str | None, str]:
    """(host, header name) of a ``headers`` entry's name: "example.org=X-Key" or plain "X-Key".

    HTTP header names cannot hold "=", so the split is unambiguous.
    """
    host, sep, header = name.partition("=")
    if not sep:
        return None, name.strip()
    return host.strip().lower().rstrip("."), header.strip()


def headers_for(settings: CheckOptions, url: str) -> dict[str, str]:
    """The extra headers a request to ``url`` carries."""
    if not settings.headers:
        return {}
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return {}
    named_hosts = {h.lower().rstrip(".") for h in settings.header_hosts}
    chosen: dict[str, str] = {}
    for name, value in settings.headers:
        scope, header = scoped_name(name)
        if (scope == host) if scope is not None else (host in named_hosts):
            chosen[header] = value
    return chosen


def unscoped_names(settings: CheckOptions) -> list[str]:
    """Headers that would go to no host: given without HOST= while no --header-host is named."""
    if settings.header_hosts:
        return []
    unscoped = (scoped_name(name) for name, _ in settings.headers)
    return [header for scope, header in unscoped if scope is None]
