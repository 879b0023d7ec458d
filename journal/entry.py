"""The ``journal`` console script: a bare ``journal sync`` with nothing to sync answers before click loads.

``journal sync`` runs from editors' save hooks and git hooks, mostly with
nothing to do, and importing click costs about four times starting Python.
So a bare ``journal sync`` first looks on its own (``sync_check``: the
cache and the folders' stats, no lock): when the journal exists with its
journal.toml, its settings carry no warning and nothing needs reading or
writing, it prints what the command prints then, "Nothing changed.", and
exits 0. In every other case (any other arguments, anything to sync, any
error on the way) it has written and printed nothing, and ``journal.cli``
runs the command as always, with its messages and exit codes.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Answer a bare ``journal sync`` that has nothing to do; hand everything else to ``journal.cli``."""
    if sys.argv[1:] == ["sync"] and _nothing_to_sync():
        try:
            sys.stdout.write("Nothing changed.\n")
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (as journal.cli answers it): say nothing more.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        sys.exit(0)
    if sys.argv[1:] == ["sync"]:
        from journal.bare_sync import run

        code = run()  # something to sync: synced without click (None: journal.cli runs it)
        if code is not None:
            sys.exit(code)
    from journal.cli import main as cli_main

    cli_main()


def _nothing_to_sync() -> bool:
    """Whether the journal that ``journal sync`` would open exists and has nothing to sync; False on any doubt."""
    try:
        from journal.sync_check import bare_sync_has_nothing_to_do

        return bare_sync_has_nothing_to_do()
    except Exception:  # noqa: BLE001 - any doubt: the full command runs and reports it
        return False
