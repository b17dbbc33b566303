"""Hand-off to the renderers: report files first, then standard output, and the exit code."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence

from rich.console import Console

from linkaudit.errors import InputError, ReportError
from linkaudit.models import Extraction, Report
from linkaudit.options import OutputOptions
from linkaudit.policy import ExitCode, Policy, exit_code
from linkaudit.printable import printable

__all__ = ["discard_stdout", "emit", "nothing_read", "policy_of", "report_errors", "say", "to_stdout", "warn_extractions", "write_json"]

_PLAIN_WIDTH = 4000


def say(console: Console, line: str) -> None:
    """One line of plain text: never wrapped (logs are grepped), never read as markup, and never
    broken by what it quotes (a file name may hold a line break)."""
    console.print(printable(line), markup=False, highlight=False, soft_wrap=True)


def report_errors(console: Console, errors: Sequence[InputError]) -> bool:
    """Say each piece that could not be read; whether one of them fails the run (exit code 2, as
    ripgrep does: the audit misses a piece it was asked to read, whatever it found in the others)."""
    for error in errors:
        say(console, f"linkaudit: {'error' if error.fails_the_run else 'warning'}: {error}")
    return any(error.fails_the_run for error in errors)


def nothing_read(console: Console, errors: Sequence[InputError]) -> int:
    """Exit code 2 when no piece was read; said in a line of its own when every piece given was
    skipped on purpose, whose lines are only warnings."""
    if not any(error.fails_the_run for error in errors):
        say(console, "linkaudit: error: no piece to read: every one given was skipped (see the warnings above)")
    return ExitCode.USAGE


def warn_extractions(err: Console, extractions: Sequence[Extraction]) -> None:
    for extraction in extractions:
        for warning in extraction.warnings:
            say(err, f"linkaudit: warning: {extraction.source}: {warning}")


def policy_of(output: OutputOptions) -> Policy:
    return Policy(fail_on=output.fail_on, confirm=output.confirm)


def output_format(output: OutputOptions, out: Console | None = None) -> str:
    if output.format != "auto":
        return output.format
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    # Piped or redirected: plain lines, as most command-line tools do (no box, no padding).
    return "table" if out is None or out.is_terminal else "plain"


def emit(report: Report, output: OutputOptions, out: Console, err: Console) -> int:
    """Write the report files asked for and show the report; the exit code under the policy."""
    from linkaudit.report import save_reports, write_report

    policy = policy_of(output)
    fmt = output_format(output, out)
    # Files first: whatever goes wrong on the console side, the reports asked for exist. One that
    # cannot be written does not cost the others, nor the audit on the console.
    failed: list[ReportError] = []
    for path in output.outputs:
        try:
            write_report(report, path, policy=policy)
            say(err, f"linkaudit: wrote {path}")
        except ReportError as unwritten:
            failed.append(unwritten)
    if output.save:
        try:
            for path in save_reports(report, output.reports_dir, policy=policy):
                say(err, f"linkaudit: wrote {path}")
        except ReportError as unsaved:
            failed.append(unsaved)
    if (unshown := to_stdout(lambda: _show(report, output, fmt, policy, out, err))) is not None:
        failed.append(unshown)
    for failure in failed:
        say(err, f"linkaudit: error: {failure}")
    return ExitCode.USAGE if failed else exit_code(report, policy)


def to_stdout(show: Callable[[], None]) -> ReportError | None:
    """Run ``show``, which writes to standard output; the error when it cannot.

    A full disk or a closed terminal is an input/output problem like any other: one line, exit
    2, and nothing left in the buffer for Python to fail on again at exit.
    """
    try:
        show()
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader left (| head): not an error
    except OSError as error:
        discard_stdout()
        return ReportError(f"cannot write to standard output ({error.strerror or error})")
    return None


def discard_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def write_json(out: Console, value: object) -> None:
    out.file.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _show(report: Report, output: OutputOptions, fmt: str, policy: Policy, out: Console, err: Console) -> None:
    from linkaudit.report import render
    from linkaudit.report.terminal import audit_renderables, print_audit

    if fmt == "json":  # a document at a time, as the file is: never the whole report as one string
        from linkaudit.report.json import json_chunks

        for chunk in json_chunks(report, policy=policy):
            out.file.write(chunk)
        out.file.write("\n")
    elif fmt == "github":
        out.file.write(render(report, "github", policy=policy))
        _append_step_summary(render(report, "markdown", policy=policy), err)
    else:
        plain = fmt == "plain"
        # Plain output is for logs: no colour, and no line broken at a guessed width (a URL split in
        # two can be neither grepped nor followed).
        console = Console(highlight=False, color_system=None, force_terminal=False, emoji=False, width=_PLAIN_WIDTH) if plain else out
        renderables = audit_renderables(report, verbose=output.verbose, quiet=output.quiet, policy=policy, boxed=not plain)
        print_audit(console, renderables)


def _append_step_summary(markdown: str, err: Console) -> None:
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return
    try:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(markdown + "\n")
    except OSError as exc:
        say(err, f"linkaudit: warning: {summary}: cannot append the job summary: {exc.strerror or exc}")
