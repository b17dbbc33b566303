"""Soft-404 detection: pages that answer 2xx but are not the page that was cited.

Three signals, cheapest first:
1. where a deep link's redirects ended: the site root, or a login / generic error page;
2. what the page says: an error title or heading, or a short page saying so (``error_page_reason``);
3. what the host serves for a path that cannot exist. Each host is probed at most once per run,
   and only when a deep link came back 2xx with HTML. A page that looks like the probe (same
   status, same normalised title, nearly the same text) is not the cited page.
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import trio

from linkaudit.check.htmltext import (
    WORDS,
    element_text,
    has_title_segment,
    strip_tags,
    text_of,
    visible_text,
    without_elements,
)

__all__ = [
    "Fingerprint",
    "ProbeCache",
    "could_be_probe",
    "error_page_reason",
    "fingerprint",
    "is_script_shell",
    "looks_like_probe",
    "origin_of",
    "page_looks_like_probe",
    "redirect_target_reason",
    "same_page",
]

# A login page is a whole path segment (a slug such as /login-page-design-tips is an article);
# an error page is the last segment, the page itself (/docs/errors/rate-limits is documentation).
_LOGIN_PATH = re.compile(
    r"/(?:wp-)?(?:login|log-in|log_in|logon|signin|sign-in|sign_in|servicelogin)(?:\.\w+)?(?:[/?#;]|$)"
    r"|/(?:account|users?)/(?:login|sign_in)\b|/session/new\b|/oauth2?/authorize\b",
    re.IGNORECASE,
)
_ERROR_PATH = re.compile(
    r"/(?:404|410|not-?found|not_found|error|errors?/404|error-?404|404-?error|404-?page|page-?404"
    r"|page-?not-?found)(?:\.\w+)?/?$",
    re.IGNORECASE,
)
# The front page in its many spellings: /, /index.html, /default.aspx, /home, /en/, /en-us/home.html.
_ROOT_PATH = re.compile(r"/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:(?:index|default|home)(?:\.\w+)?/?)?\Z", re.IGNORECASE)
# Queries a site adds when it sends a reader home: a search for the lost page, a marker.
_ROOT_QUERY_KEYS = frozenset({"s", "q", "search", "redirected", "redirect", "from", "ref", "error", "notfound", "404"})


def _is_root_query(query: str) -> bool:
    keys = {part.partition("=")[0].lower() for part in query.split("&") if part}
    return keys <= _ROOT_QUERY_KEYS


_LOGIN_HOST = re.compile(r"^(?:login|signin|sso|auth|accounts|account|id)\.", re.IGNORECASE)
_NUMBERS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
SIMILARITY_THRESHOLD = 0.9


def redirect_target_reason(cited_url: str, final_url: str) -> str | None:
    """Why the end of a deep link's redirect chain is not the cited page, or None."""
    cited, final = urlsplit(cited_url), urlsplit(final_url)
    if _ROOT_PATH.match(cited.path) and not cited.query:
        return None  # a home page that redirects elsewhere is just moved
    same_query = cited.query == final.query
    if same_query and cited.path.rstrip("/").lower() == final.path.rstrip("/").lower():
        return None  # only a trailing slash (or the scheme, or the host) changed
    if _ROOT_PATH.match(final.path) and _is_root_query(final.query):
        return f"deep link redirected to the site root ({final_url})"
    login = _LOGIN_PATH.search(final.path) or (
        _LOGIN_HOST.match(final.hostname or "") and (final.hostname or "") != (cited.hostname or "")
    )
    if login and not _LOGIN_PATH.search(cited.path):
        return f"deep link redirected to a login page ({final_url})"
    if _ERROR_PATH.search(final.path) and not _ERROR_PATH.search(cited.path):
        return f"deep link redirected to an error page ({final_url})"
    return None


