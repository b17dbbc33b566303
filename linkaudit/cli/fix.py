"""``linkaudit fix``: archive links or Robust Links written into pieces for the sources an audit found gone."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from linkaudit.cli.audit import say_saves
from linkaudit.cli.configure import settings_from
from linkaudit.cli.render import nothing_read, policy_of, report_errors, say
from linkaudit.errors import ConfigError
from linkaudit.policy import ExitCode

__all__ = ["fix_command"]

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
    unread = report_errors(err, errors)
    if not pieces:
        return nothing_read(err, errors)
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
    unwritten = report_errors(err, fixing.errors)
    return ExitCode.USAGE if unread or unwritten else ExitCode.OK
