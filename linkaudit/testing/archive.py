"""A loopback stand-in of the Wayback Machine, for tests and ``linkaudit demo``.

It serves fixture captures through the same endpoints, in the same formats, as web.archive.org:

- ``/cdx/search/cdx``: the CDX server (``url``, ``from``/``to``, ``filter``, ``fl``, ``limit=±N``,
  ``sort=closest|reverse`` with ``closest``, ``output=json`` as an array of string arrays with a
  header row, plain text otherwise);
- ``/wayback/available``: the availability API;
- ``/web/<ts>[id_]/<url>``: replay, with a 302 to the nearest capture, ``Memento-Datetime`` and a
  Link header naming the first, previous, next and last mementos (``prev``/``next`` left out when
  they are the first/last, as Memento servers do; see ``_links``);
- ``/web/<url>`` with ``Accept-Datetime``: the Memento TimeGate; ``/web/timemap/link/<url>``: the TimeMap;
- ``/save/<url>`` (anonymous Save Page Now, answered the way archive.org does: a ``rel="memento"``
  link to ``web.archive.org/web/<ts>/<url>``; or, by ``save_answer``, "already captured 10 times
  today", an error page although it captured, or a redirect), ``POST /save`` and
  ``/save/status/<job>`` (SPN2).

Faults can be switched on at runtime per endpoint: a 429 with no Retry-After, a 503, a bounded
stall, a malformed (non-JSON, header-less) reply, or an endless one (a 200 whose body never ends,
until ``close()`` or ``endless_bytes``). Each endpoint counts its requests.

A second instance on another loopback address stands in for any other Memento archive: its
TimeGate base is ``<base_url>/web/``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from http.server import ThreadingHTTPServer
from typing import Literal

import httpx

from linkaudit.testing.captures import Capture, CaptureSpec, pad_timestamp, surt_key
from linkaudit.testing.serving import stop_serving
from linkaudit.testing.wayback_routes import handler_for, in_process_transport

__all__ = ["ArchiveStandIn", "Capture", "Fault", "ENDPOINTS"]

Fault = Literal["429", "503", "stall", "malformed", "endless"]
# How anonymous Save Page Now answers: a capture; "already captured 10 times today"; an error page
# although it captured; a redirect to ``save_redirect``.
SaveAnswer = Literal["captured", "capped", "error-but-captured", "redirect"]
ENDPOINTS = ("cdx", "available", "replay", "timegate", "timemap", "save")
PUBLIC_WAYBACK = "https://web.archive.org"


class _Server(ThreadingHTTPServer):
    # socketserver's backlog of 5 drops the SYN of a sixth connection made at once, which the
    # client resends only a second later: an audit opens one connection per lookup in flight.
    request_queue_size = 128


class ArchiveStandIn:
    """The Wayback Machine on ``http://<host>:<port>``; a context manager (a thread serves it)."""

    def __init__(
        self,
        captures: Mapping[str, Sequence[CaptureSpec]] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        stall_seconds: float = 5.0,
        public_base: str = PUBLIC_WAYBACK,
        omit_ends: bool = True,
        name_neighbours: bool = True,
        timemap_base: str | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._captures: dict[str, list[Capture]] = {}
        self._faults: dict[str, Fault] = {}
        self._broken_replays: dict[tuple[str, str], str] = {}
        self._jobs: dict[str, Capture] = {}
        self._bodies: dict[tuple[str, str], str] = {}
        self._stop = threading.Event()
        self.stall_seconds = stall_seconds
        self.public_base = public_base
        self.omit_ends = omit_ends  # leave prev/next out when they are the first/last memento
        self.name_neighbours = name_neighbours  # False: Link names only the memento itself, as pywb does
        self.timemap_base = timemap_base  # where Link headers say the TimeMap is (default: here)
        self.endless_bytes = 256 * 1024 * 1024
        self.counts: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.save_requests: list[str] = []
        self.save_answer: SaveAnswer = "captured"
        self.save_redirect: str | None = None  # where a "redirect" answer points
        for url, specs in (captures or {}).items():
            for spec in specs:
                self.add_capture(url, *spec)
        self._server = _Server((host, port), handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # --- fixtures and faults (safe to call while serving) ---------------------------
    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def add_capture(
        self,
        url: str,
        timestamp: str,
        status: int | str = 200,
        mimetype: str = "text/html",
        digest: str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        length: str = "1000",
    ) -> Capture:
        capture = Capture(url, pad_timestamp(timestamp, "0"), str(status), mimetype, digest, str(length))
        with self._lock:
            rows = self._captures.setdefault(surt_key(url), [])
            rows.append(capture)
            rows.sort(key=lambda c: c.timestamp)
        return capture

    def set_body(self, url: str, timestamp: str, body: str) -> None:
        """The HTML a capture replays (by default a one-line placeholder page)."""
        with self._lock:
            self._bodies[(surt_key(url), pad_timestamp(timestamp, "0"))] = body

    def body_of(self, url: str, timestamp: str) -> str | None:
        with self._lock:
            return self._bodies.get((surt_key(url), timestamp))

    def captures_of(self, url: str) -> list[Capture]:
        with self._lock:
            return list(self._captures.get(surt_key(url), ()))

    def set_fault(self, fault: Fault | None, endpoints: Iterable[str] = ENDPOINTS) -> None:
        with self._lock:
            for endpoint in endpoints:
                if fault is None:
                    self._faults.pop(endpoint, None)
                else:
                    self._faults[endpoint] = fault

    def break_replay(self, url: str, timestamp: str, how: Literal["error", "redirect"] = "error") -> None:
        """Make the replay of one capture an archive error page, or a redirect to another capture."""
        with self._lock:
            self._broken_replays[(surt_key(url), timestamp)] = how

    def fault_for(self, endpoint: str) -> Fault | None:
        with self._lock:
            return self._faults.get(endpoint)

    def broken(self, url: str, timestamp: str) -> str | None:
        with self._lock:
            return self._broken_replays.get((surt_key(url), timestamp))

    def record(self, endpoint: str, user_agent: str) -> None:
        with self._lock:
            self.counts[endpoint] += 1
            self.user_agents.append(user_agent)

    @property
    def closing(self) -> bool:
        return self._stop.is_set()

    def stall(self) -> None:
        """Hold a request, but never past ``stall_seconds`` nor past close()."""
        self._stop.wait(self.stall_seconds)

    def new_job(self, url: str) -> str:
        capture = self.add_capture(url, dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S"))
        with self._lock:
            job_id = f"spn2-{len(self._jobs) + 1:04d}"
            self._jobs[job_id] = capture
            self.save_requests.append(url)
        return job_id

    def job(self, job_id: str) -> Capture | None:
        with self._lock:
            return self._jobs.get(job_id)

    # --- lifecycle ------------------------------------------------------------------
    def start(self) -> ArchiveStandIn:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.5}, name="archive-stand-in", daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            stop_serving(self._server)
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> ArchiveStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def mock_transport(self) -> httpx.MockTransport:
        """The same archive answered in-process, with no socket: for engine tests under trio's MockClock.

        Requests go to ``base_url`` as usual; fixtures, faults and counts are shared with the
        served archive (a stall answers at once here, and an endless reply stops at 64 KiB).
        """
        return in_process_transport(self)