# A title is read as segments: "Page not found | The Daily Example" is an error segment plus the
# site's name. A segment counts only when it is an error phrase as a whole, so headlines that merely
# contain such words ("Why the statue has been removed", "401(k) limits rise") are left alone.
_PAGE_NOUN = r"(?:page|file|article|content|story|document|resource|url|post|link|item|site|video)"
# What can be said of a page alone ("Not found"); what needs the page named ("Page unavailable").
_GONE_ALONE = (
    r"(?:is\s+)?no\s+longer\s+(?:available|exists?)|(?:does\s+not|doesn't|did\s+not)\s+exist"
    r"|(?:could\s+not|cannot|can't|couldn't)\s+be\s+found|(?:was\s+|is\s+)?not\s+found"
)
_GONE_OF_A_PAGE = (
    r"(?:was|has\s+been)\s+(?:removed|deleted|moved)|(?:is\s+)?(?:unavailable|missing)|(?:is\s+not|isn't)\s+(?:available|here)"
    r"|(?:is\s+)?not\s+available|has\s+expired|has\s+moved\s+or\s+no\s+longer\s+exists"
)
_ERROR_SEGMENT = re.compile(
    r"(?:(?:oops|whoops|sorry|uh[- ]oh|error|we're\s+sorry|looks\s+like|hmm|well,\s+this\s+is\s+awkward)[!.,:]*\s+)*"
    r"(?:(?:(?:error|http|status|fehler|erreur)\s*:?\s*)?(?:404|410)\s*(?:error)?\s*[-:–!.]*\s*)?"
    r"(?:"
    rf"(?:(?:the|this|that)\s+)?(?:requested\s+)?(?:{_PAGE_NOUN}\s+)?"
    r"(?:you(?:'re|\s+are|\s+were)?\s+(?:looking\s+for|requested)\s+)?"
    rf"(?:{_GONE_ALONE})"
    rf"|(?:(?:the|this|that)\s+)?(?:requested\s+)?{_PAGE_NOUN}\s+(?:you(?:'re|\s+are|\s+were)?\s+(?:looking\s+for|requested)\s+)?(?:{_GONE_OF_A_PAGE})"
    rf"|(?:we\s+)?(?:could\s+not|couldn't|can't|cannot)\s+find\s+(?:that|this|the)\s+{_PAGE_NOUN}"
    r"(?:\s+you(?:'re|\s+are|\s+were)?\s+(?:looking\s+for|requested))?"
    r"|(?:the\s+)?page\s+you\s+requested\b.*|error"
    # the same in the languages commentary most often cites
    r"|seite\s+nicht\s+gefunden|(?:die\s+angeforderte\s+)?seite\s+existiert\s+nicht"
    r"|(?:lo\s+sentimos,\s+)?(?:la\s+)?p[aá]gina\s+no\s+(?:existe|encontrada)|p[aá]gina\s+n[aã]o\s+encontrada"
    r"|page\s+(?:introuvable|non\s+trouv[ée]e)|pagina\s+non\s+trovata|pagina\s+niet\s+gevonden"
    r"|страница\s+не\s+найдена|nie\s+znaleziono\s+strony|strona\s+nie\s+(?:zosta[łl]a\s+znaleziona|istnieje)"
    r"|sayfa\s+bulunamad[ıi]|ページが見つかりません|页面不存在|页面未找到|找不到(?:该|此)?页面"
    r")?(?:\s*[-:–]?\s*(?:error\s*)?(?:404|410))?[\s.!]*"
    r"|(?:error\s+)?410\s+gone[\s.!]*",  # Apache's own words for 410
    re.IGNORECASE,
)
# Words of an error phrase that a page about that error (an article on HTTP 404, a language's
# Error type) also has in its address: when they are there, the title names the subject.
_SUBJECT_WORDS = frozenset({"404", "410", "error", "errors", "found", "notfound", "gone", "missing"})
# Phrases trusted in the text of a short page: each names the page itself as missing.
_ERROR_BODY_PHRASES = re.compile(
    r"page\s+not\s+found"
    rf"|\b{_PAGE_NOUN}\s+(?:you(?:'re|\s+are|\s+were)?\s+(?:looking\s+for|requested|tried\s+to\s+(?:reach|visit|open))\s+)?"
    r"(?:is\s+no\s+longer\s+(?:available|exists?)|no\s+longer\s+exists|(?:does\s+not|doesn't)\s+exist"
    r"|(?:could\s+not|cannot|can't|couldn't)\s+be\s+found|(?:was|has\s+been)\s+(?:removed|deleted)|was\s+not\s+found)"
    rf"|(?:we\s+)?(?:could\s+not|couldn't|can't|cannot)\s+find\s+(?:that|this|the)\s+{_PAGE_NOUN}"
    r"|\b(?:error|http)\s*404\s*(?:[.!:\-–]|$)",
    re.IGNORECASE,
)
_SHORT_PAGE_CHARS = 3000
# A domain that lapsed and was parked: whatever it once held is gone.
_PARKED = re.compile(
    r"\b(?:this\s+)?domain(?:\s+name)?\s+(?:is|may\s+be)\s+for\s+sale|\bis\s+for\s+sale\b.{0,40}(?:hugedomains|sedo|dan\.com|afternic|godaddy)"
    r"|\bbuy\s+this\s+domain\b|\bparked\s+(?:free|domain|by)\b|\bhugedomains\.com\b",
    re.IGNORECASE | re.DOTALL,
)


