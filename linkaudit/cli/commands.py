"""``linkaudit archive``, ``report``, ``fix``, ``cache`` and ``demo``: parse, call the library, render."""

from __future__ import annotations

import argparse
from pathlib import Path

import trio
from rich.console import Console

from linkaudit.cli.audit import say_saves
from linkaudit.cli.configure import settings_from
from linkaudit.cli.render import emit, policy_of, report_errors, say
from linkaudit.errors import ConfigError
from linkaudit.pipeline import Audit, open_cache, run_audit
from linkaudit.policy import ExitCode

__all__ = ["archive_command", "cache_command", "demo_command", "fix_command", "report_command"]


def archive_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    run = Audit(settings_from(args).replace(save_live=True))
    cache = open_cache(run.settings)

    async def read_and_save() -> bool:
        await run.read(args.sources)
        report_errors(err, run.input_errors)
        if not run.extractions:
            return False
        await run_audit(run, cache=cache, find_captures=False)
        return True

    try:
        if not trio.run(read_and_save):
            return ExitCode.USAGE
    finally:
        if cache is not None:
            cache.close()
    for outcome in run.saves:
        say(out, f"{outcome.action:15} {outcome.url}  {outcome.detail}".rstrip())
    failed = sum(1 for o in run.saves if o.action == "failed")
    return ExitCode.FINDINGS if failed else ExitCode.OK


def report_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    from linkaudit.report import load_report
    from linkaudit.shards import merge_reports

    settings = settings_from(args)
    if len(args.saved) == 1:
        report = load_report(args.saved[0])
    else:  # read one part at a time: a matrix of large parts must not all sit in memory at once
        report = merge_reports((path, load_report(path)) for path in args.saved)
    return emit(report, settings.output, out, err)


_FIX_ONLY = frozenset({"from_report", "style", "output_dir", "keep_href", "update_redirects"})


def fix_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    from linkaudit.fix import FixOptions
    from linkaudit.fix.files import read_pieces
    from linkaudit.fix.run import fix_files, fresh_audit, saved_captures
    from linkaudit.report import load_report, write_report

    settings = settings_from(args, leave_out=_FIX_ONLY)
    if args.from_report and settings.archive.save_live:
        raise ConfigError("--save-live asks the archive, and --from means no network: use one or the other")
    pieces, errors = read_pieces(args.sources, settings.extract)
    report_errors(err, errors)
    if not pieces:
        return ExitCode.USAGE
    paths = {Path(piece.path).resolve() for piece in pieces}
    for output in settings.output.outputs:
        if Path(output).resolve() in paths:
            raise ConfigError(f"--output {output} is one of the pieces being fixed; it would be overwritten")
    if args.from_report:
        report, saved = load_report(args.from_report), {}
    else:
        audit = fresh_audit(pieces, settings)
        say_saves(audit, err)
        report, saved = audit.report(), saved_captures(audit.saves)
    for path in settings.output.outputs:
        write_report(report, path, policy=policy_of(settings.output))
        say(err, f"linkaudit: wrote {path}")
    options = FixOptions(
        style=args.style, keep_href=args.keep_href, update_redirects=args.update_redirects, confirm=settings.output.confirm
    )
    fixing = fix_files(pieces, report, settings.extract, options, saved=saved, output_dir=args.output_dir,
                       dry_run=settings.archive.dry_run)
    out.file.write(fixing.diff)
    for message in fixing.messages:
        say(err, f"linkaudit: {message}")
    report_errors(err, fixing.errors)
    return ExitCode.USAGE if errors or fixing.errors else ExitCode.OK


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



