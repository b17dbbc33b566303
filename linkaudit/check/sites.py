"""Sites: the unit that shards, worker processes and cross-site redirects are planned by."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["site_of"]


def site_of(target: str) -> str:
    """The site a URL belongs to: its host's last two labels (three under a two-letter country
    code with a short second level, as in ``bbc.co.uk``); an IP address is its own site."""
    try:
        host = (urlsplit(target).hostname or "").rstrip(".")
    except ValueError:
        return ""  # not a URL at all: the check itself says so
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