def error_page_reason(title: str | None, page: str, cited_url: str | None = None, *, text: str | None = None) -> str | None:
    """Why a 2xx page is really an error page, or None.

    A title, or the page's first main heading, counts when one of its segments is an error phrase
    as a whole, unless the cited address names that very subject (an article on "HTTP 404"); free
    text only on short pages, and only phrases that name the page itself as missing.
    """
    subject = _subject_words(cited_url)
    if title and has_title_segment(title, _ERROR_SEGMENT, subject):
        return f"error page (title {title!r})"
    heading = element_text(page[:65536], "h1")
    if heading is not None:
        text = text_of(heading)
        if text and len(text) < 120 and has_title_segment(text, _ERROR_SEGMENT, subject):
            return f"error page (heading {text!r})"
    text = (visible_text(page) if text is None else text).replace("’", "'")
    if len(text) < _SHORT_PAGE_CHARS and (phrase := _ERROR_BODY_PHRASES.search(text)):
        return f"error page (text says {phrase.group(0)!r})"
    if (title and _PARKED.search(title)) or (len(text) < _SHORT_PAGE_CHARS and _PARKED.search(text)):
        return "the domain is parked or for sale"
    return None


def _subject_words(url: str | None) -> frozenset[str]:
    if not url:
        return frozenset()
    path = url.split("://", 1)[-1].partition("/")[2]
    return frozenset(word for word in WORDS.findall(path.lower()) if word in _SUBJECT_WORDS)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What identifies a page for the probe comparison: status, title and text words, no digits."""

    status: int
    title_words: tuple[str, ...]
    words: tuple[str, ...]
    final_url: str


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(_NUMBERS.sub(" ", text.casefold())))


def fingerprint(status: int, title: str | None, text: str, final_url: str) -> Fingerprint:
    """Error pages echo the path they were asked for: that text, as written, is left out. Only as
    written: a real article's title repeats its slug's words, and those must still count."""
    echoed = _echoed_path(final_url)
    return Fingerprint(
        status=status,
        title_words=_unechoed_words(echoed, title or ""),
        words=_unechoed_words(echoed, text[:_COMPARED_CHARS]),
        final_url=final_url,
    )


_COMPARED_CHARS = 20000


def _unechoed_words(echoed: re.Pattern[str], text: str) -> tuple[str, ...]:
    return _words(echoed.sub(" ", text))


def _echoed_path(url: str) -> re.Pattern[str]:
    parts = urlsplit(url)
    forms = {parts.path, parts.path.lstrip("/"), unquote(parts.path), unquote(parts.path).lstrip("/")}
    last = parts.path.rstrip("/").rpartition("/")[2]
    forms |= {last, unquote(last)} if len(last) >= 3 else set()
    if parts.query:
        forms |= {f"{parts.path}?{parts.query}", parts.query}
    ordered = sorted((form for form in forms if form and form != "/"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered)) or r"(?!)", re.IGNORECASE)


def _shingles(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def same_page(page: Fingerprint, probe: Fingerprint) -> bool:
    """True when the cited page looks like what the host serves for a nonexistent path."""
    return looks_like_probe(page.status, lambda: page.title_words, lambda: page.words, page.final_url, probe)


def page_looks_like_probe(status: int, title: str | None, text: str, final_url: str, probe: Fingerprint) -> bool:
    """``same_page(fingerprint(status, title, text, final_url), probe)``, working out only as much of
    the page's fingerprint as the comparison needs: most pages differ from the probe in status."""
    echoed = functools.cache(lambda: _echoed_path(final_url))
    return looks_like_probe(
        status,
        lambda: _unechoed_words(echoed(), title or ""),
        lambda: _unechoed_words(echoed(), text[:_COMPARED_CHARS]),
        final_url,
        probe,
    )


