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
from linkaudit.check.htmltext import element_text, text_of, without_elements
from linkaudit.models import LinkStatus

__all__ = [
    "ErrorVerdict",
    "RETRY_STATUSES",
    "challenge_reason",
    "classify_error",
    "classify_status",
    "decode_body",
    "error_page_reason",
    "extract_title",
    "visible_text",
]

RETRY_STATUSES = frozenset({429, 502, 503, 504})
BLOCKED_STATUSES = frozenset({401, 403, 429, 451, 999})
DEAD_STATUSES = frozenset({404, 410})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})


# A title is read as segments: "Page not found | The Daily Example" is an error segment plus the
# site's name. A segment counts only when it is an error phrase as a whole, so headlines that merely
# contain such words ("Why the statue has been removed", "401(k) limits rise") are left alone.
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·»«•/:]\s+|\s*[|•«»]\s*|\s*::\s*|—")
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
# Dressing around an error phrase that says nothing itself: brackets, "#", "!!1".
_SEGMENT_DRESSING = re.compile(r"[()\[\]#]|!+1*\s*$")
_WORDS = re.compile(r"[^\W_]+")
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


def visible_text(page: str) -> str:
    return text_of(without_elements(page))


def error_page_reason(title: str | None, page: str, cited_url: str | None = None) -> str | None:
    """Why a 2xx page is really an error page, or None.

    A title, or the page's first main heading, counts when one of its segments is an error phrase
    as a whole, unless the cited address names that very subject (an article on "HTTP 404"); free
    text only on short pages, and only phrases that name the page itself as missing.
    """
    subject = _subject_words(cited_url)
    if title and _has_segment(title, _ERROR_SEGMENT, subject):
        return f"error page (title {title!r})"
    heading = element_text(page[:65536], "h1")
    if heading is not None:
        text = text_of(heading)
        if text and len(text) < 120 and _has_segment(text, _ERROR_SEGMENT, subject):
            return f"error page (heading {text!r})"
    text = visible_text(page).replace("’", "'")
    if len(text) < _SHORT_PAGE_CHARS and (phrase := _ERROR_BODY_PHRASES.search(text)):
        return f"error page (text says {phrase.group(0)!r})"
    if (title and _PARKED.search(title)) or (len(text) < _SHORT_PAGE_CHARS and _PARKED.search(text)):
        return "the domain is parked or for sale"
    return None


def _subject_words(url: str | None) -> frozenset[str]:
    if not url:
        return frozenset()
    path = url.split("://", 1)[-1].partition("/")[2]
    return frozenset(word for word in _WORDS.findall(path.lower()) if word in _SUBJECT_WORDS)


def _has_segment(title: str, pattern: re.Pattern[str], subject: frozenset[str] = frozenset()) -> bool:
    """Whether some separator-delimited segment of ``title`` is, as a whole and not empty, ``pattern``
    and does not name the ``subject`` of the page's own address."""
    for segment in _TITLE_SEPARATORS.split(title.replace("’", "'")):
        segment = " ".join(_SEGMENT_DRESSING.sub(" ", segment).split())
        if not segment or not segment.strip(".!?-–: ").strip() or not pattern.fullmatch(segment):
            continue
        if subject & set(_WORDS.findall(segment.lower())):
            continue  # the page is about this error, not an error page
        return True
    return False


def challenge_reason(headers: Mapping[str, str], title: str | None, page: str) -> str | None:
    """Why an answer is a bot challenge or captcha wall, or None."""
    for name, value in _CHALLENGE_HEADERS:
        if headers.get(name, "").strip().lower() == value:
            return f"bot challenge ({name}: {value})"
    if title and _has_segment(title, _CHALLENGE_TITLE):
        return f"bot challenge page (title {title!r})"
    short = len(visible_text(page)) < _CHALLENGE_PAGE_CHARS
    if short and title and _has_segment(title, _CHALLENGE_TITLE_IF_SHORT):
        return f"bot challenge page (title {title!r})"
    if short and (marker := _CHALLENGE_BODY.search(page[:65536])) is not None:
        return f"bot challenge page ({marker.group(0)})"
    return None
