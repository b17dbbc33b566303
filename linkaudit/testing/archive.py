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
import email.utils
import io
import json
import re
import threading
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal
from urllib.parse import parse_qs, urlsplit

import httpx

__all__ = ["ArchiveStandIn", "Capture", "Fault", "ENDPOINTS"]

Fault = Literal["429", "503", "stall", "malformed", "endless"]
# How anonymous Save Page Now answers: a capture; "already captured 10 times today"; an error page
# although it captured; a redirect to ``save_redirect``.
SaveAnswer = Literal["captured", "capped", "error-but-captured", "redirect"]
ENDPOINTS = ("cdx", "available", "replay", "timegate", "timemap", "save")
CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
REVISIT = "warc/revisit"
PUBLIC_WAYBACK = "https://web.archive.org"

_REPLAY_PATH = re.compile(r"^/web/(?P<ts>\d{1,14})(?P<flag>[a-z]{2}_)?/(?P<url>.+)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Capture:
    """One CDX row: what the archive holds for a URL at one instant."""

    original: str
    timestamp: str  # 14 digits
    status: str  # "200", "404", "302", or "-" for a revisit record
    mimetype: str = "text/html"
    digest: str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    length: str = "1000"

    @property
    def is_memento(self) -> bool:
        """Revisit records are deduplication pointers, not captures of their own."""
        return self.mimetype != REVISIT and self.status != "-"

    @property
    def when(self) -> dt.datetime:
        return _ts_datetime(self.timestamp)

    def row(self) -> dict[str, str]:
        return {
            "urlkey": url_key(self.original),
            "timestamp": self.timestamp,
            "original": self.original,
            "mimetype": self.mimetype,
            "statuscode": self.status,
            "digest": self.digest,
            "length": self.length,
        }


CaptureSpec = tuple[str, int | str, str, str, str] | tuple[str, int | str, str] | tuple[str, int | str]


def url_key(url: str) -> str:
    """A SURT-like key, so http/https, ``www.`` and a trailing slash find the same captures."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{','.join(reversed(host.split('.')))}){path.lower()}{query}"


def _ts_datetime(ts: str) -> dt.datetime:
    return dt.datetime.strptime(ts.ljust(14, "0")[:14], "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)


def _http_date(ts: str) -> str:
    return email.utils.format_datetime(_ts_datetime(ts), usegmt=True)


def _pad(ts: str, filler: str) -> str:
    return (ts + filler * 14)[:14]


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
        self._server = ThreadingHTTPServer((host, port), _handler_for(self))
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
        capture = Capture(url, _pad(timestamp, "0"), str(status), mimetype, digest, str(length))
        with self._lock:
            rows = self._captures.setdefault(url_key(url), [])
            rows.append(capture)
            rows.sort(key=lambda c: c.timestamp)
        return capture

    def set_body(self, url: str, timestamp: str, body: str) -> None:
        """The HTML a capture replays (by default a one-line placeholder page)."""
        with self._lock:
            self._bodies[(url_key(url), _pad(timestamp, "0"))] = body

    def body_of(self, url: str, timestamp: str) -> str | None:
        with self._lock:
            return self._bodies.get((url_key(url), timestamp))

    def captures_of(self, url: str) -> list[Capture]:
        with self._lock:
            return list(self._captures.get(url_key(url), ()))

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
            self._broken_replays[(url_key(url), timestamp)] = how

    def fault_for(self, endpoint: str) -> Fault | None:
        with self._lock:
            return self._faults.get(endpoint)

    def broken(self, url: str, timestamp: str) -> str | None:
        with self._lock:
            return self._broken_replays.get((url_key(url), timestamp))

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
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="archive-stand-in", daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._server.shutdown()
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

        def answer(request: httpx.Request) -> httpx.Response:
            status, headers, body = _InProcess(self, request).answer()
            payload = body.encode("utf-8")
            headers["Content-Length"] = str(len(payload))
            return httpx.Response(status, headers=headers, stream=_Body(payload), request=request)

        return httpx.MockTransport(answer)


# --- the HTTP side ------------------------------------------------------------------


def _handler_for(archive: ArchiveStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(_WaybackHandler):
        standin = archive

    return Handler


class _WaybackHandler(BaseHTTPRequestHandler):
    standin: ArchiveStandIn
    server_version = "ArchiveStandIn/1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet in tests
        return

    # routing ------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._route("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._route("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")

    def _route(self, method: str) -> None:
        path = self.path
        plain_path, _, query = path.partition("?")
        params = parse_qs(query, keep_blank_values=True)
        if plain_path == "/cdx/search/cdx":
            self._serve("cdx", lambda: self._cdx(params))
        elif plain_path == "/wayback/available":
            self._serve("available", lambda: self._available(params))
        elif path.startswith("/web/timemap/link/"):
            self._serve("timemap", lambda: self._timemap(path.removeprefix("/web/timemap/link/")))
        elif match := _REPLAY_PATH.match(path):
            self._serve("replay", lambda: self._replay(match["ts"], match["flag"] or "", match["url"]))
        elif path.startswith("/web/"):
            self._serve("timegate", lambda: self._timegate(path.removeprefix("/web/")))
        elif path.startswith("/save/status/"):
            self._serve("save", lambda: self._save_status(path.removeprefix("/save/status/")))
        elif path.startswith("/save"):
            self._serve("save", lambda: self._save(method, path))
        else:
            self._send(404, "text/plain", "not found")

    def _serve(self, endpoint: str, respond: object) -> None:
        archive = self.standin
        archive.record(endpoint, self.headers.get("User-Agent", ""))
        fault = archive.fault_for(endpoint)
        if fault == "429":
            # archive.org sends no Retry-After: a client must decide how long to back off.
            self._send(429, "text/html", "<html><body><h1>Too Many Requests</h1></body></html>")
        elif fault == "503":
            self._send(503, "text/html", "<html><body><h1>503 Service Unavailable</h1></body></html>")
        elif fault == "stall":
            self._stall()
            self._send(504, "text/html", "<html><body><h1>Gateway Timeout</h1></body></html>")
        elif fault == "malformed":
            self._send(200, "text/html", "<html><body>Wayback Machine is temporarily offline</body></html>")
        elif fault == "endless":
            self._send_endless()
        else:
            respond()  # type: ignore[operator]

    def _stall(self) -> None:
        self.standin.stall()

    def _send(self, status: int, content_type: str, body: str, headers: Mapping[str, str] | None = None) -> None:
        payload = body.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a stall outlived its timeout): nothing left to tell it

    def _send_endless(self) -> None:
        chunk = b"[" * 65536
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            for _ in range(self.standin.endless_bytes // len(chunk)):
                if self.standin.closing:
                    break
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as it should

    # CDX -----------------------------------------------------------------------------
    def _cdx(self, params: dict[str, list[str]]) -> None:
        url = _first(params, "url")
        rows = [c.row() for c in self.standin.captures_of(url)] if url else []
        rows = _cdx_select(rows, params)
        fields = [f for f in _first(params, "fl").split(",") if f] or list(CDX_FIELDS)
        table = [[row.get(f, "") for f in fields] for row in rows]
        if _first(params, "output") == "json":
            body = json.dumps([fields, *table] if table else [])
            self._send(200, "application/json", body)
        else:
            self._send(200, "text/plain", "".join(" ".join(r) + "\n" for r in table))

    def _available(self, params: dict[str, list[str]]) -> None:
        url = _first(params, "url")
        wanted = _first(params, "timestamp")
        okay = [c for c in self.standin.captures_of(url) if c.is_memento and c.status == "200"]
        answer: dict[str, object] = {"url": url, "archived_snapshots": {}}
        if wanted:
            answer["timestamp"] = wanted
        if okay:
            best = _nearest(okay, _pad(wanted, "0") if wanted else okay[-1].timestamp)
            answer["archived_snapshots"] = {
                "closest": {
                    "status": best.status,
                    "available": True,
                    "url": f"http://web.archive.org/web/{best.timestamp}/{best.original}",
                    "timestamp": best.timestamp,
                }
            }
        self._send(200, "application/json", json.dumps(answer))

    # Memento -------------------------------------------------------------------------
    def _mementos(self, url: str) -> list[Capture]:
        return [c for c in self.standin.captures_of(url) if c.is_memento]

    def _memento_url(self, capture: Capture, flag: str = "") -> str:
        return f"{self.standin.base_url}/web/{capture.timestamp}{flag}/{capture.original}"

    def _links(self, url: str, mementos: list[Capture], current: Capture | None) -> str:
        """original, timemap, timegate, then the mementos around ``current``, as Memento servers name them.

        ``current`` is always named ``memento``, and ``first``/``last`` always appear. With
        ``omit_ends`` (the default) ``prev``/``next`` are left out when they are the first/last
        memento, as the Memento aggregator's server code does (LANL Time Travel,
        gov.lanl.agg.resource.TimeTravelCommons.summarizeMementos: ``prevKey != firstKey``,
        ``nextKey != lastKey``); without it they are named anyway, as web.archive.org does
        (recorded headers in tests/test_archive_links.py).
        """
        base = self.standin.base_url
        links = [
            f'<{url}>; rel="original"',
            f'<{self.standin.timemap_base or base}/web/timemap/link/{url}>; rel="timemap"; type="application/link-format"',
            f'<{base}/web/{url}>; rel="timegate"',
        ]
        if not mementos:
            return ", ".join(links)
        if not self.standin.name_neighbours:
            if current is not None:
                links.append(f'<{self._memento_url(current)}>; rel="memento"; datetime="{_http_date(current.timestamp)}"')
            return ", ".join(links)
        first, last = mementos[0], mementos[-1]
        named: list[tuple[Capture, str]] = [(first, "first memento")]
        if current in mementos:
            index = mementos.index(current)
            previous = mementos[index - 1] if index > 0 else None
            following = mementos[index + 1] if index + 1 < len(mementos) else None
            if previous is not None and not (self.standin.omit_ends and previous == first):
                named.append((previous, "prev memento"))
            named.append((current, "memento"))
            if following is not None and not (self.standin.omit_ends and following == last):
                named.append((following, "next memento"))
        named.append((last, "last memento"))
        links += [f'<{self._memento_url(c)}>; rel="{rel}"; datetime="{_http_date(c.timestamp)}"' for c, rel in named]
        return ", ".join(links)

    def _replay(self, ts: str, flag: str, url: str) -> None:
        mementos = self._mementos(url)
        if not mementos:
            self._send(404, "text/html", "<html><body>Hrm. The Wayback Machine has not archived that URL.</body></html>")
            return
        wanted = _pad(ts, "0")
        nearest = _nearest(mementos, wanted)
        links = self._links(url, mementos, nearest)
        if nearest.timestamp != wanted:
            self._send(302, "text/html", "", {"Location": self._memento_url(nearest, flag), "Link": links})
            return
        broken = self.standin.broken(url, nearest.timestamp)
        if broken == "error":
            self._send(404, "text/html", "<html><body>Wayback Machine: this capture could not be played back.</body></html>")
            return
        if broken == "redirect":
            other = next((c for c in mementos if c.timestamp != nearest.timestamp), nearest)
            self._send(302, "text/html", "", {"Location": self._memento_url(other, flag), "Link": links})
            return
        headers = {"Memento-Datetime": _http_date(nearest.timestamp), "Link": links}
        status = int(nearest.status)
        if 300 <= status < 400:
            root = f"{urlsplit(nearest.original).scheme}://{urlsplit(nearest.original).netloc}/"
            headers["Location"] = f"{self.standin.base_url}/web/{nearest.timestamp}{flag}/{root}"
        body = self.standin.body_of(nearest.original, nearest.timestamp) or (
            f"<html><head><title>capture</title></head><body>{nearest.original} as of {nearest.timestamp}</body></html>"
        )
        self._send(status, nearest.mimetype, body, headers)

    def _timegate(self, url: str) -> None:
        mementos = self._mementos(url)
        if not mementos:
            self._send(404, "text/html", "<html><body>Hrm. The Wayback Machine has not archived that URL.</body></html>")
            return
        accept = self.headers.get("Accept-Datetime")
        wanted = mementos[-1].timestamp
        if accept:
            try:
                wanted = email.utils.parsedate_to_datetime(accept).astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")
            except (TypeError, ValueError):
                self._send(400, "text/plain", "bad Accept-Datetime")
                return
        nearest = _nearest(mementos, wanted)
        headers = {
            "Location": self._memento_url(nearest),
            "Vary": "accept-datetime",
            "Link": self._links(url, mementos, nearest),
        }
        self._send(302, "text/html", "", headers)

    def _timemap(self, url: str) -> None:
        mementos = self._mementos(url)
        base = self.standin.base_url
        if not mementos:
            self._send(200, "application/link-format", "")
            return
        lines = [
            f'<{url}>; rel="original"',
            f'<{base}/web/timemap/link/{url}>; rel="self"; type="application/link-format"',
            f'<{base}/web/{url}>; rel="timegate"',
        ]
        for i, capture in enumerate(mementos):
            rel = "first memento" if i == 0 else "last memento" if i == len(mementos) - 1 else "memento"
            lines.append(f'<{self._memento_url(capture)}>; rel="{rel}"; datetime="{_http_date(capture.timestamp)}"')
        self._send(200, "application/link-format", ",\n".join(lines) + "\n")

    # Save Page Now -------------------------------------------------------------------
    def _save(self, method: str, path: str) -> None:
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode("utf-8"))
            url = _first(form, "url")
            if not url:
                self._send(400, "application/json", json.dumps({"message": "url is required"}))
                return
            self._send(200, "application/json", json.dumps({"url": url, "job_id": self.standin.new_job(url)}))
            return
        url = path.removeprefix("/save/")
        answer = self.standin.save_answer
        if answer == "redirect":
            self._send(302, "text/html", "", {"Location": self.standin.save_redirect or "/"})
            return
        if answer == "capped":
            # As web.archive.org words it (akamhy/waybackpy#142); nothing new is captured.
            self._send(200, "text/html", f"<html><body><p>This URL has been already captured 10 times today: {url}</p></body></html>")
            return
        capture = self.standin.job(self.standin.new_job(url))
        if answer == "error-but-captured":
            # Save Page Now may report an error yet capture (internetarchive/wayback#297).
            self._send(520, "text/html", "<html><body><h2>Sorry</h2><p>Job failed.</p></body></html>")
            return
        assert capture is not None
        public = f"{self.standin.public_base}/web/{capture.timestamp}/{url}"
        link = (
            f'<{url}>; rel="original", <{public}>; rel="memento"; datetime="{_http_date(capture.timestamp)}", '
            f'<{public}>; rel="last memento"; datetime="{_http_date(capture.timestamp)}"'
        )
        self._send(200, "text/html", "<html><body>Saved.</body></html>", {"Link": link})

    def _save_status(self, job_id: str) -> None:
        capture = self.standin.job(job_id)
        if capture is None:
            self._send(200, "application/json", json.dumps({"status": "error", "status_ext": "error:not-found"}))
            return
        answer = {"status": "success", "job_id": job_id, "timestamp": capture.timestamp, "original_url": capture.original}
        self._send(200, "application/json", json.dumps(answer))


class _Body(httpx.AsyncByteStream):
    """A reply body streamed as a socket's would be (the archive client reads bodies in a stream)."""

    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.payload


