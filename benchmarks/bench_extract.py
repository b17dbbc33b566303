"""Extraction throughput: on a generated corpus of Markdown and HTML pieces, and on real saved
article pages next to trafilatura.

    python benchmarks/bench_extract.py [--pieces 10000] [--profile]
    python benchmarks/bench_extract.py --pages DIR [DIR ...] [--no-reference] [--limit N] [--profile]
    python -m pytest -m bench benchmarks/bench_extract.py      (a small corpus)

Generated corpus: pieces per second, MB per second and peak memory (resident set size). Each piece
is about 5 KB: headings, paragraphs with 5-15 links, a list; half Markdown, half HTML.

Real pages (--pages): every .html/.htm file of 50-200 KB under the folders given, read as a file
piece is (decoded, sniffed), then the whole extract stage: the article's links with their anchors,
claims and places, and the publication date. The saved pages of two public evaluation sets serve;
nothing is downloaded:

    git clone https://github.com/adbar/trafilatura    # tests/cache and tests/eval
    git clone https://github.com/adbar/htmldate       # tests/cache and tests/test_set
    python benchmarks/bench_extract.py --pages trafilatura/tests/cache trafilatura/tests/eval \
        htmldate/tests/cache htmldate/tests/test_set

The pages are read by linkaudit, then by trafilatura (bare_extraction with its links and its
metadata, the date included: trafilatura's own extraction of the same things), taking
turns page by page in the same run (--block N for blocks of N pages: see BLOCK), so both meet the
same load. Speeds are pages per second of one core's CPU
time (time.process_time). The libraries are imported before the first page is timed; what they
set up on first use is counted, but for htmldate's dateparser fallback, which loads every language
on its first call and which trafilatura's metadata calls (linkaudit's date reader too, on a page
that declares no language; on one that does, only that language and English, a quarter of a second
once): that set-up is paid once per process by whichever needs it first, so it is made before the
pages, measured and reported apart. trafilatura is not a dependency of linkaudit:
`pip install trafilatura lxml_html_clean`, or --no-reference.

Memory: peak resident set size, and the resident set after each tenth of the pages (bounded: it
levels off, it does not grow with the pages read).

Measured (trafilatura 2.3.1, htmldate 1.11.0, lxml 6.1.3; one 2-core machine shared with other
work, load average 4-8, which inflates CPU time too), on the 776 distinct pages of 50-200 KB of
both sets: linkaudit 29.5 pages/s (33.9 ms a page, 26.3 s CPU), trafilatura 10.8 pages/s
(92.4 ms, 71.7 s) in the same run; dateparser's set-up 4.8 s once (linkaudit with it counted:
25.0 pages/s); peak RSS 158 MiB, resident 149 MiB after the first tenth, 158 MiB after the last.
The code before the line index was built in C and the tree searched again for a date was no longer
stripped twice, run next (same command): 27.7 pages/s against trafilatura's 10.3. With
--no-reference, the two alternating: 30.0 (before), 25.9 (after), 26.4 (before), 28.2 (after):
the load's swings are larger than the change (the same links, places and dates on every page).
With nothing else running (load under 2), the same command on the code with this round's body
rules as well: linkaudit 35.2 pages/s (28.4 ms a page, 22.0 s CPU), trafilatura 13.1 pages/s
(76.4 ms) in the same run; dateparser's set-up 3.8 s (30.0 pages/s counted); peak RSS 158 MiB.
With the page's title, base and canonical address read in one walk, each link's anchor and claim
cut once and the byline's text read in the walk's own loop (the same links, places and dates on
all 3,060 fingerprinted extractions), under load 8-12: linkaudit 25.8 pages/s (38.7 ms a page,
30.0 s CPU), trafilatura 9.7 pages/s (103.4 ms) in the same run, the same 2.7 times trafilatura's
speed as the quiet run; dateparser's set-up 5.4 s; peak RSS 158 MiB. The code before, alternating
with it (--no-reference): 26.5 / 26.5 and 25.1 / 25.5 pages/s: the gain is within the load's
swings. Where a page's CPU went (one core, under load, functions timed in place): choosing the
body 20%, dating 28% (htmldate's quick pass 7%, its text search 10% though only 63 pages need it,
linkaudit's own metadata and byline readers 8%), parsing 10%, placing links 7%, the text walk 5%.
After merging the body rules of the same day, load 4-5: linkaudit 38.6 pages/s (25.9 ms a page,
20.1 s CPU), trafilatura 14.4 pages/s (69.5 ms) in the same run (2.7 times again); dateparser's
set-up 3.9 s (32.3 pages/s counted). The code of the round's start next, --no-reference: 32.9
against 33.1 pages/s. With nothing else running (load about 1), the same command: linkaudit 37.5
pages/s (26.7 ms a page), trafilatura 13.0 pages/s in the same run.
Then, with the same links, places and dates on all 3,060 fingerprinted extractions: the body's
candidate paragraphs and linked headlines found by lxml's walk by tag instead of two XPath searches
(1.8 and 0.9 ms a page before, 1.0 and 0.2 after, timed alone); the densest element found without
measuring the link share of elements whose score alone cannot beat the best; an element's text
for its length serialised as text instead of read by an XPath evaluation per element (0.6 against
0.4 ms a page, timed alone); each link's line and column counted on from the last link's with
str.count instead of an index of every line of the page. Under heavy load (load average 8-20,
other work on both cores), --no-reference, the code before and after alternating, ms a page of
CPU: the first two cuts 35.1 / 29.3, 34.3 / 30.3, 32.2 / 29.2; all four 34.1 / 29.1, 29.6 / 29.4,
30.5 / 30.1 (after wins every pair; the load's swings are as large as the gain). The same
command (these cuts, before the day's later body rules were merged), load 17-18: linkaudit 33.7 pages/s (29.7 ms a page, 23.0 s CPU), trafilatura 10.9
pages/s (91.4 ms, 70.9 s) in the same run: 3.1 times trafilatura's speed, against 2.7-2.9 before,
which at trafilatura's quiet 13.0 pages/s is about 40 pages/s, still short of 50. dateparser's
set-up 3.6 s (29.2 pages/s counted); peak RSS 158 MiB, 150 after the first tenth.
Where a page's CPU went before these cuts (load 6, 31.6 ms a page, functions timed in place):
choosing the body 6.5 ms, htmldate 5.7 (its full search 3.3 of it, on the 63 pages its quick pass
leaves undated, about 45 ms each; its quick pass 2.4, a sixth of it copying the tree it is
given), linkaudit's own date readers 2.3, parsing 2.3-3.1, the link groups 2.4, the text walk
1.9, placing links 2.1-2.6; text lengths (string and whitespace count, inside the body choice and
the walk) 2.7 after the first cut. Tried and not kept, as no faster or not the same: parsing UTF-8 bytes instead of the decoded text; libxml2's
id index turned off; XPath translate() for text lengths; counting whitespace characters with
str.count; a faster byline-label pattern (0.1 ms a page); inlining the placing of each link.
Then (the same links, places and dates on all 3,060 fingerprinted extractions): a container's
announced role worked out once per element, and a link's host parsed once per address (urlsplit's
own cache holds 128). Alternating the code before and after page by page in one process (each
page read by both, which goes first alternating), heavy load (load average 9-23): 25.91 / 25.79,
28.04 / 27.67 ms a page (the first cut), 26.86 / 26.63, 25.74 / 25.45 (both): about 1%. The same
command under load 15-20: linkaudit 32.5 pages/s (30.8 ms a page, 23.9 s CPU), trafilatura 10.9
pages/s (92.1 ms) in the same run, 3.0 times its speed; dateparser's set-up 4.1 s; peak RSS 160
MiB. Where a page's CPU went (load 9-13, 27-30 ms a page, functions timed in place): dating 8.1-8.8
ms (htmldate's quick pass 2.1-2.4 on 410 pages, its full search 3.1 on 63, linkaudit's own
readers 2.2-2.4, of which the byline's text walk about 1), choosing the body 4.1-4.9, parsing
2.9-3.4, the link groups 2.3-2.7, placing links 2.2-2.6, the text walk 1.7-2.5. Of htmldate's
full search, 1.5 ms a page is its regex search of the page's text (about 28 ms on each of the
41 pages that reach it), 0.35 the dateparser fallback; what repeats its quick pass is about 0.5.
Tried and not kept: the byline's visible text read by one XPath (twenty times slower than the
walk); the link placing's loop with its lookups bound locally; href dropped from links by XPath or
after a get() (no faster).
Then (the same links, places and dates on 3,059 of the 3,060 fingerprinted extractions; the one
other is a Spanish page declaring lang="en", whose header's "today" line dateparser no longer
reads in Spanish, so its article's own <time>, a day earlier, dates it): a container's text
lengths added up from its children's when one is already measured, instead of its whole text
serialised again for each ancestor of the densest prose (body choice 2.6 -> 2.3-2.4 ms a page,
timed alone); a box's link addresses resolved only when it holds three links or more; one walk
instead of two to drop link addresses and update metadata before htmldate reads the tree. The
code before and after alternating page by page in one process, heavy load (7-10): 20.30 / 20.18,
18.90 / 18.43, 19.02 / 18.58 ms a page (1-2.5%). The same command under load 7-10: linkaudit 43.3
pages/s (23.1 ms a page, 17.9 s CPU), trafilatura 14.7 pages/s (68.2 ms) in the same run, 2.9
times its speed; dateparser's set-up 3.4 s; peak RSS 161 MiB. linkaudit alone in the process
(functions timed in place, load 9-10): 54.0 pages/s, 18.5 ms a page: dating 5.6 (htmldate's
quick pass 1.5, its full search 2.0, linkaudit's own readers 1.5), choosing the body 2.6, parsing
2.0, placing links 1.6, the link groups 1.6, the text walk 1.2, decoding 0.6. Checked and not
kept: the link scan's loop with its appends bound locally (no faster); whitespace dropped by
str.translate (eight times slower than split and join). Not done, as it would not give the same
dates: calling htmldate's stages so that its full search does not repeat its quick pass (the
full search reads the markup again with dateparser allowed, and may date a page from metadata
the quick pass could not read).
With nothing else running (load 1.0-1.3), the final code of that round (these cuts, dates in words
read in the page's declared languages, the round's body rules), the same command: linkaudit 56.3
and 55.5 pages/s (17.8 and 18.0 ms a page, 13.8 and 14.0 s CPU), trafilatura 18.6 and 18.1 pages/s
in the same runs (3.0 times its speed; the two tools taking turns by blocks of 25 pages); page by
page, 56.0 against 18.6; linkaudit alone (--no-reference) 62.4. dateparser's set-up 2.8-4.5 s
(once: linkaudit with it counted 42.1-46.6 pages/s over these 776 pages); peak RSS 163 MiB,
153-154 after the first tenth.
1 December 2026, on a fresh machine, nothing else running, the same command: at the start of the
day, linkaudit 51.5 pages/s (19.4 ms a page, 15.1 s CPU), trafilatura 16.8 in the same run (3.07
times its speed); dateparser's set-up 3.1 s; peak RSS 151 MiB. The day's changes (its fixes
of the reading of real pages: attributes read one by one as the standard does, a page read on
past an early </html>, UTF-8 kept around stray bytes, invisible marks dropped from text, the HTML
in a page's scripts read only for its article's sentences) cost 2-4% of CPU in profiles of the
776 pages (placing links +0.3 s, the early end tags +0.13 s of about 27 s profiled); the code
before and after, alternating, --no-reference: 50.8 / 48.9, 57.9 / 48.1, 41.1 / 43.0, 47.3 /
49.5, 47.7 / 42.3 pages/s, the machine's drift (41-58 for the same code) larger than the change.
At the end of the day: linkaudit 47.6 pages/s (21.0 ms a page, 16.3 s CPU), trafilatura 15.6
(64.2 ms) in the same run, 3.05 times its speed, the machine a tenth slower than in the morning
for trafilatura too; 3,869 links kept on these pages (4,026 before: the scripts' menus and
toolbars no longer taken); peak RSS 152 MiB.
Then (the same links, non-citations with their reasons, places, dates, titles and warnings on all
1,301 fingerprinted extractions of the four folders): an element's text joined by libxml2 (serialised
as text) instead of from itertext's pieces; a row of teaser cards walked back once for the heading
above it, not again from each card; a card's text serialised once, not measured by an XPath
evaluation first; the byline patterns' first letters matched outside their ignoring of case, so
that the search skips the page's text in C; HTML holding characters past U+FFFF (57 of the 776
pages) handed to libxml2 as UTF-8 bytes instead of a UCS-4 str; container roles, asides and body
markers reading attributes by the element's get instead of a view of them. The code before and
after in one process, page by page, which goes first alternating, each load order twice, load
1-2: 17.20 / 16.29, 19.06 / 17.79, 18.62 / 17.96, 16.83 / 16.06 ms a page (before / after): 5%
less CPU a page, short of the 15% aimed at. The same command, the two codes alternating by
process, --no-reference: 54.1 / 62.0, 42.8 / 49.3, 43.8 / 52.9, 49.4 / 46.2 pages/s (before /
after), the machine's drift (43-62 for the same code) larger than the change once more. Where a
page's CPU went (sampled with py-spy, 500 Hz): htmldate 19-21% (its full search, on the 63 pages
that need it, 7%), parsing 9-11%, freeing the tree 2.4%, choosing the body 15%, the link groups 9%;
the objects lxml makes for elements, about 1,900 a page at about 0.8 us each (each walk of the
tree makes them anew for the elements no one holds). Tried and not kept: every element's object
held for the page's reading (under 1%, for memory that grows with the page); whitespace counted
by bytes.translate in text lengths (slower over the real calls: most texts are short or not
ASCII); the candidate paragraphs, their own text and the byline's visible text read by XPath or
from a copy stripped in C (no faster, or slower); the link-tag scan with its case spelt out;
class-name words tested by one pattern per role (0.25%).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pstats
import random
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from linkaudit.extract import extract, extract_sources
from linkaudit.extract.sources import decode, sniff_kind
from linkaudit.models import Document
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


_PAGE_BYTES = (50 * 1024, 200 * 1024)
_PAGE_SUFFIXES = (".html", ".htm")


def real_pages(folders: list[Path]) -> list[Path]:
    """The saved pages of 50-200 KB under the folders, each content once, in a fixed order."""
    seen: set[bytes] = set()
    found: list[Path] = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in _PAGE_SUFFIXES or not path.is_file():
                continue
            data = path.read_bytes()
            digest = hashlib.sha256(data).digest()
            if _PAGE_BYTES[0] <= len(data) <= _PAGE_BYTES[1] and digest not in seen:
                seen.add(digest)
                found.append(path)
    return found


def _resident_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


@dataclass
class PageFigures:
    pages: int = 0
    megabytes: float = 0.0
    cpu_seconds: float = 0.0
    citations: int = 0
    dated: int = 0

    def line(self, name: str) -> str:
        return (
            f"{name:<12} {self.pages / self.cpu_seconds:5.1f} pages/s of one core's CPU "
            f"({1000 * self.cpu_seconds / self.pages:.1f} ms a page, {self.cpu_seconds:.1f} s CPU in all); "
            f"{self.citations} links kept, {self.dated} pages dated"
        )


def _linkaudit_page(path: Path, data: bytes) -> tuple[int, bool]:
    text, warnings = decode(data)
    kind, escaped = sniff_kind(text, path.name)
    # No path: a page read outside a repository (no git history is asked for its date).
    document = Document(source=str(path), text=text, kind=kind, escaped=escaped, warnings=warnings)
    extraction = extract(document, _SETTINGS)
    return len(extraction.citations), extraction.published is not None


def _trafilatura_page(data: bytes) -> tuple[int, bool]:
    import trafilatura  # a reference only, imported (before the timing) when asked for

    document = trafilatura.bare_extraction(decode(data)[0], include_links=True, with_metadata=True)
    if document is None:
        return 0, False
    body = getattr(document, "body", None)
    links = sum(1 for ref in body.iter("ref") if ref.get("target")) if body is not None else 0
    return links, bool(getattr(document, "date", None))


_SETTINGS = Settings().extract


# A date written in words in no language dateparser tries first: its first call loads every
# language it knows, as the first page that needs it would.
_DATEPARSER_FIRST_CALL = "15 avril, 2 et 6 Mai 19"


def dateparser_set_up_seconds() -> float:
    """CPU seconds of the one-time set-up of htmldate's dateparser fallback, which linkaudit's date
    reader and trafilatura's metadata both call (in one process, whichever needs it first pays)."""
    from htmldate.extractors import get_external_parser

    started = time.process_time()
    get_external_parser().get_date_data(_DATEPARSER_FIRST_CALL)
    return time.process_time() - started


