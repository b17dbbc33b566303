"""Shared fixtures. Tests never reach beyond 127.0.0.0/8."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
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

pytest_plugins = ["scheduling"]  # the order tests are handed to the workers (tests/scheduling.py)


def _memory_backed_temp_root() -> str | None:
    """/dev/shm, when it is there with room to spare and TMPDIR names no other place. Every cache a
    test opens and every report it writes is flushed to disk as the product must (fsync): on a
    disk a new cache costs about 25 ms of waiting, in memory nothing. The files, and what the
    tests check of them, are the same."""
    if os.environ.get("TMPDIR"):
        return None
    try:
        room = os.statvfs("/dev/shm")
    except OSError:
        return None
    enough = room.f_bavail * room.f_frsize >= 1 << 30
    return "/dev/shm" if enough and os.access("/dev/shm", os.W_OK | os.X_OK) else None


# pytest makes tmp_path under tempfile.gettempdir() (pytest-of-<user>/pytest-<n>, the last three kept).
tempfile.tempdir = _memory_backed_temp_root() or tempfile.tempdir

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


EXAMPLE_PIECE = EXAMPLES / "000_bd4e093a9656d3e9.txt"


@pytest.fixture
def example_piece() -> Path:
    return EXAMPLE_PIECE


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


_DEMO_WITHOUT_TEST_EXTRAS = (
    "import sys\n"
    # A plain install has no trustme, hypothesis or pytest: the demo must run all the same.
    "for name in ('trustme', 'hypothesis', 'pytest', 'jsonschema'): sys.modules[name] = None\n"
    # As the program starts and ends (linkaudit.cli.run), around the pacing below.
    "from linkaudit.program import begin, end\n"
    "begin()\n"
    # At a hundred times the archive's pace, as archive_paced_fast: what the demo prints, not how
    # fast it may ask.
    "from linkaudit.archive.pacing import Pacer\n"
    "production = Pacer.from_settings.__func__\n"
    "Pacer.from_settings = classmethod(lambda cls, settings, scale=1.0: production(cls, settings, scale=100 * scale))\n"
    "from linkaudit.cli import main\n"
    "end(main(['demo', '--format', 'json']))\n"
)
_demo_runs: list[subprocess.CompletedProcess[str]] = []


def demo_run_without_test_extras() -> subprocess.CompletedProcess[str]:
    """``linkaudit demo --format json`` in a fresh interpreter where the test extras cannot be
    imported, run once in this worker: its report is the one the demo tests render."""
    if not _demo_runs:
        command = [sys.executable, "-c", _DEMO_WITHOUT_TEST_EXTRAS]
        _demo_runs.append(subprocess.run(command, capture_output=True, text=True, timeout=60))
    return _demo_runs[0]


def share_one_demo_audit(patch: pytest.MonkeyPatch) -> None:
    """``linkaudit demo`` in this worker renders the report of one demo audit, the one run without
    the test extras: tests of what the demo prints need its report, not a fresh run paced at the
    real archive's rates (each run waits seconds on its archive budget). Tests that share it say so
    with ``xdist_group("demo")``, so one worker pays for the run; the subprocess tests run it whole."""
    import json

    import linkaudit.demo
    from linkaudit.report.json_read import dict_to_report

    def audit_once(given: object = None, *, progress: object = None) -> object:
        assert given is None, "the shared demo report is the demo's own, with no options"
        done = demo_run_without_test_extras()
        assert done.returncode == 0, done.stderr
        return dict_to_report(json.loads(done.stdout))

    patch.setattr(linkaudit.demo, "audit_demo", audit_once)


@pytest.fixture
def demo_audited_once(monkeypatch: pytest.MonkeyPatch) -> None:
    share_one_demo_audit(monkeypatch)
