"""A large batch of pieces is extracted on every core, the calling process being one of them."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import linkaudit.extract as extract_stage
from linkaudit.extract import extract_sources


def _write_pieces(folder, count: int) -> list[str]:
    paths = []
    for n in range(count):
        path = folder / f"piece-{n:04}.md"
        path.write_text(f"# Piece {n}\n\nClaim {n} rests on [a source](https://site{n % 7}.example/{n}).\n", encoding="utf-8")
        paths.append(str(path))
    return paths


class _CountedPool(ProcessPoolExecutor):
    sizes: list[int] = []

    def __init__(self, max_workers: int, **kwargs: object) -> None:
        _CountedPool.sizes.append(max_workers)
        super().__init__(max_workers, **kwargs)  # type: ignore[arg-type]


def _small_batches_count_as_large(monkeypatch) -> None:
    # The worker path with a handful of pieces: what it costs is starting one interpreter, not extracting.
    monkeypatch.setattr(extract_stage, "_PARALLEL_MIN_DOCUMENTS", 4)
    monkeypatch.setattr(extract_stage, "_CHUNK", 1)


def test_a_large_batch_in_worker_processes_equals_one_process_in_the_same_order(tmp_path, monkeypatch):
    _small_batches_count_as_large(monkeypatch)
    paths = _write_pieces(tmp_path, 6)
    monkeypatch.setattr(extract_stage.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(extract_stage, "ProcessPoolExecutor", _CountedPool)
    _CountedPool.sizes.clear()

    empty = tmp_path / "piece-empty.md"
    empty.write_bytes(b"")  # a piece that cannot be read, amid the batch

    spread, errors = extract_sources([*paths[:3], str(empty), *paths[3:]])

    # Two cores: one interpreter started, the caller extracts its own share beside it.
    assert _CountedPool.sizes == [1]
    assert [e.source for e in errors] == [str(empty)]
    assert [e.source for e in spread] == paths
    monkeypatch.setattr(extract_stage, "_PARALLEL_MIN_DOCUMENTS", len(paths) + 1)
    alone, _ = extract_sources(paths)
    assert spread == alone


def test_one_core_starts_no_worker_process(tmp_path, monkeypatch):
    _small_batches_count_as_large(monkeypatch)
    paths = _write_pieces(tmp_path, extract_stage._PARALLEL_MIN_DOCUMENTS)
    monkeypatch.setattr(extract_stage.os, "cpu_count", lambda: 1)
    monkeypatch.setattr(extract_stage, "ProcessPoolExecutor", _CountedPool)
    _CountedPool.sizes.clear()
    extractions, _ = extract_sources(paths)
    assert _CountedPool.sizes == []
    assert len(extractions) == len(paths)