# Pages a tool reads before the other takes its turn: page by page by default, so that both meet
# the same load on a shared machine whose load swings from minute to minute. Blocks (--block 25)
# were tried in case the other tool's work between two pages cost each tool its cached data: under
# load (2.5, 200 pages) blocks looked faster (linkaudit 50.0 and 52.7 pages/s against 46.0 and 43.2
# page by page), but with nothing else running, on the 776 pages, they are not (56.3 and 55.5 by
# blocks of 25, 56.0 page by page; trafilatura 18.6 and 18.1 against 18.6): the load's swings.
BLOCK = 1


def run_pages(
    paths: list[Path], *, reference: bool, block: int = BLOCK
) -> tuple[PageFigures, PageFigures | None, list[float]]:
    """linkaudit's figures, trafilatura's (when asked), and the resident set after each tenth.
    The two take turns by blocks of pages: linkaudit reads a block, then trafilatura the same."""
    # Imports are not a page's work: both libraries are loaded before the first page is timed.
    import htmldate  # noqa: F401 - linkaudit's date reader loads it on the first HTML page

    if reference:
        import trafilatura  # noqa: F401
    ours, theirs = PageFigures(), PageFigures() if reference else None
    resident: list[float] = []
    tenth = max(1, len(paths) // 10)
    for first in range(0, len(paths), block):
        pages = [(path, path.read_bytes()) for path in paths[first : first + block]]
        for path, data in pages:
            started = time.process_time()
            citations, dated = _linkaudit_page(path, data)
            _tally(ours, data, time.process_time() - started, citations, dated)
        for _path, data in pages if theirs is not None else ():
            started = time.process_time()
            links, dated = _trafilatura_page(data)
            _tally(theirs, data, time.process_time() - started, links, dated)  # type: ignore[arg-type]
        resident += [_resident_mb()] * (min(first + block, len(paths)) // tenth - first // tenth)
    return ours, theirs, resident[:10]


def _tally(figures: PageFigures, data: bytes, cpu_seconds: float, links: int, dated: bool) -> None:
    figures.pages += 1
    figures.megabytes += len(data) / 1e6
    figures.cpu_seconds += cpu_seconds
    figures.citations += links
    figures.dated += dated


def _pages_main(options: argparse.Namespace) -> int:
    paths = real_pages([Path(folder) for folder in options.pages])[: options.limit or None]
    if not paths:
        print("bench_extract: no saved page of 50-200 KB under the folders given", file=sys.stderr)
        return 2
    if options.profile:
        profiler = cProfile.Profile()
        profiler.enable()
    set_up = dateparser_set_up_seconds()
    ours, theirs, resident = run_pages(paths, reference=not options.no_reference, block=options.block)
    if options.profile:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    turns = "page by page" if options.block == 1 else f"by blocks of {options.block} pages, each block read by both"
    print(f"{ours.pages} real pages of 50-200 KB ({ours.megabytes:.1f} MB), read one after the other on one core")
    if theirs is not None:
        print(f"linkaudit and trafilatura take turns {turns}")
    print(ours.line("linkaudit") + "  (links, anchors, claims, places and the date)")
    if theirs is not None:
        print(theirs.line("trafilatura") + "  (bare_extraction with links and metadata)")
    with_set_up = ours.pages / (ours.cpu_seconds + set_up)
    print(
        f"dateparser's one-time set-up, paid before the pages and not counted above: {set_up:.1f} s CPU "
        f"(linkaudit with it counted: {with_set_up:.1f} pages/s over these pages)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB; resident after each tenth of the pages (MiB): " + ", ".join(f"{mb:.0f}" for mb in resident))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pieces", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    parser.add_argument("--pages", nargs="+", metavar="DIR", help="real saved pages instead of a generated corpus")
    parser.add_argument("--no-reference", action="store_true", help="with --pages: linkaudit alone, no trafilatura")
    parser.add_argument("--limit", type=int, default=0, help="with --pages: only the first N pages")
    parser.add_argument(
        "--block", type=int, default=BLOCK, metavar="N",
        help=f"with --pages: pages each tool reads before the other's turn (default {BLOCK}: page by page)",
    )
    options = parser.parse_args(argv)
    if options.pages:
        return _pages_main(options)
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
def test_small_corpus_is_extracted_completely(tmp_path):
    """The speed is printed, not asserted: a wall-time floor fails on a busy machine."""
    corpus = build_corpus(tmp_path, 200)
    figures = run(corpus)
    print(figures)
    assert figures.pieces == corpus.pieces
    # Navigation and footer links are not citations, so both kinds yield exactly the generated links.
    assert figures.citations == corpus.links



@pytest.mark.bench
def test_real_pages_are_extracted_whole_with_their_dates():
    data = os.environ.get("LINKAUDIT_BODYLINKS_DATA")  # a trafilatura checkout, as bench_bodylinks.py reads
    if not data:
        pytest.skip("set LINKAUDIT_BODYLINKS_DATA to a trafilatura checkout")
    paths = real_pages([Path(data) / "tests" / "cache", Path(data) / "tests" / "eval"])[:40]
    ours, _, resident = run_pages(paths, reference=False)
    print(ours.line("linkaudit"))
    assert ours.pages == len(paths) > 0
    assert ours.citations > 0
    assert ours.dated >= 0.9 * ours.pages  # 775 of the 776 pages of both sets carry a date found
    assert len(resident) == 10


if __name__ == "__main__":
    sys.exit(main())
