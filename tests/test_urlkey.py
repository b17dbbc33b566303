"""A URL's key: the short cut for URLs written as their own key gives what the full parse gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from linkaudit import urlkey
from token_strings import joined

# Mostly URLs the short cut takes, and near its edge: labels that may be numeric, punycode,
# hyphenated or upper-case; paths and queries with dot segments, escapes, brackets and fragments.
# Labels are drawn a character class at a time rather than by from_regex, which cost most of this
# property's time: the same two languages, [a-z][a-z0-9-]{0,4}[a-z0-9] and
# [a-z0-9](?:[a-z0-9-]{0,5}[a-z0-9])?.
_LOWER, _ALNUM = "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz0123456789"
_LETTER_FIRST = st.builds("{}{}{}".format, st.sampled_from(_LOWER), st.text(_ALNUM + "-", max_size=4), st.sampled_from(_ALNUM))
_ANY_FIRST = st.builds("{}{}{}".format, st.sampled_from(_ALNUM), st.text(_ALNUM + "-", max_size=5), st.sampled_from(_ALNUM))
_LABELS = st.one_of(
    _LETTER_FIRST,
    st.sampled_from(_ALNUM),
    _ANY_FIRST,
    st.sampled_from(["xn--64g", "xn--bcher-kva", "EXAMPLE", "a-", "-a", "123", "0x7f", "a" * 64, "é", ""]),
)
_HOSTS = st.lists(_LABELS, min_size=1, max_size=4).map(".".join)
_TAKEN = list("abcAZ09-_~!$&'()*+,;=:@") + ["/", "/", "/", ".", "/.", "/..", "./", "?", "?q=1", "&b=2"]
_EDGE = ["%41", "%2e", "%7e", "#", "#f", " ", "[", "]", "|", "\\", "é", '"', "<", "{"]
_TAILS = joined(_TAKEN * 6 + _EDGE, max_size=10)
_SCHEMES = st.sampled_from(["https://"] * 4 + ["http://"] * 2 + ["HTTPS://", "ftp://", "https:/"])
_PORTS = st.sampled_from([""] * 12 + [":443", ":80", ":8080", ":", "@"])


@settings(max_examples=200, deadline=None)
@given(_SCHEMES, _HOSTS, _PORTS, st.sampled_from(["", "/", "/", "/", "?"]), _TAILS, st.sampled_from(["", "", "", " ", "\t"]))
def test_a_url_written_as_its_key_gets_the_key_and_problem_the_full_parse_gives(
    scheme: str, host: str, port: str, lead: str, tail: str, space: str
) -> None:
    url = space + scheme + host + port + lead + tail
    assert urlkey.identify.__wrapped__(url) == urlkey._parsed_identity(url.strip())


# A URL the short cut takes, with at most one thing changed that may send it to the full parse:
# each example tests one edge of the short cut's pattern, not several that hide one another (any
# other change already sends the URL to the full parse, and a wrong short cut goes unseen).
_PLAIN_HOSTS = st.builds(
    "{}{}".format, st.lists(st.one_of(_ANY_FIRST, st.sampled_from(_ALNUM)).map("{}.".format), max_size=2).map("".join), _LETTER_FIRST
)
_PLAIN_PATHS = joined([part for part in _TAKEN if "." not in part] + ["a.b"], max_size=8)
_ONE_CHANGE = st.sampled_from(
    [
        ("", ""), ("", ""), ("scheme", "HTTPS://"), ("scheme", "Http://"), ("scheme", "ftp://"), ("scheme", "https:/"),
        ("host", "A"), ("host", "xn--"), ("host", "é"), ("host", "-"), ("host", "."), ("host", "0x"), ("host", "a" * 64 + "."),
        ("host end", "."), ("host end", "-"), ("host end", "E"), ("host end", ".1"), ("host end", ".xn--64g"),
        ("port", "default"), ("port", "default"), ("last label", "capitalised"), ("last label", "capitalised"), ("port", ":0"), ("port", ":080"), ("port", ":65535"), ("port", ":65536"), ("port", ":99999"),
        ("port", ":"), ("port", ":1"), ("user", "u@"), ("user", "@"),
        ("path", "%41"), ("path", "%2e"), ("path", "%7e"), ("path", "#"), ("path", "#f"), ("path", "/."), ("path", "/.."),
        ("path", " "), ("path", "["), ("path", "|"), ("path", "\\"), ("path", "é"), ("path", '"'), ("path", "{"), ("path", "?"),
        ("empty path", ""), ("query end", "#f"), ("query end", "#"), ("query end", "%20"), ("query end", "é"),
        ("host is", "127.0.0.1"), ("host is", "255.255.255.255"), ("host is", "01.2.3.4"), ("host is", "1.2.3.04"),
        ("host is", "1.2.3.256"), ("host is", "1.2.3"), ("host is", "1.2.3.4.5"), ("host is", "0.0.0.0"),
    ]
)


@st.composite
def _plain_urls_changed_once(draw: st.DrawFn) -> str:
    scheme, host = draw(st.sampled_from(["https://", "http://"])), draw(_PLAIN_HOSTS)
    port, path = draw(st.sampled_from(["", "", ":8080", ":80", ":443", ":65535"])), "/" + draw(_PLAIN_PATHS)
    if port == {"https://": ":443", "http://": ":80"}[scheme]:
        port = ""
    where, change = draw(_ONE_CHANGE)
    at = draw(st.integers(0, 40))
    if where == "scheme":
        scheme = change
    elif where == "host":
        host = host[: at % (len(host) + 1)] + change + host[at % (len(host) + 1) :]
    elif where == "last label":
        last = host.rfind(".") + 1
        host = host[:last] + host[last:].capitalize()
    elif where == "host end":
        host += change
    elif where == "port":
        port = {"https://": ":443", "http://": ":80"}[scheme] if change == "default" else change
    elif where == "user":
        host = change + host
    elif where == "path":
        path = path[: at % (len(path) + 1)] + change + path[at % (len(path) + 1) :]
    elif where == "host is":
        host = change
    elif where == "query end":
        path += ("" if "?" in path else "?q") + change
    elif where == "empty path":
        path = "" if "?" not in path else path[path.index("?") :]
    return scheme + host + port + path


@settings(max_examples=300, deadline=None)
@given(_plain_urls_changed_once())
def test_a_plain_url_changed_in_one_place_gets_the_key_and_problem_the_full_parse_gives(url: str) -> None:
    assert urlkey.identify.__wrapped__(url) == urlkey._parsed_identity(url.strip())


# Hosts that are, or nearly are, IPv4 addresses (leading zeros, octets out of range, too few or too
# many parts) and ports written every way the full parse reads differently (default, zero, leading
# zero, out of range, empty).
_OCTETS = st.sampled_from(["0", "1", "9", "10", "99", "127", "199", "200", "249", "250", "255", "256", "300", "01", "00", "001", "a"])
_NUMERIC_HOSTS = st.lists(_OCTETS, min_size=3, max_size=5).map(".".join)
_ANY_PORTS = st.one_of(
    st.sampled_from(["", ":80", ":443", ":0", ":080", ":00443", ":", ":65535", ":65536", ":99999", ":123456", ":1", ":8080"]),
    st.integers(1, 70000).map(":{}".format),
)


@settings(max_examples=200, deadline=None)
@given(_SCHEMES, st.one_of(_NUMERIC_HOSTS, _HOSTS), _ANY_PORTS, st.sampled_from(["", "/", "/", "?"]), _TAILS)
def test_an_address_or_a_port_gets_the_key_and_problem_the_full_parse_gives(
    scheme: str, host: str, port: str, lead: str, tail: str
) -> None:
    url = scheme + host + port + lead + tail
    assert urlkey.identify.__wrapped__(url) == urlkey._parsed_identity(url.strip())


def test_plain_urls_take_the_short_cut_and_others_do_not() -> None:
    plain = ["https://a.example/x", "http://news.example.co.uk/2024/05/story-1.html?id=7&s=a", "https://a.example", "https://a.example?q=1",
             "https://a.example:8080/", "http://127.0.0.5:40123/page/a/1", "https://1.2.3.4/", "http://255.0.10.1:8443"]
    parsed = ["https://A.example/", "https://a.example:443/", "http://a.example:80/", "https://a.example:080/", "https://a.example:65536/",
              "https://a.example/./b", "https://01.2.3.4/", "https://1.2.3.256/", "https://xn--64g.example/",
              "https://a.example/%7e", "https://a.example/#f", "https://u@a.example/", "ftp://a.example/"]
    shortcut = urlkey._plain_port
    assert all((m := urlkey._PLAIN_URL.match(url)) and "/." not in url and shortcut(m) for url in plain)
    assert not any((m := urlkey._PLAIN_URL.match(url)) and "/." not in url and shortcut(m) for url in parsed)
    assert [urlkey.identify(url) for url in plain[2:4]] == [("https://a.example/", None), ("https://a.example/?q=1", None)]
    assert urlkey.identify("http://255.0.10.1:8443") == ("http://255.0.10.1:8443/", None)