class _InProcess(_WaybackHandler):
    """The handler's routes, answering one httpx request without a socket."""

    def __init__(self, standin: ArchiveStandIn, request: httpx.Request) -> None:  # no socket to set up
        self.standin = standin
        self.path = request.url.raw_path.decode("ascii")
        self.command = request.method
        self.headers = request.headers  # type: ignore[assignment]
        self.rfile = io.BytesIO(request.content)  # type: ignore[assignment]
        self.reply: tuple[int, dict[str, str], str] = (500, {}, "no answer")

    def answer(self) -> tuple[int, dict[str, str], str]:
        self._route(self.command)
        return self.reply

    def _send(self, status: int, content_type: str, body: str, headers: Mapping[str, str] | None = None) -> None:
        self.reply = (status, {"Content-Type": content_type, **(headers or {})}, "" if self.command == "HEAD" else body)

    def _send_endless(self) -> None:
        self._send(200, "application/json", "[" * 65536)

    def _stall(self) -> None:
        return


# --- CDX query semantics ------------------------------------------------------------


def _first(params: Mapping[str, list[str]], name: str) -> str:
    values = params.get(name)
    return values[0] if values else ""


def _nearest(captures: Sequence[Capture], wanted: str) -> Capture:
    target = _ts_datetime(wanted)
    # Ties go to the earlier capture, as the Wayback Machine does.
    return min(captures, key=lambda c: (abs((c.when - target).total_seconds()), c.timestamp))


def _cdx_select(rows: list[dict[str, str]], params: Mapping[str, list[str]]) -> list[dict[str, str]]:
    start, end = _first(params, "from"), _first(params, "to")
    if start:
        rows = [r for r in rows if r["timestamp"] >= _pad(start, "0")]
    if end:
        rows = [r for r in rows if r["timestamp"] <= _pad(end, "9")]
    for expression in params.get("filter", []):
        negate = expression.startswith("!")
        field, _, pattern = expression.lstrip("!").partition(":")
        regex = re.compile(pattern)
        rows = [r for r in rows if bool(regex.fullmatch(r.get(field, ""))) != negate]
    sort, closest = _first(params, "sort"), _first(params, "closest")
    if sort == "closest" and closest:
        target = _ts_datetime(_pad(closest, "0"))
        rows.sort(key=lambda r: abs((_ts_datetime(r["timestamp"]) - target).total_seconds()))
    elif sort == "reverse":
        rows.reverse()
    limit = _first(params, "limit")
    if limit.lstrip("-").isdigit():
        n = int(limit)
        rows = rows[n:] if n < 0 else rows[:n]
    return rows
