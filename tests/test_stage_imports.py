"""What reading pieces loads: extracting files never pays for loading the check stage.

The modules a module imports at load time are followed through the package (imports inside
functions run only when called and are not followed), so this needs no fresh interpreter.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import linkaudit

_PACKAGE = Path(linkaudit.__file__).parent


def _path_of(module: str) -> Path | None:
    parts = module.split(".")[1:]
    for candidate in (_PACKAGE.joinpath(*parts, "__init__.py"), _PACKAGE.joinpath(*parts).with_suffix(".py")):
        if parts and candidate.exists() or not parts and candidate.name == "__init__.py":
            return candidate
    return None


@cache
def _loaded_directly(module: str) -> frozenset[str]:
    """The modules of the package that `module`'s own top level imports."""
    path = _path_of(module)
    if path is None:
        return frozenset()
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:  # the module's own level only
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    found: set[str] = set()
    for name in names:
        if name.startswith("linkaudit"):
            parts = name.split(".")  # loading a.b.c loads a and a.b first
            found.update(
                parent for end in range(1, len(parts) + 1)
                if _path_of(parent := ".".join(parts[:end])) is not None
            )
    return frozenset(found - {module})


def _loaded_with(module: str) -> set[str]:
    """Every module of the package that loading `module` loads."""
    loaded: set[str] = set()
    waiting = [module]
    while waiting:
        for name in _loaded_directly(waiting.pop()) - loaded:
            loaded.add(name)
            waiting.append(name)
    return loaded


def test_reading_and_extracting_files_does_not_load_the_check_stage() -> None:
    loaded = _loaded_with("linkaudit.reading") | _loaded_with("linkaudit.extract")
    assert not {name for name in loaded if name == "linkaudit.check" or name.startswith("linkaudit.check.")}


def test_fetching_a_piece_does_load_the_guarded_client() -> None:
    # The counter-example: the walk sees load-time imports (the page fetcher uses the checker's client).
    assert "linkaudit.check.client" in _loaded_with("linkaudit.extract.fetch")
