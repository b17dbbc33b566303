"""The checking engine: one httpx client on trio, polite per host, one verdict per URL.

Request strategy. Each URL is requested with a single streamed GET, not HEAD then GET. The body
is needed anyway for the checks that make verdicts honest (soft-404 titles, bot-challenge pages),
many servers answer HEAD wrongly, and HEAD+GET would double the requests on healthy hosts. The
stream is read only as far as needed: at most ``settings.max_body_bytes`` of *decoded* body, and
nothing at all for a 2xx answer that is not text (a PDF, an image), after which it is closed. So
a 200 MB page costs ``max_body_bytes``, and on healthy hosts a run costs one request per distinct
URL plus at most one soft-404 probe per host.

Decompression is done here, from ``aiter_raw()``, with ``zlib.decompressobj().decompress(data,
max_length)``: output is bounded whatever the compression ratio, so a gzip bomb costs at most
``max_body_bytes``. Only gzip and deflate are offered in Accept-Encoding.

Other caps: redirects (``settings.max_redirects``, followed one at a time so every hop is kept)
and the response head (httpcore's h11 limit, 100 KiB, which answers larger heads with a protocol
error).

Safety. The default transport connects through ``guard.GuardedBackend``, which vets every
resolved address, on every hop, at connect time. A caller passing ``transport=`` takes that job
over: nothing is vetted then.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import ssl
import zlib
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field

import httpcore
import httpx
import trio

from linkaudit.check.classify import (
    DEAD_STATUSES,
    PERMANENT_REDIRECTS,
    REDIRECT_STATUSES,
    RETRY_STATUSES,
    ErrorVerdict,
    challenge_reason,
    classify_error,
    classify_status,
    decode_body,
    error_page_reason,
    extract_title,
    visible_text,
)
from linkaudit.check.guard import GuardedBackend
from linkaudit.check.hosts import HostPool
from linkaudit.check.softfour import (
    Fingerprint,
    ProbeCache,
    fingerprint,
    is_script_shell,
    origin_of,
    redirect_target_reason,
    same_page,
)
from linkaudit.check.sites import site_of
from linkaudit.check.urls import host_key, is_deep_link, normalise_url
from linkaudit.drift.compare import is_html, page_print
from linkaudit.headers import headers_for
from linkaudit.models import CheckResult, Hop, LinkStatus, PagePrint
from linkaudit.options import CheckOptions
from linkaudit.urlkey import parse_url

__all__ = [
    "Answer",
    "CheckEngine",
    "EngineStats",
    "GuardedTransport",
    "Handoff",
    "ShardedTransport",
    "build_client",
    "guarded_transport",
    "read_bounded",
]

_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
TIMEOUT_RETRIES = 1  # a request that timed out is asked again once, whatever --retries says


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool rebuilt on the guarded network backend."""

    def __init__(
        self,
        *,
        allow_private: bool,
        max_connections: int,
        backend: GuardedBackend | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        context = ssl_context or httpx.create_ssl_context(trust_env=False)
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
        super().__init__(verify=context, limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=backend or GuardedBackend(allow_private=allow_private),
        )


@dataclass
class _Shard:
    transport: httpx.AsyncBaseTransport
    active: int = 0


class _ShardStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, on_close: Callable[[], Awaitable[None]]) -> None:
        self._inner = inner
        self._on_close = on_close
        self._closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            if not self._closed:
                self._closed = True
                await self._on_close()


