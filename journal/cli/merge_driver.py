"""`journal merge-driver`: the command git runs to merge a ledger file or a document (hidden from help)."""

from __future__ import annotations

import sys

import click

from journal.git_drivers import DRIVER_NAMES
from journal.render import echo


@click.command("merge-driver", hidden=True)
@click.argument("kind", type=click.Choice(sorted(DRIVER_NAMES)))
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("ours", type=click.Path(dir_okay=False, exists=True))
@click.argument("theirs", type=click.Path(dir_okay=False))
@click.argument("path", required=False, default="")
def merge_driver(kind: str, base: str, ours: str, theirs: str, path: str) -> None:
    """Merge one file for git: BASE, OURS and THEIRS are its three versions; the result is written into OURS.

    KIND is ledger (goal by goal: every goal and history entry of both sides) or document (checkbox
    markers resolved by meaning). Exit 0 when the merge is clean; 1 when a conflict is left in OURS
    with git's markers. Git runs it, once a journal's .git/config names it:

    \b
      git config merge.journal-ledger.driver "python -m journal.cli merge-driver ledger %O %A %B %P"
      journal merge-driver document base.md ours.md theirs.md entries/2025-q1.md
    """
    from pathlib import Path

    from journal.merge_driver import run_driver

    result = run_driver(kind, Path(base), Path(ours), Path(theirs), path)
    for line in result.messages:
        echo(line, err=True)
    sys.exit(result.exit_code)
