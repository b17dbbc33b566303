"""Python runs this module at start-up in every process a test starts (conftest puts this folder on
their PYTHONPATH): the process resolves as the tests do, loopback only (``tests/loopback_only.py``).
A sitecustomize this one hides (a distribution's own) runs after it."""

import importlib.machinery
import importlib.util
import socket
import sys
from pathlib import Path

_here = Path(__file__).resolve().parent


def _load(name: str, location: Path) -> object:
    spec = importlib.util.spec_from_file_location(name, location)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_guard = _load("loopback_only", _here.parent / "loopback_only.py")
socket.getaddrinfo = _guard.loopback_only_getaddrinfo  # type: ignore[attr-defined]
socket.gethostbyaddr = _guard.no_reverse_lookup  # type: ignore[attr-defined]

_hidden = importlib.machinery.PathFinder.find_spec(
    "sitecustomize", [entry for entry in sys.path if Path(entry or ".").resolve() != _here]
)
if _hidden is not None and _hidden.origin:
    _load("_hidden_sitecustomize", Path(_hidden.origin))
