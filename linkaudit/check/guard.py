"""The private-address guard, enforced where connections are made.

Checking a URL's host name before the request is not enough: the name can resolve to a public
address when checked and to 169.254.169.254 a moment later (DNS rebinding), and any redirect hop
can point anywhere. So the guard is an httpcore network backend: it resolves the name itself,
refuses forbidden addresses, and connects to the very address it vetted. Every connection, for
every hop, goes through it. Literal-IP URLs resolve to themselves and are vetted the same way.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import select
import socket
import ssl
import typing
from collections.abc import Callable

import httpcore
import trio
from httpcore._backends.trio import TrioStream

__all__ = [
    "ConnectFailure",
    "DnsFailure",
    "ForbiddenAddress",
    "GuardedBackend",
    "PlainStream",
    "forbidden_reason",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_SHARED_ADDRESS_SPACE = ipaddress.IPv4Network("100.64.0.0/10")  # RFC 6598; not "private" to ipaddress


class ForbiddenAddress(httpcore.ConnectError):
    """The host resolves only to addresses the guard refuses (loopback, private, ...)."""

    def __init__(self, host: str, address: str, why: str) -> None:
        self.host = host
        self.address = address
        self.why = why
        super().__init__(f"{host} resolves to {address} ({why}); private targets are not checked")


class DnsFailure(httpcore.ConnectError):
    """The name did not resolve. ``temporary`` when the resolver itself could not answer."""

    def __init__(self, host: str, error: socket.gaierror) -> None:
        self.host = host
        self.code = error.errno
        self.temporary = error.errno == socket.EAI_AGAIN
        super().__init__(f"{host}: name does not resolve ({error.strerror or error})")


class ConnectFailure(httpcore.ConnectError):
    """Every vetted address refused or could not be reached; ``errno`` of the last attempt."""

    def __init__(self, host: str, port: int, error: OSError) -> None:
        self.host = host
        self.errno = error.errno
        detail = os.strerror(error.errno) if error.errno else str(error)
        super().__init__(f"{host}:{port}: {detail.lower()}")

    @property
    def refused(self) -> bool:
        return self.errno == errno.ECONNREFUSED

    @property
    def unreachable(self) -> bool:
        return self.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EADDRNOTAVAIL)


def _is_reserved_invalid(host: str) -> bool:
    name = host.rstrip(".").lower()
    return name == "invalid" or name.endswith(".invalid")


def forbidden_reason(address: str) -> str | None:
    """Why an IP address must not be contacted, or None when it is a public address."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks: tuple[tuple[bool, str], ...] = (
        (ip.is_unspecified, "unspecified address"),
        (ip.is_loopback, "loopback address"),
        (ip.is_link_local, "link-local address"),
        (ip.is_multicast, "multicast address"),
        (isinstance(ip, ipaddress.IPv6Address) and ip in ipaddress.IPv6Network("fc00::/7"), "unique-local address"),
        (ip.is_private, "private address"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED_ADDRESS_SPACE, "carrier-grade NAT address"),
        (ip.is_reserved, "reserved address"),
    )
    for matched, why in checks:
        if matched:
            return why
    return None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """trio network backend that resolves, vets and then connects to the vetted address.

    With ``allow_private`` the vetting is skipped but resolution stays here, so DNS failures and
    refused connections still come back as typed errors.
    """

    def __init__(self, *, allow_private: bool = False, forbidden: Callable[[str], str | None] = forbidden_reason) -> None:
        self.allow_private = allow_private
        self.forbidden = forbidden  # replaceable so tests can call one loopback address "public"

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        budget = float("inf") if timeout is None else timeout
        try:
            with trio.fail_after(budget):
                addresses = await self._resolve(host, port)
                return await self._connect_first(host, port, addresses, socket_options or ())
        except trio.TooSlowError as exc:
            raise httpcore.ConnectTimeout(f"{host}:{port}: connect timed out") from exc

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are never used by the checker")

    async def sleep(self, seconds: float) -> None:
        await trio.sleep(seconds)

    async def _resolve(self, host: str, port: int) -> list[tuple[int, tuple[typing.Any, ...]]]:
        if _is_reserved_invalid(host):
            # RFC 6761: .invalid names never resolve, and resolvers are not to be asked.
            raise DnsFailure(host, socket.gaierror(socket.EAI_NONAME, "reserved .invalid name"))
        try:
            infos = await trio.socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise DnsFailure(host, exc) from exc
        addresses: list[tuple[int, tuple[typing.Any, ...]]] = [
            (family, sockaddr) for family, _type, _proto, _name, sockaddr in infos
        ]
        if self.allow_private:
            return addresses
        vetted = [(family, sockaddr) for family, sockaddr in addresses if self.forbidden(str(sockaddr[0])) is None]
        if not vetted:
            refused_address = str(addresses[0][1][0])
            raise ForbiddenAddress(host, refused_address, self.forbidden(refused_address) or "")
        return vetted

    async def _connect_first(
        self,
        host: str,
        port: int,
        addresses: list[tuple[int, tuple[typing.Any, ...]]],
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION],
    ) -> httpcore.AsyncNetworkStream:
        # Addresses are tried one after another: a citation check is not latency-critical
        # enough to need happy eyeballs, and sequential attempts keep errors precise.
        last_error: OSError | None = None
        for family, sockaddr in addresses:
            raw = socket.socket(family, socket.SOCK_STREAM)
            raw.setblocking(False)
            sock = trio.socket.from_stdlib_socket(raw)
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                for option in socket_options:
                    sock.setsockopt(*option)  # type: ignore[arg-type]
                await sock.connect(sockaddr)
            except OSError as exc:
                sock.close()
                last_error = exc
                continue
            except BaseException:
                sock.close()
                raise
            return PlainStream(raw, sock)
        assert last_error is not None
        raise ConnectFailure(host, port, last_error) from last_error


