"""Write a file so readers see the old content or the new, never half of either."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["write_chunks_atomic", "write_text_atomic"]


def write_text_atomic(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory (see below)."""
    write_chunks_atomic(path, (text,), encoding=encoding)


def write_chunks_atomic(path: str | os.PathLike[str], chunks: Iterable[str], *, encoding: str = "utf-8") -> None:
    """Write the text made of ``chunks`` to ``path`` through a temporary file in the same directory,
    one chunk at a time (a large report need never be one string).

    The temporary file must sit on the same file system for ``os.replace`` to be atomic; it is
    flushed and fsynced first so a crash cannot leave a renamed but empty file behind.
    Raises ``OSError`` (the caller turns it into an error naming the path).
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    handle = tempfile.NamedTemporaryFile(
        "w", encoding=encoding, newline="", dir=directory, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        # NamedTemporaryFile creates 0600; a report is an ordinary file the user shares.
        os.chmod(handle.name, 0o666 & ~_umask())
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    _fsync_directory(directory)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not every platform lets a directory be opened.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
