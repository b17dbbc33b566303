"""Reading pieces: files, directories, web pages and stdin, decoded and sniffed.

Every problem with one source becomes one ``InputError`` naming it; the others are still read.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pathspec

from linkaudit.errors import InputError
from linkaudit.extract.decode import decode, looks_binary, wide_encoding
from linkaudit.extract.sniff import PIECE_EXTENSIONS, sniff_kind
from linkaudit.models import Document
from linkaudit.options import ExtractOptions

__all__ = ["PIECE_EXTENSIONS", "STDIN", "decode", "read_sources", "sniff_kind"]

STDIN = "-"
STDIN_NAME = "<stdin>"


def _size_label(size: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def _too_large(source: str, limit: int) -> InputError:
    return InputError(source, f"larger than the {_size_label(limit)} limit; skipped", skipped=True)


def _document_from_bytes(
    data: bytes,
    source: str,
    settings: ExtractOptions,
    *,
    path: str | None = None,
    base_url: str | None = None,
    declared: str | None = None,
) -> Document:
    if len(data) > settings.max_file_bytes:
        raise _too_large(source, settings.max_file_bytes)
    if not data or data.isspace():  # not data.strip(): that copies the whole file
        raise InputError(source, "empty: nothing to read", skipped=True)
    dropped = ()
    if b"\x00" in data and wide_encoding(data) is None:
        if looks_binary(data):
            raise InputError(source, "binary file (contains NUL bytes), not a text piece")
        count = data.count(0)
        data = data.replace(b"\x00", b"")
        dropped = (f"{count} NUL byte{'s' if count != 1 else ''} dropped; line and column numbers count without them",)
    text, warnings = decode(data, declared)
    warnings = (*dropped, *warnings)
    kind, escaped = sniff_kind(text, path or source)
    return Document(
        source=source, text=text, kind=kind, escaped=escaped, base_url=base_url, path=path, warnings=warnings
    )


# --- the kinds of source -------------------------------------------------------------------------


def _read_file(path: str, settings: ExtractOptions) -> Document:
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            # A FIFO or a device never ends: reading one would wait forever.
            raise InputError(path, "not a regular file (a FIFO, socket or device); only regular files are read")
        size = status.st_size
        if size > settings.max_file_bytes:
            raise _too_large(path, settings.max_file_bytes)
        with open(path, "rb") as handle:
            data = handle.read(settings.max_file_bytes + 1)
    except FileNotFoundError:
        raise InputError(path, "no such file or directory") from None
    except PermissionError:
        raise InputError(path, "permission denied: cannot be read") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    return _document_from_bytes(data, path, settings, path=path)


def _read_stdin(settings: ExtractOptions) -> Document:
    stream = getattr(sys.stdin, "buffer", None)
    try:
        data = stream.read(settings.max_file_bytes + 1) if stream is not None else sys.stdin.read().encode()
    except OSError as error:
        raise InputError(STDIN_NAME, f"cannot be read ({error})") from None
    return _document_from_bytes(data, STDIN_NAME, settings)


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _fetch(url: str, settings: ExtractOptions) -> Document:
    # Imported here: the guarded HTTP client is the checker's, which reading files never needs.
    from linkaudit.extract.fetch import fetch_piece

    data, final_url, declared = fetch_piece(url, settings.fetch, max_bytes=settings.max_file_bytes)
    return _document_from_bytes(data, url, settings, base_url=final_url, declared=declared)


class _Gitignores:
    """The .gitignore rules that apply under one directory tree, read once per directory.

    The tree's root was named by the user, so it is read even when ignored (as ripgrep does): a
    rule of a .gitignore above it that matches the root itself (``_site/``) is left out, and the
    others (``*.log``) still apply beneath it.
    """

    def __init__(self, root: Path) -> None:
        self._root = root
        self._specs: dict[Path, pathspec.GitIgnoreSpec | None] = {}
        self._ancestors = _ancestors_within_repository(root)

    def _spec(self, directory: Path) -> pathspec.GitIgnoreSpec | None:
        if directory not in self._specs:
            ignore_file = directory / ".gitignore"
            try:
                lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                lines = []
            spec = pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
            if spec is not None and directory in self._ancestors:
                spec = _not_matching(spec, self._root.relative_to(directory).as_posix() + "/")
            self._specs[directory] = spec
        return self._specs[directory]

    def ignored(self, path: Path, *, is_dir: bool) -> bool:
        inside = [parent for parent in reversed(path.parents) if parent == self._root or self._root in parent.parents]
        for directory in (*self._ancestors, *inside):
            spec = self._spec(directory)
            if spec is None:
                continue
            relative = path.relative_to(directory).as_posix() + ("/" if is_dir else "")
            if spec.match_file(relative):
                return True
        return False


def _not_matching(spec: pathspec.GitIgnoreSpec, named: str) -> pathspec.GitIgnoreSpec | None:
    """The rules of ``spec`` that do not match the directory the user named."""
    kept = [pattern for pattern in spec.patterns if pattern.include is None or not pattern.match_file(named)]
    return pathspec.GitIgnoreSpec(kept) if kept else None


def _ancestors_within_repository(root: Path) -> tuple[Path, ...]:
    """Directories above `root` up to its repository's top, whose .gitignore files apply too."""
    chain: list[Path] = []
    for directory in root.parents:
        chain.append(directory)
        if (directory / ".git").exists():
            return tuple(reversed(chain))
    return ()  # not in a repository: only .gitignore files inside the tree count


