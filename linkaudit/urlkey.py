"""A URL's identity: the one canonical key every stage uses for "the same source".

The key is computed once per citation (``Citation.key``) and then used as is by the checker (one
request per key), the cache (one history per key), the archive stage, progress and the reports.
It is httpx's own parse of the URL (scheme and host lower-cased, IDNA, default ports dropped, dot
segments removed) plus the few rules httpx leaves out, all of which cannot change what a server
returns: percent-escapes upper-cased and unreserved characters unescaped (RFC 3986 6.2.2), a
trailing dot on the host dropped, an empty path written "/", and the fragment dropped (it is never
sent). The query keeps its order: servers may care.

A string that is not a valid HTTP(S) URL is its own key (stripped); ``url_problem`` says why it
is not valid, so that it can be reported as a non-citation with its reason instead of checked.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import urlsplit

import httpx

__all__ = ["CHECKABLE_SCHEMES", "MAX_PORT", "identify", "parse_url", "url_key", "url_problem"]

CHECKABLE_SCHEMES = frozenset({"http", "https"})
MAX_PORT = 65535
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
# A URL that is its own key, as most cited URLs are: http(s), a lower-case ASCII host name of
# letters, digits and inner hyphens ending in a label that starts with a letter (no punycode,
# which is read back for its digits) or an IPv4 address in its one canonical spelling, no user or
# fragment, a port only when written as its number (no leading zero; its range and the scheme's
# default are checked beside the pattern), and a path and query of characters that stay as
# written, with no escape to normalise. A "/." (a possible dot segment) sends it to the full
# parse too.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_PLAIN_URL = re.compile(
    rf"(?P<scheme>https?)://(?P<host>(?!(?:{_LABEL}\.)*xn--)(?:{_LABEL}\.)*[a-z](?:[a-z0-9-]{{0,61}}[a-z0-9])?"
    rf"|{_OCTET}(?:\.{_OCTET}){{3}})(?::(?P<port>[1-9][0-9]{{0,4}}))?"
    r"(?P<path>/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*)?(?:\?[A-Za-z0-9\-._~!$&'()*+,;=:@/?]+)?\Z"
)


def parse_url(url: str) -> httpx.URL:
    """``url`` parsed by httpx, with the rules httpx does not enforce; ``httpx.InvalidURL`` if invalid.

    httpx accepts any port number (``:99999``) and would connect to it modulo 65536; a host
    written with Unicode digits (``ⅰ27.0.0.1``) is refused by IDNA with a message that does not say
    why. Both are said here in words a reader can act on.
    """
    host = _written_host(url)
    if host is not None:
        # Punycode ("xn--64g", as Markdown parsers write ⅰ) hides the digits: they are read back.
        shown = ".".join(_unpunycoded(label) for label in host.split("."))
        if digits := sorted({c for c in shown if not c.isascii() and c.isnumeric()}):
            raise httpx.InvalidURL(f"the host {shown!r} contains Unicode digits ({''.join(digits)}), not ASCII ones")
    parsed = httpx.URL(url)
    if parsed.port is not None and not 0 < parsed.port <= MAX_PORT:
        raise httpx.InvalidURL(f"port {parsed.port} is out of range (1-{MAX_PORT})")
    try:
        host = parsed.host.rstrip(".")
    except UnicodeError as error:  # IDNA refuses a label httpx kept as written
        raise httpx.InvalidURL(f"the host {parsed.netloc.decode('ascii', 'replace')!r} is not a valid domain name ({error})") from None
    labels = host.split(".")
    if labels[-1].isdigit() and ":" not in host and not _is_ipv4(host):
        # WHATWG URL: a host whose last label is a number must be an IPv4 address.
        raise httpx.InvalidURL(f"the host {host!r} ends in a number but is not an IPv4 address")
    return parsed


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be checked as an HTTP(S) URL, or None when it can."""
    return identify(url)[1]


def url_key(url: str) -> str:
    """The canonical key of ``url``; what is not a valid HTTP(S) URL comes back stripped."""
    return identify(url)[0]


# Each URL is identified by its citation, its check and the cache, one after the other: 8,192
# entries cover an audit's distinct sources up to that many. Beyond it a least-recently-used cache
# misses in every stage whatever its size, and 65,536 entries held about 12 MB of a
# 100,000-link audit for nothing.
@functools.lru_cache(maxsize=1 << 13)
def identify(url: str) -> tuple[str, str | None]:
    """``url_key`` and ``url_problem`` of ``url`` from one parse (the parse is most of their cost)."""
    text = url.strip()
    plain = _PLAIN_URL.match(text)
    if plain is not None and "/." not in text and _plain_port(plain):
        # Written as its key already (bar an empty path): the parse would give it back unchanged.
        authority_end = plain.end("port") if plain.group("port") else plain.end("host")
        return (text if plain.group("path") else text[:authority_end] + "/" + text[authority_end:]), None
    return _parsed_identity(text)


def _plain_port(plain: re.Match[str]) -> bool:
    """No port, or one the key keeps as written: in range, and not the scheme's default."""
    port = plain.group("port")
    return port is None or (int(port) <= MAX_PORT and int(port) != _DEFAULT_PORTS[plain.group("scheme")])


def _parsed_identity(text: str) -> tuple[str, str | None]:
    try:
        parsed: httpx.URL | None = parse_url(text)
        error: httpx.InvalidURL | None = None
    except httpx.InvalidURL as invalid:
        parsed, error = None, invalid
    return _key_of(text, parsed), _problem_of(text, parsed, error)


def _problem_of(text: str, parsed: httpx.URL | None, error: httpx.InvalidURL | None) -> str | None:
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError as invalid:
        return f"not a valid URL ({invalid})"
    if scheme not in CHECKABLE_SCHEMES:
        return f"scheme {scheme or '(none)'!r} is not checked"
    if parsed is None:
        return f"not a valid URL: {error}"
    if not parsed.host:
        return "URL without a host name"
    return None


def _key_of(text: str, parsed: httpx.URL | None) -> str:
    if parsed is None or parsed.scheme not in CHECKABLE_SCHEMES or not parsed.host:
        return text
    host = parsed.raw_host.decode("ascii").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    userinfo = parsed.userinfo.decode("ascii")
    port = "" if parsed.port in (None, _DEFAULT_PORTS[parsed.scheme]) else f":{parsed.port}"
    netloc = (f"{userinfo}@" if userinfo else "") + host + port
    path = _remove_dot_segments(_normalise_escapes(parsed.raw_path.split(b"?", 1)[0].decode("ascii"))) or "/"
    query = _normalise_escapes(parsed.query.decode("ascii"))
    key = f"{parsed.scheme}://{netloc}{path}" + (f"?{query}" if query else "")
    return text if key == text else key  # the same string once, not two equal copies


def _written_host(url: str) -> str | None:
    try:
        return urlsplit(url.strip()).hostname
    except ValueError:
        return None


def _unpunycoded(label: str) -> str:
    if not label.lower().startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return label


def _is_ipv4(host: str) -> bool:
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return True


def _normalise_escapes(part: str) -> str:
    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _PERCENT_ESCAPE.sub(fix, part)


def _remove_dot_segments(path: str) -> str:
    # httpx removes dot segments as written; escapes unescaped above ("%2E") can make new ones.
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
            continue
        if segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
            continue
        output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result
