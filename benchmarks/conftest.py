"""Benchmarks measure time and memory: they run one at a time, in pytest's own process."""

from __future__ import annotations

import pytest


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    return 0  # overrides the suite's "-n auto": no workers competing with what is measured
