"""Links found in real reStructuredText: Python's PEPs read with docutils, next to content sniffing.

    python benchmarks/bench_peps.py PEPS_DIR
    LINKAUDIT_PEPS_DATA=PEPS_DIR python -m pytest -m bench benchmarks/bench_peps.py

PEPS_DIR is the peps/ folder of https://github.com/python/peps (``git clone
https://github.com/python/peps`` and pass ``peps/peps``): one pep-NNNN.rst per PEP. Nothing is
downloaded.

Each PEP is read twice in the same run:
  sniffed     its text with no file name, so its kind comes from content sniffing alone (how an
              .rst file was read before reStructuredText was a kind of its own): an author line
              such as <p.f.moore@gmail.com> looks like a <p> tag, and the page is taken as HTML
  docutils    as an .rst file: parsed by docutils
It prints the links found each way (citations + non-citations), how many PEPs lose links when
sniffed, and the seconds each way took (docutils' cost).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import pytest

from linkaudit.extract import extract
from linkaudit.extract.sources import decode, sniff_kind
from linkaudit.models import Document


def _links(text: str, name: str | None) -> tuple[int, float, str]:
    kind, escaped = sniff_kind(text, name)
    document = Document(source=name or "pep", text=text, kind=kind, escaped=escaped)
    started = time.perf_counter()
    extraction = extract(document)
    elapsed = time.perf_counter() - started
    return len(extraction.citations) + len(extraction.non_citations), elapsed, str(kind)


def run(directory: Path, limit: int = 0) -> list[str]:
    files = sorted(directory.glob("pep-*.rst"))
    if limit:
        files = files[:limit]
    totals = {"sniffed": 0, "docutils": 0}
    seconds = {"sniffed": 0.0, "docutils": 0.0}
    kinds: dict[str, int] = {}
    losing = 0
    for path in files:
        text, _ = decode(path.read_bytes())
        sniffed, sniff_seconds, kind = _links(text, None)
        parsed, parse_seconds, _ = _links(text, path.name)
        totals["sniffed"] += sniffed
        totals["docutils"] += parsed
        seconds["sniffed"] += sniff_seconds
        seconds["docutils"] += parse_seconds
        kinds[kind] = kinds.get(kind, 0) + 1
        losing += sniffed < parsed
    size = sum(path.stat().st_size for path in files) / 1024 / 1024
    return [
        f"{len(files)} PEPs ({size:.1f} MB) from {directory}",
        f"sniffed   {totals['sniffed']:6d} links  {seconds['sniffed']:6.1f} s  (read as {kinds})",
        f"docutils  {totals['docutils']:6d} links  {seconds['docutils']:6.1f} s  "
        f"({len(files) / max(seconds['docutils'], 1e-9):.0f} PEPs/s)",
        f"PEPs with fewer links when sniffed: {losing} of {len(files)}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("peps", type=Path, help="the peps/ folder of python/peps")
    parser.add_argument("--limit", type=int, default=0)
    arguments = parser.parse_args(argv)
    if not any(arguments.peps.glob("pep-*.rst")):
        print(f"bench_peps: no pep-*.rst under {arguments.peps}", file=sys.stderr)
        return 2
    for line in run(arguments.peps, arguments.limit):
        print(line)
    return 0


@pytest.mark.bench
def test_links_in_peps() -> None:
    data = os.environ.get("LINKAUDIT_PEPS_DATA")
    if not data:
        pytest.skip("set LINKAUDIT_PEPS_DATA to the peps/ folder of python/peps")
    lines = run(Path(data), limit=100)
    print("\n".join(lines))
    assert lines[0].startswith("100 PEPs")


if __name__ == "__main__":
    raise SystemExit(main())
