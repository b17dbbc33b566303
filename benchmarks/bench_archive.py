"""Archive lookups for many dead sources, paced to archive.org's published limits.

    python benchmarks/bench_archive.py [--sources 500] [--scale 1]
    python -m pytest -m bench benchmarks/bench_archive.py      (a small, sped-up run)

Serves a stand-in of the Wayback Machine on loopback with a mix of capture histories (captures
before the publication date, only after it, only 404 or redirect captures, none at all), looks
every source up once through the real pacer, and reports:

- wall time, and how many requests each endpoint group received per lookup;
- how many chosen captures match the one the rules call for (the latest 200 capture at or before
  T, else the earliest after), and how many outcomes were wrong.

``--scale N`` multiplies every pacing limit by N (the stand-in has no limits of its own), for
quick runs; the figure that counts is the one at scale 1, archive.org's own limits at the
default 80% share (CDX 24 a minute, replay 480 a minute).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass

import pytest

from linkaudit.archive import ArchiveRequest, find_snapshots_sync
from linkaudit.archive.pacing import Pacer
from linkaudit.models import ArchiveOutcome
from linkaudit.settings import Settings
from linkaudit.testing.archive import ArchiveStandIn


@dataclass(frozen=True)
class Case:
    request: ArchiveRequest
    expected: str | None  # 14-digit timestamp of the capture the rules choose, None for no capture


def _timestamp(day: dt.date, rng: random.Random) -> str:
    return f"{day:%Y%m%d}{rng.randrange(24):02d}{rng.randrange(60):02d}{rng.randrange(60):02d}"


def build_cases(archive: ArchiveStandIn, sources: int, rng: random.Random) -> list[Case]:
    """Sources with known capture histories; the expected choice is computed from the rules."""
    cases = []
    for n in range(sources):
        url = f"https://gone-{n % 97}.example/{2015 + n % 8}/story-{n}.html"
        published = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(2500))
        kind = rng.choices(["before", "after", "bad-only", "none"], weights=[65, 15, 10, 10])[0]
        good_before: list[str] = []
        good_after: list[str] = []
        if kind == "before":
            for _ in range(rng.randint(1, 6)):
                good_before.append(_timestamp(published - dt.timedelta(days=rng.randrange(1, 900)), rng))
            for _ in range(rng.randint(0, 3)):
                good_after.append(_timestamp(published + dt.timedelta(days=rng.randrange(1, 400)), rng))
        elif kind == "after":
            for _ in range(rng.randint(1, 4)):
                good_after.append(_timestamp(published + dt.timedelta(days=rng.randrange(1, 700)), rng))
        for timestamp in good_before + good_after:
            archive.add_capture(url, timestamp, 200)
        if kind in ("before", "bad-only"):
            # Captures that back nothing, some of them closer to T than any good one.
            archive.add_capture(url, _timestamp(published, rng), rng.choice([404, 302]))
            archive.add_capture(url, _timestamp(published + dt.timedelta(days=3), rng), 404)
        expected = max(good_before) if good_before else (min(good_after) if good_after else None)
        cases.append(Case(ArchiveRequest(url, published), expected))
    return cases


def run(sources: int, scale: float, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    with ArchiveStandIn() as archive:
        cases = build_cases(archive, sources, rng)
        settings = Settings(wayback_url=archive.base_url, archive_timeout=10.0)
        pacer = Pacer.from_settings(settings, scale=scale)
        started = time.perf_counter()
        lookups = find_snapshots_sync([case.request for case in cases], settings, pacer=pacer)
        wall = time.perf_counter() - started
        counts = Counter(archive.counts)
    right = wrong = 0
    for case in cases:
        lookup = lookups[case.request]
        chosen = lookup.snapshot.timestamp if lookup.outcome is ArchiveOutcome.FOUND and lookup.snapshot else None
        if chosen == case.expected and lookup.outcome is not ArchiveOutcome.UNREACHABLE:
            right += 1
        else:
            wrong += 1
    outcomes = Counter(str(lookups[case.request].outcome) for case in cases)
    return {"wall": wall, "counts": counts, "right": right, "wrong": wrong, "outcomes": outcomes, "sources": sources}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every pacing limit (1 = archive.org's)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    figures = run(args.sources, args.scale, args.seed)
    counts: Counter[str] = figures["counts"]  # type: ignore[assignment]
    per_lookup = ", ".join(f"{name} {count / args.sources:.2f}" for name, count in sorted(counts.items()))
    lines = [
        f"dead sources             {args.sources} (pacing x{args.scale:g} of archive.org's limits at 80%)",
        f"outcomes                 {dict(figures['outcomes'])}",  # type: ignore[call-overload]
        f"capture chosen as ruled  {figures['right']} right, {figures['wrong']} wrong",
        f"requests per lookup      {per_lookup}",
        f"replay group per lookup  {(counts['replay'] + counts['timegate']) / args.sources:.2f} "
        f"(TimeGate and replay share archive.org's ~600 a minute); CDX {counts['cdx'] / args.sources:.2f}",
        f"wall time                {figures['wall']:.1f} s",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


@pytest.mark.bench
def test_a_sped_up_run_chooses_every_capture_by_the_rules_with_no_cdx_storm() -> None:
    figures = run(sources=60, scale=20.0, seed=7)
    assert figures["wrong"] == 0
    counts: Counter[str] = figures["counts"]  # type: ignore[assignment]
    assert counts["cdx"] <= 60 * 0.5  # most lookups are answered by the replay TimeGate
