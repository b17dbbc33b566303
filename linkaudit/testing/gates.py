"""Gates: requests a test server holds until the test lets them through.

A test that needs requests under way at the same time holds them at a gate, waits until as many
as it needs are waiting there, then opens it. The overlap is then certain however busy the machine
is, and nothing waits longer than it takes the requests to arrive: no delay is guessed.
"""

from __future__ import annotations

import threading

__all__ = ["Gate", "Gates"]


class Gate:
    """Holds whoever passes through until it is opened; once open, it stays open."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._waiting = 0
        self._open = False

    @property
    def waiting(self) -> int:
        with self._changed:
            return self._waiting

    def pass_through(self) -> None:
        """Wait until the gate is open (at once when it is)."""
        with self._changed:
            self._waiting += 1
            self._changed.notify_all()
            try:
                self._changed.wait_for(lambda: self._open)
            finally:
                self._waiting -= 1

    def wait_for_waiting(self, count: int, timeout: float = 30.0) -> bool:
        """Wait until ``count`` wait at the gate; False if they did not within ``timeout`` seconds
        (a failure's bound, never reached when all is well)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._waiting >= count, timeout)

    def open(self) -> None:
        with self._changed:
            self._open = True
            self._changed.notify_all()


class Gates:
    """Gates by name, each made on first use; ``open_all`` opens every one, those made after too."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._gates: dict[str, Gate] = {}
        self._all_open = False

    def __getitem__(self, name: str) -> Gate:
        with self._lock:
            gate = self._gates.get(name)
            if gate is None:
                gate = self._gates[name] = Gate()
                if self._all_open:
                    gate.open()
            return gate

    def open_all(self) -> None:
        with self._lock:
            self._all_open = True
            gates = list(self._gates.values())
        for gate in gates:
            gate.open()
