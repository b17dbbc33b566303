"""Shards for a CI matrix: each site checked by one shard, the parts merged into one verdict."""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from linkaudit.cli import main
from linkaudit.errors import ReportError
from linkaudit.report import load_report
from linkaudit.shards import Shard, merge_reports, parse_shard
from linkaudit.testing.simweb import HostSpec, SimulatedWeb, loopback_hosts

HOSTS = loopback_hosts(6, first="127.0.0.150")
RUN = ["--allow-private", "--no-cache", "--archive", "none", "--timeout", "3", "--retries", "0", "-q", "--format", "plain"]


@pytest.fixture(scope="module")
def web() -> Iterator[SimulatedWeb]:
    with SimulatedWeb({host: HostSpec(max_concurrent=8) for host in HOSTS}) as running:
        yield running


def test_a_shard_is_k_of_n() -> None:
    assert parse_shard("2/4") == Shard(2, 4)
    for bad in ("0/4", "5/4", "2", "a/b", "2/0", "-1/3"):
        with pytest.raises(ValueError, match="K"):
            parse_shard(bad)
    assert main(["audit", "x.md", "--shard", "3/2"]) == 2


# A site's own name, (www\.|cdn\.)? before it: three choices a name, where drawing from the regular
# expression makes one a character (half the property's time). The name is kept apart from its
# prefix, since a site may itself be called "cdn.com".
SITE_NAMES = st.tuples(
    st.sampled_from(["", "www.", "cdn."]),
    st.builds(
        "{}.{}".format,
        st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8),
        st.sampled_from(["com", "org", "co.uk"]),
    ),
)


@given(hosts=st.lists(SITE_NAMES, min_size=1, max_size=20), count=st.integers(1, 8))
@example(hosts=[("", "cdn.com")], count=3)
def test_every_source_falls_in_exactly_one_shard_and_a_site_stays_whole(
    hosts: list[tuple[str, str]], count: int
) -> None:
    shards = [Shard(k, count) for k in range(1, count + 1)]
    for prefix, site in hosts:
        owners = [shard for shard in shards if shard.owns(f"https://{prefix}{site}/a")]
        assert len(owners) == 1
        assert owners[0].owns(f"https://www.{site}/b") and owners[0].owns(f"http://{site}/c?d")


def _piece(tmp_path: Path, web: SimulatedWeb) -> Path:
    lines = []
    for n, host in enumerate(HOSTS):
        dead, alive = web.url(host, f"/status/404/p{n}"), web.url(host, f"/ok/p{n}")
        other = web.url(HOSTS[(n + 1) % len(HOSTS)], f"/ok/q{n}")
        # Each claim cites two sites, which most likely fall in different shards.
        lines.append(f"Claim {n} is backed by [one]({alive}) and [two]({other}).")
        lines.append(f"Claim {n} b rests on [a dead page]({dead}) alone.")
    piece = tmp_path / "piece.md"
    piece.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return piece


def _statuses(path: Path) -> list[tuple[str, str | None]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(link["url"], link["status"]) for doc in data["documents"] for link in doc["links"]]


def _claims(path: Path) -> list[tuple[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(claim["text"], claim["verdict"]) for doc in data["documents"] for claim in doc["claims"]]


def test_shards_check_each_url_once_and_merge_into_the_whole_audit(tmp_path: Path, web: SimulatedWeb) -> None:
    piece = _piece(tmp_path, web)
    whole = tmp_path / "whole.json"
    assert main(["audit", str(piece), *RUN, "-o", str(whole), "--fail-on", "dead"]) == 1
    asked_by_whole = web.stats.total_requests

    parts = [tmp_path / f"part-{k}.json" for k in (1, 2, 3)]
    for k, part in enumerate(parts, start=1):
        # A shard sees only some sources: its exit code leaves the verdict to the merge.
        assert main(["audit", str(piece), *RUN, "--shard", f"{k}/3", "-o", str(part), "--fail-on", "dead"]) == 0
    asked_by_shards = web.stats.total_requests - asked_by_whole
    assert asked_by_shards == asked_by_whole  # no URL checked twice, none left out

    checked = [{url for url, status in _statuses(part) if status is not None} for part in parts]
    assert sum(len(c) for c in checked) == len(set().union(*checked))  # disjoint
    assert sum(1 for c in checked if c) >= 2  # the sites really were spread

    merged_json, html, sarif = tmp_path / "audit.json", tmp_path / "audit.html", tmp_path / "audit.sarif"
    code = main(["report", *map(str, parts), "-o", str(merged_json), "-o", str(html), "-o", str(sarif),
                 "--fail-on", "dead", "-q", "--format", "plain"])
    assert code == 1  # --fail-on applies to the whole
    assert html.exists() and sarif.exists()
    assert _statuses(merged_json) == _statuses(whole)
    assert _claims(merged_json) == _claims(whole)  # one verdict per claim, as if run in one piece
    assert main(["report", *map(str, parts), "-q", "--format", "plain"]) == 0  # default policy: nothing unbacked


def test_parts_of_different_pieces_are_refused_in_one_line(tmp_path: Path, web: SimulatedWeb) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text(f"One [x]({web.url(HOSTS[0], '/ok/1')}).\n", encoding="utf-8")
    second.write_text(f"Two [y]({web.url(HOSTS[1], '/ok/2')}).\n", encoding="utf-8")
    for piece, out in ((first, "p1.json"), (second, "p2.json")):
        assert main(["audit", str(piece), *RUN, "--shard", "1/2", "-o", str(tmp_path / out)]) == 0
    parts = [(name, load_report(str(tmp_path / name))) for name in ("p1.json", "p2.json")]
    with pytest.raises(ReportError, match="disagree"):
        merge_reports(parts)
    assert main(["report", str(tmp_path / "p1.json"), str(tmp_path / "p2.json"), "-q"]) == 2
