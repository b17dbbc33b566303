"""A plain TCP connection read and written on its socket: what it reads, writes, and how it fails.

Each test uses a connected pair of local sockets, the checker's end wrapped as the guarded backend
wraps a connection, the other end played by the test.
"""

from __future__ import annotations

import socket
import struct

import httpcore
import pytest
import trio
import trio.testing

from linkaudit.check.guard import PlainStream


def pair() -> tuple[PlainStream, socket.socket]:
    ours, theirs = socket.socketpair()
    ours.setblocking(False)
    return PlainStream(ours, trio.socket.from_stdlib_socket(ours)), theirs


def run(job: object) -> object:
    return trio.run(job, clock=trio.testing.MockClock(autojump_threshold=0))  # type: ignore[arg-type]


def test_what_was_sent_is_read_and_what_is_written_arrives_whole() -> None:
    received = bytearray()

    async def receive(theirs: socket.socket) -> None:
        while len(received) < 300_000:
            await trio.lowlevel.wait_readable(theirs)
            received.extend(theirs.recv(1 << 20))

    async def job() -> tuple[bytes, bytes, bytes]:
        stream, theirs = pair()
        theirs.sendall(b"HTTP/1.1 200 OK\r\n")
        first = await stream.read(1024, timeout=5)
        theirs.setblocking(False)
        async with trio.open_nursery() as nursery:
            nursery.start_soon(receive, theirs)
            await stream.write(b"x" * 300_000, timeout=5)  # more than a socket buffer takes at once
        theirs.close()
        end = await stream.read(1024, timeout=5)
        await stream.aclose()
        return first, bytes(received), end

    first, _, end = run(job)  # type: ignore[misc]
    assert first == b"HTTP/1.1 200 OK\r\n"
    assert bytes(received) == b"x" * 300_000
    assert end == b""  # the peer closed: httpcore reads that as a disconnect


def test_a_read_with_nothing_coming_times_out_as_httpcore_says() -> None:
    async def job() -> float:
        stream, theirs = pair()
        started = trio.current_time()
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(1024, timeout=15)
        theirs.close()
        return trio.current_time() - started

    assert run(job) == 15


def test_a_reset_connection_is_a_read_error_caused_by_the_reset() -> None:
    async def job() -> BaseException:
        ours, theirs = socket.create_server(("127.0.0.1", 0)), socket.socket()
        theirs.connect(ours.getsockname())
        accepted, _ = ours.accept()
        accepted.setblocking(False)
        stream = PlainStream(accepted, trio.socket.from_stdlib_socket(accepted))
        theirs.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        theirs.close()  # an RST, not a FIN
        await trio.sleep(0.05)
        with pytest.raises(httpcore.ReadError) as caught:
            await stream.read(1024, timeout=5)
        ours.close()
        return caught.value

    error = trio.run(job)
    assert isinstance(error.__cause__, ConnectionResetError)
    assert str(error).startswith("socket connection broken: [Errno")


@pytest.mark.parametrize("without_poll", [False, True], ids=["poll", "select-only (Windows)"])
def test_a_connection_the_peer_closed_is_readable_one_still_open_is_not(
    without_poll: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if without_poll:
        monkeypatch.delattr("select.poll")

    async def job() -> tuple[bool, bool]:
        stream, theirs = pair()
        before = stream.get_extra_info("is_readable")
        theirs.close()
        return before, stream.get_extra_info("is_readable")

    assert run(job) == (False, True)


def test_a_cancelled_read_raises_cancelled_even_with_data_waiting() -> None:
    async def job() -> bool:
        stream, theirs = pair()
        theirs.sendall(b"data")
        with trio.CancelScope() as scope:
            scope.cancel()
            await stream.read(1024, timeout=5)
        theirs.close()
        return scope.cancelled_caught

    assert run(job) is True
