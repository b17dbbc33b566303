"""Drift comparisons started in the audit's nursery as soon as each may start."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import trio

from linkaudit.drift import DriftRequest, DriftRun
from linkaudit.models import CheckResult
from linkaudit.pipeline.listener import StageListener
from linkaudit.pipeline.state import Audit

__all__ = ["DriftWiring"]


class DriftWiring:
    """Starts each live source's drift comparison in the audit's nursery as soon as it may start.

    Under ``--drift on`` that is when its check is known (and its capture, when the archive stage
    looks it up); under ``--drift auto`` the decision needs every check, so comparisons wait for
    the checks to end.
    """

    def __init__(
        self, audit: Audit, run: DriftRun, nursery: trio.Nursery, listener: StageListener | None, scheduled: set[str]
    ) -> None:
        self.audit = audit
        self.run = run
        self.nursery = nursery
        self.listener = listener
        self.scheduled = scheduled  # keys the archive stage looks up
        self.asked = False  # any live source called for a comparison
        self.on: bool | None = True if audit.settings.drift.mode == "on" else None  # None: not decided yet
        self.comparable: dict[str, DriftRequest] = {}
        self.waiting: dict[str, DriftRequest] = {}  # for the archive stage's lookup
        self.held: dict[str, DriftRequest] = {}  # for the decision

    def check_known(self, result: CheckResult) -> None:
        requests = {key: r for key, r in self.audit.drift_requests_for(result).items() if key not in self.audit.comparisons}
        requests = {key: r for key, r in requests.items() if key not in self.comparable}
        self.asked = self.asked or bool(requests)
        declined, comparable = self.run.sort(requests)
        self.audit.comparisons.update(declined)
        for key, request in comparable.items():
            self.comparable[key] = request
            if key in self.scheduled and key not in self.audit.lookups:
                self.waiting[key] = request
            else:
                self.ready(key, request)

    def capture_known(self, key: str) -> None:
        if key in self.waiting:
            self.ready(key, replace(self.waiting.pop(key), lookup=self.audit.lookups[key]))

    def ready(self, key: str, request: DriftRequest) -> None:
        if self.on:
            self.start(key, request)
        elif self.on is None:
            self.held[key] = request
        else:
            self.audit.comparisons.update(self.run.declined([key]))

    def checks_finished(self, say: Callable[[str], None]) -> None:
        plan = self.run.plan(self.comparable.values())
        if self.asked:
            say(f"drift: {plan.reason}")
        self.on = plan.on
        held, self.held = self.held, {}
        for key, request in held.items():
            self.ready(key, request)
        if not plan.on:
            self.audit.comparisons.update(self.run.declined(self.waiting))
            self.waiting.clear()

    def start(self, key: str, request: DriftRequest) -> None:
        if self.listener is not None:
            self.listener.drift_started()
        self.nursery.start_soon(self._compare, key, request)

    async def _compare(self, key: str, request: DriftRequest) -> None:
        comparison = await self.run.compare(request)
        self.audit.comparisons[key] = comparison
        if self.listener is not None:
            self.listener.drift_done(comparison)
