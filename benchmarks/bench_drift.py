"""Drift detection: how well, and at what cost.

    python benchmarks/bench_drift.py [--pairs-per-state 80] [--stage-sources 40] [--real DIR ...]
    python -m pytest -m bench benchmarks/bench_drift.py      (a smaller run)

1. **Quality** on generated page pairs (``linkaudit.testing.drift_pages``: a documented generator,
   every pair built from its seed alone; seeds 1000 up). Each pair is printed as the check and
   the archive stage would print it (title and main text), compared, and the claim citing it
   judged. Reports the confusion matrix, precision and recall of ``changed`` + ``replaced`` (the
   pages that drifted) against ``unchanged``, and how often the claim verdict (backed or
   drifted) is the one its state calls for. CPU time per comparison too.
2. **Cost** of the stage end to end on loopback: live pages from the simulated web, captures with
   their bodies from the stand-in archive, archive.org's pace (the production pacer). Reports
   wall time and archive requests per source.
3. **Real pages** (optional, ``--real``): pages of one site that are different articles must
   not come out ``unchanged``; the same page compared with itself must. Pages from the
   trafilatura and htmldate test sets (``git clone https://github.com/adbar/trafilatura`` and
   ``https://github.com/adbar/htmldate``; ``tests/cache/*.html``), not downloaded here. Both
   repositories also hold some pages under the same name, fetched at different times: their
   statuses are listed for a person to judge.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import trio

from linkaudit.check.classify import decode_body, extract_title
from linkaudit.drift import claim_evidence, compare_prints, page_print, still_backs
from linkaudit.models import Citation, Location, Snapshot, claim_id_for
from linkaudit.testing.drift_pages import EXPECTED, STATES, capture_page, claim_for, page_pair

FIRST_SEED = 1000
SNAPSHOT = Snapshot("wayback", "https://web.archive.org/web/20210302120000/https://x.example/a",
                    "https://x.example/a", "20210302120000", 200, "before", 13, "timegate")
# What the claim citing each state should get (see tests/test_drift_audit.py).
VERDICT_BACKED = {"identical": True, "noise": True, "edited": True, "correction": True,
                  "quote-removed": False, "rewritten": False, "parked": False, "home": False}


def _citation(claim: str) -> Citation:
    return Citation("https://x.example/a", "https://x.example/a", "the review", claim, claim_id_for(claim), Location("p", 1, 1))


def quality(pairs_per_state: int) -> dict[str, object]:
    confusion: Counter[tuple[str, str]] = Counter()
    verdicts_right = 0
    started = time.process_time()
    for state in STATES:
        for seed in range(FIRST_SEED, FIRST_SEED + pairs_per_state):
            pair = page_pair(state, seed)
            capture = page_print(pair.capture, extract_title(pair.capture))
            live = page_print(pair.live, extract_title(pair.live))
            drift = compare_prints(capture, live, SNAPSHOT)
            confusion[(state, drift.status.value)] += 1
            evidence = claim_evidence(_citation(claim_for(pair)), live, capture)
            verdicts_right += still_backs(drift, evidence) == VERDICT_BACKED[state]
    cpu = time.process_time() - started
    total = pairs_per_state * len(STATES)
    drifted = {"changed", "replaced"}
    true_pos = sum(n for (state, got), n in confusion.items() if got in drifted and EXPECTED[state] in drifted)
    said_drifted = sum(n for (_, got), n in confusion.items() if got in drifted)
    really_drifted = sum(n for (state, _), n in confusion.items() if EXPECTED[state] in drifted)
    exact = sum(n for (state, got), n in confusion.items() if EXPECTED[state] == got)
    return {
        "pairs": total,
        "confusion": confusion,
        "precision": true_pos / said_drifted if said_drifted else 1.0,
        "recall": true_pos / really_drifted if really_drifted else 1.0,
        "exact": exact / total,
        "verdicts": verdicts_right / total,
        "cpu_ms_per_pair": 1000 * cpu / total,
    }


async def _stage_run(sources: int) -> dict[str, float]:
    from linkaudit.archive.pacing import Pacer
    from linkaudit.drift import DriftRequest, compare_sources
    from linkaudit.models import CheckResult, LinkStatus
    from linkaudit.settings import Settings
    from linkaudit.testing.archive import ArchiveStandIn

    settings = Settings(drift="on", archive_timeout=10.0)
    requests = {}
    with ArchiveStandIn(host="127.0.0.61") as archive:
        settings = settings.replace(wayback_url=archive.base_url)
        for number in range(sources):
            state = STATES[number % len(STATES)]
            pair = page_pair(state, FIRST_SEED + number)
            url = f"https://site{number}.example/{state}/{number}"
            archive.add_capture(url, "20210302120000", 200)
            archive.add_capture(url, "20230101000000", 200)
            archive.set_body(url, "20210302120000", capture_page(FIRST_SEED + number))
            live = page_print(pair.live, extract_title(pair.live))
            check = CheckResult(url, LinkStatus.ALIVE, "HTTP 200", dt.datetime.now(dt.UTC),
                                http_status=200, content_type="text/html", page=live)
            requests[url] = DriftRequest(url, dt.date(2021, 3, 15), check)
        started = time.perf_counter()
        pacer = Pacer.from_settings(settings.archive)
        _, results = await compare_sources(requests, settings.drift, pacer=pacer)
        wall = time.perf_counter() - started
        asked = sum(archive.counts.values())
    wrong = sum(results[url].drift.status.value != EXPECTED[url.split("/")[3]] for url in requests)
    return {"sources": sources, "seconds_per_source": wall / sources, "requests_per_source": asked / sources,
            "pacer_wait": pacer.waited, "wrong": wrong}


def stage_cost(sources: int) -> dict[str, float]:
    return trio.run(_stage_run, sources)


def _site(path: Path) -> str:
    return ".".join(path.name.split(".")[:2])


def real_pages(directories: list[Path]) -> dict[str, object]:
    pages: dict[Path, tuple[str | None, str]] = {}
    for directory in directories:
        for path in sorted(directory.glob("*.html")):
            body = decode_body(path.read_bytes(), None)
            pages[path] = (extract_title(body), body)
    prints = {path: page_print(body, title) for path, (title, body) in pages.items()}
    by_site: dict[str, list[Path]] = defaultdict(list)
    for path in prints:
        by_site[_site(path)].append(path)
    different: Counter[str] = Counter()
    for paths in by_site.values():
        names = {}
        for path in paths:
            names.setdefault(path.name, path)
        distinct = list(names.values())
        for first, second in zip(distinct, distinct[1:]):
            if len(prints[first].text.split()) < 50:
                continue
            different[compare_prints(prints[first], prints[second], SNAPSHOT).status.value] += 1
    itself = Counter(compare_prints(p, p, SNAPSHOT).status.value for p in prints.values())
    same_name: list[tuple[str, str, float | None]] = []
    by_name: dict[str, list[Path]] = defaultdict(list)
    for path in prints:
        by_name[path.name].append(path)
    for name, paths in sorted(by_name.items()):
        if len(paths) == 2 and pages[paths[0]][1] != pages[paths[1]][1]:
            drift = compare_prints(prints[paths[0]], prints[paths[1]], SNAPSHOT)
            same_name.append((name, drift.status.value, drift.similarity))
    return {"pages": len(prints), "different_articles_same_site": different, "page_with_itself": itself,
            "same_name_other_fetch": same_name}


def _print_quality(result: dict[str, object]) -> None:
    confusion = result["confusion"]
    assert isinstance(confusion, Counter)
    print(f"quality on {result['pairs']} generated page pairs ({len(STATES)} states, seeds {FIRST_SEED} up)")
    statuses = ("unchanged", "changed", "replaced", "not-compared")
    print(f"  {'state':<14}{'expected':<11}" + "".join(f"{s:>13}" for s in statuses))
    for state in STATES:
        print(f"  {state:<14}{EXPECTED[state]:<11}" + "".join(f"{confusion[(state, s)]:>13}" for s in statuses))
    print(f"  changed+replaced: precision {result['precision']:.1%}, recall {result['recall']:.1%}; "
          f"exact status {result['exact']:.1%}; claim verdict as expected {result['verdicts']:.1%}")
    print(f"  CPU {result['cpu_ms_per_pair']:.1f} ms per pair (two main texts, comparison, evidence)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs-per-state", type=int, default=80)
    parser.add_argument("--stage-sources", type=int, default=40)
    parser.add_argument("--real", type=Path, action="append", default=[], metavar="DIR")
    args = parser.parse_args(argv)
    _print_quality(quality(args.pairs_per_state))
    if args.stage_sources:
        cost = stage_cost(args.stage_sources)
        print(f"stage on loopback, archive.org's pace: {cost['sources']:.0f} sources, "
              f"{cost['seconds_per_source']:.2f} s and {cost['requests_per_source']:.1f} archive requests per source "
              f"({cost['pacer_wait']:.1f} s waiting for the pacer in all); {cost['wrong']:.0f} statuses not as expected")
    if args.real:
        real = real_pages(args.real)
        print(f"real pages: {real['pages']} pages from {', '.join(str(d) for d in args.real)}")
        print(f"  different articles of one site: {dict(real['different_articles_same_site'])}")
        print(f"  each page with itself: {dict(real['page_with_itself'])}")
        for name, status, similarity in real["same_name_other_fetch"]:
            print(f"  same page, other fetch: {name}: {status} (similarity {similarity})")
    return 0


@pytest.mark.bench
def test_bench_drift_small() -> None:
    result = quality(10)
    _print_quality(result)
    assert result["pairs"] == 10 * len(STATES)
    cost = stage_cost(8)
    assert cost["requests_per_source"] > 0


if __name__ == "__main__":
    sys.exit(main())
