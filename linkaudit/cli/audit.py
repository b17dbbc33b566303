"""``linkaudit audit``: parse, call the library once (one trio run: read, check, look up, save,
compare), render."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from linkaudit.cache import Cache
from linkaudit.cli.configure import settings_from
from linkaudit.cli.render import emit, nothing_read, report_errors, say, warn_extractions
from linkaudit.errors import ConfigError, NetworkUnavailable, contains
from linkaudit.interrupts import Interrupts
from linkaudit.models import Report
from linkaudit.pipeline import Audit, open_cache, run_audit
from linkaudit.policy import ExitCode
from linkaudit.settings import Settings

__all__ = ["audit_command", "say_saves"]


def _pieces_to_audit(args: argparse.Namespace, settings: Settings, err: Console) -> list[str]:
    if not settings.run.changed_since:
        return list(args.sources)
    from linkaudit.changes import changed_pieces

    changed, reason = changed_pieces(settings.run.changed_since, args.sources)
    if changed is None:
        say(err, f"linkaudit: {reason}; auditing everything")
        return list(args.sources)
    return changed


def audit_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    settings = settings_from(args)
    pieces = _pieces_to_audit(args, settings, err)
    if not pieces:
        say(err, f"linkaudit: no piece changed since {settings.run.changed_since}")
        return ExitCode.OK
    code = _audit_and_report(Audit(settings), pieces, out, err)
    # A shard sees part of the sources: the verdict is the merged report's (linkaudit report part-*.json).
    return ExitCode.OK if settings.run.shard and code == ExitCode.FINDINGS else code


@dataclass
class _Session:
    """What the CLI shows around the library's one run: input errors, cache warnings, progress."""

    run: Audit
    err: Console
    progress_console: Console
    cache: Cache | None = None
    warnings_shown: int = 0
    unread: bool = False  # a piece asked for could not be read: the run exits 2 whatever it found

    async def read_and_audit(self, pieces: list[str]) -> Report | None:
        from linkaudit.report.progress import progress_for

        run = self.run
        await run.read(pieces)
        self.unread = report_errors(self.err, run.input_errors)
        warn_extractions(self.err, run.extractions)
        if not run.extractions:
            return None
        _refuse_overwriting_pieces(run)
        self.cache = open_cache(run.settings.cache)
        self.say_cache_warnings()
        with progress_for(self.progress_console, len(run.urls_to_check()), run.settings.archive) as progress:
            return await run_audit(run, cache=self.cache, listener=progress, on_drift=self.drift_line)

    def drift_line(self, line: str) -> None:
        # The decision always shows (it explains the run's cost); each comparison is progress.
        say(self.err if line.startswith("drift: ") else self.progress_console, f"linkaudit: {line}")

    def say_cache_warnings(self) -> None:
        if self.cache is not None:
            for warning in self.cache.warnings[self.warnings_shown:]:
                say(self.err, f"linkaudit: warning: {warning}")
            self.warnings_shown = len(self.cache.warnings)

    def close(self) -> None:
        self.say_cache_warnings()  # the cache failed during the run
        if self.cache is not None:
            self.cache.close()


def _audit_and_report(run: Audit, pieces: list[str], out: Console, err: Console) -> int:
    output = run.settings.output
    session = _Session(run, err, Console(stderr=True, quiet=output.quiet or output.format == "json"))
    with Interrupts() as interrupts:
        try:
            report = interrupts.run(lambda: session.read_and_audit(pieces))
            say_saves(run, err)
        except BaseException as exc:  # noqa: BLE001 - trio may wrap these in exception groups
            network_down = contains(exc, NetworkUnavailable)
            if network_down is not None:
                say(err, f"linkaudit: {network_down}")
                return ExitCode.NETWORK
            raise
        finally:
            session.close()
        # Written whole, whatever interrupts come now: they are counted and ignored until done.
        if report is None and not interrupts.interrupted:
            return nothing_read(err, run.input_errors)
        if report is None:
            if not run.extractions:
                say(err, "linkaudit: interrupted")
                return 130
            say(err, "linkaudit: interrupted; the report holds what was checked so far")
            emit(run.report(complete=False), output, out, err)
            return 130
        code = emit(report, output, out, err)
        return ExitCode.USAGE if session.unread else code


def _refuse_overwriting_pieces(run: Audit) -> None:
    settings = run.settings
    pieces = {Path(e.path).resolve() for e in run.extractions if e.path}
    for output in settings.output.outputs:
        if Path(output).resolve() in pieces:
            raise ConfigError(f"--output {output} is one of the pieces being audited; it would be overwritten")
    if settings.cache.use_cache and Path(settings.cache.cache_path).resolve() in pieces:
        raise ConfigError(f"--cache {settings.cache.cache_path} is one of the pieces being audited; it would be overwritten")


def say_saves(run: Audit, err: Console) -> None:
    for outcome in run.saves:
        say(err, f"linkaudit: archive: {outcome.action}: {outcome.url} {outcome.detail}".rstrip())
