"""Shared fixtures. Tests never reach beyond 127.0.0.0/8."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The suite keeps its compiled code between runs, as Python does unless PYTHONDONTWRITEBYTECODE is
# set: with it set, each pytest worker rewrites the asserts of every test module again (about 4 s
# of CPU a worker a run), and each worker and each linkaudit child process compiles linkaudit
# again. The caches are the usual __pycache__ folders, which git ignores; child processes started
# by tests read them whatever their own setting. Set before hypothesis is imported: pytest rewrites
# the asserts of every module of a distribution that brings a pytest plugin, hypothesis' ~110
# included, in every process (the controller too), and keeps them only when this allows it.
sys.dont_write_bytecode = False

from hypothesis import settings  # noqa: E402  (after the setting above, which it depends on)

from loopback_only import loopback_only_getaddrinfo, no_reverse_lookup  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CHILD_SITE = Path(__file__).resolve().parent / "child_site"


# Hypothesis' default deadline (200 ms an example) is a wall-clock bound: a busy machine misses it.
# Properties are bounded by their example counts and pytest-timeout instead.
# A property that states no example count draws 50 a run (hypothesis' own default is 100): every
# run draws new ones, and a failing example found once is replayed first (.hypothesis/) until it
# passes. ``pytest --hypothesis-profile=thorough`` draws 1,000 for them; stated counts are kept.
settings.register_profile("linkaudit", deadline=None, max_examples=50)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile("linkaudit")


@pytest.fixture
def anyio_backend() -> str:
    # httpx runs on trio in linkaudit; async tests use @pytest.mark.anyio on trio too.
    return "trio"


@pytest.fixture
def example_piece() -> Path:
    return EXAMPLES / "000_bd4e093a9656d3e9.txt"


@pytest.fixture(autouse=True, scope="session")
def _loopback_only() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", loopback_only_getaddrinfo)
        patch.setattr(socket, "gethostbyaddr", no_reverse_lookup)
        # And every Python process a test starts: its sitecustomize installs the same guard.
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(CHILD_SITE), os.environ.get("PYTHONPATH")])))
        yield



def pace_the_archive_fast(patch: pytest.MonkeyPatch) -> None:
    """Every archive rate a hundred times archive.org's published limits, cooldowns a hundredth:
    for tests of what a run does with the archive's answers, where the stand-in archive on loopback
    would otherwise be asked at the real archive's pace (a CDX lookup every 2.5 s, a save every 5 s)
    and the test would mostly wait. The pacing itself is tested on trio's MockClock
    (tests/test_archive*.py); this changes no rule, only the rates given to it."""
    from linkaudit.archive.pacing import Pacer

    production = Pacer.from_settings.__func__  # type: ignore[attr-defined]

    def faster(cls: type[Pacer], settings: object, *, scale: float = 1.0) -> Pacer:
        return production(cls, settings, scale=scale * 100)  # type: ignore[no-any-return]

    patch.setattr(Pacer, "from_settings", classmethod(faster))


@pytest.fixture
def archive_paced_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    pace_the_archive_fast(monkeypatch)


_demo_reports: list[object] = []


def share_one_demo_audit(patch: pytest.MonkeyPatch) -> None:
    """``linkaudit demo`` in this worker audits its simulated world once and renders that report
    ever after: tests of what the demo prints need its report, not a fresh run paced at the real
    archive's rates (each run waits seconds on its archive budget). Tests that share it say so with
    ``xdist_group("demo")``, so one worker pays for the run; the subprocess tests run it whole."""
    import linkaudit.demo

    real = linkaudit.demo.audit_demo

    def audit_once(given: object = None, *, progress: object = None) -> object:
        assert given is None, "the shared demo report is the demo's own, with no options"
        if not _demo_reports:
            with pytest.MonkeyPatch.context() as paced:
                pace_the_archive_fast(paced)  # what the demo prints, not how fast it may ask
                _demo_reports.append(real(progress=progress))  # type: ignore[arg-type]
        return _demo_reports[0]

    patch.setattr(linkaudit.demo, "audit_demo", audit_once)


@pytest.fixture
def demo_audited_once(monkeypatch: pytest.MonkeyPatch) -> None:
    share_one_demo_audit(monkeypatch)
