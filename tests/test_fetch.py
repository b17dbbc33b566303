"""Pieces given as URLs are fetched as carefully as cited sources are checked."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator

import httpx
import pytest
import trio
import trio.testing

from linkaudit.check import check_urls
from linkaudit.check.client import guarded_transport
from linkaudit.check.guard import GuardedBackend
from linkaudit.errors import InputError
from linkaudit.extract.fetch import fetch_piece
from linkaudit.extract.sources import read_sources
from linkaudit.settings import Settings
from hostile import page, redirect, serve

ARTICLE = b"<html><body><article><p>See <a href='https://a.example/x'>this</a>.</p></article></body></html>"


def test_a_piece_on_a_loopback_address_is_not_fetched_without_allow_private():
    with serve(page(ARTICLE)) as server:
        documents, errors = read_sources([server.url("/a")], Settings(timeout=5).extract)
    assert documents == [] and server.received == []
    assert len(errors) == 1 and "--allow-private" in str(errors[0]) and not errors[0].unreachable


def test_with_allow_private_a_loopback_piece_is_read():
    with serve(page(ARTICLE)) as server:
        documents, errors = read_sources([server.url("/a")], Settings(timeout=5, allow_private=True).extract)
    assert errors == [] and "a.example" in documents[0].text


def test_every_redirect_hop_of_a_piece_is_vetted():
    # The guard here refuses only 127.0.0.3: the piece's own host is allowed, its redirect target is not.
    def refuse_second(address: str) -> str | None:
        return "refused for this test" if address == "127.0.0.3" else None

    settings = Settings(timeout=5)
    backend = GuardedBackend(allow_private=False, forbidden=refuse_second)
    with serve(page(ARTICLE), host="127.0.0.3") as target, serve(redirect(target.url("/secret"))) as start:
        try:
            fetch_piece(start.url("/a"), settings.check, max_bytes=settings.extract.max_file_bytes, transport=guarded_transport(settings.check, backend))
        except InputError as error:
            problem = str(error)
        else:
            problem = ""
    assert len(start.received) == 1 and target.received == []
    assert "127.0.0.3" in problem and "--allow-private" in problem


class _Dripping(httpx.AsyncByteStream):
    """A page that never ends: one byte a second."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            await trio.sleep(1.0)
            yield b"<"


def test_a_dripping_piece_ends_at_the_url_deadline():
    # A byte a second keeps every read within the 5 s timeout: only the deadline ends it. On trio's
    # MockClock, which jumps while every task waits, its 30 s cost no waiting.
    def dripping(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/html"}, stream=_Dripping())

    settings = Settings(timeout=5, url_deadline=30, allow_private=True)
    fetch = functools.partial(
        fetch_piece, "https://slow.example/piece", settings.check,
        max_bytes=settings.extract.max_file_bytes, transport=httpx.MockTransport(dripping),
    )

    async def fetched_in_a_worker_thread() -> tuple[InputError, float]:
        started = trio.current_time()
        with pytest.raises(InputError) as caught:
            await trio.to_thread.run_sync(fetch)  # as the reading stage fetches: on the run's loop
        return caught.value, trio.current_time() - started

    error, simulated = trio.run(fetched_in_a_worker_thread, clock=trio.testing.MockClock(autojump_threshold=0))
    assert "within 30 s" in str(error) and error.unreachable
    assert simulated == 30


def test_a_piece_larger_than_max_file_bytes_is_refused_whatever_it_announces():
    with serve(page(b"<p>" + b"x" * 5000 + b"</p>")) as server:
        _, errors = read_sources([server.url("/big")], Settings(timeout=5, allow_private=True, max_file_bytes=1000).extract)
    assert "larger than the 1000 bytes limit" in str(errors[0])


def test_a_piece_fetched_inside_a_running_event_loop_still_reads():
    async def read_in_loop() -> int:
        documents, _ = read_sources([server.url("/a")], Settings(timeout=5, allow_private=True).extract)
        return len(documents)

    with serve(page(ARTICLE)) as server:
        assert trio.run(read_in_loop) == 1


# --- header scoping ---------------------------------------------------------------------------


def test_a_header_scoped_to_a_host_reaches_that_host_only():
    with serve(page(ARTICLE)) as ours, serve(page(ARTICLE), host="127.0.0.3") as theirs:
        settings = Settings(timeout=5, allow_private=True, headers=(("127.0.0.2=X-Api-Key", "s3cret"),))
        trio.run(lambda: check_urls([ours.url("/a"), theirs.url("/b")], settings.check, cache=None))
    assert {r.headers.get("x-api-key") for r in ours.received} == {"s3cret"}  # the page and its soft-404 probe
    assert all("x-api-key" not in r.headers for r in theirs.received) and theirs.received


def test_unscoped_headers_go_to_the_named_hosts_only():
    with serve(page(ARTICLE)) as ours, serve(page(ARTICLE), host="127.0.0.3") as theirs:
        settings = Settings(
            timeout=5, allow_private=True, headers=(("X-Api-Key", "s3cret"),), header_hosts=("127.0.0.3",)
        )
        trio.run(lambda: check_urls([ours.url("/a"), theirs.url("/b")], settings.check, cache=None))
    assert all("x-api-key" not in r.headers for r in ours.received) and ours.received
    assert {r.headers.get("x-api-key") for r in theirs.received} == {"s3cret"}


def test_a_scoped_header_does_not_follow_a_redirect_of_the_piece_to_another_host():
    with serve(page(ARTICLE), host="127.0.0.3") as elsewhere, serve(redirect(elsewhere.url("/p"))) as ours:
        settings = Settings(timeout=5, allow_private=True, headers=(("127.0.0.2=Authorization", "Bearer t"),))
        documents, errors = read_sources([ours.url("/a")], settings.extract)
    assert errors == [] and documents[0].base_url == elsewhere.url("/p")
    assert ours.received[0].headers.get("authorization") == "Bearer t"
    assert "authorization" not in elsewhere.received[0].headers
