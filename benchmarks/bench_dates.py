"""Publication dates on real pages: linkaudit next to htmldate, on htmldate's public evaluation sets.

    python benchmarks/bench_dates.py DATA_DIR [--limit N] [--misses FILE]
    LINKAUDIT_HTMLDATE_DATA=DATA_DIR python -m pytest -m bench benchmarks/bench_dates.py

DATA_DIR is the tests/ folder of htmldate's repository (https://github.com/adbar/htmldate):
``git clone https://github.com/adbar/htmldate`` and pass ``htmldate/tests``. It holds
eval_default.json (800 pages) and eval_mediacloud_2020.json (200 pages), each mapping a page's
URL to a saved file (in cache/, test_set/ or eval/) and the day it was published. Pages whose
known date is missing are left out (5 of the 1,000). Nothing is downloaded.

Three readings of each page, in the same run:
  htmldate           htmldate.find_date on the saved bytes, as htmldate's own evaluation.py does
                     (original_date=True, extensive_search=True, no URL)
  linkaudit          the page as a file piece: decoded and sniffed as linkaudit reads files, then
                     extract(); no git history and no URL
  linkaudit+url      the same with the page's URL given as --base-url (its date may count)
For each: exact day, wrong day, no date, seconds (wall and CPU), and pages per second of CPU on
the pages of 50-200 KB. A "not before" bound is not a date.

Against tuning on the test pages, the pages are split in two halves by a hash of their file
name (SHA-256, first byte even: development; odd: held out). linkaudit's own date rules were
chosen by looking at the development half only; the held-out half measures them. Both halves
and the whole are reported.

Measured on 1 December 2026 (htmldate 1.11.0, one 2-core machine, other work running): linkaudit
919/995 exact (92.4%), 61 wrong, 15 without a date (1.5%); htmldate alone 903/995, 87 wrong, 5
without. Before that day's rule that the 1st of a month found by searching a page's text is a
day only where the page writes that day (a copyright line or "Januar 2022" is no day): the same
919 exact, 71 wrong, 5 without. That rule was written after reading the 14 pages so dated, from
both halves (4 of them right, each with its day written; 10 wrong, dated from a month or a year).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from linkaudit.extract import extract
from linkaudit.extract.sources import decode, sniff_kind
from linkaudit.models import Document
from linkaudit.settings import Settings

_SETS = ("eval_default.json", "eval_mediacloud_2020.json")
_FOLDERS = ("test_set", "cache", "eval")


@dataclass(frozen=True)
class Page:
    url: str
    path: Path
    known: str  # YYYY-MM-DD

    @property
    def half(self) -> str:
        """'development' or 'held-out', fixed by the file name alone."""
        return "development" if hashlib.sha256(self.path.name.encode()).digest()[0] % 2 == 0 else "held-out"


@dataclass
class Tally:
    exact: int = 0
    wrong: int = 0
    missing: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    sized_pages: int = 0  # of 50-200 KB, the size real pieces mostly have
    sized_cpu_seconds: float = 0.0

    def add(self, found: str | None, known: str) -> None:
        if found is None:
            self.missing += 1
        elif found == known:
            self.exact += 1
        else:
            self.wrong += 1

    def line(self, name: str) -> str:
        total = self.exact + self.wrong + self.missing
        share = 1 / total if total else 0.0
        return (
            f"{name:<14} exact {self.exact:4d}/{total} ({self.exact * share:6.1%})  wrong {self.wrong:4d}  "
            f"no date {self.missing:4d} ({self.missing * share:5.1%})  {self.seconds:7.1f} s ({self.cpu_seconds:.1f} s CPU)"
        )

    def speed(self, name: str) -> str:
        pages = self.sized_pages
        return (
            f"{name:<14} {pages / self.sized_cpu_seconds:5.1f} pages/s of one core's CPU on the {pages} pages of 50-200 KB "
            f"({1000 * self.sized_cpu_seconds / pages:.0f} ms a page)"
            if pages and self.sized_cpu_seconds
            else f"{name:<14} no page of 50-200 KB"
        )


def load_pages(data: Path) -> list[Page]:
    pages: list[Page] = []
    for name in _SETS:
        for url, entry in json.loads((data / name).read_text(encoding="utf-8")).items():
            known = entry.get("date")
            if not isinstance(known, str):
                continue  # no known date (NaN in the set)
            path = next((data / folder / entry["file"] for folder in _FOLDERS if (data / folder / entry["file"]).is_file()), None)
            if path is not None:
                pages.append(Page(url, path, known))
    return pages


def htmldate_reading(page: Page, data: bytes) -> str | None:
    from htmldate import find_date

    return find_date(data, original_date=True, extensive_search=True)


def linkaudit_reading(page: Page, data: bytes, *, with_url: bool) -> str | None:
    text, warnings = decode(data)
    kind, escaped = sniff_kind(text, page.path.name)
    document = Document(source=page.path.name, text=text, kind=kind, escaped=escaped, warnings=warnings)
    extraction = extract(document, Settings(base_url=page.url if with_url else None).extract)
    return extraction.published.date.isoformat() if extraction.published else None


_HALVES = ("development", "held-out", "whole")
_SIZED_BYTES = (50 * 1024, 200 * 1024)


def run(pages: list[Page], misses: Path | None = None) -> dict[str, dict[str, Tally]]:
    """Tallies by half ('development', 'held-out', 'whole'), then by reader."""
    readers: dict[str, Callable[[Page, bytes], str | None]] = {
        "htmldate": htmldate_reading,
        "linkaudit": lambda page, data: linkaudit_reading(page, data, with_url=False),
        "linkaudit+url": lambda page, data: linkaudit_reading(page, data, with_url=True),
    }
    tallies = {half: {name: Tally() for name in readers} for half in _HALVES}
    wrong: list[dict[str, str | None]] = []
    for page in pages:
        data = page.path.read_bytes()
        row: dict[str, str | None] = {"file": page.path.name, "half": page.half, "known": page.known}
        sized = _SIZED_BYTES[0] <= len(data) <= _SIZED_BYTES[1]
        for name, reader in readers.items():
            started, cpu_started = time.perf_counter(), time.process_time()
            found = reader(page, data)
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
            for half in (page.half, "whole"):
                tally = tallies[half][name]
                tally.seconds += seconds
                tally.cpu_seconds += cpu_seconds
                tally.sized_pages += sized
                tally.sized_cpu_seconds += cpu_seconds if sized else 0.0
                tally.add(found, page.known)
            row[name] = found
        if row["linkaudit"] != page.known:
            wrong.append(row)
    if misses is not None:
        misses.write_text(json.dumps(wrong, indent=1), encoding="utf-8")
    return tallies


def _report(pages: list[Page], tallies: dict[str, dict[str, Tally]]) -> Iterator[str]:
    yield f"{len(pages)} pages with a known publication day (htmldate's eval_default + eval_mediacloud_2020)"
    for half in _HALVES:
        yield f"{half}:"
        for name, tally in tallies[half].items():
            yield "  " + tally.line(name)
    yield "speed (linkaudit: the whole extraction, links and date; htmldate: the date alone):"
    for name, tally in tallies["whole"].items():
        yield "  " + tally.speed(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="htmldate's tests/ folder")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--misses", type=Path, help="write the pages linkaudit got wrong here (JSON)")
    arguments = parser.parse_args(argv)
    missing = [name for name in _SETS if not (arguments.data / name).is_file()]
    if missing:
        parser.error(f"{arguments.data}: not htmldate's tests/ folder (no {', '.join(missing)})")
    pages = load_pages(arguments.data)
    if arguments.limit:
        pages = pages[: arguments.limit]
    if not pages:
        print(f"bench_dates: no evaluation pages under {arguments.data}", file=sys.stderr)
        return 2
    for line in _report(pages, run(pages, arguments.misses)):
        print(line)
    return 0


@pytest.mark.bench
def test_dates_on_htmldates_public_pages() -> None:
    data = os.environ.get("LINKAUDIT_HTMLDATE_DATA")
    if not data:
        pytest.skip("set LINKAUDIT_HTMLDATE_DATA to htmldate's tests/ folder")
    pages = load_pages(Path(data))[:100]
    tallies = run(pages)
    for line in _report(pages, tallies):
        print(line)
    whole = tallies["whole"]["linkaudit"]
    assert whole.exact + whole.wrong + whole.missing == len(pages)
    halves = [tallies[half]["linkaudit"] for half in ("development", "held-out")]
    assert sum(tally.exact + tally.wrong + tally.missing for tally in halves) == len(pages)


if __name__ == "__main__":
    raise SystemExit(main())
