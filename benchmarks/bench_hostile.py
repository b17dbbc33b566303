"""Peak memory and time of extraction on hostile and very large pieces.

    nice -n 10 python benchmarks/bench_hostile.py [--audit]
    python -m pytest -m bench benchmarks/bench_hostile.py      (the same cases, smaller, with targets)

Each case is generated (nothing is downloaded), written to a temporary file and extracted in a
fresh Python process, so its peak resident set size (ru_maxrss) is its own. The target for every
case is a peak under 10 times the input size plus 100 MB. Cases:

  escaped-10mb      10 MB of HTML inside a JavaScript string literal (\\u003c escapes), one link
  paragraph-512k    a 512 KiB Markdown paragraph made of nothing but links, no full stop
  links-100k        100,000 Markdown links in ordinary sentences (about 7 MB)

With ``--audit``, the 100,000-link piece is also audited end to end with every URL excluded (so
no request is made): what the check, verdict and report stages cost in memory at that volume,
with the peak so far and the resident size after each stage (read, check, report records, each
rendering of the JSON text: for the file, then for standard output), so that it says where the
peak is, and the process's CPU seconds so far.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

MB = 1024 * 1024
BASELINE_MB = 100


def escaped_page(size: int) -> str:
    """A page as scraped from a CMS: one string literal of escaped HTML, one link, ``size`` bytes."""
    paragraph = "\\u003cp\\u003eThe council report found that the sea walls failed within an hour.\\u003c/p\\u003e\\n"
    link = '\\u003cp\\u003eSee \\u003ca href=\\"https://a.example/report\\"\\u003ethe report\\u003c/a\\u003e.\\u003c/p\\u003e'
    head = 'window.__DATA__ = {"body":"'
    body = paragraph * max(1, (size - len(head) - len(link)) // len(paragraph))
    return head + link + body + '"};\n'


def paragraph_of_links(size: int) -> str:
    links: list[str] = []
    total = 0
    number = 0
    while total < size:
        link = f"[source {number}](https://site{number % 97}.example/p/{number}) "
        links.append(link)
        total += len(link)
        number += 1
    return "".join(links) + "\n"


def many_links(count: int) -> str:
    lines = [f"Finding {n} was reported [here](https://site{n % 997}.example/{n}/story).\n" for n in range(count)]
    return "# Many links\n\n" + "".join(lines)


CASES: dict[str, tuple[str, Callable[[int], str], int]] = {
    "escaped-10mb": (".txt", escaped_page, 10 * MB),
    "paragraph-512k": (".md", paragraph_of_links, 512 * 1024),
    "links-100k": (".md", many_links, 100_000),
}

_MEASURE = """
import json, resource, sys, time
from linkaudit.extract import extract_sources
from linkaudit.settings import Settings
start = time.perf_counter()
extractions, errors = extract_sources([sys.argv[1]], Settings().extract)
seconds = time.perf_counter() - start
citations = sum(len(e.citations) for e in extractions)
longest = max((len(c.claim) for e in extractions for c in e.citations), default=0)
print(json.dumps({"seconds": seconds, "citations": citations, "longest_claim": longest, "errors": [str(e) for e in errors],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_AUDIT = """
import json, resource, sys, time
from pathlib import Path
import linkaudit.pipeline, linkaudit.report
from linkaudit.cli import main

stages = []  # (stage, peak MB so far, resident MB, CPU seconds so far) after each stage: where the peak is

def memory():
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return round(int(fields["VmHWM"].split()[0]) / 1024), round(int(fields["VmRSS"].split()[0]) / 1024)

def after(owner, name, label):
    inner = getattr(owner, name)
    def measured(*args, **kwargs):
        result = inner(*args, **kwargs)
        stages.append((label, *memory(), round(time.process_time(), 2)))
        return result
    async def measured_async(*args, **kwargs):
        result = await inner(*args, **kwargs)
        stages.append((label, *memory(), round(time.process_time(), 2)))
        return result
    import inspect
    setattr(owner, name, measured_async if inspect.iscoroutinefunction(inner) else measured)

stages.append(("start", *memory(), round(time.process_time(), 2)))
after(linkaudit.pipeline.Audit, "read", "read the piece")
after(linkaudit.pipeline, "check_urls", "check")
after(linkaudit.pipeline.Audit, "report", "report records")
after(linkaudit.report, "write_report", "JSON file written")
after(linkaudit.report, "render", "JSON text rendered")
start = time.perf_counter()
code = main(["audit", sys.argv[1], "--no-cache", "--archive", "none", "--exclude", ".", "--format", "json",
             "-o", sys.argv[2]])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "exit": code, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "stages": stages}), file=sys.stderr)
"""


def measure(name: str, scale: float = 1.0, *, audit: bool = False) -> dict[str, object]:
    suffix, make, size = CASES[name]
    with tempfile.TemporaryDirectory() as folder:
        piece = Path(folder) / f"piece{suffix}"
        piece.write_text(make(int(size * scale)), encoding="utf-8")
        input_mb = piece.stat().st_size / MB
        if audit:
            done = subprocess.run(
                [sys.executable, "-c", _AUDIT, str(piece), str(Path(folder) / "report.json")],
                capture_output=True, text=True, check=True,
            )
            result = json.loads(done.stderr.strip().splitlines()[-1])
        else:
            done = subprocess.run([sys.executable, "-c", _MEASURE, str(piece)], capture_output=True, text=True, check=True)
            result = json.loads(done.stdout)
    result.update(case=name + (" (audit)" if audit else ""), input_mb=round(input_mb, 2), target_mb=round(10 * input_mb + BASELINE_MB, 1))
    return result


def _line(result: dict[str, object]) -> str:
    peak, target = float(result["peak_mb"]), float(result["target_mb"])  # type: ignore[arg-type]
    verdict = "within target" if peak <= target else "OVER TARGET"
    extra = f"{result['citations']} citations, longest claim {result['longest_claim']} chars" if "citations" in result else f"exit {result['exit']}"
    line = (f"{result['case']:<22} input {result['input_mb']:>6} MB  peak {peak:7.1f} MB  target {target:7.1f} MB  "
            f"{float(result['seconds']):6.2f} s  {extra}  {verdict}")  # type: ignore[arg-type]
    stages = result.get("stages") or []
    return line + "".join(f"\n{'':24}after {stage:<26} peak so far {high:5} MB  resident {now:5} MB  CPU so far {cpu:6.2f} s"
                          for stage, high, now, cpu in stages)  # type: ignore[union-attr]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--audit", action="store_true", help="also audit the 100,000-link piece (no requests)")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}; peak = ru_maxrss of a fresh process (imports included)")
    for name in CASES:
        print(_line(measure(name)), flush=True)
    if args.audit:
        print(_line(measure("links-100k", audit=True)), flush=True)


@pytest.mark.bench
@pytest.mark.parametrize("name", list(CASES))
def test_hostile_pieces_stay_within_ten_times_their_size_plus_100_mb(name: str) -> None:
    result = measure(name, scale=0.25)
    print(_line(result))
    assert float(result["peak_mb"]) <= float(result["target_mb"]), result  # type: ignore[arg-type]
    assert int(result["citations"]) >= 1  # type: ignore[call-overload]


@pytest.mark.bench
def test_auditing_many_links_stays_within_ten_times_their_size_plus_100_mb() -> None:
    result = measure("links-100k", scale=0.25, audit=True)
    print(_line(result))
    assert result["exit"] == 0, result
    assert float(result["peak_mb"]) <= float(result["target_mb"]), result  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
