"""The cyclic garbage collector is off while one piece is read and as it was once it is read."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import linkaudit.extract as extract_stage
from linkaudit.extract import extract
from linkaudit.extract.text import extract_text
from linkaudit.models import Document, DocumentKind

PIECE = Document(source="note.txt", text="A source: https://example.org/a. Another: https://example.org/b.", kind=DocumentKind.TEXT)


@pytest.fixture
def collector_on() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_off_while_a_piece_is_read_and_on_again_after(collector_on: None, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def reading(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return extract_text(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extract_stage, "extract_text", reading)
    extraction = extract(PIECE)
    assert [citation.url for citation in extraction.citations] == ["https://example.org/a", "https://example.org/b"]
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_is_on_again_when_reading_fails(collector_on: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: object, **kwargs: object) -> object:
        raise ValueError("unreadable")

    monkeypatch.setattr(extract_stage, "extract_text", failing)
    with pytest.raises(ValueError, match="unreadable"):
        extract(PIECE)
    assert gc.isenabled()


def test_a_caller_that_turned_the_collector_off_finds_it_off(collector_on: None) -> None:
    gc.disable()
    extract(PIECE)
    assert not gc.isenabled()
