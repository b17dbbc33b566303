"""``linkaudit demo``: a whole audit against a simulated web and archive on loopback.

Every host of the demo piece is simulated by :mod:`linkaudit.testing.simweb` on its own
loopback address, and the Wayback Machine by :mod:`linkaudit.testing.archive`; the piece's
URLs are remapped onto them, so a newcomer sees every status and verdict in seconds with no
internet. Nothing leaves the machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import trio
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from linkaudit.extract import extract
from linkaudit.models import Document, DocumentKind, Report
from linkaudit.pipeline import Audit, run_audit
from linkaudit.report.progress import progress_for
from linkaudit.settings import Settings
from linkaudit.testing.archive import ArchiveStandIn
from linkaudit.testing.drift_pages import capture_page
from linkaudit.testing.simweb import HostSpec, SimulatedWeb

__all__ = ["DEMO_SOURCE", "DemoWorld", "demo_settings", "load_demo_piece", "run_demo", "simulated_world"]

DEMO_SOURCE = "demo-piece.md"
_ARCHIVE_HOST = "127.0.0.20"
_DRIFT_SEED = 8  # linkaudit.testing.drift_pages: the story the demo piece quotes


@dataclass(frozen=True)
class _Source:
    url: str
    host: str  # loopback address that plays this site
    path: str  # simulated behaviour (see linkaudit.testing.simweb)
    captures: tuple[str, ...] = ()  # 14-digit timestamps of 200 captures in the archive stand-in


_SOURCES = (
    _Source("https://council.example.gov/reports/2021/flood-review.html", "127.0.0.2", "/ok/flood-review"),
    _Source("https://council.example.gov/budget/2021", "127.0.0.2", "/redirect/301/budget?to=/ok/budget-2021"),
    _Source("https://news.example.com/2021/03/02/harbour-warning.html", "127.0.0.3", "/status/404/harbour",
            ("20210302120000", "20210401080000")),
    _Source("https://port.example.org/statements/march-2021", "127.0.0.4", "/challenge/march"),
    _Source("https://insurer.example.net/press/flood-estimate", "127.0.0.5", "/to-home/estimate",
            ("20210610093000",)),
    _Source("https://science.example.edu/papers/harbour-risk-2016", "127.0.0.6", "/status/410/risk"),
    _Source("https://residents.example.org/testimony", "127.0.0.7", "/status/403/testimony"),
    _Source("https://tv.example.com/news/flood-special", "127.0.0.8", "/says-not-found/special",
            ("20210312190000",)),
    _Source("https://blog.example.info/2021/03/10/what-i-saw", "127.0.0.9", "/status/500/blog"),
    _Source("https://weather.example.gov/bulletins/2021-03-01", "127.0.0.10", "/flaky/503/1/bulletin"),
    _Source("https://engineering.example.com/assessments/harbour", "127.0.0.11", "/assessments/harbour"),
    _Source("https://inquiry.example.gov/final-report", "127.0.0.12", "/ok/final-report"),
    _Source("https://inquiry.example.gov/old/final", "127.0.0.12", "/chain/2/final"),
    # Up, but no longer what the piece quoted: the capture from the time still holds it.
    _Source("https://harbour.example.org/survey/storm-walls", "127.0.0.13", f"/drift/quote-removed/{_DRIFT_SEED}",
            ("20210305101500",)),
)
_SOFT_404_HOSTS = {"127.0.0.11"}
_EXCLUDED = (r"^https://paywall\.example\.com/",)


@dataclass(frozen=True)
class DemoWorld:
    web: SimulatedWeb
    archive: ArchiveStandIn

    def remap(self) -> tuple[tuple[str, str], ...]:
        return tuple(
            (f"^{re.escape(source.url)}$", self.web.url(source.host, source.path).replace("\\", "\\\\"))
            for source in _SOURCES
        )


@contextmanager
def simulated_world() -> Iterator[DemoWorld]:
    """The simulated hosts and archive of the demo, serving until the block ends."""
    hosts = {s.host: HostSpec(latency=0.02, soft404=s.host in _SOFT_404_HOSTS) for s in _SOURCES}
    captures = {s.url: [(ts, 200) for ts in s.captures] for s in _SOURCES if s.captures}
    with SimulatedWeb(hosts) as web, ArchiveStandIn(captures, host=_ARCHIVE_HOST) as archive:
        for source in _SOURCES:
            if source.path.startswith("/drift/"):
                for timestamp in source.captures:
                    archive.set_body(source.url, timestamp, capture_page(int(source.path.rsplit("/", 1)[1])))
        yield DemoWorld(web, archive)


def demo_settings(world: DemoWorld, given: Mapping[str, Any] | None = None) -> Settings:
    return Settings(
        allow_private=True,  # the simulated hosts live on loopback
        use_cache=False,
        timeout=3.0,
        url_deadline=20.0,
        retries=1,
        exclude=_EXCLUDED,
        remap=world.remap(),
        wayback_url=world.archive.base_url,
        archive_timeout=5.0,
        **dict(given or {}),
    )


def load_demo_piece() -> Document:
    text = resources.files("linkaudit.testing").joinpath("data", DEMO_SOURCE).read_text(encoding="utf-8")
    return Document(source=DEMO_SOURCE, text=text, kind=DocumentKind.MARKDOWN)


def audit_demo(given: Mapping[str, Any] | None = None, *, progress: Console | None = None) -> Report:
    """Run the demo audit and return its report; with ``progress``, every stage's progress is shown there."""
    with simulated_world() as world:
        settings = demo_settings(world, given)
        run = Audit(settings)
        run.extractions = [extract(load_demo_piece(), settings.extract)]
        if progress is None:
            report = trio.run(lambda: run_audit(run))
        else:
            with progress_for(progress, len(run.urls_to_check()), settings.archive) as listener:
                report = trio.run(lambda: run_audit(run, listener=listener))
    # Saved demo reports travel without the banner: each piece says it was a simulation.
    documents = tuple(replace(d, warnings=(*d.warnings, _SIMULATED)) for d in report.documents)
    return replace(report, documents=documents)


_SIMULATED = (
    "simulation: every source was served by linkaudit's simulated web on loopback and every capture "
    "by its stand-in archive; redirect targets and capture links are addresses of the simulation"
)
_BANNER = (
    "SIMULATION - every host in this audit is simulated on loopback (127.0.0.x) and so is the "
    "web archive; no request leaves this machine. The statuses and verdicts show what linkaudit "
    "reports on a real piece."
)


def run_demo(given: Mapping[str, Any], out: Console, err: Console) -> tuple[Report, Settings]:
    """Show the banner, run the demo with its progress on ``err``; the report and the settings to render it with."""
    # Machine formats own standard output: the banner goes to the error stream beside them.
    banner_console = err if given.get("format") in ("json", "github") else out
    fmt = given.get("format", "auto")
    if fmt == "plain" or (fmt == "auto" and not banner_console.is_terminal):
        # Logs and pipes get the banner as a line of text, like the rest of plain output.
        banner_console.print(Text(_BANNER), soft_wrap=True)
    else:
        banner_console.print(Panel(Text(_BANNER), title="linkaudit demo", border_style="bold"))
    quiet = bool(given.get("quiet")) or given.get("format") == "json"
    report = audit_demo(progress=Console(stderr=True, quiet=quiet, file=err.file))
    return report, Settings(**{k: v for k, v in given.items() if k in _REPORT_OPTIONS})


_REPORT_OPTIONS = {"save", "reports_dir", "outputs", "verbose", "quiet", "format"}
