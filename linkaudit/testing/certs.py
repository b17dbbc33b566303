"""Throw-away TLS material for simulated hosts: a private CA and one certificate for their addresses.

Clients that do not trust the CA (the checker, by default) see a self-signed certificate and must
report a TLS failure; tests that want a working TLS connection trust ``client_context()``.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import trustme

__all__ = ["LocalCertificates"]


@dataclass(frozen=True)
class LocalCertificates:
    """A CA of our own and a server certificate valid for ``names`` (host names or IP addresses)."""

    ca: trustme.CA
    server: trustme.LeafCert

    @classmethod
    def issue(cls, names: Sequence[str]) -> LocalCertificates:
        if not names:
            raise ValueError("a certificate needs at least one host name or address")
        # Only simulated TLS hosts need it; the demo and a plain install do without.
        try:
            import trustme
        except ImportError as missing:
            raise RuntimeError("simulated TLS hosts need trustme: pip install 'linkaudit[test]'") from missing
        ca = trustme.CA(organization_name="linkaudit simulated web")
        return cls(ca=ca, server=ca.issue_cert(*names))

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.server.configure_cert(context)
        return context

    def client_context(self) -> ssl.SSLContext:
        """An SSL context that trusts the private CA (and nothing else)."""
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
        self.ca.configure_trust(context)
        return context

    def ca_pem(self) -> bytes:
        return self.ca.cert_pem.bytes()