class ShardedTransport(httpx.AsyncBaseTransport):
    """One connection pool per origin, idle pools closed least recently used first.

    httpcore's pool scans its connections several times per request (quadratically in places),
    which costs more CPU than the network once hundreds of connections share one pool. Per-origin
    pools stay as small as the per-host limit, mirroring how requests are admitted anyway.
    """

    def __init__(self, make_transport: Callable[[], httpx.AsyncBaseTransport], *, max_idle_pools: int) -> None:
        self._make_transport = make_transport
        self._max_idle_pools = max(1, max_idle_pools)
        self._shards: OrderedDict[str, _Shard] = OrderedDict()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = f"{request.url.scheme}://{request.url.netloc.decode('ascii')}"
        shard = self._shards.get(key)
        if shard is None:
            shard = self._shards[key] = _Shard(self._make_transport())
        self._shards.move_to_end(key)
        shard.active += 1
        try:
            response = await shard.transport.handle_async_request(request)
        except BaseException:
            shard.active -= 1
            raise

        async def release() -> None:
            shard.active -= 1
            await self._close_surplus_idle_pools()

        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _ShardStream(response.stream, release)
        return response

    async def _close_surplus_idle_pools(self) -> None:
        idle = [key for key, shard in self._shards.items() if shard.active == 0]
        for key in idle[: max(0, len(idle) - self._max_idle_pools)]:
            shard = self._shards.pop(key)
            with trio.CancelScope(shield=True):
                await shard.transport.aclose()

    async def aclose(self) -> None:
        shards, self._shards = list(self._shards.values()), OrderedDict()
        for shard in shards:
            await shard.transport.aclose()


def build_client(settings: CheckOptions, transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
        "Accept-Encoding": "gzip, deflate",
    }
    if transport is None:
        transport = guarded_transport(settings)
    return httpx.AsyncClient(
        transport=transport,
        event_hooks={"response": [_hold_location]},
        headers=headers,
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=False,
        trust_env=False,
    )


# Redirects are followed by hand, so that every hop is kept and vetted. httpx would still parse each
# Location to prepare a next request it never sends, and raises on targets such as mailto:, losing
# the answer: the header is moved out of its sight, under this name.
HELD_LOCATION = "x-linkaudit-location"


async def _hold_location(response: httpx.Response) -> None:
    if "location" in response.headers:
        response.headers[HELD_LOCATION] = response.headers["location"]
        del response.headers["location"]


