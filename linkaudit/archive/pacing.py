"""Polite, bounded requests to web archives (trio only).

archive.org enforces per-endpoint-group limits and answers excess with a 429 and no Retry-After,
after which it may block the IP for minutes. So every archive request goes through a ``Pacer``:

- a token bucket per endpoint *group*: the CDX server and TimeMaps share 30 a minute, replay
  (and the TimeGate) about 600, Save Page Now 15, each scaled by ``settings.archive_rate``; the
  budgets are separate, so a lookup may start on whichever group has a token free
  (``Pacer.try_acquire``);
- a 429 puts the whole group in cooldown (60 s, doubling up to 300 s); while a group cools down,
  requests to it fail at once as ``ArchiveUnavailable`` instead of piling onto a blocked archive;
- a timeout or refused connection marks every group of that archive host down for the same
  cooldown, so a stalled archive costs one timeout per lookup wave, not one per source.

``paced_request`` is the one place where HTTP failures become ``ArchiveUnavailable``: 429, 5xx,
timeouts, transport errors, a private address the guard refuses, and a reply body larger than
``MAX_REPLY_BYTES`` (an endless reply is cut off there, never read whole). Callers turn that into
``ArchiveOutcome.UNREACHABLE``, never into "no capture".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx
import trio

from linkaudit.check.client import read_bounded
from linkaudit.check.guard import ForbiddenAddress
from linkaudit.settings import Settings

__all__ = [
    "ArchiveUnavailable",
    "GroupLimit",
    "Pacer",
    "default_limits",
    "paced_request",
    "seconds_per_lookup",
    "seconds_per_save",
]

# archive.org's published hard limits, requests a minute.
CDX_PER_MINUTE = 30.0
REPLAY_PER_MINUTE = 600.0
SAVE_PER_MINUTE = 15.0
AVAILABILITY_PER_MINUTE = 30.0  # unpublished; kept modest
MEMENTO_PER_MINUTE = 60.0  # other archives publish 250-400 a minute; stay far below
REPLAY_REQUESTS_PER_LOOKUP = 2.0  # the TimeGate, then the replay of the chosen capture
CDX_REQUESTS_PER_LOOKUP = 1.5  # rows up to T, and rows after T when none is before
MAX_REPLY_BYTES = 8 * 1024 * 1024  # a TimeMap of a much-captured page; CDX replies are far smaller
COOLDOWN_FIRST = 60.0
COOLDOWN_MAX = 300.0


class ArchiveUnavailable(Exception):
    """The archive did not answer: rate limited, erroring, timing out, or unparseable.

    ``detail`` is one line for the report, e.g. "wayback cdx: HTTP 429 (rate limited)".
    """

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


@dataclass(frozen=True, slots=True)
class GroupLimit:
    per_minute: float
    burst: int = 1


def default_limits(rate: float) -> dict[str, GroupLimit]:
    """Limits per group for the Wayback Machine, at ``rate`` (0..1] of archive.org's hard limits."""
    return {
        "wayback:cdx": GroupLimit(CDX_PER_MINUTE * rate, burst=2),
        "wayback:replay": GroupLimit(REPLAY_PER_MINUTE * rate, burst=8),
        "wayback:availability": GroupLimit(AVAILABILITY_PER_MINUTE * rate, burst=2),
        "wayback:save": GroupLimit(SAVE_PER_MINUTE * rate, burst=1),
    }


@dataclass(slots=True)
class _Bucket:
    limit: GroupLimit
    tokens: float
    updated: float
    lock: trio.Lock = field(default_factory=trio.Lock)


