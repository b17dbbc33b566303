"""The loopback Wayback Machine speaks archive.org's formats, so the client is tested against the real shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from linkaudit.archive.memento import parse_link_header
from linkaudit.testing.archive import ArchiveStandIn

PAGE = "http://example.com/page"
CAPTURES = {
    PAGE: [
        ("20200101000000", 200, "text/html", "DIGESTA", "1200"),
        ("20200601000000", "-", "warc/revisit", "DIGESTA", "600"),
        ("20210101000000", 404, "text/html", "DIGESTB", "300"),
        ("20220101000000", 200, "text/html", "DIGESTC", "1300"),
    ]
}


@pytest.fixture
def archive() -> Iterator[ArchiveStandIn]:
    with ArchiveStandIn(CAPTURES, host="127.0.0.5", stall_seconds=0.02) as standin:
        yield standin


@pytest.fixture
def client(archive: ArchiveStandIn) -> Iterator[httpx.Client]:
    # Plain HTTP only: verify=False spares loading a trust store (about 50 ms of CPU) a test.
    with httpx.Client(base_url=archive.base_url, timeout=3, verify=False) as http:
        yield http


def cdx(client: httpx.Client, **params: str) -> httpx.Response:
    return client.get("/cdx/search/cdx", params={"url": PAGE, **params})


def test_cdx_json_is_a_header_row_then_rows_of_strings(client: httpx.Client) -> None:
    table = cdx(client, output="json", limit="1").json()

    assert table == [
        ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"],
        ["com,example)/page", "20200101000000", PAGE, "text/html", "200", "DIGESTA", "1200"],
    ]


def test_cdx_text_output_is_space_separated_lines(client: httpx.Client) -> None:
    lines = cdx(client, fl="timestamp,statuscode").text.splitlines()

    assert lines == ["20200101000000 200", "20200601000000 -", "20210101000000 404", "20220101000000 200"]


def test_cdx_date_range_filter_and_negative_limit(client: httpx.Client) -> None:
    rows = cdx(client, output="json", fl="timestamp", to="2021", limit="-2", filter="!statuscode:404").json()

    assert rows == [["timestamp"], ["20200101000000"], ["20200601000000"]]


def test_cdx_sort_closest_orders_by_distance(client: httpx.Client) -> None:
    rows = cdx(client, output="json", fl="timestamp", sort="closest", closest="20200901", filter="statuscode:200").json()

    assert [r[0] for r in rows[1:]] == ["20200101000000", "20220101000000"]


def test_cdx_no_match_is_an_empty_array(client: httpx.Client) -> None:
    assert cdx(client, output="json", **{"from": "2030"}).json() == []
    assert cdx(client, **{"from": "2030"}).text == ""


def test_availability_names_the_nearest_200_capture(client: httpx.Client) -> None:
    answer = client.get("/wayback/available", params={"url": PAGE, "timestamp": "20200705"}).json()

    assert answer["timestamp"] == "20200705"
    assert answer["archived_snapshots"]["closest"] == {
        "status": "200", "available": True, "timestamp": "20200101000000",
        "url": f"http://web.archive.org/web/20200101000000/{PAGE}",
    }


def test_replay_redirects_to_the_nearest_capture_with_memento_links(archive: ArchiveStandIn, client: httpx.Client) -> None:
    response = client.get(f"/web/20211201id_/{PAGE}")

    assert response.status_code == 302
    assert response.headers["Location"] == f"{archive.base_url}/web/20220101000000id_/{PAGE}"
    rels = {frozenset(link.rels) for link in parse_link_header(response.headers["Link"])}
    assert frozenset({"prev", "memento"}) in rels
    assert frozenset({"last", "memento"}) in rels


def test_an_exact_replay_carries_memento_datetime_and_the_captured_status(client: httpx.Client) -> None:
    ok = client.get(f"/web/20200101000000id_/{PAGE}")
    missing = client.get(f"/web/20210101000000/{PAGE}")

    assert (ok.status_code, ok.headers["Memento-Datetime"]) == (200, "Wed, 01 Jan 2020 00:00:00 GMT")
    assert (missing.status_code, missing.headers["Memento-Datetime"]) == (404, "Fri, 01 Jan 2021 00:00:00 GMT")


def test_the_timegate_negotiates_on_accept_datetime(archive: ArchiveStandIn, client: httpx.Client) -> None:
    response = client.get(f"/web/{PAGE}", headers={"Accept-Datetime": "Tue, 01 Dec 2020 00:00:00 GMT"})

    assert response.status_code == 302
    assert response.headers["Vary"] == "accept-datetime"
    assert response.headers["Location"] == f"{archive.base_url}/web/20210101000000/{PAGE}"


def test_the_timemap_lists_every_memento_but_revisits(client: httpx.Client) -> None:
    links = parse_link_header(client.get(f"/web/timemap/link/{PAGE}").text)

    mementos = [link.uri.rsplit("/web/", 1)[1][:14] for link in links if "memento" in link.rels]
    assert mementos == ["20200101000000", "20210101000000", "20220101000000"]


def test_faults_are_switchable_and_counted(archive: ArchiveStandIn, client: httpx.Client) -> None:
    archive.set_fault("429", ["cdx"])
    limited = cdx(client, output="json")
    archive.set_fault("malformed", ["cdx"])
    garbled = cdx(client, output="json")
    archive.set_fault(None)

    assert limited.status_code == 429 and "Retry-After" not in limited.headers
    with pytest.raises(json.JSONDecodeError):
        json.loads(garbled.text)
    assert cdx(client, output="json").status_code == 200
    assert archive.counts["cdx"] == 3


def test_a_stall_is_bounded(archive: ArchiveStandIn, client: httpx.Client) -> None:
    archive.set_fault("stall", ["available"])

    # An unbounded stall would outlast the client's 3 s timeout and raise; this one answers after 0.02 s.
    response = client.get("/wayback/available", params={"url": PAGE})

    assert response.status_code == 504
