"""Soft-404 detection: pages that answer 2xx but are not the page that was cited.

Three signals, cheapest first:
1. where a deep link's redirects ended: the site root, or a login / generic error page;
2. what the page says: an error title or heading (see ``classify.error_page_reason``);
3. what the host serves for a path that cannot exist. Each host is probed at most once per run,
   and only when a deep link came back 2xx with HTML. A page that looks like the probe (same
   status, same normalised title, nearly the same text) is not the cited page.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import trio

__all__ = ["Fingerprint", "ProbeCache", "fingerprint", "redirect_target_reason", "same_page"]

_LOGIN_OR_GENERIC_PATH = re.compile(
    r"/(?:login|log-in|signin|sign-in|sign_in|auth|sso|account/login|users?/login|session/new"
    r"|404|not-?found|notfound|error|errors?/404|page-not-found)(?:[/.?#_-]|$)",
    re.IGNORECASE,
)
_ROOT_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php", "/home", "/en", "/en/"})
_NUMBERS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
SIMILARITY_THRESHOLD = 0.9


def redirect_target_reason(cited_url: str, final_url: str) -> str | None:
    """Why the end of a deep link's redirect chain is not the cited page, or None."""
    cited, final = urlsplit(cited_url), urlsplit(final_url)
    if cited.path in ("", "/") and not cited.query:
        return None  # a home page that redirects elsewhere is just moved
    if final.path in _ROOT_PATHS and not final.query:
        return f"deep link redirected to the site root ({final_url})"
    if _LOGIN_OR_GENERIC_PATH.search(final.path) and not _LOGIN_OR_GENERIC_PATH.search(cited.path):
        return f"deep link redirected to a login or error page ({final_url})"
    return None


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What identifies a page for the probe comparison: status, title and text words, no digits."""

    status: int
    title_words: tuple[str, ...]
    words: tuple[str, ...]
    path_words: frozenset[str]  # error pages echo the requested path: these words are ignored
    final_url: str


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(_NUMBERS.sub(" ", text.casefold())))


def fingerprint(status: int, title: str | None, text: str, final_url: str) -> Fingerprint:
    path = urlsplit(final_url)
    return Fingerprint(
        status=status,
        title_words=_words(title or ""),
        words=_words(text[:20000]),
        path_words=frozenset(_words(f"{path.path} {path.query}")),
        final_url=final_url,
    )


def _shingles(words: tuple[str, ...], ignored: frozenset[str]) -> set[tuple[str, ...]]:
    kept = [word for word in words if word not in ignored]
    return {tuple(kept[i : i + 3]) for i in range(max(1, len(kept) - 2))}


def same_page(page: Fingerprint, probe: Fingerprint) -> bool:
    """True when the cited page looks like what the host serves for a nonexistent path."""
    if not 200 <= probe.status < 300 or page.status != probe.status:
        return False
    if page.final_url == probe.final_url:
        return True  # both redirected to one and the same page
    ignored = page.path_words | probe.path_words
    if [w for w in page.title_words if w not in ignored] != [w for w in probe.title_words if w not in ignored]:
        return False
    mine, theirs = _shingles(page.words, ignored), _shingles(probe.words, ignored)
    return len(mine & theirs) / len(mine | theirs) >= SIMILARITY_THRESHOLD


def probe_url_for(origin: str, token: str) -> str:
    return f"{origin}/linkaudit-probe-{token}/no-such-page-{token[:6]}"


@dataclass
class ProbeCache:
    """At most one nonexistent-path probe per origin per run; concurrent askers wait for it."""

    fetch: Callable[[str], Awaitable[Fingerprint | None]]
    token: str = field(default_factory=lambda: secrets.token_hex(8))
    results: dict[str, Fingerprint | None] = field(default_factory=dict)
    pending: dict[str, trio.Event] = field(default_factory=dict)
    probes_sent: int = 0

    async def probe(self, url: str) -> Fingerprint | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self.results:
            return self.results[origin]
        if origin in self.pending:
            await self.pending[origin].wait()
            return self.results.get(origin)
        done = self.pending[origin] = trio.Event()
        try:
            self.probes_sent += 1
            self.results[origin] = await self.fetch(probe_url_for(origin, self.token))
        finally:
            self.results.setdefault(origin, None)
            done.set()
        return self.results[origin]
