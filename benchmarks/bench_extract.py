"""Extraction throughput on a generated corpus of Markdown and HTML pieces.

    python benchmarks/bench_extract.py [--pieces 10000] [--profile]
    python -m pytest -m bench benchmarks/bench_extract.py      (a small corpus)

Prints pieces per second, MB per second and peak memory (resident set size). Each piece is about
5 KB: headings, paragraphs with 5-15 links, a list; half Markdown, half HTML.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from linkaudit.extract import extract_sources
from linkaudit.settings import Settings

_WORDS = (
    "the council report found that two sea walls failed within an hour while the repair budget was "
    "later moved and insurers put the damage at forty million a figure no audit revised residents "
    "collected testimony contradicting the official timeline engineers blamed deferred maintenance"
).split()
_TARGET_BYTES = 5 * 1024


@dataclass(frozen=True)
class Corpus:
    directory: Path
    pieces: int
    total_bytes: int
    links: int


def _sentence(rng: random.Random, link: str | None) -> tuple[str, str | None]:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 20))]
    words[0] = words[0].capitalize()
    anchor = None
    if link is not None:
        at = rng.randrange(1, len(words))
        anchor = " ".join(words[at : at + 2])
        words[at : at + 2] = ["\0"]
    return " ".join(words) + ".", anchor


def _url(rng: random.Random, n: int) -> str:
    year, month, day = rng.randint(2010, 2023), rng.randint(1, 12), rng.randint(1, 28)
    return f"https://site{rng.randint(1, 300)}.example/{year}/{month:02d}/{day:02d}/story-{n}"


def _markdown_piece(rng: random.Random) -> tuple[str, int]:
    parts = ["---", f"title: Piece {rng.randint(1, 10**6)}", "date: 2021-03-15", "---", "", "# A generated piece", ""]
    links = 0
    while sum(len(p) + 1 for p in parts) < _TARGET_BYTES:
        parts += [f"## Section {links}", ""]
        sentences = []
        for _ in range(rng.randint(5, 15)):
            url = _url(rng, links)
            text, anchor = _sentence(rng, url)
            sentences.append(text.replace("\0", f"[{anchor}]({url})"))
            links += 1
        parts += [" ".join(sentences), ""]
        for _ in range(3):
            url = _url(rng, links)
            parts.append(f"- {_sentence(rng, url)[0].replace(chr(0), f'<{url}>')}")
            links += 1
        parts.append("")
    return "\n".join(parts) + "\n", links


def _html_piece(rng: random.Random) -> tuple[str, int]:
    parts = [
        "<!DOCTYPE html><html><head><title>Generated</title>",
        '<meta property="article:published_time" content="2021-03-15T08:00:00Z"></head><body>',
        '<nav><a href="/">Home</a> <a href="/about">About</a></nav><article><h1>A generated piece</h1>',
    ]
    links = 0
    while sum(len(p) + 1 for p in parts) < _TARGET_BYTES:
        parts.append(f"<h2>Section {links}</h2><p>")
        for _ in range(rng.randint(5, 15)):
            url = _url(rng, links)
            text, anchor = _sentence(rng, url)
            parts.append(text.replace("\0", f'<a href="{url}">{anchor}</a>'))
            links += 1
        parts.append("</p><ul>")
        for _ in range(3):
            url = _url(rng, links)
            parts.append(f"<li>{_sentence(rng, url)[0].replace(chr(0), f'<a href={url!r}>source</a>')}</li>")
            links += 1
        parts.append("</ul>")
    parts.append("</article><footer><a href='https://social.example/share'>Share</a></footer></body></html>")
    return "\n".join(parts) + "\n", links


def build_corpus(directory: Path, pieces: int, seed: int = 7) -> Corpus:
    rng = random.Random(seed)
    total_bytes = links = 0
    for number in range(pieces):
        markdown = number % 2 == 0
        text, count = _markdown_piece(rng) if markdown else _html_piece(rng)
        subdirectory = directory / f"batch{number // 1000:02d}"
        subdirectory.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (subdirectory / f"piece{number:05d}.{'md' if markdown else 'html'}").write_bytes(data)
        total_bytes += len(data)
        links += count
    return Corpus(directory, pieces, total_bytes, links)


@dataclass(frozen=True)
class Figures:
    pieces: int
    citations: int
    seconds: float
    megabytes: float
    peak_rss_mb: float

    @property
    def pieces_per_second(self) -> float:
        return self.pieces / self.seconds

    @property
    def megabytes_per_second(self) -> float:
        return self.megabytes / self.seconds

    def __str__(self) -> str:
        return (
            f"{self.pieces} pieces ({self.megabytes:.1f} MB), {self.citations} citations in {self.seconds:.2f} s: "
            f"{self.pieces_per_second:.0f} pieces/s, {self.megabytes_per_second:.2f} MB/s, "
            f"peak RSS {self.peak_rss_mb:.0f} MB"
        )


def run(corpus: Corpus) -> Figures:
    started = time.perf_counter()
    extractions, errors = extract_sources([str(corpus.directory)], Settings().extract)
    seconds = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} pieces failed, first: {errors[0]}")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return Figures(
        pieces=len(extractions),
        citations=sum(len(e.citations) for e in extractions),
        seconds=seconds,
        megabytes=corpus.total_bytes / 1e6,
        peak_rss_mb=peak_kb / 1024,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pieces", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="linkaudit-bench-") as directory:
        corpus = build_corpus(Path(directory), options.pieces)
        if options.profile:
            profiler = cProfile.Profile()
            profiler.enable()
        figures = run(corpus)
        if options.profile:
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    print(figures)
    return 0


@pytest.mark.bench
def test_small_corpus_is_extracted_completely_and_fast(tmp_path):
    corpus = build_corpus(tmp_path, 200)
    figures = run(corpus)
    print(figures)
    assert figures.pieces == corpus.pieces
    # Navigation and footer links are not citations, so both kinds yield exactly the generated links.
    assert figures.citations == corpus.links
    assert figures.pieces_per_second > 100  # a floor against regressions; the target is 500


if __name__ == "__main__":
    sys.exit(main())
