"""Small hostile web servers on loopback for the hardening tests, each bounded in time.

A server runs in a thread, records every request (path and headers) it receives, and answers by a
handler the test gives it. Stopping it closes every connection it holds.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from linkaudit.testing.serving import stop_serving

__all__ = ["Received", "Server", "serve"]

Respond = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Received:
    path: str
    headers: dict[str, str]


@dataclass
class Server:
    base: str
    received: list[Received] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serve(respond: Respond, *, host: str = "127.0.0.2", lifetime: float = 30.0) -> Iterator[Server]:
    """A server on ``host`` answering every GET with ``respond``; stopped on exit or after ``lifetime``."""
    record = Server("")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Head and body go in separate writes: with Nagle's algorithm the body would wait for the
        # client's delayed acknowledgement of the head (40 ms on Linux), on every answer.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
            record.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}))
            try:
                respond(self)
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    record.base = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    stopper = threading.Timer(lifetime, server.shutdown)
    stopper.daemon = True
    stopper.start()
    try:
        yield record
    finally:
        stopper.cancel()
        stop_serving(server)
        server.server_close()
        thread.join(timeout=5)


def page(body: bytes, status: int = 200, content_type: str = "text/html; charset=utf-8") -> Respond:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def redirect(to: str) -> Respond:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", to)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return respond


def drip(interval: float, *, for_at_most: float = 20.0) -> Respond:
    """A page that never ends: one byte every ``interval`` seconds (until ``for_at_most``)."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(10**9))
        handler.end_headers()
        stop = time.monotonic() + for_at_most
        while time.monotonic() < stop:
            handler.wfile.write(b"<")
            handler.wfile.flush()
            time.sleep(interval)

    return respond