def could_be_probe(status: int, probe: Fingerprint | None) -> bool:
    """Whether a page answered ``status`` can be like ``probe`` at all (both 2xx, the same status)."""
    return probe is not None and 200 <= probe.status < 300 and status == probe.status


def looks_like_probe(
    status: int,
    title_words: Callable[[], tuple[str, ...]],
    words: Callable[[], tuple[str, ...]],
    final_url: str,
    probe: Fingerprint,
) -> bool:
    """The comparison, cheapest test first: the page's words are only worked out when it comes to them."""
    if not could_be_probe(status, probe):
        return False
    if final_url == probe.final_url:
        return True  # both redirected to one and the same page
    if title_words() != probe.title_words:
        return False
    mine, theirs = _shingles(words()), _shingles(probe.words)
    return len(mine & theirs) / len(mine | theirs) >= SIMILARITY_THRESHOLD


_SCRIPT_SHELL_TEXT = re.compile(
    r"(?:enable|turn\s+on)\s+javascript|javascript\s+(?:is\s+)?(?:required|disabled|must\s+be\s+enabled)"
    r"|requires?\s+javascript",
    re.IGNORECASE,
)
_EMPTY_APP_ROOT = re.compile(r"<div\s+id=[\"'](?:root|app|__next|__nuxt|svelte)[\"'][^>]*>\s*</div>", re.IGNORECASE)


def is_script_shell(page: str) -> bool:
    """A page whose content is built by scripts in the browser: little text of its own, with an
    empty app root or a request to turn JavaScript on. (A page rendered on the server that also
    mounts a widget is no shell: its text can be compared.)"""
    text = strip_tags(without_elements(page, ("script", "style")))
    if len(text.split()) >= _SHELL_MAX_WORDS:
        return False
    return bool(_EMPTY_APP_ROOT.search(page) or _SCRIPT_SHELL_TEXT.search(text))


_SHELL_MAX_WORDS = 60


def origin_of(url: str) -> str:
    """scheme://host[:port]: what one nonexistent-path probe stands for."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


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
    deadline: float = 30.0  # seconds one probe may take, redirects included

    def known(self, url: str) -> tuple[bool, Fingerprint | None]:
        """(whether the probe of ``url``'s origin has its answer, that answer), asking nothing."""
        origin = origin_of(url)
        return origin in self.results, self.results.get(origin)

    async def probe(self, url: str) -> Fingerprint | None:
        origin = origin_of(url)
        if origin in self.results:
            return self.results[origin]
        if origin in self.pending:
            await self.pending[origin].wait()
            return self.results.get(origin)
        done = self.pending[origin] = trio.Event()
        try:
            self.probes_sent += 1
            # A probe is a hint, never a verdict: bounded in time, and its failure is no answer.
            with trio.move_on_after(self.deadline):
                self.results[origin] = await self.fetch(probe_url_for(origin, self.token))
        except Exception:  # noqa: BLE001 - any odd answer to a made-up path only means "no probe"
            self.results[origin] = None
        finally:
            self.results.setdefault(origin, None)
            done.set()
        return self.results[origin]
