"""The stand-in Wayback Machine's HTTP side: each endpoint's route and answer, served on a loopback
socket by ``http.server``, or in-process to an ``httpx.MockTransport`` with no socket at all."""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import json
import re
from collections.abc import AsyncIterator, Mapping
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import httpx

from linkaudit.testing.captures import (
    CDX_FIELDS,
    Capture,
    first_value,
    http_date,
    nearest_capture,
    pad_timestamp,
    select_cdx_rows,
)

if TYPE_CHECKING:
    from linkaudit.testing.archive import ArchiveStandIn

__all__ = ["WaybackHandler", "handler_for", "in_process_transport"]

_REPLAY_PATH = re.compile(r"^/web/(?P<ts>\d{1,14})(?P<flag>[a-z]{2}_)?/(?P<url>.+)$", re.DOTALL)


def handler_for(archive: ArchiveStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(WaybackHandler):
        standin = archive

    return Handler


class WaybackHandler(BaseHTTPRequestHandler):
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
        url = first_value(params, "url")
        rows = [c.row() for c in self.standin.captures_of(url)] if url else []
        rows = select_cdx_rows(rows, params)
        fields = [f for f in first_value(params, "fl").split(",") if f] or list(CDX_FIELDS)
        table = [[row.get(f, "") for f in fields] for row in rows]
        if first_value(params, "output") == "json":
            body = json.dumps([fields, *table] if table else [])
            self._send(200, "application/json", body)
        else:
            self._send(200, "text/plain", "".join(" ".join(r) + "\n" for r in table))

    def _available(self, params: dict[str, list[str]]) -> None:
        url = first_value(params, "url")
        wanted = first_value(params, "timestamp")
        okay = [c for c in self.standin.captures_of(url) if c.is_memento and c.status == "200"]
        answer: dict[str, object] = {"url": url, "archived_snapshots": {}}
        if wanted:
            answer["timestamp"] = wanted
        if okay:
            best = nearest_capture(okay, pad_timestamp(wanted, "0") if wanted else okay[-1].timestamp)
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
                links.append(f'<{self._memento_url(current)}>; rel="memento"; datetime="{http_date(current.timestamp)}"')
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
        links += [f'<{self._memento_url(c)}>; rel="{rel}"; datetime="{http_date(c.timestamp)}"' for c, rel in named]
        return ", ".join(links)

    def _replay(self, ts: str, flag: str, url: str) -> None:
        mementos = self._mementos(url)
        if not mementos:
            self._send(404, "text/html", "<html><body>Hrm. The Wayback Machine has not archived that URL.</body></html>")
            return
        wanted = pad_timestamp(ts, "0")
        nearest = nearest_capture(mementos, wanted)
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
        headers = {"Memento-Datetime": http_date(nearest.timestamp), "Link": links}
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
        nearest = nearest_capture(mementos, wanted)
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
            lines.append(f'<{self._memento_url(capture)}>; rel="{rel}"; datetime="{http_date(capture.timestamp)}"')
        self._send(200, "application/link-format", ",\n".join(lines) + "\n")

    # Save Page Now -------------------------------------------------------------------
    def _save(self, method: str, path: str) -> None:
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode("utf-8"))
            url = first_value(form, "url")
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
            f'<{url}>; rel="original", <{public}>; rel="memento"; datetime="{http_date(capture.timestamp)}", '
            f'<{public}>; rel="last memento"; datetime="{http_date(capture.timestamp)}"'
        )
        self._send(200, "text/html", "<html><body>Saved.</body></html>", {"Link": link})

    def _save_status(self, job_id: str) -> None:
        capture = self.standin.job(job_id)
        if capture is None:
            self._send(200, "application/json", json.dumps({"status": "error", "status_ext": "error:not-found"}))
            return
        answer = {"status": "success", "job_id": job_id, "timestamp": capture.timestamp, "original_url": capture.original}
        self._send(200, "application/json", json.dumps(answer))


class OneChunkBody(httpx.AsyncByteStream):
    """A reply body streamed as a socket's would be (the archive client reads bodies in a stream)."""

    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.payload


class InProcessAnswer(WaybackHandler):
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


def in_process_transport(standin: ArchiveStandIn) -> httpx.MockTransport:
    """The stand-in's answers to httpx requests with no socket (see ``ArchiveStandIn.mock_transport``)."""

    def answer(request: httpx.Request) -> httpx.Response:
        status, headers, body = InProcessAnswer(standin, request).answer()
        payload = body.encode("utf-8")
        headers["Content-Length"] = str(len(payload))
        return httpx.Response(status, headers=headers, stream=OneChunkBody(payload), request=request)

    return httpx.MockTransport(answer)
