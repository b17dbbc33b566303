"""--changed-since: the pieces changed since a git ref, in a real temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from linkaudit.changes import changed_pieces
from linkaudit.extract.sources import PIECE_EXTENSIONS

FIXED_IDENTITY = {
    "GIT_AUTHOR_NAME": "Ada Editor",
    "GIT_AUTHOR_EMAIL": "ada@example.org",
    "GIT_AUTHOR_DATE": "2024-03-01T12:00:00+00:00",
    "GIT_COMMITTER_NAME": "Ada Editor",
    "GIT_COMMITTER_EMAIL": "ada@example.org",
    "GIT_COMMITTER_DATE": "2024-03-01T12:00:00+00:00",
}


def _isolate_git(patch: pytest.MonkeyPatch, home: Path) -> None:
    # No user or system git configuration may change what these tests see.
    patch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    patch.setenv("HOME", str(home))
    for name, value in FIXED_IDENTITY.items():
        patch.setenv(name, value)


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _isolate_git(monkeypatch, tmp_path)


def git(repo: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=repo, check=True, capture_output=True, timeout=30)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def base_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose "base" tag has three pieces and a script: made once, copied for each test."""
    root = tmp_path_factory.mktemp("base") / "site"
    root.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        _isolate_git(patch, root.parent)
        git(root, "init", "-q", "-b", "main")
        write(root / "pieces" / "kept.md", "Unchanged [source](https://example.org/a).\n")
        write(root / "pieces" / "edited.md", "Before [source](https://example.org/b).\n")
        write(root / "pieces" / "old-name.md", "Moved [source](https://example.org/c).\n")
        write(root / "pieces" / "dropped.md", "Gone [source](https://example.org/d).\n")
        write(root / "build.py", "print('build')\n")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "base")
        git(root, "tag", "base")
    return root


@pytest.fixture
def repo(base_repository: Path, tmp_path: Path) -> Path:
    """The base repository, a copy of its own for each test to change (four git runs cost more than a copy)."""
    return Path(shutil.copytree(base_repository, tmp_path / "site", symlinks=True))


def test_a_committed_change_is_listed_and_an_unchanged_piece_is_not(repo: Path) -> None:
    write(repo / "pieces" / "edited.md", "After [source](https://example.org/b2).\n")
    git(repo, "commit", "-qam", "edit")

    changed, reason = changed_pieces("base", ["pieces"], cwd=str(repo))

    assert (changed, reason) == (["pieces/edited.md"], None)


def test_a_renamed_piece_is_listed_under_its_new_name_and_a_deleted_one_is_not(repo: Path) -> None:
    git(repo, "mv", "pieces/old-name.md", "pieces/new-name.md")
    git(repo, "rm", "-q", "pieces/dropped.md")
    git(repo, "commit", "-qm", "rename and delete")

    changed, reason = changed_pieces("base", ["."], cwd=str(repo))

    assert (changed, reason) == (["pieces/new-name.md"], None)


def test_working_tree_staged_and_untracked_changes_count(repo: Path) -> None:
    write(repo / "pieces" / "edited.md", "Unstaged edit.\n")
    write(repo / "pieces" / "staged.md", "Staged new piece.\n")
    git(repo, "add", "pieces/staged.md")
    write(repo / "drafts" / "untracked.html", "<p>Draft</p>\n")

    changed, _ = changed_pieces("base", ["."], cwd=str(repo))

    assert changed == ["drafts/untracked.html", "pieces/edited.md", "pieces/staged.md"]


def test_only_changes_under_the_given_paths_and_only_piece_files_in_directories(repo: Path) -> None:
    write(repo / "pieces" / "edited.md", "Edit.\n")
    write(repo / "build.py", "print('changed')\n")
    write(repo / "elsewhere" / "note.md", "Not asked about.\n")

    assert changed_pieces("base", ["pieces"], cwd=str(repo)) == (["pieces/edited.md"], None)
    assert changed_pieces("base", ["."], cwd=str(repo))[0] == ["elsewhere/note.md", "pieces/edited.md"]
    assert changed_pieces("base", ["build.py"], cwd=str(repo)) == (["build.py"], None)


def test_a_changed_piece_counts_whenever_the_directory_walk_would_read_it(repo: Path) -> None:
    # --changed-since once knew fewer piece extensions than the directory walk: a changed .rst,
    # .qmd or .Rmd piece was audited by a full run but skipped as "unchanged".
    for name in ("essay.rst", "notebook.qmd", "analysis.Rmd", "page.xhtml"):
        write(repo / "pieces" / name, "See [source](https://example.org/e).\n")
    write(repo / "pieces" / "figure.png", "not a piece\n")

    found, _ = changed_pieces("base", ["pieces"], cwd=str(repo))
    assert found == ["pieces/analysis.Rmd", "pieces/essay.rst", "pieces/notebook.qmd", "pieces/page.xhtml"]
    assert all(name.lower().endswith(PIECE_EXTENSIONS) for name in found)


def test_a_branch_is_compared_from_where_it_left_the_ref(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo / "pieces" / "edited.md", "On the branch.\n")
    git(repo, "commit", "-qam", "branch edit")
    git(repo, "checkout", "-q", "main")
    write(repo / "pieces" / "kept.md", "On main after the branch left.\n")
    git(repo, "commit", "-qam", "main edit")
    git(repo, "checkout", "-q", "feature")

    assert changed_pieces("main", ["pieces"], cwd=str(repo)) == (["pieces/edited.md"], None)


def test_paths_come_back_as_given_from_a_subdirectory_and_absolute(repo: Path) -> None:
    write(repo / "pieces" / "edited.md", "Edit.\n")

    assert changed_pieces("base", ["."], cwd=str(repo / "pieces")) == (["edited.md"], None)
    absolute = str(repo / "pieces")
    assert changed_pieces("base", [absolute], cwd=str(repo)) == ([str(repo / "pieces" / "edited.md")], None)


def test_sources_that_are_not_files_are_always_kept(repo: Path) -> None:
    changed, _ = changed_pieces("base", ["https://example.org/piece", "-", "pieces"], cwd=str(repo))

    assert changed == ["-", "https://example.org/piece"]


def test_nothing_changed_gives_an_empty_list(repo: Path) -> None:
    assert changed_pieces("base", ["."], cwd=str(repo)) == ([], None)


def test_an_unknown_ref_gives_none_and_the_reason(repo: Path) -> None:
    changed, reason = changed_pieces("no-such-branch", ["."], cwd=str(repo))

    assert changed is None
    assert reason == "--changed-since: unknown git ref 'no-such-branch'"


def test_the_pieces_repository_is_asked_even_when_run_from_outside_it(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo / "pieces" / "edited.md", "After [source](https://example.org/b2).\n")
    git(repo, "commit", "-qam", "edit")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))

    changed, reason = changed_pieces("base", [str(repo / "pieces")], cwd=str(elsewhere))

    assert (changed, reason) == ([str(repo / "pieces" / "edited.md")], None)


def test_outside_a_repository_gives_none_and_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "piece.md").write_text("text\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # the temp dir may sit inside a repository

    changed, reason = changed_pieces("main", ["."], cwd=str(plain))

    assert changed is None
    assert reason is not None and "not in a git repository" in reason


def test_without_git_gives_none_and_the_reason(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-binaries-here"))

    assert changed_pieces("base", ["."], cwd=str(repo)) == (None, "--changed-since: git is not installed")
