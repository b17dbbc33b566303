"""``--changed-since GIT_REF``: which pieces changed, so a pull request audits only those.

Changed means: committed on this branch since it left ``ref`` (``git diff ref...HEAD``), plus what
is modified, staged or untracked in the working tree. Deleted files are not pieces any more.
When git cannot answer, the caller audits everything and tells the user why.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from linkaudit.extract.sources import PIECE_EXTENSIONS

__all__ = ["changed_pieces"]

GIT_TIMEOUT = 60.0  # seconds; a diff of a publishing repository takes well under one


class _GitFailed(Exception):
    pass


def changed_pieces(
    ref: str, paths: Sequence[str], *, cwd: str | None = None
) -> tuple[list[str] | None, str | None]:
    """Files changed since ``ref`` that lie under ``paths``, or (None, why) when git cannot tell.

    Sources that are not local paths (URLs, ``-`` for stdin) cannot be diffed: they are kept.
    Paths come back as given (relative to ``cwd`` when the sources were), sorted, without duplicates.
    """
    here = Path(cwd) if cwd is not None else Path.cwd()
    if not here.is_dir():
        return None, f"--changed-since: {here} is not a directory"
    # Ask git where the pieces are: the repository is theirs, wherever the command was run from.
    repository = _first_local_directory(paths, here)
    try:
        root = Path(_git(repository, "rev-parse", "--show-toplevel").strip())
        if not _ref_exists(repository, ref):
            return None, f"--changed-since: unknown git ref {ref!r}"
        changed = _changed_files(repository, ref)
    except FileNotFoundError:
        return None, "--changed-since: git is not installed"
    except _GitFailed as problem:
        return None, f"--changed-since: {problem}"
    absolute = {(root / name).resolve() for name in changed}
    return _select(absolute, paths, here), None


def _first_local_directory(paths: Sequence[str], here: Path) -> Path:
    for given in paths:
        path = here / given
        if given != "-" and "://" not in given and path.exists():
            return path if path.is_dir() else path.parent
    return here


def _changed_files(here: Path, ref: str) -> set[str]:
    committed = _git(here, "diff", "--no-relative", "--name-only", "-z", "--diff-filter=d", f"{ref}...HEAD")
    working = _git(here, "diff", "--no-relative", "--name-only", "-z", "--diff-filter=d", "HEAD")
    untracked = _git(here, "ls-files", "--others", "--exclude-standard", "-z", "--full-name", ":/")
    return {name for output in (committed, working, untracked) for name in output.split("\0") if name}


def _ref_exists(here: Path, ref: str) -> bool:
    try:
        _git(here, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except _GitFailed:
        return False
    return True


def _select(changed: set[Path], sources: Sequence[str], here: Path) -> list[str]:
    chosen: set[str] = set()
    for source in sources:
        if source == "-" or "://" in source:
            chosen.add(source)
            continue
        given = Path(source)
        target = (here / given).resolve()
        for path in changed:
            if not path.is_file():  # deleted in the working tree after it was committed
                continue
            if path == target:  # a file named explicitly always counts; in a directory, only pieces
                chosen.add(_as_given(path, given, here))
            elif target in path.parents and path.suffix.lower() in PIECE_EXTENSIONS:
                chosen.add(_as_given(path, given, here))
    return sorted(chosen)


def _as_given(path: Path, given: Path, here: Path) -> str:
    if given.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(here.resolve()))
    except ValueError:
        return os.path.relpath(path, here.resolve())


def _git(here: Path, *arguments: str) -> str:
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        completed = subprocess.run(
            ["git", *arguments],
            cwd=here,
            env=environment,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise _GitFailed(f"git {arguments[0]} took longer than {GIT_TIMEOUT:.0f} s") from None
    if completed.returncode != 0:
        detail = completed.stderr.strip().splitlines()
        message = detail[-1] if detail else f"git {arguments[0]} failed with status {completed.returncode}"
        if "not a git repository" in message.lower():
            message = f"{here} is not in a git repository"
        raise _GitFailed(message)
    return completed.stdout