class Pacer:
    """Token buckets and cooldowns per endpoint group. Groups are named ``"<host>:<endpoint>"``.

    ``cooldown_first``/``cooldown_max`` and the limits are injectable so tests run in seconds.
    Create and use it inside one trio run.
    """

    def __init__(
        self,
        limits: Mapping[str, GroupLimit],
        *,
        default: GroupLimit = GroupLimit(MEMENTO_PER_MINUTE, burst=2),
        cooldown_first: float = COOLDOWN_FIRST,
        cooldown_max: float = COOLDOWN_MAX,
    ) -> None:
        self._limits = dict(limits)
        self._default = default
        self._buckets: dict[str, _Bucket] = {}
        self._cool_until: dict[str, float] = {}
        self._cooldown: dict[str, float] = {}
        self._down_until: dict[str, float] = {}
        self._why: dict[str, str] = {}
        self.cooldown_first = cooldown_first
        self.cooldown_max = cooldown_max
        self.waited = 0.0  # seconds spent waiting for tokens, for reports and tests

    @classmethod
    def from_settings(cls, settings: Settings, *, scale: float = 1.0) -> Pacer:
        """The production pacer; ``scale`` > 1 speeds every rate up and shortens cooldowns."""
        limits = {
            name: GroupLimit(limit.per_minute * scale, limit.burst)
            for name, limit in default_limits(settings.archive_rate).items()
        }
        return cls(
            limits,
            default=GroupLimit(MEMENTO_PER_MINUTE * settings.archive_rate * scale, burst=2),
            cooldown_first=COOLDOWN_FIRST / scale,
            cooldown_max=COOLDOWN_MAX / scale,
        )

    def _bucket(self, group: str) -> _Bucket:
        if group not in self._buckets:
            limit = self._limits.get(group, self._default)
            self._buckets[group] = _Bucket(limit, float(limit.burst), trio.current_time())
        return self._buckets[group]

    def blocked_reason(self, group: str) -> str | None:
        """Why requests to ``group`` would fail right now, or None when they may go."""
        now = trio.current_time()
        host = group.partition(":")[0]
        if self._down_until.get(host, -math.inf) > now:
            return f"{self._why.get(host, 'not responding')}; not retried for {self._down_until[host] - now:.0f} s"
        if self._cool_until.get(group, -math.inf) > now:
            return f"rate limited (HTTP 429); cooling down for {self._cool_until[group] - now:.0f} s"
        return None

    async def acquire(self, group: str) -> None:
        """Wait for a token of ``group``; raise ArchiveUnavailable when the group cools down.

        Cancel-safe: a wait cancelled before its token arrived takes nothing from the bucket.
        """
        if reason := self.blocked_reason(group):
            raise ArchiveUnavailable(f"{group.replace(':', ' ')}: {reason}")
        if self.try_acquire(group):
            await trio.lowlevel.cancel_shielded_checkpoint()  # the token is taken: no cancel may lose it
            return
        bucket = self._bucket(group)
        async with bucket.lock:  # held only by those who wait for a token
            _refill(bucket)
            if bucket.tokens < 1.0:
                started = trio.current_time()
                try:
                    await trio.sleep((1.0 - bucket.tokens) / _per_second(bucket))
                finally:
                    self.waited += trio.current_time() - started
                bucket.tokens = 1.0
                bucket.updated = trio.current_time()
            bucket.tokens -= 1.0

    def try_acquire(self, group: str) -> bool:
        """Take a token of ``group`` if one is free now and nobody queues for it; never waits."""
        if self.blocked_reason(group):
            return False
        bucket = self._bucket(group)
        if bucket.lock.locked():
            return False
        _refill(bucket)
        if bucket.tokens < 1.0:
            return False
        bucket.tokens -= 1.0
        return True

    def rate_limited(self, group: str) -> float:
        """Record a 429: the whole group cools down, longer each time. Returns the cooldown."""
        previous = self._cooldown.get(group)
        cooldown = self.cooldown_first if previous is None else min(previous * 2, self.cooldown_max)
        self._cooldown[group] = cooldown
        self._cool_until[group] = trio.current_time() + cooldown
        return cooldown

    def host_failed(self, group: str, why: str) -> None:
        """A timeout or refused connection: stop asking this archive host for a while."""
        host = group.partition(":")[0]
        self._down_until[host] = trio.current_time() + self.cooldown_first
        self._why[host] = why

    def succeeded(self, group: str) -> None:
        self._cooldown.pop(group, None)


def _per_second(bucket: _Bucket) -> float:
    return max(bucket.limit.per_minute, 1e-6) / 60.0


