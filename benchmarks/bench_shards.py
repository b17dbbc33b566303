"""Benchmark of whole audits, in one job and as a CI matrix of shards (not a test).

    python benchmarks/bench_shards.py [--pieces 2000] [--urls 5000] [--shards 4] [--modes one,default,shards]

Writes ``--pieces`` Markdown pieces citing ``--urls`` distinct URLs (about ten citations a piece,
each URL cited about four times, sometimes spelt differently: host case, a fragment, a ``./``)
on the simulated web of ``bench_check.py`` (41 hosts at 20-300 ms, 8 requests at once each; hangs,
500s, flaky pages and cross-site redirects into one publisher), then runs ``linkaudit audit`` as a
user would, with no cache and no archive lookups:

- ``one``: one check process (``--workers 1``);
- ``default``: the engine's choice (one worker per core for large runs);
- ``shards``: ``--shard K/N`` for every K, one after another as a CI matrix with one runner would,
  then ``linkaudit report part-*.json -o audit.html -o audit.sarif`` to merge them.

For each it reports wall time, peak RSS of the audit's process tree (the sum of VmRSS over the
``linkaudit`` process and its children: extraction workers, check workers, the resource tracker,
sampled from /proc every 20 ms), requests per URL, the most requests in flight at one host,
politeness violations and broken found / false alarms; for shards the sum and the max over the
shards, and the merge's own cost. The simulated web runs in a process of its own, outside the
measured tree, so the figure is the audit's alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench_check import BROKEN_KINDS, Corpus, SimulatedWebProcess, TreeMemory, build_corpus, web_specs

from linkaudit.models import LinkStatus

PROBLEMS = {LinkStatus.DEAD.value, LinkStatus.FAILING.value, LinkStatus.SOFT_404.value}


def respell(url: str, rng: random.Random) -> str:
    """The same source as an author might write it: host case, a fragment, a dot segment."""
    scheme, rest = url.split("://", 1)
    host, _, path = rest.partition("/")
    choice = rng.random()
    if choice < 0.1:
        return f"{scheme.upper()}://{host}/{path}"
    if choice < 0.2:
        return f"{scheme}://{host}/./{path}#section-{rng.randint(1, 9)}"
    return url


def write_pieces(directory: Path, corpus: Corpus, pieces: int, seed: int) -> int:
    rng = random.Random(seed)
    urls = list(corpus.urls)
    citations = 0
    for n in range(pieces):
        lines = [f"# Piece {n}", "", "Published 2024-05-01.", ""]
        for sentence in range(rng.randint(7, 13)):
            url = urls[(n * 10 + sentence * 7 + rng.randint(0, 3)) % len(urls)] if rng.random() < 0.8 else rng.choice(urls)
            lines.append(f"Claim {sentence} of piece {n} rests on [a source]({respell(url, rng)}).")
            citations += 1
        (directory / f"piece-{n:05}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return citations


@dataclass
class Run:
    wall: float
    peak_mb: float
    code: int
    breakdown: str = ""  # each process's RSS at the peak, the audit first


def audit(args: list[str], cwd: Path, web_pid: int) -> Run:
    command = [sys.executable, "-m", "linkaudit", *args]
    started = time.perf_counter()
    with subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process:
        with TreeMemory(root=process.pid, exclude=frozenset({web_pid})) as memory:
            _, errors = process.communicate()
    if process.returncode not in (0, 1):
        raise SystemExit(f"linkaudit {' '.join(args)} failed ({process.returncode}): {errors.decode()[-2000:]}")
    return Run(time.perf_counter() - started, memory.peak_mb, process.returncode, memory.breakdown)


def verdicts(report: Path, corpus: Corpus) -> dict[str, object]:
    from linkaudit.urlkey import url_key

    kinds = {url_key(url): kind for url, kind in corpus.urls.items()}
    data = json.loads(report.read_text(encoding="utf-8"))
    status: dict[str, str | None] = {}
    for document in data["documents"]:
        for link in document["links"]:
            status[url_key(link["url"])] = link["status"]
    broken = [key for key, kind in kinds.items() if kind in BROKEN_KINDS and key in status]
    found = sum(1 for key in broken if status[key] in PROBLEMS)
    alarms = sum(1 for key, kind in kinds.items() if kind not in BROKEN_KINDS and status.get(key) in PROBLEMS)
    unchecked = sum(1 for value in status.values() if value is None)
    claims = sum(len(document["claims"]) for document in data["documents"])
    return {"sources": len(status), "broken": len(broken), "found": found, "false_alarms": alarms,
            "unchecked": unchecked, "claims": claims, "statuses": dict(Counter(status.values()))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pieces", type=int, default=2000)
    parser.add_argument("--urls", type=int, default=5000)
    parser.add_argument("--hosts", type=int, default=41)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--modes", default="one,default,shards")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    modes = args.modes.split(",")

    specs, latencies = web_specs(args.hosts, args.seed)
    common = ["--allow-private", "--no-cache", "--archive", "none", "--format", "plain", "-q", "--fail-on", "dead"]
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="linkaudit-bench-") as scratch:
        root = Path(scratch)
        pieces = root / "pieces"
        pieces.mkdir()
        for mode in modes:
            # A fresh web per mode: flaky pages fail once per web, and the counters start at zero.
            with SimulatedWebProcess(specs) as web:
                corpus = build_corpus(web.port, latencies, args.urls, args.seed)
                citations = write_pieces(pieces, corpus, args.pieces, args.seed)
                web_pid = web._process.pid or 0  # noqa: SLF001
                workdir = root / mode
                workdir.mkdir()
                if mode in ("one", "default"):
                    one = ["--workers", "1"] if mode == "one" else []
                    run = audit(["audit", str(pieces), *common, *one, "-o", "audit.json"], workdir, web_pid)
                    stats = web.stop()
                    report = verdicts(workdir / "audit.json", corpus)
                    lines.append(_line(mode, run.wall, run.peak_mb, stats, corpus, report, run.code))
                    lines.append(f"{'':22} peak RSS by process {run.breakdown}")
                    continue
                runs = []
                for k in range(1, args.shards + 1):
                    runs.append(audit(["audit", str(pieces), *common, "--shard", f"{k}/{args.shards}",
                                       "-o", f"part-{k}.json"], workdir, web_pid))
                parts = [f"part-{k}.json" for k in range(1, args.shards + 1)]
                merge = audit(["report", *parts, "-o", "audit.json", "-o", "audit.html", "-o", "audit.sarif",
                               "--fail-on", "dead"], workdir, web_pid)
                stats = web.stop()
                report = verdicts(workdir / "audit.json", corpus)
                lines.append(_line(f"{args.shards} shards (sum)", sum(r.wall for r in runs), max(r.peak_mb for r in runs),
                                   stats, corpus, report, merge.code))
                lines.append(f"{'':22} max shard wall {max(r.wall for r in runs):.1f} s; merge {merge.wall:.1f} s, "
                             f"{merge.peak_mb:.0f} MB; shard exit codes {[r.code for r in runs]}")
                lines.append(f"{'':22} peak RSS by process, per shard: {'; '.join(r.breakdown for r in runs)}")
    lines.append(f"load average after {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    header = (f"{args.pieces} pieces, {citations} citations, {len(corpus.urls)} distinct URLs on {args.hosts} hosts "
              f"(kinds {dict(Counter(corpus.urls.values()))})")
    sys.stdout.write(header + "\n" + "\n".join(lines) + "\n")
    return 0


def _line(mode: str, wall: float, peak: float, stats: dict[str, object], corpus: Corpus, report: dict[str, object],
          code: int) -> str:
    per_url = stats["total"] / len(corpus.urls)  # type: ignore[operator]
    return (f"{mode:22} wall {wall:6.1f} s  peak RSS {peak:5.0f} MB  requests/URL {per_url:.3f}  "
            f"most in flight {stats['max_in_flight']}  violations {stats['over_limit']}  "
            f"broken found {report['found']}/{report['broken']}  false alarms {report['false_alarms']}  "
            f"unchecked {report['unchecked']}  claims {report['claims']}  exit {code}")


if __name__ == "__main__":
    raise SystemExit(main())
