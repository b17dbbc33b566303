"""The resolver as tests see it: no test may send a DNS query off this machine.

Installed in every test process by conftest, and in every Python process a test starts (a check
worker, the command line run whole) by ``child_site/sitecustomize.py``, which conftest puts on
their PYTHONPATH. Light on purpose: a child process that must not see the test extras imports it.
"""

from __future__ import annotations

import ipaddress
import socket

REFUSAL = "tests reach loopback only"

_real_getaddrinfo = socket.getaddrinfo


def loopback_only_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    """Only IP literals and localhost resolve."""
    name = host.decode() if isinstance(host, bytes) else str(host) if host is not None else ""
    try:
        ipaddress.ip_address(name.split("%", 1)[0])
        allowed = True  # a literal resolves to itself without asking anyone
    except ValueError:
        allowed = name.rstrip(".").lower() == "localhost"
    if not allowed:
        raise socket.gaierror(socket.EAI_NONAME, f"{REFUSAL}, not {name!r}")
    return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


def no_reverse_lookup(address: object) -> object:
    """http.server names each test server by asking for its address's name (socket.getfqdn): a PTR
    query to the resolver for 127.0.0.x. Unanswered, getfqdn keeps the address, as it does when
    the resolver knows no name."""
    raise socket.herror(1, f"tests ask no resolver for the name of {address!r}")
