"""Benchmark of merging shard reports: ``linkaudit report part-*.json -o …`` (not a test).

    python benchmarks/bench_merge.py [--pieces 2000] [--urls 5000] [--hosts 41] [--shards 4] [--parts DIR]

Writes the shard reports of an audit shaped like ``bench_shards.py``'s (``--pieces`` Markdown
pieces of 7-13 citations each over ``--urls`` distinct URLs on ``--hosts`` sites; every source
checked by the one shard that owns its site, as ``--shard K/N`` does), built directly as report
records rather than by checking a simulated web, so the merge can be measured in seconds. Then it
runs ``linkaudit report part-*.json -o audit.json -o audit.html -o audit.sarif`` as a user would
and reports the merge's wall time and peak RSS (the child's ``ru_maxrss``). ``--parts DIR`` merges
the ``part-*.json`` already in DIR instead (e.g. kept from a ``bench_shards.py`` run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from linkaudit.models import (
    CheckResult,
    Citation,
    DateSource,
    DocumentAudit,
    LinkAudit,
    LinkStatus,
    Location,
    PublicationDate,
    Report,
    claim_id_for,
)
from linkaudit.policy import Policy
from linkaudit.report import write_report
from linkaudit.shards import Shard
from linkaudit.verdict import judge_claims

GENERATED_AT = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
STATUSES = [(LinkStatus.ALIVE, 200, "HTTP 200")] * 90 + [
    (LinkStatus.DEAD, 404, "HTTP 404"),
    (LinkStatus.FAILING, 500, "HTTP 500 (2 attempts)"),
    (LinkStatus.REDIRECTED, 200, "redirected to another page"),
]


def corpus(urls: int, hosts: int, seed: int) -> dict[str, tuple[LinkStatus, int, str]]:
    rng = random.Random(seed)
    sites = [f"site{n}.example" for n in range(hosts)]
    return {
        f"https://{rng.choice(sites)}/articles/{n}/a-readable-slug-for-the-page-{n}": rng.choice(STATUSES)
        for n in range(urls)
    }


def documents(pieces: int, web: dict[str, tuple[LinkStatus, int, str]], seed: int, shard: Shard | None) -> list[DocumentAudit]:
    """The documents of one shard's report (or, with no shard, of the whole audit)."""
    rng = random.Random(seed)
    urls = list(web)
    made = []
    for n in range(pieces):
        source = f"pieces/piece-{n:05}.md"
        links = []
        for sentence in range(rng.randint(7, 13)):
            url = urls[(n * 10 + sentence * 7 + rng.randint(0, 3)) % len(urls)]
            claim = f"Claim {sentence} of piece {n} rests on a source."
            citation = Citation(url, url, "a source", claim, claim_id_for(claim), Location(source, 5 + sentence, 30))
            check = None
            if shard is None or shard.owns(citation.key):
                status, http, reason = web[url]
                check = CheckResult(url=url, status=status, reason=reason, checked_at=GENERATED_AT, http_status=http,
                                    content_type="text/html", title=f"Page {n}", elapsed=0.123)
            links.append(LinkAudit(citation, check))
        made.append(DocumentAudit(
            source=source, title=f"Piece {n}", links=tuple(links), claims=judge_claims(tuple(links)),
            published=PublicationDate(dt.date(2024, 5, 1), DateSource.TEXT_HEADER, "Published 2024-05-01."),
            path=source,
        ))
    return made


def write_parts(directory: Path, pieces: int, urls: int, hosts: int, shards: int, seed: int) -> list[Path]:
    web = corpus(urls, hosts, seed)
    parts = []
    for k in range(1, shards + 1):
        part = directory / f"part-{k}.json"
        report = Report(tuple(documents(pieces, web, seed, Shard(k, shards))), GENERATED_AT, "0.1.0")
        write_report(report, str(part))
        parts.append(part)
    return parts


def merge(parts: list[Path], workdir: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of one ``linkaudit report`` merge."""
    command = [sys.executable, "-m", "linkaudit", "report", *map(str, parts), "-o", "audit.json", "-o", "audit.html",
               "-o", "audit.sarif", "--fail-on", "dead", "-q", "--format", "plain"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"linkaudit report failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far: the only one
    return wall, peak_kb / 1e3, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pieces", type=int, default=2000)
    parser.add_argument("--urls", type=int, default=5000)
    parser.add_argument("--hosts", type=int, default=41)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--parts", type=Path, help="merge the part-*.json in this directory instead")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="linkaudit-merge-") as scratch:
        workdir = Path(scratch)
        if args.parts:
            parts = sorted(args.parts.glob("part-*.json"))
        else:
            parts = write_parts(workdir, args.pieces, args.urls, args.hosts, args.shards, args.seed)
        size = sum(part.stat().st_size for part in parts) / 1e6
        wall, peak, code = merge(parts, workdir)
        merged = (workdir / "audit.json").stat().st_size / 1e6
    sys.stdout.write(f"{len(parts)} parts, {size:.1f} MB of JSON ({args.pieces} pieces); merged report {merged:.1f} MB\n"
                     f"merge: wall {wall:.1f} s, peak RSS {peak:.0f} MB, exit {code}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


@pytest.mark.bench
def test_a_small_merge_writes_the_whole_audit(tmp_path: Path) -> None:
    parts = write_parts(tmp_path, pieces=60, urls=150, hosts=8, shards=3, seed=5)
    _, _, code = merge(parts, tmp_path)
    whole = Report(tuple(documents(60, corpus(150, 8, 5), 5, None)), GENERATED_AT, "0.1.0")
    write_report(whole, str(tmp_path / "whole.json"), policy=Policy(fail_on=frozenset({"dead"})))
    assert code == 1  # --fail-on dead, and the corpus has dead sources
    assert (tmp_path / "audit.json").read_text(encoding="utf-8") == (tmp_path / "whole.json").read_text(encoding="utf-8")