def _refill(bucket: _Bucket) -> None:
    now = trio.current_time()
    bucket.tokens = min(float(bucket.limit.burst), bucket.tokens + (now - bucket.updated) * _per_second(bucket))
    bucket.updated = now


async def paced_request(
    client: httpx.AsyncClient,
    pacer: Pacer,
    group: str,
    method: str,
    url: str,
    *,
    timeout: float,
    headers: Mapping[str, str] | None = None,
    data: Mapping[str, str] | None = None,
    read_body: bool = True,
    prepaid: bool = False,
) -> httpx.Response:
    """Send one request within ``timeout`` seconds (all of it: connect, headers and body).

    Returns only responses below 500 other than 429; everything else raises ArchiveUnavailable.
    With ``read_body=False`` the body is not downloaded (replay probes need headers only);
    ``prepaid`` says the caller holds the group's token already (``Pacer.try_acquire``).
    """
    label = group.replace(":", " ")
    if not prepaid:
        await pacer.acquire(group)
    response: httpx.Response | None = None
    timed_out = False
    with trio.move_on_after(timeout) as scope:
        try:
            request = client.build_request(method, url, headers=headers, data=data)
            streamed = await client.send(request, stream=True)
            try:
                response = await _bounded(streamed, label) if read_body else streamed
            finally:
                await streamed.aclose()
        except httpx.TimeoutException:
            timed_out = True
        except httpx.HTTPError as error:
            if isinstance(error.__cause__, ForbiddenAddress):
                # An archive named a private address (a Link header, a redirect): not followed.
                raise ArchiveUnavailable(f"{label}: refused {error.__cause__}") from error
            pacer.host_failed(group, f"{type(error).__name__}")
            raise ArchiveUnavailable(f"{label}: {type(error).__name__}: {error}") from error
    if timed_out or scope.cancelled_caught or response is None:
        pacer.host_failed(group, f"timed out after {timeout:g} s")
        raise ArchiveUnavailable(f"{label}: no answer within {timeout:g} s")
    if response.status_code == 429:
        cooldown = pacer.rate_limited(group)
        raise ArchiveUnavailable(f"{label}: HTTP 429 (rate limited; backing off {cooldown:.0f} s)")
    if response.status_code >= 500:
        raise ArchiveUnavailable(f"{label}: HTTP {response.status_code}")
    pacer.succeeded(group)
    return response


_READABLE_ENCODINGS = frozenset({"identity", "gzip", "x-gzip", "deflate"})
_UNREAD_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


async def _bounded(streamed: httpx.Response, label: str) -> httpx.Response:
    """The reply with its body read, decoded, and at most ``MAX_REPLY_BYTES`` long."""
    encoding = streamed.headers.get("content-encoding", "identity").strip().lower() or "identity"
    if encoding not in _READABLE_ENCODINGS:
        # An unread body must not pass for an empty one: for CDX, empty means "no capture".
        raise ArchiveUnavailable(f"{label}: reply in an encoding not asked for ({encoding})")
    body = await read_bounded(streamed, MAX_REPLY_BYTES + 1)
    if len(body) > MAX_REPLY_BYTES:
        raise ArchiveUnavailable(f"{label}: reply larger than {MAX_REPLY_BYTES // (1024 * 1024)} MiB, not read")
    headers = [(name, value) for name, value in streamed.headers.multi_items() if name.lower() not in _UNREAD_HEADERS]
    return httpx.Response(streamed.status_code, headers=headers, content=body, request=streamed.request)


def seconds_per_lookup(settings: Settings) -> float:
    """Expected pace of a backlog of lookups: the replay walk and CDX, each at its own group's rate."""
    per_minute = REPLAY_PER_MINUTE / REPLAY_REQUESTS_PER_LOOKUP + CDX_PER_MINUTE / CDX_REQUESTS_PER_LOOKUP
    return 60.0 / (per_minute * settings.archive_rate)


def seconds_per_save(settings: Settings) -> float:
    """Expected pace of Save Page Now: one submission and two CDX checks each, whichever group is slower."""
    return max(60.0 / (SAVE_PER_MINUTE * settings.archive_rate), 2 * 60.0 / (CDX_PER_MINUTE * settings.archive_rate))
