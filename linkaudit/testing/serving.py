"""Stopping a threaded socketserver at once: its serving loop sees a shutdown only between polls."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading

__all__ = ["stop_serving"]


def stop_serving(server: socketserver.TCPServer) -> None:
    """``server.shutdown()`` without waiting for the serving loop's next poll: a connection wakes
    the loop, which then sees the shutdown. Tests start and stop many servers."""
    stopping = threading.Thread(target=server.shutdown, daemon=True)
    stopping.start()
    while stopping.is_alive():
        with contextlib.suppress(OSError), socket.create_connection(server.server_address[:2], timeout=1):
            pass
        stopping.join(0.001)