def _walk_directory(directory: str, settings: ExtractOptions) -> Iterator[str]:
    root = Path(directory).resolve()
    gitignores = None if settings.no_ignore else _Gitignores(root)
    include = pathspec.GitIgnoreSpec.from_lines(settings.include_paths) if settings.include_paths else None
    exclude = pathspec.GitIgnoreSpec.from_lines(settings.exclude_paths) if settings.exclude_paths else None
    # linkaudit's own reports are not pieces: an audit of "." must not read the last one's.
    skipped = {Path(directory).resolve() for directory in settings.skipped_dirs}
    for current, subdirectories, files in os.walk(root):
        here = Path(current)
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name != ".git" and (here / name) not in skipped and not (gitignores and gitignores.ignored(here / name, is_dir=True))
        )
        for name in sorted(files):
            full = here / name
            relative = full.relative_to(root).as_posix()
            wanted = include.match_file(relative) if include else name.lower().endswith(PIECE_EXTENSIONS)
            if not wanted or (exclude and exclude.match_file(relative)):
                continue
            if gitignores and gitignores.ignored(full, is_dir=False):
                continue
            yield os.path.join(directory, os.path.relpath(full, root))


def read_sources(sources: Sequence[str], settings: ExtractOptions) -> tuple[list[Document], list[InputError]]:
    """Read every source (file, directory, http(s) URL, or "-" for stdin); one error per bad one."""
    documents: list[Document] = []
    errors: list[InputError] = []
    seen: set[str] = set()
    for source in sources:
        if _is_url(source):
            _collect(lambda: _fetch(source, settings), documents, errors)  # noqa: B023
        elif source == STDIN:
            _collect(lambda: _read_stdin(settings), documents, errors)
        elif os.path.isdir(source):
            found = list(_walk_directory(source, settings))
            if not found:
                looked_for = ", ".join(settings.include_paths or PIECE_EXTENSIONS)
                errors.append(InputError(source, f"directory holds no pieces (looked for {looked_for})"))
            for path in found:
                if _first_sighting(path, seen):
                    _collect(lambda: _read_file(path, settings), documents, errors)  # noqa: B023
        elif _first_sighting(source, seen):
            _collect(lambda: _read_file(source, settings), documents, errors)  # noqa: B023
    return documents, errors


def _first_sighting(path: str, seen: set[str]) -> bool:
    key = os.path.realpath(path)
    if key in seen:
        return False
    seen.add(key)
    return True


def _collect(read: Callable[[], Document], documents: list[Document], errors: list[InputError]) -> None:
    try:
        documents.append(read())
    except InputError as error:
        errors.append(error)
