"""The checking engine: polite per host, one verdict per URL, a bounded number of tasks.

URLs wait in their host's queue (``schedule.HostQueues``); a pool of workers, at most
``settings.max_concurrency``, each takes a URL whose host has a free slot and makes one request
for it. After that request the URL has its verdict, or goes back: a redirect hop to the back of
its next host's queue, a retry into the timers for its back-off pause and then to the back of its
host's queue, except a timed-out URL's retry, which goes to the head at once. A URL that never
answers sets the run's floor (two attempts of a timeout each, a URL that timed out being asked once
more only), so its second attempt starts as soon as its first has timed out (the timeout was its
pause), beside the rest of the work, instead of once its host's queue has drained; everything else
finishes well within that floor, and waits behind URLs not yet asked, any of which may be the next
that never answers. A timed-out request's slot is not taken back at once: the host pool keeps an
abandoned request's slot a moment, until the server has noticed.

An answer that gives a URL its verdict is judged (title, visible text, soft-404 and challenge
tests) only when nothing else is ready to run, so long as the answers waiting for it hold less
than ``JUDGE_LATER_BYTES``: while there are answers to read and requests to send, one process's
CPU goes to them first, and every URL is asked sooner. This matters because the run's floor is a
URL that never answers, two timeouts from when it is first asked, and it may be the last URL any
host's queue reaches; judging is what a run can put off until then.

The per-URL deadline counts a URL's own time (its requests, its retry pauses, the soft-404 probe
its verdict waits for), never its wait for a turn at a busy host nor its answer's wait to be
judged. See ``client`` for how one request is made and read, ``retries`` for when a URL is asked
again, ``judge`` for what an answer says of its URL.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import AsyncIterator, Callable, Collection, Iterable
from contextlib import asynccontextmanager

import httpx
import trio

# trio's wait for the moment every task waits. trio.testing re-exports it, but importing trio.testing
# imports pytest (about 0.3 s): it is taken from where trio defines it, and from the public place
# should a later trio move it.
try:
    from trio._core import wait_all_tasks_blocked
except ImportError:  # pragma: no cover - depends on trio's layout
    from trio.testing import wait_all_tasks_blocked

from linkaudit.check.classify import REDIRECT_STATUSES, ErrorVerdict, classify_error, decode_body, extract_title, visible_text
from linkaudit.check.client import HELD_LOCATION, Answer, CheckClient, read_bounded
from linkaudit.check.hosts import HostPool
from linkaudit.check.judge import AnswerJudge
from linkaudit.check.retries import retry_delay, timed_out
from linkaudit.check.runs import Handoff, Outcome, ProbeJob, UrlRun, deadline_result, error_result, result
from linkaudit.check.schedule import HostQueues
from linkaudit.check.sites import site_of
from linkaudit.check.softfour import Fingerprint, ProbeCache, fingerprint, origin_of
from linkaudit.check.urls import host_key, is_deep_link, normalise_url
from linkaudit.headers import headers_for
from linkaudit.models import CheckResult, Hop, LinkStatus
from linkaudit.options import CheckOptions
from linkaudit.urlkey import parse_url

__all__ = ["CheckEngine", "EngineStats", "Handoff"]

# Answers held back to be judged when the process is idle, counted by body plus about what an
# answer's record and header fields take: beyond it, an answer is judged at once.
JUDGE_LATER_BYTES = 16 * 1024 * 1024
ANSWER_OVERHEAD_BYTES = 2048

Delivery = Callable[[CheckResult | Handoff], None]


class EngineStats:
    __slots__ = ("network_down_hosts", "requests", "responses", "retries")

    def __init__(self) -> None:
        self.requests = 0
        self.responses = 0
        self.retries = 0
        self.network_down_hosts: set[str] = set()


class CheckEngine:
    """Checks URLs under one client; ``stats`` and ``hosts`` stay readable after the run.

    With ``hand_off`` (a worker process), a chain whose next hop is in another site is delivered
    as a ``Handoff`` for the process that owns that site, instead of being followed here.
    """

    def __init__(self, settings: CheckOptions, client: CheckClient, *, hand_off: bool = False) -> None:
        self.settings = settings
        self.client = client
        self.hand_off = hand_off
        self.hosts = HostPool(per_host=settings.per_host, retry_after_cap=settings.retry_after_cap)
        self.queues: HostQueues[UrlRun | ProbeJob] = HostQueues(self.hosts)
        self.stats = EngineStats()
        self.probes = ProbeCache(self._probe_fingerprint, deadline=min(settings.url_deadline, 30.0))
        self.judge = AnswerJudge(settings, self.probes)
        self.backoff_base = settings.backoff_base
        self._deliver: Delivery = lambda outcome: None
        self._to_judge: deque[tuple[UrlRun, Answer, float]] = deque()  # (run, answer, when it came)
        self._to_judge_bytes = 0
        self._to_judge_lot = trio.lowlevel.ParkingLot()

    # --- feeding the queues ------------------------------------------------------------

    async def check_all(self, pairs: Collection[tuple[str, str]], on_result: Delivery) -> None:
        """Check every (url, target) pair, handing each result over as soon as it is known."""
        async with self.session(on_result):
            self.queue_all(pairs)

    def queue_all(self, pairs: Collection[tuple[str, str]]) -> None:
        """Queue every (url, target) pair, with the probes that must go first."""
        # Every deep link of a site waits for that site's one nonexistent-path probe before it
        # can be judged. Where more links than the host's limit queue up, a probe asked for
        # later would wait behind all of them and hold back every result of the host (an
        # interrupted run would have none): there it goes first.
        for url in _deep_links_of_queued_origins((target for _, target in pairs), self.settings.per_host):
            self.queues.add(host_key(url), ProbeJob(url), first=True)
        for url, target in pairs:
            self.submit(url, target)

    @asynccontextmanager
    async def session(self, on_result: Delivery) -> AsyncIterator[CheckEngine]:
        """Serve the queues while the caller adds work (``submit``, ``resume``); leaving the block
        waits until every URL added has been delivered."""
        self._deliver = on_result
        async with trio.open_nursery() as nursery:
            nursery.start_soon(self._serve_and_judge)
            try:
                yield self
            except BaseException:
                nursery.cancel_scope.cancel()
                raise
            self.queues.close()

    async def _serve_and_judge(self) -> None:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(self._judge_when_idle, nursery)
            await self.queues.serve(self.settings.max_concurrency, self._serve)
            nursery.cancel_scope.cancel()  # every URL delivered: no answer is left to judge

    def submit(self, url: str, target: str) -> None:
        """Queue ``url`` (normalised), to be checked by requesting ``target`` (after remap)."""
        self.queues.add(host_key(target), UrlRun.fresh(url, target, self.settings.url_deadline))

    def resume(self, handoff: Handoff) -> None:
        """Queue a chain handed over by another process, to be carried on here."""
        self.queues.add(host_key(handoff.current), UrlRun.resumed(handoff))

    # --- one turn of a worker ------------------------------------------------------------

    async def _serve(self, host: str, item: UrlRun | ProbeJob) -> None:
        """A worker's turn with a slot of ``host`` taken."""
        if isinstance(item, ProbeJob):
            self.hosts.release(host)  # the probe waits first in line for a slot of its own
            try:
                await self.probes.probe(item.url)
            finally:
                self.queues.done()
            return
        outcome = await self._advance(host, item)
        if outcome is not None:
            self.queues.done()
            self._deliver(outcome)

    async def _advance(self, host: str, run: UrlRun) -> CheckResult | Handoff | None:
        """One request for ``run``, then its verdict, a hand-off, or None when it is queued again."""
        began = trio.current_time()
        if run.started is None:
            run.started = began
        deadline = began + run.left
        outcome: CheckResult | Handoff | None = None
        with trio.move_on_at(deadline) as scope:
            try:
                outcome = await self._step(host, run, deadline)
            except Exception as exc:  # noqa: BLE001 - one odd answer must not sink the whole run
                outcome = _internal_error(run, exc)
        if scope.cancelled_caught:
            return deadline_result(run, self.settings.url_deadline, self.settings.accept)
        return outcome

    async def _step(self, host: str, run: UrlRun, deadline: float) -> CheckResult | Handoff | None:
        current = run.current
        outcome = await self._request(current, host)
        run.attempts += 1
        run.last = outcome
        delay = retry_delay(run, outcome, deadline, retries=self.settings.retries, backoff_base=self.backoff_base,
                            host_paused_until=lambda: self.hosts.policy(host_key(current)).paused_until)
        if delay is not None:
            self.stats.retries += 1
            run.left = deadline - trio.current_time() - delay  # a retry's pause counts, its queueing does not
            self.queues.later(delay, host, run, first=timed_out(outcome))
            return None
        if isinstance(outcome, ErrorVerdict):
            return error_result(run, current, outcome)
        run.cookies_set += "set-cookie" in outcome.headers
        location = outcome.headers.get(HELD_LOCATION)
        if outcome.status not in REDIRECT_STATUSES or not location:
            if self._judge_later(run, outcome, deadline):
                return None
            return await self.judge.verdict(run, outcome)
        return self._follow(run, outcome, location.strip(), deadline)

    # --- judging when idle ------------------------------------------------------------------

    def _judge_later(self, run: UrlRun, answer: Answer, deadline: float) -> bool:
        """Hold ``answer`` back to be judged when the process is idle, if there is room."""
        size = len(answer.body) + ANSWER_OVERHEAD_BYTES
        if self._to_judge_bytes + size > JUDGE_LATER_BYTES:
            return False
        run.left = deadline - trio.current_time()
        self._to_judge.append((run, answer, trio.current_time()))
        self._to_judge_bytes += size
        self._to_judge_lot.unpark()
        return True

    async def _judge_when_idle(self, nursery: trio.Nursery) -> None:
        """Start judging the answers held back, one each time no other task is ready to run."""
        while True:
            if not self._to_judge:
                await self._to_judge_lot.park()
                continue
            await wait_all_tasks_blocked()  # returns once no other task is ready to run
            run, answer, came = self._to_judge.popleft()
            self._to_judge_bytes -= len(answer.body) + ANSWER_OVERHEAD_BYTES
            run.parked += trio.current_time() - came
            nursery.start_soon(self._conclude, run, answer)

    async def _conclude(self, run: UrlRun, answer: Answer) -> None:
        """Judge an answer held back and deliver its verdict; a probe it waits for is within what is
        left of the URL's deadline."""
        outcome: CheckResult | None = None
        with trio.move_on_after(run.left) as scope:
            try:
                outcome = await self.judge.verdict(run, answer)
            except Exception as exc:  # noqa: BLE001 - one odd answer must not sink the whole run
                outcome = _internal_error(run, exc)
        if scope.cancelled_caught or outcome is None:
            outcome = deadline_result(run, self.settings.url_deadline, self.settings.accept)
        self.queues.done()
        self._deliver(outcome)

    def _follow(self, run: UrlRun, answer: Answer, location: str, deadline: float) -> CheckResult | Handoff | None:
        """Take a redirect: the next hop is queued (or handed off), unless the chain ends here."""
        here = run.current
        run.hops = (*run.hops, Hop(here, answer.status))
        try:
            there = str(parse_url(str(httpx.URL(here).join(location))))
        except httpx.InvalidURL as exc:
            # The server's own answer names no reachable page: no retry can change that.
            return result(run, LinkStatus.DEAD, f"invalid redirect target {location!r}: {exc}",
                          answer=answer, final_url=here, error_kind="invalid-redirect", error=str(exc))
        key = normalise_url(there)
        seen = run.visited()
        if seen.get(key, -1) == run.cookies_set:
            return result(run, LinkStatus.DEAD, f"redirect loop: {there} was already visited",
                          answer=answer, final_url=there, error_kind="loop", error="redirect loop")
        if len(run.hops) > self.settings.max_redirects:
            return result(run, LinkStatus.FAILING, f"more than {self.settings.max_redirects} redirects",
                          answer=answer, final_url=there, error_kind="redirects", error="too many redirects")
        if not there.startswith(("http://", "https://")):
            return result(run, LinkStatus.FAILING, f"redirect to a non-HTTP URL: {there}",
                          answer=answer, final_url=there, error_kind="protocol")
        seen[key] = run.cookies_set
        run.next_hop(there)
        run.left = deadline - trio.current_time()
        if self.hand_off and site_of(there) != site_of(here):
            return run.handoff()
        self.queues.put(host_key(there), run)
        return None

    # --- one request ----------------------------------------------------------------------

    async def _request(self, url: str, host: str) -> Outcome:
        """One GET with a slot of ``host`` held, which it gives back. A request we abandon (a
        timeout, the deadline) keeps its slot a moment longer: the server still counts it."""
        abandoned = True
        try:
            self.stats.requests += 1
            try:
                outcome: Outcome = await self._get(url, host, sent_at=trio.current_time())
            except (httpx.HTTPError, OSError) as exc:
                outcome = classify_error(exc)
                if outcome.network_down_hint:
                    self.stats.network_down_hosts.add(host)
            abandoned = timed_out(outcome)
            return outcome
        finally:
            self.hosts.release(host, abandoned=abandoned)

    async def _get(self, url: str, host: str, *, sent_at: float) -> Answer:
        response = await self.client.get_streamed(url, headers_for(self.settings, url))
        try:
            self.stats.responses += 1
            # Read a dozen times through the judgement: a dict by lower-case name (repeated fields
            # joined, as httpx's own lookup gives them), not a scan of httpx's list each time.
            fields = dict(response.headers.items())
            self.hosts.record_answer(host, response.status_code, fields.get("retry-after"), sent_at=sent_at)
            answer = Answer(url, response.status_code, fields, b"")
            if 200 <= response.status_code < 300 and not answer.is_text:
                return answer  # a PDF or an image: the status says all we need
            body = await read_bounded(response, self.settings.max_body_bytes)
            return Answer(url, response.status_code, fields, body)
        finally:
            await response.aclose()

    async def _probe_fingerprint(self, probe_url: str) -> Fingerprint | None:
        """Follow a nonexistent path's redirects once, without retries, and fingerprint the end.
        Each hop waits first in line for its host's slot. With hand-off on, the probe stops at the
        site's edge: another process owns the hosts beyond it."""
        current = probe_url
        for _ in range(self.settings.max_redirects + 1):
            host = host_key(current)
            await self.hosts.wait_for_slot(host)
            outcome = await self._request(current, host)
            if isinstance(outcome, ErrorVerdict):
                return None
            location = outcome.headers.get(HELD_LOCATION)
            if outcome.status in REDIRECT_STATUSES and location:
                there = str(httpx.URL(current).join(location.strip()))
                if self.hand_off and site_of(there) != site_of(current):
                    return None
                current = there
                continue
            page = decode_body(outcome.body, outcome.content_type) if outcome.body else ""
            return fingerprint(outcome.status, extract_title(page), visible_text(page), current)
        return None


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


def _internal_error(run: UrlRun, exc: Exception) -> CheckResult:
    return result(run, LinkStatus.FAILING, f"could not be checked: {type(exc).__name__}: {exc}",
                  error_kind="internal", error=str(exc))