class PlainStream(httpcore.AsyncNetworkStream):
    """A plain TCP connection, read and written on its socket directly.

    httpcore's trio stream goes through trio's socket stream for every read and write: a deadline
    scope, two context managers and a trip through the scheduler each, even when the data is there
    at once: a few hundredths of a request's CPU. Here a read or write that can be done at once is
    done at once (after a cancellation check), and only one that must wait sets a deadline. The
    errors are httpcore's, as its trio stream raises them; TLS goes through its trio stream.
    """

    def __init__(self, raw: socket.socket, sock: trio.socket.SocketType) -> None:
        self._raw = raw  # non-blocking; the same socket as ``sock``, which closes it
        self._sock = sock
        self._readable: typing.Any = None  # a select.poll, made at the first reuse

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        await trio.lowlevel.checkpoint_if_cancelled()
        with _AsNetworkError(httpcore.ReadError):
            try:
                return self._raw.recv(max_bytes)
            except BlockingIOError:
                pass
            with trio.move_on_after(float("inf") if timeout is None else timeout):
                while True:
                    await trio.lowlevel.wait_readable(self._raw)
                    try:
                        return self._raw.recv(max_bytes)
                    except BlockingIOError:
                        continue
        raise httpcore.ReadTimeout("")

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await trio.lowlevel.checkpoint_if_cancelled()
        with _AsNetworkError(httpcore.WriteError):
            left = memoryview(buffer)
            try:
                left = left[self._raw.send(left) :] if left else left
            except BlockingIOError:
                pass
            if not left:
                return
            with trio.move_on_after(float("inf") if timeout is None else timeout):
                while left:
                    await trio.lowlevel.wait_writable(self._raw)
                    try:
                        left = left[self._raw.send(left) :]
                    except BlockingIOError:
                        continue
                return
        raise httpcore.WriteTimeout("")

    async def aclose(self) -> None:
        self._sock.close()
        await trio.lowlevel.checkpoint()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        return await TrioStream(trio.SocketStream(self._sock)).start_tls(ssl_context, server_hostname, timeout)

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "is_readable":  # asked before each reuse: has the server closed it?
            if not hasattr(select, "poll"):  # Windows has select() only
                return bool(select.select([self._raw], [], [], 0)[0])
            if self._readable is None:
                self._readable = select.poll()
                self._readable.register(self._raw, select.POLLIN)
            return bool(self._readable.poll(0))
        if info == "client_addr":
            return self._sock.getsockname()
        if info == "server_addr":
            return self._sock.getpeername()
        if info == "socket":
            return self._sock
        return None


class _AsNetworkError:
    """A failed socket as httpcore's error, in the words trio's socket stream gives it (a class,
    not a generator: it is entered on every read and write)."""

    __slots__ = ("error",)

    def __init__(self, error: type[httpcore.NetworkError]) -> None:
        self.error = error

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, traceback: object) -> None:
        if not isinstance(exc, OSError) or isinstance(exc, BlockingIOError):
            return
        if exc.errno in (errno.EBADF, errno.ENOTSOCK):
            raise self.error("this socket was already closed") from exc
        raise self.error(f"socket connection broken: {exc}") from exc
