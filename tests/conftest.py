"""Shared fixtures. Tests never reach beyond 127.0.0.0/8."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def anyio_backend() -> str:
    # httpx runs on trio in linkaudit; async tests use @pytest.mark.anyio on trio too.
    return "trio"


@pytest.fixture
def example_piece() -> Path:
    return EXAMPLES / "000_bd4e093a9656d3e9.txt"
