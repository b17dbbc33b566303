"""Which site a link leads to: the page's own, a sister site of the same registered name, or
another; a Wayback Machine replay counts as the site it archived.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from linkaudit.extract.common import link_target

__all__ = ["archived_original", "is_own_page", "is_same_site", "is_sister_site", "registered_domain", "site_of"]

# The Wayback Machine's replay of a page: the site is the archived one, and so is each link's.
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/\d{1,14}[a-z_]*/(?:(https?:)/*)?(.+)$", re.IGNORECASE)


def archived_original(url: str) -> str | None:
    """The original address of a Wayback Machine replay address, or None."""
    found = _ARCHIVED.match(url)
    return f"{found.group(1) or 'http:'}//{found.group(2)}" if found else None


def is_same_site(url: str, written: str, site: str | None) -> bool:
    """A relative link, or one to the page's own host (www. aside)."""
    original = archived_original(url)
    if original is not None:
        return site is not None and site_of(original) == site
    stripped = written.strip()
    if not stripped.lower().startswith(("http:", "https:", "//")):
        return True
    if site is None:
        return False
    host = _host(url)
    return host is not None and host.removeprefix("www.") == site


# Second-level names under which registries sell names (example.co.uk, example.com.au).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"})


def registered_domain(host: str) -> str:
    """The name a site registered ("deleuze.enacademic.com" -> "enacademic.com"), without a
    public-suffix list: a short generic second level under a country code counts as suffix."""
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def is_sister_site(url: str, site: str | None) -> bool:
    """A link to another host of the same registered name: the site's dictionaries, shop, media."""
    if site is None:
        return False
    host = _host(archived_original(url) or url)
    return bool(host) and registered_domain(host) == registered_domain(site)



def is_own_page(written: str, *, site: str | None, base: str | None) -> bool:
    """Whether an address as written (resolved against ``base``) leads to the site's own pages or a
    sister site's."""
    target = link_target(written, base)[0]
    return is_same_site(target, written, site) or is_sister_site(target, site)

def site_of(url: str | None) -> str | None:
    """The host a page lives on, www. aside, or None."""
    if not url:
        return None
    host = _host(archived_original(url) or url)
    if host is None:
        return None
    return host.removeprefix("www.") or None


# The rules ask the host of each link several times over (and urlsplit's own cache holds only the
# last 128 addresses, fewer than a page's links): worked out once per address.
@functools.lru_cache(maxsize=4096)
def _host(url: str) -> str | None:
    """A URL's host, lower-cased and in its xn-- form; None when the URL does not parse."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    return _ascii_host(host)


def _ascii_host(host: str) -> str:
    """A host as links write it: an internationalised name in its xn-- form."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host
