"""Pure classification: HTTP answers, transport errors and page contents to verdicts.

Everything here is a function of data already fetched, so the tables can be tested without a
network. The rule that matters most: a refusal (401, 403, 429, 451, 999, bot challenge) is
``blocked``, never ``dead``; only answers that say "gone" (404, 410, no such host, refused,
redirect loop) are ``dead``.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import httpx

from linkaudit.charset import meta_charset
from linkaudit.check.guard import ConnectFailure, DnsFailure, ForbiddenAddress
from linkaudit.check.htmltext import element_text, has_title_segment, text_of, visible_text
from linkaudit.models import LinkStatus

__all__ = [
    "ErrorVerdict",
    "RETRY_STATUSES",
    "challenge_reason",
    "classify_error",
    "classify_status",
    "decode_body",
    "extract_title",
    "visible_text",
]

RETRY_STATUSES = frozenset({429, 502, 503, 504})
BLOCKED_STATUSES = frozenset({401, 403, 429, 451, 999})
DEAD_STATUSES = frozenset({404, 410})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})


# Interstitials that stand between a robot and the page, by their whole title segment. The first
# group is never a real page's title; the second could be (a podcast called "Access Denied"), so it
# counts only on a page with little text of its own.
_CHALLENGE_TITLE = re.compile(
    r"just\s+a\s+moment(?:\.*|…)|attention\s+required!?|checking\s+your\s+browser.*|ddos-guard"
    r"|verify(?:ing)?\s+(?:that\s+)?you\s+are\s+(?:a\s+)?human.*|pardon\s+our\s+interruption(?:\.*|…)"
    r"|vercel\s+security\s+checkpoint|access\s+to\s+this\s+page\s+has\s+been\s+denied\.?",
    re.IGNORECASE,
)
_CHALLENGE_TITLE_IF_SHORT = re.compile(
    r"(?:captcha|security|human|bot)\s+(?:check|verification)|are\s+you\s+(?:a\s+)?(?:human|robot)\??"
    r"|access\s+denied|one\s+more\s+step|captcha|please\s+wait(?:\.*|…)",
    re.IGNORECASE,
)
# Markers found only in challenge pages (not in the detection script Cloudflare injects into
# ordinary pages, nor in a contact form's reCAPTCHA); trusted on pages with little text.
_CHALLENGE_BODY = re.compile(
    r"cf-chl-|_cf_chl_opt|captcha-delivery\.com|_Incapsula_Resource|px-captcha|awswaf\.com/[^\s<>]{0,200}challenge|/challenge\.js",
    re.IGNORECASE,
)
_CHALLENGE_HEADERS = (("cf-mitigated", "challenge"), ("x-amzn-waf-action", "challenge"), ("x-amzn-waf-action", "captcha"))
_CHALLENGE_PAGE_CHARS = 1500


def classify_status(status: int, accept: frozenset[int] = frozenset()) -> tuple[LinkStatus, str]:
    """Verdict of a final (non-redirect) HTTP status, before any look at the page."""
    if status in accept or 200 <= status < 300:
        return LinkStatus.ALIVE, f"HTTP {status}"
    if status in BLOCKED_STATUSES:
        return LinkStatus.BLOCKED, f"HTTP {status}: the server refuses automated checks"
    if status in DEAD_STATUSES:
        return LinkStatus.DEAD, f"HTTP {status}" + (" (gone)" if status == 410 else " (not found)")
    if status >= 500:
        return LinkStatus.FAILING, f"HTTP {status}: server error"
    if status in REDIRECT_STATUSES:
        return LinkStatus.FAILING, f"HTTP {status} without a usable Location header"
    # Other 4xx (400, 405, 406, ...) say the request was refused, not that the page is gone.
    return LinkStatus.FAILING, f"HTTP {status}"


@dataclass(frozen=True, slots=True)
class ErrorVerdict:
    status: LinkStatus
    kind: str
    reason: str
    retryable: bool
    network_down_hint: bool = False  # counts toward the "our own network is down" rule


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its causes and contexts, and the members of exception groups."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            stack.extend(current.exceptions)
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                stack.append(linked)


def classify_error(exc: BaseException) -> ErrorVerdict:
    """Verdict of a request that got no HTTP answer."""
    chain = list(_causes(exc))
    for cause in chain:
        if isinstance(cause, ForbiddenAddress):
            return ErrorVerdict(LinkStatus.SKIPPED, "private", str(cause), retryable=False)
        if isinstance(cause, DnsFailure):
            if cause.temporary:
                return ErrorVerdict(LinkStatus.FAILING, "dns", str(cause), retryable=True, network_down_hint=True)
            return ErrorVerdict(LinkStatus.DEAD, "dns", str(cause), retryable=False, network_down_hint=True)
        if isinstance(cause, ConnectFailure):
            if cause.refused:
                return ErrorVerdict(LinkStatus.DEAD, "refused", str(cause), retryable=True)
            if cause.unreachable:
                return ErrorVerdict(LinkStatus.FAILING, "unreachable", str(cause), True, network_down_hint=True)
            return ErrorVerdict(LinkStatus.FAILING, "connect", str(cause), retryable=True)
    for cause in chain:
        if isinstance(cause, ssl.SSLError | ssl.CertificateError):
            return ErrorVerdict(LinkStatus.FAILING, "tls", f"TLS failure: {cause}", retryable=False)
    if isinstance(exc, httpx.TimeoutException):
        return ErrorVerdict(LinkStatus.FAILING, "timeout", f"timed out ({type(exc).__name__})", retryable=True)
    if isinstance(exc, httpx.RemoteProtocolError):
        text = str(exc)
        if "peer closed connection without sending complete message body" in text:
            return ErrorVerdict(LinkStatus.FAILING, "length", f"body shorter than announced: {text}", True)
        if "Server disconnected without sending a response" in text:
            return ErrorVerdict(LinkStatus.FAILING, "reset", f"connection closed: {text}", retryable=True)
        return ErrorVerdict(LinkStatus.FAILING, "protocol", f"protocol error: {text}", retryable=False)
    for cause in chain:
        if isinstance(cause, ConnectionResetError | BrokenPipeError):
            return ErrorVerdict(LinkStatus.FAILING, "reset", f"connection reset: {cause}", retryable=True)
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        return ErrorVerdict(LinkStatus.FAILING, "reset", f"connection broken: {exc}", retryable=True)
    if isinstance(exc, httpx.ConnectError):
        return ErrorVerdict(LinkStatus.FAILING, "connect", f"cannot connect: {exc}", retryable=True)
    if isinstance(exc, httpx.DecodingError):
        return ErrorVerdict(LinkStatus.FAILING, "decoding", f"undecodable body: {exc}", retryable=False)
    return ErrorVerdict(LinkStatus.FAILING, "error", f"{type(exc).__name__}: {exc}", retryable=False)


def decode_body(body: bytes, content_type: str | None) -> str:
    """Text of a body prefix: charset from the header, else from a meta tag, else UTF-8."""
    charset = None
    if content_type and "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";", 1)[0].strip(" \"'")
    if charset is None:
        charset = meta_charset(body[:4096])
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def extract_title(page: str) -> str | None:
    content = element_text(page, "title")
    return None if content is None else text_of(content)[:300] or None


def challenge_reason(headers: Mapping[str, str], title: str | None, page: str, *, text: str | None = None) -> str | None:
    """Why an answer is a bot challenge or captcha wall, or None (``text``: the page's visible text,
    when it is known already)."""
    for name, value in _CHALLENGE_HEADERS:
        if headers.get(name, "").strip().lower() == value:
            return f"bot challenge ({name}: {value})"
    if title and has_title_segment(title, _CHALLENGE_TITLE):
        return f"bot challenge page (title {title!r})"
    short = len(visible_text(page) if text is None else text) < _CHALLENGE_PAGE_CHARS
    if short and title and has_title_segment(title, _CHALLENGE_TITLE_IF_SHORT):
        return f"bot challenge page (title {title!r})"
    if short and (marker := _CHALLENGE_BODY.search(page[:65536])) is not None:
        return f"bot challenge page ({marker.group(0)})"
    return None
