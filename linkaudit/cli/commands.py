"""The short commands, ``linkaudit archive``, ``report``, ``cache`` and ``demo``: parse, call the library, render."""

from __future__ import annotations

import argparse

import trio
from rich.console import Console

from linkaudit.cli.configure import settings_from
from linkaudit.cli.render import emit, nothing_read, report_errors, say
from linkaudit.pipeline import Audit, open_cache, run_audit
from linkaudit.policy import ExitCode

__all__ = ["archive_command", "cache_command", "demo_command", "report_command"]


def archive_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    run = Audit(settings_from(args).replace(save_live=True))
    cache = open_cache(run.settings.cache)

    async def read_and_save() -> bool:
        await run.read(args.sources)
        report_errors(err, run.input_errors)
        if not run.extractions:
            return False
        await run_audit(run, cache=cache, find_captures=False)
        return True

    try:
        if not trio.run(read_and_save):
            return nothing_read(err, run.input_errors)
    finally:
        if cache is not None:
            cache.close()
    for outcome in run.saves:
        say(out, f"{outcome.action:15} {outcome.url}  {outcome.detail}".rstrip())
    failed = sum(1 for o in run.saves if o.action == "failed")
    if any(error.fails_the_run for error in run.input_errors):
        return ExitCode.USAGE  # a piece asked for could not be read
    return ExitCode.FINDINGS if failed else ExitCode.OK


def report_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    from linkaudit.report import load_report
    from linkaudit.shards import merge_saved

    settings = settings_from(args)
    if len(args.saved) == 1:
        report = load_report(args.saved[0])
    else:  # the parts are read side by side, a document at a time
        report = merge_saved(args.saved)
    return emit(report, settings.output, out, err)


def cache_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    from linkaudit.cache import CacheMergeError, merge_caches

    try:
        merged = merge_caches(args.into, args.parts)
    except CacheMergeError as problem:
        say(err, f"linkaudit: error: {problem}")
        return ExitCode.USAGE
    say(err, f"linkaudit: merged {len(args.parts)} caches into {args.into}: {merged.sources} sources updated, "
             f"{merged.checks} history rows and {merged.archive} archive answers added")
    return ExitCode.OK


def demo_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    from linkaudit.cli.configure import NOT_SETTINGS
    from linkaudit.demo import run_demo

    given = {k: v for k, v in vars(args).items() if k not in NOT_SETTINGS}
    if "outputs" in given:
        given["outputs"] = tuple(given["outputs"])
    report, settings = run_demo(given, out, err)
    emit(report, settings.output, out, err)
    return ExitCode.OK  # the demo shows findings on purpose; it succeeded if it ran