def guarded_transport(settings: CheckOptions, backend: GuardedBackend | None = None) -> httpx.AsyncBaseTransport:
    """The default transport: guarded connections, one small pool per origin, one TLS context."""
    shared_backend = backend or GuardedBackend(allow_private=settings.allow_private)
    context = httpx.create_ssl_context(trust_env=False)
    # A few spare connections per origin: one being closed must not block the next request.
    per_origin = max(1, settings.per_host) + 2

    def make() -> httpx.AsyncBaseTransport:
        return GuardedTransport(
            allow_private=settings.allow_private,
            max_connections=per_origin,
            backend=shared_backend,
            ssl_context=context,
        )

    return ShardedTransport(make, max_idle_pools=max(8, settings.max_concurrency // 2))


class _BoundedDecoder:
    """Content-decoding whose output never exceeds the room it is given."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._inflater: zlib._Decompress | None = None
        if encoding == "gzip" or encoding == "x-gzip":
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS)
        self._first = True

    def feed(self, chunk: bytes, room: int) -> bytes:
        if self._inflater is None:
            return chunk[:room]
        try:
            return self._inflater.decompress(chunk, room)
        except zlib.error:
            if self.encoding == "deflate" and self._first:
                # Some servers send raw deflate without the zlib wrapper.
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                self._first = False
                return self._inflater.decompress(chunk, room)
            raise
        finally:
            self._first = False


async def read_bounded(response: httpx.Response, limit: int) -> bytes:
    """At most ``limit`` bytes of the decoded body; an undecodable body yields what decoded."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower() or "identity"
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        return b""
    decoder = _BoundedDecoder(encoding)
    parts: list[bytes] = []
    size = 0
    async for chunk in response.aiter_raw():
        try:
            data = decoder.feed(chunk, limit - size)
        except zlib.error:
            break
        parts.append(data)
        size += len(data)
        if size >= limit:
            break
    return b"".join(parts)


@dataclass(frozen=True, slots=True)
class Answer:
    """One HTTP answer, with a bounded prefix of its decoded body."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def is_text(self) -> bool:
        kind = (self.content_type or "text/html").split(";", 1)[0].strip().lower()
        return kind in _TEXT_TYPES


Outcome = Answer | ErrorVerdict


@dataclass
class EngineStats:
    requests: int = 0
    responses: int = 0
    retries: int = 0
    network_down_hosts: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Handoff:
    """A check whose redirect chain crossed into another site, to be carried on by the process
    that owns that site (so that every request to a host counts against one per-host limit)."""

    url: str
    target: str
    current: str  # the next URL to request
    hops: tuple[Hop, ...]
    cookies_set: int
    seen: tuple[tuple[str, int], ...]
    elapsed: float  # seconds since the first request
    deadline_left: float  # seconds of the per-URL deadline still to spend


@dataclass
class _UrlRun:
    """The state of one URL's check; survives the deadline's cancellation."""

    url: str  # normalised, before remap: the result's key
    target: str  # what is requested (after remap)
    deadline_scope: trio.CancelScope
    started: float | None = None
    hops: list[Hop] = field(default_factory=list)
    attempts: int = 0  # requests for the current hop: the hop that gives the verdict
    last: Outcome | None = None
    current: str = ""  # the URL of the hop being requested
    # URL -> cookies set before it was visited: coming back with a new cookie (a consent or
    # session wall) is progress, coming back with none is a loop.
    cookies_set: int = 0
    seen: dict[str, int] = field(default_factory=dict)

    @classmethod
    def resumed(cls, handoff: Handoff) -> _UrlRun:
        run = cls(handoff.url, handoff.target, trio.CancelScope(), hops=list(handoff.hops), current=handoff.current,
                  cookies_set=handoff.cookies_set, seen=dict(handoff.seen))
        now = trio.current_time()
        run.started = now - handoff.elapsed
        run.deadline_scope.deadline = now + handoff.deadline_left
        return run

    def handoff(self) -> Handoff:
        now = trio.current_time()
        elapsed = 0.0 if self.started is None else now - self.started
        return Handoff(self.url, self.target, self.current, tuple(self.hops), self.cookies_set,
                       tuple(self.seen.items()), elapsed, self.deadline_scope.deadline - now)


class _CrossesSite(Exception):
    """The chain's next hop belongs to another site (raised only when hand-off is on)."""


class CheckEngine:
    """Checks URLs under one client; ``stats`` and ``hosts`` stay readable after the run."""

    def __init__(self, settings: CheckOptions, client: httpx.AsyncClient, *, hand_off: bool = False) -> None:
        self.settings = settings
        self.client = client
        self.hand_off = hand_off  # a worker process: chains that cross sites go back to be routed
        self.hosts = HostPool(
            per_host=settings.per_host,
            max_concurrency=settings.max_concurrency,
            retry_after_cap=settings.retry_after_cap,
        )
        self.stats = EngineStats()
        self.probes = ProbeCache(self._probe_fingerprint, deadline=min(settings.url_deadline, 30.0))
        self.backoff_base = settings.backoff_base

    # --- one request ----------------------------------------------------------------

    async def fetch_once(self, url: str, run: _UrlRun | None = None) -> Outcome:
        host = host_key(url)
        # The deadline bounds the URL's own time: its requests and its retry pauses, never its
        # wait for a turn at a busy host (a retry or a redirect hop joins the back of the host's
        # queue). Its clock stops while the URL queues, and starts with the first request.
        left = None
        if run is not None and run.started is not None:
            left = run.deadline_scope.deadline - trio.current_time()
            run.deadline_scope.deadline = math.inf
        async with self.hosts.slot(host):
            if run is not None and run.started is None:
                run.started = trio.current_time()
                run.deadline_scope.deadline = run.started + self.settings.url_deadline
            elif run is not None and left is not None:
                run.deadline_scope.deadline = trio.current_time() + left
            self.stats.requests += 1
            try:
                return await self._get(url, host)
            except (httpx.HTTPError, OSError) as exc:
                verdict = classify_error(exc)
                if verdict.network_down_hint:
                    self.stats.network_down_hosts.add(host)
                return verdict

    async def _get(self, url: str, host: str) -> Answer:
        request = self.client.build_request("GET", url, headers=headers_for(self.settings, url))
        response = await self.client.send(request, stream=True)
        try:
            self.stats.responses += 1
            self.hosts.record_answer(host, response.status_code, response.headers.get("retry-after"))
            answer = Answer(url, response.status_code, response.headers, b"")
            if 200 <= response.status_code < 300 and not answer.is_text:
                return answer  # a PDF or an image: the status says all we need
            body = await read_bounded(response, self.settings.max_body_bytes)
            return Answer(url, response.status_code, response.headers, body)
        finally:
            await response.aclose()

    async def fetch_with_retries(self, url: str, run: _UrlRun) -> Outcome:
        """Retries for transient failures. A timeout is retried once only, and not back to back:
        after a pause of a third of the timeout, behind whatever queued for the host meanwhile.
        A host that did not answer in ``timeout`` seconds twice will not answer a third time
        within the run, and waiting on it would set the whole run's pace (the floor of a run is
        one URL that never answers)."""
        run.attempts = 0
        timeouts = 0
        for attempt in range(self.settings.retries + 1):
            run.attempts += 1
            outcome = await self.fetch_once(url, run)
            run.last = outcome
            if attempt == self.settings.retries or not _is_retryable(outcome):
                return outcome
            delay = self._backoff(attempt)
            if isinstance(outcome, ErrorVerdict) and outcome.kind == "timeout":
                timeouts += 1
                if timeouts > TIMEOUT_RETRIES:
                    return outcome
                delay = max(delay, self.settings.timeout / 3)
            pause = 0.0
            if isinstance(outcome, Answer):
                # A Retry-After pause is enforced by the host pool for every task of the host.
                pause = self.hosts.policy(host_key(url)).paused_until - trio.current_time()
            if trio.current_time() + max(delay, pause) >= run.deadline_scope.deadline:
                return outcome  # no retry could start before the deadline: the outcome at hand is the verdict
            self.stats.retries += 1
            await trio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        return self.backoff_base * (2**attempt) * random.uniform(0.5, 1.5)

    # --- many URLs --------------------------------------------------------------------

    async def check_all(
        self, pairs: Iterable[tuple[str, str]], on_result: Callable[[CheckResult | Handoff], None]
    ) -> None:
        """Check every (url, target) pair, handing each result over as soon as it is known."""
        pairs = list(pairs)

        async def check_one(url: str, target: str) -> None:
            on_result(await self.check(url, target))

        async with trio.open_nursery() as nursery:
            # Every deep link of a site waits for that site's one nonexistent-path probe before it
            # can be judged. Where more links than the host's limit queue up, a probe asked for
            # later would wait behind all of them and hold back every result of the host (an
            # interrupted run would have none): there it goes first.
            for url in _deep_links_of_queued_origins((target for _, target in pairs), self.settings.per_host):
                nursery.start_soon(self.probes.probe, url)
            await trio.lowlevel.checkpoint()  # the probes take their host slots before the checks queue
            for url, target in pairs:
                nursery.start_soon(check_one, url, target)

    # --- one URL ----------------------------------------------------------------------

    async def check(self, url: str, target: str, resume: Handoff | None = None) -> CheckResult | Handoff:
        """The verdict for ``url`` (normalised), requesting ``target`` (``url`` after remap); or,
        with hand-off on, the chain to carry on elsewhere. ``resume`` carries on such a chain."""
        if resume is None:
            run = _UrlRun(url=url, target=target, deadline_scope=trio.CancelScope(), current=target)
            run.seen[normalise_url(target)] = 0
        else:
            run = _UrlRun.resumed(resume)
        result: CheckResult | None = None
        with run.deadline_scope:
            try:
                result = await self._follow_and_judge(run)
            except _CrossesSite:
                return run.handoff()
            except Exception as exc:  # noqa: BLE001 - one odd answer must not sink the whole run
                result = self._result(run, LinkStatus.FAILING, f"could not be checked: {type(exc).__name__}: {exc}",
                                      error_kind="internal", error=str(exc))
        if result is None or run.deadline_scope.cancelled_caught:
            result = self._deadline_result(run)
        return result

    async def _follow_and_judge(self, run: _UrlRun) -> CheckResult:
        seen = run.seen
        while True:
            current = run.current
            outcome = await self.fetch_with_retries(current, run)
            if isinstance(outcome, ErrorVerdict):
                return self._error_result(run, current, outcome)
            run.cookies_set += "set-cookie" in outcome.headers
            cookies_set = run.cookies_set
            location = outcome.headers.get(HELD_LOCATION)
            if outcome.status not in REDIRECT_STATUSES or not location:
                return await self._judge_answer(run, outcome)
            run.hops.append(Hop(current, outcome.status))
            try:
                current = str(parse_url(str(httpx.URL(current).join(location.strip()))))
            except httpx.InvalidURL as exc:
                # The server's own answer names no reachable page: no retry can change that.
                return self._result(run, LinkStatus.DEAD, f"invalid redirect target {location.strip()!r}: {exc}",
                                    answer=outcome, final_url=current, error_kind="invalid-redirect", error=str(exc))
            key = normalise_url(current)
            if seen.get(key, -1) == cookies_set:
                return self._result(run, LinkStatus.DEAD, f"redirect loop: {current} was already visited",
                                    answer=outcome, final_url=current, error_kind="loop",
                                    error="redirect loop")
            if len(run.hops) > self.settings.max_redirects:
                return self._result(run, LinkStatus.FAILING, f"more than {self.settings.max_redirects} redirects",
                                    answer=outcome, final_url=current, error_kind="redirects",
                                    error="too many redirects")
            if not current.startswith(("http://", "https://")):
                return self._result(run, LinkStatus.FAILING, f"redirect to a non-HTTP URL: {current}",
                                    answer=outcome, final_url=current, error_kind="protocol")
            seen[key] = cookies_set
            crosses = self.hand_off and site_of(current) != site_of(run.current)
            run.current = current
            if crosses:
                raise _CrossesSite

    async def _judge_answer(self, run: _UrlRun, answer: Answer) -> CheckResult:
        page = decode_body(answer.body, answer.content_type) if answer.body else ""
        title = extract_title(page) if page else None
        status, reason = classify_status(answer.status, self.settings.accept)
        if answer.status in self.settings.accept:
            return self._live_result(run, answer, title)
        # A 404 or 410 is an answer about the page, whatever widgets its error page carries.
        if answer.status not in DEAD_STATUSES and (challenge := challenge_reason(answer.headers, title, page)):
            return self._result(run, LinkStatus.BLOCKED, challenge, answer=answer, title=title)
        if status is not LinkStatus.ALIVE:
            if answer.status == 429 and run.attempts > 1:
                reason = f"HTTP 429 after {run.attempts} attempts: the server rate-limits automated checks"
            elif answer.status >= 500 and run.attempts > 1:
                reason = f"HTTP {answer.status} after {run.attempts} attempts"
            return self._result(run, status, reason, answer=answer, title=title)
        soft = self._soft_404_without_probe(run, answer, title, page)
        if soft is None and answer.is_text and page and is_deep_link(run.target):
            soft = await self._soft_404_by_probe(answer, title, page)
        if soft is not None:
            return self._result(run, LinkStatus.SOFT_404, soft, answer=answer, title=title)
        return self._live_result(run, answer, title)

    def _soft_404_without_probe(self, run: _UrlRun, answer: Answer, title: str | None, page: str) -> str | None:
        if run.hops and (reason := redirect_target_reason(run.target, answer.url)):
            return reason
        if page and answer.is_text:
            return error_page_reason(title, page, run.url)
        return None

    async def _soft_404_by_probe(self, answer: Answer, title: str | None, page: str) -> str | None:
        if is_script_shell(page):
            return None  # a single-page app serves one shell for every path: likeness proves nothing
        probe = await self.probes.probe(answer.url)
        if probe is None:
            return None
        mine = fingerprint(answer.status, title, visible_text(page), answer.url)
        if same_page(mine, probe):
            return "the page is what the host serves for a nonexistent path"
        return None

    async def _probe_fingerprint(self, probe_url: str) -> Fingerprint | None:
        """Follow a nonexistent path's redirects once, without retries, and fingerprint the end."""
        current = probe_url
        for _ in range(self.settings.max_redirects + 1):
            outcome = await self.fetch_once(current)
            if isinstance(outcome, ErrorVerdict):
                return None
            location = outcome.headers.get(HELD_LOCATION)
            if outcome.status in REDIRECT_STATUSES and location:
                current = str(httpx.URL(current).join(location.strip()))
                continue
            page = decode_body(outcome.body, outcome.content_type) if outcome.body else ""
            return fingerprint(outcome.status, extract_title(page), visible_text(page), current)
        return None

    # --- results ------------------------------------------------------------------------

    def _page_print(self, answer: Answer, title: str | None) -> PagePrint | None:
        """The live page's print for drift comparison, when drift is on (the pipeline decides "auto"
        before the check) and the page is HTML."""
        if not self.settings.keep_page_text or not answer.body or not is_html(answer.content_type):
            return None
        return page_print(decode_body(answer.body, answer.content_type), title)

    def _live_result(self, run: _UrlRun, answer: Answer, title: str | None) -> CheckResult:
        moved = bool(run.hops) and normalise_url(answer.url) != normalise_url(run.target)
        page = self._page_print(answer, title)
        if not moved:
            return self._result(run, LinkStatus.ALIVE, f"HTTP {answer.status}", answer=answer, title=title, page=page)
        permanent = all(hop.status in PERMANENT_REDIRECTS for hop in run.hops)
        kind = "permanently redirected" if permanent else "redirected"
        if run.target != run.url:
            # The address is the mirror's (--remap): no advice to cite it.
            reason = f"{kind} to {answer.url} at the remapped address"
        else:
            reason = f"{kind} to {answer.url}" + ("; update the link" if permanent else "")
        return self._result(
            run, LinkStatus.REDIRECTED, reason, answer=answer, title=title, permanent=permanent, page=page
        )

    def _error_result(self, run: _UrlRun, url: str, verdict: ErrorVerdict) -> CheckResult:
        reason = verdict.reason
        if run.hops:
            reason = f"{reason} (at redirect hop {len(run.hops)}: {url})"
        if verdict.retryable and run.attempts > 1:
            reason = f"{reason}, {run.attempts} attempts"
        return self._result(run, verdict.status, reason, final_url=url, error_kind=verdict.kind, error=verdict.reason)

    def _deadline_result(self, run: _UrlRun) -> CheckResult:
        limit = f"no verdict within the {self.settings.url_deadline:g} s per-URL deadline"
        last = run.last
        if isinstance(last, Answer) and last.status not in REDIRECT_STATUSES:
            status, reason = classify_status(last.status, self.settings.accept)
            return self._result(run, status, f"{reason}; {limit}", answer=last)
        if isinstance(last, ErrorVerdict):
            return self._result(run, last.status, f"{last.reason}; {limit}", error_kind=last.kind, error=last.reason)
        return self._result(run, LinkStatus.FAILING, limit, error_kind="timeout", error="deadline exceeded")

    def _result(
        self,
        run: _UrlRun,
        status: LinkStatus,
        reason: str,
        *,
        answer: Answer | None = None,
        title: str | None = None,
        final_url: str | None = None,
        permanent: bool = False,
        error_kind: str | None = None,
        error: str | None = None,
        page: PagePrint | None = None,
    ) -> CheckResult:
        elapsed = 0.0 if run.started is None else trio.current_time() - run.started
        return CheckResult(
            url=run.url,
            status=status,
            reason=reason,
            checked_at=dt.datetime.now(dt.UTC),
            http_status=answer.status if answer is not None else None,
            final_url=final_url or (answer.url if answer is not None else None),
            redirects=tuple(run.hops),
            permanent_redirect=permanent,
            error_kind=error_kind,
            error=error,
            elapsed=round(elapsed, 4),
            content_type=answer.content_type if answer is not None else None,
            title=title,
            attempts=max(1, run.attempts),
            page=page,
        )


def _deep_links_of_queued_origins(targets: Iterable[str], per_host: int) -> list[str]:
    """One deep link for each origin that has more deep links than may be asked at once."""
    first: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for target in targets:
        if is_deep_link(target):
            origin = origin_of(target)
            first.setdefault(origin, target)
            counts[origin] += 1
    return [url for origin, url in first.items() if counts[origin] > per_host]


def _is_retryable(outcome: Outcome) -> bool:
    if isinstance(outcome, ErrorVerdict):
        return outcome.retryable
    return outcome.status in RETRY_STATUSES


ResultCallback = Callable[[CheckResult], None]
